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
        "He spoke at a forum on “Status of the Prosecutor’s Office” and thanked the Party.",
        dateline=None,
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
    # a commission named by two states serves neither alone
    assert kinds["Lao-Thai Joint Commission on Bilateral Cooperation"] == (
        "international_organisation"
    )


# ---------------------------------------------------------------- bodies as real news names them
# (invented sentences of the error classes in ../shared/eval/error-classes.md)


def test_the_party_is_the_ruling_party_of_the_country_in_context():
    facts = facts_of("He thanked the Party and Government of Laos for their support.")
    assert {"Lao People's Revolutionary Party", "Government of Laos"} <= org_names(facts)
    facts = facts_of("The Party sent greetings.", dateline="Hanoi")
    assert org_names(facts) == {"Communist Party of Vietnam"}


def test_a_bare_party_of_a_state_without_known_ruling_party_is_no_body():
    facts = facts_of(
        "Deputy Minister Ana Ferrer met Party General Secretary and State President of "
        "Valdoria Arno Vell.",
        dateline=None,
    )
    assert not any("Party" in name for name in org_names(facts))


def test_party_state_and_people_is_a_formula_not_a_body():
    facts = facts_of("She expressed gratitude to the Ghanaian Party, State and people.")
    assert org_names(facts) == set()


def test_bare_state_bodies_take_the_country_of_the_dateline_or_are_dropped():
    text = (
        "In Nairobi, she called on National Assembly Speaker Mary Atieno, the Foreign "
        "Ministry told Savanna Press."
    )
    # Kenya's foreign ministry under its own name (states.yaml)
    assert {"National Assembly of Kenya", "Ministry of Foreign and Diaspora Affairs of Kenya"} <= (
        org_names(facts_of(text, dateline="Nairobi"))
    )
    assert org_names(facts_of(text, dateline=None)) == set()


def test_a_bare_body_is_the_fuller_one_the_article_names():
    facts = facts_of(
        "Chairman of the Senate of the Oliy Majlis Dilbar Tursunova met the guests. Also "
        "present was the chairman of the Committee on Foreign Policy Issues of the Senate.",
        dateline=None,
    )
    assert "Committee on Foreign Policy Issues of the Senate of the Oliy Majlis" in (
        org_names(facts)
    )
    assert "Senate" not in org_names(facts)


def test_a_name_after_the_body_is_a_person_not_part_of_it():
    facts = facts_of(
        "The guests then held separate meetings with Deputy Speaker of the Chilean Senate "
        "Marta Rojas and Chilean Foreign Minister Pablo Ibáñez."
    )
    names = org_names(facts)
    assert "Senate of Chile" in names
    assert not any("Rojas" in n or n.endswith("Chilean") for n in names)


def test_an_organ_and_the_next_title_are_two_things():
    facts = facts_of(
        "He met Pedro Soto, general secretary of the Socialist Party of Chile Central "
        "Committee and Chilean president."
    )
    assert "Socialist Party of Chile" in org_names(facts)
    assert not any(n.endswith(("and Chilean", "Chilean president")) for n in org_names(facts))


def test_possessive_sub_bodies_are_named_after_their_owner():
    one = facts_of("He met members of the Chilean Senate's Committee on Foreign Relations.")
    two = facts_of("He met members of the Committee for Foreign Ties of Chile's Senate.")
    assert "Committee on Foreign Relations of the Senate of Chile" in org_names(one)
    assert "Committee for Foreign Relations of the Senate of Chile" in org_names(two)
    from communique.resolve import org_key

    assert org_key("Committee on Foreign Relations of the Senate of Chile") == org_key(
        "Committee for Foreign Relations of the Senate of Chile"
    )


def test_party_organs_with_the_central_committee():
    facts = facts_of(
        "Ana Ruiz, member of the Political Bureau of the C.C., Socialist Party of Chile, and "
        "Chairman of the Party Central Committee's Economic Commission Tomás Rivas met.",
        dateline="Havana",
    )
    names = org_names(facts)
    assert "Political Bureau of the Central Committee of the Socialist Party of Chile" in names
    assert "Economic Commission of the Central Committee of the Communist Party of Cuba" in names


def test_buildings_treaties_and_events_are_no_bodies():
    facts = facts_of(
        "The talks at Government House touched on the Treaty on Trade and Cooperation and on "
        "the coming People's Union Congress."
    )
    assert org_names(facts) == set()


def test_acronym_led_international_bodies_have_no_country():
    facts = facts_of(
        "Accra, May 3 – He called for cooperation with the ECOWAS Parliament and the AU "
        "Commission.",
        dateline="Accra",
    )
    orgs = {o.name: o for o in facts.organisations}
    for name in ("ECOWAS Parliament", "AU Commission"):
        assert orgs[name].kind == "international_organisation"
        assert orgs[name].country is None


def test_country_spellings_in_body_names_are_one_country():
    one = facts_of("The National Assembly of Côte d'Ivoire approved the plan.")
    two = facts_of("The Ivorian National Assembly approved the plan.")
    assert org_names(one) == org_names(two) == {"National Assembly of Côte d'Ivoire"}


def test_generic_and_proper_names_of_a_legislature_are_one():
    one = facts_of("Speaker of the Norwegian Parliament Ingrid Dahl received them.")
    two = facts_of("The Storting approved the plan.")
    assert org_names(one) == org_names(two) == {"Storting"}


def test_dash_joined_bilateral_bodies_are_kept_whole():
    facts = facts_of("They opened the 12th session of the Peru – Chile Joint Border Commission.")
    (org,) = facts.organisations
    assert org.name == "Peru–Chile Joint Border Commission"
    assert (org.kind, org.country) == ("international_organisation", None)


def test_a_body_named_for_two_states_further_in_serves_neither():
    facts = facts_of("He chaired the Steering Committee for Chile-Peru Cooperation in Lima.")
    (org,) = facts.organisations
    assert org.name == "Steering Committee for Chile-Peru Cooperation"
    assert (org.kind, org.country) == ("international_organisation", None)


def test_bodies_named_after_a_person_keep_the_name():
    facts = facts_of(
        "Delegates toured the Nelson Mandela Foundation's archive and the Kim Il Sung University."
    )
    assert {"Nelson Mandela Foundation", "Kim Il Sung University"} <= org_names(facts)


def test_a_title_inside_a_body_name():
    facts = facts_of("Trend reports via the Prosecutor General's Office.", dateline="Baku")
    (org,) = facts.organisations
    assert (org.name, org.kind) == ("Prosecutor General's Office of Azerbaijan", "judiciary")


def test_plural_bodies_of_several_states():
    facts = facts_of("Consultations between the Foreign Ministries of Peru and Chile resumed.")
    assert org_names(facts) == {
        "Ministry of Foreign Affairs of Peru",
        "Ministry of Foreign Affairs of Chile",
    }
    assert org_names(facts_of("The two Foreign Ministries agreed.")) == set()


def test_a_country_and_a_preposition_open_no_body():
    facts = facts_of("He congratulated Peru on the National Assembly's decision.", dateline=None)
    assert not any(n.startswith("Peru") for n in org_names(facts))


def test_headline_words_end_a_body_name():
    facts = facts_of("Coastal Union Delegation Visits Various Places", dateline=None)
    assert org_names(facts) == {"Coastal Union"}


def test_one_word_naming_an_organ_and_its_party_gives_a_valid_package(tmp_path):
    """ "Politburo" names the Political Bureau and implies the party; "Party" is read with
    the dateline's country in one place and the person's in another: every body keeps a
    mention of its own, and the package validates."""
    from communique.pipeline import build
    from communique.validate import format_report, validate_package
    from corpus_helpers import write_corpus

    story = (
        " date 2025-03-18 Hanoi, March 18 (VNA)\n\n"
        "Politburo member and Head of the Party Central Committee's Economic Commission "
        "Tran Van Minh on Monday received Party General Secretary and President of Laos "
        "Orvan Telliqa in Hanoi.\n\n"
        "Minh said the Party and Government of Laos were close friends.\n"
    )
    corpus = write_corpus(tmp_path / "articles", {"p": story})
    out = tmp_path / "package"
    build(corpus, out)
    problems = validate_package(out, corpus)
    assert problems == [], format_report(problems)


def test_the_central_committee_of_a_party_written_c_c():
    facts = facts_of(
        "Choe Man Gil, member of the Political Bureau of the C.C., WPK, met the director of "
        "the International Department of the C.C., Coastal Workers' Party.",
        dateline="Pyongyang",
    )
    names = org_names(facts)
    assert "Political Bureau of the Central Committee of the Workers' Party of Korea" in names
    assert (
        "International Department of the Central Committee of the Coastal Workers' Party" in names
    )
    assert not any(n.startswith("Central Committee") for n in names)


def test_member_states_inside_a_name():
    facts = facts_of("They met within the Parliamentary Union of the OIC Member States.")
    assert org_names(facts) == {"Parliamentary Union of the OIC Member States"}


def test_a_body_before_the_first_of_two_titles_is_the_first_titles():
    from helpers_extract import roles

    facts = facts_of(
        "The delegation is led by Politburo member and Head of the Coastal Party Central "
        "Committee's Organisation Commission Orvan Telliqa.",
        dateline="Havana",
    )
    assert roles(facts, "Orvan Telliqa") == {
        ("Member", "Political Bureau of the Central Committee of the Communist Party of Cuba"),
        ("Head", "Organisation Commission of the Coastal Party Central Committee"),
    }


def test_a_title_reading_the_start_of_a_longer_name_holds_the_longer_one():
    from helpers_extract import roles

    facts = facts_of(
        "She met Dagny Vexmoor, head of the Storting group for inter-parliamentary relations "
        "with Laos.",
        dateline=None,
    )
    assert roles(facts, "Dagny Vexmoor") == {
        ("Head", "Group for Inter-Parliamentary Relations with Laos of the Storting")
    }


def test_a_known_international_acronym_stays_as_written_inside_a_name():
    facts = facts_of(
        "The Gulf Cooperation Council (GCC) met. Later the GCC Ministerial Council met.",
        dateline="Doha",
    )
    kinds = {o.name: (o.kind, o.country) for o in facts.organisations}
    assert kinds["GCC Ministerial Council"] == ("international_organisation", None)
    assert "Gulf Cooperation Council Ministerial Council" not in kinds


def test_a_building_of_a_body_is_the_body():
    facts = facts_of(
        "He received them at the Ministry of Foreign Affairs' headquarters in Abu Dhabi, "
        "then at the Coastal Union's Headquarters.",
        dateline="Abu Dhabi",
    )
    names = org_names(facts)
    assert "Ministry of Foreign Affairs of the United Arab Emirates" in names  # countries.yaml: the
    assert "Coastal Union" in names
    assert not [n for n in names if "Headquarters" in n]


def test_the_fields_of_a_title_listed_with_commas_are_no_body():
    facts = facts_of(
        "Mr Jobe, Minister of Foreign Affairs, International Cooperation and Gambians Abroad, "
        "arrived on Tuesday.",
        dateline="Dakar",
    )
    assert not [n for n in org_names(facts) if n.startswith("International")]


def test_a_foreign_office_is_the_foreign_ministry_of_the_country_in_context():
    facts = facts_of("She held talks with him at the Foreign Office.", dateline="Islamabad")
    assert org_names(facts) == {"Ministry of Foreign Affairs of Pakistan"}


def test_the_bare_name_of_a_body_named_by_its_states_is_that_body():
    facts = facts_of(
        "They co-chaired the 7th session of the Chile – Peru Joint Commission for Cooperation. "
        "The next session of the Joint Commission will be held in Lima.",
        dateline="Santiago",
    )
    (org,) = facts.organisations
    assert org.name == "Chile–Peru Joint Commission for Cooperation"
    assert len(org.spans) == 2
    # no states before the words: a body of its own
    other = facts_of("The Coastal Islands Forum Secretariat and the Coastal Islands Forum met.")
    assert len(other.organisations) == 2


def test_the_city_a_joint_body_meets_in_is_no_part_of_its_name():
    facts = facts_of(
        "They agreed to hold a meeting of the Peru – Bolivia Binational Cabinet in La Paz.",
        dateline="Lima",
    )
    (org,) = facts.organisations
    assert (org.name, org.kind, org.country) == (
        "Peru–Bolivia Binational Cabinet",
        "international_organisation",
        None,
    )
