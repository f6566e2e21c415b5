"""Hand-made 自评表 in the published layouts (tests/fixtures/real/, README there): what import
reads from each, how it scores and what the audit finds — every figure worked by hand."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

import jixiao
from jixiao.audit import audit_paths
from jixiao.xlsxread import _with_operator, header_field, read_file

pytest.importorskip("openpyxl")
REAL = Path(__file__).parent / "fixtures" / "real"


def _rows(m: dict[str, Any], *keys: str) -> list[tuple[Any, ...]]:
    return [tuple(i.get(k) for k in keys) for i in m["indicators"]]


def _sections(r: jixiao.Result) -> list[tuple[str, D]]:
    return [(s.name, s.score) for s in r.sections]


def _findings(path: Path, scheme: str) -> list[tuple[str, str, str | None, str | None]]:
    (a,) = audit_paths([path], scheme)
    return [(f.cls, f.where, f.filed, f.computed) for f in a.findings]


@pytest.mark.parametrize(("text", "field"), [
    ("年度指标值", "target"), ("年初目标值", "target"), ("指标值（2024年）", "target"),
    ("全年实际值", "actual"), ("全年完成值", "actual"), ("实际完成值", "actual"),
    ("权重", "weight"), ("权重（分）", "weight"), ("分值", "weight"), ("自评得分", "score"),
    ("未完成原因和改进措施", "reason"), ("未完成原因分析", "reason"),
    ("偏差原因分析及改进措施", "reason"), ("指标方向", "direction"), ("计量单位", "unit"),
    ("指标性质", "op"), ("三级指标", "name"), ("绩效指标", None), ("实际完成情况", None),
    ("资金使用单位", None), ("总体目标", None),
])
def test_header_words_of_published_forms(text: str, field: str | None) -> None:
    assert header_field(text) == field


@pytest.mark.parametrize(("target", "op", "direction", "want"), [
    ("2000", "", "反向", "≤2000"), ("2000", "", "反向指标", "≤2000"), ("70", "", "正向", "≥70"),
    ("≤2000", "", "反向", "≤2000"), ("好", "定性", "", "好"), ("120", "≥", "", "≥120"),
    ("≥95%", "≥", "", "≥95%"), ("100", "=", "", "=100"), ("按计划推进", "", "正向", "按计划推进"),
    ("-5", "≥", "", "≥-5"), ("90", "", "", "90"),
])
def test_operator_from_its_own_column(target: str, op: str, direction: str, want: str) -> None:
    """指标性质 (≥) or 指标方向 (反向) before a bare number; a text target keeps its words."""
    assert _with_operator(target, op, direction) == want


def test_t01_national_project_form() -> None:
    """项目资金 block: 年初预算数 500, A 520, B 483.6, 执行率 93% → 10 × 0.93 = 9.3; 产出 10 +
    9.53 (286/300 = 0.9533) + 10 + 10 (2024年12月 meets 12月底前) + 10 (86.5 ≤ 90) = 49.53;
    效益 10 + 10 + 7 (部分达成, printed 7 of 10: ratio 0.7 in [0.6, 0.8)) = 27; 满意度 10
    (95.6%); total 95.83 优 — the form prints 96.83, a point more than its parts."""
    path = REAL / "t01_national_project.xlsx"
    m = read_file(path)
    assert m["subject"] == {"year": 2024, "project": "某市公共卫生服务能力提升项目",
                            "name": "某市公共卫生服务能力提升项目",
                            "department": "某市卫生健康委员会",
                            "implementer": "某市疾病预防控制中心", "unit": "万元"}
    assert m["budget"] == {"total": D("520.00"), "executed": D("483.60"), "rate": "93.00%",
                           "planned": D("500.00"), "score": D("9.30")}
    assert m["goals"]["achieved"] == "完成重点人群健康体检12856人次，培训基层医务人员286人次。"
    assert m["filed"] == {"total": D("96.83")}
    assert _rows(m, "name", "unit", "target", "actual", "weight", "score")[:4] == [
        ("开展重点人群健康体检", "人次", "≥12000", "12856", D(10), D(10)),
        ("其中：65岁以上老年人体检", "人次", "≥8000", "8320", None, None),
        ("培训基层医务人员", "人次", "≥300", "286", D(10), D("9.53")),
        ("体检报告合格率", None, "≥95%", "98.00%", D(10), D(10))]
    r = jixiao.score(path, "project_national")
    assert _sections(r) == [("预算执行", D("9.3")), ("产出指标", D("49.53")),
                            ("效益指标", D(27)), ("满意度指标", D(10))]
    assert (r.total, r.grade) == (D("95.83"), "优")
    ind = {i.name: i for i in r.indicators}
    assert ind["体检报告合格率"].reason == ""  # 无 gives no reason
    assert ind["服务对象满意度"].actual_value == D("0.956")
    assert _findings(path, "project_national") == [("arithmetic", "total", "96.83", "95.83")]


def test_t02_central_regional_form() -> None:
    """No 分值: 50 / 5 = 10 each in 产出, 30 / 3 in 效益. 预算执行 3998.2 / 4280.5 = 0.934049…
    → 0.9340 → 9.34; 产出 10 + 8.33 (10/12 = 0.8333) + 10 + 10 + 10 (1,500 ≤ 1500) = 48.33;
    效益 10 + 9.5 (28.5/30) + 10 = 29.5; 满意度 10; total 97.17 优. The reasons are read from
    未完成原因和改进措施 (no JX501); the printed 93.41% is not B ÷ A (93.40%)."""
    path = REAL / "t02_regional_official.xlsx"
    m = read_file(path)
    # the title is the form's own name: the subject is the project
    assert m["subject"]["name"] == "农村厕所革命整村推进财政奖补资金"
    assert m["subject"]["project"] == "农村厕所革命整村推进财政奖补资金"
    assert m["indicators"][1]["reason"].startswith("2座设施因用地审批延迟")
    r = jixiao.score(path, "transfer_regional")
    assert _sections(r) == [("预算执行", D("9.34")), ("产出指标", D("48.33")),
                            ("效益指标", D("29.5")), ("满意度指标", D(10))]
    assert (r.total, r.grade) == (D("97.17"), "优")
    assert "JX501" not in [d.code for d in r.diagnostics]
    assert _findings(path, "transfer_regional") == [
        ("arithmetic", "budget.rate", "93.41%", "93.4%")]


def test_t03_direction_column() -> None:
    """反向 2000 元 with 2150 spent: ≤2000, 2000/2150 = 0.9302 → 15 × 0.9302 = 13.95 (read as a
    bare number it would be met, 15). 取证率 76 of 80 (计量单位 %) → 0.95 → 14.25. 预算执行 9.5;
    产出 20 + 14.25 + 13.95 = 48.2; 效益 30; 满意度 10; total 97.7. The 合计 row (分值 90, 得分
    88.2) adds up the indicators alone: it is not read as the total."""
    path = REAL / "t03_zhejiang_direction.xlsx"
    m = read_file(path)
    assert _rows(m, "name", "target", "actual", "unit", "weight", "score") == [
        ("培训人数", "≥1200", "1260", "人", D(20), D(20)),
        ("取证率", "≥80", "76", "%", D(15), D("14.25")),
        ("人均培训成本", "≤2000", "2150", "元", D(15), D("13.95")),
        ("培训后就业率", "≥70", "72.5", "%", D(30), D(30)),
        ("学员满意度", "≥90", "93", "%", D(10), D(10))]
    assert "filed" not in m
    r = jixiao.score(path, "transfer_regional")
    assert _sections(r) == [("预算执行", D("9.5")), ("产出指标", D("48.2")),
                            ("效益指标", D(30)), ("满意度指标", D(10))]
    assert r.total == D("97.7")
    assert _findings(path, "transfer_regional") == []


def test_t04_sichuan_nature_column() -> None:
    """指标性质 apart: ≥ 120 公里, = 100 %, ≤ 6.5 万元, ≤ 0.9 ‰, 定性 好 (no operator);
    the actuals from 全年实际值 and the weights from 权重."""
    m = read_file(REAL / "t04_sichuan_nature.xlsx")
    assert _rows(m, "name", "target", "unit", "actual", "weight", "score") == [
        ("建设防火隔离带", "≥120", "公里", "126", D(15), D(15)),
        ("设备验收合格率", "=100", "%", "100", D(15), D(15)),
        ("火情处置及时率", "≥95", "%", "96.5", D(10), D(10)),
        ("单公里建设成本", "≤6.5", "万元", "6.8", D(10), D("9.56")),
        ("森林火灾受害率", "≤0.9", "‰", "0.35", D(15), D(15)),
        ("防灭火能力", "好", None, "较好", D(15), D(12)),
        ("群众满意度", "≥90", "%", "92", D(10), D(10))]
    assert m["subject"]["year"] == 2024
    assert m["filed"] == {"total": D("95.31")}


def test_t04_four_tier_qualitative_scheme() -> None:
    """The regional scheme knows no 较好 (JX307); four_tier_qualitative does: 预算执行
    1312.5/1500 = 0.875 → 8.75; 产出 15 + 15 (=100%) + 10 + 10 × round(6.5/6.8, 4) = 9.559 →
    9.56: 49.56; 效益 15 (0.35‰ ≤ 0.9‰) + 15 × 0.8 = 12: 27; 满意度 10; total 95.31 — as
    printed, so the audit finds nothing."""
    path = REAL / "t04_sichuan_nature.xlsx"
    with pytest.raises(jixiao.DataError) as info:
        jixiao.score(path, "transfer_regional")
    assert [d.code for d in info.value.diagnostics] == ["JX353", "JX307"]
    r = jixiao.score(path, "four_tier_qualitative")
    assert _sections(r) == [("预算执行", D("8.75")), ("产出指标", D("49.56")),
                            ("效益指标", D(27)), ("满意度指标", D(10))]
    assert (r.total, r.grade) == (D("95.31"), "优")
    assert _findings(path, "four_tier_qualitative") == []


def test_t05_guangdong_csv() -> None:
    """GBK CSV, 三级指标 first: 权重 and 自评得分 read; the — row does not apply; the blank
    actual of 图书更新率 is refused (JX311), and only it: no JX306 about weights that add up."""
    path = REAL / "t05_guangdong.csv"
    m = read_file(path)
    assert m["subject"] == {"year": 2024, "project": "乡村公共文化服务提升资金",
                            "name": "乡村公共文化服务提升资金", "unit": "万元"}
    assert m["budget"] == {"total": D("1250.00"), "executed": D("1187.50"), "rate": "95.00%"}
    assert _rows(m, "name", "weight", "score")[:4] == [
        ("开展送戏下乡场次", D(20), D(20)), ("其中：少数民族地区场次", None, None),
        ("建设农家书屋", None, None), ("图书更新率", D(10), None)]
    with pytest.raises(jixiao.DataError) as info:
        jixiao.score(path, "transfer_regional")
    assert [(d.code, d.where) for d in info.value.diagnostics] == [
        ("JX353", "indicators"), ("JX311", "indicators[3].actual")]


def test_t06_department_overall() -> None:
    """预算资金（万元）: 3198.6 / 3450.8 = 0.9269 → 20 − 0.5 × 2.31 = 18.845 → 18.85; 产出 10 +
    9 (1.8/2 = 0.9 ≥ 60%) + 10 + 10 = 39; 效益 30 (0起 met, 达成年度指标 a level); 满意度 88%
    is within 10 points of 90% → 0.8 → 8; total 95.85 优 — the form prints 93.85."""
    path = REAL / "t06_department_overall.xlsx"
    m = read_file(path)
    assert m["subject"]["department"] == "某县农业农村局"
    assert m["budget"]["planned"] == D(3200)
    r = jixiao.score(path, "department_overall")
    assert _sections(r) == [("预算执行", D("18.85")), ("产出指标", D(39)),
                            ("效益指标", D(30)), ("满意度指标", D(8))]
    assert (r.total, r.grade) == (D("95.85"), "优")
    assert _findings(path, "department_overall") == [("arithmetic", "total", "93.85", "95.85")]


def test_t07_money_in_yuan() -> None:
    """资金情况（元）: A typed as text with separators, B shown #,##0.00; / and — are no
    reasons; the blank 完成值 of 更换老旧管网 is the one error."""
    path = REAL / "t07_county_yuan.xlsx"
    m = read_file(path)
    assert m["subject"]["unit"] == "元"
    assert (m["budget"]["total"], m["budget"]["executed"]) == (D("12345678.90"),
                                                               D("11728395.00"))
    assert m["filed"] == {"total": D("89.5"), "grade": "良"}
    data = jixiao.data_from_mapping({**m, "indicators": [
        i for i in m["indicators"] if i["name"] != "更换老旧管网"]})
    assert [i.reason for i in data.indicators][:2] == ["", ""]
    with pytest.raises(jixiao.DataError) as info:
        jixiao.score(path, "transfer_regional")
    assert [d.code for d in info.value.diagnostics] == ["JX353", "JX311"]


def test_t08_fractions_in_general_cells_are_not_guessed() -> None:
    """0.956 against ≥90% reads as 95.6% or as 0.956%: refused (JX330) until the reading is
    decided; decided as fractions: 25 + 25, 30 × 58/60 = 29 (0.9667), 10."""
    path = REAL / "t08_fraction_general.xlsx"
    with pytest.raises(jixiao.DataError) as info:
        jixiao.score(path, "transfer_regional")
    assert [d.code for d in info.value.diagnostics].count("JX330") == 2
    r = jixiao.score(path, "transfer_regional", percent_as_fraction=True)
    assert _sections(r)[1:] == [("产出指标", D(50)), ("效益指标", D(29)),
                                ("满意度指标", D(10))]


def test_t09_audit_of_a_table_entered_as_printed() -> None:
    """1830 / 2000 = 91.5%, printed 92.5% and scored 9.25 from it (9.15); 28.6/30 = 0.9533 →
    19.07 printed 19 (precision); 逐步改善 met, marked 13 of 15 (not allowed by the regional
    scheme); total 9.15 + 48.07 + 30 + 10 = 97.22, printed 86.25."""
    path = REAL / "t09_audit_slips.xlsx"
    assert _findings(path, "transfer_regional") == [
        ("precision", "indicators[0] 治理水土流失面积", "19", "19.07"),
        ("unexplained_adjustment", "indicators[5] 生态系统稳定性", "13", "15"),
        ("arithmetic", "sections 预算执行", "9.25", "9.15"),
        ("arithmetic", "budget.rate", "92.5%", "91.5%"),
        ("arithmetic", "total", "86.25", "97.22")]
    (a,) = audit_paths([path], "transfer_regional")
    messages = {f.where: f.message for f in a.findings}
    # the 得分 only carries the printed rate's slip: said so, not "an adjustment not allowed"
    assert "按填报执行率 92.5% 计算" in messages["sections 预算执行"]
    # the printed 得分 add up to 19 + 10 + 10 + 9 + 15 + 13 + 10 + 9.25 = 95.25, not 86.25
    assert "表中填报的各项得分合计 95.25" in messages["total"]


def test_t10_table_on_the_second_sheet_two_row_header() -> None:
    """The cover sheet is skipped; the header's second row names 一级/二级/三级; 合计 90 is not
    the total; 0人 of 0人 is met; everything met: 100 优."""
    path = REAL / "t10_two_sheets.xlsx"
    m = read_file(path)
    assert "filed" not in m
    assert m["subject"] == {"name": "某市2025年学生资助补助经费", "unit": "万元"}
    assert len(m["indicators"]) == 4
    r = jixiao.score(path, "transfer_regional")
    assert (r.total, r.grade) == (D(100), "优")


def test_audit_a_folder_of_tables() -> None:
    """A folder of workbooks and CSV files is audited like one of data files; one that cannot
    be scored is a finding of that file, the others are audited all the same."""
    audits = audit_paths([REAL], "transfer_regional")
    assert [Path(a.source).name for a in audits] == sorted(
        p.name for p in REAL.iterdir() if p.suffix in (".xlsx", ".csv"))
    assert {Path(a.source).name for a in audits if a.result is None} == {
        "t04_sichuan_nature.xlsx", "t05_guangdong.csv", "t06_department_overall.xlsx",
        "t07_county_yuan.xlsx", "t08_fraction_general.xlsx"}


@pytest.mark.parametrize(("target", "actual", "score"), [
    ("0起", "0起", D(50)), ("0起", "2起", D(0)), ("0", "1", D(0)), ("0%", "0%", D(50)),
    ("≥0", "2", D(50)),
])
def test_a_bare_zero_target_is_a_ceiling(target: str, actual: str, score: D) -> None:
    """安全事故 0起: a bare 0 is at most 0 — 2起 scores nothing (as ≥0 it would be met);
    written ≥0 it stays what it says."""
    r = jixiao.score({"budget": {"total": 1, "executed": 1}, "indicators": [
        {"section": "产出指标", "name": "安全事故", "target": target, "actual": actual,
         "reason": "x"}]}, jixiao.load_scheme("transfer_regional"))
    assert r.indicators[0].score == score


@pytest.mark.parametrize("reason", ["无", "/", "—", "-", "无偏差"])
def test_a_placeholder_is_no_reason(reason: str) -> None:
    """A shortfall whose 偏差原因 cell says 无 or / has no reason: JX501 still asks for one."""
    r = jixiao.score({"budget": {"total": 1, "executed": 1}, "indicators": [
        {"section": "产出指标", "name": "a", "target": "≥10", "actual": "9",
         "reason": reason}]}, jixiao.load_scheme("transfer_regional"))
    assert r.indicators[0].reason == ""
    assert "JX501" in [d.code for d in r.diagnostics]


def test_a_printed_score_inside_the_band_is_the_assessors_ratio() -> None:
    """部分达成 [0.6, 0.8) printed 7 of 10: ratio 0.7; printed 9 of 10 is outside the band and
    still asks for the ratio (JX308)."""
    scheme = jixiao.load_scheme("transfer_regional")
    row = {"section": "产出指标", "name": "a", "target": "健全", "actual": "部分达成",
           "weight": 50, "reason": "x"}
    r = jixiao.score({"budget": {"total": 1, "executed": 1},
                      "indicators": [{**row, "score": 35}]}, scheme)
    assert (r.indicators[0].score, r.indicators[0].completion) == (D(35), D("0.7"))
    with pytest.raises(jixiao.DataError) as info:
        jixiao.score({"budget": {"total": 1, "executed": 1},
                      "indicators": [{**row, "score": 45}]}, scheme)
    assert [d.code for d in info.value.diagnostics] == ["JX308"]


@pytest.mark.parametrize(("text", "want"), [
    ("48小时内", "≤48小时"), ("10天内", "≤10天"), ("3个工作日内", "≤3个工作日"), ("3年内", "≤3年"),
    ("10天以内", "≤10天"),
])
def test_a_time_limit_written_with_nei(text: str, want: str) -> None:
    """内 after a number and unit is 以内 (at most): 48小时内 was refused as an unknown unit."""
    from jixiao.dsl.values import format_value, read_value

    assert format_value(read_value(text)) == want


@pytest.mark.parametrize(("text", "month", "day"), [
    ("2024/6/15", 6, 15), ("2024/06/30前", 6, 30), ("2024.6.30", 6, 30), ("2024.12.31前", 12, 31),
])
def test_dates_typed_with_slashes_and_dots(text: str, month: int, day: int) -> None:
    """2024/6/15 and 2024.12.31前 are dates as tables type them (refused before: 数字格式错误)."""
    from jixiao.dsl.values import read_value
    from jixiao.engine.values import When

    v = read_value(text)
    assert isinstance(v, When)
    assert (v.year, v.month, v.day) == (2024, month, day)
    assert read_value(v.text) == v


@pytest.mark.parametrize(("name", "scheme"), [
    ("t01_national_project.xlsx", "project_national"),
    ("t02_regional_official.xlsx", "transfer_regional"),
    ("t03_zhejiang_direction.xlsx", "transfer_regional"),
    ("t04_sichuan_nature.xlsx", "four_tier_qualitative"),
    ("t06_department_overall.xlsx", "department_overall"),
    ("t09_audit_slips.xlsx", "transfer_regional"),
    ("t10_two_sheets.xlsx", "transfer_regional"),
])
def test_report_of_a_table_scores_and_audits_the_same(name: str, scheme: str,
                                                      tmp_path: Path) -> None:
    """table → ``report --scheme S -o x.xlsx`` → ``score x.xlsx`` without --scheme (the
    workbook names the bundled scheme it was scored with) and ``audit x.xlsx``: the same
    total, grade and findings as the table itself."""
    from jixiao.cli import main

    book = tmp_path / "x.xlsx"
    assert main(["report", str(REAL / name), "--scheme", scheme, "-o", str(book)]) == 0
    original, back = jixiao.score(REAL / name, scheme), jixiao.score(book)
    assert (back.total, back.grade) == (original.total, original.grade)
    (a,) = audit_paths([REAL / name], scheme)
    (b,) = audit_paths([book])
    assert [(f.cls, f.filed, f.computed) for f in b.findings] == [
        (f.cls, f.filed, f.computed) for f in a.findings]



def test_fractions_decided_on_the_command_line_for_report_and_audit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """t08's fractions in General cells: report and audit take --percent-as-fraction as score
    does (both stopped at JX330): 预算执行 247/260 = 95% → 9.5; 产出 50; 效益 30 × 0.58/0.6 =
    30 × 0.9667 = 29.00; 满意度 10; 98.5, each fraction read named by a JX510 finding."""
    from jixiao.cli import main

    path = str(REAL / "t08_fraction_general.xlsx")
    out = tmp_path / "r.md"
    assert main(["report", path, "--scheme", "transfer_regional", "--percent-as-fraction",
                 "-o", str(out)]) == 0
    assert "98.5" in out.read_text(encoding="utf-8")
    assert main(["audit", path, "--scheme", "transfer_regional", "--percent-as-fraction"]) == 0
    text = capsys.readouterr().out
    assert "总分 98.5 优" in text
    assert text.count("JX510") == 3


def test_batch_reads_a_form_saved_as_csv(tmp_path: Path) -> None:
    """A 自评表 CSV given to batch (no flat-layout id column) is that 自评表, one record, with
    the same errors import and score give (it was JX302: no id column); a CSV that is neither
    is still JX302."""
    import json

    from jixiao.cli import main

    out = tmp_path / "out.jsonl"
    assert main(["batch", "--scheme", "transfer_regional", str(REAL / "t05_guangdong.csv"),
                 "-o", str(out)]) != 0
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert [e["code"] for e in json.loads(line)["errors"]] == ["JX353", "JX311"]
    other = tmp_path / "x.csv"
    other.write_text("name,target\na,≥1\n", encoding="utf-8")
    assert main(["batch", "--scheme", "transfer_regional", str(other), "-o", str(out)]) != 0
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert [e["code"] for e in json.loads(line)["errors"]] == ["JX302"]


@pytest.mark.parametrize(("value", "fmt", "text"), [
    (0.9, '"≥"0%', "≥90%"), (90, "\\≤0.00", "≤90.00"), (90, '"不超过"0', "不超过90"),
    (12, '[Red]"≤"0', "≤12"), (3266.1, '0.00"万元"', "3266.10"), (5, '"¥"0.00', "5.00"),
    (0.95, "0%", "95%"),
])
def test_an_operator_printed_by_the_number_format(value: float, fmt: str, text: str) -> None:
    """A target typed as a number whose custom format prints the operator (``"≤"0``) is read
    with it, as the cell shows it: read without, a cost cap ≤2000 was a bare 2000 (正向)."""
    from jixiao.xlsxread import cell_text

    assert cell_text(value, fmt) == text


def test_a_cost_cap_typed_with_a_custom_format_scores_as_a_cap(tmp_path: Path) -> None:
    """人均培训成本 typed 2000 shown ≤2000 by its format, 2150 spent: 2000/2150 = 0.9302 →
    50 × 0.9302 = 46.51 (a bare 2000 would be met: 50)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.append(["一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "偏差原因"])
    ws.append(["产出指标", "成本指标", "人均培训成本", 2000, 2150, "材料涨价"])
    ws["D2"].number_format = '"≤"0'
    path = tmp_path / "t.xlsx"
    wb.save(path)
    m = read_file(path)
    assert m["indicators"][0]["target"] == "≤2000"
    r = jixiao.score({**m, "budget": {"total": 1, "executed": 1}},
                     jixiao.load_scheme("transfer_regional"))
    assert (r.indicators[0].completion, r.indicators[0].score) == (D("0.9302"), D("46.51"))
