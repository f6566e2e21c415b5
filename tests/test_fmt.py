"""``jixiao fmt``: one canonical layout, comments kept, idempotent, meaning preserved — over the
library, the samples and generated schemes; and the library itself stays formatted (CI)."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, SCHEMES, SEED_DATA, indicator, project_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_generated_schemes import schemes

import jixiao
from jixiao.cli import main
from jixiao.dsl.parser import lex_all
from jixiao.engine.diagnostics import SchemeError
from jixiao.fmt import format_text

LIBRARY = sorted(SCHEMES.glob("*.jx"))
SAMPLES = sorted((ROOT / "tests" / "samples").glob("*.jx"))

MESSY = """\
# 方案说明
scheme   测试 version "1"{
rounding half_up


      budget{rate=round(executed/total,4)}   # 执行率
  section 预算执行 weight 10 { score = round( weight*min(budget.rate ,1) ,2 ) }
section 产出指标 weight 90 {
    split given_else_equal round 2

}
  kind 正向 for >=,>,bare {
     completion = if actual>=target then 1
                  else if target > 0 then max(round(actual / target, 4), 0)
                  else 0
  }
deviation = 1-completion
score = round(weight*min(completion,1),2)
   subtotal = round(sum(indicators , score) , 2)
total = round(sum(sections, score), 2)   # 总分
  grade 优 [90,100]
  grade 差 [ 0 , 90 )
}
"""

CANONICAL = """\
# 方案说明
scheme 测试 version "1" {
  rounding half_up

  budget { rate = round(executed / total, 4) }  # 执行率
  section 预算执行 weight 10 { score = round(weight * min(budget.rate, 1), 2) }
  section 产出指标 weight 90 {
    split given_else_equal round 2
  }
  kind 正向 for >=, >, bare {
    completion = if actual >= target then 1
                 else if target > 0 then max(round(actual / target, 4), 0)
                 else 0
  }
  deviation = 1 - completion
  score = round(weight * min(completion, 1), 2)
  subtotal = round(sum(indicators, score), 2)
  total = round(sum(sections, score), 2)  # 总分
  grade 优 [90, 100]
  grade 差 [0, 90)
}
"""


def figures(result: jixiao.Result) -> object:
    """What a result says, without the scheme positions its explanation points at."""
    return (result.total, result.grade, [(s.name, s.score) for s in result.sections],
            [(i.name, i.weight, i.completion, i.deviation, i.score) for i in result.indicators])


def tokens(text: str) -> list[tuple[str, str]]:
    return [(k, t) for k, t in lex_all(text) if t.strip()]


@pytest.mark.parametrize("path", LIBRARY, ids=[p.name for p in LIBRARY])
def test_the_library_is_formatted(path: Path) -> None:
    """CI keeps schemes/ in the canonical layout: run `jixiao fmt schemes/*.jx` after editing."""
    text = path.read_text(encoding="utf-8")
    assert format_text(text, str(path)) == text, f"run: jixiao fmt {path.relative_to(ROOT)}"


def test_a_messy_scheme_is_laid_out_canonically() -> None:
    out = format_text(MESSY)
    assert out == CANONICAL
    assert format_text(out) == out


@pytest.mark.parametrize(("line", "want"), [
    ("score = weight -扣分", "score = weight - 扣分"),       # a keyword read as a value
    ("completion = ratio-0.1", "completion = ratio - 0.1"),
    ("completion = if x then -1 else 0", "completion = if x then -1 else 0"),  # unary after then
])
def test_minus_after_a_keyword_that_is_a_value(line: str, want: str) -> None:
    text = f"scheme A {{\n  kind K for text {{\n    {line}\n  }}\n}}\n"
    assert format_text(text).splitlines()[2].strip() == want


@pytest.mark.parametrize("path", LIBRARY + SAMPLES, ids=[p.name for p in LIBRARY + SAMPLES])
def test_idempotent_comments_kept_meaning_preserved(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    once = format_text(text)
    assert format_text(once) == once
    assert tokens(once) == tokens(text)  # every comment, name and number, in order


def _shake(text: str, rnd: random.Random) -> str:
    """The same scheme with its white space disturbed: indentation, spaces between tokens and
    blank lines, never inside a string or a comment."""
    out = []
    for kind, tok in lex_all(text):
        if not tok.strip():
            if "\n" in tok:
                tok = "\n" * rnd.choice([1, 1, 2, 3]) + " " * rnd.randint(0, 6)
            else:
                tok = " " * rnd.randint(1, 3)
        elif kind not in ("COMMENT", "STRING") and rnd.random() < 0.3:
            tok = tok + " " * rnd.randint(1, 2)
        out.append(tok)
    return "".join(out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemes(sound=True), st.randoms(use_true_random=False))
def test_generated_schemes_keep_their_meaning(generated: tuple[str, list[tuple[str, Decimal]]],
                                              rnd: random.Random) -> None:
    text, sections = generated
    shaken = _shake(text, rnd)
    out = format_text(shaken)
    assert format_text(out) == out
    assert tokens(out) == tokens(text)
    rows = [indicator(f"指标{i}", target="≥100", actual="61.5", section=name, reason="r")
            for i, (name, _) in enumerate(sections)]
    data = project_data(*rows, total="300", executed="123.45")
    before = figures(jixiao.score(data, jixiao.compile_scheme_text(text)))
    after = figures(jixiao.score(data, jixiao.compile_scheme_text(out)))
    assert before == after


def test_the_seed_scores_the_same_after_formatting(tmp_path: Path) -> None:
    for path in LIBRARY:
        (tmp_path / path.name).write_text(format_text(_shake(
            path.read_text(encoding="utf-8"), random.Random(7))), encoding="utf-8")
    before = jixiao.score(SEED_DATA, SCHEMES / "soil_pollution.jx")
    after = jixiao.score(SEED_DATA, tmp_path / "soil_pollution.jx")
    assert figures(before) == figures(after)
    assert str(after.total) == "92.71"


def test_cli_check_diff_and_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.jx"
    path.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", str(path), "--check"]) == 1
    assert "需要格式化" in capsys.readouterr().out
    assert main(["fmt", str(path), "--diff"]) == 1
    out = capsys.readouterr().out
    assert "-scheme   测试 version \"1\"{" in out
    assert "+scheme 测试 version \"1\" {" in out
    assert path.read_text(encoding="utf-8") == MESSY  # --check and --diff change nothing
    assert main(["fmt", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == CANONICAL
    assert main(["fmt", str(path), "--check"]) == 0


def test_a_scheme_that_does_not_parse_is_refused_with_its_errors(tmp_path: Path) -> None:
    with pytest.raises(SchemeError) as info:
        format_text("scheme x {\n  section a weight {\n}\n")
    assert info.value.codes[0].startswith("JX1")
    path = tmp_path / "bad.jx"
    path.write_text("scheme x {\n", encoding="utf-8")
    assert main(["fmt", str(path)]) == 2
