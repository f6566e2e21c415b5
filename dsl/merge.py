"""``extends``: a child scheme over its parent, merged at the syntax level.

Stage: after ``dsl.build``, before the checks. An item of the child with the identity of an
inherited one (a section, kind, formula, derived figure or budget formula of the same name; the
basis and the rounding mode) changes only what it says: ``section 预算执行 weight 20`` keeps the
parent's ``score``, ``split`` and ``categories``; a kind keeps the formulas and levels it does not
name. Replacing a whole item is explicit (``replace section …``), and so is removing one
(``drop section 满意度指标``), so a rule is never lost by accident. The child's grades, if it has
any, replace all of the parent's; ``require`` lines add up. Parent order is kept, new items
follow, so the 自评表's row order stays the parent's. Spans keep their own file, so a diagnostic
points at the file that wrote it. Every change is recorded (``Change``) for ``check`` and ``doc``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from jixiao.dsl.syntax import (
    AdjustNode,
    BasisNode,
    BudgetNode,
    CategoriesNode,
    DeriveNode,
    DropNode,
    FlagNode,
    GradeNode,
    Item,
    KindNode,
    LevelNode,
    NotApplicableNode,
    ParamNode,
    PercentNode,
    RequireNode,
    RoundingNode,
    ScaleNode,
    SchemeNode,
    SectionNode,
    SplitNode,
)
from jixiao.engine.diagnostics import Diagnostic, candidates, error, warning
from jixiao.engine.model import Change, Formula


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
        case AdjustNode():
            return ("adjust", "")
        case NotApplicableNode():
            return ("not_applicable", "")
        case PercentNode():
            return ("percent", "")
        case ParamNode(name=n):
            return ("param", n)
        case FlagNode(name=n):
            return ("flag", n)
        case ScaleNode(sections=names):
            return ("scale", ", ".join(names))
    return None


@attrs.frozen
class Merged:
    node: SchemeNode
    changes: tuple[Change, ...]
    diagnostics: tuple[Diagnostic, ...]


_SKIP = frozenset({"span", "text", "source", "replace"})


def plain(x: Any) -> Any:
    """``x`` without positions or source text: two items that say the same thing compare equal."""
    if attrs.has(type(x)):
        # a basis *is* its text: skipping it would call every changed basis a repeat (JX561)
        keep = {"text"} if isinstance(x, BasisNode) else set()
        return (type(x).__name__, *(plain(getattr(x, f.name)) for f in attrs.fields(type(x))
                                    if f.name not in _SKIP - keep))
    if isinstance(x, tuple):
        return tuple(plain(i) for i in x)
    return x


def merge(parent: SchemeNode, child: SchemeNode) -> Merged:
    """The scheme ``child`` describes: ``parent`` with the child's changes and additions."""
    m = _Merge(parent, child)
    node = m.run()
    return Merged(node, tuple(m.changes), tuple(m.diagnostics))


class _Merge:
    def __init__(self, parent: SchemeNode, child: SchemeNode) -> None:
        self.parent = parent
        self.child = child
        self.changes: list[Change] = []
        self.diagnostics: list[Diagnostic] = []

    def change(self, action: str, what: str, name: str, details: Iterable[str] = ()) -> None:
        self.changes.append(Change(action, what, name, tuple(details)))

    def same(self, item: Any, span: Any) -> None:
        """An override that says what the parent already says (JX561)."""
        key = identity(item)
        what, name = key if key is not None else ("grade", "")
        self.diagnostics.append(warning("JX561", span, what=what, name=name or what))

    def run(self) -> SchemeNode:
        parent, child = self.parent, self.child
        drops = [i for i in child.items if isinstance(i, DropNode)]
        dropped: dict[tuple[str, str], DropNode] = {}
        parent_keys = {identity(i) for i in parent.items} - {None}
        for d in drops:
            if d.what == "level":
                self.diagnostics.append(error(
                    "JX270", d.span, action="drop", what=d.what, name=d.name,
                    detail="等级只能在指标类型中删除：kind 定性 { drop level … }",
                    detail_en="a level is dropped inside its kind: kind 定性 { drop level … }"))
            elif (d.what, d.name) not in parent_keys:
                self.diagnostics.append(self.missing("drop", d.what, d.name, d.span))
            else:
                dropped[(d.what, d.name)] = d
        overrides = {k: i for i in child.items if (k := identity(i)) is not None}
        for (what, name), item in overrides.items():
            if isinstance(item, SectionNode | KindNode) and item.replace \
                    and (what, name) not in parent_keys:
                self.diagnostics.append(self.missing("replace", what, name, item.span))
        child_grades = [i for i in child.items if isinstance(i, GradeNode)]
        parent_grades = [i for i in parent.items if isinstance(i, GradeNode)]
        if child_grades:
            if plain(tuple(child_grades)) == plain(tuple(parent_grades)):
                self.same(child_grades[0], child_grades[0].span)
            else:
                self.change("replaced", "grades", "", (f"{g.name} {_band(g)}"
                                                       for g in child_grades))
        items: list[Item] = []
        used: set[tuple[str, str]] = set()
        for item in parent.items:
            if isinstance(item, GradeNode) and child_grades:
                continue
            key = identity(item)
            if key is not None and key in dropped:
                self.change("dropped", key[0], key[1])
                continue
            if key is not None and key in overrides:
                used.add(key)
                items.append(self.combine(item, overrides[key]))
            else:
                items.append(item)
        for item in child.items:
            if isinstance(item, DropNode):
                continue
            new_key = identity(item)
            if new_key is None or new_key not in used:
                if isinstance(item, SectionNode | KindNode):
                    item = attrs.evolve(item, replace=False)
                if new_key is not None and new_key[0] not in ("basis", "rounding", "budget"):
                    self.change("added", *new_key)
                elif isinstance(item, RequireNode):
                    self.change("added", "require", "", (item.condition.text,))
                elif new_key is not None:
                    self.change("added", new_key[0], "")
                items.append(item)
        if not self.changes and not any(d.severity.value == "error" for d in self.diagnostics):
            self.diagnostics.append(warning("JX560", child.extends[1] if child.extends else
                                            child.span, name=child.name, parent=parent.name))
        return attrs.evolve(child, items=tuple(items))

    def missing(self, action: str, what: str, name: str, span: Any) -> Diagnostic:
        known = [k[1] for i in self.parent.items if (k := identity(i)) is not None
                 and k[0] == what]
        close = candidates(name, known)
        return error("JX270", span, action=action, what=what, name=name,
                     detail=f"{self.parent.name} 中没有 {what} {name}"
                     + (f"（是否想写：{close}？）" if close else ""),
                     detail_en=f"{self.parent.name} has no {what} {name}"
                     + (f" (did you mean: {close.replace('、', ', ')}?)" if close else ""))

    def missing_inner(self, kind: KindNode, d: DropNode) -> Diagnostic:
        """``drop level …`` or ``drop flag …`` inside a kind that has no such item."""
        if d.what not in ("level", "flag"):
            return error("JX270", d.span, action="drop", what=d.what, name=d.name,
                         detail="指标类型中只能删除等级或标记（drop level … / drop flag …）",
                         detail_en="inside a kind only a level or a flag can be dropped")
        known = [k.split(" ", 1)[1] for i in kind.items
                 if (k := _kind_key(i)) is not None and k.startswith(d.what + " ")]
        close = candidates(d.name, known)
        return error("JX270", d.span, action="drop", what=d.what, name=d.name,
                     detail=f"{kind.name} 中没有 {d.what} {d.name}"
                     + (f"（是否想写：{close}？）" if close else ""),
                     detail_en=f"{kind.name} has no {d.what} {d.name}"
                     + (f" (did you mean: {close.replace('、', ', ')}?)" if close else ""))

    def combine(self, old: Item, new: Item) -> Item:
        key = identity(old)
        assert key is not None
        what, name = key
        if isinstance(new, SectionNode | KindNode) and new.replace:
            if plain(new) == plain(old):
                self.same(new, new.span)
            else:
                self.change("replaced", what, name)
            return attrs.evolve(new, replace=False)
        merged: Item
        details: list[str] = []
        errors_before = len(self.diagnostics)
        if isinstance(old, SectionNode) and isinstance(new, SectionNode):
            merged = self.section(old, new, details)
        elif isinstance(old, KindNode) and isinstance(new, KindNode):
            merged = self.kind(old, new, details)
        elif isinstance(old, BudgetNode) and isinstance(new, BudgetNode):
            merged = _merge_budget(old, new)
            details = [f.name for f in new.formulas
                       if plain(f) != plain(next((g for g in old.formulas if g.name == f.name),
                                                 None))]
        else:
            merged = new
            if isinstance(old, RoundingNode) and isinstance(new, RoundingNode):
                details = [f"{old.mode} → {new.mode}"]
        if plain(merged) == plain(old):
            if len(self.diagnostics) == errors_before:  # a mistake inside is reported instead
                self.same(new, getattr(new, "span", None))
            return old
        self.change("changed", what, name, details)
        return merged

    def section(self, old: SectionNode, new: SectionNode, details: list[str]) -> SectionNode:
        weight = old.weight if new.weight is None else new.weight
        if weight != old.weight:
            details.append(f"weight {old.weight} → {weight}")
        aliases = new.aliases or old.aliases
        if aliases != old.aliases:
            details.append("also")
        items = _override(old.items, new.items, _section_key, details)
        return attrs.evolve(old, weight=weight, aliases=aliases, items=items)

    def kind(self, old: KindNode, new: KindNode, details: list[str]) -> KindNode:
        notations = new.notations or old.notations
        if plain(notations) != plain(old.notations):
            details.append("for " + ", ".join(n.text for n in notations))
        kept = []
        inner = {_kind_key(i) for i in old.items} - {None}
        for i in new.items:
            if isinstance(i, DropNode) and f"{i.what} {i.name}" not in inner:
                self.diagnostics.append(self.missing_inner(old, i))
                continue
            kept.append(i)
        dropped = {f"{i.what} {i.name}" for i in kept if isinstance(i, DropNode)}
        base = tuple(i for i in old.items if _kind_key(i) not in dropped)
        details += [f"drop {n}" for n in sorted(dropped)]
        items = _override(base, tuple(i for i in kept if not isinstance(i, DropNode)),
                          _kind_key, details)
        where = new.where if new.where is not None else old.where
        if plain(where) != plain(old.where):
            details.append("where")
        return attrs.evolve(old, notations=notations, items=items, where=where)


def _section_key(i: Any) -> str | None:
    if isinstance(i, Formula):
        return i.name
    if isinstance(i, SplitNode):
        return "split"
    if isinstance(i, CategoriesNode):
        return "categories"
    if isinstance(i, AdjustNode):
        return "adjust"
    return None


def _kind_key(i: Any) -> str | None:
    if isinstance(i, Formula):
        return i.name
    if isinstance(i, LevelNode):
        return "level " + i.name
    if isinstance(i, AdjustNode):
        return "adjust"
    if isinstance(i, FlagNode):
        return "flag " + i.name
    return None  # a require adds up


def _override(old: tuple[Any, ...], new: tuple[Any, ...], key: Any,
              details: list[str]) -> tuple[Any, ...]:
    """``old`` with each item of ``new`` in place of the one of the same key; the rest appended."""
    by_key = {key(i): i for i in new if key(i) is not None}
    out = []
    for i in old:
        k = key(i)
        if k is not None and k in by_key:
            if plain(by_key[k]) != plain(i):
                details.append(k)
            out.append(by_key.pop(k))
        else:
            out.append(i)
    for i in new:
        k = key(i)
        if k is None:
            details.append("require" if isinstance(i, RequireNode) else type(i).__name__)
            out.append(i)
        elif k in by_key:
            details.append("+ " + k)
            out.append(by_key.pop(k))
    return tuple(out)


def _band(g: GradeNode) -> str:
    b = g.band

    def end(x: Decimal) -> str:
        return f"{(x * 100).normalize():f}%" if g.share else str(x)
    low, high = "[" if b.closed_low else "(", "]" if b.closed_high else ")"
    return f"{low}{end(b.low)}, {end(b.high)}{high}"


def _merge_budget(parent: BudgetNode, child: BudgetNode) -> BudgetNode:
    names = {f.name for f in child.formulas}
    kept = tuple(f for f in parent.formulas if f.name not in names)
    return BudgetNode(kept + child.formulas, child.span)
