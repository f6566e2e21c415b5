"""Diagnostics for people: ``file:line:col: 错误 JX101 message``, the source line, a caret
under the span, and the hint."""

from __future__ import annotations

from collections.abc import Iterable

from engine.diagnostics import Diagnostic, Severity
from jixiao.render.common import width

_SEVERITY = {("zh", Severity.ERROR): "错误", ("zh", Severity.WARNING): "警告",
             ("en", Severity.ERROR): "error", ("en", Severity.WARNING): "warning"}


def render_diagnostic(d: Diagnostic, lang: str = "zh") -> str:
    head = f"{d.location}: " if d.location else ""
    lines = [f"{head}{_SEVERITY[(lang, d.severity)]} {d.code}: {d.message(lang)}"]
    if d.span is not None and d.source_line:
        number = str(d.span.line)
        text = d.source_line.replace("\t", " ")
        before = text[: max(d.span.column - 1, 0)]
        length = (d.span.end_column - d.span.column if d.span.end_line == d.span.line else
                  len(text) - len(before))
        marked = text[len(before): len(before) + max(length, 1)]
        lines.append(f" {number} | {text}")
        lines.append(f" {' ' * len(number)} | {' ' * width(before)}{'^' * max(width(marked), 1)}")
    hint = d.hint(lang)
    if hint:
        lines.append(f"  {'提示' if lang == 'zh' else 'hint'}: {hint}")
    return "\n".join(lines)


def render_diagnostics(ds: Iterable[Diagnostic], lang: str = "zh") -> str:
    return "\n".join(render_diagnostic(d, lang) for d in ds)
