"""``jixiao doc``: the 评分细则 of every bundled scheme, inheritance resolved.

The Markdown golden files under ``__snapshots__/test_scheme_doc/`` were read against each
scheme's ``.jx`` source (and its parent's): every section and weight, each kind's formulas in
words and as written, the levels and their ratios, the flags, the grades, the parameters and
the changes ``check`` lists. A scheme added to ``schemes/`` without a golden fails here: read its
document, then add its golden with ``--snapshot-update``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import attrs
import pytest
from snapshots import MarkdownSnapshot
from syrupy.assertion import SnapshotAssertion

import jixiao
from jixiao.cli import main
from jixiao.engine.model import Binary, Call, Cond, Flag, Formula, Level, Num, Param, Ref, Scheme
from jixiao.render.scheme_doc import scheme_doc, words

BUNDLED = [s.name for s in jixiao.bundled_schemes()]
HOSTILE = '<script>alert("x")</script>&amp;|`'


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("name", BUNDLED)
def test_markdown_golden(name: str, snapshot: SnapshotAssertion) -> None:
    text = scheme_doc(jixiao.load_scheme(name).scheme, "md", "zh")
    assert text == snapshot(extension_class=MarkdownSnapshot)


@pytest.mark.parametrize("name", BUNDLED)
def test_every_section_weight_and_grade_is_in_the_document(name: str) -> None:
    """Independent of the goldens: nothing the resolved scheme holds is left out."""
    s = jixiao.load_scheme(name).scheme
    text = scheme_doc(s, "md", "en")
    for sec in s.sections:
        assert f"| {sec.name} | {sec.weight} |" in text
    for k in s.kinds:
        assert f"### {k.name} " in text
        for lv in k.levels:
            assert f"| {lv.name} |" in text
        for f in k.flags:
            assert f"| {f.name} |" in text
    for g in s.grades:
        assert f"| {g.name} | {g.band} |" in text
    for p in s.params:
        assert f"| {p.name} |" in text
    assert f"| total | {s.full_score} |" in text


def test_cli_writes_markdown_and_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["doc", "provincial_overshoot"], capsys)
    assert (status, err) == (0, "")
    assert out.startswith("# 评分细则：省级转移支付绩效自评 2025\n")
    assert "| 正向 | 严重超额 | 提示 |" in out
    assert "`超额扣分`" in out
    assert "| 修改 指标类型 正向: + flag 超额完成; + flag 严重超额 |" in out
    page = tmp_path / "rules.html"
    assert run(["doc", "provincial_overshoot", "-o", str(page)], capsys) == (0, "", "")
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    status, out, _ = run(["doc", "transfer_regional", "--format", "md", "--lang", "en"], capsys)
    assert status == 0
    assert out.startswith("# Scoring rules: ")
    assert "This scheme extends no other." in out


def test_unknown_scheme_is_a_diagnostic(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["doc", "no_such_scheme"], capsys)
    assert (status, out) == (2, "")
    assert "JX" in err
    assert "Traceback" not in err


class _Tree(HTMLParser):
    """Collects the tags and the text, and fails on a tag that is not closed in order."""

    VOID: ClassVar[set[str]] = {"meta"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open[-1:] == [tag], (tag, self.open)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _hostile_scheme() -> Scheme:
    """The regional scheme with a hostile text in every place a name can stand."""
    s = jixiao.load_scheme("transfer_regional").scheme
    kind = s.kinds[-1] if not s.kinds[0].levels else s.kinds[0]
    qual = next(k for k in s.kinds if k.levels)
    cond = Formula("c", Binary(">", Ref(("actual",)), Num(Decimal(1))), "actual > 1")
    flagged = attrs.evolve(kind, name=HOSTILE, flags=(Flag(HOSTILE, "warning", HOSTILE, cond),))
    leveled = attrs.evolve(qual, levels=(Level(HOSTILE, (HOSTILE,), Decimal(1)),))
    kinds = tuple(flagged if k is kind else leveled if k is qual else k for k in s.kinds)
    sections = (attrs.evolve(s.sections[0], name=HOSTILE), *s.sections[1:])
    grades = (attrs.evolve(s.grades[0], name=HOSTILE), *s.grades[1:])
    return attrs.evolve(s, name=HOSTILE, version=HOSTILE, basis=HOSTILE, kinds=kinds,
                        sections=sections, grades=grades,
                        params=(Param(HOSTILE, Decimal("1.2")),), lineage=(HOSTILE,))


def test_html_is_self_contained_and_escapes_every_name() -> None:
    page = scheme_doc(_hostile_scheme(), "html", "zh")
    tree = _Tree()
    tree.feed(page)
    tree.close()
    assert tree.open == []
    assert "script" not in tree.tags  # the hostile name never became a tag
    assert {"html", "head", "style", "body", "h1", "h2", "h3", "table", "th", "td"} <= set(
        tree.tags)
    assert not any(t in tree.tags for t in ("link", "img", "iframe"))
    assert "src=" not in page
    assert "href=" not in page
    assert "<script" not in page
    text = "".join(tree.text)
    # every hostile name is shown as text: scheme, basis, section, kind, level, alias, flag
    # (name and message), grade, parameter, parent
    assert text.count(HOSTILE) >= 11
    assert page.count("&lt;script&gt;") == text.count(HOSTILE)  # each one escaped, none raw


def test_html_sections_follow_the_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["doc", "project_budget20", "--format", "html"], capsys)
    assert (status, err) == (0, "")
    tree = _Tree()
    tree.feed(out)
    assert tree.open == []
    assert out.count("<h2>") == 7
    assert out.count("<h3>") == len(jixiao.load_scheme("project_budget20").scheme.kinds)
    assert "<td>预算执行</td><td>20</td>" in out
    assert "<code>round(weight * min(budget.rate, 1), 0)</code>" in out


def test_markdown_escapes_table_cells() -> None:
    """A ``|`` in a name cannot add a column: every row of a table has its header's cells."""
    text = scheme_doc(_hostile_scheme(), "md", "zh")
    columns = 0
    for line in text.splitlines():
        if not line.startswith("|"):
            columns = 0
            continue
        cells = len(re.split(r"(?<!\\)\|", line)) - 2
        columns = columns or cells
        assert cells == columns, line
    assert "\\|`" in text  # the hostile name's own bar, escaped


def test_words_read_one_way() -> None:
    """Nested roundings, min/max and ``if`` are put in parentheses; the scheme's rounding
    mode is named when the formula names none."""
    e = Call("round", (Binary("*", Ref(("weight",)),
                              Call("min", (Ref(("completion",)), Num(Decimal(1))))),
                       Num(Decimal(2))))
    assert words(e, "zh") == "分值 × (完成率 与 1 中的较小者)，四舍五入保留 2 位小数"
    assert words(e, "en", "down") == ("weight × (the lesser of completion and 1), "
                                      "rounded toward zero to 2 decimals")
    c = Cond(Binary(">", Ref(("x",)), Num(Decimal(0))),
             Cond(Ref(("ok",)), Num(Decimal(1)), Num(Decimal(0))), Num(Decimal(0)))
    assert words(c, "zh") == "若 x > 0，则为 (若 ok，则为 1；否则为 0)；否则为 0"
