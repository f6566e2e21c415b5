"""``jixiao summary OUT.jsonl [--format text|html|xlsx] [-o FILE]``: the portfolio view of a
batch's output — grades by region, department and fund, the indicators most often missed, the
largest adjustments, the records with findings and those not scored."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.files import write_output
from jixiao.portfolio import read_lines, read_portfolio
from jixiao.render.portfolio import to_html, to_text, to_xlsx

NAME = "summary"
HELP = "汇总批量评分结果 / summarise a batch's output"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("results", type=Path, nargs="+", metavar="OUT.jsonl",
                   help="what jixiao batch -o wrote")
    p.add_argument("--format", choices=["text", "html", "xlsx"], default="text")
    p.add_argument("-o", "--output", type=Path,
                   help="write here instead of standard output (required for xlsx)")


def run(args: argparse.Namespace) -> int:
    lang: str = args.lang
    portfolio = read_portfolio(line for path in args.results for line in read_lines(path))
    if args.format == "xlsx":
        data = to_xlsx(portfolio, lang)
        if args.output is None:
            sys.stdout.buffer.write(data)
        else:
            write_output(args.output, data, args.results)
        return 0
    text = (to_html if args.format == "html" else to_text)(portfolio, lang)
    if args.output is not None:
        write_output(args.output, text, args.results)
    else:
        sys.stdout.write(text)
    return 0
