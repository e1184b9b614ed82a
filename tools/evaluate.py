#!/usr/bin/env python3
"""Measure the extraction against the hand-made gold beside the project (``../shared/eval``):
build each corpus into a scratch folder, score it with the kit's ``score.py``, print one
table of precision, recall and F1 for every corpus and table, and write the figures to
``evaluation/quality.json``, which the dataset card of a release shows.

    python tools/evaluate.py [--split] [--details] [--json evaluation/quality.json]

``--split`` also scores dev2's tuning part and its held-out part (every third article, see
``tools/split_gold.py``) on their own. ``--details`` lists false positives and negatives,
but never for dev2 as a whole or its held-out part: those stay unread. The JSON holds no
timestamps, so the same code and corpora give the same file.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from communique.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
WHAT = (
    "Precision, recall and F1 of the rows the rules extract (people, organisations, roles, "
    "meetings, meeting participants) against gold annotations made by hand for each corpus; "
    "rows are aligned by name (close spellings allowed), dates and participants. They "
    "describe the extraction rules on these corpora, not every row of this package: expect "
    "lower figures on text unlike them."
)


@dataclass(frozen=True)
class Corpus:
    name: str
    articles: Path
    gold: Path
    about: str
    details_allowed: bool


def corpora(split_dir: Path | None) -> list[Corpus]:
    """The corpora to score, those with --split last (their folders come from the split)."""
    found = [
        Corpus(
            "seeds",
            ROOT / "articles",
            EVAL / "seeds" / "gold.yaml",
            "the articles this repository publishes; the rules were written on them",
            True,
        ),
        Corpus(
            "dev",
            EVAL / "dev" / "articles",
            EVAL / "dev" / "gold.yaml",
            "articles written for testing in the outlets' real styles, with fictional "
            "people; used while developing the rules",
            True,
        ),
        Corpus(
            "dev2",
            EVAL / "dev2" / "articles",
            EVAL / "dev2" / "gold.yaml",
            "harder articles written to reproduce what real news does to rules (house "
            "styles, captions, bylines, truncated text); two thirds used while tuning",
            False,
        ),
    ]
    if split_dir is not None:
        found += [
            Corpus(
                "dev2 tuning",
                split_dir / "tuning",
                split_dir / "tuning.yaml",
                "the dev2 articles used while tuning the rules",
                True,
            ),
            Corpus(
                "dev2 held-out",
                split_dir / "held-out",
                split_dir / "held-out.yaml",
                "every third dev2 article, left unread while tuning: the fairest figure here",
                False,
            ),
        ]
    return [c for c in found if c.gold.is_file() and c.articles.is_dir()]


def split_dev2(scratch: Path) -> Path:
    """dev2 cut into its tuning and held-out parts by ``tools/split_gold.py``."""
    scratch.mkdir(parents=True)
    for part in ("tuning", "held-out"):
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "tools" / "split_gold.py"),
                str(EVAL / "dev2" / "gold.yaml"),
                str(EVAL / "dev2" / "articles"),
                "--every",
                "3",
                "--part",
                part,
                "--out",
                str(scratch / f"{part}.yaml"),
                "--articles-out",
                str(scratch / part),
            ],
            check=True,
        )
    return scratch


def score(corpus: Corpus, scratch: Path, details: bool) -> dict[str, Any]:
    """Build the corpus and score it; the kit's figures, rounded so the file is stable."""
    package = scratch / corpus.name.replace(" ", "-")
    build(corpus.articles, package, allow_mass_retirement=True)
    figures = scratch / f"{package.name}.json"
    command = [
        sys.executable,
        str(EVAL / "score.py"),
        "--gold",
        str(corpus.gold),
        "--package",
        str(package / "datapackage.json"),
        "--json",
        str(figures),
    ]
    if details and corpus.details_allowed:
        command.append("--details")
        print(f"--- {corpus.name}: false positives and negatives")
        subprocess.run(command, check=True)
    else:
        subprocess.run(command, check=True, capture_output=True)
    result = json.loads(figures.read_text(encoding="utf-8"))
    tables = {
        table: {
            "gold": s["gold"],
            "predicted": s["pred"],
            "precision": round(s["precision"], 3),
            "recall": round(s["recall"], 3),
            "f1": round(s["f1"], 3),
        }
        for table, s in result["tables"].items()
    }
    return {
        "name": corpus.name,
        "articles": len(list(corpus.articles.glob("*.txt"))),
        "about": corpus.about,
        "tables": tables,
        "macro_f1": round(result["macro_f1"], 3),
    }


def table_text(scores: list[dict[str, Any]]) -> str:
    """One table: a row per corpus and table, and each corpus's macro F1."""
    lines = [
        f"{'corpus':14} {'table':22} {'gold':>5} {'pred':>5} {'precision':>9} {'recall':>7} "
        f"{'F1':>6}"
    ]
    for corpus in scores:
        for table, s in corpus["tables"].items():
            lines.append(
                f"{corpus['name']:14} {table:22} {s['gold']:5} {s['predicted']:5} "
                f"{s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f}"
            )
        lines.append(
            f"{corpus['name']:14} {'macro':22} {'':5} {'':5} {'':9} {'':7} "
            f"{corpus['macro_f1']:6.3f}"
        )
    return "\n".join(lines)


def quality(scores: list[dict[str, Any]]) -> dict[str, Any]:
    package = json.loads((ROOT / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))
    return {
        "what": WHAT,
        "communique_version": version("communique"),
        "package": {"name": package["name"], "version": package["version"]},
        "corpora": scores,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", action="store_true", help="also score dev2's two parts")
    parser.add_argument("--details", action="store_true", help="list false pos./negatives")
    parser.add_argument("--json", type=Path, default=ROOT / "evaluation" / "quality.json")
    args = parser.parse_args()
    if not (EVAL / "score.py").is_file():
        print(f"{EVAL} is absent: nothing to evaluate against", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="communique-eval-") as scratch_name:
        scratch = Path(scratch_name)
        split = split_dev2(scratch / "split") if args.split else None
        scores = [score(c, scratch, args.details) for c in corpora(split)]
    print(table_text(scores))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(quality(scores), indent=2, ensure_ascii=False) + "\n"
    args.json.write_text(text, encoding="utf-8")
    print(f"wrote {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
