"""The ``jixiao`` command: the subcommands are in ``jixiao.commands``, one module each.

    jixiao score DATA [--scheme S] [--format text|json|toml] [-o FILE] [--lang zh|en]
    jixiao check SCHEME [--lang zh|en]
    jixiao schemes

Exit status: 0 done (warnings are printed but do not fail), 2 a user's mistake (bad scheme,
bad data, missing file), reported as diagnostics on stderr and never as a traceback. A command
may define other statuses (``audit`` exits 1 on findings).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from jixiao.commands import COMMANDS
from jixiao.engine.diagnostics import JixiaoError
from jixiao.render import render_diagnostics

USER_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jixiao", description="绩效自评评分 / score 绩效自评 tables")
    sub = p.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        c = sub.add_parser(command.NAME, help=command.HELP)
        command.add_arguments(c)
        c.add_argument("--lang", choices=["zh", "en"], default="zh",
                       help="message language / 提示语言")
        c.set_defaults(run=command.run)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a name no terminal can show must not crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = _parser().parse_args(argv)
    lang: str = args.lang
    try:
        status: int = args.run(args)
        return status
    except JixiaoError as exc:
        print(render_diagnostics(exc.diagnostics, lang), file=sys.stderr)
        return USER_ERROR
    except OSError as exc:  # an output file that cannot be written
        print(f"jixiao: {exc}", file=sys.stderr)
        return USER_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
