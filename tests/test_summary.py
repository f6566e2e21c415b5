"""``jixiao summary``: the portfolio view of a batch's output, in text, HTML and xlsx."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import indicator, project_data

from jixiao.batch import Inputs, run_batch
from jixiao.cli import main
from jixiao.portfolio import read_lines, read_portfolio
from jixiao.render.portfolio import to_html, to_text, to_xlsx


def record(i: int, region: str, actual: str, *, reason: str = "") -> dict[str, Any]:
    return project_data(
        indicator("监测点位", "≥100", actual, reason=reason),
        indicator("风险隐患", "基本消除", "基本消除", section="效益指标"),
        indicator("群众满意度", "≥90%", "95%", section="满意度指标"),
        id=f"R{i}", tags={"region": region, "department": "生态环境厅"})


@pytest.fixture
def out_file(tmp_path: Path) -> Path:
    lines = [record(1, "东区", "100"), record(2, "东区", "50", reason="资金未到位"),
             record(3, "西区", "80"),  # no reason: a JX501 finding
             record(4, "西区", "100")]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines)
                   + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as f:
        run_batch(Inputs([src]), "transfer_regional", f)
    return out


def test_portfolio_counts(out_file: Path) -> None:
    p = read_portfolio(read_lines(out_file))
    assert (p.records, p.scored, p.failed) == (5, 4, 1)
    assert sum(p.grades.values()) == 4
    assert {k: g.records for k, g in p.groups["region"].items()} == {"东区": 2, "西区": 2}
    assert list(p.groups["department"]) == ["生态环境厅"]
    assert list(p.groups["fund"]) == ["转移支付区域绩效自评"]  # the scheme when no tag
    missed = p.most_missed()
    assert [(m.name, m.rows, m.missed) for m in missed] == [("监测点位", 4, 2)]
    assert missed[0].lost > 0
    assert [(f.ident, f.codes) for f in p.findings] == [("R3", ("JX501",))]
    assert [e.codes for e in p.errors] == [("JX301",)]


def test_adjustments_are_ranked_by_size() -> None:
    """Results that carry assessor adjustments (``adjusted``, ``computed_score``) list the
    largest first, whichever way they go."""
    def line(n: int, computed: str, score: str) -> dict[str, Any]:
        ind = {"section": "产出指标", "name": f"指标{n}", "weight": "10", "completion": "1",
               "score": score, "computed_score": computed, "adjusted": True}
        return {"record": n, "source": f"a:{n}", "id": None, "tags": {}, "ok": True,
                "result": {"total": "90", "grade": "优", "indicators": [ind]}}
    p = read_portfolio([line(1, "10", "9"), line(2, "10", "5"), line(3, "4", "7")])
    assert [(a.what, str(a.size)) for a in p.largest_adjustments()] == [
        ("产出指标 / 指标2", "-5"), ("产出指标 / 指标3", "3"), ("产出指标 / 指标1", "-1")]
    assert p.adjusted == 3


def test_text_html_xlsx(out_file: Path) -> None:
    p = read_portfolio(read_lines(out_file))
    text = to_text(p, "en")
    for needle in ("records", "Grades by region", "东区", "监测点位", "JX501", "JX301"):
        assert needle in text
    page = to_html(p)
    assert page.count("<svg") >= 3  # grades, by region, most missed
    assert "东区" in page
    assert "<script" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(p)))
    assert "概况" in wb.sheetnames
    assert wb["概况"]["B2"].value == 5  # records, a number not a text


def test_terminal_text_shows_control_characters(tmp_path: Path) -> None:
    line = {"record": 1, "source": "a:1", "id": "x", "tags": {"region": "东\x1b[2J区"},
            "ok": True, "result": {"total": "90", "grade": "优", "indicators": []}}
    assert "\x1b" not in to_text(read_portfolio([line]))


def test_cli(out_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(out_file)]) == 0
    assert "评级按地区" in capsys.readouterr().out
    assert main(["summary", str(out_file), "--format", "html", "-o",
                 str(tmp_path / "s.html")]) == 0
    assert (tmp_path / "s.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    not_batch = tmp_path / "x.jsonl"
    not_batch.write_text('{"a": 1}\n', encoding="utf-8")
    assert main(["summary", str(not_batch)]) == 2
    assert "JX072" in capsys.readouterr().err
