"""The examples in ``examples/``: each scores as its README says and audits as its README says.

Golden files (``__snapshots__/test_examples/``) hold the 自评表 and the audit report of each;
they were checked figure by figure against the tables they transcribe (see each README)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT
from snapshots import JSONTextSnapshot, TextSnapshot
from syrupy.assertion import SnapshotAssertion

import jixiao
from jixiao.audit import audit_paths
from jixiao.render.audit import audit_json

EXAMPLES = ("county-water-2024-adjusted", "city-renovation-2025-na-deadlines",
            "county-training-2024-subrows")
# (total, grade, audit classes, errors) worked by hand in each README
EXPECTED = {
    "county-water-2024-adjusted": ("95", "优", ["adjustment", "adjustment", "adjustment"], 0),
    "city-renovation-2025-na-deadlines": ("88.43", "良", [], 0),
    "county-training-2024-subrows": ("91.33", "优", ["arithmetic", "missing_reason"], 1),
    "xinjiang-soil-2025": ("92.71", "优", ["unit"], 0),
}


def _data(name: str) -> Path:
    return ROOT / "examples" / name / "data.toml"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_scores_and_audits_as_its_readme_says(name: str) -> None:
    total, grade, classes, errors = EXPECTED[name]
    r = jixiao.score(_data(name))
    assert (str(jixiao.to_dict(r)["total"]), r.grade) == (total, grade)
    [a] = audit_paths([_data(name)])
    assert [f.cls for f in a.findings] == classes
    assert a.errors == errors


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_text_golden(name: str, snapshot: SnapshotAssertion) -> None:
    assert jixiao.to_text(jixiao.score(_data(name))) == snapshot(extension_class=TextSnapshot)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_audit_golden(name: str, snapshot: SnapshotAssertion) -> None:
    out = audit_json(audit_paths([_data(name)]))
    assert json.loads(out)["files"][0]["source"].endswith("data.toml")
    assert out.replace(str(ROOT) + "/", "") == snapshot(extension_class=JSONTextSnapshot)


def test_the_readmes_show_what_the_commands_print(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each README quotes the 自评表 and the audit report as the commands print them."""
    from jixiao.render.audit import audit_text
    monkeypatch.chdir(ROOT)
    for name in EXAMPLES:
        readme = (ROOT / "examples" / name / "README.md").read_text(encoding="utf-8")
        text = jixiao.to_text(jixiao.score(_data(name)))
        assert text.strip() in readme, name
        report = audit_text(audit_paths([Path("examples") / name / "data.toml"]))
        assert report.strip() in readme, name


def test_the_readme_audit_report_is_real(monkeypatch: pytest.MonkeyPatch) -> None:
    """The top README's 复核 example is what ``jixiao audit`` prints for the four files."""
    from jixiao.render.audit import audit_text
    monkeypatch.chdir(ROOT)
    report = audit_text(audit_paths([f"examples/{n}/data.toml" for n in (
        "xinjiang-soil-2025", "county-water-2024-adjusted", "city-renovation-2025-na-deadlines",
        "county-training-2024-subrows")]))
    assert report.strip() in (ROOT / "README.md").read_text(encoding="utf-8")


# The bundled schemes' own examples: every other folder of examples/ (not the seed, whose
# goldens are in test_seed.py, nor the tables above). Each golden was checked by eye against the
# figures worked by hand in the scheme's ``NAME.cases.toml``.
LIBRARY_EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/data.toml")
                          if p.parent.name not in {*EXPECTED, *EXAMPLES})


def _scheme_of(name: str) -> str:
    text = _data(name).read_text(encoding="utf-8")
    return next(line.split('"')[1] for line in text.splitlines() if line.startswith("scheme ="))


@pytest.mark.parametrize("name", LIBRARY_EXAMPLES)
def test_every_library_example_has_its_scheme_cases(name: str) -> None:
    """A library example is there to show a bundled scheme: that scheme has hand-worked cases."""
    scheme = ROOT / "schemes" / _scheme_of(name)
    assert scheme.is_file(), name
    assert scheme.with_name(scheme.stem + ".cases.toml").is_file(), name


@pytest.mark.parametrize("name", LIBRARY_EXAMPLES)
def test_example_golden(name: str, snapshot: SnapshotAssertion) -> None:
    assert jixiao.to_text(jixiao.score(_data(name))) == snapshot(extension_class=TextSnapshot)
