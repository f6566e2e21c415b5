"""The written report as a Word document (.docx): the scored sections 二 to 四 and, as its
appendix, the 自评表 as a Word table with merged 一级/二级 cells.

Stage: renderer; needs python-docx (extra ``docx``), imported here only. It draws the blocks of
``render.document.written_sections`` and the grid of ``render.document.official_table`` — the
same structures the Markdown, HTML and xlsx documents draw — so it recomputes nothing. The charts
are PNG pictures drawn by ``render.bars`` (Pillow; python-docx embeds only raster pictures), with
alt text carrying every figure; without a CJK font the bars are numbered and a table beside them
names them; without Pillow the figures are written as small tables, as before.
"""

from __future__ import annotations

import io
import re
from typing import Any

from jixiao.engine.diagnostics import InputError, error
from jixiao.engine.result import Result
from jixiao.render.common import dec, percent, visible
from jixiao.render.document import (
    COLUMNS,
    WIDTHS,
    Block,
    Chart,
    Grid,
    Heading,
    Paragraph,
    Table,
    form_title,
    official_table,
    title,
    written_sections,
)

FONT = "宋体"
# Characters XML 1.0 cannot hold (lxml refuses them): a control character filed in the data
# becomes U+FFFD instead of crashing the writer.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise InputError([error("JX073", where="--format docx", format="docx",
                                package="python-docx", extra="docx")]) from None
    return docx


def clean(text: str) -> str:
    """``text`` as Word can store it: kept as text (python-docx escapes ``<`` and ``&``), a
    control or bidi character from the data written out (``render.common.visible``), and any
    character XML forbids replaced."""
    return _NOT_XML.sub("\ufffd", visible(text))


def _east_asian(style: Any, name: str = FONT) -> None:
    """Chinese text needs the eastAsia font set apart from the Latin one."""
    from docx.oxml.ns import qn

    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _write_cell(cell: Any, text: str, *, bold: bool = False, align: Any = None) -> None:
    from docx.shared import Pt

    p = cell.paragraphs[0]
    run = p.add_run(clean(text))
    run.bold = bold or None
    run.font.size = Pt(10.5)  # 五号, as tables in official reports
    if align is not None:
        p.alignment = align


def _cells(t: Any) -> list[Any]:
    """Every cell of a fresh table, row by row, fetched once: python-docx's ``table.cell(r, c)``
    walks the whole table at each call (the 自评表 took seconds). Cells do not overlap in the
    grids drawn here, so a cell fetched before a merge stays the one its place holds."""
    return list(t._cells)


def _widths(t: Any, widths_mm: list[float]) -> None:
    """Column widths Word and LibreOffice both keep: the table grid and every cell (LibreOffice
    reads the grid, Word the cells); without them columns are equal and a number wraps."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    t.autofit = False
    grid = t._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    n = len(widths_mm)
    for k, cell in enumerate(_cells(t)):
        cell.width = Mm(widths_mm[k % n])


CELL_MM = 2.6  # one character cell at the tables' 10.5 pt (五号), wide Latin fonts included
PAD_MM = 4.2  # a cell's left and right margins (Word 1.9 mm each, LibreOffice alike)


def _fit(texts: list[list[str]], usable_mm: float, numeric: frozenset[int]) -> list[float]:
    """Widths by content, so that a figure (1437.99, 59.75%) never breaks across lines: a
    figure column as wide as its widest figure (its header wraps), the text columns sharing
    what is left by their longest line."""
    from jixiao.render.common import width

    def need(j: int, col: list[str]) -> float:
        body = max((width(line) for t in col[1:] for line in t.split("\n")), default=0)
        head = max((width(w) for w in col[0].split("\n")), default=0)
        cells = max(body, min(head, 4 if j in numeric else 8), 4)
        return cells * CELL_MM + PAD_MM

    needs = [need(j, col) for j, col in enumerate(texts)]
    short = 12 * CELL_MM + PAD_MM  # a short text (序号, 合计) keeps its width too
    keep = {j for j, n in enumerate(needs) if j in numeric or n <= short}
    fixed = sum(needs[j] for j in keep)
    free = [n for j, n in enumerate(needs) if j not in keep]
    room = usable_mm - fixed
    if sum(needs) <= usable_mm or not free or room <= 0:
        return [usable_mm * n / sum(needs) for n in needs]
    return [n if j in keep else room * n / sum(free) for j, n in enumerate(needs)]


def _usable(doc: Any) -> float:
    s = doc.sections[-1]
    return float(s.page_width - s.left_margin - s.right_margin) / 36000  # EMU → mm


def _table(doc: Any, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
           numeric: frozenset[int]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    t = doc.add_table(rows=1 + len(rows), cols=len(header))
    t.style = "Table Grid"
    columns = [[h, *(row[j] for row in rows)] for j, h in enumerate(header)]
    _widths(t, _fit(columns, _usable(doc), numeric))
    cells, n = _cells(t), len(header)
    for j, h in enumerate(header):
        _write_cell(cells[j], h, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for i, row in enumerate(rows, 1):
        for j, text in enumerate(row):
            _write_cell(cells[i * n + j], text,
                        align=WD_ALIGN_PARAGRAPH.RIGHT if j in numeric else None)


def _picture(doc: Any, block: Chart, r: Result) -> bool:
    """The chart as a PNG with alt text (and a legend table when the names are not in it);
    False when Pillow is missing."""
    try:
        from PIL import Image  # noqa: F401  # the extra's drawing library

        from jixiao.render.bars import cjk_font, indicators_picture, sections_picture
    except ImportError:
        return False
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    font = cjk_font()
    pic = sections_picture(r, font) if block.what == "sections" else indicators_picture(r, font)
    caption = "各一级指标得分与分值" if block.what == "sections" else "各三级指标完成率"
    doc.add_paragraph(clean(caption))
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shape = p.add_run().add_picture(io.BytesIO(pic.png), width=Mm(pic.width_mm))
    shape._inline.docPr.set("descr", clean(pic.alt))  # alt text: what a reader cannot see
    shape._inline.docPr.set("title", clean(caption))
    if pic.legend:
        _table(doc, ("序号", "一级指标" if block.what == "sections" else "三级指标",
                     "得分/分值" if block.what == "sections" else "完成率"),
               pic.legend, frozenset({2}))
    return True


def _chart(doc: Any, block: Chart, r: Result) -> None:
    """The HTML's bars: a picture (see the module's docstring), else the figures as a table."""
    if _picture(doc, block, r):
        return
    if block.what == "sections":
        doc.add_paragraph(clean("各一级指标得分与分值"))
        _table(doc, ("一级指标", "分值", "得分"),
               tuple((s.name, dec(s.weight), dec(s.score)) for s in r.sections),
               frozenset({1, 2}))
    else:
        doc.add_paragraph(clean("各三级指标完成率"))
        _table(doc, ("三级指标", "完成率"),
               tuple((i.name, percent(i.completion)) for i in r.indicators if i.scored),
               frozenset({1}))


def _blocks(doc: Any, blocks: list[Block], r: Result) -> None:
    for b in blocks:
        if isinstance(b, Heading):
            doc.add_heading(clean(b.text), level=min(b.level, 9))
        elif isinstance(b, Paragraph):
            doc.add_paragraph(clean(b.text))
        elif isinstance(b, Table):
            _table(doc, b.header, b.rows, b.numeric)
        elif isinstance(b, Chart):
            _chart(doc, b, r)


def _grid(doc: Any, g: Grid) -> None:
    """The 自评表: every cell of the grid, merged as the official form merges it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    t = doc.add_table(rows=g.nrows, cols=COLUMNS)
    t.style = "Table Grid"
    usable = _usable(doc)  # WIDTHS in character cells (a Chinese character takes two)
    _widths(t, [usable * w / sum(WIDTHS) for w in WIDTHS])
    cells = _cells(t)
    for c in g.cells:
        cell = cells[c.row * COLUMNS + c.col]
        if c.rows > 1 or c.cols > 1:
            cell = cell.merge(cells[(c.row + c.rows - 1) * COLUMNS + c.col + c.cols - 1])
        bold = c.style in ("title", "head", "label", "total", "num total")
        if c.style in ("title", "subtitle", "head"):
            align = WD_ALIGN_PARAGRAPH.CENTER
        elif "num" in c.style:
            align = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            align = None
        _write_cell(cell, c.text, bold=bold, align=align)
        if c.style == "head":
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:fill"), "F1F1F1")
            cell._tc.get_or_add_tcPr().append(shading)


def to_docx(r: Result, lang: str = "zh") -> bytes:
    """The document's bytes: title, sections 二 to 四, then the 自评表 as the appendix."""
    docx = _docx()
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4
    for m in ("left_margin", "right_margin"):
        setattr(section, m, Mm(20))
    normal = doc.styles["Normal"]
    _east_asian(normal)
    normal.font.size = Pt(12)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        style = doc.styles[name]  # black 黑体 as official reports print, not Word's blue
        _east_asian(style, "黑体")
        style.font.color.rgb = RGBColor(0, 0, 0)
    doc.core_properties.title = clean(title(r))
    heading = doc.add_heading(clean(title(r)), level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _blocks(doc, written_sections(r), r)
    # the appendix on a landscape page: the 自评表 has nine columns
    appendix = doc.add_section()
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Mm(297), Mm(210)
    doc.add_heading(clean(f"附件：{form_title(r)}"), level=1)
    _grid(doc, official_table(r))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


__all__ = ["to_docx"]
