"""Scheme text → lark tree, with lark's exceptions translated into jixiao diagnostics.

Stage: the first of the two modules that see lark (the other is ``dsl.build``). The grammar is
``dsl/scheme.lark``, loaded once. A syntax error becomes a ``SchemeError`` whose diagnostics
carry a stable code, the position, the source line and what was expected there; parsing goes
on after an error so that one run reports the mistakes of several lines.
"""

from __future__ import annotations

import functools
from importlib import resources

from lark import (
    Lark,
    Token,
    Tree,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

from engine.diagnostics import Diagnostic, SchemeError, Span, error

MAX_SYNTAX_ERRORS = 10

# How lark's terminal names read to a scheme author.
_READABLE = {
    "NAME": "名称", "STRING": '"文字"', "NUMBER": "数字", "$END": "文件结尾",
    "COMPARE": "比较符号", "ADD": "+", "MINUS": "-", "MUL": "* /", "AGGREGATE": "count/sum",
    "PERCENT": "%",
}


@functools.cache
def grammar_parser() -> Lark:
    """The LALR parser for ``scheme.lark``, built once per process."""
    text = resources.files("dsl").joinpath("scheme.lark").read_text(encoding="utf-8")
    return Lark(text, parser="lalr", propagate_positions=True, maybe_placeholders=False)


def parse_tree(text: str, file: str) -> Tree[Token]:
    """Parse scheme ``text``; raises ``SchemeError`` listing the syntax errors found."""
    lines = text.splitlines()
    found: list[Diagnostic] = []

    def on_error(exc: UnexpectedInput) -> bool:
        d = _diagnostic(exc, file, lines)
        if not found or (d.span and found[-1].span and d.span.line > found[-1].span.line):
            found.append(d)
        return len(found) < MAX_SYNTAX_ERRORS and not isinstance(exc, UnexpectedEOF)

    parser = grammar_parser()
    try:
        tree = parser.parse(text, on_error=on_error)
    except UnexpectedInput as exc:
        if not found:
            found.append(_diagnostic(exc, file, lines))
    if found:
        raise SchemeError(found)
    return tree


def _diagnostic(exc: UnexpectedInput, file: str, lines: list[str]) -> Diagnostic:
    line = max(getattr(exc, "line", 1) or 1, 1)
    column = max(getattr(exc, "column", 1) or 1, 1)
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if (isinstance(exc, UnexpectedToken) and exc.token.type == "$END") or isinstance(
            exc, UnexpectedEOF):
        line = max(len(lines), 1)
        source_line = lines[-1] if lines else ""
        column = len(source_line) + 1
        span = Span(file, line, column, line, column + 1)
        return error("JX103", span, source_line=source_line, block="{ … }")
    if isinstance(exc, UnexpectedCharacters):
        ch = source_line[column - 1] if column - 1 < len(source_line) else "?"
        span = Span(file, line, column, line, column + 1)
        if ch == '"':
            return error("JX103", span, source_line=source_line, block='"…"')
        return error("JX102", span, source_line=source_line, found=repr(ch))
    assert isinstance(exc, UnexpectedToken)
    tok = exc.token
    span = Span(file, line, column, line, column + max(len(str(tok)), 1))
    expected = sorted({_readable(t) for t in exc.expected})
    return error("JX101", span, source_line=source_line, found=f"“{tok}”",
                 expected="、".join(expected[:8]) + ("…" if len(expected) > 8 else ""))


def _readable(terminal: str) -> str:
    if terminal in _READABLE:
        return _READABLE[terminal]
    try:
        pattern = grammar_parser().get_terminal(terminal).pattern
    except KeyError:
        return terminal
    return pattern.value if pattern.type == "str" else terminal
