"""Property tests: arbitrary text never breaks the reader or the extractors, and what
they produce always satisfies the package's rules."""

import datetime as dt
import re

from communique.extract.article import extract_article
from communique.model import Article
from communique.read import decode_text, parse_header
from communique.resolve import resolve
from communique.schema import load_schema
from communique.tables import build_tables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

WORDS = st.sampled_from(
    [
        "Deputy",
        "Minister",
        "of",
        "Foreign",
        "Affairs",
        "Lao",
        "Azerbaijani",
        "met",
        "with",
        "Vongsa",
        "Khamdy",
        "Aliyev",
        "Rauf",
        "on",
        "Monday",
        "May",
        "3-4",
        "2025",
        ",",
        ".",
        "the",
        "Ministry",
        "Embassy",
        "in",
        "Baku",
        "Vientiane",
        "visited",
        "Laos",
        "held",
        "talks",
        "reception",
        "Mr",
        "H.E.",
        "(ASEAN)",
        "Association",
        "Party",
        "and",
        "\n\n",
        "co-chaired",
        "by",
        "delegation",
        "led",
        "former",
        "Ambassador",
        "to",
        "Vietnam",
        "He",
        "yesterday",
        "phone",
        "call",
        "National",
        "Assembly",
        "President",
        "Speaker",
        "“",
        "”",
    ]
)
TEXTS = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _pattern(table, field):
    spec = next(f for f in load_schema(table)["fields"] if f["name"] == field)
    return re.compile(spec["constraints"]["pattern"])


@SETTINGS
@given(st.binary(max_size=300))
def test_decoding_arbitrary_bytes_never_raises_unexpectedly(raw):
    try:
        text, _notes = decode_text(raw)
    except Exception as error:  # the one refusal allowed: not text at all
        assert type(error).__name__ == "UnreadableFile"
        return
    assert isinstance(text, str) and "\r" not in text


@SETTINGS
@given(TEXTS)
def test_header_of_arbitrary_text(text):
    header = parse_header(text)
    assert 0 <= header.body_start <= len(text)
    assert header.noise_spans == sorted(header.noise_spans)
    assert all(0 <= s <= e <= len(text) for s, e in header.noise_spans)
    if header.published is not None:
        assert isinstance(header.published, dt.date)


@SETTINGS
@given(TEXTS, st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_extraction_of_arbitrary_text_keeps_every_rule(text, published):
    article = Article(
        "p-1", "p-1.txt", text, published, "0" * 64, len(text.split()), dateline="Baku"
    )
    facts = extract_article(article)
    tables = build_tables([article], resolve([facts]))
    for mention in tables["mentions"]:
        assert text[mention["start"] : mention["end"]] == mention["text"]
        assert _pattern("mentions", "mention_id").match(mention["mention_id"])
    for table, key in (
        ("people", "person_id"),
        ("organisations", "organisation_id"),
        ("roles", "role_id"),
        ("meetings", "meeting_id"),
    ):
        for row in tables[table]:
            assert _pattern(table, key).match(row[key]), row
    for meeting in tables["meetings"]:
        assert isinstance(meeting["start_date"], dt.date)
        assert meeting["start_date"] <= published
        assert meeting["end_date"] is None or meeting["end_date"] >= meeting["start_date"]
    participants = {p["meeting_id"] for p in tables["meeting_participants"]}
    assert all(m["meeting_id"] in participants for m in tables["meetings"])
