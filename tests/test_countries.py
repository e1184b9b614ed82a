"""countries.yaml and states.yaml: every entry reads back as its state, and the names a state
gives its own bodies are the names published.

The files' own example sentences are run by test_rule_examples.py; this checks every entry
the examples cannot all cover.
"""

from __future__ import annotations

import pycountry
import pytest
from communique import rules
from communique.errors import RuleError
from communique.extract import lexicon as lexicon_module
from communique.extract.lexicon import fold, lexicon
from communique.rules import parse, read_file
from helpers_extract import facts_of, org_names, roles

COUNTRIES = rules.countries().countries
STATES = rules.states().states

#: The 193 member states of the United Nations and its two observer states.
_UN = """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH
    BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP
    CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU
    GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ
    KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS
    MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN
    PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC
    SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN
    TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE VAT PSE
"""
UN_STATES = frozenset(_UN.split())


def test_every_un_member_and_observer_state_is_listed():
    assert len(UN_STATES) == 195
    assert set(COUNTRIES) >= UN_STATES, sorted(UN_STATES - set(COUNTRIES))


@pytest.mark.parametrize("code", sorted(COUNTRIES))
def test_every_entry_reads_back_as_its_state(code):
    spec = COUNTRIES[code]
    lex = lexicon()
    assert pycountry.countries.get(alpha_3=code) is not None, "not an ISO 3166-1 code"
    for name in (spec.short, *spec.names):
        assert lex.country_of_name(name) == code, name
    assert lex.country_of_name(f"the {spec.short}") == code
    for adjective in spec.adjectives:
        assert lex.country_of_adjective(adjective) == code, adjective
        assert lex.country_of_adjective(f"{adjective}'s") == code, adjective
    short = lex.short_name(code)
    assert short == (f"the {spec.short}" if spec.the else spec.short)


@pytest.mark.parametrize(
    ("city", "code"),
    [
        ("Banjul", "GMB"),
        ("Apia", "WSM"),
        ("Majuro", "MHL"),
        ("Ulaanbaatar", "MNG"),
        ("Nukuʻalofa", "TON"),
        ("Port-of-Spain", "TTO"),
        ("Valletta", "MLT"),
    ],
)
def test_every_capital_is_a_city_of_its_state_however_small(city, code):
    assert lexicon().city(city)[1] == code


def test_a_listed_spelling_of_a_capital_is_a_city_of_its_state():
    for code, spec in COUNTRIES.items():
        for city in spec.cities:
            assert lexicon().city(city)[1] == code, city


def test_a_small_capital_as_dateline_gives_the_state():
    text = "She called on National Assembly Speaker Awa Jallow, the Foreign Ministry said."
    assert "National Assembly of the Gambia" in org_names(facts_of(text, dateline="Banjul"))
    assert org_names(facts_of(text, dateline="Apia")) >= {
        "National Assembly of Samoa",
        "Ministry of Foreign Affairs and Trade of Samoa",
    }


def test_a_demonym_of_several_words_is_read_as_one_phrase():
    facts = facts_of("Sri Lankan Foreign Minister Dilan Warakagoda met the delegation.")
    assert "Sri Lankan" not in [p.name for p in facts.people]
    assert roles(facts, "Dilan Warakagoda") == {
        ("Minister", "Ministry of Foreign Affairs of Sri Lanka")
    }
    north = facts_of("North Korean Ambassador Kwon Sol Dak met the delegation.", dateline=None)
    assert [p.country for p in north.people] == ["PRK"]


def test_a_state_whose_name_takes_the_article_keeps_it_in_body_names():
    facts = facts_of("The Embassy of the Netherlands in the Philippines hosted a concert.")
    assert "Embassy of the Netherlands in the Philippines" in org_names(facts)


def test_a_written_form_listed_for_two_states_is_refused(monkeypatch):
    data = read_file("countries.yaml")
    data["countries"]["NER"]["adjectives"] = ["Nigerien", "Nigerian"]
    monkeypatch.setattr(lexicon_module.rules, "countries", lambda: parse("countries.yaml", data))
    with pytest.raises(RuleError, match=r"countries\.yaml: countries \(adjectives\): 'nigerian'"):
        lexicon_module._countries()


def test_an_unknown_key_in_states_fails_loading():
    data = read_file("states.yaml")
    data["states"]["IND"]["foreign_minstry"] = data["states"]["IND"].pop("foreign_ministry")
    with pytest.raises(
        RuleError, match=r"states\.yaml: states\.IND: unknown key 'foreign_minstry'"
    ):
        parse("states.yaml", data)


def test_regions_are_named_once():
    names = [region.name for region in rules.countries().regions]
    assert len(set(names)) == len(names)


def test_every_state_of_states_yaml_is_a_state_of_countries_yaml():
    assert set(STATES) <= set(COUNTRIES)


# ---------------------------------------------------------------- foreign ministries


def test_a_state_without_an_entry_has_the_generic_foreign_ministry():
    assert lexicon().foreign_ministry_name("LAO") == "Ministry of Foreign Affairs of Laos"
    assert lexicon().foreign_ministry_name("IND") == "Ministry of External Affairs of India"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ministry of Foreign Affairs of India", "Ministry of External Affairs of India"),
        (
            "Protocol Department of the Ministry of Foreign Affairs of India",
            "Protocol Department of the Ministry of External Affairs of India",
        ),
        ("Ministry of Foreign Affairs of Laos", "Ministry of Foreign Affairs of Laos"),
        ("Embassy of India in Laos", "Embassy of India in Laos"),
        ("Ministry of Culture of India", "Ministry of Culture of India"),
    ],
)
def test_state_body_names(name, expected):
    code = "LAO" if name.endswith("Laos") else "IND"
    assert lexicon().state_body_name(name, code) == expected


def test_a_title_gives_the_post_in_the_states_own_ministry():
    facts = facts_of(
        "Kenyan Foreign Minister Otieno Kamau met Deputy Foreign Minister Arjun Sethi of India."
    )
    assert roles(facts, "Otieno Kamau") == {
        ("Minister", "Ministry of Foreign and Diaspora Affairs of Kenya")
    }
    assert roles(facts, "Arjun Sethi") == {
        ("Deputy Minister", "Ministry of External Affairs of India")
    }
    assert "Ministry of Foreign Affairs of Kenya" not in org_names(facts)


def test_the_ministry_named_both_ways_is_one_body():
    facts = facts_of(
        "Indian Foreign Minister Arjun Sethi spoke. The Ministry of External Affairs of India "
        "issued a statement."
    )
    assert [o.name for o in facts.organisations] == ["Ministry of External Affairs of India"]
    assert len(facts.organisations[0].spans) == 2


def test_a_fuller_name_the_article_gives_wins_over_the_states_own():
    text = (
        "The Ministry of Foreign Affairs and International Trade of Kenya hosted the talks. "
        "Kenyan Foreign Minister Otieno Kamau opened them."
    )
    facts = facts_of(text)
    assert roles(facts, "Otieno Kamau") == {
        ("Minister", "Ministry of Foreign Affairs and International Trade of Kenya")
    }


# ---------------------------------------------------------------- legislatures and parties


def test_a_legislature_of_states_yaml_is_its_states_by_its_generic_name_too():
    lex = lexicon()
    assert lex.called[("SAU", fold("Shura Council"))].name == "Majlis al-Shura"
    facts = facts_of("The Speaker of the Saudi Shura Council Turki Mubarrad received them.")
    assert roles(facts, "Turki Mubarrad") == {("Speaker", "Majlis al-Shura")}


def test_a_ruling_party_of_states_yaml_is_named_by_its_abbreviation():
    facts = facts_of("She met CCM Secretary General Juma Mushi.", dateline="Dodoma")
    assert "Chama Cha Mapinduzi" in org_names(facts)


def test_a_body_listed_in_both_rule_files_is_refused(monkeypatch):
    data = read_file("states.yaml")
    data["states"]["NOR"] = {
        "legislatures": [{"name": "Storting"}],
        "examples": ["The Storting approved the plan."],
    }
    monkeypatch.setattr(lexicon_module.rules, "states", lambda: parse("states.yaml", data))
    with pytest.raises(RuleError, match="'storting' is listed twice"):
        lexicon_module.lexicon.__wrapped__()
