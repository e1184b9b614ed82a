"""Writing a judgement from the command line (``communique curate``), so that nobody has to
write YAML by hand to start: rows are named as the published package names them (an id, or
a mention id to point at one span of a row), anchored to a mention of that row, and added
facts are quoted from the article that states them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from communique.judgements import (
    ENTITY_KINDS,
    Judgement,
    JudgementError,
    Quote,
    Ref,
    Target,
    append_judgement,
    check_value,
    judgement_id,
    load_judgements,
    read_entry,
)
from communique.package import Package
from communique.read import load_text
from communique.schema import primary_key


class JudgeError(Exception):
    """The command names something the package or the corpus does not have."""


class Rows:
    """The published package and its corpus, as a curator names their rows."""

    def __init__(self, package: Package, articles_dir: Path) -> None:
        self.package = package
        self.articles_dir = articles_dir

    def _rows(self, table: str) -> list[dict[str, Any]]:
        return self.package.tables.get(table, [])

    def ref(self, table: str, name: str) -> Ref:
        """A row of people, organisations or meetings by its id (anchored to its first
        mention that no other mention encloses) or by one of its mention ids."""
        if table not in ENTITY_KINDS:
            raise JudgeError(f"{table} rows are named by their parts, not by one id")
        field = primary_key(table)[0]
        mentions = [m for m in self._rows("mentions") if m.get(field)]
        by_id = {m["mention_id"]: m for m in mentions}
        if name in by_id:
            return Ref(table, by_id[name][field], name)
        own = [m for m in mentions if m[field] == name]
        if not own:
            known = {r[field] for r in self._rows(table)}
            what = "has no mention" if name in known else "is not an id or a mention id"
            raise JudgeError(f"{name!r} {what} of {table} in {self.package.directory}")

        def enclosed(m: dict[str, Any]) -> bool:
            return any(
                o is not m
                and o["article_id"] == m["article_id"]
                and o["start"] <= m["start"]
                and m["end"] <= o["end"]
                for o in mentions
            )

        first = min(own, key=lambda m: (enclosed(m), m["article_id"], m["start"], m["end"]))
        return Ref(table, name, first["mention_id"])

    def target(self, table: str, names: list[str]) -> Target:
        """The row ``names`` designate: an entity by id or mention; a role by its role_id;
        a participation by meeting and person."""
        if table in ENTITY_KINDS:
            (name,) = names or [""]
            return Target(table, ref=self.ref(table, name))
        if table == "roles":
            (role_id,) = names or [""]
            role = next((r for r in self._rows("roles") if r["role_id"] == role_id), None)
            if role is None:
                raise JudgeError(f"no role {role_id!r} in {self.package.directory}")
            org = role.get("organisation_id")
            return Target(
                "roles",
                person=self.ref("people", role["person_id"]),
                title=role["title"],
                organisation=self.ref("organisations", org) if org else None,
            )
        if len(names) != 2:
            raise JudgeError("a participation is named by its meeting and its person")
        return Target(
            table, meeting=self.ref("meetings", names[0]), person=self.ref("people", names[1])
        )

    def quote(self, article_id: str, words: str) -> Quote:
        """``words`` where they stand in the article (once: else quote more of them)."""
        article = next((a for a in self._rows("articles") if a["article_id"] == article_id), None)
        if article is None:
            raise JudgeError(f"no article {article_id!r} in {self.package.directory}")
        path = self.articles_dir / article["path"]
        if not path.is_file():
            raise JudgeError(f"{path}: no such file (give --articles)")
        text = load_text(path)
        found = [m.start() for m in re.finditer(re.escape(words), text)]
        if len(found) != 1:
            how = "does not contain" if not found else f"has {len(found)} times"
            raise JudgeError(f"article {article_id} {how} {words!r}: quote the exact words once")
        return Quote(article_id, found[0], found[0] + len(words), words)


def checked(judgement: Judgement) -> Judgement:
    """The judgement as a curation file would read it back, with its id; or JudgeError."""
    try:
        again = read_entry(judgement.as_yaml())
    except JudgementError as error:
        raise JudgeError(str(error)) from error
    return replace(again, id=judgement_id(again))


def record(folder: Path, judgement: Judgement) -> tuple[Path, str]:
    """Append the judgement to ``folder/<table>.yaml`` and read the folder back: the entry
    must load like any other (its id takes a suffix if the statement repeats another)."""
    path = append_judgement(folder, judgement)
    loaded, problems = load_judgements(folder)
    if problems:
        raise JudgeError("; ".join(str(p) for p in problems))
    return path, [j for j in loaded if j.file == path.as_posix()][-1].id


# ---------------------------------------------------------------- one builder per verb
# ``why`` is the judgement's reason, by and date.


def pair(rows: Rows, verb: str, table: str, first: str, second: str, **why: Any) -> Judgement:
    """``same`` or ``different``: two rows, or two mentions of one row to split it."""
    refs = (rows.ref(table, first), rows.ref(table, second))
    return checked(Judgement("", verb, table, **why, pair=refs))


def set_field(rows: Rows, table: str, row: str, field: str, value: str, **why: Any) -> Judgement:
    """``set``: one field of one row; an empty value empties the field."""
    if field == "parent_id":
        typed: Any = rows.ref(table, value) if value else None
    else:
        try:
            typed = check_value(table, field, value or None)
        except JudgementError as error:
            raise JudgeError(str(error)) from error
    target = rows.target(table, [row])
    return checked(Judgement("", "set", table, **why, target=target, field=field, value=typed))


def drop(rows: Rows, table: str, names: list[str], **why: Any) -> Judgement:
    """``drop``: a row that is wrong, with what hangs on it."""
    return checked(Judgement("", "drop", table, **why, target=rows.target(table, names)))


def add_role(
    rows: Rows,
    person: str,
    title: str,
    organisation: str | None,
    article: str,
    words: str,
    **why: Any,
) -> Judgement:
    """``add roles``: a post the article gives the person, quoted."""
    target = Target(
        "roles",
        person=rows.ref("people", person),
        title=title,
        organisation=rows.ref("organisations", organisation) if organisation else None,
    )
    evidence = rows.quote(article, words)
    return checked(Judgement("", "add", "roles", **why, target=target, evidence=evidence))


def add_participant(
    rows: Rows, meeting: str, person: str, article: str, words: str, **why: Any
) -> Judgement:
    """``add meeting_participants``: someone the article says took part, quoted."""
    target = rows.target("meeting_participants", [meeting, person])
    evidence = rows.quote(article, words)
    return checked(
        Judgement("", "add", "meeting_participants", **why, target=target, evidence=evidence)
    )


def add_meeting(
    rows: Rows,
    values: dict[str, str | None],
    participants: list[str],
    parent: str | None,
    article: str,
    words: str,
    **why: Any,
) -> Judgement:
    """``add meetings``: an encounter the article reports, its people and its words."""
    try:
        typed = {k: check_value("meetings", k, v) for k, v in values.items()}
    except JudgementError as error:
        raise JudgeError(str(error)) from error
    return checked(
        Judgement(
            "",
            "add",
            "meetings",
            **why,
            meeting=typed,
            participants=tuple(rows.ref("people", p) for p in participants),
            parent=rows.ref("meetings", parent) if parent else None,
            evidence=rows.quote(article, words),
        )
    )
