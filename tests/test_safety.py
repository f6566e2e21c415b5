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
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "open" and rel in FILE_READERS:
                continue
            assert node.func.id not in FORBIDDEN_CALLS, f"{rel}:{node.lineno} {node.func.id}()"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [
                node.module or ""]
            for name in names:
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
