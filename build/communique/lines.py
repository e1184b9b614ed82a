"""Two versions of a table's file, line by line: how many first and last lines they have
in common. A build rewrites every table when one article is added, and most lines come
out as they were: the diff of the two releases (``diff``) and validation's search for the
rows a validated package did not have (``validate``) look only at the lines between."""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from itertools import compress, count


def common_ends(old: Sequence[bytes], new: Sequence[bytes]) -> tuple[int, int]:
    """How many first lines ``old`` and ``new`` have in common, and how many last lines
    after those: the first unequal pair from each end, found by C iterators alone (the
    lines themselves are not hashed). The two runs never overlap: together they are at
    most the shorter list."""
    head = _first_unequal(map(operator.ne, old, new), min(len(old), len(new)))
    rest = min(len(old), len(new)) - head
    tail = _first_unequal(map(operator.ne, reversed(old[head:]), reversed(new[head:])), rest)
    return head, tail


def _first_unequal(unequal: Iterator[bool], length: int) -> int:
    """The position of the first true value of ``unequal``, else ``length``."""
    return next(compress(count(), unequal), length)
