"""Number and width helpers shared by the renderers."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any


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


def clean(s: str) -> str:
    """Text from the data as a terminal may show it: every character that is not printable —
    an escape sequence, a newline, a bidi override, U+2028 — written out visibly (``\\x1b``,
    ``\\n``), so a crafted name or reason cannot move the cursor, recolour the screen, or add a
    line that shows a total the result does not have."""
    if s.isprintable():
        return s
    return "".join(c.encode("unicode_escape").decode("ascii") if _unsafe(c) else c for c in s)


def _unsafe(c: str) -> bool:
    """Controls, format characters (bidi overrides, zero widths), line and paragraph
    separators, unassigned and private code points; spaces such as U+3000 are fine."""
    category = unicodedata.category(c)
    return category[0] == "C" or category in ("Zl", "Zp")


def clean_lines(text: str) -> str:
    """``text`` with its own line breaks kept and every other non-printable character made
    visible: the last guard before a terminal, for renderers that mix data into prose."""
    return "\n".join(clean(line) for line in text.split("\n"))


def visible(text: str) -> str:
    """Text from the data as a document (Markdown, HTML, docx) shows it: its line breaks kept,
    every other character that is not printable — a bidi override or isolate (U+202E,
    U+2066–2069), ESC, NUL, a zero width — written out (``\\u202e``, ``\\x1b``, ``\\x00``), so a
    crafted name or reason cannot show a reader text in another order than it has (a reversed
    figure, a name that reads as another), hide text, or break the file."""
    return clean_lines(text.replace("\r\n", "\n"))


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


# Characters a worksheet cannot hold (openpyxl refuses them with IllegalCharacterError, a
# traceback): C0 controls but tab, line feed and carriage return.
_XLSX_ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def xlsx_text(value: object) -> object:
    """A cell's value as a worksheet can hold it: a control character shown as ``\\x1b``
    (never dropped silently, never raising)."""
    if not isinstance(value, str):
        return value
    return "".join(f"\\x{ord(ch):02x}" if ord(ch) in _XLSX_ILLEGAL else ch for ch in value)


def xlsx_set(cell: Any, value: object) -> None:
    """Write a value into an openpyxl cell: a text is stored as text even when it starts with
    ``=`` (a name ``=HYPERLINK(…)`` from the data must never become a formula)."""
    cell.value = xlsx_text(value)
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
