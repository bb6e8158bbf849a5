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


# ------------------------------------------------------------------ overlays compose
def test_an_overlay_adds_a_stamp_without_losing_the_built_in_ones(tmp_path):
    from korea_tech.engine import Engine

    write(tmp_path, "documents.yaml", """
        kind: documents
        stamps:
          - {regex: '^Posted (?P<date>\\d{4}-\\d{2}-\\d{2})$', scope: item}
    """)
    rules = load_rules([tmp_path])
    assert len(rules.documents["stamps"]) == len(load_rules().documents["stamps"]) + 1
    assert rules.documents["item_separator"] == "-"
    from .conftest import SEEDS, collect

    dated = {r["doc_id"] for r in collect(Engine(rule_paths=[tmp_path]), [SEEDS / "003_dc10d14db94d7939.txt"]).rows
             if r["doc_date"]}
    assert len(dated) == 10  # seed 003's ten items keep their dates
    posted = collect(Engine(rule_paths=[tmp_path]), ["Posted 2022-04-05\nMOTIE acts this year."]).rows
    assert [r["norm"]["start"] for r in posted if r["label"] == "YEAR"] == [2022]


def test_an_overlay_adds_month_names_to_a_language(tmp_path):
    write(tmp_path, "en/months.yaml", """
        kind: vocabulary
        tables:
          months: {1: [janv.], 2: [févr.]}
    """)
    months = load_rules([tmp_path]).language("en").tables["months"]
    assert months[1] == ["january", "jan", "jan.", "janv."] and months[12][0] == "december"


def test_extends_adds_names_to_a_body_and_a_rules_file_can_be_given_alone(tmp_path):
    from korea_tech.engine import Engine

    from .conftest import collect

    path = write(tmp_path, "motie.yaml", """
        kind: gazetteer
        label: MINISTRY
        entries:
          - extends: kr.motie
            aliases: ["Trade Ministry of Korea"]
            acronyms: [MoTIE]
    """)
    rows = collect(Engine(rule_paths=[path]), ["The Trade Ministry of Korea and MoTIE met on trade."]).rows
    assert [(r["text"], r["norm"]["canonical"]) for r in rows] == [
        ("Trade Ministry of Korea", "Ministry of Trade, Industry and Energy"),
        ("MoTIE", "Ministry of Trade, Industry and Energy")]
    assert rows[0]["rule"].startswith("rules/ministries.yaml:")


@pytest.mark.parametrize("name, text, problem", [
    ("dup-id.yaml", """
        kind: gazetteer
        label: MINISTRY
        entries:
          - {id: kr.motie, country: KR, names: ["Ministry of Testing"]}
     """, "id 'kr.motie' is already defined (rules/ministries.yaml:"),
    ("dup-acronym.yaml", """
        kind: gazetteer
        label: MINISTRY
        entries:
          - {id: kr.other, country: KR, names: ["Ministry of Other Things"], acronyms: [MOTIE]}
     """, "name 'motie' of 'kr.other' already belongs to 'kr.motie' (rules/ministries.yaml:"),
    ("unknown.yaml", """
        kind: gazetteer
        label: MINISTRY
        entries:
          - {extends: kr.nowhere, aliases: [X]}
     """, "'extends: kr.nowhere' names no entry"),
    ("en/tolerance.yaml", """
        kind: vocabulary
        tables:
          equivalence: {tolerance: 0.1}
     """, "'equivalence.tolerance' is already 0.25 (rules/money.yaml:"),
    ("en/patterns/p.jsonl", '{"id": "money.bare", "label": "MONEY", "pattern": [{"LOWER": "x"}]}\n',
     "pattern id 'money.bare' is already used (rules/en/patterns/money.jsonl:"),
    ("xx/words.yaml", "kind: vocabulary\nvocab: {a: [b]}\n", "names no language ktech reads"),
])
def test_an_overlay_never_silently_replaces(tmp_path, name, text, problem):
    write(tmp_path, name, text)
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path])
    assert problem in str(caught.value) and f"{tmp_path.name}/{name}" in str(caught.value)


def test_override_replaces_explicitly(tmp_path):
    write(tmp_path, "en/tolerance.yaml", """
        kind: vocabulary
        override:
          tables:
            equivalence: {tolerance: 0.1}
    """)
    tables = load_rules([tmp_path]).language("en").tables
    assert tables["equivalence"]["tolerance"] == 0.1 and tables["equivalence"]["link_words"]


def test_a_pattern_typo_is_one_line_naming_file_line_and_key(tmp_path):
    from typer.testing import CliRunner

    from korea_tech.cli import app

    write(tmp_path, "en/patterns/typo.jsonl", '{"id": "t", "label": "YEAR", "pattern": [{"LOWR": "x"}]}\n')
    result = CliRunner().invoke(app, ["rules", "validate", "--rules", str(tmp_path)])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert f"{tmp_path.name}/en/patterns/typo.jsonl:1: spaCy rejects pattern 't': token 0, LOWR:" in line


@pytest.mark.parametrize("key, value", [("longest_match", 0), ("longest_match", "many"), ("longest_word", 5)])
def test_bounds_that_keep_every_input_linear_are_checked(tmp_path, key, value):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "tokenizer.yaml").write_text(f"kind: tokenizer\noverride:\n  {key}: {value}\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path]).language("en")
    assert f"{tmp_path.name}/en/tokenizer.yaml:3" in str(caught.value) and f"{key} must be a whole number" in str(caught.value)


@pytest.mark.parametrize("value", [-1, "many", 2.5])
def test_the_lines_read_for_a_date_are_a_count(tmp_path, value):
    (tmp_path / "window.yaml").write_text(f"kind: documents\noverride:\n  date_line_window: {value}\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path])
    assert f"{tmp_path.name}/window.yaml:3" in str(caught.value) and "date_line_window must be a whole number" in str(caught.value)


def test_plain_words_must_be_a_regular_expression(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "tokenizer.yaml").write_text("kind: tokenizer\noverride:\n  plain_words: '[a-z'\n",
                                                    encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path]).language("en")
    assert f"{tmp_path.name}/en/tokenizer.yaml:3" in str(caught.value)
    assert "plain_words is not a valid regular expression" in str(caught.value)


def test_a_bad_heading_regex_is_reported_where_the_user_wrote_it(tmp_path):
    (tmp_path / "documents.yaml").write_text("kind: documents\noverride:\n  heading_regex: '^(#'\n",
                                             encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path])
    assert f"{tmp_path.name}/documents.yaml:3" in str(caught.value)  # not the built-in file
    assert "heading_regex is not a valid regular expression" in str(caught.value)


def test_a_bad_stamp_regex_is_reported_at_its_line(tmp_path):
    write(tmp_path, "documents.yaml", """
        kind: documents
        stamps:
          - {regex: '^Filed (?P<date>\\d{4}-\\d{2}-\\d{2})$', scope: item}
          - {regex: '^Posted (?P<date>\\d{4}', scope: item}
    """)
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path])
    assert f"{tmp_path.name}/documents.yaml:4" in str(caught.value)
    assert "bad regular expression" in str(caught.value)


def test_a_stamp_that_reads_no_date_stops_the_run_when_the_rules_load(tmp_path):
    """A stamp's date is its ``date`` group: one without it failed only when a document
    first matched it (IndexError, exit 1)."""
    from typer.testing import CliRunner

    from korea_tech.cli import app

    write(tmp_path, "documents.yaml", """
        kind: documents
        stamps:
          - {regex: '^Posted (?P<when>\\d{4}-\\d{2}-\\d{2})$', scope: item}
    """)
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path])
    assert f"{tmp_path.name}/documents.yaml:3" in str(caught.value) and "has no group named date" in str(caught.value)
    (tmp_path / "in.txt").write_text("Posted 2022-04-05\nMOTIE acts this year.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in.txt"), "--rules", str(tmp_path / "documents.yaml"),
                                      "--out", "-"])
    assert result.exit_code == 2 and "has no group named date" in result.output


@pytest.mark.parametrize("rules, where, problem", [
    ("kind: documents\noverride:\n  heading_regex: '^#+ (.*)$'\n", 3, "heading_regex has no group named title"),
    ("kind: documents\nfile_name_dates:\n  - '(?P<y>\\d{4})-(?P<m>\\d\\d)'\n", 2, "has no group named d"),
])
def test_a_documents_regex_without_the_groups_read_is_a_rule_error(tmp_path, rules, where, problem):
    """The reader takes a heading's ``title`` and a file name's ``y``, ``m`` and ``d``: a
    regex without them failed only when a file first matched it."""
    (tmp_path / "documents.yaml").write_text(rules, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([tmp_path])
    assert f"{tmp_path.name}/documents.yaml:{where}" in str(caught.value) and problem in str(caught.value)


def test_an_added_affix_rule_that_splits_plain_words_stops_the_run(tmp_path):
    """Plain words skip the affix rules: an added suffix that would cut a number ("100"
    -> "1" | "0" | "0") makes the declaration wrong, and the error says where it is."""
    from korea_tech.engine import Engine

    write(tmp_path, "en/zeros.yaml", """
        kind: tokenizer
        suffixes: ['(?<=\\d)0']
        """)
    with pytest.raises(RuleError) as caught:
        Engine(rule_paths=[tmp_path]).pipeline("en")
    assert "rules/en/tokenizer.yaml:" in str(caught.value) and "plain_words matches" in str(caught.value)
    write(tmp_path, "en/zeros.yaml", """
        kind: tokenizer
        suffixes: ['(?<=\\d)0']
        override:
          plain_words: '[A-Za-z]+'
        """)
    doc = Engine(rule_paths=[tmp_path]).pipeline("en").nlp("It cost 100 won.")
    assert [t.text for t in doc][2:5] == ["1", "0", "0"]


def test_rules_validate_builds_each_tokenizer_to_check_plain_words(tmp_path):
    from typer.testing import CliRunner

    from korea_tech.cli import app

    write(tmp_path, "en/zeros.yaml", """
        kind: tokenizer
        suffixes: ['(?<=\\d)0']
        """)
    result = CliRunner().invoke(app, ["rules", "validate", "--rules", str(tmp_path)])
    assert result.exit_code == 2
    assert "rule file error: rules/en/tokenizer.yaml:" in result.stderr and "plain_words matches" in result.stderr


def test_a_pattern_on_a_word_attribute_the_engine_does_not_read_still_matches_new_words(tmp_path):
    """The vocabulary computes only the word attributes some pattern or the engine reads;
    a rule file testing another one (LIKE_URL, IS_UPPER) keeps it for words met later."""
    from spacy.attrs import IS_UPPER, LIKE_URL

    from korea_tech.engine import Engine

    builtin = Engine().pipeline("en").nlp.vocab
    assert LIKE_URL not in builtin.lex_attr_getters and IS_UPPER not in builtin.lex_attr_getters
    write(tmp_path, "en/patterns/web.jsonl",
          '{"id": "web", "label": "PROGRAMME", "pattern": [{"LIKE_URL": true}]}\n'
          '{"id": "shout", "label": "PROGRAMME", "pattern": [{"IS_UPPER": true, "LENGTH": 7}]}\n')
    pipeline = Engine(rule_paths=[tmp_path]).pipeline("en")
    text = "See https://example.org/qz7kv3 and the ZQXWVKJ plan; not www or Zqxwvkj."
    found, _ = pipeline.finder.read([pipeline.nlp(text)])
    proposed = {(text[c.start:c.end], c.rule_id) for c in found[0]}
    assert ("https://example.org/qz7kv3", "web") in proposed and ("ZQXWVKJ", "shout") in proposed
    assert ("Zqxwvkj", "shout") not in proposed and ("www", "web") not in proposed
