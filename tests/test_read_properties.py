"""Property tests: whatever the bytes, the reader answers with an Article or Problems,
never a traceback, and what it returns keeps its promises."""

import datetime as dt
import tempfile
from pathlib import Path

from communique.read import UnreadableFile, decode_text, parse_header, read_article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADERISH = st.lists(
    st.sampled_from(
        [
            " date 2025-03-04 ",
            " date 2025-02-30 ",
            "MENAFN - Trend)",
            "Baku, March 4, AZERTAC\n",
            "Vientiane, March 4 (KPL) – ",
            "BAKU, Azerbaijan, March 4. ",
            "Baku. 4 March. REPORT.AZ/ ",
            "+ ↺ − 16 px\n",
            "APA | Politics\n",
            "04/03/2025 10:42\n",
            "31/02/2025\n",
            "March 4, 2025\n",
            "By Some Writer\n",
            "A Headline Line\n",
            "Photo: a caption\n",
            "Related news\n",
            "Officials met in the capital.\n",
            "\n",
            "\r\n",
            "<p>",
            "&amp;",
            "\ufeff",
        ]
    ),
    max_size=20,
).map("".join)
TEXTS = st.one_of(st.text(max_size=300), HEADERISH)
BYTES = st.one_of(st.binary(max_size=300), TEXTS.map(lambda t: t.encode("utf-8")))


@SETTINGS
@given(BYTES)
def test_decode_text_gives_text_or_refuses_cleanly(raw):
    try:
        text, notes = decode_text(raw)
    except UnreadableFile as refusal:
        assert "binary" in str(refusal)
        return
    assert "\r" not in text
    assert all(isinstance(note, str) for note in notes)
    assert decode_text(raw) == (text, notes), "decoding is deterministic"


@SETTINGS
@given(TEXTS)
def test_parse_header_keeps_its_promises(text):
    header = parse_header(text)
    assert 0 <= header.body_start <= len(text)
    assert header.noise_spans == sorted(header.noise_spans)
    assert all(0 <= start <= end <= len(text) for start, end in header.noise_spans)
    assert header.published is None or isinstance(header.published, dt.date)
    assert all(line is None or line >= 1 for _message, line in header.problems)


@SETTINGS
@given(BYTES)
def test_read_article_never_raises(raw):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "Some File.txt"
        path.write_bytes(raw)
        article, problems = read_article(path, root)
    assert all(p.path == "Some File.txt" and p.message for p in problems)
    if article is None:
        assert problems, "a refused article always says why"
        return
    assert not [p for p in problems if p.severity == "error"]
    assert isinstance(article.published, dt.date)
    assert article.article_id == "some-file"
    assert 0 <= article.body_start <= len(article.text)
    assert article.word_count >= 0
