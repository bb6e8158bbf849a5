"""What the engine reads off a rule file's regex before running it over a text: the
strings every match holds (needles) whether matches begin only at line starts, and whether each lies inside one line."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from korea_tech.regexes import in_one_line, line_led, may_match, needle_line_matches, needles

# the shapes of the rule files' regexes: lookbehinds, classes, groups, branches, flags
_REGEXES = [
    r"(?<![\w.+\\-])[\w.+\\-]+@[\w-]+(?:\.[\w-]+)+",
    r"(?<![^\s<>()\[\]])[^\s<>()\[\]]+\.(?:pdf|docx?|xlsx?)\b",
    r"\b(?:ISBN|ISSN|doi)\s*:?\s*[\dX./\-]+",
    r"(?:https?://|www\.)[^\s<>()\]]+",
    r"(?:^|(?<=\s))\d{4}\s*(?:최종수정|수정)",
    r"^[ \t•-]*(?:Published|Posted(?:\s+on)?)\s*:?\s*\d+",
    r"ab(?:c|)d",
    r"(?i:ab)c",
    r"(?i)abc",
    r"x*(?:ab|a)c?",
]
_WORDS = ["a", "b", "c", "d", "x", "A", "B", "C", " ", "\n", "@", ".", "pdf", "doc", "ISBN", "doi", ":", "1", "2024",
          "수정", "최종수정", "http://", "www.", "-", "Published", "Posted on"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25))
def test_a_text_without_a_needle_has_no_match(words):
    text = "".join(words)
    for pattern in _REGEXES:
        regex = re.compile(pattern, re.M)
        if regex.search(text):
            assert may_match(needles(regex), text), pattern


def test_needles_are_the_strings_a_match_cannot_do_without():
    assert needles(re.compile(_REGEXES[0])) == ("@",)
    assert needles(re.compile(_REGEXES[1])) == (".doc", ".pdf", ".xls")
    assert needles(re.compile(_REGEXES[3])) == ("http", "www.")
    assert needles(re.compile(_REGEXES[4])) == ("수정", "최종수정")
    assert needles(re.compile(r"ab(?:c|)d")) == ("ab",)  # an empty alternative ends the prefix
    assert needles(re.compile(r"(?i:ab)c")) == ("c",)  # no needle inside a case-blind group
    # nothing to skip a text on: case-blind, or no literal in the top-level sequence
    assert needles(re.compile(r"(?i)abc")) == ()
    assert needles(re.compile(r"\d+[a-z]?")) == ()
    assert may_match((), "anything") and not may_match(("@",), "no address here")


def test_only_regexes_that_open_with_a_line_start_and_hold_a_character_are_line_led():
    assert line_led(re.compile(r"^\s*Published", re.M))
    assert not line_led(re.compile(r"^\s*Published"))  # ^ is the text's start only
    assert not line_led(re.compile(r"^a|b", re.M))  # b anywhere
    assert not line_led(re.compile(r"^\s*", re.M))  # empty matches
    assert not line_led(re.compile(r"(?<=\s)date", re.M))


def test_needles_looked_up_once_per_text_give_the_same_answer():
    found: dict[str, bool] = {}
    assert may_match(("수정", "입력"), "2024년 3월 입력", found) and found == {"수정": False, "입력": True}
    assert not may_match(("수정",), "2024년 3월 입력", found)
    assert may_match(("입력", "x"), "2024년 3월 입력", found) and "x" not in found


def test_regexes_that_read_no_line_break_stay_in_one_line():
    stays = [r"(?<![\w.+\\-])[\w.+\\-]+@[\w-]+(?:\.[\w-]+)+", r"(?<![^\s<>()\[\]])[^\s<>()\[\]]+\.(?:pdf|docx?)\b",
             r"(?:https?://|www\.)[^\s<>()\]]+", r"a.b", r"^\d+[ \t]*x", r"(?<=\n)ab"]
    leaves = [r"\b(?:ISBN|doi)\s*:?\s*[\dX./\-]+",  # \s reads a line break
              r"x(?<=x(?=\n))", r"x(?<=x$)", r"(?<=a(?=b\nc))b",  # a lookbehind that looks ahead
              r"a.$", r"(?s)a.b", r"a(?=b)", r"[^a]b", r"a\Wb", r"(a)\1", r"a\nb", r"a[\n]"]
    assert all(in_one_line(re.compile(p)) for p in stays)
    assert not any(in_one_line(re.compile(p)) for p in leaves)


_ATOMS = [r"a", r"b", r"\.", r"@", r"[^\s]", r"[\w.-]", r"\s", r"[ \t]", r".", r"\b", r"\B", r"(?<![\w])", r"(?<=\n)",
          r"(?<!a)", r"^", r"$", r"(?=b)", r"\d", r"[^a]", r"\n", r"(?:ab|a\.)", r"x", r"(?i:A)", r"\W", r"[^\S\n]", r"\r",
          r"(?s:.)", r"[\x00-\x7f]", r"\Z", r"(?<=a(?=\n))", r"(?<=a$)", r"(?<=\na)", r"(?<![^\n]\n)"]


_PARTS = st.lists(st.tuples(st.sampled_from(_ATOMS), st.sampled_from(["", "+", "*", "?", "{1,3}", "+?"])), max_size=3)


@settings(max_examples=400, deadline=None)
@given(_PARTS, st.sampled_from(["@", "ab", r"\.x", "(?:a@|b@)"]), _PARTS, st.sampled_from([0, re.M, re.S]),
       st.lists(st.text(alphabet="ab@x\n. ", max_size=12) | st.text(alphabet="ab.@x \t\n\r1-_", max_size=40),
                min_size=1, max_size=10))
def test_a_regex_in_one_line_run_over_the_lines_with_a_needle_finds_what_the_whole_text_gives(
        before, literal, after, flags, texts):
    """(a literal in the middle gives the regex needles; regexes that read a line break
    are left out)"""
    try:
        regex = re.compile("".join(a + q for a, q in before) + literal + "".join(a + q for a, q in after), flags)
    except re.error:
        return
    found = needles(regex)
    if not in_one_line(regex):
        return
    assert found
    for text in texts:
        assert [m.span() for m in needle_line_matches(regex, found, text)] == [m.span() for m in regex.finditer(text)]
