"""Hostile and careless tables (issue 7): a workbook that unpacks to gigabytes, a merged range
over a whole sheet, error values and formulas never computed, a CSV in the encodings Chinese
Excel and WPS save, a CSV line the csv module refuses — each a result or a JX error naming the
sheet and cell, quickly and in little memory, never a traceback or a hang."""

from __future__ import annotations

import io
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

import jixiao
from jixiao.engine.diagnostics import InputError
from jixiao.xlsxread import MAX_CELLS, read_file

openpyxl = pytest.importorskip("openpyxl")

CSV = ("资金情况（万元）,,全年预算数（A）,全年执行数（B）\n,年度资金总额,100,80\n"
       "一级指标,二级指标,三级指标,指标值,度量单位,实际完成值,分值\n"
       "产出指标,数量指标,监测点位,≥26,个,26,\n产出指标,质量指标,合格率,100%,,95%,\n")
ROWS: list[list[object]] = [
    ["资金情况（万元）", None, "全年预算数（A）", "全年执行数（B）"],
    [None, "年度资金总额", 100, 80],
    ["一级指标", "二级指标", "三级指标", "指标值", "度量单位", "实际完成值", "分值"],
    ["产出指标", "数量指标", "监测点位", "≥26", "个", 26, None],
    ["产出指标", "质量指标", "合格率", "100%", None, "95%", None]]


def _book(sheet_xml: tuple[str, str] | None = None, title: str = "自评") -> bytes:
    """The small form as .xlsx; ``sheet_xml``: a replacement made in the sheet's XML after
    saving (what openpyxl will not write)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in ROWS:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    if sheet_xml is None:
        return out.getvalue()
    src = zipfile.ZipFile(out)
    res = io.BytesIO()
    with zipfile.ZipFile(res, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            body = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                text = body.decode()
                assert sheet_xml[0] in text
                body = text.replace(sheet_xml[0], sheet_xml[1], 1).encode()
            z.writestr(name, body)
    return res.getvalue()


def _refused(tmp_path: Path, name: str, data: bytes) -> InputError:
    path = tmp_path / name
    path.write_bytes(data)
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_file(path, "transfer_regional")
    assert time.perf_counter() - start < 20  # generous: the refusal comes before any build
    return info.value


def test_the_small_form_scores(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(_book())
    r = jixiao.score(read_file(path, "transfer_regional"))
    assert [i.actual_value for i in r.indicators] == [Decimal(26), Decimal("0.95")]


MERGES = ["A6:XFD1048576", "H1:H1048576", "A1:XFD7"]  # a sheet, a whole column, whole rows


@pytest.mark.parametrize("ref", MERGES)
def test_a_merged_range_too_wide_is_JX042_before_it_is_filled(tmp_path: Path, ref: str) -> None:
    """openpyxl makes an object per merged cell and the reader filled each: A1:XFD1048576 was
    a hang using gigabytes."""
    merge = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'
    exc = _refused(tmp_path, "m.xlsx", _book(sheet_xml=("</sheetData>", "</sheetData>" + merge)))
    assert exc.codes == ["JX042"]
    assert "自评" in exc.diagnostics[0].message("zh")
    assert ref in exc.diagnostics[0].message("en")


@pytest.mark.parametrize("rows", [MAX_CELLS + 10, 3 * MAX_CELLS])
def test_a_sheet_of_too_many_cells_is_JX042(tmp_path: Path, rows: int) -> None:
    """A zip of 2 MB unpacked to 400,000 rows took 50 s and a GB; now it is refused from the
    zip's XML, counted without building a cell."""
    extra = "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(6, rows))
    exc = _refused(tmp_path, "b.xlsx", _book(sheet_xml=("</sheetData>", extra + "</sheetData>")))
    assert exc.codes == ["JX042"]


def test_a_zip_bomb_is_JX042(tmp_path: Path) -> None:
    """A part that unpacks far past the bound, whatever its header claims."""
    res = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(_book()))
    with zipfile.ZipFile(res, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            z.writestr(name, src.read(name))
        z.writestr("xl/worksheets/sheet9.xml", b" " * (80 * 1024 * 1024))
    assert len(res.getvalue()) < 1024 * 1024
    assert _refused(tmp_path, "z.xlsx", res.getvalue()).codes == ["JX042"]


@pytest.mark.parametrize(("xml", "cell", "shown"), [
    ('<c r="F4" t="n"><v>26</v></c>', "F4", "=…"),
    ('<c r="D2" t="n"><v>80</v></c>', "D2", "=…"),
    ('<c r="F4" t="n"><v>26</v></c>', "F4", "#DIV/0!"),
    ('<c r="F4" t="n"><v>26</v></c>', "F4", "#N/A"),
])
def test_error_values_and_formulas_never_computed_are_JX043_at_the_cell(
        tmp_path: Path, xml: str, cell: str, shown: str) -> None:
    """A formula saved by a program has no value (openpyxl reads it blank: the 完成值 was
    'missing'); #DIV/0! is no figure. Both name the sheet and cell."""
    new = (f'<c r="{cell}"><f>1+25</f><v></v></c>' if shown == "=…"
           else f'<c r="{cell}" t="e"><v>{shown}</v></c>')
    exc = _refused(tmp_path, "f.xlsx", _book(sheet_xml=(xml, new)))
    assert exc.codes == ["JX043"]
    assert exc.diagnostics[0].where.endswith(f"自评!{cell}")
    assert shown in exc.diagnostics[0].message("en")


def test_a_shared_formula_never_computed_is_JX043(tmp_path: Path) -> None:
    exc = _refused(tmp_path, "s.xlsx", _book(sheet_xml=(
        '<c r="F4" t="n"><v>26</v></c>', '<c r="F4"><f t="shared" si="0"/></c>')))
    assert exc.codes == ["JX043"]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_a_csv_as_chinese_excel_saves_it_is_read(tmp_path: Path, encoding: str) -> None:
    """Chinese Excel's "CSV" is GBK; "Unicode text" is UTF-16 with a BOM."""
    path = tmp_path / "t.csv"
    path.write_bytes(CSV.encode(encoding))
    r = jixiao.score(read_file(path, "transfer_regional"))
    assert [i.name for i in r.indicators] == ["监测点位", "合格率"]


def test_a_csv_neither_utf8_nor_gb18030_is_JX002(tmp_path: Path) -> None:
    assert _refused(tmp_path, "t.csv", CSV.encode() + b"\x81\x20\xff").codes == ["JX002"]


@pytest.mark.parametrize("bad", ['"' + "长" * 200_000 + '"', '"' + "x" * 131_073 + '"'])
def test_a_csv_line_the_csv_module_refuses_is_JX053_at_its_line(tmp_path: Path, bad: str) -> None:
    """The csv module's own error (a cell longer than its limit) was a traceback."""
    exc = _refused(tmp_path, "t.csv", CSV.replace("监测点位", bad).encode())
    assert exc.codes == ["JX053"]
    assert exc.diagnostics[0].where.endswith("t.csv:4")


@pytest.mark.parametrize("cached", ['<c r="H4" t="str"><f>IF(1,"","")</f><v></v></c>',
                                    '<c r="H4"><f>1+1</f><v>2</v></c>',
                                    '<c r="H4" t="str"><f>"a"</f><v>a</v></c>'])
def test_a_formula_with_its_value_is_read(tmp_path: Path, cached: str) -> None:
    """Excel keeps a formula's result; an empty text result (IF(…, "", …)) is a value too."""
    path = tmp_path / "ok.xlsx"
    path.write_bytes(_book(sheet_xml=('<c r="F4" t="n"><v>26</v></c>',
                                      '<c r="F4" t="n"><v>26</v></c>' + cached)))
    m = read_file(path, "transfer_regional")
    assert m["indicators"][0]["actual"] == "26"


# -- batch's result CSV opened in Excel: no text cell runs as a formula ---------------------

INJECTIONS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", "\t=1", "＝HYPERLINK(\"x\")"]


@pytest.mark.parametrize("text", INJECTIONS)
def test_the_result_csv_neutralises_formula_texts(tmp_path: Path, text: str) -> None:
    """An id, a tag or an error message (which quotes the data) starting with =, +, -, @ …
    is written with a leading ' (OWASP); the figures are numbers as before."""
    import csv
    import json

    from jixiao.cli import main

    good = {"id": text, "tags": {"region": text}, "indicators": [
        {"section": "产出指标", "name": "点位", "target": "≥1", "actual": "1"}],
        "budget": {"total": "100", "executed": "100"}}
    bad = {"id": text, "indicators": [
        {"section": "产出指标", "name": "点位", "target": "≥1", "actual": text}]}
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (good, bad)) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.csv"
    main(["batch", "--scheme", "transfer_regional", str(src), "-o", str(out)])
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    cells = [v for row in rows for v in row.values()]
    assert not [v for v in cells if v and v[0] in "=+-@\t\r＝"]
    assert rows[0]["id"] == rows[0]["region"] == "'" + text
    assert Decimal(rows[0]["total"]) > 0
    assert rows[1]["ok"] == "false"


@pytest.mark.parametrize(("cell", "want"), [("92.71", "92.71"), ("", ""), (3, 3),
                                            ("a=b", "a=b"), ("-", "'-")])
def test_neutral_leaves_other_cells_alone(cell: object, want: object) -> None:
    from jixiao.batch import neutral

    assert neutral(cell) == want


# -- the 自评表 workbook written from hostile names ------------------------------------------


@pytest.mark.parametrize(("name", "reason"), [
    ("=HYPERLINK(\"http://x\",\"y\")", "=1+1"),
    ("项目\x1b[2J开工率", "原因\x07\x0b"),
    ("@SUM(A1)\u202e", "+cmd|' /C calc'!A0"),
])
def test_the_xlsx_form_stores_hostile_texts_as_text(name: str, reason: str) -> None:
    """A name or reason starting with = was written as a formula; a control character made
    openpyxl raise IllegalCharacterError (a traceback). Now each is text, shown as written
    (a control character as \\x1b)."""
    import tomllib

    from conftest import SEED_DATA

    from jixiao.render.xlsx import to_xlsx

    m = tomllib.loads(SEED_DATA.read_text(encoding="utf-8"))
    m["indicators"][0]["name"] = name
    m["indicators"][0]["reason"] = reason
    m["subject"]["name"] = "=1+1"
    m["projects"][0]["name"] = name  # the 子项目 sheet and the hidden sheet of filed data too
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(jixiao.score(m))))
    texts = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert not [c for c in texts if c.data_type == "f"]
    shown = name.replace("\x1b", "\\x1b")
    assert any(shown in c.value for c in texts)
    assert any(c.value.startswith("=1+1") for c in texts)
