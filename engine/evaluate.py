"""Apply a compiled scheme to one project's data: ``evaluate(compiled, data) -> Result``.

Stage: ``CompiledScheme`` + ``ProjectData`` → ``Result``. Pure: no I/O, no text parsing, one
explicit decimal context. This module runs the compiled formulas, in the order budget →
derived figures → indicators → sections → total → grade; before the indicators are scored,
``engine.fit`` fits them to the scheme (sections, kinds, weights, levels, units through
``engine.units``) and reports every misfit at once as a ``DataError``. With ``explain=True``
each formula's inputs and rounding steps are kept as ``Step``s.
"""

from __future__ import annotations

import contextlib
import decimal
import gc
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from jixiao.engine.compile import CompiledAdjust, CompiledFormula, CompiledKind, CompiledScheme
from jixiao.engine.data import Funds, IndicatorInput, ProjectData, Status
from jixiao.engine.diagnostics import (
    DataError,
    Diagnostic,
    EvaluationError,
    JixiaoError,
    Severity,
    error,
    locate,
    phrase,
    quoted,
    warning,
    wrong_argument,
)
from jixiao.engine.filed import judge
from jixiao.engine.fit import Fitted, fit
from jixiao.engine.frame import Failure, Frame, ProjectItem
from jixiao.engine.limits import DEFAULT_LIMITS, MONEY_EMAX, MONEY_PREC, Limits
from jixiao.engine.model import Level
from jixiao.engine.names import name_warnings
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

ZERO = Decimal(0)


def evaluate(compiled: CompiledScheme, data: ProjectData, *, explain: bool = True,
             lenient: bool = False, limits: Limits = DEFAULT_LIMITS,
             percent_as_fraction: bool | None = None) -> Result:
    """Score ``data`` with ``compiled``.

    Raises ``DataError`` when the data does not fit the scheme (all misfits at once) and
    ``EvaluationError`` when a formula cannot be computed (division by zero, a number out of
    range, more work than ``limits.evaluation_steps``). A filed score
    the scheme's ``adjust`` rule forbids (out of its range, or without a required reason) is
    a ``DataError`` too — unless ``lenient`` (``jixiao audit``): then the formula's score
    counts and the broken rule is kept among the result's diagnostics as an error.
    """
    if type(data) is not ProjectData or type(compiled) is not CompiledScheme \
            or type(limits) is not Limits:
        _check_arguments(compiled, data, limits)
    if not explain:  # the ordinary record, by generated code (engine.fast); None: not
        run_fast = _FAST[0] if _FAST else _load_fast()  # ordinary
        # the collector paused as _collector_paused pauses it, written out: the context
        # manager's generator cost the fast path 1.5 µs a record
        paused = gc_isenabled()
        if paused:
            gc_disable()
        try:
            fast = run_fast(compiled, data, limits.evaluation_steps)
        finally:
            if paused:
                gc_enable()
        if fast is not None:  # its names checked (engine.fast: a record whose names warn
            # is the general evaluator's) and its warnings placed as the general evaluator
            # places them (engine.diagnostics.locate), when the result's details are read
            return fast
    with _collector_paused():
        return evaluate_general(compiled, data, explain=explain, lenient=lenient,
                                limits=limits, percent_as_fraction=percent_as_fraction)


gc_isenabled, gc_disable, gc_enable = gc.isenabled, gc.disable, gc.enable

# ``engine.fast.evaluate_fast``, imported on the first record scored without explanations: a
# run that explains (the CLI's ``score``) needs neither it nor the code generator behind it.
# Kept here, not imported in ``evaluate``'s body, which would cost each record 2 µs.
_FAST: list[Callable[[CompiledScheme, ProjectData, int], Result | None]] = []


def _load_fast() -> Callable[[CompiledScheme, ProjectData, int], Result | None]:
    from jixiao.engine.fast import evaluate_fast

    _FAST.append(evaluate_fast)
    return evaluate_fast


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while one record is scored. Scoring makes
    many small objects and no cycles (reference counting frees them all), but each batch of
    allocations made the collector walk every object alive — a record of 100,000
    sub-projects and its result again and again: half the time of a large record with
    explanations (benchmarks/bench_limits.py). Nested and concurrent calls leave the
    collector as they found it: only the call that paused it restarts it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _check_arguments(compiled: object, data: object, limits: object) -> None:
    """What an embedder passed that ``evaluate`` cannot take: JX028, never an AttributeError
    from deep inside (a mapping is read by ``jixiao.data_from_mapping`` or ``jixiao.score``)."""
    if not isinstance(compiled, CompiledScheme):
        raise wrong_argument("evaluate", "scheme", "arg_compiled_scheme", compiled)
    if not isinstance(data, ProjectData):
        raise wrong_argument("evaluate", "data", "arg_project_data", data)
    if not isinstance(limits, Limits):
        raise wrong_argument("evaluate", "limits", "arg_limits", limits)


def evaluate_general(compiled: CompiledScheme, data: ProjectData, *, explain: bool = True,
                     lenient: bool = False, limits: Limits = DEFAULT_LIMITS,
                     percent_as_fraction: bool | None = None) -> Result:
    """``evaluate`` by the general evaluator alone, for every record (the fast evaluator's
    reference: ``tests/test_fast.py`` checks that both give the same result)."""
    with decimal.localcontext(compiled.context):
        ev = _Evaluation(compiled, data, explain, lenient, limits.evaluation_steps)
        # the command line's --percent-as-… first, else the scheme's ``percent`` setting
        ev.percent_as_fraction = (percent_as_fraction if percent_as_fraction is not None
                                  else compiled.scheme.percent_as_fraction)
        result = _placed(data, ev.run)
    assert result is not None
    return result


def _placed(data: ProjectData, run: Callable[[], Result | None]) -> Result | None:
    """``run()``, with the warnings on the record's names (JX525 for sub-projects and 二级指标,
    the same for either evaluator) and each diagnostic's data path at its file's line with
    its row named."""
    try:
        result = run()
    except JixiaoError as exc:
        if data.places is None:
            raise
        raise type(exc)(locate(exc.diagnostics, data.places)) from None
    if result is not None and (names := name_warnings(data)):
        result = attrs.evolve(result, diagnostics=result.diagnostics + tuple(names))
    if result is not None and data.places is not None and result.diagnostics:
        found = locate(result.diagnostics, data.places)
        if any(a is not b for a, b in zip(found, result.diagnostics, strict=True)):
            result = attrs.evolve(result, diagnostics=tuple(found))  # (most point into
    return result  # the scheme: the result as it is)


class _Evaluation:
    def __init__(self, cs: CompiledScheme, data: ProjectData, explain: bool,
                 lenient: bool = False,
                 steps: int = DEFAULT_LIMITS.evaluation_steps) -> None:
        self.cs = cs
        self.data = data
        self.explain = explain
        self.lenient = lenient
        self.adjust_errors: list[Diagnostic] = []  # rules broken by filed scores
        self.section_weight: dict[str, Decimal] = {}  # after rows that do not apply
        self.sub_rows: list[tuple[int, IndicatorInput, str]] = []  # (index, row, section)
        self.percent_as_fraction: bool | None = None  # see engine.fit.fit
        # the step budget: [left, limit], shared with the aggregates through the frames
        self.budget_left = [steps, steps]
        self.glob: dict[str, Any] = {"@budget": self.budget_left}
        self.warnings: list[Diagnostic] = []
        self.errors: list[Diagnostic] = []
        self.derive_steps: dict[str, Step] = {}

    # -- running formulas

    def call(self, f: CompiledFormula, local: dict[str, Any], where: str,
             steps: list[Step] | None) -> Any:
        trace: list[Rounding] | None = [] if steps is not None else None
        seen: dict[str, Any] | None = {} if steps is not None else None
        frame = Frame(local, self.glob, trace, seen)
        self.charge(f, where)
        try:
            value = f.fn(frame)
        except Failure as fail:
            raise _Stop(error(fail.code, fail.span, where=where, subject=where, formula=f.text,
                              **fail.args_)) from None
        except decimal.DecimalException:  # a result beyond the money context's range
            raise _Stop(error("JX410", f.span, where=where, subject=where, formula=f.text,
                              emax=MONEY_EMAX, prec=MONEY_PREC)) from None
        if steps is not None and seen is not None:  # only what scoring read, in formula order
            inputs = [(name, seen[name]) for name, _ in f.inputs if name in seen]
            steps.append(Step(f.name, f.text, tuple(inputs), value, tuple(trace or ()), f.span))
        return value

    def charge(self, f: CompiledFormula, where: str) -> None:
        """Take ``f``'s size from the step budget; past it, stop with JX411."""
        self.budget_left[0] -= f.size
        if self.budget_left[0] < 0:
            raise _Stop(error("JX411", f.span, where=where, subject=where,
                              limit=self.budget_left[1]))

    def run(self) -> Result:
        try:
            budget, projects = self.budget()
            derived = self.derive()
            fitting = fit(self.cs, self.data.indicators, derived, self.warnings,
                          self.data.subject.year, self.percent_as_fraction)
            self.section_weight, self.sub_rows = fitting.section_weight, fitting.sub_rows
            indicators = self.score_indicators(fitting.rows)
            sections = self.score_sections(indicators)
            if self.adjust_errors and not self.lenient:
                raise DataError(self.adjust_errors)
            indicators = self.with_sub_rows(indicators)
            total_steps: list[Step] | None = [] if self.explain else None
            full = sum((s.weight for s in sections), ZERO)
            total = self.call(self.cs.total, {
                "full": full,
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
            full_score=full,
            grade=grade,
            budget=budget,
            sections=tuple(sections),
            indicators=tuple(indicators),
            projects=tuple(projects),
            derived=tuple(derived.items()),
            diagnostics=tuple(self.warnings + self.adjust_errors),
            steps=tuple(total_steps or ()),
            filed_total=self.data.filed.total,
            filed_grade=self.data.filed.grade,
            filed_summary=self.data.filed.summary,
            grade_bands=tuple((g.name, g.band) for g in self.cs.scheme.grades),
            scheme_basis=self.cs.scheme.basis,
            form=self.data.form,
            data=self.data,
        )

    # -- budget and sub-projects

    def rate(self, funds: Funds, where: str, steps: list[Step] | None = None,
             known: dict[Funds, FundsResult] | None = None) -> FundsResult:
        """A budget line's figures. ``known``: the lines already computed for the same money
        (sub-projects repeat their figures; the formula reads only total and executed), each
        still charged to the step budget as if computed."""
        if known is not None:
            done = known.get(funds)
            if done is not None:
                self.charge(self.cs.budget_rate, where)
                self.line_warnings(funds, where)
                return done
        local = {"total": funds.total, "executed": funds.executed}
        if funds.total == 0:  # a line with no budget has no execution rate, unless the
            f = self.cs.budget_rate  # scheme's formula gives one; no diagnostic is built
            self.charge(f, where)
            try:
                rate = f.fn(Frame(local, self.glob))
            except (Failure, decimal.DecimalException):
                rate = None
        else:
            rate = self.call(self.cs.budget_rate, local, where, steps)
        self.line_warnings(funds, where)
        result = FundsResult(funds.total, funds.executed, rate, funds.filed_rate)
        if known is not None:
            known[funds] = result
        return result

    def line_warnings(self, funds: Funds, where: str) -> None:
        if funds.executed_missing:
            self.warnings.append(warning("JX523", where=where + ".executed",
                                         field=where + ".executed", total=funds.total))
        if funds.executed > funds.total:
            self.warnings.append(warning("JX506", where=where, field=where,
                                         executed=funds.executed, total=funds.total))

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
            self._sum_check("central_plus_local", [p.total for p in parts], b.total.total)
        batches = []
        for i, batch in enumerate(b.batches):
            where = f"budget.batches[{i}]"
            batches.append((batch.name, self.rate(batch.funds, where),
                            self.rate(batch.central, where + ".central"),
                            self.rate(batch.local, where + ".local")))
        if b.batches and b.central is not None:
            self._sum_check("batches_central", [x.central.total for x in b.batches],
                            b.central.total)
        if b.batches and b.local is not None:
            self._sum_check("batches_local", [x.local.total for x in b.batches],
                            b.local.total)
        projects = []
        items = []
        known: dict[Funds, FundsResult] = {}  # each line's figures, by its money
        all_totals = ZERO
        for i, p in enumerate(self.data.projects):
            where = p.where or f"projects[{i}]"
            funds = p.funds  # central + local, added once
            all_totals += funds.total
            total = self.rate(funds, where, known=known)
            central = self.rate(p.central, where + ".central", known=known)
            local = self.rate(p.local, where + ".local", known=known)
            result = ProjectResult(p.name, p.status.value, total, central, local, p.unit)
            projects.append(result)
            if p.status is Status.NOT_STARTED and funds.executed > 0:
                self.warnings.append(warning("JX532", where=where + ".status", project=p.name,
                                             executed=funds.executed))
            items.append(ProjectItem(result))  # its figures read from the result, not copied
        if self.data.projects:
            self._sum_check("projects_budget", [all_totals], b.total.total)
        self.glob["@projects"] = items
        budget = BudgetResult(lines["budget"] or FundsResult(ZERO, ZERO, None),
                              lines["budget.central"], lines["budget.local"], lines["budget.other"],
                              tuple(batches), tuple(steps or ()), b.planned,
                              self.rate(Funds(b.total.total, b.arrived), "budget.arrived")
                              if b.arrived is not None else None)
        return budget, projects

    def within(self, score: Decimal, weight: Decimal, f: CompiledFormula, where: str) -> None:
        """A score lies in [0, weight] (DOMAIN: a score never exceeds its weight). A scheme whose
        formula breaks this — rounding a share up past it, say — is stopped, not trusted."""
        if not ZERO <= score <= weight:
            raise _Stop(error("JX404", f.span, where=where, subject=where, score=score,
                              weight=weight, formula=f.text))

    def _sum_check(self, what: str, parts: Sequence[Decimal], total: Decimal) -> None:
        s = sum(parts, ZERO)
        if s != total:
            self.warnings.append(warning("JX503", where="budget", **phrase("what", what),
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

    # -- scoring

    def score_indicators(self, prepared: list[Fitted]) -> list[IndicatorResult]:
        out: list[IndicatorResult] = []
        for p in prepared:
            ind = p.input
            where = ind.where or f"indicators[{p.index}]"
            local = p.local
            k = p.kind
            if k is None:  # 不适用: shown with its weight before, scored nothing
                out.append(_unscored(ind, p.section, base_weight=local["base_weight"]))
                continue
            steps: list[Step] | None = [] if self.explain else None
            if steps is not None and p.derived:
                steps.append(attrs.evolve(self.derive_steps[ind.name], name="actual"))
            if ind.filed_score is not None:
                local["filed_score"] = ind.filed_score
            local["completion"] = completion = self.call(k.completion, local, where, steps)
            local["deviation"] = deviation = self.call(k.deviation, local, where, steps)
            local["score"] = computed = self.call(k.score, local, where, steps)
            self.within(computed, local["weight"], k.score, where)
            computed = local["score"] = self.flags(k, ind.name, local, where, steps)
            for req in k.requires:
                if self.call(req, local, where, None) and not ind.reason.strip():
                    self.warnings.append(warning("JX501", req.span, where=where + ".reason",
                                                 indicator=ind.name,
                                                 **phrase("why", "meets", condition=req.text)))
                    break
            score = computed
            adjusted = self.adjusted(ind.filed_score, computed, k.adjust, where + ".score",
                                     ind.name, ind.reason, p.level, local)
            if adjusted and ind.filed_score is not None:
                score = ind.filed_score
            out.append(IndicatorResult(
                section=p.section, category=ind.category, name=ind.name, unit=ind.unit,
                kind=k.name, weight=local["weight"], target=ind.target, actual=ind.actual,
                actual_value=p.actual_value, level=p.level.name if p.level else None,
                completion=completion, deviation=deviation, score=score, reason=ind.reason,
                target_text=ind.target_text, actual_text=ind.actual_text, derived=p.derived,
                steps=tuple(steps or ()), computed_score=computed,
                filed_score=ind.filed_score, adjusted=adjusted,
                base_weight=local["base_weight"], assessed_level=ind.level is not None,
                note=ind.note))
        return out

    def adjusted(self, filed: Decimal | None, computed: Decimal, rule: CompiledAdjust,
                 where: str, subject: str, reason: str, level: Level | None,
                 local: dict[str, Any]) -> bool:
        """Whether the filed score counts instead of ``computed`` (see ``engine.filed``);
        a filed score that is not allowed is reported, never used."""
        verdict = judge(filed, computed, rule, subject=subject, reason=reason, level=level,
                        weight=local["weight"],
                        bound=lambda f: self.call(f, local, where, None),
                        rounding=self.cs.context.rounding)
        if verdict.problem is not None:
            code, args = verdict.problem
            found = Diagnostic(code, Severity.WARNING if code == "JX530" else Severity.ERROR,
                               {k: quoted(v) for k, v in args.items()}, None, quoted(where))
            (self.warnings if code == "JX530" else self.adjust_errors).append(found)
        return verdict.use

    def with_sub_rows(self, indicators: list[IndicatorResult]) -> list[IndicatorResult]:
        """The scored rows with the sub-rows (其中…) put back where the table lists them."""
        if not self.sub_rows:
            return indicators
        order = {r.name: i for i, r in enumerate(self.data.indicators) if r.parent is None}
        placed: list[tuple[int, IndicatorResult]] = [
            (order.get(r.name, 0), r) for r in indicators]
        placed += [(i, _unscored(ind, section)) for i, ind, section in self.sub_rows]
        return [r for _, r in sorted(placed, key=lambda x: x[0])]
    def flags(self, k: CompiledKind, indicator: str, local: dict[str, Any], where: str,
              steps: list[Step] | None) -> Decimal:
        """Report every flag the indicator meets (not only the first); their deductions come off
        the score, which never goes below 0. Conditions all read the score before deductions."""
        score: Decimal = local["score"]
        deducted = ZERO
        for cf in k.flags:
            if not self.call(cf.condition, local, where, None):
                continue
            amount = ZERO
            if cf.deduct is not None:
                amount = self.call(cf.deduct, local, where, steps)
                deducted += amount
            fl = cf.flag
            args = {"indicator": quoted(indicator), "flag": fl.name, "message": fl.message,
                    **phrase("hint", "flag_condition", condition=cf.condition.text)}
            if amount:
                args["deducted"] = str(amount)
            severity = Severity.ERROR if fl.severity == "error" else Severity.WARNING
            self.warnings.append(Diagnostic("JX564" if amount else "JX563", severity, args,
                                            fl.span, where))
        if not deducted:
            return score
        return max(score - deducted, ZERO)

    def score_sections(self, indicators: list[IndicatorResult]) -> list[SectionResult]:
        out = []
        filed = dict(self.data.filed.sections)
        budget_filed = self.data.budget.filed_score
        for cs_section in self.cs.sections:
            sec = cs_section.section
            weight = self.section_weight.get(sec.name, sec.weight)
            rows = [{"name": r.name, "category": r.category, "kind": r.kind, "weight": r.weight,
                     "completion": r.completion, "deviation": r.deviation, "score": r.score}
                    for r in indicators if r.section == sec.name and r.scored]
            steps: list[Step] | None = [] if self.explain else None
            local = {"weight": weight, "@indicators": rows}
            score = computed = self.call(cs_section.score, local, f"section {sec.name}", steps)
            self.within(score, weight, cs_section.score, f"section {sec.name}")
            if not rows and sec.score is None:
                self.warnings.append(warning("JX507", sec.span, where="indicators",
                                             section=sec.name, score=score))
            filed_score = next((v for name, v in filed.items() if sec.matches(name)), None)
            adjusted = False
            if sec.score is not None and (budget_filed or filed_score) is not None:
                # 预算执行 得分 as filed ([budget] score, else [filed] sections)
                filed_score = budget_filed if budget_filed is not None else filed_score
                budget_filed = None
                adjusted = self.adjusted(filed_score, computed, cs_section.adjust,
                                         "budget.score", sec.name, "", None, local)
                if adjusted:
                    score = filed_score
            out.append(SectionResult(sec.name, weight, score, tuple(steps or ()),
                                     computed_score=computed, filed_score=filed_score,
                                     adjusted=adjusted, base_weight=sec.weight,
                                     categories=sec.categories))
        return out


def _row(ind: IndicatorInput) -> dict[str, Any]:
    """What a row says about itself, for a kind's ``where`` and its formulas."""
    return {"name": ind.name, "category": ind.category, "unit": ind.unit,
            "section": ind.section}


def _unscored(ind: IndicatorInput, section: str, base_weight: Decimal = ZERO) -> IndicatorResult:
    """A row shown as printed but not scored: 不适用, or a sub-row (其中…)."""
    return IndicatorResult(
        section=section, category=ind.category, name=ind.name, unit=ind.unit, kind="",
        weight=ZERO, target=ind.target, actual=ind.actual, actual_value=None, level=None,
        completion=ZERO, deviation=ZERO, score=ZERO, reason=ind.reason,
        target_text=ind.target_text, actual_text=ind.actual_text, derived=False,
        filed_score=ind.filed_score, applicable=ind.applicable, parent=ind.parent,
        base_weight=base_weight, note=ind.note)


class _Stop(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic)
        self.diagnostic = diagnostic
