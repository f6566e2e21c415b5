"""Audit a filed 自评表 (复核): recompute every figure and compare it with the one printed.

Stage: application layer, over ``engine.evaluate`` (run ``lenient``, so a broken adjustment is
a finding, not a stop). Each filed figure is compared with its own computed counterpart — a row's
得分 with the row's score, a section's with the section's, the total with the total — so a wrong
figure is reported once, where it is, and never again through the figures that add it up.

Finding classes (``Finding.cls``), each with its severity:

==========================  ========  =====================================================
precision                   info      the filed figure is the computed one at the places printed
adjustment                  info      an adjustment the scheme allows, with its reason
unexplained_adjustment      error     a filed score that differs and the scheme does not allow
arithmetic                  error     a section score, total or 执行率 the parts do not give
grade                       error     the filed grade is not the filed total's band
unit                        warning   an actual's unit or magnitude is not its target's
missing_reason              warning   a shortfall without 偏差原因
consistency                 warning   central + local ≠ total, projects or batches do not add up,
                                      executed > budget, a project not started with money spent
unreadable                  error     a cell or a record that cannot be read or scored
==========================  ========  =====================================================
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from jixiao.api import scheme_for
from jixiao.datafile import TABLE_SUFFIXES, load_data
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.data import ProjectData
from jixiao.engine.diagnostics import (
    DataError,
    Diagnostic,
    EvaluationError,
    InputError,
    Severity,
    row_place,
)
from jixiao.engine.evaluate import evaluate
from jixiao.engine.filed import at_precision
from jixiao.engine.result import FundsResult, Result
from jixiao.files import is_dir
from jixiao.library import load_scheme
from jixiao.render.common import dec, percent

CLASSES = ("precision", "adjustment", "unexplained_adjustment", "arithmetic", "grade", "unit",
           "missing_reason", "consistency", "unreadable")
SEVERITY = {"precision": "info", "adjustment": "info", "unexplained_adjustment": "error",
            "arithmetic": "error", "grade": "error", "unit": "warning",
            "missing_reason": "warning", "consistency": "warning", "unreadable": "error"}
# Which diagnostics of scoring are findings of which class.
_BY_CODE = {"JX501": "missing_reason", "JX502": "unit", "JX510": "unit",
            "JX503": "consistency", "JX504": "consistency", "JX506": "consistency",
            "JX532": "consistency"}
# data files, and filled 自评表 (a folder of workbooks is audited like one of data files);
# ~$… is the lock file Excel leaves beside an open workbook
DATA_SUFFIXES = (".toml", ".json", *TABLE_SUFFIXES)


@attrs.frozen
class Finding:
    """One figure that differs from the rules, or one thing a reviewer should know."""

    cls: str  # one of CLASSES
    where: str  # a data path and the row's name: ``indicators[6] 项目开工率``, ``total``
    message: str  # Chinese
    message_en: str
    filed: str | None = None  # the figure as filed, as printed
    computed: str | None = None  # what the rules give
    difference: str | None = None  # filed − computed, when both are numbers
    row: str = ""  # the row's name, when ``where`` is a diagnostic's bare data path

    @property
    def severity(self) -> str:
        return SEVERITY[self.cls]

    def place(self, lang: str = "zh") -> str:
        """``where`` as people count and read it — rows from 1 with their names, as every
        message does (``engine.diagnostics.row_place``): ``indicators[6] 项目开工率`` is
        第7个指标「项目开工率」 (indicator 7 “项目开工率”); sections, the total, the grade and
        the budget's rates by their 自评表 names. ``where`` itself stays the data path (JSON)."""
        path, _, name = self.where.partition(" ")
        name = name or self.row
        row = row_place(path, name, lang)
        if row is not None:
            return row
        zh, en = _PLACES.get(path, (None, None))
        if zh is None or en is None:
            return self.where
        if lang == "en":
            return en + (f" “{name}”" if name else "")
        return zh + (f"「{name}」" if name else "")


# what a finding's ``where`` that is no row names, in the 自评表's words
_PLACES = {"sections": ("一级指标", "section"), "total": ("总分", "total"),
           "grade": ("评级", "grade"), "filed.summary": ("完成情况", "summary"),
           "budget.rate": ("预算执行率", "budget rate"),
           "budget.central.rate": ("中央资金执行率", "central funds' rate"),
           "budget.local.rate": ("地方资金执行率", "local funds' rate"),
           "budget.other.rate": ("其他资金执行率", "other funds' rate")}


@attrs.frozen
class FileAudit:
    """The audit of one data file: its findings, and the result when it could be scored."""

    source: str
    findings: tuple[Finding, ...]
    result: Result | None = None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")


def _diff(filed: Decimal, computed: Decimal) -> str:
    d = filed - computed
    return ("+" if d > 0 else "") + dec(d)


def _figure(cls: str, where: str, filed: Decimal, computed: Decimal, zh: str, en: str,
            shown: str = "number") -> Finding:
    show = percent if shown == "percent" else dec
    return Finding(cls, where, zh, en, show(filed), show(computed),
                   _diff(filed, computed) if shown == "number" else
                   _diff(filed.scaleb(2), computed.scaleb(2)) + "%")


def audit_result(result: Result, data: ProjectData) -> list[Finding]:
    """Every finding for one scored record (``result`` from ``evaluate(…, lenient=True)``)."""
    out: list[Finding] = []
    rounding = "ROUND_HALF_UP"
    broken = {d.where: d for d in result.diagnostics if d.code in ("JX350", "JX351", "JX530")}
    rows = {ind.name: ind for ind in data.indicators}
    for i, r in enumerate(result.indicators):
        if r.filed_score is None or not r.scored:
            continue
        row = rows.get(r.name)
        where = f"{row.where if row and row.where else f'indicators[{i}]'} {r.name}"
        if r.adjusted:
            out.append(_figure(
                "adjustment", where, r.filed_score, r.computed_score,
                f"评价人调整得分 {dec(r.filed_score)}（按公式 {dec(r.computed_score)}），"
                f"理由：{r.reason or '（方案不要求理由）'}",
                f"the assessor's score {dec(r.filed_score)} (the formula gives "
                f"{dec(r.computed_score)}); reason: {r.reason or '(not required)'}"))
        elif r.filed_score != r.computed_score and at_precision(r.computed_score, r.filed_score,
                                                               rounding):
            out.append(_precision(where, r.filed_score, r.computed_score))
        elif r.filed_score != r.computed_score:
            out.append(_unexplained(where, r.filed_score, r.computed_score,
                                    broken.get(f"{row.where}.score" if row else "")))
    for s in result.sections:
        if s.filed_score is None:
            continue
        where = f"sections {s.name}"
        if s.adjusted:
            out.append(_figure("adjustment", where, s.filed_score, s.computed_score,
                               f"评价人调整得分 {dec(s.filed_score)}"
                               f"（按公式 {dec(s.computed_score)}）",
                               f"the assessor's score {dec(s.filed_score)} (the formula gives "
                               f"{dec(s.computed_score)})"))
        elif s.filed_score == s.score:
            continue
        elif at_precision(s.score, s.filed_score, rounding):
            out.append(_precision(where, s.filed_score, s.score))
        elif s.score == s.computed_score and "budget.score" in broken:  # the budget's 得分
            printed = _from_printed_rate(result, s.weight, s.filed_score)
            if printed is not None:  # the printed rate is the wrong figure: said there
                out.append(_figure(
                    "arithmetic", where, s.filed_score, s.computed_score,
                    f"填报的「{s.name}」得分 {dec(s.filed_score)} 按填报执行率 "
                    f"{percent(printed)} 计算，而 B ÷ A 应为 "
                    f"{percent(result.budget.total.rate or Decimal(0))}，"
                    f"按公式得分应为 {dec(s.computed_score)}",
                    f"{s.name}: {dec(s.filed_score)} follows the printed rate "
                    f"{percent(printed)}, not B ÷ A; the formula gives {dec(s.computed_score)}"))
                continue
            out.append(_unexplained(where, s.filed_score, s.computed_score,
                                    broken["budget.score"]))
        else:
            out.append(_figure(
                "arithmetic", where, s.filed_score, s.score,
                f"填报的「{s.name}」得分 {dec(s.filed_score)}，按各项得分计算应为 {dec(s.score)}",
                f"{s.name}: filed {dec(s.filed_score)}, its parts as scored give {dec(s.score)}"))
    out += _rates(result)
    total_finding = False
    if result.filed_total is not None and result.filed_total != result.total:
        if at_precision(result.total, result.filed_total, rounding):
            out.append(_precision("total", result.filed_total, result.total))
        else:
            total_finding = True
            filed_parts = dict(data.filed.sections)
            parts = parts_en = ""
            if len(filed_parts) == len(result.sections):
                added = dec(sum(filed_parts.values(), Decimal(0)))
                parts = f"；填报的各一级指标得分合计 {added}"
                parts_en = f"; the filed sections add up to {added}"
            elif (printed := _filed_rows(result)) is not None:
                parts = f"；表中填报的各项得分合计 {dec(printed)}"
                parts_en = f"; the scores the table prints add up to {dec(printed)}"
            out.append(_figure("arithmetic", "total", result.filed_total, result.total,
                               f"填报总分 {dec(result.filed_total)}，按各部分计算应为 "
                               f"{dec(result.total)}{parts}",
                               f"filed total {dec(result.filed_total)}, the parts give "
                               f"{dec(result.total)}{parts_en}"))
    if result.filed_grade is not None:
        out += _grade(result, total_finding)
    for d in result.diagnostics:
        cls = _BY_CODE.get(d.code)
        if cls is not None:
            out.append(Finding(cls, d.where or d.location, f"{d.code} {d.message('zh')}",
                               f"{d.code} {d.message('en')}", row=d.row))
    out += _summary_units(result)
    return out


def _from_printed_rate(result: Result, weight: Decimal, filed: Decimal) -> Decimal | None:
    """The printed 执行率 when it is not B ÷ A and the printed budget 得分 is weight × that rate
    (at the places printed): the 得分 then only carries the rate's slip, which is the finding."""
    line = result.budget.total
    printed, rate = line.filed_rate, line.rate
    if printed is None or rate is None or printed == rate or at_precision(
            rate, printed, "ROUND_HALF_UP"):
        return None
    return printed if at_precision(weight * min(printed, Decimal(1)), filed,
                                   "ROUND_HALF_UP") else None


def _filed_rows(result: Result) -> Decimal | None:
    """What the 得分 the table prints add up to — every scored row's and each section's score
    that has no rows (the budget's) — or None when one of them is not printed: a reviewer sees
    whether the printed total is even the sum of the printed scores."""
    total = Decimal(0)
    for s in result.sections:
        rows = [i for i in result.indicators if i.section == s.name and i.scored]
        if rows:
            if any(i.filed_score is None for i in rows):
                return None
            total += sum((i.filed_score for i in rows if i.filed_score is not None), Decimal(0))
        elif s.filed_score is not None:
            total += s.filed_score
        else:
            return None
    return total


def _precision(where: str, filed: Decimal, computed: Decimal) -> Finding:
    return _figure("precision", where, filed, computed,
                   f"填报 {dec(filed)} 是计算值 {dec(computed)} 按印刷精度取整的结果",
                   f"the filed {dec(filed)} is the computed {dec(computed)} at the places printed")


def _unexplained(where: str, filed: Decimal, computed: Decimal,
                 why: Diagnostic | None) -> Finding:
    """A filed score that differs where the scheme's ``adjust`` rule does not allow it: not
    allowed at all (JX530), out of range (JX350) or without its reason (JX351)."""
    if why is None:
        zh = f"填报得分 {dec(filed)} 与按公式得分 {dec(computed)} 不同，且方案不允许"
        en = (f"the filed score {dec(filed)} differs from the formula's {dec(computed)} and the "
              "scheme does not allow it")
    else:
        zh, en = f"{why.code} {why.message('zh')}", f"{why.code} {why.message('en')}"
    return _figure("unexplained_adjustment", where, filed, computed, zh, en)


def _rates(result: Result) -> list[Finding]:
    """A 执行率 as printed that is not B ÷ A (at the places printed)."""
    b = result.budget
    lines: list[tuple[str, FundsResult | None]] = [
        ("budget", b.total), ("budget.central", b.central), ("budget.local", b.local),
        ("budget.other", b.other)]
    names = {}
    for i, (name, total, central, local) in enumerate(b.batches):
        lines += [(f"budget.batches[{i}]", total), (f"budget.batches[{i}].central", central),
                  (f"budget.batches[{i}].local", local)]
        names.update(dict.fromkeys((f"budget.batches[{i}].rate",
                                    f"budget.batches[{i}].central.rate",
                                    f"budget.batches[{i}].local.rate"), f" {name}"))
    out = []
    for path, line in lines:
        where = path + ".rate"
        where += names.get(where, "")  # a batch's name after its path, as rows are written
        if line is None or line.filed_rate is None or line.rate is None:
            continue
        filed, rate = line.filed_rate, line.rate
        if filed == rate:
            continue
        if at_precision(rate, filed, "ROUND_HALF_UP"):
            out.append(_figure("precision", where, filed, rate,
                               f"执行率 {percent(filed)} 是 {percent(rate)} 按印刷精度取整的结果",
                               f"the rate {percent(filed)} is {percent(rate)} at the places "
                               "printed", "percent"))
        else:
            out.append(_figure("arithmetic", where, filed, rate,
                               f"填报执行率 {percent(filed)} 不等于 B ÷ A = {percent(rate)}",
                               f"the filed rate {percent(filed)} is not B ÷ A = {percent(rate)}",
                               "percent"))
    return out


def _grade(result: Result, total_finding: bool) -> list[Finding]:
    """The filed grade against the band the filed total falls in. When the filed total is
    itself wrong and the grade is the right one for the real total, the total's finding says it
    all."""
    assert result.filed_grade is not None
    filed_total = result.filed_total if result.filed_total is not None else result.total
    band = _band_of(result, filed_total)
    if result.filed_grade == band or (total_finding and result.filed_grade == result.grade):
        return []
    return [Finding("grade", "grade",
                    f"填报评级「{result.filed_grade}」与总分 {dec(filed_total)} 应得的评级"
                    f"「{band or '—'}」不符",
                    f"the filed grade {result.filed_grade} is not the grade of the total "
                    f"{dec(filed_total)}: {band or '—'}",
                    result.filed_grade, band)]


def _band_of(result: Result, total: Decimal) -> str | None:
    if total == result.total:
        return result.grade
    return next((g for g, band in result.grade_bands if band.contains(total)), None)


# Units tables write; the longest first so 万平方米 is not read as 平方米.
_UNITS = sorted(("万立方米", "立方米", "万平方米", "平方米", "平方公里", "公顷", "万亩", "亩",
                 "万元", "亿元", "元", "万吨", "吨", "公里", "千米", "米", "个", "份", "人次",
                 "万人", "人", "户", "次", "处", "座", "家", "项", "台", "套", "件", "篇", "%"),
                key=len, reverse=True)
_NUMBER = re.compile(r"\s*(\d+(?:\.\d+)?)\s*")


def _summary_units(result: Result) -> list[Finding]:
    """The printed summary (全年实际完成情况) names an indicator with a figure in a unit that is
    not the indicator's: the seed's ``生态恢复面积 11.30 万立方米`` for an area in 万平方米."""
    text = result.filed_summary
    out: list[Finding] = []
    if not text:
        return out
    for ind in result.indicators:
        if not ind.unit or not ind.name:
            continue
        for m in re.finditer(re.escape(ind.name), text):
            num = _NUMBER.match(text, m.end())
            if num is None:
                continue
            after = text[num.end():]
            unit = next((u for u in _UNITS if after.startswith(u)), None)
            if unit is None or unit == ind.unit:
                continue
            out.append(Finding(
                "unit", f"filed.summary {ind.name}",
                f"完成情况中「{ind.name} {num.group(1)} {unit}」的单位与指标单位 {ind.unit} 不符",
                f"the summary gives “{ind.name} {num.group(1)} {unit}”, but the indicator is in "
                f"{ind.unit}", f"{num.group(1)}{unit}", f"{num.group(1)}{ind.unit}"))
    return out


def audit_data(data: ProjectData, scheme: CompiledScheme, *,
               percent_as_fraction: bool | None = None) -> FileAudit:
    """Audit one record. A record that cannot be scored gives ``unreadable`` findings;
    ``percent_as_fraction`` decides 0.95 against ≥90% as ``evaluate`` does."""
    try:
        result = evaluate(scheme, data, lenient=True, percent_as_fraction=percent_as_fraction)
    except (DataError, EvaluationError) as exc:
        return FileAudit(data.source, tuple(_unreadable(exc.diagnostics)))
    return FileAudit(data.source, tuple(audit_result(result, data)), result)


def _unreadable(diagnostics: Iterable[Diagnostic]) -> Iterator[Finding]:
    for d in diagnostics:
        if d.severity is Severity.ERROR:
            yield Finding("unreadable", d.where or d.location, f"{d.code} {d.message('zh')}",
                          f"{d.code} {d.message('en')}", row=d.row)


def data_files(paths: Sequence[str | Path]) -> list[Path]:
    """The data files named, a folder standing for every ``.toml``/``.json`` under it (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if is_dir(p):
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in DATA_SUFFIXES
                          and f.is_file() and not f.name.startswith("~$"))
        else:
            out.append(p)
    return out


def audit_paths(paths: Sequence[str | Path], scheme: str | Path | None = None, *,
                percent_as_fraction: bool | None = None) -> list[FileAudit]:
    """Audit every file. A file that cannot be read, or whose cells cannot be read, is an
    ``unreadable`` finding of that file; a scheme that cannot be loaded is raised
    (``JixiaoError``), since nothing can be audited without it."""
    compiled = load_scheme(scheme) if scheme is not None else None
    out = []
    for path in data_files(paths):
        try:
            data = load_data(path)
        except (DataError, InputError) as exc:  # a table's unreadable cell is InputError
            out.append(FileAudit(str(path), tuple(_unreadable(exc.diagnostics))))
            continue
        out.append(audit_data(data, compiled or scheme_for(data),
                              percent_as_fraction=percent_as_fraction))
    return out


def summary(audits: Sequence[FileAudit]) -> Counter[str]:
    """How many findings of each class, over every file."""
    return Counter(f.cls for a in audits for f in a.findings)


__all__ = ["CLASSES", "FileAudit", "Finding", "audit_data", "audit_paths", "audit_result",
           "data_files", "summary"]
