"""One home for what a user reads: the engine's modules that run and fit formulas hold no words
of their own; messages are ``CATALOGUE`` entries and their arguments ``PHRASES`` entries
(``engine/diagnostics.py``), each in Chinese and English."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from conftest import ROOT

from jixiao.engine.diagnostics import CATALOGUE, PHRASES

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
# The modules whose messages live in engine/diagnostics.py (engine/language.py documents the
# functions and engine/units.py holds the unit prefixes: data, not messages).
WORDLESS = ("compile.py", "evaluate.py", "fit.py", "frame.py", "limits.py", "names.py")


def _strings(path: Path) -> list[tuple[int, str]]:
    """String constants that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef)
                  and n.body and isinstance(n.body[0], ast.Expr)
                  and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docstrings]


@pytest.mark.parametrize("name", WORDLESS)
def test_no_words_outside_the_catalogue(name: str) -> None:
    for line, text in _strings(ROOT / "engine" / name):
        assert not CJK.search(text), f"engine/{name}:{line}: {text!r} belongs in PHRASES"


def test_every_phrase_is_used_and_fills_the_same_names_in_both_languages() -> None:
    source = "".join((ROOT / "engine" / n).read_text(encoding="utf-8") for n in WORDLESS)
    source += "".join(p.read_text(encoding="utf-8")  # phrases the API's readers use (JX028)
                      for p in (ROOT / "jixiao").rglob("*.py"))
    fields = string.Formatter()
    for key, m in PHRASES.items():
        assert f'"{key}"' in source or key.startswith("type_"), f"unused phrase {key}"
        zh = {f for _, f, _, _ in fields.parse(m.zh) if f}
        en = {f for _, f, _, _ in fields.parse(m.en) if f}
        assert en <= zh or key == "branch_types", key


def test_every_message_has_both_languages() -> None:
    for code, m in CATALOGUE.items():
        assert m.zh, code
        assert m.en, code
        assert bool(m.hint_zh) == bool(m.hint_en), code
