"""Python's cycle collector, kept out of the way of a build's many long-lived objects."""

from __future__ import annotations

import gc

import pytest
from communique.collector import collector_paused, collector_spares_what_exists


def _made_in_a_paused_block() -> list[list[int]]:
    with collector_paused():
        return [[n] for n in range(5_000)]  # lists: objects the collector tracks


def test_in_a_build_what_a_paused_block_made_is_spared_after_it():
    with collector_spares_what_exists():
        before = gc.get_freeze_count()
        made = _made_in_a_paused_block()
        assert gc.get_freeze_count() >= before + len(made)
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_outside_a_build_a_paused_block_spares_nothing():
    before = gc.get_freeze_count()
    made = _made_in_a_paused_block()
    assert len(made) == 5_000
    assert gc.get_freeze_count() == before == 0
    assert gc.isenabled()


def test_a_paused_block_after_the_build_spares_nothing_even_when_the_build_failed():
    with pytest.raises(RuntimeError), collector_spares_what_exists():
        raise RuntimeError("a stage failed")
    assert gc.get_freeze_count() == 0
    _made_in_a_paused_block()
    assert gc.get_freeze_count() == 0


def test_the_collector_resumes_as_it_was_found():
    gc.disable()
    try:
        with collector_spares_what_exists():
            _made_in_a_paused_block()
            assert not gc.isenabled()
    finally:
        gc.enable()
