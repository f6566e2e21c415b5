"""Cases kept next to a scheme, as data: ``jixiao test`` runs them and shows what differs.

Stage: application layer over the public API. A case file ``NAME.cases.toml`` sits next to
``NAME.jx``; each ``[[case]]`` names a data file (``data = "…"``, relative to the case file)
or holds the record inline (``[case.record]``, shaped like a data file), and lists only the
figures its author cares about under ``[case.expect]``: the total, the grade, a section's or
an indicator's score, completion, deviation or level, the budget rate, warning codes, or the
error code the record must be refused with. Figures are compared as exact decimals
(``5.38`` equals ``5.380``). ``--update`` rewrites the expected figures that differ, and gives
a case without expectations its total, grade and section scores — only when asked.

Coverage (``--coverage``) lists what of a scheme no case reaches: kinds, qualitative levels,
each branch of every ``if`` (read off the explanation walk, which agrees with the engine step
by step), grades, ``require`` conditions and ``flag``s.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from jixiao.api import data_from_mapping, load_data
from jixiao.decode_errors import toml_problem
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.diagnostics import (
    DataError,
    InputError,
    JixiaoError,
    Span,
    error,
    locate,
    quoted,
)
from jixiao.engine.evaluate import evaluate
from jixiao.engine.model import Aggregate, Binary, Call, Cond, Expr, Scheme, Unary, show
from jixiao.engine.result import Result
from jixiao.explain import Explainer, formula_index
from jixiao.files import exists, is_dir, is_file, read_text, resolved, write_output
from jixiao.library import load_scheme
from jixiao.places import DataPlaces
from jixiao.render.common import dec, width

CASES_SUFFIX = ".cases.toml"
CASE_KEYS = {"name", "data", "record", "expect"}
EXPECT_KEYS = {"total", "grade", "sections", "indicators", "budget_rate", "warnings", "error"}
INDICATOR_FIGURES = {"score": ("得分", "score"), "completion": ("完成率", "completion"),
                     "deviation": ("偏差率", "deviation"), "weight": ("分值", "weight"),
                     "level": ("等级", "level"), "actual": ("完成值", "actual")}
TOP_FIGURES = {"total": ("总分", "total"), "grade": ("评级", "grade"),
               "budget_rate": ("预算执行率", "budget rate")}


@attrs.frozen
class Case:
    file: Path
    index: int  # 0-based, the n-th [[case]] of its file
    name: str
    scheme: Path
    data: Path | None
    record: Mapping[str, Any] | None
    expect: Mapping[str, Any]


@attrs.frozen
class Mismatch:
    """One expected figure that differs. ``key`` is its path in ``[case.expect]``."""

    label: str
    expected: str
    actual: str
    key: tuple[str, ...]
    label_en: str = ""


@attrs.frozen
class Outcome:
    case: Case
    mismatches: tuple[Mismatch, ...]
    result: Result | None
    error_codes: tuple[str, ...] = ()
    error_text: str = ""

    @property
    def passed(self) -> bool:
        return not self.mismatches


# ---------------------------------------------------------------- finding and reading cases


def case_files(paths: Sequence[Path]) -> list[Path]:
    """The case files ``paths`` name: a case file, a scheme (its ``.cases.toml`` beside it) or
    a folder (every case file below it)."""
    found: list[Path] = []
    for p in paths:
        if not exists(p):  # a path that names nothing: the file is missing, not malformed
            raise InputError([error("JX001", where=str(p), path=p)])
        if is_dir(p):
            found.extend(sorted(p.rglob("*" + CASES_SUFFIX)))
        elif p.name.endswith(CASES_SUFFIX):
            found.append(p)
        elif p.suffix == ".jx":
            beside = p.with_name(p.stem + CASES_SUFFIX)
            if not is_file(beside):
                raise DataError([error("JX041", where=str(p), detail="没有用例文件 " + beside.name,
                                       detail_en="it has no case file " + beside.name)])
            found.append(beside)
        else:
            raise DataError([error("JX041", where=str(p), detail="不是用例文件、方案或目录",
                                   detail_en="not a case file, a scheme or a folder")])
    return list(dict.fromkeys(found))


def read_cases(path: Path) -> list[Case]:
    """The cases of one file; JX041 for every malformed part."""
    text = read_text(path)  # missing, too large, not UTF-8: JX001, JX006, JX002
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        at, zh, en = toml_problem(exc)
        raise DataError([error("JX041", where=f"{path}:{at}" if at else str(path),
                               detail=zh, detail_en=en)]) from None
    except RecursionError:  # tables nested thousands deep: tomllib recurses per level
        raise DataError([error("JX041", where=str(path), detail="嵌套过深",
                               detail_en="nested too deep")]) from None
    # Each problem at its data path (``case[0].expect.totl``), placed by DataPlaces as data
    # errors are: the file's line, the case counted from 1 and named (第1个用例「一」).
    problems = []
    scheme_ref = doc.get("scheme", path.name.removesuffix(CASES_SUFFIX) + ".jx")
    scheme = path.parent / str(scheme_ref)
    for key in doc:
        if key not in ("scheme", "case"):
            problems.append(error("JX041", where=key, detail=f"未知的键 {key}",
                                  detail_en=f"unknown key {key}"))
    raw = doc.get("case", [])
    if not isinstance(raw, list) or not raw:
        problems.append(error("JX041", where="case", detail="没有 [[case]]",
                              detail_en="no [[case]]"))
        raw = []
    cases = []
    for i, c in enumerate(raw):
        where = f"case[{i}]"
        if not isinstance(c, dict):
            continue
        for key in c:
            if key not in CASE_KEYS:
                problems.append(error("JX041", where=f"{where}.{key}", detail=f"未知的键 {key}",
                                      detail_en=f"unknown key {key}"))
        expect = c.get("expect", {})
        for key in expect:
            if key not in EXPECT_KEYS:
                problems.append(error("JX041", where=f"{where}.expect.{key}",
                                      detail=f"未知的期望 {key}，可用："
                                      + "、".join(sorted(EXPECT_KEYS)),
                                      detail_en=f"unknown expectation {key}; known: "
                                      + ", ".join(sorted(EXPECT_KEYS))))
        if ("data" in c) == ("record" in c):
            problems.append(error("JX041", where=where, detail="须给出 data 或 record 之一",
                                  detail_en="give either data or record"))
            continue
        data = path.parent / str(c["data"]) if "data" in c else None
        cases.append(Case(path, i, str(c.get("name", f"case {i + 1}")), scheme, data,
                          c.get("record"), expect))
    if problems:
        places = DataPlaces(str(path), doc, text)
        raise DataError([attrs.evolve(d, file=quoted(str(path))) if not d.file else d
                         for d in locate(problems, places)])
    return cases


# ---------------------------------------------------------------- running


class Runner:
    """Runs cases, compiling each scheme once."""

    def __init__(self) -> None:
        self.compiled: dict[Path, CompiledScheme] = {}

    def scheme(self, path: Path) -> CompiledScheme:
        key = resolved(path)
        if key not in self.compiled:
            self.compiled[key] = load_scheme(path)
        return self.compiled[key]

    def run(self, case: Case) -> Outcome:
        compiled = self.scheme(case.scheme)
        try:
            project = (load_data(case.data) if case.data is not None
                       else data_from_mapping(case.record or {}, source=str(case.file)))
            result = evaluate(compiled, project, explain=True)
        except JixiaoError as exc:
            return self.refused(case, exc)
        return Outcome(case, tuple(compare(case.expect, result)), result)

    def refused(self, case: Case, exc: JixiaoError) -> Outcome:
        codes = tuple(exc.codes)
        text = "; ".join(f"{d.code} {d.message()}" for d in exc.diagnostics[:3])
        want = case.expect.get("error")
        if want is not None and str(want) in codes:
            return Outcome(case, (), None, codes, text)
        got = "、".join(codes)
        return Outcome(case, (Mismatch("错误" if want is not None else "评分", str(want or "通过"),
                                       got + "：" + text, ("error",)),), None, codes, text)


def _figure(v: object) -> Decimal | str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int | Decimal):
        return Decimal(v)
    if isinstance(v, str):
        try:
            return Decimal(v.strip().removesuffix("%")) / (100 if v.strip().endswith("%") else 1)
        except InvalidOperation:
            return v
    return str(v)


def _same(expected: object, actual: Decimal | str | None) -> bool:
    e = _figure(expected)
    if isinstance(e, Decimal) and isinstance(actual, Decimal):
        return e == actual
    return str(e) == str(actual)


def _shown(v: Decimal | str | None) -> str:
    if v is None:
        return "（无）"
    return dec(v) if isinstance(v, Decimal) else v


def compare(expect: Mapping[str, Any], result: Result) -> Iterator[Mismatch]:
    """Every expected figure that differs from ``result``."""
    if "error" in expect:
        yield Mismatch("错误", str(expect["error"]), "评分成功，总分 " + dec(result.total),
                       ("error",), "error")
    checks: list[tuple[str, str, object, Decimal | str | None, tuple[str, ...]]] = []
    top: dict[str, Decimal | str | None] = {"total": result.total, "grade": result.grade,
                                           "budget_rate": result.budget.total.rate}
    for key, got in top.items():
        if key in expect:
            zh, en = TOP_FIGURES[key]
            checks.append((zh, en, expect[key], got, (key,)))
    sections = {s.name: s.score for s in result.sections}
    for name, want in dict(expect.get("sections", {})).items():
        checks.append((name, name, want, sections.get(name), ("sections", name)))
    indicators = {i.name: i for i in result.indicators}
    for name, want in dict(expect.get("indicators", {})).items():
        ind = indicators.get(name)
        figures = want if isinstance(want, dict) else {"score": want}
        for fig, value in figures.items():
            actual: Decimal | str | None = None
            if ind is not None and fig in INDICATOR_FIGURES:
                actual = (ind.actual_value if fig == "actual" else getattr(ind, fig))
            zh, en = INDICATOR_FIGURES.get(fig, (fig, fig))
            path: tuple[str, ...] = (("indicators", name, fig) if isinstance(want, dict)
                                     else ("indicators", name))
            checks.append((f"{name} · {zh}", f"{name} · {en}", value, actual, path))
    for label, label_en, want, got_value, where in checks:
        if not _same(want, got_value):
            yield Mismatch(label, _shown(_figure(want)), _shown(got_value), where, label_en)
    codes = {d.code for d in result.diagnostics}
    for code in expect.get("warnings", []):
        if str(code) not in codes:
            yield Mismatch("警告", str(code), "、".join(sorted(codes)) or "（无）", ("warnings",),
                           "warnings")


# ---------------------------------------------------------------- the report


def report(outcomes: Sequence[Outcome], lang: str = "zh") -> str:
    zh = lang == "zh"
    lines = []
    for o in outcomes:
        title = f"{o.case.file.name} · {o.case.name}"
        if o.passed:
            lines.append(f"✓ {title}")
            continue
        lines.append(f"✗ {title}")
        labels = [m.label if zh else (m.label_en or m.label) for m in o.mismatches]
        cols = max(width(label) for label in labels)
        for m, label in zip(o.mismatches, labels, strict=True):
            pad = " " * (cols - width(label))
            if zh:
                lines.append(f"    {label}{pad}  期望 {m.expected}  实际 {m.actual}")
            else:
                lines.append(f"    {label}{pad}  expected {m.expected}  got {m.actual}")
    failed = sum(not o.passed for o in outcomes)
    n = len(outcomes)
    lines.append(f"{n} 个用例：{n - failed} 个通过，{failed} 个未通过" if zh
                 else f"{n} cases: {n - failed} passed, {failed} failed")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- coverage


@attrs.frozen
class Gap:
    """Something of a scheme no case reaches."""

    what: str  # kind | level | branch | grade | require | flag
    text: str
    span: Span | None


def _conds(e: Expr) -> Iterator[Cond]:
    match e:
        case Cond(test=t, then=a, otherwise=b):
            yield e
            yield from _conds(t)
            yield from _conds(a)
            yield from _conds(b)
        case Binary(left=left, right=right):
            yield from _conds(left)
            yield from _conds(right)
        case Unary(operand=o):
            yield from _conds(o)
        case Call(args=args):
            for a in args:
                yield from _conds(a)
        case Aggregate(item=item, where=w):
            for x in (item, w):
                if x is not None:
                    yield from _conds(x)


def _key(span: Span) -> tuple[str, int, int]:
    return (span.file, span.line, span.column)


Reach = tuple[str, tuple[str, int, int], bool]  # (what, where, which branch)


def reached(compiled: CompiledScheme, outcomes: Iterable[Outcome]) -> set[Reach]:
    """What of ``compiled``'s scheme the outcomes reach, by where it stands in the scheme text:
    a kind, level or formula a child inherits is the parent's, at the parent's line."""
    s: Scheme = compiled.scheme
    ex = Explainer(compiled)
    out: set[Reach] = set()

    def add(what: str, span: Span | None, ok: bool = True) -> None:
        if span is not None:
            out.add((what, _key(span), ok))
    kinds = {k.name: k for k in s.kinds}
    grades = {g.name: g for g in s.grades}
    for o in outcomes:
        r = o.result
        if r is None:
            continue
        if r.grade in grades:
            add("grade", grades[r.grade].span)
        steps = [*r.budget.steps, *r.steps]
        for ind in r.indicators:
            kind = kinds.get(ind.kind)
            if kind is not None:
                add("kind", kind.span)
                for lv in kind.levels:
                    if lv.name == ind.level:
                        add("level", lv.span)
            steps.extend(ind.steps)
        for sec in r.sections:
            steps.extend(sec.steps)
        for st in steps:
            for span, ok in ex.step(st).branches:
                add("branch", span, ok)
        for d in r.diagnostics:
            if d.code == "JX501":
                add("require", d.span)
            elif d.code in ("JX563", "JX564"):  # a flag that held (JX564: it deducted)
                add("flag", d.span)
    return out


def coverage(compiled: CompiledScheme, reach: set[Reach]) -> list[Gap]:
    """What of ``compiled``'s scheme is not in ``reach`` (pooled over every case run, so a
    child's inherited formulas count as reached by its parent's cases)."""
    s: Scheme = compiled.scheme
    gaps: list[Gap] = []
    seen: set[tuple[str, tuple[str, int, int], bool]] = set()

    def gap(what: str, text: str, span: Span | None, ok: bool = True) -> None:
        if span is None:
            return
        key = (what, _key(span), ok)
        if key not in reach and key not in seen:
            seen.add(key)
            gaps.append(Gap(what, text, span))
    for k in s.kinds:
        gap("kind", k.name, k.span)
        if ("kind", _key(k.span), True) in reach if k.span else False:
            for lv in k.levels:
                gap("level", f"{k.name} · {lv.name}", lv.span)
        for req in k.requires:
            gap("require", show(req.condition.expr), req.span)
        for fl in k.flags:
            gap("flag", f"{fl.name}: {show(fl.condition.expr)}", fl.span)
    done: set[tuple[str, int, int]] = set()
    for f in formula_index(s).values():
        for c in _conds(f.expr):
            if c.span is None or _key(c.span) in done:
                continue
            done.add(_key(c.span))
            gap("branch", f"if {show(c.test)} → then", c.span, True)
            gap("branch", f"if {show(c.test)} → else", c.span, False)
    for g in s.grades:
        gap("grade", g.name, g.span)
    return gaps


GAP_NAMES = {"kind": ("指标类型", "kind"), "level": ("定性等级", "level"),
             "branch": ("分支", "branch"), "grade": ("评级", "grade"),
             "require": ("偏差原因要求", "require"), "flag": ("提示规则", "flag")}


def coverage_report(name: str, gaps: Sequence[Gap], lang: str = "zh") -> str:
    zh = lang == "zh"
    if not gaps:
        return (f"覆盖 {name}：全部类型、等级、分支、评级均有用例到达\n" if zh
                else f"coverage {name}: every kind, level, branch and grade is reached\n")
    lines = [f"覆盖 {name}：以下各项没有用例到达" if zh
             else f"coverage {name}: no case reaches"]
    for g in gaps:
        where = f"  [{Path(g.span.file).name}:{g.span.line}]" if g.span else ""
        lines.append(f"    {GAP_NAMES[g.what][0 if zh else 1]} {g.text}{where}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- --update


def _toml_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bare(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def update(path: Path, outcomes: Sequence[Outcome]) -> tuple[int, list[str]]:
    """Rewrite ``path``'s expectations from what was scored: each differing figure in place,
    and a ``[case.expect]`` for a case that has none. Returns the count changed and the
    figures that could not be found in the text (left for the author)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip() == "[[case]]"]
    bounds = list(zip(starts, [*starts[1:], len(lines)], strict=True))
    changed = 0
    left: list[str] = []
    inserts: list[tuple[int, list[str]]] = []
    for o in outcomes:
        if o.case.file != path or o.case.index >= len(bounds):
            continue
        lo, hi = bounds[o.case.index]
        if not o.case.expect and o.result is not None:
            inserts.append((hi, _new_expect(o.result)))
            changed += 1
            continue
        for m in o.mismatches:
            if m.key == ("warnings",):
                left.append(f"{o.case.name} · {m.label}")
                continue
            if _replace(lines, *_expect_lines(lines, lo, hi), m, o):
                changed += 1
            else:
                left.append(f"{o.case.name} · {m.label}")
    for at, block in sorted(inserts, reverse=True):
        while at > 0 and not lines[at - 1].strip():
            at -= 1
        lines[at:at] = block
    if changed:
        write_output(path, "\n".join(lines))  # aside, then renamed over the cases file
    return changed, left


def _new_expect(r: Result) -> list[str]:
    secs = ", ".join(f"{_bare(s.name)} = {_toml_string(dec(s.score))}" for s in r.sections)
    return ["[case.expect]", f"total = {_toml_string(dec(r.total))}",
            f"grade = {_toml_string(r.grade)}", f"sections = {{ {secs} }}"]


def _expect_lines(lines: list[str], lo: int, hi: int) -> tuple[int, int]:
    """The lines of a case's ``[case.expect]`` table (and its sub-tables)."""
    start = next((i for i in range(lo, hi) if lines[i].strip().startswith("[case.expect")), hi)
    end = next((i for i in range(start + 1, hi) if lines[i].strip().startswith("[")
                and not lines[i].strip().startswith("[case.expect")), hi)
    return start, end


_VALUE = r'("[^"\n]*"|-?[0-9][0-9.]*)'


def _replace(lines: list[str], lo: int, hi: int, m: Mismatch, o: Outcome) -> bool:
    """Replace one expected value in the case's lines, when it can be found exactly once."""
    new = _toml_string(m.actual)
    if m.key == ("error",):
        if o.error_codes:
            new = _toml_string(o.error_codes[0])
        else:
            return False
    *context, last = m.key
    pattern = re.compile(r"(^|[\s{,])(" + re.escape(last) + r'|"' + re.escape(last) + r'")'
                         + r"(\s*=\s*)" + _VALUE)
    hits = [i for i in range(lo, hi) if pattern.search(lines[i])
            and all(c in lines[i] for c in context if c not in ("sections", "indicators"))]
    if len(hits) != 1 or len(pattern.findall(lines[hits[0]])) != 1:
        return False
    i = hits[0]
    lines[i] = pattern.sub(lambda g: g.group(1) + g.group(2) + g.group(3) + new, lines[i])
    return True
