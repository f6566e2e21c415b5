"""``jixiao import TABLE.xlsx|.csv -o DATA.toml``: turn a filled 自评表 into a data file (logic
in ``jixiao.xlsxread``). The module is not ``import.py`` because ``import`` is a keyword. The data
written is read back through ``datafile`` before it is saved, so a table that imports is a data
file that scores (or its problems are named now, not at the next command)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.datafile import data_from_mapping, parse_mapping_text
from jixiao.files import write_output
from jixiao.xlsxread import read_file, to_toml

NAME = "import"
HELP = "把填好的自评表（.xlsx/.xls/.csv）转为数据文件 / read a filled 自评表 into a data file"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", type=Path, metavar="TABLE", help="the 自评表 (.xlsx, .xls or .csv)")
    p.add_argument("-o", "--output", type=Path, metavar="DATA.toml",
                   help="the data file to write (default: standard output)")
    p.add_argument("--scheme", metavar="SCHEME",
                   help="the scheme the data names (e.g. soil_pollution.jx)")


def run(args: argparse.Namespace) -> int:
    mapping = read_file(args.table, args.scheme)
    text = to_toml(mapping)
    where = str(args.output or args.table)
    data_from_mapping(parse_mapping_text(text, "toml", where=where), source=where)
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_output(args.output, text, [args.table])
        zh = args.lang == "zh"
        n = len(mapping.get("indicators", []))
        print(f"已写出 {args.output}（{n} 个指标）" if zh
              else f"wrote {args.output} ({n} indicators)")
    return 0
