"""The value reader: real spellings of targets and actuals, unreadable texts, and the laws that
``format_value`` and ``read_value`` undo each other and that nothing but ``ValueReadError``
escapes ``read_value``."""

from __future__ import annotations

import contextlib
import pickle
from decimal import Context, Decimal

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import jixiao.dsl.values as values_module
from jixiao.dsl.values import (
    MAX_DIGITS,
    MAX_VALUE_LENGTH,
    ValueReadError,
    format_quantity,
    format_value,
    parse_unit,
    read_value,
)
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.values import Comparison, Interval, Op, Quantity, Text, Value


def q(number: str, unit: str = "", magnitude: int = 0, percent: bool = False) -> Quantity:
    return Quantity(Decimal(number), unit, magnitude, percent)


def pct(number: str) -> Quantity:
    return q(number, percent=True)


def cmp(op: Op, quantity: Quantity) -> Comparison:
    return Comparison(op, quantity)


GE, GT, LE, LT, EQ, BARE = Op.GE, Op.GT, Op.LE, Op.LT, Op.EQ, Op.BARE

READABLE: list[tuple[str, Value]] = [
    # symbol operators, every spelling
    ("≥248", cmp(GE, q("248"))),
    ("≧85%", cmp(GE, pct("85"))),
    ("⩾60%", cmp(GE, pct("60"))),
    (">=90", cmp(GE, q("90"))),
    ("＞=90%", cmp(GE, pct("90"))),
    ("＞＝９０％", cmp(GE, pct("90"))),
    (">5", cmp(GT, q("5"))),
    ("＞5", cmp(GT, q("5"))),
    ("≤90万元", cmp(LE, q("90", "元", 4))),
    ("≦10", cmp(LE, q("10"))),
    ("<=10", cmp(LE, q("10"))),
    ("<3", cmp(LT, q("3"))),
    ("＜3", cmp(LT, q("3"))),
    ("=1份", cmp(EQ, q("1", "份"))),
    ("＝1份", cmp(EQ, q("1", "份"))),
    ("═100%", cmp(EQ, pct("100"))),
    ("﹦100%", cmp(EQ, pct("100"))),
    # whitespace, full-width forms
    ("≥ 20%", cmp(GE, pct("20"))),
    ("≥ 248 万立方米", cmp(GE, q("248", "立方米", 4))),
    ("  ≥248\t", cmp(GE, q("248"))),
    ("≥\u3000248", cmp(GE, q("248"))),
    ("≥２４８", cmp(GE, q("248"))),
    ("\ufeff≥248", cmp(GE, q("248"))),
    # word operators before the number
    ("不低于90%", cmp(GE, pct("90"))),
    ("不少于10个", cmp(GE, q("10", "个"))),
    ("不小于5", cmp(GE, q("5"))),
    ("至少3项", cmp(GE, q("3", "项"))),
    ("大于等于95%", cmp(GE, pct("95"))),
    ("大于0", cmp(GT, q("0"))),
    ("高于80%", cmp(GT, pct("80"))),
    ("超过100人次", cmp(GT, q("100", "人次"))),
    ("不高于5%", cmp(LE, pct("5"))),
    ("不超过90万元", cmp(LE, q("90", "元", 4))),
    ("不大于2", cmp(LE, q("2"))),
    ("至多3次", cmp(LE, q("3", "次"))),
    ("最多7天", cmp(LE, q("7", "天"))),
    ("小于等于15", cmp(LE, q("15"))),
    ("小于1%", cmp(LT, pct("1"))),
    ("低于10", cmp(LT, q("10"))),
    ("等于100%", cmp(EQ, pct("100"))),
    ("不低于 90 %", cmp(GE, pct("90"))),
    # words after the number: 以上/以下/以内 include the number
    ("90%以上", cmp(GE, pct("90"))),
    ("10天以内", cmp(LE, q("10", "天"))),
    ("5%以下", cmp(LE, pct("5"))),
    ("90%及以上", cmp(GE, pct("90"))),
    ("3次及以下", cmp(LE, q("3", "次"))),
    ("10 万元 以内", cmp(LE, q("10", "元", 4))),
    ("≥90%以上", cmp(GE, pct("90"))),
    # bare numbers, with and without units
    ("100", cmp(BARE, q("100"))),
    ("100%", cmp(BARE, pct("100"))),
    ("289.35", cmp(BARE, q("289.35"))),
    ("1份", cmp(BARE, q("1", "份"))),
    ("11.30", cmp(BARE, q("11.30"))),
    ("66.67%", cmp(BARE, pct("66.67"))),
    ("3,266.1", cmp(BARE, q("3266.1"))),
    ("1,234,567.89万元", cmp(BARE, q("1234567.89", "元", 4))),
    ("-5%", cmp(BARE, pct("-5"))),
    ("0", cmp(BARE, q("0"))),
    ("007", cmp(BARE, q("7"))),
    ("0.5万亩", cmp(BARE, q("0.5", "亩", 4))),
    ("1.2亿元", cmp(BARE, q("1.2", "元", 8))),
    ("50千元", cmp(BARE, q("50", "元", 3))),
    ("3千万元", cmp(BARE, q("3", "元", 7))),
    ("2百万元", cmp(BARE, q("2", "元", 6))),
    ("5十万元", cmp(BARE, q("5", "元", 5))),
    ("90万", cmp(BARE, q("90", "", 4))),
    ("20千克", cmp(BARE, q("20", "千克"))),
    ("5千米", cmp(BARE, q("5", "千米"))),
    ("100千瓦时", cmp(BARE, q("100", "千瓦时"))),
    ("3万千瓦", cmp(BARE, q("3", "千瓦", 4))),
    ("8千克/亩", cmp(BARE, q("8", "千克/亩"))),
    ("266米", cmp(BARE, q("266", "米"))),
    ("12公里", cmp(BARE, q("12", "公里"))),
    ("3吨", cmp(BARE, q("3", "吨"))),
    ("200元/户", cmp(BARE, q("200", "元/户"))),
    ("5‰", cmp(BARE, q("5", "‰"))),
    ("95百分比", cmp(BARE, pct("95"))),
    ("30万人次", cmp(BARE, q("30", "人次", 4))),
    ("12万平方米", cmp(BARE, q("12", "平方米", 4))),
    ("2.5万立方米", cmp(BARE, q("2.5", "立方米", 4))),
    ("100㎡", cmp(BARE, q("100", "m²"))),
    ("5km", cmp(BARE, q("5", "km"))),
    ("2万亩", cmp(BARE, q("2", "亩", 4))),
    # an actual written with its operator reads like a target
    ("≥266米", cmp(GE, q("266", "米"))),
    # ranges
    ("[5, 10]", Interval(q("5"), q("10"))),
    ("(5, 10]", Interval(q("5"), q("10"), closed_low=False)),
    ("[5,10)", Interval(q("5"), q("10"), closed_high=False)),
    ("(5,10)", Interval(q("5"), q("10"), False, False)),
    ("[ 5 , 10 ]", Interval(q("5"), q("10"))),
    ("［5，10］", Interval(q("5"), q("10"))),
    ("【5, 10】", Interval(q("5"), q("10"))),
    ("（5，10）", Interval(q("5"), q("10"), False, False)),
    ("5-10", Interval(q("5"), q("10"))),
    ("5 - 10", Interval(q("5"), q("10"))),
    ("5~10", Interval(q("5"), q("10"))),
    ("5～10", Interval(q("5"), q("10"))),
    ("5〜10", Interval(q("5"), q("10"))),
    ("5—10", Interval(q("5"), q("10"))),
    ("5–10", Interval(q("5"), q("10"))),
    ("5－10", Interval(q("5"), q("10"))),
    ("5至10", Interval(q("5"), q("10"))),
    ("5到10", Interval(q("5"), q("10"))),
    ("5 至 10 天", Interval(q("5", "天"), q("10", "天"))),
    ("5%-10%", Interval(pct("5"), pct("10"))),
    ("5-10%", Interval(pct("5"), pct("10"))),
    ("60%~80%", Interval(pct("60"), pct("80"))),
    ("5-10万元", Interval(q("5", "元", 4), q("10", "元", 4))),
    ("5万-10万元", Interval(q("5", "元", 4), q("10", "元", 4))),
    ("5千-1万", Interval(q("5", "", 3), q("1", "", 4))),
    ("[-5, 5]", Interval(q("-5"), q("5"))),
    ("[-10%, -5%)", Interval(pct("-10"), pct("-5"), closed_high=False)),
    ("[60%, 80%)", Interval(pct("60"), pct("80"), closed_high=False)),
    ("[5, 10%]", Interval(pct("5"), pct("10"))),
    ("[1,000, 2,000]", Interval(q("1000"), q("2000"))),
    ("[5,100]", Interval(q("5"), q("100"))),
    ("[5, 5]", Interval(q("5"), q("5"))),
    ("[5000元, 1万元]", Interval(q("5000", "元"), q("1", "元", 4))),
    # qualitative texts
    ("基本消除", Text("基本消除")),
    ("达成预期指标", Text("达成预期指标")),
    ("有效提高", Text("有效提高")),
    ("在项目计划完成时间内完成", Text("在项目计划完成时间内完成")),
    ("  逐步改善 ", Text("逐步改善")),
    ("不低于上年水平", Text("不低于上年水平")),
    ("—", Text("—")),
    ("ＡＢＣ", Text("ABC")),
    ("一百个", Text("一百个")),
    ("(无)", Text("(无)")),
]


@pytest.mark.parametrize(("text", "expected"), READABLE, ids=[t for t, _ in READABLE])
def test_reads_real_world_spellings(text: str, expected: Value) -> None:
    got = read_value(text)
    assert got == expected
    assert repr(got) == repr(expected)  # Decimal equality ignores trailing zeros; repr does not


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("66.67%", Decimal("0.6667")),
        ("90万元", Decimal("900000")),
        ("1.2亿元", Decimal("120000000")),
        ("100%", Decimal("1")),
        ("5‰", Decimal("5")),
        ("20千克", Decimal("20")),
        ("3,266.1", Decimal("3266.1")),
    ],
)
def test_value_in_base_units(text: str, value: Decimal) -> None:
    got = read_value(text)
    assert isinstance(got, Comparison)
    assert got.quantity.value == value


def test_trailing_zeros_are_kept() -> None:
    got = read_value("11.30")
    assert isinstance(got, Comparison)
    assert str(got.quantity.number) == "11.30"


UNREADABLE: list[str] = [
    "",
    "   ",
    "\u3000\u200b",
    "9月3O日前",  # a letter O for a zero: neither a date nor a number
    "2023年13月31日前",  # no 13th month
    "≥abc",
    "≥",
    "12..5",
    "1.2.3",
    ".5",
    "1,00",
    "5,10",
    "1e5",
    "1E-3",
    "2.5e+3万元",
    "NaN",
    "-inf",
    "Infinity",
    "约1e5",  # the figure after 约 must read
    "近3年",  # the last three years, not nearly three (JX527 reads only approximations)
    "100（万元）",  # a unit in brackets is not a remark: refused as before
    "100(万元)",
    "12（个）",
    "12(人次)",
    "5(m³)",
    "98%（抽检3次）",  # digits in the bracket: which number counts is not guessed
    "98%(第２批)",  # full-width digit, NFKC'd to a digit
    "98%（）",  # an empty bracket says nothing
    "98%（抽检）（全覆盖）",  # one remark only
    "（抽检）98%",  # a remark before the figure
    "[5, 10]（抽检）",  # a range keeps its own form
    "2024年6月（预计）",  # a date keeps its own form
    "完成率100%",
    "5万%",
    "1 000",
    "[5, 10",
    "[5 10]",
    "(5)",
    "[10, 5]",
    "10-5",
    "-5-10",
    "5--10",
    "5-",
    "≥5-10",
    "5-10以上",
    "<10以上",
    "[5%, 10元]",
    "5元-10%",
    "[5天, 10天以内]",
    "1" * (MAX_DIGITS + 1),
    "1." + "1" * MAX_DIGITS,
    "0.0" + "1" * (MAX_DIGITS + 1) + "%",
    "≥" + "9" * (MAX_VALUE_LENGTH - 1) + "0",
]


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_texts_raise(text: str) -> None:
    with pytest.raises(ValueReadError) as caught:
        read_value(text)
    assert caught.value.text == text
    assert caught.value.reason
    assert caught.value.reason_zh
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("≥abc", "no number after the operator"),
        ("1e5", "exponent notation is not allowed"),
        ("12..5", "malformed number"),
        ("[10, 5]", "the low end of the range is above the high end"),
        ("x" * (MAX_VALUE_LENGTH + 1), f"longer than {MAX_VALUE_LENGTH} characters"),
    ],
)
def test_reasons(text: str, reason: str) -> None:
    with pytest.raises(ValueReadError, match="cannot read value") as caught:
        read_value(text)
    assert caught.value.reason == reason


def test_max_length_is_inclusive() -> None:
    assert read_value(" " * (MAX_VALUE_LENGTH - 3) + "100") == cmp(BARE, q("100"))


def test_a_megabyte_is_rejected_without_reading_it() -> None:
    text = "1" * 1_000_000
    with pytest.raises(ValueReadError) as caught:
        read_value(text)
    assert caught.value.text is text
    assert len(str(caught.value)) < 200  # the message does not repeat the whole text


ADVERSARIAL = [
    "1," * 5000,
    "[" + "1," * 5000 + "]",
    "[" + "1,000" * 2000 + ", 1]",
    "1." * 5000,
    "9e" * 5000,
    "1" * 10_000,
    "≥" + " " * 10_000 + "x",
    "5" + "万" * 9999,
    "以上" * 5000,
    "5" + "-" * 9999,
    "(" * 10_000,
    "1 " * 5000,
    "0." + "0" * 9990 + "1%",
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_long_inputs_do_not_backtrack(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Lift the length limit so the regexes themselves see 10,000 characters; a catastrophic
    # pattern would hang here rather than fail.
    monkeypatch.setattr(values_module, "MAX_VALUE_LENGTH", 50_000)
    with contextlib.suppress(ValueReadError):
        read_value(text)


def test_error_pickles() -> None:
    error = ValueReadError("9月前", "not a unit", "无法识别的单位")
    back = pickle.loads(pickle.dumps(error))
    assert (back.text, back.reason, back.reason_zh) == ("9月前", "not a unit", "无法识别的单位")


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("万立方米", ("立方米", 4, False)),
        ("%", ("", 0, True)),
        ("％", ("", 0, True)),
        ("百分比", ("", 0, True)),
        ("", ("", 0, False)),
        (" ", ("", 0, False)),
        ("万元", ("元", 4, False)),
        ("亿元", ("元", 8, False)),
        ("千元", ("元", 3, False)),
        ("千万元", ("元", 7, False)),
        ("万亿元", ("元", 12, False)),
        ("个", ("个", 0, False)),
        ("元/户", ("元/户", 0, False)),
        ("万", ("", 4, False)),
        ("千克", ("千克", 0, False)),
        ("千米", ("千米", 0, False)),
        ("万千克", ("千克", 4, False)),
        ("万分比", ("万分比", 0, False)),
        ("百分点", ("百分点", 0, False)),
        ("‰", ("‰", 0, False)),
        ("㎡", ("m²", 0, False)),
    ],
)
def test_parse_unit(unit: str, expected: tuple[str, int, bool]) -> None:
    assert parse_unit(unit) == expected


@pytest.mark.parametrize("unit", ["月前", "天内", "万%", "5元", "元,", "x" * 13])
def test_parse_unit_rejects_non_units(unit: str) -> None:
    with pytest.raises(ValueReadError) as caught:
        parse_unit(unit)
    assert caught.value.text == unit


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (cmp(GE, q("248")), "≥248"),
        (cmp(GE, pct("20")), "≥20%"),
        (cmp(LE, q("90", "元", 4)), "≤90万元"),
        (cmp(EQ, q("1", "份")), "=1份"),
        (cmp(GT, q("-5")), ">-5"),
        (cmp(LT, q("0.5")), "<0.5"),
        (cmp(BARE, pct("100")), "100%"),
        (cmp(BARE, q("11.30")), "11.30"),
        (cmp(BARE, q("90", "", 4)), "90万"),
        (cmp(BARE, q("3", "元", 7)), "3千万元"),
        (cmp(BARE, q("5", "‰")), "5‰"),
        (Interval(q("5"), q("10")), "[5, 10]"),
        (Interval(q("5"), q("10"), closed_low=False), "(5, 10]"),
        (Interval(pct("60"), pct("80"), closed_high=False), "[60%, 80%)"),
        (Text("基本消除"), "基本消除"),
    ],
)
def test_format_value(value: Value, text: str) -> None:
    assert format_value(value) == text
    assert read_value(text) == value


def test_format_quantity_without_a_prefix_multiplies_the_magnitude_in() -> None:
    assert format_quantity(q("5", "元", 2)) == "500元"
    assert format_quantity(Quantity(Decimal("5E+2"))) == "500"


# -- properties ----------------------------------------------------------------------------

UNITS = ["", "元", "个", "份", "人次", "立方米", "平方米", "亩", "天", "米", "公里", "吨", "千克",
         "千米", "元/户", "km", "m²"]
MAGNITUDES = [0, 3, 4, 8]

decimals = st.builds(
    lambda negative, digits, exponent: Decimal((int(negative), tuple(digits), exponent)),
    st.booleans(),
    st.lists(st.integers(0, 9), min_size=1, max_size=MAX_DIGITS),
    st.integers(-10, 0),
)
# (unit, magnitude, percent) that read_value can give: 千+米 would read back as the unit 千米.
unit_specs = st.one_of(
    st.just(("", 0, True)),
    st.just(("‰", 0, False)),
    st.tuples(st.sampled_from(UNITS), st.sampled_from(MAGNITUDES), st.just(False)).filter(
        lambda spec: not (spec[0] == "米" and spec[1] == 3)
    ),
)
quantities = st.builds(lambda n, spec: Quantity(n, *spec), decimals, unit_specs)
comparisons = st.builds(Comparison, st.sampled_from(list(Op)), quantities)


def exact(quantity: Quantity) -> Decimal:
    return quantity.number.scaleb(quantity.magnitude, Context(prec=200))


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    unit, magnitude, percent = draw(unit_specs)
    other = magnitude if percent or unit == "‰" else draw(st.sampled_from(MAGNITUDES))
    if unit == "米" and other == 3:
        other = 0
    a = Quantity(draw(decimals), unit, magnitude, percent)
    b = Quantity(draw(decimals), unit, other, percent)
    low, high = (a, b) if exact(a) <= exact(b) else (b, a)
    # A bare low end takes the high end's magnitude when read, so it is never written bare.
    assume(not (unit == "" and not percent and low.magnitude == 0 and high.magnitude != 0))
    return Interval(low, high, draw(st.booleans()), draw(st.booleans()))


WORDS = ["基本", "消除", "达成", "预期", "指标", "有效", "提高", "不低于", "上年", "水平", "完成",
         "良好", "满意", "以上", "万元", "—", "（", "）", "ABC", " "]
texts = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map("".join),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=50),
).map(str.strip).filter(bool)
values = st.one_of(comparisons, intervals(), texts.map(lambda t: Text(read_text(t))))


def read_text(text: str) -> str:
    """The text as read_value keeps it (NFKC, trimmed), for building Text values."""
    got = read_value(text)
    assert isinstance(got, Text)
    return got.text


@given(values)
def test_format_then_read_gives_the_value_back(value: Value) -> None:
    text = format_value(value)
    back = read_value(text)
    assert back == value
    assert repr(back) == repr(value)
    assert format_value(back) == text


@given(st.text(max_size=MAX_VALUE_LENGTH + 20))
def test_any_text_reads_or_raises_value_read_error(text: str) -> None:
    error: ValueReadError | None = None
    try:
        got = read_value(text)
    except ValueReadError as raised:
        error = raised
    if error is None:
        assert isinstance(got, Comparison | Interval | Text)
    else:
        assert error.text == text
        assert error.reason
        assert error.reason_zh


VALUE_ALPHABET = "0123456789.,-+~%‰ []()<>=≥≤＞＝，．万亿千元个天米以上下内至到不低于超过基本"


@given(st.text(VALUE_ALPHABET, max_size=24))
def test_whatever_reads_writes_back_to_the_same_value(text: str) -> None:
    try:
        got = read_value(text)
    except ValueReadError:
        return
    written = format_value(got)
    assert read_value(written) == got
    assert repr(read_value(written)) == repr(got)
    assert format_value(read_value(written)) == written


@given(comparisons)
def test_interval_ends_read_like_comparisons(comparison: Comparison) -> None:
    # A quantity written alone and as both ends of a range reads the same.
    quantity = comparison.quantity
    interval = read_value(f"[{format_quantity(quantity)}, {format_quantity(quantity)}]")
    assert interval == Interval(quantity, quantity)
    assert attrs.evolve(comparison, op=Op.BARE) == read_value(format_quantity(quantity))


@pytest.mark.parametrize("text", ["≤500元/人*月", "≤500元/人×月", "≤500元/人⋅月", "≤500元/人·月"])
def test_a_product_in_a_compound_unit_is_one_unit(text: str) -> None:
    """Tables write 元/人*月 as often as 元/人·月: every spelling reads as the same unit."""
    value = read_value(text)
    assert isinstance(value, Comparison)
    assert value.quantity.unit == "元/人·月"
    assert value.quantity.number == Decimal("500")


@pytest.mark.parametrize("text", ["500*月", "500元*", "500*"])
def test_a_product_sign_outside_a_unit_is_still_refused(text: str) -> None:
    with pytest.raises(ValueReadError):
        read_value(text)


def test_compound_units_spelt_two_ways_compare_without_a_warning(regional: CompiledScheme) -> None:
    from conftest import indicator, project_data

    import jixiao
    row = indicator("人均培训成本", "≤500元/人*月", "480元/人×月", section="产出指标")
    result = jixiao.score(project_data(row), regional)
    assert "JX502" not in [d.code for d in result.diagnostics]
    assert result.indicators[0].completion == Decimal(1)


PLAIN_ALPHABET = "0123456789.%≥≤<>=万亿千元个天米立方基本消除达成年月季度以上内 -"
plain_cells = st.one_of(
    st.text(PLAIN_ALPHABET, max_size=16),
    st.tuples(st.sampled_from(["", "≥", "≤", ">=", "<=", ">", "<", "="]),
              st.from_regex(r"[0-9]{1,5}(\.[0-9]{1,4})?", fullmatch=True),
              st.sampled_from(["", "%", "万元", "千克", "万立方米", "个", "天", "元/人", "元·月",
                               "以上", "月", "万", "前"])).map("".join),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=12),
    st.sampled_from(["0" * 40 + "1", "1" * 30, "1" * 29, "9" * 28 + ".5", "5" + "万" * 40]),
)


@given(plain_cells)
def test_plain_cells_read_the_short_way_as_the_general_way(text: str) -> None:
    # read_value takes a short way for the common cells (≥95%, 85万元, 基本消除); it must give
    # exactly the general reading, and leave every refusal to it.
    short = values_module._read_plain(text)
    try:
        general = values_module._read_general(text)
    except ValueReadError:
        assert short is None
        return
    if short is not None:
        assert short == general
        assert repr(short) == repr(general)


@pytest.mark.parametrize("text", ["≥95%", "85万元", "26", "=1", "100%", "289.35", "基本消除",
                                  "<=30", ">5个", "0.50"])
def test_the_common_cells_take_the_short_way(text: str) -> None:
    assert values_module._read_plain(text) is not None


# -- a figure printed with a remark or as an approximation (issue 7) ---------------------------

REMARKED = [
    # text, value, remark, approximation word
    ("98.5%（抽检）", cmp(Op.BARE, pct("98.5")), "抽检", ""),
    ("98.5%(抽检)", cmp(Op.BARE, pct("98.5")), "抽检", ""),  # half-width brackets
    ("98.5% （抽检）", cmp(Op.BARE, pct("98.5")), "抽检", ""),
    ("100%(全覆盖)", cmp(Op.BARE, pct("100")), "全覆盖", ""),
    ("≥95%（含）", cmp(Op.GE, pct("95")), "含", ""),  # a target: （含） says what ≥ says
    ("26个（抽样调查）", cmp(Op.BARE, q("26", "个")), "抽样调查", ""),
    ("约5.2万人", cmp(Op.BARE, q("5.2", "人", 4)), "", "约"),
    ("大约 90%", cmp(Op.BARE, pct("90")), "", "大约"),
    ("近5万人", cmp(Op.BARE, q("5", "人", 4)), "", "近"),
    ("5.2万人左右", cmp(Op.BARE, q("5.2", "人", 4)), "", "左右"),
    ("100左右", cmp(Op.BARE, q("100")), "", "左右"),
    ("100余人", cmp(Op.BARE, q("100", "人")), "", "余"),
    ("5万余人", cmp(Op.BARE, q("5", "人", 4)), "", "余"),
    ("300多", cmp(Op.BARE, q("300")), "", "多"),
    ("约98%（抽检）", cmp(Op.BARE, pct("98")), "抽检", "约"),
]


@pytest.mark.parametrize(("text", "value", "remark", "approx"), REMARKED)
def test_a_remark_or_approximation_is_set_aside_and_kept_on_the_value(
        text: str, value: Comparison, remark: str, approx: str) -> None:
    got = read_value(text)
    assert got == value
    assert isinstance(got, Comparison)
    assert (got.remark, got.approx) == (remark, approx)
    # the round-trip law: the figure prints alone and reads back equal, with nothing set aside
    printed = format_value(got)
    back = read_value(printed)
    assert back == got
    assert isinstance(back, Comparison)
    assert (back.remark, back.approx) == ("", "")
    assert pickle.loads(pickle.dumps(got)).remark == remark


@pytest.mark.parametrize("text", ["98.5%", "≥95%", "100人", "5.2万人", "基本完成（抽检）"])
def test_a_text_read_before_sets_nothing_aside(text: str) -> None:
    got = read_value(text)
    assert getattr(got, "remark", "") == ""
    assert getattr(got, "approx", "") == ""


def test_a_bracket_without_digits_on_a_text_stays_part_of_the_text() -> None:
    assert read_value("基本完成（抽检）") == Text("基本完成(抽检)")


REMARKS = ["抽检", "全覆盖", "含", "预计", "初步统计", "抽样 调查"]


@given(comparisons, st.sampled_from(REMARKS), st.booleans())
def test_a_remark_after_any_figure_reads_as_the_figure(value: Comparison, remark: str,
                                                       full_width: bool) -> None:
    """The law of issue 7: ``figure（remark）`` reads as the figure, the remark kept aside."""
    opened, closed = ("（", "）") if full_width else ("(", ")")
    got = read_value(format_value(value) + opened + remark + closed)
    assert got == value
    assert isinstance(got, Comparison)
    assert got.remark == remark.strip()


plain_figures = quantities.map(lambda q: Comparison(Op.BARE, attrs.evolve(q, number=abs(q.number))))


@given(plain_figures, st.sampled_from(["约", "大约", "近", "左右"]))
def test_an_approximation_of_any_plain_figure_reads_as_the_figure(value: Comparison,
                                                                  word: str) -> None:
    assume(not (word == "近" and value.quantity.unit in ("天", "年", "月")))  # 近3天: a period
    printed = format_value(value)
    got = read_value(printed + word if word == "左右" else word + printed)
    assert got == value
    assert isinstance(got, Comparison)
    assert got.approx == word
