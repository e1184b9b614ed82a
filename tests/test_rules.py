"""The rules layer: typed loading, keys that do something, and the report of unused rules."""

from __future__ import annotations

import ast
import copy
import typing
from importlib import resources
from pathlib import Path

import pytest
import yaml
from communique import rules
from communique.cli import main
from communique.extract.lexicon import _fits, _index
from communique.rule_usage import unused_rules
from communique.rules import FILES, RuleError, parse, read_file
from corpus_helpers import write_corpus
from pydantic import BaseModel

PACKAGE = Path(rules.__file__).parent.parent
TESTS = Path(__file__).parent


def test_every_yaml_file_has_a_model():
    assert {p.name for p in (PACKAGE / "rules").glob("*.yaml")} == set(FILES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_rule_files_read_as_pure_python_yaml_reads_them(name):
    """The rules are read with libyaml's loader when there is one: the same data, types
    and order as PyYAML's own safe loader gives."""
    text = resources.files("communique").joinpath("rules", name).read_text(encoding="utf-8")
    expected = yaml.load(text, Loader=yaml.SafeLoader)
    assert repr(read_file(name)) == repr(expected)


def test_a_misspelt_key_fails_loading_naming_file_entry_and_key():
    data = read_file("titles.yaml")
    data["titles"][2]["exmples"] = data["titles"][2].pop("examples")
    with pytest.raises(RuleError) as error:
        parse("titles.yaml", data)
    message = str(error.value)
    phrase = data["titles"][2]["phrase"]
    assert f"titles.yaml: titles[2] ({phrase!r}): unknown key 'exmples'" in message


def test_a_misspelt_key_deep_in_a_file_fails_too():
    data = read_file("meetings.yaml")
    data["triggers"]["call"][0]["pattren"] = "x"
    with pytest.raises(
        RuleError, match=r"meetings\.yaml: triggers\.call\[0\]: unknown key 'pattren'"
    ):
        parse("meetings.yaml", data)


def test_an_unknown_section_fails_loading():
    data = read_file("organisations.yaml")
    data["hedas"] = data["heads"]
    with pytest.raises(RuleError, match=r"organisations\.yaml: \(top level\): unknown key 'hedas'"):
        parse("organisations.yaml", data)


def test_a_rule_without_examples_fails_loading():
    data = read_file("titles.yaml")
    data["titles"][0]["examples"] = []
    with pytest.raises(RuleError, match=r"titles\.yaml: titles\[0\] \(.*\): examples: .*1 item"):
        parse("titles.yaml", data)


def test_a_pattern_that_does_not_compile_fails_loading():
    data = read_file("discourse.yaml")
    data["led_by"]["pattern"] = "(led by"
    with pytest.raises(RuleError, match=r"discourse\.yaml: led_by: pattern: .*regular expression"):
        parse("discourse.yaml", data)


def test_a_trigger_ranked_as_an_unknown_group_fails_loading():
    data = read_file("meetings.yaml")
    data["triggers"]["talks"][0]["ranks_as"] = "credential"
    with pytest.raises(RuleError, match="trigger group 'credential' is not listed in priority"):
        parse("meetings.yaml", data)


def test_loading_does_not_change_the_data():
    data = read_file("reader.yaml")
    kept = copy.deepcopy(data)
    parse("reader.yaml", data)
    assert data == kept


def test_two_entries_with_one_key_are_refused():
    with pytest.raises(RuleError, match=r"titles\.yaml: titles: 'vice-rector' is listed twice"):
        _index("titles.yaml: titles", ["Vice-Rector", "vice-réctor"], _fold_key)


def test_a_title_too_long_to_match_is_refused():
    with pytest.raises(RuleError, match="longer than 7 words"):
        _fits("titles.yaml: titles", ["one two three four five six seven eight"], 7)


def _fold_key(text: str) -> str:
    from communique.extract.lexicon import fold

    return fold(text)


# ---------------------------------------------------------------- every key does something


def _fields(model: type[BaseModel], seen: set) -> typing.Iterator[tuple[str, str]]:
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        yield model.__name__, name
        for inner in _types(info.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                yield from _fields(inner, seen)


def _types(annotation) -> typing.Iterator:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _types(arg)


def _attributes_read() -> set[str]:
    sources = [*PACKAGE.rglob("*.py"), TESTS / "test_rule_examples.py", TESTS / "test_countries.py"]
    return {
        node.attr
        for path in sources
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
    }


def test_every_key_of_every_rule_file_is_read_by_the_code():
    """A key no code reads would do nothing, like a constant shadowing it."""
    read = _attributes_read()
    seen: set = set()
    unread = [
        f"{model}.{field}"
        for file_model in FILES.values()
        for model, field in _fields(file_model, seen)
        if field not in read
    ]
    assert not unread, f"rule file keys no code reads: {unread}"


# ---------------------------------------------------------------- rules a corpus never fires

STORY = (
    " date 2025-06-12 Pakse, June 12 (KPL) – Lao Foreign Minister Orvan Telliqa met with "
    "Hungarian Ambassador Mirela Zandovan in Pakse on June 10.\n"
)


def test_unused_rules_are_those_no_article_fires(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"a": STORY})
    unused = {rule.rule_id for rule in unused_rules(corpus)}
    fired = {
        "titles.yaml: titles[foreign minister]",
        "titles.yaml: titles[ambassador]",
        "meetings.yaml: triggers.talks[0]",
        "meetings.yaml: priority[talks]",
        "reader.yaml: datelines[1]",
    }
    assert not fired & unused
    assert {"titles.yaml: titles[mayor]", "meetings.yaml: triggers.call[0]"} <= unused
    assert "names.yaml: connectors" not in unused  # word lists are not reported


def test_the_command_line_lists_unused_rules(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", {"a": STORY})
    assert main(["rules", "--unused", str(corpus)]) == 0
    out, err = capsys.readouterr()
    assert "titles.yaml: titles[mayor]" in out.splitlines()
    assert "titles.yaml: titles[foreign minister]" not in out
    assert "rules never fired on" in err


def test_the_command_line_checks_the_rule_files(capsys):
    assert main(["rules"]) == 0
    assert "all load" in capsys.readouterr().out
