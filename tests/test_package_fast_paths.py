"""The fast paths of writing and reading tables, diffing packages and keying rows for the
changelog give what the plain, row-by-row forms give (those are written out here as the
reference)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from pathlib import Path

import pytest
from communique import diff as diff_module
from communique.diff import diff_packages, rows_by_key, rows_under
from communique.package import (
    PackageError,
    _parse,
    cell_text,
    read_package,
    table_csv,
    write_descriptor,
    write_tables,
)
from communique.schema import field_names, field_types, primary_key
from corpus_helpers import files
from table_helpers import row, visit_tables


def plain_table_csv(table: str, rows: list[dict]) -> bytes:
    """Every cell through ``cell_text``, rows sorted by their key cells as text."""
    names = field_names(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(names)
    key = primary_key(table)
    for r in sorted(rows, key=lambda r: tuple(cell_text(r[k]) for k in key)):
        writer.writerow([cell_text(r[f]) for f in names])
    return buffer.getvalue().encode("utf-8")


def plain_read_rows(path: Path, types: dict[str, str]) -> list[dict]:
    """A table's rows as ``csv.DictReader`` gives them, each cell parsed on its own."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {
                k: _parse(v or "", types[k], path, n, k)
                if types.get(k, "string") != "string"
                else v or None
                for k, v in found.items()
            }
            for n, found in enumerate(csv.DictReader(handle), start=2)
        ]


def read_one_table(folder: Path, text: str) -> list[dict] | str:
    """The rows ``read_package`` reads from a one-table package whose CSV is ``text`` (a
    text column, an integer one and a date one), or the error it raises."""
    (folder / "t.csv").write_text(text, encoding="utf-8", newline="")
    fields = [{"name": "a"}, {"name": "n", "type": "integer"}, {"name": "d", "type": "date"}]
    resource = {"name": "t", "path": "t.csv", "schema": {"fields": fields}}
    (folder / "datapackage.json").write_text(json.dumps({"resources": [resource]}))
    try:
        return read_package(folder).tables["t"]
    except PackageError as error:
        return str(error)


def shuffled(rows: list[dict], seed: int = 7) -> list[dict]:
    rows = list(rows)
    random.Random(seed).shuffle(rows)
    return rows


def test_table_csv_matches_the_plain_writer_on_every_kind_of_cell():
    tables = visit_tables()
    for table, rows in tables.items():
        assert table_csv(table, shuffled(rows)) == plain_table_csv(table, rows), table


def test_table_csv_writes_datetimes_and_sorts_number_keys_as_text():
    # a datetime is written in ISO form (the CSV writer alone would put a space in it); a
    # key that is a number sorts as its text ("10" before "9"), as the plain writer sorts
    meetings = [
        row("meetings", meeting_id=f"m{n}", kind="talks", start_date=dt.date(2025, 1, n))
        for n in (9, 10, 1)
    ]
    meetings.append(
        row("meetings", meeting_id="m2", kind="call", start_date=dt.datetime(2025, 1, 2, 3, 4))
    )
    assert table_csv("meetings", meetings) == plain_table_csv("meetings", meetings)
    assert b"2025-01-02T03:04:00" in table_csv("meetings", meetings)

    class Day(dt.date):  # another kind of date, whose text the CSV writer would not know
        def __str__(self) -> str:
            return "day " + self.isoformat()

    meetings[-1] = row("meetings", meeting_id="m2", kind="call", start_date=Day(2025, 1, 2))
    assert table_csv("meetings", meetings) == plain_table_csv("meetings", meetings)
    assert b"day " not in table_csv("meetings", meetings)
    people = [row("people", person_id=n, name=f"Someone {n}", country="AZE") for n in (9, 10, 1)]
    assert table_csv("people", people) == plain_table_csv("people", people)
    assert table_csv("people", people).splitlines()[1].startswith(b"1,")
    assert table_csv("people", people).splitlines()[2].startswith(b"10,")


def test_table_csv_keeps_the_order_of_rows_with_equal_keys():
    rows = [row("people", person_id="same", name=f"Person {n}", country="AZE") for n in range(5)]
    assert table_csv("people", rows) == plain_table_csv("people", rows)


def test_diff_lists_changed_rows_in_key_order_with_their_changed_cells():
    old = visit_tables()
    new = visit_tables()
    people = new["people"]
    people[0] = dict(people[0], name="Ada Renamed")  # changed
    people[1] = dict(people[1], country=None)  # changed
    del people[2]  # removed
    people.append(row("people", person_id="ea", name="Ea Invented", country="LAO"))  # added
    new["people"] = list(reversed(people))
    descriptor = {"resources": [{"name": "people", "schema": {"primaryKey": ["person_id"]}}]}
    table = diff_packages(descriptor, old, descriptor, new).tables["people"]
    assert table.added == [("ea",)]
    assert table.removed == [(old["people"][2]["person_id"],)]
    assert list(table.changed) == sorted(table.changed)
    assert table.changed == {
        ("ada",): {"name": ("Ada Invented", "Ada Renamed")},
        ("bo",): {"country": ("LAO", None)},
    }


def test_diffs_and_changelogs_key_rows_as_the_plain_form_does():
    tables = visit_tables()
    tables["people"].append(row("people", person_id=12, name="A number id", country="AZE"))
    for table in tables:
        key = primary_key(table)
        plain = {tuple(cell_text(r.get(k)) for k in key): r for r in tables[table]}
        assert rows_by_key(tables[table], key) == plain, table
        # the rows a changelog names, found among all: each wanted key's row, no other
        for wanted in (list(plain), list(plain)[::2], list(plain)[-1:], [("no such",) * len(key)]):
            found = rows_under(tables[table], key, set(wanted))
            assert found == {k: plain[k] for k in wanted if k in plain}, table


def test_a_changelog_names_the_people_at_each_meeting_added_changed_or_removed():
    """The changelog indexes only the participants of the meetings it names."""
    from communique.changelog import render_section

    old, new = visit_tables(), visit_tables()
    new["meetings"] = [m for m in new["meetings"] if m["meeting_id"] != "call"]
    new["meeting_participants"] = [
        r for r in new["meeting_participants"] if r["meeting_id"] != "call"
    ]
    (talks,) = [m for m in new["meetings"] if m["meeting_id"] == "talks-two"]
    talks["name"] = "Second talks"
    new["meetings"].append({**talks, "meeting_id": "dinner", "name": "Dinner", "kind": "meeting"})
    new["meeting_participants"].append(
        row("meeting_participants", meeting_id="dinner", person_id="di")
    )
    descriptor = {
        "resources": [
            {"name": t, "schema": {"primaryKey": primary_key(t)}}
            for t in ("meetings", "meeting_participants")
        ]
    }
    section = render_section(
        "1.1.0", "minor", diff_packages(descriptor, old, descriptor, new), old, new
    )
    assert "removed: call, 2025-05-05: Bo Invented, Cy Invented (call)" in section, section
    assert "added: Dinner, 2025-05-04: Di Invented (dinner)" in section, section
    assert "changed: Second talks, 2025-05-04: Ada Invented, Cy Invented (talks-two)" in section


def test_read_package_reads_back_what_write_tables_wrote(tmp_path):
    tables = visit_tables()
    write_tables(tables, tmp_path)
    write_descriptor(tmp_path, {"name": "visit"})
    read = read_package(tmp_path).tables
    for table, rows in read.items():
        assert rows == plain_read_rows(
            tmp_path / "data" / f"{table}.csv",
            {f["name"]: f.get("type", "string") for f in _fields(tmp_path, table)},
        ), table
    assert {t: len(r) for t, r in read.items()} == {t: len(tables.get(t, [])) for t in read}


def test_write_tables_tells_of_each_file_once_complete_the_most_rows_first(tmp_path):
    """A validation process beside the build checks each file as soon as it is told of it:
    it must be whole then, and the longest check is best started first."""
    tables = visit_tables()
    plain = tmp_path / "plain"
    write_tables(tables, plain)
    told: list[tuple[str, bytes]] = []
    write_tables(tables, tmp_path / "told", lambda t, path: told.append((t, path.read_bytes())))
    assert dict(told) == {
        str(path.stem): data
        for path, data in ((p, p.read_bytes()) for p in (plain / "data").iterdir())
    }
    assert len(told) == len(dict(told))  # each once
    counts = [len(tables.get(t, [])) for t, _ in told]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    assert files(tmp_path / "told") == files(plain)


def _fields(folder: Path, table: str) -> list[dict]:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in descriptor["resources"] if r["name"] == table]
    return resource["schema"]["fields"]


@pytest.mark.parametrize(
    "text",
    [
        "a,n,d\nx,1,2025-01-02\n,,\n",  # well formed, an empty row
        "a,n,d\nx,1,2025-01-02\n\ny,2\n",  # a blank line, a short row
        "a,n,d\nx,1,2025-01-02,extra,more\n",  # a long row: its extra cells under None
        '"a","n","d"\n"line\nbreak",3,\n""\n',  # quoted cells, a cell over two lines
        "a,a,n\n1,2,3\n4\n",  # a repeated column name: the last cell wins
        "",  # no header at all
        "a,n,d\n",  # no rows
        "\n\na,n\n",  # blank lines before the header
    ],
)
def test_read_package_reads_rows_as_the_dict_reader_does(tmp_path, text):
    types = {"a": "string", "n": "integer", "d": "date"}
    read = read_one_table(tmp_path, text)
    assert read == plain_read_rows(tmp_path / "t.csv", types)


@pytest.mark.parametrize(
    "text, error",
    [
        (
            "a,n,d\nx,1,2025-01-02\ny,two,2025-01-03\n",
            "t.csv:3 field n: 'two' is not a valid integer",
        ),
        ("a,n,d\nx,1,2025-13-02\n", "t.csv:2 field d: '2025-13-02' is not a valid date"),
        # the first bad cell in row order, then column order, as a row-by-row reader finds it
        ("a,n,d\nx,1,bad\ny,bad,2025-01-02\n", "t.csv:2 field d: 'bad' is not a valid date"),
        ("a,n,d\nx,\n\ny,z\n", "t.csv:3 field n: 'z' is not a valid integer"),
    ],
)
def test_read_package_names_the_file_line_and_field_of_a_bad_cell(tmp_path, text, error):
    read = read_one_table(tmp_path, text)
    assert isinstance(read, str) and read.endswith(error), read


_ODD_TEXT = ["", "plain", "with, comma", 'a "quote"', "tab\there", "ünïcode", "line\nbreak"]


def _mutated(tables: dict, rng: random.Random) -> dict:
    """The tables with rows dropped, cells changed (odd text among them, now and then a
    line break) and rows added under new keys."""
    new = {}
    for table, rows in tables.items():
        key = primary_key(table)
        kept = [dict(r) for r in rows if rng.random() > 0.15]
        for r in kept:
            if rng.random() < 0.3:
                types = field_types(table)
                field = rng.choice(
                    [f for f in field_names(table) if f not in key and types[f] == "string"]
                )
                r[field] = rng.choice([None, *_ODD_TEXT[: 6 if rng.random() < 0.9 else 7]])
        for _ in range(rng.randint(0, 2)):
            if rows:
                added = dict(rng.choice(rows))
                unique = rng.randrange(10**9)  # keys stay unique, as validation requires
                for k in key:
                    added[k] = f"new-{unique}-{k}"
                kept.append(added)
        new[table] = kept
    return new


@pytest.mark.parametrize("seed", range(40))
def test_a_diff_by_the_lines_of_the_files_is_the_diff_of_the_rows(tmp_path, seed, monkeypatch):
    """``diff_packages`` given the packages' folders (the old one read back, the new one
    as written) reports what it reports from the rows alone: changed cells, rows added and
    removed, odd text, a cell with a line break (that table diffed by its rows)."""
    rng = random.Random(seed)
    old_tables = visit_tables()
    if seed % 2:
        old_tables = _mutated(old_tables, random.Random(f"old {seed}"))
    new_tables = _mutated(old_tables, rng)
    write_tables(old_tables, tmp_path / "old")
    write_descriptor(tmp_path / "old", {"name": "visit"})
    old = read_package(tmp_path / "old")
    write_tables(new_tables, tmp_path / "new")
    draft = write_descriptor(tmp_path / "new", {"name": "visit"})
    by_rows: list[str] = []
    real = diff_module._by_rows
    monkeypatch.setattr(
        diff_module, "_by_rows", lambda o, n, k: by_rows.append("rows") or real(o, n, k)
    )
    fast = diff_packages(
        old.descriptor, old.tables, draft, new_tables, (old.directory, tmp_path / "new")
    )
    lines_used = len(fast.tables) - len(by_rows)
    assert fast == diff_packages(old.descriptor, old.tables, draft, new_tables)
    assert lines_used > 0  # the lines were read for most tables


def test_a_diff_by_lines_of_a_file_written_otherwise_is_still_the_diff_of_the_rows(tmp_path):
    """An old file with every cell quoted and Windows line ends: its lines differ from the
    new file's, its rows do not."""
    tables = visit_tables()
    write_tables(tables, tmp_path / "old")
    for path in (tmp_path / "old" / "data").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    write_descriptor(tmp_path / "old", {"name": "visit"})
    old = read_package(tmp_path / "old")
    new_tables = _mutated(tables, random.Random(5))
    write_tables(new_tables, tmp_path / "new")
    draft = write_descriptor(tmp_path / "new", {"name": "visit"})
    folders = (old.directory, tmp_path / "new")
    assert diff_packages(old.descriptor, old.tables, draft, new_tables, folders) == diff_packages(
        old.descriptor, old.tables, draft, new_tables
    )


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda r: {k: v for k, v in r.items() if k != "country"}, "missing field(s) country"),
        (lambda r: {**r, "nickname": "Ed"}, "unknown field(s) nickname"),
        # as many columns as the schema, one of them another: found as the rows are written
        (
            lambda r: {**{k: v for k, v in r.items() if k != "country"}, "nation": "AZE"},
            "missing field(s) country unknown field(s) nation",
        ),
        # ... or as they are sorted, when it is the key
        (
            lambda r: {**{k: v for k, v in r.items() if k != "person_id"}, "id": "p2"},
            "missing field(s) person_id unknown field(s) id",
        ),
    ],
)
def test_table_csv_names_the_first_row_whose_columns_are_not_the_schemas(change, says):
    people = [
        row("people", person_id=f"p{n}", name=f"Someone {n}", country="AZE") for n in range(4)
    ]
    people[2] = change(people[2])
    with pytest.raises(ValueError, match=r"^people row 3: ") as raised:
        table_csv("people", people)
    assert says in str(raised.value)


def test_table_csv_writes_the_cells_of_a_table_without_dates_as_they_are():
    # no date column in the schema (the mentions): its cells are not scanned for dates, and
    # numbers and nulls are written as ``cell_text`` writes them
    mentions = [
        row("mentions", mention_id=f"a-{n}", article_id="a", start=n, end=n + 3, text="abc")
        for n in (12, 3)
    ]
    assert "date" not in field_types("mentions").values()
    assert table_csv("mentions", mentions) == plain_table_csv("mentions", mentions)


def test_the_lines_one_file_alone_has_are_the_set_differences():
    """``_unshared`` puts only the lines between the common first and last ones in sets:
    it gives what the differences of the two whole files' sets give, for files of unique
    lines in one order, whatever changed where."""
    rng = random.Random(11)
    universe = [f"row-{n:05d},cell {n % 7}".encode() for n in range(400)]
    cases = [
        ([], []),
        (universe[:5], universe[:5]),
        (universe[:5], []),
        ([], universe[:5]),
        (universe[:50], universe[:50] + universe[60:70]),  # rows added at the end
        (universe[10:50], universe[:50]),  # at the start
        (universe[:50], universe[:20] + universe[21:50]),  # one removed in the middle
        (universe[:3], universe[3:6]),  # nothing in common
    ]
    for _ in range(300):
        old = sorted(rng.sample(universe, rng.randint(0, 60)))
        new = [line for line in old if rng.random() > 0.05]
        new += rng.sample(universe, rng.randint(0, 4))
        changed = rng.randrange(len(new)) if new and rng.random() < 0.5 else None
        if changed is not None:
            new[changed] = new[changed] + b" changed"
        cases.append((old, sorted(set(new))))
    for old, new in cases:
        expected = (set(old) - set(new), set(new) - set(old))
        assert diff_module._unshared(old, new) == expected, (old, new)
