"""Assembling the tables: ids, mentions, roles and participants."""

import datetime as dt
import random
import re

from communique.extract.article import extract_article
from communique.resolve import resolve
from communique.tables import _Timeline, build_tables
from helpers_extract import make_article

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TEXT = (
    "A delegation from Azerbaijan, led by Deputy Minister of Foreign Affairs Kamran Huseynli, "
    "visited Laos on May 3-4, 2025.\n\n"
    "During the visit, political consultations between the Ministries of Foreign Affairs of "
    "Azerbaijan and Laos were co-chaired by Deputy Minister Huseynli and Lao Deputy Foreign "
    "Minister Sengphet Vongkham."
)


def _tables():
    article = make_article(TEXT, published="2025-05-05", dateline=None)
    return article, build_tables([article], resolve([extract_article(article)]))


def test_ids_are_slugs_and_unique():
    _, tables = _tables()
    for table, key in (
        ("people", "person_id"),
        ("organisations", "organisation_id"),
        ("roles", "role_id"),
        ("meetings", "meeting_id"),
    ):
        ids = [row[key] for row in tables[table]]
        assert ids and all(SLUG.match(i) for i in ids), table
        assert len(ids) == len(set(ids)), table


def test_every_mention_slices_its_article_and_ids_are_unique():
    article, tables = _tables()
    ids = [m["mention_id"] for m in tables["mentions"]]
    assert len(ids) == len(set(ids))
    for mention in tables["mentions"]:
        assert article.text[mention["start"] : mention["end"]] == mention["text"]
        assert (
            sum(mention[f] is not None for f in ("person_id", "organisation_id", "meeting_id")) == 1
        )


def test_two_bodies_named_by_one_span_both_get_a_mention():
    _, tables = _tables()
    named = {m["organisation_id"] for m in tables["mentions"] if m["organisation_id"]}
    assert {o["organisation_id"] for o in tables["organisations"]} <= named


def test_roles_participants_and_parent_meeting():
    _, tables = _tables()
    people = {p["name"]: p["person_id"] for p in tables["people"]}
    assert set(people) == {"Kamran Huseynli", "Sengphet Vongkham"}
    role = next(r for r in tables["roles"] if r["person_id"] == people["Kamran Huseynli"])
    assert (role["title"], role["organisation_id"]) == (
        "Deputy Minister",
        "ministry-of-foreign-affairs-of-azerbaijan",
    )
    assert str(role["first_seen"]) == str(role["last_seen"]) == "2025-05-05"
    visit = next(m for m in tables["meetings"] if m["kind"] == "visit")
    talks = next(m for m in tables["meetings"] if m["kind"] == "talks")
    assert talks["parent_id"] == visit["meeting_id"]
    assert talks["meeting_id"] == "2025-05-03-talks-kamran-huseynli-sengphet-vongkham"
    capacity = {
        p["person_id"]: p["role_id"]
        for p in tables["meeting_participants"]
        if p["meeting_id"] == talks["meeting_id"]
    }
    assert capacity[people["Kamran Huseynli"]] == role["role_id"]


def test_the_role_found_by_bisection_is_the_one_scoring_every_role_finds():
    rng = random.Random(3)
    start = dt.date(2020, 1, 1)
    titles, bodies = ["Minister", "Ambassador", "Adviser"], [None, "", "Body A", "Body B"]
    for _ in range(500):
        roles = {
            (rng.choice(titles), rng.choice(bodies)): [
                start + dt.timedelta(days=rng.randrange(60)) for _ in range(rng.randrange(1, 6))
            ]
            for _ in range(rng.randrange(0, 6))
        }
        day = start + dt.timedelta(days=rng.randrange(-5, 65))
        plain = (
            min(
                roles.items(),
                key=lambda kv: (
                    min(abs((d - day).days) for d in kv[1]),
                    kv[0][0],
                    kv[0][1] or "",
                ),
            )[0]
            if roles
            else None
        )
        assert _Timeline(roles).nearest(day) == plain


def _plain_slug(*parts: str) -> str:
    """The slug as first written: every text transliterated."""
    from unidecode import unidecode

    text = unidecode(" ".join(p for p in parts if p)).lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "unnamed"


def test_a_slug_is_the_transliterated_slug_whatever_the_script():
    from communique.slugs import slug

    cases = [
        ("Ministry of Foreign Affairs of Laos",),
        ("Deputy Minister", "", "O'Neill-Smith"),
        ("Çiçək bağı",),
        ("ສະບາຍດີ",),
        ("Привет", "мир"),
        ("  ", "---", "!?"),
        (),
        ("2025-05-03", "talks", "ada-aliyeva", "bo-phommachanh"),
    ]
    rng = random.Random(5)
    alphabet = "abcXYZ09 -'’.éÅŋ€ñ\tЖ中"
    cases += [
        tuple("".join(rng.choices(alphabet, k=rng.randint(0, 12))) for _ in range(3))
        for _ in range(300)
    ]
    for parts in cases:
        assert slug(*parts) == _plain_slug(*parts), parts
