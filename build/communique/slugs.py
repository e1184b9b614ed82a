"""Readable, stable ids: slugs of canonical names."""

from __future__ import annotations

import re

from unidecode import unidecode


def slug(*parts: str) -> str:
    """``Ministry of Foreign Affairs of Laos`` -> ``ministry-of-foreign-affairs-of-laos``."""
    text = unidecode(" ".join(p for p in parts if p)).lower().replace("'", "")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "unnamed"


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever is free; records the choice."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate
