"""关键数据 Key data (clause 4): scenarios, privacy and the kept-old-values property."""

from __future__ import annotations

import datetime as dt

import attrs
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
from liangshan_xueji.policy.registration import LookupResult
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


CLEAR = {**PROOF, "lookup": lambda s: False}


@pytest.mark.clause("4", "1.2")
def test_a_g_students_id_number_is_corrected_and_the_student_number_stays() -> None:
    """Clause 4 makes no exception for G numbers: with the police proof (and the 1.2 lookup) the ID
    number is corrected; the student number (教育部 2016 Q&A: 一人一号…原则上终身不变) and the key stay,
    the old ID number is kept in the history and in ``former_identity_numbers``."""
    r = rec()
    old = r.student.identity_number
    assert old is not None
    other = IdentityNumber.build("513401", r.student.birth_date, 125)
    decision, new = change_student_data(r, {StudentField.IDENTITY_NUMBER: other}, ctx(), **CLEAR)
    assert decision.allowed and new is not None and clauses_of(decision) == {"4"}
    assert new.student.student_number == r.student.student_number
    assert new.student.key == r.student.key
    assert new.student.identity_number == other
    assert new.student.former_identity_numbers == (old,)
    assert new.student.identity_keys == (other.reveal(), old.reveal())
    assert [(c.field, c.old, c.new) for _, c in key_data_changes(new)] == [
        (StudentField.IDENTITY_NUMBER, old.reveal(), other.reveal())
    ]
    assert student_as_registered(new) == r.student
    assert from_json(to_json(new), Record) == new
    # a second correction, and one back to the registration number, keep the student number too
    third = IdentityNumber.build("513401", r.student.birth_date, 127)
    _, again = change_student_data(new, {StudentField.IDENTITY_NUMBER: third}, ctx(), **CLEAR)
    assert again is not None and again.student.former_identity_numbers == (old, other)
    _, back = change_student_data(again, {StudentField.IDENTITY_NUMBER: old}, ctx(), **CLEAR)
    assert back is not None and back.student.key == r.student.key
    assert back.student.identity_keys == (old.reveal(),)
    assert student_as_registered(back) == r.student
    assert from_json(to_json(back), Record) == back


@pytest.mark.clause("4", "1.2")
def test_a_g_students_id_correction_still_needs_the_proof_and_the_lookup() -> None:
    r = rec()
    other = IdentityNumber.build("513401", r.student.birth_date, 125)
    change = {StudentField.IDENTITY_NUMBER: other}
    bare, none = change_student_data(r, change, ctx(), lookup=lambda s: False)
    assert none is None and clauses_of(bare) == {"4"} and len(bare.missing_materials) == 3
    unlooked, none = change_student_data(r, change, ctx(), **PROOF)
    assert none is None and clauses_of(unlooked) == {"1.2"}
    taken, none = change_student_data(r, change, ctx(), **{**PROOF, "lookup": lambda s: True})
    assert none is None and "1.2" in clauses_of(taken)
    with pytest.raises(InvalidInput) as err:  # a G student keeps an ID number
        change_student_data(r, {StudentField.IDENTITY_NUMBER: None}, ctx(), **CLEAR)
    assert err.value.where == "Student.student_number"


@pytest.mark.clause("4")
def test_a_g_number_other_than_the_id_number_needs_the_correction_that_explains_it() -> None:
    """A bare Student with G ≠ ID is refused unless it names the former ID its G number carries; a
    Record with such a student needs the correction in its history."""
    r = rec()
    s = r.student
    other = IdentityNumber.build("513401", s.birth_date, 125)
    with pytest.raises(InvalidInput) as err:
        attrs.evolve(s, identity_number=other)
    assert err.value.where == "Student.student_number"
    assert s.student_number.reveal() not in str(err.value)
    with pytest.raises(InvalidInput):  # a former ID that is not the one the G number carries
        attrs.evolve(
            s,
            identity_number=other,
            former_identity_numbers=(IdentityNumber.build("513401", s.birth_date, 127),),
        )
    corrected = attrs.evolve(s, identity_number=other, former_identity_numbers=(s.identity_number,))
    assert corrected.key == s.key
    assert s.identity_number is not None and s.identity_number.reveal() not in repr(corrected)
    with pytest.raises(InvalidInput) as err:  # no correction in the history
        attrs.evolve(r, student=corrected)
    assert err.value.where == "Record.student.former_identity_numbers"
    _, new = change_student_data(r, {StudentField.IDENTITY_NUMBER: other}, ctx(), **CLEAR)
    assert new is not None and new.student == corrected


_SEQUENCES = st.integers(0, 499)


@pytest.mark.clause("4")
@given(
    steps=st.lists(
        st.tuples(_SEQUENCES, st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=5
    )
)
def test_any_accepted_id_correction_keeps_the_student_number_and_the_old_id(
    steps: list[tuple[int, bool, bool, bool]],
) -> None:
    """Any accepted correction keeps the student number and the key and puts the old ID number in the
    history; one without the police 户籍证明 (or its scan, or the school's approval) changes nothing."""
    original = rec()
    r = original
    day = DAY
    for seq, police, scan, approves in steps:
        current = r.student.identity_number
        assert current is not None
        new_id = IdentityNumber.build("513401", r.student.birth_date, seq * 2 + 1)  # male
        if new_id == current:
            continue
        flags = {"police_proof": police, "proof_scan": scan, "school_approves": approves}
        decision, new = change_student_data(
            r, {StudentField.IDENTITY_NUMBER: new_id}, ctx(day), lookup=lambda s: False, **flags
        )
        if police and scan and approves:
            assert decision.allowed and new is not None
            assert new.student.student_number == original.student.student_number
            assert new.student.key == original.student.key
            assert new.student.identity_number == new_id
            assert new.history[:-1] == r.history
            assert new.history[-1].event.replaced_identity_number == current.reveal()
            assert new.student.former_identity_numbers[-1] == current
            r = new
        else:
            assert not decision.allowed and new is None
            missing = {
                key
                for key, given in (
                    ("police_household_proof", police),
                    ("key_data_proof_scan", scan),
                    ("school_approval", approves),
                )
                if not given
            }
            assert {m.key for m in decision.missing_materials} == missing
            with pytest.raises(PolicyViolation):
                apply(
                    r,
                    ChangeStudentData(
                        student=r.student.student_number,
                        changes=(
                            FieldChange(
                                field=StudentField.IDENTITY_NUMBER,
                                old=current.reveal(),
                                new=new_id.reveal(),
                            ),
                        ),
                        province_lookup=LookupResult.CLEAR,
                        **flags,
                    ),
                    ctx(day),
                )
        day += dt.timedelta(days=1)
    assert student_as_registered(r) == original.student
    assert from_json(to_json(r), Record) == r


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


@pytest.mark.clause("4", "3.2")
def test_the_household_region_code_is_key_data_checked_and_undone() -> None:
    """A 户籍 move (Student.household_region) is key data like 户籍所在地: the police proof; a code
    that is not GB/T 2260 is bad input; clearing it (``None``) is a change too; the student as
    registered has the old code."""
    assert StudentField.HOUSEHOLD_REGION in KEY_FIELDS
    assert StudentField("household_region").zh == "户籍地行政区划代码"
    r = attrs.evolve(rec(), student=attrs.evolve(rec().student, household_region="513401"))
    assert not change_student_data(
        r, {StudentField.HOUSEHOLD_REGION: "513431"}, ctx()
    ).decision.allowed
    with pytest.raises(InvalidInput):
        change_student_data(r, {StudentField.HOUSEHOLD_REGION: "5134"}, ctx(), **PROOF)
    _, moved = change_student_data(r, {"household_region": "513431"}, ctx(), **PROOF)
    assert moved is not None and moved.student.household_region == "513431"
    assert student_as_registered(moved).household_region == "513401"
    assert from_json(to_json(moved), Record) == moved
    _, cleared = change_student_data(moved, {StudentField.HOUSEHOLD_REGION: None}, ctx(), **PROOF)
    assert cleared is not None and cleared.student.household_region is None
