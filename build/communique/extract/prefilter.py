"""A quick, exact test that a cue cannot match a sentence, so its search can be skipped.

Extraction searches every sentence with every meeting cue (the triggers, the cues of plans
and invitations, of joining and of vague times): a few microseconds each, and nearly all
of them fail. Most cues contain words every match must contain (``\\bheld talks\\b``
needs "held talks"; ``\\b(phone|telephone)\\s+call`` needs "phone" or "telephone").
Those words are read from the pattern once, and a sentence that contains none of them is
not searched.

The test must never skip a sentence the cue matches. Hence:

* the words come from the parsed pattern, and only from parts every match goes through
  (not from optional parts, character classes or look-arounds);
* the words are made of ASCII characters only, lower-cased, and tested on the sentence
  lower-cased, with the few letters that ``re`` matches with an ASCII letter in any case
  but ``str.lower`` does not turn into it (``ſ``, the Kelvin sign, dotted and dotless
  ``i``) written as that letter first (``tests/test_prefilter.py`` proves the list
  complete). A text that a literal matches, in any case or as written, then holds its
  lower-cased form: the test is the same whether the pattern, or a part, ignores case.
"""

from __future__ import annotations

import re
from re import _parser as sre  # type: ignore[attr-defined]  # the parser ``re`` itself uses
from typing import Any

from communique.memos import memo

#: letters beyond ASCII that ``re`` matches with an ASCII letter when ignoring case, and
#: that letter (``str.lower`` makes ``İ`` two characters and leaves the others alone)
_ASCII_TWINS = str.maketrans({"İ": "i", "ı": "i", "K": "k", "ſ": "s"})


#: lower-cased strings one of which every match of a pattern contains; None: unknown
Words = frozenset[str] | None


def _required(items: Any) -> Words:
    """Lower-cased strings one of which every match of the parsed sequence ``items``
    contains (the most telling set found), or None when no such set is known."""
    sets: list[frozenset[str]] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            sets.append(frozenset({"".join(run)}))
            run.clear()

    for op, arg in items:
        if op is sre.LITERAL and arg <= 0x7F:
            run.append(chr(arg).lower())
            continue
        end_run()
        if op is sre.SUBPATTERN:
            sets.append(_required(arg[3]) or frozenset())  # (group, flags on, flags off, items)
        elif op is sre.ATOMIC_GROUP:
            sets.append(_required(arg) or frozenset())
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            sets.append(_required(arg[2]) or frozenset())
        elif op is sre.BRANCH:
            branches = [_required(b) for b in arg[1]]
            if all(branches):
                sets.append(frozenset().union(*branches))  # type: ignore[arg-type]
        # Anything else (classes, any character, anchors, look-arounds, optional parts,
        # back-references, conditionals) asks nothing every match must contain.
    end_run()
    known = [s for s in sets if s]
    if not known:
        return None
    return max(known, key=lambda s: (min(map(len, s)), -len(s)))


def needles(pattern: re.Pattern[str]) -> Words:
    """Lower-cased strings one of which every match of ``pattern`` contains, or None when
    the pattern must always be searched."""
    return _required(sre.parse(pattern.pattern, pattern.flags))


def needles_off_start(pattern: re.Pattern[str]) -> Words:
    """Lower-cased strings one of which every match of ``pattern`` that does not begin at
    the start of the text contains (branches anchored there by ``^`` contain none of
    theirs), or None when such a match may contain any. ``frozenset()``: every match
    begins at the start."""
    if pattern.flags & re.MULTILINE:
        return None  # "^" also after each line break
    data = sre.parse(pattern.pattern, pattern.flags).data
    branches = data[0][1][1] if len(data) == 1 and data[0][0] is sre.BRANCH else [data]
    words: set[str] = set()
    for branch in branches:
        if list(branch)[:1] == [(sre.AT, sre.AT_BEGINNING)]:
            continue  # matches only at the start
        required = _required(branch)
        if required is None:
            return None
        words |= required
    return frozenset(words)


@memo(maxsize=64)
def folded(text: str) -> str:
    """``text`` as the words of a pattern are looked for in it (see the module's
    docstring); kept for the few sentences being searched, which every cue asks for."""
    if not text.isascii():
        text = text.translate(_ASCII_TWINS)
    return text.lower()


def could_match(words: Words, text: str) -> bool:
    """False only when a pattern whose ``needles`` are ``words`` cannot match anywhere in
    ``text`` (the words are read once, when the rules are loaded: a pattern is slow to
    hash)."""
    if words is None:
        return True
    haystack = folded(text)
    # A loop, twice as quick as any() over a generator: this runs for every cue on every
    # sentence.
    for word in words:  # noqa: SIM110
        if word in haystack:
            return True
    return False


def words_found(words: frozenset[str], text: str) -> set[str]:
    """Those of ``words`` (the ``needles`` of many patterns together) that ``text`` holds,
    read the way ``could_match`` reads it: found once per sentence, they answer
    ``could_match`` for every pattern whose words are among them by a set operation
    (``could_match_found``) instead of one search of the sentence per pattern."""
    haystack = folded(text)
    return {word for word in words if word in haystack}


def could_match_found(words: Words, found: set[str]) -> bool:
    """``could_match(words, text)``, given ``found = words_found(every, text)`` for a set
    ``every`` that holds all of ``words``."""
    return words is None or not words.isdisjoint(found)
