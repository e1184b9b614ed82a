"""The bad-input catalogue: every entry is read without a traceback, and the message names
the file (and the line where it helps). Behaviours are documented in the README."""

import os
from pathlib import Path

import pytest
from communique.cli import main
from communique.read import read_corpus

GOOD = (
    " date 2025-03-04 Baku, March 4, AZERTAC\n\nOn March 3, Deputy Minister of Foreign "
    "Affairs of Azerbaijan Orkhan Valiyev met with Lao Deputy Foreign Minister Somchai "
    "Vongphachanh in Baku.\n"
)


def corpus(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    (root / "good.txt").write_bytes(GOOD.encode())
    for name, content in files.items():
        (root / name).write_bytes(content)
    return root


def problems_for(tmp_path: Path, files: dict[str, bytes]):
    articles, problems = read_corpus(corpus(tmp_path, files))
    return articles, problems


def _only(problems, name):
    found = [p for p in problems if p.path == name]
    assert found, f"no problem reported for {name}: {problems}"
    return found


LATIN = GOOD.replace("Baku.", "Bakú, “the capital”.")
CATALOGUE = [
    # (case, files, file with the problem, severity, words in the message, line, articles read)
    (
        "no date anywhere",
        {"nodate.txt": b"Deputy Minister Orkhan Valiyev met guests.\n"},
        "nodate.txt",
        "error",
        "no publication date",
        1,
        1,
    ),
    (
        "dateline without a year",
        {"noyear.txt": b"Baku, March 4, AZERTAC\n\nThe ministers met in Baku.\n"},
        "noyear.txt",
        "error",
        "the dateline's 'March 4' has no year",
        1,
        1,
    ),
    (
        "impossible date in the header",
        {"bad.txt": GOOD.replace("2025-03-04", "2025-02-30").encode()},
        "bad.txt",
        "error",
        "impossible or malformed date '2025-02-30'",
        1,
        1,
    ),
    (
        "impossible date on a date line",
        {"badline.txt": b"A Headline\n30/02/2025 10:00\n\nThe ministers met in Baku.\n"},
        "badline.txt",
        "error",
        "impossible date '30/02/2025 10:00'",
        2,
        1,
    ),
    ("empty file", {"empty.txt": b""}, "empty.txt", "error", "empty file", None, 1),
    ("whitespace only", {"blank.txt": b"  \n\t\n"}, "blank.txt", "error", "empty file", None, 1),
    (
        "Windows-1252 quotes",
        {"cp.txt": GOOD.replace("On March", "“On” March").encode("cp1252")},
        "cp.txt",
        "warning",
        "not valid UTF-8 from line 3: those bytes read as Windows-1252",
        3,
        2,
    ),
    (
        "Latin-1",
        {"latin.txt": LATIN.encode("utf-8").replace("ú".encode(), "ú".encode("latin-1"))},
        "latin.txt",
        "warning",
        "not valid UTF-8",
        3,
        2,
    ),
    (
        "UTF-8 BOM",
        {"bom.txt": b"\xef\xbb\xbf" + GOOD.encode()},
        "bom.txt",
        "warning",
        "byte-order mark",
        1,
        2,
    ),
    (
        "CRLF",
        {"crlf.txt": GOOD.replace("\n", "\r\n").encode()},
        "crlf.txt",
        "warning",
        "CRLF",
        None,
        2,
    ),
    (
        "HTML",
        {"page.txt": b"<html><body><p>" + GOOD.encode() + b"</p></body></html>"},
        "page.txt",
        "warning",
        "HTML markup removed",
        1,
        2,
    ),
    ("binary", {"bin.txt": bytes(range(256)) * 4}, "bin.txt", "error", "binary", 1, 1),
    (
        "binary without NUL bytes",
        {"noise.txt": bytes(range(1, 32)) * 40},
        "noise.txt",
        "error",
        "binary",
        None,
        1,
    ),
    # files are read in name order: the later name is the duplicate
    (
        "same bytes twice",
        {"copy.txt": GOOD.encode()},
        "good.txt",
        "warning",
        "same bytes as copy.txt: skipped as a duplicate",
        None,
        1,
    ),
    (
        "stems collide",
        {"Good.txt": GOOD.replace("Baku.", "Ganja.").encode()},
        "good.txt",
        "error",
        "its id 'good' is also the id of Good.txt: rename one",
        None,
        1,
    ),
    (
        "not English",
        {
            "fr.txt": (
                " date 2025-03-04 Paris, 4 mars\n\nLe ministre et la délégation "
                "sont dans la capitale pour une visite avec les représentants "
                "du pays et les membres de la commission.\n"
            ).encode()
        },
        "fr.txt",
        "warning",
        "not in English (looks like 'fr')",
        None,
        1,
    ),
    ("not .txt", {"notes.md": b"# notes\n"}, "notes.md", "warning", "not a .txt file", None, 1),
]


@pytest.mark.parametrize(
    ("case", "files", "name", "severity", "words", "line", "read"),
    CATALOGUE,
    ids=[c[0] for c in CATALOGUE],
)
def test_catalogue(tmp_path, case, files, name, severity, words, line, read):
    articles, problems = problems_for(tmp_path, files)
    found = [p for p in _only(problems, name) if words in p.message]
    assert found, [str(p) for p in problems]
    assert {(p.severity, p.line) for p in found} == {(severity, line)}
    where = f"{name}:{line}" if line else name
    assert str(found[0]).startswith(f"{where}: {severity}: ")
    assert len(articles) == read


def test_repairs_keep_the_article_readable(tmp_path):
    articles, _ = problems_for(
        tmp_path,
        {
            "cp.txt": LATIN.replace("On March", "“On” March").encode("cp1252"),
            "page.txt": b"<p>" + GOOD.replace("Baku.", "Baku &amp; Ganja.").encode() + b"</p>",
        },
    )
    texts = {a.path: a.text for a in articles}
    assert "“On” March" in texts["cp.txt"] and "Bakú" in texts["cp.txt"]
    assert "Baku & Ganja." in texts["page.txt"] and "<p>" not in texts["page.txt"]
    assert all(a.published.isoformat() == "2025-03-04" for a in articles)


def test_impossible_date_names_the_line(tmp_path):
    _, problems = problems_for(
        tmp_path, {"bad.txt": GOOD.replace("2025-03-04", "2025-02-30").encode()}
    )
    (problem,) = _only(problems, "bad.txt")
    assert problem.line == 1 and str(problem).startswith("bad.txt:1: error")


def test_twenty_megabyte_file_is_refused_without_reading_it(tmp_path):
    root = corpus(tmp_path, {})
    with open(root / "huge.txt", "wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    articles, problems = read_corpus(root)
    (problem,) = _only(problems, "huge.txt")
    assert problem.severity == "error"
    assert "file is 20.0 MB, over the 5 MB limit for an article" in str(problem)
    assert len(articles) == 1


def test_symlink_outside_the_corpus_is_not_followed(tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_text(GOOD)
    root = corpus(tmp_path, {})
    os.symlink(secret, root / "link.txt")
    articles, problems = read_corpus(root)
    (problem,) = _only(problems, "link.txt")
    assert problem.severity == "error"
    assert f"symlink to {secret.resolve()}, outside the corpus: not read" in str(problem)
    assert [a.path for a in articles] == ["good.txt"]


def test_broken_and_looping_symlinks_are_named(tmp_path):
    root = corpus(tmp_path, {})
    os.symlink(root / "gone.txt", root / "broken.txt")
    os.symlink(root / "loop-b.txt", root / "loop-a.txt")
    os.symlink(root / "loop-a.txt", root / "loop-b.txt")
    articles, problems = read_corpus(root)
    for name in ("broken.txt", "loop-a.txt", "loop-b.txt"):
        (problem,) = _only(problems, name)
        assert problem.message == "symlink to a missing file (or a symlink loop): not read"
    assert len(articles) == 1


def test_symlink_inside_the_corpus_is_read_once(tmp_path):
    root = corpus(tmp_path, {})
    os.symlink(root / "good.txt", root / "alias.txt")
    articles, problems = read_corpus(root)
    assert len(articles) == 1
    assert articles[0].path == "good.txt", "the file itself, not its alias"
    (problem,) = _only(problems, "alias.txt")
    assert "same bytes as good.txt" in problem.message and problem.severity == "warning"


def test_unreadable_file_is_an_error_not_a_traceback(tmp_path):
    root = corpus(tmp_path, {"locked.txt": GOOD.replace("Baku.", "Ganja.").encode()})
    (root / "locked.txt").chmod(0)
    try:
        if os.access(root / "locked.txt", os.R_OK):
            pytest.skip("running as a user who can read anything (root)")
        _, problems = read_corpus(root)
        (problem,) = _only(problems, "locked.txt")
        assert problem.message.startswith("cannot be read")
    finally:
        (root / "locked.txt").chmod(0o600)


def test_hidden_files_are_not_part_of_the_corpus(tmp_path):
    root = corpus(tmp_path, {".draft.txt": b"no date here\n"})
    articles, problems = read_corpus(root)
    assert len(articles) == 1 and problems == []


def test_repaired_offsets_still_slice(tmp_path):
    articles, _ = problems_for(
        tmp_path, {"crlf.txt": b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode()}
    )
    from communique.extract.article import extract_article
    from communique.read import load_text

    article = next(a for a in articles if a.path == "crlf.txt" or a.article_id == "crlf")
    facts = extract_article(article)
    text = load_text(Path(tmp_path / "articles" / "crlf.txt"))
    spans = [s for p in facts.people for s in p.spans]
    assert spans and all(text[s.start : s.end] == s.text for s in spans)


# ---------------------------------------------------------------- the policy, end to end


def test_build_stops_and_lists_every_error(tmp_path, capsys):
    root = corpus(tmp_path, {"nodate.txt": b"Text with no date.\n", "empty.txt": b""})
    out = tmp_path / "package"
    assert main(["build", str(root), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "nodate.txt" in err and "empty.txt" in err and "nothing was published" in err
    assert not out.exists()


def test_skip_invalid_publishes_the_rest_and_lists_what_it_skipped(tmp_path, capsys):
    root = corpus(tmp_path, {"nodate.txt": b"Text with no date.\n"})
    out = tmp_path / "package"
    assert main(["build", str(root), "--out", str(out), "--skip-invalid"]) == 0
    err = capsys.readouterr().err
    assert "skipped 1 invalid article(s): nodate.txt" in err
    assert (out / "datapackage.json").exists()


def test_article_with_no_entities_is_kept_with_a_warning(tmp_path, capsys):
    root = corpus(
        tmp_path,
        {
            "quiet.txt": b" date 2025-03-04 Baku, March 4, AZERTAC\n\nIt rained "
            b"all day and the markets were calm.\n"
        },
    )
    out = tmp_path / "package"
    assert main(["build", str(root), "--out", str(out)]) == 0
    assert "quiet.txt: warning: no people or organisations found" in capsys.readouterr().err
    assert "quiet," in (out / "data" / "articles.csv").read_text()


def test_unwritable_output_is_a_clear_usage_error(tmp_path, capsys):
    root = corpus(tmp_path, {})
    blocked = tmp_path / "ro"
    blocked.mkdir()
    blocked.chmod(0o500)
    try:
        if os.access(blocked, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        assert main(["build", str(root), "--out", str(blocked / "package")]) == 2
        assert "not writable" in capsys.readouterr().err
    finally:
        blocked.chmod(0o700)


def test_output_path_that_is_a_file_is_a_clear_usage_error(tmp_path, capsys):
    root = corpus(tmp_path, {})
    target = tmp_path / "package"
    target.write_text("not a folder")
    assert main(["build", str(root), "--out", str(target)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_missing_corpus_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nowhere"), "--out", str(tmp_path / "p")]) == 2
    assert (
        capsys.readouterr().err
        == f"communique: {tmp_path / 'nowhere'}: no such folder of articles\n"
    )


def test_output_under_a_file_is_a_clear_usage_error(tmp_path, capsys):
    # Works for every user, root included: nobody can create a folder inside a file.
    root = corpus(tmp_path, {})
    blocker = tmp_path / "blocker"
    blocker.write_text("a file")
    assert main(["build", str(root), "--out", str(blocker / "package")]) == 2
    assert "cannot create" in capsys.readouterr().err


def test_a_corpus_with_no_usable_article_publishes_nothing(tmp_path, capsys):
    root = tmp_path / "articles"
    root.mkdir()
    (root / "notes.md").write_text("# not an article\n")
    out = tmp_path / "package"
    assert main(["build", str(root), "--out", str(out)]) == 1
    assert "no usable articles" in capsys.readouterr().err
    assert not out.exists()
