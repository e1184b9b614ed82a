"""Stable ids across versions: a rebuilt entity keeps the id a previous release gave it.

The evidence is provenance: the mentions table links spans of articles (article, start,
end) to entities. A new person, organisation or meeting whose spans were an old entity's
spans *is* that entity, and takes its id — even when its canonical name (and so its
provisional slug) changed. Roles keep their id when their (person, title, organisation)
is unchanged after that mapping. Ids that disappear are retired: reported, recorded in the
descriptor, and never given to another entity. A retired id whose spans now belong to
another entity was merged into it (by a rule or a curator's ``same``): the descriptor points
from it to the id that replaced it, so users can repair their joins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from communique.collector import collector_paused
from communique.model import Row, Tables
from communique.slugs import unique

RETIRED_KEY = "communique:retired_ids"
REPLACED_KEY = "communique:replaced_ids"
ENTITY_TABLES = {  # table -> (id field, mention field, label field)
    "people": ("person_id", "person_id", "name"),
    "organisations": ("organisation_id", "organisation_id", "name"),
    "meetings": ("meeting_id", "meeting_id", "name"),
}
Span = tuple[str, int, int]  # (article_id, start, end) of a mention
REFERENCES = {  # id field -> every (table, column) that holds such an id
    "person_id": [
        ("people", "person_id"),
        ("roles", "person_id"),
        ("meeting_participants", "person_id"),
        ("mentions", "person_id"),
        ("curations", "person_id"),
    ],
    "organisation_id": [
        ("organisations", "organisation_id"),
        ("organisations", "parent_id"),
        ("roles", "organisation_id"),
        ("mentions", "organisation_id"),
        ("curations", "organisation_id"),
    ],
    "meeting_id": [
        ("meetings", "meeting_id"),
        ("meetings", "parent_id"),
        ("meeting_participants", "meeting_id"),
        ("mentions", "meeting_id"),
        ("curations", "meeting_id"),
    ],
    "role_id": [
        ("roles", "role_id"),
        ("meeting_participants", "role_id"),
        ("curations", "role_id"),
    ],
}


@dataclass
class IdReport:
    kept: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # table -> (new, old)
    new: dict[str, list[str]] = field(default_factory=dict)
    retired: dict[str, list[str]] = field(default_factory=dict)
    retired_before: dict[str, list[str]] = field(default_factory=dict)
    #: table -> retired id -> the id of the entity that took its spans (a merge)
    replaced: dict[str, dict[str, str]] = field(default_factory=dict)
    replaced_before: dict[str, dict[str, str]] = field(default_factory=dict)
    #: table -> provisional id -> published id, for every row of this build
    final: dict[str, dict[str, str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = []
        for table, pairs in sorted(self.kept.items()):
            renamed = [(n, o) for n, o in pairs if n != o]
            for provisional, old in renamed:
                out.append(f"{table}: kept id {old} (would have been {provisional})")
        for table, ids in sorted(self.retired.items()):
            for old in ids:
                to = self.replaced.get(table, {}).get(old)
                why = f"merged into {to}" if to else "no longer in the data"
                out.append(f"{table}: id {old} retired ({why})")
        return out

    def descriptor_properties(self, previous: dict[str, Any] | None) -> dict[str, Any]:
        """The retired ids of every version so far, and where merged ones went, for the new
        descriptor; an earlier pointer to an id merged now follows it to its new home."""
        merged: dict[str, set[str]] = {t: set(v) for t, v in self.retired_before.items()}
        for table, ids in self.retired.items():
            merged.setdefault(table, set()).update(ids)
        merged = {t: v for t, v in merged.items() if v}
        pointers: dict[str, dict[str, str]] = {}
        for table in sorted(set(self.replaced_before) | set(self.replaced)):
            now = self.replaced.get(table, {})
            earlier = {o: now.get(n, n) for o, n in self.replaced_before.get(table, {}).items()}
            pointers[table] = dict(sorted({**earlier, **now}.items()))
        properties: dict[str, Any] = {}
        if merged:
            properties[RETIRED_KEY] = {t: sorted(v) for t, v in sorted(merged.items())}
        if any(pointers.values()):
            properties[REPLACED_KEY] = {t: v for t, v in pointers.items() if v}
        return properties


def retired_ids_from(descriptor: dict[str, Any] | None) -> dict[str, list[str]]:
    if not descriptor:
        return {}
    return {t: list(v) for t, v in descriptor.get(RETIRED_KEY, {}).items()}


def replaced_ids_from(descriptor: dict[str, Any] | None) -> dict[str, dict[str, str]]:
    """Retired id -> the id that replaced it, per table, as the descriptor publishes it."""
    if not descriptor:
        return {}
    return {t: dict(v) for t, v in descriptor.get(REPLACED_KEY, {}).items()}


def _spans(tables: Tables) -> dict[str, dict[str, set[Span]]]:
    """Mention field -> each id and the spans of its mentions, in one pass over mentions."""
    spans: dict[str, dict[str, set[Span]]] = {f: {} for _, f, _ in ENTITY_TABLES.values()}
    for m in tables.get("mentions", []):
        for column, of_field in spans.items():
            if m.get(column):
                of_field.setdefault(m[column], set()).add((m["article_id"], m["start"], m["end"]))
    return spans


def _renamed(spans: dict[str, set[Span]], final: dict[str, str]) -> dict[str, set[Span]]:
    """``spans`` as they are once ids are renamed by ``final`` (``_rename``)."""
    found: dict[str, set[Span]] = {}
    for id_, held in spans.items():
        found.setdefault(final.get(id_, id_), set()).update(held)
    return found


def _holders(spans: dict[str, set[Span]], ids: Iterable[str]) -> dict[Span, list[str]]:
    """Each span and the ids (of ``ids``) that have it: who shares a span with whom is then
    a lookup per span, not a comparison of every pair of ids."""
    found: dict[Span, list[str]] = {}
    for id_ in dict.fromkeys(ids):
        for span in spans.get(id_, ()):
            found.setdefault(span, []).append(id_)
    return found


def _shared(spans: set[Span], holders: dict[Span, list[str]]) -> Counter[str]:
    """How many of ``spans`` each holder has."""
    return Counter(id_ for span in spans for id_ in holders.get(span, ()))


def _match(new_spans, old_spans, new_ids, old_ids) -> dict[str, str]:
    """new id -> old id, one to one, most shared spans first.

    An id that has the very spans it had (most, when an article is added) keeps itself
    without being weighed against the others: a span is one entity's of a kind in a
    release, so no other id, old or new, shares any of its spans, and the pair is the only
    one either side is in."""
    same = {
        i for i in new_ids if i in old_ids and new_spans.get(i) and new_spans[i] == old_spans.get(i)
    }
    holders = _holders(old_spans, (i for i in old_ids if i not in same))
    pairs = []
    for new_id in new_ids:
        if new_id in same:
            continue
        for old_id, shared in _shared(new_spans.get(new_id, set()), holders).items():
            # on equal evidence, the row whose name still gives the old id
            pairs.append((-shared, new_id != old_id, new_id, old_id))
    mapping: dict[str, str] = {i: i for i in same}
    used: set[str] = set(same)
    for _, _, new_id, old_id in sorted(pairs):
        if new_id not in mapping and old_id not in used:
            mapping[new_id] = old_id
            used.add(old_id)
    for new_id in new_ids:  # the same id with no span evidence either way
        if new_id not in mapping and new_id in old_ids and new_id not in used:
            mapping[new_id] = new_id
            used.add(new_id)
    return mapping


def _rename(tables: Tables, id_field: str, mapping: dict[str, str]) -> None:
    """Each row of ``tables`` that holds an id of ``mapping`` replaced by a copy holding its
    new id: the rows themselves are the caller's, and stay as they were."""
    if not mapping:  # most often, when an article is added: no row to look at
        return
    for table, column in REFERENCES[id_field]:
        rows = tables.get(table, [])
        for n, row in enumerate(rows):
            if row.get(column) in mapping:
                rows[n] = {**row, column: mapping[row[column]]}


def _successors(retired: list[str], old_spans, new_spans, final_ids: set[str]) -> dict[str, str]:
    """Retired id -> the published id now holding most of its spans, where one does."""
    holders = _holders(new_spans, (i for i in new_spans if i in final_ids))
    found = {}
    for old_id in retired:
        shared = _shared(old_spans.get(old_id, set()), holders)
        if shared:
            found[old_id] = min((-n, new_id) for new_id, n in shared.items())[1]
    return found


def carry_forward_ids(
    tables: Tables,
    previous: Tables | None,
    retired_before: dict[str, list[str]] | None = None,
    replaced_before: dict[str, dict[str, str]] | None = None,
) -> tuple[Tables, IdReport]:
    """``tables`` with the ids ``previous`` gave the same entities; new ids never reuse an
    id that exists or existed."""
    with collector_paused():  # the spans of every mention, old and new: tuples in no cycle
        return _carry_forward(tables, previous, retired_before, replaced_before)


def _carry_forward(
    tables: Tables,
    previous: Tables | None,
    retired_before: dict[str, list[str]] | None,
    replaced_before: dict[str, dict[str, str]] | None,
) -> tuple[Tables, IdReport]:
    report = IdReport(
        retired_before=dict(retired_before or {}), replaced_before=dict(replaced_before or {})
    )
    if previous is None:  # every id kept: the rows as they are (a copy doubled the peak memory)
        for table, (id_field, _, _) in ENTITY_TABLES.items():
            report.final[table] = {r[id_field]: r[id_field] for r in tables.get(table, [])}
        report.final["roles"] = {r["role_id"]: r["role_id"] for r in tables.get("roles", [])}
        return dict(tables), report
    # the lists copied, and a row only when it is renamed (``_rename``): most keep their ids
    tables = {name: list(rows) for name, rows in tables.items()}
    new_spans, old_spans = _spans(tables), _spans(previous)
    for table, (id_field, mention_field, _label) in ENTITY_TABLES.items():
        new_ids = [r[id_field] for r in tables.get(table, [])]
        old_ids = {r[id_field] for r in previous.get(table, [])}
        mapping = _match(new_spans[mention_field], old_spans[mention_field], new_ids, old_ids)
        taken = old_ids | set((retired_before or {}).get(table, [])) | set(mapping.values())
        final: dict[str, str] = {}
        for new_id in sorted(new_ids):
            final[new_id] = mapping[new_id] if new_id in mapping else unique(new_id, taken)
        _rename(tables, id_field, {k: v for k, v in final.items() if k != v})
        report.kept[table] = sorted((n, o) for n, o in mapping.items())
        report.new[table] = sorted(v for k, v in final.items() if k not in mapping)
        report.retired[table] = sorted(old_ids - set(final.values()))
        report.final[table] = final
        report.replaced[table] = _successors(
            report.retired[table],
            old_spans[mention_field],
            _renamed(new_spans[mention_field], {k: v for k, v in final.items() if k != v}),
            set(final.values()),
        )
    _carry_roles(tables, previous, report, retired_before or {})
    report.replaced = {t: v for t, v in report.replaced.items() if v}
    report.retired = {t: v for t, v in report.retired.items() if v}
    return tables, report


def _carry_roles(
    tables: Tables, previous: Tables, report: IdReport, retired_before: dict[str, list[str]]
) -> None:
    def key(row: Row) -> tuple:
        return (row["person_id"], row["title"], row.get("organisation_id"))

    old_by_key = {key(r): r["role_id"] for r in previous.get("roles", [])}
    old_ids = set(old_by_key.values())
    taken = old_ids | set(retired_before.get("roles", []))
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for row in sorted(tables.get("roles", []), key=lambda r: r["role_id"]):
        old = old_by_key.get(key(row))
        if old and old not in used:
            mapping[row["role_id"]] = old
            used.add(old)
    taken |= used
    final = {}
    for row in sorted(tables.get("roles", []), key=lambda r: r["role_id"]):
        rid = row["role_id"]
        final[rid] = mapping.get(rid) or (rid if rid not in taken else unique(rid, taken))
        taken.add(final[rid])
    _rename(tables, "role_id", {k: v for k, v in final.items() if k != v})
    report.kept["roles"] = sorted(mapping.items())
    report.new["roles"] = sorted(v for k, v in final.items() if k not in mapping)
    report.retired["roles"] = sorted(old_ids - set(final.values()))
    report.final["roles"] = final
    # a role of a merged person (or at a merged body) is now the survivor's same post
    people = report.replaced.get("people", {})
    bodies = report.replaced.get("organisations", {})
    new_by_key = {key(r): r["role_id"] for r in tables.get("roles", [])}
    successors = {}
    retired = set(report.retired["roles"])
    for row in previous.get("roles", []):
        if row["role_id"] in retired:
            org = row.get("organisation_id")
            moved = (
                people.get(row["person_id"], row["person_id"]),
                row["title"],
                bodies.get(org, org) if org is not None else None,
            )
            if moved in new_by_key:
                successors[row["role_id"]] = new_by_key[moved]
    report.replaced["roles"] = successors
