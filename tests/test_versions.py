"""Versions users can trust: semver decided by the build, stable ids, changelog, diff,
reproducible releases. Each test builds invented corpora into temporary folders."""

import copy
import csv
import hashlib
import re
import shutil
from pathlib import Path

from communique.cli import main
from communique.diff import diff_packages, format_diff
from communique.package import read_package
from communique.pipeline import build
from communique.versioning import check_version_bump, decide_version
from corpus_helpers import ARTICLE_A, ARTICLE_B, write_corpus


def _ids(package: Path, table: str, key: str) -> dict[str, str]:
    with (package / "data" / f"{table}.csv").open(encoding="utf-8") as handle:
        return {row[key]: row.get("name", "") for row in csv.DictReader(handle)}


def _bytes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_rebuild_without_change_keeps_version_and_bytes(tmp_path):
    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A})
    out = tmp_path / "package"
    first = build(corpus, out)
    before = _bytes(out)
    second = build(corpus, out)
    assert (first.version, first.level) == ("1.0.0", "initial")
    assert (second.version, second.level) == ("1.0.0", "none")
    assert _bytes(out) == before


def test_adding_an_article_bumps_minor_and_keeps_every_id(tmp_path):
    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A})
    out = tmp_path / "package"
    build(corpus, out)
    old_people = _ids(out, "people", "person_id")
    old = {
        t: set(_ids(out, t, k))
        for t, k in (
            ("organisations", "organisation_id"),
            ("roles", "role_id"),
            ("meetings", "meeting_id"),
        )
    }
    assert "Fommasan" in old_people.values()
    write_corpus(corpus, {"b": ARTICLE_B})
    report = build(corpus, out)
    assert report.version.startswith("1.1.") and report.level == "minor"
    new_people = _ids(out, "people", "person_id")
    assert set(old_people) <= set(new_people), "no person id disappears"
    fommasan_id = next(k for k, v in old_people.items() if v == "Fommasan")
    assert new_people[fommasan_id] == "Thongvanh Phommasane", "the name improves, the id stays"
    for table, key in (
        ("organisations", "organisation_id"),
        ("roles", "role_id"),
        ("meetings", "meeting_id"),
    ):
        assert old[table] <= set(_ids(out, table, key)), table
    changelog = (out / "CHANGELOG.md").read_text()
    assert changelog.index("## 1.1.0 (minor)") < changelog.index("## 1.0.0 (initial)")
    assert "Thongvanh Phommasane" in changelog
    assert "b" in _ids(out, "articles", "article_id")


def test_correcting_a_value_bumps_patch(tmp_path):
    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A})
    out = tmp_path / "package"
    build(corpus, out)
    (corpus / "a.txt").write_text(ARTICLE_A.replace("May 5, AZERTAC", "May 5, APA"))
    report = build(corpus, out)
    assert (report.version, report.level) == ("1.0.1", "patch")
    assert "source: 'AZERTAC' → 'APA'" in (out / "CHANGELOG.md").read_text()


def test_removing_an_article_retires_ids_and_bumps_major(tmp_path):
    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A, "b": ARTICLE_B})
    out = tmp_path / "package"
    build(corpus, out)
    (corpus / "b.txt").unlink()
    report = build(corpus, out)
    assert report.level == "major" and report.version == "2.0.0"
    retired = read_package(out).descriptor["communique:retired_ids"]
    assert "organisations" in retired  # the Non-Aligned Movement was only in article b
    assert any("retired" in line for line in report.id_notes)


def _with_extra_field(package):
    descriptor = copy.deepcopy(package.descriptor)
    tables = copy.deepcopy(package.tables)
    people = next(r for r in descriptor["resources"] if r["name"] == "people")
    people["schema"]["fields"].append({"name": "gender", "type": "string"})
    for row in tables["people"]:
        row["gender"] = None
    return descriptor, tables


def test_adding_or_removing_a_field_bumps_major(tmp_path):
    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A})
    out = tmp_path / "package"
    build(corpus, out)
    package = read_package(out)
    descriptor, tables = _with_extra_field(package)
    added = diff_packages(package.descriptor, package.tables, descriptor, tables)
    assert decide_version("1.0.0", added) == ("2.0.0", "major")
    removed = diff_packages(descriptor, tables, package.descriptor, package.tables)
    assert decide_version("1.0.0", removed) == ("2.0.0", "major")
    assert "schema: people.gender added" in format_diff(added)


def test_version_gate_catches_changed_data_with_the_same_version(tmp_path):
    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A})
    out = tmp_path / "package"
    build(corpus, out)
    package = read_package(out)
    tables = copy.deepcopy(package.tables)
    tables["people"][0]["name"] = "Someone Else"
    problems = check_version_bump(package.descriptor, package.tables, package.descriptor, tables)
    assert problems and "version stayed 1.0.0" in problems[0]
    assert (
        check_version_bump(package.descriptor, package.tables, package.descriptor, package.tables)
        == []
    )


def test_diff_command_prints_rows_keyed_by_primary_key(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A})
    first, second = tmp_path / "v1", tmp_path / "v2"
    build(corpus, first)
    shutil.copytree(first, second)  # v2 is built on top of v1, as releases are
    write_corpus(corpus, {"b": ARTICLE_B})
    build(corpus, second)
    assert main(["diff", str(first), str(second)]) == 1, "packages differ: exit 1, like diff(1)"
    printed = capsys.readouterr().out
    assert "articles: 1 added, 0 removed, 0 changed" in printed
    assert "  + b" in printed
    assert "people:" in printed and "name: 'Fommasan' -> 'Thongvanh Phommasane'" in printed
    assert main(["diff", str(second), str(second)]) == 0
    assert capsys.readouterr().out == "no differences\n"


def test_diff_shows_numbers_and_dates_as_values_not_text(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A})
    first, second = tmp_path / "v1", tmp_path / "v2"
    build(corpus, first)
    shutil.copytree(first, second)
    (corpus / "a.txt").write_text(
        ARTICLE_A.replace(" date 2025-05-05", " date 2025-05-06") + "\nOne more sentence.\n"
    )
    build(corpus, second)
    assert main(["diff", str(first), str(second)]) == 1
    printed = capsys.readouterr().out
    assert re.search(r"~ a word_count: \d+ -> \d+$", printed, re.MULTILINE), printed
    assert "~ a published: 2025-05-05 -> 2025-05-06" in printed, printed
    assert "'2025" not in printed and "'6" not in printed


def test_an_unchanged_rebuild_says_so(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "articles", {"a": ARTICLE_A})
    out = tmp_path / "package"
    assert main(["build", str(corpus), "--out", str(out)]) == 0
    assert "version 1.0.0 (first release)" in capsys.readouterr().out
    assert main(["build", str(corpus), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"unchanged: {out} is still version 1.0.0" in printed
    assert "(none)" not in printed


def test_carrying_ids_forward_leaves_the_collector_as_it_found_it():
    import gc

    from communique.ids import carry_forward_ids

    old = {"people": [{"person_id": "a", "name": "A"}], "mentions": []}
    new = {"people": [{"person_id": "b", "name": "B"}], "mentions": []}
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            tables, report = carry_forward_ids(new, old)
            assert gc.isenabled() is enabled
            assert report.retired == {"people": ["a"]} and tables["people"][0]["person_id"] == "b"
    finally:
        (gc.enable if was else gc.disable)()


def test_carrying_ids_forward_renames_copies_and_leaves_the_tables_given_as_they_were():
    import copy

    from communique.ids import carry_forward_ids

    def mention(person: str) -> dict:
        return {"mention_id": "m", "article_id": "a", "start": 0, "end": 5, "person_id": person}

    old = {
        "people": [{"person_id": "thongsavanh", "name": "Thongsavanh P."}],
        "mentions": [mention("thongsavanh")],
    }
    new = {
        "people": [{"person_id": "thongsavanh-phomvihane", "name": "Thongsavanh Phomvihane"}],
        "mentions": [mention("thongsavanh-phomvihane")],
    }
    given = copy.deepcopy(new)
    tables, report = carry_forward_ids(new, old)
    assert report.kept["people"] == [("thongsavanh-phomvihane", "thongsavanh")]
    assert tables["people"][0]["person_id"] == tables["mentions"][0]["person_id"] == "thongsavanh"
    assert new == given


def _plain_match(new_spans, old_spans, new_ids, old_ids) -> dict[str, str]:
    """``ids._match`` as first written: every pair of ids weighed, most shared spans first."""
    pairs = []
    for new_id in new_ids:
        for old_id in old_ids:
            shared = len(new_spans.get(new_id, set()) & old_spans.get(old_id, set()))
            if shared:
                pairs.append((-shared, new_id != old_id, new_id, old_id))
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for _, _, new_id, old_id in sorted(pairs):
        if new_id not in mapping and old_id not in used:
            mapping[new_id] = old_id
            used.add(old_id)
    for new_id in new_ids:
        if new_id not in mapping and new_id in old_ids and new_id not in used:
            mapping[new_id] = new_id
            used.add(new_id)
    return mapping


def test_ids_are_matched_as_the_plain_pairwise_form_matches_them():
    """Random releases: entities kept, renamed, merged, split, grown and new, each span one
    entity's (as mentions make them); the matching equals weighing every pair."""
    import random

    from communique.ids import _match

    rng = random.Random(12)
    for _ in range(300):
        spans = [("a", n, n + 1) for n in range(rng.randint(0, 40))]
        rng.shuffle(spans)
        old: dict[str, set] = {}
        for span in spans:
            old.setdefault(f"e{rng.randint(0, 12)}", set()).add(span)
        new: dict[str, set] = {}
        for old_id, held in old.items():
            move = rng.random()
            if move < 0.5:  # kept as it was
                new[old_id] = set(held)
            elif move < 0.65:  # renamed
                new[f"{old_id}-renamed"] = set(held)
            elif move < 0.8:  # merged into another (or kept, if it comes first)
                new.setdefault(f"e{rng.randint(0, 12)}", set()).update(held)
            else:  # split in two
                for span in held:
                    new.setdefault(rng.choice([old_id, f"{old_id}-part"]), set()).add(span)
        for kept in list(new):
            if rng.random() < 0.2:  # grown: a new span (another article's)
                new[kept].add(("b", rng.randint(0, 1000), 0))
        new.update({f"n{k}": set() for k in range(rng.randint(0, 2))})  # no spans at all
        for held in new.values():  # a span is one entity's
            held -= {s for other in new.values() if other is not held for s in other & held}
        new_ids, old_ids = sorted(new), set(old) | {f"n{rng.randint(0, 3)}"}
        assert _match(new, old, new_ids, old_ids) == _plain_match(new, old, new_ids, old_ids)
