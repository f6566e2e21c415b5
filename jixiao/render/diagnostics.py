"""Diagnostics for people: ``file:line:col: 错误 JX101 message``, the source line, a caret
under the span, and the hint."""

from __future__ import annotations

from collections.abc import Iterable

from jixiao.engine.diagnostics import Diagnostic, Severity
from jixiao.render.common import clean, width

_WINDOW = 100  # characters of a long source line shown around the mistake
_SEVERITY = {("zh", Severity.ERROR): "错误", ("zh", Severity.WARNING): "警告",
             ("en", Severity.ERROR): "error", ("en", Severity.WARNING): "warning"}
# ANSI colours, used only when the caller says the terminal wants them (``color=True``: the CLI
# decides from the tty and NO_COLOR); files, pipes and golden files never get escapes.
_COLOR = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m"}
_BOLD, _CYAN, _RESET = "\x1b[1m", "\x1b[36m", "\x1b[0m"


def render_diagnostic(d: Diagnostic, lang: str = "zh", *, color: bool = False) -> str:
    def paint(style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if color else text

    where = d.place(lang)
    head = paint(_BOLD, f"{clean(where)}:") + " " if where else ""
    lines = [f"{head}{paint(_COLOR[d.severity], f'{_SEVERITY[(lang, d.severity)]} {d.code}:')}"
             f" {clean(d.message(lang))}"]
    if d.span is not None and d.source_line:
        number = str(d.span.line)
        # One character stays one character, so the caret keeps its place: tabs become spaces
        # and control characters (a terminal escape in a hostile file) a visible "?".
        text = "".join(c if c.isprintable() else " " if c == "\t" else "?" for c in d.source_line)
        start = max(d.span.column - 1, 0)
        length = (d.span.end_column - d.span.column if d.span.end_line == d.span.line else
                  len(text) - start)
        if len(text) > _WINDOW:  # a 1 MB line is shown as the part around the mistake
            left = max(start - _WINDOW // 3, 0)
            text = ("…" if left else "") + text[left: left + _WINDOW] + "…"
            start = start - left + (1 if left else 0)
        before = text[:start]
        marked = text[start: start + min(max(length, 1), _WINDOW)]
        lines.append(f" {number} | {text}")
        caret = paint(_COLOR[d.severity], "^" * max(width(marked), 1))
        lines.append(f" {' ' * len(number)} | {' ' * width(before)}{caret}")
    hint = clean(d.hint(lang))
    if hint:
        lines.append(f"  {paint(_CYAN, '提示' if lang == 'zh' else 'hint')}: {hint}")
    return "\n".join(lines)


def render_diagnostics(ds: Iterable[Diagnostic], lang: str = "zh", *,
                       color: bool = False) -> str:
    return "\n".join(render_diagnostic(d, lang, color=color) for d in ds)
