"""Rule files load, and a bad one stops with file, line and problem."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from korea_tech.ruleset import RuleError, load_rules


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_builtin_rules_load():
    rules = load_rules()
    assert {e.label for e in rules.entries} == {"MINISTRY", "PROGRAMME"} and "en" in rules.languages
    assert {p.label for p in rules.patterns} >= {"MONEY", "YEAR", "DATE", "MINISTRY", "PROGRAMME"}
    assert all(":" in p.rule for p in rules.patterns)
    assert len(rules.fingerprint) == 64


def test_fingerprint_changes_with_extra_rules(tmp_path):
    write(tmp_path, "extra.yaml", """
        kind: gazetteer
        label: MINISTRY
        entries:
          - {id: xx.test, country: FR, names: ["Ministry of Testing Affairs"]}
    """)
    assert load_rules([tmp_path]).fingerprint != load_rules().fingerprint


def test_an_extra_rules_folder_adds_a_ministry_without_code(tmp_path):
    from korea_tech.engine import Engine

    from .conftest import collect

    write(tmp_path, "mine.yaml", """
        kind: gazetteer
        label: MINISTRY
        entries:
          - id: fr.research
            country: FR
            names:
              - {name: "Ministry of Higher Education and Research", acronym: MESR}
    """)
    rows = collect(Engine(rule_paths=[tmp_path]), ["The MESR funds it."]).rows
    assert [(m.text, m.norm["canonical"], m.norm["country"]) for m in rows] == [
        ("MESR", "Ministry of Higher Education and Research", "FR")]


@pytest.mark.parametrize("name, text, line, problem", [
    ("bad.yaml", "kind: gazetteer\nlabel: MINISTRY\nentries: [\n", 4, "bad YAML"),
    ("kind.yaml", "kind: recipes\n", 1, "unknown kind"),
    ("label.yaml", "kind: gazetteer\nlabel: COMPANY\nentries: []\n", 1, "unknown gazetteer label"),
    ("country.yaml", "kind: gazetteer\nlabel: MINISTRY\nentries:\n  - id: x\n    names: [Ministry of X]\n", 4,
     "needs 'country'"),
    ("key.yaml", "kind: gazetteer\nlabel: MINISTRY\nentries:\n  - id: x\n    country: KR\n    names: [X]\n    alias: [Y]\n",
     7, "unknown key(s) alias"),
    ("date.yaml", "kind: gazetteer\nlabel: MINISTRY\nentries:\n  - id: x\n    country: KR\n"
                  "    names:\n      - {name: X, from: 2017}\n", 7, "YYYY-MM-DD"),
    ("patterns/p.jsonl", '{"id": "a", "label": "YEAR", "pattern": [{"TEXT": "x"}]}\n{"id": "b", "label": "YEAR"\n',
     2, "bad JSON"),
    ("patterns/q.jsonl", '\n{"id": "a", "label": "CITY", "pattern": [{"TEXT": "x"}]}\n', 2, "unknown label"),
    ("patterns/r.jsonl", '{"id": "a", "label": "YEAR", "pattern": [{"TEXTX": "x"}]}\n', 1, "spaCy rejects"),
    ("patterns/s.jsonl", '{"id": "a", "label": "YEAR", "pattern": [{"LOWER": {"IN": "$nowhere"}}]}\n', 1,
     "unknown vocabulary $nowhere"),
])
def test_bad_rule_files_name_file_line_and_problem(tmp_path, name, text, line, problem):
    (tmp_path / Path(name)).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path])
    message = str(caught.value)
    assert f"{tmp_path.name}/{name}:{line}" in message
    assert problem in message


def test_one_name_for_two_bodies_is_an_error(tmp_path):
    write(tmp_path, "dup.yaml", """
        kind: gazetteer
        label: MINISTRY
        entries:
          - {id: kr.copy, country: KR, names: ["Ministry of Trade, Industry and Energy"]}
    """)
    with pytest.raises(RuleError, match="already belongs to 'kr.motie'"):
        load_rules([tmp_path])


def test_missing_rules_folder(tmp_path):
    with pytest.raises(RuleError, match="no such rules folder or file"):
        load_rules([tmp_path / "nope"])
