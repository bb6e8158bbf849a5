"""The shortcuts that make matching fast must find exactly what spaCy finds without them:
lexeme flags for word predicates, windows for the Matcher, per-Doc sentence arrays."""
from __future__ import annotations

import contextlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS, SHARED

# Texts the rules were not written on, with lines that stress the windows: ranges,
# footnote markers, lists of names, amounts split by line breaks, headings.
EXTRA = """\
Press release 3 March 2024
Ministry of Oceans and Fisheries (MOF) and the Korea Forest Service announce the K-Bio Strategy 2030.
The fund grows from KRW 1.5 trillion to 2 trillion won between 2024 and 2026, or 903 000 million won.<sup>12</sup>
Over the next five years, the Ministry of Science and ICT will invest $3.9 bn (€3.3 bn) in 5G+ strategy.
Table 2 | 2019–2021 | FY2023 | FY'24 | mid-2020s | ISBN 978-92-9460-706-5 | pp. 2019
The Brazilian Mines and Energy Ministry, the National Institute of Standards and Technology
and the Department of Commerce met on May 5, 2023; funding may be cut.
"""


def _texts():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    guide = SHARED / "extraction-guide.md"
    if guide.exists():
        texts.append(guide.read_text(encoding="utf-8"))
    return texts + [EXTRA]


@pytest.fixture(scope="module")
def english(engine):
    return engine.pipeline("en")


@pytest.fixture(scope="module")
def parsed(english):
    texts = _texts()
    return texts, list(english.nlp.pipe(texts))


def whole_doc_matches(finder, docs):
    """What a plain spaCy Matcher per rule file finds in whole Docs (no windows, no
    flags-only shortcuts for fixed patterns, no pieces, bounded repeats as written, no
    run-start marks), kept inside one sentence, then as ktech defines its candidates:
    matches of at most the language's ``longest_match`` tokens, a run-led pattern's only
    where its run begins, the longest of a pattern's matches per end."""
    from korea_tech.matching import longest_per_end

    begins = run_beginnings(finder, docs)
    return [longest_per_end([m for m in found if m[2] - m[1] <= finder.longest_match
                             and (m[0] not in begins[i] or m[1] in begins[i][m[0]])])
            for i, found in enumerate(plain_matches(finder, docs))]


def run_beginnings(finder, docs):
    """Per Doc, per run-led pattern (its first word F, then a repeated word R; or R+ at
    first), the tokens where its run begins: F, and not (F before it, R here, in one
    sentence). Found with plain Matchers of the single specs as written."""
    from spacy.matcher import Matcher

    written = {finder.nlp.vocab.strings.add(key): pattern for group in finder.groups.values()
               for key, pattern in group.patterns}
    out = [{} for _ in docs]
    for match_id in finder.run_led:
        pattern = written[match_id]
        first = {k: v for k, v in pattern[0].items() if k != "OP"}
        run = first if pattern[0].get("OP") == "+" else {k: v for k, v in pattern[1].items() if k != "OP"}
        for i, doc in enumerate(docs):
            at = {}
            for name, spec in (("F", first), ("R", run)):
                matcher = Matcher(finder.nlp.vocab, validate=False)
                matcher.add(name, [[spec]])
                at[name] = {s for _, s, _ in matcher(doc)}
            out[i][match_id] = {s for s in at["F"] if not (s - 1 in at["F"] and s in at["R"]
                                                            and doc[s - 1].sent == doc[s].sent)}
    return out


def plain_matches(finder, docs):
    """What a plain spaCy Matcher per rule file finds in whole Docs, inside one sentence."""
    from spacy.matcher import Matcher

    from korea_tech.gates import DocWindows

    windows = DocWindows(docs, finder.lexemes, finder.token_attrs)
    found = [[] for _ in docs]
    for group in finder.groups.values():
        matcher = Matcher(finder.nlp.vocab, validate=False)
        for key, pattern in group.patterns:
            matcher.add(key, [pattern])
        for i, doc in enumerate(docs):
            found[i] += [(m, s, e) for m, s, e in matcher(doc) if windows.same_sentence(i, s, e)]
    return found


@contextlib.contextmanager
def read_by(reading: str):
    """Patterns matched as ktech runs them ("arrays": on arrays wherever the arrays
    decide every spec), or each pattern that is not fixed by spaCy's Matcher over its
    windows ("matcher": the path of a pattern the arrays cannot decide, such as a
    researcher's FUZZY or extension attribute)."""
    from korea_tech.gates import DocWindows

    with pytest.MonkeyPatch.context() as patch:
        if reading == "matcher":
            patch.setattr(DocWindows, "bounded_matches", lambda self, *args, **kwargs: None)
        yield


@pytest.mark.parametrize("reading", ["arrays", "matcher"])
def test_windows_find_what_the_whole_docs_give(english, parsed, reading):
    _, docs = parsed
    with read_by(reading):
        gated = english.finder._pattern_matches(docs)
    whole = whole_doc_matches(english.finder, docs)
    assert sum(map(len, whole)) > 500
    assert sum(len(group.fixed) for group in english.finder.groups.values()) >= 10  # matched by arrays
    assert [sorted(g) for g in gated] == [sorted(w) for w in whole]


def test_batches_of_docs_give_what_single_docs_give(english, parsed):
    _, docs = parsed
    together = english.finder.find_all(docs)
    alone = [english.finder.find_all([doc])[0] for doc in docs]
    assert together == alone


def test_tokens_read_from_a_batch_are_each_doc_s_own(engine, english, parsed):
    """The stages after matching read a Doc's tokens from its batch's arrays and its words'
    rows: the same arrays as read from the Doc itself, and so the same layout, in English
    and Korean, for empty and odd texts too."""
    import numpy

    from korea_tech.gates import Tokens
    from korea_tech.layout import Layout

    texts, docs = parsed
    odd = ["", "   \n\n ", "x\u0301 \U0001f600 -- ", "과학기술정보통신부는 2024년 3조 5천억원을 투자한다.\n\n다음 문단"]
    korean = engine.pipeline("ko")
    for pipeline, batch_texts in ((english, texts + odd), (korean, odd)):
        batch = docs + [pipeline.nlp(t) for t in odd] if pipeline is english else [pipeline.nlp(t) for t in odd]
        found, windows = pipeline.finder.read(batch)
        for i, (text, doc) in enumerate(zip(batch_texts, batch)):
            ours, own = windows.tokens(i), Tokens.of_doc(doc)
            for name in ("orth", "lower", "punct", "stop", "space", "starts", "ends", "sent_start"):
                assert numpy.array_equal(getattr(ours, name), getattr(own, name)), (i, name)
            a, b = Layout(text, tokens=ours), Layout(text, doc)
            assert (a.starts.tolist(), a.ends.tolist(), a.flags.tolist(), a.sentences(), a.sent_first) == \
                   (b.starts.tolist(), b.ends.tolist(), b.flags.tolist(), b.sentences(), b.sent_first)
        assert found == [pipeline.finder.find_all([doc])[0] for doc in batch]
        assert any(ours.space.any() and ours.punct.any() and ours.stop.any()
                   for ours in (windows.tokens(i) for i in range(len(batch)))) or pipeline is korean


def test_lexeme_flags_match_like_the_predicates_they_replace(english, parsed):
    """The rewritten patterns against the patterns as written, in a plain spaCy Matcher."""
    from spacy.matcher import Matcher

    _, docs = parsed
    plain = Matcher(english.nlp.vocab)
    for key, p in english.finder.patterns.items():
        plain.add(key, [p.pattern])
    sentence = {}
    for doc, found in zip(docs, plain_matches(english.finder, docs)):
        starts = [t.is_sent_start for t in doc]
        inside = [m for m in plain(doc) if not any(starts[m[1] + 1:m[2]])]
        assert sorted(found) == sorted(inside)
        assert inside
        sentence[doc] = len(inside)
    assert sum(sentence.values()) > 500


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="aZk90.-/$₩억원RWKkrw'’&( ", min_size=1, max_size=9), min_size=1, max_size=30),
       st.sampled_from(["en", "ko"]))
def test_words_new_to_the_vocabulary_get_the_flags_their_getters_give(engine, words, code):
    """The rules' flags of a word first met are set in bulk when the finder reads its Doc
    (no getter per word): each is what the predicate's getter says of the word."""
    from korea_tech.matching import FLAG_BITS

    pipeline = engine.pipeline(code)
    flags = pipeline.finder.flags
    assert not set(FLAG_BITS) & set(pipeline.nlp.vocab.lex_attr_getters)  # no getter per new word
    doc = pipeline.nlp(" ".join(words))
    pipeline.finder.read([doc])
    for token in doc:
        for (attr, kind, arg), bit in flags.bits.items():
            assert token.check_flag(bit) == bool(flags._getter(attr, kind, arg)(token.text)), (token.text, attr, arg)


def test_flags_are_spent_first_on_first_tokens():
    import spacy

    from korea_tech.matching import LexicalFlags

    flags = LexicalFlags(spacy.blank("en").vocab)
    few = [[{"LOWER": {"IN": [f"w{i}"]}}, {"LOWER": {"IN": [f"x{i}"]}}] for i in range(40)]
    compiled = flags.compile(few)
    assert all(any(k.startswith("FLAG") for k in p[0]) for p in compiled)  # 40 first tokens: flags
    assert sum(any(k.startswith("FLAG") for k in p[1]) for p in compiled) == 5  # 45 bits in all
    assert all("LOWER" in p[1] for p in compiled if not any(k.startswith("FLAG") for k in p[1]))


def test_layout_sentences_agree_with_span_sent(parsed):
    from korea_tech.layout import Layout

    texts, docs = parsed
    rnd = random.Random(7)
    checked = 0
    for text, doc in zip(texts, docs):
        index = Layout(text, doc)
        words = [t for t in doc if not t.is_space]
        for _ in range(200):
            i = rnd.randrange(len(words))
            j = min(len(words) - 1, i + rnd.randrange(8))
            start, end = words[i].idx, words[j].idx + len(words[j])
            want = " ".join(doc.char_span(start, end, alignment_mode="expand").sent.text.split())
            assert index.sentence_text(start, end) == want
            checked += 1
    assert checked >= 1000


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["KRW", "1.5", "trillion", "won", "2024", "to", "2026", "Ministry", "of",
                                 "Science", "Plan", "Strategy", "May", "5", ",", ".", "\n", "the", "FY2023",
                                 "<sup>", "</sup>", "mid-2020s", "five", "years", "-", "National", "Agency"]),
                min_size=1, max_size=40))
def test_windows_are_exact_on_any_token_soup(english, words):
    doc = english.nlp(" ".join(words))
    for reading in ("arrays", "matcher"):
        with read_by(reading):
            found = english.finder._pattern_matches([doc])[0]
        assert sorted(found) == sorted(whole_doc_matches(english.finder, [doc])[0])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["Korea", "Science", "Technology", "Plan", "Strategy", "Fund", "and", "of", "the",
                                 "\u201c", "\u201d", "Ministry", "National", "2020", "-", "KRW", "1.5", "trillion",
                                 "Act", "Agency", "New", "Deal", "for", "Growth"]),
                min_size=60, max_size=200))
def test_long_runs_read_in_pieces_find_what_whole_docs_give(english, words):
    """Runs longer than twice ``longest_match`` are matched in overlapping pieces, and
    patterns with a bounded repeat read as ``*`` then checked as written: the same
    matches as a plain Matcher over the whole Doc."""
    doc = english.nlp(" ".join(words))
    for reading in ("arrays", "matcher"):
        with read_by(reading):
            found = english.finder._pattern_matches([doc])[0]
        assert sorted(found) == sorted(whole_doc_matches(english.finder, [doc])[0])


def test_longest_per_end_keeps_one_match_per_pattern_and_end():
    from korea_tech.matching import longest_per_end

    matches = [(1, 0, 5), (1, 2, 5), (1, 4, 5), (2, 2, 5), (1, 0, 3), (1, 1, 3)]
    assert sorted(longest_per_end(matches)) == [(1, 0, 3), (1, 0, 5), (2, 2, 5)]
    assert longest_per_end([(1, 0, 2), (1, 2, 4)]) == [(1, 0, 2), (1, 2, 4)]  # nothing to drop


def test_bounded_repeats_become_one_state_and_keep_their_bound():
    from korea_tech.matching import without_bounded_repeats

    pattern = [{"ORTH": "“"}, {"IS_ALPHA": True, "OP": "{0,12}"}, {"ORTH": "”"}]
    unforked, most, bounds = without_bounded_repeats(pattern)
    assert unforked[1] == {"IS_ALPHA": True, "OP": "*"} and most == 14 and bounds == {1: 12}
    two = [{"IS_DIGIT": True, "OP": "{2,5}"}]
    assert without_bounded_repeats(two)[0] == [{"IS_DIGIT": True}, {"IS_DIGIT": True}, {"IS_DIGIT": True, "OP": "*"}]
    assert without_bounded_repeats(two)[2] == {2: 3}
    small = [{"IS_DIGIT": True, "OP": "{1,2}"}, {"ORTH": "x", "OP": "?"}]
    assert without_bounded_repeats(small) == (small, 3, {})  # one optional token forks little


@pytest.mark.parametrize("text, found", [
    ("“ a b Plan c ”", True),
    ("“ a b c d Plan ”", False),  # four words before the head: more than {0,3}
    ("“ Plan Plan Plan Plan ”", True),  # long enough to be checked; as written it fits
    ("“ a b c Plan d e f ”", True),
    ("“ a b c Plan d e f g ”", False),
    ("“ a Plan b c d e ”", False),
])
def test_bounded_repeats_match_as_written(text, found):
    """A Matcher of the rewritten pattern, a match long enough to break a bound checked
    against the pattern as written, against spaCy on the pattern itself."""
    import spacy
    from spacy.matcher import Matcher

    from korea_tech.matching import CandidateFinder, PatternGroup, least_length, without_bounded_repeats

    nlp = spacy.blank("en")
    pattern = [{"ORTH": "“"}, {"IS_ALPHA": True, "OP": "{0,3}"}, {"LOWER": "plan"},
               {"IS_ALPHA": True, "OP": "{0,3}"}, {"ORTH": "”"}]
    plain = Matcher(nlp.vocab)
    plain.add("p", [pattern])
    doc = nlp(text)
    finder = CandidateFinder.__new__(CandidateFinder)
    unforked, _, bounds = without_bounded_repeats(pattern)
    group = PatternGroup(Matcher(nlp.vocab), [], [], [], checked=True)
    group.matcher.add("p", [unforked])
    finder.exact = plain
    finder.free_length = {nlp.vocab.strings["p"]: least_length(pattern) + min(bounds.values())}
    assert sorted(finder._matches(group, doc, 0, len(doc))) == sorted(plain(doc))
    assert bool(plain(doc)) == found


def test_a_quoted_title_longer_than_its_pattern_allows_is_not_a_name(mentions):
    words = " ".join(["word"] * 14)
    found = [t for label, t, _ in mentions(f"It launched the “{words} Strategy” today.", "2024-01-10")
             if label == "PROGRAMME"]
    assert not any(words in t for t in found)


@pytest.mark.parametrize("text, name", [
    ("Reported by the European  \nCommission today.", "European  \nCommission"),
    ("Filler words here. " * 30 + "the Ministry of Science\nand ICT said", "Ministry of Science\nand ICT"),
    ("the Ministry of\nScience and\nICT said, and so did the Korea Forest\nService", "Ministry of\nScience and\nICT"),
])
def test_names_broken_across_lines_are_found(mentions, text, name):
    found = [t for label, t, _ in mentions(text, "2024-01-10") if label == "MINISTRY"]
    assert name in found


def test_a_line_break_between_two_unrelated_words_reads_no_name(mentions):
    text = "The Ministry\nof the day was busy; Commission\nEuropean rules."
    assert all("\n" not in t for _, t, _ in mentions(text, "2024-01-10"))


def test_lazy_normalisation_keeps_what_the_traced_build_keeps(english, parsed):
    """Without a trace, candidates are normalised only when they win their place."""
    from korea_tech.document import Document
    from korea_tech.layout import Layout

    texts, docs = parsed
    found = 0
    for i, (text, doc) in enumerate(zip(texts, docs)):
        document = Document(f"t{i}#1", f"t{i}", f"t{i}", text)
        candidates = english.finder.find_all([doc])[0]
        layout = Layout(text, doc)
        traced = english.builder.build(document, candidates, layout, trace=True)
        lazy = english.builder.build(document, candidates, layout, trace=False)
        assert lazy.mentions == traced.mentions and not lazy.trace
        found += len(lazy.mentions)
    assert found > 400  # the seeds alone hold 442 mentions


def test_patterns_proposing_one_span_alike_give_one_candidate_and_the_same_mentions(english, parsed):
    """Two patterns that propose the same span with the same label and rank give one
    candidate: the one with the lowest rule id, which the overlap policy tries first. The
    others would be tried only where it is not a mention; the mentions built with a copy
    of every candidate (tried after it) are the same."""
    from dataclasses import replace

    from korea_tech.document import Document
    from korea_tech.layout import Layout

    amounts = "KRW 5 billion, KRW 5.5 billion and 3 trillion won."
    texts, docs = parsed
    for i, (text, doc) in enumerate(zip(texts + [amounts], docs + [english.nlp(amounts)])):
        candidates = english.finder.find_all([doc])[0]
        proposed = [(c.start, c.end, c.label, c.priority, c.block) for c in candidates if c.entry is None]
        assert len(proposed) == len(set(proposed))
        copies = sorted(candidates + [replace(c, rule_id=c.rule_id + "~copy") for c in candidates if c.entry is None],
                        key=lambda c: (c.start, -c.end, c.label, c.rule_id))
        document = Document(f"t{i}#1", f"t{i}", f"t{i}", text)
        layout = Layout(text, doc)
        assert english.builder.build(document, candidates, layout).mentions == \
            english.builder.build(document, copies, layout).mentions
    money = [c.rule_id for c in candidates if c.label == "MONEY" and text[c.start:c.end] == "KRW 5 billion"]
    assert money == ["money.code-first"]  # not also money.sign-number


@pytest.mark.parametrize("pattern", [
    [{"IS_DIGIT": True, "SPACY": False}, {"ORTH": "-"}],  # a token attribute, not the word's
    [{"LOWER": {"IN": ["fy", "fiscal"]}}, {"SHAPE": "dddd"}],
    [{"TEXT": {"REGEX": "^[A-Z]{2,}$"}}, {"LOWER": {"NOT_IN": ["and", "of"]}, "IS_TITLE": True}],
])
def test_fixed_patterns_on_arrays_match_as_the_matcher_does(pattern):
    import spacy
    from spacy.matcher import Matcher

    from korea_tech.gates import DocWindows, LexemeTable, PatternGate, token_attributes

    nlp = spacy.blank("en")
    docs = [nlp("FY 2023 and fiscal 2024, 12-3 then 7 - 8; KRW Seoul and OECD Paris."), nlp("2020-21 FY2022 NASA Houston")]
    gate = PatternGate.of(pattern, nlp.vocab.strings)
    assert gate.fixed
    windows = DocWindows(docs, LexemeTable(nlp.vocab), token_attributes([gate]))
    matcher = Matcher(nlp.vocab)
    matcher.add("p", [pattern])
    expected = [(i, s, e) for i, doc in enumerate(docs) for _, s, e in matcher(doc)]
    assert expected and sorted(windows.fixed_matches(gate)) == sorted(expected)


@pytest.mark.parametrize("pattern", [
    [{"IS_SENT_START": True}, {"IS_TITLE": True}],  # an attribute the arrays do not test
    [{"LOWER": "the"}, {"OP": "!", "IS_TITLE": True}],  # a negated token
    [{"IS_DIGIT": True}, {"IS_DIGIT": True, "OP": "{2}"}],
    [{"LENGTH": 3, "IS_UPPER": True}, {"LIKE_NUM": True}],  # a fixed pattern on LENGTH
    [{"TEXT": {"FUZZY": "Ministri"}}],  # a predicate the arrays cannot test
    [{"ORTH": "in"}, {"SHAPE": {"IN": ["dddd"]}, "OP": "?"}, {"IS_PUNCT": True}],
    [{"LOWER": {"REGEX": "^m"}}, {"OP": "*"}, {"IS_PUNCT": True}],  # a wildcard run
])
def test_windows_of_patterns_a_researcher_might_write(pattern):
    """Whatever a rule file holds, the windows hold every match a sentence holds."""
    import spacy
    from spacy.matcher import Matcher

    from korea_tech.gates import DocWindows, LexemeTable, PatternGate, token_attributes

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    docs = [nlp("The Ministry of Science said. Then KRW 5 billion was spent in 2024! Not in May 2025 or FY2023."),
            nlp("x y z. A b C d 12 13 14 in 2020.")]
    gate = PatternGate.of(pattern, nlp.vocab.strings)
    windows = DocWindows(docs, LexemeTable(nlp.vocab), token_attributes([gate]))
    matcher = Matcher(nlp.vocab)
    matcher.add("p", [pattern])
    if gate.fixed:
        found = windows.fixed_matches(gate)
    else:
        found = [(i, first + s, first + e) for i, first, last in windows.merged([gate])
                 for _, s, e in matcher(docs[i][first:last]) if windows.same_sentence(i, first + s, first + e)]
    expected = [(i, s, e) for i, doc in enumerate(docs) for _, s, e in matcher(doc) if windows.same_sentence(i, s, e)]
    assert sorted(found) == sorted(expected)


def _gate(pattern):
    import spacy

    from korea_tech.gates import PatternGate

    return PatternGate.of(pattern, spacy.blank("en").vocab.strings)


@pytest.mark.parametrize("pattern, led", [
    ([{"IS_TITLE": True}, {"IS_TITLE": True, "OP": "*"}, {"LOWER": "plan"}], True),
    ([{"IS_TITLE": True}, {"IS_TITLE": True, "OP": "+"}, {"LOWER": "plan"}], True),
    ([{"LIKE_NUM": True, "OP": "+"}, {"LOWER": "won"}], True),
    ([{"LIKE_NUM": True, "OP": "{1,}"}, {"LOWER": "won"}], True),
    ([{"IS_TITLE": True}, {"IS_TITLE": True, "OP": "{0,5}"}, {"LOWER": "plan"}], False),  # a bound counts the run
    ([{"IS_TITLE": True}, {"IS_TITLE": True, "OP": "?"}, {"LOWER": "plan"}], False),  # no run
    ([{"IS_TITLE": True, "OP": "?"}, {"IS_TITLE": True, "OP": "*"}, {"LOWER": "plan"}], False),  # first word optional
    ([{"IS_TITLE": True}, {"_": {"x": True}, "OP": "*"}, {"LOWER": "plan"}], False),  # run the arrays cannot test
    ([{"LOWER": "plan"}], False),
])
def test_run_led_patterns_are_those_a_word_before_can_lengthen(pattern, led):
    from korea_tech.matching import run_led

    assert (run_led(_gate(pattern)) is not None) == led


@pytest.mark.parametrize("op", ["+", "{1,}"])
def test_a_marked_run_keeps_its_repeat(op):
    from korea_tech.matching import RUN_START, RUN_START_ATTR, marked_start

    marked = marked_start([{"LIKE_NUM": True, "OP": op}, {"LOWER": "won"}])
    assert marked == [{"LIKE_NUM": True, RUN_START_ATTR: RUN_START}, {"LIKE_NUM": True, "OP": "*"}, {"LOWER": "won"}]


def test_a_run_led_pattern_starts_where_its_run_begins(english):
    """One candidate per end, from the run's first word; a head more than longest_match
    words into one run of name words opens no name (a heading or a list, not a name),
    while a determiner or a sentence end begins a new run."""
    finder = english.finder
    key = next(k for g in finder.groups.values() for k, _ in g.patterns if k.endswith("|programme.capitalised"))
    match_id = english.nlp.vocab.strings[key]

    def spans(text):
        doc = english.nlp(text)
        return [doc[s:e].text for m, s, e in finder._pattern_matches([doc])[0] if m == match_id]

    assert spans("They met on Monday. Korea Science Innovation Plan was approved.") == ["Korea Science Innovation Plan"]
    long_run = " ".join(["Korea Science Innovation"] * 10) + " Plan"  # 31 capitalised words
    assert spans(long_run) == []
    assert spans(long_run.replace("Korea Science Innovation Plan", "the Korea Science Innovation Plan")) \
        == ["Korea Science Innovation Plan"]
    assert spans(" ".join(["Korea Science Innovation"] * 4) + ". Korea Growth Plan") == ["Korea Growth Plan"]


_PIECE_WORDS = ["Korea", "'s", "’", "'", "countries’", "e.g.", "U.S.", "Jan.", "KRW5.2", "trillion", "won", "(", ")",
                "“", "”", "1,000", "-", "\n", "\n\n", "  ", " \n ", "\t", "\u00a0", "원이", "5억원", "사업(’12년", "MSIT",
                "don't", ":)", "...", "2024.", "a", "미 달러가", "50억", ":o", "o", ")", "미", "달러가", "3pm", "3",
                "pm", "gonna", "gon", "na", "내년도", "내년", "도", ":o)", "e.g", "U.S", "b", "S"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECE_WORDS), min_size=1, max_size=120), st.sampled_from(["en", "ko"]))
def test_tokenising_in_pieces_makes_the_tokens_of_the_whole_text(engine, words, code):
    """Texts are tokenised in pieces cut after line breaks (spaCy's cache then survives
    a special case): the same words, spaces and offsets as spaCy on the whole text."""
    import korea_tech.languages.base as base

    tokenizer = engine.pipeline(code).nlp.tokenizer
    text = "".join(w if w.isspace() else w + " " for w in words)
    saved = base.PIECE_CHARS
    try:
        base.PIECE_CHARS = 8  # many pieces even in a short text
        in_pieces = tokenizer(text)
        base.PIECE_CHARS = 10**9
        whole = tokenizer(text)
    finally:
        base.PIECE_CHARS = saved
    assert in_pieces.text == whole.text == text
    assert [(t.idx, t.text, t.whitespace_) for t in in_pieces] == [(t.idx, t.text, t.whitespace_) for t in whole]


def test_pieces_end_after_whitespace_no_special_case_spans():
    """A single space is a cut only between two ASCII letters (spaCy matches a special
    case's tokens across one: 3pm in "3 pm") and not after the first words of a special
    written with a space (미 달러가); other whitespace is a token of its own."""
    from korea_tech.languages.base import pieces

    text = "one two\n\nthree  four \n five\nsix 미 달러가"
    assert "".join(pieces(text, 3)) == text
    assert pieces(text, 3) == ["one ", "two\n\n", "three  ", "four \n ", "five\n", "six 미 달러가"]
    assert pieces(text, 9) == ["one two\n\n", "three  four \n ", "five\nsix 미 달러가"]
    assert pieces(text, 100) == [text]
    assert pieces("3 pm, 2 won", 1) == ["3 pm, 2 won"]  # a digit or a comma beside the space
    assert pieces("x ab cd ef", 1, ("ab",)) == ["x ", "ab cd ", "ef"]


def test_a_special_case_written_with_a_space_survives_the_pieces(engine):
    """50억 미 달러가: the Korean tokenizer's special case spans a space; far into a long
    text, past where a piece would be cut, it is the same amount in dollars."""
    import korea_tech.languages.base as base

    tokenizer = engine.pipeline("ko").nlp.tokenizer
    # the space inside "미 달러가" ends exactly where the first piece could end
    amount = "모두 50억 미 "
    filler = ("정부는 예산을 늘렸다. " * 40)[:base.PIECE_CHARS - len(amount) - 1]
    filler = (filler[:-1] + "다" if filler.endswith(" ") else filler) + " "  # single spaces only
    text = filler + amount + "달러가 투자된다. " + "정부는 예산을 늘렸다. " * 60
    assert len(filler + amount) == base.PIECE_CHARS and "  " not in text
    whole = [t.text for t in tokenizer.tokenizer(text)]
    assert "미 달러" in whole  # the special case: 미 달러 | 가
    assert [t.text for t in tokenizer(text)] == whole


def _sentence_starts_both_ways(nlp, text):
    from spacy.pipeline import Sentencizer

    doc = nlp.make_doc(text)
    theirs = Sentencizer()(nlp.make_doc(text))
    ours = nlp.get_pipe("ktech_sentencizer")(doc)
    return [t.is_sent_start for t in ours], [t.is_sent_start for t in theirs]


def test_the_sentencizer_on_arrays_splits_as_spacys_on_real_texts(english):
    for text in _texts():
        ours, theirs = _sentence_starts_both_ways(english.nlp, text)
        assert ours == theirs


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Korea", "won", ".", "!", "?", "...", "”", "’", ")", "(", "\n", "  ", "2023.", "9",
                                 "U.S.", "e.g.", "。", "다.", "'", ",", ";", "-", "—", "؟", "।"]),
                min_size=0, max_size=60))
def test_the_sentencizer_on_arrays_splits_as_spacys_on_any_token_soup(english, words):
    ours, theirs = _sentence_starts_both_ways(english.nlp, " ".join(words))
    assert ours == theirs


def test_a_text_where_no_run_begins_is_matched_too(english):
    """No token carries the run-start mark (nothing capitalised, no number run): the
    other patterns still match (spaCy's Matcher refuses a Doc without the attribute)."""
    doc = english.nlp("each site gets a quarter million dollars.")
    assert english.finder._pattern_matches([doc])[0]


def _pieces_word_by_word(text, size, spaced_specials=()):
    """The cut rule of ``pieces`` read off every run of whitespace in turn (its first form)."""
    import re

    from korea_tech.languages.base import _letter

    out, last = [], 0
    for m in re.finditer(r"\s+(?=\S)", text):
        if m.end() - last < size:
            continue
        if m.group() == " ":
            at = m.start()
            if not (at > 0 and _letter(text[at - 1]) and _letter(text[at + 1])) \
                    or (spaced_specials and text.endswith(spaced_specials, 0, at)):
                continue
        out.append(text[last:m.end()])
        last = m.end()
    return out + [text[last:]] if last < len(text) else out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1. \n\t미", max_size=80), st.integers(min_value=1, max_value=12))
def test_pieces_searched_from_the_size_cut_where_every_run_is_read(text, size):
    """pieces() looks for its next cut from ``size`` characters on, not at every word;
    its cuts are those of reading every run of whitespace."""
    from korea_tech.languages.base import pieces

    assert pieces(text, size) == _pieces_word_by_word(text, size)
    assert pieces(text, size, ("a",)) == _pieces_word_by_word(text, size, ("a",))


def test_pieces_of_a_size_below_one_are_pieces_of_one():
    from korea_tech.languages.base import pieces

    assert pieces("ab\ncd\nef", 0) == pieces("ab\ncd\nef", 1) == ["ab\n", "cd\n", "ef"]


def test_the_collector_is_paused_for_a_batch_and_back_after_it(english):
    import gc

    from korea_tech.collector import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # a nested batch leaves it paused for the outer one
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a batch that fails")
    assert gc.isenabled()
    gc.disable()  # paused by the caller: left so
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_batch_holds_goes_to_the_oldest_generation_without_a_pass(monkeypatch):
    import gc
    import weakref

    from korea_tech import collector
    from korea_tech.collector import collector_paused

    monkeypatch.setitem(collector._paused, "aged", 0)  # no full pass due from other tests' batches

    class Node:
        pass

    passes = []

    def count(phase, info):
        if phase == "start":
            passes.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        with collector_paused():
            held = [{"row": i} for i in range(50_000)]  # results, alive after the batch
            cycle = Node()
            cycle.self = cycle  # garbage in a cycle made during the batch
            gone = weakref.ref(cycle)
            del cycle
        assert gc.get_count()[0] < 100 and gc.get_count()[1] == 0  # no young objects left to walk
        more = [{"row": i} for i in range(800)]  # a pass of the youngest generation now ...
        assert passes == [0] or passes == []  # ... walks these, not the 50,000 held
        assert gone() is not None  # not collected yet: no full pass has run
        gc.collect()
        assert gone() is None  # a full pass finds it
        assert len(held) == 50_000 and len(more) == 800
    finally:
        gc.callbacks.remove(count)


def test_garbage_in_cycles_from_batches_is_collected_once_enough_was_aged(monkeypatch):
    import gc
    import weakref

    from korea_tech import collector

    class Node:
        pass

    gc.collect()
    monkeypatch.setattr(collector, "AGED_BEFORE_FULL_PASS", 30_000)
    monkeypatch.setitem(collector._paused, "aged", 0)
    kept, cycles = [], []
    for _ in range(10):  # about 5,000 objects aged per batch: a full pass after the sixth
        with collector.collector_paused():
            kept.append([{"row": i} for i in range(5_000)])
            node = Node()
            node.self = node
            cycles.append(weakref.ref(node))
            del node
    assert cycles[0]() is None  # the full pass found the first batches' garbage
    assert cycles[-1]() is not None  # the last ones' waits for the next one
    assert 0 < collector._paused["aged"] < 30_000


def test_objects_someone_else_froze_stay_frozen_after_a_batch():
    import gc

    from korea_tech.collector import collector_paused

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with collector_paused():
            pass
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 60), min_size=1, max_size=30), st.integers(2, 24), st.data())
def test_sentence_pieces_hold_every_short_match_inside_a_sentence(lengths, half, data):
    import numpy

    from korea_tech.matching import sentence_pieces

    sentence_of = numpy.repeat(numpy.arange(len(lengths)), lengths)
    n = len(sentence_of)
    first = data.draw(st.integers(0, n - 1))
    last = data.draw(st.integers(first + 1, n))
    pieces = sentence_pieces(sentence_of, first, last, 2 * half)
    assert all(first <= a < b <= last and b - a <= 2 * half for a, b in pieces)
    assert pieces[0][0] == first and pieces[-1][1] == last
    for start in range(first, last):
        for end in range(start + 1, min(start + half, last) + 1):
            if sentence_of[start] == sentence_of[end - 1]:
                assert any(a <= start and end <= b for a, b in pieces), (start, end)
    # tokens are read twice only inside sentences longer than a piece
    ends = numpy.cumsum(lengths)
    long_tokens = sum(max(0, min(e, last) - max(e - c, first)) for c, e in zip(lengths, ends) if c > 2 * half)
    assert sum(b - a for a, b in pieces) <= (last - first) + long_tokens


@pytest.mark.parametrize("code", ["en", "ko"])
def test_the_country_before_a_name_is_searched_wherever_one_can_end(engine, code):
    """The search for a country before a name is skipped only where it finds nothing."""
    names = engine.pipeline(code).builder.programme_names
    rnd = random.Random(7)
    countries = sorted(names.countries)
    pieces = countries + [c.upper() for c in countries] + [c.title() for c in countries] + [
        "the", "(US)", "( KR )", " ", "\n", "\u00a0", "\u3000", "“", "-", ".", "x", "ſ", "K", "\u212a", "정부", ")", "a",
        "Plan", "Promotion", "İ", "ı"]
    assert not names._may_follow_country("the Industry Promotion Plan Fund", len("the Industry Promotion Plan "))
    found = 0
    for _ in range(40_000):
        text = "".join(rnd.choice(pieces) + rnd.choice(["", " ", "\n"]) for _ in range(rnd.randint(1, 6)))
        start = len(text)
        text += "Fund"
        if names.before.search(text, max(0, start - 60), start):
            found += 1
            assert names._may_follow_country(text, start), text
    assert found > 1000  # the texts do hold countries before names


def test_batches_in_threads_bring_the_collector_back_when_the_last_is_done():
    import gc
    import threading

    from korea_tech.collector import collector_paused

    first_in, second_done = threading.Event(), threading.Event()
    seen = {}

    def first():
        with collector_paused():
            first_in.set()
            second_done.wait(5)
            seen["after the other thread's batch"] = gc.isenabled()

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with collector_paused():
        pass
    second_done.set()
    thread.join(5)
    assert seen == {"after the other thread's batch": False}
    assert gc.isenabled()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["Ministry", "ministry", "KRW", "2024", "won", "and", "MSIT", "(",
                                          "Korea", "K-Bio", "FY2023", "3.5", "trillion", "of", "the"]),
                         min_size=1, max_size=12), min_size=1, max_size=6))
def test_lexeme_table_answers_per_word_across_batches(batches):
    """The table is kept for the whole run and grows batch by batch: every batch's words
    get their own lexeme values and REGEX answers, whatever came before."""
    import re

    import numpy
    import spacy
    from spacy.attrs import LOWER, ORTH

    from korea_tech.gates import LexemeTable

    nlp = spacy.blank("en")
    table = LexemeTable(nlp.vocab)
    for n, words in enumerate(batches):
        hashes = numpy.unique(numpy.array([nlp.vocab.strings.add(w) for w in words], dtype=numpy.uint64))
        if n % 2:  # a regex asked for only after some words are in
            table.regex(ORTH, "^[A-Z]{2,}$")
        ids = table.index(hashes)
        for h, row, i in zip(hashes.tolist(), table.rows[ids].tolist(), ids.tolist()):
            lex, text = nlp.vocab[h], nlp.vocab.strings[h]
            assert row == [lex.flags, lex.lower, lex.shape, len(text)]
            assert bool(table.regex(ORTH, "^[A-Z]{2,}$")[i]) == bool(re.search("^[A-Z]{2,}$", text))
            assert bool(table.regex(LOWER, "^k")[i]) == text.lower().startswith("k")
    assert len(set(table.orths.tolist())) == table.size  # each word once


_SPECS = [{"LOWER": "krw"}, {"IS_DIGIT": True}, {"IS_TITLE": True}, {"LOWER": {"IN": ["billion", "won"]}},
          {"IS_PUNCT": True}, {}]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(range(len(_SPECS))), st.sampled_from([None, "?", "{2}", "{0,2}", "{1,3}"])),
                min_size=1, max_size=4),
       st.lists(st.sampled_from(["KRW", "3", "Seoul", "billion", "won", ",", "the", "12", "Korea", "."]),
                min_size=0, max_size=30))
def test_optional_tokens_matched_on_arrays_as_the_matcher_matches_them(specs, words):
    """A pattern of a few optional or bounded tokens decided by arrays is matched as the
    fixed patterns it stands for: together they find the Matcher's matches (inside a
    sentence, no longer than the longest match)."""
    import spacy
    from spacy.matcher import Matcher

    from korea_tech.gates import DocWindows, LexemeTable, PatternGate, token_attributes

    pattern = [dict(_SPECS[i], **({"OP": op} if op else {})) for i, op in specs]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(" ".join(words))
    gate = PatternGate.of(pattern, nlp.vocab.strings)
    longest = 3
    variants = gate.variants(longest)
    if variants is None:
        return
    assert all(v.fixed for v in variants)
    windows = DocWindows([doc], LexemeTable(nlp.vocab), token_attributes(variants))
    found = {(s, e) for v in variants for _, s, e in windows.fixed_matches(v)}
    matcher = Matcher(nlp.vocab)
    matcher.add("p", [pattern])
    expected = {(s, e) for _, s, e in matcher(doc) if e - s <= longest and windows.same_sentence(0, s, e)}
    assert found == expected


_REPEAT_SPECS = _SPECS + [{"IS_SENT_START": False, "IS_TITLE": True}, {"IS_SENT_START": True},
                          {"TEXT": {"REGEX": "^[A-Z0-9]"}, "LOWER": {"NOT_IN": ["korea"]}}, {"SENT_START": False, "IS_DIGIT": False}]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(range(len(_REPEAT_SPECS))),
                          st.sampled_from([None, "?", "*", "+", "{2}", "{0,2}", "{1,3}", "{2,}"])),
                min_size=1, max_size=4),
       st.lists(st.lists(st.sampled_from(["KRW", "3", "Seoul", "billion", "won", ",", "the", "12", "Korea", ".",
                                          "Fund", "PLAN"]), min_size=0, max_size=25), min_size=1, max_size=3),
       st.integers(2, 6), st.integers(0, 3))
def test_repeats_matched_on_arrays_as_the_matcher_matches_them(specs, texts, longest, every):
    """Any pattern whose specs the arrays decide, ``*`` and ``+`` included, is matched
    on arrays (DocWindows.bounded_matches) exactly as spaCy's Matcher matches it: every
    match inside a sentence and no longer than the longest match, in each Doc of a
    batch, from the tokens where a match may start."""
    import numpy
    import spacy
    from spacy.matcher import Matcher

    from korea_tech.gates import DocWindows, LexemeTable, PatternGate, token_attributes

    pattern = [dict(_REPEAT_SPECS[i], **({"OP": op} if op else {})) for i, op in specs]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    docs = [nlp(" ".join(words)) for words in texts]
    gate = PatternGate.of(pattern, nlp.vocab.strings)
    windows = DocWindows(docs, LexemeTable(nlp.vocab), token_attributes([gate]))
    may_start = None if not every else numpy.arange(windows.n) % (every + 1) != 0
    found = windows.bounded_matches(gate, longest, may_start)
    assert found is not None
    matcher = Matcher(nlp.vocab)
    matcher.add("p", [pattern])
    expected = set()
    for i, doc in enumerate(docs):
        for _, s, e in matcher(doc):
            begins = may_start is None or may_start[windows.doc_start[i] + s]
            if e - s <= longest and windows.same_sentence(i, s, e) and begins:
                expected.add((i, s, e))
    assert sorted(found) == sorted(expected) and len(found) == len(set(found))


def test_patterns_not_matched_on_arrays():
    """A spec the arrays cannot decide leaves the pattern to the Matcher."""
    import spacy

    from korea_tech.gates import DocWindows, LexemeTable, PatternGate

    nlp = spacy.blank("en")
    doc = nlp("Korea will spend KRW 3 billion")
    for pattern in ([{"TEXT": {"FUZZY": "won"}, "OP": "*"}], [{"LOWER": "krw"}, {"_": {"money": True}}],
                    [{"LOWER": "krw", "OP": "!"}, {"IS_DIGIT": True}], [{"IS_SENT_START": -1}]):
        gate = PatternGate.of(pattern, nlp.vocab.strings)
        assert DocWindows([doc], LexemeTable(nlp.vocab), []).bounded_matches(gate, 8) is None


def test_patterns_that_stand_for_no_few_fixed_ones():
    import spacy

    from korea_tech.gates import PatternGate

    strings = spacy.blank("en").vocab.strings
    for pattern in ([{"IS_DIGIT": True, "OP": "+"}],  # unbounded
                    [{"TEXT": {"FUZZY": "won"}, "OP": "?"}],  # not decided by arrays
                    [{"IS_DIGIT": True, "OP": "{0,9}"}, {"IS_TITLE": True, "OP": "{0,9}"}]):  # 100 of them
        assert PatternGate.of(pattern, strings).variants(24) is None
    assert len(PatternGate.of([{"LOWER": "a", "OP": "?"}, {"LOWER": "a", "OP": "?"}], strings).variants(24)) == 2
    assert PatternGate.of([{"LOWER": "a", "OP": "1"}], strings).fixed  # spaCy's "1": exactly one


def test_the_lexeme_table_grows_safely_from_several_threads():
    """Dask's threaded workers read batches of one engine at once: words added and REGEX
    conditions asked for by one thread never lose or mix up another's."""
    import sys
    import threading

    import numpy
    import spacy
    from spacy.attrs import ORTH

    from korea_tech.gates import LexemeTable

    nlp = spacy.blank("en")
    table = LexemeTable(nlp.vocab)
    batches = {(t, i): numpy.unique(numpy.array([nlp.vocab.strings.add(f"W{t}_{i}_{j}") for j in range(60)],
                                                dtype=numpy.uint64)) for t in range(2) for i in range(60)}
    errors = []

    def work(t):
        try:
            for i in range(60):
                words = batches[t, i]
                ids = table.index(words)
                found = table.regex(ORTH, f"^W{t}_{i}_")[ids]  # a new condition while the other adds words
                assert table.orths[ids].tolist() == words.tolist() and found.all()
        except Exception as exc:  # noqa: BLE001 -- reported below
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch as often as they can
    try:
        threads = [threading.Thread(target=work, args=(t,)) for t in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors, errors[:3]
    assert table.size == len(set(table.orths.tolist())) == 2 * 60 * 60


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["add", "ask", "remove"]), st.integers(0, 59), st.integers(1, 12)),
                max_size=60))
def test_accepted_spans_answer_as_a_list_of_them_would(steps):
    """``Intervals`` (the accepted spans of a text, as marked characters) answers each
    overlap question as a scan of a plain list of the spans: the one that begins last
    before the asked span ends, if it overlaps; spans removed are gone."""
    import pytest

    from korea_tech.mentions.spans import Intervals

    size = 64
    taken, plain = Intervals(size), []
    for action, start, length in steps:
        end = min(size, start + length)
        before = [s for s in plain if s[0] < end]
        expected = max(before, key=lambda s: s[0]) if before else None
        expected = expected if expected is not None and start < expected[1] else None
        if action == "ask":
            assert taken.overlapping(start, end) == expected
        elif action == "add" and expected is None:
            plain.append((start, end))
            taken.add(start, end, (start, end))
        elif action == "remove":
            plain = [s for s in plain if s[0] != start]
            taken.remove(start)
    with pytest.raises(ValueError):
        taken.add(60, 70, "past the end of the text")


_SPACED_WORDS = ["Korea", "(", ")", "KRW5.2", "trillion", "1,000", "2024.", "e.g.", "don't", "원이", "5억원", "“", "-",
                 " ", "\t", "\n", "\n\n", "  ", " \n ", "\t\t", "\r\n", "\u00a0", "\u2003", " \t", "\n "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_SPACED_WORDS), min_size=1, max_size=60), st.sampled_from(["en", "ko"]))
def test_dropping_the_whitespace_special_cases_changes_no_token(engine, words, code):
    """spaCy's special cases that make " ", a tab or a line break the token it is anyway
    are left out (each stopped spaCy's cache for the rest of the text): the tokens are
    those of the same tokenizer with them."""
    from spacy.attrs import ORTH
    from spacy.tokenizer import Tokenizer

    inner = engine.pipeline(code).nlp.tokenizer.tokenizer
    assert not any(text.isspace() and split == [{ORTH: text}] for text, split in inner.rules.items())
    with_them = Tokenizer(inner.vocab, rules={**inner.rules, **{w: [{ORTH: w}] for w in (" ", "\t", "\n")}},
                          prefix_search=inner.prefix_search, suffix_search=inner.suffix_search,
                          infix_finditer=inner.infix_finditer, token_match=inner.token_match,
                          url_match=inner.url_match)
    text = "".join(w if w.isspace() else w + " " for w in words)
    tokens = [(t.idx, t.text, t.whitespace_, t.norm_) for t in inner(text)]
    assert tokens == [(t.idx, t.text, t.whitespace_, t.norm_) for t in with_them(text)]


_PLAIN_TEXT_WORDS = ["Korea", "won", "KRW", "bn", "billion", "2024", "100", "0", "x", "(2024)", "KRW5.2", "5bn", "2014a",
                     "mid-2020s", "Dec.16", "2017/18", "Plan/", "2020-", "U.S.", "'s", "don't", "원이", "2030년", "5억원",
                     "반도체·바이오", "Technology<sup>8", "e.g.", "3pm", "gonna", "(gonna", "don't)", "\n", "\t"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PLAIN_TEXT_WORDS), st.from_regex(r"[A-Za-z]{1,12}|[0-9]{1,12}", fullmatch=True)),
                min_size=1, max_size=60), st.sampled_from(["en", "ko"]))
def test_plain_words_kept_whole_give_the_tokens_the_affix_rules_give(engine, words, code):
    """A word matching the rules' plain_words skips the affix rules (spaCy's
    token_match): the tokens are those of the same tokenizer searching them."""
    from spacy.tokenizer import Tokenizer

    inner = engine.pipeline(code).nlp.tokenizer.tokenizer
    assert inner.token_match is not None
    searching = Tokenizer(inner.vocab, rules=inner.rules, prefix_search=inner.prefix_search,
                          suffix_search=inner.suffix_search, infix_finditer=inner.infix_finditer,
                          token_match=None, url_match=inner.url_match)
    text = "".join(w if w.isspace() else w + " " for w in words)
    assert [(t.idx, t.text) for t in inner(text)] == [(t.idx, t.text) for t in searching(text)]
