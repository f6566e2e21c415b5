"""The generated parts of the grammar and of ``docs/language.md``, from ``engine.language``.

Stage: tooling. ``tools/gen_language.py`` writes these blocks into ``dsl/scheme.lark`` (the
operator and aggregate terminals) and ``docs/language.md`` (the operator and function tables);
``tests/test_language_tables.py`` fails while either file differs from what this gives.
"""

from __future__ import annotations

from jixiao.engine.language import AGGREGATES, AGGREGATES_TABLE, FUNCTIONS_TABLE, OPERATORS

GRAMMAR_BEGIN = "// BEGIN generated from jixiao.engine.language by tools/gen_language.py"
GRAMMAR_END = "// END generated"
DOC_BEGIN = "<!-- BEGIN generated from jixiao.engine.language by tools/gen_language.py -->"
DOC_END = "<!-- END generated -->"


def grammar_terminals() -> str:
    """The grammar's operator and aggregate terminals."""
    terminals: dict[str, list[str]] = {}
    for op in OPERATORS:
        if op.terminal:
            terminals.setdefault(op.terminal, []).extend((op.symbol, *op.spellings))
    lines = []
    for name, spelled in terminals.items():
        # longest first, so that the scanner never stops at ">" in ">="
        ordered = sorted(dict.fromkeys(spelled), key=lambda s: -len(s))
        lines.append(f"{name}: " + " | ".join(f'"{s}"' for s in ordered))
    # priority 2: a keyword, never read as a NAME
    lines.append("AGGREGATE.2: " + " | ".join(f'"{a}"' for a in AGGREGATES))
    return "\n".join(lines)


def _code(text: str) -> str:
    return f"`{text}`"


def doc_tables() -> str:
    """The expression section's tables of operators, functions and aggregates."""
    out = ["| operator | also | 含义 | meaning | operands → result |", "|---|---|---|---|---|"]
    for op in OPERATORS:
        if op.unary:
            form = f"{op.symbol} x" if op.symbol.isalpha() else f"{op.symbol}x"
        else:
            form = f"a {op.symbol} b"
        operands = op.operands.value if op.operands else "any, both the same"
        out.append(f"| {_code(form)} | {' '.join(_code(s) for s in op.spellings)} | {op.zh} | "
                   f"{op.en} | {operands} → {op.result.value} |")
    out += ["", "| function | 含义 | meaning | arguments → result | example |",
            "|---|---|---|---|---|"]
    for fn in FUNCTIONS_TABLE:
        mode = "[, 取整方式]" if fn.takes_mode else ""
        out.append(f"| {_code(f'{fn.name}({fn.params}{mode})')} | {fn.zh} | {fn.en} | "
                   f"{fn.arguments} → {fn.result.value} | "
                   f"{_code(fn.example)} |")
    for agg in AGGREGATES_TABLE:
        item = ", 公式" if agg.takes_item else ""
        out.append(f"| {_code(f'{agg.name}(集合{item} [where 条件])')} | {agg.zh} | {agg.en} | "
                   f"items → number | {_code(agg.example)} |")
    return "\n".join(out)


def replace_block(text: str, begin: str, end: str, body: str) -> str:
    """``text`` with what lies between the ``begin`` and ``end`` lines replaced by ``body``."""
    if begin not in text or end not in text:
        raise ValueError(f"no block {begin!r} … {end!r}")
    head, rest = text.split(begin + "\n", 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{body}\n{end}{tail}"
