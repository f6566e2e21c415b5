"""The docx report's pictures: each section's score against its weight and each indicator's
completion, PNG drawn with Pillow, embedded with alt text that carries every figure."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest
from conftest import SEED_DATA

import jixiao
from jixiao.engine.result import Result

PIL = pytest.importorskip("PIL")
docx = pytest.importorskip("docx")

from PIL import Image  # noqa: E402

from jixiao.render.bars import (  # noqa: E402
    SCALE,
    cjk_font,
    indicators_picture,
    sections_picture,
)
from jixiao.render.docx import to_docx  # noqa: E402


@pytest.fixture(scope="module")
def seed() -> Result:
    return jixiao.score(SEED_DATA)


def _pictures(data: bytes) -> list[tuple[str, str]]:
    """(title, alt text) of every picture in the document, in order."""
    from docx.oxml.ns import qn

    doc = docx.Document(io.BytesIO(data))
    return [(d.get("title", ""), d.get("descr", "")) for d in doc.element.body.iter(qn("wp:docPr"))]


def test_docx_holds_both_pictures_with_alt_text(seed: Result) -> None:
    data = to_docx(seed)
    pictures = _pictures(data)
    assert [t for t, _ in pictures] == ["各三级指标完成率", "各一级指标得分与分值"]
    completion, sections = (alt for _, alt in pictures)
    assert "项目开工率66.67%" in completion
    assert "群众满意度100%" in completion
    assert sections == ("各一级指标得分与分值：预算执行5.38/10；产出指标47.33/50；效益指标30/30；"
                        "满意度指标10/10")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        assert len(media) == 2
        for name in media:
            img = Image.open(io.BytesIO(z.read(name)))
            assert img.format == "PNG"
            assert img.width > img.height > 0


@pytest.mark.skipif(cjk_font() is None, reason="no CJK font on this machine (fonts-noto-cjk)")
def test_with_a_cjk_font_the_names_are_in_the_picture(seed: Result) -> None:
    """Labels drawn in the picture: no legend table; the image is wider than the numbered one."""
    font = cjk_font()
    named = indicators_picture(seed, font)
    numbered = indicators_picture(seed, None)
    assert named.legend == ()
    assert len(numbered.legend) == 10
    assert Image.open(io.BytesIO(named.png)).width > Image.open(io.BytesIO(numbered.png)).width


def test_without_a_cjk_font_a_legend_names_the_bars(seed: Result) -> None:
    pic = sections_picture(seed, None)
    assert pic.legend == (("1", "预算执行", "5.38/10"), ("2", "产出指标", "47.33/50"),
                          ("3", "效益指标", "30/30"), ("4", "满意度指标", "10/10"))
    img = Image.open(io.BytesIO(pic.png)).convert("RGB")
    # 预算执行's bar: 5.38 of 10 filled in the shortfall colour, the rest grey
    row = (8 + 12) * SCALE  # the middle of the first row (padding 8, rows 24 high)
    colours = {img.getpixel((x, row)) for x in range(img.width)}
    assert (197, 90, 17) in colours
    assert (221, 221, 221) in colours


def test_without_pillow_the_figures_are_tables(seed: Result, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    monkeypatch.setitem(sys.modules, "PIL", None)
    data = to_docx(seed)
    assert _pictures(data) == []
    doc = docx.Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert "各一级指标得分与分值" in texts
    assert "各三级指标完成率" in texts
