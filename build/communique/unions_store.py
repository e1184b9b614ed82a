"""The unions the name rules made among people's facts, kept in the cache between builds.

Resolution tries every candidate pair of people's facts (the same name, or names that
sound alike) in order, and joins the groups of each pair the rules accept: 90,000 pairs at
10,000 articles, in every build, though an added article brings a few dozen. A build that
finds the last build's unions here (``resolve.NameUnions``), every article of that build
still in the corpus with the same facts, tries only those unions and the pairs of the new
articles' facts, and makes the same unions, in the same order (the argument is in
``NameUnions``; a test compares the two over articles added at random). Otherwise
(an article changed or gone, a curator keeping people apart, another version of
resolution) every pair is tried, as without a cache.

An article's facts are known by the cache's key of them (``cache.facts_key``: the article
record and extraction's fingerprint), which reading and extraction note as they find or
make them (``Cache.facts_key_of``). The entry is kept under resolution's fingerprint, and is
JSON, checked as it is read: an entry that cannot be read, or does not hold what it should,
is ignored and replaced; the cache never makes a build fail.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

from communique import resolve
from communique.alikes_store import alikes_fingerprint
from communique.cache import Cache, hooked_in_this_process
from communique.resolve import NameUnions, UnionMemory


@contextlib.contextmanager
def kept_in(cache: Cache) -> Iterator[None]:
    """While in this block, resolution in this process starts from the unions the last
    build kept in ``cache``, and keeps its own there; the facts' keys noted in ``cache``
    are this block's. Only this process: a process forked from it must not use the
    database connection it inherited."""
    cache.facts_key_of.clear()
    try:
        with hooked_in_this_process(resolve, "remembered_unions", lambda: _remembered(cache)):
            yield
    finally:
        cache.facts_key_of.clear()


def _remembered(cache: Cache) -> UnionMemory:
    generation = alikes_fingerprint()  # resolution's
    stored = cache.unions(generation)
    known = decoded(stored) if stored is not None else None

    def keep(unions: NameUnions) -> None:
        if unions != known:
            cache.put_unions(generation, encoded(unions))

    return dict(cache.facts_key_of), known, keep


def encoded(unions: NameUnions) -> str:
    """``unions`` as JSON: the articles' identities, and each union as the article and key
    of each of its two facts."""
    return json.dumps(
        {
            "articles": dict(unions.articles),
            "unions": [[a, i, b, j] for (a, i), (b, j) in unions.unions],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decoded(text: str) -> NameUnions | None:
    """What ``encoded`` wrote, or None for anything else."""
    try:
        data: Any = json.loads(text)
        articles = data["articles"]
        unions = [((a, i), (b, j)) for a, i, b, j in data["unions"]]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if not isinstance(articles, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in articles.items()
    ):
        return None
    if not all(
        isinstance(a, str) and type(i) is int and isinstance(b, str) and type(j) is int
        for (a, i), (b, j) in unions
    ):
        return None
    return NameUnions(articles, unions)
