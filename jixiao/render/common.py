"""Number and width helpers shared by the renderers."""

from __future__ import annotations

import unicodedata
from decimal import Decimal


def dec(d: Decimal) -> str:
    """A decimal in its shortest exact form, never in exponent notation: ``10.00`` → ``10``,
    ``0.5375`` → ``0.5375``, ``0.0000`` → ``0``. Done on the digits, so it is exact whatever the
    decimal context's precision."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent(rate: Decimal | None) -> str:
    """A rate as a percentage the way tables print it: ``0.5375`` → ``53.75%``."""
    if rate is None:
        return "—"
    sign, digits, exponent = rate.as_tuple()
    assert isinstance(exponent, int)
    return dec(Decimal((sign, digits, exponent + 2))) + "%"  # × 100, exactly


def width(s: str) -> int:
    """Columns ``s`` takes in a terminal: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in s)


def pad(s: str, cols: int, right: bool = False) -> str:
    gap = " " * max(cols - width(s), 0)
    return gap + s if right else s + gap


def clip(s: str, cols: int) -> str:
    """``s`` cut to ``cols`` columns, with an ellipsis when cut."""
    if width(s) <= cols:
        return s
    out = ""
    for c in s:
        if width(out + c) > cols - 1:
            break
        out += c
    return out + "…"
