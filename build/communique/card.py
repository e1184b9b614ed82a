"""The dataset card: the README.md a release carries, written for the people who load the
data, not for those who develop the tool. Everything in it comes from the package's own
descriptor (which embeds every table schema), its row counts and, when measured, the
extraction quality; so it is true of the package it ships with, and the same package gives
the same card, byte for byte.
"""

from __future__ import annotations

from typing import Any

NA_NOTE = (
    "**Missing values are empty cells, and only empty cells.** Text such as `NA` is data here "
    "(the abbreviation of a National Assembly, say), but pandas and R read `NA` as missing by "
    "default: load the tables as shown below, which tells them so."
)
DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "date": "DATE"}


def _cell(text: str) -> str:
    """Text made safe for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{text}`"


def _constraints(spec: dict[str, Any]) -> str:
    constraints = spec.get("constraints", {})
    parts = []
    if constraints.get("unique"):
        parts.append("unique")
    if "pattern" in constraints:
        parts.append(f"matches {_code(constraints['pattern'])}")
    if "enum" in constraints:
        parts.append("one of " + ", ".join(_code(str(v)) for v in constraints["enum"]))
    for key, words in (("minimum", "at least"), ("maximum", "at most")):
        if key in constraints:
            parts.append(f"{words} {constraints[key]}")
    for key in ("minLength", "maxLength"):
        if key in constraints:
            parts.append(f"{key} {constraints[key]}")
    return _cell("; ".join(parts))


def _keys(schema: dict[str, Any], table: str) -> list[str]:
    lines = []
    key = schema.get("primaryKey")
    if key:
        names = [key] if isinstance(key, str) else key
        lines.append(f"- Primary key: {', '.join(_code(n) for n in names)}")
    for unique in schema.get("uniqueKeys", []):
        lines.append(f"- Unique together: {', '.join(_code(n) for n in unique)}")
    for fk in schema.get("foreignKeys", []):
        target = fk["reference"].get("resource") or table
        pairs = zip(fk["fields"], fk["reference"]["fields"], strict=True)
        for here, there in pairs:
            lines.append(f"- {_code(here)} refers to {_code(f'{target}.{there}')}")
    return lines


def data_dictionary(descriptor: dict[str, Any], row_counts: dict[str, int]) -> list[str]:
    """Every table and field: type, whether required, constraints, description."""
    lines = ["## Data dictionary", ""]
    for resource in descriptor.get("resources", []):
        name, schema = resource["name"], resource.get("schema", {})
        lines += [f"### `{name}`", ""]
        if resource.get("description"):
            lines += [resource["description"], ""]
        lines.append(f"- File: `{resource['path']}`, {row_counts.get(name, 0)} rows")
        lines += _keys(schema, name)
        lines += [
            "",
            "| field | type | required | constraints | description |",
            "|---|---|---|---|---|",
        ]
        for spec in schema.get("fields", []):
            required = "yes" if spec.get("constraints", {}).get("required") else "no"
            lines.append(
                f"| `{spec['name']}` | {spec.get('type', 'string')} | {required} | "
                f"{_constraints(spec)} | {_cell(spec.get('description', ''))} |"
            )
        lines.append("")
    return lines


def _duckdb(resource: dict[str, Any]) -> str:
    columns = ", ".join(
        f"'{f['name']}': '{DUCKDB_TYPES.get(f.get('type', 'string'), 'VARCHAR')}'"
        for f in resource.get("schema", {}).get("fields", [])
    )
    return (
        f"CREATE TABLE {resource['name']} AS SELECT * FROM read_csv('{resource['path']}',\n"
        f"    header = true, nullstr = '', columns = {{{columns}}});"
    )


PANDAS_LOAD = """import json

import pandas as pd

descriptor = json.load(open("datapackage.json", encoding="utf-8"))
tables = {}
for resource in descriptor["resources"]:
    fields = resource["schema"]["fields"]
    tables[resource["name"]] = pd.read_csv(
        resource["path"],
        keep_default_na=False,  # "NA" is text, not missing
        na_values=[""],  # the empty cell is the only missing value
        dtype={
            f["name"]: "Int64" if f["type"] == "integer" else "string"
            for f in fields
            if f["type"] != "date"
        },
        parse_dates=[f["name"] for f in fields if f["type"] == "date"],
    )"""


def how_to_load(descriptor: dict[str, Any], archive: str) -> list[str]:
    resources = descriptor.get("resources", [])
    example = next((r for r in resources if r["name"] == "organisations"), resources[0])
    r_path = example["path"]
    return [
        "## How to load it",
        "",
        f"Unzip `{archive}` into a folder of its own (`unzip {archive} -d {archive[:-4]}`): "
        "`datapackage.json` sits at the root of the archive, beside `data/`. "
        "Tables are CSV (UTF-8, comma, one header row, RFC 4180 quoting); dates are "
        "`YYYY-MM-DD`; countries ISO 3166-1 alpha-3 codes.",
        "",
        NA_NOTE,
        "",
        "**pandas** (every table, with the types of its schema):",
        "",
        "```python",
        PANDAS_LOAD,
        "```",
        "",
        "**R** (readr, or base R):",
        "",
        "```r",
        f'{example["name"]} <- readr::read_csv("{r_path}", na = "")',
        f'{example["name"]} <- read.csv("{r_path}", na.strings = "", encoding = "UTF-8")',
        "```",
        "",
        "**DuckDB** (types from the schemas; `nullstr = ''` keeps `NA` as text):",
        "",
        "```sql",
        *[_duckdb(resource) for resource in resources],
        "```",
        "",
        "**Frictionless** (reads the zip as it is, and checks every table against its schema):",
        "",
        "```python",
        "from frictionless import Package",
        "",
        f'package = Package("{archive}")',
        f'{example["name"]} = package.get_resource("{example["name"]}").read_rows()',
        "```",
        "",
        f"Check the whole package with `frictionless validate {archive}`.",
        "",
    ]


def _score(value: float) -> str:
    return f"{value:.3f}"


def extraction_quality(quality: dict[str, Any] | None, descriptor: dict[str, Any]) -> list[str]:
    """The measured precision, recall and F1, and what exactly they measure."""
    lines = ["## Extraction quality", ""]
    if not quality:
        return [*lines, "No extraction quality was measured for this release.", ""]
    when = f"Measured with Communique {quality['communique_version']}"
    measured = quality.get("package", {})
    if measured.get("name") == descriptor["name"]:
        when += f", at version {measured['version']} of this package"
        if measured["version"] != descriptor["version"]:
            when += f" (this is version {descriptor['version']}: the rules may have changed since)"
    lines += [quality["what"], "", when + ".", ""]
    for corpus in quality["corpora"]:
        lines.append(f"- **{corpus['name']}** ({corpus['articles']} articles): {corpus['about']}")
    lines += ["", "| corpus | table | precision | recall | F1 |", "|---|---|---|---|---|"]
    for corpus in quality["corpora"]:
        for table, score in corpus["tables"].items():
            lines.append(
                f"| {corpus['name']} | {table} | {_score(score['precision'])} | "
                f"{_score(score['recall'])} | {_score(score['f1'])} |"
            )
        lines.append(f"| {corpus['name']} | *macro F1* | | | {_score(corpus['macro_f1'])} |")
    return [*lines, ""]


def _licence(descriptor: dict[str, Any]) -> list[str]:
    licences = descriptor.get("licenses", [])
    lines = ["## Licence", ""]
    if not licences:
        return [*lines, "No licence is stated: ask the publisher before reusing the data.", ""]
    for licence in licences:
        label = licence.get("title") or licence.get("name") or licence.get("path")
        name = f" ({licence['name']})" if licence.get("name") and licence.get("title") else ""
        link = f"[{label}]({licence['path']})" if licence.get("path") else label
        lines.append(f"- {link}{name}")
    lines += [
        "",
        "The `mentions` table quotes short spans of the source articles as evidence; the "
        "articles themselves are not included.",
        "",
    ]
    return lines


def _citation(descriptor: dict[str, Any], archive: str) -> list[str]:
    creators = [c["title"] for c in descriptor.get("contributors", []) if c.get("title")]
    who = "; ".join(creators) + ". " if creators else ""
    return [
        "## How to cite",
        "",
        f"> {who}*{descriptor.get('title', descriptor['name'])}*, version "
        f"{descriptor['version']} [data set]. `{archive}`.",
        "",
        "Cite the version you used: ids are stable from one version to the next, and "
        "`CHANGELOG.md` lists every change. Check the archive against its `.sha256` file.",
        "",
    ]


def render_card(
    descriptor: dict[str, Any], row_counts: dict[str, int], quality: dict[str, Any] | None
) -> str:
    """The README.md of a release of the package ``descriptor`` describes."""
    version = descriptor["version"]
    archive = f"{descriptor['name']}-{version}.zip"
    lines = [f"# {descriptor.get('title', descriptor['name'])}", ""]
    if descriptor.get("description"):
        lines += [descriptor["description"], ""]
    lines += [
        f"- Version **{version}** (`{descriptor['name']}`); what changed in each version: "
        "[CHANGELOG.md](CHANGELOG.md). Versions follow semantic versioning for data: a major "
        "version may remove ids or fields, minor versions add rows, patch versions correct "
        "values.",
    ]
    if descriptor.get("keywords"):
        lines.append(f"- Keywords: {', '.join(descriptor['keywords'])}")
    for source in descriptor.get("sources", []):
        about = f": {source['description']}" if source.get("description") else ""
        lines.append(f"- Source: {source.get('title', '')}{about}")
    lines += [
        "",
        "## The tables",
        "",
        "| table | rows | one row is |",
        "|---|---|---|",
    ]
    for resource in descriptor.get("resources", []):
        lines.append(
            f"| `{resource['name']}` | {row_counts.get(resource['name'], 0)} | "
            f"{_cell(resource.get('description', ''))} |"
        )
    lines.append("")
    lines += how_to_load(descriptor, archive)
    lines += extraction_quality(quality, descriptor)
    lines += data_dictionary(descriptor, row_counts)
    lines += _licence(descriptor)
    lines += _citation(descriptor, archive)
    return "\n".join(lines).rstrip("\n") + "\n"
