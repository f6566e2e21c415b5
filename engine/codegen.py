"""Python source generated from a checked scheme, compiled once: the fast evaluator's formulas.

Stage: ``CompiledScheme`` (its checked model) → ``Generated``, used by ``engine.fast``. Each
formula of the scheme becomes part of one Python function (one per kind, section, derived
figure, the budget's rate, the total and the grade's input), so that scoring a record calls a
handful of plain functions over local variables instead of a closure and a ``Frame`` per node.

Why this is safe (the one ``compile`` and ``exec`` in jixiao, in ``_load``):

- No text from a scheme or from data ever reaches the source. Names are not copied: every
  name a formula reads was resolved against the engine's own scopes by ``engine.compile``
  before this runs, and becomes a generated identifier (``v3`` a kind's local, ``G[5]`` a
  scheme-wide figure, ``j2`` a field of an aggregate's item) or a constants-table entry.
  Every literal — a number, a text, a parameter, a rounding mode — is ``K[n]``. Operators and
  functions are written from this module's own tables, never from the model's spelling.
  ``tests/test_safety.py`` checks, for every bundled scheme and for a hostile one whose
  names and texts are Python code, that the source holds only those tokens.
- The source runs with empty builtins and a namespace of this module's own helpers.
- The formulas are the scheme's, already bounded by ``engine.limits`` (depth, nodes, rounding
  places); the fast evaluator checks the step budget before it runs them (``engine.fast``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from jixiao.engine.compile import DECIMAL_MODES, CompiledScheme
from jixiao.engine.data import STATUS_WORDS
from jixiao.engine.language import FUNCTIONS
from jixiao.engine.model import (
    Aggregate,
    Binary,
    Call,
    Cond,
    Expr,
    Formula,
    Num,
    Ref,
    RoundingMode,
    Str,
    Unary,
)
from jixiao.engine.scopes import GLOBAL, INDICATOR_ITEM, PROJECT, SECTION_ITEM

# Every name a formula may read in its own frame, in one fixed order: a name's place is its
# generated identifier (``v{place}``). The first thirteen are a kind function's parameters.
LOCAL_SLOTS: tuple[str, ...] = (
    "weight", "name", "category", "unit", "section", "filed_score", "actual", "target",
    "target.low", "target.high", "ratio", "days_late", "months_late",
    "completion", "deviation", "score",  # computed by the kind, in this order
    "total", "executed",  # a budget line's
    "full",  # the total's
)
KIND_PARAMS = 13
GLOBAL_SLOTS: tuple[str, ...] = tuple(GLOBAL)  # ``G[i]``
PROJECT_SLOTS: tuple[str, ...] = tuple(PROJECT.local)  # an item of ``P``
INDICATOR_SLOTS: tuple[str, ...] = tuple(INDICATOR_ITEM.local)  # an item of ``R``
SECTION_SLOTS: tuple[str, ...] = tuple(SECTION_ITEM.local)  # an item of ``S``
_COLLECTIONS = {"projects": ("P", PROJECT_SLOTS), "indicators": ("R", INDICATOR_SLOTS),
                "sections": ("S", SECTION_SLOTS)}

# The operators as this module writes them (the model's spelling is never copied).
_BINARY = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "==": "==", "!=": "!=", "+": "+",
           "-": "-", "*": "*", "/": "/", "and": "and", "or": "or"}
_EXTREMES = {"min": "fmin", "max": "fmax"}
_ROUNDING = {"round": None, "floor": RoundingMode.FLOOR, "ceil": RoundingMode.CEILING}


class Unsupported(Exception):
    """The scheme uses something the generator does not write: it is scored by the general
    evaluator only (never an error for the user)."""


class Fallback(Exception):
    """Raised inside generated code when a record needs the general evaluator: a figure the
    data does not have, a flag that fires, a score filed by the assessor."""


class _Missing:
    """A figure the record does not have (a sub-project's rate on a line without money). Any
    use of it — arithmetic, comparison, truth — sends the record to the general evaluator,
    which reports it (JX402) exactly as it always has."""

    __slots__ = ()

    def _fail(self, *args: object) -> Any:
        raise Fallback

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _fail
    __truediv__ = __rtruediv__ = __neg__ = __abs__ = __bool__ = _fail
    __hash__ = None  # type: ignore[assignment]

    def __getattr__(self, name: str) -> Any:
        raise Fallback


MISSING: Any = _Missing()


def _missing() -> Any:
    raise Fallback


@attrs.frozen
class GeneratedKind:
    # (v0…v12, G, P, blank reason) → (completion, deviation, score, require that warns or -1,
    # flags that fire: (place, deducted))
    score: Callable[..., tuple[Decimal, Decimal, Decimal, int, tuple[tuple[int, Decimal], ...]]]
    where: Callable[..., bool] | None  # (name, category, unit, section) → takes the row
    # reads a figure of the record (``G``, ``P``): its results are not the row's alone
    reads_record: bool = True


@attrs.frozen
class Generated:
    """The scheme's formulas as functions; ``global_reads``: the ``G`` places any of them
    reads (a record without one of those figures goes to the general evaluator)."""

    rate: Callable[[Decimal, Decimal], Decimal]
    kinds: tuple[GeneratedKind, ...]
    sections: tuple[Callable[..., Decimal], ...]  # (weight, R, G, P)
    derives: tuple[Callable[..., Decimal], ...]  # (G, P)
    total: Callable[..., Decimal]  # (full, S, G, P)
    global_reads: frozenset[int]
    source: str  # kept for the safety test and for reading
    # an item of ``R`` (a section's rows) is the row's score alone, not the tuple of
    # INDICATOR_SLOTS: no formula reads any other field of a row (the usual scheme, whose
    # sections add up their rows' scores), so the fast evaluator builds no tuple per row
    score_items: bool = False
    score_sections: bool = False  # the same for an item of ``S`` (the sections, for the total)


class _Env:
    """Where one function finds each name: a local, a global, an item's field."""

    def __init__(self, local: Mapping[str, str], present: Mapping[str, str],
                 item: Mapping[str, str] | None = None) -> None:
        self.local = local  # name → identifier
        self.present = present  # name → a presence test (``has``)
        self.item = item


class _Writer:
    def __init__(self, cs: CompiledScheme, score_items: bool = False) -> None:
        self.cs = cs
        self.score_items = score_items  # see Generated.score_items and score_sections
        # the fields of the items of R (rows) and S (sections) any formula reads
        self.fields: dict[str, set[str]] = {"R": set(), "S": set()}
        self.consts: list[object] = []
        self.const_at: dict[tuple[str, str], int] = {}
        self.params = {p.name: p.value for p in cs.scheme.params}
        self.global_reads: set[int] = set()
        self.lines: list[str] = []
        self.count = 0
        self.record_reads = 0  # names read beyond the formula's own frame (G, P)

    def const(self, value: object) -> str:
        key = (type(value).__name__, repr(value))
        at = self.const_at.get(key)
        if at is None:
            at = self.const_at[key] = len(self.consts)
            self.consts.append(value)
        return f"K[{at}]"

    def function(self, params: str, body: list[str]) -> str:
        name = f"f{self.count}"
        self.count += 1
        self.lines.append(f"def {name}({params}):")
        self.lines += ["    " + line for line in body]
        return name

    # -- expressions

    def expr(self, e: Expr, env: _Env) -> str:
        match e:
            case Num(value=v):
                return self.const(v)
            case Str(value=s):
                return self.const(s)
            case Ref():
                return self.ref(e.dotted, env)
            case Unary(op="-", operand=o):
                return f"(-{self.expr(o, env)})"
            case Unary(op="not", operand=o):
                return f"(not {self.expr(o, env)})"
            case Binary(op=op, left=left, right=right):
                if op in ("==", "!="):
                    left, right = _status_words(left, right)
                symbol = _BINARY.get(op)
                if symbol is None:
                    raise Unsupported(op)
                return f"({self.expr(left, env)} {symbol} {self.expr(right, env)})"
            case Cond(test=t, then=a, otherwise=b):
                return f"({self.expr(a, env)} if {self.expr(t, env)} else {self.expr(b, env)})"
            case Call():
                return self.call(e, env)
            case Aggregate():
                return self.aggregate(e, env)
        raise Unsupported(type(e).__name__)

    def ref(self, name: str, env: _Env) -> str:
        if env.item is not None and name in env.item:
            return env.item[name]
        if name in env.local:
            return env.local[name]
        if name in GLOBAL_SLOTS:
            at = GLOBAL_SLOTS.index(name)
            self.global_reads.add(at)
            self.record_reads += 1
            return f"G[{at}]"
        if name in self.params:
            return self.const(self.params[name])
        raise Unsupported(name)

    def call(self, e: Call, env: _Env) -> str:
        fn = FUNCTIONS.get(e.fn)
        if fn is not None and fn.takes_name:  # has(budget.local): asks the record, computes
            if e.fn != "has":  # nothing; another such function is not written here
                raise Unsupported(e.fn)
            arg = e.args[0]
            if len(e.args) != 1 or not isinstance(arg, Ref):
                raise Unsupported("has")
            name = arg.dotted
            names = [*(env.item or {}), *env.local, *GLOBAL_SLOTS]
            tests = [self.presence(n, env) for n in dict.fromkeys(names)
                     if n == name or n.startswith(name + ".")]
            return "(" + " or ".join(tests or ["False"]) + ")"
        args = [self.expr(a, env) for a in e.args]
        if e.fn in _EXTREMES:
            inner = ", ".join(args) if len(args) == 2 else "(" + ", ".join(args) + ",)"
            return f"{_EXTREMES[e.fn]}({inner})"
        if e.fn == "abs" and len(args) == 1:
            return f"fabs({args[0]})"
        if e.fn in _ROUNDING:
            digits = 0
            if len(e.args) > 1:
                node = e.args[1]
                if not isinstance(node, Num) or node.value != int(node.value):
                    raise Unsupported("places")
                digits = int(node.value)
            fixed = _ROUNDING[e.fn]
            mode = fixed if fixed is not None else RoundingMode(e.mode or
                                                               self.cs.scheme.rounding.value)
            exp = self.const(Decimal(1).scaleb(-digits))
            return f"{args[0]}.quantize({exp}, {self.const(DECIMAL_MODES[mode])})"
        raise Unsupported(e.fn)

    def presence(self, name: str, env: _Env) -> str:
        """``has``: is ``name`` in this record? A local always is, except a filed score (the
        fast evaluator never runs with one); a global or an item's rate may be missing."""
        if env.item is not None and name in env.item:
            return f"({env.item[name]} is not M)"
        if name in env.present:
            return env.present[name]
        if name in env.local:
            return "True"
        if name in GLOBAL_SLOTS:
            self.record_reads += 1
            return f"(G[{GLOBAL_SLOTS.index(name)}] is not M)"
        return "False"

    def aggregate(self, e: Aggregate, env: _Env) -> str:
        if env.item is not None or e.collection not in _COLLECTIONS:
            raise Unsupported("aggregate")
        source, slots = _COLLECTIONS[e.collection]
        self.record_reads += 1
        # an item's field by its place (``j0[6]``): cheaper than unpacking every field
        item = {name: f"j0[{i}]" for i, name in enumerate(slots)}
        if self.score_items and source in ("R", "S"):
            item = {"score": "j0"}  # the item is the score (Generated.score_items)
        inner = _Env(env.local, env.present, item)
        loop = "j0"
        where = f" if {self.expr(e.where, inner)}" if e.where is not None else ""
        if source in self.fields:  # what this formula reads of an item (its place is written)
            read = where + (self.expr(e.item, inner) if e.item is not None else "")
            self.fields[source].update(n for n, code in item.items() if code in read)
        if e.fn == "count":
            if not where:
                return f"fdec(flen({source}))"
            return f"fdec(flen([0 for {loop} in {source}{where}]))"
        if e.fn == "sum" and e.item is not None:
            value = self.expr(e.item, inner)
            if value == loop and not where:  # the items themselves (score_items): no list
                return f"fsum({source}, Z)"
            return f"fsum([{value} for {loop} in {source}{where}], Z)"
        raise Unsupported(e.fn)

    def formula(self, f: Formula, env: _Env) -> str:
        return self.expr(f.expr, env)


def _status_words(left: Expr, right: Expr) -> tuple[Expr, Expr]:
    """``status == "已完工"`` compares in the data's own words, as ``engine.compile`` does."""
    sides = (left, right)
    ref = next((x for x in sides if isinstance(x, Ref) and x.path[-1:] == ("status",)), None)
    text = next((x for x in sides if isinstance(x, Str)), None)
    if ref is None or text is None:
        return left, right
    status = STATUS_WORDS.get(text.value.strip())
    if status is None:
        raise Unsupported("status")
    word = Str(status.value, text.span)
    return (word, right) if left is text else (left, word)


_LOCALS = {name: f"v{i}" for i, name in enumerate(LOCAL_SLOTS)}
_KIND_PRESENT = {"filed_score": "False"}  # a record with a filed score is never fast
_KIND_ENV = _Env({k: ("fmiss()" if k == "filed_score" else v) for k, v in _LOCALS.items()
                  if k not in ("total", "executed", "full")}, _KIND_PRESENT)


# Characters of generated source beyond which a scheme is left to the general evaluator. The
# bundled schemes generate about 3,000; a scheme at the size limit (engine.limits) generates
# 300,000, and Python's compile() of that took a second and 70-80 MB (benchmarks/
# bench_limits.py) — more than the fast path could ever save on one record.
MAX_SOURCE = 64_000


def generate(cs: CompiledScheme) -> Generated:
    """The scheme's formulas as Python functions. Raises ``Unsupported`` for what it does not
    write (the scheme is then scored by the general evaluator)."""
    first, fields = _generate(cs, score_items=False)
    if fields["R"] <= {"score"} and fields["S"] <= {"score"}:  # rows and sections are read
        return _generate(cs, score_items=True)[0]  # for their scores alone: items are scores
    return first


def _generate(cs: CompiledScheme, score_items: bool
              ) -> tuple[Generated, dict[str, set[str]]]:
    s = cs.scheme
    w = _Writer(cs, score_items)
    line_env = _Env({"total": _LOCALS["total"], "executed": _LOCALS["executed"]}, {})
    rate = w.function(f"{_LOCALS['total']}, {_LOCALS['executed']}",
                      [f"return {w.formula(s.budget_rate, line_env)}"])
    kind_params = ", ".join(_LOCALS[n] for n in LOCAL_SLOTS[:KIND_PARAMS]) + ", G, P, b"
    kinds: list[tuple[str, str | None, bool]] = []
    for k in s.kinds:
        before = w.record_reads
        c, d, sc = (_LOCALS[n] for n in ("completion", "deviation", "score"))
        body = [f"{c} = {w.formula(k.completion, _KIND_ENV)}",
                f"{d} = {w.formula(k.deviation, _KIND_ENV)}",
                f"{sc} = {w.formula(k.score, _KIND_ENV)}"]
        # a score outside [0, weight] before the flags' deductions: the general evaluator's
        body.append(f"if not (Z <= {sc} <= {_LOCALS['weight']}): raise FB")
        # the flags that fire, each (its place, what it deducts), read the score before any
        # deduction; what they deduct comes off it, never below 0 (engine.evaluate.flags)
        body.append("v19 = ()")
        for i, fl in enumerate(k.flags):
            deduct = w.formula(fl.deduct, _KIND_ENV) if fl.deduct is not None else "Z"
            condition = w.formula(fl.condition, _KIND_ENV)
            body.append(f"if {condition}: v19 = v19 + (({i}, {deduct}),)")
        if k.flags:
            body.append("v20 = fsum([j1 for (j0, j1) in v19], Z)")
            body.append(f"if v20: {sc} = fmax({sc} - v20, Z)")
        for i, req in enumerate(k.requires):
            body.append(f"if {w.formula(req.condition, _KIND_ENV)} and b: "
                        f"return {c}, {d}, {sc}, {i}, v19")
        body.append(f"return {c}, {d}, {sc}, -1, v19")
        score = w.function(kind_params, body)
        where = None
        if k.where is not None:
            row = ", ".join(_LOCALS[n] for n in ("name", "category", "unit", "section"))
            where = w.function(row, [f"return {w.formula(k.where, _KIND_ENV)}"])
        kinds.append((score, where, w.record_reads != before))
    section_env = _Env({"weight": _LOCALS["weight"]}, {})
    sections = []
    for sec in s.sections:
        f = sec.score or s.subtotal
        if f is None:
            raise Unsupported("section")
        sections.append(w.function(f"{_LOCALS['weight']}, R, G, P",
                                   [f"return {w.formula(f, section_env)}"]))
    derive_env = _Env({}, {})
    derives = [w.function("G, P", [f"return {w.formula(d.formula, derive_env)}"])
               for d in s.derives]
    total = w.function(f"{_LOCALS['full']}, S, G, P",
                       [f"return {w.formula(s.total, _Env({'full': _LOCALS['full']}, {}))}"])
    source = "\n".join(w.lines) + "\n"
    if len(source) > MAX_SOURCE:
        raise Unsupported("size")
    space = _load(source, tuple(w.consts))
    return Generated(
        space[rate],
        tuple(GeneratedKind(space[sc], space[wh] if wh else None, reads)
              for sc, wh, reads in kinds),
        tuple(space[f] for f in sections),
        tuple(space[f] for f in derives),
        space[total],
        frozenset(w.global_reads),
        source,
        score_items,
        score_items,
    ), w.fields


def _load(source: str, consts: tuple[object, ...]) -> dict[str, Any]:
    """THE one place jixiao compiles and runs generated Python (see the module's docstring
    for why it is safe; ``tests/test_safety.py`` names this function)."""
    space: dict[str, Any] = {
        "__builtins__": {},
        "K": consts, "M": MISSING, "FB": Fallback, "Z": Decimal(0),
        "fmin": min, "fmax": max, "fabs": abs, "fsum": sum, "flen": len, "fdec": Decimal,
        "fmiss": _missing,
    }
    code = compile(source, "<jixiao generated>", "exec")
    exec(code, space)
    return space
