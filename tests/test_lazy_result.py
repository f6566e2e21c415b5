"""A fast result's details are built when first read (``engine.result.LazyResult``): before,
only its figures are kept; after, it is the plain ``Result`` the general evaluator makes. Every
way a result can be used — reading a detail, comparing, hashing, printing, copying, pickling,
``attrs.evolve``/``asdict`` — gives what the general evaluator's result gives."""

from __future__ import annotations

import copy
import gc
import pickle
import threading
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from test_properties import REGIONAL

from benchmarks import workload
from jixiao.datafile import data_from_mapping
from jixiao.engine.evaluate import evaluate, evaluate_general
from jixiao.engine.result import LAZY_FIELDS, LazyResult, Result

RECORDS = [data_from_mapping({k: v for k, v in r.items() if k not in ("id", "tags")})
           for r in workload.records(40, seed=5)]


def _lazy(i: int = 0) -> Result:
    r = evaluate(REGIONAL, RECORDS[i], explain=False)
    assert type(r) is LazyResult  # the ordinary record: scored fast, details pending
    return r


def _general(i: int = 0) -> Result:
    return evaluate_general(REGIONAL, RECORDS[i], explain=False)


def test_total_and_grade_leave_the_details_pending() -> None:
    r = _lazy()
    want = _general()
    assert (r.total, r.grade, r.subject, r.full_score) == (want.total, want.grade,
                                                           want.subject, want.full_score)
    assert type(r) is LazyResult
    assert r.indicators == want.indicators
    assert type(r) is Result  # settled: a plain result from now on


@pytest.mark.parametrize("field", LAZY_FIELDS)
def test_reading_any_detail_builds_them_all(field: str) -> None:
    r = _lazy(3)
    want = _general(3)
    assert getattr(r, field) == getattr(want, field)
    assert type(r) is Result
    for name in LAZY_FIELDS:
        assert getattr(r, name) == getattr(want, name)


def _hash(r: Result) -> object:
    """The hash, or the error (a result with diagnostics holds their argument dicts)."""
    try:
        return hash(r)
    except TypeError as e:
        return str(e)


USES: list[tuple[str, Callable[[Result], Any]]] = [
    ("eq", lambda r: r),
    ("repr", repr),
    ("hash", _hash),
    ("pickle", lambda r: pickle.loads(pickle.dumps(r))),
    ("copy", copy.copy),
    ("deepcopy", copy.deepcopy),
    ("evolve", attrs.evolve),
    ("asdict", lambda r: attrs.asdict(r, recurse=False)),
    ("adjusted", lambda r: r.adjusted),
]


@pytest.mark.parametrize(("use", "fn"), USES, ids=[u for u, _ in USES])
def test_every_use_gives_what_the_general_result_gives(use: str,
                                                       fn: Callable[[Result], Any]) -> None:
    for i in (0, 7, 21):
        got, want = fn(_lazy(i)), fn(_general(i))
        assert got == want
        if isinstance(got, Result):
            assert type(got) is Result
            assert repr(got) == repr(want)


def test_equality_either_way_round_and_between_two_lazy_results() -> None:
    want = _general(2)
    assert want == _lazy(2)
    assert _lazy(2) == want
    assert _lazy(2) == _lazy(2)
    assert (_lazy(2) != want) is False
    assert _lazy(2) != _general(4) or _general(2) == _general(4)


def test_a_result_settled_by_many_threads_at_once_is_the_same() -> None:
    want = [_general(i) for i in range(len(RECORDS))]
    results = [_lazy(i) for i in range(len(RECORDS))]
    seen: list[list[Any]] = []

    def read() -> None:
        seen.append([r.indicators for r in results])
    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(got == [w.indicators for w in want] for got in seen)
    assert results == want


def test_a_kept_result_is_one_object_for_the_collector() -> None:
    """What the laziness is for (the collector's cost of a run that keeps its results): the
    figures kept in the details' slots hold no object the collector tracks."""
    r = _lazy(5)
    gc.collect()
    gc.collect()
    for name in ("budget", "sections", "indicators", "diagnostics"):
        held = Result.__dict__[name].__get__(r)  # the slot itself, not the lazy field
        assert not gc.is_tracked(held), name


def test_threads_reading_one_result_at_the_same_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two threads settling the same result at once: the second must not take a slot the
    first has already filled for the figures it held. Made certain here by slowing the
    first thread between filling the budget's slot and the sections'."""
    import time

    from jixiao.engine import result as lazy

    real = lazy._SECTIONS

    class SlowSlot:
        def __get__(self, obj: Any, cls: Any = None) -> Any:
            return real.__get__(obj, cls)

        def __set__(self, obj: Any, value: Any) -> None:
            time.sleep(0.05)
            real.__set__(obj, value)
    monkeypatch.setattr(lazy, "_SECTIONS", SlowSlot())
    r = _lazy(6)
    want = _general(6)
    got: list[Any] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            got.append(r.indicators)
        except BaseException as e:  # what the test is about
            errors.append(e)
    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
        time.sleep(0.01)  # the others arrive while the first is between its two slots
    for t in threads:
        t.join()
    assert errors == []
    assert got == [want.indicators] * 4
    assert r == want
