"""Typed target and actual values (指标值 / 全年实际完成值).

Stage: shared vocabulary. The value reader in ``dsl.values`` turns texts such as ``≥248``,
``≤90万元`` or ``基本消除`` into these types; the evaluator only ever sees these, never text.
Percentages are stored as rates (``100%`` → ``Decimal("1")``), magnitudes (万, 亿) are kept
beside the written number so a value can be printed back as it was written and converted to
another magnitude exactly.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Final

import attrs


class Op(enum.Enum):
    """The comparison a target is written with. ``BARE`` is a number with no operator."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="
    BARE = "bare"


class Notation(enum.Enum):
    """What a kind can apply to (``kind 正向 for >=, >, bare``)."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="
    BARE = "bare"
    RANGE = "range"
    TEXT = "text"
    DATE = "date"  # a deadline (9月前, 2025年12月底前, 第三季度) or a date (7月, 2025-07-20)


@attrs.frozen(weakref_slot=False)  # no __weakref__: ``quantity`` assigns the class
class Quantity:
    """A number as written: ``number`` in the written magnitude and unit.

    ``magnitude`` is the power of ten of a unit prefix (万 → 4, 亿 → 8), ``unit`` the base unit
    without it (``万元`` → ``元``), ``percent`` marks a ``%`` (the number is then a rate).
    """

    number: Decimal  # as written: ``66.67`` for ``66.67%``, ``90`` for ``90万元``
    unit: str = ""
    magnitude: int = 0
    percent: bool = False

    @property
    def value(self) -> Decimal:
        """The number in base units; percentages as rates (``66.67%`` → ``0.6667``)."""
        v = self.number.scaleb(self.magnitude) if self.magnitude else self.number
        return v.scaleb(-2) if self.percent else v


_NOTATION = {op: Notation(op.value) for op in Op}  # read for every row: no enum lookup by value


# The approximation words that mean "more than the figure" (100余人, 5万多人): scored as the
# figure, the certain part, and said as such (JX528); the others (约, 左右) are JX527.
MORE_THAN_WORDS: Final = frozenset(("余", "多"))


@attrs.frozen(weakref_slot=False)  # no __weakref__: ``comparison`` assigns the class
class Comparison:
    """A numeric target or actual with its operator: ``≥248``, ``100%``, ``≤90万元``."""

    op: Op
    quantity: Quantity
    # What the value reader set aside to read the figure (issue 7, real tables as printed):
    # a trailing bracketed remark (``98.5%（抽检）`` → ``抽检``) and an approximation word
    # (``约``, ``左右``; ``余``/``多``: more than the figure). Not part of the value: equal
    # values stay equal and print alike; the evaluator reports them (JX526–JX528).
    remark: str = attrs.field(default="", eq=False, repr=False)
    approx: str = attrs.field(default="", eq=False, repr=False)

    @property
    def notation(self) -> Notation:
        return _NOTATION[self.op]


@attrs.frozen
class Interval:
    """A range target ``[5, 10]`` or ``5-10``; ``closed_low``/``closed_high`` mark ``[``/``]``."""

    low: Quantity
    high: Quantity
    closed_low: bool = True
    closed_high: bool = True

    @property
    def notation(self) -> Notation:
        return Notation.RANGE


@attrs.frozen
class Text:
    """A qualitative value (定性): ``基本消除``, ``达成预期指标``."""

    text: str

    @property
    def notation(self) -> Notation:
        return Notation.TEXT


@attrs.frozen
class When:
    """A month or a day, as deadlines and completion dates are written (时效指标).

    ``month`` and ``day`` are the last moment allowed (a target) or the moment done (an actual):
    ``9月前`` is the whole of August, ``9月底前`` September, ``10月15日前`` October 15, ``第三季度``
    September, ``年底前`` December. ``day`` is ``None`` for a whole month. ``year`` is the year
    written, else ``None`` (the data's ``subject.year``), moved by ``year_offset`` (``次年`` +1,
    ``1月前`` −1). ``text`` keeps the cell as printed."""

    month: int
    day: int | None = None
    year: int | None = None
    year_offset: int = 0
    text: str = ""

    @property
    def notation(self) -> Notation:
        return Notation.DATE


Value = Comparison | Interval | Text | When


# -- builders for the data reader: the same slots, plain stores ----------------------------
# A frozen slotted attrs class sets each field through ``object.__setattr__``; a cell read
# for the first time (most of a province's 完成值 are figures seen once) builds a Quantity and
# a Comparison, so the reader builds them as ``engine.result``'s builders build results: a
# plain class of the same slots filled by ordinary stores, then given the frozen class by
# ``__class__`` assignment (allowed between classes of the same slots and no ``__weakref__``).
# ``tests/test_values.py`` holds each builder equal to the constructor.


class _QuantityBuild:
    __slots__ = ("magnitude", "number", "percent", "unit")
    number: Decimal
    unit: str
    magnitude: int
    percent: bool


class _ComparisonBuild:
    __slots__ = ("approx", "op", "quantity", "remark")
    op: Op
    quantity: Quantity
    remark: str
    approx: str


_new = object.__new__


def quantity(number: Decimal, unit: str = "", magnitude: int = 0,
             percent: bool = False) -> Quantity:
    """``Quantity(number, unit, magnitude, percent)``, built by plain stores."""
    built = _new(_QuantityBuild)
    built.number = number
    built.unit = unit
    built.magnitude = magnitude
    built.percent = percent
    built.__class__ = Quantity  # type: ignore[assignment]
    return built  # type: ignore[return-value]


def comparison(op: Op, quantity: Quantity, remark: str = "", approx: str = "") -> Comparison:
    """``Comparison(op, quantity, remark, approx)``, built by plain stores."""
    built = _new(_ComparisonBuild)
    built.op = op
    built.quantity = quantity
    built.remark = remark
    built.approx = approx
    built.__class__ = Comparison  # type: ignore[assignment]
    return built  # type: ignore[return-value]


def plain_comparison(op: Op, number: Decimal, unit: str, magnitude: int,
                     percent: bool) -> Comparison:
    """``Comparison(op, Quantity(number, unit, magnitude, percent))`` in one call, built by
    plain stores: the value reader's most common value (a figure read for the first time)."""
    q = _new(_QuantityBuild)
    q.number = number
    q.unit = unit
    q.magnitude = magnitude
    q.percent = percent
    q.__class__ = Quantity  # type: ignore[assignment]
    built = _new(_ComparisonBuild)
    built.op = op
    built.quantity = q  # type: ignore[assignment]
    built.remark = ""
    built.approx = ""
    built.__class__ = Comparison  # type: ignore[assignment]
    return built  # type: ignore[return-value]
