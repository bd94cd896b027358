"""Scenario tests for 学生死亡 (clause 2.5), from the regulation's own sentence.

“学校凭相关证明在 10 个工作日内通过电子学籍系统将死亡学生信息报学籍主管部门，并在学籍管理系统中
操作‘死亡’（操作‘死亡’的学籍信息系统不可恢复）。” The library counts the 10 working days from the
day after the death.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from liangshan_xueji.errors import InvalidInput, PolicyViolation
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.policy.death import DEATH_PROOF, START_ASSUMED
from liangshan_xueji.records.models import Status
from liangshan_xueji.records.status import Death, Suspend, TransferRequest
from lifecycle_strategies import (
    ALL_EVENT_TYPES,
    SUSPENSION_KEYS,
    TRANSFER_KEYS,
    context,
    event_of,
    grade,
    record,
    school,
)

A = school("P63A")
B = school("P63B", county="会理市")


@pytest.mark.clause("2.5")
def test_death_needs_the_proof() -> None:
    """“学校凭相关证明……操作‘死亡’”"""
    rec = record(grade(5), A)
    ctx = context(dt.date(2020, 10, 9), A)
    no_proof = Death(student=rec.student.student_number, died_on=dt.date(2020, 9, 29))
    decision = evaluate(rec, no_proof, ctx)
    assert not decision.allowed and decision.clause_ids == {"2.5"}
    assert decision.missing_materials == (DEATH_PROOF,)
    with pytest.raises(PolicyViolation):
        apply(rec, no_proof, ctx)
    assert rec.status is Status.ENROLLED


@pytest.mark.clause("2.5")
def test_ten_working_days_and_a_late_report() -> None:
    """“在 10 个工作日内通过电子学籍系统将死亡学生信息报学籍主管部门” — a late report is still made,
    with a reason saying it is late and the deadline that was missed."""
    rec = record(grade(5), A)
    died = Death(
        student=rec.student.student_number,
        died_on=dt.date(2020, 9, 29),
        proof=True,
        proof_obtained_on=dt.date(2020, 9, 29),
    )
    # 9-30 (1); 10-01..10-08 off (国庆、中秋); 10-09 (2); Sat 10-10 (3, 调休); 10-12..10-16 (4–8);
    # 10-19 (9); 10-20 (10)
    on_time = evaluate(rec, died, context(dt.date(2020, 10, 20), A))
    assert on_time.allowed and on_time.deadline is not None
    assert on_time.deadline.due == dt.date(2020, 10, 20) and on_time.deadline.workdays == 10
    assert on_time.deadline.start == dt.date(2020, 9, 29) and on_time.deadline.clause == "2.5"
    assert len(on_time.reasons) == 1  # only the note that 死亡 cannot be undone
    late = evaluate(rec, died, context(dt.date(2020, 10, 21), A))
    assert late.allowed and late.deadline == on_time.deadline
    assert len(late.reasons) == 2 and late.reasons[0] == on_time.reasons[0]
    assert "期限" in late.reasons[1].zh and "deadline" in late.reasons[1].en
    assert "2020-10-20" in late.reasons[1].en
    dead = apply(rec, died, context(dt.date(2020, 10, 21), A))
    assert dead.status is Status.DECEASED


@pytest.mark.clause("2.5", "1.5")
def test_death_is_never_undone() -> None:
    """“操作‘死亡’的学籍信息系统不可恢复” — every later event, of every type, is refused citing 2.5;
    the record itself is kept (1.5)."""
    rec = record(grade(5), A)
    sn = rec.student.student_number
    dead = apply(
        rec,
        Death(student=sn, died_on=dt.date(2020, 9, 29), proof=True),
        context(dt.date(2020, 10, 9), A, B),
    )
    later = context(dt.date(2021, 8, 10), A, B)
    for event_type in ALL_EVENT_TYPES:
        event = event_of(event_type, sn)
        decision = evaluate(dead, event, later)
        assert not decision.allowed and decision.clause_ids == {"2.5"}, event_type
        with pytest.raises(PolicyViolation):
            apply(dead, event, later)
    assert dead.history[-1].status is Status.DECEASED and len(dead.history) == 1


@pytest.mark.clause("2.5")
def test_death_closes_an_open_transfer_or_suspension() -> None:
    """A deceased student's open workflows end with the record."""
    rec = record(grade(5), A)
    sn = rec.student.student_number
    ctx = context(dt.date(2020, 9, 1), A, B)
    opened = apply(
        rec,
        TransferRequest(student=sn, to_school="P63B", to_class="1班", materials=TRANSFER_KEYS),
        ctx,
    )
    off = apply(
        rec,
        Suspend(
            student=sn,
            materials=SUSPENSION_KEYS,
            advised_rest_months=3,
            school_agrees=True,
            authority_approves=True,
        ),
        ctx,
    )
    for before in (opened, off):
        dead = apply(
            before,
            Death(student=sn, died_on=dt.date(2020, 9, 20), proof=True),
            ctx.at(dt.date(2020, 9, 25)),
        )
        assert dead.transfer is None and dead.suspension is None and dead.status is Status.DECEASED


@pytest.mark.clause("2.5")
def test_the_ten_working_days_count_from_the_proof() -> None:
    """“学校凭相关证明在 10 个工作日内…上报”: counted from the day the school obtains the proof; when
    that day is not known, from the death, and the decision says it assumed so."""
    rec = record(grade(5), A)
    sn = rec.student.student_number
    on = dt.date(2020, 10, 30)
    proof_later = Death(
        student=sn,
        died_on=dt.date(2020, 9, 29),
        proof=True,
        proof_obtained_on=dt.date(2020, 10, 16),
    )
    # from Fri 10-16: 10-19..10-23 (1–5), 10-26..10-30 (6–10)
    decision = evaluate(rec, proof_later, context(on, A))
    assert decision.deadline is not None and decision.deadline.start == dt.date(2020, 10, 16)
    assert decision.deadline.due == dt.date(2020, 10, 30)
    assert not any("期限" in r.zh for r in decision.reasons)  # on time, counted from the proof
    unknown = Death(student=sn, died_on=dt.date(2020, 9, 29), proof=True)
    assumed = evaluate(rec, unknown, context(on, A))
    assert assumed.deadline is not None and assumed.deadline.start == dt.date(2020, 9, 29)
    assert START_ASSUMED in assumed.reasons
    assert any("期限" in r.zh for r in assumed.reasons)  # late, counted from the death
    for bad in (dt.date(2020, 9, 28), dt.date(2020, 10, 31)):
        with pytest.raises(InvalidInput) as err:
            evaluate(rec, attrs.evolve(proof_later, proof_obtained_on=bad), context(on, A))
        assert err.value.where == "proof_obtained_on"


@pytest.mark.clause("2.5")
def test_the_audit_counts_a_recorded_report_from_the_proof_too() -> None:
    """The audit replays a recorded 死亡 through the same reading: on time when counted from the proof;
    late, and saying it counted from the death, when the proof's day was not recorded."""
    from liangshan_xueji.policy import overdue

    rec = record(grade(5), A)
    sn = rec.student.student_number
    reported = dt.date(2020, 10, 30)
    with_proof = Death(
        student=sn,
        died_on=dt.date(2020, 9, 29),
        proof=True,
        proof_obtained_on=dt.date(2020, 10, 16),
    )
    done = apply(rec, with_proof, context(reported, A))
    assert list(overdue.death_report(done, context(reported, A))) == []
    unknown = Death(student=sn, died_on=dt.date(2020, 9, 29), proof=True)
    late = apply(rec, unknown, context(reported, A))
    (finding,) = overdue.death_report(late, context(reported, A))
    assert finding.clause == "2.5" and "按死亡日期起算" in finding.zh
