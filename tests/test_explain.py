"""``jixiao explain``: each figure written in the scheme's words with the values put in.

The seed's explanation is a golden file (zh and en) read figure by figure against the seed
report: 预算执行率 0.5375 = round(1755.51 ÷ 3266.1, 4), 预算执行 5.38 = round(10 × 0.5375, 2),
项目开工率 0.6667 = round(2 ÷ 3, 4) → 完成率 0.6667 → 得分 round(8 × 0.6667, 2) = 5.33, the
subtotals 47.33 / 30 / 10 and 总分 92.71 优.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import ROOT, SEED_DATA, indicator, project_data
from hypothesis import HealthCheck, given, settings
from snapshots import TextSnapshot
from syrupy.assertion import SnapshotAssertion
from test_generated_schemes import schemes

import jixiao
from jixiao.cli import main
from jixiao.engine.compile import CompiledScheme
from jixiao.explain import Explainer, explain, number


@pytest.fixture(scope="module")
def seed_text(soil: CompiledScheme) -> str:
    return explain(soil, jixiao.score(SEED_DATA, soil))


def test_seed_explain_golden(seed_text: str, snapshot: SnapshotAssertion) -> None:
    assert seed_text == snapshot(extension_class=TextSnapshot)


def test_seed_explain_english_golden(soil: CompiledScheme, snapshot: SnapshotAssertion) -> None:
    text = explain(soil, jixiao.score(SEED_DATA, soil), "en")
    assert text == snapshot(extension_class=TextSnapshot)
    assert "因为" not in text
    assert "舍入" not in text


def test_the_budget_line_reads_as_the_issue_asks(seed_text: str) -> None:
    assert ("预算执行 5.38 = round(10 × min(0.5375, 1), 2)；0.5375 = round(1755.51 ÷ 3266.1, 4)"
            "  [transfer_regional.jx:15]") in seed_text
    assert "舍入: 5.375 → 5.38（四舍五入，保留 2 位小数）" in seed_text


def test_every_seed_step_is_written_with_its_values(soil: CompiledScheme) -> None:
    """No seed formula falls back to the bare formula text: the walk agrees with the engine."""
    result = jixiao.score(SEED_DATA, soil)
    ex = Explainer(soil)
    steps = [*result.budget.steps, *result.steps]
    steps += [s for r in result.indicators for s in r.steps]
    steps += [s for r in result.sections for s in r.steps]
    assert steps
    for st in steps:
        assert ex.step(st).shown is not None, st.formula


def test_only_the_branch_taken_is_shown(soil: CompiledScheme) -> None:
    text = explain(soil, jixiao.score(SEED_DATA, soil), indicator="项目开工率")
    assert "完成率 0.6667 = max(round(0.6667 ÷ 1, 4), 0)" in text
    assert "因为: 0.6667 ≥ 1 不成立；1 > 0 成立" in text
    assert "得分 5.33 = round(8 × min(0.6667, 1), 2)" in text
    assert "5.3336 → 5.33" in text
    assert "氰渣堆" not in text  # only the indicator asked for


def test_a_reverse_indicator_and_a_range(regional: CompiledScheme) -> None:
    data = project_data(indicator("成本", target="≤80", actual="100", reason="超支"),
                        indicator("区间", target="[5, 10]", actual="4", reason="未达"))
    text = explain(regional, jixiao.score(data, regional))
    assert "完成率 0.8 = round(80 ÷ 100, 4)" in text
    assert "因为: 100 ≤ 80 不成立" in text
    assert "完成率 0.8 = max(round(4 ÷ 5, 4), 0)" in text


def test_a_formula_the_walk_cannot_follow_falls_back_to_its_text(
        regional: CompiledScheme) -> None:
    """A step whose recorded value the walk does not reach is shown as formula + inputs,
    never with a figure the engine did not compute."""
    result = jixiao.score(project_data(indicator()), regional)
    step = result.indicators[0].steps[-1]
    import attrs
    forged = attrs.evolve(step, value=Decimal("99"))
    e = Explainer(regional).step(forged)
    assert e.shown is None


def test_long_fractions_are_cut_with_an_ellipsis() -> None:
    assert number(Decimal("0.53749425920822999908")) == "0.5374942592…"
    assert number(Decimal("5.3750")) == "5.375"


def test_cli_explain_and_unknown_indicator(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(SEED_DATA), "--indicator", "总分"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("总分 92.71 = round(92.71, 2)")
    assert "评级 优：92.71 在 [90, 100] 内" in out
    assert main(["explain", str(SEED_DATA), "--indicator", "项目开工"]) == 2
    err = capsys.readouterr().err
    assert "JX040" in err
    assert "项目开工率" in err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemes(sound=True))
def test_generated_schemes_are_explained_with_their_values(
        generated: tuple[str, list[tuple[str, Decimal]]]) -> None:
    text, sections = generated
    compiled = jixiao.compile_scheme_text(text)
    rows = [indicator(f"指标{i}", target="≥100", actual=a, section=name, reason="r")
            for i, ((name, _), a) in enumerate(zip(sections, ["37", "100", "160", "99.5"],
                                                    strict=False))]
    result = jixiao.score(project_data(*rows, total="300", executed="123.45"), compiled)
    ex = Explainer(compiled)
    for st in [*result.budget.steps, *result.steps,
               *(s for r in result.indicators for s in r.steps),
               *(s for r in result.sections for s in r.steps)]:
        assert ex.step(st).shown is not None, (st.formula, text)




def test_floor_and_ceil_are_rounding_steps() -> None:
    text = (ROOT / "tests" / "samples" / "small.jx").read_text(encoding="utf-8").replace(
        "score = round(weight * min(completion, 1), 2)",
        "score = floor(weight * min(completion, 1), 1)").replace(
        "round(executed / total, 4)", "ceil(executed / total * 100) / 100")
    compiled = jixiao.compile_scheme_text(text, "small.jx")
    data = project_data(indicator(target="≥3", actual="2", reason="r"), executed="33.3")
    out = explain(compiled, jixiao.score(data, compiled))
    assert "得分 60 = floor(90 × min(0.6666666666…, 1), 1)" in out
    assert "→ 60（" not in out  # 90 × 2/3 is 60 at 50 digits: a rounding that changes nothing
    assert "预算执行率 0.34 = ceil(33.3 ÷ 100 × 100) ÷ 100" in out
    assert "33.3 → 34（向上取整，保留 0 位小数）" in out
