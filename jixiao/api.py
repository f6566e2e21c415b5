"""The public facade: load a scheme, load data, score.

Stage: application layer over ``dsl`` and ``engine``. ``score`` is the one-call path the CLI
uses; embedders who score many records should ``load_scheme`` once and call ``evaluate`` for
each record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jixiao.datafile import data_from_mapping, load_data
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.data import ProjectData
from jixiao.engine.diagnostics import InputError, Message, error, wrong_argument
from jixiao.engine.evaluate import evaluate
from jixiao.engine.limits import DEFAULT_LIMITS, Limits
from jixiao.engine.result import Result
from jixiao.library import find_scheme, library_root, load_scheme, resolver


def compile_scheme_text(text: str, name: str = "<scheme>", *,
                        limits: Limits = DEFAULT_LIMITS) -> CompiledScheme:
    """Compile scheme text held in memory; its ``extends`` may name bundled schemes."""
    if not isinstance(text, str):
        raise wrong_argument("compile_scheme_text", "text",
                             Message("方案文本（str）", "the scheme's text (str)"), text)
    if not isinstance(limits, Limits):
        raise wrong_argument("compile_scheme_text", "limits", "arg_limits", limits)
    from jixiao.dsl import compile_source  # lark and the scheme pipeline: only when compiling

    return compile_source(text, name, resolver([library_root()], limits), limits)


def scheme_for(data: ProjectData, scheme: str | Path | None = None,
               roots: Sequence[Path] | None = None,
               limits: Limits = DEFAULT_LIMITS) -> CompiledScheme:
    """The scheme to score ``data`` with: ``scheme`` if given, else the one the data names
    (looked up next to the data file, then in the scheme library)."""
    if scheme is not None:
        return load_scheme(scheme, roots=roots, limits=limits)
    if data.scheme is None:
        raise InputError([error("JX003", where=data.source)])
    near = Path(data.source).parent if data.source else None
    found = find_scheme(data.scheme, near, roots, where=f"{data.source}: scheme"
                        if data.source else "scheme")
    return load_scheme(found, roots=roots, limits=limits)


def score(data: str | Path | Mapping[str, Any] | ProjectData,
          scheme: str | Path | CompiledScheme | None = None, *, explain: bool = True,
          limits: Limits = DEFAULT_LIMITS, percent_as_fraction: bool | None = None) -> Result:
    """Score one project's data: a file path, a mapping shaped like the TOML data file, or
    ``ProjectData``. Raises ``InputError``, ``SchemeError``, ``DataError`` or
    ``EvaluationError`` (all ``JixiaoError``) for a user's mistake."""
    if type(limits) is not Limits:
        raise wrong_argument("score", "limits", "arg_limits", limits)
    if type(data) is dict:  # a record, the usual call of a batch: before the slower ABC check
        project = data_from_mapping(data, limits=limits)
    elif isinstance(data, ProjectData):
        project = data
    elif isinstance(data, Mapping):
        project = data_from_mapping(data, limits=limits)
    elif isinstance(data, str | Path):
        project = load_data(data, limits=limits)
    else:  # a list, bytes, a number: nothing a record is made of
        raise InputError([error("JX303", where="data", field="data",
                                expected="数据文件路径或表（mapping）",
                                expected_en="a data file path or a mapping",
                                **_kind_of(data))])
    if type(scheme) is CompiledScheme:
        return evaluate(scheme, project, explain=explain, limits=limits,
                        percent_as_fraction=percent_as_fraction)
    if scheme is not None and not isinstance(scheme, str | Path | CompiledScheme):
        raise InputError([error("JX303", where="scheme", field="scheme",
                                expected="方案文件路径、方案名或编译后的方案",
                                expected_en="a scheme path, a bundled scheme's name or a "
                                "compiled scheme", **_kind_of(scheme))])
    compiled = (scheme if isinstance(scheme, CompiledScheme)
                else scheme_for(project, scheme, limits=limits))
    return evaluate(compiled, project, explain=explain, limits=limits,
                    percent_as_fraction=percent_as_fraction)


def _kind_of(value: object) -> dict[str, str]:
    """What was passed instead, in words rather than Python's type names."""
    if isinstance(value, list | tuple):
        return {"value": f"数组（{len(value)} 项）", "value_en": f"a list ({len(value)} items)"}
    if isinstance(value, bytes | bytearray):
        return {"value": "字节串", "value_en": "bytes"}
    if value is None:
        return {"value": "（空）", "value_en": "None"}
    if isinstance(value, bool):
        return {"value": str(value).lower()}
    if isinstance(value, int | float):
        return {"value": f"数字 {value}", "value_en": f"the number {value}"}
    return {"value": type(value).__name__}  # an object of the embedder's own: its class


__all__ = ["compile_scheme_text", "data_from_mapping", "evaluate", "load_data", "load_scheme",
           "scheme_for", "score"]
