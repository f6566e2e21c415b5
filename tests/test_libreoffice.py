"""The written report (.docx) and the 自评表 (.xlsx) open in LibreOffice: each is converted to
PDF with ``soffice --headless --convert-to pdf`` and the PDF's text holds the seed's total,
grade and indicator names. Slow (a LibreOffice start each): the full profile runs it. Skipped,
loudly, when LibreOffice (Writer and Calc) is not installed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_DATA

import jixiao

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.slow


def _convert(path: Path) -> str:
    if SOFFICE is None or PDFTOTEXT is None:
        message = ("LIBREOFFICE NOT INSTALLED: the docx/xlsx conversion test is SKIPPED "
                   "(apt-get install libreoffice-writer-nogui libreoffice-calc-nogui "
                   "poppler-utils)")
        print(f"\n*** {message} ***", file=sys.stderr)
        pytest.skip(message)
    profile = path.parent / "profile"
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(path.parent), str(path)],
        capture_output=True, text=True, timeout=240, check=False)
    pdf = path.with_suffix(".pdf")
    if not pdf.exists():  # Writer or Calc missing: LibreOffice says "could not be loaded"
        pytest.fail(f"LibreOffice did not convert {path.name}: {done.stderr or done.stdout}")
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60, check=True).stdout
    # a paragraph wraps wherever the page ends a line: the sentence is checked with every
    # space and line break taken out (a table cell that wraps is interleaved with its row's
    # other cells by pdftotext, so only words shorter than a cell are looked for there)
    return "".join(text.split())


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_libreoffice_opens_it(suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"report{suffix}"
    fmt = suffix[1:]
    from jixiao.render.formats import FORMATS

    path.write_bytes(FORMATS[fmt].render(jixiao.score(SEED_DATA), "zh"))  # type: ignore[arg-type]
    text = _convert(path)
    assert "92.71" in text
    assert "自评结果：优" in text
    for name in ("氰渣堆整治量", "项目开工率", "群众满意度"):
        assert name in text
    if suffix == ".docx":
        assert "实际到位3266.1万元，到位率100%" in text
