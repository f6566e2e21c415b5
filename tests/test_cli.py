"""The command line's conventions: --version, python -m jixiao, bundled schemes by name, standard
input, the output format from -o's extension, warnings on stderr, --quiet, colour only for a
terminal without NO_COLOR, and argparse's refusals as jixiao diagnostics in the user's language."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, SEED_DATA

import jixiao
from jixiao.cli import _Parser, _usage_diagnostic, lang_of, main
from jixiao.render.formats import FORMATS, OutputFormat, format_for_path, register

# A record of the regional scheme with one warning: a shortfall without a reason (JX501).
WARNED = """\
scheme = "transfer_regional.jx"
[budget]
total = 100
executed = 100
[[indicators]]
section = "产出指标"
name = "监测点位"
target = "≥26"
actual = "13"
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    path = tmp_path / "warned.toml"
    path.write_text(WARNED, encoding="utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"], capsys) == (0, f"jixiao {jixiao.__version__}\n", "")


def test_python_dash_m_is_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "jixiao", "--version"], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, f"jixiao {jixiao.__version__}")
    done = subprocess.run([sys.executable, "-m", "jixiao", "scor"], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    assert done.returncode == 2
    assert "JX011" in done.stderr
    assert "Traceback" not in done.stderr


def test_schemes_lists_the_bundled_library(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["schemes"], capsys)
    assert status == 0
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert set(rows) == {s.name for s in jixiao.bundled_schemes()} >= {
        "soil_pollution", "transfer_regional"}
    assert "土壤污染防治资金" in rows["soil_pollution"]
    assert "2025" in rows["soil_pollution"]


def test_scheme_by_name_overrides_the_data(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["score", str(SEED_DATA), "--scheme", "transfer_regional",
                          "--format", "json"], capsys)
    assert status == 0
    got = json.loads(out)
    expected = jixiao.score(SEED_DATA, jixiao.load_scheme("transfer_regional"))
    assert got["scheme"]["name"] == "转移支付区域绩效自评" == expected.scheme_name
    assert got["total"] == str(expected.total)


def test_check_takes_a_bundled_name(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["check", "soil_pollution", "--lang", "en"], capsys)
    assert status == 0
    assert "土壤污染防治资金 2025 ✓" in out
    assert "sections" in out


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_standard_input_is_sniffed(fmt: str, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    seed = tomllib.loads(SEED_DATA.read_text(encoding="utf-8"))
    text = SEED_DATA.read_text(encoding="utf-8") if fmt == "toml" else json.dumps(seed)
    stdin(monkeypatch, text.encode("utf-8"))
    status, out, _ = run(["score", "-", "--format", "json"], capsys)
    assert status == 0
    assert json.loads(out)["total"] == "92.71"


def test_input_format_is_obeyed(monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    stdin(monkeypatch, SEED_DATA.read_bytes())
    status, _, err = run(["score", "-", "--input-format", "json"], capsys)
    assert status == 2
    assert "<stdin>:1:1: 错误 JX301" in err


def test_input_format_reads_a_file_of_any_name(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "seed.txt"
    data.write_text(SEED_DATA.read_text(encoding="utf-8").replace(
        'scheme = "soil_pollution.jx"', 'scheme = "soil_pollution"'), encoding="utf-8")
    assert run(["score", str(data), "--format", "json"], capsys)[0] == 2  # JX004: .txt
    status, out, _ = run(["score", str(data), "--input-format", "toml", "--format", "json"],
                         capsys)
    assert status == 0
    assert json.loads(out)["grade"] == "优"


def test_standard_input_errors_name_stdin(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    stdin(monkeypatch, "总分 = 1".encode("gb18030"))
    status, _, err = run(["score", "-", "--lang", "en"], capsys)
    assert status == 2
    assert err.startswith("<stdin>:1: error JX002")


@pytest.mark.parametrize(("name", "fmt"), [
    ("out.json", "json"), ("out.TOML", "toml"), ("out.txt", "text")])
def test_output_format_from_the_extension(name: str, fmt: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / name
    assert run(["score", str(SEED_DATA), "-o", str(target)], capsys) == (0, "", "")
    written = target.read_text(encoding="utf-8")
    assert written == FORMATS[fmt].render(jixiao.score(SEED_DATA), "zh")
    assert "92.71" in written


def test_format_wins_over_the_extension(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.txt"
    assert run(["score", str(SEED_DATA), "--format", "json", "-o", str(target)], capsys)[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["total"] == "92.71"


def test_an_unknown_extension_is_refused_before_scoring(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    target = tmp_path / "out.pdf"
    status, _, err = run(["score", "missing.toml", "-o", str(target), "--lang", "en"], capsys)
    assert status == 2
    assert "JX017" in err
    assert ".json, .markdown, .md, .toml, .txt, .xlsx" in err
    assert "JX001" not in err
    assert not target.exists()


def test_dash_o_dash_is_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["score", str(SEED_DATA), "-o", "-", "--format", "toml"], capsys)
    assert status == 0
    assert tomllib.loads(out)["grade"] == "优"


@pytest.mark.parametrize("argv", [
    ["report", str(SEED_DATA), "-o", "-"],
    ["report", str(SEED_DATA), "--format", "html", "-o", "-"],
    ["import", str(ROOT / "tests" / "fixtures" / "real" / "t01_national_project.xlsx"),
     "-o", "-"],
    ["doc", "soil_pollution", "-o", "-"],
])
def test_dash_o_dash_is_standard_output_for_every_command(
        argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``-o -`` wrote a file named ``-`` for report, import and doc (score and audit already
    took it as standard output); now every command does, and no such file appears."""
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 0
    assert capsys.readouterr().out.strip()
    assert not (tmp_path / "-").exists()


def test_a_binary_format_to_dash_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEED_DATA), "--format", "xlsx", "-o", "-"]) == 2
    assert "JX381" in capsys.readouterr().err


def test_an_unwritable_output_is_a_diagnostic(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["score", str(SEED_DATA), "-o", str(tmp_path / "no" / "x.json")],
                         capsys)
    assert status == 2
    assert "JX020" in err


def test_a_registered_format_is_chosen_by_its_extension(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    """Renderers added later (Markdown, spreadsheets) are one entry in the table."""
    saved = dict(FORMATS)
    try:
        register(OutputFormat("total", (".total",), lambda r, lang: f"{r.total}".encode()))
        assert format_for_path("x.TOTAL") is FORMATS["total"]
        target = tmp_path / "x.total"
        assert run(["score", str(SEED_DATA), "-o", str(target)], capsys)[0] == 0
        assert target.read_bytes() == b"92.71"
    finally:
        FORMATS.clear()
        FORMATS.update(saved)


def test_warnings_reach_stderr_when_writing_a_file(warned: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    status, out, err = run(["score", str(warned), "-o", str(target)], capsys)
    assert (status, out) == (0, "")
    assert "警告 JX501" in err
    assert json.loads(target.read_text(encoding="utf-8"))["diagnostics"][0]["code"] == "JX501"


def test_the_text_table_on_stdout_carries_its_warnings_once(
        warned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["score", str(warned)], capsys)
    assert (status, err) == (0, "")
    assert out.count("JX501") == 1


@pytest.mark.parametrize("where", [["-q"], ["--quiet"], ["--quiet", "--format", "json"]])
def test_quiet_silences_warnings_not_errors(where: list[str], warned: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    assert run(["score", str(warned), "-o", str(target), *where], capsys) == (0, "", "")
    status, _, err = run(["score", str(tmp_path / "missing.toml"), *where], capsys)
    assert status == 2
    assert "JX001" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("tty", "no_color", "coloured"), [
    (True, None, True), (True, "1", False), (True, "", True), (False, None, False)])
def test_colour_only_for_a_terminal_without_no_color(
        tty: bool, no_color: str | None, coloured: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Terminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert main(["score", "missing.toml"]) == 2
    text = err.getvalue()
    assert "JX001" in text
    assert ("\x1b[" in text) == coloured


# -- usage errors: the same shape and language as every other diagnostic

USAGE = [
    (["scor", "x.toml"], "JX011", "jixiao: 错误 JX011: 未知的子命令 scor", "是否想写：score",
     "jixiao: error JX011: unknown command scor", "did you mean: score"),
    (["score", "x.toml", "--formt", "json"], "JX012", "jixiao score: 错误 JX012: 没有选项 --formt",
     "是否想写：--format", "jixiao score: error JX012: no option --formt",
     "did you mean: --format"),
    (["score"], "JX013", "jixiao score: 错误 JX013: 缺少参数 data", "用法：jixiao score",
     "jixiao score: error JX013: missing argument data", "usage: jixiao score"),
    (["score", "x.toml", "--format", "jsn"], "JX014", "选项 --format 的值 jsn 无效",
     "是否想写：json", "invalid value jsn for --format", "did you mean: json"),
    (["score", "x.toml", "--format"], "JX015", "选项 --format 需要一个值", "用法：",
     "--format needs a value", "usage:"),
    (["schemes", "extra"], "JX016", "多余的参数 extra", "用法：jixiao schemes",
     "unexpected argument extra", "usage: jixiao schemes"),
    (["score", "x.toml", "--quiet=yes"], "JX018", "选项 -q/--quiet 不接受值：yes", "去掉",
     "-q/--quiet takes no value: yes", "remove the ="),
    ([], "JX019", "jixiao: 错误 JX019: 没有给出子命令", "可用子命令：score, report, check, schemes",
     "jixiao: error JX019: no command given", "commands: score, report, check, schemes"),
    (["score", "x.toml", "--l", "en"], "JX012", "没有选项 --l", "是否想写：--lang",
     "no option --l", "did you mean: --lang"),  # never abbreviated
]


@pytest.mark.parametrize(("argv", "code", "zh", "zh_hint", "en", "en_hint"), USAGE,
                         ids=[f"{c[1]}-{'-'.join(c[0]) or 'none'}" for c in USAGE])
def test_usage_errors_are_diagnostics(argv: list[str], code: str, zh: str, zh_hint: str,
                                      en: str, en_hint: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(argv, capsys)
    assert (status, out) == (2, "")
    assert zh in err
    assert zh_hint in err
    assert code in err
    assert "usage: " not in err.splitlines()[0]
    assert "Traceback" not in err
    for lang_args in (["--lang", "en"], ["--lang=en"]):
        status, _, err = run([*argv, *lang_args], capsys)  # read even where parsing stops
        assert status == 2
        assert en in err, err
        assert en_hint in err, err


def test_lang_is_read_before_parsing() -> None:
    assert lang_of(["score", "--lang", "en"]) == "en"
    assert lang_of(["--lang=en", "x", "--lang", "zh"]) == "zh"
    assert lang_of(["--lang", "fr"]) == "zh"
    assert lang_of(["--lang"]) == "zh"


def test_a_refusal_of_unknown_shape_keeps_argparse_words() -> None:
    d = _usage_diagnostic(_Parser(prog="jixiao"), "something new went wrong")
    assert d.code == "JX010"
    assert d.message("en") == "usage error: something new went wrong"
    assert d.hint("zh") == "运行 jixiao --help 查看用法。"


def test_help_is_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["score", "--help"], capsys)
    assert status == 0
    assert "--input-format" in out


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """``jixiao check S | head -1``: the pipe closes before jixiao writes; it must end quietly."""
    proc = subprocess.Popen([sys.executable, "-m", "jixiao", "check", "soil_pollution"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line is written
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait() == 1
    assert "Traceback" not in err
    assert "BrokenPipeError" not in err


# -- the command registry: each command's module is imported only when it runs


def test_each_entry_names_and_helps_as_its_module() -> None:
    """``COMMANDS`` repeats each module's NAME and HELP so that ``--help`` imports none of
    them; the two must never drift apart."""
    import importlib

    from jixiao.commands import COMMANDS, Lazy

    assert len({c.NAME for c in COMMANDS}) == len(COMMANDS)
    for command in COMMANDS:
        module = command.load() if isinstance(command, Lazy) else command
        assert (command.NAME, command.HELP) == (module.NAME, module.HELP)
        assert callable(module.add_arguments)
        assert callable(module.run)
    modules = {p.stem for p in (ROOT / "jixiao" / "commands").glob("*.py")}
    registered = {c.module for c in COMMANDS if isinstance(c, Lazy)}
    assert modules - registered == {"__init__", "common"}, "a command module not in COMMANDS"
    assert importlib.import_module("jixiao.commands.common")


def test_top_help_lists_every_command_with_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    from jixiao.commands import COMMANDS

    status, out, _ = run(["--help"], capsys)
    assert status == 0
    flat = " ".join(out.split())
    for command in COMMANDS:
        assert command.NAME in out
        assert " ".join(command.HELP.split()) in flat


def test_score_imports_no_other_command() -> None:
    """Start-up is most of what ``jixiao score`` costs: the commands it does not run, the
    renderers of other formats and the process pool of ``batch`` are never imported."""
    code = ("import sys, io, contextlib\nfrom jixiao.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['score', {str(SEED_DATA)!r}]) == 0\n"
            "print('\\n'.join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    loaded = set(done.stdout.split())
    commands = {m for m in loaded if m.startswith("jixiao.commands.")}
    assert commands == {"jixiao.commands.score", "jixiao.commands.common"}
    unwanted = {"jixiao.batch", "jixiao.render.html", "jixiao.render.xlsx", "jixiao.audit",
                "jixiao.explain", "jixiao.schemetest", "concurrent.futures.process",
                "multiprocessing", "jixiao.xlsxread", "jixiao.portfolio",
                # file formats score's text table does not write
                "openpyxl", "docx", "PIL", "jixiao.render.docx",
                # explained scoring is the general evaluator's: no generated code
                "jixiao.engine.fast", "jixiao.engine.codegen"}
    assert loaded & unwanted == set()


def test_lazy_public_names_resolve() -> None:
    """``jixiao.score`` and the other public names load on first use and are the real ones."""
    from jixiao.api import score
    from jixiao.engine import Result

    assert jixiao.score is score
    assert jixiao.Result is Result
    assert set(jixiao.__all__) <= set(dir(jixiao))
    with pytest.raises(AttributeError):
        _ = jixiao.no_such_name


@pytest.mark.parametrize(("value", "zh", "en"), [
    ("abc", "值 abc 无效：须为介于 1 与 64 之间的整数", "invalid value abc for -j/--jobs"),
    ("0", "值 0 无效：须为介于 1 与 64 之间的整数", "a whole number from 1 to 64"),
    ("65", "值 65 无效", "a whole number from 1 to 64"),
    ("10000", "值 10000 无效", "invalid value 10000"),
    ("-3", "值 -3 无效", "invalid value -3"),
    ("1.5", "值 1.5 无效", "invalid value 1.5"),
])
def test_jobs_must_be_a_whole_number_from_1_to_64(value: str, zh: str, en: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """``--jobs`` refuses a word, 0, negatives and more processes than ever help (a typo of
    10000 must not start ten thousand) in the user's language (JX021), never with
    argparse's English inside a Chinese message."""
    status, _, err = run(["batch", "--scheme", "transfer_regional", "x.jsonl",
                          f"--jobs={value}"], capsys)
    assert status == 2
    assert "JX021" in err
    assert zh in err
    assert "invalid" not in err
    assert "argument" not in err
    status, _, err = run(["batch", "--scheme", "transfer_regional", "x.jsonl",
                          f"--jobs={value}", "--lang", "en"], capsys)
    assert "JX021" in err
    assert en in err


def test_no_refusal_of_any_command_keeps_argparse_english(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Every argparse refusal these command lines reach reads in Chinese: the whole class (a
    bad value of each option with a type, two exclusive options), not only ``--jobs``."""
    from jixiao.cli import VALUE_KINDS, _parser

    cases = [["score", "x.toml", "--percent-as-fraction", "--percent-as-written"]]
    _, parsers = _parser()
    for name, p in parsers.items():
        for action in p.arguments()._actions:
            kind = getattr(action.type, "__name__", "")
            if action.option_strings and kind in VALUE_KINDS:
                cases.append([name, action.option_strings[-1], "不是数"])
    assert any(c[0] == "batch" for c in cases)
    for argv in cases:
        status, _, err = run(argv, capsys)
        assert status == 2
        first = err.splitlines()[0]
        assert "JX010" not in first, first
        assert not any(w in first for w in ("argument", "invalid", "not allowed")), first
