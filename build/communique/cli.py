"""``communique``: the command line.

Exit codes: 0 done; 1 bad input, an invalid package, or (``diff``, like diff(1)) packages
that differ; 2 a usage error, said in one line; 130 interrupted (Ctrl-C). Each subcommand is
one function; ``main`` is the one place that turns errors into messages and exit codes.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from communique.errors import (
    CurationFailed,
    InputError,
    PackageError,
    RuleError,
    UsageError,
    ValidationFailed,
)

if TYPE_CHECKING:
    from communique.progress import Stages

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_CORPUS, DEFAULT_PACKAGE = "articles", "datapackage"
DEFAULT_QUALITY = "evaluation/quality.json"


def _say(message: str) -> None:
    print(f"communique: {message}", file=sys.stderr)


def _folder(value: str, what: str) -> Path:
    path = Path(value)
    if not path.exists():
        raise UsageError(f"{value}: no such {what}")
    if not path.is_dir():
        raise UsageError(f"{value}: not a {what}")
    return path


def _package_folder(value: str) -> Path:
    path = _folder(value, "package folder")
    if not (path / "datapackage.json").is_file():
        raise UsageError(f"{value}: not a package folder (no datapackage.json in it)")
    return path


def _build(args: argparse.Namespace) -> int:
    """Build, with progress bars on a terminal, and the build report as JSON if asked (also
    when nothing was published)."""
    from communique.progress import Stages, build_summary, is_terminal, write_json

    outcome: dict = {}
    start = time.perf_counter()
    stages = Stages(show=not args.quiet and is_terminal())
    try:
        with stages:
            return _build_and_explain(args, stages, outcome)
    except (InputError, CurationFailed) as error:
        outcome["problems"] = error.problems
        raise
    except ValidationFailed as error:
        outcome["errors"] = [str(issue) for issue in error.issues]
        raise
    except UsageError as error:
        outcome["errors"] = [str(error)]
        raise
    finally:
        stages.timings["total"] = round(time.perf_counter() - start, 3)
        if args.verbose:
            timings = ", ".join(f"{stage} {sec:.2f}s" for stage, sec in stages.timings.items())
            print(f"timings: {timings}", file=sys.stderr)
        if args.report_json:
            summary = build_summary(Path(args.articles), Path(args.out), stages.timings, **outcome)
            write_json(Path(args.report_json), summary)


def _build_and_explain(args: argparse.Namespace, stages: Stages, outcome: dict) -> int:
    """The build and what it prints; ``outcome`` collects what the build report needs."""
    from communique.uptodate import check, default_curation

    articles = _folder(args.articles, "folder of articles")
    out = Path(args.out)
    if (
        out.resolve() == Path(DEFAULT_PACKAGE).resolve()
        and articles.resolve() != Path(DEFAULT_CORPUS).resolve()
        and not args.allow_other_corpus
    ):
        raise UsageError(
            f"{out} is the package of {DEFAULT_CORPUS}/, not of {articles}: choose another "
            "folder with --out, or add --allow-other-corpus to replace it"
        )
    engine, cache = _engine_and_cache(args)
    curation = Path(args.curation) if args.curation else default_curation(articles)
    strict = args.strict or os.environ.get("CI") == "true"
    options = (args.skip_invalid, strict, args.allow_mass_retirement)
    freshness = None
    try:
        if cache is not None:  # asked before the pipeline (pandas, Frictionless …) is loaded
            with stages.stage("read"):
                freshness = check(cache, articles, curation, options, out)
        report = freshness.report if freshness is not None else None
        if report is None:
            from communique.pipeline import build

            report = build(
                articles,
                out,
                skip_invalid=args.skip_invalid,
                curation_dir=curation,
                strict=strict,
                stages=stages,
                allow_mass_retirement=args.allow_mass_retirement,
                engine=engine,
                cache=cache,
                freshness=freshness,
            )
    finally:
        if cache is not None:  # its database closed now, not whenever the process ends
            cache.close()
    outcome["report"] = report
    if args.quiet:
        return EXIT_OK
    for problem in report.problems:
        print(f"  {problem}", file=sys.stderr)
    if report.skipped:
        print(
            f"skipped {len(report.skipped)} invalid article(s): {', '.join(report.skipped)}",
            file=sys.stderr,
        )
    for line in report.id_notes:
        print(f"  {line}", file=sys.stderr)
    if args.verbose:
        for table, count in report.counts.items():
            print(f"  {table}: {count} rows", file=sys.stderr)
        for decision in report.decisions:
            print(f"  {decision}", file=sys.stderr)
    if report.level == "none":
        print(f"unchanged: {out} is still version {report.version} ({report.articles} articles)")
    else:
        level = "first release" if report.level == "initial" else f"{report.level} change"
        print(f"built {out} from {report.articles} article(s): version {report.version} ({level})")
    print(f"metadata: {report.metadata_origin}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from communique.validate import format_report, validate_package

    package = _package_folder(args.package)
    corpus = _folder(args.articles, "folder of articles") if args.articles else None
    issues = validate_package(package, corpus)
    if issues:
        print(format_report(issues), file=sys.stderr)
        return EXIT_INVALID
    print(f"{args.package}: valid")
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from communique.diff import diff_packages, format_diff
    from communique.release import load_package_ref

    old = load_package_ref(args.old, Path(args.dist))
    new = load_package_ref(args.new, Path(args.dist))
    diff = diff_packages(old.descriptor, old.tables, new.descriptor, new.tables)
    print(format_diff(diff))
    return EXIT_OK if diff.empty else EXIT_INVALID


def _check_version(args: argparse.Namespace) -> int:
    from communique.package import read_package
    from communique.versioning import check_version_bump

    old = read_package(_package_folder(args.old))
    new = read_package(_package_folder(args.new))
    problems = check_version_bump(old.descriptor, old.tables, new.descriptor, new.tables)
    for problem in problems:
        _say(problem)
    return EXIT_INVALID if problems else EXIT_OK


def _check_fresh(args: argparse.Namespace) -> int:
    import filecmp
    import shutil
    import tempfile

    from communique.pipeline import build

    articles = _folder(args.articles, "folder of articles")
    package = _package_folder(args.package)
    with tempfile.TemporaryDirectory(prefix="communique-fresh-") as scratch:
        copy = Path(scratch) / "package"
        shutil.copytree(package, copy)
        build(articles, copy, allow_mass_retirement=True)
        stale = _differences(package, copy, filecmp.cmp)
    if stale:
        _say(f"{package} differs from a fresh build: {', '.join(stale)}")
        return EXIT_INVALID
    print(f"{package}: up to date")
    return EXIT_OK


def _differences(a: Path, b: Path, same: Callable[..., bool]) -> list[str]:
    files = sorted(
        {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
        | {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    )
    return [
        str(f)
        for f in files
        if not ((a / f).exists() and (b / f).exists() and same(a / f, b / f, shallow=False))
    ]


def _release(args: argparse.Namespace) -> int:
    from communique.release import make_release, read_quality

    package = _package_folder(args.package)
    quality = read_quality(Path(args.quality))
    zip_path, checksum = make_release(package, Path(args.dist), quality)
    print(f"wrote {zip_path} and {checksum}")
    return _export(args)


def _export(args: argparse.Namespace) -> int:
    from communique.export.outputs import write_outputs
    from communique.export.sqlite import ExportError
    from communique.package import PackageError

    try:
        written = write_outputs(Path(args.package), Path(args.dist))
    except (PackageError, ExportError) as error:
        print(f"communique: {error}", file=sys.stderr)
        return EXIT_INVALID
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK


def _site(args: argparse.Namespace) -> int:
    from communique.package import PackageError
    from communique.publish import PublishError
    from communique.report.data import ReportError, load_report_data
    from communique.report.site import read_quality, write_site

    articles = Path(args.articles) if args.articles else None
    if articles is not None and not articles.is_dir():
        print(f"communique: {articles}: not a folder of articles", file=sys.stderr)
        return EXIT_USAGE
    try:
        data = load_report_data(Path(args.package), articles)
        pages = write_site(data, Path(args.out), read_quality(Path(args.quality)))
    except (PackageError, ReportError) as error:
        print(f"communique: {error}", file=sys.stderr)
        return EXIT_INVALID
    except PublishError as error:
        print(f"communique: {error}", file=sys.stderr)
        return EXIT_USAGE
    for article_id, reason in sorted(data.missing_texts.items()):
        print(f"  {article_id}: text not shown: {reason}", file=sys.stderr)
    print(f"wrote {pages} pages to {args.out}; open {Path(args.out) / 'index.html'}")
    return EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from communique import rules

    found = list(rules.all_rules())  # loading checks every file
    if args.unused is None:
        print(f"{len(rules.FILES)} rule files, {len(found)} rules: all load")
        return EXIT_OK
    from communique.rule_usage import describe, unused_rules

    articles = Path(args.unused)
    if not articles.is_dir():
        print(f"communique: {articles}: not a folder of articles", file=sys.stderr)
        return EXIT_USAGE
    unused = unused_rules(articles)
    for rule in unused:
        print(describe(rule))
    tracked = sum(1 for rule in found if rule.tracked)
    print(f"{len(unused)} of {tracked} rules never fired on {articles}", file=sys.stderr)
    return EXIT_OK


def _curate(args: argparse.Namespace) -> int:
    from communique import judge
    from communique.judgements import render_entry
    from communique.package import PackageError, read_package

    why = {"reason": args.reason, "by": args.by, "date": args.date}
    try:
        rows = judge.Rows(read_package(Path(args.package)), Path(args.articles))
        if args.verb in ("same", "different"):
            judgement = judge.pair(rows, args.verb, args.table, args.first, args.second, **why)
        elif args.verb == "set":
            judgement = judge.set_field(rows, args.table, args.row, args.field, args.value, **why)
        elif args.verb == "drop":
            judgement = judge.drop(rows, args.table, args.rows, **why)
        elif args.table == "roles":
            judgement = judge.add_role(
                rows, args.person, args.title, args.organisation, args.article, args.quote, **why
            )
        elif args.table == "meeting_participants":
            judgement = judge.add_participant(
                rows, args.meeting, args.person, args.article, args.quote, **why
            )
        else:
            values = {
                "kind": args.kind,
                "name": args.name,
                "start_date": args.start_date,
                "end_date": args.end_date,
                "location": args.location,
                "country": args.country,
            }
            judgement = judge.add_meeting(
                rows, values, args.participant, args.parent, args.article, args.quote, **why
            )
        path, judgement_id = judge.record(Path(args.curation), judgement)
    except (judge.JudgeError, PackageError) as error:
        print(f"communique: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{path}: judgement {judgement_id}")
    print(render_entry(judgement), end="")
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    from communique.package import PackageError
    from communique.pipeline import CurationFailed, InputError
    from communique.review import format_queue, review

    try:
        items, version = review(
            Path(args.articles),
            Path(args.package),
            Path(args.curation) if args.curation else None,
        )
    except (PackageError, InputError, CurationFailed) as error:
        print(f"communique: {error}", file=sys.stderr)
        for problem in getattr(error, "problems", []):
            print(f"  {problem}", file=sys.stderr)
        return EXIT_INVALID
    print(f"{args.package} (version {version}): ", end="")
    print(format_queue(items, args.limit))
    return EXIT_OK


def _curate_parser(commands) -> None:
    """``communique curate VERB …``: write one judgement into curation/<table>.yaml."""
    curate = commands.add_parser(
        "curate",
        help="write a judgement (same, different, set, drop, add) into curation/",
        description="Rows are named by their id in the package, or by a mention id (to "
        "point at one span of a row, e.g. to split it). The judgement is anchored to a "
        "mention, so it survives rebuilds.",
    )
    verbs = curate.add_subparsers(dest="verb", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--reason", required=True, help="why, in a sentence")
    common.add_argument("--by", required=True, help="who makes the judgement")
    common.add_argument(
        "--date", type=dt.date.fromisoformat, default=dt.date.today(), help="YYYY-MM-DD"
    )
    common.add_argument("--package", default="datapackage", help="the published package")
    common.add_argument("--articles", default="articles", help="its corpus folder")
    common.add_argument("--curation", default="curation", help="where judgements live")
    entities = ("people", "organisations", "meetings")
    for verb, meaning in (("same", "two rows are one"), ("different", "never merge two rows")):
        sub = verbs.add_parser(verb, parents=[common], help=meaning)
        sub.add_argument("table", choices=entities)
        sub.add_argument("first", help="id or mention id")
        sub.add_argument("second", help="id or mention id")
    put = verbs.add_parser("set", parents=[common], help="give one field of a row a value")
    put.add_argument("table", choices=(*entities, "roles"))
    put.add_argument("row", help="id or mention id (role_id for roles)")
    put.add_argument("field")
    put.add_argument("value", help="the new value; '' empties the field")
    remove = verbs.add_parser("drop", parents=[common], help="a row that is wrong")
    remove.add_argument("table", choices=(*entities, "roles", "meeting_participants"))
    remove.add_argument(
        "rows", nargs="+", help="id or mention id; MEETING PERSON for a participant"
    )
    add = verbs.add_parser("add", help="a missing fact, quoted from an article")
    kinds = add.add_subparsers(dest="table", required=True)
    quoted = argparse.ArgumentParser(add_help=False)
    quoted.add_argument("--article", required=True, help="the article_id that states it")
    quoted.add_argument("--quote", required=True, help="its exact words (found once)")
    role = kinds.add_parser("roles", parents=[common, quoted], help="a post a person holds")
    role.add_argument("--person", required=True)
    role.add_argument("--title", required=True, help="the post without its body: Minister")
    role.add_argument("--organisation", help="where the post is held")
    who = kinds.add_parser(
        "meeting_participants", parents=[common, quoted], help="someone who took part"
    )
    who.add_argument("--meeting", required=True)
    who.add_argument("--person", required=True)
    meeting = kinds.add_parser("meetings", parents=[common, quoted], help="an encounter")
    meeting.add_argument("--kind", required=True)
    meeting.add_argument("--start-date", required=True)
    meeting.add_argument("--participant", action="append", required=True, help="repeat")
    for option in ("--end-date", "--name", "--location", "--country", "--parent"):
        meeting.add_argument(option)
    curate.set_defaults(run=_curate)


def _scale_options(command: argparse.ArgumentParser) -> None:
    """Where extraction runs and what a build may reuse: ``--jobs``, ``--engine``,
    ``--scheduler``, ``--cache``, ``--no-cache``."""
    from communique.engines import ENGINES, default_jobs

    command.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        metavar="N",
        help="worker processes that extract articles (default: the cores, here %(default)s)",
    )
    command.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="run extraction on this machine, or on the workers of a Dask cluster",
    )
    command.add_argument(
        "--scheduler", metavar="ADDRESS", help="the Dask scheduler, for --engine dask"
    )
    reuse = command.add_mutually_exclusive_group()
    reuse.add_argument(
        "--cache",
        metavar="DIR",
        help="keep extracted facts here (default: $XDG_CACHE_HOME/communique or "
        "~/.cache/communique); deleting it never changes the output",
    )
    reuse.add_argument(
        "--no-cache", action="store_true", help="extract every article and rebuild everything"
    )


def _engine_and_cache(args: argparse.Namespace):
    from communique.cache import Cache, default_dir
    from communique.engines import Engine

    engine = Engine(args.engine, max(1, args.jobs), args.scheduler)
    cache = None if args.no_cache else Cache(Path(args.cache) if args.cache else default_dir())
    return engine, cache


def _generate(args: argparse.Namespace) -> int:
    from communique.bench.corpus import write_corpus

    written = write_corpus(Path(args.out), args.count, args.seed, args.start)
    print(f"wrote {len(written)} invented article(s) to {args.out}")
    return EXIT_OK


def _bench(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    from communique.bench.run import BenchError, bench

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="communique-bench-"))
    try:
        print(bench(args.sizes, work, args.seed, args.repeat, args.jobs, not args.no_verify))
    except BenchError as error:
        _say(str(error))
        return EXIT_INVALID
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return EXIT_OK


def _bench_parsers(commands) -> None:
    """``communique generate`` (an invented corpus) and ``communique bench`` (build it)."""
    from communique.engines import default_jobs

    generate = commands.add_parser(
        "generate", help="write an invented corpus of any size (deterministic by seed)"
    )
    generate.add_argument("count", type=int, help="how many articles")
    generate.add_argument("out", help="folder to write them into")
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument(
        "--start", type=int, default=0, help="first article's number (to grow a corpus)"
    )
    generate.set_defaults(run=_generate)
    bench = commands.add_parser(
        "bench",
        help="build invented corpora cold, warm, unchanged and with one article added",
    )
    bench.add_argument("sizes", type=int, nargs="*", default=[1000], help="corpus sizes")
    bench.add_argument("--repeat", type=int, default=3, help="runs of each kind (medians)")
    bench.add_argument("--seed", type=int, default=1)
    bench.add_argument("--jobs", type=int, default=default_jobs(), help="extraction workers")
    bench.add_argument("--work", help="keep corpora, caches and packages here (else a temp dir)")
    bench.add_argument(
        "--no-verify",
        action="store_true",
        help="skip the cache-less build that checks the added article's package",
    )
    bench.set_defaults(run=_bench)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("communique")
    except PackageNotFoundError:
        return "(not installed)"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line that says where the help is."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog="communique", description=__doc__.split("\n\n")[0])
    top.add_argument("--version", action="version", version=f"communique {_version()}")
    commands = top.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build and publish the package from articles")
    build.add_argument(
        "articles", nargs="?", default=DEFAULT_CORPUS, help="folder of .txt articles"
    )
    build.add_argument(
        "--out",
        default=DEFAULT_PACKAGE,
        help="package folder to publish: missing, empty, or holding a previous package",
    )
    build.add_argument(
        "--skip-invalid",
        action="store_true",
        help="publish without articles that have errors, and list them",
    )
    build.add_argument(
        "--allow-other-corpus",
        action="store_true",
        help=f"build a corpus other than {DEFAULT_CORPUS}/ into {DEFAULT_PACKAGE}/",
    )
    build.add_argument(
        "--allow-mass-retirement",
        action="store_true",
        help="publish even if more than half of the published ids would be retired",
    )
    build.add_argument(
        "--curation", help="folder of judgements (default: curation/ beside the articles)"
    )
    build.add_argument(
        "--strict",
        action="store_true",
        help="a judgement that no longer holds is an error (always so when CI=true)",
    )
    _scale_options(build)
    loudness = build.add_mutually_exclusive_group()
    loudness.add_argument("--quiet", action="store_true", help="print errors only, no progress")
    loudness.add_argument(
        "--verbose", action="store_true", help="also print counts, merge decisions and timings"
    )
    build.add_argument(
        "--report-json",
        metavar="FILE",
        help="write the build report (counts, warnings, errors, timings, version) as JSON",
    )
    build.set_defaults(run=_build)
    validate = commands.add_parser("validate", help="validate a published package")
    validate.add_argument("package", nargs="?", default=DEFAULT_PACKAGE)
    validate.add_argument("--articles", help="corpus folder, to check mention offsets")
    validate.set_defaults(run=_validate)
    diff = commands.add_parser(
        "diff", help="row-level differences between two packages (exit 1 if any)"
    )
    diff.add_argument("old", help="package folder, datapackage.json, release zip or version")
    diff.add_argument("new")
    diff.add_argument("--dist", default="dist", help="where release zips are, for versions")
    diff.set_defaults(run=_diff)
    check = commands.add_parser("check-version", help="fail when data changed but not version")
    check.add_argument("old")
    check.add_argument("new")
    check.set_defaults(run=_check_version)
    fresh = commands.add_parser("check-fresh", help="fail when a package is not a fresh build")
    fresh.add_argument("articles")
    fresh.add_argument("package")
    fresh.set_defaults(run=_check_fresh)
    release = commands.add_parser("release", help="write dist/<name>-<version>.zip")
    release.add_argument("package", nargs="?", default=DEFAULT_PACKAGE)
    release.add_argument("--dist", default="dist")
    release.add_argument(
        "--quality",
        default=DEFAULT_QUALITY,
        help="measured extraction quality to put in the dataset card, when the file exists",
    )
    release.set_defaults(run=_release)
    rules = commands.add_parser(
        "rules", help="check the rule files; list rules a corpus never uses"
    )
    rules.add_argument(
        "--unused", metavar="ARTICLES_DIR", help="list the rules no article of this corpus fires"
    )
    rules.set_defaults(run=_rules)
    review = commands.add_parser(
        "review", help="what a curator should look at, most doubtful first"
    )
    review.add_argument("package", nargs="?", default="datapackage")
    review.add_argument("--articles", default="articles", help="the package's corpus folder")
    review.add_argument("--curation", help="judgements (default: curation/ beside the articles)")
    review.add_argument("--limit", type=int, default=30, help="items to show; 0 for all")
    review.set_defaults(run=_review)
    _curate_parser(commands)
    _bench_parsers(commands)
    export = commands.add_parser("export", help="write the SQLite database and Parquet files")
    export.add_argument("package", nargs="?", default="datapackage")
    export.add_argument("--dist", default="dist")
    export.set_defaults(run=_export)
    report = commands.add_parser("report", help="write a static HTML report of a package")
    report.add_argument("package", nargs="?", default="datapackage")
    report.add_argument("--articles", help="corpus folder, to show article texts")
    report.add_argument("--out", default="site", help="folder to write the report into")
    report.add_argument(
        "--quality",
        default="evaluation/quality.json",
        help="extraction quality file to show, when it exists",
    )
    report.set_defaults(run=_site)
    return top


def _report(error: Exception) -> int | None:
    """The exit code for an error a person can act on, after saying what it is; None for a
    bug, which keeps its traceback."""
    if isinstance(error, UsageError | PackageError):
        _say(str(error))
        return EXIT_USAGE
    if isinstance(error, InputError):
        _say("the corpus has errors; nothing was published.")
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        print(
            "Fix them, or rerun with --skip-invalid to publish without those articles.",
            file=sys.stderr,
        )
        return EXIT_INVALID
    if isinstance(error, CurationFailed):
        _say("judgements in curation/ do not hold; nothing was published.")
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        print("Fix or remove them (see `communique review`).", file=sys.stderr)
        return EXIT_INVALID
    if isinstance(error, RuleError):
        _say(f"a rule file cannot be used:\n{error}")
        return EXIT_INVALID
    if isinstance(error, ValidationFailed):
        from communique.validate import format_report

        _say("the built package is invalid; nothing was published.")
        print(format_report(error.issues), file=sys.stderr)
        return EXIT_INVALID
    return None


def _caused_by_ctrl_c(error: BaseException) -> bool:
    """Whether ``error`` was raised because of a Ctrl-C: Python wraps a KeyboardInterrupt
    that lands in some places in another exception (in a class being made as a module is
    imported, a ``RuntimeError`` from ``__set_name__``)."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def program() -> NoReturn:
    """The ``communique`` command (``python -m communique.cli`` too): ``main`` on the
    process's arguments, and the process's end with its exit code once the exit handlers
    have run, without the interpreter's teardown (``_end_without_teardown``); a build
    then keeps what it would free at its end (``collector.process_ends_with_the_build``)."""
    from communique.collector import process_ends_with_the_build

    process_ends_with_the_build()
    code = main()
    _program_exit.append(code)
    sys.exit(code)


#: the exit code of the command ``program`` ran, once it has run
_program_exit: list[int] = []


def _end_without_teardown() -> None:
    """End the process ``program`` ran a command in, once every other exit handler has run
    (this one is registered as this module is imported, so it runs after those registered
    later: multiprocessing's, the temporary folders', Dask's), and the output is flushed.
    What it skips is the interpreter's teardown, which frees every module and object one by
    one for a process about to end: 0.1-0.15 s of the 5 s one article added to 10,000
    takes. Every file the command wrote is closed by then, and the cache's database too
    (``_build_and_explain``). In a process that did not run ``program`` (tests, a caller
    of ``main``) it does nothing."""
    if not _program_exit:
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing more to say anyway
            stream.flush()
    os._exit(_program_exit[0])


atexit.register(_end_without_teardown)


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            args = parser().parse_args(argv)
        except SystemExit as stop:  # --help, --version, or a usage error already said
            return stop.code if isinstance(stop.code, int) else EXIT_USAGE
        return args.run(args)
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INVALID
    except Exception as error:
        if _caused_by_ctrl_c(error):
            _say("interrupted")
            return EXIT_INTERRUPTED
        code = _report(error)
        if code is None:
            raise
        return code


if __name__ == "__main__":
    program()
