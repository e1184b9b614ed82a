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


def test_what_a_build_lets_go_of_meanwhile_is_freed_by_another_thread_by_the_blocks_end():
    import threading
    import weakref

    from communique.collector import released_meanwhile

    freed_by: list[str] = []

    class Made:
        def __del__(self) -> None:
            freed_by.append(threading.current_thread().name)

    made = Made()
    alive = weakref.ref(made)
    held: list[object] = [made, [Made() for _ in range(3)]]
    del made
    ran = threading.Event()
    with released_meanwhile(held):
        ran.set()  # the block runs while the thread lets go
    assert ran.is_set()
    assert alive() is None and held == []
    assert len(freed_by) == 4
    assert threading.main_thread().name not in freed_by


def test_a_process_that_ends_with_the_build_keeps_what_it_lets_go_of(monkeypatch):
    # ``cli.program`` says so: the objects are kept to the process's end, unfreed, and the
    # collector is stopped for the moments left
    import weakref

    from communique import collector

    class Made:
        pass

    made = Made()
    alive = weakref.ref(made)
    held: list[object] = [made, [Made() for _ in range(3)]]
    del made
    monkeypatch.setattr(collector, "_kept_until_the_end", None)
    collector.process_ends_with_the_build()
    try:
        with collector.released_meanwhile(held):
            assert not gc.isenabled()
        assert held == [] and alive() is not None
        assert collector._kept_until_the_end == [[alive(), collector._kept_until_the_end[0][1]]]
    finally:
        gc.enable()
