"""休学、复学 Suspension and resumption: clauses 2.2–2.2.5.

A suspension for illness needs 附表2 and the medical evidence of 2.2.1 (a diagnosis from a county-level
or higher hospital, receipts, the admission/discharge certificate, the cost settlement and the hospital's
advice of at least 3 months' rest), the school's consent and the authority's approval. It lasts at most
one year (2.2.3; ``add_months`` clips month ends), may be extended on new medical evidence (2.2.4), ends
early on the doctor's advice (2.2.3) and, if it lapses, may end in 其他离校 (2.2.3, see
:mod:`~liangshan_xueji.policy.dropout`). A graduation-year suspension is filed with the prefecture (2.2.5).
The grade never moves backward through a suspension (2.2.5): a resumption is at the grade left or above.
"""

from __future__ import annotations

import datetime as _dt
import enum

from ..decisions import Deadline, Decision, Material, Reason
from ..law.clauses import implements
from ..records.machine import machine_refusal
from ..records.materials import ExtensionMaterial as E
from ..records.materials import ResumptionMaterial as R
from ..records.materials import SuspensionMaterial as S
from ..records.models import Grade, Record, Status, SuspensionPeriod
from ..records.status import (
    Context,
    ExtendSuspension,
    Resume,
    Suspend,
    add_months,
    entry,
    rule,
    transition,
)
from .transfer import open_transfer_reasons

__all__ = [
    "EXTENSION_MATERIALS",
    "RESUMPTION_MATERIALS",
    "SUSPENSION_MATERIALS",
    "not_yet_lapsed",
    "unfiled_graduation_year",
]


def _m(key: enum.Enum, clause: str, zh: str, en: str) -> Material:
    return Material(key.value, clause, zh, en)


#: The evidence of 2.2.1, in the clause's order.
SUSPENSION_MATERIALS: tuple[Material, ...] = (
    _m(S.F2_SUSPENSION, "2.2.1", "《休学申请表》（附表2）及书面申请", "附表2 (休学 side) and the written application"),
    _m(S.DIAGNOSIS, "2.2.1", "县级以上医疗机构诊断证明", "a diagnosis from a county-level or higher hospital"),
    _m(S.PAYMENT_RECEIPTS, "2.2.1", "缴费单据", "payment receipts"),
    _m(S.ADMISSION_DISCHARGE, "2.2.1", "入（出）院证", "the admission / discharge certificate"),
    _m(S.COST_SETTLEMENT, "2.2.1", "费用结算清单", "the cost settlement list"),
    _m(
        S.REST_ADVICE,
        "2.2.1",
        "建议出院休息治疗 3 个月以上的医院证明",
        "the hospital's advice of at least 3 months' rest and treatment",
    ),
)  # fmt: skip

#: 复学 (2.2.2): 附表2 and the resumption evidence.
RESUMPTION_MATERIALS: tuple[Material, ...] = (
    _m(R.F2_RESUMPTION, "2.2.2", "《复学申请表》（附表2）及书面申请", "附表2 (复学 side) and the written application"),
    _m(R.RESUMPTION_EVIDENCE, "2.2.2", "复学证明材料", "the evidence for resumption"),
)  # fmt: skip

_EARLY_ADVICE = _m(
    R.DOCTOR_ADVICE, "2.2.3", "提前复学的医生建议", "the doctor's advice for an early resumption"
)

#: 继续休学 (2.2.4): new medical evidence.
EXTENSION_MATERIALS: tuple[Material, ...] = (
    _m(E.EXTENSION_APPLICATION, "2.2.4", "继续休学申请", "the application to extend the suspension"),
    _m(E.DIAGNOSIS, "2.2.4", "县级以上医疗机构诊断证明", "a diagnosis from a county-level or higher hospital"),
)  # fmt: skip


def _missing(required: tuple[Material, ...], supplied: frozenset[str]) -> list[Material]:
    return [m for m in required if m.key not in supplied]


@implements("2.2.5")
def unfiled_graduation_year(grade: Grade, filed_with_prefecture: bool) -> tuple[Reason, ...]:
    """2.2.5: a 休学 in a graduation year is filed with the prefecture bureau. The rule calls it on a
    suspension being granted; the audit (``policy.overdue.graduation_year_suspension_unfiled``) on a
    suspension granted or running."""
    if filed_with_prefecture or not grade.is_graduation_year:
        return ()
    return (
        Reason(
            "2.2.5",
            f"{grade.label_zh}为毕业年级，休学须报州教育局备案审核",
            f"{grade.label_en} is a graduation year: the suspension is filed with the "
            "prefecture bureau",
        ),
    )


@implements("2.2.3")
def not_yet_lapsed(ends_on: _dt.date, on: _dt.date) -> tuple[Reason, ...]:
    """2.2.3: a 休学 period runs through its last day ``ends_on``; on ``on`` it has lapsed only after
    it. The reason it has not, or ``()``. The rule of 其他离校 for a lapsed 休学
    (``policy.dropout``) calls it; so does the audit's ``suspension_lapsed`` (a 休学 still open after
    its end)."""
    if on > ends_on:
        return ()
    return (
        Reason(
            "2.2.3",
            f"休学至 {ends_on} 才期满",
            f"the suspension runs until {ends_on}",
        ),
    )


@rule(Suspend)
@implements("2.2", "2.2.1", "2.2.3", "2.2.5", "F2", "2.1")
def evaluate_suspension(record: Record, event: Suspend, context: Context) -> Decision:
    """休学 for illness (2.2.1), at most one year (2.2.3); graduation years filed with the prefecture (2.2.5)."""
    reasons = open_transfer_reasons(record)
    missing = _missing(SUSPENSION_MATERIALS, event.materials)
    if missing:
        reasons.append(
            Reason(
                "2.2.5",
                "学生具备休学所需全部证明材料后学校才能同意休学",
                "the school agrees only once every piece of evidence for a suspension is supplied",
            )
        )
    least = context.int_param("medical_rest_months")
    if event.advised_rest_months < least:
        reasons.append(
            Reason(
                "2.2.1",
                f"医院建议休息治疗 {event.advised_rest_months} 个月，不足 {least} 个月",
                f"the hospital advised {event.advised_rest_months} months' rest, less than {least}",
            )
        )
    if not event.school_agrees:
        reasons.append(Reason("2.2.1", "学校尚未同意休学", "the school has not agreed"))
    if not event.authority_approves:
        reasons.append(
            Reason(
                "2.2.1",
                "县（州）教育主管部门尚未审核通过",
                "the county (prefecture) authority has not approved",
            )
        )
    reasons += unfiled_graduation_year(record.grade, event.filed_with_prefecture)
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
    ends = add_months(context.on, context.int_param("suspension_limit_months"))
    return Decision.allow(
        Reason(
            "2.2.3",
            f"休学期限一般不超过一年，至 {ends} 期满，期满应及时申请复学",
            f"a suspension normally lasts at most one year, here to {ends}; apply to resume by then",
        ),
        deadline=Deadline(clause="2.2.3", start=context.on, due=ends),
    )


@transition(Suspend)
def suspend(record: Record, event: Suspend, context: Context) -> Record:
    ends = add_months(context.on, context.int_param("suspension_limit_months"))
    period = SuspensionPeriod(
        started_on=context.on, ends_on=ends, filed_with_prefecture=event.filed_with_prefecture
    )
    return record.appended(
        entry(record, event, context, status=Status.SUSPENDED),
        status=Status.SUSPENDED,
        suspension=period,
    )


@rule(ExtendSuspension)
@implements("2.2.4", "2.2.3")
def evaluate_extension(record: Record, event: ExtendSuspension, context: Context) -> Decision:
    """继续休学 (2.2.4): new medical evidence and the school's consent; another year from the old end.

    The extension continues the period: it runs a year from the old end, not from the day it is
    granted. An extension asked for so late that this new end has passed too is refused (2.2.3: the
    student resumes, or the school sets 其他离校).
    """
    reasons: list[Reason] = []
    ends = None
    if record.suspension is None:  # not suspended: the status machine's reason (2.2.4)
        reasons.append(machine_refusal(record, event))
    else:
        ends = add_months(record.suspension.ends_on, context.int_param("suspension_limit_months"))
        if ends < context.on:
            reasons.append(
                Reason(
                    "2.2.3",
                    f"休学已于 {record.suspension.ends_on} 期满，继续休学也应至 {ends} 结束，"
                    "该日已过；应办理复学，或由学校做其他离校处理",
                    f"the suspension ended on {record.suspension.ends_on}; an extension would have "
                    f"ended on {ends}, which has passed: the student resumes, or the school sets "
                    "其他离校",
                )
            )
    missing = _missing(EXTENSION_MATERIALS, event.materials)
    if missing:
        reasons.append(
            Reason(
                "2.2.4",
                "继续休学须提交县级以上医疗机构诊断证明",
                "an extension needs a new diagnosis from a county-level or higher hospital",
            )
        )
    if not event.school_agrees:
        reasons.append(Reason("2.2.4", "学校尚未同意继续休学", "the school has not agreed"))
    if reasons or ends is None:
        return Decision.refuse(*reasons, missing=missing)
    return Decision.allow(
        Reason(
            "2.2.4",
            f"继续休学至 {ends}，期满应及时申请复学",
            f"the suspension is extended to {ends}; apply to resume by then",
        ),
        deadline=Deadline(clause="2.2.3", start=context.on, due=ends),
    )


@transition(ExtendSuspension)
def extend(record: Record, event: ExtendSuspension, context: Context) -> Record:
    assert record.suspension is not None
    ends = add_months(record.suspension.ends_on, context.int_param("suspension_limit_months"))
    period = SuspensionPeriod(
        started_on=record.suspension.started_on,
        ends_on=ends,
        extensions=record.suspension.extensions + 1,
        filed_with_prefecture=record.suspension.filed_with_prefecture,
    )
    return record.appended(entry(record, event, context), suspension=period)


@rule(Resume)
@implements("2.2.2", "2.2.3", "2.2.5", "F2")
def evaluate_resumption(record: Record, event: Resume, context: Context) -> Decision:
    """复学 (2.2.2): 附表2, the school's consent and the authority's approval; early with the doctor's
    advice (2.2.3). The grade is the one left or above, never lower (2.2.5), and in the same stage;
    a grade given under the other 学制 is read by its year (2.1.5).
    """
    reasons: list[Reason] = []
    required = RESUMPTION_MATERIALS
    if record.suspension is None:  # not suspended: the status machine's reason (2.2.2)
        reasons.append(machine_refusal(record, event))
    elif context.on < record.suspension.ends_on:
        required = (*required, _EARLY_ADVICE)
    missing = _missing(required, event.materials)
    if any(m in missing for m in RESUMPTION_MATERIALS):
        reasons.append(
            Reason(
                "2.2.2",
                "复学须提交复学申请表（附表2）和复学证明材料",
                "resumption needs 附表2 and the evidence for resumption",
            )
        )
    if _EARLY_ADVICE in missing:
        reasons.append(
            Reason(
                "2.2.3",
                "休学期满前提前复学须根据身体恢复情况和医生建议",
                "resuming before the suspension ends needs the doctor's advice",
            )
        )
    if not event.school_agrees:
        reasons.append(Reason("2.2.2", "学校尚未同意复学", "the school has not agreed"))
    if not event.authority_approves:
        reasons.append(
            Reason(
                "2.2.2",
                "县（州）教育主管部门尚未核办通过",
                "the county (prefecture) authority has not approved",
            )
        )
    grade = _resumed_grade(record, event)
    if grade.stage is not record.grade.stage or grade.year < record.grade.year:
        reasons.append(
            Reason(
                "2.2.5",
                f"复学年级（{grade.label_zh}）应与休学时的{record.grade.label_zh}同一学段且不得更低，"
                "严禁以休学留级或降级",
                f"the grade on resumption ({grade.label_en}) must be in the stage of "
                f"{record.grade.label_en} and not below it: no retention or demotion through a "
                "suspension",
            )
        )
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
    return Decision.allow()


def _resumed_grade(record: Record, event: Resume) -> Grade:
    """The grade of the resumption under the record's 学制 (a grade given under the other 学制 is read
    by its year, 2.1.5)."""
    return (event.grade or record.grade).with_system(record.grade.system)


@transition(Resume)
def resume(record: Record, event: Resume, context: Context) -> Record:
    grade = _resumed_grade(record, event)
    return record.appended(
        entry(record, event, context, status=Status.ENROLLED, grade=grade),
        status=Status.ENROLLED,
        grade=grade,
        suspension=None,
    )
