"""Extraction's fast paths give exactly what the plain computations they replace give.

Each fast path is compared with the plain form on text written here: every Unicode
character, random runs of tricky words, and phrases of the real rule tables.
"""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from communique.extract import dates, discourse, meetings, organisations
from communique.extract.lexicon import Phrases, fold, lexicon, word_fold
from communique.extract.organisations import (
    _BODY_LABELS,
    _has_international_word,
    _heads,
    _kind_of,
    _may_name_a_body,
    _named_by_name,
    _prepared,
    _ruling_parties_by_name,
    _trimmed,
    _without_name_after,
    _without_ordinal_event,
)
from communique.extract.prefilter import could_match_found, needles, needles_off_start
from communique.extract.segments import (
    Segment,
    _may_hold_minister,
    _may_hold_possessive,
    _may_open,
    _may_open_portfolio,
    _phrase_at,
    _phrase_at_folding,
    _portfolio_title,
    _possessive_country,
    _segment,
    _title_case,
    label,
)
from communique.extract.text import _GLUED_END, Sentence
from communique.rules.models import _whole_words
from hypothesis import given, settings
from hypothesis import strategies as st


def _folding_changes(char: str) -> bool:
    """Whether folding does anything to a character but keep it (the others fold alike)."""
    return (
        unicodedata.normalize("NFKD", char) != char
        or bool(unicodedata.combining(char))
        or char.isspace()
        or char.casefold() != char
    )


def test_a_word_fold_joins_for_every_character():
    """For any character alone or inside a word, a fold that joins is the word's fold, and
    the fold of a phrase holding the word is the folds joined."""
    changed = [chr(c) for c in range(sys.maxunicode + 1) if _folding_changes(chr(c))]
    assert len(changed) > 10_000
    for char in changed:
        for word in (char, f"A{char}", f"{char}b"):
            folded = word_fold(word)
            if folded is None:
                continue
            assert folded == fold(word), repr(word)
            assert fold(f"Ab {word} Cd") == f"ab {folded} cd", repr(word)
    word_fold.cache_clear()


def test_a_word_folding_to_nothing_or_to_several_words_has_no_joining_fold():
    assert word_fold("¨") is None  # a space and an accent: folds to nothing
    assert word_fold("H. E.") is None
    assert word_fold("Việt") == "viet"
    assert word_fold("Nam’s") == "nam's"


_TRICKY = st.sampled_from(
    ["Việt", "Nam’s", "ΟΔΟΣ", "Straße", "İzmir", "¨", "ͺ", "–", "\u0301", "ﷺ", "Ab", "c.d", "ﬁ"]
)


@given(st.lists(_TRICKY, min_size=1, max_size=6))
def test_folds_that_join_are_the_fold_of_the_phrase(words):
    folds = [word_fold(w) for w in words]
    if None not in folds:
        assert " ".join(str(f) for f in folds) == fold(" ".join(words))


def test_phrases_know_every_run_of_leading_words():
    phrases = Phrases({"deputy foreign minister": 1, "envoy": 2})
    assert phrases.leads == {"deputy", "deputy foreign", "deputy foreign minister", "envoy"}
    assert phrases["envoy"] == 2


def _phrase_words() -> list[str]:
    """Words of the real phrase tables as a sentence may write them, with others between."""
    lex = lexicon()
    keys = [*lex.titles, *lex.country_names, *lex.named_by_key, *lex.multi_heads][::40]
    words = sorted({w for key in keys for w in key.split(" ")})
    others = ["Việt", "’s", "Rica’s", "¨", "met", ",", "PM"]
    return [*words, *(w.title() for w in words), *(w.upper() for w in words[::7]), *others]


@pytest.fixture(autouse=True, scope="module")
def _lexicon_built() -> None:
    """The lexicon built before any test here is timed (hypothesis's deadline): a module
    run before this one may have cleared it."""
    lexicon()


_SENTENCE = st.lists(st.sampled_from(_phrase_words()), min_size=1, max_size=12)


@settings(max_examples=300)
@given(_SENTENCE)
def test_reading_phrases_over_word_folds_finds_what_folding_each_run_finds(words):
    lex = lexicon()
    folds = [word_fold(w) for w in words]
    no_folds: list[str | None] = [None] * len(words)
    for i in range(len(words)):
        for phrases, longest in (
            (lex.titles, 7),
            (lex.country_names, 6),
            (lex.named_by_key, 4),
            (lex.multi_heads, 4),
        ):
            expected = _phrase_at_folding(words, i, phrases, longest)
            assert _phrase_at(words, folds, i, phrases, longest) == expected
            assert _phrase_at(words, no_folds, i, phrases, longest) == expected
        expected_owner = _possessive_country(words, no_folds, i, lex)
        assert _possessive_country(words, folds, i, lex) == expected_owner


def test_the_kind_of_a_body_known_by_an_acronym_is_the_first_listed():
    lex = lexicon()
    for spec in lex.acronyms.values():
        first = next(s.kind for s in lex.acronyms.values() if fold(s.name) == fold(spec.name))
        assert lex.acronym_kinds[fold(spec.name)] == first


@given(st.text(alphabet="Ministry of Assembly Parlament ,.-’s", max_size=40))
def test_a_head_word_is_found_where_its_whole_word_pattern_finds_it(text):
    for head in lexicon().org_heads:
        plain = _whole_words(head.word).search(text)
        found = head.found_in(text)
        assert (found and found.span()) == (plain and plain.span())


def test_every_meeting_trigger_is_searched_with_its_own_pattern_and_words():
    lex = lexicon()
    assert {g: [t for t, _, _ in ts] for g, ts in lex.trigger_patterns.items()} == {
        g: list(ts) for g, ts in lex.meeting_triggers.items()
    }
    for triggers in lex.trigger_patterns.values():
        for trigger, pattern, words in triggers:
            assert pattern is trigger.regex
            assert words == needles(pattern)


def test_every_sentence_cue_is_screened_with_its_own_words():
    lex = lexicon()
    for screened, cues in (
        (lex.not_happened, lex.meetings.not_happened),
        (lex.joins, lex.meetings.joins),
        (lex.vague_times, lex.meetings.vague_times),
        (lex.not_participant, lex.meetings.not_participant),
        ((lex.led_by, lex.delegation), (lex.discourse.led_by, lex.discourse.delegation)),
    ):
        assert [cue for cue, _ in screened] == list(cues)
        assert [words for _, words in screened] == [needles(cue.regex) for cue in cues]


def _title_case_plain(segments) -> bool:
    """``segments._title_case`` as first written: three lists over the segments."""
    words = [s for s in segments[1:] if s.text[:1].isalpha()]
    lower = [s for s in words if s.text[:1].islower() and len(s.text) >= 4]
    upper = [s for s in words if s.text[:1].isupper()]
    return not lower and len(upper) >= 3


_SEGMENT_TEXT = st.sampled_from(
    ["Met", "met", "and", "Of", "ǅemal", "ǆ", "1st", ",", "Ünal", "ébé", "中国", ""]
)


@given(st.lists(_SEGMENT_TEXT, max_size=10))
def test_title_case_in_one_pass_is_title_case_by_lists(texts):
    segments = [Segment("W", n, n + 1, text) for n, text in enumerate(texts)]
    assert _title_case(segments) == _title_case_plain(segments)


def _sub_run(part: list[Segment], run: list[Segment]) -> bool:
    """Whether ``part`` is ``run`` with segments dropped (the same objects, in order)."""
    remaining = iter(run)
    return all(any(seg is other for other in remaining) for seg in part)


_RUN_WORDS = st.lists(
    st.sampled_from(
        [
            *_phrase_words()[::3],
            *[
                "the",
                "of",
                "and",
                "for",
                "on",
                "in",
                ",",
                ".",
                "13th",
                "Fifth",
                "Congress",
                "Party",
                "National",
                "Qorvel",
                "Tandimar",
            ],
            *[
                "UNDP",
                "LPRP’s",
                "C.C.",
                "Headquarters",
                "Law",
                "Fictional",
                "Harbours",
                "Meeting",
                "Forum",
                "Leaders",
            ],
        ]
    ),
    min_size=1,
    max_size=14,
)


@settings(max_examples=200, deadline=None)
@given(_RUN_WORDS)
def test_trimming_a_run_only_drops_segments(words):
    """``phrase_spans`` lets a run with no head word, named body or acronym go untrimmed:
    trimming only drops segments, so the run could never gain the one it lacks."""
    lex = lexicon()
    segs = _prepared(list(label(" ".join(words), 0, lex).segments), lex)
    for first in range(len(segs)):
        for last in range(first + 1, min(len(segs), first + 8) + 1):
            run = segs[first:last]
            trimmed = _trimmed(run[:], segs, first, lex)
            assert _sub_run(trimmed, run)
            before = segs[first - 1] if first else None
            assert _sub_run(_without_ordinal_event(trimmed[:], before, lex), trimmed)
            assert _sub_run(_without_name_after(run, lex), run)


@given(st.text(alphabet="Ministry of Assembly Parlament Commission Party ,.-’s", max_size=50))
def test_the_cached_head_words_and_kind_of_a_name_are_those_computed_afresh(text):
    lex = lexicon()
    assert _heads(text, lex) == _heads.__wrapped__(text, lex)
    assert _kind_of(text, lex) == _kind_of.__wrapped__(text, lex)
    assert isinstance(_heads(text, lex), tuple)  # shared between callers: never changed


@settings(max_examples=300)
@given(_SENTENCE)
def test_the_sentence_wide_tests_of_the_labeller_skip_only_what_finds_nothing(words):
    """``label`` reads a phrase only from a word ``_may_open`` allows, and looks for a
    portfolio title or a possessive country only where the sentence-wide test allows."""
    lex = lexicon()
    folds = [word_fold(w) for w in words]
    for phrases, longest in (
        (lex.titles, 7),
        (lex.country_names, 6),
        (lex.named_by_key, 4),
        (lex.multi_heads, 4),
        (lex.honorifics, 3),
    ):
        for i, may in enumerate(_may_open(folds, phrases)):
            if not may:
                assert _phrase_at(words, folds, i, phrases, longest) is None
    for i in range(len(words)):
        if not _may_hold_minister(folds):
            assert _portfolio_title(words, folds, i, lex) is None
        if not _may_hold_possessive(folds):
            assert _possessive_country(words, folds, i, lex) is None


def test_a_segment_made_quickly_is_the_segment_its_class_makes():
    for args in (("N", 3, 9, "Qorvel", None), ("C", 0, 4, "Laos", "LAO"), ("K", 1, 2, ",")):
        quick, plain = _segment(*args), Segment(*args)
        assert quick == plain and hash(quick) == hash(plain) and repr(quick) == repr(plain)
        assert vars(quick) == vars(plain) and type(quick) is Segment


@given(st.text(alphabet="Council of Europe Union African Inter-Parliamentary ,.-’sxü", max_size=50))
def test_international_words_are_found_as_the_plain_search_finds_them(text):
    lex = lexicon()
    plain = any(word.search(text) for word in lex.international_words)
    assert _has_international_word(text, lex) == plain


@given(st.text(alphabet="National Assembly of Laos Milli Majlis the Party ,.-’s", max_size=60))
def test_the_named_body_in_a_name_is_the_first_found_as_before(text):
    lex = lexicon()
    plain = next((o for o in lex.named_orgs if o.found_in(text)), None)
    quick = (o for name, o in _named_by_name(lex) if name in text and o.found_in(text))
    assert next(quick, None) is plain


def test_a_ruling_party_by_its_folded_name_is_the_first_listed():
    lex = lexicon()
    for party in lex.ruling_parties.values():
        for text in (party.name, party.name.upper(), f"the {party.name}"):
            parties = lex.ruling_parties.values()
            plain = next((p for p in parties if fold(p.name) == fold(text)), None)
            assert _ruling_parties_by_name(lex).get(fold(text)) is plain


_BODY_MAKING_WORDS = ["LPRP’s", "UNDP's", "C.C.", "C.C", "c.c.", "C\u2024C", "Ｃ.Ｃ.", "Cc", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_phrase_words()[::5], *_BODY_MAKING_WORDS]), max_size=12))
def test_a_sentence_that_may_name_no_body_has_no_body_word_once_prepared(words):
    """``phrase_spans`` finds no run in a sentence ``_may_name_a_body`` turns down: none of
    its segments, as ``_prepared`` reads them, is one a run needs."""
    lex = lexicon()
    segments = label(" ".join(words), 0, lex).segments
    if not _may_name_a_body(segments):
        assert not any(s.label in _BODY_LABELS for s in _prepared(list(segments), lex))


def test_a_party_central_committee_or_a_possessive_acronym_may_name_a_body():
    lex = lexicon()
    for text in ("the C.C., WPK met", "the LPRP’s delegation", "met the Ｃ.Ｃ. today"):
        assert _may_name_a_body(label(text, 0, lex).segments), text


@settings(max_examples=300)
@given(_SENTENCE)
def test_a_portfolio_title_opens_only_where_the_sentence_wide_reading_allows(words):
    lex = lexicon()
    folds = [word_fold(w) for w in words]
    for i, may in enumerate(_may_open_portfolio(folds)):
        if not may:
            assert _portfolio_title(words, folds, i, lex) is None


def _alternation(words) -> str:
    """The description pattern's nouns as first written: one alternation, longest first."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_DESCRIPTION_WORDS = st.sampled_from(
    [
        "the",
        "his",
        "Laos'",
        "Lao",
        "two",
        "both",
        "newly",
        "appointed",
        "foreign",
        "minister",
        "Minister",
        "ministers",
        "MINISTERS",
        "of",
        "state",
        "deputy",
        "prime",
        "President",
        "counterpart",
        "leaders",
        "envoy",
        "top",
        "diplomat",
        "Norway",
        "-",
        ".",
        ",",
        "Ministerx",
        "affairs",
        "ambassador",
        "Foreign",
        "\n",
        "  ",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_DESCRIPTION_WORDS, max_size=12))
def test_descriptions_read_with_a_tree_of_nouns_are_those_the_alternation_finds(words):
    lex = lexicon()
    quick = discourse._description_pattern(lex)
    plain = re.compile(quick.pattern.replace(_tree_of_heads(lex), _alternation(_heads_of(lex))))
    assert plain.pattern != quick.pattern
    text = " ".join(words)
    found = [(m.span(), m.groupdict()) for m in quick.finditer(text)]
    assert found == [(m.span(), m.groupdict()) for m in plain.finditer(text)]


def _heads_of(lex) -> set[str]:
    rules = lex.discourse
    nouns = {n for r in discourse._references(rules) for n in r.nouns}
    nouns |= set(rules.counterpart_nouns.words)
    return nouns | set(lex.titles) | {w + "s" for w in nouns | set(lex.titles)}


def _tree_of_heads(lex) -> str:
    return discourse._longest_first(_heads_of(lex))


@given(st.lists(st.sampled_from(["minister", "minister of state", "ministers", "envoy"])))
def test_a_tree_of_words_matches_the_longest_word_a_non_word_character_follows(words):
    tree = re.compile(rf"(?i:{discourse._longest_first(set(words) or {'x'})})(?!\w)")
    plain = re.compile(rf"(?i:{_alternation(set(words) or {'x'})})(?!\w)")
    for text in ("Minister of  State,", "ministers", "minister of", "Ministerx envoy", "envoys"):
        for at in range(len(text)):
            quick, slow = tree.match(text, at), plain.match(text, at)
            assert (quick and quick.span()) == (slow and slow.span()), (text, at)


@given(st.text(alphabet='ab.!?Z)”"’“‘ 12Xy', max_size=14), st.integers(0, 14), st.integers(0, 14))
def test_a_glued_full_stop_is_found_where_the_pattern_looking_behind_first_finds_it(text, a, b):
    plain = re.compile(r"(?<=[a-z]{2}|[0-9]{2}|[a-z][)”\"’])[.!?](?=[“\"‘]?[A-Z][a-z])")
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    found = [m.span() for m in _GLUED_END.finditer(text, start, end)]
    assert found == [m.span() for m in plain.finditer(text, start, end)]


def _date_patterns_as_first_written() -> list[re.Pattern[str]]:
    """``dates.PATTERNS`` with ``\\b`` before the month or the day, as first written."""
    month, year = dates._MONTH, r"(?:,?\s+(?P<{0}>(?:19|20)\d{{2}}))?"
    span = r"\s*(?:-|–|—|to|and|until)\s*"
    m1, m2, y = month.format("m1"), month.format("m2"), year.format("y")
    day = r"(?P<d1>\d{1,2})"
    return [
        re.compile(p)
        for p in (
            rf"\b{m1}\s+{day}{span}(?P<d2>\d{{1,2}})\b{y}",
            rf"\b{day}{span}(?P<d2>\d{{1,2}})\s+{m1}\b{y}",
            rf"\b{m1}\s+{day}{span}{m2}\s+(?P<d2>\d{{1,2}})\b{y}",
            rf"\b{day}\s+{m1}{span}(?P<d2>\d{{1,2}})\s+{m2}\b{y}",
            rf"\b{m1}\s+{day}(?:st|nd|rd|th)?\b{y}",
            rf"\b{day}(?:st|nd|rd|th)?\s+(?:of\s+)?{m1}\b{y}",
        )
    ]


_DATE_WORDS = st.sampled_from(
    [
        *["May", "may", "Jan.", "January", "Sept.", "Sep", "aMay", "Dec", "December", "of"],
        *["th", "1", "12", "123", "2025", "x3", "_4", "é5", "3rd", "-", "–", "to", " ", ","],
        *["\n", "."],
    ]
)


@settings(max_examples=1000)
@given(st.lists(st.tuples(_DATE_WORDS, st.sampled_from(["", " "])), max_size=10))
def test_dates_found_with_the_boundary_looked_behind_are_those_found_before(words):
    text = "".join(w + gap for w, gap in words)
    for plain, quick in zip(_date_patterns_as_first_written(), dates.PATTERNS, strict=False):
        assert plain.pattern != quick.pattern
        found = [(m.span(), m.groupdict()) for m in quick.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in plain.finditer(text)]


@settings(max_examples=300)
@given(st.data())
def test_the_triggers_read_from_the_words_found_are_those_the_words_let_through(data):
    lex = lexicon()
    words = sorted(lex.sentence_cue_words)
    found = set(data.draw(st.lists(st.sampled_from(words), max_size=8)))
    plain = [
        (group, trigger, pattern)
        for group, triggers in lex.trigger_patterns.items()
        for trigger, pattern, needed in triggers
        if could_match_found(needed, found)
    ]
    assert meetings._triggers_with_words(lex, found) == plain


def test_a_pattern_opens_at_the_start_or_a_paren_only_when_every_branch_does():
    opens = meetings._opens_at_start_or_paren
    assert opens(lexicon().meetings.dateline_date.regex)
    for pattern in (r"(?:^|\))X", r"^X|\)Y", r"(?:^|\)\s*)"):
        assert opens(re.compile(pattern)), pattern
    for pattern in (r"(?:^|\)\s*)X|Y", r"(?m)(?:^|\))X", r"(?:^|\)|a)X", r"X", r"(^|\))X"):
        assert not opens(re.compile(pattern)), pattern


_DATELINE_PIECES = st.sampled_from(
    ["Quito", "MOSCOW", ", ", " ", "May 3", "7 October", ", 2025", " (", ")", "Wire", "--", "."]
)


@given(st.lists(_DATELINE_PIECES, max_size=12))
def test_a_dateline_is_found_where_the_search_of_its_pattern_finds_it(pieces):
    lex = lexicon()
    text = "".join(pieces)
    quick = meetings._dateline_in(text, lex)
    plain = lex.meetings.dateline_date.regex.search(text)
    assert (quick and (quick.span(), quick.groupdict())) == (
        plain and (plain.span(), plain.groupdict())
    )


def test_a_sentence_without_the_words_of_every_aside_cue_holds_no_aside():
    lex = lexicon()
    every = meetings._not_participant_words(lex)
    assert every is not None
    assert all(words is not None and words <= every for _, words in lex.not_participant)


def test_the_plural_forms_of_bodies_are_found_only_where_they_are_written():
    lex = lexicon()
    for form in lex.plurals.forms:
        assert organisations.whole_word(form).search(f"the {form.lower()} of") is None
        assert organisations.whole_word(form).search(f"the {form} of") is not None


def test_a_spelling_is_replaced_only_where_it_is_written_as_it_is():
    lex = lexicon()
    for written in lex.spellings.forms:
        pattern = rf"(?<!\w){re.escape(written)}(?!\w)"
        assert re.search(pattern, f"the {written.lower()} of") is None or written.islower()
        assert re.search(pattern, f"the {written} of") is not None


_PRONOUN_PIECES = st.sampled_from(
    [
        *["He", "he", "She", "his", "her", "His", "first", "meeting", "talks", "visit", "On"],
        *["Monday", ",", " ", "  ", "the", "minister", "met", "X", "Yes", "\n", "visits"],
    ]
)


@settings(max_examples=500)
@given(st.lists(_PRONOUN_PIECES, max_size=10), st.sampled_from([" ", ""]))
def test_a_cue_tried_at_the_start_first_finds_what_its_search_finds(pieces, gap):
    lex = lexicon()
    text = gap.join(pieces)
    for cue in (lex.discourse.pronoun_subject, lex.discourse.opening_phrase):
        quick = discourse._search_from_start(cue, text)
        plain = cue.regex.search(text)
        assert (quick and (quick.span(), quick.groups())) == (
            plain and (plain.span(), plain.groups())
        )


def test_words_a_match_off_the_start_needs():
    off_start = needles_off_start
    assert off_start(re.compile(r"^X")) == frozenset()
    assert off_start(re.compile(r"^X|abc")) == {"abc"}
    assert off_start(re.compile(r"abc|^d")) == {"abc"}
    assert off_start(re.compile(r"(?m)^X")) is None
    assert off_start(re.compile(r"^X|\w+")) is None
    assert off_start(re.compile(r"(^X)|b")) == {"x", "b"}  # a group is not read as anchored


@settings(max_examples=300)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8), st.integers(0, 5)), max_size=12),
    st.integers(0, 70),
    st.integers(0, 30),
)
def test_the_names_of_a_sentence_by_bisection_are_those_a_test_of_every_name_finds(
    spans, start, length
):
    reading = discourse.Discourse.__new__(discourse.Discourse)
    reading.names = sorted((s, s + n, key) for s, n, key in spans)
    reading._name_starts = [s for s, _, _ in reading.names]
    sentence = Sentence(start, start + length, "x" * length, 0)
    plain = [(s, e, k) for s, e, k in reading.names if sentence.start <= s < sentence.end]
    assert reading._names_in(sentence) == plain


_BODY_NAMES = [
    "Ministry of Foreign Affairs",
    "Foreign Ministries of Laos and Cuba",
    "the Lao and Cuban Embassies",
    "National Assembly",
    "Foreign Affairs Committee of the National Assembly",
    "Embassy of Laos in Hanoi",
    "Lao People's Revolutionary Party",
    "Central Committee of the LPRP",
    "ASEAN Secretariat",
    "Peru–Chile Joint Commission",
    "Azerbaijani Parliament",
    "Members of the Writers Association",
    "University of Science",
    "nothing at all",
]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_BODY_NAMES),
    st.sampled_from([{}, {"LPRP": "Lao People's Revolutionary Party"}]),
    st.sampled_from([None, "LA", "VN"]),
    st.sampled_from([None, "NA", "LPRP"]),
    st.sampled_from([None, "VN"]),
    st.integers(0, 50),
)
def test_a_remembered_canonical_name_is_the_one_found_afresh_with_its_rules(
    text, acronyms, country, abbreviation, place, start
):
    from communique.rules.usage import recording

    lex = lexicon()
    end = start + len(text)
    with recording() as fired_plain:
        plain = organisations._canonical_name(
            text, lex, acronyms, country, start, end, abbreviation, place
        )
    for at in (start + 7, start):  # found elsewhere first, then remembered
        with recording() as fired:
            quick = organisations.canonical_name(
                text, lex, acronyms, country, at, at + len(text), abbreviation, place=place
            )
        assert fired == fired_plain
    assert quick == plain


def test_common_words_are_wordfreqs_own_answer():
    """``is_common_word`` looks words of a-z up in the lexicon: the same answer as wordfreq
    for every such word of its English list, and for words written otherwise (asked of
    wordfreq itself)."""
    from communique.extract.lexicon import COMMON_ZIPF, is_common_word
    from wordfreq import get_frequency_dict, zipf_frequency

    def plain(token: str) -> bool:
        return zipf_frequency(token.lower(), "en") >= COMMON_ZIPF

    listed = [w for w in get_frequency_dict("en") if re.fullmatch("[a-z]+", w)]
    assert len(listed) > 100_000
    common = {w for w in listed if plain(w)}
    assert lexicon().common_words == common
    assert {"transport", "old", "minister"} <= common and "mammadov" not in common
    written = ["Transport", "OLD", "Old-Fashioned", "Café", "x2", "2024", "U.S.", "don't", ""]
    unlisted = ["Qzxv", "Thongsavanh", "ǅemal", "İstanbul", "Straße", "ﬁnance"]
    for token in written + unlisted + [w.title() for w in listed[::997]]:
        assert is_common_word(token) == plain(token), token


def test_building_the_lexicon_leaves_no_word_list_loaded():
    """Only the common words are kept: wordfreq's list and dict (36 MB) would otherwise stay
    in the process that built the lexicon, and in every worker forked from it."""
    import wordfreq
    from communique.extract.lexicon import build_lexicon

    assert "minister" in build_lexicon().common_words
    assert wordfreq.get_frequency_dict.cache_info().currsize == 0
    assert wordfreq.get_frequency_list.cache_info().currsize == 0
