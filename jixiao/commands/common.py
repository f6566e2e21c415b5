"""What several subcommands share: how warnings reach the user."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from jixiao.engine.diagnostics import Diagnostic
from jixiao.render.diagnostics import render_diagnostics


def warn(args: argparse.Namespace, diagnostics: Sequence[Diagnostic], *,
         shown: bool = False) -> None:
    """Report warnings: kept in ``args.reported`` (see ``jixiao.cli.execute``) and printed on
    stderr in the user's language, coloured when the CLI says the terminal wants it — unless
    the output already shows them (``shown``) or ``--quiet`` silences them. Errors are never
    silenced: they are raised, not warned."""
    reported = getattr(args, "reported", None)
    if reported is not None:
        reported.extend(diagnostics)
    if diagnostics and not shown and not getattr(args, "quiet", False):
        print(render_diagnostics(diagnostics, args.lang, color=getattr(args, "color", False)),
              file=sys.stderr)


# More worker processes than this never help on the machines jixiao runs on, and a typo such as
# ``--jobs 10000`` must not start ten thousand processes.
MAX_JOBS = 64


def job_count(text: str) -> int:
    """``--jobs``: a whole number from 1 to ``MAX_JOBS``. argparse names this function in its
    refusal ("invalid job_count value"), which ``jixiao.cli`` reads as JX021."""
    value = int(text)
    if not 1 <= value <= MAX_JOBS:
        raise ValueError(text)
    return value
