"""Generate docs/bad-input.md from the real output of tests/test_bad_input.py's cases."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
import test_bad_input as t  # noqa: E402

import jixiao  # noqa: E402


def cell(s: str, limit: int = 160) -> str:
    s = s.replace("\r", "\\r").replace("\x00", "\\x00")
    if len(s) > limit:
        s = s[: limit - 1] + f"…（共 {len(s)} 字符）"
    s = s.replace("|", "\\|").replace("\n", "<br>")
    return s

def loc(text: str, tmp: Path) -> str:
    return text.replace(str(tmp) + "/", "").replace(str(tmp), "")

def observe(case: t.Case) -> tuple[str, str, str, str]:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        call = case.setup(tmp)
        try:
            result = call.api()
        except jixiao.JixiaoError as exc:
            ds = [x for x in exc.diagnostics if x.code in case.codes] or list(exc.diagnostics)
            x = ds[0]
            return x.code, loc(x.location, tmp), loc(x.message("zh"), tmp), loc(x.hint("zh"), tmp)
        except Exception as exc:  # a bug: not a JixiaoError
            return "—", "—", f"Python 异常 {type(exc).__module__}.{type(exc).__name__}（traceback）", ""
        if isinstance(result, jixiao.Result):
            if case.code:
                x = next(x for x in result.diagnostics if x.code == case.code)
                return (x.code + "（警告）", loc(x.location, tmp), loc(x.message("zh"), tmp),
                        loc(x.hint("zh"), tmp))
            return "—", "—", f"接受：总分 {result.total}，评级 {result.grade}", ""
        return "—", "—", "接受：方案编译通过", ""

rows = []
for case in t.CASES:
    code, where, msg, hint = observe(case)
    name = case.id + (" ⚠" if case.bug else "")
    rows.append(f"| {name} | {cell(case.example, 90)} | {code} | {cell(where, 60)} | {cell(msg)} | {cell(hint, 120)} |")

# the in-a-process cases
proc = []
for pid, make, timeout, example in [
        ("scheme-dev-zero ⚠", t._device, 20, "jixiao check /dev/zero"),
        ("data-fifo ⚠", t._fifo, 3, "data.toml is a named pipe (mkfifo)"),
        ("data-lone-surrogate ⚠", t._surrogate, 20, 'JSON "name": "测试\\ud800项目"')]:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        argv = make(tmp)
        try:
            done = t.run_jixiao(argv, tmp, timeout)
            last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
            seen = f"退出状态 {done.returncode}；stderr 最后一行：{last}"
        except subprocess.TimeoutExpired:
            seen = f"{timeout} 秒内没有结束（挂起）"
    proc.append(f"| {pid} | {cell(example)} | — | — | {cell(loc(seen, tmp))} | |")

bugs = [(c.id, c.bug) for c in t.CASES if c.bug]
seen_bug: dict[str, list[str]] = {}
for cid, b in bugs:
    seen_bug.setdefault(b, []).append(cid)

L = jixiao.Limits()
limits_rows = [
    ("file_bytes", L.file_bytes, "一个方案或数据文件的字节数 · bytes of one scheme or data file", "JX006"),
    ("expression_depth", L.expression_depth, "一个公式中运算的嵌套层数（a + b + … 每个 + 算一层） · operators nested in one formula", "JX218"),
    ("expression_nodes", L.expression_nodes, "一个公式中的数字、名称和运算符个数 · numbers, names and operators in one formula", "JX219"),
    ("extends_depth", L.extends_depth, "extends 的层数 · schemes extending schemes", "JX220"),
    ("indicators", L.indicators, "一条记录中的指标数 · indicators in one record", "JX318"),
    ("projects", L.projects, "一条记录中的子项目数 · sub-projects in one record", "JX318"),
    ("value_length", L.value_length, "一个指标值或完成值文字的字符数 · characters of one target or actual text", "JX304"),
    ("syntax_errors", L.syntax_errors, "报告多少个语法错误后停止 · syntax errors reported before giving up", "JX101…"),
]

out = []
out.append("""# 异常输入目录 · Bad input catalogue

方案和数据来自许多人之手（邮件、Excel、WPS、别的系统导出）。无论收到什么，jixiao 都应给出自己的、清楚的错误
（带代码、位置和提示），或者给出正确的结果——绝不能是 Python traceback、挂起或悄悄算错的分数。
本页列出 {n} 种敌意或损坏的输入，以及 jixiao 对每一种的实际回答。

Schemes and data come from many hands. Whatever arrives, jixiao must answer with a clear error of
its own (code, position, hint) or a correct result — never a traceback, a hang or a silently wrong
score. This page lists {n} kinds of hostile or broken input and what jixiao actually answers.

- 每一行都是 [`tests/test_bad_input.py`](../tests/test_bad_input.py) 中 `CASES` 的一行，表格由运行这些用例得到的真实输出生成
  （消息和提示原样粘贴，过长的截断并注明总长度；位置中的临时目录已去掉）。
  · Each row is a row of `CASES` in `tests/test_bad_input.py`; the table is generated from the real
  output (messages and hints pasted as they are, very long ones cut with their full length noted;
  the temporary folder is left out of the locations).
- 测试检查：代码；位置（方案中的 `文件:行:列`，或数据路径如 `indicators[0].target`，或文件名[:行]）；
  中英文消息和提示不为空、没有未填的 `{{字段}}`、点名出错的东西；以及命令行对每个错误退出状态为 2、没有 traceback。
  · The test checks the code; the location; that the message and hint, in Chinese and in English,
  are non-empty, have no unfilled `{{field}}` and name the offending thing; and that the command
  line exits with status 2 on every error, without a traceback.
- 代码一栏为 —、消息为“接受”的行：输入被接受，测试检查结果正确（如总分 100）。“（警告）”不影响退出状态。
  · A row whose code is — and whose message says 接受 (accepted): the input is accepted and the
  test checks the result. A warning (警告) does not change the exit status.
- 标 ⚠ 的行是尚未修复的缺陷，在测试中为 `xfail(strict=True)`；见表后的“已知缺陷”。表中是它们今天的真实表现。
  · Rows marked ⚠ are bugs not yet fixed, `xfail(strict=True)` in the test; see “Known bugs” after
  the table. The table shows what they do today.
- 示例中写了 `Limits(…)` 的三行只经 API 检查（命令行没有 Limits 选项）；`data-6mb` 和 `extends-too-deep` 等默认上限的行覆盖命令行。
  · The rows whose example names `Limits(…)` are checked through the API only (the command line
  has no option for limits); `data-6mb`, `extends-too-deep` and the other default-limit rows
  cover the command line.

| 用例 · case | 示例输入 · example input | 代码 · code | 位置 · location | 用户看到的消息 · what the user sees | 提示 · hint |
|---|---|---|---|---|---|""".format(n=len(t.CASES) + 3))
out += rows
out += proc
out.append("""
下面三行只在真实进程中出现（无尽的设备、管道、无法编码的输出流），由 `test_in_a_process` 在子进程中运行。
· The last three rows only happen in a real process (an endless device, a pipe, an output stream
that cannot encode) and are run in a child process by `test_in_a_process`.

## 已知缺陷 · Known bugs
""")
for b, ids in seen_bug.items():
    out.append(f"- {', '.join('`' + i + '`' for i in ids)}: {b.removeprefix('bug: ')}")
if not seen_bug:
    out.append("无。 · None known: every case above is answered as described.")
out.append("""
## 上限 · Limits

无论输入多大、多深，jixiao 都不会耗尽内存、栈或时间：每种资源都有上限（`jixiao.Limits`，定义在
[`engine/limits.py`](../engine/limits.py)），达到上限是一个带代码的错误，不是崩溃。
· However large or deep the input, jixiao does not exhaust memory, the stack or time: each
resource has a limit (`jixiao.Limits`, in `engine/limits.py`), and reaching it is an error with a
code, not a crash.

| 字段 · field | 默认值 · default | 限制什么 · what it limits | 超过时 · when over |
|---|---|---|---|""")
for f, v, what, code in limits_rows:
    out.append(f"| `{f}` | {v:,} | {what} | {code} |")
out.append("""
此外数字本身也有上限：数据中的数值最多 30 位有效数字（JX316 / JX304），方案中 `round` 的位数为 0 到 12（JX205）。
这两者不能配置。 · Numbers have fixed bounds too: at most 30 significant digits in the data
(JX316 / JX304), and 0 to 12 digits for `round` in a scheme (JX205); these are not configurable.

命令行总是使用默认上限。嵌入 jixiao 时，把自己的 `Limits` 传给 `load_scheme`、`compile_scheme_text`、
`load_data`、`data_from_mapping` 和 `score`（`Limits` 是不可变的 attrs 类，只写要改的字段）：
· The command line always uses the defaults. When embedding jixiao, pass your own `Limits` to
`load_scheme`, `compile_scheme_text`, `load_data`, `data_from_mapping` and `score` (`Limits` is a
frozen attrs class; name only the fields you change):

```python
import jixiao

limits = jixiao.Limits(file_bytes=20 * 1024 * 1024, indicators=50_000)
scheme = jixiao.load_scheme("schemes/soil_pollution.jx", limits=limits)
data = jixiao.load_data("big.toml", limits=limits)
result = jixiao.evaluate(scheme, data)
# or in one call: jixiao.score("big.toml", limits=limits)
```

提高上限前请想清楚：这些上限保护的是服务进程——`file_bytes` 在读取之前按文件大小检查；
`expression_depth`/`expression_nodes` 保护编译和求值时的递归；`extends_depth` 限制一次检查要读的文件数。
收紧它们同样可以（例如对外开放的服务可以用更小的 `file_bytes`），测试中正是这样用很小的上限快速触发 JX006 和 JX318。
· Think before raising a limit: they protect the process — `file_bytes` is checked against the
file's size before reading, `expression_depth`/`expression_nodes` bound the recursion of the
compiler and evaluator, `extends_depth` the files one check reads. Tightening them works the same
way (a public service may want a smaller `file_bytes`); the tests use tiny limits to trigger
JX006 and JX318 quickly.
""")
(ROOT / "docs" / "bad-input.md").write_text("\n".join(out) + "\n", encoding="utf-8")
print("rows", len(rows) + len(proc))
