"""Units and magnitudes: the one table of magnitude prefixes, and the arithmetic that puts an
actual into its target's scale.

Stage: shared vocabulary. The value reader (``dsl.values``) splits ``千万元`` into the prefix
千万 (magnitude 7) and the base unit 元 with ``PREFIXES``; the evaluator converts ``850000元``
to the ``万元`` of a ``≤90万元`` target with ``scaled`` and names units in its warnings with
``unit_text`` — from the same table, so a unit is never read one way and shown another.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Final

from jixiao.engine.values import Quantity

# Every magnitude prefix a unit may carry, longest first so that 千万 wins over 千 and 万亿
# over 万 when a unit is read.
PREFIXES: Final = (("万亿", 12), ("十万", 5), ("百万", 6), ("千万", 7), ("万", 4), ("亿", 8),
                   ("千", 3))
PREFIX_OF: Final = {magnitude: prefix for prefix, magnitude in PREFIXES}


def exact_value(q: Quantity) -> Decimal:
    """The number times 10**magnitude, exactly, whatever the decimal context's precision
    (``Quantity.value`` goes through the context)."""
    sign, digits, exponent = q.number.as_tuple()
    assert isinstance(exponent, int)  # finite: the value reader never makes NaN or infinity
    return Decimal((sign, digits, exponent + q.magnitude))


def own_scale(q: Quantity) -> Decimal:
    """A quantity in its own written magnitude; percentages as rates."""
    return q.number.scaleb(-2) if q.percent else q.number


def compatible(q: Quantity, ref: Quantity) -> bool:
    """Can ``q`` be converted to ``ref``'s scale? A bare number takes the target's unit."""
    if not q.unit and not q.percent:
        return True
    return q.percent == ref.percent and (not q.unit or not ref.unit or q.unit == ref.unit)


def scaled(q: Quantity, ref: Quantity) -> Decimal:
    """``q`` in ``ref``'s scale (``850000元`` against ``≤90万元`` → ``85``)."""
    if not q.unit and not q.percent and q.magnitude == 0:
        return q.number.scaleb(-2) if ref.percent else q.number
    if ref.percent:
        return q.value
    return q.value.scaleb(-ref.magnitude) if ref.magnitude else q.value


def unit_text(q: Quantity) -> str:
    """The unit as written: ``千万元``, ``万立方米``, ``%``."""
    return "%" if q.percent else PREFIX_OF.get(q.magnitude, "") + q.unit


def show_like(v: Decimal, ref: Quantity) -> str:
    """``v`` (in ``ref``'s scale) written as ``ref`` is: a percentage as one."""
    return f"{v.scaleb(2)}%" if ref.percent else str(v)


@functools.lru_cache(maxsize=1024)  # read for every row with a bare actual: a few texts repeat
def split_unit(text: str) -> tuple[str, int] | None:
    """A unit column (度量单位) as (base unit, magnitude): ``万元`` → ``("元", 4)``, ``个`` →
    ``("个", 0)``, ``万`` → ``("", 4)``; None for none, a percentage or a phrase."""
    text = text.strip()
    if not text or "%" in text or "％" in text or "百分" in text or len(text) > 12:
        return None
    for prefix, magnitude in PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix):], magnitude
    return text, 0


def bare_reading(number: Decimal, ref: Quantity, column: str) -> tuple[str, Decimal | None] | None:
    """How a figure written without unit (``4800000``) is read against a target with its own
    unit or magnitude (``≥500万元``). Normally in the target's unit (None: nothing to say). When
    the row's unit column names the same base unit at another magnitude (元 against 万元), the
    figure is in the column's unit: ``("column", value in the target's scale)``. Without such a
    column, a figure over 100 times its target in the target's unit is most likely written in
    base units: ``("target", None)``, to be said (JX421) though read as the target's."""
    if ref.percent or not (ref.unit or ref.magnitude):
        return None
    split = split_unit(column)
    if split is not None and split[1] != ref.magnitude and (
            split[0] in (ref.unit, "") or not ref.unit):
        return "column", number.scaleb(split[1] - ref.magnitude)
    if ref.magnitude and ref.number > 0 and number > 100 * ref.number and (
            split is None or split[1] != ref.magnitude):
        return "target", None
    return None
