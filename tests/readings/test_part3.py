"""Readings of part 3 (毕业升级) that run: each test quotes a catalog note and proves it.

See tests/readings/test_part1.py for what a reading test is.
"""

from __future__ import annotations

import datetime as dt

import pytest

from liangshan_xueji import Status, apply, evaluate
from liangshan_xueji.events import Graduate, Promote
from liangshan_xueji.models import school_year
from liangshan_xueji.policy.duplicates import resolve_duplicate
from lifecycle_strategies import context, grade, record, school, student

A, B = school("A1"), school("B1", county="会理市")


@pytest.mark.reading("3.1")
def test_3_1_july_30_included_promotion_dated_august_10() -> None:
    """7 月 30 日当日在期限内；“8 月 10 日 24 时”是 8 月 10 日的最后时刻：升级操作记为 8 月 10 日，新学年自 8 月 11 日起"""
    six = record(grade(6), A, enrolled_on=dt.date(2020, 9, 1))
    graduate = Graduate(student=six.student.student_number)
    assert evaluate(six, graduate, context(dt.date(2021, 7, 30), A)).reasons == ()
    assert [
        r.clause for r in evaluate(six, graduate, context(dt.date(2021, 7, 31), A)).reasons
    ] == ["3.1"]
    three = record(grade(3), A)
    promote = Promote(student=three.student.student_number)
    assert apply(three, promote, context(dt.date(2021, 8, 10), A)).grade == grade(4)
    assert not evaluate(three, promote, context(dt.date(2021, 8, 11), A)).allowed
    assert school_year(dt.date(2021, 8, 10)) == 2020 and school_year(dt.date(2021, 8, 11)) == 2021


@pytest.mark.reading("3.3")
def test_3_3_the_removed_duplicate_keeps_its_history() -> None:
    """被删除的重复学籍保留其历史，进入终止状态"""
    kid = student()
    attended = record(grade(3), A, student_=kid)
    duplicate = record(grade(3), B, student_=kid, enrolled_on=dt.date(2019, 9, 1))
    decision, removed = resolve_duplicate(
        attended, duplicate, context(dt.date(2021, 3, 1), A, B),
        attendance_proof=True, attended_authority_approves=True, removing_authority_approves=True,
    )  # fmt: skip
    assert decision.allowed and removed is not None
    assert removed.status is Status.DUPLICATE_REMOVED and removed.status.terminal
    assert removed.history[:-1] == duplicate.history


@pytest.mark.reading("3.2")
def test_3_2_catchment_ratio_checked_only_when_given_and_first_year_entry() -> None:
    """本规定不设跨片区比例，县设定的比例随招生操作一并提供时才核对，超过则拒绝（CatchmentQuota：比例、文件、当年人数），未提供时允许并注明未核对；“一年级新生”读作升入学校学制下的初中（高中）一年级，但不得因此少读一年义务教育"""
    from liangshan_xueji.events import AdmissionMethod, Admit
    from liangshan_xueji.policy.admission import CatchmentQuota
    from liangshan_xueji.records.models import Grade, SchoolSystem, Stage

    primary = school("P1", stages=(Stage.PRIMARY,), county="西昌市")
    junior = school("JF", stages=(Stage.JUNIOR,), county="会理市")
    junior54 = school("J54", stages=(Stage.JUNIOR,), county="西昌市", system=SchoolSystem.FIVE_FOUR)
    six = record(grade(6), primary, enrolled_on=dt.date(2015, 9, 1))
    on = dt.date(2021, 8, 1)
    ctx = context(on, primary, junior, junior54)
    six = apply(
        six, Graduate(student=six.student.student_number), context(dt.date(2021, 7, 1), primary)
    )

    def admit(code: str, **kw: object) -> Admit:
        return Admit(
            student=six.student.student_number, school_code=code, class_name="1班",
            method=AdmissionMethod.UNIFIED, arrived_on=on, **kw,  # type: ignore[arg-type]
        )  # fmt: skip

    unchecked = evaluate(six, admit("JF"), ctx)  # 户籍 西昌市, school in 会理市: cross-catchment
    assert unchecked.allowed and any("未核对比例" in r.zh for r in unchecked.reasons)
    quota = CatchmentQuota(
        county="会理市", max_ratio=0.0, reference="会教〔2021〕2号", admitted=9, cross_area=0
    )
    assert not evaluate(six, admit("JF", quota=quota), ctx).allowed
    entered = apply(six, admit("J54"), ctx)
    assert entered.grade == Grade(Stage.JUNIOR, 1, SchoolSystem.FIVE_FOUR)  # 五四制 初一, year 6
