"""Every diagnostic code in the catalogue, triggered by the smallest realistic input.

``CASES`` is one row per way of triggering a code (ids start with the code). Each row is run
by several tests: the code and the exact position (``file:line:col`` of a scheme, the data path
``indicators[0].target`` of a record, the file name of a file error), the quoted source line,
messages and hints in both languages (no unfilled field, the offending name or value shown), and
the language of the text. Then: several mistakes in one run, the caret under CJK text, the
command line, and a meta-test that fails when a code is added to ``CATALOGUE`` without a test
here and a section in ``docs/errors.md``.

Rows and tests whose expectation fails because of a bug carry an ``xfail(strict=True)`` naming
the bug, so the test starts to pass — and must be unmarked — when the bug is fixed.
"""

from __future__ import annotations

import functools
import re
import string
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SCHEMES, SEED_DATA, indicator, project_data

import jixiao
from jixiao.cli import _Parser, _usage_diagnostic, main, parse
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.diagnostics import (
    CATALOGUE,
    DataError,
    Diagnostic,
    EvaluationError,
    InputError,
    JixiaoError,
    SchemeError,
    Severity,
)
from jixiao.engine.limits import DEFAULT_LIMITS, Limits

FILE = "test.jx"

# A small but complete scheme in the shape of the bundled ones. Every scheme case below edits
# one or two of its lines, so the line numbers here are the ones the cases expect.
BASE = (Path(__file__).resolve().parent / "samples" / "small.jx").read_text(encoding="utf-8")

# A record that fits BASE: one 产出 indicator, fully met.
DATA_TOML = """\
[subject]
name = "测试项目"
year = 2025

[budget]
total = 100
executed = 100

[[indicators]]
section = "产出指标"
category = "数量指标"
name = "土壤监测点位"
unit = "个"
target = "≥26"
actual = "26"
"""

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# three words in a row, such as "use count(sections) or" (not lists: "half_up, half_even")
ENGLISH_PHRASE = re.compile(r"(?:[A-Za-z][\w.()]* ){2}[A-Za-z]")


def variant(*edits: tuple[str, str], text: str = BASE) -> str:
    """``text`` with each ``(old, new)`` replaced; ``old`` must occur exactly once."""
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def column(text: str, line: int, needle: str) -> int:
    """The 1-based column of ``needle`` on ``line`` of ``text`` (in characters, as lark counts)."""
    found = text.splitlines()[line - 1].find(needle)
    assert found >= 0, f"{needle!r} not on line {line}"
    return found + 1


@functools.cache
def compiled(text: str = BASE) -> CompiledScheme:
    return jixiao.compile_scheme_text(text, FILE)


@functools.cache
def regional() -> CompiledScheme:
    return jixiao.load_scheme(SCHEMES / "transfer_regional.jx")


@functools.cache
def soil() -> CompiledScheme:
    return jixiao.load_scheme(SCHEMES / "soil_pollution.jx")


def raised(call: Callable[[], object], kind: type[JixiaoError], code: str) -> Diagnostic:
    """The first diagnostic with ``code`` of the ``kind`` error that ``call`` raises."""
    with pytest.raises(kind) as info:
        call()
    found = [d for d in info.value.diagnostics if d.code == code]
    assert found, f"{code} not among {info.value.codes}"
    return found[0]


def scheme_error(text: str, code: str) -> Diagnostic:
    return raised(lambda: jixiao.compile_scheme_text(text, FILE), SchemeError, code)


def data_error(mapping: Mapping[str, Any], scheme: CompiledScheme, code: str,
               kind: type[JixiaoError] = DataError) -> Diagnostic:
    return raised(lambda: jixiao.score(mapping, scheme), kind, code)


def warned(mapping: Mapping[str, Any], scheme: CompiledScheme, code: str) -> Diagnostic:
    result = jixiao.score(mapping, scheme)
    found = [d for d in result.diagnostics if d.code == code]
    assert found, f"{code} not among {[d.code for d in result.diagnostics]}"
    return found[0]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Case:
    """One way to trigger a code. ``at`` is ``(file, line, column)`` of a span; ``where`` the
    exact ``Diagnostic.where``; in both ``{tmp}`` stands for the test's temporary folder.
    ``mentions`` must appear in the message or hint, in both languages; ``absent`` in neither.
    ``ascii``: the input has no Chinese, so neither may the English text, except the Chinese
    data syntax in ``quoted`` (such as ``≤90万元`` among the accepted forms of a target). ``bugs``
    maps a test (``position``, ``source_line``, ``messages``, ``english``, ``chinese``, or ``*``
    for all) to the bug that makes it fail."""

    id: str
    run: Callable[[Path], Diagnostic]
    at: tuple[str, int, int] | None = None
    line_text: str | None = None  # the expected ``source_line``
    where: str | None = None
    mentions: tuple[str, ...] = ()
    ascii: bool = False
    bugs: Mapping[str, str] = field(default_factory=dict)
    absent: tuple[str, ...] = ()
    quoted: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.id.split("-")[0]


def scheme_case(id: str, text: str, line: int, needle: str, mentions: tuple[str, ...] = (),
                *, ascii: bool = False, bugs: Mapping[str, str] | None = None) -> Case:
    """A scheme mistake at ``needle`` on ``line`` of ``text``, compiled as ``test.jx``."""
    code = id.split("-")[0]
    return Case(id, lambda tmp: scheme_error(text, code), (FILE, line, column(text, line, needle)),
                text.splitlines()[line - 1], None, mentions, ascii, bugs or {})


def data_case(id: str, mapping: Mapping[str, Any], scheme: Callable[[], CompiledScheme],
              where: str, mentions: tuple[str, ...] = (), *, ascii: bool = False,
              bugs: Mapping[str, str] | None = None,
              kind: type[JixiaoError] = DataError,
              at: tuple[str, int, int] | None = None,
              quoted: tuple[str, ...] = ()) -> Case:
    """A record that does not fit ``scheme``; ``where`` is the data path of the mistake."""
    code = id.split("-")[0]
    if code.startswith("JX5"):
        def run(tmp: Path) -> Diagnostic:
            return warned(mapping, scheme(), code)
    else:
        def run(tmp: Path) -> Diagnostic:
            return data_error(mapping, scheme(), code, kind)
    return Case(id, run, at, None, where, mentions, ascii, bugs or {}, quoted=quoted)


def scheme_warning(text: str, code: str) -> Diagnostic:
    found = [d for d in jixiao.compile_scheme_text(text, FILE).warnings if d.code == code]
    assert found, f"{code} not among the scheme's warnings"
    return found[0]


def child_case(id: str, body: str, line: int, needle: str, mentions: tuple[str, ...] = ()
               ) -> Case:
    """A scheme extending the bundled regional one; a JX5xx code is one of its warnings."""
    code = id.split("-")[0]
    text = f'scheme 子方案 extends "transfer_regional.jx" {{\n{body}}}\n'
    run = scheme_warning if code.startswith("JX5") else scheme_error
    return Case(id, lambda tmp: run(text, code), (FILE, line, column(text, line, needle)),
                text.splitlines()[line - 1], None, mentions)


def file_case(id: str, run: Callable[[Path], Diagnostic], where: str,
              mentions: tuple[str, ...] = (), *, ascii: bool = True,
              bugs: Mapping[str, str] | None = None, absent: tuple[str, ...] = ()) -> Case:
    return Case(id, run, None, None, where, mentions, ascii, bugs or {}, absent=absent)


# -- JX0xx: files


def _missing_data(tmp: Path) -> Diagnostic:
    return raised(lambda: jixiao.load_data(tmp / "nope.toml"), InputError, "JX001")


def _missing_scheme(tmp: Path) -> Diagnostic:
    return raised(lambda: jixiao.load_scheme(tmp / "nope.jx"), InputError, "JX001")


def _gbk(tmp: Path) -> Diagnostic:
    path = tmp / "gbk.toml"
    path.write_bytes('[subject]\nyear = 2025\nname = "测试项目"\n'.encode("gb18030"))
    return raised(lambda: jixiao.load_data(path), InputError, "JX002")


def _no_scheme(tmp: Path) -> Diagnostic:
    path = write(tmp / "data.toml", DATA_TOML)
    return raised(lambda: jixiao.score(path), InputError, "JX003")


def _yaml(tmp: Path) -> Diagnostic:
    path = write(tmp / "data.yaml", "subject: x\n")
    return raised(lambda: jixiao.load_data(path), InputError, "JX004")


def _empty(tmp: Path) -> Diagnostic:
    path = write(tmp / "data.toml", "\n  \n")
    return raised(lambda: jixiao.load_data(path), InputError, "JX005")


def _huge(tmp: Path) -> Diagnostic:
    path = tmp / "data.toml"
    with path.open("wb") as f:  # sparse: the size is checked before anything is read
        f.truncate(5 * 1024 * 1024 + 1)
    return raised(lambda: jixiao.load_data(path), InputError, "JX006")


def _unknown_figure(tmp: Path) -> Diagnostic:
    from jixiao.explain import explain
    scheme = jixiao.load_scheme(SCHEMES / "soil_pollution.jx")
    result = jixiao.score(SEED_DATA, scheme)
    return raised(lambda: explain(scheme, result, indicator="项目开工"), DataError, "JX040")


def _csv_two_values(tmp: Path) -> Diagnostic:
    from jixiao.batch import Inputs
    path = write(tmp / "t.csv", "id,subject.name,section,name,target,actual\n"
                 "a,甲县,产出指标,x,≥1,1\na,乙县,产出指标,y,≥1,1\n")
    (rec,) = list(Inputs([path]))
    found: list[Diagnostic] = [d for d in rec.payload if d.code == "JX070"]
    return found[0]


def _internal(tmp: Path) -> Diagnostic:
    """A record the scorer cannot handle for a reason of its own (here a payload no reader
    produces) stands for a bug: that record fails, named, and the run goes on."""
    from jixiao.batch import Record, Scorer
    _, result, problems = Scorer("transfer_regional").run(Record(1, "in.jsonl:7", "mapping", 5))
    assert result is None
    return problems[0]


def _not_batch_output(tmp: Path) -> Diagnostic:
    from jixiao.portfolio import read_lines
    path = write(tmp / "out.jsonl", '{"record": 1, "ok": true, "result": {}}\n{"total": 90}\n')
    return raised(lambda: list(read_lines(path)), InputError, "JX072")


def _no_openpyxl(tmp: Path) -> Diagnostic:
    from jixiao.portfolio import Portfolio
    from jixiao.render.portfolio import to_xlsx
    saved = sys.modules.get("openpyxl")
    sys.modules["openpyxl"] = None  # type: ignore[assignment]  # import now fails
    try:
        return raised(lambda: to_xlsx(Portfolio()), InputError, "JX073")
    finally:
        if saved is None:
            del sys.modules["openpyxl"]
        else:
            sys.modules["openpyxl"] = saved
def _bad_case_file(tmp: Path) -> Diagnostic:
    from jixiao.schemetest import read_cases
    path = write(tmp / "s.cases.toml", '[[case]]\ndata = "d.toml"\n[case.expect]\ntotl = 1\n')
    return raised(lambda: read_cases(path), DataError, "JX041")


def _bad_toml(tmp: Path) -> Diagnostic:
    path = write(tmp / "data.toml", DATA_TOML.replace("executed = 100", "executed = = 100"))
    return raised(lambda: jixiao.load_data(path), DataError, "JX301")


def _huge_number(tmp: Path) -> Diagnostic:
    path = write(tmp / "data.toml", DATA_TOML.replace("total = 100", "total = 1e999"))
    return raised(lambda: jixiao.load_data(path), DataError, "JX316")


def _bad_json(tmp: Path) -> Diagnostic:
    path = write(tmp / "data.json", '{"budget": {"total": 100,\n "executed": 100,}}')
    return raised(lambda: jixiao.load_data(path), DataError, "JX301")


# -- JX01x: the command line


def _cli(argv: list[str], code: str) -> Callable[[Path], Diagnostic]:
    """What ``jixiao ARGV`` (run in the test's folder) reports, without printing it."""
    def run(tmp: Path) -> Diagnostic:
        def invoke() -> None:
            args = parse([a.format(tmp=tmp) for a in argv])
            args.run(args)
        return raised(invoke, JixiaoError, code)
    return run


def _overwrite_input(tmp: Path) -> Diagnostic:
    data = tmp / "data.toml"
    data.write_text((ROOT / "examples" / "xinjiang-soil-2025" / "data.toml").read_text(
        encoding="utf-8"), encoding="utf-8")
    return _cli(["score", "{tmp}/data.toml", "--format", "toml", "-o", "{tmp}/data.toml"],
                "JX030")(tmp)


def _unknown_shape(tmp: Path) -> Diagnostic:
    return _usage_diagnostic(_Parser(prog="jixiao"), "something new went wrong")


# -- JX2xx: extends, which need files or the bundled library


def _cycle(tmp: Path) -> Diagnostic:
    write(tmp / "a.jx", 'scheme A extends "b.jx" {\n}\n')
    write(tmp / "b.jx", '# B\nscheme B extends "a" {\n}\n')
    return raised(lambda: jixiao.load_scheme(tmp / "a.jx"), SchemeError, "JX213")


def _extends(ref: str, code: str) -> Callable[[Path], Diagnostic]:
    def run(tmp: Path) -> Diagnostic:
        return scheme_error(f'scheme 子方案 extends "{ref}" {{\n}}\n', code)
    return run


def _too_deep(tmp: Path) -> Diagnostic:
    """a.jx extends b.jx extends c.jx: two levels, with a limit of one."""
    write(tmp / "a.jx", 'scheme A extends "b.jx" {\n}\n')
    write(tmp / "b.jx", 'scheme B extends "c.jx" {\n}\n')
    write(tmp / "c.jx", BASE)
    return raised(lambda: jixiao.load_scheme(tmp / "a.jx", limits=Limits(extends_depth=1)),
                  SchemeError, "JX220")


EXTENDS_MISSING = 'scheme 子方案 extends "nope.jx" {'
EXTENDS_OUTSIDE = 'scheme 子方案 extends "../pyproject.toml" {'

# A scheme whose 预算执行 score is not capped, so that overspending gives more than 100.
UNCAPPED = variant(("min(budget.rate, 1)", "budget.rate"))
# A total that adds a bonus past the full score.
BONUS = variant(("total = round(sum(sections, score), 2)",
                 "total = round(sum(sections, score), 2) + 5"))
# A 正向 formula that divides by the target without a guard.
UNGUARDED = variant(("if actual >= target then 1 else actual / target",
                     "min(actual / target, 1)"))
# A 预算执行 score that reads the central funds' rate.
HUGE = variant(("min(budget.rate, 1)", "min(budget.rate, 1) * budget.total * budget.total"
                                       " * budget.total * budget.total"))
CENTRAL = variant(("min(budget.rate, 1)", "min(budget.central.rate, 1)"))
_DEPTH, _NODES = DEFAULT_LIMITS.expression_depth, DEFAULT_LIMITS.expression_nodes
# One formula nested one level deeper than allowed, and one with more parts than allowed.
DEEP = variant(("completion = ratio",
                "completion = " + "min(" * _DEPTH + "ratio" + ", 1)" * _DEPTH))
LARGE = variant(("completion = ratio", "completion = min(ratio" + ", 1" * _NODES + ")"))
UNCLOSED = BASE.removesuffix("}\n")  # the scheme's closing brace forgotten
GIVEN = variant(("{ categories 数量指标 质量指标 }", "{ split given }"))
# Schemes that let the assessor set a score: anywhere in [0, weight] with a reason, or inside
# the qualitative level's band.
ADJUSTABLE = variant(("  rounding half_up\n",
                      "  rounding half_up\n  adjust allowed within [0, weight] with reason\n"))
ADJUSTABLE_LEVEL = variant(("  rounding half_up\n",
                            "  rounding half_up\n  adjust allowed within level\n"))

_REGIONAL_TEXT = (SCHEMES / "transfer_regional.jx").read_text(encoding="utf-8")
_REQUIRE_LINE = _REGIONAL_TEXT.splitlines().index("  require reason when deviation > 0") + 1
_BENEFIT_LINE = next(i for i, s in enumerate(_REGIONAL_TEXT.splitlines(), 1)
                     if s.startswith("  section 效益指标"))



CASES: list[Case] = [
    # -- JX0xx files and commands
    file_case("JX001", _missing_data, "{tmp}/nope.toml", ("nope.toml",)),
    file_case("JX001-scheme", _missing_scheme, "{tmp}/nope.jx", ("nope.jx",)),
    file_case("JX002", _gbk, "{tmp}/gbk.toml:3", ("GB18030",)),
    file_case("JX003", _no_scheme, "{tmp}/data.toml", ("scheme",)),
    file_case("JX004", _yaml, "{tmp}/data.yaml", (".yaml",)),
    file_case("JX005", _empty, "{tmp}/data.toml"),
    Case("JX005-scheme", lambda tmp: scheme_error("\n  \n", "JX005"), (FILE, 1, 1)),
    file_case("JX010", _unknown_shape, "jixiao", ("something new went wrong",), absent=("{",)),
    file_case("JX011", _cli(["scor", "x.toml"], "JX011"), "jixiao", ("scor", "score")),
    file_case("JX012", _cli(["score", "x.toml", "--formt", "json"], "JX012"), "jixiao score",
              ("--formt", "--format")),
    file_case("JX013", _cli(["score"], "JX013"), "jixiao score", ("data", "jixiao score")),
    file_case("JX014", _cli(["score", "x.toml", "--format", "jsn"], "JX014"), "jixiao score",
              ("jsn", "json", "--format")),
    file_case("JX015", _cli(["score", "x.toml", "--format"], "JX015"), "jixiao score",
              ("--format",)),
    file_case("JX016", _cli(["schemes", "extra"], "JX016"), "jixiao schemes", ("extra",)),
    file_case("JX017", _cli(["score", "x.toml", "-o", "{tmp}/out.pdf"], "JX017"),
              "{tmp}/out.pdf", (".pdf", ".json")),
    file_case("JX018", _cli(["score", "x.toml", "--quiet=yes"], "JX018"), "jixiao score",
              ("--quiet", "yes")),
    file_case("JX019", _cli([], "JX019"), "jixiao", ("score",)),
    file_case("JX020", _cli(["score", str(ROOT / "examples" / "xinjiang-soil-2025" / "data.toml"),
                             "-o", "{tmp}/no/out.json"], "JX020"), "{tmp}/no/out.json",
              ("out.json",)),
    file_case("JX030", _overwrite_input, "{tmp}/data.toml", ("data.toml",)),
    file_case("JX006", _huge, "{tmp}/data.toml", ("5242881", "5242880")),
    file_case("JX040", _unknown_figure, "--indicator", ("项目开工", "项目开工率"), ascii=False),
    file_case("JX070", _csv_two_values, "{tmp}/t.csv:3", ("subject.name", "甲县", "乙县"),
              ascii=False),
    file_case("JX071", _internal, "in.jsonl:7", ("TypeError",)),
    file_case("JX072", _not_batch_output, "{tmp}/out.jsonl:2", ("out.jsonl", "2")),
    file_case("JX073", _no_openpyxl, "--format xlsx", ("openpyxl", "xlsx")),
    file_case("JX041", _bad_case_file, "{tmp}/s.cases.toml: case[0].expect.totl",
              ("totl", "total")),
    # -- JX1xx scheme syntax
    scheme_case("JX101", variant(("weight 90", "weight ninety")), 5, "ninety", ("ninety",),
                ascii=True),
    scheme_case("JX102", variant(("1 - completion", "1 ； completion")), 12, "；", ("；",)),
    Case("JX103", lambda tmp: scheme_error(UNCLOSED, "JX103"),
         (FILE, 17, len(UNCLOSED.splitlines()[-1]) + 1), UNCLOSED.splitlines()[-1], None, ("}",)),
    scheme_case("JX103-quote", variant(('version "2025" {', 'version "2025 {')), 1, '"2025',
                ('"',)),
    # -- JX2xx scheme checks
    scheme_case("JX201", variant(("grade 差 [0, 90)", "grade 优 [0, 90)")), 17, "grade",
                ("优", "16:3")),
    scheme_case("JX202", variant(("else actual / target", "else actul / target")), 6, "actul",
                ("actul", "actual"), ascii=True),
    scheme_case("JX202-notation", variant((">, bare {", ">, bar {")), 6, "bar {", ("bar", "bare"),
                ascii=True),
    scheme_case("JX202-split", variant(("categories 数量指标 质量指标", "split equel")), 5, "split",
                ("equel", "equal"), ascii=True),
    scheme_case("JX203", variant(("min(completion, 1)", "mini(completion, 1)")), 13, "mini",
                ("mini", "round"), ascii=True),
    scheme_case("JX204", variant(("min(completion, 1), 2)", "min(completion, 1))")), 13,
                "round", ("round", "2", "1"), ascii=True),
    scheme_case("JX205", variant(("completion = ratio", "completion = ratio >= 0.6")), 8,
                "ratio", ("completion",), ascii=True),
    scheme_case("JX206", variant(("deviation = 1 - completion", "# deviation: see kinds")), 6,
                "kind", ("deviation", "正向")),
    scheme_case("JX206-section",
                variant(("subtotal = round(sum(indicators, score), 2)", "# no subtotal")), 5,
                "section", ("产出指标",)),
    scheme_case("JX207", variant(("grade 优 [90, 100]\n  grade 差 [0, 90)",
                                  "grade A [90, 100]\n  grade F [0, 80)")), 16, "grade",
                ("F", "A"), ascii=True),
    scheme_case("JX207-overlap", variant(("grade 差 [0, 90)", "grade 差 [0, 95)")), 16, "grade",
                ("优", "差")),
    # the top band reaches the full score but leaves it out: a gap (JX211 if it ends elsewhere)
    scheme_case("JX207-open", variant(("grade 优 [90, 100]", "grade 优 [90, 100)")), 16, "grade",
                ("优", "100")),
    scheme_case("JX208", variant(("grade 差 [0, 90)", "grade 差 [90, 0)")), 17, "[90, 0)",
                ("[90, 0)",), ascii=True),
    scheme_case("JX209", variant(("level 达成 ratio 1", "level 达成 ratio 2")), 9, "level",
                ("2",), ascii=True),
    scheme_case("JX209-band", variant(("ratio [0.6, 0.8)", "ratio [60, 80)")), 10, "[60",
                ("60",), ascii=True),
    scheme_case("JX210", variant(("kind 定性 for text {", "kind 定性 for text, bare {")), 7,
                "bare", ("bare", "正向", "定性")),
    # the full score is the sum of the section weights; the span is the top grade's line
    scheme_case("JX211", variant(("weight 90", "weight 80")), 16, "grade", ("90", "100")),
    scheme_case("JX221", variant(("weight 90", "weight " + "9" * 40)), 5, "9" * 40,
                ("40", "30"), ascii=True),
    scheme_case("JX211-grade", variant(("grade 优 [90, 100]", "grade 优 [90, 99]")), 16, "grade",
                ("100", "99")),
    Case("JX212", _extends("nope.jx", "JX212"), (FILE, 1, column(EXTENDS_MISSING, 1, "extends")),
         EXTENDS_MISSING, None, ("nope.jx",), ascii=True),
    Case("JX213", _cycle, ("{tmp}/b.jx", 2, 10), 'scheme B extends "a" {', None,
         ("a.jx", "b.jx"), ascii=True),
    Case("JX214", _extends("../pyproject.toml", "JX214"),
         (FILE, 1, column(EXTENDS_OUTSIDE, 1, "extends")), EXTENDS_OUTSIDE, None,
         ("../pyproject.toml",), ascii=True),
    scheme_case("JX215", variant(("grade 优 [90, 100]\n  grade 差 [0, 90)", "# no grades\n")),
                1, "scheme", ("grade",)),
    scheme_case("JX215-levels", variant(("level 达成 ratio 1\n    level 部分达成 ratio [0.6, 0.8)",
                                         "# no levels\n")), 7, "kind", ("定性", "level")),
    scheme_case("JX216", variant(("rounding half_up", "rounding half_upp")), 2, "rounding",
                ("half_upp", "half_up"), ascii=True),
    scheme_case("JX216-round", variant(("min(completion, 1), 2)",
                                        "min(completion, 1), 2, bankers)")),
                13, "round", ("bankers", "half_even"), ascii=True),
    scheme_case("JX217", variant(("rounding half_up", "bonus = 1")), 2, "bonus", ("bonus",),
                ascii=True),
    scheme_case("JX217-later", variant(("else actual / target", "else score / target")), 6,
                "score /", ("score",), ascii=True),
    scheme_case("JX217-collection", variant(("round(sum(sections, score), 2)",
                                             "round(sections, 2)")), 15, "sections",
                ("sections", "count(sections)"), ascii=True),
    scheme_case("JX217-level", variant(("bare { completion", "bare {\n    level 达成 ratio 1\n"
                                        "    completion")), 7, "level", ("level",),
                ascii=True),
    scheme_case("JX218", DEEP, 8, "min(", (str(_DEPTH),), ascii=True),
    scheme_case("JX219", LARGE, 8, "min(", (str(_NODES),), ascii=True),
    Case("JX220", _too_deep, ("{tmp}/b.jx", 1, 10), 'scheme B extends "c.jx" {', None,
         ("a.jx", "b.jx", "c.jx"), ascii=True, absent=("cycle", "循环")),
    child_case("JX270", "  drop section 满意度\n", 2, "drop", ("满意度", "满意度指标")),
    child_case("JX270-replace", "  replace section 产出 weight 50\n", 2, "replace",
               ("产出", "产出指标")),
    child_case("JX270-level", "  kind 定性 {\n    drop level 未达成\n  }\n", 3, "drop",
               ("未达成", "未达成预期指标")),
    scheme_case("JX271", variant(("grade 差 [0, 90)", "grade 差 [0, 90)\n  drop section 预算执行")),
                18, "drop", ("drop", "extends")),
    scheme_case("JX272", variant(("section 产出指标 weight 90 {", "section 产出指标 {")), 5,
                "section", ("产出指标",)),
    # -- JX3xx project data (regional: 10/50/30/10; BASE: no kind for ≤)
    file_case("JX301", _bad_toml, "{tmp}/data.toml:7", ("line 7",)),
    file_case("JX301-json", _bad_json, "{tmp}/data.json:2", ()),
    data_case("JX302", {k: v for k, v in project_data(indicator()).items() if k != "indicators"},
              regional, "indicators", ("indicators",), ascii=True),
    data_case("JX302-name", project_data(indicator(name="")), regional, "indicators[0].name",
              ("indicators[0].name",), ascii=True),
    data_case("JX302-given", project_data(indicator(weight=40), indicator("b")),
              lambda: compiled(GIVEN), "indicators[1].weight", ("weight",)),
    data_case("JX303", project_data(indicator(weight="abc")), regional, "indicators[0].weight",
              ("abc", "indicators[0].weight"), ascii=True),
    data_case("JX304", project_data(indicator("length", target="≥1O0")), regional,
              "indicators[0].target", ("length", "≥1O0"), ascii=True,
              quoted=("≤90万元", "基本消除")),
    data_case("JX304-kind", project_data(indicator(target="≥10", actual="基本消除")),
              regional, "indicators[0].actual", ("基本消除",)),
    data_case("JX305", project_data(indicator(section="产出")), regional, "indicators[0].section",
              ("产出", "产出指标")),
    data_case("JX306", project_data(indicator("a", weight=30), indicator("b", weight=30)),
              regional, "indicators", ("产出指标", "60", "50")),
    data_case("JX307", project_data(indicator(target="基本消除", actual="差不多")), regional,
              "indicators[0].actual", ("差不多", "达成预期指标")),
    data_case("JX308", project_data(indicator(target="基本消除", actual="部分达成")), regional,
              "indicators[0].ratio", ("部分达成预期指标", "[0.6, 0.8)")),
    data_case("JX309", project_data(indicator(target="基本消除", actual="部分达成", ratio="0.9")),
              regional, "indicators[0].ratio", ("0.9", "[0.6, 0.8)")),
    data_case("JX310", project_data(indicator(), executed="-5"), regional, "budget.executed",
              ("-5",), ascii=True),
    data_case("JX311", project_data(indicator("length", actual=None)), regional,
              "indicators[0].actual", ("length",), ascii=True),
    data_case("JX312", project_data(indicator(target="≤5", actual="4")), compiled,
              "indicators[0].target", ("≤5", "正向")),
    data_case("JX313", project_data(indicator(), projects=[
                  {"name": "p", "budget": {"central": 1, "local": 1}, "status": "paused"}]),
              regional, "projects[0].status", ("paused",), ascii=True),
    data_case("JX314", project_data(indicator("length"), indicator("length")), regional,
              "indicators[1].name", ("length", "indicators[0]"), ascii=True),
    data_case("JX315", project_data(indicator(kind="正")), regional, "indicators[0].kind",
              ("正", "正向")),
    data_case("JX316", project_data(indicator(), total="1e999"), regional, "budget.total",
              ("1e999",), ascii=True),
    # TOML reads 1e999 as a number; the message shows it as a number, not as a Python repr
    file_case("JX316-toml", _huge_number, "budget.total", ("1E+999",), absent=("Decimal",)),
    data_case("JX317", project_data(indicator(reasn="x")), regional, "indicators[0].reasn",
              ("reasn", "reason"), ascii=True),
    Case("JX318", lambda tmp: raised(lambda: jixiao.score(
             project_data(indicator("a"), indicator("b"), indicator("c")), regional(),
             limits=Limits(indicators=2)), DataError, "JX318"),
         None, None, "indicators", ("3", "2"), ascii=True),
    Case("JX318-projects", lambda tmp: raised(lambda: jixiao.data_from_mapping(
             project_data(indicator(), projects=[{"name": "p", "status": "started"}] * 3),
             limits=Limits(projects=2)), DataError, "JX318"),
         None, None, "projects", ("3", "2"), ascii=True),
    data_case("JX319", project_data(indicator("length", target="≥-5%", actual="1%")), regional,
              "indicators[0].target", ("length", "≥-5%"), ascii=True),
    data_case("JX320", project_data(indicator("length", target="5-10", actual="7", kind="正向")),
              regional, "indicators[0].kind", ("length", "正向", "5-10")),
    # -- JX4xx evaluation
    data_case("JX401", project_data(indicator(target="≥0", actual="5")),
              lambda: compiled(UNGUARDED), "indicators[0]", ("indicators[0]", "actual / target"),
              kind=EvaluationError, ascii=True),
    data_case("JX402", project_data(indicator()), lambda: compiled(CENTRAL), "section 预算执行",
              ("budget.central.rate",), kind=EvaluationError),
    data_case("JX410", project_data(indicator(), total="1" + "0" * 29, executed="1" + "0" * 29),
              lambda: compiled(HUGE), "section 预算执行", ("budget.total", "10^99"),
              kind=EvaluationError),
    Case("JX411", lambda tmp: raised(lambda: jixiao.score(
             project_data(indicator()), regional(), limits=Limits(evaluation_steps=3)),
             EvaluationError, "JX411"), None, None, "budget", ("3",), ascii=True),
    Case("JX403", lambda tmp: data_error(project_data(indicator()),
                                         compiled(BONUS), "JX403", EvaluationError),
         (FILE, 1, 1), None, None, ("105",), ascii=True),
    data_case("JX404", project_data(indicator(), executed="120"), lambda: compiled(UNCAPPED),
              "section 预算执行", ("12", "10", "budget.rate"), kind=EvaluationError, ascii=True,
              quoted=("预算执行",)),
    # -- JX5xx warnings
    data_case("JX501", project_data(indicator("length", target="≥100", actual="50")), regional,
              "indicators[0].reason", ("length",), ascii=True,
              at=("schemes/transfer_regional.jx", _REQUIRE_LINE, 3)),
    data_case("JX502", project_data(indicator(target="≥100万元", actual="100个")), regional,
              "indicators[0].actual", ("个", "万元")),
    data_case("JX503", project_data(indicator(), budget={
                  "total": 100, "executed": 50, "central": {"total": 60, "executed": 50}}),
              regional, "budget", ("60", "100"), ascii=True),
    data_case("JX504", project_data(
                  indicator("项目开工率", target="100%", actual="50%"), budget=None,
                  projects=[{"name": "p", "budget": {"central": 90, "local": 10},
                             "executed": {"central": 90, "local": 10}, "status": "started"}]),
              soil, "indicators[0].actual", ("项目开工率", "50%", "100")),
    data_case("JX505", project_data(indicator(category="数量")), regional,
              "indicators[0].category", ("数量", "数量指标")),
    data_case("JX506", project_data(indicator(), executed="120"), regional, "budget",
              ("120", "100"), ascii=True),
    data_case("JX508", project_data(indicator(), indicator("rate", section="预算执行")), regional,
              "indicators[1].section", ("预算执行", "rate")),
    child_case("JX560", "", 1, "extends", ("子方案", "转移支付区域绩效自评")),
    child_case("JX561", "  section 预算执行 weight 10\n", 2, "section", ("预算执行",)),
    data_case("JX507", project_data(indicator()), regional, "indicators", ("效益指标",),
              at=("schemes/transfer_regional.jx", _BENEFIT_LINE, 3)),
    # -- real tables as filed: adjustments, levels, sub-rows, readable rows
    data_case("JX350", project_data(indicator("length", score="95", reason="judged")),
              lambda: compiled(ADJUSTABLE), "indicators[0].score", ("length", "95", "[0, 90]"),
              ascii=True),
    data_case("JX350-level", project_data(indicator(
                  "quality", target="达成", actual="better", level="部分达成", ratio="0.7",
                  score="72", reason="judged")),
              lambda: compiled(ADJUSTABLE_LEVEL), "indicators[0].score",
              ("quality", "72", "[54, 72)"), ascii=True),
    data_case("JX351", project_data(indicator("length", score="80")),
              lambda: compiled(ADJUSTABLE), "indicators[0].score", ("length", "80", "90"),
              ascii=True),
    data_case("JX352", project_data(indicator("quality", target="达成", actual="显著提升",
                                              level="很好")),
              compiled, "indicators[0].level", ("quality", "很好", "达成、部分达成")),
    data_case("JX353", project_data(indicator("a", target="≥abc"), indicator("b"),
                                    indicator("c", actual="1x1")),
              regional, "indicators", ("1", "3", "2")),
    data_case("JX530", project_data(indicator("length", score="5")), regional,
              "indicators[0].score", ("length", "5", "50")),
    data_case("JX531", project_data(indicator(), indicator("其中：part", parent="nope")),
              regional, "indicators[1].parent", ("其中：part", "nope")),
    data_case("JX532", project_data(indicator(), projects=[
                  {"name": "p", "budget": {"central": 100}, "executed": {"central": 5},
                   "status": "not_started"}]),
              regional, "projects[0].status", ("p", "5"), ascii=True),
]


def params(test: str, cases: list[Case] | None = None) -> list[Any]:
    out = []
    for c in cases if cases is not None else CASES:
        reason = c.bugs.get(test) or c.bugs.get("*")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(c, id=c.id, marks=marks))
    return out


@pytest.mark.parametrize("case", params("position"))
def test_code_and_position(case: Case, tmp_path: Path) -> None:
    d = case.run(tmp_path)
    assert d.code == case.code
    assert d.severity is (Severity.WARNING if case.code.startswith("JX5") else Severity.ERROR)
    if case.at is not None:
        file, line, col = case.at
        assert d.span is not None
        # a span names a resolved path (extends are resolved), a where the path as given
        shown = file.format(tmp=tmp_path.resolve())
        assert (d.span.file, d.span.line, d.span.column) == (shown, line, col)
        assert (d.span.end_line, d.span.end_column) >= (d.span.line, d.span.column)
    if case.where is not None:
        assert d.where == case.where.format(tmp=tmp_path)
    assert case.at is not None or case.where is not None


@pytest.mark.parametrize("case", params("source_line", [c for c in CASES
                                                         if c.line_text is not None]))
def test_source_line_is_the_line_the_span_points_into(case: Case, tmp_path: Path) -> None:
    d = case.run(tmp_path)
    assert d.source_line == case.line_text


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("case", params("messages"))
def test_messages_are_complete_and_name_the_culprit(case: Case, tmp_path: Path) -> None:
    d = case.run(tmp_path)
    template = CATALOGUE[d.code]
    for lang, message in (("zh", template.zh), ("en", template.en)):
        text = d.message(lang) + "\n" + d.hint(lang)
        assert not re.search(r"\{\w*\}", text), text
        # every field of the message is filled (a missing one would print as nothing)
        assert {f for f in _fields(message) if not d.args.get(f)} == set(), d.message(lang)
        for m in case.mentions:
            assert m in text, f"{m!r} not in {text!r}"
        for m in case.absent:
            assert m not in text, f"{m!r} in {text!r}"
        assert d.message(lang).strip()


@pytest.mark.parametrize("case", params("english", [c for c in CASES if c.ascii]))
def test_english_text_has_no_chinese(case: Case, tmp_path: Path) -> None:
    """The input of these cases has no Chinese, so the English message and hint need none
    (beyond the Chinese data syntax they quote)."""
    d = case.run(tmp_path)
    text = d.message("en") + "\n" + d.hint("en")
    for quote in case.quoted:
        assert quote in text, f"{quote!r} not in {text!r}"
        text = text.replace(quote, "")
    assert not CJK.search(text), text


@pytest.mark.parametrize("case", params("chinese", [c for c in CASES
                                                     if c.code not in ("JX301", "JX010")]))
def test_chinese_text_has_no_english_sentence(case: Case, tmp_path: Path) -> None:
    """(JX301 and JX010 are left out: they quote the TOML or JSON parser's, or argparse's, own
    English message.)"""
    d = case.run(tmp_path)
    text = d.message("zh") + "\n" + d.hint("zh")
    assert not ENGLISH_PHRASE.search(text), text


# ---------------------------------------------------------------------- several mistakes at once


def test_independent_mistakes_are_all_reported_in_order() -> None:
    text = variant(("rounding half_up", "rounding half_upp"),                 # line 2
                   ("else actual / target", "else actul / target"),           # line 6
                   ("level 达成 ratio 1", "level 达成 ratio 2"),               # line 9
                   ("min(completion, 1), 2)", "min(completion, 1))"))         # line 13
    with pytest.raises(SchemeError) as info:
        jixiao.compile_scheme_text(text, FILE)
    ds = info.value.diagnostics
    assert [(d.code, d.span.line if d.span else 0) for d in ds] == [
        ("JX216", 2), ("JX202", 6), ("JX209", 9), ("JX204", 13)]
    assert list(ds) == sorted(ds, key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0))
    assert str(info.value).startswith("JX216 test.jx:2:3: unknown rounding mode half_upp")


def test_independent_syntax_mistakes_are_all_reported() -> None:
    text = variant(("weight 90 {", "weight 90 ； {"), ("1 - completion", "1 － completion"))
    with pytest.raises(SchemeError) as info:
        jixiao.compile_scheme_text(text, FILE)
    assert [(d.code, d.span.line if d.span else 0) for d in info.value.diagnostics] == [
        ("JX102", 5), ("JX102", 12)]


# A block or a parenthesis left open: one mistake, but every item line after it is unexpected.
BUDGET_OPEN = variant(("budget { rate = round(executed / total, 4) }",
                       "budget { rate = round(executed / total, 4)"))
KIND_OPEN = variant(("  }\n  deviation", "  deviation"))  # kind 定性 { … never closed
PAREN_OPEN = variant(("deviation = 1 - completion", "deviation = (1 - completion"))


@pytest.mark.parametrize("text", [
    pytest.param(variant(("weight 90", "weight ninety")), id="bad-number"),
    pytest.param(variant(('version "2025" {', 'version "2025 {')), id="open-quote"),
    pytest.param(variant(("deviation = 1", "deviation 1")), id="missing-equals"),
    pytest.param(KIND_OPEN, id="kind-open"),
    pytest.param(BUDGET_OPEN, id="budget-open"),
    pytest.param(PAREN_OPEN, id="paren-open"),
])
def test_one_syntax_mistake_is_one_diagnostic(text: str) -> None:
    """No echoes: the lines after a mistake are not reported as mistakes of their own."""
    with pytest.raises(SchemeError) as info:
        jixiao.compile_scheme_text(text, FILE)
    assert len(info.value.codes) == 1, info.value.codes


def test_a_section_without_score_is_reported_once() -> None:
    """One mistake, one owner (engine.compile: schemes built in code need it too), one report."""
    text = variant(("subtotal = round(sum(indicators, score), 2)", "# no subtotal"))
    with pytest.raises(SchemeError) as info:
        jixiao.compile_scheme_text(text, FILE)
    assert info.value.codes == ["JX206"], info.value.diagnostics
    d = info.value.diagnostics[0]
    assert d.message("zh").startswith("一级指标 产出指标 缺少公式 ")
    assert d.message("en").startswith("section 产出指标 has no formula ")


@pytest.mark.parametrize(("edit", "code"), [
    pytest.param(("weight 90", "weight 80"), "JX211", id="weights-short"),
    pytest.param(("grade 优 [90, 100]", "grade 优 [90, 99]"), "JX211", id="grades-short"),
    pytest.param(("grade 优 [90, 100]", "grade 优 [90, 110]"), "JX211", id="grades-long"),
    pytest.param(("grade 优 [90, 100]", "grade 优 [90, 100)"), "JX207", id="top-open"),
])
def test_a_top_grade_off_the_full_score_is_one_diagnostic(edit: tuple[str, str],
                                                          code: str) -> None:
    """The top band must end at the full score (JX211) and include it (JX207); not both."""
    with pytest.raises(SchemeError) as info:
        jixiao.compile_scheme_text(variant(edit), FILE)
    assert info.value.codes == [code], info.value.diagnostics
    d = info.value.diagnostics[0]
    assert (d.span.line, d.span.column) == (16, 3) if d.span else False


def test_expected_tokens_read_as_words() -> None:
    """What the parser expected is shown in words, not as lark's terminal names."""
    d = scheme_error(BASE + "}\n", "JX101")
    assert (d.span.line, d.span.column) == (19, 1) if d.span else False
    for lang in ("zh", "en"):
        assert "END-OF-FILE" not in d.hint(lang)
        assert "$END" not in d.hint(lang)
    assert d.hint("zh") == "此处应为：文件结尾；全文 { 比 } 少 1 个"  # brackets do not pair up
    assert d.hint("en") == "expected one of: end of file; the file has 1 more } than {"


def test_a_bad_weight_is_not_blamed_on_a_missing_brace() -> None:
    d = scheme_error(variant(("weight 90", "weight ninety")), "JX101")
    assert "missing" not in d.hint("en")
    assert "少了" not in d.hint("zh")


@pytest.mark.parametrize(("text", "line", "keyword"), [
    pytest.param(KIND_OPEN, 15, "grade", id="kind-open"),
    pytest.param(BUDGET_OPEN, 4, "section", id="budget-open"),
])
def test_a_block_left_open_is_named(text: str, line: int, keyword: str) -> None:
    d = scheme_error(text, "JX101")
    assert (d.span.line, d.span.column) == (line, 3) if d.span else False  # the keyword
    assert f"{keyword} starts an item: is a }} missing before this line?" in d.hint("en")
    assert "少了一个 }" in d.hint("zh")


def test_a_bundled_scheme_loads_from_any_working_folder(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert jixiao.load_scheme(SCHEMES / "soil_pollution.jx").scheme.name == "土壤污染防治资金"


def test_an_extends_is_refused_only_when_no_folder_allows_it(tmp_path: Path) -> None:
    """Looked for next to the scheme, "../schemes/…" leaves tmp_path; looked for in the library
    it names a bundled scheme, which may be read."""
    write(tmp_path / "child.jx", 'scheme 子方案 extends "../schemes/transfer_regional.jx" {\n}\n')
    assert jixiao.load_scheme(tmp_path / "child.jx").scheme.name == "子方案"


def test_a_long_extends_chain_is_not_called_a_cycle(tmp_path: Path) -> None:
    write(tmp_path / "a.jx", 'scheme A extends "b.jx" {\n}\n')
    write(tmp_path / "b.jx", 'scheme B extends "c.jx" {\n}\n')
    write(tmp_path / "c.jx", BASE)
    assert jixiao.load_scheme(tmp_path / "a.jx", limits=Limits(extends_depth=2))  # at the limit
    with pytest.raises(SchemeError) as info:
        jixiao.load_scheme(tmp_path / "a.jx", limits=Limits(extends_depth=1))
    assert info.value.codes == ["JX220"]
    d = info.value.diagnostics[0]
    assert (Path(d.span.file).name, d.span.line) == ("b.jx", 1) if d.span else False
    assert d.args["limit"] == "1"
    assert "cycle" not in d.message("en")
    assert "循环" not in d.message("zh")


# ----------------------------------------------------------------------------------- rendering


def test_caret_sits_under_the_mistake_after_chinese_text() -> None:
    text = variant(("weight 90 {", "weight 九十 {"))
    line = text.splitlines()[4]  # "  section 产出指标 weight 九十 { … }"
    d = scheme_error(text, "JX101")
    assert (d.span.line, d.span.column) == (5, 23) if d.span else False
    zh = jixiao.render_diagnostics([d], "zh").splitlines()
    assert zh[0] == "test.jx:5:23: 错误 JX101: 此处不应出现 “九十”"
    assert zh[1] == f" 5 | {line}"
    # 22 characters before the mistake, of which 产出指标 take two columns each: 26 columns;
    # 九十 itself is two characters four columns wide.
    assert zh[2] == "   | " + " " * 26 + "^^^^"
    assert zh[3].startswith("  提示: ")
    en = jixiao.render_diagnostics([d], "en").splitlines()
    assert en[0] == "test.jx:5:23: error JX101: unexpected “九十”"
    assert en[1:3] == zh[1:3]
    assert en[3].startswith("  hint: ")


def test_caret_under_a_full_width_character() -> None:
    text = variant(("1 - completion", "1 － completion"))
    d = scheme_error(text, "JX102")
    out = jixiao.render_diagnostics([d], "en").splitlines()
    assert out[0] == "test.jx:12:17: error JX102: unexpected character '－'"
    assert out[1] == " 12 |   deviation = 1 － completion"
    assert out[2] == "    |                 ^^"


def test_data_errors_render_with_their_path() -> None:
    with pytest.raises(DataError) as info:
        jixiao.score(project_data(indicator(section="产出")), regional())
    assert jixiao.render_diagnostics(info.value.diagnostics, "en") == (
        "indicators[0].section: error JX305: unknown section 产出\n"
        "  hint: did you mean: 产出指标")


# --------------------------------------------------------------------------------- the command


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A folder with a good scheme (test.jx), a record naming it, and a few bad ones."""
    write(tmp_path / "test.jx", BASE)
    write(tmp_path / "data.toml", 'scheme = "test.jx"\n\n' + DATA_TOML)
    write(tmp_path / "bad.jx", variant(("else actual / target", "else actul / target")))
    write(tmp_path / "bad-data.toml", 'scheme = "test.jx"\n\n'
          + DATA_TOML.replace('section = "产出指标"', 'section = "产出"'))
    return tmp_path


def test_cli_scores_a_good_record(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(files / "data.toml")]) == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "code", "zh", "en"), [
    pytest.param(["score", "data.toml", "--scheme", "bad.jx"], "JX202", "未知的名称 actul",
                 "unknown name actul", id="bad-scheme"),
    pytest.param(["check", "bad.jx"], "JX202", "未知的名称 actul", "unknown name actul",
                 id="check-bad-scheme"),
    pytest.param(["score", "bad-data.toml"], "JX305", "未知的一级指标 产出",
                 "unknown section 产出", id="bad-data"),
    pytest.param(["score", "missing.toml"], "JX001", "找不到文件", "file not found",
                 id="missing-file"),
    pytest.param(["score", "data.toml", "--scheme", "missing.jx"], "JX001", "找不到文件",
                 "file not found", id="missing-scheme"),
])
def test_cli_reports_user_mistakes(files: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch, argv: list[str], code: str,
                                   zh: str, en: str) -> None:
    monkeypatch.chdir(files)
    assert main(argv) == 2
    out = capsys.readouterr()
    assert code in out.err
    assert zh in out.err
    assert "Traceback" not in out.err
    assert out.out == ""
    assert main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert code in err
    assert en in err
    assert zh not in err


def test_cli_bad_scheme_shows_file_line_and_caret(files: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(files)
    assert main(["check", "bad.jx", "--lang", "en"]) == 2
    err = capsys.readouterr().err.splitlines()
    text = (files / "bad.jx").read_text(encoding="utf-8")
    assert err[0] == f"bad.jx:6:{column(text, 6, 'actul')}: error JX202: unknown name actul"
    assert err[2].endswith("^^^^^")
    assert err[3] == "  hint: did you mean: actual"


def test_cli_process_exits_2_without_traceback(files: Path) -> None:
    """The real process: exit status and stderr, for a bad record and a missing file."""
    for argv in (["score", "bad-data.toml"], ["score", "missing.toml", "--lang", "en"]):
        done = subprocess.run([sys.executable, "-m", "jixiao.cli", *argv], cwd=files,
                              capture_output=True, text=True, encoding="utf-8", check=False,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert re.search(r"JX\d{3}", done.stderr)


def test_cli_a_budget_line_of_zero_is_not_a_crash(files: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A sub-project with central funds only: its local line has no rate, which is no error.
    (Regression: the evaluator's own JX401 used to crash with KeyError('formula'), so every
    record with a zero budget line died with a traceback.)"""
    write(files / "p.toml", 'scheme = "test.jx"\n\n' + DATA_TOML + """
[[projects]]
name = "中央资金项目"
budget = { central = 100 }
executed = { central = 100 }
status = "completed"
""")
    assert main(["score", str(files / "p.toml")]) == 0


# ---------------------------------------------------------------------------------- the meta-test


def test_every_code_has_a_test_and_a_documented_section() -> None:
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = re.findall(r"^## (JX\d{3})\b", doc, re.MULTILINE)
    catalogue = set(CATALOGUE)
    assert sorted(catalogue - set(documented)) == [], "codes without a section in docs/errors.md"
    assert sorted(set(documented) - catalogue) == [], "docs/errors.md documents unknown codes"
    assert len(documented) == len(set(documented)), "a code documented twice"
    assert documented == sorted(documented), "docs/errors.md is not in code order"
    assert sorted(catalogue - {c.code for c in CASES}) == [], "codes without a case here"
    assert len({c.id for c in CASES}) == len(CASES)
