"""Date expressions resolve against the article's date."""

import datetime as dt
from re import _parser as sre  # type: ignore[attr-defined]
from typing import Any

import pytest
from communique.extract import dates
from communique.extract.dates import PATTERNS, find_dates, weekday_before
from hypothesis import given
from hypothesis import strategies as st

REF = dt.date(2025, 12, 10)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("The talks took place on December 8-9, 2025, in the capital.", "2025-12-08", "2025-12-09"),
        ("The delegation stayed from 2 to 4 March.", "2025-03-02", "2025-03-04"),
        ("They met on 8-9 December.", "2025-12-08", "2025-12-09"),
        ("On September 23, the Speaker received guests.", "2025-09-23", None),
        ("Recalling their talks on Nov. 21, 2023, he smiled.", "2023-11-21", None),
        ("The summit opened on 19 January 2024.", "2024-01-19", None),
        ("They met from October 30 to November 2.", "2025-10-30", "2025-11-02"),
    ],
)
def test_explicit_dates(text, start, end):
    found = find_dates(text, 0, REF)
    assert found, text
    assert found[0].start_date == dt.date.fromisoformat(start)
    assert found[0].end_date == (dt.date.fromisoformat(end) if end else None)
    assert text[found[0].start : found[0].end].strip()


def test_date_without_year_is_never_far_in_the_future():
    # December 20 is after the reference date: news reports the past, so it is last year.
    (found,) = find_dates("They met on December 20.", 0, REF)
    assert found.start_date == dt.date(2024, 12, 20)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Monday", "2025-12-08"), ("Wednesday", "2025-12-10"), ("Thursday", "2025-12-04")],
)
def test_weekday_is_the_last_such_day_on_or_before_the_reference(word, expected):
    assert weekday_before(word, REF) == dt.date.fromisoformat(expected)
    (found,) = find_dates(f"The sides met on {word}.", 0, REF)
    assert found.start_date == dt.date.fromisoformat(expected)


def test_yesterday_and_today():
    yesterday, today = find_dates("Yesterday he left; today she arrived.", 0, REF)
    assert yesterday.start_date == dt.date(2025, 12, 9)
    assert today.start_date == REF


def test_offsets_are_absolute():
    (found,) = find_dates("on 3 May", 100, REF)
    assert (found.start, found.end) == (103, 108)


def test_impossible_dates_are_ignored():
    assert find_dates("It happened on February 30.", 0, REF) == []


def test_a_weekday_the_present_or_future_runs_to_is_the_next_one():
    (found,) = find_dates("He is on a visit to Laos through Saturday.", 0, REF)
    assert found.start_date == dt.date(2025, 12, 13)
    (found,) = find_dates("He stayed in Laos until Saturday.", 0, REF)
    assert found.start_date == dt.date(2025, 12, 6)


def _needs_a_digit(items: Any) -> bool:
    """Whether every match of the parsed sequence ``items`` holds a digit (``\\d``)."""
    for op, arg in items:
        if op is sre.IN and arg == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]:
            return True
        if op is sre.SUBPATTERN and _needs_a_digit(arg[3]):
            return True
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1 and _needs_a_digit(arg[2]):
            return True
        if op is sre.BRANCH and all(_needs_a_digit(branch) for branch in arg[1]):
            return True
    return False


def test_every_date_pattern_needs_a_digit():
    """``find_dates`` does not search a sentence without a digit with these patterns."""
    assert all(_needs_a_digit(sre.parse(p.pattern, p.flags)) for p in PATTERNS)
    assert not _needs_a_digit(sre.parse(r"\bMay(?: \d+)?", 0))
    assert _needs_a_digit(sre.parse(r"(?:May|June) (?P<d>\d{1,2})", 0))
    assert find_dates("They met on 3 May.", 0, REF) and not find_dates("They met in May.", 0, REF)
    assert find_dates("On ٣ May they met.", 0, REF)  # any decimal digit, as \d matches


def _find_dates_plain(text: str, offset: int, reference: dt.date) -> list[dates.DateMention]:
    """``find_dates`` searching every pattern in every text (no prefilter)."""
    found: list[dates.DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            resolved = dates._resolve(match, reference)
            if resolved is None:
                continue
            taken.append(match.span())
            found.append(dates.DateMention(offset + match.start(), offset + match.end(), *resolved))
    for match in dates._WEEKDAY.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        day = weekday_before(match["w"], reference)
        if dates._COMING.search(text[max(0, match.start() - 120) : match.start()]):
            day = dates.weekday_from(match["w"], reference)
        found.append(dates.DateMention(offset + match.start(), offset + match.end(), day, None))
    for match in dates._RELATIVE.finditer(text):
        word = match["r"].lower()
        day = reference - dt.timedelta(days=1) if word == "yesterday" else reference
        found.append(dates.DateMention(offset + match.start(), offset + match.end(), day, None))
    return sorted(found, key=lambda d: d.start)


def test_every_date_pattern_but_the_iso_one_names_a_month():
    """``find_dates`` searches a text naming no month with the ISO pattern only."""
    month = dates._MONTH.format("m1")
    # (or the same month with its word boundary looked behind after its first letter)
    at_word_start = dates._MONTH_AT_WORD_START.format("m1")
    assert all(month in p.pattern or at_word_start in p.pattern for p in PATTERNS[:-1])
    assert "(?P<iso>" in PATTERNS[-1].pattern and "January" not in PATTERNS[-1].pattern


_DATE_PIECES = st.sampled_from(
    [
        "May",
        "may",
        "MAY",
        "Dec.",
        "December",
        "Sept",
        "3",
        "٣",
        "2025",
        "2025-09-23",
        "-",
        "to",
        "Monday",
        "MONDAY",
        "monday",
        "Sunday",
        "today",
        "TODAY",
        "toDay",
        "this morning",
        "THIS AFTERNOON",
        "tonight",
        "yesterday",
        "ıtoday",
        "is on a visit through",
        "on",
        "of",
        "8-9",
        "21st",
        "\u212a",
        "ſ",
        "İ",
        ",",
    ]
)


@given(st.lists(_DATE_PIECES, max_size=10), st.sampled_from([" ", "", ", "]))
def test_dates_found_with_the_prefilters_are_those_found_without(pieces, glue):
    text = glue.join(pieces)
    assert find_dates(text, 5, REF) == _find_dates_plain(text, 5, REF)
