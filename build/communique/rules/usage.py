"""Which rules extraction used: the record behind ``communique rules --unused``.

A rule that no article of a corpus ever fires is either ahead of its corpus or broken;
like zavod's ``debug_lookups``, the report lists them. Recording is off unless a caller
asks for it, and then costs one set insertion per rule that matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

_fired: set[str] | None = None


def note(rule_id: str) -> None:
    """Record that a rule fired, when someone is recording."""
    if _fired is not None:
        _fired.add(rule_id)


def is_recording() -> bool:
    """Whether someone is recording: a rule's id is only read then (``Rule.fired``), since
    reading a model's private attribute is slow and rules fire on every sentence."""
    return _fired is not None


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the ids of the rules that fire inside the ``with`` block."""
    global _fired
    outer, _fired = _fired, set()
    try:
        yield _fired
    finally:
        _fired = outer
