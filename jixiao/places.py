"""Where a data path is in its file: the line of ``indicators[3].actual`` and the row's name.

Stage: application layer, beside the data reader. ``tomllib`` and ``json`` give no positions,
so the source text is scanned lightly — once, and only when a diagnostic asks (a record
without problems never pays for it). The text has already parsed, so the scan may trust its
shape: it follows headers (``[[indicators]]``), keys, inline tables and arrays, and skips
strings and comments. A path the scan cannot place keeps its nearest placed parent's line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from typing import Any

from jixiao.engine.diagnostics import ROW_WORDS

# the key of a row that names it: 三级指标名称, 子项目, 资金管理情况的 item, 批次
_NAME_KEYS = {"indicators": "name", "projects": "name", "management": "item",
              "budget.batches": "name", "case": "name", "report.basis": ""}
_ROW = re.compile(r"(" + "|".join(re.escape(k) for k in ROW_WORDS) + r")\[(\d+)\]")
_TOML_TOKEN = re.compile(r'''
    (?P<nl>\n)
  | [ \t\r]+
  | \#[^\n]*
  | (?P<str>"""(?:\\[\s\S]|[^\\])*?"""\"{0,2}
      | \'\'\'[\s\S]*?\'\'\'\'{0,2}
      | "(?:\\.|[^"\\\n])*"
      | '[^'\n]*')
  | (?P<punct>[\[\]{}=,.])
  | (?P<bare>[^\s\[\]{}=,.\#"']+)
''', re.VERBOSE)
_JSON_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


class DataPlaces:
    """The places of one record's paths: from its text (lines) and its table (row names).
    Slotted: one is kept with every record read, and a dict-less object is one object fewer
    for the cyclic collector to walk in a run that keeps its records."""

    __slots__ = ("_headers", "_lines", "file", "fmt", "mapping", "names", "text")

    def __init__(self, file: str, mapping: Mapping[str, Any], text: str | None = None,
                 fmt: str = "toml") -> None:
        self.file = file
        self.mapping = mapping
        self.text = text
        self.fmt = fmt
        self._lines: dict[str, int] | None = None
        self._headers: list[tuple[int, bool, str]] | None = None
        self.names: Mapping[str, Sequence[str]] | None = None

    def find(self, where: str) -> tuple[str, int, str]:
        """``(file, line, row name)`` of ``where``; the line of the nearest placed parent."""
        line = 0
        if self.text is not None:
            lines = self.block_lines(where)
            if lines is None:
                lines = self.lines()
            key = where
            while key and not line:
                line = lines.get(key, 0)
                key = _parent(key)
        return (self.file if line else "", line, self.row_name(where))

    def keep_names(self, names: Mapping[str, Sequence[str]]) -> None:
        """Let go of the record's parsed table (tens of megabytes for a file at the size limit)
        once it is read, keeping only the rows' names (``{"indicators": (…), …}``)."""
        self.names = names
        self.mapping = {}

    def row_name(self, where: str) -> str:
        m = _ROW.match(where)
        if m is None:
            return ""
        if self.names is not None:
            named = self.names.get(m[1], ())
            i = int(m[2])
            return named[i].strip() if i < len(named) else ""
        rows: Any = self.mapping
        for part in m[1].split("."):
            rows = rows.get(part) if isinstance(rows, Mapping) else None
        i = int(m[2])
        row = rows[i] if isinstance(rows, list) and i < len(rows) else None
        name = row.get(_NAME_KEYS[m[1]]) if isinstance(row, Mapping) else None
        return name.strip() if isinstance(name, str) else ""

    def block_lines(self, where: str) -> dict[str, int] | None:
        """The places of the one TOML table ``where`` is in, scanned alone: a 5 MB record is
        not scanned whole for one warning. ``None`` when the text cannot be cut into tables
        by its header lines alone (JSON, or a multi-line string that might hold one)."""
        text = self.text or ""
        if self.fmt != "toml" or '"""' in text or "\'\'\'" in text:
            return None
        if self._headers is None:
            self._headers = [(m.start(), m[1] == "[[", _header_name(m[2]))
                             for m in _HEADER.finditer(text)]
        headers = self._headers
        m = _ROW.match(where)
        chosen = -1
        if m is not None:  # the index-th [[indicators]]
            n = int(m[2])
            rows = [k for k, (_, double, name) in enumerate(headers) if double and name == m[1]]
            chosen = rows[n] if n < len(rows) else -1
        else:  # the table that holds it: [budget] for budget.executed
            first = next((at for at, double, name in headers if double and name == where), -1)
            if first >= 0:  # the rows as a whole: their first [[indicators]]
                return {where: text.count("\n", 0, first) + 1}
            for k, (_, double, name) in enumerate(headers):
                if not double and (where == name or where.startswith(name + ".")):
                    chosen = k
        if chosen < 0:
            if any(double for _, double, _ in headers) and m is not None:
                return None  # rows written some other way (an inline array): the whole scan
            start, end = 0, headers[0][0] if headers else len(text)
        else:
            start = headers[chosen][0]
            after = chosen + 1
            while (m is not None and after < len(headers)  # a row's own sub-tables:
                   and headers[after][2].startswith(m[1] + ".")):  # [case.expect]
                after += 1
            end = headers[after][0] if after < len(headers) else len(text)
        try:
            found = toml_lines(text[start:end])
        except (RecursionError, ValueError, IndexError):
            return {}
        before = text.count("\n", 0, start)
        out = {}
        for key, line in found.items():
            if m is not None and chosen >= 0 and key.startswith(f"{m[1]}[0]"):
                key = f"{m[1]}[{m[2]}]" + key[len(f"{m[1]}[0]"):]
            out[key] = line + before
        return out

    def lines(self) -> dict[str, int]:
        if self._lines is None:
            try:
                self._lines = (toml_lines(self.text or "") if self.fmt == "toml"
                               else json_lines(self.text or ""))
            except (RecursionError, ValueError, IndexError):  # a shape the scan does not know
                self._lines = {}
        return self._lines


_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([^\]\n#]*?)[ \t]*\]", re.MULTILINE)


def _header_name(written: str) -> str:
    """A header's dotted key as a path: ``[[ "budget" . batches ]]`` → ``budget.batches``."""
    return ".".join(part.strip().strip("\"'") for part in written.split("."))


def _parent(path: str) -> str:
    """``indicators[3].actual`` → ``indicators[3]`` → ``indicators`` → ``""``."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


class _Lines:
    """Line numbers of offsets in ``text`` (1-based)."""

    def __init__(self, text: str) -> None:
        self.starts = [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) + 1


def _key_text(token: str) -> str:
    if token.startswith('"'):
        if "\\" not in token:
            return token[1:-1]
        import json  # here: only a key written with escapes needs it

        return str(json.loads(token))
    if token.startswith("'"):
        return token[1:-1]
    return token


def toml_lines(text: str) -> dict[str, int]:
    """The line of every table, array row and key of TOML ``text`` (already parsed once)."""
    line_of = _Lines(text)
    tokens = [(m.lastgroup, m.group(), m.start()) for m in _TOML_TOKEN.finditer(text)
              if m.lastgroup is not None]
    found: dict[str, int] = {}
    counts: dict[str, int] = {}  # array-of-tables path → rows so far
    table = ""
    i, n = 0, len(tokens)

    def resolve(parts: list[str]) -> str:
        """A header's dotted key as a path: each array-of-tables on the way at its last row."""
        path = ""
        for part in parts:
            path = f"{path}.{part}" if path else part
            if path in counts:
                path = f"{path}[{counts[path] - 1}]"
        return path

    def keys(j: int, stop: str) -> tuple[list[str], int]:
        parts: list[str] = []
        while j < n and tokens[j][1] != stop:
            kind, tok, _ = tokens[j]
            if kind in ("str", "bare"):
                parts.append(_key_text(tok))
            j += 1
        return parts, j

    def value(j: int, path: str) -> int:
        """Skip the value at ``tokens[j]``, placing its rows and keys; the index after it."""
        while j < n and tokens[j][0] == "nl":
            j += 1
        if j >= n:
            return j
        tok = tokens[j][1]
        if tok == "[":
            j += 1
            index = 0
            while j < n:
                while j < n and tokens[j][0] == "nl":
                    j += 1
                if j >= n or tokens[j][1] == "]":
                    return j + 1
                if tokens[j][1] == ",":
                    j += 1
                    continue
                found.setdefault(f"{path}[{index}]", line_of(tokens[j][2]))
                j = value(j, f"{path}[{index}]")
                index += 1
            return j
        if tok == "{":
            j += 1
            while j < n and tokens[j][1] != "}":
                if tokens[j][1] == "," or tokens[j][0] == "nl":
                    j += 1
                    continue
                start = tokens[j][2]
                parts, j = keys(j, "=")
                key = ".".join([path, *parts])
                found.setdefault(key, line_of(start))
                j = value(j + 1, key)
            return j + 1
        j += 1  # a string, number, date or boolean: up to the next comma, bracket or line end
        while j < n and tokens[j][1] not in (",", "]", "}") and tokens[j][0] != "nl":
            j += 1
        return j

    while i < n:
        kind, tok, start = tokens[i]
        if kind == "nl":
            i += 1
            continue
        if tok == "[":  # a header: [table] or [[array of tables]]
            double = i + 1 < n and tokens[i + 1][1] == "[" and tokens[i + 1][2] == start + 1
            parts, j = keys(i + (2 if double else 1), "]")
            if double:
                name = resolve(parts[:-1])
                name = f"{name}.{parts[-1]}" if name else parts[-1]
                counts[name] = counts.get(name, 0) + 1
                found.setdefault(name, line_of(start))
                table = f"{name}[{counts[name] - 1}]"
            else:
                table = resolve(parts)
            found.setdefault(table, line_of(start))
            i = j + (2 if double else 1)
        else:  # key = value
            parts, j = keys(i, "=")
            key = ".".join([table, *parts]) if table else ".".join(parts)
            found.setdefault(key, line_of(start))
            i = value(j + 1, key)
        while i < n and tokens[i][0] != "nl":  # the rest of the line (a comment, a time)
            i += 1
    return found


def json_lines(text: str) -> dict[str, int]:
    """The line of every value of JSON ``text`` (already parsed once), by its path."""
    line_of = _Lines(text)
    found: dict[str, int] = {}
    # each open container: [path, is_array, index or pending key]
    stack: list[list[Any]] = []
    expecting_key = False
    for m in _JSON_TOKEN.finditer(text):
        tok = m.group()
        if expecting_key and tok.startswith('"'):
            stack[-1][2] = _key_text(tok)
            expecting_key = False
            continue
        if tok in ":":
            continue
        if tok == ",":
            if stack and stack[-1][1]:
                stack[-1][2] += 1
            else:
                expecting_key = True
            continue
        if tok in ("}", "]"):
            stack.pop()
            expecting_key = False
            continue
        if not stack:
            path = ""
        elif stack[-1][1]:
            path = f"{stack[-1][0]}[{stack[-1][2]}]"
        else:
            parent = stack[-1][0]
            path = f"{parent}.{stack[-1][2]}" if parent else str(stack[-1][2])
        if path:
            found.setdefault(path, line_of(m.start()))
        if tok == "{":
            stack.append([path, False, ""])
            expecting_key = True
        elif tok == "[":
            stack.append([path, True, 0])
    return found


__all__ = ["DataPlaces", "json_lines", "toml_lines"]
