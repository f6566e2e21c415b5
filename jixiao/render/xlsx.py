"""The 自评表 as an Excel workbook (.xlsx), in the official layout.

Stage: renderer; needs openpyxl (extra ``xlsx``), imported here only. The first sheet is the
grid of ``render.document.official_table`` — the same one the HTML shows — with merged cells,
thin borders, wrapped text, column widths sized for Chinese and row heights from the text, and
every figure stored as a number with a format that shows it as the text does (0.5375 with
``0.00%`` shows 53.75%). A second sheet, 资金明细, lists the batches and sub-projects so that
``jixiao import`` can read back everything the data held.
"""

from __future__ import annotations

import io
import math
from typing import Any

from jixiao.engine.diagnostics import InputError, error
from jixiao.engine.result import Result
from jixiao.render.common import dec, width, xlsx_set
from jixiao.render.document import COLUMNS, WIDTHS, official_table

FORM_SHEET = "自评表"
DETAIL_SHEET = "资金明细"
DERIVED_NOTE = "由评分方案计算 / derived by the scheme"  # marks an actual jixiao computed
_STATUS = {"not_started": "未开工", "started": "已开工", "completed": "已完工"}


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise InputError([error("JX073", where="--format xlsx", format="xlsx",
                                package="openpyxl", extra="xlsx")]) from None
    return openpyxl


def _height(text: str, cols: int) -> int:
    """Lines ``text`` wraps to in a cell ``cols`` characters wide (two per Chinese one)."""
    if not text:
        return 1
    return sum(max(1, math.ceil(width(line) / max(cols - 1, 1))) for line in text.split("\n"))


def to_xlsx(r: Result, lang: str = "zh") -> bytes:
    """The workbook's bytes."""
    openpyxl = _openpyxl()
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    grid = official_table(r)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor="F1F1F1")
    body = Font(name="宋体", size=10)
    bold = Font(name="宋体", size=10, bold=True)
    for i, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w + 1
    lines = [1] * grid.nrows
    derived_rows = {grid.first_indicator_row + k for k, ind in enumerate(r.indicators)
                    if ind.derived and not ind.actual_text}
    for c in grid.cells:
        row, col = c.row + 1, c.col + 1
        cell = ws.cell(row=row, column=col)
        if c.number is not None:
            cell.value = c.number
            cell.number_format = c.fmt
        else:
            xlsx_set(cell, c.text or None)
        centred = c.style in ("title", "subtitle", "head", "label", "fig")
        cell.alignment = Alignment(
            horizontal="center" if centred else "right" if "num" in c.style else "left",
            vertical="center", wrap_text=True)
        cell.font = bold if c.style in ("head", "label", "total", "num total") else body
        if c.style == "title":
            cell.font = Font(name="宋体", size=16, bold=True)
        if c.style in ("head", "label"):
            cell.fill = grey
        if c.col == 5 and c.row in derived_rows and c.number is not None:
            cell.comment = Comment(DERIVED_NOTE, "jixiao")
        if c.rows > 1 or c.cols > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + c.rows - 1,
                           end_column=col + c.cols - 1)
        if c.style not in ("title", "subtitle"):
            for rr in range(row, row + c.rows):
                for cc in range(col, col + c.cols):
                    ws.cell(row=rr, column=cc).border = border
            span = sum(WIDTHS[c.col:c.col + c.cols])
            need = _height(c.text, span)
            per_row = math.ceil(need / c.rows)
            for rr in range(c.row, c.row + c.rows):
                lines[rr] = max(lines[rr], per_row)
    for i, n in enumerate(lines, 1):
        ws.row_dimensions[i].height = 15 * n + 4
    ws.row_dimensions[1].height = 28
    ws.print_options.horizontalCentered = True
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{grid.header_row + 1}:{grid.header_row + 1}"
    _details(wb.create_sheet(DETAIL_SHEET), r, border, bold, body, grey)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _details(ws: Any, r: Result, border: Any, bold: Any, body: Any, grey: Any) -> None:
    """批次 and 子项目: what the official form has no room for."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    u = r.money_unit
    rows: list[list[Any]] = [["批次", f"中央资金（{u}）", f"中央资金执行数（{u}）",
                              f"地方资金（{u}）", f"地方资金执行数（{u}）", ""]]
    heads = [0]
    for name, _total, central, local in r.budget.batches:
        rows.append([name, *(_pair(central)), *(_pair(local)), ""])
    rows.append([])
    heads.append(len(rows))
    rows.append(["子项目", f"中央资金（{u}）", f"中央资金执行数（{u}）", f"地方资金（{u}）",
                 f"地方资金执行数（{u}）", "状态"])
    for p in r.projects:
        rows.append([p.name, p.central.total, p.central.executed, p.local.total,
                     p.local.executed, _STATUS.get(p.status, p.status)])
    for i, values in enumerate(rows, 1):
        for j, v in enumerate(values, 1):
            cell = ws.cell(row=i, column=j, value=v if v != "" else None)
            cell.border = border
            cell.font = bold if i - 1 in heads else body
            if i - 1 in heads:
                cell.fill = grey
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if not isinstance(v, str) and v is not None:
                cell.number_format = _places(v)
    for j, w in enumerate((40, 14, 16, 14, 16, 8), 1):
        ws.column_dimensions[get_column_letter(j)].width = w


def _pair(f: Any) -> list[Any]:
    return [f.total, f.executed] if f is not None else [None, None]


def _places(d: Any) -> str:
    text = dec(d)
    return "0." + "0" * len(text.split(".")[1]) if "." in text else "0"


__all__ = ["COLUMNS", "DERIVED_NOTE", "DETAIL_SHEET", "FORM_SHEET", "to_xlsx"]
