"""A filled 自评表 (.xlsx, .xls or .csv) → a data mapping, written out as a ``.toml`` data file.

Stage: application layer, input, before ``datafile``: the table is turned into the same mapping
a hand-written data file holds, so every check of ``datafile.data_from_mapping`` applies to it
and the evaluator never sees a spreadsheet. openpyxl (.xlsx, extra ``xlsx``) and xlrd (the old
binary .xls, extra ``xls``) are imported lazily, only when such a workbook is read.

Layout: the official 自评表 that ``jixiao report --format xlsx`` writes, and its variants — 一级 /
二级 cells merged, repeated or left blank under the first; 指标性质 (≥), 指标值 and 度量单位 in
separate columns or together (``氰渣堆整治量（万立方米）``); 分值 and 得分 present or absent. A
number's meaning comes from its cell's number format: 0.95 shown as ``0%`` is 95%, never guessed
from the number. Problems name the cell as ``Sheet1!F12``.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
import stat
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path
from typing import Any

from jixiao.datafile import TABLE_SUFFIXES
from jixiao.engine.diagnostics import Diagnostic, InputError, error
from jixiao.engine.limits import DEFAULT_LIMITS, Limits
from jixiao.files import os_reason

FORM_SHEET = "自评表"
DETAIL_SHEET = "资金明细"
FILED_SHEET = "jixiao填报数据"  # written by render.xlsx: what was filed where the form computes
DERIVED_NOTE = "由评分方案计算"  # the comment jixiao's writer puts on a derived actual

# The indicator table's header words → the data field they fill (spaces and newlines ignored).
HEADERS: dict[str, str] = {
    "一级指标": "section", "二级指标": "category", "三级指标": "name", "指标名称": "name",
    "指标性质": "op", "指标值": "target", "年度指标值": "target", "目标值": "target",
    "度量单位": "unit", "计量单位": "unit", "单位": "unit",
    "全年实际完成值": "actual", "实际完成值": "actual", "完成值": "actual",
    "分值": "weight", "得分": "score", "偏差原因和改进措施": "reason",
    "偏差原因分析及改进措施": "reason", "偏差原因": "reason", "备注": "reason",
    "指标方向": "direction",
}
# Header words published forms use beyond those above (年初目标值, 全年实际值, 权重（分）,
# 自评得分, 未完成原因和改进措施 …): tried in order on a header that is not in HEADERS, with a
# trailing （…） such as （分） dropped. A header none of them names is not read.
_HEADER_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), f) for p, f in (
        (r"原因|改进措施", "reason"),
        (r"方向", "direction"),
        (r"^指标性质$|^指标类型$", "op"),
        (r"^(度量|计量)?单位$", "unit"),
        (r"^(年初|年度|全年|本年)?(预期)?(目标|指标)值$", "target"),
        (r"^(全年|年度|本年)?(实际)?完成值$|^(全年|年度|本年)?实际(完成)?(值|数)$", "actual"),
        (r"^(指标)?权重$|^(指标)?分值$|^标准分(值)?$", "weight"),
        (r"^(自评|评价|实际)?得分$", "score"),
        (r"^(三级指标|绩效指标)名称$|^具体指标$", "name"),
    ))
# 指标方向 or 指标性质 written as a word: the operator it means for a bare target number
# (浙江's 正向/反向 column; 四川's 指标性质 column holds ≥, ≤, = or 定性).
_DIRECTION_OPS = {"正向": "≥", "正向指标": "≥", "↑": "≥", "反向": "≤", "反向指标": "≤",
                  "↓": "≤", "定性": "", "定性指标": "", "定量": "", "定量指标": "",
                  "正向（越大越好）": "≥", "反向（越小越好）": "≤"}
_FUNDS = {"年度资金总额": "total", "资金总额": "total", "年度资金总额合计": "total",
          "其中：中央财政资金": "central", "中央财政资金": "central",
          "中央资金": "central", "地方资金": "local", "其他资金": "other"}
_HEAD_LABELS = {"转移支付（项目）名称": "project", "项目名称": "project", "转移支付名称": "project",
                "专项资金名称": "project", "资金名称": "project", "部门（单位）名称": "department",
                "部门名称": "department", "单位名称": "implementer", "预算单位": "implementer",
                "中央主管部门": "central_department", "地方主管部门": "department",
                "主管部门": "department", "资金使用单位": "implementer", "实施单位": "implementer"}
_STATUS = {"未开工": "not_started", "已开工": "started", "已完工": "completed"}
_UNIT_IN_NAME = re.compile(r"^(?P<name>.+?)[（(](?P<unit>[^（）()]{1,8})[）)]$")


# Bounds on what a workbook may hold (issue 7: a few MB of zip can unpack to gigabytes, and a
# merged range A1:XFD1048576 is 17 billion cells): a 自评表 has a few hundred cells, a sheet per
# record in a batch workbook a few thousand, so these are far above any real form.
# The bounds of a table (JX042) are ``Limits``' (engine.limits: table_unpacked_bytes,
# table_cells, table_merged_cells, table_area); these are the defaults, kept for readers.
MAX_UNPACKED = DEFAULT_LIMITS.table_unpacked_bytes
MAX_CELLS = DEFAULT_LIMITS.table_cells
MAX_MERGED = DEFAULT_LIMITS.table_merged_cells
MAX_AREA = DEFAULT_LIMITS.table_area
# Excel's error values: a cell showing one holds no figure (#DIV/0! is not a 完成值).
_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
           "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")
_XLS_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
               0x24: "#NUM!", 0x2A: "#N/A"}


def _mb(n: int) -> str:
    return f"{n / 1048576:g}"


def _too_big(where: str, sheet: str, what: str, what_en: str) -> InputError:
    return InputError([error("JX042", where=where, sheet=sheet, what=what, what_en=what_en)])


def _cell_error(where: str, sheet: str, ref: str, value: str) -> InputError:
    return InputError([error("JX043", where=f"{where}:{sheet}!{ref}", sheet=sheet, cell=ref,
                             value=value)])


def _merged_area(sheet: str, ref: str, rows: int, cols: int, where: str,
                 limits: Limits) -> None:
    most = limits.table_merged_cells
    if rows * cols > most:
        raise _too_big(where, sheet,
                       f"合并单元格 {ref} 覆盖 {rows * cols} 个单元格（上限 {most}）",
                       f"the merged range {ref} covers {rows * cols} cells (at most {most})")


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_MERGE_TAG = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
# a formula cell with no cached value: <c r="F4"><f>…</f></c> (no <v>), as scripts write them
# (an empty <v></v> too, as openpyxl writes one, but not on a t="str" cell: Excel's cached "")
_UNCACHED = re.compile(rb'<(?:\w+:)?c\b([^>]*?\br="([A-Z]+\d+)"[^>]*)>\s*'
                       rb"<(?:\w+:)?f\b(?:[^>]*/>|[^>]*>[^<]*</(?:\w+:)?f>)\s*"
                       rb"(<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>")
_STRING_TYPE = re.compile(rb"""\bt\s*=\s*["'](?:str|inlineStr)["']""")


def _attrs(tag: bytes) -> dict[str, str]:
    """A tag's attributes by local name (``r:id`` → ``id``), entities resolved."""
    return {k.split(b":")[-1].decode("ascii", "replace"):
            html.unescape((a if a or not b else b).decode("utf-8", "replace"))
            for k, a, b in _ATTR.findall(tag)}


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _screen_xlsx(data: bytes, where: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse, before openpyxl builds anything, a workbook that unpacks too large (a zip bomb),
    holds too many cells or a merged range too wide (JX042), or a formula whose value was never
    computed (JX043: the form would be read blank) — each naming its sheet. Reads the zip with
    a bound on every part, never trusting the sizes its headers claim."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return  # not a zip: openpyxl's refusal (JX053) says so
    names: dict[str, str] = {}  # worksheet part → the sheet's name
    parts: dict[str, bytes] = {}
    budget = limits.table_unpacked_bytes
    most = limits.table_cells
    for info in infos:
        name = info.filename
        wanted = name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels") or (
            name.startswith("xl/worksheets/") and name.endswith(".xml"))
        if not wanted:
            budget -= min(info.file_size, budget)
            continue
        try:
            with zf.open(info) as f:
                body = f.read(budget + 1)
        except Exception:  # a broken part: openpyxl's refusal (JX053) says so
            return
        if len(body) > budget:
            raise _too_big(where, "", f"工作簿解压后超过 {_mb(limits.table_unpacked_bytes)} MB",
                           f"the workbook unpacks to more than "
                           f"{_mb(limits.table_unpacked_bytes)} MB")
        budget -= len(body)
        parts[name] = body
    rels = {}
    for tag in _REL_TAG.findall(parts.get("xl/_rels/workbook.xml.rels", b"")):
        a = _attrs(tag)
        rels[a.get("Id", "")] = a.get("Target", "")
    for tag in _SHEET_TAG.findall(parts.get("xl/workbook.xml", b"")):
        a = _attrs(tag)
        target = rels.get(a.get("id", ""), "").lstrip("/")
        part = target if target.startswith("xl/") else "xl/" + target
        names[part] = a.get("name", part)
    cells = 0
    for part, body in parts.items():
        if not part.startswith("xl/worksheets/"):
            continue
        sheet = names.get(part, part)
        cells += len(_CELL_TAG.findall(body))
        if cells > most:
            raise _too_big(where, sheet, f"工作簿的单元格超过 {most} 个",
                           f"the workbook holds more than {most} cells")
        for c0, r0, c1, r1 in _MERGE_TAG.findall(body):
            rows = abs(int(r1) - int(r0)) + 1
            cols = abs(_column_number(c1) - _column_number(c0)) + 1
            _merged_area(sheet, f"{c0.decode()}{r0.decode()}:{c1.decode()}{r1.decode()}",
                         rows, cols, where, limits)
            cells += rows * cols  # each is filled from the range's first cell
        if cells > most:
            raise _too_big(where, sheet, f"工作簿的单元格（含合并单元格）超过 {most} 个",
                           f"the workbook holds more than {most} cells (merged ones counted)")
        for found in _UNCACHED.finditer(body):
            if found.group(3) and _STRING_TYPE.search(found.group(1)):
                continue  # a formula whose cached result is the empty text
            raise _cell_error(where, sheet, found.group(2).decode(), "=…")


class Sheet:
    """One sheet as text cells: merged ranges filled from their top-left cell, numbers already
    written as their number format shows them."""

    def __init__(self, name: str, cells: dict[tuple[int, int], str],
                 derived: set[tuple[int, int]] | None = None) -> None:
        self.name = name
        self.cells = cells
        self.derived = derived or set()
        self.nrows = max((r for r, _ in cells), default=0)
        self.ncols = max((c for _, c in cells), default=0)

    def get(self, row: int, col: int) -> str:
        return self.cells.get((row, col), "")

    def ref(self, row: int, col: int) -> str:
        """``自评表!F12``: where a reader finds the cell."""
        return f"{self.name}!{column_letter(col)}{row}"

    def row(self, row: int) -> list[str]:
        return [self.get(row, c) for c in range(1, self.ncols + 1)]


def column_letter(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）").replace(":", "：")


def _places(fmt: str) -> int | None:
    """Decimal places a number format shows (``0.00%`` → 2); None for General."""
    section = fmt.split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]', "", section)
    if not re.search(r"[0#]", section):
        return None
    m = re.search(r"\.([0#]+)", section)
    return len(m.group(1)) if m else 0


def cell_text(value: Any, fmt: str) -> str:
    """A cell as the form shows it: 0.95 with ``0%`` → ``95%``; 11.3 with ``0.00`` → ``11.30``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (datetime, date)):
        return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not d.is_finite():  # a cell stored as inf or nan: the readers refuse its text
            return str(value)
        percent = "%" in re.sub(r'"[^"]*"', "", fmt or "")
        # Exact whatever the cell holds (1e308 in a "0.00" cell needs 311 digits; Decimal's
        # default 28 raised InvalidOperation, a traceback): the text is shown as the form
        # shows it, and the readers refuse a figure of more than 30 digits by its own code.
        with localcontext() as ctx:
            ctx.prec = 2 * _MAX_SHOWN_DIGITS
            if abs(d.adjusted()) > _MAX_SHOWN_DIGITS - _MAX_PLACES:
                return f"{d.scaleb(2):f}%" if percent else f"{d:f}"
            if percent:
                d = d.scaleb(2)
            places = _places(fmt or "General")
            if places is not None:
                d = d.quantize(Decimal(1).scaleb(-min(places, _MAX_PLACES)),
                               rounding=ROUND_HALF_UP)
            elif d == d.to_integral_value():
                d = d.quantize(Decimal(1))
            else:
                d = d.normalize()
        return _operator_prefix(fmt or "", d) + f"{d:f}" + ("%" if percent else "")
    return str(value).strip()


_MAX_SHOWN_DIGITS = 400  # digits a number cell is written out with, exactly (a double has 309)
_MAX_PLACES = 30  # decimal places a number format may show (``0.000…``): more is no figure


# Operators a custom number format may print before the number (``"≥"0%``, ``\≤0.00``): a
# target typed as the number 0.9 shown as ≥90% is ≥90%, and one shown as ≤90 is not a bare 90
# (a bare number scores as higher-is-better).
_FORMAT_OPERATORS = frozenset({"≥", "≤", ">", "<", "=", ">=", "<=", "＞", "＜", "≧", "≦", "＝",
                               "不低于", "不少于", "不高于", "不超过", "不大于", "不小于"})


def _operator_prefix(fmt: str, d: Decimal) -> str:
    """The operator a number format prints before a non-negative number, or ``""``."""
    plain = '"' not in fmt and "\\" not in fmt and not any(c in fmt for c in "≥≤<>=＞＜≧≦")
    if d < 0 or plain:  # the usual formats (0.00, 0%, General): nothing to look for
        return ""
    section = re.sub(r"\[[^\]]*\]", "", fmt.split(";")[0])
    head = re.split(r"[0#?]", section, maxsplit=1)[0]
    literal = "".join(m.group(1) or m.group(2) or m.group(3) or "" for m in re.finditer(
        r'"([^"]*)"|\\(.)|([≥≤<>=＞＜≧≦＝])', head)).strip()
    return literal if literal in _FORMAT_OPERATORS else ""


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise InputError([error("JX052", where="import", package="openpyxl",
                                extra="xlsx", suffix=".xlsx")]) from None
    return openpyxl


def xlsx_sheets(data: bytes, where: str, limits: Limits = DEFAULT_LIMITS) -> list[Sheet]:
    """Every sheet of a workbook as text cells."""
    openpyxl = _openpyxl()
    _screen_xlsx(data, where, limits)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        zh, en = _broken_why(exc)
        raise InputError([error(
            "JX053", where=where, detail=f"不是有效的 .xlsx 工作簿{zh}",
            detail_en=f"not a valid .xlsx workbook{en}")]) from None
    sheets = []
    for ws in wb.worksheets:
        cells: dict[tuple[int, int], str] = {}
        derived: set[tuple[int, int]] = set()
        for c in _written_cells(ws):
            if c.value is None:
                continue
            if c.data_type == "e" or (isinstance(c.value, str) and c.value in _ERRORS):
                raise _cell_error(where, ws.title, c.coordinate, str(c.value))
            text = cell_text(c.value, c.number_format)
            if text:
                cells[(c.row, c.column)] = text
            if c.comment is not None and DERIVED_NOTE in (c.comment.text or ""):
                derived.add((c.row, c.column))
        for rng in ws.merged_cells.ranges:
            top = cells.get((rng.min_row, rng.min_col), "")
            for r in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    if top:
                        cells[(r, col)] = top
        sheets.append(_bounded(Sheet(ws.title, cells, derived), where, limits))
    return sheets


def _written_cells(ws: Any) -> list[Any]:
    """The cells a worksheet holds, by row then column. ``iter_rows`` walks the whole
    rectangle up to the farthest cell: one value in XFD1048576 made it 17 billion cells (a
    hang); openpyxl keeps the written cells in a dict, which is walked instead."""
    written = getattr(ws, "_cells", None)
    if not isinstance(written, dict):  # pragma: no cover - another openpyxl's layout
        return [c for row in ws.iter_rows() for c in row]
    return [written[k] for k in sorted(written)]


def _bounded(sheet: Sheet, where: str, limits: Limits = DEFAULT_LIMITS) -> Sheet:
    """Refuse a sheet whose cells span a rectangle too large to walk (JX042): the readers go
    row by row and column by column, so a single cell in XFD1048576, or a CSV line of two
    million commas, costs as much as the whole rectangle. A 自评表 spans a few dozen rows and
    columns; the message names the farthest cell, the one to delete."""
    area = limits.table_area
    if sheet.nrows * sheet.ncols <= area:
        return sheet
    far = max(sheet.cells, key=(lambda rc: rc[1]) if sheet.ncols >= sheet.nrows
              else (lambda rc: rc[0]))
    raise _too_big(where, sheet.name,
                   f"单元格分布在 {sheet.nrows} 行 × {sheet.ncols} 列的范围内，超过 {area} 个"
                   f"（最远的单元格在第 {far[0]} 行第 {far[1]} 列）",
                   f"its cells span {sheet.nrows} rows × {sheet.ncols} columns, more than "
                   f"{area} (the farthest cell is in row {far[0]}, column {far[1]})")


def _xlrd() -> Any:
    try:
        import xlrd
    except ImportError:
        raise InputError([error("JX052", where="import", package="xlrd", extra="xls",
                                suffix=".xls")]) from None
    return xlrd


def xls_sheets(data: bytes, where: str, limits: Limits = DEFAULT_LIMITS) -> list[Sheet]:
    """Every sheet of an old binary workbook (.xls, Excel 97–2003, what WPS often saves) as text
    cells, each number shown through its cell's XF number format as in ``xlsx_sheets``."""
    most = limits.table_cells
    xlrd = _xlrd()
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error, …
        zh, en = _broken_why(exc)
        raise InputError([error(
            "JX053", where=where, detail=f"不是有效的 .xls 工作簿{zh}",
            detail_en=f"not a valid .xls workbook{en}")]) from None
    sheets = []
    total = 0
    for ws in book.sheets():
        cells: dict[tuple[int, int], str] = {}
        total += ws.nrows * ws.ncols
        if total > most:
            raise _too_big(where, ws.name, f"工作簿的单元格超过 {most} 个",
                           f"the workbook holds more than {most} cells")
        for r0, r1, c0, c1 in ws.merged_cells:
            _merged_area(ws.name, f"{column_letter(c0 + 1)}{r0 + 1}:{column_letter(c1)}{r1}",
                         r1 - r0, c1 - c0, where, limits)
            total += (r1 - r0) * (c1 - c0)
        if total > most:
            raise _too_big(where, ws.name, f"工作簿的单元格（含合并单元格）超过 {most} 个",
                           f"the workbook holds more than {most} cells (merged ones counted)")
        for r in range(ws.nrows):
            for c in range(ws.ncols):
                cell = ws.cell(r, c)
                value: Any = cell.value
                if cell.ctype == xlrd.XL_CELL_ERROR:
                    raise _cell_error(where, ws.name, f"{column_letter(c + 1)}{r + 1}",
                                      _XLS_ERRORS.get(value, "#错误"))
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                if cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                elif cell.ctype == xlrd.XL_CELL_DATE:
                    # a date Excel itself cannot show keeps its serial number
                    with contextlib.suppress(ValueError, OverflowError, xlrd.xldate.XLDateError):
                        value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                fmt = "General"
                xf = ws.cell_xf_index(r, c)
                if 0 <= xf < len(book.xf_list):
                    found = book.format_map.get(book.xf_list[xf].format_key)
                    if found is not None:
                        fmt = found.format_str or "General"
                if isinstance(value, float) and value.is_integer() and "." not in fmt \
                        and cell.ctype == xlrd.XL_CELL_NUMBER:
                    value = int(value)  # .xls stores every number as a double
                text = cell_text(value, fmt)
                if text:
                    cells[(r + 1, c + 1)] = text
        for r0, r1, c0, c1 in ws.merged_cells:  # half-open ranges, 0-based
            top = cells.get((r0 + 1, c0 + 1), "")
            if top:
                for r in range(r0, r1):
                    for c in range(c0, c1):
                        cells[(r + 1, c + 1)] = top
        sheets.append(_bounded(Sheet(ws.name, cells), where, limits))
    return sheets


def csv_sheet(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> Sheet:
    """A CSV file as one sheet named after the file (cells are text: ``95%`` is written so).
    A line the csv module refuses (a cell over its length limit, say) is JX053 at that line.

    Commas first; when they give no indicator table, tabs (Excel's and WPS's "Unicode text",
    UTF-16 with tabs) and semicolons (a CSV saved where the comma is the decimal mark) are
    tried: the file says nothing of its separator, the table's header row does."""
    sheet = _csv_sheet(text, name, ",", limits)
    if _find_header(sheet) is None:
        for separator in ("\t", ";"):
            if separator in text:
                other = _csv_sheet(text, name, separator, limits)
                if _find_header(other) is not None:
                    return other
    return sheet


def _csv_sheet(text: str, name: str, separator: str, limits: Limits) -> Sheet:
    most = limits.table_cells
    cells: dict[tuple[int, int], str] = {}
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=separator)
    r = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = reader.line_num
            raise InputError([error(
                "JX053", where=f"{name}:{line}",
                detail=f"第 {line} 行无法按 CSV 读取（{_csv_reason(exc)}）",
                detail_en=f"line {line} cannot be read as CSV ({_csv_reason(exc, 'en')})")]
                             ) from None
        r += 1
        for c, value in enumerate(row, 1):
            if value.strip():
                cells[(r, c)] = value.strip()
        if len(cells) > most:
            raise _too_big(f"{name}:{reader.line_num}", name, f"表格的单元格超过 {most} 个",
                           f"the table holds more than {most} cells")
    return _bounded(Sheet(name, cells), name, limits)


def _csv_reason(exc: csv.Error, lang: str = "zh") -> str:
    """The csv module's complaint in our words (its own text is Python's English)."""
    text = str(exc)
    en = lang == "en"
    if "field larger than field limit" in text:
        return (f"a cell longer than {csv.field_size_limit()} characters" if en
                else f"单元格超过 {csv.field_size_limit()} 个字符")
    if "NUL" in text:
        return "a NUL character" if en else "含有 NUL 字符"
    return "malformed" if en else "格式有误"


def _broken_why(exc: Exception) -> tuple[str, str]:
    """Why a workbook library refused a file, in words (its exception's class name —
    BadZipFile, KeyError, XLRDError — is Python's, not the user's): the usual cause, or
    nothing beyond "not a valid workbook"."""
    if isinstance(exc, zipfile.BadZipFile):
        return "（不是 zip 压缩包，或已损坏）", " (not a zip archive, or a damaged one)"
    if isinstance(exc, KeyError):
        return "（缺少工作簿的组成部分）", " (a part of the workbook is missing)"
    return "", ""


def csv_text(data: bytes, where: str) -> str:
    """A CSV file's text. Excel and WPS in Chinese save "CSV" in the machine's code page (GBK,
    whose superset GB18030 decodes it) and "Unicode text" as UTF-16 with a BOM: a CSV carries no
    word of its encoding, so after UTF-8 (with or without BOM) these two are tried; anything else
    is JX002 as for any data file."""
    from jixiao.files import decode

    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # UTF-32, rare but named
        try:
            text = data.decode("utf-32")
        except UnicodeDecodeError:
            return decode(data, where)
        return text.replace("\r\n", "\n").replace("\r", "\n")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return decode(data, where)
        return text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return decode(data, where)
    except InputError as refused:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise refused from None
        return text.replace("\r\n", "\n").replace("\r", "\n")


def header_field(text: str) -> str | None:
    """The data field an indicator table's header names (``年初目标值`` → target), or None."""
    key = _key(text)
    if not key or len(key) > 20:
        return None
    field = HEADERS.get(key)
    if field is None:
        key = re.sub(r"（[^（）]*）$", "", key)
        field = HEADERS.get(key) or next((f for p, f in _HEADER_PATTERNS if p.search(key)), None)
    return field


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    for r in range(1, sheet.nrows + 1):
        cols: dict[str, int] = {}
        for c in range(1, sheet.ncols + 1):
            field = header_field(sheet.get(r, c))
            if field and field not in cols:
                cols[field] = c
        if "name" in cols and "target" in cols:
            return r, cols
    return None


def read_table(sheets: list[Sheet], where: str) -> dict[str, Any]:
    """The sheets of a filled 自评表 → a data mapping (the shape of a ``.toml`` data file)."""
    found = next(((s, h) for s in sheets if (h := _find_header(s)) is not None), None)
    if found is None:
        raise InputError([error("JX051", where=where,
                                sheets="、".join(s.name for s in sheets) or "-")])
    sheet, (header, cols) = found
    problems: list[Diagnostic] = []
    out: dict[str, Any] = {}
    subject: dict[str, Any] = {}
    _header_block(sheet, header, subject, out)
    indicators, filed = _indicators(sheet, header, cols, problems)
    if problems:
        raise InputError(problems)
    if subject:
        out = {"subject": subject, **out}
    out["indicators"] = indicators
    if filed:
        out["filed"] = filed
    for r in range(header + 1, sheet.nrows + 1):  # under the table: 说明, who filed it and when
        if _key(sheet.get(r, 1)) == "说明" and sheet.get(r, 2):
            out["texts"] = {"说明": sheet.get(r, 2)}
        _signature(sheet, r, subject)
    if "name" not in subject and subject.get("project"):
        # the title is only the form's name (项目支出绩效自评表): what is scored is the project
        subject["name"] = subject["project"]
    if subject and "subject" not in out:
        out = {"subject": subject, **out}
    detail = next((s for s in sheets if s.name == DETAIL_SHEET), None)
    if detail is not None:
        _details(detail, out)
    filed_sheet = next((s for s in sheets if s.name == FILED_SHEET), None)
    if filed_sheet is not None:
        _apply_filed(filed_sheet, sheet, out)
    return out


def _signature(sheet: Sheet, r: int, subject: dict[str, Any]) -> None:
    """``项目负责人 | 高杰 | 填报时间 | 2026年3月3日``, or ``项目负责人（签章）：高杰`` in one
    cell, above or under the table."""
    cells = [x for x in dict.fromkeys(sheet.row(r)) if x]
    for k, text in enumerate(cells):
        m = _SIGNATURE.match(_key(text))
        if m is None:
            continue
        value = text.split("：", 1)[1].strip() if "：" in text else \
            text.split(":", 1)[1].strip() if ":" in text else ""
        if not value and k + 1 < len(cells) and not _SIGNATURE.match(_key(cells[k + 1])):
            value = cells[k + 1]
        if value:
            subject[_SIGNATURE_FIELDS[m.group(1)]] = value


_SIGNATURE = re.compile(r"^(项目负责人|填报时间|填报日期)(?:（[^）]*）)?(?:：.*)?$")
_SIGNATURE_FIELDS = {"项目负责人": "manager", "填报时间": "date", "填报日期": "date"}


def _apply_filed(filed: Sheet, form: Sheet, out: dict[str, Any]) -> None:
    """The hidden sheet jixiao's own workbook carries (``render.xlsx.filed_rows``): for each
    figure the form shows as computed, what the data filed (or nothing). A row whose form cell
    no longer shows what jixiao wrote is skipped: a figure a person changed is theirs."""
    for r in range(2, filed.nrows + 1):
        path, ref, shown, value = (filed.get(r, c) for c in range(1, 5))
        if not path:
            continue
        if ref:
            m = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
            if m is None or form.get(int(m.group(2)), _column(m.group(1))) != shown:
                continue
        try:
            parsed = json.loads(value, parse_float=Decimal, parse_int=Decimal) if value \
                else None
        except (ValueError, RecursionError):
            continue  # a cell someone broke: the form's own figure stands
        if path == "texts" and isinstance(parsed, dict):  # in the data's order; the form's
            on_form: dict[str, Any] = out.get("texts") or {}  # 说明 cell as the person left it
            parsed = {**{k: on_form.get(k, v) for k, v in parsed.items()}, **on_form}
        _set_path(out, path, parsed)


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _set_path(out: dict[str, Any], path: str, value: Any) -> None:
    """``indicators[3].weight`` = value in the mapping (``None`` removes the key)."""
    parts = re.findall(r"([^.\[\]]+)(?:\[([0-9]+)\])?", path)
    node: Any = out
    for n, (key, index) in enumerate(parts):
        last = n == len(parts) - 1
        if index:
            items = node.get(key)
            if not isinstance(items, list) or int(index) >= len(items):
                return
            if last:
                return
            node = items[int(index)]
            continue
        if last:
            if value is None:
                node.pop(key, None)
            else:
                node[key] = value
            return
        if not isinstance(node.get(key), dict):
            if value is None:
                return
            node[key] = {}
        node = node[key]


def _number(text: str) -> Decimal | None:
    t = text.replace(",", "").strip()
    return Decimal(t) if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", t) else None


# 自评结果：优 in the total row (also 自评等级, 评价等级 …; 优秀 and 良好 are the grades 优, 良)
_GRADE = re.compile(r"(?:自评结果|自评等级|评价等级|评价结果|自评级别|等级)[：:]"
                    r"\s*([^\s，。；,;（(]+)")
_GRADE_WORDS = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}


def _points(text: str) -> Decimal | None:
    """A 分值 or 得分 as printed: ``10``, or ``9.53分`` with its unit (a 95.31分 total was
    skipped in silence, a 10分 weight refused)."""
    return _number(text.strip().removesuffix("分"))


def _header_block(sheet: Sheet, header: int, subject: dict[str, Any],
                  out: dict[str, Any]) -> None:
    """Above the indicator table: title, year, the form's header, funds, management, goals."""
    funds_cols: dict[str, int] = {}
    budget: dict[str, Any] = {}
    management: list[dict[str, str]] = []
    in_management = False
    for r in range(1, header):
        cells = sheet.row(r)
        first = _key(cells[0]) if cells else ""
        joined = "".join(dict.fromkeys(x for x in cells if x))
        if r <= 2 and "绩效自评表" in joined and not subject.get("name") and _title(
                joined, subject):
            continue
        if m := re.fullmatch(r"[（(](\d{4})年度?[）)]", joined):
            subject["year"] = int(m.group(1))
            continue
        if _FUNDS_HEAD.match(first):
            if m := re.search(r"[（(]([^）)]+)[）)]", first):
                subject["unit"] = m.group(1)
            for c, text in enumerate(cells, 1):
                k = _key(text)
                if k.startswith("全年预算数"):
                    funds_cols.setdefault("total", c)
                elif k.startswith("全年执行数"):
                    funds_cols.setdefault("executed", c)
                elif k.startswith("年初预算数"):
                    funds_cols.setdefault("planned", c)
                elif k.startswith(("预算执行率", "执行率")):
                    funds_cols.setdefault("rate", c)
                elif k == "分值":
                    funds_cols.setdefault("weight", c)
                elif k == "得分":
                    funds_cols.setdefault("score", c)
        label_col = 2 if len(cells) > 1 else 1
        label = _key(cells[label_col - 1]).rstrip("：") if len(cells) >= label_col else ""
        if label in _FUNDS and funds_cols:
            line: dict[str, Any] = {}
            for field in ("total", "executed", "planned"):
                if field in funds_cols and (d := _number(sheet.get(r, funds_cols[field]))) \
                        is not None:
                    line[field] = d
            if "rate" in funds_cols and sheet.get(r, funds_cols["rate"]):
                line["rate"] = sheet.get(r, funds_cols["rate"])
            if line:
                planned = line.pop("planned", None)
                if _FUNDS[label] == "total":
                    budget.update(line)
                    if planned is not None:
                        budget["planned"] = planned
                    if "score" in funds_cols and (d := _points(
                            sheet.get(r, funds_cols["score"]))) is not None:
                        budget["score"] = d
                else:
                    budget[_FUNDS[label]] = line
            continue
        if first in _HEAD_LABELS:
            subject[_HEAD_LABELS[first]] = cells[1] if len(cells) > 1 else ""
            for c in range(3, len(cells) + 1):
                k = _key(cells[c - 1])
                if k in _HEAD_LABELS and c < len(cells):
                    subject[_HEAD_LABELS[k]] = cells[c]
            continue
        if first == "资金管理情况":
            if in_management and label:
                management.append({"item": cells[1], "note": cells[2] if len(cells) > 2 else "",
                                   "problems": _last_distinct(cells, 3)})
            in_management = True
            continue
        in_management = False
        if first in _GOAL_HEADS and _GOAL_LABELS.isdisjoint(_key(x) for x in cells[1:]):
            goal = cells[1] if len(cells) > 1 else ""
            achieved = _last_distinct(cells, 2)
            goals = {k: v for k, v in (("overall", goal), ("achieved", achieved)) if v}
            if goals:
                out["goals"] = goals
    if management:
        out["management"] = management
    if budget:
        out["budget"] = budget


# The funds block's label (merged down its rows): 资金情况（万元） on the regional form,
# 项目资金（万元） on the national 项目支出 form, 预算资金 / 部门预算资金 on 部门整体 forms.
_FUNDS_HEAD = re.compile(r"^(?:资金情况|项目资金|预算资金|部门预算|年度预算|资金投入)")
# The goals block: its label, and the words of its header row (not the goals themselves).
_GOAL_HEADS = frozenset({"总体目标完成情况", "年度总体目标", "年度总体目标完成情况", "总体目标",
                         "年度目标"})
_GOAL_LABELS = frozenset({"总体目标", "预期目标", "年度目标", "实际完成情况", "全年实际完成情况",
                          "年度总体目标"})
# A title's name part that is only the form's own name (中央对地方转移支付区域绩效自评表,
# 四川省省级项目支出绩效自评表): it names no project, so it is not the subject's name.
_FORM_NAME = re.compile(r"(?:.{1,8}?(?:省|自治区|市|州|县|区|旗))?(?:省级|市级|县级|区级)?"
                        r"(?:中央对地方)?(?:转移支付)?(?:区域)?(?:财政)?"
                        r"(?:项目支出|部门整体支出|专项资金|项目|部门整体)?")


def _title(text: str, subject: dict[str, Any]) -> bool:
    """The title row: ``某县2025年…资金绩效自评表``, ``四川省省级项目支出绩效自评表（2024年度）``,
    ``2024年度项目支出绩效自评表``. Its year when it gives one; its name unless the title is
    only the form's name. False when the row is not a title."""
    m = re.fullmatch(r"(?:(?P<y1>\d{4})年度?)?(?P<name>.*?)绩效自评表"
                     r"(?:[（(](?P<y2>\d{4})年度?[）)])?", text.strip())
    if m is None:
        return False
    year = m.group("y1") or m.group("y2")
    if year:
        subject.setdefault("year", int(year))
    name = m.group("name").strip()
    if name and not _FORM_NAME.fullmatch(name):
        subject["name"] = name
    return True


def _last_distinct(cells: list[str], start: int) -> str:
    """The text of the last merged run of cells from ``start`` (0-based) on."""
    seen = [x for x in cells[start:] if x]
    first = cells[start - 1] if start > 0 else ""
    return seen[-1] if seen and seen[-1] != first else ""


def _indicators(sheet: Sheet, header: int, cols: dict[str, int],
                problems: list[Diagnostic]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    indicators: list[dict[str, Any]] = []
    filed: dict[str, Any] = {}
    last = {"section": "", "category": ""}
    for r in range(header + 1, sheet.nrows + 1):
        cells = {f: sheet.get(r, c) for f, c in cols.items()}
        row_text = [x for x in sheet.row(r) if x]
        if any(_key(x) in ("总分", "合计", "总计") for x in row_text):
            # a 合计 whose 分值 is not 100 adds up the indicator rows alone (the budget's 得分
            # is above, in the funds block): it is not the form's total
            whole = "weight" not in cols or (wt := _points(sheet.get(r, cols["weight"]))) is None \
                or wt == 100
            if whole and "score" in cols and (d := _points(sheet.get(r, cols["score"]))) \
                    is not None:
                filed["total"] = d
            for x in row_text:
                if m := _GRADE.search(x):
                    filed["grade"] = _GRADE_WORDS.get(m.group(1), m.group(1))
            break
        if not row_text:
            continue
        name = cells.get("name", "")
        if not name or name == cells.get("category") == cells.get("section"):
            if _key(sheet.get(r, 1)) in ("说明",):
                break
            continue
        ind: dict[str, Any] = {}
        for field in ("section", "category"):
            if cells.get(field):
                last[field] = cells[field]
            if last[field]:
                ind[field] = last[field]
        unit = cells.get("unit", "")
        if "unit" not in cols and (m := _UNIT_IN_NAME.match(name)):
            name, unit = m.group("name"), m.group("unit")
        # a 其中… row keeps its words: the data reader puts it under the row above, as it does
        # for a data file's own 其中 rows
        ind["name"] = name
        if unit:
            ind["unit"] = unit
        target = cells.get("target", "")
        if not target:
            problems.append(error("JX050", where=sheet.ref(r, cols["target"]),
                                  column="指标值", value="（空）", name=name))
            continue
        ind["target"] = _with_operator(target, cells.get("op", ""), cells.get("direction", ""))
        actual_col = cols.get("actual")
        if actual_col and cells.get("actual") and (r, actual_col) not in sheet.derived:
            ind["actual"] = cells["actual"]
        if "weight" in cols:
            w = cells.get("weight", "")
            if w and w not in ("—", "/", "-"):
                d = _points(w)
                if d is None:
                    problems.append(error("JX050", where=sheet.ref(r, cols["weight"]),
                                          column="分值", value=w, name=name))
                else:
                    ind["weight"] = d
        if "score" in cols:
            s = cells.get("score", "").rstrip("*")
            if s and s not in ("—", "/", "-"):
                d = _points(s)
                if d is None:
                    problems.append(error("JX050", where=sheet.ref(r, cols["score"]),
                                          column="得分", value=s, name=name))
                else:
                    ind["score"] = d
        reason = cells.get("reason", "")
        if reason == "不适用" or reason.startswith("不适用；"):
            reason = reason.removeprefix("不适用").lstrip("；")
        reason = re.sub(r"评价人调整得分，按公式计算为[0-9.]+分；?", "", reason)
        if reason:
            ind["reason"] = reason
        indicators.append(ind)
    return indicators, filed


def _with_operator(target: str, op: str, direction: str) -> str:
    """The 指标值 with the operator its own column gives: 指标性质 ``≥`` before ``120``, or
    指标方向 ``反向`` (lower is better) before a bare ``2000`` — read as ``≤2000``, never as a
    bare number that scores as higher-is-better. A target that writes its own operator keeps
    it; 定性 adds nothing."""
    op = _DIRECTION_OPS.get(_key(op), op.strip())
    direction = _DIRECTION_OPS.get(_key(direction), "")
    written = op or direction
    if not written or target.startswith(written) or not re.match(r"[-0-9０-９.]", target):
        return target
    return written + target


def _details(sheet: Sheet, out: dict[str, Any]) -> None:
    """The 资金明细 sheet jixiao writes: batches (批次) and sub-projects (子项目)."""
    mode = ""
    batches: list[dict[str, Any]] = []
    projects: list[dict[str, Any]] = []
    for r in range(1, sheet.nrows + 1):
        cells = sheet.row(r) + [""] * 6
        head = _key(cells[0])
        if head in ("批次", "子项目"):
            mode = head
            continue
        if not cells[0]:
            continue
        nums = [_number(x) if x else None for x in cells[1:5]]
        if mode == "批次":
            b: dict[str, Any] = {"name": cells[0]}
            for key, (t, e) in (("central", nums[0:2]), ("local", nums[2:4])):
                if t is not None:
                    b[key] = {"total": t, "executed": e if e is not None else Decimal(0)}
            batches.append(b)
        elif mode == "子项目":
            p: dict[str, Any] = {"name": cells[0]}
            p["budget"] = {"central": nums[0] or Decimal(0), "local": nums[2] or Decimal(0)}
            p["executed"] = {"central": nums[1] or Decimal(0), "local": nums[3] or Decimal(0)}
            if cells[5]:
                p["status"] = _STATUS.get(cells[5], cells[5])
            projects.append(p)
    if batches and "budget" in out:
        out["budget"]["batches"] = batches
    if projects:
        out["projects"] = projects


def read_file(path: Path, scheme: str | None = None, *,
              limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """A ``.xlsx``, ``.xls`` or ``.csv`` 自评表 → a data mapping (the shape of a ``.toml`` data
    file). ``jixiao import``, ``datafile.load_data`` and ``jixiao batch`` read tables here."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        sheets = [csv_sheet(csv_text(_read_bytes(path), str(path)), path.name, limits)]
    elif suffix in (".xlsx", ".xlsm", ".xls"):
        data = _read_bytes(path)
        sheets = xls_sheets(data, str(path), limits) if suffix == ".xls" \
            else xlsx_sheets(data, str(path), limits)
    else:
        shown = suffix or path.name
        raise InputError([error("JX053", where=str(path), detail=f"不支持的扩展名 {shown}",
                                detail_en=f"unsupported extension {shown}")])
    mapping = read_table(sheets, str(path))
    if scheme:
        mapping = {"scheme": scheme, **{k: v for k, v in mapping.items() if k != "scheme"}}
    return mapping


def _read_bytes(path: Path) -> bytes:
    """A workbook's bytes, under the data-file size limit (JX001 when missing, JX006 too big)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError([error("JX001", where=str(path), path=path)]) from None
    except OSError as exc:
        zh, en = os_reason(exc)
        raise InputError([error("JX053", where=str(path), detail=f"无法打开文件（{zh}）",
                                detail_en=en)]) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError([error("JX001", where=str(path), path=path)])
    limit = DEFAULT_LIMITS.file_bytes
    if info.st_size > limit:
        raise InputError([error("JX006", where=str(path), size=info.st_size, limit=limit)])
    try:
        return path.read_bytes()
    except OSError as exc:
        zh, en = os_reason(exc)
        raise InputError([error("JX053", where=str(path), detail=f"无法打开文件（{zh}）",
                                detail_en=en)]) from None


# -- writing the mapping as TOML -------------------------------------------------------------

def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return f"{v:f}"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_k(k)} = {_scalar(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):  # of scalars ([report] basis); arrays of tables are _table's
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)


def _k(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _table(path: str, m: dict[str, Any], array: bool = False) -> Iterator[str]:
    yield f"[[{path}]]" if array else f"[{path}]"
    subs = []
    for k, v in m.items():
        if isinstance(v, list) and v and isinstance(v[0], dict):
            subs.append((k, v))
        else:
            yield f"{_k(k)} = {_scalar(v)}"
    yield ""
    for k, items in subs:
        for item in items:
            yield from _table(f"{path}.{k}", item, array=True)


def to_toml(m: dict[str, Any]) -> str:
    """The mapping as a data file (tables in the order the form has them)."""
    lines = ["# 由 jixiao import 从自评表读出 / read from a filled 自评表 by jixiao import", ""]
    for k, v in m.items():
        if not isinstance(v, (dict, list)):
            lines.append(f"{_k(k)} = {_scalar(v)}")
    lines.append("")
    for k, v in m.items():
        if isinstance(v, dict):
            lines.extend(_table(k, v))
        elif isinstance(v, list):
            for item in v:
                lines.extend(_table(k, item, array=True))
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["TABLE_SUFFIXES", "cell_text", "column_letter", "csv_sheet", "read_file", "read_table",
           "to_toml", "xls_sheets", "xlsx_sheets"]
