"""The written report as a Word document (.docx): the scored sections 二 to 四 and, as its
appendix, the 自评表 as a Word table with merged 一级/二级 cells.

Stage: renderer; needs python-docx (extra ``docx``), imported here only. It draws the blocks of
``render.document.written_sections`` and the grid of ``render.document.official_table`` — the
same structures the Markdown, HTML and xlsx documents draw — so it recomputes nothing. The charts
are written as small tables (python-docx embeds only PNG/JPEG pictures, and jixiao draws no
raster images), carrying the same figures as the HTML's SVG bars.
"""

from __future__ import annotations

import io
import re
from typing import Any

from jixiao.engine.diagnostics import InputError, error
from jixiao.engine.result import Result
from jixiao.render.common import dec, percent
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
    """``text`` as Word can store it: kept as text (python-docx escapes ``<`` and ``&``), with
    characters XML forbids replaced."""
    return _NOT_XML.sub("\ufffd", text)


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
    p = cell.paragraphs[0]
    run = p.add_run(clean(text))
    run.bold = bold or None
    if align is not None:
        p.alignment = align


def _table(doc: Any, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
           numeric: frozenset[int]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    t = doc.add_table(rows=1 + len(rows), cols=len(header))
    t.style = "Table Grid"
    for j, h in enumerate(header):
        _write_cell(t.cell(0, j), h, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for i, row in enumerate(rows, 1):
        for j, text in enumerate(row):
            _write_cell(t.cell(i, j), text,
                        align=WD_ALIGN_PARAGRAPH.RIGHT if j in numeric else None)


def _chart(doc: Any, block: Chart, r: Result) -> None:
    """The figures of the HTML's bars, as a table (see the module's docstring)."""
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
    from docx.shared import Pt

    t = doc.add_table(rows=g.nrows, cols=COLUMNS)
    t.style = "Table Grid"
    t.autofit = False
    for j, w in enumerate(WIDTHS):  # character cells; a Chinese character takes two
        for cell in t.columns[j].cells:
            cell.width = Pt(w * 3.6)
    for c in g.cells:
        cell = t.cell(c.row, c.col)
        if c.rows > 1 or c.cols > 1:
            cell = cell.merge(t.cell(c.row + c.rows - 1, c.col + c.cols - 1))
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
    from docx.shared import Mm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4
    for m in ("left_margin", "right_margin"):
        setattr(section, m, Mm(20))
    normal = doc.styles["Normal"]
    _east_asian(normal)
    normal.font.size = Pt(12)
    for level in range(1, 5):
        _east_asian(doc.styles[f"Heading {level}"], "黑体")
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
