"""Limits on what jixiao accepts, so that no input — however large or hostile — can exhaust
memory, the stack or time. Reaching a limit is a clear error with a code, never a crash.

Embedders may pass their own ``Limits`` to ``load_scheme``/``load_data``/``score``.
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

# Fixed limits of the language (not per embedder): places of round/floor/ceil and of a split's
# equal shares. Decimal is exact far beyond, but no score or rate needs more.
MAX_ROUND_DIGITS = 12
