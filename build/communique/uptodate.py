"""A rebuild that cannot change anything is not run again.

After publishing, a build leaves a record in the cache under the hash of the package it
published (so a copy of the package elsewhere is known too): the fingerprint of the build
(code, rules, schemas, libraries), its options, a hash of every input file (articles and
judgements, names and bytes), the hashes of the package it started from and of the one it
published, and its report. A build is deterministic, so when the last build that published
a package had started from that very package (a *fixed point*), a new build with the same
fingerprint, options and inputs, starting from that package (every file's hash checked),
would give the same package and the same report again: the record's report is the answer,
and nothing is read, extracted, resolved or written. The package's validity was proven
when that build validated it before publishing, and its bytes are checked to be the ones
it validated. After a build that changed the package, the next one runs in full (with the
cache, so without extracting) and, finding nothing to change, records the fixed point.

The record is also what lets the next build validate only what it changed (``validate``):
it says which package, by hashes, was validated under which validation code.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from communique.cache import Cache
from communique.fingerprint import fingerprint
from communique.metadata import corpus_name, find_config, package_metadata
from communique.model import BuildReport
from communique.records import RecordError, from_json, to_json
from communique.walk import walk

BUILD = "communique.pipeline"  # the module whose imports make the whole build
VALIDATION = "communique.validate"


@dataclass(frozen=True)
class Inputs:
    """What a build reads, and how it was asked to build."""

    articles: str  # hash of the corpus folder
    curation: str  # hash of the judgements folder ("" when there is none)
    options: str  # the build's options and the package metadata, as JSON


@dataclass(frozen=True)
class BuildRecord:
    build: str  # fingerprint of the build's code
    validation: str  # fingerprint of the validation code
    inputs: Inputs
    started_from: dict[str, str]  # file -> sha256 of the package the build found
    published: dict[str, str]  # file -> sha256 of the package it published
    report: str  # the BuildReport, as JSON

    @property
    def fixed_point(self) -> bool:
        return self.started_from == self.published


def folder_hash(
    folder: Path,
    files: dict[str, str] | None = None,
    hasher: Callable[[str], str] | None = None,
) -> str:
    """A hash of every name under ``folder`` and of what it holds (a symlink's target and
    bytes, a file's bytes); "" when the folder does not exist. The sha256 of each file read
    goes to ``files`` (by its absolute path, as text), when given; ``hasher`` gives a file's
    sha256 from that path (by default, from its bytes). Paths stay text: making a ``Path``
    of each of 10,000 files, and hashing it as a key, took half of this function's time."""
    if not folder.is_dir():
        return ""
    hasher = hasher or _file_hash
    base = os.path.abspath(folder)
    digest = hashlib.sha256()
    for entry in walk(folder):
        name = entry.rel
        if entry.is_link:
            digest.update(f"link {name} -> {os.readlink(entry.path)}\n".encode())
        if entry.is_file:
            where = os.path.join(base, *entry.parts)
            sha256 = hasher(where)
            if files is not None and not sha256.startswith(_UNREADABLE):
                files[where] = sha256
            digest.update(f"file {name} {sha256}\n".encode())
        elif not entry.is_link:
            digest.update(f"folder {name}\n".encode())
    return digest.hexdigest()


def package_hashes(folder: Path) -> dict[str, str]:
    """Every file of a published package and its sha256 ({} when there is none)."""
    if not (folder / "datapackage.json").is_file():
        return {}
    return {entry.rel: _file_hash(entry.as_path()) for entry in walk(folder) if entry.is_file}


def _file_hash(path: str | Path) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError as error:  # unreadable: never equal to a recorded hash
        return f"{_UNREADABLE}{error.errno}"


_UNREADABLE = "unreadable "
_SETTLED_NS = 2_000_000_000  # a file unchanged this long is noted by its status


class FileHasher:
    """The sha256 of files, taken from the cache's note when a file's status (size,
    modification and change times, inode, device) is the one it had when it was hashed,
    as git and make trust a file's times: an unchanged corpus of thousands of files is
    known unchanged without reading them. A file changed in the last seconds before it is
    hashed is not noted, since on a coarse clock its next change could keep its times."""

    def __init__(self, cache: Cache) -> None:
        self._known = cache.file_hashes_by_status()
        self.fresh: dict[str, tuple[str, str]] = {}  # path -> (status, sha256), to note
        self._asked: set[str] = set()

    def __call__(self, path: str | Path) -> str:
        """The file's sha256; ``path`` as text is absolute (as ``folder_hash`` gives it)."""
        where = path if isinstance(path, str) else os.path.abspath(path)
        self._asked.add(where)
        try:
            info = os.stat(where)
        except OSError:
            return _file_hash(where)
        status = f"{info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino} {info.st_dev}"
        known = self._known.get(where)
        if known is not None and known[0] == status:
            return known[1]
        sha256 = _file_hash(where)  # read after the status: a later change changes the status
        settled = time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > _SETTLED_NS
        if settled and not sha256.startswith(_UNREADABLE):
            self.fresh[where] = (status, sha256)
        return sha256

    def gone(self, folders: Iterable[Path]) -> list[str]:
        """The noted files under ``folders`` that were not asked for: ``folder_hash`` asks
        for every file under a folder it walks, so these are files since deleted or moved,
        whose notes would otherwise stay in the cache for ever."""
        roots = tuple(os.path.join(os.path.abspath(folder), "") for folder in folders)
        return sorted(p for p in self._known if p.startswith(roots) and p not in self._asked)


def inputs(
    articles_dir: Path,
    curation_dir: Path,
    options: tuple[bool, ...],
    files: dict[str, str] | None = None,
    hasher: Callable[[str], str] | None = None,
) -> Inputs:
    """The inputs by content, and the package metadata the corpus' configuration and
    folder name give; where the folders are changes nothing else (the package records
    paths relative to the corpus). The sha256 of each article file goes to ``files`` (by
    its absolute path), when given. Raises ``UsageError`` for a configuration that cannot
    be used."""
    config = find_config(articles_dir)
    settings = {
        "options": list(options),
        "metadata": package_metadata(config, corpus_name(articles_dir)),
        "metadata_origin": config.origin if config else None,
    }
    return Inputs(
        folder_hash(articles_dir, files, hasher),
        folder_hash(curation_dir, hasher=hasher),
        json.dumps(settings, sort_keys=True, ensure_ascii=False),
    )


def default_curation(articles_dir: Path) -> Path:
    """Where a corpus' judgements live unless the build is told: beside its articles."""
    return articles_dir.parent / "curation"


def _key(package: dict[str, str]) -> str:
    """A package known by its bytes: the hash of its files' names and hashes."""
    return hashlib.sha256(json.dumps(package, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Freshness:
    """What ``check`` found before a build: the last record, the inputs now, the package
    the build starts from (file hashes), and the report to give when nothing can change."""

    record: BuildRecord | None
    inputs: Inputs
    started_from: dict[str, str]
    report: BuildReport | None

    @property
    def validated(self) -> bool:
        """Whether the package the build starts from is one the current validation code
        checked (in full, or by its changes from one it had checked) before publishing it."""
        record = self.record
        return (
            record is not None
            and bool(self.started_from)
            and record.published == self.started_from
            and record.validation == fingerprint(VALIDATION)
        )


def check(
    cache: Cache, articles_dir: Path, curation_dir: Path, options: tuple[bool, ...], out_dir: Path
) -> Freshness:
    """Whether a build at ``out_dir`` with these ``options`` (skip_invalid, strict,
    allow_mass_retirement) can change anything; if not, the report it would give.

    Cheap by design (it reads the input files and the package, and nothing heavier than the
    cache is imported), so the command line asks before loading the pipeline.
    """
    started = package_hashes(out_dir)
    record = _last_record(cache, started) if started else None
    hasher = FileHasher(cache)
    now = inputs(articles_dir, curation_dir, options, cache.file_hashes, hasher)
    if hasher.fresh:
        cache.put_file_hashes(hasher.fresh)
    gone = hasher.gone(folder for folder in (articles_dir, curation_dir) if folder.is_dir())
    if gone:
        cache.forget_file_hashes(gone)
    same = (
        record is not None
        and record.fixed_point
        and record.inputs == now
        and record.published == started
        and record.build == fingerprint(BUILD)
    )
    report = from_json(BuildReport, record.report) if same and record else None
    return Freshness(record, now, started, report)


def remember(cache: Cache, out_dir: Path, freshness: Freshness, report: BuildReport) -> None:
    """Record the build that just published the package now in ``out_dir``."""
    published = package_hashes(out_dir)
    record = BuildRecord(
        fingerprint(BUILD),
        fingerprint(VALIDATION),
        freshness.inputs,
        freshness.started_from,
        published,
        to_json(report),
    )
    cache.put_build_record(_key(published), to_json(record))


def _last_record(cache: Cache, package: dict[str, str]) -> BuildRecord | None:
    """The record of the last build that published ``package`` (file hashes), if any."""
    text = cache.build_record(_key(package))
    if text is None:
        return None
    try:
        return from_json(BuildRecord, text)
    except RecordError:
        return None
