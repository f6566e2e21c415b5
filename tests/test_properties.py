"""Property tests of the engine over the reference scheme (``schemes/transfer_regional.jx``).

Valid project data is generated in every notation the value reader accepts (≥ ≧ >= 不低于 …以上,
≤ 不超过 …以内, = ＝ ═, bare numbers, percentages, ranges ``5-10%`` ``[5万元, 10万元)`` ``5至10``,
units such as 万元 万立方米 亩 元/户, full-width digits, thousands separators), with actuals in the
target's unit (or a bare number, or the base unit of a 万 unit), given or equal-split weights,
qualitative levels with in-band assessor ratios, budgets with lines, batches and sub-projects.

Properties: scores stay in bounds; 正向 / 反向 scores are monotone in the actual; evaluation and
its JSON are deterministic (also across ``PYTHONHASHSEED``); ``explain=False`` changes only the
steps; the grade is the band holding the total; scores have 2 decimals and rates 4; and for any
mapping at all, only ``JixiaoError`` escapes.

The properties found seven bugs, all fixed: A (a formula failure crashed with KeyError), B (a
rounded equal split handed out more than the section's weight), C (signed numbers scored out of
bounds), D (numbers over 28 digits crashed the renderers), E (a forced ``kind`` that does not
fit its target crashed), F (a row under 预算执行 was silently dropped) and G (a rounded equal
share could be negative). Each keeps its minimal reproduction as an explicit ``@example`` in the
regression tests at the end of the file.

Set ``JIXIAO_HYPOTHESIS_SCALE`` (e.g. 20) to multiply the number of examples for a long run.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import ROOT, SCHEMES, SEED_DATA, indicator, project_data
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

import jixiao
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.result import FundsResult, Result

# Hypothesis and session fixtures do not mix: the scheme is compiled once, here.
REGIONAL: CompiledScheme = jixiao.load_scheme(SCHEMES / "transfer_regional.jx")

_SCALE = max(1, int(os.environ.get("JIXIAO_HYPOTHESIS_SCALE", "1")))


def examples(n: int) -> settings:
    return settings(max_examples=n * _SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def pinned(n: int) -> settings:
    """For the regression tests: their explicit examples first, then generated ones."""
    return settings(examples(n), phases=[Phase.explicit, Phase.generate])


# -- the reference scheme, as the brief states it ---------------------------------------------

SECTION_WEIGHTS = {"产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10)}
SECTION_SPELLINGS = {"产出指标": ("产出指标",), "效益指标": ("效益指标", "项目效益"),
                     "满意度指标": ("满意度指标",)}
CATEGORIES = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标", "满意度指标"),
}
GRADES = (("优", Decimal(90), Decimal(100), True), ("良", Decimal(80), Decimal(90), False),
          ("中", Decimal(60), Decimal(80), False), ("差", Decimal(0), Decimal(60), False))
CENT = Decimal("0.01")


def expected_grade(total: Decimal) -> str | None:
    for name, low, high, closed_high in GRADES:
        if low <= total and (total <= high if closed_high else total < high):
            return name
    return None


def has_places(x: Decimal, n: int) -> bool:
    """``x`` is written with at most ``n`` decimal places (``5.00`` has 2, ``5.0000`` has 4)."""
    exponent = x.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -n


# -- numbers and units as people write them -----------------------------------------------------

FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def numbers(low: int = 0, high: int = 10**6, max_places: int = 4) -> st.SearchStrategy[Decimal]:
    """Decimals in [low, high] with up to ``max_places`` places, as a person would write them."""
    return st.integers(0, max_places).flatmap(
        lambda p: st.integers(low * 10**p, high * 10**p).map(lambda n: Decimal(n).scaleb(-p)))


@st.composite
def written(draw: st.DrawFn, value: Decimal) -> str:
    style = draw(st.sampled_from(["plain", "plain", "grouped", "fullwidth"]))
    if style == "grouped":
        return f"{value:,f}"
    text = format(value, "f")
    return text.translate(FULLWIDTH) if style == "fullwidth" else text


@attrs.frozen
class Unit:
    text: str  # written after a number
    base: str | None = None  # the same quantity's unit without its 万 prefix
    percent: bool = False


UNITS = (
    Unit(""), Unit("%", percent=True), Unit("百分比", percent=True), Unit("万元", "元"),
    Unit("元"), Unit("万立方米", "立方米"), Unit("万平方米", "平方米"), Unit("亩"),
    Unit("万亩", "亩"), Unit("个"), Unit("份"), Unit("人次"), Unit("元/户"), Unit("米"),
    Unit("天"),
)

# (before the number, after number and unit)
OPERATORS: dict[str, tuple[tuple[str, str], ...]] = {
    "ge": (("≥", ""), ("≧", ""), (">=", ""), ("＞=", ""), ("⩾", ""), ("不低于", ""),
           ("不少于", ""), ("至少", ""), ("大于等于", ""), ("", "以上"), ("", "及以上"),
           ("≥", "以上")),
    "gt": ((">", ""), ("＞", ""), ("大于", ""), ("高于", ""), ("超过", "")),
    "bare": (("", ""),),
    "le": (("≤", ""), ("≦", ""), ("<=", ""), ("＜=", ""), ("⩽", ""), ("不高于", ""),
           ("不超过", ""), ("不大于", ""), ("至多", ""), ("最多", ""), ("小于等于", ""),
           ("", "以下"), ("", "以内"), ("", "及以下"), ("≤", "以内")),
    "lt": (("<", ""), ("＜", ""), ("小于", ""), ("低于", "")),
    "eq": (("=", ""), ("＝", ""), ("═", ""), ("﹦", ""), ("等于", "")),
}
KIND_OF = {"ge": "正向", "gt": "正向", "bare": "正向", "le": "反向", "lt": "反向", "eq": "等值",
           "range": "区间", "text": "定性"}
RANGE_FORMS = ("{lo}{lu}-{hi}{u}", "{lo}{lu}~{hi}{u}", "{lo}{lu}〜{hi}{u}", "{lo}{lu}—{hi}{u}",
               "{lo}{lu}至{hi}{u}", "{lo}{lu}到{hi}{u}", "[{lo}{lu}, {hi}{u}]",
               "({lo}{lu}, {hi}{u}]", "[{lo}{lu}, {hi}{u})", "【{lo}{lu}, {hi}{u}】")

TEXT_TARGETS = ("基本消除", "达成预期指标", "有效改善", "明显提升", "持续发挥效益", "逐步改善",
                "在项目计划完成时间内完成", "群众生活环境有所改善")
LEVEL_1 = ("达成预期指标", "达成年度指标", "达成", "已达成", "完成", "已完成")
LEVEL_2 = ("部分达成预期指标", "部分达成年度指标并具有一定效果", "部分达成")
LEVEL_3 = ("未达成预期指标", "未达成年度指标且效果较差", "未达成")


@st.composite
def actual_text(draw: st.DrawFn, value: Decimal, unit: Unit) -> str:
    """``value`` (in the target's written scale) as an actual consistent with ``unit``."""
    forms = ["same", "bare"]
    if unit.base is not None:
        forms.append("base")
    if unit.percent:
        forms.append("other_percent")
    form = draw(st.sampled_from(forms))
    if form == "bare" and unit.percent and value <= 1:
        form = "same"  # a bare 0.95 against a percentage reads two ways (JX330/JX510, issue 7)
    op = draw(st.sampled_from(["", "", "", "≥", "=", "≤"]))
    if form == "base":
        assert unit.base is not None
        return op + draw(written(value.scaleb(4))) + unit.base
    number = draw(written(value))
    if form == "bare":
        return op + number
    if form == "other_percent":
        return op + number + ("百分比" if unit.text == "%" else "%")
    return op + number + unit.text


@st.composite
def money(draw: st.DrawFn, value: Decimal) -> Any:
    """A budget figure as TOML/JSON/code would give it: Decimal, str, int or float."""
    forms: list[str] = ["decimal", "str"]
    if value == value.to_integral_value():
        forms.append("int")
    if abs(value) < 10**12:
        forms.append("float")
    form = draw(st.sampled_from(forms))
    if form == "decimal":
        return value
    if form == "int":
        return int(value)
    if form == "float":
        return float(value)
    return draw(st.sampled_from([str(value), f"{value:,f}", f" {value} "]))


# -- one indicator row ----------------------------------------------------------------------------


@st.composite
def numeric_row(draw: st.DrawFn, notation: str) -> dict[str, Any]:
    unit = draw(st.sampled_from(UNITS))
    unit_column = draw(st.booleans()) and unit.text != ""
    written_unit = "" if unit_column else unit.text
    row: dict[str, Any] = {}
    if unit_column:
        row["unit"] = unit.text
    if notation == "range":
        lo = draw(numbers())
        hi = draw(numbers(max_places=3)) + lo
        form = draw(st.sampled_from(RANGE_FORMS))
        low_unit = written_unit if draw(st.booleans()) else ""
        row["target"] = form.format(lo=draw(written(lo)), lu=low_unit, hi=draw(written(hi)),
                                    u=written_unit)
        value = draw(st.one_of(numbers(0, 2 * int(hi) + 2), st.sampled_from([lo, hi])))
    else:
        target = draw(numbers())
        before, after = draw(st.sampled_from(OPERATORS[notation]))
        space = draw(st.sampled_from(["", " "]))
        row["target"] = before + space + draw(written(target)) + written_unit + after
        value = draw(st.one_of(numbers(0, 2 * int(target) + 2), st.just(target)))
    row["actual"] = draw(actual_text(value, unit))
    return row


@st.composite
def text_row(draw: st.DrawFn) -> dict[str, Any]:
    target = draw(st.sampled_from(TEXT_TARGETS))
    level = draw(st.sampled_from([0, 1, 2, 3]))
    row: dict[str, Any] = {"target": target}
    if level == 0:
        row["actual"] = target  # the target's own text reaches the first level
    elif level == 1:
        row["actual"] = draw(st.sampled_from(LEVEL_1))
    else:
        row["actual"] = draw(st.sampled_from(LEVEL_2 if level == 2 else LEVEL_3))
        low, high = (6000, 7999) if level == 2 else (0, 5999)
        ratio = Decimal(draw(st.integers(low, high))).scaleb(-4)
        row["ratio"] = draw(st.sampled_from([ratio, str(ratio), str(ratio.normalize())]))
    return row


@st.composite
def indicator_row(draw: st.DrawFn, section: str, index: int,
                  notations: Sequence[str] = (*OPERATORS, "range", "text")) -> dict[str, Any]:
    notation = draw(st.sampled_from(notations))
    row = draw(text_row()) if notation == "text" else draw(numeric_row(notation))
    row["section"] = draw(st.sampled_from(SECTION_SPELLINGS[section]))
    row["name"] = f"{section}{index}" + draw(st.sampled_from(["", "率", "数量", "（一期）"]))
    if draw(st.booleans()):
        row["category"] = draw(st.sampled_from(CATEGORIES[section]))
    if draw(st.booleans()):
        row["reason"] = draw(st.sampled_from(["资金下达较晚", "冬季无法施工", " "]))
    return row


# -- weights ------------------------------------------------------------------------------------


def _cut(total_cents: int, cuts: list[int]) -> list[Decimal]:
    points = sorted(cuts)
    return [Decimal(b - a).scaleb(-2) for a, b in zip([0, *points], [*points, total_cents],
                                                     strict=True)]


def weight_repr(w: Decimal) -> st.SearchStrategy[Any]:
    forms: list[Any] = [w, str(w), float(w)]
    if w == w.to_integral_value():
        forms.append(int(w))
    return st.sampled_from(forms)


@st.composite
def section_rows(draw: st.DrawFn, section: str, max_rows: int = 5) -> list[dict[str, Any]]:
    n = draw(st.integers(0, max_rows))
    rows = [draw(indicator_row(section, i)) for i in range(n)]
    if n == 0:
        return rows
    weight = SECTION_WEIGHTS[section]
    cents = int(weight * 100)
    mode = draw(st.sampled_from(["equal", "given", "mixed"] if n > 1 else ["equal", "given"]))
    if mode == "given":
        parts = _cut(cents, draw(st.lists(st.integers(0, cents), min_size=n - 1,
                                          max_size=n - 1)))
        for row, part in zip(rows, parts, strict=True):
            row["weight"] = draw(weight_repr(part))
        return rows
    given: list[int] = []
    if mode == "mixed":
        k = draw(st.integers(1, n - 1))
        given = list(draw(st.permutations(range(n))))[:k]
        cuts = draw(st.lists(st.integers(0, cents), min_size=k, max_size=k))
        parts = _cut(cents, cuts)[:k]  # k parts adding up to at most the section weight
        for i, part in zip(given, parts, strict=True):
            rows[i]["weight"] = draw(weight_repr(part))
    return rows


# -- budgets and projects -----------------------------------------------------------------------

positive = st.integers(0, 2).flatmap(
    lambda p: st.integers(1, 10**7 * 10**p).map(lambda n: Decimal(n).scaleb(-p)))
non_negative = numbers(0, 10**7, 2)


@st.composite
def funds(draw: st.DrawFn, zero_ok: bool = True) -> dict[str, Any]:
    """One budget line: A ≥ 0 (> 0 unless ``zero_ok``) and 0 ≤ B (B > A happens)."""
    total = draw(st.one_of(positive, st.just(Decimal(0))) if zero_ok else positive)
    executed = draw(st.one_of(non_negative, st.just(total), numbers(0, int(total) + 1, 2)))
    line: dict[str, Any] = {"total": draw(money(total))}
    if executed or draw(st.booleans()):
        line["executed"] = draw(money(executed))
    return line


STATUSES = ("not_started", "未开工", "未启动", "started", "已开工", "在建", "实施中",
            "completed", "已完工", "完工", "已完成")


@st.composite
def project(draw: st.DrawFn, index: int) -> dict[str, Any]:
    central, local = draw(funds(zero_ok=False)), draw(funds())
    p: dict[str, Any] = {
        "name": f"子项目{index}",
        "budget": {"central": central["total"], "local": local["total"]},
        "executed": {"central": central.get("executed", 0), "local": local.get("executed", 0)},
    }
    if draw(st.booleans()):  # central funds only: the local line has A = 0
        del p["budget"]["local"], p["executed"]["local"]
    if draw(st.booleans()):
        p["status"] = draw(st.sampled_from(STATUSES))
    return p


@st.composite
def budget(draw: st.DrawFn, have_projects: bool) -> dict[str, Any] | None:
    form = draw(st.sampled_from(["total", "total+lines", "lines"]
                                + (["none"] if have_projects else [])))
    if form == "none":
        return None  # the sum of the sub-projects'
    b: dict[str, Any] = {}
    if form != "lines":
        b.update(draw(funds(zero_ok=False)))  # a budget of 0 has no 预算执行 score
    lines = draw(st.lists(st.sampled_from(["central", "local", "other"]), unique=True,
                          min_size=1 if form == "lines" else 0))
    for i, line in enumerate(lines):
        b[line] = draw(funds(zero_ok=i > 0 or form != "lines"))
    if draw(st.integers(0, 3)) == 0:
        b["batches"] = []
        for name in draw(st.lists(st.sampled_from(["提前下达", "第二批"]), unique=True,
                                  min_size=1)):
            batch = {"name": name, "central": draw(funds()), "local": draw(funds())}
            if draw(st.booleans()):
                del batch[draw(st.sampled_from(["central", "local"]))]
            b["batches"].append(batch)
    return b


@st.composite
def valid_data(draw: st.DrawFn) -> dict[str, Any]:
    """A project-data mapping the reference scheme must score."""
    rows: list[dict[str, Any]] = []
    for section in SECTION_WEIGHTS:
        rows += draw(section_rows(section))
    rows = list(draw(st.permutations(rows)))
    projects = [draw(project(i)) for i in range(draw(st.integers(0, 3)))]
    data: dict[str, Any] = {"indicators": rows}
    b = draw(budget(bool(projects)))
    if b is not None:
        data["budget"] = b
    if projects:
        data["projects"] = projects
    if draw(st.booleans()):
        data["subject"] = {"name": "某县测试项目", "year": draw(st.integers(2015, 2030)),
                           "unit": draw(st.sampled_from(["万元", "元"]))}
    return data


# -- helpers ------------------------------------------------------------------------------------

Outcome = Result | tuple[str, ...]


def outcome(data: dict[str, Any], explain: bool = True) -> Outcome:
    """The result, or the codes of the JixiaoError it raised."""
    try:
        return jixiao.score(copy.deepcopy(data), REGIONAL, explain=explain)
    except jixiao.JixiaoError as exc:
        return tuple(exc.codes)


def without_steps(r: Result) -> Result:
    return attrs.evolve(
        r, steps=(), budget=attrs.evolve(r.budget, steps=()),
        sections=tuple(attrs.evolve(s, steps=()) for s in r.sections),
        indicators=tuple(attrs.evolve(i, steps=()) for i in r.indicators))


def all_lines(r: Result) -> list[FundsResult]:
    """Every budget line of a result: total, central, local, other, batches, sub-projects."""
    lines: list[FundsResult | None] = [r.budget.total, r.budget.central, r.budget.local,
                                       r.budget.other]
    for _, total, central, local in r.budget.batches:
        lines += [total, central, local]
    for p in r.projects:
        lines += [p.total, p.central, p.local]
    return [f for f in lines if f is not None]


def all_rates(r: Result) -> list[Decimal]:
    return [f.rate for f in all_lines(r) if f.rate is not None]


# -- 1. bounds ----------------------------------------------------------------------------------


@examples(150)
@given(valid_data())
def test_scores_stay_within_their_weights(data: dict[str, Any]) -> None:
    result = jixiao.score(data, REGIONAL)
    assert result.full_score == 100
    assert len(result.indicators) == len(data["indicators"])
    event(f"grade {result.grade}")
    for ind in result.indicators:
        event(f"kind {ind.kind}")
        assert ind.kind in KIND_OF.values()
        assert 0 <= ind.completion <= 1, ind
        assert ind.deviation == 1 - ind.completion, ind
        assert 0 <= ind.score <= ind.weight, ind
    weights = {"预算执行": Decimal(10), **SECTION_WEIGHTS}
    assert {s.name: s.weight for s in result.sections} == weights
    for sec in result.sections:
        assert 0 <= sec.score <= sec.weight, sec
        rows = [i for i in result.indicators if i.section == sec.name]
        if rows:  # the indicators share exactly the section's weight, and count in full
            assert sum((i.weight for i in rows), Decimal(0)) == sec.weight
            assert sec.score == sum((i.score for i in rows), Decimal(0))
    assert 0 <= result.total <= result.full_score
    assert result.total == sum((s.score for s in result.sections), Decimal(0))
    for line in all_lines(result):  # a line without budget (A = 0) has no rate
        if line.total == 0:
            assert line.rate is None
        else:
            assert line.rate == (line.executed / line.total).quantize(
                Decimal("0.0001"), rounding=ROUND_HALF_UP)


# -- 2. monotone --------------------------------------------------------------------------------


@examples(150)
@given(st.data())
def test_directed_indicators_are_monotone_in_the_actual(data: st.DataObject) -> None:
    notation = data.draw(st.sampled_from(["ge", "gt", "bare", "le", "lt"]), label="notation")
    section = data.draw(st.sampled_from(list(SECTION_WEIGHTS)), label="section")
    row = data.draw(indicator_row(section, 0, [notation]), label="row")
    unit = data.draw(st.sampled_from(UNITS), label="unit")
    target = data.draw(numbers(1, 10**5), label="target")
    before, after = data.draw(st.sampled_from(OPERATORS[notation]))
    row["target"] = before + data.draw(written(target)) + unit.text + after
    row.pop("unit", None)
    low, high = sorted(data.draw(st.lists(st.one_of(numbers(1, 2 * int(target) + 2),
                                                    st.just(target)), min_size=2, max_size=2),
                                 label="actuals"))
    assert low > 0
    assert target > 0
    if data.draw(st.booleans(), label="given weight"):
        row["weight"] = SECTION_WEIGHTS[section]
    others = [r for r in data.draw(valid_data(), label="others")["indicators"]
              if r["section"] not in SECTION_SPELLINGS[section]]
    scored = []
    for value in (low, high):
        r = dict(row, actual=data.draw(actual_text(value, unit), label=f"actual {value}"))
        result = jixiao.score(project_data(r, *others), REGIONAL)
        ind = next(i for i in result.indicators if i.name == row["name"])
        assert ind.kind == KIND_OF[notation]
        scored.append((ind.score, result.total))
    (score_low, total_low), (score_high, total_high) = scored
    if KIND_OF[notation] == "正向":
        assert score_low <= score_high
        assert total_low <= total_high
    else:
        assert score_low >= score_high
        assert total_low >= total_high


# -- 3. deterministic ---------------------------------------------------------------------------


@examples(60)
@given(valid_data())
def test_scoring_twice_gives_the_same_result_and_json(data: dict[str, Any]) -> None:
    first, second = outcome(data), outcome(data)
    assert first == second
    if isinstance(first, Result):
        assert isinstance(second, Result)
        for lang in ("zh", "en"):
            text = jixiao.to_json(first, lang)
            assert text == jixiao.to_json(second, lang)
            assert isinstance(json.loads(text), dict)


# A data file that raises most warnings, so their order is compared across processes too.
WARNING_DATA: dict[str, Any] = {
    "subject": {"name": "警告测试", "year": 2025},
    "budget": {"total": "100", "executed": "120",
               "central": {"total": "60", "executed": "60"},
               "local": {"total": "30", "executed": "0"}},
    "projects": [{"name": "甲", "budget": {"central": 50, "local": 10},
                  "executed": {"central": 40}, "status": "在建"},
                 {"name": "乙", "budget": {"central": 20, "local": 5}, "status": "已完工"}],
    "indicators": [
        indicator("开工率", "100%", "66.67%", category="数量指标"),
        indicator("面积", "≥10.7", "11.30万立方米", unit="万平方米", category="其他指标"),
        indicator("成本", "≤90万元", "950000元", category="成本指标"),
        indicator("区间", "5-10%", "12%", category="质量指标"),
        indicator("隐患", "基本消除", "部分达成", section="项目效益", ratio="0.7"),
        indicator("经济", "≥1", "1", section="效益指标", weight="15"),
    ],
}


@pytest.mark.parametrize("name", ["seed", "warnings"])
def test_json_is_identical_across_hash_seeds(name: str, tmp_path: Path) -> None:
    if name == "seed":
        args = [str(SEED_DATA)]
    else:
        path = tmp_path / "warnings.json"
        path.write_text(json.dumps(WARNING_DATA, ensure_ascii=False), encoding="utf-8")
        args = [str(path), "--scheme", str(SCHEMES / "transfer_regional.jx")]
    runs = []
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "jixiao.cli", "score", *args,
                               "--format", "json"], capture_output=True, env=env, cwd=ROOT,
                              check=False, timeout=60)
        assert done.returncode == 0, done.stderr.decode()
        runs.append((done.stdout, done.stderr))
    assert runs[0] == runs[1] == runs[2]
    if name == "seed":
        assert json.loads(runs[0][0])["total"] == "92.71"
    else:
        assert len(json.loads(runs[0][0])["diagnostics"]) >= 5


# -- 4. explain ---------------------------------------------------------------------------------


@examples(80)
@given(valid_data())
def test_explain_changes_only_the_steps(data: dict[str, Any]) -> None:
    full, lean = outcome(data, explain=True), outcome(data, explain=False)
    if not isinstance(full, Result):
        assert lean == full
        return
    assert isinstance(lean, Result)
    assert lean == without_steps(lean)  # no steps at all
    assert without_steps(full) == lean
    assert full.steps
    assert full.budget.steps
    assert all(i.steps for i in full.indicators)


# -- 5. grade -----------------------------------------------------------------------------------


def _boundary(total: str) -> dict[str, Any]:
    """Data whose total lands exactly on a band's lower bound."""
    rows = {
        "90": [indicator("产出", "≥1", "1"), indicator("效益", "≥1", "1", section="效益指标")],
        "80": [indicator("产出", "≥1", "1"), indicator("效益", "≥3", "2", section="效益指标")],
        "60": [indicator("产出", "≥1", "1")],
        "0": [indicator("产出", "≥1", "0")],
    }[total]
    return project_data(*rows, executed="0" if total == "0" else "100")


@examples(150)
@given(valid_data())
@example(_boundary("90"))
@example(_boundary("80"))
@example(_boundary("60"))
@example(_boundary("0"))
def test_the_grade_is_the_band_holding_the_total(data: dict[str, Any]) -> None:
    result = jixiao.score(data, REGIONAL)
    assert result.grade == expected_grade(result.total), result.total
    scheme_bands = [g.name for g in REGIONAL.scheme.grades if g.band.contains(result.total)]
    assert scheme_bands == [result.grade]


def test_boundary_examples_land_on_the_bounds() -> None:
    for total, grade in (("90", "优"), ("80", "良"), ("60", "中"), ("0", "差")):
        result = jixiao.score(_boundary(total), REGIONAL)
        assert (result.total, result.grade) == (Decimal(total), grade)


# -- 6. rounding --------------------------------------------------------------------------------


@examples(100)
@given(valid_data())
def test_scores_have_two_places_and_rates_four(data: dict[str, Any]) -> None:
    result = outcome(data)
    if not isinstance(result, Result):
        return
    for ind in result.indicators:
        assert has_places(ind.score, 2), ind
        assert has_places(ind.weight, 2), ind
    for sec in result.sections:
        assert has_places(sec.score, 2), sec
    assert has_places(result.total, 2)
    rates = all_rates(result)
    assert result.budget.total.rate in rates
    for rate in rates:
        assert has_places(rate, 4), rate
    # rates are rounded half-up from B / A
    b = result.budget.total
    assert b.rate == (b.executed / b.total).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


# -- 7. only jixiao's errors escape --------------------------------------------------------------

NASTY_STRINGS = (
    "", " ", "NaN", "nan", "-NaN", "sNaN", "Infinity", "-inf", "1e999", "1E5", "-5", "-0", "0",
    "0.0", "≥", "≥-1", "≥abc", "≥ 1 2", "1,00", "1..5", "１２３", "10万元", "100%", "%", "[5, 1]",
    "[5,", "5-", "5--10", "5-10-15", "(,)", "9月前", "达成预期指标", "部分达成", "未达成",
    "基本消除", "9" * 40, "0." + "0" * 40 + "1", "1" + "0" * 35, "1" + "0" * 29,
    "0.000000000000000000000000000001", "≤0", "=0", "[0, 0]", "-", "/", "\x00", "\u200b",
    "≥" + "9" * 300, "not_started", "已完工", "产出指标", "项目效益", "满意度指标", "预算执行",
    "正向", "定性", "0.7", "1.5",
)
KNOWN_KEYS = ("scheme", "subject", "budget", "indicators", "projects", "name", "year", "unit",
              "total", "executed", "central", "local", "other", "batches", "status", "section",
              "category", "target", "actual", "weight", "reason", "kind", "ratio")

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(),
    st.integers(-(10**40), 10**40), st.floats(), st.decimals(),
    st.text(max_size=12), st.sampled_from(NASTY_STRINGS),
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=6))
    return st.one_of(st.lists(children, max_size=3),
                     st.dictionaries(keys, children, max_size=4))


junk = st.recursive(scalars, _containers, max_leaves=12)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


def _mutate(root: dict[str, Any], path: tuple[Any, ...], how: str, value: Any) -> Any:
    parent: Any = root
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "add" and isinstance(parent[last], dict):
        parent[last]["额外字段" if not isinstance(value, str) else value[:8] or "x"] = value
    else:
        parent[last] = value
    return root


KIND_NAMES = ("正向", "反向", "等值", "区间", "定性")


@st.composite
def mutated_data(draw: st.DrawFn) -> Any:
    """Valid data with one to four things broken: a value replaced by junk, a field deleted
    or added, or a well-formed but misfitting ``kind`` / ``section`` on an indicator."""
    data: Any = draw(valid_data())
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["replace", "replace", "delete", "add", "kind", "section"]))
        rows = data.get("indicators")
        if how in ("kind", "section") and isinstance(rows, list) and rows:
            row = draw(st.sampled_from(rows))
            if isinstance(row, dict):
                if how == "kind":
                    row["kind"] = draw(st.sampled_from(KIND_NAMES))
                else:
                    row["section"] = draw(st.sampled_from(["预算执行", "产出指标", "项目效益"]))
            continue
        paths = _paths(data)[1:]  # the root stays a mapping
        if not paths:  # everything was deleted already: nothing left to break
            break
        path = draw(st.sampled_from(paths))
        data = _mutate(data, path, how, draw(junk))
    return data


def _score_or_jixiao_error(data: Any) -> None:
    """Score ``data``: a Result, or a JixiaoError with readable diagnostics; nothing else."""
    result: Result | None = None
    error: jixiao.JixiaoError | None = None
    try:
        result = jixiao.score(data, REGIONAL)
    except jixiao.JixiaoError as exc:
        error = exc
    if error is not None:
        event(type(error).__name__)
        assert error.diagnostics, "a JixiaoError without diagnostics"
        for d in error.diagnostics:
            assert d.message("zh")
            assert d.message("en")
        return
    event("scored")
    assert isinstance(result, Result)


@examples(300)
@given(mutated_data())
def test_mutated_data_raises_only_jixiao_errors(data: Any) -> None:
    _score_or_jixiao_error(data)


@examples(150)
@given(st.one_of(
    st.dictionaries(st.sampled_from(KNOWN_KEYS[:5]), junk, max_size=5),
    st.fixed_dictionaries({"budget": junk, "indicators": st.lists(junk, max_size=3)},
                          optional={"projects": junk, "subject": junk}),
    st.fixed_dictionaries({"budget": st.fixed_dictionaries({"total": scalars,
                                                            "executed": scalars}),
                           "indicators": st.lists(st.fixed_dictionaries(
                               {"section": st.sampled_from(["产出指标", "效益指标"]),
                                "name": st.text(max_size=4), "target": scalars,
                                "actual": scalars},
                               optional={"weight": scalars, "ratio": scalars,
                                         "unit": scalars}), max_size=3)}),
))
def test_any_mapping_raises_only_jixiao_errors(data: dict[str, Any]) -> None:
    _score_or_jixiao_error(data)


# -- regressions -------------------------------------------------------------------------------


# Regressions for what these properties found and was fixed while they were written: a formula
# failure (a budget line with A = 0, a rate beyond the context's precision) used to escape as
# KeyError 'formula' (engine/evaluate.py passed formula= twice to error()).


@examples(20)
@given(st.sampled_from(["local", "central", "other", "batch", "project"]),
       st.sampled_from(["0", 0, Decimal(0), "0.00"]))
@example("local", "0")
@example("project", "0")
def test_a_budget_line_without_money_has_no_rate(where: str, zero: Any) -> None:
    budget: dict[str, Any] = {"total": "100", "executed": "50"}
    projects = []
    if where == "batch":
        budget["batches"] = [{"name": "第二批", "central": {"total": "10"}}]  # no local funds
    elif where == "project":
        projects = [{"name": "甲", "budget": {"central": 100, "local": zero},
                     "executed": {"central": 50}}]
    else:
        budget[where] = {"total": zero, "executed": 0}
    result = jixiao.score(project_data(indicator(), budget=budget, projects=projects), REGIONAL)
    zero_lines = [f for f in all_lines(result) if f.total == 0]
    assert zero_lines
    assert all(f.rate is None for f in zero_lines)
    assert result.budget.total.rate == Decimal("0.5")


def test_a_project_without_budget_is_an_error_not_a_crash() -> None:
    with pytest.raises(jixiao.EvaluationError):
        jixiao.score(project_data(indicator(), total="0", executed="0"), REGIONAL)


def test_a_rate_beyond_the_precision_is_an_error_not_a_crash() -> None:
    data = project_data(indicator(), total="0." + "0" * 29 + "1", executed="1" + "0" * 29)
    with pytest.raises(jixiao.EvaluationError):
        jixiao.score(data, REGIONAL)


@examples(30)
@given(st.sampled_from(list(SECTION_WEIGHTS)), st.integers(1, 12))
@example("产出指标", 3)
@example("效益指标", 7)
def test_equal_split_keeps_sections_within_their_weight(section: str, n: int) -> None:
    """Found as bug B (50 ÷ 3 → 16.67 × 3 = 50.01: a fully met project totalled 100.04 and
    failed with JX403); fixed by giving the last share what rounding left over."""
    rows = [indicator(f"{section}{i}", "≥1", "1", section=section) for i in range(n)]
    fill = [indicator(f"{s}满分", "≥1", "1", section=s) for s in SECTION_WEIGHTS if s != section]
    result = jixiao.score(project_data(*rows, *fill), REGIONAL)
    sec = next(s for s in result.sections if s.name == section)
    assert sec.score == sec.weight
    assert result.total == result.full_score


def _signed_case(op: str, target: int, actual: int, width: int) -> None:
    """Signed numbers are read; whatever they give stays in bounds, or is a DataError naming
    the indicator (JX319, a negative target)."""
    text = f"[{target}, {target + width}]" if op == "range" else f"{op}{target}"
    data = project_data(indicator("指标", text, str(actual)))
    try:
        result = jixiao.score(data, REGIONAL)
    except jixiao.DataError as exc:
        wheres = [d.where for d in exc.diagnostics]
    else:
        wheres = []
    if wheres:
        assert all(w.startswith("indicators[0]") for w in wheres)
        return
    ind = result.indicators[0]
    assert 0 <= ind.completion <= 1
    assert ind.deviation == 1 - ind.completion
    assert 0 <= ind.score <= ind.weight
    assert 0 <= result.total <= result.full_score


@examples(80)
@given(st.sampled_from(["≥", ">", "≤", "<", "", "=", "range"]), st.integers(-100, 100),
       st.integers(-100, 100), st.integers(0, 50))
@example("≥", -5, -10, 0)
@example("≥", 5, -10, 0)
@example("range", -1, 5, 0)
@example("range", -1, 0, 0)
def test_signed_numbers_keep_scores_in_bounds(op: str, target: int, actual: int,
                                              width: int) -> None:
    """Found as bug C: ≥-5 with -10 scored full marks; ≥5 with -10 scored -100, then JX403;
    [-1, -1] with 5 scored -10 and with 0 divided by zero. Fixed in the reference scheme
    (JX319 for negative targets, completions floored at 0)."""
    _signed_case(op, target, actual, width)


# -- rendering: whatever score returns, every renderer renders ---------------------------------


@st.composite
def extreme_numbers(draw: st.DrawFn) -> str:
    """Up to 30 significant digits (the reader's limit), from 1e-30 to 1e30."""
    digits = draw(st.integers(1, 30))
    n = draw(st.integers(1, 10**digits - 1))
    return format(Decimal(n).scaleb(-draw(st.integers(0, 30))), "f")


@st.composite
def extreme_data(draw: st.DrawFn) -> dict[str, Any]:
    op = draw(st.sampled_from(["≥", "≤", "", "="]))
    rows = [indicator("指标", op + draw(extreme_numbers()), draw(extreme_numbers())),
            indicator("区间", draw(extreme_numbers()) + "-" + "9" * 30, draw(extreme_numbers()),
                      section="效益指标")]
    return project_data(*rows, total=draw(extreme_numbers()), executed=draw(extreme_numbers()))


RENDERERS = (jixiao.to_json, jixiao.to_text, jixiao.to_toml)


@examples(100)
@given(st.one_of(valid_data(), mutated_data(), extreme_data()))
def test_every_result_renders(data: dict[str, Any]) -> None:
    try:
        result = jixiao.score(data, REGIONAL)
    except jixiao.JixiaoError:
        event("not scored")
        return
    event("scored")
    for render in RENDERERS:
        for lang in ("zh", "en"):
            assert render(result, lang).endswith("\n")


# -- regressions for the bugs these properties found (D, E, F, G) ---------------------------


@pinned(10)
@given(st.integers(29, 30), st.sampled_from(RENDERERS))
@example(29, jixiao.to_json)
def test_results_with_long_numbers_render(digits: int, render: Callable[[Result, str], str],
                                          ) -> None:
    result = jixiao.score(project_data(indicator("指标", "≥1", "1" + "0" * (digits - 1))),
                          REGIONAL)
    assert render(result, "zh")


@pinned(40)
@given(st.sampled_from(KIND_NAMES),
       st.sampled_from(["≥10", "≤10", "=10", "10", "5-10", "[5, 10)", "基本消除"]),
       st.sampled_from(["7", "12", "基本消除", "部分达成"]))
@example("正向", "5-10", "7")
@example("区间", "≥10", "7")
def test_a_forced_kind_that_does_not_fit_is_a_data_error(kind: str, target: str,
                                                         actual: str) -> None:
    data = project_data(indicator("指标", target, actual, kind=kind, ratio="0.7"))
    with contextlib.suppress(jixiao.JixiaoError):
        jixiao.score(data, REGIONAL)


@pinned(30)
@given(valid_data(), indicator_row("产出指标", 99))
@example(project_data(indicator()), indicator("预算执行率", "≥90%", "50%", reason="资金下达晚"))
def test_every_scored_indicator_counts_or_is_flagged(data: dict[str, Any],
                                                     row: dict[str, Any]) -> None:
    extra = dict(row, section="预算执行", name="预算执行率")
    data = dict(data, indicators=[*data["indicators"], extra])
    try:
        result = jixiao.score(data, REGIONAL)
    except jixiao.DataError:
        return  # refusing the row is fine
    for i, ind in enumerate(result.indicators):
        section = next(s for s in result.sections if s.name == ind.section)
        counted = section.score == sum(
            (x.score for x in result.indicators if x.section == ind.section), Decimal(0))
        flagged = any(d.where in (f"indicators[{i}]", f"indicators[{i}].section")
                      for d in result.diagnostics)
        assert counted or flagged, (ind.name, ind.score, section)


@pinned(40)
@given(st.sampled_from(list(SECTION_WEIGHTS)), st.integers(0, 50), st.integers(2, 80))
@example("产出指标", 5, 9)
@example("满意度指标", None, 60)
def test_no_share_of_a_split_is_negative(section: str, left_cents: int | None, n: int) -> None:
    """``left_cents``: what the one given weight leaves to the ``n`` others (None: no weight)."""
    rows = [indicator(f"{section}{i}", "≥1", "1", section=section) for i in range(n)]
    if left_cents is not None:
        given = SECTION_WEIGHTS[section] - Decimal(left_cents).scaleb(-2)
        rows.append(indicator(f"{section}有分值", "≥1", "1", section=section, weight=str(given)))
    result = jixiao.score(project_data(*rows), REGIONAL)
    for ind in result.indicators:
        assert ind.weight >= 0, ind
        assert ind.score >= 0, ind


# -- the generators themselves ------------------------------------------------------------------


@examples(40)
@given(valid_data())
def test_generated_targets_are_read_as_intended(data: dict[str, Any]) -> None:
    """Guards the generators: every notation lands on the kind it was written for."""
    result = jixiao.score(data, REGIONAL)
    for row, ind in zip(data["indicators"], result.indicators, strict=True):
        assert ind.name == row["name"]
        assert ind.kind in KIND_OF.values()
        if ind.kind == "定性":
            assert ind.level is not None
        else:
            assert ind.actual_value is not None
            assert ind.actual_value >= 0
    assert not [d for d in result.diagnostics if d.code == "JX502"], "unit mismatch generated"
