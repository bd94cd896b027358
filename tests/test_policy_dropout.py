"""Scenario tests for 控辍保学 (clauses 2.4–2.4.3, with 1.5), each from the regulation's own sentence.

"3 个月" is counted by the calendar (``status.add_months``): absent since 2020-03-10, exactly three
months have passed on 2020-06-10; "超过 3 个月" holds from 2020-06-11.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from liangshan_xueji.decisions import Decision
from liangshan_xueji.errors import InvalidInput, PolicyViolation
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.policy.dropout import WRITTEN_REPORT
from liangshan_xueji.records.models import Grade, Record, SchoolSystem, Stage, Status
from liangshan_xueji.records.status import (
    DepartureReason,
    MarkDropout,
    MarkSuspectedDropout,
    OtherDeparture,
    ProvisionalDropout,
    ReturnToSchool,
    Suspend,
)
from lifecycle_strategies import SUSPENSION_KEYS, context, grade, record, school

A = school("P63A")
B = school("P63B", county="会理市")
F = school("P54A", system=SchoolSystem.FIVE_FOUR, county="德昌县")
S1 = school("S1", stages=(Stage.SENIOR,))
ON = dt.date(2020, 10, 12)


def refused(decision: Decision, *clauses: str) -> None:
    assert not decision.allowed
    assert set(clauses) <= decision.clause_ids, decision.explain()


def dropout(rec: Record, **kw: object) -> MarkDropout:
    fields: dict[str, object] = {
        "family_reasons": True,
        "mobilised": True,
        "reported_in_writing": True,
        **kw,
    }
    return MarkDropout(student=rec.student.student_number, **fields)  # type: ignore[arg-type]


def suspected(rec: Record, **kw: object) -> MarkSuspectedDropout:
    fields: dict[str, object] = {
        "family_reasons": True,
        "mobilised": True,
        "reported_in_writing": True,
        **kw,
    }
    return MarkSuspectedDropout(student=rec.student.student_number, **fields)  # type: ignore[arg-type]


def absent(rec: Record, since: dt.date, *, unreachable: bool = True) -> OtherDeparture:
    return OtherDeparture(
        student=rec.student.student_number,
        reason=DepartureReason.UNEXPLAINED_ABSENCE,
        absent_since=since,
        unreachable=unreachable,
    )


def back(rec: Record, **kw: object) -> ReturnToSchool:
    return ReturnToSchool(student=rec.student.student_number, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------


@pytest.mark.clause("2.4", "1.5")
def test_suspected_dropout_dropout_and_return() -> None:
    """“全国学籍系统控辍保学允许辍学学生返校就读，各县市各学校需保证学生接受满 9 年义务教育”"""
    rec = record(grade(7), A)
    ctx = context(ON, A)
    s = apply(rec, suspected(rec), ctx)
    assert s.status is Status.SUSPECTED_DROPOUT
    d = apply(s, dropout(s), ctx.at(dt.date(2020, 11, 2)))
    assert d.status is Status.DROPPED_OUT and d.grade == grade(7)
    r = apply(d, back(d), ctx.at(dt.date(2021, 3, 1)))
    assert r.status is Status.ENROLLED and r.grade == grade(7)
    assert [h.status for h in r.history] == [
        Status.SUSPECTED_DROPOUT, Status.DROPPED_OUT, Status.ENROLLED,
    ]  # fmt: skip


@pytest.mark.clause("2.4.1")
def test_a_compulsory_dropout_is_reported_in_writing() -> None:
    """“学校应将义务教育阶段学生辍学情况依法及时书面上报当地乡镇人民政府、县级教育行政部门和学籍主管
    部门，在义务教育年限内为其保留学籍，并利用电子学籍系统进行管理。”"""
    rec = record(grade(7), A)
    ctx = context(ON, A, S1)
    unreported = evaluate(rec, dropout(rec, reported_in_writing=False), ctx)
    refused(unreported, "2.4.1")
    assert unreported.missing_materials == (WRITTEN_REPORT,)
    refused(evaluate(rec, suspected(rec, reported_in_writing=False), ctx), "2.4.1")
    with pytest.raises(PolicyViolation):
        apply(rec, dropout(rec, reported_in_writing=False), ctx)
    kept = apply(rec, dropout(rec), ctx)
    assert kept.status is Status.DROPPED_OUT and kept.student == rec.student  # the record is kept
    allowed = evaluate(rec, dropout(rec), ctx)
    assert "2.4.1" in allowed.clause_ids and "保留学籍" in allowed.reasons[0].zh
    senior = record(grade(11), S1)  # the written report binds the compulsory stage
    assert evaluate(senior, dropout(senior, reported_in_writing=False), ctx).allowed


@pytest.mark.clause("2.4.2", "1.5")
def test_three_months_absence_boundary() -> None:
    """“对离校前未告知学校具体原因，离校时间超过 3 个月且联系不上的学生，学校应在学籍系统中将其置为
    ‘其他离校’状态”"""
    rec = record(grade(5), A)
    since = dt.date(2020, 3, 10)
    exactly = evaluate(rec, absent(rec, since), context(dt.date(2020, 6, 10), A))
    refused(exactly, "2.4.2")
    assert evaluate(rec, absent(rec, since), context(dt.date(2020, 6, 11), A)).allowed
    gone = apply(rec, absent(rec, since), context(dt.date(2020, 6, 11), A))
    assert gone.status is Status.OTHER_DEPARTURE
    # month end: from 11-30 three months end on 2-28 (2021 has no 2-29)
    end = dt.date(2020, 11, 30)
    refused(evaluate(rec, absent(rec, end), context(dt.date(2021, 2, 28), A)), "2.4.2")
    assert evaluate(rec, absent(rec, end), context(dt.date(2021, 3, 1), A)).allowed


@pytest.mark.clause("2.4.2")
def test_a_reachable_student_is_not_set_to_other_departure() -> None:
    """“……离校时间超过 3 个月且联系不上的学生” — both conditions; both reasons when neither holds."""
    rec = record(grade(5), A)
    reachable = evaluate(
        rec, absent(rec, dt.date(2020, 1, 1), unreachable=False), context(dt.date(2020, 9, 1), A)
    )
    refused(reachable, "2.4.2")
    neither = evaluate(
        rec, absent(rec, dt.date(2020, 8, 1), unreachable=False), context(dt.date(2020, 9, 1), A)
    )
    assert len(neither.reasons) == 2


@pytest.mark.clause("2.4.2")
def test_family_reasons_and_a_failed_mobilisation_or_a_clear_refusal() -> None:
    """“对因家庭原因并经学校动员仍未到校或明确不再读书的学生置为‘疑似辍学’或‘辍学’。”"""
    rec = record(grade(8), A)
    ctx = context(ON, A)
    refused(evaluate(rec, dropout(rec, mobilised=False), ctx), "2.4.2")
    refused(evaluate(rec, suspected(rec, family_reasons=False), ctx), "2.4.2")
    assert evaluate(
        rec, dropout(rec, family_reasons=False, mobilised=False, explicitly_quit=True), ctx
    ).allowed
    assert evaluate(rec, suspected(rec), ctx).allowed


@pytest.mark.clause("2.4.2", "2.4.1")
def test_a_refusal_of_a_suspected_dropout_lists_every_reason() -> None:
    """A 休学 student cannot be set to 疑似辍学; without the written report that is a second reason."""
    rec = record(grade(4), A)
    off = apply(
        rec,
        Suspend(
            student=rec.student.student_number,
            materials=SUSPENSION_KEYS,
            advised_rest_months=3,
            school_agrees=True,
            authority_approves=True,
        ),
        context(ON, A),
    )
    decision = evaluate(off, suspected(off, reported_in_writing=False), context(ON, A))
    assert not decision.allowed
    assert [r.clause for r in decision.reasons] == ["2.4.2", "2.4.1"]


@pytest.mark.clause("2.4.3")
def test_a_returning_student_resumes_the_matching_grade() -> None:
    """“辍学学生返校应接续相应年级。严禁利用控辍保学功能实现学生变相留级。”"""
    rec = record(grade(7), A)
    away = apply(rec, dropout(rec), context(ON, A, B))
    ctx = context(dt.date(2021, 9, 1), A, B)
    lower = evaluate(away, back(away, grade=grade(6)), ctx)
    refused(lower, "2.4.3")
    assert lower.clause_ids == {"2.4.3"}
    with pytest.raises(PolicyViolation):
        apply(away, back(away, grade=grade(6)), ctx)
    assert evaluate(away, back(away, grade=grade(7)), ctx).allowed
    elsewhere = apply(away, back(away, school_code="P63B", class_name="1班"), ctx)
    assert elsewhere.school_code == "P63B" and elsewhere.grade == grade(7)
    enrolled = record(grade(7), A)
    refused(evaluate(enrolled, back(enrolled), ctx), "2.4.3")


@pytest.mark.clause("2.4.3", "2.1.5")
def test_a_return_to_a_school_of_the_other_school_system_keeps_the_year() -> None:
    """A 五四制 初一 dropout (year 6) returning to a 六三制 school resumes its 小学六年级 — the same
    year (2.1.5), not a lower one."""
    rec = record(Grade(Stage.JUNIOR, 1, SchoolSystem.FIVE_FOUR), F)
    away = apply(rec, dropout(rec), context(ON, A, F))
    ctx = context(dt.date(2021, 3, 1), A, F)
    decision = evaluate(away, back(away, school_code=A.code), ctx)
    assert decision.allowed, decision.explain()
    returned = apply(away, back(away, school_code=A.code), ctx)
    assert returned.grade == Grade(Stage.PRIMARY, 6, SchoolSystem.SIX_THREE)
    assert returned.grade.year == 6


@pytest.mark.clause("1.5")
def test_a_long_absent_unreachable_student_may_be_set_to_dropout_for_the_time_being() -> None:
    """1.5: “如果学生长期不在校又无法跟家长取得联系，可暂做辍学或其他离校处理”."""
    rec = record(grade(5), A)
    sn = rec.student.student_number

    def away(since: dt.date, **kw: object) -> ProvisionalDropout:
        fields: dict[str, object] = {"unreachable": True, "reported_in_writing": True, **kw}
        return ProvisionalDropout(student=sn, absent_since=since, **fields)  # type: ignore[arg-type]

    # Exactly three months is not "long" (2.4.2's period); one day more is.
    refused(evaluate(rec, away(dt.date(2020, 7, 12)), context(ON, A)), "1.5")
    ok = evaluate(rec, away(dt.date(2020, 7, 11)), context(ON, A))
    assert ok.allowed and {"1.5", "2.4.1"} <= ok.clause_ids
    # No family reasons or mobilisation are asked: the school cannot reach the family to learn them.
    refused(evaluate(rec, away(dt.date(2020, 1, 1), unreachable=False), context(ON, A)), "1.5")
    unreported = evaluate(rec, away(dt.date(2020, 1, 1), reported_in_writing=False), context(ON, A))
    refused(unreported, "2.4.1")
    assert WRITTEN_REPORT in unreported.missing_materials
    senior = record(Grade(Stage.SENIOR, 1), S1)
    senior_away = ProvisionalDropout(
        student=senior.student.student_number, absent_since=dt.date(2020, 1, 1), unreachable=True
    )
    assert evaluate(senior, senior_away, context(ON, S1)).allowed  # 2.4.1's report: compulsory only
    # The status machine: from 在校 or 疑似辍学 to 辍学; a 休学 student lapses through 2.2.3 instead.
    gone = apply(rec, away(dt.date(2020, 1, 1)), context(ON, A))
    assert gone.status is Status.DROPPED_OUT and len(gone.history) == 1
    off = attrs.evolve(rec, status=Status.SUSPENDED)
    refused(evaluate(off, away(dt.date(2020, 1, 1)), context(ON, A)), "1.5")
    with pytest.raises(PolicyViolation):
        apply(gone, away(dt.date(2020, 1, 1)), context(ON, A))
    with pytest.raises(InvalidInput):
        evaluate(rec, away(dt.date(2020, 10, 13)), context(ON, A))
