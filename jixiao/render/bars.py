"""The written report's two pictures as PNG, for Word: each section's score against its weight,
and each indicator's completion — the bars the HTML draws as inline SVG.

Stage: renderer; needs Pillow (extra ``docx``: python-docx embeds only raster pictures), imported
here only. The figures are the ``Result``'s, drawn, never recomputed. Chinese labels need a CJK
font: the first one found in the usual system places (Noto CJK, WenQuanYi, SimHei, Microsoft
YaHei, PingFang; only the CLI reads the environment, so there is no variable for it); with none,
the bars carry numbers (1, 2, …) and the caller puts the names beside the picture
(``Picture.legend``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from jixiao.engine.result import Result
from jixiao.render.common import dec, percent

# Where systems keep a CJK font (checked in this order).
FONT_PLACES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)
SCALE = 2  # drawn at twice the size shown, for print


@attrs.frozen
class Picture:
    """A PNG with its alt text; ``legend`` (number, name, figure) when the names are not in it."""

    png: bytes
    alt: str
    width_mm: float
    legend: tuple[tuple[str, str, str], ...] = ()


def cjk_font() -> str | None:
    """The path of a font that has Chinese, or None."""
    return next((place for place in FONT_PLACES if Path(place).is_file()), None)


def _pil() -> Any:
    from PIL import Image, ImageDraw, ImageFont

    return Image, ImageDraw, ImageFont


def _bars(rows: Sequence[tuple[str, Decimal, Decimal, str]], font_path: str | None,
          alt: str) -> Picture:
    """Horizontal bars: for each row (label, value, full, figure text) a grey bar of ``full``
    and a dark one of ``value`` over it, on one scale."""
    image_mod, draw_mod, font_mod = _pil()
    s = SCALE
    size = 13 * s
    if font_path is not None:
        font = font_mod.truetype(font_path, size)
        labels = [label for label, *_ in rows]
    else:
        font = font_mod.load_default(size=size)
        labels = [str(i) for i in range(1, len(rows) + 1)]
    probe = draw_mod.Draw(image_mod.new("RGB", (1, 1)))
    label_w = max((probe.textlength(t, font=font) for t in labels), default=0) + 10 * s
    label_w = min(label_w, 260 * s)
    bar_w, row_h, pad = 300 * s, 24 * s, 8 * s
    fig_w = max((probe.textlength(f, font=font) for *_, f in rows), default=0) + 12 * s
    width = int(pad + label_w + bar_w + fig_w + pad)
    height = int(pad * 2 + row_h * len(rows))
    img = image_mod.new("RGB", (width, height), "white")
    d = draw_mod.Draw(img)
    top = max((full for _, _, full, _ in rows), default=Decimal(1)) or Decimal(1)
    for k, (text, value, full, figure) in enumerate(rows):
        y = pad + k * row_h
        shown = labels[k]
        while font_path is not None and probe.textlength(shown, font=font) > label_w - 10 * s \
                and len(shown) > 2:
            shown = shown[:-2] + "…"
        d.text((pad, y + row_h / 2), shown, fill="black", font=font, anchor="lm")
        x0 = pad + label_w
        full_w = float(full / top) * bar_w
        val_w = float(min(value, full) / top) * bar_w if full else 0.0
        d.rectangle((x0, y + 5 * s, x0 + full_w, y + row_h - 5 * s), fill="#dddddd")
        colour = "#2f5597" if value >= full else "#c55a11"
        if val_w > 0:
            d.rectangle((x0, y + 5 * s, x0 + val_w, y + row_h - 5 * s), fill=colour)
        d.text((x0 + max(full_w, val_w) + 6 * s, y + row_h / 2), figure, fill="black",
               font=font, anchor="lm")
        del text
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    legend = () if font_path is not None else tuple(
        (str(i), label, figure) for i, (label, _, _, figure) in enumerate(rows, 1))
    return Picture(out.getvalue(), alt, min(width / s * 0.3, 165.0), legend)


def sections_picture(r: Result, font_path: str | None) -> Picture:
    """Each section's score against its weight (得分/分值)."""
    rows = [(s.name, s.score, s.weight, f"{dec(s.score)}/{dec(s.weight)}") for s in r.sections]
    alt = "各一级指标得分与分值：" + "；".join(f"{n}{f}" for n, _, _, f in rows)
    return _bars(rows, font_path, alt)


def indicators_picture(r: Result, font_path: str | None) -> Picture:
    """Each scored indicator's completion (完成率), full at 100%."""
    rows = [(i.name, i.completion, Decimal(1), percent(i.completion))
            for i in r.indicators if i.scored]
    alt = "各三级指标完成率：" + "；".join(f"{n}{f}" for n, _, _, f in rows)
    return _bars(rows, font_path, alt)


__all__ = ["FONT_PLACES", "Picture", "cjk_font", "indicators_picture", "sections_picture"]
