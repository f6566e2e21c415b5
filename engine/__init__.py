"""jixiao's core: the scheme model, the compiler, the evaluator and the result types.

Imports neither lark nor any file format: a developer can build a ``Scheme`` in code,
``compile_scheme`` it once and ``evaluate`` it on many ``ProjectData`` records.
"""

from engine.compile import CompiledScheme, compile_scheme
from engine.data import Budget, Funds, IndicatorInput, Project, ProjectData, Status, Subject
from engine.diagnostics import (
    DataError,
    Diagnostic,
    EvaluationError,
    InputError,
    JixiaoError,
    SchemeError,
    Severity,
    Span,
)
from engine.evaluate import evaluate
from engine.model import Scheme
from engine.result import Result

__all__ = [
    "Budget", "CompiledScheme", "DataError", "Diagnostic", "EvaluationError", "Funds",
    "IndicatorInput", "InputError", "JixiaoError", "Project", "ProjectData", "Result",
    "Scheme", "SchemeError", "Severity", "Span", "Status", "Subject", "compile_scheme",
    "evaluate",
]
