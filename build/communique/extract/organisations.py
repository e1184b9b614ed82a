"""Recognise organisation names in a labelled sentence and give each its canonical form.

Canonical names follow the data model: state bodies carry their country as ``of <Country>``
(``Lao National Assembly`` -> ``National Assembly of Laos``), the foreign ministry is always
``Ministry of Foreign Affairs of <Country>``, embassies are ``Embassy of <Sender> in <Host>``,
and plural forms name one body per country (``the Ministries of Foreign Affairs of Azerbaijan
and Laos`` -> two). Parents come from ``X of Y`` when Y is itself a body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.extract.lexicon import Lexicon, fold
from communique.extract.segments import Labelled, Segment
from communique.rules.models import NamedBody

STATE_KINDS = frozenset(
    {"ministry", "legislature", "diplomatic_mission", "government", "judiciary"}
)
_ABBREVIATION = re.compile(r"[A-Z][A-Za-z.&\-]*[A-Z]")
_SPACES = re.compile(r"\s+")
_WORD_BREAK = re.compile(r"[\s\-–]+")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
# a party organ written before or inside its party's name is not part of the party's name
_CENTRAL_COMMITTEE_OF = re.compile(r"^Central Committee of (?:the\s+)?")
_CENTRAL_COMMITTEE = re.compile(r"\s+Central Committee\b")
# "Members of the X Association": the body is X
_SOME_OF = re.compile(r"^([^ ]+(?: [^ ]+)?) of (?:the )?(.+)$")
_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_LIST_OF_COUNTRIES = re.compile(r"\s*,\s*|\s+and\s+")
_IN_PLACE = re.compile(r"\s+in\s+(?:the\s+)?(.+)$")


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


def _has_head(segments: list[Segment]) -> bool:
    return any(s.label in ("HEAD", "O") for s in segments)


def phrase_spans(
    labelled: Labelled, lex: Lexicon, known_acronyms: dict[str, str]
) -> list[list[Segment]]:
    """Maximal runs of segments that name one organisation each."""
    runs: list[list[Segment]] = []
    current: list[Segment] = []
    notes_at = set(labelled.notes)

    def close() -> None:
        # a name after the body's name is a person ("… Party Elshad Novruzov")
        while current and current[-1].label == "K":
            current.pop()
        tail = len(current)
        while tail and current[tail - 1].label == "N":
            tail -= 1
        if tail < len(current) and not (tail and current[tail - 1].label == "K"):
            del current[tail:]  # "X of Fictional Harbours" keeps its words after "of"
        while current and current[-1].label == "K":
            current.pop()
        while current and current[0].label == "N":
            current.pop(0)
        # "ADA University in Baku": the city is where it is, not part of its name
        if (
            len(current) > 2
            and current[-1].label == "P"
            and not any(s.label == "HEAD" and s.value == "diplomatic_mission" for s in current)
        ):
            del current[-2:]
        # "Later the OFH", "Both the X": a word before "the" is not part of the name
        for n in range(len(current) - 1, 0, -1):
            if (
                fold(current[n].text) == "the"
                and current[n].label == "K"
                and all(s.label in ("W", "K", "N") for s in current[:n])
            ):
                del current[: n + 1]
                break
        while current and (
            current[0].label == "K"
            or (current[0].label == "W" and fold(current[0].text) in lex.not_leading)
        ):
            current.pop(0)
        generic = (
            len(current) == 1 and current[0].label == "HEAD" and " " not in current[0].text
        ) or fold(" ".join(s.text for s in current)) in lex.generic_bodies  # "Central Committee"
        if (
            current
            and not generic
            and (
                _has_head(current)
                or _is_known_acronym(current, known_acronyms, lex)
                or _is_mfa(current)
            )
        ):
            runs.extend(_split_coordination(list(current)))
        current.clear()

    for seg in labelled.segments:
        if seg.label in ("A", "C", "W", "ACR", "HEAD", "O", "K", "N") or (
            seg.label == "P" and current and fold(current[-1].text) == "in"
        ):
            if seg.label == "K" and (not current or fold(seg.text) not in lex.run_connectors):
                close()
                continue
            current.append(seg)
            if seg.end in notes_at:
                close()
        else:
            close()
    close()
    return runs


def _is_known_acronym(run: list[Segment], known: dict[str, str], lex: Lexicon) -> bool:
    return any(s.label == "ACR" and (s.text in known or s.text in lex.acronyms) for s in run)


def _is_mfa(run: list[Segment]) -> bool:
    return any(s.label == "ACR" and s.text == "MFA" for s in run)


def _split_coordination(run: list[Segment]) -> list[list[Segment]]:
    """Split ``A Party and the B Party`` into two bodies; keep ``Ministry of X and Y`` whole."""
    for i, seg in enumerate(run):
        if seg.label == "K" and fold(seg.text) == "and" and 0 < i < len(run) - 1:
            left, right = run[:i], run[i + 1 :]
            while right and right[0].label == "K":
                right = right[1:]
            fresh = i + 1 < len(run) and run[i + 1].label == "K"  # "… and the X"
            if (
                left
                and right
                and (_has_head(left) or left[-1].label == "ACR")
                and (left[-1].label in ("HEAD", "O", "ACR", "C") or fresh)
                and (_has_head(right) or right[0].label == "ACR")
                and not (left[-1].label == "C" and not _has_head(right))
            ):
                return [left, *_split_coordination(right)]
    # runs made only of N/W words around no head are not organisations
    return [run]


def _country_in_words(text: str, lex: Lexicon) -> list[str]:
    codes = []
    for word in _WORD_BREAK.split(text):
        code = lex.country_of_name(word) or lex.country_of_adjective(word)
        if code:
            codes.append(code)
    return codes


def _kind_of(text: str, lex: Lexicon) -> str | None:
    """The kind of the first head word in the name ("Ministry of … Cooperation": ministry);
    a body the lexicon knows by name keeps its kind ("Association of Southeast Asian
    Nations")."""
    known = next(
        (spec.kind for spec in lex.acronyms.values() if fold(spec.name) == fold(text)), None
    )
    if known:
        return known
    found = []
    for head in lex.org_heads:
        match = head.found_in(text)
        if match:
            found.append((match.start(), -len(head.word), head.kind))
    return min(found)[2] if found else None


def canonical(
    run: list[Segment],
    article_text: str,
    lex: Lexicon,
    known_acronyms: dict[str, str],
    default_country: str | None,
    notes: dict[int, str],
) -> list[OrgPhrase]:
    """Canonical organisation(s) named by one run of segments (two for plural forms)."""
    start, end = run[0].start, run[-1].end
    abbreviation = notes.get(end)
    if abbreviation and not _ABBREVIATION.fullmatch(abbreviation):
        abbreviation = None
    # Acronym alone: expand it.
    if len(run) == 1 and run[0].label == "ACR":
        acr = run[0].text
        if acr in known_acronyms:
            return canonical_name(
                known_acronyms[acr], lex, known_acronyms, default_country, start, end, acr
            )
        if acr in lex.acronyms:
            spec = lex.acronyms[acr]
            spec.fired()
            return [OrgPhrase(spec.name, spec.kind, None, start, end, acr)]
        return []
    text = _surface(run, article_text, notes, known_acronyms)
    return canonical_name(
        text, lex, known_acronyms, default_country, start, end, abbreviation, lead=run
    )


def _surface(
    run: list[Segment], article_text: str, notes: dict[int, str], known_acronyms: dict[str, str]
) -> str:
    parts = []
    for seg in run:
        if seg.label == "ACR" and seg.text in known_acronyms and len(run) > 1:
            parts.append(known_acronyms[seg.text])
        elif seg.label == "ACR" and seg.text == "MFA":
            parts.append("Ministry of Foreign Affairs")
        else:
            parts.append(seg.text)
    text = " ".join(parts)
    text = text.replace("’", "'").replace(" ’s", "'s").replace(" 's", "'s")
    return _SPACES.sub(" ", text).strip()


def canonical_name(
    text: str,
    lex: Lexicon,
    known_acronyms: dict[str, str],
    default_country: str | None,
    start: int,
    end: int,
    abbreviation: str | None = None,
    lead: list[Segment] | None = None,
) -> list[OrgPhrase]:
    """Canonicalise an organisation name written out in words."""
    text = _LEADING_THE.sub("", text.replace("’", "'"))
    text = _CENTRAL_COMMITTEE_OF.sub("", text)
    text = _CENTRAL_COMMITTEE.sub("", text)
    # "Members of the X Association": the body is X.
    prefix = _SOME_OF.match(text)
    if (
        prefix
        and not _kind_of(prefix.group(1), lex)
        and not _named(prefix.group(1), lex)
        and not lex.country_of_name(prefix.group(2))
        and _kind_of(prefix.group(2), lex)
        and prefix.group(1).split(" ")[0] not in ("Ministry", "Ministries")
    ):
        text = prefix.group(2)
    # Plural: "Ministries of Foreign Affairs of A and B" -> one body per country.
    plural = lex.plural_form.match(text)
    if plural:
        lex.plurals.fired()
        singular = lex.plurals.forms[plural.group(1)]
        countries = _LIST_OF_COUNTRIES.split(plural.group(3))
        result = []
        for country in countries:
            result += canonical_name(
                f"{singular} of {plural.group(2)} of {country}",
                lex,
                known_acronyms,
                default_country,
                start,
                end,
            )
        return result
    # Leading country adjective or name.
    words = text.split(" ")
    lead_country = None
    if words and (lex.country_of_adjective(words[0]) or lex.country_of_name(words[0].rstrip("'s"))):
        first = words[0]
        lead_country = lex.country_of_adjective(first) or lex.country_of_name(
            first.removesuffix("'s")
        )
    # Split off the parent: the rightmost "of (the) Y" where Y is a body in its own right.
    parent: OrgPhrase | None = None
    main = text
    for match in reversed(list(_OF.finditer(text))):
        left, right = text[: match.start()], text[match.end() :]
        if not _kind_of(left, lex) and not _named(left, lex):
            continue
        left_head = next((h.word for h in lex.org_heads if h.found_in(left)), None)
        if left_head not in lex.inherit_kind:  # only committees, departments … have parents
            continue
        right_first = right.split(" ")[0]
        if lex.country_of_name(right_first) or lex.country_of_name(right):
            continue
        if _kind_of(right, lex) or _named(right, lex) or right in known_acronyms.values():
            parents = canonical_name(right, lex, known_acronyms, default_country, start, end)
            if parents:
                parent = parents[0]
                main = left
                break
    named = _named(main, lex)
    kind = _kind_of(main, lex) or (named.kind if named else None) or _kind_of(text, lex)
    if kind is None:
        return []
    main_head = next((h.word for h in lex.org_heads if h.found_in(main)), None)
    if parent and main_head in lex.inherit_kind:
        kind = parent.kind
    # Country: explicit "of <Country>", then a leading adjective, then words inside the name.
    country = None
    of_country = trailing_country(main, lex)
    if of_country:
        country, cut = of_country
        main = main[:cut]
    sender_host = None
    if kind == "diplomatic_mission":
        sender_host = _embassy(main, lead_country or country, lex)
    if country is None:
        country = lead_country
    if lead_country and kind in STATE_KINDS and kind != "diplomatic_mission":
        main = (
            " ".join(main.split(" ")[1:])
            if lex.country_of_adjective(main.split(" ")[0])
            or lex.country_of_name(main.split(" ")[0].removesuffix("'s"))
            else main
        )
    if named and named.country:
        country = named.country
    if country is None:
        inside = _country_in_words(main, lex)
        bilateral = len(set(inside)) > 1 and kind in ("association",)
        if inside and not bilateral:
            country = inside[0]
    if lex.foreign_ministry.match(main):
        main = "Ministry of Foreign Affairs"
        kind = "ministry"
    inner = next((o for o in lex.named_orgs if o.found_in(main)), None)
    if inner and main_head in lex.inherit_kind and not parent:
        kind, country = inner.kind, country or inner.country
    if (
        country is None
        and not named
        and not parent
        and not inner
        and main_head not in lex.inherit_kind  # a committee is some body's committee
        and kind in ("legislature", "other")
        and any(word.search(main) for word in lex.international_words)
    ):
        kind = "international_organisation"
    if parent and kind == "legislature" and parent.country:
        country = parent.country
    if country is None and parent is not None and kind not in lex.kinds_without_country:
        country = parent.country
    if kind in lex.kinds_without_country:
        country = None
    elif country is None and kind not in ("association", "other") and not named:
        country = default_country
    if kind == "legislature" and country is None and not named:
        kind = "international_organisation"
    # Compose the canonical name.
    if kind == "diplomatic_mission" and sender_host:
        sender, host = sender_host
        country = sender or country
        name = f"Embassy of {lex.short_name(country)}" if country else main.split(" in ")[0]
        if host:
            name += f" in {lex.short_name(host)}"
    elif (
        kind in STATE_KINDS
        and country
        and not named
        and not parent
        and not inner
        and not _country_in_words(main, lex)
    ):
        name = f"{main} of {lex.short_name(country)}"
    elif named:
        name = named.name
    else:
        name = text if not parent else main
    if parent is not None:
        name = f"{name} of the {parent.name}" if not name.endswith(parent.name) else name
    name = _SPACES.sub(" ", name).strip()
    known = lex.acronyms.get(abbreviation or "")
    if known and fold(known.name) == fold(name):
        kind, country = known.kind, None
    return [OrgPhrase(name, kind, country, start, end, abbreviation, parent)]


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
        if host is None and lex.city(place):
            host = lex.city(place)[1]
        text = text[: where.start()]
    of = trailing_country(text, lex)
    if of:
        sender = of[0]
    return sender, host
