"""The fast evaluator's builders (``engine.result``'s ``funds_result`` … ``result``) make the
very objects the classes' own constructors make: same type, fields, equality, hash, repr and
pickling. A field added to a result class without its builder fails here."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from jixiao.engine import result as r


def _values(cls: type) -> list[Any]:
    """A distinct value for every field, so that a field set in the wrong slot shows."""
    return [Decimal(i) + Decimal("0.5") for i, _ in enumerate(attrs.fields(cls))]


BUILDERS: list[tuple[Any, Callable[..., Any]]] = [
    (r.FundsResult, r.funds_result), (r.BudgetResult, r.budget_result),
    (r.SectionResult, r.section_result), (r.IndicatorResult, r.indicator_result),
    (r.Result, r.lazy_result)]


@pytest.mark.parametrize(("cls", "build"), BUILDERS, ids=lambda x: getattr(x, "__name__", ""))
def test_a_builder_makes_what_the_constructor_makes(cls: Any, build: Callable[..., Any]
                                                    ) -> None:
    values = _values(cls)
    built: Any = build(*values)
    made = cls(*values)
    # a Result is built lazy (the fast evaluator's): a plain one from its first read on
    expected = r.LazyResult if cls is r.Result else cls
    assert type(built).__qualname__ == expected.__qualname__  # (no narrowing for mypy)
    assert [getattr(built, f.name) for f in attrs.fields(cls)] == values
    assert type(built).__qualname__ == cls.__qualname__
    assert built == made
    assert repr(built) == repr(made)
    assert hash(built) == hash(made)
    assert pickle.loads(pickle.dumps(built)) == made
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.steps = ()  # frozen as ever
    assert attrs.evolve(built) == made


def test_the_classes_are_slotted_by_their_fields() -> None:
    """What the builders rely on: each class's slots are its fields, nothing more (no
    ``__weakref__``, which would forbid the ``__class__`` assignment), the builder's the same
    names, and no ``__dict__``."""
    twins: dict[Any, Any] = {r.FundsResult: r._FundsBuild, r.BudgetResult: r._BudgetBuild,
             r.SectionResult: r._SectionBuild, r.IndicatorResult: r._IndicatorBuild,
             r.Result: r._ResultBuild}
    for cls, build in BUILDERS:
        fields = tuple(f.name for f in attrs.fields(cls))
        assert cls.__slots__ == fields
        assert sorted(twins[cls].__slots__) == sorted(fields)
        assert not hasattr(build(*_values(cls)), "__dict__")
