"""The scheme pipeline: every stage from scheme text to ``CompiledScheme``, in one ordered list.

Stage: orchestration. ``STAGES`` below is the whole way a scheme goes, in order; each stage is
named, and each scheme diagnostic has exactly one stage that owns it (finds it and reports it),
so no mistake is reported twice and nothing is de-duplicated afterwards:

==============  ==================================================  ===========================
stage           does                                                owns
==============  ==================================================  ===========================
normalise       drops a byte order mark, makes every line end \\n    —
parse           text → lark tree (``dsl.parser``)                   JX005 JX101 JX102 JX103
limit_shape     formula depth and size, number length (``Limits``)  JX218 JX219 JX221
build           tree → syntax nodes (``dsl.build``)                 —
check_file      passes over one file (``dsl.checks.PER_FILE``)      JX201 JX271
extends         the parent through the stages above, then merged    JX212 JX213 JX214 JX220
                (``dsl.merge``: partial overrides, replace, drop)   JX270 JX560 JX561
check_scheme    passes over the merged scheme (``checks.WHOLE``)    JX202 JX205 (notations,
                                                                    splits) JX206 (kinds)
                                                                    JX207–JX211 JX215–JX217
                                                                    JX272
lower           syntax → ``engine.model.Scheme`` (``dsl.lower``)    —
compile         names, types, calls → closures (``engine.compile``)  JX202–JX205 (formulas)
                                                                    JX206 (sections) JX216
                                                                    (round modes) JX217 (names)
                scores within [0, weight] (``engine.ranges``),      JX231–JX234 JX562
                unused kinds and levels (``engine.unused``)
==============  ==================================================  ===========================

A stage that cannot let the next ones run (a syntax error, a formula too deep to walk, an
``extends`` that cannot be read) stops the run; every other stage reports and lets the run go
on, so that one run reports every mistake it can. Warnings (JX5xx, JX231–JX249) do not stop a
scheme from compiling: they travel with it as ``CompiledScheme.warnings``. File access stays
outside: an ``extends`` is resolved through a callback the caller provides (``jixiao.library``
gives one that only reads inside the allowed scheme folders).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import NoReturn

import attrs

from jixiao.dsl import checks
from jixiao.dsl.build import build
from jixiao.dsl.lower import lower
from jixiao.dsl.merge import merge
from jixiao.dsl.parser import ParseTree, check_shape, parse_tree
from jixiao.dsl.syntax import SchemeNode
from jixiao.engine.compile import CompiledScheme, compile_scheme
from jixiao.engine.diagnostics import Diagnostic, SchemeError, Severity, Span, error
from jixiao.engine.limits import DEFAULT_LIMITS, Limits
from jixiao.engine.model import Change, Scheme

# resolve(reference, span of the extends, file that extends) → (text, file name); raises
# SchemeError when it cannot.
Resolver = Callable[[str, Span, str], tuple[str, str]]


@attrs.define
class Run:
    """What the stages share across the files of one scheme."""

    resolve: Resolver | None
    limits: Limits
    sources: dict[str, str] = attrs.field(factory=dict)  # file → text, to quote lines
    diagnostics: list[Diagnostic] = attrs.field(factory=list)


@attrs.define
class Unit:
    """One scheme file on its way through the stages, and what they have made of it."""

    file: str
    text: str
    chain: tuple[str, ...] = ()  # the files that extend this one, nearest last
    tree: ParseTree | None = None
    node: SchemeNode | None = None
    lineage: tuple[str, ...] = ()  # names of the schemes this one extends, nearest first
    changes: tuple[Change, ...] = ()  # what this file changes from the scheme it extends
    scheme: Scheme | None = None
    compiled: CompiledScheme | None = None


class _Stop(Exception):
    """A stage found what makes the next stages pointless; its diagnostics are in the run."""


@attrs.frozen
class Stage:
    name: str
    run: Callable[[Run, Unit], None]


def _normalise(run: Run, unit: Unit) -> None:
    unit.text = normalise(unit.text)
    run.sources[unit.file] = unit.text


def _parse(run: Run, unit: Unit) -> None:
    if not unit.text.strip():
        _fail(run, [error("JX005", Span(unit.file, 1, 1, 1, 1))])
    size = len(unit.text.encode("utf-8"))
    if size > run.limits.scheme_bytes:  # text handed over in memory is bounded like a file
        _fail(run, [error("JX006", where=unit.file, size=size, limit=run.limits.scheme_bytes)])
    try:
        unit.tree = parse_tree(unit.text, unit.file, run.limits)
    except SchemeError as exc:
        _fail(run, exc.diagnostics)


def _limit_shape(run: Run, unit: Unit) -> None:
    assert unit.tree is not None
    _stop(run, check_shape(unit.tree, unit.file, unit.text.split("\n"), run.limits))


def _build(run: Run, unit: Unit) -> None:
    assert unit.tree is not None
    unit.node = build(unit.tree, unit.file, unit.text)
    unit.tree = None  # not needed any more; a large tree is freed before the parent is read


def _check_file(run: Run, unit: Unit) -> None:
    assert unit.node is not None
    run.diagnostics += checks.run(checks.PER_FILE, unit.node)


def _extends(run: Run, unit: Unit) -> None:
    assert unit.node is not None
    if unit.node.extends is None:
        return
    ref, span = unit.node.extends
    if run.resolve is None:
        _fail(run, [error("JX212", span, name=ref, hint="此处不能使用 extends",
                          hint_en="this loader resolves no extends")])
    chain = (*unit.chain, unit.file)
    try:
        parent_text, parent_file = run.resolve(ref, span, unit.file)
    except SchemeError as exc:
        _fail(run, exc.diagnostics)
    shown = " → ".join((*chain, parent_file))
    if parent_file in chain:
        _fail(run, [error("JX213", span, chain=shown)])
    if len(chain) > run.limits.extends_depth:
        _fail(run, [error("JX220", span, chain=shown, limit=run.limits.extends_depth)])
    parent = Unit(parent_file, parent_text, chain)
    _run(FILE_STAGES, run, parent)
    assert parent.node is not None
    merged = merge(parent.node, unit.node)
    run.diagnostics += merged.diagnostics
    unit.node = merged.node
    unit.changes = merged.changes
    unit.lineage = (parent.node.name, *parent.lineage)


def _check_scheme(run: Run, unit: Unit) -> None:
    assert unit.node is not None
    run.diagnostics += checks.run(checks.WHOLE, unit.node)


def _lower(run: Run, unit: Unit) -> None:
    assert unit.node is not None
    unit.scheme = lower(unit.node, unit.lineage, unit.changes)


def _compile(run: Run, unit: Unit) -> None:
    assert unit.scheme is not None
    try:
        unit.compiled = compile_scheme(unit.scheme)
    except SchemeError as exc:
        run.diagnostics += exc.diagnostics


# The order, and why it is so:
STAGES: tuple[Stage, ...] = (
    # positions count lines split at \n, and a BOM would read as a stray character
    Stage("normalise", _normalise),
    Stage("parse", _parse),
    # before build: build and every stage after it recurse over expressions, so no formula
    # may be deeper than the limit when they see it
    Stage("limit_shape", _limit_shape),
    Stage("build", _build),
    # before extends merges: within one file two sections of one name are a mistake, across
    # an extends the child's replaces the parent's
    Stage("check_file", _check_file),
    # runs the stages above on the parent (recursively, so a chain of extends is merged from
    # its root); the merged scheme is what the later stages see
    Stage("extends", _extends),
    # after extends: a rule (grades tile, every kind has its formulas …) holds for the scheme
    # a child makes with its parent, not for each file
    Stage("check_scheme", _check_scheme),
    # lowering is total (a best guess where a check reported a mistake), so the compiler
    # still checks every formula in the same run
    Stage("lower", _lower),
    # the engine's own checks: it also compiles schemes built in code, without this pipeline
    Stage("compile", _compile),
)
# What every file of an ``extends`` chain goes through on its own.
FILE_STAGES: tuple[Stage, ...] = STAGES[: [s.name for s in STAGES].index("extends") + 1]
# What a tool that wants one file's syntax (a formatter) goes through.
SYNTAX_STAGES: tuple[Stage, ...] = STAGES[: [s.name for s in STAGES].index("build") + 1]


def compile_source(text: str, file: str, resolve: Resolver | None = None,
                   limits: Limits = DEFAULT_LIMITS) -> CompiledScheme:
    """Compile scheme ``text`` (named ``file`` in messages). Raises ``SchemeError`` with every
    problem found, each with its position and source line."""
    run = Run(resolve, limits)
    unit = Unit(file, text)
    _run_to_end(STAGES, run, unit)
    assert unit.compiled is not None
    found = [*run.diagnostics, *unit.compiled.warnings]  # warnings only
    if found:
        return attrs.evolve(unit.compiled, warnings=tuple(with_source_lines(found, run.sources)))
    return unit.compiled


def parse_source(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> SchemeNode:
    """One file's syntax, without ``extends`` or checks (for tools such as a formatter)."""
    unit = Unit(file, text)
    _run_to_end(SYNTAX_STAGES, Run(None, limits), unit)
    assert unit.node is not None
    return unit.node


def normalise(text: str) -> str:
    """Text as the parser wants it: no byte order mark, ``\n`` line ends only."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _run(stages: tuple[Stage, ...], run: Run, unit: Unit) -> None:
    for stage in stages:
        stage.run(run, unit)


def _run_to_end(stages: tuple[Stage, ...], run: Run, unit: Unit) -> None:
    """Run ``stages``; raise ``SchemeError`` with every diagnostic found, if any."""
    with contextlib.suppress(_Stop):  # a stage stopped the run: what it found is in the run
        _run(stages, run, unit)
    if any(d.severity is Severity.ERROR for d in run.diagnostics):
        raise SchemeError(with_source_lines(run.diagnostics, run.sources))


def _stop(run: Run, diagnostics: Iterable[Diagnostic]) -> None:
    """Report ``diagnostics``; if there are any, stop the run."""
    found = list(diagnostics)
    if found:
        _fail(run, found)


def _fail(run: Run, diagnostics: Iterable[Diagnostic]) -> NoReturn:
    """Report ``diagnostics`` and stop the run."""
    run.diagnostics += diagnostics
    raise _Stop


def with_source_lines(diagnostics: Iterable[Diagnostic], sources: dict[str, str]
                      ) -> list[Diagnostic]:
    """Attach the quoted source line to each diagnostic that points into a known file."""
    lines = {f: t.split("\n") for f, t in sources.items()}  # \n only: U+2028 is no line end
    out = []
    for d in diagnostics:
        if d.span is not None and not d.source_line and d.span.file in lines:
            ls = lines[d.span.file]
            if 0 < d.span.line <= len(ls):
                d = attrs.evolve(d, source_line=ls[d.span.line - 1])
        out.append(d)
    return out
