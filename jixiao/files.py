"""Reading user files as text: size limit, encoding, byte order mark, line endings.

Stage: the application layer's first step for every file. Files from spreadsheets and mail are
often GB18030/GBK or carry a BOM; the answer is a clear ``InputError`` that says what the file
looks like and how to convert it, never a ``UnicodeDecodeError``.
"""

from __future__ import annotations

import stat
from pathlib import Path

from jixiao.engine.diagnostics import InputError, error
from jixiao.engine.limits import DEFAULT_LIMITS


def read_text(path: Path, *, limit: int = DEFAULT_LIMITS.file_bytes) -> str:
    """The file's text, UTF-8 (a BOM is dropped), with ``\\r\\n`` and ``\\r`` made ``\\n``."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a folder, a device, a pipe: never opened
            raise InputError([error("JX001", where=str(path), path=path)])
        if info.st_size > limit:
            raise InputError([error("JX006", where=str(path), size=info.st_size, limit=limit)])
        with path.open("rb") as f:
            data = f.read(limit + 1)  # the size may have changed since stat()
        if len(data) > limit:
            raise InputError([error("JX006", where=str(path), size=f"> {limit}", limit=limit)])
    except FileNotFoundError:
        raise InputError([error("JX001", where=str(path), path=path)]) from None
    except IsADirectoryError:
        raise InputError([error("JX001", where=str(path), path=path)]) from None
    except OSError as exc:
        raise InputError([error("JX001", where=str(path), path=f"{path} ({exc.strerror})")]
                         ) from None
    return decode(data, str(path))


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
