"""Finding and loading scheme files, with ``extends`` kept inside the allowed folders.

Stage: application layer. ``load_scheme`` reads a ``.jx`` file and compiles it with
``dsl.compile_source``; an ``extends "x.jx"`` is looked up next to the extending file, then in
each root (the bundled ``schemes/`` library by default). A reference that would leave every
root — ``../``, an absolute path, a symlink out — is refused with JX214.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from dsl import compile_source
from engine.compile import CompiledScheme
from engine.diagnostics import SchemeError, Span, error
from jixiao.files import read_text


def library_root() -> Path:
    """The folder of the bundled scheme library (``schemes/``)."""
    return Path(str(resources.files("schemes")))


def find_scheme(ref: str, near: Path | None = None, roots: Sequence[Path] | None = None) -> Path:
    """Where scheme ``ref`` is: next to ``near``'s folder, else in a root. ``ref`` may be a
    file name with or without ``.jx``."""
    names = [ref] if ref.endswith(".jx") else [ref, ref + ".jx"]
    folders = ([near] if near is not None else []) + list(roots or [library_root()])
    for folder in folders:
        for name in names:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return Path(ref)


def load_scheme(path: str | Path, *, roots: Sequence[Path] | None = None) -> CompiledScheme:
    """Read and compile the scheme at ``path``; its ``extends`` may reach the file's own folder
    and ``roots`` (the bundled library by default). Raises ``SchemeError`` or ``InputError``."""
    path = Path(path).resolve()
    allowed = [r.resolve() for r in (roots or [library_root()])] + [path.parent]
    text = read_text(path)

    def resolve(ref: str, span: Span, file: str) -> tuple[str, str]:
        base = Path(file).resolve().parent
        for folder in [base, *allowed]:
            target = (folder / ref).resolve()
            if not target.suffix:
                target = target.with_suffix(".jx")
            if not any(target.is_relative_to(root) for root in allowed):
                raise SchemeError([error("JX214", span, name=ref)])
            if target.is_file():
                return read_text(target), _display(target)
        raise SchemeError([error("JX212", span, name=ref,
                                 hint=f"在 {base.name}/ 与方案库中都没有找到 {ref}")])

    return compile_source(text, _display(path), resolve)


def _display(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
