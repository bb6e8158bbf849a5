"""Korean texts -- each form of the guide's "Korean-language texts" in sentences written for
these tests, with its counter-examples beside it (the dev texts are measured against, never
copied)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import collect


def rows(engine, text: str, label: str, doc_date: str | None = "2024-03-20"):
    return [r for r in collect(engine, [text], doc_date=doc_date, labels=[label]).rows]


def money(engine, text, doc_date="2024-03-20"):
    return [(r["text"], r["norm"]["currency"], r["norm"]["value"], r["norm"]["value_max"], r["norm"]["approx"],
             r["norm"]["bound"]) for r in rows(engine, text, "MONEY", doc_date)]


# ------------------------------------------------------------------ language and tokens
def test_language_is_detected_per_document_and_carried_by_every_row(engine):
    korean = collect(engine, ["산업통상자원부(MOTIE)는 올해 AI 반도체에 3조원을 투입한다."], doc_date="2024-05-02").rows
    english = collect(engine, ["MOTIE (산업통상자원부) will invest KRW 3 trillion this year."], doc_date="2024-05-02").rows
    assert {r["lang"] for r in korean} == {"ko"} and {r["lang"] for r in english} == {"en"}
    forced = collect(engine, ["MOTIE 3조원을 투입한다."], lang="en").rows
    assert [(r["text"], r["lang"]) for r in forced] == [("MOTIE", "en")]  # English rules read no 3조원


def test_particles_and_units_are_split_off(engine):
    nlp = engine.pipeline("ko").nlp
    words = [t.text for t in nlp("과기정통부는 2030년까지 1조 2,345억원(12.5%)을 ‘AI 바우처’에 쓴다.")]
    assert words[:2] == ["과기정통부", "는"]
    assert words[2:5] == ["2030", "년", "까지"]
    assert words[5:12] == ["1", "조", "2,345", "억", "원", "(", "12.5"]
    assert "바우처" in words and "’" in words
    # two-syllable words that end like a particle stay words
    assert [t.text for t in nlp("국가 효과 정도 회의")] == ["국가", "효과", "정도", "회의"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="가나다산업부는을에서 (1234567890,.)‘’「」억조원년월일~…", max_size=40))
def test_tokens_keep_the_text_and_its_offsets(engine, text):
    doc = engine.pipeline("ko").nlp(text)
    assert doc.text == text
    assert all(text[t.idx:t.idx + len(t)] == t.text for t in doc)


# ------------------------------------------------------------------ money
@pytest.mark.parametrize("text, span, currency, value, value_max", [
    ("예산 총 7조 3150억원을 확정했다.", "7조 3150억원", "KRW", 7_315_000_000_000, None),
    ("이 사업에는 2조6000억 원이 든다.", "2조6000억 원", "KRW", 2_600_000_000_000, None),
    ("기금은 3조 2,500억원 규모다.", "3조 2,500억원", "KRW", 3_250_000_000_000, None),
    ("장비 구입에 4천8백억원이 쓰인다.", "4천8백억원", "KRW", 480_000_000_000, None),
    ("참가비는 5백만원이다.", "5백만원", "KRW", 5_000_000, None),
    ("해외에서 7천만 달러를 유치했다.", "7천만 달러", "USD", 70_000_000, None),
    ("수출액은 2억3000만 유로였다.", "2억3000만 유로", "EUR", 230_000_000, None),
    ("일본에서 40억엔을 조달했다.", "40억엔", "JPY", 4_000_000_000, None),
    ("중국 측은 15억 위안을 냈다.", "15억 위안", "CNY", 1_500_000_000, None),
    ("투자 규모는 30억弗에 이른다.", "30억弗", "USD", 3_000_000_000, None),
    ("계약 금액은 2억불이다.", "2억불", "USD", 200_000_000, None),
    ("입장료는 20,000원이다.", "20,000원", "KRW", 20_000, None),
    ("지원금은 기업당 50억∼80억원이다.", "50억∼80억원", "KRW", 5_000_000_000, 8_000_000_000),
    ("올해 예산은 12.5조원이다.", "12.5조원", "KRW", 12_500_000_000_000, None),
])
def test_korean_amounts(engine, text, span, currency, value, value_max):
    ((found, cur, val, high, _, _),) = money(engine, text)
    assert (found, cur, val, high) == (span, currency, pytest.approx(value), value_max)


def test_korean_qualifiers_stay_outside_and_give_approx_and_bounds(engine):
    found = money(engine, "정부는 약 2조원을, 기업은 1조원 이상을, 지자체는 최대 500억원을 내고 "
                          "기금은 900억원 가량, 대학은 400여억원을 받는다.")
    assert [(t, a, b) for t, _, _, _, a, b in found] == [
        ("2조원", True, None), ("1조원", False, "min"), ("500억원", False, "max"), ("900억원", True, None),
        ("400여억원", True, None)]


def test_a_bound_after_a_bracketed_equivalent_bounds_both(engine):
    found = money(engine, "수출은 20억 달러(약 2조6000억원) 이상이다.", "2024-03-28")
    assert [(t, b) for t, _, _, _, _, b in found] == [("20억 달러", "min"), ("2조6000억원", "min")]


def test_a_sign_before_an_amount_stays_outside(engine):
    assert [t for t, *_ in money(engine, "국회에서 +150억원, 정부안 대비 △2,300억원 조정됐다.")] == ["150억원", "2,300억원"]


def test_a_bare_amount_is_money_only_in_a_sentence_about_money(engine):
    assert [(t, c) for t, c, *_ in money(engine, "연구개발 예산 4조 투입이 확정됐다.")] == [("4조", "KRW")]
    assert money(engine, "이 도시의 인구는 5천만 명에 가깝다.") == []
    assert money(engine, "회원은 1억 명을 넘었다.") == []


def test_not_korean_money(engine):
    assert money(engine, "수천억원이 들고 수조 원이 더 필요하다는 관측이 나왔다.") == []
    assert money(engine, "원/달러 환율이 30% 올랐다.") == []


def test_a_stated_equivalent_in_brackets_is_checked(engine):
    found = [r for r in collect(engine, ["정부는 10억 달러(약 1조 3000억원)를 들여 공장을 짓는다."],
                                doc_date="2024-03-28", labels=["MONEY"]).rows]
    assert [r["text"] for r in found] == ["10억 달러", "1조 3000억원"]
    assert found[1]["check"]["status"] == "ok" and found[1]["check"]["equivalent_of"]["text"] == "10억 달러"
    far = [r for r in collect(engine, ["정부는 10억 달러(약 13조원)를 들인다."], doc_date="2024-03-28",
                              labels=["MONEY"]).rows]
    assert far[1]["check"]["status"] == "mismatch"


# ------------------------------------------------------------------ years
def years(engine, text, doc_date="2024-03-20"):
    return [(r["text"], r["norm"]["start"], r["norm"]["end"], r["norm"]["role"]) for r in rows(engine, text, "YEAR", doc_date)]


@pytest.mark.parametrize("text, expected", [
    ("정부는 2035년까지 공장 50곳을 짓는다.", ("2035년", 2035, 2035, "target")),
    ("2019년 이래 수출이 줄었다.", ("2019년", 2019, 2019, "since")),
    ("계획 기간은 2025~2029년이다.", ("2025~2029년", 2025, 2029, "period")),
    ("사업은 2026년부터 2030년까지 이어진다.", ("2026년부터 2030년", 2026, 2030, "period")),
    ("예산은 ’27년에 늘어난다.", ("’27년", 2027, 2027, "point")),
    ("2026년도 예산안이 나왔다.", ("2026년도", 2026, 2026, "point")),
    ("2027년 하반기에 문을 연다.", ("2027년", 2027, 2027, "point")),
    ("성과는 '09~'11 기간에 컸다.", ("'09~'11", 2009, 2011, "period")),
])
def test_korean_years(engine, text, expected):
    assert years(engine, text) == [expected]


def test_relative_years_come_from_the_document_date(engine):
    found = years(engine, "올해 예산은 지난해보다 늘었고 내년도와 내후년에도 는다. 작년에도 그랬다.", "2024-03-20")
    assert found == [("올해", 2024, 2024, "point"), ("지난해", 2023, 2023, "point"), ("내년도", 2025, 2025, "point"),
                     ("내후년", 2026, 2026, "point"), ("작년", 2023, 2023, "point")]
    assert years(engine, "올해 예산이 늘었다.", None) == [("올해", None, None, "point")]


def test_not_korean_years(engine):
    assert years(engine, "이 사업은 5년간 이어지고 30년 만에 재개됐다.") == []
    assert years(engine, "정부는 2030 부산세계박람회 유치에 나섰다.") == []
    assert years(engine, "공장에서 2024명이 일한다.") == []
    # a year inside a date is the date's
    assert years(engine, "2024년 3월 11일 발표했다.") == []


# ------------------------------------------------------------------ dates
def dates(engine, text, doc_date="2024-03-20"):
    return [(r["text"], r["norm"]["value"], r["norm"]["end"]) for r in rows(engine, text, "DATE", doc_date)]


@pytest.mark.parametrize("text, expected", [
    ("정부는 2023년 11월 7일 계획을 냈다.", ("2023년 11월 7일", "2023-11-07", None)),
    ("장관은 3월 11일 현장을 찾았다.", ("3월 11일", "2024-03-11", None)),
    ("공고는 2023.9.4 나왔다.", ("2023.9.4", "2023-09-04", None)),
    ("공고는 2023. 9. 4. 나왔다.", ("2023. 9. 4.", "2023-09-04", None)),
    ("행사는 5월 13~15일 열린다.", ("5월 13~15일", "2024-05-13", "2024-05-15")),
    ("계획은 지난 1월 나왔다.", ("지난 1월", "2024-01", None)),
    ("결과는 오는 7월 나온다.", ("오는 7월", "2024-07", None)),
    ("발표는 지난해 12월이었다.", ("지난해 12월", "2023-12", None)),
    ("신청은 올 5월부터 받는다.", ("올 5월", "2024-05", None)),
])
def test_korean_dates(engine, text, expected):
    assert dates(engine, text) == [expected]


def test_a_day_alone_is_in_the_documents_month(engine):
    assert dates(engine, "산업부는 18일 이같이 밝혔다.", "2024-03-20") == [("18일", "2024-03-18", None)]
    # later than the document's day: the month before
    assert dates(engine, "산업부는 28일 이같이 밝혔다.", "2024-03-20") == [("28일", "2024-02-28", None)]
    assert dates(engine, "회의는 오는 5일 열린다.", "2024-03-20") == [("오는 5일", "2024-04-05", None)]


def test_not_korean_dates(engine):
    assert dates(engine, "심사는 30일간 진행되고 결과는 14일 이내에 나온다. 60일 동안 쉰다.") == []
    assert dates(engine, "지난달과 이날, 오늘 모두 비가 왔다.") == []


# ------------------------------------------------------------------ bodies
def bodies(engine, text, doc_date="2024-03-20"):
    return [(r["text"], r["norm"]["canonical"], r["norm"]["acronym"]) for r in rows(engine, text, "MINISTRY", doc_date)]


def test_korean_names_and_short_forms_give_one_body(engine):
    found = bodies(engine, "산업통상자원부는 산업부 예산을 늘렸고 MOTIE도 동의했다.")
    assert found == [("산업통상자원부", "Ministry of Trade, Industry and Energy", "MOTIE"),
                     ("산업부", "Ministry of Trade, Industry and Energy", "MOTIE"),
                     ("MOTIE", "Ministry of Trade, Industry and Energy", "MOTIE")]


@pytest.mark.parametrize("text, doc_date, canonical", [
    ("미래창조과학부는 예산을 늘렸다.", "2016-05-01", "Ministry of Science, ICT and Future Planning"),
    ("과학기술정보통신부는 예산을 늘렸다.", "2019-05-01", "Ministry of Science and ICT"),
    ("지식경제부는 예산을 늘렸다.", "2011-05-01", "Ministry of Knowledge Economy"),
    ("기획재정부는 예산을 늘렸다.", "2012-05-01", "Ministry of Strategy and Finance"),
    ("기획재정부는 예산을 늘렸다.", "2014-05-01", "Ministry of Economy and Finance"),
    ("중소기업청은 예산을 늘렸다.", "2015-05-01", "Small and Medium Business Administration"),
    ("중기부는 예산을 늘렸다.", "2019-05-01", "Ministry of SMEs and Startups"),
])
def test_bodies_by_date(engine, text, doc_date, canonical):
    assert [c for _, c, _ in bodies(engine, text, doc_date)] == [canonical]


def test_a_body_before_a_job_title_is_a_mention_the_title_alone_is_not(engine):
    assert [t for t, _, _ in bodies(engine, "김철수 산업통상자원부 제1차관이 축사를 했다.")] == ["산업통상자원부"]
    assert bodies(engine, "장관과 차관, 그리고 정부가 참석했다.") == []


# ------------------------------------------------------------------ programmes
def programmes(engine, text, doc_date="2024-03-20"):
    return [(r["text"], r["norm"]["canonical"]) for r in rows(engine, text, "PROGRAMME", doc_date)]


@pytest.mark.parametrize("text, span", [
    ("정부는 ‘배터리 인재 아카데미’를 연다.", "배터리 인재 아카데미"),
    ("「제3차 우주개발 진흥 기본계획」이 확정됐다.", "제3차 우주개발 진흥 기본계획"),
    ("산업부는 첨단소재 기술개발사업에 예산을 쓴다.", "첨단소재 기술개발사업"),
    ("중기부는 스타트업 성장 펀드를 만든다.", "스타트업 성장 펀드"),
    ("정부는 제2차 스마트공장 확산계획을 발표했다.", "제2차 스마트공장 확산계획"),
    ("'지역 청년 일자리 플러스' 사업이 커졌다.", "지역 청년 일자리 플러스"),
    ("정부는 우주산업 비전과 전략을 내놨다.", "우주산업 비전과 전략"),
    ("정부는 탄소중립-녹색성장 이행계획을 세웠다.", "탄소중립-녹색성장 이행계획"),
    ("차세대 소형원자로(K-SMR) 기술개발 사업에 돈이 간다.", "차세대 소형원자로(K-SMR) 기술개발 사업"),
])
def test_korean_programmes(engine, text, span):
    assert [t for t, _ in programmes(engine, text)] == [span]


def test_a_listed_programme_keeps_its_korean_name_with_the_english_one_beside_it(engine):
    found = [r["norm"] for r in rows(engine, "정부는 한국판 뉴딜에 예산을 늘렸다.", "PROGRAMME")]
    assert found == [{"canonical": "한국판 뉴딜", "canonical_en": "Korean New Deal"}]


def test_the_items_of_a_budget_list_are_programmes(engine):
    text = "주요 사업은 다음과 같다.\n* 수소 트럭 실증 : 120억원\nㅇ (해양 드론 개발) 연안 감시를 위한 사업\n"
    assert [t for t, _ in programmes(engine, text)] == ["수소 트럭 실증", "해양 드론 개발"]


def test_a_name_written_without_spaces_or_with_a_word_left_out_is_the_full_name(engine):
    text = "정부는 청년도약펀드와 소재 기술개발사업을 만든다. 청년 도약 펀드는 크고, 소재 개발사업도 크다."
    assert programmes(engine, text) == [("청년도약펀드", "청년도약펀드"), ("소재 기술개발사업", "소재 기술개발사업"),
                                        ("청년 도약 펀드", "청년도약펀드"), ("소재 개발사업", "소재 기술개발사업")]


def test_not_korean_programmes(engine):
    assert programmes(engine, "정부는 ‘2030 부산세계박람회’와 ‘미래산업 공동학술대회’를 열었다.") == []
    assert programmes(engine, "다양한 펀드와 연동계획, 신규사업이 논의됐다.") == []
    # kinds of fund are no funds' names
    assert programmes(engine, "중기청은 창업 전용펀드와 세컨더리 펀드, 지역 벤처펀드를 늘린다.") == []


# ------------------------------------------------------------------ documents and records
def test_korean_stamps_and_bylines_date_the_document(engine):
    for text, day, source in [
        ("기사 제목\n입력 2023.10.05 14:00\n수정 2023.10.06 09:00\n\n정부는 올해 예산을 늘렸다.", "2023-10-05", "stamp"),
        ("기사 제목\n홍길동 기자 | 2022.04.11 10:30\n\n정부는 올해 예산을 늘렸다.", "2022-04-11", "byline"),
        ("2021-09-14 5면\n정부는 올해 예산을 늘렸다.", "2021-09-14", "stamp"),
    ]:
        found = collect(engine, [text], labels=["YEAR", "DATE"]).rows
        assert [(r["doc_date"], r["doc_date_source"]) for r in found] == [(day, source)]
        assert found[0]["text"] == "올해" and found[0]["norm"]["start"] == int(day[:4])


def test_korean_funding_records(engine):
    found = collect(engine, ["중소벤처기업부는 올해 스마트공장 보급사업에 3,200억원을 투입한다고 밝혔다."],
                    doc_date="2024-01-15", records=True).records
    (record,) = [r for r in found if r["kind"] == "funding"]
    assert (record["amount_text"], record["value"], record["body_canonical"], record["lang"]) == (
        "3,200억원", 320_000_000_000, "Ministry of SMEs and Startups", "ko")
    assert "스마트공장" in record["programme"]
    # an export figure is no commitment
    exports = collect(engine, ["반도체 수출액은 지난달 120억 달러를 기록했다."], doc_date="2024-01-15", records=True).records
    assert [r for r in exports if r["kind"] == "funding"] == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ가힣각 1.\n\ud800é", max_size=60))
def test_the_language_is_the_script_with_most_letters_counted_by_regex(text):
    """Code point ranges count what the script's regex finds (its definition)."""
    import re as _re

    from korea_tech.languages import DEFAULT, SCRIPTS, detect

    counts = {code: len(_re.findall(SCRIPTS[code], text)) for code in SCRIPTS}
    best = max(counts, key=lambda code: (counts[code], code == DEFAULT))
    assert detect(text) == (best if counts[best] else DEFAULT)
