"""Find people, with their titles, in a labelled sentence.

A run of name-like words is a person when the text gives evidence: a title before it
(``Lao Foreign Minister Thongsavanh Phomvihane``), a title after it in apposition
(``Sounthone Xayachack, Vice President of …``), an honorific (``Mr Maithong``) or the
word ``counterpart``. Runs without evidence are kept as candidates and count only when
they name a person the article already introduced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from communique.extract.lexicon import Lexicon, fold
from communique.extract.organisations import OrgPhrase, canonical
from communique.extract.segments import Labelled, Segment
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


def name_runs(segments: tuple[Segment, ...], lex: Lexicon) -> list[tuple[int, int]]:
    """Index ranges [i, j) of runs of name-like segments (at most four words)."""
    runs = []
    i = 0
    while i < len(segments):
        if segments[i].label == "N":
            j = i
            while j < len(segments) and (j == i or segments[j].start - segments[j - 1].end <= 1):
                if segments[j].label == "N" or _particle(segments, j):
                    j += 1
                else:
                    break
            start = i
            # a short capitalised word before a name may belong to it ("Ha Thi Ngoc Lan")
            if (
                i > 0
                and segments[i - 1].label == "W"
                and len(segments[i - 1].text) <= 3
                and j - i >= 2
                and (i == 1 or segments[i - 2].label in ("K", "X"))
                and fold(segments[i - 1].text) not in ("the", "on", "in", "at", "mr", "ms", "a")
            ) or (
                i > 1
                and segments[i - 1].label == "W"
                and segments[i - 2].label in ("T", "C", "A", "H")
                and segments[i - 1].start - segments[i - 2].end <= 1
                and "-" not in segments[i - 1].text
                and fold(segments[i - 1].text) not in lex.not_given_names
            ):
                start = i - 1
            if j - start <= 4:
                runs.append((start, j))
            i = j
        else:
            i += 1
    return runs


def _particle(segments: tuple[Segment, ...], j: int) -> bool:
    """A short capitalised word between two name words is part of the name."""
    seg = segments[j]
    return (
        seg.label == "W"
        and len(seg.text) <= 3
        and seg.text[:1].isupper()
        and fold(seg.text) not in ("the", "of", "and", "on", "in", "at", "mr", "ms", "dr")
        and j + 1 < len(segments)
        and segments[j + 1].label == "N"
        and segments[j + 1].start - seg.end <= 1
    )


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
            # "the Ambassador of Laos to Malaysia, Thipphakone Sisouphanh, who …"
            left = _left_context(segs, k - 1, lex)
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
        # "X of Laos"
        if j + 1 < len(segs) and fold(segs[j].text) == "of" and segs[j + 1].label == "C":
            name.country = segs[j + 1].value  # type: ignore[assignment]
        # apposition: ", Title of …"
        if (j + 1 < len(segs) and segs[j].text == "," and segs[j + 1].label == "T") or (
            j + 2 < len(segs)
            and segs[j].text == ","
            and segs[j + 1].label in ("A", "C", "W")
            and segs[j + 2].label == "T"
        ):
            right = _right_context(segs, j + 1)
            after = j + 1 + len(right)
            if after < len(segs) and segs[after].label in ("N", "H"):
                right = []  # the title belongs to the next name in a list
            if right:
                name.evidence = name.evidence or "apposition"
                _read_posts(
                    right, name, article_text, lex, known_acronyms, default_country, labelled
                )
        found.append(name)
    return found


def _left_context(segs: tuple[Segment, ...], k: int, lex: Lexicon) -> list[Segment]:
    """Segments of the title phrase that ends at index k (inclusive), if any."""
    context: list[Segment] = []
    while k >= 0 and segs[k].label in ("T", "K", "C", "A", "W", "HEAD", "O", "ACR"):
        context.insert(0, segs[k])
        k -= 1
    if k >= 0 and lex.is_former(segs[k].text):
        context.insert(0, segs[k])
    # the phrase must reach the name through title words, not through a bare connector "and"
    while context and context[0].label == "K":
        context.pop(0)
    if context and context[-1].label == "K" and fold(context[-1].text) == "and":
        return []
    return context


def _right_context(segs: tuple[Segment, ...], k: int) -> list[Segment]:
    context: list[Segment] = []
    while k < len(segs) and segs[k].label in ("T", "K", "C", "A", "W", "HEAD", "O", "ACR"):
        context.append(segs[k])
        k += 1
    while context and context[-1].label == "K":
        context.pop()
    return context


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
    former = bool(context) and lex.is_former(context[0].text)
    if former:
        context = context[1:]
    lead_country = None
    lead_org: list[Segment] = []
    i = 0
    while i < len(context) and context[i].label != "T":
        seg = context[i]
        if seg.label in ("A", "C") and lead_country is None:
            lead_country = seg.value
        lead_org.append(seg)
        i += 1
    titles: list[TitleRule] = []
    spans: list[tuple[int, int]] = []
    while i < len(context) and context[i].label == "T":
        titles.append(context[i].value)  # type: ignore[arg-type]
        spans.append((context[i].start, context[i].end))
        i += 1
        if i + 1 < len(context) and fold(context[i].text) == "and" and context[i + 1].label == "T":
            i += 1
            continue
        if (
            i < len(context)
            and fold(context[i].text) in ("and",)
            and i + 1 < len(context)
            and lex.is_former(context[i + 1].text)
        ):
            break
    rest = context[i:]
    # "… and former Ambassador …": stop at a former title
    for n, seg in enumerate(rest):
        if (
            fold(seg.text) == "and"
            and n + 1 < len(rest)
            and (rest[n + 1].label == "T" or lex.is_former(rest[n + 1].text))
        ):
            rest = rest[:n]
            break
    if former or not titles:
        return
    country = lead_country
    host = None
    org: OrgPhrase | None = None
    portfolio = None
    if lead_org and any(s.label in ("HEAD", "O", "ACR") for s in lead_org):
        orgs = canonical(
            lead_org, article_text, lex, known_acronyms, default_country, labelled.notes
        )
        if orgs:
            org = orgs[0]
    if rest and fold(rest[0].text) in ("of", "to", "for", "in", "at"):
        org, country, host, portfolio = _read_complement(
            rest,
            titles[-1],
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
        and org.kind not in ("international_organisation",)
    ):
        country = org.country
    owner = None
    if org is None and not lead_org:
        before = article_text[max(0, context[0].start - 40) : context[0].start]
        possessive = lex.discourse.owner_possessive.search(before)
        owner = possessive.group(1) if possessive else None
        if lex.discourse.owner_pronoun.search(before):  # "its President": the body just named
            owner = ""
    for rule, span in zip(titles, spans, strict=True):
        name.posts.append(PostFound(rule, org, country, host, portfolio, span, owner))
        if rule.also:
            name.posts.append(PostFound(rule.also, None, country, host, None, span))
    if name.country is None and country is not None:
        name.country = country


def _read_complement(
    rest, rule, org, country, article_text, lex, known_acronyms, default_country, labelled
):
    """Read ``of <Country>``, ``of the <Organisation>``, ``to <Country>`` after a title."""
    host = None
    portfolio = None
    groups: list[tuple[str, list[Segment]]] = []
    for seg in rest:
        word = fold(seg.text)
        if (
            seg.label == "K"
            and word in ("of", "to", "for", "in", "at")
            and (not groups or groups[-1][1])
        ):
            groups.append((word, []))
        elif groups:
            if seg.label == "K" and word == "the" and not groups[-1][1]:
                continue
            groups[-1][1].append(seg)
    # Re-join "of X of Y" runs that form one organisation name.
    for n, (word, segs) in enumerate(groups):
        text = " ".join(s.text for s in segs)
        code = lex.country_of_name(text)
        if word == "to" and code:
            host = code
            continue
        if code and word in ("of", "for"):
            country = country or code
            continue
        if word in ("of", "at", "in") and any(s.label in ("HEAD", "O", "ACR") for s in segs):
            whole = segs + _rejoin(groups[n + 1 :])
            found = canonical(
                whole, article_text, lex, known_acronyms, country or default_country, labelled.notes
            )
            if found:
                org = found[0]
                if org.country and country is None and org.kind != "international_organisation":
                    country = org.country
            break
        if (
            word == "of"
            and rule.body == "ministry"
            and segs
            and all(s.label in ("W", "K", "N") for s in segs)
        ):
            portfolio = text
            continue
    return org, country, host, portfolio


def _rejoin(groups: list[tuple[str, list[Segment]]]) -> list[Segment]:
    segs: list[Segment] = []
    for word, group in groups:
        segs.append(
            Segment("K", group[0].start if group else 0, group[0].start if group else 0, word)
        )
        segs.extend(group)
    return segs
