"""The package as one SQLite database: typed columns, NULLs, primary and foreign keys, an
index on every foreign key and the convenience views, all derived from the table schemas.
The same package always gives the same bytes (with the same SQLite library)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

from communique.export.views import convenience_views
from communique.model import TABLE_NAMES, Tables
from communique.schema import fields, foreign_keys, load_schema, primary_key

#: Table Schema type -> SQLite column type. DATE keeps ISO text (NUMERIC affinity leaves
#: ``YYYY-MM-DD`` as text) and tells readers such as pandas and sqlite3 what it holds.
SQLITE_TYPES = {"string": "TEXT", "integer": "INTEGER", "date": "DATE"}


class ExportError(Exception):
    """The tables do not fit their schemas' keys; the message names what broke."""


def quote(identifier: str) -> str:
    """An identifier as SQL, so that fields named like keywords (``end``) stay fields."""
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: Any) -> str:
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _comment(text: str) -> str:
    return " ".join(text.split())


def _column(field: dict[str, Any]) -> str:
    name, type_ = field["name"], field["type"]
    if type_ not in SQLITE_TYPES:
        raise ExportError(f"field {name}: no SQLite type for Table Schema type {type_!r}")
    constraints = field.get("constraints", {})
    parts = [quote(name), SQLITE_TYPES[type_]]
    if constraints.get("required"):
        parts.append("NOT NULL")
    if "enum" in constraints:
        options = ", ".join(_literal(v) for v in constraints["enum"])
        parts.append(f"CHECK ({quote(name)} IN ({options}))")
    if "minimum" in constraints:
        parts.append(f"CHECK ({quote(name)} >= {_literal(constraints['minimum'])})")
    if "maximum" in constraints:
        parts.append(f"CHECK ({quote(name)} <= {_literal(constraints['maximum'])})")
    return " ".join(parts)


def create_table_sql(table: str) -> str:
    """``CREATE TABLE`` from the table's schema, each column's description as a comment (so
    ``.schema`` in the sqlite3 shell documents the table)."""
    lines = [_column(f) for f in fields(table)]
    comments = [_comment(f.get("description", "")) for f in fields(table)]
    lines.append(f"PRIMARY KEY ({', '.join(quote(k) for k in primary_key(table))})")
    comments.append("")
    for here, there_table, there in foreign_keys(table):
        lines.append(
            f"FOREIGN KEY ({quote(here)}) REFERENCES {quote(there_table)} ({quote(there)})"
        )
        comments.append("")
    body = []
    for n, (line, comment) in enumerate(zip(lines, comments, strict=True)):
        separator = "," if n < len(lines) - 1 else ""
        body.append(f"  {line}{separator}" + (f"  -- {comment}" if comment else ""))
    description = _comment(load_schema(table).get("description", ""))
    return f"-- {description}\nCREATE TABLE {quote(table)} (\n" + "\n".join(body) + "\n)"


def create_indexes_sql(table: str) -> list[str]:
    """One index per foreign key field, so joins and ``foreign_key_check`` stay fast."""
    return [
        f"CREATE INDEX {quote(f'{table}__{here}')} ON {quote(table)} ({quote(here)})"
        for here, _, _ in foreign_keys(table)
    ]


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _fill(connection: sqlite3.Connection, tables: Tables) -> None:
    for table in TABLE_NAMES:
        names = [f["name"] for f in fields(table)]
        columns = ", ".join(quote(n) for n in names)
        marks = ", ".join("?" for _ in names)
        connection.executemany(
            f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})",
            ([_cell(row[n]) for n in names] for row in tables.get(table, [])),
        )


def foreign_key_problems(connection: sqlite3.Connection) -> list[str]:
    """``PRAGMA foreign_key_check`` as readable lines: table, rowid, the table it misses."""
    return [
        f"{table} row {rowid}: no matching row in {parent}"
        for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check")
    ]


def create_database(connection: sqlite3.Connection, tables: Tables) -> None:
    """Create the tables, indexes and views in an empty database and fill them, in one
    transaction; refuse (and roll back) when a foreign key points at no row."""
    connection.execute("BEGIN")
    try:
        for table in TABLE_NAMES:
            connection.execute(create_table_sql(table))
            for statement in create_indexes_sql(table):
                connection.execute(statement)
        for view in convenience_views():
            connection.execute(view.sql)
        _fill(connection, tables)
        problems = foreign_key_problems(connection)
        if problems:
            raise ExportError("foreign keys broken: " + "; ".join(problems))
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def write_sqlite(tables: Tables, target: Path) -> Path:
    """Write the database to ``target``, replacing it only once it is complete."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial, isolation_level=None)
    try:
        connection.execute("PRAGMA page_size = 4096")
        create_database(connection, tables)
        connection.execute("VACUUM")
    except BaseException:
        connection.close()
        partial.unlink(missing_ok=True)
        raise
    connection.close()
    os.replace(partial, target)
    return target
