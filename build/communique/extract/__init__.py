"""Stage 2: find what one article says, each fact anchored to a span of its text.

``article.extract_article`` is the entry point (one ``Article`` in, one ``ArticleFacts``
out). It uses, in order: ``text`` (sentences), ``segments`` (word labels),
``organisations``, ``people``, ``dates`` and ``meetings``; ``lexicon`` indexes the rules
of ``communique.rules`` (the YAML files in ``communique/rules/``) for them.
"""
