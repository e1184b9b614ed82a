"""Progress and verbosity: bars per stage on a terminal only, --quiet, --verbose, and the
build report that --report-json writes."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

from communique.bench.run import CHECKS
from communique.cli import main
from communique.progress import Stages
from corpus_helpers import ARTICLE_A, write_corpus

STAGES = {"read", "extract", "resolve", "tables", "ids", "validate", "publish", "total"}
BAR = "━"  # what rich draws a bar with


def test_stages_time_each_block_and_track_every_item():
    stages = Stages(show=True)
    with stages:
        with stages.stage("extract", 3) as done:
            for _ in "abc":
                done()
        with stages.stage("resolve"):
            pass
    assert set(stages.timings) == {"extract", "resolve"}
    assert all(seconds >= 0 for seconds in stages.timings.values())


def test_report_json_has_counts_timings_and_the_version_decision(invented_corpus, tmp_path, capsys):
    out, summary = tmp_path / "package", tmp_path / "reports" / "build.json"
    assert (
        main(["build", str(invented_corpus), "--out", str(out), "--report-json", str(summary)]) == 0
    )
    report = json.loads(summary.read_text(encoding="utf-8"))
    assert report["status"] == "published"
    assert (report["version"], report["version_decision"], report["previous_version"]) == (
        "1.0.0",
        "initial",
        None,
    )
    tables = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    rows = {t["name"]: len((out / t["path"]).read_text().splitlines()) - 1 for t in tables}
    assert report["counts"] == rows
    timings = report["timings_seconds"]
    assert {stage for stage in timings if "." not in stage} == STAGES
    # and each check of validation, within the stage's time
    checks = {name.removeprefix("validate."): s for name, s in timings.items() if "." in name}
    assert set(checks) == set(CHECKS)
    assert 0 < sum(checks.values()) <= timings["validate"] + 0.01  # (each rounded to 1 ms)
    assert report["errors"] == [] and report["articles"] == 2
    capsys.readouterr()

    assert (
        main(["build", str(invented_corpus), "--out", str(out), "--report-json", str(summary)]) == 0
    )
    again = json.loads(summary.read_text(encoding="utf-8"))
    assert (again["version"], again["version_decision"], again["previous_version"]) == (
        "1.0.0",
        "none",
        "1.0.0",
    )


def test_report_json_lists_the_errors_when_nothing_is_published(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "articles", {"good": ARTICLE_A, "empty": ""})
    summary = tmp_path / "build.json"
    code = main(["build", str(corpus), "--out", str(tmp_path / "p"), "--report-json", str(summary)])
    assert code == 1
    report = json.loads(summary.read_text(encoding="utf-8"))
    assert report["status"] == "not published"
    assert any("empty.txt" in error and "empty file" in error for error in report["errors"])
    assert "version" not in report
    assert not (tmp_path / "p").exists()


def test_quiet_prints_nothing_on_success_and_verbose_prints_more(invented_corpus, tmp_path, capsys):
    out = tmp_path / "package"
    assert main(["build", str(invented_corpus), "--out", str(out), "--quiet"]) == 0
    printed = capsys.readouterr()
    assert (printed.out, printed.err) == ("", "")
    assert main(["build", str(invented_corpus), "--out", str(out), "--verbose"]) == 0
    printed = capsys.readouterr()
    assert "people: 3 rows" in printed.err
    assert "timings: read" in printed.err and "extract" in printed.err


def _run(command: list[str], terminal: bool) -> str:
    """What the command writes to stderr, through a pseudo-terminal or a pipe."""
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100")
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=300) == 0
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_bars_on_a_terminal_and_none_in_a_pipe(invented_corpus, tmp_path):
    command = [sys.executable, "-m", "communique.cli", "build", str(invented_corpus), "--out"]
    on_terminal = _run([*command, str(tmp_path / "tty")], terminal=True)
    assert BAR in on_terminal
    for stage in STAGES - {"total"}:
        assert stage in on_terminal
    in_pipe = _run([*command, str(tmp_path / "pipe")], terminal=False)
    assert BAR not in in_pipe and "\x1b[" not in in_pipe


def test_a_build_without_bars_does_not_import_rich(invented_corpus, tmp_path):
    """Rich draws the bars alone: a build that draws none (--quiet, or not on a terminal)
    does without its 0.05 s of imports."""
    code = (
        "import sys\n"
        "from communique.cli import main\n"
        f"code = main(['build', {str(invented_corpus)!r}, '--out', {str(tmp_path / 'p')!r},"
        " '--no-cache', '--quiet'])\n"
        "assert code == 0, code\n"
        "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.strip() == "[]", done.stdout
