"""``jixiao check SCHEME``: parse and check a scheme, reporting every problem."""

from __future__ import annotations

import argparse
from pathlib import Path

from jixiao.library import load_scheme

NAME = "check"
HELP = "检查评分方案 / check a scheme file"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scheme", type=Path, help="a .jx file or a bundled scheme's name")


def run(args: argparse.Namespace) -> int:
    compiled = load_scheme(args.scheme)
    s = compiled.scheme
    print(f"{args.scheme}: {s.name} {s.version}".rstrip() + " ✓ "
          + (f"{len(s.sections)} 个一级指标, {len(s.kinds)} 种指标类型"
             if args.lang == "zh" else f"{len(s.sections)} sections, {len(s.kinds)} kinds"))
    return 0
