"""The lexicon kept in the cache (``lexicon_store``): what is read back is the lexicon the
rules build, a build reads it instead of building it, and a damaged entry is built again."""

from __future__ import annotations

import dataclasses
import os
import pickle
import sqlite3
from pathlib import Path

import pytest
from communique import lexicon_store
from communique.cache import FILE, Cache
from communique.extract import lexicon as lexicon_module
from communique.extract.article import extract_article
from communique.extract.lexicon import Lexicon, Phrases, build_lexicon, lexicon
from communique.pipeline import build
from communique.read import read_corpus
from corpus_helpers import files, generated_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("lexicon") / "articles", 8, seed=11)


@pytest.fixture
def fresh_lexicon():
    """Each test starts and ends with no lexicon in this process (and the default load)."""
    lexicon.cache_clear()
    yield
    lexicon.cache_clear()
    assert lexicon_module.load is lexicon_module._built


def differences(a: Lexicon, b: Lexicon) -> list[str]:
    """The fields on which two lexicons differ (a ``Phrases`` by its entries and its runs
    of leading words too)."""
    different = []
    for field in dataclasses.fields(Lexicon):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if x != y or (isinstance(x, Phrases) and x.leads != y.leads):
            different.append(field.name)
    return different


def counting_builds(monkeypatch) -> list[int]:
    built: list[int] = []

    def counted() -> Lexicon:
        built.append(1)
        return build_lexicon()

    monkeypatch.setattr(lexicon_module, "build_lexicon", counted)
    return built


def test_the_kept_lexicon_is_the_one_the_rules_build(corpus, tmp_path, fresh_lexicon):
    """Field by field, and by the facts each gives every article of a corpus."""
    articles, _ = read_corpus(corpus)
    built = lexicon()
    from_built = [extract_article(a) for a in articles]
    cache = Cache(tmp_path / "cache")
    with lexicon_store.kept_in(cache):
        assert lexicon_store._load(cache, lambda: built) is built  # stored
        kept = lexicon_store._load(cache, lambda: pytest.fail("built again"))
    assert kept is not built
    assert differences(kept, built) == []
    lexicon.cache_clear()
    lexicon_module.load = lambda build: kept
    try:
        assert lexicon() is kept
        assert [extract_article(a) for a in articles] == from_built
    finally:
        lexicon_module.load = lexicon_module._built
    # a field that differs is seen (the comparison can fail)
    assert differences(dataclasses.replace(kept, alone=frozenset()), built) == ["alone"]


def test_a_build_reads_the_lexicon_the_last_one_kept(corpus, tmp_path, monkeypatch, fresh_lexicon):
    built = counting_builds(monkeypatch)
    reference = tmp_path / "reference"
    build(corpus, reference)  # no cache: built, kept nowhere
    assert len(built) == 1
    folder = tmp_path / "cache"
    for n in range(3):
        lexicon.cache_clear()  # as a new process starts
        build(corpus, tmp_path / f"package-{n}", cache=Cache(folder))
        assert files(tmp_path / f"package-{n}") == files(reference)
    assert len(built) == 2  # once more, by the first build with the cache
    with sqlite3.connect(folder / FILE) as db:
        rows = db.execute("SELECT key, generation FROM lexicons").fetchall()
    fingerprint = lexicon_store.lexicon_fingerprint()
    assert rows == [(fingerprint, fingerprint)]


def test_a_damaged_lexicon_is_built_again_and_replaced(
    corpus, tmp_path, monkeypatch, fresh_lexicon
):
    reference = tmp_path / "reference"
    build(corpus, reference)
    folder = tmp_path / "cache"
    fingerprint = lexicon_store.lexicon_fingerprint()
    for damage in (b"not a pickle", b"\x80\x05K\x01.", b""):  # garbage, an int, nothing
        Cache(folder).put_lexicon(fingerprint, damage)
        built = counting_builds(monkeypatch)
        lexicon.cache_clear()
        out = tmp_path / f"package-{len(damage)}"
        build(corpus, out, cache=Cache(folder))
        assert len(built) == 1 and files(out) == files(reference)
        assert isinstance(Cache(folder).lexicon(fingerprint), bytes)
        lexicon.cache_clear()
        assert isinstance(lexicon_store._load(Cache(folder), build_lexicon), Lexicon)
        assert len(built) == 1  # the entry was replaced by a good one


def test_another_process_builds_its_own(tmp_path, monkeypatch, fresh_lexicon):
    """A worker forked inside the block must not use the database connection it
    inherited: it builds its lexicon and leaves the cache alone."""
    cache = Cache(tmp_path / "cache")
    with lexicon_store.kept_in(cache):
        pid = os.getpid()
        monkeypatch.setattr(os, "getpid", lambda: pid + 1)
        monkeypatch.setattr(lexicon_store, "_load", lambda *_: pytest.fail("cache used"))
        assert isinstance(lexicon(), Lexicon)
    assert not (tmp_path / "cache").exists()


def test_an_entry_that_would_run_code_is_refused(tmp_path, monkeypatch, fresh_lexicon):
    """A cache may come from elsewhere: an entry naming a function to call (or any class
    but the lexicon's and the rules') is refused, and the lexicon built instead."""
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    cache = Cache(tmp_path / "cache")
    fingerprint = lexicon_store.lexicon_fingerprint()
    for entry in (pickle.dumps(Payload()), pickle.dumps(Path("elsewhere"))):
        cache.put_lexicon(fingerprint, entry)
        built = counting_builds(monkeypatch)
        assert isinstance(lexicon_store._load(cache, lexicon_module.build_lexicon), Lexicon)
        assert len(built) == 1 and not marker.exists()
    pickle.loads(pickle.dumps(Payload()))  # what a plain unpickler would have done
    assert marker.exists()
