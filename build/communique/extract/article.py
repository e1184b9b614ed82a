"""Extract all facts of one article: organisations, people with roles, meetings."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from rapidfuzz import fuzz

from communique import rules
from communique.extract.facts import (
    ArticleFacts,
    OrgFact,
    PendingRole,
    PersonFact,
    RoleFact,
    Span,
)
from communique.extract.lexicon import Lexicon, fold, lexicon
from communique.extract.meetings import find_meetings
from communique.extract.organisations import OrgPhrase, canonical, phrase_spans
from communique.extract.people import NameFound, PostFound, find_names
from communique.extract.segments import Labelled, label
from communique.extract.text import Sentence, sentences
from communique.model import Article

_ABBREVIATION = re.compile(r"[A-Z][A-Za-z&.\-]*[A-Z]")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_SPACES = re.compile(r"[\s]+")
_DOUBLED = re.compile(r"(.)\1+")


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
    acronyms = _acronym_definitions(labelled, article.text, lex)
    facts = ArticleFacts(article.article_id, article.published)
    orgs = _OrgCollector()
    body_spans: list[tuple[int, int]] = []
    bodies_ending: dict[int, OrgPhrase] = {}
    for lab in labelled:
        for run in phrase_spans(lab, lex, acronyms):
            found = canonical(run, article.text, lex, acronyms, home, lab.notes)
            for org in found:
                orgs.add(org, article.text)
            if found:
                body_spans.append((run[0].start, run[-1].end))
                bodies_ending[run[-1].end] = found[-1]
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
    facts.people = people
    facts.meetings = find_meetings(article, sents, labelled, by_span, people, lex, home)
    _ambassador_hosts(people, facts.meetings, home, lex, orgs, article.text)
    facts.organisations = orgs.facts()
    return facts


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
        if not name.posts or all(p.org is not None for p in name.posts):
            continue
        begin = name.context_start if name.context_start is not None else name.start
        for end, org in bodies.items():
            if lab.segments[0].start <= end < begin and cue.regex.match(text[end:begin]):
                cue.fired()
                name.posts = [
                    replace(p, org=org)
                    if p.org is None and p.rule.body in (None, "prosecutor")
                    else p
                    for p in name.posts
                ]
                if (
                    name.country is None
                    and org.country
                    and org.kind != "international_organisation"
                ):
                    name.country = org.country
                break


def _title_between(segs, first: int, end: int) -> bool:
    """Whether only a title phrase stands between segment ``first`` and offset ``end``."""
    between = [s for s in segs[first:] if s.end <= end]
    return bool(between) and all(
        s.label in ("T", "K", "C", "A", "W", "HEAD", "O", "ACR", "H") for s in between
    )


def _leader_body(
    lab: Labelled,
    body: list,
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
    envoys = {rule.title for rule in lex.titles.values() if rule.body == "embassy"}
    for person in people:
        unhosted = [r for r in person.roles if r.organisation is None and r.title in envoys]
        if not unhosted or person.country is None:
            continue
        places = [
            m.country
            for m in meetings
            if person.key in m.participants and m.country and m.country != person.country
        ]
        host = places[0] if places else (home if home and home != person.country else None)
        if host is None:
            continue
        span = person.spans[0]
        org = OrgPhrase(
            f"Embassy of {lex.short_name(person.country)} in {lex.short_name(host)}",
            "diplomatic_mission",
            person.country,
            span.start,
            span.end,
        )
        name = orgs.add(org, text)
        person.roles = [RoleFact(r.title, name) if r in unhosted else r for r in person.roles]
        deduplicated: list[RoleFact] = []
        for role in person.roles:
            if role not in deduplicated:
                deduplicated.append(role)
        person.roles = deduplicated


def _acronym_definitions(labelled: list[Labelled], text: str, lex: Lexicon) -> dict[str, str]:
    """``Long Name (ABBR)`` defines ABBR for the whole article."""
    found: dict[str, str] = {}
    for lab in labelled:
        for run in phrase_spans(lab, lex, found):
            note = lab.notes.get(run[-1].end)
            if note and _ABBREVIATION.fullmatch(note) and note not in found:
                words = " ".join(s.text for s in run).replace("’", "'")
                found[note] = _LEADING_THE.sub("", words)
    return found


class _OrgCollector:
    """Organisations of one article by canonical name, with every span that names them."""

    def __init__(self) -> None:
        self.orgs: dict[str, OrgFact] = {}

    def add(self, org: OrgPhrase, text: str, span: tuple[int, int] | None = None) -> str:
        start, end = span or (org.start, org.end)
        parent_name = None
        if org.parent is not None:
            parent_name = self.add(org.parent, text, (start, end))
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
        return [self.orgs[name] for name in sorted(self.orgs)]


@cache
def _whole_word_any_case(word: str) -> re.Pattern[str]:
    """A word as a whole word in any case; compiled once per word the articles use."""
    return re.compile(rf"\b{re.escape(word)}\b", re.I)


def _tokens(name: str) -> list[str]:
    return [fold(t) for t in _SPACES.split(name) if t]


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

    def find(tokens: list[str]) -> list[PersonFact]:
        return [p for p in people if all(t in _tokens(p.name) for t in tokens)]

    # Pass 1: full names with evidence introduce people.
    for name in flat:
        tokens = _tokens(name.text)
        if len(tokens) < 2 or name.evidence is None:
            continue
        match = [p for p in people if _tokens(p.name) == tokens] or find(tokens)
        if match:
            attach(match[0], name)
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
        elif not _is_place(name.text) and not lexicon().place_context.search(
            text[max(0, name.start - 25) : name.end + 12]
        ):
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
        person._posts = found_posts.get(person.key, [])
    return people, by_span


def _is_place(text: str) -> bool:
    lex = lexicon()
    return bool(lex.city(text) or lex.country_of_name(text) or lex.is_small_place(text))


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
    posts: list[PostFound] = getattr(person, "_posts", [])
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
            org_name = orgs.add(post.org, text)
        elif post.owner is not None:  # "the university's Vice President": the one last named
            org_name = owner
        elif body is not None and country:
            org_name = orgs.add(_implied(body[0], body[1], country, lex, post), text)
        elif body is not None:
            start, end = post.span
            person.pending_roles.append(
                PendingRole(post.rule.title, body[0], body[1], Span(start, end, text[start:end]))
            )
            continue
        elif post.rule.body == "embassy" and post.host and country:
            org = OrgPhrase(
                f"Embassy of {lex.short_name(country)} in {lex.short_name(post.host)}",
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
                org.country
                for role in roles
                if (org := orgs.orgs.get(role.organisation or ""))
                and org.country
                and org.kind != "international_organisation"
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
    if post.rule.body == "mfa":
        return "Ministry of Foreign Affairs", "ministry"
    if post.rule.body == "government":
        return "Government", "government"
    if post.rule.body == "prosecutor":
        return "Prosecutor General's Office", "judiciary"
    if post.rule.body == "ministry" and post.portfolio:
        return f"Ministry of {post.portfolio}", "ministry"
    return None


def _implied(base: str, kind: str, country: str, lex: Lexicon, post: PostFound) -> OrgPhrase:
    return OrgPhrase(
        f"{base} of {lex.short_name(country)}", kind, country, post.span[0], post.span[1]
    )
