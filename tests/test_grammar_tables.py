"""The parse tables built ahead of time (``dsl/grammar_tables.json``) are fresh and parse
exactly as the tables lark builds from ``scheme.lark``.

If the first test fails, the grammar changed: run
``.venv/bin/python tools/gen_grammar_tables.py`` and commit the JSON. Until then jixiao builds
the tables itself (slower start, same results).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT

from jixiao.dsl.parser import (
    build_grammar_parser,
    grammar_parser,
    parse_tree,
    stored_tables,
    tables_json,
)
from jixiao.engine.diagnostics import SchemeError

SCHEMES = sorted({*ROOT.glob("schemes/*.jx"), *ROOT.glob("examples/**/*.jx"),
                  *ROOT.glob("tests/**/*.jx")})


def test_stored_tables_belong_to_this_grammar_and_lark() -> None:
    assert stored_tables() is not None, "run tools/gen_grammar_tables.py"


@pytest.mark.parametrize("path", SCHEMES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_loaded_tables_parse_like_built_ones(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert grammar_parser().parse(text) == build_grammar_parser().parse(text)


@pytest.mark.parametrize("text", [
    "scheme x {\n  section 产出 weight {\n}\n",
    'scheme x version "1" {\n  total = round(sum(sections, score), 2\n}\n',
    "scheme x { grade 优 [90, 100 }",
    "",
])
def test_loaded_tables_report_the_same_syntax_errors(text: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def diagnostics() -> list[str]:
        try:
            parse_tree(text, "t.jx")
        except SchemeError as exc:
            return [f"{d.code} {d.location} {d.message('en')} {d.hint('en')}"
                    for d in exc.diagnostics]
        return []
    loaded = diagnostics()
    built = build_grammar_parser()
    monkeypatch.setattr("jixiao.dsl.parser.grammar_parser", lambda: built)
    assert loaded == diagnostics()


def test_tables_are_plain_data_both_ways() -> None:
    """What the JSON holds reads back to the same values (tuples and keys that are not text
    are tagged), and anything but plain data is refused when writing."""
    value = {"a": (1, "b"), 2: [None, True, 1.5], (3, 4): {"c": ()}}
    from jixiao.dsl.parser import _from_json
    assert json.loads(tables_json(value), object_hook=_from_json) == value
    with pytest.raises(TypeError):
        tables_json({"x": object()})


def test_damaged_tables_are_built_instead(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    """A damaged file (a merge left its conflict markers in it) costs time, never a crash."""
    import jixiao.dsl.parser

    (tmp_path / "grammar_tables.json").write_text("<<<<<<< HEAD\n{}", encoding="utf-8")
    monkeypatch.setattr(jixiao.dsl.parser, "HERE", tmp_path)
    assert stored_tables() is None
