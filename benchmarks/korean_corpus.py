"""A Korean corpus for the benchmark, made from sentences written for it: press releases
of ministries with a byline, budget amounts in the Korean forms (5조 2608억원, 1조5000억 원,
300여억원), years, dates, bodies and programmes, their numbers varied by a seeded random
generator so that every run builds the same bytes."""
from __future__ import annotations

import random
from pathlib import Path

BODIES = ["산업통상자원부", "과학기술정보통신부", "중소벤처기업부", "기획재정부", "국토교통부", "산업부", "과기정통부"]
PROGRAMMES = ["‘반도체 인재 아카데미’", "「제5차 과학기술기본계획」", "한국판 뉴딜", "수소경제 활성화 로드맵",
              "소재·부품 기술개발사업", "청년창업펀드", "K-반도체 전략"]
SENTENCES = [
    "{body}는 {day}일 {programme}에 {year}년까지 {jo}조 {eok}억원을 투입한다고 밝혔다.",
    "이번 계획에 따라 정부는 올해 {eok}억원, 내년 {eok2}억원을 각각 편성했다.",
    "{body} 관계자는 “{year}년까지 관련 기업 {count}곳을 육성하겠다”고 말했다.",
    "지난해 {eok}억원 규모였던 예산은 {jo}조{eok2}억 원으로 늘었다.",
    "{programme}은 {year}~{year2}년 {month}월부터 시행되며 총사업비는 약 {jo}조원이다.",
    "해외 투자 유치 목표는 {usd}억 달러(약 {jo}조 {eok}억원)로 잡았다.",
    "{month}월 {day}일 열린 회의에서 {body}는 {eok}여억원의 추가 지원 방안을 논의했다.",
    "업계는 {span}년간 이어진 투자 부진이 {year}년 하반기부터 풀릴 것으로 내다봤다.",
]


def document(rng: random.Random, n: int) -> str:
    """One release: a byline with its date, then paragraphs of filled sentences."""
    year = rng.randint(2015, 2025)
    lines = [f"{rng.choice(BODIES)}, {rng.choice(PROGRAMMES)} 추진", f"입력 {year}.{rng.randint(1, 12):02d}.{rng.randint(1, 28):02d} 10:00", ""]
    for _ in range(6 + n % 5):
        values = {"body": rng.choice(BODIES), "programme": rng.choice(PROGRAMMES), "day": rng.randint(1, 28),
                  "month": rng.randint(1, 12), "year": rng.randint(2024, 2035), "year2": rng.randint(2036, 2040),
                  "jo": rng.randint(1, 30), "eok": rng.randint(100, 9999), "eok2": rng.randint(100, 9999),
                  "usd": rng.randint(1, 90), "count": rng.randint(3, 300), "span": rng.randint(2, 10)}
        lines.append(" ".join(rng.choice(SENTENCES).format(**values) for _ in range(3)))
    return "\n".join(lines) + "\n"


def build(folder: Path, megabytes: float, seed: int = 14) -> tuple[list[Path], int]:
    """Files of about ``megabytes`` (UTF-8) in ``folder``: (paths, bytes)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    files, size, n = [], 0, 0
    while size < megabytes * 1_000_000:
        text = document(rng, n)
        path = folder / f"ko{n:05d}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
        size += len(text.encode("utf-8"))
        n += 1
    return files, size
