"""The seed report (新疆 土壤污染防治资金 2025), reproduced figure by figure.

Every expected value here is read off the seed report (../shared/seed/) and DOMAIN.md, not off
jixiao's output. The golden files under __snapshots__ were checked against the report by eye.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_DATA
from snapshots import JSONTextSnapshot, TextSnapshot, TOMLTextSnapshot
from syrupy.assertion import SnapshotAssertion

import jixiao
from jixiao.cli import main
from jixiao.engine.compile import CompiledScheme


@pytest.fixture(scope="module")
def seed(soil: CompiledScheme) -> dict[str, Any]:
    return jixiao.to_dict(jixiao.score(SEED_DATA, soil))


def test_total_and_grade(seed: dict[str, Any]) -> None:
    assert seed["total"] == "92.71"
    assert seed["grade"] == "优"
    assert seed["scheme"] == {"name": "土壤污染防治资金", "version": "2025"}


def test_section_scores(seed: dict[str, Any]) -> None:
    assert {s["name"]: s["score"] for s in seed["sections"]} == {
        "预算执行": "5.38", "产出指标": "47.33", "效益指标": "30", "满意度指标": "10"}
    assert [s["weight"] for s in seed["sections"]] == ["10", "50", "30", "10"]


def test_budget_rates(seed: dict[str, Any]) -> None:
    b = seed["budget"]
    assert (b["total"], b["executed"], b["rate"]) == ("3266.1", "1755.51", "0.5375")
    # the report prints the same rates: the filed figures agree with the computed ones
    assert b["central"] == {"total": "2938", "executed": "1755.51", "rate": "0.5975",
                            "filed_rate": "0.5975"}
    assert b["local"] == {"total": "328.1", "executed": "0", "rate": "0", "filed_rate": "0"}


def test_filed_figures_agree(seed: dict[str, Any]) -> None:
    """The report's own result (四、绩效自评结果): 92.71 优, 5.38 / 47.33 / 30 / 10, nothing
    adjusted."""
    assert seed["filed"]["total"] == "92.71"
    assert seed["filed"]["grade"] == "优"
    assert [(s["filed_score"], s["computed_score"], s["adjusted"]) for s in seed["sections"]] == [
        ("5.38", "5.38", False), ("47.33", "47.33", False), ("30", "30", False),
        ("10", "10", False)]
    assert seed["adjusted"] is False


def test_advance_release_rate(seed: dict[str, Any]) -> None:
    """提前下达 central funds: 1755.51 / 2257 = 77.78%."""
    advance = seed["budget"]["batches"][0]
    assert advance["name"] == "提前下达"
    assert advance["central"]["rate"] == "0.7778"
    assert seed["budget"]["batches"][1]["central"]["rate"] == "0"


def test_project_central_rates(seed: dict[str, Any]) -> None:
    """P2: 317.52 / 320 = 0.99225 → 99.23% only when rounded half-up."""
    assert [p["central"]["rate"] for p in seed["projects"]] == ["0.7424", "0.9923", "0"]
    assert [p["status"] for p in seed["projects"]] == ["completed", "completed", "not_started"]


def test_indicators(seed: dict[str, Any]) -> None:
    rows = {i["name"]: i for i in seed["indicators"]}
    assert len(rows) == 10
    start, finish = rows["项目开工率"], rows["项目完工率"]
    assert (start["completion"], start["deviation"], start["weight"], start["score"]) == (
        "0.6667", "0.3333", "8", "5.33")
    assert start["derived"] is True
    assert (finish["completion"], finish["deviation"]) == ("1", "0")
    for name, row in rows.items():
        if name != "项目开工率":
            assert (row["completion"], row["deviation"]) == ("1", "0"), name
    assert [rows[n]["weight"] for n in rows if rows[n]["section"] == "产出指标"] == [
        "6", "6", "6", "6", "6", "6", "8", "6"]
    assert rows["土壤污染风险隐患"]["level"] == "达成预期指标"


def test_derived_figures(seed: dict[str, Any]) -> None:
    assert seed["derived"] == {"项目开工率": "0.6667", "项目完工率": "0.6667"}


def test_no_warnings(seed: dict[str, Any]) -> None:
    """The seed's budget adds up across all three levels and its one shortfall has a reason."""
    assert seed["diagnostics"] == []


def test_explanation_of_the_shortfall(seed: dict[str, Any]) -> None:
    start = next(i for i in seed["indicators"] if i["name"] == "项目开工率")
    steps = {s["name"]: s for s in start["explain"]}
    assert steps["completion"]["inputs"] == {"actual": "0.6667", "target": "1"}
    assert steps["score"]["roundings"] == [
        {"before": "5.3336", "digits": 2, "mode": "half_up", "after": "5.33"}]
    assert steps["score"]["at"].startswith("schemes/transfer_regional.jx:")


def test_seed_text_golden(soil: CompiledScheme, snapshot: SnapshotAssertion) -> None:
    text = jixiao.to_text(jixiao.score(SEED_DATA, soil))
    assert text == snapshot(extension_class=TextSnapshot)


def test_seed_json_golden(soil: CompiledScheme, snapshot: SnapshotAssertion) -> None:
    text = jixiao.to_json(jixiao.score(SEED_DATA, soil))
    assert text == snapshot(extension_class=JSONTextSnapshot)


def test_seed_toml_matches_json(soil: CompiledScheme, snapshot: SnapshotAssertion) -> None:
    import tomllib

    result = jixiao.score(SEED_DATA, soil)
    toml_text = jixiao.to_toml(result)
    assert toml_text == snapshot(extension_class=TOMLTextSnapshot)
    assert tomllib.loads(toml_text)["total"] == json.loads(jixiao.to_json(result))["total"]


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(SEED_DATA), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["total"], out["grade"]) == ("92.71", "优")


def test_cli_output_file(tmp_path: Path) -> None:
    target = tmp_path / "seed.json"
    assert main(["score", str(SEED_DATA), "--format", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["total"] == "92.71"
