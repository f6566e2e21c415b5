"""Renderers: pure functions from a ``Result`` to text or bytes, with a fixed key order so
that golden files stay byte-stable. They format; they never recompute a figure."""

from jixiao.render.diagnostics import render_diagnostic, render_diagnostics
from jixiao.render.json_ import to_dict, to_json
from jixiao.render.table import to_text
from jixiao.render.toml_ import to_toml

__all__ = ["render_diagnostic", "render_diagnostics", "to_dict", "to_json", "to_text",
           "to_toml"]
