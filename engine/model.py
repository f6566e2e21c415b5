"""The scheme model: what a checked scheme says, as immutable data.

Stage: the target of ``dsl.lower`` and the input of ``engine.compile``. Nothing here knows about
text or lark; a developer may build a ``Scheme`` in code. Every node keeps the ``Span`` of the
scheme text it came from (or ``None`` when built in code) so diagnostics and explanation steps
can point at the line that caused them. Cross-object rules (names resolve, types agree, bands
tile) are checked by the compiler and the dsl check passes, not by constructors.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from jixiao.engine.diagnostics import Span
from jixiao.engine.language import BINARY, UNARY
from jixiao.engine.values import Notation

# ---------------------------------------------------------------- expressions


@attrs.frozen
class Num:
    value: Decimal
    span: Span | None = None


@attrs.frozen
class Str:
    value: str
    span: Span | None = None


@attrs.frozen
class Ref:
    """A name such as ``actual``, ``target.low`` or ``budget.central.rate``."""

    path: tuple[str, ...]
    span: Span | None = None

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@attrs.frozen
class Call:
    """A function of ``engine.language.FUNCTIONS``; ``mode`` is round's optional rounding mode."""

    fn: str
    args: tuple[Expr, ...]
    span: Span | None = None
    mode: str | None = None


@attrs.frozen
class Aggregate:
    """``count(projects where started)``, ``sum(indicators, score)``: over a collection."""

    fn: str  # one of ``engine.language.AGGREGATES``: count | sum
    collection: str  # projects | indicators | sections
    item: Expr | None
    where: Expr | None
    span: Span | None = None


@attrs.frozen
class Unary:
    op: str  # "-" | "not"
    operand: Expr
    span: Span | None = None


@attrs.frozen
class Binary:
    """Arithmetic (``+ - * /``), comparison (``>= > <= < == !=``) or logic (``and or``)."""

    op: str
    left: Expr
    right: Expr
    span: Span | None = None


@attrs.frozen
class Cond:
    """``if test then a else b``: only the chosen branch is evaluated."""

    test: Expr
    then: Expr
    otherwise: Expr
    span: Span | None = None


Expr = Num | Str | Ref | Call | Aggregate | Unary | Binary | Cond



def show(e: Expr, outer: int = 0) -> str:
    """An expression written back in the scheme language, with only the parentheses needed."""
    match e:
        case Num(value=v):
            return format(v, "f")
        case Str(value=sv):
            return f'"{sv}"'
        case Ref():
            return e.dotted
        case Call(fn=fn, args=args, mode=mode):
            parts = [show(a) for a in args] + ([mode] if mode else [])
            return f"{fn}({', '.join(parts)})"
        case Aggregate(fn=fn, collection=c, item=item, where=where):
            inner = c + (f", {show(item)}" if item is not None else "")
            inner += f" where {show(where)}" if where is not None else ""
            return f"{fn}({inner})"
        case Unary(op=op, operand=o):
            p = UNARY[op].precedence
            return f"not {show(o, p)}" if op == "not" else f"-{show(o, p)}"
        case Binary(op=op, left=left, right=right):
            p = BINARY[op].precedence
            text = f"{show(left, p)} {op} {show(right, p + 1)}"
            return f"({text})" if p < outer else text
        case Cond(test=t, then=a, otherwise=b):
            text = f"if {show(t)} then {show(a)} else {show(b)}"
            return f"({text})" if outer else text
    raise AssertionError(e)  # pragma: no cover


@attrs.frozen
class Formula:
    """A named formula with its source text, which explanation steps quote."""

    name: str
    expr: Expr
    text: str
    span: Span | None = None


# ---------------------------------------------------------------- scheme structure


class RoundingMode(enum.Enum):
    """Rounding modes a scheme can name; ``half_up`` is 四舍五入."""

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    DOWN = "down"  # 截断 toward zero
    UP = "up"  # away from zero
    FLOOR = "floor"
    CEILING = "ceiling"


class SplitMode(enum.Enum):
    """How a section's weight is shared among its indicators."""

    GIVEN = "given"  # every indicator has a weight in the data; they must add up
    EQUAL = "equal"  # weight ÷ number of indicators, whatever the data says
    GIVEN_ELSE_EQUAL = "given_else_equal"  # given weights; the rest shares the remainder


@attrs.frozen
class Band:
    """An interval of numbers; ``[0.6, 0.8)`` is closed below and open above."""

    low: Decimal
    high: Decimal
    closed_low: bool = True
    closed_high: bool = False

    def contains(self, x: Decimal) -> bool:
        above = x >= self.low if self.closed_low else x > self.low
        below = x <= self.high if self.closed_high else x < self.high
        return above and below

    def __str__(self) -> str:
        lo = "[" if self.closed_low else "("
        hi = "]" if self.closed_high else ")"
        return f"{lo}{self.low}, {self.high}{hi}"


@attrs.frozen
class Level:
    """A qualitative level (定性等级): a fixed ratio, a band the assessor chooses in, or fixed
    points (``points 7``: 7 分 whatever the row's weight; its ratio is points ÷ weight, at most
    1, once the weights are known)."""

    name: str
    aliases: tuple[str, ...] = ()
    ratio: Decimal | None = None
    band: Band | None = None
    span: Span | None = None
    points: Decimal | None = None

    def matches(self, text: str) -> bool:
        return text == self.name or text in self.aliases


@attrs.frozen
class Require:
    """``require reason when …``: a reason (偏差原因) must be given when the condition holds."""

    condition: Formula
    span: Span | None = None


@attrs.frozen
class Adjust:
    """Whether an assessor may set a score other than the formula's (评价人调整), and how far:
    between ``low`` and ``high`` (formulas that read ``weight``), or inside the qualitative
    level's band (``within_level``: ratio band × weight), with or without a required reason.
    No rule at all means ``Adjust(allowed=False)``: a filed score that differs is reported,
    never used."""

    allowed: bool = False
    low: Formula | None = None
    high: Formula | None = None
    within_level: bool = False
    reason: bool = False
    span: Span | None = None


NEVER = Adjust()


# ``percent as_fraction | as_written | ask``: a bare figure a factor of 100 from a percent
# target read as a fraction (True), as written (False), or asked about (None: JX510 / JX330)
PERCENT_MODES: dict[str, bool | None] = {"as_fraction": True, "as_written": False, "ask": None}


class NotApplicableMode(enum.Enum):
    """What happens to the weight of a row that does not apply (不适用)."""

    RESCALE = "rescale"  # every weight scaled up so the full score stays (national rule)
    SECTION = "section"  # the row's section keeps its weight; its other rows share it
    DROP = "drop"  # the weight is lost: the record is scored out of less


@attrs.frozen
class NotApplicable:
    mode: NotApplicableMode = NotApplicableMode.RESCALE
    # rescaled weights are rounded to this many places (2 when not said), and still add up
    digits: int | None = None
    span: Span | None = None


@attrs.frozen
class Flag:
    """``flag 超额完成 warning "…" when … [deduct …]``: reported for every indicator whose values
    meet ``condition`` (each matching flag, not only the first); ``deduct`` takes points off the
    indicator's score, never below 0."""

    name: str
    severity: str  # warning | error
    message: str
    condition: Formula
    deduct: Formula | None = None
    span: Span | None = None


@attrs.frozen
class Param:
    """``param 超额 = 120%``: a named constant every formula may read; a child scheme sets it."""

    name: str
    value: Decimal
    span: Span | None = None


@attrs.frozen
class Kind:
    """An indicator kind (正向, 反向, 定性 …) with its formulas, defaults already applied.
    ``where`` narrows which rows it takes (``where category == "成本指标"``); a kind with a
    ``where`` that holds is chosen before one without."""

    name: str
    notations: tuple[Notation, ...]
    completion: Formula
    deviation: Formula
    score: Formula
    levels: tuple[Level, ...] = ()
    requires: tuple[Require, ...] = ()
    span: Span | None = None
    adjust: Adjust = NEVER
    where: Formula | None = None
    flags: tuple[Flag, ...] = ()


@attrs.frozen
class Split:
    mode: SplitMode = SplitMode.GIVEN_ELSE_EQUAL
    digits: int | None = None  # round an equal share to this many decimals
    # written in the scheme: a declared given_else_equal takes the leftover by design (the
    # seed's 开工率 8, the rest share 42); the default one warns that it did (JX521)
    declared: bool = attrs.field(default=False, eq=False)


@attrs.frozen
class Section:
    """A first-level section (一级指标). ``score`` set: its own formula (预算执行); else the
    scheme's ``subtotal`` over its indicators."""

    name: str
    weight: Decimal
    aliases: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    split: Split = Split()
    score: Formula | None = None
    span: Span | None = None
    adjust: Adjust = NEVER  # for a section with its own score (the budget's 得分)

    def matches(self, name: str) -> bool:
        return name == self.name or name in self.aliases


@attrs.frozen
class Grade:
    name: str
    band: Band
    span: Span | None = None


@attrs.frozen
class Derive:
    """A figure computed from the data (项目开工率 from the sub-projects); if an indicator has
    this name, the figure is its actual."""

    formula: Formula

    @property
    def name(self) -> str:
        return self.formula.name


@attrs.frozen
class Change:
    """One thing a scheme changes from the scheme it extends (shown by ``check`` and ``doc``)."""

    action: str  # added | changed | replaced | dropped
    what: str  # section | kind | formula | derive | grades | require | basis | rounding | budget
    name: str
    details: tuple[str, ...] = ()  # what changed inside the item: "weight 10 → 20", "score"


@attrs.frozen
class Scheme:
    """A complete, checked scoring scheme."""

    name: str
    version: str
    rounding: RoundingMode
    budget_rate: Formula
    sections: tuple[Section, ...]
    kinds: tuple[Kind, ...]
    total: Formula
    grades: tuple[Grade, ...]
    subtotal: Formula | None = None
    derives: tuple[Derive, ...] = ()
    basis: str = ""
    lineage: tuple[str, ...] = ()  # the schemes this one extends, nearest first
    span: Span | None = None
    changes: tuple[Change, ...] = ()  # what this scheme changes from the one it extends
    not_applicable: NotApplicable = NotApplicable()
    params: tuple[Param, ...] = ()
    # ``percent as_fraction`` (True) / ``as_written`` (False) / ``ask`` (None, the default);
    # the command line's --percent-as-fraction / --percent-as-written override it
    percent_as_fraction: bool | None = None

    @property
    def full_score(self) -> Decimal:
        return sum((s.weight for s in self.sections), Decimal(0))
