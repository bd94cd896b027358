"""Readings of part 4 (关键数据) that run: each test quotes a catalog note and proves it.

See tests/readings/test_part1.py for what a reading test is.
"""

from __future__ import annotations

import datetime as dt

import pytest

from liangshan_xueji.policy.keydata import StudentField, change_student_data
from liangshan_xueji.records.models import IdentityNumber
from lifecycle_strategies import context, grade, record, school

A = school("A1")


@pytest.mark.reading("4")
def test_4_a_g_students_id_correction_keeps_the_student_number() -> None:
    """缺公安部门户籍证明或其扫描件的变更一律拒绝；本条对 G 字头学籍号的学生不设例外：凭户籍证明更正身份证号后学籍号不变，
    原身份证号记入学籍历史，G 字头学籍号可与更正后的身份证号不同"""
    r = record(grade(3), A)
    old = r.student.identity_number
    corrected = IdentityNumber.build("513401", r.student.birth_date, 125)
    change = {StudentField.IDENTITY_NUMBER: corrected}
    on = context(dt.date(2021, 3, 1), A)
    refused, none = change_student_data(r, change, on, lookup=lambda s: False, proof_scan=True)
    assert none is None and "police_household_proof" in {m.key for m in refused.missing_materials}
    proof = {"police_proof": True, "proof_scan": True, "school_approves": True}
    _, new = change_student_data(r, change, on, lookup=lambda s: False, **proof)
    assert new is not None and new.student.student_number == r.student.student_number
    assert new.student.identity_number == corrected != old
    assert new.history[-1].event.replaced_identity_number == old.reveal()  # type: ignore[union-attr]


@pytest.mark.reading("4")
def test_4_a_household_move_changes_the_region_code_only_on_the_proof() -> None:
    """户籍地行政区划代码与户籍所在地同属户籍证明证明的关键数据，户籍迁移须凭户籍证明变更"""
    r = record(grade(3), A)
    move = {StudentField.HOUSEHOLD_REGION: "513431"}  # to 昭觉县
    on = context(dt.date(2021, 3, 1), A)
    refused, none = change_student_data(r, move, on)
    assert none is None and "police_household_proof" in {m.key for m in refused.missing_materials}
    proof = {"police_proof": True, "proof_scan": True, "school_approves": True}
    _, moved = change_student_data(r, move, on, **proof)
    assert moved is not None and moved.student.household_region == "513431"
    change = moved.history[-1].event.changes[0]  # type: ignore[attr-defined]
    assert (change.old, change.new) == ("", "513431")  # the old value (none given) is kept
