"""Segment an article body into paragraphs and sentences, keeping character offsets.

The text is never changed: what the reader marked as page noise (``noise_spans``) is left
out of the pieces sentences are made of, hard-wrapped lines are read as one paragraph, and
a full stop glued to the next sentence (``partners.Deputy``) still ends a sentence — all by
choosing where sentences start and end, so every offset still indexes the article.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from communique import rules
from communique.model import Article

_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
#: a full stop with no space after it, between a word and a capitalised word
#: (the stop first and the words before it looked behind from there: a pattern that opens
#: with a set of characters is searched for them at C speed, not tried at every offset)
_GLUED_END = re.compile(
    r"[.!?](?<=[a-z]{2}[.!?]|[0-9]{2}[.!?]|[a-z][)”\"’][.!?])(?=[“\"‘]?[A-Z][a-z])"
)
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
_WORD_AFTER = re.compile(r"^([A-Za-z]+)\b")
_LINE = re.compile(r"[^\n]+")
_LIST_ITEM = re.compile(r"\s*(?:[-–—•*▪·]|\d{1,2}[.)])\s")
#: a line of a hard-wrapped paragraph: cut before the margin, not at a sentence's end
_WRAPPED_WIDTH = (40, 100)
_TERMINAL = (".", "!", "?", ":", ";", '"', "”", "’", ")")


@cache
def _abbreviation_end() -> re.Pattern[str]:
    """A full stop that ends an abbreviation of ``rules/sentences.yaml`` or an initial."""
    words = "|".join(re.escape(word) for word in rules.sentences().abbreviations.words)
    return re.compile(rf"(?:\b(?:{words})|\b[A-Z])\.$")


def ends_abbreviation(text: str) -> bool:
    """Whether ``text`` ends with an abbreviation's full stop (``Mr.``, ``H.E.``, ``L.``)."""
    return _abbreviation_end().search(text) is not None


@cache
def _web_domains() -> frozenset[str]:
    return frozenset(d.casefold() for d in rules.sentences().web_domains.words)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def _pieces(article: Article, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` outside the article's noise spans."""
    pieces = [(start, end)]
    for noise_start, noise_end in article.noise_spans:
        if noise_end <= start or noise_start >= end:
            continue
        cut = []
        for s, e in pieces:
            if noise_end <= s or noise_start >= e:
                cut.append((s, e))
                continue
            if s < noise_start:
                cut.append((s, noise_start))
            if noise_end < e:
                cut.append((noise_end, e))
        pieces = cut
    return [(s, e) for s, e in pieces if article.text[s:e].strip()]


def body_lines(article: Article) -> list[tuple[int, int]]:
    """Pieces of the body lines that are story text, as (start, end) offsets; a line part
    of which is noise (a caption run into the lead) gives its other parts."""
    text = article.text
    lines = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        if end <= article.body_start:
            continue
        lines += _pieces(article, max(start, article.body_start), end)
    return lines


def _is_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether the body is hard-wrapped: most of its lines run straight into the next one
    (no blank line between) and stop short of any sentence's end, within a margin."""
    joined = 0
    for (start, end), (next_start, _) in itertools.pairwise(lines):
        low, high = _WRAPPED_WIDTH
        between = text[end:next_start]
        if between == "\n" and low <= end - start <= high:
            joined += 1
    return joined >= 2 and joined * 2 >= len(lines)


def paragraphs(article: Article) -> list[list[tuple[int, int]]]:
    """The story's paragraphs, each a list of its line pieces: one line each, or, in a
    hard-wrapped body, the lines up to a blank line (or a line that ends a sentence short
    of the margin)."""
    text = article.text
    lines = body_lines(article)
    if not _is_wrapped(text, lines):
        return [[line] for line in lines]
    low, high = _WRAPPED_WIDTH
    result: list[list[tuple[int, int]]] = []
    for start, end in lines:
        previous = result[-1][-1] if result else None
        if previous is not None:
            p_start, p_end = previous
            line = text[p_start:p_end].rstrip()
            short_stop = line.endswith(_TERMINAL) and p_end - p_start < low
            item = _LIST_ITEM.match(text, start) is not None  # "- Agreement on …", "2. …"
            if (
                text[p_end:start] == "\n"
                and p_end - p_start <= high
                and not short_stop
                and not item
            ):
                result[-1].append((start, end))
                continue
        result.append([(start, end)])
    return result


def sentences(article: Article) -> list[Sentence]:
    """Sentences of the story text, each tagged with its paragraph number."""
    text = article.text
    result: list[Sentence] = []
    for paragraph, pieces in enumerate(paragraphs(article)):
        # a hard-wrapped paragraph is one span: its line breaks read as spaces
        span_start, span_end = pieces[0][0], pieces[-1][1]
        cursor = span_start
        for match in _SENTENCE_END.finditer(text, span_start, span_end):
            candidate = text[cursor : match.start() + 1]
            if _abbreviation_end().search(candidate):
                continue
            result += _glued(text, cursor, match.start() + 1, paragraph)
            cursor = match.end()
        if cursor < span_end:
            result += _glued(text, cursor, span_end, paragraph)
    return [s for s in result if s.text.strip()]


def _glued(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    """The sentence ``[start, end)``, split where a full stop is glued to the next sentence
    (``partners.Deputy Prime Minister``) — not after an abbreviation or an initial, nor
    inside a web address (``News.Az``)."""
    found = []
    cursor = start
    for match in _GLUED_END.finditer(text, start, end):
        before = _WORD_BEFORE.search(text, cursor, match.start() + 1)
        if before and _abbreviation_end().search(before.group(1)):
            continue
        after = _WORD_AFTER.match(text[match.end() : match.end() + 30])
        if after and after.group(1).casefold() in _web_domains():
            continue
        found.append(_make(text, cursor, match.start() + 1, paragraph))
        cursor = match.end()
    found.append(_make(text, cursor, end, paragraph))
    return found


def _make(text: str, start: int, end: int, paragraph: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end], paragraph)
