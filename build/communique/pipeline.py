"""The build, stage by stage: read -> extract -> resolve -> tables -> ids -> validate -> publish.

Each stage is a pure function of the one before, except reading the corpus and the
previous release (input) and publishing (output), which happen only here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from communique.changelog import render_section, update_changelog
from communique.diff import diff_packages
from communique.errors import InputError as InputError
from communique.errors import UsageError
from communique.errors import ValidationFailed as ValidationFailed
from communique.extract.article import extract_article
from communique.ids import IdReport, carry_forward_ids, retired_ids_from
from communique.metadata import find_config, package_metadata
from communique.model import Problem, Tables
from communique.output_folder import check_output_folder
from communique.package import read_package, write_descriptor, write_tables
from communique.publish import publish, staging_dir
from communique.read import read_corpus
from communique.resolve import resolve
from communique.tables import build_tables
from communique.validate import validate_package
from communique.versioning import decide_version

CHANGELOG = "CHANGELOG.md"


@dataclass
class BuildReport:
    articles: int
    version: str
    level: str
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    id_notes: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    metadata_origin: str = "defaults (no configuration names this corpus)"


def extract_tables(articles_dir: Path, skip_invalid: bool = False) -> tuple[Tables, BuildReport]:
    """Stages 1-4: the corpus as tables with provisional ids."""
    articles, problems = read_corpus(articles_dir)
    errors = [p for p in problems if p.severity == "error"]
    if errors and not skip_invalid:
        raise InputError(problems)
    if not articles:  # publishing nothing would retire every id of the last release
        raise InputError(
            [*problems, Problem(str(articles_dir), "no usable articles: nothing to publish")]
        )
    facts = [extract_article(article) for article in articles]
    for article, article_facts in zip(articles, facts, strict=True):
        if not (article_facts.people or article_facts.organisations):
            problems.append(Problem(article.path, "no people or organisations found", "warning"))
    resolution = resolve(facts)
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


def check_retirement(previous: Tables, id_report: IdReport) -> None:
    """Refuse a build that would retire most published ids: that is a different corpus or a
    lost one far more often than a real correction."""
    published = sum(len(previous.get(table, [])) for table in id_report.kept)
    retired = sum(len(ids) for ids in id_report.retired.values())
    if published and retired * 2 > published:
        raise UsageError(
            f"this build would retire {retired} of the {published} published ids; "
            "if that is intended, rerun with --allow-mass-retirement"
        )


def build(
    articles_dir: Path,
    out_dir: Path,
    skip_invalid: bool = False,
    allow_mass_retirement: bool = False,
) -> BuildReport:
    """Build the package from ``articles_dir`` and publish it to ``out_dir`` atomically.

    ``out_dir`` must be missing, empty or hold a previous package (nothing else is ever
    replaced). The previous package supplies the ids to carry forward and the version to
    bump; it stays in place, untouched, unless the new one validates.
    """
    check_output_folder(out_dir, articles_dir)
    config = find_config(articles_dir)
    metadata = package_metadata(config, articles_dir.resolve().name)
    tables, report = extract_tables(articles_dir, skip_invalid)
    if config is not None:
        report.metadata_origin = config.origin
    previous = read_package(out_dir) if (out_dir / "datapackage.json").exists() else None
    tables, id_report = carry_forward_ids(
        tables,
        previous.tables if previous else None,
        retired_ids_from(previous.descriptor) if previous else None,
    )
    if previous is not None and not allow_mass_retirement:
        check_retirement(previous.tables, id_report)
    report.id_notes = id_report.lines()
    with staging_dir(out_dir) as staging:
        write_tables(tables, staging)
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
        issues = validate_package(staging, articles_dir)
        if issues:
            raise ValidationFailed(issues)
        publish(staging, out_dir)
    report.version, report.level = version, level
    return report
