"""Project data: what a region or project filed, as immutable typed values.

Stage: produced by the data readers (``jixiao.datafile``, or a developer's own code), consumed
by the evaluator. Target and actual are already typed ``engine.values.Value``s, so scoring
never reads text. ``where`` fields keep the data path (``indicators[3]``) for diagnostics.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from jixiao.engine.diagnostics import Places
from jixiao.engine.values import Value

ZERO = Decimal(0)


class Status(enum.Enum):
    """A sub-project's state. A completed project has also started."""

    NOT_STARTED = "not_started"  # 未开工
    STARTED = "started"  # 已开工
    COMPLETED = "completed"  # 已完工


# Every word a data file may give a sub-project's status in, and what it means: the data reader
# and a scheme's ``status == "已完工"`` read the same table, so they cannot disagree.
STATUS_WORDS: dict[str, Status] = {
    "not_started": Status.NOT_STARTED, "未开工": Status.NOT_STARTED, "未启动": Status.NOT_STARTED,
    "started": Status.STARTED, "已开工": Status.STARTED, "在建": Status.STARTED,
    "实施中": Status.STARTED,
    "completed": Status.COMPLETED, "已完工": Status.COMPLETED, "完工": Status.COMPLETED,
    "已完成": Status.COMPLETED,
}


@attrs.frozen(weakref_slot=False)  # no __weakref__: see ``build_funds``
class Funds:
    """One budget line: A (全年预算数) and B (全年执行数)."""

    total: Decimal = ZERO
    executed: Decimal = ZERO
    filed_rate: Decimal | None = None  # 执行率 as printed (a rate), for ``jixiao audit``
    # no 全年执行数 in the data: read as 0, never in silence (JX523 names the line)
    executed_missing: bool = attrs.field(default=False, eq=False)

    def __add__(self, other: Funds) -> Funds:
        return Funds(self.total + other.total, self.executed + other.executed)


@attrs.frozen
class Batch:
    """A release of funds (提前下达, 第二批 …), reported with its own execution rate."""

    name: str
    central: Funds = Funds()
    local: Funds = Funds()
    note: str = ""  # 说明: why its funds are not all spent, written after its figures; not scored

    @property
    def funds(self) -> Funds:
        return self.central + self.local


@attrs.frozen(weakref_slot=False)  # no __weakref__: see ``build_funds``
class Budget:
    total: Funds
    central: Funds | None = None
    local: Funds | None = None
    other: Funds | None = None
    batches: tuple[Batch, ...] = ()
    planned: Decimal | None = None  # 年初预算数, printed beside 全年预算数; not scored
    filed_score: Decimal | None = None  # the 预算执行 score as filed (得分)
    arrived: Decimal | None = None  # 实际到位数: funds that reached the unit (到位), not scored


@attrs.frozen
class Project:
    """A sub-project (子项目) with its central and local funds."""

    name: str
    central: Funds = Funds()
    local: Funds = Funds()
    status: Status = Status.NOT_STARTED
    where: str = ""
    unit: str = ""  # 承担单位: who carries it out, shown in the report's table; not scored

    @property
    def funds(self) -> Funds:
        return self.central + self.local


@attrs.frozen(weakref_slot=False)  # no __weakref__: ``with_cells`` assigns the class
class IndicatorInput:
    """One row of the 自评表 as filed. ``actual`` may be absent when the scheme derives it."""

    section: str
    name: str
    target: Value
    actual: Value | None = None
    category: str = ""
    unit: str = ""
    weight: Decimal | None = None
    reason: str = ""
    kind: str | None = None  # force a kind instead of choosing by the target's notation
    ratio: Decimal | None = None  # an assessor's ratio for a level with a band
    target_text: str = ""
    actual_text: str = ""
    where: str = ""
    filed_score: Decimal | None = None  # 得分 as filed; the assessor's if it differs
    level: str | None = None  # the assessor's level for a free-text qualitative actual
    applicable: bool = True  # False: 不适用 — shown, not scored, its weight rescaled away
    parent: str | None = None  # a sub-row (其中…) of this indicator: shown, never scored
    note: str = ""  # 完成情况说明: what was done, the report's words before the actual; not scored

    @property
    def scored(self) -> bool:
        """Whether the row takes part in scoring (not a sub-row, not 不适用)."""
        return self.applicable and self.parent is None

    def with_cells(self, actual: Value | None, actual_text: str, reason: str) -> IndicatorInput:
        """This row with another record's 完成值 and 偏差原因: the data reader builds a row whose
        other cells repeat a row it has read before this way, checking nothing twice. Every
        field stored; a test holds it equal to ``attrs.evolve``.
        Built by plain stores into a class of the same slots that then becomes this frozen
        class (``__class__`` assignment, as ``engine.result``'s builders): the frozen
        ``__init__`` sets each of 17 fields through ``object.__setattr__``, five times
        slower, and a province's rows are mostly built this way."""
        built = _new(_RowBuild)
        built.section = self.section
        built.name = self.name
        built.target = self.target
        built.actual = actual
        built.category = self.category
        built.unit = self.unit
        built.weight = self.weight
        built.reason = reason
        built.kind = self.kind
        built.ratio = self.ratio
        built.target_text = self.target_text
        built.actual_text = actual_text
        built.where = self.where
        built.filed_score = self.filed_score
        built.level = self.level
        built.applicable = self.applicable
        built.parent = self.parent
        built.note = self.note
        built.__class__ = IndicatorInput  # type: ignore[assignment]
        return built  # type: ignore[return-value]


_new = object.__new__


class _RowBuild:
    """``IndicatorInput``'s slots, filled by plain stores (see ``with_cells``)."""

    __slots__ = ("actual", "actual_text", "applicable", "category", "filed_score", "kind",
                 "level", "name", "note", "parent", "ratio", "reason", "section", "target",
                 "target_text", "unit", "weight", "where")
    section: str
    name: str
    target: Value
    actual: Value | None
    category: str
    unit: str
    weight: Decimal | None
    reason: str
    kind: str | None
    ratio: Decimal | None
    target_text: str
    actual_text: str
    where: str
    filed_score: Decimal | None
    level: str | None
    applicable: bool
    parent: str | None
    note: str


@attrs.frozen
class Filed:
    """The figures a table prints as its result (``[filed]``), kept to compare, never scored."""

    total: Decimal | None = None
    grade: str | None = None
    sections: tuple[tuple[str, Decimal], ...] = ()  # (一级指标, 得分) as printed
    summary: str = ""  # 全年实际完成情况 as printed: read by audit's unit check


@attrs.frozen(weakref_slot=False)  # no __weakref__: see ``build_funds``
class Subject:
    name: str = ""
    year: int | None = None
    unit: str = "万元"  # the money unit of the budget figures


@attrs.frozen
class ManagementRow:
    """One row of the 资金管理情况 block: the item (分配科学性 …), 情况说明, 存在问题和改进措施."""

    item: str
    note: str = ""
    problems: str = ""


@attrs.frozen
class Form:
    """The 自评表's fields that are filed but not scored: who, what, the goals, and free text.

    Kept so that every output (自评表, written report, JSON) carries what the unit filed; the
    evaluator copies it into the ``Result`` untouched. Empty strings mean "not filed".
    """

    project: str = ""  # 转移支付（项目）名称 / 项目名称
    central_department: str = ""  # 中央主管部门
    department: str = ""  # 主管部门 (地方主管部门)
    implementer: str = ""  # 实施单位 / 资金使用单位
    manager: str = ""  # 项目负责人
    date: str = ""  # 填报时间, as written
    goal: str = ""  # 年度总体目标
    achieved: str = ""  # 全年实际完成情况
    management: tuple[ManagementRow, ...] = ()  # 资金管理情况
    texts: tuple[tuple[str, str], ...] = ()  # free-text sections by heading (说明, 改进措施 …)
    # How the written report words its sentences (the data's [report]); empty = the neutral
    # wording, which reads for any filer (a department is not 我区):
    issuer: str = ""  # who issued the targets (财政部): 财政部随文下达…指标
    self_name: str = ""  # how the filer names itself (我区, 我省, 我厅, 本单位): 我区实际完成…
    fund: str = ""  # the fund as the prose names it (土壤污染防治资金): 下达我区土壤污染防治资金…
    basis: tuple[str, ...] = ()  # 依据 the score paragraph cites, in order; () = the scheme's


@attrs.frozen(weakref_slot=False)  # no __weakref__: see ``build_funds``
class ProjectData:
    subject: Subject
    budget: Budget
    indicators: tuple[IndicatorInput, ...]
    projects: tuple[Project, ...] = ()
    scheme: str | None = None  # the scheme file the data names, if any
    source: str = ""  # the file it was read from
    filed: Filed = Filed()
    form: Form = attrs.field(factory=Form)  # the form's unscored fields
    # where each data path is in the file (line, row name), for the diagnostics of scoring
    places: Places | None = attrs.field(default=None, eq=False, repr=False)


# -- builders for the data reader's usual record: the same slots, plain stores --------------
# ``jixiao.datafile`` reads a province's usual record (subject, budget A and B, rows of text)
# a short way, building its ``Subject``, ``Funds``, ``Budget`` and ``ProjectData`` as
# ``IndicatorInput.with_cells`` builds a row: a plain class of the same slots filled by
# ordinary stores, then given the frozen class by ``__class__`` assignment (allowed between
# classes of the same slots and no ``__weakref__``). A frozen attrs ``__init__`` sets each
# field through ``object.__setattr__``, five times slower. ``tests/test_read_build.py`` holds
# each builder equal to the constructor, field by field.


class _FundsBuild:
    __slots__ = ("executed", "executed_missing", "filed_rate", "total")
    total: Decimal
    executed: Decimal
    filed_rate: Decimal | None
    executed_missing: bool


class _BudgetBuild:
    __slots__ = ("arrived", "batches", "central", "filed_score", "local", "other", "planned",
                 "total")
    total: Funds
    central: Funds | None
    local: Funds | None
    other: Funds | None
    batches: tuple[Batch, ...]
    planned: Decimal | None
    filed_score: Decimal | None
    arrived: Decimal | None


class _SubjectBuild:
    __slots__ = ("name", "unit", "year")
    name: str
    year: int | None
    unit: str


class _ProjectDataBuild:
    __slots__ = ("budget", "filed", "form", "indicators", "places", "projects", "scheme",
                 "source", "subject")
    subject: Subject
    budget: Budget
    indicators: tuple[IndicatorInput, ...]
    projects: tuple[Project, ...]
    scheme: str | None
    source: str
    filed: Filed
    form: Form
    places: Places | None


def build_funds(total: Decimal, executed: Decimal, filed_rate: Decimal | None = None,
                executed_missing: bool = False) -> Funds:
    """``Funds(total, executed, filed_rate, executed_missing)``, built by plain stores."""
    built = _new(_FundsBuild)
    built.total = total
    built.executed = executed
    built.filed_rate = filed_rate
    built.executed_missing = executed_missing
    built.__class__ = Funds  # type: ignore[assignment]
    return built  # type: ignore[return-value]


def build_budget(total: Funds, central: Funds | None = None, local: Funds | None = None,
                 other: Funds | None = None, batches: tuple[Batch, ...] = (),
                 planned: Decimal | None = None, filed_score: Decimal | None = None,
                 arrived: Decimal | None = None) -> Budget:
    """``Budget(…)`` with every field, built by plain stores."""
    built = _new(_BudgetBuild)
    built.total = total
    built.central = central
    built.local = local
    built.other = other
    built.batches = batches
    built.planned = planned
    built.filed_score = filed_score
    built.arrived = arrived
    built.__class__ = Budget  # type: ignore[assignment]
    return built  # type: ignore[return-value]


def build_subject(name: str = "", year: int | None = None, unit: str = "万元") -> Subject:
    """``Subject(name, year, unit)``, built by plain stores."""
    built = _new(_SubjectBuild)
    built.name = name
    built.year = year
    built.unit = unit
    built.__class__ = Subject  # type: ignore[assignment]
    return built  # type: ignore[return-value]


def build_project_data(subject: Subject, budget: Budget, indicators: tuple[IndicatorInput, ...],
                       projects: tuple[Project, ...], scheme: str | None, source: str,
                       filed: Filed, form: Form, places: Places | None) -> ProjectData:
    """``ProjectData(…)`` with every field, built by plain stores."""
    built = _new(_ProjectDataBuild)
    built.subject = subject
    built.budget = budget
    built.indicators = indicators
    built.projects = projects
    built.scheme = scheme
    built.source = source
    built.filed = filed
    built.form = form
    built.places = places
    built.__class__ = ProjectData  # type: ignore[assignment]
    return built  # type: ignore[return-value]
