"""Where a build may publish. Publishing replaces the whole output folder, so a build only
ever writes to a folder that is missing, empty, or holds a previous Communique package and
nothing else; anything else there would be lost. Every refusal names the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

from communique.errors import UsageError
from communique.model import TABLE_NAMES

#: Files a package folder holds besides its resources (whose paths its descriptor gives).
PACKAGE_FILES = ("datapackage.json", "CHANGELOG.md")


def package_files(folder: Path) -> set[Path] | None:
    """The files of the Communique package in ``folder``, or None when its descriptor is not
    one (missing, unreadable, or not describing every Communique table)."""
    try:
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        return None
    paths = {r.get("name"): r.get("path") for r in resources if isinstance(r, dict)}
    if not all(isinstance(paths.get(table), str) for table in TABLE_NAMES):
        return None
    return {folder / name for name in PACKAGE_FILES} | {
        folder / path for path in paths.values() if isinstance(path, str)
    }


def _foreign_entries(folder: Path, owned: set[Path]) -> list[str]:
    """Entries under ``folder`` that are not the package's files or the folders holding them."""
    keep = owned | {parent for path in owned for parent in path.parents}
    return sorted(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if path not in keep
    )


def _repository_of(folder: Path) -> Path | None:
    """The git work tree ``folder`` lies in, if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _is_within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def refusal(out: Path, corpus: Path) -> str | None:
    """Why a build of ``corpus`` must not publish to ``out``, or None when it may."""
    target, articles = out.resolve(), corpus.resolve()
    if target.parent == target:
        return "it is a filesystem root"
    if target == articles:
        return "it is the corpus itself"
    if _is_within(articles, target):
        return f"it contains the corpus {corpus}"
    if _is_within(target, articles):
        return f"it is inside the corpus {corpus}"
    repository = _repository_of(Path.cwd().resolve())
    if repository is not None and _is_within(repository, target):
        return f"it contains the repository {repository}"
    if not target.exists():
        return None
    if not target.is_dir():
        return "it exists and is not a folder"
    if (target / ".git").exists():
        return "it holds a git repository"
    if not any(target.iterdir()):
        return None
    owned = package_files(target)
    if owned is None:
        return "it is not empty and holds no Communique package"
    foreign = _foreign_entries(target, owned)
    if foreign:
        shown = ", ".join(foreign[:3]) + (
            f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        )
        return f"it holds files that are not part of its package ({shown})"
    return None


def check_output_folder(out: Path, corpus: Path) -> None:
    """Raise a ``UsageError`` saying why when publishing to ``out`` could destroy anything."""
    reason = refusal(out, corpus)
    if reason is not None:
        raise UsageError(f"will not publish to {out}: {reason}; nothing was written")
