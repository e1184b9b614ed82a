"""``CHANGELOG.md``: one section per version, newest first, naming what changed."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from communique.diff import PackageDiff, row_counts, rows_under, show_value, structure_changes
from communique.ids import IdReport
from communique.judgements import Judgement
from communique.model import Tables
from communique.package import cell_text
from communique.schema import primary_key

TITLE = (
    "# Changelog\n\nEach version of the package, newest first. Versions follow the rules in "
    "the README (Versions).\n"
)


def _index(tables: Tables | None, table: str, key: str) -> dict[str, dict[str, Any]]:
    return {str(r[key]): r for r in (tables or {}).get(table, [])}


class _Namer:
    """Readable names for rows: people and bodies by name, meetings by kind, date and people
    (the participants of the ``meetings`` a section names: of 40,000 participant rows at
    10,000 articles, a section names the meetings of a few)."""

    def __init__(self, *tables: Tables | None, meetings: Collection[str] = ()) -> None:
        self.people: dict[str, dict] = {}
        self.orgs: dict[str, dict] = {}
        self.participants: dict[str, list[str]] = {}
        named = set(meetings)
        for t in tables:
            self.people.update(_index(t, "people", "person_id"))
            self.orgs.update(_index(t, "organisations", "organisation_id"))
            if not named:
                continue
            for row in (t or {}).get("meeting_participants", []):
                if row["meeting_id"] in named:
                    self.participants.setdefault(row["meeting_id"], [])
                    if row["person_id"] not in self.participants[row["meeting_id"]]:
                        self.participants[row["meeting_id"]].append(row["person_id"])

    def person(self, pid: str) -> str:
        return cell_text(self.people.get(pid, {}).get("name")) or pid

    def org(self, oid: str | None) -> str:
        return cell_text(self.orgs.get(oid or "", {}).get("name")) or cell_text(oid)

    def row(self, table: str, pk: tuple, rows: dict[tuple, dict]) -> str:
        row = rows.get(pk, {})
        key = "/".join(pk)
        if table == "people":
            return f"{row.get('name', key)} ({key})"
        if table == "organisations":
            return f"{row.get('name', key)} ({key})"
        if table == "roles":
            return (
                f"{self.person(cell_text(row.get('person_id')))} — {row.get('title')} @ "
                f"{self.org(row.get('organisation_id')) or 'no organisation'}"
            )
        if table == "meetings":
            who = ", ".join(self.person(p) for p in sorted(self.participants.get(key, [])))
            label = row.get("name") or row.get("kind")
            return f"{label}, {cell_text(row.get('start_date'))}: {who} ({key})"
        if table == "meeting_participants":
            return f"{self.person(pk[1])} at {pk[0]}"
        return key


#: tables counted but not listed row by row: provenance, which the lines above explain
_COUNTED = ("mentions", "judgements", "curations")


def render_section(
    version: str,
    level: str,
    diff: PackageDiff | None,
    old_tables: Tables | None,
    new_tables: Tables,
    id_report: IdReport | None = None,
) -> str:
    """The changelog section of one version."""
    lines = [f"## {version} ({level})", ""]
    if diff is None:
        lines.append("First release.")
        lines.append("")
        for table, rows in new_tables.items():
            lines.append(f"- {table}: {len(rows)} rows")
        return "\n".join(lines) + "\n"
    lines += [f"- {line}" for line in structure_changes(diff)]
    lines += _row_lines(diff, old_tables, new_tables)
    if id_report is not None:
        for line in id_report.lines():
            lines.append(f"- ids: {line}")
    return "\n".join(lines) + "\n"


def _row_lines(diff: PackageDiff, old_tables: Tables | None, new_tables: Tables) -> list[str]:
    meetings = diff.tables.get("meetings")
    named = (
        [k[0] for k in [*meetings.added, *meetings.removed, *meetings.changed]] if meetings else []
    )
    namer = _Namer(old_tables, new_tables, meetings=named)
    lines = []
    for table, tdiff in diff.tables.items():
        if tdiff.empty:
            continue
        lines.append(f"- {table}: {row_counts(tdiff)}")
        if table in _COUNTED:
            continue
        # only the rows a line names, of each side (not every row keyed)
        key = primary_key(table)
        new_rows = rows_under(new_tables.get(table, []), key, {*tdiff.added, *tdiff.changed})
        old_rows = rows_under((old_tables or {}).get(table, []), key, set(tdiff.removed))
        for pk in tdiff.added:
            lines.append(f"  - added: {namer.row(table, pk, new_rows)}")
        for pk in tdiff.removed:
            lines.append(f"  - removed: {namer.row(table, pk, old_rows)}")
        for pk, fields in tdiff.changed.items():
            what = "; ".join(
                f"{f}: {show_value(a)} → {show_value(b)}" for f, (a, b) in fields.items()
            )
            lines.append(f"  - changed: {namer.row(table, pk, new_rows)}: {what}")
    return lines


def render_curated(
    new: list[Judgement],
    withdrawn: list[str],
    diff: PackageDiff | None,
    base_tables: Tables,
    new_tables: Tables,
    id_lines: list[str],
) -> str:
    """The curated part of a version's section, apart from what extraction changed: the
    judgements applied for the first time and the rows they changed (the difference between
    this build with and without them), and the judgements withdrawn (their rows went back to
    what the rules give, which the extracted part lists)."""
    lines = ["", "### Curated", ""]
    for judgement in new:
        lines.append(
            f"- judgement {judgement.id}: {judgement.statement()} — {judgement.reason} "
            f"({judgement.by}, {judgement.date.isoformat()})"
        )
    lines += [f"- judgement withdrawn: {judgement_id}" for judgement_id in withdrawn]
    if diff is not None:
        lines += _row_lines(diff, base_tables, new_tables)
    lines += [f"- ids: {line}" for line in id_lines]
    return "\n".join(lines) + "\n"


def update_changelog(existing: str | None, section: str) -> str:
    """The changelog with ``section`` on top of the earlier ones."""
    body = ""
    if existing:
        body = existing.split("\n## ", 1)[1] if "\n## " in existing else ""
        body = "## " + body if body else ""
    return TITLE + "\n" + section + ("\n" + body if body else "")
