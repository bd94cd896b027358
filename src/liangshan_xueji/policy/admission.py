"""招生管理 Admission: clause 3.2 (with 1.2, 1.4, 5.3.1, 6.1 and 6.2).

Junior 1 and senior 1 take their students from the previous stage's graduates, by unified or independent
admission (统一招生 / 自主招生), and the record continues: the same :class:`~liangshan_xueji.records.models.Record`,
its history kept, moves from 毕业 at the old school to 在校 in the next stage's first year at the
admitting school (:class:`Admit`). Compulsory admission follows the catchment areas (划片招生、就近入学);
the county caps, year by year, the share of students taken from outside the catchment. Senior high admits
within its own area (属地招生); admitting across areas needs the prefecture bureau's approval. A family
that moved for work goes through a transfer (2.1) instead.

Readings:

- **一年级新生**: the text admits "初、高中一年级新生", so the admitting grade is the first year of the
  next stage at the admitting school, under its own 学制: a 六三制 primary-6 graduate enters junior 1
  both under 六三制 (year 7) and under 五四制 (year 6: the year number does not go down, and the
  student is not held back — the 五四制 junior school's first year is its 初一). A 五四制 primary-5
  graduate enters junior 1 under 五四制 (year 6); under 六三制 junior 1 is year 7, which would skip
  year 6 of the nine years (2.1.5: "保障学生完整接受 9 年义务教育"), so it is not an admission (the
  student finishes primary 6 first). Junior graduates (year 9) enter senior 1.
- **Catchment**: ``in_catchment`` is the host's answer; when it is not given, the student is read as
  in the area when the student's 户籍 region code (行政区划代码, GB/T 2260) is the school's county's
  (:func:`~liangshan_xueji.policy._parts.household_in_county`): the explicit
  ``Student.household_region``, else the ID number's first six digits, which name where the number
  was issued and not necessarily the current 户籍 (the decision says which it used). A county is
  coarser than a catchment: a county's own catchment map, given as ``in_catchment``, is finer. With
  no code (or one the county table cannot place) the catchment is not guessed from the 户籍 text: the
  admission is allowed with a note that the catchment could not be checked. The text asks the counties to lower the cross-catchment share
  year by year ("逐年控制跨片区招收学生的比例"); it sets no ratio itself. So a cross-catchment
  admission is refused only when the county's ratio is given with the act (:class:`CatchmentQuota`:
  the ratio, the county's document and this year's figures at the school) and this admission would
  exceed it; without a ratio it is allowed, with a note that the county's ratio was not checked.
- **区域** (senior): the county (县市) of the student's 户籍.
- **Arrival** (1.4): junior 1 and senior 1 are starting grades, registered on actual arrival.
"""

from __future__ import annotations

import datetime as _dt
import enum

import attrs

from ..decisions import Deadline, Decision, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..records.models import Grade, Record, School, Stage, Status, student_mode
from ..records.status import Context, StatusEvent, add_months, entry, rule, transition
from . import _parts as p
from .archives import ARCHIVE_MOVE_PARAMETER, archive_state
from .model_one import model_one_admission_reasons
from .registration import before_arrival

__all__ = ["AdmissionMethod", "Admit", "CatchmentQuota", "admission_grade"]


class AdmissionMethod(enum.Enum):
    """统一招生 (unified) or 自主招生 (independent) admission (3.2)."""

    UNIFIED = "统一招生"
    INDEPENDENT = "自主招生"


def _ratio(inst: object, attribute: attrs.Attribute[float], value: object) -> None:
    if not p.is_instance(value, int, float) or not 0 <= value <= 1:  # type: ignore[operator]
        w = p.where(inst, attribute)
        raise InvalidInput(
            f"{w} 应为 0 到 1 之间的比例", f"{w} must be a ratio between 0 and 1", where=w
        )


@attrs.frozen(kw_only=True)
class CatchmentQuota:
    """The county's cap on cross-catchment admission (跨片区招收学生的比例, 3.2) and this school year's
    figures at the admitting school: ``admitted`` students taken into the grade so far, of whom
    ``cross_area`` from outside the catchment. ``reference`` names the county's document."""

    county: str = attrs.field(validator=p.text())
    max_ratio: float = attrs.field(validator=_ratio)
    reference: str = attrs.field(validator=p.text())
    admitted: int = attrs.field(validator=p.count)
    cross_area: int = attrs.field(validator=p.count)

    def __attrs_post_init__(self) -> None:
        if self.cross_area > self.admitted:
            raise InvalidInput(
                "跨片区人数不能多于已录取人数",
                "cross-catchment admissions cannot exceed all admissions",
                where="CatchmentQuota.cross_area",
            )


@attrs.frozen(kw_only=True)
class Admit(StatusEvent, kind="admission"):
    """升学录取 (3.2): a graduate admitted to ``school_code``'s next-stage first year, same record.

    ``method`` is unified or independent admission; ``arrived_on`` the day of actual arrival (1.4);
    ``in_catchment`` whether the student is from the school's catchment (compulsory) or area (senior),
    ``None`` to read it from the 户籍; ``quota`` the county's cross-catchment cap (compulsory);
    ``prefecture_approval`` the prefecture bureau's approval of a senior cross-area admission;
    ``passed_model_one_test`` the test of 6.1; ``model_one_roster_approval`` the prefecture's approval
    of the 一类模式 senior roster (6.2).
    """

    school_code: str = attrs.field(validator=p.text())
    class_name: str = attrs.field(validator=p.text())
    method: AdmissionMethod = attrs.field(validator=p.of(AdmissionMethod))
    arrived_on: _dt.date | None = attrs.field(default=None, validator=p.of(_dt.date, optional=True))
    in_catchment: bool | None = attrs.field(default=None, validator=p.of(bool, optional=True))
    quota: CatchmentQuota | None = attrs.field(
        default=None, validator=p.of(CatchmentQuota, optional=True)
    )
    prefecture_approval: str | None = attrs.field(default=None, validator=p.text(optional=True))
    passed_model_one_test: bool = attrs.field(default=False, validator=p.of(bool))
    model_one_roster_approval: str | None = attrs.field(
        default=None, validator=p.text(optional=True)
    )


_NEXT_STAGE = {Stage.PRIMARY: Stage.JUNIOR, Stage.JUNIOR: Stage.SENIOR}


def admission_grade(record: Record, school: School) -> Grade | None:
    """The grade a graduate of ``record``'s stage enters at ``school`` (3.2: "一年级新生"): the first
    year of the next stage under ``school``'s 学制, unless that would skip a compulsory year (a 五四制
    primary-5 graduate and a 六三制 junior school: 2.1.5's nine full years); ``None`` then, and for a
    senior graduate."""
    nxt = _NEXT_STAGE.get(record.grade.stage)
    if nxt is None:
        return None
    first = Grade(nxt, 1, school.system)
    return first if first.year <= record.grade.year + 1 else None


def _in_area(record: Record, event: Admit, school: School) -> bool | None:
    """In the catchment (compulsory) or area (senior): the host's answer, else decided from the 户籍
    region code (3.2); ``None`` when it cannot be decided."""
    if event.in_catchment is not None:
        return event.in_catchment
    return p.household_in_county(record.student, school)


def _unchecked_area(record: Record, school: School) -> Reason:
    zh, en = p.household_basis(record.student)
    return Reason(
        "3.2",
        f"未能核对该生是否属{school.county}招生片区（{zh}），请按县市的划片核对",
        f"whether the student is in {school.county}'s catchment could not be checked ({en}); "
        "check it against the county's catchment map",
    )


_NO_ARRIVAL_DAY = Reason(
    "1.4",
    "初一、高一按学生实际到校报到注册学籍，须记录报到日期",
    "junior 1 and senior 1 are registered on actual arrival; the day is needed",
)


@rule(Admit)
@implements("3.2", "1.2", "1.4", "5.3.1", "6.1", "6.2")
def evaluate_admission(record: Record, event: Admit, context: Context) -> Decision:
    """升学录取 (3.2): a graduate of the previous stage, into the next year in the next stage, on actual
    arrival (1.4); compulsory: in the catchment or within the county's cross-catchment ratio; senior:
    in the area or with the prefecture bureau's approval; 一类模式 schools: the test (6.1) or the
    approved roster (6.2). Allowed with the archive's move (5.3.1) as the deadline it starts.
    """
    school = context.school(event.school_code, where="school_code")
    previous = context.school(record.school_code, where="record.school_code")
    reasons: list[Reason] = []
    grade = admission_grade(record, school)
    if grade is None:
        if record.grade.stage is Stage.SENIOR:
            reasons.append(
                Reason(
                    "3.2",
                    "高中毕业生没有基础教育的下一阶段可以录取",
                    "a senior graduate has no further stage of basic education to be admitted to",
                )
            )
        else:
            reasons.append(
                Reason(
                    "3.2",
                    f"{school.name}（{school.system.value}）初中一年级是第 {record.grade.year + 2} 年，"
                    f"该生只读完第 {record.grade.year} 年，升入将少读一年义务教育（2.1.5），不是升学招生",
                    f"junior 1 at {school.name} ({school.system.en}) is year {record.grade.year + 2}; "
                    f"the student finished year {record.grade.year}, so admission would skip a year "
                    "of compulsory education (2.1.5): not an admission",
                )
            )
    elif not school.offers(grade):
        raise InvalidInput(
            f"{school.name}不设{grade.label_zh}",
            f"{school.name} does not offer {grade.label_en}",
            where="school_code",
        )
    reasons += before_arrival(event.arrived_on, context.on, _NO_ARRIVAL_DAY)
    if grade is not None:
        reasons += _area_reasons(record, event, school, grade)
        reasons += model_one_admission_reasons(
            previous,
            school,
            grade,
            passed_test=event.passed_model_one_test,
            roster_approval=event.model_one_roster_approval,
            previous_mode=student_mode(record, previous),
            class_name=event.class_name,
        )
    if reasons:
        return Decision.refuse(*reasons)
    notes = [
        Reason(
            "3.2",
            f"以{event.method.value}方式录取，直接接续原有学籍档案信息",
            f"admitted by {event.method.name.lower()} admission, continuing the existing archive",
        )
    ]
    area = _in_area(record, event, school)
    if grade is not None and area is None:
        notes.append(_unchecked_area(record, school))
    unchecked = grade is not None and grade.compulsory and event.quota is None
    if unchecked and area is False:
        notes.append(
            Reason(
                "3.2",
                f"跨片区招生：未给出{school.county}逐年控制的跨片区比例，未核对比例",
                f"a cross-catchment admission: {school.county}'s yearly ratio was not given, "
                "so it was not checked",
            )
        )
    state = archive_state(record)
    deadline = None
    if state is not None and state.holder != school.code:
        # 5.3.1 sets the move no time limit: a deadline only when the caller sets one (no default).
        months = context.optional_int_param(ARCHIVE_MOVE_PARAMETER)
        if months is not None:
            due = add_months(context.on, months)
            deadline = Deadline(clause="5.3.1", start=context.on, due=due)
        if state.held_by_county:
            notes.append(
                Reason(
                    "5.3.1",
                    f"学籍档案现由县级教育行政部门（{state.holder}）保管，由升入学校调回"
                    "（ReclaimArchive）",
                    f"the archive is held by a county authority ({state.holder}); the admitting "
                    "school takes it back (ReclaimArchive)",
                )
            )
        else:
            notes.append(
                Reason(
                    "5.3.1",
                    f"学籍档案应转至升入学校，毕业学校 {state.holder} 保留电子档案备份和必要的纸质档案复印件",
                    f"the archive goes to the admitting school; the graduating school "
                    f"{state.holder} keeps an electronic backup and paper copies",
                )
            )
    return Decision.allow(*notes, deadline=deadline)


def _area_reasons(record: Record, event: Admit, school: School, grade: Grade) -> list[Reason]:
    if _in_area(record, event, school) is not False:
        return []  # in the area, or undecided: a note says so (never a refusal on a guess)
    transfer_note = (
        "如因家长工作调动、进城务工等因素确需跨区域就读，需严格按照相关程序办理转学等手续"
    )
    transfer_en = (
        "a family that must study elsewhere for work follows the transfer procedure instead"
    )
    if grade.compulsory:
        quota = event.quota
        if quota is None:
            return []  # the text sets no ratio; the county's, when given, is checked below
        if quota.county != school.county:
            raise InvalidInput(
                f"跨片区比例应为{school.county}设定的",
                f"the cross-catchment ratio must be {school.county}'s",
                where="Admit.quota.county",
            )
        share = (quota.cross_area + 1) / (quota.admitted + 1)
        if share > quota.max_ratio + 1e-12:
            return [
                Reason(
                    "3.2",
                    f"跨片区招生将达 {quota.cross_area + 1}/{quota.admitted + 1}，超过{quota.county}"
                    f"设定的比例 {quota.max_ratio:.0%}（{quota.reference}）",
                    f"cross-catchment admissions would reach {quota.cross_area + 1} of "
                    f"{quota.admitted + 1}, above the county's {quota.max_ratio:.0%} "
                    f"({quota.reference})",
                )
            ]
        return []
    if event.prefecture_approval is None:
        return [
            Reason(
                "3.2",
                f"普通高中实行属地招生，未经州教育局批准不得跨区域招生；{transfer_note}",
                f"senior high admits within its own area; a cross-area admission needs the "
                f"prefecture bureau's approval; {transfer_en}",
            )
        ]
    return []


@transition(Admit)
def _admit(record: Record, event: Admit, context: Context) -> Record:
    school = context.school(event.school_code, where="school_code")
    grade = admission_grade(record, school)
    assert grade is not None
    # The student now studies in the admitting class: its mode (6.1, 6.2), ``None`` when unknown.
    mode = school.class_mode(grade, event.class_name)
    after = {"status": Status.ENROLLED, "school_code": school.code, "grade": grade, "mode": mode}
    return record.appended(
        entry(record, event, context, **after),
        class_name=event.class_name,
        transfer=None,
        suspension=None,
        **after,
    )
