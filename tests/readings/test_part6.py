"""Readings of part 6 (一类模式学生学籍管理) that run: each test quotes a catalog note and proves it.

See tests/readings/test_part1.py for what a reading test is.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from liangshan_xueji import Grade, Stage, apply, evaluate
from liangshan_xueji.events import AdmissionMethod, Admit, Graduate
from liangshan_xueji.models import TeachingMode
from liangshan_xueji.procedures import RosterEntry, SeniorRoster, submit_senior_roster
from lifecycle_strategies import context, grade, record, school, student

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


def _both_modes(code: str, stages: tuple[Stage, ...], county: str) -> object:
    """A school labelled 二类 running a 一类 class 1班 and a 二类 class 2班 in every grade."""
    from liangshan_xueji.models import ClassInfo

    base = school(code, stages=stages, county=county)
    return attrs.evolve(
        base,
        classes=tuple(
            ClassInfo(grade=c.grade, name=name, size=30, mode=mode)
            for c in base.classes
            for name, mode in (("1班", TeachingMode.MODEL_ONE), ("2班", TeachingMode.MODEL_TWO))
        ),
        modes=frozenset({TeachingMode.MODEL_ONE, TeachingMode.MODEL_TWO}),
    )


@pytest.mark.reading("6.1")
def test_6_1_september_30_included_and_model_one_is_the_students_mode() -> None:
    """9 月 30 日当日在期限内；一所学校可同时开设一类、二类班级：备案、空挂学籍、检测录取和中途转入都按学生的模式判断"""
    from liangshan_xueji.policy.model_one import PrefectureFiling

    both = _both_modes("M2", (Stage.PRIMARY, Stage.JUNIOR), "昭觉县")
    yi_pupil = record(grade(1), both, class_name="1班", enrolled_on=dt.date(2021, 9, 1))  # type: ignore[arg-type]
    han_pupil = record(grade(1), both, class_name="2班", enrolled_on=dt.date(2021, 9, 1))  # type: ignore[arg-type]
    filing = PrefectureFiling(student=yi_pupil.student.student_number)
    on_time = evaluate(yi_pupil, filing, context(dt.date(2021, 9, 30), both))  # type: ignore[arg-type]
    assert on_time.allowed and not any("逾期" in r.zh for r in on_time.reasons)
    assert any(
        "逾期" in r.zh
        for r in evaluate(yi_pupil, filing, context(dt.date(2021, 10, 1), both)).reasons
    )  # type: ignore[arg-type]
    refused = evaluate(han_pupil, filing, context(dt.date(2021, 9, 30), both))  # type: ignore[arg-type]
    assert not refused.allowed and "6.1" in refused.clause_ids  # a 二类 student is not filed


@pytest.mark.reading("6.1")
def test_6_1_a_students_mode_contradicting_its_class_prevails_and_is_a_notice() -> None:
    """学生自身登记的模式与其班级（班级未登记时为学校）的模式不一致时，以学生的为准，审核列为提示（数据自相矛盾，高中阶段列于 6.3）"""
    from liangshan_xueji.models import student_mode
    from liangshan_xueji.policy.breaches import mode_contradicts_class
    from liangshan_xueji.records.findings import Severity

    both = _both_modes("M2", (Stage.PRIMARY, Stage.JUNIOR), "昭觉县")
    han_in_yi_class = attrs.evolve(
        record(grade(3), both, class_name="1班"),  # type: ignore[arg-type]
        mode=TeachingMode.MODEL_TWO,
    )
    assert student_mode(han_in_yi_class, both) is TeachingMode.MODEL_TWO  # type: ignore[arg-type]
    ctx = context(dt.date(2021, 9, 30), both)  # type: ignore[arg-type]
    (notice,) = mode_contradicts_class([han_in_yi_class], ctx)
    assert (notice.clause, notice.severity) == ("6.1", Severity.NOTICE)


@pytest.mark.reading("6.3")
def test_6_3_the_senior_ban_by_the_students_mode() -> None:
    """与 6.1 的禁止相同，适用于高中阶段；按学生（班级）的教学模式判断，而非学校的标签"""
    from liangshan_xueji import TransferRequest
    from lifecycle_strategies import TRANSFER_KEYS

    both = _both_modes("MS", (Stage.SENIOR,), "美姑县")
    ctx = context(dt.date(2021, 3, 1), both, SY)  # type: ignore[arg-type]

    def into_sy(class_name: str) -> frozenset[str]:
        r = record(grade(11), both, class_name=class_name)  # type: ignore[arg-type]
        request = TransferRequest(
            student=r.student.student_number, to_school="SY", to_class="1班",
            materials=TRANSFER_KEYS,
        )  # fmt: skip
        decision = evaluate(r, request, ctx)
        return frozenset() if decision.allowed else decision.clause_ids

    assert into_sy("1班") == frozenset()
    assert {"2.1.6.2", "6.3"} <= into_sy("2班")
