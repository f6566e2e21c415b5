"""Time and memory of the worst inputs that fit the limits (``benchmarks/worst_shapes.py``).

    .venv/bin/python benchmarks/bench_limits.py [SHAPE ...]

Each shape runs in a fresh process: compile the scheme, read the data, score it (without and
with explanation). Printed per shape: CPU seconds of each step, the outcome (total or error
codes), and the process's peak resident memory. The goal (issue 7): compile < 2 s and score
< 1 s per record on a two-core machine, within 200 MB. Figures, not assertions.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.worst_shapes import SHAPES
from jixiao.engine.limits import DEFAULT_LIMITS

CHILD = r"""
import json, resource, sys, time
import jixiao

def cpu():
    return time.process_time()

out = {}
t = cpu()
try:
    scheme = jixiao.load_scheme(sys.argv[1])
except jixiao.JixiaoError as exc:
    out["compile"] = round(cpu() - t, 3)
    out["outcome"] = exc.codes[:3]
else:
    out["compile"] = round(cpu() - t, 3)
    t = cpu()
    data = jixiao.load_data(sys.argv[2])
    out["read"] = round(cpu() - t, 3)
    for explain in (False, True):
        t = cpu()
        try:
            result = jixiao.evaluate(scheme, data, explain=explain)
            out["outcome"] = str(result.total)
        except jixiao.JixiaoError as exc:
            out["outcome"] = exc.codes[:3]
        out["score_explain" if explain else "score"] = round(cpu() - t, 3)
out["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print(json.dumps(out, ensure_ascii=False))
"""


def measure(name: str) -> dict[str, object]:
    """Run shape ``name`` in a fresh interpreter; its figures."""
    scheme_text, data_text = SHAPES[name](DEFAULT_LIMITS)
    with tempfile.TemporaryDirectory() as tmp:
        scheme = Path(tmp) / "worst.jx"
        data = Path(tmp) / "data.toml"
        scheme.write_text(scheme_text, encoding="utf-8")
        data.write_text(data_text, encoding="utf-8")
        done = subprocess.run([sys.executable, "-c", CHILD, str(scheme), str(data)],
                              capture_output=True, text=True, check=True, cwd=tmp)
        figures: dict[str, object] = json.loads(done.stdout)
        figures["scheme_kb"] = round(len(scheme_text.encode()) / 1024)
        figures["data_kb"] = round(len(data_text.encode()) / 1024)
        return figures


def main() -> None:
    names = sys.argv[1:] or list(SHAPES)
    for name in names:
        print(f"{name:26} {json.dumps(measure(name), ensure_ascii=False)}", flush=True)


if __name__ == "__main__":
    main()
