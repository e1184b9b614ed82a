"""The Frictionless layer of validation, in two forms.

``package_issues`` runs Frictionless on a package as it stands, every check on every row
(``frictionless validate datapackage.json`` gives the same verdict): ``communique validate``
uses it. It costs about a millisecond a row, most of it spent in the foreign-key lookups,
which is minutes for a package of 100,000 articles.

A build uses the other form, which splits the same checks by what they need:
- ``metadata_issues``: the descriptor against the Data Package profile, once;
- ``file_issues``: each resource's ``bytes`` and ``hash`` against its file (hashlib);
- ``row_issues``: Frictionless on the rows given — types, required, patterns, enums,
  minimums, cell counts, labels — with each schema stripped of what needs the whole table
  (primary keys, ``unique``, foreign keys). Rows are checked in chunks, in parallel when
  there are many; a build that knows which rows a validated package already had passes
  only the others (``validate.validate_build``).
What is stripped is checked over whole tables by vectorised code: Pandera's uniqueness
checks and ``validate.foreign_key_issues``.
"""

from __future__ import annotations

import copy
import csv
import multiprocessing
import re
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from communique.engines import spare_inherited_objects
from communique.issues import HEADER_LINES, ValidationIssue
from communique.package import file_size_and_hash

CHUNK_ROWS = 20_000  # rows per Frictionless run when a table is split among workers


def package_issues(descriptor: Path) -> list[ValidationIssue]:
    """Frictionless on the whole package: descriptor, files, every row, every key."""
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(descriptor)).validate()
    issues = [
        ValidationIssue("datapackage", None, None, None, error.type, error.note)
        for error in report.errors
    ]
    for task in report.tasks:
        issues += [_issue(task.name or "?", error, lambda line: line) for error in task.errors]
    return issues


def metadata_issues(descriptor: Path) -> list[ValidationIssue]:
    """The descriptor against the Data Package profile and the Table Schema rules."""
    from frictionless import FrictionlessException, Package, system

    try:
        with system.use_context(trusted=True):
            Package(str(descriptor)).to_descriptor(validate=True)
    except FrictionlessException as error:
        return [
            ValidationIssue("datapackage", None, None, None, e.type, e.note)
            for e in error.to_errors()
        ]
    return []


def file_issues(package_dir: Path, descriptor: dict[str, Any]) -> list[ValidationIssue]:
    """Each resource's declared size and sha256 against its file."""
    issues = []
    for resource in descriptor.get("resources", []):
        path = package_dir / resource.get("path", "")
        if not path.is_file():
            continue  # reported by validate as a missing file
        for key, value in file_size_and_hash(path).items():
            if key in resource and resource[key] != value:
                issues.append(
                    ValidationIssue(
                        resource["name"],
                        None,
                        None,
                        str(resource[key]),
                        f"frictionless {key}-count" if key == "bytes" else "frictionless hash",
                        f"the descriptor says {resource[key]}, the file has {value}",
                    )
                )
    return issues


def row_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A table schema with only what each row can be checked against on its own."""
    stripped = copy.deepcopy(schema)
    stripped.pop("primaryKey", None)
    stripped.pop("foreignKeys", None)
    for spec in stripped.get("fields", []):
        spec.get("constraints", {}).pop("unique", None)
    return stripped


def row_issues(
    descriptor: dict[str, Any], rows: dict[str, pd.DataFrame], jobs: int = 1
) -> list[ValidationIssue]:
    """Frictionless on the given rows of each table (cells as text, indexed by their
    0-based row in the table's file), with ``row_schema``; issues name the rows' lines in
    the tables' files."""
    schemas = {r["name"]: row_schema(r.get("schema", {})) for r in descriptor.get("resources", [])}
    with tempfile.TemporaryDirectory(prefix="communique-rows-") as scratch:
        tasks = []
        for table, frame in rows.items():
            size = max(CHUNK_ROWS, -(-len(frame) // max(1, jobs)))
            for n, start in enumerate(range(0, max(1, len(frame)), size)):
                chunk = frame.iloc[start : start + size]
                path = Path(scratch) / f"{table}-{n}.csv"
                _write_csv(path, list(frame.columns), chunk)
                tasks.append((table, str(path), schemas[table], list(chunk.index)))
        if jobs > 1 and len(tasks) > 1 and sum(map(len, rows.values())) >= CHUNK_ROWS:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            with context.Pool(min(jobs, len(tasks)), initializer=spare_inherited_objects) as pool:
                found = pool.map(_check_chunk, tasks)
        else:
            found = [_check_chunk(task) for task in tasks]
    return [issue for chunk in found for issue in chunk]


def _write_csv(path: Path, header: list[str], frame: pd.DataFrame) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(frame.itertuples(index=False, name=None))


def _check_chunk(task: tuple[str, str, dict, list[int]]) -> list[ValidationIssue]:
    """Frictionless on one chunk file; its lines mapped back to the table's file."""
    from frictionless import Resource, system

    table, path, schema, index = task
    descriptor = {"name": table, "path": path, "format": "csv", "encoding": "utf-8"}
    with system.use_context(trusted=True):
        report = Resource.from_descriptor(descriptor | {"schema": schema}).validate()
    issues = [
        _issue(table, error, lambda line: index[line - 1 - HEADER_LINES] + 1 + HEADER_LINES)
        for task_report in report.tasks
        for error in task_report.errors
    ]
    return issues + [
        ValidationIssue(table, None, None, None, error.type, error.note) for error in report.errors
    ]


def _issue(table: str, error: Any, place) -> ValidationIssue:
    """A Frictionless error as an issue; ``place`` turns the line of the file Frictionless
    read (it counts the header as row 1, as lines do) into the line of the table's file."""
    row = getattr(error, "row_number", None)
    field_name = getattr(error, "field_name", None)
    if field_name is None:
        named = re.search(r'for "([^"]+)"', error.note or "")
        field_name = named.group(1) if named else None
    return ValidationIssue(
        table,
        place(row) if row else None,
        field_name,
        getattr(error, "cell", None),
        f"frictionless {error.type}",
        error.note,
    )
