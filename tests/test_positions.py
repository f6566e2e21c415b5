"""Positions people see are counted from 1 (issue 7): a row is 第N个指标「名称」 / indicator N
“name” in every message, place and audit finding (``engine.diagnostics.row_place``); the data
path itself (``indicators[3]``, the JSON ``where``) stays 0-based, as any index into an array."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jixiao
from jixiao.audit import audit_paths
from jixiao.cli import main
from jixiao.engine.diagnostics import row_place
from jixiao.render.audit import audit_json, audit_markdown, audit_text

ROOT = Path(__file__).resolve().parents[1]
ADJUSTED = ROOT / "examples" / "county-water-2024-adjusted" / "data.toml"


def test_row_place_counts_from_one() -> None:
    assert row_place("indicators[3].actual", "项目开工率") == "第4个指标「项目开工率」的 actual"
    assert row_place("indicators[3].actual", "项目开工率", "en") == \
        "indicator 4 “项目开工率”, actual"
    assert row_place("projects[0]", "", "en") == "project 1"
    assert row_place("budget.batches[1].central.rate", "第二批") == \
        "第2个批次「第二批」的 central.rate"
    assert row_place("case[0]", "一") == "第1个用例「一」"
    assert row_place("report.basis[1]") == "第2个依据文件"
    assert row_place("budget.central") is None


def test_audit_findings_name_rows_from_one() -> None:
    audits = audit_paths([ADJUSTED])
    text = audit_text(audits)
    assert "第2个指标「改造供水管网长度」: 评价人调整得分 9" in text
    assert "第4个指标「工程按期完工率」" in text
    assert "一级指标「预算执行」" in text
    assert "indicators[" not in text
    md = audit_markdown(audits, "en")
    assert "| indicator 2 “改造供水管网长度” |" in md
    assert "| section “预算执行” |" in md
    assert "indicators[" not in md
    found = json.loads(audit_json(audits))["files"][0]["findings"]
    assert found[0]["where"] == "indicators[1] 改造供水管网长度"  # the data path, for programs
    assert found[0]["place"] == "第2个指标「改造供水管网长度」"
    assert json.loads(audit_json(audits, "en"))["files"][0]["findings"][0]["place"] == \
        "indicator 2 “改造供水管网长度”"


def _write(tmp: Path, name: str, text: str) -> Path:
    (tmp / name).write_text(text, encoding="utf-8")
    return tmp / name


DATA = '''scheme = "transfer_regional"
[budget]
total = 100
executed = 50
[[indicators]]
section = "产出指标"
name = "甲"
target = "≥1"
actual = "1"
[[projects]]
name = "子一"
budget = { central = 60 }
executed = { central = 70 }
status = "started"
[[projects]]
name = "子二"
budget = { central = 40 }
status = "started"
'''


def test_a_row_path_inside_a_message_is_counted_from_one(tmp_path: Path) -> None:
    data = jixiao.load_data(_write(tmp_path, "d.toml", DATA))
    result = jixiao.evaluate(jixiao.load_scheme("transfer_regional"), data)
    [d] = [d for d in result.diagnostics if d.code == "JX506" and d.where == "projects[0]"]
    assert d.message("zh") == "第1个子项目「子一」 执行数 70 超过预算数 60"
    assert d.message("en") == "project 1 “子一”: executed 70 exceeds budget 60"
    assert d.place("zh").endswith("（第1个子项目「子一」）")
    assert d.location == "projects[0]"  # for programs: the data path


def test_case_file_problems_are_placed_and_counted_from_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, "s.jx", (ROOT / "schemes" / "transfer_regional.jx").read_text("utf-8"))
    _write(tmp_path, "s.cases.toml", '[[case]]\nname = "一"\nrecord = {}\n\n'
                                     '[[case]]\nname = "二"\nrecord = {}\nbogus = 1\n'
                                     '[case.expect]\ntotl = "1"\n')
    assert main(["test", str(tmp_path / "s.jx")]) == 2
    err = capsys.readouterr().err
    assert "s.cases.toml:8（第2个用例「二」的 bogus）: 错误 JX041" in err
    assert "s.cases.toml:10（第2个用例「二」的 expect.totl）: 错误 JX041" in err
    assert "case[" not in err
    assert main(["test", str(tmp_path / "s.jx"), "--lang", "en"]) == 2
    assert "s.cases.toml:8 (case 2 “二”, bogus): error JX041" in capsys.readouterr().err


def test_a_basis_document_is_counted_from_one(tmp_path: Path) -> None:
    text = DATA + '[report]\nbasis = ["财预〔2020〕10号", { a = 1 }]\n'
    with pytest.raises(jixiao.JixiaoError) as info:
        jixiao.load_data(_write(tmp_path, "d.toml", text))
    [d] = info.value.diagnostics
    assert "第2个依据文件" in d.place("zh")
    assert "basis document 2" in d.place("en")
