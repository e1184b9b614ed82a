"""Everything checked before a package is published, gathered into one report.

Three layers, all run, all failures kept:
1. Frictionless validates the descriptor against the files: types, constraints, primary and
   foreign keys, bytes and hash.
2. Pandera models, derived from the same JSON schemas (``pandera_model``), re-check each
   table and add what a table schema cannot say (``end_date >= start_date`` …).
3. Cross-table checks: every meeting has a participant, every person and organisation a
   mention, each mention's text is its slice of the article, no meeting starts after an
   article that reports it, every row of ``curations`` names a published row.

The layers overlap (a bad enum value fails Frictionless and Pandera alike), so each issue is
reduced to the problem it reports (``problem_kind``) and every problem is reported once, at
its CSV line (the header is line 1).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pycountry

from communique.model import OPTIONAL_TABLES, TABLE_NAMES
from communique.schema import fields, primary_key

_CHECK_NAMES = (
    ("str_matches", "pattern"),
    ("isin", "enum"),
    ("greater_than_or_equal_to", "minimum"),
    ("field_uniqueness", "unique"),
    ("multiple_fields_uniqueness", "unique primary key"),
    ("not_nullable", "required"),
    ("dtype", "type"),
)
#: Frictionless error types, and what each reports in the words of the other layers.
_FRICTIONLESS_KINDS = {
    "type-error": "type",
    "primary-key": "unique",
    "unique-error": "unique",
    "foreign-key": "foreign-key",
}
#: Checks over whole rows: Pandera names every column of a failing row; they are one issue.
_ROW_CHECKS = (
    "end_date >= start_date",
    "first_seen <= last_seen",
    "unique (person_id, title, organisation_id)",
    "exactly one of person_id, organisation_id, meeting_id",
    "start < end",
)
HEADER_LINES = 1
PANDAS_DTYPES = {"string": "str", "integer": "Int64", "date": "datetime64[ns]"}


@dataclass(frozen=True, order=True)
class ValidationIssue:
    table: str
    line: int | None  # line of the table's CSV file; the header is line 1
    field: str | None
    value: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.table
        if self.line is not None:
            where += f" line {self.line}"
        if self.field:
            where += f" field {self.field}"
        if self.value is not None:
            where += f" value {self.value!r}"
        return f"{where}: {self.rule} — {self.message}"


def format_report(issues: list[ValidationIssue]) -> str:
    """One line per issue, grouped by table, with the count at the end."""
    lines: list[str] = []
    current = None
    for issue in sorted(issues, key=_order):
        if issue.table != current:
            current = issue.table
            lines.append(f"{current}:")
        lines.append(f"  {issue}")
    lines.append(f"{len(issues)} issue(s)")
    return "\n".join(lines)


def _order(issue: ValidationIssue) -> tuple:
    return (issue.table, issue.line or 0, issue.field or "", issue.rule, issue.message)


def _source_rank(issue: ValidationIssue) -> tuple[int, bool]:
    if issue.message == "pandera check failed":
        layer = 2
    else:
        layer = 1 if issue.rule.startswith("frictionless ") else 0
    return layer, issue.field is None


def problem_kind(issue: ValidationIssue) -> str:
    """What an issue reports, the same whichever layer found it: ``type``, ``enum``,
    ``pattern``, ``required``, ``unique``, ``foreign-key`` … or the issue's own rule."""
    rule = issue.rule
    if rule.startswith("frictionless "):
        error_type = rule.removeprefix("frictionless ")
        constraint = re.match(r'constraint "(\w+)"', issue.message or "")
        if error_type == "constraint-error" and constraint:
            return constraint.group(1)
        return _FRICTIONLESS_KINDS.get(error_type, error_type)
    for _check, name in _CHECK_NAMES:
        if rule == name or rule.startswith(f"{name}: "):
            return "unique" if name == "unique primary key" else name
    return rule


def distinct_problems(issues: list[ValidationIssue]) -> list[ValidationIssue]:
    """Each problem once, in the clearest words found for it (own checks, then Frictionless,
    then Pandera), and no ``required`` for a cell already reported as not parsing (it is
    null only for that)."""
    unique: dict[tuple, ValidationIssue] = {}
    for issue in sorted(issues, key=_source_rank):
        kind = problem_kind(issue)
        # a duplicated row is one problem, whether its key or a unique field says so
        key = (issue.table, issue.line, None if kind == "unique" else issue.field, kind)
        unique.setdefault(key, issue)
    unparsed = {(t, n, f) for (t, n, f, kind) in unique if kind == "type"}
    return sorted(
        (
            issue
            for (table, line, field_name, kind), issue in unique.items()
            if not (kind == "required" and (table, line, field_name) in unparsed)
        ),
        key=_order,
    )


# ---------------------------------------------------------------- pandera models


def _is_iso_country(code: Any) -> bool:
    return pycountry.countries.get(alpha_3=str(code)) is not None


def pandera_model(table: str) -> pa.DataFrameSchema:
    """The Pandera model of a table: the JSON schema's columns and constraints, plus the
    semantic checks a table schema cannot express."""
    columns = {}
    for spec in fields(table):
        constraints = spec.get("constraints", {})
        checks = []
        if "pattern" in constraints:
            checks.append(pa.Check.str_matches(constraints["pattern"], name="pattern"))
        if "enum" in constraints:
            checks.append(pa.Check.isin(constraints["enum"], name="enum"))
        if "minimum" in constraints:
            checks.append(pa.Check.ge(constraints["minimum"], name="minimum"))
        if spec["name"] == "country":
            checks.append(
                pa.Check(
                    lambda s: s.map(_is_iso_country),
                    element_wise=False,
                    name="ISO 3166-1 alpha-3 country",
                )
            )
        columns[spec["name"]] = pa.Column(
            PANDAS_DTYPES[spec["type"]],
            checks=checks,
            nullable=not constraints.get("required", False),
            unique=bool(constraints.get("unique")),
            report_duplicates="exclude_first",
            required=True,
        )
    wide_checks = []
    if table == "meetings":
        wide_checks.append(
            pa.Check(
                lambda df: df["end_date"].isna() | (df["end_date"] >= df["start_date"]),
                name="end_date >= start_date",
            )
        )
    if table == "roles":
        wide_checks.append(
            pa.Check(lambda df: df["first_seen"] <= df["last_seen"], name="first_seen <= last_seen")
        )
        wide_checks.append(
            pa.Check(
                lambda df: ~df.duplicated(["person_id", "title", "organisation_id"], keep=False),
                name="unique (person_id, title, organisation_id)",
            )
        )
    if table == "mentions":
        wide_checks.append(
            pa.Check(
                lambda df: (
                    df[["person_id", "organisation_id", "meeting_id"]].notna().sum(axis=1) == 1
                ),
                name="exactly one of person_id, organisation_id, meeting_id",
            )
        )
        wide_checks.append(pa.Check(lambda df: df["start"] < df["end"], name="start < end"))
    if table == "curations":
        wide_checks.append(
            pa.Check(_names_its_row, name="the key columns of its resource, and only those")
        )
        wide_checks.append(
            pa.Check(
                lambda df: (df["action"] == "set") == df["field"].notna(),
                name="field given exactly when action is set",
            )
        )
    return pa.DataFrameSchema(
        columns,
        checks=wide_checks,
        unique=primary_key(table),
        report_duplicates="exclude_first",
        strict=True,
        ordered=True,
        name=table,
    )


_CURATION_KEYS = ("person_id", "organisation_id", "role_id", "meeting_id", "mention_id")


def _names_its_row(frame: pd.DataFrame) -> pd.Series:
    """Each row sets the primary key columns of its ``resource`` and leaves the others empty."""
    set_columns = frame[list(_CURATION_KEYS)].notna()
    expected = frame["resource"].map(
        lambda r: tuple(k in primary_key(r) for k in _CURATION_KEYS) if isinstance(r, str) else ()
    )
    return pd.Series(
        [tuple(row) == want for row, want in zip(set_columns.values, expected, strict=True)],
        index=frame.index,
    )


# ---------------------------------------------------------------- loading


def _frame(table: str, path: Path, issues: list[ValidationIssue]) -> pd.DataFrame:
    """A CSV as typed columns; cells that do not parse become nulls and issues."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    frame = raw.copy()
    for spec in fields(table):
        name = spec["name"]
        if name not in raw.columns:
            continue
        if spec["type"] == "integer":
            frame[name] = pd.to_numeric(raw[name], errors="coerce").astype("Int64")
        elif spec["type"] == "date":
            frame[name] = pd.to_datetime(raw[name], format="%Y-%m-%d", errors="coerce")
        else:
            frame[name] = raw[name].astype("str").where(raw[name].notna(), None)
        bad = raw[name].notna() & frame[name].isna()
        for index in raw.index[bad]:
            issues.append(
                ValidationIssue(
                    table,
                    int(index) + 1 + HEADER_LINES,
                    name,
                    raw.at[index, name],
                    "type",
                    f"not a valid {spec['type']}",
                )
            )
    return frame


def _pandera_issues(table: str, frame: pd.DataFrame) -> list[ValidationIssue]:
    try:
        pandera_model(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        issues = []
        for case in errors.failure_cases.to_dict("records"):
            index = case.get("index")
            line = (
                int(index) + 1 + HEADER_LINES if index is not None and not pd.isna(index) else None
            )
            value = case.get("failure_case")
            check = str(case.get("check"))
            friendly = next(
                (name for prefix, name in _CHECK_NAMES if check.startswith(prefix)), None
            )
            whole_row = check in _ROW_CHECKS
            column = case.get("column")
            issues.append(
                ValidationIssue(
                    table,
                    line,
                    column if isinstance(column, str) and not whole_row else None,
                    None
                    if whole_row or value is None or (not isinstance(value, str) and pd.isna(value))
                    else str(value),
                    f"{friendly}: {check}" if friendly else check,
                    "pandera check failed",
                )
            )
        return issues
    return []


def _frictionless_issues(descriptor: Path) -> list[ValidationIssue]:
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(descriptor)).validate()
    issues = []
    for error in report.errors:
        issues.append(ValidationIssue("datapackage", None, None, None, error.type, error.note))
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", None)
            if field_name is None:
                named = re.search(r'for "([^"]+)"', error.note or "")
                field_name = named.group(1) if named else None
            issues.append(
                ValidationIssue(
                    task.name or "?",
                    row or None,  # Frictionless counts the header as row 1, as lines do
                    field_name,
                    getattr(error, "cell", None),
                    f"frictionless {error.type}",
                    error.note,
                )
            )
    return issues


# ---------------------------------------------------------------- cross-table


def _cross_table(frames: dict[str, pd.DataFrame], corpus_dir: Path | None) -> list[ValidationIssue]:
    issues: list[ValidationIssue] = []
    mentions = frames["mentions"]
    participants = frames["meeting_participants"]
    for n, meeting_id in enumerate(frames["meetings"]["meeting_id"], start=1 + HEADER_LINES):
        if meeting_id not in set(participants["meeting_id"]):
            issues.append(
                ValidationIssue(
                    "meetings",
                    n,
                    "meeting_id",
                    meeting_id,
                    "has a participant",
                    "no row in meeting_participants",
                )
            )
    for table, key in (("people", "person_id"), ("organisations", "organisation_id")):
        named = set(mentions[key].dropna())
        for n, value in enumerate(frames[table][key], start=1 + HEADER_LINES):
            if value not in named:
                issues.append(
                    ValidationIssue(
                        table, n, key, value, "has a mention", "no row in mentions names it"
                    )
                )
    published = dict(
        zip(frames["articles"]["article_id"], frames["articles"]["published"], strict=True)
    )
    starts = dict(
        zip(frames["meetings"]["meeting_id"], frames["meetings"]["start_date"], strict=True)
    )
    for row in mentions.itertuples(index=False):
        if (
            isinstance(row.meeting_id, str)
            and row.meeting_id in starts
            and row.article_id in published
            and starts[row.meeting_id] > published[row.article_id]
        ):
            issues.append(
                ValidationIssue(
                    "meetings",
                    None,
                    "start_date",
                    str(starts[row.meeting_id])[:10],
                    "starts no later than its articles",
                    f"meeting {row.meeting_id} starts after article {row.article_id} "
                    f"({str(published[row.article_id])[:10]}) reports it",
                )
            )
    dates = set(frames["articles"]["published"].dropna())
    for n, row in enumerate(frames["roles"].itertuples(index=False), start=1 + HEADER_LINES):
        for name in ("first_seen", "last_seen"):
            value = getattr(row, name)
            if not pd.isna(value) and value not in dates:
                issues.append(
                    ValidationIssue(
                        "roles",
                        n,
                        name,
                        str(value)[:10],
                        "date of an article",
                        "no article was published that day",
                    )
                )
    if "curations" in frames:
        issues += _curated_rows_exist(frames)
    if corpus_dir is not None:
        issues += _mention_slices(frames, corpus_dir)
    return issues


def _curated_rows_exist(frames: dict[str, pd.DataFrame]) -> list[ValidationIssue]:
    """Every row of ``curations`` names a row of its resource (participations included,
    which a single-column foreign key cannot check)."""
    keys = {
        table: {tuple(row) for row in frames[table][primary_key(table)].itertuples(index=False)}
        for table in set(frames["curations"]["resource"].dropna())
        if table in frames
    }
    issues = []
    for n, row in enumerate(frames["curations"].to_dict("records"), start=1):
        table = row["resource"]
        if table not in keys:
            continue
        key = tuple(row.get(k) for k in primary_key(table))
        if key not in keys[table]:
            issues.append(
                ValidationIssue(
                    "curations",
                    n,
                    "resource",
                    table,
                    "names a published row",
                    f"no {table} row has key {'/'.join(map(str, key))}",
                )
            )
    return issues


def _mention_slices(frames: dict[str, pd.DataFrame], corpus_dir: Path) -> list[ValidationIssue]:
    from communique.read import load_text

    paths = dict(zip(frames["articles"]["article_id"], frames["articles"]["path"], strict=True))
    texts: dict[str, str | None] = {}
    issues = []
    for n, row in enumerate(frames["mentions"].itertuples(index=False), start=1 + HEADER_LINES):
        if row.article_id not in paths:
            continue
        if row.article_id not in texts:
            path = corpus_dir / paths[row.article_id]
            texts[row.article_id] = load_text(path) if path.is_file() else None
            if texts[row.article_id] is None:
                issues.append(
                    ValidationIssue(
                        "articles",
                        None,
                        "path",
                        paths[row.article_id],
                        "file exists",
                        f"{path} is missing",
                    )
                )
        text = texts[row.article_id]
        if text is None or pd.isna(row.start) or pd.isna(row.end):
            continue
        actual = text[int(row.start) : int(row.end)]
        if actual != row.text:
            issues.append(
                ValidationIssue(
                    "mentions",
                    n,
                    "text",
                    row.text,
                    "equals its slice of the article",
                    f"article has {actual!r} at {row.start}-{row.end}",
                )
            )
    return issues


def validate_package(package_dir: Path, corpus_dir: Path | None = None) -> list[ValidationIssue]:
    """Every problem of the package at ``package_dir``; an empty list means valid."""
    descriptor_path = package_dir / "datapackage.json"
    if not descriptor_path.is_file():
        return [
            ValidationIssue(
                "datapackage", None, None, str(descriptor_path), "exists", "no datapackage.json"
            )
        ]
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return [
            ValidationIssue("datapackage", None, None, None, "valid JSON", f"not JSON: {error}")
        ]
    issues = _frictionless_issues(descriptor_path)
    resources = {r.get("name"): r for r in descriptor.get("resources", [])}
    frames: dict[str, pd.DataFrame] = {}
    optional = tuple(t for t in OPTIONAL_TABLES if t in resources)
    for table in TABLE_NAMES + optional:
        if table not in resources:
            issues.append(
                ValidationIssue(
                    table,
                    None,
                    None,
                    None,
                    "resource exists",
                    "the descriptor has no such resource",
                )
            )
            continue
        path = package_dir / resources[table]["path"]
        if not path.is_file():
            issues.append(
                ValidationIssue(table, None, None, str(path), "file exists", "missing CSV")
            )
            continue
        frame = _frame(table, path, issues)
        frames[table] = frame
        issues += _pandera_issues(table, frame)
    if len(frames) == len(TABLE_NAMES) + len(optional):
        issues += _cross_table(frames, corpus_dir)
    return distinct_problems(issues)
