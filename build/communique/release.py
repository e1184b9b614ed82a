"""Release archives: ``dist/<name>-<version>.zip`` with its sha256, byte-identical for the
same package; and reading a package back from a folder, a descriptor, a zip or a version."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from pathlib import Path

from communique.package import Package, PackageError, read_package

_EPOCH = (1980, 1, 1, 0, 0, 0)


def release_members(package_dir: Path, readme: Path) -> list[tuple[str, Path]]:
    members = [("datapackage.json", package_dir / "datapackage.json")]
    members += [(f"data/{p.name}", p) for p in sorted((package_dir / "data").glob("*.csv"))]
    if (package_dir / "CHANGELOG.md").exists():
        members.append(("CHANGELOG.md", package_dir / "CHANGELOG.md"))
    if readme.exists():
        members.append(("README.md", readme))
    return sorted(members)


def make_release(package_dir: Path, readme: Path, dist_dir: Path) -> tuple[Path, Path]:
    """Write the zip and its ``.sha256`` file; same inputs, same bytes."""
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    name = f"{descriptor['name']}-{descriptor['version']}"
    dist_dir.mkdir(parents=True, exist_ok=True)
    target = dist_dir / f"{name}.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for arcname, path in release_members(package_dir, readme):
            info = zipfile.ZipInfo(f"{name}/{arcname}", date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    checksum = target.with_name(target.name + ".sha256")
    checksum.write_text(f"{digest}  {target.name}\n", encoding="utf-8")
    return target, checksum


def load_package_ref(ref: str, dist_dir: Path) -> Package:
    """A package from a folder, a datapackage.json, a release zip or a version (``1.2.0``,
    looked up as ``dist/*-1.2.0.zip``)."""
    path = Path(ref)
    if not path.exists():
        found = sorted(dist_dir.glob(f"*-{ref}.zip"))
        if not found:
            raise PackageError(f"{ref}: no such package folder, file, or release in {dist_dir}")
        path = found[-1]
    if path.suffix == ".zip":
        scratch = Path(tempfile.mkdtemp(prefix="communique-release-"))
        with zipfile.ZipFile(path) as archive:
            archive.extractall(scratch)
        descriptors = sorted(scratch.rglob("datapackage.json"))
        if not descriptors:
            raise PackageError(f"{path}: no datapackage.json inside")
        return read_package(descriptors[0])
    return read_package(path)
