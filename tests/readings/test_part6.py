"""Readings of part 6 (一类模式学生学籍管理) that run: each test quotes a catalog note and proves it.

See tests/readings/test_part1.py for what a reading test is. 6.1 and 6.3 are pending (issue 15,
item 2 makes 一类 the student's mode; see tests/test_readings_coverage.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from liangshan_xueji import (
    AdmissionMethod,
    Admit,
    Grade,
    Graduate,
    RosterEntry,
    SeniorRoster,
    Stage,
    TeachingMode,
    apply,
    evaluate,
    submit_senior_roster,
)
from lifecycle_strategies import context, record, school, student

J = school("J1", stages=(Stage.JUNIOR,))
SY = school("SY", stages=(Stage.SENIOR,), county="美姑县", mode=TeachingMode.MODEL_ONE)


@pytest.mark.reading("6.2")
def test_6_2_august_25_included_no_registration_before_approval() -> None:
    """8 月 25 日当日在期限内；州教育局审核通过前注册学籍一律拒绝"""
    roster = SeniorRoster(
        school_code="SY",
        school_year=2021,
        entries=(RosterEntry(student=student().student_number, zhongkao_score=512),),
    )
    on_time = submit_senior_roster(roster, context(dt.date(2021, 8, 25), SY))
    assert on_time.allowed and not any("逾期" in r.zh for r in on_time.reasons)
    late = submit_senior_roster(roster, context(dt.date(2021, 8, 26), SY))
    assert any("逾期" in r.zh for r in late.reasons)

    junior3 = record(Grade(Stage.JUNIOR, 3), J, enrolled_on=dt.date(2020, 9, 1))
    sn = junior3.student.student_number
    done = apply(junior3, Graduate(student=sn), context(dt.date(2021, 7, 1), J, SY))
    ctx = context(dt.date(2021, 9, 1), J, SY)

    def admit(approval: str | None) -> Admit:
        return Admit(
            student=sn, school_code="SY", class_name="1班", method=AdmissionMethod.UNIFIED,
            arrived_on=ctx.on, in_catchment=True, model_one_roster_approval=approval,
        )  # fmt: skip

    assert "6.2" in evaluate(done, admit(None), ctx).clause_ids
    assert evaluate(done, admit("凉教民〔2021〕5号"), ctx).allowed
