"""The worst inputs we know of that still fit the limits (``engine/limits.py``).

Each shape is a function returning ``(scheme_text, data_text)``: a scheme as large and as
expensive as the limits allow, data as large as the file limit allows. ``bench_limits.py``
measures them; ``tests/test_limits.py`` checks them against generous bounds.
"""

from __future__ import annotations

from collections.abc import Callable

from jixiao.engine.limits import DEFAULT_LIMITS, Limits

HEAD = '''scheme 极限 version "1" {
  rounding half_up
  budget { rate = round(executed / total, 4) }
'''
TAIL = '''  kind 正向 for >=, >, bare {
    completion = if actual >= target then 1
      else if target > 0 then max(round(actual / target, 4), 0) else 0
  }
  kind 定性 for text {
    completion = ratio
    level 达成 ratio 1
  }
  deviation = 1 - completion
  score = round(weight * min(completion, 1), 2)
  subtotal = round(sum(indicators, score), 2)
  total = round(sum(sections, score), 2)
  grade 优 [0, 100]
}
'''
SECTIONS = '''  section 预算执行 weight 10 { score = round(weight * min(budget.rate, 1), 2) }
  section 产出指标 weight 90 { split given_else_equal round 2 }
'''


def _fill(limits: Limits, line: Callable[[int], str], head: str = HEAD + SECTIONS,
          tail: str = TAIL) -> str:
    """``head``, as many ``line(i)`` as fit under the scheme size limit, ``tail``."""
    room = limits.scheme_bytes - len((head + tail).encode()) - 200
    parts, used, i = [], 0, 0
    while True:
        text = line(i)
        size = len(text.encode())
        if used + size > room:
            break
        parts.append(text)
        used += size
        i += 1
    return head + "".join(parts) + tail


def _records(limits: Limits, indicators: int, projects: int, row: Callable[[int], str],
             scheme: str = "worst.jx") -> str:
    """A TOML record with up to ``indicators`` rows and ``projects`` sub-projects, cut to
    stay under the data file limit."""
    head = f'scheme = "{scheme}"\n[budget]\ntotal = 100\nexecuted = 60\n'
    rows, used = [], len(head.encode())
    for i in range(min(indicators, limits.indicators)):
        r = row(i)
        used += len(r.encode())
        if used > limits.file_bytes - 1000:
            break
        rows.append(r)
    text = head + "".join(rows)
    proj = ('[[projects]]\nname = "子项目{i}"\nbudget = {{ central = 1 }}\n'
            'executed = {{ central = 0.5 }}\nstatus = "started"\n')
    room = limits.file_bytes - len(text.encode()) - 200
    one = len(proj.format(i=99999).encode())
    n = min(projects, limits.projects, room // one)
    return text + "".join(proj.format(i=i) for i in range(n))


def _row(i: int) -> str:
    return (f'[[indicators]]\nsection = "产出指标"\nname = "指标{i}"\ntarget = "≥100"\n'
            f'actual = "{i % 150}"\nreason = "说明"\n')


# -- the shapes


def many_sections(limits: Limits = DEFAULT_LIMITS) -> tuple[str, str]:
    """The issue's 64,000 sections, as many as fit: lowering and checks must be linear."""
    text = _fill(limits, lambda i: f"  section 部分{i} weight 0 {{ split equal }}\n")
    return text, _records(limits, 10, 0, _row)


def big_formulas(limits: Limits = DEFAULT_LIMITS) -> tuple[str, str]:
    """Derives at the formula size limit, over the sub-projects, as many as fit."""
    terms = [f"sum(projects, central.total * {k % 7 + 1})"
             for k in range(limits.expression_nodes // 8)]
    while len(terms) > 1:  # a balanced tree of +: as large as allowed, far from the depth limit
        terms = [f"({a} + {b})" for a, b in zip(terms[::2], terms[1::2], strict=False)] + (
            [terms[-1]] if len(terms) % 2 else [])
    body = terms[0]
    text = _fill(limits, lambda i: f"  derive 汇总{i} = round({body}, 2)\n")
    return text, _records(limits, 100, 100_000, _row)


def syntax_errors(limits: Limits = DEFAULT_LIMITS) -> tuple[str, str]:
    """A full-size scheme with a syntax error every few thousand lines: recovery must not parse
    the whole file again per error."""
    def line(i: int) -> str:
        word = "wieght" if i % 1000 == 999 else "weight"
        return f"  section 部分{i} {word} 0 {{ split equal }}\n"
    return _fill(limits, line), _records(limits, 10, 0, _row)


def per_indicator_aggregates(limits: Limits = DEFAULT_LIMITS) -> tuple[str, str]:
    """The issue's 19 kB scheme + 320 kB data, at the limits: every indicator's formulas read
    aggregates over every sub-project (computed once per record, not once per indicator)."""
    aggregates = " + ".join(f"count(projects where central.total > {k})" for k in range(3))
    kind = ("  kind 正向 for >=, >, bare {\n"
            f"    completion = if ({aggregates}) >= 0 and actual >= target then 1\n"
            "      else if target > 0 then max(round(actual / target, 4), 0) else 0\n  }\n")
    tail = TAIL[TAIL.index("  kind 定性"):]
    text = HEAD + SECTIONS + kind + tail
    return text, _records(limits, limits.indicators, 100_000, _row)


def max_indicators(limits: Limits = DEFAULT_LIMITS) -> tuple[str, str]:
    """As many indicators as allowed, each with the longest target and reason texts."""
    def row(i: int) -> str:
        return (f'[[indicators]]\nsection = "产出指标"\nname = "指标{i}"\ntarget = "≥100"\n'
                f'actual = "{i % 150}"\nreason = "{"很长的说明" * 40}"\n')
    return HEAD + SECTIONS + TAIL, _records(limits, limits.indicators, 0, row)


def huge_numbers(limits: Limits = DEFAULT_LIMITS) -> tuple[str, str]:
    """Products of 30-digit figures that would reach 10^999999: stopped at JX410."""
    product = " * ".join(["budget.total"] * 60)
    text = HEAD + SECTIONS + f"  derive 巨大 = {product}\n" + TAIL
    data = _records(limits, 1, 0, lambda i: (
        '[[indicators]]\nsection = "产出指标"\nname = "巨大"\ntarget = "≥1"\n'))
    return text, data.replace("total = 100\n", "total = 999999999999999999999999999999\n", 1)


def step_budget(limits: Limits = DEFAULT_LIMITS) -> tuple[str, str]:
    """Many derives over many sub-projects, each needed: stopped at JX411, quickly."""
    text = _fill(limits, lambda i: f"  derive 数{i} = sum(projects, central.total * {i % 9})\n")
    names = text.count("derive 数")
    data = _records(limits, names, 100_000, lambda i: (
        f'[[indicators]]\nsection = "产出指标"\nname = "数{i}"\ntarget = "≥1"\n'))
    return text, data


SHAPES: dict[str, Callable[[Limits], tuple[str, str]]] = {
    "many_sections": many_sections,
    "big_formulas": big_formulas,
    "syntax_errors": syntax_errors,
    "per_indicator_aggregates": per_indicator_aggregates,
    "max_indicators": max_indicators,
    "huge_numbers": huge_numbers,
    "step_budget": step_budget,
}
