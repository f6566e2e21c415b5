"""The fuzz targets of ``fuzz/targets.py`` under hypothesis: the short bounded run CI makes
(the long coverage-guided runs use atheris, see fuzz/run.py), and the crashes fuzzing found,
kept as regression tests named after what broke."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.targets import data_text, record_text, scheme_text, table_text, value_text
from jixiao.dsl.values import read_value
from jixiao.engine.values import When

SEEDS = ROOT / "fuzz" / "corpus"
_SETTINGS = settings(max_examples=300, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


def _seeds(target: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted((SEEDS / target).iterdir()) if p.is_file()]


def _mutations(target: str) -> st.SearchStrategy[bytes]:
    """Seed files with a slice replaced by random bytes or text: close to valid input, where
    the interesting mistakes are."""
    seeds = _seeds(target)

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        seed = draw(st.sampled_from(seeds))
        start = draw(st.integers(0, len(seed)))
        end = draw(st.integers(start, min(len(seed), start + 40)))
        middle = draw(st.one_of(st.binary(max_size=20),
                                st.text(max_size=20).map(lambda t: t.encode("utf-8"))))
        return seed[:start] + middle + seed[end:]
    return st.one_of(mutate(), st.binary(max_size=200),
                     st.text(max_size=200).map(lambda t: t.encode("utf-8")))


@_SETTINGS
@given(_mutations("scheme"))
def test_fuzz_scheme(data: bytes) -> None:
    scheme_text(data)


@_SETTINGS
@given(_mutations("value"))
def test_fuzz_value(data: bytes) -> None:
    value_text(data)


@_SETTINGS
@given(_mutations("data"))
def test_fuzz_data(data: bytes) -> None:
    data_text(data)


@_SETTINGS
@given(_mutations("table"))
def test_fuzz_table(data: bytes) -> None:
    table_text(data)


# Cells a province's tables hold, and ones they should not: for the record target, whose law
# (the short ways equal the full ones) is about values that are read, not bytes that fail JSON.
_CELLS = ["≥95%", "≤90万元", "=1", "100%", "85万元", "850000元", "0.95", "95", "26", "0",
          "/", "—", "", " ", "基本消除", "部分达成", "达成预期指标", "约90%", "100余人",
          "98.5%（抽检）", "[5, 10]", "5-10", "9月前", "2025年12月底前", "1e3", "-3", "万元",
          "个", "%", "见说明", "数量指标", "产出指标", "效益指标", "满意度指标", "成本指标"]


@st.composite
def _records(draw: st.DrawFn) -> bytes:
    """A seed record with a few of its cells (or keys) replaced."""
    import json

    record = json.loads(draw(st.sampled_from(_seeds("record"))).decode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        rows = record["indicators"]
        row = rows[draw(st.integers(0, len(rows) - 1))]
        where = draw(st.sampled_from([row, row, row, record["budget"], record["subject"]]))
        key = draw(st.one_of(st.sampled_from(sorted(where) or ["name"]),
                             st.sampled_from(["ratio", "weight", "unit", "score", "level",
                                              "applicable", "kind", "central"])))
        where[key] = draw(st.one_of(st.sampled_from(_CELLS), st.text(max_size=10),
                                    st.integers(-5, 10**6), st.booleans(), st.none()))
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


@_SETTINGS
@given(st.one_of(_records(), _mutations("record")))
def test_fuzz_record(data: bytes) -> None:
    record_text(data)


@pytest.mark.parametrize("target", ["scheme", "value", "data", "table", "record"])
def test_every_seed_passes(target: str) -> None:
    fn = {"scheme": scheme_text, "value": value_text, "data": data_text,
          "table": table_text, "record": record_text}[target]
    for seed in _seeds(target):
        fn(seed)


# -- regressions: inputs the fuzzers found


def test_range_end_whose_magnitude_cannot_take_the_unit() -> None:
    """``[-5万,5‰]`` read as -5万‰…5‰ and printed as text that could not be read back."""
    value_text("[-5万,5‰]".encode())


@pytest.mark.parametrize("text", ["+5月", "+2025年5月", "+12月31日", "+5月底"])
def test_a_plus_sign_before_a_date(text: str) -> None:
    """``+5月`` read as five of a unit 月 and printed as ``5月``, which reads as the date May:
    a leading + changes no number, so it now changes no date either."""
    value_text(text.encode())
    assert isinstance(read_value(text), When)


@pytest.mark.parametrize("text", ["006月", "0012月", "2025年006月", "006月30日", "6月0030日",
                                  "2025-006-0030", "006月底前"])
def test_leading_zeros_before_a_month(text: str) -> None:
    """``006月`` read as six of a unit 月 (the month pattern took at most two digits) and printed
    as ``6月``, which reads as the date June: leading zeros change no number, so now no date."""
    value_text(text.encode())
    assert isinstance(read_value(text), When)


@pytest.mark.parametrize("text", [
    "\ufffd" * 45 + "Ǉ" + "\ufffd" * 152 + "~~",   # what atheris found: 200 characters, 201 printed
    "Ǉ" * 101,                                      # each Ǉ becomes LJ under NFKC
    "达成" + "㍱" * 70,                              # ㍱ becomes hPa
])
def test_a_text_that_grows_under_nfkc(text: str) -> None:
    """A 200-character text read as a qualitative value printed as 201 characters (NFKC made
    Ǉ into LJ), which no longer read back: the length limit now holds for what is kept."""
    value_text(text.encode())


def test_nul_byte_in_an_extends_path() -> None:
    """A NUL in ``extends "…"`` reached ``os.path.realpath`` and raised ValueError."""
    scheme_text(b'scheme x extends "a\x00b.jx" {\n}\n')


def test_json_number_beyond_any_exponent() -> None:
    """``1e9999999999`` in JSON raised decimal.InvalidOperation from the JSON parser."""
    data_text(b'{"budget": {"total": 1e9999999999}, "indicators": []}')


def test_seed_corpus_is_present() -> None:
    assert all(_seeds(t) for t in ("scheme", "value", "data")), Path(SEEDS)
