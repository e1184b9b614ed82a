"""Publishing is atomic: killed at any moment, the previous package stays whole."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from communique.publish import PublishError, publish, recover, staging_dir

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from communique.publish import publish, staging_dir
    target = Path(sys.argv[1])
    with staging_dir(target) as staging:
        for n in range(60):
            (staging / f"part-{n:03d}.txt").write_text("new\\n" * 2000)
            time.sleep(0.004)
        publish(staging, target)
    """
)


def _package(folder: Path, content: str, parts: int = 60) -> None:
    folder.mkdir(parents=True)
    for n in range(parts):
        (folder / f"part-{n:03d}.txt").write_text(content * 2000)


def _state(folder: Path) -> str:
    """'old' or 'new' when the folder holds one complete package, else what is wrong."""
    if not folder.is_dir():
        return "missing"
    contents = {p.read_text() for p in folder.iterdir()}
    names = sorted(p.name for p in folder.iterdir())
    if names != [f"part-{n:03d}.txt" for n in range(60)] or len(contents) != 1:
        return f"mixed: {len(names)} files, {len(contents)} versions"
    return contents.pop().split("\n")[0]


def test_first_publish_and_replacement(tmp_path):
    target = tmp_path / "package"
    with staging_dir(target) as staging:
        (staging / "a.txt").write_text("one")
        publish(staging, target)
    with staging_dir(target) as staging:
        (staging / "a.txt").write_text("two")
        publish(staging, target)
    assert (target / "a.txt").read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["package"], "no staging left behind"


def test_failed_build_leaves_the_old_package_and_no_staging(tmp_path):
    target = tmp_path / "package"
    _package(target, "old\n", parts=1)
    with pytest.raises(RuntimeError), staging_dir(target) as staging:
        (staging / "half.txt").write_text("half")
        raise RuntimeError("validation failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package"]
    assert (target / "part-000.txt").read_text().startswith("old")


def test_recover_restores_a_package_moved_aside(tmp_path):
    target = tmp_path / "package"
    aside = tmp_path / ".package.previous"
    _package(aside, "old\n", parts=1)
    recover(target)
    assert (target / "part-000.txt").exists() and not aside.exists()


def test_unwritable_parent_is_a_publish_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PublishError, match="cannot create"), staging_dir(blocker / "package"):
        pass


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")
def test_killed_at_any_moment_leaves_a_whole_package(tmp_path):
    """SIGKILL a publishing process at 12 different moments, from staging to the swap."""
    outcomes = []
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    for n, delay in enumerate([0.0, 0.02, 0.05, 0.08, 0.11, 0.14, 0.17, 0.2, 0.23, 0.26, 0.3, 0.6]):
        root = tmp_path / f"run-{n}"
        target = root / "package"
        _package(target, "old\n")
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(target)], env=env)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        recover(target)  # what the next build does first
        state = _state(target)
        outcomes.append(state)
        assert state in ("old", "new"), f"killed after {delay}s: {state}"
    assert "old" in outcomes, json.dumps(outcomes)
