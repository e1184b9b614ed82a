"""Stage 4: lay resolved entities out as the seven published tables, with slug ids.

Ids are slugs of canonical names (people, organisations), of person + title + body
(roles) and of date + kind + participants (meetings); ``ids.carry_forward_ids`` later
replaces them by the ids a previous release already published for the same entities.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from communique.curate import Change, Curation
from communique.extract.facts import Span
from communique.judgements import Judgement
from communique.model import Article, Row, Tables
from communique.resolve import Resolution
from communique.slugs import slug, unique


def mention_id(article_id: str, span: Span, kind: str) -> str:
    return f"{article_id}-{span.start:04d}-{span.end:04d}-{kind}"


def article_row(article: Article) -> Row:
    return {
        "article_id": article.article_id,
        "published": article.published,
        "source": article.source,
        "publisher": article.publisher,
        "dateline": article.dateline,
        "language": article.language,
        "title": article.title,
        "word_count": article.word_count,
        "sha256": article.sha256,
        "path": article.path,
    }


_ID_FIELDS = {"person": "person_id", "organisation": "organisation_id", "meeting": "meeting_id"}


class _Mentions:
    """Mention rows, one per (article, span, kind); a span naming two entities of one kind
    gives the second a narrower span inside it (its last words), so every id stays unique."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.rows: dict[str, Row] = {}

    def add_all(self, kind: str, entity_id: str, spans: Iterable[tuple[str, Span]]) -> None:
        """``add`` each of an entity's spans in order, the first ``required``: its row made
        here when the span is free (most often, so without ``add``'s calls; 113,000 rows at
        10,000 articles)."""
        field = _ID_FIELDS[kind]
        rows = self.rows
        required = True
        for article_id, span in spans:
            key = mention_id(article_id, span, kind)
            existing = rows.get(key)
            if existing is None:
                rows[key] = self._row(key, article_id, span, field, entity_id)
            elif required and existing[field] != entity_id:
                self.add(article_id, span, kind, entity_id, required)
            required = False

    def add(self, article_id: str, span: Span, kind: str, entity_id: str, required: bool) -> None:
        field = _ID_FIELDS[kind]
        if self._placed(article_id, span, kind, field, entity_id, required):  # most often
            return
        for candidate in self._narrower(article_id, span):
            if self._placed(article_id, candidate, kind, field, entity_id, required):
                return

    def _placed(
        self, article_id: str, span: Span, kind: str, field: str, entity_id: str, required: bool
    ) -> bool:
        """Whether the mention is settled at ``span``: its row added there, or the row there
        names the entity already, or it is not ``required`` (not an entity's first)."""
        key = mention_id(article_id, span, kind)
        existing = self.rows.get(key)
        if existing is None:
            self.rows[key] = self._row(key, article_id, span, field, entity_id)
            return True
        return existing[field] == entity_id or not required

    @staticmethod
    def _row(key: str, article_id: str, span: Span, field: str, entity_id: str) -> Row:
        return {
            "mention_id": key,
            "article_id": article_id,
            "start": span.start,
            "end": span.end,
            "text": span.text,
            "person_id": None,
            "organisation_id": None,
            "meeting_id": None,
            field: entity_id,
        }

    def _narrower(self, article_id: str, span: Span):
        """The spans inside ``span`` a second entity of a kind is given: its last words,
        then each of its words from the last."""
        text = self.texts[article_id]
        words = [m for m in _words(text, span.start, span.end)]
        for n in range(len(words) - 1, 0, -1):
            start = words[n][0]
            yield Span(start, span.end, text[start : span.end])
        for start, end in reversed(words):
            yield Span(start, end, text[start:end])


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    import re

    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]


@dataclass(frozen=True)
class EntityIds:
    """The provisional id of every resolved entity (``ids.carry_forward_ids`` may replace
    them): people and meetings by index, organisations by canonical name, roles by
    (person index, title, organisation name)."""

    people: list[str]
    organisations: dict[str, str]
    meetings: list[str]
    roles: dict[tuple[int, str, str | None], str]

    def renamed(self, final: dict[str, dict[str, str]]) -> EntityIds:
        """The same entities under the ids the release gives them (``IdReport.final``)."""
        return EntityIds(
            [final["people"][i] for i in self.people],
            {name: final["organisations"][i] for name, i in self.organisations.items()},
            [final["meetings"][i] for i in self.meetings],
            {key: final["roles"][i] for key, i in self.roles.items()},
        )

    def id_of(self, table: str, index: int, resolution: Resolution) -> str:
        """The id of entity ``index`` of ``table`` (people, organisations or meetings)."""
        if table == "organisations":
            return self.organisations[resolution.organisations[index].name]
        return (self.people if table == "people" else self.meetings)[index]


def entity_ids(resolution: Resolution) -> EntityIds:
    """Slugs of names, unique across tables: organisations, people, roles, then meetings."""
    taken: set[str] = set()
    organisations: dict[str, str] = {}
    for org in sorted(resolution.organisations, key=lambda o: o.name):
        organisations[org.name] = unique(slug(org.name), taken)
    people: dict[int, str] = {}
    for i in sorted(range(len(resolution.people)), key=lambda i: resolution.people[i].name):
        people[i] = unique(slug(resolution.people[i].name), taken)
    roles: dict[tuple[int, str, str | None], str] = {}
    for i, person in enumerate(resolution.people):
        for title, org_name in sorted(person.roles, key=lambda k: (k[0], k[1] or "")):
            org_id = organisations.get(org_name) if org_name else None
            roles[(i, title, org_name)] = unique(slug(people[i], title, org_id or ""), taken)
    meetings = []
    name_slugs: dict[int, str] = {}  # person -> slug of their name; someone meets often
    for meeting in resolution.meetings:
        for p in meeting.participants[:3]:
            if p not in name_slugs:
                name_slugs[p] = slug(resolution.people[p].name)
        names = [name_slugs[p] for p in meeting.participants[:3]]
        meetings.append(unique(slug(meeting.start_date.isoformat(), meeting.kind, *names), taken))
    return EntityIds(
        [people[i] for i in range(len(resolution.people))], organisations, meetings, roles
    )


def build_tables(
    articles: list[Article], resolution: Resolution, curation: Curation | None = None
) -> Tables:
    """The seven tables, rows in any order (the writer sorts them by primary key); with a
    ``curation``, also the judgements that hold and the rows each one changed."""
    texts = {a.article_id: a.text for a in articles}
    mentions = _Mentions(texts)
    ids = entity_ids(resolution)
    org_ids = ids.organisations
    organisations = []
    for org in resolution.organisations:
        oid = org_ids[org.name]
        organisations.append(
            {
                "organisation_id": oid,
                "name": org.name,
                "abbreviation": org.abbreviation,
                "kind": org.kind,
                "country": org.country,
                "parent_id": org_ids.get(org.parent)
                if org.parent and org.parent != org.name
                else None,
            }
        )
        mentions.add_all(
            "organisation", oid, sorted(org.spans, key=lambda s: (s[0], s[1].start, s[1].end))
        )
    # people and roles
    person_ids = ids.people
    people, roles = [], []
    for i, person in enumerate(resolution.people):
        pid = person_ids[i]
        people.append({"person_id": pid, "name": person.name, "country": person.country})
        mentions.add_all("person", pid, sorted(person.spans, key=lambda s: (s[0], s[1].start)))
        for (title, org_name), dates in sorted(
            person.roles.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")
        ):
            roles.append(
                {
                    "role_id": ids.roles[(i, title, org_name)],
                    "person_id": pid,
                    "title": title,
                    "organisation_id": org_ids.get(org_name) if org_name else None,
                    "first_seen": min(dates),
                    "last_seen": max(dates),
                }
            )
    # meetings
    meeting_ids = ids.meetings
    meetings, participants = [], []
    timelines: dict[int, _Timeline] = {}  # person -> their roles' dates
    for index, meeting in enumerate(resolution.meetings):
        mid = meeting_ids[index]
        meetings.append(
            {
                "meeting_id": mid,
                "kind": meeting.kind,
                "name": meeting.name,
                "start_date": meeting.start_date,
                "end_date": meeting.end_date,
                "location": meeting.location,
                "country": meeting.country,
                "parent_id": meeting_ids[meeting.parent] if meeting.parent is not None else None,
            }
        )
        mentions.add_all("meeting", mid, sorted(meeting.spans, key=lambda s: (s[0], s[1].start)))
        for p in meeting.participants:
            if p not in timelines:
                timelines[p] = _Timeline(resolution.people[p].roles)
            participants.append(
                {
                    "meeting_id": mid,
                    "person_id": person_ids[p],
                    "role_id": _capacity(timelines[p], ids.roles, p, meeting.start_date),
                }
            )
    tables = {
        "articles": [article_row(a) for a in articles],
        "people": people,
        "organisations": organisations,
        "roles": roles,
        "meetings": meetings,
        "meeting_participants": participants,
        "mentions": list(mentions.rows.values()),
    }
    if curation is not None:
        tables["judgements"] = [judgement_row(j) for j in curation.judgements]
        tables["curations"] = curation_rows(curation.changes, ids, mentions.rows)
    return tables


def judgement_row(judgement: Judgement) -> Row:
    return {
        "judgement_id": judgement.id,
        "verb": judgement.verb,
        "resource": judgement.table,
        "statement": judgement.statement(),
        "reason": judgement.reason,
        "curator": judgement.by,
        "judgement_date": judgement.date,
    }


def _mention_of(change: Change, ids: EntityIds, rows: dict[str, Row]) -> str | None:
    """The mention row an added span became: its own id, or a narrower one inside it that
    names the same entity."""
    assert change.mention
    article_id, span, kind = change.mention
    field = f"{kind}_id"
    entity = ids.people[change.person] if kind == "person" else ids.meetings[change.meeting]  # type: ignore[index]
    named = [
        r
        for r in rows.values()
        if r["article_id"] == article_id
        and r[field] == entity
        and span.start <= r["start"]
        and r["end"] <= span.end
    ]
    exact = [r for r in named if (r["start"], r["end"]) == (span.start, span.end)]
    return (exact or named or [{"mention_id": None}])[0]["mention_id"]


def curation_rows(changes: list[Change], ids: EntityIds, mentions: dict[str, Row]) -> list[Row]:
    """One row per (judgement, row it changed), named by the row's key columns."""
    rows: dict[tuple, Row] = {}
    for change in changes:
        judgement = change.judgement
        keys: dict[str, str | None] = dict.fromkeys(
            ("person_id", "organisation_id", "role_id", "meeting_id", "mention_id")
        )
        if change.table in ("people", "meeting_participants"):
            keys["person_id"] = ids.people[change.person]  # type: ignore[index]
        if change.table in ("meetings", "meeting_participants"):
            keys["meeting_id"] = ids.meetings[change.meeting]  # type: ignore[index]
        if change.table == "organisations":
            keys["organisation_id"] = ids.organisations.get(change.organisation or "")
        if change.table == "roles":
            keys["role_id"] = ids.roles.get(change.role)  # type: ignore[arg-type]
        if change.table == "mentions":
            keys["mention_id"] = _mention_of(change, ids, mentions)
        if not any(keys.values()):
            continue
        key = (judgement.id, change.table, *keys.values())
        rows.setdefault(
            key,
            {
                "judgement_id": judgement.id,
                "resource": change.table,
                **keys,
                "action": change.action,
                "field": change.field,
            },
        )
    return list(rows.values())


class _Timeline:
    """A person's roles by the dates they are attested on, sorted: the role held at a
    meeting is found by bisection over the dates, not by scoring each of someone's
    hundreds of roles for each of their thousands of meetings."""

    def __init__(self, roles: dict[tuple[str, str | None], list[dt.date]]) -> None:
        on: dict[dt.date, list[tuple[str, str, int]]] = {}
        for order, ((title, org), dates) in enumerate(roles.items()):
            for day in set(dates):
                on.setdefault(day, []).append((title, org or "", order))
        self.dates = sorted(on)
        self.on = on
        self.posts = list(roles)

    def nearest(self, day: dt.date) -> tuple[str, str | None] | None:
        """The role attested closest to ``day``; of those as close, the first by title and
        organisation (then the order the person's roles are in)."""
        if not self.dates:
            return None
        at = bisect_left(self.dates, day)
        close = self.dates[max(0, at - 1) : at + 1]
        distance = min(abs((d - day).days) for d in close)
        ties = [tie for d in close if abs((d - day).days) == distance for tie in self.on[d]]
        return self.posts[min(ties)[2]]


def _capacity(timeline: _Timeline, role_ids, person: int, day: dt.date) -> str | None:
    """The role a person held at a meeting: the one attested closest to the meeting's date."""
    post = timeline.nearest(day)
    return None if post is None else role_ids[(person, post[0], post[1])]
