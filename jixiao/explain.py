"""How each figure was reached, in the scheme's own words with the values put in.

Stage: application layer over a ``Result`` scored with ``explain=True``. The evaluator records,
for every formula it ran, the formula's text and span, the values it read and each rounding it
made (``engine.result.Step``). This module finds the formula's expression in the scheme model by
its span and writes it back with the values in place of the names, keeping only the branch of
an ``if`` that was taken (and saying why), and listing every rounding step with its mode:

    预算执行 5.38 = round(10 × min(0.5375, 1), 2)；0.5375 = round(1755.51 ÷ 3266.1, 4)

The values are the engine's: the rounded results come from the recorded rounding steps, and the
walk over the expression checks that it lands on the value the engine recorded. Where it does
not (a construct this module does not know), the explanation falls back to the formula text and
the values it read — it never shows a figure the engine did not compute.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import PurePath

import attrs

from jixiao.engine.compile import CompiledScheme
from jixiao.engine.diagnostics import DataError, Span, candidates, error
from jixiao.engine.frame import Fn, Frame
from jixiao.engine.language import BINARY, FUNCTIONS
from jixiao.engine.model import (
    Aggregate,
    Binary,
    Call,
    Cond,
    Expr,
    Formula,
    Num,
    Ref,
    Scheme,
    Str,
    Unary,
)
from jixiao.engine.result import IndicatorResult, Result, Rounding, Step
from jixiao.engine.scopes import Type
from jixiao.render.common import clean, dec

MODE_NAMES = {
    "half_up": ("四舍五入", "half up"),
    "half_even": ("四舍六入五成双", "half even"),
    "down": ("截断", "toward zero"),
    "up": ("进一", "away from zero"),
    "floor": ("向下取整", "floor"),
    "ceiling": ("向上取整", "ceiling"),
}
FIGURE_NAMES = {
    "rate": ("执行率", "rate"), "completion": ("完成率", "completion"),
    "deviation": ("偏差率", "deviation"), "score": ("得分", "score"),
    "subtotal": ("得分", "score"), "total": ("总分", "total"), "actual": ("完成值", "actual"),
}
MAX_SHOWN_DECIMALS = 10


class _Mismatch(Exception):
    """The walk over the expression does not agree with what the engine recorded."""


def number(d: Decimal) -> str:
    """A figure as the explanation shows it: exact, long fractions cut after ten places
    with an ellipsis (a division before its rounding)."""
    text = dec(d)
    whole, dot, frac = text.partition(".")
    if dot and len(frac) > MAX_SHOWN_DECIMALS:
        return f"{whole}.{frac[:MAX_SHOWN_DECIMALS]}…"
    return text


def value_text(v: object, lang: str = "zh") -> str:
    if isinstance(v, bool):  # a condition's value (has(budget.local) = 是 / yes)
        return ("是" if v else "否") if lang == "zh" else ("yes" if v else "no")
    if isinstance(v, Decimal):
        return number(v)
    return f'"{v}"'


def formula_index(scheme: Scheme) -> dict[tuple[str, int, int], Formula]:
    """Every formula of the scheme by where it stands (file, line, column)."""
    found: dict[tuple[str, int, int], Formula] = {}

    def add(f: Formula | None) -> None:
        if f is not None and f.span is not None:
            found[(f.span.file, f.span.line, f.span.column)] = f

    add(scheme.budget_rate)
    add(scheme.subtotal)
    add(scheme.total)
    for sec in scheme.sections:
        add(sec.score)
    for k in scheme.kinds:
        add(k.completion)
        add(k.deviation)
        add(k.score)
        for r in k.requires:
            add(r.condition)
    for d in scheme.derives:
        add(d.formula)
    return found


@attrs.frozen
class Explained:
    """One formula applied, written out: ``shown`` is the expression with values in,
    ``because`` the tests of the ``if`` branches taken, ``roundings`` every rounding step."""

    name: str
    value: Decimal | bool | str
    formula: str
    shown: str | None  # None when only the formula text and inputs can be shown
    because: tuple[str, ...]
    roundings: tuple[Rounding, ...]
    inputs: tuple[tuple[str, Decimal | bool | str], ...]
    span: Span | None
    branches: tuple[tuple[Span, bool], ...] = ()  # each ``if`` met: where, and whether it held


class Explainer:
    """Writes a ``Result``'s steps back in the scheme's words, for one compiled scheme."""

    def __init__(self, compiled: CompiledScheme, lang: str = "zh") -> None:
        self.compiled = compiled
        self.lang = lang
        self.index = formula_index(compiled.scheme)

    def step(self, step: Step) -> Explained:
        formula = None
        if step.span is not None:
            formula = self.index.get((step.span.file, step.span.line, step.span.column))
        if formula is not None:
            walk = _Walk(dict(step.inputs), list(step.roundings), self.lang)
            try:
                with decimal.localcontext(self.compiled.context):
                    shown, value = walk.show(formula.expr, 0)
                if value != step.value or walk.roundings:
                    raise _Mismatch
                return Explained(step.name, step.value, step.formula, shown,
                                 tuple(walk.because), step.roundings, step.inputs, step.span,
                                 tuple(walk.branches))
            except (_Mismatch, decimal.DecimalException, TypeError):
                pass
        return Explained(step.name, step.value, step.formula, None, (), step.roundings,
                         step.inputs, step.span)


class _Walk:
    """Evaluates an expression from the inputs a step recorded, writing it with values in.
    Rounded values are taken from the engine's rounding steps, in the order it made them."""

    def __init__(self, inputs: dict[str, Decimal | bool | str], roundings: list[Rounding],
                 lang: str) -> None:
        self.inputs = inputs
        self.roundings = roundings
        self.lang = lang
        self.because: list[str] = []
        self.branches: list[tuple[Span, bool]] = []

    def show(self, e: Expr, outer: int) -> tuple[str, object]:
        match e:
            case Num(value=n):
                return number(n), n
            case Str(value=s):
                return f'"{s}"', s
            case Ref():
                if e.dotted not in self.inputs:
                    raise _Mismatch
                got = self.inputs[e.dotted]
                return value_text(got, self.lang), got
            case Aggregate():
                from jixiao.engine.model import show as show_expr
                key = show_expr(e)
                if key not in self.inputs:
                    raise _Mismatch
                got = self.inputs[key]
                return value_text(got, self.lang), got
            case Unary(op="-", operand=o):
                text, inner = self.show(o, 7)
                return f"-{text}", -_num(inner)
            case Unary(op="not", operand=o):
                text, inner = self.show(o, 3)
                return f"not {text}", not inner
            case Binary(op=op, left=left, right=right):
                return self.binary(op, left, right, outer)
            case Cond(test=t, then=a, otherwise=b):
                test_text, ok = self.show(t, 0)
                if not isinstance(ok, bool):
                    raise _Mismatch
                if e.span is not None:
                    self.branches.append((e.span, ok))
                zh, en = ("成立", "holds") if ok else ("不成立", "does not hold")
                self.because.append(f"{test_text} {zh if self.lang == 'zh' else en}")
                return self.show(a if ok else b, outer)
            case Call(fn=fn, args=args, mode=mode):
                return self.call(fn, args, mode)
        raise _Mismatch

    def binary(self, op: str, left: Expr, right: Expr, outer: int) -> tuple[str, object]:
        operator = BINARY.get(op)
        if operator is None:
            raise _Mismatch
        p = operator.precedence
        lt, lv = self.show(left, p)
        if (op == "and" and lv is False) or (op == "or" and lv is True):
            text = f"{lt} {op} …"  # the right side was never evaluated
            return (f"({text})" if p < outer else text), lv
        rt, rv = self.show(right, p + 1)
        if operator.operands is Type.NUM:
            _num(lv)
            _num(rv)
        v = operator.build(_const(lv), _const(rv), None)(_NO_FRAME)
        text = f"{lt} {sign(op)} {rt}"
        return (f"({text})" if p < outer else text), v

    def call(self, fn: str, args: tuple[Expr, ...], mode: str | None) -> tuple[str, object]:
        function = FUNCTIONS.get(fn)
        if function is None:
            raise _Mismatch
        if function.takes_name:  # has(budget.local): its answer is recorded as an input
            from jixiao.engine.model import show as show_expr
            key = show_expr(Call(fn, args))
            if key not in self.inputs:
                raise _Mismatch
            got = self.inputs[key]
            return f"{key} = {value_text(got, self.lang)}", got
        if function.build is None:  # a rounding function: the result is the engine's
            places = args[1] if len(args) > 1 else None
            if places is not None and not isinstance(places, Num):
                raise _Mismatch
            inner, before = self.show(args[0], 0)
            if not self.roundings:
                raise _Mismatch
            r = self.roundings.pop(0)
            if r.before != before:
                raise _Mismatch
            extra = f", {number(places.value)}" if places is not None else ""
            extra += f", {mode}" if mode else ""
            return f"{fn}({inner}{extra})", r.after
        shown = [self.show(a, 0) for a in args]
        values = [_num(x) for _, x in shown]
        v = function.build([_const(x) for x in values])(_NO_FRAME)
        return f"{fn}({', '.join(t for t, _ in shown)})", v


_NO_FRAME = Frame({}, {})


def _const(v: object) -> Fn:
    return lambda f: v


def sign(op: str) -> str:
    """An operator as the 自评表 writes it: ``×``, ``÷``, ``≥``; else as the scheme does."""
    operator = BINARY.get(op)
    if operator is not None and operator.spellings:
        return operator.spellings[0]
    return op


def _num(v: object) -> Decimal:
    if isinstance(v, bool) or not isinstance(v, Decimal):
        raise _Mismatch
    return v


# ---------------------------------------------------------------- the report


def where(span: Span | None) -> str:
    """``[transfer_regional.jx:15]``: the file's name and the line."""
    if span is None:
        return ""
    return f"[{PurePath(span.file).name}:{span.line}]"


def rounding_text(r: Rounding, lang: str) -> str:
    zh, en = MODE_NAMES.get(r.mode, (r.mode, r.mode))
    if lang == "zh":
        return f"{number(r.before)} → {dec(r.after)}（{zh}，保留 {r.digits} 位小数）"
    return f"{number(r.before)} → {dec(r.after)} ({en}, {r.digits} decimals)"


@attrs.frozen
class Figure:
    """One figure of the 自评表 and how it was reached."""

    label: str  # 预算执行, 氰渣堆整治量 · 得分 …
    steps: tuple[Explained, ...]  # the figure's own step first, then those it read


def explain(compiled: CompiledScheme, result: Result, lang: str = "zh",
            indicator: str | None = None) -> str:
    """The whole explanation as text; ``indicator`` keeps only the figures of the indicator,
    section or total (总分/评级) of that name (JX040 when there is none)."""
    if indicator is not None:
        known = ([i.name for i in result.indicators] + [s.name for s in result.sections]
                 + ["总分", "评级", "预算执行率", "total", "grade"])
        if indicator not in known:
            raise DataError([error("JX040", where="--indicator", name=indicator,
                                   candidates=candidates(indicator, known)
                                   or "、".join(i.name for i in result.indicators))])
    # data (names, levels) reach the terminal: no escape or line break of theirs gets through
    return "\n".join(clean(line) for line in _lines(compiled, result, lang, indicator)) + "\n"


def _lines(compiled: CompiledScheme, result: Result, lang: str,
           only: str | None) -> Iterator[str]:
    ex = Explainer(compiled, lang)
    zh = lang == "zh"
    s = compiled.scheme
    head = f"{s.name} {s.version}".strip()
    if s.lineage:
        head += (f"（继承 {' ← '.join(s.lineage)}）" if zh
                 else f" (extends {' ← '.join(s.lineage)})")
    subject = " ".join(x for x in (result.subject, str(result.year or "")) if x)
    if only is None:
        yield (f"方案：{head}" if zh else f"scheme: {head}")
        if subject:
            yield (f"项目：{subject}" if zh else f"subject: {subject}")
        yield ""
    glob: dict[str, Explained] = {}
    for st in result.budget.steps:
        if st.name == "rate":
            glob["budget.rate"] = ex.step(st)
    for ind in result.indicators:
        for st in ind.steps:
            if st.name == "actual":
                glob[ind.name] = ex.step(st)
    names = {"预算执行率", "budget.rate", "预算", "budget"}
    if (only is None or only in names) and "budget.rate" in glob:
        yield from _figure("预算执行率" if zh else "budget execution rate",
                           glob["budget.rate"], {}, lang)
        yield ""
    sections_with_formula = {sec.name for sec in s.sections if sec.score is not None}
    for sec in result.sections:
        if sec.name in sections_with_formula and (only is None or only == sec.name):
            for st in sec.steps:
                yield from _figure(sec.name, ex.step(st), glob, lang)
            yield ""
    for ind in result.indicators:
        if only is not None and only not in (ind.name, ind.section):
            continue
        yield _indicator_head(ind, lang)
        for st in ind.steps:
            label = FIGURE_NAMES.get(st.name, (st.name, st.name))[0 if zh else 1]
            yield from _figure(label, ex.step(st), {} if st.name == "actual" else glob, lang,
                               indent="  ")
        yield ""
    for sec in result.sections:
        if sec.name not in sections_with_formula and only in (None, sec.name):
            for st in sec.steps:
                yield from _figure(sec.name, ex.step(st), {}, lang,
                                   items=_items(result, sec.name, zh))
            yield ""
    if only is None or only in ("总分", "total", "评级", "grade"):
        for st in result.steps:
            yield from _figure("总分" if zh else "total", ex.step(st), {}, lang,
                               items=" + ".join(dec(x.score) for x in result.sections))
        grade = next((g for g in s.grades if g.name == result.grade), None)
        if grade is not None:
            if zh:
                yield (f"评级 {grade.name}：{dec(result.total)} 在 {grade.band} 内  "
                       f"{where(grade.span)}")
            else:
                yield (f"grade {grade.name}: {dec(result.total)} is in {grade.band}  "
                       f"{where(grade.span)}")


def _items(result: Result, section: str, zh: bool) -> str:
    scores = [dec(r.score) for r in result.indicators if r.section == section]
    return " + ".join(scores) if scores else ("（无指标）" if zh else "(no indicators)")


def _indicator_head(ind: IndicatorResult, lang: str) -> str:
    parts = [p for p in (ind.section, ind.category, ind.name) if p]
    actual = ind.actual_text or (dec(ind.actual_value) if ind.actual_value is not None else "")
    if lang == "zh":
        facts = [f"{ind.kind}", f"分值 {dec(ind.weight)}", f"指标值 {ind.target_text}"]
        if actual:
            facts.append(f"完成值 {actual}" + ("（由方案计算）" if ind.derived else ""))
        if ind.level:
            facts.append(f"等级 {ind.level}")
        return " · ".join(parts) + "（" + "，".join(facts) + "）"
    facts = [f"{ind.kind}", f"weight {dec(ind.weight)}", f"target {ind.target_text}"]
    if actual:
        facts.append(f"actual {actual}" + (" (computed by the scheme)" if ind.derived else ""))
    if ind.level:
        facts.append(f"level {ind.level}")
    return " · ".join(parts) + " (" + ", ".join(facts) + ")"


def _figure(label: str, e: Explained, glob: dict[str, Explained], lang: str,
            indent: str = "", items: str = "") -> Iterable[str]:
    zh = lang == "zh"
    sep = "；" if zh else "; "
    value = value_text(e.value, lang)
    if e.shown is not None:
        line = f"{label} {value} = {e.shown}"
        for name, _ in e.inputs:  # the figures it read that have their own formula
            if name in glob and glob[name].shown is not None:
                g = glob[name]
                line += f"{sep}{value_text(g.value, lang)} = {g.shown}"
    else:
        read = ", ".join(f"{n} = {value_text(v, lang)}" for n, v in e.inputs)
        line = f"{label} {value} = {e.formula}" + (f"{sep}{read}" if read else "")
    yield f"{indent}{line}  {where(e.span)}".rstrip()
    pad = indent + "    "
    yield f"{pad}{'方案' if zh else 'scheme'}: {e.name} = {e.formula}"
    if items:
        yield f"{pad}{'各项' if zh else 'items'}: {items}"
    if e.because:
        yield f"{pad}{'因为' if zh else 'because'}: " + sep.join(e.because)
    seen = [e, *(glob[n] for n, _ in e.inputs if n in glob)]
    for x in seen:
        for r in x.roundings:
            if r.before != r.after:
                yield f"{pad}{'舍入' if zh else 'rounding'}: {rounding_text(r, lang)}"
