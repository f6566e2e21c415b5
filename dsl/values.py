"""The value reader: target (指标值) and actual (全年实际完成值) texts → ``engine.values``.

Stage: input. ``read_value`` takes one cell of text exactly as a person typed it (``≥248``,
``不超过90万元``, ``90%以上``, ``[5, 10)``, ``5-10%``, ``基本消除``) and gives a ``Comparison``,
``Interval`` or ``Text``; numbers are ``Decimal`` as written (``11.30`` keeps its zero), never
float. Anything that has digits but is none of the numeric forms raises ``ValueReadError`` with
an English and a Chinese reason, so a typo is reported rather than scored as text.
``format_value`` writes a value back in one canonical spelling that ``read_value`` reads to the
same value; ``parse_unit`` splits a unit column (``万立方米``) into base unit and magnitude.

Decisions callers rely on:

* ``%`` and ``百分比`` set ``percent`` (unit ``""``, magnitude 0); ``‰`` is kept as the unit
  ``"‰"`` with the number as written (``5‰`` → number 5, not a rate), since ``Quantity`` has no
  per-mille flag.
* ``以上`` → ``≥``, ``以下``/``以内`` → ``≤`` (legal convention: the number is included), and ``内``
  after a number and unit as ``以内`` (``48小时内``: at most 48 hours);
  ``及以上``/``及以下`` likewise. An operator and a suffix may both be written only if they agree
  (``≥90%以上``).
* In a range a low end written without unit takes the high end's unit, magnitude and percent
  (``5-10%`` → 5%..10%, ``5-10万元`` → 5万元..10万元); a low end with only a magnitude takes
  the high end's unit (``5万-10万元``). Both ends must then have the same unit and percent flag.
* A figure printed with a trailing bracketed remark without digits (``98.5%（抽检）``, not a
  unit such as ``（万元）``) or an approximation word (``约``/``大约``/``近`` before, ``左右``
  after, ``余``/``多`` after the number or its magnitude) reads as the figure, the words kept
  on the ``Comparison`` (``remark``, ``approx``, outside equality) for the evaluator's warning
  (JX526–JX528). Tried only when the text is refused as it stands.
* Texts without an ASCII digit that do not start with ``>``, ``<``, ``=`` (or ``≥`` etc.) are
  ``Text``, even if they start with a word operator (``不低于上年水平``) or are ``-`` or ``/``;
  ``NaN`` and ``Infinity`` are errors.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal
from typing import Final, NoReturn

import attrs

from jixiao.dsl.dates import read_date
from jixiao.engine.limits import DEFAULT_LIMITS, MAX_DIGITS, MAX_RANGE_COMMAS, MAX_UNIT_LENGTH
from jixiao.engine.units import PREFIX_OF, PREFIXES, exact_value
from jixiao.engine.values import (
    Comparison,
    Interval,
    Op,
    Quantity,
    Text,
    Value,
    plain_comparison,
)

__all__ = [
    "MAX_DIGITS",
    "MAX_VALUE_LENGTH",
    "ValueReadError",
    "format_quantity",
    "format_value",
    "parse_unit",
    "read_value",
]

# The limits are ``engine.limits``'s: the text's length by default that of ``Limits``.
MAX_VALUE_LENGTH: Final = DEFAULT_LIMITS.value_length


class ValueReadError(ValueError):
    """A value text in none of the accepted forms; says which text and why, in two languages."""

    text: str
    reason: str
    reason_zh: str

    def __init__(self, text: str, reason: str, reason_zh: str) -> None:
        # All three go to args so the exception pickles (and so survives a process pool).
        super().__init__(text, reason, reason_zh)
        self.text = text
        self.reason = reason
        self.reason_zh = reason_zh

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"cannot read value {shown!r}: {self.reason}"


# Reasons: key → (English, Chinese). Keys are only used inside this module.
_REASONS: Final[dict[str, tuple[str, str]]] = {
    "empty": ("empty", "值为空"),
    "too_long": (f"longer than {MAX_VALUE_LENGTH} characters", f"超过 {MAX_VALUE_LENGTH} 个字符"),
    "nan": ("NaN and infinity are not numbers", "NaN 或无穷大不是数字"),
    "exponent": ("exponent notation is not allowed", "不支持科学计数法"),
    "malformed": ("malformed number", "数字格式错误"),
    "too_many_digits": (f"more than {MAX_DIGITS} significant digits",
                        f"有效数字超过 {MAX_DIGITS} 位"),
    "no_number_after_op": ("no number after the operator", "运算符后没有数字"),
    "text_before_number": ("unrecognised text before the number", "数字前有无法识别的文字"),
    "no_number": ("expected a number", "缺少数字"),
    "bad_unit": ("unrecognised unit or text after the number", "数字后的单位或文字无法识别"),
    "trailing": ("unexpected text after the value", "数值后有多余内容"),
    "two_ops": ("two different operators", "运算符前后矛盾"),
    "op_with_range": ("an operator cannot apply to a range", "区间不能带运算符"),
    "signed_dash_range": ("a signed range end needs the bracket form [low, high]",
                          "带正负号的区间请写成 [下限, 上限]"),
    "no_high": ("no number after the range separator", "区间分隔符后没有数字"),
    "suffix_on_range": ("以上/以下/以内 cannot follow a range", "区间后不能再写以上、以下或以内"),
    "unclosed": ("a bracketed range must end with ] or )", "区间括号不完整"),
    "no_comma": ("a bracketed range needs two ends: [low, high]", "区间须写成 [下限, 上限]"),
    "ambiguous_comma": ("cannot tell which comma separates the range ends",
                        "无法判断哪个逗号分隔区间两端"),
    "bad_bound": ("a range end is not a number with an optional unit",
                  "区间端点不是数字（可带单位）"),
    "unit_mismatch": ("the range ends have different units", "区间两端单位不一致"),
    "low_above_high": ("the low end of the range is above the high end", "区间下限大于上限"),
    "not_a_unit": ("not a unit", "无法识别的单位"),
}


def _fail(text: str, key: str) -> NoReturn:
    en, zh = _REASONS[key]
    raise ValueReadError(text, en, zh)


# -- normalisation -------------------------------------------------------------------------

# Deleted before NFKC (they are invisible and would otherwise survive into units and texts);
# squared/cubed-metre signs are spelt out first because NFKC would turn them into "m2".
_PRE_NFKC: Final = str.maketrans(
    {"\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
     "㎡": "m²", "㎥": "m³", "㎢": "km²"}
)
_SUPERSCRIPTS: Final = re.compile("([²³])")  # kept through NFKC: they belong to units (米², m³)

# Applied after NFKC on the numeric path only, so a Text keeps its own dashes and brackets.
_SYMBOLS: Final = str.maketrans(
    {"≥": ">=", "≧": ">=", "⩾": ">=", "≤": "<=", "≦": "<=", "⩽": "<=", "═": "=",
     "〜": "~", "—": "-", "–": "-", "−": "-", "‐": "-", "【": "[", "】": "]"}
)


def _normalise(text: str) -> str:
    """NFKC (keeping ² and ³), without zero-width characters, trimmed; idempotent."""
    parts = _SUPERSCRIPTS.split(text.translate(_PRE_NFKC))
    return "".join(
        part if i % 2 else unicodedata.normalize("NFKC", part) for i, part in enumerate(parts)
    ).strip()


# -- units ---------------------------------------------------------------------------------

# The magnitude prefixes (万, 千万, 亿 …) are ``engine.units.PREFIXES``: one table for reading
# a unit and for naming it in a message.
# Units that start with a prefix character but are base units: never split (千克 is not 千×克).
_BASE_UNITS: Final = ("千瓦时", "千伏安", "千克", "千米", "千瓦", "千伏", "千帕", "千焦", "千卡",
                      "千赫", "千分比", "万分比")
_UNIT_CHARS: Final = re.compile(r"[A-Za-z\u3400-\u4dbf\u4e00-\u9fff/·°²³]+")
# Characters that never occur in a unit but do in dates, approximations and sentences
# (9月前, 10天内, 100余人, 100多, 年底, 左右); a "unit" with one is an unread text, not a unit.
_NOT_IN_UNIT: Final = frozenset(
    "前后内外左右余多约以及或至到达完成底初末旬不的为于和与等超低高少近逾之"
)


# A product inside a compound unit is written many ways (元/人*月, 元/人×月, 元/人·月): between
# two unit characters each is the one middle dot, so they read, compare and print as one unit.
_PRODUCT: Final = re.compile(r"(?<=[A-Za-z\u3400-\u4dbf\u4e00-\u9fff²³])[*×⋅∙・]"
                             r"(?=[A-Za-z\u3400-\u4dbf\u4e00-\u9fff])")


@functools.lru_cache(maxsize=1024)
def _split_unit(unit: str) -> tuple[str, int, bool] | None:
    """``(base unit, magnitude, percent)`` of a normalised unit text, or None if it is none.
    Remembered: a table has few units, and each new cell asks for one."""
    unit = _PRODUCT.sub("·", unit)
    if unit == "":
        return "", 0, False
    if unit in ("%", "百分比"):
        return "", 0, True
    if unit == "‰":
        return "‰", 0, False
    if (len(unit) > MAX_UNIT_LENGTH or _UNIT_CHARS.fullmatch(unit) is None
            or not _NOT_IN_UNIT.isdisjoint(unit)):
        return None
    if unit.startswith(_BASE_UNITS):
        return unit, 0, False
    for prefix, magnitude in PREFIXES:
        if unit.startswith(prefix):
            return unit[len(prefix):], magnitude, False
    return unit, 0, False


def parse_unit(unit: str) -> tuple[str, int, bool]:
    """Split a unit (e.g. a 单位 column) into base unit, magnitude and percent flag.

    ``万立方米`` → ``("立方米", 4, False)``, ``%``/``百分比`` → ``("", 0, True)``, ``万`` →
    ``("", 4, False)``, ``千克`` → ``("千克", 0, False)``. The same rules as units written after a
    number, so a value and its unit column agree. Raises ``ValueReadError`` for a non-unit.
    """
    split = _split_unit(_normalise(unit))
    if split is None:
        _fail(unit, "not_a_unit")
    return split


# -- tokens --------------------------------------------------------------------------------

# One pass, no nested ambiguous quantifiers: every alternative is linear in its match. The
# thousands form needs a non-zero lead and full groups of three, else the plain form applies.
_TOKEN: Final = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<num>[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])|[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<sym>>=|<=|[<>=+~\[\]()-])"
    r"|(?P<word>[^\s0-9.,+~\[\]()<>=-]+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_EXPONENT: Final = re.compile(r"[0-9][eE][+-]?[0-9]")
_SPECIAL: Final = re.compile(r"[+-]?\s*(?:s?nan|inf(?:inity)?)(?![a-z])", re.IGNORECASE)

_SYMBOL_OPS: Final = {">=": Op.GE, ">": Op.GT, "<=": Op.LE, "<": Op.LT, "=": Op.EQ}
_WORD_OPS: Final = {
    **dict.fromkeys(("不低于", "不少于", "不小于", "至少", "大于等于"), Op.GE),
    **dict.fromkeys(("大于", "高于", "超过"), Op.GT),
    **dict.fromkeys(("不高于", "不超过", "不大于", "至多", "最多", "小于等于"), Op.LE),
    **dict.fromkeys(("小于", "低于"), Op.LT),
    "等于": Op.EQ,
}
# Longest first so 及以上 is taken whole.
# 内 alone after a unit is 以内: 48小时内, 10天内, 3个工作日内 (a time limit, at most).
_SUFFIX_OPS: Final = (("及以上", Op.GE), ("及以下", Op.LE), ("以上", Op.GE), ("以下", Op.LE),
                      ("以内", Op.LE), ("内", Op.LE))
_RANGE_WORDS: Final = ("至", "到")


@attrs.frozen
class _Token:
    kind: str  # ws is dropped; num, sym, word, other
    text: str


def _tokens(s: str, original: str) -> list[_Token]:
    """Split a normalised text into tokens; a stray character is reported here."""
    out: list[_Token] = []
    for m in _TOKEN.finditer(s):
        kind = m.lastgroup or "other"
        if kind == "ws":
            continue
        if kind == "other":  # only "." or "," can get here: 12..5, 1.2.3, 1,00
            _fail(original, "malformed")
        out.append(_Token(kind, m.group()))
    return out


def _number(digits: str, negative: bool, original: str) -> Decimal:
    """The Decimal of a matched number token, exactly as written (separators dropped)."""
    number = Decimal(("-" if negative else "") + digits.replace(",", ""))
    if len(number.as_tuple().digits) > MAX_DIGITS:
        _fail(original, "too_many_digits")
    return number


def _quantity(number: Decimal, unit_text: str, original: str) -> Quantity:
    split = _split_unit(unit_text)
    if split is None:
        _fail(original, "bad_unit")
    unit, magnitude, percent = split
    return Quantity(number, unit, magnitude, percent)


def _interval(low: Quantity, high: Quantity, closed_low: bool, closed_high: bool,
              original: str) -> Interval:
    """Give a unit-less low end the high end's unit, then check the ends agree and are ordered."""
    if low.unit == "" and not low.percent:
        if low.magnitude == 0:
            low = attrs.evolve(low, unit=high.unit, magnitude=high.magnitude, percent=high.percent)
        elif high.unit:
            if _split_unit(PREFIX_OF[low.magnitude] + high.unit) is None:
                _fail(original, "unit_mismatch")  # 5万-5‰: the prefix cannot go with that unit
            low = attrs.evolve(low, unit=high.unit)
    if (low.unit, low.percent) != (high.unit, high.percent):
        _fail(original, "unit_mismatch")
    if exact_value(low) > exact_value(high):
        _fail(original, "low_above_high")
    return Interval(low, high, closed_low, closed_high)


# -- the two numeric forms -----------------------------------------------------------------


def _read_bound(piece: str, original: str) -> Quantity:
    """One end of a bracketed range: optional sign, number, optional unit."""
    tokens = _tokens(piece, original)
    i = 0
    negative = False
    if i < len(tokens) and tokens[i].kind == "sym" and tokens[i].text in "+-":
        negative = tokens[i].text == "-"
        i += 1
    if i >= len(tokens) or tokens[i].kind != "num":
        _fail(original, "bad_bound")
    number = _number(tokens[i].text, negative, original)
    i += 1
    words = ""
    while i < len(tokens) and tokens[i].kind == "word":
        words += tokens[i].text
        i += 1
    if i != len(tokens):
        _fail(original, "bad_bound")
    return _quantity(number, words, original)


def _read_bracketed(s: str, original: str) -> Interval:
    """``[5, 10]``, ``(5, 10]``, ``[-5, 5)``; the comma that splits it into two ends is found by
    trying each one, so ``[1,000, 2,000]`` and ``[5,100]`` both read."""
    if s[-1] not in "])" or len(s) < 2:
        _fail(original, "unclosed")
    inner = s[1:-1]
    commas = [i for i, c in enumerate(inner) if c == ","]
    if not commas:
        _fail(original, "no_comma")
    if len(commas) > MAX_RANGE_COMMAS:
        _fail(original, "ambiguous_comma")
    found: list[tuple[Quantity, Quantity]] = []
    last_error: ValueReadError | None = None
    for k in commas:
        try:
            found.append((_read_bound(inner[:k], original), _read_bound(inner[k + 1:], original)))
        except ValueReadError as error:
            last_error = error
    if len(found) > 1:
        _fail(original, "ambiguous_comma")
    if not found:
        if len(commas) == 1 and last_error is not None:
            raise last_error
        _fail(original, "bad_bound")
    low, high = found[0]
    return _interval(low, high, s[0] == "[", s[-1] == "]", original)


def _strip_suffix(words: str) -> tuple[str, Op | None]:
    for suffix, op in _SUFFIX_OPS:
        if words.endswith(suffix):
            return words[: -len(suffix)], op
    return words, None


def _read_unbracketed(s: str, original: str) -> Comparison | Interval:
    """``[op] [sign] number [unit] [以上]`` or ``number [unit] (-|~|至|到) number [unit]``."""
    tokens = _tokens(s, original)
    n = len(tokens)
    i = 0
    op: Op | None = None
    if i < n and tokens[i].kind == "sym" and tokens[i].text in _SYMBOL_OPS:
        op = _SYMBOL_OPS[tokens[i].text]
        i += 1
    elif i < n and tokens[i].kind == "word":
        if tokens[i].text not in _WORD_OPS:
            _fail(original, "text_before_number")
        op = _WORD_OPS[tokens[i].text]
        i += 1
    signed = negative = False
    if i < n and tokens[i].kind == "sym" and tokens[i].text in "+-":
        signed, negative = True, tokens[i].text == "-"
        i += 1
    if i >= n or tokens[i].kind != "num":
        _fail(original, "no_number_after_op" if op is not None else "no_number")
    number = _number(tokens[i].text, negative, original)
    i += 1
    words = ""
    while i < n and tokens[i].kind == "word":
        words += tokens[i].text
        i += 1

    if i == n:  # a comparison
        unit_text, suffix_op = _strip_suffix(words)
        if op is not None and suffix_op is not None and op != suffix_op:
            _fail(original, "two_ops")
        quantity = _quantity(number, unit_text, original)
        return Comparison(op or suffix_op or Op.BARE, quantity)

    # a range, or trailing junk
    if tokens[i].kind == "sym" and tokens[i].text in "-~":
        i += 1
    elif tokens[i].kind == "num" and words.endswith(_RANGE_WORDS):
        words = words[:-1]
    else:
        _fail(original, "trailing")
    if op is not None:
        _fail(original, "op_with_range")
    if i < n and tokens[i].kind == "sym" and tokens[i].text in "+-":
        _fail(original, "signed_dash_range")
    if signed:
        _fail(original, "signed_dash_range")
    if i >= n or tokens[i].kind != "num":
        _fail(original, "no_high")
    high_number = _number(tokens[i].text, False, original)
    i += 1
    high_words = ""
    while i < n and tokens[i].kind == "word":
        high_words += tokens[i].text
        i += 1
    if i != n:
        _fail(original, "trailing")
    if _strip_suffix(high_words)[1] is not None:
        _fail(original, "suffix_on_range")
    low = _quantity(number, words, original)
    high = _quantity(high_number, high_words, original)
    return _interval(low, high, True, True, original)


def read_value(text: str, *, max_length: int = MAX_VALUE_LENGTH) -> Value:
    """Read one target or actual text; raise ``ValueReadError`` if it has digits but no form.

    The length is checked before any other work, so an oversized cell costs nothing.
    """
    if len(text) > max_length:
        _too_long(text, max_length)
    plain = _read_plain(text)
    if plain is not None:
        return plain
    value = _read_general(text)
    if isinstance(value, Text) and len(value.text) > max_length:
        # NFKC can lengthen a text (Ǉ → LJ, ㍱ → hPa): the limit holds for what is kept, so
        # a value always prints to a text that reads back (the value fuzzer's round-trip law)
        _too_long(text, max_length)
    return value


def _too_long(text: str, max_length: int) -> NoReturn:
    en, zh = _REASONS["too_long"]
    raise ValueReadError(text, en.replace(str(MAX_VALUE_LENGTH), str(max_length)),
                         zh.replace(str(MAX_VALUE_LENGTH), str(max_length)))


_DOTTED_DATE: Final = re.compile(r"\d{4}[/.]\d{1,2}[/.]\d")


def _read_general(text: str) -> Value:
    """Every form ``read_value`` accepts, and every reason it refuses one."""
    normalised = _normalise(text)
    if not normalised:
        _fail(text, "empty")
    try:
        return _read_normalised(text, normalised)
    except ValueReadError:
        # Only a text refused as it stands is read again without its remark or approximation
        # word, so every text read before reads exactly as before.
        aside = _set_aside(normalised)
        if aside is None:
            raise
        kept, remark, approx = aside
        try:
            value = _read_normalised(text, kept)
        except ValueReadError:
            pass
        else:
            if isinstance(value, Comparison):
                return attrs.evolve(value, remark=remark, approx=approx)
        raise


# -- what a printed table adds to a figure (issue 7): set aside, scored without, reported -----

# Bracket contents that are a unit, not a remark: ``100（万元）``, ``12（个）`` stay refused as
# before (which unit the bracket means is the reader's guess, not ours). A content with a
# magnitude prefix, ``%``/``‰``, Latin letters (m³, km, t) or one of these is a unit.
_BRACKET_UNITS: Final = frozenset((
    "个", "人", "次", "元", "户", "家", "项", "亩", "米", "吨", "件", "座", "处",
    "套", "台", "篇", "份", "天", "日", "时", "年", "月", "周", "所", "张", "本",
    "册", "条", "辆", "棵", "株", "头", "只", "名", "位", "批", "场", "期", "宗",
    "间", "栋", "幢", "部", "种", "类", "公里", "公顷", "平方米", "立方米", "平方公里",
    "千克", "千米", "千瓦", "千瓦时", "小时", "分钟", "人次", "户次", "家次", "个月",
    "工作日", "标准箱", "百分比", "百分点", "分", "秒", "克", "升", "毫升", "毫克",
))
_LATIN_UNIT: Final = re.compile(r"[A-Za-z/·²³]+")
# A trailing remark in brackets (full-width ones are half-width after NFKC): the content has
# no digit and no bracket; what comes before ends in the figure or its unit.
_REMARK: Final = re.compile(r"(?P<body>.*[0-9%‰A-Za-z²³\u3400-\u4dbf\u4e00-\u9fff])"
                            r"\s*\((?P<remark>[^()\[\]0-9]*)\)")
_APPROX_BEFORE: Final = re.compile(r"(?P<word>大约|约|近)\s*(?P<rest>[0-9].*)")
_APPROX_AFTER: Final = re.compile(r"(?P<rest>.*[0-9].*?)\s*左右")
# 余/多 right after the number or its magnitude prefix: 100余人, 5万余人, 300多.
_MORE_THAN: Final = re.compile(r"(?P<head>[^0-9]*[0-9][0-9.,]*\s*(?:万亿|十万|百万|千万|万|亿|千)?)"
                               r"(?P<word>余|多)(?P<tail>.*)")
# 近3年, 近5个月: "the last three years", a period, not "nearly three".
_PERIOD: Final = re.compile(r".*[0-9]\s*(?:年|个月|月|天|日|周|期)")


def _bracket_unit(content: str) -> bool:
    """Is a bracket's content a unit (kept refused) rather than a remark (set aside)?"""
    if content in _BRACKET_UNITS or _LATIN_UNIT.fullmatch(content) or content in ("%", "‰"):
        return True
    split = _split_unit(content)
    return split is not None and (split[1] != 0 or split[0] in _BRACKET_UNITS)


def _set_aside(s: str) -> tuple[str, str, str] | None:
    """``(kept text, remark, approximation word)`` of a normalised text that carries a
    trailing bracketed remark or an approximation word, else None. At most one of each."""
    remark = approx = ""
    m = _REMARK.fullmatch(s)
    if m is not None:
        content = m["remark"].strip()
        if not content or any(c.isdigit() for c in content) or _bracket_unit(content):
            return None
        s, remark = m["body"].rstrip(), content
    m = _APPROX_BEFORE.fullmatch(s)
    if m is not None and not (m["word"] == "近" and _PERIOD.match(m["rest"])):
        s, approx = m["rest"], m["word"]
    else:
        m = _APPROX_AFTER.fullmatch(s)
        if m is not None:
            s, approx = m["rest"], "左右"
        else:
            m = _MORE_THAN.fullmatch(s)
            if m is not None:
                s, approx = m["head"] + m["tail"], m["word"]
    if not remark and not approx:
        return None
    if not any("0" <= c <= "9" for c in s):
        return None
    return s, remark, approx


def _read_normalised(text: str, normalised: str) -> Value:
    """A normalised text read: a date, a text, a range or a comparison; ``text`` is quoted
    when it is refused."""
    if ("月" in normalised or "季度" in normalised or "年" in normalised or "-" in normalised
            or _DOTTED_DATE.match(normalised)):  # 2024/6/15, 2024.6.30前: dates as typed
        # a leading + changes no number ("+5" is 5), so it changes no date: "+5月" is 5月,
        # not five of a unit 月 that prints back as the date 5月
        when = read_date(normalised[1:] if normalised.startswith("+") else normalised)
        if when is not None:
            return attrs.evolve(when, text=text.strip())
    s = normalised.translate(_SYMBOLS)
    if not any("0" <= c <= "9" for c in s) and not s.startswith(("<", ">", "=")):
        if _SPECIAL.match(s):
            _fail(text, "nan")
        return Text(normalised)
    if _EXPONENT.search(s):
        _fail(text, "exponent")
    if s[0] in "[(":
        return _read_bracketed(s, text)
    return _read_unbracketed(s, text)


# The cells most tables are made of: an optional operator, a plain number, ``%`` or a unit in
# CJK characters (``≥95%``, ``85万元``, ``26``), or a text of CJK characters only (``基本消除``).
# NFKC leaves all of these as they are, so they need none of the general reading's work.
_PLAIN_NUMBER: Final = re.compile(
    r"(≥|≤|>=|<=|[<>=])?([0-9]+(?:\.[0-9]+)?)(%|[\u4e00-\u9fff]+)?")
_PLAIN_TEXT: Final = re.compile(r"[\u4e00-\u9fff]+")
_PLAIN_OPS: Final = {None: Op.BARE, "≥": Op.GE, "≤": Op.LE, ">=": Op.GE, "<=": Op.LE,
                     ">": Op.GT, "<": Op.LT, "=": Op.EQ}


def _read_plain(text: str) -> Value | None:
    """A plain cell read the short way, exactly as ``_read_general`` reads it; ``None`` for any
    other text (dates, ``以上``, ranges, spaces, full-width forms, errors), which then takes
    the general way. A property test holds the two equal."""
    m = _PLAIN_NUMBER.fullmatch(text)
    if m is None:
        if "年" in text or "月" in text or "季" in text or "以" in text:  # dates, 以上/以下/以内
            return None
        return Text(text) if _PLAIN_TEXT.fullmatch(text) else None
    op, digits, unit = m.groups()
    if unit is None:
        split: tuple[str, int, bool] = _NO_UNIT
    elif unit == "%":
        split = _PERCENT
    elif "年" in unit or "月" in unit or "季" in unit or "以" in unit:  # (only a unit can
        return None  # hold them here) 5月, 3季度, 90以上
    else:
        found = _split_unit(unit)
        if found is None:
            return None
        split = found
    number = Decimal(digits)
    if len(digits) > MAX_DIGITS and len(number.as_tuple().digits) > MAX_DIGITS:
        return None  # (a shorter text cannot have too many digits: as_tuple is slow)
    return plain_comparison(_PLAIN_OPS[op], number, *split)  # plain stores: cheaper


_NO_UNIT: Final = ("", 0, False)  # _split_unit("")
_PERCENT: Final = ("", 0, True)  # _split_unit("%")


# -- writing -------------------------------------------------------------------------------

_OP_SYMBOL: Final = {Op.GE: "≥", Op.GT: ">", Op.LE: "≤", Op.LT: "<", Op.EQ: "=", Op.BARE: ""}


def format_quantity(q: Quantity) -> str:
    """``90万元``, ``66.67%``, ``11.30``: the number as written, magnitude prefix, unit.

    Exact inverse of reading for every quantity ``read_value`` gives. A magnitude with no
    prefix (e.g. 2), or one on a percentage, is multiplied into the number instead, so the
    value is still right even though the written form differs.
    """
    number, magnitude = q.number, q.magnitude
    if magnitude and (q.percent or magnitude not in PREFIX_OF):
        number, magnitude = exact_value(q), 0
    written = format(number, "f")
    if q.percent:
        return written + q.unit + "%"
    return written + PREFIX_OF.get(magnitude, "") + q.unit


def format_value(value: Value) -> str:
    """The canonical text of a value: ``≥248``, ``≤90万元``, ``[60%, 80%)``, ``基本消除``.

    ``read_value(format_value(v)) == v`` for every ``v`` that ``read_value`` gives, so reports
    and round trips through files show values in one spelling.
    """
    if isinstance(value, Comparison):
        return _OP_SYMBOL[value.op] + format_quantity(value.quantity)
    if isinstance(value, Interval):
        return (("[" if value.closed_low else "(") + format_quantity(value.low) + ", "
                + format_quantity(value.high) + ("]" if value.closed_high else ")"))
    return value.text  # a text, or a date as printed
