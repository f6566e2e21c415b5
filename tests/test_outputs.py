"""Every command that writes a file writes it aside and renames it, and never over its input
(issue 7, lost data): ``batch -o``, ``summary -o``, ``import -o``, ``fmt`` and
``test --update`` join ``score``/``report``/``audit``/``doc``."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from conftest import SEED_DATA

from jixiao.cli import main
from jixiao.files import output_stream


def _seed_lines(tmp_path: Path) -> Path:
    record = tomllib.loads(SEED_DATA.read_text(encoding="utf-8"))
    record.pop("scheme", None)
    lines = tmp_path / "in.jsonl"
    lines.write_text(json.dumps(record, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return lines


def test_batch_never_writes_over_an_input(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    lines = _seed_lines(tmp_path)
    before = lines.read_bytes()
    assert main(["batch", "--scheme", "soil_pollution", str(lines), "-o", str(lines)]) == 2
    assert "JX030" in capsys.readouterr().err
    assert lines.read_bytes() == before


def test_a_batch_that_cannot_start_keeps_the_previous_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _seed_lines(tmp_path)
    out = tmp_path / "out.jsonl"
    out.write_text("the previous run\n", encoding="utf-8")
    assert main(["batch", "--scheme", "no_such_scheme", str(lines), "-o", str(out)]) == 2
    capsys.readouterr()
    assert out.read_text(encoding="utf-8") == "the previous run\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers
    assert main(["batch", "--scheme", "soil_pollution", str(lines), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["result"]["total"] == "92.71"


def test_summary_never_writes_over_its_input(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    lines = _seed_lines(tmp_path)
    out = tmp_path / "out.jsonl"
    assert main(["batch", "--scheme", "soil_pollution", str(lines), "-o", str(out)]) == 0
    before = out.read_bytes()
    assert main(["summary", str(out), "-o", str(out)]) == 2
    assert "JX030" in capsys.readouterr().err
    assert out.read_bytes() == before
    report = tmp_path / "summary.txt"
    assert main(["summary", str(out), "-o", str(report)]) == 0
    assert report.read_text(encoding="utf-8")


def test_an_error_inside_the_stream_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old\n", encoding="utf-8")

    def stopped_run() -> None:
        with output_stream(out) as f:
            f.write("half of the new\n")
            raise RuntimeError("the run stopped")
    with pytest.raises(RuntimeError):
        stopped_run()
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_an_unwritable_folder_is_jx020_for_batch(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    lines = _seed_lines(tmp_path)
    out = tmp_path / "missing-folder" / "out.jsonl"
    assert main(["batch", "--scheme", "soil_pollution", str(lines), "-o", str(out)]) == 2
    assert "JX020" in capsys.readouterr().err
