"""Python's cycle collector, kept out of work that makes many objects and no cycles, and off
objects that live for the whole build."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection in the block, then the collector as it was found: a
    stage that makes hundreds of thousands of tuples or records in no cycle sets off
    collections that each walk every object the build holds (decoding the cache, matching
    ids), which took longer than the work itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def collector_spares_what_exists() -> Iterator[Callable[[], None]]:
    """Keep Python's cycle collector off the objects that exist now (the corpus, its facts)
    until the block ends, and, each time the function it gives is called, off those that
    exist then (the previous release, the tables built): they live for the whole build, and
    at 10,000 articles walking them again at every full collection took a third of
    resolution, and half of the time spent writing and diffing the tables."""
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
