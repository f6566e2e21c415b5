"""The document formats of ``jixiao report``: the entries of the output-format table
(``render.formats.FORMATS``) marked ``document``. ``render(result, lang)`` gives ``str`` for
HTML and Markdown and ``bytes`` for xlsx and docx, whose optional packages (extras ``xlsx``,
``docx``) are imported only when such a file is written."""

from __future__ import annotations

from pathlib import Path

from jixiao.render.formats import FORMATS, OutputFormat


def documents() -> dict[str, OutputFormat]:
    return {name: f for name, f in FORMATS.items() if f.document}


def document_for_path(path: str | Path) -> OutputFormat | None:
    suffix = Path(path).suffix.lower()
    return next((d for d in documents().values() if suffix and suffix in d.suffixes), None)
