"""The reader's shortcuts skip a rule only when it would have matched nothing.

``read.needed_characters`` (a character every match of a pattern holds) and
``read._could_be_dateline`` (every dateline form joined in one regex) are checked on every
pattern of the rule files, with the rules' own examples, with generated and edge lines,
and with every line of the dev corpora when ``../shared`` is present.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from communique import read, rules
from communique.rules import all_rules
from communique.rules.models import Cue
from conftest import DEV_ARTICLES
from hypothesis import given, settings
from hypothesis import strategies as st

DEV_CORPORA = [DEV_ARTICLES, DEV_ARTICLES.parent.parent / "dev2" / "articles"]
EDGE_LINES = [
    "",
    " ",
    "Photo: the ministers in Pakse",
    "PHOTO: KPL",
    "(Photo: KPL)",
    "The ministers (R) and (L) met.",
    "— KPL",
    "-- KPL",
    "The talks went well. (KPL)",
    "Source: KPL",
    "SOURCE : Savanna Press.",
    "Reporter: Ana Lima",
    "Related news",
    "Read more:",
    "Другие новости",
    "By Ana Lima",
    "Back | Print | Share",
    "END",
    "-ENDS-",
    "Tags: talks, Pakse",
    "editor@example.org",
    "© 2024",
    "Vientiane, March 14, AZERTAC",
    "Quito, May 3 (Andes Wire) -- The ministers met on May 1.",
    "KAZAN, October 7. /TASS/. The minister arrived.",
    "BOGOTÁ — Colombian Foreign Minister Julia Restrepo spoke by phone.",
    "(KPL) The minister arrived.",
    "The minister arrived – foto 3",
    "ſource: KPL",  # a long s: the same letter as "s" when case is ignored
    "\u212aPL reported",  # the kelvin sign: the same letter as "k" when case is ignored
]


def _reader_cues() -> list[Cue]:
    """The cues the reader tries through ``match_cue`` and ``search_cue``."""
    reader = rules.reader()
    return [
        reader.related_news,
        reader.byline,
        *reader.staff_credit,
        *reader.trailing_furniture,
        reader.caption_run_in,
        reader.signature,
        reader.caption,
    ]


@cache
def _every_pattern() -> tuple[re.Pattern[str], ...]:
    """Every pattern of every rule file, and the reader's dateline forms expanded."""
    patterns = {rule.regex for rule in all_rules() if isinstance(rule, Cue)}
    patterns |= {regex for _, regex in read._dateline_forms()}
    return tuple(sorted(patterns, key=lambda p: p.pattern))


@cache
def _rule_texts() -> tuple[str, ...]:
    """Every example and counter-example of every rule, and each of their lines."""
    texts: set[str] = set(EDGE_LINES)
    for rule in all_rules():
        for example in (*rule.examples, *rule.counter_examples):
            texts.add(example.text)
            texts.update(example.text.split("\n"))
    return tuple(sorted(texts))


def _dev_lines() -> list[str]:
    present = [folder for folder in DEV_CORPORA if folder.is_dir()]
    if not present:
        pytest.skip("../shared/eval is absent: the dev corpora live beside the project")
    lines: set[str] = set()
    for folder in present:
        for path in sorted(folder.rglob("*.txt")):
            text, _ = read.decode_text(path.read_bytes())
            lines.update(m.group() for m in read._LINE.finditer(text))
    return sorted(lines)


def _never_skips_a_match(text: str) -> None:
    for pattern in _every_pattern():
        needed = read.needed_characters(pattern.pattern, pattern.flags)
        if needed is None or needed.search(text):
            continue
        assert pattern.search(text) is None, (pattern.pattern, text)
    if read._could_be_dateline().match(text) is None:
        for _, regex in read._dateline_forms():
            assert regex.match(text) is None, (regex.pattern, text)


def test_the_reader_cues_have_prefilters_that_skip_most_prose():
    """The shortcut is worth having: the slow caption and signature patterns need a mark
    that most prose lines lack."""
    reader = rules.reader()
    for cue in (reader.caption, reader.caption_run_in, reader.signature):
        needed = read.needed_characters(cue.regex.pattern, cue.regex.flags)
        assert needed is not None
        assert not needed.search("The ministers met in Pakse on Monday and signed a deal.")


def test_the_prefilters_never_skip_a_rule_example_or_an_edge_line():
    for text in _rule_texts():
        _never_skips_a_match(text)


def test_the_prefilters_never_skip_a_line_of_the_dev_corpora():
    for line in _dev_lines():
        _never_skips_a_match(line)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Photo",
                "PHOTO",
                "foto",
                "Source",
                "By",
                "Vientiane",
                "March 14",
                "KPL",
                "(",
                ")",
                "-",
                "--",
                "–",
                "—",
                ":",
                "/",
                ".",
                ",",
                " ",
                "  ",
                "(R)",
                "ſ",
                "\u212a",
                "İ",
                "2024",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_the_prefilters_never_skip_a_generated_line(line):
    _never_skips_a_match(line)


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        (r"a-b", "-"),  # the rarest of the characters every match has
        (r"(?:x|y)?:", ":"),  # an optional part is no need
        (r"\((?:a|b)\)|--", "(-"),  # each branch gives one
        (r"[-–]\s*z", "-–"),
        (r"(?i)photo:", ":"),  # letters under (?i) are left out: case folding varies
        (r"(?i)photo", None),
        (r"[^()]+:", ":"),  # a negated class needs nothing in particular
        (r"(?=\()x", None),  # nor does a lookahead (and a letter is everywhere)
        (r"-{0,3}x", None),
        (r"(?:-){2}", "-"),
    ],
)
def test_needed_characters(pattern, needed):
    found = read.needed_characters(pattern, re.compile(pattern).flags)
    if needed is None:
        assert found is None
    else:
        assert found is not None
        assert {c for c in map(chr, range(0x3000)) if found.fullmatch(c)} == set(needed)


def test_the_uncased_characters_the_prefilters_use_match_only_themselves_in_any_case():
    """Brute force over Unicode: a mark kept under ``(?i)`` has no other case."""
    kept = set()
    for pattern in _every_pattern():
        needed = read.needed_characters(pattern.pattern, pattern.flags)
        if needed is not None:
            kept |= {c for c in map(chr, range(0x3000)) if needed.fullmatch(c)}
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for mark in kept:
        assert re.findall(re.escape(mark), every, re.IGNORECASE) == [mark]


def test_joining_keeps_each_pattern_s_flags_and_refuses_back_references():
    joined = read.any_of((re.compile("(?i)abc"), re.compile("(?P<x>D)e"), re.compile("F", re.I)))
    assert joined.match("ABC") and joined.match("De") and joined.match("f")
    assert not joined.match("de")
    with pytest.raises(ValueError, match="back-reference"):
        read.any_of((re.compile(r"(a)\1"),))


def _language_by_script_in_full(text: str) -> str | None:
    """The computation the fast path stands for, written out (no shortcut)."""
    letters = {c: n for c, n in Counter(text).items() if c.isalpha()}
    total = sum(letters.values())
    if not total:
        return None
    names = [(unicodedata.name(c, ""), n) for c, n in letters.items()]
    for script in rules.language().scripts:
        if sum(n for name, n in names if script.script in name) / total > 0.3:
            return script.code
    return None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "123 -- ...",
        "The minister arrived.",
        "Министр иностранных дел",
        "The minister (Министр) arrived in Vientiane ລັດຖະມົນຕີ",
        "外交部长会见大使 and the minister",
        "Đà Nẵng, 3 May 2024",
    ],
)
def test_the_script_counts_agree_with_the_computation_written_out(text):
    assert read.language_by_script(text) == _language_by_script_in_full(text)


def test_the_script_counts_agree_on_the_dev_corpora():
    present = [folder for folder in DEV_CORPORA if folder.is_dir()]
    if not present:
        pytest.skip("../shared/eval is absent: the dev corpora live beside the project")
    for folder in present:
        for path in sorted(Path(folder).rglob("*.txt")):
            text, _ = read.decode_text(path.read_bytes())
            assert read.language_by_script(text) == _language_by_script_in_full(text)


@pytest.mark.parametrize(
    ("pattern", "core"),
    [
        (r"\bTrend\s+(reports|said)\b", "Trend"),
        (r"\(KPL\)", "(KPL)"),
        (r"\btold\s+(?:the\s+)?Vientiane\ Times\b", "Vientiane Times"),
        (r"ab?cd", "cd"),  # an optional letter breaks the run
        (r"(?i)KPL", ""),  # case-blind: no literal text is certain
        (r"x(KPL)", "x"),  # inside a group: not looked into
        (r"(?:KPL)?x", "x"),  # an optional group neither
        (r"[K]PL", "KPL"),  # a class of one character is that character
        (r"[KL]PL", "PL"),
    ],
)
def test_literal_core(pattern, core):
    assert read.literal_core(re.compile(pattern)) == core


def _never_skips_a_credit(text: str) -> None:
    for _, patterns in read._credit_patterns():
        for _, pattern, core in patterns:
            if core not in text:
                assert pattern.search(text) is None, (pattern.pattern, text)


def test_the_credit_shortcut_never_skips_a_rule_example_or_an_edge_line():
    credits = [c for outlet in rules.outlets().outlets for c in outlet.credits]
    assert all(core for _, patterns in read._credit_patterns() for _, _, core in patterns)
    for text in (*_rule_texts(), *(f"The talks went well, {c} reported." for c in credits[:50])):
        _never_skips_a_credit(text)


def test_the_credit_shortcut_never_skips_a_line_of_the_dev_corpora():
    for line in _dev_lines():
        _never_skips_a_credit(line)
