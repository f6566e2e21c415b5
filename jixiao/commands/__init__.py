"""The subcommands of ``jixiao``, one module each.

Each module defines ``NAME``, ``HELP`` (Chinese / English), ``add_arguments(parser)`` and
``run(args) -> int`` (the exit status). ``jixiao.cli`` builds the command line from ``COMMANDS``
and turns every ``JixiaoError`` into diagnostics on stderr, so a command only raises. Adding a
command is one module and one line here.

The entries are ``Lazy``: a command's name and help are written here, and its module is
imported only when that command runs (or its ``--help`` is asked for). ``jixiao score`` then
imports no renderer, reader or pool of the commands it does not run, which is most of what
starting the CLI used to cost. A test keeps each entry's name and help equal to its module's.
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType
from typing import Protocol


class Command(Protocol):
    NAME: str
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


class Lazy:
    """A subcommand whose module (``jixiao.commands.<module>``) is imported on first use."""

    __slots__ = ("HELP", "NAME", "module")

    def __init__(self, name: str, module: str, help: str) -> None:
        self.NAME = name
        self.HELP = help
        self.module = module

    def load(self) -> ModuleType:
        return importlib.import_module(f"jixiao.commands.{self.module}")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        self.load().add_arguments(parser)

    def run(self, args: argparse.Namespace) -> int:
        status: int = self.load().run(args)
        return status


COMMANDS: tuple[Command, ...] = (
    Lazy("score", "score", "对数据文件评分 / score a project data file"),
    Lazy("report", "report", "生成自评表和自评报告 / write the 自评表 and the written report"),
    Lazy("check", "check", "检查评分方案 / check a scheme file"),
    Lazy("schemes", "schemes", "列出内置评分方案 / list the bundled schemes"),
    Lazy("explain", "explain", "逐项说明得分如何算出 / explain how each figure was reached"),
    Lazy("batch", "batch",
         "批量评分，每条记录输出一行 JSON / score many records, one JSON line each"),
    Lazy("summary", "summary", "汇总批量评分结果 / summarise a batch's output"),
    Lazy("test", "test", "运行方案旁的用例 / run the cases kept next to schemes"),
    Lazy("audit", "audit", "复核填报的自评表 / audit filed tables against the scheme"),
    Lazy("what-if", "whatif",
         "单项要变多少才能升级、保级或得满分 / what one figure must change to reach a grade"),
    Lazy("fmt", "fmt", "按统一格式排版方案 / lay schemes out in the canonical layout"),
    Lazy("doc", "doc", "输出评分细则 / print a scheme's scoring rules as a document"),
    Lazy("import", "importer",
         "把填好的自评表（.xlsx/.xls/.csv）转为数据文件 / read a filled 自评表 into a data file"),
)
