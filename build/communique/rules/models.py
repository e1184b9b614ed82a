"""What each rule file may say: one typed record per rule, rejecting keys it does not know.

A misspelt key (``exmaples:``) would otherwise be read as nothing and the rule would do
less than its author thinks; here it stops loading with the file, entry and key named.
Patterns are compiled once, when the file is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from communique.rules.usage import is_recording, note

#: The meeting kinds of the data model (``schemas/meetings.schema.json``).
MeetingKind = Literal["talks", "visit", "reception", "conference", "call"]
#: The organisation kinds of the data model (``schemas/organisations.schema.json``).
OrganisationKind = Literal[
    "government",
    "ministry",
    "legislature",
    "judiciary",
    "diplomatic_mission",
    "political_party",
    "international_organisation",
    "association",
    "company",
    "education",
    "media",
    "other",
]
#: An ISO 3166-1 alpha-3 country code.
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Strict(BaseModel):
    """A record that refuses unknown keys and cannot be changed once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Example(Strict):
    """A text a rule must handle, and what must come out of it.

    Written as a plain string when the rule's own fields say what to expect (a title
    example must give a role with that title), or as a mapping that adds expectations.
    """

    text: str
    #: the text a pattern captures in its first group
    gives: str | None = None
    #: the word labels of the text (``extract.segments``), e.g. ``"W HEAD"``
    labels: str | None = None
    #: a person extraction must find, by name
    person: str | None = None
    #: an organisation extraction must find, by canonical name, with its kind, country and
    #: parent when given (``country: null`` asks for no country)
    organisation: str | None = None
    kind: OrganisationKind | None = None
    country: Iso3 | None = None
    parent: str | None = None
    #: how many sentences the text splits into
    sentences: int | None = None
    #: whether the line is read as a headline or section heading (page noise)
    headline: bool | None = None
    #: what a dateline or credit gives: place, date as written, outlet's name (for an
    #: extraction example, the place of the dateline the article is written from)
    place: str | None = None
    date: str | None = None
    outlet: str | None = None

    def expects(self, field: str) -> bool:
        """Whether the example states this expectation (``country: null`` counts)."""
        return field in self.model_fields_set


def _examples(value: Any) -> Any:
    """Plain strings are examples that only give a text."""
    if isinstance(value, list):
        return [{"text": v} if isinstance(v, str) else v for v in value]
    return value


class Rule(Strict):
    """One rule, with the examples it must handle and the counter-examples it must not.

    ``rule_id`` (``meetings.yaml: triggers.call[0]``) is given when the file is loaded; it
    names the rule in test ids and in the report of rules a corpus never used.
    """

    examples: tuple[Example, ...] = Field(min_length=1)
    counter_examples: tuple[Example, ...] = Field(default=(), alias="not")
    #: whether extraction records when this rule fires (word lists are looked up instead)
    tracked: ClassVar[bool] = True
    _rule_id: str = PrivateAttr("")

    @field_validator("examples", "counter_examples", mode="before")
    @classmethod
    def _plain_strings(cls, value: Any) -> Any:
        return _examples(value)

    @property
    def rule_id(self) -> str:
        return self._rule_id

    def fired(self) -> None:
        """Record that extraction used this rule (see ``communique.rules.usage``)."""
        if is_recording():
            note(self._rule_id)


class Cue(Rule):
    """A regular expression, matched on a sentence or line as written.

    Flags go inside the pattern: ``(?i)`` at the start makes it match in any case.
    """

    pattern: str
    #: flags every pattern of this kind is compiled with (meeting cues: any case)
    flags: ClassVar[int] = 0

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value, cls.flags)
        except re.error as error:
            raise ValueError(f"not a valid regular expression: {error}") from None
        return value

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern, self.flags)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        found = self.regex.search(text, pos, len(text) if endpos is None else endpos)
        if found:
            self.fired()
        return found

    def match(self, text: str) -> re.Match[str] | None:
        found = self.regex.match(text)
        if found:
            self.fired()
        return found

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        for found in self.regex.finditer(text):
            self.fired()
            yield found


@cache
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    """A rule's pattern, compiled once: extraction searches with every rule on every
    sentence, and a model's private attributes are slow to read (pydantic's
    ``__getattr__``)."""
    return re.compile(pattern, flags)


@cache
def _whole_words(words: str) -> re.Pattern[str]:
    """``words`` as whole words, compiled once (see ``_compiled``)."""
    return re.compile(rf"\b{re.escape(words)}\b")


class WordList(Rule):
    """Words that play one part in extraction (each file says how they are compared)."""

    words: tuple[str, ...] = Field(min_length=1)
    tracked: ClassVar[bool] = False


# ---------------------------------------------------------------- titles.yaml


class Post(Strict):
    """A post a title gives, and the body it implies when the text names none."""

    title: str
    body: (
        Literal["mfa", "government", "embassy", "high_commission", "ministry", "prosecutor"] | None
    ) = None


class TitleRule(Post, Rule):
    """A title phrase (``deputy foreign minister``) and the post it means."""

    phrase: str
    also: Post | None = None
    #: the field of a ministry the phrase names ("Finance" in "Finance Minister"); set by
    #: extraction for a portfolio before a minister's title, never written in the file
    portfolio: str | None = None


class WordRule(Rule):
    """One word or phrase with a part to play (an honorific, a word that makes a title past)."""

    word: str


class TitlesFile(Strict):
    titles: tuple[TitleRule, ...]
    honorifics: tuple[WordRule, ...]
    former: tuple[WordRule, ...]
    portfolios: WordList
    lower_case_after: WordList


# ---------------------------------------------------------------- organisations.yaml


class _WholeWords(Rule):
    """A rule whose words are also looked for inside organisation names, as written."""

    def _words(self) -> str:
        raise NotImplementedError

    def found_in(self, text: str) -> re.Match[str] | None:
        """Where the words stand in ``text`` as whole words, if they do."""
        words = self._words()
        if words not in text:
            return None  # a test much quicker than the search, which fails for most names
        return _whole_words(words).search(text)


class HeadRule(_WholeWords, WordRule):
    """A head word (``Ministry``) that makes a capitalised phrase an organisation."""

    kind: OrganisationKind

    def _words(self) -> str:
        return self.word


class NamedBody(_WholeWords):
    """A body known by its name alone (``Milli Majlis``)."""

    name: str
    kind: OrganisationKind
    country: Iso3 | None = None
    #: other spellings of the name (``Great State Khural``), read as the name itself
    aliases: tuple[str, ...] = ()
    #: generic names that mean this body when its country is given (``Parliament``:
    #: ``the Azerbaijani Parliament`` is the Milli Majlis)
    called: tuple[str, ...] = ()

    def _words(self) -> str:
        return self.name


class Plurals(Rule):
    """Plural head words and their singular: ``Ministries of X of A and B`` is one body
    per country."""

    forms: dict[str, str] = Field(min_length=1)


class Spellings(Rule):
    """Ways of writing a word or phrase and the words they stand for (``Politburo``:
    ``Political Bureau``)."""

    forms: dict[str, str] = Field(min_length=1)


class AcronymRule(Rule):
    """What a well-known acronym stands for, when an article does not spell it out."""

    name: str
    kind: OrganisationKind


class RulingParty(Rule):
    """The party that leads a state, which its news calls "the Party"."""

    country: Iso3
    name: str
    abbreviation: str | None = None


class LowerCaseBody(Cue):
    """A body whose name news writes in lower case (``the working group on A-B
    inter-parliamentary relations``): the pattern's first group is its name."""

    kind: OrganisationKind


class KindList(Rule):
    kinds: tuple[OrganisationKind, ...] = Field(min_length=1)
    tracked: ClassVar[bool] = False


class OrganisationsFile(Strict):
    heads: tuple[HeadRule, ...]
    named: tuple[NamedBody, ...]
    ruling_parties: tuple[RulingParty, ...]
    party_organs: WordList
    alone: WordList
    spellings: Spellings
    body_acronyms: Spellings
    inherit_kind_from_parent: WordList
    not_acronyms: WordList
    kinds_without_country: KindList
    acronyms: dict[str, AcronymRule]
    international_words: WordList
    generic_bodies: WordList
    foreign_ministry: Cue
    run_connectors: WordList
    not_leading: WordList
    plurals: Plurals
    lower_case_stops: WordList
    lower_case_bodies: tuple[LowerCaseBody, ...]
    weak_heads: WordList
    buildings: WordList
    not_trailing: WordList
    ordinal_events: WordList
    headline_verbs: WordList
    documents: WordList
    not_bodies: WordList


# ---------------------------------------------------------------- countries.yaml


class CountrySpec(Strict):
    """A state as news names it."""

    #: the English short name canonical body names use ("Laos", "Türkiye")
    short: str
    #: whether a body's name puts "the" before it ("Embassy of the Philippines in Laos")
    the: bool = False
    #: other ways of writing the state ("Viet Nam", "DPRK", "Ivory Coast")
    names: tuple[str, ...] = ()
    #: demonyms, of one word or several ("Ghanaian", "Sri Lankan")
    adjectives: tuple[str, ...] = ()
    #: the capital (or seat of government) as news spell it, where the gazetteer lacks that
    #: spelling ("Ulaanbaatar", "Nukuʻalofa"): read as a city of the state
    cities: tuple[str, ...] = ()


class Region(Rule):
    """Invented sentences about the states of one region, with what extraction must give."""

    name: str
    tracked: ClassVar[bool] = False


class CountriesFile(Strict):
    countries: dict[Iso3, CountrySpec] = Field(min_length=1)
    regions: tuple[Region, ...]


# ---------------------------------------------------------------- states.yaml


class Legislature(Strict):
    """A legislature known by its own name (``Jatiya Sangsad``, ``Majlis al-Shura``)."""

    name: str
    #: other spellings of the name, read as the name itself
    aliases: tuple[str, ...] = ()
    #: generic names that mean this body when the text gives the state (``Parliament``:
    #: ``the Bangladeshi Parliament`` is the Jatiya Sangsad)
    called: tuple[str, ...] = ()


class Party(Strict):
    """The party that leads a state, which its news calls "the Party"."""

    name: str
    abbreviation: str | None = None


class State(Rule):
    """What one state calls its own bodies, where that is not the generic name."""

    #: the foreign ministry's name without the state, when not "Ministry of Foreign Affairs"
    #: ("Ministry of External Affairs"): every foreign ministry of the state is published so
    foreign_ministry: str | None = None
    #: names that mean the foreign ministry alone (``Itamaraty``)
    foreign_ministry_aliases: tuple[str, ...] = ()
    legislatures: tuple[Legislature, ...] = ()
    ruling_party: Party | None = None


class StatesFile(Strict):
    states: dict[Iso3, State] = Field(min_length=1)


# ---------------------------------------------------------------- meetings.yaml


class MeetingCue(Cue):
    """A cue of ``meetings.yaml``: matched in any case."""

    flags: ClassVar[int] = re.IGNORECASE


class Trigger(MeetingCue):
    """A phrasing that reports an encounter.

    ``ranks_as`` gives the trigger the priority of another entry of ``priority`` when it
    is the first trigger of its group to match (handing over a copy of credentials
    outranks a reception; other talks do not).
    """

    ranks_as: str | None = None


class Priority(Rule):
    """A trigger group, in the order that decides a sentence matching several."""

    group: str
    #: the meeting kind the group reports (default: the group's name)
    kind: MeetingKind | None = None
    #: whether the group reports a meeting only when its sentence gives a date (a meeting
    #: recalled without one is another, earlier event)
    needs_date: bool = False

    @property
    def reports(self) -> MeetingKind:
        return self.kind or self.group  # type: ignore[return-value]  # checked at load


class RelativeDay(Cue):
    """A phrase that dates a meeting by the one before it (``the next day``: one day on)."""

    days_after: int


class Duration(MeetingCue):
    """A stated length in days (``a three-day visit``): the pattern's first group is a
    number, in digits or one of ``numbers``."""

    numbers: dict[str, int] = Field(min_length=1)

    def days(self, word: str) -> int | None:
        if word.isdigit():
            return int(word)
        return self.numbers.get(word.lower())


class MeetingsFile(Strict):
    priority: tuple[Priority, ...]
    triggers: dict[str, tuple[Trigger, ...]]
    not_happened: tuple[MeetingCue, ...]
    trigger_asides: tuple[MeetingCue, ...]
    sentence_break: Cue
    future_effect: MeetingCue
    clause_break: MeetingCue
    joins: tuple[MeetingCue, ...]
    vague_times: tuple[MeetingCue, ...]
    relative_days: tuple[RelativeDay, ...]
    not_participant: tuple[MeetingCue, ...]
    date_asides: tuple[MeetingCue, ...]
    dateline_date: Cue
    relative_clause: MeetingCue
    place_asides: tuple[MeetingCue, ...]
    visit_end: MeetingCue
    held_with_list: Cue
    split_objects: MeetingCue
    coordination: MeetingCue
    not_coordination: MeetingCue
    clause_split: MeetingCue
    coordinated_clause: Cue
    visited_person: MeetingCue
    title_words: Cue
    current_visit: MeetingCue
    arrival: MeetingCue
    arrival_place: Cue
    visit_reference: MeetingCue
    visit_of: MeetingCue
    visit_possessive: Cue
    visit_length: Duration
    until: MeetingCue
    subject_opening: Cue
    past_meeting_verb: Cue
    consultations_name: Cue
    destination: Cue
    destination_city: Cue
    in_place: Cue
    here: Cue
    venue_words: WordList
    join_after_meeting: Cue
    join_meetings: Cue
    join_gathering: Cue

    @model_validator(mode="after")
    def _groups_agree(self) -> MeetingsFile:
        """Trigger groups, ranks and priority must name each other: a misspelt group would
        silently never report a meeting."""
        ranked = {rank.group for rank in self.priority}
        for rank in self.priority:
            if rank.kind is None and rank.group not in get_args(MeetingKind):
                raise ValueError(f"priority[{rank.group}]: not a meeting kind; give its kind:")
        ranks_as = {t.ranks_as for ts in self.triggers.values() for t in ts if t.ranks_as}
        for name in sorted((set(self.triggers) - {"visit"}) | ranks_as):
            if name not in ranked:
                raise ValueError(f"trigger group {name!r} is not listed in priority")
        for name in sorted(ranked - set(self.triggers) - ranks_as):
            raise ValueError(f"priority[{name}]: no trigger reports it")
        if "visit" not in self.triggers:
            raise ValueError("triggers: a visit group is needed (visits are found apart)")
        return self


# ---------------------------------------------------------------- discourse.yaml


class Reference(Rule):
    """Nouns that refer to the last person named with one of some titles (``the envoy``);
    with no titles, to the last person named of the nationality the description gives."""

    nouns: tuple[str, ...] = Field(min_length=1)
    titles: tuple[str, ...] = ()
    #: when nobody named before holds one of the titles, the last person named of the
    #: nationality the description gives ("the Lao diplomat" for a vice minister)
    loose: bool = False


class DiscourseFile(Strict):
    led_by: Cue
    delegation: Cue
    pronoun_subject: Cue
    opening_phrase: Cue
    possessive_pronoun: Cue
    they: Cue
    visitor: Cue
    description_determiners: WordList
    description_modifiers: WordList
    group_words: WordList
    counterpart_nouns: WordList
    heads_of_state: Reference
    envoys: Reference
    ministers: Reference
    anyone: Reference
    owner_possessive: Cue
    owner_pronoun: Cue


# ---------------------------------------------------------------- names.yaml


class NamesFile(Strict):
    connectors: WordList
    function_words: WordList
    event_words: WordList
    never_names: WordList
    not_given_names: WordList
    name_particles: WordList
    name_abbreviations: WordList
    place_context: Cue
    place_before: Cue
    place_after: Cue
    greetings_of: Cue
    led_by: Cue


# ---------------------------------------------------------------- sentences.yaml


class SentencesFile(Strict):
    abbreviations: WordList
    web_domains: WordList


# ---------------------------------------------------------------- reader.yaml


class DatelineParts(Strict):
    """The pieces every dateline form is made of, written once: ``{place}``, ``{date}`` and
    ``{credit}`` in a form's pattern stand for these patterns (without groups of their own)."""

    place: str
    date: str
    credit: str

    @field_validator("place", "date", "credit")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"not a valid regular expression: {error}") from None
        return value

    def expand(self, pattern: str) -> str:
        """The pattern with each ``{part}`` replaced by its own pattern."""
        for name in ("place", "date", "credit"):
            pattern = pattern.replace("{" + name + "}", f"(?:{getattr(self, name)})")
        return pattern


class DatelineForm(Cue):
    """A first line naming place, date and outlet (``Vientiane, October 14 (KPL) –``)."""

    #: the place must be written in capitals and be a place the lexicon knows
    #: (``HÀ NỘI —``, ``BOGOTÁ —``): a form with no date or outlet to vouch for it
    capitals: bool = False
    #: the credit must name an outlet of outlets.yaml (``Damascus, SANA –``): a form with
    #: no date or brackets to tell a credit from a place's region or a body
    listed: bool = False
    _regex: re.Pattern[str] | None = PrivateAttr(None)

    @property
    def regex(self) -> re.Pattern[str]:
        """The pattern with the shared parts written out, once ``expand`` has run."""
        return self._regex or _compiled(self.pattern, self.flags)

    def expand(self, parts: DatelineParts) -> None:
        """Compile the pattern with the shared parts written out (see ``DatelineParts``)."""
        try:
            self._regex = re.compile(parts.expand(self.pattern), self.flags)
        except re.error as error:
            raise ValueError(f"{self.pattern!r} with its parts: {error}") from None


class CreditForm(Rule):
    """A way a text credits an outlet; ``{outlet}`` stands for each of the outlet's credits."""

    pattern: str
    flags: ClassVar[int] = re.MULTILINE

    @field_validator("pattern")
    @classmethod
    def _has_slot(cls, value: str) -> str:
        if "{outlet}" not in value:
            raise ValueError("a credit form needs {outlet} where the outlet's credit goes")
        try:
            re.compile(value.replace("{outlet}", "X"), cls.flags)
        except re.error as error:
            raise ValueError(f"not a valid regular expression: {error}") from None
        return value

    def compile(self, credit: str) -> re.Pattern[str]:
        return re.compile(self.pattern.replace("{outlet}", re.escape(credit)), self.flags)


class ReaderFile(Strict):
    dateline_parts: DatelineParts
    datelines: tuple[DatelineForm, ...]
    aggregator_credit: CreditForm
    credit_in_text: tuple[CreditForm, ...]
    unknown_credit: tuple[Cue, ...]
    outlet_words: WordList
    signature: Cue
    issuing_body: Cue
    byline: Cue
    byline_before_story: Cue
    byline_glued: Cue
    staff_credit: tuple[Cue, ...]
    caption: Cue
    caption_position: Cue
    caption_run_in: Cue
    related_news: Cue
    furniture: tuple[Cue, ...]
    trailing_furniture: tuple[Cue, ...]
    headline_small_words: WordList

    @model_validator(mode="after")
    def _expand_datelines(self) -> ReaderFile:
        for form in self.datelines:
            form.expand(self.dateline_parts)
        return self


# ---------------------------------------------------------------- language.yaml


class Language(Rule):
    """A language told by its most common words; its examples must be read as it."""

    code: str
    words: tuple[str, ...] = Field(min_length=1)
    tracked: ClassVar[bool] = False
    _vocabulary: frozenset[str] = PrivateAttr()

    def model_post_init(self, context: Any, /) -> None:
        self._vocabulary = frozenset(self.words)

    @property
    def vocabulary(self) -> frozenset[str]:
        return self._vocabulary


class Script(Rule):
    """A writing system (a Unicode character-name word) and the language it means."""

    script: str
    code: str


class LanguageFile(Strict):
    english: Language
    others: tuple[Language, ...]
    scripts: tuple[Script, ...]


# ---------------------------------------------------------------- outlets.yaml


class Outlet(Strict):
    name: str
    country: Iso3 | None = None
    credits: tuple[str, ...] = Field(min_length=1)


class OutletsFile(Strict):
    outlets: tuple[Outlet, ...]
    aggregators: tuple[Outlet, ...]
