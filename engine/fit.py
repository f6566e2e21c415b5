"""Fit one project's indicators to a compiled scheme, before any formula runs.

Stage: the first half of ``engine.evaluate``: each indicator gets its section, its kind (named,
or chosen by its target's notation), its weight (given, or its share of the section's) and the
numbers its formulas read, its target and actual put into one scale (``engine.units``), or its
qualitative level. Every misfit is collected and reported at once as a ``DataError``; what fits
is scored by ``engine.evaluate``.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from jixiao.engine import units
from jixiao.engine.compile import CompiledKind, CompiledScheme
from jixiao.engine.data import IndicatorInput
from jixiao.engine.diagnostics import (
    PHRASES,
    DataError,
    Diagnostic,
    candidates,
    error,
    phrase,
    row_words,
    warning,
)
from jixiao.engine.filed import shares
from jixiao.engine.frame import Failure, Frame
from jixiao.engine.model import Level, NotApplicableMode, SplitMode
from jixiao.engine.names import looks as _folded
from jixiao.engine.names import written_out as _shown
from jixiao.engine.values import (
    MORE_THAN_WORDS,
    Comparison,
    Interval,
    Notation,
    Op,
    Quantity,
    Text,
    Value,
    When,
)

ZERO = Decimal(0)
_OP_TEXT = {Op.GE: "≥", Op.GT: ">", Op.LE: "≤", Op.LT: "<", Op.EQ: "=", Op.BARE: ""}


@attrs.frozen
class Fitted:
    """An indicator fitted to the scheme: its kind, weight and the numbers its formulas read."""

    index: int
    input: IndicatorInput
    section: str
    kind: CompiledKind | None  # None: a row that does not apply (shown, weight rescaled away)
    local: dict[str, Any]
    actual_value: Decimal | None
    level: Level | None
    derived: bool



@attrs.frozen
class Fitting:
    """Every row fitted: the rows scored (and those that do not apply, ``kind`` None), the
    sub-rows (其中…: index, row, section) shown but never scored, and each section's weight
    after rows that do not apply gave theirs up (``not_applicable``)."""

    rows: list[Fitted]
    sub_rows: list[tuple[int, IndicatorInput, str]]
    section_weight: dict[str, Decimal]


def fit(cs: CompiledScheme, indicators: Sequence[IndicatorInput], derived: Mapping[str, Decimal],
        warnings: list[Diagnostic], year: int | None = None,
        percent_as_fraction: bool | None = None) -> Fitting:
    """The indicators fitted to ``cs``; warnings are added to ``warnings``; ``year`` (the
    data's ``subject.year``) places deadlines written without one. Raises ``DataError`` with
    every misfit. ``percent_as_fraction`` decides a figure that reads both as a percentage and
    as a fraction (``0.95`` against ``≥90%``): ``None`` reads it as written with a warning
    (JX510), or refuses (JX330) when the other reading meets the target; ``True`` reads it as
    a fraction (95%), ``False`` as written (0.95%)."""
    f = _Fitter(cs, indicators, warnings)
    f.year = year
    f.percent_as_fraction = percent_as_fraction
    rows = f.fit(derived)
    return Fitting(rows, f.sub_rows, f.section_weight)


class _Fitter:
    def __init__(self, cs: CompiledScheme, indicators: Sequence[IndicatorInput],
                 warnings: list[Diagnostic]) -> None:
        self.cs = cs
        self.indicators = indicators
        self.warnings = warnings
        self.errors: list[Diagnostic] = []
        self.sub_rows: list[tuple[int, IndicatorInput, str]] = []
        self.year: int | None = None
        self.section_weight: dict[str, Decimal] = {}
        self.percent_as_fraction: bool | None = None
        # sections with a row that could not be read: their weights cannot be added up (a
        # JX306 there would blame the weights for the unread row's error)
        self.failed: set[str] = set()

    def ambiguous(self, ind: IndicatorInput, where: str, written: str, as_written: str,
                  as_fraction: str, fraction_meets: bool) -> bool | None:
        """A figure two readings a factor of 100 apart fit (a spreadsheet's 0.95 for 95%):
        never taken silently. Undecided (``percent_as_fraction`` is ``None``) it is read as
        written with a warning naming both readings (JX510) — unless the other reading meets
        the target: then scoring 1% for a met target would be the worst guess, so it is an
        error (JX330) until the flag decides. Returns whether to take the fraction reading,
        ``None`` after an error."""
        decided = self.percent_as_fraction
        if decided is None and fraction_meets:
            self.errors.append(error("JX330", where=where, indicator=ind.name, value=written,
                                     target=ind.target_text, literal=as_written,
                                     fraction=as_fraction))
            return None
        self.warnings.append(warning("JX510", where=where, indicator=ind.name, value=written,
                                     target=ind.target_text,
                                     used=as_fraction if decided else as_written,
                                     other=as_written if decided else as_fraction))
        return bool(decided)

    def fit(self, derived: Mapping[str, Decimal]) -> list[Fitted]:
        prepared: list[Fitted] = []
        seen: dict[tuple[str, str], str] = {}
        looks: dict[tuple[str, str], tuple[str, str]] = {}  # names as they look
        names = {ind.name for ind in self.indicators if ind.parent is None}
        for i, ind in enumerate(self.indicators):
            where = ind.where or f"indicators[{i}]"
            if ind.parent is not None:  # 其中…: shown under its parent, never scored
                if ind.parent not in names:
                    self.warnings.append(warning("JX531", where=where + ".parent",
                                                 indicator=ind.name, parent=ind.parent))
                found = self.cs.section_for(ind.section)
                self.sub_rows.append((i, ind, found.section.name if found else ind.section))
                continue
            p = (self.prepare_one(i, ind, where, derived) if ind.applicable
                 else self.prepare_not_applicable(i, ind, where))
            if p is None:
                if (found := self.cs.section_for(ind.section)) is not None:
                    self.failed.add(found.section.name)
                continue
            key = (p.section, ind.name)
            if key in seen:
                self.errors.append(error("JX314", where=where + ".name", indicator=ind.name,
                                         **row_words("first", seen[key])))
                continue
            seen[key] = where
            folded = (p.section, _folded(ind.name))
            if folded in looks and looks[folded][0] != ind.name:
                self.warnings.append(warning("JX525", where=where + ".name",
                                             **phrase("what", "lookalike_indicator",
                                                      section=p.section),
                                             name=_shown(ind.name),
                                             other=_shown(looks[folded][0]),
                                             **row_words("first", looks[folded][1])))
            looks.setdefault(folded, (ind.name, where))
            prepared.append(p)
        self.split_weights(prepared)
        if self.errors:
            rows = len(self.indicators)
            bad = {d.where.split("]", 1)[0] for d in self.errors
                   if d.where.startswith("indicators[")}
            summary = [error("JX353", where="indicators", readable=rows - len(bad), rows=rows,
                             errors=len(self.errors))] if bad and rows > 1 else []
            raise DataError([*self.errors, *summary])
        self.rescale(prepared)
        for p in prepared:  # a level of fixed points: its ratio once the weight is known
            if p.level is not None and p.level.points is not None:
                weight = p.local["weight"]
                p.local["ratio"] = (min(p.level.points / weight, Decimal(1)) if weight > 0
                                    else ZERO)
        return prepared

    def prepare_not_applicable(self, i: int, ind: IndicatorInput, where: str) -> Fitted | None:
        """A row that does not apply: it needs a section, to know whose weight it gives up."""
        section = self.cs.section_for(ind.section)
        if section is None:
            names = [s.section.name for s in self.cs.sections]
            self.errors.append(error("JX305", where=where + ".section", name=ind.section,
                                     candidates=candidates(ind.section, names)
                                     or "、".join(names)))
            return None
        return Fitted(i, ind, section.section.name, None, {}, None, None, False)

    def rescale(self, prepared: list[Fitted]) -> None:
        """Weights after rows that do not apply (不适用) gave theirs up, as the scheme's
        ``not_applicable`` rule says; ``base_weight`` keeps each row's weight before."""
        rule = self.cs.scheme.not_applicable
        digits = rule.digits if rule.digits is not None else 2  # a score never tops its weight
        for p in prepared:
            p.local["base_weight"] = p.local["weight"]
        base = {s.section.name: s.section.weight for s in self.cs.sections}
        dropped = {n: sum((p.local["weight"] for p in prepared
                           if p.section == n and p.kind is None), ZERO) for n in base}
        self.section_weight = dict(base)
        if not any(p.kind is None for p in prepared):
            return
        names = list(base)
        if rule.mode is NotApplicableMode.RESCALE:
            kept = [base[n] - dropped[n] for n in names]
            weights = dict(zip(names, shares(sum(base.values(), ZERO), kept, digits),
                               strict=True))
        elif rule.mode is NotApplicableMode.SECTION:  # lost only if no row of it applies
            weights = {n: base[n] - dropped[n] if all(p.kind is None for p in prepared
                                                      if p.section == n) else base[n]
                       for n in names}
        else:
            weights = {n: base[n] - dropped[n] for n in names}
        self.section_weight = weights
        for n in names:
            rows = [p for p in prepared if p.section == n]
            live = [p for p in rows if p.kind is not None]
            for p in rows:
                if p.kind is None:
                    p.local["weight"] = ZERO
            if rule.mode is NotApplicableMode.DROP or not live:
                continue
            new = shares(weights[n], [p.local["base_weight"] for p in live], digits)
            for p, w in zip(live, new, strict=True):
                p.local["weight"] = w

    def kind_for(self, ind: IndicatorInput) -> CompiledKind | None:
        """The kind for a row: one whose ``where`` takes this row (成本指标 …) first, else the
        one for the target's notation."""
        notation = ind.target.notation
        candidates_ = self.cs.by_where.get(notation)
        if not candidates_:  # the usual case: no kind chooses by the row, so no row to build
            return self.cs.by_notation.get(notation)
        row = _row(ind)
        for k in candidates_:
            try:
                takes = k.where is not None and k.where.fn(Frame(row, {}))
            except Failure:  # a where over text cannot fail; be safe all the same
                takes = False
            if takes:
                return k
        return self.cs.by_notation.get(notation)

    def prepare_one(self, i: int, ind: IndicatorInput, where: str,
                    derived: Mapping[str, Decimal]) -> Fitted | None:
        cs = self.cs
        section = cs.section_for(ind.section)
        if section is None:
            names = [s.section.name for s in cs.sections]
            self.errors.append(error("JX305", where=where + ".section", name=ind.section,
                                     candidates=candidates(ind.section, names)
                                     or "、".join(names)))
            return None
        sec = section.section
        if sec.categories and ind.category and ind.category not in sec.categories:
            self.warnings.append(warning("JX505", where=where + ".category", section=sec.name,
                                         category=ind.category,
                                         candidates=candidates(ind.category, sec.categories)))
        if ind.kind is not None:
            kind = cs.by_name.get(ind.kind)
            if kind is None:
                self.errors.append(error("JX315", where=where + ".kind", name=ind.kind,
                                         candidates=candidates(ind.kind, cs.by_name)
                                         or "、".join(cs.by_name)))
                return None
        else:
            found = self.kind_for(ind)
            if found is None:
                self.errors.append(error("JX312", where=where + ".target", indicator=ind.name,
                                         value=ind.target_text or ind.target,
                                         kinds="、".join(cs.by_name)))
                return None
            kind = found
        if sec.score is not None:  # 预算执行: scored by its own formula, not by indicators
            self.warnings.append(warning("JX508", where=where + ".section", section=sec.name,
                                         indicator=ind.name))
        if ind.kind is not None and not _fits(kind, ind.target):
            self.errors.append(error("JX320", where=where + ".kind", kind=kind.name,
                                     indicator=ind.name, value=ind.target_text,
                                     notations=", ".join(n.value for n in kind.kind.notations)))
            return None
        if kind.is_text:
            return self.prepare_text(i, ind, where, sec.name, kind)
        if isinstance(ind.target, When):
            return self.prepare_date(i, ind, where, sec.name, kind)
        return self.prepare_number(i, ind, where, sec.name, kind, derived.get(ind.name))

    def set_aside(self, v: Value | None, text: str, where: str, name: str, side: str) -> None:
        """JX526–JX528: a figure scored without the remark or approximation word printed
        with it (``98.5%（抽检）``, ``约5.2万人``, ``100余人``) is never scored silently."""
        if not isinstance(v, Comparison) or not (v.remark or v.approx):
            return
        q = v.quantity
        read = _OP_TEXT[v.op] + f"{q.number}{units.unit_text(q)}"
        which = phrase("which", "side_actual" if side == "actual" else "side_target")
        value = text.strip()
        if v.remark:
            self.warnings.append(warning("JX526", where=where, indicator=name, value=value,
                                         read=read, remark=v.remark, **which))
        if v.approx:
            self.warnings.append(warning("JX528" if v.approx in MORE_THAN_WORDS else "JX527",
                                         where=where, indicator=name, value=value, read=read,
                                         word=v.approx, **which))

    def prepare_number(self, i: int, ind: IndicatorInput, where: str, section: str,
                       kind: CompiledKind, derived: Decimal | None) -> Fitted | None:
        local: dict[str, Any] = _row(ind)
        t = ind.target
        self.set_aside(ind.target, ind.target_text, where + ".target", ind.name, "target")
        self.set_aside(ind.actual, ind.actual_text, where + ".actual", ind.name, "actual")
        if isinstance(t, Comparison):
            ref = t.quantity
            local["target"] = units.own_scale(ref)
            if ref.number < 0 and ind.kind is None:
                self.errors.append(error("JX319", where=where + ".target", indicator=ind.name,
                                         value=ind.target_text))
                return None
        elif isinstance(t, Interval):
            ref = t.high
            local["target.low"] = units.scaled(t.low, ref)
            local["target.high"] = units.own_scale(ref)
        else:
            self.errors.append(error("JX304", where=where + ".target", indicator=ind.name,
                                     **phrase("reason", "kind_needs_number"),
                                     **phrase("which", "target_number"),
                                     value=ind.target_text or t.text))
            return None
        a = ind.actual
        if derived is not None and _bare_count(ref) and 0 <= derived <= 1 < ref.number <= 100:
            # a derived rate (100%) against a target written without % (≥80)
            shown = units.show_like(derived, attrs.evolve(ref, percent=True))
            take = self.ambiguous(ind, where + ".target", ind.target_text,
                                  f"{ind.target_text} → {ref.number}",
                                  f"{ind.target_text} → {ref.number}% ({shown})",
                                  _meets(derived, t, 2) and not _meets(derived, t, 0))
            if take is None:
                return None
            if take:
                ref = attrs.evolve(ref, percent=True)
                if isinstance(t, Comparison):
                    local["target"] = units.own_scale(ref)
                else:
                    assert isinstance(t, Interval)
                    low = attrs.evolve(t.low, percent=True) if _bare_count(t.low) else t.low
                    local["target.low"] = units.scaled(low, ref)
                    local["target.high"] = units.own_scale(ref)
        if derived is not None:
            actual = derived
            if isinstance(a, Comparison):
                filed = units.scaled(a.quantity, ref)
                if filed != derived:
                    self.warnings.append(warning("JX504", where=where + ".actual",
                                                 indicator=ind.name, filed=ind.actual_text,
                                                 derived=units.show_like(derived, ref)))
        elif a is None:
            self.errors.append(error("JX311", where=where + ".actual", indicator=ind.name))
            return None
        elif isinstance(a, Comparison):
            q = a.quantity
            if ref.percent and _bare_count(q) and 0 < q.number <= 1 < ref.number:
                # 0.95 against ≥90%: 0.95% as written, or 95% as a spreadsheet stores it
                take = self.ambiguous(ind, where + ".actual", ind.actual_text,
                                      f"{q.number}%", _percent(q.number),
                                      _meets(q.number.scaleb(2), t, 0)
                                      and not _meets(q.number, t, 0))
                if take is None:
                    return None
                actual = q.number if take else units.scaled(q, ref)
            elif units.compatible(q, ref):
                actual = units.scaled(q, ref)
                reading = (units.bare_reading(q.number, ref, ind.unit) if _bare_count(q)
                           else None)
                if reading is not None and reading[1] is not None:
                    # 度量单位 元, 指标值 ≥500万元, 完成值 4800000: 480万元, not 4800000万元
                    actual = reading[1]
                    self.warnings.append(warning(
                        "JX420", where=where + ".actual", indicator=ind.name,
                        actual=ind.actual_text, column=ind.unit.strip(),
                        target=ind.target_text,
                        used=f"{actual.normalize():f}{units.unit_text(ref)}"))
                elif reading is not None:
                    self.warnings.append(warning(
                        "JX421", where=where + ".actual", indicator=ind.name,
                        actual=ind.actual_text, target=ind.target_text,
                        as_target=f"{q.number}{units.unit_text(ref)}",
                        as_base=f"{q.number}{ref.unit}"))
                if (q.unit or q.magnitude) and not (ref.unit or ref.magnitude or ref.percent):
                    # 480万元 against ≥500: is the 500 元 or 万元? compared in base units, said
                    self.warnings.append(warning("JX524", where=where + ".actual",
                                                 indicator=ind.name, actual=ind.actual_text,
                                                 target=ind.target_text,
                                                 actual_unit=units.unit_text(q),
                                                 used=format(actual, "f")))
            else:
                actual = q.number
                self.warnings.append(warning("JX502", where=where + ".actual",
                                             indicator=ind.name,
                                             actual_unit=units.unit_text(q),
                                             target_unit=units.unit_text(ref)
                                             or PHRASES["no_unit"].zh))
        else:
            self.errors.append(error("JX304", where=where + ".actual", indicator=ind.name,
                                     **phrase("reason", "kind_needs_number"),
                                     **phrase("which", "actual_number"),
                                     value=ind.actual_text))
            return None
        local["actual"] = actual
        return Fitted(i, ind, section, kind, local, actual, None, derived is not None)

    def prepare_text(self, i: int, ind: IndicatorInput, where: str, section: str,
                     kind: CompiledKind) -> Fitted | None:
        if ind.actual is None:
            self.errors.append(error("JX311", where=where + ".actual", indicator=ind.name))
            return None
        text = ind.actual.text if isinstance(ind.actual, Text) else ind.actual_text.strip()
        target = ind.target.text if isinstance(ind.target, Text) else ind.target_text.strip()
        levels = kind.levels
        if ind.level is not None:  # the assessor's level: the actual is free text as printed
            level = next((lv for lv in levels if lv.matches(ind.level)), None)
            if level is None:
                self.errors.append(error("JX352", where=where + ".level", indicator=ind.name,
                                         value=ind.level,
                                         levels="、".join(lv.name for lv in levels)))
                return None
        else:
            level = levels[0] if text == target and levels else next(
                (lv for lv in levels if lv.matches(text)), None)
        if level is None:
            self.errors.append(error("JX307", where=where + ".actual", indicator=ind.name,
                                     value=text, levels="、".join(lv.name for lv in levels)))
            return None
        filed_ratio = (ind.filed_score / ind.weight if ind.ratio is None and ind.weight
                       and ind.filed_score is not None else None)
        if level.band is None:
            ratio = level.ratio if level.ratio is not None else ZERO
        elif filed_ratio is not None and level.band.contains(filed_ratio):
            # a table entered as printed: the assessor's 得分 of the 分值 is the ratio chosen
            # inside the level's band (7 of 10 under 部分达成 [60%, 80%) is 0.7)
            ratio = filed_ratio
        elif ind.ratio is None:
            self.errors.append(error("JX308", where=where + ".ratio", indicator=ind.name,
                                     level=level.name, band=level.band))
            return None
        elif not level.band.contains(ind.ratio):
            self.errors.append(error("JX309", where=where + ".ratio", indicator=ind.name,
                                     ratio=ind.ratio, level=level.name, band=level.band))
            return None
        else:
            ratio = ind.ratio
        return Fitted(i, ind, section, kind, {**_row(ind), "ratio": ratio}, None, level, False)

    def prepare_date(self, i: int, ind: IndicatorInput, where: str, section: str,
                     kind: CompiledKind) -> Fitted | None:
        """A deadline (``9月前``) and when it was met (``7月``): how many days and months late
        (negative: early). A month without a day counts as its last day, so a deadline is met
        only when the month shows it surely was. An actual without a year takes the target's,
        else the data's year."""
        target = ind.target
        assert isinstance(target, When)
        actual = ind.actual
        if not isinstance(actual, When):
            self.errors.append(error("JX304", where=where + ".actual", indicator=ind.name,
                                     **phrase("reason", "kind_needs_date"),
                                     **phrase("which", "actual_date"),
                                     value=ind.actual_text or PHRASES["empty"].zh))
            return None
        base = self.year if self.year is not None else 2000  # no year anywhere: same for both
        t_year = (target.year if target.year is not None else base) + target.year_offset
        a_year = (actual.year if actual.year is not None else
                  target.year if target.year is not None else base) + actual.year_offset
        t_day = _day(t_year, target.month, target.day)
        a_day = _day(a_year, actual.month, actual.day)
        local: dict[str, Any] = {
            **_row(ind),
            "days_late": Decimal(a_day - t_day),
            "months_late": Decimal((a_year * 12 + actual.month) - (t_year * 12 + target.month)),
        }
        return Fitted(i, ind, section, kind, local, None, None, False)

    def split_weights(self, prepared: list[Fitted]) -> None:
        for cs_section in self.cs.sections:
            sec = cs_section.section
            rows = [p for p in prepared if p.section == sec.name]
            if not rows or sec.name in self.failed:
                continue
            given = [p.input.weight for p in rows if p.input.weight is not None]
            mode = sec.split.mode
            if mode is SplitMode.GIVEN and len(given) < len(rows):
                missing = next(p for p in rows if p.input.weight is None)
                self.errors.append(error("JX302", where=(missing.input.where
                                                         or f"indicators[{missing.index}]")
                                         + ".weight", field="weight",
                                         **phrase("hint", "weights_needed", section=sec.name)))
                continue
            if mode is SplitMode.EQUAL:
                given = []
            rest = [p for p in rows if mode is SplitMode.EQUAL or p.input.weight is None]
            remainder = sec.weight - sum(given, ZERO)
            if remainder < 0 or (not rest and remainder != 0):
                self.errors.append(error("JX306", where="indicators", section=sec.name,
                                         sum=sum(given, ZERO), weight=sec.weight))
                continue
            shares = _equal_shares(remainder, len(rest), sec.split.digits)
            for p in rows:
                if p.input.weight is not None and mode is not SplitMode.EQUAL:
                    p.local["weight"] = p.input.weight
                else:
                    p.local["weight"] = shares.pop(0)
            self.warn_weights(sec.name, sec.weight, mode, rows, given, rest, sec.split.declared)

    def warn_weights(self, section: str, weight: Decimal, mode: SplitMode, rows: list[Fitted],
                     given: list[Decimal], rest: list[Fitted], declared: bool) -> None:
        """Never a weight chosen in silence: a row without one when others have one gets 0
        (JX520, but for a row that does not apply: it loses nothing) or the leftover (JX521,
        unless the scheme declares ``given_else_equal``, the national form's way); under
        ``split equal`` a weight in the data that differs from the equal share is dropped
        (JX522) — each warning names the row."""
        def where(p: Fitted) -> str:
            return (p.input.where or f"indicators[{p.index}]") + ".weight"
        if mode is SplitMode.EQUAL:
            for p in rows:
                if p.input.weight is not None and p.input.weight != p.local["weight"]:
                    self.warnings.append(warning("JX522", where=where(p), indicator=p.input.name,
                                                 section=section, given=p.input.weight,
                                                 share=p.local["weight"]))
            return
        if not given:  # no weight in the data at all: the equal split the scheme promises
            return
        for p in rest:
            if p.local["weight"] == 0:
                if p.kind is None:  # 不适用 (a / row): it scores nothing and gives up nothing
                    continue  # (DOMAIN: dropped); a blank 分值 beside its / is the form's way
                self.warnings.append(warning("JX520", where=where(p), indicator=p.input.name,
                                             section=section, weight=weight))
            elif not declared:
                self.warnings.append(warning("JX521", where=where(p), indicator=p.input.name,
                                             section=section, share=p.local["weight"],
                                             given=sum(given, ZERO), weight=weight))


def _day(year: int, month: int, day: int | None) -> int:
    """The day meant, as a day number (the proleptic Gregorian ordinal, as ``date.toordinal``
    counts — no clock is read): a whole month is its last day."""
    import calendar  # here: only a date needs it, and it brings locale with it

    day = day or calendar.monthrange(year, month)[1]
    before = sum(calendar.monthrange(year, m)[1] for m in range(1, month))
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400 + before + day


def _row(ind: IndicatorInput) -> dict[str, Any]:
    """What a row says about itself, for a kind's ``where`` and its formulas."""
    return {"name": ind.name, "category": ind.category, "unit": ind.unit,
            "section": ind.section}


def _meets(v: Decimal, t: Value, shift: int) -> bool:
    """Does ``v`` meet the target ``t`` written as numbers (``t``'s numbers moved ``shift``
    places right: 2 reads ≥80 as ≥0.8)? For deciding which reading of a figure matters."""
    def at(q: Quantity) -> Decimal:
        return q.number.scaleb(-shift)
    if isinstance(t, Comparison):
        ref = at(t.quantity)
        return {Op.GE: v >= ref, Op.GT: v > ref, Op.LE: v <= ref, Op.LT: v < ref,
                Op.EQ: v == ref, Op.BARE: v >= ref}[t.op]
    if isinstance(t, Interval):
        return at(t.low) <= v <= at(t.high)
    return False


def _percent(fraction: Decimal) -> str:
    """``0.95`` → ``95%``, exactly, never in exponent notation."""
    text = format(fraction.scaleb(2), "f")
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def _bare_count(q: Quantity) -> bool:
    """A number written without unit, magnitude or %."""
    return not q.unit and not q.percent and q.magnitude == 0


def _fits(kind: CompiledKind, target: Value) -> bool:
    """Can ``kind``'s formulas read what ``target`` provides? A range gives ``target.low`` and
    ``target.high``, a number ``target``, a text ``ratio`` (see ``engine.scopes``)."""
    family = {Notation.RANGE: "range", Notation.TEXT: "text", Notation.DATE: "date"}
    wanted = {family.get(n, "number") for n in kind.kind.notations}
    return family.get(target.notation, "number") in wanted


def _equal_shares(total: Decimal, n: int, digits: int | None) -> list[Decimal]:
    """``total`` in ``n`` equal shares; rounded to ``digits`` places, the shares still add up to
    ``total`` exactly: each gets the share rounded down, and the units left over go one each to
    the first indicators (50 ÷ 3 → 16.67, 16.67, 16.66; never a negative share)."""
    if n == 0:
        return []
    if digits is None:  # no `round` on the split: cents, or the weight's own places if more,
        # so that 7 or 11 shares still add up to the weight (50 ÷ 7 unrounded scored 49.98)
        exponent = total.as_tuple().exponent
        digits = max(2, -exponent if isinstance(exponent, int) else 0)
    unit = Decimal(1).scaleb(-digits)
    base = (total / n).quantize(unit, rounding=decimal.ROUND_FLOOR)
    extra = int((total - base * n) / unit)
    return [base + unit if i < extra else base for i in range(n)]
