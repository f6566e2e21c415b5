"""The worst inputs that fit the limits are answered in bounded time and memory (issue 7).

The shapes are in ``benchmarks/worst_shapes.py``; each runs in a fresh process, so its peak
memory is its own. The bounds here are generous (a loaded two-core machine); the real figures
are printed by ``benchmarks/bench_limits.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_limits.py"


def measure(shape: str) -> dict[str, object]:
    """The figures ``bench_limits.py SHAPE`` prints (it runs the shape in a fresh process)."""
    done = subprocess.run([sys.executable, str(BENCH), shape], capture_output=True, text=True,
                          check=True, timeout=600)
    figures: dict[str, object] = json.loads(done.stdout.split(" ", 1)[1].strip())
    return figures

SECONDS = 15.0  # CPU seconds per step; the goal is 2 s to compile and 1 s to score
PEAK_MB = 500.0  # the goal is 200 MB

EXPECTED = {
    "many_sections": None,  # scored
    "syntax_errors": "JX101",
    "per_indicator_aggregates": None,
    "max_indicators": None,
    "huge_numbers": "JX410",
    "step_budget": "JX411",
}


@pytest.mark.parametrize("shape", sorted(EXPECTED))
def test_worst_shapes_are_answered_in_bounded_time_and_memory(shape: str) -> None:
    figures = measure(shape)
    for step in ("compile", "read", "score", "score_explain"):
        assert float(figures.get(step, 0)) < SECONDS, figures  # type: ignore[arg-type]
    assert float(figures["peak_mb"]) < PEAK_MB, figures  # type: ignore[arg-type]
    outcome = figures["outcome"]
    code = EXPECTED[shape]
    if code is None:
        assert isinstance(outcome, str), figures  # a total: scored
    else:
        assert isinstance(outcome, list), figures
        assert code in outcome, figures


def test_a_sub_project_row_reads_as_the_dict_it_replaced() -> None:
    # engine.frame.ProjectItem reads the figures off the ProjectResult (48 bytes a row, not
    # a dict of a dozen figures): each name of the scope, and a rate absent where no money.
    from decimal import Decimal

    from jixiao.engine.frame import ProjectItem
    from jixiao.engine.result import FundsResult, ProjectResult
    from jixiao.engine.scopes import PROJECT

    whole = FundsResult(Decimal(3), Decimal(1), Decimal("0.3333"))
    central = FundsResult(Decimal(3), Decimal(1), Decimal("0.3333"))
    local = FundsResult(Decimal(0), Decimal(0), None)
    item = ProjectItem(ProjectResult("甲", "completed", whole, central, local))
    expected = {"name": "甲", "status": "completed", "started": True, "completed": True,
                "total": Decimal(3), "executed": Decimal(1), "rate": Decimal("0.3333"),
                "central.total": Decimal(3), "central.executed": Decimal(1),
                "central.rate": Decimal("0.3333"), "local.total": Decimal(0),
                "local.executed": Decimal(0)}
    assert dict(item) == expected
    assert len(item) == len(expected)
    assert set(expected) | {"local.rate"} == set(PROJECT.local)
    assert "local.rate" not in item
    assert "@projects" not in item
    with pytest.raises(KeyError):
        item["local.rate"]
    assert ProjectItem(ProjectResult("乙", "not_started", local, local, local))["started"] is False


def test_scoring_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    import jixiao

    scheme = jixiao.load_scheme("soil_pollution")
    data = jixiao.load_data(Path(__file__).resolve().parents[1] / "examples" /
                            "xinjiang-soil-2025" / "data.toml")
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            for explain in (True, False):
                assert str(jixiao.evaluate(scheme, data, explain=explain).total) == "92.71"
                assert gc.isenabled() is enabled
            with pytest.raises(jixiao.JixiaoError):
                jixiao.evaluate(scheme, data, limits=jixiao.Limits(evaluation_steps=1))
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_a_scheme_too_large_to_generate_is_scored_in_full() -> None:
    # codegen.MAX_SOURCE: Python's compile() of a scheme at the size limit took a second and
    # 70-80 MB; such a scheme is left to the general evaluator. The bundled schemes generate
    # ten times less than the bound, and take the fast evaluator.
    import jixiao
    from benchmarks.worst_shapes import step_budget
    from jixiao.engine import codegen
    from jixiao.engine.fast import plan_for

    text, _ = step_budget()
    assert plan_for(jixiao.compile_scheme_text(text)) is None
    for name in ("soil_pollution", "department_overall"):
        scheme = jixiao.load_scheme(name)
        assert 10 * len(codegen.generate(scheme).source) < codegen.MAX_SOURCE
        assert plan_for(scheme) is not None


def test_the_table_bounds_are_limits_an_embedder_sets(tmp_path: Path) -> None:
    # JX042's bounds (jixiao.xlsxread) live in Limits like the others: a small embedder's
    # table_cells refuses what the default reads, and the message says the bound it used.
    import jixiao
    from jixiao.xlsxread import read_file

    table = tmp_path / "t.csv"
    rows = ["一级指标,二级指标,三级指标,指标值,实际完成值,分值"]
    rows += [f"产出指标,数量指标,指标{k},≥1,1,5" for k in range(10)]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert read_file(table)["indicators"]
    for limits, what in ((jixiao.Limits(table_cells=20), "20"),
                         (jixiao.Limits(table_area=30), "30")):
        with pytest.raises(jixiao.JixiaoError) as info:
            jixiao.load_data(table, limits=limits)
        [d] = info.value.diagnostics
        assert d.code == "JX042"
        assert what in d.message("zh")
        assert what in d.message("en")
    with pytest.raises(jixiao.JixiaoError) as info:
        jixiao.Limits(table_merged_cells=0)
    assert info.value.codes == ["JX028"]
