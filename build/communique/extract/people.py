"""Find people, with their titles, in a labelled sentence.

A run of name-like words is a person when the text gives evidence: a title before it
(``Lao Foreign Minister Thongsavanh Phomvihane``), a title after it in apposition
(``Sounthone Xayachack, Vice President of …``), an honorific (``Mr Maithong``) or the
word ``counterpart``. Runs without evidence are kept as candidates and count only when
they name a person the article already introduced.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from functools import cache

from communique import rules
from communique.extract.lexicon import Lexicon, fold
from communique.extract.organisations import OrgPhrase, canonical
from communique.extract.segments import (
    NEVER_INSIDE,
    Labelled,
    Segment,
    _title_case,
    is_given_name_shape,
)
from communique.rules.models import Post, TitleRule


@dataclass
class PostFound:
    """A title as written near a name, with whatever the text says of where it is held."""

    rule: Post
    org: OrgPhrase | None = None
    country: str | None = None  # the state the post serves (adjective or "of X")
    host: str | None = None  # for ambassadors: the receiving state
    portfolio: str | None = None  # "Science and Education" in "Minister of Science and Education"
    span: tuple[int, int] = (0, 0)  # where the title is written
    #: "university" in "the university's Vice President"; "" for "its President"
    owner: str | None = None


@dataclass
class NameFound:
    start: int
    end: int
    text: str
    evidence: str | None  # "title", "apposition", "honorific", "counterpart" or None
    posts: list[PostFound] = field(default_factory=list)
    country: str | None = None
    #: where the title phrase before the name starts, and the nationality that opens it
    context_start: int | None = None
    lead_country: str | None = None


_POSSESSIVE = re.compile(r"(?<=\w)(?:['’]s|(?<=s)['’])$")


def is_headline(segments: tuple[Segment, ...]) -> bool:
    """A sentence written in title case, where a capital letter is no evidence of a name."""
    return _title_case(list(segments))


def _name_word(seg: Segment, lex: Lexicon) -> bool:
    """A name-like word, or an everyday word that may still be part of a name."""
    return seg.label == "N" or (seg.label == "W" and is_given_name_shape(seg.text, lex))


def name_runs(segments: tuple[Segment, ...], lex: Lexicon) -> list[tuple[int, int]]:
    """Index ranges [i, j) of runs of name-like segments (at most four words).

    A run is made of name-like words (``N``); everyday capitalised words join it when the
    shape says they are name parts: between two name-like words ("Ri Song Chol"), after
    two of them or after a title or honorific ("Pak Hye Song", "Lê Minh An"), or before
    them right after a title ("Chairwoman Grace Wambui"). Not in title-case headlines.
    """
    headline = is_headline(segments)
    runs = []
    i = 0
    while i < len(segments):
        if segments[i].label == "N":
            start = i
            if i > 0 and _joins_before(segments, i, lex, headline):
                start = i - 1
            evidence = start > 0 and segments[start - 1].label in ("T", "H")
            j = i
            names = 0
            particles = 0  # "bin", "da", "van" inside the name: not counted in its length
            while j < len(segments) and (j == i or segments[j].start - segments[j - 1].end <= 1):
                seg = segments[j]
                if j > i and not headline and _article_surname(seg):
                    j += 1  # "Sabah al-Khalid": a surname with its lower-case article
                    names += 1
                    continue
                initial = _initial(segments, j, lex) if j > i and not headline else 0
                if initial:
                    j += initial  # "Kofi A. Mensah", "Md. Habibur Rahman"
                    particles += 1
                    continue
                if j > i and not headline and _particle(segments, j) and j - start - particles < 4:
                    j += 1
                    particles += 1
                    continue
                if seg.label == "N":
                    j += 1
                    names += 1
                    if _POSSESSIVE.search(seg.text):
                        break  # "Tomás Rivas’s visit": the name ends at the possessive
                    continue
                if (
                    seg.label == "A"
                    and not headline
                    and j - start >= 2
                    and " " not in seg.text
                    and (j + 1 >= len(segments) or segments[j + 1].label == "X")
                ):
                    j += 1  # "Vương Quốc Thái received": a name word spelt like "Thai"
                    break
                if headline or not _name_word(seg, lex) or j - start - particles >= 4:
                    break
                # an everyday word inside a name: before a name-like word, or at the end
                # of a run long enough (or introduced enough) to be a full name
                after = j + 1 < len(segments) and segments[j + 1].start - seg.end <= 1
                if after and (segments[j + 1].label == "N" or _particle(segments, j + 1)):
                    j += 1
                    continue
                described = (
                    j + 2 < len(segments)
                    and segments[j + 1].text == ","
                    and fold(segments[j + 2].text) in ("a", "an", "who")
                    and segments[j + 1].start == seg.end
                )
                if (j - start >= 2 or evidence or described) and not (
                    after
                    and segments[j + 1].label in ("W",)
                    and not _name_word(segments[j + 1], lex)
                ):
                    j += 1
                    continue
                break
            # "Chairman Ana Ruiz I discussed": a stray letter after a name is not part of it
            while j - start > 1 and _stray_letter(segments, j - 1):
                j -= 1
            if j - start - particles <= 4:
                runs.append((start, j))
            i = j
        else:
            i += 1
    return runs


@cache
def _particles() -> frozenset[str]:
    return frozenset(fold(w) for w in rules.names().name_particles.words)


_ARTICLE_SURNAME = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an|ud|ul|ed)-[A-Z][\w’']*")


def _article_surname(seg: Segment) -> bool:
    """A surname written with its lower-case Arabic article: "al-Khalid", "el-Amin"."""
    return _ARTICLE_SURNAME.fullmatch(seg.text) is not None


@cache
def _abbreviated_names() -> frozenset[str]:
    return frozenset(fold(w) for w in rules.names().name_abbreviations.words)


def _short(seg: Segment) -> bool:
    """An initial ("A") or a given name written short ("Md")."""
    return (len(seg.text) == 1 and seg.text.isupper()) or fold(seg.text) in _abbreviated_names()


def _initial(segments: tuple[Segment, ...], j: int, lex: Lexicon) -> int:
    """How many segments at j are an initial and its full stop inside a name ("Kofi A.
    Mensah"), or the full stop of one already in the run ("Md. Habibur"): 0 if none."""

    def name_after(k: int) -> bool:
        return (
            k + 1 < len(segments)
            and segments[k + 1].label == "N"
            and segments[k + 1].start - segments[k].end <= 1
        )

    seg = segments[j]
    if seg.text == "." and _short(segments[j - 1]) and seg.start == segments[j - 1].end:
        return 1 if name_after(j) else 0
    if (
        _short(seg)
        and j + 1 < len(segments)
        and segments[j + 1].text == "."
        and segments[j + 1].start == seg.end
        and name_after(j + 1)
    ):
        return 2
    return 0


def _particle(segments: tuple[Segment, ...], j: int) -> bool:
    """A lower-case particle of ``names.yaml`` between two words of a name ("Fahd bin
    Saad", "Maria da Costa"): the word after it touches it and is name-like."""
    seg = segments[j]
    if not seg.text[:1].islower() or fold(seg.text) not in _particles():
        return False
    return (
        j + 1 < len(segments)
        and segments[j + 1].start - seg.end <= 1
        and segments[j + 1].label == "N"
    )


def _relative_title(segs: tuple[Segment, ...], j: int) -> int | None:
    """Where the title starts in ", who is (also) [the] <title …>" after a name, if so."""
    words = [fold(seg.text) for seg in segs[j : j + 6]]
    if len(words) < 4 or words[0] != "," or words[1] != "who" or words[2] != "is":
        return None
    k = j + 3
    while k < len(segs) and fold(segs[k].text) in ("also", "the", "now", "currently"):
        k += 1
    while k < len(segs) and segs[k].label in ("A", "C"):
        k += 1
    if k < len(segs) and segs[k].label == "T":
        return (
            j
            + 3
            + sum(
                1
                for seg in segs[j + 3 : k]
                if fold(seg.text) in ("also", "the", "now", "currently")
            )
        )
    return None


def _description_before(segs: tuple[Segment, ...], k: int) -> int | None:
    """Where a description between commas that ends at the comma k opens (its comma),
    if one does: ", the lower house of Kazakhstan's Parliament,"."""
    for c in range(k - 1, max(k - 12, 0), -1):
        seg = segs[c]
        if seg.label in ("N", "T", "H"):
            return None
        if seg.text == ",":
            opens = c + 1 < k and fold(segs[c + 1].text) in ("the", "a", "an")
            return c if opens else None
    return None


def _stray_letter(segments: tuple[Segment, ...], k: int) -> bool:
    """A one-letter word with no full stop after it: a pronoun or a typing slip."""
    seg = segments[k]
    if len(seg.text) != 1:
        return False
    return not (
        k + 1 < len(segments) and segments[k + 1].text == "." and segments[k + 1].start == seg.end
    )


def _joins_before(segments: tuple[Segment, ...], i: int, lex: Lexicon, headline: bool) -> bool:
    """Whether the capitalised word before the name-like word at i is part of the name."""
    prev = segments[i - 1]
    if prev.label != "W" or segments[i].start - prev.end > 1 or headline:
        return False
    word = fold(prev.text)
    if "-" in prev.text or word in NEVER_INSIDE or word.endswith("'s"):
        return False
    # right after a title, a nationality or an honorific ("Chairwoman Grace Wambui",
    # "Vice Chairwoman To Thi Mai Huong")
    if (
        i > 1
        and segments[i - 2].label in ("T", "C", "A", "H")
        and prev.start - segments[i - 2].end <= 1
    ):
        return len(word) <= 3 or word not in lex.not_given_names
    # "…, Gift Mwansa of Zambia and …": a name given with its country
    end = i
    while end < len(segments) and segments[end].label == "N":
        end += 1
    # "the Secretary General, Grace Njeri Ouma, said": after a comma, an everyday word
    # opening a full name (two name-like words more, or a hyphenated given name)
    if (
        i > 1
        and segments[i - 2].text == ","
        and is_given_name_shape(prev.text, lex)
        and word not in lex.not_given_names
        and (end - i >= 2 or (end - i == 1 and "-" in segments[i].text))
        and (end >= len(segments) or segments[end].label in ("X", "K"))
    ):
        return True
    if (
        end + 1 < len(segments)
        and fold(segments[end].text) == "of"
        and segments[end + 1].label == "C"
        and is_given_name_shape(prev.text, lex)
        and (i == 1 or segments[i - 2].text in (",", ":") or fold(segments[i - 2].text) == "and")
    ):
        return True
    # a short word opening a name ("He Wenbo said", "… with Ha Thi Ngoc Lan"); inside a
    # sentence a capital letter on "To", "An" or "Do" says it is a name
    if len(prev.text) > 3:
        return False
    if i == 1:
        return word not in lex.not_given_names
    return segments[i - 2].label in ("K", "X", "HEAD", "O", "ACR", "W")


def find_names(
    labelled: Labelled,
    article_text: str,
    lex: Lexicon,
    known_acronyms: dict[str, str],
    default_country: str | None,
) -> list[NameFound]:
    """Every name-like run of the sentence, with the evidence and posts around it."""
    segs = labelled.segments
    found = []
    for i, j in name_runs(segs, lex):
        start, end = segs[i].start, segs[j - 1].end
        possessive = _POSSESSIVE.search(article_text[start:end])
        if possessive:
            end -= len(possessive.group())
        if end <= start:
            continue
        if i > 0 and fold(segs[i - 1].text) in ("the", "a", "an") and segs[i - 1].end >= start - 1:
            continue  # "the Old Town", "a Sectoral Dialogue Partner": a thing, not a person
        name = NameFound(start, end, article_text[start:end], None)
        # honorifics directly before
        k = i - 1
        while k >= 0 and segs[k].label == "H":
            name.evidence = "honorific"
            k -= 1
        # a title context to the left, within the same phrase
        left = _left_context(segs, k, lex) if k >= 0 else []
        if left and any(s.label == "T" for s in left):
            name.evidence = "title"
            _read_posts(left, name, article_text, lex, known_acronyms, default_country, labelled)
        elif k >= 0 and fold(segs[k].text) in ("counterpart", "counterparts"):
            name.evidence = name.evidence or "counterpart"
            if k >= 1 and segs[k - 1].label == "A":
                name.country = segs[k - 1].value  # type: ignore[assignment]
        elif k >= 1 and segs[k].text == "," and fold(segs[k - 1].text) == "counterpart":
            name.evidence = name.evidence or "counterpart"
            if k >= 2 and segs[k - 2].label == "A":
                name.country = segs[k - 2].value  # type: ignore[assignment]
        elif k >= 1 and segs[k].text == "," and (j >= len(segs) or segs[j].label == "X"):
            # "the Ambassador of Laos to Malaysia, Thipphakone Sisouphanh, who …" (not
            # "A, Minister of …, B": there the title is A's)
            left = _left_context(segs, k - 1, lex)
            end = k - 1
            if not any(s.label == "T" for s in left):
                # "Chairman of the Mazhilis, the lower house of Parliament, Aidos Temirkhan":
                # the title before a description set off by commas
                opening = _description_before(segs, k)
                if opening is not None:
                    end = opening - 1
                    left = _left_context(segs, end, lex)
            first = end - len(left)
            if first >= 1 and segs[first].text == "," and segs[first - 1].label == "N":
                left = []
            if left and any(s.label == "T" for s in left):
                name.evidence = "title"
                _read_posts(
                    left, name, article_text, lex, known_acronyms, default_country, labelled
                )
        # "his Azerbaijani counterpart, Deputy Minister … X": the counterpart's country
        if name.evidence == "title" and name.country is None:
            first = k - len(left) if left else k
            if (
                first >= 2
                and segs[first].text == ","
                and fold(segs[first - 1].text) == "counterpart"
                and segs[first - 2].label == "A"
            ):
                name.country = segs[first - 2].value  # type: ignore[assignment]
            elif (
                first >= 1
                and fold(segs[first].text) == "counterpart"
                and segs[first - 1].label == "A"
            ):
                name.country = segs[first - 1].value  # type: ignore[assignment]
        # "the Vietnamese delegation was headed by Deputy Minister X": the delegation's
        if name.country is None:
            first = k - len(left) if left else k
            nationality = _delegation_of(segs, first)
            if nationality is not None:
                name.country = nationality
                name.posts = [
                    replace(p, country=nationality)
                    if p.country is None and p.org is None and p.owner is None
                    else p
                    for p in name.posts
                ]
        # "X of Laos"
        if j + 1 < len(segs) and fold(segs[j].text) == "of" and segs[j + 1].label == "C":
            name.country = segs[j + 1].value  # type: ignore[assignment]
        # "Chairman Ana Ruiz of the Senate Committee on …": the body of a title before the name
        elif j + 1 < len(segs) and fold(segs[j].text) == "of" and name.posts:
            body = _right_context(segs, j + 1)
            while body and body[0].label == "K":
                body.pop(0)
            body = list(itertools.takewhile(lambda seg: seg.text != ",", body))
            if any(seg.label in ("HEAD", "O", "ACR") for seg in body):
                orgs = canonical(
                    body, article_text, lex, known_acronyms, default_country, labelled.notes
                )
                if orgs:
                    name.posts = [
                        replace(p, org=orgs[0])
                        if p.org is None and p.rule.body in (None, "prosecutor")
                        else p
                        for p in name.posts
                    ]
                    if name.country is None and orgs[0].kind != "international_organisation":
                        name.country = orgs[0].country
        # apposition: ", Title of …", ", who is also Azerbaijan's Ambassador to …"
        relative = _relative_title(segs, j)
        if relative is not None and not any(
            p.rule.body in ("embassy", "high_commission") and p.host for p in name.posts
        ):
            right = _right_context(segs, relative)
            after = relative + len(right)
            if (
                right
                and any(seg.label == "T" for seg in right)
                and any(seg.label in ("HEAD", "O", "ACR", "C", "A") for seg in right)
                and (after >= len(segs) or segs[after].label not in ("N", "H"))
            ):
                name.evidence = name.evidence or "apposition"
                _read_posts(
                    right, name, article_text, lex, known_acronyms, default_country, labelled
                )
        elif (j + 1 < len(segs) and segs[j].text == "," and segs[j + 1].label == "T") or (
            j + 2 < len(segs)
            and segs[j].text == ","
            and segs[j + 1].label in ("A", "C", "W")
            and segs[j + 2].label == "T"
        ):
            right = _right_context(segs, j + 1)
            after = j + 1 + len(right)
            if after < len(segs) and segs[after].label in ("N", "H"):
                # the last title belongs to the next name in a list
                commas = [n for n, seg in enumerate(right) if seg.text == ","]
                right = right[: commas[-1]] if commas else []
            if right:
                name.evidence = name.evidence or "apposition"
                _read_posts(
                    right, name, article_text, lex, known_acronyms, default_country, labelled
                )
        name.context_start = segs[k - len(left) + 1].start if left else None
        found.append(name)
    _distribute_nationality(found, segs)
    return found


_DELEGATION = ("delegation", "delegations", "team", "side")


def _delegation_of(segs: tuple[Segment, ...], first: int) -> str | None:
    """The nationality of a delegation headed by the person whose title phrase starts
    after index ``first``: "the Polish delegation (was) headed by", "and the Vietnamese
    delegation by", "a Kenyan parliamentary delegation led by"."""
    k = first
    if k < 0 or fold(segs[k].text) != "by":
        return None
    k -= 1
    if k >= 0 and fold(segs[k].text) in ("headed", "led", "chaired"):
        k -= 1
    if k >= 0 and fold(segs[k].text) in ("was", "is", "were", "are", ","):
        k -= 1
    if k < 0 or fold(segs[k].text) not in _DELEGATION:
        return None
    k -= 1
    if k >= 1 and segs[k].label in ("X", "W") and segs[k - 1].label == "A":
        k -= 1  # "Kenyan parliamentary delegation"
    if k >= 0 and segs[k].label == "A":
        return segs[k].value  # type: ignore[return-value]
    return None


def _distribute_nationality(found: list[NameFound], segs: tuple[Segment, ...]) -> None:
    """``Kenyan Prime Minister A and Vice President B``: the nationality before the first
    title holds for a title coordinated with it that has no nationality of its own."""
    starts = {seg.start: n for n, seg in enumerate(segs)}
    for before, name in itertools.pairwise(found):
        if name.country is not None or not name.posts or before.lead_country is None:
            continue
        first = starts.get(name.context_start) if name.context_start is not None else None
        if first is None or first < 2 or fold(segs[first - 1].text) != "and":
            continue
        if segs[first - 2].end != before.end:
            continue
        if any(p.country or p.org is not None for p in name.posts):
            continue
        name.country = before.lead_country
        name.posts = [replace(p, country=before.lead_country) for p in name.posts]


#: Labels of the words a title phrase is made of.
_CONTEXT = ("T", "K", "C", "A", "W", "HEAD", "O", "ACR")


def _comma_inside(segs: tuple[Segment, ...], k: int) -> bool:
    """Whether the comma at k is inside one title phrase: between titles of a list
    ("Deputy Prime Minister, Minister of Foreign Affairs …") or after an abbreviation in a
    body's name ("of the C.C., WPK")."""
    if k == 0 or k + 1 >= len(segs) or segs[k - 1].label not in _CONTEXT:
        return False
    after = segs[k + 1]
    if after.label == "T":
        return True
    if after.label in ("A", "C") and k + 2 < len(segs) and segs[k + 2].label == "T":
        return True
    if not segs[k - 1].text.endswith("."):
        return False
    # "of the C.C., Workers' Party of Korea": the body's name goes on after the comma
    for seg in segs[k + 1 : k + 4]:
        if seg.label in ("ACR", "O", "HEAD", "C"):
            return True
        if seg.label != "W":
            return False
    return False


def _left_context(segs: tuple[Segment, ...], k: int, lex: Lexicon) -> list[Segment]:
    """Segments of the title phrase that ends at index k (inclusive), if any."""
    context: list[Segment] = []
    while k >= 0:
        if (
            segs[k].label in _CONTEXT
            or (context and segs[k].text == "," and _comma_inside(segs, k))
            or (
                # a name-like word inside a portfolio: "for Foreign and Diaspora Affairs"
                segs[k].label == "N"
                and context
                and context[0].label in ("W", "HEAD")
                and k > 0
                and segs[k - 1].label in ("K", "W")
            )
        ):
            context.insert(0, segs[k])
            k -= 1
            continue
        break
    if k >= 0 and lex.is_former(segs[k].text):
        context.insert(0, segs[k])
    # the phrase must reach the name through title words, not through a bare connector "and"
    while context and (context[0].label == "K" or context[0].text == ","):
        context.pop(0)
    # "… of the Court of Cassation": a name-like word after a connector is the object
    # of the phrase, not the person the title introduces
    if context and context[-1].label == "K":
        return []
    return context


def _right_context(segs: tuple[Segment, ...], k: int) -> list[Segment]:
    context: list[Segment] = []
    while k < len(segs):
        if segs[k].label in _CONTEXT or (segs[k].text == "," and _comma_inside(segs, k)):
            context.append(segs[k])
            k += 1
            continue
        break
    while context and (context[-1].label == "K" or context[-1].text == ","):
        context.pop()
    return context


def _title_groups(context: list[Segment], lex: Lexicon) -> list[tuple[list, list, list]]:
    """Split a title phrase into its titles, each as (lead, titles, complement).

    ``Politburo member, Secretary of the Party Central Committee and Head of the
    Commission`` is three groups; titles joined by "and" with nothing between them share
    one complement (``Deputy Speaker and Secretary-General of the Senate``). A former
    title ends the phrase (``… and former Ambassador``)."""
    groups: list[tuple[list, list, list]] = []
    i = 0
    while i < len(context):
        lead: list[Segment] = []
        while i < len(context) and context[i].label != "T":
            if lex.is_former(context[i].text):
                return groups
            lead.append(context[i])
            i += 1
        titles: list[Segment] = []
        while i < len(context) and context[i].label == "T":
            titles.append(context[i])
            i += 1
            if (
                i + 1 < len(context)
                and fold(context[i].text) == "and"
                and context[i + 1].label == "T"
            ):
                i += 1
        rest: list[Segment] = []
        while i < len(context):
            seg = context[i]
            if (seg.text == "," or fold(seg.text) == "and") and _opens_title(context, i + 1, lex):
                i += 1
                break
            rest.append(seg)
            i += 1
        if titles:
            groups.append((lead, titles, rest))
    return groups


def _opens_title(context: list[Segment], i: int, lex: Lexicon) -> bool:
    """Whether a title (after a nationality, or a word that makes it former) starts at i."""
    while i < len(context) and (context[i].label in ("A", "C") or lex.is_former(context[i].text)):
        if lex.is_former(context[i].text):
            return True
        i += 1
    return i < len(context) and context[i].label == "T"


def _read_posts(
    context: list[Segment],
    name: NameFound,
    article_text: str,
    lex: Lexicon,
    known_acronyms: dict[str, str],
    default_country: str | None,
    labelled: Labelled,
) -> None:
    """Turn ``Lao Deputy Minister of Foreign Affairs`` … into posts on the name."""
    if context and lex.is_former(context[0].text):
        return
    groups = _title_groups(context, lex)
    lead_country = None
    for number, (lead, titles, rest) in enumerate(groups):
        country = next((s.value for s in lead if s.label in ("A", "C")), None)
        # "Kenyan Prime Minister A and Vice President B", "Lao Deputy Prime Minister,
        # Minister of …": the nationality of the first title holds for the others
        lead_country = lead_country or country
        if number == 0 and context is not None and name.lead_country is None:
            name.lead_country = country
        if country is None and number > 0:
            country = lead_country
        host = None
        org: OrgPhrase | None = None
        portfolio = None
        if lead and any(s.label in ("HEAD", "O", "ACR") for s in lead):
            orgs = canonical(
                lead, article_text, lex, known_acronyms, default_country, labelled.notes
            )
            if orgs:
                org = orgs[0]
        lead_org = org
        if org is None and _body_without_of(rest):
            # "Chairman Senate X", "Speaker National Assembly X" (South Asian usage): the
            # body written right after the title, without "of", is the title's body
            orgs = canonical(
                rest, article_text, lex, known_acronyms, country or default_country, labelled.notes
            )
            if orgs:
                org = orgs[0]
        elif rest and fold(rest[0].text) in ("of", "to", "for", "in", "at"):
            org, country, host, portfolio = _read_complement(
                rest,
                titles[-1].value,
                org,
                country,
                article_text,
                lex,
                known_acronyms,
                default_country,
                labelled,
            )
        if (
            org is not None
            and org.country
            and country is None
            and org.kind != "international_organisation"
        ):
            country = org.country
        owner = None
        if org is None and not lead and number == 0:
            before = article_text[max(0, context[0].start - 40) : context[0].start]
            possessive = lex.discourse.owner_possessive.search(before)
            owner = possessive.group(1) if possessive else None
            if lex.discourse.owner_pronoun.search(before):  # "its President": the body just named
                owner = ""
        for n, seg in enumerate(titles):
            rule: TitleRule = seg.value
            span = (seg.start, seg.end)
            # "Party General Secretary and State President": the body before the first
            # title is not the body of a later title that implies its own
            own = org if n == 0 or rule.body is None or org is not lead_org else None
            if n == 0 and len(titles) > 1 and lead_org is not None and org is not lead_org:
                own = lead_org  # "Politburo member and Head of the Commission"
            field = portfolio or rule.portfolio
            name.posts.append(PostFound(rule, own, country, host, field, span, owner))
            if rule.also:
                name.posts.append(PostFound(rule.also, None, country, host, None, span))
        if name.country is None and country is not None:
            name.country = country


def _body_without_of(rest: list[Segment]) -> bool:
    """Whether the words after a title are a body's name with no connector before it
    (``Senate``, ``National Assembly``): one to three words ending in the body's head."""
    if not rest or len(rest) > 3 or rest[-1].label not in ("HEAD", "O", "ACR"):
        return False
    return all(s.label in ("W", "HEAD", "O", "ACR") for s in rest)


def names_ministry(rule: Post) -> bool:
    """Whether "of/for <portfolio>" after the title names a ministry: a minister's post
    ("Minister for Trade", "Minister of State for External Affairs"), not a premier's."""
    return rule.body == "ministry" or (
        rule.body == "government" and "Minister" in rule.title and "Prime" not in rule.title
    )


def _read_complement(
    rest, rule, org, country, article_text, lex, known_acronyms, default_country, labelled
):
    """Read ``of <Country>``, ``of the <Organisation>``, ``to <Country>`` after a title."""
    host = None
    portfolio = None
    groups: list[tuple[str, list[Segment]]] = []
    firsts: list[int] = []  # where each group's words start in ``rest``
    for index, seg in enumerate(rest):
        word = fold(seg.text)
        if (
            seg.label == "K"
            and word in ("of", "to", "for", "in", "at")
            and (not groups or groups[-1][1])
        ):
            groups.append((word, []))
            firsts.append(index + 1)
        elif groups:
            if seg.label == "K" and word == "the" and not groups[-1][1]:
                firsts[-1] = index + 1
                continue
            if seg.text == "," and not groups[-1][1]:
                continue
            groups[-1][1].append(seg)
    # Re-join "of X of Y" runs that form one organisation name, as written.
    for n, (word, segs) in enumerate(groups):
        segs = [s for s in segs if s.text != ","]
        text = " ".join(s.text for s in segs)
        code = lex.country_of_name(text)
        if word == "to" and code:
            host = code
            continue
        if code and word in ("of", "for"):
            country = country or code
            continue
        if word in ("of", "at", "in") and any(s.label in ("HEAD", "O", "ACR") for s in segs):
            whole = list(rest[firsts[n] :])
            found = canonical(
                whole, article_text, lex, known_acronyms, country or default_country, labelled.notes
            )
            if found:
                org = found[0]
                if org.country and country is None and org.kind != "international_organisation":
                    country = org.country
            break
        if (
            word in ("of", "for")
            and names_ministry(rule)
            and segs
            and all(s.label in ("W", "K", "N") for s in segs)
        ):
            portfolio = text
            continue
    return org, country, host, portfolio
