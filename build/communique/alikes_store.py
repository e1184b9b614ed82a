"""The names resolution compared, kept in the cache between builds.

Resolution finds which folded names of more than one word sound alike
(``resolve.SoundAlikes``): at 10,000 articles, 10,000 names and their sound-alikes take a
quarter of a second to compare, in every build, though one article added brings a handful
of new names. Whether two names sound alike depends on those two names alone, so a build
that finds the last build's ``SoundAlikes`` in the cache compares only the names that build
did not have, drops those it no longer has, and keeps the result for the next build. The
pairs are the same as comparing every name afresh (a test compares the two, over names
added and removed at random).

An entry is kept under resolution's fingerprint (the resolving module and what it imports,
and the libraries' versions), so changed code or a changed library compares every name
again. It is JSON, checked as it is read: an entry that cannot be read, or does not hold
what it should, is ignored and replaced; the cache never makes a build fail.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from typing import Any

from communique import resolve
from communique.cache import Cache, hooked_in_this_process
from communique.fingerprint import fingerprint
from communique.resolve import SoundAlikes

#: The module whose code and libraries decide which names sound alike.
RESOLVE = "communique.resolve"


def alikes_fingerprint() -> str:
    return fingerprint(RESOLVE)


@contextlib.contextmanager
def kept_in(cache: Cache) -> Iterator[None]:
    """While in this block, resolution in this process starts from the names compared by
    the last build that kept them in ``cache``, and keeps its own there. Only this process:
    a process forked from it must not use the database connection it inherited."""
    with hooked_in_this_process(resolve, "recall", lambda compare: _recall(cache, compare)):
        yield


def _recall(cache: Cache, compare: Callable[[SoundAlikes | None], SoundAlikes]) -> SoundAlikes:
    generation = alikes_fingerprint()
    stored = cache.alikes(generation)
    known = decoded(stored) if stored is not None else None
    found = compare(known)
    if found is not known:  # names were compared or dropped: kept for the next build
        cache.put_alikes(generation, encoded(found))
    return found


def encoded(alikes: SoundAlikes) -> str:
    """``alikes`` as JSON: each name compared, in order, with the sounds of its words and
    the names that sound like it, in order."""
    mates = alikes.alike
    return json.dumps(
        {name: [words, sorted(mates.get(name, ()))] for name, words in alikes.sounds.items()},
        ensure_ascii=False,
    )


def decoded(text: str) -> SoundAlikes | None:
    """What ``encoded`` wrote, or None for anything else: not JSON, not of its shape, or
    a relation that is not one (a name sounding like itself, or like a name that was not
    compared or does not sound like it)."""
    try:
        data: Any = json.loads(text)
        sounds = {name: tuple(words) for name, (words, _) in data.items()}
        alike = {name: set(mates) for name, (_, mates) in data.items() if mates}
    except (ValueError, TypeError, AttributeError):
        return None
    if not all(isinstance(w, str) for words in sounds.values() for w in words):
        return None
    for name, mates in alike.items():
        if name in mates or not all(name in alike.get(mate, ()) for mate in mates):
            return None
    return SoundAlikes(sounds, alike)
