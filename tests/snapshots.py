"""syrupy extensions that store a renderer's output byte for byte, one file per snapshot, with
the real extension so a reviewer can open it (``.txt``, ``.json``, ``.toml``)."""

from __future__ import annotations

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode


class TextSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "txt"


class JSONTextSnapshot(TextSnapshot):
    file_extension = "json"


class TOMLTextSnapshot(TextSnapshot):
    file_extension = "toml"


class MarkdownSnapshot(TextSnapshot):
    file_extension = "md"


class HTMLSnapshot(TextSnapshot):
    file_extension = "html"
