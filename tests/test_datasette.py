"""Datasette serves the SQLite release with the schemas' descriptions (on 127.0.0.1, for a
bounded time, killed at the end)."""

from __future__ import annotations

import html
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from communique.export.outputs import write_outputs
from communique.export.views import convenience_views
from communique.schema import fields, load_schema
from datasette.utils import tilde_encode

ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(base URL, database name) of a Datasette serving the committed package's release."""
    dist = tmp_path_factory.mktemp("dist")
    written = write_outputs(ROOT / "datapackage", dist)
    database = next(p for p in written if p.suffix == ".sqlite")
    metadata = next(p for p in written if p.name.endswith(".datasette.json"))
    port = _free_port()
    command = [sys.executable, "-m", "datasette", "serve", str(database)]
    command += ["--metadata", str(metadata), "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    output = server.communicate()[0].decode(errors="replace")
                    pytest.fail(f"datasette did not start on {base}:\n{output}")
                time.sleep(0.2)
        yield base, tilde_encode(database.stem)  # the version's dots, as Datasette links them
    finally:
        server.kill()
        server.wait(timeout=10)


def test_datasette_serves_every_table_and_view(served):
    base, database = served
    listing = json.loads(_get(f"{base}/{database}.json"))
    names = {t["name"] for t in listing["tables"] + listing["views"]}
    assert {"people", "meetings", "mentions"} <= names
    assert {v.name for v in convenience_views()} <= names
    contacts = json.loads(_get(f"{base}/{database}/contacts.json?_shape=array"))
    assert contacts and {"person_a_name", "person_b_name", "start_date"} <= set(contacts[0])


def test_datasette_shows_the_schemas_descriptions(served):
    base, database = served
    page = html.unescape(_get(f"{base}/{database}/meetings").decode("utf-8"))
    assert load_schema("meetings")["description"] in page
    for field in fields("meetings"):
        assert field["description"] in page, field["name"]
    contacts = html.unescape(_get(f"{base}/{database}/contacts").decode("utf-8"))
    assert convenience_views()[0].description[:60] in contacts
