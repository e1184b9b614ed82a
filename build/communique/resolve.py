"""Stage 3: decide which mentions, across articles, are the same person, body or meeting.

Rules, each a judgement that can be explained:
- people: the same folded name is the same person unless their countries differ; names of
  the same length whose words sound alike (``Maythong``/``Maithong``, ``Mammadov``/``Mamedov``)
  are the same person when the countries agree and they share a post or a meeting; a
  one-word name joins the one person whose name has a word that sounds like it, with the
  same country and post (``Fomvihon`` -> ``Thongsavanh Phomvihane``). Different given names
  keep people apart (``Nijat Mammadov`` is not ``Elnur Mammadov``).
- organisations: the same canonical name, or the same abbreviation and kind.
- meetings: the same kind, dates within a day, and participants overlapping by half.

A curator's judgements (``Link``: these two facts are, or are not, the same) go through the
same union-find as the rules: ``different`` pairs are kept apart from the start, so a rule
that would join them is blocked; ``same`` pairs are joined after the rules, so a judgement
the rules have come to agree with shows as such. Every merge, and every blocked one, is a
``Decision`` in ``Resolution.decisions``, with its similarity score where it is fuzzy; values
on which a single article contradicts another are kept as ``Conflict``s, for review.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, product

from rapidfuzz import fuzz, process

from communique.collector import collector_paused
from communique.extract.article import fuller_name, sound
from communique.extract.facts import ArticleFacts, MeetingFact, OrgFact, PersonFact, Span
from communique.extract.lexicon import fold, lexicon
from communique.memos import memo

NAME_WORD_SIMILARITY = 75  # rapidfuzz ratio of phonetic keys, per word
NAME_SIMILARITY = 85  # over the whole name
ONE_WORD_SIMILARITY = NAME_SIMILARITY - 5  # a one-word name against a word of a full name
#: Below the thresholds by this much, names are candidates for the rule's own test: a margin
#: for rapidfuzz's bulk scores (single precision), so blocking never misses a pair.
_MARGIN = 1
_ROWS = 512  # names compared with all others at once: bounds the matrix of scores

Evidence = tuple[str, Span]  # (article_id, span)


@memo(maxsize=1 << 18)
def _sound(word: str) -> str:
    """``sound``, remembered: resolution asks for the sounds of the same names many times."""
    return sound(word)


@dataclass
class Person:
    name: str
    country: str | None
    roles: dict[tuple[str, str | None], list[dt.date]] = field(default_factory=dict)
    spans: list[Evidence] = field(default_factory=list)


@dataclass
class Organisation:
    name: str
    kind: str
    country: str | None
    abbreviation: str | None
    parent: str | None
    spans: list[Evidence] = field(default_factory=list)


@dataclass
class Meeting:
    kind: str
    start_date: dt.date
    end_date: dt.date | None
    participants: list[int]  # indexes into Resolution.people
    roles: dict[int, tuple[str, str | None]]
    spans: list[Evidence]
    name: str | None = None
    location: str | None = None
    country: str | None = None
    parent: int | None = None  # index into Resolution.meetings


@dataclass(frozen=True)
class Anchor:
    """A span of an article, as a published mention gives it: how a judgement finds its fact
    in any build, whatever ids the build would give."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Link:
    """A curator's judgement that the facts at two anchors are (``same``) or are not the same
    person, organisation or meeting."""

    table: str  # people, organisations or meetings
    same: bool
    left: Anchor
    right: Anchor
    judgement: str  # the judgement's id


@dataclass(frozen=True)
class LinkOutcome:
    """What became of a link: ``merged``, ``kept apart``, ``already merged`` (the rules join
    them anyway), ``contradicted`` (by the judgement in ``detail``) or ``unanchored``."""

    link: Link
    status: str
    detail: str = ""


@dataclass(frozen=True)
class Decision:
    """One merge and why, by a rule or by a judgement; ``blocked`` when a ``different``
    judgement kept apart what the rule would have joined."""

    table: str
    text: str
    sides: tuple[Evidence, Evidence] | None = None  # a span of each side, where facts have one
    score: float | None = None  # similarity 0-100, for merges on similar names
    judgement: str | None = None
    blocked: bool = False

    def __str__(self) -> str:
        if self.blocked:
            return f"{self.text} — blocked by judgement {self.judgement}"
        return self.text


@dataclass(frozen=True)
class Conflict:
    """Articles disagree about a value of one merged entity: the majority's ``kept`` value
    won; ``value`` is what a single article (``evidence``) says instead."""

    table: str
    index: int  # into the Resolution's list for ``table``
    field: str
    kept: str
    value: str
    evidence: Evidence


@dataclass
class Resolution:
    people: list[Person]
    organisations: list[Organisation]
    meetings: list[Meeting]
    decisions: list[Decision]
    links: list[LinkOutcome] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


class Merges:
    """Union-find over facts: one structure for the rules' merges and the curators', each
    union recorded with its reason, and pairs a curator keeps apart never joined."""

    def __init__(self, n: int, decisions: list[Decision]) -> None:
        self.parent = list(range(n))
        self.decisions = decisions
        self.apart: list[tuple[int, int, str]] = []  # (fact, fact, judgement)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def groups(self) -> list[list[int]]:
        """The merged sets, each in index order, in order of their first member."""
        found: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            found.setdefault(self.find(i), []).append(i)
        return list(found.values())

    def keep_apart(self, a: int, b: int, judgement: str) -> None:
        self.apart.append((a, b, judgement))

    def blocker(self, a: int, b: int) -> str | None:
        """The judgement that keeps the groups of ``a`` and ``b`` apart, if any."""
        ra, rb = self.find(a), self.find(b)
        for i, j, judgement in self.apart:
            if ra != rb and {self.find(i), self.find(j)} == {ra, rb}:
                return judgement
        return None

    def union(self, a: int, b: int, decision: Decision | None = None, force: bool = False) -> bool:
        """Join the groups of ``a`` and ``b`` unless a judgement keeps them apart (``force``:
        even then, for what is one entity by definition); record why."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        blocker = None if force else self.blocker(a, b)
        if blocker is not None:
            if decision is not None:
                self.decisions.append(
                    Decision(
                        decision.table,
                        decision.text,
                        decision.sides,
                        decision.score,
                        blocker,
                        blocked=True,
                    )
                )
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        if decision is not None:
            self.decisions.append(decision)
        return True


def locate(anchor: Anchor, items: Sequence[tuple[str, Iterable[Span]]]) -> list[int]:
    """The items (article_id, spans) whose spans hold ``anchor``: those with the very span,
    else those with the narrowest span around it (a published mention can be narrower than
    its fact's span when two facts share one)."""
    exact, around = [], []
    for index, (article_id, spans) in enumerate(items):
        if article_id != anchor.article_id:
            continue
        widths = [s.end - s.start for s in spans if s.start <= anchor.start and anchor.end <= s.end]
        if any(s.start == anchor.start and s.end == anchor.end for s in spans):
            exact.append(index)
        elif widths:
            around.append((min(widths), index))
    if exact:
        return exact
    narrowest = min((w for w, _ in around), default=None)
    return [i for w, i in around if w == narrowest]


def _located(
    table: str, links: Sequence[Link], items: Sequence[tuple[str, Iterable[Span]]]
) -> tuple[list[tuple[Link, int, int]], list[LinkOutcome]]:
    """Links of ``table`` whose anchors each name exactly one fact, and outcomes for the rest."""
    found: list[tuple[Link, int, int]] = []
    failed: list[LinkOutcome] = []
    if not any(link.table == table for link in links):
        return found, failed
    items = [(a, list(spans)) for a, spans in items]
    for link in links:
        if link.table != table:
            continue
        sides = [locate(anchor, items) for anchor in (link.left, link.right)]
        problems = [
            f"{anchor.article_id} {anchor.start}-{anchor.end} names "
            + ("nothing" if not side else "more than one fact")
            for anchor, side in zip((link.left, link.right), sides, strict=True)
            if len(side) != 1
        ]
        if problems:
            failed.append(LinkOutcome(link, "unanchored", "; ".join(problems)))
        else:
            found.append((link, sides[0][0], sides[1][0]))
    return found, failed


def _join(merges: Merges, located: list[tuple[Link, int, int]], describe) -> list[LinkOutcome]:
    """Apply curated ``same`` links after the rules, and check ``different`` ones held."""
    outcomes = []
    for link, a, b in located:
        if not link.same:
            continue
        if merges.find(a) == merges.find(b):
            outcomes.append(LinkOutcome(link, "already merged"))
            continue
        text = f"{describe(a)} = {describe(b)}: judgement {link.judgement}"
        decision = Decision(link.table, text, None, None, link.judgement)
        if merges.union(a, b, decision):
            outcomes.append(LinkOutcome(link, "merged"))
        else:
            outcomes.append(LinkOutcome(link, "contradicted", merges.blocker(a, b) or ""))
    for link, a, b in located:
        if link.same:
            continue
        if merges.find(a) == merges.find(b):
            outcomes.append(LinkOutcome(link, "contradicted", "the rules give them one name"))
        else:
            outcomes.append(LinkOutcome(link, "kept apart"))
    return outcomes


def name_similarity(a: str, b: str) -> float:
    """How alike two names sound (0-100): 0 unless they have as many words and each word
    sounds like its counterpart."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return 0.0
    if any(
        fuzz.ratio(_sound(x), _sound(y)) < NAME_WORD_SIMILARITY for x, y in zip(wa, wb, strict=True)
    ):
        return 0.0
    return fuzz.ratio(_sound(a), _sound(b))


@memo(maxsize=1 << 16)
def _name_similarity(a: str, b: str) -> float:
    """``name_similarity``, remembered: a name in many articles meets its sound-alikes in
    each of them."""
    return name_similarity(a, b)


def names_sound_alike(a: str, b: str) -> bool:
    """Two names of the same length whose words sound alike, word by word."""
    return name_similarity(a, b) >= NAME_SIMILARITY


def _same_name_pairs(
    block: Sequence[int], countries: Sequence[str | None]
) -> Iterator[tuple[int, int]]:
    """The pairs of a block of facts with one name (in index order) that can join anything
    when no judgement keeps facts apart. The block's first fact without a country, and the
    first of each country before it, meet every later fact they are compatible with and so
    join them all; a pair of two later facts finds them joined already, through a head that
    came first and is compatible with both. So only the heads pair up: the pairs grow with
    the block times its countries, not with the block squared."""
    heads: list[int] = []
    countries_seen: set[str] = set()
    for n in block:
        country = countries[n]
        if country is None:
            heads.append(n)
            break
        if country not in countries_seen:
            countries_seen.add(country)
            heads.append(n)
    for head in heads:
        for n in block:
            if n > head and _compatible(countries[head], countries[n]):
                yield head, n


def _name_candidates(
    names: Sequence[str], countries: Sequence[str | None] | None = None
) -> Iterator[tuple[int, int]]:
    """The pairs of facts, in order (i < j, each once), whose names could be one person's:
    the same folded name, or as many words (more than one), each sounding close to its
    counterpart, and sounding alike over the whole name (``NAME_SIMILARITY``, the rule's
    own test). A superset of the pairs the rules join, found by blocking: facts grouped by
    folded name, and a full name compared only with the names whose words are each among
    its words' sound-alikes (``_near_words``), so the work grows with the distinct names and
    their few neighbours, not with every pair of names. Given the facts' ``countries`` (only
    when no judgement keeps facts apart), the facts of one name pair up as
    ``_same_name_pairs`` says, else every two of them; and a fact meets only the facts of a
    sound-alike name its country allows (``_compatible``: the rule skips every other pair,
    and sound-alike names of different countries are most of the pairs). The pairs are made
    fact by fact, not gathered and sorted: two spellings of a name in thousands of articles
    each make millions of them."""
    folded = [fold(name) for name in names]
    by_name = _facts_by_name(folded)
    same: dict[int, list[int]] = {}  # fact -> the later facts of its name it pairs with
    for block in by_name.values():
        if countries is None:
            for n, a in enumerate(block):
                same[a] = block[n + 1 :]
        else:
            for a, b in _same_name_pairs(block, countries):
                same.setdefault(a, []).append(b)
    alike = _names_alike(by_name)
    # with countries: the facts of each sound-alike name by their country (None: not given)
    by_country: dict[str, dict[str | None, list[int]]] = {}
    if countries is not None:
        for name in alike:
            split = by_country[name] = {}
            for n in by_name[name]:
                split.setdefault(countries[n], []).append(n)
    for i, name in enumerate(folded):
        later = [same.get(i, [])]
        country = countries[i] if countries is not None else None
        for other in alike.get(name, ()):
            if country is None:
                facts = by_name[other]
                later.append(facts[bisect_right(facts, i) :])
                continue
            for allowed in (by_country[other].get(country), by_country[other].get(None)):
                if allowed:
                    later.append(allowed[bisect_right(allowed, i) :])
        for j in sorted(chain.from_iterable(later)) if len(later) > 1 else later[0]:
            yield i, j


@dataclass
class SoundAlikes:
    """The folded names of more than one word that were compared, each with the sounds of
    its words, and which of them sound alike (``_names_alike``): the names a name sounds
    like, for each name that sounds like any. Whether two names sound alike depends on the
    two names alone, so a build given the ``SoundAlikes`` of an earlier one
    (``alikes_store``) compares only the names that earlier build did not have: when an
    article is added, a handful instead of every name of the corpus."""

    sounds: dict[str, tuple[str, ...]]
    alike: dict[str, set[str]]


def _computed(compare: Callable[[SoundAlikes | None], SoundAlikes]) -> SoundAlikes:
    """Every name compared afresh: what a build does without a cache."""
    return compare(None)


#: How ``_names_alike`` gets its ``SoundAlikes``: ``recall(compare)`` gives
#: ``compare(known)``, ``known`` an earlier build's (or None), and may keep the result for
#: the next build. ``alikes_store.kept_in`` makes it the cache's.
recall: Callable[[Callable[[SoundAlikes | None], SoundAlikes]], SoundAlikes] = _computed


def _facts_by_name(folded: Iterable[str]) -> dict[str, list[int]]:
    """Each folded name and the facts (their indexes, in order) that have it."""
    by_name: dict[str, list[int]] = {}
    for n, name in enumerate(folded):
        by_name.setdefault(name, []).append(n)
    return by_name


def _names_alike(by_name: dict[str, list[int]]) -> dict[str, set[str]]:
    """Each folded name of more than one word and the other names that sound like it, by
    ``name_similarity``: compared only with the names whose words each sound close to its
    words (``_near_words``), and only where no earlier build compared them (``recall``)."""
    names = [name for name in by_name if len(name.split()) > 1]
    return recall(lambda known: sound_alikes(names, known)).alike


def sound_alikes(names: Iterable[str], known: SoundAlikes | None = None) -> SoundAlikes:
    """The ``SoundAlikes`` of ``names`` (folded, of more than one word). The pairs of names
    ``known`` compared are taken from it; a name it compared that is not among ``names``
    is dropped, and each name it did not compare is compared with every name. ``known`` is
    returned itself when it compared exactly ``names``; otherwise its dicts are changed in
    place and returned in a new ``SoundAlikes`` (so a caller sees that they changed)."""
    wanted = set(names)
    if known is None:
        known = SoundAlikes({}, {})
    gone = [name for name in known.sounds if name not in wanted]
    fresh = sorted(wanted.difference(known.sounds))
    if not gone and not fresh:
        return known
    sounds, alike = known.sounds, known.alike
    for name in gone:
        del sounds[name]
        for mate in alike.pop(name, ()):
            mates = alike[mate]
            mates.discard(name)
            if not mates:
                del alike[mate]
    for name in fresh:
        sounds[name] = tuple(_sound(w) for w in name.split())
    by_words: dict[tuple[str, ...], list[str]] = {}
    for name, key in sounds.items():
        by_words.setdefault(key, []).append(name)
    fresh_by_words: dict[tuple[str, ...], list[str]] = {}
    for name in fresh:
        fresh_by_words.setdefault(sounds[name], []).append(name)
    near = _near_words(
        {w for key in fresh_by_words for w in key}, {w for key in by_words for w in key}
    )
    compared = set(fresh)
    for key, group in fresh_by_words.items():
        for other in product(*(near[w] for w in key)):
            for b in by_words.get(other, []):
                both_new = b in compared  # the pair once, from the first of the two
                for a in group:
                    if a == b or (both_new and b < a):
                        continue
                    if _name_similarity(a, b) >= NAME_SIMILARITY:
                        alike.setdefault(a, set()).add(b)
                        alike.setdefault(b, set()).add(a)
    return SoundAlikes(sounds, alike)


def _near_words(asked: Iterable[str], sounds: Iterable[str]) -> dict[str, list[str]]:
    """Each sound ``asked`` about and the ``sounds`` close enough to it for a word of a name
    that sounds alike (itself included), scored in bulk by rapidfuzz, a block of rows at a
    time."""
    rows, columns = sorted(asked), sorted(sounds)
    near: dict[str, set[str]] = {w: {w} for w in rows}  # a word sounds like itself
    for first in range(0, len(rows), _ROWS):
        scores = process.cdist(
            rows[first : first + _ROWS],
            columns,
            scorer=fuzz.ratio,
            score_cutoff=NAME_WORD_SIMILARITY - _MARGIN,
        )
        for row, column in zip(*scores.nonzero(), strict=True):
            near[rows[first + row]].add(columns[column])
    return {w: sorted(close) for w, close in near.items()}


class _WordIndex:
    """The facts whose names have more than one word, by the sound of each word: which
    could a one-word name join, without scoring it against every full name."""

    def __init__(self, names: Sequence[str]) -> None:
        facts: dict[str, list[int]] = {}  # each name once: a name is in many articles
        for n, name in enumerate(names):
            facts.setdefault(name, []).append(n)
        self.by_sound: dict[str, set[int]] = {}
        for name, holding in facts.items():
            words = name.split()
            if len(words) > 1:
                for word in words:
                    self.by_sound.setdefault(_sound(word), set()).update(holding)
        self.sounds = list(self.by_sound)

    def holders(self, word: str) -> list[int]:
        """The facts, in order, with a word sounding about like ``word``."""
        near = process.extract(
            _sound(word),
            self.sounds,
            scorer=fuzz.ratio,
            score_cutoff=ONE_WORD_SIMILARITY - _MARGIN,
            limit=None,
        )
        return sorted({n for key, _, _ in near for n in self.by_sound[key]})


def _compatible(c1: str | None, c2: str | None) -> bool:
    return c1 is None or c2 is None or c1 == c2


def _sides(
    a: tuple[str, Sequence[Span]], b: tuple[str, Sequence[Span]]
) -> tuple[Evidence, Evidence] | None:
    """The first span of each side, when both have one."""
    return ((a[0], a[1][0]), (b[0], b[1][0])) if a[1] and b[1] else None


def _meeting_dates(
    items: list[tuple[ArticleFacts, MeetingFact, list[int]]],
) -> tuple[dt.date, dt.date | None]:
    """The dates of one meeting several articles report: the narrowest range any of them
    gives is the most precise, among the ranges that start no later than the first of them
    was published (an article cannot report a meeting that had not begun: a later article's
    narrower but conflicting range must not make the earlier one report the future)."""
    first_published = min(f.published for f, _, _ in items)
    ranges = [(m.start_date, m.end_date) for _, m, _ in items]
    possible = [r for r in ranges if r[0] <= first_published] or [min(ranges)]
    return min(possible, key=lambda d: ((d[1] or d[0]) - d[0], d[0]))


def _single_article_conflicts(
    table: str, index: int, field_name: str, kept, votes: list[tuple[object, Evidence]]
) -> list[Conflict]:
    """Values other than ``kept`` that exactly one article gives."""
    articles: dict[object, dict[str, Span]] = {}
    for value, (article_id, span) in votes:
        articles.setdefault(value, {}).setdefault(article_id, span)
    return [
        Conflict(table, index, field_name, str(kept), str(value), next(iter(spans.items())))
        for value, spans in articles.items()
        if value != kept and len(spans) == 1
    ]


FactId = tuple[str, int]  # (article_id, the fact's key in its article)


@dataclass(frozen=True)
class NameUnions:
    """The unions the name rules made among people's facts in one build (the candidate
    pairs that joined two groups: each rule's decision), in the order made, each fact
    named by its article and key; and, for each article, the identity of its facts (the
    cache's key of them, ``cache.facts_key``: the article record and extraction's code).

    The next build, whose corpus has each of these articles with the same facts and
    more, need not try every candidate pair again. Trying pairs in order and joining the
    two groups of each pair the rules accept is Kruskal's algorithm, the pairs' order
    their weights: the unions made are the forest of least weight of the accepted pairs.
    Whether the rules accept a pair depends on its two facts alone, so the old pairs are
    accepted still; and a pair that was not a union closed a cycle of earlier pairs,
    which more pairs leave closed, so it is not one now. The forest of the old unions
    and of the pairs a new article's facts are in is therefore the forest of all the
    pairs: the same unions, in the same order, as a build that tries them all
    (``_pairs_since``). A build that tries them all meets only some of a name's pairs
    (``_same_name_pairs``); those it skips it would find joined already, so its unions
    are those of every pair, as ``tests/test_resolve_blocking.py`` checks."""

    articles: Mapping[str, str]  # article_id -> the identity of its facts
    unions: list[tuple[FactId, FactId]]


#: What a build remembers of the name rules' unions: a function that gives None (nothing
#: remembered: every candidate pair is tried), or the identity of each article's facts in
#: this build, the last build's ``NameUnions`` (or None) and the function that keeps this
#: build's. ``unions_store.kept_in`` makes it the cache's.
UnionMemory = tuple[Mapping[str, str], NameUnions | None, Callable[[NameUnions], None]]


def _nothing_remembered() -> UnionMemory | None:
    """Every candidate pair tried: what a build does without a cache."""
    return None


remembered_unions: Callable[[], UnionMemory | None] = _nothing_remembered


def _pairs_since(
    before: NameUnions | None,
    identities: Mapping[str, str],
    all_facts: Sequence[ArticleFacts],
    flat: Sequence[tuple[ArticleFacts, PersonFact]],
    folded: Sequence[str],
) -> list[tuple[int, int]] | None:
    """The pairs of facts (i < j, in order) the name rules are to try, given the unions
    of a build whose articles are all here with the same facts (``NameUnions``): those
    unions, and every pair of one of the new articles' facts with a fact of the same
    folded name or of a name that sounds like it (``_names_alike``). None when
    ``before`` does not fit: an article it had is gone or changed (its facts' identity),
    or a fact of its unions is not here."""
    if before is None:
        return None
    here = {facts.article_id for facts in all_facts}
    if any(
        article not in here or identities.get(article) != identity
        for article, identity in before.articles.items()
    ):
        return None
    index = {(facts.article_id, person.key): n for n, (facts, person) in enumerate(flat)}
    pairs: set[tuple[int, int]] = set()
    for x, y in before.unions:
        i, j = index.get(x), index.get(y)
        if i is None or j is None:
            return None
        pairs.add((i, j) if i < j else (j, i))
    by_name = _facts_by_name(folded)
    alike = _names_alike(by_name)  # as every build asks: the names compared are kept
    for n, (facts, _) in enumerate(flat):
        if facts.article_id in before.articles:
            continue
        for name in (folded[n], *alike.get(folded[n], ())):
            for m in by_name.get(name, ()):
                if m != n:
                    pairs.add((m, n) if m < n else (n, m))
    return sorted(pairs)


def _remember_unions(
    identities: Mapping[str, str],
    keep: Callable[[NameUnions], None],
    all_facts: Sequence[ArticleFacts],
    flat: Sequence[tuple[ArticleFacts, PersonFact]],
    made: Sequence[tuple[int, int]],
) -> None:
    """Keep this build's unions for the next, when each article's facts have an identity."""
    articles: dict[str, str] = {}
    for facts in all_facts:
        identity = identities.get(facts.article_id)
        if identity is None:
            return
        articles[facts.article_id] = identity
    unions = [
        ((flat[i][0].article_id, flat[i][1].key), (flat[j][0].article_id, flat[j][1].key))
        for i, j in made
    ]
    keep(NameUnions(articles, unions))


def resolve(all_facts: list[ArticleFacts], links: Sequence[Link] = ()) -> Resolution:
    """Merge the facts of every article into people, organisations and meetings, with the
    curators' ``links`` joining or keeping apart what the rules alone would not.

    Python's cycle collector is paused meanwhile: resolution makes millions of tuples,
    lists and records and no cycle, and at 100,000 articles the collections they set off,
    each walking every object made so far, cost a quarter of its time (109 and 116 s of
    CPU with it, 79 and 82 s without, two runs each)."""
    with collector_paused():
        return _resolve(all_facts, links)


def _resolve(all_facts: list[ArticleFacts], links: Sequence[Link]) -> Resolution:
    decisions: list[Decision] = []
    outcomes: list[LinkOutcome] = []
    conflicts: list[Conflict] = []
    # ---- people
    flat = [(facts, person) for facts in all_facts for person in facts.people]
    uf = Merges(len(flat), decisions)
    located, failed = _located("people", links, [(f.article_id, p.spans) for f, p in flat])
    outcomes += failed
    for link, i, j in located:
        if not link.same:
            uf.keep_apart(i, j, link.judgement)

    def side(i: int) -> Evidence:
        facts, person = flat[i]
        return facts.article_id, person.spans[0]

    titles = [{r.title for r in p.roles} | {r.title for r in p.pending_roles} for _, p in flat]
    # whom each fact met (the sounds of their last names), found when a pair asks: only
    # facts of sound-alike names with no post in common do (14,200 of 30,700 at 10,000
    # articles)
    co_met: list[set[str] | None] = [None] * len(flat)

    def met(i: int) -> set[str]:
        found = co_met[i]
        if found is None:
            found = co_met[i] = _co_met(*flat[i])
        return found

    fact_names = [p.name for _, p in flat]
    folded = [fold(name) for name in fact_names]
    words = [len(name.split()) for name in folded]
    fact_countries = [p.country for _, p in flat]
    find = uf.find
    memory = None if uf.apart else remembered_unions()
    since = None if memory is None else _pairs_since(memory[1], memory[0], all_facts, flat, folded)
    pairs: Iterable[tuple[int, int]] = (
        since
        if since is not None
        else _name_candidates(fact_names, None if uf.apart else fact_countries)
    )
    made: list[tuple[int, int]] = []  # the unions of the name rules, in order
    for i, j in pairs:
        if find(i) == find(j):
            continue  # one person already: a union would change and record nothing
        if not _compatible(fact_countries[i], fact_countries[j]):
            continue
        a, b = folded[i], folded[j]
        reason, score = None, None
        if a == b:
            reason = "same name"
        elif words[i] == words[j] > 1:
            similarity = _name_similarity(a, b)
            if similarity >= NAME_SIMILARITY and (
                titles[i] & titles[j] or met(i) & met(j) or fact_countries[i] == fact_countries[j]
            ):
                reason = "names sound alike, same country and post or meeting"
                score = similarity
        if reason:
            (fi, pi), (fj, pj) = flat[i], flat[j]
            text = f"person {pi.name!r} ({fi.article_id}) = {pj.name!r} ({fj.article_id}): {reason}"
            uf.union(i, j, Decision("people", text, (side(i), side(j)), score))
            made.append((i, j))
    if memory is not None:
        _remember_unions(memory[0], memory[2], all_facts, flat, made)
    # one-word names join the single full name that contains a word sounding like them
    near_word = _WordIndex(fact_names)
    # the full names a one-word name could join depend only on its name, country and posts:
    # scored once per such (name, country, posts), by the group (any one member) they are in,
    # as a common name is in thousands of articles, and its holders too
    scored: dict[tuple[str, str | None, frozenset[str]], dict[int, float]] = {}
    for i in [n for n, name in enumerate(fact_names) if len(name.split()) == 1]:
        fi, pi = flat[i]
        seen = (pi.name, pi.country, frozenset(titles[i]))
        if seen not in scored:
            by_group: dict[int, float] = {}
            best_of: dict[str, float] = {}  # a full name's score, once: it is in many facts
            for j in near_word.holders(pi.name):
                pj = flat[j][1]
                if (
                    len(pj.name.split()) > 1
                    and _compatible(pi.country, pj.country)
                    and (titles[i] & titles[j] or not titles[i])
                ):
                    best = best_of.get(pj.name)
                    if best is None:
                        best = best_of[pj.name] = max(
                            fuzz.ratio(_sound(pi.name), _sound(w)) for w in pj.name.split()
                        )
                    if best >= ONE_WORD_SIMILARITY:
                        group = uf.find(j)
                        by_group[group] = max(by_group.get(group, 0.0), best)
            scored[seen] = by_group
        scores: dict[int, float] = {}
        for member, best in scored[seen].items():
            root = uf.find(member)  # groups may have joined since they were scored
            scores[root] = max(scores.get(root, 0.0), best)
        if len(scores) == 1:
            ((target, score),) = scores.items()
            text = (
                f"person {pi.name!r} ({fi.article_id}) = "
                f"{flat[target][1].name!r}: one word sounding like their name"
            )
            uf.union(i, target, Decision("people", text, (side(i), side(target)), score))
    outcomes += _join(
        uf, located, lambda i: f"person {flat[i][1].name!r} ({flat[i][0].article_id})"
    )
    people: list[Person] = []
    implied: list[tuple[str, OrgFact]] = []  # bodies implied by posts settled here
    person_index: dict[tuple[str, int], int] = {}
    published = {f.article_id: f.published for f in all_facts}
    for members in uf.groups():
        names = Counter(flat[i][1].name for i in members)
        name = sorted(names, key=lambda n: (-len(n.split()), -names[n], -len(n), n))[0]
        countries = Counter(flat[i][1].country for i in members if flat[i][1].country)
        if not countries:  # no article says: the country the stories were written from
            countries = Counter(
                flat[i][1].fallback_country for i in members if flat[i][1].fallback_country
            )
        country = sorted(countries, key=lambda c: (-countries[c], c))[0] if countries else None
        conflicts += _single_article_conflicts(
            "people",
            len(people),
            "country",
            country,
            [(flat[i][1].country, side(i)) for i in members if flat[i][1].country],
        )
        person = Person(name, country)
        for i in members:
            facts, fact = flat[i]
            person_index[(facts.article_id, fact.key)] = len(people)
            person.spans += [(facts.article_id, s) for s in fact.spans]
            for role in fact.roles:
                person.roles.setdefault((role.title, role.organisation), []).append(
                    published[facts.article_id]
                )
            for pending in fact.pending_roles:
                body = None
                if country:
                    body = lexicon().state_body_name(
                        fuller_name(facts.organisations, pending.body, pending.kind, country)
                        or f"{pending.body} of {lexicon().short_name(country)}",
                        country,
                    )
                    implied.append(
                        (
                            facts.article_id,
                            OrgFact(body, pending.kind, country, None, None, (pending.span,)),
                        )
                    )
                person.roles.setdefault((pending.title, body), []).append(
                    published[facts.article_id]
                )
        # a post without organisation is the same post given with one elsewhere (the first
        # such post: found once per title, as someone in the news has hundreds of posts)
        posts: dict[str, tuple[str, str | None]] = {}
        for post in person.roles:
            if post[1]:
                posts.setdefault(post[0], post)
        for title, org in list(person.roles):
            if org is None and title in posts:
                person.roles[posts[title]] += person.roles.pop((title, org))
        people.append(person)
    # ---- organisations
    organisations, canonical_of = _resolve_orgs(
        all_facts, decisions, implied, links, outcomes, conflicts
    )
    for person in people:
        renamed: dict[tuple[str, str | None], list[dt.date]] = {}
        for (title, org), dates in person.roles.items():
            key = (title, canonical_of.get(org, org) if org else None)
            renamed.setdefault(key, []).extend(dates)
        person.roles = renamed
    # ---- meetings
    meetings = _resolve_meetings(all_facts, person_index, decisions, links, outcomes, conflicts)
    return Resolution(people, organisations, meetings, decisions, outcomes, conflicts)


def _co_met(facts: ArticleFacts, fact: PersonFact) -> set[str]:
    """The sounds of the last names of those ``fact`` met in its article's meetings."""
    others: set[str] = set()
    for meeting in facts.meetings:
        if fact.key in meeting.participants:
            others |= {
                _sound(w)
                for k in meeting.participants
                if k != fact.key
                for w in facts.people[k].name.split()[-1:]
            }
    return others


_FUNCTION_WORDS = frozenset({"of", "the", "for", "on", "in", "and"})


def org_key(name: str) -> str:
    """Word-order-free key: ``Commission for External Relations of the X`` and
    ``External Relations Commission of the X`` name the same body."""
    lex = lexicon()
    if " " in name:  # "UN Security Council" is the "United Nations Security Council"
        name = " ".join(lex.acronyms[w].name if w in lex.acronyms else w for w in name.split(" "))
    folded = fold(name).replace("'s", "")
    if not folded.startswith("central committee"):
        # "X of the Central Committee of the P", "X of the P Central Committee", "X of the P"
        folded = re.sub(r"\bcentral committee\b(?: of(?: the)?)?", " ", folded)
    words = [
        lex.country_of_name(part) or lex.country_of_adjective(part) or part
        for word in re.findall(r"[\w'-]+", folded)
        for part in word.split("-")
    ]
    countries = [
        c
        for w in re.split(r"[\s-]+", name)
        if (c := lex.country_of_name(w.strip(",")) or lex.country_of_adjective(w.strip(",")))
    ]
    bag = " ".join(sorted(w for w in words if w not in _FUNCTION_WORDS))
    return f"{bag}|{' '.join(countries)}"  # "Embassy of A in B" is not "Embassy of B in A"


_SUBORDINATE = re.compile(r"\b(?:Committee|Commission|Department|Group|Office|Council)\b")


def org_aliases(all_facts: list[ArticleFacts], implied: Iterable[str] = ()) -> dict[str, str]:
    """Names implied by a title that stand for a fuller name elsewhere in the corpus:
    ``Ministry of Foreign Affairs of Cambodia`` -> ``Ministry of Foreign Affairs and
    International Cooperation of Cambodia`` when that is the only such ministry. The fuller
    names of a name are looked up by its words (``_fuller_names``), not by comparing every
    name with every other: a corpus of 100,000 articles names tens of thousands of bodies."""
    names = sorted({o.name for f in all_facts for o in f.organisations} | set(implied))
    aliases = {}
    ministries = [n for n in names if n.startswith("Ministry of Foreign Affairs and ")]
    for name in names:
        match = re.fullmatch(r"Ministry of Foreign Affairs of (.+)", name)
        if not match:
            continue
        fuller = [n for n in ministries if n != name and n.endswith(f" of {match.group(1)}")]
        if len(fuller) == 1:
            aliases[name] = fuller[0]
    # a committee seen without the body it belongs to: "Committee on X" is
    # "Committee on X of the Milli Majlis" or "Milli Majlis Committee on X" when that is
    # the only such name
    ending, starting = _fuller_names(names)
    for name in names:
        if not _SUBORDINATE.search(name) or " of the " in name:
            continue
        found = {n for n in ending.get(name, ()) if not n.endswith(f" of the {name}")}
        fuller = sorted(found | set(starting.get(name, ())))
        if len(fuller) == 1 and name not in aliases:
            aliases[name] = fuller[0]
    return aliases


def _fuller_names(names: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each name's trailing words (``Committee on X`` of ``Milli Majlis Committee on X``)
    and what comes before each `` of the `` in it (``Committee on X`` of ``Committee on X
    of the Milli Majlis``), with the names that end or start so: ``n.endswith(" " + name)``
    and ``n.startswith(name + " of the ")`` as lookups."""
    ending: dict[str, list[str]] = {}
    starting: dict[str, list[str]] = {}
    for n in names:
        for at, char in enumerate(n):
            if char == " ":
                ending.setdefault(n[at + 1 :], []).append(n)
        at = n.find(" of the ")
        while at != -1:
            starting.setdefault(n[:at], []).append(n)
            at = n.find(" of the ", at + 1)
    return ending, starting


def _resolve_orgs(
    all_facts: list[ArticleFacts],
    decisions: list[Decision],
    implied: list[tuple[str, OrgFact]],
    links: Sequence[Link],
    outcomes: list[LinkOutcome],
    conflicts: list[Conflict],
) -> tuple[list[Organisation], dict[str, str]]:
    aliases = org_aliases(all_facts, (o.name for _, o in implied))
    for name, target in aliases.items():
        decisions.append(
            Decision("organisations", f"organisation {name!r} = {target!r}: the only fuller name")
        )
    found = [(f.article_id, o) for f in all_facts for o in f.organisations] + implied
    uf = Merges(len(found), decisions)
    located, failed = _located("organisations", links, [(a, o.spans) for a, o in found])
    outcomes += failed
    for link, a, b in located:
        if not link.same:
            uf.keep_apart(a, b, link.judgement)
    first_of_key: dict[str, int] = {}
    abbreviations: dict[tuple[str, str], str] = {}
    keys: dict[str, str] = {}  # name -> org_key: a corpus names the same bodies again and again
    for index, (article_id, org) in enumerate(found):
        name = aliases.get(org.name, org.name)
        if name not in keys:
            keys[name] = org_key(name)
        key = keys[name]
        decision = None
        if org.abbreviation:
            existing = abbreviations.get((org.abbreviation, org.kind))
            if existing and existing != key:
                first = found[first_of_key[existing]]
                decision = Decision(
                    "organisations",
                    f"organisation {org.name!r} = {existing!r}: same "
                    f"abbreviation {org.abbreviation} and kind",
                    _sides((article_id, org.spans), (first[0], first[1].spans)),
                )
                key = existing
            else:
                abbreviations[(org.abbreviation, org.kind)] = key
        if key in first_of_key:  # the same canonical name is one body: never kept apart
            uf.union(first_of_key[key], index, decision, force=decision is None)
        else:
            first_of_key[key] = index
    outcomes += _join(uf, located, lambda i: f"organisation {found[i][1].name!r} ({found[i][0]})")
    result: list[Organisation] = []
    canonical_of: dict[str, str] = {}
    for members in uf.groups():
        items = [found[i] for i in members]
        orgs = [o for _, o in items]
        names = Counter(o.name for o in orgs)
        kinds = Counter(o.kind for o in orgs)
        countries = Counter(o.country for o in orgs if o.country)
        abbreviations_seen = sorted({o.abbreviation for o in orgs if o.abbreviation})
        parents = sorted({o.parent for o in orgs if o.parent})
        body = Organisation(
            name=sorted(names, key=lambda n: (-names[n], n))[0],
            kind=sorted(kinds, key=lambda k: (-kinds[k], k))[0],
            country=sorted(countries, key=lambda c: (-countries[c], c))[0] if countries else None,
            abbreviation=abbreviations_seen[0] if abbreviations_seen else None,
            parent=parents[0] if parents else None,
        )
        for name_of_field, kept in (("kind", body.kind), ("country", body.country)):
            conflicts += _single_article_conflicts(
                "organisations",
                len(result),
                name_of_field,
                kept,
                [
                    (getattr(o, name_of_field), (a, o.spans[0]))
                    for a, o in items
                    if getattr(o, name_of_field) and o.spans
                ],
            )
        for article_id, o in items:
            body.spans += [(article_id, s) for s in o.spans]
            canonical_of[o.name] = body.name
        result.append(body)
    for name, target in aliases.items():
        canonical_of[name] = canonical_of.get(target, target)
    for body in result:
        if body.parent:
            body.parent = canonical_of.get(body.parent, body.parent)
    return result, canonical_of


def _overlaps(a: tuple[dt.date, dt.date | None], b: tuple[dt.date, dt.date | None]) -> bool:
    one = dt.timedelta(days=1)
    return a[0] <= (b[1] or b[0]) + one and b[0] <= (a[1] or a[0]) + one


def _pairs_meeting_on_dates(
    blocks: Iterable[Sequence[int]], ranges: Sequence[tuple[dt.date, dt.date | None]]
) -> list[tuple[int, int]]:
    """The pairs (i < j) of meetings that share a block and whose dates overlap within a
    day, once, in order: each block swept in order of
    start date, so someone's hundreds of meetings are not all compared with each other."""
    one = dt.timedelta(days=1)
    pairs = set()
    for block in blocks:
        by_start = sorted(block, key=lambda n: ranges[n][0])
        for k, a in enumerate(by_start):
            last = (ranges[a][1] or ranges[a][0]) + one
            for b in by_start[k + 1 :]:
                if ranges[b][0] > last:
                    break  # this one and every later one start too late
                if _overlaps(ranges[a], ranges[b]):
                    pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def _meeting_of(
    items: list[tuple[ArticleFacts, MeetingFact, list[int]]], index: int
) -> tuple[Meeting, list[Conflict]]:
    """The meeting that the facts of ``items`` (article, meeting, participants) report, the
    ``index``-th of the resolution, and the values a single article disputes."""
    start, end = _meeting_dates(items)
    participants = sorted({p for _, _, ps in items for p in ps})
    locations = Counter(m.location for _, m, _ in items if m.location)
    countries = Counter(m.country for _, m, _ in items if m.country)
    names = sorted({m.name for _, m, _ in items if m.name})
    meeting = Meeting(
        kind=items[0][1].kind,
        start_date=start,
        end_date=end,
        participants=participants,
        roles={},
        spans=[(f.article_id, m.span) for f, m, _ in items],
        name=names[0] if names else None,
        location=sorted(locations, key=lambda c: (-locations[c], c))[0] if locations else None,
        country=sorted(countries, key=lambda c: (-countries[c], c))[0] if countries else None,
    )
    conflicts: list[Conflict] = []
    for name_of_field, kept in (
        ("start_date", meeting.start_date),
        ("location", meeting.location),
        ("country", meeting.country),
    ):
        conflicts += _single_article_conflicts(
            "meetings",
            index,
            name_of_field,
            kept,
            [
                (getattr(m, name_of_field), (f.article_id, m.span))
                for f, m, _ in items
                if getattr(m, name_of_field)
            ],
        )
    return meeting, conflicts


def _meeting_of_one(facts: ArticleFacts, fact: MeetingFact, participants: list[int]) -> Meeting:
    """``_meeting_of`` one article's meeting, without its general work: the dates
    ``_meeting_dates`` gives one range are that range, each value is the one given, and one
    article disputes nothing. Most meetings are one article's."""
    return Meeting(
        kind=fact.kind,
        start_date=fact.start_date,
        end_date=fact.end_date,
        participants=list(participants),
        roles={},
        spans=[(facts.article_id, fact.span)],
        name=fact.name or None,
        location=fact.location or None,
        country=fact.country or None,
    )


def _resolve_meetings(
    all_facts: list[ArticleFacts],
    person_index: dict[tuple[str, int], int],
    decisions: list[Decision],
    links: Sequence[Link],
    outcomes: list[LinkOutcome],
    conflicts: list[Conflict],
) -> list[Meeting]:
    flat = []
    for facts in all_facts:
        for fact in facts.meetings:
            participants = sorted({person_index[(facts.article_id, k)] for k in fact.participants})
            flat.append((facts, fact, participants))
    uf = Merges(len(flat), decisions)
    located, failed = _located("meetings", links, [(f.article_id, [m.span]) for f, m, _ in flat])
    outcomes += failed
    for link, a, b in located:
        if not link.same:
            uf.keep_apart(a, b, link.judgement)
    together: dict[tuple[int, str], list[int]] = {}  # (person, kind) -> meetings
    for n, (_, held, participants) in enumerate(flat):
        for person in participants:
            together.setdefault((person, held.kind), []).append(n)
    # only meetings of one kind with someone in common can share half their people
    ranges = [(m.start_date, m.end_date) for _, m, _ in flat]
    for i, j in _pairs_meeting_on_dates(together.values(), ranges):
        if uf.find(i) == uf.find(j):
            continue  # one meeting already
        (fi, mi, pi), (fj, mj, pj) = flat[i], flat[j]
        if mi.kind != mj.kind or fi.article_id == fj.article_id:
            continue
        shared = set(pi) & set(pj)
        if not shared or len(shared) / len(set(pi) | set(pj)) < 0.5:
            continue
        text = (
            f"meeting {mi.kind} {mi.start_date} ({fi.article_id}) = "
            f"({fj.article_id}): same kind, dates and people"
        )
        uf.union(
            i,
            j,
            Decision("meetings", text, ((fi.article_id, mi.span), (fj.article_id, mj.span))),
        )
    outcomes += _join(
        uf,
        located,
        lambda i: f"meeting {flat[i][1].kind} {flat[i][1].start_date} ({flat[i][0].article_id})",
    )
    meetings: list[Meeting] = []
    index_of: dict[tuple[str, int], int] = {}
    for members in uf.groups():
        items = [flat[i] for i in members]
        if len(items) == 1:  # most meetings: one article's, which gives every value
            meeting = _meeting_of_one(*items[0])
        else:
            meeting, disputed = _meeting_of(items, len(meetings))
            conflicts += disputed
        for f, m, _ in items:
            index_of[(f.article_id, m.key)] = len(meetings)
        meetings.append(meeting)
    for f, m, _ in flat:
        if m.parent is not None:
            child, parent = index_of[(f.article_id, m.key)], index_of[(f.article_id, m.parent)]
            if child != parent and meetings[child].parent is None:
                meetings[child].parent = parent
    return meetings
