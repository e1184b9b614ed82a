"""Invented news corpora of any size, deterministic by seed, for benchmarks and scale tests.

Nothing here comes from a real article: names are built from syllables, and the sentences
are templates written for this module in the styles of diplomatic wires (a dateline or an
aggregator's credit, a lead that reports a meeting, who else attended, what was discussed).
Entities grow as in real news: each country has a few hundred officials who hold its posts
in turn over the years and come back article after article (a foreign minister far more
often than a deputy minister of culture), beside a long tail of people named once.

Article ``i`` of seed ``s`` is the same whatever the size of the corpus: a corpus of 1,000
articles is the first 1,000 of one of 10,000, and "one article added" is article N.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from communique.extract.dates import MONTH_NAMES

START = dt.date(2016, 1, 1)
END = dt.date(2025, 12, 31)
MONTHS = list(MONTH_NAMES)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TOPICS = (
    "trade",
    "energy",
    "agriculture",
    "education",
    "tourism",
    "culture",
    "transport",
    "health care",
    "digital technologies",
    "logistics",
    "water management",
    "humanitarian demining",
    "sports",
    "science",
    "green energy",
    "finance",
)
SECTORS = (
    "Economy",
    "Energy",
    "Education",
    "Agriculture",
    "Culture",
    "Health",
    "Transport",
    "Digital Development",
    "Tourism",
    "Justice",
    "Finance",
    "Ecology",
    "Labour",
    "Youth and Sports",
)
BLOCS = (
    "United Nations",
    "Non-Aligned Movement",
    "Association of Southeast Asian Nations (ASEAN)",
    "Organization of Turkic States",
    "Shanghai Cooperation Organisation",
    "Conference on Interaction and Confidence Building Measures in Asia (CICA)",
    "Organisation of Islamic Cooperation",
)
FORUMS = (
    "Global Connectivity Forum",
    "International Energy Forum",
    "Silk Road Tourism Forum",
    "Summit of the Non-Aligned Movement",
    "Asia Cooperation Dialogue",
    "International Forum on Water Security",
)


@dataclass(frozen=True)
class Syllables:
    """How one naming tradition of the invented world builds names."""

    given: tuple[str, ...]
    given_end: tuple[str, ...]
    family: tuple[str, ...]
    family_end: tuple[str, ...]


NAMING = {
    "steppe": Syllables(
        ("Ay", "El", "Far", "Ka", "Nu", "Or", "Ra", "Se", "Ta", "Tu", "Ze", "Vu", "Ja", "Ilh"),
        ("dan", "nur", "rid", "mran", "shad", "ral", "gar", "min", "hid", "vid", "lan", "qar"),
        ("Ham", "Gas", "Kar", "Mam", "Hus", "Ras", "Bag", "Jaf", "Nas", "Sul", "Qur", "Tal"),
        ("mazov", "imov", "eynli", "bayev", "zade", "rulov", "dayev", "ibli", "akov", "ilov"),
    ),
    "river": Syllables(
        ("Kham", "Sou", "Phon", "Vi", "Seng", "Tho", "Bou", "Sa", "Lat", "Thong", "Mai", "Noy"),
        ("sone", "phet", "mala", "khay", "vanh", "daeng", "thip", "chanh", "sy", "savath"),
        ("Vong", "Phom", "Sou", "Khoun", "Inthi", "Chanth", "Sayya", "Douang", "Keo", "Bouph"),
        ("vongsa", "sackda", "phanh", "thavy", "sith", "khoun", "mani", "vanh", "lavong"),
    ),
    "delta": Syllables(
        ("Tuan", "Minh", "Quoc", "Thanh", "Hoang", "Duc", "Lan", "Hai", "Bao", "Khanh"),
        ("vinh", "anh", "dung", "hieu", "long", "thu", "nga", "son", "trung", "phuc"),
        ("Trav", "Nhuan", "Lohu", "Phang", "Dauh", "Vuon", "Khuat", "Quynh", "Thieu"),
        ("an", "oc", "uyen", "ieng", "ach", "ong", "inh", "uat"),
    ),
    "coast": Syllables(
        ("Mar", "Lu", "Ka", "Ste", "Ada", "Pio", "Zof", "Ire", "Ton", "Bal", "Vel", "Dor"),
        ("tinek", "kasz", "rina", "fano", "lija", "trek", "vian", "elka", "osian", "mira"),
        ("Kow", "Var", "Sza", "Bel", "Mor", "Ten", "Ros", "Dal", "Pesh", "Grab", "Lom"),
        ("alski", "enko", "ady", "ini", "evic", "escu", "ardi", "owicz", "ovan", "elli"),
    ),
    "desert": Syllables(
        ("Kha", "Ta", "Sa", "Fa", "Mu", "Ha", "Ra", "Ya", "Na", "Zu"),
        ("lid", "rek", "mir", "rouk", "nir", "san", "qub", "zan", "deem", "hal"),
        ("Shar", "Qam", "Mah", "Bad", "Ras", "Zah", "Daw", "Naq", "Jub", "Sef"),
        ("rawi", "bani", "mudi", "rani", "zaki", "dawi", "eiri", "hali", "suri"),
    ),
}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    adjective: str
    cities: tuple[str, ...]
    naming: str
    parliament: str
    weight: float  # how often its news is in the corpus


COUNTRIES = (
    Country("AZE", "Azerbaijan", "Azerbaijani", ("Baku", "Ganja", "Shusha"), "steppe",
            "Milli Majlis", 12),
    Country("LAO", "Laos", "Lao", ("Vientiane", "Luang Prabang", "Pakse"), "river",
            "National Assembly of Laos", 10),
    Country("VNM", "Vietnam", "Vietnamese", ("Hanoi", "Da Nang", "Hue"), "delta",
            "National Assembly of Vietnam", 5),
    Country("KAZ", "Kazakhstan", "Kazakh", ("Astana", "Almaty"), "steppe",
            "Parliament of Kazakhstan", 4),
    Country("KHM", "Cambodia", "Cambodian", ("Phnom Penh", "Siem Reap"), "river",
            "National Assembly of Cambodia", 3),
    Country("MYS", "Malaysia", "Malaysian", ("Kuala Lumpur", "Putrajaya"), "desert",
            "Parliament of Malaysia", 3),
    Country("IDN", "Indonesia", "Indonesian", ("Jakarta", "Bandung"), "river",
            "House of Representatives of Indonesia", 3),
    Country("TUR", "Turkey", "Turkish", ("Ankara", "Istanbul"), "steppe",
            "Grand National Assembly of Turkey", 4),
    Country("THA", "Thailand", "Thai", ("Bangkok", "Chiang Mai"), "river",
            "National Assembly of Thailand", 3),
    Country("CHN", "China", "Chinese", ("Beijing", "Shanghai"), "delta",
            "National People's Congress", 4),
    Country("JPN", "Japan", "Japanese", ("Tokyo", "Osaka"), "delta",
            "House of Representatives of Japan", 2),
    Country("UZB", "Uzbekistan", "Uzbek", ("Tashkent", "Samarkand"), "steppe",
            "Senate of Uzbekistan", 3),
    Country("GEO", "Georgia", "Georgian", ("Tbilisi", "Batumi"), "coast",
            "Parliament of Georgia", 2),
    Country("MNG", "Mongolia", "Mongolian", ("Ulaanbaatar",), "steppe",
            "State Great Khural", 1),
    Country("HUN", "Hungary", "Hungarian", ("Budapest",), "coast",
            "National Assembly of Hungary", 2),
    Country("POL", "Poland", "Polish", ("Warsaw", "Krakow"), "coast",
            "Senate of Poland", 2),
    Country("EGY", "Egypt", "Egyptian", ("Cairo", "Alexandria"), "desert",
            "House of Representatives of Egypt", 2),
    Country("PAK", "Pakistan", "Pakistani", ("Islamabad", "Lahore"), "desert",
            "Senate of Pakistan", 2),
    Country("SGP", "Singapore", "Singaporean", ("Singapore",), "delta",
            "Parliament of Singapore", 2),
    Country("PHL", "Philippines", "Philippine", ("Manila",), "river",
            "Senate of the Philippines", 1),
    Country("KGZ", "Kyrgyzstan", "Kyrgyz", ("Bishkek",), "steppe",
            "Jogorku Kenesh", 1),
    Country("ITA", "Italy", "Italian", ("Rome", "Milan"), "coast",
            "Senate of Italy", 1),
    Country("CUB", "Cuba", "Cuban", ("Havana",), "coast",
            "National Assembly of Cuba", 1),
    Country("UGA", "Uganda", "Ugandan", ("Kampala",), "desert",
            "Parliament of Uganda", 1),
)  # fmt: skip


@dataclass(frozen=True)
class Post:
    """A seat that one person holds at a time: ``title`` is written before the body."""

    title: str
    body: str  # "Ministry of Foreign Affairs", "Government", the parliament's name
    weight: float  # how newsworthy its holder is
    kind: str  # foreign, head, sector, parliament, ambassador
    partner: str | None = None  # an ambassador's host country


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    she: bool

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


@dataclass(frozen=True)
class Term:
    person: Person
    post: Post
    country: Country
    start: dt.date
    end: dt.date


@dataclass
class World:
    """The officials of every country, post by post, over the corpus' years."""

    terms: dict[str, list[Term]] = field(default_factory=dict)  # country code -> terms
    names: set[str] = field(default_factory=set)


def _posts(country: Country) -> list[Post]:
    government = f"Government of {country.name}"
    posts = [
        Post("President", government, 3, "head"),
        Post("Prime Minister", government, 2, "head"),
        Post("Minister of Foreign Affairs", "Ministry of Foreign Affairs", 8, "foreign"),
        *[Post("Deputy Minister of Foreign Affairs", "Ministry of Foreign Affairs", 5, "foreign")]
        * 6,
        Post("Speaker", country.parliament, 2, "parliament"),
        *[Post("Deputy Speaker", country.parliament, 1, "parliament")] * 2,
    ]
    for sector in SECTORS:
        posts.append(Post(f"Minister of {sector}", f"Ministry of {sector}", 1, "sector"))
        posts.append(Post(f"Deputy Minister of {sector}", f"Ministry of {sector}", 0.4, "sector"))
    for other in COUNTRIES:
        if other.code != country.code:
            posts.append(Post("Ambassador", "Embassy", 0.5, "ambassador", other.code))
    return posts


def _name(rng: random.Random, naming: str, taken: set[str]) -> Person:
    """A name no one in the world has yet."""
    s = NAMING[naming]
    while True:
        person = Person(
            rng.choice(s.given) + rng.choice(s.given_end),
            rng.choice(s.family) + rng.choice(s.family_end),
            rng.random() < 0.3,
        )
        if person.name not in taken:
            taken.add(person.name)
            return person


@cache
def world(seed: int) -> World:
    """Every country's officials: each post held in turn, terms of two to six years."""
    rng = random.Random(f"{seed}:world")
    found = World()
    for country in COUNTRIES:
        terms = []
        for post in _posts(country):
            day = START - dt.timedelta(days=rng.randrange(3 * 365))
            while day <= END:
                end = day + dt.timedelta(days=rng.randrange(2 * 365, 6 * 365))
                terms.append(Term(_name(rng, country.naming, found.names), post, country, day, end))
                day = end + dt.timedelta(days=1)
        found.terms[country.code] = terms
    return found


# ---------------------------------------------------------------- one article


@dataclass
class _Story:
    """What one article is being written from: its randomness, date and countries."""

    rng: random.Random
    world: World
    published: dt.date
    home: Country
    guest: Country
    named: set[str] = field(default_factory=set)

    def pick(self, items: Sequence, weights: Sequence[float] | None = None):
        return self.rng.choices(items, weights)[0] if weights else self.rng.choice(items)

    def official(self, country: Country, kinds: Sequence[str], partner: str | None = None) -> Term:
        """Someone in office on the day, drawn by how newsworthy the post is."""
        terms = [
            t
            for t in self.world.terms[country.code]
            if t.post.kind in kinds
            and t.start <= self.published <= t.end
            and (partner is None or t.post.partner in (None, partner))
            and t.person.name not in self.named
        ]
        term = self.pick(terms, [t.post.weight for t in terms])
        self.named.add(term.person.name)
        return term

    def newcomer(self, country: Country) -> Person:
        """Someone named in this article only (the long tail)."""
        return _name(self.rng, country.naming, set(self.named) | self.world.names)


def _when(story: _Story, day: dt.date) -> str:
    """A date as wires write it, resolvable against the publication date."""
    back = (story.published - day).days
    forms = [f"on {MONTHS[day.month - 1]} {day.day}", f"on {day.day} {MONTHS[day.month - 1]}"]
    forms.append(f"on {MONTHS[day.month - 1]} {day.day}, {day.year}")
    if 0 < back < 6:
        forms.append(f"on {WEEKDAYS[day.weekday()]}")
    return story.pick(forms)


def _titled(story: _Story, term: Term, variant: bool = True) -> str:
    """A person with their post, in one of the ways wires write it."""
    name = term.person.name
    if variant and story.rng.random() < 0.03:  # another transliteration of the family name
        name = f"{term.person.given} {_respelt(term.person.family)}"
    c, post = term.country, term.post
    if post.kind == "ambassador":
        host = next(x for x in COUNTRIES if x.code == post.partner)
        forms = [
            f"Ambassador of {c.name} to {host.name} {name}",
            f"{c.adjective} Ambassador to {host.name} {name}",
            f"{name}, Ambassador of {c.name} to {host.name},",
        ]
    elif post.kind == "parliament":
        forms = [f"{post.title} of the {c.parliament} {name}", f"{name}, {post.title} of the "
                 f"{c.parliament},"]  # fmt: skip
    elif post.kind == "head":
        forms = [f"{post.title} of {c.name} {name}", f"{c.adjective} {post.title} {name}"]
    elif post.title == "Minister of Foreign Affairs":
        forms = [
            f"Minister of Foreign Affairs of {c.name} {name}",
            f"{c.adjective} Foreign Minister {name}",
            f"{name}, Foreign Minister of {c.name},",
        ]
    elif post.title == "Deputy Minister of Foreign Affairs":
        forms = [
            f"Deputy Minister of Foreign Affairs of {c.name} {name}",
            f"{c.adjective} Deputy Foreign Minister {name}",
            f"{name}, Deputy Foreign Minister of {c.name},",
        ]
    else:
        forms = [f"{post.title} of {c.name} {name}", f"{c.adjective} {post.title} {name}"]
    return story.pick(forms)


def _respelt(family: str) -> str:
    for old, new in (("mm", "m"), ("ou", "u"), ("kh", "k"), ("a", "e"), ("i", "y")):
        if old in family[1:]:
            return family[0] + family[1:].replace(old, new, 1)
    return family + "h"


def _again(story: _Story, term: Term) -> str:
    """A later reference to someone already named: surname, title and surname, Mr/Ms."""
    family = term.person.family
    forms = [family, f"{'Ms' if term.person.she else 'Mr'} {family}"]
    if term.post.kind in ("foreign", "parliament", "head"):
        forms.append(f"{term.post.title.removesuffix(' of Foreign Affairs')} {family}")
    return story.pick(forms)


def _pronoun(term: Term) -> str:
    return "She" if term.person.she else "He"


def _discussion(story: _Story, speaker: Term, other: Term) -> list[str]:
    """Sentences on what was discussed: topics, blocs, anniversaries; no new meeting."""
    topics = story.rng.sample(TOPICS, 3)
    pool = [
        f"The sides discussed cooperation in {topics[0]}, {topics[1]} and {topics[2]}.",
        f"{_again(story, speaker)} briefed {'her' if speaker.person.she else 'his'} counterpart "
        f"on the reforms under way in {speaker.country.name}.",
        "The sides exchanged views on regional and international issues of mutual interest.",
        f"It was noted that {story.rng.randrange(5, 35)} years have passed since "
        f"{speaker.country.name} and {other.country.name} established diplomatic relations.",
        f"{_pronoun(speaker)} stressed the importance of cooperation within the "
        f"{story.pick(BLOCS)}.",
        f"The {other.country.adjective} side expressed interest in expanding trade and "
        f"investment ties in {topics[1]}.",
        f"{_again(story, other)} thanked {_again(story, speaker)} for the warm hospitality.",
        f"Particular attention was paid to {topics[2]} and to direct flights between the "
        "two capitals.",
        f"{_pronoun(speaker)} noted that the trade turnover between the two countries grew by "
        f"{story.rng.randrange(3, 60)} percent last year.",
        "Opportunities for joint projects in the fields of "
        f"{topics[0]} and {topics[1]} were also considered.",
        f"{_again(story, other)} invited {_again(story, speaker)} to take part in the next "
        "session of the intergovernmental commission.",
        "The importance of regular political dialogue and of contacts between the "
        "parliaments was stressed.",
    ]
    story.rng.shuffle(pool)
    chosen = pool[: story.rng.randrange(4, 9)]
    paragraphs = []
    while chosen:
        take = story.rng.randrange(1, 3)
        paragraphs.append(" ".join(chosen[:take]))
        chosen = chosen[take:]
    return paragraphs


def _background(story: _Story) -> str:
    """A closing paragraph on the relations between the two countries, naming no one."""
    a, b = story.home, story.guest
    return story.pick(
        [
            f"Diplomatic relations between {a.name} and {b.name} were established in "
            f"{story.rng.randrange(1956, 2012)}. The two countries cooperate closely within "
            f"the {story.pick(BLOCS)} and support each other's candidacies in international "
            "organizations.",
            f"Trade between {a.name} and {b.name} amounted to "
            f"{story.rng.randrange(12, 900)} million US dollars last year, most of it in "
            f"{story.pick(TOPICS)} and {story.pick(TOPICS)}. An intergovernmental commission "
            "on economic cooperation meets every two years.",
            f"{a.name} and {b.name} have signed more than {story.rng.randrange(8, 60)} "
            "documents, covering areas from visa exemption for official passports to "
            f"cooperation in {story.pick(TOPICS)}.",
        ]
    )


def _talks(story: _Story) -> list[str]:
    host = story.official(story.home, ("foreign", "head", "parliament", "sector"))
    guest = story.official(story.guest, ("foreign", "sector", "parliament"))
    city = story.pick(story.home.cities)
    when = _when(story, story.published - dt.timedelta(days=story.rng.randrange(0, 4)))
    lead = story.pick(
        [
            f"{when.capitalize()}, {_titled(story, host)} met with {_titled(story, guest)} in "
            f"{city}.",
            f"{_titled(story, host)} held talks with {_titled(story, guest)} in {city} {when}.",
            f"{_titled(story, guest)}, who is on an official visit to {story.home.name}, was "
            f"received by {_titled(story, host)} {when}.",
        ]
    )
    paragraphs = [lead.replace(",,", ",")]
    if story.rng.random() < 0.5:
        envoy = story.official(story.guest, ("ambassador",), story.home.code)
        paragraphs.append(f"{_titled(story, envoy)} also attended the meeting.".replace(",.", "."))
    paragraphs += _discussion(story, host, guest)
    return paragraphs


def _call(story: _Story) -> list[str]:
    host = story.official(story.home, ("foreign", "head"))
    guest = story.official(story.guest, ("foreign", "head"))
    when = _when(story, story.published - dt.timedelta(days=story.rng.randrange(0, 3)))
    lead = f"{_titled(story, host)} had a phone conversation with {_titled(story, guest)} {when}."
    return [lead, *_discussion(story, host, guest)]


def _visit(story: _Story) -> list[str]:
    leader = story.official(story.guest, ("foreign", "parliament", "sector"))
    hosts = [story.official(story.home, ("foreign", "parliament", "sector")) for _ in range(2)]
    last = story.published - dt.timedelta(days=story.rng.randrange(0, 3))
    first = last - dt.timedelta(days=story.rng.randrange(1, 3))
    days = (
        f"{MONTHS[first.month - 1]} {first.day}-{last.day}"
        if first.month == last.month
        else f"{MONTHS[first.month - 1]} {first.day}"
    )
    lead = (
        f"A delegation of {story.guest.name} led by {_titled(story, leader)} paid an official "
        f"visit to {story.home.name} on {days}, {last.year}."
    ).replace(",,", ",")
    held = (
        f"During the visit, the delegation held meetings with {_titled(story, hosts[0])} and "
        f"{_titled(story, hosts[1])}."
    ).replace(",.", ".")
    return [lead, held, *_discussion(story, leader, hosts[0])]


def _consultations(story: _Story) -> list[str]:
    host = story.official(story.home, ("foreign",))
    guest = story.official(story.guest, ("foreign",))
    city = story.pick(story.home.cities)
    when = _when(story, story.published - dt.timedelta(days=story.rng.randrange(0, 3)))
    rounds = story.pick(["first", "second", "third", "fourth", "regular"])
    return [
        f"{when.capitalize()}, the {rounds} round of political consultations between the "
        f"Ministries of Foreign Affairs of {story.home.name} and {story.guest.name} was held in "
        f"{city}.",
        f"The consultations were co-chaired by {_titled(story, host, False)} and "
        f"{_titled(story, guest, False)}.".replace(",.", ".").replace(", and", " and"),
        *_discussion(story, guest, host),
    ]


def _credentials(story: _Story) -> list[str]:
    envoy = story.official(story.guest, ("ambassador",), story.home.code)
    head = story.official(story.home, ("head",))
    when = _when(story, story.published - dt.timedelta(days=story.rng.randrange(0, 3)))
    their = "her" if envoy.person.she else "his"
    lead = (
        f"{_titled(story, envoy)} presented {their} credentials to {_titled(story, head)} {when}."
    )
    return [lead, *_discussion(story, head, envoy)]


def _forum(story: _Story) -> list[str]:
    host = story.official(story.home, ("foreign", "head", "sector"))
    guest = story.official(story.guest, ("foreign", "sector"))
    city = story.pick(story.home.cities)
    when = _when(story, story.published - dt.timedelta(days=story.rng.randrange(0, 3)))
    forum = story.pick(FORUMS)
    newcomer = story.newcomer(story.home)
    return [
        f"The {story.rng.randrange(2, 12)}th {forum} opened in {city} {when}, bringing together "
        "ministers, diplomats and experts from more than thirty countries.",
        f"On the sidelines of the forum, {_titled(story, host)} met with "
        f"{_titled(story, guest)}.".replace(",.", "."),
        f"Professor {newcomer.name} of the National University of {story.home.name} spoke "
        "at the opening session.",
        *_discussion(story, host, guest),
    ]


SCENARIOS: tuple[tuple[Callable[[_Story], list[str]], float], ...] = (
    (_talks, 5),
    (_call, 1.5),
    (_visit, 2),
    (_consultations, 1.5),
    (_credentials, 1),
    (_forum, 1),
)


def _long_tail(story: _Story) -> str:
    """A sentence naming someone this article alone names."""
    person = story.newcomer(story.home).name
    city = story.pick(story.home.cities)
    return story.pick(
        [
            f"Director of the Department of Asian Affairs of the Ministry of Foreign Affairs "
            f"of {story.home.name} {person} was also present.",
            f"Rector of the National University of {story.home.name} {person} presented "
            "a joint programme for students.",
            f"{person}, Mayor of {city}, welcomed the guests at the city hall.",
        ]
    )


def _header(story: _Story, headline: str | None) -> str:
    """The date header, maybe a headline, and an outlet's dateline or credit."""
    day, home = story.published, story.home
    month, city = MONTHS[day.month - 1], home.cities[0]
    forms = {
        "AZE": [
            f"{city}, {month} {day.day}, AZERTAC\n\n",
            f"MENAFN - Trend News Agency){city.upper()}, {home.name}, {month} {day.day}. ",
            f"{city}. {day.day} {month}. REPORT.AZ/ ",
        ],
        "LAO": [f"{city}, {month} {day.day} (KPL) – "],
        "VNM": [f"{city}, {month} {day.day} (VNA) – "],
        "CHN": [f"{city.upper()}, {month[:3]}. {day.day} (Xinhua) -- "],
        "TUR": [f"{city.upper()} (Anadolu) - "],
    }.get(home.code, [f"{city.upper()}, {month} {day.day} (Reuters) - "])
    dateline = story.pick(forms)
    top = f" date {day.isoformat()} "
    if headline and not dateline.startswith("MENAFN"):
        top += f"{headline}\n\n"
    return top + dateline


def article_text(seed: int, index: int) -> str:
    """Article ``index`` of the corpus of ``seed``: the same text on every machine."""
    rng = random.Random(f"{seed}:{index}")
    published = START + dt.timedelta(days=rng.randrange((END - START).days + 1))
    weights = [c.weight for c in COUNTRIES]
    home = rng.choices(COUNTRIES, weights)[0]
    guest = home
    while guest is home:
        guest = rng.choices(COUNTRIES, weights)[0]
    story = _Story(rng, world(seed), published, home, guest)
    scenario = rng.choices([s for s, _ in SCENARIOS], [w for _, w in SCENARIOS])[0]
    paragraphs = scenario(story)
    if rng.random() < 0.6:
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), _long_tail(story))
    paragraphs.append(_background(story))
    headline = (
        f"{home.name} and {guest.name} discuss cooperation in {story.pick(TOPICS)}"
        if rng.random() < 0.5
        else None
    )
    return _header(story, headline) + "\n\n".join(paragraphs) + "\n"


def article_name(index: int) -> str:
    return f"g{index:07d}.txt"


def write_corpus(folder: Path, size: int, seed: int = 1, start: int = 0) -> list[Path]:
    """Articles ``start`` to ``start + size - 1`` of ``seed`` as files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(start, start + size):
        path = folder / article_name(index)
        path.write_text(article_text(seed, index), encoding="utf-8")
        paths.append(path)
    return paths
