"""End to end on the seeds: the scores against ../shared/gold stay above the floors of issue 2,
and ``ktech eval`` agrees with the users' scorer (../shared/tools/score.py)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from korea_tech.evaluate import load_rows, score

from .conftest import SEEDS, SHARED, collect

GOLD = SHARED / "gold"
pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold is not beside this checkout")


@pytest.fixture(scope="module")
def predictions(engine, tmp_path_factory):
    from korea_tech.writers import Format, to_text

    rows = collect(engine, [SEEDS]).rows
    path = tmp_path_factory.mktemp("pred") / "mentions.jsonl"
    path.write_text(to_text(rows, engine.types.mention, Format.jsonl), encoding="utf-8")
    return path


def test_scores_meet_the_floors(predictions):
    report = score(load_rows([GOLD]), load_rows([predictions]))
    for label, s in report.labels.items():
        assert s.lenient[2] >= 0.90, f"{label} lenient F1 {s.lenient[2]:.3f}"
    assert report.total.strict[2] >= 0.80
    assert report.total.norm_acc >= 0.90


def test_eval_agrees_with_the_users_scorer(predictions):
    scorer = SHARED / "tools" / "score.py"
    if not scorer.is_file():
        pytest.skip("no ../shared/tools/score.py")
    theirs = json.loads(subprocess.run([sys.executable, str(scorer), str(GOLD), "--pred", str(predictions), "--json"],
                                       check=True, capture_output=True, text=True).stdout)
    ours = score(load_rows([GOLD]), load_rows([predictions])).as_dict()
    for label, values in theirs.items():
        for key, value in values.items():
            assert ours[label][key] == pytest.approx(value, abs=1e-12), (label, key)
