"""``jixiao test``: cases as data next to schemes, partial expectations, a readable diff,
``--update`` only when asked, coverage; and every bundled scheme's cases pass (this is how CI
runs them: ``.ci/run``'s pytest runs this file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SCHEMES

from jixiao.cli import main
from jixiao.schemetest import Runner, case_files, coverage, reached, read_cases

RECORD = """
[[case]]
name = "一条记录"
[case.record]
budget = { total = 100, executed = 50 }
[[case.record.indicators]]
section = "产出指标"
name = "点位"
target = "≥26"
actual = "13"
reason = "推迟"
"""


def write_case(tmp: Path, expect: str, record: str = RECORD) -> Path:
    shutil.copy(SCHEMES / "transfer_regional.jx", tmp / "transfer_regional.jx")
    path = tmp / "transfer_regional.cases.toml"
    path.write_text(record + expect, encoding="utf-8")
    return path


def test_every_bundled_scheme_carries_cases_and_they_pass(
        capsys: pytest.CaptureFixture[str]) -> None:
    schemes = sorted(SCHEMES.glob("*.jx"))
    assert schemes
    for s in schemes:
        cases = s.with_name(s.stem + ".cases.toml")
        assert cases.is_file(), f"{s.name} has no cases: add {cases.name}"
        assert read_cases(cases), cases
    status = main(["test", str(SCHEMES), "--coverage"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "0 个未通过" in out
    for s in schemes:
        assert f"覆盖 {s.name}" in out  # coverage is reported for each scheme
    print(out)  # the coverage report, in the test log


def test_partial_expectations_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Only the figures written are checked: here a grade and one indicator's completion."""
    write_case(tmp_path, '[case.expect]\ngrade = "差"\n'
               'indicators = { "点位" = { completion = "0.5" } }\n')
    assert main(["test", str(tmp_path)]) == 0
    assert "✓ transfer_regional.cases.toml · 一条记录" in capsys.readouterr().out


def test_a_differing_figure_is_shown_expected_against_actual(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_case(tmp_path, '[case.expect]\ntotal = "30.1"\n'
               'sections = { "预算执行" = "5.00", "产出指标" = 25 }\n'
               'indicators = { "点位" = "26" }\n')
    assert main(["test", str(tmp_path / "transfer_regional.jx")]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "✗ transfer_regional.cases.toml · 一条记录"
    # 10 × 0.5 = 5 (5.00 expected: equal as decimals); 50 × 0.5 = 25; total 5 + 25 = 30
    assert lines[1].split() == ["总分", "期望", "30.1", "实际", "30"]
    assert lines[2].split() == ["点位", "·", "得分", "期望", "26", "实际", "25"]
    assert len(lines) == 4
    assert lines[3] == "1 个用例：0 个通过，1 个未通过"
    assert main(["test", str(tmp_path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "total         expected 30.1  got 30" in out
    assert "点位 · score  expected 26  got 25" in out


def test_warnings_and_errors_are_expectations(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    write_case(tmp_path, '[case.expect]\nwarnings = ["JX507"]\n')
    assert main(["test", str(tmp_path)]) == 0
    write_case(tmp_path, '[case.expect]\nerror = "JX311"\n')
    assert main(["test", str(tmp_path)]) == 1
    assert "期望 JX311  实际 评分成功，总分 30" in capsys.readouterr().out
    write_case(tmp_path, '[case.expect]\nerror = "JX305"\n',
               RECORD.replace('section = "产出指标"', 'section = "产出"'))
    assert main(["test", str(tmp_path)]) == 0


def test_update_rewrites_only_what_differs_and_only_when_asked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_case(tmp_path, '[case.expect]\ntotal = "31"   # 手算\ngrade = "差"\n'
                      'indicators = { "点位" = { score = "20", completion = "0.5" } }\n')
    before = path.read_text(encoding="utf-8")
    assert main(["test", str(tmp_path)]) == 1
    assert path.read_text(encoding="utf-8") == before  # not without --update
    assert main(["test", str(tmp_path), "--update"]) == 0
    after = path.read_text(encoding="utf-8")
    assert 'total = "30"   # 手算' in after  # the comment kept
    assert 'indicators = { "点位" = { score = "25", completion = "0.5" } }' in after
    assert after.replace('"30"', '"31"').replace('"25"', '"20"') == before
    capsys.readouterr()
    assert main(["test", str(tmp_path)]) == 0


def test_update_gives_a_new_case_its_expectations(tmp_path: Path) -> None:
    path = write_case(tmp_path, "", RECORD + RECORD.replace("一条记录", "第二条"))
    assert main(["test", str(tmp_path), "--update"]) == 0
    cases = read_cases(path)
    assert [dict(c.expect) for c in cases] == [{
        "total": "30", "grade": "差",
        "sections": {"预算执行": "5", "产出指标": "25", "效益指标": "0", "满意度指标": "0"}}] * 2
    assert main(["test", str(tmp_path)]) == 0


def test_coverage_names_what_no_case_reaches(tmp_path: Path) -> None:
    path = write_case(tmp_path, '[case.expect]\ngrade = "差"\n')
    runner = Runner()
    outcomes = [runner.run(c) for c in read_cases(path)]
    compiled = runner.scheme(tmp_path / "transfer_regional.jx")
    gaps = coverage(compiled, reached(compiled, outcomes))
    texts = {(g.what, g.text) for g in gaps}
    assert ("kind", "反向") in texts
    assert ("kind", "正向") not in texts
    assert ("branch", "if actual >= target → then") in texts  # 13 < 26: only else was taken
    assert ("branch", "if actual >= target → else") not in texts
    assert ("branch", "if target > 0 → then") not in texts
    assert ("branch", "if target > 0 → else") in texts
    assert ("grade", "优") in texts
    assert ("grade", "差") not in texts
    assert ("require", "deviation > 0") in texts  # a reason was given: the warning never fired


def test_malformed_case_files_are_jx041(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    write_case(tmp_path, '[case.expect]\ntotl = "30"\n')
    assert main(["test", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "JX041" in err
    assert "totl" in err
    (tmp_path / "other.jx").write_text("", encoding="utf-8")
    with pytest.raises(Exception, match="JX041"):
        case_files([tmp_path / "other.jx"])


def test_the_readme_scheme_and_case_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The scheme and case file the README shows authors are real: the scheme checks, the case
    passes (the figures in it were worked by hand: 5 + 50 + 30 × 0.9412 + 0 = 83.24)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("我的方案.jx", "我的方案.cases.toml"):
        start = text.index("# " + name)
        (tmp_path / name).write_text(text[start:text.index("```", start)], encoding="utf-8")
    assert main(["check", str(tmp_path / "我的方案.jx")]) == 0
    assert main(["test", str(tmp_path / "我的方案.jx")]) == 0
    assert "1 个用例：1 个通过" in capsys.readouterr().out


def test_coverage_names_flags_no_case_raises() -> None:
    """A flag counts as reached only when a case's record makes it hold (JX563/JX564)."""
    path = SCHEMES / "provincial_overshoot.cases.toml"
    runner = Runner()
    compiled = runner.scheme(SCHEMES / "provincial_overshoot.jx")
    flags = {g.text.split(":")[0] for g in coverage(compiled, set()) if g.what == "flag"}
    assert flags == {"超额完成", "严重超额"}
    outcomes = [runner.run(c) for c in read_cases(path)]
    assert not [g for g in coverage(compiled, reached(compiled, outcomes)) if g.what == "flag"]
