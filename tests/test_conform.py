"""Extraction's output contract: a slip in one rule costs one value, never the build."""

import datetime as dt

from communique.extract.conform import conform
from communique.extract.facts import ArticleFacts, MeetingFact, OrgFact, PersonFact, Span
from communique.schema import iso_countries


def _facts() -> ArticleFacts:
    span = Span(0, 5, "Coast")
    facts = ArticleFacts("t-001", dt.date(2025, 6, 12))
    facts.organisations = [
        OrgFact("Ministry of Trade of Coastland", "ministry", "Abu Dhabi", spans=(span,)),
        OrgFact("Ministry of Trade of Laos", "ministry", "LAO", spans=(span,)),
    ]
    facts.people = [PersonFact(0, "Ana Ruiz", country="XXX", fallback_country="AZE")]
    facts.meetings = [
        MeetingFact(
            0, "visit", dt.date(2025, 6, 10), dt.date(2025, 6, 9), (0,), span, country="Baku"
        ),
        MeetingFact(
            1, "talks", dt.date(2025, 6, 10), dt.date(2025, 6, 11), (0,), span, country="LAO"
        ),
    ]
    return facts


def test_a_country_that_is_no_iso_code_is_dropped_and_the_fact_kept():
    facts = conform(_facts())
    assert [(o.name, o.country) for o in facts.organisations] == [
        ("Ministry of Trade of Coastland", None),
        ("Ministry of Trade of Laos", "LAO"),
    ]
    assert (facts.people[0].country, facts.people[0].fallback_country) == (None, "AZE")
    assert [m.country for m in facts.meetings] == [None, "LAO"]


def test_an_end_before_the_start_is_dropped():
    facts = conform(_facts())
    assert [m.end_date for m in facts.meetings] == [None, dt.date(2025, 6, 11)]


def test_country_codes_are_iso_alpha_3():
    countries = iso_countries()
    assert "AZE" in countries and "LAO" in countries
    assert "aze" not in countries and "AZ" not in countries and "ZZZ" not in countries
