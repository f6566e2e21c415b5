"""The data reader's short ways (issue 12): a row whose cells repeat one read before is built
from it, and plain cells skip the general value reader. Whatever way a row comes, the data and
every message must be exactly those of the full reading: each check here reads the same records
in one warm sequence and each one cold (caches emptied), and compares."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao import datafile
from jixiao.datafile import data_from_mapping
from jixiao.engine.data import IndicatorInput, ProjectData, _RowBuild
from jixiao.engine.diagnostics import DataError
from jixiao.engine.values import Comparison, Op, Quantity, Text


def test_with_cells_is_evolve() -> None:
    # with_cells passes every field by position: a field added or moved must show here.
    values = {f.name: f"v-{f.name}" for f in attrs.fields(IndicatorInput)}
    row = IndicatorInput(**values)  # type: ignore[arg-type]
    new = Text("新")
    assert row.with_cells(new, "新的", "原因") == attrs.evolve(
        row, actual=new, actual_text="新的", reason="原因")
    assert repr(row.with_cells(new, "新的", "原因")) == repr(
        attrs.evolve(row, actual=new, actual_text="新的", reason="原因"))
    built = row.with_cells(new, "新的", "原因")
    assert type(built) is IndicatorInput
    assert hash(built) == hash(attrs.evolve(row, actual=new, actual_text="新的", reason="原因"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.reason = "改"  # type: ignore[misc]
    slots: tuple[str, ...] = IndicatorInput.__slots__  # type: ignore[attr-defined]
    assert sorted(slots) == sorted(f.name for f in attrs.fields(IndicatorInput))
    assert sorted(_RowBuild.__slots__) == sorted(slots)  # the builder of with_cells


def outcome(mapping: dict[str, Any]) -> tuple[str, ProjectData | None, list[str]]:
    """The data read, or the error's messages in both languages with their places."""
    try:
        return "ok", data_from_mapping(mapping), []
    except DataError as exc:
        return "error", None, [f"{d.code} {d.where} {d.message('zh')} | {d.message('en')}"
                               for d in exc.diagnostics]


BASE = {"section": "产出指标", "category": "数量指标", "name": "监测点位", "unit": "个",
        "target": "≥26"}
ACTUALS: list[Any] = ["28", "26", " 28 ", "25.5", "abc12", "", "/", "不适用", "28个", "28万元",
                      "≥30", "9月前", "\ud800", "２８", "1" * 40, "基本完成", "28%", 28,
                      Decimal("28.0"), True, ["28"], {"a": 1}]
REASONS: list[Any] = ["", "见说明", " 说明 ", "\ud800", 5, ["x"]]
EXTRA: list[dict[str, Any]] = [
    {}, {"weight": "5"}, {"weight": Decimal("5.0")}, {"weight": 5}, {"applicable": False},
    {"parent": "监测点位"}, {"name": "其中：新建"}, {"ratio": "0.7"}, {"kind": "正向"},
    {"unit": "万立方米"}, {"unit": "天年"}, {"target": "基本消除"}, {"target": "/"},
    {"bogus": "x"}, {"target": "≥26个"}, {"level": "优"}, {"score": "5分"},
]


def record(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"subject": {"name": "测试", "year": "2025"},
            "budget": {"total": "100", "executed": "90"}, "indicators": rows}


@st.composite
def record_runs(draw: st.DrawFn) -> list[list[dict[str, Any]]]:
    """Records whose rows share one or two shapes (as a province's tables do), each row with
    its own 完成值 and 偏差原因, so that rows repeat, whole or but for those two cells."""
    shapes = draw(st.lists(st.tuples(st.sampled_from(EXTRA), st.integers(0, 3)),
                           min_size=1, max_size=2))
    cells = st.tuples(st.sampled_from(ACTUALS), st.sampled_from(REASONS))
    runs = []
    for _ in range(draw(st.integers(2, 6))):
        rows = []
        for extra, keep in draw(st.lists(st.sampled_from(shapes), min_size=1, max_size=3)):
            actual, reason = draw(cells)
            rows.append({**BASE, **extra, **({"actual": actual} if keep & 1 else {}),
                         **({"reason": reason} if keep & 2 else {})})
        runs.append(rows)
    return runs


@settings(max_examples=80, deadline=None)
@given(record_runs())
def test_a_row_read_again_is_the_row_read_in_full(records: list[list[dict[str, Any]]]) -> None:
    datafile.clear_caches()
    warm = [outcome(record(r)) for r in records]
    cold = []
    for r in records:
        datafile.clear_caches()
        cold.append(outcome(record(r)))
    for (w_kind, w_data, w_msgs), (c_kind, c_data, c_msgs) in zip(warm, cold, strict=True):
        assert (w_kind, w_msgs) == (c_kind, c_msgs)
        assert w_data == c_data
        assert repr(w_data) == repr(c_data)


def test_a_repeated_row_is_built_from_the_first_and_its_actual_read() -> None:
    datafile.clear_caches()
    first = data_from_mapping(record([{**BASE, "actual": "28", "reason": "见说明"}]))
    again = data_from_mapping(record([{**BASE, "actual": "25", "reason": ""}]))
    row = again.indicators[0]
    assert row.actual == Comparison(Op.BARE, Quantity(Decimal("25")))
    assert (row.actual_text, row.reason) == ("25", "")
    assert row.target is first.indicators[0].target  # read once, shared (it is immutable)
    whole = data_from_mapping(record([{**BASE, "actual": "28", "reason": "见说明"}]))
    assert whole.indicators[0] == first.indicators[0]


@pytest.mark.parametrize("bad", ["abc12", "12..5", "\ud800"])
def test_a_bad_actual_after_good_repeats_is_reported_as_ever(bad: str) -> None:
    datafile.clear_caches()
    for actual in ("28", "26", "28"):
        data_from_mapping(record([{**BASE, "actual": actual}]))
    with pytest.raises(DataError) as warm:
        data_from_mapping(record([{**BASE, "actual": bad}]))
    datafile.clear_caches()
    with pytest.raises(DataError) as cold:
        data_from_mapping(record([{**BASE, "actual": bad}]))
    assert [d.message("en") for d in warm.value.diagnostics] == [
        d.message("en") for d in cold.value.diagnostics]
    assert warm.value.codes == cold.value.codes == ["JX303" if bad == "\ud800" else "JX304"]


AMOUNTS: list[Any] = ["100", " 90.50 ", "1,000", "0", "0.00", "-5", "", "abc", "1e5", "1e99",
                      "NaN", "Infinity", "1" * 40, "0." + "0" * 40 + "1", 100, Decimal("90.5"),
                      None, True, ["1"]]
NAMES: list[Any] = ["测试", " 测试 ", "", "\ud800", 5, None]
YEARS: list[Any] = ["2025", "2025.5", " 2025 ", "-1", "abc", 2025, None]
UNITS: list[Any] = ["", "元", "万元", "\ud800", None]


@st.composite
def heads(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A subject and a budget, of the plain shapes the reader takes a short way for and
    others around them."""
    subject = {k: draw(st.sampled_from(pool)) for k, pool in
               (("name", NAMES), ("year", YEARS), ("unit", UNITS))
               if draw(st.booleans())}
    if draw(st.integers(0, 5)) == 0:
        subject["project"] = "项目"
    budget = {k: draw(st.sampled_from(AMOUNTS)) for k in ("total", "executed")
              if draw(st.integers(0, 4))}
    if draw(st.integers(0, 5)) == 0:
        budget["rate"] = "90%"
    return subject, budget


def proxied(value: Any) -> Any:
    """The same data behind read-only mappings, which the short ways (for ``dict``) leave to
    the full reading."""
    if isinstance(value, dict):
        return MappingProxyType({k: proxied(v) for k, v in value.items()})
    if isinstance(value, list):
        return [proxied(v) for v in value]
    return value


@settings(max_examples=150, deadline=None)
@given(heads(), st.lists(st.sampled_from([{**BASE, "actual": "28"}, {**BASE, "actual": "9月前"},
                                          {**BASE, "actual": "/"}]), max_size=2))
def test_the_short_ways_read_as_the_full_reading(
        head: tuple[dict[str, Any], dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    subject, budget = head
    mapping = {"subject": subject, "budget": budget, "indicators": rows}
    datafile.clear_caches()
    short = outcome(mapping)
    datafile.clear_caches()
    full = outcome(proxied(mapping))
    assert short[0] == full[0]
    assert short[2] == full[2]
    assert short[1] == full[1]
    assert repr(short[1]) == repr(full[1])


def test_the_rows_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every row a distinct actual: memory must stay bounded however many records are read,
    # and forgetting must not change what is read.
    monkeypatch.setattr(datafile, "_ROWS_KEPT", 50)
    datafile.clear_caches()
    for i in range(400):
        data = data_from_mapping(record([{**BASE, "actual": str(i)}, {**BASE, "name": "二",
                                                                       "actual": f"{i}.5"}]))
        assert data.indicators[0].actual == Comparison(Op.BARE, Quantity(Decimal(i)))
        assert data.indicators[1].actual == Comparison(Op.BARE, Quantity(Decimal(f"{i}.5")))
        kept = sum(len(seen.rows) for repeats in datafile._REPEATS.values()
                   for seen in repeats.values())
        assert kept <= 50 + 2


def test_each_repeated_json_key_is_reported_once_in_order() -> None:
    # The JSON reader takes an object whole and looks at its keys only when some repeat.
    from jixiao.datafile import parse_mapping_text
    text = '{"budget": {"total": 1}, "b": 1, "a": 2, "b": 3, "a": 4, "b": 5, "indicators": []}'
    with pytest.raises(DataError) as caught:
        parse_mapping_text(text, "json", where="r.json")
    assert [d.args["key"] for d in caught.value.diagnostics] == ["b", "a"]
    assert parse_mapping_text('{"a": 1, "b": {"c": 2}}', "json") == {"a": 1, "b": {"c": 2}}


MONEY: list[Any] = [0, 1, 5, 10**29, 10**30, -1, Decimal("0.5"), Decimal("0.50"), Decimal("1.0"),
                    Decimal("-0"), Decimal("-0.5"), Decimal("1E+40"), Decimal("1E-40"),
                    Decimal("NaN"), Decimal("Infinity"), Decimal("1." + "1" * 30), "3", True,
                    None, 2.5, ["1"]]
PROJECT_FIELDS: dict[str, Any] = {
    "name": st.sampled_from(["子项目", " 子项目 ", "", "\ud800", 5, "a"]),
    "status": st.sampled_from(["started", "completed", "not_started", "已完工", " started ",
                               "x", 1, None]),
    "budget": st.one_of(st.dictionaries(st.sampled_from(["central", "local", "other"]),
                                        st.sampled_from(MONEY), max_size=2),
                        st.sampled_from([[], "1", None])),
    "executed": st.dictionaries(st.sampled_from(["central", "local"]),
                                st.sampled_from(MONEY), max_size=2),
    "bogus": st.just("x"),
}


def read_projects(projects: list[Any], plain: bool, monkeypatch: pytest.MonkeyPatch
                  ) -> tuple[str, ProjectData | None, list[str]]:
    with monkeypatch.context() as m:
        if not plain:
            m.setattr(datafile._Reader, "plain_project", lambda self, raw, where: None)
        return outcome({**record([BASE | {"actual": "28"}]), "projects": projects,
                        "budget": {"total": "100", "executed": "50"}})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.fixed_dictionaries({}, optional=PROJECT_FIELDS),
                          st.sampled_from([None, "子项目", []])), min_size=1, max_size=6))
def test_sub_projects_read_the_short_way_as_in_full(projects: list[Any]) -> None:
    # plain_project takes a sub-project written the usual way and shares equal money
    # between sub-projects: the data and every message must be the full reading's, and a
    # figure's exact text (0.5 against 0.50) must survive the sharing.
    with pytest.MonkeyPatch.context() as monkeypatch:
        short = read_projects(projects, True, monkeypatch)
        full = read_projects(projects, False, monkeypatch)
    assert short == full
    if short[1] is not None and full[1] is not None:
        assert repr(short[1].projects) == repr(full[1].projects)


def test_usual_sub_projects_share_their_money() -> None:
    # 100,000 sub-projects with the same few figures: one Funds and one Decimal each, not
    # one per sub-project (bench_limits: the 5 MB record's memory).
    projects = [{"name": f"子项目{i}", "budget": {"central": 1},
                 "executed": {"central": Decimal("0.5")}, "status": "started"}
                for i in range(3)] + [{"name": "末", "budget": {"central": Decimal("1.0")},
                                        "executed": {"central": Decimal("0.50")}}]
    data = data_from_mapping({**record([BASE | {"actual": "28"}]), "projects": projects,
                              "budget": {"total": "4", "executed": "2"}})
    first, second, third, last = data.projects
    assert first.central is second.central is third.central
    assert first.local is second.local
    assert first.local.total == 0
    assert last.central is not first.central  # 1.0 and 0.50 are written otherwise
    assert str(last.central.total) == "1.0"
    assert str(last.central.executed) == "0.50"
    assert str(first.central.executed) == "0.5"
    assert last.status.value == "not_started"
