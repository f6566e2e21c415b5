"""Run one fuzz target under atheris (coverage-guided).

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python fuzz/run.py scheme -max_total_time=600
    .venv/bin/python fuzz/run.py value  -max_total_time=600
    .venv/bin/python fuzz/run.py data   -max_total_time=600
    .venv/bin/python fuzz/run.py table  -max_total_time=600
    .venv/bin/python fuzz/run.py record -max_total_time=600

Arguments after the target name go to libFuzzer. The run starts from the seeds in
``fuzz/corpus/TARGET`` and keeps what it learns in ``fuzz/work/TARGET`` (not committed). A crash
is written as ``fuzz/work/crash-…``; turn it into a regression test in ``tests/test_fuzz.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import atheris

with atheris.instrument_imports():
    import jixiao  # noqa: F401
    from fuzz.targets import TARGETS


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: run.py {{{'|'.join(TARGETS)}}} [libFuzzer options] [corpus dir]")
    name = sys.argv[1]
    here = Path(__file__).resolve().parent
    work = here / "work" / name
    work.mkdir(parents=True, exist_ok=True)
    options = [a for a in sys.argv[2:] if a.startswith("-")]
    folders = [a for a in sys.argv[2:] if not a.startswith("-")] or [
        str(work), str(here / "corpus" / name)]
    if not any(o.startswith("-artifact_prefix") for o in options):
        options.append(f"-artifact_prefix={here / 'work'}/")
    if not any(o.startswith("-rss_limit_mb") for o in options):
        options.append("-rss_limit_mb=4096")
    atheris.Setup([sys.argv[0], *options, *folders], TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
