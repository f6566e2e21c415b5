"""The path issue 12 measures from cell texts to a result: ``jixiao.score(mapping, scheme,
explain=False)``. It must reach the fast evaluator (generated code) for the ordinary record,
rows read the short ways included, and give what the general evaluator gives."""

from __future__ import annotations

import importlib

import pytest

import jixiao
from jixiao import datafile
from jixiao.datafile import data_from_mapping
from jixiao.engine.evaluate import evaluate_general


def test_score_from_cells_takes_the_fast_evaluator(monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks import workload
    scheme = jixiao.load_scheme("transfer_regional")
    records = [{k: v for k, v in r.items() if k not in ("id", "tags")}
               for r in workload.records(200)]
    datafile.clear_caches()
    expected = [evaluate_general(scheme, data_from_mapping(m), explain=False) for m in records]

    def refused(*args: object, **kwargs: object) -> jixiao.Result:
        raise AssertionError("the general evaluator was asked to score an ordinary record")
    # (the module by its name: the package exports a function of the same name)
    module = importlib.import_module("jixiao.engine.evaluate")
    monkeypatch.setattr(module, "evaluate_general", refused)
    datafile.clear_caches()  # cold, then warm: rows read in full and rows built from others
    for _ in range(2):
        got = [jixiao.score(m, scheme, explain=False) for m in records]
        assert got == expected
        assert [(r.total, r.grade) for r in got] == [workload.by_hand_cells(m) for m in records]
