"""附表2 义务教育阶段学生休（复）学申请表 — suspension and resumption (clauses 2.2.1, 2.2.2, F2).

One sheet with two columns: the 休学 side (2.2.1: for illness, with the medical evidence, the school's
consent and the authority's approval) and the 复学 side (2.2.2). The family attaches the evidence
(【休(复)学证明材料附后】, 说明 2); the school signs and seals, the education bureau reviews, signs and
seals, and the school keeps the form. Validation reuses the status machine's own rules
(:func:`liangshan_xueji.records.status.evaluate` on a ``Suspend`` or ``Resume`` event), so the form and the act
can never disagree.

What the library prints where the seed's table is not what it means (:data:`F2_PRINTING_NOTES`, also on
the forms page of the docs): the 学校意见 row of the 复学 column reads "监护人签名： 年 月 日" in the
seed; the library prints "学校(章)： 年 月 日" there, as in the 休学 column.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import attrs

from ..decisions import Decision, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..policy import evaluate
from ..records.models import Grade, Record, Status
from ..records.status import Context, Resume, StatusEvent, Suspend
from ._common import (
    Opinion,
    Signature,
    StudentInfo,
    check_date,
    check_record_and_context,
    check_str,
    instance_of,
    optional,
    redacted,
    student_reasons,
)

__all__ = [
    "F2_NOTES",
    "F2_PRINTING_NOTES",
    "F2Side",
    "ResumptionSide",
    "SuspensionResumptionForm",
    "SuspensionSide",
    "parse_sides",
    "prefill_f2",
    "validate_f2",
]

#: 附表2's three notes (说明), quoted.
F2_NOTES: tuple[str, str, str] = (
    "本申请表可作为休学信息和休学电子证明材料使用。",
    "使用本申请表时，家长还需同时向学校提交学生的休（复）学的相关证明，学校签署意见和盖章后，"
    "主管教育局审核所上交的材料并签署意见并盖章，由学校存档。",
    "休（复）学时间请严格按《管理细则》的规定时限执行。",
)

#: What the library prints where the seed's table differs, and why: (Chinese, English). Not notes of
#: the form (those are :data:`F2_NOTES`, quoted); the readings of a printing choice, for the docs.
F2_PRINTING_NOTES: tuple[tuple[str, str], ...] = (
    (
        "附表2 学校意见一行的复学一侧：转录文本写作“监护人签名： 年 月 日”，本库印作“学校(章)： 年 月 日”。"
        "理由：这一行是学校意见；休学一侧同一行是“学校(章)”；说明 2 规定由学校签署意见和盖章；"
        "监护人已在上一行（申请理由栏）签名，故此处的“监护人签名”读作誊写错误",
        "The 复学 side of 附表2's 学校意见 row: the transcription reads '监护人签名： 年 月 日'; the "
        "library prints '学校(章)： 年 月 日'. Why: the row is the school's opinion; the 休学 side of "
        "the same row has 学校(章); note 2 says the school signs its opinion and seals; the guardian "
        "has already signed in the row above (the reason), so the 监护人签名 there is read as a "
        "copying slip",
    ),
)

#: The material keys of the form itself in the policy's lists (``policy.suspension``).
_FORM_KEYS = {"休学": "F2_suspension", "复学": "F2_resumption"}


class F2Side(enum.Enum):
    """The two columns of 附表2: 休学 (suspension, 2.2.1) and 复学 (resumption, 2.2.2)."""

    SUSPENSION = "休学"
    RESUMPTION = "复学"


_SIDE_NAMES = {
    "休学": (F2Side.SUSPENSION,),
    "suspension": (F2Side.SUSPENSION,),
    "复学": (F2Side.RESUMPTION,),
    "resumption": (F2Side.RESUMPTION,),
    "both": (F2Side.SUSPENSION, F2Side.RESUMPTION),
    "休复学": (F2Side.SUSPENSION, F2Side.RESUMPTION),
}


def parse_sides(value: F2Side | str | Iterable[F2Side | str]) -> frozenset[F2Side]:
    """The sides of 附表2 in use: ``"休学"``, ``"复学"``, ``"both"``, an :class:`F2Side` or several."""
    items: Iterable[F2Side | str] = (value,) if isinstance(value, (str, F2Side)) else value
    out: set[F2Side] = set()
    try:
        for item in items:
            if isinstance(item, F2Side):
                out.add(item)
                continue
            found = _SIDE_NAMES.get(item.strip()) if isinstance(item, str) else None
            if found is None:
                raise InvalidInput(
                    f"未知的一侧 {item!r}（应为 休学、复学 或 both）",
                    f"unknown side {item!r} (休学, 复学 or both)",
                    where="sides",
                )
            out.update(found)
    except TypeError:
        raise InvalidInput(
            "sides 应为 休学、复学、both 或其序列",
            "sides must be 休学, 复学, both or a sequence of them",
            where="sides",
        ) from None
    if not out:
        raise InvalidInput("至少选一侧（休学或复学）", "choose at least one side", where="sides")
    return frozenset(out)


def _sides_converter(value: Any) -> frozenset[F2Side]:
    return parse_sides(value)


def grade_class(grade: Grade | None, class_name: str) -> str:
    """``小学四年级2班``; empty when both are blank."""
    return (grade.label_zh if grade is not None else "") + class_name


@attrs.frozen(kw_only=True)
class SuspensionSide:
    """The 休学 column: 休学年级班级, 拟休学时间 (from–to), the reason, 监护人签名 and date, 学校意见 and
    主管教育局意见 (each with its seal and date). The reason is masked in ``repr`` (it may hold health data).
    """

    grade: Grade | None = attrs.field(default=None, validator=optional(instance_of(Grade)))
    class_name: str = attrs.field(default="", validator=check_str)
    starts_on: _dt.date | None = attrs.field(default=None, validator=check_date)
    ends_on: _dt.date | None = attrs.field(default=None, validator=check_date)
    reason: str = attrs.field(default="", validator=check_str, repr=redacted)
    guardian_signature: Signature = attrs.field(factory=Signature, validator=instance_of(Signature))
    guardian_signed_on: _dt.date | None = attrs.field(default=None, validator=check_date)
    school_opinion: Opinion = attrs.field(factory=Opinion, validator=instance_of(Opinion))
    authority_opinion: Opinion = attrs.field(factory=Opinion, validator=instance_of(Opinion))

    def __attrs_post_init__(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise InvalidInput(
                "拟休学结束日期早于开始日期",
                "the planned suspension ends before it starts",
                where="SuspensionSide.ends_on",
            )


@attrs.frozen(kw_only=True)
class ResumptionSide:
    """The 复学 column: 复学年级班级, 复学时间, the reason, 监护人签名 and date, 学校意见 and 主管教育局意见."""

    grade: Grade | None = attrs.field(default=None, validator=optional(instance_of(Grade)))
    class_name: str = attrs.field(default="", validator=check_str)
    on: _dt.date | None = attrs.field(default=None, validator=check_date)
    reason: str = attrs.field(default="", validator=check_str, repr=redacted)
    guardian_signature: Signature = attrs.field(factory=Signature, validator=instance_of(Signature))
    guardian_signed_on: _dt.date | None = attrs.field(default=None, validator=check_date)
    school_opinion: Opinion = attrs.field(factory=Opinion, validator=instance_of(Opinion))
    authority_opinion: Opinion = attrs.field(factory=Opinion, validator=instance_of(Opinion))


@attrs.frozen(kw_only=True)
class SuspensionResumptionForm:
    """附表2 义务教育阶段学生休（复）学申请表, both columns, every field of the original table.

    ``student``: 姓名, 性别, 照片, 出生日期, 民族, 学籍号, 居民身份证号, 户籍所在地, 家庭地址, 监护人情况.
    ``suspension`` and ``resumption``: the 休学 and 复学 columns. ``sides`` says which column(s) the form
    is used for (the sheet always prints both). Personal data is masked in ``repr``.
    """

    form_id: ClassVar[str] = "F2"
    title: ClassVar[str] = "义务教育阶段学生休（复）学申请表"
    notes: ClassVar[tuple[str, ...]] = F2_NOTES

    student: StudentInfo = attrs.field(factory=StudentInfo, validator=instance_of(StudentInfo))
    sides: frozenset[F2Side] = attrs.field(
        default=frozenset({F2Side.SUSPENSION}), converter=_sides_converter
    )
    suspension: SuspensionSide = attrs.field(
        factory=SuspensionSide, validator=instance_of(SuspensionSide)
    )
    resumption: ResumptionSide = attrs.field(
        factory=ResumptionSide, validator=instance_of(ResumptionSide)
    )


@implements("F2")
def prefill_f2(
    record: Record,
    context: Context,
    *,
    sides: F2Side | str | Iterable[F2Side | str] | None = None,
) -> SuspensionResumptionForm:
    """附表2 filled with everything ``record`` knows, for the chosen column(s).

    ``sides`` defaults by the record: 复学 for a 休学 record, 休学 otherwise. Filled: the student block and
    guardians; on the 休学 side the grade and class (and, for a record already suspended, the period
    from its :class:`~liangshan_xueji.records.models.SuspensionPeriod`); on the 复学 side the grade and class
    left (a resumption is never at a lower grade, 2.2.5). Left blank for handwriting: 照片, the planned
    dates the family chooses, the reasons, every signature, seal and date.
    """
    if not isinstance(record, Record):
        raise InvalidInput("record 应为 Record", "record must be a Record", where="record")
    if not isinstance(context, Context):
        raise InvalidInput("context 应为 Context", "context must be a Context", where="context")
    if sides is None:
        chosen = frozenset(
            {F2Side.RESUMPTION if record.status is Status.SUSPENDED else F2Side.SUSPENSION}
        )
    else:
        chosen = parse_sides(sides)
    suspension = SuspensionSide()
    if F2Side.SUSPENSION in chosen:
        period = record.suspension
        suspension = SuspensionSide(
            grade=record.grade,
            class_name=record.class_name,
            starts_on=period.started_on if period is not None else None,
            ends_on=period.ends_on if period is not None else None,
        )
    resumption = ResumptionSide()
    if F2Side.RESUMPTION in chosen:
        resumption = ResumptionSide(grade=record.grade, class_name=record.class_name)
    return SuspensionResumptionForm(
        student=StudentInfo.from_student(record.student),
        sides=chosen,
        suspension=suspension,
        resumption=resumption,
    )


def _materials(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        raise InvalidInput(
            "materials 应为材料代码的集合，而不是一个字符串",
            "materials must be a collection of material keys, not one string",
            where="materials",
        )
    try:
        keys = frozenset(value)
    except TypeError:
        raise InvalidInput(
            "materials 应为材料代码的集合",
            "materials must be a collection of keys",
            where="materials",
        ) from None
    for key in keys:
        if not isinstance(key, str):
            raise InvalidInput(
                "材料代码应为文本", "material keys must be strings", where="materials"
            )
    return keys


def _judge(
    make: Callable[[frozenset[str]], StatusEvent],
    supplied: frozenset[str],
    record: Record,
    context: Context,
    submitted: bool,
) -> Decision:
    """The status machine's verdict on the act the form applies for.

    Submitted: the event as the form and the materials stand. Printing: what is still missing is asked
    of the rule, then the act is judged as if it were supplied (the form is printed to gather it), so
    only the bars of the record's state remain; the missing materials are listed as work to do.
    """
    first = evaluate(record, make(supplied), context)
    if submitted:
        return first
    second = first
    if first.missing_materials:
        assumed = supplied | {m.key for m in first.missing_materials}
        second = evaluate(record, make(assumed), context)
    return Decision(
        allowed=second.allowed,
        reasons=second.reasons if not second.allowed else (),
        missing_materials=first.missing_materials,
    )


@implements("F2", "2.2.1", "2.2.2", "2.2.5")
def validate_f2(
    form: SuspensionResumptionForm,
    record: Record,
    context: Context,
    *,
    submitted: bool = False,
    materials: Iterable[str] = (),
    advised_rest_months: int | None = None,
    filed_with_prefecture: bool = False,
) -> Decision:
    """Whether ``form`` may serve ``record``'s 休学 or 复学 (2.2.1, 2.2.2, 2.2.5, 附表2 说明 2).

    The 休学 column alone needs a 在校 record; a form using the 复学 column (alone, or both columns on
    the sheet kept since the suspension) needs a 休学 record. The act is judged by the status machine's
    own rule (``Suspend``/``Resume``), with ``materials`` the keys of the evidence supplied
    (:data:`~liangshan_xueji.policy.suspension.SUSPENSION_MATERIALS`,
    :data:`~liangshan_xueji.policy.suspension.RESUMPTION_MATERIALS`); the form itself counts as supplied.

    Printing (``submitted=False``): refused only for the record's state or another student; allowed
    with the evidence still to attach in ``missing_materials`` (for 休学, the medical evidence of 2.2.1).
    ``submitted=True`` checks the filled-in form: the family's reason and signature, the school's and the
    authority's signed and sealed approval, every material; ``advised_rest_months`` defaults to the
    clause's 3 months when the hospital's advice (``rest_advice``) is supplied, else 0.
    """
    check_record_and_context(record, context)
    if not isinstance(form, SuspensionResumptionForm):
        raise InvalidInput(
            "form 应为附表2", "form must be a SuspensionResumptionForm", where="form"
        )
    supplied = _materials(materials)
    reasons = student_reasons(
        "F2",
        record,
        name=form.student.name,
        sex=form.student.sex,
        birth_date=form.student.birth_date,
        identity_number=form.student.identity_number,
        student_number=form.student.student_number,
        ethnicity=form.student.ethnicity,
    )
    resuming = F2Side.RESUMPTION in form.sides
    side_name = "复学" if resuming else "休学"
    supplied = supplied | {_FORM_KEYS[side_name]}
    number = record.student.student_number
    verdict: Decision
    if resuming:
        side = form.resumption

        def make_resume(keys: frozenset[str]) -> StatusEvent:
            approvals = (side.school_opinion.approves, side.authority_opinion.approves)
            agree, approve = approvals if submitted else (True, True)
            return Resume(
                student=number,
                materials=keys,
                school_agrees=agree,
                authority_approves=approve,
                grade=side.grade,
            )

        verdict = _judge(make_resume, supplied, record, context, submitted)
        reasons += _suspension_history_reasons(form, record)
        signature, written = side.guardian_signature, side.reason
    else:
        sside = form.suspension
        least = context.int_param("medical_rest_months")
        if advised_rest_months is not None and (
            isinstance(advised_rest_months, bool) or not isinstance(advised_rest_months, int)
        ):
            raise InvalidInput(
                "advised_rest_months 应为整数",
                "advised_rest_months must be an integer",
                where="advised_rest_months",
            )

        def make_suspend(keys: frozenset[str]) -> StatusEvent:
            if not submitted:
                return Suspend(
                    student=number,
                    materials=keys,
                    advised_rest_months=least,
                    school_agrees=True,
                    authority_approves=True,
                    filed_with_prefecture=True,
                )
            months = advised_rest_months
            if months is None:
                months = least if "rest_advice" in keys else 0
            return Suspend(
                student=number,
                materials=keys,
                advised_rest_months=months,
                school_agrees=sside.school_opinion.approves,
                authority_approves=sside.authority_opinion.approves,
                filed_with_prefecture=filed_with_prefecture,
            )

        verdict = _judge(make_suspend, supplied, record, context, submitted)
        if sside.grade is not None and (
            sside.grade != record.grade
            or (sside.class_name and sside.class_name != record.class_name)
        ):
            reasons.append(
                Reason(
                    "F2",
                    "休学年级班级与学籍不符",
                    "the grade and class of the suspension side are not the record's",
                )
            )
        signature, written = sside.guardian_signature, sside.reason
    if submitted:
        if not written.strip():
            reasons.append(
                Reason(
                    "2.2.1" if not resuming else "2.2.2",
                    f"申请{side_name}理由尚未填写（书面申请）",
                    f"the reason for the {'resumption' if resuming else 'suspension'} is not "
                    "written (the written application)",
                )
            )
        if not signature.signed:
            reasons.append(Reason("F2", "监护人尚未签名", "the guardian has not signed"))
    all_reasons = (*reasons, *verdict.reasons)
    if not verdict.allowed or reasons:
        return Decision.refuse(*all_reasons, missing=verdict.missing_materials)
    notes = [
        Reason(
            "F2",
            "家长须同时向学校提交休（复）学的相关证明；学校签署意见并盖章，主管教育局审核、签署意见并盖章，"
            "由学校存档（说明 2）",
            "the family hands in the evidence with the form; the school signs and seals, the "
            "education bureau reviews, signs and seals, and the school keeps the form (note 2)",
        )
    ]
    if not resuming and record.grade.is_graduation_year:
        notes.append(
            Reason(
                "2.2.5",
                "毕业年级学生办理休学，需具备相关材料并报州教育局备案审核",
                "a graduation-year suspension is filed with the prefecture bureau for review",
            )
        )
    return Decision(
        allowed=True,
        reasons=(*notes, *verdict.reasons),
        missing_materials=verdict.missing_materials,
        deadline=verdict.deadline,
    )


def _suspension_history_reasons(form: SuspensionResumptionForm, record: Record) -> list[Reason]:
    """A sheet used for both columns must show the suspension the record holds."""
    period = record.suspension
    side = form.suspension
    if F2Side.SUSPENSION not in form.sides or period is None:
        return []
    if (side.starts_on is not None and side.starts_on != period.started_on) or (
        side.grade is not None and side.grade != record.grade
    ):
        return [
            Reason(
                "F2",
                "休学一侧与学籍中的休学记录不符",
                "the suspension side does not match the suspension on the record",
            )
        ]
    return []
