"""The build, stage by stage:
read -> extract -> resolve -> curate -> tables -> ids -> validate -> publish.

Each stage is a pure function of the one before, except reading the corpus, the curators'
judgements and the previous release (input) and publishing (output), which happen only here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from communique import memos
from communique.alikes_store import kept_in as alikes_kept_in
from communique.cache import Cache
from communique.changelog import render_curated, render_section, update_changelog
from communique.collector import (
    collector_spares_what_exists,
    release_freed_memory,
    released_meanwhile,
)
from communique.curate import Curation, History, check_ids, curate, prepare
from communique.diff import diff_packages
from communique.engines import IN_PROCESS, Engine
from communique.errors import CurationFailed as CurationFailed
from communique.errors import InputError as InputError
from communique.errors import UsageError
from communique.errors import ValidationFailed as ValidationFailed
from communique.extract.facts import ArticleFacts
from communique.extraction import extract_corpus
from communique.ids import IdReport, carry_forward_ids, replaced_ids_from, retired_ids_from
from communique.issues import ValidationIssue
from communique.judgements import Judgement, load_judgements
from communique.lexicon_store import kept_in
from communique.metadata import corpus_name, find_config, package_metadata
from communique.model import Article, BuildReport, Problem, Tables
from communique.output_folder import check_output_folder
from communique.package import Package, read_package, write_descriptor, write_tables
from communique.progress import Stages
from communique.publish import publish, staging_dir
from communique.read import read_corpus
from communique.reading import corpus_reader
from communique.resolve import Resolution, resolve
from communique.tables import build_tables, entity_ids
from communique.unions_store import kept_in as unions_kept_in
from communique.uptodate import Freshness, check, default_curation, remember
from communique.validator import texts_likely_needed, validator_beside
from communique.versioning import decide_version

CHANGELOG = "CHANGELOG.md"


def read_articles(
    articles_dir: Path,
    skip_invalid: bool = False,
    stages: Stages | None = None,
    engine: Engine = IN_PROCESS,
    cache: Cache | None = None,
) -> tuple[list[Article], list[ArticleFacts], BuildReport]:
    """Stages 1-2: the corpus read, and the facts of each article (each from ``cache`` when
    it has it, else read or extracted on ``engine``: an article read there is extracted
    there too, so the cold "read" stage holds most of the extraction)."""
    stages = stages or Stages()
    extracted: dict[str, ArticleFacts] = {}  # by the reading workers, as they read
    with stages.stage("read"):
        articles, problems = read_corpus(articles_dir, corpus_reader(engine, cache, extracted))
    errors = [p for p in problems if p.severity == "error"]
    if errors and not skip_invalid:
        raise InputError(problems)
    if not articles:  # publishing nothing would retire every id of the last release
        raise InputError(
            [*problems, Problem(str(articles_dir), "no usable articles: nothing to publish")]
        )
    with stages.stage("extract", len(articles)) as done:
        facts = extract_corpus(articles, engine, cache, done, extracted)
    for article, article_facts in zip(articles, facts, strict=True):
        if not (article_facts.people or article_facts.organisations):
            problems.append(Problem(article.path, "no people or organisations found", "warning"))
    report = BuildReport(len(articles), "", "", problems, sorted({p.path for p in errors}))
    return articles, facts, report


def load_curation(folder: Path) -> list[Judgement] | None:
    """The judgements in ``folder``, or None when there are none (then the package has no
    curation tables at all); an entry that cannot be read stops the build."""
    judgements, problems = load_judgements(folder)
    if problems:
        raise CurationFailed(problems)
    return judgements or None


@dataclass
class Assembly:
    """A build before it is written: the tables under their published ids, and how they
    came to be."""

    resolution: Resolution
    curation: Curation
    tables: Tables
    ids: IdReport


def assemble(
    articles: list[Article],
    facts: list[ArticleFacts],
    judgements: list[Judgement] | None,
    previous: Package | Callable[[], Package | None] | None,
    stages: Stages | None = None,
) -> Assembly:
    """Stages 3-6: resolve (the curators' same/different join the rules' union-find), curate,
    lay out the tables, and carry the previous release's ids forward. ``previous`` may be
    the function that gives it, when it is still being read (by the validation process):
    it is asked for only when needed, before resolution when there are judgements to check
    against it, else once the tables are laid out."""
    stages = stages or Stages()
    if judgements:  # what they are checked against (none: nothing to check)
        previous = _now(previous)
    history = (
        History.of(previous.descriptor, previous.tables)
        if isinstance(previous, Package) and judgements
        else History()
    )
    with stages.stage("resolve"):
        curation = prepare(judgements or [], history)
        resolution = resolve(facts, curation.links)
        resolution, curation = curate(resolution, curation, articles)
    memos.forget()  # what resolution remembered: no later stage asks again
    with stages.stage("tables"):
        tables = build_tables(articles, resolution, curation if judgements is not None else None)
    previous = _now(previous)
    with stages.stage("ids"):
        tables, id_report = carry_forward_ids(
            tables,
            previous.tables if previous else None,
            retired_ids_from(previous.descriptor) if previous else None,
            replaced_ids_from(previous.descriptor) if previous else None,
        )
        if curation.judgements:  # else nothing to check, and no ids to lay out again
            published = entity_ids(resolution).renamed(id_report.final)
            curation.problems += check_ids(
                curation,
                resolution,
                lambda table, i: published.id_of(table, i, resolution),
                history,
            )
    return Assembly(resolution, curation, tables, id_report)


def _now(previous: Package | Callable[[], Package | None] | None) -> Package | None:
    return previous() if callable(previous) else previous


def _without_new_judgements(
    built: Assembly,
    articles: list[Article],
    facts: list[ArticleFacts],
    judgements: list[Judgement] | None,
    previous: Package | None,
) -> tuple[Assembly | None, list[Judgement], list[str]]:
    """The build as the judgements already applied in ``previous`` make it (None when no
    judgement is new), the new judgements, and the ids of those withdrawn since."""
    before = {
        r["judgement_id"] for r in (previous.tables if previous else {}).get("judgements", [])
    }
    held = {j.id for j in built.curation.judgements}
    new = [j for j in built.curation.judgements if j.id not in before]
    withdrawn = sorted(before - held)
    if previous is None or not new:
        return None, new, withdrawn
    kept = [j for j in judgements or [] if j.id in before]
    return assemble(articles, facts, kept, previous), new, withdrawn


def validate_build(
    package_dir: Path,
    texts: Mapping[str, str],
    validated: Path | None,
    jobs: int,
    timings: dict[str, float],
) -> list[ValidationIssue]:
    """``validate.validate_build``, imported only by a build that validates in its own
    process: pandas, Pandera and Frictionless take half a second to import, which a build
    that validates beside itself (``validator``) does not spend here."""
    from communique import validate

    return validate.validate_build(package_dir, texts, validated, jobs, timings)


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
    curation_dir: Path | None = None,
    strict: bool = False,
    stages: Stages | None = None,
    allow_mass_retirement: bool = False,
    engine: Engine = IN_PROCESS,
    cache: Cache | None = None,
    freshness: Freshness | None = None,
) -> BuildReport:
    """Build the package from ``articles_dir`` and publish it to ``out_dir`` atomically.

    ``out_dir`` must be missing, empty or hold a previous package (nothing else is ever
    replaced). The previous package supplies the ids to carry forward and the version to
    bump; it stays in place, untouched, unless the new one validates. The judgements in
    ``curation_dir`` (default: ``curation/`` beside the articles folder) are applied; one
    that no longer holds is a warning, or with ``strict`` an error. Extraction runs on
    ``engine``. With a ``cache``, extraction is remembered article by article, a build that
    can change nothing is not run again, and validation checks the rows that changed since
    the package it replaces (see ``uptodate``); ``freshness`` is what ``uptodate.check``
    found, when the caller has already asked; the lexicon is kept there too
    (``lexicon_store``), the names resolution compared (``alikes_store``) and the unions
    its name rules made (``unions_store``). A build that published prunes the cache
    (``Cache.prune``)."""
    check_output_folder(out_dir, articles_dir)
    stages = stages or Stages()
    curation_dir = curation_dir or default_curation(articles_dir)
    options = (skip_invalid, strict, allow_mass_retirement)
    if cache is None:
        return _build(articles_dir, out_dir, curation_dir, options, stages, engine)
    if freshness is None:
        with stages.stage("read"):
            freshness = check(cache, articles_dir, curation_dir, options, out_dir)
    if freshness.report is not None:
        return freshness.report
    validated = out_dir if freshness.validated else None
    with kept_in(cache), alikes_kept_in(cache), unions_kept_in(cache):
        report = _build(
            articles_dir, out_dir, curation_dir, options, stages, engine, cache, validated
        )
    remember(cache, out_dir, freshness, report)
    cache.prune()  # the generations and records no build will ask for again
    return report


def _build(
    articles_dir: Path,
    out_dir: Path,
    curation_dir: Path,
    options: tuple[bool, bool, bool],
    stages: Stages,
    engine: Engine,
    cache: Cache | None = None,
    validated: Path | None = None,
) -> BuildReport:
    """``build``, every stage run; ``validated`` is a package known to have passed
    validation, whose rows need no second look."""
    skip_invalid, strict, allow_mass_retirement = options
    config = find_config(articles_dir)
    metadata = package_metadata(config, corpus_name(articles_dir))
    with ExitStack() as ending_with_the_build:
        # a package to replace that was validated: validation in a process beside this one
        validator = ending_with_the_build.enter_context(validator_beside(validated, engine.jobs))
        spare_what_exists_now = ending_with_the_build.enter_context(collector_spares_what_exists())
        articles, facts, report = read_articles(articles_dir, skip_invalid, stages, engine, cache)
        if config is not None:
            report.metadata_origin = config.origin
        judgements = load_curation(curation_dir)
        spare_what_exists_now()
        if validator is not None:  # the package replaced, read by its process meanwhile
            # and received once the build needs it: resolution does not (most often)
            received = functools.cache(validator.previous)  # asked for once, then kept
            built = assemble(articles, facts, judgements, received, stages)
            previous: Package | None = received()
            del received
        else:
            previous = read_package(out_dir) if (out_dir / "datapackage.json").exists() else None
            spare_what_exists_now()
            built = assemble(articles, facts, judgements, previous, stages)
        if built.curation.problems and strict:
            raise CurationFailed(
                [Problem(p.path, p.message, "error", p.line) for p in built.curation.problems]
            )
        report.problems += built.curation.problems
        report.decisions = [str(d) for d in built.resolution.decisions]
        base, new_judgements, withdrawn = _without_new_judgements(
            built, articles, facts, judgements, previous
        )
        spare_what_exists_now()
        tables, id_report = built.tables, built.ids
        if previous is not None and not allow_mass_retirement:
            check_retirement(previous.tables, id_report)
        report.id_notes = id_report.lines()
        with staging_dir(out_dir) as staging:
            # each table checked beside the build as soon as it is written, if it can be
            write_tables(tables, staging, validator.check_written if validator else None)
            metadata["version"] = (
                previous.descriptor.get("version", "1.0.0") if previous else "1.0.0"
            )
            metadata.update(
                id_report.descriptor_properties(previous.descriptor if previous else None)
            )
            draft = write_descriptor(staging, metadata)
            if validator is not None:  # the tables, while the version is settled here
                validator.check_tables(staging, engine.jobs)
            diff = (
                None
                if previous is None
                else diff_packages(
                    previous.descriptor,
                    previous.tables,
                    draft,
                    tables,
                    (previous.directory, staging),  # as read, and as written just now
                )
            )
            version, level = decide_version(
                previous.descriptor.get("version") if previous else None, diff
            )
            metadata["version"] = version
            write_descriptor(staging, metadata)
            if validator is not None:  # the descriptor final: checked while the build goes on
                likely = texts_likely_needed(diff, tables["mentions"]) if diff else set()
                validator.offer_texts(
                    {a.article_id: a.text for a in articles if a.article_id in likely}
                )
            old_log = (
                (out_dir / CHANGELOG).read_text(encoding="utf-8")
                if previous and (out_dir / CHANGELOG).exists()
                else None
            )
            if level == "none" and old_log is not None:
                log = old_log
            else:
                extracted = base or built
                section = render_section(
                    version,
                    level,
                    diff  # of the tables published, the extracted ones when no judgement is new
                    if previous is None or base is None
                    else diff_packages(
                        previous.descriptor, previous.tables, draft, extracted.tables
                    ),
                    previous.tables if previous else None,
                    extracted.tables,
                    extracted.ids,
                )
                if new_judgements or withdrawn:
                    section += render_curated(
                        new_judgements,
                        withdrawn,
                        None if base is None else diff_packages(draft, base.tables, draft, tables),
                        base.tables if base else tables,
                        tables,
                        [line for line in id_report.lines() if line not in extracted.ids.lines()],
                    )
                log = update_changelog(old_log, section)
                del extracted  # ``built`` or ``base``: see below, before validation
            (staging / CHANGELOG).write_text(log, encoding="utf-8", newline="\n")
            report.counts = {table: len(rows) for table, rows in tables.items()}
            report.previous_version = previous.descriptor.get("version") if previous else None
            texts = {article.article_id: article.text for article in articles}
            # Validation reads the package back from its files and needs nothing else but
            # the texts (for the mentions' slices): what made the package goes, and its
            # memory back to the system, first when validation runs here (or at 100,000
            # articles it and validation's frames make the build's peak memory), and while
            # this process waits for the validation process's verdict when that checks it.
            held: list[object] = [articles, facts, built, base, tables, id_report, diff, previous]
            del articles, facts, built, base, tables, id_report, diff, previous
            if validator is None:
                held.clear()
                release_freed_memory()
            with stages.stage("validate"):
                if validator is not None:
                    with released_meanwhile(held):
                        issues = validator.finish(texts, stages.timings)
                else:
                    issues = validate_build(staging, texts, validated, engine.jobs, stages.timings)
            if issues:
                raise ValidationFailed(issues)
            with stages.stage("publish"):
                publish(staging, out_dir)
        report.version, report.level = version, level
    return report
