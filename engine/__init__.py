"""jixiao's core: the scheme model, the compiler, the evaluator and the result types.

Imports neither lark nor any file format: a developer can build a ``Scheme`` in code,
``compile_scheme`` it once and ``evaluate`` it on many ``ProjectData`` records.
"""

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
