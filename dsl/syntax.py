"""Syntax nodes: the scheme as written, with a span on every node.

Stage: built from the lark tree by ``dsl.build``; checked by ``dsl.checks``; merged along
``extends`` by ``dsl.merge``; lowered to ``engine.model`` by ``dsl.lower``. Duplicates and
missing pieces are still representable here: finding them is the checks' job.
Expressions are ``engine.model`` expression nodes already: their syntax and their model are
the same shape, so a second set of classes would only add a copy step.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from jixiao.engine.diagnostics import Span
from jixiao.engine.model import Formula


@attrs.frozen
class BandNode:
    low: Decimal
    high: Decimal
    closed_low: bool
    closed_high: bool
    span: Span


@attrs.frozen
class BasisNode:
    text: str
    span: Span


@attrs.frozen
class RoundingNode:
    mode: str
    span: Span


@attrs.frozen
class BudgetNode:
    formulas: tuple[Formula, ...]
    span: Span


@attrs.frozen
class DeriveNode:
    formula: Formula
    span: Span


@attrs.frozen
class GradeNode:
    name: str
    band: BandNode
    span: Span
    share: bool = False  # grade 优 [90%, 100%]: the ends are shares of the full score


@attrs.frozen
class ParamNode:
    """``param 超额 = 120%``: a named constant that formulas read and a child scheme may set."""

    name: str
    value: Decimal
    span: Span


@attrs.frozen
class FlagNode:
    """``flag 超额完成 warning "…" when … [deduct …]``: a finding reported for every indicator
    it matches, optionally taking points off its score."""

    name: str
    severity: str  # warning | error
    message: str
    condition: Formula
    deduct: Formula | None
    span: Span


@attrs.frozen
class ScaleNode:
    """``scale 产出指标, 效益指标 to 80``: those sections' weights scaled to add up to 80."""

    sections: tuple[str, ...]
    to: Decimal
    span: Span


@attrs.frozen
class RequireNode:
    condition: Formula
    span: Span


@attrs.frozen
class SplitNode:
    mode: str
    digits: Decimal | None
    span: Span


@attrs.frozen
class CategoriesNode:
    names: tuple[str, ...]
    span: Span


@attrs.frozen
class DropNode:
    """``drop section 满意度指标``: remove an inherited item (only in a scheme that extends)."""

    what: str  # section | kind | derive | level
    name: str
    span: Span


@attrs.frozen
class AdjustNode:
    """``adjust never`` / ``adjust allowed [within [low, high] | within level] [with reason]``."""

    allowed: bool
    low: Formula | None
    high: Formula | None
    within_level: bool
    reason: bool
    span: Span


@attrs.frozen
class PercentNode:
    """``percent as_fraction``: how a bare 0.95 against a percent target reads."""

    mode: str  # as_fraction | as_written | ask, as written
    span: Span


@attrs.frozen
class NotApplicableNode:
    mode: str  # rescale | section | drop, as written
    digits: Decimal | None
    span: Span


@attrs.frozen
class SectionNode:
    name: str
    weight: Decimal | None  # None: the inherited weight is kept
    aliases: tuple[str, ...]
    items: tuple[Formula | SplitNode | CategoriesNode | AdjustNode, ...]
    span: Span
    replace: bool = False  # ``replace section …``: the whole item, nothing inherited


@attrs.frozen
class LevelNode:
    name: str
    aliases: tuple[str, ...]
    ratio: Decimal | None
    band: BandNode | None
    span: Span
    points: Decimal | None = None  # ``points 7``: a fixed score, not a share of the weight


@attrs.frozen
class NotationNode:
    text: str  # ">=", ">", "<=", "<", "=", "bare", "range", "text" as written
    span: Span


@attrs.frozen
class KindNode:
    name: str
    notations: tuple[NotationNode, ...]  # empty: keep the inherited ones
    items: tuple[Formula | LevelNode | RequireNode | DropNode | AdjustNode | FlagNode, ...]
    span: Span
    replace: bool = False
    where: Formula | None = None  # which rows it takes besides the notation


Item = (BasisNode | RoundingNode | BudgetNode | DeriveNode | GradeNode | RequireNode | Formula
        | SectionNode | KindNode | DropNode | AdjustNode | NotApplicableNode | ParamNode
        | FlagNode | ScaleNode | PercentNode)


@attrs.frozen
class SchemeNode:
    name: str
    version: str
    extends: tuple[str, Span] | None
    items: tuple[Item, ...]
    span: Span
    source: str = ""  # the whole text, for quoting lines in diagnostics
