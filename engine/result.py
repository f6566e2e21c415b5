"""The result of scoring: figures, explanation steps and diagnostics, as immutable data.

Stage: produced by ``engine.evaluate``, consumed by the renderers. Reports are built from these
values and never recompute a figure. Decimals are kept exactly as scored.

The classes a record's result is made of (funds, budget, sections, indicators, the result)
are frozen and slotted: one object each for the cyclic collector, where a class with a
``__dict__`` is two — and a run that keeps its results (a list of them, the benchmark's
passes) pays for every object at each collection (measured in ``benchmarks/README.md``). A
frozen slotted attrs class sets each field through ``object.__setattr__``, five times slower
than a plain store, so the fast evaluator builds them with ``funds_result`` … ``lazy_result``: a
plain slotted class of the same slots fills them by ordinary stores, then becomes the frozen
class (``__class__`` assignment, which CPython allows between classes of the same slots and
no ``__weakref__``, hence ``weakref_slot=False``). The object is the frozen class's in every
way (type, equality, hashing, repr, pickling); ``tests/test_result_build.py`` holds each
builder equal to the class's own constructor, field by field. The explanation's ``Step`` and
``Rounding`` and ``ProjectResult`` keep a ``__dict__`` (built by the general evaluator, which
builds many).
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import TYPE_CHECKING, Any, SupportsIndex

import attrs

from jixiao.engine.data import Form, ProjectData
from jixiao.engine.diagnostics import Diagnostic, Span
from jixiao.engine.values import Value

if TYPE_CHECKING:  # engine.model imports the result's neighbours: only a type here
    from jixiao.engine.model import Band


@attrs.frozen(slots=False)
class Rounding:
    """One rounding step: ``before`` rounded to ``digits`` places by ``mode`` gave ``after``."""

    before: Decimal
    digits: int
    mode: str
    after: Decimal


@attrs.frozen(slots=False)
class Step:
    """One formula applied: its text, the values it read, each rounding, and what it gave."""

    name: str
    formula: str
    inputs: tuple[tuple[str, Decimal | bool | str], ...]
    value: Decimal | bool | str
    roundings: tuple[Rounding, ...] = ()
    span: Span | None = None


@attrs.frozen(weakref_slot=False)
class FundsResult:
    total: Decimal
    executed: Decimal
    rate: Decimal | None  # None when the line has no budget (A = 0)
    filed_rate: Decimal | None = None  # the 执行率 the table prints, if given (a rate)


@attrs.frozen(weakref_slot=False)
class BudgetResult:
    total: FundsResult
    central: FundsResult | None
    local: FundsResult | None
    other: FundsResult | None
    batches: tuple[tuple[str, FundsResult, FundsResult | None, FundsResult | None], ...] = ()
    steps: tuple[Step, ...] = ()  # how the total line's rate was computed
    planned: Decimal | None = None  # 年初预算数 as filed (shown, never scored)
    # 到位: the funds that arrived against the year's budget, its rate by the scheme's budget
    # rate formula (the written report's 到位率); None when the data gives no 到位数
    arrived: FundsResult | None = None


@attrs.frozen(slots=False)
class ProjectResult:
    name: str
    status: str
    total: FundsResult
    central: FundsResult
    local: FundsResult
    unit: str = ""  # 承担单位 as filed, for the report's table; not scored


@attrs.frozen(weakref_slot=False)
class IndicatorResult:
    section: str
    category: str
    name: str
    unit: str
    kind: str
    weight: Decimal
    target: Value
    actual: Value | None  # as filed; ``actual_value`` is what was scored
    actual_value: Decimal | None
    level: str | None  # the qualitative level reached, for 定性 kinds
    completion: Decimal
    deviation: Decimal
    score: Decimal
    reason: str
    target_text: str
    actual_text: str
    derived: bool
    steps: tuple[Step, ...] = ()
    # -- the table as filed (issue: real tables). ``score`` is the score that counts: the
    # formula's (``computed_score``) unless the scheme allowed the assessor's filed score, then
    # ``adjusted`` is true and ``score == filed_score``.
    computed_score: Decimal = attrs.field(
        default=attrs.Factory(lambda self: self.score, takes_self=True))
    filed_score: Decimal | None = None  # 得分 as filed, whether used or not
    adjusted: bool = False
    # A row not scored: ``applicable`` false (不适用) or a sub-row (``parent`` = the row it is
    # listed under, 其中…). Its weight, completion, deviation and score are 0 and mean nothing;
    # renderers show it without figures.
    applicable: bool = True
    parent: str | None = None
    # The weight before rows that do not apply were rescaled away (``weight`` is after).
    base_weight: Decimal = attrs.field(
        default=attrs.Factory(lambda self: self.weight, takes_self=True))
    assessed_level: bool = False  # the level was the assessor's (``level = …``), not the text's
    note: str = ""  # 完成情况说明 as filed, for the written report; not scored

    @property
    def scored(self) -> bool:
        return self.applicable and self.parent is None


@attrs.frozen(weakref_slot=False)
class SectionResult:
    name: str
    weight: Decimal  # after rescaling for rows that do not apply
    score: Decimal
    steps: tuple[Step, ...] = ()
    computed_score: Decimal = attrs.field(
        default=attrs.Factory(lambda self: self.score, takes_self=True))
    filed_score: Decimal | None = None  # as filed ([filed] sections, or budget.score)
    adjusted: bool = False  # the filed score was allowed (a section with its own score only)
    base_weight: Decimal = attrs.field(
        default=attrs.Factory(lambda self: self.weight, takes_self=True))
    categories: tuple[str, ...] = ()  # the 二级指标 the scheme lists for it (未设定 when absent)


@attrs.frozen(weakref_slot=False)
class Result:
    scheme_name: str
    scheme_version: str
    subject: str
    year: int | None
    money_unit: str
    total: Decimal
    full_score: Decimal
    grade: str
    budget: BudgetResult
    sections: tuple[SectionResult, ...]
    indicators: tuple[IndicatorResult, ...]
    projects: tuple[ProjectResult, ...]
    derived: tuple[tuple[str, Decimal], ...]
    diagnostics: tuple[Diagnostic, ...]
    steps: tuple[Step, ...] = ()  # total and grade
    scheme_basis: str = ""  # the policy the scheme implements (财预〔2020〕10号 …), for the report
    form: Form = attrs.field(factory=Form)  # the form's other fields, as filed (项目名称 …)
    filed_total: Decimal | None = None  # [filed] total, as printed
    filed_grade: str | None = None  # [filed] grade, as printed
    filed_summary: str = ""  # [filed] summary (全年实际完成情况), as printed
    grade_bands: tuple[tuple[str, Band], ...] = ()  # the scheme's grades, to grade a filed total
    # The data as filed, for a renderer that must write back what was filed rather than computed
    # (the xlsx 自评表's 填报数据 sheet, so that data → xlsx → data is lossless). Not compared.
    data: ProjectData | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def adjusted(self) -> bool:
        """Whether any score that counts is the assessor's rather than the formula's."""
        return any(i.adjusted for i in self.indicators) or any(s.adjusted for s in self.sections)


# -- builders for the fast evaluator (see the module's docstring): the same slots, plain stores


class _FundsBuild:
    __slots__ = ("executed", "filed_rate", "rate", "total")

    def __init__(self, total: Decimal, executed: Decimal, rate: Decimal | None,
                 filed_rate: Decimal | None) -> None:
        self.total = total
        self.executed = executed
        self.rate = rate
        self.filed_rate = filed_rate


def funds_result(total: Decimal, executed: Decimal, rate: Decimal | None,
                 filed_rate: Decimal | None = None) -> FundsResult:
    built = _FundsBuild(total, executed, rate, filed_rate)
    built.__class__ = FundsResult  # type: ignore[assignment]
    return built  # type: ignore[return-value]


class _BudgetBuild:
    __slots__ = (
        "arrived",
        "batches",
        "central",
        "local",
        "other",
        "planned",
        "steps",
        "total",
    )

    def __init__(self, total: FundsResult, central: FundsResult | None,
                 local: FundsResult | None, other: FundsResult | None,
                 batches: tuple[tuple[str, FundsResult, FundsResult | None,
                                      FundsResult | None], ...],
                 steps: tuple[Step, ...], planned: Decimal | None,
                 arrived: FundsResult | None) -> None:
        self.total = total
        self.central = central
        self.local = local
        self.other = other
        self.batches = batches
        self.steps = steps
        self.planned = planned
        self.arrived = arrived


def budget_result(*fields: Any) -> BudgetResult:
    """``BudgetResult`` of all its fields, in order."""
    built = _BudgetBuild(*fields)
    built.__class__ = BudgetResult  # type: ignore[assignment]
    return built  # type: ignore[return-value]


class _SectionBuild:
    __slots__ = (
        "adjusted",
        "base_weight",
        "categories",
        "computed_score",
        "filed_score",
        "name",
        "score",
        "steps",
        "weight",
    )

    def __init__(self, name: str, weight: Decimal, score: Decimal, steps: tuple[Step, ...],
                 computed_score: Decimal, filed_score: Decimal | None, adjusted: bool,
                 base_weight: Decimal, categories: tuple[str, ...]) -> None:
        self.name = name
        self.weight = weight
        self.score = score
        self.steps = steps
        self.computed_score = computed_score
        self.filed_score = filed_score
        self.adjusted = adjusted
        self.base_weight = base_weight
        self.categories = categories


def section_result(*fields: Any) -> SectionResult:
    """``SectionResult`` of all its fields, in order."""
    built = _SectionBuild(*fields)
    built.__class__ = SectionResult  # type: ignore[assignment]
    return built  # type: ignore[return-value]


class _IndicatorBuild:
    __slots__ = (
        "actual",
        "actual_text",
        "actual_value",
        "adjusted",
        "applicable",
        "assessed_level",
        "base_weight",
        "category",
        "completion",
        "computed_score",
        "derived",
        "deviation",
        "filed_score",
        "kind",
        "level",
        "name",
        "note",
        "parent",
        "reason",
        "score",
        "section",
        "steps",
        "target",
        "target_text",
        "unit",
        "weight",
    )

    def __init__(self, section: str, category: str, name: str, unit: str, kind: str,
                 weight: Decimal, target: Value, actual: Value | None,
                 actual_value: Decimal | None, level: str | None, completion: Decimal,
                 deviation: Decimal, score: Decimal, reason: str, target_text: str,
                 actual_text: str, derived: bool, steps: tuple[Step, ...],
                 computed_score: Decimal, filed_score: Decimal | None, adjusted: bool,
                 applicable: bool, parent: str | None, base_weight: Decimal,
                 assessed_level: bool, note: str) -> None:
        self.section = section
        self.category = category
        self.name = name
        self.unit = unit
        self.kind = kind
        self.weight = weight
        self.target = target
        self.actual = actual
        self.actual_value = actual_value
        self.level = level
        self.completion = completion
        self.deviation = deviation
        self.score = score
        self.reason = reason
        self.target_text = target_text
        self.actual_text = actual_text
        self.derived = derived
        self.steps = steps
        self.computed_score = computed_score
        self.filed_score = filed_score
        self.adjusted = adjusted
        self.applicable = applicable
        self.parent = parent
        self.base_weight = base_weight
        self.assessed_level = assessed_level
        self.note = note


def indicator_result(*fields: Any) -> IndicatorResult:
    """``IndicatorResult`` of all its fields, in order."""
    built = _IndicatorBuild(*fields)
    built.__class__ = IndicatorResult  # type: ignore[assignment]
    return built  # type: ignore[return-value]


class _ResultBuild:
    __slots__ = (
        "budget",
        "data",
        "derived",
        "diagnostics",
        "filed_grade",
        "filed_summary",
        "filed_total",
        "form",
        "full_score",
        "grade",
        "grade_bands",
        "indicators",
        "money_unit",
        "projects",
        "scheme_basis",
        "scheme_name",
        "scheme_version",
        "sections",
        "steps",
        "subject",
        "total",
        "year",
    )

    def __init__(self, scheme_name: str, scheme_version: str, subject: str, year: int | None,
                 money_unit: str, total: Decimal, full_score: Decimal, grade: str,
                 budget: BudgetResult, sections: tuple[SectionResult, ...],
                 indicators: tuple[IndicatorResult, ...], projects: tuple[ProjectResult, ...],
                 derived: tuple[tuple[str, Decimal], ...], diagnostics: tuple[Diagnostic, ...],
                 steps: tuple[Step, ...], scheme_basis: str, form: Form,
                 filed_total: Decimal | None, filed_grade: str | None, filed_summary: str,
                 grade_bands: tuple[tuple[str, Band], ...], data: ProjectData | None) -> None:
        self.scheme_name = scheme_name
        self.scheme_version = scheme_version
        self.subject = subject
        self.year = year
        self.money_unit = money_unit
        self.total = total
        self.full_score = full_score
        self.grade = grade
        self.budget = budget
        self.sections = sections
        self.indicators = indicators
        self.projects = projects
        self.derived = derived
        self.diagnostics = diagnostics
        self.steps = steps
        self.scheme_basis = scheme_basis
        self.form = form
        self.filed_total = filed_total
        self.filed_grade = filed_grade
        self.filed_summary = filed_summary
        self.grade_bands = grade_bands
        self.data = data




# -- a result whose details are built when first read (the fast evaluator's)
#
# Scoring a record needs every figure, but not the objects that hold them: building ten
# ``IndicatorResult``, the sections, the budget's lines and the placed warnings was most of
# what the fast evaluator spent on an ordinary record once its figures were known, and every
# object a caller keeps makes the cyclic collector's walks longer (a run keeping 5,000 results
# spent a fifth of its time in full collections: benchmarks/README.md). So the fast evaluator
# computes every figure, checks every rule and decides the total and grade at once, and keeps
# what it found, numbers and texts in plain tuples (which the collector stops tracking), in
# the very slots the details will fill; ``steps`` holds the ``Pending`` that builds them.
# They are built the first time any of them is read, or the result is compared, hashed,
# printed, copied or pickled; then the object becomes a plain ``Result`` (``__class__``
# assignment: the lazy class adds no slot), equal to the one the general evaluator makes.
# A kept result is one object for the collector.


class Pending:
    """Builds a lazy result's details from what its slots hold until then."""

    __slots__ = ()

    def details(self, r: Result, budget: Any, sections: Any, indicators: Any,
                diagnostics: Any) -> tuple[BudgetResult, tuple[SectionResult, ...],
                                           tuple[IndicatorResult, ...],
                                           tuple[Diagnostic, ...]]:
        """The budget, sections, indicators and diagnostics of ``r``, from what their slots
        hold while they are pending."""
        raise NotImplementedError


LAZY_FIELDS = ("budget", "sections", "indicators", "diagnostics", "steps")
_SLOTS = {name: Result.__dict__[name] for name in LAZY_FIELDS}  # the slots' own descriptors
_BUDGET, _SECTIONS, _INDICATORS, _DIAGNOSTICS, _STEPS = (_SLOTS[n] for n in LAZY_FIELDS)
_set_class = object.__setattr__


_SETTLING = threading.Lock()  # one result's details built by one thread at a time


def _settle(r: Result) -> None:
    """Build the details of ``r`` if they are pending, and make it a plain ``Result``. Under
    a lock: a second thread must not read a slot the first has already filled as if it still
    held the figures (``steps`` is set last, and read again under the lock)."""
    if isinstance(_STEPS.__get__(r), Pending):
        with _SETTLING:
            pending = _STEPS.__get__(r)
            if isinstance(pending, Pending):
                budget, sections, indicators, diagnostics = pending.details(
                    r, _BUDGET.__get__(r), _SECTIONS.__get__(r), _INDICATORS.__get__(r),
                    _DIAGNOSTICS.__get__(r))
                _BUDGET.__set__(r, budget)
                _SECTIONS.__set__(r, sections)
                _INDICATORS.__set__(r, indicators)
                _DIAGNOSTICS.__set__(r, diagnostics)
                _STEPS.__set__(r, ())
    _set_class(r, "__class__", Result)


class LazyResult(Result):
    """A ``Result`` whose budget, sections, indicators and diagnostics are built on first
    read; every other use settles it first, so it compares, hashes, prints and pickles as the
    plain ``Result`` it then is."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        _settle(self)
        return self == other

    def __ne__(self, other: object) -> bool:
        _settle(self)
        return self != other

    def __hash__(self) -> int:
        _settle(self)
        return hash(self)

    def __repr__(self) -> str:
        _settle(self)
        return repr(self)

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        _settle(self)
        return self.__reduce_ex__(protocol)

    def __reduce__(self) -> str | tuple[Any, ...]:
        _settle(self)
        return self.__reduce__()


def _lazy_field(slot: Any) -> property:
    def read(self: Result) -> Any:
        _settle(self)
        return slot.__get__(self)

    def write(self: Result, value: Any) -> None:  # the frozen class's own __init__ (evolve)
        slot.__set__(self, value)
    return property(read, write)


for _name, _slot in _SLOTS.items():
    setattr(LazyResult, _name, _lazy_field(_slot))


def lazy_result(*fields: Any) -> Result:
    """``Result`` of all its fields, in order, where ``steps`` is the ``Pending`` that builds
    the budget, sections, indicators and diagnostics from what those fields hold."""
    built = _ResultBuild(*fields)
    built.__class__ = LazyResult  # type: ignore[assignment]
    return built  # type: ignore[return-value]
