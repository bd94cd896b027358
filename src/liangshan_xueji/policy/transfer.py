"""转学 Transfers: clauses 2.1–2.1.6.5 (and the 一类模式 bans of 6.1 and 6.3 as they bear on transfers).

A transfer is a workflow (2.1): the receiving school starts it in the national system with the approved
application (附表1, 2.1.1); then the receiving authority, the sending school and the sending authority
act. Inside the prefecture they have 10 working days (2.1.4); across prefectures or provinces the
province's rule applies ("按照省教育厅相关规定执行"): a parameter with no default
(``cross_prefecture_transfer_workdays``) — no due date until a caller sets it. When the last party
approves, the record moves to the receiving school (籍随人走) in the same compulsory year (2.1.5).
"""

from __future__ import annotations

from typing import Any

import attrs

from .._validators import check_type
from ..decisions import Deadline, Decision, Material, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..records.materials import TransferMaterial
from ..records.models import (
    Grade,
    Record,
    School,
    Stage,
    Status,
    TeachingMode,
    TransferWorkflow,
    student_mode,
)
from ..records.status import (
    Context,
    TransferAct,
    TransferParty,
    TransferRequest,
    entry,
    rule,
    transition,
)
from . import _parts as p

__all__ = [
    "CLASS_SIZE_FACT",
    "TRANSFER_MATERIALS",
    "class_size_bar",
    "graduation_year_bar",
    "model_one_bar",
    "open_transfer_reasons",
    "provincial_model_bar",
    "suspension_bar",
    "transfer_blockers",
    "year_change_bar",
]

#: The province's period for a transfer across prefectures or provinces (2.1.4, "按照省教育厅相关规定
#: 执行"): a parameter with no default — no due date and nothing overdue until a caller sets it.
CROSS_PREFECTURE_PARAMETER = "cross_prefecture_transfer_workdays"

#: The materials of 2.1.1: the record's basic information and 附表1 with the receiving school's
#: opinion and seal (附表1 说明 2) — nothing more may be asked of the family.
TRANSFER_MATERIALS: tuple[Material, ...] = (
    Material(
        TransferMaterial.BASIC_INFO_SHEET.value,
        "2.1.1",
        "转出学校打印的学生基本信息表（学籍准确信息）",
        "the student's basic information sheet printed by the sending school",
    ),
    Material(
        TransferMaterial.F1.value,
        "2.1.1",
        "附表1 义务教育阶段学生转学申请登记表（拟转入学校签署意见并盖章）",
        "附表1, the transfer application, with the receiving school's opinion and seal",
    ),
)

_OPEN_TRANSFER = Reason(
    "2.1",
    "该学生有正在办理的转学，须先办结或撤回",
    "a transfer of this student is open; finish or withdraw it first",
)


def open_transfer_reasons(record: Record) -> list[Reason]:
    """The 2.1 reason that bars another status change while a transfer is open; empty if none is."""
    return [] if record.transfer is None else [_OPEN_TRANSFER]


def _target_grade(record: Record, event: TransferRequest, receiving: School) -> Grade:
    if event.to_grade is None:
        if record.grade.compulsory:
            return record.grade.with_system(receiving.system)
        return record.grade
    return event.to_grade


# --------------------------------------------------------------------------------------------------
# The conditions of 2.1.5, 2.1.6.x, 6.1 and 6.3: one pure function per clause. The rules below call them
# on a transfer being started or acted on; the audit (``policy.overdue.barred_transfer_completed``)
# replays a completed transfer through the same functions.


#: The key of the fact 2.1.6.1 needs: the receiving class's current size (``Reason.needs``).
CLASS_SIZE_FACT = "class_size"


@implements("2.1.6.1")
def class_size_bar(
    receiving: School, to_grade: Grade, to_class: str, context: Context
) -> tuple[Reason, ...]:
    """2.1.6.1 (with 2.1.2): the receiving class is at the size standard (a refusal by the rule), or
    its size is unknown (cannot decide: a reason with ``needs="class_size"``, see
    :attr:`~liangshan_xueji.decisions.Decision.undecided`)."""
    limit = receiving.size_limit(to_grade.stage, context.parameters, context.on)
    size = receiving.class_size(to_grade, to_class)
    if size is None:
        return (
            Reason(
                "2.1.6.1",
                f"无法判断：拟转入班级 {to_class} 的班额未知，请提供该班现有人数（班额标准 {limit} 人）",
                f"cannot decide: the size of the receiving class {to_class} is unknown; give the "
                f"class's current size (the class-size standard is {limit})",
                needs=CLASS_SIZE_FACT,
            ),
        )
    if size >= limit:
        return (
            Reason(
                "2.1.6.1",
                f"拟转入班级已有 {size} 人，已达到班额标准 {limit} 人，不得接收转学学生",
                f"the receiving class has {size} students, at the class-size standard of {limit}; "
                "it may not take a transfer",
            ),
        )
    return ()


@implements("2.1.6.2")
def provincial_model_bar(sending: School, receiving: School, to_grade: Grade) -> tuple[Reason, ...]:
    """2.1.6.2: a senior student from a non-model school into a provincial model senior high."""
    if (
        to_grade.stage is Stage.SENIOR
        and receiving.provincial_model
        and not sending.provincial_model
    ):
        return (
            Reason(
                "2.1.6.2",
                "高中阶段不得由非省级示范性普通高中转入省级示范性普通高中",
                "a senior student may not transfer from a non-model school into a provincial "
                "model senior high",
            ),
        )
    return ()


def _receiving_mode(
    receiving: School, to_grade: Grade, to_class: str | None
) -> TeachingMode | None:
    """The mode of the class the student joins: its ``mode``, else the school's sole mode (6.1)."""
    if to_class is None:
        return receiving.sole_mode
    return receiving.class_mode(to_grade, to_class)


@implements("2.1.6.2", "6.1", "6.3")
def model_one_bar(
    sending: School,
    receiving: School,
    to_grade: Grade,
    *,
    student: TeachingMode | None = None,
    to_class: str | None = None,
    receiving_mode: TeachingMode | None = None,
) -> tuple[Reason, ...]:
    """2.1.6.2 with 6.1 (compulsory) or 6.3 (senior): a non-一类模式 student into a 一类模式 class.

    一类模式 is the student's (the class's) mode, not the school's: ``student`` is the student's mode
    at the sending school (:func:`~liangshan_xueji.records.models.student_mode`; ``None``: the sending
    school's when it runs only one mode); the receiving side is ``receiving_mode`` when given, else the
    mode of the class ``to_class`` (:meth:`~liangshan_xueji.records.models.School.class_mode`), else
    the receiving school's sole mode. A school may run both modes. When the answer depends on a mode
    nobody gave (a school running several modes, a class or student without one), the reason says
    which fact to give: the rule cannot decide and refuses rather than guess.
    """
    check_type(sending, "sending", School)
    check_type(receiving, "receiving", School)
    check_type(to_grade, "to_grade", Grade)
    check_type(student, "student", TeachingMode, optional=True)
    check_type(to_class, "to_class", str, optional=True)
    check_type(receiving_mode, "receiving_mode", TeachingMode, optional=True)
    mode = student if student is not None else sending.sole_mode
    into = receiving_mode
    if into is None:
        into = _receiving_mode(receiving, to_grade, to_class)
    if mode is TeachingMode.MODEL_ONE:
        return ()
    if into is None:
        if not receiving.runs(TeachingMode.MODEL_ONE):
            return ()
        return (
            Reason(
                "2.1.6.2",
                f"{receiving.name}开设一类模式，拟转入班级 {to_class or '（未指定）'} 的教学模式未知，"
                "无法判断是否非一类模式转入一类模式：请提供该班级的教学模式（ClassInfo.mode）",
                f"{receiving.name} runs model-one classes and the mode of the receiving class "
                f"{to_class or '(none given)'} is unknown, so 2.1.6.2 cannot be decided: give the "
                "class's mode (ClassInfo.mode)",
                needs=p.CLASS_MODE_FACT,
            ),
        )
    if into is not TeachingMode.MODEL_ONE:
        return ()
    if mode is None:
        return (
            Reason(
                "2.1.6.2",
                f"拟转入一类模式班级，但学生在{sending.name}的教学模式未知（该校开设多种模式），"
                "无法判断：请提供学生的教学模式（Record.mode）或其班级的教学模式（ClassInfo.mode）",
                f"the receiving class is model one but the student's mode at {sending.name} is "
                "unknown (the school runs several modes), so 2.1.6.2 cannot be decided: give the "
                "student's mode (Record.mode) or the class's (ClassInfo.mode)",
                needs=p.STUDENT_MODE_FACT,
            ),
        )
    barred = Reason(
        "2.1.6.2",
        f"非一类模式学生（{mode.value}）不得转入一类模式学校（班级）",
        f"a student not in model one ({mode.en}) may not transfer into a model-one school (class)",
    )
    if to_grade.compulsory:
        return (
            barred,
            Reason(
                "6.1",
                "严禁一类模式学校中途接收转入非一类模式学生学籍",
                "a model-one school must never take a non-model-one student mid-way",
            ),
        )
    return (
        barred,
        Reason(
            "6.3",
            "严禁一类模式普通高中学校中途接收转入非一类模式学生学籍（川教函〔2013〕746号）",
            "a model-one senior high must never take a non-model-one student mid-way "
            "(川教函〔2013〕746号)",
        ),
    )


@implements("2.1.6.3")
def graduation_year_bar(from_grade: Grade) -> tuple[Reason, ...]:
    """2.1.6.3: the student is in a graduation year."""
    if from_grade.is_graduation_year:
        return (
            Reason(
                "2.1.6.3",
                f"{from_grade.label_zh}是毕业年级，原则上不得转学",
                f"{from_grade.label_en} is a graduation year; no transfer",
            ),
        )
    return ()


@implements("2.1.6.4", "2.1.3")
def suspension_bar(status: Status) -> tuple[Reason, ...]:
    """2.1.6.4 (with 2.1.3): the student is suspended — they resume at the old school first."""
    if status is Status.SUSPENDED:
        return (
            Reason(
                "2.1.6.4",
                "学生在休学期间不得转学",
                "no transfer while the student is suspended (休学)",
            ),
            Reason(
                "2.1.3",
                "“休学”状态的学生应在原就读学校办理复学手续后再办理转学手续",
                "a suspended student first resumes at the old school, then transfers",
            ),
        )
    return ()


@implements("2.1.5", "2.1.6.5")
def year_change_bar(
    from_grade: Grade, to_grade: Grade, years_passed: int = 0
) -> tuple[Reason, ...]:
    """2.1.5 and 2.1.6.5: the transfer changes the year (a lower one is also a retention or demotion
    by transfer). ``years_passed`` is the number of promotions (3.1) the student is owed since
    ``from_grade`` was recorded: an audit replaying a history whose promotions the national system made
    without an entry passes the school years crossed; a rule judging an act now passes 0.

    Only the year is compared: across 学制 the stage may change with it (五四制 初一 is 六三制
    小学六年级, both year 6), which is exactly 2.1.5's correspondence.
    """
    year = from_grade.year + years_passed
    if to_grade.year == year:
        return ()
    reasons: list[Reason] = []
    if to_grade.year < year:
        reasons.append(
            Reason(
                "2.1.6.5",
                f"转入{to_grade.label_zh}低于现就读的{from_grade.label_zh}，不得以转学实现留级或降级",
                f"{to_grade.label_en} is below the current {from_grade.label_en}: no "
                "retention or demotion by transfer",
            )
        )
    reasons.append(
        Reason(
            "2.1.5",
            f"转学应按 1-9 年级对应，不得变更就读年级（现为第 {from_grade.year} 年，"
            f"拟转入第 {to_grade.year} 年）",
            f"a transfer keeps the year (years 1–9 correspond across 学制): now year "
            f"{from_grade.year}, proposed year {to_grade.year}",
        )
    )
    return tuple(reasons)


@implements("2.1.6", "2.1.6.1", "2.1.6.2", "2.1.6.3", "2.1.6.4", "2.1.6.5", "2.1.5", "6.1", "6.3")
def transfer_blockers(
    record: Record,
    sending: School,
    receiving: School,
    to_grade: Grade,
    to_class: str,
    context: Context,
) -> tuple[Reason, ...]:
    """Every reason of 2.1.6 (and 2.1.5, 6.1, 6.3) that bars this transfer; empty if none does.

    属于下列情况之一的，原则上不得转学。Checked when the transfer starts and again when each party acts:
    the clauses' own predicates (:func:`class_size_bar` … :func:`year_change_bar`), in 2.1.6's order.
    """
    return (
        *class_size_bar(receiving, to_grade, to_class, context),
        *provincial_model_bar(sending, receiving, to_grade),
        *model_one_bar(
            sending,
            receiving,
            to_grade,
            student=student_mode(record, sending)
            if sending.code == record.school_code
            else record.mode,
            to_class=to_class,
        ),
        *graduation_year_bar(record.grade),
        *suspension_bar(record.status),
        *year_change_bar(record.grade, to_grade),
    )


def _due(sending: School, receiving: School, context: Context) -> tuple[bool, Deadline | None]:
    """Whether the transfer crosses the prefecture, and its 2.1.4 deadline from ``context.on``:
    ``None`` across prefectures while the province's period (:data:`CROSS_PREFECTURE_PARAMETER`) is
    not set ("按照省教育厅相关规定执行": no due date until a caller sets it)."""
    cross = not (sending.in_prefecture and receiving.in_prefecture)
    if not cross:
        return cross, context.workday_deadline("2.1.4", context.on, "transfer_workdays")
    if context.optional_int_param(CROSS_PREFECTURE_PARAMETER) is None:
        return cross, None
    return cross, context.workday_deadline("2.1.4", context.on, CROSS_PREFECTURE_PARAMETER)


def _schools(record: Record, to_school: str, context: Context) -> tuple[School, School]:
    sending = context.school(record.school_code, where="record.school_code")
    receiving = context.school(to_school, where="to_school")
    return sending, receiving


@rule(TransferRequest)
@implements(
    "2.1", "2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5",
    "2.1.6", "2.1.6.1", "2.1.6.2", "2.1.6.3", "2.1.6.4", "2.1.6.5", "6.1", "6.3",
)  # fmt: skip
def evaluate_transfer_request(record: Record, event: TransferRequest, context: Context) -> Decision:
    """The receiving school starts a transfer (2.1) with 附表1 and the basic information (2.1.1).

    Refused for every reason of 2.1.6 that applies; allowed with the 10-working-day deadline of 2.1.4
    inside the prefecture. Across prefectures or provinces the province's period applies: with no
    deadline while ``cross_prefecture_transfer_workdays`` is not set, with its deadline once it is.
    """
    if event.to_school == record.school_code:
        raise InvalidInput(
            "转入学校与现就读学校相同",
            "the receiving school is the student's current school",
            where="to_school",
        )
    sending, receiving = _schools(record, event.to_school, context)
    to_grade = _target_grade(record, event, receiving)
    if not receiving.offers(to_grade):
        raise InvalidInput(
            f"{receiving.name}不设{to_grade.label_zh}",
            f"{receiving.name} does not offer {to_grade.label_en}",
            where="to_grade",
        )
    reasons: list[Reason] = []
    if record.transfer is not None:
        reasons.append(
            Reason(
                "2.1",
                "该学生已有一项正在办理的转学",
                "a transfer of this student is already open",
            )
        )
    reasons += transfer_blockers(record, sending, receiving, to_grade, event.to_class, context)
    missing = [m for m in TRANSFER_MATERIALS if m.key not in event.materials]
    if missing:
        reasons.append(
            Reason(
                "2.1.1",
                "转入学校须在学籍系统内上传附表1，并提供学生基本信息表",
                "the receiving school uploads 附表1 and the basic information sheet",
            )
        )
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
    cross, due = _due(sending, receiving, context)
    if not cross:
        assert due is not None
        return Decision.allow(
            Reason(
                "2.1.4",
                f"州内转学，转出教育主管部门和学校应在 {due.workdays} 个工作日内核办",
                f"inside the prefecture, the sending authority and school act within "
                f"{due.workdays} working days",
            ),
            deadline=due,
        )
    # 跨市州、跨省: "按照省教育厅相关规定执行" — the province's period, a parameter with no default.
    if due is None:
        return Decision.allow(
            Reason(
                "2.1.4",
                "跨市州、跨省转学按省教育厅相关规定执行；未设定省定办理时限"
                f"（参数 {CROSS_PREFECTURE_PARAMETER}），不设期限",
                "a transfer across prefectures or provinces follows the province's rules; the "
                f"province's period is not set ({CROSS_PREFECTURE_PARAMETER}), so no due date",
            )
        )
    reference = context.parameters.get(CROSS_PREFECTURE_PARAMETER, context.on).reference
    return Decision.allow(
        Reason(
            "2.1.4",
            f"跨市州、跨省转学按省教育厅相关规定执行：{due.workdays} 个工作日（{reference}）",
            f"a transfer across prefectures or provinces follows the province's rules: "
            f"{due.workdays} working days ({reference})",
        ),
        deadline=due,
    )


@transition(TransferRequest)
def start_transfer(record: Record, event: TransferRequest, context: Context) -> Record:
    sending, receiving = _schools(record, event.to_school, context)
    to_grade = _target_grade(record, event, receiving)
    # (the workflow the act opened: also when an audit replays an act the rule refused, 8.3.10)
    cross, due = _due(sending, receiving, context)
    workflow = TransferWorkflow(
        to_school=event.to_school,
        to_grade=to_grade,
        to_class=event.to_class,
        started_on=context.on,
        due=None if due is None else due.due,
        cross_prefecture=cross,
    )
    return record.appended(entry(record, event, context), transfer=workflow)


_PARTY_FIELD = {
    TransferParty.RECEIVING_AUTHORITY: "receiving_authority_on",
    TransferParty.SENDING_SCHOOL: "sending_school_on",
    TransferParty.SENDING_AUTHORITY: "sending_authority_on",
}


@rule(TransferAct)
@implements(
    "2.1", "2.1.1", "2.1.3", "2.1.4", "2.1.5",
    "2.1.6", "2.1.6.1", "2.1.6.2", "2.1.6.3", "2.1.6.4", "2.1.6.5", "6.1", "6.3",
)  # fmt: skip
def evaluate_transfer_act(record: Record, event: TransferAct, context: Context) -> Decision:
    """A party approves or refuses an open transfer (2.1). Both schools must agree (2.1.1).

    An approval is checked against 2.1.6 again (the class may have filled up since the start); a late
    act is allowed — the work must still be done — with a reason saying it is past the 2.1.4 deadline.
    """
    workflow = record.transfer
    if workflow is None:
        return Decision.refuse(
            Reason("2.1", "该学生没有正在办理的转学", "there is no open transfer for this student")
        )
    if getattr(workflow, _PARTY_FIELD[event.party]) is not None:
        return Decision.refuse(
            Reason(
                "2.1",
                f"{event.party.value}已经办理过该转学",
                f"the {event.party.name.lower().replace('_', ' ')} has already acted on this transfer",
            )
        )
    reasons: list[Reason] = []
    if event.approve:
        sending, receiving = _schools(record, workflow.to_school, context)
        blockers = transfer_blockers(
            record, sending, receiving, workflow.to_grade, workflow.to_class, context
        )
        # The receiving class counts the student only once the transfer completes; the start's
        # own check stands unless the class has since reached the standard.
        if blockers:
            return Decision.refuse(*blockers)
    if workflow.due is not None and context.on > workflow.due:
        reasons.append(
            Reason(
                "2.1.4",
                f"已超过转学办理期限 {workflow.due}",
                f"past the transfer deadline of {workflow.due}",
            )
        )
    return Decision.allow(*reasons)


@transition(TransferAct)
def act_on_transfer(record: Record, event: TransferAct, context: Context) -> Record:
    workflow = record.transfer
    assert workflow is not None
    if not event.approve:
        return record.appended(entry(record, event, context), transfer=None)
    acted: dict[str, Any] = {_PARTY_FIELD[event.party]: context.on}
    workflow = attrs.evolve(workflow, **acted)
    done = all(getattr(workflow, f) is not None for f in _PARTY_FIELD.values())
    if not done:
        return record.appended(entry(record, event, context), transfer=workflow)
    # The student now studies in the receiving class: its mode (6.1), ``None`` when unknown.
    receiving = context.school(workflow.to_school, where="to_school")
    mode = _receiving_mode(receiving, workflow.to_grade, workflow.to_class)
    after = {"school_code": workflow.to_school, "grade": workflow.to_grade, "mode": mode}
    return record.appended(
        entry(record, event, context, **after),
        transfer=None,
        class_name=workflow.to_class,
        **after,
    )
