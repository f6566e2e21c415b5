"""Batch scoring: many records in, one JSON line out per record, in input order.

Stage: application layer, over ``jixiao.datafile`` and ``engine.evaluate``.

* ``Inputs`` streams records from JSON Lines, CSV in the flat layout (``docs/batch.md``), single
  ``.toml``/``.json`` data files, 自评表 workbooks (``jixiao.xlsxread``; a project per file or
  per sheet) and folders of them, holding one record (or one workbook) at a time.
* ``Scorer`` compiles the scheme once and turns one ``Record`` into its output line: the result
  (``to_dict``, the ``score --format json`` contract) or the record's errors, with its file
  and line. Nothing a record holds can stop the run: every error becomes that record's line.
* ``run_batch`` drives them in this process or in a pool of processes. Work crosses processes
  as plain data (text, dicts of strings, tuples) both ways, and only a bounded window of chunks
  is in flight, so memory stays flat however many records come in and lines leave in order.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import multiprocessing
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, NamedTuple

import attrs

from jixiao.datafile import INDICATOR_FIELDS, data_from_mapping, parse_mapping_text, shown_value
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.data import ProjectData
from jixiao.engine.diagnostics import Diagnostic, InputError, JixiaoError, error
from jixiao.engine.evaluate import evaluate
from jixiao.engine.limits import DEFAULT_LIMITS, Limits
from jixiao.engine.result import Result
from jixiao.files import (
    decode,
    exists,
    is_dir,
    is_file,
    os_reason,
    output_stream,
    read_text,
    resolved,
)
from jixiao.library import load_scheme
from jixiao.render.common import dec
from jixiao.render.json_ import to_dict

# What a folder is searched for; a file named on the command line may be any of these too.
LINE_SUFFIXES = (".jsonl", ".ndjson")
TABLE_SUFFIXES = (".csv",)
FILE_SUFFIXES = (".toml", ".json")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")  # filled 自评表, read by jixiao.xlsxread
SUFFIXES = LINE_SUFFIXES + TABLE_SUFFIXES + FILE_SUFFIXES + WORKBOOK_SUFFIXES

# The flat CSV layout (docs/batch.md): one row per indicator; the record's own cells may be
# repeated on every row or written on its first row only.
CSV_RECORD_COLUMNS = (
    "id", "region", "department", "fund",
    "subject.name", "subject.year", "subject.unit",
    "budget.total", "budget.executed",
    "budget.central.total", "budget.central.executed",
    "budget.local.total", "budget.local.executed",
    "budget.other.total", "budget.other.executed",
)
CSV_COLUMNS = CSV_RECORD_COLUMNS + INDICATOR_FIELDS
TAG_NAMES = ("region", "department", "fund")

# What ``-o`` writes, by its extension (none, or standard output: JSON Lines).
OUTPUT_KINDS = {"": "jsonl", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
# The result CSV (docs/batch.md): one row per record; then one ``section.<name>`` column per
# section of the scheme, then the codes and the first error's message.
RESULT_COLUMNS = ("record", "source", "id", *TAG_NAMES, "ok", "total", "grade",
                  "budget.rate")
RESULT_TAIL = ("warnings", "errors", "message", "findings")
CHUNK = 64  # records per piece of work sent to a process: large enough to pay for the trip


class Record(NamedTuple):
    """One record to score, as plain data that crosses processes cheaply.

    ``kind`` says what ``payload`` is: ``"json"`` one JSON line's text, ``"mapping"`` a table
    already built (from a CSV), ``"file"`` the path of a data file, ``"error"`` the diagnostics
    found while reading it."""

    n: int  # 1-based position in the run: output lines come in this order
    source: str  # "file:line" (or the file, for a data file)
    kind: str
    payload: Any


class Outcome(NamedTuple):
    """What a worker sends back for one record: its output line and the figures the closing
    summary counts. Plain strings and tuples only, so nothing unpicklable crosses."""

    n: int
    line: str
    ok: bool
    grade: str | None
    codes: tuple[str, ...]  # error codes for a failed record, warning codes for a scored one


# ---------------------------------------------------------------------------------- inputs


class Inputs:
    """The records of every input, in order, streamed; counts bytes read for the progress bar."""

    def __init__(self, paths: Sequence[Path], *, limits: Limits = DEFAULT_LIMITS,
                 skip: Path | None = None) -> None:
        self.files = list(_expand(paths, skip))
        self.limits = limits
        self.total_bytes = sum(_size(p) for p in self.files)
        self.done_bytes = 0
        self._index = 0

    def __iter__(self) -> Iterator[Record]:
        for path in self.files:
            suffix = path.suffix.lower()
            if str(path) == "-" or suffix in LINE_SUFFIXES:
                yield from self._lines(path)
            elif suffix in TABLE_SUFFIXES:
                yield from self._table(path)
            elif suffix in WORKBOOK_SUFFIXES:
                self.done_bytes += _size(path)
                yield from self._workbook(path)
            else:
                self.done_bytes += _size(path)
                yield self._record(str(path), "file", str(path))

    def _record(self, source: str, kind: str, payload: Any) -> Record:
        self._index += 1
        return Record(self._index, source, kind, payload)

    def _failed(self, source: str, *diagnostics: Diagnostic) -> Record:
        return self._record(source, "error", tuple(diagnostics))

    def _lines(self, path: Path) -> Iterator[Record]:
        """JSON Lines: one record per non-blank line. A line that is not UTF-8 or too long is
        that record's error; the lines around it are read as usual."""
        try:
            opened = _open_binary(path)
        except OSError as exc:
            yield self._failed(str(path), _unreadable(path, exc))
            return
        name = "<stdin>" if str(path) == "-" else str(path)
        with opened as f:
            for lineno, raw in enumerate(f, 1):
                self.done_bytes += len(raw)
                where = f"{name}:{lineno}"
                if len(raw) > self.limits.file_bytes:
                    yield self._failed(where, error("JX006", where=where, size=len(raw),
                                                    limit=self.limits.file_bytes))
                    continue
                try:
                    text = decode(raw, where)
                except InputError as exc:
                    yield self._failed(where, *_at_line(exc.diagnostics, where))
                    continue
                if text.strip():
                    yield self._record(where, "json", text)

    def _workbook(self, path: Path) -> Iterator[Record]:
        """A filled 自评表 workbook (``jixiao.xlsxread``, as ``jixiao import`` reads it): one
        record per sheet that holds an indicator table, at ``file!sheet``; a workbook with one
        such sheet is one record at the file, with its ``资金明细`` sheet. With several, a
        sheet's details are the sheet named after it (``喀什资金明细``). Read here, in the main
        process, so that the records of a workbook keep their place in the run; a workbook
        that cannot be read is one error record."""
        from jixiao.xlsxread import DETAIL_SHEET, Sheet, read_table

        try:
            sheets = _workbook_sheets(path)
        except InputError as exc:
            yield self._failed(str(path), *exc.diagnostics)
            return
        found: list[tuple[str, Any]] = []
        for sheet in sheets:
            if sheet.name.endswith(DETAIL_SHEET):
                continue
            try:
                found.append((sheet.name, read_table([sheet], f"{path}!{sheet.name}")))
            except InputError as exc:
                if [d.code for d in exc.diagnostics] != ["JX051"]:  # a table with mistakes
                    found.append((sheet.name, exc))
        if len(found) <= 1:  # one project (or none: JX051 names the sheets looked at)
            try:
                yield self._record(str(path), "mapping", read_table(sheets, str(path)))
            except InputError as exc:
                yield self._failed(str(path), *exc.diagnostics)
            return
        by_name = {s.name: s for s in sheets}
        for name, read in found:
            where = f"{path}!{name}"
            if isinstance(read, InputError):
                yield self._failed(where, *read.diagnostics)
                continue
            details = by_name.get(f"{name}{DETAIL_SHEET}")
            if details is not None:
                try:  # read as the details of a one-project workbook are
                    read = read_table([by_name[name], Sheet(DETAIL_SHEET, details.cells,
                                                            details.derived)], where)
                except InputError as exc:
                    yield self._failed(where, *exc.diagnostics)
                    continue
            yield self._record(where, "mapping", read)

    def _table(self, path: Path) -> Iterator[Record]:
        """CSV in the flat layout: consecutive rows with the same ``id`` (or an empty one) are
        one record, reported at the line of its first row."""
        try:
            f = path.open("rb")
        except OSError as exc:
            yield self._failed(str(path), _unreadable(path, exc))
            return
        with f:
            lines = self._decoded(f)
            reader = csv.reader(lines)
            header = next(reader, None)
            if header is None:
                return
            header = [h.strip() for h in header]
            unknown = [h for h in header if h not in CSV_COLUMNS]
            if "id" not in header:
                form = _form_csv(path)  # a 自评表 saved as CSV: one record, as import reads it
                if form is not None:
                    for _ in lines:  # its bytes count as read, for the progress bar
                        pass
                    yield (self._record(str(path), "mapping", form) if isinstance(form, dict)
                           else self._failed(str(path), *form.diagnostics))
                    return
                yield self._failed(f"{path}:1", error(
                    "JX302", where=f"{path}:1", field="id",
                    hint="CSV 首行须有 id 列：同一 id 的连续行是同一个项目",
                    hint_en="the CSV header needs an id column: consecutive rows with one id "
                            "are one record"))
                return
            rows: list[tuple[int, dict[str, str]]] = []
            key = None
            line = 1
            for cells in reader:
                start, line = line + 1, reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                row = {h: c.strip() for h, c in zip(header, cells, strict=False) if h}
                rid = row.get("id", "")
                if rows and rid and rid != key:
                    yield self._csv_record(path, rows, unknown)
                    rows = []
                if rid:
                    key = rid
                rows.append((start, row))
            if rows:
                yield self._csv_record(path, rows, unknown)

    def _decoded(self, f: IO[bytes]) -> Iterator[str]:
        """Each line decoded on its own, so one line in another encoding spoils one record
        (its cells carry the undecodable bytes as surrogates, caught in ``_csv_record``)."""
        for i, raw in enumerate(f):
            self.done_bytes += len(raw)
            if i == 0 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            yield raw.decode("utf-8", errors="surrogateescape")

    def _csv_record(self, path: Path, rows: list[tuple[int, dict[str, str]]],
                    unknown: list[str]) -> Record:
        first = rows[0][0]
        where = f"{path}:{first}"
        problems: list[Diagnostic] = [
            error("JX317", where=where, field=h, candidates=_close(h, CSV_COLUMNS))
            for h in unknown]
        record: dict[str, str] = {}
        indicators: list[dict[str, str]] = []
        for lineno, row in rows:
            if any(_undecodable(c) for c in row.values()):
                problems.append(error("JX002", where=f"{path}:{lineno}", guess="", guess_en="",
                                      encoding="GB18030"))
                continue
            for col in CSV_RECORD_COLUMNS:
                value = row.get(col, "")
                if not value:
                    continue
                if col in record and record[col] != value:
                    problems.append(error("JX070", where=f"{path}:{lineno}", column=col,
                                          first=record[col], value=value))
                else:
                    record[col] = value
            ind = {k: row[k] for k in INDICATOR_FIELDS if row.get(k)}
            if ind:
                indicators.append(ind)
        if problems:
            return self._failed(where, *problems)
        return self._record(where, "mapping", _csv_mapping(record, indicators))


def _form_csv(path: Path) -> dict[str, Any] | InputError | None:
    """A CSV without the flat layout's ``id`` column that holds a 自评表's indicator table (a
    header row with 三级指标 and 指标值, as ``jixiao import`` finds it): its data mapping, or the
    table's own errors; ``None`` when it is no 自评表 either (the flat layout's JX302 then)."""
    from jixiao.xlsxread import _read_bytes, csv_sheet, csv_text, read_table

    try:
        sheet = csv_sheet(csv_text(_read_bytes(path), str(path)), path.name)
        return read_table([sheet], str(path))
    except InputError as exc:
        return None if [d.code for d in exc.diagnostics] == ["JX051"] else exc


def _workbook_sheets(path: Path) -> list[Any]:
    """Every sheet of a workbook as ``jixiao.xlsxread`` reads it (its size limit, its errors:
    JX052 without openpyxl or xlrd, JX053 not a workbook)."""
    from jixiao.xlsxread import _read_bytes, xls_sheets, xlsx_sheets

    data = _read_bytes(path)
    if path.suffix.lower() == ".xls":
        return xls_sheets(data, str(path))
    return xlsx_sheets(data, str(path))


def _csv_mapping(record: dict[str, str], indicators: list[dict[str, str]]) -> dict[str, Any]:
    """A CSV record's cells → the table shape of a data file (as in ``data.toml``)."""
    m: dict[str, Any] = {}
    if record.get("id"):
        m["id"] = record["id"]
    tags = {t: record[t] for t in TAG_NAMES if record.get(t)}
    if tags:
        m["tags"] = tags
    subject = {k.split(".", 1)[1]: v for k, v in record.items() if k.startswith("subject.")}
    if subject:
        m["subject"] = subject
    budget: dict[str, Any] = {}
    for k, v in record.items():
        if k.startswith("budget."):
            *line, field = k.split(".")[1:]
            (budget.setdefault(line[0], {}) if line else budget)[field] = v
    if budget:
        m["budget"] = budget
    m["indicators"] = indicators
    return m


def _expand(paths: Sequence[Path], skip: Path | None) -> Iterator[Path]:
    """The files to read: each named file, and the data files in each folder (sorted, so a run
    is repeatable; hidden files and the output itself left out)."""
    skipped = resolved(skip) if skip is not None else None
    for p in paths:
        if str(p) == "-":
            yield p
        elif is_dir(p):
            found = sorted(f for f in p.rglob("*")
                           if f.suffix.lower() in SUFFIXES and is_file(f)
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            yield from (f for f in found if resolved(f) != skipped)
        elif not exists(p):
            raise InputError([error("JX001", where=str(p), path=p)])
        elif p.suffix.lower() not in SUFFIXES:
            raise InputError([error("JX004", where=str(p), suffix=p.suffix or p.name)])
        else:
            yield p


def _open_binary(path: Path) -> contextlib.AbstractContextManager[IO[bytes]]:
    """The file, or standard input for ``-`` (JSON Lines piped in; left open when done)."""
    if str(path) == "-":
        return contextlib.nullcontext(sys.stdin.buffer)
    return path.open("rb")


def _size(p: Path) -> int:
    if str(p) == "-":
        return 0
    try:
        return p.stat().st_size
    except OSError:
        return 0


def _unreadable(path: Path, exc: OSError) -> Diagnostic:
    zh, en = os_reason(exc)
    return error("JX001", where=str(path), path=f"{path}（{zh}）", path_en=f"{path} ({en})")


def _at_line(diagnostics: Iterable[Diagnostic], where: str) -> list[Diagnostic]:
    return [attrs.evolve(d, where=where) for d in diagnostics]


def _undecodable(text: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in text)


def _close(name: str, known: Sequence[str]) -> str:
    from jixiao.engine.diagnostics import candidates

    return candidates(name, known) or "、".join(known)


# ---------------------------------------------------------------------------------- output


def output_kind(path: Path | None, *, explain: bool = False) -> str:
    """``jsonl`` or ``csv``, from the ``-o`` file's extension; any other extension is refused
    (JX024) rather than silently written as JSON Lines, and explanations do not fit a CSV row
    (JX025)."""
    suffix = "" if path is None or str(path) == "-" else path.suffix.lower()
    kind = OUTPUT_KINDS.get(suffix)
    if kind is None:
        raise InputError([error("JX024", where=str(path), suffix=suffix)])
    if kind == "csv" and explain:
        raise InputError([error("JX025", where=str(path))])
    return kind


def csv_header(compiled: CompiledScheme) -> list[str]:
    """The result CSV's columns for this scheme."""
    return [*RESULT_COLUMNS, *(f"section.{s.name}" for s in compiled.scheme.sections),
            *RESULT_TAIL]


# A text cell Excel or WPS would run as a formula (=cmd|' /C calc'!A0, +…, -…, @…, or a tab or
# line end first): written with a leading ' as OWASP's CSV-injection advice says, so the table
# opens as text. Numbers are written by jixiao itself and never start so (a figure is ≥ 0).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutral(cell: object) -> object:
    """A CSV cell safe to open in a spreadsheet (see ``_FORMULA_START``)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def _csv_row(cells: Sequence[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([neutral(c) for c in cells])
    return buffer.getvalue()


# ---------------------------------------------------------------------------------- scoring


class Scorer:
    """Scores records with one scheme, compiled once per process."""

    def __init__(self, scheme: str, *, explain: bool = False, lang: str = "zh",
                 limits: Limits = DEFAULT_LIMITS, audit: bool = False,
                 output: str = "jsonl") -> None:
        self.compiled = load_scheme(scheme, limits=limits)
        self.sections = [s.name for s in self.compiled.scheme.sections]
        self.output = output  # "jsonl" or "csv" (``output_kind``)
        self.explain = explain
        self.audit = audit  # add each record's audit findings (jixiao.audit) to its line
        self._data: ProjectData | None = None  # the record last read, for its audit
        self.lang = lang
        self.limits = limits

    def score(self, rec: Record) -> Outcome:
        """The record's output line and what the summary counts."""
        head, result, problems = self.run(rec)
        if result is None:
            codes = tuple(d.code for d in problems)
            if self.output == "csv":
                return Outcome(rec.n, self._csv(head, None, problems), False, None, codes)
            errors = [{"code": d.code, "severity": d.severity.value,
                       "message": d.message(self.lang), "hint": d.hint(self.lang),
                       "where": d.location or rec.source} for d in problems]
            return Outcome(rec.n, _dumps({**head, "ok": False, "errors": errors}), False, None,
                           codes)
        findings = self._findings(result) if self.audit else None
        if self.output == "csv":
            line = self._csv(head, result, (), findings)
        else:
            out: dict[str, Any] = {**head, "ok": True, "result": to_dict(result, self.lang)}
            if findings is not None:
                out["findings"] = findings
            line = _dumps(out)
        return Outcome(rec.n, line, True, result.grade,
                       tuple(d.code for d in result.diagnostics))

    def _findings(self, result: Result) -> list[dict[str, Any]]:
        from jixiao.audit import audit_result  # only when asked: the audit's own rules

        assert self._data is not None
        return [{"class": f.cls, "severity": f.severity, "where": f.where,
                 "filed": f.filed, "computed": f.computed, "difference": f.difference,
                 "message": f.message if self.lang == "zh" else f.message_en}
                for f in audit_result(result, self._data) if f.severity != "info"]

    def _csv(self, head: dict[str, Any], result: Result | None,
             problems: Sequence[Diagnostic] = (),
             findings: list[dict[str, Any]] | None = None) -> str:
        """One row of the result CSV (``csv_header``): figures as the JSON writes them."""
        tags = head["tags"]
        cells: list[object] = [head["record"], head["source"], head["id"] or "",
                               *(tags.get(t, "") for t in TAG_NAMES)]
        if result is None:
            first = problems[0] if problems else None
            message = "" if first is None else (
                f"{first.location or head['source']}: {first.message(self.lang)}")
            cells += ["false", "", "", "", *([""] * len(self.sections)), "",
                      " ".join(d.code for d in problems), message, ""]
            return _csv_row(cells)
        scores = {sec.name: dec(sec.score) for sec in result.sections}
        rate = result.budget.total.rate
        cells += ["true", dec(result.total), result.grade, "" if rate is None else dec(rate),
                  *(scores.get(name, "") for name in self.sections),
                  " ".join(sorted({d.code for d in result.diagnostics})), "", "",
                  "" if findings is None else len(findings)]
        return _csv_row(cells)

    def run(self, rec: Record) -> tuple[dict[str, Any], Result | None, tuple[Diagnostic, ...]]:
        """The record's head (``record``, ``source``, ``id``, ``tags``) and its result, or
        ``None`` and its errors. Never raises: any exception is the record's error."""
        head: dict[str, Any] = {"record": rec.n, "source": rec.source, "id": None, "tags": {}}
        try:
            if rec.kind == "error":
                raise InputError(rec.payload)
            mapping = self._mapping(rec)
            head["id"], head["tags"] = _meta(mapping, rec.source)
            data = self._data = data_from_mapping(mapping, source=rec.source,
                                                  limits=self.limits)
            return head, evaluate(self.compiled, data, explain=self.explain), ()
        except JixiaoError as exc:
            return head, None, exc.diagnostics
        except Exception as exc:  # a bug of ours must cost one record, never the run
            return head, None, (error("JX071", where=rec.source, kind=type(exc).__name__,
                                      detail=str(exc)),)

    def _mapping(self, rec: Record) -> dict[str, Any]:
        if rec.kind == "json":
            return parse_mapping_text(rec.payload, "json", where=rec.source)
        if rec.kind == "mapping":
            return dict(rec.payload)
        path = Path(rec.payload)
        text = read_text(path, limit=self.limits.file_bytes)
        return parse_mapping_text(text, path.suffix.lower()[1:], where=rec.source)


def _meta(mapping: dict[str, Any], where: str) -> tuple[str | None, dict[str, str]]:
    """Take the batch's own keys off a record: ``id`` (any text or number) and ``tags`` (a table
    of texts: ``region``, ``department``, ``fund`` … for the portfolio summary)."""
    ident = mapping.pop("id", None)
    tags = mapping.pop("tags", None)
    problems = []
    if ident is not None and (isinstance(ident, bool)
                              or not isinstance(ident, str | int | Decimal)):
        problems.append(error("JX303", where=f"{where}: id", field="id", expected="文字",
                              expected_en="text", **shown_value(ident)))
    if tags is not None and not (isinstance(tags, dict)
                                 and all(isinstance(v, str) for v in tags.values())):
        problems.append(error("JX303", where=f"{where}: tags", field="tags",
                              expected="文字组成的表", expected_en="a table of texts",
                              **shown_value(tags)))
    if problems:
        raise InputError(problems)
    return (str(ident) if ident is not None else None), dict(tags or {})


def _dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# One scorer per worker process, built by the pool's initializer: the scheme is compiled once
# per process, and only records and outcomes travel. Where workers are forked (Linux), they
# inherit the main process's scorer and its compiled scheme (``_INHERITED`` says for which
# arguments), so they compile nothing; spawned workers (macOS, Windows) compile it once.
_WORKER: Scorer | None = None
_INHERITED: tuple[Any, ...] | None = None


def _init_worker(scheme: str, explain: bool, lang: str, limits: Limits, audit: bool,
                 output: str) -> None:
    global _WORKER
    # Ctrl-C reaches every process of the terminal's group: only the main process answers it
    # (one line, JX026); a worker that also raised KeyboardInterrupt would print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _WORKER is not None and (scheme, explain, lang, limits, audit, output) == _INHERITED:
        return  # forked with the main process's scorer: already compiled
    _WORKER = Scorer(scheme, explain=explain, lang=lang, limits=limits, audit=audit,
                     output=output)


def _score_chunk(chunk: list[Record]) -> list[Outcome]:
    assert _WORKER is not None
    return [_WORKER.score(r) for r in chunk]


# ---------------------------------------------------------------------------------- the run


@attrs.define
class Summary:
    """What the closing summary reports."""

    records: int = 0
    scored: int = 0
    grades: Counter[str] = attrs.field(factory=Counter)
    errors: Counter[str] = attrs.field(factory=Counter)  # error code → records
    flags: Counter[str] = attrs.field(factory=Counter)  # warning code → records
    flagged: int = 0  # records with at least one warning
    seconds: float = 0.0

    def add(self, o: Outcome) -> None:
        self.records += 1
        if o.ok:
            self.scored += 1
            self.grades[o.grade or ""] += 1
            if o.codes:
                self.flagged += 1
            self.flags.update(set(o.codes))
        else:
            self.errors.update(set(o.codes))

    @property
    def failed(self) -> int:
        return self.records - self.scored

    def render(self, lang: str = "zh") -> str:
        rate = self.records / self.seconds if self.seconds > 0 else 0.0
        grades = "  ".join(f"{g} {n}" for g, n in sorted(self.grades.items()))
        errors = "  ".join(f"{c} ×{n}" for c, n in sorted(self.errors.items()))
        flags = "  ".join(f"{c} ×{n}" for c, n in sorted(self.flags.items()))
        if lang == "zh":
            lines = [f"记录 {self.records}：评分 {self.scored}，出错 {self.failed}"
                     f"    用时 {self.seconds:.1f} 秒（{rate:,.0f} 条/秒）",
                     f"  评级：{grades or '—'}",
                     f"  提示：{self.flagged} 条记录有提示  {flags}".rstrip()]
            if self.failed:
                lines.append(f"  错误：{errors}")
        else:
            lines = [f"records {self.records}: scored {self.scored}, failed {self.failed}"
                     f"    {self.seconds:.1f} s ({rate:,.0f} records/s)",
                     f"  grades: {grades or '—'}",
                     f"  flags: {self.flagged} records with warnings  {flags}".rstrip()]
            if self.failed:
                lines.append(f"  errors: {errors}")
        return "\n".join(lines)


class Progress:
    """A one-line progress bar on a terminal (records/s, ETA from the bytes read); nothing
    when the stream is not a terminal, so logs and pipes stay clean. A few lines of our own
    rather than tqdm: one less dependency for one line of output."""

    def __init__(self, stream: IO[str], total_bytes: int, enabled: bool | None = None) -> None:
        self.stream = stream
        self.total = total_bytes
        self.enabled = stream.isatty() if enabled is None else enabled
        self.start = time.perf_counter()
        self.last = 0.0

    def update(self, records: int, done_bytes: int, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self.last < 0.2:
            return
        self.last = now
        elapsed = now - self.start
        rate = records / elapsed if elapsed > 0 else 0.0
        share = done_bytes / self.total if self.total else 0.0
        eta = elapsed * (1 - share) / share if share > 0 else 0.0
        width = 24
        bar = "█" * int(width * share) + "·" * (width - int(width * share))
        self.stream.write(f"\r{bar} {share:4.0%}  {records:,} records  {rate:,.0f}/s  "
                          f"ETA {int(eta) // 60}:{int(eta) % 60:02d} ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


def run_batch(inputs: Inputs, scheme: str, out: IO[str], *, jobs: int = 1, explain: bool = False,
              lang: str = "zh", limits: Limits = DEFAULT_LIMITS,
              progress: Progress | None = None, audit: bool = False,
              output: str = "jsonl") -> Summary:
    """Score every record of ``inputs`` and write one line per record to ``out``, in order
    (``output``: ``jsonl`` JSON Lines, ``csv`` a header and one row per record). Raises
    ``JixiaoError`` only for the run itself (the scheme cannot be compiled)."""
    start = time.perf_counter()
    scorer = Scorer(scheme, explain=explain, lang=lang, limits=limits,
                    audit=audit, output=output)  # fails early, in here
    summary = Summary()
    if output == "csv":
        out.write("\ufeff")  # a BOM: Excel reads the Chinese as UTF-8 only with one
        out.write(_csv_row(csv_header(scorer.compiled)))
        out.write("\n")

    def emit(o: Outcome) -> None:
        out.write(o.line)
        out.write("\n")
        summary.add(o)
        if progress is not None:
            progress.update(summary.records, inputs.done_bytes)

    if jobs <= 1:
        for rec in inputs:
            emit(scorer.score(rec))
    else:
        _run_pool(inputs, scorer, jobs, emit, (scheme, explain, lang, limits, audit, output))
    if progress is not None:
        progress.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _run_pool(records: Iterable[Record], scorer: Scorer, jobs: int,
              emit: Callable[[Outcome], None], initargs: tuple[Any, ...]) -> None:
    """Chunks go to ``jobs`` processes, at most ``4 × jobs`` in flight, and come back in order.
    If a worker dies (killed, out of memory), the chunks in flight are scored here instead and
    a fresh pool takes the rest: records are never lost."""
    global _WORKER, _INHERITED
    window = 4 * jobs
    pending: deque[tuple[list[Record], Future[list[Outcome]]]] = deque()
    context = multiprocessing.get_context()
    saved = _WORKER, _INHERITED
    if context.get_start_method() == "fork":
        _WORKER, _INHERITED = scorer, initargs  # what the forked workers find

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                   initargs=initargs)
    pool = new_pool()

    def drain(keep: int) -> None:
        nonlocal pool
        while len(pending) > keep:
            chunk, fut = pending.popleft()
            try:
                outcomes = fut.result()
            except BrokenProcessPool:
                outcomes = [scorer.score(r) for r in chunk]
                for c, _ in pending:
                    for o in (scorer.score(r) for r in c):
                        outcomes.append(o)
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
            for o in outcomes:
                emit(o)

    try:
        chunk: list[Record] = []
        for rec in records:
            chunk.append(rec)
            if len(chunk) >= CHUNK:
                pending.append((chunk, pool.submit(_score_chunk, chunk)))
                chunk = []
                drain(window)
        if chunk:
            pending.append((chunk, pool.submit(_score_chunk, chunk)))
        drain(0)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _WORKER, _INHERITED = saved


@contextlib.contextmanager
def open_output(path: Path | None, inputs: Sequence[Path] = ()) -> Iterator[IO[str]]:
    """The output stream: the file (UTF-8, ``\\n``; written aside and renamed when the run ends,
    never over an input), or standard output for none or ``-``."""
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with output_stream(path, inputs) as f:
        yield f


__all__ = ["CSV_COLUMNS", "Inputs", "Outcome", "Progress", "Record", "Scorer", "Summary",
           "csv_header", "neutral", "output_kind", "run_batch"]
