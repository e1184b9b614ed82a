"""Python's cycle collector, kept out of work that makes many objects and no cycles, and off
objects that live for the whole build."""

from __future__ import annotations

import ctypes
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

from communique import memos

_sparing = 0  # how many ``collector_spares_what_exists`` blocks are open


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection in the block, then the collector as it was found: a
    stage that makes hundreds of thousands of tuples or records in no cycle sets off
    collections that each walk every object the build holds (decoding the cache, matching
    ids), which took longer than the work itself.

    Inside ``collector_spares_what_exists``, what the block made is spared too (frozen)
    before the collector resumes: else the first allocation after it walks every object
    the block made, all still in the youngest generation, and again as they age (after
    decoding 10,000 articles' cached facts and after resolving them, 0.1 s each)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _sparing:
            gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def collector_spares_what_exists() -> Iterator[Callable[[], None]]:
    """Keep Python's cycle collector off the objects that exist now until the block ends
    (or ``release_freed_memory`` is called), off those that exist each time the function it
    gives is called (the corpus and its facts, the previous release, the tables built), and
    off those each ``collector_paused`` block in it made: they live for the whole build,
    and at 10,000 articles walking them again at every full collection took a third of
    resolution, and half of the time spent writing and diffing the tables."""
    global _sparing
    gc.freeze()
    _sparing += 1
    try:
        yield gc.freeze
    finally:
        _sparing -= 1
        gc.unfreeze()


def release_freed_memory() -> None:
    """Give what a build has deleted back to the system before the next stage allocates its
    own: a full collection of every object, frozen ones included (what was deleted inside
    a reference cycle; frozen objects are spared by collections, so they are unfrozen:
    called once what ``collector_spares_what_exists`` spared is deleted), then the C
    allocator's free pages (glibc's ``malloc_trim``; elsewhere only the collection). Before
    validating 100,000 articles: 1.52 GB resident, 1.41 after the collection, 1.29 after
    the trim (validation's frames would otherwise come on top). The memos are forgotten
    first (``memos``): at 100,000 articles, 300 MB more with the facts cached, 50 MB cold."""
    memos.forget()
    gc.unfreeze()
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@contextmanager
def released_meanwhile(held: list[object]) -> Iterator[None]:
    """Let go of what ``held`` holds (its only references: the caller has deleted its own),
    then ``release_freed_memory``, in a thread, while the block runs; the block ends once
    that is done. For a build whose last step waits for a validation process's verdict:
    freeing what made the package (0.16-0.24 s at 10,000 articles) then overlaps the wait,
    which leaves Python's lock free, where it came before it.

    In a process that ends with the build (``process_ends_with_the_build``), nothing is
    freed: what ``held`` holds is kept until the process ends, and the collector is
    stopped for the moments left (else a full collection could walk all of it once more).
    With the validation process now keeping up with the build, the freeing was the last
    thing an added article's build waited for (0.17-0.2 s at 10,000 articles), and the
    system takes the memory back at once when the process ends."""
    if _kept_until_the_end is not None:
        _kept_until_the_end.append(list(held))
        held.clear()
        gc.disable()
        yield
        return
    thread = threading.Thread(target=_release, args=(held,), name="communique-release")
    thread.start()
    try:
        yield
    finally:
        thread.join()


#: What builds let go of, kept until the process ends, when it ends with the build
#: (``process_ends_with_the_build``); None: freed as usual (tests, a library's caller)
_kept_until_the_end: list[object] | None = None


def process_ends_with_the_build() -> None:
    """Say that this process ends once its command is done, without the interpreter's
    teardown (``cli.program``): ``released_meanwhile`` then keeps what it is given."""
    global _kept_until_the_end
    if _kept_until_the_end is None:
        _kept_until_the_end = []


def _release(held: list[object]) -> None:
    held.clear()
    release_freed_memory()


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):  # not glibc: no such function
        return None
