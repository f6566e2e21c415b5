"""Regenerate the blocks of ``dsl/scheme.lark`` and ``docs/language.md`` that come from the
operator and function tables (``jixiao.engine.language``), the grammar's keywords and the
compiler's scopes (``jixiao.engine.scopes``). Run after changing any of them:

    .venv/bin/python tools/gen_language.py
"""

from __future__ import annotations

from pathlib import Path

from jixiao.dsl import tables

ROOT = Path(__file__).resolve().parents[1]
TARGETS = (
    (ROOT / "dsl" / "scheme.lark", tables.GRAMMAR_BEGIN, tables.GRAMMAR_END,
     tables.grammar_terminals),
    (ROOT / "docs" / "language.md", tables.DOC_BEGIN, tables.DOC_END, tables.doc_tables),
    (ROOT / "docs" / "language.md", tables.KEYWORDS_BEGIN, tables.DOC_END, tables.keyword_table),
    (ROOT / "docs" / "language.md", tables.NAMES_BEGIN, tables.DOC_END, tables.names_table),
)


def main() -> None:
    for path, begin, end, body in TARGETS:
        old = path.read_text(encoding="utf-8")
        new = tables.replace_block(old, begin, end, body())
        if new != old:
            path.write_text(new, encoding="utf-8")
            print(f"updated {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
