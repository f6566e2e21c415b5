"""The filed documents, as data: the 自评表 grid and the written report's scored sections.

Stage: renderer, shared. Built from a ``Result`` alone — every figure is one the evaluator
produced, only formatted here — and then drawn by the Markdown, HTML, xlsx and docx renderers,
so the four documents cannot disagree.

How numbers are written, decided once for every document:
- money, scores and weights in their shortest exact form as scored (``3266.1``, ``5.38``,
  ``30``), never padded to two places; money followed by its unit without a space (``3266.1万元``);
- rates as percentages, shortest exact form (``53.75%``, ``100%``, ``0%``), ``—`` when a line has
  no budget;
- targets and actuals exactly as filed (``11.30`` keeps its zero), followed by the indicator's
  unit when the text ends in a digit (``≥248万立方米``);
- Chinese punctuation in prose (，。；：“”), no spaces between Chinese text and numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

import attrs

from jixiao.engine.data import Form
from jixiao.engine.result import FundsResult, IndicatorResult, Result
from jixiao.render.common import dec, percent

# -- numbers and words ------------------------------------------------------------------------

_NEUTRAL = Form()  # no [report] wording: sentences that read for any filer


def money(d: Decimal, unit: str) -> str:
    """``3266.1`` and ``万元`` → ``3266.1万元``."""
    return dec(d) + unit


def with_unit(text: str, unit: str) -> str:
    """A target or actual as filed, with the indicator's unit when the text has none."""
    return text + unit if unit and text[-1:].isdigit() else text


def is_percent_target(ind: IndicatorResult) -> bool:
    return ind.target_text.rstrip().endswith("%") or ind.unit in ("%", "百分比")


def actual_shown(ind: IndicatorResult) -> str:
    """The actual as a reader should see it: as filed, or the derived value the scheme used."""
    if ind.actual_text and not (ind.derived and ind.actual_value is not None):
        return ind.actual_text
    if ind.actual_value is None:
        return ind.actual_text or ind.level or ""
    shown = percent(ind.actual_value) if is_percent_target(ind) else dec(ind.actual_value)
    return ind.actual_text if ind.actual_text and _same(ind.actual_text, shown) else shown


def _same(filed: str, shown: str) -> bool:
    return filed.replace(" ", "") == shown


def indicator_title(ind: IndicatorResult) -> str:
    """``氰渣堆整治量（万立方米）``: the 三级指标 as the official table writes it."""
    return f"{ind.name}（{ind.unit}）" if ind.unit else ind.name


def is_text(ind: IndicatorResult) -> bool:
    """A qualitative row (定性): its target is a text such as 基本消除."""
    return ind.level is not None


def met(ind: IndicatorResult) -> bool:
    return not ind.scored or ind.deviation <= 0


def row_title(ind: IndicatorResult) -> str:
    """The 三级指标 cell: a sub-row (其中…) says so."""
    t = indicator_title(ind)
    return t if ind.parent is None or t.startswith("其中") else f"其中：{t}"


def row_note(ind: IndicatorResult) -> str:
    """The 偏差原因 cell: the reason, and what the table must say about the row's score."""
    parts = []
    if not ind.applicable:
        parts.append("不适用")
    if ind.adjusted:
        parts.append(f"评价人调整得分，按公式计算为{dec(ind.computed_score)}分")
    if ind.reason:
        parts.append(ind.reason)
    return "；".join(parts)


def indicator_sentence(ind: IndicatorResult, form: Form = _NEUTRAL) -> str:
    """One line of 绩效指标完成情况分析, without the reason, in the seed's words:
    ``财政部随文下达氰渣堆整治量（万立方米）指标，指标值为≥248万立方米，我区实际完成289.35万立方米，
    完成率100%，偏差率0%`` (财政部 the data's ``report.issuer``, 我区 its ``report.self_name``;
    without them ``氰渣堆整治量（万立方米）指标，…，实际完成…``)."""
    actual = actual_shown(ind)
    did = f"实际完成值{actual}" if is_text(ind) else f"实际完成{with_unit(actual, ind.unit)}"
    issued = f"{form.issuer}随文下达" if form.issuer else ""
    said = sentence_end(ind.note) if ind.note else ""  # the seed's narrative before the actual
    return (f"{issued}{indicator_title(ind)}指标，指标值为{with_unit(ind.target_text, ind.unit)}，"
            f"{said}{form.self_name}{did}，完成率{percent(ind.completion)}，"
            f"偏差率{percent(ind.deviation)}")


def not_set(category: str, form: Form = _NEUTRAL) -> str:
    """A category the targets do not have: ``财政部下达的绩效目标未设定成本指标。`` (the seed's
    words, with the data's ``report.issuer``), else ``绩效目标未设定成本指标。``."""
    return f"{form.issuer}下达的绩效目标未设定{category}。" if form.issuer else \
        f"绩效目标未设定{category}。"


def cited_basis(r: Result) -> str:
    """The 依据 of the score paragraph: the data's ``report.basis`` in its order, else the
    scheme's ``basis`` (several documents, written ``A；B``, joined by 、)."""
    docs = r.form.basis or tuple(d.strip() for d in re.split("[；;]", r.scheme_basis)
                                 if d.strip())
    return "、".join(docs)


def sentence_end(text: str) -> str:
    """``text`` ending in a full stop (a reason often ends in one already)."""
    text = text.rstrip()
    return text if text.endswith(("。", "！", "？", ".", "；")) else text + "。"


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def letter(i: int) -> str:
    return _LETTERS[i] if i < len(_LETTERS) else str(i + 1)


_CN_NUMBERS = "一二三四五六七八九十"


def cn(i: int) -> str:
    """1 → 一 … 10 → 十 (section numbering of the written report)."""
    return _CN_NUMBERS[i - 1] if 1 <= i <= len(_CN_NUMBERS) else str(i)


def groups(indicators: Sequence[IndicatorResult], key: str) -> list[tuple[str, list[
        IndicatorResult]]]:
    """Consecutive runs of ``indicators`` with the same ``section`` (or section and category)."""
    out: list[tuple[str, list[IndicatorResult]]] = []
    for ind in indicators:
        k = ind.section if key == "section" else f"{ind.section}\x00{ind.category}"
        if out and out[-1][0] == k:
            out[-1][1].append(ind)
        else:
            out.append((k, [ind]))
    return [(k.split("\x00")[-1], rows) for k, rows in out]


# -- the written report ----------------------------------------------------------------------


@attrs.frozen
class Heading:
    text: str
    level: int  # 1: 二、…  2: （一）…  3: 1. …  4: （1）…


@attrs.frozen
class Paragraph:
    text: str


@attrs.frozen
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()  # columns aligned right


@attrs.frozen
class Chart:
    """A place for a picture: ``sections`` (score against weight) or ``indicators`` (completion)."""

    what: str


Block = Heading | Paragraph | Table | Chart


def title(r: Result) -> str:
    year = f"{r.year}年度" if r.year is not None else ""
    return f"{r.subject}{year}绩效自评报告" if r.subject else f"{year}绩效自评报告"


def form_title(r: Result) -> str:
    return f"{r.subject}绩效自评表" if r.subject else "绩效自评表"


def _year(r: Result) -> str:
    return f"{r.year}年度" if r.year is not None else "本年度"


def _funds_clause(label: str, f: FundsResult, unit: str) -> str:
    return (f"{label}{money(f.total, unit)}，全年执行{money(f.executed, unit)}，"
            f"执行率{percent(f.rate)}")


def batch_funds(name: str, fund: str) -> str:
    """A batch's budget as the seed names it: a batch named by how it was released (提前下达)
    → ``提前下达土壤污染防治资金预算资金``; one named as a noun (第二批) →
    ``下达土壤污染防治资金预算（第二批）预算资金``; without the fund's name ``提前下达预算资金``
    / ``第二批预算资金``."""
    if not fund:
        return f"{name}预算资金"
    return f"{name}{fund}预算资金" if "下达" in name else f"下达{fund}预算（{name}）预算资金"


def budget_blocks(r: Result) -> Iterator[Block]:
    """二（一）资金投入情况分析: what was budgeted, executed, and the rates by source, batch and
    sub-project."""
    b, u, form = r.budget, r.money_unit, r.form
    yield Heading("（一）资金投入情况分析", 2)
    yield Heading("1. 项目资金到位情况分析", 3)
    parts = []
    if b.central is not None:
        parts.append(f"中央资金{money(b.central.total, u)}")
    if b.local is not None:
        parts.append(f"地方资金{money(b.local.total, u)}")
    if b.other is not None:
        parts.append(f"其他资金{money(b.other.total, u)}")
    of = f"其中，{'，'.join(parts)}。" if parts else ""
    arrived = (f"，实际到位{money(b.arrived.executed, u)}，到位率{percent(b.arrived.rate)}"
               if b.arrived is not None else "")
    # 2025年度下达我区土壤污染防治资金共计资金为3266.1万元 (the seed's words, 我区 and the fund
    # from [report]); 2025年度下达资金共计3266.1万元 without them
    funds = f"{form.fund}共计资金为" if form.fund else "资金共计"
    yield Paragraph(f"{_year(r)}下达{form.self_name}{funds}{money(b.total.total, u)}{arrived}。"
                    f"{of}")
    yield Heading("2. 项目资金执行情况分析", 3)
    end = f"截止到{r.year}年12月31日，" if r.year is not None else ""
    lines = []
    # the seed's labels: 中央补助资金预算 …；地方资金预算数 …
    for label, f in (("中央补助资金预算", b.central), ("地方资金预算数", b.local),
                     ("其他资金预算数", b.other)):
        if f is not None:
            lines.append(_funds_clause(label, f, u))
    of = f"其中：{'；'.join(lines)}。" if lines else ""
    used = f"用于{form.fund.removesuffix('资金')}项目资金" if form.fund else "资金"
    yield Paragraph(f"{end}{_year(r)}{used}总计{money(b.total.total, u)}，实际已执行"
                    f"{money(b.total.executed, u)}，资金执行率{percent(b.total.rate)}。{of}")
    filed = r.data.budget.batches if r.data is not None else ()
    for k, (name, total, central, local) in enumerate(b.batches):
        clauses = []
        for label, f in (("中央资金", central), ("地方资金", local)):
            if f is not None and f.total:
                clauses.append(f"{label}{money(f.total, u)}，执行数{money(f.executed, u)}，"
                               f"执行率{percent(f.rate)}")
        detail = f"，其中，{'；'.join(clauses)}" if clauses else ""
        # the batch's 说明 as filed (the seed: …主体工程已完工并完成验收…故资金未执行完毕。)
        note = filed[k].note if k < len(filed) and filed[k].name == name else ""
        yield Paragraph(f"{batch_funds(name, form.fund)}{money(total.total, u)}{detail}。"
                        f"{sentence_end(note) if note else ''}")
    if r.projects:
        yield Paragraph("资金执行情况具体如下：")
        units = any(p.unit for p in r.projects)  # the seed's 承担单位 column, when filed
        rows = [(str(i), *((p.unit,) if units else ()), p.name, dec(p.central.total),
                 dec(p.central.executed), percent(p.central.rate), dec(p.local.total),
                 dec(p.local.executed), percent(p.local.rate))
                for i, p in enumerate(r.projects, 1)]
        c, lo = b.central, b.local
        rows.append(("合计", *(("",) if units else ()), "",
                     dec(c.total) if c else "", dec(c.executed) if c else "",
                     percent(c.rate) if c else "", dec(lo.total) if lo else "",
                     dec(lo.executed) if lo else "", percent(lo.rate) if lo else ""))
        at = 3 if units else 2  # the first figure's column
        yield Table(("序号", *(("承担单位",) if units else ()), "项目名称",
                     f"中央资金（{u}）", f"中央资金执行金额（{u}）", "中央资金执行率",
                     f"地方资金（{u}）", f"地方资金执行金额（{u}）", "地方资金执行率"),
                    tuple(rows), frozenset(range(at, at + 6)))


def _variant(a: str, b: str) -> bool:
    """Two names of one 二级指标 (满意度指标 / 服务对象满意度指标, 可持续影响指标 /
    可持续影响效益指标): one, without 指标, lies within the other."""
    x, y = a.removesuffix("指标"), b.removesuffix("指标")
    return bool(x and y) and (x in y or y in x)


def category_runs(r: Result, section: str, rows: Sequence[IndicatorResult]
                  ) -> list[tuple[str, list[IndicatorResult] | None]]:
    """A section's 二级指标 in the order the scheme lists them, each with its rows, or None for
    one the data has none of (the report says 未设定, as the seed does for 成本指标); a name
    that is a variant of one present or already listed is left out; categories the scheme does
    not list follow in the data's order."""
    present: dict[str, list[IndicatorResult]] = {}
    for ind in rows:
        present.setdefault(ind.category, []).append(ind)
    declared = next((s.categories for s in r.sections if s.name == section), ())
    out: list[tuple[str, list[IndicatorResult] | None]] = []
    for cat in declared:
        if cat in present:
            out.append((cat, present.pop(cat)))
        elif not any(_variant(cat, other) for other in [*present, *(c for c, _ in out)]):
            out.append((cat, None))
    out += present.items()
    return out


def management_item(item: str) -> str:
    """A 资金管理情况 row as the report names it: the form's 分配科学性 is the seed's 资金分配科学性
    (the rows 分配, 下达, 拨付, 使用, 执行 are the funds'); 预算绩效管理情况 stays."""
    return f"资金{item}" if item.endswith("性") and "资金" not in item else item


def section_title(r: Result, name: str) -> str:
    """A section as the score paragraph names it. A section the scheme gives one 二级指标
    (under variant names: 服务对象满意度指标 / 满意度指标) is named by the one its rows use
    when that is a longer name of it — 满意度指标 → 服务对象满意度指标, as the seed writes —
    else by its own name (效益指标 stays, though 生态效益指标 is its only row's)."""
    declared = next((s.categories for s in r.sections if s.name == name), ())
    if not declared or not all(_variant(c, declared[0]) for c in declared):
        return name
    cats = {i.category for i in r.indicators if i.section == name and i.category}
    if len(cats) == 1:
        (cat,) = cats
        if len(cat) > len(name) and _variant(cat, name):
            return cat
    return name


def indicator_blocks(r: Result) -> Iterator[Block]:
    """二（四）绩效指标完成情况分析: one line per indicator, grouped by section and category,
    with the scheme's other categories written 未设定."""
    yield Heading("（四）绩效指标完成情况分析", 2)
    form = r.form
    for n, (section, rows) in enumerate(groups(r.indicators, "section"), 1):
        yield Heading(f"{n}. {section}完成情况分析", 3)
        runs = category_runs(r, section, rows)
        # a section whose one 二级指标 is a name of itself (满意度指标 / 服务对象满意度指标) has
        # its lines straight under the section, as the seed writes 3. 满意度指标完成情况分析
        alone = len(runs) == 1 and _variant(runs[0][0], section)
        for m, (category, found) in enumerate(runs, 1):
            if category and not alone:
                yield Heading(f"（{m}）{category}", 4)
            if found is None:
                yield Paragraph(not_set(category, form))
                continue
            for k, ind in enumerate(r for r in found if r.parent is None):
                if not ind.applicable:
                    yield Paragraph(f"{letter(k)}. {indicator_title(ind)}指标不适用，不计分。")
                    continue
                reason = f"，偏差原因为{sentence_end(ind.reason)}" if ind.reason and not met(
                    ind) else "。"
                yield Paragraph(f"{letter(k)}. {indicator_sentence(ind, form)}{reason}")
    yield Chart("indicators")


def deviation_blocks(r: Result) -> Iterator[Block]:
    """三、偏离绩效目标的原因和下一步改进措施: every indicator not fully met, with its reason."""
    yield Heading(f"{cn(3)}、偏离绩效目标的原因和下一步改进措施", 1)
    yield Heading("（一）偏离绩效目标的原因", 2)
    missed = [ind for ind in r.indicators if not met(ind)]
    if not missed:
        yield Paragraph("各项绩效指标均已完成，未偏离绩效目标。")
    for n, (category, rows) in enumerate(groups(missed, "category"), 1):
        yield Heading(f"{n}. 未完成的{category or rows[0].section}", 3)
        for k, ind in enumerate(rows):
            why = (f"未完成原因为{sentence_end(ind.reason)}" if ind.reason
                   else "未填写偏差原因。")
            yield Paragraph(f"{letter(k)}. {indicator_sentence(ind, r.form)}。{why}")
    texts = dict(r.form.texts)
    if "下一步改进措施" in texts:
        yield Heading("（二）下一步改进措施", 2)
        yield Paragraph(texts["下一步改进措施"])


def score_blocks(r: Result) -> Iterator[Block]:
    """四、绩效自评结果: the total, each section's score and the grade, in the seed's words."""
    yield Heading(f"{cn(4)}、绩效自评结果及拟应用和公开情况", 1)
    cited = cited_basis(r)
    basis = f"按照{cited}规定，" if cited else ""
    weights = "、".join(f"{section_title(r, s.name)}{dec(s.weight)}分" for s in r.sections)
    scores = "、".join(f"{section_title(r, s.name)}{dec(s.score)}分" for s in r.sections)
    what = r.form.project or r.subject
    yield Paragraph(f"1. {basis}单位自评标准是：{weights}。经自评，{_year(r)}{what}绩效自评价得分为"
                    f"{dec(r.total)}分，其中：{scores}，自评结果为“{r.grade}”。")
    yield Chart("sections")
    texts = dict(r.form.texts)
    for n, key in enumerate((k for k in ("结果应用", "公开情况") if k in texts), 2):
        yield Paragraph(f"{n}. {texts[key]}")


def written_sections(r: Result) -> list[Block]:
    """The report's scored sections (the seed's 二 to 四), from the result alone."""
    out: list[Block] = [Heading(f"{cn(2)}、绩效目标完成情况分析", 1)]
    out += budget_blocks(r)
    texts = dict(r.form.texts)
    if "资金管理情况" in texts or r.form.management:
        out.append(Heading("（二）项目资金管理情况分析", 2))
        if "资金管理情况" in texts:
            out.append(Paragraph(texts["资金管理情况"]))
        for n, m in enumerate(r.form.management, 1):
            filed = m.problems not in ("", "/", "无")
            problems = f"存在问题和改进措施：{m.problems}" if filed else ""
            out.append(Paragraph(f"{n}. {management_item(m.item)}。"
                                 f"{sentence_end(m.note) if m.note else ''}"
                                 f"{sentence_end(problems) if problems else ''}"))
    if r.form.goal or r.form.achieved:
        out.append(Heading("（三）总体绩效目标完成情况分析", 2))
        goal = sentence_end(r.form.goal) if r.form.goal else ""
        done = f"{r.year}年实际完成情况：" if r.year is not None else "实际完成情况："
        out.append(Paragraph(goal + (done + r.form.achieved if r.form.achieved else "")))
    out += indicator_blocks(r)
    out += deviation_blocks(r)
    out += score_blocks(r)
    return out


# -- the 自评表 in the official layout -------------------------------------------------------

# A 绩效指标 | B 一级 | C 二级 | D 三级 | E 指标值 | F 完成值 | G 分值 | H 得分 | I 原因
COLUMNS = 9
# Widths in character cells (a Chinese character takes two), shared by xlsx and HTML.
WIDTHS = (14, 14, 14, 30, 12, 14, 7, 8, 34)


@attrs.frozen
class Cell:
    """One cell of the 自评表. ``number`` is set when the cell holds a figure; ``fmt`` is then
    the Excel number format that shows it as the text does (``0.00%``, ``0.0``)."""

    row: int
    col: int  # 0-based
    text: str
    rows: int = 1
    cols: int = 1
    number: Decimal | None = None
    fmt: str = ""
    style: str = "text"  # title | subtitle | head | label | text | fig | num | total | num total


@attrs.frozen
class Grid:
    cells: tuple[Cell, ...]
    nrows: int
    header_row: int  # the indicator table's header (一级指标 …)
    first_indicator_row: int


def number_format(d: Decimal, rate: bool = False) -> str:
    """The Excel format that shows ``d`` with exactly its own places: 3266.1 → ``0.0``,
    0.5375 as a rate → ``0.00%``."""
    exponent = d.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    places = max(-exponent - (2 if rate else 0), 0)
    base = "0" + ("." + "0" * places if places else "")
    return base + ("%" if rate else "")


def _num(row: int, col: int, d: Decimal | None, rate: bool = False, style: str = "num") -> Cell:
    if d is None:
        return Cell(row, col, "—", style=style)
    text = percent(d) if rate else dec(d)
    return Cell(row, col, text, number=d, fmt=number_format(d, rate), style=style)


def figure_cell(row: int, col: int, text: str) -> Cell:
    """A target or actual: a number stays a number in the spreadsheet (``66.67%`` → 0.6667 with
    format ``0.00%``), anything else (``≥248``, ``基本消除``) stays text."""
    t = text.strip()
    body, rate = (t[:-1], True) if t.endswith("%") else (t, False)
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", body):
        d = Decimal(body)
        value = d.scaleb(-2) if rate else d
        exponent = d.as_tuple().exponent
        assert isinstance(exponent, int)
        places = max(-exponent, 0)
        fmt = "0" + ("." + "0" * places if places else "") + ("%" if rate else "")
        return Cell(row, col, text, number=value, fmt=fmt, style="fig")
    return Cell(row, col, text, style="fig")


def official_table(r: Result) -> Grid:
    """The 自评表 laid out as the official regional form (the seed's appendix), with the 分值 and
    得分 columns the scored report needs."""
    cells: list[Cell] = []
    row = 0
    f = r.form
    last = COLUMNS - 1

    def add(c: Cell) -> None:
        cells.append(c)

    add(Cell(row, 0, form_title(r), cols=COLUMNS, style="title"))
    row += 1
    add(Cell(row, 0, f"（{r.year}年度）" if r.year is not None else "", cols=COLUMNS,
             style="subtitle"))
    row += 1
    add(Cell(row, 0, "转移支付（项目）名称", style="label"))
    add(Cell(row, 1, f.project, cols=COLUMNS - 1))
    row += 1
    add(Cell(row, 0, "中央主管部门", style="label"))
    add(Cell(row, 1, f.central_department, cols=COLUMNS - 1))
    row += 1
    add(Cell(row, 0, "地方主管部门", style="label"))
    add(Cell(row, 1, f.department, cols=3))
    add(Cell(row, 4, "资金使用单位", style="label"))
    add(Cell(row, 5, f.implementer, cols=COLUMNS - 5))
    row += 1
    # funds block: A, B, rate for total, central, local, other; the budget score beside it
    b = r.budget
    budget_section = next((s for s in r.sections if not any(
        i.section == s.name for i in r.indicators)), None)
    funds_lines = [("年度资金总额：", b.total), ("其中：中央财政资金", b.central),
                   ("地方资金", b.local), ("其他资金", b.other)]
    add(Cell(row, 0, f"资金情况（{r.money_unit}）", rows=1 + len(funds_lines), style="label"))
    add(Cell(row, 1, "", style="head"))
    add(Cell(row, 2, "全年预算数（A）", style="head"))
    add(Cell(row, 3, "全年执行数（B）", style="head"))
    add(Cell(row, 4, "预算执行率（B/A）", style="head"))
    add(Cell(row, 5, "", style="head"))
    add(Cell(row, 6, "分值", style="head"))
    add(Cell(row, 7, "得分", style="head"))
    add(Cell(row, 8, "", style="head"))
    row += 1
    for i, (label, line) in enumerate(funds_lines):
        add(Cell(row, 1, label, style="label"))
        if line is None:
            for col in (2, 3, 4):
                add(Cell(row, col, "", style="num"))
        else:
            add(_num(row, 2, line.total))
            add(_num(row, 3, line.executed))
            add(_num(row, 4, line.rate, rate=True))
        add(Cell(row, 5, ""))
        if i == 0 and budget_section is not None:
            add(_num(row, 6, budget_section.weight))
            add(_num(row, 7, budget_section.score))
        else:
            add(Cell(row, 6, ""))
            add(Cell(row, 7, ""))
        add(Cell(row, 8, ""))
        row += 1
    if f.management:
        add(Cell(row, 0, "资金管理情况", rows=1 + len(f.management), style="label"))
        add(Cell(row, 1, "", style="head"))
        add(Cell(row, 2, "情况说明", cols=3, style="head"))
        add(Cell(row, 5, "存在问题和改进措施", cols=COLUMNS - 5, style="head"))
        row += 1
        for m in f.management:
            add(Cell(row, 1, m.item, style="label"))
            add(Cell(row, 2, m.note, cols=3))
            add(Cell(row, 5, m.problems, cols=COLUMNS - 5))
            row += 1
    add(Cell(row, 0, "总体目标完成情况", rows=2, style="label"))
    add(Cell(row, 1, "总体目标", cols=4, style="head"))
    add(Cell(row, 5, "全年实际完成情况", cols=COLUMNS - 5, style="head"))
    row += 1
    add(Cell(row, 1, f.goal, cols=4))
    add(Cell(row, 5, f.achieved, cols=COLUMNS - 5))
    row += 1
    # the indicator table
    header_row = row
    n = len(r.indicators)
    add(Cell(row, 0, "绩效指标", rows=1 + n, style="label"))
    for col, text in enumerate(("一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值",
                                "分值", "得分", "偏差原因和改进措施"), 1):
        add(Cell(row, col, text, style="head"))
    row += 1
    first = row
    for section, rows in groups(r.indicators, "section"):
        add(Cell(row, 1, section, rows=len(rows), style="label"))
        for category, cat_rows in groups(rows, "category"):
            add(Cell(row, 2, category, rows=len(cat_rows), style="label"))
            for ind in cat_rows:
                add(Cell(row, 3, row_title(ind)))
                add(figure_cell(row, 4, ind.target_text))
                add(figure_cell(row, 5, actual_shown(ind)))
                if ind.scored:
                    add(_num(row, 6, ind.weight))
                    score = _num(row, 7, ind.score)
                    add(attrs.evolve(score, text=score.text + "*") if ind.adjusted else score)
                else:  # not applicable, or a sub-row: shown without figures
                    add(Cell(row, 6, "—", style="num"))
                    add(Cell(row, 7, "—", style="num"))
                add(Cell(row, 8, row_note(ind)))
                row += 1
    add(Cell(row, 0, "总分", cols=6, style="total"))
    add(_num(row, 6, r.full_score, style="num total"))
    add(_num(row, 7, r.total, style="num total"))
    add(Cell(row, 8, f"自评结果：{r.grade}", style="total"))
    row += 1
    note = dict(f.texts).get("说明", "")
    add(Cell(row, 0, "说明", style="label"))
    add(Cell(row, 1, note, cols=last))
    row += 1
    if f.manager or f.date:  # the form's signature line (项目负责人（签章）, 填报时间)
        add(Cell(row, 0, "项目负责人", style="label"))
        add(Cell(row, 1, f.manager, cols=3))
        add(Cell(row, 4, "填报时间", style="label"))
        add(Cell(row, 5, f.date, cols=COLUMNS - 5))
        row += 1
    return Grid(tuple(cells), row, header_row, first)


__all__ = ["Block", "Cell", "Chart", "Grid", "Heading", "Paragraph", "Table", "actual_shown",
           "official_table", "written_sections"]
