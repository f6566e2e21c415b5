"""The subcommands of ``jixiao``, one module each.

Each module defines ``NAME``, ``HELP`` (Chinese / English), ``add_arguments(parser)`` and
``run(args) -> int`` (the exit status). ``jixiao.cli`` builds the command line from ``COMMANDS``
and turns every ``JixiaoError`` into diagnostics on stderr, so a command only raises. Adding a
command is one module and one line here.
"""

from __future__ import annotations

import argparse
from typing import Protocol

from jixiao.commands import (
    audit,
    batch,
    check,
    doc,
    explain,
    fmt,
    importer,
    report,
    schemes,
    score,
    summary,
    test,
    whatif,
)


class Command(Protocol):
    NAME: str
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


COMMANDS: tuple[Command, ...] = (score, report, check, schemes, explain, batch, summary, test,
                                 audit, whatif, fmt, doc, importer)
