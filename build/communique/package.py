"""Reading and writing the package: CSV files in schema order and the Data Package
descriptor. Writing is deterministic: same tables, same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from communique.errors import PackageError as PackageError
from communique.model import ALL_TABLES, OPTIONAL_TABLES, TABLE_NAMES, Row, Tables
from communique.schema import field_names, field_types, load_schema, primary_key

DATA_PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


@dataclass(frozen=True)
class Package:
    descriptor: dict[str, Any]
    tables: Tables
    directory: Path


def cell_text(value: Any) -> str:
    """A value as its CSV cell: null as empty, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def table_csv(table: str, rows: list[dict[str, Any]]) -> bytes:
    """One table as CSV bytes: schema column order, rows sorted by primary key."""
    buffer = io.StringIO()
    write_table_csv(table, rows, buffer)
    return buffer.getvalue().encode("utf-8")


def write_table_csv(table: str, rows: list[dict[str, Any]], handle: TextIO) -> None:
    """``table_csv`` written to a text handle (UTF-8, ``newline=""``) as it is made: a whole
    table's text and its bytes are never held (at 100,000 articles the mentions are 106 MB
    of CSV, twice over)."""
    names = field_names(table)
    # each row has as many columns as the schema (one pass of C calls over 113,000 rows
    # at 10,000 articles), and each of the schema's columns, found as the rows are sorted
    # and written (a missing one is a KeyError): so exactly the schema's columns. The row
    # that differs is found and named only then
    if not {len(names)}.issuperset(map(len, rows)):
        raise _misshapen(table, rows, names)
    try:
        _write_sorted(table, rows, names, handle)
    except KeyError as error:
        raise _misshapen(table, rows, names) from error


def _misshapen(table: str, rows: list[dict[str, Any]], names: list[str]) -> Exception:
    """The error that names the first row whose columns are not the schema's."""
    for n, row in enumerate(rows, start=1):
        missing = [f for f in names if f not in row]
        unknown = [f for f in row if f not in names]
        if missing or unknown:
            return ValueError(
                f"{table} row {n}: "
                + (f"missing field(s) {', '.join(missing)} " if missing else "")
                + (f"unknown field(s) {', '.join(unknown)}" if unknown else "")
            )
    return RuntimeError(f"{table}: a KeyError with every row's columns the schema's")


def _write_sorted(table: str, rows: list[dict[str, Any]], names: list[str], handle: TextIO) -> None:
    """The rows written in ``names``' order, sorted by the primary key."""
    keys = primary_key(table)
    key_cells = (
        map(operator.itemgetter(keys[0]), rows)
        if len(keys) == 1
        else (row[key] for row in rows for key in keys)
    )
    if {str}.issuperset(map(type, key_cells)):  # every key cell text: sorted as it is
        sort_key: Any = operator.itemgetter(*keys)
    else:
        sort_key = lambda row: tuple(cell_text(row[key]) for key in keys)  # noqa: E731
    writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(names)
    # by the key's cells as text; stable, as ``sorted`` is. The rows' cells are made as
    # they are written, not all first: the mentions of 100,000 articles are a million rows
    dated = [name for name, kind in field_types(table).items() if kind in _DATED]
    writer.writerows(_cells(sorted(rows, key=sort_key), names, dated))


#: the schema types whose cells the CSV writer alone would not write as ``cell_text``
#: does, were they a datetime (``str`` puts a space in it)
_DATED = frozenset({"date", "datetime"})


def _cells(rows: list[dict[str, Any]], names: list[str], dated: list[str]) -> Iterator[tuple]:
    """Each row's values in column order, as the CSV writer writes them: text, numbers,
    None (empty) and dates as they are, since it writes them as ``cell_text`` does (``str``
    of a ``date`` is its ISO form); only when a datetime, or another kind of date, is
    among the cells of the ``dated`` columns (the schema's dates: ``str`` puts a space in
    a datetime) is every cell turned into its text first. A table without such columns
    (the mentions, the participants) is not scanned."""
    pick = operator.itemgetter(*names)
    values = (pick(row) for row in rows) if len(names) > 1 else ((row[names[0]],) for row in rows)
    types = {t for name in dated for t in set(map(type, map(operator.itemgetter(name), rows)))}
    if any(issubclass(t, dt.date) and t is not dt.date for t in types):
        return (tuple(v if isinstance(v, str) else cell_text(v) for v in row) for row in values)
    return values


def published_tables(tables: Tables) -> tuple[str, ...]:
    """Every required table, and the optional ones ``tables`` has."""
    return TABLE_NAMES + tuple(t for t in OPTIONAL_TABLES if t in tables)


def write_tables(
    tables: Tables, out_dir: Path, written: Callable[[str, Path], None] | None = None
) -> None:
    """Write ``out_dir/data/<table>.csv`` for every published table, the one of most rows
    first, and tell ``written`` of each file once it is complete: a validation process
    beside the build (``validator``) checks each while the build writes the rest, and
    starts with the longest check."""
    data = out_dir / "data"
    data.mkdir(parents=True, exist_ok=True)
    for table in sorted(published_tables(tables), key=lambda t: -len(tables.get(t, []))):
        path = data / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_table_csv(table, tables.get(table, []), handle)
        if written is not None:
            written(table, path)


def file_size_and_hash(path: Path) -> dict[str, Any]:
    """The ``bytes`` and ``hash`` a resource declares for its file, the file read by blocks
    (the mentions of 100,000 articles are 106 MB)."""
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256")
    return {"bytes": path.stat().st_size, "hash": "sha256:" + digest.hexdigest()}


def write_descriptor(out_dir: Path, metadata: dict[str, Any]) -> dict[str, Any]:
    """Write ``out_dir/datapackage.json`` describing the CSVs already in ``out_dir/data``."""
    descriptor: dict[str, Any] = {"$schema": DATA_PACKAGE_PROFILE}
    for key in (
        "name",
        "title",
        "description",
        "version",
        "licenses",
        "sources",
        "contributors",
        "keywords",
    ):
        if key in metadata:
            descriptor[key] = metadata[key]
    for key, value in metadata.items():
        descriptor.setdefault(key, value)
    resources = []
    for table in ALL_TABLES:
        path = out_dir / "data" / f"{table}.csv"
        if table in OPTIONAL_TABLES and not path.exists():
            continue
        schema = load_schema(table)
        resources.append(
            {
                "name": table,
                "type": "table",
                "path": f"data/{table}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": schema.get("description", ""),
                **file_size_and_hash(path),
                "schema": schema,
            }
        )
    descriptor["resources"] = resources
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (out_dir / "datapackage.json").write_text(text, encoding="utf-8", newline="\n")
    return descriptor


def _parse(value: str, type_: str, path: Path, line: int, field: str) -> Any:
    if value == "":
        return None
    try:
        if type_ == "integer":
            return int(value)
        if type_ == "date":
            return dt.date.fromisoformat(value)
    except ValueError as error:
        raise PackageError(
            f"{path}:{line} field {field}: {value!r} is not a valid {type_}"
        ) from error
    return value


def read_package(path: Path) -> Package:
    """Read a package folder (or its datapackage.json) into typed tables."""
    descriptor_path = path if path.name == "datapackage.json" else path / "datapackage.json"
    directory = descriptor_path.parent
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise PackageError(f"{descriptor_path}: no such file") from error
    except json.JSONDecodeError as error:
        raise PackageError(f"{descriptor_path}: not valid JSON ({error})") from error
    tables: Tables = {}
    for resource in descriptor.get("resources", []):
        name = resource.get("name")
        csv_path = directory / resource.get("path", "")
        types = {
            f["name"]: f.get("type", "string") for f in resource.get("schema", {}).get("fields", [])
        } or (field_types(name) if name in ALL_TABLES else {})
        try:
            with csv_path.open(encoding="utf-8", newline="") as handle:
                tables[name] = _typed_rows(csv.reader(handle), types, csv_path)
        except FileNotFoundError as error:
            raise PackageError(f"{csv_path}: no such file (resource {name})") from error
    return Package(descriptor, tables, directory)


def _typed_rows(reader: Iterator[list[str]], types: dict[str, str], path: Path) -> list[Row]:
    """The rows after the header line, as ``csv.DictReader`` gives them (blank lines
    skipped, a short row's missing cells empty, a long row's extra cells in a list under
    ``None``), each empty cell None and each cell of a non-text column parsed, in row
    order. Not through ``DictReader`` itself: it makes each row's dict twice, a third of
    the time to read the previous release."""
    header = next(reader, None)
    if header is None:
        return []
    width = len(header)
    rows: list[Row] = []
    for cells in reader:
        if not cells:
            continue
        row: Row = {k: v or None for k, v in zip(header, cells, strict=False)}
        if len(cells) < width:
            row.update(dict.fromkeys(header[len(cells) :]))
        elif len(cells) > width:
            row[None] = cells[width:]  # type: ignore[index]
        rows.append(row)
    typed = [(k, types[k]) for k in dict.fromkeys(header) if types.get(k, "string") != "string"]
    for n, row in enumerate(rows if typed else (), start=2):
        for k, type_ in typed:
            if row[k] is not None:
                row[k] = _parse(row[k], type_, path, n, k)
    return rows
