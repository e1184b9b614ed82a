"""Validation: the JSON schemas and the Pandera models agree, and every broken rule is
reported with its table, row and field."""

import csv
import itertools
import json
import shutil
from pathlib import Path

import pytest
from communique.model import ALL_TABLES, TABLE_NAMES
from communique.schema import fields, primary_key
from communique.validate import (
    PANDAS_DTYPES,
    format_report,
    pandera_model,
    problem_kind,
    validate_package,
    warm_up,
)
from corpus_helpers import files

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_json_schema_and_pandera_model_agree(table):
    model = pandera_model(table)
    specs = fields(table)
    assert list(model.columns) == [f["name"] for f in specs], "same columns, same order"
    for spec in specs:
        column = model.columns[spec["name"]]
        assert str(column.dtype) == str(pandera_dtype(spec["type"])), spec["name"]
        assert column.nullable == (not spec.get("constraints", {}).get("required", False))
        checks = {c.name: c for c in column.checks}
        constraints = spec.get("constraints", {})
        if "pattern" in constraints:
            assert str(checks["pattern"].statistics["pattern"]) == constraints["pattern"]
        if "enum" in constraints:
            assert set(checks["enum"].statistics["allowed_values"]) == set(constraints["enum"])
        # a unique column is checked as such, or as the table's primary key when it is all
        # of it (the model's ``unique``)
        is_the_key = primary_key(table) == [spec["name"]]
        assert bool(constraints.get("unique")) == (column.unique or is_the_key), spec["name"]
    assert model.unique == primary_key(table)


def pandera_dtype(json_type):
    import pandera.pandas as pa

    return pa.Column(PANDAS_DTYPES[json_type]).dtype


@pytest.fixture
def package(tmp_path):
    """The committed package and its corpus, copied so tests can break them."""
    shutil.copytree(ROOT / "datapackage", tmp_path / "package")
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    return tmp_path / "package", tmp_path / "articles"


def _edit(path: Path, row: int, field: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[row - 1][field] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _append_copy(path: Path, row: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[row]]), encoding="utf-8")


def test_the_committed_package_is_valid(package):
    folder, articles = package
    assert validate_package(folder, articles) == []


@pytest.mark.parametrize(
    ("table", "field", "value", "rule"),
    [
        ("roles", "person_id", "nobody-at-all", "foreign-key"),
        ("roles", "first_seen", "2025-13-01", "type"),
        ("articles", "published", "2025-02-30", "type"),
        ("meetings", "kind", "picnic", "enum"),
        ("people", "country", "XXX", "ISO 3166-1 alpha-3 country"),
        ("people", "person_id", "Not A Slug", "pattern"),
        ("meetings", "end_date", "2000-01-01", "end_date >= start_date"),
        ("mentions", "text", "Somebody Else", "equals its slice of the article"),
    ],
)
def test_each_mutation_is_reported_once_at_its_csv_line(package, table, field, value, rule):
    folder, articles = package
    _edit(folder / "data" / f"{table}.csv", 1, field, value)  # the first row: line 2
    issues = validate_package(folder, articles)
    matching = [i for i in issues if i.table == table and problem_kind(i) == rule]
    assert len(matching) == 1, format_report(issues)
    assert matching[0].line == 2, format_report(issues)
    if rule != "end_date >= start_date":
        assert matching[0].field == field, format_report(issues)
    assert f"{table} line 2" in str(matching[0])


def test_duplicate_id_is_reported_once_at_the_copy(package):
    folder, articles = package
    people = folder / "data" / "people.csv"
    _append_copy(people, 1)
    last_line = len(people.read_text(encoding="utf-8").splitlines())
    issues = validate_package(folder, articles)
    duplicates = [i for i in issues if problem_kind(i) == "unique"]
    assert [(i.table, i.line) for i in duplicates] == [("people", last_line)], format_report(issues)


def test_meeting_without_participant_and_person_without_mention(package):
    folder, articles = package
    for name, key in (("meeting_participants", "meeting_id"), ("mentions", "person_id")):
        path = folder / "data" / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        first = rows[0][key]
        rows = [r for r in rows if r[key] != first]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    rules = {i.rule for i in validate_package(folder, articles)}
    assert "has a participant" in rules
    assert "has a mention" in rules


def test_all_failures_are_reported_at_once(package):
    folder, articles = package
    _edit(folder / "data" / "meetings.csv", 1, "kind", "picnic")
    _edit(folder / "data" / "people.csv", 2, "country", "ZZZ")
    _edit(folder / "data" / "roles.csv", 1, "person_id", "nobody-at-all")
    report = format_report(validate_package(folder, articles))
    for expected in ("meetings line 2 field kind", "people line 3 field country", "roles line 2"):
        assert expected in report, report


def test_cli_validate_fails_on_a_mutated_package(package, capsys):
    from communique.cli import main

    folder, articles = package
    _edit(folder / "data" / "articles.csv", 1, "published", "2025-02-30")
    assert main(["validate", str(folder), "--articles", str(articles)]) == 1
    err = capsys.readouterr().err
    assert err.count("articles line 2 field published") == 1, err


@pytest.mark.parametrize("value", ["1.5", "9223372036854775808", "+12", "0x10", "twelve"])
def test_an_integer_cell_that_is_no_64_bit_integer_is_an_issue(package, value):
    # a fraction or a number beyond 64 bits once stopped validation with a TypeError
    folder, articles = package
    _edit(folder / "data" / "articles.csv", 1, "word_count", value)
    issues = validate_package(folder, articles)
    typed = [(i.table, i.line, i.field, i.value) for i in issues if i.message.startswith("not a")]
    assert typed == ([] if value == "+12" else [("articles", 2, "word_count", value)]), (
        format_report(issues)
    )


def test_a_row_check_is_one_issue_not_one_per_column(package):
    folder, articles = package
    _edit(folder / "data" / "meetings.csv", 2, "end_date", "2000-01-01")
    issues = [i for i in validate_package(folder, articles) if i.line is not None]
    assert [(i.table, i.line, i.field, i.rule) for i in issues] == [
        ("meetings", 3, None, "end_date >= start_date")
    ], format_report(issues)


def test_a_descriptor_that_is_not_json_is_an_issue_not_a_crash(package):
    folder, _ = package
    (folder / "datapackage.json").write_text("{ not json", encoding="utf-8")
    issues = validate_package(folder)
    assert [i.rule for i in issues] == ["valid JSON"]


def test_slices_checked_in_batches_find_the_same_wrong_mentions(monkeypatch):
    """``slice_issues`` copies the texts into DuckDB a batch of articles at a time: with
    one article per batch it finds what one query over all of them finds, in line order."""
    import pandas as pd
    from communique import validate

    texts = {"a": "The envoy met the minister.", "b": "A visit to the capital.", "c": "Talks."}
    mentions = pd.DataFrame(
        {
            "article_id": ["c", "a", "b", "a", "b"],
            "start": pd.array([0, 4, 2, 18, 0], dtype="Int64"),
            "end": pd.array([5, 9, 7, 26, 1], dtype="Int64"),
            "text": ["Talks", "envoy", "visit", "minister", "The"],  # the last is wrong
        }
    )
    everything = validate.slice_issues(mentions, texts)
    monkeypatch.setattr(validate, "SLICE_BATCH", 1)
    batched = validate.slice_issues(mentions, texts)
    assert batched == everything
    assert [(i.line, i.value) for i in batched] == [(6, "The")]
    wrong = mentions.assign(text=["Talk", "envoy", "visit", "minister", "The"])
    assert [i.line for i in validate.slice_issues(wrong, texts)] == [2, 6]


def test_slices_checked_here_find_what_duckdb_finds(monkeypatch):
    """Up to ``SLICES_HERE`` spans that start at 0 or later and end no earlier are checked
    in Python, not by DuckDB: the same issues on text beyond one byte a character (code
    points, as both count), spans past the text's end, empty spans and null texts."""
    import pandas as pd
    from communique import validate

    texts = {
        "a": "Émile met the envoy in Bakı 🇦🇿 on Monday.",
        "b": "Cafe\u0301 talks ended.",
        "c": "Short.",
    }
    cases = [  # article, start, end, text
        ("a", 0, 5, "Émile"),
        ("a", 23, 27, "Bakı"),
        ("a", 28, 30, "🇦🇿"),
        ("a", 28, 29, "🇦🇿"),  # wrong: one code point of the flag's two
        ("b", 0, 5, "Cafe\u0301"),
        ("b", 0, 4, "Café"),  # wrong: the accent is a code point of its own
        ("c", 3, 40, "rt."),  # past the end: the slice stops there
        ("c", 10, 12, ""),  # starts past the end: an empty slice
        ("c", 2, 2, ""),  # empty
        ("c", 0, 5, None),  # no text: never its slice
        ("c", 0, 5, "Short"),
    ]
    mentions = pd.DataFrame(
        {
            "article_id": pd.array([c[0] for c in cases], dtype="str"),
            "start": pd.array([c[1] for c in cases], dtype="Int64"),
            "end": pd.array([c[2] for c in cases], dtype="Int64"),
            "text": pd.array([c[3] for c in cases], dtype="str"),
        }
    )

    def refused(way: str):
        def check(spans, texts):
            raise AssertionError(f"checked {way}")

        return check

    with monkeypatch.context() as patched:
        patched.setattr(validate, "_wrong_slices_in_duckdb", refused("by DuckDB"))
        here = validate.slice_issues(mentions, texts)
    monkeypatch.setattr(validate, "SLICES_HERE", 0)
    in_duckdb = validate.slice_issues(mentions, texts)
    assert here == in_duckdb
    assert [(i.line, i.value) for i in here] == [(5, "🇦🇿"), (7, "Café"), (11, None)]
    # a span that starts before 0 or ends before it starts: every span goes to DuckDB
    odd = pd.concat([mentions, mentions.iloc[[0]].assign(start=3, end=1)], ignore_index=True)
    monkeypatch.setattr(validate, "SLICES_HERE", 2_000)
    monkeypatch.setattr(validate, "_wrong_slices_here", refused("in Python"))
    assert [i.line for i in validate.slice_issues(odd, texts)][:3] == [5, 7, 11]


def test_among_is_isin_for_arrow_text_python_strings_and_anything_else():
    import pandas as pd
    from communique.validate import _among

    values = pd.Series(["p1", None, "p3", "p2", "", "p1"], dtype="str")
    allowed_sets = [
        pd.Series(["p1", "p2"], dtype="str"),
        pd.Series(["p1", None, ""], dtype="str"),
        pd.Series([], dtype="str"),
        ["p3", ""],
        {"p2"},
        {"p1": "text"},  # a mapping: its keys
        ["p1", 3],  # not all text
        pd.Series(["p1", "p3"], dtype=object),
    ]
    for allowed in allowed_sets:
        listed = list(allowed.astype(object) if isinstance(allowed, pd.Series) else allowed)
        expected = values.astype(object).isin(listed)
        got = _among(values, allowed)
        assert got.dtype == bool and got.index.equals(values.index)
        assert got.tolist() == expected.tolist(), allowed
    numbers = pd.Series([1, 2, None], dtype="Int64")
    assert _among(numbers, [2]).tolist() == [False, True, False]


@pytest.mark.parametrize(
    "cells",
    [
        ["12", "0", "-3", "007", "-0", "00"],
        ["12", "", "4"],
        ["", ""],
        ["-9223372036854775808", "9223372036854775807"],
        ["9223372036854775808", "1"],  # beyond 64 bits: no integer, as a fraction is
        ["1.5", "2", ""],
        ["0x10", "5"],  # hexadecimal: Arrow would read it, pandas does not
        ["+5", "1"],
        [" 5", "5 "],
        ["1.0", "1e3"],
        ["abc", "12a", "-", "1_000", "\u0663"],
    ],
)
def test_integers_cast_by_arrow_are_those_pandas_makes(cells, monkeypatch):
    import pandas as pd
    from communique.validate import _integers

    given = pd.Series(cells, dtype="str", index=pd.RangeIndex(3, 3 + len(cells)), name="start")
    given = given.replace("", None)
    numbers = pd.to_numeric(given, errors="coerce").astype(object)
    expected = pd.Series(  # pandas' numbers, but a fraction or one beyond 64 bits is null
        [
            None if pd.isna(n) or n != int(n) or not -(2**63) <= int(n) < 2**63 else int(n)
            for n in numbers
        ],
        index=given.index,
        name="start",
        dtype="Int64",
    )
    if all(c == "" or (c.lstrip("-").isdigit() and c.isascii()) for c in cells) and all(
        -(2**63) <= int(c) < 2**63 for c in cells if c
    ):  # Arrow's: pandas is not asked

        def not_asked(*args, **kwargs):
            raise AssertionError("typed by pandas")

        monkeypatch.setattr(pd, "to_numeric", not_asked)
    pd.testing.assert_series_equal(_integers(given), expected)


def _key_frame(values: list):
    import pandas as pd

    return pd.DataFrame({"person_id": pd.array(values, dtype="str")})


def test_a_strictly_ascending_text_key_is_known_unique_without_hashing():
    from communique.validate import _ascending_key

    assert _ascending_key(_key_frame(["p-a", "p-b", "p-c"]), ["person_id"])
    assert not _ascending_key(_key_frame(["p-a", "p-b", "p-b"]), ["person_id"]), "repeated"
    assert not _ascending_key(_key_frame(["p-b", "p-a"]), ["person_id"]), "unique, unsorted"
    assert not _ascending_key(_key_frame(["p-a", None, "p-c"]), ["person_id"]), "a null"
    assert not _ascending_key(_key_frame(["p-a", "p-b"]), ["person_id", "other"]), "two columns"


def test_ascending_means_what_python_sorting_means_for_any_text():
    """The builder sorts keys as Python compares text (by code point); Arrow compares UTF-8
    bytes, which order the same, accents and other scripts included."""
    import random

    from communique.validate import _ascending_key

    rng = random.Random(7)
    letters = "aZz0-_éÉœ文ʼ😀"
    for _ in range(300):
        values = ["".join(rng.choices(letters, k=rng.randint(0, 4))) for _ in range(6)]
        if rng.random() < 0.5:
            values.sort()
        expected = all(a < b for a, b in itertools.pairwise(values))
        assert _ascending_key(_key_frame(values), ["person_id"]) == expected, values


def test_a_key_repeated_on_the_next_row_is_reported(package):
    """A copy right after its row keeps the key in order, but not strictly ascending."""
    folder, articles = package
    people = folder / "data" / "people.csv"
    lines = people.read_text(encoding="utf-8").splitlines(keepends=True)
    people.write_text("".join(lines + lines[-1:]), encoding="utf-8")
    issues = validate_package(folder, articles)
    duplicates = [i for i in issues if problem_kind(i) == "unique"]
    assert [(i.table, i.line) for i in duplicates] == [("people", len(lines) + 1)], format_report(
        issues
    )


def test_a_build_finds_a_file_that_is_not_the_one_its_descriptor_declares(package):
    """``validate_build`` checks each file's size and hash against the descriptor (where
    ``validate_package`` leaves it to Frictionless)."""
    from communique.validate import validate_build

    folder, _ = package
    assert validate_build(folder, {}) == []
    people = folder / "data" / "people.csv"
    people.write_text(people.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    found = {(i.table, i.rule) for i in validate_build(folder, {})}
    assert {("people", "frictionless bytes-count"), ("people", "frictionless hash")} <= found


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


_HEADER = ["id", "text", "n"]
_BEFORE = [
    ["a", "plain", "1"],
    ["b", 'a "quoted" word', "2"],
    ["c", "comma, inside", ""],
    ["d", "same again", "4"],
    ["d", "same again", "4"],  # a repeated row
]


@pytest.mark.parametrize(
    "now",
    [
        _BEFORE,  # nothing new
        [*_BEFORE[:2], ["c", "comma, inside", "3"], ["e", "new", "5"]],  # one changed, one new
        [["b", 'a "quoted" word', "2"], ["a", "plain", "1"]],  # the same rows, reordered
        [["a", "plain", "1"], ["x", "a line\nbreak", "9"]],  # a cell over two lines: joined
        [["a", "plain", "1"], ["x", "carriage\rreturn", "9"]],
        [["a", "plain", "1"], ["", "", ""]],  # an empty row
    ],
)
@pytest.mark.parametrize("before_break", [False, True], ids=["one-line", "before-has-a-break"])
def test_new_rows_by_lines_are_the_rows_the_join_finds(tmp_path, now, before_break):
    """A validated package's rows are not checked again: found line by line when every row
    is one line, else by joining the tables; both give the same rows."""
    from communique.validate import Lines, _new_rows, _new_rows_joined, _raw

    earlier = [*_BEFORE, ["z", "two\nlines", "0"]] if before_break else _BEFORE
    before = _csv(tmp_path / "before.csv", [_HEADER, *earlier])
    path = _csv(tmp_path / "now.csv", [_HEADER, *now])
    raw = _raw(path)
    found = _new_rows(raw, path, before)
    assert found.equals(_new_rows_joined(raw, _raw(before)))
    assert found.equals(_new_rows(raw, path, before, Lines.of(before)))  # lines taken before
    assert found.equals(raw[~raw.apply(tuple, axis=1).isin(_raw(before).apply(tuple, axis=1))])


def test_new_rows_past_the_lines_both_files_share_at_their_ends(tmp_path):
    """Only the lines between those the two files share at their first and last lines are
    looked up: the rows found are still those no line of the validated file has, with
    rows added, removed, changed or repeated anywhere, and with lines taken in no order."""
    import random

    from communique.validate import Lines, _new_rows, _raw

    rng = random.Random(3)
    universe = [[f"r{n:03d}", f"text {n % 5}", str(n)] for n in range(60)]
    for case in range(120):
        old = sorted(rng.sample(universe, rng.randint(1, 30)))
        now = [row for row in old if rng.random() > 0.1] + rng.sample(universe, rng.randint(0, 3))
        if now and rng.random() < 0.3:
            now[rng.randrange(len(now))] = ["r999", "changed", "0"]
        if now and rng.random() < 0.2:
            now.append(now[rng.randrange(len(now))])  # a repeated row
        now = sorted(now) if rng.random() < 0.8 else now
        if not now:
            continue
        before = _csv(tmp_path / f"before-{case}.csv", [_HEADER, *old])
        path = _csv(tmp_path / f"now-{case}.csv", [_HEADER, *now])
        raw = _raw(path)
        expected = raw[~raw.apply(tuple, axis=1).isin(_raw(before).apply(tuple, axis=1))]
        lines = Lines.of(before)
        assert _new_rows(raw, path, before, lines).equals(expected), (old, now)
        unordered = Lines(lines.header, lines.rows, lines.a_line_per_row)
        assert _new_rows(raw, path, before, unordered).equals(expected), (old, now)


def test_new_rows_are_every_row_when_the_columns_or_the_file_differ(tmp_path):
    from communique.validate import Lines, _new_rows, _raw

    path = _csv(tmp_path / "now.csv", [_HEADER, *_BEFORE])
    raw = _raw(path)
    other = _csv(tmp_path / "other.csv", [["id", "n", "text"], ["a", "1", "plain"]])
    assert _new_rows(raw, path, other).equals(raw)
    assert _new_rows(raw, path, other, Lines.of(other)).equals(raw)
    empty = path.with_name("empty.csv")
    empty.write_bytes(b"")
    assert _new_rows(raw, path, empty, Lines.of(empty)).equals(raw)
    assert _new_rows(raw, path, tmp_path / "missing.csv").equals(raw)
    assert _new_rows(raw, path, None).equals(raw)


def test_a_line_of_a_cell_over_several_lines_is_not_taken_for_a_row(tmp_path):
    from communique.validate import _new_rows, _raw

    before = _csv(tmp_path / "before.csv", [["text"], ["first\nmiddle\nlast"]])
    path = _csv(tmp_path / "now.csv", [["text"], ["middle"]])
    raw = _raw(path)
    assert _new_rows(raw, path, before).equals(raw)  # "middle" is new: no row was just that


@pytest.mark.parametrize(
    "text",
    [
        "id,text,n\na,plain,1\nb,,\n",  # empty cells
        'id,text,n\na,"",1\nb,"a ""quoted"", word",2\n',  # quoted, empty and with quotes
        'id,text,n\na,"two\nlines",1\nb,"carriage\rreturn",2\n',  # line breaks in cells
        "id,text,n\r\na,windows,1\r\n",  # other line ends
        "id,text,n\na,NA,null\nb,nan,None\n",  # what pandas would take for missing values
        "id,text,n\na, spaced ,1\n\nb,after a blank line,2",  # no line end at the end
        "id,text,n\n",  # no rows
        "id,text,n\na,short\nb,long,2,3\n",  # rows of other lengths: pandas' reading
        "\ufeffid,text,n\na,bom,1\n",  # a byte-order mark: pandas' reading
        "id,id,n\na,b,1\n",  # a repeated name: pandas' reading
        "id,,n\na,b,1\n",  # a name missing: pandas' reading
        "id,text\na,\u00e9t\u00e9 \u0644\u0627\u0648\u0633 "  # letters of other scripts
        "\u0410\u0437\u0435\u0440\u0431\u0430\u0439\u0434\u0436\u0430\u043d\n",
    ],
)
def test_raw_cells_are_read_as_pandas_reads_them(tmp_path, text):
    """Arrow's CSV parser reads a table's cells for validation; the frame is pandas' own."""
    import pandas as pd
    from communique.validate import _raw

    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    try:
        expected = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    except pd.errors.ParserError:
        with pytest.raises(pd.errors.ParserError):
            _raw(path)
        return
    got = _raw(path)
    assert got.equals(expected) and list(got.dtypes) == list(expected.dtypes), (got, expected)
    assert list(got.columns) == list(expected.columns)
    from_bytes = _raw(path.read_bytes())  # a table checked as written: read once, as bytes
    assert from_bytes.equals(got) and list(from_bytes.dtypes) == list(got.dtypes)
    assert list(from_bytes.columns) == list(got.columns)


@pytest.mark.parametrize(
    "damage",
    [
        lambda package: (package / "datapackage.json").unlink(),
        lambda package: (package / "datapackage.json").write_text("{not json", encoding="utf-8"),
        lambda package: (package / "data" / "mentions.csv").unlink(),
        lambda package: (package / "data" / "people.csv").write_bytes(b'\xff\xfe\x00,\n"x'),
    ],
    ids=["no descriptor", "descriptor not json", "table missing", "table not text"],
)
def test_warming_up_on_a_broken_package_raises_nothing_and_changes_nothing(package, damage):
    """The warm-up's findings are thrown away: what is wrong is for the real checks to
    report, with the package's own file names."""
    folder, _ = package
    damage(folder)
    before = files(folder)
    warm_up(folder)
    assert files(folder) == before


def test_warming_up_reads_the_largest_table_whole_last(package, monkeypatch):
    """After the sample's checks, the warm-up reads the package's largest table as written
    (its first read of a large file is the slow one), and lets it go."""
    from communique import validate

    folder, _ = package
    read = []
    real = validate._raw
    monkeypatch.setattr(validate, "_raw", lambda source: read.append(source) or real(source))
    warm_up(folder)
    largest = max((folder / "data").glob("*.csv"), key=lambda path: path.stat().st_size)
    assert read[-1] == largest
    assert all(not isinstance(source, Path) or folder not in source.parents for source in read[:-1])


# ---------------------------------------------------------------- tables checked as written


def _described_again(folder: Path) -> Path:
    """The package's descriptor with each file's size and hash as the file is now, as a
    build writes it after the tables."""
    from communique.package import file_size_and_hash

    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.update(file_size_and_hash(folder / resource["path"]))
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return folder


def _as_written(folder: Path, validated: Path | None) -> dict:
    """Each table of the package checked on its own, as a validator checks it once written."""
    from communique.validate import check_written, table_paths

    before = table_paths(validated) if validated is not None else {}
    return {t: check_written(t, path, before.get(t)) for t, path in table_paths(folder).items()}


def _same_checks(one, other) -> bool:
    if one.mentions is None or other.mentions is None:
        same_mentions = one.mentions is other.mentions
    else:
        same_mentions = one.mentions.sort_index().equals(other.mentions.sort_index())
    return (
        same_mentions
        and one.descriptor == other.descriptor
        and sorted(one.issues, key=repr) == sorted(other.issues, key=repr)
    )


@pytest.fixture
def tables_read(monkeypatch) -> list[str]:
    """The tables' files ``check_tables`` reads (by name), from now on."""
    from communique import validate

    read: list[str] = []
    real = validate._raw

    def noted(source):
        if isinstance(source, Path):
            read.append(source.stem)
        return real(source)

    monkeypatch.setattr(validate, "_raw", noted)
    return read


@pytest.mark.parametrize("since_validated", [False, True], ids=["every-row", "new-rows"])
@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        (None, None, None),
        ("roles", "person_id", "nobody-at-all"),
        ("articles", "published", "2025-02-30"),
        ("meetings", "kind", "picnic"),
        ("people", "person_id", "Not A Slug"),
        ("meetings", "end_date", "2000-01-01"),
    ],
)
def test_tables_checked_as_written_give_what_checking_the_package_gives(
    package, tmp_path, tables_read, since_validated, table, field, value
):
    from communique.validate import check_tables

    folder, _ = package
    validated = tmp_path / "validated"
    shutil.copytree(folder, validated)
    if table is not None:
        _edit(folder / "data" / f"{table}.csv", 1, field, value)
    _described_again(folder)
    before = validated if since_validated else None
    written = _as_written(folder, before)
    del tables_read[:]
    checks = check_tables(folder, before, written=written)
    assert tables_read == []  # each table's checks were taken, none read again
    plain = check_tables(folder, before)
    assert _same_checks(checks, plain)
    assert (table is None) == (checks.issues == [])


def test_a_table_that_is_not_the_one_checked_as_written_is_read_and_checked_again(
    package, tables_read
):
    """One changed after it was checked (the descriptor gives another hash) or checked at
    another path: the descriptor's file is checked, not what was checked before."""
    from communique.validate import check_tables

    folder, _ = package
    written = _as_written(folder, None)
    _edit(folder / "data" / "meetings.csv", 1, "kind", "picnic")
    _described_again(folder)
    written["people"].path = folder / "people.csv"
    del tables_read[:]
    checks = check_tables(folder, written=written)
    assert sorted(tables_read) == ["meetings", "people"]
    assert any(i.table == "meetings" and problem_kind(i) == "enum" for i in checks.issues)
    assert _same_checks(checks, check_tables(folder))


# ---------------------------------------------------------------- Pandera on the new rows


@pytest.mark.parametrize("table", ALL_TABLES)
def test_a_models_row_and_table_parts_hold_its_checks_each_once(table):
    """After a validated package, the checks of one row run on the new rows and the others
    on every row: together they are the model, no check lost, none run twice."""
    from communique.validate import row_part, table_part

    model = pandera_model(table)
    rows, whole = row_part(model), table_part(model)
    assert list(rows.columns) == list(whole.columns) == list(model.columns)
    for name, column in model.columns.items():
        assert rows.columns[name].dtype == column.dtype, name
        assert rows.columns[name].nullable == column.nullable, name
        assert [repr(c) for c in rows.columns[name].checks] == [repr(c) for c in column.checks]
        assert not rows.columns[name].unique and not whole.columns[name].checks
        assert whole.columns[name].unique == column.unique and whole.columns[name].required
    names = sorted(c.name for c in rows.checks + whole.checks)
    assert names == sorted(c.name for c in model.checks)
    assert whole.unique == model.unique and not rows.unique
    assert (whole.strict, whole.ordered) == (model.strict, model.ordered) == (True, True)
    assert not (rows.strict or rows.ordered)
    assert "unique (person_id, title, organisation_id)" not in [c.name for c in rows.checks]


def _append_row_copy(path: Path, row: int, field: str | None = None, value: str = "") -> None:
    """Append a copy of the ``row``-th row (1-based), with ``field`` set to ``value``."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    copy = dict(rows[row - 1])
    if field is not None:
        copy[field] = value
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(copy), lineterminator="\n").writerow(copy)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: _edit(data / "roles.csv", 1, "first_seen", "2025-13-01"),
        lambda data: _edit(data / "meetings.csv", 1, "kind", "picnic"),
        lambda data: _edit(data / "meetings.csv", 1, "end_date", "2000-01-01"),
        lambda data: _edit(data / "people.csv", 1, "country", "XXX"),
        lambda data: _edit(data / "mentions.csv", 1, "end", "0"),
        lambda data: _append_copy(data / "people.csv", 1),  # a key repeated
        lambda data: _append_copy(data / "meeting_participants.csv", 1),  # a key of two columns
        lambda data: _append_row_copy(data / "roles.csv", 1, "role_id", "role-new"),  # the triple
    ],
    ids=["type", "enum", "row-wide", "country", "start<end", "key", "two-column key", "triple"],
)
def test_pandera_on_the_new_rows_finds_what_it_finds_on_every_row(package, tmp_path, damage):
    """Each row of a validated package passed the checks of one row; a repeated key, or
    a repeated role, is found whichever row is new."""
    from communique.validate import check_tables

    folder, _ = package
    validated = tmp_path / "validated"
    shutil.copytree(folder, validated)
    assert check_tables(folder, validated).issues == [] == check_tables(folder).issues
    damage(folder / "data")
    since = check_tables(folder, validated)
    every_row = check_tables(folder)
    assert since.issues and sorted(since.issues, key=repr) == sorted(every_row.issues, key=repr)


def test_a_table_read_on_one_thread_is_the_table_read_on_many(tmp_path, monkeypatch):
    from communique import validate

    path = _csv(tmp_path / "t.csv", [_HEADER, *_BEFORE, ["x", "a line\nbreak", "9"]])
    spread = validate._raw(path)
    monkeypatch.setattr(validate, "_ARROW_THREADS", False)
    assert validate._raw(path).equals(spread)
    assert validate._raw(path.read_bytes()).equals(spread)
