"""Static checks of a scheme and the author's tools around them (issue 9, point 5): ``has`` is
a function of the language's table like any other (docs, did-you-mean, hover, ``jixiao doc`` in
words, explanations and ``test --coverage``), and a pickled compiled scheme keeps its warnings.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from conftest import SCHEMES

import jixiao
from jixiao.engine.diagnostics import SchemeError
from jixiao.engine.language import FUNCTIONS, known_functions
from jixiao.engine.model import Call, Ref
from jixiao.render.scheme_doc import words
from jixiao.schemetest import Runner, coverage, reached, read_cases

# ---------------------------------------------------------------- has, one entry of the table


def test_has_is_in_the_function_table() -> None:
    fn = FUNCTIONS["has"]
    assert fn.takes_name
    assert fn.min_args == fn.max_args == 1
    assert "has" in known_functions().split(", ")


def test_a_misspelt_has_suggests_it() -> None:
    with pytest.raises(SchemeError) as info:
        jixiao.compile_scheme_text('scheme 子 extends "transfer_regional.jx" {\n'
                                   "  section 预算执行 { score = if hsa(budget.rate) then 1 "
                                   "else 0 }\n}\n", "child.jx")
    assert info.value.codes == ["JX203"]
    assert "has" in info.value.diagnostics[0].args["known"]


@pytest.mark.parametrize(("name", "zh", "en"), [
    ("budget.local", "填报了地方资金", "the data gives local funds"),
    ("budget.central.rate", "填报了中央资金执行率", "the data gives central funds' execution rate"),
    ("budget.other.total", "填报了其他资金预算数", "the data gives other funds' budget"),
])
def test_doc_writes_has_in_words(name: str, zh: str, en: str) -> None:
    call = Call("has", (Ref(tuple(name.split("."))),))
    assert words(call, "zh") == zh
    assert words(call, "en") == en


def test_doc_of_the_employment_scheme_reads_has_in_words() -> None:
    from jixiao.render.scheme_doc import scheme_doc
    text = scheme_doc(jixiao.load_scheme("employment_subsidy").scheme)
    assert "若 填报了中央资金执行率 且 填报了地方资金执行率，则为" in text
    assert "若 has(" not in text


def test_explain_shows_what_has_answered() -> None:
    from jixiao.explain import Explainer
    compiled = jixiao.load_scheme("employment_subsidy")
    data = {"budget": {"total": 100, "executed": 90,
                       "central": {"total": 100, "executed": 90}},
            "indicators": [{"section": "满意度指标", "name": "满意度", "target": "≥85%",
                            "actual": "90%"}]}
    result = jixiao.evaluate(compiled, jixiao.data_from_mapping(data), explain=True)
    budget = next(s for s in result.sections if s.name == "预算执行")
    shown = Explainer(compiled).step(budget.steps[0])
    assert shown.shown == "round(10 × min(0.9, 1), 2)"
    # the local line is missing: the right side of `and` was never asked
    assert shown.because == (
        "has(budget.central.rate) = 是 and has(budget.local.rate) = 否 不成立",)


# ---------------------------------------------------------------- coverage of an `if has(…)`


def _has_gaps(cases: Path, scheme: Path) -> set[str]:
    runner = Runner()
    compiled = runner.scheme(scheme)
    outcomes = [runner.run(c) for c in read_cases(cases)]
    return {g.text for g in coverage(compiled, reached(compiled, outcomes))
            if g.what == "branch" and "has(" in g.text}


def test_coverage_of_a_multiline_if_has_counts_both_branches() -> None:
    """The bundled cases take both branches of 预算执行's ``if has(…) and has(…)`` (written over
    four lines): neither is a gap (both used to be, the explanation walk not knowing has)."""
    assert _has_gaps(SCHEMES / "employment_subsidy.cases.toml",
                     SCHEMES / "employment_subsidy.jx") == set()


def test_coverage_of_if_has_names_the_branch_no_case_takes(tmp_path: Path) -> None:
    """Only the first case (central and local lines both given): the else branch is the gap."""
    for name in ("employment_subsidy.jx", "transfer_regional.jx"):
        shutil.copy(SCHEMES / name, tmp_path / name)
    text = (SCHEMES / "employment_subsidy.cases.toml").read_text(encoding="utf-8")
    first = text[:text.index("[[case]]", text.index("[[case]]") + 1)]
    first = first.replace("../examples/", str(SCHEMES.parent / "examples") + "/")
    (tmp_path / "employment_subsidy.cases.toml").write_text(first, encoding="utf-8")
    gaps = _has_gaps(tmp_path / "employment_subsidy.cases.toml",
                     tmp_path / "employment_subsidy.jx")
    assert gaps == {"if has(budget.central.rate) and has(budget.local.rate) → else"}


# ---------------------------------------------------------------- pickling keeps warnings


def test_a_pickled_scheme_keeps_its_warnings() -> None:
    """The warnings of the stages before compiling (a child's JX561 repeat) and the compiler's
    own (JX562, an unread parameter) both cross a process boundary."""
    compiled = jixiao.compile_scheme_text(
        'scheme 子 extends "transfer_regional.jx" {\n  param 没用 = 1\n'
        '  section 预算执行 weight 10\n}\n', "child.jx")
    codes = sorted(d.code for d in compiled.warnings)
    assert codes == ["JX561", "JX562"]
    again = pickle.loads(pickle.dumps(compiled))
    assert again.warnings == compiled.warnings
    assert again.scheme == compiled.scheme
