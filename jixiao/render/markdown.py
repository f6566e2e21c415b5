"""The 自评表 and the written report's scored sections as Markdown (GitHub tables).

Stage: renderer. Markdown has no merged cells: a 一级 or 二级 指标 equal to the row above is left
blank, as a reader of the printed form sees it. Figures come from the ``Result`` through
``render.document``, which fixes how every number is written.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.engine.result import Result
from jixiao.render.common import dec, percent, visible
from jixiao.render.document import (
    Block,
    Chart,
    Heading,
    Paragraph,
    Table,
    actual_shown,
    form_title,
    row_note,
    row_title,
    title,
    written_sections,
)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>") or " "


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    out = ["| " + " | ".join(_cell(h) for h in header) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def form_markdown(r: Result) -> list[str]:
    """The 自评表 (official layout, unmerged)."""
    f, b, u = r.form, r.budget, r.money_unit
    out = [f"## {form_title(r)}", ""]
    if r.year is not None:
        out += [f"（{r.year}年度）", ""]
    out += _table(["项目", "内容"], [
        ["转移支付（项目）名称", f.project], ["中央主管部门", f.central_department],
        ["地方主管部门", f.department], ["资金使用单位", f.implementer]], set())
    out.append("")
    budget_section = next((s for s in r.sections if not any(
        i.section == s.name for i in r.indicators)), None)
    rows = []
    for i, (label, line) in enumerate((("年度资金总额", b.total), ("其中：中央财政资金", b.central),
                                       ("地方资金", b.local), ("其他资金", b.other))):
        score = ([dec(budget_section.weight), dec(budget_section.score)]
                 if i == 0 and budget_section is not None else ["", ""])
        rows.append([label, *([dec(line.total), dec(line.executed), percent(line.rate)]
                              if line is not None else ["", "", ""]), *score])
    out += _table([f"资金情况（{u}）", "全年预算数（A）", "全年执行数（B）", "预算执行率（B/A）",
                   "分值", "得分"], rows, {1, 2, 3, 4, 5})
    out.append("")
    if f.management:
        out += _table(["资金管理情况", "情况说明", "存在问题和改进措施"],
                      [[m.item, m.note, m.problems] for m in f.management], set())
        out.append("")
    if f.goal or f.achieved:
        out += _table(["总体目标", "全年实际完成情况"], [[f.goal, f.achieved]], set())
        out.append("")
    irows = []
    above = ("", "")
    for ind in r.indicators:
        here = (ind.section, ind.category)
        irows.append([ind.section if here[0] != above[0] else "",
                      ind.category if here != above else "",
                      row_title(ind), ind.target_text, actual_shown(ind),
                      dec(ind.weight) if ind.scored else "—",
                      (dec(ind.score) + ("*" if ind.adjusted else "")) if ind.scored else "—",
                      row_note(ind)])
        above = here
    irows.append(["总分", "", "", "", "", dec(r.full_score), dec(r.total),
                  f"自评结果：{r.grade}"])
    out += _table(["一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "分值", "得分",
                   "偏差原因和改进措施"], irows, {5, 6})
    out.append("")
    note = dict(f.texts).get("说明")
    if note:
        out += [f"说明：{note}", ""]
    return out


def blocks_markdown(blocks: Sequence[Block], r: Result) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out += ["#" * min(block.level + 1, 6) + " " + block.text, ""]
        elif isinstance(block, Paragraph):
            out += [block.text, ""]
        elif isinstance(block, Table):
            out += _table(block.header, block.rows, set(block.numeric))
            out.append("")
        elif isinstance(block, Chart):
            out += _chart(block, r)
    return out


def _chart(block: Chart, r: Result) -> list[str]:
    """Markdown has no pictures of its own: a small table carries the same figures."""
    if block.what == "sections":
        return [*_table(["一级指标", "分值", "得分"], [
            [s.name, dec(s.weight), dec(s.score)] for s in r.sections], {1, 2}), ""]
    return []


def to_markdown(r: Result, lang: str = "zh") -> str:
    """The 自评表 and the written report's scored sections (二 to 四) as one Markdown file."""
    out = [f"# {title(r)}", ""]
    out += form_markdown(r)
    out += blocks_markdown(written_sections(r), r)
    # the one way out: a control or bidi character from the data written out visibly
    return visible("\n".join(out).rstrip()) + "\n"
