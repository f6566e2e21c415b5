"""``jixiao explain DATA``: every figure of the 自评表, the rule in the scheme's own words with
the values put in, each rounding step and the scheme line (logic in ``jixiao.explain``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.api import load_data, scheme_for
from jixiao.engine.evaluate import evaluate
from jixiao.explain import explain

NAME = "explain"
HELP = "逐项说明得分如何算出 / explain how each figure was reached"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", type=Path,
                   help="project data (.toml, .json) or a 自评表 (.xlsx, .xls, .csv)")
    p.add_argument("--scheme", type=Path,
                   help="scheme: a .jx file or a bundled scheme's name; overrides the data's")
    p.add_argument("--indicator", metavar="NAME",
                   help="only this indicator (or section, or 总分)")


def run(args: argparse.Namespace) -> int:
    lang: str = args.lang
    project = load_data(args.data)
    compiled = scheme_for(project, args.scheme)
    result = evaluate(compiled, project, explain=True)
    sys.stdout.write(explain(compiled, result, lang, args.indicator))
    return 0
