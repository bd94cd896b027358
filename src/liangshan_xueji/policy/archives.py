"""学籍档案管理 Archives: clauses 5–5.3.3.

The school creates the student's archive (学籍档案) within one month of enrollment (5; parameter
``archive_months``). Its contents are the seven kinds of 5.1.1–5.1.7 (:class:`ArchiveItem`); it has an
electronic part, managed in the national system, and a paper part, kept by the school's registrar (5.2).
When the student transfers or is admitted to the next stage, the archive moves to the new school and the
old school keeps an electronic backup and copies of the necessary paper (5.3.1); the last school keeps it
permanently (5.3.1). A merged school's archives go to the school it merged into (5.3.2), a closed
school's to the county's education authority (5.3.3).

A compulsory-stage dropout who is a child of migrant workers (外来务工人员随迁子女) has the archive
handed by the school's status authority to the education department of the 户籍's county (区) at the end
of each term (2.4.1, :class:`MigrantArchiveHandover`).

An archive a county authority holds (2.4.1, 5.3.3) comes back to a school by :class:`ReclaimArchive`:
the school the student now attends — after a return to school (2.4.3) or a transfer or an admission
(5.3.1) — takes it from the authority holding it.

Every step is an event of the record's history: :class:`CreateArchive`, :class:`FileArchiveItems`,
:class:`MoveArchive`, :class:`HandOverArchive`, :class:`MigrantArchiveHandover`,
:class:`ReclaimArchive` and the always-refused :class:`DestroyArchive`.
:func:`archive_state` folds them into the archive's current :class:`ArchiveState`.

Readings:

- **One month** runs from the record's ``enrolled_on`` to the same day of the next month, clipped to the
  month's end (:func:`~liangshan_xueji.records.status.add_months`); that day is on time. A late archive is
  accepted with a reason saying it is late; the audit lists it (8.3.1 when it is missing altogether).
- **At creation** the archive holds at least the basic information (5.1.1, 学籍基础信息表 of the
  Ministry) and the evidence of the record data (5.1.2, the 户籍证明) in both parts (5.2). The other
  kinds are filed as they arise; :func:`archive_checklist` checks a chosen set (by default 5.1.1–5.1.4,
  which every student has) plus any provincial items (5.1.7) the caller names.
- **The move** (5.3.1) follows a completed transfer or an admission. 5.3.1 sets it no time limit, and
  clause 5's one month is for *creating* the archive, so the move has no due date and an archive not yet
  moved is no breach. A caller who wants to hear of a long-unmoved archive sets
  ``archive_move_months`` (no default): the audit then gives a NOTICE (not a breach) and an admission
  that starts a move gets that deadline.
- **每学期末** (2.4.1): the last day of the term (:func:`~liangshan_xueji.policy.review.term_of`:
  8-11 … 2-10 and 2-11 … 8-10) in which the student was set to 辍学; the duty binds the school's status
  authority (学籍主管部门), and the library records it as an act on the student's archive, due then
  (:func:`migrant_archive_due`). Whether the student is a 随迁子女 is the school's statement on the
  辍学 act (``migrant_child``): the library does not infer it from the 户籍, which only refutes it (a
  户籍 in the school's own county).
- **调回** (2.4.1, 2.4.3, 5.3.1, 5.3.3): the text names no way back from a county authority, yet a
  dropout "返校应接续相应年级" (2.4.3) and a student of a closed school goes on to another school
  (5.3.1: the archive goes to the 转入学校或升入学校). The library reads the archive as following the
  student: the school the student now attends (the record's school, the student 在校 or 休学) takes it
  from the authority holding it, with no time limit (none is set) and no backup kept by the authority
  (5.3.1's backup binds the 转出学校或毕业学校). A closed school (5.3.3) does not take back the archives
  it handed over; a :class:`MoveArchive` does not start from an authority.
- **永久保存** (5.3.1): an archive is never destroyed; "或按相关规定办理" (other rules) are outside this
  regulation (8.4).
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable

import attrs

from .._validators import date_field, optional
from ..decisions import Decision, Material, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..records.identity import check_region_code
from ..records.models import Grade, Record, School, Status
from ..records.status import (
    Context,
    MarkDropout,
    Promote,
    ProvisionalDropout,
    StatusEvent,
    add_months,
    entry,
    rule,
    transition,
)
from . import _parts as p
from .keydata import ChangeStudentData
from .regulation import apply, evaluate
from .review import term_of

#: The caller's period after which an unmoved archive is noticed (5.3.1 sets none): no default.
ARCHIVE_MOVE_PARAMETER = "archive_move_months"

__all__ = [
    "ARCHIVE_OPENING_ITEMS",
    "CORE_ARCHIVE_ITEMS",
    "ArchiveBackup",
    "ArchiveComparison",
    "ArchiveItem",
    "ArchiveState",
    "CreateArchive",
    "DestroyArchive",
    "FileArchiveItems",
    "HandOverArchive",
    "HandoverReason",
    "MigrantArchiveHandover",
    "MoveArchive",
    "ReclaimArchive",
    "archive_checklist",
    "archive_due",
    "archive_state",
    "backup_not_kept",
    "close_school_archives",
    "compare_with_archive",
    "merge_school_archives",
    "migrant_archive_due",
]


class ArchiveItem(enum.Enum):
    """The seven kinds of archive content (学籍档案内容), 5.1.1–5.1.7 in the document's order."""

    BASIC_INFO = "学籍基础信息及信息变动情况"
    EVIDENCE = "学籍信息证明材料（户籍证明、转学申请、休学申请等）"
    DEVELOPMENT_REPORT = "综合素质发展报告"
    HEALTH = "体质健康测试及健康体检信息、预防接种信息"
    AWARDS = "在校期间的获奖信息"
    FINANCIAL_AID = "享受资助信息"
    PROVINCIAL_OTHER = "省级教育行政部门规定的其他信息和材料"

    @property
    def clause(self) -> str:
        """``5.1.1`` … ``5.1.7``."""
        return f"5.1.{list(ArchiveItem).index(self) + 1}"

    @property
    def en(self) -> str:
        """The English name."""
        return _ITEM_EN[self]


_ITEM_EN = {
    ArchiveItem.BASIC_INFO: "basic record data and its changes",
    ArchiveItem.EVIDENCE: "evidence for the record data (household proof, transfer, suspension …)",
    ArchiveItem.DEVELOPMENT_REPORT: "the all-round development report",
    ArchiveItem.HEALTH: "fitness tests, health checks and vaccinations",
    ArchiveItem.AWARDS: "awards while at school",
    ArchiveItem.FINANCIAL_AID: "financial aid received",
    ArchiveItem.PROVINCIAL_OTHER: "other items the province requires",
}

#: What an archive holds from its creation (5, 5.1.1, 5.1.2).
ARCHIVE_OPENING_ITEMS: tuple[ArchiveItem, ...] = (ArchiveItem.BASIC_INFO, ArchiveItem.EVIDENCE)
#: What every student's archive holds (5.1.1–5.1.4); awards, aid and provincial items as they arise.
CORE_ARCHIVE_ITEMS: tuple[ArchiveItem, ...] = (
    ArchiveItem.BASIC_INFO,
    ArchiveItem.EVIDENCE,
    ArchiveItem.DEVELOPMENT_REPORT,
    ArchiveItem.HEALTH,
)


def _item_material(item: ArchiveItem) -> Material:
    return Material(f"archive.{item.name.lower()}", item.clause, item.value, item.en)


def _provincial_material(name: str) -> Material:
    return Material(
        f"archive.provincial.{name}", "5.1.7", f"省级规定的材料：{name}", f"provincial item: {name}"
    )


_ELECTRONIC = Material(
    "archive.electronic",
    "5.2",
    "电子档案（电子学籍系统管理）",
    "the electronic archive (national system)",
)
_PAPER = Material(
    "archive.paper",
    "5.2",
    "纸质档案（学校学籍管理员管理）",
    "the paper archive (kept by the registrar)",
)
_BACKUP = Material(
    "archive.electronic_backup",
    "5.3.1",
    "转出学校或毕业学校保留的电子档案备份",
    "the electronic backup kept by the sending or graduating school",
)
_COPIES = Material(
    "archive.paper_copies",
    "5.3.1",
    "转出学校或毕业学校保留的必要纸质档案复印件",
    "copies of the necessary paper kept by the sending or graduating school",
)


def _items(value: object) -> object:
    return p.to_frozenset(value)


def _names(value: object) -> object:
    return p.to_frozenset(value)


def _nonempty_names(inst: object, attribute: attrs.Attribute[object], value: object) -> None:
    p.collection_of(str, frozenset)(inst, attribute, value)
    assert isinstance(value, frozenset)
    if any(not v.strip() for v in value):
        w = p.where(inst, attribute)
        raise InvalidInput(f"{w} 中不能有空的名称", f"{w} must not hold an empty name", where=w)


# --------------------------------------------------------------------------------------------------
# Events


@attrs.frozen(kw_only=True)
class CreateArchive(StatusEvent, kind="archive.create"):
    """建立学籍档案 (5, 5.1, 5.2): the items filed at creation and the two parts made."""

    contents: frozenset[ArchiveItem] = attrs.field(
        converter=_items, validator=p.collection_of(ArchiveItem, frozenset)
    )
    provincial_items: frozenset[str] = attrs.field(
        factory=frozenset, converter=_names, validator=_nonempty_names
    )
    electronic: bool = attrs.field(default=True, validator=p.of(bool))
    paper: bool = attrs.field(default=True, validator=p.of(bool))


@attrs.frozen(kw_only=True)
class FileArchiveItems(StatusEvent, kind="archive.file"):
    """归档 (5.1): items added to an existing archive (a development report, awards, aid …)."""

    contents: frozenset[ArchiveItem] = attrs.field(
        factory=frozenset, converter=_items, validator=p.collection_of(ArchiveItem, frozenset)
    )
    provincial_items: frozenset[str] = attrs.field(
        factory=frozenset, converter=_names, validator=_nonempty_names
    )


@attrs.frozen(kw_only=True)
class MoveArchive(StatusEvent, kind="archive.move"):
    """档案转接 (5.3.1): the archive goes from ``from_school`` to ``to_school`` (the student's new school);
    the old school keeps an electronic backup and copies of the necessary paper."""

    from_school: str = attrs.field(validator=p.text())
    to_school: str = attrs.field(validator=p.text())
    electronic_backup_kept: bool = attrs.field(default=False, validator=p.of(bool))
    paper_copies_kept: bool = attrs.field(default=False, validator=p.of(bool))


class HandoverReason(enum.Enum):
    """Why a school hands its archives over: merger (5.3.2) or closure (5.3.3)."""

    MERGER = "学校合并"
    CLOSURE = "学校撤销"


@attrs.frozen(kw_only=True)
class HandOverArchive(StatusEvent, kind="archive.handover"):
    """档案移交 (5.3.2, 5.3.3): a merged school's archive to ``to_school``, a closed school's to the
    education authority of ``county``."""

    reason: HandoverReason = attrs.field(validator=p.of(HandoverReason))
    from_school: str = attrs.field(validator=p.text())
    to_school: str | None = attrs.field(default=None, validator=p.text(optional=True))
    county: str | None = attrs.field(default=None, validator=p.text(optional=True))


def _optional_region(inst: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        check_region_code(value, p.where(inst, attribute))


@attrs.frozen(kw_only=True)
class MigrantArchiveHandover(StatusEvent, kind="archive.migrant_handover"):
    """随迁子女辍学的学籍档案转交 (2.4.1): the archive of a compulsory-stage dropout who is a child of
    migrant workers goes from ``from_school`` (the school attended) to ``authority``, the education
    department (教育行政部门) of the 户籍's county or district, at the end of the term; ``region`` is that
    county's 行政区划代码 when known."""

    from_school: str = attrs.field(validator=p.text())
    authority: str = attrs.field(validator=p.text())
    region: str | None = attrs.field(default=None, validator=_optional_region)


@attrs.frozen(kw_only=True)
class ReclaimArchive(StatusEvent, kind="archive.reclaim"):
    """调回学籍档案 (2.4.1, 2.4.3, 5.3.1, 5.3.3): the school the student now attends (``to_school``)
    takes the archive back from ``authority``, the county education authority that holds it — after a
    随迁子女's dropout (2.4.1) or a school's closure (5.3.3) — once the student has returned to school
    (2.4.3) or transferred or been admitted elsewhere (5.3.1)."""

    authority: str = attrs.field(validator=p.text())
    to_school: str = attrs.field(validator=p.text())


@attrs.frozen(kw_only=True)
class DestroyArchive(StatusEvent, kind="archive.destroy"):
    """销毁学籍档案: always refused — the last school keeps the archive permanently (5.3.1)."""


# --------------------------------------------------------------------------------------------------
# The archive's state, folded from the history


@attrs.frozen(kw_only=True)
class ArchiveBackup:
    """A backup a former holder keeps (5.3.1): the school, the day, and the two parts kept."""

    school_code: str = attrs.field(validator=p.text())
    on: _dt.date = attrs.field(validator=date_field)
    electronic: bool = attrs.field(validator=p.of(bool))
    paper_copies: bool = attrs.field(validator=p.of(bool))


@attrs.frozen(kw_only=True)
class ArchiveState:
    """The archive as the history shows it: when it was created, what it holds (5.1), its two parts
    (5.2), who holds it — a school, or a county authority (``held_by_county``, 5.3.3) — and the backups
    former holders keep (5.3.1). ``moved_on`` is the day it last changed hands (``None``: never)."""

    created_on: _dt.date = attrs.field(validator=date_field)
    contents: frozenset[ArchiveItem] = attrs.field(
        converter=_items, validator=p.collection_of(ArchiveItem, frozenset)
    )
    provincial_items: frozenset[str] = attrs.field(converter=_names, validator=_nonempty_names)
    electronic: bool = attrs.field(validator=p.of(bool))
    paper: bool = attrs.field(validator=p.of(bool))
    holder: str = attrs.field(validator=p.text())
    held_by_county: bool = attrs.field(default=False, validator=p.of(bool))
    backups: tuple[ArchiveBackup, ...] = attrs.field(
        default=(), converter=p.to_tuple, validator=p.collection_of(ArchiveBackup)
    )
    moved_on: _dt.date | None = attrs.field(default=None, validator=optional(date_field))

    def missing(self, required: Iterable[ArchiveItem]) -> tuple[ArchiveItem, ...]:
        """The items of ``required`` the archive does not hold, in the document's order."""
        wanted = _items(required)
        if not isinstance(wanted, frozenset) or not all(isinstance(i, ArchiveItem) for i in wanted):
            raise InvalidInput(
                "required 应为档案材料（ArchiveItem）的集合",
                "required must be a collection of ArchiveItem",
                where="required",
            )
        return tuple(i for i in ArchiveItem if i in wanted and i not in self.contents)


def archive_state(record: Record) -> ArchiveState | None:
    """The archive's current state from the record's history; ``None`` when none was created."""
    p.check_type(record, Record, "record")
    state: ArchiveState | None = None
    for e in record.history:
        ev = e.event
        if isinstance(ev, CreateArchive) and state is None:
            state = ArchiveState(
                created_on=e.on,
                contents=ev.contents,
                provincial_items=ev.provincial_items,
                electronic=ev.electronic,
                paper=ev.paper,
                holder=e.school_code,
            )
        elif state is None:
            continue
        elif isinstance(ev, FileArchiveItems):
            state = attrs.evolve(
                state,
                contents=state.contents | ev.contents,
                provincial_items=state.provincial_items | ev.provincial_items,
            )
        elif isinstance(ev, MoveArchive):
            backup = ArchiveBackup(
                school_code=ev.from_school,
                on=e.on,
                electronic=ev.electronic_backup_kept,
                paper_copies=ev.paper_copies_kept,
            )
            state = attrs.evolve(
                state,
                holder=ev.to_school,
                held_by_county=False,
                backups=(*state.backups, backup),
                moved_on=e.on,
            )
        elif isinstance(ev, HandOverArchive):
            if ev.reason is HandoverReason.MERGER and ev.to_school is not None:
                state = attrs.evolve(
                    state, holder=ev.to_school, held_by_county=False, moved_on=e.on
                )
            elif ev.county is not None:
                state = attrs.evolve(state, holder=ev.county, held_by_county=True, moved_on=e.on)
        elif isinstance(ev, MigrantArchiveHandover):
            state = attrs.evolve(state, holder=ev.authority, held_by_county=True, moved_on=e.on)
        elif isinstance(ev, ReclaimArchive):
            state = attrs.evolve(state, holder=ev.to_school, held_by_county=False, moved_on=e.on)
    return state


@attrs.frozen(kw_only=True)
class ArchiveComparison:
    """The record against its archive (8.3.3, 5.1.1). ``filed_on``/``filed_index``: the last time the
    archive took in the record's basic information and its changes (学籍基础信息及信息变动情况: the
    archive's creation, or a filing of 5.1.1); ``status`` and ``grade`` as the archive has them then;
    ``changes``: each change of the record since, as (history index, Chinese, English) — a status, a
    grade changed by an act other than the Ministry's yearly promotion, a field of the student's basic
    information (named, never its value)."""

    filed_on: _dt.date = attrs.field(validator=date_field)
    filed_index: int = attrs.field(validator=p.count)
    status: Status = attrs.field(validator=p.of(Status))
    grade: Grade = attrs.field(validator=p.of(Grade))
    changes: tuple[tuple[int, str, str], ...] = attrs.field(default=(), converter=p.to_tuple)


def _files_changes(event: object) -> bool:
    """The archive takes in the basic information and its changes (5.1.1): its creation, or a filing
    of 5.1.1."""
    return isinstance(event, CreateArchive) or (
        isinstance(event, FileArchiveItems) and ArchiveItem.BASIC_INFO in event.contents
    )


def compare_with_archive(record: Record) -> ArchiveComparison | None:
    """The record's changes since its archive last took them in (8.3.3 "不及时把学籍变动信息纳入学籍
    档案"); ``None`` when there is no archive. The archive moving with the student (5.3.1) is 8.3.6's;
    the school changes are left to it."""
    p.check_type(record, Record, "record")
    history = record.history
    filed = None
    for i, e in enumerate(history):
        if _files_changes(e.event) and (filed is not None or isinstance(e.event, CreateArchive)):
            filed = i
    if filed is None:
        return None
    changes: list[tuple[int, str, str]] = []
    for i in range(filed + 1, len(history)):
        before, e = history[i - 1], history[i]
        if e.status is not before.status:
            changes.append(
                (
                    i,
                    f"{e.on} 状态“{before.status.zh}”→“{e.status.zh}”",
                    f"{e.on} status {before.status.en} → {e.status.en}",
                )
            )
        if e.grade != before.grade and not isinstance(e.event, Promote):
            changes.append(
                (
                    i,
                    f"{e.on} 年级 {before.grade} → {e.grade}",
                    f"{e.on} grade {before.grade.label_en} → {e.grade.label_en}",
                )
            )
        if isinstance(e.event, ChangeStudentData):
            fields = [c.field for c in e.event.changes]
            changes.append(
                (
                    i,
                    f"{e.on} 基本信息变更：{'、'.join(f.zh for f in fields)}",
                    f"{e.on} basic information changed: {', '.join(f.value for f in fields)}",
                )
            )
    at = history[filed]
    return ArchiveComparison(
        filed_on=at.on, filed_index=filed, status=at.status, grade=at.grade, changes=changes
    )


def archive_due(record: Record, context: Context) -> _dt.date:
    """The last day to create the archive: ``archive_months`` after ``record.enrolled_on`` (5)."""
    return add_months(record.enrolled_on, context.int_param("archive_months"))


# --------------------------------------------------------------------------------------------------
# Rules


@rule(CreateArchive)
@implements("5", "5.1", "5.1.1", "5.1.2", "5.2")
def evaluate_create_archive(record: Record, event: CreateArchive, context: Context) -> Decision:
    """建立学籍档案 (5): once, with the basic information and the evidence (5.1.1, 5.1.2), in both an
    electronic and a paper part (5.2); due within one month of enrollment (a late one is allowed with a
    reason). Provincial items (5.1.7) may be filed from the start.
    """
    reasons: list[Reason] = []
    missing: list[Material] = []
    if archive_state(record) is not None:
        reasons.append(
            Reason(
                "5",
                "该生学籍档案已经建立，只能补充归档",
                "the archive already exists; items are added to it instead",
            )
        )
    for item in ARCHIVE_OPENING_ITEMS:
        if item not in event.contents:
            missing.append(_item_material(item))
            reasons.append(
                Reason(
                    item.clause,
                    f"学籍档案须包括{item.value}",
                    f"the archive must hold {item.en}",
                )
            )
    if not event.electronic:
        missing.append(_ELECTRONIC)
    if not event.paper:
        missing.append(_PAPER)
    if not (event.electronic and event.paper):
        reasons.append(
            Reason(
                "5.2",
                "学籍档案分为电子档案和纸质档案，两者都须建立",
                "the archive has an electronic and a paper part; both are made",
            )
        )
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
    due = archive_due(record, context)
    return p.allow_by(
        "5", due, context.on,
        f"学生入学 1 个月内（{due} 前）应建立学籍档案，已逾期",
        f"the archive was due within one month of enrollment, by {due}; it is late",
    )  # fmt: skip


@transition(CreateArchive)
def _create(record: Record, event: CreateArchive, context: Context) -> Record:
    return record.appended(entry(record, event, context))


@rule(FileArchiveItems)
@implements("5.1", "5.1.3", "5.1.4", "5.1.5", "5.1.6", "5.1.7")
def evaluate_file_items(record: Record, event: FileArchiveItems, context: Context) -> Decision:
    """归档 (5.1): items filed into an existing archive; at least one item."""
    reasons: list[Reason] = []
    if archive_state(record) is None:
        reasons.append(
            Reason(
                "5.1", "尚未建立学籍档案，无法归档", "there is no archive to file items into yet"
            )
        )
    if not event.contents and not event.provincial_items:
        raise InvalidInput("没有要归档的材料", "no item to file", where="FileArchiveItems.contents")
    if event.provincial_items and ArchiveItem.PROVINCIAL_OTHER not in event.contents:
        raise InvalidInput(
            "省级规定的其他材料应归入第 7 类（PROVINCIAL_OTHER）",
            "provincial items belong to the seventh kind (PROVINCIAL_OTHER)",
            where="FileArchiveItems.provincial_items",
        )
    if reasons:
        return Decision.refuse(*reasons)
    return Decision.allow()


@transition(FileArchiveItems)
def _file(record: Record, event: FileArchiveItems, context: Context) -> Record:
    return record.appended(entry(record, event, context))


@implements("5.3.1")
def backup_not_kept(
    electronic_backup_kept: bool, paper_copies_kept: bool
) -> tuple[tuple[Reason, ...], list[Material]]:
    """5.3.1: the old school keeps an electronic backup and the necessary paper copies of an archive
    it sends on — the reason when it does not, and what is missing. The rule calls it on a move; the
    audit (``policy.breaches.archive_not_moved``, 8.3.6) on a move recorded."""
    missing = [
        material
        for material, kept in ((_BACKUP, electronic_backup_kept), (_COPIES, paper_copies_kept))
        if not kept
    ]
    if not missing:
        return (), []
    return (
        Reason(
            "5.3.1",
            "转出学校或毕业学校应保留电子档案备份，同时保留必要的纸质档案复印件",
            "the old school keeps an electronic backup and copies of the necessary paper",
        ),
    ), missing


def _held_by_authority(holder: str) -> Reason:
    return Reason(
        "5.3.1",
        f"学籍档案现由县级教育行政部门（{holder}）保管，由学生就读学校调回（ReclaimArchive），"
        "不由学校转出",
        f"the archive is held by a county authority ({holder}); the student's school takes it "
        "back (ReclaimArchive), no school sends it on",
    )


@rule(MoveArchive)
@implements("5.3", "5.3.1")
def evaluate_move_archive(record: Record, event: MoveArchive, context: Context) -> Decision:
    """档案转接 (5.3.1): the archive follows the student to the school the record moved to (by a
    transfer or an admission); the old school keeps an electronic backup and the paper copies.
    """
    state = archive_state(record)
    reasons: list[Reason] = []
    if state is None:
        reasons.append(Reason("5.3.1", "尚未建立学籍档案", "there is no archive to move"))
    elif state.held_by_county:
        reasons.append(_held_by_authority(state.holder))
    else:
        if event.from_school != state.holder:
            reasons.append(
                Reason(
                    "5.3.1",
                    f"学籍档案不在 {event.from_school}，无法由该校转出",
                    f"the archive is not held by {event.from_school}",
                )
            )
        if state.holder == record.school_code:
            reasons.append(
                Reason(
                    "5.3.1",
                    "学籍档案已在学生就读学校，无需转接",
                    "the archive is already at the student's school",
                )
            )
    if event.to_school != record.school_code:
        reasons.append(
            Reason(
                "5.3.1",
                "学籍档案应当转至学生的转入学校或升入学校",
                "the archive goes to the school the student transferred or was admitted to",
            )
        )
    kept, missing = backup_not_kept(event.electronic_backup_kept, event.paper_copies_kept)
    reasons += kept
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
    return Decision.allow()


@transition(MoveArchive)
def _move(record: Record, event: MoveArchive, context: Context) -> Record:
    return record.appended(entry(record, event, context))


@rule(HandOverArchive)
@implements("5.3", "5.3.2", "5.3.3")
def evaluate_handover(record: Record, event: HandOverArchive, context: Context) -> Decision:
    """档案移交 (5.3.2, 5.3.3): a merged school's archives go to the school it merged into; a closed
    school's to its county's education authority."""
    state = archive_state(record)
    reasons: list[Reason] = []
    if state is None:
        reasons.append(Reason("5.3", "尚未建立学籍档案", "there is no archive to hand over"))
    elif state.held_by_county or state.holder != event.from_school:
        reasons.append(
            Reason(
                "5.3",
                f"学籍档案不在 {event.from_school}，无法由该校移交",
                f"the archive is not held by {event.from_school}",
            )
        )
    source = context.school(event.from_school, where="from_school")
    if event.reason is HandoverReason.MERGER:
        if event.to_school is None or event.county is not None:
            raise InvalidInput(
                "学校合并时须指明并入学校（to_school），不指明县",
                "a merger names the school merged into (to_school), not a county",
                where="HandOverArchive.to_school",
            )
        context.school(event.to_school, where="to_school")
        if event.to_school == event.from_school:
            reasons.append(
                Reason("5.3.2", "并入学校不能是原学校", "a school does not merge into itself")
            )
    else:
        if event.county is None or event.to_school is not None:
            raise InvalidInput(
                "学校撤销时须指明接收档案的县（county），不指明学校",
                "a closure names the county whose authority takes the archives, not a school",
                where="HandOverArchive.county",
            )
        if event.county != source.county:
            reasons.append(
                Reason(
                    "5.3.3",
                    f"撤销学校的学籍档案移交其所在县（{source.county}）的教育主管部门",
                    f"a closed school's archives go to the authority of its own county "
                    f"({source.county})",
                )
            )
    if reasons:
        return Decision.refuse(*reasons)
    return Decision.allow()


@transition(HandOverArchive)
def _hand_over(record: Record, event: HandOverArchive, context: Context) -> Record:
    return record.appended(entry(record, event, context))


def migrant_archive_due(dropped_on: _dt.date, context: Context) -> _dt.date:
    """2.4.1's "每学期末": the last day of the term holding ``dropped_on`` (the day the student was set
    to 辍学), by :func:`~liangshan_xueji.policy.review.term_of`."""
    return term_of(dropped_on, context.parameters)[1]


def _migrant_dropout(record: Record) -> tuple[_dt.date, bool] | None:
    """The day the record last became 辍学 and whether that act named a 随迁子女; ``None``: never."""
    for e in reversed(record.history):
        if isinstance(e.event, (MarkDropout, ProvisionalDropout)):
            return e.on, e.event.migrant_child
    return None


@rule(MigrantArchiveHandover)
@implements("2.4.1")
def evaluate_migrant_handover(
    record: Record, event: MigrantArchiveHandover, context: Context
) -> Decision:
    """随迁子女辍学 (2.4.1): "就读学校的学籍主管部门应于每学期末将学生学籍档案转交其户籍所在地县（区）
    教育行政部门" — a compulsory-stage 辍学 recorded as a 随迁子女, an archive the school holds, a 户籍
    not in the school's own county; due at the end of the term of the 辍学 (late: allowed, said)."""
    reasons: list[Reason] = []
    school = context.school(event.from_school, where="from_school")
    if event.from_school != record.school_code:
        reasons.append(
            Reason(
                "2.4.1",
                f"学籍档案由就读学校（{record.school_code}）的学籍主管部门转交",
                f"the archive is handed over from the school attended ({record.school_code})",
            )
        )
    if not record.grade.compulsory:
        reasons.append(
            Reason(
                "2.4.1",
                "只有义务教育阶段随迁子女辍学的学籍档案按此转交",
                "only compulsory-stage dropouts' archives are handed over this way",
            )
        )
    dropped = _migrant_dropout(record)
    if dropped is None or not dropped[1]:
        reasons.append(
            Reason(
                "2.4.1",
                "该生辍学时未登记为外来务工人员随迁子女",
                "the dropout was not recorded as a child of migrant workers (随迁子女)",
            )
        )
    state = archive_state(record)
    if state is None:
        reasons.append(Reason("2.4.1", "尚未建立学籍档案", "there is no archive to hand over"))
    elif state.held_by_county or state.holder != event.from_school:
        reasons.append(
            Reason(
                "2.4.1",
                f"学籍档案不在 {event.from_school}，无法由该校转交",
                f"the archive is not held by {event.from_school}",
            )
        )
    inside = p.household_in_county(record.student, school)
    zh, en = p.household_basis(record.student)
    if inside is True:
        reasons.append(
            Reason(
                "2.4.1",
                f"学生户籍在学校所在的{school.county}（{zh}），不是转交外地的随迁子女档案",
                f"the student's 户籍 is in the school's own county {school.county} ({en}): "
                "not a migrant child's archive to send away",
            )
        )
    own = record.student.household_region
    if event.region is not None and own is not None and event.region != own:
        reasons.append(
            Reason(
                "2.4.1",
                f"接收部门的行政区划代码 {event.region} 不是学生户籍地的 {own}",
                f"the receiving department's region {event.region} is not the student's 户籍 "
                f"region {own}",
            )
        )
    if reasons:
        return Decision.refuse(*reasons)
    assert dropped is not None
    due = migrant_archive_due(dropped[0], context)
    notes: list[Reason] = []
    if inside is None:
        notes.append(
            Reason(
                "2.4.1",
                f"未能核对学生户籍是否在{school.county}之外（{zh}）",
                f"whether the student's 户籍 is outside {school.county} could not be checked ({en})",
            )
        )
    return p.allow_by(
        "2.4.1", due, context.on,
        f"应于辍学当学期末（{due}）转交，已逾期",
        f"due at the end of the term of the dropout ({due}); it is late",
        *notes, start=dropped[0],
    )  # fmt: skip


@transition(MigrantArchiveHandover)
def _migrant_handover(record: Record, event: MigrantArchiveHandover, context: Context) -> Record:
    return record.appended(entry(record, event, context))


def _last_county_handover(record: Record) -> HandOverArchive | MigrantArchiveHandover | None:
    """The act that last put the archive in a county authority's hands; ``None``: none."""
    for e in reversed(record.history):
        ev = e.event
        if isinstance(ev, MigrantArchiveHandover) or (
            isinstance(ev, HandOverArchive) and ev.county is not None
        ):
            return ev
    return None


@rule(ReclaimArchive)
@implements("2.4.1", "5.3.1", "5.3.3")
def evaluate_reclaim(record: Record, event: ReclaimArchive, context: Context) -> Decision:
    """调回学籍档案 (2.4.1, 2.4.3, 5.3.1, 5.3.3): only an archive a county authority holds — handed over
    for a 随迁子女's dropout (2.4.1) or a closed school (5.3.3) — and only by the school the student
    now attends (the record's school; the student 在校 or 休学, the status machine's row), never by the
    closed school that handed it over. No time limit: the text sets none."""
    context.school(event.to_school, where="to_school")
    state = archive_state(record)
    reasons: list[Reason] = []
    if state is None:
        reasons.append(Reason("5.3", "尚未建立学籍档案", "there is no archive to take back"))
    elif not state.held_by_county:
        reasons.append(
            Reason(
                "5.3.1",
                f"学籍档案现由学校（{state.holder}）保管，不在县级教育行政部门，"
                "随学生转接用 MoveArchive",
                f"the archive is held by a school ({state.holder}), not a county authority; "
                "it follows the student by MoveArchive",
            )
        )
    elif event.authority != state.holder:
        reasons.append(
            Reason(
                "5.3",
                f"学籍档案现由 {state.holder} 保管，不在 {event.authority}",
                f"the archive is held by {state.holder}, not by {event.authority}",
            )
        )
    if event.to_school != record.school_code:
        reasons.append(
            Reason(
                "5.3.1",
                f"学籍档案调回学生现就读的学校（{record.school_code}）",
                f"the archive goes back to the school the student now attends "
                f"({record.school_code})",
            )
        )
    last = _last_county_handover(record) if state is not None and state.held_by_county else None
    if isinstance(last, HandOverArchive) and last.from_school == event.to_school:
        reasons.append(
            Reason(
                "5.3.3",
                f"{event.to_school} 已撤销，其学籍档案由县级教育主管部门管理，不再调回该校；"
                "学生转入或升入其他学校后由该校调回",
                f"{event.to_school} was closed and its archives are the county authority's; the "
                "school the student transfers or is admitted to takes the archive back",
            )
        )
    if reasons:
        return Decision.refuse(*reasons)
    return Decision.allow()


@transition(ReclaimArchive)
def _reclaim(record: Record, event: ReclaimArchive, context: Context) -> Record:
    return record.appended(entry(record, event, context))


@rule(DestroyArchive)
@implements("5.3.1", "8.4")
def evaluate_destroy(record: Record, event: DestroyArchive, context: Context) -> Decision:
    """销毁学籍档案: always refused — the last school keeps the archive permanently (5.3.1); any other
    disposal "按相关规定办理" is outside this regulation (8.4)."""
    state = archive_state(record)
    holder = f"（现由 {state.holder} 保管）" if state is not None else ""
    holder_en = f" (held by {state.holder})" if state is not None else ""
    return Decision.refuse(
        Reason(
            "5.3.1",
            f"学生最后终止学业的学校应当归档永久保存学生的学籍档案{holder}",
            f"the last school keeps the student's archive permanently{holder_en}",
        ),
        Reason(
            "8.4",
            "其他处理方式“按相关规定办理”，按《学籍管理办法》及教育部、省教育厅相关规定执行，本库不予办理",
            "any other disposal follows the national rules and the Ministry's and province's "
            "rules; this library does not perform it",
        ),
    )


@transition(DestroyArchive)
def _never(record: Record, event: DestroyArchive, context: Context) -> Record:  # pragma: no cover
    raise AssertionError("an archive is never destroyed")


# --------------------------------------------------------------------------------------------------
# Checklist and school-level handovers


@implements(
    "5.1", "5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.5", "5.1.6", "5.1.7", "5.2"
)  # fmt: skip
def archive_checklist(
    record: Record,
    *,
    required: Iterable[ArchiveItem] = CORE_ARCHIVE_ITEMS,
    provincial_items: Iterable[str] = (),
) -> Decision:
    """学籍档案清单 (5.1, 5.2): whether the archive holds every ``required`` kind (default 5.1.1–5.1.4;
    add ``ArchiveItem.AWARDS`` or ``FINANCIAL_AID`` for a student who has any) and every provincial item
    named (5.1.7), in both parts (5.2). Refused with each missing item as a missing material.
    """
    p.check_type(record, Record, "record")
    wanted = p.to_frozenset(required)
    if not isinstance(wanted, frozenset) or not all(isinstance(i, ArchiveItem) for i in wanted):
        raise InvalidInput(
            "required 应为 ArchiveItem 的集合", "required must be ArchiveItems", where="required"
        )
    names = p.to_frozenset(provincial_items)
    if not isinstance(names, frozenset) or not all(isinstance(n, str) and n.strip() for n in names):
        raise InvalidInput(
            "provincial_items 应为非空名称的集合",
            "provincial_items must be non-empty names",
            where="provincial_items",
        )
    state = archive_state(record)
    if state is None:
        return Decision.refuse(
            Reason("5", "尚未建立学籍档案", "no archive has been created"),
            missing=[_item_material(i) for i in ArchiveItem if i in wanted],
        )
    missing = [_item_material(i) for i in state.missing(wanted)]
    missing += [_provincial_material(n) for n in sorted(names - state.provincial_items)]
    if not state.electronic:
        missing.append(_ELECTRONIC)
    if not state.paper:
        missing.append(_PAPER)
    if missing:
        reasons = [
            Reason(m.clause, f"学籍档案缺少：{m.zh}", f"the archive lacks {m.en}") for m in missing
        ]
        return Decision.refuse(*reasons, missing=missing)
    return Decision.allow()


def _hand_over_all(
    records: Iterable[Record], school: School, event_for: dict[str, object], context: Context
) -> tuple[Decision, tuple[Record, ...]]:
    rows = p.records_of(records)
    targets = []
    closed = 0
    for i, r in enumerate(rows):
        state = archive_state(r)
        if state is not None and not state.held_by_county and state.holder == school.code:
            if r.status.terminal:
                closed += 1
            else:
                targets.append(i)
    targets, skipped = p.skip_outside(rows, targets)
    events = {
        i: HandOverArchive(student=rows[i].student.student_number, **event_for)  # type: ignore[arg-type]
        for i in targets
    }
    decisions = [evaluate(rows[i], events[i], context) for i in targets]
    if closed:
        clause = "5.3.2" if event_for["reason"] is HandoverReason.MERGER else "5.3.3"
        decisions.append(
            Decision.allow(
                Reason(
                    clause,
                    f"另有 {closed} 份终止状态学籍（死亡、重复学籍已删除）的档案随之移交；"
                    "这些学籍不再接受任何操作，移交未记入其历史",
                    f"{closed} more archive(s) of records in a terminal state (deceased, removed "
                    "duplicate) go with them; those records accept no act, so the handover is not "
                    "in their history",
                )
            )
        )
    decision = Decision.combine(*decisions, skipped)
    if not decision.allowed:
        return decision, rows
    out = list(rows)
    for i in targets:
        out[i] = apply(rows[i], events[i], context)
    return decision, tuple(out)


@implements("5.3", "5.3.2")
def merge_school_archives(
    records: Iterable[Record], merged: School, into: School, context: Context
) -> tuple[Decision, tuple[Record, ...]]:
    """学校合并 (5.3.2): every archive ``merged`` holds goes to ``into``, all or nothing.

    Returns the decision and the records in the same order, the handed-over ones replaced. A record
    of a student this regulation does not govern (8.5) is left as it is and named in an 8.5 reason of
    the decision (its archive follows the Ministry's and the province's rules). The
    records' own school (where the student is registered) is not changed: moving the students of a
    merged school is an act of the national system outside this regulation (8.4).
    """
    p.check_type(merged, School, "merged")
    p.check_type(into, School, "into")
    p.check_context(context)
    fields: dict[str, object] = {
        "reason": HandoverReason.MERGER,
        "from_school": merged.code,
        "to_school": into.code,
    }
    decision, rows = _hand_over_all(records, merged, fields, context)
    note = Reason(
        "5.3.2",
        f"学校合并，其学籍档案移交并入学校（{into.name}）管理",
        f"the merged school's archives go to {into.name}",
    )
    return Decision.combine(decision, Decision.allow(note)), rows


@implements("5.3", "5.3.3")
def close_school_archives(
    records: Iterable[Record], closed: School, context: Context
) -> tuple[Decision, tuple[Record, ...]]:
    """学校撤销 (5.3.3): every archive ``closed`` holds goes to the education authority of its county,
    all or nothing. Returns the decision and the records, the handed-over ones replaced; a record of
    a student this regulation does not govern (8.5) is left as it is and named in an 8.5 reason."""
    p.check_type(closed, School, "closed")
    p.check_context(context)
    fields: dict[str, object] = {
        "reason": HandoverReason.CLOSURE,
        "from_school": closed.code,
        "county": closed.county,
    }
    decision, rows = _hand_over_all(records, closed, fields, context)
    note = Reason(
        "5.3.3",
        f"学校撤销，其学籍档案移交县级教育主管部门（{closed.county}）管理",
        f"the closed school's archives go to the county authority ({closed.county})",
    )
    return Decision.combine(decision, Decision.allow(note)), rows
