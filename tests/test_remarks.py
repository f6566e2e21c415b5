"""A figure printed with a remark or as an approximation (issue 7: real tables as printed) is
scored as the figure and always reported (JX526–JX528), by the general and the fast evaluator
alike, and scores exactly what the bare figure scores."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import jixiao

SAMPLES = Path(__file__).parent / "samples"


def record(target: str, actual: str) -> dict[str, Any]:
    data = tomllib.loads((SAMPLES / "small.toml").read_text(encoding="utf-8"))
    data.pop("scheme")
    data["indicators"][0].update(target=target, actual=actual)
    return data


@pytest.fixture(scope="module")
def small() -> Any:
    return jixiao.compile_scheme_text((SAMPLES / "small.jx").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("target", "actual", "bare_target", "bare_actual", "codes"), [
    ("≥26", "20（抽检）", "≥26", "20", ["JX526"]),
    ("≥26", "20(抽检)", "≥26", "20", ["JX526"]),
    ("≥26（含）", "26", "≥26", "26", ["JX526"]),
    ("≥26", "约20", "≥26", "20", ["JX527"]),
    ("≥26", "20左右", "≥26", "20", ["JX527"]),
    ("≥26", "20余个", "≥26", "20个", ["JX528"]),
    ("≥26", "大约20（抽检）", "≥26", "20", ["JX526", "JX527"]),
])
@pytest.mark.parametrize("explain", [False, True])
def test_scored_as_the_bare_figure_and_said(small: Any, target: str, actual: str,
                                            bare_target: str, bare_actual: str,
                                            codes: list[str], explain: bool) -> None:
    got = jixiao.score(record(target, actual), small, explain=explain)
    bare = jixiao.score(record(bare_target, bare_actual), small, explain=explain)
    assert got.total == bare.total
    assert [i.score for i in got.indicators] == [i.score for i in bare.indicators]
    said = [d for d in got.diagnostics if d.code in ("JX526", "JX527", "JX528")]
    assert [d.code for d in said] == codes
    for d in said:
        assert d.where.startswith("indicators[0].")
        assert target in d.message("zh") or actual in d.message("zh")


def test_the_remark_is_quoted_as_printed(small: Any) -> None:
    got = jixiao.score(record("≥26", "98（抽检）"), small)
    (d,) = [d for d in got.diagnostics if d.code == "JX526"]
    assert d.message("zh") == ("指标「监测点位」的完成值「98（抽检）」读作 98，"
                               "括号中的“抽检”未参与计分")
    assert "抽检" in d.message("en")
    assert "98" in d.message("en")
