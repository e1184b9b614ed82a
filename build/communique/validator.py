"""A build's validation in a process of its own, beside the build, for a build that replaces
a validated package with two or more jobs (one article added to a large corpus, say).

Validation's checks are the same either way (``validate.check_tables`` then
``validate.finish_checks``, on the same files); what changes is when they run:
- the process starts with the build and imports pandas, Pandera, Frictionless and DuckDB
  (0.6 s) while the build reads and resolves the corpus, which need none of them;
- it reads the package the build replaces, first as the build reads it (``read_package``,
  sent to the build, which would otherwise spend 0.4 s of 10,000 articles' build reading
  it rather than 0.2 s receiving it; sent by a thread, as the build takes it only once it
  has resolved the corpus and laid out the tables, see ``pipeline.assemble``), then its
  lines (by which it finds the rows that are new), and, for a package of ``WARM_UP_BYTES``
  or more, runs the checks once on a few of its rows and reads its largest table whole
  (``validate.warm_up``: a first run of the checks is 0.3 s slower, a first large file
  through Arrow's reader 0.1-0.15 s);
- it checks each table as soon as the build has written it (``validate.check_written``:
  its new rows, types and Pandera model), while the build writes the next, and the rest
  (Frictionless on the new rows, foreign keys, the checks across tables) once the draft
  descriptor is written, while the build compares the tables with the last release,
  settles the version and writes the changelog;
- it checks the final descriptor and the mentions' slices last, as soon as the build has
  written the descriptor and offered the texts of the articles its diff says changed
  (``texts_likely_needed``: a handful, not all), while the build writes the changelog and
  lets go of what it made; it asks the build for any other text it needs.

A cold build validates in the build's own process, as before: the process would hold the
texts and the typed tables beside a build that still holds its own, and at 100,000
articles memory is what bounds the build. So does a build replacing a package of more than
``BESIDE_BYTES`` of tables: one article added to 100,000 (148 MB of tables) peaked at 3.9
GB with validation beside the build (107 s) and at 3.1 GB without (112 s, validation 6 s
of it). So does a build on a system that cannot fork.
If the process dies, the build validates in its own process; an error in the checks is
raised in the build, as it would be there.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
import traceback
from collections.abc import Iterator, Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from communique.collector import collector_paused
from communique.diff import PackageDiff
from communique.issues import ValidationIssue
from communique.model import Row
from communique.package import Package, read_package
from communique.progress import timed

#: The most bytes of tables (the package's CSV files) a package validated beside the build
#: may have: 19 MB at 10,000 articles.
BESIDE_BYTES = 64 * 2**20
#: The fewest bytes of tables for which the process warms the checks up while it waits
#: (``validate.warm_up``). The warm-up takes 0.3 s, and a build writes the tables of a smaller
#: package before it would be done: adding one article to 1,000 (2 MB of tables), the
#: build waited 0.59 s for validation with it and 0.40 without.
WARM_UP_BYTES = 6 * 2**20


class ValidatorError(RuntimeError):
    """A check raised an exception in the validation process (its traceback is the message)."""


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Validator:
    """The validation process, from the build's side: ``previous`` for the package it
    replaces, ``check_written`` as each table is written, ``check_tables`` once the tables
    and a draft descriptor are written, ``offer_texts`` once the descriptor is final, and
    ``finish`` for the verdict."""

    def __init__(self, validated: Path) -> None:
        context = multiprocessing.get_context("fork")
        self._connection, child = context.Pipe()
        with _sigint_blocked():  # so the process never sees a Ctrl-C meant for the build
            self._process = context.Process(
                target=_serve,
                args=(child, self._connection, validated),
                name="communique-validate",
            )
            self._process.start()
        child.close()
        self._validated = validated
        self._asked: tuple[Path, int] | None = None
        self._answered = False
        self._previous_pending = True  # the process's first message, until it is received
        self._offered = False

    def previous(self) -> Package:
        """The validated package, as ``read_package`` reads it (and raises), read by the
        process; read here if the process could not read it or died."""
        package = self._received_previous()
        return package if package is not None else read_package(self._validated)

    def _received_previous(self) -> Package | None:
        if not self._previous_pending:
            return None
        self._previous_pending = False
        try:
            with collector_paused():  # unpickling: hundreds of thousands of rows, no cycle
                kind, package = self._connection.recv()
        except (OSError, EOFError):  # the process died: ``finish`` validates here
            return None
        return package if kind == "previous" else None

    def check_written(self, table: str, path: Path) -> None:
        """Start checking the table just written to ``path`` (and return at once), before
        the rest of the package is written (``validate.check_written``)."""
        with contextlib.suppress(OSError):  # a dead process: ``finish`` validates here
            self._connection.send(("written", table, path))

    def check_tables(self, package_dir: Path, jobs: int) -> None:
        """Start checking the tables in ``package_dir`` (and return at once) against the
        validated package's."""
        self._asked = (package_dir, jobs)
        with contextlib.suppress(OSError):  # a dead process: ``finish`` validates here
            self._connection.send(("tables", package_dir, jobs))

    def offer_texts(self, texts: Mapping[str, str]) -> None:
        """Tell the process the descriptor is final, with the texts of the articles it is
        likely to need for the mentions' slices (``texts_likely_needed``): it checks the
        rest then, without waiting for ``finish``, and asks ``finish`` for any text it lacks."""
        self._offered = True
        with contextlib.suppress(OSError):  # a dead process: ``finish`` validates here
            self._connection.send(("final", dict(texts)))

    def finish(
        self, texts: Mapping[str, str], timings: dict[str, float] | None = None
    ) -> list[ValidationIssue]:
        """The issues ``validate.validate_build`` finds, ``texts`` being the articles by
        id; each check's seconds are added to ``timings``."""
        assert self._asked is not None, "check_tables first"
        self._received_previous()  # when the build did not ask for it
        if not self._offered:
            self.offer_texts({})
        try:
            kind, payload = self._connection.recv()
            if kind == "texts":  # the ids of the articles it needs
                self._connection.send({i: texts[i] for i in payload if i in texts})
                kind, payload = self._connection.recv()
        except (OSError, EOFError):  # the process died: validate here
            from communique.validate import validate_build

            package_dir, jobs = self._asked
            return validate_build(package_dir, texts, self._validated, jobs, timings)
        self._answered = True
        if kind == "error":
            raise ValidatorError(payload)
        issues, seconds = payload
        if timings is not None:
            for name, value in seconds.items():
                timings[name] = round(timings.get(name, 0.0) + value, 3)
        return issues

    def close(self) -> None:
        """End the process: it has answered and is ending, or the build is ending without
        its answer (failed, interrupted), which it need not wait for."""
        self._connection.close()
        if not self._answered:
            self._process.terminate()  # it stops its own workers first (see ``_serve``)
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def texts_likely_needed(diff: PackageDiff, mentions: list[Row]) -> set[str]:
    """The ids of the articles whose texts validation will ask for, as the build's diff
    from the validated package tells them: the articles added or changed, and those of the
    mentions added or changed (``mentions``: the new table's rows). Validation asks for
    the articles of its new rows (lines the validated package did not have), which are
    these when the diff's rows are the files' lines; it asks ``finish`` for any other."""
    articles = diff.tables.get("articles")
    ids = {str(key[0]) for key in [*articles.added, *articles.changed]} if articles else set()
    changed = diff.tables.get("mentions")
    if changed is not None and (changed.added or changed.changed):
        keys = {str(key[0]) for key in [*changed.added, *changed.changed]}
        ids.update(str(r["article_id"]) for r in mentions if str(r["mention_id"]) in keys)
    return ids


@contextlib.contextmanager
def validator_beside(validated: Path | None, jobs: int) -> Iterator[Validator | None]:
    """A ``Validator`` for a build that replaces the ``validated`` package with ``jobs``
    processes, when there is such a package, of no more than ``BESIDE_BYTES`` of tables,
    two jobs or more and the system can fork; else None. Its process ends with the block,
    however the block ends."""
    if validated is None or jobs < 2 or not can_fork() or _table_bytes(validated) > BESIDE_BYTES:
        yield None
        return
    validator = Validator(validated)
    try:
        yield validator
    finally:
        validator.close()


def _table_bytes(package: Path) -> int:
    """The bytes of the package's tables (its CSV files)."""
    total = 0
    for path in (package / "data").glob("*.csv"):
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT held back from this thread while in the block (a child forked in it starts
    with it held back, until it has chosen to ignore it)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _serve(connection: Connection, builds_end: Connection, validated: Path) -> None:
    """The validation process: import what validation needs, then check what it is asked
    to. A Ctrl-C is the build's to answer: the build ends this process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # ended by the build: as an exception, so that a pool of workers checking rows
    # (``validate_frictionless.row_issues``) is ended with it, not left behind
    signal.signal(signal.SIGTERM, _exit)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    builds_end.close()
    try:
        previous: Package | None = read_package(validated)
    except Exception:  # the build reads it, and reports why it cannot
        previous = None
    # sent by a thread of its own: the build takes it only when it needs it (after
    # resolution, most often), and this process goes on meanwhile
    sender = threading.Thread(
        target=_send_previous, args=(connection, previous), name="communique-previous", daemon=True
    )
    sender.start()
    del previous
    # what validation imports, imported now rather than when each check first runs
    import duckdb  # noqa: F401
    import frictionless  # noqa: F401

    from communique import validate

    validate.read_on_one_thread()  # the build has the other core
    timings: dict[str, float] = {}
    try:
        with timed(timings, "validate.new_rows"):
            taken = validate.validated_lines(validated)
    except OSError:  # unreadable now: ``check_tables`` reports what it finds
        taken = None
    if _table_bytes(validated) >= WARM_UP_BYTES and not connection.poll():
        validate.warm_up(validated)  # unless the tables are being written already
    before = validate.table_paths(validated)
    written: dict[str, validate.WrittenTable] = {}
    try:
        while (message := connection.recv())[0] == "written":
            _, table, path = message
            try:
                written[table] = validate.check_written(
                    table, path, before.get(table), (taken or {}).get(table), timings
                )
            except Exception:  # ``check_tables`` reads the table again, and reports
                written.pop(table, None)
        _, package_dir, jobs = message
    except (EOFError, OSError, SystemExit):  # the build ended first
        return
    reply: tuple[str, Any]
    # done: a build takes the package before it writes the tables (``finish`` takes it
    # otherwise); nothing else is sent on the connection until then
    sender.join()
    try:
        checks = validate.check_tables(package_dir, validated, jobs, timings, taken, written)
        _, texts = connection.recv()  # once the descriptor is final: some texts, or none
        missing = [i for i in checks.articles() if i not in texts]
        if missing:
            connection.send(("texts", missing))
            texts.update(connection.recv())
        issues = validate.finish_checks(package_dir, checks, texts, validated, jobs, timings)
        reply = ("done", (issues, timings))
    except (EOFError, OSError, SystemExit):
        return
    except Exception:  # a failing check: the build raises it
        reply = ("error", traceback.format_exc())
    with contextlib.suppress(OSError):
        connection.send(reply)


def _send_previous(connection: Connection, previous: Package | None) -> None:
    """The validation process's first message: the package the build replaces."""
    with contextlib.suppress(OSError, ValueError):  # the build ended first
        connection.send(("previous", previous))


def _exit(signal_number: int, frame: object) -> None:
    raise SystemExit(1)
