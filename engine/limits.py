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
    file_bytes: int = 5 * 1024 * 1024  # a scheme or data file
    expression_depth: int = 100  # operators nested in one formula (a + b + … counts each +)
    expression_nodes: int = 2000  # numbers, names and operators in one formula
    extends_depth: int = 16  # a scheme extending a scheme extending …
    indicators: int = 10_000  # indicators in one record
    projects: int = 100_000  # sub-projects in one record
    value_length: int = 200  # characters of one target or actual text
    syntax_errors: int = 10  # syntax errors reported before giving up


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
