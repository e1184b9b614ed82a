"""What the report shows, as plain rows: the package's tables, the convenience views queried
from an in-memory SQLite database (so the report and the release agree on who met whom), and
the article texts the mentions point into."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.export.sqlite import create_database
from communique.export.views import convenience_views
from communique.model import Row, Tables
from communique.package import read_package
from communique.read import load_text

#: Where each table's rows get a page of their own, and the key that names the page.
PAGES = {
    "people": ("people", "person_id"),
    "organisations": ("organisations", "organisation_id"),
    "meetings": ("meetings", "meeting_id"),
    "articles": ("articles", "article_id"),
}
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
NO_COUNTRY = "unknown"


class ReportError(Exception):
    """The package cannot be shown: the message says why."""


@dataclass(frozen=True)
class ReportData:
    descriptor: dict[str, Any]
    tables: Tables
    views: dict[str, list[Row]]
    #: article_id -> decoded text, for articles whose file is the one the package was built from
    texts: dict[str, str]
    #: article_id -> why its text is not shown
    missing_texts: dict[str, str]
    changelog: str | None


def page_href(table: str, row_id: str) -> str:
    """The page of one row, relative to the site root; ids become file names, so only
    slug-like ids are accepted."""
    if not _SAFE_ID.match(row_id):
        raise ReportError(f"{table}: id {row_id!r} cannot name a page")
    return f"{PAGES[table][0]}/{row_id}.html"


def view_rows(tables: Tables) -> dict[str, list[Row]]:
    """Every convenience view's rows, from the same SQL the release ships."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.row_factory = sqlite3.Row
    try:
        create_database(connection, tables)
        return {
            view.name: [dict(row) for row in connection.execute(f"SELECT * FROM {view.name}")]
            for view in convenience_views()
        }
    finally:
        connection.close()


def article_texts(
    articles: list[Row], articles_dir: Path | None
) -> tuple[dict[str, str], dict[str, str]]:
    """The text of each article whose file still has the sha256 the package recorded (other
    texts would put the highlights in the wrong places), and why the others are missing."""
    texts, missing = {}, {}
    for article in articles:
        article_id = article["article_id"]
        if articles_dir is None:
            missing[article_id] = "no articles folder was given (--articles)"
            continue
        path = articles_dir / article["path"]
        if not path.is_file():
            missing[article_id] = f"{path} is not there"
        elif hashlib.sha256(path.read_bytes()).hexdigest() != article["sha256"]:
            missing[article_id] = f"{path} has changed since the package was built"
        else:
            texts[article_id] = load_text(path)
    return texts, missing


def load_report_data(package_dir: Path, articles_dir: Path | None) -> ReportData:
    package = read_package(package_dir)
    for table, (_, key) in PAGES.items():
        for row in package.tables.get(table, []):
            page_href(table, row[key])
    texts, missing = article_texts(package.tables.get("articles", []), articles_dir)
    changelog = package.directory / "CHANGELOG.md"
    return ReportData(
        package.descriptor,
        package.tables,
        view_rows(package.tables),
        texts,
        missing,
        changelog.read_text(encoding="utf-8") if changelog.exists() else None,
    )


def index(rows: list[Row], key: str) -> dict[str, Row]:
    return {row[key]: row for row in rows}


def group(rows: list[Row], key: str) -> dict[Any, list[Row]]:
    groups: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


def meeting_countries(data: ReportData) -> dict[str, str]:
    """Each meeting's country pair: its participants' countries, sorted and joined (``AZE–LAO``);
    ``unknown`` when no participant has a country."""
    countries: dict[str, set[str]] = defaultdict(set)
    for row in data.views["meeting_attendance"]:
        if row["person_country"]:
            countries[row["meeting_id"]].add(row["person_country"])
    return {
        m["meeting_id"]: "–".join(sorted(countries[m["meeting_id"]])) or NO_COUNTRY
        for m in data.tables["meetings"]
    }


def latest_changelog_section(changelog: str | None) -> str | None:
    """The newest ``## `` section of CHANGELOG.md (newest first), heading included."""
    if not changelog:
        return None
    sections = re.split(r"^(?=## )", changelog, flags=re.MULTILINE)
    return sections[1].strip() if len(sections) > 1 else None


def flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """A nested JSON value as (dotted path, scalar) rows, in the file's order."""
    if isinstance(value, dict):
        return [
            row
            for key, item in value.items()
            for row in flatten(item, f"{prefix}.{key}" if prefix else str(key))
        ]
    if isinstance(value, list):
        return [row for n, item in enumerate(value) for row in flatten(item, f"{prefix}[{n}]")]
    return [(prefix, value)]
