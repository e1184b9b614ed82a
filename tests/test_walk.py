"""The folder walk the reader and the freshness check share gives what pathlib's
``sorted(folder.rglob("*"))`` gives, with each entry's kind."""

from __future__ import annotations

import os
from pathlib import Path

from communique.walk import walk


def test_the_walk_is_rglob_sorted(tmp_path):
    root = tmp_path / "corpus"
    for rel in ("b.txt", "a/z.txt", "a/b/c.txt", ".hidden/x.txt", "a b/é.txt", "A.txt", "a.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel, encoding="utf-8")
    (root / "empty").mkdir()
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "o.txt").write_text("o", encoding="utf-8")
    os.symlink(root / "b.txt", root / "link-to-file.txt")
    os.symlink(outside, root / "link-to-folder")  # listed, not entered
    os.symlink(root / "missing.txt", root / "broken.txt")
    entries = walk(root)
    assert [e.as_path() for e in entries] == sorted(root.rglob("*"))
    assert [e.rel for e in entries] == [p.relative_to(root).as_posix() for p in entries_paths(root)]
    kinds = {e.rel: (e.is_link, e.is_file) for e in entries}
    assert kinds["link-to-file.txt"] == (True, True)
    assert kinds["link-to-folder"] == (True, False)
    assert kinds["broken.txt"] == (True, False)
    assert kinds["a/b"] == (False, False) and kinds["a/b/c.txt"] == (False, True)


def test_a_missing_folder_has_nothing_under_it(tmp_path):
    assert walk(tmp_path / "nowhere") == []


def entries_paths(root: Path) -> list[Path]:
    return sorted(root.rglob("*"))
