"""One canonical layout for scheme text: ``jixiao fmt``.

Stage: application layer over the scheme lexer (``dsl.parser.lex_all``, which keeps comments).
The text must parse; then it is laid out again token by token, so nothing but white space can
change — and that is checked: the formatted text's tokens, white space aside, must be the
original's, or the formatter refuses. The rules:

- items are indented two spaces per ``{`` they stand in; a ``}`` closes at its opener's depth;
- a formula continued on the next lines keeps the continuation lines' indentation relative to
  its first line (an author's alignment of ``else`` under ``if`` survives);
- one space between tokens, none inside ``( )`` and ``[ )``, before ``,`` ``.`` ``%``, between a
  function's name and its ``(``, after a unary minus; two spaces before a trailing comment;
- at most one blank line, none just inside ``{ }`` and none at the start; one newline at the end;
  no trailing spaces, and CR LF line ends become LF.

Formatting twice gives the same text (a test checks it over the library and generated schemes).
"""

from __future__ import annotations

import difflib

from jixiao.dsl.parser import lex_all, parse_tree
from jixiao.engine.language import AGGREGATES, FUNCTIONS

INDENT = "  "
# Words that continue an expression or a header: a line starting with one is not a new item.
_CONTINUING = {"if", "then", "else", "and", "or", "not", "where", "when", "for", "ratio", "points",
               "also", "weight", "version", "extends", "to", "round"} | set(FUNCTIONS) \
    | set(AGGREGATES)
_OPEN = {"LPAR", "LSQB"}
_CLOSE = {"RPAR", "RSQB"}
_NO_SPACE_BEFORE = {",", ")", "]", ".", "%"}
_NO_SPACE_AFTER = {"(", "[", "."}
_CALLABLE = set(FUNCTIONS) | set(AGGREGATES)
_OPERATOR_TYPES = {"ADD", "MINUS", "MUL", "COMPARE", "EQUAL", "COMMA", "LPAR", "LSQB"}
# keywords that a formula also reads as values: ``weight - 扣分`` is a subtraction, not ``-扣分``
_OPERAND_KEYWORDS = {"weight", "ratio"}


def _is_space(kind: str, text: str) -> bool:
    return kind == "WS" or (kind.startswith("__IGNORE") and not text.strip())


def _is_keyword(kind: str, text: str) -> bool:
    return text.isascii() and text.isalpha() and kind == text.upper()


def _lines(text: str) -> list[tuple[list[tuple[str, str]], int, int]]:
    """The text as lines of tokens, each with its original indentation (columns) and the
    number of blank lines before it."""
    out: list[tuple[list[tuple[str, str]], int, int]] = []
    current: list[tuple[str, str]] = []
    indent = 0
    blank = 0
    at_start = True
    for kind, tok in lex_all(text):
        if _is_space(kind, tok):
            if "\n" in tok:
                if current:
                    out.append((current, indent, blank))
                    current = []
                    blank = tok.count("\n") - 1
                else:
                    blank += tok.count("\n")
                indent = len(tok.rsplit("\n", 1)[1].replace("\t", "    "))
                at_start = True
            elif at_start and not current:
                indent += len(tok.replace("\t", "    "))
            continue
        current.append((kind, tok))
        at_start = False
    if current:
        out.append((current, indent, blank))
    return out


def _join(tokens: list[tuple[str, str]]) -> str:
    """One line's tokens with canonical spacing."""
    out = ""
    prev: tuple[str, str] | None = None
    unary = False
    for kind, tok in tokens:
        if prev is None:
            out = tok
        elif kind == "COMMENT":
            out += "  " + tok
        elif (tok in _NO_SPACE_BEFORE or prev[1] in _NO_SPACE_AFTER or unary
              or (tok == "(" and (prev[0] == "NAME" or prev[1] in _CALLABLE))):
            out += tok
        else:
            out += " " + tok
        unary = kind == "MINUS" and (prev is None or prev[0] in _OPERATOR_TYPES
                                     or (_is_keyword(*prev) and prev[1] not in _OPERAND_KEYWORDS))
        prev = (kind, tok)
    return out


def _starts_item(tokens: list[tuple[str, str]]) -> bool:
    kind, tok = tokens[0]
    if kind in ("COMMENT", "RBRACE"):
        return True
    if _is_keyword(kind, tok):
        return tok not in _CONTINUING
    return len(tokens) > 1 and tokens[1][0] == "EQUAL"


def format_text(text: str, file: str = "<scheme>") -> str:
    """``text`` in the canonical layout. Raises ``SchemeError`` if it does not parse (its
    own diagnostics); an ``AssertionError`` if laying it out would change a token (a bug in
    the formatter, never the author's mistake)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parse_tree(text, file)
    out: list[str] = []
    depth = 0
    parens = 0
    item_indent = (0, 0)  # (original, canonical) indentation of the item being continued
    previous_opened = False
    for tokens, indent, blank in _lines(text):
        first = tokens[0][0]
        closes = first == "RBRACE"
        if blank and out and not previous_opened and not closes:
            out.append("")
        continuing = parens > 0 or not _starts_item(tokens)
        if tokens[0][0] == "COMMENT" and parens == 0:
            continuing = False
        level = depth - (1 if closes else 0)
        if continuing and out:
            original, canonical = item_indent
            width = max(canonical + len(INDENT), canonical + indent - original)
            out.append(" " * width + _join(tokens))
        else:
            canonical = len(INDENT) * max(level, 0)
            if first != "COMMENT":
                item_indent = (indent, canonical)
            out.append(" " * canonical + _join(tokens))
        for kind, _ in tokens:
            if kind == "LBRACE":
                depth += 1
            elif kind == "RBRACE":
                depth -= 1
            elif kind in _OPEN:
                parens += 1
            elif kind in _CLOSE:
                parens -= 1
        previous_opened = tokens[-1][0] == "LBRACE" or (
            tokens[-1][0] == "COMMENT" and len(tokens) > 1 and tokens[-2][0] == "LBRACE")
    result = "\n".join(line.rstrip() for line in out) + "\n"
    if _meaning(result) != _meaning(text):
        raise AssertionError(f"jixiao fmt would change the tokens of {file}; please report it")
    return result


def _meaning(text: str) -> list[tuple[str, str]]:
    return [(k, t) for k, t in lex_all(text) if not _is_space(k, t)]


def diff(old: str, new: str, name: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True),
                                        new.splitlines(keepends=True), name, name + " (fmt)"))
