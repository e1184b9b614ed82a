"""Every example of every rule file, run through the code that uses the rule.

One test, one case per example: ``titles.yaml: titles[foreign minister]/example-1``. What
an example asserts depends on its rule's kind and is written at the top of each YAML file;
a ``not:`` example passes when the same check fails on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from communique import rules
from communique.extract.article import extract_article
from communique.extract.facts import ArticleFacts
from communique.extract.lexicon import fold, lexicon
from communique.extract.meetings import _kind_of
from communique.extract.segments import Labelled, label
from communique.extract.text import sentences
from communique.read import (
    _credit_in,
    _unlisted_outlet,
    is_headline,
    language_by_script,
    language_by_words,
    parse_header,
    read_dateline,
)
from communique.rules.models import (
    AcronymRule,
    CreditForm,
    Cue,
    DatelineForm,
    Example,
    Language,
    Rule,
    Script,
)
from helpers_extract import make_article


def _article(text: str, dateline: str | None = None):
    return make_article(text, published="2025-06-12", dateline=dateline)


def _extract(text: str, dateline: str | None = None) -> tuple[ArticleFacts, list[Labelled]]:
    article = _article(text, dateline)
    labelled = [label(s.text, s.start, lexicon()) for s in sentences(article)]
    return extract_article(article), labelled


def _squashed(text: str) -> str:
    """Folded, without full stops and spaces: ``Mr .`` and ``H. E.`` as ``mr``, ``he``."""
    return fold(text).replace(".", "").replace(" ", "")


def _titles(facts: ArticleFacts) -> set[str]:
    return {r.title for p in facts.people for r in [*p.roles, *p.pending_roles]}


# ---------------------------------------------------------------- checks by kind of rule


def check_title(rule, example: Example) -> None:
    facts, labelled = _extract(example.text)
    assert any(s.label == "T" and s.value is rule for lab in labelled for s in lab.segments), (
        "the phrase is not read as this title"
    )
    for post in (rule, rule.also):
        if post is not None:
            assert post.title in _titles(facts), f"no role {post.title!r} in {_titles(facts)}"


def check_honorific(rule, example: Example) -> None:
    facts, labelled = _extract(example.text)
    key = _squashed(rule.word)
    assert any(
        s.label == "H" and _squashed(s.text) == key for lab in labelled for s in lab.segments
    ), "the word is not read as an honorific"
    assert facts.people, "no person found"
    assert all(not _squashed(p.name).startswith(key) for p in facts.people), (
        f"the honorific stays in {[p.name for p in facts.people]}"
    )


def check_former(rule, example: Example) -> None:
    facts, _ = _extract(example.text)
    assert not _titles(facts), f"roles given: {_titles(facts)}"
    without = re.sub(rf"\b{re.escape(rule.word)}\b\s*", "", example.text, count=1, flags=re.I)
    assert without != example.text, "the example does not have the word"
    assert _titles(_extract(without)[0]), f"no role even without the word: {without!r}"


def check_head(rule, example: Example) -> None:
    facts, _ = _extract(example.text)
    found = [
        o
        for o in facts.organisations
        if o.kind == rule.kind and any(fold(rule.word) in fold(s.text) for s in o.spans)
    ]
    assert found, f"no {rule.kind} named with {rule.word!r}: {facts.organisations}"


def check_named(rule, example: Example) -> None:
    facts, _ = _extract(example.text)
    found = {(o.name, o.kind, o.country) for o in facts.organisations}
    assert any(
        (name, kind) == (rule.name, rule.kind) and (rule.country is None or country == rule.country)
        for name, kind, country in found
    ), f"{rule.name!r} ({rule.kind}, {rule.country}) not among {found}"


def check_acronym(rule: AcronymRule, example: Example) -> None:
    acronym = next(key for key, spec in lexicon().acronyms.items() if spec is rule)
    facts, _ = _extract(example.text)
    found = {(o.name, o.abbreviation) for o in facts.organisations}
    assert (rule.name, acronym) in found, f"not among {found}"


def check_not_acronym(rule, example: Example) -> None:
    _, labelled = _extract(example.text)
    words = [s for lab in labelled for s in lab.segments if s.text in rule.words]
    assert words, "the example has none of the words"
    assert all(s.label != "ACR" for s in words), "read as an acronym"


def check_no_organisation(rule, example: Example) -> None:
    facts, _ = _extract(example.text)
    assert not facts.organisations, f"organisations found: {facts.organisations}"


def check_priority(rule, example: Example) -> None:
    rank, _, _ = _kind_of(example.text, lexicon())
    assert rank is rule, f"chose {rank.group if rank else None!r}"


def check_venue(rule, example: Example) -> None:
    facts, _ = _extract(example.text)
    assert facts.meetings, "no meeting"
    assert all(m.location is None for m in facts.meetings), [m.location for m in facts.meetings]


def check_reference(rule, example: Example) -> None:
    facts, _ = _extract(example.text)
    assert any(len(m.participants) >= 2 for m in facts.meetings), facts.meetings


def check_pattern(rule: Cue, example: Example) -> None:
    found = rule.regex.search(example.text)
    assert found, "the pattern does not match"
    if example.gives is not None:
        assert found.group(1) == example.gives


def check_dateline(rule: DatelineForm, example: Example) -> None:
    dateline = read_dateline(example.text)
    assert dateline is not None, "not read as a dateline"
    assert dateline.form is rule, "read by another form"
    outlet = dateline.outlet.name if dateline.outlet else None
    assert (dateline.place, dateline.date, outlet) == (example.place, example.date, example.outlet)


def check_aggregator(rule: CreditForm, example: Example) -> None:
    header = parse_header(" date 2025-06-12 " + example.text)
    aggregators = {a.name for a in rules.outlets().aggregators}
    assert header.publisher in aggregators, f"published by {header.publisher!r}"
    assert header.source == example.outlet


def check_credit(rule: CreditForm, example: Example) -> None:
    outlet = next(o for o in rules.outlets().outlets if o.name == example.outlet)
    assert any(rule.compile(credit).search(example.text) for credit in outlet.credits), (
        "this form does not credit the outlet"
    )
    found = _credit_in(example.text)
    assert found is not None and found.name == example.outlet


def check_unknown_credit(rule: Cue, example: Example) -> None:
    check_pattern(rule, example)
    header = parse_header(" date 2025-06-12 " + example.text)
    assert header.source == example.gives, f"source {header.source!r}"


def check_outlet_word(rule, example: Example) -> None:
    assert _unlisted_outlet(example.text, acronym=False), "not read as an outlet's name"


def check_headline(rule, example: Example) -> None:
    assert is_headline(example.text) is example.headline


def check_language(rule: Language, example: Example) -> None:
    assert language_by_words(example.text) == rule.code


def check_script(rule: Script, example: Example) -> None:
    assert language_by_script(example.text) == rule.code


def check_expectations(rule, example: Example) -> None:
    """The expectations the example states itself: labels, person, organisation, sentences."""
    stated = [f for f in ("labels", "person", "organisation", "sentences") if example.expects(f)]
    assert stated, "the example states nothing to check (labels, person, organisation …)"
    facts, labelled = _extract(example.text, example.place)  # place: the dateline's
    if example.labels is not None:
        labels = " ".join(s.label for lab in labelled for s in lab.segments)
        assert labels == example.labels
    if example.person is not None:
        assert example.person in [p.name for p in facts.people], facts.people
    if example.organisation is not None:
        found = [o for o in facts.organisations if o.name == example.organisation]
        assert found, f"not among {[o.name for o in facts.organisations]}"
        org = found[0]
        for field in ("kind", "country"):
            if example.expects(field):
                assert getattr(org, field) == getattr(example, field), field
        if example.expects("parent"):
            assert org.parent == example.parent
    if example.sentences is not None:
        assert len(sentences(_article(example.text))) == example.sentences


CHECKS: dict[tuple[str, str], Callable] = {
    ("titles.yaml", "titles"): check_title,
    ("titles.yaml", "honorifics"): check_honorific,
    ("titles.yaml", "former"): check_former,
    ("organisations.yaml", "heads"): check_head,
    ("organisations.yaml", "named"): check_named,
    ("organisations.yaml", "acronyms"): check_acronym,
    ("organisations.yaml", "not_acronyms"): check_not_acronym,
    ("organisations.yaml", "generic_bodies"): check_no_organisation,
    ("organisations.yaml", "weak_heads"): check_no_organisation,
    ("organisations.yaml", "lower_case_bodies"): check_expectations,
    ("organisations.yaml", "buildings"): check_no_organisation,
    ("organisations.yaml", "ordinal_events"): check_no_organisation,
    ("meetings.yaml", "priority"): check_priority,
    ("meetings.yaml", "venue_words"): check_venue,
    ("discourse.yaml", "heads_of_state"): check_reference,
    ("discourse.yaml", "envoys"): check_reference,
    ("discourse.yaml", "ministers"): check_reference,
    ("discourse.yaml", "anyone"): check_reference,
    ("discourse.yaml", "description_determiners"): check_reference,
    ("discourse.yaml", "description_modifiers"): check_reference,
    ("discourse.yaml", "group_words"): check_reference,
    ("discourse.yaml", "counterpart_nouns"): check_reference,
    ("reader.yaml", "aggregator_credit"): check_aggregator,
    ("reader.yaml", "credit_in_text"): check_credit,
    ("reader.yaml", "unknown_credit"): check_unknown_credit,
    ("reader.yaml", "outlet_words"): check_outlet_word,
    ("reader.yaml", "headline_small_words"): check_headline,
    ("language.yaml", "scripts"): check_script,
}


def check_for(rule: Rule) -> Callable:
    file, section = re.match(r"([^:]+): (\w+)", rule.rule_id).groups()
    if (file, section) in CHECKS:
        return CHECKS[(file, section)]
    if isinstance(rule, DatelineForm):
        return check_dateline
    if isinstance(rule, Cue):
        return check_pattern
    if isinstance(rule, Language):
        return check_language
    return check_expectations


def _cases():
    for rule in rules.all_rules():
        for n, example in enumerate(rule.examples, 1):
            yield pytest.param(rule, example, True, id=f"{rule.rule_id}/example-{n}")
        for n, example in enumerate(rule.counter_examples, 1):
            yield pytest.param(rule, example, False, id=f"{rule.rule_id}/not-{n}")


@pytest.mark.parametrize(("rule", "example", "holds"), list(_cases()))
def test_rule_example(rule: Rule, example: Example, holds: bool) -> None:
    check = check_for(rule)
    if holds:
        check(rule, example)
    else:
        with pytest.raises(AssertionError):
            check(rule, example)
