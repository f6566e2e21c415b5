"""What several subcommands share: how warnings reach the user."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from jixiao.engine.diagnostics import Diagnostic
from jixiao.render import render_diagnostics


def warn(args: argparse.Namespace, diagnostics: Sequence[Diagnostic]) -> None:
    """Warnings on stderr, in the user's language, coloured when the CLI says the terminal wants
    it; ``--quiet`` silences them (errors are never silenced: they are raised, not warned)."""
    if diagnostics and not getattr(args, "quiet", False):
        print(render_diagnostics(diagnostics, args.lang, color=getattr(args, "color", False)),
              file=sys.stderr)
