"""``jixiao report DATA``: the documents a unit files — the 自评表 and the written report's
scored sections — as HTML, Markdown, xlsx or docx."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.api import scheme_for, score
from jixiao.commands.score import add_percent_arguments, inputs, naming_scheme, read_data
from jixiao.engine.diagnostics import InputError, error
from jixiao.files import write_output
from jixiao.render.documents import document_for_path, documents
from jixiao.render.formats import OutputFormat

NAME = "report"
HELP = "生成自评表和自评报告 / write the 自评表 and the written report"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", type=Path, help="project data (.toml, .json, .xlsx, .xls or .csv)")
    p.add_argument("--scheme", type=Path,
                   help="scheme: a .jx file or a bundled scheme's name; overrides the data's")
    p.add_argument("--format", choices=sorted(documents()),
                   help="html, md, xlsx or docx (default: from the extension of -o, else md)")
    p.add_argument("-o", "--output", type=Path, help="write here instead of standard output")
    add_percent_arguments(p)


def choose(name: str | None, out: Path | None) -> OutputFormat:
    """The format asked for: by name, else by the output's extension, else Markdown. Raises
    ``InputError`` (JX380) for an extension no format claims, and (JX381) for a binary format
    without an output file."""
    docs = documents()
    if name:
        fmt = docs[name]
    elif out is None:
        fmt = docs["md"]
    else:
        found = document_for_path(out)
        if found is None:
            known = ", ".join(sorted(s for d in docs.values() for s in d.suffixes))
            raise InputError([error("JX380", where=str(out), suffix=out.suffix or out.name,
                                    known=known)])
        fmt = found
    if out is None and fmt.binary:
        raise InputError([error("JX381", where=fmt.name, format=fmt.name)])
    return fmt


def run(args: argparse.Namespace) -> int:
    lang: str = args.lang
    out: Path | None = args.output
    fmt = choose(args.format, out)  # a bad -o is reported before any work
    project = read_data(str(args.data), None)
    compiled = scheme_for(project, args.scheme)
    project = naming_scheme(project, args.scheme)
    result = args.product = score(project, compiled,
                                  percent_as_fraction=args.percent_as_fraction)
    content = fmt.render(result, lang)
    if out is None:
        sys.stdout.write(content if isinstance(content, str) else "")
    else:
        write_output(out, content, inputs(str(args.data), compiled))
    return 0
