"""jixiao's core: the scheme model, the compiler, the evaluator and the result types.

Imports neither lark nor any file format: a developer can build a ``Scheme`` in code,
``compile_scheme`` it once and ``evaluate`` it on many ``ProjectData`` records.

The names below are imported on first use (``__getattr__``), not with the package: importing
any module of the engine runs this file first, and ``jixiao.engine.diagnostics`` (which the
command line needs for every message) must not bring in the compiler, both evaluators and the
generated-code machinery with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.engine.lazy import lazy_exports

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from jixiao.engine.compile import CompiledScheme, compile_scheme
    from jixiao.engine.data import (
        Budget,
        Form,
        Funds,
        IndicatorInput,
        ManagementRow,
        Project,
        ProjectData,
        Status,
        Subject,
    )
    from jixiao.engine.diagnostics import (
        ArgumentError,
        DataError,
        Diagnostic,
        EvaluationError,
        InputError,
        JixiaoError,
        SchemeError,
        Severity,
        Span,
    )
    from jixiao.engine.evaluate import evaluate
    from jixiao.engine.model import Scheme
    from jixiao.engine.result import Result

# Each public name → the module it comes from.
_EXPORTS = {
    **dict.fromkeys(("CompiledScheme", "compile_scheme"), "jixiao.engine.compile"),
    **dict.fromkeys(("Budget", "Form", "Funds", "IndicatorInput", "ManagementRow", "Project",
                     "ProjectData", "Status", "Subject"), "jixiao.engine.data"),
    **dict.fromkeys(("ArgumentError", "DataError", "Diagnostic", "EvaluationError",
                     "InputError", "JixiaoError", "SchemeError", "Severity", "Span"),
                    "jixiao.engine.diagnostics"),
    "evaluate": "jixiao.engine.evaluate",
    "Scheme": "jixiao.engine.model",
    "Result": "jixiao.engine.result",
}


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())


__all__ = [
    "ArgumentError",
    "Budget",
    "CompiledScheme",
    "DataError",
    "Diagnostic",
    "EvaluationError",
    "Form",
    "Funds",
    "IndicatorInput",
    "InputError",
    "JixiaoError",
    "ManagementRow",
    "Project",
    "ProjectData",
    "Result",
    "Scheme",
    "SchemeError",
    "Severity",
    "Span",
    "Status",
    "Subject",
    "compile_scheme",
    "evaluate",
]
