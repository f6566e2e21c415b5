"""The 自评表 and the written report as one self-contained HTML file, ready to print on A4.

Stage: renderer. No network: styles are inline, the pictures are inline SVG drawn here (bars need
no plotting library). The 自评表 is drawn from ``render.document.official_table`` — the same grid
the xlsx renderer writes — so merged cells match. Bar lengths are drawing geometry only; every
figure printed is one of the ``Result``'s.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from jixiao.engine.result import Result
from jixiao.render.common import dec, percent, visible, width
from jixiao.render.document import (
    WIDTHS,
    Block,
    Chart,
    Grid,
    Heading,
    Paragraph,
    Table,
    official_table,
    title,
    written_sections,
)

_CSS = """
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif;
       font-size: 10.5pt; line-height: 1.6; color: #111; margin: 0 auto; max-width: 190mm;
       padding: 8mm 0; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 6mm; }
h2 { font-size: 14pt; margin: 6mm 0 2mm; }
h3 { font-size: 12pt; margin: 4mm 0 1mm; }
h4, h5 { font-size: 10.5pt; margin: 3mm 0 1mm; }
h2, h3, h4, h5 { break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2mm; text-indent: 2em; text-align: justify; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
td, th { border: 0.6pt solid #333; padding: 1mm 1.2mm; vertical-align: middle;
         word-break: break-all; overflow-wrap: anywhere; }
/* a heading cell breaks where its words do (全年预算数 / （A）), inside a word only when a
   word is wider than its column */
th { word-break: keep-all; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
table.form { font-size: 8.5pt; line-height: 1.35; table-layout: fixed; min-width: 172mm; }
table.form .title { border: none; font-size: 14pt; font-weight: bold; text-align: center;
                    padding-bottom: 0; }
table.form .subtitle { border: none; text-align: center; padding-top: 0; }
table.form .label, table.form .head { text-align: center; font-weight: bold; background: #f1f1f1; }
table.form .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.form .fig { text-align: center; }
table.form .total { font-weight: bold; background: #f7f7f7; }
table.data { font-size: 9pt; min-width: 172mm; }
table.data th { background: #f1f1f1; }
table.data th.short { white-space: nowrap; }
table.data th { min-width: 4.5em; }  /* 地方资金执行率 on two lines, not four */
table.data td.num { text-align: right; white-space: nowrap; }
.result { text-align: center; font-size: 13pt; margin: 3mm 0 5mm; }
.result b { font-size: 16pt; }
figure { margin: 2mm 0 5mm; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 9pt; text-align: center; color: #444; }
svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
.form-page { break-after: page; page-break-after: always; }
/* On a screen the body is an A4 page wide (190mm of text) when there is room; a narrower
   window scrolls the two wide tables sideways instead of squeezing their columns to one
   character per line. In print the tables take the page's 186mm, as before. */
@media screen {
  body { padding: 10mm; max-width: 210mm; }
  .wide { overflow-x: auto; }
}
@media screen and (max-width: 120mm) { body { padding: 4mm; } }
"""


# The 自评表's column widths in the HTML: the xlsx's ``WIDTHS`` with 指标值 and 分值 one wider and
# 三级指标 two narrower (seen in Chromium: at the table's narrowest, 172mm, 指标值 broke 基本消除
# after three characters, and 分值 held its two characters on two lines).
HTML_WIDTHS = (*WIDTHS[:3], WIDTHS[3] - 2, WIDTHS[4] + 1, WIDTHS[5], WIDTHS[6] + 1, *WIDTHS[7:])


def _grid_html(g: Grid) -> str:
    """The grid as an HTML table: merged cells become rowspan/colspan."""
    total = sum(HTML_WIDTHS)
    cols = "".join(f'<col style="width:{w * 100 / total:.2f}%">' for w in HTML_WIDTHS)
    by_row: dict[int, list[str]] = {}
    for c in g.cells:
        span = (f' rowspan="{c.rows}"' if c.rows > 1 else "") + (
            f' colspan="{c.cols}"' if c.cols > 1 else "")
        tag = "th" if c.style in ("head", "label", "title") else "td"
        cls = f' class="{c.style}"' if c.style != "text" else ""
        by_row.setdefault(c.row, []).append(f"<{tag}{cls}{span}>{escape(c.text)}</{tag}>")
    rows = "\n".join(f"<tr>{''.join(by_row.get(i, []))}</tr>" for i in range(g.nrows))
    return (f'<div class="wide"><table class="form"><colgroup>{cols}</colgroup>\n{rows}\n'
            "</table></div>")


def _bar_chart(rows: list[tuple[str, Decimal, Decimal, str]], caption: str) -> str:
    """Horizontal bars: each row is (label, value, full, text); the grey track is ``full``.
    Lengths are in proportion to the largest ``full``."""
    label_w = max((width(label) for label, *_ in rows), default=4) * 7 + 12
    track_w, bar_h, gap, text_w = 360, 16, 8, 110
    scale = max((full for _, _, full, _ in rows), default=Decimal(1)) or Decimal(1)
    h = len(rows) * (bar_h + gap) + gap
    w = label_w + track_w + text_w
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
             f'height="{h}" role="img" aria-label="{escape(caption)}" '
             'font-family="Noto Sans CJK SC, Noto Serif CJK SC, sans-serif" font-size="12">']
    for i, (label, value, full, text) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        full_w = float(min(full / scale, Decimal(1))) * track_w
        val_w = float(min(max(value, Decimal(0)) / scale, full / scale, Decimal(1))) * track_w
        colour = "#2e7d32" if value >= full else "#e08a00"
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end">'
                     f'{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{full_w:.1f}" height="{bar_h}" '
                     'fill="#e4e4e4"/>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{val_w:.1f}" height="{bar_h}" '
                     f'fill="{colour}"/>')
        parts.append(f'<text x="{label_w + full_w + 6:.1f}" y="{y + bar_h - 4}">'
                     f'{escape(text)}</text>')
    parts.append("</svg>")
    return (f'<figure>{"".join(parts)}<figcaption>{escape(caption)}</figcaption></figure>')


def sections_svg(r: Result) -> str:
    """Per 一级指标: the score against the weight."""
    return _bar_chart([(s.name, s.score, s.weight, f"{dec(s.score)} / {dec(s.weight)}")
                       for s in r.sections], "各一级指标得分与分值")


def indicators_svg(r: Result) -> str:
    """Per indicator: its completion (完成率), the track being 100%."""
    one = Decimal(1)
    return _bar_chart([(_short(i.name), i.completion, one, percent(i.completion))
                       for i in r.indicators], "各三级指标完成率")


def _short(name: str, cols: int = 28) -> str:
    from jixiao.render.common import clip

    return clip(name, cols)


def _blocks_html(blocks: list[Block], r: Result) -> str:
    out = []
    for b in blocks:
        if isinstance(b, Heading):
            level = min(b.level + 1, 5)
            out.append(f"<h{level}>{escape(b.text)}</h{level}>")
        elif isinstance(b, Paragraph):
            out.append(f"<p>{escape(b.text)}</p>")
        elif isinstance(b, Table):
            # a short heading (序号, 项目名称) on one line: beside long names the table would
            # otherwise squeeze its column to one character per line
            head = "".join(f'<th class="short">{escape(h)}</th>' if len(h) <= 4 else
                           f"<th>{escape(h)}</th>" for h in b.header)
            body = "".join(
                "<tr>" + "".join(
                    f'<td class="num">{escape(c)}</td>' if i in b.numeric else
                    f"<td>{escape(c)}</td>" for i, c in enumerate(row)) + "</tr>"
                for row in b.rows)
            out.append(f'<div class="wide"><table class="data"><thead><tr>{head}</tr></thead>'
                       f"<tbody>{body}</tbody></table></div>")
        elif isinstance(b, Chart):
            out.append(sections_svg(r) if b.what == "sections" else indicators_svg(r))
    return "\n".join(out)


def to_html(r: Result, lang: str = "zh") -> str:
    """The whole report: the 自评表 on its own page(s), then the scored sections. A control
    or bidi character from the data is written out visibly (``render.common.visible``)."""
    doc = title(r)
    return visible("\n".join([
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(doc)}</h1>",
        '<section class="form-page">',
        _grid_html(official_table(r)),
        f'<p class="result">总分 <b id="total">{escape(dec(r.total))}</b> / '
        f'{escape(dec(r.full_score))}　自评结果 <b id="grade">{escape(r.grade)}</b></p>',
        "</section>",
        '<section class="report">',
        _blocks_html(written_sections(r), r),
        "</section>",
        "</body>",
        "</html>",
        "",
    ]))


__all__ = ["indicators_svg", "sections_svg", "to_html"]
