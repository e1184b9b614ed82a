"""Label the words of a sentence: titles, countries, organisation words, name-like words.

Extraction rules work on this labelled sequence rather than on raw text. A label says
what a word (or a run of words) can be:

- ``T`` a title phrase (``Deputy Minister of Foreign Affairs``), ``H`` an honorific,
- ``C`` a country name, ``A`` a country adjective (``Lao``, ``Azerbaijan's``),
- ``O`` a named body with no head word (``Milli Majlis``), ``HEAD`` an organisation head
  word (``Ministry``, ``Assembly``), ``ACR`` an acronym,
- ``N`` a name-like word (capitalised, not an everyday English word, not a known term),
- ``W`` any other capitalised word, ``K`` a connector (``of``, ``the``, ``and`` …),
- ``X`` anything else, which breaks a phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.extract.dates import MONTHS, WEEKDAYS
from communique.extract.lexicon import (
    HONORIFIC_WORDS,
    TITLE_WORDS,
    Lexicon,
    fold,
    is_common_word,
)

_TOKEN = re.compile(r"H\.\s?E\.|\w+(?:[’'\-.]\w+)*[’']?|[^\w\s]")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_PAREN_NOTE = re.compile(r"\(\s*([A-Z][\w.\-]*(?:\s[A-Z][\w.\-]*){0,3})\s*\)")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.\-]*[A-Z]s?")


@dataclass(frozen=True)
class Segment:
    label: str
    start: int  # absolute offsets into the article text
    end: int
    text: str
    value: object = None  # ISO code for C/A, TitleRule for T, kind for HEAD, NamedBody for O


@dataclass(frozen=True)
class Labelled:
    segments: tuple[Segment, ...]
    #: parenthesised notes "(ASEAN)", "(Laos)" keyed by the end offset of the word before them
    notes: dict[int, str]


def _tokens(text: str, offset: int) -> tuple[list[tuple[str, int, int]], dict[int, str]]:
    notes: dict[int, str] = {}
    hidden: list[tuple[int, int]] = []
    for match in _PAREN_NOTE.finditer(text):
        before = text[: match.start()].rstrip()
        notes[offset + len(before)] = match.group(1)
        hidden.append(match.span())
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    tokens = []
    for match in _TOKEN.finditer(text):
        if any(s <= match.start() < e for s, e in hidden):
            continue
        word = match.group()
        if any(s < match.start() < e for s, e in quoted):
            word = "\u2026"  # titles of events and documents in quotes name nobody
        tokens.append((word, offset + match.start(), offset + match.end()))
    return tokens, notes


def _phrase_at(words: list[str], i: int, phrases: dict[str, object], longest: int):
    """The longest known phrase starting at word i, as (length, value)."""
    for n in range(min(longest, len(words) - i), 0, -1):
        key = fold(" ".join(words[i : i + n]))
        if key in phrases:
            return n, phrases[key]
    return None


def label(text: str, offset: int, lex: Lexicon) -> Labelled:
    """Label every word of a sentence (``text`` starts at ``offset`` in the article)."""
    tokens, notes = _tokens(text, offset)
    words = [t[0] for t in tokens]
    segments: list[Segment] = []
    i = 0
    while i < len(tokens):
        word = tokens[i][0]
        folded = fold(word)
        stripped = folded.rstrip(".")

        def emit(n: int, lab: str, value: object = None, i: int = i) -> None:
            s, e = tokens[i][1], tokens[i + n - 1][2]
            segments.append(Segment(lab, s, e, " ".join(w for w, _, _ in tokens[i : i + n]), value))

        found = _phrase_at(words, i, lex.titles, TITLE_WORDS)
        if found and (word[0].isupper() or (i > 0 and words[i - 1] == ",") or i == 0):
            n, rule = found
            rule.fired()
            emit(n, "T", rule)
            i += n
            continue
        honor = _phrase_at([w.rstrip(".") for w in words], i, lex.honorifics, HONORIFIC_WORDS)
        if honor and word[0].isupper():
            honor[1].fired()
            emit(honor[0], "H")
            i += honor[0]
            continue
        if word[0].isupper() and (
            (stripped in MONTHS and len(stripped) > 3)
            or folded in WEEKDAYS
            or folded in lex.event_words
        ):
            emit(1, "X")
            i += 1
            continue
        if word[0].isupper():
            org = _phrase_at(words, i, lex.named_by_key, 4)
            if org:
                org[1].fired()
                emit(org[0], "O", org[1])
                i += org[0]
                continue
            country = _phrase_at(words, i, lex.country_names, 6)
            possessive = folded.endswith(("'s", "’s"))
            if possessive and lex.country_of_name(word[:-2]):
                emit(1, "A", lex.country_of_name(word[:-2]))
                i += 1
                continue
            if country and not (country[0] == 1 and possessive):
                n, code = country
                # "Azerbaijan" in "New Azerbaijan Party" is still a country word here.
                emit(n, "C", code)
                i += n
                continue
            adjective = lex.country_of_adjective(word)
            if adjective:
                emit(1, "A", adjective)
                i += 1
                continue
            multi = _phrase_at(words, i, lex.multi_heads, 4)
            if multi:
                multi[1].fired()
                emit(multi[0], "HEAD", multi[1].kind)
                i += multi[0]
                continue
            head = lex.single_heads.get(word.removesuffix("’s").removesuffix("'s"))
            if head:
                head.fired()
                emit(1, "HEAD", head.kind)
                i += 1
                continue
            if "-" in word and all(part[:1].isupper() for part in word.split("-")):
                emit(1, "W")  # "Non-Aligned", "Azerbaijan-Laos", "Inter-Parliamentary"
                i += 1
                continue
            if _ACRONYM.fullmatch(word) and word not in lex.not_acronyms:
                emit(1, "ACR")
                i += 1
                continue
            if i > 0 and fold(words[i - 1]) in ("in", "to", "at", "from") and lex.city(word):
                emit(1, "P", lex.city(word)[1])
            elif _is_name_like(word, lex):
                emit(1, "N")
            else:
                emit(1, "W")
            i += 1
            continue
        if folded in lex.connectors:
            emit(1, "K")
        else:
            emit(1, "X")
        i += 1
    # a name-like word right before a head word is part of the body's name ("… Office")
    for n in range(len(segments) - 1):
        if segments[n].label == "N" and segments[n + 1].label == "HEAD":
            seg = segments[n]
            segments[n] = Segment("W", seg.start, seg.end, seg.text)
    return Labelled(tuple(segments), notes)


def _is_name_like(word: str, lex: Lexicon) -> bool:
    folded = fold(word)
    if folded in lex.never_names or folded.rstrip(".") in MONTHS or folded in WEEKDAYS:
        return False
    if any(ch.isdigit() for ch in word) or "." in word.rstrip("."):
        return False
    if lex.city(word) and is_common_word(word):
        return False
    return not is_common_word(word.rstrip("’'s")) or len(word) <= 3
