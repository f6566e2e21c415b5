"""The worst inputs that fit the limits are answered in bounded time and memory (issue 7).

The shapes are in ``benchmarks/worst_shapes.py``; each runs in a fresh process, so its peak
memory is its own. The bounds here are generous (a loaded two-core machine); the real figures
are printed by ``benchmarks/bench_limits.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_limits.py"


def measure(shape: str) -> dict[str, object]:
    """The figures ``bench_limits.py SHAPE`` prints (it runs the shape in a fresh process)."""
    done = subprocess.run([sys.executable, str(BENCH), shape], capture_output=True, text=True,
                          check=True, timeout=600)
    figures: dict[str, object] = json.loads(done.stdout.split(" ", 1)[1].strip())
    return figures

SECONDS = 15.0  # CPU seconds per step; the goal is 2 s to compile and 1 s to score
PEAK_MB = 500.0  # the goal is 200 MB

EXPECTED = {
    "many_sections": None,  # scored
    "syntax_errors": "JX101",
    "per_indicator_aggregates": None,
    "max_indicators": None,
    "huge_numbers": "JX410",
    "step_budget": "JX411",
}


@pytest.mark.parametrize("shape", sorted(EXPECTED))
def test_worst_shapes_are_answered_in_bounded_time_and_memory(shape: str) -> None:
    figures = measure(shape)
    for step in ("compile", "read", "score", "score_explain"):
        assert float(figures.get(step, 0)) < SECONDS, figures  # type: ignore[arg-type]
    assert float(figures["peak_mb"]) < PEAK_MB, figures  # type: ignore[arg-type]
    outcome = figures["outcome"]
    code = EXPECTED[shape]
    if code is None:
        assert isinstance(outcome, str), figures  # a total: scored
    else:
        assert isinstance(outcome, list), figures
        assert code in outcome, figures
