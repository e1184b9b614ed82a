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


CATALOGUE = [
    # (case, files, file with the problem, severity, words in the message, articles read)
    (
        "no date anywhere",
        {"nodate.txt": b"Deputy Minister Orkhan Valiyev met guests.\n"},
        "nodate.txt",
        "error",
        "no publication date",
        1,
    ),
    (
        "impossible date",
        {"bad.txt": GOOD.replace("2025-03-04", "2025-02-30").encode()},
        "bad.txt",
        "error",
        "2025-02-30",
        1,
    ),
    ("empty file", {"empty.txt": b""}, "empty.txt", "error", "empty", 1),
    ("whitespace only", {"blank.txt": b"  \n\t\n"}, "blank.txt", "error", "empty", 1),
    (
        "Windows-1252 quotes",
        {"cp.txt": GOOD.replace("On March", "“On” March").encode("cp1252")},
        "cp.txt",
        "warning",
        "Windows-1252",
        2,
    ),
    (
        "Latin-1",
        {"latin.txt": GOOD.replace("Baku.", "Bakú.").encode("latin-1")},
        "latin.txt",
        "warning",
        "not valid UTF-8",
        2,
    ),
    (
        "UTF-8 BOM",
        {"bom.txt": b"\xef\xbb\xbf" + GOOD.encode()},
        "bom.txt",
        "warning",
        "byte-order mark",
        2,
    ),
    ("CRLF", {"crlf.txt": GOOD.replace("\n", "\r\n").encode()}, "crlf.txt", "warning", "CRLF", 2),
    (
        "HTML",
        {"page.txt": b"<html><body><p>" + GOOD.encode() + b"</p></body></html>"},
        "page.txt",
        "warning",
        "HTML",
        2,
    ),
    ("binary", {"bin.txt": bytes(range(256)) * 4}, "bin.txt", "error", "binary", 1),
    # files are read in name order: the later name is the duplicate
    (
        "same bytes twice",
        {"copy.txt": GOOD.encode()},
        "good.txt",
        "warning",
        "same bytes as copy.txt",
        1,
    ),
    (
        "stems collide",
        {"Good.txt": GOOD.replace("Baku.", "Ganja.").encode()},
        "good.txt",
        "error",
        "also the id of",
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
        "not in English",
        1,
    ),
    ("not .txt", {"notes.md": b"# notes\n"}, "notes.md", "warning", "not a .txt file", 1),
]


@pytest.mark.parametrize(
    ("case", "files", "name", "severity", "words", "read"), CATALOGUE, ids=[c[0] for c in CATALOGUE]
)
def test_catalogue(tmp_path, case, files, name, severity, words, read):
    articles, problems = problems_for(tmp_path, files)
    found = _only(problems, name)
    assert any(p.severity == severity and words in p.message for p in found), found
    assert len(articles) == read
    assert all(str(p).startswith(p.path) for p in problems)


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
    assert any("MB limit" in p.message for p in _only(problems, "huge.txt"))
    assert len(articles) == 1


def test_symlink_outside_the_corpus_is_not_followed(tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_text(GOOD)
    root = corpus(tmp_path, {})
    os.symlink(secret, root / "link.txt")
    _, problems = read_corpus(root)
    assert any("outside the corpus" in p.message for p in _only(problems, "link.txt"))


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
    assert "not a folder of articles" in capsys.readouterr().err


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
