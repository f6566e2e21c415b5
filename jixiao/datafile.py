"""Project data files (TOML, JSON) and plain mappings → ``engine.data.ProjectData``.

Stage: application layer, input. Numbers never pass through float (``parse_float=Decimal``);
target and actual texts are read by ``dsl.values.read_value`` here, once, so the evaluator
never sees text. Every problem is collected with its data path (``indicators[3].target``),
the offending value and a hint, and raised together as one ``DataError``.
"""

from __future__ import annotations

import functools
import numbers
import operator
import re
import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal, DecimalException, Inexact, InvalidOperation, localcontext
from pathlib import Path
from typing import Any

import attrs

from jixiao.dsl.values import MAX_DIGITS, ValueReadError, parse_unit, read_value
from jixiao.engine.data import (
    STATUS_WORDS,
    Batch,
    Budget,
    Filed,
    Form,
    Funds,
    IndicatorInput,
    ManagementRow,
    Project,
    ProjectData,
    Status,
    Subject,
    build_budget,
    build_funds,
    build_project_data,
    build_subject,
)
from jixiao.engine.diagnostics import (
    PHRASES,
    DataError,
    Diagnostic,
    InputError,
    Message,
    candidates,
    error,
    locate,
)
from jixiao.engine.limits import DEFAULT_LIMITS, Limits
from jixiao.engine.values import Comparison, Interval, Op, Quantity, Text, Value
from jixiao.files import read_text
from jixiao.places import DataPlaces

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")  # a 自评表, read by jixiao.xlsxread
_STATUS = STATUS_WORDS  # one table with the scheme compiler's (status == "已完工")
_SURROGATE = re.compile("[\ud800-\udfff]")
TOP_FIELDS = ("scheme", "subject", "budget", "indicators", "projects", "filed", "goals",
              "management", "texts", "report")
# [report]: how the written report words its sentences (who issued the targets, what the filer
# calls itself, the fund's name in prose, the documents its score paragraph cites, in order)
REPORT_FIELDS = ("issuer", "self_name", "fund", "basis")
# [subject]: what is scored and who filed it. name/year/unit are the scoring's; the rest are the
# form's header block (项目名称, 中央主管部门, 主管部门, 实施单位, 项目负责人, 填报时间).
SUBJECT_FIELDS = ("name", "year", "unit", "project", "central_department", "department",
                  "implementer", "manager", "date")
INDICATOR_FIELDS = ("section", "category", "name", "unit", "target", "actual", "weight",
                    "reason", "kind", "ratio", "score", "level", "applicable", "parent", "note")
FILED_FIELDS = ("total", "grade", "sections", "summary")
# A 指标值 or 实际完成值 written as one of these marks the row 不适用 (not applicable).
NOT_APPLICABLE = frozenset({"/", "／", "—", "——", "－", "-", "–", "不适用", "N/A", "n/a"})
# a field of a row (``indicators[3].target``): its message names the key, its place the row
ROW_FIELD = re.compile(r"(?:indicators|projects|management|budget\.batches)\[\d+\]\.(.+)\Z",
                       re.DOTALL)
SUB_ROW_PREFIX = "其中"  # 其中：… rows sit under the row above them and carry no weight


def load_data(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> ProjectData:
    """Read a data file: ``.toml`` or ``.json``, or a filled 自评表 (``.xlsx``, ``.xls``,
    ``.csv``) read by ``jixiao.xlsxread`` into the same mapping — the one place every command
    (score, report, audit, explain, what-if) reads its data, so they all accept tables alike.
    Raises ``InputError`` or ``DataError``."""
    from jixiao.library import _check_limits, _check_path

    _check_path("load_data", "path", path)
    _check_limits("load_data", limits)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        from jixiao.xlsxread import read_file  # imported lazily: spreadsheets are an extra
        return data_from_mapping(read_file(path, limits=limits), source=str(path),
                                 limits=limits)
    if suffix not in (".toml", ".json"):
        raise InputError([error("JX004", where=str(path), suffix=suffix or path.name)])
    text = read_text(path, limit=limits.file_bytes)
    return parse_data_text(text, suffix[1:], where=str(path), limits=limits)


def parse_data_text(text: str, fmt: str, *, where: str = "<data>",
                    limits: Limits = DEFAULT_LIMITS) -> ProjectData:
    """Read data held in memory; ``fmt`` is ``"toml"`` or ``"json"``."""
    return data_from_mapping(parse_mapping_text(text, fmt, where=where), source=where,
                             limits=limits, text=text, fmt=fmt)


def parse_mapping_text(text: str, fmt: str, *, where: str = "<data>") -> dict[str, Any]:
    """Data text (``"toml"`` or ``"json"``) → its table, numbers as ``Decimal``; the first step
    of ``parse_data_text``, kept apart so that ``jixiao batch`` can take its own keys (``id``,
    ``tags``) off a record before reading it. Raises ``InputError`` or ``DataError``."""
    if not text.strip():
        raise InputError([error("JX005", where=where)])
    mapping: Any
    duplicates: list[str] = []

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        """A JSON object; a key given twice would silently drop the first value (a whole
        indicator array can vanish), so each repeat is reported (JX331)."""
        out = dict(pairs)  # the usual object, without a Python loop over its keys
        if len(out) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    duplicates.append(key)
                seen.add(key)
        return out
    try:
        if fmt == "toml":
            mapping = tomllib.loads(text, parse_float=Decimal)
        else:
            import json  # here: a TOML file (the usual data) needs none of it

            mapping = json.loads(text, parse_float=Decimal, parse_int=Decimal,
                                 parse_constant=_no_constant, object_pairs_hook=unique_keys)
    except tomllib.TOMLDecodeError as exc:  # in our words (jixiao.decode_errors)
        from jixiao.decode_errors import toml_problem  # the messages: only for a mistake

        raise DataError([_syntax(where, *toml_problem(exc))]) from None
    except RecursionError:
        raise DataError([_syntax(where, "", "嵌套过深", "nested too deeply")]) from None
    except DecimalException:  # an exponent beyond any context: 1e9999999999
        raise DataError([_syntax(where, "", "数值超出范围", "number out of range")]) from None
    except ValueError as exc:  # JSON's syntax errors; NaN, Infinity; a number too long for int()
        raise _value_error(exc, text, fmt, where) from None
    if duplicates:
        raise DataError([error("JX331", where=where, key=key) for key in dict.fromkeys(duplicates)])
    if not isinstance(mapping, dict):
        raise DataError([error("JX303", where=where, field="(top)", expected="表（对象）",
                               expected_en="a table", **shown_value(mapping))])
    return mapping


def _value_error(exc: ValueError, text: str, fmt: str, where: str) -> DataError:
    """A ``ValueError`` of the JSON or TOML reader, in our words (``jixiao.decode_errors``,
    imported only when a file has a mistake)."""
    from jixiao.decode_errors import bare_word_at, json_problem, translate

    if fmt == "json":
        import json

        if isinstance(exc, json.JSONDecodeError):
            return DataError([_syntax(where, *json_problem(exc))])
    if "digits" in str(exc):
        return DataError([error("JX316", where=where, value="（整数位数过多）",
                                value_en="(too many digits)", limit=MAX_DIGITS)])
    word = str(exc).split(" ", 1)[0]  # "NaN is not a number": where it is written
    return DataError([_syntax(where, bare_word_at(text, word) if fmt == "json" else "",
                              translate(str(exc), fmt), str(exc))])


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _syntax(where: str, at: str, detail: str, detail_en: str) -> Diagnostic:
    """JX301 at ``line:column`` (when known); ``detail`` in Chinese, ``detail_en`` English."""
    return error("JX301", where=f"{where}:{at}" if at else where, detail=detail,
                 detail_en=detail_en)


def data_from_mapping(mapping: Mapping[str, Any], *, source: str = "",
                      limits: Limits = DEFAULT_LIMITS, text: str | None = None,
                      fmt: str = "toml") -> ProjectData:
    """Build ``ProjectData`` from parsed TOML/JSON (or a dict built in code).

    Numbers may be ``Decimal``, ``int`` or numeric strings; a ``float`` is converted through
    its shortest repr. Raises ``DataError`` listing every problem, each row named and, given
    the ``text`` it was parsed from (``fmt``), at its line.
    """
    if text is None and type(mapping) is dict:  # a record built in code or read by batch
        usual = _usual(mapping, source, limits)
        if usual is not None:
            return usual
    r = _Reader(source, limits)
    places = DataPlaces(source, mapping, text, fmt)
    data = r.read(mapping, places)  # places given, not evolved in: a copy per record
    if r.errors:
        raise DataError(locate([*r.errors, *r.readable_rows(mapping)], places))
    assert data is not None
    if text is not None:  # read: the rows' names are enough to place scoring's diagnostics
        places.keep_names({"indicators": [i.name for i in data.indicators],
                           "projects": [p.name for p in data.projects],
                           "management": [m.item for m in data.form.management],
                           "budget.batches": [b.name for b in data.budget.batches]})
    return data


# The usual record of a batch or of code (issue 12): a dict of ``subject`` (name, year, unit
# as text), ``budget`` (A and B as text), ``indicators`` (rows of text) and maybe ``scheme``,
# read the short way; the data is the full reading's (a property test holds the two equal).
# Anything else, and any problem, goes the full way, the only one that reports.
_USUAL_TOP = frozenset({"subject", "budget", "indicators", "scheme"})
_ZERO = Decimal(0)
_NO_SUBJECT = Subject()
# Years as written (``"2025"``), read once: ``_plain_amount``, then ``int``
_YEARS: dict[str, int | None] = {}
# A record's places (jixiao.places), shared by every record of the same row names: without
# the text it was parsed from, a record's places are its rows' names and nothing else.
_USUAL_PLACES: dict[tuple[str, ...], DataPlaces] = {}
_NAME = operator.attrgetter("name")


def _usual(m: dict[str, Any], source: str, limits: Limits) -> ProjectData | None:
    """``m`` read the short way, or ``None``: then the full reading reads it (again)."""
    if not _USUAL_TOP.issuperset(m):
        return None
    raw_budget = m.get("budget")
    rows = m.get("indicators")
    caches = _row_caches(limits.value_length)
    whole = caches[1]
    if (type(raw_budget) is not dict or raw_budget.keys() != _PLAIN_BUDGET
            or type(rows) is not list or len(rows) > limits.indicators):
        return None
    total = _plain_amount(raw_budget["total"])
    executed = _plain_amount(raw_budget["executed"])
    if total is None or executed is None:
        return None
    scheme = None
    if "scheme" in m:
        scheme = _plain_text(m["scheme"])
        if scheme is None:
            return None
    raw_subject = m.get("subject")
    if raw_subject is None:
        subject = _NO_SUBJECT
    else:
        if type(raw_subject) is not dict or not _PLAIN_SUBJECT.issuperset(raw_subject):
            return None
        name = _plain_text(raw_subject.get("name", ""))
        unit = _plain_text(raw_subject.get("unit", ""))
        year = raw_subject.get("year")
        y = None
        if year is not None:
            if type(year) is not str:
                return None
            y = _YEARS.get(year, _UNSEEN)
            if y is _UNSEEN:
                d = _plain_amount(year)
                if len(_YEARS) >= 1024:
                    _YEARS.clear()
                y = _YEARS[year] = int(d) if d is not None else None
            if y is None:
                return None
        if name is None or unit is None:
            return None
        subject = build_subject(name, y, unit or "万元")
    named = _places(len(rows))
    found = []
    reader = None
    for i, raw in enumerate(rows):
        if type(raw) is not dict:
            return None
        where = named[i]
        key = (where, *raw, *raw.values())
        try:
            row = whole.get(key)
        except TypeError:  # a list or table among the cells
            return None
        if row is None:
            row = _refilled(raw, where, key, caches, limits.value_length)
        if row is None:  # read in full (the first rows of a form): a reader for it
            if reader is None:
                reader = _Reader(source, limits)
            row = reader.new_row(raw, where, key)
            if row is None or reader.errors or type(raw.get("name")) is not str:
                return None  # (a name that is not text: the places name no row)
        found.append(row)
    if reader is not None and reader.sub_rows:
        found = list(_with_parents(tuple(found)))
    indicators = tuple(found)
    names = tuple(map(_NAME, indicators))
    places = _USUAL_PLACES.get(names)
    if places is None:
        if len(_USUAL_PLACES) >= 1024:
            _USUAL_PLACES.clear()
        places = _USUAL_PLACES[names] = DataPlaces("", {}, None)
        places.keep_names({"indicators": names})
    return build_project_data(subject, build_budget(build_funds(total, executed or _ZERO)),
                              indicators, (), scheme or None, source, _NO_FILED, _NO_FORM,
                              places)


class _Reader:
    def __init__(self, source: str, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.errors: list[Diagnostic] = []
        self.sub_rows = False  # a 其中 row without its parent named: _with_parents to do
        self.decimals: dict[str, Decimal] = {}  # sub-projects' money, by its exact text
        self.money: dict[tuple[str, str], Funds] = {}  # and their lines
        self.caches = _row_caches(limits.value_length)
        self.whole = self.caches[1]

    def readable_rows(self, mapping: Mapping[str, Any]) -> list[Diagnostic]:
        """With errors among the indicator rows: how many rows could be read (JX353), so a
        user knows every bad cell is listed at once and the rest were fine."""
        rows = mapping.get("indicators")
        if not isinstance(rows, list) or len(rows) < 2:
            return []
        bad = {d.where.split("]", 1)[0] for d in self.errors
               if d.where.startswith("indicators[")}
        if not bad:
            return []
        return [error("JX353", where="indicators", readable=len(rows) - len(bad),
                        rows=len(rows), errors=len(self.errors))]

    def fail(self, code: str, where: str, **args: object) -> None:
        if args.get("field") == where and (row := ROW_FIELD.match(where)):
            args["field"] = row[1]  # the place names the row (第4个指标「…」): the key is enough
        self.errors.append(error(code, None, where, "", **args))

    # -- primitive fields

    def number(self, value: Any, where: str, *, negative_ok: bool = False) -> Decimal | None:
        if value is None:  # a figure the data does not give: missing, not "got None"
            self.fail("JX302", where, field=where, hint="填写数字", hint_en="fill in a number")
            return None
        if isinstance(value, bool):
            self.fail("JX303", where, field=where, expected="数字", expected_en="a number",
                      **shown_value(value))
            return None
        d = _as_decimal(value)
        if d is None:
            blank = isinstance(value, str) and not value.strip()
            expected = (PHRASES["arg_exact_number"] if isinstance(value, numbers.Rational)
                        else Message("数字", "a number"))
            self.fail("JX303", where, field=where, expected=expected.zh,
                      expected_en=expected.en,
                      **({"value": '""'} if blank else shown_value(value)))
            return None
        if not d.is_finite() or abs(d.adjusted()) > MAX_DIGITS or (
                # a text no longer than the limit cannot have too many digits: as_tuple is slow
                not (isinstance(value, str) and len(value) <= MAX_DIGITS)
                and len(d.as_tuple().digits) > MAX_DIGITS):
            self.fail("JX316", where, **shown_value(value), limit=MAX_DIGITS)
            return None
        if d < 0 and not negative_ok:
            self.fail("JX310", where, field=where, value=d)
            return None
        return d

    def text(self, value: Any, where: str, *, required: bool = False) -> str:
        if value is None:
            if required:
                self.fail("JX302", where, field=where)
            return ""
        if isinstance(value, str):
            if not value.isascii() and _SURROGATE.search(value):  # a lone surrogate from JSON
                self.fail("JX303", where, field=where, expected="文字", expected_en="text",
                          value=value)
                return ""
            return value.strip()
        d = None if isinstance(value, bool) else _as_decimal(value)
        if d is not None:  # actual = 26 or a numpy scalar where a text is expected; TOML's
            # 0.0000001 is Decimal("1E-7"): written out, unless too long to be a figure
            return format(d, "f") if d.is_finite() and abs(d.adjusted()) <= 30 else str(d)
        self.fail("JX303", where, field=where, expected="文字", expected_en="text",
                  **shown_value(value))
        return ""

    def table(self, value: Any, where: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.fail("JX303", where, field=where, expected="表（对象）", expected_en="a table",
                  **shown_value(value))
        return None

    def array(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.fail("JX303", where, field=where, expected="数组", expected_en="an array",
                  **shown_value(value))
        return []

    def counted(self, rows: list[Any], where: str, what: str, limit: int) -> list[Any]:
        """``rows`` if within ``limit``; else an error and nothing (reading on would be waste)."""
        if len(rows) > limit:
            self.fail("JX318", where, what=what, what_en=where, count=len(rows), limit=limit)
            return []
        return rows

    def unknown_fields(self, m: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
        if _field_set(known).issuperset(m):  # the usual case, without a loop
            return
        for key in m:
            if key not in known:
                name = key if isinstance(key, str) else repr(key)  # {1: 2} from code, not TOML
                self.fail("JX317", f"{where}.{name}" if where else name, field=name,
                          candidates=candidates(name, known))

    # -- structure

    def read(self, m: Mapping[str, Any], places: DataPlaces | None = None
             ) -> ProjectData | None:
        self.unknown_fields(m, TOP_FIELDS, "")
        scheme = m.get("scheme")
        scheme_ref = self.text(scheme, "scheme") or None
        subject = self.subject(m.get("subject"))
        raw_projects = self.counted(self.array(m.get("projects"), "projects"), "projects",
                                    "子项目", self.limits.projects)
        projects = tuple(p for i, raw in enumerate(raw_projects)
                         if (p := self.project(raw, f"projects[{i}]")) is not None)
        budget = self.budget(m.get("budget"), projects)
        if "indicators" not in m:
            self.fail("JX302", "indicators", field="indicators",
                      hint="每个三级指标写一个 [[indicators]] 表。",
                      hint_en="write one [[indicators]] table per indicator.")
        raw_indicators = self.counted(self.array(m.get("indicators"), "indicators"), "indicators",
                                      "指标", self.limits.indicators)
        rows = []
        named = _places(len(raw_indicators))
        indicator = self.indicator
        for i, raw in enumerate(raw_indicators):
            row = indicator(raw, named[i])
            if row is not None:
                rows.append(row)
        indicators = _with_parents(tuple(rows)) if self.sub_rows else tuple(rows)
        filed = self.filed(m.get("filed"))
        form = self.form(m)
        if budget is None:
            return None
        return ProjectData(subject, budget, indicators, projects, scheme_ref, self.source,
                           filed, form, places)

    def filed_number(self, value: Any, where: str) -> Decimal | None:
        """A figure as printed: a number, or text such as ``"92.71"``, ``"47.33分"``."""
        if isinstance(value, str):
            value = value.strip().removesuffix("分").strip()
        return self.number(value, where)

    def filed(self, raw: Any) -> Filed:
        """``[filed]``: the total, grade and section scores the table prints."""
        if raw is None:
            return _NO_FILED
        m = self.table(raw, "filed")
        if m is None:
            return Filed()
        self.unknown_fields(m, FILED_FIELDS, "filed")
        total = (self.filed_number(m["total"], "filed.total") if "total" in m else None)
        grade = self.text(m.get("grade"), "filed.grade") or None
        sections: list[tuple[str, Decimal]] = []
        if "sections" in m:
            sm = self.table(m["sections"], "filed.sections")
            for name, v in (sm or {}).items():
                d = self.filed_number(v, f"filed.sections.{name}")
                if d is not None:
                    sections.append((str(name), d))
        return Filed(total, grade, tuple(sections), self.text(m.get("summary"), "filed.summary"))

    def form(self, m: Mapping[str, Any]) -> Form:
        """The form's unscored fields: header block, goals, 资金管理情况, free-text sections."""
        sm = m.get("subject")
        if (_FORM_FIELDS.isdisjoint(m) and (type(sm) is dict or isinstance(sm, Mapping))
                and _HEADER_FIELDS.isdisjoint(sm)):
            return _NO_FORM  # none filed: one shared empty form (it is immutable)
        header: dict[str, Any] = {k: self.text(sm.get(k), f"subject.{k}")
                                  for k in SUBJECT_FIELDS[3:]} if isinstance(sm, Mapping) else {}
        goal = achieved = ""
        if "goals" in m and (gm := self.table(m["goals"], "goals")) is not None:
            self.unknown_fields(gm, ("overall", "achieved"), "goals")
            goal = self.text(gm.get("overall"), "goals.overall")
            achieved = self.text(gm.get("achieved"), "goals.achieved")
        rows = []
        for i, raw in enumerate(self.array(m.get("management"), "management")):
            where = f"management[{i}]"
            rm = self.table(raw, where)
            if rm is None:
                continue
            self.unknown_fields(rm, ("item", "note", "problems"), where)
            rows.append(ManagementRow(self.text(rm.get("item"), where + ".item", required=True),
                                      self.text(rm.get("note"), where + ".note"),
                                      self.text(rm.get("problems"), where + ".problems")))
        texts: list[tuple[str, str]] = []
        if "texts" in m and (tm := self.table(m["texts"], "texts")) is not None:
            texts = [(str(k), self.text(v, f"texts.{k}")) for k, v in tm.items()]
        wording: dict[str, Any] = {}  # issuer, self_name, fund: texts; basis: a tuple
        if "report" in m and (wm := self.table(m["report"], "report")) is not None:
            self.unknown_fields(wm, REPORT_FIELDS, "report")
            for k in REPORT_FIELDS[:3]:
                wording[k] = self.text(wm.get(k), f"report.{k}")
            raw_basis = wm.get("basis")  # one document, or several in the order cited
            cited = ([("report.basis", raw_basis)] if isinstance(raw_basis, str) else
                     [(f"report.basis[{i}]", b) for i, b in
                      enumerate(self.array(raw_basis, "report.basis"))])
            wording["basis"] = tuple(t for where, b in cited if (t := self.text(b, where)))
        return Form(goal=goal, achieved=achieved, management=tuple(rows), texts=tuple(texts),
                    **header, **wording)

    def subject(self, raw: Any) -> Subject:
        if type(raw) is dict and _PLAIN_SUBJECT.issuperset(raw):  # the usual: no checks to do
            name = _plain_text(raw.get("name", ""))
            unit = _plain_text(raw.get("unit", ""))
            year = raw.get("year")
            y = _plain_amount(year) if year is not None else None
            if name is not None and unit is not None and (year is None or y is not None):
                return Subject(name, int(y) if y is not None else None, unit or "万元")
        if raw is None:
            return Subject()
        m = self.table(raw, "subject")
        if m is None:
            return Subject()
        self.unknown_fields(m, SUBJECT_FIELDS, "subject")
        year = m.get("year")
        y = self.number(year, "subject.year") if year is not None else None
        return Subject(self.text(m.get("name"), "subject.name"),
                       int(y) if y is not None else None,
                       self.text(m.get("unit"), "subject.unit") or "万元")

    def funds(self, raw: Any, where: str, *, spent_required: bool = True) -> Funds | None:
        m = self.table(raw, where)
        if m is None:
            return None
        self.unknown_fields(m, ("total", "executed", "rate"), where)
        if "total" not in m:
            self.fail("JX302", where + ".total", field=where + ".total", hint="全年预算数 (A)",
                      hint_en="the budget (A)")
        total = self.number(m.get("total", 0), where + ".total")
        executed = self.executed(m, where)
        if total is None or ("executed" in m and executed is None):
            return None
        # a batch (下达批次) is an allocation: its spending is optional, never flagged
        return Funds(total, executed or Decimal(0), self.rate(m, where),
                     executed_missing=spent_required and "executed" not in m)

    def executed(self, m: Mapping[str, Any], where: str) -> Decimal | None:
        """全年执行数 (B) of a budget line; a blank one is JX303, a missing one is read as 0
        and flagged (``Funds.executed_missing``) so that scoring warns (JX523)."""
        if "executed" not in m:
            return None
        return self.number(m["executed"], where + ".executed")

    def rate(self, m: Mapping[str, Any], where: str) -> Decimal | None:
        """A 执行率 as printed: ``"53.75%"`` or a fraction ``0.5375``; kept as a rate."""
        if "rate" not in m:
            return None
        raw = m["rate"]
        if isinstance(raw, str) and raw.strip().endswith("%"):
            d = self.number(raw.strip()[:-1], where + ".rate")
            return d.scaleb(-2) if d is not None else None
        return self.number(raw, where + ".rate")

    def budget(self, raw: Any, projects: tuple[Project, ...]) -> Budget | None:
        if raw is None:
            if projects:  # the budget is the sum of the sub-projects'
                return Budget(sum((p.funds for p in projects), Funds()),
                              sum((p.central for p in projects), Funds()),
                              sum((p.local for p in projects), Funds()))
            self.fail("JX302", "budget", field="budget",
                      hint="[budget] total = 全年预算数, executed = 全年执行数",
                      hint_en="[budget] total = the budget (A), executed = executed (B)")
            return None
        if type(raw) is dict and raw.keys() == _PLAIN_BUDGET:  # the usual: A and B as text
            t, e = _plain_amount(raw["total"]), _plain_amount(raw["executed"])
            if t is not None and e is not None:
                return Budget(Funds(t, e or Decimal(0), None, executed_missing=False))
        m = self.table(raw, "budget")
        if m is None:
            return None
        self.unknown_fields(m, ("total", "executed", "central", "local", "other", "batches",
                                "rate", "planned", "score", "arrived"), "budget")
        lines = {k: self.funds(m[k], f"budget.{k}") if k in m else None
                 for k in ("central", "local", "other")}
        total: Funds | None
        if "total" in m or "executed" in m:
            t = self.number(m.get("total"), "budget.total")
            e = self.executed(m, "budget")
            total = (Funds(t, e or Decimal(0), self.rate(m, "budget"),
                           executed_missing="executed" not in m)
                     if t is not None and (e is not None or "executed" not in m) else None)
        else:
            parts = [f for f in lines.values() if f is not None]
            total = sum(parts, Funds()) if parts else None
            if not parts:
                self.fail("JX302", "budget.total", field="budget.total", hint="全年预算数 (A)",
                          hint_en="the budget (A)")
        batches = []
        for i, rb in enumerate(self.array(m.get("batches"), "budget.batches")):
            where = f"budget.batches[{i}]"
            bm = self.table(rb, where)
            if bm is None:
                continue
            self.unknown_fields(bm, ("name", "central", "local", "note"), where)
            c = (self.funds(bm["central"], where + ".central", spent_required=False)
                 if "central" in bm else Funds())
            lo = (self.funds(bm["local"], where + ".local", spent_required=False)
                  if "local" in bm else Funds())
            if c is not None and lo is not None:
                batches.append(Batch(self.text(bm.get("name"), where + ".name"), c, lo,
                                     self.text(bm.get("note"), where + ".note")))
        planned = self.number(m["planned"], "budget.planned") if "planned" in m else None
        arrived = self.number(m["arrived"], "budget.arrived") if "arrived" in m else None
        score = self.filed_number(m["score"], "budget.score") if "score" in m else None
        if total is None:
            return None
        return Budget(total, lines["central"], lines["local"], lines["other"], tuple(batches),
                      planned, score, arrived)

    def project(self, raw: Any, where: str) -> Project | None:
        plain = self.plain_project(raw, where)
        if plain is not None:
            return plain
        m = self.table(raw, where)
        if m is None:
            return None
        self.unknown_fields(m, ("name", "budget", "executed", "status", "unit"), where)
        name = self.text(m.get("name"), where + ".name", required=True)
        money: dict[str, dict[str, Decimal]] = {"budget": {}, "executed": {}}
        for part in ("budget", "executed"):
            pm = self.table(m.get(part, {}), f"{where}.{part}")
            if pm is None:
                continue
            self.unknown_fields(pm, ("central", "local"), f"{where}.{part}")
            for side in ("central", "local"):
                d = self.number(pm.get(side, 0), f"{where}.{part}.{side}")
                if d is not None:
                    money[part][side] = d
        status_text = self.text(m.get("status", "not_started"), where + ".status")
        status = _STATUS.get(status_text)
        if status is None:
            self.fail("JX313", where + ".status", value=status_text)
            status = Status.NOT_STARTED
        b, e = money["budget"], money["executed"]
        zero = Decimal(0)
        return Project(name, Funds(b.get("central", zero), e.get("central", zero)),
                       Funds(b.get("local", zero), e.get("local", zero)), status, where,
                       self.text(m.get("unit"), where + ".unit"))

    def plain_project(self, raw: Any, where: str) -> Project | None:
        """A sub-project written the usual way (a table of a name, its money as whole numbers
        or short decimals, a known status), read without the general checks; ``None`` for
        anything else, which ``project`` reads in full (the only way that reports errors).
        Equal money is one ``Funds`` (and one ``Decimal``) for every sub-project that has it:
        a record may hold 100,000 sub-projects, most with the same few figures."""
        if type(raw) is not dict or not _PROJECT_KEYS.issuperset(raw):
            return None
        name = raw.get("name")
        status_text = raw.get("status", "not_started")
        status = _STATUS.get(status_text) if type(status_text) is str else None
        if (type(name) is not str or status is None
                or not (name.isascii() or not _SURROGATE.search(name))):
            return None
        name = name.strip()
        if not name:
            return None
        lines: list[tuple[str, Decimal] | None] = []
        for part in ("budget", "executed"):
            pm = raw.get(part, _NO_MONEY)
            if type(pm) is not dict or not _SIDES.issuperset(pm):
                return None
            for side in ("central", "local"):
                d = self.plain_money(pm.get(side, 0))
                if d is None:
                    return None
                lines.append(d)
        central = self.plain_funds(lines[0], lines[2])
        local = self.plain_funds(lines[1], lines[3])
        if central is None or local is None:
            return None
        return Project(name, central, local, status, where)

    def plain_money(self, value: Any) -> tuple[str, Decimal] | None:
        """A sum of money ``number`` would take without a word, with its exact text; the one
        ``Decimal`` of that text in this record. ``None``: let ``number`` read it."""
        t = type(value)
        if t is int:
            if not 0 <= value < _PLAIN_INT:
                return None
            text = str(value)
        elif t is Decimal:
            text = str(value)
            if (len(text) > MAX_DIGITS or not value.is_finite() or value < 0
                    or abs(value.adjusted()) > MAX_DIGITS):
                return None
        else:
            return None
        d = self.decimals.get(text)
        if d is None:
            d = self.decimals[text] = value if t is Decimal else Decimal(value)
        return text, d

    def plain_funds(self, total: tuple[str, Decimal] | None,
                    executed: tuple[str, Decimal] | None) -> Funds | None:
        if total is None or executed is None:
            return None
        key = (total[0], executed[0])
        f = self.money.get(key)
        if f is None:
            f = self.money[key] = Funds(total[1], executed[1])
        return f

    def indicator(self, raw: Any, where: str) -> IndicatorInput | None:
        """One row of the 自评表. A row that repeats a row read before at the same place, whole,
        is that row (``_WHOLE``: one lookup by its keys and cells); one whose cells other than
        完成值 and 偏差原因 repeat is built from that row (``_REPEATS``): only the two changed
        cells are read. Anything out of the ordinary takes the full way, which is the only one
        that reports errors, so every message is the same whichever way a row came."""
        whole: tuple[Any, ...] | None = None
        if type(raw) is dict:
            whole = (where, *raw, *raw.values())
            try:
                row = self.whole.get(whole)  # equal to a key of text alone: text alone
            except TypeError:  # a list or table among the cells: not a row to remember
                whole = None
            else:
                if row is not None:  # the whole row repeats
                    return row
        return self.new_row(raw, where, whole)

    def new_row(self, raw: Any, where: str, whole: tuple[Any, ...] | None
                ) -> IndicatorInput | None:
        """A row not found whole (``whole``: its key there, ``None`` when it cannot be one):
        built from a row of the same other cells, or read in full; remembered either way."""
        if whole is not None:
            row = _refilled(raw, where, whole, self.caches, self.limits.value_length)
            if row is not None:
                return row
        errors = len(self.errors)
        row = self.read_indicator(raw, where)
        if (whole is not None and row is not None and len(self.errors) == errors
                and row.applicable and row.parent is None  # 不适用, 其中 rows: read leniently
                and _TEXT_ONLY.issuperset(map(type, raw.values())) and _keep_one()):
            keys = whole[1:len(raw) + 1]
            shape = _SHAPES.get(keys) or _shape(keys)
            self.caches[0][shape.fixed(whole)] = _Seen(row, {shape.changed(whole): row})
            self.caches[1][whole] = row
        return row

    def read_indicator(self, raw: Any, where: str) -> IndicatorInput | None:
        """The full reading of a row, every check made."""
        m = self.table(raw, where)
        if m is None:
            return None
        self.unknown_fields(m, INDICATOR_FIELDS, where)
        name = self.text(m.get("name"), where + ".name")
        parent = self.text(m.get("parent"), where + ".parent") or None
        applicable = True
        if "applicable" in m:
            if isinstance(m["applicable"], bool):
                applicable = m["applicable"]
            else:
                self.fail("JX303", where + ".applicable", field=where + ".applicable",
                          expected="true 或 false", expected_en="true or false",
                          **shown_value(m["applicable"]))
        sub_row = parent is not None or name.startswith(SUB_ROW_PREFIX)
        if sub_row and parent is None:
            self.sub_rows = True
        target_text = self.text(m.get("target"), where + ".target")
        actual_text = self.text(m.get("actual"), where + ".actual")
        if target_text in NOT_APPLICABLE or actual_text in NOT_APPLICABLE:
            applicable = False
        lenient = sub_row or not applicable  # shown as printed, never scored
        for required in ("section", "name", "target"):
            if m.get(required) in (None, "") and not (lenient and required == "target"):
                self.fail("JX302", f"{where}.{required}", field=f"{where}.{required}",
                          hint={"section": "一级指标，如 产出指标", "name": "三级指标名称",
                                "target": "指标值，如 ≥248"}[required],
                          hint_en={"section": "the section, e.g. 产出指标",
                                   "name": "the indicator's name",
                                   "target": "the target, e.g. ≥248"}[required])
        unit = self.text(m.get("unit"), where + ".unit")
        if lenient:
            target: Value | None = self.lenient_value(target_text, unit)
            actual = self.lenient_value(actual_text, "") if actual_text else None
        else:
            target = _zero_is_a_ceiling(
                self.value(target_text, where + ".target", name, "指标值", "target", unit))
            actual = (self.value(actual_text, where + ".actual", name, "完成值", "actual", "")
                      if actual_text else None)
        weight = self.number(m["weight"], where + ".weight") if "weight" in m else None
        ratio = self.number(m["ratio"], where + ".ratio") if "ratio" in m else None
        filed_score = (self.filed_number(m["score"], where + ".score") if "score" in m
                       else None)
        if target is None:
            return None
        return IndicatorInput(
            section=self.text(m.get("section"), where + ".section"),
            name=name,
            target=target,
            actual=actual,
            category=self.text(m.get("category"), where + ".category"),
            unit=unit,
            weight=weight,
            reason=_reason(self.text(m.get("reason"), where + ".reason")),
            kind=self.text(m.get("kind"), where + ".kind") or None,
            ratio=ratio,
            target_text=target_text,
            actual_text=actual_text,
            where=where,
            filed_score=filed_score,
            level=self.text(m.get("level"), where + ".level") or None,
            applicable=applicable,
            parent=parent if parent is not None else ("" if sub_row else None),
            note=self.text(m.get("note"), where + ".note"),
        )

    def lenient_value(self, text: str, unit: str) -> Value:
        """A cell of a row that is not scored: read if it can be, else kept as text."""
        try:
            v = read_value(text, max_length=self.limits.value_length) if text else Text("")
            return with_unit(v, unit) if unit else v
        except ValueReadError:
            return Text(text)

    def value(self, text: str, where: str, indicator: str, which: str, which_en: str,
              unit: str) -> Value | None:
        if not text:
            return None
        v = read_cell(text, unit, self.limits.value_length)
        if not isinstance(v, CellError):
            return v
        if v.part == "unit":
            self.fail("JX304", where.rsplit(".", 1)[0] + ".unit", indicator=indicator,
                      which="单位", which_en="unit", **shown_value(unit), reason=v.reason_zh,
                      reason_en=v.reason)
        else:
            self.fail("JX304", where, indicator=indicator, which=which, which_en=which_en,
                      **shown_value(text), reason=v.reason_zh, reason_en=v.reason)
        return None


@attrs.frozen
class CellError:
    """Why a cell could not be read: its text (``part="text"``) or its unit column."""

    part: str
    reason_zh: str
    reason: str


@functools.lru_cache(maxsize=32_768)
def read_cell(text: str, unit: str, max_length: int) -> Value | CellError:
    """One target or actual cell read with its row's unit column, remembered. In a province's
    tables about two thirds of the cells repeat (``≥95%``, ``100%``, ``达成预期指标``), and
    reading text is most of the cost of a record, so each distinct cell is read once per
    process. Safe to share: the values are immutable, and the answer depends on nothing but the
    arguments. Bounded (least recently used go first), so a run of unique cells cannot grow it."""
    try:
        v = read_value(text, max_length=max_length)
    except ValueReadError as exc:
        return CellError("text", exc.reason_zh, exc.reason)
    if not unit:
        return v
    try:
        return with_unit(v, unit)
    except ValueReadError as exc:
        return CellError("unit", exc.reason_zh, exc.reason)


# Rows read before, by value length limit, then by place, keys and every cell but 完成值 and
# 偏差原因, one flat tuple (a province's tables repeat the scheme's rows: section, name, unit,
# target). Only rows of text alone are remembered: a number's equality is not its spelling
# (Decimal("1.0") == 1 == True), and a key equal to one of text alone is text alone, so rows
# with numbers are always read in full without a type check on the way. Safe to share: the
# rows are immutable and depend on nothing but the key. Emptied when full. Each remembers the
# rows built from it by their two changed cells as written; ``_WHOLE`` finds them by their
# whole key, so a row that repeats whole is one lookup and not built again.
_PROJECT_KEYS = frozenset({"name", "budget", "executed", "status"})
_SIDES = frozenset({"central", "local"})
_NO_MONEY: dict[str, Any] = {}
_PLAIN_INT = 10 ** MAX_DIGITS
_REPEATS: dict[int, dict[tuple[Any, ...], _Seen]] = {}
# the same rows by place, keys and every cell: a row that repeats whole is one lookup
_WHOLE: dict[int, dict[tuple[Any, ...], IndicatorInput]] = {}
# 完成值 cells read, by value length limit, then by the cell as written (None: the full
# reading must speak); emptied when full
_ACTUALS: dict[int, dict[str, Value | None]] = {}
_CELLS_KEPT = 32_768
_UNSEEN: Any = object()
_ROWS_KEPT = 16_384  # rows remembered in all (a few MB), then all forgotten
_rows_kept = 0
_TEXT_ONLY = frozenset({str})
_CHANGING = ("actual", "reason")


@attrs.frozen
class _Seen:
    """A row read in full, and the rows built from it by (完成值, 偏差原因) as written."""

    first: IndicatorInput
    rows: dict[Any, IndicatorInput]


@attrs.frozen
class _Shape:
    """Where a row of these keys has its 完成值 and 偏差原因 (-1: none); its key in
    ``_REPEATS`` taken from its key in ``_WHOLE`` (place, keys and every cell but those two,
    one flat tuple) and its two changing cells as one key, each by one C-level getter."""

    actual: int
    reason: int
    fixed: Callable[[tuple[Any, ...]], Any]
    changed: Callable[[tuple[Any, ...]], Any]


_SHAPES: dict[tuple[Any, ...], _Shape] = {}


def _getter(positions: list[int]) -> Callable[[tuple[Any, ...]], Any]:
    """The cells at ``positions`` as one key (``itemgetter`` gives a lone one bare)."""
    return operator.itemgetter(*positions) if positions else lambda cells: ()


_Caches = tuple[dict[tuple[Any, ...], _Seen], dict[tuple[Any, ...], IndicatorInput],
                dict[str, Value | None]]
_CACHES: dict[int, _Caches] = {}


def _row_caches(value_length: int) -> _Caches:
    """The rows and cells remembered for this value length limit (``_REPEATS``, ``_WHOLE``,
    ``_ACTUALS``), made on first use."""
    caches = _CACHES.get(value_length)
    if caches is None:
        caches = _CACHES.setdefault(value_length, (_REPEATS.setdefault(value_length, {}),
                                                   _WHOLE.setdefault(value_length, {}),
                                                   _ACTUALS.setdefault(value_length, {})))
    return caches


def _keep_one() -> bool:
    """Whether one more row may be remembered; at the limit everything is forgotten first
    (the usual rows come back within a record or two). Thread races make the count only
    approximate, never the rows wrong."""
    global _rows_kept
    _rows_kept += 1
    if _rows_kept <= _ROWS_KEPT:
        return True
    _rows_kept = 0
    caches: list[dict[Any, Any]] = [*_REPEATS.values(), *_WHOLE.values()]
    for cache in caches:
        cache.clear()
    return False


def _shape(keys: tuple[Any, ...]) -> _Shape:
    """The shape of rows of ``keys``; positions are in the row's ``_WHOLE`` key
    ``(place, *keys, *cells)``: the cells from ``len(keys) + 1`` on."""
    at = len(keys) + 1
    shape = _Shape(at + keys.index("actual") if "actual" in keys else -1,
                   at + keys.index("reason") if "reason" in keys else -1,
                   operator.itemgetter(*range(at), *[at + i for i, k in enumerate(keys)
                                                     if k not in _CHANGING]),
                   _getter([at + i for i, k in enumerate(keys) if k in _CHANGING]))
    if len(_SHAPES) >= 256:
        _SHAPES.clear()
    _SHAPES[keys] = shape
    return shape


def _refilled(raw: dict[Any, Any], where: str, whole: tuple[Any, ...], caches: _Caches,
              max_length: int) -> IndicatorInput | None:
    """The row ``raw`` at ``where`` (``whole``: its key in ``_WHOLE``) built from the row read
    before with the same other cells, with this record's 完成值 and 偏差原因 read as
    ``_Reader.read_indicator`` reads them; remembered. ``None`` when there is no such row or
    either cell needs the full reading (empty, 不适用, unreadable, a lone surrogate), which
    then says what is wrong. No reader is made for it: most of a province's rows come this
    way or whole."""
    keys = whole[1:len(raw) + 1]
    shape = _SHAPES.get(keys) or _shape(keys)
    seen = caches[0].get(shape.fixed(whole))
    if seen is None:
        return None
    first = seen.first
    actual, actual_text, reason = first.actual, first.actual_text, first.reason
    if shape.actual >= 0:
        text = whole[shape.actual]
        if type(text) is not str:
            return None
        actuals = caches[2]
        actual = actuals.get(text, _UNSEEN)
        if actual is _UNSEEN:
            if len(actuals) >= _CELLS_KEPT:
                actuals.clear()
            actual = actuals[text] = _actual_cell(text, max_length)
        if actual is None:
            return None
        actual_text = text.strip()
    if shape.reason >= 0:
        written = whole[shape.reason]  # as _plain_text, then _reason
        if type(written) is not str or (not written.isascii() and _SURROGATE.search(written)):
            return None
        written = written.strip()
        reason = "" if written in NO_REASON else written
    row = first.with_cells(actual, actual_text, reason)
    if _keep_one():
        seen.rows[shape.changed(whole)] = row
        caches[1][whole] = row
    return row


def _actual_cell(text: str, max_length: int) -> Value | None:
    """A 完成值 cell of a scored row as ``_Reader.read_indicator`` reads it (trimmed, then
    ``read_cell``: without a unit column, ``read_value``); ``None`` when the full reading
    must speak (a lone surrogate, empty, 不适用, unreadable). Remembered as written by the
    caller (``_ACTUALS``: a plain dict, whose entry holds the value alone, nothing more for
    the cyclic collector to walk)."""
    if not text.isascii() and _SURROGATE.search(text):
        return None
    stripped = text.strip()
    if not stripped or stripped in NOT_APPLICABLE:
        return None
    try:
        return read_value(stripped, max_length=max_length)
    except ValueReadError:
        return None


_NO_FILED = Filed()
_NO_FORM = Form()
_FORM_FIELDS = frozenset({"goals", "management", "texts", "report"})
_HEADER_FIELDS = frozenset(SUBJECT_FIELDS[3:])


_FIELD_SETS: dict[int, tuple[tuple[str, ...], frozenset[str]]] = {}


def _field_set(known: tuple[str, ...]) -> frozenset[str]:
    """``known`` as a set, made once per tuple (the callers' tuples are constants; found by
    identity, which hashing a tuple of names is not; the entry keeps the tuple alive)."""
    entry = _FIELD_SETS.get(id(known))
    if entry is None or entry[0] is not known:
        entry = _FIELD_SETS[id(known)] = (known, frozenset(known))
    return entry[1]


def _plain_text(value: Any) -> str | None:
    """A text cell as ``_Reader.text`` gives it when it has nothing to say about it (a ``str``
    without a lone surrogate), else ``None``: the full reading then decides."""
    if type(value) is not str or (not value.isascii() and _SURROGATE.search(value)):
        return None
    return value.strip()


def _plain_amount(value: Any) -> Decimal | None:
    """A number written as text that ``_Reader.number`` takes without a word (not negative),
    else ``None``: the full reading then decides and reports."""
    if type(value) is not str:
        return None
    try:
        d = Decimal(value.strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    if (not d.is_finite() or d < 0 or abs(d.adjusted()) > MAX_DIGITS
            or (len(value) > MAX_DIGITS and len(d.as_tuple().digits) > MAX_DIGITS)):
        return None
    return d


_PLAIN_BUDGET = frozenset({"total", "executed"})
_PLAIN_SUBJECT = frozenset({"name", "year", "unit"})


_PLACES: tuple[str, ...] = ()


def _places(n: int) -> tuple[str, ...]:
    """``indicators[0]`` … (at least ``n`` of them), the places rows are named by, made once
    (at most ``Limits.indicators``); replaced whole, never appended to, so threads agree."""
    global _PLACES
    if len(_PLACES) < n:
        _PLACES = tuple(f"indicators[{i}]" for i in range(max(n, 2 * len(_PLACES), 64)))
    return _PLACES


def clear_caches() -> None:
    """Forget every cell and row read so far (a benchmark's cold start; memory back)."""
    global _rows_kept
    _rows_kept = 0
    read_cell.cache_clear()
    caches: list[dict[Any, Any]] = [*_REPEATS.values(), *_WHOLE.values(), *_ACTUALS.values()]
    for cache in caches:  # (emptied, not replaced: _CACHES holds them)
        cache.clear()
    _SHAPES.clear()
    _YEARS.clear()
    _USUAL_PLACES.clear()


def _with_parents(rows: tuple[IndicatorInput, ...]) -> tuple[IndicatorInput, ...]:
    """A ``其中…`` row without ``parent`` belongs to the nearest row above it that is not a
    sub-row (``parent = ""`` marks it until here)."""
    out: list[IndicatorInput] = []
    last = ""
    for row in rows:
        if row.parent == "":
            row = attrs.evolve(row, parent=last)
        elif row.parent is None:
            last = row.name
        out.append(row)
    return tuple(out)


# A 偏差原因 cell that gives no reason: tables print 无, / or — where nothing went wrong, and a
# shortfall "explained" by 无 has no reason (JX501 must still say so).
NO_REASON = frozenset({"无", "无。", "/", "／", "—", "——", "－", "-", "–", "无偏差", "无偏差。",
                       "不存在偏差", "N/A", "n/a"})


def _reason(text: str) -> str:
    return "" if text in NO_REASON else text


def _zero_is_a_ceiling(target: Value | None) -> Value | None:
    """A target of a bare 0 (``0起``, ``0人``, ``0%``: 安全事故 0起) is an upper bound, read as
    ``≤0``: as a bare number it would be higher-is-better, and every actual meets ``≥0`` — 2起
    would score full marks."""
    if isinstance(target, Comparison) and target.op is Op.BARE and target.quantity.number == 0:
        return attrs.evolve(target, op=Op.LE)
    return target


def with_unit(v: Value, unit: str) -> Value:
    """A target written without unit takes its indicator's unit column (``万立方米``, ``%``)."""
    base, magnitude, percent = parse_unit(unit)

    def apply(q: Quantity) -> Quantity:
        if q.unit or q.percent or q.magnitude:
            return q
        return attrs.evolve(q, unit=base, magnitude=magnitude, percent=percent)
    if isinstance(v, Comparison):
        return attrs.evolve(v, quantity=apply(v.quantity))
    if isinstance(v, Interval):
        return attrs.evolve(v, low=apply(v.low), high=apply(v.high))
    return v


def _as_decimal(value: Any) -> Decimal | None:
    """A number handed over by code, exactly: ``Decimal``, ``int`` and its subclasses (read by
    value, never by their own ``str``), numeric text, ``float`` by its shortest repr, and
    foreign scalars such as numpy's — by ``__index__`` when whole, else by their text or
    ``__float__``. ``None`` when it is not a number (bool is refused by the caller)."""
    try:
        if isinstance(value, Decimal):
            return Decimal(value)
        if isinstance(value, int):
            return Decimal(int(value))
        if isinstance(value, float):
            return Decimal(repr(float(value)))
        if isinstance(value, str):
            return Decimal(value.strip().replace(",", ""))
        if isinstance(value, numbers.Rational):  # Fraction: exact, or not a figure at all
            return _exact_fraction(value)
        if hasattr(type(value), "__index__"):
            return Decimal(operator.index(value))
        if hasattr(type(value), "__float__"):
            try:  # numpy's float32(0.95) prints 0.95 but is 0.949999988… as a float
                return Decimal(str(value).strip())
            except (InvalidOperation, ValueError, TypeError):
                return Decimal(repr(float(value)))
    except (InvalidOperation, ValueError, TypeError, OverflowError):
        return None
    return None


def _exact_fraction(value: numbers.Rational) -> Decimal | None:
    """``Fraction(1, 8)`` as ``0.125`` exactly; ``None`` for one with no finite decimal
    (``Fraction(1, 3)``), which went through ``float`` to 0.3333333333333333 without a word."""
    num, den = int(value.numerator), int(value.denominator)
    rest = den
    for p in (2, 5):
        while rest % p == 0:
            rest //= p
    if rest != 1 or den.bit_length() > 400:
        return None
    with localcontext() as ctx:
        ctx.prec = MAX_DIGITS + 2
        ctx.traps[Inexact] = True
        try:
            return Decimal(num) / Decimal(den)
        except Inexact:
            return None


def _short(value: Any) -> str:
    """A value as a message quotes it: short, and never a deep ``repr`` of nested data."""
    return shown_value(value)["value"]


def shown_value(value: Any) -> dict[str, str]:
    """A value as a message quotes it, in both languages (``value``, ``value_en``): short,
    never a deep ``repr`` of nested data, never Python's own words (``True``, ``None``,
    ``dict``): a table, an array, ``true`` as TOML and JSON write it."""
    if isinstance(value, Mapping):
        return {"value": f"表（{len(value)} 项）", "value_en": f"a table ({len(value)} entries)"}
    if isinstance(value, list | tuple):
        return {"value": f"数组（{len(value)} 项）", "value_en": f"an array ({len(value)} items)"}
    if isinstance(value, bool):
        return {"value": "true" if value else "false"}
    if value is None:
        return {"value": "（空）", "value_en": "(nothing)"}
    if isinstance(value, bytes | bytearray):
        return {"value": f"字节串（{len(value)} 字节）", "value_en": f"bytes ({len(value)})"}
    if isinstance(value, Decimal) and not value.is_finite():  # TOML's nan and inf
        if value.is_nan():
            return {"value": "非数字（nan）", "value_en": "NaN"}
        return {"value": "负无穷大" if value < 0 else "无穷大", "value_en": str(value)}
    s = (value if isinstance(value, str)
         else str(value) if isinstance(value, Decimal | int | float) else repr(value))
    return {"value": s if len(s) <= 60 else s[:57] + "…"}


__all__ = ["clear_caches", "data_from_mapping", "load_data", "parse_data_text",
           "parse_mapping_text", "with_unit"]
