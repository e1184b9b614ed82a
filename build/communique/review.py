"""``communique review``: what a curator should look at, most doubtful first, each with the
sentence that caused it and a ``communique curate`` command to start from.

The queue comes from a build of the corpus against the published package (so ids are the
published ones), with the judgements already made applied: what a judgement settled does
not come back. Doubt is a fixed order of kinds, documented in the README, and within fuzzy
merges the lower the similarity, the higher the doubt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from communique.extract.facts import Span
from communique.extract.text import sentences
from communique.model import Article, Problem, Row
from communique.package import read_package
from communique.pipeline import assemble, load_curation, read_articles
from communique.resolve import Anchor, Evidence, Meeting, Organisation, Person, Resolution, locate
from communique.tables import entity_ids
from communique.uptodate import default_curation

#: how doubtful each kind of item is, most doubtful first
DOUBT = {
    "judgement that no longer holds": 1.0,
    "articles disagree": 0.8,
    "meeting with one participant": 0.6,
    "one-word name": 0.55,
    "person without a role": 0.45,
    "person without a country": 0.45,
    "meeting without a place": 0.35,
    "body without a country": 0.3,
}
FUZZY = 0.5  # a merge on similar names: FUZZY + (100 - similarity) / 100


@dataclass(frozen=True)
class Item:
    doubt: float
    kind: str
    table: str
    row: str  # the published id the item is about
    what: str
    evidence: tuple[tuple[str, str], ...]  # (article_id, sentence)
    hint: str = ""  # a command to start a judgement from


def sentence_at(article: Article, start: int) -> str:
    """The sentence of the story around offset ``start`` (else its line)."""
    for sentence in sentences(article):
        if sentence.start <= start < sentence.end:
            return sentence.text
    line_start = article.text.rfind("\n", 0, start) + 1
    line_end = article.text.find("\n", start)
    return article.text[line_start : line_end if line_end >= 0 else None].strip()


class _Queue:
    def __init__(self, articles: list[Article], tables, resolution: Resolution, ids) -> None:
        self.articles = {a.article_id: a for a in articles}
        self.tables = tables
        self.resolution = resolution
        self.ids = ids
        self.mentions: dict[str, list[Row]] = {}
        for m in sorted(tables["mentions"], key=lambda m: (m["article_id"], m["start"])):
            for key in ("person_id", "organisation_id", "meeting_id"):
                if m[key]:
                    self.mentions.setdefault(m[key], []).append(m)

    def said(self, evidence: Evidence) -> tuple[str, str]:
        article_id, span = evidence
        return article_id, sentence_at(self.articles[article_id], span.start)

    def first_said(self, row_id: str) -> tuple[tuple[str, str], ...]:
        mentions = self.mentions.get(row_id, [])
        if not mentions:
            return ()
        m = mentions[0]
        return (self.said((m["article_id"], Span(m["start"], m["end"], m["text"]))),)

    def mention_id(self, row_id: str, evidence: Evidence) -> str:
        """The published mention of ``row_id`` at or inside ``evidence``'s span."""
        article_id, span = evidence
        for m in self.mentions.get(row_id, []):
            if m["article_id"] == article_id and span.start <= m["start"] < span.end:
                return m["mention_id"]
        return row_id

    def entity(self, table: str, evidence: Evidence) -> str | None:
        tables: dict[str, Sequence[Person | Organisation | Meeting]] = {
            "people": self.resolution.people,
            "organisations": self.resolution.organisations,
            "meetings": self.resolution.meetings,
        }
        rows = tables[table]
        owners = [(i, (a, [s])) for i, row in enumerate(rows) for a, s in row.spans]
        anchor = Anchor(evidence[0], evidence[1].start, evidence[1].end)
        found = {owners[h][0] for h in locate(anchor, [item for _, item in owners])}
        return self.ids.id_of(table, found.pop(), self.resolution) if len(found) == 1 else None


def _items(queue: _Queue, problems: list[Problem]) -> list[Item]:
    items = [
        Item(
            DOUBT["judgement that no longer holds"],
            "judgement that no longer holds",
            "",
            "",
            f"{p.path}:{p.line}: {p.message}" if p.line else f"{p.path}: {p.message}",
            (),
        )
        for p in problems
    ]
    for decision in queue.resolution.decisions:
        if decision.score is None or decision.blocked or decision.sides is None:
            continue
        row = queue.entity(decision.table, decision.sides[0])
        if row is None:
            continue
        a, b = (queue.mention_id(row, side) for side in decision.sides)
        items.append(
            Item(
                FUZZY + (100 - decision.score) / 100,
                "merge on similar names",
                decision.table,
                row,
                f"{decision.text} (similarity {decision.score:.0f})",
                tuple(queue.said(side) for side in decision.sides),
                f"communique curate different {decision.table} {a} {b}",
            )
        )
    for conflict in queue.resolution.conflicts:
        row = queue.ids.id_of(conflict.table, conflict.index, queue.resolution)
        items.append(
            Item(
                DOUBT["articles disagree"],
                "articles disagree",
                conflict.table,
                row,
                f"{conflict.field}: {conflict.kept!r} kept; {conflict.evidence[0]} alone says "
                f"{conflict.value!r}",
                (queue.said(conflict.evidence),),
                f"communique curate set {conflict.table} {row} {conflict.field} '{conflict.value}'",
            )
        )
    return items + _row_items(queue)


def _row_items(queue: _Queue) -> list[Item]:
    tables = queue.tables
    items = []

    def add(kind: str, table: str, row: str, what: str, hint: str = "") -> None:
        items.append(Item(DOUBT[kind], kind, table, row, what, queue.first_said(row), hint))

    with_role = {r["person_id"] for r in tables["roles"]}
    for person in tables["people"]:
        pid, name = person["person_id"], person["name"]
        if len(name.split()) == 1:
            add(
                "one-word name",
                "people",
                pid,
                f"{name!r}",
                f"communique curate set people {pid} name '…'",
            )
        if pid not in with_role:
            add(
                "person without a role",
                "people",
                pid,
                f"{name!r}",
                f"communique curate add roles --person {pid} --title '…' --article … --quote '…'",
            )
        if not person["country"]:
            add(
                "person without a country",
                "people",
                pid,
                f"{name!r}",
                f"communique curate set people {pid} country …",
            )
    for org in tables["organisations"]:
        if not org["country"] and org["kind"] != "international_organisation":
            oid = org["organisation_id"]
            add(
                "body without a country",
                "organisations",
                oid,
                f"{org['name']!r} ({org['kind']})",
                f"communique curate set organisations {oid} country …",
            )
    count: dict[str, int] = {}
    for p in tables["meeting_participants"]:
        count[p["meeting_id"]] = count.get(p["meeting_id"], 0) + 1
    for meeting in tables["meetings"]:
        mid = meeting["meeting_id"]
        label = f"{meeting['kind']} on {meeting['start_date']}"
        if count.get(mid, 0) == 1:
            add(
                "meeting with one participant",
                "meetings",
                mid,
                label,
                f"communique curate add meeting_participants --meeting {mid} --person … "
                "--article … --quote '…'",
            )
        if not meeting["location"]:
            add(
                "meeting without a place",
                "meetings",
                mid,
                label,
                f"communique curate set meetings {mid} location …",
            )
    return items


def review(
    articles_dir: Path, package_dir: Path, curation_dir: Path | None = None
) -> tuple[list[Item], str]:
    """The queue for the package at ``package_dir`` built from ``articles_dir``, most
    doubtful first, and the package's version."""
    package = read_package(package_dir)
    articles, facts, _ = read_articles(articles_dir, skip_invalid=True)
    judgements = load_curation(curation_dir or default_curation(articles_dir))
    built = assemble(articles, facts, judgements, package)
    ids = entity_ids(built.resolution).renamed(built.ids.final)
    queue = _Queue(articles, built.tables, built.resolution, ids)
    items = _items(queue, built.curation.problems)
    items.sort(key=lambda i: (-i.doubt, i.table, i.row, i.what))
    return items, str(package.descriptor.get("version", "?"))


def format_queue(items: list[Item], limit: int | None = None) -> str:
    shown = items[:limit] if limit else items
    lines = [f"{len(items)} item(s) to review, most doubtful first"]
    for n, item in enumerate(shown, start=1):
        where = f"{item.table} {item.row}: " if item.row else ""
        lines.append(f"{n:>3}. [{item.doubt:.2f}] {item.kind} — {where}{item.what}")
        for article_id, sentence in item.evidence:
            lines.append(f"       {article_id}: {sentence}")
        if item.hint:
            lines.append(f"       → {item.hint}")
    if limit and len(items) > limit:
        lines.append(f"… and {len(items) - limit} more (--limit 0 for all)")
    return "\n".join(lines)
