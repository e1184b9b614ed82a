"""The benchmark anyone can rerun: invented corpora of any size (``corpus``), built cold,
warm and with one article added, each timed against the floor of reading the files
(``measure``, ``run``). ``nox -s bench -- 1000 10000`` runs it."""
