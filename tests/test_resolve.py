"""Resolution across articles: who is who, which meeting is which."""

from communique.resolve import Anchor, Link, names_sound_alike, resolve
from helpers_extract import facts_of


def _resolve(*texts_and_dates):
    facts = [
        facts_of(text, published=date, article_id=f"a-{n}")
        for n, (text, date) in enumerate(texts_and_dates)
    ]
    return resolve(facts)


def test_romanisations_of_one_person_merge():
    assert names_sound_alike("maythong thammavongsa", "maithong thammavongsa")
    assert names_sound_alike("nijat mammadov", "nijat mamedov")
    assert not names_sound_alike("nijat mammadov", "elnur mammadov")


def test_same_person_under_two_spellings_across_articles_is_one_row():
    result = _resolve(
        (
            "Deputy Foreign Minister of Azerbaijan Rashad Mirzali met Lao Deputy Foreign "
            "Minister Sengphet Vongkham on Monday.",
            "2025-06-12",
        ),
        (
            "Deputy Foreign Minister of Azerbaijan Rashad Mirzaly held talks with Lao Deputy "
            "Foreign Minister Sengphet Vonkham on Monday.",
            "2025-06-13",
        ),
    )
    assert len(result.people) == 2
    assert len(result.meetings) == 1, "one event reported twice is one meeting"
    assert {a for a, _ in result.meetings[0].spans} == {"a-0", "a-1"}


def test_people_sharing_a_surname_stay_apart():
    result = _resolve(
        ("Ambassador of Azerbaijan to Vietnam Nurlan Guliyev arrived.", "2025-01-10"),
        ("Deputy Minister of Foreign Affairs of Azerbaijan Elmar Guliyev spoke.", "2025-01-11"),
    )
    assert sorted(p.name for p in result.people) == ["Elmar Guliyev", "Nurlan Guliyev"]


def test_fullest_name_wins_and_roles_collect_dates():
    result = _resolve(
        ("Laos Foreign Minister Fommasan welcomed the guests.", "2025-01-10"),
        ("Lao Foreign Minister Thongvanh Phommasane met the guests.", "2025-03-02"),
    )
    (person,) = result.people
    assert person.name == "Thongvanh Phommasane"
    (((title, org), dates),) = person.roles.items()
    assert (title, org) == ("Minister", "Ministry of Foreign Affairs of Laos")
    assert sorted(d.isoformat() for d in dates) == ["2025-01-10", "2025-03-02"]


def test_different_meetings_on_different_days_stay_apart():
    result = _resolve(
        (
            "Deputy Foreign Minister of Azerbaijan Rashad Mirzali met Lao Deputy Foreign "
            "Minister Sengphet Vongkham on 3 March.",
            "2025-03-05",
        ),
        (
            "Deputy Foreign Minister of Azerbaijan Rashad Mirzali met Lao Deputy Foreign "
            "Minister Sengphet Vongkham on 20 April.",
            "2025-04-21",
        ),
    )
    assert len(result.meetings) == 2


def test_every_merge_is_explained():
    result = _resolve(
        ("Lao Foreign Minister Thongvanh Phommasane met the guests.", "2025-01-10"),
        ("Lao Foreign Minister Thongvanh Phommasane left.", "2025-01-11"),
    )
    assert any("same name" in str(d) for d in result.decisions)


def test_a_post_whose_country_one_article_omits_is_settled_by_another():
    # Written from Baku about a Lao official: the dateline must not make him Azerbaijani.
    result = _resolve(
        ("Deputy Foreign Minister Vienkham Sayavong received the guests.", "2025-10-15"),
        ("Lao Deputy Foreign Minister Viengkham Sayavong met the delegation.", "2025-10-16"),
    )
    (person,) = result.people
    assert person.country == "LAO"
    assert set(person.roles) == {("Deputy Minister", "Ministry of Foreign Affairs of Laos")}
    names = {o.name for o in result.organisations}
    assert "Ministry of Foreign Affairs of Azerbaijan" not in names


def _anchor(facts, name):
    person = next(p for p in facts.people if p.name == name)
    return Anchor(facts.article_id, person.spans[0].start, person.spans[0].end)


def test_judged_links_go_through_the_same_union_find_as_the_rules():
    texts = [
        ("Deputy Foreign Minister of Azerbaijan Rashad Mirzali met the guests.", "2025-06-12"),
        ("Deputy Foreign Minister of Azerbaijan Rashad Mirzaly left.", "2025-06-13"),
        ("Deputy Foreign Minister of Azerbaijan Anar Karimov spoke.", "2025-06-14"),
    ]
    facts = [facts_of(t, published=d, article_id=f"a-{n}") for n, (t, d) in enumerate(texts)]
    by_rules = resolve(facts)
    assert len(by_rules.people) == 2
    (fuzzy,) = [d for d in by_rules.decisions if d.score is not None]
    assert fuzzy.score >= 85 and fuzzy.sides[0][0] == "a-0"
    links = [
        Link("people", False, _anchor(facts[0], "Rashad Mirzali"),
             _anchor(facts[1], "Rashad Mirzaly"), "keep-apart"),
        Link("people", True, _anchor(facts[0], "Rashad Mirzali"),
             _anchor(facts[2], "Anar Karimov"), "join"),
    ]  # fmt: skip
    judged = resolve(facts, links)
    assert sorted({a for a, _ in p.spans} for p in judged.people) == [{"a-0", "a-2"}, {"a-1"}]
    assert [(o.link.judgement, o.status) for o in judged.links] == [
        ("join", "merged"),
        ("keep-apart", "kept apart"),
    ]
    (blocked,) = [d for d in judged.decisions if d.blocked]
    assert blocked.judgement == "keep-apart" and "names sound alike" in str(blocked)
    assert any(d.judgement == "join" and not d.blocked for d in judged.decisions)


def test_a_body_named_with_a_known_acronym_is_the_one_spelled_out_elsewhere():
    result = _resolve(
        ("The UN Security Council met on Monday.", "2025-06-12"),
        ("The United Nations Security Council met on Tuesday.", "2025-06-13"),
    )
    councils = [o for o in result.organisations if "Security Council" in o.name]
    assert len(councils) == 1


def test_a_later_articles_narrower_dates_never_put_a_meeting_after_an_earlier_report():
    result = _resolve(
        (
            "A delegation of Azerbaijan led by Minister of Education of Azerbaijan Rashad "
            "Mirzali paid an official visit to Laos on 11-13 March 2025.",
            "2025-03-13",
        ),
        (
            "Minister of Education of Azerbaijan Rashad Mirzali paid an official visit to "
            "Laos on 14 March 2025.",
            "2025-03-20",
        ),
    )
    visits = [m for m in result.meetings if m.kind == "visit"]
    assert len(visits) == 1, "the two reports are one visit"
    assert visits[0].start_date.isoformat() == "2025-03-11"


def test_resolution_runs_without_the_cycle_collector_and_leaves_it_as_found(monkeypatch):
    """It makes millions of objects and no cycle at scale: no collection in between."""
    import gc

    from communique import resolve as resolution

    seen = []
    meetings = resolution._resolve_meetings

    def spying(*args, **kwargs):
        seen.append(gc.isenabled())
        return meetings(*args, **kwargs)

    monkeypatch.setattr(resolution, "_resolve_meetings", spying)
    text = (
        "Foreign Minister of Azerbaijan Talvik Dorrasen met Lao Foreign Minister Senvong Pherath."
    )
    facts = [facts_of(text, published="2025-06-12")]
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            assert resolve(facts).people
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False, False]


def test_a_meeting_one_article_reports_is_what_the_general_rule_makes_of_it():
    """``_meeting_of_one`` (most meetings) skips the work of merging several reports: it
    must give what ``_meeting_of`` gives one report, with no conflict, in every odd case."""
    import datetime as dt
    from itertools import product

    from communique.extract.facts import ArticleFacts, MeetingFact, Span
    from communique.resolve import _meeting_of, _meeting_of_one

    published = dt.date(2025, 3, 10)
    facts = ArticleFacts("a-0", published)
    cases = product(
        [dt.date(2025, 3, 8), published, dt.date(2025, 3, 12)],  # before, on, after publication
        [None, dt.date(2025, 3, 13)],
        [None, "", "Joint Commission"],
        [None, "", "Baku"],
        [None, "", "AZE"],
        [[], [2], [0, 3, 5]],
    )
    for n, (start, end, name, location, country, participants) in enumerate(cases):
        fact = MeetingFact(
            n,
            "talks",
            start,
            end,
            tuple(participants),
            Span(0, 5, "talks"),
            name,
            location,
            country,
        )
        meeting, conflicts = _meeting_of([(facts, fact, participants)], 7)
        assert _meeting_of_one(facts, fact, participants) == meeting
        assert conflicts == []
