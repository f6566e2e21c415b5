"""The data reader's builders (``engine.values.quantity`` and ``comparison``, and
``engine.data``'s ``build_funds`` … ``build_project_data``) make the very objects the classes'
own constructors make: same type, fields, equality, hash, repr and pickling. A field added to
one of these classes without its builder fails here."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from jixiao.engine import data as d
from jixiao.engine import values as v

BUILDERS: list[tuple[Any, Callable[..., Any], Any]] = [
    (v.Quantity, v.quantity, v._QuantityBuild),
    (v.Comparison, v.comparison, v._ComparisonBuild),
    (d.Funds, d.build_funds, d._FundsBuild),
    (d.Budget, d.build_budget, d._BudgetBuild),
    (d.Subject, d.build_subject, d._SubjectBuild),
    (d.ProjectData, d.build_project_data, d._ProjectDataBuild),
]


def _values(cls: type) -> list[Any]:
    """A distinct value for every field, so that a field set in the wrong slot shows."""
    return [Decimal(i) + Decimal("0.5") for i, _ in enumerate(attrs.fields(cls))]


@pytest.mark.parametrize(("cls", "build", "twin"), BUILDERS,
                         ids=lambda x: getattr(x, "__name__", ""))
def test_a_builder_makes_what_the_constructor_makes(cls: Any, build: Callable[..., Any],
                                                    twin: Any) -> None:
    values = _values(cls)
    built: Any = build(*values)
    made = cls(*values)
    assert type(built) is cls
    assert [getattr(built, f.name) for f in attrs.fields(cls)] == values
    assert built == made
    assert repr(built) == repr(made)
    assert hash(built) == hash(made)
    assert pickle.loads(pickle.dumps(built)) == made
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(built, attrs.fields(cls)[0].name, None)  # frozen as ever
    assert attrs.evolve(built) == made
    assert not hasattr(built, "__dict__")


@pytest.mark.parametrize(("cls", "build", "twin"), BUILDERS,
                         ids=lambda x: getattr(x, "__name__", ""))
def test_the_classes_are_slotted_by_their_fields(cls: Any, build: Callable[..., Any],
                                                 twin: Any) -> None:
    """What the builders rely on: the class's slots are its fields, nothing more (no
    ``__weakref__``, which would forbid the ``__class__`` assignment), its twin's the same."""
    fields = tuple(f.name for f in attrs.fields(cls))
    assert cls.__slots__ == fields
    assert sorted(twin.__slots__) == sorted(fields)


def test_the_builders_defaults_are_the_constructors() -> None:
    q = v.quantity(Decimal("95"))
    assert q == v.Quantity(Decimal("95"))
    assert repr(q) == repr(v.Quantity(Decimal("95")))
    c = v.comparison(v.Op.GE, q)
    assert (c.remark, c.approx) == ("", "")
    assert repr(c) == repr(v.Comparison(v.Op.GE, q))
    f = d.build_funds(Decimal(1), Decimal(2))
    assert f == d.Funds(Decimal(1), Decimal(2))
    assert (f.filed_rate, f.executed_missing) == (None, False)
    assert d.build_budget(f) == d.Budget(f)
    assert repr(d.build_budget(f)) == repr(d.Budget(f))
    assert d.build_subject() == d.Subject()
    assert repr(d.build_subject()) == repr(d.Subject())


def test_a_plain_comparison_is_a_comparison_of_a_quantity() -> None:
    built = v.plain_comparison(v.Op.LE, Decimal("90"), "元", 4, False)
    made = v.Comparison(v.Op.LE, v.Quantity(Decimal("90"), "元", 4, False))
    assert type(built) is v.Comparison
    assert type(built.quantity) is v.Quantity
    assert built == made
    assert repr(built) == repr(made)
    assert hash(built) == hash(made)
    assert (built.remark, built.approx) == ("", "")
    assert pickle.loads(pickle.dumps(built)) == made
