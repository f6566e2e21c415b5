"""Hostile and broken input: whatever arrives, jixiao answers with an error of its own or a
correct result — never a traceback, a hang or a silently wrong score.

``CASES`` is the catalogue (``docs/bad-input.md`` is generated from it): one row per kind of
bad input, each with the code jixiao gives (``None``: the input is accepted), where it points
(``(file name, line, column)`` of a scheme span, or the exact ``Diagnostic.where`` with
``{tmp}`` for the test's folder) and words its message or hint must name. Each row runs twice:
through the Python API (code, position, both languages' text) and through the command line
(exit status 2 for an error, 0 otherwise, never a traceback). A few inputs only misbehave in a
real process (an endless device, a pipe, a stream that cannot encode) and are run there.

Rows that fail because of a bug carry ``bug=…`` and are ``xfail(strict=True)`` in the tests the
bug breaks, so they start to pass — and must be unmarked — when the bug is fixed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import jixiao
from jixiao.cli import main
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.diagnostics import Diagnostic, Severity

MB = 1024 * 1024

# A small complete scheme (the same as test_errors.py's); scheme cases edit a line or two, so
# the line numbers here are the ones the cases expect.
BASE = (Path(__file__).resolve().parent / "samples" / "small.jx").read_text(encoding="utf-8")

# A record for the bundled transfer_regional.jx (10 + 50 + 30 + 10), every indicator met:
# it scores 100 优. Data cases edit it; line numbers as here.
DATA = (Path(__file__).resolve().parent / "samples" / "record.toml").read_text(encoding="utf-8")

# A record for BASE (kept next to it as scheme.jx): one 产出 indicator.
BASE_DATA = """\
scheme = "scheme.jx"

[budget]
total = 100
executed = 100

[[indicators]]
section = "产出指标"
category = "数量指标"
name = "监测点位"
target = "≥26"
actual = "26"
"""

PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}")
CJK = re.compile(r"[\u3400-\u9fff]")


def edit(text: str, *edits: tuple[str, str]) -> str:
    """``text`` with each ``(old, new)`` replaced; ``old`` must occur exactly once."""
    for old, new in edits:
        assert text.count(old) == 1, f"{old[:40]!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def column(text: str, line: int, needle: str) -> int:
    """The 1-based column of ``needle`` on ``line`` of ``text``."""
    found = text.split("\n")[line - 1].find(needle)
    assert found >= 0, f"{needle!r} not on line {line}"
    return found + 1


def as_json(text: str, *edits: tuple[str, str]) -> str:
    """A TOML record as JSON (one key per line), then edited."""
    return edit(json.dumps(tomllib.loads(text), ensure_ascii=False, indent=1), *edits)


def with_indicator(text: str, **fields: Any) -> str:
    """``text`` with one more ``[[indicators]]`` table."""
    lines = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()]
    return text + "\n[[indicators]]\n" + "\n".join(lines) + "\n"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


# ------------------------------------------------------------------------------ the catalogue


@dataclass(frozen=True)
class Call:
    """What a case runs: the API call, and the same through the command line (``None``: the
    command line cannot express it, e.g. a ``Limits`` argument)."""

    api: Callable[[], object]
    argv: list[str] | None


Setup = Callable[[Path], Call]


@dataclass(frozen=True)
class Case:
    id: str
    example: str  # the input in a few words, as the docs table shows it
    setup: Setup  # writes the files into the test's folder
    code: str | None  # the error or warning; None: accepted. "A|B": either
    at: tuple[str, int, int] | str | None = None  # (file, line, col) of the span, or where
    mentions: tuple[str, ...] = ()  # named in the message or hint, in both languages
    accept: Callable[[Any], None] | None = None  # checks the result of an accepted input
    bug: str = ""  # why the case fails today
    bug_in: tuple[str, ...] = ("api", "cli")  # the tests the bug breaks

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.code.split("|")) if self.code else ()

    @property
    def is_error(self) -> bool:
        return self.code is not None and not self.code.startswith("JX5")


BIG_SCHEMES = jixiao.Limits(scheme_bytes=2 * 1024 * 1024)


def scheme(content: str | bytes, *, limits: jixiao.Limits | None = None,
           name: str = "scheme.jx") -> Setup:
    """A scheme file, loaded and checked."""
    def setup(tmp: Path) -> Call:
        path = write(tmp / name, content)
        if limits is not None:
            return Call(lambda: jixiao.load_scheme(path, limits=limits), None)
        return Call(lambda: jixiao.load_scheme(path), ["check", str(path)])
    return setup


def scheme_files(files: dict[str, str], main_file: str) -> Setup:
    """Several scheme files (for ``extends``); ``main_file`` is checked."""
    def setup(tmp: Path) -> Call:
        for name, text in files.items():
            write(tmp / name, text)
        path = tmp / main_file
        return Call(lambda: jixiao.load_scheme(path), ["check", str(path)])
    return setup


def data(content: str | bytes, *, name: str = "data.toml", limits: jixiao.Limits | None = None,
         scheme_text: str | None = None) -> Setup:
    """A data file, scored (with the scheme it names; ``scheme_text`` is kept next to it as
    scheme.jx)."""
    def setup(tmp: Path) -> Call:
        path = write(tmp / name, content)
        if scheme_text is not None:
            write(tmp / "scheme.jx", scheme_text)
        if limits is not None:
            return Call(lambda: jixiao.score(path, limits=limits), None)
        return Call(lambda: jixiao.score(path),
                    ["score", str(path), "--format", "json", "-o", str(tmp / "out.json")])
    return setup


def total_is(expected: str) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        assert isinstance(result, jixiao.Result)
        assert result.total == Decimal(expected)
    return check


def compiles(result: Any) -> None:
    assert isinstance(result, CompiledScheme)
    assert result.scheme.name == "测试方案"
    assert len(result.scheme.sections) == 2


def deep_chain(depth: int) -> dict[str, str]:
    """c1.jx extends base.jx, c2.jx extends c1.jx, … c{depth}.jx."""
    files = {"base.jx": BASE}
    for i in range(1, depth + 1):
        parent = f"c{i - 1}.jx" if i > 1 else "base.jx"
        files[f"c{i}.jx"] = f'scheme 子方案{i} extends "{parent}" {{\n}}\n'
    return files


def extends(ref: str) -> str:
    return f'scheme 子方案 extends "{ref}" {{\n}}\n'


def outside_extends(kind: str) -> Setup:
    """A scheme in sub/ whose extends leaves the folder: ``..``, an absolute path, a symlink."""
    def setup(tmp: Path) -> Call:
        outside = write(tmp / "outside.jx", BASE)
        ref = {"dotdot": "../outside.jx", "absolute": str(outside), "symlink": "link.jx"}[kind]
        if kind == "symlink":
            (tmp / "sub").mkdir()
            os.symlink(outside, tmp / "sub" / "link.jx")
        path = write(tmp / "sub" / "child.jx", extends(ref))
        return Call(lambda: jixiao.load_scheme(path), ["check", str(path)])
    return setup


def six_megabytes(tmp: Path) -> Call:
    """A real 6 MB data file (a long comment), over the default 5 MiB limit."""
    path = tmp / "data.toml"
    with path.open("w", encoding="utf-8") as f:
        f.write(DATA)
        f.write(("# " + "x" * 1022 + "\n") * (6 * 1024))
    return Call(lambda: jixiao.score(path), ["score", str(path)])


def missing(tmp: Path) -> Call:
    path = tmp / "nope.toml"
    return Call(lambda: jixiao.score(path), ["score", str(path)])


def folder(tmp: Path) -> Call:
    path = tmp / "data.toml"
    path.mkdir()
    return Call(lambda: jixiao.score(path), ["score", str(path)])


def scheme_outside_data(tmp: Path) -> Call:
    """A data file naming a "scheme" that is some other file outside every scheme folder."""
    write(tmp / "private" / "secret.txt", 'password = "hunter2"\n')
    path = write(tmp / "inbox" / "data.toml",
                 edit(DATA, ('"transfer_regional.jx"', '"../private/secret.txt"')))
    return Call(lambda: jixiao.score(path), ["score", str(path)])


def keeps_secret(error: Any) -> None:
    """The file that is not a scheme is neither read nor quoted."""
    assert isinstance(error, jixiao.JixiaoError)
    for lang in ("zh", "en"):
        assert "hunter2" not in jixiao.render_diagnostics(error.diagnostics, lang)


def more_output(text: str, n: int) -> str:
    """``text`` with ``n`` more 产出指标 indicators, met, without weight."""
    for i in range(n):
        text = with_indicator(text, section="产出指标", name=f"产出{i + 2}", target="≥1",
                              actual="1")
    return text


def score_within_weight(result: Any) -> None:
    assert isinstance(result, jixiao.Result)
    for ind in result.indicators:
        assert 0 <= ind.score <= ind.weight, f"{ind.name}: {ind.score} of {ind.weight}"


# Scheme edits used below.
NINETY = edit(BASE, ("weight 90", "weight ninety"))  # JX101 on line 5
ACTUL = edit(BASE, ("else actual / target", "else actul / target"))  # JX202 on line 6
UNCLOSED = BASE.removesuffix("}\n")
UNGUARDED = edit(BASE, ("if actual >= target then 1 else actual / target",
                        "min(actual / target, 1)"))
DEEP = edit(BASE, ("completion = ratio", "completion = " + "min(" * 101 + "ratio" + ", 1)" * 101))
GARBAGE_LINE = "x" * MB + "\n"
HUGE_WEIGHT = edit(BASE, ("weight 90", "weight " + "9" * 1_000_001))

CASES: list[Case] = [
    # -- empty files, byte order mark, line ends, white space
    Case("scheme-empty", "an empty .jx file", scheme(""), "JX005", ("scheme.jx", 1, 1)),
    Case("scheme-whitespace", "only spaces, tabs, U+3000 and newlines",
         scheme(" \n\t\n\u3000\n"), "JX005", ("scheme.jx", 1, 1)),
    Case("data-empty", "an empty .toml file", data(""), "JX005", "{tmp}/data.toml"),
    Case("data-whitespace", "a .json file of blanks and newlines", data(" \n\t \n",
                                                                      name="data.json"),
         "JX005", "{tmp}/data.json"),
    Case("scheme-bom", "UTF-8 with a byte order mark", scheme("\ufeff" + BASE), None,
         accept=compiles),
    Case("scheme-bom-error", "BOM, then version 2025 without quotes on line 1",
         scheme("\ufeff" + edit(BASE, ('"2025"', "2025"))), "JX101",
         ("scheme.jx", 1, column(BASE, 1, '"2025"')), ("2025",)),
    Case("data-bom", "a data file with a byte order mark", data("\ufeff" + DATA), None,
         accept=total_is("100")),
    Case("scheme-crlf", "Windows line ends (CR LF)", scheme(BASE.replace("\n", "\r\n")), None,
         accept=compiles),
    Case("scheme-crlf-error", "CR LF, weight ninety on line 5",
         scheme(NINETY.replace("\n", "\r\n")), "JX101",
         ("scheme.jx", 5, column(NINETY, 5, "ninety")), ("ninety",)),
    Case("scheme-cr-error", "old Mac line ends (lone CR), weight ninety on line 5",
         scheme(NINETY.replace("\n", "\r")), "JX101",
         ("scheme.jx", 5, column(NINETY, 5, "ninety")), ("ninety",)),
    Case("scheme-crlf-name", "CR LF, unknown name actul on line 6",
         scheme(ACTUL.replace("\n", "\r\n")), "JX202",
         ("scheme.jx", 6, column(ACTUL, 6, "actul")), ("actul", "actual")),
    Case("data-crlf", "a data file with CR LF", data(DATA.replace("\n", "\r\n")), None,
         accept=total_is("100")),
    Case("data-cr-error", "lone CR line ends, executed = = 100 on line 9",
         data(edit(DATA, ("executed = 100", "executed = = 100")).replace("\n", "\r")),
         "JX301", "{tmp}/data.toml:9"),
    Case("scheme-tabs", "tabs for indentation", scheme(BASE.replace("  ", "\t")), None,
         accept=compiles),
    Case("scheme-ideographic-space", "full-width spaces U+3000 for indentation and between words",
         scheme(BASE.replace("  ", "\u3000").replace("weight 90", "weight\u300090")), None,
         accept=compiles),
    # -- full-width symbols, encodings
    Case("scheme-fullwidth-paren", "min（completion, 1) typed with a Chinese input method",
         scheme(edit(BASE, ("min(completion", "min（completion"))), "JX102",
         ("scheme.jx", 13, column(BASE, 13, "(completion")), ("（", "(")),
    Case("scheme-fullwidth-equals", "deviation ＝ 1 - completion",
         scheme(edit(BASE, ("deviation = 1", "deviation ＝ 1"))), "JX102",
         ("scheme.jx", 12, column(BASE, 12, "= 1")), ("＝", "=")),
    Case("scheme-nul", "a NUL byte in a line", scheme(edit(BASE, ("half_up", "half_up\x00"))),
         "JX102", ("scheme.jx", 2, column(BASE, 2, "half_up") + 7), ("\\x00",)),
    Case("data-gbk", "a data file saved as GBK (Excel, WPS)", data(DATA.encode("gbk")),
         "JX002", "{tmp}/data.toml:4", ("GB18030", "iconv")),
    Case("scheme-gb18030", "a scheme saved as GB18030", scheme(BASE.encode("gb18030")),
         "JX002", "{tmp}/scheme.jx:1", ("GB18030", "iconv")),
    Case("data-invalid-utf8", "bytes \\xff\\xfe\\x80 in a string on line 4",
         data(DATA.encode().replace("测试项目".encode(), b"\xff\xfe\x80")),
         "JX002", "{tmp}/data.toml:4", ("UTF-8",)),
    Case("data-utf16", "a data file saved as UTF-16 (with BOM)", data(DATA.encode("utf-16")),
         "JX002", "{tmp}/data.toml:1", ("UTF-16", "iconv -f UTF-16")),
    # -- scheme syntax
    Case("scheme-unterminated-string", 'version "2025 {', scheme(edit(BASE, ('"2025"', '"2025'))),
         "JX103", ("scheme.jx", 1, column(BASE, 1, '"2025"')), ('"',)),
    Case("scheme-unclosed-block", "the closing } of the scheme forgotten", scheme(UNCLOSED),
         "JX103", ("scheme.jx", 17, len(UNCLOSED.split("\n")[16]) + 1), ("}",)),
    Case("scheme-unknown-keyword", "sectoin 产出指标 weight 90 { … }",
         scheme(edit(BASE, ("  section 产出", "  sectoin 产出"))), "JX101",
         ("scheme.jx", 5, column(BASE, 5, "产出指标")), ("section",)),
    Case("scheme-unknown-name", "else actul / target", scheme(ACTUL), "JX202",
         ("scheme.jx", 6, column(ACTUL, 6, "actul")), ("actul", "actual")),
    Case("scheme-unknown-function", "round(weight * mini(completion, 1), 2)",
         scheme(edit(BASE, ("min(completion", "mini(completion"))), "JX203",
         ("scheme.jx", 13, column(BASE, 13, "min(completion")), ("mini", "min")),
    # -- scheme checks
    Case("scheme-duplicate-section", "section 产出指标 twice",
         scheme(edit(BASE, ("  kind 正向", "  section 产出指标 weight 90 { }\n  kind 正向"))),
         "JX201", ("scheme.jx", 6, 3), ("产出指标", "5:3")),
    Case("scheme-duplicate-kind", "kind 正向 twice",
         scheme(edit(BASE, ("  deviation =", "  kind 正向 for = { completion = 1 }\n"
                                             "  deviation ="))),
         "JX201", ("scheme.jx", 12, 3), ("正向", "6:3")),
    Case("scheme-duplicate-level", "level 达成 twice in one kind",
         scheme(edit(BASE, ("    level 部分达成", "    level 达成 ratio 1\n    level 部分达成"))),
         "JX201", ("scheme.jx", 10, 5), ("达成", "9:5")),
    Case("scheme-duplicate-grade", "grade 优 twice",
         scheme(edit(BASE, ("grade 差 [0, 90)", "grade 优 [0, 90)"))),
         "JX201", ("scheme.jx", 17, 3), ("优", "16:3")),
    Case("scheme-weights-sum", "section weights 10 + 80 with grades up to 100",
         scheme(edit(BASE, ("weight 90", "weight 80"))), "JX211", ("scheme.jx", 16, 3),
         ("90", "100")),
    Case("scheme-grade-overlap", "grade 差 [0, 95) under 优 [90, 100]",
         scheme(edit(BASE, ("grade 差 [0, 90)", "grade 差 [0, 95)"))), "JX207",
         ("scheme.jx", 16, 3), ("优", "差")),
    Case("scheme-grade-gap", "grade 差 [0, 80) under 优 [90, 100]",
         scheme(edit(BASE, ("grade 差 [0, 90)", "grade 差 [0, 80)"))), "JX207",
         ("scheme.jx", 16, 3), ("优", "差")),
    Case("scheme-grade-top-off", "grade 优 [90, 99] with sections worth 100",
         scheme(edit(BASE, ("grade 优 [90, 100]", "grade 优 [90, 99]"))), "JX211",
         ("scheme.jx", 16, 3), ("99", "100")),
    Case("scheme-expression-deep", "min(min(min(… 101 levels …))) in one formula",
         scheme(DEEP), "JX218", ("scheme.jx", 8, column(DEEP, 8, "min(")), ("100",)),
    Case("scheme-1mb-comment", "a comment line of 1 MB (350 000 汉字), Limits(scheme_bytes=2 MB)",
         scheme("# " + "注" * (MB // 3) + "\n" + BASE, limits=BIG_SCHEMES), None,
         accept=compiles),
    Case("scheme-1mb-line", "one line of 1 MB of letters, Limits(scheme_bytes=2 MB)",
         scheme(GARBAGE_LINE, limits=BIG_SCHEMES), "JX101", ("scheme.jx", 1, 1), ("scheme",)),
    Case("scheme-1mb-number", "a section weight of 1 000 001 digits, Limits(scheme_bytes=2 MB)",
         scheme(HUGE_WEIGHT, limits=BIG_SCHEMES), "JX221", ("scheme.jx", 5, 23), ("1000001",)),
    Case("scheme-1mb-default", "a comment line of 1 MB under the default 128 KiB scheme limit",
         scheme("# " + "注" * (MB // 3) + "\n" + BASE), "JX006", "{tmp}/scheme.jx",
         ("131072",)),
    Case("scheme-too-large", "a 681-byte scheme, Limits(scheme_bytes=100)",
         scheme(BASE, limits=jixiao.Limits(scheme_bytes=100)), "JX006", "{tmp}/scheme.jx",
         ("100",)),
    # -- extends
    Case("extends-cycle", 'a.jx extends "b.jx", b.jx extends "a.jx"',
         scheme_files({"a.jx": extends("b.jx"), "b.jx": "# B\n" + extends("a.jx")}, "a.jx"),
         "JX213", ("b.jx", 2, 12), ("a.jx", "b.jx")),
    Case("extends-self", 'self.jx extends "self.jx"',
         scheme_files({"self.jx": extends("self.jx")}, "self.jx"), "JX213",
         ("self.jx", 1, 12), ("self.jx",)),
    Case("extends-too-deep", "a chain of 17 extends (limit 16)",
         scheme_files(deep_chain(17), "c17.jx"), "JX220", ("c1.jx", 1, 13), ("16", "c17.jx")),
    Case("extends-missing", 'extends "nope.jx"', scheme(extends("nope.jx")), "JX212",
         ("scheme.jx", 1, 12), ("nope.jx",)),
    Case("extends-dotdot", 'sub/child.jx: extends "../outside.jx"', outside_extends("dotdot"),
         "JX214", ("child.jx", 1, 12), ("../outside.jx",)),
    Case("extends-absolute", 'extends "/…/outside.jx"', outside_extends("absolute"),
         "JX214", ("child.jx", 1, 12), ("outside.jx",)),
    Case("extends-symlink", 'extends "link.jx", a symlink to ../outside.jx',
         outside_extends("symlink"), "JX214", ("child.jx", 1, 12), ("link.jx",)),
    # -- data files
    Case("data-missing-file", "nope.toml does not exist", missing, "JX001",
         "{tmp}/nope.toml", ("nope.toml",)),
    Case("data-folder", "data.toml is a folder", folder, "JX001", "{tmp}/data.toml",
         ("data.toml",)),
    Case("data-unknown-suffix", "data.xlsx", data(DATA, name="data.xlsx"), "JX004",
         "{tmp}/data.xlsx", (".xlsx",)),
    Case("data-too-large", "a 2 kB data file, Limits(file_bytes=1000)",
         data(DATA + "#" * 1500 + "\n", limits=jixiao.Limits(file_bytes=1000)), "JX006",
         "{tmp}/data.toml", ("1000",)),
    Case("data-6mb", "a real 6 MB data file (default limit 5 MiB)", six_megabytes, "JX006",
         "{tmp}/data.toml", ("5242880",)),
    Case("data-toml-syntax", "executed = = 100 on line 9",
         data(edit(DATA, ("executed = 100", "executed = = 100"))), "JX301",
         "{tmp}/data.toml:9"),
    Case("data-json-syntax", "a trailing comma on line 9 of a JSON file (seen at the } on 10)",
         data(as_json(DATA, ('"executed": 100\n', '"executed": 100,\n')), name="data.json"),
         "JX301", "{tmp}/data.json:10"),
    Case("data-top-level-list", "a JSON file [1, 2, 3]", data("[1, 2, 3]\n", name="data.json"),
         "JX303", "{tmp}/data.json", ("list",)),
    Case("data-deep-json", "[[[[…]]]] nested 100 000 deep",
         data("[" * 100_000 + "]" * 100_000, name="data.json"), "JX301", "{tmp}/data.json"),
    Case("data-no-scheme", "no scheme = … in the data", data(DATA.split("\n", 1)[1]), "JX003",
         "{tmp}/data.toml", ("scheme",)),
    Case("data-scheme-outside", 'scheme = "../private/secret.txt"', scheme_outside_data,
         "JX214", "{tmp}/inbox/data.toml: scheme", ("secret.txt",), accept=keeps_secret),
    # -- fields and types
    Case("data-missing-target", "an indicator without target",
         data(edit(DATA, ('target = "≥26"\n', ""))), "JX302", "indicators[0].target",
         ("target",)),
    Case("data-missing-indicators", "no [[indicators]] at all", data(DATA.split("\n[[")[0]),
         "JX302", "indicators", ("indicators",)),
    Case("data-unknown-field", "reasn = … (a typo of reason)",
         data(edit(DATA, ('actual = "26"', 'actual = "26"\nreasn = "x"'))), "JX317",
         "indicators[0].reasn", ("reasn", "reason")),
    Case("data-unknown-top-field", "[[indicator]] for [[indicators]]",
         data(DATA + '\n[[indicator]]\nname = "x"\n'), "JX317", "indicator",
         ("indicator", "indicators")),
    Case("data-list-for-number", "total = [100, 200]",
         data(edit(DATA, ("total = 100", "total = [100, 200]"))), "JX303", "budget.total",
         ("budget.total",)),
    Case("data-table-for-text", "name = { text = \"…\" }",
         data(edit(DATA, ('name = "土壤监测点位"', 'name = { text = "土壤监测点位" }'))),
         "JX303", "indicators[0].name", ("indicators[0].name",)),
    Case("data-bool-for-number", "executed = true",
         data(edit(DATA, ("executed = 100", "executed = true"))), "JX303", "budget.executed",
         ("True",)),
    Case("data-text-for-table", 'budget = "100万元"',
         data(edit(DATA, ("[budget]\ntotal = 100\nexecuted = 100\n", ""),
                   ("\n\n[subject]", '\nbudget = "100万元"\n\n[subject]'))),
         "JX303", "budget", ("100万元",)),
    # -- numbers
    Case("data-toml-nan", "total = nan (a TOML float)",
         data(edit(DATA, ("total = 100", "total = nan"))), "JX316", "budget.total", ("NaN",)),
    Case("data-toml-inf", "executed = inf", data(edit(DATA, ("executed = 100", "executed = inf"))),
         "JX316", "budget.executed", ("Infinity",)),
    Case("data-toml-1e999", "total = 1e999",
         data(edit(DATA, ("total = 100", "total = 1e999"))), "JX316", "budget.total",
         ("E+999",)),
    Case("data-toml-400-digits", "total = 999…9 (400 digits)",
         data(edit(DATA, ("total = 100", "total = " + "9" * 400))), "JX316", "budget.total",
         ("999",)),
    Case("data-toml-5000-digits", "total = 999…9 (5000 digits)",
         data(edit(DATA, ("total = 100", "total = " + "9" * 5000))), "JX316", "{tmp}/data.toml",
         ("digits",)),
    Case("data-json-nan", '"total": NaN', data(as_json(DATA, ('"total": 100', '"total": NaN')),
                                              name="data.json"),
         "JX301", "{tmp}/data.json", ("NaN",)),
    Case("data-json-infinity", '"executed": -Infinity',
         data(as_json(DATA, ('"executed": 100', '"executed": -Infinity')), name="data.json"),
         "JX301", "{tmp}/data.json", ("Infinity",)),
    Case("data-json-1e999", '"total": 1e999',
         data(as_json(DATA, ('"total": 100', '"total": 1e999')), name="data.json"),
         "JX316", "budget.total", ("E+999",)),
    Case("data-json-400-digits", '"total": 999…9 (400 digits)',
         data(as_json(DATA, ('"total": 100', '"total": ' + "9" * 400)), name="data.json"),
         "JX316", "budget.total", ("999",)),
    Case("data-target-nan-text", 'target = "NaN"',
         data(edit(DATA, ('target = "≥26"', 'target = "NaN"'))), "JX304",
         "indicators[0].target", ("NaN", "土壤监测点位")),
    Case("data-actual-infinity-text", 'actual = "Infinity"',
         data(edit(DATA, ('actual = "26"', 'actual = "Infinity"'))), "JX304",
         "indicators[0].actual", ("Infinity", "土壤监测点位")),
    Case("data-target-1e999-text", 'target = "≥1e999"',
         data(edit(DATA, ('target = "≥26"', 'target = "≥1e999"'))), "JX304",
         "indicators[0].target", ("1e999",)),
    Case("data-actual-400-digits-text", 'actual = "999…9" (400 digits)',
         data(edit(DATA, ('actual = "26"', 'actual = "' + "9" * 400 + '"'))), "JX304",
         "indicators[0].actual", ("999", "200")),
    Case("data-actual-40-digits-text", 'actual = "999…9" (40 digits)',
         data(edit(DATA, ('actual = "26"', 'actual = "' + "9" * 40 + '"'))), "JX304",
         "indicators[0].actual", ("30",)),
    Case("data-target-number-1e999", "target = 1e999 (a TOML number, not text)",
         data(edit(DATA, ('target = "≥26"', "target = 1e999"))), "JX304",
         "indicators[0].target", ("E+999",)),
    Case("data-1mb-target", "a target text of 1 MB",
         data(edit(DATA, ('target = "≥26"', 'target = "≥' + "2" * MB + '"'))), "JX304",
         "indicators[0].target", ("200",)),
    Case("data-1mb-string", "a subject name of 1 MB (one line)",
         data(edit(DATA, ('name = "测试项目"', 'name = "' + "项" * (MB // 3) + '"'))), None,
         accept=total_is("100")),
    Case("data-1mb-section", "a section name of 1 MB",
         data(edit(DATA, ('section = "产出指标"', 'section = "' + "产" * (MB // 3) + '"'))),
         "JX305", "indicators[0].section", ("产出指标",)),
    # -- targets, budgets, levels, units
    Case("data-target-zero", 'target = "≥0", actual = "0"',
         data(edit(DATA, ('target = "≥26"', 'target = "≥0"'), ('actual = "26"', 'actual = "0"'))),
         None, accept=total_is("100")),
    Case("data-target-negative", 'target = "≥-5"',
         data(edit(DATA, ('target = "≥26"', 'target = "≥-5"'))), "JX319",
         "indicators[0].target", ("≥-5", "土壤监测点位")),
    Case("data-range-negative", 'target = "[-10, -5]", actual = "3"',
         data(edit(DATA, ('target = "≥26"', 'target = "[-10, -5]"'), ('actual = "26"',
                                                                      'actual = "3"'))),
         None, accept=score_within_weight),
    Case("data-range-negative-zero", 'target = "[-10, -5]", actual = "0"',
         data(edit(DATA, ('target = "≥26"', 'target = "[-10, -5]"'), ('actual = "26"',
                                                                      'actual = "0"'))),
         None, accept=score_within_weight),
    Case("data-range-reversed", 'target = "[10, 5]"',
         data(edit(DATA, ('target = "≥26"', 'target = "[10, 5]"'))), "JX304",
         "indicators[0].target", ("[10, 5]",)),
    Case("data-negative-budget", "total = -100",
         data(edit(DATA, ("total = 100", "total = -100"))), "JX310", "budget.total",
         ("-100",)),
    Case("data-zero-budget", "total = 0, executed = 0",
         data(edit(DATA, ("total = 100", "total = 0"), ("executed = 100", "executed = 0"))),
         "JX402", ("transfer_regional.jx", 15, 32), ("budget.total",)),
    Case("data-executed-above-budget", "executed = 120 of total = 100",
         data(edit(DATA, ("executed = 100", "executed = 120"))), "JX506", "budget",
         ("120", "100")),
    Case("data-budget-parts", "central 60 + local 30 ≠ total 100",
         data(edit(DATA, ("executed = 100\n", "executed = 100\n"
                          "central = { total = 60, executed = 60 }\n"
                          "local = { total = 30, executed = 30 }\n"))),
         "JX503", "budget", ("90", "100")),
    Case("data-weights-sum", "产出指标 weights 20 + 20 of 50",
         data(with_indicator(edit(DATA, ('unit = "个"', 'unit = "个"\nweight = 20')),
                             section="产出指标", name="第二", target="≥1", actual="1",
                             weight=20)),
         "JX306", "indicators", ("40", "50", "产出指标")),
    Case("data-equal-split", "three 产出指标 indicators, no weights, all met (50 ÷ 3)",
         data(more_output(DATA, 2)), None, accept=total_is("100")),
    Case("data-equal-split-six", "six 产出指标 indicators, no weights, all met (50 ÷ 6)",
         data(more_output(DATA, 5)), None, accept=total_is("100")),
    Case("data-duplicate-indicator", "土壤监测点位 twice",
         data(with_indicator(DATA, section="产出指标", name="土壤监测点位", target="≥26",
                             actual="26")),
         "JX314", "indicators[3].name", ("土壤监测点位", "indicators[0]")),
    Case("data-unknown-section", 'section = "产出"',
         data(edit(DATA, ('section = "产出指标"', 'section = "产出"'))), "JX305",
         "indicators[0].section", ("产出", "产出指标")),
    Case("data-unknown-kind", 'kind = "正相"',
         data(edit(DATA, ('actual = "26"', 'actual = "26"\nkind = "正相"'))), "JX315",
         "indicators[0].kind", ("正相", "正向")),
    Case("data-unknown-level", 'actual = "差不多" for a 定性 target',
         data(edit(DATA, ('actual = "基本消除"', 'actual = "差不多"'))), "JX307",
         "indicators[1].actual", ("差不多", "部分达成预期指标")),
    Case("data-ratio-missing", 'actual = "部分达成" without ratio',
         data(edit(DATA, ('actual = "基本消除"', 'actual = "部分达成"'))), "JX308",
         "indicators[1].ratio", ("部分达成预期指标", "ratio")),
    Case("data-ratio-outside-band", 'actual = "部分达成", ratio = 0.9 (band [0.6, 0.8))',
         data(edit(DATA, ('actual = "基本消除"', 'actual = "部分达成"\nratio = 0.9'))), "JX309",
         "indicators[1].ratio", ("0.9", "[0.6, 0.8)")),
    Case("data-unit-mismatch", 'unit = "个", actual = "26万元"',
         data(edit(DATA, ('actual = "26"', 'actual = "26万元"'))), "JX502",
         "indicators[0].actual", ("万元", "个")),
    Case("data-unknown-status", 'a project with status = "done"',
         data(DATA + '\n[[projects]]\nname = "一期"\nstatus = "done"\n'), "JX313",
         "projects[0].status", ("done", "completed")),
    # -- evaluation and limits
    Case("scheme-division-by-zero", "completion = min(actual / target, 1) with target ≥0",
         data(edit(BASE_DATA, ('target = "≥26"', 'target = "≥0"'), ('actual = "26"',
                                                                   'actual = "0"')),
              scheme_text=UNGUARDED),
         "JX401", ("scheme.jx", 6, column(UNGUARDED, 6, "actual / target")),
         ("actual / target",)),
    Case("data-too-many-indicators", "4 indicators, Limits(indicators=3)",
         data(with_indicator(DATA, section="产出指标", name="第二", target="≥1", actual="1"),
              limits=jixiao.Limits(indicators=3)),
         "JX318", "indicators", ("4", "3")),
]


def params(test: str) -> list[Any]:
    """The cases as pytest params, each bug an ``xfail(strict=True)`` in the tests it breaks."""
    out = []
    for case in CASES:
        marks = ([pytest.mark.xfail(strict=True, reason=case.bug)]
                 if case.bug and test in case.bug_in else [])
        out.append(pytest.param(case, id=case.id, marks=marks))
    return out


def observe(case: Case, tmp: Path) -> tuple[Diagnostic | None, object]:
    """Run ``case`` through the API: the diagnostic with its code (None when accepted), and the
    result or the error."""
    call = case.setup(tmp)
    error: jixiao.JixiaoError | None = None
    try:
        result = call.api()
    except jixiao.JixiaoError as exc:
        error = exc
    if error is not None:
        assert case.is_error, f"{case.id}: expected {case.code or 'acceptance'}, got {error}"
        found = [d for d in error.diagnostics if d.code in case.codes]
        assert found, f"{case.code} not among {error.codes}: {error}"
        return found[0], error
    assert not case.is_error, f"{case.id}: accepted, expected {case.code}"
    if case.code is None:
        return None, result
    assert isinstance(result, jixiao.Result)
    found = [d for d in result.diagnostics if d.code == case.code]
    assert found, f"{case.code} not among {[d.code for d in result.diagnostics]}"
    return found[0], result


# ------------------------------------------------------------------------------------ tests


def test_catalogue_is_large_and_well_formed() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    assert len(CASES) >= 40
    for case in CASES:
        if case.code is not None and not case.bug:
            assert case.at is not None, f"{case.id}: where does it point?"
        if case.code is None:
            assert case.accept is not None, f"{case.id}: what makes the result correct?"


@pytest.mark.parametrize("case", params("api"))
def test_bad_input(case: Case, tmp_path: Path) -> None:
    """The code, where it points, and a message and hint a user can act on, in both languages."""
    diagnostic, result = observe(case, tmp_path)
    if diagnostic is None:
        assert case.accept is not None
        case.accept(result)
        return
    if case.accept is not None:
        case.accept(result)
    d = diagnostic
    assert d.severity is (Severity.ERROR if case.is_error else Severity.WARNING)
    if isinstance(case.at, tuple):
        name, line, col = case.at
        assert d.span is not None, f"no span; where={d.where!r}"
        assert (Path(d.span.file).name, d.span.line, d.span.column) == (name, line, col)
    elif isinstance(case.at, str):
        assert d.where == case.at.replace("{tmp}", str(tmp_path))
    for lang in ("zh", "en"):
        message, hint = d.message(lang), d.hint(lang)
        text = message + "\n" + hint
        assert message.strip(), f"empty {lang} message"
        assert not PLACEHOLDER.search(text), f"unfilled field in {text!r}"
        assert len(text) <= 4000, f"{lang} message and hint are {len(text)} characters"
        for word in case.mentions:
            assert word in text, f"{word!r} not named in the {lang} text: {text!r}"
        rendered = jixiao.render_diagnostics([d], lang)
        assert d.code in rendered
        assert message in rendered
        assert "Traceback" not in rendered
    assert CJK.search(d.message("zh")), "the Chinese message has no Chinese"


@pytest.mark.parametrize("case", params("cli"))
def test_command_line(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``jixiao`` exits 2 on every error and 0 otherwise, and never shows a traceback."""
    call = case.setup(tmp_path)
    if call.argv is None:
        pytest.skip("the command line has no Limits option; the default-limit cases cover it")
    status = main(call.argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if case.is_error:
        assert status == 2
        assert any(code in err for code in case.codes), err[:500]
    else:
        assert status == 0, err[:500]
        if case.code is not None:
            assert case.code in err


# ------------------------------------------------------------------ in a real process only


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def run_jixiao(argv: Sequence[str], cwd: Path, timeout: float
               ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao.cli", *argv], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=timeout, preexec_fn=_limit_memory, check=False)


def _device(tmp: Path) -> list[str]:
    return ["check", "/dev/zero"]


def _fifo(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "data.toml")
    return ["score", str(tmp / "data.toml")]


def _surrogate(tmp: Path) -> list[str]:
    write(tmp / "data.json", as_json(DATA, ('"name": "测试项目"', '"name": "测试\\ud800项目"')))
    return ["score", str(tmp / "data.json")]


@pytest.mark.skipif(sys.platform != "linux", reason="devices, pipes and rlimits as on Linux")
@pytest.mark.parametrize(("make", "timeout"), [
    pytest.param(_device, 20, id="scheme-dev-zero"),
    pytest.param(_fifo, 3, id="data-fifo"),
    pytest.param(_surrogate, 20, id="data-lone-surrogate"),
])
def test_in_a_process(make: Callable[[Path], list[str]], timeout: float,
                      tmp_path: Path) -> None:
    """Inputs that only misbehave with a real file system and a real output stream: jixiao
    answers in time (exit 0 or 2) and without a traceback."""
    argv = make(tmp_path)
    done = run_jixiao(argv, tmp_path, timeout)  # TimeoutExpired: a hang
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 2), done.stderr[-2000:]
