"""The generated parts of the grammar and of ``docs/language.md``, from ``engine.language``.

Stage: tooling. ``tools/gen_language.py`` writes these blocks into ``dsl/scheme.lark`` (the
operator and aggregate terminals) and ``docs/language.md`` (the operator and function tables);
``tests/test_language_tables.py`` fails while either file differs from what this gives.
"""

from __future__ import annotations

from jixiao.engine.language import AGGREGATES, AGGREGATES_TABLE, FUNCTIONS_TABLE, OPERATORS

GRAMMAR_BEGIN = "// BEGIN generated from jixiao.engine.language by tools/gen_language.py"
GRAMMAR_END = "// END generated"
DOC_BEGIN = "<!-- BEGIN generated from jixiao.engine.language by tools/gen_language.py -->"
DOC_END = "<!-- END generated -->"


def grammar_terminals() -> str:
    """The grammar's operator and aggregate terminals."""
    terminals: dict[str, list[str]] = {}
    for op in OPERATORS:
        if op.terminal:
            terminals.setdefault(op.terminal, []).extend((op.symbol, *op.spellings))
    lines = []
    for name, spelled in terminals.items():
        # longest first, so that the scanner never stops at ">" in ">="
        ordered = sorted(dict.fromkeys(spelled), key=lambda s: -len(s))
        lines.append(f"{name}: " + " | ".join(f'"{s}"' for s in ordered))
    # priority 2: a keyword, never read as a NAME
    lines.append("AGGREGATE.2: " + " | ".join(f'"{a}"' for a in AGGREGATES))
    return "\n".join(lines)


def _code(text: str) -> str:
    return f"`{text}`"


def doc_tables() -> str:
    """The expression section's tables of operators, functions and aggregates."""
    out = ["| operator | also | 含义 | meaning | operands → result |", "|---|---|---|---|---|"]
    for op in OPERATORS:
        if op.unary:
            form = f"{op.symbol} x" if op.symbol.isalpha() else f"{op.symbol}x"
        else:
            form = f"a {op.symbol} b"
        operands = op.operands.value if op.operands else "any, both the same"
        out.append(f"| {_code(form)} | {' '.join(_code(s) for s in op.spellings)} | {op.zh} | "
                   f"{op.en} | {operands} → {op.result.value} |")
    out += ["", "| function | 含义 | meaning | arguments → result | example |",
            "|---|---|---|---|---|"]
    for fn in FUNCTIONS_TABLE:
        mode = "[, 取整方式]" if fn.takes_mode else ""
        out.append(f"| {_code(f'{fn.name}({fn.params}{mode})')} | {fn.zh} | {fn.en} | "
                   f"{fn.arguments} → {fn.result.value} | "
                   f"{_code(fn.example)} |")
    for agg in AGGREGATES_TABLE:
        item = ", 公式" if agg.takes_item else ""
        out.append(f"| {_code(f'{agg.name}(集合{item} [where 条件])')} | {agg.zh} | {agg.en} | "
                   f"items → number | {_code(agg.example)} |")
    return "\n".join(out)


def replace_block(text: str, begin: str, end: str, body: str) -> str:
    """``text`` with what lies between the ``begin`` and ``end`` lines replaced by ``body``."""
    if begin not in text or end not in text:
        raise ValueError(f"no block {begin!r} … {end!r}")
    head, rest = text.split(begin + "\n", 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{body}\n{end}{tail}"


# ---------------------------------------------------------------- keywords and names by place

KEYWORDS_BEGIN = "<!-- BEGIN keywords generated from dsl/scheme.lark by tools/gen_language.py -->"
NAMES_BEGIN = "<!-- BEGIN names generated from jixiao.engine.scopes by tools/gen_language.py -->"

# What each word the grammar spells out means. A keyword added to the grammar without a line
# here fails ``keyword_table`` (and so the test that keeps docs/language.md current).
KEYWORDS: dict[str, tuple[str, str]] = {
    "scheme": ("方案：`scheme 名称 version \"…\" { … }`", "a scheme"),
    "version": ("方案的版本", "the scheme's version"),
    "extends": ("继承另一个方案文件", "reuse another scheme file"),
    "basis": ("依据（文件名），报告中显示", "the policy it implements, shown in reports"),
    "rounding": ("默认取整方式", "the default rounding mode"),
    "budget": ("预算执行率块 `budget { rate = … }`；公式中 `budget.rate` 等",
               "the budget block; `budget.rate` … in formulas"),
    "section": ("一级指标；`drop section`、`not_applicable section`",
                "a section (一级指标); also after drop and not_applicable"),
    "weight": ("分值：`section … weight 10`；公式中的分值", "a weight; the weight in a formula"),
    "also": ("其他写法（别名）", "other names tables use"),
    "categories": ("允许的二级指标", "the categories (二级指标) a section allows"),
    "split": ("一级指标分值在指标间的分配方式", "how a section's weight is shared"),
    "round": ("`split … round N`、`not_applicable … round N` 的位数；也是函数",
              "places of `split`/`not_applicable`; also a function"),
    "kind": ("指标类型", "an indicator kind"),
    "for": ("指标类型适用的指标值写法", "the target notations a kind applies to"),
    "where": ("指标类型选哪些行；聚合中的条件", "which rows a kind takes; an aggregate's filter"),
    "level": ("定性等级", "a qualitative level"),
    "ratio": ("等级的比例（或区间）；公式中所选等级的比例", "a level's ratio or band; in a "
              "formula, the chosen level's ratio"),
    "points": ("等级的固定分数：`level 较显著 points 7`（不超过分值）", "a level's fixed points, "
               "whatever the row's weight (at most the weight)"),
    "grade": ("评级区间", "a grade band"),
    "derive": ("派生指标", "a derived figure"),
    "param": ("参数", "a parameter"),
    "require": ("`require reason when …`：需要偏差原因", "`require reason when …`"),
    "reason": ("偏差原因（require reason、with reason）", "the deviation reason"),
    "when": ("条件（require、flag）", "the condition of require and flag"),
    "flag": ("提示与扣分规则", "a flag (a message, maybe a deduction)"),
    "warning": ("flag 的严重程度：警告（默认）", "a flag's severity: warning (the default)"),
    "error": ("flag 的严重程度：错误", "a flag's severity: error"),
    "deduct": ("flag 成立时扣分", "points a flag takes off"),
    "adjust": ("评价人调整规则", "the assessor-adjustment rule"),
    "allowed": ("`adjust allowed`：允许调整", "`adjust allowed`"),
    "never": ("`adjust never`：不允许调整（默认）", "`adjust never` (the default)"),
    "within": ("调整的范围：`within [低, 高]`、`within level`", "the adjustment's range"),
    "with": ("`with reason`：调整须说明理由", "`with reason`: an adjustment needs a reason"),
    "not_applicable": ("不适用行的分值处理", "what a row that does not apply gives up"),
    "percent": ("约 100 倍之差的百分数读法", "how a figure 100 times off a percent is read"),
    "scale": ("按比例缩放若干一级指标的分值：`scale A, B to 80`", "scale sections' weights"),
    "to": ("`scale … to N` 的目标", "the target of `scale … to N`"),
    "replace": ("整体替换继承来的一级指标或指标类型", "replace an inherited item whole"),
    "drop": ("删除继承来的项", "drop an inherited item"),
    "if": ("条件表达式 `if … then … else …`", "a condition"),
    "then": ("`if` 成立时的值", "the value when the test holds"),
    "else": ("`if` 不成立时的值", "the value otherwise"),
    "and": ("且", "and"),
    "or": ("或", "or"),
    "not": ("非", "not"),
}


def _grammar_words() -> list[str]:
    import re

    from jixiao.dsl.parser import grammar_text
    return sorted(set(re.findall(r'"([a-z_]+)"', grammar_text())) - set(AGGREGATES))


def keyword_table() -> str:
    """Every keyword of the grammar, and the words that name a mode after one."""
    from jixiao.engine.model import PERCENT_MODES, NotApplicableMode, RoundingMode, SplitMode
    from jixiao.engine.values import Notation

    words = _grammar_words()
    missing = [w for w in words if w not in KEYWORDS]
    if missing:
        raise ValueError(f"keywords without a meaning in dsl/tables.py KEYWORDS: {missing}")
    out = ["| keyword | 含义 | meaning |", "|---|---|---|"]
    out += [f"| {_code(w)} | {KEYWORDS[w][0]} | {KEYWORDS[w][1]} |" for w in words]
    modes = [
        ("rounding, round(x, n, 模式)", [m.value for m in RoundingMode]),
        ("split", [m.value for m in SplitMode]),
        ("not_applicable", [m.value for m in NotApplicableMode]),
        ("percent", list(PERCENT_MODES)),
        ("kind … for", [n.value for n in Notation]),
    ]
    out += ["", "| after | the words it takes |", "|---|---|"]
    out += [f"| {_code(after)} | {' '.join(_code(w) for w in ws)} |" for after, ws in modes]
    return "\n".join(out)


def _names(names: list[str]) -> str:
    """Names for a table cell, the figures of one line written once: ``central.total /
    executed / rate``."""
    groups: dict[str, list[str]] = {}
    for n in names:
        head, _, last = n.rpartition(".")
        groups.setdefault(head, []).append(last)
    parts = []
    for head, tails in groups.items():
        if not head:
            parts += [_code(t) for t in tails]
        else:
            parts.append(_code(f"{head}.{' / '.join(tails)}"))
    return ", ".join(parts)


def names_table() -> str:
    """For each place a formula can stand, the names it may read (from ``engine.scopes``)."""
    from jixiao.engine.scopes import (
        BUDGET_LINE,
        DERIVE,
        GLOBAL,
        KIND_WHERE,
        SECTION,
        TOTAL,
        Scope,
        kind_scope,
    )
    from jixiao.engine.values import Notation

    every = tuple(Notation)
    base = set(kind_scope(every, "completion").local)  # what every notation gives

    def kind(stage: str) -> Scope:
        scope = kind_scope(every, stage)
        return Scope({n: t for n, t in scope.local.items() if n in base or n in
                      ("completion", "deviation", "score")}, scope.glob, scope.collections)
    places = [  # where the formula stands, as Markdown
        ("`budget { rate = … }`", BUDGET_LINE),
        ("a section's `score`, `subtotal`; a section's `adjust … within [低, 高]`", SECTION),
        ("`total`", TOTAL),
        ("`derive`", DERIVE),
        ("`kind … where …`", KIND_WHERE),
        ("a kind's `completion` (or the scheme's default)", kind("completion")),
        ("`deviation`", kind("deviation")),
        ("`score`", kind("score")),
        ("`require … when`, `flag … when` and `deduct`, a kind's `adjust … within [低, 高]`",
         kind("require")),
    ]
    out = [f"Every formula may also read the scheme's `param`s. *Budget figures*: "
           f"{_names(list(GLOBAL))}.", "",
           "| formula | names it may read | collections (an item's names) |", "|---|---|---|"]
    for where, scope in places:
        colls = "; ".join(f"{_code(c)}: {_names(list(item.local))}"
                          for c, item in scope.collections.items() if c != "projects")
        if "projects" in scope.collections:
            colls = "`projects` (below)" + (f"; {colls}" if colls else "")
        glob = ["*budget figures*"] if set(scope.glob) == set(GLOBAL) else []
        read = ", ".join(x for x in (_names(list(scope.local)), *glob) if x)
        out.append(f"| {where} | {read or '—'} | {colls or '—'} |")
    project = next(sc.collections["projects"] for _, sc in places if "projects" in sc.collections)
    out += ["", f"An item of `projects` (a sub-project): {_names(list(project.local))}."]
    out += ["", "A kind's formulas also read, by the notations it is `for` (the names every "
            "notation of the kind gives):", "",
            "| for | names |", "|---|---|"]
    by_names: dict[tuple[str, ...], list[str]] = {}
    for n in every:
        extra = tuple(x for x in kind_scope((n,), "completion").local if x not in base)
        by_names.setdefault(extra, []).append(n.value)
    for extra, notations in by_names.items():
        out.append(f"| {' '.join(_code(n) for n in notations)} | {_names(list(extra))} |")
    return "\n".join(out)
