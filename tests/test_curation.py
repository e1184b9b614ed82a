"""Curation end to end: judgements written with ``communique curate`` into a curation/
folder beside an invented corpus, applied by ``build``, surviving rebuilds, traced in the
package, and reported by name when they no longer hold."""

import csv
import filecmp
import json
import shutil
from pathlib import Path

import pytest
from communique.cli import main
from communique.judgements import load_judgements
from communique.pipeline import CurationFailed, build
from communique.validate import format_report, validate_package
from corpus_helpers import CURATION_ARTICLES, later_article, write_corpus

ROOT = Path(__file__).resolve().parents[1]
WHY = ["--reason", "a test of curation", "--by", "A. Curator", "--date", "2025-06-01"]


def _rows(package: Path, table: str) -> list[dict[str, str]]:
    path = package / "data" / f"{table}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _names(package: Path) -> dict[str, str]:
    return {r["person_id"]: r["name"] for r in _rows(package, "people")}


def _mention(package: Path, article: str, text: str) -> str:
    (row,) = [
        r["mention_id"]
        for r in _rows(package, "mentions")
        if r["article_id"] == article and r["text"] == text
    ]
    return row


@pytest.fixture
def corpus(tmp_path):
    """A built package of the curation corpus, and a function to run `communique curate`."""
    articles = write_corpus(tmp_path / "articles", CURATION_ARTICLES)
    package = tmp_path / "datapackage"
    build(articles, package)

    def curate(*args: str) -> None:
        where = ["--package", str(package), "--articles", str(articles)]
        where += ["--curation", str(tmp_path / "curation")]
        assert main(["curate", *args, *WHY, *where]) == 0

    return articles, package, curate


def test_same_merges_two_people_and_holds_after_three_articles_naming_both(corpus):
    articles, package, curate = corpus
    assert {"Anar Karimov", "Anar Kerimli"} <= set(_names(package).values())
    curate("same", "people", "anar-karimov", "anar-kerimli")
    report = build(articles, package)
    assert report.problems == []
    assert "anar-kerimli" not in _names(package) and _names(package)["anar-karimov"]
    descriptor = json.loads((package / "datapackage.json").read_text())
    assert descriptor["communique:replaced_ids"]["people"] == {"anar-kerimli": "anar-karimov"}
    write_corpus(articles, {f"c{day}": later_article(day) for day in (4, 14, 24)})
    report = build(articles, package)
    assert report.problems == [], "the judgement still holds"
    merged = [r for r in _rows(package, "mentions") if r["person_id"] == "anar-karimov"]
    assert {r["text"] for r in merged} == {"Anar Karimov", "Anar Kerimli"}
    assert {r["article_id"] for r in merged} == {"c1", "c2", "c4", "c14", "c24"}
    assert [n for n in _names(package).values() if n.startswith("Anar")] == ["Anar Karimov"]


def test_different_keeps_two_sound_alike_people_apart(corpus):
    articles, package, curate = corpus
    (merged,) = [p for p, n in _names(package).items() if n.startswith("Nijat")]
    curate(
        "different",
        "people",
        _mention(package, "c2", "Nijat Mammadov"),
        _mention(package, "c3", "Nijat Mamedov"),
    )
    report = build(articles, package)
    assert report.problems == []
    nijats = {p: n for p, n in _names(package).items() if n.startswith("Nijat")}
    assert sorted(nijats.values()) == ["Nijat Mamedov", "Nijat Mammadov"]
    assert merged in nijats, "one of the two keeps the published id"
    assert any("blocked by judgement different-people" in d for d in report.decisions)
    kept_apart = {
        r["person_id"] for r in _rows(package, "curations") if r["action"] == "kept_apart"
    }
    assert kept_apart == set(nijats)


def test_drop_removes_a_false_person_with_mentions_roles_and_participations(corpus):
    articles, package, curate = corpus
    gone = "khamphao-ernthavanh"
    assert any(r["person_id"] == gone for r in _rows(package, "meeting_participants"))
    curate("drop", "people", gone)
    build(articles, package)
    assert gone not in _names(package)
    for table in ("mentions", "roles", "meeting_participants"):
        assert not [r for r in _rows(package, table) if r["person_id"] == gone], table
    descriptor = json.loads((package / "datapackage.json").read_text())
    assert gone in descriptor["communique:retired_ids"]["people"]
    assert gone not in descriptor.get("communique:replaced_ids", {}).get("people", {})
    (judgement,) = _rows(package, "judgements")
    assert judgement["statement"] == f"drop people {gone}"


def test_add_creates_a_role_with_its_mention(corpus):
    articles, package, curate = corpus
    words = "Lao Deputy Foreign Minister Sengphet Vongkham"
    curate(
        "add", "roles", "--person", "sengphet-vongkham", "--title", "Chief Prosecutor",
        "--article", "c3", "--quote", words,
    )  # fmt: skip
    build(articles, package)
    (role,) = [r for r in _rows(package, "roles") if r["title"] == "Chief Prosecutor"]
    assert role["person_id"] == "sengphet-vongkham"
    assert role["first_seen"] == role["last_seen"] == "2025-03-15"
    (mention,) = [r for r in _rows(package, "mentions") if r["text"] == words]
    assert (mention["article_id"], mention["person_id"]) == ("c3", "sengphet-vongkham")
    traced = {(r["resource"], r["role_id"] or r["mention_id"]) for r in _rows(package, "curations")}
    assert traced == {("roles", role["role_id"]), ("mentions", mention["mention_id"])}
    assert validate_package(package, articles) == []


def test_set_corrects_a_meeting_date(corpus):
    articles, package, curate = corpus
    (meeting,) = [r for r in _rows(package, "meetings") if r["location"] == "Vientiane"]
    assert meeting["start_date"] == "2025-03-14"
    curate("set", "meetings", meeting["meeting_id"], "start_date", "2025-03-13")
    build(articles, package)
    (after,) = [r for r in _rows(package, "meetings") if r["location"] == "Vientiane"]
    assert (after["meeting_id"], after["start_date"]) == (meeting["meeting_id"], "2025-03-13")
    (traced,) = _rows(package, "curations")
    assert (traced["meeting_id"], traced["action"], traced["field"]) == (
        meeting["meeting_id"],
        "set",
        "start_date",
    )
    changelog = (package / "CHANGELOG.md").read_text()
    curated = changelog.split("### Curated", 1)[1].split("\n## ", 1)[0]
    assert "start_date: 2025-03-14 → 2025-03-13" in curated
    assert "start_date" not in changelog.split("### Curated", 1)[0], "listed apart"


def test_a_judgement_whose_id_was_retired_is_reported_by_name(corpus, monkeypatch, capsys):
    articles, package, curate = corpus
    curate("same", "people", "anar-karimov", "anar-kerimli")
    build(articles, package)
    curation = articles.parent / "curation"
    with (curation / "people.yaml").open("a") as handle:
        handle.write(
            "\n- set: people\n  id: anar-kerimli\n  at: c2-0108-0120-person\n"
            "  field: country\n  value: TUR\n  reason: written before the merge\n"
            "  by: B. Curator\n  date: 2025-06-02\n"
        )
    report = build(articles, package)
    (stale,) = report.problems
    assert (stale.path, stale.severity) == (f"{curation.as_posix()}/people.yaml", "warning")
    assert "judgement set-people-anar-kerimli-country" in stale.message
    assert "id anar-kerimli was retired (replaced by anar-karimov)" in stale.message
    assert {r["country"] for r in _rows(package, "people")} <= {"AZE", "LAO"}, "not applied"
    with pytest.raises(CurationFailed) as failed:
        build(articles, package, strict=True)
    assert [p.severity for p in failed.value.problems] == ["error"]
    monkeypatch.setenv("CI", "true")
    assert main(["build", str(articles), "--out", str(package)]) == 1
    assert "set-people-anar-kerimli-country" in capsys.readouterr().err


def test_every_curated_row_traces_to_its_judgement(corpus):
    articles, package, curate = corpus
    curate("same", "people", "anar-karimov", "anar-kerimli")
    curate("drop", "people", "khamphao-ernthavanh")
    curate("set", "people", "sengphet-vongkham", "name", "Sengphet Vongkhamsao")
    build(articles, package)
    assert validate_package(package, articles) == [], format_report(
        validate_package(package, articles)
    )
    judgements = {r["judgement_id"]: r for r in _rows(package, "judgements")}
    assert set(judgements) == {
        "same-people-anar-karimov-anar-kerimli",
        "drop-people-khamphao-ernthavanh",
        "set-people-sengphet-vongkham-name",
    }
    assert {r["curator"] for r in judgements.values()} == {"A. Curator"}
    traced = {(r["judgement_id"], r["person_id"], r["action"]) for r in _rows(package, "curations")}
    assert traced == {
        ("same-people-anar-karimov-anar-kerimli", "anar-karimov", "merged"),
        ("set-people-sengphet-vongkham-name", "sengphet-vongkham", "set"),
    }
    assert _names(package)["sengphet-vongkham"] == "Sengphet Vongkhamsao"


def test_contradicting_judgements_are_both_reported_and_neither_applied(corpus):
    articles, package, curate = corpus
    curate("same", "people", "anar-karimov", "anar-kerimli")
    curate("different", "people", "anar-karimov", "anar-kerimli")
    report = build(articles, package)
    assert sorted(p.message.split(" (")[0] for p in report.problems) == [
        "judgement different-people-anar-karimov-anar-kerimli",
        "judgement same-people-anar-karimov-anar-kerimli",
    ]
    assert all("contradicts or repeats" in p.message for p in report.problems)
    assert {"anar-karimov", "anar-kerimli"} <= set(_names(package))


def test_a_judgement_the_data_already_satisfies_is_reported(corpus):
    articles, package, curate = corpus
    curate("set", "people", "anar-karimov", "country", "AZE")
    (problem,) = build(articles, package).problems
    assert "country is already 'AZE'" in problem.message


def test_the_seed_package_builds_unchanged_with_an_empty_curation_folder(tmp_path):
    copy = tmp_path / "datapackage"
    shutil.copytree(ROOT / "datapackage", copy)
    (tmp_path / "curation").mkdir()
    build(ROOT / "articles", copy, curation_dir=tmp_path / "curation", strict=True)
    comparison = filecmp.dircmp(ROOT / "datapackage", copy)
    assert not (comparison.diff_files or comparison.left_only or comparison.right_only)
    data = filecmp.dircmp(ROOT / "datapackage" / "data", copy / "data")
    assert not (data.diff_files or data.left_only or data.right_only)


def test_unknown_keys_are_rejected_naming_file_line_and_entry(tmp_path):
    folder = tmp_path / "curation"
    folder.mkdir()
    (folder / "people.yaml").write_text(
        "- drop: people\n  id: x\n  at: a-0001-0002-person\n  reason: r\n  by: b\n"
        "  date: 2025-06-01\n\n"
        "- drop: people\n  id: y\n  at: a-0003-0004-person\n  colour: red\n  reason: r\n"
        "  by: b\n  date: 2025-06-01\n"
    )
    judgements, problems = load_judgements(folder)
    assert [j.id for j in judgements] == ["drop-people-x"]
    (problem,) = problems
    assert str(problem) == (
        f"{folder.as_posix()}/people.yaml:8: error: entry 2: unknown key(s) colour for drop people"
    )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("- same: roles\n", "same applies to people, organisations, meetings, not 'roles'"),
        (
            "- set: people\n  id: x\n  at: a-0001-0002-person\n  field: country\n  value: XX\n"
            "  reason: r\n  by: b\n  date: 2025-06-01\n",
            "does not match",
        ),
        (
            "- drop: people\n  id: x\n  at: a-0001-0002-meeting\n  reason: r\n  by: b\n"
            "  date: 2025-06-01\n",
            "names a meeting, not one of people",
        ),
        ("- drop: people\n  id: x\n  at: a-0001-0002-person\n", "missing reason, by, date"),
    ],
)
def test_malformed_entries_say_what_is_wrong(tmp_path, entry, message):
    (tmp_path / "people.yaml").write_text(entry)
    _, (problem,) = load_judgements(tmp_path)
    assert message in problem.message


def test_curate_refuses_what_the_package_does_not_have(corpus, capsys):
    _, package, _ = corpus
    code = main(["curate", "drop", "people", "nobody", *WHY, "--package", str(package)])
    assert code == 2
    assert "'nobody' is not an id or a mention id of people" in capsys.readouterr().err


def test_review_lists_a_fuzzy_merge_with_its_score_and_sentences(corpus, capsys):
    articles, package, _ = corpus
    assert main(["review", str(package), "--articles", str(articles), "--limit", "0"]) == 0
    out = capsys.readouterr().out
    merge = next(line for line in out.splitlines() if "merge on similar names" in line)
    assert "'Nijat Mammadov' (c2) = 'Nijat Mamedov' (c3)" in merge and "(similarity " in merge
    after = out.split(merge + "\n", 1)[1].splitlines()
    assert after[0].strip().startswith("c2: Deputy Minister of Foreign Affairs of Azerbaijan")
    assert after[2].strip().startswith("→ communique curate different people c2-")
    doubts = [float(line.split("[")[1].split("]")[0]) for line in out.splitlines() if "] " in line]
    assert doubts == sorted(doubts, reverse=True)


def test_validation_catches_a_curation_row_that_names_no_row(corpus):
    articles, package, curate = corpus
    curate("set", "people", "anar-karimov", "name", "Anar Karimov Jr")
    build(articles, package)
    path = package / "data" / "curations.csv"
    path.write_text(path.read_text().replace(",anar-karimov,", ",nobody-at-all,"))
    rules = {issue.rule for issue in validate_package(package, articles)}
    assert "names a published row" in rules


def test_a_mention_of_another_row_than_the_id_says_is_reported_not_applied(corpus):
    articles, package, _ = corpus
    folder = articles.parent / "curation"
    folder.mkdir()
    (folder / "people.yaml").write_text(
        "- set: people\n  id: anar-karimov\n  at: c1-0141-0158-person\n  field: country\n"
        "  value: TUR\n  reason: a slip of the pen\n  by: B. Curator\n  date: 2025-06-02\n"
    )
    (problem,) = build(articles, package).problems
    assert "c1-0141-0158-person names sengphet-vongkham, not anar-karimov" in problem.message
    assert "TUR" not in {r["country"] for r in _rows(package, "people")}


def test_merged_ids_point_to_where_they_went_across_versions():
    from communique.ids import REPLACED_KEY, IdReport

    report = IdReport(replaced_before={"people": {"a": "b"}}, replaced={"people": {"b": "c"}})
    assert report.descriptor_properties(None)[REPLACED_KEY] == {"people": {"a": "c", "b": "c"}}


def test_dropping_a_role_or_a_participation_leaves_the_rest_to_other_judgements(corpus):
    articles, package, curate = corpus
    talks = "2025-03-11-talks-anar-kerimli-khamphao-ernthavanh-nijat-mammadov"
    lao_ministry = "ministry-of-foreign-affairs-of-laos"
    curate("drop", "roles", f"sengphet-vongkham-deputy-minister-{lao_ministry}")
    curate("drop", "meeting_participants", talks, "khamphao-ernthavanh")
    curate("set", "organisations", lao_ministry, "name", "Ministry of Foreign Affairs of Lao PDR")
    curate("set", "organisations", "embassy-of-laos-in-azerbaijan", "parent_id", lao_ministry)
    curate(
        "add", "meetings", "--kind", "call", "--start-date", "2025-03-13",
        "--participant", "anar-kerimli", "--participant", "khamphao-ernthavanh",
        "--article", "c3", "--quote", "met with Lao Deputy",
    )  # fmt: skip
    report = build(articles, package)
    assert report.problems == []
    assert validate_package(package, articles) == []
    assert not [r for r in _rows(package, "roles") if r["person_id"] == "sengphet-vongkham"]
    at_talks = {
        r["person_id"] for r in _rows(package, "meeting_participants") if r["meeting_id"] == talks
    }
    assert at_talks == {"anar-kerimli", "nijat-mammadov"}
    bodies = {r["organisation_id"]: r for r in _rows(package, "organisations")}
    assert bodies[lao_ministry]["name"] == "Ministry of Foreign Affairs of Lao PDR"
    assert bodies["embassy-of-laos-in-azerbaijan"]["parent_id"] == lao_ministry
    (call,) = [r for r in _rows(package, "meetings") if r["kind"] == "call"]
    added = {
        (r["resource"], r["action"])
        for r in _rows(package, "curations")
        if r["meeting_id"] == call["meeting_id"]
    }
    assert added == {("meetings", "added"), ("meeting_participants", "added")}
