"""End to end: a temporary corpus in, a valid package out; and the committed package is
what a fresh build of articles/ gives."""

import csv
import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from communique.pipeline import build
from communique.validate import format_report, validate_package
from corpus_helpers import ARTICLE_A, ARTICLE_B, write_corpus

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"


def _rows(package: Path, table: str) -> list[dict[str, str]]:
    with (package / "data" / f"{table}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_build_from_a_temporary_corpus_gives_a_valid_package(tmp_path):
    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A, "b": ARTICLE_B})
    out = tmp_path / "package"
    build(corpus, out)
    assert validate_package(out, corpus) == [], format_report(validate_package(out, corpus))
    people = {r["name"]: r for r in _rows(out, "people")}
    assert set(people) == {"Kamran Huseynli", "Sengphet Vongkham", "Thongvanh Phommasane"}
    assert people["Kamran Huseynli"]["country"] == "AZE"
    meetings = _rows(out, "meetings")
    kinds = sorted(m["kind"] for m in meetings)
    assert kinds == ["talks", "talks", "visit"]
    reported_twice = [m for m in meetings if m["start_date"] == "2025-05-04"]
    assert len(reported_twice) == 1, "one event in two articles is one meeting"
    mentions = [
        r for r in _rows(out, "mentions") if r["meeting_id"] == reported_twice[0]["meeting_id"]
    ]
    assert {m["article_id"] for m in mentions} == {"a", "b"}
    articles = {r["article_id"]: r for r in _rows(out, "articles")}
    assert articles["b"]["source"] == "Trend News Agency"
    assert articles["b"]["publisher"] == "MENAFN"


def test_two_builds_are_byte_identical(tmp_path):
    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A, "b": ARTICLE_B})
    build(corpus, tmp_path / "one")
    build(corpus, tmp_path / "two")
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only
    assert not filecmp.dircmp(tmp_path / "one" / "data", tmp_path / "two" / "data").diff_files


def test_committed_package_is_a_fresh_build_of_articles(tmp_path):
    copy = tmp_path / "datapackage"
    shutil.copytree(ROOT / "datapackage", copy)
    build(ROOT / "articles", copy)
    stale = [
        p.name
        for p in copy.rglob("*")
        if p.is_file()
        and not filecmp.cmp(p, ROOT / "datapackage" / p.relative_to(copy), shallow=False)
    ]
    assert stale == [], "run `nox -s build` and commit datapackage/"


def test_console_script_builds_a_corpus(tmp_path):
    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "communique.cli",
            "build",
            str(corpus),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "version 1.0.0 (first release)" in result.stdout


@pytest.mark.skipif(
    not (SHARED / "score.py").exists(),
    reason="../shared/eval is absent: the seed gold lives beside the project",
)
def test_seeds_score_one_on_every_line(tmp_path):
    out = tmp_path / "seeds"
    build(ROOT / "articles", out)
    result = subprocess.run(
        [
            sys.executable,
            str(SHARED / "score.py"),
            "--gold",
            str(SHARED / "seeds" / "gold.yaml"),
            "--package",
            str(out / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[-1] == "macro F1: 1.000", result.stdout
    for line in lines[1:6]:
        assert line.rstrip().endswith("1.000"), line
    for line in lines:
        if "accuracy" in line or "found" in line:
            done, total = line.split(": ")[1].split("/")
            assert done == total, line


@pytest.mark.skipif(
    not (SHARED / "dev" / "articles").is_dir(),
    reason="../shared/eval/dev is absent: the dev corpus lives beside the project",
)
def test_dev_corpus_builds_and_validates(tmp_path):
    corpus = SHARED / "dev" / "articles"
    out = tmp_path / "dev"
    build(corpus, out)
    assert validate_package(out, corpus) == []
    assert len(_rows(out, "articles")) == len(list(corpus.glob("*.txt")))


def test_a_package_that_fails_validation_is_not_published(tmp_path, monkeypatch):
    from communique import pipeline
    from communique.validate import ValidationIssue

    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A})
    out = tmp_path / "package"
    build(corpus, out)
    before = {p.name: p.read_bytes() for p in (out / "data").iterdir()}
    write_corpus(corpus, {"b": ARTICLE_B})
    broken = ValidationIssue("people", 1, "name", "x", "test rule", "made to fail")
    monkeypatch.setattr(pipeline, "validate_build", lambda *args: [broken])
    with pytest.raises(pipeline.ValidationFailed):
        build(corpus, out)
    assert {p.name: p.read_bytes() for p in (out / "data").iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "package"]
