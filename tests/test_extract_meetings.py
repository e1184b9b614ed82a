"""Meetings: what happened, when, where, with whom."""

import datetime as dt

from helpers_extract import facts_of


def names(facts, meeting):
    return {facts.people[k].name for k in meeting.participants}


def test_met_with_and_delegation_leader():
    facts = facts_of(
        "On June 10, Speaker of the Milli Majlis Leyla Hasanli met with a delegation led by "
        "Phonsavan Inthavong, Minister of Justice of Laos, in Baku.",
        published="2025-06-11",
    )
    (meeting,) = facts.meetings
    assert meeting.kind == "talks"
    assert meeting.start_date == dt.date(2025, 6, 10)
    assert (meeting.location, meeting.country) == ("Baku", "AZE")
    assert names(facts, meeting) == {"Leyla Hasanli", "Phonsavan Inthavong"}


def test_visit_with_meetings_inside_it_and_held_meetings_with_two_people():
    facts = facts_of(
        "A delegation from Azerbaijan, led by Deputy Minister of Foreign Affairs Kamran "
        "Huseynli, visited Laos on May 3-4, 2025.\n\n"
        "During the visit, Deputy Minister Huseynli held meetings with Khamla Souvanna, Vice "
        "President of the National Assembly of Laos, and Lao Foreign Minister Sone Vilaysack.",
        published="2025-05-05",
        dateline=None,
    )
    kinds = sorted(m.kind for m in facts.meetings)
    assert kinds == ["talks", "talks", "visit"]
    visit = next(m for m in facts.meetings if m.kind == "visit")
    assert (visit.start_date, visit.end_date, visit.country) == (
        dt.date(2025, 5, 3),
        dt.date(2025, 5, 4),
        "LAO",
    )
    talks = [m for m in facts.meetings if m.kind == "talks"]
    assert {frozenset(names(facts, m)) for m in talks} == {
        frozenset({"Kamran Huseynli", "Khamla Souvanna"}),
        frozenset({"Kamran Huseynli", "Sone Vilaysack"}),
    }
    assert all(m.parent == visit.key and m.country == "LAO" for m in talks)


def test_phone_call_on_a_weekday():
    facts = facts_of(
        "Deputy Foreign Minister of Azerbaijan Rashad Mirzali and Deputy Foreign Minister of "
        "Kazakhstan Erlan Dauletov held a phone conversation on Tuesday.",
        published="2025-06-12",  # a Thursday
    )
    (call,) = facts.meetings
    assert call.kind == "call"
    assert call.start_date == dt.date(2025, 6, 10)
    assert call.country is None


def test_reception_gathers_the_people_who_attended():
    facts = facts_of(
        "The Embassy of Azerbaijan in Vietnam hosted a reception in Hanoi on May 26.\n\n"
        "The event was attended by Deputy Minister of Foreign Affairs of Vietnam Tran Van Khoa.\n\n"
        "Addressing the reception, Ambassador of Azerbaijan to Vietnam Rauf Guliyev spoke "
        "about history.",
        published="2025-05-27",
        dateline="Hanoi",
    )
    (reception,) = facts.meetings
    assert reception.kind == "reception"
    assert names(facts, reception) == {"Tran Van Khoa", "Rauf Guliyev"}
    assert reception.location == "Hanoi"


def test_plans_invitations_and_interviews_are_not_meetings():
    facts = facts_of(
        "Deputy Minister Rashad Mirzali invited Lao Foreign Minister Sone Vilaysack to visit "
        "Baku. The two ministers will meet again next year. In an interview with reporters, "
        "Deputy Minister Rashad Mirzali praised the talks with Sone Vilaysack."
    )
    assert facts.meetings == []


def test_recalled_past_meeting_with_a_date_counts():
    facts = facts_of(
        "Deputy Foreign Minister Rashad Mirzali received Lao Deputy Foreign Minister Sengphet "
        "Vongkham on Monday. Mirzali recalled his meeting with Vongkham in Kampala on "
        "19 January 2024.",
        published="2025-06-12",
    )
    dates = sorted(m.start_date for m in facts.meetings)
    assert dates == [dt.date(2024, 1, 19), dt.date(2025, 6, 9)]
    recalled = next(m for m in facts.meetings if m.start_date.year == 2024)
    assert recalled.country == "UGA"


def test_meetings_have_no_participants_they_do_not_name():
    facts = facts_of("The consultations covered trade and energy.")
    assert facts.meetings == []


def test_a_plan_after_the_meeting_does_not_cancel_it_but_one_before_does():
    facts = facts_of(
        "Deputy Minister of Foreign Affairs of Laos Khamla Souvanna held a video conference "
        "with Deputy Minister of Foreign Affairs of Azerbaijan Rashad Mirzali on Monday to "
        "prepare the events of next year. The two will hold talks in Baku next month.",
        published="2025-06-12",
    )
    (call,) = facts.meetings
    assert call.kind == "call" and call.start_date == dt.date(2025, 6, 9)


def test_a_visit_needs_a_country_to_go_to():
    facts = facts_of(
        "A delegation led by Deputy Speaker Ilkin Rustamli visited the National University "
        "of Laos on 15 October, where it was welcomed by Vice Rector Somsak Phanthavong.",
        published="2025-10-16",
        dateline="Vientiane",
    )
    assert [m.kind for m in facts.meetings] == ["talks"]
    assert names(facts, facts.meetings[0]) == {"Ilkin Rustamli", "Somsak Phanthavong"}


def test_meeting_without_a_place_happens_where_the_story_is():
    facts = facts_of(
        "Ambassador of Azerbaijan to Vietnam Rauf Guliyev presented a copy of his credentials "
        "to Lao Deputy Foreign Minister Sengphet Vongkham in Vientiane on May 14. On the same "
        "day, the ambassador met with Khamla Souvanna, Chairman of the Foreign Affairs "
        "Committee of the National Assembly of Laos.",
        published="2025-05-15",
        dateline="Baku",
    )
    assert [(m.start_date, m.country) for m in facts.meetings] == [
        (dt.date(2025, 5, 14), "LAO"),
        (dt.date(2025, 5, 14), "LAO"),
    ]
    assert names(facts, facts.meetings[1]) == {"Rauf Guliyev", "Khamla Souvanna"}


def test_a_recalled_meeting_without_its_day_is_left_out():
    facts = facts_of(
        "Prime Minister of Azerbaijan Elchin Mammadli received Lao Foreign Minister Sone "
        "Vilaysack on Monday. Mammadli recalled his meeting with Vilaysack in Kampala in "
        "January 2024.",
        published="2025-06-12",
    )
    (meeting,) = facts.meetings
    assert meeting.start_date == dt.date(2025, 6, 9) and meeting.location is None


def test_held_bilateral_meetings_with_several_people_and_the_leader():
    facts = facts_of(
        "Lao President Somsanith Keovilay attended the summit in Baku. On the sidelines of "
        "the summit, the Lao leader held bilateral meetings with Prime Minister of Pakistan "
        "Imran Qadir and President of Kenya Daniel Mwangi.",
        published="2024-11-13",
    )
    talks = [m for m in facts.meetings if m.kind == "talks"]
    assert {frozenset(names(facts, m)) for m in talks} == {
        frozenset({"Somsanith Keovilay", "Imran Qadir"}),
        frozenset({"Somsanith Keovilay", "Daniel Mwangi"}),
    }


# ---------------------------------------------------------------- as reporters write them
# (the invented examples of ../shared/eval/error-classes.md)


def _meetings(text: str, published: str = "2025-11-15", dateline: str | None = None):
    facts = facts_of(text, published=published, dateline=dateline)
    return facts, sorted(
        ((m.kind, m.start_date, m.end_date, frozenset(names(facts, m))) for m in facts.meetings),
        key=lambda m: (m[0], m[1], sorted(m[3])),
    )


def test_the_two_leaders_received_are_two_talks():
    _, found = _meetings(
        "Kenyan Prime Minister Otieno Wafula and Vice President Achieng Njeri made Chile the "
        "first stop of their foreign tour. Chilean Deputy Prime Minister Rocío Salinas praised "
        "the gesture when she received the two leaders in Santiago on Friday."
    )
    friday = dt.date(2025, 11, 14)
    assert found == [
        ("talks", friday, None, frozenset({"Rocío Salinas", "Achieng Njeri"})),
        ("talks", friday, None, frozenset({"Rocío Salinas", "Otieno Wafula"})),
    ]


def test_their_talks_are_those_of_the_people_just_named():
    _, found = _meetings(
        "Nepalese Prime Minister Sita Gurung and her Bhutanese counterpart Karma Wangdi pledged "
        "closer ties. Transit routes and tourism dominated their talks in Kathmandu on 12 "
        "February."
    )
    assert found == [
        ("talks", dt.date(2025, 2, 12), None, frozenset({"Sita Gurung", "Karma Wangdi"}))
    ]


def test_a_current_visit_is_dated_by_its_meeting_and_its_effect_is_no_plan():
    facts, found = _meetings(
        "Finnish Foreign Minister Aino Laakso, in Chile on an official visit, met President "
        "Luis Mora on Monday. President Mora said Minister Laakso's visit to Santiago will give "
        "new impetus to relations."
    )
    monday = dt.date(2025, 11, 10)
    assert found == [
        ("talks", monday, None, frozenset({"Aino Laakso", "Luis Mora"})),
        ("visit", monday, None, frozenset({"Aino Laakso"})),
    ]
    (visit,) = [m for m in facts.meetings if m.kind == "visit"]
    assert visit.country == "CHL"


def test_an_arrival_for_a_stay_of_some_days_is_a_visit_of_those_days():
    facts, found = _meetings(
        "Nepal's Prime Minister Sita Gurung arrived in Bhutan on 3 May for a three-day stay, "
        "her first trip abroad as premier."
    )
    assert found == [
        ("visit", dt.date(2025, 5, 3), dt.date(2025, 5, 5), frozenset({"Sita Gurung"}))
    ]
    assert facts.meetings[0].country == "BTN"


def test_a_singular_consultation_takes_the_people_named_next():
    facts, found = _meetings(
        "Uruguay's and Paraguay's foreign ministries held their annual political consultation "
        "in Asunción on Monday. There, Uruguayan Foreign Minister Lucía Prieto and her "
        "Paraguayan colleague Hugo Benítez reviewed cooperation."
    )
    assert found == [
        ("talks", dt.date(2025, 11, 10), None, frozenset({"Lucía Prieto", "Hugo Benítez"}))
    ]
    assert (facts.meetings[0].location, facts.meetings[0].country) == ("Asunción", "PRY")


def test_had_a_meeting_with_a_group_headed_by():
    _, found = _meetings(
        "Speaker Ingrid Dahl had a meeting on 14 November with a visiting group of lawmakers "
        "headed by Senator Kofi Asante."
    )
    assert found == [
        ("talks", dt.date(2025, 11, 14), None, frozenset({"Ingrid Dahl", "Kofi Asante"}))
    ]


def test_online_talks_are_a_call():
    facts = facts_of(
        "Mongolian Foreign Minister Bat Erdene held online talks on Thursday with Thai Foreign "
        "Minister Carla Ruiz.",
        published="2025-11-15",
        dateline=None,
    )
    (call,) = facts.meetings
    assert (call.kind, call.start_date, call.country) == ("call", dt.date(2025, 11, 13), None)


def test_the_visit_of_a_counterpart_is_the_counterparts():
    _, found = _meetings(
        "Thai Foreign Minister Anan Suwan praised the talks. Minister Sara Lind spoke warmly of "
        "the official visit of her Thai counterpart to Norway on 3-5 October."
    )
    assert found == [
        ("visit", dt.date(2025, 10, 3), dt.date(2025, 10, 5), frozenset({"Anan Suwan"}))
    ]


def test_a_visitor_described_and_named_afterwards_is_the_visitor():
    _, found = _meetings(
        "Norway's Foreign Minister, currently on an official visit to Chile, was received on 7 "
        "May by that country's President Luis Mora. FM Tove Lind thanked her host."
    )
    may_7 = dt.date(2025, 5, 7)
    assert found == [
        ("talks", may_7, None, frozenset({"Tove Lind", "Luis Mora"})),
        ("visit", may_7, None, frozenset({"Tove Lind"})),
    ]


def test_several_encounters_in_one_sentence_are_kept_apart():
    _, found = _meetings(
        "During her stay in Lima, Ms Berg made a courtesy call on Congress Vice President Ana "
        "Soto on Monday and later joined a reception given by Foreign Minister Luis Prado."
    )
    monday = dt.date(2025, 11, 10)
    assert found == [
        ("reception", monday, None, frozenset({"Berg", "Luis Prado"})),
        ("talks", monday, None, frozenset({"Berg", "Ana Soto"})),
    ]
    _, found = _meetings(
        "On Tuesday Speaker Tove Berg held talks in Lima while meeting with President Luis Mora "
        "and Prime Minister Inés Paz."
    )
    tuesday = dt.date(2025, 11, 11)
    assert found == [
        ("talks", tuesday, None, frozenset({"Tove Berg", "Inés Paz"})),
        ("talks", tuesday, None, frozenset({"Tove Berg", "Luis Mora"})),
    ]


def test_a_meeting_does_not_absorb_people_only_mentioned_later():
    _, found = _meetings(
        "Back in Oslo, the Storting Speaker Tove Berg briefed colleagues on her meeting with "
        "President Clara Ortiz on Monday. She had passed on a message from Prime Minister Erik "
        "Moe. She also paid tribute to the late statesman Haakon Berg, founder of the "
        "partnership."
    )
    assert found == [
        ("talks", dt.date(2025, 11, 10), None, frozenset({"Tove Berg", "Clara Ortiz"}))
    ]


def test_people_honoured_after_a_meeting_are_no_participants():
    _, found = _meetings(
        "Foreign Minister Ana Lopez held talks with Foreign Minister Tomas Berg in Lima on "
        "Monday. Speaking after the talks, Lopez paid tribute to Mwalimu Jonas Kereto, the "
        "country's founding president. Berg recalled the legacy of Commander in Chief Rafael "
        "Ortiz and President Marco Ruiz, founders of the friendship."
    )
    assert found == [("talks", dt.date(2025, 11, 10), None, frozenset({"Ana Lopez", "Tomas Berg"}))]


def test_greetings_conveyed_name_no_participant_and_a_recalled_visit_dates_nothing():
    _, found = _meetings(
        "On Monday, Foreign Minister Ilse Varga received Thai Ambassador Anan Suwan, who "
        "conveyed the greetings of Prime Minister Somchai Rattana. Varga recalled her official "
        "visit to Thailand on 3-5 May 2019. Earlier in the day, the ambassador was received by "
        "Speaker Kalle Nurmi."
    )
    monday = dt.date(2025, 11, 10)
    assert found == [
        ("talks", monday, None, frozenset({"Ilse Varga", "Anan Suwan"})),
        ("talks", monday, None, frozenset({"Anan Suwan", "Kalle Nurmi"})),
        ("visit", dt.date(2019, 5, 3), dt.date(2019, 5, 5), frozenset({"Ilse Varga"})),
    ]


def test_a_date_of_a_dateline_a_statement_or_an_anniversary_dates_no_meeting():
    _, found = _meetings(
        "Quito, May 3 (Andes Wire) -- Thai Foreign Minister Anan Suwan met Mongolian Foreign "
        "Minister Bat Erdene on May 1 in Quito. The talks coincided with the anniversary of the "
        "establishment of diplomatic relations on May 2, 1975, the ministry said on Friday.",
        published="2025-05-04",
    )
    assert found == [("talks", dt.date(2025, 5, 1), None, frozenset({"Anan Suwan", "Bat Erdene"}))]


def test_talks_described_after_a_video_call_are_the_call():
    facts = facts_of(
        "Foreign Minister of Laos Orvan Telliqa held video talks on Thursday with Foreign "
        "Minister of Hungary Mirela Zandovan.\n\n"
        "The ministers discussed the border, the progress of the demarcation talks and trade.",
        published="2025-06-13",  # a Friday
    )
    (call,) = facts.meetings
    assert call.kind == "call"
    assert call.start_date == dt.date(2025, 6, 12)


def test_a_surname_he_where_no_pronoun_stands_and_a_visit_which_ends_today():
    facts = facts_of(
        "In a meeting at the ministry today, Foreign Minister Orvan Telliqa and Singapore's "
        "Senior Minister of State He Lianfeng discussed trade.\n\n"
        "He, who is on a two-day working visit to Laos which ends today, conveyed support.\n\n"
        "During his stay in Vientiane, He also made a courtesy call on National Assembly "
        "Speaker Mirela Zandovan.",
        published="2025-06-12",
        dateline="Vientiane",
    )
    (visit,) = [m for m in facts.meetings if m.kind == "visit"]
    assert names(facts, visit) == {"He Lianfeng"}
    assert (visit.start_date, visit.end_date) == (dt.date(2025, 6, 11), dt.date(2025, 6, 12))
    call = next(m for m in facts.meetings if "Mirela Zandovan" in names(facts, m))
    assert names(facts, call) == {"He Lianfeng", "Mirela Zandovan"}
    assert (call.start_date, call.end_date) == (dt.date(2025, 6, 11), dt.date(2025, 6, 12))


def test_a_caption_of_one_envoy_belongs_to_the_credentials_ceremony_of_several():
    facts = facts_of(
        "President Orvan Telliqa receives the credentials of the Lao Ambassador Mirela "
        "Zandovan at State House\n\n"
        "The ceremony was held at State House yesterday.\n\n"
        "Also presenting their credentials were the new Hungarian Ambassador Anikó Veresné "
        "and the Ambassador of Chile, Tomás Urrutia Paredes.",
        published="2025-06-12",
    )
    (ceremony,) = facts.meetings
    assert ceremony.kind == "reception"
    assert ceremony.start_date == dt.date(2025, 6, 11)
    assert {"Orvan Telliqa", "Mirela Zandovan"} <= names(facts, ceremony)


def test_a_visit_through_a_weekday_to_come_ends_that_day():
    facts = facts_of(
        "Orvan Telliqa, who is on a three-day visit to Laos through Saturday, paid a courtesy "
        "call on Foreign Minister Mirela Zandovan on Thursday.",
        published="2025-06-13",  # a Friday
        dateline="Vientiane",
    )
    (visit,) = [m for m in facts.meetings if m.kind == "visit"]
    assert (visit.start_date, visit.end_date) == (dt.date(2025, 6, 12), dt.date(2025, 6, 14))


def test_talks_on_the_sidelines_of_a_summit_put_their_people_at_the_summit():
    facts = facts_of(
        "Lao Prime Minister Orvan Telliqa and Hungarian Prime Minister Mirela Zandovan met on "
        "the sidelines of the Coastal States Leaders Meeting, which opened in Vientiane on "
        "Monday and runs until Friday.",
        published="2025-06-11",  # a Wednesday
        dateline="Vientiane",
    )
    summit = next(m for m in facts.meetings if m.kind == "conference")
    assert (summit.start_date, summit.end_date) == (dt.date(2025, 6, 9), dt.date(2025, 6, 13))
    assert names(facts, summit) == {"Orvan Telliqa", "Mirela Zandovan"}
    assert any(m.kind == "talks" for m in facts.meetings)
