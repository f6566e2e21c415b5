"""Audit reports (``jixiao audit``): text for a terminal, JSON for machines, Markdown for a
复核 note. Pure functions of the ``FileAudit``s; they format and count, never recompute."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from jixiao.audit import CLASSES, FileAudit, Finding, summary
from jixiao.render.common import dec

_ZH = {"precision": "精度", "adjustment": "调整", "unexplained_adjustment": "未说明的调整",
       "arithmetic": "计算", "grade": "评级", "unit": "单位", "missing_reason": "缺少原因",
       "consistency": "一致性", "unreadable": "无法读取"}
_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "说明"}


def _message(f: Finding, lang: str) -> str:
    return f.message_en if lang == "en" else f.message


def _figures(f: Finding, lang: str) -> str:
    if f.filed is None and f.computed is None:
        return ""
    parts = [("filed " if lang == "en" else "填报 ") + (f.filed or "—"),
             ("computed " if lang == "en" else "计算 ") + (f.computed or "—")]
    if f.difference is not None:
        parts.append(("difference " if lang == "en" else "差 ") + f.difference)
    return "（" + "，".join(parts) + "）" if lang != "en" else " (" + ", ".join(parts) + ")"


def _counts(audits: Sequence[FileAudit]) -> list[tuple[str, int]]:
    c = summary(audits)
    return [(cls, c[cls]) for cls in CLASSES if c[cls]]


def audit_text(audits: Sequence[FileAudit], lang: str = "zh") -> str:
    en = lang == "en"
    out: list[str] = []
    for a in audits:
        head = a.source
        if a.result is not None:
            head += (f"  total {dec(a.result.total)} {a.result.grade}" if en else
                     f"  总分 {dec(a.result.total)} {a.result.grade}")
            if a.result.filed_total is not None:
                head += (f" (filed {dec(a.result.filed_total)} {a.result.filed_grade or ''})"
                         if en else f"（填报 {dec(a.result.filed_total)} "
                         f"{a.result.filed_grade or ''}）").replace(" )", ")").replace(" ）", "）")
        out.append(head)
        if not a.findings:
            out.append("  no findings" if en else "  未发现问题")
        for f in a.findings:
            label = f.cls if en else f"{_ZH[f.cls]} {f.cls}"
            sev = f.severity if en else _SEVERITY_ZH[f.severity]
            out.append(f"  {sev} [{label}] {f.place(lang)}: {_message(f, lang)}"
                       f"{_figures(f, lang)}")
        out.append("")
    counts = _counts(audits)
    errors = sum(a.errors for a in audits)
    listed = (", " if en else "、").join(f"{cls if en else _ZH[cls]} {n}" for cls, n in counts)
    out.append(("Summary: " if en else "汇总：") + (f"{len(audits)} files, " if en else
                                                    f"{len(audits)} 个文件，")
               + (listed or ("no findings" if en else "未发现问题"))
               + (f"; {errors} errors" if en else f"；错误 {errors} 项"))
    return "\n".join(out) + "\n"


def _finding(f: Finding, lang: str) -> dict[str, Any]:
    return {"class": f.cls, "severity": f.severity, "where": f.where, "place": f.place(lang),
            "filed": f.filed,
            "computed": f.computed, "difference": f.difference, "message": _message(f, lang)}


def audit_dict(audits: Sequence[FileAudit], lang: str = "zh") -> dict[str, Any]:
    return {
        "files": [{
            "source": a.source,
            "total": dec(a.result.total) if a.result else None,
            "grade": a.result.grade if a.result else None,
            "filed_total": (dec(a.result.filed_total) if a.result and
                            a.result.filed_total is not None else None),
            "filed_grade": a.result.filed_grade if a.result else None,
            "findings": [_finding(f, lang) for f in a.findings],
        } for a in audits],
        "summary": dict(_counts(audits)),
        "errors": sum(a.errors for a in audits),
    }


def audit_json(audits: Sequence[FileAudit], lang: str = "zh") -> str:
    return json.dumps(audit_dict(audits, lang), ensure_ascii=False, indent=2) + "\n"


def _cell(s: str | None) -> str:
    return (s or "").replace("|", "\\|").replace("\n", " ")


def audit_markdown(audits: Sequence[FileAudit], lang: str = "zh") -> str:
    en = lang == "en"
    out = ["# Audit" if en else "# 复核报告", ""]
    for a in audits:
        out.append(f"## {_cell(a.source)}")
        out.append("")
        if a.result is not None:
            filed = (f"{dec(a.result.filed_total)} {a.result.filed_grade or ''}".strip()
                     if a.result.filed_total is not None else "—")
            shown = f"{dec(a.result.total)} {a.result.grade}"
            out.append(f"Computed **{shown}**, filed {filed}." if en
                       else f"计算 **{shown}**，填报 {filed}。")
            out.append("")
        if not a.findings:
            out.append("No findings." if en else "未发现问题。")
            out.append("")
            continue
        out.append("| class | severity | where | filed | computed | difference | message |" if en
                   else "| 类别 | 严重性 | 位置 | 填报 | 计算 | 差 | 说明 |")
        out.append("|---|---|---|---:|---:|---:|---|")
        for f in a.findings:
            label = f.cls if en else f"{_ZH[f.cls]} `{f.cls}`"
            sev = f.severity if en else _SEVERITY_ZH[f.severity]
            out.append(f"| {label} | {sev} | {_cell(f.place(lang))} | {_cell(f.filed)} | "
                       f"{_cell(f.computed)} | {_cell(f.difference)} | "
                       f"{_cell(_message(f, lang))} |")
        out.append("")
    out.append("## Summary" if en else "## 汇总")
    out.append("")
    out.append("| class | findings |" if en else "| 类别 | 数量 |")
    out.append("|---|---:|")
    for cls, n in _counts(audits):
        out.append(f"| {cls if en else _ZH[cls] + ' `' + cls + '`'} | {n} |")
    out.append(f"| **{'errors' if en else '错误'}** | {sum(a.errors for a in audits)} |")
    return "\n".join(out) + "\n"


AUDIT_FORMATS = {"text": audit_text, "json": audit_json, "md": audit_markdown}
