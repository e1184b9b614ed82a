"""The discourse model: who pronouns, descriptions and groups refer to (invented text)."""

from communique.extract.discourse import DESCRIPTION, GROUP, NAME, PRONOUN, Discourse
from communique.extract.lexicon import lexicon
from communique.extract.text import sentences
from helpers_extract import facts_of, make_article


def _discourse(text: str) -> tuple[Discourse, dict[int, str]]:
    """The discourse of an invented article, and each person's name by key."""
    article = make_article(text, dateline=None)
    facts = facts_of(text, dateline=None)
    by_span = {(s.start, s.end): p.key for p in facts.people for s in p.spans}
    discourse = Discourse(article.text, sentences(article), facts.people, by_span, lexicon())
    return discourse, {p.key: p.name for p in facts.people}


def _refers(text: str, sentence: int, how: str) -> list[str]:
    discourse, names = _discourse(text)
    return [names[r.key] for r in discourse.refs(sentence) if r.how == how]


def test_a_nationality_and_a_title_name_the_last_person_who_fits():
    text = (
        "Lao Foreign Minister Orvan Telliqa and Hungarian Ambassador Mirela Zandovan arrived "
        "on Monday. The Lao minister thanked his hosts."
    )
    assert _refers(text, 1, DESCRIPTION) == ["Orvan Telliqa"]


def test_a_counterpart_is_someone_else_than_the_subject():
    text = (
        "Lao Foreign Minister Orvan Telliqa arrived in Baku on June 2. Hungarian Foreign "
        "Minister Mirela Zandovan met her Lao counterpart on June 3."
    )
    assert _refers(text, 1, DESCRIPTION) == ["Orvan Telliqa"]


def test_a_group_names_as_many_people():
    text = (
        "Kenyan Prime Minister Otieno Wafula and Chilean President Rocío Salinas arrived. "
        "The two leaders held talks in Santiago."
    )
    assert sorted(_refers(text, 1, GROUP)) == ["Otieno Wafula", "Rocío Salinas"]


def test_a_country_possessive_describes_its_official():
    text = (
        "Lao Foreign Minister Orvan Telliqa arrived in Baku on June 2. Laos' top diplomat "
        "was received by Hungarian President Mirela Zandovan."
    )
    assert _refers(text, 1, DESCRIPTION) == ["Orvan Telliqa"]


def test_a_description_named_only_afterwards_is_the_next_person_named():
    text = (
        "Norway's Foreign Minister, currently on an official visit to Chile, was received "
        "on 7 May by President Luis Arrate. Tove Lindqvist briefed the President on trade."
    )
    assert _refers(text, 0, DESCRIPTION) == ["Tove Lindqvist"]


def test_a_title_before_a_name_is_no_description():
    text = "Lao President Orvan Telliqa met the Hungarian Ambassador Mirela Zandovan."
    assert _refers(text, 0, DESCRIPTION) == []
    assert _refers(text, 0, NAME) == ["Orvan Telliqa", "Mirela Zandovan"]


def test_a_description_in_apposition_to_a_name_is_that_name():
    text = (
        "Speaker Ilse Varga welcomed the guests. She spoke of the visit of her Lao "
        "counterpart, President of the National Assembly of Laos Orvan Telliqa, in 2018."
    )
    assert _refers(text, 1, DESCRIPTION) == []


def test_he_opening_a_sentence_is_the_last_subject():
    text = "Lao Foreign Minister Orvan Telliqa arrived in Baku. On Monday evening he met students."
    assert _refers(text, 1, PRONOUN) == ["Orvan Telliqa"]


def test_the_diplomat_of_a_nationality_is_its_last_official_when_no_envoy_was_named():
    text = (
        "Lao Vice Minister of Foreign Affairs Orvan Telliqa arrived in Baku. On Wednesday, "
        "the Lao diplomat was received by Mirela Zandovan, Speaker of the Milli Majlis."
    )
    assert _refers(text, 1, DESCRIPTION) == ["Orvan Telliqa"]
