"""The benchmark workload of issue 12, and the hand-written Decimal functions jixiao is measured
against.

A regional self-evaluation under ``transfer_regional``: the budget (10 points), eight output
indicators (正向, 反向, 等值; counts, percentages, days, 万元), one qualitative benefit
indicator, one satisfaction indicator. Records are given as a 自评表's cells (texts such as
``≥95%`` and ``85万元``), and about two thirds of the cells repeat across records, as they do in
a province's tables. ``by_hand_cells`` scores a record from its cells, ``by_hand_typed`` from
already-read ``ProjectData``: plain Decimal code a programmer would write for this one scheme,
the floor a rule engine is measured against.
"""

from __future__ import annotations

import decimal
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jixiao.engine.data import ProjectData
from jixiao.engine.values import Comparison, Text

# (category, name, unit, target, actuals to draw from); "#" draws a fresh number near the
# target, so that a third of the cells are unique.
OUTPUTS: list[tuple[str, str, str, str, list[str]]] = [
    ("数量指标", "土壤监测点位", "个", "≥26", ["26", "28", "25", "30", "#26"]),
    ("数量指标", "氰渣堆整治量", "万立方米", "≥248", ["289.35", "248", "230.5", "#248"]),
    ("质量指标", "监测数据合格率", "", "≥95%", ["96%", "95%", "93.5%", "100%", "#95%"]),
    ("质量指标", "整治项目验收合格率", "", "100%", ["100%", "98%", "100%"]),
    ("时效指标", "项目完成时限", "天", "≤30", ["28", "30", "35", "#30"]),
    ("时效指标", "项目开工率", "", "100%", ["66.67%", "100%", "80%", "#100%"]),
    ("成本指标", "单位治理成本", "", "≤90万元", ["85万元", "90万元", "95万元", "#90万元"]),
    ("数量指标", "绩效报告", "份", "=1", ["1", "1", "0"]),
]
GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))


def _draw(rng: random.Random, pool: list[str]) -> str:
    """A cell from ``pool``; seven times in ten, when the pool has a ``#`` entry, a fresh number."""
    fresh = [p for p in pool if p.startswith("#")]
    if not fresh or rng.random() < 0.3:
        return rng.choice([p for p in pool if not p.startswith("#")])
    base = fresh[0][1:]
    number = "".join(c for c in base if c.isdigit() or c == ".")
    unit = base[len(number):]
    value = Decimal(number) * Decimal(rng.randint(8500, 11500)) / 10000
    return f"{value.quantize(Decimal('0.01'))}{unit}"


def records(n: int, seed: int = 12) -> Iterator[dict[str, Any]]:
    """``n`` records shaped like the data file, every cell a text."""
    rng = random.Random(seed)
    for i in range(n):
        total = Decimal(rng.randint(50_000, 5_000_000)) / 100
        executed = (total * rng.randint(40, 100) / 100).quantize(Decimal("0.01"))
        inds: list[dict[str, str]] = [
            {"section": "产出指标", "category": c, "name": name, "unit": unit, "target": target,
             "actual": _draw(rng, pool), "reason": "" if rng.random() < 0.5 else "见说明"}
            for c, name, unit, target, pool in OUTPUTS]
        level = rng.random()
        benefit: dict[str, str] = {"section": "效益指标", "category": "生态效益指标",
                                   "name": "土壤污染风险隐患", "target": "基本消除",
                                   "actual": "基本消除" if level < 0.8 else "部分达成"}
        if level >= 0.8:
            benefit["ratio"] = "0.7"
        inds.append(benefit)
        inds.append({"section": "满意度指标", "category": "服务对象满意度指标",
                     "name": "群众满意度", "target": "≥90%",
                     "actual": _draw(rng, ["92%", "95%", "88%", "90%", "#90%"])})
        yield {"id": f"R{i:07d}", "tags": {"region": f"地区{i % 14:02d}"},
               "subject": {"name": f"项目{i}", "year": "2025"},
               "budget": {"total": str(total), "executed": str(executed)},
               "indicators": inds}


# ---------------------------------------------------------------------------------- by hand

_CTX = decimal.Context(prec=50, rounding=decimal.ROUND_HALF_UP)
_Q4, _Q2 = Decimal("0.0001"), Decimal("0.01")
ONE, ZERO = Decimal(1), Decimal(0)
_SHARE = Decimal("6.25")  # 50 points over eight output indicators
_W = {"产出指标": _SHARE, "效益指标": Decimal(30), "满意度指标": Decimal(10)}
_RATIO = {"基本消除": ONE, "达成预期指标": ONE}


def _number(text: str) -> tuple[str, Decimal]:
    """(operator, value) of a cell: ``≥95%`` → (">=", 0.95); units after the number dropped
    (both cells of a row carry the same one in this workload)."""
    op = ""
    if text[0] in "≥≤=":
        op, text = {"≥": ">=", "≤": "<=", "=": "="}[text[0]], text[1:]
    end = 0
    while end < len(text) and (text[end].isdigit() or text[end] == "."):
        end += 1
    value = Decimal(text[:end])
    if text[end:] == "%":
        value = value.scaleb(-2)
    return op, value


def _completion(op: str, t: Decimal, a: Decimal) -> Decimal:
    if op == "<=":
        return ONE if a <= t else (t / a).quantize(_Q4)
    if op == "=":
        return ONE if a == t else ZERO
    return ONE if a >= t else max((a / t).quantize(_Q4), ZERO) if t > 0 else ZERO


def _finish(rate: Decimal, scores: dict[str, Decimal]) -> tuple[Decimal, str]:
    budget = (10 * min(rate, ONE)).quantize(_Q2)
    total = (budget + sum((s.quantize(_Q2) for s in scores.values()), ZERO)).quantize(_Q2)
    return total, next(g for low, g in GRADES if total >= low)


def by_hand_cells(record: dict[str, Any]) -> tuple[Decimal, str]:
    """The record scored from its cells, in plain Decimal code for this one scheme."""
    with decimal.localcontext(_CTX):
        b = record["budget"]
        rate = (Decimal(b["executed"]) / Decimal(b["total"])).quantize(_Q4)
        scores = {"产出指标": ZERO, "效益指标": ZERO, "满意度指标": ZERO}
        for ind in record["indicators"]:
            section = ind["section"]
            weight = _W[section]
            target = ind["target"]
            if target[0].isdigit() or target[0] in "≥≤=":
                op, t = _number(target)
                _, a = _number(ind["actual"])
                c = _completion(op, t, a)
            else:
                c = _RATIO.get(ind["actual"]) or Decimal(ind["ratio"])
            scores[section] += (weight * min(c, ONE)).quantize(_Q2)
        return _finish(rate, scores)


def by_hand_typed(data: ProjectData) -> tuple[Decimal, str]:
    """The same from already-read data (``ProjectData``: typed values, no text)."""
    with decimal.localcontext(_CTX):
        f = data.budget.total
        rate = (f.executed / f.total).quantize(_Q4)
        scores = {"产出指标": ZERO, "效益指标": ZERO, "满意度指标": ZERO}
        for ind in data.indicators:
            weight = _W[ind.section]
            t, a = ind.target, ind.actual
            if isinstance(t, Comparison) and isinstance(a, Comparison):
                tq, aq = t.quantity, a.quantity  # both in the target's written scale
                tv = tq.number.scaleb(-2) if tq.percent else tq.number
                av = aq.number.scaleb(-2) if aq.percent or tq.percent else aq.number
                c = _completion(t.op.value, tv, av)
            else:
                assert isinstance(a, Text)
                c = _RATIO.get(a.text) or (ind.ratio or ZERO)
            scores[ind.section] += (weight * min(c, ONE)).quantize(_Q2)
        return _finish(rate, scores)
