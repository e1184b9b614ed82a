"""Resolution by blocking gives the merges of comparing every pair: the candidates it
scores are a superset of the pairs the rules join, met in the same order. Checked against
resolution over every pair, on an invented corpus and on ../shared/eval/dev when present."""

import datetime as dt
import random
import re
from itertools import combinations
from pathlib import Path

import pytest
from communique import resolve as resolution
from communique.bench.corpus import _respelt, world, write_corpus
from communique.extract.article import extract_article
from communique.extract.facts import ArticleFacts, PersonFact, RoleFact, Span
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
            resolution,
            "_name_candidates",
            lambda names, countries=None: _every_pair([range(len(names))]),
        )
        patch.setattr(resolution, "_WordIndex", _EveryFullName)
        patch.setattr(
            resolution,
            "_pairs_meeting_on_dates",
            lambda blocks, ranges: [
                (i, j) for i, j in _every_pair(blocks) if resolution._overlaps(ranges[i], ranges[j])
            ],
        )
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


def _joins(pairs, countries, size):
    """The unions, in order, that the same-name rule makes over ``pairs`` (sorted with
    unions by other rules, here every pair of ``others``) in a union-find of ``size``."""
    merges = resolution.Merges(size, [])
    made = []
    for i, j, other in pairs:
        if merges.find(i) != merges.find(j) and (
            other or resolution._compatible(countries[i], countries[j])
        ):
            merges.union(i, j)
            made.append((i, j))
    return made


def test_a_block_of_one_name_needs_only_the_pairs_of_its_heads():
    rng = random.Random(7)
    for _ in range(300):
        size = rng.randrange(2, 16)
        countries = [rng.choice([None, "AAA", "BBB", "CCC"]) for _ in range(size)]
        block = sorted(rng.sample(range(size), rng.randrange(1, size + 1)))
        others = {tuple(sorted(rng.sample(range(size), 2))) for _ in range(rng.randrange(4))}
        every = sorted(
            {(i, j, False) for i, j in combinations(block, 2)} | {(*p, True) for p in others}
        )
        heads = sorted(
            {(i, j, False) for i, j in resolution._same_name_pairs(block, countries)}
            | {(*p, True) for p in others}
        )
        assert _joins(heads, countries, size) == _joins(every, countries, size)


def test_meetings_are_paired_only_when_their_dates_overlap_within_a_day():
    day = dt.date(2024, 3, 1)
    ranges = [
        (day, None),
        (day + dt.timedelta(days=1), day + dt.timedelta(days=3)),
        (day + dt.timedelta(days=5), None),
        (day - dt.timedelta(days=10), day + dt.timedelta(days=20)),
        (day + dt.timedelta(days=4), None),
    ]
    blocks = [[0, 1, 2, 3, 4], [2, 4]]
    expected = [
        (i, j) for i, j in _every_pair(blocks) if resolution._overlaps(ranges[i], ranges[j])
    ]
    assert resolution._pairs_meeting_on_dates(blocks, ranges) == expected
    assert (0, 2) not in expected and (1, 4) in expected


def _aliases_comparing_every_name(names):
    """``org_aliases`` as it was written first: every name against every other."""
    aliases = {}
    for name in names:
        match = re.fullmatch(r"Ministry of Foreign Affairs of (.+)", name)
        if match:
            fuller = [
                n
                for n in names
                if n != name
                and n.startswith("Ministry of Foreign Affairs and ")
                and n.endswith(f" of {match.group(1)}")
            ]
            if len(fuller) == 1:
                aliases[name] = fuller[0]
    subordinate = ("Committee", "Commission", "Department", "Group", "Office", "Council")
    for name in names:
        if not any(re.search(rf"\b{word}\b", name) for word in subordinate) or " of the " in name:
            continue
        fuller = [
            n
            for n in names
            if n != name
            and (
                (n.endswith(f" {name}") and not n.endswith(f" of the {name}"))
                or n.startswith(f"{name} of the ")
            )
        ]
        if len(fuller) == 1 and name not in aliases:
            aliases[name] = fuller[0]
    return aliases


def test_org_aliases_by_lookup_are_those_of_comparing_every_name():
    rng = random.Random(11)
    parts = [
        "Committee on Trade",
        "Trade Committee",
        "Council",
        "Office of the Envoy",
        "Grand Assembly",
        "of the Grand Assembly",
        "Upper House",
        "of the Upper House",
        "Ministry of Foreign Affairs",
        "and Cooperation",
        "of Norland",
        "of Sudria",
        "Department",
        "Groupings",
        "National",
    ]
    for _ in range(200):
        names = sorted(
            {" ".join(rng.sample(parts, rng.randrange(1, 4))) for _ in range(rng.randrange(1, 40))}
        )
        assert resolution.org_aliases([], names) == _aliases_comparing_every_name(names)
    fixed = [
        "Committee on Trade",
        "Committee on Trade of the Grand Assembly",
        "Grand Assembly Committee on Trade",
        "Upper House Trade Committee",
        "Trade Committee",
        "Ministry of Foreign Affairs of Norland",
        "Ministry of Foreign Affairs and Cooperation of Norland",
    ]
    found = resolution.org_aliases([], fixed)
    assert found == _aliases_comparing_every_name(sorted(fixed))
    assert found["Trade Committee"] == "Upper House Trade Committee"
    assert "Committee on Trade" not in found, "two fuller names: neither is chosen"
    assert found["Ministry of Foreign Affairs of Norland"].endswith("Cooperation of Norland")


def test_one_word_names_scored_once_per_name_country_and_posts_join_as_scored_per_fact(
    monkeypatch,
):
    """The one-word rule remembers its scores per (name, country, posts); with a fresh key
    for every fact (``frozenset`` swapped for a new object per call) each fact is scored
    anew, as before: the merges and decisions must be the same."""

    rng = random.Random(5)
    names = [
        "Thongsavanh Phomvihane",
        "Tongsavan Phomvihan",
        "Elnur Mammadov",
        "Nijat Mammadov",
        "Fomvihon",
        "Phomvihane",
        "Mamedov",
        "Mammadov",
    ]
    for _ in range(150):
        facts = []
        for n in range(rng.randrange(2, 14)):
            people = []
            for key in range(rng.randrange(1, 4)):
                name = rng.choice(names)
                roles = [RoleFact(rng.choice(["Minister", "Envoy"]), None)] * rng.randrange(2)
                people.append(
                    PersonFact(
                        key,
                        name,
                        rng.choice([None, "AAA", "BBB"]),
                        roles,
                        [Span(10 * key, 10 * key + 5, name)],
                    )
                )
            facts.append(ArticleFacts(f"a{n:02d}", dt.date(2024, 1, 1 + n), people))
        # facts of one key are in one group unless a curator keeps them apart
        anchors = [
            resolution.Anchor(f.article_id, p.spans[0].start, p.spans[0].end)
            for f in facts
            for p in f.people
        ]
        links = [
            resolution.Link("people", False, *rng.sample(anchors, 2), f"j{k}")
            for k in range(rng.randrange(4))
        ]
        remembered = resolution.resolve(facts, links)
        with monkeypatch.context() as patch:
            patch.setattr(resolution, "frozenset", lambda _: object(), raising=False)
            each = resolution.resolve(facts, links)
        assert remembered.people == each.people
        assert [str(d) for d in remembered.decisions] == [str(d) for d in each.decisions]


def test_name_candidates_come_in_order_once_each_as_gathering_and_sorting_gives_them():
    rng = random.Random(13)
    people = sorted({t.person for terms in world(5).terms.values() for t in terms}, key=str)[:60]
    pool = [p.name for p in people] + [f"{p.given} {_respelt(p.family)}" for p in people[::2]]
    for _ in range(40):
        names = [rng.choice(pool) for _ in range(rng.randrange(2, 80))]
        countries = [rng.choice([None, "AAA", "BBB"]) for _ in names]
        for given in (countries, None):
            folded = [resolution.fold(n) for n in names]
            blocks: dict[str, list[int]] = {}
            for n, name in enumerate(folded):
                blocks.setdefault(name, []).append(n)
            same = (
                {p for b in blocks.values() for p in resolution._same_name_pairs(b, given)}
                if given is not None
                else {p for b in blocks.values() for p in combinations(b, 2)}
            )
            alike = {
                (i, j)
                for i, j in combinations(range(len(names)), 2)
                if folded[i] != folded[j]
                and len(folded[i].split()) == len(folded[j].split()) > 1
                and resolution.names_sound_alike(folded[i], folded[j])
                # given the countries, only the pairs they allow: the rule skips the others
                and (given is None or resolution._compatible(given[i], given[j]))
            }
            assert list(resolution._name_candidates(names, given)) == sorted(same | alike)
