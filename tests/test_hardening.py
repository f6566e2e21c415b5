"""Issue 7: no traceback, no hang, no silent wrong score — one class of failure per part.

Each class keeps the example that found it and at least two siblings, so a fix of the class
(not only of the example) is what makes them pass. Property tests close each part where a law
holds: the explanation computes nothing the score did not; every exception pickles; what the
terminal renderers print carries no control character from the data.
"""

from __future__ import annotations

import copy
import multiprocessing
import pickle
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import SCHEMES, SEED_DATA, indicator, project_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import project as generated_project
from test_properties import valid_data

import jixiao
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.result import Result

REGIONAL_TEXT = (SCHEMES / "transfer_regional.jx").read_text(encoding="utf-8")
REGIONAL: CompiledScheme = jixiao.load_scheme(SCHEMES / "transfer_regional.jx")
SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def with_derive(*derives: str) -> CompiledScheme:
    """The regional scheme with ``derive`` lines added."""
    text = REGIONAL_TEXT.replace("  grade 优", "\n".join(derives) + "\n  grade 优", 1)
    return jixiao.compile_scheme_text(text, "derived.jx")


def without_steps(r: Result) -> Result:
    return attrs.evolve(
        r, steps=(), budget=attrs.evolve(r.budget, steps=()),
        sections=tuple(attrs.evolve(s, steps=()) for s in r.sections),
        indicators=tuple(attrs.evolve(i, steps=()) for i in r.indicators))


# -- 1. a sub-project's rate on a line it has no money on --------------------------------------

FUNDED = {"name": "甲", "budget": {"central": 10}, "executed": {"central": 5},
          "status": "started"}
UNFUNDED = {"name": "乙", "status": "not_started"}  # no money on any line yet


@pytest.mark.parametrize("formula", [
    "round(sum(projects, rate) / count(projects), 4)",           # the example
    "count(projects where local.rate >= 1)",                     # central-only projects
    "round(sum(projects, central.rate), 4)",
    "if count(projects) > 0 then round(sum(projects, local.rate), 4) else 0",
])
def test_a_missing_project_rate_is_jx402_when_needed(formula: str) -> None:
    scheme = with_derive(f"  derive 平均执行率 = {formula}")
    needed = project_data(indicator("平均执行率", "≥50%", None),
                          projects=[FUNDED, UNFUNDED])
    with pytest.raises(jixiao.EvaluationError) as caught:
        jixiao.score(needed, scheme)
    assert caught.value.codes == ["JX402"]
    message = caught.value.diagnostics[0].message("en")
    assert "rate" in message
    assert "平均执行率" in message or "derive" in message


@pytest.mark.parametrize("formula", [
    "round(sum(projects, rate) / count(projects), 4)",
    "count(projects where local.rate >= 1)",
])
def test_a_missing_project_rate_is_no_error_when_not_needed(formula: str) -> None:
    scheme = with_derive(f"  derive 平均执行率 = {formula}")
    result = jixiao.score(project_data(indicator(), projects=[FUNDED, UNFUNDED]), scheme)
    assert "平均执行率" not in dict(result.derived)


def test_a_guarded_project_rate_is_scored() -> None:
    scheme = with_derive("  derive 地方到位 = count(projects where local.total > 0 and "
                         "local.rate >= 1)")
    result = jixiao.score(project_data(indicator(), projects=[FUNDED, UNFUNDED]), scheme)
    assert dict(result.derived)["地方到位"] == 0


# -- 2. the explanation computes nothing the score did not -------------------------------------

@pytest.mark.parametrize("formula", [
    # a branch not taken: its aggregate cannot be rounded in the context (InvalidOperation)
    "if count(projects) > 100 then sum(projects, round(total * " + "1" + "0" * 28
    + " * 1" + "0" * 28 + ", 4)) else 1",
    # a branch not taken reads a rate the sub-projects do not have
    "if count(projects) > 100 then round(sum(projects, local.rate), 4) else 1",
    # the other side of an `and` that scoring never reaches
    "if count(projects) > 100 and sum(projects, local.rate) > 0 then 0 else 1",
])
def test_explain_never_computes_what_scoring_did_not(formula: str) -> None:
    scheme = with_derive(f"  derive 其他 = {formula}")
    record = project_data(indicator("其他", "≥1", None), projects=[FUNDED, UNFUNDED])
    full = jixiao.score(record, scheme, explain=True)
    lean = jixiao.score(record, scheme, explain=False)
    assert without_steps(full) == lean
    assert dict(full.derived)["其他"] == 1
    step = next(s for s in full.indicators[0].steps if s.name == "actual")
    assert [name for name, _ in step.inputs] == ["count(projects)"]


AGGREGATE_ITEMS = ["rate", "central.rate", "local.rate", "total", "executed", "1"]
CONDITIONS = ["started", "completed", "local.rate >= 1", "rate > 0.5", "central.total > 0"]


@st.composite
def number_expr(draw: st.DrawFn, depth: int = 0) -> str:
    """A derive formula over the sub-projects and budget lines, with divisions and branches."""
    leaves = st.one_of(
        st.sampled_from(["1", "0", "2.5", "budget.rate", "budget.local.rate",
                         "budget.central.rate", "count(projects)"]),
        st.builds(lambda i: f"sum(projects, {i})", st.sampled_from(AGGREGATE_ITEMS)),
        st.builds(lambda c: f"count(projects where {c})", st.sampled_from(CONDITIONS)),
    )
    if depth >= 3 or draw(st.booleans()):
        return draw(leaves)
    a, b = draw(number_expr(depth + 1)), draw(number_expr(depth + 1))
    form = draw(st.sampled_from(["+", "-", "*", "/", "if"]))
    if form == "if":
        c = draw(number_expr(depth + 1))
        op = draw(st.sampled_from([">", ">=", "==", "<"]))
        return f"(if {a} {op} {c} then {b} else {a})"
    return f"({a} {form} {b})"


@SETTINGS
@given(st.lists(number_expr(), min_size=1, max_size=3), st.data())
def test_explain_on_and_off_give_the_same_figures(formulas: list[str], data: Any) -> None:
    scheme = with_derive(*(f"  derive 计算{i} = round({f}, 4)" for i, f in enumerate(formulas)))
    record = data.draw(valid_data())
    n = data.draw(st.integers(0, 3))
    record["projects"] = [data.draw(generated_project(i)) for i in range(n)]
    record["projects"] += [dict(UNFUNDED, name=f"未拨付{i}")
                           for i in range(data.draw(st.integers(0, 2)))]
    record.pop("budget", None)
    record["budget"] = {"total": "100", "executed": "50"}
    for i in data.draw(st.lists(st.integers(0, len(formulas) - 1), unique=True)):
        record["indicators"].append(indicator(f"计算{i}", "≥1", None, section="效益指标"))
    outcomes = []
    for explain in (True, False):
        try:
            r = jixiao.score(copy.deepcopy(record), scheme, explain=explain)
            outcomes.append(without_steps(r))
        except jixiao.JixiaoError as exc:
            outcomes.append(tuple(exc.codes))  # type: ignore[arg-type]
    assert outcomes[0] == outcomes[1]


# -- 3. odd Python types through jixiao.score ---------------------------------------------------

class Whole:
    """A foreign integer scalar (numpy.int64 without numpy): only ``__index__``."""

    def __init__(self, v: int) -> None:
        self.v = v

    def __index__(self) -> int:
        return self.v


class Real:
    """A foreign float scalar (numpy.float32 without numpy): ``__float__`` and its text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __float__(self) -> float:
        return float(self.text) + 1e-9  # a float32 is not the number it prints

    def __str__(self) -> str:
        return self.text


class Loud(int):
    """An int subclass whose text is not its value (an IntEnum-like)."""

    def __str__(self) -> str:
        return "Loud.HUNDRED"

    __repr__ = __str__


class Half(float):
    """A float subclass (numpy.float64 is one) with a repr that is not a number."""

    def __repr__(self) -> str:
        return f"Half({float(self)})"


@pytest.mark.parametrize(("value", "expected"), [
    (Whole(100), Decimal(100)), (Real("99.5"), Decimal("99.5")), (Loud(100), Decimal(100)),
    (Half(99.5), Decimal("99.5")), (100, Decimal(100)), (Decimal("99.5"), Decimal("99.5")),
])
def test_foreign_numbers_are_read_by_value(value: Any, expected: Decimal) -> None:
    record = project_data(indicator(target="≥100", actual=value),
                          total=value, executed=value)
    result = jixiao.score(record, REGIONAL)
    assert result.budget.total.total == expected
    assert result.indicators[0].actual_value == expected


def test_numpy_scalars_are_numbers() -> None:
    np = pytest.importorskip("numpy")
    record = project_data(indicator(actual=np.int64(100), weight=np.float64(50)),
                          total=np.float32(100), executed=np.int32(80))
    result = jixiao.score(record, REGIONAL)
    assert result.budget.total.rate == Decimal("0.8")


@pytest.mark.parametrize("value", [True, b"100", [100], {"a": 1}, object(), None])
def test_non_numbers_where_a_number_belongs_are_jx303(value: Any) -> None:
    """… and ``None`` is a missing figure (JX302), never "got None" (issue 7's last pass)."""
    with pytest.raises(jixiao.DataError) as caught:
        jixiao.score(project_data(indicator(weight=value)), REGIONAL)
    assert caught.value.codes == (["JX302"] if value is None else ["JX303"])
    for d in caught.value.diagnostics:
        for lang in ("zh", "en"):
            assert not any(word in d.message(lang) for word in ("None", "True", "dict", "list",
                                                                 "bytes'", "b'"))


@pytest.mark.parametrize("key", ["subject", "budget", "projects"])
@pytest.mark.parametrize("value", [{1: 2}, {None: 1}, [1], 7, b"x"])
def test_odd_shapes_are_data_errors(key: str, value: Any) -> None:
    record = project_data(indicator())
    record[key] = [value] if key == "projects" else value
    with pytest.raises(jixiao.DataError):
        jixiao.score(record, REGIONAL)


@pytest.mark.parametrize("data", [[1, 2], b"data.toml", 7, None, True, (("a", 1),)])
def test_a_record_that_is_no_mapping_nor_path_is_an_input_error(data: Any) -> None:
    with pytest.raises(jixiao.InputError) as caught:
        jixiao.score(data, REGIONAL)
    assert caught.value.codes == ["JX303"]


@pytest.mark.parametrize("scheme", [7, b"soil_pollution", ["soil_pollution"]])
def test_a_scheme_argument_of_the_wrong_type_is_an_input_error(scheme: Any) -> None:
    with pytest.raises(jixiao.InputError):
        jixiao.score(project_data(indicator()), scheme)


def test_non_string_keys_are_unknown_fields() -> None:
    record = project_data(indicator())
    record[1] = 2  # type: ignore[index]
    record["indicators"][0][None] = "x"
    with pytest.raises(jixiao.DataError) as caught:
        jixiao.score(record, REGIONAL)
    assert caught.value.codes == ["JX317", "JX317"]


# -- 4. everything crosses a process boundary ---------------------------------------------------

def roundtrip(obj: Any) -> Any:
    return pickle.loads(pickle.dumps(obj))


def _score_in_worker(record: dict[str, Any]) -> Decimal:
    return jixiao.score(record, REGIONAL, explain=False).total


def test_a_pool_with_one_bad_record_returns_the_error() -> None:
    records = [project_data(indicator()), {"indicators": "nope"}, project_data(indicator())]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pending = pool.map_async(_score_in_worker, records)
        with pytest.raises(jixiao.DataError) as caught:
            pending.get(timeout=120)  # before the fix: never returns
    assert "JX303" in caught.value.codes or "JX302" in caught.value.codes


def test_a_compiled_scheme_pickles_and_scores_the_same() -> None:
    again = roundtrip(REGIONAL)
    assert again.scheme == REGIONAL.scheme
    record = project_data(indicator("指标", "≥100", "93"))
    assert jixiao.score(record, again) == jixiao.score(record, REGIONAL)


def test_a_result_pickles_equal() -> None:
    result = jixiao.score(SEED_DATA)
    assert roundtrip(result) == result


def test_internal_failures_pickle() -> None:
    from jixiao.dsl.values import ValueReadError, read_value
    from jixiao.engine.compile import Failure

    with pytest.raises(ValueReadError) as caught:
        read_value("1e5")
    again = roundtrip(caught.value)
    assert (again.text, again.reason, again.reason_zh) == (caught.value.text,
                                                            caught.value.reason,
                                                            caught.value.reason_zh)
    failure = Failure("JX402", None, detail="x", detail_en="y")
    assert roundtrip(failure).args_ == failure.args_


def _assert_pickles(exc: BaseException) -> None:
    again = roundtrip(exc)
    assert type(again) is type(exc)
    assert again == exc
    assert str(again) == str(exc)
    if isinstance(exc, jixiao.JixiaoError):
        assert isinstance(again, jixiao.JixiaoError)
        assert again.diagnostics == exc.diagnostics


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**6), st.text(max_size=8),
                    st.decimals(allow_nan=True), st.floats())
anything = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["section", "name", "target", "actual", "weight", "total", "executed", "central",
         "local", "status", "budget", "indicators", "projects", "subject", "x"]), inner,
        max_size=5)), max_leaves=12)


@SETTINGS
@given(anything)
def test_every_data_exception_pickles(mapping: Any) -> None:
    try:
        jixiao.score(mapping, REGIONAL)
    except Exception as exc:  # any exception: JixiaoError is the only one expected
        _assert_pickles(exc)


SMALL = (SCHEMES.parent / "tests" / "samples" / "small.jx").read_text(encoding="utf-8")


@SETTINGS
@given(st.integers(0, len(SMALL) - 1), st.integers(0, 8),
       st.sampled_from(["", "{", "}", "(", "1/0", "x", "weight", "\u2028", "999999999", "ratio"]))
def test_every_scheme_exception_pickles(at: int, cut: int, insert: str) -> None:
    text = SMALL[:at] + insert + SMALL[at + cut:]
    try:
        scheme = jixiao.compile_scheme_text(text, "mutated.jx")
        jixiao.score(project_data(indicator(), indicator("质量", "达成", "达成")), scheme)
    except Exception as exc:
        _assert_pickles(exc)


# -- 5. blow-ups: bounded numbers, bounded work --------------------------------------------------

BIG = "1" + "0" * 29  # 10^29: a data number of 30 digits, the most the reader accepts


@pytest.mark.parametrize("formula", [
    " * ".join(["budget.total"] * 4),                       # past 10^99
    "round(" + " * ".join(["budget.total"] * 3) + ", 12)",  # 10^87 to 12 places: 100 digits
    "budget.total * budget.total * budget.total / 0.0000000000000000000000001",
])
def test_numbers_past_the_money_context_are_jx410(formula: str) -> None:
    scheme = with_derive(f"  derive 巨大 = {formula}")
    record = project_data(indicator("巨大", "≥1", None), total=BIG, executed=BIG)
    with pytest.raises(jixiao.EvaluationError) as caught:
        jixiao.score(record, scheme)
    assert caught.value.codes == ["JX410"]
    assert "InvalidOperation" not in caught.value.diagnostics[0].message("en")


def test_aggregates_over_projects_are_computed_once_per_record() -> None:
    scheme = with_derive()
    kind = "completion = if actual >= target then 1"
    text = REGIONAL_TEXT.replace(kind, "completion = if count(projects where started) >= 0 "
                                       "and actual >= target then 1", 1)
    scheme = jixiao.compile_scheme_text(text, "per_indicator.jx")
    projects = [dict(FUNDED, name=f"项目{i}") for i in range(500)]
    rows = [indicator(f"指标{i}", "≥100", "100") for i in range(200)]
    record = project_data(*rows, projects=projects)
    # per indicator the aggregate would walk 200 × 500 rows: far past this budget
    result = jixiao.score(record, scheme, limits=jixiao.Limits(evaluation_steps=60_000))
    assert result.indicators[0].completion == 1


def test_a_scheme_past_the_size_limit_is_jx006() -> None:
    limits = jixiao.Limits(scheme_bytes=1000)
    with pytest.raises(jixiao.SchemeError) as caught:
        jixiao.compile_scheme_text(REGIONAL_TEXT, "big.jx", limits=limits)
    assert caught.value.codes == ["JX006"]


def test_syntax_error_recovery_stops_within_its_budget() -> None:
    lines = [f"  section 部分{i} {'wieght' if i % 50 == 49 else 'weight'} 1 {{ split equal }}"
             for i in range(1000)]
    text = 'scheme 大 version "1" {\n' + "\n".join(lines) + "\n}\n"
    with pytest.raises(jixiao.SchemeError) as caught:
        jixiao.compile_scheme_text(text, "broken.jx")
    assert 1 <= len(caught.value.codes) <= jixiao.Limits().syntax_errors
    assert set(caught.value.codes) == {"JX101"}


# -- 6. security: confine the final path; no control character from data on a terminal ----------

SECRET = "TOP-SECRET first line of a file outside the scheme folders\n"


@pytest.fixture
def leaky(tmp_path: Path) -> Path:
    """A data folder with ``leak.jx`` → a file outside, and ``sub`` → a folder outside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jx").write_text(SECRET, encoding="utf-8")
    (outside / "leak.jx").write_text(SECRET, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "leak.jx").symlink_to(outside / "secret.jx")
    (home / "sub").symlink_to(outside)
    (home / "chain.jx").symlink_to(home / "leak.jx")  # a link to a link out
    return home


@pytest.mark.parametrize("ref", ["leak", "leak.jx", "sub/leak", "chain"])
def test_a_scheme_name_never_follows_a_link_out(leaky: Path, ref: str) -> None:
    data = leaky / "data.toml"
    data.write_text(f'scheme = "{ref}"\n[budget]\ntotal = 1\n[[indicators]]\n'
                    'section = "产出指标"\nname = "x"\ntarget = "≥1"\nactual = "1"\n',
                    encoding="utf-8")
    with pytest.raises(jixiao.SchemeError) as caught:
        jixiao.score(data)
    assert caught.value.codes == ["JX214"]
    assert "SECRET" not in jixiao.render_diagnostics(caught.value.diagnostics)


@pytest.mark.parametrize("ref", ["leak", "sub/leak", "chain"])
def test_extends_never_follows_a_link_out(leaky: Path, ref: str) -> None:
    scheme = leaky / "child.jx"
    scheme.write_text(f'scheme 子 version "1" extends "{ref}" {{\n}}\n', encoding="utf-8")
    with pytest.raises(jixiao.SchemeError) as caught:
        jixiao.load_scheme(scheme)
    assert caught.value.codes == ["JX214"]
    assert "SECRET" not in jixiao.render_diagnostics(caught.value.diagnostics)


HOSTILE = ["\x1b[2J\x1b[H总分: 100 / 100    评级: 优", "a\nb", "\u2028x", "\u202eabc",
           "\x07\x08", "\r覆盖", "\x9b31m", "\u200b零宽"]
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(
    st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Lo"]), min_size=1, max_size=6))


def _assert_terminal_safe(text: str, lines: int | None = None) -> None:
    bad = [c for c in text if c != "\n" and (unicodedata.category(c)[0] == "C"
                                             or unicodedata.category(c) in ("Zl", "Zp"))]
    assert bad == [], bad
    if lines is not None:
        assert text.count("\n") == lines


@SETTINGS
@given(st.lists(hostile_text, min_size=6, max_size=6))
def test_renderers_print_no_control_character_from_data(texts: list[str]) -> None:
    unit = texts[5]

    def record(name: str, reason: str, category: str, subject: str, project: str,
               unit: str) -> dict[str, Any]:
        r = project_data(indicator(name, "≥100", "90", reason=reason, category=category,
                                   unit=unit), projects=[dict(FUNDED, name=project)])
        r["subject"] = {"name": subject, "year": 2025}
        return r
    # The tame twin has the same shape: a text that is blank once stripped (\x1f, \x1c… are
    # white space to str.strip) stays blank, so a missing reason is missing in both.
    plain = ["名" if t.strip() else t for t in texts]
    try:
        result = jixiao.score(record(*texts), REGIONAL)
    except jixiao.JixiaoError as exc:  # a unit that is not one: the error is rendered
        _assert_terminal_safe(jixiao.render_diagnostics(exc.diagnostics))
        _assert_terminal_safe(jixiao.render_diagnostics(exc.diagnostics, "en"))
        return
    tame = record(plain[0], plain[1], plain[2], plain[3], plain[4], unit)
    expected = jixiao.to_text(jixiao.score(tame, REGIONAL)).count("\n")
    _assert_terminal_safe(jixiao.to_text(result), expected)
    _assert_terminal_safe(jixiao.to_text(result, "en"))
    from jixiao.explain import explain
    _assert_terminal_safe(explain(REGIONAL, result))
    _assert_terminal_safe(jixiao.render_diagnostics(result.diagnostics))


# -- 7. lost data: -o never destroys an input or the previous report -----------------------------

RECORD_TOML = (SCHEMES.parent / "tests" / "samples" / "record.toml").read_text(encoding="utf-8")


def _cli_code(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from jixiao.cli import main
    status = main(argv)
    return status, capsys.readouterr().err


@pytest.mark.parametrize("target", ["data.toml", "link.toml", "small.jx", "parent.jx"])
def test_o_refuses_to_overwrite_an_input(tmp_path: Path, target: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "parent.jx").write_text(REGIONAL_TEXT, encoding="utf-8")
    (tmp_path / "small.jx").write_text(
        'scheme 子 version "1" extends "parent.jx" {\n}\n', encoding="utf-8")
    data = tmp_path / "data.toml"
    data.write_text(RECORD_TOML.replace("transfer_regional.jx", "small.jx"), encoding="utf-8")
    (tmp_path / "link.toml").symlink_to(data)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    status, err = _cli_code(["score", str(data), "--format", "toml", "-o",
                             str(tmp_path / target)], capsys)
    assert status == 2
    assert "JX030" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_failed_write_keeps_the_previous_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import errno
    import os

    data = tmp_path / "data.toml"
    data.write_text(RECORD_TOML.replace('scheme = "transfer_regional.jx"',
                                        'scheme = "transfer_regional"'), encoding="utf-8")
    out = tmp_path / "report.json"
    out.write_text("the previous report", encoding="utf-8")

    def full_disk(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "replace", full_disk)
    status, err = _cli_code(["score", str(data), "-o", str(out)], capsys)
    assert status == 2
    assert "JX020" in err
    assert "No space left" not in err  # our words, not the raw OSError's
    assert out.read_text(encoding="utf-8") == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.toml", "report.json"]


def test_o_writes_through_a_temporary_file(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data.toml"
    data.write_text(RECORD_TOML.replace('scheme = "transfer_regional.jx"',
                                        'scheme = "transfer_regional"'), encoding="utf-8")
    out = tmp_path / "report.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    status, _ = _cli_code(["score", str(data), "-o", str(out)], capsys)
    assert status == 0
    assert out.read_text(encoding="utf-8").startswith("{")
    assert out.stat().st_mode & 0o777 == 0o640  # the report keeps its permissions
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.toml", "report.json"]


# -- 8. wrong answers with exit 0: a percentage or a fraction -------------------------------------

@pytest.mark.parametrize(("target", "actual", "section"), [
    ("≥90%", "0.95", "满意度指标"),       # the example: 0.95 stored for 95%
    ("[80%, 100%]", "0.9", "满意度指标"),  # a range
    (">50%", "1", "产出指标"),             # 1 for 100%
])
def test_a_fraction_that_would_meet_a_percentage_is_never_scored_as_one_percent(
        target: str, actual: str, section: str) -> None:
    record = project_data(indicator("满意度", target, actual, section=section))
    with pytest.raises(jixiao.DataError) as caught:
        jixiao.score(record, REGIONAL)
    d = next(d for d in caught.value.diagnostics if d.code == "JX330")
    message = d.message("en")
    assert f"{actual}%" in message
    assert "%" in message.split(", or ")[1]
    as_fraction = jixiao.score(record, REGIONAL, percent_as_fraction=True)
    assert as_fraction.indicators[0].completion == 1
    assert "JX510" in [d.code for d in as_fraction.diagnostics]
    as_written = jixiao.score(record, REGIONAL, percent_as_fraction=False)
    assert as_written.indicators[0].completion < Decimal("0.1")
    assert "JX510" in [d.code for d in as_written.diagnostics]


@pytest.mark.parametrize(("target", "actual"), [("≥90%", "0.5"), ("≤5%", "0.3")])
def test_a_fraction_that_meets_neither_way_is_read_as_written_with_a_warning(
        target: str, actual: str) -> None:
    result = jixiao.score(project_data(indicator("率", target, actual)), REGIONAL)
    warned = [d for d in result.diagnostics if d.code == "JX510"]
    assert len(warned) == 1
    assert f"{actual}%" in warned[0].message("en")


@pytest.mark.parametrize("target", ["≥80", "≥90", "[60, 100]"])
def test_a_derived_rate_against_a_target_without_percent_is_not_scored_as_written(
        target: str) -> None:
    soil = jixiao.load_scheme("soil_pollution")
    projects = [{"name": "甲", "budget": {"central": 1}, "executed": {"central": 1},
                 "status": "completed"}]
    record = project_data(indicator("项目开工率", target, None, section="产出指标"),
                          projects=projects, total="1", executed="1")
    with pytest.raises(jixiao.DataError) as caught:
        jixiao.score(record, soil)
    assert "JX330" in caught.value.codes
    result = jixiao.score(record, soil, percent_as_fraction=True)
    assert result.indicators[0].completion == 1


def test_the_cli_flags_decide_the_reading(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data.toml"
    data.write_text(RECORD_TOML.replace('scheme = "transfer_regional.jx"',
                                        'scheme = "transfer_regional"').replace(
        'actual = "92%"', 'actual = "0.92"'), encoding="utf-8")
    assert 'actual = "0.92"' in data.read_text(encoding="utf-8")
    status, err = _cli_code(["score", str(data)], capsys)
    assert (status, "JX330" in err) == (2, True)
    status, _ = _cli_code(["score", str(data), "--percent-as-fraction"], capsys)
    assert status == 0
    status, _ = _cli_code(["score", str(data), "--percent-as-written"], capsys)
    assert status == 0


# -- 9. names and messages ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    '{"budget": {"total": 1}, "indicators": [], "indicators": []}',
    '{"budget": {"total": 1, "total": 2}, "indicators": []}',
    '{"budget": {"total": 1}, "indicators": [{"name": "a", "name": "b"}]}',
])
def test_duplicate_json_keys_are_errors(text: str) -> None:
    from jixiao.datafile import parse_data_text
    with pytest.raises(jixiao.DataError) as caught:
        parse_data_text(text, "json", where="data.json")
    assert caught.value.codes == ["JX331"]


def test_data_paths_sort_in_numeric_order() -> None:
    rows = [indicator(f"指标{i}", "≥abc" if i in (2, 10, 11) else "≥1", "1") for i in range(12)]
    with pytest.raises(jixiao.DataError) as caught:
        jixiao.score(project_data(*rows), REGIONAL)
    wheres = [d.where for d in caught.value.diagnostics if d.code == "JX304"]
    assert wheres == ["indicators[2].target", "indicators[10].target", "indicators[11].target"]


@pytest.mark.parametrize(("value", "shown"), [("0.0000001", "0.0000001"), ("0.00001", "0.00001"),
                                              ("1e-7", "0.0000001")])
def test_a_small_toml_number_is_not_scientific_notation(value: str, shown: str) -> None:
    from jixiao.datafile import parse_data_text
    text = ('[budget]\ntotal = 1\nexecuted = 1\n[[indicators]]\nsection = "产出指标"\n'
            f'name = "浓度"\ntarget = "≤0.001"\nactual = {value}\n')
    data = parse_data_text(text, "toml")
    assert data.indicators[0].actual_text == shown
    assert jixiao.score(data, REGIONAL).indicators[0].completion == 1


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x0c", "\x85"])
def test_the_quoted_source_line_is_the_line_of_the_mistake(separator: str) -> None:
    text = REGIONAL_TEXT.replace("# 中央对地方", f"# 中央对地方{separator}注释", 1)
    text = text.replace("  rounding half_up", "  rounding half_up\n  section 坏 weight {", 1)
    with pytest.raises(jixiao.SchemeError) as caught:
        jixiao.compile_scheme_text(text, "sep.jx")
    d = caught.value.diagnostics[0]
    assert d.span is not None
    assert d.source_line == text.split("\n")[d.span.line - 1]
    assert "section 坏" in d.source_line


@pytest.mark.parametrize(("old", "new"), [
    ('also "项目效益"', 'also "产出指标"'),                                  # the example
    ('also "项目效益"', 'also "满意度\u200b指标"'),                            # invisible char
    ("section 满意度指标 weight 10 {",                                         # alias twice
     'section 满意度指标 weight 10 also "项目效益" {'),
    ('also "项目效益"', 'also "产出指标 "'),                                   # a space
])
def test_a_section_name_or_alias_belongs_to_one_section(old: str, new: str) -> None:
    assert old in REGIONAL_TEXT
    with pytest.raises(jixiao.SchemeError) as caught:
        jixiao.compile_scheme_text(REGIONAL_TEXT.replace(old, new, 1), "alias.jx")
    assert caught.value.codes == ["JX230"]


SMALL_SCHEME = jixiao.compile_scheme_text(SMALL, "small.jx")  # 产出指标 90, no `round` on split


@pytest.mark.parametrize("n", [7, 11, 13, 30])
def test_the_default_split_adds_up_to_the_section_weight(n: int) -> None:
    result = jixiao.score(project_data(*[indicator(f"指标{i}") for i in range(n)]), SMALL_SCHEME)
    section = next(s for s in result.sections if s.name == "产出指标")
    assert sum(i.weight for i in result.indicators) == 90
    assert section.score == 90


def test_the_default_split_keeps_the_weights_own_places() -> None:
    text = SMALL.replace("weight 10 {", "weight 9.875 {").replace("weight 90 {", "weight 90.125 {")
    text = text.replace("round(weight * min(budget.rate, 1), 2)",
                        "round(weight * min(budget.rate, 1), 3)").replace(
        "round(weight * min(completion, 1), 2)", "round(weight * min(completion, 1), 3)")
    text = text.replace("subtotal = round(sum(indicators, score), 2)",
                        "subtotal = round(sum(indicators, score), 3)")
    text = text.replace("total = round(sum(sections, score), 2)",
                        "total = round(sum(sections, score), 3)")
    scheme = jixiao.compile_scheme_text(text, "places.jx")
    result = jixiao.score(project_data(*[indicator(f"指标{i}") for i in range(7)]), scheme)
    assert sum(i.weight for i in result.indicators) == Decimal("90.125")
