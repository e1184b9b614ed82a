"""Find date expressions in a sentence and resolve them against the article's date.

Forms: ``On September 23``, ``on 18 June``, ``December 8-9, 2025``, ``from 2 to 4 March``,
``March 2-4``, ``Nov. 21, 2023``, ``on Tuesday``, ``yesterday``, ``today``. A date with no
year takes the year that puts it on or before the reference date (news reports the past).
A weekday is the most recent such day on or before the reference date, but the next one
on or after it when the present or future runs to it ("is on a visit through Saturday").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from communique.extract.prefilter import could_match, needles

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

#: the months' names, January first
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: the ways the patterns write a month's name
_MONTH_FORMS = [
    *MONTH_NAMES,
    "Jan\\.?",
    "Feb\\.?",
    "Mar\\.?",
    "Apr\\.?",
    "Jun\\.?",
    "Jul\\.?",
    "Aug\\.?",
    "Sept?\\.?",
    "Oct\\.?",
    "Nov\\.?",
    "Dec\\.?",
]
_MONTH = "(?P<{0}>" + "|".join(_MONTH_FORMS) + ")"
#: ``\b`` then ``_MONTH``, with the word boundary looked behind after the first letter (a
#: word character) rather than before it: the same matches, but a pattern that opens with
#: one of a set of letters is searched for them at C speed, not tried at every offset
_MONTH_AT_WORD_START = "(?P<{0}>" + "|".join(rf"{m[0]}(?<!\w.){m[1:]}" for m in _MONTH_FORMS) + ")"
#: ``\b(?P<d1>\d{1,2})`` the same way (a digit, then no word character before it)
_DAY_AT_WORD_START = r"(?P<d1>\d(?<!\w\d)\d?)"
_YEAR = r"(?:,?\s+(?P<{0}>(?:19|20)\d{{2}}))?"
_RANGE = r"\s*(?:-|–|—|to|and|until)\s*"

PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # December 8-9, 2025 / from October 13 to 15
        rf"{_MONTH_AT_WORD_START.format('m1')}\s+(?P<d1>\d{{1,2}}){_RANGE}(?P<d2>\d{{1,2}})\b{_YEAR.format('y')}",
        # 8-9 December 2025 / from 2 to 4 March
        rf"{_DAY_AT_WORD_START}{_RANGE}(?P<d2>\d{{1,2}})\s+{_MONTH.format('m1')}\b{_YEAR.format('y')}",
        # March 30 to April 2
        rf"{_MONTH_AT_WORD_START.format('m1')}\s+(?P<d1>\d{{1,2}}){_RANGE}{_MONTH.format('m2')}\s+(?P<d2>\d{{1,2}})\b{_YEAR.format('y')}",
        # 30 March to 2 April
        rf"{_DAY_AT_WORD_START}\s+{_MONTH.format('m1')}{_RANGE}(?P<d2>\d{{1,2}})\s+{_MONTH.format('m2')}\b{_YEAR.format('y')}",
        # September 23, 2025 / Nov. 21
        rf"{_MONTH_AT_WORD_START.format('m1')}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b{_YEAR.format('y')}",
        # 23 September 2025
        rf"{_DAY_AT_WORD_START}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH.format('m1')}\b{_YEAR.format('y')}",
        # 2025-09-23
        r"\b(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2})\b",
    )
)
_DIGIT = re.compile(r"\d")
#: a month's name as the patterns write it: every pattern but the last (ISO) holds one
_ANY_MONTH = re.compile(_MONTH.format("m"))
_WEEKDAY = re.compile(r"\b(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
# "is on a three-day visit through Saturday", "will stay until Sunday": a weekday to come
_COMING = re.compile(r"\b(?:is|are|will|runs|lasts|continues)\s[^.;]*\b(?:through|until|till)\s+$")
_RELATIVE = re.compile(r"\b(?P<r>yesterday|today|this morning|this afternoon|tonight)\b", re.I)
#: the words one of which every match of these holds (``prefilter``): most sentences have
#: none, and are then not searched
_WEEKDAY_WORDS = needles(_WEEKDAY)
_RELATIVE_WORDS = needles(_RELATIVE)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    start_date: dt.date
    end_date: dt.date | None


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _in_past_year(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The date with this month and day on or before the reference date (a week of slack)."""
    for year in (reference.year, reference.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if candidate <= reference + dt.timedelta(days=7):
            return candidate
    return None


def _date(year: str | None, month: int, day: int, reference: dt.date) -> dt.date | None:
    if year:
        try:
            return dt.date(int(year), month, day)
        except ValueError:
            return None
    return _in_past_year(month, day, reference)


def _resolve(match: re.Match[str], reference: dt.date) -> tuple[dt.date, dt.date | None] | None:
    groups = match.groupdict()
    if groups.get("iso"):
        try:
            return dt.date.fromisoformat(groups["iso"]), None
        except ValueError:
            return None
    year = groups.get("y")
    month1 = _month(groups["m1"])
    month2 = _month(groups["m2"]) if groups.get("m2") else month1
    start = _date(year, month1, int(groups["d1"]), reference)
    if start is None:
        return None
    if groups.get("d2") is None:
        return start, None
    try:
        end = dt.date(start.year, month2, int(groups["d2"]))
    except ValueError:
        return None
    if end < start:
        try:
            end = dt.date(start.year + 1, month2, int(groups["d2"]))
        except ValueError:
            return None
    return start, end


def weekday_before(name: str, reference: dt.date) -> dt.date:
    """The most recent given weekday on or before the reference date."""
    back = (reference.weekday() - WEEKDAYS.index(name.lower())) % 7
    return reference - dt.timedelta(days=back)


def weekday_from(name: str, reference: dt.date) -> dt.date:
    """The first given weekday on or after the reference date."""
    return reference + dt.timedelta(days=(WEEKDAYS.index(name.lower()) - reference.weekday()) % 7)


def find_dates(text: str, offset: int, reference: dt.date) -> list[DateMention]:
    """Every resolvable date expression in ``text`` (a sentence starting at ``offset``)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    # every pattern of a date with a day of the month holds a digit, and all but the ISO
    # one a month's name (tests/test_extract_dates)
    if not _DIGIT.search(text):
        patterns: tuple[re.Pattern[str], ...] = ()
    else:
        patterns = PATTERNS if _ANY_MONTH.search(text) else PATTERNS[-1:]
    for pattern in patterns:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            resolved = _resolve(match, reference)
            if resolved is None:
                continue
            taken.append(match.span())
            found.append(DateMention(offset + match.start(), offset + match.end(), *resolved))
    for match in _WEEKDAY.finditer(text) if could_match(_WEEKDAY_WORDS, text) else ():
        if any(s <= match.start() < e for s, e in taken):
            continue
        day = weekday_before(match["w"], reference)
        if _COMING.search(text[max(0, match.start() - 120) : match.start()]):
            day = weekday_from(match["w"], reference)
        found.append(DateMention(offset + match.start(), offset + match.end(), day, None))
    for match in _RELATIVE.finditer(text) if could_match(_RELATIVE_WORDS, text) else ():
        word = match["r"].lower()
        day = reference - dt.timedelta(days=1) if word == "yesterday" else reference
        found.append(DateMention(offset + match.start(), offset + match.end(), day, None))
    return sorted(found, key=lambda d: d.start)
