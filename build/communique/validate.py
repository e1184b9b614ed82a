"""Everything checked before a package is published, gathered into one report.

Three layers, all run, all failures kept:
1. Frictionless validates the descriptor against the files: types, constraints, primary and
   foreign keys, bytes and hash (``validate_frictionless``).
2. Pandera models, derived from the same JSON schemas (``pandera_model``), re-check each
   table and add what a table schema cannot say (``end_date >= start_date`` …).
3. Cross-table checks: every meeting has a participant, every person and organisation a
   mention, each mention's text is its slice of the article, no meeting starts after an
   article that reports it, every row of ``curations`` names a published row.

The layers overlap (a bad enum value fails Frictionless and Pandera alike), so each issue is
reduced to the problem it reports (``problem_kind``) and every problem is reported once, at
its CSV line (the header is line 1).

Nothing runs row by row in Python: the cross-table checks are pandas joins and set tests,
the slices of the articles a DuckDB query. ``validate_package`` runs Frictionless on the
package as it stands (what ``communique validate`` reports); ``validate_build``, what a
build runs before publishing, makes each check's cost follow what changed since a package
that was validated (see its docstring): the same rules, split by what they need.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as compute
import pyarrow.csv

from communique.issues import (
    CHECK_NAMES,
    HEADER_LINES,
    ValidationIssue,
    distinct_problems,
    format_report,
    problem_kind,
)
from communique.lines import common_ends
from communique.model import ALL_TABLES, OPTIONAL_TABLES, TABLE_NAMES
from communique.progress import timed
from communique.schema import fields, foreign_keys, iso_countries, primary_key
from communique.validate_frictionless import (
    file_issues,
    metadata_issues,
    package_issues,
    row_issues,
)

__all__ = [
    "ValidationIssue",
    "format_report",
    "problem_kind",
    "validate_build",
    "validate_package",
]

#: Checks over whole rows: Pandera names every column of a failing row; they are one issue.
_ROW_CHECKS = (
    "end_date >= start_date",
    "first_seen <= last_seen",
    "unique (person_id, title, organisation_id)",
    "exactly one of person_id, organisation_id, meeting_id",
    "start < end",
)
#: rows of each table that ``warm_up`` checks
WARM_UP_ROWS = 50

PANDAS_DTYPES = {"string": "str", "integer": "Int64", "date": "datetime64[ns]"}


# ---------------------------------------------------------------- pandera models


def pandera_model(table: str, check_key: bool = True) -> pa.DataFrameSchema:
    """The Pandera model of a table: the JSON schema's columns and constraints, plus the
    semantic checks a table schema cannot express. Without ``check_key``, the same but
    for its primary key's uniqueness (for a table known to have no repeated key)."""
    columns = {}
    key = primary_key(table)
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
                    lambda s: s.isin(iso_countries()),
                    element_wise=False,
                    name="ISO 3166-1 alpha-3 country",
                )
            )
        columns[spec["name"]] = pa.Column(
            PANDAS_DTYPES[spec["type"]],
            checks=checks,
            nullable=not constraints.get("required", False),
            # a unique column that is the whole primary key is checked as the key (below):
            # once, and without pandas' column ``duplicated``, which on Arrow text turns
            # the column into Python strings (210 MB for 100,000 articles' mentions)
            unique=bool(constraints.get("unique")) and key != [spec["name"]],
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
        unique=primary_key(table) if check_key else None,
        report_duplicates="exclude_first",
        strict=True,
        ordered=True,
        name=table,
    )


#: The models' checks across a row's columns that look at that row alone: ``row_part`` of
#: a model, with each column's own checks. Any other check (one added later, too) is the
#: whole table's (``table_part``), run on every row.
_ONE_ROW_CHECKS = (
    "end_date >= start_date",
    "first_seen <= last_seen",
    "exactly one of person_id, organisation_id, meeting_id",
    "start < end",
    "the key columns of its resource, and only those",
    "field given exactly when action is set",
)


def row_part(model: pa.DataFrameSchema) -> pa.DataFrameSchema:
    """The checks of ``model`` that each row passes or fails on its own: each column's type,
    nulls, pattern, values and range, and the checks across a row's columns. A row a
    validated package had, byte for byte, passed them (see ``validate_build``)."""
    return pa.DataFrameSchema(
        {
            name: pa.Column(column.dtype, checks=column.checks, nullable=column.nullable)
            for name, column in model.columns.items()
        },
        checks=[check for check in model.checks if check.name in _ONE_ROW_CHECKS],
        name=model.name,
    )


def table_part(model: pa.DataFrameSchema) -> pa.DataFrameSchema:
    """The checks of ``model`` over the whole table: the columns present and in order, each
    unique column and the key repeated nowhere, and the checks over more than one row."""
    return pa.DataFrameSchema(
        {
            name: pa.Column(
                None,
                nullable=True,
                unique=column.unique,
                report_duplicates="exclude_first",
                required=True,
            )
            for name, column in model.columns.items()
        },
        checks=[check for check in model.checks if check.name not in _ONE_ROW_CHECKS],
        unique=model.unique,
        report_duplicates="exclude_first",
        strict=True,
        ordered=True,
        name=model.name,
    )


_CURATION_KEYS = ("person_id", "organisation_id", "role_id", "meeting_id", "mention_id")


def _names_its_row(frame: pd.DataFrame) -> pd.Series:
    """Each row sets the primary key columns of its ``resource`` and leaves the others empty."""
    fits = pd.Series(frame["resource"].isin(ALL_TABLES), index=frame.index)
    for key in _CURATION_KEYS:
        wanted = frame["resource"].map({t: key in primary_key(t) for t in ALL_TABLES})
        fits &= frame[key].notna() == wanted.fillna(False).astype(bool)
    return fits


# ---------------------------------------------------------------- loading


#: the type pandas gives a column read as text (``str``: Arrow-backed text in pandas 3,
#: Python objects in pandas 2, which Arrow's tables turn into without being told)
_TEXT = pd.Series([], dtype=str).dtype


#: Whether Arrow's CSV reader may spread a file over its pool of threads (one per core):
#: not in a validation process beside the build (``validator``), where the build has the
#: other core (``read_on_one_thread``).
_ARROW_THREADS = True


def read_on_one_thread() -> None:
    """Have Arrow read each CSV on this process's own thread. Beside a build on two cores,
    Arrow's two threads and the build took turns: the tables of one article added to
    10,000 read in 0.014-0.025 s each where alone they take 2-5 ms, and the tables were
    checked 0.05-0.14 s after the build had written the last; on one thread, 0.003-0.019
    s, and 0.01-0.03 s after (the timeline of two builds each)."""
    global _ARROW_THREADS
    _ARROW_THREADS = False


def _raw(source: Path | bytes) -> pd.DataFrame:
    """A CSV's cells as text, exactly as written ("" for an empty cell), from its file or
    its bytes: read by Arrow's parser (a quarter of the time of pandas' at 100,000
    articles, and a lower peak), the same frame as pandas' ``read_csv(dtype=str,
    keep_default_na=False, na_filter=False)``, which reads any file Arrow's does not (a
    byte-order mark, a repeated or missing header, a row of another length, text that is
    not UTF-8)."""
    names = _header(source)
    if names is not None:
        # the bytes as Arrow's own reader (not a Python file), which its type stubs omit
        readable: Any = source if isinstance(source, Path) else pyarrow.BufferReader(source)
        try:
            table = pyarrow.csv.read_csv(
                readable,
                read_options=pyarrow.csv.ReadOptions(use_threads=_ARROW_THREADS),
                parse_options=pyarrow.csv.ParseOptions(newlines_in_values=True),
                convert_options=pyarrow.csv.ConvertOptions(
                    column_types=dict.fromkeys(names, pyarrow.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except (pyarrow.ArrowInvalid, OSError):
            pass
        else:
            text = _TEXT if isinstance(_TEXT, pd.api.extensions.ExtensionDtype) else None
            return table.to_pandas(
                types_mapper=lambda kind: text if kind == pyarrow.string() else None,
                split_blocks=True,
                self_destruct=True,
            )
    readable = source if isinstance(source, Path) else io.BytesIO(source)
    return pd.read_csv(readable, dtype=str, keep_default_na=False, na_filter=False)


def _header(source: Path | bytes) -> list[str] | None:
    """The column names of a CSV (a file or its bytes) Arrow reads as pandas does, else
    None: a first line that is a header of distinct, non-empty names, no byte-order mark."""
    try:
        with (
            source.open(encoding="utf-8", newline="")
            if isinstance(source, Path)
            else io.TextIOWrapper(io.BytesIO(source), encoding="utf-8", newline="")
        ) as handle:
            names = next(csv.reader(handle), None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if not names or "" in names or len(set(names)) != len(names) or names[0][:1] == "\ufeff":
        return None
    return names


def _typed(table: str, raw: pd.DataFrame, issues: list[ValidationIssue]) -> pd.DataFrame:
    """A table's cells as typed columns; cells that do not parse become nulls and issues.
    ``raw`` is emptied as its columns are typed, one at a time: a whole table is never held
    twice (100,000 articles' mentions are 170 MB of cells)."""
    kinds = {spec["name"]: spec["type"] for spec in fields(table)}
    typed: dict[str, pd.Series] = {}
    for name in list(raw.columns):
        cells = raw.pop(name)
        given = cells.replace("", None)
        kind = kinds.get(name)
        if kind == "integer":
            typed[name] = _integers(given)
        elif kind == "date":
            typed[name] = pd.to_datetime(given, format="%Y-%m-%d", errors="coerce")
        else:
            typed[name] = given
            continue
        bad = given.notna() & typed[name].isna()
        issues += [
            ValidationIssue(table, _line(n), name, cells[n], "type", f"not a valid {kind}")
            for n in cells.index[bad]
        ]
    return pd.DataFrame(typed, index=raw.index, copy=False)


#: A cell that is an integer as Arrow and pandas both read it, to the same number.
_PLAIN_INTEGER = r"^-?[0-9]+$"


def _integers(given: pd.Series) -> pd.Series:
    """``given``'s cells (text, nulls for empty cells) as ``Int64``, a cell that is not an
    integer a null, as ``pd.to_numeric(errors="coerce")`` then ``astype("Int64")`` types
    them. When the cells are Arrow text and every one is an optional minus and digits, in
    the range of 64 bits, Arrow casts them (in C++): the same numbers, where pandas took
    0.028 s for each of the mentions' two columns at 10,000 articles. Anything else
    (``+5``, `` 7``, ``1.0``, ``1e3``, which pandas reads as numbers, or ``0x10``, which
    Arrow would) is typed by pandas."""
    if _arrow_text(given):
        cells = pyarrow.array(given.array)
        plain = compute.all(compute.match_substring_regex(cells, _PLAIN_INTEGER)).as_py()
        if plain is not False:  # None: every cell null
            try:
                numbers = compute.cast(cells, pyarrow.int64())
            except pyarrow.ArrowInvalid:  # beyond 64 bits
                pass
            else:
                typed = numbers.to_pandas(types_mapper={pyarrow.int64(): pd.Int64Dtype()}.get)
                return pd.Series(typed.array, index=given.index, name=given.name)
    numbers = pd.to_numeric(given, errors="coerce")
    try:
        return numbers.astype("Int64")
    except (TypeError, ValueError, OverflowError):  # a fraction, or beyond 64 bits
        return pd.Series(
            pd.array([_integer_or_none(n) for n in numbers.astype(object)], dtype="Int64"),
            index=given.index,
            name=given.name,
        )


def _integer_or_none(number: Any) -> int | None:
    """A number pandas read as the integer a 64-bit column holds, else None (a fraction,
    a number beyond 64 bits, not a number): such a cell is not a valid integer, an issue
    rather than an error that stops validation."""
    if number is None or pd.isna(number):
        return None
    if isinstance(number, float) and not number.is_integer():
        return None
    whole = int(number)
    return whole if -(2**63) <= whole < 2**63 else None


def _line(index: int) -> int:
    """The CSV line of the row at 0-based ``index``."""
    return int(index) + 1 + HEADER_LINES


def _ascending_key(frame: pd.DataFrame, key: list[str]) -> bool:
    """Whether the table's key is one text column, with no nulls, in strictly ascending
    order, as the builder writes every table: then no two rows share it, which one pass
    over the column shows. Pandera checks a key with pandas' ``duplicated``, which hashes
    every key: 240 MB for the mentions of 100,000 articles, the peak of a build's memory."""
    if len(key) != 1 or len(frame) < 2:
        return False
    column = frame[key[0]]
    if not _arrow_text(column):
        return False
    values = pyarrow.array(column.array)  # Arrow-backed text: its own buffers, not a copy
    # Arrow compares text as UTF-8 bytes, which order as Python orders code points
    ascending = compute.all(compute.less(values[:-1], values[1:]), skip_nulls=False)
    return ascending.as_py() is True


def _pandera_issues(
    table: str, frame: pd.DataFrame, new_rows: pd.Index | None = None
) -> list[ValidationIssue]:
    """What the table's Pandera model finds in ``frame``: every check on every row, or,
    given ``new_rows`` (the index of the rows a validated package did not have), the
    checks of one row on those rows and the checks over the whole table on all."""
    model = pandera_model(table, check_key=not _ascending_key(frame, primary_key(table)))
    if new_rows is None:
        return _schema_issues(model, frame)
    return _schema_issues(row_part(model), frame.loc[new_rows]) + _schema_issues(
        table_part(model), frame
    )


def _schema_issues(model: pa.DataFrameSchema, frame: pd.DataFrame) -> list[ValidationIssue]:
    table = str(model.name)
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        issues = []
        for case in errors.failure_cases.to_dict("records"):
            index = case.get("index")
            line = _line(index) if index is not None and not pd.isna(index) else None
            value = case.get("failure_case")
            check = str(case.get("check"))
            friendly = next(
                (name for prefix, name in CHECK_NAMES if check.startswith(prefix)), None
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


def _load(
    package_dir: Path,
    issues: list[ValidationIssue],
    written: Mapping[str, WrittenTable] | None = None,
) -> tuple[dict, dict[str, pd.DataFrame], dict[str, WrittenTable]] | None:
    """The descriptor, every table's raw cells, and the tables of ``written`` the
    descriptor describes (``WrittenTable.described_by``), which are not read again; None
    (and an issue) without a descriptor. A resource or file that is missing is an issue,
    and its table is absent."""
    descriptor_path = package_dir / "datapackage.json"
    if not descriptor_path.is_file():
        issues.append(
            ValidationIssue(
                "datapackage", None, None, str(descriptor_path), "exists", "no datapackage.json"
            )
        )
        return None
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        issues.append(
            ValidationIssue("datapackage", None, None, None, "valid JSON", f"not JSON: {error}")
        )
        return None
    resources = {r.get("name"): r for r in descriptor.get("resources", [])}
    raws: dict[str, pd.DataFrame] = {}
    checked: dict[str, WrittenTable] = {}
    for table in TABLE_NAMES + tuple(t for t in OPTIONAL_TABLES if t in resources):
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
        early = (written or {}).get(table)
        if early is not None and early.described_by(path, resources[table]):
            checked[table] = early
        else:
            raws[table] = _raw(path)
    return descriptor, raws, checked


def _tables(
    raws: dict[str, pd.DataFrame],
    issues: list[ValidationIssue],
    timings: dict[str, float] | None = None,
    new_rows: Mapping[str, pd.Index] | None = None,
) -> dict[str, pd.DataFrame]:
    """Typed tables, each checked by its Pandera model (the checks of one row on the
    ``new_rows`` of a table, when given: see ``_pandera_issues``). ``raws`` is emptied as
    its tables are typed: a table's raw cells and its typed frame are not both kept (at
    100,000 articles the mentions alone are 170 MB of cells)."""
    frames = {}
    for table in list(raws):
        with timed(timings, "validate.types"):
            frames[table] = _typed(table, raws.pop(table), issues)
        with timed(timings, "validate.pandera"):
            fresh = None if new_rows is None else new_rows.get(table)
            issues += _pandera_issues(table, frames[table], fresh)
    return frames


def _complete(frames: dict[str, pd.DataFrame], descriptor: dict) -> bool:
    names = {r.get("name") for r in descriptor.get("resources", [])}
    return all(t in frames for t in TABLE_NAMES + tuple(t for t in OPTIONAL_TABLES if t in names))


# ---------------------------------------------------------------- the two entry points


def validate_package(package_dir: Path, corpus_dir: Path | None = None) -> list[ValidationIssue]:
    """Every problem of the package at ``package_dir``; an empty list means valid. Mention
    texts are checked against the articles in ``corpus_dir`` when it is given."""
    issues: list[ValidationIssue] = []
    loaded = _load(package_dir, issues)
    if loaded is None:
        return issues
    descriptor, raws, _ = loaded
    issues += package_issues(package_dir / "datapackage.json")
    frames = _tables(raws, issues)
    if _complete(frames, descriptor):
        issues += cross_table_issues(frames)
        if corpus_dir is not None:
            texts, missing = _corpus_texts(frames["articles"], corpus_dir)
            issues += missing + slice_issues(frames["mentions"], texts)
    return distinct_problems(issues)


def validate_build(
    package_dir: Path,
    texts: Mapping[str, str],
    validated: Path | None = None,
    jobs: int = 1,
    timings: dict[str, float] | None = None,
) -> list[ValidationIssue]:
    """Every problem of a package a build is about to publish, ``texts`` being the articles
    it was built from (by id); the seconds each check took go to ``timings`` (under
    ``validate.<check>``), when given.

    The same rules as ``validate_package``, split by what each needs. On the whole package,
    always: the descriptor (Frictionless' profile check), each file's size and hash, the
    Pandera checks over a whole table (``table_part``: columns, keys and other repeats),
    foreign keys and the cross-table checks (joins). On rows: Frictionless' type and
    constraint checks, Pandera's checks of one row (``row_part``), and each mention's slice
    of its article — on every row, or, given ``validated`` (a package that passed these
    checks, by the same validation code), on the rows it did not have: a row it had, byte
    for byte, passed them already, and they look at nothing but the row (and, for a slice,
    the article, whose sha256 is in its ``articles`` row).

    In two steps, which a build may run apart (``validator``): ``check_tables`` once the
    tables are written (taking the checks ``check_written`` ran on each table as soon as
    it was written), ``finish_checks`` once the descriptor has its version.
    """
    checks = check_tables(package_dir, validated, jobs, timings)
    return finish_checks(package_dir, checks, texts, validated, jobs, timings)


@dataclass
class TableChecks:
    """What ``check_tables`` found, and what ``finish_checks`` needs of it."""

    descriptor: dict | None  # the descriptor the tables were checked under (None: unread)
    issues: list[ValidationIssue]
    #: the mentions whose slice of their article is still to be checked
    mentions: pd.DataFrame | None = None

    def articles(self) -> list[str]:
        """The ids of the articles whose texts ``finish_checks`` needs (sorted)."""
        if self.mentions is None:
            return []
        return sorted({str(i) for i in self.mentions["article_id"].dropna()})


@dataclass
class WrittenTable:
    """A table checked as soon as its file was written (``check_written``), before the
    package's descriptor was: every check that needs nothing but the file and the validated
    package's. ``check_tables`` takes these results for the table the descriptor describes
    at ``path`` with the sha256 of the bytes that were checked (``digest``); the descriptor's
    sha256 is checked against the file's in ``finish_checks``."""

    path: Path
    digest: str  # "sha256:<hex>", as a resource's ``hash``
    fresh: pd.DataFrame  # the cells, as text, of the rows the validated package did not have
    frame: pd.DataFrame  # the cells typed
    issues: list[ValidationIssue]  # typing's and the table's Pandera model's

    def described_by(self, path: Path, resource: Mapping[str, Any]) -> bool:
        return path == self.path and resource.get("hash") == self.digest


def check_written(
    table: str,
    path: Path,
    before: Path | None = None,
    lines: Lines | None = None,
    timings: dict[str, float] | None = None,
) -> WrittenTable:
    """``check_tables``'s checks of one table, on its file as it is now: its rows that
    the validated package's table (the file ``before``, whose ``lines`` may have been
    taken) does not have, its typed cells and its Pandera model. A validator process
    (``validator``) runs this on each table as soon as the build has written it."""
    with timed(timings, "validate.read"):
        data = path.read_bytes()  # read once: the bytes checked are the bytes hashed
        raw = _raw(data)
    with timed(timings, "validate.new_rows"):
        fresh = _new_rows(raw, data, before, lines)
        fresh = fresh.copy() if fresh is raw else fresh  # ``raw`` is emptied as it is typed
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
    del data
    issues: list[ValidationIssue] = []
    new_rows = None if before is None else {table: fresh.index}
    frame = _tables({table: raw}, issues, timings, new_rows)[table]
    return WrittenTable(path, digest, fresh, frame, issues)


def check_tables(
    package_dir: Path,
    validated: Path | None = None,
    jobs: int = 1,
    timings: dict[str, float] | None = None,
    validated_lines: Mapping[str, Lines] | None = None,
    written: Mapping[str, WrittenTable] | None = None,
) -> TableChecks:
    """``validate_build``'s checks of the tables: all but the descriptor's own (its profile,
    the files' sizes and hashes) and the mentions' slices of the articles.
    ``validated_lines``: the ``validated`` package's tables as ``validated_lines`` takes
    them, when taken already; ``written``: tables checked as they were written
    (``check_written``), whose checks are taken for those the descriptor describes."""
    issues: list[ValidationIssue] = []
    with timed(timings, "validate.read"):
        loaded = _load(package_dir, issues, written)
    if loaded is None:
        return TableChecks(None, issues)
    descriptor, raws, checked = loaded
    with timed(timings, "validate.new_rows"):
        paths = table_paths(package_dir, descriptor)
        before = table_paths(validated) if validated is not None else {}
        taken = validated_lines or {}
        fresh = {
            t: _new_rows(raw, paths[t], before.get(t), taken.get(t)) for t, raw in raws.items()
        }
        fresh.update((t, early.fresh) for t, early in checked.items())
    with timed(timings, "validate.frictionless_rows"):
        issues += row_issues(descriptor, fresh, jobs)
    changed = set(fresh["articles"]["article_id"]) if "articles" in fresh else set()
    new_mentions = fresh["mentions"].index if "mentions" in fresh else pd.Index([])
    new_rows = {t: rows.index for t, rows in fresh.items()} if validated is not None else None
    del fresh  # the raw cells go as their tables are typed
    frames = _tables(raws, issues, timings, new_rows)
    for table, early in checked.items():
        frames[table] = early.frame
        issues += early.issues
    if not _complete(frames, descriptor):
        return TableChecks(descriptor, issues)
    with timed(timings, "validate.foreign_keys"):
        issues += foreign_key_issues(frames)
    with timed(timings, "validate.cross_table"):
        issues += cross_table_issues(frames)
    with timed(timings, "validate.mention_slices"):
        mentions = frames["mentions"]
        check = mentions.index.isin(new_mentions) | _among(mentions["article_id"], changed)
        return TableChecks(descriptor, issues, mentions[check])


def finish_checks(
    package_dir: Path,
    checks: TableChecks,
    texts: Mapping[str, str],
    validated: Path | None = None,
    jobs: int = 1,
    timings: dict[str, float] | None = None,
) -> list[ValidationIssue]:
    """The rest of ``validate_build``, after ``check_tables``: the descriptor now in the
    package (the one the tables were checked under, or that one with another version;
    else the tables are checked again, under this one) and the mentions' slices of
    ``texts``."""
    if checks.descriptor is None or not _same_but_version(
        checks.descriptor, _descriptor(package_dir)
    ):
        checks = check_tables(package_dir, validated, jobs, timings)
    if checks.descriptor is None:
        return checks.issues
    issues = list(checks.issues)
    with timed(timings, "validate.descriptor"):
        issues += metadata_issues(package_dir / "datapackage.json")
    with timed(timings, "validate.file_hashes"):
        issues += file_issues(package_dir, checks.descriptor)
    if checks.mentions is not None:
        with timed(timings, "validate.mention_slices"):
            issues += slice_issues(checks.mentions, texts)
    return distinct_problems(issues)


def _descriptor(package_dir: Path) -> Any:
    """The package's descriptor as JSON reads it; None when it cannot be read."""
    try:
        return json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def _same_but_version(before: dict, now: Any) -> bool:
    """Whether ``now`` is ``before`` but perhaps for its version (a build writes the
    version last, once it has compared the tables with the last release)."""
    if not isinstance(now, dict):
        return False
    return {k: v for k, v in before.items() if k != "version"} == {
        k: v for k, v in now.items() if k != "version"
    }


def table_paths(package_dir: Path, descriptor: dict | None = None) -> dict[str, Path]:
    """Each table's file in a package, by its descriptor (read from the package when not
    given; none when it cannot be read)."""
    try:
        if descriptor is None:
            descriptor = _descriptor(package_dir)
        resources = descriptor.get("resources", [])
        return {r["name"]: package_dir / r["path"] for r in resources if "path" in r}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


@dataclass(frozen=True)
class Lines:
    """A validated package's table as ``_new_rows`` looks rows up in it: its header line,
    its other lines (a set, and in the file's order), and whether each row is one line (no
    line has an odd number of quotes, which a cell holding a line break would leave)."""

    header: bytes | None
    rows: frozenset[bytes]
    a_line_per_row: bool
    ordered: Sequence[bytes] = ()  # the lines of ``rows`` in the file's order

    @classmethod
    def of(cls, path: Path) -> Lines:
        lines = path.read_bytes().splitlines()
        odd = any(line.count(b'"') % 2 for line in lines if b'"' in line)
        rows = lines[1:]
        return cls(lines[0] if lines else None, frozenset(rows), not odd, rows)


def warm_up(validated: Path, rows: int = WARM_UP_ROWS) -> None:
    """Check the first ``rows`` rows of each table of ``validated``, copied to a scratch
    folder, and forget the result. The checks' first run in a process loads what Pandera,
    Frictionless and pyarrow load on first use; at 10,000 articles it took 0.35-0.45 s
    longer than later runs. A validator process (``validator``) has the time to pay that
    before the tables it is to check are written. Anything wrong in the sample is for the
    real checks to find and report: nothing here is raised.

    Then the package's largest table is read whole (``_raw``) and let go: the first large
    file Arrow's CSV reader reads in a process took 0.15-0.2 s where later ones of its size
    took 0.04 (in two runs of four, one article added to 10,000: the mentions, 10.6 MB),
    and the mentions are the first table the build writes, whose checks the rest wait for.
    Read here first, the mentions as written took 0.034-0.040 s in three runs of three."""
    with tempfile.TemporaryDirectory(prefix="communique-warm-up-") as scratch:
        try:
            sample = Path(scratch)
            (sample / "datapackage.json").write_bytes((validated / "datapackage.json").read_bytes())
            paths = table_paths(validated)
            for path in paths.values():
                target = sample / path.relative_to(validated)
                target.parent.mkdir(parents=True, exist_ok=True)
                with path.open("rb") as source:
                    target.write_bytes(b"".join(itertools.islice(source, rows + 1)))
            check_tables(sample)
            if paths:
                _raw(max(paths.values(), key=lambda path: path.stat().st_size))
        except Exception:  # a warm-up: the real checks report what is wrong
            return


def validated_lines(validated: Path) -> dict[str, Lines]:
    """``Lines`` of each table of the ``validated`` package (what ``check_tables`` would
    read of it), taken beforehand by a validator that has the time (``validator``)."""
    return {t: Lines.of(path) for t, path in table_paths(validated).items() if path.is_file()}


def _new_rows(
    raw: pd.DataFrame, source: Path | bytes, before: Path | None, lines: Lines | None = None
) -> pd.DataFrame:
    """The rows of ``raw`` (read from ``source``, a file or its bytes) that the file
    ``before`` (the same table of
    a validated package, whose ``lines`` may have been taken already) does not have, cell
    for cell; every row when there is no such file or its columns differ.

    When every row of both files is one line (as the builder writes them: no cell holds a
    line break), a row is looked up as its line among the other file's lines, a set test
    that takes a tenth of the time of reading the other table and joining the two; and
    only the lines between those the two files have in common at their ends
    (``lines.common_ends``) are looked up, the others being the other file's own: when
    an article is added to 10,000, the mentions' 113,000 lines but a few (0.06 -> 0.03 s).
    The same cells written otherwise (other quotes) would count as new, and be checked
    again. Else the tables are joined on every column."""
    if before is None or raw.empty or not before.is_file():
        return raw
    if lines is None:
        lines = Lines.of(before)
    new = (source.read_bytes() if isinstance(source, Path) else source).splitlines()
    # a line per row: as many lines as rows and a header, and so in the other file
    if len(new) == len(raw) + 1 and lines.a_line_per_row:
        if lines.header is None or new[0] != lines.header:  # other columns, or in another order
            return raw
        rows = new[1:]
        head, tail = common_ends(lines.ordered, rows)
        between = rows[head : len(rows) - tail]
        return raw[[False] * head + [line not in lines.rows for line in between] + [False] * tail]
    return _new_rows_joined(raw, _raw(before))


def _new_rows_joined(raw: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """``_new_rows`` by joining the two tables on every column."""
    if list(before.columns) != list(raw.columns):
        return raw
    seen = before.drop_duplicates().assign(_seen=True)
    marked = raw.merge(seen, how="left", on=list(raw.columns), sort=False)
    marked.index = raw.index
    return raw[marked["_seen"].isna().to_numpy()]


# ---------------------------------------------------------------- across tables


def _among(values: pd.Series, allowed: Iterable[Any]) -> pd.Series:
    """``values.isin(allowed)``, not through pandas' own ``isin``, which on Arrow-backed
    text turns each allowed value into an Arrow scalar first (a Python loop that took
    seconds per foreign key at 10,000 articles). Arrow-backed text among text (every
    foreign key, the ids mentioned, the articles with texts) is looked up by Arrow's
    ``is_in``: the foreign keys and the checks across tables of 10,000 articles took
    0.08 s with the cells made Python strings for a hash table, 0.03 s this way. Anything
    else goes through that hash table. A null is among ``allowed`` only if a null is."""
    if _arrow_text(values):
        held = pyarrow.array(values.array)  # Arrow's own buffers, not a copy
        wanted = _arrow_text_array(allowed, held.type)
        if wanted is not None:
            found = compute.is_in(held, value_set=wanted)
            return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index)
    listed = allowed.astype(object) if isinstance(allowed, pd.Series) else list(allowed)
    return values.astype(object).isin(listed)


def _arrow_text(values: pd.Series) -> bool:
    """Whether ``values`` is text held by Arrow (how ``_raw`` reads every text column)."""
    return isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"


def _arrow_text_array(allowed: Iterable[Any], kind: pyarrow.DataType) -> pyarrow.Array | None:
    """``allowed`` as one Arrow array of text of type ``kind``, when it is text
    (Arrow-backed, or Python strings only); else None."""
    if isinstance(allowed, pd.Series):
        if not _arrow_text(allowed):
            return None
        held = pyarrow.array(allowed.array)
        if isinstance(held, pyarrow.ChunkedArray):
            held = held.combine_chunks()
        return held if held.type == kind else held.cast(kind)
    listed = list(allowed)
    if not all(type(value) is str for value in listed):
        return None
    return pyarrow.array(listed, type=kind)


def foreign_key_issues(frames: dict[str, pd.DataFrame]) -> list[ValidationIssue]:
    """Every value of a foreign key is a key of the table it names (from the schemas)."""
    issues = []
    for table, frame in frames.items():
        for column, target, key in foreign_keys(table):
            if target not in frames:
                continue
            values = frame[column]
            missing = values.notna() & ~_among(values, frames[target][key])
            issues += [
                ValidationIssue(
                    table,
                    _line(n),
                    column,
                    values[n],
                    "foreign-key",
                    f"no {target} row has {key} {values[n]!r}",
                )
                for n in frame.index[missing]
            ]
    return issues


def cross_table_issues(frames: dict[str, pd.DataFrame]) -> list[ValidationIssue]:
    """What no single table can check: participants, mentions, dates, curated rows."""
    mentions, meetings = frames["mentions"], frames["meetings"]
    issues = _absent(
        meetings,
        "meetings",
        "meeting_id",
        frames["meeting_participants"]["meeting_id"],
        "has a participant",
        "no row in meeting_participants",
    )
    for table, key in (("people", "person_id"), ("organisations", "organisation_id")):
        issues += _absent(
            frames[table], table, key, mentions[key], "has a mention", "no row in mentions names it"
        )
    articles = frames["articles"][["article_id", "published"]]
    reported = (
        mentions[["meeting_id", "article_id"]]
        .dropna()
        .merge(meetings[["meeting_id", "start_date"]], on="meeting_id")
        .merge(articles, on="article_id")
    )
    for row in reported[reported["start_date"] > reported["published"]].itertuples():
        issues.append(
            ValidationIssue(
                "meetings",
                None,
                "start_date",
                str(row.start_date)[:10],
                "starts no later than its articles",
                f"meeting {row.meeting_id} starts after article {row.article_id} "
                f"({str(row.published)[:10]}) reports it",
            )
        )
    roles = frames["roles"]
    for name in ("first_seen", "last_seen"):
        off = roles[name].notna() & ~roles[name].isin(articles["published"].dropna())
        issues += [
            ValidationIssue(
                "roles",
                _line(n),
                name,
                str(roles.at[n, name])[:10],
                "date of an article",
                "no article was published that day",
            )
            for n in roles.index[off]
        ]
    if "curations" in frames:
        issues += _curated_rows_exist(frames)
    return issues


def _absent(
    frame: pd.DataFrame, table: str, key: str, named: pd.Series, rule: str, message: str
) -> list[ValidationIssue]:
    """An issue for each row of ``frame`` whose ``key`` is not among ``named``."""
    missing = ~_among(frame[key], named.dropna())
    return [
        ValidationIssue(table, _line(n), key, frame.at[n, key], rule, message)
        for n in frame.index[missing]
    ]


def _curated_rows_exist(frames: dict[str, pd.DataFrame]) -> list[ValidationIssue]:
    """Every row of ``curations`` names a row of its resource (participations included,
    which a single-column foreign key cannot check)."""
    curations = frames["curations"]
    issues = []
    for table in sorted(set(curations["resource"].dropna()) & set(frames)):
        key = primary_key(table)
        named = curations[curations["resource"] == table]
        found = named[key].merge(
            frames[table][key].drop_duplicates().assign(_found=True), how="left", on=key
        )
        for n, hit, values in zip(
            named.index, found["_found"].isna(), named[key].itertuples(index=False), strict=True
        ):
            if hit:
                issues.append(
                    ValidationIssue(
                        "curations",
                        _line(n),
                        "resource",
                        table,
                        "names a published row",
                        f"no {table} row has key {'/'.join(map(str, values))}",
                    )
                )
    return issues


# ---------------------------------------------------------------- mention texts


def _corpus_texts(
    articles: pd.DataFrame, corpus_dir: Path
) -> tuple[dict[str, str], list[ValidationIssue]]:
    """The canonical text of every article file the package names, and an issue for each
    file that is missing."""
    from communique.read import load_text

    texts, issues = {}, []
    for article_id, relative in zip(articles["article_id"], articles["path"], strict=True):
        path = corpus_dir / relative
        if path.is_file():
            texts[article_id] = load_text(path)
        else:
            issues.append(
                ValidationIssue(
                    "articles", None, "path", relative, "file exists", f"{path} is missing"
                )
            )
    return texts, issues


#: Articles per DuckDB query of ``slice_issues``: the texts of a batch are copied into
#: DuckDB, so a batch bounds the memory the check adds (all 100,000 articles' texts at
#: once added 330 MB to the build's peak).
SLICE_BATCH = 10_000
#: The most spans whose slices are checked in Python rather than by DuckDB, whose
#: connection and query take 0.035 s however few the spans: after an article is added to a
#: validated package, its new mentions are a handful, and this is the last check the build
#: waits for. A Python loop over 2,000 spans takes about 2 ms.
SLICES_HERE = 2_000


def slice_issues(mentions: pd.DataFrame, texts: Mapping[str, str]) -> list[ValidationIssue]:
    """Each mention's ``text`` is ``article[start:end]``: a DuckDB join of the mentions
    with the texts (DuckDB's ``substring`` counts code points, as Python's indexes do), one
    query per ``SLICE_BATCH`` articles; up to ``SLICES_HERE`` spans, checked in Python."""
    spans = mentions.loc[
        _among(mentions["article_id"], texts) & mentions["start"].notna() & mentions["end"].notna(),
        ["article_id", "start", "end", "text"],
    ]
    if spans.empty:
        return []
    spans = spans.astype({"start": "int64", "end": "int64"}).assign(
        line=lambda f: f.index + 1 + HEADER_LINES
    )
    if len(spans) <= SLICES_HERE and bool(
        ((spans["start"] >= 0) & (spans["end"] >= spans["start"])).all()
    ):
        wrong = _wrong_slices_here(spans, texts)
    else:
        wrong = _wrong_slices_in_duckdb(spans, texts)
    wrong.sort(key=lambda found: found[0])
    return [
        ValidationIssue(
            "mentions",
            int(line),
            "text",
            text,
            "equals its slice of the article",
            f"article has {actual!r} at {start}-{end}",
        )
        for line, text, start, end, actual in wrong
    ]


def _wrong_slices_here(spans: pd.DataFrame, texts: Mapping[str, str]) -> list[tuple]:
    """The (line, text, start, end, slice) of each span whose text is not its slice, as
    ``_wrong_slices_in_duckdb`` finds them, found in Python: for spans that start at 0 or
    later and end no earlier (where DuckDB's ``substring`` and a Python slice agree)."""
    wrong = []
    for article_id, start, end, text, line in spans[
        ["article_id", "start", "end", "text", "line"]
    ].itertuples(index=False):
        actual = texts[article_id][start:end]
        given = text if isinstance(text, str) else None  # a null cell: never its slice
        if given != actual:
            wrong.append((int(line), given, int(start), int(end), actual))
    return wrong


def _wrong_slices_in_duckdb(spans: pd.DataFrame, texts: Mapping[str, str]) -> list[tuple]:
    """The (line, text, start, end, slice) of each span whose text is not its slice: a
    DuckDB join of the spans with the texts, one query per ``SLICE_BATCH`` articles."""
    import duckdb

    named = sorted(set(spans["article_id"]))
    batch_of = {article: n // SLICE_BATCH for n, article in enumerate(named)}
    wrong = []
    with duckdb.connect() as db:
        db.execute("SET enable_progress_bar = false")
        for number, batch_spans in spans.groupby(spans["article_id"].map(batch_of), sort=True):
            batch = named[number * SLICE_BATCH : (number + 1) * SLICE_BATCH]
            bodies = pd.DataFrame({"article_id": batch, "body": [texts[a] for a in batch]})
            db.register("spans", batch_spans)
            db.register("bodies", bodies)
            wrong += db.execute(
                "SELECT s.line, s.text, s.start, s.end,"
                " substring(b.body, s.start + 1, s.end - s.start)"
                " FROM spans s JOIN bodies b USING (article_id)"
                " WHERE s.text IS DISTINCT FROM substring(b.body, s.start + 1, s.end - s.start)"
            ).fetchall()
            db.unregister("spans")
            db.unregister("bodies")
    return wrong
