"""Stage 2: find what one article says, each fact anchored to a span of its text.

``article.extract_article`` is the entry point (one ``Article`` in, one ``ArticleFacts``
out). It uses, in order: ``text`` (sentences), ``segments`` (word labels),
``organisations``, ``people``, ``dates`` and ``meetings``; ``lexicon`` loads the rules
from ``communique/rules/*.yaml``.
"""
