"""The fast paths of writing tables, diffing packages and keying rows for the changelog give
what the plain, row-by-row forms give (those are written out here as the reference)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from communique.changelog import _keyed
from communique.diff import diff_packages
from communique.package import cell_text, table_csv
from communique.schema import field_names, primary_key
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


def test_changelog_keys_rows_as_the_plain_form_does():
    tables = visit_tables()
    tables["people"].append(row("people", person_id=12, name="A number id", country="AZE"))
    for table in tables:
        key = primary_key(table)
        plain = {tuple(cell_text(r.get(k)) for k in key): r for r in tables[table]}
        assert _keyed(tables, table, key) == plain, table
