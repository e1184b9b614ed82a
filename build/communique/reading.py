"""Stage 1 for a whole corpus: each article file's reading, taken from the cache when an
earlier build read the same bytes at the same path with the same reader, and otherwise
read by the engine's workers (and then cached); those workers also extract the articles
they read, so that a cold build sends each file out once (see ``corpus_reader``).

The reader reads one file and nothing else: what it gives depends only on the file's
bytes, its path in the corpus (the article's id and every problem name it) and the
reader's fingerprint (its code, rules and libraries), which together make the key.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import MutableMapping
from functools import partial
from pathlib import Path

from communique import extraction, rules
from communique.cache import Cache, facts_key, reading_key
from communique.engines import IN_PROCESS, Engine, run
from communique.extract.facts import ArticleFacts, share_strings
from communique.extract.lexicon import lexicon
from communique.fingerprint import fingerprint
from communique.model import Problem
from communique.read import Reader, Reading, file_bytes, read_bytes

#: The module whose imports, rules and libraries make what the reader depends on.
READER = "communique.read"
_WRITE_EVERY = 1000  # cache entries per write: an interrupted build keeps most of its work

#: The keys of the facts the cache holds, set in this process before workers are forked
#: from it: a worker does not extract an article whose facts are cached (after a change
#: to the reader only). Workers that do not share it (Dask's) extract what they read.
_cached_facts: frozenset[str] = frozenset()


def reader_fingerprint() -> str:
    return fingerprint(READER)


def corpus_reader(
    engine: Engine = IN_PROCESS,
    cache: Cache | None = None,
    extracted: MutableMapping[str, ArticleFacts] | None = None,
) -> Reader:
    """A ``Reader`` for ``read.read_corpus`` that looks every file up in ``cache`` (when
    given) and reads the others on ``engine``, caching what it read.

    With ``extracted``, the workers also extract each article they read (unless its facts
    are cached), and its facts go there under the article's path (and to the cache):
    ``extraction.extract_corpus`` then finds them, instead of sending the article out
    again to workers started a second time. Workers on this machine read the files
    themselves; a Dask cluster's are sent the bytes."""

    def read(files: list[tuple[str, str]]) -> list[Reading]:
        keys = [_reading_key(path, rel, cache) if cache else "" for path, rel in files]
        cached = cache.readings((k for k in keys if k), reader_fingerprint()) if cache else {}
        readings: list[Reading | None] = [cached.get(key) for key in keys]
        missing = [n for n, reading in enumerate(readings) if reading is None]
        extract = extracted is not None
        global _cached_facts
        _cached_facts = frozenset(
            cache.facts_keys(extraction.extraction_fingerprint())
            if cache and extract and missing
            else ()
        )
        unread = [_source(files[n], engine) for n in missing]
        fresh: dict[str, Reading] = {}
        fresh_facts: dict[str, ArticleFacts] = {}
        work = partial(_read_file, extract=extract)
        check = _fingerprints if extract else reader_fingerprint
        for position, (sha256, reading, facts) in run(
            engine, work, unread, warm=partial(_warm, extract), check=check
        ):
            rel = files[missing[position]][1]
            readings[missing[position]] = reading
            if facts is not None and extracted is not None and reading.article is not None:
                extracted[rel] = facts = share_strings(facts)
                if cache is not None:
                    key = facts_key(reading.article, extraction.extraction_fingerprint())
                    fresh_facts[key] = facts
                    cache.facts_key_of[reading.article.article_id] = key
            if cache is not None and sha256 is not None:
                fresh[reading_key(sha256, rel, reader_fingerprint())] = reading
            if cache is not None and len(fresh) + len(fresh_facts) >= _WRITE_EVERY:
                _put(cache, fresh, fresh_facts)
        if cache is not None:
            _put(cache, fresh, fresh_facts)
        _cached_facts = frozenset()
        if cache is not None:  # taken once: a later read hashes the files it reads again
            cache.file_hashes.clear()
        complete = [reading for reading in readings if reading is not None]
        assert len(complete) == len(files), "the engine lost files"
        return complete

    return read


def _reading_key(path: str, rel: str, cache: Cache) -> str:
    """The key of the file's reading, from the hash ``uptodate`` took of its bytes when it
    has, else from its bytes; "" for a file that is not read (too big, unreadable)."""
    sha256 = cache.file_hashes.pop(os.path.abspath(path), None)
    if sha256 is None:
        raw = file_bytes(Path(path), rel)
        if isinstance(raw, Problem):
            return ""
        sha256 = hashlib.sha256(raw).hexdigest()
    return reading_key(sha256, rel, reader_fingerprint())


def _source(file: tuple[str, str], engine: Engine) -> tuple[str, Path | bytes | Problem]:
    """What a worker reads a file from: its path on this machine, its bytes elsewhere."""
    path, rel = Path(file[0]), file[1]
    return rel, file_bytes(path, rel) if engine.name == "dask" else path


def _put(cache: Cache, readings: dict[str, Reading], facts: dict[str, ArticleFacts]) -> None:
    """Write what was read and extracted, and forget it here."""
    if readings:
        cache.put_readings(readings, reader_fingerprint())
    if facts:
        cache.put_facts(facts, extraction.extraction_fingerprint())
    readings.clear()
    facts.clear()


def _read_file(
    file: tuple[str, Path | bytes | Problem], extract: bool
) -> tuple[str | None, Reading, ArticleFacts | None]:
    """One file's bytes (read from its path, or as sent), their sha256 (None when they
    were not read), their reading and, when asked, the facts of its article unless the
    cache has them."""
    rel, source = file
    raw = file_bytes(source, rel) if isinstance(source, Path) else source
    if isinstance(raw, Problem):
        return None, Reading(None, [raw]), None
    reading = read_bytes(raw, rel)
    article = reading.article
    facts = None
    if extract and article is not None:
        key = facts_key(article, extraction.extraction_fingerprint()) if _cached_facts else ""
        facts = None if key in _cached_facts else extraction.extract_article(article)
    return hashlib.sha256(raw).hexdigest(), reading, facts


def _fingerprints() -> str:
    """What a worker that reads and extracts runs: the reader's and extraction's code."""
    return f"{reader_fingerprint()} {extraction.extraction_fingerprint()}"


def _warm(extract: bool) -> None:
    """What the reader loads for every file: its rules, the outlets and the lexicon (which
    extraction loads too), and the fingerprints the workers' keys are made with."""
    rules.reader()
    rules.language()
    rules.outlets()
    lexicon()
    reader_fingerprint()
    if extract:
        extraction.extraction_fingerprint()
