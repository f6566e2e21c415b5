"""``jixiao score DATA``: score one project's data and print or write the 自评表."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.api import score
from jixiao.render import render_diagnostics, to_json, to_text, to_toml

NAME = "score"
HELP = "对数据文件评分 / score a project data file"
RENDER = {"text": to_text, "json": to_json, "toml": to_toml}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", type=Path, help="project data (.toml or .json)")
    p.add_argument("--scheme", type=Path,
                   help="scheme: a .jx file or a bundled scheme's name; overrides the data's")
    p.add_argument("--format", choices=sorted(RENDER), default="text")
    p.add_argument("-o", "--output", type=Path, help="write here instead of standard output")


def run(args: argparse.Namespace) -> int:
    lang: str = args.lang
    result = score(args.data, args.scheme)
    text = RENDER[args.format](result, lang)
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8", errors="backslashreplace")
    else:
        sys.stdout.write(text)
    if result.diagnostics and args.format != "text":
        print(render_diagnostics(result.diagnostics, lang), file=sys.stderr)
    return 0
