"""What a compiled formula runs on: its ``Frame``, and the ``Failure`` it raises.

Stage: shared by ``engine.language`` (the operators and functions), ``engine.compile`` (which
builds closures over frames) and ``engine.evaluate`` (which makes the frames and turns a
``Failure`` into an ``EvaluationError``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jixiao.engine.diagnostics import Span
from jixiao.engine.result import Rounding


class Frame:
    """What a compiled formula reads: its own names, the scheme-wide figures, and — when an
    explanation is wanted — a list that collects rounding steps and a dict that collects each
    input as the formula reads it (``None`` costs nothing). The explanation is built only from
    what scoring read, so it never computes a branch or an aggregate scoring did not."""

    __slots__ = ("glob", "local", "seen", "trace")

    def __init__(self, local: dict[str, Any], glob: dict[str, Any],
                 trace: list[Rounding] | None = None,
                 seen: dict[str, Any] | None = None) -> None:
        self.local = local
        self.glob = glob
        self.trace = trace
        self.seen = seen


class Failure(Exception):
    """A formula could not be computed; the evaluator turns it into an ``EvaluationError``."""

    def __init__(self, code: str, span: Span | None, **args: object) -> None:
        super().__init__(code)
        self.code = code
        self.span = span
        self.args_ = {k: str(v) for k, v in args.items()}

    def __reduce__(self) -> tuple[Any, ...]:
        return (_failure, (self.code, self.span, self.args_))


def _failure(code: str, span: Span | None, args: dict[str, str]) -> Failure:
    return Failure(code, span, **args)


Fn = Callable[[Frame], Any]
