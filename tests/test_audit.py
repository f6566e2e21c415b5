"""``jixiao audit``: every finding class triggered by the smallest table that shows it, and not
triggered by the same table filed right; properties over generated tables: a table filed from
jixiao's own result audits clean, and changing any one filed figure makes exactly that figure
a finding."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_DATA, indicator, project_data
from hypothesis import given, settings
from hypothesis import strategies as st

import jixiao
from jixiao.audit import CLASSES, Finding, audit_data, audit_paths
from jixiao.cli import main
from jixiao.engine.compile import CompiledScheme
from jixiao.render.common import dec

ADJUSTABLE = """scheme 可调整 version "1" extends "transfer_regional.jx" {
  adjust allowed within [0, weight] with reason
}
"""


@pytest.fixture(scope="module")
def adjustable() -> CompiledScheme:
    return jixiao.compile_scheme_text(ADJUSTABLE, "adjust.jx")


def base(**budget: Any) -> dict[str, Any]:
    """One row per section, all met but 产出's b (80 of 100): 预算执行 9 (90%), 产出 25 + 20,
    效益 30, 满意度 10: total 94, 优."""
    return project_data(
        indicator("a", "≥10", "12", weight=25),
        indicator("b", "≥100", "80", weight=25, reason="进度滞后"),
        indicator("q", section="效益指标", target="基本消除", actual="基本消除"),
        indicator("m", section="满意度指标", target="≥90%", actual="92%"),
        budget={"total": 100, "executed": 90, **budget})


def filed_from(data: dict[str, Any], scheme: CompiledScheme) -> dict[str, Any]:
    """``data`` with every figure filed as jixiao computes it (the table printed right)."""
    r = jixiao.score(data, scheme)
    out = copy.deepcopy(data)
    for row, ind in zip(out["indicators"], r.indicators, strict=True):
        row["score"] = dec(ind.score)
    out["budget"]["rate"] = dec(r.budget.total.rate.scaleb(2)) + "%"  # type: ignore[union-attr]
    out["filed"] = {"total": dec(r.total), "grade": r.grade,
                    "sections": {s.name: dec(s.score) for s in r.sections}}
    return out


def findings(data: dict[str, Any], scheme: CompiledScheme) -> list[Finding]:
    return list(audit_data(jixiao.data_from_mapping(data), scheme).findings)


def classes(data: dict[str, Any], scheme: CompiledScheme) -> list[str]:
    return [f.cls for f in findings(data, scheme)]


def test_a_table_filed_right_has_no_finding(regional: CompiledScheme) -> None:
    data = filed_from(base(), regional)
    assert data["filed"]["total"] == "94"
    assert findings(data, regional) == []


# ---------------------------------------------------------------- one test per class, both ways


def test_precision(regional: CompiledScheme) -> None:
    data = filed_from(base(), regional)
    data["indicators"][1]["score"] = "20.0"  # the same figure: no finding
    assert classes(data, regional) == []
    data = filed_from(base(executed="89.994"), regional)  # 9.00 (0.9 × 10 = 8.9994 → 9.00)
    data["budget"]["rate"] = "90%"  # 89.99% printed as 90%
    assert classes(data, regional) == ["precision"]
    data["budget"]["rate"] = "89.99%"
    assert classes(data, regional) == []


def test_adjustment(adjustable: CompiledScheme, regional: CompiledScheme) -> None:
    data = filed_from(base(), regional)
    data["indicators"][0]["score"] = "22"  # met, marked down by the assessor
    data["indicators"][0]["reason"] = "目标设置偏低"
    data["filed"]["sections"]["产出指标"] = "42"
    data["filed"]["total"] = "91"
    found = findings(data, adjustable)
    assert [f.cls for f in found] == ["adjustment"]
    assert (found[0].filed, found[0].computed, found[0].difference) == ("22", "25", "-3")
    assert "目标设置偏低" in found[0].message
    assert classes(filed_from(base(), adjustable), adjustable) == []


def test_unexplained_adjustment(adjustable: CompiledScheme, regional: CompiledScheme) -> None:
    data = filed_from(base(), regional)
    data["indicators"][0]["score"] = "22"  # no reason
    assert classes(data, adjustable) == ["unexplained_adjustment"]
    assert classes(data, regional) == ["unexplained_adjustment"]  # not allowed at all
    data["indicators"][0]["score"] = "25"
    assert classes(data, adjustable) == []


def test_arithmetic(regional: CompiledScheme) -> None:
    data = filed_from(base(), regional)
    data["filed"]["total"] = "95"  # the parts add up to 94
    found = findings(data, regional)
    assert [f.cls for f in found] == ["arithmetic"]
    assert (found[0].where, found[0].difference) == ("total", "+1")
    data = filed_from(base(), regional)
    data["filed"]["sections"]["产出指标"] = "46"
    assert classes(data, regional) == ["arithmetic"]
    data = filed_from(base(), regional)
    data["budget"]["rate"] = "91%"  # B ÷ A = 90%
    assert classes(data, regional) == ["arithmetic"]
    assert classes(filed_from(base(), regional), regional) == []


def test_grade(regional: CompiledScheme) -> None:
    data = filed_from(base(), regional)
    data["filed"]["grade"] = "良"  # 94 is 优
    found = findings(data, regional)
    assert [f.cls for f in found] == ["grade"]
    assert (found[0].filed, found[0].computed) == ("良", "优")
    data["filed"]["grade"] = "优"
    assert classes(data, regional) == []


def test_a_wrong_total_is_one_finding_not_two(regional: CompiledScheme) -> None:
    """Filed 85 良 where the parts give 94 优: the total is wrong; the grade fits the real
    total, so it is not reported again."""
    data = filed_from(base(), regional)
    data["filed"]["total"] = "85"
    assert classes(data, regional) == ["arithmetic"]
    data["filed"]["grade"] = "良"  # the grade of the wrong total: the total's finding says it
    assert classes(data, regional) == ["arithmetic"]
    data["filed"]["grade"] = "中"  # fits neither the filed total nor the real one
    assert classes(data, regional) == ["arithmetic", "grade"]


def test_unit(regional: CompiledScheme) -> None:
    data = filed_from(base(), regional)
    data["indicators"][0].update(unit="万平方米", target="≥10", actual="12")
    data["filed"]["summary"] = "完成 a 12 万立方米。"
    found = findings(data, regional)
    assert [f.cls for f in found] == ["unit"]
    data["filed"]["summary"] = "完成 a 12 万平方米。"
    assert classes(data, regional) == []
    data["indicators"][0]["actual"] = "12个"  # an actual in another unit than its target's
    assert classes(data, regional) == ["unit"]


def test_missing_reason(regional: CompiledScheme) -> None:
    data = filed_from(base(), regional)
    del data["indicators"][1]["reason"]
    assert classes(data, regional) == ["missing_reason"]


def test_consistency(regional: CompiledScheme) -> None:
    data = filed_from(base(central={"total": 60, "executed": 50},
                           local={"total": 30, "executed": 40}), regional)
    assert sorted(classes(data, regional)) == ["consistency", "consistency"]  # 60 + 30 ≠ 100;
    # local executed 40 > 30
    data = filed_from(base(central={"total": 70, "executed": 60},
                           local={"total": 30, "executed": 30}), regional)
    assert classes(data, regional) == []


def test_a_project_not_started_with_money_spent(regional: CompiledScheme) -> None:
    data = filed_from(base(), regional)
    data["projects"] = [{"name": "二期", "budget": {"central": 100},
                         "executed": {"central": 90}, "status": "not_started"}]
    assert classes(data, regional) == ["consistency"]
    data["projects"][0]["status"] = "started"
    assert classes(data, regional) == []


def test_unreadable(regional: CompiledScheme, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('scheme = "transfer_regional.jx"\n[budget]\ntotal = 100\nexecuted = 90\n'
                   '[[indicators]]\nsection = "产出指标"\nname = "a"\ntarget = "9月前之类"\n'
                   'actual = "1"\n', encoding="utf-8")
    [a] = audit_paths([bad])
    assert [f.cls for f in a.findings] == ["unreadable"]
    assert a.findings[0].where == "indicators[0].target"
    good = tmp_path / "good.toml"
    good.write_text(bad.read_text(encoding="utf-8").replace("9月前之类", "≥1"),
                    encoding="utf-8")
    assert audit_paths([good])[0].findings == ()


def test_every_class_has_a_test_here() -> None:
    text = Path(__file__).read_text(encoding="utf-8")
    assert all(f"def test_{c}(" in text for c in CLASSES)


# ---------------------------------------------------------------- the command


def test_the_seed_audits_clean_but_for_its_unit_slip(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(SEED_DATA), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    [f] = out["files"][0]["findings"]
    assert (f["class"], f["severity"], f["where"]) == ("unit", "warning",
                                                       "filed.summary 生态恢复面积")
    assert out["summary"] == {"unit": 1}
    assert out["errors"] == 0


def test_exit_status_and_folders(tmp_path: Path, regional: CompiledScheme,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    import tomli_w
    right = filed_from(base(), regional)
    wrong = copy.deepcopy(right)
    wrong["filed"]["total"] = "93"
    for name, data in (("right.toml", right), ("wrong.toml", wrong)):
        (tmp_path / name).write_text('scheme = "transfer_regional.jx"\n' + tomli_w.dumps(data),
                                     encoding="utf-8")
    assert main(["audit", str(tmp_path / "right.toml")]) == 0
    assert main(["audit", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "right.toml" in out
    assert "wrong.toml" in out
    assert "汇总：2 个文件，计算 1；错误 1 项" in out
    assert main(["audit", str(tmp_path / "missing.toml")]) == 2
    assert main(["audit", str(tmp_path), "--format", "md", "--lang", "en"]) == 1
    md = capsys.readouterr().out
    assert "| arithmetic | error | total | 93 | 94 | -1 |" in md


# ---------------------------------------------------------------- properties

ROWS = st.lists(st.tuples(st.integers(1, 400), st.integers(0, 500)), min_size=1, max_size=5)


def generated(rows: list[tuple[int, int]], executed: int) -> dict[str, Any]:
    return project_data(
        *(indicator(f"指标{i}", f"≥{t}", str(a), reason="原因") for i, (t, a) in enumerate(rows)),
        indicator("q", section="效益指标", target="基本消除", actual="基本消除"),
        indicator("m", section="满意度指标", target="≥90%", actual="95%"),
        budget={"total": 1000, "executed": executed})


@settings(max_examples=30, deadline=None)
@given(rows=ROWS, executed=st.integers(0, 1000))
def test_a_table_filed_from_the_result_audits_clean(regional: CompiledScheme,
                                                    rows: list[tuple[int, int]],
                                                    executed: int) -> None:
    assert findings(filed_from(generated(rows, executed), regional), regional) == []


@settings(max_examples=30, deadline=None)
@given(rows=ROWS, executed=st.integers(0, 1000), pick=st.integers(0, 100),
       delta=st.sampled_from(["0.5", "1", "-1", "3"]))
def test_one_changed_figure_is_exactly_one_finding_there(
        regional: CompiledScheme, rows: list[tuple[int, int]], executed: int, pick: int,
        delta: str) -> None:
    data = filed_from(generated(rows, executed), regional)
    figures: list[tuple[str, Any, str]] = [
        (f"indicators[{i}] {row['name']}", row, "score")
        for i, row in enumerate(data["indicators"])]
    figures += [(f"sections {n}", data["filed"]["sections"], n)
                for n in data["filed"]["sections"]]
    figures += [("total", data["filed"], "total")]
    where, holder, key = figures[pick % len(figures)]
    changed = Decimal(holder[key]) + Decimal(delta)
    if changed < 0:
        changed = Decimal(holder[key]) + 1
    holder[key] = str(changed)
    found = findings(data, regional)
    assert len(found) == 1, found
    assert found[0].where == where
    assert found[0].filed == dec(changed)
