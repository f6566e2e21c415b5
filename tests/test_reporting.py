"""How diagnostics are reported, beyond what one case of the corpus (tests/cases) shows:
several independent mistakes in one run and in order, one report per mistake, what the parser
expected in words, blocks left open, extends lookup, the caret under CJK text, and the command
line's exit status and streams. (Moved from the former tests/test_errors.py, whose catalogue of
one case per code is now tests/cases/errors.)"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, SCHEMES, indicator, project_data

import jixiao
from jixiao.cli import main
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.diagnostics import DataError, Diagnostic, JixiaoError, SchemeError
from jixiao.engine.limits import Limits

FILE = "test.jx"
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
def regional() -> CompiledScheme:
    return jixiao.load_scheme(SCHEMES / "transfer_regional.jx")


def raised(call: Callable[[], object], kind: type[JixiaoError], code: str) -> Diagnostic:
    """The first diagnostic with ``code`` of the ``kind`` error that ``call`` raises."""
    with pytest.raises(kind) as info:
        call()
    found = [d for d in info.value.diagnostics if d.code == code]
    assert found, f"{code} not among {info.value.codes}"
    return found[0]


def scheme_error(text: str, code: str) -> Diagnostic:
    return raised(lambda: jixiao.compile_scheme_text(text, FILE), SchemeError, code)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


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
    assert out[0] == "test.jx:12:17: error JX102: unexpected character “－”"
    assert out[1] == " 12 |   deviation = 1 － completion"
    assert out[2] == "    |                 ^^"


def test_data_errors_render_with_their_path() -> None:
    with pytest.raises(DataError) as info:
        jixiao.score(project_data(indicator(section="产出")), regional())
    assert jixiao.render_diagnostics(info.value.diagnostics, "en") == (
        "indicator 1 “指标”, section: error JX305: unknown section 产出\n"
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
