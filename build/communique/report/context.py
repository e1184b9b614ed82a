"""What every page of the report shares: the package's rows indexed by id, labels and links
for them, table cells, and the Jinja environment (autoescaping on: article text and names
are untrusted)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from communique.model import Row
from communique.package import cell_text
from communique.report.data import ReportData, group, index, meeting_countries, page_href
from communique.report.highlight import Target, context

NAV = (
    ("index.html", "Overview"),
    ("timeline.html", "Timeline"),
    ("network.html", "Network"),
    ("people.html", "People"),
    ("organisations.html", "Organisations"),
    ("meetings.html", "Meetings"),
    ("articles.html", "Articles"),
    ("contacts.html", "Contacts"),
    ("posts.html", "Posts"),
    ("aliases.html", "Aliases"),
)


@dataclass(frozen=True)
class Link:
    """Text in a table cell, linked to a page when ``href`` is set."""

    text: str
    href: str | None = None


Cell = tuple[Link, ...]


def plain(value: Any) -> Cell:
    return (Link(cell_text(value)),)


def linked(text: str, href: str) -> Cell:
    return (Link(text, href),)


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("communique.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class Site:
    """Everything the pages share: the data, indexes over it, and labels for rows."""

    def __init__(self, data: ReportData) -> None:
        self.data = data
        self.tables = data.tables
        self.people = index(data.tables["people"], "person_id")
        self.organisations = index(data.tables["organisations"], "organisation_id")
        self.meetings = index(data.tables["meetings"], "meeting_id")
        self.articles = index(data.tables["articles"], "article_id")
        self.attendance = group(data.views["meeting_attendance"], "meeting_id")
        self.countries = meeting_countries(data)
        licences = data.descriptor.get("licenses") or [{}]
        self.package = {
            "name": data.descriptor["name"],
            "title": data.descriptor.get("title", data.descriptor["name"]),
            "version": data.descriptor["version"],
            "description": data.descriptor.get("description", ""),
            "licence": licences[0].get("name", "no licence given"),
        }
        self.environment = _environment()

    # ---------------------------------------------------------------- labels

    def participants(self, meeting_id: str) -> str:
        return ", ".join(r["person_name"] for r in self.attendance.get(meeting_id, []))

    def meeting_label(self, meeting_id: str) -> str:
        meeting = self.meetings[meeting_id]
        who = self.participants(meeting_id)
        return meeting["name"] or f"{meeting['kind'].capitalize()}: {who}"

    def meeting_link(self, meeting_id: str) -> Cell:
        return linked(self.meeting_label(meeting_id), page_href("meetings", meeting_id))

    def person_link(self, person_id: str) -> Cell:
        return linked(self.people[person_id]["name"], page_href("people", person_id))

    def organisation_link(self, organisation_id: str | None) -> Cell:
        if not organisation_id:
            return plain(None)
        name = self.organisations[organisation_id]["name"]
        return linked(name, page_href("organisations", organisation_id))

    def people_links(self, person_ids: list[str]) -> Cell:
        return tuple(link for pid in person_ids for link in self.person_link(pid))

    def dates(self, meeting_id: str) -> str:
        meeting = self.meetings[meeting_id]
        start, end = cell_text(meeting["start_date"]), cell_text(meeting["end_date"])
        return f"{start} – {end}" if end and end != start else start

    def place(self, meeting_id: str) -> str:
        meeting = self.meetings[meeting_id]
        return ", ".join(p for p in (meeting["location"], meeting["country"]) if p) or "not known"

    def target_title(self, target: Target) -> str:
        if target.table == "people":
            return self.people[target.row_id]["name"]
        if target.table == "organisations":
            return self.organisations[target.row_id]["name"]
        return self.meeting_label(target.row_id)

    def contexts(self, mentions: list[Row]) -> list[dict[str, str]]:
        """Each mention with the text around it, oldest article first."""
        rows = []
        ordered = sorted(
            mentions,
            key=lambda m: (
                self.articles[m["article_id"]]["published"],
                m["article_id"],
                m["start"],
            ),
        )
        for mention in ordered:
            text = self.data.texts.get(mention["article_id"])
            if text is None:
                before, middle, after = "", mention["text"], " (article text not available)"
            else:
                before, middle, after = context(text, mention["start"], mention["end"])
            href = f"{page_href('articles', mention['article_id'])}#{mention['mention_id']}"
            rows.append(
                {
                    "article_id": mention["article_id"],
                    "href": href,
                    "before": before,
                    "text": middle,
                    "after": after,
                }
            )
        return rows

    def render(self, template: str, here: str, heading: str, **context: Any) -> str:
        root = "../" * here.count("/")
        return self.environment.get_template(template).render(
            package=self.package, nav=NAV, here=here, root=root, heading=heading, **context
        )

    # ---------------------------------------------------------------- rows shared by pages

    def meeting_rows(self) -> list[list[Cell]]:
        return [
            [
                plain(self.dates(mid)),
                plain(m["kind"]),
                self.meeting_link(mid),
                plain(self.countries[mid]),
                plain(self.place(mid)),
                self.people_links([r["person_id"] for r in self.attendance.get(mid, [])]),
            ]
            for mid, m in sorted(self.meetings.items(), key=lambda i: (i[1]["start_date"], i[0]))
        ]

    def timeline_data(self) -> list[Row]:
        return [
            {
                "meeting_id": mid,
                "label": self.meeting_label(mid),
                "kind": m["kind"],
                "start_date": cell_text(m["start_date"]),
                "end_date": cell_text(m["end_date"]) or None,
                "dates": self.dates(mid),
                "countries": self.countries[mid],
                "place": self.place(mid),
                "participants": self.participants(mid),
                "href": page_href("meetings", mid),
            }
            for mid, m in sorted(self.meetings.items())
        ]
