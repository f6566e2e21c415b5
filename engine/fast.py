"""The fast evaluator: the usual record scored by generated code, everything else by the
general evaluator, with the same result either way.

Stage: ``engine.evaluate.evaluate(..., explain=False)`` calls ``evaluate_fast`` first. It
scores a record only when the record is ordinary — its rows fit the scheme without a misfit or
a warning other than a missing reason (JX501), an empty section (JX507) or a flag (JX563,
JX564); no score or level filed by an assessor, no row that does not apply, no sub-row — and
returns ``None`` for anything else, or the moment anything unusual happens while scoring (a
division by zero, a number out of range, a figure the record lacks, a score outside its
weight): the general evaluator then scores the record from the start, with its errors and
warnings. Hence the fast path never has to reproduce a rare rule; it only has to agree on the
usual one, which ``tests/test_fast.py`` checks against the general evaluator over every
example, every case of the bundled schemes and generated data.

Why it is fast: the scheme's shape is fitted once per scheme (sections and aliases in a dict,
a kind per notation, equal shares cached), a target's fit once per target object, a row that
repeats whole (the data reader gives it as the same object) is scored once, the formulas are
plain Python functions generated from the checked model (``engine.codegen``), and the result's
details are built when first read (``engine.result.LazyResult``, ``_details``): until then the
result keeps numbers and texts only, which Python's cyclic collector stops tracking — a run
that keeps its results spent a fifth of its time in the collector's full walks before.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from operator import attrgetter
from typing import Any

import attrs

from jixiao.engine import units
from jixiao.engine.codegen import (
    GLOBAL_SLOTS,
    INDICATOR_SLOTS,
    MISSING,
    PROJECT_SLOTS,
    SECTION_SLOTS,
    Generated,
    GeneratedKind,
    Unsupported,
    generate,
)
from jixiao.engine.compile import CompiledFormula, CompiledKind, CompiledScheme
from jixiao.engine.data import Funds, ProjectData, Status
from jixiao.engine.diagnostics import (
    _ROW_PATH,
    Diagnostic,
    Places,
    Severity,
    locate,
    phrase,
    quoted,
    warning,
)
from jixiao.engine.filed import judge
from jixiao.engine.fit import _day, _equal_shares
from jixiao.engine.model import Level, SplitMode
from jixiao.engine.names import looks as _folded
from jixiao.engine.result import (
    BudgetResult,
    FundsResult,
    IndicatorResult,
    Pending,
    ProjectResult,
    Result,
    SectionResult,
    budget_result,
    funds_result,
    indicator_result,
    lazy_result,
    section_result,
)
from jixiao.engine.values import Comparison, Interval, Notation, Op, Quantity, Text, When

ZERO = Decimal(0)
_ONE = Decimal(1)
_CACHE_LIMIT = 4096  # entries of each per-scheme memo (shapes, warnings)
_ROWS_LIMIT = 16_384  # rows remembered per scheme (a few MB), as the data reader keeps them

# The item tuples below are built in these orders; the generator reads them by place.
assert PROJECT_SLOTS == ("name", "status", "started", "completed", "total", "executed", "rate",
                         "central.total", "central.executed", "central.rate", "local.total",
                         "local.executed", "local.rate")
assert INDICATOR_SLOTS == ("name", "category", "kind", "weight", "completion", "deviation",
                           "score")
assert SECTION_SLOTS == ("name", "weight", "score")
_LINES = (("budget", 0), ("budget.central", 3), ("budget.local", 6), ("budget.other", 9))
assert all(GLOBAL_SLOTS[at] == key + ".total" for key, at in _LINES)


@attrs.define(eq=False)
class _Kind:
    compiled: CompiledKind
    gen: GeneratedKind
    text: bool
    levels: dict[str, Level]  # a level's name and aliases
    name: str
    index: int  # its place in ``Plan.kinds``


@attrs.define(eq=False)
class _Section:
    index: int
    name: str
    weight: Decimal
    categories: frozenset[str]
    own_score: bool  # 预算执行: scored by its own formula
    mode: SplitMode
    digits: int | None
    declared: bool
    categories_seq: tuple[str, ...]  # as the scheme lists them, for the SectionResult


@attrs.define
class Plan:
    """What one scheme needs to score a record fast, fitted once."""

    cs: CompiledScheme
    gen: Generated
    sections: list[_Section]
    section_of: dict[str, _Section]  # a name or alias → its section (the first that matches)
    kinds: list[_Kind]
    # how a row's kind is chosen, by its target (``id`` of its ``Op``, else of its type): the
    # kind for the notation, and the kinds with a ``where`` to try first
    choose: dict[int, tuple[_Kind | None, tuple[_Kind, ...]]]
    derive_names: tuple[str, ...]
    grades: tuple[tuple[str, Any], ...]
    # the most one record can cost of the step budget, per item of each collection
    fixed_cost: int
    per_row: int
    per_project: int
    per_section: int
    # the grades as (name, low, high, closed low, closed high), tested in the scheme's order
    grade_test: tuple[tuple[str, Decimal, Decimal, bool, bool], ...] = ()
    scheme_name: str = ""
    scheme_version: str = ""
    scheme_basis: str = ""
    full: Decimal = ZERO  # the sections' weights added up: the full score
    shapes: dict[tuple[tuple[Any, ...], ...], _Shape] = attrs.field(factory=dict)
    last_shape: tuple[Any, Any] = (None, None)  # (key, shape) of the last record
    # a row scored: id(row) → (weight, its figures, its section's place, its section item,
    # its JX501's parts or None). The
    # data reader gives a row that repeats whole as the same object (most of a province's
    # rows), and a row's result is its own when its kind reads nothing of the record, its
    # actual is not derived and it is not a date (those read the record's year).
    rows: dict[int, tuple[Any, ...]] = attrs.field(factory=dict)
    # the rows ``rows`` remembers, by the same ``id``: each entry is found for its own row
    # only (``alive[id(row)] is row``, and kept alive, no other row takes its ``id``). Not in
    # the entries, which hold numbers and texts only: tuples the collector stops tracking.
    alive: dict[int, Any] = attrs.field(factory=dict)
    # a target's fit (``_target_fit``) by its ``id``, the target first in the entry
    targets: dict[int, tuple[Any, ...]] = attrs.field(factory=dict)
    reasons: dict[tuple[int, int, str, str], Diagnostic] = attrs.field(factory=dict)
    # a section's result by (its place, its score as written): shared between records
    section_results: dict[tuple[int, str], SectionResult] = attrs.field(factory=dict)
    # a row's IndicatorResult, built when a result's indicators are read: id(the row) →
    # (the row, its figures, it); a row that repeats whole shares its figures, hence its result
    built: dict[int, tuple[Any, tuple[Any, ...], IndicatorResult]] = attrs.field(
        factory=dict)
    details: Pending = attrs.field(init=False)  # builds its results' details when read
    # the placed warnings of records with the places ``worded_for``, by their parts →
    # (the places, them). One places object at a time: a record read in full has places of
    # its own that hold its whole table, and a cache of many would keep many tables alive
    worded: dict[tuple[Any, ...], tuple[Any, tuple[Diagnostic, ...]]] = attrs.field(
        factory=dict)
    worded_for: Any = None

    def __attrs_post_init__(self) -> None:
        self.details = _Details(self)
    # a diagnostic placed in a record's file: (id, file, line, row) → (it, placed)
    placed: dict[tuple[int, str, int, str], tuple[Diagnostic, Diagnostic]] = attrs.field(
        factory=dict)


def plan_for(cs: CompiledScheme) -> Plan | None:
    """The scheme's plan, made on first use and kept with the compiled scheme; ``None`` when
    the generator does not write one of its formulas (then every record is scored in full)."""
    memo = cs.memo
    if "fast" not in memo:
        try:
            memo["fast"] = _plan(cs)
        except Unsupported:
            memo["fast"] = None
    plan: Plan | None = memo["fast"]
    return plan


def _plan(cs: CompiledScheme) -> Plan:
    gen = generate(cs)
    sections = []
    section_of: dict[str, _Section] = {}
    for i, c in enumerate(cs.sections):
        sec = c.section
        s = _Section(i, sec.name, sec.weight, frozenset(sec.categories), sec.score is not None,
                     sec.split.mode, sec.split.digits, sec.split.declared,
                     tuple(sec.categories))
        sections.append(s)
        for name in (sec.name, *sec.aliases):
            section_of.setdefault(name, s)
    kinds: list[_Kind] = []
    for ck, gk in zip(cs.kinds, gen.kinds, strict=True):
        levels: dict[str, Level] = {}
        for lv in ck.levels:
            for name in (lv.name, *lv.aliases):
                levels.setdefault(name, lv)
        kinds.append(_Kind(ck, gk, ck.is_text, levels, ck.name, len(kinds)))
    of = {id(k.compiled): k for k in kinds}
    choose: dict[int, tuple[_Kind | None, tuple[_Kind, ...]]] = {}
    for key, notation in [*((id(op), Notation(op.value)) for op in Op),
                          (id(Interval), Notation.RANGE), (id(Text), Notation.TEXT),
                          (id(When), Notation.DATE)]:
        default = cs.by_notation.get(notation)
        choose[key] = (of[id(default)] if default is not None else None,
                       tuple(of[id(k)] for k in cs.by_where.get(notation, ())))
    # The step budget (engine.limits): every formula a record can run, and every item an
    # aggregate can walk (an aggregate over the projects is walked once per record). A record
    # whose most is within the budget cannot meet JX411.
    rate = cs.budget_rate.size
    everything: list[CompiledFormula] = [*cs.derives, *(s.score for s in cs.sections),
                                         cs.total]
    per_kind = [0]
    for ck in cs.kinds:
        formulas = [ck.completion, ck.deviation, ck.score, *ck.requires,
                    *(f for f in (ck.adjust.low, ck.adjust.high) if f is not None),
                    *(cf.condition for cf in ck.flags),
                    *(cf.deduct for cf in ck.flags if cf.deduct is not None)]
        per_kind.append(sum(f.size for f in formulas))
        everything += formulas
    walks = {"indicators": 0, "projects": 0, "sections": 0}
    for f in everything:
        for collection, cost in f.walks:
            walks[collection] += cost
    return Plan(cs, gen, sections, section_of, kinds, choose,
                tuple(d.name for d in cs.derives),
                tuple((g.name, g.band) for g in cs.scheme.grades),
                fixed_cost=4 * rate + sum(f.size for f in (*cs.derives, *(
                    s.score for s in cs.sections), cs.total)),
                per_row=max(per_kind) + walks["indicators"],
                per_project=3 * rate + walks["projects"],
                per_section=walks["sections"],
                grade_test=tuple((g.name, g.band.low, g.band.high, g.band.closed_low,
                                  g.band.closed_high) for g in cs.scheme.grades),
                full=_added(cs, [s.weight for s in sections]),
                scheme_name=cs.scheme.name, scheme_version=cs.scheme.version,
                scheme_basis=cs.scheme.basis)


def _added(cs: CompiledScheme, numbers: list[Decimal]) -> Decimal:
    """The numbers added up in the scheme's decimal context, as scoring adds them."""
    with decimal.localcontext(cs.context):
        return sum(numbers, ZERO)


def forget(cs: CompiledScheme) -> None:
    """Drop what the fast evaluator remembers of the records it scored (shapes, rows): a
    benchmark times each pass from cold, as a batch meets its records once."""
    plan = cs.memo.get("fast")
    if plan is not None:
        plan.shapes.clear()
        plan.last_shape = (None, None)
        plan.rows.clear()
        plan.alive.clear()
        plan.targets.clear()
        plan.reasons.clear()
        plan.section_results.clear()
        plan.built.clear()
        plan.worded.clear()
        plan.worded_for = None
        plan.placed.clear()


class _Slow(Exception):
    """The record needs the general evaluator."""


def evaluate_fast(cs: CompiledScheme, data: ProjectData, steps: int) -> Result | None:
    """``data`` scored as ``engine.evaluate`` scores it without explanations, or ``None``
    when the record is not an ordinary one (see the module's docstring)."""
    plan = plan_for(cs)
    if plan is None:
        return None
    b = data.budget
    most = (plan.fixed_cost + 3 * len(b.batches) * plan.cs.budget_rate.size
            + len(data.indicators) * plan.per_row
            + len(data.projects) * plan.per_project + len(plan.sections) * plan.per_section)
    if most > steps:
        return None
    try:
        with decimal.localcontext(cs.context):
            return _run(plan, data)
    except Exception:
        return None


def _line(plan: Plan, funds: Funds, strict: bool) -> FundsResult:
    """A budget line's figures. ``strict``: a line without money (its rate the scheme's
    formula cannot give) or one that warns is left to the general evaluator."""
    return funds_result(funds.total, funds.executed, _rate(plan, funds, strict),
                        funds.filed_rate)


def _rate(plan: Plan, funds: Funds, strict: bool) -> Decimal | None:
    """A budget line's rate, as ``_line`` gives it (its object built when it is read)."""
    total, executed = funds.total, funds.executed
    if funds.executed_missing or executed > total:
        raise _Slow
    if total == 0:
        if strict:
            raise _Slow
        try:
            rate: Decimal | None = plan.gen.rate(total, executed)
        except decimal.DecimalException:
            rate = None
    else:
        rate = plan.gen.rate(total, executed)
    return rate


def _run(plan: Plan, data: ProjectData) -> Result:
    cs = plan.cs
    gen = plan.gen
    b = data.budget
    G: list[Any] = [MISSING] * len(GLOBAL_SLOTS)
    rate = _rate(plan, b.total, True)
    G[0], G[1], G[2] = b.total.total, b.total.executed, rate
    # each line's rate (its FundsResult is built when the result's budget is read)
    rates: list[Decimal | None] = [rate, None, None, None, None]
    if b.central is not None or b.local is not None or b.other is not None:
        for (_, at), funds in zip(_LINES[1:], (b.central, b.local, b.other), strict=True):
            if funds is None:
                continue
            rate = _rate(plan, funds, True)
            rates[at // 3] = rate
            G[at], G[at + 1], G[at + 2] = funds.total, funds.executed, rate
        parts = [f.total for f in (b.central, b.local, b.other) if f is not None]
        if sum(parts, ZERO) != b.total.total:
            raise _Slow  # JX503
    for at in gen.global_reads:
        if G[at] is MISSING:
            raise _Slow  # a figure the record does not have: JX402 where it is read
    batches = []
    for batch in b.batches:
        batches.append((batch.name, _line(plan, batch.funds, False),
                        _line(plan, batch.central, False), _line(plan, batch.local, False)))
    if b.batches:
        for line, part in ((b.central, "central"), (b.local, "local")):
            if line is not None and sum((getattr(x, part).total for x in b.batches),
                                        ZERO) != line.total:
                raise _Slow  # JX503
    projects: list[ProjectResult] = []
    P: list[tuple[Any, ...]] = []
    if data.projects:
        _projects(plan, data, projects, P)
    derived: dict[str, Decimal] = {}
    if gen.derives:
        wanted = {ind.name for ind in data.indicators}
        for name, fn in zip(plan.derive_names, gen.derives, strict=True):
            try:
                derived[name] = fn(G, P)
            except decimal.DecimalException:
                if name in wanted:
                    raise _Slow from None
    scored, warnings, items = _rows(plan, data, derived, G, P)
    # -- sections: each one's (name, weight, score), its SectionResult built when read
    # unless a filed score made it here
    section_results: list[SectionResult | None] | None = None
    S: list[Any] = []
    scores = []
    score_sections = gen.score_sections  # the total's items are the sections' scores alone
    filed = dict(data.filed.sections) if data.filed.sections else None
    budget_filed = b.filed_score
    for s, fn, R in zip(plan.sections, gen.sections, items, strict=True):
        weight = s.weight
        score = fn(weight, R, G, P)
        if not ZERO <= score <= weight:
            raise _Slow  # JX404
        if not R and not s.own_score:
            warnings.append((s.index, score))  # JX507
        if filed or (s.own_score and budget_filed is not None):
            sec = cs.sections[s.index].section
            filed_score = next((v for name, v in filed.items() if sec.matches(name)),
                               None) if filed else None
            if s.own_score and (budget_filed or filed_score) is not None:
                # 预算执行 得分 as filed: the same figure, or printed with fewer places, is no
                # adjustment; any other is the general evaluator's (engine.filed)
                filed_score = budget_filed if budget_filed is not None else filed_score
                budget_filed = None
                verdict = judge(filed_score, score, cs.sections[s.index].adjust,
                                subject=s.name, reason="", level=None, weight=weight,
                                bound=_no_bound, rounding=cs.context.rounding)
                if verdict.use or verdict.problem is not None:
                    raise _Slow
            if section_results is None:
                section_results = [None] * len(plan.sections)
            section_results[s.index] = section_result(s.name, weight, score, (), score,
                                                      filed_score, False, weight,
                                                      s.categories_seq)
        S.append(score if score_sections else (s.name, weight, score))
        scores.append(score)
    full = plan.full
    total = gen.total(full, S, G, P)
    for name, low, high, closed_low, closed_high in plan.grade_test:
        if ((total >= low) if closed_low else (total > low)) and (
                (total <= high) if closed_high else (total < high)):
            grade = name
            break
    else:
        raise _Slow  # JX403
    if b.arrived is not None:
        rates[4] = _rate(plan, Funds(b.total.total, b.arrived), True)
    subject = data.subject
    f = data.filed
    # the details' figures in their own slots, built when read (engine.result.LazyResult)
    return lazy_result(plan.scheme_name, plan.scheme_version, subject.name, subject.year,
                       subject.unit, total, full, grade, (tuple(rates), tuple(batches)),
                       (tuple(scores),
                        None if section_results is None else tuple(section_results)),
                       tuple(scored), tuple(projects), tuple(derived.items()),
                       tuple(warnings), plan.details,
                       plan.scheme_basis, data.form, f.total, f.grade, f.summary, plan.grades,
                       data)


class _Details(Pending):
    """Builds a fast result's details (``engine.result.LazyResult``) from what ``_run``
    kept in their slots, all of it numbers and texts: the budget slot holds the lines' rates
    and the batches, sections the sections' scores and any result a filed score made, the
    indicators each row's figures (``_rows``), the diagnostics the warnings' parts."""

    __slots__ = ("plan",)

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def details(self, r: Result, budget: Any, sections: Any, indicators: Any,
                diagnostics: Any) -> tuple[BudgetResult, tuple[SectionResult, ...],
                                           tuple[IndicatorResult, ...],
                                           tuple[Diagnostic, ...]]:
        assert r.data is not None
        return _details(self.plan, r.data, budget[0], budget[1], sections[0], sections[1],
                        indicators, diagnostics)


def _details(plan: Plan, data: ProjectData, rates: tuple[Decimal | None, ...],
             batches: tuple[Any, ...], scores: tuple[Decimal, ...],
             filed_sections: tuple[SectionResult | None, ...] | None,
             rows: tuple[tuple[Any, ...], ...], warned: tuple[tuple[Any, ...], ...]
             ) -> tuple[BudgetResult, tuple[SectionResult, ...], tuple[IndicatorResult, ...],
                        tuple[Diagnostic, ...]]:
    """A fast result's budget, sections, indicators and diagnostics, built from the figures
    ``_run`` kept: the objects it built before it kept figures instead, shared between
    records where they are equal."""
    b = data.budget
    lines = [None if funds is None else funds_result(funds.total, funds.executed, rate,
                                                     funds.filed_rate)
             for funds, rate in zip((b.total, b.central, b.local, b.other), rates,
                                    strict=False)]
    budget = budget_result(lines[0], lines[1], lines[2], lines[3], batches, (), b.planned,
                           None if b.arrived is None else
                           funds_result(b.total.total, b.arrived, rates[4], None))
    sections = []
    made = plan.section_results
    for s, score, sr in zip(plan.sections, scores, filed_sections or [None] * len(scores),
                            strict=True):
        if sr is None:
            # the same section with the same score (as written: 5.38 is not 5.380) is the
            # same immutable object: most records repeat their sections' scores
            key = (s.index, str(score))
            sr = made.get(key)
            if sr is None:
                if len(made) >= _ROWS_LIMIT:
                    made.clear()
                sr = made[key] = section_result(s.name, s.weight, score, (), score, None,
                                                False, s.weight, s.categories_seq)
        sections.append(sr)
    built = plan.built
    indicators = []
    for ind, fig in zip(data.indicators, rows, strict=True):
        # a row that repeats whole is the same object with the same figures: built once
        hit = built.get(id(ind))
        if hit is None or hit[0] is not ind or hit[1] is not fig:
            if len(built) >= _ROWS_LIMIT:
                built.clear()
            section, kind, w, actual, level, c, dev, score, is_derived = fig
            hit = built[id(ind)] = (ind, fig, indicator_result(
                section, ind.category, ind.name, ind.unit, kind, w, ind.target, ind.actual,
                actual, level, c, dev, score, ind.reason, ind.target_text, ind.actual_text,
                is_derived, (), score, None, False, True, None, w, False, ind.note))
        indicators.append(hit[2])
    if not warned:
        return budget, tuple(sections), tuple(indicators), ()
    # the record's warnings as placed: the same parts placed by the same places (the records
    # of one form read from cells share theirs) are the same diagnostics, kept per plan for
    # the last places only
    places = data.places
    if plan.worded_for is not places:
        plan.worded.clear()
        plan.worded_for = places
    worded = plan.worded.get(warned)
    if worded is not None and worded[0] is places:  # (another thread's places: not these)
        return budget, tuple(sections), tuple(indicators), worded[1]
    warnings: list[Diagnostic] = []
    kinds = plan.kinds
    for w in warned:
        if len(w) == 2:  # JX507: (the section's place, its score)
            s = plan.sections[w[0]]
            warnings.append(warning("JX507", plan.cs.sections[s.index].section.span,
                                    where="indicators", section=s.name, score=w[1]))
        elif type(w[1]) is int:  # JX501: (kind, require, the row's place, its index, name)
            k, req, where, i, name = w
            warnings.append(_reason(plan, kinds[k], req, where or f"indicators[{i}]", name))
        else:  # flags: (kind, fired, name, place)
            warnings += _flags(kinds[w[0]], w[1], w[2], w[3])
    if places is not None and warnings:
        warnings = _located(plan, warnings, places)
    if len(plan.worded) >= _CACHE_LIMIT:
        plan.worded.clear()
    placed = tuple(warnings)
    plan.worded[warned] = (places, placed)
    return budget, tuple(sections), tuple(indicators), placed


def _projects(plan: Plan, data: ProjectData, projects: list[ProjectResult],
              P: list[tuple[Any, ...]]) -> None:
    """The sub-projects' results and their items for the aggregates (``P``); a record whose
    sub-projects' names look alike (JX525) is the general evaluator's."""
    b = data.budget
    if sum((p.funds.total for p in data.projects), ZERO) != b.total.total:
        raise _Slow  # JX503, found before the work on each sub-project
    looks: dict[str, str] = {}
    for p in data.projects:
        if looks.setdefault(_folded(p.name), p.name) != p.name:
            raise _Slow  # JX525 (engine.names.name_warnings)
    known: dict[Funds, FundsResult] = {}  # sub-projects repeat their money: each line once

    def project_line(funds: Funds) -> FundsResult:
        r = known.get(funds)
        if r is None:
            r = known[funds] = _line(plan, funds, False)
        return r
    for p in data.projects:
        funds = p.funds
        if p.status is Status.NOT_STARTED and funds.executed > 0:
            raise _Slow  # JX532
        whole, central, local = project_line(funds), project_line(p.central), project_line(p.local)
        status = p.status.value
        projects.append(ProjectResult(p.name, status, whole, central, local, p.unit))
        P.append((p.name, status, p.status is not Status.NOT_STARTED,
                  p.status is Status.COMPLETED,
                  whole.total, whole.executed, MISSING if whole.rate is None else whole.rate,
                  central.total, central.executed,
                  MISSING if central.rate is None else central.rate,
                  local.total, local.executed, MISSING if local.rate is None else local.rate))


def _located(plan: Plan, diagnostics: list[Diagnostic], places: Places) -> list[Diagnostic]:
    """``engine.diagnostics.locate`` of the record's warnings, each placed form kept per
    plan: a JX501 at ``indicators[2].reason`` is placed alike (file, line, the row's name)
    on every record of a form, and building it again (``attrs.evolve``) was half a record's
    time."""
    out = []
    memo = plan.placed
    for d in diagnostics:
        where = d.where
        if where and ((d.span is None and not d.line) or (not d.row and _ROW_PATH.match(where))):
            file, line, row = places.find(where)
            key = (id(d), file, line, row)
            hit = memo.get(key)
            if hit is None or hit[0] is not d:
                if len(memo) >= _CACHE_LIMIT:
                    memo.clear()
                hit = memo[key] = (d, locate([d], places)[0])
            d = hit[1]
        out.append(d)
    return out


def _no_bound(f: CompiledFormula) -> Any:
    """An ``adjust`` bound is read only for a filed score that differs: not an ordinary one."""
    raise _Slow


# What fitting a row to the scheme depends on, apart from its values: a record's rows read
# by this one C-level getter make the key of its shape (sections, weights, names checked).
_SHAPE = attrgetter("section", "name", "category", "weight", "kind", "parent", "applicable",
                    "level")


@attrs.frozen
class _Shape:
    """The rows of a record fitted to the scheme's shape: each row's section and weight."""

    sections: tuple[_Section, ...]
    weights: tuple[Decimal, ...]


def _shape(plan: Plan, key: tuple[tuple[Any, ...], ...]) -> _Shape:
    """``engine.fit``'s checks that do not read a value — sections, categories, names seen
    twice or looking alike, the split of the weights — once per shape of record."""
    rows: list[_Section] = []
    seen: set[tuple[str, str]] = set()
    looks: dict[tuple[str, str], str] = {}
    categories: dict[tuple[str, str], str] = {}
    for section, name, category, _, kind, parent, applicable, level in key:
        if parent is not None or not applicable or kind is not None or level is not None:
            raise _Slow  # sub-rows, 不适用, a kind or level named: the general evaluator's
        s = plan.section_of.get(section)
        if s is None or s.own_score:
            raise _Slow  # JX305, JX508
        if s.categories and category and category not in s.categories:
            raise _Slow  # JX505
        if (s.name, name) in seen:
            raise _Slow  # JX314
        seen.add((s.name, name))
        if looks.setdefault((s.name, _folded(name)), name) != name:
            raise _Slow  # JX525
        if category and categories.setdefault((section, _folded(category)),
                                              category) != category:
            raise _Slow  # JX525 for a 二级指标 (engine.names.name_warnings, by the written section)
        rows.append(s)
    weights: list[Decimal] = [ZERO] * len(rows)
    for s in plan.sections:
        mine = [i for i, r in enumerate(rows) if r is s]
        if not mine:
            continue
        given = [key[i][3] for i in mine if key[i][3] is not None]
        if s.mode is SplitMode.GIVEN and len(given) < len(mine):
            raise _Slow  # JX302
        if s.mode is SplitMode.EQUAL and given:
            raise _Slow  # JX522, unless each equals its share: the general evaluator decides
        rest = len(mine) - len(given)
        remainder = s.weight - sum(given, ZERO)
        if remainder < 0 or (not rest and remainder != 0):
            raise _Slow  # JX306
        if given and rest and not s.declared:
            raise _Slow  # JX521
        shares = _equal_shares(remainder, rest, s.digits)
        if given and any(x == 0 for x in shares):
            raise _Slow  # JX520
        for i in mine:
            weights[i] = key[i][3] if key[i][3] is not None else shares.pop(0)
    return _Shape(tuple(rows), tuple(weights))


def _rows(plan: Plan, data: ProjectData, derived: dict[str, Decimal], G: list[Any],
          P: list[Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[list[Any]]]:
    """Fit and score the rows (``engine.fit`` and the evaluator's ``score_indicators``, for
    the ordinary record): each row's figures (the fields of its ``IndicatorResult``, built
    when read: ``_details``), its warnings as ``_details`` words them, and each section's
    items."""
    inds = data.indicators
    key = tuple(map(_SHAPE, inds))
    last_key, shape = plan.last_shape
    if key != last_key:  # records of one form repeat the last shape: an equality test of
        # the same strings is cheaper than hashing the whole key
        shape = plan.shapes.get(key)
        if shape is None:
            if len(plan.shapes) > _CACHE_LIMIT:
                plan.shapes.clear()
            shape = plan.shapes[key] = _shape(plan, key)
        plan.last_shape = (key, shape)
    year = data.subject.year
    out: list[tuple[Any, ...]] = []
    warnings: list[tuple[Any, ...]] = []
    items: list[list[Any]] = [[] for _ in plan.sections]
    zero = ZERO
    memo = plan.rows
    derive_names = plan.derive_names
    weights = shape.weights
    memo_get = memo.get
    alive = plan.alive
    targets_get = plan.targets.get
    score_items = plan.gen.score_items  # a section's items are its rows' scores alone
    out_append = out.append
    for i, ind in enumerate(inds):
        # the record's own weight when it gives one: a shape is found by equal cells, and
        # 0.00 equals 0 (the shape's weight would be the first record's, printed 0)
        w = weights[i] if ind.weight is None else ind.weight
        hit = memo_get(id(ind))
        if hit is not None and hit[0] is w and alive.get(id(ind)) is ind:  # scored before
            out_append(hit[1])
            items[hit[2]].append(hit[3])
            warned = hit[4]  # its JX501's parts as first found, or None
            if warned is not None:  # at its place (the row's, or its index's)
                warnings.append(warned if warned[3] == i else
                                (warned[0], warned[1], warned[2], i, warned[4]))
            continue
        if ind.filed_score is not None:
            raise _Slow  # the assessor's score: engine.filed decides
        s = shape.sections[i]
        target: Any = ind.target  # narrowed by ``tt is …``, which mypy does not follow
        # what the row's kind and scale take from its target alone, once per target: the
        # reader gives a repeated target cell as the same object
        fit = targets_get(id(target))
        if fit is None or fit[0] is not target:
            fit = _target_fit(plan, target)
        _, k, candidates, tt, t, low, high, ref = fit
        a = ind.actual
        if type(a) is Comparison and (a.remark or a.approx):
            raise _Slow  # JX526–JX528: a figure printed with a remark (engine.fit)
        if candidates:
            for cand in candidates:
                where = cand.gen.where
                if where is not None and where(ind.name, ind.category, ind.unit, ind.section):
                    k = cand
                    break
            if k is None:
                raise _Slow  # JX312
        # a kind's v6…v12: actual, target, target.low, target.high, ratio, days/months late
        actual = ratio = days = months = None
        level: Level | None = None
        is_derived = False
        if k.text:
            if a is None:
                raise _Slow  # JX311
            text = a.text if isinstance(a, Text) else ind.actual_text.strip()
            ttext = target.text if tt is Text else ind.target_text.strip()
            levels = k.compiled.levels
            level = levels[0] if text == ttext and levels else k.levels.get(text)
            if level is None:
                raise _Slow  # JX307
            if level.band is not None:
                if ind.ratio is None or not level.band.contains(ind.ratio):
                    raise _Slow  # JX308, JX309
                ratio = ind.ratio
            elif level.points is not None:  # fixed points (engine.fit): points ÷ weight, ≤ 1
                ratio = min(level.points / w, _ONE) if w > 0 else ZERO
            else:
                ratio = level.ratio if level.ratio is not None else ZERO
        elif tt is When:
            if not isinstance(a, When):
                raise _Slow  # JX304
            base = year if year is not None else 2000
            t_year = (target.year if target.year is not None else base) + target.year_offset
            a_year = (a.year if a.year is not None else
                      target.year if target.year is not None else base) + a.year_offset
            days = Decimal(_day(a_year, a.month, a.day) - _day(t_year, target.month,
                                                                  target.day))
            months = Decimal((a_year * 12 + a.month) - (t_year * 12 + target.month))
        elif ref is None:
            raise _Slow  # JX304: a text target for a numeric kind
        elif derived and ind.name in derived:
            d = derived[ind.name]
            if _bare(ref) and 0 <= d <= 1 < ref.number <= 100:
                raise _Slow  # JX510, JX330: 100% against ≥80
            if isinstance(a, Comparison) and units.scaled(a.quantity, ref) != d:
                raise _Slow  # JX504
            actual = d
            is_derived = True
        elif type(a) is Comparison:
            q = a.quantity
            if q.unit == ref.unit and q.magnitude == ref.magnitude and (
                    q.percent is ref.percent) and not (q.percent and q.magnitude):
                # written as the target is (the usual row): in its scale as it stands
                # (units.scaled, which gives the same for these)
                actual = q.number.scaleb(-2) if q.percent else q.number
            elif q.unit or q.magnitude or q.percent or ref.percent:
                if ref.percent and _bare(q) and 0 < q.number <= 1 < ref.number:
                    raise _Slow  # JX510, JX330: 0.95 against ≥90%
                if not units.compatible(q, ref):
                    raise _Slow  # JX502
                if (q.unit or q.magnitude) and not (ref.unit or ref.magnitude or ref.percent):
                    raise _Slow  # JX524
                actual = units.scaled(q, ref)
            else:
                if (ref.unit or ref.magnitude) and units.bare_reading(
                        q.number, ref, ind.unit) is not None:
                    raise _Slow  # JX420, JX421: a bare figure the row's units read apart
                actual = q.number  # units.scaled of a bare number against a bare target
        else:
            raise _Slow  # JX311, JX304
        name, category, unit, reason = ind.name, ind.category, ind.unit, ind.reason
        c, dev, score, req, fired = k.gen.score(
            w, name, category, unit, ind.section, None, actual, t, low, high, ratio, days,
            months, G, P, not reason or reason.isspace())  # not .strip()
        if fired and not zero <= score <= w:
            raise _Slow  # JX404 (the generated function checks the score before deductions)
        if fired:
            warnings.append((k.index, fired, name, ind.where or f"indicators[{i}]"))
        warned = None
        if req >= 0:
            warned = (k.index, req, ind.where, i, name)
            warnings.append(warned)
        kind = k.name
        # numbers and texts only (the row's own fields are read again from it when the
        # result's indicators are built: _details)
        fig = (s.name, kind, w, actual, level.name if level is not None else None, c, dev,
               score, is_derived)
        item = score if score_items else (name, category, kind, w, c, dev, score)
        out.append(fig)
        items[s.index].append(item)
        if not (is_derived or k.gen.reads_record or tt is When or name in derive_names
                or fired):
            if len(memo) >= _ROWS_LIMIT:
                memo.clear()
                alive.clear()
            memo[id(ind)] = (w, fig, s.index, item, warned)
            alive[id(ind)] = ind
    return out, warnings, items


def _target_fit(plan: Plan, target: Any) -> tuple[Any, ...]:
    """What a row's kind and scale take from its target alone: (the target, the kind for its
    notation or None, the kinds with a ``where`` to try first, its type, its value ``t`` in
    its own scale, ``low`` and ``high`` of a range, the quantity actuals are scaled to (None
    for a text or a date)); kept per plan by the target's ``id``."""
    tt = type(target)
    if tt is Comparison and (target.remark or target.approx):
        raise _Slow  # JX526–JX528: a figure printed with a remark (engine.fit)
    how = plan.choose.get(id(target.op) if tt is Comparison else id(tt))
    if how is None:
        raise _Slow
    k, candidates = how
    if k is None and not candidates:
        raise _Slow  # JX312: no kind for the notation
    t = low = high = ref = None
    if tt is Comparison:
        ref = target.quantity
        if ref.number < 0:
            raise _Slow  # JX319
        t = ref.number.scaleb(-2) if ref.percent else ref.number  # units.own_scale
    elif tt is Interval:
        ref = target.high
        low = units.scaled(target.low, ref)
        high = units.own_scale(ref)
    fit = (target, k, candidates, tt, t, low, high, ref)
    if len(plan.targets) >= _CACHE_LIMIT:
        plan.targets.clear()
    plan.targets[id(target)] = fit  # the entry keeps its target alive: no other takes its id
    return fit


def _flags(k: _Kind, fired: tuple[tuple[int, Decimal], ...], indicator: str,
           where: str) -> list[Diagnostic]:
    """JX563/JX564 for each flag that fired, as ``engine.evaluate``'s ``flags`` words them."""
    out = []
    for at, amount in fired:
        cf = k.compiled.flags[at]
        fl = cf.flag
        args = {"indicator": quoted(indicator), "flag": fl.name, "message": fl.message,
                **phrase("hint", "flag_condition", condition=cf.condition.text)}
        if amount:
            args["deducted"] = str(amount)
        severity = Severity.ERROR if fl.severity == "error" else Severity.WARNING
        out.append(Diagnostic("JX564" if amount else "JX563", severity, args, fl.span, where))
    return out


def _bare(q: Quantity) -> bool:
    """A number written without unit, magnitude or %."""
    return not q.unit and not q.percent and q.magnitude == 0


def _reason(plan: Plan, k: _Kind, req: int, where: str, name: str) -> Diagnostic:
    """JX501 (a reason is required), as ``engine.evaluate`` words it; kept per row."""
    key = (id(k), req, where, name)
    found = plan.reasons.get(key)
    if found is None:
        if len(plan.reasons) > _CACHE_LIMIT:
            plan.reasons.clear()
        r = k.compiled.requires[req]
        found = plan.reasons[key] = Diagnostic(
            "JX501", Severity.WARNING,
            {"indicator": quoted(name),
             **{a: quoted(v) for a, v in phrase("why", "meets", condition=r.text).items()}},
            r.span, quoted(where + ".reason"))
    return found
