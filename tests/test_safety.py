"""A scheme from anyone is safe to run: the language reaches nothing outside the record it
scores, and nothing a user wrote is ever handed to eval, exec or pickle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

import jixiao

PACKAGES = ("engine", "dsl", "jixiao")
# Calls and modules that could run host code, read the machine or the clock.
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "open", "input"}
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "subprocess", "ctypes", "importlib.util"}
# The one place generated Python is compiled and run: the fast evaluator's formulas, written by
# engine/codegen.py from the checked model with generated names and a constants table only
# (test_generated_source_holds_no_scheme_or_data_text below). (file, function) → calls allowed.
GENERATED_CODE = {("engine/codegen.py", "_load"): {"compile", "exec"}}
# The one module that unpickles, and why it is safe: the command line's cache of checked
# schemes reads back what it wrote itself (the checked model, never a user's text), from a
# folder only the user may write, with an unpickler that builds nothing but the model's classes
# and Decimal (tests/test_schemecache.py: a forged entry runs nothing).
PICKLE_USERS = {"jixiao/schemecache.py"}
# Only the application layer reads files; the core and the languages never do.
FILE_READERS = {"jixiao/files.py", "jixiao/cli.py"}
# The command line is the process's edge: it alone reads NO_COLOR (https://no-color.org).
ENV_READERS = {"jixiao/cli.py"}


def _sources() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_host_code_from_user_text(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT).as_posix()
    allowed: dict[int, set[str]] = {}  # the calls allowed at a line, inside their function
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and (rel, fn.name) in GENERATED_CODE:
            for node in ast.walk(fn):
                allowed[getattr(node, "lineno", 0)] = GENERATED_CODE[rel, fn.name]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "open" and rel in FILE_READERS:
                continue
            if node.func.id in allowed.get(node.lineno, set()):
                continue
            assert node.func.id not in FORBIDDEN_CALLS, f"{rel}:{node.lineno} {node.func.id}()"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [
                node.module or ""]
            for name in names:
                if name == "pickle" and rel in PICKLE_USERS:
                    continue
                assert name not in FORBIDDEN_MODULES, f"{rel}:{node.lineno} imports {name}"
        if (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv")
                and rel not in ENV_READERS):
            pytest.fail(f"{rel}:{node.lineno} reads the environment")


def test_core_reads_no_clock_and_no_files() -> None:
    for pkg in ("engine", "dsl"):
        for path in (ROOT / pkg).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for word in ("import time", "import datetime", "from datetime", "read_text(",
                         "read_bytes(", "os.environ"):
                if word == "read_text(" and path.name == "parser.py":
                    continue  # the grammar, shipped as package data
                assert word not in text, f"{path.relative_to(ROOT)}: {word}"


@pytest.mark.parametrize("expr", ["env.HOME", "os.environ", "now", "today()", "open(1)",
                                  "__import__(1)", "file(1)", "system(1)"])
def test_the_language_has_no_way_out(expr: str) -> None:
    """Names outside the record and functions outside ``engine.language`` are compile errors."""
    text = f'scheme 越界 extends "transfer_regional.jx" {{ derive x = {expr} }}'
    with pytest.raises(jixiao.SchemeError) as info:
        jixiao.compile_scheme_text(text, "x.jx")
    assert set(info.value.codes) <= {"JX202", "JX203", "JX205"}, info.value.diagnostics


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module or "")
    return names


def _all_python() -> list[Path]:
    folders = ("engine", "dsl", "jixiao", "tests", "benchmarks", "fuzz", "tools")
    return sorted({p.resolve() for f in folders for p in (ROOT / f).rglob("*.py")})


def test_layers_import_only_downward() -> None:
    """engine/ is the core: it never imports the languages, the application or lark. lark is
    seen by the two parser modules only. Nothing imports the top-level folders by their own
    names (``engine``, ``dsl``, ``schemes``): everything lives under the ``jixiao`` namespace."""
    lark_users = {"dsl/parser.py", "dsl/build.py"}
    for path in _all_python():
        rel = path.relative_to(ROOT).as_posix()
        for name in _imports(path):
            top = name.split(".")[0]
            assert top not in ("engine", "dsl", "schemes"), f"{rel} imports {name}"
            if top == "lark":
                assert rel in lark_users, f"{rel} imports lark"
            if rel.startswith("engine/"):
                assert not name.startswith(("jixiao.dsl", "jixiao.render", "jixiao.api",
                                            "jixiao.cli", "jixiao.datafile")), \
                    f"{rel} imports {name}"
                if name.startswith("jixiao"):
                    assert name.startswith("jixiao.engine"), f"{rel} imports {name}"


def test_generated_code_is_compiled_in_one_place() -> None:
    """engine/codegen.py's ``_load`` is the one function that compiles and runs Python, each
    once; nothing else in the packages does (``test_no_host_code_from_user_text``)."""
    for (rel, name), calls in GENERATED_CODE.items():
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        found = [node.func.id for fn in ast.walk(tree)
                 if isinstance(fn, ast.FunctionDef) and fn.name == name
                 for node in ast.walk(fn)
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                 and node.func.id in FORBIDDEN_CALLS]
        assert sorted(found) == sorted(calls), (rel, name, found)


# A scheme whose every name, text, level, alias, flag message and basis is Python code with
# quotes and backslashes: none of it may reach the generated source, and it scores as written.
HOSTILE = r"""scheme "恶意'); __import__('os').system('echo pwned') #" version "1\'" {
  basis "'''; import os; os._exit(1) #"
  rounding half_even
  budget { rate = round(executed / total, 4) }
  param 超额 = 120%
  section "预算')); exec('1') #" weight 10 {
    score = round(weight * min(budget.rate, 1), 2)
  }
  section "产出指标'+__import__('sys')+'" weight 90 also "x' or '1'=='1" {
    categories "数量'); eval('2') #" 质量指标
    split given_else_equal round 2
  }
  kind "正向'); open('f') #" for >=, >, bare where category != "'); __import__('os') #" {
    completion = if actual >= target * 超额 then 1 else max(round(actual / target, 4), 0)
    flag "超额')#" warning "'); print('flag') #" when actual > target * 超额 * 100
  }
  kind 反向 for <=, < {
    completion = if actual <= target then 1 else round(target / actual, 4)
  }
  kind 定性 for text {
    completion = ratio
    level "达成'); eval('x') #" also "好\' + '" ratio 1
    level 未达成 ratio [0, 0.6)
  }
  derive "派生'); exit() #" = count(projects where status == "已完工" and name != "');x#")
  deviation = 1 - completion
  score = round(weight * min(completion, 1), 2, half_up)
  require reason when deviation > 0 and unit != "'); y #"
  subtotal = round(sum(indicators, score where name != "\\"), 2)
  total = round(sum(sections, score where name != "' + '"), 2)
  grade "优'); z #" [90, 100]
  grade 其他 [0, 90)
}
"""


def _generated_tokens_ok(source: str) -> None:
    """Only generated identifiers (``f3``, ``v7``, ``j2``), the namespace's own names, Python
    keywords, whole-number indices and operators: no string literal at all."""
    import io
    import keyword
    import re
    import tokenize

    own = {"K", "G", "P", "R", "S", "M", "Z", "FB", "b", "fmin", "fmax", "fabs", "fsum",
           "flen", "fdec", "fmiss", "quantize"}
    generated = re.compile(r"[fvj][0-9]+")
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.NAME:
            assert (tok.string in own or keyword.iskeyword(tok.string)
                    or generated.fullmatch(tok.string)), tok
        elif tok.type == tokenize.NUMBER:
            assert tok.string.isdigit(), tok
        elif tok.type not in (tokenize.OP, tokenize.NEWLINE, tokenize.NL, tokenize.INDENT,
                              tokenize.DEDENT, tokenize.ENDMARKER):
            pytest.fail(f"unexpected token {tok}")


@pytest.mark.parametrize("name", [*(s.name for s in jixiao.bundled_schemes()), "hostile"])
def test_generated_source_holds_no_scheme_or_data_text(name: str) -> None:
    from jixiao.engine.codegen import generate

    cs = (jixiao.compile_scheme_text(HOSTILE, "hostile.jx") if name == "hostile"
          else jixiao.load_scheme(name))
    source = generate(cs).source
    _generated_tokens_ok(source)
    texts = {cs.scheme.name, cs.scheme.basis, *(s.section.name for s in cs.sections),
             *(k.name for k in cs.kinds), *(g.name for g in cs.scheme.grades)}
    for text in texts:
        assert text not in source, text


def test_a_hostile_scheme_scores_with_its_texts_intact() -> None:
    """The hostile scheme above scores by the generated code, its texts kept as data."""
    from conftest import indicator, project_data

    from jixiao.engine.evaluate import evaluate_general
    from jixiao.engine.fast import evaluate_fast

    cs = jixiao.compile_scheme_text(HOSTILE, "hostile.jx")
    data = jixiao.data_from_mapping(project_data(
        indicator("甲", "≥100", "90", section="产出指标'+__import__('sys')+'", reason="x"),
        indicator("乙", "≤5", "4", section="x' or '1'=='1"),
        indicator("丙", "达成'); eval('x') #", r"好\' + '",
                  section="产出指标'+__import__('sys')+'")))
    fast = evaluate_fast(cs, data, 10**6)
    assert fast is not None
    assert fast == evaluate_general(cs, data, explain=False)
    assert fast.scheme_name == cs.scheme.name
    assert [i.kind for i in fast.indicators] == ["正向'); open('f') #", "反向", "定性"]
    assert fast.indicators[2].level == "达成'); eval('x') #"
