"""The build, stage by stage: read -> extract -> resolve -> tables -> ids -> validate -> publish.

Each stage is a pure function of the one before, except reading the corpus and the
previous release (input) and publishing (output), which happen only here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from communique.changelog import render_section, update_changelog
from communique.diff import diff_packages
from communique.extract.article import extract_article
from communique.ids import carry_forward_ids, retired_ids_from
from communique.model import Problem, Tables
from communique.package import read_package, write_descriptor, write_tables
from communique.progress import Stages
from communique.publish import publish, staging_dir
from communique.read import read_corpus
from communique.resolve import resolve
from communique.tables import build_tables
from communique.validate import ValidationIssue, validate_package
from communique.versioning import decide_version

PACKAGE_METADATA: dict = {
    "name": "communique-diplomatic-contacts",
    "title": "Communique: diplomatic contacts reported in the news",
    "description": (
        "People, organisations, posts and meetings that news articles about diplomatic "
        "contacts report, extracted by rules and published as normalised tables. Every fact "
        "links to the span of the article that states it (the mentions table). First "
        "corpus: relations between Azerbaijan and Laos."
    ),
    "licenses": [
        {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ],
    "sources": [
        {
            "title": "Article corpus",
            "description": "News articles in the repository's articles/ folder; each row of "
            "the articles table names its file and sha256.",
        }
    ],
    "contributors": [{"title": "Communique contributors", "roles": ["creator"]}],
    "keywords": ["diplomacy", "news", "meetings", "Azerbaijan", "Laos", "open data"],
}
CHANGELOG = "CHANGELOG.md"


class InputError(Exception):
    """The corpus has errors; nothing was published."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{sum(p.severity == 'error' for p in problems)} input error(s)")
        self.problems = problems


class ValidationFailed(Exception):
    """The built package broke its schemas; nothing was published."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        super().__init__(f"{len(issues)} validation issue(s)")
        self.issues = issues


@dataclass
class BuildReport:
    articles: int
    version: str
    level: str
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    id_notes: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    previous_version: str | None = None


def extract_tables(
    articles_dir: Path, skip_invalid: bool = False, stages: Stages | None = None
) -> tuple[Tables, BuildReport]:
    """Stages 1-4: the corpus as tables with provisional ids."""
    stages = stages or Stages()
    with stages.stage("read"):
        articles, problems = read_corpus(articles_dir)
    errors = [p for p in problems if p.severity == "error"]
    if errors and not skip_invalid:
        raise InputError(problems)
    if not articles:  # publishing nothing would retire every id of the last release
        raise InputError(
            [*problems, Problem(str(articles_dir), "no usable articles: nothing to publish")]
        )
    facts = [extract_article(article) for article in stages.track(articles, "extract")]
    for article, article_facts in zip(articles, facts, strict=True):
        if not (article_facts.people or article_facts.organisations):
            problems.append(Problem(article.path, "no people or organisations found", "warning"))
    with stages.stage("resolve"):
        resolution = resolve(facts)
    with stages.stage("tables"):
        tables = build_tables(articles, resolution)
    report = BuildReport(
        len(articles),
        "",
        "",
        problems,
        sorted({p.path for p in errors}),
        decisions=resolution.decisions,
    )
    return tables, report


def build(
    articles_dir: Path, out_dir: Path, skip_invalid: bool = False, stages: Stages | None = None
) -> BuildReport:
    """Build the package from ``articles_dir`` and publish it to ``out_dir`` atomically.

    The previous package in ``out_dir`` (if any) supplies the ids to carry forward and the
    version to bump; it stays in place, untouched, unless the new one validates.
    """
    stages = stages or Stages()
    tables, report = extract_tables(articles_dir, skip_invalid, stages)
    with stages.stage("ids"):
        previous = read_package(out_dir) if (out_dir / "datapackage.json").exists() else None
        tables, id_report = carry_forward_ids(
            tables,
            previous.tables if previous else None,
            retired_ids_from(previous.descriptor) if previous else None,
        )
    report.id_notes = id_report.lines()
    with staging_dir(out_dir) as staging:
        write_tables(tables, staging)
        metadata = dict(PACKAGE_METADATA)
        metadata["version"] = previous.descriptor.get("version", "1.0.0") if previous else "1.0.0"
        metadata.update(id_report.descriptor_properties(previous.descriptor if previous else None))
        draft = write_descriptor(staging, metadata)
        if previous is None:
            version, level = decide_version(None, None)
        else:
            diff = diff_packages(previous.descriptor, previous.tables, draft, tables)
            version, level = decide_version(previous.descriptor.get("version"), diff)
        metadata["version"] = version
        write_descriptor(staging, metadata)
        old_log = (
            (out_dir / CHANGELOG).read_text(encoding="utf-8")
            if previous and (out_dir / CHANGELOG).exists()
            else None
        )
        if level == "none" and old_log is not None:
            log = old_log
        else:
            section = render_section(
                version,
                level,
                None if previous is None else diff,
                previous.tables if previous else None,
                tables,
                id_report,
            )
            log = update_changelog(old_log, section)
        (staging / CHANGELOG).write_text(log, encoding="utf-8", newline="\n")
        with stages.stage("validate"):
            issues = validate_package(staging, articles_dir)
        if issues:
            raise ValidationFailed(issues)
        with stages.stage("publish"):
            publish(staging, out_dir)
    report.version, report.level = version, level
    report.previous_version = previous.descriptor.get("version") if previous else None
    report.counts = {table: len(rows) for table, rows in tables.items()}
    return report
