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
import json
import math
import re
from decimal import Decimal
from typing import Any

from jixiao.engine.diagnostics import InputError, error
from jixiao.engine.result import Result
from jixiao.render.common import dec, percent, width, xlsx_set
from jixiao.render.document import COLUMNS, WIDTHS, Grid, official_table, row_title

_UNIT_IN_NAME = re.compile(r"^(?P<name>.+?)[（(](?P<unit>[^（）()]{1,8})[）)]$")  # as import reads

FORM_SHEET = "自评表"
DETAIL_SHEET = "资金明细"
FILED_SHEET = "jixiao填报数据"  # hidden: what was filed where the form shows a computed figure
FILED_HEAD = ("字段", "单元格", "表上显示", "填报值（JSON）")
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
    # the indicator table starts a page: split after the header block, never through the
    # merged 一级/二级 cells of its first rows (LibreOffice cut 数量指标 in two)
    from openpyxl.worksheet.pagebreak import Break
    ws.row_breaks.append(Break(id=grid.header_row))
    _details(wb.create_sheet(DETAIL_SHEET), r, border, bold, body, grey)
    _filed_sheet(wb.create_sheet(FILED_SHEET), r, grid)
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
            cell = ws.cell(row=i, column=j)
            xlsx_set(cell, v if v != "" else None)
            cell.border = border
            cell.font = bold if i - 1 in heads else body
            if i - 1 in heads:
                cell.fill = grey
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if not isinstance(v, str) and v is not None:
                cell.number_format = _places(v)
    widths = (50, 14, 16, 14, 16, 8)
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    for i, values in enumerate(rows, 1):  # wrapped names need their lines' height
        lines = max((_height(v, widths[j]) for j, v in enumerate(values) if isinstance(v, str)),
                    default=1)
        ws.row_dimensions[i].height = 15 * lines + 4
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def filed_rows(r: Result, grid: Grid) -> list[tuple[str, str, str, str]]:
    """What the form cannot give back as filed: (data path, form cell, the text jixiao wrote
    there, the filed value as JSON or "" for none). A form cell holds a computed figure (a
    weight from the scheme, a score, a rate) where the data filed another or none; a path
    without a cell is a field the form has no place for (the [filed] section scores, an
    assessor's level). ``jixiao import`` uses a row while its cell still shows what jixiao
    wrote: a figure a person changed in Excel is theirs, and read from the form."""
    data = r.data
    if data is None:
        return []
    out: list[tuple[str, str, str, str]] = []

    def add(path: str, ref: str, shown: str, value: object) -> None:
        out.append((path, ref, shown, "" if value is None else _json(value)))

    if data.scheme:
        add("scheme", "", "", data.scheme)
    by_name: dict[str, list[Any]] = {}
    for d in data.indicators:
        by_name.setdefault(d.name, []).append(d)
    for i, ind in enumerate(r.indicators):
        queue = by_name.get(ind.name) or []
        if not queue:
            continue
        d = queue.pop(0)
        row = grid.first_indicator_row + i + 1
        at = f"indicators[{i}]"
        if d.section != ind.section:
            add(f"{at}.section", f"B{row}", ind.section, d.section)
        if d.parent is not None or (_UNIT_IN_NAME.match(d.name) and not d.unit):
            title = row_title(ind)
            add(f"{at}.name", f"D{row}", title, d.name)
            add(f"{at}.unit", f"D{row}", title, d.unit or None)
            add(f"{at}.parent", f"D{row}", title, d.parent)
        weight = dec(ind.weight) if ind.scored else "—"
        if d.weight is None or not ind.scored or d.weight != ind.weight:
            add(f"{at}.weight", f"G{row}", weight, d.weight)
        score = dec(ind.score) + ("*" if ind.adjusted else "") if ind.scored else "—"
        if d.filed_score is None or not ind.scored or d.filed_score != ind.score:
            add(f"{at}.score", f"H{row}", score, d.filed_score)
        for field, value in (("level", d.level), ("ratio", d.ratio), ("kind", d.kind),
                             ("note", d.note or None)):
            if value is not None:
                add(f"{at}.{field}", "", "", value)
    b, db = r.budget, data.budget
    rows = {c.text: c.row + 1 for c in grid.cells if c.col == 1}
    budget_section = next((s for s in r.sections if not any(
        i.section == s.name for i in r.indicators)), None)
    lines = (("budget", "年度资金总额：", b.total, db.total),
             ("budget.central", "其中：中央财政资金", b.central, db.central),
             ("budget.local", "地方资金", b.local, db.local),
             ("budget.other", "其他资金", b.other, db.other))
    for path, label, shown, filed in lines:
        if shown is None or filed is None or label not in rows:
            continue
        text = percent(shown.rate) if shown.rate is not None else "—"
        if filed.filed_rate is None or filed.filed_rate != shown.rate:
            add(f"{path}.rate", f"E{rows[label]}", text,
                None if filed.filed_rate is None else percent(filed.filed_rate))
    if budget_section is not None and "年度资金总额：" in rows and \
            db.filed_score != budget_section.score:
        add("budget.score", f"H{rows['年度资金总额：']}", dec(budget_section.score),
            db.filed_score)
    if db.planned is not None:
        add("budget.planned", "", "", db.planned)
    if db.arrived is not None:
        add("budget.arrived", "", "", db.arrived)
    for k, batch in enumerate(db.batches):
        if batch.note:  # 说明 of a batch: the 资金明细 sheet has no column for it
            add(f"budget.batches[{k}].note", "", "", batch.note)
        for source, f in (("central", batch.central), ("local", batch.local)):
            if f.filed_rate is not None:
                add(f"budget.batches[{k}].{source}.rate", "", "", percent(f.filed_rate))
    total_row = next((c.row + 1 for c in grid.cells if c.col == 0 and c.text == "总分"), 0)
    if total_row:
        if data.filed.total != r.total:
            add("filed.total", f"H{total_row}", dec(r.total), data.filed.total)
        if data.filed.grade != r.grade:
            add("filed.grade", f"I{total_row}", f"自评结果：{r.grade}", data.filed.grade)
    for k, p in enumerate(data.projects):
        if p.unit:  # 承担单位: the 资金明细 sheet has no column for it
            add(f"projects[{k}].unit", "", "", p.unit)
    if data.filed.sections:
        add("filed.sections", "", "", dict(data.filed.sections))
    if data.filed.summary:
        add("filed.summary", "", "", data.filed.summary)
    form = data.form
    if any(k != "说明" for k, _ in form.texts):  # the form shows 说明 only; the order is the data's
        add("texts", "", "", dict(form.texts))
    wording = {k: v for k, v in (("issuer", form.issuer), ("self_name", form.self_name),
                                 ("fund", form.fund), ("basis", list(form.basis))) if v}
    if wording:  # [report]: the written report's wording, no place on the form
        add("report", "", "", wording)
    return out


def _json(value: object) -> str:
    """JSON with decimals written exactly (read back with ``parse_float=Decimal``)."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {_json(v)}"
                               for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def _filed_sheet(ws: Any, r: Result, grid: Grid) -> None:
    """The hidden sheet of ``filed_rows``: the form stays the form a person reads and edits."""
    ws.sheet_state = "hidden"
    for i, row in enumerate((FILED_HEAD, *filed_rows(r, grid)), 1):
        for j, v in enumerate(row, 1):
            xlsx_set(ws.cell(row=i, column=j), v)
    for j, w in enumerate((28, 8, 16, 40), 1):
        ws.column_dimensions["ABCD"[j - 1]].width = w


def _pair(f: Any) -> list[Any]:
    return [f.total, f.executed] if f is not None else [None, None]


def _places(d: Any) -> str:
    text = dec(d)
    return "0." + "0" * len(text.split(".")[1]) if "." in text else "0"


__all__ = ["COLUMNS", "DERIVED_NOTE", "DETAIL_SHEET", "FILED_SHEET", "FORM_SHEET", "filed_rows",
           "to_xlsx"]
