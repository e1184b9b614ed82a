"""Who met whom as a graph: people who took part in meetings, an edge per pair that met
(weighted by how many meetings), and the organisations they hold posts in. networkx lays it
out (ForceAtlas2, seeded: the same package gives the same picture)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from communique.model import Row
from communique.report.data import page_href

LAYOUT_SEED = 7


@dataclass(frozen=True)
class Graph:
    #: one row per person: id, name, country, meetings, posts, href, x, y
    people: list[Row]
    #: one row per organisation holding a post of someone drawn: id, name, kind, href, x, y
    organisations: list[Row]
    #: one row per pair that met: a/b ids and names, meetings (count), dates, x, y, x2, y2
    contacts: list[Row]
    #: one row per post linking a person to an organisation: x, y, x2, y2
    posts: list[Row]


def contact_pairs(contacts: list[Row]) -> list[Row]:
    """The ``contacts`` view folded to one row per pair: how often and when they met."""
    pairs: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in contacts:
        pairs[(row["person_a_id"], row["person_b_id"])].append(row)
    return [
        {
            "a": a,
            "b": b,
            "a_name": rows[0]["person_a_name"],
            "b_name": rows[0]["person_b_name"],
            "meetings": len({r["meeting_id"] for r in rows}),
            "dates": ", ".join(sorted({str(r["start_date"]) for r in rows})),
        }
        for (a, b), rows in sorted(pairs.items())
    ]


def build_graph(attendance: list[Row], contacts: list[Row], posts: list[Row]) -> Graph:
    people = {row["person_id"]: row for row in attendance}
    meetings = Counter(
        person for person, _ in {(r["person_id"], r["meeting_id"]) for r in attendance}
    )
    held = [p for p in posts if p["person_id"] in people and p["organisation_id"]]
    pairs = contact_pairs(contacts)

    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(sorted(f"p:{pid}" for pid in people))
    graph.add_nodes_from(sorted({f"o:{p['organisation_id']}" for p in held}))
    for pair in pairs:
        graph.add_edge(f"p:{pair['a']}", f"p:{pair['b']}", weight=2.0 * pair["meetings"])
    for post in sorted(held, key=lambda p: p["role_id"]):
        graph.add_edge(f"p:{post['person_id']}", f"o:{post['organisation_id']}", weight=0.5)
    layout = (
        nx.forceatlas2_layout(  # strong gravity keeps unconnected groups in the picture
            graph,
            seed=LAYOUT_SEED,
            max_iter=300,
            strong_gravity=True,
            scaling_ratio=3.0,
            weight="weight",
        )
        if graph
        else {}
    )
    where = {node: (round(float(x), 4), round(float(y), 4)) for node, (x, y) in layout.items()}

    def at(node: str) -> Row:
        return {"x": where[node][0], "y": where[node][1]}

    def to(node: str) -> Row:
        return {"x2": where[node][0], "y2": where[node][1]}

    titles: dict[str, list[str]] = defaultdict(list)
    for post in posts:
        if post["person_id"] in people:
            body = f" ({post['organisation_name']})" if post["organisation_name"] else ""
            titles[post["person_id"]].append(post["title"] + body)
    person_rows = [
        {
            "id": pid,
            "name": people[pid]["person_name"],
            "country": people[pid]["person_country"] or "unknown",
            "meetings": meetings[pid],
            "posts": "; ".join(titles[pid]) or "none recorded",
            "href": page_href("people", pid),
            **at(f"p:{pid}"),
        }
        for pid in sorted(people)
    ]
    bodies = {p["organisation_id"]: p for p in held}
    organisation_rows = [
        {
            "id": oid,
            "name": bodies[oid]["organisation_name"],
            "kind": bodies[oid]["organisation_kind"],
            "href": page_href("organisations", oid),
            **at(f"o:{oid}"),
        }
        for oid in sorted(bodies)
    ]
    contact_rows = [{**pair, **at(f"p:{pair['a']}"), **to(f"p:{pair['b']}")} for pair in pairs]
    post_rows = [
        {
            "person": post["person_name"],
            "organisation": post["organisation_name"],
            "title": post["title"],
            **at(f"p:{post['person_id']}"),
            **to(f"o:{post['organisation_id']}"),
        }
        for post in sorted(held, key=lambda p: p["role_id"])
    ]
    return Graph(person_rows, organisation_rows, contact_rows, post_rows)
