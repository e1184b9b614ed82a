"""The local engine's worker processes."""

from __future__ import annotations

import gc

from communique.engines import Engine, run


def _frozen_objects(_: int) -> int:
    return gc.get_freeze_count()


def _square(n: int) -> int:
    return n * n


def test_workers_keep_the_collector_off_what_they_started_with():
    found = dict(run(Engine(jobs=2), _frozen_objects, list(range(4))))
    assert sorted(found) == [0, 1, 2, 3]
    assert all(count > 1000 for count in found.values())  # the modules, at least


def test_workers_give_every_result_under_its_item():
    items = list(range(50))
    assert sorted(run(Engine(jobs=2), _square, items)) == [(n, n * n) for n in items]
