"""Publishing is atomic: killed at any moment, the target holds a whole package."""

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from communique import publish as publish_module
from communique.publish import PublishError, publish, recover, staging_dir

OLD_PARTS, NEW_PARTS = 40, 41  # the versions differ in their file lists as well as contents

CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    import communique.publish as publishing

    target, mode = Path(sys.argv[1]), sys.argv[2]
    if mode == "fallback":  # no renameat2: rename aside, then in; slowed to widen the gap
        publishing._exchange = lambda a, b: False
        real_rename = os.rename

        def slow_rename(source, destination):
            real_rename(source, destination)
            time.sleep(0.25)

        publishing.os.rename = slow_rename
    with publishing.staging_dir(target) as staging:
        for n in range(NEW_PARTS):
            (staging / f"part-{n:03d}.txt").write_text("new\\n" * 2000)
            time.sleep(0.002)
        print("staged", flush=True)
        publishing.publish(staging, target)
    print("published", flush=True)
    """
).replace("NEW_PARTS", str(NEW_PARTS))


def _package(folder: Path, version: str, parts: int) -> None:
    folder.mkdir(parents=True)
    for n in range(parts):
        (folder / f"part-{n:03d}.txt").write_text(f"{version}\n" * 2000)


def _state(folder: Path) -> str:
    """'old' or 'new' when the folder holds one complete package, else what is wrong."""
    if not folder.is_dir():
        return "missing"
    for version, parts in (("old", OLD_PARTS), ("new", NEW_PARTS)):
        expected = {f"part-{n:03d}.txt": f"{version}\n" * 2000 for n in range(parts)}
        if {p.name: p.read_text() for p in folder.iterdir()} == expected:
            return version
    return f"mixed: {len(list(folder.iterdir()))} files"


# (mode, when the kill is timed from, seconds after that)
KILLS = [
    ("exchange", "start", 0.0),
    ("exchange", "start", 0.05),
    ("exchange", "start", 0.12),
    ("exchange", "staged", 0.0),
    ("exchange", "staged", 0.0005),
    ("exchange", "staged", 0.001),
    ("exchange", "staged", 0.002),
    ("exchange", "staged", 0.004),
    ("exchange", "staged", 0.008),
    ("exchange", "staged", 0.03),
    ("fallback", "staged", 0.0),
    ("fallback", "staged", 0.1),  # between "old aside" and "new in": no target at all
    ("fallback", "staged", 0.4),  # new in, old still aside
    ("fallback", "staged", 1.0),
]


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")
def test_killed_at_any_moment_leaves_a_whole_package(tmp_path):
    """SIGKILL a publishing process at 14 moments, from staging through the swap; after
    each, the next run's recovery finds the whole old or the whole new package."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    outcomes = []
    for n, (mode, anchor, delay) in enumerate(KILLS):
        target = tmp_path / f"run-{n}" / "package"
        _package(target, "old", OLD_PARTS)
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(target), mode],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        if anchor == "staged":
            assert child.stdout.readline() == "staged\n"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        before = _state(target)
        recover(target)  # what the next build does first
        after = _state(target)
        outcomes.append((mode, delay, before, after))
        assert after in ("old", "new"), f"{mode}, killed {delay}s after {anchor}: {after}"
        assert before in ("old", "new", "missing"), f"{mode}, {delay}s: {before}"
        if mode == "exchange":
            assert before == after, "with the one-call swap no recovery is ever needed"
        leftovers = sorted(p.name for p in target.parent.iterdir())
        assert leftovers == ["package"], leftovers
    assert {after for *_, after in outcomes} == {"old", "new"}, outcomes
    assert any(before == "missing" for *_, before, _ in outcomes), (
        "the fallback's gap between its two renames was never hit: the test lost its teeth"
    )


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


def test_staging_is_a_hidden_sibling(tmp_path):
    target = tmp_path / "out" / "package"
    with staging_dir(target) as staging:
        assert staging.parent == target.parent.resolve()
        assert staging.name.startswith(".package.staging-")
        assert staging.is_dir() and not any(staging.iterdir())
    assert not staging.exists()


def test_replacement_without_renameat2(tmp_path, monkeypatch):
    monkeypatch.setattr(publish_module, "_exchange", lambda a, b: False)
    target = tmp_path / "package"
    _package(target, "old", OLD_PARTS)
    with staging_dir(target) as staging:
        _package(staging / "inner", "new", 1)
        publish(staging, target)
    assert (target / "inner" / "part-000.txt").read_text().startswith("new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package"]


def test_failed_build_leaves_the_old_package_and_no_staging(tmp_path):
    target = tmp_path / "package"
    _package(target, "old", OLD_PARTS)
    with pytest.raises(RuntimeError), staging_dir(target) as staging:
        (staging / "half.txt").write_text("half")
        raise RuntimeError("validation failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package"]
    assert _state(target) == "old"


def test_recover_restores_a_package_moved_aside(tmp_path):
    target = tmp_path / "package"
    _package(tmp_path / ".package.previous", "old", OLD_PARTS)
    recover(target)
    assert _state(target) == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package"]


def test_recover_drops_stale_folders_and_keeps_the_target(tmp_path):
    target = tmp_path / "package"
    _package(target, "new", NEW_PARTS)
    _package(tmp_path / ".package.previous", "old", OLD_PARTS)
    _package(tmp_path / ".package.staging-abc123", "new", 3)
    _package(tmp_path / ".other.staging-abc123", "new", 1)  # another target's: not ours
    recover(target)
    assert _state(target) == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.staging-abc123", "package"]


def test_unwritable_parent_is_a_publish_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PublishError, match=re.escape(f"cannot create {blocker}")):
        staging_dir(blocker / "package").__enter__()


def test_read_only_parent_is_a_publish_error(tmp_path):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o500)
    try:
        if os.access(parent, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        with pytest.raises(PublishError, match=re.escape(f"{parent} is not writable")):
            staging_dir(parent / "package").__enter__()
    finally:
        parent.chmod(0o700)


def test_target_that_is_a_file_is_a_publish_error(tmp_path):
    target = tmp_path / "package"
    target.write_text("not a folder")
    with pytest.raises(PublishError, match="exists and is not a folder"):
        staging_dir(target).__enter__()
    assert target.read_text() == "not a folder"


def test_a_failing_rename_is_a_publish_error_naming_the_target(tmp_path):
    with pytest.raises(PublishError, match=re.escape(f"cannot publish {tmp_path / 'package'}")):
        publish(tmp_path / "no-such-staging", tmp_path / "package")


def test_a_failing_second_rename_puts_the_old_package_back(tmp_path, monkeypatch):
    monkeypatch.setattr(publish_module, "_exchange", lambda a, b: False)
    target = tmp_path / "package"
    _package(target, "old", OLD_PARTS)
    with pytest.raises(PublishError, match="cannot publish"):
        publish(tmp_path / "no-such-staging", target)
    assert _state(target) == "old"
