"""The output formats ``jixiao score`` can write, by name and by file extension.

One table: ``--format NAME`` looks a format up by name, ``-o FILE`` (without ``--format``) by
the file's extension. A renderer added later (Markdown, HTML, a spreadsheet) is one entry in
``FORMATS`` — or one ``register`` call from an embedder — whose ``render`` imports its optional
dependency lazily, so the core never needs it. ``render`` returns ``str`` for text formats and
``bytes`` for binary ones (``.xlsx``, ``.docx``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs

from jixiao.engine.result import Result
from jixiao.render.table import to_text


@attrs.frozen
class OutputFormat:
    """One output format: ``render(result, lang)`` gives the whole file."""

    name: str                     # what ``--format`` takes
    suffixes: tuple[str, ...]     # the extensions of ``-o FILE`` that choose it (lower case)
    render: Callable[[Result, str], str | bytes]
    document: bool = False        # a filed document: also a format of ``jixiao report``
    binary: bool = False          # bytes: never written to a terminal


def _json(r: Result, lang: str) -> str:
    from jixiao.render.json_ import to_json  # each renderer imported when its format is chosen

    return to_json(r, lang)


def _toml(r: Result, lang: str) -> str:
    from jixiao.render.toml_ import to_toml

    return to_toml(r, lang)


def _html(r: Result, lang: str) -> str:
    from jixiao.render.html import to_html

    return to_html(r, lang)


def _markdown(r: Result, lang: str) -> str:
    from jixiao.render.markdown import to_markdown

    return to_markdown(r, lang)


def _xlsx(r: Result, lang: str) -> bytes:
    from jixiao.render.xlsx import to_xlsx  # openpyxl, the optional extra ``xlsx``

    return to_xlsx(r, lang)


def _docx(r: Result, lang: str) -> bytes:
    from jixiao.render.docx import to_docx  # python-docx, the optional extra ``docx``

    return to_docx(r, lang)


FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    OutputFormat("text", (".txt",), to_text),
    OutputFormat("json", (".json",), _json),
    OutputFormat("toml", (".toml",), _toml),
    # the 自评表 and the written report (jixiao report; jixiao score -o r.html writes them too)
    OutputFormat("html", (".html", ".htm"), _html, document=True),
    OutputFormat("md", (".md", ".markdown"), _markdown, document=True),
    OutputFormat("xlsx", (".xlsx",), _xlsx, document=True, binary=True),
    OutputFormat("docx", (".docx",), _docx, document=True, binary=True),
)}


def register(fmt: OutputFormat) -> None:
    """Add (or replace) an output format; its name and extensions become usable at once."""
    FORMATS[fmt.name] = fmt


def format_for_path(path: str | Path) -> OutputFormat | None:
    """The format an output file's extension asks for, or ``None`` if no format claims it."""
    suffix = Path(path).suffix.lower()
    return next((f for f in FORMATS.values() if suffix and suffix in f.suffixes), None)


def known_suffixes() -> list[str]:
    return sorted(s for f in FORMATS.values() for s in f.suffixes)
