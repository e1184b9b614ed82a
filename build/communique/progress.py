"""How a build tells people and scripts what it is doing: a progress bar per stage on a
terminal (none when output goes to a file or a pipe), the time each stage took, and the
build report that ``--report-json`` writes (counts, warnings, errors, timings, version)."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # rich is imported only to draw bars (0.05 s a build need not spend)
    from rich.progress import Progress


def is_terminal(stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (default: standard error as it is now, not as it was at import,
    which a test harness or a caller may have replaced and closed since) is a terminal."""
    return (stream or sys.stderr).isatty()


class Stages:
    """Times each stage of a build and, when ``show`` is set, draws a bar for it on stderr.
    Use it as a context manager around the build so the bars are cleaned up."""

    def __init__(self, show: bool = False) -> None:
        self.timings: dict[str, float] = {}
        self._bars: Progress | None = _bars() if show else None

    def __enter__(self) -> Stages:
        if self._bars is not None:
            self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bars is not None:
            self._bars.stop()

    @contextmanager
    def stage(self, name: str, total: int = 1) -> Iterator[Callable[[], None]]:
        """Time the block as stage ``name``; the block calls the yielded function once per
        item done (a stage of one step needs not call it)."""
        task = self._bars.add_task(name, total=total) if self._bars is not None else None

        def advance() -> None:
            if task is not None and self._bars is not None:
                self._bars.advance(task)

        try:
            with timed(self.timings, name):
                yield advance
        finally:
            if task is not None and self._bars is not None:
                self._bars.update(task, completed=total)


def _bars() -> Progress:
    """The progress bars a build draws on a terminal, one per stage."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description:<9}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    )


@contextmanager
def timed(timings: dict[str, float] | None, name: str) -> Iterator[None]:
    """Add the block's seconds to ``timings[name]`` (rounded to the millisecond; nothing is
    timed without ``timings``): a stage's, or a part's of a stage, which has no bar."""
    start = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[name] = round(timings.get(name, 0) + time.perf_counter() - start, 3)


def build_summary(
    articles_dir: Path,
    out_dir: Path,
    timings: dict[str, float],
    report: Any = None,
    problems: list[Any] | None = None,
    errors: list[str] | None = None,
) -> dict[str, Any]:
    """The build report as JSON-ready data. ``report`` is the pipeline's BuildReport when the
    build published; ``problems`` the input problems (from the report or from the error);
    ``errors`` any further reasons nothing was published (validation, output folder)."""
    problems = list(report.problems if report is not None else problems or [])
    input_errors = [str(p) for p in problems if p.severity == "error"]
    summary: dict[str, Any] = {
        "status": "published" if report is not None else "not published",
        "articles_dir": str(articles_dir),
        "out": str(out_dir),
        "errors": input_errors + list(errors or []),
        "warnings": [str(p) for p in problems if p.severity == "warning"],
        "timings_seconds": timings,
    }
    if report is not None:
        summary |= {
            "articles": report.articles,
            "skipped": report.skipped,
            "version": report.version,
            "previous_version": report.previous_version,
            "version_decision": report.level,
            "counts": report.counts,
            "id_notes": report.id_notes,
        }
    return summary


def write_json(path: Path, summary: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(summary, indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
