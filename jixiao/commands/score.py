"""``jixiao score DATA``: score one project's data and print or write the 自评表.

``DATA`` is a ``.toml`` or ``.json`` file, or ``-`` for standard input (TOML or JSON, told apart
by its first character; ``--input-format`` says it outright). The output format is ``--format``,
else the one the ``-o`` file's extension names (``jixiao.render.formats.FORMATS``), else the
text table. Warnings go to stderr — except when the text table goes to stdout, which carries
them itself — so they are seen even when the result is written to a file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import attrs

from jixiao.api import scheme_for, score
from jixiao.commands.common import warn
from jixiao.datafile import load_data, parse_data_text
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.data import ProjectData
from jixiao.engine.diagnostics import InputError, error
from jixiao.engine.limits import DEFAULT_LIMITS, Limits
from jixiao.files import STDIN, exists, read_stdin, read_text, write_output
from jixiao.library import library_root
from jixiao.render.formats import FORMATS, OutputFormat, format_for_path, known_suffixes

NAME = "score"
HELP = "对数据文件评分 / score a project data file"
INPUT_FORMATS = ("toml", "json")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", help="project data (.toml, .json), a 自评表 (.xlsx, .xls, .csv), "
                   "or - for standard input")
    p.add_argument("--scheme",
                   help="scheme: a .jx file or a bundled scheme's name; overrides the data's")
    p.add_argument("--format", choices=sorted(FORMATS),
                   help="output format (default: from the -o file's extension, else text)")
    p.add_argument("--input-format", choices=INPUT_FORMATS,
                   help="read DATA as this format whatever its name (standard input is sniffed)")
    add_percent_arguments(p)
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write here instead of standard output; its extension chooses the format")


def output_format(fmt: str | None, output: str | None) -> OutputFormat:
    """``--format`` if given, else the ``-o`` file's extension, else the text table."""
    if fmt is not None:
        return FORMATS[fmt]
    if output is None or output == "-":
        return FORMATS["text"]
    found = format_for_path(output)
    if found is None:
        raise InputError([error("JX017", where=output, suffix=Path(output).suffix or output,
                                known=", ".join(known_suffixes()))])
    return found


def add_percent_arguments(p: argparse.ArgumentParser) -> None:
    """--percent-as-fraction / --percent-as-written: how 0.95 against ≥90% is read (JX330
    without either). score, report and audit take them alike: a table of fractions in General
    cells must be reportable and auditable, not only scorable."""
    reading = p.add_mutually_exclusive_group()
    reading.add_argument("--percent-as-fraction", dest="percent_as_fraction",
                         action="store_const", const=True, default=None,
                         help="read 0.95 against a percentage target as 95%% (a spreadsheet's "
                              "fraction); without this or --percent-as-written it is JX330")
    reading.add_argument("--percent-as-written", dest="percent_as_fraction",
                         action="store_const", const=False,
                         help="read 0.95 against a percentage target as 0.95%%")


def sniff(text: str) -> str:
    """TOML or JSON? A JSON record is an object, so it starts with ``{``; TOML never does."""
    return "json" if text.lstrip().startswith("{") else "toml"


def read_data(data: str, input_format: str | None, *,
              limits: Limits = DEFAULT_LIMITS) -> ProjectData:
    if data == "-":
        text = read_stdin(limit=limits.file_bytes)
        return parse_data_text(text, input_format or sniff(text), where=STDIN, limits=limits)
    if input_format is not None:
        return parse_data_text(read_text(Path(data), limit=limits.file_bytes), input_format,
                               where=data, limits=limits)
    return load_data(data, limits=limits)


def naming_scheme(project: ProjectData, scheme: str | Path | None) -> ProjectData:
    """The data with the bundled scheme ``--scheme`` named, when the data names none (a table
    read from Excel): a workbook written from it then names the scheme it was scored with, so
    ``jixiao score 自评表.xlsx`` scores it again without ``--scheme``. A scheme file given by
    path is not recorded: the path means nothing next to the written workbook."""
    if scheme is None or project.scheme is not None:
        return project
    name = str(scheme)
    stem = name.removesuffix(".jx")
    if "/" in name or "\\" in name or exists(Path(name)) \
            or not (library_root() / f"{stem}.jx").is_file():
        return project
    return attrs.evolve(project, scheme=f"{stem}.jx")


def inputs(data: str, compiled: CompiledScheme) -> list[Path]:
    """The files this run read: the data and every scheme file of the chain (their spans name
    them), so ``-o`` can refuse to overwrite any of them."""
    files = [Path(data)] if data != "-" else []
    s = compiled.scheme
    spans = [s.span, s.budget_rate.span, s.total.span, *(x.span for x in s.sections),
             *(k.span for k in s.kinds), *(g.span for g in s.grades),
             *(d.formula.span for d in s.derives)]
    for name in {sp.file for sp in spans if sp is not None}:
        path = Path(name) if not name.startswith("schemes/") else library_root() / name[8:]
        if exists(path):
            files.append(path)
    return files


def run(args: argparse.Namespace) -> int:
    lang: str = args.lang
    fmt = output_format(args.format, args.output)  # a bad -o is reported before any work
    project = read_data(args.data, args.input_format)
    compiled = scheme_for(project, args.scheme)
    project = naming_scheme(project, args.scheme)
    result = args.product = score(project, compiled,
                                  percent_as_fraction=args.percent_as_fraction)
    content = fmt.render(result, lang)
    to_stdout = args.output is None or args.output == "-"
    if not to_stdout:
        write_output(Path(args.output), content, inputs(args.data, compiled))
    elif isinstance(content, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
    else:
        sys.stdout.write(content)
    warn(args, result.diagnostics, shown=to_stdout and fmt.name == "text")
    return 0
