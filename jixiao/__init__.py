"""jixiao (绩效): score Chinese budget-performance self-evaluations with declarative schemes.

    import jixiao
    scheme = jixiao.load_scheme("soil_pollution")    # a bundled scheme by name, or a .jx file
    result = jixiao.evaluate(scheme, jixiao.load_data("data.toml"))  # score many
    print(result.total, result.grade)

Every user mistake raises a ``JixiaoError`` (``InputError``, ``SchemeError``, ``DataError``,
``EvaluationError``) whose ``diagnostics`` carry stable codes and positions.
"""

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

__version__ = "0.2.0"  # the one place the version is defined (pyproject reads it)

__all__ = [
    "DEFAULT_LIMITS", "CompiledScheme", "DataError", "Diagnostic", "EvaluationError",
    "InputError", "JixiaoError", "Limits", "ProjectData", "Result", "SchemeError", "SchemeInfo",
    "Severity", "bundled_schemes",
    "compile_scheme_text", "data_from_mapping", "evaluate", "load_data", "load_scheme",
    "render_diagnostics", "scheme_for", "score", "to_dict", "to_json", "to_text", "to_toml",
]
