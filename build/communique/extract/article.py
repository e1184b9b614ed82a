"""Extract all facts of one article: organisations, people with roles, meetings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from rapidfuzz import fuzz

from communique import rules
from communique.extract.conform import conform
from communique.extract.facts import (
    ArticleFacts,
    OrgFact,
    PendingRole,
    PersonFact,
    RoleFact,
    Span,
)
from communique.extract.lexicon import Lexicon, fold, is_common_word, lexicon
from communique.extract.meetings import find_meetings
from communique.extract.organisations import (
    OrgPhrase,
    canonical,
    canonical_name,
    lower_case_bodies,
    note_of,
    phrase_spans,
)
from communique.extract.people import NameFound, PostFound, find_names, names_ministry
from communique.extract.segments import Labelled, Segment, label
from communique.extract.text import Sentence, sentences
from communique.memos import memo
from communique.model import Article

_ABBREVIATION = re.compile(r"[A-Z][A-Za-z&.\-]*[A-Z]")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_SPACES = re.compile(r"[\s]+")
_DOUBLED = re.compile(r"(.)\1+")
# "…, State and people of Laos": the country a list of bodies ends with
_AND_OF_COUNTRY = re.compile(
    r"(?:\s*(?:,|and)\s+(?:the\s+)?(?:State|Government|[Pp]eople|National Assembly|Parliament))+"
    r"\s+of\s+(?:the\s+)?([A-Z][\w'’ .\-]{1,40}?)(?=\s*[,.;:)]|\s+(?:for|on|in|and|to|at|with)\b)"
)


def home_country(article: Article, lex: Lexicon) -> str | None:
    """The country the article is written from: its dateline city's, if known."""
    if article.dateline:
        city = lex.city(article.dateline)
        if city:
            return city[1]
        code = lex.country_of_name(article.dateline)
        if code:
            return code
    from communique.read import outlet_country

    return outlet_country(article.source)


def extract_article(article: Article) -> ArticleFacts:
    """All facts of one article, each anchored to spans of ``article.text``."""
    lex = lexicon()
    home = home_country(article, lex)
    sents = sentences(article)
    labelled = [label(s.text, s.start, lex) for s in sents]
    acronyms = _acronym_definitions(labelled, article.text, lex, home)
    facts = ArticleFacts(article.article_id, article.published)
    orgs = _OrgCollector(lex, acronyms, home)
    body_spans: list[tuple[int, int]] = []
    for sentence in sents:
        for org in lower_case_bodies(sentence.text, sentence.start, lex, acronyms, home):
            orgs.add(org, article.text)
            body_spans.append((org.start, org.end))
    bodies_ending: dict[int, OrgPhrase] = {}
    for lab in labelled:
        runs = phrase_spans(lab, lex, acronyms)
        found = [canonical(run, article.text, lex, acronyms, home, lab.notes) for run in runs]
        for n, run in enumerate(runs):
            hint = _coordinated_country(runs, found, n, article.text)
            for org in found[n]:
                orgs.add(org, article.text, hint=hint)
            if found[n]:
                body_spans.append((run[0].start, run[-1].end))
                bodies_ending[run[-1].end] = found[n][-1]
    names = [
        # a name inside a body's name is not a person ("Azerbaijan State Oil … University")
        [
            n
            for n in find_names(lab, article.text, lex, acronyms, home)
            if n.evidence in ("title", "honorific")
            or not any(s <= n.start and n.end <= e for s, e in body_spans)
        ]
        for lab in labelled
    ]
    for lab, sentence_names in zip(labelled, names, strict=True):
        _delegation_country(lab, sentence_names, article.text, lex, acronyms, home)
        _headed_by(lab, sentence_names, bodies_ending, article.text)
    people, by_span = _cluster_people(names, sents, article.text)
    _greetings_of(names, sents, by_span, people, article.text, lex)
    for person in people:
        _settle_roles(person, home, lex, orgs, article.text)
    renamed = orgs.settle()
    for person in people:
        person.roles = list(
            dict.fromkeys(
                RoleFact(r.title, renamed.get(r.organisation or "", r.organisation))
                for r in person.roles
            )
        )
    facts.people = people
    facts.meetings = find_meetings(article, sents, labelled, by_span, people, lex, home)
    _ambassador_hosts(people, facts.meetings, home, lex, orgs, article.text)
    facts.organisations = orgs.facts()
    if orgs.removed:
        for person in people:
            person.roles = list(
                dict.fromkeys(
                    RoleFact(r.title, None if r.organisation in orgs.removed else r.organisation)
                    for r in person.roles
                )
            )
    _state_body_names(facts, lex)
    return conform(facts)


def _state_body_names(facts: ArticleFacts, lex: Lexicon) -> None:
    """Each foreign ministry under its state's own name (``Ministry of External Affairs of
    India`` for the generic one a title implies), with the posts held in it."""
    renamed = {org.name: lex.state_body_name(org.name, org.country) for org in facts.organisations}
    renamed = {old: new for old, new in renamed.items() if old != new}
    if not renamed:
        return
    bodies: dict[str, OrgFact] = {}
    for org in facts.organisations:
        parent = renamed.get(org.parent, org.parent) if org.parent else None
        org = replace(org, name=renamed.get(org.name, org.name), parent=parent)
        first = bodies.get(org.name)
        if first is not None:  # the text names it both ways: one body
            spans = first.spans + tuple(s for s in org.spans if s not in first.spans)
            org = replace(first, spans=spans, abbreviation=first.abbreviation or org.abbreviation)
        bodies[org.name] = org
    facts.organisations = [bodies[name] for name in sorted(bodies)]
    for person in facts.people:
        person.roles = list(
            dict.fromkeys(
                RoleFact(r.title, renamed.get(r.organisation or "", r.organisation))
                for r in person.roles
            )
        )


def _delegation_country(
    lab: Labelled,
    names: list[NameFound],
    text: str,
    lex: Lexicon,
    acronyms: dict[str, str],
    home: str | None,
) -> None:
    """``A delegation from Azerbaijan, led by X`` / ``a Lao delegation led by X`` / ``the
    Vietnamese side was represented by X``: X's country. ``A delegation of the Supreme
    Court, headed by Chief Justice X``: the body X's title is held in, when the title
    names none."""
    if not names:
        return  # nobody the delegation could be led by: the case of most sentences
    segs = lab.segments
    for d, seg in enumerate(segs):
        word = fold(seg.text)
        if word not in ("delegation", "side") or (
            word == "side" and (d == 0 or segs[d - 1].label not in ("A", "C"))
        ):
            continue
        led = next(
            (
                n
                for n in range(d + 1, min(d + 40, len(segs) - 1))
                if fold(segs[n].text) in ("led", "headed", "represented")
                and fold(segs[n + 1].text) == "by"
            ),
            None,
        )
        if led is None:
            continue
        leader = next((n for n in names if n.start >= segs[led + 1].end), None)
        if leader is None:
            continue
        if leader.start > segs[led + 1].end + 1 and not _title_between(segs, led + 2, leader.start):
            continue  # "led by" must reach the leader through a title at most
        if d + 2 < len(segs) and fold(segs[d + 1].text) in ("from", "of"):
            _leader_body(lab, segs[d + 2 : led], leader, text, lex, acronyms, home)
        if leader.country is not None:
            continue
        country = None
        if d > 0 and segs[d - 1].label in ("A", "C"):
            country = segs[d - 1].value
        elif d + 2 < len(segs) and fold(segs[d + 1].text) in ("from", "of"):
            rest = [s for s in segs[d + 2 : led] if s.label != "X" or s.text not in ","]
            while rest and rest[0].label == "K":
                rest.pop(0)
            if rest and rest[0].label == "C":
                country = rest[0].value
            else:
                run: list = []
                for s in rest:
                    if s.label in ("A", "C", "W", "HEAD", "O", "ACR", "K"):
                        run.append(s)
                    else:
                        break
                if run:
                    orgs = canonical(run, text, lex, acronyms, home, lab.notes)
                    if orgs and orgs[0].kind != "international_organisation":
                        country = orgs[0].country
        if country is not None:
            leader.country = country  # type: ignore[assignment]


def _headed_by(
    lab: Labelled, names: list[NameFound], bodies: dict[int, OrgPhrase], text: str
) -> None:
    """``the Socialist Party of Chile, headed by General Secretary Luis Mora``: the body
    named before "headed by" is where a title that names no body is held."""
    cue = rules.names().led_by
    for name in names:
        if not name.posts or all(
            p.org is not None and p.org.implicit != "country" for p in name.posts
        ):
            continue
        begin = name.context_start if name.context_start is not None else name.start
        for end, org in bodies.items():
            if lab.segments[0].start <= end < begin and cue.regex.match(text[end:begin]):
                cue.fired()
                old_country = name.country
                replaced = None
                posts = []
                for p in name.posts:
                    if p.org is None and p.rule.body in (None, "prosecutor"):
                        p = replace(p, org=org)
                    elif _same_body_elsewhere(p.org, org):
                        # "a delegation of the National Assembly of Pakistan headed by
                        # Speaker of the National Assembly X": that assembly, not the host's
                        replaced = p.org
                        p = replace(p, org=org, country=org.country)
                    posts.append(p)
                name.posts = posts
                if replaced is not None and old_country == replaced.country:
                    name.country = None
                if (
                    name.country is None
                    and org.country
                    and org.kind != "international_organisation"
                ):
                    name.country = org.country
                break


def _same_body_elsewhere(post_org: OrgPhrase | None, body: OrgPhrase) -> bool:
    """Whether a title's body, whose country the text left to the context, is the body just
    named with its country (``the National Assembly`` / ``the National Assembly of Pakistan``)."""
    if post_org is None or post_org.implicit != "country" or body.implicit is not None:
        return False
    if not post_org.base or not body.base or body.country is None:
        return False
    return fold(post_org.base) == fold(body.base) and post_org.country != body.country


def _title_between(segs, first: int, end: int) -> bool:
    """Whether only a title phrase stands between segment ``first`` and offset ``end``."""
    between = [s for s in segs[first:] if s.end <= end]
    return bool(between) and all(
        s.label in ("T", "K", "C", "A", "W", "HEAD", "O", "ACR", "H") for s in between
    )


def _leader_body(
    lab: Labelled,
    body: tuple[Segment, ...],
    leader: NameFound,
    text: str,
    lex: Lexicon,
    acronyms: dict[str, str],
    home: str | None,
) -> None:
    """Give the leader's titles that name no body the body the delegation is from."""
    run: list = []
    for s in body:
        if s.label == "K" and not run:
            continue
        if s.label in ("A", "C", "W", "HEAD", "O", "ACR", "K"):
            run.append(s)
        else:
            break
    if not run or not any(s.label in ("HEAD", "O", "ACR") for s in run):
        return
    orgs = canonical(run, text, lex, acronyms, home, lab.notes)
    if not orgs:
        return
    leader.posts = [
        replace(p, org=orgs[0]) if p.org is None and p.rule.body in (None, "prosecutor") else p
        for p in leader.posts
    ]
    if leader.country is None and orgs[0].country and orgs[0].kind != "international_organisation":
        leader.country = orgs[0].country


def _greetings_of(
    names: list[list[NameFound]],
    sents: list[Sentence],
    by_span: dict[tuple[int, int], int],
    people: list[PersonFact],
    text: str,
    lex: Lexicon,
) -> None:
    """``Ambassador A conveyed the greetings of President B``: B serves A's state, when no
    other evidence says which."""
    for sentence, found in zip(sents, names, strict=True):
        for n, name in enumerate(found):
            target = (
                people[by_span[(name.start, name.end)]]
                if (name.start, name.end) in by_span
                else None
            )
            if target is None or target.country is not None or n == 0:
                continue
            begin = name.context_start if name.context_start is not None else name.start
            cue = rules.names().greetings_of.search(text[sentence.start : begin])
            if cue is None:
                continue
            cue_start = sentence.start + cue.start()
            speakers = [
                people[by_span[(b.start, b.end)]]
                for b in found[:n]
                if b.end <= cue_start and (b.start, b.end) in by_span
            ]
            if speakers and speakers[-1].country and speakers[-1] is not target:
                target.country = speakers[-1].country


#: The mission a head of mission's title implies, by the title's body in titles.yaml.
_MISSIONS = {"embassy": "Embassy", "high_commission": "High Commission"}


@cache
def _envoy_missions(lex: Lexicon) -> dict[str, str]:
    """Envoys' titles -> the kind of mission they head, gathered once per lexicon (the
    titles are many; every article asks)."""
    return {rule.title: rule.body for rule in lex.titles.values() if rule.body in _MISSIONS}


def _ambassador_hosts(
    people: list[PersonFact],
    meetings: list,
    home: str | None,
    lex: Lexicon,
    orgs: _OrgCollector,
    text: str,
) -> None:
    """An ambassador whose host state the title does not name serves in the state where
    they meet people (the meeting's country), else in the state the story is written from:
    ``Azerbaijani Ambassador X met the Deputy Minister in Moscow``."""
    envoys = _envoy_missions(lex)
    for person in people:
        unhosted = [r for r in person.roles if r.organisation is None and r.title in envoys]
        if not unhosted or person.country is None:
            continue
        # where a meeting is placed by the text (a city), not by a guess
        placed = [m for m in meetings if m.location and m.country]
        places = [
            m.country
            for m in placed
            if person.key in m.participants and m.country != person.country
        ]
        elsewhere = [m.country for m in placed if m.country != person.country]
        host = (
            places[0]
            if places
            else home
            if home and home != person.country
            else elsewhere[0]
            if elsewhere and len(set(elsewhere)) == 1
            else None
        )
        if host is None:
            continue
        span = person.spans[0]
        names = {}
        for mission in sorted({envoys[r.title] for r in unhosted}):
            org = OrgPhrase(
                f"{_MISSIONS[mission]} of {lex.short_name(person.country)}"
                f" in {lex.short_name(host)}",
                "diplomatic_mission",
                person.country,
                span.start,
                span.end,
            )
            names[mission] = orgs.add(org, text)
        person.roles = [
            RoleFact(r.title, names[envoys[r.title]]) if r in unhosted else r for r in person.roles
        ]
        deduplicated: list[RoleFact] = []
        for role in person.roles:
            if role not in deduplicated:
                deduplicated.append(role)
        person.roles = deduplicated


def _acronym_definitions(
    labelled: list[Labelled], text: str, lex: Lexicon, home: str | None
) -> dict[str, str]:
    """``Long Name (ABBR)`` defines ABBR for the whole article: the body the note follows
    (``the C.C., Workers' Party of Korea (WPK)``: the party), by its canonical name."""
    found: dict[str, str] = {}
    for lab in labelled:
        if not lab.notes:
            continue  # no run of a sentence without notes defines an acronym
        for run in phrase_spans(lab, lex, found):
            note = note_of(run, lab.notes)
            if note and _ABBREVIATION.fullmatch(note) and note not in found:
                named = canonical(run, text, lex, found, home, lab.notes)
                carrier = next(
                    (
                        o
                        for org in named
                        for o in (org, org.parent)
                        if o is not None and o.abbreviation == note and not o.implicit
                    ),
                    None,
                )
                words = " ".join(s.text for s in run).replace("’", "'")
                found[note] = carrier.name if carrier else _LEADING_THE.sub("", words)
    return found


def _coordinated_country(
    runs: list[list], found: list[list[OrgPhrase]], n: int, text: str
) -> str | None:
    """The country of a body coordinated with this one, for a body that leaves its country
    to context: ``the Party and Government of Laos``, ``the Lao Party and Government``."""
    if not any(org.implicit for org in found[n]):
        return None
    after = _AND_OF_COUNTRY.match(text, runs[n][-1].end)
    if after:  # "the Party, State and people of Laos"
        code = lexicon().country_of_name(after.group(1).strip())
        if code:
            return code
    for m in (n + 1, n - 1):
        if not 0 <= m < len(runs) or not found[m]:
            continue
        a, b = (runs[n], runs[m]) if m > n else (runs[m], runs[n])
        between = text[a[-1].end : b[0].start].strip().strip(",").strip()
        if between in ("", "and", ",") and not found[m][0].implicit and found[m][0].country:
            return found[m][0].country
    return None


class _OrgCollector:
    """Organisations of one article by canonical name, with every span that names them.

    A body whose name or country the text leaves to context (``the National Assembly``,
    ``the Party``, ``the Committee on X``) is settled here: as the fuller name of the same
    body the article gives (``National Assembly of Laos``), or named with the country of
    the person whose post it is (``hint``), else the dateline's; with no country at all it
    is left out.
    """

    def __init__(self, lex: Lexicon, acronyms: dict[str, str], home: str | None) -> None:
        self.orgs: dict[str, OrgFact] = {}
        self.lex = lex
        self.acronyms = acronyms
        self.home = home
        #: names given by context: name -> (base, kind, how), for ``settle``
        self.contextual: dict[str, tuple[str, str, str]] = {}
        #: spans read again with the country of the person whose post they name
        self.hinted: dict[Span, str] = {}
        #: bodies ``facts`` left out, having no span of their own
        self.removed: set[str] = set()

    def _fuller(self, org: OrgPhrase, country: str | None) -> OrgPhrase | None:
        """The one fuller name of the same body in the article (of this country)."""
        base = org.base or org.name
        found = [
            fact
            for name, fact in self.orgs.items()
            if name != org.name
            and name not in self.contextual
            and name.startswith(f"{base} of ")
            and (org.implicit == "owner" or fact.kind == org.kind)
            and (country is None or fact.country == country)
        ]
        if len({f.name for f in found}) != 1:
            return None
        fact = found[0]
        return OrgPhrase(fact.name, fact.kind, fact.country, org.start, org.end, fact.abbreviation)

    def _settled(self, org: OrgPhrase, hint: str | None) -> OrgPhrase | None:
        if org.parent is not None:
            parent = self._settled(org.parent, hint)
            if parent is None:
                # "… Commission of the Central Committee of the Party", no party known: the
                # commission as named, if its name says more than the organ every party has
                base = (org.base or "").removesuffix(" of the Central Committee")
                if not base or base in self.lex.party_organs:
                    return None
                return OrgPhrase(
                    base,
                    "other",
                    None,
                    org.start,
                    org.end,
                    org.abbreviation,
                    base=base,
                    implicit="owner",
                )
            if parent is org.parent:
                return org
            country = parent.country if org.kind != "international_organisation" else None
            return replace(
                org,
                # a group "in" a legislature keeps its own name (see ``_in_legislature``)
                name=org.name if org.name == org.base else f"{org.base} of the {parent.name}",
                country=country,
                parent=parent,
                implicit=parent.implicit,
            )
        if not org.implicit:
            return org
        tries = [c for c in dict.fromkeys((hint, self.home)) if c]
        if org.implicit == "owner":
            # "its Organisation Commission": the one of the country in context, or the only
            # one named when no country is; else left for ``settle`` to see the whole text
            wanted: list[str | None] = [*tries] if tries else [None]
            for country in wanted:
                fuller = self._fuller(org, country)
                if fuller is not None:
                    return fuller
            if fold(org.base or org.name) in self.lex.generic_bodies:
                return None  # "the Standing Committee" of nothing the article names
            return org
        for country in tries:
            fuller = self._fuller(org, country)
            if fuller is not None:
                return fuller
            again = canonical_name(
                org.text or org.name,
                self.lex,
                self.acronyms,
                country,
                org.start,
                org.end,
                org.abbreviation,
            )
            if again and again[0].country:
                return again[0]
        return self._fuller(org, None)

    def add(
        self,
        org: OrgPhrase,
        text: str,
        span: tuple[int, int] | None = None,
        hint: str | None = None,
    ) -> str | None:
        """Record a body and return its canonical name; None when it names no body after
        all (its country is nowhere to be found)."""
        start, end = span or (org.start, org.end)
        settled = self._settled(org, hint)
        if settled is None:
            return None
        if hint is not None and settled is not org:
            self.hinted[Span(start, end, text[start:end])] = settled.name
        org = settled
        longer = next(
            (
                name
                for name, fact in self.orgs.items()
                if name != org.name
                and fact.kind == org.kind
                and any(s.start == start and s.end > end for s in fact.spans)
            ),
            None,
        )
        if longer is not None:
            return longer  # the words a title reads are the start of a longer name here
        parent_name = None
        if org.parent is not None:
            parent_name = self.add(org.parent, text, (start, end))
        if org.implicit and org.parent is None and org.name not in self.orgs:
            self.contextual[org.name] = (org.base or org.name, org.kind, org.implicit)
        elif not org.implicit:
            self.contextual.pop(org.name, None)
        existing = self.orgs.get(org.name)
        spans = (Span(start, end, text[start:end]),)
        if existing is None:
            self.orgs[org.name] = OrgFact(
                org.name, org.kind, org.country, org.abbreviation, parent_name, spans
            )
        else:
            merged = existing.spans + tuple(s for s in spans if s not in existing.spans)
            self.orgs[org.name] = OrgFact(
                existing.name,
                existing.kind,
                existing.country or org.country,
                existing.abbreviation or org.abbreviation,
                existing.parent or parent_name,
                merged,
            )
        return org.name

    def settle(self) -> dict[str, str]:
        """Merge names context gave into the fuller name of the same body the article gives
        later (``Senate of Uzbekistan`` into ``Senate of the Oliy Majlis``); the renames."""
        renamed: dict[str, str] = {}
        for name, (base, kind, how) in list(self.contextual.items()):
            fact = self.orgs.get(name)
            if fact is None:
                continue
            probe = OrgPhrase(name, kind, fact.country, 0, 0, base=base, implicit=how)
            fuller = self._fuller(probe, fact.country or self.home) or (
                self._fuller(probe, None) if how == "owner" else None
            )
            if fuller is None:
                continue
            target = self.orgs[fuller.name]
            spans = target.spans + tuple(s for s in fact.spans if s not in target.spans)
            self.orgs[fuller.name] = replace(target, spans=spans)
            del self.orgs[name]
            renamed[name] = fuller.name
        for name, fact in list(self.orgs.items()):
            fuller_name = self._bilateral_fuller(name, fact)
            if fuller_name is None:
                continue
            target = self.orgs[fuller_name]
            spans = target.spans + tuple(s for s in fact.spans if s not in target.spans)
            self.orgs[fuller_name] = replace(target, spans=spans)
            del self.orgs[name]
            renamed[name] = fuller_name
        for name, fact in list(self.orgs.items()):
            if fact.parent in renamed:
                self.orgs[name] = replace(fact, parent=renamed[fact.parent])
        return renamed

    def _bilateral_fuller(self, name: str, fact: OrgFact) -> str | None:
        """``the Joint Commission`` after ``the Senegal–Gambia Joint Commission for
        Cooperation``: a name of everyday words that the one body of the article named by
        its states (before the same words) continues."""
        if fact.country or fact.parent or " " not in name:
            return None
        if not all(is_common_word(w) for w in name.split(" ")):
            return None
        found = []
        for other in self.orgs:
            at = other.find(f" {name}")
            if other == name or at < 0:
                continue
            after = other[at + 1 + len(name) :]
            if after and not after.startswith(" "):
                continue
            states = [p for p in re.split(r"[\s\-–—]+", other[:at]) if p]
            codes = [
                self.lex.country_of_name(p) or self.lex.country_of_adjective(p) for p in states
            ]
            if len(codes) > 1 and all(codes):
                found.append(other)
        return found[0] if len(found) == 1 else None

    def last_named(self, noun: str, before: int) -> str | None:
        """The organisation named last before an offset whose name has this noun in it
        (any organisation, for an empty noun)."""
        found = [
            (max(s.start for s in org.spans if s.start < before), name)
            for name, org in self.orgs.items()
            if (not noun or _whole_word_any_case(noun).search(name))
            and any(s.start < before for s in org.spans)
        ]
        return max(found)[1] if found else None

    def facts(self) -> list[OrgFact]:
        """The bodies, no two sharing a span of one word (a mention names one body): a span
        a sub-body gave its body stays the sub-body's (``Politburo`` names the Political
        Bureau, not also the party it implies), a span read again with the person's country
        is the body so read (``Party General Secretary and President of Laos``). A body left
        with no span is left out (``removed``), and no sub-body names it as its parent."""
        orgs = dict(self.orgs)
        owners: dict[Span, list[str]] = {}
        for name in sorted(orgs):
            for span in orgs[name].spans:
                owners.setdefault(span, []).append(name)
        for span, names in owners.items():
            if len(names) < 2 or len(span.text.split()) > 1:
                continue  # several words: the tables give each body some of them
            children = [n for n in names if orgs[n].parent in names]
            hinted = [n for n in names if self.hinted.get(span) == n]
            keep = (children or hinted or names)[0]
            for name in names:
                if name != keep:
                    org = orgs[name]
                    orgs[name] = replace(org, spans=tuple(s for s in org.spans if s != span))
        self.removed = {name for name, org in orgs.items() if not org.spans}
        return [
            replace(org, parent=None) if org.parent in self.removed else org
            for name, org in sorted(orgs.items())
            if name not in self.removed
        ]


@cache
def _whole_word_any_case(word: str) -> re.Pattern[str]:
    """A word as a whole word in any case; compiled once per word the articles use."""
    return re.compile(rf"\b{re.escape(word)}\b", re.I)


@memo(maxsize=1 << 14)
def _tokens(name: str) -> tuple[str, ...]:
    """The folded words of a name. Cached: clustering compares every name of an article
    with every person found so far, folding the same names again and again."""
    return tuple(fold(t) for t in _SPACES.split(name) if t)


def _cluster_people(
    names: list[list[NameFound]], sents: list[Sentence], text: str
) -> tuple[list[PersonFact], dict[tuple[int, int], int]]:
    """Group the names of one article into people; return them and a span -> person map."""
    people: list[PersonFact] = []
    by_span: dict[tuple[int, int], int] = {}
    found_posts: dict[int, list[PostFound]] = {}
    flat = [n for sentence_names in names for n in sentence_names]

    def attach(person: PersonFact, name: NameFound) -> None:
        person.spans.append(Span(name.start, name.end, name.text))
        by_span[(name.start, name.end)] = person.key
        found_posts.setdefault(person.key, []).extend(name.posts)
        if person.country is None and name.country:
            person.country = name.country

    def new(name: NameFound) -> None:
        person = PersonFact(key=len(people), name=" ".join(name.text.split()))
        people.append(person)
        attach(person, name)

    def find(tokens: tuple[str, ...]) -> list[PersonFact]:
        return [p for p in people if all(t in _tokens(p.name) for t in tokens)]

    # Pass 1: full names with evidence introduce people.
    for name in flat:
        tokens = _tokens(name.text)
        if len(tokens) < 2 or name.evidence is None:
            continue
        match = (
            [p for p in people if _tokens(p.name) == tokens]
            or find(tokens)
            or _truncated(name, people, found_posts)
        )
        if match:
            attach(match[0], name)
            if len(name.text) > len(match[0].name) and _tokens(match[0].name)[:-1] == tokens[:-1]:
                match[0].name = name.text  # the fuller form of a cut-off name
        else:
            new(name)
    # Pass 2: full names without evidence, when they name a known person or act in the text.
    for name in flat:
        tokens = _tokens(name.text)
        if len(tokens) < 2 or name.evidence is not None:
            continue
        match = find(tokens)
        if match:
            attach(match[0], name)
        elif not _is_place(name.text) and not _named_place(name, text):
            # every named individual counts, acting or only mentioned
            new(name)
    # Pass 3: single words: a surname or given name of someone already named.
    for name in flat:
        tokens = _tokens(name.text)
        if len(tokens) != 1:
            continue
        match = find(tokens)
        if len(match) > 1:
            match = [
                max(
                    match,
                    key=lambda p: (
                        max(s.start for s in p.spans if s.start < name.start)
                        if any(s.start < name.start for s in p.spans)
                        else -1
                    ),
                )
            ]
        if match:
            attach(match[0], name)
            continue
        similar = _similar_by_evidence(name, people, found_posts)
        if similar is not None:
            attach(similar, name)
        elif name.evidence is not None:
            new(name)
    for person in people:
        person.spans.sort(key=lambda s: s.start)
        # The posts ride on the person until _settle_roles reads them: PersonFact, the
        # output record, has no field for them. (Passing them along instead would change
        # _cluster_people's and _settle_roles's signatures.)
        person._posts = found_posts.get(person.key, [])  # type: ignore[attr-defined]
    return people, by_span


def _truncated(
    name: NameFound, people: list[PersonFact], posts: dict[int, list[PostFound]]
) -> list[PersonFact]:
    """A person whose name differs from this one only by a cut-off last word ("Luis Mor"
    and "Luis Mora"), holding the same post."""
    tokens = _tokens(name.text)
    titles = {p.rule.title for p in name.posts}
    found = []
    for person in people:
        theirs = _tokens(person.name)
        if len(theirs) != len(tokens) or theirs[:-1] != tokens[:-1]:
            continue
        short, long = sorted((theirs[-1], tokens[-1]), key=len)
        if len(short) < 3 or short == long or not long.startswith(short):
            continue
        if titles & {p.rule.title for p in posts.get(person.key, [])}:
            found.append(person)
    return found


# the capitalised words right after a name-like run ("… International Airport")
_CAPITALISED_AFTER = re.compile(r"(?:[ \t]+[A-Z][\w'’.-]*)*")


def _named_place(name: NameFound, text: str) -> bool:
    """A name-like run that names a place: words around it (``the province of``), a place
    word after it (``… International Airport``, ``… Basin``) or before it (``Avenue …``)."""
    lex = lexicon()
    if lex.place_context.search(text[max(0, name.start - 25) : name.end + 12]):
        return True
    after = _CAPITALISED_AFTER.match(text, name.end)
    run_end = after.end() if after else name.end
    if lex.place_after.search(text[name.start : run_end]):
        return True
    return bool(lex.place_before.search(text[max(0, name.start - 40) : name.start]))


def _is_place(text: str) -> bool:
    from communique.read import known_place

    lex = lexicon()
    # known_place also reads a place written with its syllables apart (Hà Nội -> Hanoi)
    return bool(known_place(text) or lex.is_small_place(text))


def _similar_by_evidence(
    name: NameFound, people: list[PersonFact], posts: dict[int, list[PostFound]]
) -> PersonFact | None:
    """A person this single-word reference may be under another spelling: same post and
    country, and a similar sound (``Fomvihon`` ~ ``Phomvihane``)."""
    if not name.posts:
        return None
    titles = {p.rule.title for p in name.posts}
    best, best_score = None, 0.0
    for person in people:
        their_titles = {p.rule.title for p in posts.get(person.key, [])}
        if not titles & their_titles:
            continue
        if name.country and person.country and name.country != person.country:
            continue
        score = max(fuzz.ratio(sound(name.text), sound(token)) for token in person.name.split())
        if score >= 60 and score > best_score:
            best, best_score = person, score
    return best


def sound(word: str) -> str:
    """A rough phonetic key for romanised names: ph=f, v=w, y=i, doubled letters once."""
    word = fold(word)
    for a, b in (
        ("ph", "f"),
        ("kh", "k"),
        ("th", "t"),
        ("w", "v"),
        ("y", "i"),
        ("q", "g"),
        ("x", "s"),
        ("ou", "u"),
        ("e", "a"),
        ("o", "a"),
    ):
        word = word.replace(a, b)
    return _DOUBLED.sub(r"\1", word)


def _settle_roles(
    person: PersonFact, home: str | None, lex: Lexicon, orgs: _OrgCollector, text: str
) -> None:
    """Turn the posts found near a person's names into roles with canonical organisations."""
    # taken off the person: they would go with its facts to the process that builds
    posts: list[PostFound] = vars(person).pop("_posts", [])
    for post in posts:
        if person.country is None and post.country:
            person.country = post.country
    if person.country is None:
        for post in posts:
            if (
                post.org is not None
                and post.org.country
                and post.org.kind != "international_organisation"
            ):
                person.country = post.org.country
                break
    international = [
        p for p in posts if p.org is not None and p.org.kind == "international_organisation"
    ]
    # someone known only by a post in an international body serves no state we can name
    person.fallback_country = home if not posts or len(international) < len(posts) else None
    roles: list[RoleFact] = []
    for post in posts:
        org_name = None
        country = post.country or person.country
        body = _implied_body(post)
        owner = orgs.last_named(post.owner, post.span[0]) if post.owner is not None else None
        if post.org is not None:
            org_name = orgs.add(post.org, text, hint=post.country or person.country)
        elif post.owner is not None:  # "the university's Vice President": the one last named
            org_name = owner
        elif body is not None and country:
            implied = _implied(body[0], body[1], country, lex, post)
            named = _named_here(orgs, body[0], body[1], country)
            org_name = orgs.add(replace(implied, name=named) if named else implied, text)
        elif body is not None:
            start, end = post.span
            person.pending_roles.append(
                PendingRole(post.rule.title, body[0], body[1], Span(start, end, text[start:end]))
            )
            continue
        elif post.rule.body in _MISSIONS and post.host and country:
            org = OrgPhrase(
                f"{_MISSIONS[post.rule.body]} of {lex.short_name(country)}"
                f" in {lex.short_name(post.host)}",
                "diplomatic_mission",
                country,
                post.span[0],
                post.span[1],
            )
            org_name = orgs.add(org, text)
        role = RoleFact(post.rule.title, org_name)
        if role not in roles:
            roles.append(role)
    if person.country is None:  # "its President": the body's country is theirs
        person.country = next(
            (
                org_fact.country
                for role in roles
                if (org_fact := orgs.orgs.get(role.organisation or ""))
                and org_fact.country
                and org_fact.kind != "international_organisation"
            ),
            None,
        )
    # A post given without its organisation is the same post given with it elsewhere.
    person.roles = [
        r
        for r in roles
        if r.organisation is not None
        or not any(o.title == r.title and o.organisation for o in roles)
    ]


def _implied_body(post: PostFound) -> tuple[str, str] | None:
    """The body a title implies, as (name without country, kind), if it implies one."""
    if post.portfolio and names_ministry(post.rule) and post.rule.body != "mfa":
        return f"Ministry of {post.portfolio}", "ministry"
    if post.rule.body == "mfa":
        return "Ministry of Foreign Affairs", "ministry"
    if post.rule.body == "government":
        return "Government", "government"
    if post.rule.body == "prosecutor":
        return "Prosecutor General's Office", "judiciary"
    return None


#: Words that name a prosecution service, for finding the article's own name of it.
_PROSECUTION = re.compile(r"\b(?:Prosecut\w*|Procura\w*)")


def _named_here(orgs: _OrgCollector, base: str, kind: str, country: str) -> str | None:
    return fuller_name(orgs.orgs.values(), base, kind, country)


def fuller_name(bodies: Iterable[OrgFact], base: str, kind: str, country: str) -> str | None:
    """The article's own name of the body a title implies, when it gives a fuller one:
    ``Ministry of Foreign Affairs and International Cooperation of Cambodia`` for a
    Cambodian foreign minister, ``Supreme People's Prosecutor's Office of Laos`` for the
    Lao prosecutor general."""
    of_country = f" of {lexicon().short_name(country)}"
    found = [
        org.name
        for org in bodies
        if org.kind == kind
        and org.country == country
        and org.name.endswith(of_country)
        and (
            org.name.startswith(base + " and ")
            or (kind == "judiciary" and _PROSECUTION.search(org.name))
        )
    ]
    return found[0] if len(found) == 1 else None


def _implied(base: str, kind: str, country: str, lex: Lexicon, post: PostFound) -> OrgPhrase:
    return OrgPhrase(
        f"{base} of {lex.short_name(country)}", kind, country, post.span[0], post.span[1]
    )
