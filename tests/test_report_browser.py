"""The report in a real browser: headless Chromium opens it from disk (file://), the pages
show the package's names, the charts draw, the timeline filters, every mention is linked,
untrusted text stays text, and no request leaves the machine. Screenshots of the overview,
the timeline and the network are kept in tests/artefacts/."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Browser, chromium_or_skip
from communique.report.data import ReportData, load_report_data, meeting_countries, page_href
from communique.report.site import write_site
from conftest import DEV_ARTICLES
from test_report import HOSTILE_TEXT, hostile_data

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTS = Path(__file__).parent / "artefacts"
POINTS = "#chart .mark-symbol.role-mark path"  # one per meeting drawn on the timeline
INJECTED = 'main img, main script:not([type="application/json"])'  # what markup in data would add


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = Browser(chromium_or_skip())
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="module", params=["committed", "dev"])
def report(request, tmp_path_factory) -> tuple[str, ReportData, Path]:
    """(name, data, site folder) for the committed package and for a build of the dev corpus."""
    if request.param == "committed":
        data = load_report_data(ROOT / "datapackage", ROOT / "articles")
    else:
        data = load_report_data(request.getfixturevalue("dev_package"), DEV_ARTICLES)
    site = tmp_path_factory.mktemp(f"site-{request.param}") / "site"
    write_site(data, site)
    return request.param, data, site


def _open(browser: Browser, site: Path, page: str) -> None:
    visit = browser.open((site / page).as_uri())
    assert visit.requests, f"{page}: the request log saw nothing, not even the page"
    assert visit.outside == [], f"{page} asked for {visit.outside}"


def _text(browser: Browser, selector: str = "body") -> str:
    return browser.evaluate(f"document.querySelector({selector!r}).innerText")


def test_the_request_log_sees_what_would_leave_the_machine(browser, tmp_path: Path):
    page = tmp_path / "leaky.html"
    page.write_text(
        '<img src="http://communique-test.invalid/pixel.png">'
        '<link rel="stylesheet" href="https://communique-test.invalid/style.css">'
        '<script>fetch("https://communique-test.invalid/data.json").catch(() => 0)</script>',
        encoding="utf-8",
    )
    visit = browser.open(page.as_uri())
    assert set(visit.outside) == {
        "http://communique-test.invalid/pixel.png",
        "https://communique-test.invalid/style.css",
        "https://communique-test.invalid/data.json",
    }


def test_the_overview_shows_the_version_and_every_count(browser, report):
    name, data, site = report
    _open(browser, site, "index.html")
    text = _text(browser)
    assert f"version {data.descriptor['version']}" in text
    for table, rows in data.tables.items():
        assert f"{table}\t{len(rows)}\t" in text, table
    browser.screenshot(ARTEFACTS / f"{name}-overview.png")


def test_the_timeline_draws_every_meeting_and_filters_by_country_pair(browser, report):
    name, data, site = report
    _open(browser, site, "timeline.html")
    assert browser.evaluate(f"document.querySelectorAll({POINTS!r}).length") == len(
        data.tables["meetings"]
    )
    browser.screenshot(ARTEFACTS / f"{name}-timeline.png")
    pairs = Counter(meeting_countries(data).values())
    pair, expected = pairs.most_common()[-1]
    shown = browser.evaluate(
        f"""(async () => {{
            const menu = document.querySelector('#chart select');
            menu.value = {pair!r};
            menu.dispatchEvent(new Event('change'));
            await (await window.reportCharts.chart).runAsync();
            return document.querySelectorAll({POINTS!r}).length;
        }})()"""
    )
    assert shown == expected


def test_the_network_names_everyone_who_met(browser, report):
    name, data, site = report
    _open(browser, site, "network.html")
    labels = set(
        browser.evaluate("[...document.querySelectorAll('#chart text')].map(t => t.textContent)")
    )
    attended = {r["person_name"] for r in data.views["meeting_attendance"]}
    assert attended and attended <= labels
    browser.screenshot(ARTEFACTS / f"{name}-network.png")


def test_every_person_page_shows_their_name(browser, report):
    _, data, site = report
    for person in data.tables["people"]:
        _open(browser, site, page_href("people", person["person_id"]))
        assert _text(browser, "h1") == person["name"]


def test_article_pages_show_the_exact_text_and_link_every_mention(browser, report):
    _, data, site = report
    for article in data.tables["articles"]:
        article_id = article["article_id"]
        _open(browser, site, page_href("articles", article_id))
        shown = browser.evaluate(
            """(() => {
                const text = document.querySelector('.article-text').cloneNode(true);
                text.querySelectorAll('.meeting-ref').forEach((link) => link.remove());
                return text.textContent;
            })()"""
        )
        assert shown == data.texts[article_id]
        links = dict(
            browser.evaluate(
                "[...document.querySelectorAll('.article-text [data-mention]')]"
                ".map(a => [a.dataset.mention, a.href])"
            )
        )
        anchors = set(browser.evaluate("[...document.querySelectorAll('.anchor')].map(a => a.id)"))
        for mention in (m for m in data.tables["mentions"] if m["article_id"] == article_id):
            table, key = next(
                (t, mention[f]) for f, t in (("person_id", "people"),
                ("organisation_id", "organisations"), ("meeting_id", "meetings")) if mention[f]
            )  # fmt: skip
            assert links[mention["mention_id"]] == (site / page_href(table, key)).as_uri()
            assert mention["mention_id"] in anchors


def test_searching_a_table_hides_the_rows_that_do_not_match(browser, report):
    _, data, site = report
    _open(browser, site, "people.html")
    person = data.tables["people"][0]
    counts = browser.evaluate(
        f"""(() => {{
            const box = document.querySelector('input.filter');
            box.value = {person["name"].split()[-1]!r};
            box.dispatchEvent(new Event('input'));
            const rows = [...document.querySelectorAll('#rows tbody tr')];
            return [rows.length, rows.filter(r => !r.hidden).map(r => r.cells[0].innerText)];
        }})()"""
    )
    assert counts[0] == len(data.tables["people"])
    assert person["name"] in counts[1] and len(counts[1]) < counts[0]


def test_markup_in_the_data_stays_text(browser, tmp_path: Path):
    site = tmp_path / "site"
    data = hostile_data()
    write_site(data, site)
    for page in (
        "index.html",
        "timeline.html",
        "network.html",
        "people/ada.html",
        "articles/x1.html",
    ):
        _open(browser, site, page)
        assert browser.evaluate("window.pwned === undefined"), page
        assert browser.evaluate(f"document.querySelectorAll({INJECTED!r}).length") == 0, page
    assert _text(browser, ".article-text").startswith(HOSTILE_TEXT[:20])
    _open(browser, site, "people/ada.html")
    assert _text(browser, "h1") == data.tables["people"][0]["name"]
