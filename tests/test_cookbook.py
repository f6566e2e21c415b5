"""The cookbook (``docs/cookbook``): each variant a methodology author needs is a short scheme
over a bundled one, checked without a warning, formatted, with hand-worked cases that pass and
that raise no warning they do not expect; and the cookbook section of ``docs/language.md`` is
what ``tools/gen_docs.py`` writes from those files today."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

from jixiao.cli import main
from jixiao.fmt import format_text
from jixiao.library import load_scheme
from jixiao.schemetest import Runner, read_cases

COOKBOOK = ROOT / "docs" / "cookbook"
SCHEMES = sorted(COOKBOOK.glob("*.jx"))
MAX_LINES = 15  # "a new variant is a few lines": code lines, comments and blank lines aside


def _recipes() -> list[dict[str, str]]:
    doc = tomllib.loads((COOKBOOK / "recipes.toml").read_text(encoding="utf-8"))
    return list(doc["recipe"])


def test_every_scheme_is_a_recipe_and_every_recipe_a_scheme() -> None:
    listed = [r["file"] for r in _recipes()]
    assert listed == sorted(listed), "recipes.toml in the files' order"
    assert listed == [p.stem for p in SCHEMES]
    for r in _recipes():
        for key in ("title", "zh", "en"):
            assert r[key], (r["file"], key)
        assert (COOKBOOK / f"{r['file']}.cases.toml").is_file(), r["file"]


def test_the_cookbook_cases_pass(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["test", str(COOKBOOK)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "0 个未通过" in out
    assert out.count("✓ ") >= 2 * len(SCHEMES)  # at least two cases a recipe


@pytest.mark.parametrize("path", SCHEMES, ids=lambda p: p.stem)
def test_each_scheme_checks_without_a_warning(path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "✓" in out
    assert err == "", err
    compiled = load_scheme(path)
    assert compiled.warnings == ()
    assert compiled.scheme.lineage, "a recipe extends a bundled scheme"


@pytest.mark.parametrize("path", SCHEMES, ids=lambda p: p.stem)
def test_each_scheme_is_short_and_formatted(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_text(text, path.name) == text, f"run jixiao fmt {path.name}"
    code = [line for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    assert len(code) <= MAX_LINES, f"{path.name}: {len(code)} lines"


@pytest.mark.parametrize("path", SCHEMES, ids=lambda p: p.stem)
def test_a_case_warns_only_as_it_expects(path: Path) -> None:
    """The examples are clean: a warning a case does not list is a mistake in the example
    (a missing reason, an empty section), not something for a reader to copy."""
    runner = Runner()
    for case in read_cases(path.with_name(path.stem + ".cases.toml")):
        outcome = runner.run(case)
        if outcome.result is None:
            assert "error" in case.expect, case.name
            continue
        codes = {d.code for d in outcome.result.diagnostics}
        assert codes == {str(w) for w in case.expect.get("warnings", [])}, case.name


def test_the_cookbook_section_is_current() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import gen_docs
    finally:
        sys.path.remove(str(ROOT / "tools"))
    current = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    assert gen_docs.render("language") == current, \
        "docs/language.md's cookbook is stale: run tools/gen_docs.py"
    for path in SCHEMES:  # each scheme shown whole, as its file holds it
        assert path.read_text(encoding="utf-8").rstrip() in current, path.name
