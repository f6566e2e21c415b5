"""What a compiled formula runs on: its ``Frame``, and the ``Failure`` it raises.

Stage: shared by ``engine.language`` (the operators and functions), ``engine.compile`` (which
builds closures over frames) and ``engine.evaluate`` (which makes the frames and turns a
``Failure`` into an ``EvaluationError``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jixiao.engine.diagnostics import Span
from jixiao.engine.result import FundsResult, ProjectResult, Rounding


class Frame:
    """What a compiled formula reads: its own names, the scheme-wide figures, and — when an
    explanation is wanted — a list that collects rounding steps and a dict that collects each
    input as the formula reads it (``None`` costs nothing). The explanation is built only from
    what scoring read, so it never computes a branch or an aggregate scoring did not."""

    __slots__ = ("glob", "local", "seen", "trace")

    def __init__(self, local: Mapping[str, Any], glob: dict[str, Any],
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


def _line(part: str, field: str) -> Callable[[ProjectResult], Any]:
    def get(r: ProjectResult) -> Any:
        line: FundsResult = getattr(r, part)
        return getattr(line, field)
    return get


# What a sub-project's row (``projects`` in an aggregate) holds, read from its result: the
# names of ``engine.scopes.PROJECT``. A rate is absent (None) on a line without money.
_PROJECT_FIELDS: dict[str, Callable[[ProjectResult], Any]] = {
    "name": lambda r: r.name,
    "status": lambda r: r.status,
    "started": lambda r: r.status != "not_started",
    "completed": lambda r: r.status == "completed",
    **{prefix + field: _line(part, field)
       for prefix, part in (("", "total"), ("central.", "central"), ("local.", "local"))
       for field in ("total", "executed", "rate")},
}


class ProjectItem(Mapping[str, Any]):
    """A sub-project as an aggregate's row reads it: its ``ProjectResult``, each name looked
    up when read. A record may hold 100,000 sub-projects: a dict of a dozen figures each took
    about 700 bytes a row (over 60 MB at the limit), this takes 48."""

    __slots__ = ("result",)

    def __init__(self, result: ProjectResult) -> None:
        self.result = result

    def __getitem__(self, name: str) -> Any:
        value = _PROJECT_FIELDS[name](self.result)
        if value is None:  # a rate on a line without money: not there, as in a dict
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        get = _PROJECT_FIELDS.get(name) if isinstance(name, str) else None
        return get is not None and get(self.result) is not None

    def __iter__(self) -> Iterator[str]:
        return (name for name, get in _PROJECT_FIELDS.items() if get(self.result) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)
