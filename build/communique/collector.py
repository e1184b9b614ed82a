"""Python's cycle collector, kept out of work that makes many objects and no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
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
