"""Extraction's output contract: values the package's schemas constrain, checked once.

The rules that set a country or a date are many (lexicons, gazetteers, datelines, coreference);
a slip in any one of them must cost that one value, not the whole build: a package with one
invalid cell is refused by validation, and nothing is published. So the facts of an article
leave extraction only with values the schemas accept: a country that is no ISO 3166-1
alpha-3 code is dropped (the organisation, person or meeting stays, without a country), and a
meeting whose stated end comes before its start keeps its start only.
"""

from __future__ import annotations

import dataclasses

from communique.extract.facts import ArticleFacts
from communique.schema import iso_countries


def _country(code: str | None) -> str | None:
    return code if code in iso_countries() else None


def conform(facts: ArticleFacts) -> ArticleFacts:
    """``facts`` with every value the schemas would refuse dropped (see the module's note)."""
    facts.organisations = [
        org if _country(org.country) == org.country else dataclasses.replace(org, country=None)
        for org in facts.organisations
    ]
    for person in facts.people:
        person.country = _country(person.country)
        person.fallback_country = _country(person.fallback_country)
    facts.meetings = [
        dataclasses.replace(
            meeting,
            country=_country(meeting.country),
            end_date=meeting.end_date
            if meeting.end_date is None or meeting.end_date >= meeting.start_date
            else None,
        )
        for meeting in facts.meetings
    ]
    return facts
