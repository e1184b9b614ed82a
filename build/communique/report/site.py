"""Writing the report: every page and the assets (the Vega bundle once, the style sheet and
the script) into a fresh folder, published in place of the old one only when complete."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from communique.publish import publish, staging_dir
from communique.report.charts import vega_bundle
from communique.report.data import ReportData
from communique.report.pages import Quality, render_pages


def read_quality(path: Path) -> Quality | None:
    """The extraction quality file, when there is one."""
    if not path.is_file():
        return None
    return Quality(path, json.loads(path.read_text(encoding="utf-8")))


def write_site(data: ReportData, out_dir: Path, quality: Quality | None = None) -> int:
    """Write the site into ``out_dir`` (replacing it whole); return the number of pages."""
    pages = render_pages(data, quality)
    static = files("communique.report").joinpath("static")
    with staging_dir(out_dir) as staging:
        assets = staging / "assets"
        assets.mkdir()
        (assets / "vega.js").write_text(vega_bundle(), encoding="utf-8")
        for name in ("report.css", "report.js"):
            (assets / name).write_text(static.joinpath(name).read_text(encoding="utf-8"))
        for path, html in pages.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
        publish(staging, out_dir)
    return len(pages)
