"""What it takes: the smallest change of one figure that reaches the next grade, keeps the
current one, or gives the figure its full score — found exactly.

Stage: application layer over the evaluator. The figures that can change are the budget's
executed amount (全年执行数) and each numeric indicator's actual (全年实际完成值), one at a time,
in steps of the data's own precision (``1755.51`` moves by 0.01, ``90%`` by 1%). Every candidate
is scored by the engine itself, with exact decimals — no floats, no tolerance. The search walks
away from the filed value in doubling steps until the goal holds, then bisects between the last
step that failed and the first that held: the answer is the smallest change at that precision
for which the goal holds, provided the score moves one way along that direction (it does for
the proportional kinds: a larger actual never lowers a 正向 score). A goal no single change can
reach (the figure is already at its full score, or its whole weight is not enough) is said so.

Derived figures (项目开工率 computed from the sub-projects) and qualitative indicators are not
single numbers the data files, so they are listed among what no single change can move.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal

import attrs

from jixiao.engine.compile import CompiledScheme
from jixiao.engine.data import ProjectData
from jixiao.engine.diagnostics import JixiaoError
from jixiao.engine.evaluate import evaluate
from jixiao.engine.model import Grade
from jixiao.engine.result import Result
from jixiao.engine.values import Comparison, Quantity
from jixiao.render.common import dec

MAX_DOUBLINGS = 80  # 2^80 steps of the data's precision: far past any real figure


@attrs.frozen
class Variable:
    """One figure that may change: its label, where it stands, and how data carries it."""

    label: str
    label_en: str
    value: Decimal  # as written (66.67 for 66.67%)
    step: Decimal  # the data's precision
    suffix: str  # "%", "万元" …
    lowest: Decimal  # no figure goes below (0)
    highest: Decimal | None  # nor above (the budget for executed)
    put: Callable[[Decimal], ProjectData]
    own: Callable[[Result], tuple[Decimal, Decimal]]  # (its score, its full score)


@attrs.frozen
class Answer:
    variable: Variable
    new: Decimal | None  # None: no single change of this figure reaches the goal
    change: Decimal | None


@attrs.frozen
class Question:
    title: str
    title_en: str
    answers: tuple[Answer, ...]
    cannot: tuple[str, str] = ("单项变化做不到：", "no single change of these does it: ")


def _places(d: Decimal) -> Decimal:
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(1).scaleb(min(exponent, 0))


def variables(data: ProjectData,
              result: Result) -> tuple[list[Variable], list[tuple[str, str]]]:
    """The figures that can change one at a time, and the indicators that cannot (why)."""
    out: list[Variable] = []
    fixed: list[tuple[str, str]] = []
    budget = data.budget
    executed = budget.total.executed

    def put_executed(x: Decimal) -> ProjectData:
        total = attrs.evolve(budget.total, executed=x)
        return attrs.evolve(data, budget=attrs.evolve(budget, total=total))

    budget_section = next((s for s in result.sections if s.steps and any(
        n == "budget.rate" for st in s.steps for n, _ in st.inputs)), None)

    def own_budget(r: Result) -> tuple[Decimal, Decimal]:
        if budget_section is None:
            return (r.total, r.full_score)
        sec = next(s for s in r.sections if s.name == budget_section.name)
        return (sec.score, sec.weight)

    unit = data.subject.unit
    out.append(Variable("预算执行数" + (f"（{unit}）" if unit else ""),
                        "executed budget" + (f" ({unit})" if unit else ""), executed,
                        _places(executed), "", Decimal(0), budget.total.total,
                        put_executed, own_budget))
    by_name = {r.name: r for r in result.indicators}
    for i, ind in enumerate(data.indicators):
        r = by_name.get(ind.name)
        if r is None:
            continue
        if r.derived:
            fixed.append((f"{ind.name}（由方案从子项目计算）",
                          f"{ind.name} (computed by the scheme from the sub-projects)"))
            continue
        a = ind.actual
        if not isinstance(a, Comparison):
            fixed.append((f"{ind.name}（定性指标：改变的是等级）",
                          f"{ind.name} (qualitative: its level changes, not a number)"))
            continue
        q = a.quantity
        out.append(Variable(ind.name, ind.name, q.number, _places(q.number),
                            "%" if q.percent else _unit(q), Decimal(0), None,
                            _put_actual(data, i, a), _own_indicator(ind.name)))
    return out, fixed


def _unit(q: Quantity) -> str:
    prefix = {4: "万", 8: "亿", 3: "千"}.get(q.magnitude, "")
    return prefix + q.unit


def _put_actual(data: ProjectData, i: int, a: Comparison) -> Callable[[Decimal], ProjectData]:
    def put(x: Decimal) -> ProjectData:
        rows = list(data.indicators)
        actual = Comparison(a.op, attrs.evolve(a.quantity, number=x))
        rows[i] = attrs.evolve(rows[i], actual=actual, actual_text="")
        return attrs.evolve(data, indicators=tuple(rows))
    return put


def _own_indicator(name: str) -> Callable[[Result], tuple[Decimal, Decimal]]:
    def own(r: Result) -> tuple[Decimal, Decimal]:
        ind = next(x for x in r.indicators if x.name == name)
        return (ind.score, ind.weight)
    return own


class _Search:
    def __init__(self, compiled: CompiledScheme) -> None:
        self.compiled = compiled
        self.evaluations = 0

    def score(self, data: ProjectData) -> Result | None:
        self.evaluations += 1
        try:
            return evaluate(self.compiled, data, explain=False)
        except JixiaoError:
            return None

    def smallest(self, v: Variable, direction: int, goal: Callable[[Result], bool],
                 hopeless: Callable[[Result], bool]) -> Decimal | None:
        """The value nearest to ``v.value`` in ``direction`` (whole steps) where ``goal`` holds;
        ``hopeless``: the figure can move the score no further this way."""
        def at(k: int) -> Decimal:
            return v.value + direction * k * v.step

        def limit_k() -> int | None:
            bound = v.lowest if direction < 0 else v.highest
            if bound is None:
                return None
            return int(abs(bound - v.value) / v.step)
        top = limit_k()
        lo, k = 0, 1
        for _ in range(MAX_DOUBLINGS):
            if top is not None and k > top:
                k = top
                if k <= lo:
                    return None
            r = self.score(v.put(at(k)))
            if r is not None and goal(r):
                break
            if top is not None and k == top:
                return None
            if r is not None and hopeless(r):
                return None
            lo, k = k, k * 2
        else:
            return None
        hi = k  # goal holds at hi, fails at lo (or lo is the filed value)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            r = self.score(v.put(at(mid)))
            if r is not None and goal(r):
                hi = mid
            else:
                lo = mid
        return at(hi)


def _ordered(grades: tuple[Grade, ...]) -> list[Grade]:
    return sorted(grades, key=lambda g: g.band.low)


def _full(v: Variable, r: Result) -> bool:
    score, full = v.own(r)
    return score >= full


def _nothing(v: Variable, r: Result) -> bool:
    return v.own(r)[0] <= 0


def what_if(compiled: CompiledScheme, data: ProjectData,
            result: Result) -> tuple[list[Question], list[tuple[str, str]], int]:
    """The questions answered for ``data``, what cannot move, and how many records were
    scored to find out."""
    search = _Search(compiled)
    vars_, fixed = variables(data, result)
    grades = _ordered(compiled.scheme.grades)
    names = [g.name for g in grades]
    here = names.index(result.grade)
    questions: list[Question] = []

    def ask(goal: Callable[[Variable, Result], bool],
            hopeless: Callable[[Variable, Result], bool], keep: bool,
            only: list[Variable]) -> tuple[Answer, ...]:
        answers = []
        for v in only:
            best: Decimal | None = None
            for direction in (1, -1):
                found = search.smallest(v, direction, functools.partial(goal, v),
                                        functools.partial(hopeless, v))
                if found is not None and keep:
                    found -= direction * v.step  # the last value that still keeps it
                if found is not None and (best is None
                                          or abs(found - v.value) < abs(best - v.value)):
                    best = found
            answers.append(Answer(v, best, None if best is None else best - v.value))
        return tuple(answers)

    if here + 1 < len(grades):
        nxt = grades[here + 1]
        questions.append(Question(
            f"达到 {nxt.name}（总分在 {nxt.band} 内）：各项单独需要的最小变化",
            f"to reach {nxt.name} (total in {nxt.band}): the smallest change of each figure",
            ask(lambda v, r: names.index(r.grade) > here, _full, False, vars_)))
    if here > 0:
        cur = grades[here]
        questions.append(Question(
            f"保持 {cur.name}：各项单独变到此仍为 {cur.name}，再变一步即降级",
            f"keeping {cur.name}: each figure may move this far alone, one step more loses it",
            ask(lambda v, r: names.index(r.grade) < here, _nothing, True, vars_),
            ("单独怎么变都不会降级：", "no single change of these loses it: ")))
    short = [v for v in vars_ if not _full(v, result)]
    if short:
        questions.append(Question("各项达到满分：需要的最小变化",
                                  "each figure to its full score: the smallest change",
                                  ask(_full, lambda v, r: False, False, short)))
    return questions, fixed, search.evaluations


def _at(d: Decimal, step: Decimal) -> str:
    """``d`` at the data's precision: ``1508.8`` → ``1508.80`` for a figure filed in cents."""
    return format(d.quantize(step) if step < 1 else d, "f")


def _signed(d: Decimal, step: Decimal) -> str:
    return ("+" if d > 0 else "") + _at(d, step)


def render(compiled: CompiledScheme, result: Result, questions: list[Question],
           fixed: list[tuple[str, str]], lang: str = "zh") -> str:
    zh = lang == "zh"
    lines: list[str] = []
    grades = _ordered(compiled.scheme.grades)
    s = compiled.scheme
    lines.append(f"{s.name} {s.version}".strip() + (f" · {result.subject}" if result.subject
                                                    else ""))
    lines.append(f"总分 {dec(result.total)}，评级 {result.grade}" if zh
                 else f"total {dec(result.total)}, grade {result.grade}")
    if grades and grades[-1].name == result.grade:
        lines.append("已是最高评级。" if zh else "already the top grade.")
    for q in questions:
        lines.append("")
        lines.append(q.title if zh else q.title_en)
        cannot = []
        for a in q.answers:
            v = a.variable
            label = v.label if zh else v.label_en
            if a.new is None or a.change is None:
                cannot.append(label)
                continue
            was = f"{_at(v.value, v.step)}{v.suffix}"
            if a.change == 0:
                lines.append(f"  {label} {was}：不能再变（变一步即降级）" if zh else
                             f"  {label} {was}: no room (one step loses it)")
                continue
            now = f"{_at(a.new, v.step)}{v.suffix}"
            change = f"{_signed(a.change, v.step)}{v.suffix}"
            lines.append(f"  {label} {was} → {now}（{change}）" if zh else
                         f"  {label} {was} → {now} ({change})")
        if cannot:
            lines.append("  " + q.cannot[0 if zh else 1] + ("、" if zh else ", ").join(cannot))
    if fixed:
        lines.append("")
        lines.append(("不作为单项变化：" if zh else "not varied: ") + ("、" if zh else ", ")
                     .join(f[0] if zh else f[1] for f in fixed))
    return "\n".join(lines) + "\n"
