"""The embedders' golden-test helper (``jixiao.testing``): one line per golden test. The seed's
golden outcome was read against the seed report (92.71 优; 5.38, 47.33, 30, 10; 项目开工率
0.6667 → 5.33; rate 0.5375)."""

from __future__ import annotations

from conftest import SCHEMES, SEED_DATA, indicator, project_data

from jixiao import testing
from jixiao.testing import Golden, outcome

# An embedder writes ``pytest_plugins = ["jixiao.testing"]`` in the root conftest.py; here the
# fixture is taken into this module so the project's own conftest stays as it is.
jixiao_golden = testing.jixiao_golden


def test_seed_outcome(jixiao_golden: Golden) -> None:
    jixiao_golden(SEED_DATA)


def test_an_inline_record(jixiao_golden: Golden) -> None:
    result = jixiao_golden(project_data(indicator(actual="50", reason="r")),
                           SCHEMES / "transfer_regional.jx")
    assert str(result.total) == "35.00"  # 10 + 50 × 0.5; no 效益, no 满意度 indicators


def test_outcome_names_every_figure() -> None:
    import jixiao
    text = outcome(jixiao.score(SEED_DATA))
    assert "total: 92.71 / 100  grade: 优" in text
    assert ("项目开工率 [正向] weight 8  completion 0.6667  deviation 0.3333  score 5.33"
            in text)
    assert "budget rate: 0.5375" in text
