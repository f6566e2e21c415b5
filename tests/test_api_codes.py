"""The codes no command line reaches as a diagnostic of its run, triggered through the Python
API: a record's own error inside ``jixiao batch`` (JX070), a record the scorer cannot handle
(JX071, a bug's stand-in), and a spreadsheet asked for without openpyxl (JX073). Their case files
(``tests/cases/errors/JX07x.toml``) say so with ``no_case``; the checks are the corpus's."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import jixiao
from jixiao.engine.diagnostics import Diagnostic, InputError


def _csv_two_values(tmp: Path) -> Diagnostic:
    from jixiao.batch import Inputs
    path = tmp / "t.csv"
    path.write_text("id,subject.name,section,name,target,actual\n"
                    "a,甲县,产出指标,x,≥1,1\na,乙县,产出指标,y,≥1,1\n", encoding="utf-8")
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


def _no_openpyxl(tmp: Path) -> Diagnostic:
    from jixiao.portfolio import Portfolio
    from jixiao.render.portfolio import to_xlsx
    saved = sys.modules.get("openpyxl")
    sys.modules["openpyxl"] = None  # type: ignore[assignment]  # import now fails
    try:
        with pytest.raises(InputError) as info:
            to_xlsx(Portfolio())
        return next(d for d in info.value.diagnostics if d.code == "JX073")
    finally:
        if saved is None:
            del sys.modules["openpyxl"]
        else:
            sys.modules["openpyxl"] = saved


def _no_openpyxl_report(tmp: Path) -> Diagnostic:
    """The 自评表 as .xlsx (jixiao report) without openpyxl: the same code as summary's."""
    from conftest import SEED_DATA

    from jixiao.render.xlsx import to_xlsx

    result = jixiao.score(SEED_DATA)
    saved = sys.modules.get("openpyxl")
    sys.modules["openpyxl"] = None  # type: ignore[assignment]
    try:
        with pytest.raises(InputError) as info:
            to_xlsx(result)
        return next(d for d in info.value.diagnostics if d.code == "JX073")
    finally:
        if saved is None:
            del sys.modules["openpyxl"]
        else:
            sys.modules["openpyxl"] = saved


def _no_openpyxl_import(tmp: Path) -> Diagnostic:
    """An .xlsx 自评表 imported without openpyxl (JX052; CSV needs nothing)."""
    from jixiao.xlsxread import read_file

    path = tmp / "t.xlsx"
    path.write_bytes(b"PK")
    saved = sys.modules.get("openpyxl")
    sys.modules["openpyxl"] = None  # type: ignore[assignment]  # import now fails
    try:
        with pytest.raises(InputError) as info:
            read_file(path)
        return next(d for d in info.value.diagnostics if d.code == "JX052")
    finally:
        if saved is None:
            del sys.modules["openpyxl"]
        else:
            sys.modules["openpyxl"] = saved


def _no_xlrd_import(tmp: Path) -> Diagnostic:
    """An old .xls 自评表 read without xlrd (JX052, naming the .xls extra)."""
    from jixiao.xlsxread import read_file

    path = tmp / "t.xls"
    path.write_bytes(b"\xd0\xcf")
    saved = sys.modules.get("xlrd")
    sys.modules["xlrd"] = None  # type: ignore[assignment]  # import now fails
    try:
        with pytest.raises(InputError) as info:
            read_file(path)
        return next(d for d in info.value.diagnostics if d.code == "JX052")
    finally:
        if saved is None:
            del sys.modules["xlrd"]
        else:
            sys.modules["xlrd"] = saved


@pytest.mark.parametrize(("make", "code", "where", "mentions"), [
    pytest.param(_csv_two_values, "JX070", "{tmp}/t.csv:3", ("subject.name", "甲县", "乙县"),
                 id="JX070"),
    pytest.param(_internal, "JX071", "in.jsonl:7", ("TypeError",), id="JX071"),
    pytest.param(_no_openpyxl, "JX073", "--format xlsx", ("openpyxl", "xlsx"), id="JX073"),
    pytest.param(_no_openpyxl_report, "JX073", "--format xlsx", ("openpyxl", "xlsx"),
                 id="JX073-report"),
    pytest.param(_no_openpyxl_import, "JX052", "import", ("openpyxl", "xlsx"), id="JX052"),
    pytest.param(_no_xlrd_import, "JX052", "import", ("xlrd", "xls", ".xls"), id="JX052-xls"),
])
def test_api_only_code(make: Callable[[Path], Diagnostic], code: str, where: str,
                       mentions: tuple[str, ...], tmp_path: Path) -> None:
    from test_cases import _well_formed

    d = make(tmp_path)
    assert d.code == code
    assert d.where == where.format(tmp=tmp_path)
    _well_formed(d, tmp_path, foreign=False)
    for lang in ("zh", "en"):
        text = d.message(lang) + "\n" + d.hint(lang)
        for word in mentions:
            assert word in text, f"{word!r} not in {text!r}"
        assert d.message(lang) in jixiao.render_diagnostics([d], lang)
