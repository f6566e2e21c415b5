"""Section weights and grade bands as the scheme means them: after ``scale``, and with grades
written as shares (``grade 优 [90%, 100%]``) turned into points of the full score.

Stage: shared by the checks (which compare the grades with the full score) and lowering (which
puts the weights and bands into the model), so both see the same numbers.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from jixiao.dsl.syntax import BandNode, GradeNode, ScaleNode, SchemeNode, SectionNode


def section_weights(node: SchemeNode) -> dict[str, Decimal]:
    """Each section's weight; the sections named by a ``scale`` are multiplied so that they add
    up to its ``to`` (``scale 产出指标, 效益指标 to 80`` with 50 + 30 … keeps them; with 60 + 40
    gives 48 + 32)."""
    weights = {i.name: i.weight or Decimal(0) for i in node.items if isinstance(i, SectionNode)}
    for item in node.items:
        if not isinstance(item, ScaleNode):
            continue
        named = [n for n in item.sections if n in weights]
        before = sum((weights[n] for n in named), Decimal(0))
        if not before:
            continue
        for n in named:
            weights[n] = plain_number(weights[n] * item.to / before)
    return weights


def inexact_scales(node: SchemeNode) -> list[tuple[ScaleNode, str]]:
    """The ``scale`` lines whose weights cannot be scaled exactly (50 × 80 ÷ 90), each with the
    first weight that breaks: a weight must be a number as written, never 44.444…"""
    weights = {i.name: i.weight or Decimal(0) for i in node.items if isinstance(i, SectionNode)}
    out = []
    for item in node.items:
        if not isinstance(item, ScaleNode):
            continue
        named = [n for n in item.sections if n in weights]
        before = sum((weights[n] for n in named), Decimal(0))
        for n in named:
            if before and not _exact(weights[n] * item.to, before):
                out.append((item, f"{n} {weights[n]} × {item.to} ÷ {before}"))
                break
    return out


def _exact(a: Decimal, b: Decimal) -> bool:
    with decimal.localcontext() as ctx:
        ctx.clear_flags()
        a / b
        return not ctx.flags[decimal.Inexact]


def plain_number(x: Decimal) -> Decimal:
    """``x`` without trailing zeros and never in exponent form (110, not 1.1E+2)."""
    x = x.normalize()
    exponent = x.as_tuple().exponent
    return x.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else x


def full_score(node: SchemeNode) -> Decimal:
    return sum(section_weights(node).values(), Decimal(0))


def grade_band(g: GradeNode, full: Decimal) -> BandNode:
    """The grade's band in points: a share band (``[90%, 100%]``) times the full score."""
    if not g.share:
        return g.band
    b = g.band
    return BandNode(plain_number(b.low * full), plain_number(b.high * full), b.closed_low,
                    b.closed_high, b.span)
