"""The files analysts load: a SQLite database and Parquet files (with DuckDB views) typed
from the schemas, the same convenience views in both, and the same bytes on every run."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import sqlite3
import zipfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from communique.export.outputs import write_outputs
from communique.export.sqlite import ExportError, write_sqlite
from communique.export.views import convenience_views, parse_views
from communique.model import TABLE_NAMES
from communique.package import read_package
from communique.schema import fields, foreign_keys, load_schema, primary_key
from table_helpers import row, visit_tables

ROOT = Path(__file__).resolve().parents[1]
WHO_MET_WHOM = (
    "SELECT person_a_name, person_b_name, start_date, kind, location, country, article_ids "
    "FROM contacts ORDER BY start_date, meeting_id, person_a_id, person_b_id"
)


@pytest.fixture
def visit_db(tmp_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(write_sqlite(visit_tables(), tmp_path / "visit.sqlite"))


def test_contacts_count_a_visit_only_for_pairs_its_meetings_do_not_have(visit_db):
    rows = visit_db.execute(
        "SELECT meeting_id, person_a_id, person_b_id, person_a_title, article_ids FROM contacts"
    ).fetchall()
    assert rows == [
        ("talks-one", "ada", "bo", "Minister", "x1 x2"),
        ("visit", "ada", "di", "Minister", None),
        ("visit", "bo", "di", None, None),
        ("talks-two", "ada", "cy", "Minister", None),
        ("call", "bo", "cy", None, None),
    ]


def test_meeting_attendance_flags_visits_and_posts_and_aliases_join_names(visit_db):
    flags = dict(
        visit_db.execute("SELECT DISTINCT meeting_id, is_visit FROM meeting_attendance").fetchall()
    )
    assert flags == {"visit": 1, "talks-one": 0, "talks-two": 0, "call": 0}
    assert visit_db.execute(
        "SELECT person_name, title, organisation_name FROM posts"
    ).fetchall() == [("Ada Invented", "Minister", "Ministry")]
    aliases = visit_db.execute("SELECT entity_type, entity_id, name, alias FROM aliases")
    assert aliases.fetchall() == [
        ("organisation", "mfa", "Ministry", "x"),
        ("person", "ada", "Ada Invented", "x"),
    ]


def test_a_broken_foreign_key_is_refused_and_leaves_no_file(tmp_path: Path):
    tables = visit_tables()
    tables["meeting_participants"].append(
        row("meeting_participants", meeting_id="call", person_id="nobody")
    )
    target = tmp_path / "broken.sqlite"
    with pytest.raises(ExportError, match=r"meeting_participants row .* no matching row in people"):
        write_sqlite(tables, target)
    assert list(tmp_path.iterdir()) == []


def test_columns_keys_and_indexes_come_from_the_schemas(visit_db):
    declared = {"string": "TEXT", "integer": "INTEGER", "date": "DATE"}
    for table in TABLE_NAMES:
        info = visit_db.execute(f"PRAGMA table_info({table})").fetchall()
        assert [(c[1], c[2], bool(c[3])) for c in info] == [
            (f["name"], declared[f["type"]], f.get("constraints", {}).get("required", False))
            for f in fields(table)
        ]
        keyed = sorted(c[1] for c in info if c[5])
        assert keyed == sorted(primary_key(table))
        references = {
            (row[3], row[2], row[4])
            for row in visit_db.execute(f"PRAGMA foreign_key_list({table})")
        }
        assert references == set(foreign_keys(table))
        indexed = {
            visit_db.execute(f"PRAGMA index_info('{index[1]}')").fetchone()[2]
            for index in visit_db.execute(f"PRAGMA index_list({table})")
            if index[3] == "c"
        }
        assert {here for here, _, _ in foreign_keys(table)} <= indexed


def test_enum_constraints_hold_in_sqlite(visit_db):
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        visit_db.execute("UPDATE meetings SET kind = 'picnic' WHERE meeting_id = 'call'")


def test_every_view_has_a_name_and_a_description():
    assert [v.name for v in convenience_views()] == [
        "contacts",
        "meeting_attendance",
        "posts",
        "aliases",
    ]
    assert all(len(v.description) > 40 for v in convenience_views())
    with pytest.raises(ValueError, match="not a CREATE VIEW"):
        parse_views("-- a table\nCREATE TABLE t (a);\n")


def _unzip(archive: Path, into: Path) -> Path:
    with zipfile.ZipFile(archive) as handle:
        handle.extractall(into)
    (folder,) = into.iterdir()
    return folder


def _duckdb(folder: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(f"SET file_search_path = '{folder}'")
    connection.execute((folder / "views.sql").read_text(encoding="utf-8"))
    return connection


def _plain(rows: list[tuple]) -> list[tuple]:
    return [tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row) for row in rows]


@pytest.fixture(scope="module")
def committed_outputs(tmp_path_factory) -> Path:
    return _outputs(ROOT / "datapackage", tmp_path_factory.mktemp("committed"))


def _outputs(package: Path, dist: Path) -> Path:
    write_outputs(package, dist)
    return dist


def _database(dist: Path) -> Path:
    (database,) = dist.glob("*.sqlite")
    return database


def test_who_met_whom_is_one_select_in_sqlite(invented_package: Path, tmp_path: Path):
    connection = sqlite3.connect(_database(_outputs(invented_package, tmp_path)))
    assert connection.execute(WHO_MET_WHOM).fetchall() == [
        ("Kamran Huseynli", "Sengphet Vongkham", "2025-05-03", "talks", None, "LAO", "a"),
        (
            "Kamran Huseynli",
            "Thongvanh Phommasane",
            "2025-05-04",
            "talks",
            "Vientiane",
            "LAO",
            "a b",
        ),
    ]


@pytest.mark.parametrize("package", ["committed", "invented", "dev"])
def test_duckdb_over_parquet_gives_the_rows_sqlite_gives(package, request, tmp_path: Path):
    source = {
        "committed": lambda: ROOT / "datapackage",
        "invented": lambda: request.getfixturevalue("invented_package"),
        "dev": lambda: request.getfixturevalue("dev_package"),
    }[package]()
    dist = _outputs(source, tmp_path / "dist")
    lite = sqlite3.connect(_database(dist))
    duck = _duckdb(_unzip(next(dist.glob("*-parquet.zip")), tmp_path / "parquet"))
    assert lite.execute(WHO_MET_WHOM).fetchall()
    assert _plain(duck.execute(WHO_MET_WHOM).fetchall()) == lite.execute(WHO_MET_WHOM).fetchall()
    for view in convenience_views():
        query = f"SELECT * FROM {view.name}"
        assert _plain(duck.execute(query).fetchall()) == lite.execute(query).fetchall(), view.name
    for table in TABLE_NAMES:
        query = f"SELECT * FROM {table} ORDER BY {', '.join(primary_key(table))}"
        assert _plain(duck.execute(query).fetchall()) == lite.execute(query).fetchall(), table


def test_foreign_key_check_is_empty_for_the_committed_package(committed_outputs: Path):
    connection = sqlite3.connect(_database(committed_outputs))
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    tables = read_package(ROOT / "datapackage").tables
    for table in TABLE_NAMES:
        count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert count == len(tables[table]), table


def test_parquet_types_match_the_schemas(committed_outputs: Path):
    arrow = {"string": "string", "integer": "int64", "date": "date32[day]"}
    with zipfile.ZipFile(next(committed_outputs.glob("*-parquet.zip"))) as archive:
        for table in TABLE_NAMES:
            (member,) = [n for n in archive.namelist() if n.endswith(f"/{table}.parquet")]
            schema = pq.read_schema(io.BytesIO(archive.read(member)))
            assert schema.metadata[b"description"].decode() == load_schema(table)["description"]
            for column, field in zip(schema, fields(table), strict=True):
                required = field.get("constraints", {}).get("required", False)
                assert (column.name, str(column.type), column.nullable) == (
                    field["name"],
                    arrow[field["type"]],
                    not required,
                )
                assert column.metadata[b"description"].decode() == field["description"]


def test_the_same_package_gives_the_same_bytes(tmp_path: Path):
    first = write_outputs(ROOT / "datapackage", tmp_path / "one")
    second = write_outputs(ROOT / "datapackage", tmp_path / "two")
    assert [p.name for p in first] == [p.name for p in second]
    assert len(first) == 6
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    for checksum in (p for p in first if p.suffix == ".sha256"):
        digest, name = checksum.read_text().split()
        assert hashlib.sha256((tmp_path / "one" / name).read_bytes()).hexdigest() == digest
