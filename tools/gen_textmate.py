"""Write editors/vscode/syntaxes/jixiao.tmLanguage.json, the TextMate grammar of .jx schemes,
from the language's own tables: the keywords of dsl/scheme.lark, the functions and aggregates
of engine/language.py, the rounding modes of engine/model.py. tests/test_editors.py fails
while the file is stale: run `python tools/gen_textmate.py` after changing a table."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jixiao.engine.language import AGGREGATES, FUNCTIONS, OPERATORS  # noqa: E402
from jixiao.engine.model import RoundingMode  # noqa: E402

OUT = ROOT / "editors" / "vscode" / "syntaxes" / "jixiao.tmLanguage.json"
EXPRESSION_WORDS = {"if", "then", "else", "and", "or", "not", "where", "when", "for", "with",
                    "within"}
NAMED_ITEMS = ("scheme", "section", "kind", "level", "grade", "derive", "param", "flag")


def keywords() -> list[str]:
    """Every keyword the grammar spells out (``"scheme"``), functions and aggregates aside."""
    text = (ROOT / "dsl" / "scheme.lark").read_text(encoding="utf-8")
    words = set(re.findall(r'"([a-z_]+)"', text))
    return sorted(words - set(FUNCTIONS) - set(AGGREGATES))


def grammar() -> dict[str, object]:
    words = keywords()
    items = [w for w in words if w not in EXPRESSION_WORDS]
    logic = [w for w in words if w in EXPRESSION_WORDS]
    calls = sorted({*FUNCTIONS, *AGGREGATES})
    symbols = sorted({s for op in OPERATORS for s in (op.symbol, *op.spellings)
                      if not s.isalpha()}, key=lambda s: (-len(s), s))
    named = [w for w in NAMED_ITEMS if w in words or w in ("param", "flag")]

    def alt(xs: list[str]) -> str:
        return "|".join(re.escape(x) for x in xs)
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "jixiao scheme",
        "scopeName": "source.jixiao",
        "fileTypes": ["jx"],
        "patterns": [
            {"name": "comment.line.number-sign.jixiao", "match": "#.*$"},
            {"name": "string.quoted.double.jixiao", "match": '"[^"\\n]*"'},
            {"match": f"\\b({alt(named)})\\s+([^\\s{{}}\\[\\]()\",=#]+)",
             "captures": {"1": {"name": "keyword.control.jixiao"},
                          "2": {"name": "entity.name.type.jixiao"}}},
            {"name": "keyword.control.jixiao", "match": f"\\b({alt(items)})\\b"},
            {"name": "keyword.operator.word.jixiao", "match": f"\\b({alt(logic)})\\b"},
            {"name": "support.function.jixiao", "match": f"\\b({alt(calls)})(?=\\s*\\()"},
            {"name": "constant.language.rounding.jixiao",
             "match": f"\\b({alt([m.value for m in RoundingMode])})\\b"},
            {"name": "constant.numeric.jixiao", "match": "(?<![\\w.])\\d+(\\.\\d+)?%?"},
            {"name": "keyword.operator.jixiao", "match": alt(symbols)},
            {"name": "punctuation.section.block.jixiao", "match": "[{}]"},
        ],
    }


def render() -> str:
    return json.dumps(grammar(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(OUT.relative_to(ROOT))
