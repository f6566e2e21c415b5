"""Laws over generated schemes, not only the reference one. For any scheme built from the
language's pieces (section weights, rounding modes and places, grade cut-offs, splits), either
the record is scored — every score within its weight, the total within the full score, the
grade the band holding the total, the JSON the same on a second run — or, when the scheme's own
formulas break those bounds (a share rounded to fewer places than the weights have), jixiao
refuses with JX404/JX403 rather than report a score past its weight. Schemes whose scores are
rounded down can never break them, and are always scored."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from conftest import indicator, project_data
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import jixiao

MODES = ["half_up", "half_even", "down", "up", "floor", "ceiling"]


@st.composite
def schemes(draw: st.DrawFn, sound: bool = False) -> tuple[str, list[tuple[str, Decimal]]]:
    """A scheme text and its indicator sections with their weights; ``sound``: scores are
    rounded down, so they cannot pass their weights."""
    n = draw(st.integers(1, 4))
    budget_weight = draw(st.sampled_from([0, 10, 20]))
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=n - 1, max_size=n - 1,
                                unique=True)))
    rest = 100 - budget_weight
    bounds = [0, *[c * rest // 100 for c in cuts], rest]
    weights = [Decimal(b - a) for a, b in itertools.pairwise(bounds)]
    weights = [w for w in weights if w > 0] or [Decimal(rest)]
    sections = [(f"部分{i}", w) for i, w in enumerate(weights)]
    mode = draw(st.sampled_from(MODES))
    rate_places = draw(st.integers(0, 6))
    score_places = draw(st.integers(0, 4))
    split = draw(st.sampled_from(["given_else_equal", "equal"]))
    split_round = draw(st.sampled_from(["", " round 2", " round 0"]))
    grade_cut = sorted(draw(st.lists(st.integers(1, 99), min_size=1, max_size=3, unique=True)))
    edges = [0, *grade_cut, 100]
    lines = ['scheme 生成 version "1" {', f"  rounding {mode}",
             f"  budget {{ rate = round(executed / total, {rate_places}) }}"]
    if budget_weight:
        lines.append(f"  section 预算执行 weight {budget_weight} "
                     f"{{ score = round(weight * min(budget.rate, 1), {score_places}) }}")
    lines += [f"  section {name} weight {w} {{ split {split}{split_round} }}"
              for name, w in sections]
    lines += [
        "  kind 正向 for >=, >, bare {",
        "    completion = if actual >= target then 1",
        f"      else if target > 0 then max(round(actual / target, {rate_places}), 0) else 0",
        "  }",
        "  kind 反向 for <=, < {",
        f"    completion = if actual <= target then 1 else round(target / actual, {rate_places})",
        "  }",
        "  deviation = 1 - completion",
        f"  score = round(weight * min(completion, 1), {score_places}{', down' if sound else ''})",
        f"  subtotal = round(sum(indicators, score), {score_places})",
        "  total = round(sum(sections, score), 2)",
    ]
    for i, (low, high) in enumerate(itertools.pairwise(edges)):
        close = "]" if high == 100 else ")"
        lines.append(f"  grade G{i} [{low}, {high}{close}")
    lines.append("}")
    return "\n".join(lines) + "\n", sections


targets = st.sampled_from(["≥100", "≥90%", "≤50万元", "<10", "100%", "≥0"])
actuals = st.decimals(min_value=0, max_value=200, places=2, allow_nan=False)


def _score_and_check(generated: tuple[str, list[tuple[str, Decimal]]],
                     data: st.DataObject, must_score: bool) -> None:
    text, sections = generated
    scheme = jixiao.compile_scheme_text(text, "generated.jx")
    rows: list[dict[str, Any]] = []
    for name, _ in sections:
        for k in range(data.draw(st.integers(1, 4))):
            target = data.draw(targets)
            unit = "%" if target.endswith("%") else ""
            rows.append(indicator(f"{name}{k}", target, f"{data.draw(actuals)}{unit}",
                                  section=name, reason="说明"))
    executed = data.draw(st.decimals(min_value=0, max_value=300, places=2))
    record = project_data(*rows, total="100", executed=str(executed))
    refused: jixiao.EvaluationError | None = None
    try:
        result = jixiao.score(record, scheme)
    except jixiao.EvaluationError as exc:
        refused = exc
    if refused is not None:
        assert not must_score, refused.diagnostics
        assert set(refused.codes) <= {"JX403", "JX404"}, refused.diagnostics
        event("refused: a formula breaks the bounds")
        return
    event("scored")
    for ind in result.indicators:
        assert 0 <= ind.score <= ind.weight, ind
    for sec in result.sections:
        assert 0 <= sec.score <= sec.weight, sec
    assert 0 <= result.total <= result.full_score == 100
    band = next(g for g in scheme.scheme.grades if g.name == result.grade).band
    assert band.contains(result.total)
    assert jixiao.to_json(jixiao.score(record, scheme)) == jixiao.to_json(result)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemes(sound=True), st.data())
def test_sound_schemes_always_score_within_bounds(
        generated: tuple[str, list[tuple[str, Decimal]]], data: st.DataObject) -> None:
    _score_and_check(generated, data, must_score=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemes(), st.data())
def test_any_scheme_scores_within_bounds_or_is_refused(
        generated: tuple[str, list[tuple[str, Decimal]]], data: st.DataObject) -> None:
    _score_and_check(generated, data, must_score=False)
