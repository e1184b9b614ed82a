"""Release archives that Frictionless, pandas, R and DuckDB users can load as they are: the
descriptor at the root of the zip, and a dataset card that says how, generated from the
package itself. Every corpus here is invented."""

import csv
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from communique.card import PANDAS_LOAD, render_card
from communique.cli import main
from communique.model import TABLE_NAMES
from communique.package import read_package
from communique.pipeline import build
from communique.release import make_release
from corpus_helpers import ARTICLE_A, write_corpus

ASSEMBLY = (
    " date 2025-05-05 Vientiane, May 5, KPL\n\n"
    "Vice President of the National Assembly (NA) of Laos Sengphet Vongkham met with Deputy "
    "Minister of Foreign Affairs of Azerbaijan Kamran Huseynli in Vientiane on May 4, 2025.\n\n"
    "The NA and the Milli Majlis agreed to deepen cooperation.\n"
)
QUALITY = {
    "what": "Precision, recall and F1 of extracted rows against a gold annotation.",
    "communique_version": "9.9.9",
    "package": {"name": "communique-press", "version": "0.9.0"},
    "corpora": [
        {
            "name": "invented",
            "articles": 3,
            "about": "three articles written for this test",
            "tables": {"people": {"precision": 0.5, "recall": 0.25, "f1": 1 / 3}},
            "macro_f1": 1 / 3,
        }
    ],
}


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    root = tmp_path_factory.mktemp("release")
    corpus = write_corpus(root / "press" / "articles", {"a": ARTICLE_A, "na": ASSEMBLY})
    build(corpus, root / "package")
    return root / "package"


@pytest.fixture(scope="module")
def release(package, tmp_path_factory):
    zip_path, checksum = make_release(package, tmp_path_factory.mktemp("dist"), QUALITY)
    return zip_path, checksum


def test_the_descriptor_is_at_the_root_of_the_zip(release):
    zip_path, _ = release
    names = zipfile.ZipFile(zip_path).namelist()
    assert "datapackage.json" in names and "README.md" in names and "CHANGELOG.md" in names
    assert {f"data/{table}.csv" for table in TABLE_NAMES} <= set(names)
    assert all("/" not in name or name.startswith("data/") for name in names), names


def test_frictionless_validates_every_table_of_the_zip(release):
    zip_path, _ = release
    command = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(command), "validate", "--json", str(zip_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["valid"], result.stdout
    checked = {task["name"] for task in report["tasks"] if task["valid"]}
    assert checked == set(TABLE_NAMES), "every table is checked, not just the descriptor"


def test_frictionless_package_loads_the_zip_and_keeps_na_as_text(release):
    from frictionless import Package

    zip_path, _ = release
    loaded = Package(str(zip_path))
    assert [r.name for r in loaded.resources] == list(TABLE_NAMES)
    abbreviations = {
        row["abbreviation"] for row in loaded.get_resource("organisations").read_rows()
    }
    assert "NA" in abbreviations


def test_the_same_package_gives_a_byte_identical_checksummed_zip(package, release, tmp_path):
    first, checksum = release
    second, _ = make_release(package, tmp_path / "again", QUALITY)
    assert first.name == "communique-press-1.0.0.zip"
    assert first.read_bytes() == second.read_bytes()
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    assert checksum.read_text() == f"{digest}  {first.name}\n"


def _card(release) -> str:
    zip_path, _ = release
    return zipfile.ZipFile(zip_path).read("README.md").decode("utf-8")


def test_the_card_is_generated_from_the_package_not_copied(release, package):
    card = _card(release)
    descriptor = read_package(package).descriptor
    assert card.startswith(f"# {descriptor['title']}\n")
    assert "Version **1.0.0**" in card and "[CHANGELOG.md](CHANGELOG.md)" in card
    for resource in descriptor["resources"]:
        assert f"### `{resource['name']}`" in card
        for spec in resource["schema"]["fields"]:
            row = next(
                line for line in card.splitlines() if line.startswith(f"| `{spec['name']}` |")
            )
            assert f"| {spec['type']} |" in row
    counts = {name: len(rows) for name, rows in read_package(package).tables.items()}
    assert f"| `organisations` | {counts['organisations']} |" in card
    assert "No licence is stated" in card, "a user's corpus is not given this project's licence"
    assert "## How to cite" in card and "communique-press-1.0.0.zip" in card


def test_the_card_renders_as_markdown_with_well_formed_tables(release):
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(_card(release))
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) >= 7 + 5, "a heading per table and per section"
    columns, tables = None, 0
    for token in tokens:
        if token.type == "table_open":
            tables += 1
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            columns = cells if columns is None else columns
            assert cells == columns, "an unescaped | splits a cell"
        elif token.type == "table_close":
            columns = None
    assert tables == 1 + 1 + len(TABLE_NAMES), "tables, quality, and one per data table"


def test_the_documented_pandas_call_keeps_na_as_text(release, tmp_path, monkeypatch):
    pd = pytest.importorskip("pandas")
    zip_path, _ = release
    card = _card(release)
    assert PANDAS_LOAD in card
    zipfile.ZipFile(zip_path).extractall(tmp_path)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(PANDAS_LOAD, namespace)
    tables = namespace["tables"]
    organisations = tables["organisations"]
    assert "NA" in set(organisations["abbreviation"].dropna())
    with open("data/organisations.csv", encoding="utf-8", newline="") as handle:
        empty = sum(row["abbreviation"] == "" for row in csv.DictReader(handle))
    assert organisations["abbreviation"].isna().sum() == empty, "only empty cells are missing"
    naive = pd.read_csv("data/organisations.csv")
    assert "NA" not in set(naive["abbreviation"].dropna()), "the trap the card avoids is real"
    assert str(tables["articles"]["word_count"].dtype) == "Int64"
    assert str(tables["articles"]["published"].dtype).startswith("datetime64")


def test_the_card_tells_r_and_duckdb_that_only_the_empty_cell_is_missing(release):
    card = _card(release)
    assert 'na = ""' in card and 'na.strings = ""' in card
    duckdb = re.findall(r"CREATE TABLE (\w+) AS SELECT \* FROM read_csv\([^;]*nullstr = ''", card)
    assert duckdb == list(TABLE_NAMES)
    assert "'word_count': 'BIGINT'" in card and "'published': 'DATE'" in card


def test_the_card_shows_the_measured_quality_and_what_it_measures(release, package):
    card = _card(release)
    assert QUALITY["what"] in card
    assert "Measured with Communique 9.9.9, at version 0.9.0 of this package" in card
    assert "rules may have changed since" in card, "measured on another version: said so"
    other = dict(QUALITY, package={"name": "someone-elses", "version": "1.0.0"})
    card = render_card(read_package(package).descriptor, {}, other)
    assert "Measured with Communique 9.9.9.\n" in card, "no version of another package"
    assert "| invented | people | 0.500 | 0.250 | 0.333 |" in card
    assert "**invented** (3 articles): three articles written for this test" in card


def test_without_measurements_the_card_says_so(package):
    descriptor = read_package(package).descriptor
    card = render_card(descriptor, {}, None)
    assert "No extraction quality was measured for this release." in card


def test_release_command_puts_the_quality_file_in_the_card(package, tmp_path, capsys):
    quality = tmp_path / "quality.json"
    quality.write_text(json.dumps(QUALITY), encoding="utf-8")
    dist = tmp_path / "dist"
    assert main(["release", str(package), "--dist", str(dist), "--quality", str(quality)]) == 0
    card = zipfile.ZipFile(dist / "communique-press-1.0.0.zip").read("README.md").decode()
    assert "| invented | people |" in card
    assert "wrote" in capsys.readouterr().out


def test_diff_reads_release_zips(release, package, capsys):
    zip_path, _ = release
    assert main(["diff", str(zip_path), str(package)]) == 0
    assert capsys.readouterr().out.strip() == "no differences"


def test_the_committed_quality_file_renders_in_the_card(package):
    committed = Path(__file__).resolve().parents[1] / "evaluation" / "quality.json"
    quality = json.loads(committed.read_text(encoding="utf-8"))
    card = render_card(read_package(package).descriptor, {}, quality)
    for corpus in quality["corpora"]:
        assert f"| {corpus['name']} | people |" in card
    assert quality["corpora"][0]["name"] == "seeds"
