"""``jixiao schemes``: the bundled scheme library, by the names ``--scheme`` takes."""

from __future__ import annotations

import argparse

from jixiao.library import bundled_schemes
from jixiao.render.common import pad, width

NAME = "schemes"
HELP = "列出内置评分方案 / list the bundled schemes"


def add_arguments(p: argparse.ArgumentParser) -> None:
    del p  # no arguments of its own


def run(args: argparse.Namespace) -> int:
    zh = args.lang == "zh"
    found = bundled_schemes()
    head = ("名称", "方案", "版本", "继承", "依据") if zh else (
        "name", "scheme", "version", "extends", "basis")
    rows = [head] + [(s.name, s.title, s.version, " ← ".join(s.extends), s.basis)
                     for s in found]
    widths = [max(width(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(pad(c, w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4])
    return 0
