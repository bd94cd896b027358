"""一类模式 Model one (clauses 6.1–6.3): empty records, the 9-30 filing, the 8-25 roster, admissions."""

from __future__ import annotations

import datetime as dt

import pytest

from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.policy.model_one import (
    PrefectureFiling,
    RosterEntry,
    SeniorRoster,
    empty_record_decision,
    file_starting_grades,
    model_one_admission_reasons,
    submit_senior_roster,
)
from liangshan_xueji.policy.registration import AttendanceCheck, IdentitySource, register
from liangshan_xueji.records.models import Grade, Record, Stage, TeachingMode
from liangshan_xueji.records.serialization import from_json, to_json
from liangshan_xueji.records.status import Context, TransferRequest
from lifecycle_strategies import TRANSFER_KEYS, context, grade, record, school, student

DAY = dt.date(2021, 9, 1)
Y = school("Y1", county="昭觉县", mode=TeachingMode.MODEL_ONE)
P = school("P1")
SY = school("SY", stages=(Stage.SENIOR,), county="美姑县", mode=TeachingMode.MODEL_ONE)
S = school("S1", stages=(Stage.SENIOR,))


def ctx(on: dt.date = DAY) -> Context:
    return context(on, Y, P, SY, S)


def registered(at: str = "Y1", seq: int = 123, on: dt.date = DAY) -> Record:
    s = student(birth=dt.date(2015, 3, 5), sequence=seq)
    _d, r = register(
        s, at, grade(1), "1班", ctx(on), lookup=lambda _s: False, arrived_on=on,
        identity_source=IdentitySource.HOUSEHOLD_REGISTER,
    )  # fmt: skip
    assert r is not None
    return r


def not_attending(r: Record, on: dt.date = DAY) -> Record:
    return apply(r, AttendanceCheck(student=r.student.student_number, attending=False), ctx(on))


def clauses_of(decision: object) -> set[str]:
    return {r.clause for r in decision.reasons}  # type: ignore[attr-defined]


@pytest.mark.clause("6.1", "1.1")
def test_no_empty_record_at_a_model_one_school() -> None:
    """“严禁一类模式学校中途接收转入非一类模式学生学籍或为非一类模式学生空挂学籍。”"""
    r = registered()
    assert empty_record_decision(r, ctx()).allowed
    empty = not_attending(r)
    decision = empty_record_decision(empty, ctx())
    assert not decision.allowed and clauses_of(decision) == {"1.1", "6.1"}
    elsewhere = not_attending(registered("P1"))
    assert clauses_of(empty_record_decision(elsewhere, ctx())) == {"1.1"}


@pytest.mark.clause("6.3")
def test_no_empty_record_at_a_model_one_senior_high() -> None:
    """“严禁一类模式普通高中学校……为非一类模式学生空挂学籍,保证一类模式普通高中学校学生学籍的准确、稳定。”"""
    r = record(Grade(Stage.SENIOR, 2), SY, enrolled_on=dt.date(2020, 9, 1))
    empty = apply(r, AttendanceCheck(student=r.student.student_number, attending=False), ctx())
    assert clauses_of(empty_record_decision(empty, ctx())) == {"1.1", "6.3"}


@pytest.mark.clause("6.1", "6.3", "2.1.6.2")
def test_no_mid_way_transfer_into_a_model_one_school() -> None:
    """“严禁一类模式学校中途接收转入非一类模式学生学籍” (6.1), and for senior highs 川教函〔2013〕746号 (6.3)."""
    junior = record(grade(3), P, enrolled_on=dt.date(2019, 9, 1))
    ev = TransferRequest(
        student=junior.student.student_number,
        to_school="Y1",
        to_class="1班",
        materials=TRANSFER_KEYS,
    )
    assert {"6.1", "2.1.6.2"} <= clauses_of(evaluate(junior, ev, ctx()))
    senior = record(Grade(Stage.SENIOR, 2), S, enrolled_on=dt.date(2020, 9, 1))
    ev = TransferRequest(
        student=senior.student.student_number,
        to_school="SY",
        to_class="1班",
        materials=TRANSFER_KEYS,
    )
    assert {"6.3", "2.1.6.2"} <= clauses_of(evaluate(senior, ev, ctx()))


@pytest.mark.clause("6.1")
def test_starting_grades_are_filed_with_the_prefecture_by_30_september() -> None:
    """“并于每年9月30日前将义务教育阶段起始年级（小学一年级、初中一年级)学生的学籍报州教育局民族教育科备案。”"""
    r = registered()
    event = PrefectureFiling(student=r.student.student_number, reference="昭教〔2021〕8号")
    on_time = evaluate(r, event, ctx(dt.date(2021, 9, 30)))
    assert on_time.allowed and not on_time.reasons
    assert on_time.deadline is not None and on_time.deadline.due == dt.date(2021, 9, 30)
    late = evaluate(r, event, ctx(dt.date(2021, 10, 8)))
    assert late.allowed and any("逾期" in x.zh for x in late.reasons)
    filed = apply(r, event, ctx(dt.date(2021, 9, 10)))
    assert from_json(to_json(filed), Record) == filed
    assert not evaluate(filed, event, ctx(dt.date(2021, 9, 11))).allowed
    other = registered("P1")
    refused = evaluate(other, PrefectureFiling(student=other.student.student_number), ctx())
    assert not refused.allowed and "6.1" in clauses_of(refused)
    grade3 = record(grade(3), Y, enrolled_on=dt.date(2019, 9, 1))
    assert not evaluate(
        grade3, PrefectureFiling(student=grade3.student.student_number), ctx()
    ).allowed


@pytest.mark.clause("6.1")
def test_a_school_files_all_its_starting_grades_at_once() -> None:
    new1, new2 = registered(seq=123), registered(seq=125)
    older = record(grade(1), Y, student_=student(sequence=127), enrolled_on=dt.date(2020, 9, 1))
    elsewhere = registered("P1", seq=129)
    decision, rows = file_starting_grades(
        [new1, older, new2, elsewhere], "Y1", ctx(dt.date(2021, 9, 20))
    )
    assert decision.allowed and decision.deadline is not None
    assert isinstance(rows[0].history[-1].event, PrefectureFiling)
    assert isinstance(rows[2].history[-1].event, PrefectureFiling)
    assert rows[1] is older and rows[3] is elsewhere  # last year's entrant, another school
    again, same = file_starting_grades(rows, "Y1", ctx(dt.date(2021, 9, 21)))
    assert again.allowed and same == rows
    not_model_one, unchanged = file_starting_grades([elsewhere], "P1", ctx())
    assert not not_model_one.allowed and unchanged == (elsewhere,)


@pytest.mark.clause("6.1", "6.2")
def test_model_one_admissions_need_the_test_or_the_approved_roster() -> None:
    """“小学非一类模式学校毕业生升入初中一类模式学校,必须按照相关规定通过检测择优录取” (6.1) and
    “审核通过后方能注册学籍” (6.2)."""
    junior1 = Grade(Stage.JUNIOR, 1)
    senior1 = Grade(Stage.SENIOR, 1)
    reasons = model_one_admission_reasons(P, Y, junior1, passed_test=False, roster_approval=None)
    assert [r.clause for r in reasons] == ["6.1"]
    assert not model_one_admission_reasons(P, Y, junior1, passed_test=True, roster_approval=None)
    assert not model_one_admission_reasons(Y, Y, junior1, passed_test=False, roster_approval=None)
    assert not model_one_admission_reasons(Y, P, junior1, passed_test=False, roster_approval=None)
    assert [r.clause for r in model_one_admission_reasons(S, SY, senior1, passed_test=True,
                                                          roster_approval=None)] == ["6.2"]  # fmt: skip
    assert not model_one_admission_reasons(S, SY, senior1, passed_test=False, roster_approval="批")


def roster(*scores: int | None, year: int = 2021, code: str = "SY") -> SeniorRoster:
    entries = tuple(
        RosterEntry(student=student(sequence=101 + 2 * i).student_number, zhongkao_score=s)
        for i, s in enumerate(scores)
    )
    return SeniorRoster(school_code=code, school_year=year, entries=entries)


@pytest.mark.clause("6.2")
def test_the_senior_roster_and_scores_are_due_by_25_august() -> None:
    """“并于每年8月25日前,将录取的一类模式高一年级新生名册和中考成绩汇总表报州教育局民族教育科按相关规定进行审核”"""
    ok = submit_senior_roster(roster(512, 498), ctx(dt.date(2021, 8, 25)))
    assert ok.allowed and ok.deadline is not None and ok.deadline.due == dt.date(2021, 8, 25)
    assert any("审核通过后方能注册" in r.zh for r in ok.reasons)
    late = submit_senior_roster(roster(512), ctx(dt.date(2021, 8, 26)))
    assert late.allowed and any("逾期" in r.zh for r in late.reasons)


@pytest.mark.clause("6.2")
def test_a_roster_lists_every_student_once_with_a_score() -> None:
    missing = submit_senior_roster(roster(512, None), ctx(dt.date(2021, 8, 20)))
    assert not missing.allowed and any("缺少中考成绩" in r.zh for r in missing.reasons)
    sn = student(sequence=101).student_number
    twice = SeniorRoster(
        school_code="SY", school_year=2021,
        entries=(RosterEntry(student=sn, zhongkao_score=1), RosterEntry(student=sn, zhongkao_score=2)),
    )  # fmt: skip
    assert any(
        "重复" in r.zh for r in submit_senior_roster(twice, ctx(dt.date(2021, 8, 20))).reasons
    )
    assert not submit_senior_roster(roster(), ctx(dt.date(2021, 8, 20))).allowed
    wrong_school = submit_senior_roster(roster(500, code="S1"), ctx(dt.date(2021, 8, 20)))
    assert not wrong_school.allowed
    full = sn.reveal()
    assert all(full not in r.zh + r.en for r in submit_senior_roster(twice, ctx()).reasons)


def test_bad_model_one_input() -> None:
    with pytest.raises(InvalidInput) as err:
        RosterEntry(student=student().student_number, zhongkao_score=-1)
    assert "中考" in err.value.zh and err.value.where == "RosterEntry.zhongkao_score"
    with pytest.raises(InvalidInput):
        RosterEntry(student=student().student_number, zhongkao_score=True)
    with pytest.raises(InvalidInput):
        submit_senior_roster("SY", ctx())  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        file_starting_grades([registered()], "ZZ", ctx())
