"""The portfolio view: what a batch's output says about all its records together.

Stage: application layer, after ``jixiao batch``. ``read_portfolio`` streams the JSON Lines a
batch wrote and keeps only running counts and a few bounded top-N lists, so a million-record
output is summarised in flat memory: grades overall and by region, department and fund; the
indicators most often missed; the largest assessor adjustments; the records with findings
(warnings such as a missing reason or a unit slip, and audit findings when a record carries
them); the records that could not be scored. Renderers (``jixiao.render.portfolio``) only
format what this gathers.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from jixiao.engine.diagnostics import InputError, error

DIMENSIONS = ("region", "department", "fund")  # the groupings, from each record's ``tags``
TOP = 15  # rows kept in each ranked list
LISTED = 100  # records listed by name under findings and errors (all are counted)
NONE = "—"  # the group of records that do not name one


@attrs.define
class Group:
    """The records of one region, department or fund."""

    records: int = 0
    grades: Counter[str] = attrs.field(factory=Counter)
    total: Decimal = Decimal(0)  # sum of totals, for the mean

    @property
    def mean(self) -> Decimal | None:
        scored = sum(self.grades.values())
        return (self.total / scored).quantize(Decimal("0.01")) if scored else None


@attrs.define
class Missed:
    """One indicator (by section and name) across the records that report it."""

    section: str
    name: str
    rows: int = 0
    missed: int = 0  # completion below 1
    lost: Decimal = Decimal(0)  # points short of the weight, summed


@attrs.frozen
class Adjustment:
    """A score the assessor set other than the formula's (``adjusted`` in the result)."""

    size: Decimal  # filed minus computed
    source: str
    ident: str | None
    what: str
    computed: str
    score: str


@attrs.frozen
class Listed:
    """A record named in a list: where it is, its id, and the codes found."""

    source: str
    ident: str | None
    subject: str
    codes: tuple[str, ...]


@attrs.define
class Portfolio:
    records: int = 0
    scored: int = 0
    grades: Counter[str] = attrs.field(factory=Counter)
    total: Decimal = Decimal(0)
    lowest: tuple[Decimal, str] | None = None
    highest: tuple[Decimal, str] | None = None
    groups: dict[str, dict[str, Group]] = attrs.field(
        factory=lambda: {d: {} for d in DIMENSIONS})
    indicators: dict[tuple[str, str], Missed] = attrs.field(factory=dict)
    adjustments: list[tuple[Decimal, int, Adjustment]] = attrs.field(factory=list)  # a heap
    adjusted: int = 0
    findings: list[Listed] = attrs.field(factory=list)
    with_findings: int = 0
    finding_codes: Counter[str] = attrs.field(factory=Counter)
    errors: list[Listed] = attrs.field(factory=list)
    error_codes: Counter[str] = attrs.field(factory=Counter)
    best: dict[str, Decimal] = attrs.field(factory=dict)  # grade → highest total seen in it

    @property
    def failed(self) -> int:
        return self.records - self.scored

    @property
    def mean(self) -> Decimal | None:
        return (self.total / self.scored).quantize(Decimal("0.01")) if self.scored else None

    def most_missed(self) -> list[Missed]:
        rows = [m for m in self.indicators.values() if m.missed]
        return sorted(rows, key=lambda m: (-m.missed, -m.lost, m.section, m.name))[:TOP]

    def largest_adjustments(self) -> list[Adjustment]:
        return [a for _, _, a in sorted(self.adjustments, key=lambda t: (-t[0], t[1]))]

    def grades_in_order(self) -> list[str]:
        """Grades best first, by the highest total seen in each (the scheme's bands are not in
        the output, and the totals order the grades the same way)."""
        return sorted(self.grades, key=lambda g: (-self.best.get(g, Decimal(0)), g))

    # -- gathering

    def add(self, line: dict[str, Any]) -> None:
        self.records += 1
        source = str(line.get("source", ""))
        ident = line.get("id")
        tags = line.get("tags") or {}
        if not line.get("ok"):
            codes = tuple(str(e.get("code", "")) for e in line.get("errors", []))
            self.error_codes.update(set(codes))
            if len(self.errors) < LISTED:
                self.errors.append(Listed(source, ident, "", codes))
            return
        r = line["result"]
        total = _dec(r.get("total"))
        grade = str(r.get("grade", ""))
        subject = str((r.get("subject") or {}).get("name", ""))
        self.scored += 1
        self.grades[grade] += 1
        self.total += total
        label = f"{subject} ({source})" if subject else source
        if self.lowest is None or total < self.lowest[0]:
            self.lowest = (total, label)
        if self.highest is None or total > self.highest[0]:
            self.highest = (total, label)
        if total > self.best.get(grade, Decimal(-1)):
            self.best[grade] = total
        for dim in DIMENSIONS:
            key = str(tags.get(dim) or _fallback(dim, r) or NONE)
            g = self.groups[dim].setdefault(key, Group())
            g.records += 1
            g.grades[grade] += 1
            g.total += total
        for ind in r.get("indicators", []):
            self._indicator(ind, source, ident)
        budget = r.get("budget") or {}
        if budget.get("adjusted"):
            self._adjust(source, ident, "预算执行 / budget", budget)
        codes = tuple(sorted({str(d.get("code", "")) for d in r.get("diagnostics", [])}
                             | {str(f.get("class", f.get("code", "")))
                                for f in [*r.get("findings", []), *line.get("findings", [])]}))
        if codes:
            self.with_findings += 1
            self.finding_codes.update(codes)
            if len(self.findings) < LISTED:
                self.findings.append(Listed(source, ident, subject, codes))

    def _indicator(self, ind: dict[str, Any], source: str, ident: str | None) -> None:
        key = (str(ind.get("section", "")), str(ind.get("name", "")))
        m = self.indicators.get(key)
        if m is None:
            if len(self.indicators) >= 100_000:  # a bound: names are data, not a fixed list
                return
            m = self.indicators[key] = Missed(*key)
        m.rows += 1
        if ind.get("completion") is not None and _dec(ind["completion"]) < 1:
            m.missed += 1
            m.lost += _dec(ind.get("weight")) - _dec(ind.get("score"))
        if ind.get("adjusted"):
            self._adjust(source, ident, f"{key[0]} / {key[1]}", ind)

    def _adjust(self, source: str, ident: str | None, what: str, row: dict[str, Any]) -> None:
        self.adjusted += 1
        computed, score = str(row.get("computed_score", "")), str(row.get("score", ""))
        size = _dec(score) - _dec(computed)
        item = (abs(size), -self.adjusted, Adjustment(size, source, ident, what, computed, score))
        if len(self.adjustments) < TOP:
            heapq.heappush(self.adjustments, item)
        else:
            heapq.heappushpop(self.adjustments, item)


def _fallback(dim: str, result: dict[str, Any]) -> str | None:
    """A grouping the record's own data gives when its tags do not: the fund is the scheme,
    the department the subject's 主管部门 when the data has one."""
    subject = result.get("subject") or {}
    if dim == "fund":
        return str((result.get("scheme") or {}).get("name") or "") or None
    if dim == "department":
        return subject.get("department") or subject.get("主管部门")
    return subject.get("region")


def _dec(x: Any) -> Decimal:
    try:
        return Decimal(str(x)) if x not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def read_lines(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a batch output, one at a time. Raises ``InputError`` (JX001, JX072)."""
    try:
        f = path.open("rb")
    except OSError:
        raise InputError([error("JX001", where=str(path), path=path)]) from None
    with f:
        for lineno, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
            except (ValueError, RecursionError):
                line = None
            if not isinstance(line, dict) or "ok" not in line or (
                    line["ok"] and not isinstance(line.get("result"), dict)):
                raise InputError([error("JX072", where=f"{path}:{lineno}", path=path,
                                        line=lineno)])
            bad = _misshapen(line)
            if bad is not None:
                field, expected, expected_en = bad
                value = _walk(line, field)
                shown, shown_en = _counted(field)
                raise InputError([error("JX060", where=f"{path}:{lineno}", path=path,
                                        line=lineno, field=shown, field_en=shown_en,
                                        value="—" if value is None else
                                        json.dumps(value, ensure_ascii=False)[:80],
                                        expected=expected, expected_en=expected_en)])
            yield line


# What ``Portfolio.add`` reads of a line, and the shape batch writes it in. A line that was
# edited by hand or made by another program is refused naming the field (JX060): a total of
# "NaN" raised InvalidOperation, a table where a list belongs AttributeError, and a score of
# "abc" was summed as 0 — a silent wrong figure.
_NUMBER = ("数字（如 \"92.71\"）", 'a number such as "92.71"')
_TEXT = ("文字", "text")
_TABLE = ("表（JSON 对象）", "a table (a JSON object)")
_LIST = ("表的列表（JSON 对象的数组）", "a list of tables (JSON objects)")
_FLAG = ("布尔值（是或否）", "true or false")
_MAX_FIGURE = Decimal("1e30")  # no total, weight or score of a 自评表 comes near


def _is_number(v: Any, *, optional: bool = False) -> bool:
    if v is None or v == "":
        return optional
    if isinstance(v, bool) or not isinstance(v, str | int | float):
        return False
    try:
        d = Decimal(str(v))
    except InvalidOperation:
        return False
    return d.is_finite() and abs(d) < _MAX_FIGURE


def _misshapen(line: dict[str, Any]) -> tuple[str, str, str] | None:
    """The first field of a batch output line that is not as batch writes it, with what it
    should be (Chinese, English); None when every field ``Portfolio.add`` reads is sound."""
    checks: list[tuple[str, bool, tuple[str, str]]] = [
        ("ok", isinstance(line.get("ok"), bool), _FLAG),
        ("tags", isinstance(line.get("tags"), dict | None), _TABLE),
        ("id", isinstance(line.get("id"), str | int | None) and not isinstance(
            line.get("id"), bool), _TEXT),
        ("findings", _rows(line.get("findings")), _LIST),
    ]
    if line.get("ok") is False:
        checks.append(("errors", _rows(line.get("errors")), _LIST))
    else:
        r = line["result"]
        checks += [
            ("result.total", _is_number(r.get("total")), _NUMBER),
            ("result.grade", isinstance(r.get("grade"), str | None), _TEXT),
            ("result.subject", isinstance(r.get("subject"), dict | None), _TABLE),
            ("result.scheme", isinstance(r.get("scheme"), dict | None), _TABLE),
            ("result.budget", isinstance(r.get("budget"), dict | None), _TABLE),
            ("result.indicators", _rows(r.get("indicators")), _LIST),
            ("result.diagnostics", _rows(r.get("diagnostics")), _LIST),
            ("result.findings", _rows(r.get("findings")), _LIST),
        ]
    for field, ok, (expected, expected_en) in checks:
        if not ok:
            return field, expected, expected_en
    checks = []
    if line["ok"]:
        r = line["result"]
        budget = r.get("budget") or {}
        if budget.get("adjusted"):
            checks += [(f"result.budget.{k}", _is_number(budget.get(k), optional=True), _NUMBER)
                       for k in ("score", "computed_score")]
        for i, ind in enumerate(r.get("indicators") or []):
            # null where a row is not scored (其中… rows, rows that do not apply)
            checks += [(f"result.indicators[{i}].{k}", _is_number(ind.get(k), optional=True),
                        _NUMBER) for k in ("completion", "weight", "score", "computed_score")]
    for field, ok, (expected, expected_en) in checks:
        if not ok:
            return field, expected, expected_en
    return None


def _counted(field: str) -> tuple[str, str]:
    """A field path as people read it, rows counted from 1: ``result.indicators[2].score`` →
    ``result.indicators 第 3 项的 score`` / ``score of item 3 of result.indicators``."""
    head, sep, rest = field.partition("[")
    if not sep:
        return field, field
    index, _, key = rest.partition("].")
    n = int(index) + 1
    return f"{head} 第 {n} 项的 {key}", f"{key} of item {n} of {head}"


def _rows(v: Any) -> bool:
    """A list of tables, or absent."""
    return v is None or (isinstance(v, list) and all(isinstance(x, dict) for x in v))


def _walk(line: dict[str, Any], field: str) -> Any:
    """The value at a dotted path such as ``result.indicators[2].score``."""
    value: Any = line
    for part in field.replace("[", ".[").split("."):
        if part.startswith("["):
            value = value[int(part[1:-1])]
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value


def read_portfolio(lines: Iterable[dict[str, Any]]) -> Portfolio:
    p = Portfolio()
    for line in lines:
        p.add(line)
    return p


__all__ = ["DIMENSIONS", "Portfolio", "read_lines", "read_portfolio"]
