"""The case corpus: ``tests/cases/**/*.toml`` read into ``Case`` objects, written into a folder
and run. ``tests/test_cases.py`` checks every case; ``tools/gen_docs.py`` writes
``docs/errors.md`` and ``docs/bad-input.md`` from the same cases and their prose. The format is
described in ``tests/cases/README.md``.

A case is data: the files to write, the ``jixiao`` command line to run in their folder, and
what is wanted (an error code and where it points, or a result). Nothing here knows a code.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jixiao
from jixiao.cli import execute, main, parse
from jixiao.commands.score import read_data
from jixiao.engine.diagnostics import Diagnostic, JixiaoError, is_warning_code

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
SAMPLES = ROOT / "tests" / "samples"

# {{"text" * 1000}}: text repeated, for inputs too large to write out (no other expressions)
_REPEAT = re.compile(r'\{\{("(?:[^"\\]|\\.)*") \* (\d+)\}\}')
_NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


def expand(text: str, tmp: Path | None = None) -> str:
    """``{{"x" * N}}`` repeated (the repeated text may hold another); ``{tmp}`` the folder."""
    while (done := _REPEAT.sub(lambda m: json.loads(m.group(1)) * int(m.group(2)), text)) != text:
        text = done
    return text.replace("{tmp}", str(tmp)) if tmp is not None else text


@dataclass(frozen=True)
class Want:
    code: str | None = None         # the diagnostic checked (None: accepted, no diagnostic)
    at: str | None = None           # where it points, as printed: scheme.jx:6:34, budget.total
    mentions: tuple[str, ...] = ()  # in the message or hint, in both languages
    absent: tuple[str, ...] = ()    # in neither, nor anywhere in the output
    english: bool = False           # the input has no Chinese: neither may the English text…
    quoted: tuple[str, ...] = ()    # …except these (Chinese data syntax it quotes)
    foreign: bool = False           # the message quotes another tool's English (TOML, argparse)
    codes: tuple[str, ...] | None = None  # every diagnostic, in order: "JX216 scheme.jx:2:3"
    shows: tuple[str, ...] = ()     # lines of the Chinese output
    shows_en: tuple[str, ...] = ()  # lines of the English output
    stdout: tuple[str, ...] = ()    # in standard output
    total: str | None = None        # an accepted record's total…
    grade: str | None = None        # …and grade
    scheme: str | None = None       # the name of the scheme a check compiled
    status: int | None = None       # the exit status (default: 2 for an error, else 0)

    @property
    def is_error(self) -> bool:
        return self.code is not None and not is_warning_code(self.code)

    @property
    def exit_status(self) -> int:
        if self.status is not None:
            return self.status
        return 2 if self.is_error else 0


@dataclass(frozen=True)
class Case:
    id: str
    source: Path                    # the case file
    note: str                       # what the input is, in a few words (Markdown)
    run: tuple[str, ...]            # the jixiao command line, run in the case's folder
    files: Mapping[str, Mapping[str, Any]]
    want: Want
    stdin: str | None = None
    limits: Mapping[str, int] | None = None  # run through the Python API with these Limits
    process: float | None = None    # run in a child process with this timeout (seconds)
    bug: str = ""                   # why it fails today: an xfail(strict=True)
    doc: bool = False               # the example of its section in the docs

    @property
    def group(self) -> str:
        """``errors/JX202`` or ``bad-input/encodings``: the file the case comes from."""
        return self.source.relative_to(CASES).with_suffix("").as_posix()


@dataclass(frozen=True)
class Section:
    """One case file: its prose (Markdown) and its cases."""

    path: Path
    title: str
    about: str
    fix: str
    after: str                      # said after the example
    cases: tuple[Case, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def example(self) -> Case | None:
        return next((c for c in self.cases if c.doc), self.cases[0] if self.cases else None)


_CASE_KEYS = {"id", "note", "run", "files", "want", "stdin", "limits", "process", "bug", "doc"}
_WANT_KEYS = set(Want.__dataclass_fields__)
_FILE_KEYS = {"text", "from", "edit", "append", "as_json", "newline", "encoding", "bytes_edit",
              "kind", "to", "size"}
_SECTION_KEYS = {"title", "about", "fix", "after", "case", "construct", "no_case"}


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,) if value else ()


def read_section(path: Path) -> Section:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(raw) - _SECTION_KEYS
    assert not unknown, f"{path.name}: unknown keys {unknown}"
    cases = []
    for item in raw.get("case", []):
        unknown = set(item) - _CASE_KEYS
        assert not unknown, f"{path.name}: {item.get('id')}: unknown keys {unknown}"
        want = dict(item.get("want", {}))
        unknown = set(want) - _WANT_KEYS
        assert not unknown, f"{path.name}: {item.get('id')}: unknown want {unknown}"
        for key in ("mentions", "absent", "quoted", "shows", "shows_en", "stdout"):
            want[key] = _tuple(want.get(key))
        if "codes" in want:
            want["codes"] = tuple(want["codes"])
        for spec in item.get("files", {}).values():
            unknown = set(spec) - _FILE_KEYS
            assert not unknown, f"{path.name}: {item.get('id')}: unknown file keys {unknown}"
        cases.append(Case(
            id=item["id"], source=path, note=item.get("note", ""), run=tuple(item["run"]),
            files=item.get("files", {}), want=Want(**want), stdin=item.get("stdin"),
            limits=item.get("limits"), process=item.get("process"), bug=item.get("bug", ""),
            doc=item.get("doc", False)))
    return Section(path, raw.get("title", ""), raw.get("about", "").strip(),
                   raw.get("fix", "").strip(), raw.get("after", "").strip(), tuple(cases),
                   {k: v for k, v in raw.items() if k in ("construct", "no_case")})


def sections(kind: str) -> list[Section]:
    """The case files under ``tests/cases/KIND/``, in name order."""
    return [read_section(p) for p in sorted((CASES / kind).glob("*.toml"))]


def all_cases() -> list[Case]:
    return [c for kind in sorted(p.name for p in CASES.iterdir() if p.is_dir())
            for s in sections(kind) for c in s.cases]


# ---------------------------------------------------------------------------- writing files


def content(spec: Mapping[str, Any], tmp: Path | None = None) -> bytes:
    """The bytes of a file described by ``spec`` (see tests/cases/README.md)."""
    if "from" in spec:
        text = (SAMPLES / spec["from"]).read_text(encoding="utf-8")
    else:
        text = expand(spec.get("text", ""), tmp)
    if spec.get("as_json"):
        text = json.dumps(tomllib.loads(text), ensure_ascii=False, indent=1)
    for old, new in spec.get("edit", []):
        assert text.count(old) == 1, f"edit {old[:40]!r} occurs {text.count(old)} times"
        text = text.replace(old, expand(new, tmp))
    text += expand(spec.get("append", ""), tmp)
    text = text.replace("\n", _NEWLINES[spec.get("newline", "lf")])
    data: bytes = text.encode(str(spec.get("encoding", "utf-8")))
    for old, new in spec.get("bytes_edit", []):
        assert data.count(old.encode()) == 1, f"bytes_edit {old!r}"
        data = data.replace(old.encode(), bytes.fromhex(new))
    return data


def write_files(case: Case, tmp: Path) -> None:
    for name, spec in case.files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        kind = spec.get("kind", "file")
        if kind == "folder":
            path.mkdir()
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "symlink":
            path.symlink_to(tmp / spec["to"])
        elif kind == "sparse":  # a large file that takes no disk: its size is checked first
            with path.open("wb") as f:
                f.truncate(int(spec["size"]))
        else:
            path.write_bytes(content(spec, tmp))


# ---------------------------------------------------------------------------------- running


@dataclass
class Outcome:
    status: int
    diagnostics: tuple[Diagnostic, ...]
    result: object = None           # what the API returned, for a case run through the API
    out: dict[str, str] = field(default_factory=dict)   # stdout by language
    err: dict[str, str] = field(default_factory=dict)   # stderr by language


@contextlib.contextmanager
def _in(folder: Path, stdin: str | None) -> Iterator[None]:
    before = Path.cwd()
    saved = sys.stdin
    os.chdir(folder)
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        yield
    finally:
        os.chdir(before)
        sys.stdin = saved


def _captured(argv: Sequence[str], stdin: str | None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def argv(case: Case, tmp: Path) -> list[str]:
    return [expand(a, tmp) for a in case.run]


def run_case(case: Case, tmp: Path) -> Outcome:
    """Write the case's files into ``tmp`` and run it there: once for the diagnostics as data,
    then the command line in each language for what the user sees."""
    write_files(case, tmp)
    args_ = argv(case, tmp)
    with _in(tmp, case.stdin):
        if case.limits is not None:
            return _through_api(case, args_)
        try:
            args = parse(args_)
        except JixiaoError as exc:
            outcome = Outcome(2, exc.diagnostics)
        else:
            with contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                status, reported = execute(args)
            outcome = Outcome(status, reported, getattr(args, "product", None))
        for lang, extra in (("zh", []), ("en", ["--lang", "en"])):
            status, out, err = _captured([*args_, *extra], case.stdin)
            assert status == outcome.status, (lang, status, err[-2000:])
            outcome.out[lang], outcome.err[lang] = out, err
    return outcome


def _through_api(case: Case, args_: list[str]) -> Outcome:
    """Limits are not a command-line option: the same command through the Python API."""
    limits = jixiao.Limits(**case.limits or {})
    args = parse(args_)
    try:
        if args.command == "check":
            result: object = jixiao.load_scheme(args.scheme, limits=limits)
            found: tuple[Diagnostic, ...] = ()
        else:
            data = read_data(args.data, args.input_format, limits=limits)
            result = jixiao.score(data, args.scheme, limits=limits)
            assert isinstance(result, jixiao.Result)
            found = result.diagnostics
    except JixiaoError as exc:
        outcome = Outcome(2, exc.diagnostics)
    else:
        outcome = Outcome(0, found, result)
    for lang in ("zh", "en"):
        outcome.out[lang] = ""
        outcome.err[lang] = jixiao.render_diagnostics(outcome.diagnostics, lang)
    return outcome


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def run_process(case: Case, tmp: Path) -> subprocess.CompletedProcess[str]:
    """Inputs that misbehave only in a real process (an endless device, a pipe, an output stream
    that cannot encode): ``python -m jixiao`` under a 1 GiB memory limit and a timeout."""
    write_files(case, tmp)
    assert case.process is not None
    return subprocess.run([sys.executable, "-m", "jixiao", *argv(case, tmp)], cwd=tmp,
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=case.process, preexec_fn=_limit_memory, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def chosen(case: Case, outcome: Outcome) -> Diagnostic | None:
    """The diagnostic the case is about: the first with its code."""
    if case.want.code is None:
        return None
    found = [d for d in outcome.diagnostics if d.code == case.want.code]
    assert found, f"{case.want.code} not among {[d.code for d in outcome.diagnostics]}"
    return found[0]
