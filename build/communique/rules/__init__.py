"""Extraction rules as data: the YAML files in this folder, loaded into typed records.

Each file has a model in ``models.py`` that says which keys it may have; loading a file
with a key its model does not know fails with a ``RuleError`` naming the file, the entry
and the key. Every rule gets an id (``titles.yaml: titles[foreign minister]``) that test
ids and the report of unused rules (``usage.py``) use. Files are read once per process.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from communique.errors import RuleError as RuleError
from communique.rules.models import (
    CountriesFile,
    DiscourseFile,
    LanguageFile,
    MeetingsFile,
    NamesFile,
    OrganisationsFile,
    OutletsFile,
    ReaderFile,
    Rule,
    SentencesFile,
    StatesFile,
    TitlesFile,
)

#: Every rule file and the model that reads it.
FILES: dict[str, type[BaseModel]] = {
    "titles.yaml": TitlesFile,
    "organisations.yaml": OrganisationsFile,
    "countries.yaml": CountriesFile,
    "states.yaml": StatesFile,
    "meetings.yaml": MeetingsFile,
    "discourse.yaml": DiscourseFile,
    "names.yaml": NamesFile,
    "sentences.yaml": SentencesFile,
    "reader.yaml": ReaderFile,
    "language.yaml": LanguageFile,
    "outlets.yaml": OutletsFile,
}
#: Fields that name an entry in messages and ids, in order of preference.
_ENTRY_KEYS = ("phrase", "word", "name", "group", "script", "code")

M = TypeVar("M", bound=BaseModel)


#: libyaml's safe loader when PyYAML was built with it (the same data, ten times quicker: the
#: rules are read by every process of a build), else PyYAML's own.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_file(name: str) -> Any:
    """The raw YAML of a rule file."""
    text = resources.files("communique").joinpath("rules", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_SAFE_LOADER)


def parse(name: str, data: Any) -> BaseModel:
    """Typed records from the data of one rule file, each rule given its id."""
    try:
        model = FILES[name].model_validate(data)
    except ValidationError as error:
        raise RuleError("\n".join(_describe(name, data, e) for e in error.errors())) from None
    for rule_id, rule in _walk(model, ""):
        rule._rule_id = f"{name}: {rule_id}"
    return model


@cache
def load(name: str) -> BaseModel:
    """One rule file, parsed and checked (once per process)."""
    return parse(name, read_file(name))


def _typed(name: str, model: type[M]) -> M:
    loaded = load(name)
    assert isinstance(loaded, model)
    return loaded


def titles() -> TitlesFile:
    return _typed("titles.yaml", TitlesFile)


def organisations() -> OrganisationsFile:
    return _typed("organisations.yaml", OrganisationsFile)


def countries() -> CountriesFile:
    return _typed("countries.yaml", CountriesFile)


def states() -> StatesFile:
    return _typed("states.yaml", StatesFile)


def meetings() -> MeetingsFile:
    return _typed("meetings.yaml", MeetingsFile)


def discourse() -> DiscourseFile:
    return _typed("discourse.yaml", DiscourseFile)


def names() -> NamesFile:
    return _typed("names.yaml", NamesFile)


def sentences() -> SentencesFile:
    return _typed("sentences.yaml", SentencesFile)


def reader() -> ReaderFile:
    return _typed("reader.yaml", ReaderFile)


def language() -> LanguageFile:
    return _typed("language.yaml", LanguageFile)


def outlets() -> OutletsFile:
    return _typed("outlets.yaml", OutletsFile)


def all_rules() -> Iterator[Rule]:
    """Every rule of every file, in file order."""
    for name in FILES:
        for _, rule in _walk(load(name), ""):
            yield rule


def _walk(value: Any, path: str) -> Iterator[tuple[str, Rule]]:
    """(id, rule) for every rule inside a loaded value; ids read ``section[key]``."""
    if isinstance(value, Rule):
        yield path, value
        return
    if isinstance(value, BaseModel):
        for field in type(value).model_fields:
            child = getattr(value, field)
            yield from _walk(child, path if field == "root" else f"{path}.{field}".lstrip("."))
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(
                child, f"{path}[{key}]" if isinstance(child, Rule) else f"{path}.{key}"
            )
    elif isinstance(value, tuple):
        for index, child in enumerate(value):
            yield from _walk(child, f"{path}[{_entry_key(child) or index}]")


def _entry_key(value: Any) -> str | None:
    for key in _ENTRY_KEYS:
        found = value.get(key) if isinstance(value, dict) else getattr(value, key, None)
        if isinstance(found, str):
            return found
    return None


def _describe(name: str, data: Any, error: Any) -> str:
    """``titles.yaml: titles[3] ('foreign minister'): unknown key 'phrse'``: the entry is the
    innermost mapping the error is in, named by its phrase, word or name when it has one."""
    loc = [part for part in error["loc"] if isinstance(part, (str, int))]
    unknown = error["type"] == "extra_forbidden"
    path = loc[:-1] if unknown else loc
    node, depth, entry = data, 0, None
    for n, part in enumerate(path, 1):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            depth, entry = n, node
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[:depth]).lstrip(".")
    label = _entry_key(entry) if entry is not None else None
    where = (where or "(top level)") + (f" ({label!r})" if label else "")
    if unknown:
        return f"{name}: {where}: unknown key {loc[-1]!r}"
    field = ".".join(str(p) for p in loc[depth:])
    return f"{name}: {where}: {field + ': ' if field else ''}{error['msg']}"
