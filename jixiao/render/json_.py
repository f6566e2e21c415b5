"""The machine-readable result: a plain dict with a fixed key order, and its JSON text.

Contract (README, "JSON output"): every decimal is a string in its shortest exact form as
scored (``"92.71"``, ``"30"``); rates are fractions (``"0.5375"``), never percentages.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from jixiao.engine.diagnostics import Diagnostic
from jixiao.engine.result import FundsResult, IndicatorResult, Result, Step
from jixiao.render.common import dec


def _v(x: Decimal | bool | str | None) -> Any:
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    return dec(x)


def _funds(f: FundsResult | None) -> dict[str, Any] | None:
    if f is None:
        return None
    out = {"total": dec(f.total), "executed": dec(f.executed), "rate": _v(f.rate)}
    if f.filed_rate is not None:  # only when the table printed one: old outputs stay as they were
        out["filed_rate"] = dec(f.filed_rate)
    return out


def _step(s: Step) -> dict[str, Any]:
    return {
        "name": s.name,
        "formula": s.formula,
        "inputs": {name: _v(v) for name, v in s.inputs},
        "roundings": [{"before": dec(r.before), "digits": r.digits, "mode": r.mode,
                       "after": dec(r.after)} for r in s.roundings],
        "value": _v(s.value),
        "at": str(s.span) if s.span else None,
    }


_HEADER = ("project", "central_department", "department", "implementer", "manager", "date")


def _indicator(i: IndicatorResult) -> dict[str, Any]:
    scored = i.scored
    return {
        "section": i.section,
        "category": i.category,
        "name": i.name,
        "unit": i.unit,
        "kind": i.kind,
        "weight": dec(i.weight),
        "target": i.target_text,
        "actual": i.actual_text,
        "actual_value": _v(i.actual_value),
        "derived": i.derived,
        "level": i.level,
        "completion": dec(i.completion) if scored else None,
        "deviation": dec(i.deviation) if scored else None,
        "score": dec(i.score) if scored else None,
        "reason": i.reason,
        "explain": [_step(s) for s in i.steps],
        "computed_score": dec(i.computed_score) if scored else None,
        "filed_score": _v(i.filed_score),
        "adjusted": i.adjusted,
        "applicable": i.applicable,
        "parent": i.parent,
        "base_weight": dec(i.base_weight),
        "assessed_level": i.assessed_level,
        "note": i.note or None,
    }


# A diagnostic's words by (id, language), the diagnostic first in the entry (it keeps its id
# its own): the fast evaluator gives the same placed warning object to every record of a form
# (a JX501 on the same row), and wording it again was a tenth of a batch's time.
_WORDED: dict[tuple[int, str], tuple[Diagnostic, str, str, str]] = {}


def _diagnostic(d: Diagnostic, lang: str) -> dict[str, Any]:
    hit = _WORDED.get((id(d), lang))
    if hit is None or hit[0] is not d:
        if len(_WORDED) >= 4096:
            _WORDED.clear()
        hit = _WORDED[id(d), lang] = (d, d.message(lang), d.hint(lang), d.location)
    return {"code": d.code, "severity": d.severity.value, "message": hit[1], "hint": hit[2],
            "where": hit[3]}


def _batch_note(r: Result, k: int, name: str) -> str | None:
    """The 说明 filed with batch ``k`` (text, not a figure: read from the data the result
    carries), or None."""
    filed = r.data.budget.batches if r.data is not None else ()
    return (filed[k].note or None) if k < len(filed) and filed[k].name == name else None


def to_dict(r: Result, lang: str = "zh") -> dict[str, Any]:
    """The result as JSON-ready data (strings, lists, dicts, booleans and ``None``)."""
    checked_result("to_dict", r)
    b = r.budget
    f = r.form
    return {
        "scheme": {"name": r.scheme_name, "version": r.scheme_version},
        "subject": {"name": r.subject, "year": r.year, "unit": r.money_unit,
                    **{k: getattr(f, k) or None for k in _HEADER}},
        "goals": {"overall": f.goal or None, "achieved": f.achieved or None},
        "management": [{"item": m.item, "note": m.note, "problems": m.problems}
                       for m in f.management],
        "texts": dict(f.texts),
        "report": {"issuer": f.issuer or None, "self_name": f.self_name or None,
                   "fund": f.fund or None, "basis": list(f.basis)},
        "total": dec(r.total),
        "full_score": dec(r.full_score),
        "grade": r.grade,
        "budget": {
            **(_funds(b.total) or {}),
            "central": _funds(b.central),
            "local": _funds(b.local),
            "other": _funds(b.other),
            "batches": [{"name": name, **(_funds(total) or {}), "central": _funds(c),
                         "local": _funds(lo), "note": _batch_note(r, k, name)}
                        for k, (name, total, c, lo) in enumerate(b.batches)],
            "explain": [_step(s) for s in b.steps],
            "planned": _v(b.planned),
            # 到位: the funds that arrived and the 到位率 the written report prints (the
            # scheme's budget rate of arrived / total); null when the data gives no 到位数
            "arrived": _v(b.arrived.executed) if b.arrived is not None else None,
            "arrived_rate": _v(b.arrived.rate) if b.arrived is not None else None,
        },
        "sections": [{"name": s.name, "weight": dec(s.weight), "score": dec(s.score),
                      "explain": [_step(st) for st in s.steps],
                      "computed_score": dec(s.computed_score), "filed_score": _v(s.filed_score),
                      "adjusted": s.adjusted, "base_weight": dec(s.base_weight)}
                     for s in r.sections],
        "indicators": [_indicator(i) for i in r.indicators],
        "projects": [{"name": p.name, "status": p.status, **(_funds(p.total) or {}),
                      "central": _funds(p.central), "local": _funds(p.local),
                      "unit": p.unit or None}
                     for p in r.projects],
        "derived": {name: dec(v) for name, v in r.derived},
        "diagnostics": [_diagnostic(d, lang) for d in r.diagnostics],
        "explain": [_step(s) for s in r.steps],
        "adjusted": r.adjusted,
        "filed": {"total": _v(r.filed_total), "grade": r.filed_grade,
                  "summary": r.filed_summary or None},
    }


def checked_result(function: str, r: object) -> None:
    """A caller's ``None`` or dict where a ``Result`` belongs: JX028 naming the function the
    caller called, not an ``AttributeError`` from deep inside a renderer."""
    if not isinstance(r, Result):
        from jixiao.engine.diagnostics import wrong_argument

        raise wrong_argument(function, "result", "arg_result", r)


def to_json(r: Result, lang: str = "zh") -> str:
    checked_result("to_json", r)
    return json.dumps(to_dict(r, lang), ensure_ascii=False, indent=2) + "\n"
