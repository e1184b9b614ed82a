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
