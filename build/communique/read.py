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
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from unidecode import unidecode

from communique import rules
from communique.model import Article, Problem
from communique.rules.models import CreditForm, DatelineForm, Outlet

MAX_BYTES = 5 * 1024 * 1024  # far above any news article; bigger files are not articles
_ARTICLE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_DATE_HEADER = re.compile(r"^\s*date\s+(\d\S*)\s*")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_LINE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2})?\s*$")
_WRITTEN_DATE_LINE = re.compile(
    r"^\s*(?:(?P<month1>[A-Z][a-z]+)\.?\s+(?P<day1>\d{1,2}),?|(?P<day2>\d{1,2})\s+"
    r"(?P<month2>[A-Z][a-z]+)\.?,?)\s+(?P<year>\d{4})(?:,?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?)?\s*$"
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
_HTML_TAG = re.compile(
    r"<(p|div|br|html|body|span|a|h[1-6]|strong|em|b|i|ul|li|table|head)\b[^>]*>", re.I
)
_HTML_ANY_TAG = re.compile(r"<[^>]*>")
_NEWLINE = re.compile("\n")
_LINE = re.compile(r"[^\n]+")
_CRUMB_SEPARATOR = re.compile(r"\s[|»]\s")
_LETTER_RUNS = re.compile(r"[^\W\d_]+")
_NOT_IN_ID = re.compile(r"[^a-z0-9_-]+")


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
    #: a day and month the dateline gives without a year (``October 14``): not enough
    #: to date the article, but worth naming when no other date is found
    undated_dateline: str | None = None


# ---------------------------------------------------------------- outlets


def outlet_named(credit: str) -> Outlet | None:
    """The outlet a credit names (``Trend`` -> Trend News Agency), or None."""
    credit = credit.strip().strip(".,–-/ ")
    for outlet in rules.outlets().outlets:
        for name in outlet.credits:
            if credit == name or (credit.casefold() == name.casefold() and len(name) > 4):
                return outlet
    return None


def outlet_country(name: str | None) -> str | None:
    """The country (ISO alpha-3) of an outlet, so a story's home country can be guessed."""
    outlet = outlet_named(name) if name else None
    return outlet.country if outlet else None


@cache
def _credit_patterns() -> tuple[tuple[Outlet, tuple[tuple[CreditForm, re.Pattern[str]], ...]], ...]:
    """Each outlet with every way running text may credit it (``Trend reports``, ``(KPL)``)."""
    forms = rules.reader().credit_in_text
    return tuple(
        (outlet, tuple((form, form.compile(credit)) for credit in outlet.credits for form in forms))
        for outlet in rules.outlets().outlets
    )


def _credit_in(text: str) -> Outlet | None:
    """An outlet credited in running text: ``Trend reports``, ``(KPL)``, ``Report informs``."""
    for outlet, patterns in _credit_patterns():
        for form, pattern in patterns:
            if pattern.search(text):
                form.fired()
                return outlet
    return None


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
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
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


def _date_line(line: str) -> tuple[dt.date | None, bool]:
    """The date a line consisting only of a date gives (``23/04/2024 10:42``, ``October 14,
    2025``): (date or None when impossible, whether the line is a date line at all)."""
    numeric = _DATE_LINE.match(line)
    if numeric:
        day, month, year = map(int, numeric.groups())
        return _valid_date(year, month, day), True
    written = _WRITTEN_DATE_LINE.match(line)
    if written:
        month = _MONTHS.get(written["month1"] or written["month2"])
        if month is not None:
            day = int(written["day1"] or written["day2"])
            return _valid_date(int(written["year"]), month, day), True
    return None, False


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


@dataclass(frozen=True)
class Dateline:
    """What a dateline says: place, date as written and outlet credited, and its length."""

    length: int
    place: str | None
    date: str | None
    outlet: Outlet | None
    form: DatelineForm


def read_dateline(line: str) -> Dateline | None:
    """The dateline a line opens with, read by the first form of ``rules/reader.yaml`` that
    fits (a credit naming no outlet we know does not fit)."""
    for form in rules.reader().datelines:
        match = form.regex.match(line)  # fired only when it fits, by the caller
        if not match:
            continue
        groups = match.groupdict()
        credit = groups.get("credit")
        outlet = outlet_named(credit) if credit else None
        if credit and not outlet:
            continue
        place = _place(groups["place"]) if groups.get("place") else None
        return Dateline(match.end(), place, groups.get("date"), outlet, form)
    return None


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
            crumb = outlet_named(_CRUMB_SEPARATOR.split(stripped)[0])  # "APA | Politics"
            if crumb and header.source is None:
                header.source = crumb.name
            continue
        found, is_date_line = _date_line(line)
        if is_date_line:
            if header.published is None:
                header.published = found
                if found is None:
                    header.problems.append((f"impossible date {stripped!r}", line_no))
            header.noise_spans.append((start, end))
            continue
        if reader.byline.match(line):
            header.noise_spans.append((start, end))
            continue
        outlet = outlet_named(stripped)
        if outlet and header.source is None:
            header.source = outlet.name
            header.noise_spans.append((start, end))
            continue
        if reader.byline_before_story.match(line) and header.publisher:
            byline = reader.byline_glued.match(line)
            header.noise_spans.append((start, start + byline.end()))
            pos = start + byline.end()
            line = text[pos:end]
            start = pos
        consumed = _dateline(line, header) if not dateline_seen else 0
        if consumed:
            dateline_seen = True
            if line[consumed:].strip():
                header.body_start = start + consumed
                story_started = True
            continue
        # a short line without a final full stop, followed by more text, is a headline
        if (
            len(stripped) < 160
            and not stripped.endswith((".", "”", '"'))
            and text[end : end + 2].startswith("\n")
            and header.title is None
        ):
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
    if header.source is None:
        outlet = _credit_in(text[header.body_start : header.body_start + 1500])
        if outlet:
            header.source = outlet.name
    _trailing_noise(text, header)
    return header


def _dateline(line: str, header: Header) -> int:
    """How many characters of ``line`` a dateline takes (0: none), recording what it says."""
    dateline = read_dateline(line)
    if dateline is None:
        return 0
    dateline.form.fired()
    if dateline.date:
        header.undated_dateline = dateline.date
    if dateline.place:
        header.dateline = dateline.place
    if dateline.outlet and header.source is None:
        header.source = dateline.outlet.name
    return dateline.length


def _trailing_noise(text: str, header: Header) -> None:
    """Captions, bylines, outlet signatures and lists of other headlines after the story."""
    reader = rules.reader()
    offset = header.body_start
    for match in _LINE.finditer(text[offset:]):
        start, end = offset + match.start(), offset + match.end()
        line = match.group()
        if reader.related_news.match(line):
            header.noise_spans.append((start, len(text)))
            break
        if reader.caption.search(line) or reader.byline.match(line) or outlet_named(line.strip()):
            header.noise_spans.append((start, end))
    header.noise_spans = sorted(set(header.noise_spans))


# ---------------------------------------------------------------- language


def detect_language(text: str) -> str:
    """ISO 639-1 code by script and common words; ``en`` unless the text says otherwise."""
    return language_by_script(text) or language_by_words(text)


def language_by_script(text: str) -> str | None:
    """The language of the script (``rules/language.yaml``) most letters are in, if any."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    for script in rules.language().scripts:
        share = sum(1 for c in letters if script.script in unicodedata.name(c, "")) / len(letters)
        if share > 0.3:
            script.fired()
            return script.code
    return None


def language_by_words(text: str) -> str:
    """The language whose commonest words the text uses most; English on a tie."""
    words = _LETTER_RUNS.findall(text.lower())
    if not words:
        return "en"
    found = rules.language()
    english = sum(w in found.english.vocabulary for w in words) / len(words)
    scores = {
        other.code: sum(w in other.vocabulary for w in words) / len(words) for other in found.others
    }
    best = max(scores, key=scores.get)
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


def read_article(path: Path, root: Path) -> tuple[Article | None, list[Problem]]:
    """One article file as an Article, or None with the reasons it cannot be used.

    Never raises for what is in the file: every refusal is a ``Problem`` naming the file
    (and the line where one is to blame). Errors mean the article cannot be used;
    warnings mean it was repaired, or skipped by policy (a language we cannot read).
    """
    rel = _relative(path, root)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [
                Problem(
                    rel,
                    f"file is {size / 2**20:.1f} MB, over the {MAX_BYTES // 2**20} MB limit "
                    "for an article: not read",
                )
            ]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(rel, f"cannot be read: {error.strerror or error}")]
    try:
        text, notes = _decode(raw)
    except UnreadableFile as error:
        return None, [Problem(rel, str(error), "error", error.line)]
    problems = [Problem(rel, f"repaired: {note}", "warning", line) for note, line in notes]
    if not text.strip():
        return None, [*problems, Problem(rel, "empty file (no text)")]
    header = parse_header(text)
    problems += [Problem(rel, message, "error", line) for message, line in header.problems]
    if header.published is None and not header.problems:
        why = "no ' date YYYY-MM-DD' header and no dated line"
        if header.undated_dateline:
            why += f"; the dateline's {header.undated_dateline!r} has no year"
        problems.append(Problem(rel, f"no publication date: {why}", "error", 1))
    if header.published is None or any(p.severity == "error" for p in problems):
        return None, problems
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
        return None, problems
    article = Article(
        article_id=normalise_article_id(path.stem),
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
    return article, problems


def _symlink_problem(path: Path, root: Path) -> str | None:
    """Why a symlink is not followed (it leads nowhere, or out of the corpus), or None."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "symlink to a missing file (or a symlink loop): not read"
    if not resolved.is_relative_to(root.resolve()):
        return f"symlink to {resolved}, outside the corpus: not read"
    return None


def read_corpus(root: Path) -> tuple[list[Article], list[Problem]]:
    """Every article under ``root``, sorted by id, and every problem found on the way.

    Hidden files and folders (``.name``) are not part of the corpus. Symlinks are followed
    only when they stay inside it. Of two files with the same bytes the first by path is
    read (real files before symlinks); two files whose ids collide are an error, since
    either could be the one meant.
    """
    problems: list[Problem] = []
    articles: list[Article] = []
    first_with_bytes: dict[str, str] = {}
    first_with_id: dict[str, str] = {}
    found = [p for p in root.rglob("*") if p.is_symlink() or p.is_file()]
    paths = sorted(found, key=lambda p: (p.is_symlink(), p))  # a file before its aliases
    for path in paths:
        rel = _relative(path, root)
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.is_symlink():
            refusal = _symlink_problem(path, root)
            if refusal:
                problems.append(Problem(rel, refusal))
                continue
            if not path.is_file():
                problems.append(Problem(rel, "symlink to a folder: not read", "warning"))
                continue
        if path.suffix.lower() != ".txt":
            problems.append(Problem(rel, "not a .txt file: skipped", "warning"))
            continue
        article, found = read_article(path, root)
        problems += found
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
