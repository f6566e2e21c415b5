"""``jixiao check SCHEME``: parse and check a scheme, reporting every problem, and for a scheme
that extends another, what it changes (so that a rule lost by accident shows)."""

from __future__ import annotations

import argparse
from pathlib import Path

from jixiao.commands.common import warn
from jixiao.engine.model import Change
from jixiao.library import load_scheme

NAME = "check"
HELP = "检查评分方案 / check a scheme file"

_ACTION = {"added": ("新增", "adds"), "changed": ("修改", "changes"),
           "replaced": ("整体替换", "replaces"), "dropped": ("删除", "drops")}
_WHAT = {"section": "一级指标", "kind": "指标类型", "formula": "公式", "derive": "派生指标",
         "grades": "评级", "require": "require", "basis": "依据", "rounding": "取整方式",
         "budget": "budget"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scheme", type=Path, help="a .jx file or a bundled scheme's name")


def describe(change: Change, lang: str) -> str:
    """One line of ``check``'s list of changes: ``修改 一级指标 预算执行: weight 10 → 20``."""
    zh, en = _ACTION.get(change.action, (change.action, change.action))
    what = _WHAT.get(change.what, change.what) if lang == "zh" else change.what
    head = f"{zh if lang == 'zh' else en} {what}" + (f" {change.name}" if change.name else "")
    return head + (f": {'; '.join(change.details)}" if change.details else "")


def run(args: argparse.Namespace) -> int:
    compiled = args.product = load_scheme(args.scheme)
    s = compiled.scheme
    zh = args.lang == "zh"
    print(f"{args.scheme}: {s.name} {s.version}".rstrip() + " ✓ "
          + (f"{len(s.sections)} 个一级指标, {len(s.kinds)} 种指标类型, 满分 {s.full_score}"
             if zh else f"{len(s.sections)} sections, {len(s.kinds)} kinds, "
             f"full score {s.full_score}"))
    if s.lineage:
        print(("继承 " if zh else "extends ") + " ← ".join(s.lineage))
        for change in s.changes:
            print("  " + describe(change, args.lang))
    warn(args, compiled.warnings)
    return 0
