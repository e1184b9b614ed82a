"""An article's text cut into pieces at every mention boundary, so that each mention can be
highlighted and linked even when spans nest (a person inside the sentence that reports a
meeting) or coincide, without nesting one link in another."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from communique.model import Row

ENTITY_FIELDS = (("person_id", "people"), ("organisation_id", "organisations"))


@dataclass(frozen=True)
class Target:
    """What a mention names: its table, the row's id, and its mention id."""

    table: str
    row_id: str
    mention_id: str


@dataclass(frozen=True)
class Piece:
    text: str
    #: the person or organisation this text names (the innermost such mention), if any
    link: Target | None
    #: inside a span that reports a meeting
    in_meeting: bool
    #: mentions that start here (anchors for links from other pages)
    starts: tuple[str, ...]
    #: mentions that end here but are not linked by any piece: every meeting span, and an
    #: entity span hidden under another one; each gets a small link of its own
    ends: tuple[Target, ...]


def target(mention: Row) -> Target:
    for field, table in ENTITY_FIELDS:
        if mention[field]:
            return Target(table, mention[field], mention["mention_id"])
    return Target("meetings", mention["meeting_id"], mention["mention_id"])


def pieces(text: str, mentions: list[Row]) -> list[Piece]:
    """The text as consecutive pieces; joined, their texts give ``text`` back."""
    spans = sorted(
        (m for m in mentions if 0 <= m["start"] < m["end"] <= len(text)),
        key=lambda m: (m["start"], -m["end"], m["mention_id"]),
    )
    cuts = sorted({0, len(text)} | {m["start"] for m in spans} | {m["end"] for m in spans})
    result: list[Piece] = []
    linked: set[str] = set()
    for start, end in pairwise(cuts):
        covering = [m for m in spans if m["start"] <= start and end <= m["end"]]
        entities = [m for m in covering if target(m).table != "meetings"]
        innermost = min(
            entities, key=lambda m: (m["end"] - m["start"], m["mention_id"]), default=None
        )
        if innermost is not None:
            linked.add(innermost["mention_id"])
        result.append(
            Piece(
                text[start:end],
                target(innermost) if innermost else None,
                len(entities) < len(covering),
                tuple(m["mention_id"] for m in spans if m["start"] == start),
                tuple(target(m) for m in reversed(spans) if m["end"] == end),
            )
        )
    return [
        Piece(
            p.text,
            p.link,
            p.in_meeting,
            p.starts,
            tuple(t for t in p.ends if t.table == "meetings" or t.mention_id not in linked),
        )
        for p in result
    ]


def context(text: str, start: int, end: int, width: int = 90) -> tuple[str, str, str]:
    """The mention with up to ``width`` characters either side, cut at whitespace, on one
    line."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    if start > width and (space := re.search(r"\s", before)):
        before = "…" + before[space.end() :]
    if end + width < len(text) and (space := re.search(r"\s\S*$", after)):
        after = after[: space.start()] + "…"
    return _one_line(before), _one_line(text[start:end]), _one_line(after)


def _one_line(part: str) -> str:
    return " ".join(part.split("\n"))
