"""The result as TOML: the JSON contract written with tomli-w (``None`` values omitted,
since TOML has no null)."""

from __future__ import annotations

from typing import Any

import tomli_w

from jixiao.engine.result import Result
from jixiao.render.json_ import checked_result, to_dict


def _drop_none(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _drop_none(v) for k, v in x.items() if v is not None}
    if isinstance(x, list):
        return [_drop_none(v) for v in x]
    return x


def to_toml(r: Result, lang: str = "zh") -> str:
    checked_result("to_toml", r)
    return tomli_w.dumps(_drop_none(to_dict(r, lang)))
