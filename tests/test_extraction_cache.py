"""Parallel and incremental reading and extraction: the package is the same bytes with or
without the cache, cold or warm, with one worker or two; a damaged cache is ignored; a
change to the rules or the reader's or extraction's code invalidates what was cached."""

from __future__ import annotations

import gc
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from communique import extraction, fingerprint, reading
from communique import records as records_module
from communique.bench.corpus import write_corpus
from communique.cache import FILE, Cache
from communique.cli import main
from communique.engines import Engine, run
from communique.extract.article import extract_article
from communique.extract.facts import ArticleFacts
from communique.model import Article, Problem
from communique.pipeline import build, read_articles
from communique.read import MAX_BYTES, Reading, read_bytes, read_corpus
from communique.records import RecordError, from_json, from_row, to_json, to_row
from corpus_helpers import ARTICLE_B, files, generated_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Six generated articles and the two hand-written ones: invented text throughout."""
    return generated_corpus(tmp_path_factory.mktemp("cached") / "articles", 6, seed=7)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    """The package built the plain way: one process, no cache."""
    out = tmp_path_factory.mktemp("reference") / "package"
    build(corpus, out)
    return out


@pytest.mark.parametrize(
    ("encode", "decode"), [(to_json, from_json), (to_row, from_row)], ids=["named", "rows"]
)
def test_records_round_trip_exactly(corpus, encode, decode):
    articles, _ = read_corpus(corpus)
    for article in articles:
        facts = extract_article(article)
        assert decode(Article, encode(article)) == article
        assert decode(ArticleFacts, encode(facts)) == facts
        assert decode(ArticleFacts, encode(facts)) == from_json(ArticleFacts, to_json(facts))
    assert any(f.people and f.meetings for f in map(extract_article, articles))
    damaged = read_bytes(b"no date here\n", "sub/x.txt")
    assert damaged.article is None and damaged.problems
    assert decode(Reading, encode(damaged)) == damaged


def test_rows_are_written_as_the_plain_walk_over_each_value_writes_them(corpus):
    """The encoders written from each record type's hints give the very arrays that
    asking every value what it is gives (``records._row``)."""
    articles, _ = read_corpus(corpus)
    readings = [read_bytes(b"no date here\n", "x.txt")]
    readings += [Reading(a, [Problem(a.path, "note", "warning", 3)]) for a in articles]
    records = [*articles, *readings, *map(extract_article, articles)]
    assert any(f.people and f.meetings and f.organisations for f in records[-len(articles) :])
    for record in records:
        assert to_row(record) == json.dumps(
            records_module._row(record), ensure_ascii=False, separators=(",", ":")
        )


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "{}",
        '["a"]',
        '["a", "2025-01-01", [], [], {}]',
        '[1, "2025-01-01", [], [], []]',
        '["a", "2025-02-30", [], [], []]',
        '["a", "2025-01-01", [], [], [], "red"]',
        '["a", "2025-01-01", [[0, "P", null, [], [[0, 1]], [], null]], [], []]',
        '["a", "2025-01-01", [[true, "P", null, [], [], [], null]], [], []]',
    ],
)
def test_a_row_that_does_not_fit_its_type_is_refused(text):
    with pytest.raises(RecordError):
        from_row(ArticleFacts, text)


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "[]",
        '{"article_id": "a"}',
        '{"article_id": 1, "published": "2025-01-01", "people": [], "organisations": [],'
        ' "meetings": []}',
        '{"article_id": "a", "published": "2025-02-30", "people": [], "organisations": [],'
        ' "meetings": []}',
        '{"article_id": "a", "published": "2025-01-01", "people": [], "organisations": [],'
        ' "meetings": [], "colour": "red"}',
    ],
)
def test_a_record_that_does_not_fit_its_type_is_refused(text):
    with pytest.raises(RecordError):
        from_json(ArticleFacts, text)


def test_same_bytes_without_cache_cold_warm_and_with_two_workers(
    corpus, reference, tmp_path, monkeypatch
):
    cache = Cache(tmp_path / "cache")
    build(corpus, tmp_path / "cold", engine=Engine(jobs=2), cache=cache)
    assert files(tmp_path / "cold") == files(reference)

    def never(article):
        raise AssertionError(f"{article.article_id} extracted again")

    def unread(raw, rel):
        raise AssertionError(f"{rel} read again")

    monkeypatch.setattr(extraction, "extract_article", never)
    monkeypatch.setattr(reading, "read_bytes", unread)
    build(corpus, tmp_path / "warm", engine=Engine(jobs=2), cache=cache)
    assert files(tmp_path / "warm") == files(reference)


def test_only_a_new_or_changed_file_is_read(corpus, reference, tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    build(corpus, tmp_path / "first", cache=cache)
    grown = tmp_path / "grown"
    shutil.copytree(corpus, grown)
    write_corpus(grown, 1, seed=7, start=6)
    (grown / "renamed.txt").write_bytes((grown / "a.txt").read_bytes())
    (grown / "a.txt").unlink()
    (grown / "b.txt").write_text((grown / "b.txt").read_text() + "\nMore.\n")
    seen = []

    def counted(raw, rel):
        seen.append(rel)
        return read_bytes(raw, rel)

    monkeypatch.setattr(reading, "read_bytes", counted)
    build(grown, tmp_path / "second", cache=cache)
    # a file's path names its article and its problems: the same bytes elsewhere are read
    assert sorted(seen) == ["b.txt", "g0000006.txt", "renamed.txt"]
    build(grown, tmp_path / "plain")
    assert files(tmp_path / "second") == files(tmp_path / "plain")
    assert "renamed," in (tmp_path / "second" / "data" / "articles.csv").read_text()


def test_only_a_new_article_is_extracted(corpus, tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    build(corpus, tmp_path / "first", cache=cache)
    grown = tmp_path / "grown"
    shutil.copytree(corpus, grown)
    write_corpus(grown, 1, seed=7, start=6)
    seen = []

    def counted(article):
        seen.append(article.article_id)
        return extract_article(article)

    monkeypatch.setattr(extraction, "extract_article", counted)
    build(grown, tmp_path / "second", cache=cache)
    assert seen == ["g0000006"]


def test_a_damaged_cache_is_ignored_and_repaired(corpus, reference, tmp_path):
    folder = tmp_path / "cache"
    build(corpus, tmp_path / "first", cache=Cache(folder))
    with sqlite3.connect(folder / FILE) as db:
        keys = [key for (key,) in db.execute("SELECT key FROM facts ORDER BY key")]
        db.execute("UPDATE facts SET value = '{' WHERE key = ?", [keys[0]])
        db.execute("UPDATE facts SET value = '{\"article_id\": 1}' WHERE key = ?", [keys[1]])
        db.execute("DELETE FROM facts WHERE key = ?", [keys[2]])
        files_read = [key for (key,) in db.execute("SELECT key FROM readings ORDER BY key")]
        db.execute("UPDATE readings SET value = '[1]' WHERE key = ?", [files_read[0]])
        db.execute("UPDATE readings SET value = '{' WHERE key = ?", [files_read[1]])
    build(corpus, tmp_path / "second", cache=Cache(folder))
    assert files(tmp_path / "second") == files(reference)
    assert len(Cache(folder).facts(keys)) == len(keys)  # the damaged entries were rewritten
    assert len(Cache(folder).readings(files_read)) == len(files_read)
    assert gc.isenabled(), "decoding paused the garbage collector and left it off"

    (folder / FILE).write_bytes(b"not a database at all" * 100)
    for leftover in folder.glob(FILE + "-*"):
        leftover.unlink()
    build(corpus, tmp_path / "third", cache=Cache(folder))
    assert files(tmp_path / "third") == files(reference)
    assert len(Cache(folder).facts(keys)) == len(keys)


def test_other_rules_or_code_miss_the_cache(corpus, tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    build(corpus, tmp_path / "first", cache=cache)
    seen = []

    def counted(article):
        seen.append(article.article_id)
        return extract_article(article)

    monkeypatch.setattr(extraction, "extract_article", counted)
    monkeypatch.setattr(extraction, "extraction_fingerprint", lambda: "other rules")
    build(corpus, tmp_path / "second", cache=cache)
    assert len(seen) == len(list(corpus.glob("*.txt")))


def test_another_reader_misses_the_cache(corpus, reference, tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    build(corpus, tmp_path / "first", cache=cache)
    seen = []

    def counted(raw, rel):
        seen.append(rel)
        return read_bytes(raw, rel)

    monkeypatch.setattr(reading, "read_bytes", counted)
    monkeypatch.setattr(reading, "reader_fingerprint", lambda: "other rules")
    build(corpus, tmp_path / "second", cache=cache)
    assert len(seen) == len(list(corpus.glob("*.txt")))
    assert files(tmp_path / "second") == files(reference)


@pytest.mark.parametrize(
    ("module", "changes"),
    [
        ("reader", ("rules/reader.yaml", "rules/outlets.yaml", "read.py", "model.py")),
        ("extraction", ("rules/titles.yaml", "extract/text.py", "read.py", "model.py")),
    ],
)
def test_a_fingerprint_follows_its_rules_and_code_only(tmp_path, monkeypatch, module, changes):
    copy = tmp_path / "communique"
    shutil.copytree(fingerprint.ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "ROOT", copy)
    name = reading.READER if module == "reader" else extraction.EXTRACTION

    def current() -> str:
        return fingerprint.fingerprint.__wrapped__(name)

    before = current()
    (copy / "report" / "site.py").write_text(f"# not read by the {module}\n", encoding="utf-8")
    assert current() == before
    for changed in changes:
        path = copy / changed
        path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        assert current() != before, changed
        before = current()


def test_the_command_line_caches_unless_told_not_to(corpus, reference, tmp_path, capsys):
    cache = tmp_path / "cache"
    assert main(["build", str(corpus), "--out", str(tmp_path / "a"), "--cache", str(cache)]) == 0
    assert (cache / FILE).is_file()
    assert main(["build", str(corpus), "--out", str(tmp_path / "b"), "--no-cache"]) == 0
    assert files(tmp_path / "a") == files(tmp_path / "b") == files(reference)
    capsys.readouterr()


@pytest.fixture(scope="module")
def awkward(corpus, tmp_path_factory) -> Path:
    """The corpus with a file twice (same bytes), two files whose ids collide, one file
    that is no article, and one too big to be read."""
    folder = tmp_path_factory.mktemp("awkward") / "articles"
    shutil.copytree(corpus, folder)
    (folder / "again.txt").write_bytes((folder / "b.txt").read_bytes())
    (folder / "sub").mkdir()
    (folder / "sub" / "a.txt").write_text(ARTICLE_B + "\nOne more line.\n", encoding="utf-8")
    (folder / "undated.txt").write_text("Nothing here says when.\n", encoding="utf-8")
    (folder / "huge.txt").write_bytes(b"x" * (MAX_BYTES + 1))
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_reading_and_extracting_in_one_pass_gives_what_the_plain_stages_give(
    awkward, tmp_path, jobs
):
    """Articles, facts and problems as the plain reader and extraction give them, with the
    cache cold and warm: duplicates and colliding ids are left out as before (their facts,
    found while reading, are not used)."""
    articles, problems = read_corpus(awkward)
    plain = (articles, [extract_article(a) for a in articles], [str(p) for p in problems])
    for why in ("duplicate", "also the id", "no publication date", "over the 5 MB limit"):
        assert any(why in problem for problem in plain[2]), why
    cache = Cache(tmp_path / "cache")
    for _ in ("cold", "warm"):
        found, facts, report = read_articles(awkward, True, engine=Engine(jobs=jobs), cache=cache)
        assert (found, facts, [str(p) for p in report.problems][: len(problems)]) == plain
    found, facts, report = read_articles(awkward, True, engine=Engine(jobs=jobs))
    assert (found, facts, [str(p) for p in report.problems][: len(problems)]) == plain


def test_a_cold_build_reads_and_extracts_each_file_in_one_pass(corpus, reference, tmp_path):
    """The engine runs once, for the reading workers, which extract what they read; the
    second stage has nothing left to send out."""
    sent: dict[str, list[int]] = {"reading": [], "extraction": []}

    def counting(stage):
        def counted(engine, function, items, **options):
            sent[stage].append(len(items))
            return run(engine, function, items, **options)

        return counted

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading, "run", counting("reading"))
        patch.setattr(extraction, "run", counting("extraction"))
        build(corpus, tmp_path / "cold", cache=Cache(tmp_path / "cache"))
    assert sent == {"reading": [len(list(corpus.glob("*.txt")))], "extraction": [0]}
    assert files(tmp_path / "cold") == files(reference)


def test_a_change_to_one_stage_reuses_what_the_other_cached(corpus, reference, tmp_path):
    cache = Cache(tmp_path / "cache")
    build(corpus, tmp_path / "first", cache=cache)
    with pytest.MonkeyPatch.context() as patch:  # another reader: read again, not extracted
        patch.setattr(reading, "reader_fingerprint", lambda: "another reader")
        patch.setattr(extraction, "extract_article", never_extracted)
        build(corpus, tmp_path / "reader", cache=cache)
    with pytest.MonkeyPatch.context() as patch:  # other rules: extracted again, not read
        patch.setattr(extraction, "extraction_fingerprint", lambda: "other rules")
        patch.setattr(reading, "read_bytes", never_read)
        build(corpus, tmp_path / "extraction", cache=cache)
    assert files(tmp_path / "reader") == files(tmp_path / "extraction") == files(reference)


def test_the_files_uptodate_hashed_are_not_read_again_when_their_readings_are_cached(
    corpus, reference, tmp_path, monkeypatch
):
    cache = Cache(tmp_path / "cache")
    build(corpus, tmp_path / "first", cache=cache)

    def unread(path, rel):
        raise AssertionError(f"{rel} read again")

    monkeypatch.setattr(reading, "file_bytes", unread)
    build(corpus, tmp_path / "second", cache=cache)
    assert files(tmp_path / "second") == files(reference)
    assert cache.file_hashes == {}


def never_extracted(article):
    raise AssertionError(f"{article.article_id} extracted again")


def never_read(raw, rel):
    raise AssertionError(f"{rel} read again")


def _generations(folder: Path, table: str) -> dict[str, int]:
    """Each generation of ``table``'s entries in the cache, and how many entries it has."""
    with sqlite3.connect(folder / FILE) as db:
        sql = f"SELECT generation, count(*) FROM {table} GROUP BY generation"
        return dict(db.execute(sql).fetchall())


def test_the_cache_keeps_the_last_three_generations_of_extraction(
    corpus, reference, tmp_path, monkeypatch
):
    """Each change to the rules or extraction code makes a new generation of every article's
    facts; a build keeps the three generations used last, so the cache does not grow for
    ever, and going back to one of them extracts nothing."""
    folder = tmp_path / "cache"
    articles = len(list(corpus.glob("*.txt")))
    seen = []

    def counted(article):
        seen.append(article.article_id)
        return extract_article(article)

    monkeypatch.setattr(extraction, "extract_article", counted)
    for version in ("v1", "v2", "v3", "v4"):
        monkeypatch.setattr(extraction, "extraction_fingerprint", lambda v=version: v)
        build(corpus, tmp_path / version, cache=Cache(folder))
        assert files(tmp_path / version) == files(reference)
    assert _generations(folder, "facts") == {"v2": articles, "v3": articles, "v4": articles}
    assert len(_generations(folder, "readings")) == 1  # the reader did not change
    seen.clear()
    monkeypatch.setattr(extraction, "extraction_fingerprint", lambda: "v2")
    build(corpus, tmp_path / "again", cache=Cache(folder))
    assert seen == [] and files(tmp_path / "again") == files(reference)
    # v2 was used last now: a new version drops v3, the one used longest ago
    monkeypatch.setattr(extraction, "extraction_fingerprint", lambda: "v5")
    build(corpus, tmp_path / "v5", cache=Cache(folder))
    assert set(_generations(folder, "facts")) == {"v2", "v4", "v5"}


def test_the_cache_keeps_the_newest_build_records(tmp_path):
    cache = Cache(tmp_path / "cache")
    for n in range(12):
        cache.put_build_record(f"package {n:02}", f"record {n}")
    cache.put_build_record("package 00", "record 0, again")  # newest now
    cache.prune(builds=10)
    assert cache.build_record("package 00") == "record 0, again"
    assert cache.build_record("package 01") is None
    assert cache.build_record("package 02") is None
    assert [cache.build_record(f"package {n:02}") for n in range(3, 12)] == [
        f"record {n}" for n in range(3, 12)
    ]


def test_a_cache_from_before_generations_is_used_and_then_pruned(corpus, tmp_path):
    """A cache written before entries had generations: its entries are still found, those
    found join the generation of the build that found them, and the others (another
    corpus', or stale) go once three newer generations are used."""
    articles, _ = read_corpus(corpus)
    facts = {f"key {a.article_id}": extract_article(a) for a in articles}
    folder = tmp_path / "cache"
    folder.mkdir()
    with sqlite3.connect(folder / FILE) as db:  # the first cache's tables, as they were
        db.execute("CREATE TABLE readings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("CREATE TABLE facts (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("CREATE TABLE builds (package TEXT PRIMARY KEY, record TEXT NOT NULL)")
        db.executemany(
            "INSERT INTO facts VALUES (?, ?)", [(k, to_row(f)) for k, f in facts.items()]
        )
        db.execute("INSERT INTO builds VALUES ('old package', 'old record')")
    keys = sorted(facts)
    cache = Cache(folder)
    assert cache.facts(keys[:2], "g1") == {k: facts[k] for k in keys[:2]}
    assert cache.build_record("old package") == "old record"
    assert _generations(folder, "facts") == {"g1": 2, "": len(keys) - 2}
    cache.prune()
    assert _generations(folder, "facts") == {"g1": 2, "": len(keys) - 2}  # two newer only
    for generation in ("g2", "g3"):
        cache.put_facts({f"{generation} {k}": facts[k] for k in keys[:1]}, generation)
    cache.prune()
    assert _generations(folder, "facts") == {"g1": 2, "g2": 1, "g3": 1}
    cache.put_build_record("new package", "new record")
    cache.prune(builds=1)
    assert cache.build_record("old package") is None
    assert cache.build_record("new package") == "new record"


def test_a_corpus_read_back_whole_is_read_by_one_pass_of_its_generation(corpus, tmp_path):
    """Asked for at least half of a generation's entries (1,000 or more), the cache reads
    the generation whole and keeps those asked for; asked for fewer, it looks each key up.
    Either way it gives the same entries: none of another generation, those from before
    generations (which then join this one), none for a key it does not have."""
    articles, _ = read_corpus(corpus)
    facts = [extract_article(a) for a in articles]
    folder = tmp_path / "cache"
    cache = Cache(folder)
    mine = {f"g {n}": facts[n % len(facts)] for n in range(1600)}
    cache.put_facts(mine, "g")
    cache.put_facts({f"h {n}": facts[0] for n in range(50)}, "h")
    with sqlite3.connect(folder / FILE) as db:  # entries from before generations
        db.executemany(
            "INSERT INTO facts VALUES (?, ?, '')",
            [(f"old {n}", to_row(facts[1])) for n in range(5)],
        )
    asked: list[str] = []
    real = cache._query

    def noted(sql, parameters):
        if sql.startswith("SELECT key, value"):
            asked.append("keys" if "key IN" in sql else "whole")
        return real(sql, parameters)

    cache._query = noted  # type: ignore[method-assign]
    wanted = [*list(mine)[:1200], "old 0", "old 1", "h 3", "g missing"]
    expected = {k: mine[k] for k in wanted if k in mine} | {"old 0": facts[1], "old 1": facts[1]}
    assert cache.facts(wanted, "g") == expected
    assert "whole" in asked and "keys" not in asked
    assert _generations(folder, "facts") == {"g": 1602, "h": 50, "": 3}
    asked.clear()
    few = [*list(mine)[:600], "old 2", "h 3"]  # fewer than half: key by key
    assert cache.facts(few, "g") == {k: mine[k] for k in few[:600]} | {"old 2": facts[1]}
    assert "keys" in asked and "whole" not in asked
