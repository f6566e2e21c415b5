"""``extends``: a child scheme over its parent, merged at the syntax level.

Stage: after ``dsl.build``, before the checks. The child's items replace the parent's items of
the same identity (a section, kind, formula, derive or budget formula of the same name; the
basis and the rounding mode); the child's grades, if it has any, replace all of the parent's;
``require`` lines add up. Parent order is kept, new items follow, so the 自评表's row order
stays the parent's. Spans keep their own file, so a diagnostic points at the file that wrote it.
"""

from __future__ import annotations

import attrs

from jixiao.dsl.syntax import (
    BasisNode,
    BudgetNode,
    DeriveNode,
    GradeNode,
    Item,
    KindNode,
    RoundingNode,
    SchemeNode,
    SectionNode,
)
from jixiao.engine.model import Formula


def identity(item: Item) -> tuple[str, str] | None:
    """What makes two items "the same" for overriding; ``None``: never overridden."""
    match item:
        case SectionNode(name=n):
            return ("section", n)
        case KindNode(name=n):
            return ("kind", n)
        case Formula(name=n):
            return ("formula", n)
        case DeriveNode(formula=f):
            return ("derive", f.name)
        case BasisNode():
            return ("basis", "")
        case RoundingNode():
            return ("rounding", "")
        case BudgetNode():
            return ("budget", "")
    return None


def merge(parent: SchemeNode, child: SchemeNode) -> SchemeNode:
    """The scheme ``child`` describes: ``parent`` with the child's overrides and additions."""
    child_has_grades = any(isinstance(i, GradeNode) for i in child.items)
    overrides = {identity(i): i for i in child.items if identity(i) is not None}
    items: list[Item] = []
    used: set[tuple[str, str]] = set()
    for item in parent.items:
        key = identity(item)
        if isinstance(item, GradeNode) and child_has_grades:
            continue
        if key is not None and key in overrides:
            replacement = overrides[key]
            if isinstance(item, BudgetNode) and isinstance(replacement, BudgetNode):
                replacement = _merge_budget(item, replacement)
            items.append(replacement)
            used.add(key)
        else:
            items.append(item)
    for item in child.items:
        key = identity(item)
        if key is None or key not in used:
            items.append(item)
    return attrs.evolve(child, items=tuple(items))


def _merge_budget(parent: BudgetNode, child: BudgetNode) -> BudgetNode:
    names = {f.name for f in child.formulas}
    kept = tuple(f for f in parent.formulas if f.name not in names)
    return BudgetNode(kept + child.formulas, child.span)
