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
        ("Minister", "Ministry of Foreign Affairs of Cambodia"),
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
