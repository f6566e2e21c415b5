"""Lark tree → typed syntax nodes (``dsl.syntax``) with spans.

Stage: the second and last module that sees lark. One transformer method per grammar rule;
nothing after this module handles a ``lark.Tree``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from lark import Token, Transformer, Tree, v_args
from lark.tree import Meta

from jixiao.dsl.syntax import (
    AdjustNode,
    BandNode,
    BasisNode,
    BudgetNode,
    CategoriesNode,
    DeriveNode,
    DropNode,
    FlagNode,
    GradeNode,
    KindNode,
    LevelNode,
    NotApplicableNode,
    NotationNode,
    ParamNode,
    PercentNode,
    RequireNode,
    RoundingNode,
    ScaleNode,
    SchemeNode,
    SectionNode,
    SplitNode,
)
from jixiao.engine.diagnostics import Span
from jixiao.engine.language import FUNCTIONS, SPELLINGS
from jixiao.engine.model import (
    Aggregate,
    Binary,
    Call,
    Cond,
    Expr,
    Formula,
    Num,
    Ref,
    Str,
    Unary,
    show,
)


def build(tree: Tree[Token], file: str, text: str) -> SchemeNode:
    """Turn the parse tree of one scheme file into a ``SchemeNode``."""
    node: SchemeNode = _Builder(file, text).transform(tree)
    return node


def _name(tok: Token) -> str:
    s = str(tok)
    return s[1:-1] if tok.type == "STRING" else s


@v_args(meta=True)
class _Builder(Transformer[Token, Any]):
    def __init__(self, file: str, text: str) -> None:
        super().__init__()
        self.file = file
        self.text = text

    # -- positions

    def span(self, meta: Meta) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.file, 1, 1, 1, 1)
        return Span(self.file, meta.line, meta.column, meta.end_line, meta.end_column)

    def source(self, meta: Meta) -> str:
        return " ".join(self.text[meta.start_pos:meta.end_pos].split())

    # -- structure

    def start(self, meta: Meta, children: list[Any]) -> SchemeNode:
        node: SchemeNode = children[0]
        return node

    def scheme(self, meta: Meta, children: list[Any]) -> SchemeNode:
        name = _name(children[0])
        version = ""
        extends = None
        items = []
        for c in children[1:]:
            if isinstance(c, tuple) and c[0] == "version":
                version = c[1]
            elif isinstance(c, tuple) and c[0] == "extends":
                extends = (c[1], c[2])
            else:
                items.append(c)
        return SchemeNode(name, version, extends, tuple(items), self.span(meta), self.text)

    def version(self, meta: Meta, children: list[Token]) -> tuple[str, str]:
        return ("version", _name(children[0]))

    def extends(self, meta: Meta, children: list[Token]) -> tuple[str, str, Span]:
        return ("extends", _name(children[0]), self.span(meta))

    def basis(self, meta: Meta, children: list[Token]) -> BasisNode:
        return BasisNode(_name(children[0]), self.span(meta))

    def rounding(self, meta: Meta, children: list[Token]) -> RoundingNode:
        return RoundingNode(str(children[0]), self.span(meta))

    def budget(self, meta: Meta, children: list[Formula]) -> BudgetNode:
        return BudgetNode(tuple(children), self.span(meta))

    def derive(self, meta: Meta, children: list[Any]) -> DeriveNode:
        f = Formula(_name(children[0]), children[1], self.source_of_expr(meta, children[0]),
                    self.span(meta))
        return DeriveNode(f, self.span(meta))

    def grade(self, meta: Meta, children: list[Any]) -> GradeNode:
        band: BandNode = children[1]
        return GradeNode(_name(children[0]), band, self.span(meta), "%" in self.source(meta))

    def param(self, meta: Meta, children: list[Any]) -> ParamNode:
        value: Decimal = children[-1].value
        return ParamNode(_name(children[0]), -value if len(children) > 2 else value,
                         self.span(meta))

    def flag(self, meta: Meta, children: list[Any]) -> FlagNode:
        name = _name(children[0])
        rest = children[1:]
        severity = "warning"
        if isinstance(rest[0], tuple) and rest[0][0] == "severity":
            severity = rest[0][1]
            rest = rest[1:]
        message = _name(rest[0])
        span = self.span(meta)
        text = self.source(meta)
        cond_text = text.split(" when ", 1)[1] if " when " in text else text
        deduct = None
        if len(rest) > 2:
            cond_text, deduct_text = cond_text.rsplit(" deduct ", 1)
            deduct = Formula("deduct", rest[2], deduct_text, span)
        return FlagNode(name, severity, message, Formula("flag", rest[1], cond_text, span),
                        deduct, span)

    def flag_severity(self, meta: Meta, children: list[Token]) -> tuple[str, str]:
        return ("severity", str(children[0]))

    def scale(self, meta: Meta, children: list[Any]) -> ScaleNode:
        return ScaleNode(tuple(_name(c) for c in children[:-1]), children[-1].value,
                         self.span(meta))

    def require(self, meta: Meta, children: list[Any]) -> RequireNode:
        text = self.source(meta)
        cond_text = text.split(" when ", 1)[1] if " when " in text else text
        return RequireNode(Formula("require", children[0], cond_text, self.span(meta)),
                           self.span(meta))

    def formula(self, meta: Meta, children: list[Any]) -> Formula:
        return Formula(_name(children[0]), children[1], self.source_of_expr(meta, children[0]),
                       self.span(meta))

    def source_of_expr(self, meta: Meta, name: Token) -> str:
        """The formula's text after ``name =``, for explanations."""
        text = self.text[(name.end_pos or 0):meta.end_pos]
        return " ".join(text.split("=", 1)[1].split()) if "=" in text else text.strip()

    def section(self, meta: Meta, children: list[Any]) -> SectionNode:
        name = _name(children[0])
        weight: Decimal | None = None
        aliases: tuple[str, ...] = ()
        items: tuple[Any, ...] = ()
        for c in children[1:]:
            if isinstance(c, tuple) and c and c[0] == "also":
                aliases = c[1]
            elif isinstance(c, tuple) and c and c[0] == "weight":
                weight = c[1]
            else:
                items = c
        return SectionNode(name, weight, aliases, items, self.span(meta))

    def weight(self, meta: Meta, children: list[Num]) -> tuple[str, Decimal]:
        return ("weight", children[0].value)

    def replace(self, meta: Meta, children: list[Any]) -> SectionNode | KindNode:
        item: SectionNode | KindNode = attrs.evolve(children[0], replace=True,
                                                     span=self.span(meta))
        return item

    def drop(self, meta: Meta, children: list[Any]) -> DropNode:
        return DropNode(str(children[0]), _name(children[1]), self.span(meta))

    def section_body(self, meta: Meta, children: list[Any]) -> tuple[Any, ...]:
        return tuple(children)

    def split(self, meta: Meta, children: list[Token]) -> SplitNode:
        digits = Decimal(str(children[1])) if len(children) > 1 else None
        return SplitNode(str(children[0]), digits, self.span(meta))

    def categories(self, meta: Meta, children: list[Token]) -> CategoriesNode:
        return CategoriesNode(tuple(_name(c) for c in children), self.span(meta))

    def also(self, meta: Meta, children: list[Token]) -> tuple[str, tuple[str, ...]]:
        return ("also", tuple(_name(c) for c in children))

    def kind(self, meta: Meta, children: list[Any]) -> KindNode:
        notations = tuple(c for c in children[1:] if isinstance(c, NotationNode))
        where = next((c[1] for c in children[1:] if isinstance(c, tuple) and c
                      and c[0] == "kind_where"), None)
        items = tuple(c for c in children[1:] if not isinstance(c, NotationNode | tuple))
        return KindNode(_name(children[0]), notations, items, self.span(meta), where=where)

    def kind_where(self, meta: Meta, children: list[Any]) -> tuple[str, Formula]:
        return ("kind_where", Formula("where", children[0], self.source(meta)[5:].strip(),
                                      self.span(meta)))

    def adjust_never(self, meta: Meta, children: list[Any]) -> AdjustNode:
        return AdjustNode(False, None, None, False, False, self.span(meta))

    def adjust_allowed(self, meta: Meta, children: list[Any]) -> AdjustNode:
        low = high = None
        within_level = reason = False
        for c in children:
            if c == ("level",):
                within_level = True
            elif c == ("reason",):
                reason = True
            elif isinstance(c, tuple) and c[0] == "range":
                low, high = c[1], c[2]
        return AdjustNode(True, low, high, within_level, reason, self.span(meta))

    def adjust_range(self, meta: Meta, children: list[Any]) -> tuple[str, Formula, Formula]:
        span = self.span(meta)
        low, high = children
        return ("range", Formula("adjust.low", low, show(low), span),
                Formula("adjust.high", high, show(high), span))

    def adjust_level(self, meta: Meta, children: list[Any]) -> tuple[str]:
        return ("level",)

    def adjust_reason(self, meta: Meta, children: list[Any]) -> tuple[str]:
        return ("reason",)

    def percent(self, meta: Meta, children: list[Token]) -> PercentNode:
        return PercentNode(str(children[0]), self.span(meta))

    def not_applicable(self, meta: Meta, children: list[Token]) -> NotApplicableNode:
        digits = Decimal(str(children[1])) if len(children) > 1 else None
        return NotApplicableNode(str(children[0]), digits, self.span(meta))

    def notation(self, meta: Meta, children: list[Token]) -> NotationNode:
        tok = children[0] if children else None
        text = SPELLINGS.get(str(tok), str(tok)) if tok is not None else "="
        return NotationNode(text, self.span(meta))

    def level(self, meta: Meta, children: list[Any]) -> LevelNode:
        name = _name(children[0])
        aliases: tuple[str, ...] = ()
        ratio: Decimal | None = None
        points: Decimal | None = None
        band: BandNode | None = None
        for c in children[1:]:
            if isinstance(c, tuple) and c and c[0] == "also":
                aliases = c[1]
            elif isinstance(c, tuple) and c and c[0] == "points":
                points = c[1]
            elif isinstance(c, BandNode):
                band = c
            elif isinstance(c, Num):
                ratio = c.value
        return LevelNode(name, aliases, ratio, band, self.span(meta), points)

    def level_points(self, meta: Meta, children: list[Any]) -> tuple[str, Decimal]:
        value = children[0]
        assert isinstance(value, Num)
        return ("points", value.value)

    def band(self, meta: Meta, children: list[Any]) -> BandNode:
        opening, low, high, closing = children
        return BandNode(low.value, high.value, str(opening) == "[", str(closing) == "]",
                        self.span(meta))

    # -- expressions

    def number(self, meta: Meta, children: list[Token]) -> Num:
        value = Decimal(str(children[0]))
        if len(children) > 1:  # 90% → 0.9
            value = value.scaleb(-2)
        return Num(value, self.span(meta))

    def string(self, meta: Meta, children: list[Token]) -> Str:
        return Str(_name(children[0]), self.span(meta))

    def dotted(self, meta: Meta, children: list[Token]) -> Ref:
        return Ref(tuple(str(c) for c in children), self.span(meta))

    def call(self, meta: Meta, children: list[Any]) -> Call:
        fn = str(children[0])
        args: list[Expr] = [c for c in children[1:] if c is not None]
        mode = None
        known = FUNCTIONS.get(fn)
        last = args[-1] if args else None
        if (known is not None and known.takes_mode and known.max_args is not None
                and len(args) == known.max_args + 1 and isinstance(last, Ref)
                and len(last.path) == 1):
            mode = last.path[0]  # round(x, 2, half_even); an unknown mode is the compiler's
            args = args[:-1]
        return Call(fn, tuple(args), self.span(meta), mode)

    def aggregate(self, meta: Meta, children: list[Any]) -> Aggregate:
        fn, collection = str(children[0]), str(children[1])
        item: Expr | None = None
        where: Expr | None = None
        for c in children[2:]:
            if isinstance(c, tuple) and c[0] == "item":
                item = c[1]
            elif isinstance(c, tuple) and c[0] == "where":
                where = c[1]
        return Aggregate(fn, collection, item, where, self.span(meta))

    def agg_item(self, meta: Meta, children: list[Expr]) -> tuple[str, Expr]:
        return ("item", children[0])

    def agg_where(self, meta: Meta, children: list[Expr]) -> tuple[str, Expr]:
        return ("where", children[0])

    def cond(self, meta: Meta, children: list[Expr]) -> Cond:
        return Cond(children[0], children[1], children[2], self.span(meta))

    def or_(self, meta: Meta, children: list[Expr]) -> Binary:
        return Binary("or", children[0], children[1], self.span(meta))

    def and_(self, meta: Meta, children: list[Expr]) -> Binary:
        return Binary("and", children[0], children[1], self.span(meta))

    def not_(self, meta: Meta, children: list[Expr]) -> Unary:
        return Unary("not", children[0], self.span(meta))

    def neg(self, meta: Meta, children: list[Any]) -> Unary:
        return Unary("-", children[-1], self.span(meta))

    def compare(self, meta: Meta, children: list[Any]) -> Binary:
        left, op, right = children
        return Binary(SPELLINGS.get(str(op), str(op)), left, right, self.span(meta))

    def binary(self, meta: Meta, children: list[Any]) -> Binary:
        left, op, right = children
        return Binary(SPELLINGS.get(str(op), str(op)), left, right, self.span(meta))
