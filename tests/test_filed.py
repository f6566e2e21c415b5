"""Real tables as printed: filed scores and the assessor's adjustment, rows that do not apply,
sub-rows (其中…), free-text qualitative actuals, kinds chosen by category.

Expected figures are worked by hand in the comments, from the rules in DOMAIN.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from conftest import indicator, project_data

import jixiao
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.diagnostics import DataError

D = Decimal

# A small scheme: 预算执行 10 (its own score, adjustable within [0, weight]), 产出 60, 效益 30.
SCHEME = """
scheme 测试 version "1" {
  adjust allowed within [0, weight] with reason
  {na}
  budget { rate = round(executed / total, 4) }
  section 预算执行 weight 10 {
    score = round(weight * min(budget.rate, 1), 2)
    adjust allowed within [0, weight]
  }
  section 产出指标 weight 60 { split given_else_equal round 2 }
  section 效益指标 weight 30 { split given_else_equal round 2 }
  kind 正向 for >=, >, bare {
    completion = if actual >= target then 1 else round(actual / target, 4)
  }
  kind 成本 for bare, <= where category == "成本指标" {
    completion = if actual <= target then 1 else round(target / actual, 4)
  }
  kind 定性 for text {
    completion = ratio
    adjust allowed within level with reason
    level 达成 ratio 1
    level 部分达成 ratio [0.6, 0.8)
  }
  deviation = 1 - completion
  score = round(weight * min(completion, 1), 2)
  subtotal = round(sum(indicators, score), 2)
  total = round(sum(sections, score), 2)
  grade 优 [90, 100]
  grade 差 [0, 90)
}
"""


def scheme(na: str = "") -> CompiledScheme:
    return jixiao.compile_scheme_text(SCHEME.replace("{na}", na), "test.jx")


@pytest.fixture(scope="module")
def s() -> CompiledScheme:
    return scheme()


def rows(result: Any) -> dict[str, Any]:
    return {i.name: i for i in result.indicators}


# ---------------------------------------------------------------- adjustments


def test_an_allowed_adjustment_counts_and_both_scores_are_kept(s: CompiledScheme) -> None:
    """Met (12 ≥ 10) but marked down to 27 of 30, with a reason: 27 counts."""
    r = jixiao.score(project_data(
        indicator("a", "≥10", "12", weight=30, score="27", reason="目标设置偏低"),
        indicator("b", "≥10", "10", weight=30)), s)
    a = rows(r)["a"]
    assert (a.score, a.computed_score, a.filed_score, a.adjusted) == (D(27), D(30), D(27), True)
    assert r.sections[1].score == D(57)
    assert r.adjusted
    out = jixiao.to_dict(r)["indicators"][0]
    assert (out["score"], out["computed_score"], out["adjusted"]) == ("27", "30", True)
    assert "27* (30)" in jixiao.to_text(r)


def test_an_adjustment_without_its_required_reason_is_an_error(s: CompiledScheme) -> None:
    with pytest.raises(DataError) as e:
        jixiao.score(project_data(indicator("a", "≥10", "12", score="27")), s)
    assert e.value.codes == ["JX351"]
    assert e.value.diagnostics[0].where == "indicators[0].score"


def test_an_adjustment_past_the_weight_is_an_error(s: CompiledScheme) -> None:
    with pytest.raises(DataError) as e:
        jixiao.score(project_data(indicator("a", "≥10", "12", score="61", reason="r")), s)
    assert e.value.codes == ["JX350"]


def test_audit_mode_keeps_the_formula_and_reports(s: CompiledScheme) -> None:
    data = jixiao.data_from_mapping(project_data(indicator("a", "≥10", "12", score="27")))
    r = jixiao.evaluate(s, data, lenient=True)
    assert rows(r)["a"].score == D(60)
    assert not rows(r)["a"].adjusted
    assert [d.code for d in r.diagnostics if d.code != "JX507"] == ["JX351"]


def test_without_an_adjust_rule_the_filed_score_is_reported_not_used(
        regional: CompiledScheme) -> None:
    r = jixiao.score(project_data(indicator("a", "≥10", "12", score="40", reason="r")), regional)
    assert rows(r)["a"].score == D(50)
    assert rows(r)["a"].filed_score == D(40)
    assert [d.code for d in r.diagnostics if d.code != "JX507"] == ["JX530"]


@pytest.mark.parametrize(("filed", "adjusted"), [("47", False), ("47.3", False),
                                                 ("47.33", False), ("47.4", True)])
def test_a_figure_printed_with_fewer_places_is_no_adjustment(
        s: CompiledScheme, filed: str, adjusted: bool) -> None:
    """60 × 0.7889 = 47.334 → 47.33; printed as 47 or 47.3 it is the same figure."""
    r = jixiao.score(project_data(indicator("a", "≥100", "78.89", weight=60, score=filed,
                                            reason="r")), s)
    a = rows(r)["a"]
    assert a.computed_score == D("47.33")
    assert a.adjusted is adjusted
    assert a.score == (D(filed) if adjusted else D("47.33"))


def test_the_budget_score_as_filed(s: CompiledScheme) -> None:
    """99.1% executed: 10 × 0.991 = 9.91, filed as 9 (the assessor's): allowed, no reason
    needed for this section's rule."""
    r = jixiao.score(project_data(indicator(), executed="99.1",
                                  budget={"total": 100, "executed": "99.1", "score": "9"}), s)
    budget = r.sections[0]
    assert (budget.score, budget.computed_score, budget.adjusted) == (D(9), D("9.91"), True)


def test_adjust_within_a_level_band(s: CompiledScheme) -> None:
    """部分达成 [0.6, 0.8) × 30 = [18, 24): 22 is allowed, 24 is not."""
    row = {"target": "达成", "actual": "部分达成", "ratio": "0.7", "reason": "r"}
    r = jixiao.score(project_data(indicator(), indicator("q", section="效益指标", score="22",
                                                         **row)), s)
    assert rows(r)["q"].score == D(22)
    assert rows(r)["q"].adjusted
    with pytest.raises(DataError) as e:
        jixiao.score(project_data(indicator(), indicator("q", section="效益指标", score="24",
                                                         **row)), s)
    assert e.value.codes == ["JX350"]
    assert "[18, 24)" in e.value.diagnostics[0].message()


def test_formulas_read_the_filed_score_and_row_fields() -> None:
    text = SCHEME.replace("{na}", "").replace(
        "  kind 定性 for text {",
        '  kind 等值 for = { completion = if unit == "份" and actual >= target then 1 else 0 }\n'
        "  kind 定性 for text {")
    cs = jixiao.compile_scheme_text(text, "t.jx")
    r = jixiao.score(project_data(indicator("报告", "=1", "1", unit="份")), cs)
    assert rows(r)["报告"].completion == 1


# ---------------------------------------------------------------- not applicable


def test_not_applicable_rows_rescale_every_weight(s: CompiledScheme) -> None:
    """产出 c (20 of 60) does not apply: 80 points remain, scaled to 100 (× 1.25): 预算执行
    12.5, 产出 50, 效益 37.5; 产出's a and b (20 each before) get 25 each."""
    r = jixiao.score(project_data(
        indicator("a", weight=20), indicator("b", weight=20),
        indicator("c", target="/", actual="/", weight=20),
        indicator("q", section="效益指标", target="达成", actual="达成")), s)
    assert [(x.name, x.weight, x.base_weight) for x in r.sections] == [
        ("预算执行", D("12.5"), D(10)), ("产出指标", D(50), D(60)), ("效益指标", D("37.5"), D(30))]
    got = {x.name: (x.weight, x.base_weight, x.applicable) for x in r.indicators}
    assert got == {"a": (D(25), D(20), True), "b": (D(25), D(20), True),
                   "c": (D(0), D(20), False), "q": (D("37.5"), D(30), True)}
    assert r.total == 100
    assert r.full_score == 100
    assert jixiao.to_dict(r)["indicators"][2]["score"] is None
    assert "不适用" in jixiao.to_text(r)


@pytest.mark.parametrize("mark", ["/", "—", "不适用"])
def test_every_not_applicable_mark(s: CompiledScheme, mark: str) -> None:
    """c (30 of 产出's 60) drops: 70 left, × 100 / 70 = 14.2857…, 42.8571…, 42.8571…; each
    rounded down to 14.28, 42.85, 42.85 (99.98), the two cents left go to the largest
    remainders (0.0071 > 0.0057): 14.28, 42.86, 42.86 — adding up to 100 exactly."""
    r = jixiao.score(project_data(indicator("a"), indicator("c", target="≥5", actual=mark),
                                  indicator("q", section="效益指标", target="达成",
                                            actual="达成")), s)
    assert not rows(r)["c"].applicable
    assert [x.weight for x in r.sections] == [D("14.28"), D("42.86"), D("42.86")]
    assert rows(r)["a"].weight == D("42.86")
    assert r.total == 100


def test_applicable_false(s: CompiledScheme) -> None:
    r = jixiao.score(project_data(indicator("a"), indicator("c", applicable=False)), s)
    assert not rows(r)["c"].applicable


def test_not_applicable_within_section_and_drop() -> None:
    data = project_data(indicator("a", weight=20), indicator("b", weight=10),
                        indicator("c", target="/", actual="/", weight=30),
                        indicator("q", section="效益指标", target="达成", actual="达成"))
    within = jixiao.score(data, scheme("not_applicable section round 2"))
    # 产出 keeps 60: a and b share it 2 : 1 → 40 and 20
    assert [x.weight for x in within.sections] == [D(10), D(60), D(30)]
    assert (rows(within)["a"].weight, rows(within)["b"].weight) == (D(40), D(20))
    dropped = jixiao.score(data, scheme("not_applicable drop"))
    assert [x.weight for x in dropped.sections] == [D(10), D(30), D(30)]
    assert dropped.full_score == D(70)
    assert dropped.total == D(70)


def test_rescaled_weights_rounded_still_add_up() -> None:
    """One 产出 row of three (equal 20 each) drops: 80 → 100 scaled by 1.25 exactly; with a
    third dropped from a 30-point section: 100 / 90 × … rounded to 2 places, sum exactly 100."""
    r = jixiao.score(project_data(
        indicator("a"), indicator("b"), indicator("q", section="效益指标", target="达成",
                                                  actual="达成"),
        indicator("r", section="效益指标", target="达成", actual="/"),
        indicator("t", section="效益指标", target="达成", actual="达成")),
        scheme("not_applicable rescale round 2"))
    assert sum((x.weight for x in r.sections), D(0)) == 100
    assert sum((x.weight for x in r.indicators), D(0)) + r.sections[0].weight == 100


# ---------------------------------------------------------------- sub-rows


def test_sub_rows_are_shown_under_their_parent_and_never_scored(s: CompiledScheme) -> None:
    r = jixiao.score(project_data(
        indicator("培训人次", "≥100", "120"),
        indicator("其中：农民", "≥60", "80"),
        indicator("其中：技术人员", "≥40", "40"),
        indicator("示范面积", "≥10", "10")), s)
    names = [(x.name, x.parent, x.weight) for x in r.indicators]
    assert names == [("培训人次", None, D(30)), ("其中：农民", "培训人次", D(0)),
                     ("其中：技术人员", "培训人次", D(0)), ("示范面积", None, D(30))]
    assert r.sections[1].score == D(60)


def test_a_sub_row_by_parent_field(s: CompiledScheme) -> None:
    r = jixiao.score(project_data(indicator("a"), indicator("a1", parent="a")), s)
    assert rows(r)["a1"].parent == "a"
    assert rows(r)["a"].weight == D(60)


# ---------------------------------------------------------------- free text, kinds by category


def test_free_text_qualitative_actual_with_the_assessors_level(s: CompiledScheme) -> None:
    r = jixiao.score(project_data(indicator(), indicator(
        "能力", section="效益指标", target="有效提升", actual="显著提升", level="达成")), s)
    q = rows(r)["能力"]
    assert (q.level, q.actual_text, q.score, q.assessed_level) == ("达成", "显著提升", D(30),
                                                                   True)


def test_free_text_without_a_level_lists_the_levels(s: CompiledScheme) -> None:
    with pytest.raises(DataError) as e:
        jixiao.score(project_data(indicator(), indicator(
            "能力", section="效益指标", target="有效提升", actual="显著提升")), s)
    assert e.value.codes == ["JX353", "JX307"]  # the count of readable rows heads the list
    assert "达成、部分达成" in e.value.diagnostics[1].hint()


def test_a_bare_cost_target_is_less_is_better_by_its_category(s: CompiledScheme) -> None:
    """20万元 with no operator under 成本指标: 25 spent → 20 / 25 = 80%; elsewhere 正向 (100%)."""
    r = jixiao.score(project_data(
        indicator("成本", "20万元", "25万元", category="成本指标"),
        indicator("数量", "20万元", "25万元", category="数量指标")), s)
    assert (rows(r)["成本"].kind, rows(r)["成本"].completion) == ("成本", D("0.8"))
    assert (rows(r)["数量"].kind, rows(r)["数量"].completion) == ("正向", 1)


def test_every_unreadable_cell_at_once_with_a_count(regional: CompiledScheme) -> None:
    with pytest.raises(DataError) as e:
        jixiao.data_from_mapping(project_data(
            indicator("a", target="≥abc"), indicator("b"), indicator("c", actual="1x1"),
            indicator("d")))
    assert sorted(e.value.codes) == ["JX304", "JX304", "JX353"]
    summary = next(d for d in e.value.diagnostics if d.code == "JX353")
    assert summary.args["readable"] == "2"
    assert summary.args["rows"] == "4"


# ---------------------------------------------------------------- deadlines and dates


@pytest.mark.parametrize(("target", "actual", "days", "months"), [
    ("9月前", "7月", -31, -1),  # before September: by Aug 31; July counts as Jul 31
    ("9月前", "9月", 30, 1),
    ("9月底前", "9月", 0, 0),
    ("2025年12月底前完成", "2025年11月20日", -41, -1),
    ("10月15日前", "10月", 16, 0),  # a month without a day counts as its last day
    ("10月15日前", "2025年10月15日", 0, 0),
    ("2025-10-15", "2025-10-01", -14, 0),
    ("第三季度", "7月完成", -61, -2),
    ("年底前", "12月", 0, 0),
    ("次年3月底前", "2026年2月", -31, -1),  # a deadline across the year end
    ("1月前", "2024年12月", 0, 0),  # before January: by the end of the year before
])
def test_deadlines_read_how_late(target: str, actual: str, days: int, months: int) -> None:
    cs = jixiao.compile_scheme_text(SCHEME.replace("{na}", "").replace(
        "  kind 定性 for text {",
        "  kind 时限 for date { completion = if days_late <= 0 then 1 else 0\n"
        "    score = round(max(weight - max(months_late, 0), 0), 2) }\n"
        "  kind 定性 for text {"), "t.jx")
    r = jixiao.score(project_data(indicator("期限", target, actual, reason="r")), cs)
    row = rows(r)["期限"]
    inputs = dict(row.steps[0].inputs)
    assert inputs["days_late"] == days
    assert row.kind == "时限"
    assert row.completion == (1 if days <= 0 else 0)
    assert row.score == 60 - max(months, 0)  # minus 1 point per month late


def test_the_reference_scheme_scores_a_met_deadline_in_full(regional: CompiledScheme) -> None:
    r = jixiao.score(project_data(indicator("开工", "9月前", "7月"),
                                  indicator("验收", "10月15日前", "10月20日", reason="雨季")),
                     regional)
    assert [(x.kind, x.score) for x in r.indicators] == [("时限", D(25)), ("时限", D(0))]


def test_a_deadline_with_a_number_for_actual_is_an_error(regional: CompiledScheme) -> None:
    with pytest.raises(DataError) as e:
        jixiao.score(project_data(indicator("开工", "9月前", "100%")), regional)
    assert e.value.codes == ["JX304"]
    assert "7月" in e.value.diagnostics[0].message()
