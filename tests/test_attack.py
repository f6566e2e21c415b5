"""What an attacker tried (issue 7), class by class, beyond what the case corpus can express:
an interrupted run (a signal to a live process), outputs that are devices, pipes and links,
and the Python API given objects of the wrong kind. Each class has its example and siblings;
the command-line cases of the same classes are in ``tests/cases/bad-input/13-…``."""

from __future__ import annotations

import os
import pickle
import signal
import stat
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_DATA

import jixiao
from jixiao.cli import main
from jixiao.engine.diagnostics import ArgumentError, JixiaoError

ROOT = Path(__file__).resolve().parents[1]
RECORD = (ROOT / "tests" / "samples" / "record.toml").read_text(encoding="utf-8")


def _jixiao(*args: str, cwd: Path, stdin: Any = subprocess.DEVNULL
            ) -> subprocess.Popen[bytes]:
    """``python -m jixiao`` in its own process group with SIGINT at its default (a test runner
    or a non-interactive shell may start children with it ignored)."""
    def child() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    return subprocess.Popen([sys.executable, "-m", "jixiao", *args], cwd=cwd, stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, preexec_fn=child)


def _interrupt(p: subprocess.Popen[bytes], after: float = 3.0) -> tuple[int, str]:
    """Ctrl-C as a terminal sends it: SIGINT to the whole process group."""
    time.sleep(after)
    os.killpg(p.pid, signal.SIGINT)
    try:
        _, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        pytest.fail("the interrupted run did not stop")
    return p.returncode, err.decode("utf-8", "replace")


# -- Ctrl-C: one line (JX026) and status 130, never a KeyboardInterrupt traceback

@pytest.mark.parametrize("args", [
    pytest.param(("score", "-"), id="score-stdin"),
    pytest.param(("--lang", "en", "score", "-", "--format", "json"), id="score-en"),
    pytest.param(("batch", "--scheme", "transfer_regional", "-", "-j", "2", "-o", "out.jsonl"),
                 id="batch-workers"),
])
def test_ctrl_c_is_one_line(args: tuple[str, ...], tmp_path: Path) -> None:
    (tmp_path / "out.jsonl").write_text("the previous output\n", encoding="utf-8")
    r, w = os.pipe()
    p = _jixiao(*args, cwd=tmp_path, stdin=r)
    os.close(r)
    if "batch" in args:  # more than one chunk, so that the workers are busy or waiting
        line = '{"scheme": "transfer_regional.jx"}\n'
        os.write(w, (line * 200).encode())
    try:
        status, err = _interrupt(p)
    finally:
        os.close(w)
    assert status == 130, err
    assert "JX026" in err
    assert "Traceback" not in err, err
    assert "KeyboardInterrupt" not in err, err
    assert err.count("JX026") == 1, err  # the workers say nothing of their own
    # the output named by -o is left as it was, and no temporary file is left beside it
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == "the previous output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


# -- -o naming a link, a pipe or a device: written through, never renamed over

def _score_to(out: Path, tmp: Path) -> list[Any]:
    (tmp / "data.toml").write_text(RECORD, encoding="utf-8")
    return [main(["score", str(tmp / "data.toml"), "--format", "json", "-o", str(out)])]


def test_output_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(real.name)
    assert _score_to(link, tmp_path) == [0]
    assert link.is_symlink()
    assert os.readlink(link) == "real.json"
    assert '"total"' in real.read_text(encoding="utf-8")


def test_output_fifo_is_written_into(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert _score_to(fifo, tmp_path) == [0]
    reader.join(30)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the pipe, not a file renamed over it
    assert b'"total"' in got[0]


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                    reason="making a device node needs root")
@pytest.mark.parametrize(("minor", "status", "code"), [
    pytest.param(3, 0, None, id="null"),      # like -o /dev/null
    pytest.param(7, 2, "JX020", id="full"),   # like -o /dev/full: the write fails, said so
])
def test_output_device_is_written_into(minor: int, status: int, code: str | None,
                                       tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    dev = tmp_path / "dev.json"
    os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    assert _score_to(dev, tmp_path) == [status]
    assert stat.S_ISCHR(dev.lstat().st_mode)  # the device is still there, not replaced
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code:
        assert code in err


# -- the Python API given objects of the wrong kind: JX028 (an InputError and a TypeError)

_SCHEME = "transfer_regional"


def _data() -> Any:
    return jixiao.data_from_mapping({"budget": {"total": 1, "executed": 1}, "indicators": [
        {"section": "产出指标", "category": "数量指标", "name": "x", "target": "≥1",
         "actual": "1"}]})


@pytest.mark.parametrize("call", [
    pytest.param(lambda: jixiao.load_scheme(None), id="load_scheme-None"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.load_scheme(5), id="load_scheme-int"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.load_scheme(b"x.jx"), id="load_scheme-bytes"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.load_scheme(_SCHEME, limits=None), id="load_scheme-limits"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.load_data(None), id="load_data-None"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.load_data({"a": 1}), id="load_data-dict"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.evaluate(jixiao.load_scheme(_SCHEME), {}), id="evaluate-dict"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.evaluate(jixiao.load_scheme(_SCHEME), "data.toml"),  # type: ignore[arg-type]
                 id="evaluate-path"),
    pytest.param(lambda: jixiao.evaluate(_SCHEME, _data()), id="evaluate-scheme-name"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.evaluate(jixiao.load_scheme(_SCHEME), _data(), limits=None),  # type: ignore[arg-type]
                 id="evaluate-limits"),
    pytest.param(lambda: jixiao.score(_data(), _SCHEME, limits=5), id="score-limits"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.compile_scheme_text(None), id="compile-None"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.compile_scheme_text(b"scheme"), id="compile-bytes"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.Limits(file_bytes=-1), id="limits-negative"),
    pytest.param(lambda: jixiao.Limits(file_bytes="5"), id="limits-text"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.Limits(evaluation_steps=True), id="limits-bool"),
    pytest.param(lambda: jixiao.Limits(value_length=0), id="limits-zero"),
    pytest.param(lambda: jixiao.to_text(None), id="to_text-None"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.to_json({"total": 1}), id="to_json-dict"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.to_toml("result"), id="to_toml-text"),  # type: ignore[arg-type]
    pytest.param(lambda: jixiao.to_dict(_data()), id="to_dict-data"),
])
def test_api_wrong_kind_is_jx028(call: Callable[[], object]) -> None:
    with pytest.raises(ArgumentError) as info:
        call()
    exc = info.value
    assert isinstance(exc, JixiaoError)
    assert isinstance(exc, TypeError)
    assert exc.codes == ["JX028"]
    for lang in ("zh", "en"):
        assert "jixiao." in exc.diagnostics[0].message(lang)
    assert pickle.loads(pickle.dumps(exc)) == exc  # crosses a process boundary


@pytest.mark.parametrize(("call", "code"), [
    pytest.param(lambda: jixiao.load_data("a\x00.toml"), "JX027", id="data-nul"),
    pytest.param(lambda: jixiao.load_data("9" * 5000 + ".toml"), "JX001", id="data-long"),
    pytest.param(lambda: jixiao.load_scheme("9" * 5000 + ".jx"), "JX001", id="scheme-long"),
    pytest.param(lambda: jixiao.load_scheme("9" * 5000), "JX090", id="scheme-long-name"),
])
def test_api_unusable_path(call: Callable[[], object], code: str) -> None:
    with pytest.raises(JixiaoError) as info:
        call()
    assert info.value.codes == [code]


# -- workbooks: a far cell (the whole rectangle walked: a hang), numbers beyond Decimal's
# default precision in a formatted cell (InvalidOperation: a traceback)

OFFICIAL = ROOT / "tests" / "fixtures" / "official.xlsx"


def _workbook(tmp: Path, **cells: Any) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(OFFICIAL)
    ws = wb.active
    for ref, (value, fmt) in cells.items():
        ws[ref] = value
        if fmt:
            ws[ref].number_format = fmt
    out = tmp / "t.xlsx"
    wb.save(out)
    return out


@pytest.mark.parametrize("ref", ["XFD1048576", "A1048576", "XFD200"])
def test_workbook_far_cell_is_jx042_at_once(ref: str, tmp_path: Path) -> None:
    path = _workbook(tmp_path, **{ref: ("x", None)})
    started = time.monotonic()
    with pytest.raises(JixiaoError) as info:
        jixiao.load_data(path)
    assert info.value.codes == ["JX042"]
    assert time.monotonic() - started < 20  # generous: it takes well under a second


@pytest.mark.parametrize(("value", "fmt"), [
    pytest.param(1e308, "0.00", id="double-max"),
    pytest.param(1.5e30, "0%", id="percent"),
    pytest.param(10**40, "General", id="int-41-digits"),
    pytest.param(10**40, "0.000", id="int-41-digits-places"),
])
def test_workbook_huge_number_is_refused_by_its_code(value: Any, fmt: str,
                                                     tmp_path: Path) -> None:
    path = _workbook(tmp_path, F17=(value, fmt))
    with pytest.raises(JixiaoError) as info:
        jixiao.score(path, "soil_pollution")
    found = [d for d in info.value.diagnostics if d.code == "JX304"]
    assert found
    assert "新建供水管网长度" in found[0].message("zh")


def test_workbook_27_digits_in_a_two_place_cell_scores(tmp_path: Path) -> None:
    """30 significant digits, within the readers' bound: Decimal's default 28 raised
    InvalidOperation while the cell was formatted."""
    path = _workbook(tmp_path, F17=(10**27, "0.00"))
    result = jixiao.score(path, "soil_pollution")
    row = next(i for i in result.indicators if i.name == "新建供水管网长度")
    assert row.actual_value == 10**27
    assert row.score == row.weight


def test_workbook_cell_text_is_exact() -> None:
    from jixiao.xlsxread import cell_text

    assert cell_text(0.95, "0%") == "95%"
    assert cell_text(126.5, "0.0") == "126.5"
    assert cell_text(123456789012345678901234567, "0.00") == "123456789012345678901234567.00"
    assert cell_text(float("inf"), "0.00") == "inf"  # the readers refuse the text


# -- a figure without unit against a target with its own unit: one unit, or said

@pytest.mark.parametrize(("unit", "target", "actual", "completion", "code"), [
    pytest.param("元", "≥500万元", "4800000", "0.96", "JX420", id="yuan-column"),
    pytest.param("千元", "≥500万元", "4800", "0.96", "JX420", id="thousand-column"),
    pytest.param("个", "≥26万个", "26", "0.0001", "JX420", id="count-column"),
    pytest.param("", "≥2.6万人", "26000", "1", "JX421", id="no-column-far"),
    pytest.param("", "≥2.6万人", "2.5", None, None, id="no-column-near"),
    pytest.param("万元", "≥500万元", "480", "0.96", None, id="column-agrees"),
    pytest.param("亿元", "≥5", "4.8", "0.96", None, id="bare-target-takes-column"),
])
def test_bare_actual_against_a_unit(unit: str, target: str, actual: str,
                                    completion: str | None, code: str | None) -> None:
    scheme = jixiao.load_scheme(ROOT / "tests" / "samples" / "small.jx")
    row = {"section": "产出指标", "category": "数量指标", "name": "x", "unit": unit,
           "target": target, "actual": actual}
    results = [jixiao.score({"budget": {"total": 100, "executed": 80}, "indicators": [row]},
                            scheme, explain=explain) for explain in (True, False)]
    for r in results:  # the fast evaluator and the general one agree, warnings included
        assert r.total == results[0].total
        assert [d.code for d in r.diagnostics] == [d.code for d in results[0].diagnostics]
    ind = results[0].indicators[0]
    if completion is not None:
        assert ind.completion == Decimal(completion)
    codes = [d.code for d in results[0].diagnostics]
    assert (code in codes) if code else not {"JX420", "JX421"} & set(codes)


@pytest.mark.parametrize(("fraction", "expected"), [
    (Fraction(6532, 2), Decimal("3266")), (Fraction(1, 8), Decimal("0.125")),
    (Fraction(32661, 10), Decimal("3266.1")),
])
def test_a_fraction_with_a_finite_decimal_is_read_exactly(fraction: Fraction,
                                                          expected: Decimal) -> None:
    """``fractions.Fraction`` went through ``float``: exact when it has a finite decimal."""
    data = tomllib.loads(SEED_DATA.read_text(encoding="utf-8"))
    data["budget"]["total"] = fraction
    assert jixiao.score(data).budget.total.total == expected


@pytest.mark.parametrize("fraction", [Fraction(1, 3), Fraction(2, 7), Fraction(10, 3)])
def test_a_fraction_without_a_finite_decimal_is_refused(fraction: Fraction) -> None:
    """``Fraction(1, 3)`` became 0.3333333333333333 without a word; now JX303 asks for it
    rounded, since no decimal is exactly a third."""
    data = tomllib.loads(SEED_DATA.read_text(encoding="utf-8"))
    data["budget"]["total"] = fraction
    with pytest.raises(JixiaoError) as info:
        jixiao.score(data)
    assert info.value.codes == ["JX303"]
    message = info.value.diagnostics[0].message("en")
    assert "budget.total" in message
    assert "exact decimal" in message


@pytest.mark.parametrize(("make", "zh", "en"), [
    pytest.param(lambda p: p.mkdir(), "是文件夹", "a folder", id="folder"),
    pytest.param(os.mkfifo, "管道或设备", "a pipe or a device", id="fifo"),
])
@pytest.mark.parametrize("name", ["data.toml", "scheme.jx"])
def test_an_input_that_is_no_regular_file_says_what_it_is(
        make: Callable[[Path], None], zh: str, en: str, name: str, tmp_path: Path) -> None:
    """A folder or a pipe named as a data file or a scheme: JX001 saying what it is (not a
    bare "file not found", which sent the user looking for a file that is there), and never
    opened (a pipe would block)."""
    path = tmp_path / name
    make(path)
    load = jixiao.load_scheme if name.endswith(".jx") else jixiao.load_data
    with pytest.raises(jixiao.InputError) as info:
        load(path)
    d = info.value.diagnostics[0]
    assert d.code == "JX001"
    assert zh in d.message("zh")
    assert en in d.message("en")
