"""Each indicator kind of the reference scheme at its edges, and the rounding traps.

Expected figures are worked by hand from the rules in DOMAIN.md: 正向 met → full weight, else
weight × actual ÷ target; 反向 met → full, else weight × target ÷ actual; rates to 4 places and
scores to 2, half-up. A lone indicator in 满意度指标 carries the section's whole weight, 10.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from conftest import SEED_DATA, indicator, project_data

import jixiao
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.result import IndicatorResult, Result


def one(scheme: CompiledScheme, target: str, actual: str | None, **extra: Any) -> IndicatorResult:
    result = jixiao.score(project_data(indicator("指标", target, actual, section="满意度指标",
                                                 **extra)), scheme)
    return result.indicators[0]


def figures(r: IndicatorResult) -> tuple[str, str, str]:
    return (str(r.completion.normalize()), str(r.deviation.normalize()),
            format(r.score.normalize(), "f"))


@pytest.mark.parametrize(("target", "actual", "expected"), [
    ("≥100", "100", ("1", "0", "10")),          # exactly at the target
    ("≥100", "99", ("0.99", "0.01", "9.9")),    # just below
    ("≥100", "99.99", ("0.9999", "0.0001", "10")),  # 9.999 rounds up to the full weight
    ("≥100", "150", ("1", "0", "10")),          # above: capped
    ("≥100", "0", ("0", "1", "0")),
    ("≥0", "0", ("1", "0", "10")),              # a zero target is met by zero
    ("≥0", "-1", ("0", "1", "0")),              # … and missed without dividing by zero
    ("≥100", "-5", ("0", "1", "0")),            # a negative actual scores 0, never below
    (">100", "50", ("0.5", "0.5", "5")),
    ("100%", "66.67%", ("0.6667", "0.3333", "6.67")),  # a bare percentage reads as ≥
    ("≥90%", "90", ("1", "0", "10")),           # an actual without unit takes the target's
    ("≥90%", "89.99%", ("0.9999", "0.0001", "10")),
    ("不低于90%", "45%", ("0.5", "0.5", "5")),
])
def test_higher_is_better(regional: CompiledScheme, target: str, actual: str,
                          expected: tuple[str, str, str]) -> None:
    r = one(regional, target, actual, reason="说明")
    assert r.kind == "正向"
    assert figures(r) == expected


@pytest.mark.parametrize(("target", "actual", "expected"), [
    ("≤90万元", "90", ("1", "0", "10")),         # at the target
    ("≤90万元", "91", ("0.989", "0.011", "9.89")),  # just above: 90/91 = 0.98901 → 0.9890
    ("≤90万元", "0", ("1", "0", "10")),
    ("≤90万元", "850000元", ("1", "0", "10")),   # another magnitude of the same unit
    ("≤90万元", "95万元", ("0.9474", "0.0526", "9.47")),
    ("≤90万元", "1800000元", ("0.5", "0.5", "5")),
    ("<10天", "20天", ("0.5", "0.5", "5")),
    ("不超过5%", "10%", ("0.5", "0.5", "5")),
])
def test_lower_is_better(regional: CompiledScheme, target: str, actual: str,
                         expected: tuple[str, str, str]) -> None:
    r = one(regional, target, actual, reason="说明")
    assert r.kind == "反向"
    assert figures(r) == expected


@pytest.mark.parametrize(("target", "actual", "expected"), [
    ("=1份", "1", ("1", "0", "10")),
    ("=1份", "2", ("0", "1", "0")),
    ("=1份", "1份", ("1", "0", "10")),
])
def test_exact(regional: CompiledScheme, target: str, actual: str,
               expected: tuple[str, str, str]) -> None:
    r = one(regional, target, actual, reason="说明")
    assert r.kind == "等值"
    assert figures(r) == expected


@pytest.mark.parametrize(("target", "actual", "expected"), [
    ("[5, 10]", "5", ("1", "0", "10")),          # both ends belong to the range
    ("[5, 10]", "10", ("1", "0", "10")),
    ("[5, 10]", "4", ("0.8", "0.2", "8")),       # below: actual ÷ low
    ("[5, 10]", "12.5", ("0.8", "0.2", "8")),    # above: high ÷ actual
    ("60%~80%", "70%", ("1", "0", "10")),
    ("[0, 10]", "-1", ("0", "1", "0")),          # below a range starting at 0
    ("[-10, -5]", "3", ("0", "1", "0")),         # above a negative range: 0, not below
    ("[-10, -5]", "-7", ("1", "0", "10")),
])
def test_range(regional: CompiledScheme, target: str, actual: str,
               expected: tuple[str, str, str]) -> None:
    r = one(regional, target, actual, reason="说明")
    assert r.kind == "区间"
    assert figures(r) == expected


def test_qualitative_met_by_the_target_text(regional: CompiledScheme) -> None:
    r = one(regional, "基本消除", "基本消除")
    assert (r.kind, r.level) == ("定性", "达成预期指标")
    assert figures(r) == ("1", "0", "10")


def test_qualitative_level_by_alias(regional: CompiledScheme) -> None:
    assert one(regional, "有效提高", "达成年度指标").level == "达成预期指标"


@pytest.mark.parametrize(("ratio", "score"), [("0.6", "6"), ("0.7", "7"), ("0.7999", "8")])
def test_qualitative_assessed_band(regional: CompiledScheme, ratio: str, score: str) -> None:
    r = one(regional, "有效提高", "部分达成预期指标", ratio=ratio, reason="说明")
    assert (r.level, format(r.score.normalize(), "f")) == ("部分达成预期指标", score)


@pytest.mark.parametrize(("ratio", "code"), [("0.8", "JX309"), ("0.59", "JX309"), (None, "JX308")])
def test_qualitative_band_edges_are_half_open(regional: CompiledScheme, ratio: str | None,
                                              code: str) -> None:
    extra = {"ratio": ratio} if ratio is not None else {}
    with pytest.raises(jixiao.DataError) as exc:
        one(regional, "有效提高", "部分达成预期指标", **extra)
    assert exc.value.codes == [code]
    assert exc.value.diagnostics[0].where == "indicators[0].ratio"


def test_negative_target_is_refused(regional: CompiledScheme) -> None:
    with pytest.raises(jixiao.DataError) as exc:
        one(regional, "≥-5%", "1%")
    assert exc.value.codes == ["JX319"]
    assert exc.value.diagnostics[0].where == "indicators[0].target"


def test_unknown_level(regional: CompiledScheme) -> None:
    with pytest.raises(jixiao.DataError) as exc:
        one(regional, "有效提高", "差不多")
    assert exc.value.codes == ["JX307"]
    assert "达成预期指标" in exc.value.diagnostics[0].hint()


@pytest.mark.parametrize("target", ["≥100", "≤100", "=1", "[1, 2]", "基本消除"])
def test_missing_actual_is_an_error_not_a_zero(regional: CompiledScheme, target: str) -> None:
    with pytest.raises(jixiao.DataError) as exc:
        one(regional, target, None)
    assert exc.value.codes == ["JX311"]
    assert exc.value.diagnostics[0].where == "indicators[0].actual"


def test_half_up_tie_in_a_completion_rate(regional: CompiledScheme) -> None:
    """317.52 / 320 = 0.99225 exactly: half-up gives 0.9923 (half-even and float give 0.9922)."""
    assert one(regional, "≥320", "317.52", reason="说明").completion == Decimal("0.9923")


def test_half_even_scheme_rounds_the_tie_down() -> None:
    scheme = jixiao.compile_scheme_text(
        'scheme 银行家舍入 extends "transfer_regional.jx" { rounding half_even }')
    assert one(scheme, "≥320", "317.52", reason="说明").completion == Decimal("0.9922")
    seed = jixiao.score(SEED_DATA, scheme)
    assert seed.projects[1].central.rate == Decimal("0.9922")


def test_the_seed_needs_the_rate_rounded_before_scoring(soil: CompiledScheme) -> None:
    """10 × 53.75% = 5.375 → 5.38; 10 × 0.537494… = 5.37494… → 5.37."""
    assert jixiao.score(SEED_DATA, soil).sections[0].score == Decimal("5.38")
    unrounded = jixiao.compile_scheme_text(
        'scheme 不先取整 extends "soil_pollution.jx" { budget { rate = executed / total } }')
    result: Result = jixiao.score(SEED_DATA, unrounded)
    assert result.sections[0].score == Decimal("5.37")
    assert result.total == Decimal("92.70")


def test_budget_rate_is_capped_at_full_weight(regional: CompiledScheme) -> None:
    result = jixiao.score(project_data(indicator(section="满意度指标"), total="100",
                                       executed="120"), regional)
    assert result.sections[0].score == Decimal("10.00")
    assert result.budget.total.rate == Decimal("1.2000")
    assert "JX506" in [d.code for d in result.diagnostics]


def test_given_weights_and_equal_remainder(regional: CompiledScheme) -> None:
    rows = [indicator(f"产出{i}", "≥1", "1") for i in range(8)]
    rows[6]["weight"] = 8
    result = jixiao.score(project_data(*rows), regional)
    assert [str(r.weight.normalize()) for r in result.indicators] == ["6"] * 6 + ["8", "6"]


def test_equal_split_is_rounded_by_the_scheme(regional: CompiledScheme) -> None:
    rows = [indicator(f"效益{i}", "≥1", "1", section="效益指标") for i in range(7)]
    result = jixiao.score(project_data(*rows), regional)
    weights = [r.weight for r in result.indicators]  # 30 ÷ 7 = 4.2857…
    assert weights == [Decimal("4.29")] * 4 + [Decimal("4.28")] * 3  # the rest, one by one
    assert sum(weights) == 30


def test_rounded_equal_shares_never_push_the_total_past_full_marks(
        regional: CompiledScheme) -> None:
    """50 ÷ 3 = 16.67 each would add up to 50.01 and a total of 100.01, outside every grade."""
    result = jixiao.score(project_data(*[indicator(f"产出{i}") for i in range(3)],
                                       indicator("效益", section="效益指标"),
                                       indicator("满意度", section="满意度指标")), regional)
    assert [r.weight for r in result.indicators[:3]] == [Decimal("16.67")] * 2 + [
        Decimal("16.66")]
    assert (result.total, result.grade) == (Decimal("100.00"), "优")


def test_weights_that_do_not_add_up(regional: CompiledScheme) -> None:
    rows = [indicator("a", weight=30), indicator("b", weight=30)]
    with pytest.raises(jixiao.DataError) as exc:
        jixiao.score(project_data(*rows), regional)
    assert exc.value.codes == ["JX306"]
    assert "60" in exc.value.diagnostics[0].message()


def test_reason_required_below_target(regional: CompiledScheme) -> None:
    result = jixiao.score(project_data(indicator("开工率", "100%", "66.67%")), regional)
    warnings = [d for d in result.diagnostics if d.code == "JX501"]
    assert [d.where for d in warnings] == ["indicators[0].reason"]


def test_unit_mismatch_is_warned_and_compared_as_written(regional: CompiledScheme) -> None:
    """The seed's own summary writes 生态恢复面积 as 11.30 万立方米 for a target in 万平方米."""
    result = jixiao.score(project_data(indicator("生态恢复面积", "≥10.7", "11.30万立方米",
                                                 unit="万平方米")), regional)
    assert [d.code for d in result.diagnostics if d.code == "JX502"] == ["JX502"]
    assert result.indicators[0].completion == 1


def test_budget_parts_that_do_not_add_up(regional: CompiledScheme) -> None:
    data = project_data(indicator(section="满意度指标"))
    data["budget"] = {"total": "100", "executed": "50",
                      "central": {"total": "60", "executed": "50"},
                      "local": {"total": "30", "executed": "0"}}
    result = jixiao.score(data, regional)
    assert [d.code for d in result.diagnostics if d.code == "JX503"] == ["JX503"]


def test_grade_bands_are_half_open(regional: CompiledScheme) -> None:
    grades = {g.name: g.band for g in regional.scheme.grades}
    assert grades["优"].contains(Decimal(90))
    assert not grades["良"].contains(Decimal(90))
    assert grades["良"].contains(Decimal("89.99"))
    assert grades["差"].contains(Decimal(0))
    assert not grades["中"].contains(Decimal("59.99"))
    assert grades["优"].contains(Decimal(100))
