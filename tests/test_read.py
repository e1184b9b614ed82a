"""The reader: header forms, canonical text, metadata. All texts here are invented."""

import datetime as dt

import pytest
from communique.read import decode_text, detect_language, normalise_article_id, parse_header

BODY = "Deputy Minister Aral Tursunov met Lao officials in Vientiane on Monday.\n"


@pytest.mark.parametrize(
    ("text", "published", "source", "publisher", "dateline"),
    [
        (
            " date 2025-12-09 MENAFN - Trend News Agency)" + BODY,
            "2025-12-09",
            "Trend News Agency",
            "MENAFN",
            None,
        ),
        (
            " date 2025-09-23 Baku, September 23, AZERTAC\n\n" + BODY,
            "2025-09-23",
            "AZERTAC",
            None,
            "Baku",
        ),
        (
            " date 2024-10-14 Vientiane, October 14 (KPL)\n\n" + BODY,
            "2024-10-14",
            "KPL",
            None,
            "Vientiane",
        ),
        (
            " date 2024-06-13 MENAFN - Xinhua) BEIJING, June 12 (Xinhua) -- " + BODY,
            "2024-06-13",
            "Xinhua",
            "MENAFN",
            "Beijing",
        ),
        (
            " date 2024-05-15 Baku. 15 May. REPORT.AZ/ " + BODY,
            "2024-05-15",
            "Report.az",
            None,
            "Baku",
        ),
        (" date 2023-12-13 Hanoi (VNA) – " + BODY, "2023-12-13", "VNA", None, "Hanoi"),
        (
            " date 2025-07-30 The Laotian Times\n\nA Headline Without A Stop\n\nBy Some Writer\n\n"
            + BODY,
            "2025-07-30",
            "The Laotian Times",
            None,
            None,
        ),
        ("A Headline Line\n23/04/2024 10:42\n\n(KPL) " + BODY, "2024-04-23", "KPL", None, None),
        (
            " date 2024-05-29 + ↺ − 16 px\n\nAnother Headline\n\n"
            + BODY.replace(".", ", News.az reports."),
            "2024-05-29",
            "News.az",
            None,
            None,
        ),
    ],
)
def test_header_forms(text, published, source, publisher, dateline):
    header = parse_header(text)
    assert header.published == dt.date.fromisoformat(published)
    assert (header.source, header.publisher, header.dateline) == (source, publisher, dateline)
    assert text[header.body_start :].lstrip().startswith(("Deputy Minister", "(KPL)"))
    assert not header.problems


def test_headline_becomes_title_and_furniture_becomes_noise():
    text = (
        " date 2025-07-30 The Laotian Times\n\nTwo Ministers Meet In Vientiane\n\n"
        "By Some Writer\n\n" + BODY + "\nPhoto: a caption naming Fictional Person\n\n"
        "Related news\nOther headline one\nOther headline two\n"
    )
    header = parse_header(text)
    assert header.title == "Two Ministers Meet In Vientiane"
    noise = " ".join(text[s:e] for s, e in header.noise_spans)
    assert "By Some Writer" in noise
    assert "Photo: a caption" in noise
    assert "Other headline two" in noise
    assert "Deputy Minister" not in noise


def test_impossible_date_is_a_problem_on_line_one():
    header = parse_header(" date 2025-02-30 Baku, February 28, AZERTAC\n\n" + BODY)
    assert header.published is None
    assert header.problems == [("impossible or malformed date '2025-02-30' in the date header", 1)]


def test_decode_repairs_and_says_so():
    text, notes = decode_text(b"\xef\xbb\xbfLine one\r\nLine \x93two\x94\r\n")
    assert text == "Line one\nLine “two”\n"
    assert any("byte-order mark" in n for n in notes)
    assert any("Windows-1252" in n for n in notes)
    assert any("CRLF" in n for n in notes)


def test_html_is_reduced_to_text():
    text, notes = decode_text(b"<html><body><p>First &amp; second.</p><p>Third.</p></body></html>")
    assert "First & second." in text and "<p>" not in text
    assert notes == ["HTML markup removed"]


def test_language_detection():
    assert detect_language(BODY * 3) == "en"
    assert (
        detect_language(
            "Le ministre et la délégation sont dans la capitale pour une visite "
            "avec les représentants du pays."
        )
        == "fr"
    )
    assert detect_language("ລັດຖະມົນຕີ ການຕ່າງປະເທດ ໄດ້ພົບປະ") == "lo"


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("000_35e43fbe01d78049", "000_35e43fbe01d78049"),
        ("Article 1", "article-1"),
        ("Été.Report", "ete-report"),
    ],
)
def test_article_ids(stem, expected):
    assert normalise_article_id(stem) == expected
