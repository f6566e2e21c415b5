"""Reading user files as text: size limit, encoding, byte order mark, line endings.

Stage: the application layer's first step for every file. Files from spreadsheets and mail are
often GB18030/GBK or carry a BOM; the answer is a clear ``InputError`` that says what the file
looks like and how to convert it, never a ``UnicodeDecodeError``.
"""

from __future__ import annotations

from pathlib import Path

from engine.diagnostics import InputError, error
from engine.limits import DEFAULT_LIMITS


def read_text(path: Path, *, limit: int = DEFAULT_LIMITS.file_bytes) -> str:
    """The file's text, UTF-8 (a BOM is dropped), with ``\\r\\n`` and ``\\r`` made ``\\n``."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError([error("JX006", where=str(path), size=size, limit=limit)])
        data = path.read_bytes()
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
        guess = guess_en = ""
        try:
            data.decode("gb18030")
            guess, guess_en = "（看起来是 GB18030/GBK 编码）", " (it looks like GB18030/GBK)"
        except UnicodeDecodeError:
            pass
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            guess, guess_en = "（看起来是 UTF-16 编码）", " (it looks like UTF-16)"
        raise InputError([error("JX002", where=f"{where}:{line}", guess=guess,
                                guess_en=guess_en)]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
