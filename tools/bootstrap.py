#!/usr/bin/env python3
"""Set up Communique once, on a stock system: check that this Python is recent enough, make
``.venv/`` and install nox into it, at the version ``requirements.lock`` pins.

    python3 tools/bootstrap.py
    .venv/bin/nox -s build

Everything goes into ``.venv/``, so it works where pip may not install into the system
Python ("externally managed", as on Debian 12 and Ubuntu 23.04 and later). The version
check comes first and the file avoids newer syntax, so that an old Python says clearly why
it cannot be used instead of failing later in pip's output.
"""

import os
import subprocess
import sys
from pathlib import Path

REQUIRED = (3, 11)
ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"


def fail(message):
    sys.stderr.write("bootstrap: " + message + "\n")
    sys.exit(1)


def nox_pin(lock):
    """The nox line of the lock file, e.g. ``nox==2024.10.9``."""
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line.lower().startswith("nox=="):
            return line.strip()
    fail(str(lock) + " pins no nox version: run `nox -s lock`")


def main():
    if sys.version_info < REQUIRED:
        fail(
            "Communique needs Python {}.{} or newer, and {} is {}.{}. Install a newer Python "
            "(e.g. apt install python3.11, or from python.org) and run this again with it: "
            "python3.11 tools/bootstrap.py".format(
                REQUIRED[0], REQUIRED[1], sys.executable, *sys.version_info[:2]
            )
        )
    pin = nox_pin(ROOT / "requirements.lock")
    python = VENV / ("Scripts" if os.name == "nt" else "bin") / "python"
    if not python.exists():
        print("making .venv/ with " + sys.executable, flush=True)
        made = subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=False)
        if made.returncode != 0:
            fail(
                "could not make a virtual environment. On Debian or Ubuntu the venv module is "
                "a package of its own: sudo apt install python3-venv, then run this again."
            )
    print("installing " + pin + " into .venv/", flush=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", pin],
        check=True,
    )
    print("ready. Next: .venv/bin/nox -s build   (the first session installs the project, once)")


if __name__ == "__main__":
    main()
