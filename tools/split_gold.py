#!/usr/bin/env python3
"""Cut a gold annotation down to a subset of its articles, so a corpus can be split into a
part used while tuning the rules and a part left unread until the end.

    python tools/split_gold.py GOLD.yaml ARTICLES_DIR --every 3 --part held-out|tuning \
        --out GOLD_PART.yaml --articles-out DIR

Gold people, organisations and roles carry no article ids, so they are attributed by text:
an item belongs to the articles whose text names it (its name, an alias, or its
abbreviation; single words only when written with a capital), a person also to the
articles of the meetings they took part in, a role to the articles that name both its
person and its organisation. An item no article of either part names is kept as optional
(neither rewarded nor penalised). Meetings carry their article ids and are exact.
"""

from __future__ import annotations

import argparse
import re
import shutil
import unicodedata
from pathlib import Path

import yaml


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


def names(item: dict) -> list[str]:
    found = [item.get("name") or "", *(item.get("aliases") or [])]
    if item.get("abbreviation"):
        found.append(item["abbreviation"])
    return [n for n in found if n]


def named_in(item: dict, text: str, folded: str) -> bool:
    for name in names(item):
        if " " in name.strip():
            if re.search(rf"(?<!\w){re.escape(fold(name).lower())}(?!\w)", folded.lower()):
                return True
        elif len(name) >= 3 and re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", folded):
            return True
    return False


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", type=Path)
    ap.add_argument("articles", type=Path)
    ap.add_argument("--every", type=int, default=3)
    ap.add_argument("--part", choices=["held-out", "tuning"], required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--articles-out", type=Path, required=True)
    args = ap.parse_args()
    gold = yaml.safe_load(args.gold.read_text(encoding="utf-8"))
    paths = sorted(args.articles.glob("*.txt"))
    held = {p.stem for i, p in enumerate(paths, 1) if i % args.every == 0}
    mine = held if args.part == "held-out" else {p.stem for p in paths} - held
    texts = {p.stem: p.read_text(encoding="utf-8") for p in paths}
    folded = {k: fold(v) for k, v in texts.items()}

    def where(item: dict) -> set[str]:
        return {a for a in texts if named_in(item, texts[a], folded[a])}

    meetings = [m for m in gold.get("meetings", []) if set(m.get("articles", [])) & mine]
    people_at: dict[str, set[str]] = {}
    for person in gold.get("people", []):
        found = where(person)
        for m in gold.get("meetings", []):
            if person["name"] in m.get("participants", []):
                found |= set(m.get("articles", []))
        people_at[person["name"]] = found
    orgs_at = {o["name"]: where(o) for o in gold.get("organisations", [])}
    for role in gold.get("roles", []):  # a body named only through its officials' posts
        org = role.get("organisation")
        if org in orgs_at and not orgs_at[org]:
            orgs_at[org] = set(people_at.get(role["person"], set()))

    def keep(item: dict, found: set[str]) -> dict | None:
        if found & mine:
            return item
        if found:
            return None
        return dict(item, optional=True)

    out = {
        "articles": [a for a in gold.get("articles", []) if str(a["id"]) in mine],
        "people": [p for p in gold.get("people", []) if keep(p, people_at[p["name"]]) is not None],
        "organisations": [],
        "roles": [],
        "meetings": meetings,
    }
    out["people"] = [keep(p, people_at[p["name"]]) for p in out["people"]]
    for org in gold.get("organisations", []):
        kept = keep(org, orgs_at[org["name"]])
        if kept is not None:
            out["organisations"].append(kept)
    for role in gold.get("roles", []):
        found = people_at.get(role["person"], set())
        if role.get("organisation"):
            found = found & orgs_at.get(role["organisation"], found) or found
        kept = keep(role, found)
        if kept is not None:
            out["roles"].append(kept)
    args.out.write_text(yaml.safe_dump(out, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if args.articles_out.exists():
        shutil.rmtree(args.articles_out)
    args.articles_out.mkdir(parents=True)
    for stem in sorted(mine):
        shutil.copy(args.articles / f"{stem}.txt", args.articles_out / f"{stem}.txt")


if __name__ == "__main__":
    main()
