"""Small invented tables (no real names) for tests of the outputs and the report."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
from communique.model import Tables
from communique.read import load_text
from communique.schema import field_names

#: A cell of a built package changed to a value one rule refuses: (table, field, value, rule)
CHANGED_CELLS = [
    ("meetings", "kind", "picnic", "enum"),
    ("articles", "published", "2025-02-30", "type"),
    ("people", "person_id", "Not A Slug", "pattern"),
    ("mentions", "text", "Somebody Else", "equals its slice of the article"),
    ("roles", "person_id", "nobody-at-all", "foreign-key"),
]


def changed_copy(package: Path, to: Path, table: str, field: str, value: str) -> Path:
    """A copy of ``package`` at ``to`` with ``field`` of the first row of ``table`` set to
    ``value`` (a ``CHANGED_CELLS`` cell, say)."""
    shutil.copytree(package, to)
    path = to / "data" / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, field] = value
    frame.to_csv(path, index=False, lineterminator="\n")
    return to


def package_texts(package: Path, corpus: Path) -> dict[str, str]:
    """The text of each article of ``package``, by id, read from its file in ``corpus``."""
    articles = pd.read_csv(package / "data" / "articles.csv", dtype=str)
    return {
        a: load_text(corpus / p) for a, p in zip(articles.article_id, articles.path, strict=True)
    }


def row(table: str, **values) -> dict:
    """A row of ``table`` with every field, null unless given."""
    return {name: values.get(name) for name in field_names(table)}


def _person(person_id: str, name: str, country: str) -> dict:
    return row("people", person_id=person_id, name=name, country=country)


def _meeting(meeting_id: str, kind: str, day: int, parent_id: str | None = None) -> dict:
    start = dt.date(2025, 5, day)
    return row("meetings", meeting_id=meeting_id, kind=kind, start_date=start, parent_id=parent_id)


def _mention(article_id: str, start: int, end: int, **target) -> dict:
    ((kind, _),) = target.items()
    mention_id = f"{article_id}-{start:04d}-{end:04d}-{kind.removesuffix('_id')}"
    return row(
        "mentions",
        mention_id=mention_id,
        article_id=article_id,
        start=start,
        end=end,
        text="x",
        **target,
    )


def visit_tables() -> Tables:
    """A visit (delegation leader ada, host bo, aide di) with two meetings inside it, and a
    call outside it; two articles report the first meeting."""
    article = {
        "language": "en",
        "word_count": 10,
        "sha256": "0" * 64,
        "published": dt.date(2025, 5, 6),
    }
    parts = {
        "visit": ["ada", "bo", "di"],
        "talks-one": ["ada", "bo"],
        "talks-two": ["ada", "cy"],
        "call": ["bo", "cy"],
    }
    return {
        "articles": [
            row("articles", article_id=a, path=f"{a}.txt", **article) for a in ("x2", "x1")
        ],
        "people": [
            _person("ada", "Ada Invented", "AZE"),
            _person("bo", "Bo Invented", "LAO"),
            _person("cy", "Cy Invented", "LAO"),
            _person("di", "Di Invented", "AZE"),
        ],
        "organisations": [
            row("organisations", organisation_id="mfa", name="Ministry", kind="ministry")
        ],
        "roles": [
            row(
                "roles",
                role_id="ada-minister",
                person_id="ada",
                title="Minister",
                organisation_id="mfa",
                first_seen=dt.date(2025, 5, 6),
                last_seen=dt.date(2025, 5, 6),
            )
        ],
        "meetings": [
            _meeting("visit", "visit", 3),
            _meeting("talks-one", "talks", 3, parent_id="visit"),
            _meeting("talks-two", "talks", 4, parent_id="visit"),
            _meeting("call", "call", 5),
        ],
        "meeting_participants": [
            row(
                "meeting_participants",
                meeting_id=m,
                person_id=p,
                role_id="ada-minister" if p == "ada" else None,
            )
            for m, people in parts.items()
            for p in people
        ],
        "mentions": [
            _mention("x2", 0, 5, meeting_id="talks-one"),
            _mention("x1", 10, 20, meeting_id="talks-one"),
            _mention("x1", 0, 3, person_id="ada"),
            _mention("x1", 4, 7, organisation_id="mfa"),
        ],
    }
