"""The package as Parquet files, one per table, typed from the table schemas (dates as
date32, integers as int64, nullable unless required, descriptions in the field metadata),
and a DuckDB script that puts views, comments and the convenience views over them."""

from __future__ import annotations

import io
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from communique.export.sqlite import quote
from communique.export.views import convenience_views
from communique.model import TABLE_NAMES, Row
from communique.schema import fields, load_schema

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "date": pa.date32(),
}


def _meta(description: str) -> dict[bytes | str, bytes | str]:
    return {b"description": description.encode("utf-8")} if description else {}


def arrow_schema(table: str) -> pa.Schema:
    """The table's Arrow schema, as its JSON table schema says."""
    columns = []
    for field in fields(table):
        if field["type"] not in ARROW_TYPES:
            raise ValueError(f"{table}.{field['name']}: no Arrow type for {field['type']!r}")
        columns.append(
            pa.field(
                field["name"],
                ARROW_TYPES[field["type"]],
                nullable=not field.get("constraints", {}).get("required", False),
                metadata=_meta(field.get("description", "")),
            )
        )
    return pa.schema(columns, metadata=_meta(load_schema(table).get("description", "")))


def parquet_bytes(table: str, rows: list[Row]) -> bytes:
    """One table as Parquet bytes; the same rows give the same bytes."""
    schema = arrow_schema(table)
    data = pa.Table.from_pylist([{f.name: row[f.name] for f in schema} for row in rows], schema)
    buffer = io.BytesIO()
    pq.write_table(data, buffer, compression="zstd")
    return buffer.getvalue()


def _string(text: str) -> str:
    return "'" + " ".join(text.split()).replace("'", "''") + "'"


def duckdb_script(descriptor: dict[str, Any]) -> str:
    """``views.sql`` for the Parquet folder: a view per table over its file (paths relative to
    the folder: run it from there, or ``SET file_search_path`` to it), the descriptions as
    comments, then the convenience views."""
    lines = [
        f"-- {descriptor.get('title', descriptor['name'])}, version {descriptor['version']}:",
        "-- DuckDB views over the Parquet files beside this script. From this folder:",
        "--   duckdb -init views.sql",
        "",
    ]
    for table in TABLE_NAMES:
        columns = ", ".join(quote(f["name"]) for f in fields(table))
        lines.append(
            f"CREATE VIEW {table} AS SELECT {columns} FROM read_parquet('{table}.parquet');"
        )
        lines.append(f"COMMENT ON VIEW {table} IS {_string(load_schema(table)['description'])};")
        for field in fields(table):
            if field.get("description"):
                lines.append(
                    f"COMMENT ON COLUMN {table}.{quote(field['name'])} "
                    f"IS {_string(field['description'])};"
                )
        lines.append("")
    for view in convenience_views():
        lines += [view.sql, f"COMMENT ON VIEW {view.name} IS {_string(view.description)};", ""]
    return "\n".join(lines)
