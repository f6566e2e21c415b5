"""The scheme pipeline in one call: text → tree → syntax → checks → model → compiled.

Stage: orchestration of the dsl stages and ``engine.compile``. File access stays outside: an
``extends`` is resolved through a callback the caller provides (``jixiao.schemes`` gives one
that only reads inside the allowed scheme folders).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from jixiao.dsl import checks
from jixiao.dsl.build import build
from jixiao.dsl.lower import lower
from jixiao.dsl.merge import merge
from jixiao.dsl.parser import parse_tree
from jixiao.dsl.syntax import SchemeNode
from jixiao.engine.compile import CompiledScheme, compile_scheme
from jixiao.engine.diagnostics import Diagnostic, SchemeError, Span, error
from jixiao.engine.limits import DEFAULT_LIMITS, Limits

# resolve(reference, span of the extends, file that extends) → (text, file name); raises
# SchemeError when it cannot.
Resolver = Callable[[str, Span, str], tuple[str, str]]


def compile_source(text: str, file: str, resolve: Resolver | None = None,
                   limits: Limits = DEFAULT_LIMITS) -> CompiledScheme:
    """Compile scheme ``text`` (named ``file`` in messages). Raises ``SchemeError`` with every
    problem found, each with its position and source line."""
    text = normalise(text)
    sources: dict[str, str] = {file: text}
    diagnostics: list[Diagnostic] = []
    node, lineage = _read(text, file, resolve, sources, diagnostics, (), limits)
    diagnostics += checks.run(checks.WHOLE, node)
    scheme = lower(node, lineage)
    if scheme is not None:
        try:
            compiled = compile_scheme(scheme)
        except SchemeError as exc:
            diagnostics += exc.diagnostics
        else:
            if not diagnostics:
                return compiled
    raise SchemeError(with_source_lines(_unique(diagnostics), sources))


def normalise(text: str) -> str:
    """Text as the parser wants it: no byte order mark, ``\n`` line ends only."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_source(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> SchemeNode:
    """One file's syntax, without ``extends`` or checks (for tools such as a formatter)."""
    text = normalise(text)
    if not text.strip():
        raise SchemeError([error("JX005", Span(file, 1, 1, 1, 1))])
    try:
        return build(parse_tree(text, file, limits), file, text)
    except SchemeError as exc:
        raise SchemeError(with_source_lines(exc.diagnostics, {file: text})) from None


def _read(text: str, file: str, resolve: Resolver | None, sources: dict[str, str],
          diagnostics: list[Diagnostic], chain: tuple[str, ...], limits: Limits
          ) -> tuple[SchemeNode, tuple[str, ...]]:
    node = parse_source(text, file, limits)
    diagnostics += checks.run(checks.PER_FILE, node)
    if node.extends is None:
        return node, ()
    ref, span = node.extends
    if resolve is None:
        raise SchemeError(with_source_lines([error("JX212", span, name=ref,
                                                   hint="此处不能使用 extends",
                                                   hint_en="this loader resolves no extends")],
                                            sources))
    chain = (*chain, file)
    try:
        parent_text, parent_file = resolve(ref, span, file)
    except SchemeError as exc:
        raise SchemeError(with_source_lines(exc.diagnostics, sources)) from None
    shown = " → ".join((*chain, parent_file))
    if parent_file in chain:
        raise SchemeError(with_source_lines([error("JX213", span, chain=shown)], sources))
    if len(chain) > limits.extends_depth:
        raise SchemeError(with_source_lines([error("JX220", span, chain=shown,
                                                   limit=limits.extends_depth)], sources))
    sources[parent_file] = parent_text
    parent, lineage = _read(parent_text, parent_file, resolve, sources, diagnostics, chain,
                            limits)
    return merge(parent, node), (parent.name, *lineage)


def _unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for d in diagnostics:
        key = (d.code, d.span)  # two stages may find the same mistake in their own words
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def with_source_lines(diagnostics: Iterable[Diagnostic], sources: dict[str, str]
                      ) -> list[Diagnostic]:
    """Attach the quoted source line to each diagnostic that points into a known file."""
    lines = {f: t.splitlines() for f, t in sources.items()}
    out = []
    for d in diagnostics:
        if d.span is not None and not d.source_line and d.span.file in lines:
            ls = lines[d.span.file]
            if 0 < d.span.line <= len(ls):
                d = attrs.evolve(d, source_line=ls[d.span.line - 1])
        out.append(d)
    return out
