"""Apply a compiled scheme to one project's data: ``evaluate(compiled, data) -> Result``.

Stage: ``CompiledScheme`` + ``ProjectData`` → ``Result``. Pure: no I/O, no text parsing, one
explicit decimal context. It first fits the data to the scheme (sections, kinds, weights,
levels), reporting every misfit at once as a ``DataError``; then runs the compiled formulas in
the order budget → derived figures → indicators → sections → total → grade. With
``explain=True`` each formula's inputs and rounding steps are kept as ``Step``s.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from jixiao.engine import units
from jixiao.engine.compile import CompiledFormula, CompiledKind, CompiledScheme
from jixiao.engine.data import Funds, IndicatorInput, ProjectData, Status
from jixiao.engine.diagnostics import (
    DataError,
    Diagnostic,
    EvaluationError,
    candidates,
    error,
    warning,
)
from jixiao.engine.frame import Failure, Frame
from jixiao.engine.model import Level, SplitMode
from jixiao.engine.result import (
    BudgetResult,
    FundsResult,
    IndicatorResult,
    ProjectResult,
    Result,
    Rounding,
    SectionResult,
    Step,
)
from jixiao.engine.values import Comparison, Interval, Notation, Text, Value

ZERO = Decimal(0)


def evaluate(compiled: CompiledScheme, data: ProjectData, *, explain: bool = True) -> Result:
    """Score ``data`` with ``compiled``.

    Raises ``DataError`` when the data does not fit the scheme (all misfits at once) and
    ``EvaluationError`` when a formula cannot be computed (division by zero …).
    """
    with decimal.localcontext(compiled.context):
        return _Evaluation(compiled, data, explain).run()


@attrs.frozen
class _Prepared:
    """An indicator fitted to the scheme: its kind, weight and the numbers its formulas read."""

    index: int
    input: IndicatorInput
    section: str
    kind: CompiledKind
    local: dict[str, Any]
    actual_value: Decimal | None
    level: Level | None
    derived: bool


class _Evaluation:
    def __init__(self, cs: CompiledScheme, data: ProjectData, explain: bool) -> None:
        self.cs = cs
        self.data = data
        self.explain = explain
        self.glob: dict[str, Any] = {}
        self.warnings: list[Diagnostic] = []
        self.errors: list[Diagnostic] = []
        self.derive_steps: dict[str, Step] = {}

    # -- running formulas

    def call(self, f: CompiledFormula, local: dict[str, Any], where: str,
             steps: list[Step] | None) -> Any:
        trace: list[Rounding] | None = [] if steps is not None else None
        seen: dict[str, Any] | None = {} if steps is not None else None
        frame = Frame(local, self.glob, trace, seen)
        try:
            value = f.fn(frame)
        except Failure as fail:
            raise _Stop(error(fail.code, fail.span, where=where, subject=where, formula=f.text,
                              **fail.args_)) from None
        except decimal.DecimalException as exc:  # a result beyond the context's range
            raise _Stop(error("JX402", f.span, where=where, subject=where, formula=f.text,
                              detail=type(exc).__name__, detail_en=type(exc).__name__)) from None
        if steps is not None and seen is not None:  # only what scoring read, in formula order
            inputs = [(name, seen[name]) for name, _ in f.inputs if name in seen]
            steps.append(Step(f.name, f.text, tuple(inputs), value, tuple(trace or ()), f.span))
        return value

    def run(self) -> Result:
        try:
            budget, projects = self.budget()
            derived = self.derive()
            prepared = self.prepare(derived)
            indicators = self.score_indicators(prepared)
            sections = self.score_sections(indicators)
            total_steps: list[Step] | None = [] if self.explain else None
            total = self.call(self.cs.total, {
                "full": self.cs.scheme.full_score,
                "@sections": [{"name": s.name, "weight": s.weight, "score": s.score}
                              for s in sections],
            }, "total", total_steps)
        except _Stop as stop:
            raise EvaluationError([stop.diagnostic]) from None
        grade = next((g.name for g in self.cs.scheme.grades if g.band.contains(total)), None)
        if grade is None:
            raise EvaluationError([error("JX403", self.cs.scheme.span, total=total)])
        return Result(
            scheme_name=self.cs.scheme.name,
            scheme_version=self.cs.scheme.version,
            subject=self.data.subject.name,
            year=self.data.subject.year,
            money_unit=self.data.subject.unit,
            total=total,
            full_score=self.cs.scheme.full_score,
            grade=grade,
            budget=budget,
            sections=tuple(sections),
            indicators=tuple(indicators),
            projects=tuple(projects),
            derived=tuple(derived.items()),
            diagnostics=tuple(self.warnings),
            steps=tuple(total_steps or ()),
        )

    # -- budget and sub-projects

    def rate(self, funds: Funds, where: str, steps: list[Step] | None = None) -> FundsResult:
        local = {"total": funds.total, "executed": funds.executed}
        if funds.total == 0:
            try:
                rate = self.call(self.cs.budget_rate, local, where, steps)
            except _Stop:
                rate = None  # a line with no budget has no execution rate
        else:
            rate = self.call(self.cs.budget_rate, local, where, steps)
        if funds.executed > funds.total:
            self.warnings.append(warning("JX506", where=where, field=where,
                                         executed=funds.executed, total=funds.total))
        return FundsResult(funds.total, funds.executed, rate)

    def put(self, prefix: str, r: FundsResult, into: dict[str, Any]) -> None:
        into[prefix + "total"] = r.total
        into[prefix + "executed"] = r.executed
        if r.rate is not None:
            into[prefix + "rate"] = r.rate

    def budget(self) -> tuple[BudgetResult, list[ProjectResult]]:
        b = self.data.budget
        lines: dict[str, FundsResult | None] = {}
        steps: list[Step] | None = [] if self.explain else None
        for key, funds in (("budget", b.total), ("budget.central", b.central),
                           ("budget.local", b.local), ("budget.other", b.other)):
            lines[key] = (self.rate(funds, key, steps if key == "budget" else None)
                          if funds is not None else None)
            if lines[key] is not None:
                self.put(key + ".", lines[key], self.glob)  # type: ignore[arg-type]
        parts = [f for f in (b.central, b.local, b.other) if f is not None]
        if parts:
            self._sum_check("budget.central + local", "中央资金 + 地方资金",
                            [p.total for p in parts], b.total.total)
        batches = []
        for i, batch in enumerate(b.batches):
            where = f"budget.batches[{i}]"
            batches.append((batch.name, self.rate(batch.funds, where),
                            self.rate(batch.central, where + ".central"),
                            self.rate(batch.local, where + ".local")))
        if b.batches and b.central is not None:
            self._sum_check("budget.batches central", "各批次中央资金",
                            [x.central.total for x in b.batches], b.central.total)
        if b.batches and b.local is not None:
            self._sum_check("budget.batches local", "各批次地方资金",
                            [x.local.total for x in b.batches], b.local.total)
        projects = []
        items = []
        for i, p in enumerate(self.data.projects):
            where = p.where or f"projects[{i}]"
            total = self.rate(p.funds, where)
            central = self.rate(p.central, where + ".central")
            local = self.rate(p.local, where + ".local")
            projects.append(ProjectResult(p.name, p.status.value, total, central, local))
            item: dict[str, Any] = {
                "name": p.name,
                "status": p.status.value,
                "started": p.status is not Status.NOT_STARTED,
                "completed": p.status is Status.COMPLETED,
            }
            self.put("", total, item)
            self.put("central.", central, item)
            self.put("local.", local, item)
            items.append(item)
        if self.data.projects:
            self._sum_check("projects", "各项目预算", [p.funds.total for p in self.data.projects],
                            b.total.total)
        self.glob["@projects"] = items
        result = BudgetResult(lines["budget"] or FundsResult(ZERO, ZERO, None),
                              lines["budget.central"], lines["budget.local"], lines["budget.other"],
                              tuple(batches), tuple(steps or ()))
        return result, projects

    def within(self, score: Decimal, weight: Decimal, f: CompiledFormula, where: str) -> None:
        """A score lies in [0, weight] (DOMAIN: a score never exceeds its weight). A scheme whose
        formula breaks this — rounding a share up past it, say — is stopped, not trusted."""
        if not ZERO <= score <= weight:
            raise _Stop(error("JX404", f.span, where=where, subject=where, score=score,
                              weight=weight, formula=f.text))

    def _sum_check(self, what_en: str, what: str, parts: Sequence[Decimal], total: Decimal) -> None:
        s = sum(parts, ZERO)
        if s != total:
            self.warnings.append(warning("JX503", where="budget", what=what, what_en=what_en,
                                         sum=s, total=total))

    def derive(self) -> dict[str, Decimal]:
        """The derived figures. One that cannot be computed (no sub-projects to count) is an
        error only if an indicator needs it."""
        out: dict[str, Decimal] = {}
        wanted = {ind.name for ind in self.data.indicators}
        for f in self.cs.derives:
            steps: list[Step] | None = [] if self.explain else None
            try:
                out[f.name] = self.call(f, {}, f"derive {f.name}", steps)
            except _Stop:
                if f.name in wanted:
                    raise
                continue
            if steps:
                self.derive_steps[f.name] = steps[0]
        return out

    # -- fitting indicators to the scheme

    def prepare(self, derived: dict[str, Decimal]) -> list[_Prepared]:
        prepared: list[_Prepared] = []
        seen: dict[tuple[str, str], str] = {}
        for i, ind in enumerate(self.data.indicators):
            where = ind.where or f"indicators[{i}]"
            p = self.prepare_one(i, ind, where, derived)
            if p is None:
                continue
            key = (p.section, ind.name)
            if key in seen:
                self.errors.append(error("JX314", where=where + ".name", indicator=ind.name,
                                         first=seen[key]))
                continue
            seen[key] = where
            prepared.append(p)
        self.split_weights(prepared)
        if self.errors:
            raise DataError(self.errors)
        return prepared

    def prepare_one(self, i: int, ind: IndicatorInput, where: str,
                    derived: dict[str, Decimal]) -> _Prepared | None:
        cs = self.cs
        section = cs.section_for(ind.section)
        if section is None:
            names = [s.section.name for s in cs.sections]
            self.errors.append(error("JX305", where=where + ".section", name=ind.section,
                                     candidates=candidates(ind.section, names)
                                     or "、".join(names)))
            return None
        sec = section.section
        if sec.categories and ind.category and ind.category not in sec.categories:
            self.warnings.append(warning("JX505", where=where + ".category", section=sec.name,
                                         category=ind.category,
                                         candidates=candidates(ind.category, sec.categories)))
        if ind.kind is not None:
            kind = cs.by_name.get(ind.kind)
            if kind is None:
                self.errors.append(error("JX315", where=where + ".kind", name=ind.kind,
                                         candidates=candidates(ind.kind, cs.by_name)
                                         or "、".join(cs.by_name)))
                return None
        else:
            found = cs.by_notation.get(ind.target.notation)
            if found is None:
                self.errors.append(error("JX312", where=where + ".target", indicator=ind.name,
                                         value=ind.target_text or ind.target,
                                         kinds="、".join(cs.by_name)))
                return None
            kind = found
        if sec.score is not None:  # 预算执行: scored by its own formula, not by indicators
            self.warnings.append(warning("JX508", where=where + ".section", section=sec.name,
                                         indicator=ind.name))
        if ind.kind is not None and not _fits(kind, ind.target):
            self.errors.append(error("JX320", where=where + ".kind", kind=kind.name,
                                     indicator=ind.name, value=ind.target_text,
                                     notations=", ".join(n.value for n in kind.kind.notations)))
            return None
        if kind.is_text:
            return self.prepare_text(i, ind, where, sec.name, kind)
        return self.prepare_number(i, ind, where, sec.name, kind, derived.get(ind.name))

    def prepare_number(self, i: int, ind: IndicatorInput, where: str, section: str,
                       kind: CompiledKind, derived: Decimal | None) -> _Prepared | None:
        local: dict[str, Any] = {}
        t = ind.target
        if isinstance(t, Comparison):
            ref = t.quantity
            local["target"] = units.own_scale(ref)
            if ref.number < 0 and ind.kind is None:
                self.errors.append(error("JX319", where=where + ".target", indicator=ind.name,
                                         value=ind.target_text))
                return None
        elif isinstance(t, Interval):
            ref = t.high
            local["target.low"] = units.scaled(t.low, ref)
            local["target.high"] = units.own_scale(ref)
        else:
            self.errors.append(error("JX304", where=where + ".target", indicator=ind.name,
                                     reason="指标类型需要数值", reason_en="the kind needs a number",
                                     which="指标值（应为数值）", which_en="target (a number)",
                                     value=ind.target_text or t.text))
            return None
        a = ind.actual
        if derived is not None:
            actual = derived
            if isinstance(a, Comparison):
                filed = units.scaled(a.quantity, ref)
                if filed != derived:
                    self.warnings.append(warning("JX504", where=where + ".actual",
                                                 indicator=ind.name, filed=ind.actual_text,
                                                 derived=units.show_like(derived, ref)))
        elif a is None:
            self.errors.append(error("JX311", where=where + ".actual", indicator=ind.name))
            return None
        elif isinstance(a, Comparison):
            q = a.quantity
            if units.compatible(q, ref):
                actual = units.scaled(q, ref)
            else:
                actual = q.number
                self.warnings.append(warning("JX502", where=where + ".actual",
                                             indicator=ind.name,
                                             actual_unit=units.unit_text(q),
                                             target_unit=units.unit_text(ref) or "（无）"))
        else:
            self.errors.append(error("JX304", where=where + ".actual", indicator=ind.name,
                                     reason="指标类型需要数值", reason_en="the kind needs a number",
                                     which="完成值（应为数值）", which_en="actual (a number)",
                                     value=ind.actual_text))
            return None
        local["actual"] = actual
        return _Prepared(i, ind, section, kind, local, actual, None, derived is not None)

    def prepare_text(self, i: int, ind: IndicatorInput, where: str, section: str,
                     kind: CompiledKind) -> _Prepared | None:
        if ind.actual is None:
            self.errors.append(error("JX311", where=where + ".actual", indicator=ind.name))
            return None
        text = ind.actual.text if isinstance(ind.actual, Text) else ind.actual_text.strip()
        target = ind.target.text if isinstance(ind.target, Text) else ind.target_text.strip()
        levels = kind.levels
        level = levels[0] if text == target and levels else next(
            (lv for lv in levels if lv.matches(text)), None)
        if level is None:
            self.errors.append(error("JX307", where=where + ".actual", indicator=ind.name,
                                     value=text, levels="、".join(lv.name for lv in levels)))
            return None
        if level.band is None:
            ratio = level.ratio if level.ratio is not None else ZERO
        elif ind.ratio is None:
            self.errors.append(error("JX308", where=where + ".ratio", indicator=ind.name,
                                     level=level.name, band=level.band))
            return None
        elif not level.band.contains(ind.ratio):
            self.errors.append(error("JX309", where=where + ".ratio", indicator=ind.name,
                                     ratio=ind.ratio, level=level.name, band=level.band))
            return None
        else:
            ratio = ind.ratio
        return _Prepared(i, ind, section, kind, {"ratio": ratio}, None, level, False)

    def split_weights(self, prepared: list[_Prepared]) -> None:
        for cs_section in self.cs.sections:
            sec = cs_section.section
            rows = [p for p in prepared if p.section == sec.name]
            if not rows:
                continue
            given = [p.input.weight for p in rows if p.input.weight is not None]
            mode = sec.split.mode
            if mode is SplitMode.GIVEN and len(given) < len(rows):
                missing = next(p for p in rows if p.input.weight is None)
                self.errors.append(error("JX302", where=(missing.input.where
                                                         or f"indicators[{missing.index}]")
                                         + ".weight", field="weight",
                                         hint=f"{sec.name} 的各指标须给出分值 weight",
                                         hint_en=f"every indicator of {sec.name} needs a weight"))
                continue
            if mode is SplitMode.EQUAL:
                given = []
            rest = [p for p in rows if mode is SplitMode.EQUAL or p.input.weight is None]
            remainder = sec.weight - sum(given, ZERO)
            if remainder < 0 or (not rest and remainder != 0):
                self.errors.append(error("JX306", where="indicators", section=sec.name,
                                         sum=sum(given, ZERO), weight=sec.weight))
                continue
            shares = _equal_shares(remainder, len(rest), sec.split.digits)
            for p in rows:
                if p.input.weight is not None and mode is not SplitMode.EQUAL:
                    p.local["weight"] = p.input.weight
                else:
                    p.local["weight"] = shares.pop(0)

    # -- scoring

    def score_indicators(self, prepared: list[_Prepared]) -> list[IndicatorResult]:
        out: list[IndicatorResult] = []
        for p in prepared:
            ind = p.input
            where = ind.where or f"indicators[{p.index}]"
            local = p.local
            steps: list[Step] | None = [] if self.explain else None
            if steps is not None and p.derived:
                steps.append(attrs.evolve(self.derive_steps[ind.name], name="actual"))
            k = p.kind
            local["completion"] = completion = self.call(k.completion, local, where, steps)
            local["deviation"] = deviation = self.call(k.deviation, local, where, steps)
            local["score"] = score = self.call(k.score, local, where, steps)
            self.within(score, local["weight"], k.score, where)
            for req in k.requires:
                if self.call(req, local, where, None) and not ind.reason.strip():
                    self.warnings.append(warning("JX501", req.span, where=where + ".reason",
                                                 indicator=ind.name, why=f"满足 {req.text}",
                                                 why_en=f"meets {req.text}"))
                    break
            out.append(IndicatorResult(
                section=p.section, category=ind.category, name=ind.name, unit=ind.unit,
                kind=k.name, weight=local["weight"], target=ind.target, actual=ind.actual,
                actual_value=p.actual_value, level=p.level.name if p.level else None,
                completion=completion, deviation=deviation, score=score, reason=ind.reason,
                target_text=ind.target_text, actual_text=ind.actual_text, derived=p.derived,
                steps=tuple(steps or ())))
        return out

    def score_sections(self, indicators: list[IndicatorResult]) -> list[SectionResult]:
        out = []
        for cs_section in self.cs.sections:
            sec = cs_section.section
            rows = [{"name": r.name, "category": r.category, "kind": r.kind, "weight": r.weight,
                     "completion": r.completion, "deviation": r.deviation, "score": r.score}
                    for r in indicators if r.section == sec.name]
            steps: list[Step] | None = [] if self.explain else None
            score = self.call(cs_section.score, {"weight": sec.weight, "@indicators": rows},
                              f"section {sec.name}", steps)
            self.within(score, sec.weight, cs_section.score, f"section {sec.name}")
            if not rows and sec.score is None:
                self.warnings.append(warning("JX507", sec.span, where="indicators",
                                             section=sec.name, score=score))
            out.append(SectionResult(sec.name, sec.weight, score, tuple(steps or ())))
        return out


def _fits(kind: CompiledKind, target: Value) -> bool:
    """Can ``kind``'s formulas read what ``target`` provides? A range gives ``target.low`` and
    ``target.high``, a number ``target``, a text ``ratio`` (see ``engine.scopes``)."""
    family = {Notation.RANGE: "range", Notation.TEXT: "text"}
    wanted = {family.get(n, "number") for n in kind.kind.notations}
    return family.get(target.notation, "number") in wanted


def _equal_shares(total: Decimal, n: int, digits: int | None) -> list[Decimal]:
    """``total`` in ``n`` equal shares; rounded to ``digits`` places, the shares still add up to
    ``total`` exactly: each gets the share rounded down, and the units left over go one each to
    the first indicators (50 ÷ 3 → 16.67, 16.67, 16.66; never a negative share)."""
    if n == 0:
        return []
    if digits is None:
        return [total / n] * n
    unit = Decimal(1).scaleb(-digits)
    base = (total / n).quantize(unit, rounding=decimal.ROUND_FLOOR)
    extra = int((total - base * n) / unit)
    return [base + unit if i < extra else base for i in range(n)]


class _Stop(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic)
        self.diagnostic = diagnostic
