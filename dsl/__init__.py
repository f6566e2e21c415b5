"""jixiao's languages: the scheme language (``scheme.lark``) and the value reader.

``compile_source`` turns scheme text into a ``CompiledScheme``; ``read_value`` turns a target
or actual text (``≥248``, ``≤90万元``, ``基本消除``) into a typed value.

The scheme pipeline's names are imported on first use (``__getattr__``): the value reader
(``jixiao.dsl.values``) lives in this package too, and reading a data file must not import
lark and the whole scheme pipeline with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from jixiao.dsl.frontend import Resolver, compile_source, parse_source

_EXPORTS = dict.fromkeys(("Resolver", "compile_source", "parse_source"), "jixiao.dsl.frontend")


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'jixiao.dsl' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = ["Resolver", "compile_source", "parse_source"]
