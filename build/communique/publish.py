"""Last stage: put a built package in place so that, at every instant, the target folder
holds either the complete old package or the complete new one.

The package is built in a staging folder beside the target (same file system, so a
rename moves it without copying). On Linux the two folders are then swapped in one
``renameat2(RENAME_EXCHANGE)`` call. Where that call is missing or refused, the old
folder is renamed aside (``.<name>.previous``) and the new one renamed in; a run killed
between those two renames leaves no target, and the next run's ``recover`` puts the old
package back before doing anything else. Leftover staging folders of killed runs are
removed the same way. One build at a time may publish to a given target.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from communique.errors import PublishError as PublishError

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _previous(target: Path) -> Path:
    return target.parent / f".{target.name}.previous"


def _staging_prefix(target: Path) -> str:
    return f".{target.name}.staging-"


def recover(target: Path) -> None:
    """Undo what an interrupted publish left beside ``target``.

    A package moved aside while ``target`` is missing is the last complete one: it goes
    back. A package moved aside while ``target`` exists is stale, as are staging folders.
    """
    previous = _previous(target)
    try:
        if previous.is_dir() and not target.exists():
            os.rename(previous, target)
        elif previous.exists():
            shutil.rmtree(previous)
    except OSError as error:
        raise PublishError(f"cannot recover {target} from {previous}: {error.strerror}") from error
    for stale in target.parent.glob(_staging_prefix(target) + "*"):
        shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def staging_dir(target: Path) -> Iterator[Path]:
    """A fresh folder beside ``target`` (same file system) to build into; removed on error.

    Checks first that ``target`` can be published at all, so a build fails early with a
    ``PublishError`` naming the folder rather than after all its work.
    """
    target = target.resolve()
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PublishError(f"cannot create {parent}: {error.strerror}") from error
    if not os.access(parent, os.W_OK | os.X_OK):
        raise PublishError(f"{parent} is not writable: cannot publish {target.name} there")
    if target.exists() and not target.is_dir():
        raise PublishError(f"{target} exists and is not a folder")
    recover(target)
    try:
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(target), dir=parent))
    except OSError as error:
        raise PublishError(f"cannot create a staging folder in {parent}: {error}") from error
    staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; the package is for everyone
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


@cache
def _renameat2() -> Callable[..., int] | None:
    """libc's renameat2, or None where the C library has none (not Linux, old glibc)."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return None
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
    except OSError:
        return None
    return getattr(libc, "renameat2", None)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one system call; False when the system cannot (then nothing moved)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _sync_folder(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (best effort: not every system allows it)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def publish(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging``, never leaving ``target`` partial; consumes ``staging``."""
    target = target.resolve()
    try:
        if not target.exists():
            os.rename(staging, target)  # first publish: nothing to keep whole
        elif _exchange(staging, target):
            shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old package
        else:
            previous = _previous(target)
            if previous.exists():
                shutil.rmtree(previous)
            os.rename(target, previous)
            try:
                os.rename(staging, target)
            except OSError:
                os.rename(previous, target)  # put the old package back before reporting
                raise
            shutil.rmtree(previous, ignore_errors=True)
    except OSError as error:
        raise PublishError(f"cannot publish {target}: {error.strerror or error}") from error
    _sync_folder(target.parent)
