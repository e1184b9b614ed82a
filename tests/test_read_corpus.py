"""The reader on real corpora: the seed articles (part of the project) and the dev set
(in /work/shared, which may be absent). Compares `published` and `source` with the gold."""

from pathlib import Path

import pytest
import yaml
from communique.read import read_corpus

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared" / "eval"
CORPORA = [
    ("seeds", PROJECT / "articles", SHARED / "seeds" / "gold.yaml"),
    ("dev", SHARED / "dev" / "articles", SHARED / "dev" / "gold.yaml"),
]


@pytest.mark.parametrize(
    ("name", "articles_dir", "gold_file"), CORPORA, ids=[c[0] for c in CORPORA]
)
def test_published_and_source_match_the_gold(name, articles_dir, gold_file):
    if not articles_dir.is_dir() or not gold_file.is_file():
        pytest.skip(f"{name}: {articles_dir} or {gold_file} is absent (shared eval data)")
    gold = {a["id"]: a for a in yaml.safe_load(gold_file.read_text("utf-8"))["articles"]}
    articles, problems = read_corpus(articles_dir)
    assert not problems, [str(p) for p in problems]
    assert sorted(a.article_id for a in articles) == sorted(gold)
    for article in articles:
        expected = gold[article.article_id]
        assert str(article.published) == str(expected["published"]), article.article_id
        assert article.source == expected["source"], article.article_id
        assert article.language == "en"
        assert 0 < article.body_start < len(article.text)
        assert article.word_count > 100


def test_seed_metadata():
    articles_dir = PROJECT / "articles"
    if not articles_dir.is_dir():
        pytest.skip(f"{articles_dir} is absent")
    articles, _ = read_corpus(articles_dir)
    by_id = {a.article_id: a for a in articles}
    seed = by_id.get("003_7a5e25e7f24bfefe")
    if seed is None:
        pytest.skip("the seed article 003_7a5e25e7f24bfefe is not in the corpus")
    assert (seed.dateline, seed.publisher, seed.path) == ("Baku", None, "003_7a5e25e7f24bfefe.txt")


@pytest.mark.parametrize(
    "name",
    [
        "a.txt",
        "a.TXT",
        "a.tar.txt",
        "a.",
        "a",
        ".txt",
        "..txt",
        "a..txt",
        "a.txt.",
        "a. txt",
        "é.Txt",
    ],
)
def test_a_file_names_suffix_is_the_one_a_path_gives(name):
    from pathlib import PurePosixPath

    from communique.read import _suffix

    assert _suffix(name) == PurePosixPath(name).suffix
