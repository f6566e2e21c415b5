"""A language server for ``.jx`` schemes (pygls): diagnostics as you type, hover, completion
(the language's functions and keywords, from its tables, and the scheme's own names) and
go-to-definition across ``extends``.

Stage: application layer over the scheme pipeline, as an optional extra (``pip install
'jixiao[lsp]'``; pygls is imported only here). Every change of a document compiles its text
the way ``jixiao check`` does (``extends`` looked up next to the file, then in the library) and
publishes each diagnostic with its code, in Chinese. Hover names what a word means — a keyword
or function from the language's tables, a section with its weight, a kind with its formulas, a
level with its ratio, a grade with its band. Definition jumps to where a section, kind, level,
grade or derived figure is defined, in the parent scheme when it is inherited.

    jixiao-lsp            # speaks LSP on standard input and output
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from jixiao.dsl.frontend import compile_source
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.diagnostics import Diagnostic, JixiaoError, Severity, Span
from jixiao.engine.language import AGGREGATES, FUNCTIONS
from jixiao.engine.limits import DEFAULT_LIMITS
from jixiao.library import library_root, resolver

server = LanguageServer("jixiao", "0.2.0")
_last: dict[str, CompiledScheme] = {}


def _path(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))


def _range(span: Span | None) -> types.Range:
    if span is None:
        return types.Range(types.Position(0, 0), types.Position(0, 1))
    end_line = max(span.end_line, span.line)
    end_col = span.end_column if span.end_line >= span.line else span.column + 1
    return types.Range(types.Position(span.line - 1, span.column - 1),
                       types.Position(end_line - 1, max(end_col - 1, 0)))


def _diagnostic(d: Diagnostic) -> types.Diagnostic:
    hint = d.hint("zh")
    return types.Diagnostic(
        range=_range(d.span), message=d.message("zh") + (f"\n提示: {hint}" if hint else ""),
        severity=(types.DiagnosticSeverity.Error if d.severity is Severity.ERROR
                  else types.DiagnosticSeverity.Warning),
        code=d.code, source="jixiao")


def check(uri: str, text: str) -> list[types.Diagnostic]:
    """Compile the document's text; its diagnostics (empty when it is sound)."""
    path = _path(uri)
    try:
        compiled = compile_source(text, str(path), resolver([path.parent, library_root()],
                                                             DEFAULT_LIMITS))
    except JixiaoError as exc:
        return [_diagnostic(d) for d in exc.diagnostics
                if d.span is None or Path(d.span.file).name == path.name]
    _last[uri] = compiled
    warnings = getattr(compiled, "warnings", ())
    return [_diagnostic(d) for d in warnings]


def _text(ls: LanguageServer, uri: str) -> str | None:
    """The text of an open document, or None: a request about a document the editor never
    opened would make pygls read the file from disk (a traceback when it is not there)."""
    document = ls.workspace.text_documents.get(uri)
    return None if document is None else document.source


def _publish(ls: LanguageServer, uri: str) -> None:
    text = _text(ls, uri)
    if text is None:
        return
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=check(uri, text)))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    _publish(ls, params.text_document.uri)


def _word(text: str, position: types.Position) -> str:
    lines = text.split("\n")
    if position.line >= len(lines):
        return ""
    line = lines[position.line]
    i = j = min(position.character, len(line))
    while i > 0 and (line[i - 1].isalnum() or line[i - 1] in "_"):
        i -= 1
    while j < len(line) and (line[j].isalnum() or line[j] in "_"):
        j += 1
    return line[i:j]


def meaning(compiled: CompiledScheme | None, word: str) -> tuple[str, Span | None] | None:
    """What ``word`` means in the scheme (and where it is defined), or in the language."""
    if compiled is not None:
        s = compiled.scheme
        for sec in s.sections:
            if sec.name == word:
                return (f"一级指标 {sec.name}：分值 {sec.weight}"
                        + (f"，得分 = {sec.score.text}" if sec.score else ""), sec.span)
        for k in s.kinds:
            if k.name == word:
                return (f"指标类型 {k.name}（适用 {', '.join(n.value for n in k.notations)}）\n"
                        f"completion = {k.completion.text}\nscore = {k.score.text}", k.span)
            for lv in k.levels:
                if word == lv.name or word in lv.aliases:
                    if lv.points is not None:
                        return (f"定性等级 {lv.name}（{k.name}）：{lv.points} 分", lv.span)
                    ratio = lv.band if lv.band is not None else lv.ratio
                    return (f"定性等级 {lv.name}（{k.name}）：比例 {ratio}", lv.span)
        for g in s.grades:
            if g.name == word:
                return (f"评级 {g.name}：总分在 {g.band} 内", g.span)
        for d in s.derives:
            if d.name == word:
                return (f"派生指标 {d.name} = {d.formula.text}", d.formula.span)
    if word in FUNCTIONS:
        f = FUNCTIONS[word]
        return (f"{f.name}({f.params})：{f.zh}", None)
    if word in AGGREGATES:
        a = AGGREGATES[word]
        return (f"{a.name}：{a.zh}", None)
    return None


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: LanguageServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    text = _text(ls, uri)
    word = _word(text, params.position) if text is not None else ""
    found = meaning(_last.get(uri), word) if word else None
    if found is None:
        return None
    return types.Hover(contents=types.MarkupContent(types.MarkupKind.PlainText, found[0]))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: LanguageServer,
               params: types.DefinitionParams) -> types.Location | None:
    uri = params.text_document.uri
    text = _text(ls, uri)
    word = _word(text, params.position) if text is not None else ""
    found = meaning(_last.get(uri), word) if word else None
    if found is None or found[1] is None:
        return None
    span = found[1]
    return types.Location(uri=Path(span.file).resolve().as_uri(), range=_range(span))


def completions(compiled: CompiledScheme | None) -> list[types.CompletionItem]:
    """What can be written: every function and aggregate of the language's tables (``has``
    among them), every keyword of the grammar, and this scheme's sections, kinds and
    parameters."""
    from jixiao.dsl.tables import KEYWORDS

    fn = types.CompletionItemKind.Function
    items = [types.CompletionItem(f.name, kind=fn, detail=f"{f.name}({f.params})",
                                  documentation=f"{f.zh} · {f.en}") for f in FUNCTIONS.values()]
    items += [types.CompletionItem(a.name, kind=fn, detail=a.example,
                                   documentation=f"{a.zh} · {a.en}") for a in AGGREGATES.values()]
    items += [types.CompletionItem(word, kind=types.CompletionItemKind.Keyword,
                                   documentation=f"{zh} · {en}")
              for word, (zh, en) in KEYWORDS.items()]
    if compiled is not None:
        s = compiled.scheme
        named = [*(sec.name for sec in s.sections), *(k.name for k in s.kinds)]
        items += [types.CompletionItem(n, kind=types.CompletionItemKind.Class) for n in named]
        items += [types.CompletionItem(p.name, kind=types.CompletionItemKind.Constant,
                                       detail=f"param {p.name} = {p.value}") for p in s.params]
    return items


@server.feature(types.TEXT_DOCUMENT_COMPLETION)
def complete(ls: LanguageServer, params: types.CompletionParams) -> types.CompletionList:
    return types.CompletionList(is_incomplete=False,
                                items=completions(_last.get(params.text_document.uri)))


class _OneLine(logging.Formatter):
    """pygls's own error logs (a request with invalid params, a handler that failed) as one
    line each, without the traceback: the server answers the request with a JSON-RPC error
    and goes on serving; the editor's log is no place for Python's stack."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage().strip().split("\n", 1)[0]  # (a traceback in the text)
        line = f"jixiao-lsp: {record.levelname.lower()}: {message}"
        if record.exc_info and record.exc_info[1] is not None:
            e = record.exc_info[1]
            line += f" ({type(e).__name__}: {e})" if str(e) else f" ({type(e).__name__})"
        return line


def quiet_logs() -> None:
    """Every log line of the server through ``_OneLine``, on standard error."""
    handler = logging.StreamHandler()
    handler.setFormatter(_OneLine())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)


def main() -> None:  # pragma: no cover - the console entry point
    quiet_logs()
    try:
        server.start_io()
    except KeyboardInterrupt:  # Ctrl-C in the terminal that started it: one line, no traceback
        import sys

        print("jixiao-lsp: 已中断 / interrupted", file=sys.stderr)
        raise SystemExit(130) from None
