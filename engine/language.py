"""The scheme language's operators and functions, one table each.

Stage: read by every layer that knows an operator or a function, so that adding one (``floor``,
``ceil``) is one entry here: the grammar's operator and aggregate terminals (the generated
block of ``dsl/scheme.lark``), ``dsl.build`` (other spellings such as ``≥``, ``×``), the
compiler (argument count, argument and result types, the closure it builds), ``model.show``
(precedence) and the expression section of ``docs/language.md`` (generated). After changing a
table run ``python tools/gen_language.py``; ``tests/test_language_tables.py`` fails while a
generated block is stale. A function is called with one grammar rule (``NAME "(" … ")"``) and
checked against ``FUNCTIONS`` by the compiler, so the grammar needs no change for a new one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import attrs

from jixiao.engine.diagnostics import Span
from jixiao.engine.frame import Failure, Fn, Frame
from jixiao.engine.scopes import Type

# ---------------------------------------------------------------- operators



@attrs.frozen
class Operator:
    """One operator. ``operands`` ``None``: any type, but both the same (``==``, ``!=``)."""

    symbol: str  # as the model, explanations and ``show`` write it
    zh: str
    en: str
    precedence: int  # binds tighter when higher (``show`` adds parentheses by it)
    operands: Type | None
    result: Type
    build: Callable[..., Fn]  # (left, right, span) → the closure; a unary one: (operand, span)
    terminal: str = ""  # the grammar terminal it is a spelling of ("" : a keyword in the rules)
    spellings: tuple[str, ...] = ()  # other ways a scheme may write it
    unary: bool = False


def _divide(left: Fn, right: Fn, span: Span | None) -> Fn:
    def divide(f: Frame) -> Decimal:
        d = right(f)
        if not d:
            raise Failure("JX401", span)
        result: Decimal = left(f) / d
        return result
    return divide


OPERATORS: tuple[Operator, ...] = (
    Operator("or", "或", "or", 1, Type.BOOL, Type.BOOL,
             lambda a, b, s: lambda f: a(f) or b(f)),
    Operator("and", "且", "and", 2, Type.BOOL, Type.BOOL,
             lambda a, b, s: lambda f: a(f) and b(f)),
    Operator("not", "非", "not", 3, Type.BOOL, Type.BOOL,
             lambda a, s: lambda f: not a(f), unary=True),
    Operator(">=", "大于等于", "at least", 4, Type.NUM, Type.BOOL,
             lambda a, b, s: lambda f: a(f) >= b(f), "COMPARE", ("≥",)),
    Operator(">", "大于", "greater than", 4, Type.NUM, Type.BOOL,
             lambda a, b, s: lambda f: a(f) > b(f), "COMPARE"),
    Operator("<=", "小于等于", "at most", 4, Type.NUM, Type.BOOL,
             lambda a, b, s: lambda f: a(f) <= b(f), "COMPARE", ("≤",)),
    Operator("<", "小于", "less than", 4, Type.NUM, Type.BOOL,
             lambda a, b, s: lambda f: a(f) < b(f), "COMPARE"),
    Operator("==", "等于", "equal (numbers, texts, yes/no)", 4, None, Type.BOOL,
             lambda a, b, s: lambda f: a(f) == b(f), "COMPARE"),
    Operator("!=", "不等于", "not equal", 4, None, Type.BOOL,
             lambda a, b, s: lambda f: a(f) != b(f), "COMPARE", ("≠",)),
    Operator("+", "加", "plus", 5, Type.NUM, Type.NUM,
             lambda a, b, s: lambda f: a(f) + b(f), "ADD"),
    Operator("-", "减", "minus", 5, Type.NUM, Type.NUM,
             lambda a, b, s: lambda f: a(f) - b(f), "MINUS"),
    Operator("*", "乘", "times", 6, Type.NUM, Type.NUM,
             lambda a, b, s: lambda f: a(f) * b(f), "MUL", ("×",)),
    Operator("/", "除（除数为 0 时报错 JX401）", "divided by (JX401 when the divisor is 0)", 6,
             Type.NUM, Type.NUM, _divide, "MUL", ("÷",)),
    Operator("-", "负号", "negative", 7, Type.NUM, Type.NUM,
             lambda a, s: lambda f: -a(f), unary=True),
)

BINARY: Mapping[str, Operator] = {op.symbol: op for op in OPERATORS if not op.unary}
UNARY: Mapping[str, Operator] = {op.symbol: op for op in OPERATORS if op.unary}
# Another spelling → the operator's symbol (``≥`` → ``>=``).
SPELLINGS: Mapping[str, str] = {s: op.symbol for op in OPERATORS for s in op.spellings}


# ---------------------------------------------------------------- functions

# A rounding function rounds its first argument to the places its second gives, a literal whole
# number (0 when there is none); ``round`` takes the scheme's rounding mode or one it names.
SCHEME_MODE = "scheme"


@attrs.frozen
class Function:
    name: str
    params: str  # as the documentation writes the call
    zh: str
    en: str
    min_args: int
    max_args: int | None  # None: any number
    build: Callable[[Sequence[Fn]], Fn] | None = None  # None: a rounding function
    rounding: str = ""  # a rounding function's mode: SCHEME_MODE or a ``RoundingMode`` value
    takes_mode: bool = False  # round(x, 2, half_even): the mode as a last, bare name
    example: str = ""
    arg_type: Type = Type.NUM  # of every argument
    result: Type = Type.NUM  # a rounding function's is always a number
    # has(budget.local): the argument is a name, never computed; the compiler asks the data
    # whether it has that figure (or any under it)
    takes_name: bool = False

    @property
    def arguments(self) -> str:
        """What it takes, as the documentation says it: ``2 × number``, ``1 × name``."""
        return f"{self.arity} × {'name' if self.takes_name else self.arg_type.value}"

    @property
    def arity(self) -> str:
        """The argument count as a message shows it: ``2``, ``1–2``, ``≥1``."""
        if self.max_args is None:
            return f"≥{self.min_args}"
        if self.min_args == self.max_args:
            return str(self.min_args)
        return f"{self.min_args}–{self.max_args}"


def _extreme(pick: Callable[..., Decimal]) -> Callable[[Sequence[Fn]], Fn]:
    def build(args: Sequence[Fn]) -> Fn:
        if len(args) == 2:  # the common case, without a generator
            first, second = args
            return lambda f: pick(first(f), second(f))
        return lambda f: pick(g(f) for g in args)
    return build


def _abs(args: Sequence[Fn]) -> Fn:
    only = args[0]
    return lambda f: abs(only(f))


FUNCTIONS_TABLE: tuple[Function, ...] = (
    Function("min", "a, b, …", "最小值", "the smallest", 1, None, _extreme(min),
             example="min(completion, 1)"),
    Function("max", "a, b, …", "最大值", "the largest", 1, None, _extreme(max),
             example="max(0, 1 - deviation)"),
    Function("abs", "x", "绝对值", "the absolute value", 1, 1, _abs,
             example="abs(actual - target)"),
    Function("round", "x, 位数", "按方案的取整方式（或写明的方式）保留位数",
             "rounded to the places, in the scheme's rounding mode or the one named", 2, 2,
             rounding=SCHEME_MODE, takes_mode=True, example="round(actual / target, 4, half_even)"),
    Function("floor", "x[, 位数]", "向下取整（朝负无穷），位数默认为 0",
             "rounded down (toward minus infinity), to 0 places unless given", 1, 2,
             rounding="floor", example="floor(weight * completion, 1)"),
    Function("ceil", "x[, 位数]", "向上取整（朝正无穷），位数默认为 0",
             "rounded up (toward plus infinity), to 0 places unless given", 1, 2,
             rounding="ceiling", example="ceil(count(projects) / 2)"),
    Function("has", "名称", "数据中是否有这一数值（或其下的任一数值）；不计算它",
             "whether the data has this figure (or any under it); the figure is not computed",
             1, 1, example="has(budget.local)", result=Type.BOOL, takes_name=True),
)
FUNCTIONS: Mapping[str, Function] = {fn.name: fn for fn in FUNCTIONS_TABLE}


# ---------------------------------------------------------------- aggregates

@attrs.frozen
class AggregateFn:
    """A function over a collection: ``count(projects where started)``, ``sum(sections, score)``."""

    name: str
    zh: str
    en: str
    takes_item: bool  # sum(indicators, score): a formula over each item
    build: Callable[[Callable[[Frame], list[Frame]], Fn | None], Fn]
    example: str = ""


def _count(items: Callable[[Frame], list[Frame]], item: Fn | None) -> Fn:
    def count(f: Frame) -> Decimal:
        return Decimal(len(items(f)))
    return count


def _sum(items: Callable[[Frame], list[Frame]], item: Fn | None) -> Fn:
    assert item is not None

    def total(f: Frame) -> Decimal:
        return sum((item(r) for r in items(f)), Decimal(0))
    return total


AGGREGATES_TABLE: tuple[AggregateFn, ...] = (
    AggregateFn("count", "项数（可加 where 条件）", "how many items (optionally: where …)", False,
                _count, "count(projects where started)"),
    AggregateFn("sum", "各项之和（可加 where 条件）",
                "the sum over the items (optionally: where …)", True, _sum,
                "sum(indicators, score where completion < 1)"),
)
AGGREGATES: Mapping[str, AggregateFn] = {a.name: a for a in AGGREGATES_TABLE}


def known_functions() -> str:
    """Every name that can be called, for the JX203 hint."""
    return ", ".join([*FUNCTIONS, *AGGREGATES])
