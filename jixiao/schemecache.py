"""The command line's cache of checked schemes.

Stage: application layer, used by ``jixiao.library.load_scheme`` when the command line turns it
on (``jixiao.cli``; ``JIXIAO_CACHE``). Parsing and checking a scheme — lark and its lexer, the
syntax, the checks, ``extends``, lowering, the range checks — was about half of what
``jixiao score`` cost per run, and is the same work every run for the same files. A cached
entry keeps what that work gives (the lowered ``Scheme`` and its warnings); the closures are
made again from it (``engine.compile.recompile``, about 1 ms), so the scoring is the same code.

An entry is used only when it is certainly what compiling would give now, and is rebuilt
otherwise (a miss costs one compile, as without the cache):

- the same format, jixiao version, Python version and jixiao code (the size and modification
  time of every file of ``engine/``, ``dsl/`` and ``jixiao/``'s own modules: an edited or
  reinstalled jixiao never reads an old entry, whatever its version number says);
- the same scheme file, shown under the same name, with the same text and the same limits;
- every ``extends`` of the chain resolved again, now, to the same file name and the same text
  (so an edited parent, or a new file that an ``extends`` would now find first, is a miss).

Why pickle, and why it is safe here: the entry is jixiao's own output (the checked model),
written by this module into a folder of the user's own; it is read only when that folder and
the file belong to the user running jixiao and nobody else may write them; and it is read with
an unpickler that can build nothing but the model's own classes (attrs classes and enums of
``engine.model``, ``engine.diagnostics``, ``engine.values``, ``engine.limits``) and
``Decimal`` — no function, no other class, so not even a forged file runs code. What a user
wrote (a scheme's text) is never unpickled: it is compared, as text. An unreadable, forged,
stale or foreign entry is a miss, never an error: the cache can make jixiao faster, never
different.
"""

from __future__ import annotations

import binascii
import contextlib
import enum
import io
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

import jixiao
from jixiao.engine.diagnostics import SchemeError, Span
from jixiao.engine.limits import Limits

if TYPE_CHECKING:
    from jixiao.dsl import Resolver
    from jixiao.engine.compile import CompiledScheme

FORMAT = 1  # what an entry holds and how; a change of layout changes it
# The modules whose classes an entry may hold; with Decimal, all the unpickler will build.
MODEL_MODULES = frozenset({"jixiao.engine.model", "jixiao.engine.diagnostics",
                           "jixiao.engine.values", "jixiao.engine.limits"})

# One call of an extends resolver as compiling made it: (reference, span, file that extends)
# and what it gave (text, name).
Resolved = tuple[str, Span, str, str, str]


class _ModelUnpickler(pickle.Unpickler):
    """Builds the model's classes and Decimal, and nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "decimal" and name == "Decimal":
            from decimal import Decimal

            return Decimal
        if module in MODEL_MODULES:
            found = getattr(sys.modules.get(module), name, None)
            if (isinstance(found, type) and found.__module__ == module
                    and (attrs.has(found) or issubclass(found, enum.Enum))):
                return found
        raise pickle.UnpicklingError(f"not a class of the scheme model: {module}.{name}")


def code_stamp() -> tuple[tuple[str, int, int], ...]:
    """What identifies the jixiao code that made an entry: each module's name, size and
    modification time (about 80 ``stat`` calls, a tenth of a millisecond)."""
    import jixiao.dsl
    import jixiao.engine

    stamp = []
    for package in (jixiao, jixiao.engine, jixiao.dsl):
        folder = Path(package.__file__ or "").parent
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.endswith((".py", ".lark", ".json")) and entry.is_file():
                info = entry.stat()
                stamp.append((f"{package.__name__}/{entry.name}", info.st_size,
                              info.st_mtime_ns))
    return tuple(stamp)


def _header(path: Path, shown: str, text: str, limits: Limits) -> tuple[Any, ...]:
    return (FORMAT, jixiao.__version__, sys.version_info[:2], code_stamp(), str(path), shown,
            text, attrs.astuple(limits))


def entry_file(folder: Path, path: Path, shown: str) -> Path:
    """Where the entry of the scheme at ``path`` (named ``shown``) is kept."""
    key = binascii.crc32(f"{path}\0{shown}".encode("utf-8", "surrogatepass"))
    return folder / f"{path.stem[:40]}-{key:08x}.scheme.pickle"


def _private(info: os.stat_result) -> bool:
    """Written by this user alone: owned by them, writable by nobody else."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # pragma: no cover (Windows: a user's local app data is their own)
        return True
    return info.st_uid == getuid() and not info.st_mode & 0o022


def _read(file: Path) -> bytes | None:
    """The entry's bytes, if this user alone can have written it (folder and file)."""
    try:
        if not _private(os.stat(file.parent)):
            return None
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            return f.read() if _private(os.fstat(fd)) else None
    except OSError:
        return None


def _write(file: Path, data: bytes) -> None:
    """Write ``data`` to ``file`` whole or not at all (a temporary file renamed over it), in a
    folder only this user may write. Any failure leaves the cache as it was: it is not the
    user's business that a cache could not be written."""
    tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(file.parent)):
            return
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0),
                     0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, file)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def load(folder: Path, path: Path, shown: str, text: str, limits: Limits,
         resolve: Resolver) -> CompiledScheme | None:
    """The cached compiled scheme at ``path``, if its entry is certainly what compiling
    ``text`` with ``resolve`` would give now; else ``None`` (compile it, then ``store``)."""
    data = _read(entry_file(folder, path, shown))
    if data is None:
        return None
    try:
        stream = io.BytesIO(data)
        unpickler = _ModelUnpickler(stream)
        if unpickler.load() != _header(path, shown, text, limits):
            return None
        resolved = unpickler.load()
        for ref, span, file, parent_text, parent_shown in resolved:
            if resolve(ref, span, file) != (parent_text, parent_shown):
                return None
        scheme, warnings = unpickler.load()
    except SchemeError:  # an extends that no longer resolves: compiling will say so
        return None
    except Exception:  # a damaged, foreign or forged entry is only a miss
        return None
    from jixiao.engine.compile import recompile
    from jixiao.engine.model import Scheme

    if not isinstance(scheme, Scheme) or not isinstance(warnings, tuple):
        return None
    return recompile(scheme, warnings)


def recording(resolve: Resolver, calls: list[Resolved]) -> Resolver:
    """``resolve``, keeping each call and what it gave in ``calls`` (for ``store``)."""

    def record(ref: str, span: Span, file: str) -> tuple[str, str]:
        got = resolve(ref, span, file)
        calls.append((ref, span, file, *got))
        return got
    return record


def store(folder: Path, path: Path, shown: str, text: str, limits: Limits,
          calls: list[Resolved], compiled: CompiledScheme) -> None:
    """Keep ``compiled`` (made from ``text`` with the ``extends`` in ``calls``)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        pickler.dump(_header(path, shown, text, limits))
        pickler.dump(calls)
        pickler.dump((compiled.scheme, compiled.warnings))
    except Exception:  # a scheme that does not pickle is simply not cached
        return
    _write(entry_file(folder, path, shown), out.getvalue())


def cached(folder: Path | None, path: Path, shown: str, text: str, limits: Limits,
           resolver: Callable[[], Resolver], build: Callable[[Resolver], CompiledScheme]
           ) -> CompiledScheme:
    """``build(resolver())``: the scheme at ``path`` compiled, or its cached entry when
    ``folder`` holds one that is certainly what compiling would give now. ``resolver`` makes a
    fresh resolver each call (one checks the entry's ``extends``, another compiles)."""
    if folder is None:
        return build(resolver())
    found = load(folder, path, shown, text, limits, resolver())
    if found is not None:
        return found
    calls: list[Resolved] = []
    compiled = build(recording(resolver(), calls))
    store(folder, path, shown, text, limits, calls, compiled)
    return compiled
