"""The fast evaluator (``engine.fast``, generated code from ``engine.codegen``) gives exactly
what the general evaluator gives: the whole ``Result`` — every figure with its written places,
every warning — or the same error with the same diagnostics, for every example, every case of
the bundled schemes, generated records and generated schemes, and at the limits (the step
budget JX411, numbers out of range JX410). And it is really used: the ordinary records (the
seed, the benchmark's workload) are scored by it, not handed back to the general evaluator."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import ROOT, SCHEMES, indicator, project_data
from hypothesis import given
from hypothesis import strategies as st
from test_generated_schemes import actuals, schemes, targets
from test_properties import REGIONAL, examples, valid_data

import jixiao
from jixiao.datafile import data_from_mapping
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.data import ProjectData
from jixiao.engine.evaluate import evaluate, evaluate_general
from jixiao.engine.fast import evaluate_fast
from jixiao.engine.limits import DEFAULT_LIMITS, Limits
from jixiao.schemetest import read_cases

SOIL = jixiao.load_scheme(SCHEMES / "soil_pollution.jx")
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "data.toml").exists())
# The examples an ordinary record makes, flags that fire included (the others have sub-rows,
# rows that do not apply or assessors' scores, and are the general evaluator's).
FAST_EXAMPLES = {"xinjiang-soil-2025", "department-overall", "project-budget20",
                 "project-national", "air-pollution", "employment-subsidy",
                 "provincial-overshoot"}


def _outcome(run: Callable[[], jixiao.Result]) -> object:
    try:
        return run()
    except jixiao.JixiaoError as exc:
        return (type(exc).__name__, exc.diagnostics)


def agree(cs: CompiledScheme, data: ProjectData, limits: Limits = DEFAULT_LIMITS) -> bool:
    """Both evaluators give the same outcome, to the written places of every figure (``repr``
    tells ``1`` from ``1.00``, which ``==`` does not); whether the fast one scored it."""
    got = _outcome(lambda: evaluate(cs, data, explain=False, limits=limits))
    want = _outcome(lambda: evaluate_general(cs, data, explain=False, limits=limits))
    assert got == want
    assert repr(got) == repr(want)
    return evaluate_fast(cs, data, limits.evaluation_steps) is not None


def _example(folder: Path) -> tuple[CompiledScheme, ProjectData]:
    data = jixiao.load_data(folder / "data.toml")
    own = folder / "scheme.jx"
    return jixiao.load_scheme(own if own.exists() else str(data.scheme)), data


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_every_example_agrees(folder: Path) -> None:
    cs, data = _example(folder)
    assert agree(cs, data) == (folder.name in FAST_EXAMPLES)


def test_the_seed_is_scored_fast_to_the_cent() -> None:
    cs, data = _example(ROOT / "examples" / "xinjiang-soil-2025")
    result = evaluate_fast(cs, data, DEFAULT_LIMITS.evaluation_steps)
    assert result is not None
    assert (result.total, result.grade) == (Decimal("92.71"), "优")
    assert [str(s.score) for s in result.sections] == ["5.38", "47.33", "30.00", "10.00"]


def _cases() -> list[Any]:
    out = []
    for path in sorted(SCHEMES.glob("*.cases.toml")):
        for case in read_cases(path):
            out.append(pytest.param(case, id=f"{path.name}:{case.index}"))
    return out


CASE_SCHEMES: dict[Path, CompiledScheme] = {}


@pytest.mark.parametrize("case", _cases())
def test_every_case_of_the_bundled_schemes_agrees(case: Any) -> None:
    cs = CASE_SCHEMES.get(case.scheme)
    if cs is None:
        cs = CASE_SCHEMES[case.scheme] = jixiao.load_scheme(case.scheme)
    try:
        data = (jixiao.load_data(case.data) if case.data is not None
                else data_from_mapping(case.record or {}, source=str(case.file)))
    except jixiao.JixiaoError:
        return  # refused while reading: no evaluator runs
    agree(cs, data)


def test_the_benchmark_workload_is_scored_fast() -> None:
    from benchmarks import workload
    for record in workload.records(300):
        data = data_from_mapping({k: v for k, v in record.items() if k not in ("id", "tags")})
        assert agree(REGIONAL, data)


@examples(150)
@given(valid_data(), st.booleans())
def test_generated_records_agree(mapping: dict[str, Any], soil: bool) -> None:
    try:
        data = data_from_mapping(copy.deepcopy(mapping))
    except jixiao.JixiaoError:
        return
    agree(SOIL if soil else REGIONAL, data)


@examples(100)
@given(schemes(), st.data())
def test_generated_schemes_agree(generated: tuple[str, list[tuple[str, Decimal]]],
                                 draw: st.DataObject) -> None:
    """Every rounding mode and places, splits, grade bands; refusals (JX403, JX404) too."""
    text, sections = generated
    cs = jixiao.compile_scheme_text(text, "generated.jx")
    rows = []
    for name, _ in sections:
        for k in range(draw.draw(st.integers(1, 4))):
            target = draw.draw(targets)
            unit = "%" if target.endswith("%") else ""
            rows.append(indicator(f"{name}{k}", target, f"{draw.draw(actuals)}{unit}",
                                  section=name,
                                  reason=draw.draw(st.sampled_from(["", "说明"]))))
    executed = draw.draw(st.decimals(min_value=0, max_value=300, places=2))
    agree(cs, data_from_mapping(project_data(*rows, total="100", executed=str(executed))))


@pytest.mark.parametrize("steps", [1, 5, 20, 40, 60, 80, 120, 1000])
def test_the_step_budget_is_met_alike(steps: int) -> None:
    """JX411 where the general evaluator meets it, with the same formula and place; a budget
    a record fits in scores it (the fast evaluator leaves a record that might not to it)."""
    for cs, folder in ((SOIL, "xinjiang-soil-2025"), (REGIONAL, "project-national")):
        data = _example(ROOT / "examples" / folder)[1]
        agree(cs, data, Limits(evaluation_steps=steps))
    with pytest.raises(jixiao.EvaluationError) as info:
        evaluate(SOIL, _example(ROOT / "examples" / "xinjiang-soil-2025")[1], explain=False,
                 limits=Limits(evaluation_steps=40))
    assert info.value.codes == ["JX411"]


OVERFLOW = """scheme 溢出 version "1" extends "transfer_regional.jx" {
  kind 正向 for >=, >, bare {
    completion = if actual * actual * actual * actual > target then 1 else 0
  }
}
"""


def test_numbers_out_of_range_and_division_by_zero_are_met_alike() -> None:
    cs = jixiao.compile_scheme_text(OVERFLOW, str(SCHEMES / "overflow.jx"))
    big = data_from_mapping(project_data(indicator("产出", "≥1", "9" * 29)))
    assert not agree(cs, big)
    with pytest.raises(jixiao.EvaluationError) as info:
        evaluate(cs, big, explain=False)
    assert info.value.codes == ["JX410"]
    cs = jixiao.compile_scheme_text(OVERFLOW.replace("actual * actual * actual * actual",
                                                     "actual / (actual - target)"),
                                    str(SCHEMES / "divide.jx"))
    zero = data_from_mapping(project_data(indicator("产出", "≥5", "5")))
    assert not agree(cs, zero)
    with pytest.raises(jixiao.EvaluationError) as info:
        evaluate(cs, zero, explain=False)
    assert info.value.codes == ["JX401"]


MISSING_LINE = """scheme 缺项 version "1" extends "transfer_regional.jx" {
  section 预算执行 weight 10 {
    score = round(weight * min(if has(budget.local) then budget.local.rate else budget.rate,
                               1), 2)
  }
}
"""


def test_a_figure_the_record_lacks_is_met_alike() -> None:
    """``has`` guards a line the record may lack; read unguarded it is JX402."""
    cs = jixiao.compile_scheme_text(MISSING_LINE, str(SCHEMES / "missing.jx"))
    rows = [indicator("产出", "≥1", "1")]
    plain = data_from_mapping(project_data(*rows))
    agree(cs, plain)
    lines = project_data(*rows)
    lines["budget"] = {"total": "100", "executed": "80",
                       "local": {"total": "40", "executed": "10"},
                       "central": {"total": "60", "executed": "70"}}
    agree(cs, data_from_mapping(lines))
    unguarded = MISSING_LINE.replace("if has(budget.local) then budget.local.rate else "
                                     "budget.rate", "budget.central.rate")
    cs = jixiao.compile_scheme_text(unguarded, str(SCHEMES / "missing.jx"))
    assert not agree(cs, plain)


def test_warnings_the_fast_evaluator_gives_are_the_general_ones() -> None:
    """A missing reason (JX501) and an empty section (JX507), in the same order."""
    rows = [indicator("甲", "≥100", "50"), indicator("乙", "≤10", "20", reason="涨价"),
            indicator("丙", "≥90%", "80%"),
            indicator("丁", "达成预期指标", "部分达成", section="效益指标", ratio="0.7")]
    data = data_from_mapping(project_data(*rows))
    assert agree(REGIONAL, data)
    codes = [d.code for d in evaluate(REGIONAL, data, explain=False).diagnostics]
    assert codes == ["JX501", "JX501", "JX501", "JX507"]


def test_warnings_of_a_data_file_point_at_its_lines_alike(tmp_path: Path) -> None:
    """Read from a file (``places`` kept), a record's warnings are located alike."""
    path = tmp_path / "data.toml"
    path.write_text('[budget]\ntotal = 100\nexecuted = 90\n\n[[indicators]]\nsection = "产出指标"\n'
                    'name = "监测点位"\ntarget = "≥26"\nactual = "20"\n', encoding="utf-8")
    data = jixiao.load_data(path)
    assert agree(REGIONAL, data)
    found = evaluate(REGIONAL, data, explain=False).diagnostics
    assert [d.code for d in found][:1] == ["JX501"]
    assert found == evaluate_general(REGIONAL, data, explain=False).diagnostics


BUDGET_KIND = """scheme 读预算 version "1" extends "transfer_regional.jx" {
  kind 正向 for >=, >, bare {
    completion = if actual >= target then min(budget.rate + 0.5, 1) else 0
  }
}
"""


def test_a_row_shared_between_records_is_scored_for_each() -> None:
    """The data reader gives a repeated row as the same object; its result is reused only
    with the same weight, and never when its kind reads the record (the budget's rate)."""
    row = data_from_mapping(project_data(indicator("甲", "≥100", "90"))).indicators[0]
    other = data_from_mapping(project_data(indicator("乙", "≥10", "9"))).indicators[0]
    alone = attrs.evolve(data_from_mapping(project_data()), indicators=(row,))
    shared = attrs.evolve(alone, indicators=(row, other))  # 甲's weight halves
    for data in (alone, shared, alone, shared):
        assert agree(REGIONAL, data)
    assert evaluate(REGIONAL, alone, explain=False).indicators[0].weight == 50
    assert evaluate(REGIONAL, shared, explain=False).indicators[0].weight == 25
    cs = jixiao.compile_scheme_text(BUDGET_KIND, str(SCHEMES / "budget_kind.jx"))
    met = attrs.evolve(alone, indicators=(
        data_from_mapping(project_data(indicator("丙", "≥100", "120"))).indicators[0],))
    scores = []
    for executed in ("40", "100", "40"):
        data = attrs.evolve(met, budget=attrs.evolve(
            met.budget, total=attrs.evolve(met.budget.total, executed=Decimal(executed))))
        assert agree(cs, data)
        scores.append(evaluate(cs, data, explain=False).indicators[0].score)
    assert [str(x) for x in scores] == ["45.00", "50.00", "45.00"]


NO_CATEGORIES = """scheme 无二级 version "1" extends "transfer_regional.jx" {
  section 产出指标 weight 50 {
    split given_else_equal round 2
  }
}
"""


def test_names_that_look_alike_are_warned_alike() -> None:
    """JX525 (engine.names): 二级指标 of one section, or sub-projects, that look alike. Such a
    record is the general evaluator's, with the same warnings as before."""
    cs = jixiao.compile_scheme_text(NO_CATEGORIES, str(SCHEMES / "no_categories.jx"))
    plain = [indicator("甲", "≥100", "100", category="数量指标"),
             indicator("乙", "≥100", "100", category="数量指标")]
    assert agree(cs, data_from_mapping(project_data(*plain)))
    alike = [plain[0], indicator("乙", "≥100", "100", category="数量\u200b指标")]
    data = data_from_mapping(project_data(*alike))
    assert not agree(cs, data)
    assert "JX525" in [d.code for d in evaluate(cs, data, explain=False).diagnostics]
    projects = [{"name": name, "budget": {"central": "50"}, "executed": {"central": "50"},
                 "status": "completed"} for name in ("一标段", "一标\u200b段")]
    data = data_from_mapping(project_data(*plain, projects=projects))
    assert not agree(cs, data)
    assert "JX525" in [d.code for d in evaluate(cs, data, explain=False).diagnostics]
    projects[1]["name"] = "二标段"
    assert agree(cs, data_from_mapping(project_data(*plain, projects=projects)))


def test_a_shared_row_without_a_place_warns_at_its_index() -> None:
    """A row built in code (``where`` empty) shared by records at different places: its JX501
    names the place it has in each record."""
    row = attrs.evolve(data_from_mapping(project_data(indicator("甲", "≥100", "90")))
                       .indicators[0], where="")
    other = attrs.evolve(data_from_mapping(project_data(indicator("乙", "≥10", "10")))
                         .indicators[0], where="")
    blank = data_from_mapping(project_data())
    first, second = (attrs.evolve(blank, indicators=rows)
                     for rows in ((row, other), (other, row)))
    wheres = []
    for data in (first, second, first, second):
        assert agree(REGIONAL, data)
        wheres.append([d.where for d in evaluate(REGIONAL, data, explain=False).diagnostics])
    assert wheres[0][0] != wheres[1][0]
    assert wheres[:2] == wheres[2:]


UNROUNDED = """scheme 不取整 version "1" extends "transfer_regional.jx" {
  kind 正向 for >=, >, bare {
    completion = actual / target
  }
  score = weight * min(completion, 1)
  subtotal = sum(indicators, score)
}
"""


def test_a_section_score_is_shared_only_as_written() -> None:
    """Sections' results are shared between records with the same score as written: 50 and
    50.0 are equal numbers but print differently."""
    cs = jixiao.compile_scheme_text(UNROUNDED, str(SCHEMES / "unrounded.jx"))
    shown = []
    for actual in ("100", "100.0", "100", "100.00"):
        data = data_from_mapping(project_data(indicator("甲", "≥100", actual)))
        assert agree(cs, data)
        shown.append(str(evaluate(cs, data, explain=False).sections[1].score))
    assert len({Decimal(x) for x in shown}) == 1  # one number, three ways of writing it
    assert shown[0] == shown[2]
    assert len({shown[0], shown[1], shown[3]}) == 3


def test_a_weight_equal_to_an_earlier_records_keeps_its_own_places() -> None:
    # shapes are found by equal cells: weight 0.00 after a record with weight 0 (hypothesis
    # found it: the fast result printed the first record's 0)
    for first, then in (("0", "0.00"), ("10", "10.0"), ("25.00", "25")):
        rows = [{"target": "≥0", "actual": "0", "section": "产出指标", "name": f"指标{k}",
                 "weight": Decimal(w)} for k, w in enumerate((first, "0", "0"))]
        rows.append({"target": "≥1", "actual": "1", "section": "产出指标", "name": "末"})
        for w in (first, then):
            rows[0]["weight"] = Decimal(w)
            data = data_from_mapping({"indicators": copy.deepcopy(rows),
                                      "budget": {"total": Decimal(1), "executed": Decimal(1)}})
            agree(REGIONAL, data)


# Formulas that read more of a row or a section than its score: the items stay whole tuples
# (codegen's ``score_items`` is only for schemes whose formulas read scores alone).
READS_ROWS = [
    "subtotal = round(sum(indicators, score where completion < 1) "
    "+ sum(indicators, score where completion >= 1), 2)",
    "subtotal = round(sum(indicators, score) * count(indicators where weight > 0) "
    "/ max(count(indicators), 1), 2)",
    "subtotal = round(sum(indicators, score where category != \"无此类\"), 2)",
    # the total reading the sections' weights and names
    "total = round(sum(sections, score) * count(sections where weight > 0) "
    "/ max(count(sections), 1), 2)",
    "total = round(sum(sections, score where name != \"无此类\"), 2)",
]


@pytest.mark.parametrize("formula", READS_ROWS)
def test_formulas_reading_more_than_the_scores_agree(formula: str) -> None:
    from benchmarks import workload
    from jixiao.engine.codegen import generate

    text = (f'scheme 读行 version "1" extends "transfer_regional.jx" {{\n'
            f"  {formula}\n}}\n")
    cs = jixiao.compile_scheme_text(text, str(SCHEMES / "reads_rows.jx"))
    assert not generate(cs).score_items
    assert not generate(cs).score_sections
    assert generate(REGIONAL).score_items  # the usual scheme: a row's item is its score
    assert generate(REGIONAL).score_sections
    fast = 0
    for record in workload.records(60, seed=9):
        data = data_from_mapping({k: v for k, v in record.items() if k not in ("id", "tags")})
        fast += agree(cs, data)
    assert fast == 60


def test_placed_warnings_keep_one_records_places_alive_at_most() -> None:
    """Records read from files have places of their own, holding their whole table: the
    placed-warnings memo keeps the last record's only, not thousands of tables."""
    import gc

    from benchmarks import workload
    from jixiao.engine.fast import forget, plan_for
    from jixiao.places import DataPlaces

    forget(REGIONAL)
    for record in workload.records(50, seed=4):
        mapping = {k: v for k, v in record.items() if k not in ("id", "tags")}
        data = data_from_mapping(mapping, source="r.json", text="{}", fmt="json")  # read in full
        result = evaluate(REGIONAL, data, explain=False)
        assert result.diagnostics == evaluate_general(REGIONAL, data,
                                                      explain=False).diagnostics
        del data, result
    gc.collect()
    plan = plan_for(REGIONAL)
    assert plan is not None
    assert len({id(v[0]) for v in plan.worded.values()}) <= 1
    alive = [p for p in gc.get_objects() if type(p) is DataPlaces and p.file == "r.json"]
    assert len(alive) <= 1  # the last record's (and none piling up)


def test_threads_scoring_at_once_with_the_memos_emptied_as_they_go(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Four threads scoring the same records through one compiled scheme, the per-scheme
    memos (rows, targets, shapes, placed warnings, built results) so small that they are
    emptied again and again while the others read them: every result is the general
    evaluator's, details read in another thread than the one that scored."""
    import sys
    import threading

    from benchmarks import workload
    from jixiao.engine import fast

    monkeypatch.setattr(fast, "_ROWS_LIMIT", 7)
    monkeypatch.setattr(fast, "_CACHE_LIMIT", 3)
    fast.forget(REGIONAL)
    records = [data_from_mapping({k: v for k, v in r.items() if k not in ("id", "tags")})
               for r in workload.records(120, seed=31)]
    want = [evaluate_general(REGIONAL, d, explain=False) for d in records]
    got: list[list[Any]] = [[] for _ in range(4)]
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            order = records[k::2] + records[: k % 2]  # the threads meet the rows unevenly
            got[k] = [(d, evaluate(REGIONAL, d, explain=False)) for d in order]
        except BaseException as e:  # what the test is about
            errors.append(e)
    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # the threads take turns every few bytecodes
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(switch)
    assert errors == []
    by_data = {id(d): w for d, w in zip(records, want, strict=True)}
    for k in range(4):
        for d, r in reversed(got[k]):  # read in this thread, in another order than scored
            assert r == by_data[id(d)]
            assert repr(r) == repr(by_data[id(d)])
