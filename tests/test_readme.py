"""The README's promises: its Python example runs and prints what its comments say, and the
example's README shows the output the command really gives."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from conftest import ROOT, SEED_DATA

import jixiao


def _python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    blocks = _python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    out = io.StringIO()
    names: dict[str, object] = {}
    with contextlib.redirect_stdout(out):
        for block in blocks:  # the README's own examples, in order, nothing else
            exec(compile(block, "README.md", "exec"), names)
    lines = out.getvalue().splitlines()
    assert lines[0] == "92.71 优"
    assert "9.00" in lines
    assert "['JX304']" in lines
    assert any("error JX304" in line for line in lines)
    listed = "soil_pollution 土壤污染防治资金 2025 财政部《项目支出"
    assert any(line.startswith(listed) for line in lines)


def test_example_readme_shows_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    readme = (SEED_DATA.parent / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(.*?)```", readme, flags=re.S)
    assert shown is not None
    assert shown.group(1) == jixiao.to_text(jixiao.score(SEED_DATA))


def test_quick_start_command_is_the_ci_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line for line in readme.splitlines() if "pytest" in line
                        and line.startswith("python3 -m venv"))
    assert test_command in ci.splitlines()
    assert str(Path("examples/xinjiang-soil-2025/data.toml")) in readme


def test_hints_that_cite_a_readme_section_name_one_it_has() -> None:
    """A hint sends the user to a README section by its title: it must still be a heading."""
    from jixiao.engine.diagnostics import CATALOGUE

    headings = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("#")]
    cited = [(code, title) for code, message in CATALOGUE.items()
             for hint in (message.hint_zh, message.hint_en) if "README" in hint
             for title in re.findall(r"[“\"]([^”\"]+)[”\"]", hint)]
    assert ("JX041", "编写一个新方案") in cited
    for code, title in cited:
        assert any(title in heading for heading in headings), (code, title)
