"""The 自评表 as a terminal table: budget lines, sub-projects, indicators, section scores,
total and grade, then reasons and warnings. Column widths count CJK characters as two."""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.engine.result import FundsResult, Result
from jixiao.render.common import clean, clip, dec, pad, percent
from jixiao.render.diagnostics import render_diagnostic

_LABELS = {
    "zh": {
        "title": "{year}年度绩效自评表", "funds": "资金情况（{unit}）", "A": "全年预算数(A)",
        "B": "全年执行数(B)", "rate": "执行率(B/A)", "total": "年度资金总额",
        "central": "其中：中央资金", "local": "　　　地方资金", "other": "　　　其他资金",
        "batch": "批次：{name}", "project": "项目", "status": "状态",
        "c_rate": "中央执行率", "l_rate": "地方执行率", "section": "一级指标",
        "category": "二级指标", "indicator": "三级指标", "target": "指标值",
        "actual": "全年实际完成值", "weight": "分值", "completion": "完成率",
        "deviation": "偏差率", "score": "得分", "scores": "得分汇总",
        "sum": "总分", "grade": "评级", "reasons": "偏差原因和改进措施",
        "notes": "提示", "scheme": "评分方案", "derived": "（计算值）",
        "not_started": "未开工", "started": "已开工", "completed": "已完工",
        "na": "不适用", "adjusted": "* 评价人调整得分（按公式计算的得分见括号）",
        "not_used": "填报得分未采用（方案不允许调整），按公式计分",
        "rescaled": "不适用指标的分值已按方案重新分配（括号内为原分值）",
        "form_project": "项目名称", "central_department": "中央主管部门", "department": "主管部门",
        "implementer": "实施单位", "manager": "项目负责人", "date": "填报时间",
        "goal": "年度总体目标", "achieved": "全年实际完成情况", "management": "资金管理情况",
    },
    "en": {
        "title": "Self-evaluation {year}", "funds": "Funds ({unit})", "A": "Budget (A)",
        "B": "Executed (B)", "rate": "Rate (B/A)", "total": "Total", "central": "  central",
        "local": "  local", "other": "  other", "batch": "Batch: {name}", "project": "Project",
        "status": "Status", "c_rate": "Central rate", "l_rate": "Local rate",
        "section": "Section", "category": "Category", "indicator": "Indicator",
        "target": "Target", "actual": "Actual", "weight": "Weight", "completion": "Completion",
        "deviation": "Deviation", "score": "Score", "scores": "Scores", "sum": "Total",
        "grade": "Grade", "reasons": "Reasons for deviations", "notes": "Notes",
        "scheme": "Scheme", "derived": " (derived)", "not_started": "not started",
        "started": "started", "completed": "completed", "na": "n/a",
        "adjusted": "* the assessor's score (the formula's in brackets)",
        "not_used": "a filed score was not used (the scheme allows no adjustment)",
        "rescaled": "weights rescaled for rows that do not apply (before in brackets)",
        "form_project": "Project", "central_department": "Central department",
        "department": "Department", "implementer": "Implemented by", "manager": "Manager",
        "date": "Filed", "goal": "Annual goal", "achieved": "Achieved",
        "management": "Funds management",
    },
}


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    from jixiao.render.common import width

    rows = [[clean(c) for c in r] for r in rows]  # data: no escape or line break reaches a tty
    cols = [max([width(header[i])] + [width(r[i]) for r in rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(pad(c, cols[i], i in right) for i, c in enumerate(cells)).rstrip()
    rule = "  ".join("─" * c for c in cols)
    return [line(header), rule, *(line(r) for r in rows)]


def _funds_row(label: str, f: FundsResult) -> list[str]:
    return [label, dec(f.total), dec(f.executed), percent(f.rate)]


def to_text(r: Result, lang: str = "zh") -> str:
    """The 自评表 of ``r`` for a terminal."""
    if not isinstance(r, Result):  # a caller's None or dict: JX028, not an AttributeError
        from jixiao.render.json_ import checked_result

        checked_result("to_text", r)
    t = _LABELS["en" if lang == "en" else "zh"]
    out: list[str] = []
    title = f"{clean(r.subject)} " if r.subject else ""
    out.append(title + t["title"].format(year=r.year or ""))
    out.append(clean(f"{t['scheme']}: {r.scheme_name} {r.scheme_version}".rstrip()))
    f = r.form
    for key, value in (("form_project", f.project), ("central_department", f.central_department),
                       ("department", f.department), ("implementer", f.implementer),
                       ("manager", f.manager), ("date", f.date)):
        if value:
            out.append(clean(f"{t[key]}: {value}"))
    out.append("")
    b = r.budget
    rows = [_funds_row(t["total"], b.total)]
    for key, line in (("central", b.central), ("local", b.local), ("other", b.other)):
        if line is not None:
            rows.append(_funds_row(t[key], line))
    for name, total, central, local in b.batches:
        rows.append(_funds_row(t["batch"].format(name=name), total))
        for key, line in (("central", central), ("local", local)):
            if line is not None:
                rows.append(_funds_row(t[key], line))
    out += _table([t["funds"].format(unit=clean(r.money_unit)), t["A"], t["B"], t["rate"]], rows,
                  {1, 2, 3})
    if r.projects:
        out.append("")
        prows = [[str(i), clip(p.name, 40), dec(p.total.total), dec(p.total.executed),
                  percent(p.central.rate), percent(p.local.rate), t.get(p.status, p.status)]
                 for i, p in enumerate(r.projects, 1)]
        out += _table(["#", t["project"], t["A"], t["B"], t["c_rate"], t["l_rate"], t["status"]],
                      prows, {0, 2, 3, 4, 5})
    out.append("")
    irows = []
    rescaled = any(ind.weight != ind.base_weight for ind in r.indicators if ind.scored) or any(
        s.weight != s.base_weight for s in r.sections)
    for ind in r.indicators:
        name = ind.name + (f"({ind.unit})" if ind.unit else "")
        if ind.parent is not None:
            name = "　" + name  # 其中… sits under its parent
        actual = ind.actual_text or (dec(ind.actual_value) if ind.actual_value is not None else "")
        if ind.derived and ind.actual_value is not None:
            shown = percent(ind.actual_value) if ind.target_text.endswith("%") else dec(
                ind.actual_value)
            actual = shown + t["derived"] if shown != ind.actual_text else actual
        if ind.assessed_level and ind.level:
            actual += f"（{ind.level}）"
        if not ind.scored:
            na = t["na"] if not ind.applicable else ""
            irows.append([ind.section, ind.category, clip(name, 30), ind.target_text, actual,
                          f"({dec(ind.base_weight)})" if not ind.applicable else "", "", "",
                          na])
            continue
        weight = dec(ind.weight) + (f" ({dec(ind.base_weight)})" if rescaled
                                    and ind.weight != ind.base_weight else "")
        score = dec(ind.score) + (f"* ({dec(ind.computed_score)})" if ind.adjusted else "")
        irows.append([ind.section, ind.category, clip(name, 30), ind.target_text, actual,
                      weight, percent(ind.completion), percent(ind.deviation), score])
    out += _table([t["section"], t["category"], t["indicator"], t["target"], t["actual"],
                   t["weight"], t["completion"], t["deviation"], t["score"]], irows,
                  {5, 6, 7, 8})
    out.append("")
    srows = [[s.name, dec(s.weight) + (f" ({dec(s.base_weight)})" if s.weight != s.base_weight
                                       else ""),
              dec(s.score) + (f"* ({dec(s.computed_score)})" if s.adjusted else "")]
             for s in r.sections]
    srows.append([t["sum"], dec(r.full_score), dec(r.total)])
    out += _table([t["scores"], t["weight"], t["score"]], srows, {1, 2})
    if r.adjusted:
        out.append(t["adjusted"])
    if rescaled:
        out.append(t["rescaled"])
    out.append("")
    out.append(f"{t['sum']}: {dec(r.total)} / {dec(r.full_score)}    {t['grade']}: {r.grade}")
    for key, value in (("goal", f.goal), ("achieved", f.achieved)):
        if value:
            out += ["", f"{t[key]}:", f"  {clean(value)}"]
    if f.management:
        out += ["", t["management"] + ":"]
        out += [clean(f"  {m.item}: {m.note}" + (f"  ({m.problems})" if m.problems else ""))
                for m in f.management]
    for heading, text in f.texts:
        out += ["", clean(f"{heading}:"), f"  {clean(text)}"]
    reasons = [ind for ind in r.indicators if ind.reason]
    if reasons:
        out.append("")
        out.append(t["reasons"] + ":")
        out += [f"  {clean(ind.name)}: {clean(ind.reason)}" for ind in reasons]
    if r.diagnostics:
        out.append("")
        out.append(t["notes"] + ":")
        out += [render_diagnostic(d, lang) for d in r.diagnostics]
    return "\n".join(out) + "\n"
