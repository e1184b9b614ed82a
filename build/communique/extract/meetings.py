"""Find the meetings an article reports: who met whom, when, where, and in what form.

A sentence reports a meeting when a trigger of ``rules/meetings.yaml`` matches and no
"not happened" cue does (plans, invitations, interviews). Its participants are the people
the sentence names, plus those it refers to (``he``, ``the delegation`` -> its leader).
``held meetings with A and B`` gives one meeting per person met. Later sentences that say
who attended (``The event was attended by …``) add people to the event already reported.
Dates come from the sentence, else from the visit the meeting was part of, else from the
story so far.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from communique.extract.dates import DateMention, find_dates
from communique.extract.facts import MeetingFact, PersonFact, Span
from communique.extract.lexicon import Lexicon
from communique.extract.segments import Labelled
from communique.extract.text import Sentence
from communique.model import Article
from communique.rules.models import Priority, RelativeDay

_DATELINE_START = re.compile(r"^[A-Z][A-Za-z .,]{1,40}?[,.]\s*")
_QUOTED = re.compile(r"[“\"]([^”\"]{6,})[”\"]")


@dataclass
class _Event:
    kind: str
    start: dt.date | None
    end: dt.date | None
    participants: list[int]
    span: Span
    sentence: int
    dated: bool
    location: str | None = None
    country: str | None = None
    name: str | None = None
    parent: int | None = None
    notes: list[str] = field(default_factory=list)


def reference_date(article: Article, sents: list[Sentence]) -> dt.date:
    """The date relative words count from: a dateline date at the top, else ``published``."""
    if sents:
        head = article.text[max(0, article.body_start - 100) : article.body_start]
        head = head + " " + sents[0].text[:60]
        match = _DATELINE_START.match(head)
        if match or article.dateline:
            found = find_dates(head, 0, article.published)
            if found and found[0].start_date <= article.published:
                return found[0].start_date
    return article.published


def _kind_of(sentence: str, lex: Lexicon) -> tuple[Priority | None, re.Match[str] | None, bool]:
    """The trigger group a sentence reports by priority, its trigger, and whether it
    reports a visit (the visit's trigger stands in when nothing else matches)."""
    hits: dict[str, re.Match[str]] = {}
    for group, triggers in lex.meeting_triggers.items():
        for trigger in triggers:
            match = trigger.search(sentence)
            if match:
                hits.setdefault(trigger.ranks_as or group, match)
                break
    visit = hits.pop("visit", None)
    for rank in lex.priority:
        if rank.group in hits:
            rank.fired()
            return rank, hits[rank.group], visit is not None
    return None, visit, visit is not None


def _people_in(sentence: Sentence, by_span: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """(start offset, person key) of each person named in the sentence, in order."""
    found = [(s, key) for (s, e), key in by_span.items() if sentence.start <= s < sentence.end]
    return sorted(found)


def find_meetings(
    article: Article,
    sents: list[Sentence],
    labelled: list[Labelled],
    by_span: dict[tuple[int, int], int],
    people: list[PersonFact],
    lex: Lexicon,
    home: str | None,
) -> list[MeetingFact]:
    """All meetings the article reports as having happened."""
    reference = reference_date(article, sents)
    # the country a story's visit went to, even when no sentence dates the visit
    story_country = next(
        (
            c
            for s in sents
            if lex.meetings.mentions_visit.search(s.text) and (c := _destination(s.text, lex))
        ),
        None,
    )
    events: list[_Event] = []
    leader: int | None = None
    last_subject: int | None = None
    absorbing: _Event | None = None
    visit: _Event | None = None
    seen: list[int] = []
    for index, sentence in enumerate(sents):
        text = sentence.text
        named = _people_in(sentence, by_span)
        keys = _unique([key for _, key in named])
        led = lex.discourse.led_by.search(text)
        if led:
            after = [key for start, key in named if start >= sentence.start + led.end()]
            if after:
                leader = after[0]
        dates = find_dates(text, sentence.start, reference)
        titled = _by_title(text, people, seen, leader, lex)
        seen.extend(k for k in keys if k not in seen)
        vague = not dates and any(p.search(text) for p in lex.meetings.vague_times)
        rank, trigger, has_visit = _kind_of(text, lex)
        kind = rank.reports if rank else None
        # A plan, invitation or interview cue before the event's trigger (or with none)
        # means the sentence reports no meeting; one after it ("… to prepare the events
        # of next year") does not undo the meeting it follows.
        first_trigger = trigger.start() if trigger is not None else len(text)
        if any(
            m.start() < first_trigger
            or not lex.meetings.past_meeting_verb.search(text, 0, m.start())
            for p in lex.meetings.not_happened
            for m in [p.search(text)]
            if m
        ):
            if keys:
                last_subject = keys[0]
            continue
        # Sentences that add people to an event already reported.
        if any(p.search(text) for p in lex.meetings.joins) and events:
            target = _join_target(events, text, keys, lex)
            for event in target:
                event.participants = _unique(
                    event.participants
                    + _refs(text, keys, leader, last_subject, events, lex, titled)
                )
            if keys:
                last_subject = keys[0]
            continue
        if has_visit:
            visit_event = _visit(
                sentence, index, text, named, keys, leader, dates, lex, last_subject
            )
            if visit_event is not None:
                same = next(
                    (e for e in events if e.kind == "visit" and _overlap(e, visit_event)), None
                )
                if same is None:
                    events.append(visit_event)
                    visit = visit_event
                else:
                    visit = same
        # a meeting recalled without its date is another, undated event
        undated = rank is not None and rank.needs_date and not dates
        if kind is None or trigger is None or vague or undated:
            if absorbing is not None and keys and not dates:
                absorbing.participants = _unique(absorbing.participants + keys)
            if keys:
                last_subject = keys[0]
            continue
        participants = _refs(text, keys, leader, last_subject, events, lex, titled)
        date = _pick_date(dates, has_visit)
        start_date, end_date, dated = _when(date, text, visit, events, reference, lex)
        location, country = _where(text, article, lex, home)
        if kind == "call":
            location, country = None, None
        elif (
            country is None
            and visit is not None
            and visit.country
            and (
                start_date
                and visit.start
                and visit.start <= start_date <= (visit.end or visit.start)
            )
        ):
            country = visit.country
        elif country is None:
            # where the story already is: the last place an event of it happened
            placed = [e for e in events if e.kind not in ("call", "visit") and e.country]
            country = placed[-1].country if placed else story_country or home
        span = Span(
            sentence.start + trigger.start(), sentence.start + trigger.end(), trigger.group()
        )
        groups = _split_with_list(text, sentence, named, participants, kind, lex)
        for group in groups:
            event = _Event(
                kind,
                start_date,
                end_date,
                group,
                span,
                index,
                dated,
                location,
                country,
                _name(text, kind, lex),
            )
            merged = _merge_into(events, event)
            if merged is None:
                events.append(event)
                absorbing = event if kind in ("reception", "conference") or len(group) < 2 else None
            elif kind in ("reception", "conference"):
                absorbing = merged
        if keys:
            last_subject = keys[0]
    return _finish(events, article.published)


def _unique(keys: list[int]) -> list[int]:
    seen: list[int] = []
    for key in keys:
        if key not in seen:
            seen.append(key)
    return seen


def _by_title(
    text: str, people: list[PersonFact], before: list[int], leader: int | None, lex: Lexicon
) -> int | None:
    """``the ambassador`` -> the last person named so far who holds that title."""
    match = lex.discourse.title_reference.search(text)
    if not match:
        return None
    noun = match.group(1).lower()
    for reference, fallback in (
        (lex.discourse.heads_of_state, None),  # "the Lao leader"
        (lex.discourse.envoys, leader),  # "the envoy": else the delegation's leader
    ):
        if noun in reference.nouns:
            reference.fired()
            holders = [
                k for k in before if any(r.title in reference.titles for r in people[k].roles)
            ]
            return holders[-1] if holders else fallback
    holders = [
        k
        for k in before
        if any(r.title.lower() == noun or r.title.lower().endswith(noun) for r in people[k].roles)
    ]
    return holders[-1] if holders else None


def _refs(
    text: str,
    keys: list[int],
    leader: int | None,
    last_subject: int | None,
    events: list[_Event],
    lex: Lexicon,
    titled: int | None = None,
) -> list[int]:
    """People a sentence names or refers to (pronouns, "the delegation")."""
    refs = list(keys)
    if titled is not None:
        refs.insert(0, titled)
    if lex.discourse.pronoun_subject.search(text) and last_subject is not None:
        refs.insert(0, last_subject)
    if lex.discourse.delegation.search(text) and leader is not None:
        refs.append(leader)
    if lex.discourse.they.search(text) and len(keys) < 2 and events:
        refs.extend(events[-1].participants)  # "recalling their talks": the same people
    return _unique(refs)


def _join_target(events: list[_Event], text: str, keys: list[int], lex: Lexicon) -> list[_Event]:
    lowered = text.lower()
    if lex.meetings.join_after_meeting.match(lowered):
        named = [e for e in events if set(keys) & set(e.participants)]
        return named[-1:] or events[-1:]
    if lex.meetings.join_meetings.search(lowered):
        talks = [e for e in events if e.kind == "talks"]
        last = talks[-1].sentence if talks else None
        return [
            e
            for e in talks
            if e.sentence == last or (e.parent is not None and e.parent == talks[-1].parent)
        ] or events[-1:]
    if lex.meetings.join_gathering.search(lowered):
        gatherings = [e for e in events if e.kind in ("reception", "conference")]
        if gatherings:
            return gatherings[-1:]
    non_visits = [e for e in events if e.kind != "visit"]
    return (non_visits or events)[-1:]


def _destination(text: str, lex: Lexicon) -> str | None:
    """The country a sentence says someone visited or travelled to, if any."""
    destination = None
    for match in lex.meetings.destination.finditer(text):
        words = match.group(1).strip()
        while words:
            code = lex.country_of_name(words)
            if code:
                destination = code
                break
            words = " ".join(words.split(" ")[:-1])
        if destination:
            break
    if destination is None:
        for match in lex.meetings.destination_city.finditer(text):
            city = lex.city(match.group(1))
            if city:
                destination = city[1]
                break
    return destination


def _visit(sentence, index, text, named, keys, leader, dates, lex, last_subject):
    """A visit reported by this sentence, when it gives a date and a destination."""
    ranges = [d for d in dates if d.end_date is not None] or dates
    if not ranges:
        return None
    date = ranges[0]
    destination = _destination(text, lex)
    if destination is None:  # "visited the National University": a stop, not a trip abroad
        return None
    participants: list[int] = []
    who = lex.discourse.visitor.search(text)
    if who:
        before = [key for start, key in named if start < sentence.start + who.start()]
        participants = before[-1:]
    led = lex.discourse.led_by.search(text)
    if led and not participants:
        after = [key for start, key in named if start >= sentence.start + led.end()]
        participants = after[:1]
    if not participants and keys:
        participants = keys[:1]
    if not participants and lex.discourse.delegation.search(text) and leader is not None:
        participants = [leader]
    if (
        not participants
        and lex.discourse.possessive_pronoun.search(text)
        and last_subject is not None
    ):
        participants = [last_subject]
    if not participants:
        return None
    start = sentence.start
    return _Event(
        "visit",
        date.start_date,
        date.end_date,
        participants,
        Span(start, sentence.end, sentence.text),
        index,
        True,
        None,
        destination,
        None,
    )


def _pick_date(dates: list[DateMention], has_visit: bool) -> DateMention | None:
    if not dates:
        return None
    singles = [d for d in dates if d.end_date is None]
    if has_visit and singles:
        return singles[0]
    return dates[0]


def _when(date, text, visit, events, reference, lex):
    if date is not None:
        return date.start_date, date.end_date, True
    earlier = [e for e in events if e.kind != "visit"]  # a visit spans days, not "that day"
    relative = _relative_day(text, lex)
    if relative is not None and earlier:
        previous = earlier[-1]
        if relative.days_after:
            return previous.start + dt.timedelta(days=relative.days_after), None, True
        return previous.start, previous.end, True
    if visit is not None:
        return visit.start, visit.end, True
    dated = [e for e in events if e.dated and e.kind != "visit"]
    if dated:
        return dated[-1].start, dated[-1].end, True
    return reference, None, False


def _relative_day(text: str, lex: Lexicon) -> RelativeDay | None:
    """The first phrase of the sentence that dates it by the meeting before (``the next
    day``), if any."""
    found = [(m.start(), rule) for rule in lex.meetings.relative_days if (m := rule.search(text))]
    return min(found, key=lambda hit: hit[0])[1] if found else None


def _where(text: str, article: Article, lex: Lexicon, home: str | None):
    for match in lex.meetings.in_place.finditer(text):
        words = match.group(1)
        follower = text[match.end() : match.end() + 40].split(" ")[1:2]
        if words.isupper() or (follower and follower[0] in lex.venue_words):
            continue  # "at ADA University": a body, not a town
        for candidate in (words, words.split(" ")[0]):
            city = lex.city(candidate)
            if city:
                return city[0], city[1]
    if lex.meetings.here.search(text) and article.dateline:
        city = lex.city(article.dateline)
        if city:
            return city[0], city[1]
    for match in lex.meetings.in_place.finditer(text):
        code = lex.country_of_name(match.group(1))
        if code:
            return None, code
    return None, None


def _split_with_list(text, sentence, named, participants, kind, lex):
    """``X held meetings with A and B`` -> [[X, A], [X, B]]."""
    match = lex.meetings.held_with_list.search(text)
    if kind != "talks" or not match:
        return [participants]
    cut = sentence.start + match.end()
    before = [key for start, key in named if start < cut]
    after = _unique([key for start, key in named if start >= cut])
    subject = [p for p in participants if p not in after] or before[:1]
    if len(after) < 2 or not subject:
        return [participants]
    return [_unique([*subject[:1], other]) for other in after]


def _overlap(a: _Event, b: _Event) -> bool:
    if a.start is None or b.start is None:
        return False
    a_end, b_end = a.end or a.start, b.end or b.start
    return a.start <= b_end + dt.timedelta(days=1) and b.start <= a_end + dt.timedelta(days=1)


def _merge_into(events: list[_Event], event: _Event) -> _Event | None:
    """The event this one repeats (same kind, compatible date, shared people), if any."""
    for other in reversed(events):
        if other.kind != event.kind or other.kind == "visit":
            continue
        people_shared = set(other.participants) & set(event.participants)
        if (
            not other.participants
            and other is events[-1]
            and (not event.dated or not other.dated or _overlap(other, event))
        ):
            other.participants = list(event.participants)
            if event.dated:
                other.start, other.end, other.dated = event.start, event.end, True
            return other
        same_gathering = event.kind in ("reception", "conference") and (
            not event.dated or _overlap(other, event)
        )
        repeats = (
            (people_shared or not event.participants)
            and (not event.dated or not other.dated or _overlap(other, event))
            and set(event.participants) <= set(other.participants) | people_shared
        )
        if same_gathering or repeats:
            other.participants = _unique(other.participants + event.participants)
            if event.dated and not other.dated:
                other.start, other.end, other.dated = event.start, event.end, True
            other.location = other.location or event.location
            other.country = other.country or event.country
            other.name = other.name or event.name
            return other
    return None


def _name(text: str, kind: str, lex: Lexicon) -> str | None:
    if kind == "talks":
        match = lex.meetings.consultations_name.search(text)
        if match:
            name = match.group(1)
            return name[0].upper() + name[1:]
    quoted = _QUOTED.search(text)
    if quoted and kind == "conference":
        return f"Conference “{quoted.group(1).strip()}”"
    return None


def _finish(events: list[_Event], published: dt.date) -> list[MeetingFact]:
    """Keep events with enough people that happened by the article's date; link meetings to
    the visit they were part of."""
    kept: list[_Event] = []
    for event in events:
        needed = 1 if event.kind in ("visit", "reception", "conference") else 2
        # a meeting dated after the article that reports it has not happened yet
        if (
            len(event.participants) >= needed
            and event.start is not None
            and event.start <= published
        ):
            kept.append(event)
    facts: list[MeetingFact] = []
    visits = [e for e in kept if e.kind == "visit"]
    for key, event in enumerate(kept):
        parent = None
        if event.kind != "visit":
            for visit in visits:
                if (
                    set(visit.participants) & set(event.participants)
                    and visit.start
                    and visit.start <= event.start <= (visit.end or visit.start)
                ):
                    parent = kept.index(visit)
                    if event.country is None:
                        event.country = visit.country
                    break
        facts.append(
            MeetingFact(
                key=key,
                kind=event.kind,
                start_date=event.start,
                end_date=event.end if event.end and event.end != event.start else None,
                participants=tuple(event.participants),
                span=event.span,
                name=event.name,
                location=event.location,
                country=event.country,
                parent=parent,
            )
        )
    return facts
