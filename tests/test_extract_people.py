"""People and their titles, in the shapes news articles use."""

from helpers_extract import facts_of, person, roles


def test_title_before_name_with_ministry():
    facts = facts_of("Deputy Minister of Foreign Affairs of Kazakhstan Aidos Berikbayev arrived.")
    assert person(facts, "Aidos Berikbayev").country == "KAZ"
    assert roles(facts, "Aidos Berikbayev") == {
        ("Deputy Minister", "Ministry of Foreign Affairs of Kazakhstan")
    }


def test_title_after_name_in_apposition():
    facts = facts_of(
        "He met Vilayvone Sengdara, Vice President of the National Assembly of Laos, on Monday."
    )
    assert roles(facts, "Vilayvone Sengdara") == {("Vice President", "National Assembly of Laos")}
    assert person(facts, "Vilayvone Sengdara").country == "LAO"


def test_country_adjective_and_foreign_minister():
    facts = facts_of("Lao Foreign Minister Bounthanh Xaysomphou welcomed the guests.")
    assert roles(facts, "Bounthanh Xaysomphou") == {
        ("Minister", "Ministry of Foreign Affairs of Laos")
    }


def test_ambassador_of_a_to_b_is_the_embassy_of_a_in_b():
    facts = facts_of("Ambassador of Azerbaijan to Thailand Rauf Guliyev presented the plan.")
    assert roles(facts, "Rauf Guliyev") == {("Ambassador", "Embassy of Azerbaijan in Thailand")}
    assert person(facts, "Rauf Guliyev").country == "AZE"


def test_president_of_a_country_holds_the_post_in_its_government():
    facts = facts_of("President of the Lao PDR Somsanith Keovilay received the letter.")
    assert roles(facts, "Somsanith Keovilay") == {("President", "Government of Laos")}


def test_two_titles_joined_by_and():
    facts = facts_of(
        "Cambodian Deputy Prime Minister and Foreign Minister Sokha Vannarith attended."
    )
    assert roles(facts, "Sokha Vannarith") == {
        ("Deputy Prime Minister", "Government of Cambodia"),
        ("Minister", "Ministry of Foreign Affairs and International Cooperation of Cambodia"),
    }


def test_former_titles_are_not_roles():
    facts = facts_of(
        "The panel was moderated by Farhad Aliyarov, Rector of Caspian Pilot University "
        "and former Ambassador of Azerbaijan to Japan."
    )
    assert roles(facts, "Farhad Aliyarov") == {("Rector", "Caspian Pilot University")}


def test_honorifics_are_dropped_and_surnames_resolved():
    facts = facts_of(
        "Deputy Minister of Foreign Affairs of Laos Khamvanh Phetsamone met the guests. "
        "H.E. Mr. Khamvanh Phetsamone thanked them. Mr Khamvanh then left, and Phetsamone "
        "spoke again."
    )
    assert [p.name for p in facts.people] == ["Khamvanh Phetsamone"]
    texts = [s.text for s in person(facts, "Khamvanh Phetsamone").spans]
    assert "H.E." not in " ".join(texts)
    assert texts.count("Khamvanh") == 1 and texts.count("Phetsamone") == 1


def test_counterpart_gets_the_country_of_the_adjective():
    facts = facts_of(
        "Deputy Foreign Minister of Azerbaijan Rashad Mirzali met his Lao counterpart "
        "Sengphet Vongkham."
    )
    assert person(facts, "Sengphet Vongkham").country == "LAO"


def test_respelled_surname_with_same_post_and_country_is_the_same_person():
    facts = facts_of(
        "Lao Foreign Minister Thongvanh Phommasane met the guests. Later, Laos Foreign "
        "Minister Fommasan gave a speech."
    )
    assert [p.name for p in facts.people] == ["Thongvanh Phommasane"]
    assert "Fommasan" in [s.text for s in facts.people[0].spans]


def test_people_named_in_a_list_keep_their_own_titles():
    facts = facts_of(
        "Thai Foreign Minister Anan Chaiyasit, Lao Foreign Minister Sone Vilaysack and "
        "Vietnamese Deputy Foreign Minister Tran Van Khoa attended the meeting."
    )
    assert roles(facts, "Anan Chaiyasit") == {
        ("Minister", "Ministry of Foreign Affairs of Thailand")
    }
    assert roles(facts, "Sone Vilaysack") == {("Minister", "Ministry of Foreign Affairs of Laos")}
    assert person(facts, "Tran Van Khoa").country == "VNM"


def test_delegation_country_goes_to_its_leader():
    facts = facts_of(
        "A delegation from Azerbaijan, led by Deputy Minister of Foreign Affairs Kamran "
        "Huseynli, visited Laos on May 3-4, 2025."
    )
    assert person(facts, "Kamran Huseynli").country == "AZE"
    assert roles(facts, "Kamran Huseynli") == {
        ("Deputy Minister", "Ministry of Foreign Affairs of Azerbaijan")
    }


def test_capitalised_places_and_bodies_are_not_people():
    facts = facts_of(
        "During his stay in Baku, he visited the Alley of Martyrs and the Old City, and "
        "discussed the Middle Corridor with the Azerbaijan-Laos Friendship Association."
    )
    assert facts.people == []


def test_a_possessive_before_the_title_names_the_body():
    facts = facts_of(
        "The delegation visited the National University of Laos, where it was welcomed by "
        "the university's Vice President, Dr Somsak Phanthavong."
    )
    assert roles(facts, "Somsak Phanthavong") == {("Vice President", "National University of Laos")}


def test_people_only_mentioned_count_but_places_do_not():
    facts = facts_of(
        "He laid a wreath at the grave of national leader Rustam Aliyarov, then travelled to "
        "the northern province of Quang Binh and to Vang Nuea district."
    )
    assert [p.name for p in facts.people] == ["Rustam Aliyarov"]


def test_its_before_a_title_is_the_body_just_named():
    facts = facts_of(
        "He visited the Lao National Chamber of Commerce and Industry, where he was received "
        "by its President Bounmy Sengsouk.",
        dateline="Baku",
    )
    assert roles(facts, "Bounmy Sengsouk") == {
        ("President", "Lao National Chamber of Commerce and Industry")
    }
    assert person(facts, "Bounmy Sengsouk").country == "LAO"


def test_names_of_memorials_and_streets_are_not_people():
    facts = facts_of("He laid a wreath at the Somsak Keola Memorial on Sisavang Vong Avenue.")
    assert facts.people == []


# ---------------------------------------------------------------- names as real text (class 1)


def test_english_word_kept_inside_a_name_after_a_title():
    facts = facts_of(
        "Singaporean Senior Minister of State He Wenbo met the visiting delegation on Tuesday."
    )
    assert roles(facts, "He Wenbo") == {("Senior Minister of State", "Government of Singapore")}
    assert person(facts, "He Wenbo").country == "SGP"


def test_everyday_given_name_after_a_portfolio():
    facts = facts_of(
        "Zambian Deputy Minister of Finance Gift Musonda signed the agreement, and Musonda "
        "later briefed the press."
    )
    assert [p.name for p in facts.people] == ["Gift Musonda"]
    assert roles(facts, "Gift Musonda") == {("Deputy Minister", "Ministry of Finance of Zambia")}


def test_given_name_not_glued_to_the_body_before_it():
    facts = facts_of(
        "On Friday President Luis Mora met the chair of the Pan-African Parliament Grace Wambui."
    )
    assert roles(facts, "Grace Wambui") == {("Chairman", "Pan-African Parliament")}
    assert "Pan-African Parliament" in {o.name for o in facts.organisations}


def test_three_word_names_with_function_words():
    facts = facts_of(
        "Party General Secretary and State President Lê Minh An on Monday received Vice "
        "Chairwoman To Thi Mai Huong and Ambassador Hoang Van Man."
    )
    names = {p.name for p in facts.people}
    assert {"Lê Minh An", "To Thi Mai Huong", "Hoang Van Man"} <= names


def test_everyday_word_inside_a_run_of_name_words():
    facts = facts_of(
        "Present there were Pak Hye Song, vice department director of the Union Party, and "
        "Ri Song Chol."
    )
    names = {p.name for p in facts.people}
    assert {"Pak Hye Song", "Ri Song Chol"} <= names


def test_title_case_headline_gives_capitals_no_weight():
    facts = facts_of("Lao Party Delegation Visits Various Places")
    assert not facts.people


# ---------------------------------------------------------------- abbreviations, honorifics (4)


def test_abbreviated_titles_are_titles():
    facts = facts_of(
        "Prime Minister Otieno Wafula of Kenya hosted the envoy. PM Wafula said the talks were "
        "frank. Kenyan FM Kalinda Mwape thanked his hosts; Norwegian Deputy PM Lena Moe "
        "attended the dinner."
    )
    assert "PM Wafula" not in {p.name for p in facts.people}
    assert roles(facts, "Otieno Wafula") == {("Prime Minister", "Government of Kenya")}
    assert roles(facts, "Kalinda Mwape") == {
        ("Minister", "Ministry of Foreign and Diaspora Affairs of Kenya")
    }
    assert roles(facts, "Lena Moe") == {("Deputy Prime Minister", "Government of Norway")}


def test_abbreviations_match_only_in_capitals():
    facts = facts_of("The session closed at 4 pm and Otieno Wafula left.")
    assert not any(p.roles or p.pending_roles for p in facts.people)


def test_honorifics_comrade_samdech_lok_chumteav():
    facts = facts_of(
        "The delegation conveyed the greetings of Comrade Arno Vell. Samdech Men Sothea, "
        "President of the Senate of Cambodia, and Lok Chumteav Long Sreypov attended."
    )
    names = {p.name for p in facts.people}
    assert {"Arno Vell", "Men Sothea", "Long Sreypov"} <= names
    assert not any(n.startswith(("Comrade", "Samdech", "Lok")) for n in names)


def test_he_is_an_honorific_only_in_capitals():
    facts = facts_of("HE Kestrin Vollaby thanked the hosts. He Wenbo of Singapore replied.")
    assert {"Kestrin Vollaby", "He Wenbo"} <= {p.name for p in facts.people}


# ---------------------------------------------------------------- title lexicon (6)


def test_chief_prosecutor_and_surname():
    facts = facts_of(
        "Dawit Bekele, Chief Prosecutor of the Federal Attorney General's Office of Ethiopia, "
        "led the delegation. Chief Prosecutor Bekele praised the forum."
    )
    assert [p.name for p in facts.people] == ["Dawit Bekele"]
    assert {t for t, _ in roles(facts, "Dawit Bekele")} == {"Chief Prosecutor"}


def test_first_vice_president_and_acting_foreign_minister():
    facts = facts_of(
        "First Vice-President of Zambia Mercy Phiri and Chilean Acting Foreign Minister "
        "Tomás Rivas attended."
    )
    assert roles(facts, "Mercy Phiri") == {("First Vice President", "Government of Zambia")}
    assert roles(facts, "Tomás Rivas") == {
        ("Acting Minister", "Ministry of Foreign Affairs of Chile")
    }


def test_vice_premier_is_deputy_prime_minister():
    facts = facts_of("Ghanaian Vice-Premier Kofi Asante attended the opening.")
    assert roles(facts, "Kofi Asante") == {("Deputy Prime Minister", "Government of Ghana")}


def test_prosecutor_general_of_a_country_heads_its_office():
    facts = facts_of("Prosecutor General of Chile Raúl Vidal hosted his Bolivian colleagues.")
    assert roles(facts, "Raúl Vidal") == {
        ("Prosecutor General", "Prosecutor General's Office of Chile")
    }


# ---------------------------------------------------------------- artifacts, things, possessives


def test_stray_letter_after_a_name_is_dropped():
    facts = facts_of(
        "Chairman of the Senate of Chile Ana Ruiz I discussed the plan. Ana Ruiz left."
    )
    assert [p.name for p in facts.people] == ["Ana Ruiz"]


def test_capitalised_pairs_without_person_evidence_are_not_people():
    facts = facts_of(
        "Praising Quito as a lively capital, she toured the Old Town and learned about the "
        "Comet X vaccine programme."
    )
    assert not facts.people


def test_possessive_is_never_kept_in_a_name():
    facts = facts_of(
        "Chilean Foreign Minister Tomás Rivas arrived. "
        "Ana Ruiz said Tomás Rivas’s visit was timely."
    )
    assert "Tomás Rivas" in {p.name for p in facts.people}
    assert not any("’s" in p.name or "'s" in p.name for p in facts.people)


def test_countries_in_the_possessive_are_not_people():
    facts = facts_of("Costa Rica's ambassador and Sri Lanka's minister thanked Chairman Ana Ruiz.")
    assert {p.name for p in facts.people} == {"Ana Ruiz"}


# ---------------------------------------------------------------- lists of titles (6, 18)


def test_comma_separated_titles_before_a_name_are_all_read():
    facts = facts_of(
        "The minister met Deputy Prime Minister, Minister of Foreign Affairs of Peru Rosa "
        "Quispe on Monday."
    )
    assert roles(facts, "Rosa Quispe") == {
        ("Deputy Prime Minister", "Government of Peru"),
        ("Minister", "Ministry of Foreign Affairs of Peru"),
    }


def test_titles_with_their_own_complements_in_apposition():
    facts = facts_of(
        "Ana Ruiz, candidate member of the Executive Committee and head of the Foreign "
        "Relations Department of the Socialist Party of Chile, called on the president."
    )
    titles = {t for t, _ in roles(facts, "Ana Ruiz")}
    assert titles == {"Candidate Member", "Head"}


def test_body_before_the_first_title_is_not_the_body_of_the_second():
    facts = facts_of(
        "Party General Secretary and State President of Zambia Arno Vell received the guests."
    )
    assert all(o != "Party" for t, o in roles(facts, "Arno Vell") if t == "President")


def test_nationality_is_distributed_over_coordinated_titles():
    facts = facts_of(
        "Kenyan Prime Minister Otieno Wafula and Vice President Achieng Njeri arrived in Santiago."
    )
    assert person(facts, "Achieng Njeri").country == "KEN"
    assert roles(facts, "Achieng Njeri") == {("Vice President", "Government of Kenya")}


# ---------------------------------------------------------------- bodies and states (13, 20, 25)


def test_outgoing_is_not_former():
    facts = facts_of(
        "The minister bade farewell to outgoing Nepalese Ambassador to Chile Hari Thapa."
    )
    assert roles(facts, "Hari Thapa") == {("Ambassador", "Embassy of Nepal in Chile")}


def test_ambassador_host_from_the_place_of_the_meeting():
    facts = facts_of(
        "Azerbaijani Ambassador Elchin Rustamov met Deputy Foreign Minister Andrei Volkov "
        "of Russia in Moscow on Monday.",
        dateline=None,
    )
    assert roles(facts, "Elchin Rustamov") == {("Ambassador", "Embassy of Azerbaijan in Russia")}


def test_ambassador_host_from_the_dateline():
    facts = facts_of(
        "Ghanaian Ambassador Kofi Mensah presented his letters of credence on 4 June.",
        dateline="Montevideo",
    )
    assert roles(facts, "Kofi Mensah") == {("Ambassador", "Embassy of Ghana in Uruguay")}


def test_greetings_of_a_leader_make_him_of_the_envoys_state():
    facts = facts_of(
        "Ghanaian Senator Kofi Asante conveyed the greetings of President Ama Boateng to "
        "President Clara Ortiz.",
        dateline="Montevideo",
    )
    assert person(facts, "Ama Boateng").country == "GHA"
    assert roles(facts, "Ama Boateng") == {("President", "Government of Ghana")}


def test_side_represented_by_gives_the_country():
    facts = facts_of(
        "The Chilean delegation was led by Deputy Foreign Minister Ana Soto, while the "
        "Peruvian side was represented by Deputy Foreign Minister Luis Prado.",
        dateline=None,
    )
    assert roles(facts, "Luis Prado") == {
        ("Deputy Minister", "Ministry of Foreign Affairs of Peru")
    }
    assert roles(facts, "Ana Soto") == {("Deputy Minister", "Ministry of Foreign Affairs of Chile")}


def test_body_headed_by_a_title_and_name():
    facts = facts_of(
        "Delegates of the Socialist Party of Chile, headed by General Secretary Luis Mora, "
        "arrived. The minister welcomed prosecutors from Peru's Public Ministry, whose "
        "delegation was led by Prosecutor General Ana Soto."
    )
    assert roles(facts, "Luis Mora") == {("General Secretary", "Socialist Party of Chile")}
    assert roles(facts, "Ana Soto") == {("Prosecutor General", "Public Ministry of Peru")}


def test_title_name_of_the_body():
    facts = facts_of(
        "Also present was Chairman Bahrom Karimov of the Committee on Foreign Affairs of the "
        "Senate of Uzbekistan."
    )
    ((title, org),) = roles(facts, "Bahrom Karimov")
    assert title == "Chairman" and org.startswith("Committee on Foreign Affairs")


def test_title_before_a_description_between_commas():
    facts = facts_of(
        "Vannaseng held talks with Chairman of the Senate of Kazakhstan, the upper house of "
        "Kazakhstan's Parliament, Aidos Temirkhan."
    )
    assert roles(facts, "Aidos Temirkhan") == {("Chairman", "Senate of Kazakhstan")}


def test_title_in_apposition_to_the_name_before_it_is_not_the_next_ones():
    facts = facts_of(
        "At the invitation of Mr. Kofi Mensah, Minister of Foreign Affairs of Ghana, Mr. Hugo "
        "Benítez, Minister of Foreign Affairs of Paraguay, visited Accra."
    )
    assert roles(facts, "Hugo Benítez") == {("Minister", "Ministry of Foreign Affairs of Paraguay")}


def test_implied_body_takes_the_fuller_name_the_article_gives():
    facts = facts_of(
        "The Secretary of State of the Ministry of Foreign Affairs and International "
        "Cooperation of Cambodia attended. Cambodian Foreign Minister Sok Vanna spoke."
    )
    assert roles(facts, "Sok Vanna") == {
        ("Minister", "Ministry of Foreign Affairs and International Cooperation of Cambodia")
    }


def test_prosecutor_general_of_a_country_is_in_its_named_prosecution_service():
    facts = facts_of(
        "Mammadov received the delegation of the Supreme People's Prosecutor's Office of Laos. "
        "Deputy Prosecutor General of Laos Khamla Vongsa also attended."
    )
    ((title, org),) = roles(facts, "Khamla Vongsa")
    assert title == "Deputy Prosecutor General" and "Prosecutor's Office" in org


def test_name_like_words_of_a_body_after_the_are_no_person():
    facts = facts_of(
        "She is chairman of the Propaganda and Training Commission of the Union Party."
    )
    assert not facts.people


def test_truncated_name_is_the_full_name_with_the_same_title():
    facts = facts_of("Chairman Luis Mor of Chile spoke first. Later Chairman Luis Mora left.")
    assert [p.name for p in facts.people] == ["Luis Mora"]


def test_a_city_written_in_syllables_is_no_person():
    facts = facts_of("In a meeting in Hà Nội on Tuesday, the two sides agreed.")
    assert not facts.people


def test_everyday_given_name_in_a_list_of_names_with_their_countries():
    facts = facts_of(
        "Among them were Ramin Gurbanli of Azerbaijan, Gift Mwansa of Zambia and He Jiawei "
        "of Singapore."
    )
    assert {p.name: p.country for p in facts.people} == {
        "Ramin Gurbanli": "AZE",
        "Gift Mwansa": "ZMB",
        "He Jiawei": "SGP",
    }


def test_first_of_two_titles_keeps_the_body_before_it():
    facts = facts_of(
        "A delegation was led by Politburo member and Head of the Union Party Central "
        "Committee's Organisation Commission Kofi Asante."
    )
    titles = {t for t, _ in roles(facts, "Kofi Asante")}
    assert titles == {"Member", "Head"}
    assert len({o for _, o in roles(facts, "Kofi Asante")}) == 2


def test_body_after_an_abbreviation_and_a_comma():
    facts = facts_of(
        "They were greeted by Ri Song Chol, director of the International Department of the "
        "C.C., Workers' Party of Korea (WPK), and officials."
    )
    ((title, org),) = roles(facts, "Ri Song Chol")
    assert title == "Director" and org.startswith("International Department")
    assert "Workers' Party of Korea" in org


def test_title_in_a_relative_clause_after_the_name():
    facts = facts_of(
        "Mr Togrul Rustamov, who is also Azerbaijan's Ambassador to Vietnam and resides in "
        "Hanoi, thanked the hosts. Pedro Soto, who was the head of the mission, left."
    )
    assert roles(facts, "Togrul Rustamov") == {("Ambassador", "Embassy of Azerbaijan in Vietnam")}
    assert roles(facts, "Pedro Soto") == set()


# ---------------------------------------------------------------- names and posts of other regions


def test_hyphenated_surnames_and_particles_are_part_of_the_name():
    facts = facts_of(
        "Lao Speaker Orvan Mensah-Telliqa met Vice Minister of Foreign Affairs Kestrin bin "
        "Tavik Al-Vollaby and Minister Liora Maria da Costa Penhallow during their visit."
    )
    names = {p.name for p in facts.people}
    assert {"Orvan Mensah-Telliqa", "Kestrin bin Tavik Al-Vollaby"} <= names
    assert "Liora Maria da Costa Penhallow" in names


def test_long_honorific_with_full_stops_and_everyday_given_name():
    facts = facts_of(
        "The Rt. Hon. Joseph Orvan Telliqa, Speaker of Parliament of Ghana, received the "
        "Secretary General of the Council, Grace Liora Penhallow, on Monday."
    )
    names = {p.name for p in facts.people}
    assert {"Joseph Orvan Telliqa", "Grace Liora Penhallow"} <= names


def test_okina_before_a_polynesian_name():
    facts = facts_of("The host, Tongan Prime Minister ʻAisake Telliqa Vollaby, opened the meeting.")
    assert roles(facts, "ʻAisake Telliqa Vollaby") == {("Prime Minister", "Government of Tonga")}


def test_minister_for_a_portfolio_and_high_commissioner():
    facts = facts_of(
        "Fijian Minister for Trade Orvan Telliqa met Singapore's High Commissioner to Malaysia "
        "Liora Penhallow and Indian Minister of State for External Affairs Tavik Omberlund."
    )
    assert roles(facts, "Orvan Telliqa") == {("Minister", "Ministry of Trade of Fiji")}
    assert roles(facts, "Liora Penhallow") == {
        ("High Commissioner", "High Commission of Singapore in Malaysia")
    }
    assert roles(facts, "Tavik Omberlund") == {
        ("Minister of State", "Ministry of External Affairs of India")
    }


def test_the_nationality_of_the_delegation_a_person_heads():
    facts = facts_of(
        "Consultations took place in Warsaw. The Polish delegation was headed by Deputy "
        "Minister Orvan Telliqa, and the Vietnamese delegation by Deputy Minister of Foreign "
        "Affairs Liora Penhallow."
    )
    assert person(facts, "Liora Penhallow").country == "VNM"
    assert roles(facts, "Liora Penhallow") == {
        ("Deputy Minister", "Ministry of Foreign Affairs of Vietnam")
    }


def test_places_named_like_people_are_no_people():
    # error class 29: a name-like run with a place word after it, or before it, is a place
    facts = facts_of(
        "Lao Foreign Minister Bounthanh Xaysomphou arrived at Orvan Telliqa International "
        "Airport on Monday and was received at the Building Administratif Liora Penhallow. "
        "The ministers discussed the Lake Vexmoor Basin and met at the Secretariat, Kestrin "
        "Durbar, on Tuesday."
    )
    names = {p.name for p in facts.people}
    assert names == {"Bounthanh Xaysomphou"}, names


def test_a_name_before_an_ordinary_word_is_still_a_person():
    # a place word later in the sentence, not right after the name, leaves it a person
    facts = facts_of(
        "Lao Foreign Minister Bounthanh Xaysomphou met Orvan Telliqa at the Palace on Monday."
    )
    assert "Orvan Telliqa" in {p.name for p in facts.people}


def test_a_body_written_right_after_the_title_without_of_is_its_body():
    # South Asian usage: "Chairman Senate X", "Speaker National Assembly X"
    facts = facts_of(
        "Sri Lankan Foreign Minister Kasem Rattana called on Chairman Senate Orvan Telliqa "
        "and Speaker National Assembly Liora Penhallow.",
        dateline="Islamabad",
    )
    assert roles(facts, "Orvan Telliqa") == {("Chairman", "Senate of Pakistan")}
    assert roles(facts, "Liora Penhallow") == {("Speaker", "National Assembly of Pakistan")}


def test_a_delegation_of_a_foreign_body_headed_by_its_officer():
    # "a delegation of the <Body> of <Country> headed by <Title of the Body> X": X's post is
    # in that body of that country, not in the host's body of the same name
    facts = facts_of(
        "Speaker of the Shura Council Kasem Rattana received a delegation of the National "
        "Assembly of the Islamic Republic of Pakistan headed by Speaker of the National "
        "Assembly Orvan Telliqa.",
        dateline="Riyadh",
    )
    assert roles(facts, "Orvan Telliqa") == {("Speaker", "National Assembly of Pakistan")}
    assert person(facts, "Orvan Telliqa").country == "PAK"


def test_a_founder_recalled_or_honoured_joins_no_meeting():
    # error class 26: a historical figure named in a tribute is no participant
    facts = facts_of(
        "Lao Foreign Minister Bounthanh Xaysomphou met Thai Foreign Minister Kasem Rattana "
        "on Monday. Speaking after the talks, Bounthanh paid tribute to Mwalimu Orvan "
        "Telliqa and recalled the legacy of President Liora Penhallow."
    )
    for meeting in facts.meetings:
        names = {facts.people[k].name for k in meeting.participants}
        assert "Orvan Telliqa" not in names and "Liora Penhallow" not in names, names
