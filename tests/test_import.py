"""``jixiao import``: a filled 自评表 (.xlsx, .csv) read back into data that scores the same."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from conftest import SEED_DATA

import jixiao
from jixiao.cli import main
from jixiao.engine.diagnostics import InputError
from jixiao.render.xlsx import to_xlsx
from jixiao.xlsxread import cell_text, read_file, to_toml

openpyxl = pytest.importorskip("openpyxl")
FIXTURES = Path(__file__).parent / "fixtures"


def _figures(r: jixiao.Result) -> list[tuple[object, ...]]:
    return [(i.section, i.category, i.name, i.unit, i.weight, i.score, i.actual_value, i.completion,
             i.target_text, i.reason) for i in r.indicators]


def test_round_trip_seed(tmp_path: Path) -> None:
    """data → xlsx (jixiao's own 自评表) → data: the same total, grade and every figure."""
    seed = jixiao.score(SEED_DATA)
    book = tmp_path / "seed.xlsx"
    book.write_bytes(to_xlsx(seed))
    out = tmp_path / "back.toml"
    assert main(["import", str(book), "--scheme", "soil_pollution.jx", "-o", str(out)]) == 0
    back = jixiao.score(out)
    assert back.total == seed.total == Decimal("92.71")
    assert back.grade == seed.grade == "优"
    assert [(s.name, s.score) for s in back.sections] == [(s.name, s.score) for s in seed.sections]
    assert _figures(back) == _figures(seed)
    assert back.budget.total == seed.budget.total
    assert back.budget.total.rate == seed.budget.total.rate
    assert back.form.project == seed.form.project
    assert back.form.goal == seed.form.goal
    assert back.form.management == seed.form.management
    assert dict(back.form.texts) == dict(seed.form.texts)
    assert [p.name for p in back.projects] == [p.name for p in seed.projects]
    data = tomllib.loads(out.read_text(encoding="utf-8"), parse_float=Decimal)
    # as filed: total, grade, section scores, summary
    assert jixiao.load_data(out).filed == jixiao.load_data(SEED_DATA).filed
    assert (data["subject"]["manager"], data["subject"]["date"]) == ("高杰", "2026年3月3日")
    assert "weight" not in data["indicators"][0]  # the scheme's weight, not a filed one


EXAMPLE_DATA = sorted((Path(__file__).parent.parent / "examples").glob("*/data.toml"))


def _model(o: object) -> object:
    """A data model as plain values, without where each value was read (file, line, places)."""
    if attrs.has(type(o)):
        return {f.name: _model(getattr(o, f.name)) for f in attrs.fields(type(o))  # type: ignore[arg-type]
                if f.name not in ("where", "source", "places")}
    if isinstance(o, tuple | list):
        return [_model(x) for x in o]
    return o


@pytest.mark.parametrize("path", EXAMPLE_DATA, ids=lambda p: p.parent.name)
def test_round_trip_is_lossless(path: Path, tmp_path: Path) -> None:
    """data → xlsx (``jixiao report --format xlsx``) → ``jixiao import`` → the same data model:
    every field, filed or not — weights the scheme gives stay unfiled, filed scores, rates and
    section scores come back as filed, 项目负责人, 填报时间, 年初预算数, assessors' levels."""
    book = tmp_path / "t.xlsx"
    assert main(["report", str(path), "-o", str(book)]) == 0
    out = tmp_path / "back.toml"
    assert main(["import", str(book), "-o", str(out)]) == 0
    original = jixiao.load_data(path)
    back = jixiao.load_data(out)
    assert _model(back) == _model(original)
    assert back.scheme == original.scheme
    # and the workbook scores directly, with the scheme it names (found next to it if local)
    if (path.parent / str(original.scheme)).exists():
        (tmp_path / str(original.scheme)).write_bytes((path.parent / str(original.scheme))
                                                      .read_bytes())
    assert jixiao.score(book).total == jixiao.score(path).total


def test_a_changed_cell_is_the_persons(tmp_path: Path) -> None:
    """The hidden sheet says what jixiao computed; a figure a person then changed in Excel is
    read from the form as filed (their 分值 and 得分), the rest stays as the data had it."""
    book = tmp_path / "t.xlsx"
    book.write_bytes(to_xlsx(jixiao.score(SEED_DATA)))
    wb = openpyxl.load_workbook(book)
    ws = wb["自评表"]
    row = next(c.row for c in ws["D"] if c.value == "项目验收合格率")
    ws.cell(row=row, column=8).value = 5  # 得分 6 → 5
    wb.save(book)
    m = read_file(book)
    inds = m["indicators"]
    assert isinstance(inds, list)
    changed = next(i for i in inds if i["name"] == "项目验收合格率")
    assert changed["score"] == Decimal(5)
    assert "weight" not in changed
    assert all("score" not in i for i in inds if i is not changed)
    assert m["scheme"] == "soil_pollution.jx"


@pytest.mark.parametrize(("cells", "want"), [
    (["项目负责人", "高杰", "填报时间", "2026年3月3日"],
     {"manager": "高杰", "date": "2026年3月3日"}),
    (["项目负责人（签章）：高杰", "", "填报日期：2026-03-03"], {"manager": "高杰",
                                                         "date": "2026-03-03"}),
    (["项目负责人", "", "填报时间", ""], {}),
])
def test_signature_line(cells: list[str], want: dict[str, str]) -> None:
    from jixiao.xlsxread import Sheet, _signature

    sheet = Sheet("S", {(1, c): v for c, v in enumerate(cells, 1) if v})
    subject: dict[str, str] = {}
    _signature(sheet, 1, subject)
    assert subject == want


def _variant() -> dict[str, object]:
    m = read_file(FIXTURES / "variant.xlsx", "soil_pollution.jx")
    seed = tomllib.loads(SEED_DATA.read_text(encoding="utf-8"))
    m["projects"] = seed["projects"]  # 项目开工率 is derived from them; the form has none
    return m


def test_variant_layout() -> None:
    """Sheet1, 一级 repeated, 二级 merged, 指标性质/指标值/度量单位 apart, no 得分 column."""
    m = _variant()
    inds = m["indicators"]
    assert isinstance(inds, list)
    assert [i["category"] for i in inds[:6]] == ["数量指标"] * 5 + ["质量指标"]
    first = inds[0]
    assert (first["name"], first["unit"], first["target"], first["actual"]) == (
        "氰渣堆整治量", "万立方米", "≥248", "289.35")
    assert inds[1]["actual"] == "11.30"  # 11.3 shown with 0.00
    assert all("score" not in i for i in inds)
    assert m["subject"] == {"name": "变体测试项目", "year": 2025, "project": "变体测试项目",
                            "unit": "万元"}


def test_percent_stored_as_fraction_scores_95_percent() -> None:
    """0.95 with the format 0% is 95%: the row scores as the same table typed as text."""
    m = _variant()
    inds = m["indicators"]
    assert isinstance(inds, list)
    row = next(i for i in inds if i["name"] == "项目验收合格率")
    assert row["actual"] == "95%"
    r = jixiao.score(m)
    ind = next(i for i in r.indicators if i.name == "项目验收合格率")
    assert ind.actual_value == Decimal("0.95")
    assert ind.completion == Decimal("0.95")
    assert ind.score == Decimal("5.70")  # 6 × 95%, the seed scheme's proportional rule
    typed = dict(m)
    typed["indicators"] = [dict(i, actual="95%") if i is row else i for i in inds]
    assert jixiao.score(typed).total == r.total


@pytest.mark.parametrize(("value", "fmt", "text"), [
    (0.95, "0%", "95%"), (0.6667, "0.00%", "66.67%"), (1, "0%", "100%"), (0.95, "General", "0.95"),
    (11.3, "0.00", "11.30"), (3266.1, "#,##0.0", "3266.1"), (26, "General", "26"),
    (95, "0\"%\"", "95"), ("≥248", "General", "≥248"), (None, "General", ""),
])
def test_cell_text_reads_the_format(value: object, fmt: str, text: str) -> None:
    """What the cell shows, from its number format: never guessed from the number."""
    assert cell_text(value, fmt) == text


def test_bad_cell_names_sheet_and_cell(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(FIXTURES / "variant.xlsx")
    ws = wb["Sheet1"]
    ws["I10"] = "六分"  # 分值 of the second indicator row
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_file(path)
    (d,) = info.value.diagnostics
    assert (d.code, d.where) == ("JX050", "Sheet1!I10")
    assert "六分" in d.message("zh")


def test_to_toml_reads_back() -> None:
    m = {"scheme": "x.jx", "subject": {"name": "引号\"与\\反斜杠", "year": 2025},
         "indicators": [{"name": "a", "target": "≥1", "weight": Decimal("6.5")}]}
    back = tomllib.loads(to_toml(m), parse_float=Decimal)
    assert back == m


def test_csv_layout(tmp_path: Path) -> None:
    """The README's CSV: the header block above, one indicator per row, cells as text."""
    path = tmp_path / "t.csv"
    path.write_text("资金情况（万元）,,全年预算数（A）,全年执行数（B）\n,年度资金总额,100,80\n"
                    "一级指标,二级指标,三级指标,指标值,度量单位,实际完成值,分值\n"
                    "产出指标,数量指标,监测点位,≥26,个,26,\n产出指标,质量指标,合格率,100%,,95%,\n",
                    encoding="utf-8")
    m = read_file(path, "transfer_regional")
    assert m["budget"] == {"total": Decimal(100), "executed": Decimal(80)}
    r = jixiao.score(m)
    assert [(i.name, i.unit, i.actual_value) for i in r.indicators] == [
        ("监测点位", "个", Decimal(26)), ("合格率", "", Decimal("0.95"))]


def test_xls_reads_like_the_xlsx() -> None:
    """The old binary .xls (一级 merged, 二级 repeated: the other variant) gives the same data as
    variant.xlsx: every number read through its XF format (0.95 with ``0%`` → 95%, 11.3 with
    ``0.00`` → 11.30, 0.5375 with ``0.00%`` → 53.75%)."""
    pytest.importorskip("xlrd")
    xls = read_file(FIXTURES / "variant.xls", "soil_pollution.jx")
    assert xls == read_file(FIXTURES / "variant.xlsx", "soil_pollution.jx")
    inds = xls["indicators"]
    assert isinstance(inds, list)
    assert [i["section"] for i in inds] == ["产出指标"] * 8 + ["效益指标", "满意度指标"]
    assert [i["category"] for i in inds[:6]] == ["数量指标"] * 5 + ["质量指标"]
    assert next(i for i in inds if i["name"] == "项目验收合格率")["actual"] == "95%"
    assert inds[1]["actual"] == "11.30"
    assert xls["budget"]["rate"] == "53.75%"
    assert xls["budget"]["local"]["rate"] == "0%"


@pytest.mark.parametrize("name", ["variant.xls", "variant.xlsx"])
@pytest.mark.parametrize("command", ["score", "report", "explain", "audit"])
def test_commands_take_a_table(name: str, command: str, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    """Every command that reads a data file reads a 自评表 as it is (one place: load_data)."""
    pytest.importorskip("xlrd")
    args = [command, str(FIXTURES / name), "--scheme", "transfer_regional"]
    if command == "report":
        args += ["-o", str(tmp_path / "r.md")]
    assert main(args) == 0
    out = capsys.readouterr().out
    if command == "report":
        out = (tmp_path / "r.md").read_text(encoding="utf-8")
    if command == "explain":
        assert "项目验收合格率" in out
    elif command == "audit":
        assert name in out
    else:
        assert "92.41" in out  # 产出 47.03: 项目验收合格率 5.7 for 95%
    assert jixiao.score(FIXTURES / name, "transfer_regional").total == Decimal("92.41")


def test_broken_xls_names_the_file(tmp_path: Path) -> None:
    pytest.importorskip("xlrd")
    path = tmp_path / "t.xls"
    path.write_bytes((FIXTURES / "variant.xls").read_bytes()[:600])
    with pytest.raises(InputError) as info:
        read_file(path)
    (d,) = info.value.diagnostics
    assert (d.code, d.where) == ("JX053", str(path))
    assert ".xls" in d.message("zh")


def test_hand_made_official_layout_reads_every_figure() -> None:
    """official.xlsx, typed cell by cell (tests/fixtures/make_official.py), not written by
    jixiao: merged 一级/二级 cells, header and funds blocks, rates and 95% stored as fractions
    with percent formats, a 其中 row, a / row, the signature line."""
    m = read_file(FIXTURES / "official.xlsx", "transfer_regional")
    assert m["subject"] == {
        "name": "某县农村供水保障工程补助资金", "year": 2025, "project": "农村供水保障工程补助资金",
        "central_department": "财政部、水利部", "department": "某县水利局",
        "implementer": "某县农村供水管理站", "unit": "万元", "manager": "王明",
        "date": "2026年3月10日"}
    assert m["budget"] == {
        "total": Decimal(2400), "executed": Decimal(2280), "rate": "95.00%",
        "score": Decimal("9.5"),
        "central": {"total": Decimal(2000), "executed": Decimal(1950), "rate": "97.50%"},
        "local": {"total": Decimal(400), "executed": Decimal(330), "rate": "82.50%"}}
    assert m["goals"] == {"overall": "新建和改造供水管网，提升农村供水保障水平。",
                          "achieved": "新建供水管网126.5公里，改造水厂3座，受益人口5.6万人。"}
    assert m["management"] == [
        {"item": "分配科学性", "note": "按因素法分配到乡镇", "problems": "/"},
        {"item": "拨付合规性", "note": "按国库集中支付拨付", "problems": "/"}]
    assert m["filed"] == {"total": Decimal("98.75"), "grade": "优"}
    assert m["texts"] == {"说明": "无"}
    rows = [(i["section"], i["category"], i["name"], i.get("unit"), i["target"], i["actual"],
             i.get("weight"), i.get("score")) for i in m["indicators"]]
    D = Decimal
    assert rows == [
        ("产出指标", "数量指标", "新建供水管网长度", "公里", "≥120", "126.5", D(15), D(15)),
        ("产出指标", "数量指标", "其中：主管网长度", "公里", "≥40", "42", None, None),
        ("产出指标", "数量指标", "改造水厂", "座", "3", "3", D(10), D(10)),
        ("产出指标", "质量指标", "工程验收合格率", None, "100%", "95%", D(15), D("14.25")),
        ("产出指标", "时效指标", "项目完工及时率", None, "≥95%", "100%", D(10), D(10)),
        ("产出指标", "成本指标", "单位管网造价", "万元/公里", "≤30", "/", None, None),
        ("效益指标", "社会效益指标", "受益人口", "万人", "≥5.2", "5.6", D(15), D(15)),
        ("效益指标", "可持续影响指标", "农村供水保障能力", None, "明显提升", "明显提升", D(15),
         D(15)),
        ("满意度指标", "服务对象满意度指标", "受益群众满意度", None, "≥90%", "93%", D(10), D(10)),
    ]


@pytest.mark.parametrize("name", ["official.xlsx", "repeated.xlsx"])
def test_hand_made_tables_score(name: str) -> None:
    """Both hand-made layouts score the same, as worked by hand: 预算执行 10 × 95% = 9.5;
    产出 15 + 10 + 15 × 95% (14.25) + 10 = 49.25 (主管网 a 其中 row, 单位造价 does not apply);
    效益 30; 满意度 10 (93% ≥ 90%); total 98.75, 优 — the 得分 the official form files."""
    r = jixiao.score(FIXTURES / name, "transfer_regional")
    assert [(s.name, s.score) for s in r.sections] == [
        ("预算执行", Decimal("9.5")), ("产出指标", Decimal("49.25")), ("效益指标", Decimal(30)),
        ("满意度指标", Decimal(10))]
    assert (r.total, r.grade) == (Decimal("98.75"), "优")
    ind = {i.name: i for i in r.indicators}
    assert ind["工程验收合格率"].actual_value == Decimal("0.95")
    assert ind["工程验收合格率"].score == Decimal("14.25")
    assert not ind["单位管网造价"].applicable
    assert ind["其中：主管网长度"].parent == "新建供水管网长度"
    if name == "official.xlsx":
        assert (r.filed_total, r.filed_grade) == (Decimal("98.75"), "优")
        assert not r.adjusted  # every filed 得分 is the one computed


def test_repeated_variant_reads_every_figure() -> None:
    """repeated.xlsx: 一级/二级 repeated on every row, 指标性质/指标值/度量单位 apart (90%
    typed as 0.9 with 0%), 分值 present, no 得分."""
    m = read_file(FIXTURES / "repeated.xlsx")
    official = read_file(FIXTURES / "official.xlsx")
    keep = ("section", "category", "name", "unit", "target", "actual", "weight", "reason")
    assert [{k: i[k] for k in keep if k in i} for i in m["indicators"]] == [
        {k: i[k] for k in keep if k in i} for i in official["indicators"]]
    assert all("score" not in i for i in m["indicators"])
    assert m["budget"] == {"total": Decimal(2400), "executed": Decimal(2280)}


def test_scheme_given_overrides_the_workbooks(tmp_path: Path) -> None:
    """A workbook jixiao wrote names its scheme; ``--scheme`` still decides."""
    book = tmp_path / "t.xlsx"
    book.write_bytes(to_xlsx(jixiao.score(SEED_DATA)))
    assert read_file(book)["scheme"] == "soil_pollution.jx"
    assert read_file(book, "transfer_regional")["scheme"] == "transfer_regional"
