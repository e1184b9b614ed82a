"""The benchmark: for each corpus size N, invented articles built as a user builds them,
each run a fresh ``communique build`` process timed from start to exit:

- ``cold``: nothing cached, no package yet;
- ``warm``: extraction cached (by the cold build), no package yet;
- ``rebuild``: the cold build's package rebuilt with nothing changed — it runs in full
  (with the cache), finds nothing to change, and records that;
- ``unchanged``: the same again, now recognised as unable to change anything;
- ``add one``: the package of N articles, one new article added to the corpus.

Each run kind is repeated (``--repeat``, medians reported), each repeat with a cache and
package of its own; every run's output is compared with the cold build's, byte for byte
(the added article's, with a cache-less build of the same corpus onto the same package).
The floor, measured in the same run, is reading every article and running one regular
expression over it.

Each build runs as Python runs a program by default: the modules it compiles are kept
(``__pycache__``) for the next run, as they are after a user's first build. An environment
that sets ``PYTHONDONTWRITEBYTECODE`` (as the project's development machines do) would
have every build compile the package again: 0.17 s of one article added to 10,000 (4.24
against 4.06 s, medians of 4 alternating rounds). The builds run without it
(``build_environment``).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from communique.bench.corpus import article_name, write_corpus
from communique.bench.measure import Measurement, floor_seconds, run_measured

RUNS = ("cold", "warm", "rebuild", "unchanged", "add one")
STAGES = ("read", "extract", "resolve", "tables", "ids", "validate", "publish")
#: validation's checks, as a build's report times them (``validate.validate_build``)
CHECKS = (
    "read",
    "descriptor",
    "file_hashes",
    "new_rows",
    "frictionless_rows",
    "types",
    "pandera",
    "foreign_keys",
    "cross_table",
    "mention_slices",
)


class BenchError(Exception):
    """A build failed, or gave other bytes than it should."""


@dataclass
class Result:
    size: int
    run: str
    measurements: list[Measurement] = field(default_factory=list)
    timings: list[dict[str, float]] = field(default_factory=list)  # per stage, per repeat

    @property
    def seconds(self) -> float:
        return statistics.median(m.seconds for m in self.measurements)

    @property
    def peak_bytes(self) -> int:
        return int(statistics.median(m.peak_bytes for m in self.measurements))

    def stage(self, name: str) -> float:
        return statistics.median(t.get(name, 0.0) for t in self.timings)


def build_environment(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment of the builds timed: this one, but with Python keeping the
    bytecode it compiles (``PYTHONDONTWRITEBYTECODE`` removed)."""
    return {name: value for name, value in environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    return path


class _Builds:
    """Runs ``communique build`` processes and keeps what each measured."""

    def __init__(self, jobs: int, results: dict[str, Result], size: int) -> None:
        self.jobs, self.results, self.size = jobs, results, size

    def run(self, kind: str, articles: Path, out: Path, cache: Path | None) -> None:
        report = out.parent / f"{out.name}-{kind.replace(' ', '-')}.json"
        command = [sys.executable, "-m", "communique.cli", "build", str(articles)]
        command += ["--out", str(out), "--jobs", str(self.jobs), "--quiet"]
        command += ["--cache", str(cache)] if cache else ["--no-cache"]
        measured = run_measured([*command, "--report-json", str(report)], env=build_environment())
        summary = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
        if measured.returncode != 0 or summary.get("status") != "published":
            raise BenchError(f"{kind} build of {articles} failed: {summary.get('errors')}")
        result = self.results.setdefault(kind, Result(self.size, kind))
        result.measurements.append(measured)
        result.timings.append(summary.get("timings_seconds", {}))


def bench_size(
    size: int, work: Path, seed: int, repeat: int, jobs: int, verify: bool
) -> tuple[dict[str, Result], float]:
    """Every run kind for a corpus of ``size`` articles, and the floor's seconds."""
    folder = work / str(size)
    articles = folder / "articles"
    if len(list(articles.glob("*.txt"))) != size:
        write_corpus(_fresh(articles), size, seed)
    floor = statistics.median(floor_seconds(articles) for _ in range(repeat))
    results: dict[str, Result] = {}
    builds = _Builds(jobs, results, size)
    for n in range(repeat):
        cache, out = _fresh(folder / f"cache-{n}"), _fresh(folder / f"package-{n}")
        builds.run("cold", articles, out, cache)
        cold = _files(out)
        warm = _fresh(folder / f"warm-{n}")
        builds.run("warm", articles, warm, cache)
        builds.run("rebuild", articles, out, cache)
        builds.run("unchanged", articles, out, cache)
        if not _files(warm) == _files(out) == cold:
            raise BenchError(f"N={size}: warm or rebuilt package differs from the cold one")
        plus = _fresh(folder / f"plus-{n}")
        shutil.copytree(out, plus / "package")
        # into the corpus folder, as a user adds an article (then taken out again: the
        # corpus is the same for the next run)
        added = write_corpus(articles, 1, seed, start=size + n)
        try:
            builds.run("add one", articles, plus / "package", cache)
            if verify and n == 0:
                shutil.copytree(out, plus / "check")
                builds.run("check", articles, plus / "check", None)
                if _files(plus / "check") != _files(plus / "package"):
                    raise BenchError(
                        f"N={size}: adding {article_name(size)} with the cache differs"
                    )
                results.pop("check")
        finally:
            for path in added:
                path.unlink()
    return results, floor


def table(rows: list[tuple[dict[str, Result], float]], repeat: int, load: str) -> str:
    """The figures as a Markdown table: medians of ``repeat`` runs."""
    lines = [
        f"medians of {repeat} run(s); load average at the start: {load}",
        "",
        "| N | run | seconds | articles/s | peak memory | × floor |",
        "|---|---|---|---|---|---|",
    ]
    for results, floor in rows:
        for kind in RUNS:
            result = results[kind]
            rate = result.size / result.seconds if kind in ("cold", "warm") else None
            lines.append(
                f"| {result.size:,} | {kind} | {result.seconds:.2f} | "
                f"{f'{rate:,.0f}' if rate else '—'} | {result.peak_bytes / 2**20:,.0f} MB | "
                f"{result.seconds / floor:,.0f} |"
            )
        lines.append(f"| {results['cold'].size:,} | floor | {floor:.3f} | — | — | 1 |")
    lines += ["", "seconds per stage (medians):", ""]
    lines.append("| N | run | " + " | ".join(STAGES) + " |")
    lines.append("|---|---|" + "---|" * len(STAGES))
    for results, _ in rows:
        for kind in RUNS:
            result = results[kind]
            stages = " | ".join(f"{result.stage(s):.2f}" for s in STAGES)
            lines.append(f"| {result.size:,} | {kind} | {stages} |")
    lines += [
        "",
        "validation, seconds per check (medians; each check's share of their sum: after a "
        "validated package they run beside the build, and the validate stage is only what "
        "the build waited for them):",
        "",
    ]
    lines.append("| N | run | " + " | ".join(c.replace("_", " ") for c in CHECKS) + " |")
    lines.append("|---|---|" + "---|" * len(CHECKS))
    for results, _ in rows:
        for kind in RUNS:
            result = results[kind]
            total = sum(result.stage(f"validate.{c}") for c in CHECKS)
            if not total:
                continue  # not validated: a build that could change nothing was not run
            checks = " | ".join(
                f"{result.stage(f'validate.{c}'):.2f} ({result.stage(f'validate.{c}') / total:.0%})"
                for c in CHECKS
            )
            lines.append(f"| {result.size:,} | {kind} | {checks} |")
    return "\n".join(lines)


def bench(
    sizes: list[int], work: Path, seed: int = 1, repeat: int = 3, jobs: int = 1, verify: bool = True
) -> str:
    """Run the benchmark for every size; the table of figures."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    rows = [bench_size(size, work, seed, repeat, jobs, verify) for size in sizes]
    return table(rows, repeat, load)
