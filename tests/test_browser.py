"""The HTML report in a real browser: Debian's Chromium, headless (``.ci/run`` installs it).

What a reader sees — the DOM after Chromium has parsed and laid out the file — carries the
total, the grade and every indicator row; printed to PDF it is A4 and a handful of pages (the
自评表 on its own pages, then the written sections). Skips only when Chromium is missing, and
says so on the terminal as well as in the skip reason.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_DATA

import jixiao
from jixiao.render.html import to_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-dev-shm-usage", "--hide-scrollbars"]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if CHROMIUM is None:
        message = ("CHROMIUM NOT INSTALLED: the real-browser test of the HTML report is SKIPPED "
                   "(apt-get install chromium poppler-utils fonts-noto-cjk; .ci/run does this)")
        print(f"\n*** {message} ***", file=sys.stderr)
        pytest.skip(message)
    path = tmp_path_factory.mktemp("browser") / "report.html"
    path.write_text(to_html(jixiao.score(SEED_DATA)), encoding="utf-8")
    return path


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, *FLAGS, *args], capture_output=True, text=True,
                          timeout=120, check=False)


def test_a_reader_sees_the_total_the_grade_and_every_row(page: Path) -> None:
    done = chromium("--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert '<b id="total">92.71</b>' in dom
    assert '<b id="grade">优</b>' in dom
    text = re.sub(r"<[^>]+>", "|", dom)
    for ind in jixiao.score(SEED_DATA).indicators:
        assert ind.name in text, ind.name
    assert "自评结果为“优”" in text
    assert dom.count("<svg") == 2  # both charts were parsed


def test_printed_to_pdf_it_is_a4_and_a_few_pages(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    done = chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.exists(), done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
        assert "(A4)" in info, info
    else:
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    # measured: 5 pages (the 自评表 on two, the written sections on three)
    assert 3 <= pages <= 8, pages


# Measures, after Chromium's layout, every heading cell of the 自评表 and of the data tables:
# its characters and the lines they were laid out on (one client rect per line of its text);
# and whether the page itself is wider than the window (it must not be: the wide tables scroll
# inside their own box).
_MEASURE = """<script>
const cells = [...document.querySelectorAll("table.form th, table.data th")].map(th => {
  const text = th.textContent.trim();
  const range = document.createRange();
  range.selectNodeContents(th);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return [text, text.length, tops.size];
});
document.body.dataset.cells = JSON.stringify(cells);
document.body.dataset.overflow = String(document.documentElement.scrollWidth > innerWidth);
</script></body>"""


@pytest.mark.parametrize("window", [400, 794])  # a phone, and an A4 page's width at 96 dpi
def test_heading_cells_keep_their_words_on_a_narrow_screen(page: Path, tmp_path: Path,
                                                           window: int) -> None:
    """Seen before the fix at 400 px: the 自评表's columns squeezed until 转移支付（项目）名称,
    全年预算数（A） and 分值 stood one character per line. Now the form keeps its width and
    scrolls sideways in its own box; no heading cell of two characters or more is laid out one
    character per line (fewer than two characters a line)."""
    import json

    measured = tmp_path / "measured.html"
    measured.write_text(page.read_text(encoding="utf-8").replace("</body>", _MEASURE),
                        encoding="utf-8")
    done = chromium(f"--window-size={window},1200", "--dump-dom", measured.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'data-cells="([^"]*)"', done.stdout)
    assert found is not None, done.stdout[:500]
    cells = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert len(cells) > 20  # every heading cell was measured
    # fewer than two characters a line: 分值 as 分 / 值, 序号 as 序 / 号
    stacked = [(text, lines) for text, chars, lines in cells if chars >= 2 and chars < 2 * lines]
    assert stacked == [], stacked
    assert 'data-overflow="false"' in done.stdout  # the page does not scroll sideways
