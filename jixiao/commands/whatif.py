"""``jixiao what-if DATA``: the smallest change of one figure that reaches the next grade, keeps
the current one, or gives a figure its full score, found exactly (logic in ``jixiao.whatif``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.api import load_data, scheme_for
from jixiao.engine.evaluate import evaluate
from jixiao.whatif import render, what_if

NAME = "what-if"
HELP = "单项要变多少才能升级、保级或得满分 / what one figure must change to reach a grade"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", type=Path,
                   help="project data (.toml, .json) or a 自评表 (.xlsx, .xls, .csv)")
    p.add_argument("--scheme", type=Path,
                   help="scheme: a .jx file or a bundled scheme's name; overrides the data's")


def run(args: argparse.Namespace) -> int:
    lang: str = args.lang
    project = load_data(args.data)
    compiled = scheme_for(project, args.scheme)
    result = evaluate(compiled, project, explain=True)
    questions, fixed, _ = what_if(compiled, project, result)
    sys.stdout.write(render(compiled, result, questions, fixed, lang))
    return 0
