"""The convenience views (``views.sql``): one SQL file, run as it is by SQLite and DuckDB,
whose comment lines above each ``CREATE VIEW`` describe the view for Datasette and DuckDB."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

_CREATE_VIEW = re.compile(r"^CREATE VIEW (\w+) AS$", re.MULTILINE)


@dataclass(frozen=True)
class View:
    name: str
    description: str
    sql: str


def views_sql() -> str:
    return files("communique.export").joinpath("views.sql").read_text(encoding="utf-8")


def parse_views(script: str) -> list[View]:
    """Each ``CREATE VIEW`` statement with the comment lines that lead it (a comment block
    separated from the statement by a blank line describes the file, not a view)."""
    views, lines = [], []
    for line in script.splitlines(keepends=True):
        lines.append(line)
        statement = "".join(lines)
        if not sqlite3.complete_statement(statement):
            continue
        lines = []
        match = _CREATE_VIEW.search(statement)
        if match is None:
            raise ValueError(f"views.sql: not a CREATE VIEW statement: {statement.strip()[:60]}")
        head = statement[: match.start()].rstrip("\n").split("\n\n")[-1]
        comment = [line.strip().removeprefix("--").strip() for line in head.splitlines()]
        views.append(View(match.group(1), " ".join(c for c in comment if c), statement.strip()))
    return views


@cache
def convenience_views() -> tuple[View, ...]:
    return tuple(parse_views(views_sql()))
