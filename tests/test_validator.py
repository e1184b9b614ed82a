"""Validation in a process beside the build (``validator``): the issues of
``validate_build`` on the same files, whatever happens to the process, and the build's
bytes the same with it or without it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from communique import pipeline, validator
from communique.bench.corpus import write_corpus
from communique.cache import Cache
from communique.engines import Engine
from communique.validate import format_report, problem_kind, validate_build
from communique.validator import Validator, ValidatorError, validator_beside
from corpus_helpers import ARTICLE_A, files
from table_helpers import CHANGED_CELLS, changed_copy, package_texts

pytestmark = pytest.mark.skipif(not validator.can_fork(), reason="this system cannot fork")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("beside") / "articles"
    write_corpus(folder, 4, seed=13)
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def validated(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("validated") / "package"
    pipeline.build(corpus, out)
    return out


@pytest.fixture(scope="module")
def texts(validated, corpus) -> dict[str, str]:
    return package_texts(validated, corpus)


def beside(package: Path, texts: dict[str, str], validated: Path) -> list:
    with validator_beside(validated, 2) as process:
        assert isinstance(process, Validator)
        process.check_tables(package, 1)
        timings: dict[str, float] = {}
        issues = process.finish(texts, timings)
    assert "validate.pandera" in timings and "validate.descriptor" in timings
    return issues


@pytest.mark.parametrize(("table", "field", "value", "rule"), CHANGED_CELLS)
def test_the_process_finds_what_validation_here_finds(
    validated, texts, tmp_path, table, field, value, rule
):
    changed = changed_copy(validated, tmp_path / "changed", table, field, value)
    here = validate_build(changed, texts, validated)
    assert any(i.table == table and problem_kind(i) == rule for i in here), format_report(here)
    assert beside(changed, texts, validated) == here
    assert beside(validated, texts, validated) == [] == validate_build(validated, texts, validated)


def _note_tables_read(monkeypatch, notes: Path) -> None:
    """Have a validation process (forked after this) note in ``notes`` each table file it
    reads for its checks (not the bytes ``check_written`` reads once)."""
    from communique import validate

    real, here = validate._raw, os.getpid()

    def noted(source):
        if isinstance(source, Path) and os.getpid() != here:
            with notes.open("a", encoding="utf-8") as out:
                out.write(f"{source}\n")
        return real(source)

    monkeypatch.setattr(validate, "_raw", noted)


def test_tables_checked_as_they_are_written_are_not_read_again(
    validated, texts, tmp_path, monkeypatch
):
    """Told of each table as the build writes it, the process checks it then; the
    package's checks take those results for the files the descriptor describes (by their
    hash), and find what validation here finds."""
    from communique import validate
    from communique.package import file_size_and_hash

    read = tmp_path / "read"
    _note_tables_read(monkeypatch, read)
    for table, field, value, rule in CHANGED_CELLS:
        package = changed_copy(validated, tmp_path / table, table, field, value)
        descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:  # as a build describes what it wrote
            resource.update(file_size_and_hash(package / resource["path"]))
        (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        here = validate_build(package, texts, validated)
        assert any(i.table == table and problem_kind(i) == rule for i in here), rule
        read.unlink(missing_ok=True)
        with validator_beside(validated, 2) as process:
            assert process is not None
            for name, path in validate.table_paths(package).items():
                process.check_written(name, path)
            process.check_tables(package, 1)
            assert process.finish(texts) == here
        assert not read.exists() or str(package) not in read.read_text(encoding="utf-8")


@pytest.mark.parametrize("offered", ["all", "some", "none"])
def test_texts_offered_with_the_final_descriptor_are_not_asked_for_again(
    validated, texts, tmp_path, offered
):
    """The build offers the texts the process is likely to need once the descriptor is
    final; the process checks the slices with them and asks ``finish`` for the others."""
    changed = changed_copy(validated, tmp_path / "changed", "mentions", "text", "Somebody Else")
    here = validate_build(changed, texts, validated)
    assert any(problem_kind(i) == "equals its slice of the article" for i in here)
    given = {"all": texts, "some": dict(list(texts.items())[:1]), "none": {}}[offered]
    with validator_beside(validated, 2) as process:
        assert process is not None
        process.check_tables(changed, 1)
        process.offer_texts(given)
        rest = {i: text for i, text in texts.items() if i not in given}
        assert process.finish(rest) == here  # with all offered, it asks for none (or misses)


def test_the_texts_likely_needed_are_those_validation_asks_for(corpus, tmp_path):
    """After an article is added, the diff from the validated package names every article
    whose text validation needs: the added one, and any whose mentions changed."""
    from communique import validate
    from communique.diff import diff_packages
    from communique.package import read_package
    from communique.validator import texts_likely_needed

    later = tmp_path / "articles"
    shutil.copytree(corpus, later)
    before, after = tmp_path / "before", tmp_path / "after"
    pipeline.build(later, before)
    write_corpus(later, 2, seed=13, start=70)
    pipeline.build(later, after)
    old, new = read_package(before), read_package(after)
    diff = diff_packages(old.descriptor, old.tables, new.descriptor, new.tables)
    likely = texts_likely_needed(diff, new.tables["mentions"])
    asked = validate.check_tables(after, before).articles()
    assert asked and set(asked) <= likely
    assert likely <= {row["article_id"] for row in new.tables["articles"]}
    assert (
        texts_likely_needed(
            diff_packages(old.descriptor, old.tables, old.descriptor, old.tables),
            old.tables["mentions"],
        )
        == set()
    )


def descriptor_changed_after_the_tables(
    validated, texts, package: Path, change, monkeypatch
) -> tuple[list, int]:
    """The issues the process finds when, once it has checked the tables under the draft
    descriptor, the descriptor becomes ``change(draft)``; and how many times it checked
    the tables."""
    from communique import validate

    shutil.copytree(validated, package)
    descriptor = package / "datapackage.json"
    draft = json.loads(descriptor.read_text(encoding="utf-8"))
    checked = package.parent / "checked"
    real = validate.check_tables

    def noted(*args, **kwargs):  # in the process, forked after this: a line once done
        result = real(*args, **kwargs)
        with checked.open("a", encoding="utf-8") as out:
            out.write("checked\n")
        return result

    monkeypatch.setattr(validate, "check_tables", noted)
    with validator_beside(validated, 2) as process:
        assert process is not None
        process.check_tables(package, 1)
        _wait_for(checked.exists)  # the tables checked under the draft
        descriptor.write_text(json.dumps(change(draft)), encoding="utf-8")
        issues = process.finish(texts)
    return issues, len(checked.read_text(encoding="utf-8").splitlines())


def test_a_descriptor_changed_beyond_its_version_has_the_tables_checked_again(
    validated, texts, tmp_path, monkeypatch
):
    """``finish`` checks the descriptor then in the package: the tables were checked under
    a draft that may differ from it only by its version."""

    def without_meetings(draft: dict) -> dict:
        resources = [r for r in draft["resources"] if r["name"] != "meetings"]
        return {**draft, "version": "9.9.9", "resources": resources}

    package = tmp_path / "package"
    issues, times = descriptor_changed_after_the_tables(
        validated, texts, package, without_meetings, monkeypatch
    )
    assert times == 2  # under the draft, then again under the descriptor as it is now
    assert any(i.table == "meetings" and i.rule == "resource exists" for i in issues)
    assert issues == validate_build(package, texts, validated)


def test_a_descriptor_changed_in_its_version_only_is_checked_as_it_is_now(
    validated, texts, tmp_path, monkeypatch
):
    package = tmp_path / "package"
    issues, times = descriptor_changed_after_the_tables(
        validated, texts, package, lambda draft: {**draft, "version": ["1", "0"]}, monkeypatch
    )
    assert times == 1  # the tables' checks stand: the descriptor's own find the version
    assert issues and issues == validate_build(package, texts, validated)


def test_a_process_that_died_leaves_validation_to_the_build(validated, texts, tmp_path):
    changed = changed_copy(validated, tmp_path / "changed", "meetings", "kind", "picnic")
    with validator_beside(validated, 2) as process:
        assert process is not None
        process.check_tables(changed, 1)
        process._process.kill()
        process._process.join()
        issues = process.finish(texts)
    assert issues and issues == validate_build(changed, texts, validated)


@pytest.mark.parametrize("step", ["check_tables", "finish_checks"])
def test_an_error_in_a_check_is_raised_in_the_build(validated, texts, monkeypatch, step):
    def broken(*args):
        raise KeyError("a bug in a check")

    from communique import validate

    monkeypatch.setattr(validate, step, broken)  # before the process forks
    with validator_beside(validated, 2) as process, pytest.raises(ValidatorError, match="a bug"):
        assert process is not None
        process.check_tables(validated, 1)
        process.finish(texts)


def test_ctrl_c_is_the_builds_to_answer(validated, texts):
    """The terminal sends SIGINT to the build and the process alike: the process ignores it
    (the build ends it), so it never prints a traceback of its own."""
    with validator_beside(validated, 2) as process:
        assert process is not None
        os.kill(process._process.pid, signal.SIGINT)
        process.check_tables(validated, 1)
        assert process.finish(texts) == []
        assert process._process.exitcode in (None, 0)


def test_the_process_ends_with_the_block_however_it_ends(validated):
    with pytest.raises(RuntimeError), validator_beside(validated, 2) as process:
        assert process is not None
        running = process._process
        raise RuntimeError("the build failed")
    assert not running.is_alive()
    for no_validated_package, one_job in ((None, 2), (validated, 1)):
        with validator_beside(no_validated_package, one_job) as nothing:
            assert nothing is None


def test_a_build_after_a_validated_package_validates_beside_with_the_same_bytes(
    corpus, tmp_path, monkeypatch
):
    later = tmp_path / "articles"
    shutil.copytree(corpus, later)
    cache = tmp_path / "cache"
    out, plain = tmp_path / "package", tmp_path / "plain"
    pipeline.build(later, out, cache=Cache(cache), engine=Engine(jobs=2))
    shutil.copytree(out, plain)
    write_corpus(later, 1, seed=13, start=50)  # one article more
    read_again = tmp_path / "read-again"
    _note_tables_read(monkeypatch, read_again)
    started, written = [], []
    monkeypatch.setattr(validator, "Validator", lambda v: started.append(1) or Validator(v))
    real_written = Validator.check_written
    monkeypatch.setattr(
        Validator,
        "check_written",
        lambda self, table, path: written.append(table) or real_written(self, table, path),
    )
    pipeline.build(later, out, cache=Cache(cache), engine=Engine(jobs=2))
    assert started == [1]
    assert sorted(written) == sorted(p.stem for p in (out / "data").iterdir())
    assert not read_again.exists()  # each table's checks, as it was written, were taken
    pipeline.build(later, plain)  # no cache, one job: validated here, in full
    assert started == [1]
    assert files(out) == files(plain)


def test_a_package_failing_validation_beside_the_build_is_not_published(
    corpus, tmp_path, monkeypatch
):
    """The process's verdict stops the build as the build's own would: nothing published,
    no staging left behind."""
    from communique import validate
    from communique.issues import ValidationIssue

    later = tmp_path / "articles"
    shutil.copytree(corpus, later)
    cache, out = Cache(tmp_path / "cache"), tmp_path / "package"
    pipeline.build(later, out, cache=cache, engine=Engine(jobs=2))
    before = files(out)
    write_corpus(later, 1, seed=13, start=60)
    broken = ValidationIssue("people", 2, "name", "x", "test rule", "made to fail")
    # in this process, before the validation process is forked from it
    monkeypatch.setattr(validate, "slice_issues", lambda *args: [broken])
    started = []
    monkeypatch.setattr(validator, "Validator", lambda v: started.append(1) or Validator(v))
    with pytest.raises(pipeline.ValidationFailed) as failed:
        pipeline.build(later, out, cache=Cache(tmp_path / "cache"), engine=Engine(jobs=2))
    assert started == [1] and failed.value.issues == [broken]
    assert files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "cache", "package"]


def test_the_process_reads_the_package_replaced_as_the_build_would(validated, texts):
    from communique.package import read_package

    with validator_beside(validated, 2) as process:
        assert process is not None
        assert process.previous() == read_package(validated)
        process.check_tables(validated, 1)
        assert process.finish(texts) == []


def test_the_process_goes_on_before_the_build_takes_the_package_it_replaces(
    validated, texts, tmp_path, monkeypatch
):
    """The build takes the package only once it has resolved the corpus: the process sends
    it from a thread, and takes the lines and warms up meanwhile, however large it is (a
    pipe holds far less than the 27 MB of 10,000 articles' package)."""
    from communique.package import Package, read_package

    package = read_package(validated)
    large = Package({**package.descriptor, "padding": "x" * 2**23}, package.tables, validated)
    monkeypatch.setattr(validator, "read_package", lambda path: large)
    calls, ready = tmp_path / "calls.jsonl", tmp_path / "ready"
    _record_checks(monkeypatch, calls, ready)
    monkeypatch.setattr(validator, "WARM_UP_BYTES", 0)
    with validator_beside(validated, 2) as process:
        assert process is not None
        _wait_for(lambda: len(_checked(calls)) == 1)  # warmed up, the package not taken
        assert process.previous() == large
        process.check_tables(validated, 1)
        assert process.finish(texts) == []


def test_the_build_takes_the_package_it_replaces_once_it_needs_it(tmp_path, monkeypatch):
    """After laying out the tables (the ids are carried forward from it), or before
    resolving when there are judgements to check against it."""
    from communique.extraction import extract_corpus
    from communique.judgements import load_judgements
    from communique.read import read_corpus

    folder = tmp_path / "articles"
    write_corpus(folder, 3, seed=5)
    out = tmp_path / "package"
    pipeline.build(folder, out)
    previous = pipeline.read_package(out)
    articles, _ = read_corpus(folder)
    facts = extract_corpus(articles)
    order: list[str] = []
    real_resolve, real_tables = pipeline.resolve, pipeline.build_tables
    monkeypatch.setattr(pipeline, "resolve", lambda *a: order.append("resolve") or real_resolve(*a))
    monkeypatch.setattr(
        pipeline, "build_tables", lambda *a: order.append("tables") or real_tables(*a)
    )

    def given():
        order.append("previous")
        return previous

    plain = pipeline.assemble(articles, facts, None, previous)
    late = pipeline.assemble(articles, facts, None, given)
    assert order == ["resolve", "tables", "resolve", "tables", "previous"]
    assert late.tables == plain.tables and late.ids == plain.ids
    order.clear()
    mention = next(m for m in previous.tables["mentions"] if m["person_id"])
    (tmp_path / "curation").mkdir()
    (tmp_path / "curation" / "people.yaml").write_text(
        f"- drop: people\n  id: {mention['person_id']}\n  at: {mention['mention_id']}\n"
        "  reason: r\n  by: b\n  date: 2025-06-01\n"
    )
    judgements, problems = load_judgements(tmp_path / "curation")
    assert judgements and not problems
    pipeline.assemble(articles, facts, judgements, given)
    assert order == ["previous", "resolve", "tables"]


def test_a_package_the_process_cannot_read_is_read_by_the_build(validated, tmp_path, monkeypatch):
    """The build then reads it itself: the same package, or the same error."""
    from communique.package import PackageError, read_package

    build = os.getpid()

    def unreadable_beside(path):
        if os.getpid() != build:
            raise PackageError("the process cannot read it")
        return read_package(path)

    monkeypatch.setattr(validator, "read_package", unreadable_beside)
    with validator_beside(validated, 2) as process:
        assert process is not None
        assert process.previous() == read_package(validated)
    broken = changed_copy(validated, tmp_path / "broken", "meetings", "start_date", "not a date")
    with pytest.raises(PackageError, match="start_date"):
        read_package(broken)
    monkeypatch.undo()
    with validator_beside(broken, 2) as process, pytest.raises(PackageError, match="start_date"):
        assert process is not None
        process.previous()


def test_a_process_that_died_before_sending_the_package_leaves_reading_it_to_the_build(
    validated,
):
    from communique.package import read_package

    with validator_beside(validated, 2) as process:
        assert process is not None
        process._process.kill()
        process._process.join()
        assert process.previous() == read_package(validated)


def _record_checks(monkeypatch, calls: Path, ready: Path, pause: float = 0.0) -> None:
    """Have the process (forked after this) note each ``check_tables`` it runs, the package
    and its tables' lines, in ``calls``; and touch ``ready`` once it has taken the lines of
    the package it replaces, ``pause`` seconds later (just before it may warm up)."""
    from communique import validate

    real_check, real_lines = validate.check_tables, validate.validated_lines

    def recorded(package_dir, *args, **kwargs):
        lines = {
            name: len(path.read_bytes().splitlines())
            for name, path in validate.table_paths(package_dir).items()
        }
        with calls.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"package": str(package_dir), "lines": lines}) + "\n")
        return real_check(package_dir, *args, **kwargs)

    def taken(validated):
        found = real_lines(validated)
        time.sleep(pause)
        ready.touch()
        return found

    monkeypatch.setattr(validate, "check_tables", recorded)
    monkeypatch.setattr(validate, "validated_lines", taken)


def _checked(calls: Path) -> list[dict]:
    return [json.loads(line) for line in calls.read_text().splitlines()] if calls.exists() else []


def _wait_for(predicate, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "the process never got there"
        time.sleep(0.01)


def test_the_process_warms_the_checks_up_on_a_sample_before_the_tables_come(
    validated, texts, tmp_path, monkeypatch
):
    """The process checks a few rows of each table of the package it has (a first run of
    the checks loads what Pandera, Frictionless and pyarrow load lazily) in a scratch folder
    it removes, then checks the tables it is sent as before."""
    from communique import validate

    calls, ready = tmp_path / "calls.jsonl", tmp_path / "ready"
    _record_checks(monkeypatch, calls, ready)
    monkeypatch.setattr(validator, "WARM_UP_BYTES", 0)
    with validator_beside(validated, 2) as process:
        assert process is not None
        _wait_for(lambda: len(_checked(calls)) == 1)  # warmed up before the tables come
        process.check_tables(validated, 1)
        assert process.finish(texts) == []
    warm, checked = _checked(calls)
    assert checked["package"] == str(validated)
    sample = Path(warm["package"])
    assert sample != validated and not sample.exists()
    assert warm["lines"].keys() == checked["lines"].keys()
    for table, count in warm["lines"].items():
        assert count == min(checked["lines"][table], validate.WARM_UP_ROWS + 1), table
    assert any(count > validate.WARM_UP_ROWS + 1 for count in checked["lines"].values())


@pytest.mark.parametrize("why", ["a small package", "the tables came first"])
def test_no_warm_up_for_a_small_package_or_once_the_tables_are_there(
    validated, texts, tmp_path, monkeypatch, why
):
    """Below ``WARM_UP_BYTES`` of tables the build writes its tables before a warm-up would
    be done; and once they are written, the process checks them straight away."""
    calls, ready = tmp_path / "calls.jsonl", tmp_path / "ready"
    first = why == "the tables came first"
    _record_checks(monkeypatch, calls, ready, pause=0.5 if first else 0.0)
    if first:
        monkeypatch.setattr(validator, "WARM_UP_BYTES", 0)
    else:
        assert validator._table_bytes(validated) < validator.WARM_UP_BYTES
    with validator_beside(validated, 2) as process:
        assert process is not None
        if first:  # sent while the process takes the lines, before it could warm up
            process.check_tables(validated, 1)
        else:  # sent well after the process could have warmed up
            _wait_for(ready.exists)
            time.sleep(1)
            process.check_tables(validated, 1)
        assert process.finish(texts) == []
    assert [call["package"] for call in _checked(calls)] == [str(validated)]


def test_the_process_reads_each_table_on_its_own_thread(validated, texts, monkeypatch, tmp_path):
    """Beside the build, Arrow reads a CSV on the process's one thread (the build has the
    other core); the build's own process, validating without it, keeps Arrow's threads."""
    import pyarrow.csv

    notes, here = tmp_path / "threads.txt", os.getpid()
    real = pyarrow.csv.read_csv

    def noted(source, *args, **kwargs):
        threads = kwargs["read_options"].use_threads
        with notes.open("a", encoding="utf-8") as out:
            out.write(f"{'process' if os.getpid() != here else 'here'} {threads}\n")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(pyarrow.csv, "read_csv", noted)
    assert beside(validated, texts, validated) == []
    seen = set(notes.read_text(encoding="utf-8").splitlines())
    assert seen == {"process False"}
    notes.unlink()
    assert validate_build(validated, texts, validated) == []
    assert set(notes.read_text(encoding="utf-8").splitlines()) == {"here True"}
