"""``jixiao batch --scheme S INPUT… -o OUT.jsonl``: score many records, one output line each.

Inputs are JSON Lines, CSV in the flat layout, ``.toml``/``.json`` data files, filled 自评表
workbooks (a project per file or per sheet), or folders of these (``docs/batch.md``). ``-o``
writes JSON Lines, or a CSV of one row per record when its name ends in ``.csv``. Every record
gives exactly one line, its result or its errors with the record's file and line, in input
order; a bad record never stops the run. Exit status 0 when every record was scored, 1 when
some records have errors, 2 when the run itself cannot start (bad scheme, missing input).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.batch import Inputs, Progress, open_output, output_kind, run_batch
from jixiao.commands.common import job_count

NAME = "batch"
HELP = "批量评分，每条记录输出一行 JSON / score many records, one JSON line each"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", type=Path, nargs="+", metavar="INPUT",
                   help="JSON Lines (.jsonl, or - for standard input), CSV (.csv), data files "
                        "(.toml, .json), 自评表 workbooks (.xlsx, .xls) or folders")
    p.add_argument("--scheme", required=True,
                   help="scheme: a .jx file or a bundled scheme's name")
    p.add_argument("-o", "--output", type=Path,
                   help="write here (default: standard output): .jsonl one JSON line per "
                        "record, .csv one table row per record")
    p.add_argument("-j", "--jobs", type=job_count, default=1,
                   help="processes scoring in parallel, 1 to 64 (default 1)")
    p.add_argument("--explain", action="store_true",
                   help="add each figure's explanation steps (slower, larger output)")
    p.add_argument("--audit", action="store_true",
                   help="add each record's audit findings (as jixiao audit) to its line")
    p.add_argument("--progress", choices=["auto", "on", "off"], default="auto",
                   help="progress bar on standard error (auto: when it is a terminal)")


def run(args: argparse.Namespace) -> int:
    lang: str = args.lang
    kind = output_kind(args.output, explain=args.explain)  # refused before any work
    inputs = Inputs(args.inputs, skip=args.output)
    enabled = {"auto": None, "on": True, "off": False}[args.progress]
    progress = Progress(sys.stderr, inputs.total_bytes, enabled)
    with open_output(args.output, [p for p in args.inputs if str(p) != "-"]) as out:
        summary = run_batch(inputs, str(args.scheme), out, jobs=args.jobs,
                            explain=args.explain, lang=lang, progress=progress,
                            audit=args.audit, output=kind)
    print(summary.render(lang), file=sys.stderr)
    return 1 if summary.failed else 0
