"""Semantic versions for data, decided by the build from the diff against the last release.

Following the Frictionless "Data Package Version" pattern:

- major: a field added, removed, renamed or reordered; a type changed; a constraint
  tightened; a primary key changed; a resource removed; rows removed (ids retired);
- minor: a resource added; rows added; a constraint loosened;
- patch: values corrected in existing rows; mention spans, participants or the record of
  curation added or removed (link tables: a corrected article moves its spans); descriptive
  metadata (title, description, licenses, sources, contributors, keywords) changed;
- none: nothing changed — same version, same bytes.

The first release is 1.0.0.
"""

from __future__ import annotations

import re
from typing import Any

from communique.diff import PackageDiff, diff_packages
from communique.model import Tables

LEVELS = ("none", "patch", "minor", "major")
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
#: Tables whose rows are links and provenance: a corrected article moves its mention spans
#: (new mention ids), a corrected meeting changes its participants, a judgement added or
#: withdrawn changes the record of curation; none retires an id anyone joins on, so changes
#: there are corrections (patch). What a judgement does to the other tables counts as usual.
LINK_TABLES = frozenset({"mentions", "meeting_participants", "judgements", "curations"})
MAJOR_SCHEMA = {"added", "removed", "renamed", "reordered", "type", "tightened", "primary-key"}


def required_level(diff: PackageDiff) -> str:
    """The smallest bump that tells users the truth about this diff."""
    entities = {n: t for n, t in diff.tables.items() if n not in LINK_TABLES}
    if (
        diff.resources_removed
        or any(c.change in MAJOR_SCHEMA for c in diff.schema)
        or any(t.removed for t in entities.values())
    ):
        return "major"
    if (
        diff.resources_added
        or any(c.change == "loosened" for c in diff.schema)
        or any(t.added for t in entities.values())
    ):
        return "minor"
    if diff.metadata or any(not t.empty for t in diff.tables.values()):
        return "patch"
    return "none"


def parse(version: str) -> tuple[int, int, int]:
    match = _SEMVER.match(version or "")
    if not match:
        raise ValueError(f"{version!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def bump(version: str, level: str) -> str:
    major, minor, patch = parse(version)
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    if level == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


def decide_version(previous: str | None, diff: PackageDiff | None) -> tuple[str, str]:
    """(new version, level); the first release is 1.0.0 ("initial")."""
    if previous is None or diff is None:
        return "1.0.0", "initial"
    level = required_level(diff)
    return bump(previous, level), level


def check_version_bump(
    old_descriptor: dict[str, Any],
    old_tables: Tables,
    new_descriptor: dict[str, Any],
    new_tables: Tables,
) -> list[str]:
    """Why the new version does not match the change, if it does not (the CI gate)."""
    diff = diff_packages(old_descriptor, old_tables, new_descriptor, new_tables)
    needed = required_level(diff)
    try:
        old, new = (
            parse(old_descriptor.get("version", "")),
            parse(new_descriptor.get("version", "")),
        )
    except ValueError as error:
        return [str(error)]
    if needed == "none":
        return (
            []
            if new == old
            else [
                f"version moved from {old_descriptor['version']} to "
                f"{new_descriptor['version']} but the data did not change"
            ]
        )
    if new <= old:
        return [
            f"the data changed ({needed} change) but the version stayed "
            f"{new_descriptor['version']}: rebuild with `nox -s build`"
        ]
    expected = parse(bump(old_descriptor["version"], needed))
    actual_level = "major" if new[0] > old[0] else "minor" if new[1] > old[1] else "patch"
    if LEVELS.index(actual_level) < LEVELS.index(needed):
        return [
            f"a {needed} change needs version {'.'.join(map(str, expected))}, "
            f"not {new_descriptor['version']}"
        ]
    return []
