"""``jixiao fmt FILE…``: lay schemes out in the one canonical layout, comments kept (logic in
``jixiao.fmt``). ``--check`` changes nothing and exits 1 when a file is not formatted;
``--diff`` prints what would change."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.files import read_text, write_output
from jixiao.fmt import diff, format_text

NAME = "fmt"
HELP = "按统一格式排版方案 / lay schemes out in the canonical layout"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="scheme files (.jx)")
    p.add_argument("--check", action="store_true",
                   help="change nothing; exit 1 if a file is not formatted")
    p.add_argument("--diff", action="store_true", help="print the changes instead of writing")


def run(args: argparse.Namespace) -> int:
    zh = args.lang == "zh"
    unformatted = 0
    for path in args.files:
        old = read_text(path)
        new = format_text(old, str(path))
        if new == old:
            continue
        unformatted += 1
        if args.diff:
            sys.stdout.write(diff(old, new, str(path)))
        elif args.check:
            print(f"需要格式化：{path}" if zh else f"not formatted: {path}")
        else:
            write_output(path, new)  # aside, then renamed: a failed write keeps the scheme
            print(f"已格式化：{path}" if zh else f"formatted: {path}")
    return 1 if unformatted and (args.check or args.diff) else 0
