"""The report's pages, each a function of the shared context: overview, timeline, network,
searchable tables, and a page per person, organisation, meeting and article.
``render_pages`` gives them all as {path: HTML}."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

from communique.export.views import convenience_views
from communique.package import cell_text
from communique.report.charts import meeting_kinds, network_spec, timeline_spec
from communique.report.context import Link, Site, linked, plain
from communique.report.data import ReportData, flatten, latest_changelog_section, page_href
from communique.report.highlight import Target, pieces, target
from communique.report.network import build_graph
from communique.schema import load_schema

#: Overview rows link each table to the page that lists it.
TABLE_PAGES = {
    "articles": "articles.html",
    "people": "people.html",
    "organisations": "organisations.html",
    "roles": "posts.html",
    "meetings": "meetings.html",
    "meeting_participants": "contacts.html",
}


@dataclass(frozen=True)
class Quality:
    """The extraction quality file (``evaluation/quality.json``) and what it holds."""

    path: Path
    content: Any


MEETING_COLUMNS = ["Dates", "Kind", "Meeting", "Countries", "Place", "Participants"]


def overview_page(site: Site, quality: Quality | None) -> str:
    data = site.data
    counts = [
        [
            linked(table, TABLE_PAGES[table]) if table in TABLE_PAGES else plain(table),
            plain(len(rows)),
            plain(load_schema(table).get("description", "")),
        ]
        for table, rows in data.tables.items()
    ]
    kinds = Counter(m["kind"] for m in data.tables["meetings"])
    starts = sorted(cell_text(m["start_date"]) for m in data.tables["meetings"])
    span = f"{len(starts)}, from {starts[0]} to {starts[-1]}" if starts else "none"
    section = latest_changelog_section(data.changelog)
    changes = None
    if section:  # the section's own heading goes one level down, under "Latest changes"
        markdown = MarkdownIt("commonmark", {"html": False})
        changes = Markup(markdown.render(section.replace("## ", "### ", 1)))
    quality_rows = None
    if quality is not None:
        quality_rows = [
            [plain(key), plain(f"{value:.3f}" if isinstance(value, float) else value)]
            for key, value in flatten(quality.content)
        ]
    return site.render(
        "overview.html",
        "index.html",
        site.package["title"],
        counts=counts,
        kinds=[(k, kinds[k]) for k in meeting_kinds() if kinds[k]],
        span=span,
        changes=changes,
        quality=quality_rows,
        quality_path=str(quality.path) if quality else "evaluation/quality.json",
        missing=sorted(data.missing_texts.items()),
    )


def timeline_page(site: Site) -> str:
    return site.render(
        "chart_page.html",
        "timeline.html",
        "Timeline of meetings",
        intro=(
            "Every meeting the articles report, by date, one line per set of countries its "
            "participants serve. Pick a country pair to filter, click a kind in the legend to "
            "pick it out, click a meeting to open its page. Bars show meetings of several days."
        ),
        spec=timeline_spec(site.timeline_data()),
        table_heading="All meetings",
        columns=MEETING_COLUMNS,
        rows=site.meeting_rows(),
    )


def network_page(site: Site) -> str:
    views = site.data.views
    graph = build_graph(views["meeting_attendance"], views["contacts"], views["posts"])
    rows = [
        [
            site.person_link(c["a"]),
            site.person_link(c["b"]),
            plain(c["meetings"]),
            plain(c["dates"]),
        ]
        for c in graph.contacts
    ]
    return site.render(
        "chart_page.html",
        "network.html",
        "Who met whom",
        intro=(
            "People who took part in meetings (circles, coloured by country, larger for more "
            "meetings), a line for each pair who met (thicker for more meetings; a visit counts "
            "once with the meetings held during it), and the organisations they hold posts in "
            "(grey squares, dashed lines). Hover for details, click to open a page."
        ),
        spec=network_spec(graph),
        table_heading="Pairs who met",
        columns=["Person", "Met", "Meetings", "Dates"],
        rows=rows,
    )


def table_pages(site: Site) -> dict[str, str]:
    views = site.data.views
    titles = defaultdict(list)
    for post in views["posts"]:
        titles[post["person_id"]].append(post["title"])
    meetings_of = Counter(r["person_id"] for r in views["meeting_attendance"])
    people = [
        [
            site.person_link(pid),
            plain(p["country"]),
            plain(", ".join(titles[pid])),
            plain(meetings_of[pid]),
        ]
        for pid, p in sorted(site.people.items(), key=lambda i: (i[1]["name"], i[0]))
    ]
    organisations = [
        [
            site.organisation_link(oid),
            plain(o["abbreviation"]),
            plain(o["kind"]),
            plain(o["country"]),
            site.organisation_link(o["parent_id"]),
        ]
        for oid, o in sorted(site.organisations.items(), key=lambda i: (i[1]["name"], i[0]))
    ]
    articles = [
        [
            plain(a["published"]),
            linked(aid, page_href("articles", aid)),
            plain(a["title"]),
            plain(a["source"]),
            plain(a["publisher"]),
            plain(a["dateline"]),
            plain(a["word_count"]),
        ]
        for aid, a in sorted(site.articles.items(), key=lambda i: (i[1]["published"], i[0]))
    ]
    contacts = [
        [
            plain(site.dates(c["meeting_id"])),
            plain(c["kind"]),
            site.meeting_link(c["meeting_id"]),
            site.person_link(c["person_a_id"]),
            plain(_post(c["person_a_title"], c["person_a_organisation"])),
            site.person_link(c["person_b_id"]),
            plain(_post(c["person_b_title"], c["person_b_organisation"])),
            plain(site.place(c["meeting_id"])),
            tuple(Link(a, page_href("articles", a)) for a in (c["article_ids"] or "").split() if a),
        ]
        for c in views["contacts"]
    ]
    posts = [
        [
            site.person_link(p["person_id"]),
            plain(p["title"]),
            site.organisation_link(p["organisation_id"]),
            plain(p["first_seen"]),
            plain(p["last_seen"]),
        ]
        for p in views["posts"]
    ]
    aliases = [
        [
            plain(a["entity_type"]),
            linked(
                a["name"],
                page_href(
                    "people" if a["entity_type"] == "person" else "organisations", a["entity_id"]
                ),
            ),
            plain(a["alias"]),
            plain(a["mentions"]),
            plain(a["articles"]),
        ]
        for a in views["aliases"]
    ]
    pages = {
        "people.html": ("People", ["Name", "Country", "Posts", "Meetings"], people),
        "organisations.html": (
            "Organisations",
            ["Name", "Abbreviation", "Kind", "Country", "Part of"],
            organisations,
        ),
        "meetings.html": ("Meetings", MEETING_COLUMNS, site.meeting_rows()),
        "articles.html": (
            "Articles",
            ["Published", "Article", "Title", "Source", "Publisher", "Dateline", "Words"],
            articles,
        ),
        "contacts.html": (
            "Contacts",
            ["Dates", "Kind", "Meeting", "Person", "As", "Met", "As", "Place", "Articles"],
            contacts,
        ),
        "posts.html": (
            "Posts",
            ["Person", "Title", "Organisation", "First seen", "Last seen"],
            posts,
        ),
        "aliases.html": ("Aliases", ["Type", "Name", "Spelling", "Mentions", "Articles"], aliases),
    }
    intros = {f"{v.name}.html": v.description for v in convenience_views()}
    intros |= {page: load_schema(table)["description"] for table, page in TABLE_PAGES.items()}
    intros["meetings.html"] = load_schema("meetings")["description"]
    return {
        path: site.render(
            "table_page.html",
            path,
            heading,
            intro=intros[path],
            columns=columns,
            rows=rows,
        )
        for path, (heading, columns, rows) in pages.items()
    }


def _post(title: str | None, organisation: str | None) -> str:
    return ", ".join(p for p in (title, organisation) if p)


def person_page(site: Site, person_id: str) -> str:
    views = site.data.views
    person = site.people[person_id]
    posts = [
        [
            plain(p["title"]),
            site.organisation_link(p["organisation_id"]),
            plain(p["first_seen"]),
            plain(p["last_seen"]),
        ]
        for p in views["posts"]
        if p["person_id"] == person_id
    ]
    attended = sorted(
        (r for r in views["meeting_attendance"] if r["person_id"] == person_id),
        key=lambda r: (r["start_date"], r["meeting_id"]),
    )
    meetings = [
        [
            plain(site.dates(r["meeting_id"])),
            plain(r["kind"]),
            site.meeting_link(r["meeting_id"]),
            plain(site.place(r["meeting_id"])),
            site.people_links(
                [
                    o["person_id"]
                    for o in site.attendance[r["meeting_id"]]
                    if o["person_id"] != person_id
                ]
            ),
            plain(_post(r["title"], r["organisation_name"])),
        ]
        for r in attended
    ]
    mentions = [m for m in site.tables["mentions"] if m["person_id"] == person_id]
    aliases = [
        a for a in views["aliases"] if a["entity_type"] == "person" and a["entity_id"] == person_id
    ]
    return site.render(
        "person.html",
        page_href("people", person_id),
        person["name"],
        person=person,
        posts=posts,
        meetings=meetings,
        aliases=aliases,
        mentions=site.contexts(mentions),
    )


def organisation_page(site: Site, organisation_id: str) -> str:
    views = site.data.views
    organisation = site.organisations[organisation_id]
    parent = (
        site.organisation_link(organisation["parent_id"])[0] if organisation["parent_id"] else None
    )
    children = [
        site.organisation_link(oid)[0]
        for oid, o in sorted(site.organisations.items())
        if o["parent_id"] == organisation_id
    ]
    posts = [
        [
            site.person_link(p["person_id"]),
            plain(p["title"]),
            plain(p["first_seen"]),
            plain(p["last_seen"]),
        ]
        for p in views["posts"]
        if p["organisation_id"] == organisation_id
    ]
    meetings = [
        [
            plain(site.dates(r["meeting_id"])),
            plain(r["kind"]),
            site.meeting_link(r["meeting_id"]),
            site.person_link(r["person_id"]),
        ]
        for r in views["meeting_attendance"]
        if r["organisation_id"] == organisation_id
    ]
    mentions = [m for m in site.tables["mentions"] if m["organisation_id"] == organisation_id]
    aliases = [
        a
        for a in views["aliases"]
        if a["entity_type"] == "organisation" and a["entity_id"] == organisation_id
    ]
    return site.render(
        "organisation.html",
        page_href("organisations", organisation_id),
        organisation["name"],
        organisation=organisation,
        parent=parent,
        children=children,
        posts=posts,
        meetings=meetings,
        aliases=aliases,
        mentions=site.contexts(mentions),
    )


def meeting_page(site: Site, meeting_id: str) -> str:
    meeting = site.meetings[meeting_id]
    participants = [
        [
            site.person_link(r["person_id"]),
            plain(r["person_country"]),
            plain(r["title"]),
            site.organisation_link(r["organisation_id"]),
        ]
        for r in site.attendance.get(meeting_id, [])
    ]
    children = [
        [
            plain(site.dates(mid)),
            plain(m["kind"]),
            site.meeting_link(mid),
            site.people_links([r["person_id"] for r in site.attendance.get(mid, [])]),
        ]
        for mid, m in sorted(site.meetings.items(), key=lambda i: (i[1]["start_date"], i[0]))
        if m["parent_id"] == meeting_id
    ]
    parent = site.meeting_link(meeting["parent_id"])[0] if meeting["parent_id"] else None
    mentions = [m for m in site.tables["mentions"] if m["meeting_id"] == meeting_id]
    return site.render(
        "meeting.html",
        page_href("meetings", meeting_id),
        site.meeting_label(meeting_id),
        meeting=meeting,
        dates=site.dates(meeting_id),
        place=site.place(meeting_id),
        parent=parent,
        participants=participants,
        children=children,
        mentions=site.contexts(mentions),
    )


def article_page(site: Site, article_id: str) -> str:
    article = site.articles[article_id]
    mentions = [m for m in site.tables["mentions"] if m["article_id"] == article_id]
    text = site.data.texts.get(article_id)
    cut = pieces(text, mentions) if text is not None else None
    targets = {target(m) for m in mentions}
    hrefs = {t: page_href(t.table, t.row_id) for t in targets}
    titles = {t: site.target_title(t) for t in targets}
    facts = [
        (label, cell_text(article[field]))
        for label, field in (
            ("Title", "title"),
            ("Source", "source"),
            ("Publisher", "publisher"),
            ("Dateline", "dateline"),
            ("Language", "language"),
            ("Words", "word_count"),
            ("File", "path"),
            ("sha256", "sha256"),
        )
        if article[field] is not None
    ]
    named = []
    for heading, table, field in (
        ("People", "people", "person_id"),
        ("Organisations", "organisations", "organisation_id"),
        ("Meetings", "meetings", "meeting_id"),
    ):
        ids = sorted({m[field] for m in mentions if m[field]})
        links = [Link(site.target_title(Target(table, i, "")), page_href(table, i)) for i in ids]
        if links:
            named.append((heading, sorted(links, key=lambda link: link.text)))
    return site.render(
        "article.html",
        page_href("articles", article_id),
        article["title"] or article_id,
        article=article,
        facts=facts,
        pieces=cut,
        missing=site.data.missing_texts.get(article_id, ""),
        hrefs=hrefs,
        titles=titles,
        named=named,
    )


def render_pages(data: ReportData, quality: Quality | None = None) -> dict[str, str]:
    """Every page of the site, by path relative to the site root."""
    site = Site(data)
    pages = {
        "index.html": overview_page(site, quality),
        "timeline.html": timeline_page(site),
        "network.html": network_page(site),
        **table_pages(site),
    }
    for person_id in site.people:
        pages[page_href("people", person_id)] = person_page(site, person_id)
    for organisation_id in site.organisations:
        pages[page_href("organisations", organisation_id)] = organisation_page(
            site, organisation_id
        )
    for meeting_id in site.meetings:
        pages[page_href("meetings", meeting_id)] = meeting_page(site, meeting_id)
    for article_id in site.articles:
        pages[page_href("articles", article_id)] = article_page(site, article_id)
    return pages
