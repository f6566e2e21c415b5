"""The usual record read the short way (``jixiao.datafile._usual``): a dict of subject, budget
A and B and rows of text, as ``batch`` and code hand records over. Whatever way a record came,
its data, its places (the row named by each data path) and every message must be exactly those
of the full reading; here each record of a warm sequence is compared with the same record read
in full (behind read-only mappings, which the short ways leave to the full reading) from cold.
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao import datafile
from jixiao.datafile import data_from_mapping
from jixiao.engine.data import ProjectData
from jixiao.engine.diagnostics import DataError

BASE = {"section": "产出指标", "category": "数量指标", "name": "监测点位", "unit": "个",
        "target": "≥26"}
ACTUALS: list[Any] = ["28", "26", " 28 ", "25.5", "abc12", "", "/", "28万元", "9月前",
                      "\ud800", "２８", "基本完成", "28%", 28, Decimal("28.0"), None]
REASONS: list[Any] = ["", "见说明", " 说明 ", "无", 5]
EXTRA: list[dict[str, Any]] = [
    {}, {}, {}, {"weight": "5"}, {"weight": 5}, {"applicable": False}, {"parent": "监测点位"},
    {"name": "其中：新建"}, {"name": " 监测点位 "}, {"name": 7}, {"ratio": "0.7"},
    {"target": "基本消除"}, {"target": "/"}, {"bogus": "x"}, {"unit": "万立方米"},
    {"section": ""}, {"name": "二"},
]
AMOUNTS: list[Any] = ["100", " 90.50 ", "0", "0.00", "-5", "", "abc", "1e5", 100, None]
SUBJECTS: list[Any] = [None, {}, {"name": "测试", "year": "2025"}, {"name": " 测试 "},
                       {"year": "2025.5"}, {"year": 2025}, {"year": "x"}, {"unit": "元"},
                       {"name": "\ud800"}, {"name": "测试", "project": "项目"}, "测试"]
TOPS: list[dict[str, Any]] = [{}, {}, {"scheme": "transfer_regional"}, {"scheme": 5},
                              {"filed": {"total": "90"}}, {"projects": []}]
# Data paths whose places the evaluator asks for (a row and its cells, other tables)
PATHS = ["indicators", "indicators[0]", "indicators[0].reason", "indicators[1].actual",
         "indicators[2].weight", "indicators[9]", "budget.total", "budget.batches[0]",
         "projects[0].name", "management[0]", "subject.name", "case[0]", "report.basis[0]", ""]


@st.composite
def records(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A few records of one form: rows of one to three shapes, each with its own 完成值 and
    偏差原因, with a head of the usual shape or another."""
    shapes = draw(st.lists(st.sampled_from(EXTRA), min_size=1, max_size=3))
    out = []
    for _ in range(draw(st.integers(1, 5))):
        rows: list[Any] = []
        for extra in draw(st.lists(st.sampled_from(shapes), max_size=4)):
            row = {**BASE, **extra, "actual": draw(st.sampled_from(ACTUALS)),
                   "reason": draw(st.sampled_from(REASONS))}
            rows.append({k: x for k, x in row.items() if x is not None})
        if draw(st.integers(0, 9)) == 0:
            rows.append(draw(st.sampled_from(["行", ["28"], None])))
        record: dict[str, Any] = {
            **draw(st.sampled_from(TOPS)),
            "budget": {k: draw(st.sampled_from(AMOUNTS)) for k in ("total", "executed")},
            "indicators": rows}
        subject = draw(st.sampled_from(SUBJECTS))
        if subject is not None:
            record["subject"] = subject
        out.append(record)
    return out


def outcome(mapping: Any) -> tuple[str, ProjectData | None, list[str], list[Any]]:
    """The data read and the places of ``PATHS``, or the error's messages with their places."""
    try:
        data = data_from_mapping(mapping)
    except DataError as exc:
        return "error", None, [f"{d.code} {d.where} {d.row} {d.message('zh')} | "
                               f"{d.message('en')}" for d in exc.diagnostics], []
    assert data.places is not None
    return "ok", data, [], [data.places.find(p) for p in PATHS]


def proxied(value: Any) -> Any:
    """The same data behind read-only mappings, which the short ways leave to the full
    reading."""
    if isinstance(value, dict):
        return MappingProxyType({k: proxied(v) for k, v in value.items()})
    if isinstance(value, list):
        return [proxied(v) for v in value]
    return value


@settings(max_examples=200, deadline=None)
@given(records())
def test_the_usual_record_reads_as_the_full_reading(run: list[dict[str, Any]]) -> None:
    datafile.clear_caches()
    for record in run:
        short = outcome(record)
        datafile.clear_caches()
        full = outcome(proxied(record))
        assert short[0] == full[0]
        assert short[2] == full[2]
        assert short[1] == full[1]
        assert repr(short[1]) == repr(full[1])
        assert short[3] == full[3]


def row(name: str, actual: str) -> dict[str, str]:
    return {**BASE, "name": name, "actual": actual}


def usual(*rows: dict[str, str], name: str = "测试") -> dict[str, Any]:
    return {"subject": {"name": name, "year": "2025"},
            "budget": {"total": "100", "executed": "90"}, "indicators": list(rows)}


def test_the_usual_record_is_read_the_short_way(monkeypatch: pytest.MonkeyPatch) -> None:
    # Once its rows are known, a usual record is read without the full reading at all; its
    # places are shared by the records of the same row names (they hold nothing else) and do
    # not keep the record's table alive.
    datafile.clear_caches()
    first = data_from_mapping(usual(row("一", "28"), row("二", "30")))
    monkeypatch.setattr(datafile._Reader, "read", None)  # the full reading would fail
    second = data_from_mapping(usual(row("一", "28"), row("二", "30"), name="另一"))
    third = data_from_mapping(usual(row("一", "27"), row("二", "30")))  # a new actual
    assert second.indicators == first.indicators
    assert second.indicators[0] is first.indicators[0]  # the same row, not built again
    assert third.indicators[0].actual_text == "27"
    assert second.subject.name == "另一"
    assert first.places is second.places is third.places
    assert first.places.find("indicators[1].actual") == ("", 0, "二")  # type: ignore[union-attr]
    assert first.places.mapping == {}  # type: ignore[union-attr]
    other = data_from_mapping(usual(row("一", "28"), row("三", "30")))
    assert other.places is not first.places
    assert other.places.find("indicators[1]") == ("", 0, "三")  # type: ignore[union-attr]


def test_the_rows_and_cells_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every row a distinct actual: the rows found whole and the actuals read stay bounded
    # however many records are read, and forgetting changes nothing that is read.
    monkeypatch.setattr(datafile, "_ROWS_KEPT", 50)
    monkeypatch.setattr(datafile, "_CELLS_KEPT", 40)
    datafile.clear_caches()
    for i in range(400):
        data = data_from_mapping(usual(row("一", str(i)), row("二", f"{i}.5")))
        assert str(data.indicators[0].actual.quantity.number) == str(i)  # type: ignore
        assert str(data.indicators[1].actual.quantity.number) == f"{i}.5"  # type: ignore
        assert sum(map(len, datafile._WHOLE.values())) <= 50 + 2
        assert sum(map(len, datafile._ACTUALS.values())) <= 40
