"""jixiao's languages: the scheme language (``scheme.lark``) and the value reader.

``compile_source`` turns scheme text into a ``CompiledScheme``; ``read_value`` turns a target
or actual text (``≥248``, ``≤90万元``, ``基本消除``) into a typed value.

The scheme pipeline's names are imported on first use (``__getattr__``): the value reader
(``jixiao.dsl.values``) lives in this package too, and reading a data file must not import
lark and the whole scheme pipeline with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.engine.lazy import lazy_exports

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from jixiao.dsl.frontend import Resolver, compile_source, parse_source

_EXPORTS = dict.fromkeys(("Resolver", "compile_source", "parse_source"), "jixiao.dsl.frontend")


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())


__all__ = ["Resolver", "compile_source", "parse_source"]
