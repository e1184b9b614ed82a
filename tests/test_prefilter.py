"""The prefilter of cue searches skips a search only when it would have found nothing.

Checked on every pattern of the real rule files, with the rules' own examples (also with
letters ``re`` matches with ASCII ones in any case written in), with generated sentences
made of the patterns' words, and with the dev corpus's sentences when it is present.
"""

from __future__ import annotations

import re
import sys
from functools import cache

import pytest
from communique.extract import prefilter
from communique.extract.prefilter import (
    could_match,
    could_match_found,
    folded,
    needles,
    words_found,
)
from communique.rules import all_rules
from communique.rules.models import Cue
from conftest import DEV_ARTICLES
from hypothesis import given, settings
from hypothesis import strategies as st


@cache
def _cues() -> tuple[tuple[re.Pattern[str], prefilter.Words], ...]:
    """Every pattern of every rule file, with its words."""
    patterns = {rule.regex for rule in all_rules() if isinstance(rule, Cue)}
    return tuple((p, needles(p)) for p in sorted(patterns, key=lambda p: p.pattern))


@cache
def _every_word() -> frozenset[str]:
    return frozenset(w for _, words in _cues() if words for w in words)


def _agrees(text: str) -> None:
    found = words_found(_every_word(), text)
    for pattern, words in _cues():
        assert could_match_found(words, found) == could_match(words, text), (words, text)
        if not could_match(words, text):
            assert pattern.search(text) is None, (pattern.pattern, text)


def test_the_rule_files_have_patterns_the_prefilter_can_skip():
    cues = _cues()
    assert len(cues) > 150
    assert sum(words is not None for _, words in cues) > len(cues) // 2


def test_the_ascii_twins_are_every_character_re_matches_with_an_ascii_one_in_any_case():
    """Brute force over Unicode: a character outside ASCII that a literal ASCII character
    matches when case is ignored is listed, and folds to that character lower-cased; an
    ASCII character matches one when its lower case is the same."""
    beyond = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    twins: dict[str, set[str]] = {}
    for ascii_char in map(chr, range(0x80)):
        for found in re.finditer(re.escape(ascii_char), beyond, re.IGNORECASE):
            twins.setdefault(found.group(), set()).add(ascii_char.lower())
    assert twins == {twin: {folded(twin)} for twin in "İı\u212aſ"}
    for a in map(chr, range(0x80)):
        for b in map(chr, range(0x80)):
            same = re.fullmatch(re.escape(a), b, re.IGNORECASE) is not None
            assert same == (a.lower() == b.lower()), (a, b)


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(?i)\bmeet(?:s|ing)?\b", {"meet"}),
        (r"(?i)\b(phone|telephone)\s+call\b", {"phone", "telephone"}),
        (r"\bheld\s+(\w+\s+){0,4}(talks|meetings?)\b", {"talks", "meeting"}),
        (r"(?i)(?-i:\bOrder\b)", {"order"}),
        (r"Nukuʻalofa", {"alofa"}),
        (r"(?=abc)d", {"d"}),
        (r"(?:ab)+x?", {"ab"}),
        (r"a?b*", None),
        (r"x|\d", None),
        (r"[A-Z]\w+", None),
    ],
)
def test_the_words_are_those_every_match_contains(pattern, words):
    found = needles(re.compile(pattern))
    assert found == (None if words is None else frozenset(words))


def test_a_sentence_without_the_words_is_skipped():
    words = needles(re.compile(r"(?i)\bheld\s+talks\b"))
    assert not could_match(words, "They met in May.")
    assert could_match(words, "They HELD TALKS in May.")
    assert could_match(words, "They held tal\u212as in May.")  # the Kelvin sign
    assert could_match(None, "anything")


_TWINS = str.maketrans({"s": "ſ", "k": "\u212a", "i": "ı", "I": "İ"})


def _examples() -> list[str]:
    texts = {
        example.text for rule in all_rules() for example in (*rule.examples, *rule.counter_examples)
    }
    return sorted(texts)


def test_rule_examples_and_their_variants_are_never_skipped_wrongly():
    for text in _examples():
        for variant in (text, text.upper(), text.swapcase(), text.translate(_TWINS)):
            _agrees(variant)


def _fragments() -> list[str]:
    """Pieces sentences are made of here: the patterns' words in several cases, words of
    the rule examples, and characters that fold in tricky ways."""
    words = {w for _, ws in _cues() if ws for w in ws}
    pieces = {piece for w in words for piece in (w, w.upper(), w.title(), w.translate(_TWINS))}
    pieces |= {w for text in _examples()[:400] for w in text.split()}
    pieces |= {"ſ", "\u212a", "İ", "ı", "ß", "’", "é", "Việt", "1999", "2024", "–", ".", ","}
    return sorted(pieces)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_fragments()), min_size=1, max_size=12),
    st.lists(st.sampled_from([" ", "", " ", ", ", "-", "  ", "\n"]), min_size=12, max_size=12),
)
def test_generated_sentences_are_never_skipped_wrongly(pieces, glue):
    text = "".join(piece + sep for piece, sep in zip(pieces, glue, strict=False))
    _agrees(text)
    _agrees(text.upper())


@pytest.mark.skipif(not DEV_ARTICLES.is_dir(), reason="the dev corpus lives beside the project")
def test_dev_corpus_sentences_are_never_skipped_wrongly():
    from communique.extract.text import sentences
    from communique.read import read_corpus

    articles, _ = read_corpus(DEV_ARTICLES)
    assert articles
    for article in articles:
        for sentence in sentences(article):
            _agrees(sentence.text)


def test_the_words_read_once_per_sentence_hold_those_of_every_cue_screened_with_them():
    from communique.extract.lexicon import lexicon

    lex = lexicon()
    screened = [words for triggers in lex.trigger_patterns.values() for *_, words in triggers]
    screened += [words for _, words in (*lex.not_happened, *lex.joins, *lex.vague_times)]
    assert all(words is None or words <= lex.sentence_cue_words for words in screened)
    assert could_match_found(None, set()) and not could_match_found(frozenset({"met"}), set())
