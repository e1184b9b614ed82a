"""Plain records passed between the pipeline's stages.

Every stage takes and returns these (or lists and dicts of them), so each stage can be
tested alone with data written inline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

#: A published table: rows of plain Python values (str, int, datetime.date, None),
#: keyed by the field names of ``schemas/<table>.schema.json``.
Row = dict[str, Any]
Tables = dict[str, list[Row]]

TABLE_NAMES: tuple[str, ...] = (
    "articles",
    "people",
    "organisations",
    "roles",
    "meetings",
    "meeting_participants",
    "mentions",
)
#: Tables published only when they have something to say: ``judgements`` and ``curations``
#: appear with the first judgement in ``curation/``, so a package built without judgements
#: is what it was before curation existed.
OPTIONAL_TABLES: tuple[str, ...] = ("judgements", "curations")
ALL_TABLES: tuple[str, ...] = TABLE_NAMES + OPTIONAL_TABLES

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input file, named so a user can find and fix it."""

    path: str
    message: str
    severity: Severity = "error"
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Article:
    """One input article, decoded, with the metadata its header gives.

    ``text`` is the canonical decoded text (see ``read.decode_text``); every mention
    offset in the package indexes into it. ``body_start`` is where the story begins,
    after the header and any page furniture.
    """

    article_id: str
    path: str
    text: str
    published: dt.date
    sha256: str
    word_count: int
    body_start: int = 0
    source: str | None = None
    publisher: str | None = None
    dateline: str | None = None
    language: str = "en"
    title: str | None = None
    #: offsets (start, end) of lines that are page furniture, not story text
    #: (photo captions, bylines, "related news" lists); extraction skips them.
    noise_spans: tuple[tuple[int, int], ...] = field(default_factory=tuple)


@dataclass
class BuildReport:
    """What a build did: articles read, the version it published and why, the problems it
    found, and the counts, id notes and merge decisions that ``--verbose`` prints."""

    articles: int
    version: str
    level: str
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    id_notes: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    previous_version: str | None = None
    metadata_origin: str = "defaults (no configuration names this corpus)"
