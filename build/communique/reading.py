"""Stage 1 for a whole corpus: each article file's reading, taken from the cache when an
earlier build read the same bytes at the same path with the same reader, and otherwise
read by the engine's workers (and then cached).

The reader reads one file and nothing else: what it gives depends only on the file's
bytes, its path in the corpus (the article's id and every problem name it) and the
reader's fingerprint (its code, rules and libraries), which together make the key.
"""

from __future__ import annotations

from pathlib import Path

from communique import rules
from communique.cache import Cache, reading_key
from communique.engines import IN_PROCESS, Engine, run
from communique.extract.lexicon import lexicon
from communique.fingerprint import fingerprint
from communique.model import Problem
from communique.read import Reader, Reading, file_bytes, read_bytes

#: The module whose imports, rules and libraries make what the reader depends on.
READER = "communique.read"


def reader_fingerprint() -> str:
    return fingerprint(READER)


def corpus_reader(engine: Engine = IN_PROCESS, cache: Cache | None = None) -> Reader:
    """A ``Reader`` for ``read.read_corpus`` that looks every file up in ``cache`` (when
    given) and reads the others on ``engine``, caching what it read."""

    def read(files: list[tuple[Path, str]]) -> list[Reading]:
        loaded = [(rel, file_bytes(path, rel)) for path, rel in files]
        keys = [
            reading_key(raw, rel, reader_fingerprint()) if cache and type(raw) is bytes else ""
            for rel, raw in loaded
        ]
        cached = cache.readings(key for key in keys if key) if cache else {}
        readings: list[Reading | None] = [
            Reading(None, [raw]) if isinstance(raw, Problem) else cached.get(key)
            for (_rel, raw), key in zip(loaded, keys, strict=True)
        ]
        missing = [n for n, reading in enumerate(readings) if reading is None]
        fresh: dict[str, Reading] = {}
        unread = [loaded[n] for n in missing]
        for position, reading in run(engine, _read, unread, warm=_warm, check=reader_fingerprint):
            readings[missing[position]] = reading
            if cache is not None:
                fresh[keys[missing[position]]] = reading
        if cache is not None and fresh:
            cache.put_readings(fresh)
        complete = [reading for reading in readings if reading is not None]
        assert len(complete) == len(files), "the engine lost files"
        return complete

    return read


def _read(file: tuple[str, bytes | Problem]) -> Reading:
    """One file's bytes read (never a refusal: those are not sent to the engine)."""
    rel, raw = file
    assert isinstance(raw, bytes)
    return read_bytes(raw, rel)


def _warm() -> None:
    """What the reader loads for every file: its rules, the outlets and the lexicon."""
    rules.reader()
    rules.language()
    rules.outlets()
    lexicon()
