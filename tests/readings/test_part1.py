"""Readings of part 1 (学籍建立) that run: each test quotes a catalog note and proves it.

A reading test is marked ``@pytest.mark.reading("X.Y")``; its docstring quotes the note of clause X.Y
(:mod:`liangshan_xueji.law._catalog`) and its body is the smallest call that proves it. The docs print
it under the note (issue 15, item 12).
"""

from __future__ import annotations

import datetime as dt

import pytest

from liangshan_xueji import Stage, Status, Student, apply, clause, clauses, evaluate
from liangshan_xueji.events import (
    AttendanceCheck,
    ConfirmNewStudentData,
    IdentitySource,
    ProvisionalDropout,
    ReturnToSchool,
)
from liangshan_xueji.law import DEFAULT_PARAMETERS, SOURCE
from liangshan_xueji.policy.registration import register
from liangshan_xueji.procedures import empty_record_decision
from lifecycle_strategies import context, grade, record, school, student

DAY = dt.date(2020, 9, 1)
A = school("A1", stages=tuple(Stage))


def nobody(_s: Student) -> bool:
    """The province-wide lookup (1.2), done by the caller: no record found."""
    return False


def anybody(_s: Student) -> bool:
    """The province-wide lookup finds a record."""
    return True


def kid() -> Student:
    return student(birth=dt.date(2014, 3, 5))


@pytest.mark.reading("1.1")
def test_1_1_a_record_at_a_school_the_student_does_not_attend_is_empty() -> None:
    """“实际就读学校”读作学生当前上课的学校；学籍注册在别校即为空挂学籍
    ('The school actually attended' is read as the school where the student is taught.)"""
    ctx = context(DAY, A)
    on_roll = register(
        kid(), "A1", grade(1), "1班", ctx, lookup=nobody, arrived_on=DAY,
        identity_source=IdentitySource.HOUSEHOLD_REGISTER,
    ).record  # fmt: skip
    assert on_roll is not None
    sn = on_roll.student.student_number
    elsewhere = apply(on_roll, AttendanceCheck(student=sn, attending=False), ctx)
    refused = evaluate(elsewhere, AttendanceCheck(student=sn, attending=False), ctx)
    assert refused.allowed  # recording the fact is never refused …
    empty = empty_record_decision(elsewhere, ctx)  # … but the record is an empty one (空挂)
    assert not empty.allowed and "空挂学籍" in empty.reasons[0].zh
    assert empty.reasons[0].clause == "1.1"


@pytest.mark.reading("1.2")
def test_1_2_the_callers_lookup_refuses_a_known_student_and_junior_entrants() -> None:
    """全省查询由调用方完成并传入结果，查到已有学籍即拒绝新建；初中、高中新生只能经招生接续原档案，不得新建学籍"""
    ctx = context(DAY, A)
    found = register(
        kid(), "A1", grade(1), "1班", ctx, lookup=anybody, arrived_on=DAY,
        identity_source=IdentitySource.HOUSEHOLD_REGISTER,
    )  # fmt: skip
    assert found.record is None and "1.2" in found.decision.clause_ids
    junior = register(
        kid(), "A1", grade(7), "1班", ctx, lookup=nobody, arrived_on=DAY,
        identity_source=IdentitySource.HOUSEHOLD_REGISTER,
    )  # fmt: skip
    assert junior.record is None and "1.2" in junior.decision.clause_ids


@pytest.mark.reading("1.3")
def test_1_3_new_students_data_are_due_on_30_september_that_day_included() -> None:
    """截止日为每年 9 月 30 日，当日仍在期限内（参数）"""
    ctx = context(DAY, A)
    reg = register(
        kid(), "A1", grade(1), "1班", ctx, lookup=nobody, arrived_on=DAY,
        identity_source=IdentitySource.HOUSEHOLD_REGISTER,
    )  # fmt: skip
    assert reg.decision.deadline is not None
    assert reg.decision.deadline.due == dt.date(2020, 9, 30)
    assert any(p.clause == "1.3" for p in DEFAULT_PARAMETERS)  # a parameter
    assert reg.record is not None
    done = ConfirmNewStudentData(
        student=reg.record.student.student_number, parents_signed=True, submitted=True
    )
    assert not evaluate(reg.record, done, ctx.at(dt.date(2020, 9, 30))).reasons  # on time
    late = evaluate(reg.record, done, ctx.at(dt.date(2020, 10, 1)))
    assert any("逾期" in r.zh for r in late.reasons)


@pytest.mark.reading("1.4")
def test_1_4_registering_before_arrival_is_registering_in_advance() -> None:
    """起始年级指小学一年级、初一、高一；注册日期早于报到日期即为抢先注册"""
    ctx = context(DAY, A)
    early = register(
        kid(), "A1", grade(1), "1班", ctx, lookup=nobody, arrived_on=DAY + dt.timedelta(days=1),
        identity_source=IdentitySource.HOUSEHOLD_REGISTER,
    )  # fmt: skip
    assert early.record is None
    assert any(r.clause == "1.4" and "抢先" in r.zh for r in early.decision.reasons)
    same_day = register(
        kid(), "A1", grade(1), "1班", ctx, lookup=nobody, arrived_on=DAY,
        identity_source=IdentitySource.HOUSEHOLD_REGISTER,
    )  # fmt: skip
    assert same_day.record is not None


@pytest.mark.reading("P")
def test_preamble_is_the_source_of_every_clause() -> None:
    """序言不约束数据；库以它为每个条款的出处（SOURCE），在条款目录和规则参考文档中引用"""
    assert SOURCE.number == "凉教基〔2016〕14号"
    assert {c.source for c in clauses()} == {SOURCE}
    assert not clause("P").computable


@pytest.mark.reading("1.5")
def test_1_5_long_absent_and_unreachable_may_be_set_to_dropout_for_the_time_being() -> None:
    """“暂”读作辍学状态本身，学生返校（2.4.3）即结束
    (long away and unreachable: 辍学 for the time being, no family reasons asked, but 2.4.1's
    written report for a compulsory-stage student; the return ends it.)"""
    rec = record(grade(4), A, enrolled_on=dt.date(2019, 9, 1))
    sn = rec.student.student_number
    away = ProvisionalDropout(
        student=sn, absent_since=dt.date(2020, 5, 1), unreachable=True, reported_in_writing=True
    )
    ctx = context(DAY, A)  # 4 months after 2020-05-01
    dropped = apply(rec, away, ctx)
    assert dropped.status is Status.DROPPED_OUT and dropped.history  # kept, not deleted
    three = context(dt.date(2020, 8, 1), A)  # exactly 3 months: not "long"
    short = evaluate(rec, away, three)
    assert "1.5" in short.clause_ids and not short.allowed
    unreported = ProvisionalDropout(student=sn, absent_since=dt.date(2020, 5, 1), unreachable=True)
    assert [m.key for m in evaluate(rec, unreported, ctx).missing_materials] == [
        "dropout_written_report"
    ]
    back = apply(dropped, ReturnToSchool(student=sn), context(dt.date(2020, 10, 8), A))
    assert back.status is Status.ENROLLED and back.grade == rec.grade  # "暂": ended by 2.4.3
