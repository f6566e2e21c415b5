"""Shared fixtures: the bundled schemes compiled once, the seed data, and a builder for small
project-data mappings. And the two test profiles:

- **fast** (the default): a local ``pytest`` stays under a minute on two cores. Each property
  test runs a fifth of its examples (at least 10; ``fast_count``), and tests marked ``slow``
  (building and installing the wheel) are skipped.
- **full**: selected when the environment has ``CI=true`` (``.ci/run`` runs in CI with it) or
  ``JIXIAO_FULL=1``: every example count as written, and the slow tests.

Both draw their examples derandomised (the same for every run of the same test), so a run —
CI's above all, whichever profile it selects — can be replayed, and no test passes or fails by
luck. New examples come from ``JIXIAO_EXPLORE=1`` (every example count as written, drawn at
random, slow tests too), run before a release and after changing a reader.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import jixiao
from jixiao.engine.compile import CompiledScheme

ROOT = Path(__file__).resolve().parents[1]
SEED_DATA = ROOT / "examples" / "xinjiang-soil-2025" / "data.toml"
SCHEMES = ROOT / "schemes"

# The command line keeps checked schemes in a cache (jixiao.schemecache); the tests' runs of it,
# in this process and in the processes they start, keep theirs in a folder of their own rather
# than the user's (JIXIAO_CACHE=off in the environment runs them without).
if not os.environ.get("JIXIAO_CACHE"):
    _CACHE = tempfile.mkdtemp(prefix="jixiao-test-cache-")
    os.environ["JIXIAO_CACHE"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

EXPLORE = os.environ.get("JIXIAO_EXPLORE", "") not in ("", "0")
FULL = (os.environ.get("CI", "").lower() in ("true", "1")
        or os.environ.get("JIXIAO_FULL", "") not in ("", "0") or EXPLORE)
FAST_SHARE = 5  # the fast profile runs 1/FAST_SHARE of each property test's examples
settings.register_profile("explore", deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("full", settings.get_profile("explore"), derandomize=True)
settings.register_profile("fast", settings.get_profile("full"))
settings.load_profile("explore" if EXPLORE else "full" if FULL else "fast")


def fast_count(n: int) -> int:
    """How many of a property test's ``n`` examples the fast profile runs."""
    return min(n, max(10, n // FAST_SHARE))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The fast profile: every hypothesis test with fewer examples, whatever its own
    ``@settings`` say (so a new test needs no care), and no ``slow`` tests."""
    if FULL:
        return
    skip = pytest.mark.skip(reason="slow: runs in the full profile (CI=true or JIXIAO_FULL=1)")
    for item in items:
        if item.get_closest_marker("slow"):
            item.add_marker(skip)
        test = getattr(item, "obj", None)
        test = getattr(test, "__func__", test)  # a test method: its function
        # hypothesis reads a test's settings from this attribute each time the test runs
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is not None and not getattr(test, "_jixiao_fast", False):
            test._hypothesis_internal_use_settings = settings(  # type: ignore[union-attr]
                own, max_examples=fast_count(own.max_examples))
            test._jixiao_fast = True  # type: ignore[union-attr]


@pytest.fixture(scope="session")
def regional() -> CompiledScheme:
    """The transfer-payment regional scheme (10/50/30/10, proportional, half-up)."""
    return jixiao.load_scheme(SCHEMES / "transfer_regional.jx")


@pytest.fixture(scope="session")
def soil() -> CompiledScheme:
    """The 土壤污染防治资金 scheme (extends the regional one)."""
    return jixiao.load_scheme(SCHEMES / "soil_pollution.jx")


def indicator(name: str = "指标", target: str = "≥100", actual: str | None = "100", *,
              section: str = "产出指标", **extra: Any) -> dict[str, Any]:
    """One ``[[indicators]]`` row."""
    row: dict[str, Any] = {"section": section, "name": name, "target": target}
    if actual is not None:
        row["actual"] = actual
    row.update(extra)
    return row


def project_data(*indicators: dict[str, Any], total: str = "100", executed: str = "100",
                 **extra: Any) -> dict[str, Any]:
    """A project-data mapping shaped like the TOML data file."""
    data: dict[str, Any] = {
        "subject": {"name": "测试项目", "year": 2025},
        "budget": {"total": total, "executed": executed},
        "indicators": list(indicators),
    }
    data.update(extra)
    return data
