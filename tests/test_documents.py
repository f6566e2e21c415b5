"""The filed documents: the form's other fields, the 自评表 (Markdown, HTML) and the written
report's scored sections, for the seed and for small records.

The golden files under ``__snapshots__/test_documents/`` were read against the seed report
(its appendix 自评表 and its sections 二 to 四): every figure and phrase listed in the tests
below is copied from the seed, not from jixiao's output.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEED_DATA, indicator, project_data
from snapshots import HTMLSnapshot, MarkdownSnapshot, TextSnapshot
from syrupy.assertion import SnapshotAssertion

import jixiao
from jixiao.cli import main
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.result import Result
from jixiao.render.document import Heading, Paragraph, written_sections
from jixiao.render.html import to_html
from jixiao.render.markdown import to_markdown


@pytest.fixture(scope="module")
def seed(soil: CompiledScheme) -> Result:
    return jixiao.score(SEED_DATA, soil)


def paragraphs(r: Result) -> list[str]:
    return [b.text for b in written_sections(r) if isinstance(b, Paragraph)]


# -- the form's other fields


def test_form_fields_are_read_and_kept(seed: Result) -> None:
    f = seed.form
    assert (f.project, f.central_department, f.department, f.implementer) == (
        "中央土壤污染防治专项资金", "财政部、生态环境部", "自治区生态环境厅", "地州市生态环境局")
    assert f.goal.startswith("对哈巴河县多拉纳萨依金矿无主矿区内氰渣堆")
    assert [m.item for m in f.management] == [
        "分配科学性", "下达及时性", "拨付合规性", "使用规范性", "执行准确性", "预算绩效管理情况",
        "支出责任履行情况"]
    assert list(dict(f.texts)) == ["说明", "资金管理情况", "下一步改进措施", "结果应用", "公开情况"]
    assert (f.issuer, f.self_name, f.fund) == ("财政部", "我区", "土壤污染防治资金")
    assert f.basis == ("财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）",)


def test_form_fields_in_json_and_toml(seed: Result) -> None:
    import tomllib

    d = jixiao.to_dict(seed)
    assert d["subject"]["department"] == "自治区生态环境厅"
    assert d["goals"]["overall"] == seed.form.goal
    assert d["management"][0] == {"item": "分配科学性", "note": "突出重点、强化对比分析",
                                  "problems": "/"}
    assert d["texts"]["说明"] == "无"
    assert d["report"] == {"issuer": "财政部", "self_name": "我区", "fund": "土壤污染防治资金",
                           "basis": ["财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）"]}
    assert tomllib.loads(jixiao.to_toml(seed))["subject"]["implementer"] == "地州市生态环境局"


def test_absent_form_fields_are_null(regional: CompiledScheme) -> None:
    d = jixiao.to_dict(jixiao.score(project_data(indicator()), regional))
    assert d["subject"]["project"] is None
    assert d["goals"] == {"overall": None, "achieved": None}
    assert (d["management"], d["texts"]) == ([], {})
    assert d["report"] == {"issuer": None, "self_name": None, "fund": None, "basis": []}


@pytest.mark.parametrize(("extra", "code", "where"), [
    ({"goals": {"overal": "x"}}, "JX317", "goals.overal"),
    ({"goals": "x"}, "JX303", "goals"),
    ({"management": [{"note": "x"}]}, "JX302", "management[0].item"),
    ({"texts": {"说明": [1]}}, "JX303", "texts.说明"),
    ({"subject": {"departmen": "x"}}, "JX317", "subject.departmen"),
    ({"report": {"isuer": "财政部"}}, "JX317", "report.isuer"),
    ({"budget": {"total": 1, "executed": 1, "batches": [{"name": "x", "note": [1]}]}},
     "JX303", "budget.batches[0].note"),
    ({"report": "我区"}, "JX303", "report"),
    ({"report": {"basis": 10}}, "JX303", "report.basis"),
    ({"report": {"basis": ["a", [1]]}}, "JX303", "report.basis[1]"),
])
def test_form_field_mistakes(extra: dict[str, object], code: str, where: str) -> None:
    mapping = {**project_data(indicator()), **extra}
    with pytest.raises(jixiao.DataError) as exc:
        jixiao.data_from_mapping(mapping)
    assert [(d.code, d.where) for d in exc.value.diagnostics] == [(code, where)]


# -- the written sections, phrase by phrase against the seed


def test_indicator_lines_match_the_seed(seed: Result) -> None:
    """二（四）, line by line as the seed writes them (its spaces around numbers left out),
    财政部 and 我区 from the data's [report]."""
    text = "\n".join(paragraphs(seed))
    by, did = "财政部随文下达", "我区实际完成"
    for line in (
        f"a. {by}氰渣堆整治量（万立方米）指标，指标值为≥248万立方米，{did}289.35万立方米，"
        "完成率100%，偏差率0%。",
        f"b. {by}生态恢复面积（万平方米）指标，指标值为≥10.7万平方米，{did}11.30万平方米，"
        "完成率100%，偏差率0%。",
        f"c. {by}排查受污染耕地面积（万亩）指标，指标值为≥79万亩，{did}79万亩，完成率100%，"
        "偏差率0%。",
        f"d. {by}土壤监测点位（个）指标，指标值为≥26个，{did}26个，完成率100%，偏差率0%。",
        f"e. {by}典型耕地土壤重金属污染成因排查与研究分析报告（份）指标，指标值为≥1份，"
        f"{did}1份，完成率100%，偏差率0%。",
        f"a. {by}项目验收合格率指标，指标值为100%，{did}100%，完成率100%，偏差率0%。",
        f"a. {by}项目开工率指标，指标值为100%，{did}66.67%，完成率66.67%，偏差率33.33%，"
        "偏差原因为《哈巴河县多拉纳萨依金矿无主矿区废渣历史遗留污染源整治项目（二期）》"
        "下达资金时间较晚且冬季无法施工，目前正在编制项目初步设计。",
        f"b. {by}项目完工率指标，指标值为≥20%，{did}66.67%，完成率100%，偏差率0%。",
        f"a. {by}群众满意度指标，指标值为≥90%，{did}90%，完成率100%，偏差率0%。",
    ):
        assert line in text.splitlines(), line
    # the seed's 生态效益 line: its narrative (the data's note) between target and actual
    assert (f"a. {by}土壤污染风险隐患指标，指标值为基本消除，我区历史遗留污染源得到有效治理和防控，"
            "保障周边农用地安全，保障下游额尔齐斯河水环境质量，历史遗留污染源周边环境得到显著改善。"
            "排查受污染耕地面积79万亩，根据调查结果形成典型耕地土壤重金属污染成因排查与分析研究报告，"
            "提出支撑区域土壤合理利用和有效保护的高质量发展策略。我区实际完成值基本消除，完成率100%，"
            "偏差率0%。") in text.splitlines()
    assert jixiao.to_dict(seed)["indicators"][8]["note"].startswith("我区历史遗留污染源")


def test_neutral_wording_without_report(regional: CompiledScheme) -> None:
    """No [report]: no 财政部, no 我区 — sentences that read for a department or a county as
    well as a region."""
    r = jixiao.score(project_data(indicator(actual="50")), regional)
    text = "\n".join(paragraphs(r))
    assert "随文下达" not in text
    assert "我区" not in text
    assert "指标，指标值为≥100，实际完成50，完成率50%，偏差率50%" in text
    assert "绩效目标未设定成本指标。" in paragraphs(r)
    assert any(p.startswith("1. 按照财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）规定，")
               for p in paragraphs(r))  # the scheme's basis, in the order documents are cited


def test_report_wording_for_a_department(regional: CompiledScheme) -> None:
    """A department names itself 本单位, its targets issued by its 主管部门; two documents
    cited in the data's order."""
    data = {**project_data(indicator(actual="50")),
            "report": {"issuer": "市财政局", "self_name": "本单位", "fund": "农村供水保障资金",
                       "basis": ["《市级部门预算绩效管理办法》（某财预〔2024〕5号）",
                                 "财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）"]}}
    r = jixiao.score(data, regional)
    text = "\n".join(paragraphs(r))
    assert "市财政局随文下达" in text
    assert "，本单位实际完成50，" in text
    assert "市财政局下达的绩效目标未设定成本指标。" in paragraphs(r)
    assert "下达本单位农村供水保障资金共计资金为" in text
    assert "用于农村供水保障项目资金总计" in text
    assert ("按照《市级部门预算绩效管理办法》（某财预〔2024〕5号）、"
            "财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）规定，") in text
    assert "我区" not in text


@pytest.mark.parametrize(("name", "fund", "said"), [
    ("提前下达", "土壤污染防治资金", "提前下达土壤污染防治资金预算资金"),
    ("第二批", "土壤污染防治资金", "下达土壤污染防治资金预算（第二批）预算资金"),
    ("提前下达", "", "提前下达预算资金"),
    ("第二批", "", "第二批预算资金"),
])
def test_batch_named_as_the_seed_does(name: str, fund: str, said: str) -> None:
    from jixiao.render.document import batch_funds

    assert batch_funds(name, fund) == said


def test_budget_paragraphs_match_the_seed(seed: Result) -> None:
    text = "\n".join(paragraphs(seed))
    for phrase in ("截止到2025年12月31日，2025年度用于土壤污染防治项目资金总计3266.1万元，"
                   "实际已执行1755.51万元，资金执行率53.75%。其中：中央补助资金预算2938万元，"
                   "全年执行1755.51万元，执行率59.75%；地方资金预算数328.1万元，全年执行0万元，"
                   "执行率0%。",
                   "提前下达土壤污染防治资金预算资金2509.18万元，其中，中央资金2257万元，执行数1755.51万元，"
                   "执行率77.78%",
                   "下达土壤污染防治资金预算（第二批）预算资金756.92万元，其中，中央资金681万元，执行数0万元，"
                   "执行率0%",
                   "中央资金2938万元，地方资金328.1万元"):
        assert phrase in text, phrase
    # each batch's 说明 (the data's budget.batches[].note) after its figures, as the seed has it
    assert ("执行率77.78%；地方资金252.18万元，执行数0万元，执行率0%。哈巴河县多拉纳萨依金矿"
            "无主矿区废渣历史遗留污染源整治项目主体工程已完工并完成验收，由于冬季无法施工，"
            "计划于2026年4月前开展部分区域绿化补播工作、5月开展效果评估工作，故资金未执行完毕。"
            ) in text
    assert text.count("目前正在编制项目初步设计。") == 3  # 第二批's note, 开工率 twice
    assert jixiao.to_dict(seed)["budget"]["batches"][1]["note"].startswith("哈巴河县")
    for item in ("1. 资金分配科学性。", "2. 资金下达及时性。", "3. 资金拨付合规性。",
                 "4. 资金使用规范性。", "5. 资金执行准确性。", "6. 预算绩效管理情况。",
                 "7. 支出责任履行情况。"):  # the seed's headings of 二（二）
        assert any(p.startswith(item) for p in paragraphs(seed)), item


def test_project_table_has_the_units_when_filed(seed: Result) -> None:
    """The seed's 资金执行情况 table names each project's 承担单位 (projects[].unit); a record
    without them has no empty column."""
    from jixiao.render.document import Table

    table = next(b for b in written_sections(seed) if isinstance(b, Table))
    assert table.header[:3] == ("序号", "承担单位", "项目名称")
    assert table.rows[1][:2] == ("2", "博州生态环境局")
    assert table.rows[-1][3:6] == ("2938", "1755.51", "59.75%")
    data = tomllib.loads(SEED_DATA.read_text(encoding="utf-8"), parse_float=Decimal)
    for p in data["projects"]:
        del p["unit"]
    r = jixiao.score(data, "soil_pollution")
    table = next(b for b in written_sections(r) if isinstance(b, Table))
    assert table.header[:2] == ("序号", "项目名称")
    assert table.rows[-1][2:5] == ("2938", "1755.51", "59.75%")


def test_deviation_section_lists_every_shortfall(seed: Result) -> None:
    blocks = written_sections(seed)
    start = next(i for i, b in enumerate(blocks) if getattr(b, "text", "").startswith("三、"))
    end = next(i for i, b in enumerate(blocks) if getattr(b, "text", "").startswith("四、"))
    lines = [b.text for b in blocks[start:end] if isinstance(b, Paragraph)]
    assert "（二）下一步改进措施" in [b.text for b in blocks[start:end] if isinstance(b, Heading)]
    assert lines[1].startswith("一是强化指导帮扶，")  # the data's text 下一步改进措施, the seed's
    assert lines[:1] == [
        "a. 财政部随文下达项目开工率指标，指标值为100%，我区实际完成66.67%，完成率66.67%，"
        "偏差率33.33%。未完成原因为"
        "《哈巴河县多拉纳萨依金矿无主矿区废渣历史遗留污染源整治项目（二期）》下达资金时间较晚且冬季无法施工，"
        "目前正在编制项目初步设计。"]


def test_score_paragraph_matches_the_seed(seed: Result) -> None:
    """The seed names the 满意度 section by its one 二级指标, 服务对象满意度指标 (the scheme
    gives that section one category under two names), and 效益指标 by its own name."""
    assert ("1. 按照财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）规定，单位自评标准是："
            "预算执行10分、产出指标50分、效益指标30分、服务对象满意度指标10分。经自评，2025年度"
            "中央土壤污染防治专项资金绩效自评价得分为92.71分，其中：预算执行5.38分、产出指标47.33分、"
            "效益指标30分、服务对象满意度指标10分，自评结果为“优”。") in paragraphs(seed)
    # 2. and 3. of 四 are the data's texts 结果应用 and 公开情况, numbered after the score
    assert [p[:12] for p in paragraphs(seed) if p[:2] in ("2.", "3.")][-2:] == [
        "2. 在绩效自评中发现：", "3. 评价结果将在自治区"]


def test_arrival_paragraph_matches_the_seed(seed: Result) -> None:
    """到位: the seed's 实际到位 3266.1 万元，到位率 100%, from the data's ``arrived``; a record
    without it says nothing about arrival (never a 100% it was not told)."""
    assert ("2025年度下达我区土壤污染防治资金共计资金为3266.1万元，实际到位3266.1万元，到位率100%。"
            "其中，中央资金2938万元，地方资金328.1万元。") in paragraphs(seed)
    data = tomllib.loads(SEED_DATA.read_text(encoding="utf-8"), parse_float=Decimal)
    del data["budget"]["arrived"]
    data["budget"]["total"] = Decimal("3266.1")
    r = jixiao.score(data, "soil_pollution")
    assert not any("到位" in p for p in paragraphs(r))
    data["budget"]["arrived"] = Decimal("2938")
    r = jixiao.score(data, "soil_pollution")
    assert any("实际到位2938万元，到位率89.95%" in p for p in paragraphs(r))  # 0.89954… → 89.95%


def test_arrival_in_json_and_toml(seed: Result) -> None:
    """The JSON carries the 到位 figures the documents print (实际到位 3266.1, 到位率 100%), as
    the Result holds them; null when the data gives no 到位数."""
    d = jixiao.to_dict(seed)
    assert (d["budget"]["arrived"], d["budget"]["arrived_rate"]) == ("3266.1", "1")
    assert seed.budget.arrived is not None
    shown = next(p for p in paragraphs(seed) if "实际到位" in p)
    assert f"实际到位{d['budget']['arrived']}万元，到位率100%" in shown
    assert tomllib.loads(jixiao.to_toml(seed))["budget"]["arrived"] == "3266.1"
    data = tomllib.loads(SEED_DATA.read_text(encoding="utf-8"), parse_float=Decimal)
    data["budget"]["arrived"] = Decimal("2938")
    d = jixiao.to_dict(jixiao.score(data, "soil_pollution"))
    assert (d["budget"]["arrived"], d["budget"]["arrived_rate"]) == ("2938", "0.8995")
    del data["budget"]["arrived"]
    d = jixiao.to_dict(jixiao.score(data, "soil_pollution"))
    assert (d["budget"]["arrived"], d["budget"]["arrived_rate"]) == (None, None)
    assert "arrived" not in tomllib.loads(jixiao.to_toml(jixiao.score(data, "soil_pollution")))[
        "budget"]


def test_categories_not_set_are_said(seed: Result) -> None:
    """The scheme's 二级指标 the data has none of are written 未设定, in the scheme's order,
    as the seed does (成本指标; 经济、社会、可持续影响); a variant name of one present or
    listed (可持续影响效益指标, 满意度指标) is not."""
    text = paragraphs(seed)
    for cat in ("成本指标", "经济效益指标", "社会效益指标", "可持续影响指标"):
        assert f"财政部下达的绩效目标未设定{cat}。" in text
    assert "财政部下达的绩效目标未设定可持续影响效益指标。" not in text
    assert "财政部下达的绩效目标未设定满意度指标。" not in text
    heads = [b.text for b in written_sections(seed) if isinstance(b, Heading) and b.level == 4]
    assert heads[:8] == ["（1）数量指标", "（2）质量指标", "（3）时效指标", "（4）成本指标",
                         "（1）经济效益指标", "（2）社会效益指标", "（3）生态效益指标",
                         "（4）可持续影响指标"]
    # 3. 满意度指标完成情况分析 has its one line straight under it, as the seed writes it
    assert "（1）服务对象满意度指标" not in heads


def test_nothing_missed_says_so(regional: CompiledScheme) -> None:
    r = jixiao.score(project_data(indicator()), regional)
    assert "各项绩效指标均已完成，未偏离绩效目标。" in paragraphs(r)


def test_a_missing_reason_is_said(regional: CompiledScheme) -> None:
    r = jixiao.score(project_data(indicator(actual="50")), regional)
    assert any(p.endswith("未填写偏差原因。") for p in paragraphs(r))


# -- the 自评表 and the whole report


def test_seed_markdown_golden(seed: Result, snapshot: SnapshotAssertion) -> None:
    assert to_markdown(seed) == snapshot(extension_class=MarkdownSnapshot)


def test_seed_html_golden(seed: Result, snapshot: SnapshotAssertion) -> None:
    assert to_html(seed) == snapshot(extension_class=HTMLSnapshot)


def test_markdown_table_has_every_indicator_row(seed: Result) -> None:
    md = to_markdown(seed)
    for ind in seed.indicators:
        row = rf"\| {re.escape(ind.name)}(（[^|]*）)? \| {re.escape(ind.target_text)} \|"
        assert re.search(row, md), ind.name
    assert "| 总分 |   |   |   |   | 100 | 92.71 | 自评结果：优 |" in md


def test_html_is_self_contained(seed: Result) -> None:
    html = to_html(seed)
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", html)
    assert "http://www.w3.org/2000/svg" in html  # the SVG namespace, not a fetch
    assert html.count("<svg") == 2
    assert '<b id="total">92.71</b>' in html
    assert '<b id="grade">优</b>' in html
    assert "@page { size: A4" in html


def test_html_escapes_what_was_filed(regional: CompiledScheme) -> None:
    r = jixiao.score(project_data(indicator(name="<script>alert(1)</script>")), regional)
    html = to_html(r)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_markdown_escapes_pipes(regional: CompiledScheme) -> None:
    r = jixiao.score(project_data(indicator(name="a|b")), regional)
    assert "a\\|b" in to_markdown(r)


# -- the command


def test_report_command_by_extension(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["report", str(SEED_DATA), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    md = tmp_path / "r.md"
    assert main(["report", str(SEED_DATA), "--format", "md", "-o", str(md)]) == 0
    first = md.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# 新疆维吾尔自治区土壤污染防治资金2025年度绩效自评报告"


def test_report_command_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEED_DATA)]) == 0
    assert "自评结果为“优”" in capsys.readouterr().out


def test_report_command_refuses_unknown_extension(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEED_DATA), "-o", str(tmp_path / "r.pdf")]) == 2
    assert "JX380" in capsys.readouterr().err


# -- the 自评表 as xlsx


def xlsx_dump(data: bytes) -> str:
    """What a reviewer needs to compare of a workbook, as text: per sheet its merged ranges,
    column widths, and every non-empty cell with its value, type and number format."""
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = []
    for ws in wb.worksheets:
        out.append(f"== {ws.title}")
        out.append("merged: " + " ".join(sorted(str(m) for m in ws.merged_cells.ranges)))
        out.append("widths: " + " ".join(f"{k}={v.width:g}"
                                          for k, v in sorted(ws.column_dimensions.items())))
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                kind = type(c.value).__name__
                fmt = f" [{c.number_format}]" if c.number_format != "General" else ""
                note = " (comment)" if c.comment else ""
                out.append(f"{c.coordinate} {kind}{fmt}{note}: {c.value}")
    return "\n".join(out) + "\n"


def test_seed_xlsx_golden(seed: Result, snapshot: SnapshotAssertion) -> None:
    from jixiao.render.xlsx import to_xlsx

    assert xlsx_dump(to_xlsx(seed)) == snapshot(extension_class=TextSnapshot)


def test_xlsx_figures_are_numbers_with_their_formats(seed: Result) -> None:
    import io

    import openpyxl

    from jixiao.render.xlsx import to_xlsx

    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx(seed)))["自评表"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    rate = next(c for row in ws.iter_rows() for c in row if c.number_format == "0.00%")
    assert rate.value == pytest.approx(0.5375)
    total = next(c for row in ws.iter_rows() for c in row
                 if isinstance(c.value, float) and abs(c.value - 92.71) < 1e-9)
    assert total.number_format == "0.00"
    assert "≥248" in cells  # a target with its operator stays text
    assert any(str(m).startswith("B") for m in ws.merged_cells.ranges)  # 一级指标 merged


def test_score_writes_documents_by_extension(tmp_path: Path) -> None:
    """The documents are entries of the one output-format table: ``score -o r.xlsx`` writes a
    workbook, not text in a file named .xlsx."""
    out = tmp_path / "r.xlsx"
    assert main(["score", str(SEED_DATA), "-o", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"
    assert "合计" not in xlsx_dump(out.read_bytes()).split("== 资金明细")[0]


def test_adjusted_and_not_applicable_rows_are_marked() -> None:
    """An assessor's adjustment is marked * with the formula's score beside it; a row that does
    not apply is shown without figures and said to be 不适用 (real tables, issue 8)."""
    from test_filed import SCHEME

    s = jixiao.compile_scheme_text(SCHEME.replace("{na}", ""), "test.jx")
    r = jixiao.score(project_data(
        indicator("a", "≥10", "12", weight=30, score="27", reason="目标设置偏低"),
        indicator("b", "≥10", "10"), indicator("c", "≥10", "5", applicable=False)), s)
    md = to_markdown(r)
    # the scheme rescales the weights of the rows that apply (30 → 35.29)
    assert ("| a | ≥10 | 12 | 35.29 | 27* | 评价人调整得分，按公式计算为35.29分；目标设置偏低 |"
            in md)
    assert "| c | ≥10 | 5 | — | — | 不适用 |" in md
    assert "c. c指标不适用，不计分。" in paragraphs(r)
    assert not any(p.startswith("a. c指标") and "偏差率" in p for p in paragraphs(r))
    assert "27*" in to_html(r)


# -- the written report as docx


def docx_dump(data: bytes) -> str:
    """What a reviewer needs to compare of a Word document, as text, in body order: each
    paragraph with its style, each table row's cells (``[span=N]`` for a horizontal merge, ``^``
    for a cell merged into the one above)."""
    import io

    import docx
    from docx.oxml.ns import qn
    from docx.table import Table as DocxTable

    doc = docx.Document(io.BytesIO(data))
    out = [f"title: {doc.core_properties.title}"]
    for item in doc.iter_inner_content():
        if isinstance(item, DocxTable):
            out.append("table:")
            for tr in item._tbl.tr_lst:
                cells = []
                for tc in tr.tc_lst:
                    text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                                     for p in tc.p_lst)
                    vmerge = tc.tcPr is not None and tc.tcPr.find(qn("w:vMerge")) is not None
                    cont = vmerge and tc.vMerge != "restart"
                    span = f"[span={tc.grid_span}]" if tc.grid_span > 1 else ""
                    cells.append("^" if cont else span + text.replace("\n", "⏎"))
                out.append("  | " + " | ".join(cells))
        else:
            style = item.style.name if item.style is not None else ""
            pictures = [d.get("descr", "") for d in item._p.iter(qn("wp:docPr"))]
            shown = "".join(f"[picture: {alt}]" for alt in pictures)
            out.append(f"[{style}] {item.text}{shown}")
    return "\n".join(out) + "\n"


def test_seed_docx_golden(seed: Result, snapshot: SnapshotAssertion,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Drawn as on a machine without a CJK font (numbered bars and a legend table), so the
    golden is the same everywhere; tests/test_bars.py checks the labelled pictures."""
    pytest.importorskip("PIL")
    import jixiao.render.bars
    from jixiao.render.docx import to_docx

    monkeypatch.setattr(jixiao.render.bars, "cjk_font", lambda: None)
    assert docx_dump(to_docx(seed)) == snapshot(extension_class=TextSnapshot)


def test_docx_holds_the_seed_figures(seed: Result) -> None:
    """Phrases copied from the seed report, found in the document python-docx reads back."""
    from jixiao.render.docx import to_docx

    dump = docx_dump(to_docx(seed))
    for phrase in ("得分为92.71分", "自评结果为“优”", "完成率100%，偏差率0%",
                   "指标值为≥248万立方米，我区实际完成289.35万立方米",
                   "按照财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）规定",
                   "财政部下达的绩效目标未设定成本指标。",
                   "2025年度下达我区土壤污染防治资金共计资金为3266.1万元"):
        assert phrase in dump, phrase
    assert "[span=6]总分 | 100 | 92.71 | 自评结果：优" in dump
    # 二, 三, 四 and the appendix
    assert [line for line in dump.splitlines() if line.startswith("[Heading 1]")] == [
        "[Heading 1] 二、绩效目标完成情况分析",
        "[Heading 1] 三、偏离绩效目标的原因和下一步改进措施",
        "[Heading 1] 四、绩效自评结果及拟应用和公开情况",
        "[Heading 1] 附件：新疆维吾尔自治区土壤污染防治资金绩效自评表"]


def test_docx_keeps_hostile_text_as_text(regional: CompiledScheme) -> None:
    from jixiao.render.docx import to_docx

    name = "<w:p>&amp;</w:p>\x0b<script>"
    r = jixiao.score(project_data(indicator(name=name)), regional)
    dump = docx_dump(to_docx(r))
    assert "<w:p>&amp;</w:p>\\x0b<script>" in dump  # a vertical tab written out, not a break


# Characters a crafted name or reason may carry to reorder or hide what a reader sees: bidi
# overrides and isolates, an RTL mark, a zero width, ESC sequences (colour, window title), BEL,
# NUL, a line separator.
HOSTILE = ("\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u200b",
           "\x1b", "\x07", "\x00", "\u2028")


def _hostile_result(regional: CompiledScheme) -> Result:
    """Every kind of text the documents print from the data, each carrying HOSTILE."""
    bad = "".join(HOSTILE)
    data = project_data(
        indicator(name=f"群众\u202e%09.29\u202c满意度{bad}", target="≥90%", actual="50%",
                  section="满意度指标", reason=f"原因\x1b[31m红\x1b]0;标题\x07{bad}"),
        subject={"name": f"项目\u2066甲\u2069{bad}", "year": 2025, "project": f"名称{bad}",
                 "department": f"部门{bad}"},
        goals={"overall": f"目标{bad}", "achieved": f"完成{bad}"},
        management=[{"item": f"分配科学性{bad}", "note": f"说明{bad}", "problems": "/"}],
        texts={"说明": f"无{bad}", "下一步改进措施": f"措施{bad}", "公开情况": f"公开{bad}"},
        report={"issuer": f"财政部{bad}", "self_name": f"我区{bad}", "fund": f"资金{bad}",
                "basis": [f"依据{bad}"]})
    return jixiao.score(data, regional)


def _no_hostile(text: str, what: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in text if c in HOSTILE})
    assert found == [], f"{what}: {found}"
    # written out, so a reader sees that the data held them
    for shown in ("\\u202e", "\\u2066", "\\u2069", "\\x1b[31m", "\\x00", "\\x07"):
        assert shown in text, (what, shown)


def test_markdown_writes_control_and_bidi_characters_out(regional: CompiledScheme) -> None:
    md = to_markdown(_hostile_result(regional))
    _no_hostile(md, "markdown")
    assert "群众\\u202e%09.29\\u202c满意度" in md  # not shown as 群众92.90%满意度


def test_html_writes_control_and_bidi_characters_out(regional: CompiledScheme) -> None:
    page = to_html(_hostile_result(regional))
    _no_hostile(page, "html")
    assert "原因\\x1b[31m红\\x1b]0;标题\\x07" in page


def test_docx_writes_control_and_bidi_characters_out(regional: CompiledScheme) -> None:
    """Every XML part of the package (body, alt texts of the pictures, core properties)."""
    import io
    import zipfile

    from jixiao.render.docx import to_docx

    data = to_docx(_hostile_result(regional))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    _no_hostile(xml, "docx")
    assert "我区\\u202e" in xml  # the [report] wording is data too
    assert "依据\\u202e" in xml


def test_report_writes_docx(tmp_path: Path) -> None:
    import docx

    out = tmp_path / "r.docx"
    assert main(["report", str(SEED_DATA), "--format", "docx", "-o", str(out)]) == 0
    assert docx.Document(str(out)).paragraphs[0].text.endswith("绩效自评报告")
    scored = tmp_path / "s.docx"
    assert main(["score", str(SEED_DATA), "-o", str(scored)]) == 0
    assert docx_dump(scored.read_bytes()) == docx_dump(out.read_bytes())


def test_docx_without_python_docx_is_a_jixiao_error(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    assert main(["report", str(SEED_DATA), "-o", str(tmp_path / "r.docx")]) == 2
    err = capsys.readouterr().err
    assert "JX073" in err
    assert "jixiao[docx]" in err
    assert not (tmp_path / "r.docx").exists()
