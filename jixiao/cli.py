"""The ``jixiao`` command: the subcommands are in ``jixiao.commands``, one module each.

    jixiao score DATA|- [--scheme S] [--format F] [--input-format toml|json] [-o FILE] [-q]
    jixiao check SCHEME
    jixiao schemes
    jixiao --version

Every subcommand also takes ``--lang zh|en`` (default zh) and ``--quiet``.

Exit status: 0 done (warnings are printed but do not fail), 2 a user's mistake (bad scheme,
bad data, missing file, a command line argparse refuses), reported as diagnostics on stderr and
never as a traceback; 130 interrupted (Ctrl-C: one line, JX026, outputs left as they were).
A command may define other statuses (``audit`` exits 1 on findings).

Usage errors take the same shape and language as every other diagnostic: argparse's refusals
are turned into codes JX010–JX022 with a did-you-mean for commands, options and choices. The
language is read from the command line before parsing, so even a refusal of the command line
itself speaks it. Diagnostics are coloured only when stderr is a terminal and ``NO_COLOR`` is
unset (https://no-color.org).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from jixiao import __version__
from jixiao.commands import COMMANDS, Command
from jixiao.engine.diagnostics import Diagnostic, JixiaoError, error
from jixiao.render.diagnostics import render_diagnostics

USER_ERROR = 2
INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C
LANGS = ("zh", "en")
PROG = "jixiao"
_COMMAND = "command"  # the dest of the subcommand argument, as argparse names it in messages


class UsageError(JixiaoError):
    """A command line that argparse refused, as a diagnostic."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its refusals raised as jixiao diagnostics instead of printed in English.
    Options are never abbreviated (``--l`` is not ``--lang``): an abbreviation that works
    today would change meaning when an option is added."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)
        self.command: Command | None = None  # a subcommand's arguments not added yet

    def error(self, message: str) -> NoReturn:
        raise UsageError([_usage_diagnostic(self, message)])

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None,
                         ) -> tuple[argparse.Namespace, list[str]]:
        self.arguments()
        return super().parse_known_args(args, namespace)

    def arguments(self) -> _Parser:
        """Add the subcommand's arguments, the first time they are needed: only the command
        that runs is imported (``jixiao --help`` needs none of them, only their help)."""
        command, self.command = self.command, None
        if command is not None:
            command.add_arguments(self)
            _common_options(self, top=False)
            self.set_defaults(run=command.run)
        return self


def _parser() -> tuple[_Parser, dict[str, _Parser]]:
    p = _Parser(prog=PROG, description="绩效自评评分 / score 绩效自评 tables")
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _common_options(p, top=True)
    sub = p.add_subparsers(dest=_COMMAND, required=True)
    parsers: dict[str, _Parser] = {}
    for command in COMMANDS:
        c = sub.add_parser(command.NAME, help=command.HELP)
        assert isinstance(c, _Parser)  # add_subparsers makes parsers of the parent's class
        c.command = command
        parsers[command.NAME] = c
    return p, parsers


def _common_options(p: argparse.ArgumentParser, *, top: bool) -> None:
    """``--lang`` and ``--quiet`` are accepted before and after the subcommand; only the top
    parser sets their defaults, so a subcommand's default never overrides ``jixiao --lang en``."""
    default: object = argparse.SUPPRESS
    p.add_argument("--lang", choices=LANGS, default="zh" if top else default,
                   help="message language / 提示语言 (default zh)")
    p.add_argument("-q", "--quiet", action="store_true", default=False if top else default,
                   help="no warnings on stderr (errors are still shown) / 不显示警告")


def lang_of(argv: Sequence[str]) -> str:
    """The ``--lang`` the command line asks for, read before parsing (the last one wins)."""
    lang = "zh"
    for i, a in enumerate(argv):
        value = (argv[i + 1] if a == "--lang" and i + 1 < len(argv) else
                 a.split("=", 1)[1] if a.startswith("--lang=") else None)
        if value in LANGS:
            lang = value
    return lang


def use_color(stream: object) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (to anything non-empty)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def cache_folder() -> Path | None:
    """Where the command line keeps checked schemes (``jixiao.schemecache``): ``JIXIAO_CACHE``
    (a folder, or ``off`` for none), else the user's cache folder — ``$XDG_CACHE_HOME/jixiao``
    or ``~/.cache/jixiao``; ``%LOCALAPPDATA%\\jixiao\\cache`` on Windows,
    ``~/Library/Caches/jixiao`` on macOS. ``None`` when there is no home to keep it in."""
    setting = os.environ.get("JIXIAO_CACHE", "")
    if setting:
        return None if setting.lower() == "off" else Path(setting)
    if os.name == "nt":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local) / "jixiao" / "cache" if local else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG rule: a relative path is ignored
        return Path(xdg) / "jixiao"
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no HOME and no user entry
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "jixiao"
    return home / ".cache" / "jixiao"


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The command line read into arguments; raises ``UsageError`` for one argparse refuses
    (``SystemExit`` only for ``--help`` and ``--version``, which print and stop)."""
    parser, parsers = _parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        command = parsers.get(getattr(args, _COMMAND, ""), parser)
        raise UsageError([_unexpected(command, extras)])
    if str(getattr(args, "output", None)) == "-":  # -o -: standard output, as for score,
        args.output = None                          # never a file named "-" (./- writes one)
    return args


def execute(args: argparse.Namespace) -> tuple[int, tuple[Diagnostic, ...]]:
    """Run a parsed command line: its exit status and the diagnostics it reported — the errors
    it raised, or the warnings it gave (``args.reported``). ``main`` prints them; tests and the
    doc generator read them as data (and what the command made, ``args.product``: the
    ``Result`` of ``score``, the compiled scheme of ``check``)."""
    args.reported = []
    args.color = getattr(args, "color", False)
    try:
        status: int = args.run(args)
    except JixiaoError as exc:
        return USER_ERROR, exc.diagnostics
    return status, tuple(args.reported)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line. A reader that stops early (``jixiao check S | head -1``) closes
    the pipe: that ends the output quietly, as for any Unix tool, not with a traceback."""
    try:
        status = _main(argv)
        sys.stdout.flush()  # inside the try: a pipe closed early fails here, not at exit
        return status
    except KeyboardInterrupt:
        # Ctrl-C: one line, never Python's traceback; outputs are written aside and renamed at
        # the end (jixiao.files), so an interrupted run leaves them as they were. 130 = 128 +
        # SIGINT, as shells report it.
        argv_seen = list(sys.argv[1:] if argv is None else argv)
        with contextlib.suppress(Exception):
            print(render_diagnostics([error("JX026", where=PROG)], lang_of(argv_seen)),
                  file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that flush cannot fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: Sequence[str] | None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a name no terminal can show must not crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = lang_of(argv)
    color = use_color(sys.stderr)
    try:
        args = parse(argv)
    except SystemExit as exc:  # --help and --version: not an error
        return exc.code if isinstance(exc.code, int) else 0
    except JixiaoError as exc:
        print(render_diagnostics(exc.diagnostics, lang, color=color), file=sys.stderr)
        return USER_ERROR
    args.color = color
    from jixiao.library import scheme_cache  # after parsing: --help and --version need none

    with scheme_cache(cache_folder()):
        status, reported = execute(args)
    if status == USER_ERROR:
        print(render_diagnostics(reported, args.lang, color=color), file=sys.stderr)
    return status


# -- argparse's refusals as diagnostics

def _usage(p: argparse.ArgumentParser) -> str:
    return " ".join(p.format_usage().split()).removeprefix("usage: ")


def _close(word: str, known: Sequence[str]) -> str:
    import difflib  # here: only a mistyped command line needs it

    return "、".join(difflib.get_close_matches(word, list(known), n=3, cutoff=0.5))


def _unquote(text: str) -> str:
    return text.strip().strip("'\"")


def _unexpected(p: argparse.ArgumentParser, extras: Sequence[str]) -> Diagnostic:
    """The first argument nobody took: an unknown option (with a did-you-mean) or one too many."""
    option = next((e for e in extras if e.startswith("-") and e != "-"), None)
    if option is None:
        return error("JX016", where=p.prog, name=extras[0], usage=_usage(p))
    name = option.split("=", 1)[0]
    known = sorted(o for o in p._option_string_actions if o.startswith("--"))
    return error("JX012", where=p.prog, name=name, prog=p.prog,
                 candidates=_close(name, known))


# What a ``type=`` of an option asks for, by the name argparse gives it in "invalid X value".
VALUE_KINDS = {
    "int": ("整数", "a whole number"),
    "float": ("数字", "a number"),
    "job_count": ("介于 1 与 64 之间的整数", "a whole number from 1 to 64"),  # MAX_JOBS
}


def _usage_diagnostic(p: argparse.ArgumentParser, message: str) -> Diagnostic:
    """argparse's English message, read for what it says (the patterns of Python 3.11–3.13),
    as one of JX010–JX022; an unknown shape is JX010 with argparse's own words."""
    commands = [c.NAME for c in COMMANDS]
    where = p.prog
    if m := re.match(r"the following arguments are required: (.+)", message):
        missing = [_unquote(a) for a in m.group(1).split(",")]
        if _COMMAND in missing:
            return error("JX019", where=where, known=", ".join(commands), prog=PROG)
        return error("JX013", where=where, name=", ".join(missing), usage=_usage(p))
    if m := re.match(r"argument (.+?): invalid choice: (.+?) \(choose from (.*)\)$", message,
                     flags=re.S):
        value = _unquote(m.group(2))
        if m.group(1) == _COMMAND:
            return error("JX011", where=where, name=value, known=", ".join(commands),
                         candidates=_close(value, commands))
        choices = [_unquote(c) for c in m.group(3).split(",")]
        return error("JX014", where=where, option=m.group(1), value=value,
                     known=", ".join(choices), candidates=_close(value, choices))
    if m := re.match(r"argument (.+?): expected .*argument", message):
        return error("JX015", where=where, option=m.group(1), usage=_usage(p))
    if m := re.match(r"argument (.+?): ignored explicit argument (.+)", message):
        return error("JX018", where=where, option=m.group(1), value=_unquote(m.group(2)))
    if m := re.match(r"argument (.+?): invalid (\S+) value: (.+)$", message, flags=re.S):
        kind, kind_en = VALUE_KINDS.get(m.group(2), ("有效的值", "a valid value"))
        return error("JX021", where=where, option=m.group(1), value=_unquote(m.group(3)),
                     kind=kind, kind_en=kind_en, usage=_usage(p))
    if m := re.match(r"argument (.+?): not allowed with argument (.+)$", message):
        return error("JX022", where=where, option=m.group(1), other=m.group(2))
    return error("JX010", where=where, detail=message, prog=p.prog)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
