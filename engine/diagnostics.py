"""Diagnostics: the one shape every error and warning takes, and the code catalogue.

Stage: shared by every layer. A ``Diagnostic`` is data (code, severity, arguments, where it
points); its message is looked up in ``CATALOGUE`` by code and language only when it is shown,
so the same diagnostic reads in Chinese or English. Codes are stable: tests and users rely on
them, and ``docs/errors.md`` documents each one.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from typing import Protocol

import attrs

from jixiao.engine.limits import MAX_ARG_CHARS


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@attrs.frozen
class Span:
    """Where in a source file something is: 1-based line and column, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@attrs.frozen
class Message:
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""


def _m(zh: str, en: str, hint_zh: str = "", hint_en: str = "") -> Message:
    return Message(zh, en, hint_zh, hint_en)


# The catalogue. Numbering: JX0xx files and commands, JX1xx scheme syntax, JX2xx scheme checks,
# JX3xx project data, JX4xx evaluation, JX5xx warnings, JX231–JX249 the warnings of the
# static checks of a scheme (a score formula that leaves its range, an unused kind or level),
# and JX420–JX429 warnings of a figure written without unit that the row's units read apart.
# Never renumber; retire codes instead.
CATALOGUE: Mapping[str, Message] = {
    # -- files and commands
    "JX001": _m("找不到文件：{path}", "file not found: {path}",
                "检查路径是否正确。", "check the path."),
    "JX002": _m("文件不是 UTF-8 编码{guess}", "file is not UTF-8{guess_en}",
                "请另存为 UTF-8，例如：iconv -f {encoding} -t UTF-8 旧文件 > 新文件",
                "save it as UTF-8, e.g. iconv -f {encoding} -t UTF-8 old > new"),
    "JX003": _m("数据文件没有指定评分方案", "the data file names no scheme",
                "在数据文件中写 scheme = \"方案文件.jx\"，或在命令行用 --scheme 指定。",
                "add scheme = \"file.jx\" to the data file or pass --scheme."),
    "JX004": _m("不支持的数据文件格式：{suffix}", "unsupported data file type: {suffix}",
                "使用 .toml、.json 数据文件，或 .xlsx、.xls、.csv 自评表。", "use a .toml or .json data file, or a filled self-evaluation table (.xlsx, .xls or .csv)."),
    "JX005": _m("文件为空", "the file is empty", "", ""),
    "JX006": _m("文件大小 {size} 字节，超过上限 {limit} 字节", "the file has {size} bytes, over the limit of {limit}",
                "拆分文件，或在嵌入时调整 Limits。", "split the file, or raise the limit when embedding."),
    # -- the command line (usage errors are reported like every other mistake)
    "JX010": _m("命令行用法错误：{detail}", "usage error: {detail}",
                "运行 {prog} --help 查看用法。", "run {prog} --help for usage."),
    "JX011": _m("未知的子命令 {name}", "unknown command {name}",
                "可用子命令：{known}。{suggest}", "commands: {known}. {suggest}"),
    "JX012": _m("没有选项 {name}", "no option {name}",
                "运行 {prog} --help 查看可用选项。{suggest}", "run {prog} --help for its options. {suggest}"),
    "JX013": _m("缺少参数 {name}", "missing argument {name}",
                "用法：{usage}", "usage: {usage}"),
    "JX014": _m("选项 {option} 的值 {value} 无效", "invalid value {value} for {option}",
                "可用：{known}。{suggest}", "choose from: {known}. {suggest}"),
    "JX015": _m("选项 {option} 需要一个值", "{option} needs a value",
                "用法：{usage}", "usage: {usage}"),
    "JX016": _m("多余的参数 {name}", "unexpected argument {name}",
                "用法：{usage}", "usage: {usage}"),
    "JX017": _m("无法从输出文件的扩展名 {suffix} 确定格式", "cannot tell the output format from the extension {suffix}",
                "用 --format 指定格式，或使用扩展名：{known}", "give --format, or use one of the extensions: {known}"),
    "JX030": _m("拒绝覆盖输入文件 {path}", "refusing to overwrite the input file {path}",
                "-o 指向了正在读取的数据或方案文件；请写到另一个文件。",
                "-o names the data or scheme file being read; write to another file."),
    "JX020": _m("无法写入 {path}：{reason}", "cannot write {path}: {reason_en}",
                "检查目录是否存在、是否有写权限。", "check that the folder exists and can be written."),
    "JX018": _m("选项 {option} 不接受值：{value}", "{option} takes no value: {value}",
                "去掉 = 及其后的值。", "remove the = and what follows it."),
    "JX019": _m("没有给出子命令", "no command given",
                "可用子命令：{known}；例如 {prog} score 数据.toml", "commands: {known}; e.g. {prog} score data.toml"),
    "JX021": _m("选项 {option} 的值 {value} 无效：须为{kind}", "invalid value {value} for {option}: {kind_en} expected",
                "用法：{usage}", "usage: {usage}"),
    "JX022": _m("选项 {option} 不能与 {other} 同时使用", "{option} cannot be used together with {other}",
                "只保留其中一个。", "keep only one of them."),
    "JX024": _m("batch 不能写扩展名为 {suffix} 的文件", "batch cannot write a {suffix} file",
                "使用 .jsonl（每条记录一行 JSON，jixiao summary 读它）或 .csv（每条记录一行，列见 docs/batch.md）。",
                "use .jsonl (one JSON line per record, what jixiao summary reads) or .csv (one row per record, columns in docs/batch.md)."),
    "JX025": _m("--explain 的计算步骤无法写入 CSV", "--explain's steps do not fit a CSV row",
                "要说明步骤时写 .jsonl；CSV 只写每条记录的得分。", "write .jsonl for the steps; a CSV carries each record's scores only."),
    # -- what an attacker tried (issue 7): JX026–JX029
    "JX026": _m("已中断（Ctrl-C）", "interrupted (Ctrl-C)",
                "-o 指定的输出文件保持原样（未完成的输出不会替换它）；重新运行即可。",
                "the output file named by -o is left as it was (an unfinished output never "
                "replaces it); run the command again."),
    "JX027": _m("无法使用路径 {path}：{reason}", "cannot use the path {path}: {reason_en}",
                "检查路径：文件名不能过长，也不能含有 NUL 等控制字符。",
                "check the path: a file name cannot be too long or hold NUL or other control "
                "characters."),
    "JX028": _m("{function} 的参数 {argument} 应为{expected}，实际为 {value}",
                "argument {argument} of {function} should be {expected_en}, got {value}",
                "见 README 的 Python API 一节。", "see the Python API section of the README."),
    # -- author tools (explain, test, fmt, what-if): JX040–JX049
    "JX040": _m("数据中没有名为「{name}」的指标、一级指标或汇总项", "no indicator, section or total named “{name}” in the data",
                "{suggest}", "{suggest}"),
    # -- tables too large or holding no value (issue 7, hostile workbooks): JX042–JX049
    "JX042": _m("表格超出可读取的范围（工作表「{sheet}」）：{what}", "the table is too large to read (sheet “{sheet}”): {what_en}",
                "自评表只有几百个单元格：删去多余的行、列与整行整列的合并，或把工作簿拆开；压缩炸弹不予读取。",
                "a 自评表 has a few hundred cells: delete the extra rows, columns and whole-row or "
                "whole-column merges, or split the workbook; a zip bomb is not read."),
    "JX043": _m("单元格 {sheet}!{cell} 没有可读取的值：{value}", "the cell {sheet}!{cell} holds no value to read: {value}",
                "#DIV/0! 等错误值或未计算过的公式（由程序生成、从未在 Excel 中打开保存）不是数字："
                "在 Excel 或 WPS 中改正公式并保存后再读取，或直接填写数值。",
                "an error value such as #DIV/0!, or a formula never computed (written by a program, "
                "never opened and saved in Excel), is no figure: fix the formula and save the file "
                "in Excel or WPS, or type the value."),
    # -- jixiao import (a filled 自评表 in .xlsx or .csv): JX050–JX069
    "JX050": _m("单元格的{column}无法读取：{value}（指标「{name}」）",
                "the {column} cell cannot be read: {value} (indicator “{name}”)",
                "指标值须填写；分值、得分须为数字（百分数请用百分比格式或写作 95%）。",
                "a 指标值 (target) must be filled in; 分值 and 得分 must be numbers."),
    "JX051": _m("找不到指标表：没有一行同时含有「三级指标」与「指标值」（工作表：{sheets}）",
                "no indicator table: no row has both 三级指标 and 指标值 headers (sheets: {sheets})",
                "导入读取自评表：表头行需有 三级指标（或 指标名称）和 指标值 两列。",
                "the header row must name the columns 三级指标 (or 指标名称) and 指标值."),
    "JX052": _m("读取 {suffix} 需要可选依赖 {package}", "reading {suffix} needs the optional package {package}",
                "安装：pip install 'jixiao[{extra}]'；或把表格另存为 CSV。",
                "install it: pip install 'jixiao[{extra}]', or save the table as CSV."),
    "JX053": _m("无法读取表格文件：{detail}", "cannot read the table file: {detail_en}",
                "接受 .xlsx、.xls（Excel、WPS 工作簿）或 .csv（UTF-8、GBK/GB18030 或带 BOM 的 UTF-16）文件。",
                "jixiao reads .xlsx and .xls (Excel, WPS workbooks) or .csv (UTF-8, GBK/GB18030 "
                "or UTF-16 with a BOM) files."),
    # -- batch runs (jixiao batch, jixiao summary)
    "JX070": _m("CSV 同一记录的 {column} 列有两个不同的值：{first} 与 {value}",
                "the CSV column {column} has two values in one record: {first} and {value}",
                "同一 id 的各行只在第一行填写该列，或各行填写相同的值。",
                "write the record's cells on its first row only, or the same value on every row."),
    "JX071": _m("无法为此记录评分（内部错误 {kind}）", "this record could not be scored: {kind}: {detail}",
                "这是 jixiao 的缺陷，请附上该记录报告问题；其余记录照常评分。",
                "this is a bug in jixiao: please report it with the record; the other records are scored."),
    "JX072": _m("{path} 不是 jixiao batch 的输出（第 {line} 行）",
                "{path} is not the output of jixiao batch (line {line})",
                "summary 读取 jixiao batch -o 写出的 JSON Lines 文件。",
                "summary reads the JSON Lines file that jixiao batch -o writes."),
    "JX060": _m("{path} 第 {line} 行的 {field} 不是 jixiao batch 写出的值：{value}（应为{expected}）",
                "line {line} of {path}: {field_en} is {value}, not what jixiao batch writes "
                "({expected_en})",
                "这一行被改动过或来自别的程序：重新运行 jixiao batch 生成，或改正该字段；"
                "summary 不会把读不懂的值当作 0 汇总。",
                "the line was edited or comes from another program: run jixiao batch again, or "
                "correct the field; summary never counts a value it cannot read as 0."),
    "JX073": _m("输出格式 {format} 需要可选依赖 {package}", "the {format} format needs the optional package {package}",
                "安装：pip install 'jixiao[{extra}]'", "install it: pip install 'jixiao[{extra}]'"),
    "JX090": _m("没有名为 {name} 的方案文件，也没有这个名字的内置方案",
                "no scheme file {name}, and no bundled scheme of that name",
                "{suggest}jixiao schemes 列出全部内置方案；文件请写出 .jx 路径。",
                "{suggest_en}jixiao schemes lists the bundled schemes; give a file as its .jx path."),
    "JX041": _m("用例文件有误：{detail}", "malformed case file: {detail_en}",
                "用例文件的写法见 README 的“编写一个新方案”一节第 3 步。",
                "see step 3 of “Writing a scheme” in the README for the format."),
    # -- scheme syntax
    "JX101": _m("此处不应出现 {found}", "unexpected {found}",
                "此处应为：{expected}", "expected one of: {expected_en}"),
    "JX102": _m("无法识别的字符 {found}", "unexpected character {found}", "{hint}", "{hint_en}"),
    "JX103": _m("文件在 {block} 结束前意外终止", "file ends before {block} is closed",
                "补上缺少的 }} 或引号。", "add the missing }} or quote."),
    # -- scheme checks
    "JX201": _m("重复定义的{what}：{name}", "duplicate {what_en}: {name}",
                "第一次定义在 {first}；删除或改名其中一个。",
                "first defined at {first}; remove or rename one."),
    "JX202": _m("未知的名称 {name}", "unknown name {name}",
                "{suggest}", "{suggest}"),
    "JX203": _m("未知的函数 {name}", "unknown function {name}",
                "可用函数：{known}。{suggest}", "known functions: {known}. {suggest}"),
    "JX204": _m("{name} 需要 {expected} 个参数，实际给出 {got} 个",
                "{name} takes {expected} arguments, {got} given", "", ""),
    "JX205": _m("类型不符：{detail}", "type mismatch: {detail_en}", "", ""),
    "JX206": _m("{subject} 缺少公式 {name}", "{subject_en} has no formula {name}",
                "{hint}", "{hint_en}"),
    "JX207": _m("等级区间有{problem}：{detail}", "grade bands have {problem_en}: {detail_en}",
                "等级区间应首尾相接、互不重叠，覆盖 0 到满分。",
                "bands must meet end to end without overlap and cover 0 to the full score."),
    "JX208": _m("区间为空或上下限颠倒：{band}", "empty or reversed interval: {band}",
                "下限应小于上限。", "the lower bound must be below the upper bound."),
    "JX209": _m("比例 {ratio} 不在 0 到 1 之间", "ratio {ratio} is not between 0 and 1",
                "比例写作 0.8 或 80%。", "write a ratio as 0.8 or 80%."),
    "JX210": _m("指标值写法 {notation} 同时属于 {first} 和 {second}",
                "notation {notation} is claimed by both {first} and {second}",
                "每种写法只能对应一种指标类型。", "each notation may belong to one kind only."),
    "JX211": _m("最高等级的上限是 {full}，而各一级指标分值合计（满分）是 {sum}：{weights}",
                "the top grade band ends at {full}, but the section weights add up to {sum} (the full score): {weights}",
                "若满分应为 {full}，调整上面的分值（或用 scale 缩放其中几项）；若满分确为 {sum}，把评级写成满分的比例，如 grade 优 [90%, 100%]。",
                "if the full score should be {full}, change the weights above (or scale some of them); if it really is {sum}, write the grades as shares of it, e.g. grade 优 [90%, 100%]."),
    "JX212": _m("找不到被继承的方案 {name}", "cannot find the scheme {name} to extend",
                "{hint}", "{hint_en}"),
    "JX222": _m("找不到数据文件指定的方案 {name}", "cannot find the scheme {name} the data file names",
                "{hint}", "{hint_en}"),
    "JX213": _m("方案继承形成循环：{chain}", "schemes extend each other in a cycle: {chain}",
                "去掉其中一个 extends。", "remove one of the extends."),
    "JX214": _m("方案路径超出允许的目录：{name}",
                "the scheme path leaves the allowed folders: {name}",
                "方案只能从所在目录、数据文件所在目录或方案库中读取。",
                "schemes are read only from the extending file's folder, the data file's folder or the scheme library."),
    "JX215": _m("方案缺少 {what}", "the scheme has no {what_en}", "{hint}", "{hint}"),
    "JX216": _m("未知的取整方式 {name}", "unknown rounding mode {name}",
                "可用：{known}", "known modes: {known}"),
    "JX230": _m("一级指标 {section} 的名称或别名 {name} 与一级指标 {other} 的 {written} 相同（或只差不可见字符）",
                "the name or alias {name} of section {section} is the same as {written} of section {other} (or differs only by an invisible character)",
                "每个名称和 also 别名只能属于一个一级指标；删去或改名。",
                "each name and also-alias may belong to one section only; remove or rename it."),
    "JX218": _m("表达式嵌套过深（{depth} 层，上限 {limit}）", "expression nested too deeply ({depth} levels, limit {limit})",
                "拆成几个 derive 或简化括号。", "split it into several derives or simplify the parentheses."),
    "JX219": _m("公式过长（{size} 个元素，上限 {limit}）", "formula too large ({size} parts, limit {limit})",
                "拆成几个 derive。", "split it into several derives."),
    "JX221": _m("数字过长（{digits} 位，上限 {limit} 位）：{value}", "number too long ({digits} digits, limit {limit}): {value}",
                "分值、比例和区间端点不需要这么多位。", "weights, ratios and band ends never need so many digits."),
    "JX217": _m("此处不能使用 {name}：{detail}", "{name} cannot be used here: {detail_en}", "", ""),
    "JX220": _m("方案继承层数超过上限 {limit}：{chain}", "the extends chain is deeper than the limit of {limit}: {chain}",
                "减少继承层数，或在嵌入时调整 Limits。", "flatten the chain, or raise the limit when embedding."),
    "JX231": _m("{subject} 的 {name} 公式会超出 {range}：{detail}",
                "{subject_en}: the formula {name} can leave {range_en}: {detail_en}",
                "用 min(weight, …) 封顶、max(0, …) 保底，或先用 min(completion, 1) 限制完成率；评分时得分超出范围的记录会以 JX404 停止。",
                "cap it with min(weight, …) and floor it with max(0, …), or cap the completion with min(completion, 1); a record whose score leaves the range stops with JX404 when scored."),
    "JX232": _m("指标类型 {kind} 的 where 条件（{where_text}）不会成立：{detail}",
                "the where of kind {kind} ({where_text}) never holds: {detail_en}",
                "改正名称；没有指标会按此类型计分。", "correct the name: no indicator is scored by this kind."),
    "JX233": _m("指标类型 {kind} 的等级（{levels}）的比例不影响评分：没有公式读取 ratio（completion = {completion}）",
                "the ratios of kind {kind}'s levels ({levels_en}) change nothing: no formula reads ratio (completion = {completion})",
                "定性指标的完成率通常写作 completion = ratio。", "a qualitative kind's completion is usually completion = ratio."),
    "JX234": _m("指标类型 {kind} 的等级 {level} 的名称“{name}”已属于前面的等级 {other}：写“{name}”的指标总归入 {other}",
                "kind {kind}: the level {level}'s name “{name}” already belongs to the earlier level {other}: a row that writes “{name}” always gets {other}",
                "删去重复的名称，或改用别的写法。", "remove the repeated name, or write another."),
    "JX235": _m("指标类型 {kind} 的等级 {level} {band} 与等级 {other} {other_band} 重叠：落在两者之间的比例分不清是哪一等级",
                "kind {kind}: the level {level} {band} overlaps the level {other} {other_band}: a ratio in both does not tell which level was meant",
                "调整区间端点，使相邻等级一闭一开，例如 [0.6, 0.8) 与 [0.8, 1)。",
                "move an end so that neighbouring bands meet once, e.g. [0.6, 0.8) and [0.8, 1)."),
    "JX270": _m("{action} {what} {name}：被继承的方案中没有此项", "{action} {what} {name}: the parent scheme has no such item",
                "{detail}", "{detail_en}"),
    "JX271": _m("{action} 只能用在继承其他方案（extends）的方案中", "{action} is only for a scheme that extends another",
                "在 scheme 行加上 extends \"父方案.jx\"，或删去 {action}。", "add extends \"parent.jx\" to the scheme line, or remove {action}."),
    "JX273": _m("scale 中未知的一级指标 {name}", "scale names an unknown section {name}",
                "{suggest}", "{suggest}"),
    "JX274": _m("scale 得出的分值不是有限小数：{detail}", "scale gives a weight that is not exact: {detail}",
                "选择能整除的目标分值，或直接写出各一级指标的 weight。", "choose a total that divides exactly, or write each section's weight."),
    "JX272": _m("一级指标 {name} 没有分值 weight", "section {name} has no weight",
                "写 section {name} weight 分值 {{ … }}；只有修改继承来的一级指标时才可省略 weight。",
                "write section {name} weight N {{ … }}; weight may be left out only when changing an inherited section."),
    # -- project data
    "JX301": _m("数据文件格式错误：{detail}", "data file syntax error: {detail}",
                "检查该行的引号、逗号、括号和 =。", "check the quotes, commas, brackets and = on that line."),
    "JX302": _m("缺少必填项 {field}", "missing required field {field}",
                "{hint}", "{hint_en}"),
    "JX303": _m("{field} 应为{expected}，实际为 {value}", "{field} should be {expected_en}, got {value}",
                "", ""),
    "JX304": _m("指标「{indicator}」的{which}无法识别：{value}（{reason}）",
                "cannot read the {which_en} of indicator “{indicator}”: {value} ({reason_en})",
                "可接受的写法如 ≥248、100%、≤90万元、[5, 10]、基本消除。",
                "accepted forms include ≥248, 100%, ≤90万元, [5, 10], 基本消除."),
    "JX305": _m("未知的一级指标 {name}", "unknown section {name}", "{suggest}", "{suggest}"),
    "JX306": _m("「{section}」各指标分值合计 {sum}，应为 {weight}",
                "weights in {section} add up to {sum}, not {weight}",
                "修改 weight，或全部删去以平均分配。", "fix the weights, or remove them all to split equally."),
    "JX307": _m("指标「{indicator}」的完成值「{value}」不是已知的等级",
                "the actual “{value}” of indicator “{indicator}” is not a known level",
                "可用等级：{levels}；或与指标值相同。", "known levels: {levels}; or the target text itself."),
    "JX308": _m("指标「{indicator}」的等级「{level}」需要评价人给出比例 ratio（{band}）",
                "level “{level}” of indicator “{indicator}” needs an assessor's ratio in {band}",
                "在该指标下写 ratio = 0.7。", "add ratio = 0.7 to the indicator."),
    "JX309": _m("指标「{indicator}」的比例 {ratio} 不在等级「{level}」的区间 {band} 内",
                "ratio {ratio} of indicator “{indicator}” is outside {band} of level “{level}”",
                "", ""),
    "JX310": _m("{field} 不能为负数：{value}", "{field} cannot be negative: {value}", "", ""),
    "JX311": _m("指标「{indicator}」缺少全年实际完成值", "indicator “{indicator}” has no actual",
                "填写 actual；若指标不适用请说明。", "fill in actual."),
    "JX312": _m("指标「{indicator}」的指标值 {value} 没有适用的指标类型",
                "no kind of the scheme applies to the target {value} of “{indicator}”",
                "方案中的类型：{kinds}", "the scheme's kinds: {kinds}"),
    "JX313": _m("未知的项目状态 {value}", "unknown project status {value}",
                "可用：not_started/未开工、started/已开工、completed/已完工",
                "use not_started, started or completed"),
    "JX314": _m("重复的指标「{indicator}」", "duplicate indicator “{indicator}”",
                "第一次出现在{first}", "first at {first_en}"),
    "JX315": _m("未知的指标类型 {name}", "unknown kind {name}", "{suggest}", "{suggest}"),
    "JX316": _m("数值超出范围：{value}", "number out of range: {value}",
                "数值须为有限的小数，且不超过 {limit} 位。", "numbers must be finite with at most {limit} digits."),
    "JX317": _m("未知的字段 {field}", "unknown field {field}", "{suggest}", "{suggest}"),
    "JX319": _m("指标「{indicator}」的指标值 {value} 为负数，无法按比例计分", "the target {value} of “{indicator}” is negative; it cannot be scored in proportion",
                "负数目标请写成区间（如 [-5%, 5%]），或使用方案中另设的指标类型（kind）。", "write a range such as [-5%, 5%], or use a kind of the scheme made for it."),
    "JX320": _m("指标「{indicator}」指定的类型 {kind} 不适用于指标值 {value}", "the kind {kind} given for “{indicator}” does not fit its target {value}",
                "{kind} 适用于：{notations}；改正 kind 或删去它以按指标值选择类型。", "{kind} applies to: {notations}; fix kind, or remove it to choose by the target."),
    "JX318": _m("{what} 数量 {count} 超过上限 {limit}", "{what_en}: {count}, over the limit of {limit}",
                "拆分数据，或在嵌入时调整 Limits。", "split the data, or raise the limit when embedding."),
    # -- documents (output)
    "JX380": _m("无法从文件扩展名 {suffix} 确定报告格式", "cannot tell the report format from the extension {suffix}",
                "用 --format 指定，或使用扩展名：{known}", "give --format, or use one of: {known}"),
    "JX381": _m("{format} 是二进制文件，不能写到标准输出", "{format} is a binary file and cannot go to standard output",
                "用 -o 文件名 写入文件。", "write it to a file with -o FILE."),
    # -- evaluation
    "JX331": _m("JSON 中的键 {key} 出现了不止一次", "the key {key} appears more than once in the JSON",
                "同一对象中的键只能写一次；重复时前一个值会被丢掉（例如整个 indicators 数组）。",
                "a key may appear once per object; a repeat would drop the earlier value (a whole indicators array, say)."),
    "JX330": _m("指标「{indicator}」的 {value} 与指标值 {target} 相差 100 倍：可读作 {literal}，也可读作 {fraction}",
                "{value} of “{indicator}” reads two ways against the target {target}: {literal}, or {fraction}",
                "另一种读法达到了指标值，不能猜：写明百分号（如 95%），或在方案中写 percent as_fraction / percent as_written，或用 --percent-as-fraction / --percent-as-written（API：percent_as_fraction=True/False）指定读法。",
                "the other reading meets the target, so jixiao will not guess: write the percent sign (95%), or decide in the scheme (percent as_fraction / percent as_written) or with --percent-as-fraction / --percent-as-written (API: percent_as_fraction=True/False)."),
    "JX340": _m("项目状态 status 不会等于 {value}：数据中的状态只有 {known}",
                "a project's status is never {value}: the data's status words are {known}",
                "改用其中之一（已完工 与 completed 等同），或用 started / completed（是否已开工 / 已完工）。",
                "use one of them (已完工 and completed mean the same), or started / completed (yes/no)."),
    "JX401": _m("{subject}：除数为零（{formula}）", "{subject}: division by zero ({formula})",
                "用 if … then … else … 避开为零的除数。", "guard the divisor with if … then … else …."),
    "JX402": _m("{subject}：无法计算 {formula}：{detail}", "{subject}: cannot compute {formula}: {detail_en}",
                "", ""),
    "JX403": _m("总分 {total} 不落在任何等级区间内", "the total {total} falls in no grade band", "", ""),
    "JX404": _m("{subject}：得分 {score} 超出 [0, {weight}]（{formula}）", "{subject}: the score {score} is outside [0, {weight}] ({formula})",
                "方案的公式让得分超过了分值或低于 0，例如把平分的分值四舍五入后再取整到更少的位数；请修改方案。", "the scheme's formula scores past the weight or below 0 (rounding a share to fewer places, say); fix the scheme."),
    "JX410": _m("{subject}：{formula} 的结果超出数值范围（绝对值须小于 10^{emax}，有效数字不超过 {prec} 位）",
                "{subject}: {formula} gives a number out of range (it must be below 10^{emax} in size, with at most {prec} significant digits)",
                "检查方案中的乘除是否把数值放大了许多倍，或数据中的数值单位是否填错。",
                "check whether the scheme's products and quotients blow the number up, or whether a figure in the data is in the wrong unit."),
    "JX411": _m("{subject}：评分计算量超过上限 {limit} 步", "{subject}: scoring this record takes more than {limit} steps",
                "把对子项目的汇总（sum、count）写成 derive，或减少子项目与指标的数量；嵌入时可调整 Limits(evaluation_steps=…)。",
                "compute sums and counts over the sub-projects once in a derive, or score fewer rows at once; embedders may raise Limits(evaluation_steps=…)."),
    # -- warnings
    "JX510": _m("指标「{indicator}」的 {value}（指标值 {target}）按 {used} 计分，而非 {other}",
                "{value} of “{indicator}” (target {target}) was scored as {used}, not {other}",
                "写明百分号（如 95% 或 0.95%），或在方案中写 percent as_fraction / percent as_written，或用 --percent-as-fraction / --percent-as-written（API：percent_as_fraction=True/False）指定读法。",
                "write the percent sign (95% or 0.95%), or decide in the scheme (percent as_fraction / percent as_written) or with --percent-as-fraction / --percent-as-written (API: percent_as_fraction=True/False)."),
    "JX520": _m("指标「{indicator}」没有分值，而「{section}」的 {weight} 分已被其他指标的分值占满，得 0 分",
                "indicator “{indicator}” has no weight and the other weights already fill the {weight} points of {section}: it scores 0",
                "给它填写 weight，或改小其他指标的分值；要平均分配就全部删去 weight。",
                "give it a weight, or lower the others; remove every weight to split equally."),
    "JX521": _m("指标「{indicator}」没有分值，分得「{section}」剩余的 {share} 分（已填分值合计 {given}，共 {weight} 分）",
                "indicator “{indicator}” has no weight and takes {share} of what is left of {section} ({given} of {weight} given)",
                "若这是本意，给它写明 weight = {share}；否则改正分值。",
                "if that is meant, write weight = {share}; else fix the weights."),
    "JX522": _m("指标「{indicator}」填报的分值 {given} 未采用：方案规定「{section}」平均分配，按 {share} 分计",
                "the weight {given} of “{indicator}” is not used: the scheme splits {section} equally, {share} each",
                "删去数据中的 weight，或改用按填报分值分配的方案（split given）。",
                "remove weight from the data, or use a scheme that keeps the data's weights (split given)."),
    "JX523": _m("缺少全年执行数 {field}，按 0 计（预算数 {total}）：执行率为 0",
                "{field} (executed, 全年执行数) is missing and read as 0 (budget {total}): the execution rate is 0",
                "填写全年执行数；确实未执行请写明 executed = 0。",
                "fill in what was spent; write executed = 0 if nothing was."),
    "JX524": _m("指标「{indicator}」的完成值 {actual} 带单位 {actual_unit}，指标值 {target} 没有单位：按 {used} 与之比较",
                "the actual {actual} of “{indicator}” has the unit {actual_unit} but its target {target} has none: compared as {used}",
                "在指标值或 unit 列写明单位（如 ≥500万元），两边才能换算到同一单位比较。",
                "write the unit in the target or the unit column (≥500万元, say) so both sides are compared in one unit."),
    # -- a bare actual whose unit two sides of the row name differently (issue 7): JX420–JX421
    "JX420": _m("指标「{indicator}」的完成值 {actual} 没有写单位：按度量单位 {column} 读作 {actual}{column}，"
                "与指标值 {target} 换算到同一单位比较（{used}）",
                "the actual {actual} of “{indicator}” has no unit: read in its unit column's "
                "{column} and compared with the target {target} in one unit ({used})",
                "度量单位与指标值所写的单位不一致；在完成值后写明单位（如 480万元）以免歧义。",
                "the unit column and the target's own unit differ; write the unit after the "
                "actual (480万元, say) to leave no doubt."),
    "JX421": _m("指标「{indicator}」的完成值 {actual} 没有写单位，按指标值 {target} 的单位读作 {as_target}，"
                "是指标值的 100 倍以上；若实为 {as_base}，请写明单位",
                "the actual {actual} of “{indicator}” has no unit and is read in the target "
                "{target}'s unit as {as_target}, over 100 times the target; if it is {as_base}, "
                "write the unit",
                "在完成值后写明单位（如 2.6万人 或 26000人），或在度量单位列写明。",
                "write the unit after the actual (2.6万人 or 26000人), or in the unit column."),
    "JX525": _m("{what}「{name}」与{first}的「{other}」看起来相同，只差不可见字符、全角半角或空格",
                "{what_en} “{name}” looks the same as “{other}” of {first_en} but for invisible characters, full-width forms or spaces",
                "若是同一指标，删去重复的一行；否则把名称改得看得出不同。",
                "if they are the same indicator, remove one row; else make the names visibly different."),
    # -- a figure printed with a remark or as an approximation (issue 7): JX526–JX528
    "JX526": _m("指标「{indicator}」的{which}「{value}」读作 {read}，括号中的“{remark}”未参与计分",
                "the {which_en} “{value}” of “{indicator}” is read as {read}; the remark “{remark}” in brackets is not scored",
                "说明文字请写在偏差原因（reason）中，{which}只写数值和单位，如 {read}。",
                "put the remark in the reason and only the figure and its unit in the {which_en}, e.g. {read}."),
    "JX527": _m("指标「{indicator}」的{which}「{value}」是约数，按 {read} 计分（“{word}”未参与计分）",
                "the {which_en} “{value}” of “{indicator}” is approximate and scored as {read} (“{word}” set aside)",
                "填写实际的数值；约数只能按所写数字计分。",
                "fill in the figure itself; an approximation can only be scored as the number written."),
    "JX528": _m("指标「{indicator}」的{which}「{value}」表示多于 {read}，按 {read} 计分（“{word}”未参与计分）",
                "the {which_en} “{value}” of “{indicator}” means more than {read}; scored as {read} (“{word}” set aside)",
                "填写确切的数值；“余”“多”之外的部分无从得知，只按确知的 {read} 计分。",
                "fill in the exact figure; what lies beyond “{word}” is unknown, so only the certain {read} is scored."),
    "JX501": _m("指标「{indicator}」{why}，应填写偏差原因", "indicator “{indicator}” {why_en}; a reason is required",
                "填写 reason（偏差原因和改进措施）。", "fill in reason."),
    "JX502": _m("指标「{indicator}」完成值单位 {actual_unit} 与指标值单位 {target_unit} 不同",
                "the actual of “{indicator}” is in {actual_unit}, its target in {target_unit}",
                "已按数字直接比较；请核对单位。", "the numbers were compared as written; check the unit."),
    "JX503": _m("{what} 合计 {sum}，与 {total} 不符", "{what_en} add up to {sum}, not {total}",
                "核对预算数。", "check the budget figures."),
    "JX504": _m("指标「{indicator}」填报的完成值 {filed} 与计算值 {derived} 不符",
                "the filed actual {filed} of “{indicator}” differs from the derived {derived}",
                "已采用计算值。", "the derived value was used."),
    "JX505": _m("「{section}」中未知的二级指标 {category}", "unknown category {category} in {section}",
                "{suggest}", "{suggest}"),
    "JX506": _m("{field} 执行数 {executed} 超过预算数 {total}", "{field}: executed {executed} exceeds budget {total}",
                "", ""),
    "JX507": _m("一级指标「{section}」没有任何指标，得分为 {score}", "section {section} has no indicators; it scores {score}",
                "在数据中加入该一级指标的指标，或在方案中调整。", "add its indicators to the data, or change the scheme."),
    "JX560": _m("方案 {name} 与它继承的 {parent} 没有任何不同", "the scheme {name} changes nothing in {parent}, which it extends",
                "写出要修改的项（如 section 预算执行 weight 20），或直接使用 {parent}。", "write what it changes (e.g. section 预算执行 weight 20), or use {parent} itself."),
    "JX561": _m("{what} {name} 与继承来的完全相同，没有修改任何内容", "{what} {name} repeats what it inherits and changes nothing",
                "删去此项；只写要修改的部分。", "remove it; write only what changes."),
    "JX562": _m("参数 {name} 没有被任何公式使用", "the parameter {name} is read by no formula",
                "删去它，或在公式中使用它。", "remove it, or use it in a formula."),
    "JX563": _m("指标「{indicator}」：{flag}：{message}", "indicator “{indicator}”: {flag}: {message}",
                "{hint}", "{hint_en}"),
    "JX564": _m("指标「{indicator}」：{flag}：{message}（扣 {deducted} 分）", "indicator “{indicator}”: {flag}: {message} ({deducted} points off)",
                "{hint}", "{hint_en}"),
    "JX508": _m("「{section}」按方案中的公式计分，数据中的指标「{indicator}」不计入得分", "{section} is scored by the scheme's own formula; the indicator “{indicator}” does not count",
                "删去该指标，或把它放到其他一级指标下。", "remove the indicator, or file it under another section."),
    # -- real tables as filed (JX350–JX379 data, JX530–JX559 warnings)
    "JX350": _m("「{subject}」填报得分 {filed} 超出方案允许的调整范围 {bounds}（按公式得分 {computed}）",
                "“{subject}”: the filed score {filed} is outside the adjustment the scheme allows, {bounds} (the formula gives {computed})",
                "改正得分，使其落在方案调整规则（adjust）允许的范围内。", "correct the score to lie where the scheme's rule allows: {rule}."),
    "JX351": _m("「{subject}」填报得分 {filed} 与按公式得分 {computed} 不同，方案要求说明调整理由",
                "“{subject}”: the filed score {filed} differs from the formula's {computed}; the scheme requires a reason",
                "在 reason 中写明调整理由。", "write the reason for the adjustment in reason."),
    "JX352": _m("指标「{indicator}」的评价等级 level = {value} 不是已知的等级",
                "indicator “{indicator}”: level = {value} is not a known level",
                "可选等级：{levels}", "known levels: {levels}"),
    "JX353": _m("{readable} / {rows} 个指标行可以读取；共 {errors} 处问题（见下），全部改正后才能评分",
                "{readable} of {rows} indicator rows are readable; problems to fix before scoring (below): {errors}",
                "", ""),
    "JX530": _m("「{subject}」填报得分 {filed} 与按公式得分 {computed} 不同；方案不允许调整，按公式得分计",
                "“{subject}”: the filed score {filed} differs from the formula's {computed}; the scheme allows no adjustment, the formula's counts",
                "核对填报得分，或在方案中写 adjust allowed …", "check the filed score, or allow it in the scheme: adjust allowed …"),
    "JX531": _m("子指标「{indicator}」的上级指标「{parent}」不在表中",
                "the sub-row “{indicator}” names a parent “{parent}” that is not in the table",
                "parent 应为同一表中某个指标的名称。", "parent must be the name of another row of the table."),
    "JX532": _m("项目「{project}」未开工，却已执行 {executed}", "project “{project}” has not started but has spent {executed}",
                "核对项目状态或执行数。", "check the project's status or its executed amount."),
}


# The words that fill a message's arguments (``{detail}``, ``{reason}``, ``{hint}`` …) in both
# languages, keyed by what they say. With ``CATALOGUE`` this is every word the engine shows a
# user, so wording is changed and translated in one place. ``phrase`` fills a message's
# argument and its ``_en`` twin from one entry.
PHRASES: Mapping[str, Message] = {
    # -- the Python API's arguments (JX028)
    "arg_compiled_scheme": _m("编译后的方案（jixiao.load_scheme 的结果）",
                              "a compiled scheme (what jixiao.load_scheme returns)"),
    "arg_project_data": _m("ProjectData（由 jixiao.load_data 或 jixiao.data_from_mapping 读取；"
                           "表或文件路径请用 jixiao.score）",
                           "ProjectData (from jixiao.load_data or jixiao.data_from_mapping; "
                           "jixiao.score takes a mapping or a path)"),
    "arg_limits": _m("jixiao.Limits", "jixiao.Limits"),
    "arg_result": _m("评分结果（jixiao.score 或 jixiao.evaluate 的结果）",
                     "a Result (what jixiao.score or jixiao.evaluate returns)"),
    "arg_exact_number": _m("可精确写成小数的数（1/3 没有精确的小数，请先四舍五入）",
                           "a number with an exact decimal (1/3 has none: round it first)"),
    "arg_whole_number": _m("不小于 1 的整数", "a whole number of at least 1"),
    # -- engine.compile
    "section": _m("一级指标 {name}", "section {name}"),
    "section_needs_score": _m("在该 section 中写 score = …，或在方案顶层写 subtotal = …",
                              "write score = … in the section, or subtotal = … at the top of "
                              "the scheme."),
    "formula_type": _m("{name} 应为{want}，这里是{got}", "{name} must be a {want}, this is a {got}"),
    "operand_type": _m("{op} 需要{want}，这里是{got}", "{op} needs a {want}, this is a {got}"),
    "branch_types": _m("then 分支是{then}，else 分支是{otherwise}",
                       "both branches must have the same type"),
    "compare_types": _m("不能比较{left}与{right}", "cannot compare a {left} with a {right}"),
    "places": _m("{fn} 的位数应为 0 到 {limit} 的整数",
                 "{fn}'s digits must be a whole number from 0 to {limit}"),
    "computed_later": _m("{name} 在此公式之后才计算", "{name} is computed after this formula"),
    "collection_as_value": _m("请写 count({name}) 或 sum({name}, …)",
                              "use count({name}) or sum({name}, …)"),
    "no_rate": _m("{line}.total 为 0 或未填，没有执行率",
                  "{line}.total is 0 or missing: there is no rate"),
    "no_project_rate": _m("该项目预算为 0 或未填，没有执行率",
                          "the project's budget is 0 or missing: there is no rate"),
    "not_in_data": _m("数据中没有 {name}", "{name} is not in the data"),
    "type_number": _m("数值", "number"),
    "type_yes/no": _m("是/否", "yes/no"),
    "type_text": _m("文字", "text"),
    # -- engine.evaluate
    "central_plus_local": _m("中央资金 + 地方资金", "budget.central + local"),
    "batches_central": _m("各批次中央资金", "budget.batches central"),
    "batches_local": _m("各批次地方资金", "budget.batches local"),
    "projects_budget": _m("各项目预算", "projects"),
    "meets": _m("满足 {condition}", "meets {condition}"),
    "flag_condition": _m("条件：{condition}", "condition: {condition}"),
    # -- engine.fit
    "kind_needs_number": _m("指标类型需要数值", "the kind needs a number"),
    "target_number": _m("指标值（应为数值）", "target (a number)"),
    "actual_number": _m("完成值（应为数值）", "actual (a number)"),
    "side_target": _m("指标值", "target"),  # JX526–JX528: which cell held the remark
    "side_actual": _m("完成值", "actual"),
    "weights_needed": _m("{section} 的各指标须给出分值 weight",
                         "every indicator of {section} needs a weight"),
    "no_unit": _m("（无）", "（无）"),
    "kind_needs_date": _m("期限指标需要日期（如 7月、2025年7月20日）",
                          "a deadline needs a date (7月, 2025年7月20日)"),
    "actual_date": _m("完成值（应为日期）", "actual (a date)"),
    "empty": _m("（空）", "(empty)"),
    # names that differ only by what cannot be seen (JX525)
    "lookalike_indicator": _m("「{section}」中的指标", "in {section}, the indicator"),
    "lookalike_project": _m("子项目", "the sub-project"),
    "lookalike_category": _m("「{section}」中的二级指标", "in {section}, the category"),
}


def phrase(arg: str, key: str, **values: object) -> dict[str, str]:
    """The message argument ``arg`` and its twin ``arg_en``, filled with the phrase ``key``;
    a value that is itself a ``Message`` (a type's name, say) is taken in each language."""
    m = PHRASES[key]
    zh = {k: v.zh if isinstance(v, Message) else str(v) for k, v in values.items()}
    en = {k: v.en if isinstance(v, Message) else str(v) for k, v in values.items()}
    return {arg: _fill(m.zh, zh), arg + "_en": _fill(m.en, en)}


@attrs.frozen
class Diagnostic:
    """One finding. ``span`` points into a scheme; ``where`` names a data path."""

    code: str
    severity: Severity
    args: Mapping[str, str] = attrs.field(factory=dict)
    span: Span | None = None
    where: str = ""  # a data path such as ``indicators[3].target``, or a file name
    source_line: str = ""  # the line ``span`` points into, for the caret
    # where a data path is in its file, for people (see ``place``): filled by ``locate``
    file: str = attrs.field(default="", kw_only=True)
    line: int = attrs.field(default=0, kw_only=True)  # 1-based; 0 when unknown
    row: str = attrs.field(default="", kw_only=True)  # the row's name (三级指标名称, 子项目)

    def message(self, lang: str = "zh") -> str:
        m = CATALOGUE[self.code]
        return _fill(m.en if lang == "en" else m.zh, self._args(lang))

    def hint(self, lang: str = "zh") -> str:
        m = CATALOGUE[self.code]
        return _fill(m.hint_en if lang == "en" else m.hint_zh, self._args(lang))

    def _args(self, lang: str) -> dict[str, str]:
        args = dict(self.args)
        if lang == "en":  # an argument given in both languages (value, value_en) reads in English
            args.update({k[:-3]: v for k, v in self.args.items() if k.endswith("_en")})
            for k in _LISTS:  # a list of names: separated the English way
                if k in args and k + "_en" not in self.args:
                    args[k] = args[k].replace("、", ", ")
        for key in _PATH_ARGS:  # a row's data path in the message: counted from 1 and
            path = args.get(key, "")  # named, as the place is (row_place)
            if "[" in path and (m := _ROW_PATH.match(path)):
                here = _ROW_PATH.match(self.where)
                same = here is not None and (here[1], here[2]) == (m[1], m[2])
                args[key] = row_place(path, self.row if same else "", lang) or path
        candidates = args.get("candidates", "")
        if candidates:
            args["suggest"] = ("did you mean: " + candidates.replace("、", ", ") if lang == "en"
                               else "是否想写：" + candidates)
        return args

    @property
    def location(self) -> str:
        """Where, for programs: a scheme span, or the data path as the data holds it
        (``indicators[3].actual``, 0-based like any index into a JSON array)."""
        return str(self.span) if self.span else self.where

    def place(self, lang: str = "zh") -> str:
        """Where, for people: a data path's file and line, the row counted from 1 and its name
        — ``data.toml:41（第4个指标「项目开工率」的 actual）``, in English
        ``data.toml:41 (indicator 4 “项目开工率”, actual)``."""
        if self.span is not None or not self.where:
            return self.location
        at = f"{self.file}:{self.line}" if self.file and self.line else self.file
        row = row_place(self.where, self.row, lang)
        if row is None:
            if not at:
                return self.where
            return f"{at}（{self.where}）" if lang == "zh" else f"{at} ({self.where})"
        if lang == "zh":
            return f"{at}（{row}）" if at else row
        return f"{at} ({row})" if at else row

    def sort_key(self) -> tuple[str, int, int, str]:
        """Position order; numbers in a data path in numeric order (``indicators[2]`` before
        ``indicators[10]``)."""
        if self.span:
            return (self.span.file, self.span.line, self.span.column, self.code)
        return (re.sub(r"\d+", lambda m: m.group().zfill(12), self.where), 0, 0, self.code)


# The arrays of rows of a data file, as a message names a row: ``indicators[3]`` is 第4个指标.
ROW_WORDS: Mapping[str, tuple[str, str]] = {
    "indicators": ("指标", "indicator"), "projects": ("子项目", "project"),
    "management": ("资金管理情况", "management row"), "budget.batches": ("批次", "batch"),
    "report.basis": ("依据文件", "basis document"),  # [report] basis = ["…", "…"]
    "case": ("用例", "case"),  # a case file's [[case]] (jixiao test)
}
_ROW_PATH = re.compile("(" + "|".join(re.escape(k) for k in ROW_WORDS) + r")\[(\d+)\]"
                       r"(?:\.(.+))?\Z", re.DOTALL)


def row_place(where: str, name: str = "", lang: str = "zh") -> str | None:
    """A row's data path as people count: the row from 1, its name and the field —
    ``indicators[3].actual`` is 第4个指标「项目开工率」的 actual, in English indicator 4
    “项目开工率”, actual. The one convention of every message, report and audit finding that
    names a row (a data path itself stays 0-based, as any index into a JSON array). ``None``
    when ``where`` is no row's path."""
    m = _ROW_PATH.match(where)
    if m is None:
        return None
    zh, en = ROW_WORDS[m[1]]
    n, field = int(m[2]) + 1, m[3]
    if lang == "zh":
        return (f"第{n}个{zh}" + (f"「{name}」" if name else "")
                + (f"的 {field}" if field else ""))
    return f"{en} {n}" + (f" “{name}”" if name else "") + (f", {field}" if field else "")


def row_words(arg: str, where: str) -> dict[str, str]:
    """A message argument and its ``_en`` twin naming the row at a data path, counted from 1:
    ``indicators[0]`` is 第1个指标 / indicator 1 (a path that is no row is kept as it is)."""
    m = _ROW_PATH.match(where)
    if m is None:
        return {arg: where, arg + "_en": where}
    zh, en = ROW_WORDS[m[1]]
    n = int(m[2]) + 1
    return {arg: f"第{n}个{zh}", arg + "_en": f"{en} {n}"}


class Places(Protocol):
    """Where the paths of one record are in its file (``jixiao.places.DataPlaces``)."""

    def find(self, where: str) -> tuple[str, int, str]:
        """``(file, line, row name)`` of a data path; empty and 0 for what is not known."""
        ...


def locate(diagnostics: Iterable[Diagnostic], places: Places | None) -> list[Diagnostic]:
    """``diagnostics`` with the file, line and row name of each data path filled in."""
    out = []
    for d in diagnostics:
        if places is not None and d.span is None and d.where and not d.line:
            file, line, row = places.find(d.where)
            if line or row:
                d = attrs.evolve(d, file=quoted(file), line=line, row=quoted(row))
        elif places is not None and d.where and not d.row and _ROW_PATH.match(d.where):
            _, _, row = places.find(d.where)  # at a scheme's line: the row it scored, named
            if row:
                d = attrs.evolve(d, row=quoted(row))
        out.append(d)
    return out


# message arguments that hold a data path (``indicators[3].weight``)
_PATH_ARGS = ("field", "subject")
# message arguments that list names (levels, kinds, the known words): "、" in Chinese, ", " in
# English
_LISTS = ("levels", "kinds", "known", "candidates", "sections", "notations")


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def _fill(template: str, args: Mapping[str, str]) -> str:
    return template.format_map(_Blank(args))


def quoted(value: object, limit: int = MAX_ARG_CHARS) -> str:
    """``value`` as a message quotes it: control characters made visible, long text cut."""
    text = str(value)
    if len(text) <= limit and text.isprintable():  # the usual case, without a loop
        return text
    text = "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in str(value)[:limit * 2])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_warning_code(code: str) -> bool:
    """Whether ``code`` is a warning: JX5xx, a scheme's static-check warning JX231–JX249, or a
    bare figure the row's units read apart, JX420–JX429 (issue 7's range)."""
    return code.startswith("JX5") or "JX231" <= code <= "JX249" or "JX420" <= code <= "JX429"


def error(code: str, span: Span | None = None, /, where: str = "", source_line: str = "",
          **args: object) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, {k: quoted(v) for k, v in args.items()}, span,
                      quoted(where), source_line)


def warning(code: str, span: Span | None = None, /, where: str = "",
            **args: object) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, {k: quoted(v) for k, v in args.items()}, span,
                      quoted(where))


class JixiaoError(Exception):
    """Base of every error jixiao raises for a user's mistake. Carries all diagnostics found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(
            sorted(diagnostics, key=Diagnostic.sort_key))
        first = self.diagnostics[0] if self.diagnostics else None
        super().__init__(f"{first.code} {first.location}: {first.message('en')}" if first else "")

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.diagnostics]

    def __reduce__(self) -> tuple[type[JixiaoError], tuple[tuple[Diagnostic, ...]]]:
        """Rebuilt from its diagnostics, so it crosses a process boundary (a ``Pool`` of
        workers gets the error, not a broken result thread that hangs ``pool.map``)."""
        return (type(self), (self.diagnostics,))

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, JixiaoError) and type(other) is type(self)
                and other.diagnostics == self.diagnostics)

    def __hash__(self) -> int:
        return hash((type(self), self.diagnostics))


class SchemeError(JixiaoError):
    """A scheme file cannot be parsed or fails its checks."""


class DataError(JixiaoError):
    """Project data is malformed or does not fit the scheme."""


class EvaluationError(JixiaoError):
    """A formula cannot be computed for this data (division by zero, a value out of range)."""


class InputError(JixiaoError):
    """A file cannot be read at all (missing, wrong encoding, wrong type)."""


class ArgumentError(InputError, TypeError):
    """A function of the Python API given what it cannot take (``load_scheme(None)``,
    ``evaluate(scheme, {…})``): one of jixiao's own errors (JX028), and a ``TypeError`` too, as
    Python's own functions raise for the wrong type."""


def wrong_argument(function: str, argument: str, expected: str | Message,
                   value: object) -> ArgumentError:
    """JX028 for ``value`` passed as ``argument`` of ``jixiao.function``; ``expected`` is a
    ``PHRASES`` key or a ``Message``."""
    m = expected if isinstance(expected, Message) else PHRASES[expected]
    return ArgumentError([error("JX028", where=function, function=f"jixiao.{function}",
                                argument=argument, expected=m.zh, expected_en=m.en,
                                value=(repr(value)[:40] if value is None or isinstance(
                                    value, int | float | str | bytes) else type(value).__name__))])


def candidates(name: str, known: Iterable[str]) -> str:
    """Close matches of an unknown ``name`` among ``known``, for a did-you-mean hint."""
    import difflib

    return "、".join(difflib.get_close_matches(name, list(known), n=3, cutoff=0.4))
