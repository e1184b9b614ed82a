"""Readable, stable ids: slugs of canonical names."""

from __future__ import annotations

import re

from unidecode import unidecode

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(*parts: str) -> str:
    """``Ministry of Foreign Affairs of Laos`` -> ``ministry-of-foreign-affairs-of-laos``.
    (Text that is all ASCII is its own transliteration: ``unidecode`` is skipped.)"""
    text = " ".join(p for p in parts if p)
    text = (text if text.isascii() else unidecode(text)).lower().replace("'", "")
    return _NOT_SLUG.sub("-", text).strip("-") or "unnamed"


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever is free; records the choice."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate
