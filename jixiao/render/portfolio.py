"""Renderers of the portfolio view (``jixiao summary``): text, HTML with inline SVG, xlsx.

Stage: output. Every format is built from the same tables (``tables``), so the three say the
same thing; they format what ``jixiao.portfolio`` gathered and compute nothing but shares.
HTML is one self-contained file (no script, no network); xlsx needs the optional ``openpyxl``.
"""

from __future__ import annotations

import html
import io
from decimal import Decimal
from typing import Any

import attrs

from jixiao.portfolio import DIMENSIONS, Portfolio
from jixiao.render.common import dec, pad, width, xlsx_set

Cell = str | int | Decimal | None


@attrs.frozen
class Table:
    key: str  # a short name: the xlsx sheet, the HTML anchor
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""


_DIM = {"region": ("按地区", "by region"), "department": ("按部门", "by department"),
        "fund": ("按资金", "by fund")}


def _share(n: int, of: int) -> str:
    return f"{100 * n / of:.1f}%" if of else "—"


def tables(p: Portfolio, lang: str = "zh") -> list[Table]:
    zh = lang == "zh"
    grades = p.grades_in_order()
    out = [Table(
        "overview", "概况" if zh else "Overview",
        ("项目", "数值") if zh else ("item", "value"),
        (("记录" if zh else "records", p.records),
         ("已评分" if zh else "scored", p.scored),
         ("无法评分" if zh else "not scored", p.failed),
         ("平均分" if zh else "mean total", p.mean),
         ("最高分" if zh else "highest", f"{dec(p.highest[0])}  {p.highest[1]}"
          if p.highest else None),
         ("最低分" if zh else "lowest", f"{dec(p.lowest[0])}  {p.lowest[1]}"
          if p.lowest else None),
         *((f"{'评级' if zh else 'grade'} {g}", f"{p.grades[g]}  ({_share(p.grades[g], p.scored)})")
           for g in grades)))]
    for dim in DIMENSIONS:
        groups = p.groups[dim]
        if not groups:
            continue
        rows = tuple((name, g.records, g.mean, *(g.grades.get(gr, 0) for gr in grades))
                     for name, g in sorted(groups.items(), key=lambda kv: (-kv[1].records, kv[0])))
        zh_t, en_t = _DIM[dim]
        out.append(Table(dim, f"评级{zh_t}" if zh else f"Grades {en_t}",
                         (("分组" if zh else "group"), ("记录" if zh else "records"),
                          ("平均分" if zh else "mean"), *grades), rows))
    missed = p.most_missed()
    out.append(Table(
        "missed", "最常未达成的指标" if zh else "Indicators most often missed",
        ("一级指标", "指标", "填报", "未达成", "比例", "失分合计") if zh else
        ("section", "indicator", "rows", "missed", "share", "points lost"),
        tuple((m.section, m.name, m.rows, m.missed, _share(m.missed, m.rows), m.lost)
              for m in missed),
        "未达成：完成率低于 100%。" if zh else "missed: completion below 100%."))
    out.append(Table(
        "adjustments", "最大的评价人调整" if zh else "Largest assessor adjustments",
        ("记录", "编号", "指标", "计算得分", "填报得分", "差") if zh else
        ("record", "id", "indicator", "computed", "filed", "difference"),
        tuple((a.source, a.ident, a.what, a.computed, a.score, a.size)
              for a in p.largest_adjustments()),
        (f"共 {p.adjusted} 处调整。" if zh else f"{p.adjusted} adjustments in all.")))
    out.append(Table(
        "findings", "有审核发现的记录" if zh else "Records with findings",
        ("记录", "编号", "项目", "代码") if zh else ("record", "id", "subject", "codes"),
        tuple((f.source, f.ident, f.subject, " ".join(f.codes)) for f in p.findings),
        (f"共 {p.with_findings} 条记录；" if zh else f"{p.with_findings} records; ")
        + "  ".join(f"{c} ×{n}" for c, n in sorted(p.finding_codes.items()))))
    out.append(Table(
        "errors", "无法评分的记录" if zh else "Records not scored",
        ("记录", "编号", "代码") if zh else ("record", "id", "codes"),
        tuple((f.source, f.ident, " ".join(f.codes)) for f in p.errors),
        (f"共 {p.failed} 条；" if zh else f"{p.failed} records; ")
        + "  ".join(f"{c} ×{n}" for c, n in sorted(p.error_codes.items()))))
    return out


def _cell(c: Cell) -> str:
    if c is None:
        return "—"
    if isinstance(c, Decimal):
        return dec(c)
    return str(c)


def _visible(s: str) -> str:
    """Text from data made safe for a terminal: control characters shown, not obeyed."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in s)


# ---------------------------------------------------------------------------------- text


def to_text(p: Portfolio, lang: str = "zh") -> str:
    out: list[str] = []
    for t in tables(p, lang):
        out.append(f"{t.title}")
        rows = [t.header, *((tuple(_visible(_cell(c)) for c in r)) for r in t.rows)]
        if not t.rows:
            out.append("  " + ("（无）" if lang == "zh" else "(none)"))
        else:
            widths = [min(max(width(r[i]) for r in rows), 60) for i in range(len(t.header))]
            numeric = [all(isinstance(r[i], int | Decimal | None) for r in t.rows)
                       for i in range(len(t.header))]
            for n, r in enumerate(rows):
                out.append("  " + "  ".join(
                    pad(c, w, right=num) for c, w, num in zip(r, widths, numeric, strict=True)
                ).rstrip())
                if n == 0:
                    out.append("  " + "  ".join("─" * w for w in widths))
        if t.note:
            out.append("  " + _visible(t.note))
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------- HTML

_COLOURS = ("#2e7d32", "#1565c0", "#f9a825", "#c62828", "#6a1b9a", "#00838f", "#5d4037")


def _bars(items: list[tuple[str, list[tuple[int, str]]]], legend: list[tuple[str, str]],
          title: str) -> str:
    """Horizontal stacked bars as inline SVG: one bar per item, segments (count, colour)."""
    label_w, bar_w, row_h = 180, 420, 22
    top = 28 + (20 if legend else 0)
    h = top + row_h * len(items) + 8
    most = max((sum(n for n, _ in segs) for _, segs in items), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 60}" '
             f'height="{h}" role="img" aria-label="{html.escape(title)}" '
             'font-family="sans-serif" font-size="12">',
             f'<text x="0" y="16" font-weight="bold">{html.escape(title)}</text>']
    x = 0
    for name, colour in legend:
        parts.append(f'<rect x="{x}" y="26" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="35">{html.escape(name)}</text>')
        x += 24 + 8 * len(name) + 12
    for i, (label, segs) in enumerate(items):
        y = top + i * row_h
        shown = label if len(label) <= 14 else label[:13] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">'
                     f'<title>{html.escape(label)}</title>{html.escape(shown)}</text>')
        x0 = float(label_w)
        for n, colour in segs:
            w = bar_w * n / most
            if w > 0:
                parts.append(f'<rect x="{x0:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}"'
                             f' fill="{colour}"><title>{n}</title></rect>')
            x0 += w
        parts.append(f'<text x="{x0 + 4:.1f}" y="{y + 15}">{sum(n for n, _ in segs)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def to_html(p: Portfolio, lang: str = "zh") -> str:
    zh = lang == "zh"
    grades = p.grades_in_order()
    colour = {g: _COLOURS[i % len(_COLOURS)] for i, g in enumerate(grades)}
    legend = [(g, colour[g]) for g in grades]
    pictures = [_bars([(g, [(p.grades[g], colour[g])]) for g in grades], [],
                      "评级分布" if zh else "Grades")]
    for dim in DIMENSIONS:
        groups = sorted(p.groups[dim].items(), key=lambda kv: (-kv[1].records, kv[0]))[:30]
        if len(groups) > 1:
            zh_t, en_t = _DIM[dim]
            pictures.append(_bars([(name, [(g.grades.get(gr, 0), colour[gr]) for gr in grades])
                                   for name, g in groups], legend,
                                  f"评级{zh_t}" if zh else f"Grades {en_t}"))
    missed = p.most_missed()
    if missed:
        pictures.append(_bars([(m.name, [(m.missed, "#c62828"), (m.rows - m.missed, "#bdbdbd")])
                               for m in missed],
                              [("未达成" if zh else "missed", "#c62828"),
                               ("达成" if zh else "met", "#bdbdbd")],
                              "最常未达成的指标" if zh else "Indicators most often missed"))
    body = []
    for t in tables(p, lang):
        body.append(f'<h2 id="{t.key}">{html.escape(t.title)}</h2>')
        if t.rows:
            head = "".join(f"<th>{html.escape(h)}</th>" for h in t.header)
            rows = "".join(
                "<tr>" + "".join(
                    f'<td class="{"n" if isinstance(c, int | Decimal) else "t"}">'
                    f"{html.escape(_cell(c))}</td>" for c in r) + "</tr>" for r in t.rows)
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        else:
            body.append(f"<p>{'（无）' if zh else '(none)'}</p>")
        if t.note:
            body.append(f'<p class="note">{html.escape(t.note)}</p>')
    title = "绩效自评汇总" if zh else "Self-evaluation portfolio"
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>"
            "body{font-family:sans-serif;margin:2em;max-width:60em}"
            "table{border-collapse:collapse;margin:.5em 0}"
            "th,td{border:1px solid #999;padding:.2em .6em}td.n{text-align:right}"
            "th{background:#eee}.note{color:#555;font-size:90%}"
            "figure{margin:1em 0}"
            "</style></head><body>"
            f"<h1>{title}</h1>"
            + "".join(f"<figure>{svg}</figure>" for svg in pictures)
            + "".join(body) + "</body></html>\n")


# ---------------------------------------------------------------------------------- xlsx



def _append(ws: Any, values: Any) -> None:
    """A row appended with each text stored as text (``xlsx_set``: no formula, no control
    character openpyxl refuses)."""
    values = list(values)
    ws.append([None] * len(values))
    row = ws.max_row
    for col, value in enumerate(values, 1):
        xlsx_set(ws.cell(row=row, column=col), value)

def to_xlsx(p: Portfolio, lang: str = "zh") -> bytes:
    """One sheet per table, numbers stored as numbers. Needs ``openpyxl`` (the ``xlsx`` extra);
    raises ``InputError`` JX073 without it."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError:
        from jixiao.engine.diagnostics import InputError, error

        raise InputError([error("JX073", where="--format xlsx", format="xlsx",
                                package="openpyxl", extra="xlsx")]) from None
    wb = Workbook()
    for sheet in list(wb.worksheets):  # the empty default sheet (typed: wb.active may be None)
        wb.remove(sheet)
    for t in tables(p, lang):
        ws = wb.create_sheet(t.title[:31])
        _append(ws, t.header)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in t.rows:
            _append(ws, r)  # Decimal cells are stored as numbers
        if t.note:
            ws.append([])
            _append(ws, [t.note])
        for i, h in enumerate(t.header):
            cells = [h, *(_cell(r[i]) for r in t.rows)]
            ws.column_dimensions[get_column_letter(i + 1)].width = min(
                max(width(c) for c in cells) + 2, 60)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = ["Table", "tables", "to_html", "to_text", "to_xlsx"]
