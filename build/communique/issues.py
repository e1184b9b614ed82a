"""A problem validation found: where it is (table, row, field, value) and which rule it
breaks, and the report that lists them all."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ValidationIssue:
    table: str
    row: int | None  # 1-based data row (header excluded)
    field: str | None
    value: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.table
        if self.row is not None:
            where += f" row {self.row}"
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
    return (issue.table, issue.row or 0, issue.field or "", issue.rule, issue.message)
