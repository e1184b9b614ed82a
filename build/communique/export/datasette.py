"""Datasette metadata for the SQLite database: title, licence, source, and a description of
every table, column and convenience view, taken from the schemas and ``views.sql``."""

from __future__ import annotations

from typing import Any

from communique.export.views import convenience_views
from communique.model import TABLE_NAMES
from communique.schema import fields, load_schema


def datasette_metadata(descriptor: dict[str, Any], database: str) -> dict[str, Any]:
    """Metadata for ``datasette DATABASE.sqlite --metadata FILE``; ``database`` is the file's
    stem, which is how Datasette names the database."""
    tables: dict[str, Any] = {}
    for table in TABLE_NAMES:
        tables[table] = {
            "description": load_schema(table).get("description", ""),
            "columns": {f["name"]: f.get("description", "") for f in fields(table)},
        }
    for view in convenience_views():
        tables[view.name] = {"description": view.description}
    metadata: dict[str, Any] = {
        "title": descriptor.get("title", descriptor["name"]),
        "description": f"{descriptor.get('description', '')} Version {descriptor['version']}.",
        "databases": {database: {"tables": tables}},
    }
    licences = descriptor.get("licenses") or []
    if licences:
        metadata["license"] = licences[0].get("name", "")
        if licences[0].get("path"):
            metadata["license_url"] = licences[0]["path"]
    return metadata
