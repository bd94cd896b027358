"""Scenario tests for 休学、复学 (clauses 2.2–2.2.5), each from the regulation's own sentence.

Months are added with dateutil's ``relativedelta`` (``status.add_months``): the same day of the month,
clipped to the month's last day when the target month is shorter. A suspension from 2020-02-29 (a leap
day) therefore ends on 2021-02-28; one from 2020-01-31 ends on 2021-01-31.
"""

from __future__ import annotations

import datetime as dt

import pytest

from liangshan_xueji.decisions import Decision
from liangshan_xueji.errors import PolicyViolation
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.records.models import Grade, Record, SchoolSystem, Stage, Status
from liangshan_xueji.records.status import (
    DepartureReason,
    ExtendSuspension,
    OtherDeparture,
    Resume,
    Suspend,
    add_months,
)
from lifecycle_strategies import (
    DOCTOR_ADVICE,
    EXTENSION_KEYS,
    RESUMPTION_KEYS,
    SUSPENSION_KEYS,
    context,
    grade,
    record,
    school,
)

A = school("P63A")
F = school("P54A", system=SchoolSystem.FIVE_FOUR, county="德昌县")
ON = dt.date(2020, 3, 2)


def suspend(rec: Record, **kw: object) -> Suspend:
    fields: dict[str, object] = {
        "materials": SUSPENSION_KEYS,
        "advised_rest_months": 3,
        "school_agrees": True,
        "authority_approves": True,
        **kw,
    }
    return Suspend(student=rec.student.student_number, **fields)  # type: ignore[arg-type]


def resume(rec: Record, **kw: object) -> Resume:
    fields: dict[str, object] = {
        "materials": RESUMPTION_KEYS,
        "school_agrees": True,
        "authority_approves": True,
        **kw,
    }
    return Resume(student=rec.student.student_number, **fields)  # type: ignore[arg-type]


def extend(rec: Record, **kw: object) -> ExtendSuspension:
    fields: dict[str, object] = {"materials": EXTENSION_KEYS, "school_agrees": True, **kw}
    return ExtendSuspension(student=rec.student.student_number, **fields)  # type: ignore[arg-type]


def refused(decision: Decision, *clauses: str) -> None:
    assert not decision.allowed
    assert set(clauses) <= decision.clause_ids, decision.explain()


def suspended(on: dt.date = ON, g: Grade | None = None) -> Record:
    rec = record(g or grade(4), A)
    return apply(rec, suspend(rec), context(on, A))


# ---------------------------------------------------------------------------------------------------


@pytest.mark.clause("2.2")
def test_suspension_and_resumption_keep_the_grade() -> None:
    """“（二）休学、复学” — a 休学 and its 复学: the status goes 在校 → 休学 → 在校, the grade stays."""
    rec = record(grade(4), A)
    out = apply(rec, suspend(rec), context(ON, A))
    assert out.status is Status.SUSPENDED and out.suspension is not None
    assert out.suspension.started_on == ON and out.grade == grade(4)
    back = apply(out, resume(out), context(dt.date(2021, 3, 2), A))
    assert back.status is Status.ENROLLED and back.suspension is None and back.grade == grade(4)
    assert [h.status for h in back.history] == [Status.SUSPENDED, Status.ENROLLED]


@pytest.mark.clause("2.2.1", "F2")
def test_missing_evidence_is_listed() -> None:
    """“填写《休学申请表》（附表2），提交县级以上医疗机构诊断证明、缴费单据、入（出）院证、费用结算
    清单，并有建议出院休息治疗3个月以上的医院证明”"""
    rec = record(grade(4), A)
    ctx = context(ON, A)
    decision = evaluate(
        rec, suspend(rec, materials=SUSPENSION_KEYS - {"payment_receipts", "cost_settlement"}), ctx
    )
    refused(decision, "2.2.5")
    assert [m.key for m in decision.missing_materials] == ["payment_receipts", "cost_settlement"]
    assert {m.clause for m in decision.missing_materials} == {"2.2.1"}
    nothing = evaluate(rec, suspend(rec, materials=()), ctx)
    assert [m.key for m in nothing.missing_materials] == [
        "F2_suspension", "diagnosis", "payment_receipts", "admission_discharge", "cost_settlement",
        "rest_advice",
    ]  # fmt: skip
    with pytest.raises(PolicyViolation):
        apply(rec, suspend(rec, materials=()), ctx)
    assert rec.status is Status.ENROLLED and rec.history == ()


@pytest.mark.clause("2.2.1")
def test_less_than_three_months_rest_is_refused() -> None:
    """“并有建议出院休息治疗3个月以上的医院证明” — 3 months is enough (以上 includes 3), 2 is not."""
    rec = record(grade(4), A)
    ctx = context(ON, A)
    short = evaluate(rec, suspend(rec, advised_rest_months=2), ctx)
    refused(short, "2.2.1")
    assert evaluate(rec, suspend(rec, advised_rest_months=3), ctx).allowed


@pytest.mark.clause("2.2.1")
def test_the_school_agrees_and_the_authority_approves() -> None:
    """“学校同意后，需在全国学籍管理系统中上传以上材料，发起休学申请，经县（州）教育主管部门审核通过。”"""
    rec = record(grade(4), A)
    ctx = context(ON, A)
    neither = evaluate(rec, suspend(rec, school_agrees=False, authority_approves=False), ctx)
    assert [r.clause for r in neither.reasons] == ["2.2.1", "2.2.1"]
    assert "学校" in neither.reasons[0].zh and "教育主管部门" in neither.reasons[1].zh


@pytest.mark.clause("2.2.2", "F2")
def test_resumption_needs_form_2_and_both_approvals() -> None:
    """“学生身体恢复需要复学时，由学生及其监护人向学校提出书面申请，填写《复学申请表》（附表2），经学校
    同意，在全国学籍管理系统中上传复学证明材料，发起复学申请，县（州）教育主管部门核办通过。”"""
    out = suspended()
    ctx = context(dt.date(2021, 3, 3), A)  # after the end: no doctor's advice needed
    decision = evaluate(
        out, resume(out, materials=(), school_agrees=False, authority_approves=False), ctx
    )
    refused(decision, "2.2.2")
    assert [m.key for m in decision.missing_materials] == ["F2_resumption", "resumption_evidence"]
    assert len(decision.reasons) == 3
    assert evaluate(out, resume(out), ctx).allowed
    enrolled = record(grade(4), A)
    refused(evaluate(enrolled, resume(enrolled), ctx), "2.2.2")


@pytest.mark.clause("2.2.3")
@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2020, 1, 31), dt.date(2021, 1, 31)),
        (dt.date(2019, 2, 28), dt.date(2020, 2, 28)),  # into a leap year: the 28th still
        (dt.date(2020, 2, 29), dt.date(2021, 2, 28)),  # a leap day: clipped to the 28th
        (dt.date(2020, 8, 31), dt.date(2021, 8, 31)),
    ],
)
def test_a_suspension_lasts_one_year_by_the_calendar(start: dt.date, end: dt.date) -> None:
    """“学生休学期限一般不超过一年，休学期满应及时申请复学。”"""
    rec = record(grade(4), A)
    decision = evaluate(rec, suspend(rec), context(start, A))
    assert decision.allowed and decision.deadline is not None
    assert decision.deadline.clause == "2.2.3" and decision.deadline.due == end
    out = apply(rec, suspend(rec), context(start, A))
    assert out.suspension is not None and out.suspension.ends_on == end
    assert add_months(start, 12) == end


@pytest.mark.clause("2.2.3")
def test_early_resumption_needs_the_doctors_advice() -> None:
    """“根据身体恢复情况和医生建议，经学校同意，学生可以提前申请复学。”"""
    out = suspended()  # ends 2021-03-02
    early = context(dt.date(2020, 9, 1), A)
    without = evaluate(out, resume(out), early)
    refused(without, "2.2.3")
    assert [m.key for m in without.missing_materials] == [DOCTOR_ADVICE]
    assert evaluate(out, resume(out, materials=RESUMPTION_KEYS | {DOCTOR_ADVICE}), early).allowed
    refused(
        evaluate(
            out,
            resume(out, materials=RESUMPTION_KEYS | {DOCTOR_ADVICE}, school_agrees=False),
            early,
        ),
        "2.2.2",
    )
    # on the last day of the period the resumption is not early
    assert evaluate(out, resume(out), context(dt.date(2021, 3, 2), A)).allowed


@pytest.mark.clause("2.2.3")
def test_a_lapsed_suspension_may_end_in_other_departure() -> None:
    """“休学期满，经学校与学生监护人联系后仍未复学或不按规定办理继续休学手续的，学校可以做其他离校处理。”"""
    out = suspended()  # ends 2021-03-02
    sn = out.student.student_number

    def leave(contacted: bool) -> OtherDeparture:
        return OtherDeparture(
            student=sn, reason=DepartureReason.SUSPENSION_EXPIRED, guardian_contacted=contacted
        )

    refused(evaluate(out, leave(True), context(dt.date(2021, 3, 2), A)), "2.2.3")  # the last day
    after = context(dt.date(2021, 3, 3), A)
    refused(evaluate(out, leave(False), after), "2.2.3")
    gone = apply(out, leave(True), after)
    assert gone.status is Status.OTHER_DEPARTURE and gone.suspension is None
    both = evaluate(out, leave(False), context(dt.date(2021, 3, 2), A))
    assert len(both.reasons) == 2  # not yet lapsed, and the guardian not contacted


@pytest.mark.clause("2.2.4")
def test_an_extension_needs_new_medical_evidence_and_adds_a_year() -> None:
    """“休学期满因身体未康复仍不能复学的，由学生及其监护人向学校提出继续休学申请，提交县级以上医疗机构
    诊断证明，经学校同意后继续休学。”"""
    out = suspended()  # 2020-03-02 → 2021-03-02
    ctx = context(dt.date(2021, 2, 20), A)
    no_diagnosis = evaluate(out, extend(out, materials={"extension_application"}), ctx)
    refused(no_diagnosis, "2.2.4")
    assert [m.key for m in no_diagnosis.missing_materials] == ["diagnosis"]
    refused(evaluate(out, extend(out, school_agrees=False), ctx), "2.2.4")
    decision = evaluate(out, extend(out), ctx)
    assert decision.allowed and decision.deadline is not None
    assert decision.deadline.due == dt.date(2022, 3, 2)
    longer = apply(out, extend(out), ctx)
    assert longer.suspension is not None
    assert longer.suspension.ends_on == dt.date(2022, 3, 2) and longer.suspension.extensions == 1
    assert longer.suspension.started_on == ON
    refused(evaluate(record(grade(4), A), extend(out), ctx), "2.2.4")  # not suspended


@pytest.mark.clause("2.2.4", "2.2.3")
def test_an_extension_continues_from_the_old_end() -> None:
    """An extension asked for after the end runs from the old end; once that year has passed too, the
    student resumes or the school sets 其他离校 (2.2.3) — the extension is refused, not an error."""
    out = suspended()  # ends 2021-03-02
    late = apply(out, extend(out), context(dt.date(2021, 6, 1), A))
    assert late.suspension is not None and late.suspension.ends_on == dt.date(2022, 3, 2)
    too_late = evaluate(out, extend(out), context(dt.date(2022, 3, 3), A))
    refused(too_late, "2.2.3")
    assert evaluate(out, extend(out), context(dt.date(2022, 3, 2), A)).allowed


@pytest.mark.clause("2.2.5")
def test_no_suspension_without_all_the_evidence() -> None:
    """“学校应严格把关，在学生具备休学所需以上证明材料的基础上才能同意休学”"""
    rec = record(grade(4), A)
    decision = evaluate(
        rec, suspend(rec, materials=SUSPENSION_KEYS - {"diagnosis"}), context(ON, A)
    )
    refused(decision, "2.2.5")
    assert [m.key for m in decision.missing_materials] == ["diagnosis"]


@pytest.mark.clause("2.2.5")
def test_no_suspension_to_repeat_or_drop_a_grade() -> None:
    """“严禁以降级或留级为目的办理休学。” — the resumption is at the grade left or above, never lower."""
    out = suspended(g=grade(4))
    ctx = context(dt.date(2021, 3, 3), A)
    refused(evaluate(out, resume(out, grade=grade(3)), ctx), "2.2.5")
    with pytest.raises(PolicyViolation):
        apply(out, resume(out, grade=grade(3)), ctx)
    assert evaluate(out, resume(out, grade=grade(4)), ctx).allowed
    assert evaluate(out, resume(out, grade=grade(5)), ctx).allowed
    refused(evaluate(out, resume(out, grade=grade(7)), ctx), "2.2.5")  # not into another stage


@pytest.mark.clause("2.2.5", "2.1.5")
def test_a_resumption_grade_given_under_the_other_school_system_is_read_by_its_year() -> None:
    """A 五四制 student suspended in 初一 (year 6) may be resumed with the grade written as 六三制
    小学六年级 (the same year): the record stays 五四制 初一."""
    rec = record(Grade(Stage.JUNIOR, 1, SchoolSystem.FIVE_FOUR), F)
    off = apply(rec, suspend(rec), context(ON, F))
    ctx = context(dt.date(2021, 3, 3), F)
    back = apply(off, resume(off, grade=grade(6)), ctx)
    assert back.grade == Grade(Stage.JUNIOR, 1, SchoolSystem.FIVE_FOUR)
    refused(evaluate(off, resume(off, grade=grade(5)), ctx), "2.2.5")


@pytest.mark.clause("2.2.5")
def test_a_graduation_year_suspension_is_filed_with_the_prefecture() -> None:
    """“毕业年级学生办理休学，需具备相关材料并报州教育局备案审核。”"""
    rec = record(grade(9), A)
    ctx = context(ON, A)
    refused(evaluate(rec, suspend(rec), ctx), "2.2.5")
    filed = apply(rec, suspend(rec, filed_with_prefecture=True), ctx)
    assert filed.suspension is not None and filed.suspension.filed_with_prefecture
    ordinary = record(grade(8), A)
    assert evaluate(ordinary, suspend(ordinary), ctx).allowed  # not a graduation year
