"""Entry points for people and CI: build, validate, tests, lint, evaluate, release, report.

python3 -m pip install nox     # once
nox -s build                   # articles/ -> datapackage/
nox -s tests                   # the test suite
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["lint", "tests", "validate"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"


def _install(session: nox.Session, extras: str = "") -> None:
    session.install("-e", f".{extras}")


@nox.session
def build(session: nox.Session) -> None:
    """Regenerate datapackage/ from articles/ (or: nox -s build -- ARTICLES_DIR --out DIR)."""
    _install(session)
    session.run("communique", "build", *session.posargs)


@nox.session
def validate(session: nox.Session) -> None:
    """Validate the committed package: Frictionless and Pandera, every check, every row."""
    _install(session)
    session.run("communique", "validate", "datapackage", "--articles", "articles")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite."""
    _install(session, "[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", "build", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "build", "tests", "noxfile.py")


@nox.session
def evaluate(session: nox.Session) -> None:
    """Build the dev corpus (and the seeds) into a scratch folder and score them."""
    if not (EVAL / "score.py").exists():
        session.skip(f"{EVAL} is absent: the evaluation corpus lives beside the project")
    _install(session)
    scratch = Path(tempfile.mkdtemp(prefix="communique-eval-"))
    try:
        for corpus, articles, gold in (
            ("seeds", ROOT / "articles", EVAL / "seeds" / "gold.yaml"),
            ("dev", EVAL / "dev" / "articles", EVAL / "dev" / "gold.yaml"),
        ):
            out = scratch / corpus
            session.run("communique", "build", str(articles), "--out", str(out), silent=True)
            session.log(f"--- {corpus}: {articles}")
            session.run(
                "python",
                str(EVAL / "score.py"),
                "--gold",
                str(gold),
                "--package",
                str(out / "datapackage.json"),
                *session.posargs,
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@nox.session
def release(session: nox.Session) -> None:
    """Validate, refuse when datapackage/ is stale, and write dist/<name>-<version>.zip,
    .sqlite (with its Datasette metadata) and -parquet.zip."""
    _install(session, "[outputs]")
    session.run("communique", "validate", "datapackage", "--articles", "articles")
    session.run("communique", "check-fresh", "articles", "datapackage")
    session.run("communique", "release", "datapackage", "--dist", "dist")


@nox.session
def report(session: nox.Session) -> None:
    """Write the HTML report of datapackage/ into site/ (or: nox -s report -- PACKAGE --out DIR)."""
    _install(session, "[outputs]")
    args = session.posargs or ["datapackage", "--articles", "articles", "--out", "site"]
    session.run("communique", "report", *args)


@nox.session
def bench(session: nox.Session) -> None:
    """Build invented corpora cold, warm, unchanged and with one article added, against the
    floor of reading the files (nox -s bench -- 1000 10000 --repeat 3)."""
    _install(session)
    session.run("communique", "bench", *session.posargs)


@nox.session(name="version_gate")
def version_gate(session: nox.Session) -> None:
    """Fail when the data changed since the previous commit but the version did not."""
    _install(session)
    previous = Path(tempfile.mkdtemp(prefix="communique-prev-"))
    try:
        archive = previous / "prev.tar"
        ok = session.run(
            "git",
            "archive",
            "--output",
            str(archive),
            "HEAD~1",
            "datapackage",
            external=True,
            success_codes=[0, 128],
            silent=True,
        )
        if not archive.exists() or archive.stat().st_size == 0 or ok is False:
            session.skip("no previous commit with a datapackage/ to compare with")
        shutil.unpack_archive(str(archive), str(previous))
        session.run("communique", "check-version", str(previous / "datapackage"), "datapackage")
    finally:
        shutil.rmtree(previous, ignore_errors=True)
