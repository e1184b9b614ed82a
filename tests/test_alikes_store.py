"""The names resolution compared, kept between builds (``resolve.sound_alikes`` and
``alikes_store``): starting from an earlier build's comparisons gives exactly the pairs of
comparing every name afresh, and exactly the pairs of comparing every two names; a build
keeps them in the cache and a damaged entry changes nothing but the time taken."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from itertools import combinations
from pathlib import Path

import pytest
from communique import alikes_store, resolve
from communique.bench.corpus import write_corpus as write_generated
from communique.cache import FILE, Cache
from communique.pipeline import build
from communique.resolve import NAME_SIMILARITY, SoundAlikes, name_similarity, sound_alikes
from corpus_helpers import files, generated_corpus

_SYLLABLES = ["ka", "ri", "mo", "va", "so", "phon", "ma", "chan", "el", "nur", "ay", "la"]
_SYLLABLES += ["dee", "thi", "sou", "vong", "ke", "ro", "bek", "ov", "ou", "khi"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))


def _respelt(rng: random.Random, word: str) -> str:
    """The word with one letter changed, doubled or dropped: a spelling that may sound alike."""
    at = rng.randrange(len(word))
    change = rng.choice(["swap", "double", "drop"])
    if change == "swap":
        return word[:at] + rng.choice("aeiouykh") + word[at + 1 :]
    if change == "double":
        return word[: at + 1] + word[at:]
    return (word[:at] + word[at + 1 :]) or word


def invented_names(seed: int, count: int) -> list[str]:
    """Folded names of two or three invented words, many respelt from another."""
    rng = random.Random(seed)
    names: list[str] = []
    while len(names) < count:
        if names and rng.random() < 0.5:
            base = rng.choice(names).split()
            name = " ".join(_respelt(rng, w) if rng.random() < 0.6 else w for w in base)
        else:
            name = " ".join(_word(rng) for _ in range(rng.randint(2, 3)))
        if name not in names:
            names.append(name)
    return names


def every_pair(names: list[str]) -> dict[str, set[str]]:
    """The pairs that sound alike, by comparing every two names."""
    alike: dict[str, set[str]] = {}
    for a, b in combinations(names, 2):
        if name_similarity(a, b) >= NAME_SIMILARITY:
            alike.setdefault(a, set()).add(b)
            alike.setdefault(b, set()).add(a)
    return alike


def copied(alikes: SoundAlikes) -> SoundAlikes:
    return SoundAlikes(dict(alikes.sounds), {k: set(v) for k, v in alikes.alike.items()})


@pytest.mark.parametrize("seed", range(6))
def test_names_compared_afresh_are_every_pair_that_sounds_alike(seed):
    names = invented_names(seed, 120)
    found = sound_alikes(names)
    assert found.alike == every_pair(names)
    assert found.sounds.keys() == set(names)
    assert found.alike, "no name sounds like another: the test would show nothing"


@pytest.mark.parametrize("seed", range(6))
def test_starting_from_earlier_comparisons_gives_the_pairs_of_comparing_afresh(seed):
    """Names added and dropped at random, build after build, each build starting from
    what the one before kept."""
    rng = random.Random(f"steps:{seed}")
    pool = invented_names(seed, 200)
    names = rng.sample(pool, 80)
    kept = sound_alikes(names)
    for _ in range(8):
        dropped = set(rng.sample(names, rng.randint(0, 10)))
        added = rng.sample([n for n in pool if n not in names], rng.randint(0, 12))
        names = [n for n in names if n not in dropped] + added
        kept = sound_alikes(names, kept)
        afresh = sound_alikes(names)
        assert kept.alike == afresh.alike == every_pair(names)
        assert kept.sounds == afresh.sounds


def test_the_same_names_are_not_compared_again(monkeypatch):
    names = invented_names(3, 60)
    kept = sound_alikes(names)
    monkeypatch.setattr(resolve, "_name_similarity", lambda a, b: pytest.fail("compared"))
    assert sound_alikes(list(reversed(names)), kept) is kept


def test_one_name_added_is_compared_with_the_others_alone(monkeypatch):
    names = invented_names(4, 80)
    alike = every_pair(names)
    added = next(name for name in names if name in alike)  # one that sounds like another
    kept = sound_alikes([name for name in names if name != added])
    compared: list[tuple[str, str]] = []
    real = resolve._name_similarity

    def counted(a: str, b: str) -> float:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(resolve, "_name_similarity", counted)
    assert sound_alikes(names, kept).alike == alike
    assert compared and all(a == added for a, _ in compared)


def test_encoded_and_decoded_is_the_same_relation():
    found = sound_alikes(invented_names(5, 100))
    text = alikes_store.encoded(found)
    back = alikes_store.decoded(text)
    assert back is not None
    assert back.sounds == found.sounds and back.alike == found.alike
    assert alikes_store.encoded(copied(found)) == text  # the same relation, the same text


_A, _C = ["A", "B"], ["C", "D"]


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("not json", "not json"),
        ("[]", "a list"),
        (json.dumps({"a b": [_A]}), "no pairs"),
        (json.dumps({"a b": "x"}), "not a list"),
        (json.dumps({"a b": [_A, ["c d"]]}), "a pair with a name not compared"),
        (json.dumps({"a b": [_A, ["a b"]]}), "a name with itself"),
        (json.dumps({"a b": [_A, ["c d"]], "c d": [_C, []]}), "a pair one way only"),
        (json.dumps({"a b": [[1, 2], []]}), "sounds not text"),
    ],
)
def test_an_entry_not_of_its_shape_is_not_taken(text, wrong):
    assert alikes_store.decoded(text) is None, wrong


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("alikes") / "articles", 24, seed=17)


def _entries(folder: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(folder / FILE) as db:
        return db.execute("SELECT key, generation FROM alikes").fetchall()


def test_a_build_keeps_the_names_it_compared_and_the_next_starts_from_them(corpus, tmp_path):
    """One article added: the build with the cache gives the bytes of a build without it,
    and keeps the names of the corpus as it now is."""
    grown = tmp_path / "articles"
    shutil.copytree(corpus, grown)
    cache = tmp_path / "cache"
    build(grown, tmp_path / "package", cache=Cache(cache))
    build(grown, tmp_path / "reference")  # no cache
    fingerprint = alikes_store.alikes_fingerprint()
    assert _entries(cache) == [(fingerprint, fingerprint)]
    before = alikes_store.decoded(Cache(cache).alikes(fingerprint) or "")
    assert before is not None and before.sounds
    write_generated(grown, 1, seed=23, start=5000)
    build(grown, tmp_path / "package", cache=Cache(cache))
    build(grown, tmp_path / "reference")
    assert files(tmp_path / "package") == files(tmp_path / "reference")
    after = alikes_store.decoded(Cache(cache).alikes(fingerprint) or "")
    assert after is not None and after.sounds.keys() > before.sounds.keys()
    assert resolve.recall is resolve._computed  # the store is set for the build alone


@pytest.mark.parametrize(
    "damage",
    ["not json", "{}", alikes_store.encoded(sound_alikes(invented_names(7, 50)))],
    ids=["garbage", "no names", "other names"],
)
def test_a_damaged_or_foreign_entry_changes_nothing_but_the_time(corpus, tmp_path, damage):
    """Garbage is ignored; a well-formed entry of other names (another corpus's, or none)
    has its names dropped and the corpus's compared."""
    cache = tmp_path / "cache"
    Cache(cache).put_alikes(alikes_store.alikes_fingerprint(), damage)
    build(corpus, tmp_path / "package", cache=Cache(cache))
    build(corpus, tmp_path / "reference")
    assert files(tmp_path / "package") == files(tmp_path / "reference")
    kept = alikes_store.decoded(Cache(cache).alikes(alikes_store.alikes_fingerprint()) or "")
    assert kept is not None and kept.sounds


def test_another_process_compares_afresh_and_leaves_the_cache_alone(tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    names = invented_names(6, 30)
    with alikes_store.kept_in(cache):
        pid = os.getpid()
        monkeypatch.setattr(os, "getpid", lambda: pid + 1)
        monkeypatch.setattr(alikes_store, "_recall", lambda *_: pytest.fail("cache used"))
        found = resolve.recall(lambda known: sound_alikes(names, known))
    assert found.alike == every_pair(names)
    assert not (tmp_path / "cache").exists()
