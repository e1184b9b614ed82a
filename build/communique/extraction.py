"""Stage 2 for a whole corpus: the facts of every article, taken from the cache when an
earlier build extracted the same article with the same rules and code, and otherwise
extracted by the engine's workers (and then cached).

Extraction reads one article and nothing else, so it may run anywhere, in any order, and
be remembered: the facts of an article depend only on the article record and on the
extraction fingerprint (its code, rules and libraries), which together make the key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from communique.cache import Cache, facts_key
from communique.engines import IN_PROCESS, Engine, run
from communique.extract.article import extract_article
from communique.extract.facts import ArticleFacts, share_strings
from communique.extract.lexicon import lexicon
from communique.fingerprint import fingerprint
from communique.model import Article

#: The module whose imports, rules and libraries make what extraction depends on.
EXTRACTION = "communique.extract.article"
_WRITE_EVERY = 1000  # cache entries per write: an interrupted build keeps most of its work


def extraction_fingerprint() -> str:
    return fingerprint(EXTRACTION)


def extract_corpus(
    articles: Sequence[Article],
    engine: Engine = IN_PROCESS,
    cache: Cache | None = None,
    done: Callable[[], None] = lambda: None,
    extracted: Mapping[str, ArticleFacts] | None = None,
) -> list[ArticleFacts]:
    """The facts of each article, in the articles' order; ``done`` is called once per
    article as its facts are found. ``extracted`` holds facts already found (and cached)
    by article path: those the reading workers extracted (``reading.corpus_reader``)."""
    extracted = extracted or {}
    found: list[ArticleFacts | None] = [extracted.get(a.path) for a in articles]
    for _ in range(len(articles) - found.count(None)):
        done()
    unknown = [n for n, facts in enumerate(found) if facts is None]
    keys = {n: facts_key(articles[n], extraction_fingerprint()) for n in unknown} if cache else {}
    if cache is not None:
        for n, key in keys.items():  # which facts these are, for resolution (``unions_store``)
            cache.facts_key_of[articles[n].article_id] = key
        cached = cache.facts(keys.values(), extraction_fingerprint())
        for n, key in keys.items():
            if key in cached:
                found[n] = cached[key]  # its strings shared as it was decoded
                done()
    missing = [n for n, facts in enumerate(found) if facts is None]
    fresh: dict[str, ArticleFacts] = {}
    results = run(
        engine,
        extract_article,
        [articles[n] for n in missing],
        warm=lexicon,
        check=extraction_fingerprint,
    )
    for position, facts in results:
        found[missing[position]] = facts = share_strings(facts)
        done()
        if cache is not None:
            fresh[keys[missing[position]]] = facts
            if len(fresh) >= _WRITE_EVERY:
                cache.put_facts(fresh, extraction_fingerprint())
                fresh.clear()
    if cache is not None and fresh:
        cache.put_facts(fresh, extraction_fingerprint())
    complete = [facts for facts in found if facts is not None]
    assert len(complete) == len(articles), "the engine lost articles"
    return complete
