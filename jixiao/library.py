"""Finding and loading scheme files, with ``extends`` kept inside the allowed folders.

Stage: application layer. ``load_scheme`` reads a ``.jx`` file and compiles it with
``dsl.compile_source``; an ``extends "x.jx"`` is looked up next to the extending file, then in
each root (the bundled ``schemes/`` library by default). A reference that would leave every
root — ``../``, an absolute path, a symlink out — is refused with JX214.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from jixiao.engine.diagnostics import (
    InputError,
    Message,
    SchemeError,
    Span,
    candidates,
    error,
    wrong_argument,
)
from jixiao.engine.limits import DEFAULT_LIMITS, Limits
from jixiao.files import exists, is_file, read_text, resolved

if TYPE_CHECKING:
    from jixiao.dsl import Resolver
    from jixiao.engine.compile import CompiledScheme


# The folder of the command line's cache of checked schemes (``jixiao.schemecache``), or
# ``None``: set by ``jixiao.cli`` for the run of one command line (``scheme_cache``), never by
# the library on its own — a program that embeds jixiao keeps its compiled schemes itself.
_CACHE: list[Path | None] = [None]


@contextlib.contextmanager
def scheme_cache(folder: Path | None) -> Iterator[None]:
    """Within the block, ``load_scheme`` keeps and reuses checked schemes in ``folder``."""
    before, _CACHE[0] = _CACHE[0], folder
    try:
        yield
    finally:
        _CACHE[0] = before


@functools.cache
def library_root() -> Path:
    """The folder of the bundled scheme library (``schemes/``): where the package
    ``jixiao.schemes`` is found, without importlib.resources' readers (3 ms of the CLI's
    start-up for one path)."""
    import jixiao.schemes  # a package of data: its __init__ is empty

    if jixiao.schemes.__file__ is None:  # pragma: no cover (installed as a namespace package)
        from importlib import resources

        return Path(str(resources.files("jixiao.schemes")))
    return Path(jixiao.schemes.__file__).parent


def find_scheme(ref: str, near: Path | None = None, roots: Sequence[Path] | None = None,
                *, where: str = "scheme") -> Path:
    """The scheme file a data file names (``scheme = "soil_pollution.jx"``): next to the data
    (``near``), else in a root. Like an ``extends``, it may never leave those folders, so a data
    file cannot make jixiao read ``/etc/passwd``. Raises ``SchemeError`` (JX212, JX214)."""
    folders = ([resolved(near)] if near is not None else []) + [
        resolved(r) for r in (roots or [library_root()])]
    return load_source(ref, None, folders, folders, where=where, read=False, missing="JX222")[2]


@attrs.frozen
class SchemeInfo:
    """One scheme of the bundled library, as ``jixiao schemes`` lists it."""

    name: str      # what ``--scheme`` and ``load_scheme`` take: the file name without ``.jx``
    title: str     # the scheme's own name (``土壤污染防治资金``)
    version: str
    basis: str     # the policy it implements (``财预〔2020〕10号…``), as the scheme says
    extends: tuple[str, ...]  # the schemes it builds on, nearest first
    path: Path


def bundled_schemes(*, limits: Limits = DEFAULT_LIMITS) -> list[SchemeInfo]:
    """The schemes that ship with jixiao, by name, each compiled to read its header."""
    found = []
    for file in sorted(library_root().glob("*.jx")):
        s = load_scheme(file, limits=limits).scheme
        found.append(SchemeInfo(file.stem, s.name, s.version, s.basis, s.lineage, file))
    return found


def locate_scheme(ref: str | Path) -> Path:
    """A scheme named on the command line or in code: an existing file, else a bundled scheme
    by name (``soil_pollution`` or ``soil_pollution.jx``). A name that is neither is returned as
    given, for the reader to report as a missing file."""
    path = Path(ref)
    if exists(path) or len(path.parts) != 1 or path.suffix not in ("", ".jx"):
        return path
    bundled = library_root() / (path.name if path.suffix else f"{path.name}.jx")
    return bundled if is_file(bundled) else path


def load_scheme(path: str | Path, *, roots: Sequence[Path] | None = None,
                limits: Limits = DEFAULT_LIMITS) -> CompiledScheme:
    """Read and compile the scheme at ``path`` (or a bundled scheme by name:
    ``load_scheme("soil_pollution")``); its ``extends`` may reach the file's own folder and
    ``roots`` (the bundled library by default). Raises ``SchemeError`` or ``InputError``."""
    _check_path("load_scheme", "path", path)
    _check_limits("load_scheme", limits)
    located = locate_scheme(path)
    if not exists(located) and len(located.parts) == 1 and not located.suffix:
        _no_such_scheme(located)
    path = resolved(located)
    # shown as the user wrote it (check ../x/s.jx), never as the machine's absolute path
    shown = _display(path) if located.is_absolute() else located.as_posix()
    allowed = [resolved(r) for r in (roots or [library_root()])] + [path.parent]
    text = read_text(path, limit=limits.scheme_bytes, shown=shown)

    def build(resolve: Resolver) -> CompiledScheme:
        from jixiao.dsl import compile_source  # lark and the scheme pipeline: only here

        return compile_source(text, shown, resolve, limits)

    if _CACHE[0] is None:
        return build(resolver(allowed, limits, {shown: path}))
    from jixiao import schemecache

    return schemecache.cached(_CACHE[0], path, shown, text, limits,
                              lambda: resolver(allowed, limits, {shown: path}), build)


def _check_path(function: str, argument: str, value: object) -> None:
    """A path argument of the Python API that is no path (``None``, a number, bytes): JX028,
    one of jixiao's own errors, rather than pathlib's TypeError."""
    if not isinstance(value, str | os.PathLike) or isinstance(value, bytes):
        raise wrong_argument(function, argument,
                             Message("路径（str 或 Path）", "a path (str or Path)"), value)


def _check_limits(function: str, limits: object) -> None:
    if not isinstance(limits, Limits):
        raise wrong_argument(function, "limits", "arg_limits", limits)


def _no_such_scheme(ref: Path) -> None:
    """A bare name (no folder, no ``.jx``) that is neither a file here nor a bundled scheme
    (``--scheme soil_polution``): say which names exist, rather than only that a file is
    missing (JX090)."""
    close = candidates(ref.stem, sorted(f.stem for f in library_root().glob("*.jx")))
    close_en = close.replace("、", ", ")
    raise InputError([error("JX090", where=str(ref), name=str(ref),
                            suggest=f"是否想写：{close}。" if close else "",
                            suggest_en=f"Did you mean: {close_en}? " if close else "")])


def resolver(allowed: Sequence[Path], limits: Limits,
             known: dict[str, Path] | None = None) -> Resolver:
    """An ``extends`` resolver that looks next to the extending file, then in ``allowed``, and
    never reads outside ``allowed``. ``known`` maps display names to files already read."""
    files = dict(known or {})

    def resolve(ref: str, span: Span, file: str) -> tuple[str, str]:
        near = [files[file].parent] if file in files else []
        text, shown, real = load_source(ref, span, [*near, *allowed], allowed,
                                        limits.scheme_bytes)
        files[shown] = real
        return text, shown
    return resolve


def load_source(ref: str, span: Span | None, folders: Sequence[Path],
                allowed: Sequence[Path] | None = None,
                limit: int = DEFAULT_LIMITS.scheme_bytes, *, where: str = "",
                read: bool = True, missing: str = "JX212") -> tuple[str, str, Path]:
    """The text, display name and file of the scheme an ``extends`` names, looked for in
    ``folders`` and never outside ``allowed`` (default: ``folders``). ``missing``: the code
    when there is none (JX212 for an ``extends``, JX222 for the scheme a data file names)."""
    roots = [resolved(r) for r in (allowed or folders)]
    if not ref.strip():
        raise SchemeError([error(missing, span, where, name='""', hint="方案文件名为空",
                                 hint_en="the file name is empty")])
    if len(ref) > 255 or any(ord(c) < 32 for c in ref):
        raise SchemeError([error(missing, span, where, name=repr(ref)[:60],
                                 hint="文件名含有控制字符或过长",
                                 hint_en="not a usable file name")])
    # A data file or scheme written on Windows names its folders with backslashes
    # (``schemes\soil.jx``): the same path here, and confined like any other.
    written, ref = ref, ref.replace("\\", "/")
    escaped = False
    for folder in folders:
        try:
            named = folder / ref
            if not named.suffix:  # the suffix first, then resolve: a leak.jx symlink that
                named = named.with_suffix(".jx")  # points out is confined like any other
            target = named.resolve()
        except (OSError, ValueError, RuntimeError):  # RuntimeError: a symlink loop (3.11)
            continue
        if not any(target.is_relative_to(root) for root in roots):
            escaped = True  # never read, even if it exists
            continue
        if is_file(target):
            text = read_text(target, limit=limit) if read else ""
            return text, _display(target), target
    if escaped:
        raise SchemeError([error("JX214", span, where, name=written)])
    raise SchemeError([error(missing, span, where, name=written,
                             hint=f"在方案目录中没有找到 {written}",
                             hint_en=f"{written} is not in the scheme folders")])


def _display(path: Path) -> str:
    """A path as messages show it: ``schemes/x.jx`` for the library, relative to the working
    folder when inside it, else as given."""
    for base, prefix in ((resolved(library_root()), "schemes/"), (Path.cwd(), "")):
        try:
            return prefix + path.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path)
