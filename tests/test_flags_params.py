"""Parameters a child sets, presence tests on optional data, flags (every match reported, with
deductions), grades as shares of the full score, and ``scale``.

Expected figures are worked by hand from the regional scheme: 预算执行 = 10 × rate, a 正向
indicator met scores its whole weight, a lone indicator carries the section's weight.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import indicator, project_data

import jixiao
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.diagnostics import SchemeError, Severity


def child(body: str, parent: str = "transfer_regional.jx") -> CompiledScheme:
    return jixiao.compile_scheme_text(f'scheme 子方案 extends "{parent}" {{\n{body}}}\n', "c.jx")


OVERSHOOT = """\
  param 超额 = 120%
  param 严重超额 = 130%
  kind 正向 {
    flag 超额完成 warning "完成值超过指标值的120%" when actual > target * 超额
    flag 严重超额 error "完成值达到指标值的130%以上" when actual >= target * 严重超额 deduct 2
  }
"""


def flags_of(result: jixiao.Result) -> list[tuple[str, str, Severity]]:
    return [(d.args["indicator"], d.args["flag"], d.severity) for d in result.diagnostics
            if d.code in ("JX563", "JX564")]


@pytest.mark.parametrize(("actual", "flags", "score"), [
    ("12", [], "50"),                      # exactly 120%: not over
    ("12.1", ["超额完成"], "50"),
    ("13", ["超额完成", "严重超额"], "48"),   # both reported, not only the first; 50 − 2
    ("20", ["超额完成", "严重超额"], "48"),
])
def test_overshoot_flags_and_deduction(actual: str, flags: list[str], score: str) -> None:
    result = jixiao.score(project_data(indicator("a", "≥10", actual)), child(OVERSHOOT))
    assert [f for _, f, _ in flags_of(result)] == flags
    assert result.indicators[0].score == Decimal(score)
    if "严重超额" in flags:
        assert flags_of(result)[1][2] is Severity.ERROR


def test_a_deduction_never_goes_below_zero() -> None:
    c = child('  kind 正向 { flag 扣 "扣分" when actual > 0 deduct 100 }\n')
    assert jixiao.score(project_data(indicator("a", "≥10", "5", reason="r")), c
                        ).indicators[0].score == 0


def test_a_child_sets_a_parameter() -> None:
    """The grandchild sets 超额 to 110%: 11.5 against ≥10 is now flagged."""
    parent = child(OVERSHOOT)
    data = project_data(indicator("a", "≥10", "11.5"))
    assert flags_of(jixiao.score(data, parent)) == []
    text = 'scheme 孙 extends "p.jx" {\n  param 超额 = 110%\n}\n'
    from jixiao.dsl import compile_source

    sources = {"p.jx": 'scheme 子方案 extends "transfer_regional.jx" {\n' + OVERSHOOT + "}\n"}

    def resolve(ref: str, span: object, file: str) -> tuple[str, str]:
        if ref in sources:
            return sources[ref], ref
        path = jixiao.library.library_root() / ref
        return path.read_text(encoding="utf-8"), "schemes/" + ref
    grand = compile_source(text, "g.jx", resolve)
    assert [f for _, f, _ in flags_of(jixiao.score(data, grand))] == ["超额完成"]
    assert [(c.action, c.what, c.name) for c in grand.scheme.changes] == [
        ("changed", "param", "超额")]


def test_an_unused_parameter_is_warned() -> None:
    assert [d.code for d in child("  param 无用 = 1\n  section 预算执行 weight 10 also \"预算\"\n"
                                  ).warnings] == ["JX562"]


def test_an_unknown_name_suggests_a_parameter() -> None:
    with pytest.raises(SchemeError) as info:
        child('  param 超额 = 120%\n  kind 正向 { flag x "x" when actual > target * 超 }\n')
    d = next(d for d in info.value.diagnostics if d.code == "JX202")
    assert "超额" in d.hint("zh")


LOCAL = ('  section 预算执行 { score = if has(budget.local) then '
         'round(weight * min(budget.local.rate, 1), 2) '
         'else round(weight * min(budget.rate, 1), 2) }\n')


def test_has_scores_data_without_a_local_line() -> None:
    c = child(LOCAL)
    without = project_data(indicator(), executed="90")
    assert jixiao.score(without, c).sections[0].score == Decimal("9.00")
    with_local = project_data(indicator(), executed="90")
    with_local["budget"] |= {"central": {"total": 80, "executed": 80},
                             "local": {"total": 20, "executed": 10}}
    assert jixiao.score(with_local, c).sections[0].score == Decimal("5.00")


def test_has_needs_a_known_name() -> None:
    with pytest.raises(SchemeError) as info:
        child("  section 预算执行 { score = if has(budget.locl) then 1 else 0 }\n")
    assert info.value.codes == ["JX202"]


def test_grades_as_shares_follow_the_full_score() -> None:
    """Budget 20 scored outside the indicators: 20 + 50 + 30 + 10 = 110; 优 from 90% = 99."""
    c = child("  section 预算执行 weight 20\n"
              "  grade 优 [90%, 100%]  grade 良 [80%, 90%)\n"
              "  grade 中 [60%, 80%)  grade 差 [0%, 60%)\n")
    assert c.scheme.full_score == 110
    assert [str(g.band) for g in c.scheme.grades] == ["[99, 110]", "[88, 99)", "[66, 88)",
                                                      "[0, 66)"]


def test_jx211_names_the_weights() -> None:
    with pytest.raises(SchemeError) as info:
        child("  section 预算执行 weight 20\n")
    d = info.value.diagnostics[0]
    assert d.code == "JX211"
    assert "预算执行 20 + 产出指标 50 + 效益指标 30 + 满意度指标 10 = 110" in d.message("zh")
    assert "[90%, 100%]" in d.hint("en")
    assert "[90, 110]" not in d.hint("en")


def test_scale_a_block() -> None:
    """Indicators written to 100 (产出 50 + 效益 30 + 满意度 20) worth 90 after a budget of 10:
    × 0.9 → 45 + 27 + 18."""
    c = child("  section 满意度指标 weight 20\n  scale 产出指标, 效益指标, 满意度指标 to 90\n")
    weights = {s.name: s.weight for s in c.scheme.sections}
    assert c.scheme.full_score == 100
    assert weights == {"预算执行": 10, "产出指标": 45, "效益指标": 27, "满意度指标": 18}
    assert str(weights["产出指标"]) == "45"


def test_a_scale_that_is_not_exact_is_refused() -> None:
    with pytest.raises(SchemeError) as info:
        child("  scale 产出指标, 效益指标, 满意度指标 to 80\n"
              "  grade 优 [90%, 100%]  grade 差 [0%, 90%)\n")
    assert info.value.codes == ["JX274"]
    assert "产出指标 50 × 80 ÷ 90" in info.value.diagnostics[0].message("zh")
