"""The HTML report without a browser: highlighting, escaping, links that resolve, and the
command line. (tests/test_report_browser.py opens it in Chromium.)"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from communique.cli import main
from communique.report.data import (
    ReportData,
    ReportError,
    flatten,
    latest_changelog_section,
    load_report_data,
    page_href,
    view_rows,
)
from communique.report.highlight import Target, context, pieces
from communique.report.pages import Quality, render_pages
from communique.report.site import write_site
from table_helpers import row, visit_tables

ROOT = Path(__file__).resolve().parents[1]
HOSTILE_NAME = 'Ada </script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
HOSTILE_TEXT = 'Ada <b>met</b> the <script>window.pwned=3</script> minister & co. in "town".'


def _mention(mention_id: str, start: int, end: int, **target) -> dict:
    values = {"person_id": None, "organisation_id": None, "meeting_id": None} | target
    return {"mention_id": mention_id, "start": start, "end": end, **values}


def test_pieces_give_the_text_back_and_link_the_innermost_name():
    text = "Yesterday Ada met Bo in Town."
    mentions = [
        _mention("m", 10, 28, meeting_id="talks"),
        _mention("p", 10, 13, person_id="ada"),
        _mention("q", 18, 20, person_id="bo"),
        _mention("o", 24, 28, organisation_id="town"),
        _mention("o2", 24, 28, organisation_id="town-hall"),
    ]
    cut = pieces(text, mentions)
    assert "".join(p.text for p in cut) == text
    linked = {p.text: p.link.row_id for p in cut if p.link}
    assert linked == {"Ada": "ada", "Bo": "bo", "Town": "town"}
    assert all(p.in_meeting for p in cut if p.link)
    assert not cut[0].in_meeting
    assert [m for p in cut for m in p.starts] == ["m", "p", "q", "o", "o2"]
    ends = [t for p in cut for t in p.ends]
    assert ends == [Target("organisations", "town-hall", "o2"), Target("meetings", "talks", "m")]


def test_pieces_ignore_spans_outside_the_text():
    cut = pieces("short", [_mention("far", 10, 20, person_id="x")])
    assert [(p.text, p.link) for p in cut] == [("short", None)]


def test_context_cuts_at_spaces_and_keeps_lines_flat():
    text = "one two three\nfour FIVE six seven eight"
    assert context(text, 19, 23, width=8) == ("…four ", "FIVE", " six…")
    assert context(text, 0, 3, width=100) == ("", "one", " two three four FIVE six seven eight")


def test_latest_changelog_section_and_flatten():
    log = "# Changelog\n\nIntro.\n\n## 2.0.0 (major)\n\n- a\n\n## 1.0.0 (initial)\n\n- b\n"
    assert latest_changelog_section(log) == "## 2.0.0 (major)\n\n- a"
    assert latest_changelog_section("# Changelog\n") is None
    assert flatten({"dev": {"f1": {"people": 0.9}}, "runs": [1, 2]}) == [
        ("dev.f1.people", 0.9),
        ("runs[0]", 1),
        ("runs[1]", 2),
    ]


def test_ids_that_cannot_be_file_names_are_refused():
    with pytest.raises(ReportError, match="cannot name a page"):
        page_href("people", "../../etc/passwd")


def hostile_data() -> ReportData:
    """The invented visit, with markup in a name and in an article's text."""
    tables = visit_tables()
    tables["people"][0]["name"] = HOSTILE_NAME
    script, minister = HOSTILE_TEXT.index("<script>"), HOSTILE_TEXT.index("minister")
    spans = [
        (0, 3, "person_id", "ada"),
        (script, HOSTILE_TEXT.index("</script>") + 9, "meeting_id", "talks-one"),
        (minister, minister + len("minister"), "organisation_id", "mfa"),
    ]
    tables["mentions"] = [
        row(
            "mentions",
            mention_id=f"x1-{start:04d}-{end:04d}-{field.removesuffix('_id')}",
            article_id="x1",
            start=start,
            end=end,
            text=HOSTILE_TEXT[start:end],
            **{field: target},
        )
        for start, end, field, target in spans
    ]
    descriptor = {"name": "invented", "title": "Invented <i>package</i>", "version": "9.9.9"}
    texts = {"x1": HOSTILE_TEXT}
    missing = {"x2": "no articles folder was given (--articles)"}
    changelog = "# Changelog\n\n## 9.9.9 (minor)\n\n- people: <script>x</script> added\n"
    return ReportData(descriptor, tables, view_rows(tables), texts, missing, changelog)


def test_every_text_is_escaped_in_every_page():
    pages = render_pages(hostile_data())
    for path, html in pages.items():
        assert "<script>window.pwned" not in html, path
        assert "<img src=x" not in html, path
        assert "<script>x</script>" not in html, path
        assert "<i>package</i>" not in html, path
    person = pages["people/ada.html"]
    assert "Ada &lt;/script&gt;&lt;script&gt;window.pwned=1" in person
    article = pages["articles/x1.html"]
    assert "&lt;script&gt;window.pwned=3&lt;/script&gt;" in article
    assert ">minister</a> &amp; co. in &#34;town&#34;." in article
    found = re.search(r'id="chart-spec">(.*?)</script>', pages["timeline.html"], re.DOTALL)
    assert found is not None
    rows = json.loads(found.group(1))["data"]["values"]  # the markup survives, as data
    assert any(HOSTILE_NAME in r["participants"] for r in rows)


def _links(pages: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (path, href)
        for path, html in pages.items()
        for href in re.findall(r'(?:href|src)="([^"]+)"', html)
    ]


@pytest.mark.parametrize("package", ["committed", "dev"])
def test_every_link_in_the_report_reaches_a_page_and_its_anchor(package, request):
    if package == "committed":
        data = load_report_data(ROOT / "datapackage", ROOT / "articles")
    else:
        from conftest import DEV_ARTICLES

        data = load_report_data(request.getfixturevalue("dev_package"), DEV_ARTICLES)
    assert data.missing_texts == {}
    pages = render_pages(data)
    assets = {"assets/vega.js", "assets/report.css", "assets/report.js"}
    ids = {path: set(re.findall(r' id="([^"]+)"', html)) for path, html in pages.items()}
    links = _links(pages)
    assert len(links) > 10 * len(pages)
    for path, href in links:
        target, fragment = urldefrag((Path(path).parent / href).as_posix())
        resolved = Path(target).resolve().relative_to(Path.cwd().resolve()).as_posix()
        assert resolved in pages or resolved in assets, f"{path}: {href}"
        if fragment:
            assert fragment in ids[resolved], f"{path}: {href}"
    for table, key in (("people", "person_id"), ("meetings", "meeting_id")):
        assert {page_href(table, r[key]) for r in data.tables[table]} <= set(pages)


def test_the_overview_shows_the_quality_file_when_there_is_one():
    quality = Quality(Path("evaluation/quality.json"), {"dev": {"f1": {"people": 0.98765}}})
    overview = render_pages(hostile_data(), quality)["index.html"]
    assert "dev.f1.people" in overview and "0.988" in overview
    assert "No quality file" in render_pages(hostile_data())["index.html"]


def test_the_command_writes_a_site_and_rejects_a_missing_folder(tmp_path: Path, capsys):
    out = tmp_path / "site"
    command = ["report", str(ROOT / "datapackage"), "--out", str(out), "--articles"]
    assert main([*command, str(tmp_path / "nowhere")]) == 2
    assert not out.exists()
    quality = str(tmp_path / "none.json")
    assert main([*command, str(ROOT / "articles"), "--quality", quality]) == 0
    assert (out / "index.html").is_file() and (out / "assets" / "vega.js").stat().st_size > 10**5
    assert "open" in capsys.readouterr().out


def test_write_site_replaces_the_folder_whole(tmp_path: Path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("old")
    count = write_site(hostile_data(), out)
    assert not (out / "stale.html").exists()
    assert count == len(list(out.rglob("*.html")))
