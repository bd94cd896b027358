"""关键数据 Key data (clause 4): scenarios, privacy and the kept-old-values property."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.errors import InvalidInput, PolicyViolation
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.policy.keydata import (
    KEY_FIELDS,
    ChangeStudentData,
    FieldChange,
    StudentField,
    change_student_data,
    key_data_changes,
    student_as_registered,
)
from liangshan_xueji.records.models import (
    IdentityNumber,
    Origin,
    Record,
    Sex,
    Student,
    StudentNumber,
)
from liangshan_xueji.records.serialization import from_json, to_json
from liangshan_xueji.records.status import Context
from lifecycle_strategies import context, grade, record, school, student

DAY = dt.date(2021, 3, 1)
A = school("A1")
PROOF = {"police_proof": True, "proof_scan": True, "school_approves": True}


def ctx(on: dt.date = DAY) -> Context:
    return context(on, A)


def rec(s: Student | None = None) -> Record:
    return record(grade(3), A, student_=s or student(), enrolled_on=dt.date(2018, 9, 1))


def j_student() -> Student:
    return Student(
        name="阿呷", sex=Sex.FEMALE, birth_date=dt.date(2012, 5, 6), ethnicity="彝族",
        identity_number=None, student_number=StudentNumber("J000000000000000123"),
        household_registration="四川省凉山州西昌市", address="", origin=Origin.MAINLAND,
    )  # fmt: skip


def clauses_of(decision: object) -> set[str]:
    return {r.clause for r in decision.reasons}  # type: ignore[attr-defined]


@pytest.mark.clause("4")
def test_key_data_change_only_with_the_police_proof_and_its_scan() -> None:
    """“如学生父母或其他监护人提出修改学生基础信息的，凭公安部门提供的户籍证明向学校提出申请，由学校按照关键信息变更相关要求
    核准变更学籍信息，并在系统中提交关键数据变更证明材料扫描件。”"""
    r = rec()
    decision, new = change_student_data(r, {StudentField.NAME: "吉克阿依"}, ctx())
    assert new is None and clauses_of(decision) == {"4"}
    assert {m.key for m in decision.missing_materials} == {
        "police_household_proof",
        "key_data_proof_scan",
        "school_approval",
    }
    decision, new = change_student_data(r, {StudentField.NAME: "吉克阿依"}, ctx(), **PROOF)
    assert decision.allowed and new is not None
    assert new.student.name == "吉克阿依" and new.student.key == r.student.key


@pytest.mark.clause("4")
@pytest.mark.parametrize("missing", list(PROOF))
def test_each_piece_of_the_proof_is_needed(missing: str) -> None:
    flags = {**PROOF, missing: False}
    decision, new = change_student_data(rec(), {StudentField.ETHNICITY: "汉族"}, ctx(), **flags)
    assert new is None and len(decision.missing_materials) == 1


@pytest.mark.clause("4")
def test_other_fields_change_freely() -> None:
    """Only key data need the proof; the home address is not key data."""
    assert StudentField.ADDRESS not in KEY_FIELDS
    decision, new = change_student_data(rec(), {StudentField.ADDRESS: "西昌市新街2号"}, ctx())
    assert decision.allowed and new is not None and new.student.address == "西昌市新街2号"
    mixed, none = change_student_data(
        rec(), {StudentField.ADDRESS: "新址", StudentField.HOUSEHOLD_REGISTRATION: "会理市"}, ctx()
    )
    assert none is None and not mixed.allowed


@pytest.mark.clause("4")
def test_the_history_keeps_the_old_values() -> None:
    r = rec()
    _, once = change_student_data(r, {StudentField.NAME: "吉克阿依"}, ctx(), **PROOF)
    assert once is not None
    _, twice = change_student_data(
        once,
        {StudentField.NAME: "阿依", StudentField.ADDRESS: "新址"},
        ctx(dt.date(2021, 4, 1)),
        **PROOF,
    )
    assert twice is not None
    changes = key_data_changes(twice)
    assert [(c.field, c.old, c.new) for _, c in changes] == [
        (StudentField.NAME, "吉克阿呷", "吉克阿依"),
        (StudentField.NAME, "吉克阿依", "阿依"),
        (StudentField.ADDRESS, "西昌市某街1号", "新址"),
    ]
    assert [d for d, _ in changes] == [DAY, dt.date(2021, 4, 1), dt.date(2021, 4, 1)]
    assert student_as_registered(twice) == r.student
    assert from_json(to_json(twice), Record) == twice


@pytest.mark.clause("4", "8.4")
def test_a_g_students_id_number_cannot_change_here() -> None:
    """The G student number carries the ID number; a new 学籍号 follows the national rules (8.4)."""
    r = rec()
    other = IdentityNumber.build("513401", r.student.birth_date, 125)
    decision, new = change_student_data(r, {StudentField.IDENTITY_NUMBER: other}, ctx(), **PROOF)
    assert new is None and clauses_of(decision) == {"4", "8.4"}
    both, _ = change_student_data(
        r, {StudentField.IDENTITY_NUMBER: other}, ctx()
    )  # no proof either
    assert clauses_of(both) == {"4", "8.4"} and len(both.missing_materials) == 3


@pytest.mark.clause("4", "1.2")
def test_a_new_id_number_is_looked_up_first() -> None:
    """A J student given an ID number: the province-wide lookup must find no record under it (1.2)."""
    r = rec(j_student())
    ident = IdentityNumber.build("513401", dt.date(2012, 5, 6), 124)
    change = {StudentField.IDENTITY_NUMBER: ident}
    no_lookup, _ = change_student_data(r, change, ctx(), **PROOF)
    assert not no_lookup.allowed and "1.2" in clauses_of(no_lookup)
    taken, _ = change_student_data(r, change, ctx(), lookup=lambda s: True, **PROOF)
    assert not taken.allowed and "1.2" in clauses_of(taken)
    decision, new = change_student_data(r, change, ctx(), lookup=lambda s: False, **PROOF)
    assert decision.allowed and new is not None and new.student.identity_number == ident


def test_bad_key_data_input() -> None:
    r = rec(j_student())
    with pytest.raises(InvalidInput) as err:  # the ID number's birth date is not the student's
        change_student_data(
            r, {StudentField.IDENTITY_NUMBER: IdentityNumber.build("513401", dt.date(2011, 1, 1), 2)},
            ctx(), lookup=lambda s: False, **PROOF,
        )  # fmt: skip
    assert "出生日期" in err.value.zh
    with pytest.raises(InvalidInput) as err:
        change_student_data(r, {"student_number": "J000"}, ctx())
    assert "学籍号" in err.value.zh and err.value.where == "changes[0]"
    with pytest.raises(InvalidInput):
        change_student_data(r, {StudentField.NAME: r.student.name}, ctx())  # nothing changes
    with pytest.raises(InvalidInput):
        change_student_data(r, {StudentField.SEX: "男的"}, ctx(), **PROOF)
    stale = ChangeStudentData(
        student=r.student.student_number,
        changes=(FieldChange(field=StudentField.NAME, old="别人", new="阿依"),),
        **PROOF,
    )
    with pytest.raises(InvalidInput) as err:
        evaluate(r, stale, ctx())
    assert err.value.where == "changes[0].old"
    with pytest.raises(InvalidInput):
        ChangeStudentData(student=r.student.student_number, changes=())


@pytest.mark.clause("4", "7.1", "8.2")
def test_old_and_new_personal_values_are_masked() -> None:
    r = rec()
    full_id = r.student.student_number.reveal()
    change = FieldChange(field=StudentField.NAME, old="吉克阿呷", new="吉克阿依")
    assert "阿呷" not in repr(change) and "吉**" in repr(change)
    born = FieldChange(field=StudentField.BIRTH_DATE, old="2010-03-05", new="2010-03-06")
    assert "03-05" not in repr(born) and "2010-**-**" in repr(born)
    event = ChangeStudentData(student=r.student.student_number, changes=(change,))
    with pytest.raises(PolicyViolation) as err:
        apply(r, event, ctx())
    assert full_id not in str(err.value) and "吉克阿依" not in str(err.value)
    assert full_id not in repr(event)


_NEW_VALUES = st.lists(
    st.tuples(
        st.sampled_from([StudentField.NAME, StudentField.ETHNICITY, StudentField.ADDRESS]),
        st.sampled_from(["阿依", "阿呷", "木果", "汉族", "彝族", "新址一", "新址二"]),
        st.booleans(),
    ),
    max_size=8,
)


@pytest.mark.clause("4")
@given(steps=_NEW_VALUES)
def test_the_registered_data_can_always_be_rebuilt_from_the_history(
    steps: list[tuple[StudentField, str, bool]],
) -> None:
    """Every change keeps its old value: the student as registered is rebuilt exactly, and each
    change's old value is the value before it."""
    original = rec()
    r = original
    day = DAY
    for field, value, proved in steps:
        flags = PROOF if proved else {}
        try:
            _d, new = change_student_data(r, {field: value}, ctx(day), **flags)
        except InvalidInput:
            continue  # the value is already the current one
        if new is None:
            assert field in KEY_FIELDS and not proved
        else:
            r = new
        day += dt.timedelta(days=1)
    assert student_as_registered(r) == original.student
    seen = {
        f: getattr(original.student, f.value) for f in StudentField if f is not StudentField.SEX
    }
    for _on, c in key_data_changes(r):
        assert c.old == seen[c.field]
        seen[c.field] = c.new
