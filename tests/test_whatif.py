"""``jixiao what-if``: the smallest change of one figure, found exactly.

The seed's answers were worked by hand (the golden file was read against them):
- 预算执行 to its full 10: 10 × round(B ÷ 3266.1, 4) must round to 10.00, so the rate must round
  to at least 0.9995, B ÷ 3266.1 ≥ 0.99945, B ≥ 3264.303645 → 3264.31 万元 at the data's cents:
  1508.80 more than the 1755.51 executed (3264.30 gives 0.9994 → 9.99).
- keeping 优 (total ≥ 90): the other sections give 87.33, so 预算执行 ≥ 2.67 → rate ≥ 0.2665 →
  B ≥ 870.2523… → 870.26 (870.25 gives 0.2664 → 2.66 → 89.99 良).
- 氰渣堆整治量 (weight 6, ≥248) may fall while its score ≥ 3.29: completion ≥ 0.5475 →
  actual ≥ 135.7676 → 135.77.  群众满意度 (10, ≥90%) while ≥ 7.33: 66% (65% gives 7.22).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import SEED_DATA, indicator, project_data
from snapshots import TextSnapshot
from syrupy.assertion import SnapshotAssertion

import jixiao
from jixiao.cli import main
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.evaluate import evaluate
from jixiao.whatif import render, what_if


def run(compiled: CompiledScheme, data: object, lang: str = "zh") -> str:
    project = (jixiao.load_data(data) if not isinstance(data, dict)  # type: ignore[arg-type]
               else jixiao.data_from_mapping(data))
    result = evaluate(compiled, project)
    questions, fixed, _ = what_if(compiled, project, result)
    return render(compiled, result, questions, fixed, lang)


def test_seed_what_if_golden(soil: CompiledScheme, snapshot: SnapshotAssertion) -> None:
    text = run(soil, SEED_DATA)
    assert text == snapshot(extension_class=TextSnapshot)
    assert "预算执行数（万元） 1755.51 → 3264.31（+1508.80）" in text
    assert "预算执行数（万元） 1755.51 → 870.26（-885.25）" in text
    assert "氰渣堆整治量 289.35 → 135.77（-153.58）" in text
    assert "群众满意度 90% → 66%（-24%）" in text


def test_seed_what_if_english_golden(soil: CompiledScheme, snapshot: SnapshotAssertion) -> None:
    text = run(soil, SEED_DATA, "en")
    assert text == snapshot(extension_class=TextSnapshot)
    assert "executed budget (万元) 1755.51 → 3264.31 (+1508.80)" in text


def test_the_answers_sit_exactly_on_the_boundary(soil: CompiledScheme) -> None:
    """At each answer the goal holds, and one step of the data's precision nearer the filed
    value it does not: checked by scoring both records afresh."""
    project = jixiao.load_data(SEED_DATA)
    result = evaluate(soil, project)
    questions, _, evaluations = what_if(soil, project, result)
    assert evaluations < 2000
    full = questions[-1].answers[0]
    v = full.variable
    assert full.new == Decimal("3264.31")
    at = evaluate(soil, v.put(full.new))
    before = evaluate(soil, v.put(full.new - v.step))
    assert v.own(at) == (Decimal("10.00"), Decimal(10))
    assert v.own(before)[0] == Decimal("9.99")
    for a in questions[0].answers:  # keeping 优: the answer keeps it, one step further loses it
        if a.new is None or a.change is None:
            continue
        step = a.variable.step if a.change > 0 else -a.variable.step
        assert evaluate(soil, a.variable.put(a.new)).grade == "优"
        assert evaluate(soil, a.variable.put(a.new + step)).grade == "良"


def test_the_next_grade_and_what_no_single_change_can_do(regional: CompiledScheme) -> None:
    # 预算执行 4 (40%) + 产出 26/26 → 50 + 效益 0.7 × 30 = 21 + 满意度 10 = 85 良
    data = project_data(
        indicator("点位", target="≥26", actual="26"),
        indicator("隐患", target="基本消除", actual="部分达成", section="效益指标", ratio="0.7",
                  reason="r"),
        indicator("满意度", target="≥90%", actual="95%", section="满意度指标"),
        total="100", executed="40")
    text = run(regional, data)
    assert "总分 85，评级 良" in text
    assert "达到 优（总分在 [90, 100] 内）" in text
    # 90 − 85 = 5 more points from the budget: 10 × rate ≥ 8.995 → rate ≥ 0.8995 → 89.95 → 90
    assert "预算执行数（万元） 40 → 90（+50）" in text
    assert "单项变化做不到：点位、满意度" in text  # both are at their full weight already
    assert "保持 良" in text
    assert "隐患（定性指标：改变的是等级）" in text


def test_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["what-if", str(SEED_DATA), "--lang", "en"]) == 0
    assert "already the top grade." in capsys.readouterr().out
