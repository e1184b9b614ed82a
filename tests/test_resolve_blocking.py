"""Resolution by blocking gives the merges of comparing every pair: the candidates it
scores are a superset of the pairs the rules join, met in the same order. Checked against
resolution over every pair, on an invented corpus and on ../shared/eval/dev when present."""

from itertools import combinations
from pathlib import Path

import pytest
from communique import resolve as resolution
from communique.bench.corpus import _respelt, world, write_corpus
from communique.extract.article import extract_article
from communique.read import read_corpus

ROOT = Path(__file__).resolve().parents[1]
DEV_ARTICLES = ROOT.parent / "shared" / "eval" / "dev" / "articles"


class _EveryFullName:
    """Stands in for ``_WordIndex``: every fact is a candidate for every one-word name."""

    def __init__(self, names):
        self.count = len(names)

    def holders(self, word):
        return list(range(self.count))


def _every_pair(blocks):
    items = sorted({n for block in blocks for n in block})
    return list(combinations(items, 2))


def _pairwise(facts, monkeypatch):
    """Resolution comparing every pair of facts, as before blocking."""
    with monkeypatch.context() as patch:
        patch.setattr(
            resolution, "_name_candidates", lambda names: _every_pair([range(len(names))])
        )
        patch.setattr(resolution, "_WordIndex", _EveryFullName)
        patch.setattr(resolution, "_pairs_within", _every_pair)
        return resolution.resolve(facts)


def _facts(folder: Path):
    articles, _ = read_corpus(folder)
    return [extract_article(a) for a in articles]


def _assert_same(facts, monkeypatch):
    blocked = resolution.resolve(facts)
    pairwise = _pairwise(facts, monkeypatch)
    assert blocked.people == pairwise.people
    assert blocked.organisations == pairwise.organisations
    assert blocked.meetings == pairwise.meetings
    assert [str(d) for d in blocked.decisions] == [str(d) for d in pairwise.decisions]
    assert blocked.conflicts == pairwise.conflicts


def test_blocking_gives_the_merges_of_every_pair_on_an_invented_corpus(tmp_path, monkeypatch):
    write_corpus(tmp_path / "articles", 40, seed=3)
    facts = _facts(tmp_path / "articles")
    assert sum(len(f.people) for f in facts) > 100, "enough people to merge"
    _assert_same(facts, monkeypatch)


def test_blocking_gives_the_merges_of_every_pair_on_the_seeds(monkeypatch):
    _assert_same(_facts(ROOT / "articles"), monkeypatch)


def test_blocking_gives_the_merges_of_every_pair_on_dev(monkeypatch):
    if not DEV_ARTICLES.is_dir():
        pytest.skip(f"{DEV_ARTICLES} is absent: the dev corpus lives beside the project")
    _assert_same(_facts(DEV_ARTICLES), monkeypatch)


def test_name_candidates_hold_every_pair_the_rules_could_join():
    names = [
        "Maythong Thammavongsa",
        "Maithong Thammavongsa",
        "Nijat Mammadov",
        "Nijat Mamedov",
        "Elnur Mammadov",
        "MAYTHONG THAMMAVONGSA",
        "Thammavongsa",
        "Sengphet Vongkham",
        "Sengphet Vonkham",
    ]
    candidates = set(resolution._name_candidates(names))
    for i, j in combinations(range(len(names)), 2):
        a, b = resolution.fold(names[i]), resolution.fold(names[j])
        if a == b or resolution.names_sound_alike(a, b):
            assert (i, j) in candidates, (names[i], names[j])
    assert (2, 4) not in candidates, "different given names are not even scored"


def test_a_one_word_name_finds_the_full_names_with_a_word_like_it():
    index = resolution._WordIndex(["Thongsavanh Phomvihane", "Fomvihon", "Elnur Mammadov"])
    assert index.holders("Fomvihon") == [0]
    assert index.holders("Mamedov") == [2]


def test_name_candidates_hold_every_pair_the_rules_could_join_among_invented_names():
    people = sorted({t.person for terms in world(5).terms.values() for t in terms}, key=str)[:200]
    names = [p.name for p in people] + [f"{p.given} {_respelt(p.family)}" for p in people[::3]]
    candidates = set(resolution._name_candidates(names))
    joined = [
        (i, j)
        for i, j in combinations(range(len(names)), 2)
        if resolution.names_sound_alike(resolution.fold(names[i]), resolution.fold(names[j]))
    ]
    assert len(joined) > 50, "enough names that sound alike"
    assert set(joined) <= candidates
