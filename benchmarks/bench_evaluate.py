"""How fast jixiao scores: compile once, evaluate many records.

    .venv/bin/python benchmarks/bench_evaluate.py [--records N]

Prints the time to compile the seed scheme, the time per record to evaluate the seed data with
and without explanation steps, and the same for a hand-written Decimal function that computes
the seed's score directly (the floor jixiao is measured against). Figures, not assertions:
speed is measured here, behaviour is tested in tests/.
"""

from __future__ import annotations

import argparse
import decimal
import time
from decimal import Decimal
from pathlib import Path

import jixiao
from jixiao.engine.data import ProjectData, Status
from jixiao.engine.values import Comparison, Text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "xinjiang-soil-2025" / "data.toml"
SCHEME = ROOT / "schemes" / "soil_pollution.jx"

_CTX = decimal.Context(prec=50, rounding=decimal.ROUND_HALF_UP)
_Q4, _Q2 = Decimal("0.0001"), Decimal("0.01")


def by_hand(data: ProjectData) -> Decimal:
    """The seed's arithmetic written out in plain Decimal code, as a spreadsheet would do it."""
    with decimal.localcontext(_CTX):
        rate = (data.budget.total.executed / data.budget.total.total).quantize(_Q4)
        budget = (10 * min(rate, Decimal(1))).quantize(_Q2)
        started = sum(1 for p in data.projects if p.status is not Status.NOT_STARTED)
        derived = {"项目开工率": (Decimal(started) / len(data.projects)).quantize(_Q4)}
        sections: dict[str, list[tuple[Decimal | None, Decimal]]] = {}
        for ind in data.indicators:
            if isinstance(ind.target, Text):
                completion = Decimal(1)
            else:
                assert isinstance(ind.target, Comparison)
                q = ind.target.quantity
                target = q.number / 100 if q.percent else q.number
                if ind.name in derived:
                    actual = derived[ind.name]
                else:
                    assert isinstance(ind.actual, Comparison)
                    a = ind.actual.quantity
                    actual = a.number / 100 if a.percent or q.percent else a.number
                completion = (Decimal(1) if actual >= target
                              else (actual / target).quantize(_Q4))
            section = "效益指标" if ind.section == "项目效益" else ind.section
            sections.setdefault(section, []).append((ind.weight, completion))
        total = budget
        for section, rows in sections.items():
            weight = {"产出指标": Decimal(50), "效益指标": Decimal(30)}.get(section, Decimal(10))
            given = sum((w for w, _ in rows if w is not None), Decimal(0))
            rest = [r for r in rows if r[0] is None]
            share = ((weight - given) / len(rest)).quantize(_Q2) if rest else Decimal(0)
            total += sum(((w if w is not None else share) * c).quantize(_Q2) for w, c in rows)
        return total.quantize(_Q2)


def timed(label: str, n: int, fn: object) -> float:
    assert callable(fn)
    start = time.perf_counter()
    for _ in range(n):
        fn()
    per = (time.perf_counter() - start) / n
    print(f"{label:<44} {per * 1e6:10.1f} µs/record   {1 / per:10.0f} records/s")
    return per


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=5000)
    n = parser.parse_args().records

    start = time.perf_counter()
    scheme = jixiao.load_scheme(SCHEME)
    print(f"{'compile the seed scheme (parse, check, compile)':<44} "
          f"{(time.perf_counter() - start) * 1e3:10.1f} ms")
    data = jixiao.load_data(SEED)
    assert jixiao.evaluate(scheme, data).total == by_hand(data) == Decimal("92.71")

    hand = timed("hand-written Decimal function", n, lambda: by_hand(data))
    fast = timed("jixiao.evaluate(explain=False)", n,
                 lambda: jixiao.evaluate(scheme, data, explain=False))
    timed("jixiao.evaluate(explain=True)", n, lambda: jixiao.evaluate(scheme, data))
    timed("load_data + evaluate (file → result)", max(n // 10, 1),
          lambda: jixiao.evaluate(scheme, jixiao.load_data(SEED), explain=False))
    print(f"evaluate(explain=False) ÷ hand-written: {fast / hand:.1f}×")


if __name__ == "__main__":
    main()
