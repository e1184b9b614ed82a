"""The build's memory savings change nothing it makes: fact records with ``__slots__``
still pickle (from the workers) and decode (from the cache) equal, the strings
``share_strings`` shares are equal to the ones it replaced, extraction's scratch stays
behind, and a first release's ids are the tables' own rows, unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from pathlib import Path

import pytest
from communique.extract.article import extract_article
from communique.extract.facts import (
    ArticleFacts,
    MeetingFact,
    OrgFact,
    PendingRole,
    PersonFact,
    RoleFact,
    Span,
    share_strings,
)
from communique.ids import carry_forward_ids
from communique.read import read_corpus
from communique.records import from_json, from_row, to_json, to_row
from corpus_helpers import ARTICLE_A, ARTICLE_B, generated_corpus


@pytest.fixture(scope="module")
def all_facts(tmp_path_factory) -> list[ArticleFacts]:
    folder = generated_corpus(tmp_path_factory.mktemp("facts") / "articles", 6, seed=11)
    articles, _ = read_corpus(folder)
    return [extract_article(article) for article in articles]


def test_the_frozen_records_have_slots():
    for kind in (Span, OrgFact, RoleFact, PendingRole, MeetingFact, ArticleFacts):
        assert "__slots__" in vars(kind) and "__dict__" not in vars(kind), kind


def test_facts_pickle_and_decode_equal(all_facts):
    for facts in all_facts:
        assert pickle.loads(pickle.dumps(facts)) == facts
        assert from_row(ArticleFacts, to_row(facts)) == facts
        assert from_json(ArticleFacts, to_json(facts)) == facts


def test_extraction_leaves_no_scratch_on_the_people(all_facts):
    """The posts that ride on a person during extraction would be pickled with it."""
    assert any(facts.people for facts in all_facts)
    for facts in all_facts:
        for person in facts.people:
            assert not [name for name in vars(person) if name.startswith("_")]


def test_shared_strings_are_equal_and_one_object(all_facts):
    copies = [pickle.loads(pickle.dumps(facts)) for facts in all_facts * 2]
    shared = [share_strings(facts) for facts in copies]
    assert shared == all_facts * 2
    first, second = shared[0], shared[len(all_facts)]
    assert first == second and first is not second
    for a, b in zip(first.people, second.people, strict=True):
        assert a.name is b.name
        assert all(x.text is y.text for x, y in zip(a.spans, b.spans, strict=True))
    for a, b in zip(first.organisations, second.organisations, strict=True):
        assert a.name is b.name and a.kind is b.kind


def test_share_strings_keeps_every_field():
    span = Span(3, 8, "Lavrov")
    facts = ArticleFacts(
        "x",
        dt.date(2024, 1, 2),
        [
            PersonFact(
                0,
                "Sergey Lavrov",
                "Russia",
                [RoleFact("Foreign Minister", "Ministry of Foreign Affairs of Russia")],
                [span],
                [PendingRole("Deputy Minister", "Government", "ministry", span)],
                "Laos",
            )
        ],
        [OrgFact("Ministry", "ministry", None, "MFA", "Government", (span,))],
        [
            MeetingFact(
                0,
                "talks",
                dt.date(2024, 1, 2),
                None,
                (0,),
                span,
                "Summit",
                "Vientiane",
                "Laos",
                None,
            )
        ],
    )
    assert share_strings(pickle.loads(pickle.dumps(facts))) == facts


def test_a_first_release_keeps_the_rows_and_their_ids():
    rows = {
        "people": [{"person_id": "ann-lee", "name": "Ann Lee", "country": None}],
        "roles": [{"role_id": "ann-lee-minister", "person_id": "ann-lee", "title": "Minister"}],
    }
    before = {name: [dict(row) for row in table] for name, table in rows.items()}
    tables, report = carry_forward_ids(rows, None)
    assert tables == rows == before
    assert report.final["people"] == {"ann-lee": "ann-lee"}
    assert report.final["roles"] == {"ann-lee-minister": "ann-lee-minister"}


def _memo_sizes() -> dict[str, int]:
    """How many answers each of the builder's memos holds."""
    from communique import resolve
    from communique.extract import lexicon, organisations

    return {
        "fold": lexicon.fold.cache_info().currsize,
        "word_fold": lexicon.word_fold.cache_info().currsize,
        "_sound": resolve._sound.cache_info().currsize,
        "_name_similarity": resolve._name_similarity.cache_info().currsize,
        "canonical names": len(organisations._CANONICAL_NAMES),
    }


def test_forgetting_the_memos_empties_them_and_changes_no_answer(all_facts):
    from communique import memos, resolve
    from communique.extract import lexicon

    article = read_corpus_one(ARTICLE_A)
    before = extract_article(article)
    answers = (
        lexicon.fold("Ministère  des Affaires"),
        resolve._name_similarity("tova brenn", "tova bren"),
    )
    assert all(_memo_sizes().values()), _memo_sizes()
    memos.forget()
    assert not any(_memo_sizes().values()), _memo_sizes()
    assert (
        lexicon.fold("Ministère  des Affaires"),
        resolve._name_similarity("tova brenn", "tova bren"),
    ) == answers
    assert extract_article(article) == before


def read_corpus_one(text: str):
    """An article record of ``text``, read as a corpus file is."""
    from communique.read import read_bytes

    reading = read_bytes(text.encode("utf-8"), "a.txt")
    assert reading.article is not None
    return reading.article


def test_every_bounded_cache_of_the_builder_is_a_memo_the_build_forgets():
    """A ``functools.lru_cache`` outside ``memos`` would keep its answers (and the arenas
    they sit in) through validation."""
    package = Path(__file__).resolve().parent.parent / "build" / "communique"
    users = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "lru_cache" in path.read_text(encoding="utf-8") and path.name != "memos.py"
    )
    assert users == []


def test_validation_starts_with_every_memo_forgotten(tmp_path, monkeypatch):
    from communique import pipeline

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    seen = []
    validate_build = pipeline.validate_build

    def validating(*args, **kwargs):
        seen.append(_memo_sizes())
        return validate_build(*args, **kwargs)

    monkeypatch.setattr(pipeline, "validate_build", validating)
    pipeline.build(folder, tmp_path / "package")
    assert seen and not any(seen[0].values()), seen


def _strings(value) -> list[str]:
    """Every string in a record, its records, lists and tuples, in field order."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    return []


def test_facts_decoded_shared_are_shared_as_share_strings_shares_them(all_facts):
    """The cache decodes facts with their strings interned as they are made (no second pass
    making the records again): the same facts, each string one object across articles."""
    for facts in all_facts:
        row = to_row(facts)
        first, second = from_row(ArticleFacts, row, shared=True), from_row(ArticleFacts, row, True)
        assert first == second == facts == share_strings(from_row(ArticleFacts, row))
        assert first is not second
        pairs = list(zip(_strings(first), _strings(second), strict=True))
        assert len(pairs) > 10 and all(a is b for a, b in pairs)
        # and without ``shared``, a string is made anew for each decoding, as JSON makes it
        plain = _strings(from_row(ArticleFacts, row))
        assert any(a is not b for a, b in zip(plain, _strings(first), strict=True) if len(a) > 1)
