"""Find the meetings an article reports: who met whom, when, where, and in what form.

A sentence reports a meeting when a trigger of ``rules/meetings.yaml`` matches and no
"not happened" cue governs it (plans, invitations, interviews; a ``will`` only cancels
what it governs: "the visit will give new impetus" still reports the visit). Its
participants are the people the sentence names or refers to, as the discourse model
(``extract/discourse.py``) resolves them: ``he``, ``the delegation`` (its leader), ``the
Lao minister``, ``his Chilean counterpart``, ``the two leaders`` — but not people it only
mentions in passing (``the greetings of President X``, ``the late Y``).

One sentence can report several encounters: ``met A and B`` and ``held meetings with A
and B`` give one meeting per person met, ``made a courtesy call on A and later joined a
reception given by B`` two meetings of their own kinds. Later sentences that say who
attended (``The event was attended by …``, ``Present there were …``) add people to the
event already reported.

Visits are found apart, as reporters write them: dated (``visited Laos on June 3-4``) or
as the current trip (``who is on an official visit to Laos``, ``arrived in Vientiane on
Tuesday on a three-day visit``), with their visitor (``the visit of her counterpart``,
``X's visit to Y``, ``X, who is on a visit``) and destination.

Dates come from the sentence (not from its dateline, nor from what a date only marks:
``said on Wednesday``, ``the establishment of relations on …``), else from the meeting
before (``the same day``), the visit (``during the visit``), the current visit or the
story so far. A meeting well before the story (``recalled his visit to Baku in May
2018``) is kept, but never dates the sentences after it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from re import _parser as sre  # type: ignore[attr-defined]  # the parser ``re`` itself uses
from typing import TypeVar

from communique.extract.dates import DateMention, find_dates
from communique.extract.discourse import DELEGATION, GROUP, NAME, PRONOUN, Discourse, Ref
from communique.extract.facts import MeetingFact, PersonFact, Span
from communique.extract.lexicon import Lexicon
from communique.extract.prefilter import Words, could_match, needles, words_found
from communique.extract.segments import Labelled
from communique.extract.text import Sentence
from communique.model import Article
from communique.rules.models import MeetingCue, Priority, RelativeDay, Trigger

_DATELINE_START = re.compile(r"^[A-Z][A-Za-z .,]{1,40}?[,.]\s*")
_QUOTED = re.compile(r"[“\"]([^”\"]{6,})[”\"]")
#: events that start this long before the reference date are recalled, not current
_RECALLED = dt.timedelta(days=14)
#: how far before a person's mention a "not a participant" context is looked for
_ASIDE_WINDOW = 160


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
    recalled: bool = False
    #: for visits: whether the dates are stated (not inferred from the current events)
    stated: bool = True
    #: whether the sentence that reports it states its date (not the events around it)
    exact: bool = False


@dataclass
class _Story:
    """What the sentences so far have established."""

    reference: dt.date
    #: the dateline's city and country ("here"), once a dateline names them
    here: tuple[str, str] | None = None
    events: list[_Event] = field(default_factory=list)
    absorbing: _Event | None = None
    visit: _Event | None = None  # the visit reported last (for "during the visit")
    #: the people the sentence before named
    named_before: list[int] = field(default_factory=list)

    def current(self, kinds_but: tuple[str, ...] = ("visit",)) -> list[_Event]:
        return [e for e in self.events if not e.recalled and e.kind not in kinds_but]

    @property
    def current_visit(self) -> _Event | None:
        visits = [e for e in self.events if e.kind == "visit" and not e.recalled]
        return visits[-1] if visits else None


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


def _city_country(place: str | None, lex: Lexicon) -> tuple[str, str] | None:
    if not place:
        return None
    city = lex.city(place)
    if city:
        return city
    code = lex.country_of_name(place)
    return (place, code) if code else None


def _read_dateline(story: _Story, sentence: Sentence, article: Article, lex: Lexicon) -> None:
    """A dateline opening a sentence (a story of several datelined parts, or one the reader
    left in the text) gives the date relative words count from and the place of "here"."""
    found = _dateline_in(sentence.text, lex)
    if found is None:
        return
    place = _city_country(found.group("place"), lex)
    if place is not None:
        story.here = place
    dates = find_dates(found.group("date"), 0, article.published)
    if dates and dates[0].start_date <= article.published:
        story.reference = dates[0].start_date


@cache
def _opens_at_start_or_paren(regex: re.Pattern[str]) -> bool:
    r"""Whether every match of ``regex`` opens at the start of the text or with a ")" (as
    ``meetings.yaml: dateline_date``'s ``(?:^|\)\s*)…``), read from the parsed pattern."""
    if regex.flags & re.MULTILINE:
        return False
    items = sre.parse(regex.pattern, regex.flags).data
    if not items or items[0][0] is not sre.BRANCH:  # (the group without a name is inlined)
        return False
    firsts = ((sre.AT, sre.AT_BEGINNING), (sre.LITERAL, ord(")")))
    return all(branch.data and branch.data[0] in firsts for branch in items[0][1][1])


def _dateline_in(text: str, lex: Lexicon) -> re.Match[str] | None:
    """``lex.meetings.dateline_date.search(text)``. Its pattern opens at the start of the
    text or after a ")": in a text without one it is only matched at the start, rather
    than tried at every offset (most sentences)."""
    cue = lex.meetings.dateline_date
    if ")" in text or not _opens_at_start_or_paren(cue.regex):
        return cue.search(text)
    return cue.match(text)


def _kind_of(
    sentence: str, lex: Lexicon, found: set[str] | None = None
) -> tuple[Priority | None, re.Match[str] | None, bool]:
    """The trigger group a sentence reports by priority, its trigger, and whether it
    reports a visit (the visit's trigger stands in when nothing else matches). ``found``:
    the sentence's ``words_found`` of ``lex.sentence_cue_words``, when already read."""
    if found is None:
        found = words_found(lex.sentence_cue_words, sentence)
    hits: dict[str, re.Match[str]] = {}
    matched: set[str] = set()  # groups whose trigger matched: their later triggers are not read
    for group, trigger, pattern in _triggers_with_words(lex, found):
        if group in matched or pattern.search(sentence) is None:
            continue  # most triggers, read at once, without going through the matches
        match = next(
            (
                m
                for m in pattern.finditer(sentence)
                if not any(a.search(sentence[: m.start()]) for a in lex.meetings.trigger_asides)
            ),
            None,
        )
        if match:
            trigger.fired()
            hits.setdefault(trigger.ranks_as or group, match)
            matched.add(group)
    visit = hits.pop("visit", None)
    for rank in lex.priority:
        if rank.group in hits:
            rank.fired()
            return rank, hits[rank.group], visit is not None
    return None, visit, visit is not None


#: a trigger as ``_kind_of`` reads it: its group, the trigger and its pattern
_GroupTrigger = tuple[str, Trigger, re.Pattern[str]]


@cache
def _ordered_triggers(lex: Lexicon) -> tuple[tuple[_GroupTrigger, Words], ...]:
    """Every trigger of ``lex.trigger_patterns`` in order (groups by priority, each group's
    triggers as listed), with its prefilter words: cues as ``_with_words_found`` reads them."""
    return tuple(
        ((group, trigger, pattern), words)
        for group, triggers in lex.trigger_patterns.items()
        for trigger, pattern, words in triggers
    )


def _triggers_with_words(lex: Lexicon, found: set[str]) -> list[_GroupTrigger]:
    """The triggers, in order, that ``could_match_found`` leaves to search in a sentence
    holding the cue words ``found``: those with one of their words among them (and any
    without words), read from the words found rather than by testing all 55 triggers."""
    return _with_words_found(_ordered_triggers(lex), found)


def _any_cue(
    cues: tuple[tuple[MeetingCue, Words], ...], text: str, found: set[str] | None = None
) -> bool:
    """Whether one of the cues matches the text (the first that does is recorded as used).
    ``found``: the text's ``words_found`` of ``lex.sentence_cue_words``, which hold the
    cues' words, when already read."""
    if found is None:
        return any(could_match(words, text) and cue.search(text) for cue, words in cues)
    return any(cue.search(text) for cue in _with_words_found(cues, found))


_C = TypeVar("_C")
#: ``_cue_positions``' tables, by the identity of the lexicon's tuple of cues (kept alive)
_CUE_POSITIONS: dict[int, tuple[object, dict[str, tuple[int, ...]]]] = {}


def _cue_positions(cues: tuple[tuple[_C, Words], ...]) -> dict[str, tuple[int, ...]]:
    """For each word of the cues' prefilters, the positions of the cues that may match
    only with it (a cue without words: at the word ``""``), made once per tuple of cues."""
    known = _CUE_POSITIONS.get(id(cues))
    if known is not None and known[0] is cues:
        return known[1]
    positions: dict[str, list[int]] = {}
    for at, (_, words) in enumerate(cues):
        for word in words if words is not None else ("",):
            positions.setdefault(word, []).append(at)
    table = {word: tuple(found) for word, found in positions.items()}
    _CUE_POSITIONS[id(cues)] = (cues, table)
    return table


def _with_words_found(cues: tuple[tuple[_C, Words], ...], found: set[str]) -> list[_C]:
    """The cues, in order, that ``could_match_found`` leaves to search in a text holding
    the cue words ``found`` (``words_found`` of words that hold all the cues' words): read
    from the words found instead of one set test per cue (vague times and joins are
    dozens, and most sentences hold a few of their words)."""
    table = _cue_positions(cues)
    positions = set(table.get("", ()))
    for word in found:
        positions.update(table.get(word, ()))
    return [cues[at][0] for at in sorted(positions)]


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
    discourse = Discourse(article.text, sents, people, by_span, lex)
    story = _Story(reference, here=_city_country(article.dateline, lex))
    for index, sentence in enumerate(sents):
        text = sentence.text
        _read_dateline(story, sentence, article, lex)
        refs = (
            [r for r in discourse.refs(index) if not _aside(r, sentence, lex)]
            if could_match(_not_participant_words(lex), text)
            else list(discourse.refs(index))  # no cue of an aside anywhere in the sentence
        )
        keys = _unique([r.key for r in refs])
        story.named_before = _unique(
            [r.key for r in discourse.refs(index - 1) if r.how == NAME] if index else []
        )
        dates = _event_dates(text, sentence, story.reference, lex, index)
        # the cues' words the sentence holds, read once for all its cues
        found = words_found(lex.sentence_cue_words, text)
        vague = not dates and _any_cue(lex.vague_times, text, found)
        rank, trigger, has_visit = _kind_of(text, lex, found)
        _end_visit(story, sentence, dates, lex)
        if _not_happened(text, trigger, lex, found):
            continue
        # Sentences that add people to an event already reported.
        if _any_cue(lex.joins, text, found) and story.events:
            targets = _join_target(story.events, text, keys, lex)
            joining = _refs(text, keys, story, lex)
            if lex.meetings.join_after_meeting.match(text.lower()):
                # "At the meeting with A, … the talks with B …": B had talks of their own
                others = [e for e in story.events if e not in targets and e.kind != "visit"]
                joining = [k for k in joining if not any(k in e.participants for e in others)]
            for event in targets:
                event.participants = _unique(event.participants + joining)
            continue
        if has_visit:
            _record_visit(story, sentence, index, refs, dates, discourse, lex, home, article)
        rank, trigger = _person_visited(rank, trigger, text, sentence, refs, lex)
        # a meeting recalled without its date is another, undated event
        undated = rank is not None and rank.needs_date and not dates
        if rank is None or trigger is None or vague or undated:
            _absorb(story, refs, dates, sentence, has_visit, lex)
            continue
        inherit = None
        for part_rank, part_trigger, part_refs, start, end in _encounters(
            text, sentence, rank, trigger, refs, lex
        ):
            inherit = _report(
                story,
                _kind(part_rank, part_trigger, part_refs, sentence, lex),
                part_trigger,
                part_refs,
                (start, end),
                sentence,
                index,
                [d for d in dates if start <= d.start - sentence.start < end],
                lex,
                home,
                inherit,
            )
        _sidelines(story, sentence, index, refs, dates, lex)
        if story.visit is None and refs and _refers_to_visit(text, lex):
            _implied_visit(story, sentence, index, refs[0].key, discourse)
    _stretch_current_visit(story)
    return _finish(story.events, article.published)


_SIDELINES = re.compile(r"\bon\s+the\s+(?:sidelines|margins?)\s+of\b", re.I)


def _sidelines(story: _Story, sentence: Sentence, index: int, refs, dates, lex) -> None:
    """``A and B met on the sidelines of the summit, which opened on Monday and runs until
    Friday``: A and B attend the summit, an event of its own with the dates it is given."""
    text = sentence.text
    side = _SIDELINES.search(text)
    if side is None or not refs:
        return
    found = (t.regex.search(text, side.end()) for t in lex.meeting_triggers.get("conference", ()))
    trigger = next((m for m in found if m), None)
    if trigger is None:
        return
    own = [d for d in dates if d.start - sentence.start >= trigger.end()]
    if not own:
        return  # the summit's days are not stated: the meeting's are not its own
    start, end = own[0].start_date, own[0].end_date
    if len(own) > 1 and lex.meetings.until.search(text[: own[-1].start - sentence.start]):
        end = own[-1].end_date or own[-1].start_date
    if end is not None and end <= start:
        end = None
    location, country = _where(text, story, lex)
    span = Span(sentence.start + trigger.start(), sentence.start + trigger.end(), trigger.group())
    event = _Event(
        "conference",
        start,
        end,
        _unique([r.key for r in refs]),
        span,
        index,
        True,
        location,
        country,
        exact=True,
    )
    if _merge_into(story.events, event) is None:
        story.events.append(event)


def _implied_visit(story: _Story, sentence: Sentence, index: int, who: int, discourse) -> None:
    """``As part of the visit, X also met …`` with no visit reported before: X is on a
    visit to where the story's meetings are, when X serves another country."""
    placed = [e for e in story.current(("call", "visit")) if e.country and who in e.participants]
    if not placed or discourse.country(who) in (None, placed[-1].country):
        return
    event = placed[-1]
    visit = _Event(
        "visit",
        event.start,
        None,
        [who],
        Span(sentence.start, sentence.end, sentence.text),
        index,
        True,
        None,
        event.country,
        None,
        stated=False,
    )
    story.events.append(visit)
    story.visit = visit


def _kind(rank: Priority, trigger: re.Match[str], refs: list[Ref], sentence, lex) -> str:
    """The kind of meeting a trigger reports: one ambassador's credentials are talks, the
    credentials of several (named after the trigger) a ceremony."""
    if rank.group == "credentials":
        after = {r.key for r in refs if r.how == NAME and r.start >= sentence.start + trigger.end()}
        if len(after) >= 2:
            return next(p.reports for p in lex.priority if p.group == "credentials_ceremony")
    return rank.reports


def _report(story, kind, trigger, refs, clause, sentence, index, dates, lex, home, inherit):
    """Record the encounter one sentence (or one clause of it, ``clause`` = (start, end)
    in the sentence's text) reports; return the dates it was given."""
    text = sentence.text[clause[0] : clause[1]]
    keys = _unique([r.key for r in refs])
    participants = _refs(text, keys, story, lex)
    date = _pick_date(dates, trigger, sentence, lex)
    if date is None and inherit is not None and _relative_day(text, lex) is None:
        start_date, end_date, dated, exact = inherit  # "… and later received B": that day
    else:
        start_date, end_date, dated = _when(date, text, story, lex)
        exact = date is not None
    recalled = bool(start_date and start_date < story.reference - _RECALLED)
    location, country = _where(text, story, lex)
    around = _visit_around(story, start_date, keys)
    if kind == "call":
        location, country = None, None
    elif country is None and around is not None:
        country = around.country
    elif country is None and not recalled:
        # where the story already is: the last place a current event of it happened
        placed = [e for e in story.current(("call", "visit")) if e.country]
        current = story.current_visit
        home = story.here[1] if story.here else home
        country = placed[-1].country if placed else (current.country if current else home)
    span = Span(sentence.start + trigger.start(), sentence.start + trigger.end(), trigger.group())
    for group in _split_objects(clause, sentence, refs, participants, kind, lex):
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
            recalled=recalled,
            exact=exact,
        )
        merged = _merge_into(story.events, event)
        if kind == "reception" and _CREDENTIALS.search(trigger.group()):
            (merged or event).notes.append(_CEREMONY)  # envoys presenting credentials
        if merged is None:
            story.events.append(event)
            gathering = kind in ("reception", "conference")
            story.absorbing = event if gathering or not group else None
        elif kind in ("reception", "conference"):
            story.absorbing = merged
    return start_date, end_date, dated, exact


def _visit_around(story: _Story, day: dt.date | None, keys: list[int]) -> _Event | None:
    """The visit (current or recalled) a meeting on this day with these people was part of."""
    if day is None:
        return None
    for visit in reversed(story.events):
        if (
            visit.kind == "visit"
            and visit.country
            and set(visit.participants) & set(keys)
            and visit.start
            and visit.start <= day <= (visit.end or visit.start)
        ):
            return visit
    current = story.current_visit
    if (
        current is not None
        and current.country
        and current.start
        and current.start <= day <= (current.end or current.start)
    ):
        return current
    return None


def _unique(keys: list[int]) -> list[int]:
    seen: list[int] = []
    for key in keys:
        if key not in seen:
            seen.append(key)
    return seen


def _refs(text: str, keys: list[int], story: _Story, lex: Lexicon) -> list[int]:
    """People a sentence names or refers to, with "they" for the people of the last event
    when it names fewer than two (or, before any event, the people the sentence before
    named: "A and B pledged closer ties. … dominated their talks")."""
    refs = list(keys)
    if lex.discourse.they.search(text) and len(keys) < 2:
        if story.events:
            refs.extend(story.events[-1].participants)  # "recalling their talks"
        elif len(story.named_before) >= 2:
            refs.extend(story.named_before)
    return _unique(refs)


@cache
def _not_participant_words(lex: Lexicon) -> Words:
    """The words one of which a text holds when a ``not_participant`` cue matches it (None
    when a cue has none): a sentence without any holds no aside (``_aside``), since the
    text before a name is part of it."""
    every: set[str] = set()
    for _, words in lex.not_participant:
        if words is None:
            return None
        every |= words
    return frozenset(every)


def _aside(ref: Ref, sentence: Sentence, lex: Lexicon) -> bool:
    """Whether the sentence only mentions this person in passing: ``the greetings of X``,
    ``on behalf of X``, ``the late X`` (a title may come between)."""
    if ref.how not in (NAME,):
        return False
    at = ref.start - sentence.start
    before = sentence.text[max(0, at - _ASIDE_WINDOW) : at]
    return any(could_match(words, before) and p.search(before) for p, words in lex.not_participant)


def _absorb(story, refs, dates, sentence, has_visit, lex) -> None:
    """A sentence that reports no meeting may name who took part in the gathering just
    reported (or in a meeting reported without anyone), when it opens with them as its
    subject: ``Deputy Minister X, together with Y, greeted the guests``. People it only
    refers to (``he``, ``the delegation``) were counted already; a sentence about a trip,
    or one whose first name is not its subject (a byline, a greeting), adds no one."""
    event = story.absorbing
    if event is None or dates or has_visit:
        return
    names = [r for r in refs if r.how == NAME]
    if not names:
        return
    opening = sentence.text[: names[0].start - sentence.start]
    if not lex.meetings.subject_opening.search(opening):
        return
    named = _unique([r.key for r in names])
    event.participants = _unique(event.participants + named)
    if event.kind not in ("reception", "conference"):
        story.absorbing = None  # a meeting reported without anyone takes one sentence


def _not_happened(text: str, trigger: re.Match[str] | None, lex: Lexicon, found: set[str]) -> bool:
    """Whether a plan, invitation or interview cue governs the sentence's event.

    A cue before the event's trigger (or with none) means the sentence reports no meeting;
    one after it does not undo a meeting a past verb reports ("… and agreed to meet next
    year"), nor an event whose only future is its effect ("the visit will give new
    impetus"). ``found``: the text's ``words_found`` of ``lex.sentence_cue_words``."""
    rules = lex.meetings
    first_trigger = trigger.start() if trigger is not None else len(text)
    for pattern in _with_words_found(lex.not_happened, found):
        cue = pattern.search(text)
        if not cue:
            continue
        if cue.start() < first_trigger:
            if rules.sentence_break.search(text, cue.end(), first_trigger):
                continue  # "… will be held in autumn.On May 2, X met Y": another sentence
            return True
        if rules.past_meeting_verb.search(text, 0, cue.start()):
            continue
        if (
            trigger is not None
            and rules.future_effect.regex.match(text, cue.start())
            and not rules.clause_break.search(text, trigger.end(), cue.start())
        ):
            rules.future_effect.fired()  # "X's visit to Y will give …": the event's effect
            continue
        return True
    return False


def _join_target(events: list[_Event], text: str, keys: list[int], lex: Lexicon) -> list[_Event]:
    lowered = text.lower()
    if lex.meetings.join_after_meeting.match(lowered):
        named = [e for e in events if set(keys) & set(e.participants)]
        return named[-1:] or events[-1:]
    if lex.meetings.join_meetings.search(lowered):
        talks = [e for e in events if e.kind == "talks"]
        if not talks:
            return events[-1:]
        last = talks[-1]
        return [
            e
            for e in talks
            if e.sentence == last.sentence
            or (
                not e.recalled
                and e.start == last.start
                and set(last.participants) & set(e.participants)
            )
            or _same_visit(events, e, last)
        ] or events[-1:]
    if lex.meetings.join_gathering.search(lowered):
        gatherings = [e for e in events if e.kind in ("reception", "conference")]
        if gatherings:
            return gatherings[-1:]
    non_visits = [e for e in events if e.kind != "visit"]
    current = [e for e in non_visits if not e.recalled]  # not a meeting recalled in passing
    return (current or non_visits or events)[-1:]


# ---------------------------------------------------------------- several encounters


def _encounters(text, sentence, rank, trigger, refs, lex):
    """The encounters one sentence reports, as (rank, trigger, refs, start, end) over
    parts of its text: the whole sentence, or two clauses ``… made a courtesy call on A and
    later joined a reception given by B`` (the subject takes part in both)."""
    whole = [(rank, trigger, refs, 0, len(text))]
    # "He asked A to convey his regards to B, and recalled his talks with C": the clause
    # of the trigger, with the sentence's subject
    for joint in lex.meetings.coordinated_clause.regex.finditer(text, 0, trigger.start()):
        first_rank, _, _ = _kind_of(text[: joint.start()], lex)
        if first_rank is not None or not refs or refs[0].start >= sentence.start + joint.start():
            continue
        lex.meetings.coordinated_clause.fired()
        cut = sentence.start + joint.end()
        kept = [refs[0]] + [r for r in refs if r.start >= cut]
        whole = [(rank, trigger, kept, 0, len(text))]
    for split in lex.meetings.clause_split.regex.finditer(text):
        first_rank, first_trigger, _ = _kind_of(text[: split.start()], lex)
        second_rank, second_trigger, _ = _kind_of(text[split.end() :], lex)
        if first_rank is None or first_trigger is None:
            continue
        if second_rank is None or second_trigger is None or second_trigger.start() > 30:
            continue
        lex.meetings.clause_split.fired()
        cut = sentence.start + split.start()
        before = [r for r in refs if r.start < cut]
        after = [r for r in refs if r.start >= cut]
        subject = [r for r in before if r.start < sentence.start + first_trigger.start()]
        if not subject or not after:
            return whole
        second = re.compile(re.escape(second_trigger.group())).search(text, split.end())
        assert second is not None
        return [
            (first_rank, first_trigger, before, 0, split.start()),
            (second_rank, second, subject[:1] + after, split.end(), len(text)),
        ]
    return whole


def _split_objects(clause, sentence, refs, participants, kind, lex):
    """``X met A and B``, ``X held meetings with A and B``: one meeting with each person
    met, when they are coordinated objects of the meeting verb."""
    if kind != "talks":
        return [participants]
    rules = lex.meetings
    text = sentence.text
    verb = rules.split_objects.regex.search(text, *clause) or rules.held_with_list.regex.search(
        text, *clause
    )
    if verb is None:
        return [participants]
    cut = sentence.start + verb.end()
    subject = _unique([r.key for r in refs if r.start < cut])
    objects = [r for r in refs if r.start >= cut and r.how not in (PRONOUN, DELEGATION)]
    if not subject or len(objects) < 2:
        return [participants]
    groups = [[objects[0].key]]
    alone = len({r.start for r in objects}) == 1  # "received the two leaders": each
    for previous, current in pairwise(objects):
        between = text[previous.end - sentence.start : current.start - sentence.start]
        if previous.start == current.start and current.how == GROUP and alone:
            groups.append([current.key])  # "received the two leaders": each of them
        elif current.key in groups[-1] or previous.start == current.start:
            groups[-1].append(current.key)  # the same person again, or one reference
        elif rules.coordination.search(between) and not rules.not_coordination.search(between):
            groups.append([current.key])
        else:
            groups[-1].append(current.key)  # "A, accompanied by B": with A
    if len(groups) < 2:
        return [participants]
    rules.split_objects.fired()
    extra = [k for k in participants if k not in subject and all(k not in g for g in groups)]
    return [_unique(subject[:1] + g + extra) for g in groups]


def _person_visited(rank, trigger, text, sentence, refs, lex):
    """``A and his wife visited B``: visiting a person (not a place) is a call on them."""
    if rank is not None:
        return rank, trigger
    visited = lex.meetings.visited_person.search(text)
    if visited is None:
        return rank, trigger
    after = [r for r in refs if r.start >= sentence.start + visited.end() and r.how == NAME]
    if not after:
        return rank, trigger
    between = text[visited.end() : after[0].start - sentence.start]
    if not lex.meetings.title_words.search(between):
        return rank, trigger
    if re.match(r"\s+[A-Z]", text[after[0].end - sentence.start :]):
        return rank, trigger  # "visited the Kim Il Sung University": a place
    return next(p for p in lex.priority if p.group == "talks"), visited


# ---------------------------------------------------------------- visits


def _record_visit(story, sentence, index, refs, dates, discourse, lex, home, article):
    """A visit this sentence reports: dated, or the current trip in the present tense."""
    text = sentence.text
    rules = lex.meetings
    if not dates and _any_cue(lex.vague_times, text):
        return  # "had arrived in Vientiane in 1960"
    current = rules.current_visit.search(text)
    ranges = [d for d in dates if d.end_date is not None]
    date = (ranges or dates or [None])[0]
    if date is None and current is None:
        return
    visitor = _visitor(text, sentence, refs, discourse, index, lex)
    if visitor is None:
        return
    destination = _destination(text, lex)
    if destination is None and current is not None:
        located = _arrival_place(text, lex) or _where(text, story, lex)[1]
        placed = [e.country for e in story.current(("call", "visit")) if e.country]
        home = placed[-1] if placed else (story.here[1] if story.here else home)
        destination = located or (home if home != discourse.country(visitor) else None)
    if destination is None:  # "visited the National University": a stop, not a trip abroad
        return
    if discourse.country(visitor) == destination:
        return  # back home: no visit
    if date is not None:
        start, end = date.start_date, date.end_date
        stated = bool(ranges) or current is None or bool(rules.arrival.search(text))
    else:
        start, end, stated = story.reference, None, False
    length = _length(text, lex)
    last_day = date is not None and (
        rules.visit_end.search(text) or rules.until.search(text[: date.start - sentence.start])
    )
    if last_day and not ranges:
        # "concluded a three-day visit yesterday", "on a visit through Saturday": the date
        # is the last day
        end = start
        start = end - dt.timedelta(days=(length or 1) - 1)
        stated = stated or length is not None  # both ends are known
    elif length and end is None and date is not None:
        end = start + dt.timedelta(days=length - 1)
    until = [
        d
        for d in dates
        if d is not date
        and d.start_date > start
        and rules.until.search(text[: d.start - sentence.start])
    ]
    if until and end is None and date is not None:
        end = until[0].end_date or until[0].start_date
    event = _Event(
        "visit",
        start,
        end,
        [visitor],
        Span(sentence.start, sentence.end, sentence.text),
        index,
        True,
        None,
        destination,
        None,
        recalled=start < story.reference - _RECALLED,
        stated=stated,
    )
    same = next(
        (
            e
            for e in story.events
            if e.kind == "visit"
            and set(e.participants) & set(event.participants)
            and (
                _overlap(e, event)
                or (
                    (not e.stated or not event.stated)
                    and not e.recalled
                    and not event.recalled
                    and e.participants == event.participants
                )
            )
        ),
        None,
    )
    if same is None:
        story.events.append(event)
        story.visit = event
        return
    if event.stated and not same.stated:
        same.start, same.end, same.stated = event.start, event.end, True
    elif event.stated and _overlap(same, event):  # two stated spans of one trip: both
        same.end = max(same.end or same.start, event.end or event.start)
        same.start = min(same.start, event.start)
        same.end = same.end if same.end != same.start else None
    same.recalled = same.start < story.reference - _RECALLED
    story.visit = same


def _end_visit(story: _Story, sentence: Sentence, dates: list[DateMention], lex) -> None:
    """``His three-day visit ends on Wednesday``, ``He will leave Cambodia today``: the
    last day of the current visit."""
    visit = story.current_visit
    if visit is None or not dates or not lex.meetings.visit_end.search(sentence.text):
        return
    last = dates[-1].end_date or dates[-1].start_date
    if visit.start is not None and last > visit.start and (visit.end is None or not visit.stated):
        visit.end = last


def _visitor(text, sentence, refs, discourse, index, lex):
    """Who makes the visit a sentence reports."""
    rules = lex.meetings
    at = sentence.start
    of = rules.visit_of.search(text)
    if of:
        after = [r for r in refs if r.start >= at + of.end()]
        if after and after[0].start - at - of.end() <= 100:
            return after[0].key
    possessive = rules.visit_possessive.search(text)
    if possessive:
        before = [r for r in refs if r.end <= at + possessive.start() + 2]
        if before and at + possessive.start() - before[-1].end <= 2:
            return before[-1].key
    who = lex.discourse.visitor.search(text)
    if who:
        before = [r for r in refs if r.start < at + who.start()]
        if before:
            return before[-1].key
    led = lex.discourse.led_by.search(text)
    if led:
        after = [r for r in refs if r.start >= at + led.end()]
        if after:
            return after[0].key
    if refs:
        return refs[0].key
    if lex.discourse.delegation.search(text) and discourse.leader(index) is not None:
        return discourse.leader(index)
    last = discourse.subject_before(index)
    if lex.discourse.possessive_pronoun.search(text) and last is not None:
        return last
    return None


def _same_visit(events: list[_Event], a: _Event, b: _Event) -> bool:
    """Whether two meetings fall within one visit of someone who took part in both."""
    return any(
        v.kind == "visit"
        and v.start
        and a.start
        and b.start
        and set(v.participants) & set(a.participants) & set(b.participants)
        and v.start <= a.start <= (v.end or v.start)
        and v.start <= b.start <= (v.end or v.start)
        for v in events
    )


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


def _arrival_place(text: str, lex: Lexicon) -> str | None:
    """The country of the place someone is in or arrived in (``who is in Moscow on a
    visit``, ``arrived in Astana``)."""
    for match in lex.meetings.arrival_place.finditer(text):
        words = match.group(1)
        for candidate in (words, words.split(" ")[0]):
            city = lex.city(candidate)
            if city:
                return city[1]
            code = lex.country_of_name(candidate)
            if code:
                return code
    return None


def _length(text: str, lex: Lexicon) -> int | None:
    """The days a visit lasts, as the sentence states it (``a three-day visit``)."""
    match = lex.meetings.visit_length.search(text)
    if match is None:
        return None
    return lex.meetings.visit_length.days(match.group(1))


def _stretch_current_visit(story: _Story) -> None:
    """A current visit inferred from the present tense starts no later than its visitor's
    first meeting of the story and ends no earlier than the last."""
    for visit in story.events:
        if visit.kind != "visit" or visit.stated or visit.recalled:
            continue
        own = [
            (e.start, e.end or e.start)
            for e in story.current()
            if set(visit.participants) & set(e.participants) and e.start is not None
        ]
        if own and visit.start is not None:
            visit.start = min([visit.start] + [start for start, _ in own])
            last = max([visit.end or visit.start] + [end for _, end in own])
            visit.end = last if last != visit.start else visit.end


# ---------------------------------------------------------------- dates and places


def _event_dates(text, sentence, reference, lex, index):
    """The dates of a sentence that may date an event: not a dateline's, not one a
    statement or an anniversary gives (``said on Wednesday``, ``relations established on
    …``)."""
    dates = find_dates(text, sentence.start, reference)
    if not dates:
        return dates
    kept = []
    dateline = _dateline_in(text, lex)
    for date in dates:
        local = date.start - sentence.start
        if dateline and dateline.start("date") <= local < dateline.end("date"):
            continue
        before = text[max(0, local - 120) : local]
        if any(p.search(before) for p in lex.meetings.date_asides):
            continue
        kept.append(date)
    return kept


def _pick_date(dates, trigger, sentence, lex) -> DateMention | None:
    """The date nearest to the trigger that reports the meeting, leaving out dates of a
    relative clause about someone (``…, who arrived on Tuesday, …``) the trigger is not in;
    a trigger inside such a clause (``…, where he had met X on 26 August``) takes its
    date."""
    if not dates:
        return None
    text = sentence.text
    clauses = []
    for opener in lex.meetings.relative_clause.finditer(text):
        close = re.compile(r"[,;]").search(text, opener.end())
        clauses.append((opener.start(), close.start() if close else len(text)))
    own = [
        (s, e)
        for s, e in clauses
        if s <= trigger.start() < e or 0 <= s - trigger.end() <= 2  # "summit, which opened …"
    ]
    inside = []
    if own:
        inside = [d for d in dates if own[0][0] <= d.start - sentence.start < own[0][1]]
    if not inside:  # the main clause's date ("On Wednesday, X visited Y, where …")
        inside = [
            d for d in dates if not any(s <= d.start - sentence.start < e for s, e in clauses)
        ]
    if not inside:
        return None
    at, end = sentence.start + trigger.start(), sentence.start + trigger.end()

    def distance(date: DateMention) -> tuple[int, int]:
        if date.start >= end:
            return date.start - end, 0
        return max(0, at - date.end), 1

    return min(inside, key=distance)


def _when(date, text, story: _Story, lex):
    if date is not None:
        return date.start_date, date.end_date, True
    earlier = story.current() or [e for e in story.events if e.kind != "visit"]
    relative = _relative_day(text, lex)
    if relative is not None and earlier:
        previous = earlier[-1]
        if relative.days_after:
            # every event is recorded with a start: a date mention's, the reference date's
            # or an earlier event's
            assert previous.start is not None
            return previous.start + dt.timedelta(days=relative.days_after), None, True
        return previous.start, previous.end, True
    visit = story.visit if _refers_to_visit(text, lex) else story.current_visit
    if visit is not None and visit.stated:
        return visit.start, visit.end, True
    dated = [e for e in story.current() if e.dated]
    if dated:
        return dated[-1].start, dated[-1].end, True
    if visit is not None:
        return visit.start, visit.end, True
    return story.reference, None, False


@cache
def _relative_days(lex: Lexicon) -> tuple[tuple[RelativeDay, Words], ...]:
    """The relative days of the rules, each with its prefilter words (``could_match``):
    most sentences hold none of them and are not searched with their patterns."""
    return tuple((rule, needles(rule.regex)) for rule in lex.meetings.relative_days)


def _refers_to_visit(text: str, lex: Lexicon) -> bool:
    return bool(lex.meetings.visit_reference.search(text))


def _relative_day(text: str, lex: Lexicon) -> RelativeDay | None:
    """The first phrase of the sentence that dates it by the meeting before (``the next
    day``), if any."""
    found = [
        (m.start(), rule)
        for rule, words in _relative_days(lex)
        if could_match(words, text) and (m := rule.search(text))
    ]
    return min(found, key=lambda hit: hit[0])[1] if found else None


def _where(text: str, story: _Story, lex: Lexicon):
    for match in lex.meetings.in_place.finditer(text):
        words = match.group(1)
        follower = text[match.end() : match.end() + 40].split(" ")[1:2]
        if words.isupper() or (follower and follower[0] in lex.venue_words):
            continue  # "at ADA University": a body, not a town
        for candidate in (words, words.split(" ")[0]):
            city = lex.city(candidate)
            if city:
                return city[0], city[1]
    if lex.meetings.here.search(text) and story.here:
        return story.here
    for match in lex.meetings.in_place.finditer(text):
        code = lex.country_of_name(match.group(1))
        aside = any(p.search(text[: match.start()]) for p in lex.meetings.place_asides)
        if code and not aside:
            return None, code
    return None, None


# ---------------------------------------------------------------- merging and output


def _overlap(a: _Event, b: _Event) -> bool:
    if a.start is None or b.start is None:
        return False
    a_end, b_end = a.end or a.start, b.end or b.start
    return a.start <= b_end + dt.timedelta(days=1) and b.start <= a_end + dt.timedelta(days=1)


def _merge_into(events: list[_Event], event: _Event) -> _Event | None:
    """The event this one repeats (same kind, compatible date, shared people), if any."""
    for other in reversed(events):
        if (
            other.kind == "call"
            and event.kind == "talks"
            and event.participants
            and set(event.participants) == set(other.participants)
            and (not event.dated or other.start == event.start)
        ):
            return other  # "X and Y held video talks. … the delimitation talks": the call
        if other.kind != event.kind or other.kind == "visit":
            continue
        people_shared = set(other.participants) & set(event.participants)
        if (
            not other.participants
            and other is events[-1]
            and (not event.dated or not other.dated or _overlap(other, event))
        ):
            other.participants = list(event.participants)
            if event.dated and (event.exact or not other.exact):
                other.start, other.end, other.dated = event.start, event.end, True
                other.recalled, other.exact = event.recalled, event.exact
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
            if (event.dated and not other.dated) or (event.exact and not other.exact):
                other.start, other.end, other.dated = event.start, event.end, True
                other.recalled, other.exact = event.recalled, event.exact
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


_CREDENTIALS = re.compile(r"(?i)\bcredentials\b|\bcredence\b")
_CEREMONY = "credentials ceremony"


def _in_ceremony(event: _Event, events: list[_Event]) -> bool:
    """One envoy's credentials ("the President receives the credentials of X", often a
    caption) that a credentials ceremony of several envoys around that day counts: its
    people join the ceremony."""
    if event.kind != "talks" or event.exact or not _CREDENTIALS.search(event.span.text):
        return False
    for other in events:
        if other.kind == "reception" and _CEREMONY in other.notes and _overlap(other, event):
            other.participants = _unique(other.participants + event.participants)
            return True
    return False


def _finish(events: list[_Event], published: dt.date) -> list[MeetingFact]:
    """Keep events with enough people that happened by the article's date; link meetings to
    the visit they were part of."""
    kept: list[_Event] = []
    for event in events:
        if _in_ceremony(event, events):
            continue
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
        assert event.start is not None  # kept above only when dated
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
