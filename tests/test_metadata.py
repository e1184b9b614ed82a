"""Package metadata is configuration: this repository's corpus gets its own from
pyproject.toml, a user's corpus from a communique.toml beside it, and without one the
defaults say nothing that could be false of someone else's corpus."""

import json
import shutil
from pathlib import Path

import pytest
from communique.cli import main
from communique.errors import UsageError
from communique.metadata import corpus_name, find_config, package_metadata
from corpus_helpers import ARTICLE_A, write_corpus

ROOT = Path(__file__).resolve().parents[1]
DESCRIPTIVE = ("name", "title", "description", "keywords", "licenses", "sources", "contributors")


def test_the_repository_corpus_keeps_the_metadata_it_was_published_with():
    config = find_config(ROOT / "articles")
    assert config is not None and config.origin.endswith("pyproject.toml [tool.communique]")
    metadata = package_metadata(config, "articles")
    committed = json.loads((ROOT / "datapackage" / "datapackage.json").read_text())
    assert {k: metadata.get(k) for k in DESCRIPTIVE} == {k: committed.get(k) for k in DESCRIPTIVE}


def test_another_corpus_in_the_project_folder_gets_defaults_not_the_projects(tmp_path, capsys):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    mine = write_corpus(project / "mycorpus", {"a": ARTICLE_A})
    assert main(["build", str(mine), "--out", str(tmp_path / "out")]) == 0
    assert "metadata: defaults" in capsys.readouterr().out
    descriptor = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    text = json.dumps({k: descriptor.get(k) for k in DESCRIPTIVE})
    for claim in ("Laos", "Azerbaijan", "CC-BY", "repository", "Communique contributors"):
        assert claim not in text, claim
    assert descriptor["name"] == "communique-mycorpus"
    assert "licenses" not in descriptor and "keywords" not in descriptor


def test_a_folder_called_articles_takes_its_name_from_the_folder_above(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "embassy-watch" / "articles", {"a": ARTICLE_A})
    assert corpus_name(corpus) == "embassy-watch"
    assert corpus_name(tmp_path / "embassy-watch") == "embassy-watch"
    assert main(["build", str(corpus), "--out", str(tmp_path / "out")]) == 0
    descriptor = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert descriptor["name"] == "communique-embassy-watch"
    assert descriptor["title"] == "Contacts reported in the articles of embassy-watch"


def test_a_communique_toml_beside_the_corpus_describes_it(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "press", {"a": ARTICLE_A})
    (tmp_path / "communique.toml").write_text(
        'corpus = "press"\n'
        'name = "embassy-press-releases"\n'
        'title = "Embassy press releases, 2025"\n'
        'keywords = ["embassies"]\n'
        "[[licenses]]\n"
        'name = "ODC-By-1.0"\n'
        'path = "https://opendatacommons.org/licenses/by/1-0/"\n'
        "[[contributors]]\n"
        'title = "A. Researcher"\n'
        'roles = ["creator"]\n',
        encoding="utf-8",
    )
    assert main(["build", str(corpus), "--out", str(tmp_path / "out")]) == 0
    assert f"metadata: {tmp_path / 'communique.toml'}" in capsys.readouterr().out
    descriptor = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert descriptor["name"] == "embassy-press-releases"
    assert descriptor["title"] == "Embassy press releases, 2025"
    assert descriptor["licenses"] == [
        {"name": "ODC-By-1.0", "path": "https://opendatacommons.org/licenses/by/1-0/"}
    ]
    assert descriptor["contributors"] == [{"title": "A. Researcher", "roles": ["creator"]}]
    assert "People, organisations" in descriptor["description"], "unset keys keep defaults"


def test_a_communique_toml_for_another_corpus_is_not_used(tmp_path):
    corpus = write_corpus(tmp_path / "press", {"a": ARTICLE_A})
    (tmp_path / "communique.toml").write_text('corpus = "speeches"\ntitle = "Speeches"\n')
    assert find_config(corpus) is None


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ('title = "No corpus named"\n', 'say which corpus it describes, e.g. corpus = "press"'),
        ('corpus = "press"\nlicence = "CC0"\n', "unknown key 'licence'"),
        ('corpus = "press"\nkeywords = "one"\n', "keywords must be a list of strings"),
        ('corpus = "press"\nname = "Not A Name"\n', "name must be lower-case"),
        ('corpus = "press"\n[[licenses]]\ntitle = "Some licence"\n', "licenses #1 needs name"),
        ('corpus = "press\n', "not readable as TOML"),
    ],
)
def test_a_mistake_in_the_file_is_one_line_naming_it(tmp_path, capsys, toml, says):
    corpus = write_corpus(tmp_path / "press", {"a": ARTICLE_A})
    config = tmp_path / "communique.toml"
    config.write_text(toml, encoding="utf-8")
    with pytest.raises(UsageError, match=str(config)):
        package_metadata(find_config(corpus), "press")
    assert main(["build", str(corpus), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1, err
    assert not (tmp_path / "out").exists()
