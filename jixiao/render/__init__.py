"""Renderers: pure functions from a ``Result`` to text or bytes, with a fixed key order so
that golden files stay byte-stable. They format; they never recompute a figure.

The names below are imported on first use: ``jixiao score`` writing the text table needs
neither the JSON nor the TOML renderer, and the CLI's start-up pays only for what it uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jixiao.render.diagnostics import render_diagnostic, render_diagnostics
    from jixiao.render.json_ import to_dict, to_json
    from jixiao.render.table import to_text
    from jixiao.render.toml_ import to_toml

_EXPORTS = {"render_diagnostic": "diagnostics", "render_diagnostics": "diagnostics",
            "to_dict": "json_", "to_json": "json_", "to_text": "table", "to_toml": "toml_"}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'jixiao.render' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"jixiao.render.{module}"), name)
    globals()[name] = value
    return value


__all__ = ["render_diagnostic", "render_diagnostics", "to_dict", "to_json", "to_text",
           "to_toml"]
