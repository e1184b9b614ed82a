"""Last stage: put a built package in place so that, at every instant, the target folder
holds either the complete old package or the complete new one.

On Linux the two folders are swapped in one ``renameat2(RENAME_EXCHANGE)`` call; elsewhere
the old folder is renamed aside and the new one renamed in, and a run that finds the
target missing restores the aside copy first.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class PublishError(Exception):
    """The package could not be published where asked; the message names the folder."""


def _previous(target: Path) -> Path:
    return target.parent / f".{target.name}.previous"


def recover(target: Path) -> None:
    """Undo what an interrupted publish left: restore the old package, drop stale folders."""
    previous = _previous(target)
    if previous.exists() and not target.exists():
        os.rename(previous, target)
    elif previous.exists():
        shutil.rmtree(previous, ignore_errors=True)
    for stale in target.parent.glob(f".{target.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def staging_dir(target: Path) -> Iterator[Path]:
    """A fresh folder beside ``target`` (same file system) to build into; removed on error."""
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PublishError(f"cannot create {parent}: {error.strerror}") from error
    if not os.access(parent, os.W_OK):
        raise PublishError(f"{parent} is not writable: cannot publish {target.name} there")
    if target.exists() and not target.is_dir():
        raise PublishError(f"{target} exists and is not a folder")
    recover(target.resolve())
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=parent))
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False when the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def publish(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` in one step; ``staging`` is consumed."""
    target = target.resolve()
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old package
        return
    previous = _previous(target)
    if previous.exists():
        shutil.rmtree(previous)
    os.rename(target, previous)
    os.rename(staging, target)
    shutil.rmtree(previous, ignore_errors=True)
