"""The test profiles of conftest.py: the fast one (local default) runs fewer examples of every
property test, whatever its own settings; the full one (CI=true) runs them all."""

from __future__ import annotations

from conftest import FULL, fast_count
from hypothesis import given, settings
from hypothesis import strategies as st

SEEN: list[int] = []


@settings(max_examples=120)
@given(st.integers())
def test_a_property_with_its_own_count(n: int) -> None:
    SEEN.append(n)
    assert isinstance(n, int)


def test_the_profile_decides_the_number_of_examples() -> None:
    wanted = 120 if FULL else fast_count(120)
    own = test_a_property_with_its_own_count._hypothesis_internal_use_settings  # type: ignore[attr-defined]
    assert own.max_examples == wanted
    assert len(SEEN) <= wanted


def test_fast_count_keeps_a_floor() -> None:
    assert fast_count(300) == 60
    assert fast_count(20) == 10
    assert fast_count(5) == 5
