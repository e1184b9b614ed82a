"""A problem validation found: where it is (table, CSV line, field, value) and which rule it
breaks; the report that lists them all; and what each reports, so that a problem the layers
of validation both find (a bad enum value fails Frictionless and Pandera alike) is
reported once (``distinct_problems``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Lines before a table's first row in its CSV file: the header.
HEADER_LINES = 1
#: Pandera checks (by the prefix of their names) and the problem each reports.
CHECK_NAMES = (
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
    for _check, name in CHECK_NAMES:
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
