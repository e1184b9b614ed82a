"""``communique``: the command line.

Exit codes: 0 done; 1 bad input, an invalid package, or (``diff``, like diff(1)) packages
that differ; 2 a usage error, said in one line; 130 interrupted (Ctrl-C). Each subcommand is
one function; ``main`` is the one place that turns errors into messages and exit codes.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from communique.errors import InputError, PackageError, UsageError, ValidationFailed

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
    from communique.pipeline import build

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
    report = build(
        articles,
        out,
        skip_invalid=args.skip_invalid,
        allow_mass_retirement=args.allow_mass_retirement,
    )
    for problem in report.problems:
        print(f"  {problem}", file=sys.stderr)
    if report.skipped:
        print(
            f"skipped {len(report.skipped)} invalid article(s): {', '.join(report.skipped)}",
            file=sys.stderr,
        )
    for line in report.id_notes:
        print(f"  {line}", file=sys.stderr)
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
    return EXIT_OK


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
    if isinstance(error, ValidationFailed):
        from communique.validate import format_report

        _say("the built package is invalid; nothing was published.")
        print(format_report(error.issues), file=sys.stderr)
        return EXIT_INVALID
    return None


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
        code = _report(error)
        if code is None:
            raise
        return code


if __name__ == "__main__":
    sys.exit(main())
