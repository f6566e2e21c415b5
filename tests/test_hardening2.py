"""Issue 7, the classes left after tests/test_hardening.py: silent zeros, units, status words,
invisible differences in names. Each rule here is also a case of tests/cases/errors/."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jixiao
from jixiao.engine import units
from jixiao.engine.data import STATUS_WORDS

SMALL = (Path(__file__).parent / "samples" / "small.jx").read_text(encoding="utf-8")


def _scheme(split: str = "") -> jixiao.CompiledScheme:
    text = SMALL if not split else SMALL.replace("categories 数量指标 质量指标 }",
                                                 f"categories 数量指标 质量指标 {split} }}")
    return jixiao.compile_scheme_text(text)


def _row(name: str, weight: Any = None, actual: str = "26") -> dict[str, Any]:
    row = {"section": "产出指标", "name": name, "target": "≥26", "actual": actual}
    if weight is not None:
        row["weight"] = weight
    return row


def _codes(result: jixiao.Result) -> list[tuple[str, str]]:
    return [(w.code, w.where) for w in result.diagnostics]


# -- silent zeros: 全年执行数

def test_a_missing_executed_warns_and_names_the_field() -> None:
    r = jixiao.score({"budget": {"total": 100}, "indicators": [_row("a")]}, _scheme())
    assert ("JX523", "budget.executed") in _codes(r)
    assert r.sections[0].score == 0  # still read as 0, but never in silence


@pytest.mark.parametrize("blank", ["", "  ", "\t"])
def test_a_blank_executed_is_an_error_not_zero(blank: str) -> None:
    with pytest.raises(jixiao.DataError) as caught:
        jixiao.score({"budget": {"total": 100, "executed": blank}, "indicators": [_row("a")]},
                     _scheme())
    d = caught.value.diagnostics[0]
    assert (d.code, d.where, d.args["value"]) == ("JX303", "budget.executed", '""')


def test_executed_zero_written_out_is_no_warning() -> None:
    r = jixiao.score({"budget": {"total": 100, "executed": 0}, "indicators": [_row("a")]},
                     _scheme())
    assert not [c for c, _ in _codes(r) if c == "JX523"]


def test_a_batch_needs_no_executed() -> None:
    budget = {"total": 100, "executed": 100,
              "batches": [{"name": "提前下达", "central": {"total": 60}}]}
    r = jixiao.score({"budget": budget, "indicators": [_row("a")]}, _scheme())
    assert not [c for c, _ in _codes(r) if c == "JX523"]


# -- silent zeros: weights

def test_a_row_without_weight_in_a_full_section_warns_jx520() -> None:
    r = jixiao.score({"budget": {"total": 1, "executed": 1},
                      "indicators": [_row("a", 90), _row("b")]}, _scheme())
    assert ("JX520", "indicators[1].weight") in _codes(r)
    assert r.indicators[1].weight == 0


def test_a_row_taking_the_leftover_warns_jx521_by_default_only() -> None:
    data = {"budget": {"total": 1, "executed": 1},
            "indicators": [_row("a", 30), _row("b"), _row("c")]}
    r = jixiao.score(data, _scheme())
    assert [c for c in _codes(r) if c[0] == "JX521"] == [
        ("JX521", "indicators[1].weight"), ("JX521", "indicators[2].weight")]
    declared = jixiao.score(data, _scheme("split given_else_equal"))
    assert not [c for c in _codes(declared) if c[0] == "JX521"]  # the national form's way



def test_split_equal_names_every_dropped_weight_jx522() -> None:
    r = jixiao.score({"budget": {"total": 1, "executed": 1},
                      "indicators": [_row("a", 60), _row("b", 30), _row("c", 10)]},
                     _scheme("split equal"))
    assert [c for c in _codes(r) if c[0] == "JX522"] == [
        ("JX522", "indicators[0].weight"), ("JX522", "indicators[2].weight")]  # 30 is the share


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 90)), min_size=1, max_size=6))
def test_no_weight_is_chosen_in_silence(weights: list[int | None]) -> None:
    """Law: whenever a row's weight is not the one in its data, a warning names that row."""
    rows = [_row(f"r{i}", w) for i, w in enumerate(weights)]
    given_sum = sum(w for w in weights if w is not None)
    if given_sum > 90 or (None not in weights and given_sum != 90):
        return  # JX306, an error: covered by its own cases
    r = jixiao.score({"budget": {"total": 1, "executed": 1}, "indicators": rows}, _scheme())
    named = {w for _, w in _codes(r)}
    for i, (w, ind) in enumerate(zip(weights, r.indicators, strict=True)):
        if w is None and any(x is not None for x in weights):
            assert f"indicators[{i}].weight" in named
        if w is not None:
            assert ind.weight == Decimal(w)


# -- units

_PREFIXES = [("", 0), *units.PREFIXES]


def _one(target: str, actual: str, unit: str = "") -> jixiao.Result:
    row = {"section": "产出指标", "name": "资金", "target": target, "actual": actual}
    if unit:
        row["unit"] = unit
    return jixiao.score({"budget": {"total": 1, "executed": 1}, "indicators": [row]}, _scheme())


@pytest.mark.parametrize("target_prefix", _PREFIXES, ids=lambda p: p[0] or "元")
@pytest.mark.parametrize("actual_prefix", _PREFIXES, ids=lambda p: p[0] or "元")
def test_every_pair_of_prefixes_compares_in_one_unit(target_prefix: tuple[str, int],
                                                     actual_prefix: tuple[str, int]) -> None:
    """≥1{p}元 met by exactly the same amount written with any other prefix, and missed by
    1% less: 万元 against 元, 亿元 against 千元, … never compared as written."""
    (tp, tm), (ap, am) = target_prefix, actual_prefix
    same = format(Decimal(1).scaleb(tm - am), "f")
    short = format(Decimal("0.99").scaleb(tm - am), "f")
    met = _one(f"≥1{tp}元", f"{same}{ap}元")
    assert met.indicators[0].score == 90
    assert met.indicators[0].completion == 1
    missed = _one(f"≥1{tp}元", f"{short}{ap}元")
    assert missed.indicators[0].completion == Decimal("0.99")
    assert not [d for d in met.diagnostics if d.code in ("JX502", "JX524")]


def test_a_unit_on_one_side_only_warns_naming_both() -> None:
    r = _one("≥500", "480万元")
    (d,) = [d for d in r.diagnostics if d.code == "JX524"]
    assert (d.where, d.args["actual"], d.args["target"]) == ("indicators[0].actual", "480万元",
                                                             "≥500")


@pytest.mark.parametrize(("target", "actual", "unit"), [
    ("≥500", "480", ""),         # neither side: as written
    ("≥500", "480", "万元"),     # the unit column gives the target its unit
    ("≥500万元", "480", ""),     # a bare actual takes the target's unit (the convention)
    ("≥90%", "95%", ""),
])
def test_no_unit_warning_when_the_units_agree(target: str, actual: str, unit: str) -> None:
    r = _one(target, actual, unit)
    assert not [d for d in r.diagnostics if d.code == "JX524"]


# -- status words

@pytest.mark.parametrize("in_scheme", list(STATUS_WORDS))
@pytest.mark.parametrize("in_data", list(STATUS_WORDS))
def test_a_scheme_and_the_data_read_status_words_alike(in_scheme: str, in_data: str) -> None:
    """``status == W`` holds exactly when the data's word means what W means, in any spelling."""
    text = SMALL.replace("score = round(weight * min(budget.rate, 1), 2)",
                         f'score = count(projects where status == "{in_scheme}") * 10')
    project = {"name": "一期", "budget": {"central": 10}, "executed": {"central": 10},
               "status": in_data}
    r = jixiao.score({"budget": {"total": 10, "executed": 10}, "indicators": [_row("a")],
                      "projects": [project]}, jixiao.compile_scheme_text(text))
    same = STATUS_WORDS[in_scheme] is STATUS_WORDS[in_data]
    assert r.sections[0].score == (10 if same else 0)


def test_a_status_word_the_data_cannot_say_is_jx340() -> None:
    text = SMALL.replace("score = round(weight * min(budget.rate, 1), 2)",
                         'score = count(projects where status == "完工了") * 10')
    with pytest.raises(jixiao.SchemeError) as caught:
        jixiao.compile_scheme_text(text)
    (d,) = [d for d in caught.value.diagnostics if d.code == "JX340"]
    assert all(w in d.args["known"] for w in ("已完工", "已开工", "未开工", "completed"))


@pytest.mark.parametrize(("text", "fmt", "code", "en", "zh"), [
    ("[" * 100_000 + "]" * 100_000, "json", "JX301", "nested too deeply", "嵌套过深"),
    ("[budget]\ntotal = " + "9" * 5000 + "\n", "toml", "JX316", "too many digits",
     "整数位数过多"),
])
def test_data_syntax_messages_are_in_one_language(text: str, fmt: str, code: str, en: str,
                                                  zh: str) -> None:
    """What jixiao itself says about a data file reads wholly in the chosen language."""
    from jixiao.datafile import parse_mapping_text
    with pytest.raises(jixiao.DataError) as caught:
        parse_mapping_text(text, fmt, where="data.json")
    (d,) = caught.value.diagnostics
    assert d.code == code
    assert en in d.message("en")
    assert not re.search(r"[\u4e00-\u9fff]", d.message("en"))
    assert zh in d.message("zh")
    assert en not in d.message("zh")
