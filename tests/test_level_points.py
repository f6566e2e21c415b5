"""Qualitative levels worth fixed points (``level 较显著 points 7``): the 评分细则 say 7 分 whatever
the row's weight, so the level's ratio is points ÷ weight (at most 1) once the weights are known
— after a split, after rows that do not apply gave theirs up — and the fast evaluator agrees
with the general one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jixiao
from jixiao.datafile import data_from_mapping
from jixiao.engine.evaluate import evaluate_general
from jixiao.engine.fast import evaluate_fast
from jixiao.engine.limits import DEFAULT_LIMITS
from jixiao.fmt import format_text
from jixiao.render.scheme_doc import scheme_doc

SCHEME = """scheme 定分 version "2025" extends "transfer_regional.jx" {
  replace kind 定性 for text {
    completion = ratio
    level 效果显著 points 10
    level 较显著 points 7
    level 一般 points 4.5
    level 无明显效果 ratio 0
  }
}
"""
POINTS = jixiao.compile_scheme_text(SCHEME, "points.jx")


def _record(rows: list[tuple[str, str, Any]], *, extra: list[dict[str, Any]] | None = None,
            ) -> dict[str, Any]:
    """效益指标 rows (name, actual, weight) of target 效果显著, the other sections met."""
    return {"budget": {"total": "100", "executed": "100"},
            "indicators": [
                {"section": "产出指标", "name": "完成任务数", "target": "≥10", "actual": "10"},
                *(extra or []),
                *({"section": "效益指标", "name": n, "target": "效果显著", "actual": a,
                   "weight": w, "reason": "说明"} for n, a, w in rows),
                {"section": "满意度指标", "name": "满意度", "target": "≥90%", "actual": "95%"}]}


def _scores(result: jixiao.Result) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    return {i.name: (i.weight, i.score) for i in result.indicators}


def test_points_are_points_whatever_the_weight() -> None:
    # 较显著 7 of 10 → 7; 7 of 15 → 7 (not 15 × 70%); 7 of 5 → 5 (at most the weight)
    rows = [("甲", "较显著", 10), ("乙", "较显著", 15), ("丙", "较显著", 5)]
    result = jixiao.score(_record(rows), POINTS)
    got = _scores(result)
    assert got["甲"] == (Decimal(10), Decimal(7))
    assert got["乙"] == (Decimal(15), Decimal(7))
    assert got["丙"] == (Decimal(5), Decimal(5))
    assert result.sections[2].score == Decimal(19)


def test_the_first_level_and_a_ratio_level_in_one_kind() -> None:
    # an actual equal to the target is the first level: 10 points, capped at 5; 无明显效果 ratio 0
    result = jixiao.score(_record([("甲", "效果显著", 5), ("乙", "无明显效果", 20),
                                   ("丙", "一般", 5)]), POINTS)
    got = _scores(result)
    assert got["甲"][1] == Decimal(5)
    assert got["乙"][1] == Decimal(0)
    assert got["丙"][1] == Decimal("4.5")  # 4.5 ÷ 5 = 0.9, 5 × 0.9


def test_points_follow_the_weight_after_rescaling() -> None:
    """A 产出 row of 25 does not apply: 75 points rescale to 100 (× 4/3). 效益 30 → 40, its
    rows 20 → 26.67 and 10 → 13.33: 较显著 is still 7 on each."""
    extra = [{"section": "产出指标", "name": "不适用项", "target": "≥5", "actual": "/",
              "weight": 25},
             {"section": "产出指标", "name": "另一项", "target": "≥5", "actual": "5",
              "weight": 25}]
    result = jixiao.score(_record([("甲", "较显著", 20), ("乙", "较显著", 10)], extra=extra),
                          POINTS)
    got = _scores(result)
    assert got["甲"] == (Decimal("26.67"), Decimal(7))
    assert got["乙"] == (Decimal("13.33"), Decimal(7))


@given(weight=st.decimals(min_value=Decimal("0.01"), max_value=100, places=2),
       level=st.sampled_from([("效果显著", 10), ("较显著", 7), ("一般", Decimal("4.5"))]))
def test_a_level_of_points_scores_the_smaller_of_points_and_weight(
        weight: Decimal, level: tuple[str, Any]) -> None:
    name, points = level
    rows = [("甲", name, weight), ("乙", "无明显效果", 30 - weight)] if weight < 30 else [
        ("甲", name, weight)]
    mapping = _record(rows)
    if weight > 30:  # one row: the section's weight must be what the rows give
        mapping = _record([("甲", name, 30)])
        weight = Decimal(30)
    result = jixiao.score(mapping, POINTS)
    assert _scores(result)["甲"][1] == min(Decimal(points), weight)


@pytest.mark.parametrize("rows", [
    [("甲", "较显著", 10), ("乙", "较显著", 15), ("丙", "一般", 5)],
    [("甲", "效果显著", 3), ("乙", "无明显效果", 27)],
])
def test_the_fast_evaluator_agrees(rows: list[tuple[str, str, Any]]) -> None:
    data = data_from_mapping(_record(rows))
    fast = evaluate_fast(POINTS, data, DEFAULT_LIMITS.evaluation_steps)
    assert fast is not None  # an ordinary record: the fast path scores it
    general = evaluate_general(POINTS, data, explain=False)
    assert fast == general
    assert repr(fast) == repr(general)  # to the written places: 7.00 is not 7


def test_a_child_changes_one_level_to_points() -> None:
    child = jixiao.compile_scheme_text(
        'scheme 子 extends "transfer_regional.jx" {\n'
        '  kind 定性 { level 部分达成预期指标 points 5 }\n}\n', "child.jx")
    levels = {lv.name: lv for k in child.scheme.kinds for lv in k.levels}
    assert levels["部分达成预期指标"].points == Decimal(5)
    assert levels["部分达成预期指标"].band is None
    assert levels["达成预期指标"].ratio == Decimal(1)  # the others kept
    row = {"budget": {"total": "100", "executed": "100"},
           "indicators": [{"section": "效益指标", "name": "机制", "target": "建立",
                           "actual": "部分达成预期指标", "weight": 30, "reason": "说明"}]}
    assert jixiao.score(row, child).sections[2].score == Decimal(5)


def test_formatted_and_documented() -> None:
    assert format_text(SCHEME, "points.jx") == SCHEME
    doc = scheme_doc(POINTS.scheme, "md", "zh")
    assert "7 分（不论分值多少；超过分值的按分值计）" in doc
    assert "4.5 分" in doc


def test_points_are_not_a_ratio() -> None:
    """JX209 (a ratio between 0 and 1) is for ratios: 10 points is a fine level."""
    assert POINTS.warnings == ()
    with pytest.raises(jixiao.SchemeError) as info:
        jixiao.compile_scheme_text(SCHEME.replace("ratio 0", "ratio 7"), "bad.jx")
    assert info.value.codes == ["JX209"]
