"""What extraction finds in one article: facts anchored to spans of its text.

These records are the interface between extraction (one article at a time) and
resolution (across articles). Offsets index into ``Article.text``.

A build holds the facts of every article at once (hundreds of thousands of records at
100,000 articles), so the records have ``__slots__`` and ``share_strings`` makes the
names, titles, countries and kinds that recur across articles one string each.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field, fields
from sys import intern
from typing import TypeVar

R = TypeVar("R")


def _pickled_by_fields(cls: type[R]) -> type[R]:
    """Pickle records of ``cls`` as their class and field values: a frozen record with
    ``__slots__`` is otherwise pickled through dataclasses' own state functions, which look
    the fields up again for every record and doubled the time the building process takes
    to unpickle the facts its workers send (0.65 -> 1.2 s per 10,000 articles)."""
    values = operator.attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: R) -> tuple[type[R], tuple]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class OrgFact:
    """A named organisation, in canonical form (``Ministry of Foreign Affairs of Laos``)."""

    name: str
    kind: str
    country: str | None
    abbreviation: str | None = None
    parent: str | None = None  # canonical name of the parent organisation
    spans: tuple[Span, ...] = ()


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class RoleFact:
    """A post as the article gives it: title, and the organisation's canonical name."""

    title: str
    organisation: str | None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class PendingRole:
    """A post whose body depends on the person's country, which this article does not give
    (``Deputy Foreign Minister X`` in a story from elsewhere): settled during resolution,
    when other articles may say where X serves."""

    title: str
    body: str  # "Ministry of Foreign Affairs", "Government", "Ministry of Science and Education"
    kind: str
    span: Span


@dataclass
class PersonFact:
    """One person as one article names them, with every span that refers to them.

    No ``__slots__``: extraction lets the posts it found ride on the person until it
    settles the roles (``article._settle_roles``)."""

    key: int  # index within the article
    name: str  # the fullest form in this article, honorifics dropped
    country: str | None = None
    roles: list[RoleFact] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    #: posts whose organisation depends on a country no evidence in this article gives
    pending_roles: list[PendingRole] = field(default_factory=list)
    #: the country of the article's dateline or outlet, used only when no article says more
    fallback_country: str | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class MeetingFact:
    """An encounter the article reports as having happened."""

    key: int
    kind: str
    start_date: dt.date
    end_date: dt.date | None
    participants: tuple[int, ...]  # PersonFact keys
    span: Span
    name: str | None = None
    location: str | None = None
    country: str | None = None
    parent: int | None = None  # key of the visit this meeting was part of


@dataclass(slots=True)
class ArticleFacts:
    article_id: str
    published: dt.date
    people: list[PersonFact] = field(default_factory=list)
    organisations: list[OrgFact] = field(default_factory=list)
    meetings: list[MeetingFact] = field(default_factory=list)


def share_strings(facts: ArticleFacts) -> ArticleFacts:
    """``facts`` with each of its strings replaced by the one equal string the process
    shares (``sys.intern``): facts unpickled from a worker arrive one article at a time,
    each with its own copy of every name, and across a corpus the same few thousand names,
    titles and countries make nearly all of their strings. (The cache decodes its facts
    with their strings shared already: ``records.from_row``.)
    Equal (``==``) to ``facts``; the people and the article record are updated in place,
    the frozen records made anew."""
    for person in facts.people:
        person.name = intern(person.name)
        person.country = _shared(person.country)
        person.fallback_country = _shared(person.fallback_country)
        person.roles = [RoleFact(intern(r.title), _shared(r.organisation)) for r in person.roles]
        person.spans = [_shared_span(span) for span in person.spans]
        person.pending_roles = [
            PendingRole(intern(r.title), intern(r.body), intern(r.kind), _shared_span(r.span))
            for r in person.pending_roles
        ]
    facts.organisations = [
        OrgFact(
            intern(o.name),
            intern(o.kind),
            _shared(o.country),
            _shared(o.abbreviation),
            _shared(o.parent),
            tuple([_shared_span(span) for span in o.spans]),
        )
        for o in facts.organisations
    ]
    facts.meetings = [
        MeetingFact(
            m.key,
            intern(m.kind),
            m.start_date,
            m.end_date,
            m.participants,
            _shared_span(m.span),
            _shared(m.name),
            _shared(m.location),
            _shared(m.country),
            m.parent,
        )
        for m in facts.meetings
    ]
    return facts


def _shared(text: str | None) -> str | None:
    return None if text is None else intern(text)


def _shared_span(span: Span) -> Span:
    return Span(span.start, span.end, intern(span.text))
