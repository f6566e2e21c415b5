"""The case corpus (``tests/cases``, format in ``tests/cases/README.md``), run case by case.

Each case writes its files into a fresh folder and runs its ``jixiao`` command line there: once
for the diagnostics as data, then in Chinese and in English for what the user sees. Checked for
every case: the exit status, no traceback, every diagnostic well formed (a message in each
language, every field filled, no Chinese sentence in English or English one in Chinese, the
source line the one its span points into), the wanted code where it is wanted, named in both
languages, rendered as the user sees it; an accepted record scores within every weight.

Then the meta-tests: every code of the catalogue has its case file and its section in
``docs/errors.md``, every operator and function of the language has a case that scores and one
that fails, and both generated doc pages are what ``tools/gen_docs.py`` writes today.
"""

from __future__ import annotations

import re
import string
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from corpus import CASES, ROOT, Case, Outcome, all_cases, chosen, run_case, run_process, sections

import jixiao
from jixiao.engine.diagnostics import CATALOGUE, Diagnostic, Severity, is_warning_code
from jixiao.library import library_root

CORPUS = all_cases()
PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# three words in a row, such as "use count(sections) or" (not lists: "half_up, half_even")
ENGLISH_PHRASE = re.compile(r"(?:[A-Za-z][\w.()]* ){2}[A-Za-z]")
SEVERITY = {"zh": {Severity.ERROR: "错误", Severity.WARNING: "警告"},
            "en": {Severity.ERROR: "error", Severity.WARNING: "warning"}}


def params() -> list[object]:
    return [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=c.bug)]
                         if c.bug else []) for c in CORPUS]


@pytest.mark.parametrize("case", params())
def test_case(case: Case, tmp_path: Path) -> None:
    if case.process is not None:
        _in_a_process(case, tmp_path)
        return
    outcome = run_case(case, tmp_path)
    want = case.want
    everything = {lang: outcome.out[lang] + outcome.err[lang] for lang in ("zh", "en")}
    assert outcome.status == want.exit_status, everything["zh"][-2000:]
    for lang, text in everything.items():
        assert "Traceback" not in text, text[-2000:]
        for word in want.absent:
            assert word not in text, f"{word!r} in the {lang} output"
    for found in outcome.diagnostics:
        _well_formed(found, tmp_path, foreign=want.foreign)
        _one_language(found, case, tmp_path)
        _counted_from_one(found, case, tmp_path)
    if want.codes is not None:
        assert [f"{x.code} {_shown(x.location, tmp_path)}" for x in outcome.diagnostics] == \
            list(want.codes)
    d = chosen(case, outcome)
    if d is None:
        assert not [x for x in outcome.diagnostics if x.severity is Severity.ERROR]
    else:
        _the_diagnostic(case, d, outcome, tmp_path)
    for line in want.shows:
        assert line in everything["zh"].splitlines(), everything["zh"]
    for line in want.shows_en:
        assert line in everything["en"].splitlines(), everything["en"]
    for text in want.stdout:
        assert text in outcome.out["zh"], outcome.out["zh"][:2000]
    _result(case, outcome)


def _shown(location: str, tmp: Path) -> str:
    return location.replace(str(tmp.resolve()), "{tmp}").replace(str(tmp), "{tmp}")


def _the_diagnostic(case: Case, d: Diagnostic, outcome: Outcome, tmp: Path) -> None:
    want = case.want
    assert d.severity is (Severity.ERROR if want.is_error else Severity.WARNING)
    if want.at is not None:
        assert _shown(d.location, tmp) == want.at
    for lang in ("zh", "en"):
        text = d.message(lang) + "\n" + d.hint(lang)
        for word in want.mentions:
            assert word in text, f"{word!r} not in the {lang} text {text!r}"
        for word in want.absent:
            assert word not in text, f"{word!r} in the {lang} text {text!r}"
        # what the user sees: the diagnostic's first line, as rendered
        head = (f"{d.place(lang)}: " if d.place(lang) else "") + \
            f"{SEVERITY[lang][d.severity]} {d.code}: {d.message(lang)}"
        assert head in (outcome.out[lang] + outcome.err[lang]).splitlines(), \
            (head, outcome.err[lang][:2000])
    if want.english:
        text = d.message("en") + "\n" + d.hint("en")
        for quote in want.quoted:
            assert quote in text, f"{quote!r} not in {text!r}"
            text = text.replace(quote, "")
        assert not CJK.search(text), text


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _well_formed(d: Diagnostic, tmp: Path, *, foreign: bool) -> None:
    assert d.code in CATALOGUE
    assert d.severity is (Severity.WARNING if is_warning_code(d.code) else Severity.ERROR)
    template = CATALOGUE[d.code]
    for lang, message in (("zh", template.zh), ("en", template.en)):
        text = d.message(lang) + "\n" + d.hint(lang)
        assert d.message(lang).strip(), f"empty {lang} message"
        assert not PLACEHOLDER.search(text), f"unfilled field in {text!r}"
        assert len(text) <= 4000, f"{lang} message and hint are {len(text)} characters"
        missing = {f for f in _fields(message) if not d.args.get(f)} - {"guess", "guess_en"}
        assert not missing, f"{d.code}: {missing} empty in {d.message(lang)!r}"
    assert CJK.search(d.message("zh")), "the Chinese message has no Chinese"
    if not foreign:
        text = d.message("zh") + "\n" + d.hint("zh")
        assert not ENGLISH_PHRASE.search(text), text
    if d.span is not None and d.source_line:
        lines = _lines(d.span.file, tmp)
        if lines is not None:
            assert d.source_line == lines[d.span.line - 1]


PYTHON_WORDS = re.compile(r"\b(None|True|False|NoneType|dict|list|tuple|Errno|Traceback)\b")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]+")
CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
# words a message may show in the other language on purpose: the catalogue's own (its Chinese
# examples in English, ≤90万元; its keywords and options in Chinese, --format), the readers'
# tables, the bundled schemes and samples (names and keywords quoted from them)
_OWN: list[str] = []


def _own_words() -> str:
    if not _OWN:
        from jixiao import decode_errors
        from jixiao.engine.diagnostics import PHRASES

        texts = [t for m in (*CATALOGUE.values(), *PHRASES.values())
                 for t in (m.zh, m.en, m.hint_zh, m.hint_en)]
        texts += [zh for _, zh in decode_errors.TOML_MESSAGES + decode_errors.JSON_MESSAGES]
        texts += [p.read_text(encoding="utf-8") for p in library_root().glob("*.jx")]
        texts += [p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "samples").iterdir()]
        import contextlib
        import io

        from jixiao.cli import main
        from jixiao.commands import COMMANDS
        from jixiao.engine.data import STATUS_WORDS
        from jixiao.engine.model import RoundingMode
        texts += [*STATUS_WORDS, "GB18030", "GBK", "UTF", "BOM"]  # the data's words, encodings
        texts += [m.value for m in RoundingMode]
        for name in [c.NAME for c in COMMANDS]:  # commands, options, metavars, formats
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                main([name, "--help"])
            texts.append(out.getvalue())
        from jixiao.engine import language
        texts += [*language.FUNCTIONS, *language.AGGREGATES]
        texts += [p.stem for p in library_root().glob("*.jx")]
        from jixiao import schemetest
        from jixiao.render import formats
        texts += [*schemetest.EXPECT_KEYS, *schemetest.CASE_KEYS, repr(formats.FORMATS)]
        _OWN.append("\n".join(texts))
    return _OWN[0]


def _one_language(d: Diagnostic, case: Case, tmp: Path) -> None:
    """No Python words in any message; no Chinese in English and no English in Chinese but
    what is quoted: from the case's input files and command line, or the catalogue's own."""
    quoted = " ".join([*case.run, *(str(v) for v in d.args.values() if "\\" in str(v))])
    for path in tmp.rglob("*"):
        if path.is_file() and path.stat().st_size < 2_000_000:
            raw = path.read_bytes()  # in the encodings a case writes its files in
            quoted += "".join("\n" + raw.decode(codec, "ignore")
                              for codec in ("utf-8", "gb18030", "utf-16", "utf-32"))
    own = _own_words()
    template = CATALOGUE[d.code]
    said = " ".join((template.zh, template.en, template.hint_zh, template.hint_en))
    for lang in ("zh", "en"):
        text = d.message(lang) + "\n" + d.hint(lang)
        for word in PYTHON_WORDS.findall(text):
            assert word in said or word in quoted, (lang, word, text)
    en = d.message("en") + "\n" + d.hint("en")
    for run in (r for found in CJK_RUN.findall(en) for r in found.split("、") if r):
        assert run in quoted or run in own, f"Chinese {run!r} in the English {en!r}"
    if case.want.foreign:
        return
    zh = d.message("zh") + "\n" + d.hint("zh")
    for word in WORD.findall(zh):
        assert word in quoted or word in own, f"English {word!r} in the Chinese {zh!r}"


ZERO_BASED = re.compile(r"[A-Za-z_]\[\d+\]")  # indicators[3]: an index, not a count


def _counted_from_one(d: Diagnostic, case: Case, tmp: Path) -> None:
    """What people see names a row counted from 1 (第4个指标「…」, indicator 4 “…”), never by
    its 0-based data path (``engine.diagnostics.row_place``); a path the input itself wrote
    may be quoted."""
    quoted = " ".join([*case.run, *(str(v) for v in d.args.values() if "\\" in str(v))])
    for path in tmp.rglob("*"):
        if path.is_file() and path.stat().st_size < 2_000_000:
            quoted += "\n" + path.read_bytes().decode("utf-8", "ignore")
    for lang in ("zh", "en"):
        place = d.place(lang) if d.span is None else ""
        for text in (place, d.message(lang), d.hint(lang)):
            for index in ZERO_BASED.findall(text):
                assert index in quoted, (lang, text)


def _lines(name: str, tmp: Path) -> list[str] | None:
    """The lines of the file a span names, as jixiao read them (no BOM, line ends made \\n)."""
    for path in (tmp / name, Path(name), ROOT / name,
                 library_root() / name.removeprefix("schemes/")):
        if path.is_file():
            text = path.read_bytes().decode("utf-8-sig")
            return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return None


def _result(case: Case, outcome: Outcome) -> None:
    result = outcome.result
    if isinstance(result, jixiao.Result):
        for ind in result.indicators:
            assert 0 <= ind.score <= ind.weight, f"{ind.name}: {ind.score} of {ind.weight}"
        for sec in result.sections:
            assert 0 <= sec.score <= sec.weight, sec
    if case.want.scheme is not None:
        assert isinstance(result, jixiao.CompiledScheme), f"{case.id}: nothing compiled"
        assert result.scheme.name == case.want.scheme
    if case.want.total is not None or case.want.grade is not None:
        assert isinstance(result, jixiao.Result), f"{case.id}: no result"
        if case.want.total is not None:
            assert result.total == Decimal(case.want.total)
        if case.want.grade is not None:
            assert result.grade == case.want.grade


def _in_a_process(case: Case, tmp: Path) -> None:
    """Answered in time (a TimeoutExpired is a hang), exit 0 or 2, no traceback."""
    if sys.platform != "linux":
        pytest.skip("devices, pipes and rlimits as on Linux")
    done = run_process(case, tmp)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == case.want.exit_status, done.stderr[-2000:]
    if case.want.code is not None:
        assert case.want.code in done.stderr


# ---------------------------------------------------------------------------------- the corpus


def test_ids_are_unique_and_cases_say_what_they_want() -> None:
    ids = [c.id for c in CORPUS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for case in CORPUS:
        assert case.note, f"{case.id}: no note"
        want = case.want
        if want.code is not None and not case.bug and case.process is None:
            assert want.at is not None or want.codes is not None, f"{case.id}: where?"


def test_every_code_has_a_case_and_a_documented_section() -> None:
    errors = {s.name: s for s in sections("errors")}
    assert sorted(set(CATALOGUE) - set(errors)) == [], "codes without tests/cases/errors/CODE.toml"
    assert sorted(set(errors) - set(CATALOGUE)) == [], "case files for unknown codes"
    for code, section in errors.items():
        assert section.about, f"{code}: no prose"
        assert section.fix, f"{code}: no fix"
        if section.extra.get("no_case"):  # said why, in the file
            continue
        assert any(c.want.code == code for c in section.cases), f"{code}: no case triggers it"
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = re.findall(r"^## (JX\d{3})\b", doc, re.MULTILINE)
    assert documented == sorted(CATALOGUE), "docs/errors.md: run tools/gen_docs.py"


def test_every_operator_and_function_has_a_passing_and_a_failing_case() -> None:
    """Read from the language's own tables: a new operator or function needs its cases."""
    from jixiao.engine import language

    wanted = ({"neg" if op.unary and op.symbol == "-" else op.symbol
               for op in language.OPERATORS}
              | set(language.SPELLINGS) | set(language.FUNCTIONS) | set(language.AGGREGATES)
              | {"if", "string", "percent"})
    covered: dict[str, tuple[bool, bool]] = {}
    for section in sections("language"):
        construct = section.extra["construct"]
        scores = any(c.want.total is not None for c in section.cases)
        fails = any(c.want.is_error for c in section.cases)
        covered[construct] = (scores, fails)
    assert sorted(wanted - set(covered)) == [], "no tests/cases/language file"
    assert [c for c, ok in covered.items() if ok != (True, True)] == [], "a side is missing"


def test_the_corpus_is_where_it_says() -> None:
    assert {p.name for p in CASES.iterdir() if p.is_dir()} >= {"errors", "bad-input", "language"}
    assert (CASES / "README.md").is_file()


@pytest.mark.parametrize("page", ["errors", "bad-input"])
def test_generated_docs_are_current(page: str) -> None:
    """A stale page fails: after changing a case or a message, run tools/gen_docs.py."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import gen_docs
    finally:
        sys.path.remove(str(ROOT / "tools"))
    current = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
    assert gen_docs.render(page) == current, f"docs/{page}.md is stale: run tools/gen_docs.py"
