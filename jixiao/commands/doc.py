"""``jixiao doc SCHEME``: the 评分细则 of a scheme as staff publish it, inheritance resolved
(logic and renderers in ``jixiao.render.scheme_doc``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.files import write_output
from jixiao.library import load_scheme, locate_scheme
from jixiao.render.scheme_doc import scheme_doc

NAME = "doc"
HELP = "输出评分细则 / print a scheme's scoring rules as a document"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scheme", type=Path, help="a .jx file or a bundled scheme's name")
    p.add_argument("--format", choices=("md", "html"),
                   help="md or html (default: from the extension of -o, else md)")
    p.add_argument("-o", "--output", type=Path, help="write here instead of standard output")


def run(args: argparse.Namespace) -> int:
    compiled = args.product = load_scheme(args.scheme)
    fmt = args.format
    if fmt is None:
        out = args.output
        fmt = "html" if out is not None and out.suffix.lower() in (".html", ".htm") else "md"
    text = scheme_doc(compiled.scheme, fmt, args.lang)
    if args.output is not None:
        write_output(args.output, text, [locate_scheme(args.scheme)])
    else:
        sys.stdout.write(text)
    return 0
