"""The installed package, as a host application sees it: one ``jixiao`` namespace that never
shadows (or is shadowed by) a host's own ``engine`` or ``schemes`` package, typed for mypy.

Builds the wheel and installs it into a fresh virtual environment: slow (about 20 s), so it runs
once per session and shares the environment between its tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

SEED = ROOT / "examples" / "xinjiang-soil-2025" / "data.toml"
pytestmark = pytest.mark.slow  # the full profile only (CI=true): see conftest.py


def _run(*cmd: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600, check=False)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, ROOT)
    assert done.returncode == 0, done.stderr
    (found,) = out.glob("jixiao-*.whl")
    return found


@pytest.fixture(scope="session")
def host(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> tuple[Path, Path]:
    """A fresh venv with the wheel installed, and a host project folder holding packages named
    ``engine`` and ``schemes`` of its own (run from there, they come first on ``sys.path``)."""
    base = tmp_path_factory.mktemp("host")
    venv = base / "venv"
    done = _run(sys.executable, "-m", "venv", venv)
    assert done.returncode == 0, done.stderr
    python = venv / "bin" / "python"
    done = _run(python, "-m", "pip", "install", "-q", wheel)
    assert done.returncode == 0, done.stderr
    app = base / "app"
    for pkg in ("engine", "schemes", "dsl"):
        (app / pkg).mkdir(parents=True)
        (app / pkg / "__init__.py").write_text(f"WHO = 'host {pkg}'\n", encoding="utf-8")
    return python, app


def test_wheel_installs_everything_under_one_namespace(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"jixiao"}, tops
    for needed in ("jixiao/py.typed", "jixiao/engine/py.typed", "jixiao/dsl/py.typed",
                   "jixiao/dsl/scheme.lark", "jixiao/schemes/soil_pollution.jx",
                   "jixiao/schemes/soil_pollution.cases.toml",
                   "jixiao/schemes/transfer_regional.jx"):
        assert needed in names


def test_host_packages_named_engine_and_schemes_do_not_interfere(host: tuple[Path, Path]) -> None:
    python, app = host
    code = (
        "import engine, schemes, dsl, jixiao\n"
        "assert engine.WHO == 'host engine' and schemes.WHO == 'host schemes', 'host shadowed'\n"
        f"r = jixiao.score({str(SEED)!r})\n"
        "print(r.total, r.grade)\n"
        "print(len(jixiao.bundled_schemes()))\n"
    )
    done = _run(python, "-c", code, cwd=app)
    assert done.returncode == 0, done.stderr
    total, count = done.stdout.split("\n")[:2]
    assert total == "92.71 优"
    assert int(count) >= 2


def test_installed_package_is_typed_for_mypy(host: tuple[Path, Path], tmp_path: Path) -> None:
    """mypy, run for the fresh venv, finds jixiao's types (py.typed) and checks a host's use."""
    python, _ = host
    use = tmp_path / "use.py"
    use.write_text(
        "import jixiao\n"
        "from jixiao.engine import Result\n"
        "from jixiao.dsl import compile_source\n"
        "def total(path: str) -> str:\n"
        "    r: Result = jixiao.score(path)\n"
        "    return str(r.total)\n"
        "bad: int = jixiao.load_scheme\n", encoding="utf-8")
    done = _run(sys.executable, "-m", "mypy", "--python-executable", python, "--strict",
                "--no-incremental", use, cwd=tmp_path)
    # The only error is the deliberate one: mypy knows what load_scheme is.
    assert "use.py:7: error: Incompatible types in assignment" in done.stdout, done.stdout
    assert "Found 1 error" in done.stdout, done.stdout


def test_installed_command_scores_the_seed(host: tuple[Path, Path]) -> None:
    """The console script of a plain (not editable) install: every subpackage it imports is in
    the wheel (a forgotten one fails here, not in the checkout)."""
    python, app = host
    jixiao_cmd = python.parent / "jixiao"
    done = _run(jixiao_cmd, "score", SEED, "--scheme", "soil_pollution", cwd=app)
    assert done.returncode == 0, done.stderr
    assert "总分: 92.71 / 100    评级: 优" in done.stdout
    for command in ("schemes", "--version"):
        done = _run(jixiao_cmd, command, cwd=app)
        assert done.returncode == 0, done.stderr
