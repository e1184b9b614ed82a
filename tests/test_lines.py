"""The lines two versions of a file share at their ends."""

from __future__ import annotations

import random

from communique.lines import common_ends


def _slow(old: list[bytes], new: list[bytes]) -> tuple[int, int]:
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail


def test_the_runs_at_both_ends_never_overlap():
    assert common_ends([], []) == (0, 0)
    assert common_ends([b"a", b"b"], [b"a", b"b"]) == (2, 0)  # all at the head
    assert common_ends([b"a", b"b", b"a"], [b"a"]) == (1, 0)  # not counted twice
    assert common_ends([b"x", b"b"], [b"y", b"b"]) == (0, 1)
    assert common_ends([b"a", b"b", b"c"], [b"a", b"x", b"y", b"c"]) == (1, 1)


def test_common_ends_are_the_first_unequal_lines_from_each_end():
    rng = random.Random(5)
    for _ in range(500):
        old = [rng.choice(b"abc").to_bytes(1, "big") for _ in range(rng.randint(0, 8))]
        new = [rng.choice(b"abc").to_bytes(1, "big") for _ in range(rng.randint(0, 8))]
        assert common_ends(old, new) == _slow(old, new), (old, new)
