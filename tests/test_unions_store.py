"""The name rules' unions, kept between builds (``resolve.NameUnions``, ``unions_store``):
a build that starts from the last build's unions and tries only the pairs of its new
articles' facts resolves exactly as one that tries every pair; anything else (an article
changed or gone, a curator keeping people apart, a damaged entry) tries every pair."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from communique import resolve, unions_store
from communique.bench.corpus import write_corpus
from communique.cache import FILE, Cache
from communique.extract.facts import ArticleFacts, MeetingFact, PersonFact, RoleFact, Span
from communique.pipeline import build
from communique.resolve import NameUnions

#: invented names: spellings that sound alike, one-word names, names of one word in common
_NAMES = [
    "Thongsavanh Phomvihane",
    "Tongsavan Phomvihan",
    "Thongsavanh Phomvihan",
    "Elnur Mammadov",
    "Elnur Mamedov",
    "Nijat Mammadov",
    "Kamran Huseynli",
    "Kamran Huseinli",
    "Fomvihon",
    "Mamedov",
    "Huseynli",
]


def _article(rng: random.Random, n: int) -> ArticleFacts:
    people = []
    for key in range(rng.randrange(1, 5)):
        name = rng.choice(_NAMES)
        roles = [RoleFact(rng.choice(["Minister", "Envoy", "Ambassador"]), None)]
        people.append(
            PersonFact(
                key,
                name,
                rng.choice([None, "AZE", "LAO", "LAO"]),
                roles[: rng.randrange(2)],
                [Span(20 * key, 20 * key + len(name), name)],
            )
        )
    meetings = []
    if len(people) > 1 and rng.random() < 0.6:
        who = tuple(sorted(rng.sample(range(len(people)), 2)))
        meetings.append(
            MeetingFact(0, "talks", dt.date(2024, 1, 1 + n % 28), None, who, Span(0, 5, "talks"))
        )
    return ArticleFacts(f"a{n:03d}", dt.date(2024, 1, 1 + n % 28), people, [], meetings)


class _Memory:
    """A ``remembered_unions`` of a test: the articles' identities, the unions it was given
    and those kept; and whether ``_pairs_since`` gave pairs."""

    def __init__(self, identities: dict[str, str], before: NameUnions | None) -> None:
        self.identities, self.before, self.kept = identities, before, None

    def __call__(self):
        return self.identities, self.before, self._keep

    def _keep(self, unions: NameUnions) -> None:
        self.kept = unions


@contextmanager
def _spying() -> Iterator[list]:
    """What ``_pairs_since`` gives each time it is asked in the block (None: every pair)."""
    spied: list = []
    real = resolve._pairs_since

    def noted(*args):
        spied.append(real(*args))
        return spied[-1]

    resolve._pairs_since = noted
    try:
        yield spied
    finally:
        resolve._pairs_since = real


def _resolved(monkeypatch, facts, memory=None, links=()):
    with monkeypatch.context() as patch:
        if memory is not None:
            patch.setattr(resolve, "remembered_unions", memory)
        return resolve.resolve(facts, links)


def _same(a: resolve.Resolution, b: resolve.Resolution) -> None:
    assert a.people == b.people
    assert a.organisations == b.organisations
    assert a.meetings == b.meetings
    assert a.decisions == b.decisions  # each with its text, sides and score, in order
    assert a.conflicts == b.conflicts


def test_the_unions_since_a_build_are_those_of_trying_every_pair(monkeypatch):
    """Articles added anywhere in the corpus's order (first, between, last), sharing names,
    sound-alike spellings and one-word names with the old ones: the same resolution,
    decision for decision, as trying every pair; and the unions kept are the same too."""
    rng = random.Random(17)
    used = 0
    for trial in range(200):
        every = [_article(rng, n) for n in range(rng.randrange(2, 30))]
        old = [f for f in every if rng.random() < 0.8] or every[:1]
        identities = {f.article_id: f"facts of {f.article_id}" for f in every}
        first = _Memory({a: identities[a] for a in (f.article_id for f in old)}, None)
        _resolved(monkeypatch, old, first)
        assert first.kept is not None
        since = _Memory(identities, first.kept)
        with _spying() as spied:
            remembered = _resolved(monkeypatch, every, since)
        assert spied and spied[0] is not None, trial  # the unions were started from
        used += len(every) > len(old)
        every_pair = _Memory(identities, None)
        _same(remembered, _resolved(monkeypatch, every, every_pair))
        assert since.kept == every_pair.kept
    assert used > 100


def test_an_article_changed_or_gone_has_every_pair_tried(monkeypatch):
    rng = random.Random(3)
    for _ in range(60):
        every = [_article(rng, n) for n in range(rng.randrange(3, 20))]
        identities = {f.article_id: "v1" for f in every}
        first = _Memory(identities, None)
        _resolved(monkeypatch, every, first)
        gone = rng.randrange(len(every))
        changed = dict(identities, **{every[gone].article_id: "v2"})
        rest = every[:gone] + every[gone + 1 :]
        for facts, known in ((every, changed), (rest, {a: "v1" for a in identities})):
            with _spying() as spied:
                remembered = _resolved(monkeypatch, facts, _Memory(known, first.kept))
            assert spied == [None]
            _same(remembered, _resolved(monkeypatch, facts))


def test_a_curator_keeping_people_apart_has_every_pair_tried(monkeypatch):
    rng = random.Random(9)
    every = [_article(rng, n) for n in range(12)]
    anchors = [
        resolve.Anchor(f.article_id, p.spans[0].start, p.spans[0].end)
        for f in every
        for p in f.people
    ]
    links = [resolve.Link("people", False, anchors[0], anchors[1], "j1")]
    asked = []
    memory = _Memory({f.article_id: "v1" for f in every}, None)
    kept = _resolved(monkeypatch, every, lambda: asked.append(1) or memory(), links)
    assert asked == [] and memory.kept is None
    _same(kept, _resolved(monkeypatch, every, links=links))


def test_unions_round_trip_and_a_damaged_entry_is_ignored():
    unions = NameUnions({"a": "k1", "b": "k2"}, [(("a", 0), ("b", 2)), (("b", 1), ("a", 3))])
    assert unions_store.decoded(unions_store.encoded(unions)) == unions
    for text in (
        "not json",
        "[]",
        '{"articles": {}, "unions": [["a", 0, "b"]]}',
        '{"articles": {"a": 1}, "unions": []}',
        '{"articles": {"a": "k"}, "unions": [["a", "0", "b", 1]]}',
        '{"unions": []}',
    ):
        assert unions_store.decoded(text) is None, text


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_build_after_articles_are_added_starts_from_the_last_builds_unions(tmp_path, monkeypatch):
    """Invented articles built with a cache, then two more added (one first in the
    corpus's order, one last): the build starts from the unions kept and publishes what a
    build without a cache publishes; a damaged entry changes nothing but the time."""
    articles = tmp_path / "articles"
    write_corpus(articles, 8, seed=21)
    cache = tmp_path / "cache"
    build(articles, tmp_path / "package", cache=Cache(cache))
    with sqlite3.connect(cache / FILE) as db:
        assert db.execute("SELECT count(*) FROM unions").fetchone() == (1,)
    for path in write_corpus(tmp_path / "more", 10, seed=21)[8:]:
        shutil.copy(path, articles / path.name)
    (articles / "g0000009.txt").rename(articles / "a0000009.txt")  # first in the order
    for damaged in (False, True):
        if damaged:
            with sqlite3.connect(cache / FILE) as db:
                db.execute("UPDATE unions SET value = 'not json'")
        out = tmp_path / f"grown-{damaged}"
        shutil.copytree(tmp_path / "package", out)
        with _spying() as spied:
            build(articles, out, cache=Cache(cache))
        assert (spied[0] is None) == damaged
        expected = tmp_path / f"expected-{damaged}"
        shutil.copytree(tmp_path / "package", expected)
        build(articles, expected)
        assert _files(out) == _files(expected)


def test_another_process_tries_every_pair_and_leaves_the_cache_alone(tmp_path, monkeypatch):
    """A process forked inside the block (its pid another) must not use the database
    connection it inherited: it remembers nothing, as a build without a cache."""
    cache = Cache(tmp_path / "cache")
    with unions_store.kept_in(cache):
        assert resolve.remembered_unions() is not None  # this process: the cache's
        pid = os.getpid()
        monkeypatch.setattr(os, "getpid", lambda: pid + 1)
        monkeypatch.setattr(unions_store, "_remembered", lambda *_: pytest.fail("cache used"))
        assert resolve.remembered_unions() is None
    assert resolve.remembered_unions is resolve._nothing_remembered
