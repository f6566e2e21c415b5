"""Reuse that cannot drop rules by accident: a child scheme changes only what it says, replacing
or dropping a whole inherited item is explicit, and ``check`` lists what a child changes.

Expected figures are worked by hand: the regional scheme scores 预算执行 as weight × rate
(rounded to 2 places), and a lone indicator in a section carries the section's whole weight.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import indicator, project_data

import jixiao
from jixiao.cli import main
from jixiao.engine.compile import CompiledScheme
from jixiao.engine.diagnostics import SchemeError


def child(body: str) -> CompiledScheme:
    return jixiao.compile_scheme_text(
        f'scheme 子方案 version "1" extends "transfer_regional.jx" {{\n{body}}}\n', "child.jx")


def changes(c: CompiledScheme) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [(x.action, x.what, x.name, x.details) for x in c.scheme.changes]


RECORD = project_data(indicator("产出", "≥10", "10"),
                      indicator("效益", "≥10", "5", section="效益指标", reason="说明"),
                      indicator("满意", "≥90%", "95%", section="满意度指标"), executed="90")

BUDGET_20 = "  section 预算执行 weight 20\n  section 产出指标 weight 40\n"


def test_a_weight_change_keeps_the_inherited_formula() -> None:
    """The issue's case: 预算执行 weight 20 used to lose its score formula (79.33 with exit 0).
    Kept, it is 20 × 90% = 18; 产出 40 (met), 效益 30 × 0.5 = 15, 满意度 10: 83."""
    c = child(BUDGET_20)
    budget = next(s for s in c.scheme.sections if s.name == "预算执行")
    assert budget.weight == 20
    assert budget.score is not None
    assert "budget.rate" in budget.score.text
    result = jixiao.score(RECORD, c)
    assert {s.name: s.score for s in result.sections} == {
        "预算执行": Decimal("18.00"), "产出指标": Decimal("40.00"), "效益指标": Decimal("15.00"),
        "满意度指标": Decimal("10.00")}
    assert result.total == Decimal("83.00")
    assert result.full_score == 100
    assert changes(c) == [("changed", "section", "预算执行", ("weight 10 → 20",)),
                          ("changed", "section", "产出指标", ("weight 50 → 40",))]
    assert c.warnings == ()


def test_a_section_override_keeps_what_it_does_not_name() -> None:
    c = child("  section 效益指标 { split equal round 2 }\n")
    sec = next(s for s in c.scheme.sections if s.name == "效益指标")
    assert sec.weight == 30  # kept
    assert sec.aliases == ("项目效益",)  # kept
    assert "生态效益指标" in sec.categories  # kept
    assert sec.split.mode.value == "equal"  # changed
    assert changes(c) == [("changed", "section", "效益指标", ("split",))]


def test_replace_takes_the_whole_item() -> None:
    """``replace`` is the old behaviour, now explicit: nothing of the parent's section is kept,
    so 预算执行 is scored by the scheme's subtotal over its (no) indicators: 0."""
    c = child("  replace section 预算执行 weight 10\n")
    sec = next(s for s in c.scheme.sections if s.name == "预算执行")
    assert sec.score is None
    assert jixiao.score(RECORD, c).sections[0].score == 0
    assert changes(c) == [("replaced", "section", "预算执行", ())]


def test_drop_removes_an_inherited_section() -> None:
    c = child("  drop section 满意度指标\n  section 效益指标 weight 40\n")
    assert [s.name for s in c.scheme.sections] == ["预算执行", "产出指标", "效益指标"]
    assert changes(c) == [("changed", "section", "效益指标", ("weight 30 → 40",)),
                          ("dropped", "section", "满意度指标", ())]  # in the parent's order


def test_a_dropped_section_must_still_add_up() -> None:
    """Dropping 满意度 without giving its 10 points elsewhere leaves a full score of 90 against
    grades up to 100: JX211, not a silent change."""
    with pytest.raises(SchemeError) as info:
        child("  drop section 满意度指标\n")
    assert "JX211" in info.value.codes


def test_one_level_of_a_kind_changes_alone() -> None:
    c = child("  kind 定性 { level 部分达成预期指标 ratio [0.5, 0.8) }\n")
    kind = next(k for k in c.scheme.kinds if k.name == "定性")
    levels = {lv.name: lv for lv in kind.levels}
    assert list(levels) == ["达成预期指标", "部分达成预期指标", "未达成预期指标"]  # order kept
    assert str(levels["部分达成预期指标"].band) == "[0.5, 0.8)"
    assert levels["部分达成预期指标"].aliases == ()  # a level is replaced as a whole
    assert kind.completion.text == "ratio"  # the kind's formula kept
    assert changes(c) == [("changed", "kind", "定性", ("level 部分达成预期指标",))]


def test_a_kind_formula_changes_alone() -> None:
    c = child("  kind 反向 { score = round(weight * min(completion, 1), 1) }\n")
    kind = next(k for k in c.scheme.kinds if k.name == "反向")
    assert kind.score.text.endswith(", 1)")
    assert "target / actual" in kind.completion.text  # kept
    assert [n.value for n in kind.notations] == ["<=", "<"]  # kept


def test_drop_level() -> None:
    c = child("  kind 定性 {\n    drop level 未达成预期指标\n  }\n")
    kind = next(k for k in c.scheme.kinds if k.name == "定性")
    assert [lv.name for lv in kind.levels] == ["达成预期指标", "部分达成预期指标"]
    assert changes(c) == [("changed", "kind", "定性", ("drop level 未达成预期指标",))]


def test_a_new_section_needs_a_weight() -> None:
    with pytest.raises(SchemeError) as info:
        child("  section 新指标 { split equal }\n")
    assert "JX272" in info.value.codes


@pytest.mark.parametrize(("body", "code"), [
    ("  drop section 满意度\n", "JX270"),
    ("  replace kind 正 { completion = 1 }\n", "JX270"),
    ("  kind 定性 { drop level 未达成 }\n", "JX270"),
    ("  drop level 未达成预期指标\n", "JX270"),
])
def test_a_name_the_parent_lacks_is_an_error(body: str, code: str) -> None:
    with pytest.raises(SchemeError) as info:
        child(body)
    assert info.value.codes == [code]


def test_a_child_that_changes_nothing_is_warned() -> None:
    assert [d.code for d in child("").warnings] == ["JX560"]
    warned = child("  section 预算执行 weight 10\n  grade 优 [90, 100]  grade 良 [80, 90)"
                   "  grade 中 [60, 80)  grade 差 [0, 60)\n").warnings
    assert sorted(d.code for d in warned) == ["JX560", "JX561", "JX561"]


def test_an_override_that_changes_something_is_not_warned() -> None:
    assert child("  section 预算执行 { score = round(weight * min(budget.rate, 1), 1) }\n"
                 ).warnings == ()


def test_a_new_basis_is_a_change_and_the_same_basis_a_repeat() -> None:
    """A basis is its text: a child citing another document changes it (no JX561)."""
    assert child('  basis "财预〔2020〕10号 附件"\n').warnings == ()
    same = child('  basis "财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）"\n').warnings
    assert sorted(d.code for d in same) == ["JX560", "JX561"]


def test_grades_replace_all_and_are_listed() -> None:
    c = child("  grade 优 [85, 100]  grade 良 [70, 85)  grade 差 [0, 70)\n")
    assert [g.name for g in c.scheme.grades] == ["优", "良", "差"]
    assert changes(c) == [("replaced", "grades", "",
                           ("优 [85, 100]", "良 [70, 85)", "差 [0, 70)"))]


def test_only_the_outermost_changes_are_listed() -> None:
    """soil_pollution adds two derives over the regional scheme; a grandchild lists its own."""
    soil = jixiao.load_scheme("soil_pollution")
    assert changes(soil) == [("added", "derive", "项目开工率", ()),
                             ("added", "derive", "项目完工率", ())]
    grand = jixiao.compile_scheme_text('scheme 孙 extends "soil_pollution.jx" {\n'
                                       '  section 满意度指标 weight 10 also "满意度"\n}\n')
    assert grand.scheme.lineage == ("土壤污染防治资金", "转移支付区域绩效自评")
    assert changes(grand) == [("changed", "section", "满意度指标", ("also",))]


def test_replace_and_drop_need_an_extends() -> None:
    text = (jixiao.library.library_root() / "transfer_regional.jx").read_text(encoding="utf-8")
    with pytest.raises(SchemeError) as info:
        jixiao.compile_scheme_text(text.replace("  section 预算执行", "  replace section 预算执行"))
    assert info.value.codes == ["JX271"]


def test_check_lists_the_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "child.jx"
    path.write_text('scheme 子方案 extends "transfer_regional.jx" {\n' + BUDGET_20 + "}\n",
                    encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "继承 转移支付区域绩效自评" in out
    assert "修改 一级指标 预算执行: weight 10 → 20" in out
    assert main(["check", str(path), "--lang", "en"]) == 0
    assert "changes section 产出指标: weight 50 → 40" in capsys.readouterr().out
