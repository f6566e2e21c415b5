"""Parts of a scheme that no record can use: a kind whose ``where`` never holds, levels whose
ratios no formula reads, a level name an earlier level already answers to.

Stage: run by ``engine.compile`` on the checked model, like ``engine.ranges``; its findings are
warnings (JX232–JX235) that travel with the compiled scheme. Each is a rule an author wrote
that silently does nothing — the kind of mistake a scheme that "checks ✓" must not hide.
(A parameter no formula reads is the compiler's JX562; a child that changes nothing is the
merge's JX560.)
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.engine.diagnostics import Diagnostic, candidates, warning
from jixiao.engine.model import Band, Binary, Expr, Kind, Level, Ref, Scheme, Str
from jixiao.engine.ranges import names_read
from jixiao.engine.values import Notation


def unused(scheme: Scheme) -> list[Diagnostic]:
    """JX232 (a kind no row can reach), JX233 (levels no formula reads), JX234 (a level name
    answered by an earlier level), JX235 (two levels' bands that overlap)."""
    out: list[Diagnostic] = []
    for k in scheme.kinds:
        out += _where_never_holds(scheme, k)
        out += _levels_unread(k)
        out += _levels_shadowed(k)
        out += _bands_overlap(k)
    return out


# ---------------------------------------------------------------- a kind no row reaches

def _equalities(e: Expr) -> Iterator[tuple[str, str]]:
    """The ``name == "text"`` tests that must all hold for ``e`` to hold (its ``and`` chain)."""
    match e:
        case Binary(op="and", left=left, right=right):
            yield from _equalities(left)
            yield from _equalities(right)
        case Binary(op="==", left=Ref() as r, right=Str(value=v)) | \
                Binary(op="==", left=Str(value=v), right=Ref() as r):
            yield r.dotted, v


def _never(scheme: Scheme, e: Expr) -> tuple[str, str] | None:
    """Why ``e`` can never hold for a row of ``scheme`` (zh, en), or ``None``."""
    match e:
        case Binary(op="or", left=left, right=right):
            a, b = _never(scheme, left), _never(scheme, right)
            if a is not None and b is not None:
                return f"{a[0]}；{b[0]}", f"{a[1]}; {b[1]}"
            return None
        case Binary(op="and", left=left, right=right):
            found = _never(scheme, left) or _never(scheme, right)
            if found is not None:
                return found
    tests = list(_equalities(e))
    # the sections whose rows a kind scores (a section with its own score, 预算执行, has none)
    sections = [s for s in scheme.sections if s.score is None
                and all(s.matches(v) for n, v in tests if n == "section")]
    for name, value in tests:
        if name == "section" and not any(s.matches(value) for s in scheme.sections):
            known = [n for s in scheme.sections for n in (s.name, *s.aliases)]
            close = candidates(value, known) or "、".join(known)
            return (f"没有名为“{value}”的一级指标（可写：{close}）",
                    f"no section is called “{value}” (known: {close.replace('、', ', ')})")
        if name == "category" and sections and all(s.categories for s in sections) \
                and not any(value in s.categories for s in sections):
            named = "、".join(s.name for s in sections)
            known = [c for s in sections for c in s.categories]
            close = candidates(value, known) or "、".join(known)
            return (f"{named} 没有二级指标“{value}”（可写：{close}）",
                    f"none of {named.replace('、', ', ')} has the category “{value}” "
                    f"(known: {close.replace('、', ', ')})")
    return None


def _where_never_holds(scheme: Scheme, k: Kind) -> Iterator[Diagnostic]:
    """A kind whose ``where`` asks for a section or category the scheme has not: no row of a
    record the scheme accepts without warning can be scored by it."""
    if k.where is None:
        return
    why = _never(scheme, k.where.expr)
    if why is not None:
        yield warning("JX232", k.where.span or k.span, kind=k.name, where_text=k.where.text,
                      detail=why[0], detail_en=why[1])


# ---------------------------------------------------------------- levels

def _reads(e: Expr, name: str) -> bool:
    return name in set(names_read(e))


def _levels_unread(k: Kind) -> Iterator[Diagnostic]:
    """Levels whose ratios change nothing: no formula of the kind reads ``ratio`` (and no
    ``adjust … within level`` reads their bands)."""
    if not k.levels or Notation.TEXT not in k.notations or k.adjust.within_level:
        return
    formulas = [k.completion, k.deviation, k.score, *(r.condition for r in k.requires),
                *(f.condition for f in k.flags), *(f.deduct for f in k.flags if f.deduct),
                *(f for f in (k.adjust.low, k.adjust.high) if f is not None)]
    if any(_reads(f.expr, "ratio") for f in formulas):
        return
    yield warning("JX233", k.completion.span or k.span, kind=k.name,
                  levels="、".join(lv.name for lv in k.levels),
                  levels_en=", ".join(lv.name for lv in k.levels), completion=k.completion.text)


def _levels_shadowed(k: Kind) -> Iterator[Diagnostic]:
    """A level name (or ``also`` name) that an earlier level already answers to: a row that
    writes it always gets the earlier level."""
    owner: dict[str, Level] = {}
    for lv in k.levels:
        for name in dict.fromkeys((lv.name, *lv.aliases)):
            first = owner.get(name)
            if first is not None and first is not lv:
                yield warning("JX234", lv.span or k.span, kind=k.name, level=lv.name,
                              name=name, other=first.name)
            else:
                owner.setdefault(name, lv)


def _overlap(a: Band, b: Band) -> bool:
    """Whether some ratio lies in both bands (an end counts where both bands hold it)."""
    lo, lo_closed = max((a.low, a.closed_low), (b.low, b.closed_low), key=lambda e: e[0])
    if a.low == b.low:
        lo_closed = a.closed_low and b.closed_low
    hi, hi_closed = min((a.high, a.closed_high), (b.high, b.closed_high), key=lambda e: e[0])
    if a.high == b.high:
        hi_closed = a.closed_high and b.closed_high
    return lo < hi or (lo == hi and lo_closed and hi_closed)


def _bands_overlap(k: Kind) -> Iterator[Diagnostic]:
    """Two levels whose bands share a ratio: the assessor's ratio no longer tells which level
    was meant (部分达成 [0.6, 0.8] and 基本达成 [0.8, 1) both hold 0.8). Gaps between bands are
    left alone: levels are categories the assessor names, not a partition of [0, 1]."""
    banded = [(lv, lv.band) for lv in k.levels if lv.band is not None]
    for i, (a, a_band) in enumerate(banded):
        for b, b_band in banded[i + 1:]:
            if _overlap(a_band, b_band):
                yield warning("JX235", b.span or k.span, kind=k.name, level=b.name,
                              band=str(b_band), other=a.name, other_band=str(a_band))
