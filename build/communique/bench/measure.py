"""Timing a command as a user waits for it: wall-clock seconds, and the peak memory of the
process together with every process it starts (extraction workers included), sampled
from ``/proc`` (proportional set size, so pages the workers share with their parent are
counted once). And the floor any build must pay: reading the files."""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

#: A sample reads every process's ``smaps_rollup``, which the kernel makes by walking the
#: process's page tables (10 ms for a process of 770 MB). Sampled every 0.05 s, one article
#: added to 10,000 took 5.74 s against 5.36 unsampled (medians of 6 alternating rounds):
#: the sampling took CPU and page-table locks from the build it measured. Every 0.5 s it
#: took 5.40 s, with the same peak (684 MB against 686).
_SAMPLE_SECONDS = 0.5
_FLOOR_PATTERN = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")  # runs of capitalised words


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_bytes: int  # of the whole process tree
    returncode: int
    cpu_seconds: float  # user + system time of the process and the children it waited for


def _children() -> dict[int, list[int]]:
    """Every process's children, from each process's parent id."""
    found: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        found.setdefault(int(fields[1]), []).append(int(entry.name))
    return found


def _memory(pid: int) -> int:
    """A process's proportional set size in bytes (its resident size where PSS is hidden)."""
    for name, key in (("smaps_rollup", b"Pss:"), ("status", b"VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}", "rb") as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1]) * 1024
        except OSError:
            continue
    return 0


def tree_memory(root: int) -> int:
    """The memory of ``root`` and all its descendants."""
    children, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _memory(pid)
        todo += children.get(pid, [])
    return total


def run_measured(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> Measurement:
    """Run ``command`` (its output discarded; ``env``: its environment, else this
    process's) and measure it."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_memory(process.pid))
            stop.wait(_SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    own_peak = usage.ru_maxrss * 1024  # the largest single process, exact (Linux: KiB)
    return Measurement(
        round(seconds, 3),
        max(peak, own_peak),
        process.returncode,
        round(usage.ru_utime + usage.ru_stime, 3),
    )


def floor_seconds(folder: Path) -> float:
    """What every build pays at least: read each article file, decode it and run one
    regular expression over it."""
    start = time.perf_counter()
    for path in sorted(folder.rglob("*.txt")):
        _FLOOR_PATTERN.findall(path.read_bytes().decode("utf-8"))
    return time.perf_counter() - start
