"""Operators and functions come from one table (``engine.language``): the grammar, the compiler
and the documentation read it, and ``floor``/``ceil`` — added as two entries — behave at their
edges (negative numbers, exact integers, places, Decimal exactness)."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

import jixiao
from jixiao.dsl import parse_source, tables
from jixiao.engine import language
from jixiao.engine.diagnostics import SchemeError
from jixiao.engine.language import FUNCTIONS, Function
from jixiao.engine.model import Binary, Formula, show

# ---------------------------------------------------------------- the table is the one source


@pytest.mark.parametrize(("path", "begin", "end", "body"), [
    pytest.param(ROOT / "dsl" / "scheme.lark", tables.GRAMMAR_BEGIN, tables.GRAMMAR_END,
                 tables.grammar_terminals, id="grammar"),
    pytest.param(ROOT / "docs" / "language.md", tables.DOC_BEGIN, tables.DOC_END,
                 tables.doc_tables, id="language.md"),
    pytest.param(ROOT / "docs" / "language.md", tables.KEYWORDS_BEGIN, tables.DOC_END,
                 tables.keyword_table, id="keywords"),
    pytest.param(ROOT / "docs" / "language.md", tables.NAMES_BEGIN, tables.DOC_END,
                 tables.names_table, id="names"),
])
def test_generated_blocks_are_fresh(path: Any, begin: str, end: str, body: Any) -> None:
    text = path.read_text(encoding="utf-8")
    assert tables.replace_block(text, begin, end, body()) == text, \
        f"{path.name} is stale: run python tools/gen_language.py"


def test_every_function_and_operator_is_documented() -> None:
    doc = tables.doc_tables()
    for name in [*language.FUNCTIONS, *language.AGGREGATES]:
        assert f"`{name}(" in doc
    for op in language.OPERATORS:
        assert op.symbol in doc
        assert all(s in doc for s in op.spellings)


def _formula(expr: str) -> Formula:
    node = parse_source(f"scheme 测 {{ total = {expr} }}", "t.jx")
    f = node.items[0]
    assert isinstance(f, Formula)
    return f


@pytest.mark.parametrize("op", [op for op in language.OPERATORS if not op.unary],
                         ids=lambda op: op.symbol)
def test_every_spelling_of_an_operator_reads_as_it(op: language.Operator) -> None:
    for spelled in (op.symbol, *op.spellings):
        e = _formula(f"a {spelled} b").expr
        assert isinstance(e, Binary)
        assert e.op == op.symbol


@pytest.mark.parametrize(("text", "shown"), [
    ("a - (b - c)", "a - (b - c)"), ("(a - b) - c", "a - b - c"), ("a * (b + c)", "a * (b + c)"),
    ("not (a and b)", "not (a and b)"), ("-(a + b)", "-(a + b)"), ("a or b and c", "a or b and c"),
])
def test_show_uses_the_tables_precedence(text: str, shown: str) -> None:
    assert show(_formula(text).expr) == shown


def test_a_function_is_one_table_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new entry is callable at once: no grammar, compiler or builder change."""
    monkeypatch.setitem(FUNCTIONS, "double", Function(
        "double", "x", "两倍", "twice", 1, 1, lambda args: lambda f: 2 * args[0](f)))
    scheme = jixiao.compile_scheme_text(
        'scheme 测 extends "transfer_regional.jx" { derive d = double(budget.executed) }')
    assert _derived(scheme, "4.5")["d"] == Decimal("9.0")
    with pytest.raises(SchemeError) as info:
        jixiao.compile_scheme_text(
            'scheme 测 extends "transfer_regional.jx" { derive d = double(1, 2) }')
    assert info.value.codes == ["JX204"]


# ---------------------------------------------------------------- floor and ceil

DERIVES = {
    "f0": "floor(budget.executed)", "c0": "ceil(budget.executed)",
    "f2": "floor(budget.executed, 2)", "c2": "ceil(budget.executed, 2)",
    "nf0": "floor(0 - budget.executed)", "nc0": "ceil(0 - budget.executed)",
    "nf2": "floor(0 - budget.executed, 2)", "nc2": "ceil(0 - budget.executed, 2)",
    "r2": "round(budget.executed, 2)",
}
# rounding down is the scheme's mode: floor and ceil must not follow it
SCHEME = ('scheme 测 extends "transfer_regional.jx" { rounding down\n'
          + "\n".join(f"  derive {k} = {v}" for k, v in DERIVES.items()) + "\n}")


FLOORS = jixiao.compile_scheme_text(SCHEME, "floors.jx")


def _derived(scheme: jixiao.CompiledScheme, executed: str) -> dict[str, Decimal]:
    row = {"budget": {"total": "100", "executed": executed},
           "indicators": [{"section": "满意度指标", "name": "群众满意度", "target": "≥90%",
                           "actual": "95%"}]}
    return dict(jixiao.score(row, scheme).derived)


@pytest.mark.parametrize(("x", "want"), [
    ("1.5", {"f0": "1", "c0": "2", "nf0": "-2", "nc0": "-1", "f2": "1.50", "c2": "1.50"}),
    ("2.345", {"f2": "2.34", "c2": "2.35", "nf2": "-2.35", "nc2": "-2.34", "r2": "2.34"}),
    ("7", {"f0": "7", "c0": "7", "nf0": "-7", "nc0": "-7", "f2": "7.00", "c2": "7.00"}),
    ("0", {"f0": "0", "c0": "0", "nf0": "0", "nc0": "0"}),
    ("0.001", {"f2": "0.00", "c2": "0.01", "nf2": "-0.01"}),
    ("0.333333333333", {"f2": "0.33", "c2": "0.34", "r2": "0.33"}),
    ("99999999999.995", {"f2": "99999999999.99", "c2": "100000000000.00"}),
])
def test_floor_and_ceil_at_their_edges(x: str, want: dict[str, str]) -> None:
    """Exact decimals: 2.345 is not 2.34499… as a float would be; the scheme rounds down, and
    floor and ceil do not follow it."""
    got = _derived(FLOORS, x)
    for name, value in want.items():
        assert got[name] == Decimal(value), name
        assert str(got[name]) == value, name  # the places are kept: 7.00, not 7


@given(st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False))
def test_floor_and_ceil_bracket_the_number(x: Decimal) -> None:
    got = _derived(FLOORS, str(x))
    step = Decimal("0.01")
    assert got["f2"] <= x <= got["c2"]
    assert got["c2"] - got["f2"] in (0, step)
    assert (got["f2"] == x) == (x == x.quantize(step))
    assert got["nf2"] == -got["c2"]
    assert got["nc2"] == -got["f2"]
    assert got["f0"] == math.floor(x)
    assert got["c0"] == math.ceil(x)


def test_floor_and_ceil_are_explained_as_roundings() -> None:
    scheme = jixiao.compile_scheme_text(
        'scheme 测 extends "transfer_regional.jx" { budget { rate = ceil(executed / total, 4) } }')
    row = {"budget": {"total": "3", "executed": "1"},
           "indicators": [{"section": "满意度指标", "name": "群众满意度", "target": "≥90%",
                           "actual": "95%"}]}
    result = jixiao.score(row, scheme)
    assert result.budget.total.rate == Decimal("0.3334")
    (rounding,) = result.budget.steps[0].roundings
    assert (rounding.digits, rounding.mode, rounding.after) == (4, "ceiling", Decimal("0.3334"))


@pytest.mark.parametrize(("expr", "code"), [
    ("floor()", "JX204"), ("ceil(1, 2, 3)", "JX204"), ("floor(1, 2, down)", "JX204"),
    ("floor(1.5, 1.5)", "JX205"), ("ceil(1.5, 13)", "JX205"),
    ("floor(1.5, budget.total)", "JX205"), ("ceil(budget.total > 1)", "JX205"),
    ("flor(1.5)", "JX203"),
])
def test_floor_and_ceil_mistakes(expr: str, code: str) -> None:
    with pytest.raises(SchemeError) as info:
        jixiao.compile_scheme_text(
            f'scheme 测 extends "transfer_regional.jx" {{ derive d = {expr} }}')
    assert info.value.codes[0] == code, info.value.diagnostics
    assert set(info.value.codes) <= {code, "JX202"}  # floor takes no mode: down is a name
    if code == "JX203":
        assert "floor, ceil" in info.value.diagnostics[0].hint("en")


# ---------------------------------------------------------------- keywords and names by place

def test_every_keyword_of_the_grammar_is_listed_with_its_meaning(
        monkeypatch: pytest.MonkeyPatch) -> None:
    table = tables.keyword_table()
    for word in tables._grammar_words():
        assert f"| `{word}` |" in table
    monkeypatch.setattr(tables, "_grammar_words", lambda: ["scheme", "newword"])
    with pytest.raises(ValueError, match="newword"):
        tables.keyword_table()


def test_every_name_of_every_scope_is_in_the_names_table() -> None:
    from jixiao.engine import scopes
    from jixiao.engine.values import Notation

    text = tables.names_table()
    every = [scopes.BUDGET_LINE, scopes.SECTION, scopes.TOTAL, scopes.DERIVE, scopes.KIND_WHERE,
             *(scopes.kind_scope((n,), stage) for n in Notation
               for stage in ("completion", "deviation", "score", "require"))]
    for scope in every:
        for name in [*scope.local, *scope.glob, *scope.collections,
                     *(n for item in scope.collections.values() for n in item.local)]:
            head, _, last = name.rpartition(".")
            assert (f"`{name}`" in text or (f"`{head}." in text and last in text)), name
