"""The release files analysts load, written beside the zip in ``dist/``:

- ``<name>-<version>.sqlite``: the database (tables, keys, indexes, convenience views);
- ``<name>-<version>.datasette.json``: its Datasette metadata;
- ``<name>-<version>-parquet.zip``: one Parquet file per table and ``views.sql`` for DuckDB;

each with a ``.sha256`` beside it. The same package gives the same bytes."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from communique.export.datasette import datasette_metadata
from communique.export.parquet import duckdb_script, parquet_bytes
from communique.export.sqlite import write_sqlite
from communique.model import TABLE_NAMES
from communique.package import read_package

_EPOCH = (1980, 1, 1, 0, 0, 0)


def write_checksum(path: Path) -> Path:
    """``<file>.sha256`` in the format ``sha256sum -c`` reads."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    checksum = path.with_name(path.name + ".sha256")
    checksum.write_text(f"{digest}  {path.name}\n", encoding="utf-8")
    return checksum


def write_zip(target: Path, members: dict[str, bytes]) -> Path:
    """A zip whose bytes depend only on the members: fixed dates and modes, sorted names."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, members[name], compresslevel=9)
    return target


def write_outputs(package_dir: Path, dist_dir: Path) -> list[Path]:
    """Write the SQLite database, its Datasette metadata and the Parquet zip, with their
    checksums; return every path written."""
    package = read_package(package_dir)
    descriptor = package.descriptor
    stem = f"{descriptor['name']}-{descriptor['version']}"
    dist_dir.mkdir(parents=True, exist_ok=True)

    database = write_sqlite(package.tables, dist_dir / f"{stem}.sqlite")
    metadata = dist_dir / f"{stem}.datasette.json"
    text = json.dumps(datasette_metadata(descriptor, stem), indent=2, ensure_ascii=False)
    metadata.write_text(text + "\n", encoding="utf-8", newline="\n")

    folder = f"{stem}-parquet"
    members = {
        f"{folder}/{table}.parquet": parquet_bytes(table, package.tables.get(table, []))
        for table in TABLE_NAMES
    }
    members[f"{folder}/views.sql"] = duckdb_script(descriptor).encode("utf-8")
    parquet_zip = write_zip(dist_dir / f"{folder}.zip", members)

    written = [database, metadata, parquet_zip]
    return [path for output in written for path in (output, write_checksum(output))]
