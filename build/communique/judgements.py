"""Curators' judgements as data: the small YAML files of ``curation/``, read into typed
records and written back, one statement per entry.

An entry says one thing (``same``, ``different``, ``set``, ``drop`` or ``add``) about rows
of one table, with ``reason``, ``by`` and ``date``. Rows are named by their published id
*and* a mention of them (``at``: a ``mention_id`` of the package), because ids are given by
the build while mentions are spans of articles, which any build finds again: the mention
finds the row, the id says which row the curator meant, so that a judgement whose row has
changed is reported instead of applied to the wrong one. Reading rejects anything it does
not know, naming the file, the line and the entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from communique.model import Problem
from communique.resolve import Anchor
from communique.schema import fields, iso_countries
from communique.slugs import slug, unique

VERBS = ("same", "different", "set", "drop", "add")
ENTITY_KINDS = {"people": "person", "organisations": "organisation", "meetings": "meeting"}
TABLES = {
    "same": ("people", "organisations", "meetings"),
    "different": ("people", "organisations", "meetings"),
    "set": ("people", "organisations", "meetings", "roles"),
    "drop": ("people", "organisations", "meetings", "roles", "meeting_participants"),
    "add": ("roles", "meetings", "meeting_participants"),
}
#: the fields ``set`` may change: values, not keys, and not dates derived from articles
SETTABLE = {
    "people": ("name", "country"),
    "organisations": ("name", "abbreviation", "kind", "country", "parent_id"),
    "meetings": ("kind", "name", "start_date", "end_date", "location", "country", "parent_id"),
    "roles": ("title",),
}
#: fields of an added meeting besides its participants, parent and evidence
MEETING_FIELDS = ("kind", "name", "start_date", "end_date", "location", "country")
COMMON = ("reason", "by", "date")
_MENTION = re.compile(
    r"^(?P<article>[a-z0-9][a-z0-9_-]*)-(?P<start>[0-9]{4,})-(?P<end>[0-9]{4,})"
    r"-(?P<kind>person|organisation|meeting)$"
)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class JudgementError(ValueError):
    """An entry that cannot be read; the message says what is wrong with it."""


@dataclass(frozen=True)
class Ref:
    """A published row of people, organisations or meetings: its id, and a mention of it."""

    table: str
    id: str
    mention: str  # a mention_id: article, span and kind

    @property
    def at(self) -> Anchor:
        match = _MENTION.match(self.mention)
        assert match  # checked when the Ref was read
        return Anchor(match["article"], int(match["start"]), int(match["end"]))

    def as_yaml(self) -> dict[str, str]:
        return {"id": self.id, "at": self.mention}


@dataclass(frozen=True)
class Quote:
    """The words of an article that state an added fact: they become its mention."""

    article_id: str
    start: int
    end: int
    text: str

    def as_yaml(self) -> dict[str, Any]:
        return {"article": self.article_id, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Target:
    """The row a judgement is about: an entity (``ref``), a role (``person``, ``title``,
    ``organisation``) or a participation (``meeting``, ``person``)."""

    table: str
    ref: Ref | None = None
    person: Ref | None = None
    title: str | None = None
    organisation: Ref | None = None
    meeting: Ref | None = None

    def refs(self) -> list[Ref]:
        return [r for r in (self.ref, self.meeting, self.person, self.organisation) if r]

    def label(self) -> str:
        if self.ref:
            return self.ref.id
        if self.table == "roles":
            assert self.person
            body = f" @ {self.organisation.id}" if self.organisation else ""
            return f"{self.person.id} {self.title}{body}"
        assert self.meeting and self.person
        return f"{self.person.id} at {self.meeting.id}"

    def as_yaml(self) -> dict[str, Any]:
        if self.ref:
            return {"id": self.ref.id, "at": self.ref.mention}
        out: dict[str, Any] = {}
        if self.meeting:
            out["meeting"] = self.meeting.as_yaml()
        if self.person:
            out["person"] = self.person.as_yaml()
        if self.title is not None:
            out["title"] = self.title
        if self.organisation:
            out["organisation"] = self.organisation.as_yaml()
        return out


@dataclass(frozen=True)
class Judgement:
    """One statement of a curator, where it was written, and why."""

    id: str
    verb: str
    table: str
    reason: str
    by: str
    date: dt.date
    file: str = ""
    line: int = 0
    pair: tuple[Ref, Ref] | None = None  # same, different
    target: Target | None = None  # set, drop; add roles and meeting_participants
    field: str | None = None  # set
    value: Any = None  # set: str, date, None, or a Ref for parent_id
    meeting: dict[str, Any] = dataclasses.field(
        default_factory=dict
    )  # add meetings: MEETING_FIELDS
    parent: Ref | None = None  # add meetings
    participants: tuple[Ref, ...] = ()  # add meetings
    evidence: Quote | None = None  # add

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def statement(self) -> str:
        """The judgement in a line: ``same people a b``, ``set meetings m start_date …``."""
        if self.pair:
            return f"{self.verb} {self.table} {self.pair[0].id} {self.pair[1].id}"
        if self.verb == "set":
            assert self.target
            value = self.value.id if isinstance(self.value, Ref) else _text(self.value)
            return f"set {self.table} {self.target.label()} {self.field} {value!r}"
        if self.verb == "drop":
            assert self.target
            return f"drop {self.table} {self.target.label()}"
        if self.table == "meetings":
            who = ", ".join(r.id for r in self.participants)
            return f"add meetings {self.meeting['kind']} {self.meeting['start_date']}: {who}"
        assert self.target
        return f"add {self.table} {self.target.label()}"

    def as_yaml(self) -> dict[str, Any]:
        """The entry as it is written in a curation file."""
        out: dict[str, Any] = {self.verb: self.table}
        if self.pair:
            out["ids"] = [r.as_yaml() for r in self.pair]
        if self.target:
            out.update(self.target.as_yaml())
        if self.verb == "set":
            out["field"] = self.field
            out["value"] = self.value.as_yaml() if isinstance(self.value, Ref) else self.value
        if self.verb == "add" and self.table == "meetings":
            out.update({k: v for k, v in self.meeting.items() if v is not None})
            if self.parent:
                out["parent"] = self.parent.as_yaml()
            out["participants"] = [r.as_yaml() for r in self.participants]
        if self.evidence:
            out["evidence"] = self.evidence.as_yaml()
        out.update({"reason": self.reason, "by": self.by, "date": self.date})
        return out


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "" if value is None else str(value)


# ---------------------------------------------------------------- reading one entry


def _ref(value: Any, table: str, what: str) -> Ref:
    if not isinstance(value, dict) or set(value) != {"id", "at"}:
        raise JudgementError(f"{what} must be {{id: <{table} id>, at: <mention_id>}}")
    rid, mention = value["id"], value["at"]
    if not isinstance(rid, str) or not _SLUG.match(rid):
        raise JudgementError(f"{what}: {rid!r} is not an id")
    match = _MENTION.match(str(mention))
    if not match:
        raise JudgementError(f"{what}: {mention!r} is not a mention_id (article-start-end-kind)")
    if match["kind"] != ENTITY_KINDS[table]:
        raise JudgementError(f"{what}: {mention!r} names a {match['kind']}, not one of {table}")
    return Ref(table, rid, str(mention))


def _quote(value: Any) -> Quote:
    if not isinstance(value, dict) or set(value) != {"article", "start", "end", "text"}:
        raise JudgementError("evidence must be {article, start, end, text}")
    start, end = value["start"], value["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        raise JudgementError(f"evidence: {start!r}-{end!r} is not a span")
    if not isinstance(value["text"], str) or len(value["text"]) != end - start:
        raise JudgementError("evidence: text must be the article's words from start to end")
    return Quote(str(value["article"]), start, end, value["text"])


def check_value(table: str, name: str, value: Any) -> Any:
    """``value`` as field ``name`` of ``table`` holds it, or JudgementError: typed by the
    table's schema (type, required, enum, pattern; countries are ISO 3166-1 alpha-3)."""
    spec = next((f for f in fields(table) if f["name"] == name), None)
    if spec is None:
        raise JudgementError(f"{table} has no field {name!r}")
    constraints = spec.get("constraints", {})
    if value is None or value == "":
        if constraints.get("required"):
            raise JudgementError(f"{table}.{name} cannot be empty")
        return None
    if spec["type"] == "date":
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError as error:
                raise JudgementError(f"{table}.{name}: {value!r} is not a date") from error
        if not isinstance(value, dt.date):
            raise JudgementError(f"{table}.{name}: {value!r} is not a date")
        return value
    if not isinstance(value, str):
        raise JudgementError(f"{table}.{name}: {value!r} is not text")
    if "enum" in constraints and value not in constraints["enum"]:
        raise JudgementError(f"{table}.{name}: {value!r} is not one of {constraints['enum']}")
    if "pattern" in constraints and not re.match(constraints["pattern"], value):
        raise JudgementError(f"{table}.{name}: {value!r} does not match {constraints['pattern']}")
    if name == "country" and value not in iso_countries():
        raise JudgementError(f"{table}.{name}: {value!r} is not an ISO 3166-1 alpha-3 code")
    return value


def _target(entry: dict[str, Any], table: str, used: set[str]) -> Target:
    if table in ENTITY_KINDS:
        used |= {"id", "at"}
        return Target(table, ref=_ref({k: entry.get(k) for k in ("id", "at")}, table, "id/at"))
    if table == "roles":
        used |= {"person", "title", "organisation"}
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip():
            raise JudgementError("roles need a title")
        organisation = entry.get("organisation")
        return Target(
            table,
            person=_ref(entry.get("person"), "people", "person"),
            title=check_value("roles", "title", title),
            organisation=_ref(organisation, "organisations", "organisation")
            if organisation is not None
            else None,
        )
    used |= {"meeting", "person"}
    return Target(
        table,
        meeting=_ref(entry.get("meeting"), "meetings", "meeting"),
        person=_ref(entry.get("person"), "people", "person"),
    )


def read_entry(entry: Any) -> Judgement:
    """One entry of a curation file, checked; its id is filled in by ``load_judgements``."""
    if not isinstance(entry, dict):
        raise JudgementError("an entry must be a mapping (verb: table, …, reason, by, date)")
    verbs = [v for v in VERBS if v in entry]
    if len(verbs) != 1:
        raise JudgementError(f"an entry needs exactly one of {', '.join(VERBS)}")
    verb = verbs[0]
    table = entry[verb]
    if table not in TABLES[verb]:
        raise JudgementError(f"{verb} applies to {', '.join(TABLES[verb])}, not {table!r}")
    used = {verb, *COMMON}
    missing = [k for k in COMMON if entry.get(k) in (None, "")]
    if missing:
        raise JudgementError(f"missing {', '.join(missing)}")
    date = entry["date"]
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError as error:
            raise JudgementError(f"date: {date!r} is not YYYY-MM-DD") from error
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise JudgementError(f"date: {date!r} is not YYYY-MM-DD")
    reason, by = str(entry["reason"]).strip(), str(entry["by"]).strip()
    kwargs: dict[str, Any] = {}
    if verb in ("same", "different"):
        used.add("ids")
        ids = entry.get("ids")
        if not isinstance(ids, list) or len(ids) != 2:
            raise JudgementError(f"{verb} needs ids: a list of two {{id, at}}")
        pair = (_ref(ids[0], table, "ids[0]"), _ref(ids[1], table, "ids[1]"))
        if pair[0].mention == pair[1].mention:
            raise JudgementError(f"{verb} needs two different mentions")
        kwargs["pair"] = pair
    elif verb in ("set", "drop") or table != "meetings":
        kwargs["target"] = _target(entry, table, used)
    if verb == "set":
        used |= {"field", "value"}
        name = entry.get("field")
        if name not in SETTABLE[table]:
            raise JudgementError(f"set {table}: field must be one of {', '.join(SETTABLE[table])}")
        if "value" not in entry:
            raise JudgementError("set needs a value (null to empty the field)")
        value = entry["value"]
        if name == "parent_id":
            kwargs["value"] = None if value is None else _ref(value, table, "value")
        else:
            kwargs["value"] = check_value(table, name, value)
        kwargs["field"] = name
    if verb == "add":
        used.add("evidence")
        if "evidence" not in entry:
            raise JudgementError("add needs evidence: the article's words that state the fact")
        kwargs["evidence"] = _quote(entry["evidence"])
    if verb == "add" and table == "meetings":
        used |= {*MEETING_FIELDS, "parent", "participants"}
        kwargs["meeting"] = {k: check_value("meetings", k, entry.get(k)) for k in MEETING_FIELDS}
        if entry.get("parent") is not None:
            kwargs["parent"] = _ref(entry["parent"], "meetings", "parent")
        participants = entry.get("participants")
        if not isinstance(participants, list) or not participants:
            raise JudgementError("add meetings needs participants: a list of {id, at}")
        kwargs["participants"] = tuple(
            _ref(p, "people", f"participants[{n}]") for n, p in enumerate(participants)
        )
    unknown = sorted(set(entry) - used)
    if unknown:
        raise JudgementError(f"unknown key(s) {', '.join(map(str, unknown))} for {verb} {table}")
    return Judgement("", verb, table, reason, by, date, **kwargs)


def judgement_id(judgement: Judgement) -> str:
    """A readable id from what the judgement says (``same-people-a-b``)."""
    if judgement.pair:
        parts = [r.id for r in judgement.pair]
    elif judgement.verb == "add" and judgement.table == "meetings":
        parts = [
            _text(judgement.meeting["start_date"]),
            judgement.meeting["kind"],
            *[r.id for r in judgement.participants[:3]],
        ]
    else:
        assert judgement.target
        parts = [r.id for r in judgement.target.refs()]
        if judgement.target.title:
            parts.insert(1, judgement.target.title)
    if judgement.field:
        parts.append(judgement.field)
    return slug(judgement.verb, judgement.table.replace("_", "-"), *parts)


# ---------------------------------------------------------------- files


def curation_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_judgements(folder: Path | None) -> tuple[list[Judgement], list[Problem]]:
    """Every judgement in ``folder``'s YAML files, in file and entry order, and a problem
    (an error, naming file, line and entry) for each entry that cannot be read."""
    judgements: list[Judgement] = []
    problems: list[Problem] = []
    if folder is None or not folder.is_dir():
        return judgements, problems
    taken: set[str] = set()
    for path in curation_files(folder):
        where = path.as_posix()
        text = path.read_text(encoding="utf-8")
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problems.append(
                Problem(where, f"not valid YAML: {error}", line=mark.line + 1 if mark else None)
            )
            continue
        if data is None:
            continue
        if not isinstance(data, list) or node is None:
            problems.append(Problem(where, "a curation file is a list of entries (- same: …)"))
            continue
        for n, (entry, item) in enumerate(zip(data, node.value, strict=True), start=1):
            line = item.start_mark.line + 1
            try:
                judgement = read_entry(entry)
            except JudgementError as error:
                problems.append(Problem(where, f"entry {n}: {error}", line=line))
                continue
            identity = unique(judgement_id(judgement), taken)
            judgements.append(replace(judgement, id=identity, file=where, line=line))
    return judgements, problems


class _Dumper(yaml.SafeDumper):
    """Entries in block style, each reference on one line: ``{id: …, at: …}``."""


def _flow_mapping(dumper: yaml.SafeDumper, value: dict) -> yaml.Node:
    flow = all(not isinstance(v, dict | list) for v in value.values()) and len(value) <= 4
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)


def _entry_mapping(dumper: yaml.SafeDumper, value: _Entry) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=False)


class _Entry(dict):
    """The top mapping of an entry: always in block style."""


_Dumper.add_representer(dict, _flow_mapping)
_Dumper.add_representer(_Entry, _entry_mapping)


def render_entry(judgement: Judgement) -> str:
    """The YAML text of one entry, as a list item to append to a curation file."""
    return yaml.dump(
        [_Entry(judgement.as_yaml())],
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def append_judgement(folder: Path, judgement: Judgement) -> Path:
    """Add ``judgement`` at the end of ``folder/<table>.yaml``, keeping what is there."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{judgement.table}.yaml"
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    if before.strip():
        before = before.rstrip("\n") + "\n\n"
    path.write_text(before + render_entry(judgement), encoding="utf-8", newline="\n")
    return path
