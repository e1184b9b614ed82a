"""Output folders are sacred: a build publishes only to a missing folder, an empty one, or
one holding a previous Communique package and nothing else. Every refusal exits 2 with one
line, and every file that was there before is there after, byte for byte."""

import os
import shutil
import stat
from pathlib import Path

import pytest
from communique.cli import main
from communique.output_folder import refusal
from corpus_helpers import ARTICLE_A, ARTICLE_B, write_corpus


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` (hidden ones included), with file contents."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def _refused(capsys, argv: list[str], why: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, f"one line, not: {err}"
    assert why in err and "nothing was written" in err, err


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "articles", {"a": ARTICLE_A})


def test_a_folder_of_other_files_is_refused(tmp_path, corpus, capsys):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_bytes(b"years of work")
    before = _snapshot(tmp_path)
    _refused(
        capsys,
        ["build", str(corpus), "--out", str(precious)],
        "not empty and holds no Communique package",
    )
    assert _snapshot(tmp_path) == before


def test_the_corpus_itself_is_refused(tmp_path, corpus, capsys):
    before = _snapshot(tmp_path)
    _refused(capsys, ["build", str(corpus), "--out", str(corpus)], "is the corpus itself")
    assert _snapshot(tmp_path) == before


def test_a_folder_containing_the_corpus_is_refused(tmp_path, corpus, capsys):
    before = _snapshot(tmp_path)
    _refused(capsys, ["build", str(corpus), "--out", str(tmp_path)], "contains the corpus")
    assert _snapshot(tmp_path) == before


def test_a_folder_inside_the_corpus_is_refused(tmp_path, corpus, capsys):
    before = _snapshot(tmp_path)
    _refused(capsys, ["build", str(corpus), "--out", str(corpus / "package")], "inside the corpus")
    assert _snapshot(tmp_path) == before


def test_a_clone_is_refused_git_folder_and_all(tmp_path, corpus, capsys, monkeypatch):
    clone = tmp_path / "clone"
    (clone / ".git" / "objects").mkdir(parents=True)
    (clone / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (clone / "README.md").write_text("# a project\n")
    monkeypatch.chdir(clone)
    before = _snapshot(tmp_path)
    _refused(capsys, ["build", str(corpus), "--out", "."], "contains the repository")
    assert _snapshot(tmp_path) == before


def test_a_folder_holding_a_repository_is_refused(tmp_path, corpus, capsys):
    other = tmp_path / "other"
    (other / ".git").mkdir(parents=True)
    before = _snapshot(tmp_path)
    _refused(capsys, ["build", str(corpus), "--out", str(other)], "holds a git repository")
    assert _snapshot(tmp_path) == before


def test_a_filesystem_root_is_refused(corpus, capsys):
    before = sorted(os.listdir("/"))
    _refused(capsys, ["build", str(corpus), "--out", "/"], "is a filesystem root")
    assert sorted(os.listdir("/")) == before


def test_a_package_with_a_stranger_in_it_is_refused(tmp_path, corpus, capsys):
    out = tmp_path / "package"
    assert main(["build", str(corpus), "--out", str(out)]) == 0
    (out / "notes.txt").write_text("mine\n")
    (out / "data" / "extra.csv").write_text("a,b\n")
    before = _snapshot(tmp_path)
    capsys.readouterr()
    _refused(
        capsys,
        ["build", str(corpus), "--out", str(out)],
        "not part of its package (data/extra.csv, notes.txt)",
    )
    assert _snapshot(tmp_path) == before


def test_a_descriptor_of_another_kind_of_package_is_refused(tmp_path, corpus, capsys):
    out = tmp_path / "theirs"
    out.mkdir()
    (out / "datapackage.json").write_text('{"name": "theirs", "resources": []}')
    before = _snapshot(tmp_path)
    _refused(capsys, ["build", str(corpus), "--out", str(out)], "holds no Communique package")
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("state", ["missing", "empty", "previous package"])
def test_missing_empty_and_previous_packages_are_accepted(tmp_path, corpus, state):
    out = tmp_path / "package"
    if state == "empty":
        out.mkdir()
    if state == "previous package":
        assert main(["build", str(corpus), "--out", str(out)]) == 0
    before = _snapshot(tmp_path / "articles")
    assert refusal(out, corpus) is None
    assert main(["build", str(corpus), "--out", str(out)]) == 0
    assert (out / "datapackage.json").is_file()
    assert _snapshot(tmp_path / "articles") == before


def test_another_corpus_into_the_default_package_needs_a_flag(tmp_path, capsys, monkeypatch):
    """`nox -s build -- mycorpus`, forgetting --out, must not replace datapackage/."""
    project = tmp_path / "project"
    write_corpus(project / "articles", {"a": ARTICLE_A})
    mine = write_corpus(project / "mycorpus", {"b": ARTICLE_B})
    monkeypatch.chdir(project)
    assert main(["build"]) == 0
    capsys.readouterr()
    before = _snapshot(project)
    assert main(["build", str(mine)]) == 2
    err = capsys.readouterr().err
    assert "--allow-other-corpus" in err and err.count("\n") == 1, err
    assert _snapshot(project) == before
    assert main(["build", str(mine), "--allow-other-corpus", "--allow-mass-retirement"]) == 0


def test_retiring_most_published_ids_needs_a_flag(tmp_path, capsys):
    first = write_corpus(tmp_path / "first", {"a": ARTICLE_A})
    second = write_corpus(tmp_path / "second", {"b": ARTICLE_B})
    out = tmp_path / "package"
    assert main(["build", str(first), "--out", str(out)]) == 0
    capsys.readouterr()
    before = _snapshot(tmp_path)
    assert main(["build", str(second), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "would retire" in err and "--allow-mass-retirement" in err and err.count("\n") == 1
    assert _snapshot(tmp_path) == before
    assert main(["build", str(second), "--out", str(out), "--allow-mass-retirement"]) == 0
    assert "version 2.0.0 (major change)" in capsys.readouterr().out


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_published_files_and_folders_get_ordinary_permissions(tmp_path, corpus, umask):
    previous = os.umask(umask)
    try:
        out = tmp_path / "package"
        assert main(["build", str(corpus), "--out", str(out)]) == 0
        assert main(["build", str(corpus), "--out", str(out)]) == 0  # a rebuild, swapped in
    finally:
        os.umask(previous)
    for path in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = (0o777 if path.is_dir() else 0o666) & ~umask
        assert mode == expected, f"{path}: {oct(mode)} != {oct(expected)}"


def test_a_copy_of_a_package_stays_a_package(tmp_path, corpus):
    out = tmp_path / "package"
    assert main(["build", str(corpus), "--out", str(out)]) == 0
    shutil.copytree(out, tmp_path / "copy")
    assert refusal(tmp_path / "copy", corpus) is None
