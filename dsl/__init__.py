"""jixiao's languages: the scheme language (``scheme.lark``) and the value reader.

``compile_source`` turns scheme text into a ``CompiledScheme``; ``read_value`` turns a target
or actual text (``≥248``, ``≤90万元``, ``基本消除``) into a typed value.
"""

from jixiao.dsl.frontend import Resolver, compile_source, parse_source

__all__ = ["Resolver", "compile_source", "parse_source"]
