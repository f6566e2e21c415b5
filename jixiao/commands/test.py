"""``jixiao test [PATH…]``: run the cases kept next to schemes (logic in
``jixiao.schemetest``). Exit 0 when every case passes, 1 when one differs, 2 for a malformed
case file or scheme."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.files import resolved
from jixiao.schemetest import (
    Outcome,
    Reach,
    Runner,
    case_files,
    coverage,
    coverage_report,
    reached,
    read_cases,
    report,
)
from jixiao.schemetest import update as update_file

NAME = "test"
HELP = "运行方案旁的用例 / run the cases kept next to schemes"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="case files (NAME.cases.toml), schemes or folders; default: .")
    p.add_argument("--update", action="store_true",
                   help="write the scored figures into the expectations that differ")
    p.add_argument("--coverage", action="store_true",
                   help="list the kinds, levels, branches and grades no case reaches")


def run(args: argparse.Namespace) -> int:
    lang: str = args.lang
    files = case_files(args.paths or [Path(".")])
    cases = [c for f in files for c in read_cases(f)]
    runner = Runner()
    outcomes = [runner.run(c) for c in cases]
    sys.stdout.write(report(outcomes, lang))
    if args.coverage:
        by_scheme: dict[Path, list[Outcome]] = {}
        for o in outcomes:
            by_scheme.setdefault(resolved(o.case.scheme), []).append(o)
        reach: set[Reach] = set()
        for path, group in by_scheme.items():
            reach |= reached(runner.scheme(path), group)
        for path in by_scheme:
            gaps = coverage(runner.scheme(path), reach)
            sys.stdout.write(coverage_report(path.name, gaps, lang))
    if args.update:
        for f in files:
            changed, left = update_file(f, [o for o in outcomes if o.case.file == f])
            if changed:
                print(f"{f}: 已更新 {changed} 处" if lang == "zh" else f"{f}: {changed} updated")
            for item in left:
                print(f"{f}: 未能自动更新 {item}，请手工修改" if lang == "zh"
                      else f"{f}: could not update {item}; edit it by hand")
        return 0
    return 0 if all(o.passed for o in outcomes) else 1
