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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from communique import rules
from communique.extract.dates import MONTHS, WEEKDAYS
from communique.extract.lexicon import (
    HONORIFIC_WORDS,
    TITLE_WORDS,
    Lexicon,
    Phrases,
    fold,
    is_common_word,
    word_fold,
)
from communique.memos import memo
from communique.rules.models import TitleRule

_TOKEN = re.compile(r"H\.\s?E\.|(?:[A-Z]\.){2,}|\w+(?:[’'\-.]\w+)*[’']?|[^\w\s]")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_PAREN_NOTE = re.compile(r"\(\s*([A-Z][\w.\-]*(?:\s[A-Z][\w.\-]*){0,3})\s*\)")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.\-]*[A-Z]s?")
_POSSESSIVE_END = re.compile(r"['’]s?$")
V = TypeVar("V")


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
    if not hidden and not quoted:  # most sentences: every token as the pattern finds it
        return [
            (match.group(), offset + match.start(), offset + match.end())
            for match in _TOKEN.finditer(text)
        ], notes
    tokens = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if hidden and any(s <= start < e for s, e in hidden):
            continue
        word = match.group()
        if quoted and any(s < start < e for s, e in quoted):
            word = "\u2026"  # titles of events and documents in quotes name nobody
        tokens.append((word, offset + start, offset + end))
    return tokens, notes


def _phrase_at(
    words: list[str], folds: list[str | None], i: int, phrases: Phrases[V], longest: int
) -> tuple[int, V] | None:
    """The longest known phrase starting at word i, as (length, value).

    ``folds`` are the words' ``word_fold``s: phrases are read word by word over them, and
    reading stops where no phrase goes on (``Phrases.leads``), instead of folding every run
    of up to ``longest`` words at every word."""
    first = folds[i]
    if first is not None and first not in phrases.leads:
        return None  # no phrase starts with this word: the case of most words
    end = min(i + longest, len(words))
    if None in folds[i:end]:
        return _phrase_at_folding(words, i, phrases, longest)
    known: list[tuple[int, str]] = []
    key = ""
    for n in range(1, end - i + 1):
        key = f"{key} {folds[i + n - 1]}" if key else str(folds[i])
        if key not in phrases.leads:
            break
        if key in phrases:
            known.append((n, key))
    for n, key in reversed(known):
        if _case_fits(phrases[key], words[i : i + n]):
            return n, phrases[key]
    return None


def _phrase_at_folding(
    words: list[str], i: int, phrases: Mapping[str, V], longest: int
) -> tuple[int, V] | None:
    """``_phrase_at`` folding each run of words itself: for runs with a word whose fold
    does not join (see ``word_fold``), and the plain form the fast path must equal."""
    for n in range(min(longest, len(words) - i), 0, -1):
        key = fold(" ".join(words[i : i + n]))
        if key in phrases and _case_fits(phrases[key], words[i : i + n]):
            return n, phrases[key]
    return None


@cache
def _lower_case_after() -> frozenset[str]:
    return frozenset(fold(w) for w in rules.titles().lower_case_after.words)


@cache
def _portfolios() -> frozenset[str]:
    return frozenset(fold(w) for w in rules.titles().portfolios.words)


def _portfolio_title(
    words: list[str], folds: list[str | None], i: int, lex: Lexicon
) -> tuple[int, TitleRule] | None:
    """``Finance Minister``, ``Deputy Trade Minister``: a minister's title with the field of
    the ministry before it, as (length, title rule with its portfolio)."""
    ends = folds[i + 1 : i + 5]
    if "minister" not in ends and None not in ends:
        return None  # no "minister" where the title would end
    for prefix in (2, 1, 0):
        for field in (2, 1):
            end = i + prefix + field
            if end >= len(words) or (folds[end] or fold(words[end])) != "minister":
                continue
            written = words[i + prefix : end]
            if fold(" ".join(written)) not in _portfolios() or not written[0][:1].isupper():
                continue
            rule = lex.titles.get(fold(" ".join([*words[i : i + prefix], "minister"])))
            if rule is None or rule.body != "ministry":
                continue
            rules.titles().portfolios.fired()
            return end + 1 - i, rule.model_copy(update={"portfolio": " ".join(written)})
    return None


def _may_open(folds: list[str | None], phrases: Phrases[V]) -> list[bool]:
    """For each word, whether ``_phrase_at`` may find a phrase opening with it: a word whose
    fold no phrase opens with (``Phrases.leads``) opens none."""
    leads = phrases.leads
    return [f is None or f in leads for f in folds]


def _may_hold_minister(folds: list[str | None]) -> bool:
    """Whether ``_portfolio_title`` may find a title anywhere in the sentence: its first
    test, for all the words at once (a "minister", or a word that folds apart)."""
    return "minister" in folds or None in folds


def _may_open_portfolio(folds: list[str | None]) -> list[bool]:
    """For each word, whether ``_portfolio_title`` may find a title opening with it: its
    first test, read once for the sentence (a "minister", or a word that folds apart,
    among the next four words)."""
    ends = [f is None or f == "minister" for f in folds]
    return [True in ends[i + 1 : i + 5] for i in range(len(folds))]


def _may_hold_possessive(folds: list[str | None]) -> bool:
    """Whether ``_possessive_country`` may find a country anywhere in the sentence: its
    first test, for all the words at once (a word in the possessive, or one that folds
    apart)."""
    return None in folds or any(f.endswith("'s") for f in folds if f is not None)


_new_object = object.__new__


def _segment(label: str, start: int, end: int, text: str, value: object = None) -> Segment:
    """``Segment(label, start, end, text, value)``, made without the frozen dataclass's
    ``__init__`` (one ``object.__setattr__`` per field), since the labeller makes one for
    every word of every sentence."""
    segment = _new_object(Segment)
    segment.__dict__.update(label=label, start=start, end=end, text=text, value=value)
    return segment


def _case_fits(rule: object, words: list[str]) -> bool:
    """A word a rule writes in capitals ("PM", "HE") matches only a word in capitals."""
    phrase = getattr(rule, "phrase", None) or getattr(rule, "word", None)
    if not isinstance(phrase, str):
        return True
    written = phrase.split()
    if len(written) != len(words):
        return True
    return all(
        not (_is_capitals(w) and len(w.rstrip(".")) >= 2) or word.rstrip(".") == w.rstrip(".")
        for w, word in zip(written, words, strict=True)
    )


#: Glottal stops written before a capital in Polynesian names ("ʻAisake", "ʻUlukalala").
_OKINA = "ʻ‘"


def _is_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def label(text: str, offset: int, lex: Lexicon) -> Labelled:
    """Label every word of a sentence (``text`` starts at ``offset`` in the article)."""
    tokens, notes = _tokens(text, offset)
    words = [t[0] for t in tokens]
    # each word folded once for all the phrases read from it (honorifics without their
    # full stop)
    folds = [word_fold(w) for w in words]
    # Which words may open a title, read once for the sentence: a phrase is only read
    # (``_phrase_at``) from a word that may open one, and most words open none. The other
    # kinds of phrase open with a capital, and are asked of those words only.
    title_at = _may_open(folds, lex.titles)
    portfolio_at = _may_open_portfolio(folds) if _may_hold_minister(folds) else [False] * len(folds)
    any_possessive = _may_hold_possessive(folds)
    honorific_leads = lex.honorifics.leads
    named_leads = lex.named_by_key.leads
    country_leads = lex.country_names.leads
    multi_head_leads = lex.multi_heads.leads
    connectors = lex.connectors
    # the words without their full stop, folded (honorifics: "Rt. Hon."), made for the
    # first sentence word that may open an honorific
    bare: list[str] = []
    bare_folds: list[str | None] = []
    segments: list[Segment] = []

    def emit(i: int, n: int, lab: str, value: object = None) -> None:
        text = words[i] if n == 1 else " ".join(words[i : i + n])
        segments.append(_segment(lab, tokens[i][1], tokens[i + n - 1][2], text, value))

    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        joined = folds[i]  # the word's fold, when it joins (``word_fold``)
        folded = fold(word) if joined is None else joined
        capital = word[0].isupper()
        if not (capital or title_at[i] or portfolio_at[i] or word[0] in _OKINA):
            # most words: in lower case and opening no title, so neither an honorific, a
            # month, a name nor a body's word (all of which ask for a capital)
            segments.append(_segment("K" if folded in connectors else "X", start, end, word))
            i += 1
            continue
        stripped = folded.rstrip(".")
        found = (_portfolio_title(words, folds, i, lex) if portfolio_at[i] else None) or (
            _phrase_at(words, folds, i, lex.titles, TITLE_WORDS) if title_at[i] else None
        )
        if found and (capital or i == 0 or _lower_title_fits(words, segments, i, found[0])):
            n, rule = found
            rule.fired()
            emit(i, n, "T", rule)
            i += n
            continue
        honor = None
        if capital:  # an honorific is one only with a capital
            # a word without a full stop at its end is its own bare form, already folded
            bare_fold = word_fold(word.rstrip(".")) if word.endswith(".") else joined
            if bare_fold is None or bare_fold in honorific_leads:
                if not bare:
                    bare = [w.rstrip(".") for w in words]
                    bare_folds = [
                        word_fold(b) if w.endswith(".") else f
                        for w, b, f in zip(words, bare, folds, strict=True)
                    ]
                honor = _phrase_at(bare, bare_folds, i, lex.honorifics, HONORIFIC_WORDS)
        if honor:
            honor[1].fired()
            n = honor[0]
            if (
                i + n < len(tokens)
                and words[i + n] == "."
                and tokens[i + n][1] == tokens[i + n - 1][2]
            ):
                n += 1  # "Rt. Hon.": the full stop of the last word of a long honorific
            emit(i, n, "H")
            i += n
            continue
        if word[0].isupper() and (
            (stripped in MONTHS and len(stripped) > 3)
            or folded in WEEKDAYS
            or folded in lex.event_words
        ):
            emit(i, 1, "X")
            i += 1
            continue
        if word[0].isupper() or (word[0] in _OKINA and word[1:2].isupper()):
            may_name = joined is None or joined in named_leads
            org = _phrase_at(words, folds, i, lex.named_by_key, 4) if may_name else None
            if org:
                org[1].fired()
                emit(i, org[0], "O", org[1])
                i += org[0]
                continue
            may_be_country = joined is None or joined in country_leads
            country = _phrase_at(words, folds, i, lex.country_names, 6) if may_be_country else None
            possessive = folded.endswith(("'s", "’s"))
            if possessive and lex.country_of_name(word[:-2]):
                emit(i, 1, "A", lex.country_of_name(word[:-2]))
                i += 1
                continue
            owner = _possessive_country(words, folds, i, lex) if any_possessive else None
            if owner:  # "Costa Rica's", "Việt Nam’s"
                emit(i, owner[0], "A", owner[1])
                i += owner[0]
                continue
            if country and not (country[0] == 1 and possessive):
                n, code = country
                # "Azerbaijan" in "New Azerbaijan Party" is still a country word here.
                emit(i, n, "C", code)
                i += n
                continue
            adjective = lex.country_of_adjective(word)
            if adjective:
                emit(i, 1, "A", adjective)
                i += 1
                continue
            may_head = joined is None or joined in multi_head_leads
            multi = _phrase_at(words, folds, i, lex.multi_heads, 4) if may_head else None
            if multi:
                multi[1].fired()
                emit(i, multi[0], "HEAD", multi[1].kind)
                i += multi[0]
                continue
            head = lex.single_heads.get(word.removesuffix("’s").removesuffix("'s"))
            if head:
                head.fired()
                emit(i, 1, "HEAD", head.kind)
                i += 1
                continue
            if "-" in word and all(part[:1].isupper() for part in word.split("-")):
                # "Non-Aligned", "Azerbaijan-Laos", "Inter-Parliamentary" are no names;
                # "Mensah-Bonsu", "Al-Otaibi" (every part name-like) are
                emit(i, 1, "N" if _hyphenated_name(word, lex) else "W")
                i += 1
                continue
            if _ACRONYM.fullmatch(word) and word not in lex.not_acronyms:
                emit(i, 1, "ACR")
                i += 1
                continue
            if i > 0 and words[i - 1] in ("in", "to", "at", "from") and (city := lex.city(word)):
                emit(i, 1, "P", city[1])
            elif _is_name_like(word, lex):
                emit(i, 1, "N")
            else:
                emit(i, 1, "W")
            i += 1
            continue
        if folded in connectors:
            emit(i, 1, "K")
        else:
            emit(i, 1, "X")
        i += 1
    # a name-like word before a parenthesised acronym ends a body's name: "… of
    # Prosecutors (IAP)"
    for n, seg in enumerate(segments):
        note = notes.get(seg.end)
        if seg.label == "N" and note and _ACRONYM.fullmatch(note) and len(note) >= 2:
            segments[n] = Segment("W", seg.start, seg.end, seg.text)
    if not _title_case(segments):
        _given_names(segments, lex)
    _body_after_the(segments, lex)
    # name-like words right before a head word are part of the body's name ("… Office",
    # "Nelson Mandela Foundation", "Gumilyov Eurasian National University")
    for n in range(len(segments) - 1, 0, -1):
        if segments[n].label != "HEAD":
            continue
        m = n - 1
        while (
            m >= 0
            and segments[m].label == "W"
            and _touches(segments, m)
            and (segments[m].text[:1].isupper() and fold(segments[m].text) not in lex.connectors)
        ):
            m -= 1
        while m >= 0 and segments[m].label == "N" and _touches(segments, m):
            seg = segments[m]
            segments[m] = Segment("W", seg.start, seg.end, seg.text)
            m -= 1
    return Labelled(tuple(segments), notes)


def _possessive_country(
    words: list[str], folds: list[str | None], i: int, lex: Lexicon
) -> tuple[int, str] | None:
    """A country name of several words in the possessive, as (words, ISO code)."""
    window = folds[i : i + 6]
    if None not in window and not any(f and f.endswith("'s") for f in window[1:]):
        return None  # no run of words from here ends in "'s": the case of most words
    for n in range(min(6, len(words) - i), 1, -1):
        run = folds[i : i + n]
        if None in run:
            key = fold(" ".join(words[i : i + n]))
        elif str(run[-1]).endswith("'s"):
            key = " ".join(str(f) for f in run)
        else:
            continue  # its last word's fold ends the phrase's
        if key.endswith("'s") and key[:-2] in lex.country_names:
            return n, lex.country_names[key[:-2]]
    return None


def _title_case(segments: Sequence[Segment]) -> bool:
    """A sentence written in title case ("Lao Party Delegation Visits Various Places"),
    where a capital letter is no evidence of a name."""
    upper = 0
    for seg in segments[1:]:  # one pass, ended by the first long word in lower case
        first = seg.text[:1]
        if first.islower():
            if len(seg.text) >= 4:
                return False
        elif first.isupper():
            upper += 1
    return upper >= 3


def _given_names(segments: list[Segment], lex: Lexicon) -> None:
    """An everyday word written with a capital between a capitalised word and a name-like
    one is a given name ("Minister of Finance Gift Musonda", "Parliament Grace Wambui")."""
    for m in range(len(segments) - 2, 0, -1):
        seg = segments[m]
        if (
            seg.label == "W"
            and segments[m + 1].label == "N"
            and _touches(segments, m)
            and segments[m - 1].label in ("T", "H", "HEAD", "O", "ACR", "A", "C", "W")
            and segments[m - 1].text[:1].isupper()
            and is_given_name_shape(seg.text, lex)
            and (_after_title(segments, m) or len(seg.text) <= 3)
        ):
            segments[m] = Segment("N", seg.start, seg.end, seg.text)


def _after_title(segments: list[Segment], m: int) -> bool:
    """Whether a title or honorific opens the phrase that segment m continues."""
    k = m - 1
    # a name-like word may be part of the title's complement ("Cabinet Secretary for
    # Foreign and Diaspora Affairs Daniel …")
    while k >= 0 and segments[k].label in ("T", "H", "K", "C", "A", "W", "HEAD", "O", "ACR", "N"):
        if segments[k].label in ("T", "H"):
            return True
        if segments[k].label == "N" and not _touches(segments, k):
            return False
        k -= 1
    return False


def is_given_name_shape(word: str, lex: Lexicon) -> bool:
    """A capitalised word that may be a name though it is an everyday word ("Gift", "Song",
    "An"): not a word that never names, not a verb form, not possessive, no hyphen."""
    folded = fold(word)
    if not word[:1].isupper() or "-" in word or "." in folded or folded.endswith("'s"):
        return False
    if folded in NEVER_INSIDE or (folded in lex.never_names and len(folded) > 3):
        return False
    if is_common_word(folded) and folded.endswith(_NOUN_ENDINGS):
        return False  # "Representatives", "Integration": the end of a body's name
    return not _is_verb_form(folded)


#: Endings of everyday nouns (plurals, abstract nouns) that no given name has.
_NOUN_ENDINGS = ("tion", "tions", "ment", "ments", "ives", "ities", "ity", "ship", "ships", "ism")


#: Capitalised words never inside a personal name, however short.
NEVER_INSIDE = frozenset(
    {
        "the",
        "of",
        "and",
        "on",
        "in",
        "at",
        "for",
        "with",
        "by",
        "from",
        "a",
        "mr",
        "ms",
        "dr",
        "mrs",
        "his",
        "her",
        "its",
        "she",
        "new",
        "our",
        "but",
        "not",
        "all",
        "has",
        "had",
        "was",
        "are",
        "who",
        "per",
        "via",
        "as",
        "or",
        "if",
        "so",
        "we",
        "it",
        "my",
        "no",
        "i",
        "ex",
    }
)


def _body_after_the(segments: list[Segment], lex: Lexicon) -> None:
    """``the Propaganda and Training Commission``: after "the", name-like words that lead
    to a head word through capitalised words and "and"/"of" are the body's name."""
    if not any(seg.label == "HEAD" for seg in segments):
        return  # no head word to lead to: the case of most sentences
    for t, seg in enumerate(segments):
        if fold(seg.text) != "the":
            continue
        end = t + 1
        while (
            end < len(segments)
            and end - t <= 8
            and (
                segments[end].label in ("N", "W", "A", "C")
                or (
                    segments[end].label == "K"
                    and fold(segments[end].text) in ("and", "of", "for", "on")
                )
            )
        ):
            end += 1
        if end >= len(segments) or segments[end].label != "HEAD" or end == t + 1:
            continue
        if segments[end - 1].label == "K":
            continue
        for m in range(t + 1, end):
            if segments[m].label == "N":
                old = segments[m]
                segments[m] = Segment("W", old.start, old.end, old.text)


def _touches(segments: list[Segment], m: int) -> bool:
    """Whether segment m is followed by the next one with at most a space between."""
    return m + 1 < len(segments) and segments[m + 1].start - segments[m].end <= 1


def _lower_title_fits(words: list[str], segments: list[Segment], i: int, n: int) -> bool:
    """A title in lower case is a title after a comma, "and" or "the" (then only when a
    complement with "of" follows), or right after a body or a nationality ("Politburo
    member", "Lao ambassador")."""
    before = words[i - 1]
    if before in (",", "and", "as"):
        return True
    if fold(before) in _lower_case_after():
        return True
    if fold(before) == "the":
        return i + n < len(words) and words[i + n] == "of"
    return bool(segments) and segments[-1].label in ("HEAD", "O", "ACR", "A", "C")


@memo(maxsize=1 << 16)
def _is_name_like(word: str, lex: Lexicon) -> bool:
    """Whether a capitalised word may be part of a personal name. Cached: a function of
    the word alone (and the lexicon), asked for most capitalised words of every sentence."""
    folded = fold(word)
    if _is_capitals(word) and len(word) >= 2:
        return False  # "HÀ NỘI", "NDO": a place, a credit or an acronym, not a name
    if folded in lex.never_names or folded.rstrip(".") in MONTHS or folded in WEEKDAYS:
        return False
    if _is_verb_form(folded):
        return False
    if any(ch.isdigit() for ch in word) or "." in word.rstrip("."):
        return False
    if lex.city(word) and is_common_word(word):
        return False
    if len(folded) >= 7 and folded.endswith(("tion", "tions", "ments", "ities")):
        return False  # "Integration", "Investments": abstract nouns name no one
    base = _POSSESSIVE_END.sub("", word)  # "Laos’s", "Peoples'": the word without it
    return not is_common_word(base) or len(word) <= 3


def _hyphenated_name(word: str, lex: Lexicon) -> bool:
    """A hyphenated word every part of which is name-like and none a country's name or
    adjective: a double surname ("Mensah-Bonsu") or one with its article ("Al-Otaibi")."""
    parts = word.removesuffix("’s").removesuffix("'s").split("-")
    return len(parts) >= 2 and all(
        part
        and _is_name_like(part, lex)
        and not _is_capitals(part)
        and fold(part) not in lex.country_names
        and not lex.country_of_adjective(part)
        for part in parts
    )


def _is_verb_form(folded: str) -> bool:
    """An English -ing or -ed form of an everyday verb ("Praising", "Accompanied"), which
    opens a sentence and is no name ("Jinping" is no verb's)."""
    for suffix in ("ing", "ed"):
        if len(folded) > len(suffix) + 3 and folded.endswith(suffix):
            stem = folded[: -len(suffix)]
            stems = {stem, stem + "e"}
            if len(stem) > 2 and stem[-1] == stem[-2]:
                stems.add(stem[:-1])
            if stem.endswith("i"):
                stems.add(stem[:-1] + "y")
            if any(is_common_word(s) for s in stems if len(s) > 2):
                return True
    return False
