"""Issue 7, the rest: where a data error is (line, row counted from 1, its name), the scheme's
percent setting, messages in one language, look-alike names, no Python words in messages."""

from __future__ import annotations

import json
import pickle
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jixiao
from jixiao.datafile import parse_data_text
from jixiao.engine.diagnostics import DataError, JixiaoError
from jixiao.places import DataPlaces, json_lines, toml_lines

SAMPLES = Path(__file__).parent / "samples"

# ------------------------------------------------------------------ where in the data file

_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8)


def _toml_string(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _toml(rows: list[dict[str, str]], inline: bool, comments: bool) -> str:
    head = 'scheme = "small.jx"\n[budget]\ntotal = 100\nexecuted = 80\n'
    if inline:
        body = "indicators = [\n" + "".join(
            "  { " + ", ".join(f"{k} = {_toml_string(v)}" for k, v in r.items()) + " },"
            + (" # [[indicators]]" if comments else "") + "\n" for r in rows) + "]\n"
        return body + head
    out = [head]
    for r in rows:
        out.append("\n[[indicators]]" + ("  # a row\n" if comments else "\n"))
        for k, v in r.items():
            if k == "reason" and comments:  # a multi-line string that looks like a header
                escaped = v.replace("\\", "\\\\").replace('"', '\\"')
                out.append(f'{k} = """\n[[indicators]]\n{escaped}"""\n')
            else:
                out.append(f"{k} = {_toml_string(v)}\n")
    return "".join(out)


_row = st.fixed_dictionaries({"section": st.just("产出指标"), "name": _names,
                              "target": st.just("≥1"), "reason": _names, "actual": _names})


@settings(max_examples=60, deadline=None)
@given(st.lists(_row, min_size=1, max_size=12), st.booleans(), st.booleans(), st.booleans())
def test_every_row_and_field_is_placed_at_its_line(rows: list[dict[str, str]], inline: bool,
                                                   comments: bool, as_json: bool) -> None:
    """The line found for ``indicators[i].actual`` is the line that writes that row's actual,
    in TOML (headers or inline tables, with look-alike headers in strings and comments) and
    in JSON (indented or on one line)."""
    if as_json:
        mapping = {"scheme": "small.jx", "indicators": rows}
        text = json.dumps(mapping, ensure_ascii=False, indent=1 if comments else None)
        lines = json_lines(text)
    else:
        text = _toml(rows, inline, comments)
        read = tomllib.loads(text)["indicators"]  # the scan trusts text that parsed
        assert [(r["name"], r["actual"]) for r in read] == [(r["name"], r["actual"]) for r in rows]
        lines = toml_lines(text)
    source = text.split("\n")
    places = DataPlaces("data", {"indicators": rows}, text, "json" if as_json else "toml")
    for i, row in enumerate(rows):
        file, line, name = places.find(f"indicators[{i}].actual")
        assert (file, name) == ("data", row["name"].strip())
        assert lines[f"indicators[{i}].actual"] == line
        written = source[line - 1]
        assert ('"actual"' if as_json else "actual = ") in written
        assert json.dumps(row["actual"], ensure_ascii=False) in written
        if not inline and not as_json:  # a whole row: its [[indicators]] header
            assert source[places.find(f"indicators[{i}]")[1] - 1].startswith("[[indicators]]")


def test_a_data_error_names_its_line_and_row_in_both_languages() -> None:
    text = (SAMPLES / "small.toml").read_text(encoding="utf-8").replace(
        'actual = "26"', 'actual = "很多"')
    with pytest.raises(JixiaoError) as caught:
        jixiao.score(parse_data_text(text, "toml", where="d.toml"), jixiao.load_scheme(
            SAMPLES / "small.jx"))
    d = next(x for x in caught.value.diagnostics if x.code == "JX304")
    assert d.location == "indicators[0].actual"  # for programs: the data path, as before
    assert d.place("zh") == "d.toml:17（第1个指标「监测点位」的 actual）"
    assert d.place("en") == "d.toml:17 (indicator 1 “监测点位”, actual)"
    assert pickle.loads(pickle.dumps(caught.value)).diagnostics[0].place() == d.place()


@pytest.mark.parametrize("explain", [True, False])  # the general and the fast evaluator
def test_warnings_of_scoring_carry_the_line_too(explain: bool) -> None:
    text = (SAMPLES / "small.toml").read_text(encoding="utf-8").replace(
        'unit = "个"\ntarget = "≥26"\nactual = "26"', 'target = "≥90%"\nactual = "0.5"')
    result = jixiao.score(parse_data_text(text, "toml", where="d.toml"),
                          jixiao.load_scheme(SAMPLES / "small.jx"), explain=explain)
    both = next(d for d in result.diagnostics if d.code == "JX510")
    assert both.place("zh") == "d.toml:16（第1个指标「监测点位」的 actual）"


def test_a_mapping_from_code_names_the_row_without_a_line() -> None:
    record = {"scheme": "x.jx", "budget": {"total": 1, "executed": 1},
              "indicators": [{"section": "产出指标", "name": "a", "target": "≥1"},
                             {"section": "产出指标", "name": "b", "target": "≥1", "weight": "?"}]}
    with pytest.raises(DataError) as caught:
        jixiao.data_from_mapping(record)
    d = next(x for x in caught.value.diagnostics if x.code == "JX303")
    assert (d.place("zh"), d.place("en")) == ("第2个指标「b」的 weight", "indicator 2 “b”, weight")


def test_json_rows_on_one_line_share_it() -> None:
    text = json.dumps({"indicators": [{"name": "a"}, {"name": "b"}]})
    assert json_lines(text)["indicators[1].name"] == 1


def test_the_scan_gives_up_quietly_on_what_it_does_not_know() -> None:
    places = DataPlaces("d.toml", {}, "a = [[[[", "toml")
    assert places.find("indicators[0]")[1] in (0, 1)
    assert DataPlaces("d", {"indicators": "x"}).find("indicators[0].name") == ("", 0, "")


def test_decimal_values_survive() -> None:  # the places never change what is read
    text = (SAMPLES / "small.toml").read_text(encoding="utf-8")
    data = parse_data_text(text, "toml", where="d.toml")
    assert data.budget.total.total == Decimal(100)


# ------------------------------------------------------------------ the readers' English

_TOML_BAD = ["a = = 1", "a = 1 b = 2", "[a\nb = 1", "[[a]\n", "a", "a = [1, 2", "a = {b = 1",
             'a = "x', 'a = "\\q"', "a = 1\na = 2", "a = 1979-13-01", "a = \"\x01\"",
             "a = {b = 1, b = 2}", "[a]\n[a]", "a = tru", "= 1", "a = 1\n[a]\n", "a.b = 1\na = 2"]
_JSON_BAD = ["{", "{\"a\" 1}", "{\"a\": 1,}", "[1 2]", "{\"a\": \"x", "{a: 1}", "1 2",
             "{\"a\": \"\\q\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"\x01\"}", "[1,]", "{\"a\": NaN}"]


@pytest.mark.parametrize("text", _TOML_BAD + _JSON_BAD)
def test_every_syntax_error_reads_in_chinese_and_keeps_the_english(text: str) -> None:
    """JX301 in Chinese says it without the reader's English; ``--lang en`` keeps it."""
    import re

    fmt = "json" if text in _JSON_BAD else "toml"
    with pytest.raises(DataError) as caught:
        parse_data_text(text, fmt, where="d")
    d = caught.value.diagnostics[0]
    assert d.code == "JX301"
    zh = d.message("zh")
    assert "不符合" not in zh, f"no row of the table knows {d.message('en')!r}"
    assert not re.search(r"[A-Za-z]{3,}", zh.replace("JSON", "").replace("TOML", "").replace(
        "NaN", "").replace("Infinity", "").replace("Unicode", "").replace("uXXXX", "")), zh
    assert re.search(r"[A-Za-z]{3,}", d.message("en"))
    assert re.fullmatch(r"d:\d+:\d+", d.where) or d.where == "d"


# ------------------------------------------------------------------ percent or fraction


@pytest.mark.parametrize(("setting", "flag", "total"), [
    ("as_fraction", None, "100"), ("as_written", None, "90.1"),
    ("as_fraction", False, "90.1"), ("as_written", True, "100"),
    ("ask", True, "100"), ("ask", False, "90.1"), (None, True, "100")])
@pytest.mark.parametrize("explain", [True, False])
def test_the_scheme_decides_percent_or_fraction_and_the_flag_overrides(
        setting: str | None, flag: bool | None, total: str, explain: bool) -> None:
    body = f"  percent {setting}\n" if setting else "  basis \"同上\"\n"
    child = jixiao.compile_scheme_text(
        f'scheme 子方案 version "1" extends "transfer_regional.jx" {{\n{body}}}\n', "c.jx")
    assert child.scheme.percent_as_fraction == {"as_fraction": True, "as_written": False}.get(
        setting or "")
    text = (SAMPLES / "record.toml").read_text(encoding="utf-8").replace('"92%"', '"0.92"')
    result = jixiao.score(parse_data_text(text, "toml", where="d.toml"), child,
                          percent_as_fraction=flag, explain=explain)
    assert result.total == Decimal(total)
    used = next(d for d in result.diagnostics if d.code == "JX510").args["used"]
    assert used == ("92%" if total == "100" else "0.92%")


def test_undecided_the_scheme_asks() -> None:
    child = jixiao.compile_scheme_text(
        'scheme 子方案 version "1" extends "transfer_regional.jx" {\n  percent ask\n}\n', "c.jx")
    text = (SAMPLES / "record.toml").read_text(encoding="utf-8").replace('"92%"', '"0.92"')
    with pytest.raises(DataError) as caught:
        jixiao.score(parse_data_text(text, "toml", where="d.toml"), child)
    assert "JX330" in caught.value.codes


def test_a_child_changes_the_parents_percent_setting() -> None:
    from jixiao.dsl import compile_source

    files = {"p.jx": 'scheme 父 version "1" extends "transfer_regional.jx" {\n'
                     '  percent as_fraction\n}\n',
             "c.jx": 'scheme 子 version "1" extends "p.jx" {\n  percent as_written\n}\n'}
    from jixiao.library import library_root, resolver

    base = resolver([library_root()], jixiao.Limits())

    def resolve(ref: str, span: object, file: str) -> tuple[str, str]:
        return (files[ref], ref) if ref in files else base(ref, span, file)  # type: ignore[arg-type]
    child = compile_source(files["c.jx"], "c.jx", resolve, jixiao.Limits())
    parent = compile_source(files["p.jx"], "p.jx", resolve, jixiao.Limits())
    assert (parent.scheme.percent_as_fraction, child.scheme.percent_as_fraction) == (True, False)


# ------------------------------------------------------- names alike but for what is unseen

_INVISIBLE = ["\u200b", "\ufeff", "\u00a0", "\u3000", "\u2028", "\u2029", "\u200e", "\u00ad",
              " ", "\u2060"]


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zs", "Zl",
                                                                  "Zp", "Cn", "Co")),
               min_size=1, max_size=10),
       st.lists(st.tuples(st.integers(0, 10), st.sampled_from(_INVISIBLE)), min_size=1,
                max_size=3))
def test_a_name_with_invisible_characters_looks_like_the_name(
        name: str, inserts: list[tuple[int, str]]) -> None:
    from jixiao.engine.names import looks, written_out

    hidden = name
    for at, char in inserts:
        hidden = hidden[:at] + char + hidden[at:]
    assert looks(hidden) == looks(name)
    if hidden != name:
        shown = written_out(hidden)
        assert shown != hidden or " " in hidden or "\u00ad" in hidden or "\u3000" in hidden


@pytest.mark.parametrize("char", _INVISIBLE)
def test_look_alike_sub_projects_and_categories_warn_for_each_invisible_character(
        char: str) -> None:
    record = {"budget": {"total": 100, "executed": 80},
              "indicators": [
                  {"section": "产出指标", "category": "数量指标", "name": "a", "target": "≥1",
                   "actual": "1"},
                  {"section": "产出指标", "category": f"数量{char}指标", "name": "b",
                   "target": "≥1", "actual": "1"}],
              "projects": [{"name": "一期", "budget": {"central": 1}},
                           {"name": f"一{char}期", "budget": {"central": 1}}]}
    scheme = jixiao.load_scheme(SAMPLES / "small.jx")
    for explain in (True, False):
        result = jixiao.score(record, scheme, explain=explain)
        found = sorted(d.where for d in result.diagnostics if d.code == "JX525")
        assert found == ["indicators[1].category", "projects[1].name"]
