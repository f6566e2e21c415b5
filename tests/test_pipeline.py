"""The scheme pipeline (``dsl.frontend.STAGES``): its order is the documented one, and every
mistake has one owner, so none is reported twice."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from conftest import ROOT

import jixiao
from jixiao.dsl import frontend
from jixiao.engine.compile import compile_scheme
from jixiao.engine.diagnostics import SchemeError
from jixiao.engine.model import (
    Band,
    Formula,
    Grade,
    Num,
    RoundingMode,
    Scheme,
    Section,
)

SMALL = (ROOT / "tests" / "samples" / "small.jx").read_text(encoding="utf-8")
NAMES = [s.name for s in frontend.STAGES]


def edited(*edits: tuple[str, str]) -> str:
    text = SMALL
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def codes_and_lines(text: str) -> list[tuple[str, int]]:
    with pytest.raises(SchemeError) as info:
        jixiao.compile_scheme_text(text, "t.jx")
    return [(d.code, d.span.line if d.span else 0) for d in info.value.diagnostics]


def test_the_docstring_table_lists_the_stages_in_order() -> None:
    doc = frontend.__doc__ or ""
    rows = [line.split()[0] for line in doc.splitlines() if line.split()
            and line.split()[0] in NAMES]
    assert rows == NAMES


def test_the_readme_shows_the_stages_in_order() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    built = readme.split("## How it is built", 1)[1].split("\n## ", 1)[0]
    found = [m.group(1) for m in re.finditer(r"^\s*\d+\. `([a-z_]+)`", built, re.M)]
    assert found == NAMES


def test_each_file_of_an_extends_chain_goes_as_far_as_extends() -> None:
    assert [s.name for s in frontend.FILE_STAGES] == NAMES[: NAMES.index("extends") + 1]
    assert frontend.SYNTAX_STAGES[-1].name == "build"


@pytest.mark.parametrize("edits", [
    pytest.param([("  subtotal = round(sum(indicators, score), 2)\n", "")], id="section-score"),
    pytest.param([("round(weight * min(completion, 1), 2)", "round(weight * min(completion, 1))")],
                 id="shared-formula-in-two-kinds"),
    pytest.param([("else actual / target", "else actul / target"),
                  ("completion = ratio", "completion = ratoi")], id="two-names"),
    pytest.param([("  deviation = 1 - completion\n", ""),
                  ("  subtotal = round(sum(indicators, score), 2)\n", "")], id="kind-and-section"),
    pytest.param([("grade 差 [0, 90)", "grade 差 [0, 80)"),
                  ("rounding half_up", "rounding up_half"),
                  ("weight 10 {", "weight 10 { split equel")], id="several-checks"),
])
def test_no_mistake_is_reported_twice(edits: list[tuple[str, str]]) -> None:
    with pytest.raises(SchemeError) as info:
        jixiao.compile_scheme_text(edited(*edits), "t.jx")
    keys = [(d.code, d.span) for d in info.value.diagnostics]
    assert len(keys) == len(set(keys)), info.value.diagnostics


def test_a_section_without_score_is_the_compilers_to_report() -> None:
    """The engine compiles schemes built in code too: the check must not live in dsl alone."""
    rate = Formula("rate", Num(Decimal(1)), "1")
    scheme = Scheme("s", "1", RoundingMode.HALF_UP, rate, (Section("产出", Decimal(100)),), (),
                    Formula("total", Num(Decimal(0)), "0"), (Grade("优", Band(Decimal(0),
                                                                         Decimal(100),
                                                                         True, True)),))
    with pytest.raises(SchemeError) as info:
        compile_scheme(scheme)
    assert info.value.codes == ["JX206"]
    assert info.value.diagnostics[0].message("en") == "section 产出 has no formula score / subtotal"


def test_a_missing_total_does_not_hide_the_other_mistakes() -> None:
    """Lowering is total: the compiler still runs when the checks found the total missing."""
    found = codes_and_lines(edited(("  total = round(sum(sections, score), 2)\n", ""),
                                   ("  subtotal = round(sum(indicators, score), 2)\n", ""),
                                   ("else actual / target", "else actul / target")))
    assert sorted(found) == [("JX202", 6), ("JX206", 5), ("JX215", 1)]


def test_a_failed_extends_keeps_what_the_file_stages_found() -> None:
    text = ('scheme 子 extends "no_such_scheme.jx" {\n'
            "  section 甲 weight 10\n  section 甲 weight 10\n}\n")
    assert [c for c, _ in codes_and_lines(text)] == ["JX212", "JX201"]


def test_a_syntax_error_stops_before_the_limits_are_walked() -> None:
    deep = "(" * 150 + "1" + ")" * 150
    text = edited(("total = round(sum(sections, score), 2)", f"total = {deep}"),
                  ("rounding half_up", "rounding half_up {"))
    assert [c for c, _ in codes_and_lines(text)] == ["JX101"]
