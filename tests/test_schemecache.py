"""The command line's cache of checked schemes (``jixiao.schemecache``): an entry is used only
when it is what compiling would give now, and it makes the CLI faster, never different.

Not a timing test: what is held is that a run which finds its entry does not import lark or
the scheme pipeline (the cost the cache exists to avoid), and that every change the entry
depends on — the scheme's text, a parent's text, a file an ``extends`` would now find first,
the limits, jixiao's own code — makes it a miss.
"""

from __future__ import annotations

import io
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SCHEMES, SEED_DATA

import jixiao
from jixiao import schemecache
from jixiao.engine.evaluate import evaluate
from jixiao.engine.limits import Limits
from jixiao.library import load_scheme, scheme_cache

CHILD = ('scheme 子方案 version "1" extends "transfer_regional.jx" {\n'
         "  param 没用 = 1\n"
         "  section 预算执行 weight 10\n"
         "}\n")


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.scheme.pickle"))


def _cli(args: list[str], cache: Path | str) -> tuple[str, list[str]]:
    """Run ``jixiao ARGS`` in a fresh process with ``JIXIAO_CACHE=cache``: its standard output
    and the modules it imported."""
    code = ("import sys, io, contextlib\nfrom jixiao.cli import main\nout = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n"
            f"    status = main({args!r})\n"
            "assert status == 0, status\n"
            "print(out.getvalue())\nprint('\\x00' + '\\n'.join(sorted(sys.modules)))")
    env = {**os.environ, "JIXIAO_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=env, check=True)
    out, modules = done.stdout.split("\x00")
    return out, modules.split()


def test_a_cached_run_imports_no_parser_and_prints_the_same(tmp_path: Path) -> None:
    """The first run of ``score`` compiles the seed's scheme and keeps it; the second reads it
    back and never imports lark, the scheme pipeline, the range checks or the code generator;
    both print what a run without the cache prints (92.71 优)."""
    cache = tmp_path / "cache"
    args = ["score", str(SEED_DATA)]
    first, first_modules = _cli(args, cache)
    assert "lark" in first_modules  # compiled: the cache was empty
    assert [p.name.split("-")[0] for p in _entries(cache)] == ["soil_pollution"]
    second, loaded = _cli(args, cache)
    uncached, _ = _cli(args, "off")
    assert first == second == uncached
    assert "总分: 92.71 / 100    评级: 优" in second
    unwanted = {m for m in loaded if m == "lark" or m.startswith("lark.")
                or m in {"jixiao.dsl.frontend", "jixiao.dsl.parser", "jixiao.dsl.build",
                         "jixiao.dsl.checks", "jixiao.dsl.merge", "jixiao.dsl.lower",
                         "jixiao.dsl.syntax", "jixiao.engine.ranges", "jixiao.engine.unused",
                         "jixiao.engine.fast", "jixiao.engine.codegen", "tempfile",
                         "hashlib", "openpyxl", "docx",
                         # a TOML file read without a mistake, a command line without one
                         "json", "jixiao.decode_errors", "difflib"}}
    assert unwanted == set()


def test_off_keeps_nothing(tmp_path: Path) -> None:
    _cli(["score", str(SEED_DATA)], "off")
    _cli(["check", "soil_pollution"], "off")
    assert not (ROOT / "off").exists()


def test_the_entry_gives_the_same_scheme_warnings_and_scores(tmp_path: Path) -> None:
    """Read back, a scheme with warnings of both kinds (a child's JX561, the compiler's JX562)
    is the same model with the same warnings, and scores the seed the same."""
    (tmp_path / "child.jx").write_text(CHILD, encoding="utf-8")
    fresh = load_scheme(tmp_path / "child.jx")
    assert sorted(d.code for d in fresh.warnings) == ["JX561", "JX562"]
    cache = tmp_path / "cache"
    with scheme_cache(cache):
        stored = load_scheme(tmp_path / "child.jx")
        assert len(_entries(cache)) == 1
        read = load_scheme(tmp_path / "child.jx")
    for compiled in (stored, read):
        assert compiled.scheme == fresh.scheme
        assert compiled.warnings == fresh.warnings
    data = jixiao.load_data(SEED_DATA)
    assert evaluate(read, data) == evaluate(fresh, data)
    seed = jixiao.load_scheme("soil_pollution")
    with scheme_cache(cache):
        load_scheme("soil_pollution")
        again = load_scheme("soil_pollution")
    assert evaluate(again, data) == evaluate(seed, data)
    assert (evaluate(again, data).total, evaluate(again, data).grade) == (
        jixiao.score(SEED_DATA).total, "优")


def _hits(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records, for each ``load_scheme`` in the cache, whether its entry was used."""
    seen: list[bool] = []
    real = schemecache.load

    def load(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(found is not None)
        return found
    monkeypatch.setattr(schemecache, "load", load)
    return seen


def test_every_change_it_depends_on_is_a_miss(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder, cache = tmp_path / "schemes", tmp_path / "cache"
    folder.mkdir()
    child = folder / "child.jx"
    child.write_text(CHILD, encoding="utf-8")
    hits = _hits(monkeypatch)

    def param() -> object:
        """The child's parameter, as the compiled scheme holds it."""
        with scheme_cache(cache):
            compiled = load_scheme(child)
        return {p.name: p.value for p in compiled.scheme.params}["没用"]

    assert param() == 1
    assert hits == [False]
    assert param() == 1
    assert hits == [False, True]
    # the scheme's own text
    child.write_text(CHILD.replace("没用 = 1", "没用 = 2"), encoding="utf-8")
    assert param() == 2
    assert hits[-1] is False
    assert param() == 2
    assert hits[-1] is True
    # a parent that an extends now finds next to the child, before the bundled one
    parent = (SCHEMES / "transfer_regional.jx").read_text(encoding="utf-8")
    assert "weight 10" in parent
    (folder / "transfer_regional.jx").write_text(parent, encoding="utf-8")
    param()
    assert hits[-1] is False
    cached = load_scheme(child)
    with scheme_cache(cache):
        again = load_scheme(child)
    assert hits[-1] is True
    assert again.scheme == cached.scheme
    # that parent's text
    (folder / "transfer_regional.jx").write_text(parent + "\n# 改过\n", encoding="utf-8")
    param()
    assert hits[-1] is False
    # the parent gone: the bundled one is found again, as compiling would find it
    (folder / "transfer_regional.jx").unlink()
    param()
    assert hits[-1] is False
    # other limits
    with scheme_cache(cache):
        load_scheme(child, limits=Limits(evaluation_steps=1000))
    assert hits[-1] is False
    # jixiao's own code (one entry per scheme file: the other limits' replaced the last one)
    param()
    param()
    assert hits[-2:] == [False, True]
    monkeypatch.setattr(schemecache, "code_stamp", lambda: (("jixiao/edited.py", 1, 2),))
    param()
    assert hits[-1] is False


def test_an_extends_that_no_longer_resolves_is_reported_as_without_cache(
        tmp_path: Path) -> None:
    folder, cache = tmp_path / "schemes", tmp_path / "cache"
    folder.mkdir()
    (folder / "parent.jx").write_text(
        (SCHEMES / "transfer_regional.jx").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "child.jx").write_text(CHILD.replace("transfer_regional.jx", "parent.jx"),
                                     encoding="utf-8")
    with scheme_cache(cache):
        load_scheme(folder / "child.jx")
    (folder / "parent.jx").unlink()
    with pytest.raises(jixiao.SchemeError) as without:
        load_scheme(folder / "child.jx")
    with scheme_cache(cache), pytest.raises(jixiao.SchemeError) as within:
        load_scheme(folder / "child.jx")
    assert within.value.diagnostics == without.value.diagnostics


class _Forged:
    """What a forged entry could hold: a call of a function when unpickled."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, ...]:
        return (os.mkdir, (str(self.target),))


def test_a_forged_entry_runs_nothing_and_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with scheme_cache(cache):
        good = load_scheme("soil_pollution")
    [entry] = _entries(cache)
    target = tmp_path / "made-by-the-entry"
    for forged in (pickle.dumps(_Forged(target)), b"\x80\x05 not a pickle",
                   pickle.dumps(("a", "tuple", "of", "text")), b""):
        entry.write_bytes(forged)
        with scheme_cache(cache):
            again = load_scheme("soil_pollution")
        assert not target.exists()
        assert again.scheme == good.scheme
        assert entry.read_bytes() != forged  # rebuilt


def test_the_unpickler_builds_only_model_classes() -> None:
    for thing in (os.system, shutil.rmtree, Path("x"), _Forged(Path("y")), print):
        with pytest.raises(pickle.UnpicklingError):
            schemecache._ModelUnpickler(io.BytesIO(pickle.dumps(thing))).load()
    compiled = jixiao.load_scheme("soil_pollution")
    back = schemecache._ModelUnpickler(io.BytesIO(pickle.dumps(compiled.scheme))).load()
    assert back == compiled.scheme


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_an_entry_others_may_write_is_not_read(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    with scheme_cache(cache):
        load_scheme("soil_pollution")
    hits = _hits(monkeypatch)
    [entry] = _entries(cache)
    for path, mode in ((entry, 0o666), (cache, 0o777)):
        before = path.stat().st_mode & 0o777
        path.chmod(mode)
        with scheme_cache(cache):
            load_scheme("soil_pollution")
        assert hits[-1] is False
        path.chmod(before)
    with scheme_cache(cache):
        load_scheme("soil_pollution")
    assert hits[-1] is True


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    with scheme_cache(blocked / "cache"):
        compiled = load_scheme("soil_pollution")
    assert compiled.scheme == jixiao.load_scheme("soil_pollution").scheme


def test_the_cache_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    from jixiao.cli import cache_folder

    monkeypatch.setenv("JIXIAO_CACHE", str(tmp_path))
    assert cache_folder() == tmp_path
    monkeypatch.setenv("JIXIAO_CACHE", "OFF")
    assert cache_folder() is None
    monkeypatch.delenv("JIXIAO_CACHE")
    if os.name == "nt" or sys.platform == "darwin":  # pragma: no cover
        return
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "jixiao"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as XDG says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "jixiao"


def test_the_library_alone_keeps_no_cache(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the command line turns the cache on: ``jixiao.load_scheme`` in a program never
    writes into the user's folders."""
    monkeypatch.setenv("JIXIAO_CACHE", str(tmp_path))
    jixiao.load_scheme("soil_pollution")
    jixiao.score(SEED_DATA)
    assert _entries(tmp_path) == []
