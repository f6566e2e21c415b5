"""Which names a formula may read where, and of what type.

Stage: used by ``engine.compile`` to resolve and type-check every reference once, so that
evaluation never looks a name up by guesswork. Each scope lists the names set in the formula's
own frame (``local``), the scheme-wide figures (``glob``) and the collections an aggregate
may walk, each with the scope of one item.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from jixiao.engine.values import Notation


class Type(enum.Enum):
    NUM = "number"
    BOOL = "yes/no"
    TEXT = "text"


def _funds(prefix: str) -> dict[str, Type]:
    return {f"{prefix}total": Type.NUM, f"{prefix}executed": Type.NUM, f"{prefix}rate": Type.NUM}


@attrs.frozen
class Scope:
    local: Mapping[str, Type]
    glob: Mapping[str, Type]
    collections: Mapping[str, Scope] = attrs.field(factory=dict)
    later: frozenset[str] = frozenset()  # names computed after this formula (a clearer error)

    def names(self) -> list[str]:
        return [*self.local, *self.glob, *self.collections]


# The scheme-wide figures: every budget line's A, B and rate.
GLOBAL: Mapping[str, Type] = {
    **_funds("budget."),
    **_funds("budget.central."),
    **_funds("budget.local."),
    **_funds("budget.other."),
}

PROJECT = Scope(
    local={
        "name": Type.TEXT,
        "status": Type.TEXT,
        "started": Type.BOOL,
        "completed": Type.BOOL,
        **_funds(""),
        **_funds("central."),
        **_funds("local."),
    },
    glob=GLOBAL,
)

INDICATOR_ITEM = Scope(
    local={
        "name": Type.TEXT,
        "category": Type.TEXT,
        "kind": Type.TEXT,
        "weight": Type.NUM,
        "completion": Type.NUM,
        "deviation": Type.NUM,
        "score": Type.NUM,
    },
    glob=GLOBAL,
)

SECTION_ITEM = Scope(
    local={"name": Type.TEXT, "weight": Type.NUM, "score": Type.NUM},
    glob=GLOBAL,
)

BUDGET_LINE = Scope(local={"total": Type.NUM, "executed": Type.NUM}, glob={})

DERIVE = Scope(local={}, glob=GLOBAL, collections={"projects": PROJECT})

SECTION = Scope(
    local={"weight": Type.NUM},
    glob=GLOBAL,
    collections={"projects": PROJECT, "indicators": INDICATOR_ITEM},
)

TOTAL = Scope(
    local={"full": Type.NUM},
    glob=GLOBAL,
    collections={"projects": PROJECT, "sections": SECTION_ITEM},
)

_STAGES = ("completion", "deviation", "score", "require")

# What a row of the 自评表 says about itself, readable by every kind formula and by a kind's
# ``where``: ``category == "成本指标"``. ``filed_score`` (得分 as filed) exists only when filed.
ROW: Mapping[str, Type] = {
    "name": Type.TEXT,
    "category": Type.TEXT,
    "unit": Type.TEXT,
    "section": Type.TEXT,
}
KIND_WHERE = Scope(local=ROW, glob={})


def _notation_names(n: Notation) -> dict[str, Type]:
    if n is Notation.TEXT:
        return {"ratio": Type.NUM}
    if n is Notation.DATE:  # how late the actual is; negative: early
        return {"days_late": Type.NUM, "months_late": Type.NUM}
    if n is Notation.RANGE:
        return {"actual": Type.NUM, "target.low": Type.NUM, "target.high": Type.NUM}
    return {"actual": Type.NUM, "target": Type.NUM}


def kind_scope(notations: tuple[Notation, ...], stage: str) -> Scope:
    """The scope of a kind's formula at ``stage``: only names every notation provides, and only
    the figures computed before this stage."""
    common: dict[str, Type] | None = None
    for n in notations:
        names = _notation_names(n)
        common = names if common is None else {k: v for k, v in common.items() if k in names}
    local: dict[str, Type] = {"weight": Type.NUM, **ROW, "filed_score": Type.NUM,
                              **(common or {})}
    done = _STAGES[: _STAGES.index(stage)]
    local.update({name: Type.NUM for name in done if name != "require"})
    later = frozenset(_STAGES[_STAGES.index(stage):]) - {"require"}
    return Scope(local=local, glob=GLOBAL, collections={"projects": PROJECT}, later=later)
