"""Stage 4: apply the curators' judgements (``curation/``) to the resolved entities.

``prepare`` runs before resolution: it sets aside judgements that name a retired id or
contradict each other, and turns ``same``/``different`` into links, which resolution puts
through its one union-find with the rules' merges. ``curate`` runs after it: it reports
what became of the links, and applies ``set``, ``add`` and ``drop`` to people,
organisations, roles, meetings and participants. ``check_ids`` runs once the ids are final:
every row a judgement names must still be the row its id says.

A judgement that no longer applies — its id retired, its anchor gone, its fact already
right, or contradicted by another — is a ``Problem`` naming its file, line and id; the
pipeline makes these errors in CI and warnings on a local build, and applies only the
judgements that hold. Every row a judgement changed is a ``Change``, which becomes a row of
the ``curations`` table.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from communique.extract.facts import Span
from communique.ids import replaced_ids_from, retired_ids_from
from communique.judgements import Judgement, Ref
from communique.model import Article, Problem, Tables
from communique.resolve import (
    Anchor,
    Evidence,
    Link,
    Meeting,
    Organisation,
    Person,
    Resolution,
    locate,
)


@dataclass(frozen=True)
class History:
    """What the previous release published: the ids in use, the retired ones, and the id
    that replaced each merged one. Empty for a first release: then no id is checked."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    retired: dict[str, set[str]] = field(default_factory=dict)
    replaced: dict[str, dict[str, str]] = field(default_factory=dict)
    named: dict[str, str] = field(default_factory=dict)  # mention_id -> the id it names

    @classmethod
    def of(cls, descriptor: dict[str, Any], tables: Tables) -> History:
        keys = {"people": "person_id", "organisations": "organisation_id", "meetings": "meeting_id"}
        return cls(
            {t: {r[k] for r in tables.get(t, [])} for t, k in keys.items()},
            {t: set(v) for t, v in retired_ids_from(descriptor).items()},
            replaced_ids_from(descriptor),
            {
                m["mention_id"]: m[k]
                for m in tables.get("mentions", [])
                for k in keys.values()
                if m.get(k)
            },
        )

    @property
    def known(self) -> bool:
        return bool(self.ids)

    def replacement(self, table: str, old: str) -> str | None:
        """Where a merged id went, following merges of merges."""
        seen, current = set(), self.replaced.get(table, {}).get(old)
        while current and current in self.replaced.get(table, {}) and current not in seen:
            seen.add(current)
            current = self.replaced[table][current]
        return current


@dataclass(frozen=True)
class Change:
    """A published row a judgement changed, named by the entities it is built from:
    people and meetings by index, organisations by canonical name, roles by (person,
    title, organisation), mentions by (article, span, kind)."""

    judgement: Judgement
    table: str
    action: str  # merged, kept_apart, set, added
    field: str | None = None
    person: int | None = None
    organisation: str | None = None
    meeting: int | None = None
    role: tuple[int, str, str | None] | None = None
    mention: tuple[str, Span, str] | None = None


@dataclass
class Curation:
    """The judgements that hold, what they changed, and what is wrong with the others."""

    judgements: list[Judgement]
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def links(self) -> list[Link]:
        return [
            Link(j.table, j.verb == "same", j.pair[0].at, j.pair[1].at, j.id)
            for j in self.judgements
            if j.pair
        ]


def problem(judgement: Judgement, message: str) -> Problem:
    return Problem(
        judgement.file,
        f"judgement {judgement.id} ({judgement.statement()}): {message}",
        "warning",
        judgement.line or None,
    )


# ---------------------------------------------------------------- before resolution


def _retired(judgement: Judgement, ref: Ref, history: History) -> str | None:
    """Why ``ref`` names a row no longer published, or a mention of another row, unless
    this judgement made it so (a merge, a split, a drop)."""
    if not history.known:
        return None
    pair_ids = {r.id for r in judgement.pair or ()}
    named = history.named.get(ref.mention)
    if (
        ref.id in history.ids.get(ref.table, set())
        and named not in (None, ref.id)
        and not (judgement.verb == "different" and len(pair_ids) == 1)
    ):
        return f"{ref.mention} names {named}, not {ref.id}"
    if ref.id in history.ids.get(ref.table, set()):
        return None
    if ref.id not in history.retired.get(ref.table, set()):
        return f"no {ref.table} row has id {ref.id}"
    to = history.replacement(ref.table, ref.id)
    if judgement.verb == "same" and to in pair_ids:
        return None  # the merge this judgement asked for
    if judgement.verb == "drop" and judgement.target and judgement.target.ref == ref and not to:
        return None  # the row this judgement dropped
    return f"id {ref.id} was retired" + (f" (replaced by {to})" if to else "")


def _refs(judgement: Judgement) -> list[Ref]:
    refs = list(judgement.pair or ()) + (judgement.target.refs() if judgement.target else [])
    refs += list(judgement.participants) + ([judgement.parent] if judgement.parent else [])
    return refs + ([judgement.value] if isinstance(judgement.value, Ref) else [])


def _subject(judgement: Judgement) -> tuple:
    """What a judgement is about, to find two that disagree."""
    if judgement.pair:
        return ("pair", judgement.table, frozenset(r.mention for r in judgement.pair))
    if judgement.target:
        key = (*[r.mention for r in judgement.target.refs()], judgement.target.title)
        return (judgement.verb, judgement.field, judgement.table, key)
    return (judgement.verb, judgement.id)


def prepare(judgements: list[Judgement], history: History) -> Curation:
    """The judgements that still name published rows and agree with each other."""
    problems: list[Problem] = []
    holding: list[Judgement] = []
    for judgement in judgements:
        reasons = [r for ref in _refs(judgement) if (r := _retired(judgement, ref, history))]
        if reasons:
            problems.append(problem(judgement, "; ".join(reasons)))
        else:
            holding.append(judgement)
    by_subject: dict[tuple, list[Judgement]] = {}
    for judgement in holding:
        by_subject.setdefault(_subject(judgement), []).append(judgement)
    dropped = {  # a dropped role or participation leaves its person, body and meeting
        j.target.ref.mention for j in holding if j.verb == "drop" and j.target and j.target.ref
    }
    out = set()
    for group in by_subject.values():
        if len(group) > 1:
            for judgement in group:
                others = ", ".join(j.id for j in group if j is not judgement)
                problems.append(problem(judgement, f"contradicts or repeats {others}"))
                out.add(judgement.id)
    for judgement in holding:
        if judgement.verb != "drop" and any(r.mention in dropped for r in _refs(judgement)):
            problems.append(problem(judgement, "names a row another judgement drops"))
            out.add(judgement.id)
    return Curation([j for j in holding if j.id not in out], problems)


# ---------------------------------------------------------------- after resolution


class _Stale(Exception):
    """The judgement no longer applies; the message says why."""


class _Entities:
    """Finds the entity an anchor names in the resolution being curated."""

    def __init__(self, resolution: Resolution) -> None:
        self.resolution = resolution

    def rows(self, table: str) -> Sequence[Person | Organisation | Meeting]:
        """The resolution's people, organisations or meetings."""
        tables: dict[str, Sequence[Person | Organisation | Meeting]] = {
            "people": self.resolution.people,
            "organisations": self.resolution.organisations,
            "meetings": self.resolution.meetings,
        }
        return tables[table]

    def at(self, table: str, anchor: Anchor) -> list[int]:
        owners = [(i, (a, [s])) for i, row in enumerate(self.rows(table)) for a, s in row.spans]
        hits = locate(anchor, [item for _, item in owners])
        return sorted({owners[hit][0] for hit in hits})

    def index(self, ref: Ref) -> int:
        found = self.at(ref.table, ref.at)
        if len(found) != 1:
            where = "nothing in this build" if not found else "more than one row"
            raise _Stale(f"{ref.mention} (for {ref.id}) names {where}")
        return found[0]

    def org_name(self, ref: Ref | None) -> str | None:
        return self.resolution.organisations[self.index(ref)].name if ref else None

    def change(self, judgement: Judgement, anchor: Anchor, action: str) -> Change | None:
        """A change to the entity at ``anchor``, if exactly one holds it."""
        found = self.at(judgement.table, anchor)
        if len(found) != 1:
            return None
        if judgement.table == "organisations":
            name = self.resolution.organisations[found[0]].name
            return Change(judgement, judgement.table, action, organisation=name)
        if judgement.table == "people":
            return Change(judgement, judgement.table, action, person=found[0])
        return Change(judgement, judgement.table, action, meeting=found[0])


def _links(
    resolution: Resolution, curation: Curation, ents: _Entities
) -> tuple[list[Change], list[Problem], set[str]]:
    """What resolution made of the same/different judgements: the changes, the problems,
    and the ids of the judgements that did not hold."""
    by_id = {j.id: j for j in curation.judgements}
    blocking = {d.judgement for d in resolution.decisions if d.blocked}
    failed: set[str] = set()
    changes: list[Change | None] = []
    problems: list[Problem] = []
    for outcome in resolution.links:
        judgement = by_id[outcome.link.judgement]
        if outcome.status not in ("merged", "kept apart"):
            failed.add(judgement.id)
        if outcome.status == "merged":
            changes.append(ents.change(judgement, outcome.link.left, "merged"))
        elif outcome.status == "kept apart" and judgement.id in blocking:
            for anchor in (outcome.link.left, outcome.link.right):
                changes.append(ents.change(judgement, anchor, "kept_apart"))
        elif outcome.status == "already merged":
            problems.append(problem(judgement, "the rules already merge them"))
        elif outcome.status == "contradicted":
            problems.append(problem(judgement, f"contradicted: {outcome.detail}"))
        elif outcome.status == "unanchored":
            problems.append(problem(judgement, outcome.detail))
    return [c for c in changes if c], problems, failed


def _quote_span(judgement: Judgement, texts: dict[str, str]) -> Evidence:
    quote = judgement.evidence
    assert quote
    text = texts.get(quote.article_id)
    if text is None:
        raise _Stale(f"no article {quote.article_id} in the corpus")
    if text[quote.start : quote.end] != quote.text:
        raise _Stale(
            f"article {quote.article_id} no longer has {quote.text!r} at {quote.start}-{quote.end}"
        )
    return quote.article_id, Span(quote.start, quote.end, quote.text)


def _rename_org(resolution: Resolution, old: str, new: str) -> None:
    """An organisation's new name, everywhere it is referred to by name."""
    for person in resolution.people:
        renamed: dict[tuple[str, str | None], list] = {}
        for (title, org), dates in person.roles.items():
            renamed.setdefault((title, new if org == old else org), []).extend(dates)
        person.roles = renamed
    for body in resolution.organisations:
        if body.name == old:
            body.name = new
        if body.parent == old:
            body.parent = new


def _set(resolution: Resolution, judgement: Judgement, ents: _Entities) -> list[Change]:
    target, name, table, value = judgement.target, judgement.field, judgement.table, judgement.value
    assert target and name
    if table == "roles":
        assert target.person and target.title is not None
        person = ents.index(target.person)
        org = ents.org_name(target.organisation)
        roles = resolution.people[person].roles
        if (target.title, org) not in roles:
            raise _Stale("the person holds no such role in this build")
        if (value, org) in roles:
            raise _Stale(f"the person already holds {value!r} there")
        roles[(value, org)] = roles.pop((target.title, org))
        return [Change(judgement, "roles", "set", "title", role=(person, value, org))]
    assert target.ref
    index = ents.index(target.ref)
    attribute = "parent" if name == "parent_id" else name
    if isinstance(value, Ref):  # a parent, named by its id and mention
        value = ents.index(value) if table == "meetings" else ents.org_name(value)
    row = ents.rows(table)[index]
    if getattr(row, attribute) == value:
        raise _Stale(f"{name} is already {judgement.value!r}")
    if isinstance(row, Organisation) and name == "name":
        if any(o.name == value for o in resolution.organisations):
            raise _Stale(f"another organisation is named {value!r}: use same")
        _rename_org(resolution, row.name, value)
    else:
        setattr(row, attribute, value)
    if isinstance(row, Organisation):
        return [Change(judgement, table, "set", name, organisation=row.name)]
    if table == "people":
        return [Change(judgement, table, "set", name, person=index)]
    return [Change(judgement, table, "set", name, meeting=index)]


def _add(
    resolution: Resolution,
    judgement: Judgement,
    ents: _Entities,
    texts: dict[str, str],
    published: dict[str, Any],
) -> list[Change]:
    article_id, span = _quote_span(judgement, texts)
    day = published[article_id]
    if judgement.table == "meetings":
        values = judgement.meeting
        if values["start_date"] > day:
            raise _Stale(f"it starts after article {article_id} ({day}) reports it")
        people = sorted({ents.index(r) for r in judgement.participants})
        if any(
            (m.kind, m.start_date) == (values["kind"], values["start_date"])
            and set(people) <= set(m.participants)
            for m in resolution.meetings
        ):
            raise _Stale("the rules already find this meeting")
        parent = ents.index(judgement.parent) if judgement.parent else None
        index = len(resolution.meetings)
        resolution.meetings.append(
            Meeting(
                kind=values["kind"],
                start_date=values["start_date"],
                end_date=values["end_date"],
                participants=people,
                roles={},
                spans=[(article_id, span)],
                name=values["name"],
                location=values["location"],
                country=values["country"],
                parent=parent,
            )
        )
        return [
            Change(judgement, "meetings", "added", meeting=index),
            *[
                Change(judgement, "meeting_participants", "added", meeting=index, person=p)
                for p in people
            ],
            Change(
                judgement, "mentions", "added", meeting=index, mention=(article_id, span, "meeting")
            ),
        ]
    target = judgement.target
    assert target and target.person
    person = ents.index(target.person)
    changes = []
    if judgement.table == "roles":
        assert target.title is not None
        org = ents.org_name(target.organisation)
        roles = resolution.people[person].roles
        if (target.title, org) in roles:
            raise _Stale("the rules already find this role")
        roles[(target.title, org)] = [day]
        changes.append(Change(judgement, "roles", "added", role=(person, target.title, org)))
    else:
        assert target.meeting
        index = ents.index(target.meeting)
        meeting = resolution.meetings[index]
        if person in meeting.participants:
            raise _Stale("the rules already count this participant")
        meeting.participants = sorted([*meeting.participants, person])
        changes.append(
            Change(judgement, "meeting_participants", "added", meeting=index, person=person)
        )
    spans = resolution.people[person].spans
    if (article_id, span) not in spans:
        spans.append((article_id, span))
        mention = (article_id, span, "person")
        changes.append(Change(judgement, "mentions", "added", person=person, mention=mention))
    return changes


@dataclass
class _Drops:
    """Rows to remove, by index, with the judgement that removes each."""

    people: dict[int, Judgement] = field(default_factory=dict)
    organisations: dict[int, Judgement] = field(default_factory=dict)
    meetings: dict[int, Judgement] = field(default_factory=dict)


def _drop(resolution: Resolution, judgement: Judgement, ents: _Entities, drops: _Drops) -> None:
    target = judgement.target
    assert target
    if target.ref:
        getattr(drops, judgement.table)[ents.index(target.ref)] = judgement
    elif judgement.table == "roles":
        assert target.person and target.title is not None
        roles = resolution.people[ents.index(target.person)].roles
        key = (target.title, ents.org_name(target.organisation))
        if key not in roles:
            raise _Stale("the person holds no such role in this build")
        del roles[key]
    else:
        assert target.meeting and target.person
        index = ents.index(target.meeting)
        meeting, person = resolution.meetings[index], ents.index(target.person)
        if person not in meeting.participants:
            raise _Stale("the person is not a participant in this build")
        meeting.participants = [p for p in meeting.participants if p != person]
        if not meeting.participants:  # a meeting is its participants: none left, none held
            drops.meetings[index] = judgement


def _without(resolution: Resolution, drops: _Drops, changes: list[Change]) -> list[Change]:
    """Remove the dropped rows and what hangs on them: a dropped person leaves their
    meetings (a meeting left with nobody goes too), a dropped body leaves the roles held in
    it and the bodies under it, a dropped meeting the meetings that were part of it. Returns
    ``changes`` renumbered, with those the removals made."""
    for index, meeting in enumerate(resolution.meetings):
        gone = [p for p in meeting.participants if p in drops.people]
        meeting.participants = [p for p in meeting.participants if p not in drops.people]
        if gone and not meeting.participants and index not in drops.meetings:
            drops.meetings[index] = drops.people[gone[0]]
    names = {resolution.organisations[i].name: j for i, j in drops.organisations.items()}
    made: list[Change] = []
    for index, person in enumerate(resolution.people):
        for (title, org), dates in list(person.roles.items()):
            if org in names:
                del person.roles[(title, org)]
                person.roles.setdefault((title, None), []).extend(dates)
                role = (index, title, None)
                made.append(Change(names[org], "roles", "set", "organisation_id", role=role))
    for body in resolution.organisations:
        if body.parent in names:
            made.append(
                Change(
                    names[body.parent], "organisations", "set", "parent_id", organisation=body.name
                )
            )
            body.parent = None
    for index, meeting in enumerate(resolution.meetings):
        if meeting.parent in drops.meetings and index not in drops.meetings:
            made.append(
                Change(
                    drops.meetings[meeting.parent], "meetings", "set", "parent_id", meeting=index
                )
            )
            meeting.parent = None
    person_at = _kept(len(resolution.people), drops.people)
    org_at = _kept(len(resolution.organisations), drops.organisations)
    meeting_at = _kept(len(resolution.meetings), drops.meetings)
    resolution.people = [p for i, p in enumerate(resolution.people) if i in person_at]
    resolution.organisations = [o for i, o in enumerate(resolution.organisations) if i in org_at]
    resolution.meetings = [m for i, m in enumerate(resolution.meetings) if i in meeting_at]
    for meeting in resolution.meetings:
        meeting.participants = [person_at[p] for p in meeting.participants]
        if meeting.parent is not None:
            meeting.parent = meeting_at[meeting.parent]
    at = {"people": person_at, "organisations": org_at, "meetings": meeting_at}
    resolution.conflicts = [
        replace(c, index=at[c.table][c.index])
        for c in resolution.conflicts
        if c.index in at[c.table]
    ]
    result = []
    for change in [*changes, *made]:
        if change.organisation in names:
            continue
        if change.person is not None and change.person not in person_at:
            continue
        if change.meeting is not None and change.meeting not in meeting_at:
            continue
        if change.role is not None and change.role[0] not in person_at:
            continue
        result.append(
            replace(
                change,
                person=None if change.person is None else person_at[change.person],
                meeting=None if change.meeting is None else meeting_at[change.meeting],
                role=None
                if change.role is None
                else (
                    person_at[change.role[0]],
                    change.role[1],
                    None if change.role[2] in names else change.role[2],
                ),
            )
        )
    return result


def _kept(count: int, dropped: dict[int, Judgement]) -> dict[int, int]:
    """Old index -> new index of the rows that stay."""
    return {old: new for new, old in enumerate(i for i in range(count) if i not in dropped)}


def _order(judgement: Judgement) -> int:
    """Renamed bodies first (others find them by name), then values, additions, removals."""
    if judgement.verb == "set":
        return 0 if (judgement.table, judgement.field) == ("organisations", "name") else 1
    return {"add": 2, "drop": 3}[judgement.verb]


def curate(
    resolution: Resolution, curation: Curation, articles: list[Article]
) -> tuple[Resolution, Curation]:
    """The resolution with every judgement that holds applied, and what each changed."""
    if not curation.judgements:  # nothing to apply: spare the copy (seconds at 10,000 articles)
        return resolution, curation
    resolution = copy.deepcopy(resolution)
    ents = _Entities(resolution)
    changes, problems, failed = _links(resolution, curation, ents)
    texts = {a.article_id: a.text for a in articles}
    published = {a.article_id: a.published for a in articles}
    drops = _Drops()
    for judgement in sorted((j for j in curation.judgements if not j.pair), key=_order):
        try:
            if judgement.verb == "set":
                changes += _set(resolution, judgement, ents)
            elif judgement.verb == "add":
                changes += _add(resolution, judgement, ents, texts, published)
            else:
                _drop(resolution, judgement, ents, drops)
        except _Stale as stale:
            problems.append(problem(judgement, str(stale)))
            failed.add(judgement.id)
    changes = _without(resolution, drops, changes)
    held = [j for j in curation.judgements if j.id not in failed]
    return resolution, Curation(held, [*curation.problems, *problems], changes)


# ---------------------------------------------------------------- once ids are final


def check_ids(
    curation: Curation,
    resolution: Resolution,
    id_of: Callable[[str, int], str],
    history: History,
) -> list[Problem]:
    """Judgements whose mention now names a row published under another id than the one
    the curator named (an edited article, a row the rules now split): reported, since the
    judgement may no longer mean what it said. A merge's or a split's own id changes are
    expected. Nothing to check against on a first release."""
    if not history.known:
        return []
    ents = _Entities(resolution)
    problems = []
    for judgement in curation.judgements:
        pair_ids = {r.id for r in judgement.pair or ()}
        for ref in _refs(judgement):
            found = ents.at(ref.table, ref.at)
            if not found and judgement.verb == "drop":
                continue  # the row it dropped
            if len(found) != 1:
                where = "nothing" if not found else "more than one row"
                problems.append(problem(judgement, f"{ref.mention} (for {ref.id}) names {where}"))
                continue
            now = id_of(ref.table, found[0])
            if now == ref.id or (judgement.verb == "same" and now in pair_ids):
                continue
            if judgement.verb == "different" and len(pair_ids) == 1:
                continue  # a split: one side takes a new id
            problems.append(problem(judgement, f"{ref.mention} now names {now}, not {ref.id}"))
    return problems
