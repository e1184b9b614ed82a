"""What a package says about itself (name, title, description, keywords, licences, sources,
contributors) is configuration, not code: it describes one corpus, and a package built from
another corpus must not inherit it.

It comes from one file beside the corpus folder that names that corpus: a
``communique.toml``, or the ``[tool.communique]`` table of a ``pyproject.toml`` (how this
repository describes ``articles/``). Without one, the defaults say only what is true of any
corpus.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.errors import UsageError
from communique.slugs import slug

CONFIG_FILE = "communique.toml"
TEXT_KEYS = ("name", "title", "description")
LIST_OF_TEXT_KEYS = ("keywords",)
#: Data Package properties given as lists of tables, each with the keys it must have.
LIST_OF_TABLE_KEYS = {
    "licenses": ("name", "path"),
    "sources": ("title",),
    "contributors": ("title",),
}
KNOWN_KEYS = ("corpus", *TEXT_KEYS, *LIST_OF_TEXT_KEYS, *LIST_OF_TABLE_KEYS)
_NAME = re.compile(r"^[a-z0-9._-]+$")


@dataclass(frozen=True)
class Config:
    """The metadata table of a configuration file, and where it was read (for messages)."""

    values: dict[str, Any]
    origin: str


#: Folder names that say what a folder holds, not whose corpus it is.
GENERIC_FOLDERS = frozenset({"articles", "corpus", "data", "input", "news", "texts"})


def corpus_name(articles_dir: Path) -> str:
    """The corpus's name for the default metadata: its folder's name, or the folder above when
    that one is only called ``articles`` (``press-review/articles`` is ``press-review``)."""
    folder = articles_dir.resolve()
    if folder.name.lower() in GENERIC_FOLDERS and folder.parent.name:
        return folder.parent.name
    return folder.name


def default_metadata(corpus_name: str) -> dict[str, Any]:
    """Metadata true of any corpus: no licence, keywords or contributors are guessed."""
    return {
        "name": f"communique-{slug(corpus_name)}",
        "title": f"Contacts reported in the articles of {corpus_name}",
        "description": (
            "People, organisations, posts and meetings that the articles of this corpus "
            "report, extracted by rules with Communique and published as normalised tables. "
            "Every fact links to the span of the article that states it (the mentions table)."
        ),
        "sources": [
            {
                "title": "Article corpus",
                "description": f"The articles of the corpus {corpus_name}; each row of the "
                "articles table names its file and sha256.",
            }
        ],
    }


def _problems(values: dict[str, Any]) -> list[str]:
    problems = [f"unknown key {key!r}" for key in values if key not in KNOWN_KEYS]
    for key in ("corpus", *TEXT_KEYS):
        if key in values and not isinstance(values[key], str):
            problems.append(f"{key} must be a string")
    if isinstance(values.get("name"), str) and not _NAME.match(values["name"]):
        problems.append("name must be lower-case letters, digits, '.', '_' or '-'")
    for key in LIST_OF_TEXT_KEYS:
        if key in values and not (
            isinstance(values[key], list) and all(isinstance(v, str) for v in values[key])
        ):
            problems.append(f"{key} must be a list of strings")
    for key, needs in LIST_OF_TABLE_KEYS.items():
        items = values.get(key, [])
        if not (isinstance(items, list) and all(isinstance(v, dict) for v in items)):
            problems.append(f"{key} must be a list of tables ([[{key}]])")
            continue
        for n, item in enumerate(items, start=1):
            if not any(k in item for k in needs):
                problems.append(f"{key} #{n} needs {' or '.join(needs)}")
    return problems


def package_metadata(config: Config | None, corpus_name: str) -> dict[str, Any]:
    """The descriptor's metadata: the configuration's values over the defaults."""
    metadata = default_metadata(corpus_name)
    if config is None:
        return metadata
    problems = _problems(config.values)
    if problems:
        raise UsageError(f"{config.origin}: {'; '.join(problems)}")
    metadata.update({k: v for k, v in config.values.items() if k != "corpus"})
    return metadata


def _table(path: Path, pyproject: bool) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{path}: not readable as TOML ({error})") from error
    table = data.get("tool", {}).get("communique") if pyproject else data
    return table if isinstance(table, dict) else None


def find_config(corpus: Path) -> Config | None:
    """The configuration beside ``corpus`` that names it: ``communique.toml`` first, then
    ``pyproject.toml``'s ``[tool.communique]``. A ``communique.toml`` that names no corpus is
    an error (it was surely meant for this one); one that names another corpus is not ours."""
    folder = corpus.resolve().parent
    for name, pyproject in ((CONFIG_FILE, False), ("pyproject.toml", True)):
        path = folder / name
        if not path.is_file():
            continue
        table = _table(path, pyproject)
        origin = f"{path} [tool.communique]" if pyproject else str(path)
        if table is None:
            continue
        if not isinstance(table.get("corpus"), str):
            raise UsageError(
                f'{origin}: say which corpus it describes, e.g. corpus = "{corpus.name}"'
            )
        if (folder / table["corpus"]).resolve() == corpus.resolve():
            return Config(table, origin)
    return None
