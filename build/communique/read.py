"""Stage 1: read article files into ``Article`` records, and say what is wrong with them.

The text every mention offset indexes into is the *canonical* text: the file decoded as
UTF-8 (a BOM removed; invalid UTF-8 read as Windows-1252), line endings made ``\\n``, HTML
markup reduced to text. ``load_text`` gives exactly that text back, so offsets can be
checked against the files at any time.

Header forms understood (see ``parse_header``): `` date YYYY-MM-DD`` followed by an outlet
credit glued to the text (``MENAFN - Trend News Agency)A delegation…``), a dateline
(``Baku, September 23, AZERTAC``, ``Vientiane, October 14 (KPL) –``, ``Baku. 15 May.
REPORT.AZ/``, ``ANNING, China, Aug. 14 (Xinhua) --``), an outlet name alone on a line,
page furniture (``+ ↺ − 16 px``, language menus, breadcrumbs), a headline (-> ``title``),
a ``dd/mm/yyyy hh:mm`` line when there is no date header, bylines, photo captions and
trailing lists of other headlines (-> ``noise_spans``, which extraction skips). The
English of these forms (dateline and credit forms, bylines, captions, the words that tell
a language) is in ``rules/reader.yaml`` and ``rules/language.yaml``; outlets in
``rules/outlets.yaml``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import html
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from re import _constants as _re_constants  # type: ignore[attr-defined]
from re import _parser as _re_parser  # type: ignore[attr-defined]
from typing import Any

from unidecode import unidecode

from communique import rules
from communique.extract.text import ends_abbreviation
from communique.model import Article, Problem
from communique.rules.models import CreditForm, Cue, DatelineForm, Outlet
from communique.walk import Entry, walk

MAX_BYTES = 5 * 1024 * 1024  # far above any news article; bigger files are not articles
_ARTICLE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_DATE_HEADER = re.compile(r"^\s*date\s+(\d\S*)\s*")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_LINE = re.compile(r"^\s*(\d{1,2})([/.])(\d{1,2})\2(\d{4})\.?(?:\s+\d{1,2}:\d{2})?\s*$")
_WRITTEN_DATE_LINE = re.compile(
    r"^\s*(?:(?P<month1>[A-Z][A-Za-z]+)\.?\s+(?P<day1>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+|/)"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>[A-Z][A-Za-z]+)\.?,?\s+)"
    r"(?P<year>\d{4})(?:,?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?)?\s*$"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)$")


def month_number(word: str) -> int | None:
    """The month a word names (``Aug.``, ``MAY``, ``Sept``), or None."""
    return _MONTHS.get(word.strip(".,").title())


def names_a_month(date: str) -> bool:
    """Whether a date as written names a month, in words or numbers (``12.03.2024``)."""
    return any(month_number(word) for word in date.split()) or bool(_NUMERIC_DATE.search(date))


_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b")
_HTML_TAG = re.compile(
    r"<(p|div|br|html|body|span|a|h[1-6]|strong|em|b|i|ul|li|table|head)\b[^>]*>", re.I
)
_HTML_ANY_TAG = re.compile(r"<[^>]*>")
_NEWLINE = re.compile("\n")
_LINE = re.compile(r"[^\n]+")
_CRUMB_SEPARATOR = re.compile(r"\s[|»]\s")
_LETTER_RUNS = re.compile(r"[^\W\d_]+")
_NOT_IN_ID = re.compile(r"[^a-z0-9_-]+")


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_LEADING_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")


def any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One regex that matches a string at its start exactly when one of ``patterns`` does:
    a prefilter, since most lines of a story are prose that no rule matches, and one call
    that fails costs less than one per rule. Each pattern keeps its own flags (a leading
    ``(?i)`` becomes a scoped group); group names go, since two patterns may share one.
    Patterns with back-references are not joined (their group numbers would shift)."""
    alternatives = []
    for pattern in patterns:
        source = pattern.pattern
        if "(?P=" in source or re.search(r"\\[1-9]", source):
            raise ValueError(f"cannot join a pattern with a back-reference: {source}")
        if pattern.flags & ~(re.UNICODE | re.IGNORECASE) and not source.startswith("(?"):
            raise ValueError(f"cannot join a pattern compiled with flags: {source}")
        leading = _LEADING_FLAGS.match(source)
        flags = leading[1] if leading else ""
        if pattern.flags & re.IGNORECASE and "i" not in flags:
            flags += "i"
        body = source[leading.end() :] if leading else source
        alternatives.append(f"(?{flags}:{_NAMED_GROUP.sub('(?:', body)})")
    return re.compile("|".join(alternatives))


def _needed_in(items: list[tuple[Any, Any]], ignorecase: bool) -> frozenset[str] | None:
    """Characters of which every match of a parsed regex (``re._parser``) has at least one,
    or None when it cannot tell: of its parts that every match goes through, the one with
    the rarest characters."""
    best: frozenset[str] | None = None
    for op, argument in items:
        found = _needed_in_part(op, argument, ignorecase)
        if found is not None and (best is None or _commonness(found) < _commonness(best)):
            best = found
    return best


def _needed_in_part(op: Any, argument: Any, ignorecase: bool) -> frozenset[str] | None:
    """``_needed_in`` for one part of a parsed regex. Letters under ``(?i)`` are left out
    (case folding maps some to other letters: ``k`` to the kelvin sign), and so is
    everything a match may skip (optional parts, lookarounds)."""
    if op is _re_constants.LITERAL:
        return _uncased(chr(argument), ignorecase)
    if op is _re_constants.IN:
        members = [
            _uncased(chr(a), ignorecase) if o is _re_constants.LITERAL else None
            for o, a in argument
        ]
        return None if None in members else frozenset().union(*members)  # type: ignore[arg-type]
    if op is _re_constants.SUBPATTERN:
        _, add_flags, del_flags, inner = argument
        inner_ignorecase = (
            ignorecase or bool(add_flags & re.IGNORECASE)
        ) and not del_flags & re.IGNORECASE
        return _needed_in(inner, inner_ignorecase)
    if op is _re_constants.BRANCH:
        branches = [_needed_in(branch, ignorecase) for branch in argument[1]]
        return None if None in branches else frozenset().union(*branches)  # type: ignore[arg-type]
    if op in (_re_constants.MAX_REPEAT, _re_constants.MIN_REPEAT, _re_constants.POSSESSIVE_REPEAT):
        least, _, inner = argument
        return _needed_in(inner, ignorecase) if least >= 1 else None
    if op is _re_constants.ATOMIC_GROUP:
        return _needed_in(argument, ignorecase)
    return None


def _uncased(char: str, ignorecase: bool) -> frozenset[str] | None:
    """The character, unless case folding could let another stand for it."""
    if ignorecase and (char.lower() != char or char.upper() != char or char.isalpha()):
        return None
    return frozenset(char)


def _commonness(chars: frozenset[str]) -> int:
    """How often a line of prose holds one of ``chars``: letters, digits, spaces and
    commas and full stops are everywhere, other marks are rare."""
    return sum(100 if c.isalnum() or c.isspace() or c in ",." else 1 for c in chars)


@cache
def needed_characters(pattern: str, flags: int) -> re.Pattern[str] | None:
    """A regex finding a character that every match of ``pattern`` (compiled with
    ``flags``) holds, or None when it needs none in particular: the prefilter of
    ``PrefilteredCue``. Derived from the pattern itself, so it follows any
    change to the rules. (Keyed by the pattern's text: hashing a compiled pattern hashes
    its whole program, on every call.)"""
    parsed = _re_parser.parse(pattern, flags)
    needed = _needed_in(list(parsed), bool(parsed.state.flags & re.IGNORECASE))
    if not needed or _commonness(needed) >= 100:
        return None  # no cheaper than the pattern itself
    return re.compile("[" + "".join(re.escape(c) for c in sorted(needed)) + "]")


class PrefilteredCue:
    """A cue with its compiled pattern and prefilter (``needed_characters``) at hand:
    ``_trailing_noise`` tries a dozen cues on every line of every story, and most lines
    are prose that none matches. Fires the cue as ``Cue.match`` and ``Cue.search`` do."""

    __slots__ = ("cue", "needed", "regex")

    def __init__(self, cue: Cue) -> None:
        self.cue = cue
        self.regex = cue.regex
        self.needed = needed_characters(self.regex.pattern, self.regex.flags)

    def match(self, line: str) -> re.Match[str] | None:
        if self.needed is not None and self.needed.search(line) is None:
            return None
        found = self.regex.match(line)
        if found:
            self.cue.fired()
        return found

    def search(self, line: str) -> re.Match[str] | None:
        if self.needed is not None and self.needed.search(line) is None:
            return None
        found = self.regex.search(line)
        if found:
            self.cue.fired()
        return found


@dataclass(frozen=True)
class _LineCues:
    """The reader's page-furniture cues (``rules/reader.yaml``), prefiltered."""

    related_news: PrefilteredCue
    byline: PrefilteredCue
    staff_credit: tuple[PrefilteredCue, ...]
    trailing_furniture: tuple[PrefilteredCue, ...]
    caption_run_in: PrefilteredCue
    signature: PrefilteredCue
    caption: PrefilteredCue


@cache
def _line_cues() -> _LineCues:
    """The cues ``_trailing_noise`` tries on each line, prepared once (as ``_dateline_forms``)."""
    reader = rules.reader()
    return _LineCues(
        related_news=PrefilteredCue(reader.related_news),
        byline=PrefilteredCue(reader.byline),
        staff_credit=tuple(map(PrefilteredCue, reader.staff_credit)),
        trailing_furniture=tuple(map(PrefilteredCue, reader.trailing_furniture)),
        caption_run_in=PrefilteredCue(reader.caption_run_in),
        signature=PrefilteredCue(reader.signature),
        caption=PrefilteredCue(reader.caption),
    )


@dataclass
class Header:
    """What an article's header says, and where its story starts.

    ``noise_spans`` are (start, end) offsets of page furniture (menus, bylines, captions,
    lists of other headlines) that extraction skips; ``problems`` are (message, line).
    """

    published: dt.date | None = None
    source: str | None = None
    publisher: str | None = None
    dateline: str | None = None
    title: str | None = None
    body_start: int = 0
    noise_spans: list[tuple[int, int]] = field(default_factory=list)
    problems: list[tuple[str, int | None]] = field(default_factory=list)
    #: (message, line) of what was read but may not be what the author meant
    warnings: list[tuple[str, int | None]] = field(default_factory=list)
    #: a day and month the dateline gives without a year (``October 14``): not enough
    #: to date the article, but worth naming when no other date is found
    undated_dateline: str | None = None


# ---------------------------------------------------------------- outlets


def outlet_named(credit: str) -> Outlet | None:
    """The outlet a credit names (``Trend`` -> Trend News Agency), or None: the first in
    the file that has the credit as written, or in any case when longer than four
    letters."""
    credit = credit.strip().strip(".,–-/ ")
    exact, any_case = _outlet_credits()
    found = [m for m in (exact.get(credit), any_case.get(credit.casefold())) if m]
    return min(found, key=lambda m: m[0])[1] if found else None


@cache
def _outlet_credits() -> tuple[dict[str, tuple[int, Outlet]], dict[str, tuple[int, Outlet]]]:
    """Each credit, as written and casefolded, and the first outlet (by place in the file)
    with it: every line of every article's header and tail is looked up."""
    exact: dict[str, tuple[int, Outlet]] = {}
    any_case: dict[str, tuple[int, Outlet]] = {}
    for n, outlet in enumerate(rules.outlets().outlets):
        for name in outlet.credits:
            exact.setdefault(name, (n, outlet))
            if len(name) > 4:
                any_case.setdefault(name.casefold(), (n, outlet))
    return exact, any_case


_ISSUER = re.compile(r"^(?:Ministry|Embassy|Press Service)\b.*\bof (?P<country>[^,]+)$")


def outlet_country(name: str | None) -> str | None:
    """The country (ISO alpha-3) of an outlet, or of a ministry that issued the story
    (``Ministry of Foreign Affairs of Laos``), so a story's home country can be guessed."""
    outlet = outlet_named(name) if name else None
    if outlet:
        return outlet.country
    issuer = _ISSUER.match(name) if name else None
    return _country_code(issuer["country"]) if issuer else None


@cache
def _credit_patterns() -> tuple[
    tuple[Outlet, tuple[tuple[CreditForm, re.Pattern[str], str], ...]], ...
]:
    """Each outlet with every way running text may credit it (``Trend reports``, ``(KPL)``),
    each with the text every match of it holds (see ``literal_core``)."""
    forms = rules.reader().credit_in_text
    return tuple(
        (
            outlet,
            tuple(
                (form, pattern, literal_core(pattern))
                for credit in outlet.credits
                for form in forms
                for pattern in (form.compile(credit),)
            ),
        )
        for outlet in rules.outlets().outlets
    )


def _credit_in(text: str) -> Outlet | None:
    """An outlet credited in running text: ``Trend reports``, ``(KPL)``, ``Report informs``.
    A pattern whose literal core (the credit, mostly) is not in the text is not searched:
    thousands of patterns, and a text credits one outlet at most."""
    for outlet, patterns in _credit_patterns():
        for form, pattern, core in patterns:
            if core in text and pattern.search(text):
                form.fired()
                return outlet
    return None


def literal_core(pattern: re.Pattern[str]) -> str:
    """The longest run of plain characters every match of ``pattern`` holds, in order: a
    run of literals at the pattern's top level (outside any capturing, optional or repeated
    group: ``re`` inlines a plain ``(?:…)``), in no case-blind pattern (where ``k`` also
    matches the kelvin sign). Empty when none."""
    parsed = _re_parser.parse(pattern.pattern, pattern.flags)
    if parsed.state.flags & re.IGNORECASE:
        return ""
    longest, run = "", ""
    for op, argument in parsed:
        run = run + chr(argument) if op is _re_constants.LITERAL else ""
        longest = max(longest, run, key=len)
    return longest


@cache
def _aggregator_patterns() -> tuple[tuple[Outlet, re.Pattern[str]], ...]:
    """Each aggregator with the pattern of its credit glued to a story (``MENAFN - Trend)``)."""
    form = rules.reader().aggregator_credit
    return tuple(
        (aggregator, form.compile(credit))
        for aggregator in rules.outlets().aggregators
        for credit in aggregator.credits
    )


def _aggregator_credit(text: str) -> tuple[Outlet, re.Match[str]] | None:
    """The aggregator that opens the text, and the match naming the outlet it credits."""
    for aggregator, pattern in _aggregator_patterns():
        found = pattern.match(text)
        if found:
            rules.reader().aggregator_credit.fired()
            return aggregator, found
    return None


# ---------------------------------------------------------------- decoding


class UnreadableFile(Exception):
    """Bytes that are not text at all; ``line`` is where that shows, when one line does."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Read each byte UTF-8 rejects as Windows-1252, keeping the valid UTF-8 around it.

    Files pasted together from two sources often mix both; decoding the whole file as
    Windows-1252 would garble every correct ``’`` into ``â€™``.
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("communique-cp1252", _cp1252_fallback)

#: the control characters (Unicode category Cc) a text file does not use: all but \t \n \f \r
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_HTML_DROPPED = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_HTML_BREAK = re.compile(r"<\s*(br|/p|/div|/h[1-6]|/li|/tr|/title)\s*/?>", re.I)


def _decode(raw: bytes) -> tuple[str, list[tuple[str, int | None]]]:
    """``decode_text``, with the line each repair starts on (None: the whole file)."""
    notes: list[tuple[str, int | None]] = []
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise UnreadableFile("binary content (NUL bytes), not a text article", line)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        notes.append(("UTF-8 byte-order mark removed", 1))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        text = raw.decode("utf-8", errors="communique-cp1252")
        notes.append((f"not valid UTF-8 from line {line}: those bytes read as Windows-1252", line))
    controls = len(_CONTROL.findall(text))
    if text and controls / len(text) > 0.01:
        raise UnreadableFile("binary content (control characters), not a text article")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append(("CRLF or CR line endings made LF", None))
    tag = _HTML_TAG.search(text)
    if tag:
        line = text[: tag.start()].count("\n") + 1
        text = _HTML_DROPPED.sub("", text)
        text = _HTML_BREAK.sub("\n", text)
        text = _HTML_ANY_TAG.sub("", text)
        text = html.unescape(text).replace("\r", "\n")
        notes.append((f"HTML markup removed (first tag on line {line})", line))
    return text, notes


def decode_text(raw: bytes) -> tuple[str, list[str]]:
    """The canonical text of a file, and a note on every repair made to get it.

    Raises ``UnreadableFile`` for bytes that are not text (NUL bytes, control characters).
    """
    text, notes = _decode(raw)
    return text, [note for note, _line in notes]


def load_text(path: Path) -> str:
    """The canonical text of an article file: the text every offset indexes into."""
    return decode_text(path.read_bytes())[0]


# ---------------------------------------------------------------- header


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_DATE_LABEL = re.compile(
    r"^\s*(?:(?:Published|Posted|Updated|Last updated|Date|Created|Released)(?:\s+on)?\s*:?\s+)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?",
    re.I,
)
_TIME = (
    r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*"
    r"(?:\(?(?:GMT|UTC)\s*[+-]?\d{0,2}(?::?\d{2})?\)?|[A-Z]{2,4})?"
)
_TIME_SUFFIX = re.compile(rf"\s*(?:,|\||-|–|at)?\s*{_TIME}\s*$")
_TIME_PREFIX = re.compile(rf"^\s*{_TIME}\s*(?:,|\||-|–|on\b)?\s*")
#: a section name before the time and date: "Politics 11:46, 14 May 2024"
_SECTION_BEFORE_TIME = re.compile(r"^\s*[A-Z][\w&]*(?:\s+[A-Z&][\w&]*){0,2}\s+(?=\d{1,2}:\d{2}\b)")
_ISO_LINE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_YEAR_DIGITS = re.compile(r"\d{4}")


def _date_line(line: str) -> tuple[dt.date | None, bool]:
    """The date a line consisting only of a date gives (``23/04/2024 10:42``, ``October 14,
    2025``, ``Published: Tuesday, 3 May 2017 | 10:23 GMT+7``): (date or None when
    impossible, whether the line is a date line at all)."""
    if not _YEAR_DIGITS.search(line):  # every form below ends with a four-digit year
        return None, False
    line = _DATE_LABEL.sub("", line, count=1)
    line = _SECTION_BEFORE_TIME.sub("", line, count=1)
    line = _TIME_PREFIX.sub("", _TIME_SUFFIX.sub("", line))
    iso = _ISO_LINE.match(line)
    if iso:
        return _valid_date(*map(int, iso.groups())), True
    numeric = _DATE_LINE.match(line)
    if numeric:
        day, month, year = (int(numeric[n]) for n in (1, 3, 4))
        return _valid_date(year, month, day), True
    written = _WRITTEN_DATE_LINE.match(line)
    if written:
        written_month = month_number(written["month1"] or written["month2"])
        if written_month is not None:
            day = int(written["day1"] or written["day2"])
            return _valid_date(int(written["year"]), written_month, day), True
    return None, False


def _date_in_segments(line: str) -> dt.date | None:
    """The date of a byline's segment that is a date line on its own (``By A. Writer | The
    Daily | Updated: 2023-10-19 07:32``): the only date such a page gives."""
    for segment in line.split("|"):
        found, is_date_line = _date_line(segment)
        if is_date_line and found is not None:
            return found
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its newline; line n of the file is item n-1."""
    spans, start = [], 0
    for end in (m.start() for m in _NEWLINE.finditer(text)):
        spans.append((start, end))
        start = end + 1
    spans.append((start, len(text)))
    return spans


def _place(words: str) -> str | None:
    words = words.strip(" .,")
    if not words or len(words) > 40 or not words[:1].isupper():
        return None
    return words.title() if words.isupper() else words


def known_place(place: str) -> tuple[str, str] | None:
    """(name, country) of a city or country the lexicon knows, as written or with its
    spaces taken out (``Hà Nội`` -> Hanoi); None for anything else."""
    from communique.extract.lexicon import lexicon

    lex = lexicon()
    for candidate in (place, place.replace(" ", "")):
        city = lex.city(candidate)
        if city:
            return city
        code = lex.country_of_name(candidate)
        if code:
            return candidate, code
    return None


def _looks_like_credit(credit: str) -> bool:
    """Whether a parenthesised credit can be an outlet we do not list: one to five
    capitalised words (``Andes Wire``, ``MONTSAME``), no month, nothing in lower case."""
    words = credit.split()
    return (
        1 <= len(words) <= 5
        and all(
            (word[:1].isupper() or word[:1].isdigit()) and not month_number(word) for word in words
        )
        and not known_place(credit.title() if credit.isupper() else credit)
    )


@dataclass(frozen=True)
class Dateline:
    """What a dateline says: place, date as written and outlet credited, and its length.

    ``credit`` is the credit as written: an outlet we do not list is still the source."""

    length: int
    place: str | None
    date: str | None
    outlet: Outlet | None
    form: DatelineForm
    credit: str | None = None


@cache
def _dateline_forms() -> tuple[tuple[DatelineForm, re.Pattern[str]], ...]:
    """Each dateline form with its pattern: every header line is tried against them all, and
    a form's expanded pattern is slow to read (a pydantic private attribute)."""
    return tuple((form, form.regex) for form in rules.reader().datelines)


@cache
def _could_be_dateline() -> re.Pattern[str]:
    """Matches every line that some dateline form matches (see ``any_of``)."""
    return any_of(tuple(regex for _, regex in _dateline_forms()))


def read_dateline(line: str) -> Dateline | None:
    """The dateline a line opens with, read by the first form of ``rules/reader.yaml`` that
    fits. A credit naming no outlet we know fits only when the dateline also gives a date
    or a known place and the credit looks like an outlet's name; a form for a place in
    capitals fits only a place in capitals that the lexicon knows."""
    if not _could_be_dateline().match(line):
        return None
    for form, regex in _dateline_forms():
        match = regex.match(line)  # fired only when it fits, by the caller
        if not match:
            continue
        groups = match.groupdict()
        written = groups.get("place")
        place = _place(written) if written else None
        if form.capitals and not (written and written.isupper() and place and known_place(place)):
            continue
        date = groups.get("date")
        if date and not names_a_month(date):
            continue  # "Room 12" is no date
        credit = groups.get("credit")
        credit = credit.strip() if credit else None
        outlet = outlet_named(credit) if credit else None
        if form.listed and not outlet:
            continue
        if credit and not outlet:
            vouched = groups.get("date") or (place and known_place(place))
            if not (vouched and _looks_like_credit(credit)):
                continue
        return Dateline(match.end(), place, groups.get("date"), outlet, form, credit)
    return None


_BY = re.compile(r"^(?:\w+\s+)?by\s+", re.I)
_DATELINE_LOOK = re.compile(
    r"^\s*[A-Z][\w .'’-]{1,30},\s+(?:[A-Z][\w ]+,\s+)?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug"
    r"|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep"
    r"|Oct|Nov|Dec)[a-z]*\b)"
)


def _dated(written: str | None) -> dt.date | None:
    """The date of a dateline that gives its year (``April 2, 2026``, ``2 April 2026``)."""
    if not written:
        return None
    found, is_date = _date_line(written)
    if not is_date:  # "Rajab 12, 1445, January 24, 2024": the Gregorian date is the last
        months = [m for m in _MONTH_WORD.finditer(written) if month_number(m.group(0))]
        if months:
            found, is_date = _date_line(written[months[-1].start() :])
        if not is_date and months and months[-1].start() > 0:
            day = re.search(r"\d{1,2}(?:st|nd|rd|th)?\s+$", written[: months[-1].start()])
            if day:
                found, is_date = _date_line(written[day.start() :])
    return found if is_date else None


_MONTH_WORD = re.compile(r"[A-Za-z]{3,9}\.?")


def parse_header(text: str) -> Header:
    """Metadata and the start of the story, from the header forms outlets use."""
    header = Header()
    reader = rules.reader()
    pos = 0
    match = _DATE_HEADER.match(text)
    if match:
        value = match.group(1)
        iso = _ISO.match(value)
        header.published = _valid_date(*map(int, iso.groups())) if iso else None
        if header.published is None:
            header.problems.append(
                (f"impossible or malformed date {value!r} in the date header", 1)
            )
        pos = match.end()
    lines = _lines(text)
    # An aggregator credit glued to the text.
    aggregated = _aggregator_credit(text[pos:])
    if aggregated:
        aggregator, match = aggregated
        header.publisher = aggregator.name
        outlet = outlet_named(match.group("credit"))
        header.source = outlet.name if outlet else match.group("credit").strip()
        pos += match.end()
    # Walk the lines of the header zone.
    title_candidates: list[tuple[int, int]] = []
    story_started = False
    dateline_seen = False
    #: a byline, date line or credit came after the title: the next short line is the story
    title_final = False
    masthead_at = pos if match and text[pos : pos + 1] not in ("", "\n") else None
    issuer: tuple[str, str | None, int] | None = None
    line_no = text[:pos].count("\n")
    for start, end in lines:
        if end <= pos and not (start <= pos < end):
            continue
        line_no += 1
        start = max(start, pos)
        line = text[start:end]
        stripped = line.strip()
        if story_started:
            break
        if not stripped:
            continue
        if any(furniture.match(line) for furniture in reader.furniture):
            header.noise_spans.append((start, end))
            crumb = _CRUMB_SEPARATOR.split(stripped)[0]  # "APA | Politics"
            outlet = _outlet_in_segments(crumb)
            if reader.byline.match(line):  # "By A. Writer | The Daily | Updated: …"
                outlet = outlet or _outlet_in_segments(stripped)
            if header.published is None:
                header.published = _date_in_segments(stripped)
            if outlet and header.source is None:
                header.source = outlet.name
            elif header.source is None and start == masthead_at and _unlisted_outlet(crumb, True):
                header.source = crumb  # "Savanna Press | Politics"
            elif issuer is None:
                issuer = _issuing_body(crumb, text, end, line_no)
            continue
        found, is_date_line = _date_line(line)
        if is_date_line:
            if header.published is None:
                header.published = found
                if found is None:
                    header.problems.append((f"impossible date {stripped!r}", line_no))
            header.noise_spans.append((start, end))
            title_final = header.title is not None
            continue
        byline = reader.byline.match(line)
        if byline or any(credit.match(line) for credit in reader.staff_credit):
            header.noise_spans.append((start, end))
            credited = byline["credit"] if byline else None
            outlet = outlet_named(credited) if credited else None
            outlet = outlet or outlet_named(_BY.sub("", stripped))  # "By AKP"
            outlet = outlet or _outlet_in_segments(stripped)  # "By X - Reporter - Outlet"
            if outlet and header.source is None:
                header.source = outlet.name
            title_final = header.title is not None
            continue
        masthead = _masthead(stripped) and read_dateline(line) is None
        outlet = _outlet_in_segments(stripped) if masthead else None
        if outlet and (header.source is None or header.source == outlet.name):
            header.source = outlet.name  # "Emirates News Agency - WAM"
            header.noise_spans.append((start, end))
            title_final = header.title is not None
            continue
        if reader.byline_before_story.match(line) and header.publisher:
            byline = reader.byline_glued.match(line)
            # byline_glued takes at most the names byline_before_story took, so it matches
            # wherever that did
            assert byline is not None
            header.noise_spans.append((start, start + byline.end()))
            pos = start + byline.end()
            line = text[pos:end]
            start = pos
        run_in = reader.caption_run_in.match(line)
        if run_in and not dateline_seen:
            header.noise_spans.append((start, start + run_in.end()))
            start += run_in.end()
            line = text[start:end]
        elif (
            header.title is not None
            and reader.caption.search(line)
            and not _statement_caption(line, text, start, end, header.body_start)
        ):
            header.noise_spans.append((start, end))  # a photo and its credit, before the story
            title_final = True
            continue
        consumed = _dateline(line, header) if not dateline_seen else 0
        if consumed:
            dateline_seen = True
            if line[consumed:].strip():
                header.body_start = start + consumed
                story_started = True
            continue
        if issuer is None and header.title is None:
            issuer = _issuing_body(stripped, text, end, line_no)
            if issuer and "information of the" in stripped.casefold():
                header.title = stripped  # "No:097/22, Information of the … on …": a release's
                title_candidates.append((start, end))  # heading, however long
                continue
        if header.title is not None and not dateline_seen and _in_capitals(stripped):
            header.noise_spans.append((start, end))  # a letterhead: "PRESS RELEASE"
            continue
        if not dateline_seen and _DATELINE_LOOK.match(line):
            # looks like a dateline but no form reads it: say so; alone on its line it is
            # not taken for the headline, run into the story it stays in the story
            alone = len(stripped) < 80
            header.warnings.append(
                (
                    f"first line {stripped[:80]!r} looks like a dateline but is not one of the "
                    "accepted forms (see the README, 'Adding articles'): read as "
                    + ("page noise" if alone else "the story's first line"),
                    line_no,
                )
            )
            dateline_seen = True
            words = stripped.replace("(", " ").replace(")", " ").split()
            ending = [outlet_named(" ".join(words[-n:])) for n in (3, 2, 1) if len(words) > n]
            named = [outlet for outlet in ending if outlet]
            if named and header.source is None:
                header.source = named[0].name  # the outlet it ends with is still the source
            if alone:
                header.noise_spans.append((start, end))
                continue
        # a short line without a final full stop, followed by more text, is a headline
        heading = (
            len(stripped) < 160
            and not stripped.endswith((".", "”", '"'))
            and (text[end : end + 2].startswith("\n") or is_headline(stripped))
        )
        if heading and header.title is None:
            title_candidates.append((start, end))
            header.title = stripped
            continue
        if (
            heading
            and header.title is not None  # a heading with no title yet was taken above
            and not title_final
            and title_candidates
            and _masthead(header.title)
        ):
            # the line before was the outlet's masthead or a section ("Kenya News Agency",
            # "Politics"): this one is the headline
            masthead_span = title_candidates.pop()
            header.noise_spans.append(masthead_span)
            if (
                header.source is None
                and masthead_span[0] == masthead_at
                and _unlisted_outlet(header.title, acronym=True)
            ):
                header.source = header.title
            title_candidates.append((start, end))
            header.title = stripped
            continue
        header.body_start = start + (len(line) - len(line.lstrip()))
        story_started = True
    else:
        if not story_started:
            header.body_start = len(text)
    if header.title and title_candidates:
        title_start, _ = title_candidates[0]
        if header.body_start <= title_start:
            header.title = None
    if header.title:
        header.title = _TITLE_TAG.sub("", header.title) or header.title  # "(LEAD) …"
    _lead_credit(text, header)
    if header.source is None:
        outlet = _credit_in(text[header.body_start : header.body_start + 1500])
        if outlet:
            header.source = outlet.name
    found_issuer = _trailing_noise(text, header)  # always run: it records the page noise
    issuing = issuer or found_issuer
    if header.source is None and issuing:
        header.source = _issuer_name(text, issuing, header)
    if header.source is None:
        header.source = _unknown_credit_in(text, header)
    return header


#: an agency's tag before a headline: "(LEAD) …", "(2nd LD) …", "(News Focus) …"
_TITLE_TAG = re.compile(
    r"^\s*\((?:LEAD|URGENT|FLASH|Flash|REFILE|UPDATE(?:\s+\d)?"
    r"|\d(?:st|nd|rd|th)\s+LD(?:,\s*[\w ]+)?|News Focus|News Analysis|(?:\w+\s+)?Interview)\)\s*"
)


def _dateline(line: str, header: Header) -> int:
    """How many characters of ``line`` a dateline takes (0: none), recording what it says."""
    dateline = read_dateline(line)
    if dateline is None:
        return 0
    dateline.form.fired()
    if dateline.date:
        header.undated_dateline = dateline.date
        if header.published is None:
            header.published = _dated(dateline.date)
    if dateline.place:
        known = known_place(dateline.place)
        header.dateline = (
            known[0]
            if known
            and known[0] != dateline.place
            and (fold_place(known[0]) == fold_place(dateline.place))
            else dateline.place
        )
    if header.source is None:
        if dateline.outlet:
            header.source = dateline.outlet.name
        elif dateline.credit:
            header.source = dateline.credit
    return dateline.length


def fold_place(place: str) -> str:
    return unidecode(place).casefold().replace(" ", "").replace("-", "")


_LEAD_CREDIT = re.compile(  # matched at the story's start
    r"\s*(?P<credit>[A-Z][A-Za-z]{1,7}|[A-Z][\w.]+(?:\s[A-Z][\w.]+){0,2})"
    r"\s+(?:–|—|--|-)\s+(?=[A-Z“\"])"
)


_SEGMENT_SEPARATOR = re.compile(r"\s+[-–—|/]\s+|\s*[|»›]\s*|,\s+")
_MASTHEAD_WORD = re.compile(r"[^\W\d_][\w'’.&-]*")
_MASTHEAD_CONNECTORS = frozenset(
    ["of", "de", "da", "do", "des", "du", "la", "le", "the", "and", "et", "y", "e", "al", "el"]
)


def _outlet_in_segments(line: str) -> Outlet | None:
    """A listed outlet a header or credit line names in one of its parts (``Emirates News
    Agency - WAM``, ``By X - Reporter - Agência Brasil - Brasília``), or None."""
    outlet = outlet_named(line)
    if outlet:
        return outlet
    for segment in _SEGMENT_SEPARATOR.split(line):
        outlet = outlet_named(segment) if segment else None
        if outlet:
            return outlet
    return None


def _masthead(line: str) -> bool:
    """Whether a header line can be an outlet's masthead or a section name rather than a
    headline: eight words at most, each capitalised or a small connector (``Kenya News
    Agency``, ``APP - Associated Press of Pakistan``, ``Politics``), or naming an outlet."""
    words = _MASTHEAD_WORD.findall(line)
    if not 1 <= len(words) <= 8 or line.rstrip().endswith((".", "!", "?")):
        return False
    if all(w[:1].isupper() or w in _MASTHEAD_CONNECTORS for w in words):
        return True
    return len(words) <= 6 and _outlet_in_segments(line) is not None


def _lead_credit(text: str, header: Header) -> None:
    """An outlet credit glued to the start of the lead (``NDO – Politburo member …``): the
    source when it names an outlet, or is an acronym that names no place."""
    match = _LEAD_CREDIT.match(text, header.body_start)
    if not match:
        return
    credit = match["credit"]
    outlet = outlet_named(credit)
    if outlet is None and not (credit.isupper() and 2 <= len(credit) <= 6):
        return
    if outlet is None and (known_place(credit.title()) or _is_organisation_acronym(credit)):
        return
    header.noise_spans.append((match.start("credit"), match.end()))
    header.body_start = match.end()
    if header.source is None:
        header.source = outlet.name if outlet else credit


def _is_organisation_acronym(word: str) -> bool:
    from communique.extract.lexicon import lexicon

    return word in lexicon().acronyms


# ---------------------------------------------------------------- issuing bodies


def _issuing_body(
    line: str, text: str, end: int, line_no: int
) -> tuple[str, str | None, int] | None:
    """(body as written, country code or None, where to look for a place) of a body that
    issues a release, from a header or signature line (``Ministry of Foreign Affairs of
    the Republic of Latvia | Home``); None when the line names none."""
    found = rules.reader().issuing_body.match(line.strip())
    if not found:
        return None
    if found.group(0).endswith(" on ") and "information of the" not in line.casefold():
        return None  # "Ministry of Foreign Affairs of Laos on Monday hosted …": a sentence
    country = None
    if found["country"]:
        country = _country_code(found["country"])
        if country is None:
            return None
    return found["body"], country, end


def _country_code(name: str) -> str | None:
    from communique.extract.lexicon import lexicon

    return lexicon().country_of_name(name.strip())


def _issuer_name(text: str, issuer: tuple[str, str | None, int], header: Header) -> str | None:
    """The canonical name of an issuing body: ``Ministry of Foreign Affairs of Laos``. Its
    country is the one the line names, else the next lines' (a country, or a place line
    ``Vientiane, 9 August 2019``), else the dateline's."""
    from communique.extract.lexicon import lexicon

    body, country, end = issuer
    if country is None:
        country = _country_near(text, end)
    if country is None and header.dateline:
        known = known_place(header.dateline)
        country = known[1] if known else None
    if country is None:
        return None
    words = " ".join(body.split())
    if words.casefold() == "foreign ministry":
        words = "Ministry of Foreign Affairs"
    words = " ".join(w if w in ("of", "and") else w.capitalize() for w in words.lower().split())
    return f"{words} of {lexicon().short_name(country)}"


def _country_near(text: str, end: int) -> str | None:
    """The country the two lines after ``end`` name, as a country or as a place."""
    following = [line.strip() for line in text[end : end + 200].split("\n")[1:4] if line.strip()]
    for line in following[:2]:
        code = _country_code(line)
        if code:
            return code
        place = line.split(",")[0].strip()
        known = known_place(place) if place and len(place) < 40 else None
        if known:
            return known[1]
    return None


# ---------------------------------------------------------------- after the header

_NON_LATIN_HEADING = re.compile(r"^[^A-Za-z]{1,40}$")
_LETTER = re.compile(r"[^\W\d_]")
_HEADLINE_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_SECTION_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[IVX]{1,4})[.)]\s+")
_LINE_TERMINAL = (".", "!", "?", ":", ";", ",", '"', "”", "’", "“")
_SENTENCE_STOP = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z])")
_COMPLETE = (".", "!", "?", '"', "”", "’", ")", ":", ";", "…")


def _is_foreign_heading(line: str, text: str, end: int) -> bool:
    """A short line in another script (``Другие новости``, ``ຂ່າວອື່ນໆ``) followed by short
    lines: the heading of a list of other stories."""
    if not (_NON_LATIN_HEADING.match(line) and _LETTER.search(line)):
        return False
    following = [t for t in text[end:].split("\n") if t.strip()]
    return bool(following) and all(len(t) <= 160 for t in following)


def _standalone(text: str, start: int, end: int, body_start: int) -> bool:
    """Whether a line is a paragraph of its own: a blank line (or the story's edge) on
    both sides."""
    before = start <= body_start or text[max(0, start - 2) : start] == "\n\n" or start < 2
    after = end >= len(text) or text[end : end + 2] == "\n\n" or not text[end:].strip()
    return before and after


def _in_capitals(line: str) -> bool:
    """A line of two words or more all in capitals, with no closing full stop."""
    return (
        len(line.split()) >= 2
        and any(c.isalpha() for c in line)
        and not any(c.islower() for c in line)
        and not line.endswith(".")
    )


def is_headline(line: str) -> bool:
    """A headline or section heading run into the story: no closing punctuation, and
    every word of four letters or more capitalised (``Talks Held Between The Delegations``,
    ``1. Official Talks``) or the whole line in capitals (``PRESS RELEASE``)."""
    stripped = _SECTION_NUMBER.sub("", line.strip())
    if not stripped or stripped.endswith(_LINE_TERMINAL):
        return False
    words = _HEADLINE_WORD.findall(stripped)
    if not 1 <= len(words) <= 20:
        return False
    if any(c.isalpha() for c in stripped) and not any(c.islower() for c in stripped):
        return len(words) >= 2
    small = rules.reader().headline_small_words.words
    long = [w for w in words if len(w) >= 4 and w not in small]
    return bool(long) and len(long) >= 2 and all(w[0].isupper() for w in long)


def _trailing_noise(text: str, header: Header) -> tuple[str, str | None, int] | None:
    """Page noise in the story: captions, bylines and staff credits, outlet signatures,
    datelines and headlines of the stories a page runs together, share buttons, lists of
    other headlines, an unfinished last sentence. Records a signature's outlet as the
    source (when nothing earlier named one); returns a body that signs the release."""
    cues = _line_cues()
    offset = header.body_start
    issuer = None
    signed: str | None = None
    spans = [(offset + m.start(), offset + m.end()) for m in _LINE.finditer(text[offset:])]
    for index, (start, end) in enumerate(spans):
        line = text[start:end]
        stripped = line.strip()
        lead = index == 0
        if cues.related_news.match(line) or (not lead and _is_foreign_heading(stripped, text, end)):
            header.noise_spans.append((start, len(text)))
            break
        byline = cues.byline.match(line)
        staff = next(filter(None, (c.match(line) for c in cues.staff_credit)), None)
        credited = byline or staff
        if credited:
            header.noise_spans.append((start, end))
            credit = credited.groupdict().get("credit")
            by_outlet = outlet_named(_BY.sub("", stripped)) if byline else None  # "By AKP"
            signed = signed or _outlet_credit(credit) or (by_outlet.name if by_outlet else None)
            continue
        if any(furniture.match(line) for furniture in cues.trailing_furniture):
            header.noise_spans.append((start, end))
            continue
        run_in = cues.caption_run_in.match(line)
        if run_in and line[run_in.end() :].strip():
            header.noise_spans.append((start, start + run_in.end()))
            start += run_in.end()
            line = text[start:end]
            dateline = read_dateline(line)
            if dateline and (dateline.date or dateline.credit):
                dateline.form.fired()
                header.noise_spans.append((start, start + dateline.length))
            continue
        signature = cues.signature.search(line)
        credit = _outlet_credit(signature["credit"]) if signature else None
        signed = signed or credit
        # a credit is only ever read from a signature
        caption = cues.caption.search(
            line[: signature.start("sig")] if credit and signature else line
        )
        if caption and not _statement_caption(line, text, start, end, offset):
            header.noise_spans.append((start, end))
            continue
        if credit and signature:
            header.noise_spans.append((start + signature.start("sig"), end))
            continue
        if caption:
            continue
        outlet = outlet_named(stripped)
        if outlet or (not lead and _unlisted_outlet(stripped, acronym=True)):
            header.noise_spans.append((start, end))  # a signature: "KPL", "Savanna Press"
            signed = signed or (outlet.name if outlet else stripped)
            continue
        if _date_line(line)[1] or _place_and_date(line):
            header.noise_spans.append((start, end))
            continue
        if lead:
            continue
        found = _issuing_body(stripped, text, end, 0) if len(stripped) < 120 else None
        if found:
            header.noise_spans.append((start, end))
            issuer = issuer or found
            continue
        dateline = read_dateline(line)
        if dateline and ((dateline.date and dateline.credit) or dateline.form.capitals):
            dateline.form.fired()  # the dateline of the next story a page runs on
            header.noise_spans.append((start, start + dateline.length))
            continue
        following = spans[index + 1] if index + 1 < len(spans) else None
        if is_headline(line) and (
            _standalone(text, start, end, offset)
            or not any(c.islower() for c in stripped)
            or (following is not None and read_dateline(text[following[0] : following[1]]))
        ):
            header.noise_spans.append((start, end))
            continue
    if signed and header.source is None:
        header.source = signed
    _trailing_teasers(text, header, spans)
    _unfinished_ends(text, header, spans)
    header.noise_spans = sorted(set(header.noise_spans))
    return issuer


_PLACE_COMMA = re.compile(r"^\s*[A-Z][^\d,.;:!?]{1,30},\s+(?P<rest>\S.*)$")


def _place_and_date(line: str) -> bool:
    """A signature line giving only a place and a date: ``Vientiane, 9 August 2019``."""
    found = _PLACE_COMMA.match(line)
    return found is not None and _date_line(found["rest"])[1]


def _statement_caption(line: str, text: str, start: int, end: int, body_start: int) -> bool:
    """Whether a caption is a statement of its own, kept as story text (``Deputy PM Ola
    Berg (L) hands the Order of Merit to Ambassador Kwame Owusu``): a paragraph of its own,
    six words or more, nothing about it but position markers to say it is a caption. (The
    markers stay: a parenthesised capital names nobody.)"""
    reader = rules.reader()
    if not reader.caption_position.regex.search(line):
        return False
    if not _standalone(text, start, end, body_start):
        return False
    rest = reader.caption_position.regex.sub("", line)
    words = rest.split()
    if reader.caption.search(rest) or len(words) < 6 or not any(w[:1].islower() for w in words):
        return False
    if "photo" in rest.casefold():  # "… (centre) poses for a photo with …"
        return False
    reader.caption_position.fired()
    return True


def _outlet_credit(credit: str | None) -> str | None:
    """The outlet a signature or staff credit names: a listed one by its name, else an
    acronym or a name ending in an outlet word (``Savanna Press``) as written."""
    if not credit:
        return None
    credit = credit.strip().strip(".,")
    outlet = outlet_named(credit)
    if outlet:
        return outlet.name
    return credit if _unlisted_outlet(credit, acronym=True) else None


def _unlisted_outlet(name: str, acronym: bool) -> bool:
    """Whether a name can be an outlet we do not list: capitalised words ending in an
    outlet word (``Savanna Press``), or (when ``acronym``) an acronym that names no body or
    place of the lexicon."""
    words = name.split()
    if not 1 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    if words[-1] in rules.reader().outlet_words.words:
        return True
    word = words[0]
    return (
        acronym
        and len(words) == 1
        and word.isupper()
        and 2 <= len(word) <= 8
        and word.isalpha()
        and not _is_organisation_acronym(word)
        and not known_place(word.title())
    )


def _unknown_credit_in(text: str, header: Header) -> str | None:
    """An outlet we do not list, credited in the story: ``…, the ministry told Savanna
    Press.``, ``…, Savanna Press reported.`` (``said`` only with an outlet word)."""
    for form in rules.reader().unknown_credit:
        for match in form.regex.finditer(text, header.body_start):
            at = match.start("credit")
            if any(s <= at < e for s, e in header.noise_spans):
                continue
            credit = match["credit"]
            said = re.search(r"\s(?:said|quoted)$", match.group(0)) is not None
            if outlet_named(credit) is None and _unlisted_outlet(credit, acronym=not said):
                form.fired()
                return credit
    return None


def _trailing_teasers(text: str, header: Header, spans: list[tuple[int, int]]) -> None:
    """Short lines without closing punctuation after the story's last sentence: teasers of
    other stories with no heading (two or more), or a name signing the story (one line of
    at most four capitalised words). They are noise."""
    run: list[tuple[int, int]] = []
    for start, end in reversed(spans):
        if any(ns <= start and end <= ne for ns, ne in header.noise_spans):
            continue
        line = text[start:end].strip()
        if not line:
            continue
        if line.endswith(_COMPLETE) or len(line) > 100:
            break
        run.append((start, end))
    if not run or run[-1][0] <= header.body_start:
        return  # the whole story: leave it
    words = text[run[0][0] : run[0][1]].split()
    if len(run) >= 2 or (len(words) <= 4 and all(w[:1].isupper() for w in words)):
        header.noise_spans += run


def _unfinished_ends(text: str, header: Header, spans: list[tuple[int, int]]) -> None:
    """A paragraph whose last sentence breaks off (``… on the situation in the Asia``, a
    truncated last word): that fragment is noise, the sentences before it are kept."""
    for start, end in spans:
        if not (end >= len(text) or text[end : end + 2] == "\n\n" or not text[end:].strip()):
            continue  # a line that runs on (a hard-wrapped paragraph)
        cut = min([ns for ns, ne in header.noise_spans if start < ns < end] + [end])
        if any(ns <= start and cut <= ne for ns, ne in header.noise_spans):
            continue
        line = text[start:cut].rstrip()
        if not line or line.endswith(_COMPLETE):
            continue
        stops = [
            m for m in _SENTENCE_STOP.finditer(line) if not ends_abbreviation(line[: m.start() + 1])
        ]
        if not stops:
            continue
        fragment = line[stops[-1].end() :]
        words = fragment.split()
        if len(words) >= 4 and sum(w[:1].islower() for w in words) >= 2:
            header.noise_spans.append((start + stops[-1].end(), start + len(line)))


# ---------------------------------------------------------------- language


def detect_language(text: str) -> str:
    """ISO 639-1 code by script and common words; ``en`` unless the text says otherwise."""
    return language_by_script(text) or language_by_words(text)


def language_by_script(text: str) -> str | None:
    """The language of the script (``rules/language.yaml``) most letters are in, if any."""
    scripts = rules.language().scripts
    script_words = tuple(script.script for script in scripts)
    if text.isascii() and not _ascii_in_scripts(script_words):
        return None  # most texts: no letter of theirs is in any script listed
    letters = {c: n for c, n in Counter(text).items() if c.isalpha()}  # each letter once
    total = sum(letters.values())
    if not total:
        return None
    in_script = [0] * len(scripts)  # letters of each script, counted in one pass
    for letter, n in letters.items():
        for index in _scripts_of(letter, script_words):
            in_script[index] += n
    for script, count in zip(scripts, in_script, strict=True):
        if count / total > 0.3:
            script.fired()
            return script.code
    return None


@cache
def _ascii_in_scripts(script_words: tuple[str, ...]) -> bool:
    """Whether any ASCII letter is in one of the scripts (``LATIN`` would be)."""
    return any(_scripts_of(chr(code), script_words) for code in range(128) if chr(code).isalpha())


@cache
def _scripts_of(letter: str, script_words: tuple[str, ...]) -> tuple[int, ...]:
    """Which of the scripts (words of a Unicode character name) a letter is in, looked up
    once per process and letter: texts share most letters."""
    name = _letter_name(letter)
    return tuple(index for index, word in enumerate(script_words) if word in name)


@cache
def _letter_name(letter: str) -> str:
    """A letter's Unicode name, looked up once per process: texts share most letters."""
    return unicodedata.name(letter, "")


def language_by_words(text: str) -> str:
    """The language whose commonest words the text uses most; English on a tie."""
    words = _LETTER_RUNS.findall(text.lower())
    if not words:
        return "en"
    found = rules.language()
    counts = Counter(words)  # each distinct word looked up once

    def share(vocabulary: frozenset[str]) -> float:
        return sum(counts[word] for word in vocabulary.intersection(counts)) / len(words)

    english = share(found.english.vocabulary)
    scores = {other.code: share(other.vocabulary) for other in found.others}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] > english else "en"


# ---------------------------------------------------------------- files


def normalise_article_id(stem: str) -> str:
    """The file stem as an id: lower case, other characters as ``-``."""
    if _ARTICLE_ID.match(stem):
        return stem
    return _NOT_IN_ID.sub("-", unidecode(stem).lower()).strip("-_") or "article"


def _relative(path: Path, root: Path) -> str:
    """The path as the package records it: relative to the corpus root, posix style."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, root)).as_posix()


def _count_words(text: str, start: int, noise_spans: list[tuple[int, int]]) -> int:
    """Words from ``start`` to the end, leaving out page furniture."""
    kept = []
    for noise_start, noise_end in sorted(noise_spans):
        if noise_end <= start:
            continue
        kept.append(text[start : max(start, noise_start)])
        start = max(start, noise_end)
    kept.append(text[start:])
    return sum(len(part.split()) for part in kept)


@dataclass(frozen=True)
class Reading:
    """What reading one article file gives: the article (None when it cannot be used) and
    every problem found on the way."""

    article: Article | None
    problems: list[Problem]


def read_article(path: Path, root: Path) -> tuple[Article | None, list[Problem]]:
    """One article file as an Article, or None with the reasons it cannot be used.

    Never raises for what is in the file: every refusal is a ``Problem`` naming the file
    (and the line where one is to blame). Errors mean the article cannot be used;
    warnings mean it was repaired, or skipped by policy (a language we cannot read).
    """
    reading = read_file(path, _relative(path, root))
    return reading.article, reading.problems


def read_file(path: Path, rel: str) -> Reading:
    """The file at ``path`` (``rel`` in the corpus) read afresh: its bytes, or why they
    are not read, then the article in them."""
    raw = file_bytes(path, rel)
    return Reading(None, [raw]) if isinstance(raw, Problem) else read_bytes(raw, rel)


def file_bytes(path: Path, rel: str) -> bytes | Problem:
    """The bytes of an article file, or why they are not read (too big, unreadable)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Problem(
                rel,
                f"file is {size / 2**20:.1f} MB, over the {MAX_BYTES // 2**20} MB limit "
                "for an article: not read",
            )
        return path.read_bytes()
    except OSError as error:
        return Problem(rel, f"cannot be read: {error.strerror or error}")


def read_bytes(raw: bytes, rel: str) -> Reading:
    """The article in the bytes of the file at ``rel`` (its path in the corpus, which
    problems name and whose file name gives the article's id)."""
    try:
        text, notes = _decode(raw)
    except UnreadableFile as error:
        return Reading(None, [Problem(rel, str(error), "error", error.line)])
    problems = [Problem(rel, f"repaired: {note}", "warning", line) for note, line in notes]
    if not text.strip():
        return Reading(None, [*problems, Problem(rel, "empty file (no text)")])
    header = parse_header(text)
    problems += [Problem(rel, message, "error", line) for message, line in header.problems]
    problems += [Problem(rel, message, "warning", line) for message, line in header.warnings]
    if header.published is None and not header.problems:
        why = "no ' date YYYY-MM-DD' header and no dated line"
        if header.undated_dateline:
            why += f"; the dateline's {header.undated_dateline!r} has no year"
        problems.append(Problem(rel, f"no publication date: {why}", "error", 1))
    if header.published is None or any(p.severity == "error" for p in problems):
        return Reading(None, problems)
    body = text[header.body_start :]
    language = detect_language(body)
    if language != "en":
        problems.append(
            Problem(
                rel,
                f"not in English (looks like {language!r}): skipped, the extraction rules "
                "read English only",
                "warning",
            )
        )
        return Reading(None, problems)
    article = Article(
        article_id=normalise_article_id(PurePosixPath(rel).stem),
        path=rel,
        text=text,
        published=header.published,
        sha256=hashlib.sha256(raw).hexdigest(),
        word_count=_count_words(text, header.body_start, header.noise_spans),
        body_start=header.body_start,
        source=header.source,
        publisher=header.publisher,
        dateline=header.dateline,
        language=language,
        title=header.title,
        noise_spans=tuple(header.noise_spans),
    )
    return Reading(article, problems)


def _symlink_problem(path: Path, root: Path) -> str | None:
    """Why a symlink is not followed (it leads nowhere, or out of the corpus), or None."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "symlink to a missing file (or a symlink loop): not read"
    if not resolved.is_relative_to(root.resolve()):
        return f"symlink to {resolved}, outside the corpus: not read"
    return None


#: reads article files, given as (path as text, path in the corpus), into one Reading
#: each, in order
Reader = Callable[[list[tuple[str, str]]], list[Reading]]


def read_files(files: list[tuple[str, str]]) -> list[Reading]:
    """Each file read afresh: the plain ``Reader``."""
    return [read_file(Path(path), rel) for path, rel in files]


def _suffix(name: str) -> str:
    """A file name's suffix, as ``PurePath.suffix`` gives it (the last dot on, unless the
    dot starts or ends the name), without making a ``Path`` of each of 10,000 files."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _is_link(entry: Entry) -> bool:
    return entry.is_link


def read_corpus(root: Path, reader: Reader = read_files) -> tuple[list[Article], list[Problem]]:
    """Every article under ``root``, sorted by id, and every problem found on the way;
    ``reader`` reads the article files (all at once, so that it may look them up in bulk).

    Hidden files and folders (``.name``) are not part of the corpus. Symlinks are followed
    only when they stay inside it. Of two files with the same bytes the first by path is
    read (real files before symlinks); two files whose ids collide are an error, since
    either could be the one meant.
    """
    found = [e for e in walk(root) if e.is_link or e.is_file]  # in path order
    found.sort(key=_is_link)  # files, then links
    walked: list[Problem | tuple[str, str]] = []  # in path order: a refusal, or a file to read
    for listed in found:
        if any(part.startswith(".") for part in listed.parts):
            continue
        rel = listed.rel
        if listed.is_link:
            path = listed.as_path()
            refusal = _symlink_problem(path, root)
            if refusal:
                walked.append(Problem(rel, refusal))
                continue
            if not path.is_file():
                walked.append(Problem(rel, "symlink to a folder: not read", "warning"))
                continue
        if _suffix(listed.parts[-1]).lower() != ".txt":
            walked.append(Problem(rel, "not a .txt file: skipped", "warning"))
            continue
        walked.append((listed.path, rel))  # its path as text: no ``Path`` per file
    readings = iter(reader([entry for entry in walked if not isinstance(entry, Problem)]))
    problems: list[Problem] = []
    articles: list[Article] = []
    first_with_bytes: dict[str, str] = {}
    first_with_id: dict[str, str] = {}
    for entry in walked:
        if isinstance(entry, Problem):
            problems.append(entry)
            continue
        rel = entry[1]
        reading = next(readings)
        article = reading.article
        problems += reading.problems
        if article is None:
            continue
        if article.sha256 in first_with_bytes:
            first = first_with_bytes[article.sha256]
            problems.append(
                Problem(rel, f"same bytes as {first}: skipped as a duplicate", "warning")
            )
            continue
        if article.article_id in first_with_id:
            first = first_with_id[article.article_id]
            problems.append(
                Problem(
                    rel,
                    f"its id {article.article_id!r} is also the id of {first}: rename one",
                )
            )
            continue
        first_with_bytes[article.sha256] = rel
        first_with_id[article.article_id] = rel
        articles.append(article)
    return sorted(articles, key=lambda a: a.article_id), problems
