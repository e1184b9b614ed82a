"""Every error the tool reports to a person, in one light module so that the command line
can map each to its exit code without importing the pipeline.

Exit codes (see the README): 1 for bad input or an invalid package, 2 for a request the
tool refuses or cannot follow as given.
"""

from __future__ import annotations

from typing import Any


class UsageError(Exception):
    """A request the tool refuses or cannot follow as given (a wrong path, an output folder
    it must not touch): one line saying why."""


class PublishError(UsageError):
    """The package could not be published where asked; the message names the folder."""


class PackageError(Exception):
    """A package that cannot be read: the message names the file and the problem."""


class InputError(Exception):
    """The corpus has errors; nothing was published."""

    def __init__(self, problems: list[Any]) -> None:
        errors = sum(getattr(p, "severity", "error") == "error" for p in problems)
        super().__init__(f"{errors} input error(s)")
        self.problems = problems


class ValidationFailed(Exception):
    """The built package broke its schemas; nothing was published."""

    def __init__(self, issues: list[Any]) -> None:
        super().__init__(f"{len(issues)} validation issue(s)")
        self.issues = issues


class CurationFailed(Exception):
    """Judgements that cannot be read or, in a strict build, no longer hold; nothing was
    published."""

    def __init__(self, problems: list[Any]) -> None:
        super().__init__(f"{len(problems)} curation problem(s)")
        self.problems = problems


class RuleError(Exception):
    """A rule file that cannot be used as written: the message names file, entry and key."""
