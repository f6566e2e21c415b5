"""Compile a ``Scheme`` once into closures that score records fast.

Stage: ``engine.model.Scheme`` → ``CompiledScheme``. Every reference is resolved and every
expression type-checked here, with all problems reported at once as a ``SchemeError``; what
comes out is a tree of plain Python closures over a ``Frame``, so scoring a record does no
dispatch on node types, no name lookup by guesswork and no parsing.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from jixiao.engine.data import STATUS_WORDS
from jixiao.engine.diagnostics import (
    PHRASES,
    Diagnostic,
    Message,
    SchemeError,
    Span,
    candidates,
    error,
    phrase,
    warning,
)
from jixiao.engine.frame import Failure as Failure  # re-exported: its old home
from jixiao.engine.frame import Fn
from jixiao.engine.frame import Frame as Frame
from jixiao.engine.language import (
    AGGREGATES,
    BINARY,
    FUNCTIONS,
    SCHEME_MODE,
    UNARY,
    Function,
    known_functions,
)
from jixiao.engine.limits import MAX_ROUND_DIGITS, MONEY_EMAX, MONEY_PREC
from jixiao.engine.model import (
    Adjust,
    Aggregate,
    Binary,
    Call,
    Cond,
    Expr,
    Flag,
    Formula,
    Kind,
    Level,
    Num,
    Ref,
    RoundingMode,
    Scheme,
    Section,
    Str,
    Unary,
    show,
)
from jixiao.engine.result import Rounding
from jixiao.engine.scopes import (
    BUDGET_LINE,
    DERIVE,
    KIND_WHERE,
    SECTION,
    TOTAL,
    Scope,
    Type,
    kind_scope,
)
from jixiao.engine.values import Notation

# the scheme's rounding words as decimal's modes (the general and the generated evaluator's)
DECIMAL_MODES = {
    RoundingMode.HALF_UP: decimal.ROUND_HALF_UP,
    RoundingMode.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    RoundingMode.DOWN: decimal.ROUND_DOWN,
    RoundingMode.UP: decimal.ROUND_UP,
    RoundingMode.FLOOR: decimal.ROUND_FLOOR,
    RoundingMode.CEILING: decimal.ROUND_CEILING,
}




@attrs.frozen
class CompiledFormula:
    name: str
    text: str
    span: Span | None
    fn: Fn
    inputs: tuple[tuple[str, Fn], ...]  # (name, getter) of every name it reads, for explanations
    size: int = 1  # its nodes: what one application costs of the evaluation's step budget
    # (collection, cost per item) of each aggregate in it: what walking a collection costs of
    # the step budget, over and above ``size`` (the fast evaluator bounds a record's cost)
    walks: tuple[tuple[str, int], ...] = ()


@attrs.frozen
class CompiledAdjust:
    """A scheme's ``adjust`` rule with its bounds compiled (``None``: no bound of that side)."""

    rule: Adjust
    low: CompiledFormula | None = None
    high: CompiledFormula | None = None


@attrs.frozen
class CompiledFlag:
    flag: Flag
    condition: CompiledFormula
    deduct: CompiledFormula | None


@attrs.frozen
class CompiledKind:
    kind: Kind
    completion: CompiledFormula
    deviation: CompiledFormula
    score: CompiledFormula
    requires: tuple[CompiledFormula, ...]
    adjust: CompiledAdjust = CompiledAdjust(Adjust())
    where: CompiledFormula | None = None
    flags: tuple[CompiledFlag, ...] = ()

    @property
    def name(self) -> str:
        return self.kind.name

    @property
    def levels(self) -> tuple[Level, ...]:
        return self.kind.levels

    @property
    def is_text(self) -> bool:
        return Notation.TEXT in self.kind.notations


@attrs.frozen
class CompiledSection:
    section: Section
    score: CompiledFormula
    adjust: CompiledAdjust = CompiledAdjust(Adjust())


@attrs.frozen
class CompiledScheme:
    """A scheme ready to score: build once with ``compile_scheme``, evaluate many records."""

    scheme: Scheme
    budget_rate: CompiledFormula
    sections: tuple[CompiledSection, ...]
    kinds: tuple[CompiledKind, ...]
    by_notation: dict[Notation, CompiledKind]
    by_name: dict[str, CompiledKind]
    derives: tuple[CompiledFormula, ...]
    total: CompiledFormula
    context: decimal.Context
    warnings: tuple[Diagnostic, ...] = ()  # found while compiling: the scheme works, but …
    by_where: dict[Notation, tuple[CompiledKind, ...]] = attrs.field(factory=dict)
    # what ``engine.fast`` makes of the scheme on first use (its generated code), kept here so
    # it is made once per compiled scheme
    memo: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        """A compiled scheme pickles as its model and its warnings, and is compiled again when
        unpickled (its formulas are closures, which do not pickle): send it to worker
        processes as is."""
        return (recompile, (self.scheme, self.warnings))

    def section_for(self, name: str) -> CompiledSection | None:
        for s in self.sections:
            if s.section.matches(name):
                return s
        return None


def compile_scheme(scheme: Scheme) -> CompiledScheme:
    """Resolve, type-check and compile ``scheme``. Raises ``SchemeError`` with every problem."""
    return _Compiler(scheme).run()


def recompile(scheme: Scheme, warnings: tuple[Diagnostic, ...]) -> CompiledScheme:
    """A scheme compiled and checked before (unpickled, or read back from the command line's
    cache of schemes), compiled again with the warnings found then: its closures are made
    anew, but the static checks (``engine.ranges``, ``engine.unused``) are not run again — they
    would find the same warnings, which the caller already has (those of the stages before
    compiling, such as a child's JX561, are not the compiler's)."""
    return _Compiler(scheme).run(checks=False, warnings=warnings)


class _Compiler:
    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme
        self.mode = DECIMAL_MODES[scheme.rounding]
        # A scheme-wide formula is compiled once for each kind that uses it, each time in that
        # kind's scope: a mistake at one place in it is one mistake, reported as first found.
        self.diagnostics: dict[tuple[str, Span | None], Diagnostic] = {}
        self.nodes = 0  # nodes compiled so far: formula and per-row sizes for the step budget
        self.params = {p.name: p.value for p in scheme.params}
        self.params_read: set[str] = set()
        self.walks: list[tuple[str, int]] = []  # the aggregates of the formula being compiled

    def report(self, d: Diagnostic) -> None:
        self.diagnostics.setdefault((d.code, d.span), d)

    def run(self, *, checks: bool = True, warnings: tuple[Diagnostic, ...] = ()
            ) -> CompiledScheme:
        """Compile; with ``checks`` also run the static checks, whose warnings (with the
        unused parameters') the compiled scheme carries, else carry ``warnings``."""
        s = self.scheme
        budget_rate = self.formula(s.budget_rate, BUDGET_LINE, Type.NUM)
        sections = []
        for sec in s.sections:
            f = sec.score or s.subtotal
            if f is None:
                self.report(error("JX206", sec.span, name="score / subtotal",
                                  **phrase("subject", "section", name=sec.name),
                                  **phrase("hint", "section_needs_score")))
                continue
            sections.append(CompiledSection(sec, self.formula(f, SECTION, Type.NUM),
                                            self.adjust(sec.adjust, SECTION)))
        kinds = []
        by_notation: dict[Notation, CompiledKind] = {}
        by_where: dict[Notation, tuple[CompiledKind, ...]] = {}
        for k in s.kinds:
            ck = CompiledKind(
                k,
                self.formula(k.completion, kind_scope(k.notations, "completion"), Type.NUM),
                self.formula(k.deviation, kind_scope(k.notations, "deviation"), Type.NUM),
                self.formula(k.score, kind_scope(k.notations, "score"), Type.NUM),
                tuple(self.formula(r.condition, kind_scope(k.notations, "require"), Type.BOOL)
                      for r in k.requires),
                self.adjust(k.adjust, kind_scope(k.notations, "require")),
                self.formula(k.where, KIND_WHERE, Type.BOOL) if k.where is not None else None,
                tuple(self.flag(fl, kind_scope(k.notations, "require")) for fl in k.flags),
            )
            kinds.append(ck)
            for n in k.notations:
                if ck.where is not None:
                    by_where[n] = (*by_where.get(n, ()), ck)
                else:
                    by_notation.setdefault(n, ck)
        derives = tuple(self.formula(d.formula, DERIVE, Type.NUM) for d in s.derives)
        total = self.formula(s.total, TOTAL, Type.NUM)
        if self.diagnostics:
            raise SchemeError(self.diagnostics.values())
        context = money_context(self.mode)
        if checks:
            warnings = tuple(warning("JX562", p.span, name=p.name) for p in s.params
                             if p.name not in self.params_read)
        compiled = CompiledScheme(s, budget_rate, tuple(sections), tuple(kinds), by_notation,
                                  {k.name: k for k in kinds}, derives, total, context,
                                  warnings, by_where=by_where)
        if not checks:
            return compiled
        # imported here: a scheme compiled again (recompile) needs neither
        from jixiao.engine.ranges import score_ranges
        from jixiao.engine.unused import unused as unused_parts

        return attrs.evolve(compiled, warnings=(*compiled.warnings, *score_ranges(compiled),
                                                *unused_parts(s)))

    def adjust(self, rule: Adjust, scope: Scope) -> CompiledAdjust:
        return CompiledAdjust(
            rule,
            self.formula(rule.low, scope, Type.NUM) if rule.low is not None else None,
            self.formula(rule.high, scope, Type.NUM) if rule.high is not None else None)

    def flag(self, fl: Flag, scope: Scope) -> CompiledFlag:
        deduct = self.formula(fl.deduct, scope, Type.NUM) if fl.deduct is not None else None
        return CompiledFlag(fl, self.formula(fl.condition, scope, Type.BOOL), deduct)

    # -- formulas

    def formula(self, f: Formula, scope: Scope, want: Type) -> CompiledFormula:
        inputs: dict[str, Fn] = {}
        before = self.nodes
        outer, self.walks = self.walks, []
        fn, got = self.expr(f.expr, scope, inputs)
        if got is not None and got is not want:
            self.type_error(f.expr.span, "formula_type", name=f.name, want=_named(want),
                            got=_named(got))
        walks, self.walks = tuple(self.walks), outer
        return CompiledFormula(f.name, f.text, f.span, fn, tuple(inputs.items()),
                               self.nodes - before, walks)

    def status_words(self, e: Binary) -> Binary:
        """``status == "已完工"``: a sub-project's status is compared in the data's own words
        (the reader's table, ``STATUS_WORDS``), so 已完工 means what the data means by it; a
        word the data cannot say is JX340 (it never matched: a silent 0)."""
        sides = (e.left, e.right)
        ref = next((x for x in sides if isinstance(x, Ref) and x.path[-1:] == ("status",)), None)
        text = next((x for x in sides if isinstance(x, Str)), None)
        if ref is None or text is None:
            return e
        status = STATUS_WORDS.get(text.value.strip())
        if status is None:
            self.report(error("JX340", text.span, value=text.value,
                              known=" ".join(STATUS_WORDS)))
            return e
        word = Str(status.value, text.span)
        return attrs.evolve(e, left=word) if e.left is text else attrs.evolve(e, right=word)

    def type_error(self, span: Span | None, key: str, **values: object) -> None:
        self.report(error("JX205", span, **phrase("detail", key, **values)))

    def expr(self, e: Expr, scope: Scope, inputs: dict[str, Fn]) -> tuple[Fn, Type | None]:
        """Compile ``e``; the type is ``None`` after an error (to avoid follow-on errors)."""
        self.nodes += 1
        if isinstance(e, Binary) and e.op in ("==", "!="):
            e = self.status_words(e)
        match e:
            case Num(value=v):
                return (lambda f: v), Type.NUM
            case Str(value=sv):
                return (lambda f: sv), Type.TEXT
            case Ref():
                return self.ref(e, scope, inputs)
            case Unary(op=op, operand=o) if op in UNARY:
                fo, t = self.expr(o, scope, inputs)
                unary = UNARY[op]
                assert unary.operands is not None
                self.want(t, unary.operands, o, op)
                return unary.build(fo, e.span), unary.result
            case Binary():
                return self.binary(e, scope, inputs)
            case Cond(test=t, then=a, otherwise=b):
                ft, tt = self.expr(t, scope, inputs)
                self.want(tt, Type.BOOL, t, "if")
                fa, ta = self.expr(a, scope, inputs)
                fb, tb = self.expr(b, scope, inputs)
                if ta is not None and tb is not None and ta is not tb:
                    self.type_error(e.span, "branch_types", then=_named(ta),
                                    otherwise=_named(tb))
                return (lambda f: fa(f) if ft(f) else fb(f)), ta or tb
            case Call():
                return self.call(e, scope, inputs)
            case Aggregate():
                return self.aggregate(e, scope, inputs)
        raise AssertionError(e)  # pragma: no cover - every node kind is matched above

    def want(self, got: Type | None, want: Type, e: Expr, op: str) -> None:
        if got is not None and got is not want:
            self.type_error(e.span, "operand_type", op=op, want=_named(want), got=_named(got))

    def ref(self, e: Ref, scope: Scope, inputs: dict[str, Fn]) -> tuple[Fn, Type | None]:
        name = e.dotted
        span = e.span
        if name in scope.local:
            def get_local(f: Frame) -> Any:
                try:
                    v = f.local[name]
                except KeyError:  # a sub-project's rate on a line it has no money on
                    raise _missing(name, span) from None
                if f.seen is not None:
                    f.seen.setdefault(name, v)
                return v
            inputs.setdefault(name, get_local)
            return get_local, scope.local[name]
        if name in scope.glob:
            def get_glob(f: Frame) -> Any:
                try:
                    v = f.glob[name]
                except KeyError:
                    raise _missing(name, span) from None
                if f.seen is not None:
                    f.seen.setdefault(name, v)
                return v
            inputs.setdefault(name, get_glob)
            return get_glob, scope.glob[name]
        if name in self.params:
            value = self.params[name]
            self.params_read.add(name)

            def get_param(f: Frame) -> Any:
                if f.seen is not None:
                    f.seen.setdefault(name, value)
                return value
            inputs.setdefault(name, get_param)
            return get_param, Type.NUM
        if name in scope.later:
            self.report(error("JX217", e.span, name=name,
                              **phrase("detail", "computed_later", name=name)))
        elif name in scope.collections:
            self.report(error("JX217", e.span, name=name,
                              **phrase("detail", "collection_as_value", name=name)))
        else:
            self.report(error("JX202", e.span, name=name,
                              candidates=candidates(name, [*scope.names(), *self.params])))
        return (lambda f: None), None

    def binary(self, e: Binary, scope: Scope, inputs: dict[str, Fn]) -> tuple[Fn, Type | None]:
        fl, tl = self.expr(e.left, scope, inputs)
        fr, tr = self.expr(e.right, scope, inputs)
        op = BINARY[e.op]
        if op.operands is None:  # == and !=: any type, the same on both sides
            if tl is not None and tr is not None and tl is not tr:
                self.type_error(e.span, "compare_types", left=_named(tl), right=_named(tr))
        else:
            self.want(tl, op.operands, e.left, e.op)
            self.want(tr, op.operands, e.right, e.op)
        return op.build(fl, fr, e.span), op.result

    def has(self, e: Call, scope: Scope, inputs: dict[str, Fn]) -> tuple[Fn, Type | None]:
        """``has(budget.local)``: is this figure (or any under it) in the data? Lets a scheme
        for central + local funds score a record without a local line instead of failing.
        Its answer is an input of the formula (``has(budget.local)`` = 否), so an explanation
        and ``test --coverage`` see which branch it chose."""
        arg = e.args[0] if len(e.args) == 1 else None
        if not isinstance(arg, Ref):
            self.report(error("JX204", e.span, name="has", expected="1", got=len(e.args)))
            return (lambda f: None), None
        name = arg.dotted
        known = [n for n in (*scope.local, *scope.glob) if n == name or n.startswith(name + ".")]
        if not known:
            self.report(error("JX202", arg.span, name=name,
                              candidates=candidates(name, scope.names())))
            return (lambda f: None), None
        label = show(e)

        def present(f: Frame) -> bool:
            v = any(n in f.local or n in f.glob for n in known)
            if f.seen is not None:
                f.seen.setdefault(label, v)
            return v
        inputs.setdefault(label, present)
        return present, Type.BOOL

    def call(self, e: Call, scope: Scope, inputs: dict[str, Fn]) -> tuple[Fn, Type | None]:
        fn = FUNCTIONS.get(e.fn)
        if fn is not None and fn.takes_name:
            return self.has(e, scope, inputs)
        args = [self.expr(a, scope, inputs) for a in e.args]
        for (_, t), a in zip(args, e.args, strict=True):  # an unknown one's too: numbers
            self.want(t, fn.arg_type if fn else Type.NUM, a, e.fn)
        fns = [f for f, _ in args]
        if fn is None:
            self.report(error("JX203", e.span, name=e.fn, known=known_functions(),
                              candidates=candidates(e.fn, [*FUNCTIONS, *AGGREGATES])))
            return (lambda f: None), None
        if len(fns) < fn.min_args or (fn.max_args is not None and len(fns) > fn.max_args):
            self.report(error("JX204", e.span, name=e.fn, expected=fn.arity, got=len(e.args)))
            return (lambda f: None), None
        if fn.build is not None:
            return fn.build(fns), fn.result
        return self.rounding(e, fn, fns[0])

    def rounding(self, e: Call, fn: Function, x: Fn) -> tuple[Fn, Type | None]:
        """``round``, ``floor``, ``ceil``: ``x`` to the places the formula writes (0 if none),
        each step kept for the explanation."""
        digits = 0
        if len(e.args) > 1:
            node = e.args[1]
            if not (isinstance(node, Num) and node.value == int(node.value)
                    and 0 <= node.value <= MAX_ROUND_DIGITS):
                self.type_error(node.span, "places", fn=e.fn, limit=MAX_ROUND_DIGITS)
                return (lambda f: None), None
            digits = int(node.value)
        mode_name = (e.mode or self.scheme.rounding.value) if fn.rounding == SCHEME_MODE \
            else fn.rounding
        try:
            mode = DECIMAL_MODES[RoundingMode(mode_name)]
        except ValueError:
            self.report(error("JX216", e.span, name=mode_name,
                              known=", ".join(m.value for m in RoundingMode)))
            return (lambda f: None), None
        exp = Decimal(1).scaleb(-digits)

        def do_round(f: Frame) -> Decimal:
            before = x(f)
            after: Decimal = before.quantize(exp, rounding=mode)
            if f.trace is not None:
                f.trace.append(Rounding(before, digits, mode_name, after))
            return after
        return do_round, Type.NUM

    def aggregate(self, e: Aggregate, scope: Scope,
                  inputs: dict[str, Fn]) -> tuple[Fn, Type | None]:
        item_scope = scope.collections.get(e.collection)
        if item_scope is None:
            self.report(error("JX202", e.span, name=e.collection,
                              candidates=candidates(e.collection, scope.collections)))
            return (lambda f: None), None
        key = "@" + e.collection
        inner: dict[str, Fn] = {}  # item names are not inputs of the outer formula
        before = self.nodes
        where: Fn | None = None
        if e.where is not None:
            where, tw = self.expr(e.where, item_scope, inner)
            self.want(tw, Type.BOOL, e.where, "where")

        cost = [1]  # per row: the nodes of where and item, set below once both are compiled
        span = e.span

        def source(f: Frame) -> Sequence[Mapping[str, Any]]:
            rows: Sequence[Mapping[str, Any]] = f.local[key] if key in f.local else f.glob[key]
            budget = f.glob.get("@budget")
            if budget is not None:  # the evaluation's step budget: [left, limit]
                budget[0] -= len(rows) * cost[0]
                if budget[0] < 0:
                    raise Failure("JX411", span, limit=budget[1])
            return rows

        def items(f: Frame) -> list[Frame]:
            # item names are not inputs; no rounding trace inside: an aggregate over 100,000
            # sub-projects must not keep 100,000 rounding steps in an explanation. The frames
            # of the record's sub-projects are made once per record, not once per aggregate.
            found = source(f)
            if key in f.local:
                rows = [Frame(row, f.glob) for row in found]
            else:
                made = f.glob.setdefault("@frames", {})
                rows = made.get(key)
                if rows is None or len(rows) != len(found):
                    rows = made[key] = [Frame(row, f.glob) for row in found]
            if where is None:
                return rows
            return [r for r in rows if where(r)]
        agg = AGGREGATES.get(e.fn)
        if agg is None:
            self.report(error("JX203", e.span, name=e.fn, known=known_functions(),
                              candidates=candidates(e.fn, [*FUNCTIONS, *AGGREGATES])))
            return (lambda f: None), None
        item: Fn | None = None
        if agg.takes_item != (e.item is not None):
            self.report(error("JX204", e.span, name=e.fn, expected=1 + agg.takes_item,
                              got=1 + (e.item is not None)))
            if agg.takes_item:
                return (lambda f: None), None
        elif e.item is not None:
            item, ti = self.expr(e.item, item_scope, inner)
            self.want(ti, Type.NUM, e.item, e.fn)
        run = agg.build(items, item)
        label = show(e)
        cost[0] = self.nodes - before + 3  # + the frame each row gets: measured, not guessed
        self.walks.append((e.collection, cost[0]))
        self.nodes = before  # the rows' work is counted as they are walked, not in the formula
        token = object()  # this aggregate's key in the record's cache

        def seen(f: Frame) -> Decimal:
            # An aggregate over the record's sub-projects reads nothing of the formula it is
            # in: computed once per record, not once per indicator. A section's own
            # indicators (in its local frame) are walked where they are.
            if key in f.local:
                v: Decimal = run(f)
            else:
                cache = f.glob.setdefault("@cache", {})
                v = cache[token] if token in cache else cache.setdefault(token, run(f))
            if f.seen is not None:  # explaining: the value as scoring read it
                f.seen.setdefault(label, v)
            return v
        inputs.setdefault(label, seen)
        return seen, Type.NUM


def money_context(rounding: str = decimal.ROUND_HALF_UP) -> decimal.Context:
    """The decimal context every formula runs in: bounded (``MONEY_PREC`` digits, below
    10^``MONEY_EMAX``; passing it is JX410), and every mistake trapped."""
    return decimal.Context(prec=MONEY_PREC, rounding=rounding, Emax=MONEY_EMAX,
                           Emin=-MONEY_EMAX, traps=[decimal.InvalidOperation,
                                                    decimal.DivisionByZero, decimal.Overflow])


def _missing(name: str, span: Span | None) -> Failure:
    """A figure the data does not have: a rate on a budget line of 0 (the budget's own, a
    batch's or a sub-project's central or local line), or a line the data leaves out."""
    if name == "rate":
        return Failure("JX402", span, **phrase("detail", "no_project_rate"))
    if name.endswith(".rate"):
        return Failure("JX402", span, **phrase("detail", "no_rate", line=name[:-5]))
    return Failure("JX402", span, **phrase("detail", "not_in_data", name=name))


def _named(t: Type) -> Message:
    """A type's name in both languages, for a message."""
    return PHRASES["type_" + t.value]
