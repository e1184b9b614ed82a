"""Rules a corpus never fires: the report behind ``communique rules --unused ARTICLES_DIR``.

Like zavod's ``debug_lookups``: a rule that no article of a corpus uses is either ahead
of its corpus or broken (a pattern that cannot match, a title shadowed by a longer one).
Word lists are not reported: their words are looked up, not fired one by one.
"""

from __future__ import annotations

from pathlib import Path

from communique import rules
from communique.extract.article import extract_article
from communique.read import read_corpus
from communique.rules.models import Rule
from communique.rules.usage import recording


def unused_rules(articles_dir: Path) -> list[Rule]:
    """Every tracked rule that reading and extracting the corpus never fired, in file order."""
    with recording() as fired:
        articles, _ = read_corpus(articles_dir)
        for article in articles:
            extract_article(article)
    return [r for r in rules.all_rules() if r.tracked and r.rule_id not in fired]


def describe(rule: Rule) -> str:
    """One line for a report: the rule's id and, for a pattern, the pattern itself."""
    pattern = getattr(rule, "pattern", None)
    return f"{rule.rule_id}  {pattern}" if isinstance(pattern, str) else rule.rule_id
