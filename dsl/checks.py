"""Check passes over a scheme's syntax: an ordered list of small named passes.

Stage: ``check_file`` (the ``PER_FILE`` passes, on each file before ``extends`` merges) and
``check_scheme`` (the ``WHOLE`` passes, on the merged scheme) of ``dsl.frontend.STAGES``. Each
pass yields diagnostics and changes nothing. Order matters only in that ``PER_FILE`` runs
before merging (a duplicate is a mistake inside one file; across an ``extends`` it is an
override). Names and types inside formulas, and a section's score, are checked by
``engine.compile``, which knows what every formula may read.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal

from jixiao.dsl.merge import identity
from jixiao.dsl.syntax import (
    BandNode,
    BudgetNode,
    CategoriesNode,
    DropNode,
    GradeNode,
    KindNode,
    LevelNode,
    NotApplicableNode,
    PercentNode,
    RoundingNode,
    ScaleNode,
    SchemeNode,
    SectionNode,
    SplitNode,
)
from jixiao.dsl.weights import grade_band, inexact_scales, section_weights
from jixiao.engine.diagnostics import Diagnostic, Span, candidates, error
from jixiao.engine.limits import MAX_ROUND_DIGITS
from jixiao.engine.model import (
    PERCENT_MODES,
    Formula,
    NotApplicableMode,
    RoundingMode,
    SplitMode,
)
from jixiao.engine.names import looks, written_out
from jixiao.engine.values import Notation

Check = Callable[[SchemeNode], Iterator[Diagnostic]]

TOP_FORMULAS = ("completion", "deviation", "score", "subtotal", "total")
KIND_FORMULAS = ("completion", "deviation", "score")

_WHAT = {"section": ("一级指标", "section"), "kind": ("指标类型", "kind"),
         "formula": ("公式", "formula"), "derive": ("派生指标", "derived figure"),
         "basis": ("依据", "basis"), "rounding": ("取整方式", "rounding mode"),
         "budget": ("budget 块", "budget block"), "level": ("等级", "level"),
         "grade": ("评级", "grade"), "adjust": ("调整规则 adjust", "adjust rule"),
         "not_applicable": ("不适用规则 not_applicable", "not_applicable rule"),
         "percent": ("百分数读法 percent", "percent setting"), "param": ("参数", "parameter"),
         "flag": ("提示规则 flag", "flag"), "scale": ("缩放 scale", "scale"),
         "category": ("二级指标", "category")}


def _dup(node: SchemeNode, what: str, name: str, span: Span, first: Span) -> Diagnostic:
    zh, en = _WHAT.get(what, (what, what))  # every item the merge tells apart has its words
    return error("JX201", span, what=zh, what_en=en, name=name or what,  # rounding: one only
                 first=f"{first.line}:{first.column}")


def _duplicates(node: SchemeNode, keyed: list[tuple[str, str, Span]]) -> Iterator[Diagnostic]:
    seen: dict[tuple[str, str], Span] = {}
    for what, name, span in keyed:
        if (what, name) in seen:
            yield _dup(node, what, name, span, seen[(what, name)])
        else:
            seen[(what, name)] = span


def check_duplicates(node: SchemeNode) -> Iterator[Diagnostic]:
    """No two sections, kinds, formulas, grades … of one name in one file or block."""
    top: list[tuple[str, str, Span]] = []
    for item in node.items:
        key = identity(item)
        if key is not None:
            top.append((key[0], key[1], getattr(item, "span", None) or node.span))
        if isinstance(item, GradeNode):
            top.append(("grade", item.name, item.span))
        if isinstance(item, KindNode):
            inner = [("level", i.name, i.span) for i in item.items if isinstance(i, LevelNode)]
            inner += [("formula", i.name, i.span or item.span) for i in item.items
                      if isinstance(i, Formula)]
            yield from _duplicates(node, inner)
        if isinstance(item, SectionNode):
            yield from _duplicates(node, [("formula", i.name, i.span or item.span)
                                          for i in item.items if isinstance(i, Formula)])
            # 二级指标 of one section, the same or alike but for what cannot be seen
            first: dict[str, Span] = {}
            for cats in (i for i in item.items if isinstance(i, CategoriesNode)):
                for name in cats.names:
                    if looks(name) in first:
                        yield _dup(node, "category", written_out(name), cats.span,
                                   first[looks(name)])
                    first.setdefault(looks(name), cats.span)
        if isinstance(item, BudgetNode):
            yield from _duplicates(node, [("formula", f.name, f.span or item.span)
                                          for f in item.formulas])
    yield from _duplicates(node, top)


def check_rounding(node: SchemeNode) -> Iterator[Diagnostic]:
    """The scheme's rounding mode is one the engine knows."""
    known = [m.value for m in RoundingMode]
    for item in node.items:
        if isinstance(item, RoundingNode) and item.mode not in known:
            yield error("JX216", item.span, name=item.mode,
                        known=", ".join(known))


def check_formula_names(node: SchemeNode) -> Iterator[Diagnostic]:
    """Formulas have names the engine gives a meaning to, where they stand."""
    where_en = {"方案顶层": "the scheme's top level"}

    def bad(f: Formula, allowed: tuple[str, ...], where: str) -> Diagnostic | None:
        if f.name in allowed:
            return None
        span = f.span or node.span
        close = candidates(f.name, allowed)
        return error("JX217", span, name=f.name,
                     detail=f"{where} 中可写的公式：{', '.join(allowed)}"
                     + (f"（是否想写：{close}？）" if close else ""),
                     detail_en=f"formulas allowed in {where_en.get(where, where)}: "
                     + ", ".join(allowed)
                     + (f" (did you mean: {close.replace('、', ', ')}?)" if close else ""))
    for item in node.items:
        found: Diagnostic | None = None
        if isinstance(item, Formula):
            found = bad(item, TOP_FORMULAS, "方案顶层")
        elif isinstance(item, BudgetNode):
            for f in item.formulas:
                if (d := bad(f, ("rate",), "budget")) is not None:
                    yield d
        elif isinstance(item, SectionNode):
            for i in item.items:
                if isinstance(i, Formula) and (d := bad(i, ("score",), "section")) is not None:
                    yield d
        elif isinstance(item, KindNode):
            for k in item.items:
                if isinstance(k, Formula) and (d := bad(k, KIND_FORMULAS, "kind")) is not None:
                    yield d
        if found is not None:
            yield found


def check_required(node: SchemeNode) -> Iterator[Diagnostic]:
    """A scheme has sections, kinds, a budget rate, a total and grades."""
    items = node.items
    tops = {i.name for i in items if isinstance(i, Formula)}
    budget_rates = [f for i in items if isinstance(i, BudgetNode) for f in i.formulas
                    if f.name == "rate"]
    needs = [
        (any(isinstance(i, SectionNode) for i in items), "一级指标（section）", "section",
         "section 产出指标 weight 50"),
        (any(isinstance(i, KindNode) for i in items), "指标类型（kind）", "kind",
         "kind 正向 for >=, >, bare { completion = … }"),
        (bool(budget_rates), "预算执行率公式", "budget rate formula",
         "budget { rate = round(executed / total, 4) }"),
        ("total" in tops, "总分公式 total", "total formula",
         "total = round(sum(sections, score), 2)"),
        (any(isinstance(i, GradeNode) for i in items), "评级区间（grade）", "grade bands",
         "grade 优 [90, 100]"),
    ]
    for ok, zh, en, example in needs:
        if not ok:
            yield error("JX215", node.span, what=zh,
                        what_en=en, hint=example)


def check_notations(node: SchemeNode) -> Iterator[Diagnostic]:
    """Notations are known, and each belongs to one kind only."""
    known = [n.value for n in Notation]
    owner: dict[str, str] = {}
    for item in node.items:
        if not isinstance(item, KindNode):
            continue
        for n in item.notations:
            if n.text not in known:
                yield error("JX202", n.span, name=n.text,
                            candidates=candidates(n.text, known) or ", ".join(known))
            elif item.where is not None:
                continue  # a kind that also names its rows may share a notation
            elif n.text in owner and owner[n.text] != item.name:
                yield error("JX210", n.span, notation=n.text,
                            first=owner[n.text], second=item.name)
            else:
                owner[n.text] = item.name


def _band(node: SchemeNode, band: BandNode) -> Iterator[Diagnostic]:
    point = band.closed_low and band.closed_high
    if band.low > band.high or (band.low == band.high and not point):
        shown = (f"{'[' if band.closed_low else '('}{band.low}, {band.high}"
                 f"{']' if band.closed_high else ')'}")
        yield error("JX208", band.span, band=shown)


def check_levels(node: SchemeNode) -> Iterator[Diagnostic]:
    """Qualitative kinds have levels; ratios and bands lie within [0, 1]."""
    for item in node.items:
        if not isinstance(item, KindNode):
            continue
        levels = [i for i in item.items if isinstance(i, LevelNode)]
        is_text = any(n.text == "text" for n in item.notations)
        if is_text and not levels:
            yield error("JX215", item.span, what=f"{item.name} 的等级（level）",
                        what_en=f"levels for kind {item.name}",
                        hint="level 达成预期指标 ratio 1")
        for lv in levels:
            if not is_text:
                yield error("JX217", lv.span, name="level",
                            detail="只有 for text 的指标类型才有等级",
                            detail_en="only a kind for text has levels")
            if lv.ratio is not None and not Decimal(0) <= lv.ratio <= Decimal(1):
                yield error("JX209", lv.span, ratio=lv.ratio)
            if lv.band is not None:
                yield from _band(node, lv.band)
                for end in (lv.band.low, lv.band.high):
                    if not Decimal(0) <= end <= Decimal(1):
                        yield error("JX209", lv.band.span, ratio=end)


def check_grades(node: SchemeNode) -> Iterator[Diagnostic]:
    """Grade bands meet end to end, without gap or overlap, from 0 to the full score (bands
    written as shares, ``[90%, 100%]``, are taken of the full score)."""
    grades = [i for i in node.items if isinstance(i, GradeNode)]
    sections = [i for i in node.items if isinstance(i, SectionNode)]
    bad = False
    for g in grades:
        for d in _band(node, g.band):
            bad = True
            yield d
    if not grades or bad:
        return
    weights = section_weights(node)
    full = sum(weights.values(), Decimal(0))
    bands = {id(g): grade_band(g, full) for g in grades}
    ordered = sorted(grades, key=lambda g: (bands[id(g)].low, not bands[id(g)].closed_low))

    def problem(g: GradeNode, zh: str, en: str, detail: str, detail_en: str) -> Diagnostic:
        return error("JX207", g.span, problem=zh, problem_en="an " + en if en[0] in "aeiou"
                     else "a " + en, detail=detail,
                     detail_en=detail_en)
    first, last = ordered[0], ordered[-1]
    fb, lb = bands[id(first)], bands[id(last)]
    if fb.low != 0 or not fb.closed_low:
        yield problem(first, "缺口", "gap",
                      f"0 不属于任何等级（{first.name} 从 {fb.low} 起）",
                      f"0 is in no grade ({first.name} starts at {fb.low})")
    for a, b in itertools.pairwise(ordered):
        ab, bb = bands[id(a)], bands[id(b)]
        if ab.high < bb.low or (ab.high == bb.low and not ab.closed_high and not bb.closed_low):
            yield problem(b, "缺口", "gap", f"{a.name} 与 {b.name} 之间",
                          f"between {a.name} and {b.name}")
        elif ab.high > bb.low or (ab.closed_high and bb.closed_low):
            yield problem(b, "重叠", "overlap", f"{a.name} 与 {b.name}",
                          f"{a.name} and {b.name}")
    if sections and lb.high != full:
        shown = " + ".join(f"{n} {w}" for n, w in weights.items()) + f" = {full}"
        yield error("JX211", last.span, sum=full, full=lb.high, weights=shown)
    elif sections and not lb.closed_high:
        yield problem(last, "缺口", "gap",
                      f"满分 {full} 不属于任何等级（{last.name} 到 {lb.high} 止）",
                      f"the full score {full} is in no grade "
                      f"({last.name} ends at {lb.high})")


def check_scales(node: SchemeNode) -> Iterator[Diagnostic]:
    """``scale`` names sections the scheme has, each once."""
    names = [i.name for i in node.items if isinstance(i, SectionNode)]
    for item in node.items:
        if not isinstance(item, ScaleNode):
            continue
        for n in item.sections:
            if n not in names:
                yield error("JX273", item.span, name=n,
                            candidates=candidates(n, names) or "、".join(names))
    for item, detail in inexact_scales(node):
        yield error("JX274", item.span, detail=detail)


def check_splits(node: SchemeNode) -> Iterator[Diagnostic]:
    """Split modes are known; an equal share is rounded to a sensible number of places."""
    known = [m.value for m in SplitMode]
    for item in node.items:
        if not isinstance(item, SectionNode):
            continue
        for i in item.items:
            if not isinstance(i, SplitNode):
                continue
            if i.mode not in known:
                yield error("JX202", i.span, name=i.mode,
                            candidates=candidates(i.mode, known) or ", ".join(known))
            if i.digits is not None and (i.digits != i.digits.to_integral()
                                         or i.digits > MAX_ROUND_DIGITS):
                yield error("JX205", i.span, detail=f"位数应为 0 到 {MAX_ROUND_DIGITS} 的整数",
                            detail_en=f"digits must be a whole number from 0 to {MAX_ROUND_DIGITS}")


def check_percent(node: SchemeNode) -> Iterator[Diagnostic]:
    """``percent`` names a reading the engine knows."""
    known = list(PERCENT_MODES)
    for item in node.items:
        if isinstance(item, PercentNode) and item.mode not in known:
            yield error("JX202", item.span, name=item.mode,
                        candidates=candidates(item.mode, known) or ", ".join(known))


def check_not_applicable(node: SchemeNode) -> Iterator[Diagnostic]:
    """The not-applicable rule is one the engine knows, rounded sensibly."""
    known = [m.value for m in NotApplicableMode]
    for item in node.items:
        if not isinstance(item, NotApplicableNode):
            continue
        if item.mode not in known:
            yield error("JX202", item.span, name=item.mode,
                        candidates=candidates(item.mode, known) or ", ".join(known))
        if item.digits is not None and (item.digits != item.digits.to_integral()
                                        or item.digits > MAX_ROUND_DIGITS):
            yield error("JX205", item.span, detail=f"位数应为 0 到 {MAX_ROUND_DIGITS} 的整数",
                        detail_en=f"digits must be a whole number from 0 to {MAX_ROUND_DIGITS}")


def check_kind_formulas(node: SchemeNode) -> Iterator[Diagnostic]:
    """Every kind ends up with completion, deviation and score (its own or the scheme's).

    A section's score is the compiler's to check (a scheme built in code has no checks), a
    kind's is checked here: the model cannot hold a kind without its formulas."""
    tops = {i.name for i in node.items if isinstance(i, Formula)}
    for item in node.items:
        if not isinstance(item, KindNode):
            continue
        own = {i.name for i in item.items if isinstance(i, Formula)}
        for name in KIND_FORMULAS:
            if name not in own and name not in tops:
                yield error("JX206", item.span, subject=f"指标类型 {item.name}",
                            subject_en=f"kind {item.name}", name=name,
                            hint=f"在此类型中或方案顶层写 {name} = …",
                            hint_en=f"write {name} = … in this kind or at the top of the scheme.")


def check_extends_only(node: SchemeNode) -> Iterator[Diagnostic]:
    """``replace`` and ``drop`` act on an inherited item: a scheme without ``extends`` has none."""
    if node.extends is not None:
        return
    for item in node.items:
        if isinstance(item, SectionNode | KindNode) and item.replace:
            yield error("JX271", item.span, action="replace")
        elif isinstance(item, DropNode):
            yield error("JX271", item.span, action="drop")
        if isinstance(item, KindNode):
            for i in item.items:
                if isinstance(i, DropNode):
                    yield error("JX271", i.span, action="drop")


def check_weights(node: SchemeNode) -> Iterator[Diagnostic]:
    """Every section has a weight, its own or inherited."""
    for item in node.items:
        if isinstance(item, SectionNode) and item.weight is None:
            yield error("JX272", item.span, name=item.name)


_plain = looks  # a name as a reader sees it (engine.names): one folding everywhere


def check_section_names(node: SchemeNode) -> Iterator[Diagnostic]:
    """Every name and alias (``also``) of a section names that section alone: an alias equal
    to another section's name would take that section's indicators, and two names that differ
    only by an invisible character are two sections a reader cannot tell apart (JX230)."""
    owner: dict[str, tuple[str, str]] = {}  # plain name → (section, the name as written)
    for item in node.items:
        if not isinstance(item, SectionNode):
            continue
        names = [item.name, *item.aliases]
        for name in dict.fromkeys(names):
            plain = _plain(name)
            if plain in owner and owner[plain][0] != item.name:
                other, written = owner[plain]
                yield error("JX230", item.span, name=name, section=item.name, other=other,
                            written=written)
            else:
                owner.setdefault(plain, (item.name, name))


PER_FILE: tuple[Check, ...] = (check_duplicates, check_extends_only)
# The whole scheme, after extends. Independent of each other; listed in reading order.
WHOLE: tuple[Check, ...] = (
    check_rounding,
    check_weights,
    check_formula_names,
    check_required,
    check_notations,
    check_levels,
    check_grades,
    check_scales,
    check_splits,
    check_not_applicable,
    check_percent,
    check_kind_formulas,
    check_section_names,
)


def run(checks: tuple[Check, ...], node: SchemeNode) -> list[Diagnostic]:
    return [d for check in checks for d in check(node)]
