"""Scheme text → lark tree, with lark's exceptions translated into jixiao diagnostics.

Stage: ``parse`` and ``limit_shape`` of ``dsl.frontend.STAGES``; the first of the two modules
that see lark (the other is ``dsl.build``). The grammar is
``dsl/scheme.lark``, loaded once. A syntax error becomes a ``SchemeError`` whose diagnostics
carry a stable code, the position, the source line and what was expected there; parsing goes
on after an error so that one run reports the mistakes of several lines.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import unicodedata
from pathlib import Path
from typing import Any

import attrs
import lark
from lark import (
    Lark,
    Token,
    Tree,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

from jixiao.engine.diagnostics import Diagnostic, SchemeError, Span, error
from jixiao.engine.limits import DEFAULT_LIMITS, MAX_DIGITS, Limits

ParseTree = Tree[Token]  # what the parse stage hands to the next ones

# Expression rules of the grammar: their nesting and size are limited (``Limits``), so that
# no formula can exhaust the stack of the stages after parsing, which recurse over expressions.
_EXPR_RULES = {"cond", "or_", "and_", "not_", "compare", "binary", "neg", "call", "aggregate",
               "agg_item", "agg_where", "dotted", "number", "string"}
_ITEM_KEYWORDS = {"section", "kind", "grade", "derive", "budget", "require", "rounding", "basis",
                  "level", "split", "categories"}

# How lark's terminal names read to a scheme author, in Chinese and English.
_READABLE = {
    "NAME": ("名称", "a name"), "STRING": ('"文字"', '"text"'), "NUMBER": ("数字", "a number"),
    "$END": ("文件结尾", "end of file"), "<END-OF-FILE>": ("文件结尾", "end of file"),
    "COMPARE": ("比较符号", "a comparison"),
    "ADD": ("+", "+"), "MINUS": ("-", "-"), "MUL": ("* /", "* /"),
    "AGGREGATE": ("count/sum", "count/sum"), "PERCENT": ("%", "%"),
}


@functools.cache
def grammar_parser() -> Lark:
    """The LALR parser for ``scheme.lark``, once per process: loaded from the tables built ahead
    of time (``dsl/grammar_tables.json``, about 10 ms) when they belong to this grammar and this
    lark, else built from the grammar (about 150 ms, as correct)."""
    stored = stored_tables()
    if stored is not None:
        # lark's own loader for serialised tables (what its standalone generator uses)
        loaded: Lark = Lark._load_from_dict(  # type: ignore[no-untyped-call]
            stored["data"], stored["memo"], propagate_positions=True)
        return loaded
    return build_grammar_parser()


def build_grammar_parser() -> Lark:
    """The parser built from ``scheme.lark`` (what ``tools/gen_grammar_tables.py`` stores)."""
    return Lark(grammar_text(), parser="lalr", propagate_positions=True,
                maybe_placeholders=False)


def grammar_text() -> str:
    return (HERE / "scheme.lark").read_text(encoding="utf-8")


def grammar_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


TABLES = "grammar_tables.json"
# The package's own folder: its data files sit beside this module (package data, never zipped).
# A plain path rather than importlib.resources, whose readers cost the CLI's start-up 3 ms.
HERE = Path(__file__).resolve().parent


def stored_tables() -> dict[str, Any] | None:
    """The tables in ``grammar_tables.json`` if they belong to the grammar file and the
    installed lark, else ``None``. JSON, not pickle: plain data that can only ever be data."""
    try:
        text = (HERE / TABLES).read_text(encoding="utf-8")
        stored = json.loads(text, object_hook=_from_json)
    except (OSError, ValueError):  # missing or damaged (a bad merge): build the tables instead
        return None
    if not isinstance(stored, dict):
        return None
    if (stored.get("grammar_sha256") != grammar_digest(grammar_text())
            or stored.get("lark_version") != lark.__version__):
        return None
    return stored


def fresh_tables_json() -> str:
    """The tables built from ``scheme.lark`` now, as ``grammar_tables.json`` stores them."""
    from lark.grammar import Rule
    from lark.lexer import TerminalDef

    data, memo = build_grammar_parser().memo_serialize([TerminalDef, Rule])
    return tables_json({"grammar_sha256": grammar_digest(grammar_text()),
                        "lark_version": lark.__version__, "data": data, "memo": memo})


def tables_json(data: Any) -> str:
    """lark's serialised tables as JSON: dicts with keys other than text and tuples are tagged,
    so that ``_from_json`` gives back exactly what lark serialised."""
    def enc(x: Any) -> Any:
        if isinstance(x, dict):
            if all(isinstance(k, str) for k in x):
                return {k: enc(v) for k, v in x.items()}
            return {_MAP: [[enc(k), enc(v)] for k, v in x.items()]}
        if isinstance(x, tuple):
            return {_TUPLE: [enc(v) for v in x]}
        if isinstance(x, list):
            return [enc(v) for v in x]
        if x is None or isinstance(x, str | int | float | bool):
            return x
        raise TypeError(f"not plain data: {type(x).__name__}")
    return json.dumps(enc(data), ensure_ascii=False, sort_keys=True) + "\n"


_MAP, _TUPLE = "\u0000map", "\u0000tuple"


def _from_json(d: dict[str, Any]) -> Any:
    if _MAP in d:
        return {(tuple(k) if isinstance(k, list) else k): v for k, v in d[_MAP]}
    if _TUPLE in d:
        return tuple(d[_TUPLE])
    return d


def parse_tree(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> ParseTree:
    """Parse scheme ``text``; raises ``SchemeError`` listing the syntax errors found.

    Recovery is by line: after an error the offending line is blanked and the text parsed again,
    so each report is a mistake of its own rather than an echo of the first (lark's token-skipping
    recovery mostly produces echoes). When brackets do not pair up, every later line would be an
    echo of the open one, so only the first error is reported, with the imbalance as a hint.
    """
    # as the parser counts lines: U+2028, U+2029, \x0c and \x85 are not line ends
    lines = text.removesuffix("\n").split("\n")
    found: list[Diagnostic] = []
    parser = grammar_parser()
    attempt = list(lines)
    balanced = _balance(text) == (0, 0)
    # Each retry parses again from the start up to its mistake: the retries together may read
    # the text about three times, not once per mistake (10 mistakes in a large file took minutes).
    budget = 3 * len(text) + 100_000
    while True:
        try:
            tree = parser.parse("\n".join(attempt) if found else text)
        except UnexpectedInput as exc:
            d = _diagnostic(exc, file, lines)
            line = d.span.line if d.span else 0
            if found and (d.code == "JX103" or line <= _line_of(found[-1])):
                break  # an echo of an earlier mistake, or the end of a broken file
            found.append(d)
            if not balanced:
                found[-1] = _with_balance(d, _balance(text))
                break
            if d.code == "JX103" or len(found) >= limits.syntax_errors or not (
                    0 < line <= len(attempt)) or _balance(attempt[line - 1]) != (0, 0):
                break
            budget -= getattr(exc, "pos_in_stream", None) or len(text)
            if budget <= 0:
                break
            attempt[line - 1] = ""
            continue
        if not found:
            return tree
        break
    raise SchemeError(found)


def lex_all(text: str) -> list[tuple[str, str]]:
    """Every token of ``text`` in order as (type, text), whitespace and comments included, so
    that the formatter (``jixiao.fmt``) can lay the text out again without losing a comment.
    Call it on text ``parse_tree`` accepted."""
    return [(t.type, str(t)) for t in grammar_parser().lex(text, dont_ignore=True)]


def check_shape(tree: ParseTree, file: str, lines: list[str],
                limits: Limits) -> list[Diagnostic]:
    """Every formula within the depth and size limits, every number within its length; walked
    without recursion (the pipeline's ``limit_shape`` stage, before anything recurses)."""
    found: list[Diagnostic] = []
    sizes: dict[int, int] = {}
    reported: set[int] = set()
    stack: list[tuple[Tree[Token] | Token, int, Tree[Token] | None]] = [(tree, 0, None)]
    while stack:
        node, depth, root = stack.pop()
        if not isinstance(node, Tree):
            continue
        if node.data == "number" and node.children:
            digits = sum(c.isdigit() for c in str(node.children[0]))
            if digits > MAX_DIGITS:
                span = _span_of(node, file)
                line = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
                found.append(error("JX221", span, source_line=line, digits=digits,
                                   limit=MAX_DIGITS, value=str(node.children[0])))
        if node.data in _EXPR_RULES:
            root = root or node
            depth += 1
            sizes[id(root)] = sizes.get(id(root), 0) + 1
            if id(root) not in reported and (depth > limits.expression_depth
                                             or sizes[id(root)] > limits.expression_nodes):
                reported.add(id(root))
                span = _span_of(root, file)  # the formula's start: where to simplify
                line = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
                if depth > limits.expression_depth:
                    found.append(error("JX218", span, source_line=line, depth=f"> {depth - 1}",
                                       limit=limits.expression_depth))
                else:
                    found.append(error("JX219", span, source_line=line,
                                       size=f"> {sizes[id(root)] - 1}",
                                       limit=limits.expression_nodes))
                continue
        else:
            root, depth = None, 0
        stack.extend((child, depth, root) for child in node.children)
    return found


def _span_of(node: Tree[Token], file: str) -> Span:
    meta = node.meta
    if getattr(meta, "empty", True):
        return Span(file, 1, 1, 1, 1)
    return Span(file, meta.line, meta.column, meta.line, meta.column + 1)


def _balance(text: str) -> tuple[int, int]:
    """``{`` minus ``}`` and ``(``/``[`` minus ``)``/``]``, outside strings and comments."""
    braces = parens = 0
    for line in text.split("\n"):
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif quoted:
                continue
            elif ch == "#":
                break
            elif ch == "{":
                braces += 1
            elif ch == "}":
                braces -= 1
            elif ch in "([":
                parens += 1
            elif ch in ")]":
                parens -= 1
    return braces, parens


def _with_balance(d: Diagnostic, balance: tuple[int, int]) -> Diagnostic:
    braces, parens = balance
    zh, en = [], []
    if braces:
        zh.append(f"全文 {{ 比 }} {'多' if braces > 0 else '少'} {abs(braces)} 个")
        en.append(f"the file has {abs(braces)} more {'{' if braces > 0 else '}'} than "
                  f"{'}' if braces > 0 else '{'}")
    if parens:
        zh.append(f"括号 ( 比 ) {'多' if parens > 0 else '少'} {abs(parens)} 个")
        en.append(f"{abs(parens)} more {'(' if parens > 0 else ')'} than "
                  f"{')' if parens > 0 else '('}")
    if not zh:
        return d
    args = dict(d.args)
    args["expected"] = args.get("expected", "") + "；" + "，".join(zh)
    args["expected_en"] = args.get("expected_en", "") + "; " + ", ".join(en)
    return attrs.evolve(d, args=args)


def _line_of(d: Diagnostic) -> int:
    return d.span.line if d.span else 0


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
        half = unicodedata.normalize("NFKC", ch)
        if half != ch and half.strip():
            return error("JX102", span, source_line=source_line, **_char(ch),
                         hint=f"这是全角符号，请改为半角 {half}",
                         hint_en=f"a full-width symbol: write {half}")
        return error("JX102", span, source_line=source_line, **_char(ch),
                     hint="检查是否缺少引号，或误用了符号。",
                     hint_en="check for a missing quote or a stray symbol.")
    assert isinstance(exc, UnexpectedToken)
    tok = exc.token
    span = Span(file, line, column, line, column + max(len(str(tok)), 1))
    expected = sorted({_readable(t) for t in exc.expected})
    more = "…" if len(expected) > 8 else ""
    zh = "、".join(z for z, _ in expected[:8]) + more
    en = ", ".join(e for _, e in expected[:8]) + more
    words = source_line.split()
    close = difflib.get_close_matches(words[0], sorted(_ITEM_KEYWORDS), n=1, cutoff=0.75) \
        if words and words[0] not in _ITEM_KEYWORDS and words[0].isascii() else []
    if close and column <= source_line.index(words[0]) + len(words[0]) + 2 + len(
            words[1] if len(words) > 1 else ""):
        zh += f"（是否想写 {close[0]}？）"
        en += f" (did you mean {close[0]}?)"
    elif len(words) > 1 and words[0] in _ITEM_KEYWORDS and (
            column == source_line.index(words[1], len(words[0])) + 1
            or (column == source_line.index(words[0]) + 1 and "}" in {t for t, _ in expected})):
        # ``kind 正向`` read as a formula named ``kind``: an earlier block was left open.
        zh += f"（{words[0]} 只能写在方案或块的顶层：前面是否少了一个 }}？）"
        en += f" ({words[0]} starts an item: is a }} missing before this line?)"
    return error("JX101", span, source_line=source_line, found=f"“{tok}”", expected=zh,
                 expected_en=en)


def _char(ch: str) -> dict[str, str]:
    """A character as JX102 quotes it (``found``, ``found_en``): 「；」, “；” — or its code
    point when it cannot be seen (U+0007), never Python's repr ('\\x07')."""
    if not ch.isprintable() or not ch.strip():
        shown = f"U+{ord(ch):04X}"
        return {"found": shown, "found_en": shown}
    return {"found": f"「{ch}」", "found_en": f"“{ch}”"}


def _readable(terminal: str) -> tuple[str, str]:
    if terminal in _READABLE:
        return _READABLE[terminal]
    try:
        pattern = grammar_parser().get_terminal(terminal).pattern
    except KeyError:
        return terminal, terminal
    shown = pattern.value if pattern.type == "str" else terminal
    return shown, shown
