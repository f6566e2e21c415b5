"""``jixiao audit DATA…``: recompute every figure of filed 自评表 and compare (复核).

``DATA`` are data files or folders (every ``.toml``/``.json`` under them). Each file's findings
are listed with their class, then a summary by class over all files. Exit status: 0 when no
finding has error severity (precision, allowed adjustments, warnings are fine), 1 when one has,
2 for bad input (a missing file, a scheme that cannot be loaded, a file naming no scheme).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.audit import audit_paths
from jixiao.commands.score import add_percent_arguments
from jixiao.engine.diagnostics import InputError, error
from jixiao.files import exists, write_output
from jixiao.render.audit import AUDIT_FORMATS

NAME = "audit"
HELP = "复核填报的自评表 / audit filed tables against the scheme"
FINDINGS = 1


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", nargs="+", help="data files (.toml, .json), 自评表 (.xlsx, .xls, .csv), "
                   "or folders of them")
    p.add_argument("--scheme",
                   help="scheme: a .jx file or a bundled scheme's name; overrides the data's")
    p.add_argument("--format", choices=sorted(AUDIT_FORMATS), default="text",
                   help="report format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here")
    add_percent_arguments(p)


def run(args: argparse.Namespace) -> int:
    for d in args.data:
        if not exists(Path(d)):
            raise InputError([error("JX001", where=d, path=d)])
    audits = audit_paths(args.data, args.scheme, percent_as_fraction=args.percent_as_fraction)
    if not audits:
        raise InputError([error("JX001", where=" ".join(args.data),
                                path=" ".join(args.data)
                                + " (*.toml, *.json, *.xlsx, *.xls, *.csv)")])
    content = AUDIT_FORMATS[args.format](audits, args.lang)
    if args.output is not None and args.output != "-":
        write_output(Path(args.output), content)
    else:
        sys.stdout.write(content)
    return FINDINGS if any(a.errors for a in audits) else 0
