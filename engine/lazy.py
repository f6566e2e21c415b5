"""Names a package exports but imports only on first use (PEP 562 module ``__getattr__``).

Why: ``jixiao score`` must not pay at start-up for the compiler, the evaluators or lark when it
only needs a message or a cached scheme. ``jixiao``, ``jixiao.engine`` and ``jixiao.dsl`` share
this one mechanism instead of three copies of it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str], namespace: dict[str, Any],
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: each name in ``exports`` is taken
    from its module (``exports[name]``) the first time it is asked for, then kept in
    ``namespace`` (the package's globals) as an ordinary attribute."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value  # once found, an ordinary attribute
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports})

    return __getattr__, __dir__
