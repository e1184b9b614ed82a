"""Shared test set-up: make the helper modules in tests/ importable, and build the packages
that several test modules read (once per session)."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from corpus_helpers import ARTICLE_A, ARTICLE_B, write_corpus

ROOT = Path(__file__).resolve().parents[1]
DEV_ARTICLES = ROOT.parent / "shared" / "eval" / "dev" / "articles"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """The command line caches extraction in $XDG_CACHE_HOME: a folder of the test run's
    own, never the user's."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def invented_corpus(tmp_path_factory) -> Path:
    """The two invented articles of ``corpus_helpers`` as a corpus folder."""
    root = tmp_path_factory.mktemp("invented")
    return write_corpus(root / "articles", {"a": ARTICLE_A, "b": ARTICLE_B})


@pytest.fixture(scope="session")
def invented_package(invented_corpus: Path) -> Path:
    """A package built from the invented corpus."""
    from communique.pipeline import build

    out = invented_corpus.parent / "package"
    build(invented_corpus, out)
    return out


@pytest.fixture(scope="session")
def dev_package(tmp_path_factory) -> Path:
    """A package built from ../shared/eval/dev/articles (skips when it is absent)."""
    if not DEV_ARTICLES.is_dir():
        pytest.skip(f"{DEV_ARTICLES} is absent: the dev corpus lives beside the project")
    from communique.pipeline import build

    out = tmp_path_factory.mktemp("dev") / "package"
    build(DEV_ARTICLES, out)
    return out
