"""Release archives: ``dist/<name>-<version>.zip`` with its sha256, byte-identical for the
same package; and reading a package back from a folder, a descriptor, a zip or a version.

The archive is a Data Package as Frictionless reads it: ``datapackage.json`` at the root,
the tables under ``data/``, the changelog, and a dataset card (``README.md``) written for
the people who load the data.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from communique.card import render_card
from communique.errors import PackageError, UsageError
from communique.package import Package, read_package

_EPOCH = (1980, 1, 1, 0, 0, 0)
CARD = "README.md"
CHANGELOG = "CHANGELOG.md"


def release_members(package: Package, quality: dict[str, Any] | None) -> list[tuple[str, bytes]]:
    """(name in the archive, content) of every member, in a fixed order."""
    directory = package.directory
    members = [("datapackage.json", (directory / "datapackage.json").read_bytes())]
    for resource in package.descriptor.get("resources", []):
        members.append((resource["path"], (directory / resource["path"]).read_bytes()))
    if (directory / CHANGELOG).exists():
        members.append((CHANGELOG, (directory / CHANGELOG).read_bytes()))
    counts = {name: len(rows) for name, rows in package.tables.items()}
    card = render_card(package.descriptor, counts, quality)
    members.append((CARD, card.encode("utf-8")))
    return sorted(members)


def make_release(
    package_dir: Path, dist_dir: Path, quality: dict[str, Any] | None = None
) -> tuple[Path, Path]:
    """Write the zip and its ``.sha256`` file; same inputs, same bytes."""
    package = read_package(package_dir)
    name = f"{package.descriptor['name']}-{package.descriptor['version']}"
    dist_dir.mkdir(parents=True, exist_ok=True)
    target = dist_dir / f"{name}.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for arcname, content in release_members(package, quality):
            info = zipfile.ZipInfo(arcname, date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=9)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    checksum = target.with_name(target.name + ".sha256")
    checksum.write_text(f"{digest}  {target.name}\n", encoding="utf-8")
    return target, checksum


def read_quality(path: Path) -> dict[str, Any] | None:
    """The measured extraction quality (``nox -s evaluate`` writes it), when there is one."""
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"{path}: not valid JSON ({error})") from error


def _read_zip(path: Path) -> Package:
    with tempfile.TemporaryDirectory(prefix="communique-release-") as scratch:
        try:
            with zipfile.ZipFile(path) as archive:
                archive.extractall(scratch)
        except (zipfile.BadZipFile, OSError) as error:
            raise PackageError(f"{path}: not a readable zip ({error})") from error
        descriptors = sorted(Path(scratch).rglob("datapackage.json"), key=lambda p: len(p.parts))
        if not descriptors:
            raise PackageError(f"{path}: no datapackage.json inside")
        package = read_package(descriptors[0])
    return Package(package.descriptor, package.tables, path)


def load_package_ref(ref: str, dist_dir: Path) -> Package:
    """A package from a folder, a datapackage.json, a release zip or a version (``1.2.0``,
    looked up as ``dist/*-1.2.0.zip``)."""
    path = Path(ref)
    if not path.exists():
        found = sorted(dist_dir.glob(f"*-{ref}.zip"))
        if not found:
            raise UsageError(f"{ref}: no such package folder, file, or release in {dist_dir}")
        path = found[-1]
    if path.suffix == ".zip":
        return _read_zip(path)
    if path.is_dir() and not (path / "datapackage.json").is_file():
        raise UsageError(f"{ref}: a folder without a datapackage.json")
    return read_package(path)
