"""Does every score formula stay within [0, weight] for any input? Decided before scoring.

Stage: run by ``engine.compile`` on the compiled scheme; its findings are warnings (JX231) that
travel with the scheme, as JX562's do. The runtime guard (JX404) still stops any record whose
score leaves its range: this check says so at ``jixiao check`` time, for every record at once,
and names inputs that break the rule.

How: interval arithmetic over the formula's expression. The inputs' ranges are what the data can
give: figures read from a table (actual, target, budget amounts and rates) are ≥ 0 and may be
unbounded; a kind's completion is its own formula's range, and never below 0 (the convention
every rule of 财预〔2020〕10号 follows: a completion is a rate); a level's ratio lies in its
kind's levels; lateness may be any number. ``min``, ``max``, ``abs``, rounding (monotone in
every mode) and the arithmetic operators follow their operands' ends; dividing by a range that
holds 0 gives "anything". An ``if`` is the union of its two branches, each computed with the
names its test narrows (``if budget.rate >= 95% then … else …`` reads rate < 95% in the else
branch); a test decided by the ranges keeps one branch only.

A section's weight is known; an indicator's is not, so each kind is checked at the weights its
rows can have: each section's equal shares among one to eight rows at the places the scheme gives
shares (``split … round N``, else 2 or the section weight's own places), and the smallest
weight of those places. A range that may leave [0, weight] is then searched for
inputs that really do, at the formula's edge points (the ends of each input's range, 0, 1, 1.5,
2, 10 …); only a formula with such inputs is reported — a range that is merely not proven (an
``if`` whose branches the ranges cannot tell apart) is not guessed at.
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from jixiao.engine.diagnostics import Diagnostic, Span, warning
from jixiao.engine.language import FUNCTIONS
from jixiao.engine.model import (
    Aggregate,
    Binary,
    Call,
    Cond,
    Expr,
    Formula,
    Kind,
    Num,
    Ref,
    RoundingMode,
    Scheme,
    Str,
    Unary,
    show,
)
from jixiao.engine.values import Notation

if TYPE_CHECKING:
    from jixiao.engine.compile import CompiledScheme

INF = Decimal("Infinity")
ZERO = Decimal(0)
ONE = Decimal(1)
_CONTEXT = decimal.Context(prec=40, Emax=999999, Emin=-999999, traps=[])
_MODES = {
    RoundingMode.HALF_UP.value: decimal.ROUND_HALF_UP,
    RoundingMode.HALF_EVEN.value: decimal.ROUND_HALF_EVEN,
    RoundingMode.DOWN.value: decimal.ROUND_DOWN,
    RoundingMode.UP.value: decimal.ROUND_UP,
    RoundingMode.FLOOR.value: decimal.ROUND_FLOOR,
    RoundingMode.CEILING.value: decimal.ROUND_CEILING,
}
MAX_SHARES = 8  # a kind is checked at the equal shares of a section among 1 … 8 rows
MAX_TRIES = 20000  # edge-point combinations tried for one formula at one weight


@attrs.frozen
class Iv:
    """A closed range of numbers (ends may be infinite); ``open_lo``/``open_hi``: the end is
    excluded (it matters only at 0, for a division: ``target > 0`` makes ``actual / target``
    a number)."""

    lo: Decimal
    hi: Decimal
    open_lo: bool = False
    open_hi: bool = False

    @property
    def point(self) -> bool:
        return self.lo == self.hi

    def contains_zero(self) -> bool:
        above = self.lo < 0 or (self.lo == 0 and not self.open_lo)
        below = self.hi > 0 or (self.hi == 0 and not self.open_hi)
        return above and below

    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and (self.open_lo or self.open_hi))


ANY = Iv(-INF, INF)
NONNEG = Iv(ZERO, INF)
UNIT = Iv(ZERO, ONE)


def _pt(x: Decimal) -> Iv:
    return Iv(x, x)


def _hull(a: Iv | None, b: Iv | None) -> Iv | None:
    if a is None or b is None:
        return a if b is None else b
    lo = min(a.lo, b.lo)
    hi = max(a.hi, b.hi)
    return Iv(lo, hi, (a.open_lo if a.lo == lo else True) and (b.open_lo if b.lo == lo else True),
              (a.open_hi if a.hi == hi else True) and (b.open_hi if b.hi == hi else True))


def _meet(a: Iv, b: Iv) -> Iv:
    lo, open_lo = (a.lo, a.open_lo) if a.lo > b.lo else (b.lo, b.open_lo or (a.lo == b.lo
                                                         and a.open_lo))
    hi, open_hi = (a.hi, a.open_hi) if a.hi < b.hi else (b.hi, b.open_hi or (a.hi == b.hi
                                                         and a.open_hi))
    return Iv(lo, hi, open_lo, open_hi)


def _times(x: Decimal, y: Decimal) -> Decimal:
    if not x or not y:  # 0 × ∞ is 0: the range of a product of closed ranges
        return ZERO
    return _CONTEXT.multiply(x, y)


def _mul(a: Iv, b: Iv) -> Iv:
    ends = [_times(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    return Iv(min(ends), max(ends))


def _recip(x: Decimal, side: int) -> Decimal:
    if x.is_infinite():
        return ZERO
    if not x:
        return INF * side
    return _CONTEXT.divide(ONE, x)


def _div(a: Iv, b: Iv) -> Iv:
    if b.contains_zero():
        return ANY
    side = 1 if b.lo >= 0 else -1
    return _mul(a, Iv(min(_recip(b.hi, side), _recip(b.lo, side)),
                      max(_recip(b.hi, side), _recip(b.lo, side))))


def _add(a: Iv, b: Iv) -> Iv:
    lo = _CONTEXT.add(a.lo, b.lo) if not (a.lo.is_infinite() or b.lo.is_infinite()) \
        else -INF
    hi = _CONTEXT.add(a.hi, b.hi) if not (a.hi.is_infinite() or b.hi.is_infinite()) \
        else INF
    return Iv(lo, hi)


def _neg(a: Iv) -> Iv:
    return Iv(-a.hi, -a.lo, a.open_hi, a.open_lo)


def _round(a: Iv, digits: int, mode: str) -> Iv:
    exp = Decimal(1).scaleb(-digits)

    def q(x: Decimal) -> Decimal:
        return x if x.is_infinite() else x.quantize(exp, rounding=_MODES[mode], context=_CONTEXT)
    return Iv(q(a.lo), q(a.hi))  # every rounding mode is monotone


# A name's range: a number's (Iv), or None for a text or a yes/no.
Env = Mapping[str, Iv | None]
_UNDECIDED = object()


class _Ranges:
    """Ranges of expressions of one scheme (its rounding mode, its parameters)."""

    def __init__(self, scheme: Scheme, sums: Mapping[str, Iv]) -> None:
        self.mode = scheme.rounding.value
        self.params = {p.name: _pt(p.value) for p in scheme.params}
        self.sums = sums  # the range of an aggregate by its text: sum(indicators, score) …

    def num(self, e: Expr, env: Env) -> Iv | None:
        """The range of a numeric expression; ``None`` for a text or a yes/no."""
        match e:
            case Num(value=v):
                return _pt(v)
            case Str():
                return None
            case Ref():
                name = e.dotted
                if name in env:
                    return env[name]
                return self.params.get(name, ANY)
            case Unary(op="-", operand=o):
                x = self.num(o, env)
                return None if x is None else _neg(x)
            case Unary():
                return None
            case Binary(op=op, left=left, right=right) if op in ("+", "-", "*", "/"):
                a, b = self.num(left, env), self.num(right, env)
                if a is None or b is None:
                    return ANY
                if op == "+":
                    return _add(a, b)
                if op == "-":
                    return _add(a, _neg(b))
                return _mul(a, b) if op == "*" else _div(a, b)
            case Binary():
                return None
            case Cond(test=t, then=a, otherwise=b):
                truth = self.truth(t, env)
                if truth is True:
                    return self.num(a, env)
                if truth is False:
                    return self.num(b, env)
                yes, no = self.narrow(t, env, True), self.narrow(t, env, False)
                return _hull(self.num(a, yes) if yes is not None else None,
                             self.num(b, no) if no is not None else None) or ANY
            case Call():
                return self.call(e, env)
            case Aggregate():
                got = env.get(show(e)) or self.sums.get(show(e))
                return got or (NONNEG if e.fn == "count" else ANY)
        return ANY  # pragma: no cover - every node kind is matched above

    def call(self, e: Call, env: Env) -> Iv | None:
        fn = FUNCTIONS.get(e.fn)
        if fn is not None and fn.takes_name:
            return None
        args = [self.num(a, env) or ANY for a in e.args]
        if e.fn in ("min", "max") and args:
            pick = min if e.fn == "min" else max
            return Iv(pick(a.lo for a in args), pick(a.hi for a in args))
        if e.fn == "abs" and len(args) == 1:
            a = args[0]
            if a.lo >= 0:
                return a
            if a.hi <= 0:
                return _neg(a)
            return Iv(ZERO, max(-a.lo, a.hi))
        if fn is not None and fn.build is None and args:  # round, floor, ceil
            places = e.args[1] if len(e.args) > 1 else None
            digits = int(places.value) if isinstance(places, Num) else 0
            mode = (e.mode or self.mode) if fn.rounding == "scheme" else fn.rounding
            if mode not in _MODES:
                return ANY
            return _round(args[0], digits, mode)
        return ANY

    def truth(self, e: Expr, env: Env) -> bool | None:
        """A test the ranges decide (every value in them makes it hold, or none does)."""
        match e:
            case Call() if _asks_presence(e):  # decided only where the search sets it (1/0)
                got = env.get(show(e))
                return None if got is None or not got.point else got.lo == 1
            case Binary(op="and", left=left, right=right):
                a, b = self.truth(left, env), self.truth(right, env)
                return False if False in (a, b) else (True if a is b is True else None)
            case Binary(op="or", left=left, right=right):
                a, b = self.truth(left, env), self.truth(right, env)
                return True if True in (a, b) else (False if a is b is False else None)
            case Unary(op="not", operand=o):
                t = self.truth(o, env)
                return None if t is None else not t
            case Binary(op=op, left=left, right=right) if op in (">=", ">", "<=", "<", "==",
                                                                 "!="):
                x, y = self.num(left, env), self.num(right, env)
                if x is None or y is None:
                    return None
                return _compare(op, x, y)
        return None

    def narrow(self, e: Expr, env: Env, holds: bool) -> dict[str, Iv | None] | None:
        """``env`` with the names ``e`` tests narrowed to where it ``holds`` (or not);
        ``None``: no value can get there."""
        out = dict(env)
        match e:
            case Binary(op="and", left=left, right=right) if holds:
                first = self.narrow(left, out, True)
                return None if first is None else self.narrow(right, first, True)
            case Binary(op="or", left=left, right=right) if not holds:
                first = self.narrow(left, out, False)
                return None if first is None else self.narrow(right, first, False)
            case Unary(op="not", operand=o):
                return self.narrow(o, out, not holds)
            case Binary(op=op, left=left, right=right) if op in (">=", ">", "<=", "<"):
                if not holds:
                    op = {">=": "<", ">": "<=", "<=": ">", "<": ">="}[op]
                for name, other, rel in ((left, right, op), (right, left, _FLIP[op])):
                    if isinstance(name, Ref) and isinstance(out.get(name.dotted), Iv):
                        bound = self.num(other, out)
                        current = out[name.dotted]
                        assert isinstance(current, Iv)
                        if bound is None:
                            continue
                        if rel in (">=", ">"):
                            new = _meet(current, Iv(bound.lo, INF, rel == ">" or bound.open_lo))
                        else:
                            new = _meet(current, Iv(-INF, bound.hi, False, rel == "<"
                                                    or bound.open_hi))
                        if new.empty():
                            return None
                        out[name.dotted] = new
            case Binary(op="==", left=Ref() as name, right=Num(value=v)) if holds:
                current = out.get(name.dotted)
                if isinstance(current, Iv):
                    if _meet(current, _pt(v)) != _pt(v):
                        return None
                    out[name.dotted] = _pt(v)
        if self.truth(e, out) is (not holds):
            return None
        return out


_FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">"}


def _compare(op: str, a: Iv, b: Iv) -> bool | None:
    if op in ("==", "!="):
        if a.point and b.point:
            return (a.lo == b.lo) is (op == "==")
        if a.hi < b.lo or b.hi < a.lo:
            return op == "!="
        return None
    if op in ("<=", "<"):
        a, b, op = b, a, _FLIP[op]
    if op == ">=":
        return True if a.lo >= b.hi else (False if a.hi < b.lo else None)
    return True if a.lo > b.hi else (False if a.hi <= b.lo else None)


# ---------------------------------------------------------------- the inputs' ranges

def _data_ranges() -> dict[str, Iv | None]:
    """The budget figures of every line: amounts and rates, ≥ 0."""
    out: dict[str, Iv | None] = {}
    for line in ("budget.", "budget.central.", "budget.local.", "budget.other."):
        for figure in ("total", "executed", "rate"):
            out[line + figure] = NONNEG
    return out


def _kind_inputs(k: Kind, weight: Decimal) -> dict[str, Iv | None]:
    env = _data_ranges()
    env.update({"weight": _pt(weight), "filed_score": NONNEG, "name": None, "category": None,
                "unit": None, "section": None})
    for n in k.notations:
        if n is Notation.TEXT:
            env["ratio"] = _level_range(k)
        elif n is Notation.DATE:
            env["days_late"] = env["months_late"] = ANY
        elif n is Notation.RANGE:
            env.update({"actual": NONNEG, "target.low": NONNEG, "target.high": NONNEG})
        else:
            env.update({"actual": NONNEG, "target": NONNEG})
    return env


def _level_range(k: Kind) -> Iv:
    found: Iv | None = None
    for lv in k.levels:
        if lv.points is not None:  # points ÷ weight, at most 1
            found = _hull(found, UNIT)
        if lv.ratio is not None:
            found = _hull(found, _pt(lv.ratio))
        if lv.band is not None:
            found = _hull(found, Iv(lv.band.low, lv.band.high))
    return found or UNIT


def _places(x: Decimal) -> int:
    exponent = x.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def share_weights(scheme: Scheme) -> list[Decimal]:
    """The weights an indicator's row can have: each section's equal shares among 1 … 8 rows,
    at the places the scheme gives shares (rounded down, as the first rows' shares are), and
    the smallest weight of those places."""
    found: set[Decimal] = set()
    for sec in scheme.sections:
        digits = sec.split.digits if sec.split.digits is not None \
            else max(2, _places(sec.weight))
        unit = Decimal(1).scaleb(-digits)
        found.add(unit)
        for n in range(1, MAX_SHARES + 1):
            share = (sec.weight / n).quantize(unit, rounding=decimal.ROUND_FLOOR)
            if share > 0:
                found.add(share)
    # round weights near 10 first: the inputs reported read as a table's would
    return sorted(found, key=lambda w: (_places(w), abs(w - 10), w)) or [ONE]


# ---------------------------------------------------------------- edge points

_EDGES = [Decimal(x) for x in ("1", "0", "1.5", "2", "0.5", "3", "1.2", "10", "100", "0.1",
                               "10000", "-1", "-10", "-10000")]


def _edges(r: Iv) -> list[Decimal]:
    """Points of ``r`` to try: small plain numbers first (1, 0, 1.5 …), then its finite ends."""
    def inside(x: Decimal) -> bool:
        return ((x > r.lo or (x == r.lo and not r.open_lo))
                and (x < r.hi or (x == r.hi and not r.open_hi)))
    ends = [x for x in (r.lo, r.hi) if not x.is_infinite() and inside(x)]
    return list(dict.fromkeys([*(x for x in _EDGES if inside(x)), *ends]))


def names_read(e: Expr) -> Iterator[str]:
    """The inputs an expression reads: names and aggregates (not the names ``has`` asks
    about: it reads no value)."""
    match e:
        case Ref():
            yield e.dotted
        case Aggregate():
            yield show(e)
        case Unary(operand=o):
            yield from names_read(o)
        case Binary(left=left, right=right):
            yield from names_read(left)
            yield from names_read(right)
        case Cond(test=t, then=a, otherwise=b):
            for x in (t, a, b):
                yield from names_read(x)
        case Call(args=args):
            fn = FUNCTIONS.get(e.fn)
            if not (fn is not None and fn.takes_name):
                for a in args:
                    yield from names_read(a)


def _asks_presence(e: Call) -> bool:
    fn = FUNCTIONS.get(e.fn)
    return fn is not None and fn.takes_name


def presence_tests(e: Expr) -> Iterator[str]:
    """The ``has(…)`` tests of an expression, as shown: the search tries each both ways."""
    match e:
        case Call() if _asks_presence(e):
            yield show(e)
        case Call(args=args):
            for a in args:
                yield from presence_tests(a)
        case Unary(operand=o):
            yield from presence_tests(o)
        case Binary(left=left, right=right):
            yield from presence_tests(left)
            yield from presence_tests(right)
        case Cond(test=t, then=a, otherwise=b):
            for x in (t, a, b):
                yield from presence_tests(x)


def _combinations(choices: list[list[Decimal]]) -> Iterator[tuple[Decimal, ...]]:
    """One point of each list, the plainest first: all first choices, then one step away …
    (so ``actual = 3, target = 1`` is tried before ``actual = 1, target = 0.1``)."""
    size = 1
    for c in choices:
        size *= len(c)
    if size > MAX_TRIES:
        yield from itertools.islice(itertools.product(*choices), MAX_TRIES)
        return
    for index in sorted(itertools.product(*(range(len(c)) for c in choices)), key=sum):
        yield tuple(c[i] for c, i in zip(choices, index, strict=True))


@attrs.frozen
class Broken:
    """Inputs at which a formula leaves [0, weight], and what it gives there."""

    inputs: tuple[tuple[str, Decimal], ...]
    value: Decimal
    weight: Decimal
    derived: tuple[tuple[str, Decimal], ...] = ()  # what the inputs give on the way: completion


def _search(r: _Ranges, f: Formula, env: Env, weight: Decimal,
            derived: tuple[Formula, ...] = ()) -> Broken | None:
    """Inputs, at the edge points of their ranges, for which ``f`` leaves [0, weight].
    ``derived``: formulas computed first from the same inputs, in order (a kind's completion
    and deviation), so that the inputs tried are ones a record can have."""
    names = {d.name for d in derived}
    free: list[str] = []
    for g in (*derived, f):
        free += [n for n in dict.fromkeys(names_read(g.expr)) if n not in free
                 and n not in names and n not in r.params and n != "weight"
                 and isinstance(env.get(n), Iv)]
    choices = []
    for n in free:
        got = env.get(n)
        assert isinstance(got, Iv)
        choices.append(_edges(got))
    for g in (*derived, f):  # has(…): the data holds the figure (1) or not (0)
        for test in dict.fromkeys(presence_tests(g.expr)):
            if test not in free:
                free.append(test)
                choices.append([Decimal(1), ZERO])
    read = set(names_read(f.expr))
    for values in _combinations(choices):
        point: dict[str, Iv | None] = dict(env)
        point.update({n: _pt(v) for n, v in zip(free, values, strict=True)})
        on_the_way = []
        for d in derived:
            point[d.name] = got = r.num(d.expr, point)
            if got is not None and got.point and d.name in read:
                on_the_way.append((d.name, got.lo))
        got = r.num(f.expr, point)
        if got is None or not got.point or got.lo.is_infinite():
            continue
        if got.lo < 0 or got.lo > weight:
            shown = tuple((n, v) for n, v in zip(free, values, strict=True))
            return Broken(shown, got.lo, weight, tuple(on_the_way))
    return None


def _outside(got: Iv | None, weight: Decimal) -> bool:
    return got is None or got.lo < 0 or got.hi > weight


# ---------------------------------------------------------------- the check

def score_ranges(cs: CompiledScheme) -> list[Diagnostic]:
    """JX231 for every score formula (a kind's, a section's, the total) that inputs in range
    take outside [0, weight] (the total: outside [0, the full score])."""
    s = cs.scheme
    with decimal.localcontext(_CONTEXT):
        return [*_kinds(s), *_sections(s), *_total(s)]


def _kinds(s: Scheme) -> Iterator[Diagnostic]:
    r = _Ranges(s, {})
    weights = share_weights(s)
    found: dict[Span | None, tuple[Formula, list[str], Broken]] = {}
    proven: set[tuple[object, ...]] = set()  # (score formula, its inputs' ranges): within
    for k in s.kinds:
        env = _kind_inputs(k, ONE)
        reads_weight = "weight" in {*names_read(k.completion.expr),
                                    *names_read(k.deviation.expr)}
        read = sorted(set(names_read(k.score.expr)) - {"weight"})
        for w in weights:
            env["weight"] = _pt(w)
            if reads_weight or "completion" not in env:
                completion = r.num(k.completion.expr, env) or ANY
                # a completion is a rate, never below 0 (a range past it is the formula's)
                env["completion"] = _meet(completion, NONNEG) if completion.hi >= 0 else NONNEG
                env["deviation"] = r.num(k.deviation.expr, env) or ANY
            key = (k.score.span, k.score.text, w, *(env.get(n) for n in read))
            if key in proven:
                continue
            if not _outside(r.num(k.score.expr, env), w):
                proven.add(key)
                continue
            broken = _search(r, k.score, env, w, (k.completion, k.deviation))
            if broken is None:
                continue
            if k.score.span in found:
                found[k.score.span][1].append(k.name)
            else:
                found[k.score.span] = (k.score, [k.name], broken)
            break
    for f, kinds, broken in found.values():
        yield _report(f, broken, f"指标类型 {'、'.join(kinds)}", f"kind {', '.join(kinds)}")


def _sections(s: Scheme) -> Iterator[Diagnostic]:
    for sec in s.sections:
        f = sec.score or s.subtotal
        if f is None:
            continue
        w = sec.weight
        r = _Ranges(s, {"sum(indicators, score)": Iv(ZERO, w),
                        "sum(indicators, weight)": Iv(ZERO, w)})
        env = {**_data_ranges(), "weight": _pt(w), **r.sums}
        if not _outside(r.num(f.expr, env), w):
            continue
        broken = _search(r, f, env, w)
        if broken is not None:
            yield _report(f, broken, f"一级指标 {sec.name}", f"section {sec.name}")


def _total(s: Scheme) -> Iterator[Diagnostic]:
    full = s.full_score
    r = _Ranges(s, {"sum(sections, score)": Iv(ZERO, full),
                    "sum(sections, weight)": _pt(full)})
    env = {**_data_ranges(), "full": _pt(full), **r.sums}
    if not _outside(r.num(s.total.expr, env), full):
        return
    broken = _search(r, s.total, env, full)
    if broken is not None:
        yield _report(s.total, broken, "总分", "the total", full=True)


def _report(f: Formula, b: Broken, subject: str, subject_en: str, full: bool = False
            ) -> Diagnostic:
    """JX231 naming the inputs: ``completion = 1.5 时得 15 > 分值 10``."""
    def named(yes: str, no: str) -> str:
        return ", ".join(f"{n} = {(yes if v else no) if n.startswith('has(') else _num(v)}"
                         for n, v in b.inputs)

    shown, shown_en = named("是", "否"), named("yes", "no")
    if b.derived:
        on_the_way = ", ".join(f"{n} = {_num(v)}" for n, v in b.derived)
        shown = f"{shown} ({on_the_way})" if shown else on_the_way
        shown_en = f"{shown_en} ({on_the_way})" if shown_en else on_the_way
    if b.value > b.weight:
        zh_bound, en_bound = (("满分", "the full score") if full else ("分值", "weight"))
        zh = f"得 {_num(b.value)} > {zh_bound} {_num(b.weight)}"
        en = f"{_num(b.value)} > {en_bound} {_num(b.weight)}"
    else:
        zh, en = f"得 {_num(b.value)} < 0", f"{_num(b.value)} < 0"
    return warning("JX231", f.span, subject=subject, subject_en=subject_en, name=f.name,
                   range="[0, 满分]" if full else "[0, 分值]",
                   range_en="[0, full score]" if full else "[0, weight]",
                   detail=f"{shown} 时{zh}" if shown else zh,
                   detail_en=f"{shown_en} gives {en}" if shown_en else f"it gives {en}")


def _num(x: Decimal) -> str:
    text = format(x.normalize(), "f")
    return text
