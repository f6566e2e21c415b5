"""Limits on what jixiao accepts, so that no input — however large or hostile — can exhaust
memory, the stack or time. Reaching a limit is a clear error with a code, never a crash.

The one home of every limit: ``Limits`` holds those an embedder may change (they pass their
own to ``load_scheme``/``load_data``/``score``); the constants below are fixed, because the
language or the messages depend on them.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Limits:
    file_bytes: int = 5 * 1024 * 1024  # a data file
    # A scheme file (each of an extends chain): real schemes are a few kB; 128 KiB of the most
    # expensive text compiles in about a second (benchmarks/bench_limits.py), 5 MiB took minutes.
    scheme_bytes: int = 128 * 1024
    expression_depth: int = 100  # operators nested in one formula (a + b + … counts each +)
    expression_nodes: int = 2000  # numbers, names and operators in one formula
    extends_depth: int = 16  # a scheme extending a scheme extending …
    indicators: int = 10_000  # indicators in one record
    projects: int = 100_000  # sub-projects in one record
    value_length: int = 200  # characters of one target or actual text
    syntax_errors: int = 10  # syntax errors reported before giving up
    # Work one record may cost: each formula applied counts its size, each row an aggregate
    # walks counts the size of what it computes per row (CEL's cost budget, in spirit). The
    # default scores any record in well under a second; past it is JX411, never a hang.
    evaluation_steps: int = 2_000_000
    # A filled 自评表 read as a table (.xlsx, .xls, .csv; jixiao.xlsxread, JX042), checked
    # before a cell is built: a 自评表 is a few hundred cells; the bounds stop a zip bomb, a
    # merge over a whole sheet (A1:XFD1048576) and a far cell that makes a sheet's rectangle
    # millions of cells to walk.
    table_unpacked_bytes: int = 64 * 1024 * 1024  # the XML a workbook unpacks to, in all
    table_cells: int = 200_000  # cells of one workbook or CSV, those merges fill counted
    table_merged_cells: int = 100_000  # cells one merged range covers
    table_area: int = 2_000_000  # rows × columns the cells of one sheet span

    def __attrs_post_init__(self) -> None:
        """Every limit a whole number of at least 1: ``Limits(file_bytes=-1)`` or ``"5"`` would
        otherwise switch a bound off without a word (JX028)."""
        for field in attrs.fields(type(self)):
            value = getattr(self, field.name)
            if type(value) is not int or value < 1:
                from jixiao.engine.diagnostics import wrong_argument

                raise wrong_argument("Limits", field.name, "arg_whole_number", value)


DEFAULT_LIMITS = Limits()

# -- fixed limits

# Places of round/floor/ceil and of a split's equal shares. Decimal is exact far beyond, but no
# score or rate needs more.
MAX_ROUND_DIGITS = 12
# Significant digits of one number, in a scheme (a weight, a ratio, a band's end), a target or
# actual text, or a data field (trailing zeros count): no figure of a 自评表 needs more.
MAX_DIGITS = 30
# Characters of one unit (万立方米, 人次/年): longer is a sentence, not a unit.
MAX_UNIT_LENGTH = 12
# Commas in a range text: bounds the work of trying each comma as the range separator.
MAX_RANGE_COMMAS = 9
# Characters of a name or value quoted in a message: a 1 MB word must not make a 1 MB message.
MAX_ARG_CHARS = 300
# Every computed value has at most MONEY_PREC significant digits and stays below
# 10^MONEY_EMAX: money and rates need far less (a data number has at most 30 digits), and the
# bound keeps a hostile scheme from building numbers of a million digits (gigabytes of memory,
# megabytes of JSON per indicator). Passing it is JX410.
MONEY_PREC = 50
MONEY_EMAX = 99
