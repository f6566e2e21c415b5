"""The ``jixiao`` command.

    jixiao score DATA [--scheme FILE] [--format text|json|toml] [-o FILE] [--lang zh|en]
    jixiao check SCHEME [--lang zh|en]

Exit status: 0 scored (warnings are printed but do not fail), 2 a user's mistake (bad scheme,
bad data, missing file), reported as diagnostics on stderr and never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from jixiao.api import load_scheme, score
from jixiao.engine.diagnostics import JixiaoError
from jixiao.render import render_diagnostics, to_json, to_text, to_toml

USER_ERROR = 2
_RENDER = {"text": to_text, "json": to_json, "toml": to_toml}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jixiao", description="绩效自评评分 / score 绩效自评 tables")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("score", help="score a project data file / 对数据文件评分")
    s.add_argument("data", type=Path, help="project data (.toml or .json)")
    s.add_argument("--scheme", type=Path, help="scheme file (.jx); overrides the data's scheme")
    s.add_argument("--format", choices=sorted(_RENDER), default="text")
    s.add_argument("-o", "--output", type=Path, help="write here instead of standard output")
    s.add_argument("--lang", choices=["zh", "en"], default="zh", help="message language")
    c = sub.add_parser("check", help="check a scheme file / 检查评分方案")
    c.add_argument("scheme", type=Path)
    c.add_argument("--lang", choices=["zh", "en"], default="zh")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a name no terminal can show must not crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = _parser().parse_args(argv)
    lang: str = args.lang
    try:
        if args.command == "check":
            compiled = load_scheme(args.scheme)
            s = compiled.scheme
            print(f"{args.scheme}: {s.name} {s.version}".rstrip() + " ✓ "
                  + (f"{len(s.sections)} 个一级指标, {len(s.kinds)} 种指标类型"
                     if lang == "zh" else f"{len(s.sections)} sections, {len(s.kinds)} kinds"))
            return 0
        result = score(args.data, args.scheme)
        text = _RENDER[args.format](result, lang)
        if args.output is not None:
            args.output.write_text(text, encoding="utf-8", errors="backslashreplace")
        else:
            sys.stdout.write(text)
        if result.diagnostics and args.format != "text":
            print(render_diagnostics(result.diagnostics, lang), file=sys.stderr)
        return 0
    except JixiaoError as exc:
        print(render_diagnostics(exc.diagnostics, lang), file=sys.stderr)
        return USER_ERROR
    except OSError as exc:  # an output file that cannot be written
        print(f"jixiao: {exc}", file=sys.stderr)
        return USER_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
