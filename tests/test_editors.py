"""The TextMate grammar for .jx (editors/): generated from the language's tables and fresh,
valid JSON whose patterns compile, and it colours a real scheme as an author expects."""

from __future__ import annotations

import json
import re
import sys

from conftest import ROOT, SCHEMES

sys.path.insert(0, str(ROOT / "tools"))
import gen_textmate

from jixiao.engine.language import AGGREGATES, FUNCTIONS

GRAMMAR = ROOT / "editors" / "vscode" / "syntaxes" / "jixiao.tmLanguage.json"


def test_the_grammar_is_generated_and_fresh() -> None:
    assert GRAMMAR.read_text(encoding="utf-8") == gen_textmate.render(), \
        "run: python tools/gen_textmate.py"
    manifest = json.loads((ROOT / "editors" / "vscode" / "package.json").read_text("utf-8"))
    assert manifest["contributes"]["grammars"][0]["path"] == "./syntaxes/jixiao.tmLanguage.json"


def scopes(line: str) -> dict[str, str]:
    """Each matched text of ``line`` with its scope, first pattern first (as TextMate does)."""
    patterns = json.loads(GRAMMAR.read_text(encoding="utf-8"))["patterns"]
    found: dict[str, str] = {}
    pos = 0
    while pos < len(line):
        for p in patterns:
            m = re.compile(p["match"]).match(line, pos)
            if m and m.end() > pos:
                if "captures" in p:
                    for n, c in p["captures"].items():
                        found[m.group(int(n))] = c["name"]
                else:
                    found[m.group(0)] = p["name"]
                pos = m.end()
                break
        else:
            pos += 1
    return found


def test_a_scheme_line_is_coloured_as_an_author_expects() -> None:
    s = scopes('  section 预算执行 weight 10 { score = round(weight * min(budget.rate, 1), 2) }'
               '  # 10 × 53.75%')
    assert s["section"] == "keyword.control.jixiao"
    assert s["预算执行"] == "entity.name.type.jixiao"
    assert s["weight"] == "keyword.control.jixiao"
    assert s["round"] == "support.function.jixiao"
    assert s["min"] == "support.function.jixiao"
    assert s["*"] == "keyword.operator.jixiao"
    assert s["10"] == "constant.numeric.jixiao"
    assert s["# 10 × 53.75%"] == "comment.line.number-sign.jixiao"
    s = scopes('    completion = if actual >= target then 1 else round(x, 4, half_even)')
    assert s["if"] == s["then"] == s["else"] == "keyword.operator.word.jixiao"
    assert s[">="] == "keyword.operator.jixiao"
    assert s["half_even"] == "constant.language.rounding.jixiao"
    s = scopes('  level 部分达成 also "部分达成年度指标" ratio [0.6, 0.8)')
    assert s['"部分达成年度指标"'] == "string.quoted.double.jixiao"
    assert s["0.6"] == "constant.numeric.jixiao"


def test_every_keyword_and_function_of_the_language_is_known() -> None:
    text = GRAMMAR.read_text(encoding="utf-8")
    for word in gen_textmate.keywords():
        assert re.search(rf"\b{word}\b", text), word
    for fn in [*FUNCTIONS, *AGGREGATES]:
        assert fn in text, fn
    for path in SCHEMES.glob("*.jx"):  # every keyword a bundled scheme uses is coloured
        for line in path.read_text(encoding="utf-8").splitlines():
            code = line.split("#", 1)[0]
            words = re.findall(r"\b[a-z_]+\b", code.replace('"', " "))
            coloured = scopes(line)
            for w in words:
                if w in gen_textmate.keywords():
                    assert coloured.get(w, "").startswith("keyword"), (w, line)
