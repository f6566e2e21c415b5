"""The 评分细则 of a scheme as methodology staff publish it (``jixiao doc``).

Stage: application layer over a checked ``Scheme`` (inheritance already resolved by the dsl's
merge), never over text: what the document says is what the engine scores. The document is
built once as neutral blocks (headings, paragraphs, tables whose cells are text or formula
code) and written out as Markdown or as self-contained HTML, so both formats say the same.

Each formula is shown twice: in words (Chinese or English: 完成值 ≥ 指标值 …) for readers of
the published rules, and as the scheme language writes it (``engine.model.show``, the text
``jixiao explain`` quotes), so an author can find it in the ``.jx`` file.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import attrs

from jixiao.engine.language import BINARY, UNARY
from jixiao.engine.model import (
    Adjust,
    Aggregate,
    Binary,
    Call,
    Cond,
    Expr,
    Formula,
    Kind,
    Level,
    Num,
    Ref,
    Scheme,
    Section,
    SplitMode,
    Str,
    Unary,
    show,
)
from jixiao.explain import MODE_NAMES, sign
from jixiao.render.common import clean, dec

# ---------------------------------------------------------------- neutral blocks


@attrs.frozen
class Code:
    """Formula text as the scheme writes it."""

    text: str


Inline = str | Code


@attrs.frozen
class Heading:
    level: int
    text: str


@attrs.frozen
class Para:
    parts: tuple[Inline, ...]


@attrs.frozen
class Table:
    head: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]


Block = Heading | Para | Table

# ---------------------------------------------------------------- formulas in words

_NAMES = {
    "actual": ("完成值", "actual"), "target": ("指标值", "target"),
    "target.low": ("指标值下限", "target low"), "target.high": ("指标值上限", "target high"),
    "completion": ("完成率", "completion"), "deviation": ("偏差率", "deviation"),
    "weight": ("分值", "weight"), "budget.rate": ("预算执行率", "budget execution rate"),
    "executed": ("执行数", "amount executed"), "total": ("预算数", "budget"),
    "ratio": ("等级比例", "level ratio"), "days_late": ("逾期天数", "days late"),
    "score": ("得分", "score"), "rate": ("执行率", "rate"),
    "started": ("已开工", "started"), "completed": ("已完工", "completed"),
}
_LINES = {"central": ("中央资金", "central funds"), "local": ("地方资金", "local funds"),
          "other": ("其他资金", "other funds")}
_LINE_FIGURES = {"total": ("预算数", "budget"), "executed": ("执行数", "amount executed"),
                 "rate": ("执行率", "execution rate")}


def _name(dotted: str, zh: bool) -> str:
    """A name in words: ``budget.local.rate`` is 地方资金执行率, ``budget.central`` 中央资金."""
    pair = _NAMES.get(dotted)
    if pair is not None:
        return pair[0 if zh else 1]
    parts = dotted.split(".")
    if parts[0] == "budget" and len(parts) in (2, 3) and parts[1] in _LINES:
        line = _LINES[parts[1]][0 if zh else 1]
        if len(parts) == 2:
            return line
        figure = _LINE_FIGURES.get(parts[2])
        if figure is not None:
            return f"{line}{figure[0]}" if zh else f"{line}' {figure[1]}"
    return dotted


_COLLECTIONS = {"projects": ("子项目", "sub-projects"), "indicators": ("各指标", "indicators"),
                "sections": ("各一级指标", "sections")}
_LOGIC = {"and": ("且", "and"), "or": ("或", "or")}


_EQUALITY = {"==": "=", "!=": "≠"}
_NOTATIONS = {"bare": ("无符号数值", "a bare number"), "range": ("区间", "a range"),
              "text": ("文字（定性）", "text (qualitative)"),
              "date": ("日期或时限", "a date or deadline")}


def words(e: Expr, lang: str, rounding: str = "half_up", outer: int = 0) -> str:
    """An expression in words: names in Chinese (or English), operators as the 自评表 writes
    them (×, ÷, ≥), ``if`` as 若…则…否则…, ``round`` with its mode (the scheme's when the
    formula names none) and places. A part that is not the whole is put in parentheses
    when it is a rounding, a min/max or an ``if``, so the words read one way only."""
    zh = lang == "zh"

    def w(x: Expr, o: int = 0) -> str:
        return words(x, lang, rounding, o)

    match e:
        case Num(value=v):
            return format(v, "f")
        case Str(value=sv):
            return f"“{sv}”" if zh else f'"{sv}"'
        case Ref():
            return _name(e.dotted, zh)
        case Call(fn="has", args=(Ref() as r,)):  # 若填报了地方资金
            return f"填报了{_name(r.dotted, zh)}" if zh else f"the data gives {_name(r.dotted, zh)}"
        case Call(fn="round", args=(x, n), mode=mode):
            zh_mode, en_mode = MODE_NAMES.get(mode or rounding, (mode or rounding,) * 2)
            digits = w(n)
            if digits == "0":
                text = (f"{w(x)}，{zh_mode}取整数" if zh
                        else f"{w(x)}, rounded {en_mode} to a whole number")
            else:
                text = (f"{w(x)}，{zh_mode}保留 {digits} 位小数" if zh
                        else f"{w(x)}, rounded {en_mode} to {digits} decimals")
            return f"({text})" if outer else text
        case Call(fn="min" | "max" as fn, args=args) if len(args) >= 2:
            items = [w(a, 1) for a in args]
            if zh:
                text = f"{' 与 '.join(items)} 中的{'较小' if fn == 'min' else '较大'}者"
            else:
                text = f"the {'lesser' if fn == 'min' else 'greater'} of {' and '.join(items)}"
            return f"({text})" if outer else text
        case Call(fn=fn, args=args, mode=mode):
            parts = [w(a) for a in args] + ([mode] if mode else [])
            return f"{fn}({', '.join(parts)})"
        case Aggregate(fn=fn, collection=c, item=item, where=where):
            coll = _COLLECTIONS.get(c, (c, c))[0 if zh else 1]
            cond = w(where) if where is not None else ""
            if fn == "sum" and item is not None:
                what = w(item, 1)
                if zh:
                    return (f"满足 {cond} 的" if cond else "") + f"{coll}{what}之和"
                return f"the sum of {what} over {coll}" + (f" where {cond}" if cond else "")
            if fn == "count":
                if zh:
                    return (f"满足 {cond} 的" if cond else "") + f"{coll}个数"
                return f"the number of {coll}" + (f" where {cond}" if cond else "")
            return show(e)
        case Unary(op=op, operand=o):
            p = UNARY[op].precedence
            if op == "not":
                return ("并非 " if zh else "not ") + w(o, p)
            return f"-{w(o, p)}"
        case Binary(op=op, left=left, right=right):
            p = BINARY[op].precedence
            mid = (_LOGIC[op][0 if zh else 1] if op in _LOGIC
                   else _EQUALITY.get(op) or sign(op))
            text = f"{w(left, p)} {mid} {w(right, p + 1)}"
            return f"({text})" if p < outer else text
        case Cond():
            text = _cond(e, lang, rounding)
            return f"({text})" if outer else text
    raise AssertionError(e)  # pragma: no cover


def _cond(e: Cond, lang: str, rounding: str) -> str:
    """``if … else if … else …`` flattened into one sentence; an ``if`` inside a branch is
    put in parentheses."""
    zh = lang == "zh"
    parts: list[str] = []
    cur: Expr = e
    first = True

    def branch(x: Expr) -> str:
        return words(x, lang, rounding, 1 if isinstance(x, Cond) else 0)

    while isinstance(cur, Cond):
        t, a = words(cur.test, lang, rounding), branch(cur.then)
        if zh:
            parts.append(f"{'若' if first else '否则若'} {t}，则为 {a}")
        else:
            parts.append(f"{'if' if first else 'else if'} {t}, {a}")
        first = False
        cur = cur.otherwise
    last = branch(cur)
    parts.append(f"否则为 {last}" if zh else f"otherwise {last}")
    return ("；" if zh else "; ").join(parts)


# ---------------------------------------------------------------- the document

_SPLIT = {
    SplitMode.GIVEN: ("按数据给定的权重", "the weights given in the data"),
    SplitMode.EQUAL: ("平均分配", "shared equally"),
    SplitMode.GIVEN_ELSE_EQUAL: ("按给定权重，未给权重的指标平均分配余下分值",
                                 "given weights; the rest share the remainder equally"),
}
_NA = {
    "rescale": ("其余指标的分值按比例放大，满分不变", "every other weight is scaled up; the full "
                "score stays"),
    "section": ("由所在一级指标的其余指标分享其分值", "the section's other rows share its weight"),
    "drop": ("其分值作废，按较低满分评分", "its weight is lost: scored out of less"),
}


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _formula_cells(f: Formula | None, lang: str, rounding: str = "half_up"
                   ) -> tuple[Inline, Inline]:
    """A formula in words and as code; ``—`` for none."""
    if f is None:
        return "—", "—"
    return words(f.expr, lang, rounding), Code(show(f.expr))


def _adjust(a: Adjust, lang: str) -> str | None:
    if not a.allowed:
        return None
    if a.within_level:
        text = _t(lang, "评价人可在所评等级的比例区间内调整得分", "the assessor may adjust the "
                  "score within the level's band")
    else:
        low = show(a.low.expr) if a.low is not None else "0"
        high = show(a.high.expr) if a.high is not None else "weight"
        text = _t(lang, f"评价人可在 {low} 至 {high} 之间调整得分",
                  f"the assessor may set a score between {low} and {high}")
    if a.reason:
        text += _t(lang, "，须说明理由", ", with a reason")
    return text


def _section_rule(s: Section, scheme: Scheme, lang: str) -> tuple[Inline, Inline]:
    rnd = scheme.rounding.value
    if s.score is not None:
        return _formula_cells(s.score, lang, rnd)
    return _formula_cells(scheme.subtotal, lang, rnd) if scheme.subtotal is not None else (
        _t(lang, "各指标得分之和", "sum of the indicators' scores"), "—")


def _kind_blocks(k: Kind, lang: str, rnd: str) -> list[Block]:
    shown = [_NOTATIONS[n.value][0 if lang == "zh" else 1] if n.value in _NOTATIONS
             else n.value for n in k.notations]
    applies = "、".join(shown) if lang == "zh" else ", ".join(shown)
    out: list[Block] = [Heading(3, f"{clean(k.name)}（{_t(lang, '适用于', 'for')} {applies}）"
                                if lang == "zh" else f"{clean(k.name)} (for {applies})")]
    rows: list[tuple[Inline, ...]] = []
    if k.where is not None:
        rows.append((_t(lang, "适用条件", "applies where"), *_formula_cells(k.where, lang, rnd)))
    rows.append((_t(lang, "完成率", "completion"), *_formula_cells(k.completion, lang, rnd)))
    rows.append((_t(lang, "偏差率", "deviation"), *_formula_cells(k.deviation, lang, rnd)))
    rows.append((_t(lang, "得分", "score"), *_formula_cells(k.score, lang, rnd)))
    for r in k.requires:
        w, c = _formula_cells(r.condition, lang, rnd)
        rows.append((_t(lang, "须说明偏差原因，当", "a reason is required when"), w, c))
    out.append(Table((_t(lang, "项目", "item"), _t(lang, "文字表述", "in words"),
                      _t(lang, "公式", "formula")), tuple(rows)))
    if k.levels:
        out.append(Para((_t(lang, "定性等级（完成值与指标值的文字相同即为第一等级；否则按完成值"
                               "写明的等级或其别称确定）：",
                               "Qualitative levels (an actual equal to the target's text is "
                               "the first level; else the level or alias the actual names):"),)))
        out.append(Table(
            (_t(lang, "等级", "level"), _t(lang, "也作", "also"),
             _t(lang, "得分比例", "share of the weight")),
            tuple((clean(lv.name), "、".join(clean(a) for a in lv.aliases) or "—",
                   _level_ratio(lv, lang))
                  for lv in k.levels)))
    adjust = _adjust(k.adjust, lang)
    if adjust:
        out.append(Para((adjust + _t(lang, "。", "."),)))
    return out


def _level_ratio(lv: Level, lang: str) -> str:
    """A fixed ratio, the band inside which the assessor sets it, or fixed points."""
    if lv.points is not None:
        return _t(lang, f"{dec(lv.points)} 分（不论分值多少；超过分值的按分值计）",
                  f"{dec(lv.points)} points (whatever the weight; at most the weight)")
    if lv.ratio is not None:
        return dec(lv.ratio)
    if lv.band is not None:
        return _t(lang, f"{lv.band}（由评价人在区间内确定）", f"{lv.band} (the assessor sets it)")
    return "—"


def build(scheme: Scheme, lang: str = "zh") -> list[Block]:
    """The whole 评分细则 of ``scheme`` as blocks, in the order staff publish it."""
    def t(zh: str, en: str) -> str:
        return _t(lang, zh, en)

    rnd = scheme.rounding.value
    title = f"{clean(scheme.name)} {clean(scheme.version)}".rstrip()
    blocks: list[Block] = [Heading(1, t(f"评分细则：{title}", f"Scoring rules: {title}"))]
    facts: list[tuple[Inline, ...]] = []
    if scheme.basis:
        facts.append((t("依据", "basis"), clean(scheme.basis)))
    if scheme.lineage:
        facts.append((t("继承", "extends"), " ← ".join(clean(x) for x in scheme.lineage)))
    mode = MODE_NAMES.get(scheme.rounding.value, (scheme.rounding.value,) * 2)
    facts.append((t("取整方式", "rounding"), mode[0 if lang == "zh" else 1]))
    facts.append((t("满分", "full score"), dec(scheme.full_score)))
    blocks.append(Table((t("项", "item"), t("内容", "value")), tuple(facts)))

    blocks.append(Heading(2, t("一级指标与分值", "Sections and weights")))
    rows: list[tuple[Inline, ...]] = []
    for s in scheme.sections:
        split = "—"
        if s.score is None:
            split = _SPLIT[s.split.mode][0 if lang == "zh" else 1]
            if s.split.digits is not None:
                split += t(f"（平均分值保留 {s.split.digits} 位小数）",
                           f" (equal shares to {s.split.digits} decimals)")
        rows.append((clean(s.name), dec(s.weight),
                     "、".join(clean(a) for a in s.aliases) or "—",
                     "、".join(clean(c) for c in s.categories) or "—", split,
                     *_section_rule(s, scheme, lang)))
        adjust = _adjust(s.adjust, lang)
        if adjust:
            rows.append(("", "", "", "", "", adjust, "—"))
    rows.append((t("合计", "total"), dec(scheme.full_score), "", "", "", "", ""))
    blocks.append(Table((t("一级指标", "section"), t("分值", "weight"), t("也作", "also"),
                         t("二级指标", "categories"), t("分值分配", "split"),
                         t("得分（文字）", "score (in words)"), t("得分公式", "score formula")),
                        tuple(rows)))
    blocks.append(Table((t("计算", "figure"), t("文字表述", "in words"), t("公式", "formula")), (
        (t("预算执行率", "budget execution rate"),
         *_formula_cells(scheme.budget_rate, lang, rnd)),
        (t("总分", "total"), *_formula_cells(scheme.total, lang, rnd)))))
    if scheme.derives:
        blocks.append(Heading(2, t("派生指标", "Derived figures")))
        blocks.append(Table((t("名称", "name"), t("文字表述", "in words"), t("公式", "formula")),
                            tuple((clean(d.name), *_formula_cells(d.formula, lang, rnd))
                                  for d in scheme.derives)))

    blocks.append(Heading(2, t("指标类型与评分规则", "Indicator kinds and their rules")))
    for k in scheme.kinds:
        blocks.extend(_kind_blocks(k, lang, rnd))

    flags = [(k, f) for k in scheme.kinds for f in k.flags]
    blocks.append(Heading(2, t("提示与扣分", "Flags")))
    if flags:
        blocks.append(Table(
            (t("指标类型", "kind"), t("名称", "flag"), t("级别", "severity"),
             t("提示", "message"), t("条件（文字）", "when (in words)"), t("条件", "when"),
             t("扣分", "deducts")),
            tuple((clean(k.name), clean(f.name),
                   ({"warning": "提示", "error": "错误"}.get(f.severity, f.severity)
                    if lang == "zh" else f.severity), clean(f.message),
                   *_formula_cells(f.condition, lang, rnd),
                   Code(show(f.deduct.expr)) if f.deduct is not None else "—")
                  for k, f in flags)))
    else:
        blocks.append(Para((t("本方案无提示与扣分规则。", "This scheme has no flags."),)))

    na = scheme.not_applicable
    text = _NA[na.mode.value][0 if lang == "zh" else 1]
    if na.digits is not None:
        text += t(f"（保留 {na.digits} 位小数）", f" ({na.digits} decimals)")
    blocks.append(Heading(2, t("不适用指标", "Rows that do not apply")))
    blocks.append(Para((t(f"不适用的指标：{text}。", f"A row that does not apply: {text}."),)))

    blocks.append(Heading(2, t("评级", "Grades")))
    blocks.append(Table((t("等级", "grade"), t("总分区间", "total in")),
                        tuple((clean(g.name), str(g.band)) for g in scheme.grades)))

    blocks.append(Heading(2, t("参数", "Parameters")))
    if scheme.params:
        blocks.append(Table((t("名称", "name"), t("取值", "value")),
                            tuple((clean(p.name), dec(p.value)) for p in scheme.params)))
    else:
        blocks.append(Para((t("本方案无参数。", "This scheme has no parameters."),)))

    blocks.append(Heading(2, t("与上级方案的差异", "Changes from the parent scheme")))
    if not scheme.lineage:
        blocks.append(Para((t("本方案不继承其他方案。", "This scheme extends no other."),)))
    elif not scheme.changes:
        blocks.append(Para((t("未作修改。", "No changes."),)))
    else:
        from jixiao.commands.check import describe
        blocks.append(Para((t(f"相对于 {clean(scheme.lineage[0])}：",
                              f"From {clean(scheme.lineage[0])}:"),)))
        blocks.append(Table((t("修改", "change"),),
                            tuple((clean(describe(c, lang)),) for c in scheme.changes)))
    return blocks


# ---------------------------------------------------------------- Markdown


def _md_code(text: str) -> str:
    """A code span whose fence is longer than any run of backticks inside."""
    longest, run = 0, 0
    for c in text:
        run = run + 1 if c == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_inline(x: Inline, cell: bool) -> str:
    text = _md_code(x.text) if isinstance(x, Code) else x
    return text.replace("|", "\\|").replace("\n", " ") if cell else text


def to_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        match b:
            case Heading(level=n, text=text):
                out.append(f"{'#' * n} {text}\n")
            case Para(parts=parts):
                out.append("".join(_md_inline(p, False) for p in parts) + "\n")
            case Table(head=head, rows=rows):
                lines = ["| " + " | ".join(_md_inline(h, True) for h in head) + " |",
                         "|" + "|".join(" --- " for _ in head) + "|"]
                lines += ["| " + " | ".join(_md_inline(c, True) for c in row) + " |"
                          for row in rows]
                out.append("\n".join(lines) + "\n")
    return "\n".join(out)


# ---------------------------------------------------------------- HTML

_CSS = """body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;
max-width:60em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}
table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #999;padding:.25em .5em;
vertical-align:top;text-align:left}th{background:#eee}code{font-family:monospace;font-size:.9em}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table{break-inside:auto}}"""


def _h(x: Inline) -> str:
    if isinstance(x, Code):
        return f"<code>{html.escape(x.text)}</code>"
    return html.escape(x)


def to_html(blocks: Sequence[Block], lang: str = "zh") -> str:
    """A self-contained page (no external file, no script); every text is escaped."""
    title = next((b.text for b in blocks if isinstance(b, Heading)), "")
    body: list[str] = []
    for b in blocks:
        match b:
            case Heading(level=n, text=text):
                body.append(f"<h{n}>{html.escape(text)}</h{n}>")
            case Para(parts=parts):
                body.append(f"<p>{''.join(_h(p) for p in parts)}</p>")
            case Table(head=head, rows=rows):
                th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
                trs = "".join("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>\n"
                              for row in rows)
                body.append(f"<table>\n<thead><tr>{th}</tr></thead>\n<tbody>\n{trs}</tbody>\n"
                            "</table>")
    lang_attr = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{lang_attr}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def scheme_doc(scheme: Scheme, fmt: str = "md", lang: str = "zh") -> str:
    """The 评分细则 of ``scheme`` in ``fmt`` (``md`` or ``html``)."""
    blocks = build(scheme, lang)
    return to_html(blocks, lang) if fmt == "html" else to_markdown(blocks)


__all__ = ["Block", "Code", "Heading", "Para", "Table", "build", "scheme_doc", "to_html",
           "to_markdown", "words"]
