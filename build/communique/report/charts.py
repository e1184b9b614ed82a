"""The report's charts as Vega-Lite specifications (built with Altair, data inline), and the
Vega/Vega-Lite/Vega-Embed bundle that draws them with no network (from vl-convert)."""

from __future__ import annotations

from typing import Any

import altair as alt
import vl_convert

from communique.model import Row
from communique.report.network import Graph
from communique.schema import fields

ALL = "all"
#: Charts as wide as the page, legends included.
FIT = alt.AutoSizeParams(type="fit-x", contains="padding")


def vega_bundle() -> str:
    """One classic script defining ``vegaEmbed``, for the Vega-Lite version Altair writes."""
    version = ".".join(alt.SCHEMA_VERSION.removeprefix("v").split(".")[:2])
    # The stub makes ``snippet`` required, but the function defaults it (its signature is
    # ``(snippet=None, vl_version=None)``): no snippet gives the bundle that sets the globals.
    return vl_convert.javascript_bundle(vl_version=version)  # type: ignore[call-arg]


def meeting_kinds() -> list[str]:
    (kind,) = [f for f in fields("meetings") if f["name"] == "kind"]
    return list(kind["constraints"]["enum"])


def timeline_spec(meetings: list[Row]) -> dict[str, Any]:
    """Meetings by date, one row per country pair, coloured by kind; a menu filters the
    country pair, the legend highlights kinds, a click opens the meeting's page. Each row of
    ``meetings``: meeting_id, label, kind, start_date, end_date, countries, place,
    participants, href."""
    pairs = sorted({m["countries"] for m in meetings})
    pair = alt.param(
        name="pair",
        value=ALL,
        bind=alt.binding_select(options=[ALL, *pairs], name="Country pair "),
    )
    kind = alt.selection_point(name="kind_pick", fields=["kind"], bind="legend")
    colour = alt.Color("kind:N", scale=alt.Scale(domain=meeting_kinds()), title="Kind")
    months = alt.Axis(format="%b %Y", tickCount="month", labelOverlap=True)
    x = alt.X("start_date:T", title="Date", scale=alt.Scale(type="utc"), axis=months)
    y = alt.Y("countries:N", title="Countries of the participants", sort="ascending")
    base = (
        alt.Chart(alt.Data(values=meetings))
        .transform_filter(f"pair == '{ALL}' || datum.countries == pair")
        .encode(y=y)
    )
    spans = (
        base.transform_filter("datum.end_date != null")
        .mark_rule(strokeWidth=5)
        .encode(
            x=x,
            x2="end_date:T",
            color=colour,
            opacity=alt.condition(kind, alt.value(0.5), alt.value(0.1)),
        )
    )
    points = base.mark_circle(size=160, stroke="white", strokeWidth=1).encode(
        x=x,
        color=colour,
        opacity=alt.condition(kind, alt.value(0.95), alt.value(0.15)),
        href="href:N",
        tooltip=[
            alt.Tooltip("label:N", title="Meeting"),
            alt.Tooltip("kind:N", title="Kind"),
            alt.Tooltip("dates:N", title="Dates"),
            alt.Tooltip("place:N", title="Place"),
            alt.Tooltip("participants:N", title="Participants"),
        ],
    )
    height = max(120, 34 * len(pairs))
    chart = (
        alt.layer(spans, points)
        .add_params(pair, kind)
        .properties(width="container", height=height, title="Meetings by date", autosize=FIT)
        .configure_view(stroke=None)
    )
    return chart.to_dict()


def network_spec(graph: Graph) -> dict[str, Any]:
    """People (circles, coloured by country, sized by meetings) joined by an edge per pair that
    met (thicker for more meetings), and the organisations they hold posts in (grey squares,
    dashed links). Positions come from networkx; a click opens the row's page."""
    hidden = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    x = alt.X("x:Q", axis=hidden, scale=alt.Scale(zero=False, padding=40))
    y = alt.Y("y:Q", axis=hidden, scale=alt.Scale(zero=False, padding=30))
    posts = (
        alt.Chart(alt.Data(values=graph.posts))
        .mark_rule(strokeDash=[3, 3], color="#bbbbbb")
        .encode(x=x, y=y, x2="x2:Q", y2="y2:Q", tooltip=["person:N", "title:N", "organisation:N"])
    )
    contacts = (
        alt.Chart(alt.Data(values=graph.contacts))
        .mark_rule(color="#4c6e91", opacity=0.7)
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            strokeWidth=alt.StrokeWidth("meetings:Q", scale=alt.Scale(range=[1.5, 7]), legend=None),
            tooltip=[
                alt.Tooltip("a_name:N", title="Person"),
                alt.Tooltip("b_name:N", title="Met"),
                alt.Tooltip("meetings:Q", title="Meetings"),
                alt.Tooltip("dates:N", title="Dates"),
            ],
        )
    )
    bodies = (
        alt.Chart(alt.Data(values=graph.organisations))
        .mark_square(size=90, color="#9a9a9a")
        .encode(
            x=x,
            y=y,
            href="href:N",
            tooltip=[alt.Tooltip("name:N", title="Organisation"), alt.Tooltip("kind:N")],
        )
    )
    body_labels = (
        alt.Chart(alt.Data(values=graph.organisations))
        .mark_text(dy=12, fontSize=9, color="#8a8a8a")
        .encode(x=x, y=y, text="name:N")
    )
    people = (
        alt.Chart(alt.Data(values=graph.people))
        .mark_circle(stroke="white", strokeWidth=1.5, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color("country:N", title="Country", scale=alt.Scale(scheme="tableau20")),
            size=alt.Size("meetings:Q", scale=alt.Scale(range=[120, 700]), legend=None),
            href="href:N",
            tooltip=[
                alt.Tooltip("name:N", title="Person"),
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("meetings:Q", title="Meetings"),
                alt.Tooltip("posts:N", title="Posts"),
            ],
        )
    )
    names = (
        alt.Chart(alt.Data(values=graph.people))
        .mark_text(dy=-14, fontSize=11, fontWeight="bold", color="#222222")
        .encode(x=x, y=y, text="name:N")
    )
    chart = (
        alt.layer(posts, contacts, bodies, body_labels, people, names)
        .properties(width="container", height=640, title="Who met whom", autosize=FIT)
        .configure_view(stroke=None)
    )
    return chart.to_dict()
