"""The result of scoring: figures, explanation steps and diagnostics, as immutable data.

Stage: produced by ``engine.evaluate``, consumed by the renderers. Reports are built from these
values and never recompute a figure. Decimals are kept exactly as scored.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from jixiao.engine.diagnostics import Diagnostic, Span
from jixiao.engine.values import Value


@attrs.frozen
class Rounding:
    """One rounding step: ``before`` rounded to ``digits`` places by ``mode`` gave ``after``."""

    before: Decimal
    digits: int
    mode: str
    after: Decimal


@attrs.frozen
class Step:
    """One formula applied: its text, the values it read, each rounding, and what it gave."""

    name: str
    formula: str
    inputs: tuple[tuple[str, Decimal | bool | str], ...]
    value: Decimal | bool | str
    roundings: tuple[Rounding, ...] = ()
    span: Span | None = None


@attrs.frozen
class FundsResult:
    total: Decimal
    executed: Decimal
    rate: Decimal | None  # None when the line has no budget (A = 0)


@attrs.frozen
class BudgetResult:
    total: FundsResult
    central: FundsResult | None
    local: FundsResult | None
    other: FundsResult | None
    batches: tuple[tuple[str, FundsResult, FundsResult | None, FundsResult | None], ...] = ()
    steps: tuple[Step, ...] = ()  # how the total line's rate was computed


@attrs.frozen
class ProjectResult:
    name: str
    status: str
    total: FundsResult
    central: FundsResult
    local: FundsResult


@attrs.frozen
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


@attrs.frozen
class SectionResult:
    name: str
    weight: Decimal
    score: Decimal
    steps: tuple[Step, ...] = ()


@attrs.frozen
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
