"""Filed figures against computed ones: the assessor's adjustment, and rows that do not apply.

Stage: helpers of ``engine.evaluate``. Real 自评表 print their own 得分; some differ from the
formula's because the assessor judged otherwise (评价人调整). The scheme's ``adjust`` rule
decides whether such a score counts. A filed figure that is the computed one at the precision
it was printed with (``47`` for ``47.33``) is no adjustment. Rows that do not apply (不适用) give
up their weight; ``shares`` rescales the remaining weights exactly as the scheme's
``not_applicable`` rule says.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from jixiao.engine.compile import CompiledAdjust, CompiledFormula
from jixiao.engine.model import Level

ZERO = Decimal(0)


def places(d: Decimal) -> int:
    """How many decimals ``d`` was written with (``47`` → 0, ``5.4`` → 1, ``5.38`` → 2)."""
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def at_precision(computed: Decimal, filed: Decimal, rounding: str) -> bool:
    """Is ``filed`` the ``computed`` figure rounded to the places ``filed`` was printed with?"""
    exp = Decimal(1).scaleb(-places(filed))
    return computed.quantize(exp, rounding=rounding) == filed


@attrs.frozen
class Verdict:
    """What becomes of a filed score: ``use`` it (an allowed adjustment), or keep the formula's
    and say why (``problem``: a code and its arguments; an error code is a rule broken)."""

    use: bool = False
    precision: bool = False  # the filed figure is the computed one, printed with fewer places
    problem: tuple[str, dict[str, object]] | None = None


def judge(filed: Decimal | None, computed: Decimal, adjust: CompiledAdjust, *,
          subject: str, reason: str, level: Level | None, weight: Decimal,
          bound: Callable[[CompiledFormula], Any], rounding: str) -> Verdict:
    """Decide whether ``filed`` replaces ``computed`` under the scheme's ``adjust`` rule."""
    if filed is None or filed == computed:
        return Verdict()
    if at_precision(computed, filed, rounding):
        return Verdict(precision=True)
    rule = adjust.rule
    args: dict[str, object] = {"subject": subject, "filed": filed, "computed": computed}
    if not rule.allowed:
        return Verdict(problem=("JX530", args))
    low: Decimal | None = bound(adjust.low) if adjust.low is not None else None
    high: Decimal | None = bound(adjust.high) if adjust.high is not None else None
    closed_high = True
    if rule.within_level:
        band = level.band if level is not None else None
        if band is None:  # a fixed level (or none): there is no band to choose in
            low = high = computed
        else:
            band_low, band_high = band.low * weight, band.high * weight
            low = band_low if low is None else max(low, band_low)
            if high is None or band_high <= high:
                high, closed_high = band_high, band.closed_high
    low = ZERO if low is None else low
    high = weight if high is None else high
    inside = low <= filed and (filed <= high if closed_high else filed < high)
    if not inside:
        shown = f"[{_plain(low)}, {_plain(high)}{']' if closed_high else ')'}"
        return Verdict(problem=("JX350", {**args, "bounds": shown,
                                          "rule": _rule_text(adjust)}))
    if rule.reason and not reason.strip():
        return Verdict(problem=("JX351", args))
    return Verdict(use=True)


def _plain(d: Decimal) -> str:
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _rule_text(adjust: CompiledAdjust) -> str:
    r = adjust.rule
    text = "adjust allowed"
    if adjust.low is not None and adjust.high is not None:
        text += f" within [{adjust.low.text}, {adjust.high.text}]"
    if r.within_level:
        text += " within level"
    return text + (" with reason" if r.reason else "")


def shares(total: Decimal, parts: Sequence[Decimal], digits: int | None) -> list[Decimal]:
    """``total`` split in proportion to ``parts``. Unrounded when ``digits`` is ``None``; else
    each share is rounded down to ``digits`` places and the units left over go one each to the
    largest remainders (first in order on a tie), so the shares add up to ``total`` exactly."""
    whole = sum(parts, ZERO)
    if not parts:
        return []
    if whole == 0:
        return [ZERO for _ in parts]
    exact = [total * p / whole for p in parts]
    if digits is None:
        return exact
    unit = Decimal(1).scaleb(-digits)
    floors = [x.quantize(unit, rounding=decimal.ROUND_FLOOR) for x in exact]
    left = int((total - sum(floors, ZERO)) / unit)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:max(left, 0)]:
        floors[i] += unit
    return floors
