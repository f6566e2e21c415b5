"""Static checks of a scheme and the author's tools around them (issue 9, point 5): ``has`` is
a function of the language's table like any other (docs, did-you-mean, hover, ``jixiao doc`` in
words, explanations and ``test --coverage``), and a pickled compiled scheme keeps its warnings.
"""

from __future__ import annotations

import pickle
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SCHEMES
from hypothesis import given
from hypothesis import strategies as st

import jixiao
from jixiao.dsl import parse_source
from jixiao.engine.diagnostics import SchemeError
from jixiao.engine.language import FUNCTIONS, known_functions
from jixiao.engine.model import Call, Expr, Formula, Ref
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
    assert info.value.diagnostics[0].hint("en").endswith("did you mean: has")


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


# ---------------------------------------------------------------- scores within [0, weight]

def _child(body: str) -> jixiao.CompiledScheme:
    return jixiao.compile_scheme_text(
        f'scheme 子 version "1" extends "transfer_regional.jx" {{\n{body}\n}}\n', "child.jx")


def _ranges(body: str) -> list[str]:
    """The JX231 messages of a child scheme, in English."""
    return [d.message("en") for d in _child(body).warnings if d.code == "JX231"]


@pytest.mark.parametrize("name", [p.stem for p in sorted(SCHEMES.glob("*.jx"))])
def test_every_bundled_scheme_checks_without_a_warning(name: str) -> None:
    assert jixiao.load_scheme(name).warnings == ()


@pytest.mark.parametrize("name", [p.stem for p in sorted(SCHEMES.glob("*.jx"))])
def test_every_bundled_score_is_proven_by_its_ranges(name: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """No bundled formula needs the search for inputs: interval arithmetic alone shows each
    score within [0, weight] (a search would mean the ranges could not)."""
    from jixiao.engine import ranges

    def no_search(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"not proven: {args[1]}")
    monkeypatch.setattr(ranges, "_search", no_search)
    compiled = jixiao.load_scheme(name)
    assert ranges.score_ranges(compiled) == []


def test_a_score_capped_by_min_weight_is_within_its_weight() -> None:
    assert _ranges("kind 正向 { completion = round(actual / target, 4)\n"
                   "  score = min(weight, round(weight * completion, 2)) }") == []


def test_a_score_not_capped_names_the_inputs_that_break_it() -> None:
    """completion = actual ÷ target (no cap): 1.5 times the target scores 1.5 weights."""
    assert _ranges("kind 正向 { completion = round(actual / target, 4)\n"
                   "  score = round(weight * completion, 2) }") == [
        "kind 正向: the formula score can leave [0, weight]: actual = 1.5, target = 1 "
        "(completion = 1.5) gives 15 > weight 10"]


def test_the_bundled_completion_caps_itself() -> None:
    """正向's completion is 1 once the target is met and actual ÷ target below it: an uncapped
    score cannot pass the weight, and no input is found that would (nothing reported)."""
    assert _ranges("score = round(weight * completion, 2)") == []


def test_a_linear_reverse_score_goes_below_zero_past_twice_the_target() -> None:
    got = _ranges("kind 反向 { completion = round(actual / target, 4)\n"
                  "  score = round(weight * min(1, 2 - completion), 2) }")
    assert got == ["kind 反向: the formula score can leave [0, weight]: actual = 3, target = 1 "
                   "(completion = 3) gives -10 < 0"]
    floored = _ranges("kind 反向 { completion = round(actual / target, 4)\n"
                      "  score = round(weight * max(0, min(1, 2 - completion)), 2) }")
    assert floored == []


@pytest.mark.parametrize(("score", "broken"), [
    ("if completion >= 1 then weight else round(weight * completion, 2)", False),
    ("if completion >= 1 then weight + 1 else round(weight * completion, 2)", True),
    ("if completion >= 1 then weight else round(weight * completion * 2, 2)", True),
    ("if completion >= 0.5 then weight else 0", False),
    ("if completion > 2 then 0 - 1 else min(weight, completion)", True),
])
def test_if_branches_are_the_union_of_each_narrowed_by_its_test(score: str,
                                                                broken: bool) -> None:
    """Each branch is computed where its test holds (or not): ``weight * completion`` in the
    else branch of ``completion >= 1`` is below the weight; a bad branch is found."""
    body = f"kind 正向 {{ completion = round(actual / target, 4)\n  score = {score} }}"
    assert bool(_ranges(body)) is broken


def test_a_deduction_per_point_with_a_floor_is_within_its_weight() -> None:
    """部门整体支出's 预算执行: the else branch reads rate < 95%, so the deduction is ≥ 0 and
    the score ≤ 20; without ``max(…, 0)`` a low rate goes below 0."""
    ok = ("section 预算执行 weight 20 { score = if budget.rate >= 95% then weight\n"
          "  else max(round(weight - 0.5 * (95% - budget.rate) * 100, 2), 0) }\n"
          "section 产出指标 weight 40")
    assert _ranges(ok) == []
    bad = ok.replace("max(round(weight - 0.5 * (95% - budget.rate) * 100, 2), 0)",
                     "round(weight - 0.5 * (95% - budget.rate) * 100, 2)")
    assert _ranges(bad) == ["section 预算执行: the formula score can leave [0, weight]: "
                            "budget.rate = 0 gives -27.5 < 0"]


def test_rounding_a_share_to_fewer_places_passes_its_weight() -> None:
    """Whole points of a share with cents: 30 among 4 rows is 7.5 each, 7.5 rounds to 8."""
    got = _ranges("score = round(weight * min(completion, 1), 0)")
    assert len(got) == 1
    assert "gives 8 > weight 7.5" in got[0]
    assert got[0].startswith("kind 正向, 反向, 等值, 区间, 定性, 时限: ")  # one formula, once


def test_the_total_stays_within_the_full_score() -> None:
    assert _ranges("total = round(sum(sections, score) * 1.1, 2)") == [
        "the total: the formula total can leave [0, full score]: sum(sections, score) = 100 "
        "gives 110 > the full score 100"]


def test_a_qualitative_score_reads_its_levels_ratios() -> None:
    """ratio ∈ [0, 1] by the levels: weight × ratio is within; × 1.5 is not."""
    assert _ranges("kind 定性 { score = round(weight * ratio, 2) }") == []
    assert _ranges("kind 定性 { score = round(weight * ratio * 1.5, 2) }") == [
        "kind 定性: the formula score can leave [0, weight]: ratio = 1 gives 15 > weight 10"]


def test_a_division_by_a_range_holding_zero_is_anything() -> None:
    from jixiao.engine.ranges import ANY, NONNEG, Iv, _div
    one = Iv(Decimal(1), Decimal(1))
    assert _div(one, NONNEG) == ANY
    assert _div(one, Iv(Decimal(0), Decimal(2), open_lo=True)).lo == Decimal("0.5")
    assert _div(one, Iv(Decimal(0), Decimal(2), open_lo=True)).hi.is_infinite()


_EXPRS = ["round(weight * min(completion, 1), 2)", "weight * (2 - completion)",
          "if completion >= 0.6 then weight * completion else 0",
          "max(0, weight - abs(actual - target) / 2)", "floor(actual / (target + 1), 1)",
          "if actual >= target and target > 0 then 1 else round(actual / (target + 0.5), 4)",
          "min(actual, target) - max(completion, 0.5) * -3"]


@given(st.sampled_from(_EXPRS),
       st.decimals(min_value=0, max_value=1000, places=2),
       st.decimals(min_value=0, max_value=1000, places=2),
       st.decimals(min_value=0, max_value=5, places=3),
       st.decimals(min_value="0.01", max_value=100, places=2))
def test_a_range_holds_every_value_of_its_inputs(text: str, actual: Decimal, target: Decimal,
                                                 completion: Decimal, weight: Decimal) -> None:
    """The law interval arithmetic rests on: for inputs inside their ranges, the formula's value
    lies inside the formula's range."""
    from jixiao.engine.ranges import NONNEG, Iv, _pt, _Ranges
    scheme = jixiao.load_scheme("transfer_regional").scheme
    expr = _formula_expr(text)
    r = _Ranges(scheme, {})
    ranges: dict[str, Iv | None] = {"actual": NONNEG, "target": NONNEG, "completion": NONNEG,
                                    "weight": _pt(weight)}
    point: dict[str, Iv | None] = {"actual": _pt(actual), "target": _pt(target),
                                   "completion": _pt(completion), "weight": _pt(weight)}
    whole, one = r.num(expr, ranges), r.num(expr, point)
    assert whole is not None
    assert one is not None
    assert whole.lo <= one.lo <= one.hi <= whole.hi


def _formula_expr(text: str) -> Expr:
    node = parse_source(f"scheme 测 {{ total = {text} }}", "t.jx")
    f = node.items[0]
    assert isinstance(f, Formula)
    return f.expr


# ---------------------------------------------------------------- what no record can use

def _codes(body: str) -> list[str]:
    return [d.code for d in _child(body).warnings]


@pytest.mark.parametrize(("where", "codes"), [
    ('category == "成本指标"', []),
    ('category == "成本"', ["JX232"]),  # misspelt: no section lists it
    ('section == "项目效益"', []),  # an alias (also) of 效益指标
    ('section == "产出"', ["JX232"]),
    ('section == "满意度指标" and category == "成本指标"', ["JX232"]),  # not 满意度's
    ('section == "产出指标" and category == "成本指标"', []),
    ('category == "成本" or category == "成本指标"', []),  # one side can hold
    ('category == "成本" or section == "产出"', ["JX232"]),
    ('category != "成本"', []),
])
def test_a_kind_whose_where_never_holds_is_warned(where: str, codes: list[str]) -> None:
    body = (f"kind 成本 for bare, <= where {where} {{\n"
            "  completion = if actual <= target then 1 else round(target / actual, 4) }")
    assert _codes(body) == codes


def test_levels_whose_ratio_no_formula_reads_are_warned() -> None:
    assert _codes("kind 定性 { completion = 1 }") == ["JX233"]
    assert _codes("kind 定性 { completion = min(ratio * 1, 1) }") == []
    # the band of a level is read by an assessor's adjustment within it
    assert _codes("kind 定性 { completion = 1\n adjust allowed within level }") == []


def test_a_level_name_an_earlier_level_answers_to_is_warned() -> None:
    got = _child('kind 定性 { level 完全达成 also "达成", "全部达成" ratio 1 }').warnings
    assert [d.code for d in got] == ["JX234"]
    assert got[0].message("en") == (
        "kind 定性: the level 完全达成's name “达成” already belongs to the earlier level "
        "达成预期指标: a row that writes “达成” always gets 达成预期指标")


def test_an_unread_parameter_and_a_child_that_changes_nothing_are_warned() -> None:
    """Both existed before this issue's last piece (JX562, JX560); kept here with the rest."""
    assert _codes("param 没用 = 1") == ["JX562"]
    assert _codes("") == ["JX560"]
    assert _codes("section 预算执行 weight 10") == ["JX561", "JX560"]


@pytest.mark.parametrize(("central", "broken"), [("6", False), ("10", False), ("12", True),
                                                 ("-1", True)])
def test_a_parameter_that_breaks_a_has_branch_is_found(central: str, broken: bool,
                                                       tmp_path: Path) -> None:
    """A child setting the central share of the budget's points above the weight (cookbook
    recipe 12 with 中央资金分值 = 12) gives 12 of 10 when the data has both lines: the search
    tries each has(…) both ways, so the branch it guards is reached and named."""
    cookbook = Path(__file__).resolve().parent.parent / "docs" / "cookbook"
    shutil.copy(cookbook / "12-central-local.jx", tmp_path / "parent.jx")
    child = tmp_path / "child.jx"
    child.write_text(f'scheme 子 version "1" extends "parent.jx" {{\n'
                     f"  param 中央资金分值 = {central}\n}}\n", encoding="utf-8")
    found = [d for d in jixiao.load_scheme(child).warnings if d.code == "JX231"]
    assert bool(found) is broken
    if broken:
        assert "has(budget.local.rate) = 是" in found[0].message("zh")
        assert "has(budget.local.rate) = yes" in found[0].message("en")


@pytest.mark.parametrize(("a", "b", "overlap"), [
    (("0.6", "0.8", True, False), ("0.8", "1", True, False), False),  # meet once at 0.8
    (("0.6", "0.8", True, True), ("0.8", "1", True, False), True),   # 0.8 in both
    (("0.6", "0.8", False, True), ("0.5", "0.6", True, True), False),  # 0.6 only below
    (("0", "0.6", True, False), ("0.5", "0.7", True, True), True),
    (("0", "0.3", True, True), ("0.5", "0.7", True, True), False),   # a gap: not reported
])
def test_level_bands_overlap_only_where_a_ratio_lies_in_both(
        a: tuple[str, str, bool, bool], b: tuple[str, str, bool, bool], overlap: bool) -> None:
    from jixiao.engine.model import Band
    from jixiao.engine.unused import _overlap

    def band(t: tuple[str, str, bool, bool]) -> Band:
        return Band(Decimal(t[0]), Decimal(t[1]), t[2], t[3])

    assert _overlap(band(a), band(b)) is overlap
    assert _overlap(band(b), band(a)) is overlap
