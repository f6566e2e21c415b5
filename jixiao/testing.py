"""Golden tests of score outcomes for embedders, in one line (pytest + syrupy).

    # conftest.py
    pytest_plugins = ["jixiao.testing"]

    # test_my_scheme.py
    def test_county_2025(jixiao_golden):
        jixiao_golden("data/county-2025.toml", "schemes/my_scheme.jx")

The first run with ``pytest --snapshot-update`` writes the outcome to
``__snapshots__/test_my_scheme/test_county_2025.txt``: the total and grade, each section's score
and each indicator's weight, completion, deviation and score, and the warning codes — read it
figure by figure before committing it. Later runs fail with a diff when a figure changes.
``outcome(result)`` is the same text, for other uses; ``ScoreSnapshot`` the syrupy extension.

Needs the optional packages pytest and syrupy (``pip install 'jixiao[testing]'``); the core
never imports this module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from jixiao.api import score
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.data import ProjectData
from jixiao.engine.result import Result
from jixiao.render.common import dec


def outcome(result: Result) -> str:
    """A score outcome as plain text, one figure per line: what a golden file should hold."""
    lines = [f"{result.scheme_name} {result.scheme_version}".strip(),
             f"subject: {result.subject} {result.year or ''}".rstrip(),
             f"total: {dec(result.total)} / {dec(result.full_score)}  grade: {result.grade}"]
    for sec in result.sections:
        lines.append(f"section {sec.name}: {dec(sec.score)} / {dec(sec.weight)}")
        for ind in result.indicators:
            if ind.section != sec.name:
                continue
            level = f"  level {ind.level}" if ind.level else ""
            lines.append(f"  {ind.name} [{ind.kind}] weight {dec(ind.weight)}  completion "
                         f"{dec(ind.completion)}  deviation {dec(ind.deviation)}  score "
                         f"{dec(ind.score)}{level}")
    rate = result.budget.total.rate
    lines.append(f"budget rate: {dec(rate) if rate is not None else '-'}")
    codes = sorted(d.code for d in result.diagnostics)
    lines.append("warnings: " + (", ".join(codes) if codes else "none"))
    return "\n".join(lines) + "\n"


class ScoreSnapshot(SingleFileSnapshotExtension):
    """syrupy extension: a ``Result`` (or text) stored as a ``.txt`` file, one per test."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"

    def serialize(self, data: Any, **kwargs: Any) -> str:
        text = outcome(data) if isinstance(data, Result) else str(data)
        return text


Golden = Callable[..., Result]


@pytest.fixture
def jixiao_golden(snapshot: SnapshotAssertion) -> Golden:
    """``jixiao_golden(data, scheme=None)``: score and compare with the test's golden file;
    returns the ``Result`` for further asserts."""
    def check(data: str | Path | Mapping[str, Any] | ProjectData,
              scheme: str | Path | CompiledScheme | None = None) -> Result:
        result = score(data, scheme)
        assert outcome(result) == snapshot(extension_class=ScoreSnapshot)
        return result
    return check
