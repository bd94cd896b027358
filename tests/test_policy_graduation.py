"""Scenario tests for 毕业升级 (clause 3.1), from the regulation's own sentences.

Graduation is due by 7-30 of the school year in which the student began the graduation year (the day
after the 8-10 promotion into it, or the day of a 复学/返校 into it, or the registration): a student left
over from last year is late, not early for next year.
"""

from __future__ import annotations

import datetime as dt

import pytest

from liangshan_xueji.decisions import Decision
from liangshan_xueji.errors import PolicyViolation
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.records.models import Grade, Record, SchoolSystem, Stage, Status
from liangshan_xueji.records.status import (
    Graduate,
    Promote,
    RollbackGraduation,
    TransferAct,
    TransferParty,
    TransferRequest,
)
from lifecycle_strategies import TRANSFER_KEYS, context, grade, record, school

A = school("P63A")
F = school("P54A", system=SchoolSystem.FIVE_FOUR, county="德昌县")
S1 = school("S1", stages=(Stage.SENIOR,))


def refused(decision: Decision, *clauses: str) -> None:
    assert not decision.allowed
    assert set(clauses) <= decision.clause_ids, decision.explain()


def graduate(rec: Record) -> Graduate:
    return Graduate(student=rec.student.student_number)


def promote(rec: Record) -> Promote:
    return Promote(student=rec.student.student_number)


# ---------------------------------------------------------------------------------------------------


@pytest.mark.clause("3.1")
def test_graduation_is_done_by_july_30() -> None:
    """“各校需按照学籍系统操作办法确保学生的毕业操作在每年 7 月 30 日之前完成。”"""
    rec = record(grade(6), A, enrolled_on=dt.date(2020, 9, 1))
    on_time = evaluate(rec, graduate(rec), context(dt.date(2021, 7, 20), A))
    assert on_time.allowed and on_time.deadline is not None
    assert on_time.deadline.due == dt.date(2021, 7, 30) and on_time.deadline.clause == "3.1"
    assert on_time.reasons == ()
    assert evaluate(rec, graduate(rec), context(dt.date(2021, 7, 30), A)).reasons == ()
    late = evaluate(rec, graduate(rec), context(dt.date(2021, 7, 31), A))
    assert late.allowed and [r.clause for r in late.reasons] == ["3.1"]
    done = apply(rec, graduate(rec), context(dt.date(2021, 7, 20), A))
    assert done.status is Status.GRADUATED and done.grade == grade(6)


@pytest.mark.clause("3.1")
def test_a_graduation_after_the_promotion_is_still_late() -> None:
    """A 六年级 student of 2020–21 graduated on 2021-08-20 is late for 2021-07-30 — not early for 2022.

    The history is the evidence of when the student began 六年级 (here the 2020-08-10 promotion); the
    rule and the audit read it alike (``grade_year_began``)."""
    five_2020 = record(grade(5), A, enrolled_on=dt.date(2019, 9, 1))
    rec = apply(five_2020, promote(five_2020), context(dt.date(2020, 8, 10), A))
    late = evaluate(rec, graduate(rec), context(dt.date(2021, 8, 20), A))
    assert late.allowed and late.deadline is not None
    assert late.deadline.due == dt.date(2021, 7, 30)
    assert [r.clause for r in late.reasons] == ["3.1"]
    # promoted into 六年级 on 2021-08-10, the student graduates by 2022-07-30
    five = record(grade(5), A, enrolled_on=dt.date(2020, 9, 1))
    six = apply(five, promote(five), context(dt.date(2021, 8, 10), A))
    timely = evaluate(six, graduate(six), context(dt.date(2022, 7, 1), A))
    assert timely.deadline is not None and timely.deadline.due == dt.date(2022, 7, 30)
    assert timely.reasons == ()


@pytest.mark.clause("3.1")
def test_a_record_without_its_history_is_not_late_for_years_gone_by() -> None:
    """``enrolled_on`` is the day the student was registered at the school, not the day they began the
    graduation year: the national system promotes every 8-10 without an event in the record. A 六年级
    record registered in 2015 with no history graduates by 7-30 of the act's school year."""
    rec = record(grade(6), A, enrolled_on=dt.date(2015, 9, 1))
    decision = evaluate(rec, graduate(rec), context(dt.date(2021, 7, 1), A))
    assert decision.allowed and decision.reasons == ()
    assert decision.deadline is not None and decision.deadline.due == dt.date(2021, 7, 30)


@pytest.mark.clause("3.1")
def test_only_a_graduation_year_graduates() -> None:
    """“毕业操作” is for 毕业年级 only (小学六年级、初中三年级、高中三年级; 五四制 小学五年级、初中四年级)."""
    ctx = context(dt.date(2021, 7, 1), A, F, S1)
    for g, home, ok in [
        (grade(6), A, True),
        (grade(9), A, True),
        (grade(12), S1, True),
        (Grade(Stage.PRIMARY, 5, SchoolSystem.FIVE_FOUR), F, True),
        (Grade(Stage.JUNIOR, 4, SchoolSystem.FIVE_FOUR), F, True),
        (Grade(Stage.JUNIOR, 3, SchoolSystem.FIVE_FOUR), F, False),
        (grade(5), A, False),
    ]:
        rec = record(g, home)
        assert evaluate(rec, graduate(rec), ctx).allowed is ok, g


@pytest.mark.clause("3.1")
def test_promotion_on_august_10_only_and_once_a_year() -> None:
    """“每年 8 月 10 日 24 时，教育部在全国学籍系统后台统一对非毕业年级学生进行升级操作。”"""
    rec = record(grade(3), A)
    refused(evaluate(rec, promote(rec), context(dt.date(2021, 8, 11), A)), "3.1")
    refused(evaluate(rec, promote(rec), context(dt.date(2021, 8, 9), A)), "3.1")
    up = apply(rec, promote(rec), context(dt.date(2021, 8, 10), A))
    assert up.grade == grade(4)
    again = evaluate(up, promote(up), context(dt.date(2021, 8, 10), A))
    refused(again, "3.1")
    with pytest.raises(PolicyViolation):
        apply(up, promote(up), context(dt.date(2021, 8, 10), A))
    up2 = apply(up, promote(up), context(dt.date(2022, 8, 10), A))
    assert up2.grade == grade(5)
    six = record(grade(6), A)  # 非毕业年级 only
    refused(evaluate(six, promote(six), context(dt.date(2021, 8, 10), A)), "3.1")


@pytest.mark.clause("3.1")
def test_graduates_are_never_rolled_back() -> None:
    """“小学六年级、初中三年级毕业生不可以随意回退，严禁回退毕业生以实现义务教育阶段学生复读。”"""
    junior3 = record(grade(9), A, enrolled_on=dt.date(2020, 9, 1))
    done = apply(junior3, graduate(junior3), context(dt.date(2021, 7, 1), A))
    rollback = RollbackGraduation(student=done.student.student_number)
    decision = evaluate(done, rollback, context(dt.date(2021, 8, 1), A))
    assert not decision.allowed and decision.clause_ids == {"3.1"}
    with pytest.raises(PolicyViolation):
        apply(done, rollback, context(dt.date(2021, 8, 1), A))
    assert done.status is Status.GRADUATED and done.grade == grade(9)
    senior = record(grade(12), S1, enrolled_on=dt.date(2020, 9, 1))
    senior_done = apply(senior, graduate(senior), context(dt.date(2021, 6, 1), S1))
    assert evaluate(senior_done, rollback, context(dt.date(2021, 8, 1), S1)).clause_ids == {"8.4"}


@pytest.mark.clause("3.1", "2.1.5")
def test_an_open_transfer_follows_the_promotion_in_the_same_year() -> None:
    """An open transfer of a 五四制 初一 student (year 6, into 六三制 小学六年级) follows the promotion:
    the student is in year 7, so is the transfer (六三制 初一)."""
    rec = record(Grade(Stage.JUNIOR, 1, SchoolSystem.FIVE_FOUR), F)
    sn = rec.student.student_number
    ctx = context(dt.date(2021, 8, 2), A, F)
    opened = apply(
        rec,
        TransferRequest(student=sn, to_school=A.code, to_class="1班", materials=TRANSFER_KEYS),
        ctx,
    )
    assert opened.transfer is not None and opened.transfer.to_grade == grade(6)
    up = apply(opened, promote(opened), ctx.at(dt.date(2021, 8, 10)))
    assert up.grade == Grade(Stage.JUNIOR, 2, SchoolSystem.FIVE_FOUR)
    assert up.transfer is not None and up.transfer.to_grade == grade(7)
    for party in TransferParty:
        up = apply(up, TransferAct(student=sn, party=party), ctx.at(dt.date(2021, 8, 12)))
    assert up.school_code == A.code and up.grade == grade(7)
