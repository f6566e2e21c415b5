"""Fuzz targets: each takes raw bytes and checks the law that jixiao answers any input with a
result or one of its own errors — never another exception, never a hang.

``record`` is differential: the short ways (reading the usual record, the fast evaluator)
against the full ones on the same input.

Stage: tooling. The same targets run under atheris (coverage-guided, ``fuzz/run.py``) for long
runs and under hypothesis (``tests/test_fuzz.py``) for the short bounded run in CI. A crash
found by either becomes a regression test in ``tests/test_fuzz.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from jixiao.api import compile_scheme_text
from jixiao.datafile import parse_data_text
from jixiao.dsl.values import ValueReadError, format_value, read_value
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.data import ProjectData
from jixiao.engine.diagnostics import JixiaoError
from jixiao.engine.evaluate import evaluate
from jixiao.engine.result import Result
from jixiao.files import decode
from jixiao.library import library_root, load_scheme


@cache
def _regional() -> CompiledScheme:
    return load_scheme(library_root() / "transfer_regional.jx")


def scheme_text(data: bytes) -> None:
    """Any bytes as a scheme file: compiles, or raises ``JixiaoError``."""
    try:
        compile_scheme_text(decode(data, "fuzz.jx"), "fuzz.jx")
    except JixiaoError as exc:
        assert exc.diagnostics, "an error without diagnostics"
        for d in exc.diagnostics:
            d.message("zh")
            d.message("en")


def value_text(data: bytes) -> None:
    """Any text as a target or actual: a value that prints back to itself, or ``ValueReadError``."""
    text = data.decode("utf-8", errors="replace")
    try:
        value = read_value(text)
    except ValueReadError as exc:
        assert exc.reason, "an error without a reason"
        return
    printed = format_value(value)
    assert read_value(printed) == value, (text, printed)
    assert format_value(read_value(printed)) == printed


def data_text(data: bytes) -> None:
    """Any bytes as a TOML or JSON data file, scored with the reference scheme."""
    fmt = "json" if data[:1] in (b"{", b"[") else "toml"
    try:
        project = parse_data_text(decode(data, "fuzz"), fmt, where="fuzz")
        result = evaluate(_regional(), project)
    except JixiaoError as exc:
        assert exc.diagnostics, "an error without diagnostics"
        return
    _within_weights(result)


def _within_weights(result: Result) -> None:
    """Every score within its weight, the total within the full score."""
    for ind in result.indicators:
        assert 0 <= ind.score <= ind.weight, (ind.name, ind.score, ind.weight)
    assert 0 <= result.total <= result.full_score


def table_text(data: bytes) -> None:
    """Any bytes as a CSV 自评表 (any encoding, any separator), read and scored with the
    reference scheme like ``data_text``: a result or a ``JixiaoError``, never a hang."""
    from jixiao.datafile import data_from_mapping
    from jixiao.xlsxread import csv_sheet, csv_text, read_table

    try:
        sheet = csv_sheet(csv_text(data, "fuzz.csv"), "fuzz.csv")
        project = data_from_mapping(read_table([sheet], "fuzz.csv"), source="fuzz.csv")
        result = evaluate(_regional(), project)
    except JixiaoError as exc:
        assert exc.diagnostics, "an error without diagnostics"
        return
    _within_weights(result)


def record_text(data: bytes) -> None:
    """Any bytes as one JSON record, as ``batch`` reads a line: read the short way
    (``datafile._usual``, taken by a dict without its text) and the full way (given its
    text), scored by the fast evaluator and by the general one — the same data and the same
    result, or the same errors. A difference is a silent wrong score on the fast paths."""
    import copy

    from jixiao.datafile import data_from_mapping, parse_mapping_text
    from jixiao.engine.evaluate import evaluate_general

    try:
        text = decode(data, "fuzz")
        mapping = parse_mapping_text(text, "json", where="fuzz")
    except JixiaoError as exc:
        assert exc.diagnostics, "an error without diagnostics"
        return
    outcomes: list[object] = []
    for given in (None, text):  # the short way, then the full way
        try:
            outcomes.append(data_from_mapping(copy.deepcopy(mapping), source="fuzz",
                                              text=given, fmt="json"))
        except JixiaoError as exc:
            assert exc.diagnostics, "an error without diagnostics"
            outcomes.append([d.code for d in exc.diagnostics])
    short, full = outcomes
    assert type(short) is type(full), (short, full)
    if not isinstance(short, ProjectData):
        assert short == full
        return
    assert isinstance(full, ProjectData)
    assert short == full
    results: list[object] = []
    for score in (evaluate, evaluate_general):
        try:
            results.append(score(_regional(), short, explain=False))
        except JixiaoError as exc:
            results.append([(d.code, d.where) for d in exc.diagnostics])
    fast, general = results
    assert fast == general
    assert repr(fast) == repr(general)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "scheme": scheme_text,
    "value": value_text,
    "data": data_text,
    "table": table_text,
    "record": record_text,
}
