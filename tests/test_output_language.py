"""What every renderer prints reads in one language (issue 7): Chinese output holds no English
word and English output no Chinese fragment but what it quotes — the data's and the scheme's
own names and texts, the catalogue's words — and neither holds Python's words (None, True,
KeyError, NoneType, 'str'). The case corpus checks the diagnostics this way
(``test_cases._one_language``); this checks the 自评表 as text, Markdown and HTML, the
explanations, the audit and the batch summary, for every example, in both languages."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from jixiao.audit import CLASSES
from jixiao.cli import main
from jixiao.library import library_root

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p.parent for p in (ROOT / "examples").glob("*/data.toml"))
PYTHON = re.compile(r"\b(None|True|False|NoneType|KeyError|TypeError|ValueError|dict|"
                    r"list|tuple|Errno|Traceback|repr|Decimal)\b|<class |'str'|\bobject at 0x")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]+")
# identifiers that read the same in both languages, as codes: a diagnostic's code, an audit
# finding's class (精度 precision: the word the JSON and a filter use)
CODE = re.compile(r"JX\d{3}\Z|(" + "|".join(CLASSES) + r")\Z")
CJK_RUN = re.compile(r"[\u3400-\u9fff]+")  # ideographs (punctuation alone is no language)
TAG = re.compile(r"<[^>]*>|&[a-z]+;|&#\d+;")
STYLE = re.compile(r"<style.*?</style>|<script.*?</script>", re.DOTALL)


def _own(lang: str) -> str:
    """The words an output in ``lang`` may hold of the other language: its own catalogue's
    (the Chinese messages name data keys such as ``reason``, the English ones quote ``≤90万元``),
    the language's function names and the data's status words. Not the other language's
    messages nor the help texts: a Chinese report that said "total" would pass against those."""
    from jixiao.engine.data import STATUS_WORDS
    from jixiao.engine.diagnostics import CATALOGUE, PHRASES
    from jixiao.engine.language import AGGREGATES, FUNCTIONS
    from jixiao.engine.model import RoundingMode
    texts = [t for m in (*CATALOGUE.values(), *PHRASES.values())
             for t in ((m.zh, m.hint_zh) if lang == "zh" else (m.en, m.hint_en))]
    texts += [*STATUS_WORDS, *(m.value for m in RoundingMode), *FUNCTIONS, *AGGREGATES]
    return "\n".join(texts)


def _quoted(example: Path, lang: str) -> str:
    """What an output may quote: the example's files and the schemes (names, levels, texts,
    the formulas an explanation shows), and the language's own words."""
    texts = [p.read_text(encoding="utf-8") for p in example.iterdir()
             if p.suffix in (".toml", ".jx", ".json")]
    texts += [p.read_text(encoding="utf-8") for p in library_root().glob("*.jx")]
    return "\n".join(texts) + "\n" + _own(lang)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    main(args)
    done = capsys.readouterr()
    text = done.out + "\n" + done.err
    if "<html" in text or "<!DOCTYPE" in text:
        text = html.unescape(TAG.sub(" ", STYLE.sub(" ", text)))
    return text


def _check(text: str, lang: str, quoted: str, what: str) -> None:
    for m in PYTHON.finditer(text):
        line = text[text.rfind("\n", 0, m.start()) + 1: text.find("\n", m.end())]
        assert m.group() in quoted, f"{what}: Python's {m.group()!r} in {line!r}"
    if lang == "en":
        for run in CJK_RUN.findall(text):
            assert run in quoted, f"{what}: Chinese {run!r} in the English output"
    else:
        for word in WORD.findall(text):
            assert word in quoted or CODE.match(word), \
                f"{what}: English {word!r} in the Chinese output"


COMMANDS = {
    "score": ["score", "{data}"],
    "markdown": ["report", "{data}", "--format", "md", "-o", "{out}.md"],
    "html": ["report", "{data}", "--format", "html", "-o", "{out}.html"],
    "explain": ["explain", "{data}"],
    "audit": ["audit", "{data}"],
    "audit-md": ["audit", "{data}", "--format", "md"],
}


# Known: the written report (`report --format md|html`, engine of render.document) is the
# Chinese 自评报告 in the seed's words whatever --lang says; its English is not written yet.
CHINESE_ONLY = {("markdown", "en"), ("html", "en")}


@pytest.mark.parametrize(("what", "lang"), [
    pytest.param(w, lang, marks=[pytest.mark.xfail(strict=True, reason="the written report "
                                                   "(render.document) has no English yet")]
                 if (w, lang) in CHINESE_ONLY else [])
    for w in sorted(COMMANDS) for lang in ("zh", "en")])
def test_each_output_reads_in_one_language(what: str, lang: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    for example in EXAMPLES:
        out = tmp_path / example.name
        args = [a.replace("{data}", str(example / "data.toml")).replace("{out}", str(out))
                for a in COMMANDS[what]]
        text = _run([*args, "--lang", lang], capsys)
        written = [p for p in tmp_path.iterdir() if p.name.startswith(example.name)]
        for path in written:  # a report written to a file: its text, tags dropped
            page = path.read_text(encoding="utf-8")
            text += html.unescape(TAG.sub(" ", STYLE.sub(" ", page)))
        assert len(text) > 200 or what.startswith("audit"), (what, text)
        _check(text, lang, _quoted(example, lang) + " ".join(args), f"{what} {example.name}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_batch_and_its_summary_read_in_one_language(
        lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    seed = ROOT / "examples" / "xinjiang-soil-2025"
    main(["batch", "--scheme", "soil_pollution", str(seed / "data.toml"), "-o", str(out),
          "--lang", lang])
    quoted = _quoted(seed, lang) + f" {out} {seed}"
    _check(capsys.readouterr().err, lang, quoted, "batch")
    for fmt in ("text", "html"):
        text = _run(["summary", str(out), "--format", fmt, "--lang", lang], capsys)
        _check(text, lang, quoted, f"summary {fmt}")


@pytest.mark.parametrize(("name", "content"), [
    ("not-zip.xlsx", b"scheme = 'x'\n"),  # BadZipFile
    ("empty-zip.xlsx", b"PK\x05\x06" + b"\x00" * 18),  # a zip without a workbook: KeyError
    ("nul.csv", "一级指标,三级指标\n产出\x00,甲\n".encode()),  # the csv module's own English
    ("bad.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100),  # xlrd's CompDocError
])
def test_the_table_readers_speak_without_python_words(
        name: str, content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / name).write_bytes(content)
    for lang in ("zh", "en"):
        assert main(["import", str(tmp_path / name), "--lang", lang]) == 2
        err = capsys.readouterr().err
        assert "JX0" in err
        _check(err, lang, _own(lang) + str(tmp_path / name), f"import {name}")


@pytest.mark.parametrize(("char", "shown"),
                         [("@", "@"), ("\x07", "U+0007"), ("\x1b", "U+001B")])
def test_a_stray_character_is_quoted_in_words(char: str, shown: str, tmp_path: Path) -> None:
    import jixiao
    (tmp_path / "s.jx").write_text(f'scheme x version "1" {{\n  {char}\n}}\n', encoding="utf-8")
    with pytest.raises(jixiao.JixiaoError) as info:
        jixiao.load_scheme(tmp_path / "s.jx")
    d = info.value.diagnostics[0]
    assert shown in d.message("zh")
    assert shown in d.message("en")
    assert "'" not in d.message("zh") + d.message("en")  # no Python repr
