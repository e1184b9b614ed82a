"""A rebuild that can change nothing gives the same package and report without running, and
anything that could change the output (an article, a judgement, an option, the package's
files) makes it run; a build after a validated package checks only the rows it changed."""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from communique import pipeline, uptodate, validate_frictionless
from communique.bench.corpus import write_corpus
from communique.cache import Cache
from communique.uptodate import FileHasher, check, default_curation
from communique.validate import format_report, problem_kind, validate_build, validate_package
from corpus_helpers import ARTICLE_A, files
from table_helpers import CHANGED_CELLS, changed_copy, package_texts


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "articles"
    write_corpus(folder, 4, seed=11)
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    return folder


def never(*args, **kwargs):
    raise AssertionError("the build ran")


def test_a_rebuild_that_changes_nothing_is_not_run(corpus, tmp_path, monkeypatch):
    cache, out = Cache(tmp_path / "cache"), tmp_path / "package"
    first = pipeline.build(corpus, out, cache=cache)
    published = files(out)
    second = pipeline.build(corpus, out, cache=cache)  # runs: the first changed the package
    assert files(out) == published and second.level == "none" != first.level
    monkeypatch.setattr(pipeline, "_build", never)
    assert pipeline.build(corpus, out, cache=cache) == second
    assert files(out) == published


@pytest.mark.parametrize("change", ["article", "judgement", "option", "package", "cache"])
def test_anything_that_could_change_the_output_makes_it_run(corpus, tmp_path, change):
    cache, out = Cache(tmp_path / "cache"), tmp_path / "package"
    pipeline.build(corpus, out, cache=cache)
    pipeline.build(corpus, out, cache=cache)
    assert check(cache, corpus, default_curation(corpus), (False,) * 3, out).report is not None
    skip_invalid = False
    if change == "article":
        write_corpus(corpus, 1, seed=11, start=4)
    elif change == "judgement":
        (default_curation(corpus)).mkdir()
        (default_curation(corpus) / "people.yaml").write_text("[]\n", encoding="utf-8")
    elif change == "option":
        skip_invalid = True
    elif change == "package":
        log = out / "CHANGELOG.md"
        log.write_text(log.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    else:
        cache.close()
        shutil.rmtree(tmp_path / "cache")
        cache = Cache(tmp_path / "cache")
    freshness = check(cache, corpus, default_curation(corpus), (skip_invalid, False, False), out)
    assert freshness.report is None


def test_a_build_after_a_validated_package_checks_only_new_rows(corpus, tmp_path, monkeypatch):
    cache, out = Cache(tmp_path / "cache"), tmp_path / "package"
    pipeline.build(corpus, out, cache=cache)
    write_corpus(corpus, 1, seed=11, start=4)
    checked: dict[str, pd.DataFrame] = {}
    real = validate_frictionless.row_issues

    def spy(descriptor, rows, jobs=1):
        checked.update(rows)
        return real(descriptor, rows, jobs)

    monkeypatch.setattr("communique.validate.row_issues", spy)
    pipeline.build(corpus, out, cache=cache)
    assert list(checked["articles"]["article_id"]) == ["g0000004"]
    assert 0 < len(checked["mentions"]) < len(pd.read_csv(out / "data" / "mentions.csv"))
    assert validate_package(out, corpus) == []


@pytest.mark.parametrize(("table", "field", "value", "rule"), CHANGED_CELLS)
def test_a_changed_row_is_checked_against_a_validated_package(
    corpus, tmp_path, table, field, value, rule
):
    validated = tmp_path / "validated"
    pipeline.build(corpus, validated)
    changed = changed_copy(validated, tmp_path / "changed", table, field, value)
    texts = package_texts(validated, corpus)
    assert validate_build(validated, texts) == []
    issues = validate_build(changed, texts, validated=validated)
    assert any(i.table == table and problem_kind(i) == rule and i.line == 2 for i in issues), (
        format_report(issues)
    )


def test_the_global_stages_run_with_what_was_read_out_of_the_collectors_way(
    corpus, tmp_path, monkeypatch
):
    frozen = []
    assemble = pipeline.assemble

    def watched(articles, *args, **kwargs):
        frozen.append(gc.get_freeze_count())
        return assemble(articles, *args, **kwargs)

    monkeypatch.setattr(pipeline, "assemble", watched)
    pipeline.build(corpus, tmp_path / "package")
    assert frozen and frozen[0] > 0, "the corpus read is frozen while the build runs"
    assert gc.get_freeze_count() == 0, "and unfrozen after, for a process that builds again"


@pytest.fixture
def settled(monkeypatch):
    """Files as settled as a corpus' files are, however new (a test's are a moment old)."""
    monkeypatch.setattr(uptodate, "_SETTLED_NS", -1)


def test_an_unchanged_file_is_known_by_its_status_without_being_read(
    corpus, tmp_path, monkeypatch, settled
):
    cache = Cache(tmp_path / "cache")
    first = FileHasher(cache)
    hashes = {path: first(path) for path in sorted(corpus.iterdir())}
    assert len(first.fresh) == len(hashes)
    cache.put_file_hashes(first.fresh)
    monkeypatch.setattr(uptodate, "_file_hash", never)
    second = FileHasher(cache)
    assert {path: second(path) for path in hashes} == hashes and not second.fresh


def test_a_file_rewritten_with_its_old_size_and_time_is_read_again(corpus, tmp_path, settled):
    cache, path = Cache(tmp_path / "cache"), corpus / "a.txt"
    hasher = FileHasher(cache)
    before = hasher(path)
    cache.put_file_hashes(hasher.fresh)
    old = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("a", "b", 1), encoding="utf-8")  # same size
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # and the same time: the change
    assert path.stat().st_size == old.st_size  # time (ctime) still tells
    assert FileHasher(cache)(path) != before == hashlib.sha256(text.encode()).hexdigest()


def test_the_notes_of_deleted_files_are_forgotten_and_only_theirs(corpus, tmp_path, settled):
    cache, out = Cache(tmp_path / "cache"), tmp_path / "package"
    elsewhere = tmp_path / "other" / "articles"  # another corpus sharing the cache
    shutil.copytree(corpus, elsewhere)
    neighbour = tmp_path / "articles-old"  # a folder whose name starts like the corpus'
    shutil.copytree(corpus, neighbour)
    for folder in (elsewhere, neighbour):
        check(cache, folder, default_curation(folder), (False,) * 3, tmp_path / "p")
    check(cache, corpus, default_curation(corpus), (False,) * 3, out)
    noted = set(cache.file_hashes_by_status())
    assert os.path.abspath(corpus / "a.txt") in noted and len(noted) == 15
    (corpus / "a.txt").unlink()
    check(cache, corpus, default_curation(corpus), (False,) * 3, out)
    assert set(cache.file_hashes_by_status()) == noted - {os.path.abspath(corpus / "a.txt")}


@pytest.mark.parametrize("named", ["relative", "absolute"])
def test_reading_takes_the_hashes_the_up_to_date_check_took(corpus, tmp_path, monkeypatch, named):
    """A build hashes each article file once: reading finds the sha256 the check took, by
    the file's absolute path, however the corpus folder was named."""
    from communique import reading

    monkeypatch.chdir(corpus.parent)
    articles = Path(corpus.name) if named == "relative" else corpus
    hashed_again = []
    real = reading.file_bytes

    def noted(path, rel):
        if isinstance(path, Path) and path.suffix == ".txt":
            hashed_again.append(rel)
        return real(path, rel)

    monkeypatch.setattr(reading, "file_bytes", noted)  # what a file is read with, to hash
    cache = Cache(tmp_path / "cache")
    pipeline.build(articles, tmp_path / "package", cache=cache)
    write_corpus(corpus, 1, seed=11, start=4)
    del hashed_again[:]
    pipeline.build(articles, tmp_path / "package", cache=cache)
    assert hashed_again == ["g0000004.txt"]  # read once, to be read: hashed by the check
    assert cache.file_hashes == {}


def test_a_file_changed_a_moment_ago_is_not_noted(corpus, tmp_path):
    """On a clock coarser than the file system's, its next change could keep its times."""
    hasher = FileHasher(Cache(tmp_path / "cache"))
    hasher(corpus / "a.txt")
    assert hasher.fresh == {}


def test_validation_starts_after_what_the_build_deleted_is_given_back(
    corpus, tmp_path, monkeypatch
):
    """The build's articles, facts and tables are gone (a collection included, for those in
    cycles) before validation loads its frames."""
    import weakref

    from communique import collector

    class Node:
        pass

    events = []
    validate_build = pipeline.validate_build
    release = collector.release_freed_memory

    def released():
        events.append("released")
        release()

    def validating(*args, **kwargs):
        events.append(("validating", cycle() is None))
        return validate_build(*args, **kwargs)

    node = Node()
    node.itself = node
    cycle = weakref.ref(node)
    del node
    monkeypatch.setattr(pipeline, "release_freed_memory", released)
    monkeypatch.setattr(pipeline, "validate_build", validating)
    with collector.collector_paused():  # only a collection can free the cycle
        pipeline.build(corpus, tmp_path / "package")
    assert events == ["released", ("validating", True)]
