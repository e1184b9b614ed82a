"""What extraction finds in one article: facts anchored to spans of its text.

These records are the interface between extraction (one article at a time) and
resolution (across articles). Offsets index into ``Article.text``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class OrgFact:
    """A named organisation, in canonical form (``Ministry of Foreign Affairs of Laos``)."""

    name: str
    kind: str
    country: str | None
    abbreviation: str | None = None
    parent: str | None = None  # canonical name of the parent organisation
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class RoleFact:
    """A post as the article gives it: title, and the organisation's canonical name."""

    title: str
    organisation: str | None


@dataclass(frozen=True)
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
    """One person as one article names them, with every span that refers to them."""

    key: int  # index within the article
    name: str  # the fullest form in this article, honorifics dropped
    country: str | None = None
    roles: list[RoleFact] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    #: posts whose organisation depends on a country no evidence in this article gives
    pending_roles: list[PendingRole] = field(default_factory=list)
    #: the country of the article's dateline or outlet, used only when no article says more
    fallback_country: str | None = None


@dataclass(frozen=True)
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


@dataclass
class ArticleFacts:
    article_id: str
    published: dt.date
    people: list[PersonFact] = field(default_factory=list)
    organisations: list[OrgFact] = field(default_factory=list)
    meetings: list[MeetingFact] = field(default_factory=list)
