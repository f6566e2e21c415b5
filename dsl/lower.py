"""Syntax → ``engine.model.Scheme``: defaults applied, names resolved to model nodes.

Stage: ``lower`` of ``dsl.frontend.STAGES``, after the checks. Lowering is total: where a check
already reported a problem it makes a best guess (the first of two duplicates, the scheme-wide
formula for a kind, a placeholder for a missing budget rate or total), so that the compiler
can still look at every formula and report all mistakes in one run.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.dsl.syntax import (
    AdjustNode,
    BandNode,
    BasisNode,
    BudgetNode,
    CategoriesNode,
    DeriveNode,
    FlagNode,
    GradeNode,
    KindNode,
    LevelNode,
    NotApplicableNode,
    ParamNode,
    PercentNode,
    RequireNode,
    RoundingNode,
    SchemeNode,
    SectionNode,
    SplitNode,
)
from jixiao.dsl.weights import grade_band, section_weights
from jixiao.engine.model import (
    NEVER,
    PERCENT_MODES,
    Adjust,
    Band,
    Change,
    Derive,
    Flag,
    Formula,
    Grade,
    Kind,
    Level,
    NotApplicable,
    NotApplicableMode,
    Num,
    Param,
    Require,
    RoundingMode,
    Scheme,
    Section,
    Split,
    SplitMode,
)
from jixiao.engine.values import Notation


def lower(node: SchemeNode, lineage: tuple[str, ...] = (),
          changes: tuple[Change, ...] = ()) -> Scheme:
    """The model of a checked (or, after a reported mistake, best-effort) scheme."""
    tops: dict[str, Formula] = {}
    rounding = RoundingMode.HALF_UP
    basis = ""
    budget_rate: Formula | None = None
    requires: list[Require] = []
    sections: list[Section] = []
    kind_nodes: list[KindNode] = []
    grades: list[Grade] = []
    derives: list[Derive] = []
    adjust = NEVER
    not_applicable = NotApplicable()
    percent_as_fraction: bool | None = None
    section_names: set[str] = set()  # sets, not scans: 64,000 sections must lower in linear time
    derive_names: set[str] = set()
    modes = {m.value for m in RoundingMode}
    flags: list[Flag] = []
    params: dict[str, Param] = {}
    weights = section_weights(node)
    full = sum(weights.values(), Decimal(0))
    for item in node.items:
        match item:
            case ParamNode():
                params.setdefault(item.name, Param(item.name, item.value, item.span))
            case FlagNode():
                flags.append(_flag(item))
            case Formula():
                tops.setdefault(item.name, item)
            case RoundingNode():
                if item.mode in modes:
                    rounding = RoundingMode(item.mode)
            case BasisNode():
                basis = item.text
            case BudgetNode():
                budget_rate = next((f for f in item.formulas if f.name == "rate"), budget_rate)
            case RequireNode():
                requires.append(Require(item.condition, item.span))
            case SectionNode():
                if item.name not in section_names:
                    section_names.add(item.name)
                    sections.append(_section(item, weights.get(item.name)))
            case KindNode():
                kind_nodes.append(item)
            case GradeNode():
                grades.append(Grade(item.name, _band(grade_band(item, full)), item.span))
            case DeriveNode():
                if item.formula.name not in derive_names:
                    derive_names.add(item.formula.name)
                    derives.append(Derive(item.formula))
            case AdjustNode():
                adjust = _adjust(item)
            case PercentNode():  # an unknown mode is reported by the checks
                percent_as_fraction = PERCENT_MODES.get(item.mode)
            case NotApplicableNode():
                try:
                    mode = NotApplicableMode(item.mode)
                except ValueError:  # reported by the checks
                    mode = NotApplicableMode.RESCALE
                not_applicable = NotApplicable(
                    mode, int(item.digits) if item.digits is not None else None, item.span)
    kinds = [k for k in (_kind(n, tops, requires, adjust, flags) for n in kind_nodes)
             if k is not None]
    return Scheme(
        name=node.name,
        version=node.version,
        rounding=rounding,
        budget_rate=budget_rate or _missing("rate"),  # JX215, reported by the checks
        sections=tuple(sections),
        kinds=tuple(kinds),
        total=tops.get("total") or _missing("total"),  # JX215 likewise
        grades=tuple(grades),
        subtotal=tops.get("subtotal"),
        derives=tuple(derives),
        basis=basis,
        lineage=lineage,
        span=node.span,
        changes=changes,
        not_applicable=not_applicable,
        params=tuple(params.values()),
        percent_as_fraction=percent_as_fraction,
    )


def _missing(name: str) -> Formula:
    """A stand-in for a formula the checks reported missing: the scheme is never scored."""
    return Formula(name, Num(Decimal(0)), "0")


def _adjust(n: AdjustNode) -> Adjust:
    return Adjust(n.allowed, n.low, n.high, n.within_level, n.reason, n.span)


def _band(b: BandNode) -> Band:
    return Band(b.low, b.high, b.closed_low, b.closed_high)


def _flag(n: FlagNode) -> Flag:
    return Flag(n.name, n.severity, n.message, n.condition, n.deduct, n.span)


def _section(n: SectionNode, weight: Decimal | None = None) -> Section:
    split = Split()
    categories: tuple[str, ...] = ()
    score: Formula | None = None
    adjust = NEVER
    for i in n.items:
        if isinstance(i, SplitNode):
            try:
                mode = SplitMode(i.mode)
            except ValueError:
                mode = SplitMode.GIVEN_ELSE_EQUAL
            split = Split(mode, int(i.digits) if i.digits is not None else None, True)
        elif isinstance(i, CategoriesNode):
            categories += i.names
        elif isinstance(i, Formula) and i.name == "score" and score is None:
            score = i
        elif isinstance(i, AdjustNode):
            adjust = _adjust(i)
    weight = weight if weight is not None else n.weight or Decimal(0)
    return Section(n.name, weight, n.aliases, categories, split, score, n.span, adjust)


def _kind(n: KindNode, tops: dict[str, Formula], requires: list[Require], adjust: Adjust,
          flags: list[Flag]) -> Kind | None:
    own: dict[str, Formula] = {}
    levels: list[Level] = []
    kind_requires = list(requires)
    kind_flags = list(flags)
    for i in n.items:
        if isinstance(i, FlagNode):
            kind_flags.append(_flag(i))
        elif isinstance(i, Formula):
            own.setdefault(i.name, i)
        elif isinstance(i, LevelNode):
            levels.append(_level(i))
        elif isinstance(i, RequireNode):
            kind_requires.append(Require(i.condition, i.span))
        elif isinstance(i, AdjustNode):
            adjust = _adjust(i)
    formulas = {name: own.get(name) or tops.get(name)
                for name in ("completion", "deviation", "score")}
    completion, deviation, score = (formulas["completion"], formulas["deviation"],
                                    formulas["score"])
    if completion is None or deviation is None or score is None:
        return None
    notations = []
    for nn in n.notations:
        try:
            notations.append(Notation(nn.text))
        except ValueError:
            continue
    return Kind(n.name, tuple(notations), completion, deviation, score, tuple(levels),
                tuple(kind_requires), n.span, adjust, n.where, tuple(kind_flags))


def _level(n: LevelNode) -> Level:
    return Level(n.name, n.aliases, n.ratio, _band(n.band) if n.band else None, n.span, n.points)
