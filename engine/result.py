"""The result of scoring: figures, explanation steps and diagnostics, as immutable data.

Stage: produced by ``engine.evaluate``, consumed by the renderers. Reports are built from these
values and never recompute a figure. Decimals are kept exactly as scored.

The classes are frozen but keep their fields in a ``__dict__`` (``slots=False``): a frozen
slotted attrs class sets each field through ``object.__setattr__``, a frozen dict class writes
its ``__dict__`` directly, three times faster to build — and a record's result is a score of
objects built once and read a few times (measured in ``benchmarks/README.md``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

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


@attrs.frozen(slots=False)
class FundsResult:
    total: Decimal
    executed: Decimal
    rate: Decimal | None  # None when the line has no budget (A = 0)
    filed_rate: Decimal | None = None  # the 执行率 the table prints, if given (a rate)


@attrs.frozen(slots=False)
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


@attrs.frozen(slots=False)
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


@attrs.frozen(slots=False)
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


@attrs.frozen(slots=False)
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
