"""Write dsl/grammar_tables.json: lark's LALR tables for dsl/scheme.lark, built ahead of time.

    PYTHONHASHSEED=0 .venv/bin/python tools/gen_grammar_tables.py

Building the tables takes a process about 150 ms, most of the CLI's own start-up; loading them
takes about 15 ms. Run this after changing the grammar (tests/test_grammar_tables.py fails
until you do; until then jixiao builds the tables itself, so it is never wrong, only slower).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jixiao.dsl.parser import TABLES, fresh_tables_json  # noqa: E402

if __name__ == "__main__":
    (ROOT / "dsl" / TABLES).write_text(fresh_tables_json(), encoding="utf-8")
