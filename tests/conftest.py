"""Shared fixtures: the bundled schemes compiled once, the seed data, and a builder for small
project-data mappings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import jixiao
from jixiao.engine.compile import CompiledScheme

ROOT = Path(__file__).resolve().parents[1]
SEED_DATA = ROOT / "examples" / "xinjiang-soil-2025" / "data.toml"
SCHEMES = ROOT / "schemes"


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
