"""The discourse model of one article: the people it has named so far, and who its
pronouns, descriptions and groups refer to.

Reporters name a person once and then describe them: ``the two leaders``, ``both
ministers``, ``his Lao counterpart``, ``the Nepalese envoy``, ``Laos' top diplomat``,
``the ambassador``, ``he``, ``the delegation``. The model walks the sentences in order
keeping, for every person, their country, their titles and where they were last named, and
resolves each such reference to the person (or people) it most plausibly means:

- a description (``rules/discourse.yaml``: determiners, a nationality, modifiers, a
  reference noun or a title) means the person named most recently whose country is the
  nationality's and whose titles fit the noun; a counterpart or colleague is someone else
  than the sentence's subject; when nobody named before fits, the first person named in
  the next sentences who may fit (``Norway's Foreign Minister, currently on a visit …,
  was received by … . FM Lind said …``);
- a group (``the two leaders``, ``both ministers``) means as many people, by the same rule;
- ``he``/``she`` opening a sentence means the last subject; ``the delegation`` means the
  leader of the delegation the story follows (``led by``/``headed by``).

Extraction of meetings reads the result as positioned references (``Ref``), so that
structure (who is the subject, who comes after ``met with``) works the same for people
named and people described.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from communique.extract.facts import PersonFact
from communique.extract.lexicon import Lexicon, fold
from communique.extract.prefilter import Words, could_match, needles_off_start
from communique.extract.text import Sentence
from communique.rules.models import Cue, DiscourseFile, Reference

#: how a reference names its person
NAME, PRONOUN, DESCRIPTION, GROUP, DELEGATION = (
    "name",
    "pronoun",
    "description",
    "group",
    "delegation",
)


@dataclass(frozen=True)
class Ref:
    """A span of a sentence that names or refers to a person of the article."""

    start: int
    end: int
    key: int
    how: str


@dataclass
class Entity:
    """A person as the discourse knows them so far."""

    key: int
    country: str | None
    titles: set[str] = field(default_factory=set)  # folded titles ("deputy minister")
    first: int = -1  # offset of the first mention by name


@dataclass(frozen=True)
class _Found:
    """A description or group in a sentence, before it is resolved."""

    start: int
    end: int
    country: str | None  # the nationality it states
    noun: str  # the folded noun phrase ("top diplomat", "foreign minister", "leaders")
    count: int  # people it refers to: 1, or 2 for "the two …"/"both …"
    other: bool  # "counterpart", "colleague": someone else than the subject


class Discourse:
    """Who each sentence of an article names or refers to."""

    def __init__(
        self,
        text: str,
        sents: list[Sentence],
        people: list[PersonFact],
        by_span: dict[tuple[int, int], int],
        lex: Lexicon,
    ) -> None:
        self.text = text
        self.sents = sents
        self.lex = lex
        self.rules: DiscourseFile = lex.discourse
        self.entities = {
            p.key: Entity(
                p.key,
                p.country,
                {fold(r.title) for r in p.roles} | {fold(r.title) for r in p.pending_roles},
            )
            for p in people
        }
        self._name_words = {p.key: set(p.name.split()) for p in people}
        self.names = sorted((s, e, k) for (s, e), k in by_span.items())
        self._mentions: list[tuple[int, int]] = [(s, k) for s, _, k in self.names]
        #: names mentioned only in passing ("the greetings of President X"): weak antecedents
        self._asides = {s for s, _, _ in self.names if _in_passing(text, s, lex)}
        for start, _, key in self.names:
            entity = self.entities[key]
            if entity.first < 0:
                entity.first = start
        self._refs: list[list[Ref]] = []
        self._leaders: list[int | None] = []
        self._subjects: list[int | None] = []
        leader: int | None = None
        subject: int | None = None
        for index, sentence in enumerate(sents):
            refs, leader, subject = self._read(index, sentence, leader, subject)
            self._refs.append(refs)
            self._leaders.append(leader)
            self._subjects.append(subject)

    # ------------------------------------------------------------------ what callers read

    def refs(self, index: int) -> list[Ref]:
        """Everyone sentence ``index`` names or refers to, in the order of the text."""
        return self._refs[index]

    def leader(self, index: int) -> int | None:
        """The leader of the delegation the story follows, as of sentence ``index``."""
        return self._leaders[index]

    def subject_before(self, index: int) -> int | None:
        """The subject of the last sentence before ``index`` that had one."""
        return self._subjects[index - 1] if index > 0 else None

    def country(self, key: int) -> str | None:
        return self.entities[key].country

    # ------------------------------------------------------------------ reading

    def _read(self, index: int, sentence: Sentence, leader: int | None, subject: int | None):
        text = sentence.text
        names = [Ref(s, e, k, NAME) for s, e, k in self._names_in(sentence)]
        led_by, led_words = self.lex.led_by
        led = led_by.search(text) if could_match(led_words, text) else None
        if led:
            after = [r.key for r in names if r.start >= sentence.start + led.end()]
            if after:
                leader = after[0]
        refs = list(names)
        pronoun = _search_from_start(self.rules.pronoun_subject, text)
        named = self._pronoun_as_name(pronoun, sentence) if pronoun else None
        if pronoun and named is not None:
            # "During his stay, He also called on …": the person whose name is "He"
            where = sentence.start + pronoun.start(1)
            names.append(Ref(where, sentence.start + pronoun.end(1), named, NAME))
            refs.append(names[-1])
            self._mentions.append((where, named))
        elif pronoun and subject is not None:
            where = sentence.start + (pronoun.start(1) if pronoun.group(1) else pronoun.start(2))
            refs.append(Ref(where, where, subject, PRONOUN))
        cue, words = self.lex.delegation
        delegation = cue.search(text) if could_match(words, text) else None
        if delegation and leader is not None:
            where = sentence.start + delegation.start()
            refs.append(Ref(where, sentence.start + delegation.end(), leader, DELEGATION))
        refs.sort(key=lambda r: r.start)
        for found in self._descriptions(sentence, names):
            for key in self._resolve(found, index, refs):
                how = GROUP if found.count > 1 else DESCRIPTION
                refs.append(Ref(found.start, found.end, key, how))
                self._mentions.append((found.start, key))
                entity = self.entities[key]
                if entity.country is None and found.country is not None:
                    entity.country = found.country
                if found.count == 1 and found.noun in self.lex.titles:
                    entity.titles.add(fold(self.lex.titles[found.noun].title))
            refs.sort(key=lambda r: r.start)
        for ref in refs:
            if ref.how in (PRONOUN, DELEGATION):
                self._mentions.append((ref.start, ref.key))
        opening = self.rules.opening_phrase.search(text)
        main = [r for r in refs if not opening or r.start >= sentence.start + opening.end()]
        if main:  # "Welcoming the guests, X said …": X
            subject = main[0].key
        return refs, leader, subject

    def _last_before(self, offset: int) -> dict[int, int]:
        """Each person mentioned before an offset, with their latest mention (a mention in
        passing ranks below any other: ``the greetings of President X`` makes X a weak
        antecedent of ``the President``)."""
        last: dict[int, int] = {}
        for start, key in self._mentions:
            rank = start - len(self.text) if start in self._asides else start
            if start < offset and rank > last.get(key, -(2 * len(self.text) + 1)):
                last[key] = rank
        return last

    def _names_in(self, sentence: Sentence) -> list[tuple[int, int, int]]:
        """The names that start in ``sentence``, in order: found by bisection in the sorted
        names, not by a test of every name of the article in every sentence."""
        first = bisect_left(self.names, (sentence.start,))  # (s,) sorts before (s, e, k)
        last = bisect_left(self.names, (sentence.end,), first)
        return self.names[first:last]

    def _pronoun_as_name(self, pronoun: re.Match[str], sentence: Sentence) -> int | None:
        """The person named before whose name is the word "He" or "She" where a pronoun
        cannot stand: capitalised inside a sentence ("During his stay, He called on …") or
        before a relative clause ("He, who is on a visit, …"). None when it is a pronoun."""
        word = pronoun.group(1)
        if not word or not word[0].isupper():
            return None
        if pronoun.start(1) == 0 and not _RELATIVE.match(sentence.text, pronoun.end(1)):
            return None
        keys = [
            key
            for key, words in self._name_words.items()
            if word in words and 0 <= self.entities[key].first < sentence.start
        ]
        return keys[0] if len(keys) == 1 else None

    def _descriptions(self, sentence: Sentence, names: list[Ref]) -> list[_Found]:
        """Descriptions and groups in a sentence that are not a title before a name."""
        found: list[_Found] = []
        for match in _description_pattern(self.lex).finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if any(start <= r.start < end or r.start <= start < r.end for r in names):
                continue
            if _followed_by_name(self.text, end, names):
                continue  # "the Lao President Orvan Telliqa": a title before a name
            country = None
            owner, adjective, of = match.group("owner", "adjective", "of")
            if owner:
                country = self.lex.country_of_name(owner.removesuffix("s").rstrip("'’"))
                if country is None:
                    continue  # "the university's president" is no nationality
            noun = fold(match.group("noun"))
            if adjective:
                code = self.lex.country_of_adjective(adjective)
                if code is None and fold(f"{adjective} {noun}") in self._all_nouns():
                    noun = fold(f"{adjective} {noun}")  # "Foreign Minister"
                elif code is None and adjective[:1].isupper():
                    continue  # "the Senate President": a body, not a nationality
                country = country or code
            if of and country is None:
                country = self.lex.country_of_name(of)
            plural = noun.endswith("s") and noun not in self._all_nouns()
            count = 2 if match.group("group") or plural else 1
            other = noun in _counterpart_nouns(self.lex)
            noun = noun.removesuffix("s") if plural else noun
            found.append(_Found(start, end, country, noun, count, other))
        return found

    def _all_nouns(self) -> frozenset[str]:
        return _description_nouns(self.lex)

    def _resolve(self, found: _Found, index: int, refs: list[Ref]) -> list[int]:
        """The people a description or group refers to (none when nobody fits)."""
        titles, specific = self._titles_for(found.noun)
        before = [r for r in refs if r.start < found.start]
        subject = self.entities[before[0].key] if before else None
        if not specific and found.country is None and not found.other:
            return []  # "the guests", "the two sides": too vague to name anyone

        named_here = {r.key for r in refs if r.how == NAME}

        def fits(entity: Entity) -> int:
            if found.count == 1 and subject is not None and entity.key == subject.key:
                return 0  # "X received the envoy": someone else than X
            if found.country is not None and entity.country != found.country:
                return 0
            if found.other and subject is not None:
                if entity.key == subject.key:
                    return 0
                if found.country is None and subject.country and entity.country == subject.country:
                    return 0  # "her counterpart": a peer from elsewhere
                return 1 + _title_fit(entity.titles, subject.titles)
            if not specific:
                return 1
            return _title_fit(entity.titles, titles)

        last = self._last_before(found.start)
        scored = sorted(
            ((score, at, key) for key, at in last.items() if (score := fits(self.entities[key]))),
            reverse=True,
        )
        if found.count > 1:
            if not specific:
                return []
            own = _unique_keys([r.key for r in before if r.how in (NAME, DESCRIPTION)])
            if len(own) >= found.count:
                return own[-found.count :]  # "A spoke with B, but the two ministers …"
            # a group: as many people as it says, the most recently named but the subject
            recent = sorted(
                (hit for hit in scored if subject is None or hit[2] != subject.key),
                key=lambda hit: hit[1],
                reverse=True,
            )
            return [k for _, _, k in recent[: found.count]] if len(recent) >= found.count else []
        if scored:
            return [scored[0][2]]
        if found.other and found.country is None:
            return []
        ahead = self._ahead(found, index, titles, specific)
        reference = self._reference(found.noun)
        if not ahead and found.country and reference is not None and reference.loose:
            same = [
                (at, key)
                for key, at in last.items()
                if self.entities[key].country == found.country and key not in named_here
            ]
            return [max(same)[1]] if same else []
        return ahead

    def _ahead(self, found: _Found, index: int, titles: set[str], specific: bool) -> list[int]:
        """The first person named after a description, in its sentence or the next two,
        who may be the one described (a country and titles that do not contradict it)."""
        end = self.sents[min(index + 2, len(self.sents) - 1)].end
        for start, _, key in self.names:
            if start < found.end or start > end:
                continue
            entity = self.entities[key]
            if entity.first < found.end:
                continue  # named before: already judged
            if found.country is not None and entity.country not in (None, found.country):
                continue
            if specific and entity.titles and not _title_fit(entity.titles, titles):
                continue
            return [key]
        return []

    def _reference(self, noun: str) -> Reference | None:
        for reference, nouns in _folded_references(self.lex):
            if noun in nouns:
                reference.fired()
                return reference
        return None

    def _titles_for(self, noun: str) -> tuple[set[str], bool]:
        """The folded titles a reference noun fits, and whether it is specific."""
        reference = self._reference(noun)
        if reference is not None:
            return {fold(t) for t in reference.titles}, bool(reference.titles)
        words = noun.split()
        for n in range(len(words)):
            rule = self.lex.titles.get(" ".join(words[n:]))
            if rule is not None:
                return {fold(rule.title)}, True
        return set(), False


@cache
def _words_off_start(cue: Cue) -> Words:
    return needles_off_start(cue.regex)


def _search_from_start(cue: Cue, text: str) -> re.Match[str] | None:
    """``cue.search(text)``, tried at the start of the text and elsewhere only when the
    text holds one of the words a match elsewhere needs (``pronoun_subject``: "He …" at
    the start, "his first meeting" anywhere): most sentences are matched once, not
    searched at every offset."""
    found = cue.regex.match(text)
    if found is None and could_match(_words_off_start(cue), text):
        found = cue.regex.search(text, 1)
    if found:
        cue.fired()
    return found


def _in_passing(text: str, start: int, lex: Lexicon) -> bool:
    """Whether the name at ``start`` is only mentioned in passing (``meetings.yaml:
    not_participant``)."""
    before = text[max(0, start - 160) : start]
    return any(could_match(words, before) and p.search(before) for p, words in lex.not_participant)


def _unique_keys(keys: list[int]) -> list[int]:
    return list(dict.fromkeys(keys))


def _title_fit(held: set[str], wanted: set[str]) -> int:
    """2 when a title held is one wanted, 1 when it ends with one (``deputy minister`` for
    ``minister``), else 0."""
    if held & wanted:
        return 2
    if any(h.endswith(" " + w) for h in held for w in wanted):
        return 1
    return 0


_RELATIVE = re.compile(r",\s+who\b")

_APPOSITION = re.compile(r",?\s+(?:(?:[A-Z][\w'’.\-]*|of|the|and|for|on|to)\s+){0,14}")


def _followed_by_name(text: str, end: int, names: list[Ref]) -> bool:
    """A name right after the span, or in apposition after a comma and a title (``her
    counterpart, Speaker of the Storting Ingrid Dahl``)."""
    rest = text[end : end + 3]
    gap = len(rest) - len(rest.lstrip(" ,"))
    if any(end <= r.start <= end + max(gap, 1) for r in names):
        return True
    apposition = _APPOSITION.match(text, end)
    if apposition is None or not text[end:].startswith(","):
        return False
    return any(end <= r.start <= apposition.end() for r in names)


def _references(rules: DiscourseFile) -> tuple[Reference, ...]:
    return (rules.heads_of_state, rules.envoys, rules.ministers, rules.anyone)


def _other_nouns(rules: DiscourseFile) -> frozenset[str]:
    return frozenset(fold(w) for w in rules.counterpart_nouns.words)


@cache
def _folded_references(lex: Lexicon) -> tuple[tuple[Reference, frozenset[str]], ...]:
    """``_references`` of the lexicon's rules, each with its nouns folded once (a reference
    is looked up for every description found)."""
    return tuple(
        (reference, frozenset(fold(n) for n in reference.nouns))
        for reference in _references(lex.discourse)
    )


@cache
def _counterpart_nouns(lex: Lexicon) -> frozenset[str]:
    """``_other_nouns`` of the lexicon's rules, folded once (asked for every description)."""
    return _other_nouns(lex.discourse)


@cache
def _description_nouns(lex: Lexicon) -> frozenset[str]:
    """The folded nouns and titles a description may name someone by, gathered once per
    lexicon (asked for every description, and the titles are many)."""
    nouns = frozenset(fold(n) for r in _references(lex.discourse) for n in r.nouns)
    return nouns | _other_nouns(lex.discourse) | frozenset(lex.titles)


_PATTERNS: dict[int, re.Pattern[str]] = {}


def _description_pattern(lex: Lexicon) -> re.Pattern[str]:
    """The description pattern of a lexicon, built once per lexicon."""
    if id(lex) not in _PATTERNS:
        _PATTERNS[id(lex)] = _build_description_pattern(lex)
    return _PATTERNS[id(lex)]


def _build_description_pattern(lex: Lexicon) -> re.Pattern[str]:
    """``(the|his|Laos') [two|both] [newly appointed] [Lao] <noun> [of <Country>]``,
    compiled once from the word lists of ``discourse.yaml`` and the titles of
    ``titles.yaml``."""
    rules = lex.discourse

    def alternatives(words) -> str:
        return "|".join(
            re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
        )

    nouns = {n for r in _references(rules) for n in r.nouns} | set(rules.counterpart_nouns.words)
    titles = set(lex.titles)
    heads = nouns | titles | {w + "s" for w in nouns | titles}
    head = _longest_first(heads) if all(w.isascii() for w in heads) else alternatives(heads)
    determiners = alternatives(rules.description_determiners.words)
    modifiers = rf"(?:(?:{alternatives(rules.description_modifiers.words)})\s+){{0,2}}"
    groups = alternatives(rules.group_words.words)
    word = r"[A-Z][\w\-’']*"
    return re.compile(
        rf"(?i:\b(?:(?:{determiners})\s+|(?P<owner>(?-i:{word}[’']s?))\s+)"
        rf"(?:(?P<group>{groups})\s+)?{modifiers}"
        rf"(?:(?P<adjective>(?-i:{word}))\s+)?{modifiers}"
        rf"(?P<noun>{head})(?!\w)"
        rf"(?:\s+of\s+(?:the\s+)?(?P<of>(?-i:{word}(?:\s+{word}){{0,3}})))?)"
    )


def _longest_first(words: Iterable[str]) -> str:
    r"""A pattern that, where a non-word character must follow it, matches what the
    alternation of ``words`` longest first matches (in any case, a space as any run of
    spaces): the words as a tree of their lower-cased letters, each longer word tried
    before a shorter one it goes on from (``minister(?:\s+of\s+state)?``).

    The description pattern tries its hundreds of nouns and titles at every determiner of
    every sentence, one after another; the tree reads the text's letters once. The same
    word is found: two words that both match at a place match text one of which begins
    the other, so the longer is the longer word, which the alternation tries first and the
    tree tries first too (a letter leads to one branch only: the words are ASCII and in
    lower case, and a space, read as spaces, is no letter)."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, dict]) -> str:
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + pattern(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        if "" not in node:
            return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{'|'.join(branches)})?"  # a longer word first, else the word ending here

    return pattern(tree)
