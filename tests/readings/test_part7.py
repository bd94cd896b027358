"""Readings of part 7 (学籍管理员管理) that run: each test quotes a catalog note and proves it.

See tests/readings/test_part1.py for what a reading test is.
"""

from __future__ import annotations

import datetime as dt

import pytest

from liangshan_xueji.events import Retain
from liangshan_xueji.examples import example_student
from liangshan_xueji.forms import prefill_f4
from liangshan_xueji.forms import render as render_form
from liangshan_xueji.policy.registrars import evaluate_request
from liangshan_xueji.procedures import RegistrarProfile, login_shortfalls, registrar_qualified
from lifecycle_strategies import context, grade, record, school

MONDAY = dt.date(2021, 3, 1)


@pytest.mark.reading("7.2")
def test_7_2_training_is_recorded_and_forbidden_acts_are_refused_whoever_asks() -> None:
    """培训与持证作为记录保存；义务教育留级、违规转学等禁止的操作无论谁发起都被拒绝"""
    novice = RegistrarProfile(registrar="王老师")
    assert not registrar_qualified(novice, MONDAY).allowed
    trained = RegistrarProfile(
        registrar="王老师", certified_on=dt.date(2020, 6, 1), trainings=(dt.date(2020, 5, 1),)
    )
    assert registrar_qualified(trained, MONDAY).allowed
    a = school("A1")
    rec = record(grade(4), a, enrolled_on=dt.date(2018, 9, 1))
    asked = evaluate_request(
        rec, Retain(student=rec.student.student_number), context(MONDAY, a), requested_by="县教育局"
    )
    assert not asked.allowed and "7.2" in asked.clause_ids


@pytest.mark.reading("7.3")
def test_7_3_a_calendar_week_with_at_least_two_logins() -> None:
    """“每周”读作自然周（周一至周日），按登录日志检查至少 2 次"""
    sunday = MONDAY + dt.timedelta(days=6)
    next_monday = MONDAY + dt.timedelta(days=7)
    log = [("王老师", sunday), ("王老师", next_monday)]  # one login in each of two weeks
    short = login_shortfalls(log, start=MONDAY, end=MONDAY + dt.timedelta(days=13))
    assert [(s.week_start, s.logins) for s in short] == [(MONDAY, 1), (next_monday, 1)]
    twice = [("王老师", MONDAY), ("王老师", sunday)]
    assert login_shortfalls(twice, start=MONDAY, end=sunday) == ()


@pytest.mark.reading("7.1")
def test_7_1_personal_data_masked_by_default_and_form_4_printed() -> None:
    """库在 repr、日志、错误和报告中默认遮蔽身份证号、姓名和电话；提供附表4"""
    kid = example_student()
    shown = repr(kid)
    assert kid.name not in shown and kid.identity_number.reveal() not in shown
    assert kid.guardians[0].phone not in repr(kid.guardians[0])
    pledge = render_form(prefill_f4("凉山州教育局", "州"), "txt")
    assert "数据管理安全承诺书" in pledge
