"""Segment an article body into paragraphs and sentences, keeping character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from communique import rules
from communique.model import Article

_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")


@cache
def _abbreviation_end() -> re.Pattern[str]:
    """A full stop that ends an abbreviation of ``rules/sentences.yaml`` or an initial."""
    words = "|".join(re.escape(word) for word in rules.sentences().abbreviations.words)
    return re.compile(rf"(?:\b(?:{words})|\b[A-Z])\.$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def body_lines(article: Article) -> list[tuple[int, int]]:
    """Non-empty lines of the body that are story text, as (start, end) offsets."""
    text = article.text
    lines = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        if end <= article.body_start:
            continue
        start = max(start, article.body_start)
        if any(ns <= start and end <= ne for ns, ne in article.noise_spans):
            continue
        if text[start:end].strip():
            lines.append((start, end))
    return lines


def sentences(article: Article) -> list[Sentence]:
    """Sentences of the story text, each tagged with its paragraph number."""
    text = article.text
    result: list[Sentence] = []
    for paragraph, (line_start, line_end) in enumerate(body_lines(article)):
        cursor = line_start
        for match in _SENTENCE_END.finditer(text, line_start, line_end):
            candidate = text[cursor : match.start() + 1]
            if _abbreviation_end().search(candidate):
                continue
            result.append(_make(text, cursor, match.start() + 1, paragraph))
            cursor = match.end()
        if cursor < line_end:
            result.append(_make(text, cursor, line_end, paragraph))
    return [s for s in result if s.text.strip()]


def _make(text: str, start: int, end: int, paragraph: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end], paragraph)
