"""Build Articles from inline text for extraction tests (no reader, no files)."""

from __future__ import annotations

import datetime as dt
import hashlib

from communique.extract.article import extract_article
from communique.extract.facts import ArticleFacts
from communique.model import Article


def make_article(
    text: str,
    published: str = "2025-06-12",
    article_id: str = "t-001",
    dateline: str | None = "Baku",
) -> Article:
    return Article(
        article_id=article_id,
        path=f"{article_id}.txt",
        text=text,
        published=dt.date.fromisoformat(published),
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        word_count=len(text.split()),
        dateline=dateline,
    )


def facts_of(text: str, **kwargs) -> ArticleFacts:
    return extract_article(make_article(text, **kwargs))


def person(facts: ArticleFacts, name: str):
    found = [p for p in facts.people if p.name == name]
    assert found, f"{name!r} not among {[p.name for p in facts.people]}"
    return found[0]


def roles(facts: ArticleFacts, name: str) -> set[tuple[str, str | None]]:
    return {(r.title, r.organisation) for r in person(facts, name).roles}


def org_names(facts: ArticleFacts) -> set[str]:
    return {o.name for o in facts.organisations}
