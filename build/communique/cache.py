"""What earlier builds computed, kept outside the package so that an unchanged article is
never extracted twice and an unchanged corpus is not rebuilt at all.

One SQLite file, ``cache.sqlite3``, in the cache folder: ``--cache DIR``, else
``$XDG_CACHE_HOME/communique``, else ``~/.cache/communique``. It holds eight tables:
- ``readings``: what reading an article file gave (the article or none, and the problems
  found; JSON rows, see ``records``), under the hash of the reader's fingerprint, the
  file's path in the corpus and its bytes, i.e. of everything the reader reads;
- ``facts``: an article's extracted facts (JSON rows), under the hash of the
  extraction fingerprint and of the article record, i.e. of everything extraction reads;
- ``builds``: per package (by the hash of its files), the record of the last build that
  published it (``uptodate``);
- ``hashes``: per input file (absolute path), its sha256 and the status (size, times,
  inode) it had when hashed, so that an unchanged file is known without reading it
  (``uptodate.FileHasher``); a file no longer in the folder a build hashes is forgotten;
- ``lexicons``: the extraction lexicon, pickled, under its fingerprint (``lexicon_store``);
- ``alikes``: the names resolution compared last and which of them sound alike (JSON),
  under resolution's fingerprint (``alikes_store``);
- ``unions``: the unions the name rules made among people's facts in the last build, and
  the identity of each article's facts (JSON), under resolution's fingerprint
  (``unions_store``);
- ``generations``: per kind of entry (readings, facts, lexicons, alikes, unions) and generation,
  when a build last used it (a counter), which ``prune`` keeps by.
Deleting the folder at any time changes nothing but the time the next build takes. An entry
that cannot be decoded is computed again, and a file that is not a database is replaced:
a cache never makes a build fail.

The cache does not grow for ever (``prune``, after each build). A reading, facts, lexicon,
alikes or unions entry belongs to the *generation* of the fingerprint in its key: a change to a
rule or to extraction code starts a new generation of every article's entries (36 MB per
10,000 articles), and only the ``GENERATIONS_KEPT`` generations of each kind a build used
last are kept (entries written before generations existed are one generation, ``""``, whose
entries join the generation of the build that finds them). Only the ``BUILDS_KEPT``
newest build records are kept: one per package published (2 MB at 10,000 articles, with
its report), most for packages since replaced. The file does not shrink (SQLite reuses
the pages freed); delete it to give the space back.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from communique.collector import collector_paused
from communique.extract.facts import ArticleFacts
from communique.model import Article
from communique.records import RecordError, from_row, to_row

if TYPE_CHECKING:  # the reader's rules load only when a build reads: see ``readings``
    from communique.read import Reading

FILE = "cache.sqlite3"
#: the generations of each kind of entry kept (readings, facts, lexicons, alikes, unions): the code
#: and rules of the last three versions a build used, so going back and forth between two
#: versions re-extracts nothing
GENERATIONS_KEPT = 3
BUILDS_KEPT = 10  # build records kept, the newest
_BATCH = 500  # keys per SELECT: below SQLite's limit on bound parameters
_SCAN_FROM = 1000  # keys asked for from which a generation's entries may be read whole
#: the tables of entries by generation
_ENTRIES = ("readings", "facts", "lexicons", "alikes", "unions")
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS readings (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
    "generation TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
    "generation TEXT NOT NULL DEFAULT '')",
    # a lexicon's key is its generation (the fingerprint it was built under)
    "CREATE TABLE IF NOT EXISTS lexicons (key TEXT PRIMARY KEY, value BLOB NOT NULL, "
    "generation TEXT NOT NULL)",
    # likewise the names compared in resolution (``alikes_store``)
    "CREATE TABLE IF NOT EXISTS alikes (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
    "generation TEXT NOT NULL)",
    # and the unions of the name rules (``unions_store``)
    "CREATE TABLE IF NOT EXISTS unions (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
    "generation TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS builds (package TEXT PRIMARY KEY, record TEXT NOT NULL, "
    "recorded INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS hashes (path TEXT PRIMARY KEY, status TEXT NOT NULL, "
    "sha256 TEXT NOT NULL)",
    # kind (an entries table), generation (a fingerprint) -> when a build last used it
    "CREATE TABLE IF NOT EXISTS generations (kind TEXT NOT NULL, generation TEXT NOT NULL, "
    "used INTEGER NOT NULL, PRIMARY KEY (kind, generation))",
)
#: the columns added since the first cache: a table without one is given it (its rows the
#: default, that is entries of the generation "" and records older than any other)
_ADDED = {
    "readings": "generation TEXT NOT NULL DEFAULT ''",
    "facts": "generation TEXT NOT NULL DEFAULT ''",
    "builds": "recorded INTEGER NOT NULL DEFAULT 0",
}
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS readings_by_generation ON readings (generation)",
    "CREATE INDEX IF NOT EXISTS facts_by_generation ON facts (generation)",
    "CREATE INDEX IF NOT EXISTS builds_by_recorded ON builds (recorded)",
)


def default_dir() -> Path:
    """Where the cache lives unless ``--cache`` says otherwise (the XDG convention)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "communique"


@contextlib.contextmanager
def hooked_in_this_process(
    module: ModuleType, name: str, hook: Callable[..., Any]
) -> Iterator[None]:
    """While in this block, the function ``module.name`` is ``hook`` in this process, and
    the function it was in any process forked from it: a forked process must not use the
    cache's database connection it inherited (the stores: ``lexicon_store``,
    ``alikes_store``, ``unions_store``)."""
    here = os.getpid()
    before = getattr(module, name)

    def hooked(*args: Any) -> Any:
        return (hook if os.getpid() == here else before)(*args)

    setattr(module, name, hooked)
    try:
        yield
    finally:
        setattr(module, name, before)


def facts_key(article: Article, fingerprint: str) -> str:
    """The key of an article's facts: extraction's fingerprint and the whole article record
    (id, date, header and text), so a changed file, rule or extraction code never hits. The
    fields but the text are written as Python writes their values (``repr``: as exact as
    JSON, and the fingerprint names Python's version); the text is hashed as it is."""
    fields = [(name, value) for name, value in vars(article).items() if name != "text"]
    digest = hashlib.sha256(f"{fingerprint}\n{fields!r}\n".encode("utf-8", "surrogatepass"))
    digest.update(article.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def reading_key(sha256: str, rel: str, fingerprint: str) -> str:
    """The key of a file's reading: the reader's fingerprint, the file's path in the corpus
    (the article's id and its problems name it) and its bytes, by their sha256 (hex), which
    ``uptodate`` has usually taken already."""
    return hashlib.sha256(
        f"{fingerprint}\n{rel}\n{sha256}\n".encode("utf-8", "surrogatepass")
    ).hexdigest()


Entry = TypeVar("Entry")


class Cache:
    """The cache folder's database, opened on first use; every failure to read or write it
    is absorbed (the entry is missing, the write is lost)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        #: the sha256 of input files this build has hashed (``uptodate``), by absolute path
        #: (text), for reading to take once instead of hashing them again
        self.file_hashes: dict[str, str] = {}
        #: the key of each article's facts (by article id) this build found or made, for
        #: resolution to know which articles' facts are those of the last build
        #: (``unions_store``)
        self.facts_key_of: dict[str, str] = {}
        self._used: set[tuple[str, str]] = set()  # (kind, generation) marked used
        self._legacy: dict[str, bool] = {}  # kind -> whether it has entries of generation ""

    def facts(self, keys: Iterable[str], generation: str = "") -> dict[str, ArticleFacts]:
        """The cached facts of each key that has a readable entry, their strings shared as
        ``extract.facts.share_strings`` shares them; ``generation`` is the fingerprint the
        keys were made with (see ``prune``)."""
        return self._entries("facts", ArticleFacts, keys, generation, shared=True)

    def put_facts(self, entries: Mapping[str, ArticleFacts], generation: str) -> None:
        self._put("facts", entries, generation)

    def facts_keys(self, generation: str) -> list[str]:
        """The key of every cached facts entry (readable or not) that could be of
        ``generation`` (its own, and those from before generations)."""
        sql = "SELECT key FROM facts WHERE generation IN (?, '')"
        return [key for (key,) in self._query(sql, [generation])]

    def readings(self, keys: Iterable[str], generation: str = "") -> dict[str, Reading]:
        """The cached reading of each key that has a readable entry."""
        from communique.read import Reading  # not at the top: ``uptodate`` stays light

        return self._entries("readings", Reading, keys, generation)

    def put_readings(self, entries: Mapping[str, Reading], generation: str) -> None:
        self._put("readings", entries, generation)

    def lexicon(self, generation: str) -> bytes | None:
        """The lexicon kept under ``generation`` (its fingerprint), pickled."""
        found = self._kept("lexicons", generation)
        return found if isinstance(found, bytes) else None

    def put_lexicon(self, generation: str, value: bytes) -> None:
        self._keep("lexicons", generation, value)

    def alikes(self, generation: str) -> str | None:
        """The names resolution compared, kept under ``generation`` (its fingerprint)."""
        found = self._kept("alikes", generation)
        return found if isinstance(found, str) else None

    def put_alikes(self, generation: str, value: str) -> None:
        self._keep("alikes", generation, value)

    def unions(self, generation: str) -> str | None:
        """The name rules' unions of the last build, kept under ``generation``."""
        found = self._kept("unions", generation)
        return found if isinstance(found, str) else None

    def put_unions(self, generation: str, value: str) -> None:
        self._keep("unions", generation, value)

    def _kept(self, table: str, generation: str) -> object:
        """The one entry of ``table`` (lexicons, alikes, unions) kept under ``generation``."""
        self._use(table, generation)
        rows = self._query(f"SELECT value FROM {table} WHERE key = ?", [generation])
        return rows[0][0] if rows else None

    def _keep(self, table: str, generation: str, value: object) -> None:
        self._use(table, generation)
        self._write(
            f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)", [(generation, value, generation)]
        )

    def build_record(self, package: str) -> str | None:
        rows = self._query("SELECT record FROM builds WHERE package = ?", [package])
        return rows[0][0] if rows else None

    def put_build_record(self, package: str, record: str) -> None:
        self._write(
            "INSERT OR REPLACE INTO builds VALUES "
            "(?, ?, (SELECT coalesce(max(recorded), 0) + 1 FROM builds))",
            [(package, record)],
        )

    def prune(self, generations: int = GENERATIONS_KEPT, builds: int = BUILDS_KEPT) -> None:
        """Drop the entries of every generation but the ``generations`` a build used last
        (of readings, facts, lexicons, alikes and unions), and every build record but the
        ``builds`` newest."""
        for kind in _ENTRIES:
            kept = (
                "SELECT generation FROM generations WHERE kind = ? "
                "ORDER BY used DESC, generation LIMIT ?"
            )
            self._write(
                f"DELETE FROM {kind} WHERE generation NOT IN ({kept})", [(kind, generations)]
            )
            self._write(
                f"DELETE FROM generations WHERE kind = ? AND generation NOT IN ({kept})",
                [(kind, kind, generations)],
            )
        self._write(
            "DELETE FROM builds WHERE package NOT IN "
            "(SELECT package FROM builds ORDER BY recorded DESC, package LIMIT ?)",
            [(builds,)],
        )

    def file_hashes_by_status(self) -> dict[str, tuple[str, str]]:
        """Every noted file: path -> (status, sha256)."""
        return {
            path: (status, sha256)
            for path, status, sha256 in self._query("SELECT path, status, sha256 FROM hashes", [])
        }

    def put_file_hashes(self, entries: Mapping[str, tuple[str, str]]) -> None:
        self._write(
            "INSERT OR REPLACE INTO hashes VALUES (?, ?, ?)",
            [(path, status, sha256) for path, (status, sha256) in entries.items()],
        )

    def forget_file_hashes(self, paths: Iterable[str]) -> None:
        self._write("DELETE FROM hashes WHERE path = ?", [(path,) for path in paths])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # ------------------------------------------------------------ the database

    def _entries(
        self,
        table: str,
        kind: type[Entry],
        keys: Iterable[str],
        generation: str,
        shared: bool = False,
    ) -> dict[str, Entry]:
        """The decoded entries of ``table`` under ``keys`` (``_selected``); ``shared``:
        with their strings interned as they are decoded (``records.from_row``). Entries
        found from before generations join ``generation`` (when given)."""
        found: dict[str, Entry] = {}
        wanted = list(keys)
        adopt = bool(generation) and self._has_legacy(table)
        if generation:
            self._use(table, generation)
        with collector_paused():  # once for all batches: each resumption may set one off
            for key, value in self._selected(table, wanted, generation):
                with contextlib.suppress(RecordError, TypeError):
                    found[key] = from_row(kind, value, shared)
            for start in range(0, len(wanted) if adopt else 0, _BATCH):
                batch = wanted[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                self._write(
                    f"UPDATE {table} SET generation = ? WHERE generation = '' AND key IN ({marks})",
                    [(generation, *batch)],
                )
        return found

    def _selected(self, table: str, wanted: list[str], generation: str) -> list[tuple[str, str]]:
        """The (key, value) rows of ``table`` under ``wanted`` keys. When they are at least
        half of ``generation``'s entries (and those from before generations), as when a
        build reads its whole corpus back, every entry of the generation is read and the
        others dropped here: one pass of the table's index instead of a lookup per key
        (10,000 facts 0.04 -> 0.02 s). Either way, only entries of ``generation`` (and
        from before generations) are given; a key is made with its generation's
        fingerprint, so no wanted key is under another."""
        if generation and len(wanted) >= _SCAN_FROM:
            of_generation = f"FROM {table} WHERE generation IN (?, '')"
            held = self._query(f"SELECT count(*) {of_generation}", [generation])
            if held and 2 * len(wanted) >= held[0][0]:
                keys = set(wanted)
                rows = self._query(f"SELECT key, value {of_generation}", [generation])
                return [(key, value) for key, value in rows if key in keys]
        found = []
        also = " AND generation IN (?, '')" if generation else ""
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            sql = f"SELECT key, value FROM {table} WHERE key IN ({marks}){also}"
            found += self._query(sql, [*batch, generation] if generation else batch)
        return found

    def _put(self, table: str, entries: Mapping[str, object], generation: str) -> None:
        self._use(table, generation)
        self._write(
            f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)",
            [(key, to_row(entry), generation) for key, entry in entries.items()],
        )

    def _use(self, table: str, generation: str) -> None:
        """Mark ``generation`` of ``table`` as the one a build used last (once per cache
        object: a build asks and writes many times)."""
        if (table, generation) in self._used:
            return
        self._used.add((table, generation))
        self._write(
            "INSERT OR REPLACE INTO generations VALUES "
            "(?, ?, (SELECT coalesce(max(used), 0) + 1 FROM generations))",
            [(table, generation)],
        )

    def _has_legacy(self, table: str) -> bool:
        """Whether ``table`` has entries from before generations (asked once)."""
        if table not in self._legacy:
            sql = f"SELECT 1 FROM {table} WHERE generation = '' LIMIT 1"
            self._legacy[table] = bool(self._query(sql, []))
        return self._legacy[table]

    def _query(self, sql: str, parameters: list[str]) -> list[tuple]:
        try:
            return self._database().execute(sql, parameters).fetchall()
        except sqlite3.OperationalError:  # locked, read-only, out of space: do without
            self.close()
        except sqlite3.DatabaseError:  # not a database, or a damaged one
            self._discard()
        except OSError:
            self.close()
        return []

    def _write(self, sql: str, rows: list[tuple]) -> None:
        try:
            with self._database() as db:
                db.executemany(sql, rows)
        except sqlite3.OperationalError:
            self.close()
        except sqlite3.DatabaseError:
            self._discard()
        except OSError:
            self.close()

    def _database(self) -> sqlite3.Connection:
        if self._db is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.folder / FILE, timeout=30)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                for statement in _SCHEMA:
                    db.execute(statement)
                for table, column in _ADDED.items():
                    _add_column(db, table, column)
                for statement in _INDEXES:
                    db.execute(statement)
            except sqlite3.Error:
                db.close()
                raise
            self._db = db
        return self._db

    def _discard(self) -> None:
        """Remove a damaged database; the next use makes a new one."""
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                (self.folder / (FILE + suffix)).unlink()


def _add_column(db: sqlite3.Connection, table: str, column: str) -> None:
    """Give ``table`` the ``column`` (its definition) when a cache from before it lacks it;
    entries from before generations make the generation "" (used before any other)."""
    name = column.split()[0]
    if any(row[1] == name for row in db.execute(f"PRAGMA table_info({table})")):
        return
    with db:
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
        if table in _ENTRIES:
            db.execute("INSERT OR IGNORE INTO generations VALUES (?, '', 0)", (table,))
