"""jixiao (绩效): score Chinese budget-performance self-evaluations with declarative schemes.

    import jixiao
    scheme = jixiao.load_scheme("soil_pollution")    # a bundled scheme by name, or a .jx file
    result = jixiao.evaluate(scheme, jixiao.load_data("data.toml"))  # score many
    print(result.total, result.grade)

Every user mistake raises a ``JixiaoError`` (``InputError``, ``SchemeError``, ``DataError``,
``EvaluationError``) whose ``diagnostics`` carry stable codes and positions.

The names below are imported on first use (``__getattr__``), not with the package: the
``jixiao`` command imports ``jixiao`` for its version, and a command that never reads a scheme
must not pay for the grammar, the readers and the renderers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.engine.lazy import lazy_exports

__version__ = "0.2.0"  # the one place the version is defined (pyproject reads it)

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from jixiao.api import (
        compile_scheme_text,
        data_from_mapping,
        evaluate,
        load_data,
        load_scheme,
        scheme_for,
        score,
    )
    from jixiao.engine import (
        ArgumentError,
        CompiledScheme,
        DataError,
        Diagnostic,
        EvaluationError,
        InputError,
        JixiaoError,
        ProjectData,
        Result,
        SchemeError,
        Severity,
    )
    from jixiao.engine.limits import DEFAULT_LIMITS, Limits
    from jixiao.library import SchemeInfo, bundled_schemes
    from jixiao.render import render_diagnostics, to_dict, to_json, to_text, to_toml

# Each public name → the module it comes from.
_EXPORTS = {
    **dict.fromkeys(("compile_scheme_text", "data_from_mapping", "evaluate", "load_data",
                     "load_scheme", "scheme_for", "score"), "jixiao.api"),
    **dict.fromkeys(("ArgumentError", "CompiledScheme", "DataError", "Diagnostic",
                     "EvaluationError", "InputError", "JixiaoError", "ProjectData", "Result",
                     "SchemeError", "Severity"), "jixiao.engine"),
    **dict.fromkeys(("DEFAULT_LIMITS", "Limits"), "jixiao.engine.limits"),
    **dict.fromkeys(("SchemeInfo", "bundled_schemes"), "jixiao.library"),
    **dict.fromkeys(("render_diagnostics", "to_dict", "to_json", "to_text", "to_toml"),
                    "jixiao.render"),
}


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())


__all__ = [
    "DEFAULT_LIMITS", "ArgumentError", "CompiledScheme", "DataError", "Diagnostic",
    "EvaluationError",
    "InputError", "JixiaoError", "Limits", "ProjectData", "Result", "SchemeError", "SchemeInfo",
    "Severity", "bundled_schemes",
    "compile_scheme_text", "data_from_mapping", "evaluate", "load_data", "load_scheme",
    "render_diagnostics", "scheme_for", "score", "to_dict", "to_json", "to_text", "to_toml",
]
