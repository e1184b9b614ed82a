"""The command line never shows a traceback for a person's mistake: one line and exit 2 for
a usage error, one line and exit 130 for Ctrl-C, in every subcommand."""

import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest
from communique.cli import main
from corpus_helpers import ARTICLE_A, ARTICLE_B, write_corpus


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    corpus = write_corpus(root / "articles", {"a": ARTICLE_A})
    assert main(["build", str(corpus), "--out", str(root / "package")]) == 0
    return root


def _usage_error(capsys, argv: list[str], says: str) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith("communique") and says in captured.err, captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["release", "{tmp}/nosuch"], "no such package folder"),
        (["release", "{tmp}"], "not a package folder"),
        (["diff", "{tmp}/nosuch", "{root}/package"], "no such package folder, file, or release"),
        (["diff", "{root}/package", "9.9.9", "--dist", "{tmp}"], "9.9.9: no such package"),
        (["check-fresh", "{tmp}/nosuch", "{root}/package"], "no such folder of articles"),
        (["check-fresh", "{root}/articles", "{tmp}/nosuch"], "no such package folder"),
        (["check-version", "{tmp}/nosuch", "{root}/package"], "no such package folder"),
        (["check-version", "{root}/package", "{root}/articles"], "not a package folder"),
        (["validate", "{tmp}/nosuch"], "no such package folder"),
        (["validate", "{root}/package", "--articles", "{tmp}/nosuch"], "no such folder"),
        (["build", "{tmp}/nosuch", "--out", "{tmp}/out"], "no such folder of articles"),
        (["build", "--no-such-option"], "unrecognized arguments: --no-such-option"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_a_wrong_path_or_option_is_one_line_and_exit_2(package, tmp_path, capsys, argv, says):
    argv = [a.format(tmp=tmp_path, root=package) for a in argv]
    _usage_error(capsys, argv, says)


def test_a_file_that_is_not_a_zip_is_one_line(package, tmp_path, capsys):
    fake = tmp_path / "fake.zip"
    fake.write_text("not a zip")
    _usage_error(capsys, ["diff", str(fake), str(package / "package")], "not a readable zip")


def test_a_zip_without_a_descriptor_is_one_line(package, tmp_path, capsys):
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("hello.txt", "hello")
    _usage_error(capsys, ["diff", str(empty), str(package / "package")], "no datapackage.json")


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("communique ")


def test_ctrl_c_is_one_line_and_exit_130(package, tmp_path, capsys, monkeypatch):
    from communique import pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build", interrupted)
    corpus = package / "articles"
    assert main(["build", str(corpus), "--out", str(tmp_path / "out")]) == 130
    assert capsys.readouterr().err == "communique: interrupted\n"


def test_a_ctrl_c_python_wrapped_in_another_error_is_one_line_too(
    package, tmp_path, capsys, monkeypatch
):
    """A Ctrl-C landing in a class being made during an import reaches the command as a
    RuntimeError (from ``__set_name__``) caused by the KeyboardInterrupt."""
    from communique import pipeline

    def interrupted(*args, **kwargs):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as interrupt:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance") from interrupt

    monkeypatch.setattr(pipeline, "build", interrupted)
    corpus = package / "articles"
    assert main(["build", str(corpus), "--out", str(tmp_path / "out")]) == 130
    assert capsys.readouterr().err == "communique: interrupted\n"


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")
def test_ctrl_c_during_a_real_build(tmp_path, tmp_path_factory):
    texts = {f"{n:03d}": (ARTICLE_A, ARTICLE_B)[n % 2] + f"\nNote {n}.\n" for n in range(60)}
    corpus = write_corpus(tmp_path / "articles", texts)
    out = tmp_path / "out"
    caches = tmp_path_factory.mktemp("xdg-cache")
    child = subprocess.Popen(
        [sys.executable, "-m", "communique.cli", "build", str(corpus), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(caches)},
    )
    # into the build, however loaded the machine: the cache is opened as the corpus is read
    # (a signal during the interpreter's own start-up is Python's, not the command's, to report)
    deadline = time.monotonic() + 120
    while not (caches / "communique").exists() and child.poll() is None:
        assert time.monotonic() < deadline, "the build never opened its cache"
        time.sleep(0.02)
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=60)
    if child.returncode == 0:
        pytest.skip("the build finished before the signal arrived")
    assert stderr == "communique: interrupted\n", repr(stderr)
    # 130 from main; or death by SIGINT, which CPython chooses itself when the signal landed
    # inside C code that ran Python (an import): a shell shows 130 for both.
    assert child.returncode in (130, -signal.SIGINT)
    assert not out.exists(), "nothing half-built is published"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles"], "no staging left behind"


_ENDING = """
import atexit
import sys
from pathlib import Path

from communique import cli

out = Path(sys.argv[1])


class Witness:
    def __del__(self):  # called as the interpreter's teardown frees this module's globals
        (out / "torn-down").write_text("freed")


witness = Witness()
atexit.register(lambda: (out / "handler").write_text("ran"))  # registered after the cli's
sys.argv = ["communique", *sys.argv[2:]]
{end}
"""


@pytest.mark.parametrize(
    ("end", "torn_down"), [("cli.program()", False), ("sys.exit(cli.main())", True)]
)
def test_the_program_ends_once_exit_handlers_ran_and_output_is_flushed(tmp_path, end, torn_down):
    # ``program`` skips the interpreter's teardown (the witness is never freed), not the
    # exit handlers registered after the command line was imported, nor what was printed
    # (stdout to a pipe is block-buffered without PYTHONUNBUFFERED); ``main`` alone does not
    script = tmp_path / "end.py"
    script.write_text(_ENDING.format(end=end), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    for argv, code, says in (
        (["--help"], 0, "usage: communique"),
        (["check-fresh", str(tmp_path / "nosuch"), str(tmp_path)], 2, ""),
    ):
        for left in ("handler", "torn-down"):
            (tmp_path / left).unlink(missing_ok=True)
        done = subprocess.run(
            [sys.executable, str(script), str(tmp_path), *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == code, done.stderr
        assert says in done.stdout
        assert "no such folder of articles" in done.stderr or code == 0
        assert (tmp_path / "handler").read_text() == "ran"
        assert (tmp_path / "torn-down").exists() == torn_down
