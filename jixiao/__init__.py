"""jixiao (绩效): score Chinese budget-performance self-evaluations with declarative schemes.

    import jixiao
    scheme = jixiao.load_scheme("schemes/soil_pollution.jx")      # compile once
    result = jixiao.evaluate(scheme, jixiao.load_data("data.toml"))  # score many
    print(result.total, result.grade)

Every user mistake raises a ``JixiaoError`` (``InputError``, ``SchemeError``, ``DataError``,
``EvaluationError``) whose ``diagnostics`` carry stable codes and positions.
"""

from engine import (
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
from engine.limits import DEFAULT_LIMITS, Limits
from jixiao.api import (
    compile_scheme_text,
    data_from_mapping,
    evaluate,
    load_data,
    load_scheme,
    scheme_for,
    score,
)
from jixiao.render import render_diagnostics, to_dict, to_json, to_text, to_toml

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_LIMITS", "CompiledScheme", "DataError", "Diagnostic", "EvaluationError",
    "InputError", "JixiaoError", "Limits", "ProjectData", "Result", "SchemeError", "Severity",
    "compile_scheme_text", "data_from_mapping", "evaluate", "load_data", "load_scheme",
    "render_diagnostics", "scheme_for", "score", "to_dict", "to_json", "to_text", "to_toml",
]
