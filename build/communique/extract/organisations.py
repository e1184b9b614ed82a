"""Recognise organisation names in a labelled sentence and give each its canonical form.

Canonical names follow the data model: state bodies carry their country as ``of <Country>``
(``Lao National Assembly`` -> ``National Assembly of Laos``), the foreign ministry is always
``Ministry of Foreign Affairs of <Country>``, embassies are ``Embassy of <Sender> in <Host>``,
and plural forms name one body per country (``the Ministries of Foreign Affairs of Azerbaijan
and Laos`` -> two). Parents come from ``X of Y`` when Y is itself a body, and from
possessives (``the Senate's Committee on X`` is ``Committee on X of the Senate``).

A body named without its country (``the National Assembly``, ``the Party``, ``the Foreign
Ministry``) takes the country of its context: the dateline's here, and the article's
collector (``extract/article.py``) settles it again with the person whose post it is or a
fuller name of the same body in the article; with no country at all it is no organisation.
``the Party`` is the ruling party of that country (``organisations.yaml: ruling_parties``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from communique.extract.lexicon import Lexicon, fold, is_common_word, whole_word
from communique.extract.prefilter import Words, could_match, needles
from communique.extract.segments import Labelled, Segment
from communique.memos import forgettable, memo
from communique.rules import usage
from communique.rules.models import LowerCaseBody, NamedBody, RulingParty

STATE_KINDS = frozenset(
    {"ministry", "legislature", "diplomatic_mission", "government", "judiciary"}
)
CENTRAL_COMMITTEE = "Central Committee"
_ABBREVIATION = re.compile(r"[A-Z][A-Za-z.&\-]*[A-Z]")
_POSSESSIVE_ACRONYM = re.compile(r"([A-Z][A-Z0-9&.\-]*[A-Z])['’]s")
_SPACES = re.compile(r"\s+")
_WORD_BREAK = re.compile(r"[\s\-–—]+")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_DASHES = frozenset({"-", "–", "—"})
#: the labels of segments one of which every run naming a body holds (a head word, a named
#: body, an acronym)
_BODY_LABELS = frozenset({"HEAD", "O", "ACR"})
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)$")
_POSSESSIVE = re.compile(r"[\w.]['’](?:s)?$")  # "Ministry's", "Affairs'"
# "Members of the X Association": the body is X
_SOME_OF = re.compile(r"^([^ ]+(?: [^ ]+)?) of (?:the )?(.+)$")
_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_LIST_OF_COUNTRIES = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_IN_PLACE = re.compile(r"\s+in\s+(?:the\s+)?(.+)$")
# "Central Committee, Coastal Party" (from "the C.C., Coastal Party"): the committee of it
_CC_COMMA = re.compile(rf"\b{CENTRAL_COMMITTEE} ?, (?:the )?")
_CC_PARTY = re.compile(r"(?<!\w)C\.C\.?\s*,?\s+(?:the\s+)?(?=[A-Z])")
# events whose name opens with a body's head word ("the 39th General Assembly of the X")
_EVENT_HEADS = frozenset({"Assembly", "Congress", "Conference", "Session", "Meeting", "Summit"})
_COUNTRY_PREPOSITIONS = frozenset({"on", "for"})


@dataclass(frozen=True)
class OrgPhrase:
    """An organisation as found: its canonical name, kind, country and where it was."""

    name: str
    kind: str
    country: str | None
    start: int
    end: int
    abbreviation: str | None = None
    parent: OrgPhrase | None = None
    #: the name without what its context gave it (``National Assembly``, ``Organisation
    #: Commission``), to name it again once the context is settled
    base: str | None = None
    #: ``"country"``: the text leaves the body's country (or party) to its context, which
    #: gave ``country`` (the dateline's) or nothing yet, and then it is no organisation;
    #: ``"owner"``: a sub-body named without the body it belongs to; None: named in full
    implicit: str | None = None
    #: the words as written (normalised), to read again with another country in context
    text: str | None = None


def _has_head(segments: list[Segment]) -> bool:
    return any(s.label in ("HEAD", "O") for s in segments)


def _acronym(text: str) -> str:
    """An acronym without a possessive ending (``LPRP’s`` -> ``LPRP``)."""
    return text.removesuffix("’s").removesuffix("'s")


def phrase_spans(
    labelled: Labelled, lex: Lexicon, known_acronyms: dict[str, str]
) -> list[list[Segment]]:
    """Maximal runs of segments that name one organisation each."""
    if not _may_name_a_body(labelled.segments):
        return []  # most sentences: no run can hold a head word, named body or acronym
    segs = _prepared(list(labelled.segments), lex)
    runs: list[list[Segment]] = []
    current: list[Segment] = []
    first = [0]  # index in segs of the run's first segment
    notes_at = set(labelled.notes)

    def close() -> None:
        if not current:
            return  # called at every word that joins no run: most have none open
        if not any(s.label in _BODY_LABELS for s in current):
            # Trimming only drops segments, and a run names a body only with one of these:
            # most runs (capitalised words, names) are let go without being trimmed.
            current.clear()
            return
        run = _trimmed(current[:], segs, first[0], lex)
        current.clear()
        if not run:
            return
        run = _without_ordinal_event(run, segs[first[0] - 1] if first[0] else None, lex)
        if not run:
            return
        generic = (
            len(run) == 1
            and run[0].label == "HEAD"
            and " " not in run[0].text
            and _acronym(run[0].text) not in lex.alone
        ) or fold(" ".join(s.text for s in run)) in lex.generic_bodies
        if generic:
            return
        if (
            _has_head(run)
            or _is_known_acronym(run, known_acronyms, lex)
            or _is_body_acronym(run, lex)
        ):
            for piece in _split_coordination(run, notes_at):
                piece = _without_name_after(piece, lex)
                if piece and _names_a_body(piece, segs, lex):
                    runs.append(piece)

    for n, seg in enumerate(segs):
        joins = seg.label in ("A", "C", "W", "ACR", "HEAD", "O", "K", "N") or (
            seg.label == "P" and current and fold(current[-1].text) == "in"
        )
        if seg.label == "W" and seg.text in lex.headline_verbs:
            joins = False  # "… Party Delegation Visits Various Places"
        if not joins:
            close()
            continue
        if seg.label == "K" and seg.value != "list":
            word = fold(seg.text)
            if not current or word not in lex.run_connectors:
                close()
                continue
            # "the Government of Laos on visa exemption": a country ends the name
            if current[-1].label == "C" and word in _COUNTRY_PREPOSITIONS:
                close()
                continue
        if not current:
            first[0] = n
        current.append(seg)
        if seg.end in notes_at and not (
            n + 2 < len(segs)
            and fold(segs[n + 1].text) == "central"
            and fold(segs[n + 2].text).startswith("committee")
        ):
            close()  # a note ends the name, unless "(CPC) Central Committee" follows
    close()
    return runs


def _may_name_a_body(segments: Sequence[Segment]) -> bool:
    """Whether ``phrase_spans`` may find a run in a sentence: a run names a body only
    with a segment of ``_BODY_LABELS``, and ``_prepared`` makes one only of a possessive
    acronym (``LPRP’s``) or a party's ``C.C.``; a sentence with neither has no run."""
    for seg in segments:
        if seg.label in _BODY_LABELS:
            return True
        text = seg.text
        if seg.label in ("W", "N") and _POSSESSIVE_ACRONYM.fullmatch(text):
            return True
        # only a word with a full stop, or one that folds to other characters, may fold
        # to "c.c"
        if ("." in text or not text.isascii()) and fold(text) in ("c.c", "c.c."):
            return True
    return False


def _prepared(segs: list[Segment], lex: Lexicon) -> list[Segment]:
    """The sentence's segments as names of bodies read them: possessive acronyms, the
    ``C.C.`` of a party, two countries joined by a dash, a title inside a body's name and
    a list of words inside one (``Commission on Economic, Trade and Technical Cooperation``)
    become words of the name."""
    out: list[Segment] = []
    i = 0
    while i < len(segs):
        seg = segs[i]
        nxt = segs[i + 1] if i + 1 < len(segs) else None
        possessive = seg.label in ("W", "N") and _POSSESSIVE_ACRONYM.fullmatch(seg.text)
        if possessive and possessive.group(1) not in lex.not_acronyms:
            out.append(Segment("ACR", seg.start, seg.end, seg.text))  # "the LPRP’s"
            i += 1
            continue
        if fold(seg.text) in ("c.c", "c.c."):  # "the C.C., WPK": its Central Committee
            end = seg.end
            if nxt is not None and nxt.text == "." and nxt.start == seg.end:
                end = nxt.end
                i += 1
            out.append(Segment("HEAD", seg.start, end, "C.C.", "political_party"))
            i += 1
            if (
                i + 1 < len(segs)
                and segs[i].text == ","
                and segs[i + 1].label in ("ACR", "A", "C", "W", "HEAD", "N")
            ):
                out.append(Segment("K", segs[i].start, segs[i].end, ",", "list"))
                i += 1
            continue
        if (
            seg.label in ("C", "A")
            and nxt is not None
            and nxt.text in _DASHES
            and i + 3 < len(segs)
            and segs[i + 2].label in ("C", "A")
            and segs[i + 2].value != seg.value
            and segs[i + 3].label in ("W", "HEAD")
        ):
            other = segs[i + 2]  # "the Peru – Chile Joint Border Commission"
            out.append(Segment("W", seg.start, other.end, f"{seg.text}–{other.text}"))
            i += 3
            continue
        if (
            seg.label == "T"
            and out
            and out[-1].label in ("ACR", "HEAD", "O", "A", "C")
            and nxt is not None
            and nxt.label in ("W", "HEAD")
            and any(word.fullmatch(nxt.text) for word in lex.international_words)
        ):
            out.append(Segment("W", seg.start, seg.end, seg.text))  # "the OIC Member States"
            i += 1
            continue
        if seg.label == "T" and _title_in_name(segs, i):
            out.append(Segment("W", seg.start, seg.end, seg.text))  # "Prosecutor General's Office"
            i += 1
            continue
        if seg.text == "," and out and out[-1].label == "W" and _list_in_name(out, segs, i + 1):
            out.append(Segment("K", seg.start, seg.end, ",", "list"))
            i += 1
            continue
        stretch = _lower_case_in_name(out, segs, i, lex) if seg.label == "X" else []
        if stretch:
            out.extend(stretch)  # "the Working Group for Arctic coastal areas of Norway"
            i += len(stretch)
            continue
        out.append(seg)
        i += 1
    return out


def _is_lower(seg: Segment) -> bool:
    return seg.label in ("X", "K") and seg.text.isalpha() and seg.text[0].islower()


def _lower_case_in_name(
    out: list[Segment], segs: list[Segment], i: int, lex: Lexicon
) -> list[Segment]:
    """Lower-case words that continue a body's name (``the Association of Lao graduates
    from the former Soviet Union``): after ``<Head> of/for/on <Capitalised>``, up to the next
    punctuation, ending in a capitalised word or a plural noun, with no stop word nor a
    word in -ed or -ly. The segments, lower-case words as words of the name; else none."""
    if not (i < len(segs) and segs[i].label == "X" and _is_lower(segs[i])):
        return []
    k = len(out) - 1
    while k >= 0 and out[k].label in ("A", "C", "W", "N"):
        k -= 1
    if not (
        k >= 1
        and k < len(out) - 1
        and out[k].label == "K"
        and fold(out[k].text) in ("of", "for", "on")
        and out[k - 1].label == "HEAD"
    ):
        return []
    j = i
    closed = None  # after a capitalised word that follows "of"/"from": the name may end there
    preposition = False
    while j < len(segs) and j - i < 10:
        seg = segs[j]
        word = fold(seg.text)
        if _is_lower(seg) and (
            word in lex.lower_case_stops or word.endswith(("ed", "ly")) or len(word) < 2
        ):
            break
        if seg.label in ("A", "C", "W", "N", "HEAD", "O") or _is_lower(seg):
            if word in ("of", "from", "in", "for") and j > i:
                preposition = True
            elif preposition and not _is_lower(seg):
                closed = j + 1
            j += 1
            continue
        break
    if j == i:
        return []
    last = segs[j - 1]
    at_punctuation = j < len(segs) and segs[j].text in (",", ".", ";", ":", ")")
    plural = _is_lower(last) and last.text.endswith("s") and not last.text.endswith("ss")
    if at_punctuation and preposition and (plural or not _is_lower(last)):
        pass  # "… graduates from Azerbaijani universities,"
    elif closed is not None:
        j = closed  # "… coastal areas of Norway said …"
    else:
        return []
    return [
        (
            Segment("K", s.start, s.end, s.text, "list")
            if fold(s.text) in lex.function_words or fold(s.text) in lex.run_connectors
            else Segment("W", s.start, s.end, s.text, "lower")
        )
        if _is_lower(s)
        else s
        for s in segs[i:j]
    ]


def _title_in_name(segs: list[Segment], i: int) -> bool:
    """``Prosecutor General's Office``: a title whose last word is possessive, then a head."""
    j = i
    while j < len(segs) and j - i < 3 and not segs[j].text.endswith(("'s", "’s")):
        if j > i and segs[j].label not in ("W", "N"):
            return False
        j += 1
    return (
        j + 1 < len(segs)
        and segs[j].text.endswith(("'s", "’s"))
        and segs[j + 1].label == "HEAD"
        and segs[j + 1].start - segs[j].end <= 1
    )


def _list_in_name(out: list[Segment], segs: list[Segment], j: int) -> bool:
    """A comma inside a body's name: ``<Head> on/of/for A, B and C`` with capitalised words."""
    # before: words back to a connector after a head word
    k = len(out) - 1
    seen_connector = False
    while k >= 0 and out[k].label in ("W", "K"):
        if out[k].label == "K" and fold(out[k].text) in ("of", "on", "for"):
            seen_connector = True
        k -= 1
    if not (seen_connector and k >= 0 and out[k].label == "HEAD"):
        return False
    # after: words separated by commas and one "and", up to the last word
    words = 0
    while j < len(segs) and (segs[j].label == "W" or segs[j].text == ","):
        words += segs[j].label == "W"
        j += 1
    return (
        words > 0
        and j + 1 < len(segs)
        and fold(segs[j].text) == "and"
        and segs[j + 1].label in ("W", "HEAD")
    )


_ORDINAL = re.compile(
    r"(?i)^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth)$"
)
_EVENT_OWNER_WORDS = frozenset({"national", "party", "the"})


def _without_ordinal_event(
    run: list[Segment], before: Segment | None, lex: Lexicon
) -> list[Segment]:
    """A run that names an event after an ordinal ("the 13th National Party Congress", "the
    Fifth Plenum") without the event: the body it is of, if it names one of its own."""
    # the event word ends the name, or only a place follows it ("… Congress in Hanoi")
    end = next(
        (
            n
            for n, s in enumerate(run)
            if s.text in lex.ordinal_events
            and (n + 1 == len(run) or (fold(run[n + 1].text) == "in" and n + 2 < len(run)))
        ),
        None,
    )
    if end is None:
        return run
    at = next((n for n, s in enumerate(run[:2]) if _ORDINAL.match(s.text)), None)
    if at is None and not (before is not None and _ORDINAL.match(before.text)):
        return run
    rest = run[(at + 1 if at is not None else 0) : end]
    if all(fold(s.text) in _EVENT_OWNER_WORDS for s in rest):
        return []  # "the 13th National Party Congress", "the 20th National Congress"
    return rest


def _trimmed(run: list[Segment], segs: list[Segment], first: int, lex: Lexicon) -> list[Segment]:
    """A run without what is not part of the body's name around it."""
    before = segs[first - 1] if first > 0 else None
    run = _without_name_after(_without_next_nationality(run), lex)
    # names before the body's: a person's, unless they are the body's own ("Heydar Aliyev
    # Foundation", "Kim Il Sung University")
    lead = 0
    while lead < len(run) and run[lead].label == "N":
        lead += 1
    if lead:
        attached = (
            lead < len(run)
            and run[lead].label in ("W", "HEAD")
            and run[lead].start - run[lead - 1].end <= 1
            and _has_head(run[lead : lead + 4])
        )
        titled = before is not None and before.label in ("T", "H")
        article = before is not None and fold(before.text) == "the"  # "the Propaganda and …"
        if not (attached or article) or titled:
            del run[:lead]
    # "Later the OFH", "Both the X": a word before "the" is not part of the name
    for n in range(len(run) - 1, 0, -1):
        if (
            fold(run[n].text) == "the"
            and run[n].label == "K"
            and all(s.label in ("W", "K", "N") for s in run[:n])
        ):
            del run[: n + 1]
            break
    while run and (
        run[0].label == "K" or (run[0].label == "W" and fold(run[0].text) in lex.not_leading)
    ):
        run.pop(0)
    # "the 13th National Party Congress": a congress of the party
    after = next((s for s in segs[first:] if s.start >= run[-1].end), None) if run else None
    if (
        after is not None
        and fold(after.text) == "congress"
        and len(run) == 2
        and fold(run[0].text) == "national"
        and run[1].text == "Party"
    ):
        run = run[1:]
    # "the Ministry's Headquarters in X", "the Ministry of Foreign Affairs headquarters": the
    # building of the body before it
    for n in range(1, len(run)):
        if (
            run[n].label in ("W", "N")
            and run[n].text[:1].upper() + run[n].text[1:] in lex.buildings
            and (_POSSESSIVE.search(run[n - 1].text) or run[n].text[:1].islower())
        ):
            run = run[:n]
            break
    # "the Law on the Coastal Union": the body the document is about
    if run and run[0].label == "W" and run[0].text in lex.documents:
        cut = next(
            (
                n
                for n, s in enumerate(run)
                if s.label == "K" and fold(s.text) in ("on", "of", "for")
            ),
            None,
        )
        run = run[cut + 1 :] if cut is not None else []
        while run and run[0].label == "K":
            run.pop(0)
    # "the 39th General Assembly of the X": an event of the body X
    if run and before is not None and _ORDINAL.fullmatch(before.text):
        cut = next((n for n, s in enumerate(run) if fold(s.text) == "of"), None)
        if cut is not None and any(s.label == "HEAD" and s.text in _EVENT_HEADS for s in run[:cut]):
            rest = run[cut + 1 :]
            while rest and rest[0].label == "K":
                rest.pop(0)
            if rest and (_has_head(rest) or rest[0].label == "ACR"):
                run = rest
    return run


def _without_next_nationality(run: list[Segment]) -> list[Segment]:
    """A run without a final ``and <nationality>``, which opens the next title (``… Affairs
    Oleg Sitnikov and Russian [Deputy Foreign Minister]``, ``the LPRP and the Lao
    [people]``), keeping ``… of Azerbaijan and Laos``."""
    for n in range(len(run) - 1, 0, -1):
        if fold(run[n].text) == "and" and run[n].label == "K":
            rest = [s for s in run[n + 1 :] if s.label != "K"]
            if (
                rest
                and len(rest) <= 2
                and all(s.label in ("A", "C") for s in rest)
                and (all(s.label == "A" for s in rest) or run[n - 1].label != "C")
            ):
                return run[:n]
            break
    return run


def _without_name_after(run: list[Segment], lex: Lexicon) -> list[Segment]:
    """A run without the person named right after the body (``… Party Elshad Novruzov``,
    ``… Organisation Commission Tô Văn Hòa``) and without words that end no name."""
    run = run[:]
    while run and run[-1].label == "K":
        run.pop()
    last_body = max((n for n, s in enumerate(run) if s.label in ("HEAD", "O", "ACR")), default=None)
    if last_body is not None:
        after = run[last_body + 1 :]
        if (
            after
            and any(s.label == "N" for s in after)
            and all(
                s.label in ("N", "A")
                or (s.label == "W" and (fold(s.text) in lex.function_words or len(s.text) <= 3))
                for s in after
            )
        ):
            del run[last_body + 1 :]
    tail = len(run)
    while tail and run[tail - 1].label == "N":
        tail -= 1
    if (
        tail < len(run)
        and not (tail and run[tail - 1].label == "K")
        and (len(run) - tail > 1 or (tail and run[tail - 1].label in ("HEAD", "O", "ACR")))
    ):
        del run[tail:]  # "X of Fictional Harbours", "… Developing Countries" keep their words
    while run and (
        run[-1].label == "K"
        or (run[-1].label == "W" and fold(run[-1].text) in lex.function_words)
        or (run[-1].label == "W" and run[-1].text in lex.not_trailing)
    ):
        run.pop()
    if len(run) > 2 and f"{run[-2].text} {run[-1].text}" in lex.not_trailing:
        return _without_name_after(run[:-2], lex)  # "… Forum Leaders Meeting"
    return run


def _names_a_body(run: list[Segment], segs: list[Segment], lex: Lexicon) -> bool:
    """Whether a run with a head word names a body: not a building, and not only weak head
    words among everyday words (``Trade and Cooperation``)."""
    if run[-1].label == "W" and run[-1].text in lex.buildings:
        return False  # "Government House", "the Mansudae Assembly Hall"
    if run[-1].text == "Party" and all(s.label in ("A", "C", "HEAD") for s in run):
        at = next((n for n, s in enumerate(segs) if s.start == run[-1].start), None)
        if at is not None and " ".join(fold(s.text) for s in segs[at + 1 : at + 3]) in (
            ", state",
            "and state",
            "and people",
        ):
            return False  # "the Party, State and people": a formula, no body
    heads = [s for s in run if s.label == "HEAD"]
    if not heads or any(_acronym(h.text) not in lex.weak_heads for h in heads):
        return True
    before = next((n for n, s in enumerate(segs) if s.start == run[0].start), 0)
    if (
        before >= 2
        and fold(segs[before - 1].text) in ("and", ",")
        and segs[before - 2].label == "T"
    ):
        # "Minister of Foreign Affairs and International Cooperation", "Minister of Foreign
        # Affairs, International Cooperation and …": the title's fields
        return False
    text = " ".join(s.text for s in run)
    return any(
        s.label in ("A", "C", "ACR", "O", "N", "P")
        or (s.label == "W" and "-" in s.text)
        or (s.label == "W" and not is_common_word(s.text))
        for s in run
        if s.label != "HEAD"
    ) or _has_international_word(text, lex)


def _is_known_acronym(run: list[Segment], known: dict[str, str], lex: Lexicon) -> bool:
    return any(
        s.label == "ACR"
        and (
            _acronym(s.text) in known
            or _acronym(s.text) in lex.acronyms
            or _acronym(s.text) in lex.party_abbreviations
        )
        for s in run
    )


def _is_body_acronym(run: list[Segment], lex: Lexicon) -> bool:
    return any(s.label == "ACR" and _acronym(s.text) in lex.body_acronyms.forms for s in run)


def _split_coordination(run: list[Segment], notes_at: set[int]) -> list[list[Segment]]:
    """Split ``A Party and the B Party`` into two bodies; keep ``Ministry of X and Y`` whole;
    drop what follows ``and`` when it names no body (``the Party and State``)."""
    for i, seg in enumerate(run):
        if seg.label == "K" and fold(seg.text) == "and" and 0 < i < len(run) - 1:
            left, right = run[:i], run[i + 1 :]
            while right and right[0].label == "K":
                right = right[1:]
            if not right:
                continue
            fresh = i + 1 < len(run) and run[i + 1].label == "K"  # "… and the X"
            left_body = _has_head(left) or left[-1].label == "ACR"
            right_body = (
                _has_head(right) or right[0].label == "ACR" or (fresh and right[-1].end in notes_at)
            )
            if (
                left_body
                and right_body
                and (left[-1].label in ("HEAD", "O", "ACR", "C") or fresh)
                and not (left[-1].label == "C" and not _has_head(right) and right[0].label != "ACR")
            ):
                return [left, *_split_coordination(right, notes_at)]
            if left_body and left[-1].label in ("HEAD", "O", "ACR") and not right_body:
                return [left]  # "the Party and State", "the European Union and Azerbaijan"
    return [run]


def _country_in_words(text: str, lex: Lexicon) -> list[str]:
    codes = []
    for word in _WORD_BREAK.split(text):
        code = lex.country_of_name(word) or lex.country_of_adjective(word)
        if code:
            codes.append(code)
    return codes


@memo(maxsize=1 << 14)
def _kind_of(text: str, lex: Lexicon) -> str | None:
    """The kind of the first head word in the name ("Ministry of … Cooperation": ministry);
    a body the lexicon knows by name keeps its kind ("Association of Southeast Asian
    Nations"). Cached, like ``_heads``: names of bodies recur within and across articles."""
    known = lex.acronym_kinds.get(fold(text))
    if known:
        return known
    heads = _heads(text, lex)
    for n, (_, end, _, kind) in enumerate(heads):
        # a head word right before another is its modifier ("Organisation Commission")
        if n + 1 < len(heads) and heads[n + 1][0] == end + 1:
            continue
        return kind
    return None


@memo(maxsize=1 << 14)
def _heads(text: str, lex: Lexicon) -> tuple[tuple[int, int, str, str], ...]:
    """The head words of a name as written, in order: (start, end, word, kind); of two at
    one place the longer. Cached: every head word is looked for in the name, which the
    naming of a body asks for several times."""
    found = sorted(
        (m.start(), -len(head.word), head.word, head.kind)
        for head in lex.org_heads
        if head.word in text and (m := head.found_in(text))  # a quick test first
    )
    result: list[tuple[int, int, str, str]] = []
    for start, length, word, kind in found:
        if not result or start >= result[-1][1]:
            result.append((start, start - length, word, kind))
    return tuple(result)


def _first_head(text: str, lex: Lexicon) -> str | None:
    """The head noun of a name: the last head word before its first ``of``/``for``/``on``
    (``Organisation Commission`` of …: Commission), else its first head word."""
    heads = _heads(text, lex)
    if not heads:
        return None
    core = re.search(r"\s(?:of|for|on)\s", text)
    before = [h for h in heads if core is None or h[1] <= core.start()]
    return (before or heads)[-1][2]


def _named_at_start(text: str, lex: Lexicon) -> NamedBody | None:
    """A body known by name that opens the text (``Oliy Majlis of the Republic of …``)."""
    words = text.split(" ")
    for n in range(min(len(words), 5), 0, -1):
        named = lex.named_by_key.get(fold(" ".join(words[:n])))
        if named is not None:
            return named
    return None


def _acronym_body(text: str, lex: Lexicon, known: dict[str, str]) -> bool:
    """``OSCE PA``, ``ASEAN Secretariat``: a name opened by an international body's acronym."""
    first = _acronym(text.split(" ")[0])
    return first in lex.acronyms and lex.acronyms[first].kind == "international_organisation"


def _abbreviates(abbreviation: str, text: str) -> bool:
    """Whether the capital letters of an abbreviation are the initials of a name's
    capitalised words, in order (``WPK``: ``Workers' Party of Korea``)."""
    initials = "".join(w[0] for w in re.split(r"[\s\-]+", text) if w[:1].isupper())
    letters = "".join(c for c in abbreviation if c.isupper())
    return bool(letters) and initials.startswith(letters[:1]) and _in_order(letters, initials)


def _in_order(letters: str, initials: str) -> bool:
    found = iter(initials)
    return all(letter in found for letter in letters)


def _is_party(text: str, lex: Lexicon, known: dict[str, str]) -> bool:
    return (
        _kind_of(text, lex) == "political_party"
        or text in lex.party_abbreviations
        or any(fold(p.name) == fold(text) for p in lex.ruling_parties.values())
    )


def canonical(
    run: list[Segment],
    article_text: str,
    lex: Lexicon,
    known_acronyms: dict[str, str],
    default_country: str | None,
    notes: dict[int, str],
) -> list[OrgPhrase]:
    """Canonical organisation(s) named by one run of segments (two for plural forms)."""
    # "… Party Central Committee and Lao President": the next title is no part of it
    title = next((n for n, s in enumerate(run) if s.label == "T" and n > 0), None)
    if title is not None:
        run = run[:title]
        while run and (run[-1].label in ("K", "A", "C") and len(run) > 1):
            run = run[:-1]
    run = _without_next_nationality(run)
    while run and run[-1].label == "K":
        run = run[:-1]
    if not run:
        return []
    start, end = run[0].start, run[-1].end
    abbreviation = note_of(run, notes)
    if abbreviation and not _ABBREVIATION.fullmatch(abbreviation):
        abbreviation = None
    place = None
    # "ADA University in Baku": the city is where it is, not part of its name
    at = next((n for n in range(len(run) - 2, 1, -1) if fold(run[n].text) == "in"), None)
    mission = any(s.label == "HEAD" and s.value == "diplomatic_mission" for s in run)
    if at is not None and not mission:
        words = run[at + 1 :]
        city = lex.city(" ".join(s.text for s in words)) if len(words) > 1 else None
        if len(words) == 1 and words[0].label == "P":
            place = str(words[0].value)
        elif city and all(s.label in ("N", "W", "P") for s in words):
            place = city[1]  # "… Binational Cabinet in La Paz": the city's country
        if place is not None:
            run = run[:at]
            end = run[-1].end
    # Acronym alone: expand it.
    if len(run) == 1 and run[0].label == "ACR":
        acr = _acronym(run[0].text)
        if acr in known_acronyms:
            return canonical_name(
                known_acronyms[acr], lex, known_acronyms, default_country, start, end, acr
            )
        if acr in lex.party_abbreviations:
            party = lex.party_abbreviations[acr]
            party.fired()
            return [OrgPhrase(party.name, "political_party", party.country, start, end, acr)]
        if acr in lex.acronyms:
            spec = lex.acronyms[acr]
            spec.fired()
            return [OrgPhrase(spec.name, spec.kind, None, start, end, acr)]
        if acr in lex.body_acronyms.forms:
            lex.body_acronyms.fired()
            return canonical_name(
                lex.body_acronyms.forms[acr],
                lex,
                known_acronyms,
                default_country,
                start,
                end,
                place=place,
            )
        return []
    # "OSCE PA": acronyms only, the first an international body's
    if all(s.label == "ACR" for s in run) and _acronym(run[0].text) in lex.acronyms:
        name = " ".join(_acronym(s.text) for s in run)
        return [OrgPhrase(name, "international_organisation", None, start, end, abbreviation)]
    text = _surface(run, article_text, notes, known_acronyms, lex)
    return canonical_name(
        text,
        lex,
        known_acronyms,
        default_country,
        start,
        end,
        abbreviation,
        place=place,
    )


def lower_case_bodies(
    sentence: str,
    offset: int,
    lex: Lexicon,
    known_acronyms: dict[str, str],
    default_country: str | None,
) -> list[OrgPhrase]:
    """Bodies a sentence names in lower case (``organisations.yaml: lower_case_bodies``),
    of the legislature named right before them (``the Saeima group for …``)."""
    found = []
    for rule, words in _lower_case_rules(lex):
        for match in rule.finditer(sentence) if could_match(words, sentence) else ():
            name = " ".join(_title_case(w, lex) for w in match.group(1).split())
            start, end = offset + match.start(1), offset + match.end(1)
            owner = re.search(r"((?:[A-Z][\w'’-]*\s+){1,4})$", sentence[: match.start(1)])
            parent = None
            if owner:
                text = owner.group(1).strip()
                for n in range(len(text.split())):
                    candidate = " ".join(text.split()[n:])
                    bodies = (
                        canonical_name(candidate, lex, known_acronyms, default_country, start, end)
                        if _kind_of(candidate, lex) or _named(candidate, lex)
                        else []
                    )
                    if bodies and bodies[0].kind == rule.kind:
                        parent = bodies[0]
                        start = (
                            offset
                            + owner.start(1)
                            + len(" ".join(text.split()[:n]))
                            + (1 if n else 0)
                        )
                        break
            country = (
                parent.country
                if parent
                else next(iter(_country_in_words(name, lex)), default_country)
            )
            if rule.kind == "ministry" and parent is None:  # "the ministry of external affairs"
                if country is None:
                    continue
                name = f"{name} of {lex.short_name(country)}"
            found.append(
                OrgPhrase(
                    f"{name} of the {parent.name}" if parent else name,
                    rule.kind,
                    country,
                    start,
                    end,
                    parent=parent,
                    base=name,
                )
            )
    return found


def _title_case(word: str, lex: Lexicon) -> str:
    if fold(word) in lex.function_words or fold(word) in lex.run_connectors:
        return word
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


def note_of(run: list[Segment], notes: dict[int, str]) -> str | None:
    """The parenthesised note a run of words ends with, or has right before ``Central
    Committee`` (``the Communist Party of China (CPC) Central Committee``)."""
    if run[-1].end in notes:
        return notes[run[-1].end]
    for n, seg in enumerate(run[:-1]):
        if seg.end in notes and fold(run[n + 1].text) == "central":
            return notes[seg.end]
    for at, note in notes.items():  # "the National Assembly (NA) of Laos", one named body
        if any(s.start < at < s.end and s.label == "O" for s in run):
            return note
    return None


def _surface(
    run: list[Segment],
    article_text: str,
    notes: dict[int, str],
    known_acronyms: dict[str, str],
    lex: Lexicon,
) -> str:
    parts = []
    for seg in run:
        acr = _acronym(seg.text)
        suffix = seg.text[len(acr) :]
        if (
            seg.label == "ACR"
            and acr in known_acronyms
            and len(run) > 1
            and acr not in lex.acronyms  # "ECOWAS Commission", "GCC Ministerial Council"
        ):
            parts.append(known_acronyms[acr] + suffix)
        elif seg.label == "ACR" and acr in lex.party_abbreviations and len(run) > 1:
            parts.append(lex.party_abbreviations[acr].name + suffix)
        elif seg.label == "ACR" and acr in lex.body_acronyms.forms:
            lex.body_acronyms.fired()
            parts.append(lex.body_acronyms.forms[acr] + suffix)
        elif seg.value == "lower":
            parts.append(seg.text[:1].upper() + seg.text[1:])  # "Arctic Coastal Areas"
        else:
            parts.append(seg.text)
    text = " ".join(parts).replace(" ,", ",")
    text = text.replace("’", "'").replace(" 's", "'s")
    return _SPACES.sub(" ", text).strip()


def _normalised(text: str, lex: Lexicon) -> str:
    """The words of a name as canonical names write them: no leading ``the``, straight
    apostrophes, ``Political Bureau`` for ``Politburo``, no phrase that names no body."""
    text = _LEADING_THE.sub("", text.replace("’", "'"))
    text = _CC_PARTY.sub(f"{CENTRAL_COMMITTEE} of the ", text)  # "the C.C., WPK"
    for written, words in lex.spellings.forms.items():
        if written not in text:
            continue  # replaced where written as it is: a name without it keeps its words
        respelt = re.sub(rf"(?<!\w){re.escape(written)}(?!\w)", words, text)
        if respelt != text:
            lex.spellings.fired()
            text = respelt
    text = _CC_COMMA.sub(f"{CENTRAL_COMMITTEE} of the ", text)
    folded = fold(text)
    for phrase in lex.not_bodies:
        at = folded.find(phrase)
        if at >= 0:
            rest = text[at + len(phrase) :]
            after = re.match(r"\s+of\s+(?:the\s+)?", rest)
            text = rest[after.end() :] if after else ""
            folded = fold(text)
    text = re.sub(r"(?<=\w)'s?$", "", text.strip(" ,"))  # "the Ministry's [Headquarters]"
    return _SPACES.sub(" ", text).strip(" ,")


def _country_of(text: str, lex: Lexicon) -> str | None:
    return lex.country_of_name(text) or lex.country_of_adjective(text)


def _plural(
    text: str,
    lex: Lexicon,
    known_acronyms: dict[str, str],
    default_country: str | None,
    start: int,
    end: int,
) -> list[OrgPhrase] | None:
    """One body per country for plural forms (``the Foreign Ministries of A and B``, ``the
    Lao and Cuban Embassies``); none for a plural naming no countries; None when the name
    is not plural."""

    def each(names: list[str]) -> list[OrgPhrase]:
        lex.plurals.fired()
        result: list[OrgPhrase] = []
        for name in names:
            result += canonical_name(name, lex, known_acronyms, default_country, start, end)
        return result

    plural = lex.plural_form.match(text)
    if plural:
        singular = lex.plurals.forms[plural.group(1)]
        countries = [c for c in _LIST_OF_COUNTRIES.split(plural.group(3)) if c]
        return each([f"{singular} of {plural.group(2)} of {country}" for country in countries])
    for form, singular in lex.plurals.forms.items():
        if form not in text:
            continue  # found as written: a text without the form has none (most names)
        hit = whole_word(form).search(text)
        if hit is None:
            continue
        before, after = text[: hit.start()], text[hit.end() :]
        listed = re.fullmatch(r"\s+of\s+(?:the\s+)?(.+?)((?:\s+in\s+.+)?)", after)
        if listed:
            countries = [c for c in _LIST_OF_COUNTRIES.split(listed.group(1)) if c]
            if len(countries) > 1 and all(_country_of(c, lex) for c in countries):
                return each([f"{before}{singular} of {c}{listed.group(2)}" for c in countries])
        if not after.strip():
            words = before.split()
            adjectives: list[str] = []
            n = 0
            while n < len(words):
                word = words[n].rstrip(",")
                if _country_of(word, lex):
                    adjectives.append(word)
                    n += 1
                elif word == "and" and adjectives:
                    n += 1
                else:
                    break
            rest = " ".join(words[n:])
            if len(adjectives) > 1:
                return each([f"{a} {rest} {singular}".replace("  ", " ") for a in adjectives])
        lex.plurals.fired()
        return []  # "the two Foreign Ministries"
    return None


def _owner_first(text: str, lex: Lexicon) -> str:
    """``A's B`` as ``B of the A`` when A is a body or a country (``Kazakhstan's
    Parliament``: ``Parliament of Kazakhstan``; ``the Senate's Committee on X``: ``Committee
    on X of the Senate``), not in ``People's Party``."""
    text = text.removesuffix("'s")
    for possessive in re.finditer(r"'s ", text):
        owner, rest = text[: possessive.start()], text[possessive.end() :]
        if lex.country_of_name(owner):
            return f"{rest} of {owner}"
        last = owner.split(" ")[-1]
        body = (
            _ends_with_head(owner, lex)
            or _named(owner, lex) is not None
            or _acronym_body(owner, lex, {})
            or (last.isupper() and len(last) > 1)
        )
        if body and (_kind_of(rest, lex) or _named_at_start(rest, lex)):
            return f"{_owner_first(rest, lex)} of the {owner}"
    return text


_IN_THE = re.compile(r"\s+in\s+the\s+")


def _in_legislature(text: str, lex: Lexicon) -> tuple[str, str] | None:
    """``X Friendship Group in the Shura Council``: a committee or group "in" a legislature
    (its own name, the legislature's) belongs to that legislature, like one "of" it."""
    for match in _IN_THE.finditer(text):
        left, right = text[: match.start()], text[match.end() :]
        named = _named_at_start(right, lex)
        legislature = (named is not None and named.kind == "legislature") or (
            _kind_of(right, lex) == "legislature"
        )
        head = _first_head(left, lex) or ""
        if legislature and (head in lex.inherit_kind or head.split(" ")[-1] in lex.inherit_kind):
            return left, right
    return None


def _sub_body_last(text: str, lex: Lexicon) -> str:
    """``State Duma Committee on X`` as ``Committee on X of the State Duma``: a committee
    named after the legislature it belongs to."""
    words = text.split(" ")
    for n in range(1, min(len(words) - 1, 6)):
        owner, rest = " ".join(words[:n]), " ".join(words[n:])
        named = _named(owner, lex)
        legislature = (named is not None and named.kind == "legislature") or (
            _kind_of(owner, lex) == "legislature" and _ends_with_head(owner, lex)
        )
        if not legislature:
            continue
        head = _first_head(rest, lex)
        heads = _heads(rest, lex)
        if rest[:1].islower():
            return text  # "Parliamentary Assembly of the Council of Europe"
        if (
            head in lex.inherit_kind
            and heads
            and heads[0][2] == head
            and (
                _kind_of(rest, lex) != "legislature" or head in ("Committee", "Commission", "Group")
            )
        ):
            return f"{rest} of the {owner}"
        return text
    return text


def _ends_with_head(text: str, lex: Lexicon) -> bool:
    return any(
        (m := head.found_in(text)) is not None and m.end() == len(text) for head in lex.org_heads
    ) or any(text.endswith(o.name) for o in lex.named_orgs)


def _party_form(text: str, lex: Lexicon, known: dict[str, str]) -> str:
    """The Central Committee of a body is the body (``LPRP Central Committee``: the LPRP);
    an organ of it keeps the order written (``X of the Central Committee of the P``, ``X of
    the P Central Committee``), and without a party named it is the organ of ``the Party``
    (the ruling party in context), as a party organ named alone is (``the Politburo``)."""
    cc = CENTRAL_COMMITTEE
    found = re.fullmatch(rf"(.+?) of (?:the )?{cc} of (?:the )?(.+)", text)
    if found:
        return f"{found[1]} of the {cc} of the {found[2]}"
    found = re.fullmatch(rf"(.+?) of (?:the )?(.+?) {cc}", text)
    if found and _is_body(found[2], lex, known):
        if _generic_party(found[2], lex):
            return f"{found[1]} of the {cc} of the {found[2]}"
        return f"{found[1]} of the {found[2]} {cc}"
    found = re.fullmatch(rf"(.+?) {cc}", text)
    if found and not re.search(r"\b(?:of|the)$", found[1]) and _is_body(found[1], lex, known):
        return found[1]
    found = re.fullmatch(rf"{cc} of (?:the )?(.+)", text)
    if found:
        return found[1]
    found = re.fullmatch(rf"(.+?) of (?:the )?{cc}", text)
    if found:
        return f"{found[1]} of the {cc} of the Party"
    if text == cc:
        return "Party"
    if text in lex.party_organs:
        return f"{text} of the {cc} of the Party"
    return text


def _is_body(text: str, lex: Lexicon, known: dict[str, str]) -> bool:
    return (
        _is_party(text, lex, known)
        or _kind_of(text, lex) is not None
        or _named(text, lex) is not None
        or _acronym_body(text, lex, known)
    )


def _generic_party(main: str, lex: Lexicon) -> bool:
    """``Party``, ``Communist Party``: a party named only by words that name no party in
    particular, so the country in context says which."""
    words = {w for w in fold(main).split() if w not in ("the", "of")}
    return bool(words) and "party" in words and words <= {"party", "communist", "ruling"}


#: ``canonical_name``'s answers by what it reads, with the ids of the rules each fired
_CanonicalKey = tuple[str, frozenset[tuple[str, str]], str | None, str | None, str | None]
_CANONICAL_NAMES: dict[_CanonicalKey, tuple[tuple[OrgPhrase, ...], frozenset[str]]] = {}
_CANONICAL_NAMES_LEXICON: list[Lexicon] = []  # the lexicon the answers were found with
#: answers kept at most (then forgotten at once): a worker's memory stays bounded
_CANONICAL_NAMES_KEPT = 50_000
forgettable(_CANONICAL_NAMES.clear)


def canonical_name(
    text: str,
    lex: Lexicon,
    known_acronyms: dict[str, str],
    default_country: str | None,
    start: int,
    end: int,
    abbreviation: str | None = None,
    place: str | None = None,
) -> list[OrgPhrase]:
    """Canonicalise an organisation name written out in words (``_canonical_name``,
    remembered: the same names recur in article after article, and this is a tenth of
    extraction). ``start`` and ``end`` are only where the bodies found are, so the answer
    for a name is kept without them and placed again; the rules it fired are recorded
    again when someone records rule usage."""
    if not _CANONICAL_NAMES_LEXICON or _CANONICAL_NAMES_LEXICON[0] is not lex:
        _CANONICAL_NAMES.clear()
        _CANONICAL_NAMES_LEXICON[:] = [lex]
    key = (text, frozenset(known_acronyms.items()), default_country, abbreviation, place)
    known = _CANONICAL_NAMES.get(key)
    if known is None:
        with usage.recording() as recorded:
            found = _canonical_name(
                text, lex, known_acronyms, default_country, start, end, abbreviation, place
            )
        fired = frozenset(recorded)
        if len(_CANONICAL_NAMES) >= _CANONICAL_NAMES_KEPT:
            _CANONICAL_NAMES.clear()
        if all(_placed_at(org, start, end) for org in found):
            _CANONICAL_NAMES[key] = (tuple(found), fired)
    else:
        found, fired = [_placed(org, start, end) for org in known[0]], known[1]
    for rule_id in fired:
        usage.note(rule_id)
    return list(found)


def _placed_at(org: OrgPhrase | None, start: int, end: int) -> bool:
    """Whether ``org`` and its parents are all at ``[start, end)``, as every body
    ``_canonical_name`` finds is (checked before its answer is kept)."""
    while org is not None:
        if (org.start, org.end) != (start, end):
            return False
        org = org.parent
    return True


def _placed(org: OrgPhrase, start: int, end: int) -> OrgPhrase:
    """``org`` and its parents found at ``[start, end)`` instead."""
    if (org.start, org.end) == (start, end):
        return org
    parent = _placed(org.parent, start, end) if org.parent is not None else None
    return replace(org, start=start, end=end, parent=parent)


def _canonical_name(
    text: str,
    lex: Lexicon,
    known_acronyms: dict[str, str],
    default_country: str | None,
    start: int,
    end: int,
    abbreviation: str | None = None,
    place: str | None = None,
) -> list[OrgPhrase]:
    """Canonicalise an organisation name written out in words (``canonical_name``)."""
    text = _normalised(text, lex)
    if not text:
        return []
    written = text
    plural = _plural(text, lex, known_acronyms, default_country, start, end)
    if plural is not None:
        return plural
    # "Members of the X Association": the body is X.
    prefix = _SOME_OF.match(text)
    if (
        prefix
        and not _kind_of(prefix.group(1), lex)
        and not _named(prefix.group(1), lex)
        and not lex.country_of_name(prefix.group(2))
        and _kind_of(prefix.group(2), lex)
        and prefix.group(1).split(" ")[0] not in ("Ministry", "Ministries")
        and fold(prefix.group(1)) not in ("central committee",)
    ):
        text = prefix.group(2)
    text = _owner_first(text, lex)
    text = _party_form(text, lex, known_acronyms)
    text = _sub_body_last(text, lex)
    within = _in_legislature(text, lex)
    if within is not None:
        text = within[0]
    # Leading country adjective or name.
    words = text.split(" ")
    lead_country = None
    lead_words = 0
    for n in range(min(3, len(words)), 0, -1):
        prefix_text = " ".join(words[:n])
        code = lex.country_of_name(prefix_text.removesuffix("'s")) or lex.country_of_adjective(
            prefix_text
        )
        if code and n < len(words):
            lead_country, lead_words = code, n
            break
    # Split off the parent: the rightmost "of (the) Y" where Y is a body in its own right.
    parent: OrgPhrase | None = None
    main = text
    written_after = ""
    if within is not None:
        parents = canonical_name(within[1], lex, known_acronyms, default_country, start, end)
        if parents:
            parent = parents[0]
    for match in reversed(list(_OF.finditer(text)) if parent is None else []):
        left, right = text[: match.start()], text[match.end() :]
        left_kind = _kind_of(left, lex) or (
            named_left.kind if (named_left := _named(left, lex)) else None
        )
        if not left_kind:
            continue
        left_head = _first_head(left, lex)
        right_named = _named_at_start(right, lex)
        right_kind = _kind_of(right, lex) or (right_named.kind if right_named else None)
        chamber = left_kind == right_kind == "legislature" and right_named is not None
        if left_head not in lex.inherit_kind and not chamber:
            continue  # only committees, departments … and chambers have parents
        right_first = right.split(" ")[0]
        if lex.country_of_name(right_first) or lex.country_of_name(right):
            continue
        if (
            right_kind
            or right in known_acronyms.values()
            or _acronym_body(right, lex, known_acronyms)
        ):
            parents = canonical_name(right, lex, known_acronyms, default_country, start, end)
            if not parents and _acronym_body(right, lex, known_acronyms):
                parents = [OrgPhrase(right, "international_organisation", None, start, end)]
            if parents:
                parent = parents[0]
                main = left
                if right.endswith(f" {CENTRAL_COMMITTEE}"):
                    written_after = f" {CENTRAL_COMMITTEE}"  # "X of the LPRP Central Committee"
                if abbreviation and _abbreviates(abbreviation, right):
                    # "… of the C.C., Workers' Party of Korea (WPK)": the party's
                    parent = _with_abbreviation(parent, abbreviation)
                    abbreviation = None
                break
    named = _named(main, lex)
    if named is None and parent is None and (of := trailing_country(main, lex)):
        named = _named(main[: of[1]], lex)  # "Oliy Majlis of the Republic of Uzbekistan"
    kind = _kind_of(main, lex) or (named.kind if named else None) or _kind_of(text, lex)
    if kind is None:
        return []
    main_head = _first_head(main, lex)
    if parent and main_head in lex.inherit_kind:
        kind = parent.kind
    if parent is not None:
        implicit = parent.implicit
        country = parent.country if kind not in lex.kinds_without_country else None
        if kind == "international_organisation":
            country = None
        name = f"{main} of the {parent.name}{written_after}"
        if within is not None and _bilateral(main, lex):
            name = main  # "the Oman–Laos Friendship Group (in the Shura Council)": its own
        name = _SPACES.sub(" ", name).strip()
        return [
            OrgPhrase(
                name,
                kind,
                country,
                start,
                end,
                abbreviation,
                parent,
                base=main,
                implicit=implicit,
                text=written,
            )
        ]
    # Country: explicit "of <Country>", then a leading adjective, then words inside the name.
    country = None
    implicit = None
    of_country = trailing_country(main, lex)
    if of_country:
        country, cut = of_country
        main = main[:cut]
    sender_host = None
    if kind == "diplomatic_mission":
        sender_host = _embassy(main, lead_country or country, lex)
    if country is None:
        country = lead_country
    unled = " ".join(main.split(" ")[lead_words:]) if lead_country else main
    if (
        lead_country
        and (kind in STATE_KINDS or _generic_party(unled, lex))
        and (kind != "diplomatic_mission")
    ):
        main = unled
    if named and named.country:
        country = named.country
    acronym_led = _acronym_body(main, lex, known_acronyms)
    if country is None and not acronym_led:
        inside = _country_in_words(main, lex)
        bilateral = len(set(inside)) > 1 and kind in ("association",)
        if inside and not bilateral:
            country = inside[0]
    if lex.foreign_ministry.match(main):
        main = "Ministry of Foreign Affairs"
        kind = "ministry"
    inner = next((o for name, o in _named_by_name(lex) if name in main and o.found_in(main)), None)
    if inner and main_head in lex.inherit_kind:
        kind, country = inner.kind, country or inner.country
    international = _has_international_word(main, lex)
    if acronym_led:  # "ASEAN Secretariat", "ECOWAS Parliament"
        kind, country = "international_organisation", None
    elif _bilateral(main, lex) and kind in ("other", "international_organisation", "government"):
        kind, country = "international_organisation", None  # "Peru–Chile Joint Commission"
    elif (
        country is None
        and not named
        and not inner
        and kind in ("legislature", "other")
        and international
        and (main_head not in lex.inherit_kind or _international_of(main, lex))
    ):
        kind = "international_organisation"
    if kind in lex.kinds_without_country:
        country = None
    elif country is None and place is not None and kind in STATE_KINDS:
        country = place  # "the Ministry of Foreign Affairs in Vientiane"
    elif (
        country is None
        and kind not in ("association", "other", "diplomatic_mission")
        and (not named)
    ):
        country = default_country
        if (kind in STATE_KINDS and _generic(main, lex)) or (
            kind == "political_party" and _generic_party(main, lex)
        ):
            implicit = "country"  # "the National Assembly": of the country in context
    if kind == "legislature" and country is None and not named and not implicit:
        kind = "international_organisation"
    if main_head in lex.inherit_kind and country is None and kind != "international_organisation":
        implicit = implicit or "owner"
    # Compose the canonical name.
    base = main
    ruling = lex.ruling_parties.get(country or "") if kind == "political_party" else None
    if kind == "political_party" and _generic_party(main, lex) and ruling is None and implicit:
        return [
            OrgPhrase(
                main,
                kind,
                None,
                start,
                end,
                abbreviation,
                base=main,
                implicit="country",
                text=written,
            )
        ]
    by_name = _ruling_parties_by_name(lex).get(fold(text))
    if kind == "political_party" and by_name is not None:
        by_name.fired()  # "Workers' Party of Korea": the party of that state
        name, country = by_name.name, by_name.country
    elif kind == "political_party" and _generic_party(main, lex) and ruling is not None:
        ruling.fired()
        name = ruling.name
    elif kind == "diplomatic_mission" and sender_host:
        sender, host = sender_host
        country = sender or country
        if not sender:
            implicit = "country"
        name = f"Embassy of {lex.short_name(country)}" if country else main.split(" in ")[0]
        base = "Embassy"
        if host:
            name += f" in {lex.short_name(host)}"
    elif (
        kind == "legislature"
        and country
        and not named
        and not inner
        and (country, fold(main)) in lex.called
    ):
        body = lex.called[(country, fold(main))]
        body.fired()
        name, implicit = body.name, None  # "the Azerbaijani Parliament": the Milli Majlis
    elif (
        kind in STATE_KINDS
        and country
        and not named
        and not inner
        and not _country_in_words(main, lex)
    ):
        name = f"{main} of {lex.short_name(country)}"
    elif kind in STATE_KINDS and country is None and not named and not inner and implicit:
        name = main
    elif named:
        name = named.name
        country = named.country or country
    elif lead_country and kind in STATE_KINDS:
        name = main
    else:
        name = text
    name = _SPACES.sub(" ", name).strip()
    known = lex.acronyms.get(abbreviation or "")
    if known and fold(known.name) == fold(name):
        kind, country = known.kind, None
    return [
        OrgPhrase(
            name,
            kind,
            country,
            start,
            end,
            abbreviation,
            None,
            base=base,
            implicit=implicit,
            text=written,
        )
    ]


def _with_abbreviation(org: OrgPhrase, abbreviation: str) -> OrgPhrase:
    return OrgPhrase(
        org.name,
        org.kind,
        org.country,
        org.start,
        org.end,
        abbreviation,
        org.parent,
        org.base,
        org.implicit,
        org.text,
    )


def _generic(main: str, lex: Lexicon) -> bool:
    """A name every state's body may have (``National Assembly``, ``Ministry of Culture``,
    ``Prosecutor General's Office``): its words besides head words are everyday English
    words, so only a country tells which state's it is; ``Coastal Assembly`` is a name."""
    rest = main
    for head in lex.org_heads:
        if head.found_in(rest):
            rest = whole_word(head.word).sub(" ", rest)
    return all(
        fold(word) in lex.function_words or is_common_word(word.strip(",'"))
        for word in rest.split()
    )


def _bilateral(main: str, lex: Lexicon) -> bool:
    """``Peru–Chile Joint Border Commission``, ``Steering Committee for China-Vietnam
    Cooperation``: named by two states joined by a dash."""
    for word in main.split(" "):
        parts = [p for p in re.split(r"[-–—]", word) if p]
        if len(parts) < 2:
            continue
        codes = [_country_of(p, lex) for p in parts]
        if all(codes) and len(set(codes)) > 1:
            return True
    return False


def _international_of(main: str, lex: Lexicon) -> bool:
    """``Council of Europe``: an international word after ``of``."""
    of = _OF.search(main)
    return of is not None and _has_international_word(main[of.end() :], lex)


@cache
def _international_words(lex: Lexicon) -> tuple[tuple[re.Pattern[str], Words], ...]:
    """``lex.international_words`` with the words each needs (``prefilter``), read once."""
    return tuple((word, needles(word)) for word in lex.international_words)


def _has_international_word(text: str, lex: Lexicon) -> bool:
    """Whether one of ``lex.international_words`` is in ``text`` (a quick test of its words
    first: most names have none)."""
    return any(
        could_match(words, text) and p.search(text) for p, words in _international_words(lex)
    )


@cache
def _named_by_name(lex: Lexicon) -> tuple[tuple[str, NamedBody], ...]:
    """``lex.named_orgs`` in order, each with the name ``found_in`` looks for: a name not in
    a text as written is not there as whole words either, and the bodies are many."""
    return tuple((o.name, o) for o in lex.named_orgs)


@cache
def _ruling_parties_by_name(lex: Lexicon) -> dict[str, RulingParty]:
    """Folded name -> the first ruling party of ``lex.ruling_parties`` with that name."""
    parties: dict[str, RulingParty] = {}
    for party in lex.ruling_parties.values():
        parties.setdefault(fold(party.name), party)
    return parties


@cache
def _lower_case_rules(lex: Lexicon) -> tuple[tuple[LowerCaseBody, Words], ...]:
    """``lex.lower_case_bodies`` with the words each needs (``prefilter``), read once."""
    return tuple((rule, needles(rule.regex)) for rule in lex.lower_case_bodies)


def trailing_country(text: str, lex: Lexicon) -> tuple[str, int] | None:
    """(ISO3, cut offset) for a name ending in ``of <Country>`` (longest country name)."""
    for match in _OF.finditer(text):
        code = lex.country_of_name(text[match.end() :])
        if code:
            return code, match.start()
    return None


def _named(text: str, lex: Lexicon) -> NamedBody | None:
    return lex.named_by_key.get(fold(text))


def _embassy(text: str, sender: str | None, lex: Lexicon) -> tuple[str | None, str | None]:
    """(sender, host) of ``Embassy of A in B`` / ``A Embassy in <city>``."""
    host = None
    where = _IN_PLACE.search(text)
    if where:
        place = where.group(1)
        host = lex.country_of_name(place)
        city = lex.city(place)
        if host is None and city:
            host = city[1]
        text = text[: where.start()]
    of = trailing_country(text, lex)
    if of:
        sender = of[0]
    return sender, host
