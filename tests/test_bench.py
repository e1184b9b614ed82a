"""The benchmark: invented corpora that are the same on every machine and grow like news,
the peak memory of a process tree, and a whole benchmark run on a tiny corpus."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter

from communique.bench.corpus import article_text, world, write_corpus
from communique.bench.measure import run_measured
from communique.bench.run import RUNS, bench, build_environment
from communique.read import read_corpus


def test_an_article_depends_on_its_seed_and_number_only(tmp_path):
    assert article_text(3, 17) == article_text(3, 17)
    assert article_text(3, 17) != article_text(4, 17)
    small, large = write_corpus(tmp_path / "small", 5, 3), write_corpus(tmp_path / "large", 8, 3)
    assert [p.read_bytes() for p in small] == [p.read_bytes() for p in large[:5]]
    more = write_corpus(tmp_path / "large", 1, 3, start=8)
    assert more[0].name == "g0000008.txt"


def test_generated_articles_read_cleanly(tmp_path):
    folder = tmp_path / "articles"
    write_corpus(folder, 40, seed=2)
    articles, problems = read_corpus(folder)
    assert len(articles) == 40 and problems == []
    assert all(a.published and a.source and a.body_start > 0 for a in articles)


def test_officials_recur_and_newcomers_keep_coming():
    texts = [article_text(1, n) for n in range(300)]
    officials = {t.person.name for terms in world(1).terms.values() for t in terms}
    assert 150 * len(world(1).terms) < len(officials) < 500 * len(world(1).terms)
    named = Counter(
        name for text in texts for name in set(re.findall(r"[A-Z][a-z]+ [A-Z][a-z]+", text))
    )
    recurring = [name for name in officials if named[name] >= 3]
    assert len(recurring) >= 10
    newcomers = [name for name in named if name not in officials and named[name] == 1]
    assert len(newcomers) >= 50


def test_peak_memory_counts_the_workers_a_process_starts():
    child = "b = bytearray(120 * 2**20); import time; time.sleep(1.0)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    measured = run_measured([sys.executable, "-c", parent])
    assert measured.returncode == 0
    assert measured.peak_bytes > 120 * 2**20


def test_the_builds_timed_keep_their_bytecode_as_python_does_by_default():
    """A build timed runs as after a user's first: it does not compile the package again
    because the bench's own environment says not to keep bytecode."""
    environ = {"PATH": "/usr/bin", "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"}
    assert build_environment(environ) == {"PATH": "/usr/bin", "LANG": "C.UTF-8"}
    assert environ["PYTHONDONTWRITEBYTECODE"] == "1"  # the bench's own is left alone
    # and the command measured gets the environment it is given
    probe = "import os, sys; sys.exit(3 if 'PYTHONDONTWRITEBYTECODE' in os.environ else 4)"
    env = {**build_environment(), "PYTHONDONTWRITEBYTECODE": "1"}
    assert run_measured([sys.executable, "-c", probe], env=env).returncode == 3
    assert run_measured([sys.executable, "-c", probe], env=build_environment()).returncode == 4


def test_a_whole_benchmark_on_a_tiny_corpus(tmp_path):
    text = bench([3], tmp_path, seed=4, repeat=1, jobs=2)
    for run in RUNS:
        assert f"| 3 | {run} |" in text
    assert "| 3 | floor |" in text
    # every check of validation is timed: its seconds and share of all checks', per run
    checks = [
        line
        for line in text.splitlines()[
            next(n for n, line in enumerate(text.splitlines()) if line.startswith("validation,")) :
        ]
        if line.startswith("| 3 |")
    ]
    assert [line.split(" | ")[1] for line in checks] == [r for r in RUNS if r != "unchanged"]
    for line in checks:
        shares = [int(s) for s in re.findall(r"\((\d+)%\)", line)]
        assert len(shares) == 10 and 95 <= sum(shares) <= 105, line
    # the article added is the only change: the package keeps its name and title
    cold = json.loads((tmp_path / "3" / "package-0" / "datapackage.json").read_text())
    grown = json.loads((tmp_path / "3" / "plus-0" / "package" / "datapackage.json").read_text())
    assert (grown["name"], grown["title"]) == (cold["name"], cold["title"])
    assert grown["sources"] == cold["sources"]
    # it was added to the corpus folder, as a user adds one, and taken out afterwards
    assert len(list((tmp_path / "3" / "articles").glob("*.txt"))) == 3
    assert grown["resources"] != cold["resources"]
