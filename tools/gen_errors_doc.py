"""Generate docs/errors.md: prose written here, every output produced by running the CLI (or
render_diagnostics) on the example, in a scratch folder."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from test_errors import BASE, variant  # noqa: E402

from jixiao.engine.diagnostics import CATALOGUE  # noqa: E402
from jixiao.engine.limits import DEFAULT_LIMITS  # noqa: E402

JIXIAO = str(ROOT / ".venv" / "bin" / "jixiao")

BASE_DATA = (ROOT / "tests" / "samples" / "record.toml").read_text(encoding="utf-8")

SMALL_DATA = BASE_DATA[:BASE_DATA.index("[[indicators]]\nsection = \"效益指标\"")].rstrip().replace(
    'scheme = "transfer_regional.jx"', 'scheme = "scheme.jx"') + "\n"
FIRST = BASE_DATA[BASE_DATA.index("[[indicators]]"):BASE_DATA.index("[[indicators]]", BASE_DATA.index("[[indicators]]") + 1)].rstrip() + "\n"


def data(*edits: tuple[str, str], text: str = BASE_DATA) -> str:
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@dataclass
class Run:
    """Files to write, the commands to run (their stderr, or stdout, is pasted), what to show."""

    files: dict[str, str | bytes]
    commands: list[list[str]]
    show: list[tuple[str, str]]  # (language for the fence, text)
    stream: str = "stderr"
    python: str | None = None  # a python snippet run instead of the commands
    from_root: bool = False  # run in the project folder, the data file given by its full path


@dataclass
class Entry:
    code: str
    zh: str
    en: str
    fix_zh: str
    fix_en: str
    run: Run | None
    note: str = ""
    more: list[tuple[str, Run, str]] | None = None  # (what it shows, the example, a note)


def scheme_run(*edits: tuple[str, str], text: str | None = None, show_lines: list[int] | None = None) -> Run:
    text = text if text is not None else variant(*edits)
    lines = text.splitlines()
    if show_lines is None:
        base = BASE.splitlines()
        show_lines = [i + 1 for i, s in enumerate(lines) if i >= len(base) or s != base[i]] or [1]
    width = len(str(max(show_lines)))
    shown = "\n".join(f"{n:>{width}} | {lines[n - 1]}" if n <= len(lines) else f"{n:>{width}} | (文件结尾 / end of file)" for n in show_lines)
    return Run({"scheme.jx": text}, [["check", "scheme.jx"], ["check", "scheme.jx", "--lang", "en"]],
               [("text", "scheme.jx（示例方案，改动的行 / the example scheme, lines changed）:\n" + shown)])


def data_run(*edits: tuple[str, str], text: str | None = None, show: str | None = None,
             extra: dict[str, str | bytes] | None = None, warn: bool = False,
             exact: bool = True, from_root: bool = False) -> Run:
    text = text if text is not None else data(*edits)
    if show is None:
        changed = [new for _, new in edits]
        show = "\n".join(changed)
    assert not exact or show in text, show
    files: dict[str, str | bytes] = {"data.toml": text, **(extra or {})}
    if warn:
        cmds = [["score", "data.toml", "--format", "json", "-o", "result.json"],
                ["score", "data.toml", "--format", "json", "-o", "result.json", "--lang", "en"]]
    else:
        cmds = [["score", "data.toml"], ["score", "data.toml", "--lang", "en"]]
    return Run(files, cmds, [("toml", "# data.toml\n" + show)], from_root=from_root)


def ind(**fields: str | None) -> str:
    """The first indicator of the example data with ``fields`` changed (None: removed)."""
    block = FIRST
    for k, v in fields.items():
        lines = block.splitlines()
        out = []
        done = False
        for line in lines:
            if line.startswith(f"{k} = "):
                done = True
                if v is not None:
                    out.append(f"{k} = {v}")
            else:
                out.append(line)
        if not done and v is not None:
            out.append(f"{k} = {v}")
        block = "\n".join(out) + "\n"
    return block


def first(**fields: str | None) -> tuple[str, str]:
    return (FIRST, ind(**fields))


JX411_PY = """\
import jixiao
from jixiao import Limits

record = {"budget": {"total": 100, "executed": 90},
          "indicators": [{"section": "产出指标", "name": "指标", "target": "≥1", "actual": "1"}]}
try:
    jixiao.score(record, "transfer_regional", limits=Limits(evaluation_steps=3))
except jixiao.EvaluationError as e:
    print(jixiao.render_diagnostics(e.diagnostics, "zh"))
    print(jixiao.render_diagnostics(e.diagnostics, "en"))
"""

JX318_PY = """\
import jixiao
from jixiao import Limits

rows = [{"section": "产出指标", "name": f"指标{i}", "target": "≥1", "actual": "1"} for i in range(3)]
try:
    jixiao.data_from_mapping({"budget": {"total": 1, "executed": 1}, "indicators": rows},
                             limits=Limits(indicators=2))
except jixiao.DataError as e:
    print(jixiao.render_diagnostics(e.diagnostics, "zh"))
    print(jixiao.render_diagnostics(e.diagnostics, "en"))
"""

LIMIT_PY = """\
import jixiao
from jixiao import Limits

text = open("scheme.jx", encoding="utf-8").read().replace(
    "completion = ratio", "completion = {formula}")
try:
    jixiao.compile_scheme_text(text, "scheme.jx", limits=Limits({limit}))
except jixiao.SchemeError as e:
    print(jixiao.render_diagnostics(e.diagnostics, "zh"))
    print(jixiao.render_diagnostics(e.diagnostics, "en"))
"""
JX218_PY = LIMIT_PY.replace("{formula}", "min(min(min(min(ratio, 1), 1), 1), 1)").replace("{limit}", "expression_depth=4")
JX219_PY = LIMIT_PY.replace("{formula}", "min(ratio, 1, 1, 1, 1, 1, 1, 1, 1)").replace("{limit}", "expression_nodes=8")

E: list[Entry] = []


def entry(code: str, zh: str, en: str, fix_zh: str, fix_en: str, run: Run | None, note: str = "",
          more: list[tuple[str, Run, str]] | None = None) -> None:
    E.append(Entry(code, zh, en, fix_zh, fix_en, run, note, more))


# ------------------------------------------------------------------------------- JX0xx

entry("JX001",
      "命令行或 API 给出的数据文件、方案文件不存在（或是一个目录、无法读取）。",
      "A data or scheme file named on the command line or passed to the API does not exist (or is a folder, or cannot be read).",
      "检查路径和当前目录；数据文件中 `scheme = \"…\"` 的方案先在数据文件旁边找，再在方案库 `schemes/` 中找。",
      "Check the path and the working folder. A data file's `scheme = \"…\"` is looked for next to the data file, then in the scheme library `schemes/`.",
      Run({}, [["score", "data.toml"], ["score", "data.toml", "--lang", "en"]], [("console", "$ ls\n(空 / empty)")]),
      note="路径是一个目录时消息同样是“找不到文件”。 / A path that is a folder gets the same “file not found”.")
entry("JX002",
      "文件不是 UTF-8 编码。从 Excel、WPS 或邮件另存的文件常为 GB18030/GBK；位置给出第一个无法解码的字节所在的行。",
      "The file is not UTF-8. Files saved from Excel, WPS or mail are often GB18030/GBK; the location is the line of the first byte that does not decode.",
      "另存为 UTF-8，或 `iconv -f GB18030 -t UTF-8 旧文件 > 新文件`。带 BOM 的 UTF-8 可以直接读。",
      "Save the file as UTF-8, or run `iconv -f GB18030 -t UTF-8 old > new`. UTF-8 with a byte order mark is read as is.",
      Run({"data.toml": data(("name = \"测试项目\"", "name = \"测试项目\"")).encode("gb18030")},
          [["score", "data.toml"], ["score", "data.toml", "--lang", "en"]],
          [("text", "data.toml 以 GB18030 保存（第 4 行是第一处中文）/ saved as GB18030 (line 4 has the first Chinese text)")]))
entry("JX003",
      "数据文件没有 `scheme = \"…\"`，命令行也没有 `--scheme`，不知道用哪个方案评分。",
      "The data file has no `scheme = \"…\"` and no `--scheme` was given, so there is no scheme to score it with.",
      "在数据文件开头写 `scheme = \"transfer_regional.jx\"`，或运行 `jixiao score data.toml --scheme 方案.jx`。",
      "Add `scheme = \"transfer_regional.jx\"` at the top of the data file, or run `jixiao score data.toml --scheme file.jx`.",
      data_run(text=data(('scheme = "transfer_regional.jx"\n\n', "")),
               show="# 没有 scheme = … / no scheme = …\n[subject]\nname = \"测试项目\"\n…", exact=False))
entry("JX004",
      "数据文件的扩展名不是 `.toml` 或 `.json`。",
      "The data file's extension is neither `.toml` nor `.json`.",
      "把数据写成 TOML（推荐）或 JSON，并使用对应的扩展名。",
      "Write the data as TOML (recommended) or JSON, with the matching extension.",
      Run({"data.xlsx": b"PK\x03\x04"}, [["score", "data.xlsx"], ["score", "data.xlsx", "--lang", "en"]],
          [("console", "$ ls\ndata.xlsx")]))
entry("JX005",
      "数据文件或方案文件为空，或只有空白。方案文件为空时位置是 `文件:1:1`。",
      "The data or scheme file is empty or holds only white space. For a scheme the location is `file:1:1`.",
      "填入数据；格式见 `examples/xinjiang-soil-2025/data.toml`。",
      "Fill in the data; see `examples/xinjiang-soil-2025/data.toml` for the shape.",
      Run({"data.toml": "\n"}, [["score", "data.toml"], ["score", "data.toml", "--lang", "en"]],
          [("console", "$ wc -c data.toml\n1 data.toml")]))
entry("JX006",
      f"文件超过大小上限（默认 {DEFAULT_LIMITS.file_bytes} 字节，即 5 MiB）。在读取内容之前检查，超大文件不会被读入内存。",
      f"The file is over the size limit (by default {DEFAULT_LIMITS.file_bytes} bytes, 5 MiB). The size is checked before anything is read.",
      "一个自评表的数据远小于此；检查是否选错了文件。嵌入 jixiao 时可传入 `Limits(file_bytes=…)`。",
      "One self-evaluation is far smaller; check that it is the right file. When embedding jixiao, pass `Limits(file_bytes=…)`.",
      Run({"data.toml": None}, [["score", "data.toml"], ["score", "data.toml", "--lang", "en"]],  # type: ignore[dict-item]
          [("console", "$ ls -l data.toml\n… 6291456 … data.toml")]))



def cli_run(*argv: str, files: dict[str, str | bytes] | None = None) -> Run:
    """The command line itself is the example."""
    return Run(files or {}, [list(argv), [*argv, "--lang", "en"]], [])


entry("JX010",
      "命令行有 jixiao 还不认识的用法错误；消息中附上 argparse 的原文。常见的错误都有自己的代码（JX011–JX019）。",
      "A usage error of a shape jixiao does not know yet; the message carries argparse's own words. The common ones have their own codes (JX011–JX019).",
      "运行 `jixiao --help` 或 `jixiao 子命令 --help` 查看用法。",
      "Run `jixiao --help` or `jixiao COMMAND --help` for the usage.",
      None)
entry("JX011",
      "第一个参数不是 jixiao 的子命令。提示列出全部子命令，并给出最接近的写法。",
      "The first argument is not one of jixiao's commands. The hint lists them all and the closest one.",
      "改正子命令的拼写；`jixiao --help` 列出全部子命令。",
      "Fix the command's spelling; `jixiao --help` lists them all.",
      cli_run("scor", "data.toml"))
entry("JX012",
      "子命令没有这个选项。选项不接受缩写（`--l` 不是 `--lang`），以免将来增加选项时含义改变。",
      "The command has no such option. Options are never abbreviated (`--l` is not `--lang`), so that adding an option never changes what a command line means.",
      "改正选项的拼写；`jixiao 子命令 --help` 列出全部选项。",
      "Fix the option's spelling; `jixiao COMMAND --help` lists its options.",
      cli_run("score", "data.toml", "--formt", "json"))
entry("JX013",
      "缺少必需的参数，例如 `jixiao score` 后没有数据文件。",
      "A required argument is missing, such as the data file after `jixiao score`.",
      "按提示中的用法补上参数。",
      "Add the argument, as the usage in the hint shows.",
      cli_run("score"))
entry("JX014",
      "选项的值不在可选范围内。提示列出可选的值和最接近的写法。",
      "An option's value is not one of its choices. The hint lists the choices and the closest one.",
      "从提示列出的值中选一个。",
      "Use one of the values the hint lists.",
      cli_run("score", "data.toml", "--format", "jsn"))
entry("JX015",
      "选项后面缺少它的值，例如命令行以 `--format` 结尾。",
      "An option is missing its value, such as a command line ending in `--format`.",
      "在选项后写上值，例如 `--format json`。",
      "Give the option its value, e.g. `--format json`.",
      cli_run("score", "data.toml", "--format"))
entry("JX016",
      "多出一个参数：子命令不需要它（例如 `jixiao schemes` 不接受文件名），或一次给了两个数据文件。",
      "An argument too many: the command takes none there (`jixiao schemes` takes no file), or two data files were given.",
      "删去多余的参数；一次运行评一个数据文件。",
      "Remove it; one run scores one data file.",
      cli_run("schemes", "extra"))
entry("JX017",
      "没有 `--format` 时，输出格式由 `-o` 文件的扩展名决定（`.txt` 评分表、`.json`、`.toml`）；这个扩展名不对应任何格式。在评分之前检查。",
      "Without `--format`, the output format follows the `-o` file's extension (`.txt` the table, `.json`, `.toml`); no format claims this one. It is checked before anything is scored.",
      "改用提示列出的扩展名，或用 `--format` 指定格式。",
      "Use an extension the hint lists, or give `--format`.",
      cli_run("score", "data.toml", "-o", "result.pdf"))
entry("JX018",
      "开关选项（如 `--quiet`）不带值，却写成了 `--quiet=yes`。",
      "A switch such as `--quiet` takes no value, but was written `--quiet=yes`.",
      "只写选项本身：`--quiet`。",
      "Write the switch alone: `--quiet`.",
      cli_run("score", "data.toml", "--quiet=yes"))
entry("JX019",
      "只运行了 `jixiao`，没有子命令。",
      "`jixiao` was run without a command.",
      "写出子命令，例如 `jixiao score data.toml`、`jixiao check 方案.jx`、`jixiao schemes`。",
      "Name a command, e.g. `jixiao score data.toml`, `jixiao check scheme.jx`, `jixiao schemes`.",
      cli_run())
entry("JX020",
      "`-o` 指定的输出文件无法写入：目录不存在、没有写权限、是一个目录或磁盘已满。",
      "The `-o` output file cannot be written: its folder does not exist, permission is denied, it is a folder, or the disk is full.",
      "检查路径；输出目录不会自动创建。",
      "Check the path; the output folder is not created for you.",
      Run({"data.toml": BASE_DATA}, [["score", "data.toml", "-o", "out/result.json"],
                                     ["score", "data.toml", "-o", "out/result.json", "--lang", "en"]],
          [("console", "$ ls\ndata.toml")]))
entry("JX030",
      "`-o` 指向了本次读取的输入文件（数据文件，或方案及其 extends 的文件）：写入会用报告覆盖输入。jixiao 拒绝，输入保持原样。",
      "`-o` names a file this run reads (the data file, or the scheme or a file it extends): writing would replace the input with the report. jixiao refuses and leaves the input as it was.",
      "写到另一个文件。输出总是先写到同一目录的临时文件再改名，写入失败时原有文件保持完整。",
      "Write to another file. Output is written to a temporary file in the same folder and then renamed, so a failed write leaves the previous file whole.",
      Run({"data.toml": BASE_DATA}, [["score", "data.toml", "--format", "toml", "-o", "data.toml"],
                                     ["score", "data.toml", "--format", "toml", "-o", "data.toml", "--lang", "en"]],
          [("console", "$ ls\ndata.toml")]))
entry("JX040",
      "`jixiao explain --indicator` 给出的名称不是数据中任何一个指标、一级指标或汇总项（总分、评级、预算执行率）。",
      "The name given to `jixiao explain --indicator` is not an indicator, a section or a total (总分, 评级, 预算执行率) of the data.",
      "照提示改正名称；名称须与数据中的三级指标名或一级指标名完全一致。",
      "Correct the name as the hint suggests; it must equal an indicator's or a section's name in the data exactly.",
      Run({"data.toml": BASE_DATA}, [["explain", "data.toml", "--indicator", "排查面积"],
                                     ["explain", "data.toml", "--indicator", "排查面积", "--lang", "en"]],
          [("toml", "# data.toml: 示例数据 / the example data")]))
CSV_TWO = "id,subject.name,section,name,target,actual\na1,甲县,产出指标,监测点位,≥26,26\na1,乙县,满意度指标,群众满意度,≥90%,95%\n"
JX071_PY = """\
import jixiao
from jixiao.batch import Record, Scorer

# A record in a shape no reader produces stands for a bug in jixiao itself.
_, result, problems = Scorer("transfer_regional").run(Record(7, "in.jsonl:7", "mapping", 5))
print(jixiao.render_diagnostics(problems, "zh"))
print(jixiao.render_diagnostics(problems, "en"))
"""
JX073_PY = """\
import sys
sys.modules["openpyxl"] = None  # as if the xlsx extra were not installed
import jixiao
from jixiao.portfolio import Portfolio
from jixiao.render.portfolio import to_xlsx
try:
    to_xlsx(Portfolio())
except jixiao.InputError as e:
    print(jixiao.render_diagnostics(e.diagnostics, "zh"))
    print(jixiao.render_diagnostics(e.diagnostics, "en"))
"""
entry("JX070",
      "`jixiao batch` 读取 CSV 时，同一记录（同一 `id` 的连续行）中记录一级的列（如 `subject.name`、`budget.total`、`region`）出现了两个不同的值。只取其一会悄悄丢掉另一个，所以整条记录报错；其余记录照常评分。",
      "In a CSV read by `jixiao batch`, a record-level column (such as `subject.name`, `budget.total`, `region`) has two different values within one record (the consecutive rows with one `id`). Keeping either would silently drop the other, so the record fails; the other records are scored.",
      "只在记录的第一行填写这些列，或在各行填写相同的值；两个不同的项目用不同的 `id`。",
      "Write these columns on the record's first row only, or the same value on every row; give two projects two ids.",
      Run({"t.csv": CSV_TWO}, [["batch", "--scheme", "transfer_regional", "t.csv"],
                               ["batch", "--scheme", "transfer_regional", "t.csv", "--lang", "en"]],
          [("text", "t.csv:\n" + CSV_TWO)], stream="stdout"),
      note="输出是该记录的一行 JSON（`ok: false`，`errors` 列出问题）；位置是出问题的行。 / The output is the record's JSON line (`ok: false`, with its `errors`); the location is the row at fault.")
entry("JX071",
      "`jixiao batch` 为某条记录评分时遇到了 jixiao 自身的缺陷（一个意料之外的异常）。这条记录得到这一错误行，批量运行继续，其余记录照常评分。",
      "While scoring a record, `jixiao batch` met a bug of jixiao's own (an unexpected exception). That record gets this error line; the run goes on and the other records are scored.",
      "请附上该记录报告问题。",
      "Please report it with the record.",
      Run({}, [], [("python", JX071_PY)], python=JX071_PY))
entry("JX072",
      "`jixiao summary` 读取的文件不是 `jixiao batch` 的输出：某一行不是带 `ok` 的记录。",
      "The file given to `jixiao summary` is not what `jixiao batch` writes: a line is not a record with `ok`.",
      "先运行 `jixiao batch --scheme 方案 输入… -o out.jsonl`，再 `jixiao summary out.jsonl`。",
      "Run `jixiao batch --scheme S INPUT… -o out.jsonl` first, then `jixiao summary out.jsonl`.",
      Run({"out.jsonl": '{"total": "92.71"}\n'}, [["summary", "out.jsonl"], ["summary", "out.jsonl", "--lang", "en"]],
          [("text", 'out.jsonl:\n{"total": "92.71"}')]))
entry("JX073",
      "所选的输出格式需要一个没有安装的可选依赖（如 `summary --format xlsx` 需要 openpyxl）。",
      "The output format asked for needs an optional package that is not installed (`summary --format xlsx` needs openpyxl).",
      "安装对应的可选依赖：`pip install 'jixiao[xlsx]'`；或选用 text、html 格式。",
      "Install the optional extra, `pip install 'jixiao[xlsx]'`, or choose the text or html format.",
      Run({}, [], [("python", JX073_PY)], python=JX073_PY))

entry("JX041",
      "`jixiao test` 读到的用例文件（`方案名.cases.toml`）有误：TOML 语法错误、未知的键（如把 `total` 拼成 `totl`）、用例既没有 `data` 也没有 `record`，或给出的方案没有用例文件。",
      "A case file (`NAME.cases.toml`) read by `jixiao test` is malformed: a TOML syntax error, an unknown key (`totl` for `total`), a case with neither `data` nor `record`, or a scheme given without a case file.",
      "按消息改正；可用的期望见 README 的“编写一个新方案”一节。",
      "Fix it as the message says; the README's “Writing a scheme” lists the expectations.",
      Run({"s.jx": (ROOT / "schemes" / "transfer_regional.jx").read_text(encoding="utf-8"),
           "s.cases.toml": '[[case]]\nname = "一"\ndata = "data.toml"\n[case.expect]\ntotl = "100"\n'},
          [["test", "s.jx"], ["test", "s.jx", "--lang", "en"]],
          [("toml", '# s.cases.toml\n[[case]]\nname = "一"\ndata = "data.toml"\n[case.expect]\ntotl = "100"')]))

# ------------------------------------------------------------------------------- JX1xx

entry("JX101",
      "方案语法错误：此处出现了不该出现的词。提示列出此处可以写什么。一处错误之后，解析从下一行继续，所以一次可以报告多行的错误。",
      "Scheme syntax error: a word where it cannot stand. The hint lists what may stand there. After a mistake parsing resumes on the next line, so one run reports the mistakes of several lines.",
      "按提示改正该行；常见原因：分值不是数字、少了 `=`、关键字拼错、上一块少了 `}`。",
      "Fix the line as the hint says. Usual causes: a weight that is not a number, a missing `=`, a misspelt keyword, a `}` missing in the block above.",
      scheme_run(("weight 90", "weight 九十")),
      more=[("一个块没有闭合时，下一个不能写在块内的关键字（这里是 grade）出错，提示问前面是否少了 `}`：\n"
             "· When a block is left open, the next keyword that cannot stand inside it (here grade) is "
             "the mistake, and the hint asks whether a `}` is missing:\n\n示例 · Example:",
             Run({"scheme.jx": variant(("  }\n  deviation", "  deviation"))},
                 [["check", "scheme.jx"], ["check", "scheme.jx", "--lang", "en"]],
                 [("text", "scheme.jx（示例方案删去第 11 行的 `}`，其后各行上移一行 / the example scheme "
                           "without the `}` of line 11, the lines after it moved up one）:\n"
                   + "\n".join(f"{n:>2} | {line}" for n, line in enumerate(
                       variant(("  }\n  deviation", "  deviation")).splitlines()[6:11], 7)))]),
             "已知问题：块内其后每一个不能写在块内的行都会再报告一次（这里第 16 行），修好第一处后它们随之消失。"
             " / Known issue: every later line that cannot stand inside the block is reported "
             "again (line 16 here); they go away with the first fix."),
            ])
entry("JX102",
      "方案中有无法识别的字符，最常见的是中文输入法下的全角符号（`；`、`，`、`－`、`（）`），提示给出对应的半角符号。全角空格按空格处理，不报错。",
      "A character the scheme language does not know; most often a full-width symbol typed with a Chinese input method (`；`, `，`, `－`, `（）`), for which the hint gives the ASCII symbol. A full-width space counts as a space.",
      "换成半角符号；名称里要用标点时，把名称写在双引号里（`\"氰渣堆整治量(万立方米)\"`）。",
      "Use the ASCII symbol. A name that needs punctuation is written in double quotes (`\"氰渣堆整治量(万立方米)\"`).",
      scheme_run(("1 - completion", "1 － completion")))
entry("JX103",
      "方案在一个块（`{ … }`）或一段文字（`\"…\"`）结束之前就结束了。",
      "The scheme ends before a block (`{ … }`) or a quoted text (`\"…\"`) is closed.",
      "补上缺少的 `}`，或补上引号（引号内的文字不能跨行）。",
      "Add the missing `}`, or the closing quote (a quoted text cannot span lines).",
      scheme_run(text=BASE.removesuffix("}\n"), show_lines=[17, 18]),
      note="引号未闭合时也用此代码，位置是左引号；消息中的“文件……结束”指这一行。 / An unclosed quote also gets this code, pointing at the opening quote; “the file ends” then means the line ends.")

# ------------------------------------------------------------------------------- JX2xx

entry("JX201",
      "同一个文件（或同一个块）里两次定义了同名的一级指标、指标类型、公式、等级或评级。通过 `extends` 覆盖父方案的同名项不算重复。",
      "A section, kind, formula, level or grade is defined twice in one file (or block). Overriding the parent's item of the same name through `extends` is not a duplicate.",
      "删除其中一个，或改名。提示给出第一次定义的位置（行:列）。",
      "Remove or rename one of them; the hint gives the first one's line:column.",
      scheme_run(("grade 差 [0, 90)", "grade 优 [0, 90)")))
entry("JX202",
      "公式中使用了未知的名称（或 `kind … for` 中未知的指标值写法、`split` 中未知的分配方式）。每个公式只能读它所在位置可用的名称，例如 kind 的公式可读 `actual`、`target`、`weight`。",
      "A formula reads a name that does not exist there (or `kind … for` names an unknown notation, or `split` an unknown mode). Each formula reads only the names of its place: a kind's formulas read `actual`, `target`, `weight` ….",
      "按“是否想写”改正拼写；名称表见 docs/language.md。",
      "Fix the spelling as “did you mean” suggests; the names of each place are listed in docs/language.md.",
      scheme_run(("else actual / target", "else actul / target")))
entry("JX203",
      "调用了未知的函数。可用：`min`、`max`、`abs`、`round`，以及聚合 `count`、`sum`。",
      "A call of an unknown function. Known: `min`, `max`, `abs`, `round`, and the aggregates `count`, `sum`.",
      "改用已知函数。", "Use one of the known functions.",
      scheme_run(("min(completion, 1)", "mini(completion, 1)")))
entry("JX204",
      "函数的参数个数不对：`round(x, 位数)` 要两个，`abs` 一个，`count(集合 where …)` 一个，`sum(集合, 表达式)` 两个。",
      "A function has the wrong number of arguments: `round(x, digits)` takes two, `abs` one, `count(collection where …)` one, `sum(collection, expr)` two.",
      "补上或删去参数。", "Add or remove arguments.",
      scheme_run(("min(completion, 1), 2)", "min(completion, 1))")))
entry("JX205",
      "类型不符：需要数值的地方写了是/否（比较）或文字，`if` 的条件不是是/否，两个分支类型不同，或位数不是 0–12 的整数。",
      "Type mismatch: a yes/no (a comparison) or text where a number is needed, an `if` whose test is not yes/no, branches of different types, or digits that are not a whole number from 0 to 12.",
      "`completion`、`score` 等公式必须得出数值：比较要放进 `if … then … else …`。",
      "Formulas such as `completion` and `score` must give a number: put a comparison inside `if … then … else …`.",
      scheme_run(("completion = ratio", "completion = ratio >= 0.6")))
entry("JX206",
      "某个指标类型没有 `completion`、`deviation` 或 `score` 公式（自己的或方案顶层的），或某个一级指标既没有自己的 `score` 公式，方案也没有 `subtotal`。",
      "A kind has no `completion`, `deviation` or `score` formula (of its own or at the top of the scheme), or a section has no `score` formula of its own while the scheme has no `subtotal`.",
      "在该 kind 内或方案顶层写出缺少的公式，例如 `deviation = 1 - completion`。",
      "Write the missing formula in the kind or at the top of the scheme, e.g. `deviation = 1 - completion`.",
      scheme_run(("deviation = 1 - completion", "# deviation: see kinds"), show_lines=[6, 7, 12]))
entry("JX207",
      "评级区间（grade）之间有缺口或重叠，0 不属于任何一档，或最高一档的上限是满分却没有包含它（`[90, 100)`）。最高一档的上限不是满分（各一级指标分值之和）时报告 JX211。",
      "The grade bands have a gap or an overlap, 0 is in no band, or the top band ends at the full score but leaves it out (`[90, 100)`). A top band that ends elsewhere than the full score (the sum of the section weights) is JX211.",
      "让区间首尾相接：`grade 良 [80, 90)` 后接 `grade 优 [90, 100]`；下限闭、上限开，最高一档上限闭。",
      "Make the bands meet end to end: `grade 良 [80, 90)` then `grade 优 [90, 100]`; closed below, open above, the top band closed above.",
      scheme_run(("grade 差 [0, 90)", "grade 差 [0, 80)"), show_lines=[16, 17]),
      more=[("最高一档不含满分 · The top band leaves out the full score:\n\n示例 · Example:",
             scheme_run(("grade 优 [90, 100]", "grade 优 [90, 100)")), "")])
entry("JX208",
      "区间为空或上下限颠倒，如 `[90, 0)` 或 `[5, 5)`。",
      "An empty or reversed interval such as `[90, 0)` or `[5, 5)`.",
      "下限写在前：`[0, 90)`。", "Write the lower bound first: `[0, 90)`.",
      scheme_run(("grade 差 [0, 90)", "grade 差 [90, 0)")))
entry("JX209",
      "等级（level）的比例或比例区间超出 0 到 1。",
      "A level's ratio, or an end of its band, is outside 0 to 1.",
      "比例写作 0.8 或 80%，区间写作 `[0.6, 0.8)` 或 `[60%, 80%)`。",
      "Write a ratio as 0.8 or 80%, a band as `[0.6, 0.8)` or `[60%, 80%)`.",
      scheme_run(("level 达成 ratio 1", "level 达成 ratio 2")))
entry("JX210",
      "同一种指标值写法（`>=`、`bare`、`text` …）被两个指标类型认领，无法决定用哪一个。",
      "One notation (`>=`, `bare`, `text` …) is claimed by two kinds, so a target cannot be assigned a kind.",
      "每种写法只写在一个 kind 的 `for` 后面；个别指标可在数据里用 `kind = \"…\"` 指定。",
      "List each notation after the `for` of one kind only; a single indicator may name its kind in the data with `kind = \"…\"`.",
      scheme_run(("kind 定性 for text {", "kind 定性 for text, bare {")),
      note="随后的 JX202 是连带错误：同时用于 text 和 bare 的公式只能读两者共有的名称。 / The JX202 that follows is a consequence: a formula for both text and bare reads only the names both provide.")
entry("JX211",
      "满分是各一级指标分值之和；评级区间最高一档的上限与它不符（一级指标分值合计不是 100，或最高一档写到 99、110）。位置是最高一档所在的行；消息中的“满分”是该档的上限。",
      "The full score is the sum of the section weights, and the top grade band ends elsewhere (the weights do not add up to 100, or the top band ends at 99 or 110). The location is the top band's line; the “full score” in the message is that band's upper end.",
      "调整各一级指标的分值，使合计等于最高一档的上限；或把最高一档的上限改为分值合计，如 `grade 优 [90, 100]`。",
      "Adjust the section weights so that they add up to the top band's upper end, or end the top band at their sum, e.g. `grade 优 [90, 100]`.",
      scheme_run(("weight 90", "weight 80")),
      more=[("最高一档写错 · The top band mistyped:\n\n示例 · Example:",
             scheme_run(("grade 优 [90, 100]", "grade 优 [90, 99]")), "")])
entry("JX212",
      "`extends` 指向的方案找不到。先在本方案所在目录找，再在方案库 `schemes/` 中找；可省略 `.jx`。",
      "The scheme named by `extends` cannot be found: it is looked for in the extending scheme's folder, then in the scheme library `schemes/`; `.jx` may be left out.",
      "检查文件名；把父方案放在同一目录或方案库中。",
      "Check the file name; put the parent scheme in the same folder or in the scheme library.",
      Run({"scheme.jx": 'scheme 子方案 extends "regional.jx" {\n}\n'},
          [["check", "scheme.jx"], ["check", "scheme.jx", "--lang", "en"]],
          [("text", 'scheme.jx:\n1 | scheme 子方案 extends "regional.jx" {\n2 | }')]))
entry("JX213",
      "方案之间的 `extends` 形成循环（A 继承 B，B 又继承 A）。继承层数过多而没有循环时报告 JX220。",
      "Schemes extend each other in a cycle (A extends B, B extends A). A chain that is merely too deep is JX220.",
      "去掉其中一个 `extends`。", "Remove one of the extends.",
      Run({"a.jx": 'scheme A extends "b.jx" {\n}\n', "b.jx": '# B\nscheme B extends "a" {\n}\n'},
          [["check", "a.jx"], ["check", "a.jx", "--lang", "en"]],
          [("text", 'a.jx:\n1 | scheme A extends "b.jx" {\n2 | }\n\nb.jx:\n1 | # B\n2 | scheme B extends "a" {\n3 | }')]),
      note="位置是闭合循环的那个 extends。 / The location is the extends that closes the cycle.")
entry("JX214",
      "`extends` 的路径离开了允许的目录（`../`、绝对路径、指向外部的符号链接）。方案只能继承本方案目录和方案库中的文件，这样一个方案文件不能读取机器上的任意文件。只有在每个目录中都找不到允许的文件时才报告此错误。",
      "The path in `extends` leaves the allowed folders (`../`, an absolute path, a symlink pointing out). A scheme may only extend files in its own folder and the scheme library, so a scheme cannot read arbitrary files. It is reported only when no folder yields an allowed file.",
      "把父方案复制到本方案目录或方案库中，用文件名引用。",
      "Copy the parent scheme into the scheme's folder or the library and name it by file name.",
      Run({"scheme.jx": 'scheme 子方案 extends "../secret.jx" {\n}\n'},
          [["check", "scheme.jx"], ["check", "scheme.jx", "--lang", "en"]],
          [("text", 'scheme.jx:\n1 | scheme 子方案 extends "../secret.jx" {\n2 | }')]))
entry("JX215",
      "方案缺少必需的部分：一级指标（section）、指标类型（kind）、预算执行率公式（`budget { rate = … }`）、总分公式 `total`、评级区间（grade），或定性（text）类型的等级（level）。可以从被继承的方案得到。",
      "The scheme lacks a required part: sections, kinds, the budget rate (`budget { rate = … }`), the `total` formula, grade bands, or the levels of a kind for text. Inherited parts count.",
      "按提示补上；或 `extends \"transfer_regional.jx\"` 继承全国默认方案。",
      "Add it as the hint shows, or `extends \"transfer_regional.jx\"` to inherit the national default.",
      scheme_run(("grade 优 [90, 100]\n  grade 差 [0, 90)", "# no grades\n"), show_lines=[1, 16, 17]))
entry("JX216",
      "未知的取整方式（`rounding …` 或 `round(x, 2, 方式)`）。",
      "An unknown rounding mode (`rounding …` or `round(x, 2, mode)`).",
      "使用 half_up（四舍五入）、half_even、down、up、floor、ceiling 之一。",
      "Use one of half_up (四舍五入), half_even, down, up, floor, ceiling.",
      scheme_run(("rounding half_up", "rounding 四舍五入")))
entry("JX217",
      "名称或公式用在了不能用的地方：方案顶层只能写 completion、deviation、score、subtotal、total；budget 中只能写 rate；一级指标中只能写 score；kind 的公式不能读之后才算的值（completion 不能读 score）；集合（indicators、sections、projects）只能用 count/sum 聚合；level 只能写在 text 类型中。",
      "A name or formula where it cannot be used: the top of a scheme holds completion, deviation, score, subtotal, total; budget holds rate; a section holds score; a kind's formula cannot read what is computed after it (completion cannot read score); a collection (indicators, sections, projects) is read through count/sum; levels belong to a kind for text.",
      "按消息移动或改写；派生指标用 `derive 名称 = …`。",
      "Move or rewrite it as the message says; a derived figure is written `derive name = …`.",
      scheme_run(("rounding half_up", "偏差率 = 1 - completion")))
entry("JX218",
      f"一个公式嵌套过深（默认上限 {DEFAULT_LIMITS.expression_depth} 层）。这是防止恶意或生成的方案耗尽栈的保护。",
      f"A formula is nested too deeply (the default limit is {DEFAULT_LIMITS.expression_depth} levels), a guard against hostile or generated schemes exhausting the stack.",
      "拆成几个 `derive`，或简化嵌套。嵌入时可调 `Limits(expression_depth=…)`。",
      "Split it into several `derive`s or simplify it; embedders may set `Limits(expression_depth=…)`.",
      Run({"scheme.jx": BASE}, [], [("python", JX218_PY)], python=JX218_PY))
entry("JX219",
      f"一个公式过长（默认上限 {DEFAULT_LIMITS.expression_nodes} 个元素：数字、名称、运算符）。",
      f"A formula is too large (the default limit is {DEFAULT_LIMITS.expression_nodes} parts: numbers, names, operators).",
      "拆成几个 `derive`。嵌入时可调 `Limits(expression_nodes=…)`。",
      "Split it into several `derive`s; embedders may set `Limits(expression_nodes=…)`.",
      Run({"scheme.jx": BASE}, [], [("python", JX219_PY)], python=JX219_PY))

JX220_PY = """\
import jixiao
from jixiao import Limits

# a.jx extends b.jx, b.jx extends c.jx: two levels
try:
    jixiao.load_scheme("a.jx", limits=Limits(extends_depth=1))
except jixiao.SchemeError as e:
    print(jixiao.render_diagnostics(e.diagnostics, "zh"))
    print(jixiao.render_diagnostics(e.diagnostics, "en"))
"""
entry("JX220",
      f"方案的 `extends` 继承层数超过上限（默认 {DEFAULT_LIMITS.extends_depth} 层），但没有形成循环（循环是 JX213）。这是防止生成的方案链耗尽资源的保护。",
      f"A chain of `extends` deeper than the limit ({DEFAULT_LIMITS.extends_depth} levels by default) without a cycle (a cycle is JX213), a guard against generated chains exhausting resources.",
      "减少继承层数：把中间的方案合并。嵌入时可调 `Limits(extends_depth=…)`。",
      "Flatten the chain by merging the schemes in between; embedders may set `Limits(extends_depth=…)`.",
      Run({"a.jx": 'scheme A extends "b.jx" {\n}\n', "b.jx": 'scheme B extends "c.jx" {\n}\n', "c.jx": BASE},
          [], [("text", 'a.jx:\n1 | scheme A extends "b.jx" {\n2 | }\n\nb.jx:\n1 | scheme B extends "c.jx" {\n2 | }\n\nc.jx: 示例方案 / the example scheme'),
               ("python", JX220_PY)], python=JX220_PY),
      note="位置是超出上限的那个 extends。 / The location is the extends that goes past the limit.")

entry("JX221",
      "方案中的数字超过 30 位有效数字。分值、比例和区间端点不需要这么多位；这样的数字多是误粘贴，并可能耗尽计算资源。",
      "A number in the scheme has more than 30 digits. No weight, ratio or band end needs so many; such a number is usually a bad paste, and could exhaust the arithmetic.",
      "写出正确的数字。", "Write the intended number.",
      scheme_run(("weight 90", "weight 9000000000000000000000000000000000000000")))

# ------------------------------------------------------------------------------- JX3xx

def child_run(body: str) -> Run:
    """A scheme extending the bundled regional one (`check`'s output)."""
    text = f'scheme 子方案 extends "transfer_regional.jx" {{\n{body}}}\n'
    shown = "\n".join(f"{i} | {line}" for i, line in enumerate(text.splitlines(), 1))
    return Run({"scheme.jx": text}, [["check", "scheme.jx"], ["check", "scheme.jx", "--lang", "en"]],
               [("text", "scheme.jx:\n" + shown)])


entry("JX270",
      "`replace` 或 `drop` 指向的项在被继承的方案中不存在（名称写错，或父方案没有它）。在指标类型中，`drop level` 指向的等级不存在。",
      "`replace` or `drop` names an item the parent scheme does not have (a misspelt name, or one the parent never had). Inside a kind, `drop level` names a level the kind does not have.",
      "按提示改正名称；新增的项不需要 `replace`。",
      "Correct the name as the hint suggests; a new item needs no `replace`.",
      child_run("  drop section 满意度\n"),
      more=[("等级 · A level:\n\n示例 · Example:", child_run("  kind 定性 {\n    drop level 未达成\n  }\n"), "")])
entry("JX271",
      "`replace` 或 `drop` 写在一个不继承其他方案的方案中：没有可替换或删除的继承项。",
      "`replace` or `drop` in a scheme that extends nothing: there is no inherited item to replace or drop.",
      "删去该行（直接删除或改写该项），或在 scheme 行加上 `extends \"父方案.jx\"`。",
      "Remove the line (delete or rewrite the item itself), or add `extends \"parent.jx\"` to the scheme line.",
      scheme_run(("grade 差 [0, 90)", "grade 差 [0, 90)\n  drop section 预算执行")))
entry("JX272",
      "一级指标没有分值（`weight`）。只有修改继承来的一级指标时（`section 产出指标 { split equal }`）才可以省略，此时沿用父方案的分值。",
      "A section has no weight. It may be left out only when changing an inherited section (`section 产出指标 { split equal }`), which then keeps the parent's weight.",
      "写上 `weight`，如 `section 产出指标 weight 50 { … }`。",
      "Write the weight, e.g. `section 产出指标 weight 50 { … }`.",
      scheme_run(("section 产出指标 weight 90 {", "section 产出指标 {")))
entry("JX301",
      "数据文件不是合法的 TOML 或 JSON。位置是文件名和行号；说明来自 TOML/JSON 解析器（英文）。",
      "The data file is not valid TOML or JSON. The location is the file and line; the detail is the TOML/JSON parser's own (English) message.",
      "检查该行的引号、逗号、括号和 `=`；TOML 中文字必须加引号。",
      "Check the quotes, commas, brackets and `=` on that line; text must be quoted in TOML.",
      data_run(("executed = 100", "executed = = 100")))
entry("JX302",
      "缺少必填项：`indicators`、`budget`（或子项目）、`budget.total`、指标的 `section`/`name`/`target`，或方案的 `split given` 要求的 `weight`。",
      "A required field is missing: `indicators`, `budget` (or sub-projects), `budget.total`, an indicator's `section`/`name`/`target`, or the `weight` a scheme's `split given` requires.",
      "补上该项；提示说明它的含义。", "Fill it in; the hint says what it is.",
      data_run(first(name=None), show=ind(name=None)))
entry("JX303",
      "某项的类型不对：数字处写了文字、表处写了数值等。",
      "A field has the wrong type: text where a number belongs, a number where a table belongs ….",
      "按消息改写；数字可以写成 `8` 或 `\"8\"`，不要带单位。",
      "Rewrite it as the message says; a number may be written `8` or `\"8\"`, without unit.",
      data_run(first(weight='"八"'), show=ind(weight='"八"')))
entry("JX304",
      "指标值或完成值无法识别：有数字但不是任何一种可接受的写法（例如 `≥1O0` 中的字母 O、`约100`、`1e3`）。带数字的文字不会被当作定性值静默计 0 分。",
      "A target or actual cannot be read: it has digits but fits no accepted form (the letter O in `≥1O0`, `约100`, `1e3`). Text with digits is never silently scored as a qualitative 0.",
      "改成可接受的写法：`≥248`、`100%`、`≤90万元`、`[5, 10]`、`基本消除`。",
      "Use an accepted form: `≥248`, `100%`, `≤90万元`, `[5, 10]`, `基本消除`.",
      data_run(first(target='"≥1O0"'), show=ind(target='"≥1O0"')))
entry("JX305",
      "指标的一级指标（section）不是方案中的任何一个（也不是它们的别名 `also`）。",
      "An indicator's section is none of the scheme's sections (nor one of their `also` names).",
      "按“是否想写”改正，或在方案的 section 上加 `also \"别名\"`。",
      "Fix it as “did you mean” suggests, or add `also \"other name\"` to the scheme's section.",
      data_run(first(section='"产出"'), show=ind(section='"产出"')))
entry("JX306",
      "同一个一级指标中，数据给出的各指标分值（weight）之和不等于该一级指标的分值（超出，或全部给出却不足）。",
      "The weights the data gives the indicators of one section do not add up to the section's weight (they exceed it, or all are given and fall short).",
      "修改 weight；或全部删去，按方案的 split 平均分配。",
      "Fix the weights, or remove them all to split the section's weight as the scheme's split says.",
      data_run(first(weight="60"), show=ind(weight="60")))
entry("JX307",
      "定性指标的完成值既不是方案中的等级名（或别名），也不与指标值相同。",
      "The actual of a qualitative indicator is neither a level of the scheme (or an alias) nor the target text itself.",
      "写成等级名，如 `达成预期指标`、`部分达成`；或与指标值相同（视为达成）。",
      "Write a level name such as `达成预期指标` or `部分达成`, or the target text itself (counted as reached).",
      data_run(('actual = "基本消除"', 'actual = "差不多"'), show="[[indicators]]\nsection = \"效益指标\"\ncategory = \"生态效益指标\"\nname = \"土壤污染风险隐患\"\ntarget = \"基本消除\"\nactual = \"差不多\""))
entry("JX308",
      "定性指标的等级有比例区间（如 部分达成 [0.6, 0.8)），由评价人在区间内给出比例，数据里没有 `ratio`。",
      "The qualitative level has a band (部分达成 [0.6, 0.8)) in which the assessor chooses a ratio, and the data gives no `ratio`.",
      "在该指标下写 `ratio = 0.7`（区间内的值）。",
      "Add `ratio = 0.7` (a value inside the band) to the indicator.",
      data_run(('actual = "基本消除"', 'actual = "部分达成"'), show="[[indicators]]\nsection = \"效益指标\"\ncategory = \"生态效益指标\"\nname = \"土壤污染风险隐患\"\ntarget = \"基本消除\"\nactual = \"部分达成\""))
entry("JX309",
      "评价人给出的比例不在该等级的区间内。",
      "The assessor's ratio lies outside the level's band.",
      "改为区间内的值，或改选等级。", "Use a value inside the band, or another level.",
      data_run(('actual = "基本消除"', 'actual = "部分达成"\nratio = 0.9'), show="[[indicators]]\nsection = \"效益指标\"\ncategory = \"生态效益指标\"\nname = \"土壤污染风险隐患\"\ntarget = \"基本消除\"\nactual = \"部分达成\"\nratio = 0.9"))
entry("JX310",
      "预算数、执行数、分值或比例为负数。",
      "A budget, executed amount, weight or ratio is negative.",
      "改为非负数；退回的资金不记为负执行数。", "Use a number that is not negative.",
      data_run(("executed = 100", "executed = -5")))
entry("JX311",
      "指标缺少全年实际完成值（actual），方案也没有为它派生（derive）该值。",
      "An indicator has no actual, and the scheme derives none for it.",
      "填写 actual。", "Fill in actual.",
      data_run(first(actual=None), show=ind(actual=None)))
entry("JX312",
      "指标值的写法（如 `≤5`）没有对应的指标类型：方案中没有 kind 认领这种写法。",
      "No kind of the scheme claims the target's notation (such as `≤5`).",
      "在方案中增加对应的 kind（如 `kind 反向 for <=, < { … }`），或在数据里用 `kind = \"…\"` 指定。",
      "Add a kind for it to the scheme (`kind 反向 for <=, < { … }`), or name a kind in the data with `kind = \"…\"`.",
      data_run(first(target='"≤5"'), text=data(first(target='"≤5"'), text=SMALL_DATA),
               show="scheme = \"scheme.jx\"   # 示例方案：只有 正向 和 定性 / the example scheme: 正向 and 定性 only\n…\n" + ind(target='"≤5"'),
               extra={"scheme.jx": BASE}, exact=False))
entry("JX313",
      "子项目的状态不是已知的值。",
      "A sub-project's status is not a known value.",
      "使用 not_started/未开工、started/已开工、completed/已完工。",
      "Use not_started, started or completed (or 未开工, 已开工, 已完工).",
      data_run(("[[indicators]]\nsection = \"产出指标\"", "[[projects]]\nname = \"一期工程\"\nbudget = { central = 60, local = 40 }\nexecuted = { central = 60, local = 40 }\nstatus = \"开工了\"\n\n[[indicators]]\nsection = \"产出指标\""),
               show="[[projects]]\nname = \"一期工程\"\nbudget = { central = 60, local = 40 }\nexecuted = { central = 60, local = 40 }\nstatus = \"开工了\""))
entry("JX314",
      "同一个一级指标中两个指标同名。",
      "Two indicators of one section have the same name.",
      "删除重复的一行，或改名区分。", "Remove the repeated row, or rename one.",
      data_run(text=data((FIRST, FIRST + "\n" + FIRST)), show=FIRST + "\n" + FIRST))
entry("JX315",
      "数据用 `kind = \"…\"` 指定了方案中没有的指标类型。",
      "The data names, with `kind = \"…\"`, a kind the scheme does not have.",
      "按“是否想写”改正，或删去 kind 让指标值的写法决定类型。",
      "Fix it as “did you mean” suggests, or remove kind so that the target's notation decides.",
      data_run(first(kind='"正"'), show=ind(kind='"正"')))
entry("JX316",
      "数值超出范围：无穷大、NaN，或超过 30 位有效数字、指数超过 30。",
      "A number out of range: infinite, NaN, more than 30 significant digits or an exponent beyond 30.",
      "写成普通的小数。", "Write an ordinary decimal number.",
      data_run(("total = 100", "total = 1e999")),
      note="TOML 把 1e999 读成数值，消息中写作 1E+999。 / TOML reads 1e999 as a number, which the message writes 1E+999.")
entry("JX317",
      "数据中有方案不认识的字段，多半是拼写错误（拼错的字段会被忽略，所以报错）。",
      "The data has a field jixiao does not know, usually a misspelling (a misspelt field would otherwise be ignored).",
      "按“是否想写”改正。", "Fix it as “did you mean” suggests.",
      data_run(first(reasn='"冬季无法施工"'), show=ind(reasn='"冬季无法施工"')))
entry("JX318",
      f"指标或子项目的数量超过上限（默认 {DEFAULT_LIMITS.indicators} 个指标、{DEFAULT_LIMITS.projects} 个子项目），防止超大输入耗尽内存。",
      f"More indicators or sub-projects than the limit (by default {DEFAULT_LIMITS.indicators} indicators, {DEFAULT_LIMITS.projects} sub-projects), a guard against oversized input.",
      "拆分数据；嵌入时可调 `Limits(indicators=…, projects=…)`。",
      "Split the data; embedders may set `Limits(indicators=…, projects=…)`.",
      Run({}, [], [("python", JX318_PY)], python=JX318_PY))

entry("JX319",
      "指标值是负数的比较（如 `≥-5`），又没有用 `kind = \"…\"` 指定指标类型：按比例计分（完成值 / 指标值）对负数没有意义。",
      "The target is a comparison with a negative number (`≥-5`) and the indicator names no kind with `kind = \"…\"`: scoring in proportion (actual / target) means nothing for a negative target.",
      "写成区间，如 `[-5%, 5%]`；或在方案中为它另设指标类型，并在数据中用 `kind = \"…\"` 指定。",
      "Write a range such as `[-5%, 5%]`, or give it a kind of its own in the scheme and name that kind in the data with `kind = \"…\"`.",
      data_run(first(target='"≥-5"'), show=ind(target='"≥-5"')))
entry("JX320",
      "数据用 `kind = \"…\"` 指定的指标类型不适用于这个指标值：区间类型需要区间（`[5, 10]`），数值类型需要数字，定性类型需要文字。",
      "The kind named with `kind = \"…\"` does not fit the target: a range kind needs a range (`[5, 10]`), a number kind a number, a text kind a text.",
      "改正 kind，或删去它，让指标值的写法决定类型。",
      "Fix kind, or remove it so that the target's notation decides.",
      data_run(first(kind='"区间"'), show=ind(kind='"区间"')))

# ------------------------------------------------------------------------------- JX4xx

entry("JX401",
      "计算时除数为零，例如 kind 的公式 `actual / target` 遇到指标值 `≥0`。预算行的预算数为 0 时没有执行率，不算错误。",
      "A division by zero while scoring, e.g. a kind's `actual / target` meeting the target `≥0`. A budget line with a budget of 0 simply has no rate; that is not an error.",
      "在方案中用 `if … then … else …` 避开为零的除数（见 transfer_regional.jx 的 正向）；或修正数据。",
      "Guard the divisor in the scheme with `if … then … else …` (see 正向 in transfer_regional.jx), or fix the data.",
      data_run(text=data(first(target='"≥0"', actual='"5"'), text=SMALL_DATA),
               show="scheme = \"scheme.jx\"\n…\n" + ind(target='"≥0"', actual='"5"'),
               extra={"scheme.jx": variant(("if actual >= target then 1 else actual / target", "min(actual / target, 1)"))},
               exact=False))
entry("JX402",
      "公式无法计算：读取了数据中没有的值（如数据没有中央资金时读 `budget.central.rate`），或结果超出数值范围。",
      "A formula cannot be computed: it reads a figure the data lacks (`budget.central.rate` when the data has no central funds), or a result is out of range.",
      "在数据中补上该值，或修改方案不读它。", "Add the figure to the data, or change the scheme not to read it.",
      data_run(text=SMALL_DATA,
               show="scheme = \"scheme.jx\"   # 第 4 行改为 / line 4 changed to:\n"
                    "# section 预算执行 weight 10 { score = round(weight * min(budget.central.rate, 1), 2) }\n\n"
                    "[budget]\ntotal = 100\nexecuted = 100\n# 没有 central / no central",
               extra={"scheme.jx": variant(("min(budget.rate, 1)", "min(budget.central.rate, 1)"))},
               exact=False))
entry("JX410",
      "公式的结果超出数值范围：绝对值须小于 10^99、有效数字不超过 50 位。金额和比率远用不到这么大；超出时多半是方案把数值连乘放大了，或数据的单位填错了。范围之外的数不计算（否则一个方案就能造出百万位的数，耗尽内存）。",
      "A formula's result is out of range: below 10^99 in size, at most 50 significant digits. Money and rates never come near; past it, the scheme multiplies a figure up many times, or a figure in the data is in the wrong unit. Numbers beyond are not computed (a scheme could otherwise build numbers of a million digits and exhaust memory).",
      "检查方案中的乘除，或数据中数值的单位。", "Check the scheme's products and quotients, or the unit of the figures in the data.",
      data_run(text=data(("total = 100", "total = 100000000000000000000000000000"),
                         ("executed = 100", "executed = 100000000000000000000000000000"), text=SMALL_DATA),
               show="scheme = \"scheme.jx\"   # 第 4 行改为 / line 4 changed to:\n"
                    "# section 预算执行 weight 10 { score = round(weight * min(budget.rate, 1) * budget.total * budget.total * budget.total * budget.total, 2) }\n\n"
                    "[budget]\ntotal = 100000000000000000000000000000\nexecuted = 100000000000000000000000000000",
               extra={"scheme.jx": variant(("min(budget.rate, 1)", "min(budget.rate, 1) * budget.total * budget.total * budget.total * budget.total"))},
               exact=False))
entry("JX411",
      f"一条记录的评分计算量超过上限（默认 {DEFAULT_LIMITS.evaluation_steps} 步：每个公式按其大小计，汇总按其遍历的行数计），防止方案与数据的组合让评分耗时过长。",
      f"Scoring one record takes more work than the limit (by default {DEFAULT_LIMITS.evaluation_steps} steps: each formula counts its size, an aggregate the rows it walks), a guard against a scheme and data that together would take minutes.",
      "把对子项目的汇总写成 derive（只算一次），减少数据的行数；嵌入时可调 `Limits(evaluation_steps=…)`。",
      "Compute sums over the sub-projects once in a derive, score fewer rows at once; embedders may set `Limits(evaluation_steps=…)`.",
      Run({}, [], [("python", JX411_PY)], python=JX411_PY))
entry("JX403",
      "总分不落在任何评级区间内：方案的 total 公式算出的总分超出了评级区间（如加了额外分）。",
      "The total falls in no grade band: the scheme's total formula gives a total beyond the bands (a bonus added, say).",
      "修改方案的 total 公式，或让评级区间覆盖可能的总分。",
      "Fix the scheme's total formula, or make the grade bands cover every possible total.",
      data_run(text=SMALL_DATA,
               show="scheme = \"scheme.jx\"   # total = round(sum(sections, score), 2) + 5",
               extra={"scheme.jx": variant(("total = round(sum(sections, score), 2)",
                                            "total = round(sum(sections, score), 2) + 5"))},
               exact=False),
      note="位置是方案的第一行；没有显示源代码行。 / The location is the scheme's first line; no source line is shown.")
entry("JX404",
      "方案的公式算出的得分超出 [0, 分值]：例如预算执行得分没有用 `min(…, 1)` 封顶而执行数超过预算数，或平分的分值被取整到更少的位数。jixiao 不采信这样的得分。",
      "A scheme formula gives a score outside [0, weight]: a budget score not capped with `min(…, 1)` when more than the budget was executed, or an equal share rounded to fewer places. jixiao does not trust such a score.",
      "在方案中给得分封顶（`min(budget.rate, 1)`），或让得分的取整位数不少于分值的位数。",
      "Cap the score in the scheme (`min(budget.rate, 1)`), or round scores to at least as many places as the weights.",
      data_run(text=data(("executed = 100", "executed = 120"), text=SMALL_DATA),
               show="scheme = \"scheme.jx\"   # 第 4 行改为 / line 4 changed to:\n"
                    "# section 预算执行 weight 10 { score = round(weight * budget.rate, 2) }\n\n"
                    "[budget]\ntotal = 100\nexecuted = 120",
               extra={"scheme.jx": variant(("min(budget.rate, 1)", "budget.rate"))}, exact=False))

# ------------------------------------------------------------------------------- JX5xx

entry("JX501",
      "警告：指标满足方案的 `require reason when …` 条件（如未完全达成，偏差率 > 0），但没有填写偏差原因。不影响得分。",
      "Warning: the indicator meets the scheme's `require reason when …` (e.g. it is not fully met, deviation > 0) but has no reason. The score is not affected.",
      "填写 `reason = \"偏差原因和改进措施\"`。", "Fill in `reason = \"…\"` (the reason and the corrective measures).",
      data_run(('actual = "26"', 'actual = "20"'), warn=True),
      note="位置是方案中 require 所在的行；数据中的路径（indicators[0].reason）在 Diagnostic.where 中。 / The location is the require line of the scheme; the data path (indicators[0].reason) is in Diagnostic.where.")
entry("JX502",
      "警告：完成值的单位与指标值的单位不同且无法换算（如指标值 万元、完成值 个），已按数字直接比较。",
      "Warning: the actual's unit differs from the target's and cannot be converted (万元 against 个); the numbers were compared as written.",
      "核对单位；单位相同（或只差 万/亿）时会自动换算。",
      "Check the unit; the same unit, or one differing only by 万/亿, is converted.",
      data_run(('actual = "26"', 'actual = "26万元"'), warn=True))
entry("JX503",
      "警告：预算数合计不符：中央 + 地方 ≠ 总额，各批次之和 ≠ 中央或地方，或各子项目之和 ≠ 总额。",
      "Warning: budget figures do not add up: central + local ≠ total, the batches ≠ central or local, or the sub-projects ≠ total.",
      "核对预算数。", "Check the budget figures.",
      data_run(("executed = 100\n", "executed = 100\ncentral = { total = 60, executed = 60 }\nlocal = { total = 30, executed = 30 }\n"), warn=True))
entry("JX504",
      "警告：方案用 `derive` 从子项目计算了某个指标的完成值（如 项目开工率），数据中填报的值与计算值不同；采用计算值。",
      "Warning: the scheme derives an indicator's actual from the sub-projects (项目开工率), and the filed value differs; the derived value is used.",
      "核对子项目状态或填报值。", "Check the sub-projects' status or the filed value.",
      data_run(("scheme = \"transfer_regional.jx\"", "scheme = \"soil_pollution.jx\""),
               ("[[indicators]]\nsection = \"产出指标\"",
                "[[projects]]\nname = \"一期工程\"\nbudget = { central = 60, local = 40 }\n"
                "executed = { central = 60, local = 40 }\nstatus = \"completed\"\n\n"
                "[[indicators]]\nsection = \"产出指标\"\ncategory = \"时效指标\"\nname = \"项目开工率\"\n"
                "target = \"100%\"\nactual = \"50%\"\n\n[[indicators]]\nsection = \"产出指标\""),
               show="scheme = \"soil_pollution.jx\"   # derive 项目开工率 = count(projects where started) / count(projects)\n…\n"
                    "[[projects]]\nname = \"一期工程\"\nbudget = { central = 60, local = 40 }\n"
                    "executed = { central = 60, local = 40 }\nstatus = \"completed\"\n\n"
                    "[[indicators]]\nsection = \"产出指标\"\ncategory = \"时效指标\"\nname = \"项目开工率\"\n"
                    "target = \"100%\"\nactual = \"50%\"",
               warn=True, exact=False))
entry("JX505",
      "警告：二级指标（category）不在方案为该一级指标列出的 categories 中。",
      "Warning: the category is not among the categories the scheme lists for the section.",
      "按“是否想写”改正。", "Fix it as “did you mean” suggests.",
      data_run(('category = "数量指标"', 'category = "数量"'), warn=True))
entry("JX506",
      "警告：执行数超过预算数（执行率超过 100%）。按方案计分（全国默认封顶为 100%）。",
      "Warning: the executed amount exceeds the budget (a rate over 100%). Scored as the scheme says (the national default caps it at 100%).",
      "核对预算数（A 应为调整后预算，含结转）。", "Check the figures (A is the adjusted budget, carry-over included).",
      data_run(("executed = 100", "executed = 120"), warn=True))
entry("JX508",
      "警告：数据中有指标填在按方案公式计分的一级指标下（如 预算执行，它的得分由预算执行率算出），这些指标不计入得分。",
      "Warning: the data files an indicator under a section that the scheme scores with its own formula (such as 预算执行, scored from the execution rate); such indicators do not count.",
      "删去该指标，或把它放到其他一级指标下。",
      "Remove the indicator, or file it under another section.",
      data_run(first(section='"预算执行"'), show=ind(section='"预算执行"'), warn=True))
entry("JX560",
      "警告：继承其他方案的方案没有改变任何内容（没有新增、修改、替换或删除任何项），它与父方案评分完全相同。",
      "Warning: a scheme that extends another changes nothing (adds, changes, replaces or drops no item): it scores exactly as its parent.",
      "写出它要修改的项；若确实相同，直接使用父方案。",
      "Write what it changes; if it really is the same, use the parent scheme itself.",
      child_run(""))
entry("JX561",
      "警告：子方案中的一项与继承来的完全相同（例如把父方案的 `section 预算执行 weight 10` 原样抄了一遍），它不改变任何内容。",
      "Warning: an item of a child scheme says exactly what it inherits (the parent's `section 预算执行 weight 10` copied as is, say): it changes nothing.",
      "删去该项，只写要修改的部分。",
      "Remove it; write only what changes.",
      child_run("  section 预算执行 weight 10\n"))
entry("JX507",
      "警告：某个一级指标在数据中没有任何指标，按方案的公式得 0 分（或方案给出的值）。",
      "Warning: a section has no indicators in the data and scores what the scheme's formula gives for none (0).",
      "在数据中加入该一级指标的指标；若确不适用，在方案中调整。",
      "Add the section's indicators to the data, or change the scheme if it truly does not apply.",
      data_run(text=data((BASE_DATA[BASE_DATA.index("[[indicators]]\nsection = \"满意度指标\""):], "")).rstrip() + "\n",
               show="# 没有 满意度指标 的指标 / no indicator of 满意度指标", warn=True, exact=False))

ADJUST_JX = ('scheme 可调整 version "2025" extends "transfer_regional.jx" {\n'
             '  adjust allowed within [0, weight] with reason\n}\n')
ADJUSTING = ('scheme = "transfer_regional.jx"', 'scheme = "adjust.jx"')
entry("JX350",
      "填报得分（score）与按公式计算的得分不同，且超出方案 `adjust` 规则允许的范围（如 [0, weight]，或定性等级的区间 × 分值）。整条记录不评分；`jixiao audit` 把它列为 unexplained_adjustment。",
      "The filed score differs from the formula's and lies outside what the scheme's `adjust` rule allows (such as [0, weight], or the qualitative level's band × weight). The record is not scored; `jixiao audit` lists it as unexplained_adjustment.",
      "改正得分，或核对方案的 adjust 规则。", "Correct the score, or check the scheme's adjust rule.",
      data_run(ADJUSTING, first(score='"60"', reason='"目标设置偏低"'), show=ind(score='"60"', reason='"目标设置偏低"'),
               extra={"adjust.jx": ADJUST_JX}))
entry("JX351",
      "方案允许评价人调整得分，但要求写明理由（`with reason`），而该行没有 reason。",
      "The scheme lets the assessor set a score but requires a reason (`with reason`), and the row has none.",
      "在 reason 中写明调整理由。", "Write the reason for the adjustment in reason.",
      data_run(ADJUSTING, first(score='"40"'), show=ind(score='"40"'), extra={"adjust.jx": ADJUST_JX}))
entry("JX352",
      "定性指标的完成值是表格中的原文（如“显著提升”），评价人用 `level = \"…\"` 指定等级，但这个等级不在方案中。",
      "A qualitative row keeps its actual as printed (显著提升) and the assessor names its level with `level = \"…\"`, but the scheme has no such level.",
      "改为方案中的等级名称（或其 also 写法）。", "Use one of the scheme's levels (or one of its also spellings).",
      data_run(('actual = "基本消除"', 'actual = "显著提升"\nlevel = "很好"'), show='actual = "显著提升"\nlevel = "很好"'))
entry("JX353",
      "数据中有无法读取的单元格时，所有问题一次列出，并说明有多少指标行可以读取；有任何错误的记录不评分。",
      "When cells cannot be read, every problem is listed at once, with how many indicator rows were readable; a record with any error is not scored.",
      "逐条改正列出的问题。", "Fix each problem listed.",
      data_run(('target = "≥26"', 'target = "≥二十六"'), ('actual = "92%"', 'actual = "九成"'),
               show='target = "≥二十六"   # 产出指标 土壤监测点位\n…\nactual = "九成"      # 满意度指标 群众满意度', exact=False))
entry("JX530",
      "警告：填报得分与按公式计算的得分不同，而方案不允许调整（没有 `adjust allowed …`）。按公式得分计，填报值保留在结果中（filed_score）。印刷精度不同（47 对 47.33）不算不同。",
      "Warning: the filed score differs from the formula's, and the scheme allows no adjustment (no `adjust allowed …`). The formula's score counts; the filed one is kept in the result (filed_score). A figure printed with fewer places (47 for 47.33) is not a difference.",
      "核对填报得分，或在方案中允许调整。", "Check the filed score, or allow adjustments in the scheme.",
      data_run(first(score='"5"'), show=ind(score='"5"'), warn=True))
entry("JX531",
      "警告：子指标（`parent = \"…\"`）所属的上级指标不在表中。子指标只展示，不计分。",
      "Warning: a sub-row names a parent (`parent = \"…\"`) that is not in the table. Sub-rows are shown, never scored.",
      "parent 写成表中某个指标的名称。", "Make parent the name of a row of the table.",
      data_run(('actual = "92%"', 'actual = "92%"\n\n[[indicators]]\nsection = "满意度指标"\nname = "其中：农户满意度"\nparent = "农户满意度"\ntarget = "≥90%"\nactual = "95%"'),
               show='[[indicators]]\nsection = "满意度指标"\nname = "其中：农户满意度"\nparent = "农户满意度"\ntarget = "≥90%"\nactual = "95%"', warn=True, exact=False))
entry("JX532",
      "警告：子项目状态为未开工，却已有执行数。",
      "Warning: a sub-project has not started, yet money has been spent on it.",
      "核对项目状态或执行数。", "Check the project's status or its executed amount.",
      data_run(('actual = "92%"', 'actual = "92%"\n\n[[projects]]\nname = "二期工程"\nbudget = { central = 100 }\nexecuted = { central = 5 }\nstatus = "not_started"'),
               show='[[projects]]\nname = "二期工程"\nbudget = { central = 100 }\nexecuted = { central = 5 }\nstatus = "not_started"', warn=True, exact=False))


# ------------------------------------------------------------------------------- output


def execute(run: Run, code: str) -> str:
    out = _execute(run)
    assert code in out, (code, out)
    return out


def _execute(run: Run) -> str:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        for name, content in run.files.items():
            path = folder / name
            if content is None:
                with path.open("wb") as f:
                    f.truncate(6 * 1024 * 1024)
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if run.python is not None:
            done = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", run.python],
                                  cwd=folder, capture_output=True, text=True, env=env)
            assert done.returncode == 0, done.stderr
            return "$ python example.py\n" + done.stdout.rstrip()
        out = []
        for argv in run.commands:
            args = [str(folder / a) if run.from_root and a in ("data.toml", "result.json") else a
                    for a in argv]
            done = subprocess.run([JIXIAO, *args], cwd=ROOT if run.from_root else folder,
                                  capture_output=True, text=True, env=env)
            assert "Traceback" not in done.stderr, done.stderr
            text = getattr(done, run.stream).rstrip()
            shown = " ".join("…/data.toml" if run.from_root and a == "data.toml" else a for a in argv)
            out.append(f"$ jixiao {shown}\n{text}")
        return "\n\n".join(out)


TITLES = {code: (m.zh, m.en) for code, m in CATALOGUE.items()}


def title(code: str) -> str:
    import re
    zh, en = TITLES[code]
    def clean(t: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"\{\w+\}", "…", t)).strip("：: ")
    return f"{clean(zh)} · {clean(en)}"


HEADER = """\
# 错误与警告代码 · Error and warning codes

jixiao 报告的每个问题都有一个稳定的代码（`JX101`），同一个代码在中文和英文下说的是同一件事。
本页按代码列出：含义、触发它的最小示例、用户实际看到的输出（由命令行运行示例得到，原样粘贴）、
以及如何修改。`tests/test_errors.py` 对每个代码都有测试；目录 `CATALOGUE`
（`engine/diagnostics.py`）中新增的代码若没有测试和本页的一节，测试会失败。

Every problem jixiao reports has a stable code (`JX101`) that means the same in Chinese and
English. This page lists each code: what it means, the smallest example that triggers it, what the
user sees (the output of running the example, pasted as is), and how to fix it.
`tests/test_errors.py` tests every code; a code added to `CATALOGUE` (`engine/diagnostics.py`)
without a test and a section here makes the tests fail.

## 如何阅读 · Reading a diagnostic

```text
{reading}
```

- 第一行：位置、严重程度（错误 / 警告）、代码、消息。方案中的位置写作 `文件:行:列`（从 1 起，列按字符计）；
  数据中的问题写作数据路径，如 `indicators[0].target`（第一个 `[[indicators]]` 的 target）；文件问题写文件名（及行号）。
  · The first line: location, severity (error / warning), code, message. A place in a scheme is
  `file:line:column` (1-based, columns in characters); a problem in the data is a data path such as
  `indicators[0].target` (the first `[[indicators]]` table's target); a file problem names the file (and line).
- 其后：源代码行，`^` 标出出错的部分（中文字符占两列）；最后是提示。
  · Then the source line with `^` under the mistake (CJK characters take two columns), and the hint.
- 一次运行报告所有找到的问题，按位置排序。 · One run reports every problem found, sorted by position.
- 错误时 `jixiao` 退出状态为 2，诊断写到标准错误，不会出现 Python traceback；警告不影响退出状态。`--lang en` 输出英文。
  · On an error `jixiao` exits with status 2 and writes the diagnostics to standard error, never a
  Python traceback; warnings do not change the exit status. `--lang en` gives English.
- 在 Python 中：错误以 `SchemeError`、`DataError`、`EvaluationError`、`InputError`（都是 `JixiaoError`）抛出，
  `.diagnostics` 是全部问题；警告在 `Result.diagnostics` 中。每个 `Diagnostic` 有 `.code`、`.span` 或 `.where`、
  `.message(lang)`、`.hint(lang)`。
  · In Python, errors are raised as `SchemeError`, `DataError`, `EvaluationError`, `InputError`
  (all `JixiaoError`) whose `.diagnostics` list every problem; warnings are in
  `Result.diagnostics`. Each `Diagnostic` has `.code`, `.span` or `.where`, `.message(lang)`,
  `.hint(lang)`.

代码分组 · Code groups: JX0xx 文件与命令 files and commands · JX1xx 方案语法 scheme syntax ·
JX2xx 方案检查 scheme checks · JX3xx 项目数据 project data · JX4xx 计算 evaluation · JX5xx 警告 warnings.

## 示例 · The examples

方案的示例都是对下面这个方案（`scheme.jx`）改动一两行；每节只列出改动的行，行号即此处的行号。
· The scheme examples change a line or two of this scheme (`scheme.jx`); each section shows only
the changed lines, numbered as here.

```text
{scheme}
```

数据的示例都是对下面这个数据文件（`data.toml`，用方案库中的 `transfer_regional.jx` 评分，满分 100 =
预算执行 10 + 产出 50 + 效益 30 + 满意度 10）的改动；每节只列出改动的部分。
· The data examples change this data file (`data.toml`, scored with the library's
`transfer_regional.jx`: 10 budget + 50 output + 30 benefit + 10 satisfaction); each section shows
only the part changed.

```toml
{data}
```
"""

GROUPS = {"JX0": "文件与命令 · Files and commands", "JX1": "方案语法 · Scheme syntax",
          "JX2": "方案检查 · Scheme checks", "JX3": "项目数据 · Project data",
          "JX4": "计算 · Evaluation", "JX5": "警告 · Warnings"}


def render() -> str:
    numbered = "\n".join(f"{i:>2} | {line}" for i, line in enumerate(BASE.splitlines(), 1))
    reading = _execute(scheme_run(("else actual / target", "else actul / target"))).split("\n\n")[0]
    reading = reading.split("\n", 1)[1]  # without the $ line
    out = [HEADER.replace("{scheme}", numbered).replace("{data}", BASE_DATA.rstrip())
           .replace("{reading}", reading)]
    by_code = {e.code: e for e in E}
    assert set(by_code) == set(CATALOGUE), set(CATALOGUE) ^ set(by_code)
    group = ""
    for code in sorted(CATALOGUE):
        e = by_code[code]
        if code[:3] != group:
            group = code[:3]
            out.append(f"<!-- {GROUPS[group]} -->\n")
        out.append(f"## {code} {title(code)}\n")
        out.append(f"{e.zh}\n\n{e.en}\n")
        if e.run is not None:
            if e.run.show:
                out.append("示例 · Example:\n")
            for lang, text in e.run.show:
                out.append(f"```{lang}\n{text.rstrip()}\n```\n")
            out.append("输出 · Output:\n")
            out.append(f"```console\n{execute(e.run, code)}\n```\n")
        if e.note:
            out.append(f"> {e.note}\n")
        for intro, run, note in e.more or []:
            out.append(f"{intro}\n")
            for lang, text in run.show:
                out.append(f"```{lang}\n{text.rstrip()}\n```\n")
            out.append("输出 · Output:\n")
            out.append(f"```console\n{execute(run, code)}\n```\n")
            if note:
                out.append(f"> {note}\n")
        out.append(f"修改 · Fix: {e.fix_zh}  \n{e.fix_en}\n")
    return "\n".join(out)


if __name__ == "__main__":
    text = render()
    Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "errors.md").write_text(text, encoding="utf-8")
    print(len(text.splitlines()), "lines")
