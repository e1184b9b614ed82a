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
Every merge is recorded with its reason in ``Resolution.decisions``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from communique.extract.article import sound
from communique.extract.facts import ArticleFacts, OrgFact, Span
from communique.extract.lexicon import fold, lexicon

NAME_WORD_SIMILARITY = 75  # rapidfuzz ratio of phonetic keys, per word
NAME_SIMILARITY = 85  # over the whole name


@dataclass
class Person:
    name: str
    country: str | None
    roles: dict[tuple[str, str | None], list[dt.date]] = field(default_factory=dict)
    spans: list[tuple[str, Span]] = field(default_factory=list)  # (article_id, span)


@dataclass
class Organisation:
    name: str
    kind: str
    country: str | None
    abbreviation: str | None
    parent: str | None
    spans: list[tuple[str, Span]] = field(default_factory=list)


@dataclass
class Meeting:
    kind: str
    start_date: dt.date
    end_date: dt.date | None
    participants: list[int]  # indexes into Resolution.people
    roles: dict[int, tuple[str, str | None]]
    spans: list[tuple[str, Span]]
    name: str | None = None
    location: str | None = None
    country: str | None = None
    parent: int | None = None  # index into Resolution.meetings


@dataclass
class Resolution:
    people: list[Person]
    organisations: list[Organisation]
    meetings: list[Meeting]
    decisions: list[str]


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

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

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def names_sound_alike(a: str, b: str) -> bool:
    """Two names of the same length whose words sound alike, word by word."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    if any(
        fuzz.ratio(sound(x), sound(y)) < NAME_WORD_SIMILARITY for x, y in zip(wa, wb, strict=True)
    ):
        return False
    return fuzz.ratio(sound(a), sound(b)) >= NAME_SIMILARITY


def _compatible(c1: str | None, c2: str | None) -> bool:
    return c1 is None or c2 is None or c1 == c2


def resolve(all_facts: list[ArticleFacts]) -> Resolution:
    """Merge the facts of every article into people, organisations and meetings."""
    decisions: list[str] = []
    # ---- people
    flat = [(facts, person) for facts in all_facts for person in facts.people]
    uf = _UnionFind(len(flat))
    titles = [{r.title for r in p.roles} | {r.title for r in p.pending_roles} for _, p in flat]
    co_met: list[set[str]] = []
    for facts, person in flat:
        others = set()
        for meeting in facts.meetings:
            if person.key in meeting.participants:
                others |= {
                    sound(w)
                    for k in meeting.participants
                    if k != person.key
                    for w in facts.people[k].name.split()[-1:]
                }
        co_met.append(others)
    for i, (fi, pi) in enumerate(flat):
        for j in range(i + 1, len(flat)):
            fj, pj = flat[j]
            if not _compatible(pi.country, pj.country):
                continue
            a, b = fold(pi.name), fold(pj.name)
            reason = None
            if a == b:
                reason = "same name"
            elif (
                len(a.split()) == len(b.split()) > 1
                and names_sound_alike(a, b)
                and (titles[i] & titles[j] or co_met[i] & co_met[j] or pi.country == pj.country)
            ):
                reason = "names sound alike, same country and post or meeting"
            if reason:
                uf.union(i, j)
                decisions.append(
                    f"person {pi.name!r} ({fi.article_id}) = {pj.name!r} "
                    f"({fj.article_id}): {reason}"
                )
    # one-word names join the single full name that contains a word sounding like them
    for i, (fi, pi) in enumerate(flat):
        if len(pi.name.split()) != 1:
            continue
        candidates = {
            uf.find(j)
            for j, (_, pj) in enumerate(flat)
            if len(pj.name.split()) > 1
            and _compatible(pi.country, pj.country)
            and any(
                fuzz.ratio(sound(pi.name), sound(w)) >= NAME_SIMILARITY - 5 for w in pj.name.split()
            )
            and (titles[i] & titles[j] or not titles[i])
        }
        if len(candidates) == 1:
            target = candidates.pop()
            uf.union(i, target)
            decisions.append(
                f"person {pi.name!r} ({fi.article_id}) = "
                f"{flat[target][1].name!r}: one word sounding like their name"
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
        resolved = Person(name, country)
        for i in members:
            facts, fact = flat[i]
            person_index[(facts.article_id, fact.key)] = len(people)
            resolved.spans += [(facts.article_id, s) for s in fact.spans]
            for role in fact.roles:
                resolved.roles.setdefault((role.title, role.organisation), []).append(
                    published[facts.article_id]
                )
            for pending in fact.pending_roles:
                body = None
                if country:
                    body = f"{pending.body} of {lexicon().short_name(country)}"
                    implied.append(
                        (
                            facts.article_id,
                            OrgFact(body, pending.kind, country, None, None, (pending.span,)),
                        )
                    )
                resolved.roles.setdefault((pending.title, body), []).append(
                    published[facts.article_id]
                )
        # a post without organisation is the same post given with one elsewhere
        for title, org in list(resolved.roles):
            if org is None and any(t == title and o for t, o in resolved.roles):
                dates = resolved.roles.pop((title, org))
                post = next(k for k in resolved.roles if k[0] == title and k[1])
                resolved.roles[post] += dates
        people.append(resolved)
    # ---- organisations
    organisations, canonical_of = _resolve_orgs(all_facts, decisions, implied)
    for resolved in people:
        renamed: dict[tuple[str, str | None], list[dt.date]] = {}
        for (title, org), dates in resolved.roles.items():
            key = (title, canonical_of.get(org, org) if org else None)
            renamed.setdefault(key, []).extend(dates)
        resolved.roles = renamed
    # ---- meetings
    meetings = _resolve_meetings(all_facts, person_index, people, decisions)
    return Resolution(people, organisations, meetings, decisions)


_FUNCTION_WORDS = frozenset({"of", "the", "for", "on", "in", "and"})


def org_key(name: str) -> str:
    """Word-order-free key: ``Commission for External Relations of the X`` and
    ``External Relations Commission of the X`` name the same body."""
    lex = lexicon()
    words = [
        lex.country_of_name(part) or lex.country_of_adjective(part) or part
        for word in re.findall(r"[\w'-]+", fold(name).replace("'s", ""))
        for part in word.split("-")
    ]
    countries = [
        c
        for w in re.split(r"[\s-]+", name)
        if (c := lex.country_of_name(w.strip(",")) or lex.country_of_adjective(w.strip(",")))
    ]
    bag = " ".join(sorted(w for w in words if w not in _FUNCTION_WORDS))
    return f"{bag}|{' '.join(countries)}"  # "Embassy of A in B" is not "Embassy of B in A"


def org_aliases(all_facts: list[ArticleFacts]) -> dict[str, str]:
    """Names implied by a title that stand for a fuller name elsewhere in the corpus:
    ``Ministry of Foreign Affairs of Cambodia`` -> ``Ministry of Foreign Affairs and
    International Cooperation of Cambodia`` when that is the only such ministry."""
    names = sorted({o.name for f in all_facts for o in f.organisations})
    aliases = {}
    for name in names:
        match = re.fullmatch(r"Ministry of Foreign Affairs of (.+)", name)
        if not match:
            continue
        fuller = [
            n
            for n in names
            if n != name
            and n.startswith("Ministry of Foreign Affairs and ")
            and n.endswith(f" of {match.group(1)}")
        ]
        if len(fuller) == 1:
            aliases[name] = fuller[0]
    # a committee seen without the body it belongs to: "Committee on X" is
    # "Committee on X of the Milli Majlis" or "Milli Majlis Committee on X" when that is
    # the only such name
    subordinate = ("Committee", "Commission", "Department", "Group", "Office", "Council")
    for name in names:
        if not any(re.search(rf"\b{word}\b", name) for word in subordinate) or " of the " in name:
            continue
        fuller = [
            n
            for n in names
            if n != name and (n.endswith(f" {name}") or n.startswith(f"{name} of the "))
        ]
        if len(fuller) == 1 and name not in aliases:
            aliases[name] = fuller[0]
    return aliases


def _resolve_orgs(
    all_facts: list[ArticleFacts], decisions: list[str], implied: list[tuple[str, OrgFact]]
) -> tuple[list[Organisation], dict[str, str]]:
    by_key: dict[str, list[tuple[str, OrgFact]]] = {}
    abbreviations: dict[tuple[str, str], str] = {}
    aliases = org_aliases(all_facts)
    for name, target in aliases.items():
        decisions.append(f"organisation {name!r} = {target!r}: the only fuller name")
    found = [(f.article_id, o) for f in all_facts for o in f.organisations] + implied
    for article_id, org in found:
        key = org_key(aliases.get(org.name, org.name))
        if org.abbreviation:
            existing = abbreviations.get((org.abbreviation, org.kind))
            if existing and existing != key and existing in by_key:
                decisions.append(
                    f"organisation {org.name!r} = {existing!r}: same "
                    f"abbreviation {org.abbreviation} and kind"
                )
                key = existing
            else:
                abbreviations[(org.abbreviation, org.kind)] = key
        by_key.setdefault(key, []).append((article_id, org))
    result = []
    canonical_of: dict[str, str] = {}
    for items in by_key.values():
        orgs = [o for _, o in items]
        names = Counter(o.name for o in orgs)
        kinds = Counter(o.kind for o in orgs)
        countries = Counter(o.country for o in orgs if o.country)
        abbreviations_seen = sorted({o.abbreviation for o in orgs if o.abbreviation})
        parents = sorted({o.parent for o in orgs if o.parent})
        merged = Organisation(
            name=sorted(names, key=lambda n: (-names[n], n))[0],
            kind=sorted(kinds, key=lambda k: (-kinds[k], k))[0],
            country=sorted(countries, key=lambda c: (-countries[c], c))[0] if countries else None,
            abbreviation=abbreviations_seen[0] if abbreviations_seen else None,
            parent=parents[0] if parents else None,
        )
        for article_id, o in items:
            merged.spans += [(article_id, s) for s in o.spans]
            canonical_of[o.name] = merged.name
        result.append(merged)
    for name, target in aliases.items():
        canonical_of[name] = canonical_of.get(target, target)
    for merged in result:
        if merged.parent:
            merged.parent = canonical_of.get(merged.parent, merged.parent)
    return result, canonical_of


def _overlaps(a: tuple[dt.date, dt.date | None], b: tuple[dt.date, dt.date | None]) -> bool:
    one = dt.timedelta(days=1)
    return a[0] <= (b[1] or b[0]) + one and b[0] <= (a[1] or a[0]) + one


def _resolve_meetings(all_facts, person_index, people, decisions) -> list[Meeting]:
    flat = []
    for facts in all_facts:
        for meeting in facts.meetings:
            participants = sorted(
                {person_index[(facts.article_id, k)] for k in meeting.participants}
            )
            flat.append((facts, meeting, participants))
    uf = _UnionFind(len(flat))
    for i, (fi, mi, pi) in enumerate(flat):
        for j in range(i + 1, len(flat)):
            fj, mj, pj = flat[j]
            if mi.kind != mj.kind or fi.article_id == fj.article_id:
                continue
            if not _overlaps((mi.start_date, mi.end_date), (mj.start_date, mj.end_date)):
                continue
            shared = set(pi) & set(pj)
            if not shared or len(shared) / len(set(pi) | set(pj)) < 0.5:
                continue
            uf.union(i, j)
            decisions.append(
                f"meeting {mi.kind} {mi.start_date} ({fi.article_id}) = "
                f"({fj.article_id}): same kind, dates and people"
            )
    meetings: list[Meeting] = []
    index_of: dict[tuple[str, int], int] = {}
    for members in uf.groups():
        items = [flat[i] for i in members]
        # the narrowest date range any article gives is the most precise
        start, end = min(
            ((m.start_date, m.end_date) for _, m, _ in items),
            key=lambda d: ((d[1] or d[0]) - d[0], d[0]),
        )
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
        for f, m, _ in items:
            index_of[(f.article_id, m.key)] = len(meetings)
        meetings.append(meeting)
    for f, m, _ in flat:
        if m.parent is not None:
            child, parent = index_of[(f.article_id, m.key)], index_of[(f.article_id, m.parent)]
            if child != parent and meetings[child].parent is None:
                meetings[child].parent = parent
    return meetings
