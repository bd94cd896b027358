"""Scenario tests for 留级、降级 (clause 2.3, with 7.2 and 8.3.8), from the regulation's own sentences.

The cap's reading (policy/retention.py): for the grade a student is retained into, the retentions of the
current school year and the two before it may not exceed 2 % of that grade's students summed over the
same three years; the figures come from ``Context.retention_history``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from liangshan_xueji.decisions import Decision
from liangshan_xueji.errors import PolicyViolation
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.records.models import Record, Stage, Status
from liangshan_xueji.records.status import Demote, Retain, RetentionCount, TransferRequest
from lifecycle_strategies import TRANSFER_KEYS, context, grade, record, school, student

A = school("P63A")
S1 = school("S1", stages=(Stage.SENIOR,))
S3 = school("S3", stages=(Stage.SENIOR,), county="会理市")
ON = dt.date(2021, 9, 15)  # school year 2021


def refused(decision: Decision, *clauses: str) -> None:
    assert not decision.allowed
    assert set(clauses) <= decision.clause_ids, decision.explain()


def rows(retained_now: int, *, students: int = 100, grade_year: int = 10) -> list[RetentionCount]:
    """Three school years (2019–2021) of S1's grade ``grade_year``: ``students`` a year, one retention
    in each of 2019 and 2020, ``retained_now`` this year."""
    return [
        RetentionCount(
            school_code="S1", grade_year=grade_year, school_year=y, students=students, retained=r
        )
        for y, r in ((2018, 9), (2019, 1), (2020, 1), (2021, retained_now))
    ]


def retain(rec: Record) -> Retain:
    return Retain(student=rec.student.student_number)


# ---------------------------------------------------------------------------------------------------


@pytest.mark.clause("2.3", "7.2", "8.3.8")
@pytest.mark.parametrize("year", range(1, 10))
def test_no_retention_or_demotion_in_the_compulsory_stage(year: int) -> None:
    """“按照《义务教育法》、《学籍管理办法》的规定，义务教育阶段学生一律不允许留级、降级。如有学校自行
    留级、降级或者变相留级、降级，将追究学校主要负责人及相关人员责任。”"""
    rec = record(grade(year), A)
    ctx = context(ON, A)
    for event in (retain(rec), Demote(student=rec.student.student_number)):
        decision = evaluate(rec, event, ctx)
        assert not decision.allowed
        assert decision.clause_ids == {"2.3", "7.2", "8.3.8"}
        with pytest.raises(PolicyViolation) as info:
            apply(rec, event, ctx)
        assert {r.clause for r in info.value.decision.reasons} == {"2.3", "7.2", "8.3.8"}


@pytest.mark.clause("2.3")
def test_senior_retention_within_two_percent_over_three_years() -> None:
    """“高中阶段学生可以申请留级，但学校必须严格控制，留级比例三年内不得超过年级学生总数的 2%。”
    Three years of 100 students: 2 % of 300 is 6; 2019 and 2020 used 2 (2018, outside the window,
    does not count)."""
    rec = record(grade(11), S1)
    room = context(ON, S1, retention_history=rows(3))  # 1 + 1 + 3 = 5 < 6
    decision = evaluate(rec, retain(rec), room)
    assert decision.allowed, decision.explain()
    repeated = apply(rec, retain(rec), room)
    assert repeated.grade == grade(10) and repeated.status is Status.ENROLLED
    full = context(ON, S1, retention_history=rows(4))  # 1 + 1 + 4 = 6: the cap is reached
    refused(evaluate(rec, retain(rec), full), "2.3")
    # 2 % is rounded down: 3 × 120 = 360 students allow 7
    assert evaluate(
        rec, retain(rec), context(ON, S1, retention_history=rows(4, students=120))
    ).allowed
    assert not evaluate(
        rec, retain(rec), context(ON, S1, retention_history=rows(5, students=120))
    ).allowed


@pytest.mark.clause("2.3")
def test_without_this_years_figures_the_cap_cannot_be_checked() -> None:
    """“留级比例三年内不得超过年级学生总数的 2%” needs the grade's numbers: without them, refused."""
    rec = record(grade(11), S1)
    decision = evaluate(rec, retain(rec), context(ON, S1))
    refused(decision, "2.3")
    old = [r for r in rows(0) if r.school_year < 2021]
    refused(evaluate(rec, retain(rec), context(ON, S1, retention_history=old)), "2.3")


@pytest.mark.clause("2.3")
def test_one_retention_a_school_year_and_none_from_senior_one() -> None:
    """A second retention in one school year would drop a second grade (a 降级 in disguise); a 高一
    student has no finished senior grade to repeat."""
    s12 = record(grade(12), S1)
    ctx = context(ON, S1, retention_history=rows(0) + rows(0, grade_year=11))
    once = apply(s12, retain(s12), ctx)
    assert once.grade == grade(11)
    refused(evaluate(once, retain(once), ctx.at(dt.date(2021, 10, 1))), "2.3")
    next_year = context(
        dt.date(2022, 9, 15),
        S1,
        retention_history=[
            RetentionCount(
                school_code="S1", grade_year=10, school_year=2022, students=100, retained=0
            )
        ],
    )
    assert evaluate(once, retain(once), next_year).allowed
    refused(evaluate(record(grade(10), S1), retain(record(grade(10), S1)), ctx), "2.3")


@pytest.mark.clause("2.3", "8.4")
def test_a_senior_demotion_is_left_to_the_national_rules() -> None:
    """The regulation allows senior 留级 only; a senior 降级 is not covered (8.4: the national rules)."""
    rec = record(grade(11), S1)
    decision = evaluate(rec, Demote(student=rec.student.student_number), context(ON, S1))
    assert not decision.allowed and decision.clause_ids == {"8.4"}


@pytest.mark.clause("2.3")
def test_a_retention_waits_for_an_open_transfer() -> None:
    """The transfer's grade was fixed when it started: it is finished or withdrawn first."""
    rec = record(grade(11), S1, student_=student(sequence=7))
    ctx = context(ON, S1, S3, retention_history=rows(0))
    opened = apply(
        rec,
        TransferRequest(
            student=rec.student.student_number,
            to_school="S3",
            to_class="1班",
            materials=TRANSFER_KEYS,
        ),
        ctx,
    )
    decision = evaluate(opened, retain(opened), ctx)
    assert not decision.allowed and decision.clause_ids == {"2.1"}
