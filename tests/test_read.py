"""The reader: header forms, canonical text, metadata. All texts here are invented."""

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from communique import rules
from communique.read import (
    UnreadableFile,
    decode_text,
    detect_language,
    language_by_script,
    load_text,
    normalise_article_id,
    outlet_named,
    parse_header,
    read_article,
)

BODY = "Deputy Minister Aral Tursunov met Lao officials in Vientiane on Monday.\n"

HEADER_FORMS = [
    (
        "headline, then a byline whose segments give the outlet and the date",
        "Ministers meet in Vientiane\nBy ARAL EXAMPLE | China Daily | Updated: 2023-10-19 07:32"
        "\n\n" + BODY,
        "2023-10-19",
        "China Daily",
        None,
        None,
        "Ministers meet in Vientiane",
    ),
    # (case, text, published, source, publisher, dateline, title)
    (
        "aggregator credit glued to the story",
        " date 2025-12-09 MENAFN - Trend News Agency)" + BODY,
        "2025-12-09",
        "Trend News Agency",
        "MENAFN",
        None,
        None,
    ),
    (
        "aggregator credit, then a dateline with a country",
        " date 2024-01-10 MENAFN - Trend News Agency)BAKU, Azerbaijan, January 10. " + BODY,
        "2024-01-10",
        "Trend News Agency",
        "MENAFN",
        "Baku",
        None,
    ),
    (
        "aggregator credit, then the agency's own dateline",
        " date 2024-06-13 MENAFN - Xinhua) BEIJING, June 12 (Xinhua) -- " + BODY,
        "2024-06-13",
        "Xinhua",
        "MENAFN",
        "Beijing",
        None,
    ),
    (
        "aggregator credit, then a byline on the same line",
        " date 2024-01-10 MENAFN - AzerNews) By Leyla Example\n\n" + BODY,
        "2024-01-10",
        "AzerNews",
        "MENAFN",
        None,
        None,
    ),
    (
        "place, date, agency",
        " date 2025-09-23 Baku, September 23, AZERTAC\n\n" + BODY,
        "2025-09-23",
        "AZERTAC",
        None,
        "Baku",
        None,
    ),
    (
        "place, date, agency, then a headline",
        " date 2024-02-28 Ankara, February 28, APA\n\nA Made Up Headline About Talks\n\n" + BODY,
        "2024-02-28",
        "APA",
        None,
        "Ankara",
        "A Made Up Headline About Talks",
    ),
    (
        "place, country, date (agency)",
        " date 2024-04-22 Baku, Azerbaijan, April 22 (Trend)\n\n" + BODY,
        "2024-04-22",
        "Trend News Agency",
        None,
        "Baku",
        None,
    ),
    (
        "place, date (agency) on its own line",
        " date 2024-10-14 Vientiane, October 14 (KPL)\n\n" + BODY,
        "2024-10-14",
        "KPL",
        None,
        "Vientiane",
        None,
    ),
    (
        "upper-case place, abbreviated month, agency and dashes",
        " date 2025-08-15 ANNING, China, Aug. 14 (Xinhua) -- " + BODY,
        "2025-08-15",
        "Xinhua",
        None,
        "Anning",
        None,
    ),
    (
        "place. day month. AGENCY/",
        " date 2024-05-15 Baku. 15 May. REPORT.AZ/ " + BODY,
        "2024-05-15",
        "Report.az",
        None,
        "Baku",
        None,
    ),
    (
        "place (agency) dash",
        " date 2023-12-13 Hanoi (VNA) – " + BODY,
        "2023-12-13",
        "VNA",
        None,
        "Hanoi",
        None,
    ),
    (
        "outlet alone on a line, headline, byline",
        " date 2025-07-30 The Laotian Times\n\nA Headline Without A Stop\n\nBy Some Writer\n\n"
        + BODY,
        "2025-07-30",
        "The Laotian Times",
        None,
        None,
        "A Headline Without A Stop",
    ),
    (
        "headline then a dd/mm/yyyy line, no date header",
        "A Headline Line\n23/04/2024 10:42\n\n(KPL) " + BODY,
        "2024-04-23",
        "KPL",
        None,
        None,
        "A Headline Line",
    ),
    (
        "headline then a written date line",
        "Some Headline Here\n14 October 2025\n\n" + BODY,
        "2025-10-14",
        None,
        None,
        None,
        "Some Headline Here",
    ),
    (
        "font-size widget, headline, credit in the first sentence",
        " date 2024-05-29 + ↺ − 16 px\n\nAnother Headline\n\n"
        + BODY.replace(".", ", News.az reports."),
        "2024-05-29",
        "News.az",
        None,
        None,
        "Another Headline",
    ),
    (
        "breadcrumb naming the outlet",
        " date 2024-05-14 APA | Politics\n\nSome headline about credentials\n\n" + BODY,
        "2024-05-14",
        "APA",
        None,
        None,
        "Some headline about credentials",
    ),
    (
        "language menu and breadcrumbs, headline, dateline glued to the story",
        " date 2024-09-17 ພາສາລາວ | English | Français   ໜ້າຫຼັກ » ຂ່າວ » Politics\n\n"
        "Some Headline Here\n\nVientiane, September 17 (KPL) – " + BODY,
        "2024-09-17",
        "KPL",
        None,
        "Vientiane",
        "Some Headline Here",
    ),
    (
        "credit with 'informs' in the story",
        " date 2024-01-10 " + BODY.replace(".", ", Report informs."),
        "2024-01-10",
        "Report.az",
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("case", "text", "published", "source", "publisher", "dateline", "title"),
    HEADER_FORMS,
    ids=[form[0] for form in HEADER_FORMS],
)
def test_header_forms(case, text, published, source, publisher, dateline, title):
    header = parse_header(text)
    assert header.published == dt.date.fromisoformat(published)
    assert (header.source, header.publisher, header.dateline) == (source, publisher, dateline)
    assert header.title == title
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


@pytest.mark.parametrize(
    "caption",
    [
        "Two invented officials at the talks (centre). --Photo Made Up Name",
        "An invented minister (right) greets an invented guest (Photo: KPL)",
        "Officials of both sides pose for a photo --KPL",
        "A handshake in the capital (Photo: an invented agency)",
        "Photo: the invented ministry",
    ],
)
def test_caption_lines_are_noise(caption):
    text = (
        " date 2024-01-10 Vientiane, January 10 (KPL)\n\n" + BODY + "\n" + caption + "\n\n" + BODY
    )
    header = parse_header(text)
    noise = [text[s:e] for s, e in header.noise_spans]
    assert noise == [caption]


@pytest.mark.parametrize("trailer", ["Related news", "Other news", "Read more", "Related news:"])
def test_trailing_headline_lists_and_signatures_are_noise(trailer):
    text = (
        " date 2024-01-10 Baku, January 10, AZERTAC\n\n"
        + BODY
        + "\nKPL\n\n"
        + trailer
        + "\nFirst other headline\nSecond other headline\n"
    )
    header = parse_header(text)
    noise = [text[s:e] for s, e in header.noise_spans]
    assert noise[0] == "KPL"
    assert noise[-1].startswith(trailer) and noise[-1].endswith("Second other headline\n")
    assert header.noise_spans[-1][1] == len(text)


def test_impossible_date_is_a_problem_on_line_one():
    header = parse_header(" date 2025-02-30 Baku, February 28, AZERTAC\n\n" + BODY)
    assert header.published is None
    assert header.problems == [("impossible or malformed date '2025-02-30' in the date header", 1)]


def test_impossible_date_line_names_its_line():
    header = parse_header("A Headline Line\n31/04/2024 10:42\n\n" + BODY)
    assert header.published is None
    assert header.problems == [("impossible date '31/04/2024 10:42'", 2)]


def test_dateline_without_a_year_does_not_date_the_article():
    header = parse_header("Vientiane, October 14 (KPL) – " + BODY)
    assert header.published is None
    assert header.undated_dateline == "October 14"
    assert (header.source, header.dateline) == ("KPL", "Vientiane")


def test_decode_repairs_and_says_so():
    text, notes = decode_text(b"\xef\xbb\xbfLine one\r\nLine \x93two\x94\r\n")
    assert text == "Line one\nLine “two”\n"
    assert any("byte-order mark" in n for n in notes)
    assert any("Windows-1252" in n and "line 2" in n for n in notes)
    assert any("CRLF" in n for n in notes)


def test_decode_keeps_valid_utf8_next_to_windows_1252_bytes():
    raw = "Café ‘one’\n".encode() + b"\x93two\x94\n"
    text, _ = decode_text(raw)
    assert text == "Café ‘one’\n“two”\n"


def test_html_is_reduced_to_text():
    text, notes = decode_text(
        b"<html><head><style>p {color: red}</style><script>var x = 1;</script></head>"
        b"<body><p>First &amp; second.</p><p>Third.</p></body></html>"
    )
    assert "First & second.\nThird." in text
    assert "<" not in text and "color" not in text and "var x" not in text
    assert notes == ["HTML markup removed (first tag on line 1)"]


def test_clean_text_is_returned_unchanged():
    raw = (" date 2024-01-10 Baku, January 10, AZERTAC\n\n" + BODY).encode()
    assert decode_text(raw) == (raw.decode(), [])


def test_article_metadata(tmp_path: Path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    path = root / "sub" / "Talks In Baku.txt"
    raw = (
        b" date 2025-07-30 The Laotian Times\r\n\r\nA Headline\r\n\r\nBy Some Writer\r\n\r\n"
        b"One two three four five.\r\nPhoto: six seven\r\n"
    )
    path.write_bytes(raw)
    article, problems = read_article(path, root)
    assert article is not None
    assert article.article_id == "talks-in-baku"
    assert article.path == "sub/Talks In Baku.txt"
    assert article.word_count == 5, "headline, byline and caption are not body words"
    assert article.language == "en"
    assert (
        len(article.sha256) == 64
        and article.sha256 == __import__("hashlib").sha256(raw).hexdigest()
    )
    assert article.text == load_text(path), "offsets index into the text load_text gives"
    assert "\r" not in article.text
    assert [p.severity for p in problems] == ["warning"]


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
    assert detect_language("Министр иностранных дел встретился с делегацией") == "ru"


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        "Министр и minister: пополам half and half, Лаос 12",
        "ລັດຖະມົນຕີ met ການຕ່າງປະເທດ in Vientiane",
        "وزير الخارجية and the 外交部长 met",
        "1234 — …",
    ],
)
def test_script_shares_counted_per_letter_as_by_every_letter(text):
    """The reader counts each distinct letter once; the shares are those of every letter."""
    letters = [c for c in text if c.isalpha()]
    plain = None
    for script in rules.language().scripts:
        names = [unicodedata.name(c, "") for c in letters]
        if letters and sum(script.script in name for name in names) / len(letters) > 0.3:
            plain = script.code
            break
    assert language_by_script(text) == plain


def test_control_characters_refuse_a_file_past_one_percent():
    text = "x" * 198 + "\t\f\r\n"
    assert decode_text(text.encode())[0]
    for control in ("\x01", "\x0b", "\x7f", "\x85"):
        with pytest.raises(UnreadableFile):
            decode_text((text + control * 3).encode())
        assert decode_text((text + control).encode())[0]


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("000_35e43fbe01d78049", "000_35e43fbe01d78049"),
        ("dev-a-01", "dev-a-01"),
        ("Article 1", "article-1"),
        ("Été.Report", "ete-report"),
        ("__", "article"),
    ],
)
def test_article_ids(stem, expected):
    assert normalise_article_id(stem) == expected


@pytest.mark.parametrize(
    ("credit", "outlet"),
    [
        ("Trend", "Trend News Agency"),
        ("REPORT.AZ", "Report.az"),
        ("Lao News Agency", "KPL"),
        ("Vietnam News Agency", "VNA"),
        ("Anadolu Agency", "Anadolu Agency"),
        ("TASS", "TASS"),
        ("Apa", None),  # short credits match only as written
        ("Ministry of Foreign Affairs", None),
    ],
)
def test_outlet_lexicon(credit, outlet):
    found = outlet_named(credit)
    assert (found.name if found else None) == outlet


# ---------------------------------------------------------------- page noise (issue 9)
# Every text here is invented; each test states one class of error-classes.md.


def _noise(text: str, header) -> list[str]:
    return [text[s:e] for s, e in header.noise_spans]


def _story(text: str) -> str:
    """The story text as sentences read it: the body less its noise spans."""
    from communique.extract.text import sentences
    from helpers_extract import make_article

    header = parse_header(text)
    article = make_article(text, dateline=header.dateline)
    article = type(article)(
        **{
            **article.__dict__,
            "body_start": header.body_start,
            "noise_spans": tuple(header.noise_spans),
        }
    )
    return " | ".join(s.text for s in sentences(article))


def test_a_caption_run_into_the_lead_keeps_the_lead():
    text = (
        " date 2025-06-05 Orvan Telliqa (R) greets the envoy (Photo: APN)Santiago (APN) – "
        "President Orvan Telliqa on 4 June received the new ambassador Ana Lima.\n"
    )
    header = parse_header(text)
    assert _noise(text, header)[0].endswith("(Photo: APN)")
    assert header.dateline == "Santiago"
    assert text[header.body_start :].startswith("President Orvan Telliqa on 4 June")


def test_a_caption_line_that_states_a_fact_stays_in_the_story():
    text = (
        " date 2025-04-03 Pakse, April 3 (KPL) – The ceremony was held on 2 April.\n\n"
        "Deputy Minister Orvan Telliqa hands the Order of Merit to Ambassador Ana Lima\n\n"
        "The ministers then met the press.\n"
    )
    assert "hands the Order of Merit" in _story(text)


def test_headlines_and_datelines_of_stories_a_page_runs_together_are_noise():
    text = (
        " date 2019-03-31 Pakse, March 30 (Steppe Wire) -- A delegation arrived on Saturday.\n\n"
        "Talks Held between the Two Delegations\n\n"
        "Pakse, March 31 (Steppe Wire) -- Talks took place on Sunday.\n\n"
        "PRESS RELEASE\n\n"
        "1. Official Talks\n\n"
        "The ministers met again.\n"
    )
    header = parse_header(text)
    assert header.source == "Steppe Wire"
    noise = _noise(text, header)
    assert "Talks Held between the Two Delegations" in noise
    assert "Pakse, March 31 (Steppe Wire) -- " in noise
    assert {"PRESS RELEASE", "1. Official Talks"} <= set(noise)
    assert "Talks took place on Sunday." in _story(text)


def test_hard_wrapped_lines_are_read_as_one_paragraph():
    text = (
        " date 2025-03-10 Pakse, March 10 (KPL) – Peruvian Minister of Energy Rosa\n"
        "Quispe met the Ambassador of Chile to Peru Tomás Errázuriz in\n"
        "Pakse on Monday, and the two ministers agreed to meet again in\n"
        "Lima next year to review the cooperation in mining and energy.\n"
    )
    story = _story(text)
    assert "Rosa\nQuispe met" in story and " | " not in story


def test_a_full_stop_glued_to_the_next_sentence_ends_it():
    text = (
        " date 2025-03-10 The ministry will keep working with its partners.Deputy Prime "
        "Minister Rosa Quispe held talks on 9 March.Her visit ends today, News.Az reports.\n"
    )
    assert _story(text).split(" | ") == [
        "The ministry will keep working with its partners.",
        "Deputy Prime Minister Rosa Quispe held talks on 9 March.",
        "Her visit ends today, News.Az reports.",
    ]


def test_an_unfinished_last_sentence_is_noise():
    text = (
        " date 2025-03-10 Pakse, March 10 (KPL) – The minister arrived on Monday. He then met "
        "this country's President Luis Mor\n"
    )
    header = parse_header(text)
    assert _noise(text, header) == ["He then met this country's President Luis Mor"]


@pytest.mark.parametrize(
    "line",
    [
        "By Orvan Telliqa   March 2, 2022 | 14:05 GMT+1",
        "Translated by Ana Lima",
        "Reporter: Ana Lima",
        "Editor: Orvan Telliqa",
        "COPYRIGHT © ANDES WIRE 2015",
        "Andes Wire writer Ana Lima in Pakse contributed to this report.",
        "MORE Politics stories",
        "Browse the archive",
        "« Back      Print version      Share",
        "Deputy Minister Orvan Telliqa meets leaders - foto 1",
        "(APN/Luis Gómez)",
    ],
)
def test_bylines_credits_and_furniture_after_the_story_are_noise(line):
    text = " date 2024-01-10 Pakse, January 10 (KPL) – " + BODY + "\n" + line + "\n"
    assert line in _noise(text, parse_header(text))


@pytest.mark.parametrize("heading", ["Другие новости", "ຂ່າວອື່ນໆ", "Tin khác", "其他新闻"])
def test_a_list_of_other_stories_after_a_heading_in_another_language_is_noise(heading):
    text = (
        " date 2024-01-10 Pakse, January 10 (KPL) – "
        + BODY
        + "\n"
        + heading
        + "\nMinister Ana Lima meets Cuban delegation\nPM receives outgoing envoy\n"
    )
    header = parse_header(text)
    assert header.noise_spans[-1] == (text.index(heading), len(text))


@pytest.mark.parametrize(
    ("text", "source", "dateline"),
    [
        ("BOGOTÁ — " + BODY + "\nSavanna Press\n", "Savanna Press", "Bogotá"),
        ("HÀ NỘI — " + BODY.rstrip() + " — VNS\n", "Vietnam News", "Hanoi"),
        ("NDO – " + BODY, "Nhan Dan", None),
        (BODY.replace(".", ", the Foreign Ministry told Savanna Press."), "Savanna Press", None),
        (BODY.replace(".", ", Savanna Press reported."), "Savanna Press", None),
        (BODY + "\nAndes Wire correspondent Ana Lima\n", "Andes Wire", None),
        ("By ORVAN TELLIQA, Associated Press\n\n" + BODY, "Associated Press", None),
        ("(MENAFN- Savanna Press) " + BODY, "Savanna Press", None),
        ("Quito, May 3 (Andes Wire) -- " + BODY, "Andes Wire", "Quito"),
        (
            "Ministry of Foreign Affairs of the Republic of Latvia | Home › Press releases\n\n"
            + BODY,
            "Ministry of Foreign Affairs of Latvia",
            None,
        ),
        (
            "MINISTRY OF FOREIGN AFFAIRS\nLAO PEOPLE'S DEMOCRATIC REPUBLIC\n\n" + BODY,
            "Ministry of Foreign Affairs of Laos",
            None,
        ),
        (
            BODY + "\nMinistry of Foreign Affairs\nVientiane, 9 August 2019\n",
            "Ministry of Foreign Affairs of Laos",
            None,
        ),
    ],
    ids=[
        "capitals-dateline-and-signature-line",
        "diacritics-dateline-and-signature-run-in",
        "credit-glued-to-the-lead",
        "told-outlet",
        "outlet-reported",
        "correspondent-line",
        "byline-with-outlet",
        "aggregator-in-parentheses",
        "dateline-with-unlisted-outlet",
        "ministry-breadcrumb",
        "ministry-letterhead",
        "ministry-signature",
    ],
)
def test_the_source_and_home_of_a_story(text, source, dateline):
    header = parse_header(" date 2024-01-10 " + text)
    assert (header.source, header.dateline) == (source, dateline)
    assert "Deputy Minister Aral Tursunov" in _story(" date 2024-01-10 " + text)


def test_a_dateline_with_a_year_dates_the_article():
    header = parse_header("Baku, April 2, 2026, AZERTAC\n\n" + BODY)
    assert header.published == dt.date(2026, 4, 2)
    assert (header.source, header.dateline, header.title) == ("AZERTAC", "Baku", None)


def test_a_first_line_that_looks_like_a_dateline_but_is_not_read_is_a_warning(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(" date 2026-04-02\nBaku, April 2 2026 AZERTAC\n\n" + BODY)
    article, problems = read_article(path, tmp_path)
    assert article is not None and article.title is None
    assert article.source == "AZERTAC"
    warning = [p for p in problems if "looks like a dateline" in p.message]
    assert warning and warning[0].severity == "warning" and warning[0].line == 2
    assert str(warning[0]).startswith("a.txt:2: warning:")


@pytest.mark.parametrize(
    ("source", "country"),
    [("KPL", "LAO"), ("Ministry of Foreign Affairs of Laos", "LAO"), ("Savanna Press", None)],
)
def test_the_source_gives_the_home_country(source, country):
    from communique.read import outlet_country

    assert outlet_country(source) == country


def test_a_caption_that_is_a_statement_of_its_own_stays_in_the_story():
    caption = "Deputy PM Ola Berg (L) hands the Order of Merit to Ambassador Kwame Owusu (R)"
    text = (
        " date 2025-04-03 Pakse, April 3 (KPL) – "
        + BODY
        + "\n"
        + caption
        + "\n\nThe ceremony was held on 2 April at the ministry.\n"
    )
    assert _noise(text, parse_header(text)) == []
    assert caption in _story(text)


@pytest.mark.parametrize(
    "line",
    ["Published: Tuesday, 3 May 2017 | 10:23 GMT+7", "Posted on May 3, 2017 at 10:23 AM", "(END)"],
)
def test_date_stamps_and_end_marks_are_noise(line):
    text = " date 2017-05-03 Pakse, May 3 (KPL) – " + BODY + "\n" + line + "\n"
    assert line in _noise(text, parse_header(text))


def test_a_source_line_names_the_source():
    header = parse_header(" date 2017-05-03 " + BODY + "\nSource: Savanna Press\n")
    assert header.source == "Savanna Press"


def test_a_title_case_headline_run_straight_into_the_story_is_the_title():
    text = (
        " date 2025-01-03 Chile's President Invites Kenya's Wafula For Urgent Consultations\n"
        "SANTIAGO — " + BODY
    )
    header = parse_header(text)
    assert header.title.startswith("Chile's President Invites")
    assert (header.dateline, text[header.body_start :]) == ("Santiago", BODY)


def test_a_headline_before_the_next_dateline_is_noise_without_blank_lines():
    text = (
        " date 2019-03-31 Pakse, March 30 (Steppe Wire) -- A delegation arrived on Saturday.\n"
        "Orvan Telliqa Meets Lao Party Delegation\n"
        "Pakse, March 31 (Steppe Wire) -- Orvan Telliqa met the delegation on Sunday.\n"
    )
    noise = _noise(text, parse_header(text))
    assert noise == [
        "Orvan Telliqa Meets Lao Party Delegation",
        "Pakse, March 31 (Steppe Wire) -- ",
    ]


def test_a_lead_naming_a_ministry_is_not_a_release():
    text = " date 2024-01-10 Ministry of Foreign Affairs of Laos on Monday hosted a reception.\n"
    assert parse_header(text).source is None


def test_list_items_on_consecutive_lines_stay_apart():
    from communique.extract.text import sentences
    from helpers_extract import make_article

    text = (
        "The two sides signed the following documents during the visit to Pakse on Monday:\n"
        "- Agreement on visa exemption for holders of diplomatic passports\n"
        "- Memorandum of understanding on cooperation in education and sport\n"
        "- Protocol on political consultations between the two ministries\n"
    )
    assert len(sentences(make_article(text))) == 4


@pytest.mark.parametrize(
    "trailer",
    [
        "Laos, Vietnam review cooperation in education\nPM receives outgoing Thai ambassador",
        "Orvan Telliqa",
    ],
)
def test_teasers_and_a_signing_name_after_the_story_are_noise(trailer):
    text = " date 2024-01-10 Pakse, January 10 (KPL) – " + BODY + "\n" + trailer + "\n"
    assert " ".join(_noise(text, parse_header(text))) == trailer.replace("\n", " ")


def test_a_byline_naming_the_outlet_credits_it():
    assert parse_header(" date 2024-01-10 " + BODY + "\nBy AKP\n").source == "AKP"


def test_a_place_written_with_its_syllables_apart_is_no_person():
    from helpers_extract import facts_of

    facts = facts_of(
        "In a meeting in Hà Nội on Tuesday, Deputy Minister Orvan Telliqa received "
        "Ambassador Ana Lima.",
        dateline=None,
    )
    assert sorted(p.name for p in facts.people) == ["Ana Lima", "Orvan Telliqa"]


def test_a_release_heading_is_the_title():
    heading = (
        "No:012/25, Information of the Press Service Department of the Ministry of Foreign "
        "Affairs of the Republic of Azerbaijan on the video conference between the ministers"
    )
    header = parse_header(" date 2025-01-10 " + heading + "\n\n" + BODY)
    assert (header.title, header.source) == (heading, "Ministry of Foreign Affairs of Azerbaijan")


@pytest.mark.parametrize(
    ("text", "published", "source", "dateline", "title", "noise"),
    [
        # an outlet's masthead above the headline, listed or not
        (
            " date 2024-01-10 Savanna Press\n\nTwo Ministers Meet In Pakse\n\n" + BODY,
            "2024-01-10",
            "Savanna Press",
            None,
            "Two Ministers Meet In Pakse",
            ["Savanna Press"],
        ),
        (
            " date 2024-01-10 Emirates News Agency - WAM\n\nTwo Ministers Meet In Pakse\n\n" + BODY,
            "2024-01-10",
            "WAM",
            None,
            "Two Ministers Meet In Pakse",
            ["Emirates News Agency - WAM"],
        ),
        # a section and a time before the date; a slash breadcrumb; a byline of two writers
        (
            " date 2024-01-10 ARMENPRESS\n\nTwo ministers meet in Pakse\n\n"
            "Politics 11:46, 10 January 2024\n\n" + BODY,
            "2024-01-10",
            "Armenpress",
            None,
            "Two ministers meet in Pakse",
            ["ARMENPRESS", "Politics 11:46, 10 January 2024"],
        ),
        (
            " date 2024-01-10 Kenya News Agency\n\nHome / General News\n\n"
            "Two Ministers Meet In Pakse\n\nBy Ana Lima and Orvan Kestrin\n\n" + BODY,
            "2024-01-10",
            "Kenya News Agency",
            None,
            "Two Ministers Meet In Pakse",
            ["Kenya News Agency", "Home / General News", "By Ana Lima and Orvan Kestrin"],
        ),
        # a photo caption between the headline and the story
        (
            " date 2024-01-10 Savanna Press\n\nTwo Ministers Meet In Pakse\n\n"
            "The minister (left) greets the envoy. Photo: Savanna Press\n\n" + BODY,
            "2024-01-10",
            "Savanna Press",
            None,
            "Two Ministers Meet In Pakse",
            ["Savanna Press", "The minister (left) greets the envoy. Photo: Savanna Press"],
        ),
        # no date header: a dateline with another calendar's date first dates the article
        (
            "Jeddah, Rajab 12, 1445, January 24, 2024, SPA -- " + BODY,
            "2024-01-24",
            "SPA",
            "Jeddah",
            None,
            [],
        ),
    ],
)
def test_mastheads_sections_and_calendars(text, published, source, dateline, title, noise):
    header = parse_header(text)
    assert header.published == dt.date.fromisoformat(published)
    assert (header.source, header.dateline, header.title) == (source, dateline, title)
    assert [text[s:e] for s, e in header.noise_spans] == noise
    assert text[header.body_start :].startswith("Deputy Minister")


@pytest.mark.parametrize(
    "closing",
    [
        "arb/ycv",
        "BSS/KPL/OT/1845 hrs",
        "otelliqa@savannapress.example",
        "(This story has not been edited and is auto-generated from a syndicated feed.)",
    ],
)
def test_closing_codes_and_notes_of_wire_stories_are_noise(closing):
    text = " date 2024-01-10 Pakse, January 10 (KPL) -- " + BODY + "\n" + closing + "\n"
    header = parse_header(text)
    assert [text[s:e] for s, e in header.noise_spans] == [closing]


def test_a_bracketed_credit_after_the_last_full_stop_is_the_signature():
    text = " date 2024-01-10 PAKSE – " + BODY + "\nThe next meeting will be in 2026. (KPL)\n"
    header = parse_header(text)
    assert [text[s:e] for s, e in header.noise_spans] == ["(KPL)"]
    assert header.source == "KPL"


@pytest.mark.parametrize("tag", ["(LEAD) ", "(2nd LD) ", "(News Focus) ", "(URGENT) "])
def test_an_agency_tag_is_not_part_of_the_headline(tag):
    text = " date 2024-01-10 Savanna Press\n\n" + tag + "Two ministers meet in Pakse\n\n" + BODY
    assert parse_header(text).title == "Two ministers meet in Pakse"
