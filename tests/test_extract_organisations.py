"""Organisations: recognised by head words, named in canonical form."""

from helpers_extract import facts_of, org_names


def test_plural_ministries_are_one_body_per_country():
    facts = facts_of(
        "Talks were held between the Ministries of Foreign Affairs of Azerbaijan and Laos."
    )
    assert {"Ministry of Foreign Affairs of Azerbaijan", "Ministry of Foreign Affairs of Laos"} <= (
        org_names(facts)
    )


def test_country_adjective_moves_to_of_country_for_state_bodies():
    facts = facts_of("The Lao National Assembly and the Azerbaijani Embassy in Hanoi agreed.")
    names = org_names(facts)
    assert "National Assembly of Laos" in names
    assert "Embassy of Azerbaijan in Vietnam" in names


def test_mfa_and_foreign_ministry_are_the_ministry_of_foreign_affairs():
    facts = facts_of("Trend reports via the Azerbaijani MFA. The Kazakh Foreign Ministry agreed.")
    assert {
        "Ministry of Foreign Affairs of Azerbaijan",
        "Ministry of Foreign Affairs of Kazakhstan",
    } <= (org_names(facts))


def test_acronym_in_parentheses_is_the_abbreviation_and_expands_later():
    facts = facts_of(
        "Both are members of the Organisation of Fictional Harbours (OFH). Later the OFH met again."
    )
    (org,) = [o for o in facts.organisations if o.abbreviation == "OFH"]
    assert org.name == "Organisation of Fictional Harbours"
    assert org.kind == "international_organisation"
    assert len(org.spans) == 2


def test_party_names_keep_their_adjective_and_get_a_country():
    facts = facts_of("The Lao People’s Revolutionary Party and the New Azerbaijan Party met.")
    orgs = {o.name: o for o in facts.organisations}
    assert orgs["Lao People's Revolutionary Party"].country == "LAO"
    assert orgs["Lao People's Revolutionary Party"].kind == "political_party"
    assert orgs["New Azerbaijan Party"].country == "AZE"


def test_committee_of_a_parliament_has_it_as_parent_and_its_kind():
    facts = facts_of("She chaired the Budget Committee of the Grand National Assembly of Türkiye.")
    orgs = {o.name: o for o in facts.organisations}
    committee = orgs["Budget Committee of the Grand National Assembly of Türkiye"]
    assert committee.parent == "Grand National Assembly of Türkiye"
    assert committee.kind == "legislature"
    assert orgs["Grand National Assembly of Türkiye"].country == "TUR"


def test_international_bodies_have_no_country():
    facts = facts_of("Cooperation within the Non-Aligned Movement and the United Nations grew.")
    orgs = {o.name: o for o in facts.organisations}
    assert orgs["Non-Aligned Movement"].country is None
    assert orgs["United Nations"].kind == "international_organisation"


def test_quoted_titles_and_generic_words_are_not_bodies():
    facts = facts_of(
        "He spoke at a forum on “Status of the Prosecutor’s Office” and thanked the Party."
    )
    assert org_names(facts) == set()


def test_named_legislature_without_head_word():
    facts = facts_of("The Milli Majlis hosted the guests.")
    (org,) = facts.organisations
    assert (org.name, org.kind, org.country) == ("Milli Majlis", "legislature", "AZE")


def test_kind_comes_from_the_first_head_word():
    facts = facts_of(
        "He visited the Ministry of Foreign Affairs and International Cooperation of Cambodia "
        "and the Lao-Thai Joint Commission on Bilateral Cooperation."
    )
    kinds = {o.name: o.kind for o in facts.organisations}
    assert kinds["Ministry of Foreign Affairs and International Cooperation of Cambodia"] == (
        "ministry"
    )
    assert kinds["Lao-Thai Joint Commission on Bilateral Cooperation"] == "other"
