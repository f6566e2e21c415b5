"""Reading user files as text: size limit, encoding, byte order mark, line endings.

Stage: the application layer's first step for every file. Files from spreadsheets and mail are
often GB18030/GBK or carry a BOM; the answer is a clear ``InputError`` that says what the file
looks like and how to convert it, never a ``UnicodeDecodeError``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from jixiao.engine.diagnostics import InputError, error
from jixiao.engine.limits import DEFAULT_LIMITS

STDIN = "<stdin>"  # how standard input is named in messages


def read_text(path: Path, *, limit: int = DEFAULT_LIMITS.file_bytes,
              shown: str | None = None) -> str:
    """The file's text, UTF-8 (a BOM is dropped), with ``\\r\\n`` and ``\\r`` made ``\\n``.
    ``shown``: how messages name the file (as the user wrote it), if not ``path``."""
    name = shown if shown is not None else str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a folder, a device, a pipe: never opened
            zh, en = (("是文件夹", "a folder") if stat.S_ISDIR(info.st_mode) else
                      ("不是普通文件，而是管道或设备", "not a regular file but a pipe or a device"))
            raise InputError([error("JX001", where=name, path=f"{name}（{zh}）",
                                    path_en=f"{name} ({en})")])
        if info.st_size > limit:
            raise InputError([error("JX006", where=name, size=info.st_size, limit=limit)])
        with path.open("rb") as f:
            data = f.read(limit + 1)  # the size may have changed since stat()
        if len(data) > limit:
            raise InputError([error("JX006", where=name, size=f"> {limit}", limit=limit)])
    except FileNotFoundError:
        raise InputError([error("JX001", where=name, path=name)]) from None
    except IsADirectoryError:
        raise InputError([error("JX001", where=name, path=name)]) from None
    except OSError as exc:
        zh, en = os_reason(exc)
        raise InputError([error("JX001", where=name, path=f"{name}（{zh}）",
                                path_en=f"{name} ({en})")]) from None
    except ValueError:  # a NUL in the name: only the API can pass one
        raise InputError([error("JX027", where=repr(name), path=repr(name),
                                reason="名称中含有 NUL 字符",
                                reason_en="the name holds a NUL character")]) from None
    return decode(data, name)


# -- asking about a path never fails: a name too long for the file system (ENAMETOOLONG), a
# loop of symbolic links or a NUL byte makes pathlib raise where the answer is simply "no such
# file" — the reader then says why in the user's words (JX001, JX027).

def exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError, RuntimeError):
        return False


def is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError, RuntimeError):
        return False


def is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError, RuntimeError):
        return False


def resolved(path: Path) -> Path:
    """``path`` made absolute with its symbolic links followed, as far as they can be (a loop
    or an over-long name stops there instead of raising)."""
    try:
        return path.resolve()
    except (OSError, ValueError, RuntimeError):
        return Path(os.path.abspath(path))


# The operating system's reasons a file cannot be read or written, in our words (its own
# ``strerror`` is English, or in the machine's locale).
_OS_REASONS: dict[int, str] = {
    errno.EACCES: "没有权限", errno.EPERM: "不允许的操作", errno.ENOENT: "文件或目录不存在",
    errno.ENOTDIR: "路径中的某一级不是目录", errno.EISDIR: "这是一个目录",
    errno.ELOOP: "符号链接循环", errno.ENAMETOOLONG: "文件名过长", errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "只读的文件系统", errno.EIO: "输入输出错误", errno.EBUSY: "文件正被占用",
    errno.EMFILE: "打开的文件过多", errno.ENXIO: "设备不存在", errno.EINVAL: "无效的参数",
    errno.EFBIG: "文件过大", errno.EDQUOT: "超出磁盘配额", errno.EEXIST: "文件已存在",
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """Why an ``OSError`` happened: (Chinese, English)."""
    en = exc.strerror or type(exc).__name__
    return _OS_REASONS.get(exc.errno or 0, "无法访问该文件"), en


def read_stdin(*, limit: int = DEFAULT_LIMITS.file_bytes) -> str:
    """Standard input's text (``jixiao score -``), read and checked like a file's."""
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
    data = (stream.read(limit + 1) if stream is not None
            else sys.stdin.read(limit + 1).encode("utf-8", errors="surrogateescape"))
    if len(data) > limit:
        raise InputError([error("JX006", where=STDIN, size=f"> {limit}", limit=limit)])
    return decode(data, STDIN)


def write_output(path: Path, content: str | bytes, inputs: Iterable[Path] = ()) -> None:
    """Write an output file (``-o FILE``): text as UTF-8, bytes as they are. Every output file
    is written here or through ``output_stream``, so how it is written can change in one place.

    Never over one of the ``inputs`` (JX030: ``-o data.toml`` would replace the data with the
    report). Written to a temporary file in the same folder, then renamed over ``path``: a
    write that fails (a full disk) leaves the previous file whole, never a truncated one."""
    data = content.encode("utf-8", errors="backslashreplace") if isinstance(content, str) \
        else content
    with _atomic(path, inputs) as f:
        f.write(data)


@contextlib.contextmanager
def output_stream(path: Path, inputs: Iterable[Path] = ()) -> Iterator[IO[str]]:
    """A UTF-8 text stream (``\\n`` line ends) to ``path`` for output written as it is made
    (``batch -o``), under ``write_output``'s rules: never over an input, and ``path`` is replaced
    only when the writing has finished, so a run that stops leaves the previous file whole."""
    with _atomic(path, inputs) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace", newline="\n")
        yield text
        text.flush()
        text.detach()  # the raw file is _atomic's to close


@contextlib.contextmanager
def _atomic(path: Path, inputs: Iterable[Path]) -> Iterator[IO[bytes]]:
    """A binary file that becomes ``path`` when the block ends without an exception. Only this
    function's own file operations are reported as JX020; the block's errors pass through."""
    for source in inputs:
        if _same_file(path, source):
            raise InputError([error("JX030", where=str(path), path=path)])
    shown = path
    with _write_errors(shown):
        path = _final(path)
        info = _stat(path)
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        # A device, a pipe or a socket (-o /dev/stdout, -o /dev/null, a fifo): written through,
        # never renamed over — as root a rename would replace /dev/null itself.
        with _write_errors(shown):
            f = path.open("wb")
        try:
            yield _Guarded(f, shown)  # type: ignore[misc]
        finally:
            with _write_errors(shown):
                f.close()
        return
    tmp: str | None = None
    try:
        with _write_errors(path):
            existing = info.st_mode & 0o7777 if info is not None and stat.S_ISREG(
                info.st_mode) else None
            import tempfile  # here: only writing needs it (and shutil, bz2, lzma with it)

            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            f = os.fdopen(fd, "wb")
        try:
            yield _Guarded(f, path)  # type: ignore[misc]
        finally:
            with _write_errors(path):
                f.close()
        with _write_errors(path):
            os.chmod(tmp, existing if existing is not None else 0o666 & ~_umask())
            os.replace(tmp, path)
        tmp = None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@contextlib.contextmanager
def _write_errors(path: Path) -> Iterator[None]:
    """An ``OSError`` while writing ``path`` as JX020, in the user's words, never raw English."""
    try:
        yield
    except ValueError:  # a NUL in the name (only the API can pass one)
        raise InputError([error("JX027", where=repr(str(path)), path=repr(str(path)),
                                reason="名称中含有 NUL 字符",
                                reason_en="the name holds a NUL character")]) from None
    except OSError as exc:
        zh, en = _WRITE_ERRORS.get(exc.errno or 0, ("", ""))
        raise InputError([error("JX020", where=str(path), path=path,
                                reason=zh or f"系统错误 {exc.errno}",
                                reason_en=en or f"system error {exc.errno}")]) from None


def _final(path: Path) -> Path:
    """The file a path names after its symbolic links: ``-o link.json`` replaces the file the
    link points to, not the link (a rename over the link would cut it)."""
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def _stat(path: Path) -> os.stat_result | None:
    """``path``'s status, None when nothing is there yet."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop (Python 3.11)
        return False


class _Guarded(io.RawIOBase):
    """A file being written whose own failures (a full disk, a device that refuses) are JX020,
    in the user's words, like every other write error — never a raw ``OSError``."""

    def __init__(self, f: IO[bytes], path: Path) -> None:
        super().__init__()
        self._f = f
        self._path = path

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        with _write_errors(self._path):
            self._f.write(data)
        return len(data)

    def flush(self) -> None:
        if not self._f.closed:
            with _write_errors(self._path):
                self._f.flush()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_WRITE_ERRORS = {errno.ENOENT: ("目录不存在", "the folder does not exist"),
                 errno.EACCES: ("没有写权限", "permission denied"),
                 errno.EPERM: ("没有写权限", "permission denied"),
                 errno.EISDIR: ("这是一个目录", "it is a folder"),
                 errno.ENOSPC: ("磁盘已满", "the disk is full"),
                 errno.EROFS: ("只读文件系统", "the file system is read-only"),
                 errno.ENAMETOOLONG: ("文件名过长", "the file name is too long"),
                 errno.ELOOP: ("符号链接循环", "a loop of symbolic links"),
                 errno.ENOTDIR: ("路径中的某一级不是目录", "a part of the path is not a folder")}


def decode(data: bytes, where: str) -> str:
    """Decode UTF-8 strictly; say where it fails and which encoding it looks like."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        encoding = _guess_encoding(data)
        guess = f"（看起来是 {encoding} 编码）" if encoding else ""
        guess_en = f" (it looks like {encoding})" if encoding else ""
        raise InputError([error("JX002", where=f"{where}:{line}", guess=guess, guess_en=guess_en,
                                encoding=encoding or "GB18030")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _guess_encoding(data: bytes) -> str:
    """Which encoding undecodable bytes look like: UTF-16 (by its BOM or its many NULs in every
    other byte), else GB18030 (which GBK files are) if they decode as that."""
    sample = data[:4096]
    if sample.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if len(sample) >= 4:
        if sample[1::2].count(0) > len(sample) // 4:
            return "UTF-16LE"
        if sample[0::2].count(0) > len(sample) // 4:
            return "UTF-16BE"
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return "GB18030"
