"""The JSON Table Schemas in ``schemas/``: the single source of truth for every table's
columns, types, constraints and keys. Everything else (CSV writing, Pandera models, the
package descriptor) reads them from here."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from communique.model import ALL_TABLES


def schema_dir() -> Path:
    """``schemas/`` at the repository root, or the copy shipped inside the wheel."""
    repo = Path(__file__).resolve().parents[2] / "schemas"
    return repo if repo.is_dir() else Path(__file__).resolve().parent / "_schemas"


@cache
def load_schema(table: str) -> dict[str, Any]:
    if table not in ALL_TABLES:
        raise KeyError(f"no table named {table!r}")
    return json.loads((schema_dir() / f"{table}.schema.json").read_text(encoding="utf-8"))


def all_schemas() -> dict[str, dict[str, Any]]:
    return {table: load_schema(table) for table in ALL_TABLES}


def fields(table: str) -> list[dict[str, Any]]:
    return load_schema(table)["fields"]


def field_names(table: str) -> list[str]:
    return [f["name"] for f in fields(table)]


def field_types(table: str) -> dict[str, str]:
    return {f["name"]: f["type"] for f in fields(table)}


def primary_key(table: str) -> list[str]:
    key = load_schema(table)["primaryKey"]
    return [key] if isinstance(key, str) else list(key)


@cache
def iso_countries() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code: what the schemas' ``country`` fields hold, beyond what
    their pattern (``^[A-Z]{3}$``) can check. Validation, judgements and extraction's output
    contract all ask this one set."""
    return frozenset(country.alpha_3 for country in pycountry.countries)


def foreign_keys(table: str) -> list[tuple[str, str, str]]:
    """(field, referenced table, referenced field); a self reference names the table itself."""
    result = []
    for fk in load_schema(table).get("foreignKeys", []):
        resource = fk["reference"]["resource"] or table
        for here, there in zip(fk["fields"], fk["reference"]["fields"], strict=True):
            result.append((here, resource, there))
    return result
