"""重复招生处理 Duplicate enrollment (clause 3.3, 附表3): scenarios and the kept-history property."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.policy.duplicates import RemoveDuplicate, resolve_duplicate, same_student
from liangshan_xueji.policy.registration import AttendanceCheck, Delete, ImportPhoto
from liangshan_xueji.records.models import Record, Status, Student, StudentNumber
from liangshan_xueji.records.serialization import from_json, to_json
from liangshan_xueji.records.status import Context, Promote
from lifecycle_strategies import context, grade, record, school, student

DAY = dt.date(2021, 3, 1)
A, B = school("A1"), school("B1", county="会理市")
KID = student()


def ctx(on: dt.date = DAY) -> Context:
    return context(on, A, B)


def pair(other: Student = KID) -> tuple[Record, Record]:
    """The record at A1 (attended) and the duplicate at B1."""
    return (
        record(grade(3), A, student_=KID, enrolled_on=dt.date(2018, 9, 1)),
        record(grade(3), B, student_=other, enrolled_on=dt.date(2019, 9, 1)),
    )


def resolve(attended: Record, duplicate: Record, **kw: bool) -> tuple[object, Record | None]:
    flags = {
        "attendance_proof": True,
        "attended_authority_approves": True,
        "removing_authority_approves": True,
    }
    flags.update(kw)
    return resolve_duplicate(attended, duplicate, ctx(), **flags)


@pytest.mark.clause("3.3", "F3", "1.5")
def test_the_other_schools_record_ends_removed_with_its_history() -> None:
    """“重复招生，学生实际就读学校必须上传《学生实际就读证明表》（附表3）作为佐证，对方学校删除，双方学校教育主管部门核办。”"""
    attended, duplicate = pair()
    duplicate = apply(duplicate, ImportPhoto(student=KID.student_number), ctx(dt.date(2020, 1, 2)))
    decision, removed = resolve(attended, duplicate)
    assert decision.allowed and removed is not None  # type: ignore[attr-defined]
    assert removed.status is Status.DUPLICATE_REMOVED
    assert removed.history[:-1] == duplicate.history  # nothing is deleted (1.5)
    event = removed.history[-1].event
    assert isinstance(event, RemoveDuplicate) and event.attended_school == "A1"
    assert any(r.clause == "1.5" for r in decision.reasons)  # type: ignore[attr-defined]


@pytest.mark.clause("3.3", "F3")
def test_removal_needs_form_3_and_both_authorities() -> None:
    attended, duplicate = pair()
    decision, removed = resolve(
        attended, duplicate, attendance_proof=False, attended_authority_approves=False,
        removing_authority_approves=False,
    )  # fmt: skip
    assert removed is None and not decision.allowed  # type: ignore[attr-defined]
    keys = {m.key for m in decision.missing_materials}  # type: ignore[attr-defined]
    assert keys == {"F3", "kept_authority_approval", "removing_authority_approval"}
    for missing in (
        "attendance_proof",
        "attended_authority_approves",
        "removing_authority_approves",
    ):
        decision, removed = resolve(attended, duplicate, **{missing: False})
        assert removed is None and "3.3" in {r.clause for r in decision.reasons}  # type: ignore[attr-defined]


@pytest.mark.clause("3.3")
def test_the_attended_schools_record_is_the_one_kept() -> None:
    attended, _ = pair()
    event = RemoveDuplicate(
        student=KID.student_number, attended_school="A1", attendance_proof=True,
        attended_authority_approves=True, removing_authority_approves=True,
    )  # fmt: skip
    decision = evaluate(attended, event, ctx())
    assert not decision.allowed and any("实际就读学校的学籍保留" in r.zh for r in decision.reasons)


@pytest.mark.clause("3.3")
def test_a_duplicate_is_one_students_record_by_number_or_id() -> None:
    ident = KID.identity_number
    assert ident is not None
    temporary = Student(
        name=KID.name, sex=KID.sex, birth_date=KID.birth_date, ethnicity=KID.ethnicity,
        identity_number=ident, student_number=StudentNumber("L" + ident.reveal()),
        household_registration="", address="",
    )  # fmt: skip
    attended, duplicate = pair(temporary)
    assert same_student(attended, duplicate)
    decision, removed = resolve(attended, duplicate)
    assert removed is not None
    stranger = student(sequence=456)
    attended, other = pair(stranger)
    assert not same_student(attended, other)
    decision, removed = resolve(attended, other)
    assert removed is None and any("不是同一名学生" in r.zh for r in decision.reasons)  # type: ignore[attr-defined]


@pytest.mark.clause("3.3")
def test_the_attended_record_must_be_live() -> None:
    attended, duplicate = pair()
    departed = attrs.evolve(attended, status=Status.OTHER_DEPARTURE)
    decision, removed = resolve(departed, duplicate)
    assert removed is None and any("应为在校" in r.zh for r in decision.reasons)  # type: ignore[attr-defined]


@pytest.mark.clause("3.3", "1.5")
def test_a_removed_duplicate_accepts_nothing_more() -> None:
    attended, duplicate = pair()
    _, removed = resolve(attended, duplicate)
    assert removed is not None
    sn = KID.student_number
    for event in (
        Promote(student=sn),
        Delete(student=sn),
        ImportPhoto(student=sn),
        RemoveDuplicate(student=sn, attended_school="A1", attendance_proof=True),
    ):
        decision = evaluate(removed, event, ctx(dt.date(2021, 8, 10)))
        assert not decision.allowed and {r.clause for r in decision.reasons} == {"3.3"}


@pytest.mark.clause("3.3")
def test_two_records_at_one_school_are_not_a_duplicate_enrollment() -> None:
    """Refused by the rule (as 附表3's validation refuses it), with nothing removed: two records at one
    school are a fact the rule judges, not malformed input."""
    attended, _ = pair()
    decision, removed = resolve(attended, attended)
    assert removed is None and not decision.allowed  # type: ignore[attr-defined]
    assert any("同一所学校" in r.zh for r in decision.reasons)  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput):
        resolve_duplicate(
            attended,
            "B1",
            ctx(),
            attendance_proof=True,  # type: ignore[arg-type]
            attended_authority_approves=True,
            removing_authority_approves=True,
        )


_STEPS = st.lists(st.sampled_from(["photo", "check_in", "check_out"]), max_size=6)


@pytest.mark.clause("3.3", "1.5")
@given(steps=_STEPS, proof=st.booleans(), kept=st.booleans(), removing=st.booleans())
def test_a_removed_duplicate_keeps_its_history(
    steps: list[str], proof: bool, kept: bool, removing: bool
) -> None:
    """Whatever happened to the duplicate before, a removal keeps every entry of its history and is
    the only change; a refusal changes nothing; the removed record round-trips through JSON."""
    attended, duplicate = pair()
    day = dt.date(2019, 10, 1)
    for step in steps:
        sn = KID.student_number
        event = (
            ImportPhoto(student=sn)
            if step == "photo"
            else AttendanceCheck(student=sn, attending=step == "check_in")
        )
        duplicate = apply(duplicate, event, ctx(day))
        day += dt.timedelta(days=30)
    decision, removed = resolve(
        attended, duplicate, attendance_proof=proof, attended_authority_approves=kept,
        removing_authority_approves=removing,
    )  # fmt: skip
    if not (proof and kept and removing):
        assert removed is None and not decision.allowed  # type: ignore[attr-defined]
        return
    assert removed is not None
    assert removed.history[: len(duplicate.history)] == duplicate.history
    assert len(removed.history) == len(duplicate.history) + 1
    assert removed.status.terminal and removed.student == duplicate.student
    assert from_json(to_json(removed), Record) == removed


@pytest.mark.clause("3.3", "F3")
def test_the_removal_and_the_attendance_proof_agree_on_what_a_duplicate_is() -> None:
    """One condition (``duplicate_pair_reasons``) for 3.3's removal and 附表3's validation: a
    temporary L number with the same ID number is the same student for both; the same school, another
    student or an already removed record is refused by both."""
    from liangshan_xueji.forms import prefill_f3
    from liangshan_xueji.forms import validate as validate_form

    ident = KID.identity_number
    assert ident is not None
    temporary = attrs.evolve(KID, student_number=StudentNumber("L" + ident.reveal()))
    stranger = student(sequence=456)
    attended, same_person = pair(temporary)
    cases = {
        "same person, L number": (same_person, True),
        "another student": (pair(stranger)[1], False),
        "same school": (attrs.evolve(pair()[1], school_code=attended.school_code), False),
        "already removed": (attrs.evolve(pair()[1], status=Status.DUPLICATE_REMOVED), False),
    }
    form = prefill_f3(attended, ctx())
    for name, (other, expected) in cases.items():
        removal, _removed = resolve(attended, other)
        proof = validate_form(form, attended, ctx(), duplicate=other)
        assert removal.allowed is expected, name  # type: ignore[attr-defined]
        assert proof.allowed is expected, name
