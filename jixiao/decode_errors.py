"""The TOML and JSON readers' error messages in our words, Chinese and English.

Stage: application layer, for every reader of a ``.toml`` or ``.json`` file (data, case files,
batch records, imported tables). ``tomllib`` and ``json`` explain a syntax error in English; a
Chinese message must not quote that English, so each of their message patterns is one row of
a table below: the Chinese words, and the original English kept for ``--lang en``. A message
no row knows (a newer Python's wording) still reads in Chinese, generically, with the
original in English. The position is returned apart, for the ``file:line:column`` prefix.
"""

from __future__ import annotations

import json
import re
import tomllib

# (pattern of the reader's message, the Chinese words; {0}… are the pattern's groups)
TOML_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"Invalid statement", "无效的语句：每行应为 键 = 值，或 [表] / [[表数组]] 表头"),
    (r"Expected newline or end of document after a statement",
     "一条语句之后应换行：一行只能写一个 键 = 值"),
    (r"Expected '=' after a key in a key/value pair", "键之后应为 ="),
    (r"Expected '\]' at the end of a table declaration", "表头末尾应为 ]"),
    (r"Expected '\]\]' at the end of an array declaration", "表数组的表头末尾应为 ]]"),
    (r"Expected (.+)", "此处应为 {0}"),
    (r"Found invalid character (.+)", "无效的字符 {0}"),
    (r"Cannot declare (.+) twice", "表 {0} 声明了两次"),
    (r"Cannot overwrite a value", "重复的键：同一个键只能赋值一次"),
    (r"Cannot mutate immutable namespace (.+)", "不能再向已写完的内联表或数组 {0} 添加内容"),
    (r"Cannot redefine namespace (.+)", "不能重新定义 {0}"),
    (r"Invalid initial character for a key part",
     "键的第一个字符无效：不带引号的键只能用字母、数字、_ 和 -，中文键名请加引号"),
    (r"Unclosed array", "数组没有闭合：缺少 ]"),
    (r"Duplicate inline table key (.+)", "内联表中重复的键 {0}"),
    (r"Unclosed inline table", "内联表没有闭合：缺少 }（内联表须写在一行内）"),
    (r"Unescaped '\\' in a string", "字符串中的 \\ 没有转义：写作 \\\\，或改用单引号字符串"),
    (r"Invalid hex value", "无效的十六进制转义"),
    (r"Escaped character is not a Unicode scalar value", "转义得到的不是有效的 Unicode 字符"),
    (r"Unterminated string", "字符串没有结束：缺少结尾的引号"),
    (r"Illegal character (.+)", "字符串中不允许出现字符 {0}"),
    (r"Invalid date or datetime", "无效的日期或时间"),
    (r"Invalid value", "无效的值：文字须加引号（如 \"≥90%\"），数字不加"),
)
JSON_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"Expecting value", "此处应为一个值（文字须加双引号）"),
    (r"Expecting ',' delimiter", "此处应为逗号 ,"),
    (r"Expecting ':' delimiter", "此处应为冒号 :"),
    (r"Expecting property name enclosed in double quotes",
     "此处应为双引号括起的键名（JSON 中对象末尾不能多写逗号，键名须用双引号）"),
    (r"Unterminated string starting at", "字符串没有结束：缺少结尾的双引号"),
    (r"Invalid control character ?(.*) at",
     "字符串中有控制字符{0}（换行写作 \\n，制表符写作 \\t）"),
    (r"Invalid \\uXXXX escape", "无效的 \\uXXXX 转义"),
    (r"Invalid \\escape:? ?(.*)", "无效的转义{0}（\\ 之后只能是 \" \\\\ / b f n r t u）"),
    (r"Extra data", "JSON 值之后还有多余的内容（一个文件只能有一个对象）"),
    (r"Illegal trailing comma before end of (object|array)", "末尾多余的逗号"),
    (r"(NaN|Infinity|-Infinity) is not a number", "{0} 不是数字：JSON 中没有 NaN 和无穷大"),
)
_GENERIC = {"toml": "不符合 TOML 语法", "json": "不符合 JSON 语法"}
_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*\Z")


def translate(message: str, fmt: str) -> str:
    """The reader's English ``message`` (no position) in Chinese."""
    table = TOML_MESSAGES if fmt == "toml" else JSON_MESSAGES
    for pattern, zh in table:
        m = re.fullmatch(pattern, message.strip(), re.DOTALL)
        if m is not None:
            for i, group in enumerate(m.groups()):  # not str.format: the words hold braces
                zh = zh.replace("{" + str(i) + "}", group or "")
            return zh
    return _GENERIC.get(fmt, "格式错误")


def toml_problem(exc: tomllib.TOMLDecodeError) -> tuple[str, str, str]:
    """``(line:column or "", Chinese, English)`` of a ``tomllib`` error."""
    text = str(getattr(exc, "msg", "") or exc)
    at = ""
    m = _TOML_AT.search(text)
    if m is not None:
        text = text[: m.start()]
        at = f"{m[1]}:{m[2]}" if m[1] else ""
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if isinstance(line, int) and isinstance(column, int):  # Python 3.14 gives them apart
        at = f"{line}:{column}"
    return at, translate(text, "toml"), text


_JSON_BARE = re.compile(r'"(?:\\.|[^"\\])*"|[^\s{}\[\]:,"]+')


def bare_word_at(text: str, word: str) -> str:
    """``line:column`` of the first ``word`` outside a JSON string (``NaN``, which ``json``
    refuses through a hook that is told no position); ``""`` when not found."""
    for m in _JSON_BARE.finditer(text):
        if m.group() == word:
            line = text.count("\n", 0, m.start()) + 1
            return f"{line}:{m.start() - text.rfind(chr(10), 0, m.start())}"
    return ""


def json_problem(exc: json.JSONDecodeError) -> tuple[str, str, str]:
    """``(line:column, Chinese, English)`` of a ``json`` error."""
    return f"{exc.lineno}:{exc.colno}", translate(exc.msg, "json"), exc.msg


__all__ = ["JSON_MESSAGES", "TOML_MESSAGES", "bare_word_at", "json_problem", "toml_problem",
           "translate"]
