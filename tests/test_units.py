"""Units and magnitudes: one prefix table (``engine.units.PREFIXES``) reads a unit and names it,
so ``3千万元`` is read as 3 × 10⁷ 元 and shown as 千万元 — never as 元."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import indicator, project_data

import jixiao
from jixiao.dsl.values import format_value, read_value
from jixiao.engine import units
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.values import Comparison, Quantity


def quantity(text: str) -> Quantity:
    value = read_value(text)
    assert isinstance(value, Comparison)
    return value.quantity


@pytest.mark.parametrize(("text", "magnitude", "shown", "exact"), [
    ("3千万元", 7, "千万元", "30000000"),
    ("5万元", 4, "万元", "50000"),
    ("2亿元", 8, "亿元", "200000000"),
    ("0.5千万元", 7, "千万元", "5000000.0"),
    ("1.5万亿元", 12, "万亿元", "1500000000000.0"),
    ("3千克", 0, "千克", "3"),  # a base unit that starts with a prefix character
    ("66.67%", 0, "%", "66.67"),
])
def test_a_unit_is_read_and_named_by_one_table(text: str, magnitude: int, shown: str,
                                               exact: str) -> None:
    q = quantity(text)
    assert q.magnitude == magnitude
    assert units.unit_text(q) == shown
    assert units.exact_value(q) == Decimal(exact)
    assert format_value(read_value(text)) == text


@pytest.mark.parametrize(("prefix", "magnitude"), units.PREFIXES)
def test_every_prefix_reads_and_shows_back(prefix: str, magnitude: int) -> None:
    q = quantity(f"3{prefix}元")
    assert (q.number, q.unit, q.magnitude) == (Decimal(3), "元", magnitude)
    assert units.unit_text(q) == f"{prefix}元"


def test_the_warning_names_the_unit_as_written(regional: CompiledScheme) -> None:
    """JX502 said 元 for 3千万元 while two prefix tables disagreed."""
    result = jixiao.score(project_data(indicator("投资额", "≥2亿立方米", "3千万元")), regional)
    (warning,) = [d for d in result.diagnostics if d.code == "JX502"]
    assert warning.args["actual_unit"] == "千万元"
    assert warning.args["target_unit"] == "亿立方米"


@pytest.mark.parametrize(("target", "actual", "value"), [
    ("≤900万元", "0.5千万元", "500"),      # 5,000,000 元 in 万元
    ("≤90万元", "850000元", "85"),
    ("≥2亿元", "3千万元", "0.3"),
    ("≥5万元", "5万元", "5"),
    ("≥1千万元", "2亿元", "20"),
])
def test_an_actual_is_put_into_its_targets_scale(regional: CompiledScheme, target: str,
                                                 actual: str, value: str) -> None:
    result = jixiao.score(project_data(indicator("投资额", target, actual)), regional)
    assert result.indicators[0].actual_value == Decimal(value)
    assert not [d for d in result.diagnostics if d.code == "JX502"]
