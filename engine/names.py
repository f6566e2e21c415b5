"""Names as a reader sees them: two names that differ only by what cannot be seen.

Stage: shared by the scheme checks (``dsl.checks``), the fitting of rows (``engine.fit``) and
the evaluator's closing look at a record's names. A zero-width space, a byte order mark, a
no-break or full-width space, a line separator (U+2028) or a full-width letter makes two names
that print alike differ to the computer: a second indicator, sub-project or 二级指标 the reader
cannot tell from the first. ``looks`` folds a name to what it looks like, ``written_out`` shows
what is hidden in it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

from jixiao.engine.data import ProjectData
from jixiao.engine.diagnostics import Diagnostic, phrase, row_words, warning


def looks(name: str) -> str:
    """``name`` as it looks: full-width forms folded (NFKC), every space, invisible character
    (zero-width, BOM, bidi marks, soft hyphen) and line or paragraph separator gone."""
    if name.isprintable() and " " not in name and unicodedata.is_normalized("NFKC", name):
        return name  # the usual name: nothing to fold (isprintable is False for Cf, Z*, Cc)
    text = unicodedata.normalize("NFKC", name)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c)[0] not in "CZ")


def written_out(name: str) -> str:
    """``name`` with its invisible characters written out (``监测\\u200b点位``)."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp")
                   or (c.isspace() and c != " ") else c for c in name)


def lookalikes(names: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str, str, str]]:
    """``(name, where, other, other's where)`` for each name that looks like an earlier one of
    the same group but is written differently; ``names`` are ``(name, where)`` in order."""
    first: dict[str, tuple[str, str]] = {}
    for name, where in names:
        seen = first.setdefault(looks(name), (name, where))
        if seen[0] != name:
            yield name, where, seen[0], seen[1]


def name_warnings(data: ProjectData) -> list[Diagnostic]:
    """JX525 for sub-projects, and for the 二级指标 of one section, whose names look alike but
    are written differently (the indicators' own are the fitting's: they depend on the
    scheme's sections)."""
    found = []
    projects = ((p.name, p.where or f"projects[{i}]") for i, p in enumerate(data.projects))
    for name, where, other, first in lookalikes(projects):
        found.append(warning("JX525", where=where + ".name", **phrase("what", "lookalike_project"),
                             name=written_out(name), other=written_out(other),
                             **row_words("first", first)))
    by_section: dict[str, list[tuple[str, str]]] = {}
    for i, ind in enumerate(data.indicators):
        if ind.category:
            by_section.setdefault(ind.section, []).append(
                (ind.category, ind.where or f"indicators[{i}]"))
    for section, rows in by_section.items():
        seen: dict[str, str] = {}  # each written form once: a category repeats on every row
        for category, where in rows:
            seen.setdefault(category, where)
        for name, where, other, first in lookalikes(seen.items()):
            found.append(warning("JX525", where=where + ".category",
                                 **phrase("what", "lookalike_category", section=section),
                                 name=written_out(name), other=written_out(other),
                                 **row_words("first", first)))
    return found
