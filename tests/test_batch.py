"""``jixiao batch``: one output line per record, in order, whatever the records hold.

A batch with corrupt records in the middle scores every other record and gives every bad one
its error line with its file and line, in one process and in a pool; the results equal what
``score`` gives for the same records; the CSV layout, folders, the summary and the exit status.
"""

from __future__ import annotations

import io
import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, indicator, project_data

import jixiao
from jixiao.batch import Inputs, Progress, Scorer, run_batch
from jixiao.cli import main

EXAMPLES = sorted((ROOT / "examples").glob("*/data.toml"))


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def _run(paths: list[Path], scheme: str, *, jobs: int = 1,
         explain: bool = False) -> tuple[list[dict[str, Any]], Any]:
    out = io.StringIO()
    summary = run_batch(Inputs(paths), scheme, out, jobs=jobs, explain=explain)
    return [json.loads(line) for line in out.getvalue().splitlines()], summary


def plain(name: str, actual: str = "100") -> dict[str, Any]:
    return project_data(indicator(name, "≥100", actual))


def good(name: str, actual: str = "100") -> dict[str, Any]:
    """A record with the batch's own keys (``id``, ``tags``) beside the data."""
    return plain(name, actual) | {"id": name, "tags": {"region": "甲"}}


# Corrupt records between good ones: (line written, the error code its record must get).
CORRUPT: list[tuple[bytes, str]] = [
    (b'{"budget": {"total": 100, "executed": 90}, "indicators": [', "JX301"),  # bad JSON
    (_json(project_data(indicator("坏", "≥abc", "1"))).encode(), "JX304"),  # unreadable target
    (_json({"budget": {"total": "100"}}).encode(), "JX302"),  # missing field (indicators)
    (_json(project_data(indicator(), total="一百")).encode(), "JX303"),  # wrong type
    (_json({"indicators": 5, "budget": {"total": 1}}).encode(), "JX303"),  # wrong type
    ('{"budget": "预算"}'.encode("gb18030"), "JX002"),  # not UTF-8
    (b"[1, 2, 3]", "JX303"),  # not a table
    (_json(good("x") | {"tags": ["甲"]}).encode(), "JX303"),  # bad tags
]


@pytest.fixture
def corrupt_batch(tmp_path: Path) -> tuple[Path, list[str | None]]:
    """A JSON Lines file alternating good records and corrupt ones, with a blank line; the
    expected code per record (None for a good one)."""
    lines: list[bytes] = []
    expected: list[str | None] = []
    for i, (line, code) in enumerate(CORRUPT):
        lines.append(_json(good(f"好{i}", str(90 + i))).encode())
        expected.append(None)
        lines.append(line)
        expected.append(code)
    lines.insert(3, b"   ")  # blank lines are not records
    lines.append(_json(good("末")).encode())
    expected.append(None)
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path, expected


@pytest.mark.parametrize("jobs", [1, 2])
def test_corrupt_records_in_the_middle(corrupt_batch: tuple[Path, list[str | None]],
                                       jobs: int) -> None:
    path, expected = corrupt_batch
    out, summary = _run([path], "transfer_regional", jobs=jobs)
    assert len(out) == len(expected) == summary.records
    assert [o["record"] for o in out] == list(range(1, len(out) + 1))
    text_lines = path.read_bytes().split(b"\n")
    for o, code in zip(out, expected, strict=True):
        lineno = int(o["source"].rsplit(":", 1)[1])
        assert o["source"] == f"{path}:{lineno}"
        assert text_lines[lineno - 1].strip(), "the source line is the record's own line"
        if code is None:
            assert o["ok"] is True, o
            name = o["id"]
            assert o["result"]["indicators"][0]["name"] == name
            assert o["tags"] == {"region": "甲"}
            # the good record's score is its own (a different actual per record)
            assert o["result"] == jixiao.to_dict(
                jixiao.score(plain(name, o["result"]["indicators"][0]["actual"]),
                             jixiao.load_scheme("transfer_regional"), explain=False))
        else:
            assert o["ok"] is False, o
            assert code in [e["code"] for e in o["errors"]], (code, o["errors"])
            assert all(e["message"] and e["where"] for e in o["errors"])
    assert summary.failed == len(CORRUPT)
    assert summary.scored == len(expected) - len(CORRUPT)
    assert sum(summary.grades.values()) == summary.scored


def _as_jsonl(path: Path, into: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    into.write_text(_json(data) + "\n", encoding="utf-8")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("explain", [False, True])
def test_batch_equals_score_on_the_examples(example: Path, explain: bool,
                                            tmp_path: Path) -> None:
    """Each example, as its data file and as a JSON line, gives in batch exactly the result
    ``score`` gives (the whole ``--format json`` contract)."""
    scheme_ref = tomllib.loads(example.read_text(encoding="utf-8"))["scheme"]
    scheme = str(example.parent / scheme_ref) if (example.parent / scheme_ref).exists() \
        else scheme_ref.removesuffix(".jx")
    expected = jixiao.to_dict(jixiao.score(example, scheme, explain=explain))
    _as_jsonl(example, tmp_path / "one.jsonl")
    out, summary = _run([example, tmp_path / "one.jsonl"], scheme, explain=explain)
    assert [o["result"] for o in out] == [expected, expected]
    assert summary.scored == 2
    if not explain:
        assert all(not i["explain"] for i in out[0]["result"]["indicators"])


def test_seed_in_a_pool_equals_in_process(tmp_path: Path) -> None:
    example = ROOT / "examples" / "xinjiang-soil-2025" / "data.toml"
    for i in range(150):  # more than two chunks per worker
        (tmp_path / f"{i:03d}.toml").write_text(example.read_text(encoding="utf-8"),
                                                encoding="utf-8")
    one, _ = _run([tmp_path], "soil_pollution", jobs=1)
    two, summary = _run([tmp_path], "soil_pollution", jobs=2)
    assert one == two
    assert summary.grades == {"优": 150}
    assert [o["source"] for o in two] == [str(tmp_path / f"{i:03d}.toml") for i in range(150)]


CSV = """\
id,region,fund,subject.name,subject.year,budget.total,budget.executed,section,category,name,target,actual,weight,reason
a1,东区,土壤,甲县,2025,100,90,产出指标,数量指标,监测点位,≥26,26,,
,,,,,,,满意度指标,,群众满意度,≥90%,95%,,
a2,西区,土壤,乙县,2025,200,100,产出指标,数量指标,监测点位,≥26,20,,未完成
a2,,,,,,,效益指标,,风险隐患,基本消除,基本消除,,
a3,西区,土壤,丙县,2025,100,100,产出指标,数量指标,监测点位,≥26,26,
a3,东区,,,,,,满意度指标,,群众满意度,≥90%,95%,,
a4,北区,土壤,丁县,2025,100,100,产出指标,数量指标,监测点位,≥abc,26,,
"""


def test_csv_flat_layout(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    out, summary = _run([path], "transfer_regional")
    assert [(o["id"], o["ok"], o["source"].rsplit(":", 1)[1]) for o in out] == [
        ("a1", True, "2"), ("a2", True, "4"), (None, False, "6"), ("a4", False, "8")]
    scheme = jixiao.load_scheme("transfer_regional")
    expected = jixiao.score({
        "subject": {"name": "甲县", "year": 2025},
        "budget": {"total": "100", "executed": "90"},
        "indicators": [
            {"section": "产出指标", "category": "数量指标", "name": "监测点位", "target": "≥26",
             "actual": "26"},
            {"section": "满意度指标", "name": "群众满意度", "target": "≥90%", "actual": "95%"}]},
        scheme, explain=False)
    assert out[0]["result"] == jixiao.to_dict(expected)
    assert out[0]["tags"] == {"region": "东区", "fund": "土壤"}
    assert out[1]["result"]["indicators"][1]["reason"] == ""
    assert [e["code"] for e in out[2]["errors"]] == ["JX070"]
    assert "东区" in out[2]["errors"][0]["message"]
    assert [e["code"] for e in out[3]["errors"]] == ["JX304"]
    assert summary.records == 4


def test_csv_unknown_column_fails_each_record_and_no_id_fails_the_file(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,section,name,target,actual,colour\n1,产出指标,a,≥1,1,红\n"
                    "2,产出指标,b,≥1,1,蓝\n", encoding="utf-8")
    out, _ = _run([path], "transfer_regional")
    assert [[e["code"] for e in o["errors"]] for o in out] == [["JX317"], ["JX317"]]
    path.write_text("section,name,target\n产出指标,a,≥1\n", encoding="utf-8")
    out, _ = _run([path], "transfer_regional")
    assert [[e["code"] for e in o["errors"]] for o in out] == [["JX302"]]
    assert out[0]["source"] == f"{path}:1"


def test_folder_mixes_files_and_skips_the_output(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(_json(good("a")), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(_json(good("b")) + "\n" + _json(good("c")) + "\n",
                                      encoding="utf-8")
    (tmp_path / "c.toml").write_text("budget = 5\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not data", encoding="utf-8")
    (tmp_path / ".hidden.json").write_text("{", encoding="utf-8")
    out_path = tmp_path / "out.jsonl"
    out_path.write_text("{}\n", encoding="utf-8")
    assert main(["batch", "--scheme", "transfer_regional", str(tmp_path), "-o",
                 str(out_path)]) == 1
    out = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines()]
    assert [(o["id"], o["ok"]) for o in out] == [("a", True), ("b", True), ("c", True),
                                                 (None, False)]
    assert out[3]["source"] == str(tmp_path / "c.toml")


def test_cli_summary_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(_json(good("a")) + "\n" + _json(good("b", "50")) + "\n", encoding="utf-8")
    assert main(["batch", "--scheme", "transfer_regional", str(path), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2
    assert "records 2: scored 2, failed 0" in captured.err
    assert "\r" not in captured.err  # no progress bar when stderr is not a terminal
    assert main(["batch", "--scheme", "nope_no_such_scheme", str(path)]) == 2
    assert main(["batch", "--scheme", "transfer_regional", str(tmp_path / "missing.jsonl")]) == 2
    assert "JX001" in capsys.readouterr().err


def test_progress_bar_only_when_asked_or_on_a_terminal() -> None:
    stream = io.StringIO()
    p = Progress(stream, 1000)
    p.update(10, 500, force=True)
    assert stream.getvalue() == ""
    p = Progress(stream, 1000, enabled=True)
    p.update(10, 500, force=True)
    assert "10 records" in stream.getvalue()
    assert "50%" in stream.getvalue()


def test_internal_error_costs_one_record(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug of ours (any exception) becomes that record's JX071 line; the run goes on."""
    scorer = Scorer("transfer_regional")
    calls = iter([RuntimeError("boom"), None])

    def flaky(*args: Any, **kwargs: Any) -> Any:
        exc = next(calls)
        if exc is not None:
            raise exc
        return jixiao.evaluate(*args, **kwargs)
    monkeypatch.setattr("jixiao.batch.evaluate", flaky)
    from jixiao.batch import Record
    bad = scorer.score(Record(1, "x:1", "mapping", plain("a")))
    ok = scorer.score(Record(2, "x:2", "mapping", plain("b")))
    assert (bad.ok, bad.codes, ok.ok) == (False, ("JX071",), True)
    assert "RuntimeError" in json.loads(bad.line)["errors"][0]["message"]


def test_json_lines_from_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.TextIOWrapper(io.BytesIO((_json(good("a")) + "\n{\n").encode()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", piped)
    out, summary = _run([Path("-")], "transfer_regional")
    assert [(o["source"], o["ok"]) for o in out] == [("<stdin>:1", True), ("<stdin>:2", False)]
    assert summary.records == 2


def test_audit_findings_beside_the_result(tmp_path: Path) -> None:
    """``--audit`` adds what ``jixiao audit`` finds (not its info) to each line; the summary
    counts those records under findings."""
    from jixiao.audit import audit_paths
    from jixiao.portfolio import read_portfolio
    seed = ROOT / "examples" / "xinjiang-soil-2025" / "data.toml"
    out = io.StringIO()
    run_batch(Inputs([seed]), "soil_pollution", out, audit=True)
    line = json.loads(out.getvalue())
    expected = [(f.cls, f.where) for a in audit_paths([seed]) for f in a.findings
                if f.severity != "info"]
    assert [(f["class"], f["where"]) for f in line["findings"]] == expected
    assert expected, "the seed's 万立方米 slip"
    assert read_portfolio([line]).finding_codes == {"unit": 1}
    plain = io.StringIO()
    run_batch(Inputs([seed]), "soil_pollution", plain)
    assert "findings" not in json.loads(plain.getvalue())


# -- the result CSV: one row per record, its columns from the scheme


@pytest.mark.parametrize("jobs", [1, 2])
def test_result_csv_has_one_row_per_record_with_the_json_figures(
        corrupt_batch: tuple[Path, list[str | None]], tmp_path: Path, jobs: int) -> None:
    """``-o out.csv`` writes a real CSV (not JSON Lines under a .csv name): a header, then one
    row per record in input order whose figures are those of the JSON line, and for a bad
    record its error codes and first message."""
    import csv

    path, expected = corrupt_batch
    lines, _ = _run([path], "transfer_regional", jobs=jobs)
    out = tmp_path / "out.csv"
    assert main(["batch", "--scheme", "transfer_regional", str(path), "-o", str(out),
                 "--jobs", str(jobs)]) == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    scheme = jixiao.load_scheme("transfer_regional")
    header = ["record", "source", "id", "region", "department", "fund", "ok", "total",
              "grade", "budget.rate", *(f"section.{s.name}" for s in scheme.scheme.sections),
              "warnings", "errors", "message", "findings"]
    assert list(rows[0]) == header
    assert len(rows) == len(lines) == len(expected)
    for row, line, code in zip(rows, lines, expected, strict=True):
        assert (int(row["record"]), row["source"]) == (line["record"], line["source"])
        if code is None:
            result = line["result"]
            assert (row["ok"], row["id"], row["region"]) == ("true", line["id"], "甲")
            assert (row["total"], row["grade"], row["budget.rate"]) == (
                result["total"], result["grade"], result["budget"]["rate"])
            assert [row[f"section.{s['name']}"] for s in result["sections"]] == [
                s["score"] for s in result["sections"]]
            assert row["errors"] == ""
            assert row["message"] == ""
        else:
            assert row["ok"] == "false"
            assert row["total"] == ""
            assert row["errors"].split() == [e["code"] for e in line["errors"]]
            assert line["errors"][0]["message"] in row["message"]


def test_result_csv_in_english_and_with_audit(tmp_path: Path) -> None:
    import csv

    path = tmp_path / "in.jsonl"
    path.write_text(_json(good("a")) + "\n" + "{\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["batch", "--scheme", "transfer_regional", str(path), "-o", str(out),
                 "--audit", "--lang", "en"]) == 1
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0]["findings"] == "0"
    assert rows[1]["findings"] == ""
    assert rows[1]["errors"] == "JX301"
    assert rows[1]["message"].isascii()


@pytest.mark.parametrize(("name", "code"), [("out.json", "JX024"), ("out.xlsx", "JX024"),
                                            ("out.txt", "JX024")])
def test_an_output_extension_batch_cannot_write_is_refused(
        name: str, code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(_json(good("a")) + "\n", encoding="utf-8")
    assert main(["batch", "--scheme", "transfer_regional", str(path), "-o",
                 str(tmp_path / name)]) == 2
    assert code in capsys.readouterr().err
    assert not (tmp_path / name).exists()


def test_explain_into_a_csv_is_refused(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(_json(good("a")) + "\n", encoding="utf-8")
    assert main(["batch", "--scheme", "transfer_regional", str(path), "--explain", "-o",
                 str(tmp_path / "out.csv")]) == 2
    assert "JX025" in capsys.readouterr().err
    for name in ("out.jsonl", "out.ndjson", "out"):
        assert main(["batch", "--scheme", "transfer_regional", str(path), "-o",
                     str(tmp_path / name), "--explain"]) == 0
        assert json.loads((tmp_path / name).read_text(encoding="utf-8"))["ok"] is True


# -- workbooks: a filled 自评表 per file, or one project per sheet


def _seed_book(path: Path) -> jixiao.Result:
    from jixiao.render.xlsx import to_xlsx

    seed = jixiao.score(ROOT / "examples" / "xinjiang-soil-2025" / "data.toml")
    path.write_bytes(to_xlsx(seed))
    return seed


def test_a_workbook_per_file_scores_as_import_then_score(tmp_path: Path) -> None:
    """A 自评表 workbook (what ``report --format xlsx`` writes) is one record, read as
    ``jixiao import`` reads it, its 资金明细 included: the seed's 92.71 to the cent."""
    pytest.importorskip("openpyxl")
    from jixiao.xlsxread import read_file

    book = tmp_path / "seed.xlsx"
    seed = _seed_book(book)
    out, summary = _run([book], "soil_pollution")
    assert [(o["source"], o["ok"]) for o in out] == [(str(book), True)]
    assert out[0]["result"]["total"] == str(seed.total) == "92.71"
    expected = jixiao.score(read_file(book), "soil_pollution", explain=False)
    assert out[0]["result"] == jixiao.to_dict(expected)
    assert summary.grades == {"优": 1}


def test_a_workbook_with_a_project_per_sheet(tmp_path: Path) -> None:
    """Each sheet holding an indicator table is a record at ``file!sheet``, in sheet order;
    a sheet's details are the sheet named after it; a sheet without a table is not a record;
    a sheet with a bad cell is that record's error and the others are scored."""
    openpyxl = pytest.importorskip("openpyxl")
    from jixiao.xlsxread import Sheet, read_table, xlsx_sheets

    one = tmp_path / "seed.xlsx"
    _seed_book(one)
    wb = openpyxl.load_workbook(one)
    form, details = wb.worksheets[0], wb["资金明细"]
    for name in ("甲", "乙", "丙"):
        copy = wb.copy_worksheet(form)
        copy.title = name
    wb.copy_worksheet(details).title = "甲资金明细"
    wb.copy_worksheet(details).title = "乙资金明细"
    wb.create_sheet("说明").append(["本工作簿每个工作表是一个项目"])
    bad = wb["丙"]
    header = next(r for r in range(1, bad.max_row + 1) if bad.cell(r, 2).value == "一级指标")
    weight = next(c for c in range(1, bad.max_column + 1) if bad.cell(header, c).value == "分值")
    bad.cell(header + 1, weight).value = "六分"  # the first indicator's 分值
    wb.remove(form)
    wb.remove(details)
    book = tmp_path / "many.xlsx"
    wb.save(book)
    out, summary = _run([book], "soil_pollution")
    assert [(o["source"], o["ok"]) for o in out] == [
        (f"{book}!甲", True), (f"{book}!乙", True), (f"{book}!丙", False)]
    assert [e["code"] for e in out[2]["errors"]] == ["JX050"]
    sheets = {s.name: s for s in xlsx_sheets(book.read_bytes(), str(book))}
    for o, name in zip(out[:2], ("甲", "乙"), strict=True):
        details = sheets[f"{name}资金明细"]
        read = read_table([sheets[name], Sheet("资金明细", details.cells, details.derived)], "x")
        assert read["projects"]  # its sub-projects, from the sheet named after it
        assert o["result"] == jixiao.to_dict(jixiao.score(read, "soil_pollution", explain=False))
        assert o["result"]["total"] == "92.71"
    assert summary.records == 3


def test_workbooks_in_a_folder_and_a_broken_one(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    _seed_book(tmp_path / "a.xlsx")
    (tmp_path / "b.xlsx").write_bytes(b"PK not a workbook")
    (tmp_path / "c.jsonl").write_text(_json(good("c")) + "\n", encoding="utf-8")
    out, summary = _run([tmp_path], "soil_pollution")
    assert [(Path(o["source"].split(":")[0]).name, o["ok"]) for o in out] == [
        ("a.xlsx", True), ("b.xlsx", False), ("c.jsonl", True)]
    assert [e["code"] for e in out[1]["errors"]] == ["JX053"]
    assert summary.failed == 1


def test_forked_workers_use_the_inherited_scorer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker forked from the main process finds its scorer already compiled for the same
    arguments and compiles nothing; for other arguments (or when spawned) it compiles once."""
    import jixiao.batch as batch

    scorer = Scorer("transfer_regional")
    args = ("transfer_regional", False, "zh", jixiao.DEFAULT_LIMITS, False, "jsonl")
    monkeypatch.setattr(batch, "_WORKER", scorer)
    monkeypatch.setattr(batch, "_INHERITED", args)
    batch._init_worker(*args)
    assert batch._WORKER is scorer
    batch._init_worker("transfer_regional", False, "en", jixiao.DEFAULT_LIMITS, False, "jsonl")
    assert batch._WORKER is not scorer
    assert batch._WORKER.lang == "en"
