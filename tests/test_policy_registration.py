"""学籍建立 Registration (clauses 1.1–1.5): scenario tests quoting the regulation, and properties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from liangshan_xueji.errors import InvalidInput, PolicyViolation
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.policy.duplicates import resolve_duplicate
from liangshan_xueji.policy.keydata import StudentField, change_student_data
from liangshan_xueji.policy.registration import (
    AttendanceCheck,
    ConfirmNewStudentData,
    Delete,
    IdentitySource,
    ImportPhoto,
    LookupResult,
    Register,
    Registration,
    attending,
    new_student_data_due,
    register,
    registration_entry,
)
from liangshan_xueji.records.models import (
    Grade,
    IdentityNumber,
    Record,
    SchoolSystem,
    Sex,
    Stage,
    Status,
    Student,
    StudentNumber,
    TeachingMode,
)
from liangshan_xueji.records.serialization import from_json, to_json
from liangshan_xueji.records.status import Context, Death
from lifecycle_strategies import context, grade, record, school, student

DAY = dt.date(2020, 9, 1)
A = school("A1", county="西昌市")
B = school("B1", county="会理市")
Y = school("Y1", county="昭觉县", mode=TeachingMode.MODEL_ONE)
HOUSEHOLD = IdentitySource.HOUSEHOLD_REGISTER


def nobody(_s: Student) -> bool:
    """A province-wide lookup that finds no record."""
    return False


def ctx(on: dt.date = DAY) -> Context:
    return context(on, A, B, Y)


def kid(seq: int = 123) -> Student:
    return student(birth=dt.date(2014, 3, 5), sequence=seq)


def reg(
    s: Student | None = None,
    *,
    school_code: str = "A1",
    g: Grade | None = None,
    on: dt.date = DAY,
    lookup: Callable[[Student], bool] = nobody,
    arrived_on: dt.date | None = DAY,
    identity_source: IdentitySource | None = HOUSEHOLD,
    attending_: bool = True,
) -> Registration:
    return register(
        s or kid(),
        school_code,
        g or grade(1),
        "1班",
        ctx(on),
        lookup=lookup,
        arrived_on=arrived_on,
        identity_source=identity_source,
        attending=attending_,
    )


def clauses_of(decision: object) -> set[str]:
    return {r.clause for r in decision.reasons}  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------------
# 1.1


@pytest.mark.clause("1.1")
def test_a_record_is_registered_at_the_school_actually_attended() -> None:
    """“学籍管理实行‘籍随人走、人籍一致、籍在人在’的规定，在全国学籍系统中，学生学籍必须在实际就读学校注册。”"""
    decision, rec = reg(attending_=False)
    assert not decision.allowed and rec is None
    assert "1.1" in clauses_of(decision)
    decision, rec = reg()
    assert decision.allowed and rec is not None
    assert rec.school_code == "A1" and attending(rec) is True


@pytest.mark.clause("1.1", "6.1")
def test_an_empty_registration_at_a_model_one_school_names_6_1_too() -> None:
    """“严禁一类模式学校……为非一类模式学生空挂学籍。” (6.1) with 1.1's 籍在人在."""
    decision, _ = reg(school_code="Y1", attending_=False)
    assert {"1.1", "6.1"} <= clauses_of(decision)
    decision, _ = reg(school_code="A1", attending_=False)
    assert "6.1" not in clauses_of(decision)


@pytest.mark.clause("1.1")
def test_attendance_is_the_latest_fact_and_moves_with_the_student() -> None:
    """“籍随人走”: the attendance fact is the latest check at the record's school."""
    _, rec = reg()
    assert rec is not None
    sn = rec.student.student_number
    check = evaluate(rec, AttendanceCheck(student=sn, attending=False), ctx(DAY))
    assert check.allowed and "1.1" in clauses_of(check)  # recording a fact is never refused
    rec2 = apply(rec, AttendanceCheck(student=sn, attending=False), ctx(DAY))
    assert attending(rec2) is False
    rec3 = apply(rec2, AttendanceCheck(student=sn, attending=True), ctx(dt.date(2020, 10, 1)))
    assert attending(rec3) is True
    assert attending(record(grade(1), A)) is None  # never recorded


# ---------------------------------------------------------------------------------------------------
# 1.2


@pytest.mark.clause("1.2")
def test_the_province_wide_lookup_must_find_no_record() -> None:
    """“各学校必须先将学生信息进行全省数据查询，若无该生学籍信息，方可为新生报名……防止重复注册学生学籍。”"""
    asked: list[Student] = []

    def found(s: Student) -> bool:
        asked.append(s)
        return True

    decision, rec = reg(lookup=found)
    assert rec is None and not decision.allowed
    assert asked and asked[0].key == kid().key
    assert any(r.clause == "1.2" and "已有" in r.zh for r in decision.reasons)


@pytest.mark.clause("1.2")
def test_a_failed_lookup_counts_as_not_done() -> None:
    """“必须先……进行全省数据查询”: a lookup that fails is no lookup."""

    def broken(_s: Student) -> bool:
        raise ConnectionError("province system down for 5134****")

    decision, rec = reg(lookup=broken)
    assert rec is None
    assert any("ConnectionError" in r.en for r in decision.reasons)
    assert "province_lookup" in {m.key for m in decision.missing_materials}
    assert all("5134" not in r.zh + r.en for r in decision.reasons)  # the message is not shown


@pytest.mark.clause("1.2")
def test_a_lookup_must_be_a_callable_answering_a_bool() -> None:
    with pytest.raises(InvalidInput) as err:
        reg(lookup="yes")  # type: ignore[arg-type]
    assert err.value.where == "lookup" and "查询" in err.value.zh
    with pytest.raises(InvalidInput) as err:
        reg(lookup=lambda s: "no")  # type: ignore[arg-type, return-value]
    assert err.value.where == "lookup"


@pytest.mark.clause("1.2")
def test_grade_1_is_built_from_household_or_police_identity_data() -> None:
    """“并依据户口或公安部门提供的身份信息为学生建立小学一年级学籍信息档案”"""
    decision, rec = reg(identity_source=None)
    assert rec is None
    assert "identity_data" in {m.key for m in decision.missing_materials}
    for source in IdentitySource:
        assert reg(identity_source=source).decision.allowed


@pytest.mark.clause("1.2", "3.2")
@pytest.mark.parametrize("g", [Grade(Stage.JUNIOR, 1), Grade(Stage.SENIOR, 1)])
def test_junior_and_senior_first_years_come_only_through_admission(g: Grade) -> None:
    """“初中、高中阶段的学籍只能采用升学招生的形式调档，接续原有学籍档案信息。”"""
    full = school("F1", stages=(Stage.PRIMARY, Stage.JUNIOR, Stage.SENIOR))
    decision = register(
        kid(), "F1", g, "1班", context(DAY, full), lookup=nobody, arrived_on=DAY,
        identity_source=HOUSEHOLD,
    ).decision  # fmt: skip
    assert not decision.allowed
    assert {"1.2", "3.2"} <= clauses_of(decision)


@pytest.mark.clause("1.2", "8.4")
def test_a_first_record_in_a_later_primary_grade_is_not_covered() -> None:
    decision, _ = reg(g=grade(3))
    assert {"1.2", "8.4"} <= clauses_of(decision)


@pytest.mark.clause("1.1", "1.2", "1.4")
def test_a_refusal_lists_every_reason() -> None:
    decision, rec = reg(
        lookup=lambda s: True, identity_source=None, arrived_on=None, attending_=False
    )
    assert rec is None
    assert clauses_of(decision) == {"1.1", "1.2", "1.4"}
    assert len(decision.reasons) >= 4


@pytest.mark.clause("1.2")
def test_a_record_is_registered_once() -> None:
    _, rec = reg()
    assert rec is not None
    again = Register(
        student=rec.student.student_number, school_code="A1", grade=grade(1), class_name="1班",
        arrived_on=DAY, identity_source=HOUSEHOLD, province_lookup=LookupResult.CLEAR,
    )  # fmt: skip
    decision = evaluate(rec, again, ctx())
    assert not decision.allowed and clauses_of(decision) == {"1.2"}


# ---------------------------------------------------------------------------------------------------
# 1.3


@pytest.mark.clause("1.3")
def test_new_students_data_are_due_by_30_september() -> None:
    """“学校在每年9月30日前完成新生信息采集、家长签字确认，录入学籍系统，并上报教育主管部门进行审核”"""
    decision, rec = reg()
    assert rec is not None and decision.deadline is not None
    assert decision.deadline.clause == "1.3" and decision.deadline.due == dt.date(2020, 9, 30)
    assert new_student_data_due(rec, ctx()) == dt.date(2020, 9, 30)
    sn = rec.student.student_number
    ok = ConfirmNewStudentData(student=sn, parents_signed=True, submitted=True)
    on_time = evaluate(rec, ok, ctx(dt.date(2020, 9, 30)))
    assert on_time.allowed and not on_time.reasons
    late = evaluate(rec, ok, ctx(dt.date(2020, 10, 1)))
    assert late.allowed and any("逾期" in r.zh for r in late.reasons)


@pytest.mark.clause("1.3")
def test_confirmation_needs_the_parents_signature_and_the_submission() -> None:
    """“家长签字确认，录入学籍系统，并上报教育主管部门进行审核”"""
    _, rec = reg()
    assert rec is not None
    sn = rec.student.student_number
    decision = evaluate(rec, ConfirmNewStudentData(student=sn), ctx())
    assert not decision.allowed
    assert {m.key for m in decision.missing_materials} == {
        "parents_confirmation",
        "submitted_for_review",
    }
    done = apply(rec, ConfirmNewStudentData(student=sn, parents_signed=True, submitted=True), ctx())
    again = evaluate(
        done, ConfirmNewStudentData(student=sn, parents_signed=True, submitted=True), ctx()
    )
    assert not again.allowed


@pytest.mark.clause("1.3")
def test_only_new_students_confirm_data() -> None:
    old = record(grade(4), A, student_=kid(), enrolled_on=dt.date(2017, 9, 1))
    ok = ConfirmNewStudentData(
        student=old.student.student_number, parents_signed=True, submitted=True
    )
    assert not evaluate(old, ok, ctx()).allowed
    fresh = record(grade(1), A, student_=kid(), enrolled_on=DAY)  # imported, no history yet
    assert evaluate(fresh, ok, ctx()).allowed


# ---------------------------------------------------------------------------------------------------
# 1.4


@pytest.mark.clause("1.4")
def test_no_registration_before_actual_arrival() -> None:
    """“小学起始年级、初一、高一原则上按学生实际到校报到注册学籍，不得抢先注册。”"""
    early, rec = reg(arrived_on=DAY + dt.timedelta(days=1))
    assert rec is None and any("抢先" in r.zh for r in early.reasons)
    unknown, _ = reg(arrived_on=None)
    assert "1.4" in clauses_of(unknown)
    same_day, rec = reg(arrived_on=DAY)
    assert same_day.allowed and rec is not None


@pytest.mark.clause("1.4")
def test_the_photo_is_imported_after_registration() -> None:
    """“学生完成学籍注册后，学籍管理员应及时完成照片导入工作。”"""
    decision, rec = reg()
    assert rec is not None
    assert any(r.clause == "1.4" and "照片" in r.zh for r in decision.reasons)
    sn = rec.student.student_number
    once = apply(rec, ImportPhoto(student=sn), ctx())
    assert isinstance(once.history[-1].event, ImportPhoto)
    again = evaluate(once, ImportPhoto(student=sn), ctx())
    assert again.allowed and again.reasons  # a re-import is noted


# ---------------------------------------------------------------------------------------------------
# 1.5


@pytest.mark.clause("1.5")
def test_a_registered_record_is_never_deleted() -> None:
    """“学籍一旦在全国学籍系统中注册，不得随意删除，如果学生长期不在校又无法跟家长取得联系，可暂做辍学或其他离校处理。”"""
    _, rec = reg()
    assert rec is not None
    sn = rec.student.student_number
    decision = evaluate(rec, Delete(student=sn), ctx())
    assert not decision.allowed and "1.5" in clauses_of(decision)
    with pytest.raises(PolicyViolation) as err:
        apply(rec, Delete(student=sn), ctx())
    assert "1.5" in {r.clause for r in err.value.decision.reasons}
    dead = apply(rec, Death(student=sn, died_on=DAY, proof=True), ctx(dt.date(2020, 9, 3)))
    assert not evaluate(dead, Delete(student=sn), ctx(dt.date(2020, 9, 4))).allowed


@pytest.mark.clause("1.5")
def test_registration_outside_the_household_county_is_allowed_with_a_note() -> None:
    """“学生学籍遵循户口所在地就近入学的原则” — a principle, noted, not a bar."""
    decision, rec = reg(school_code="B1")  # the student's 户籍 is 西昌市, the school in 会理市
    assert rec is not None and decision.allowed
    assert any(r.clause == "1.5" and "会理市" in r.zh for r in decision.reasons)
    assert not any(r.clause == "1.5" for r in reg(school_code="A1").decision.reasons)


@pytest.mark.clause("1.5")
def test_the_household_county_is_read_from_the_region_code_not_the_text() -> None:
    """1.5's 户口所在地: the 户籍 region code (else the ID number's), never a name in the 户籍 text."""
    import attrs

    named = attrs.evolve(kid(), household_registration="会理市鹿厂镇")  # ID issued in 西昌市
    assert not any(r.clause == "1.5" for r in reg(named, school_code="A1").decision.reasons)
    assert any(r.clause == "1.5" for r in reg(named, school_code="B1").decision.reasons)
    moved = attrs.evolve(kid(), household_region="513402")  # 户籍 now in 会理市
    assert not any(r.clause == "1.5" for r in reg(moved, school_code="B1").decision.reasons)
    vague = attrs.evolve(kid(), household_region="513400")
    notes = [r.zh for r in reg(vague, school_code="A1").decision.reasons if r.clause == "1.5"]
    assert notes and "未能核对" in notes[0]


# ---------------------------------------------------------------------------------------------------
# The record's history, serialization, bad input


@pytest.mark.clause("1.1", "1.5")
def test_a_new_records_history_starts_with_its_registration_and_round_trips() -> None:
    _, rec = reg()
    assert rec is not None
    entry = registration_entry(rec)
    assert entry is not None and entry.on == DAY and entry.status is Status.ENROLLED
    assert isinstance(entry.event, Register)
    assert entry.event.province_lookup is LookupResult.CLEAR
    later = apply(rec, ImportPhoto(student=rec.student.student_number), ctx())
    assert from_json(to_json(later), Record) == later


def test_bad_input_is_reported_in_chinese_and_english_with_its_place() -> None:
    with pytest.raises(InvalidInput) as err:
        register("kid", "A1", grade(1), "1班", ctx(), lookup=nobody)  # type: ignore[arg-type]
    assert err.value.where == "student" and err.value.zh and err.value.en
    with pytest.raises(InvalidInput) as err:
        reg(g=Grade(Stage.SENIOR, 1))  # A1 offers no senior grades
    assert err.value.where == "grade"
    with pytest.raises(InvalidInput) as err:
        reg(arrived_on=dt.datetime(2020, 9, 1, 8, 0))  # type: ignore[arg-type]
    assert err.value.where == "arrived_on"
    with pytest.raises(InvalidInput):
        reg(school_code="ZZ9")  # unknown school


# ---------------------------------------------------------------------------------------------------
# Properties


def _identity(pool_index: int) -> IdentityNumber:
    return IdentityNumber.build("513401", dt.date(2014, 1, 1) + dt.timedelta(days=pool_index), 11)


def _j_student(n: int) -> Student:
    ident = _identity(0)
    return Student(
        name="阿呷",
        sex=Sex.MALE,
        birth_date=ident.birth_date,
        ethnicity="彝族",
        identity_number=None,
        student_number=StudentNumber(f"J{n:017d}1"),
        household_registration="四川省凉山州西昌市",
        address="",
    )


def _g_student(pool_index: int) -> Student:
    ident = _identity(pool_index)
    return Student(
        name="阿呷",
        sex=ident.sex,
        birth_date=ident.birth_date,
        ethnicity="彝族",
        identity_number=ident,
        student_number=StudentNumber.from_identity(ident),
        household_registration="四川省凉山州西昌市",
        address="",
    )


def _imported(kind: str, n: int, school_code: str) -> Record:
    """A record imported from before the lookup existed (duplicates possible)."""
    s = _g_student(n) if kind == "G" else _j_student(n)
    return record(grade(2), school_code, student_=s, enrolled_on=dt.date(2019, 9, 1))


_INDEX = st.integers(0, 7)
_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("register_g"), st.integers(0, 3), st.sampled_from(["A1", "B1"])),
        st.tuples(st.just("register_j"), st.integers(0, 3), st.sampled_from(["A1", "B1"])),
        st.tuples(st.just("give_id"), _INDEX, st.integers(0, 3)),
        st.tuples(st.just("resolve"), _INDEX, _INDEX),
        st.tuples(st.just("resolve"), _INDEX, _INDEX),
    ),
    max_size=14,
)
_ROSTER = st.lists(
    st.tuples(
        st.sampled_from(["G", "J"]),
        st.integers(0, 3),
        st.sampled_from([("A1",), ("B1",), ("A1", "B1")]),  # a student on both rosters: a duplicate
    ),
    max_size=3,
)


def _counts(records: list[Record]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in records:
        if r.status is Status.DUPLICATE_REMOVED:
            continue
        names = {r.student.key}
        if r.student.identity_number is not None:
            names.add(r.student.identity_number.reveal())
        for name in names:
            out[name] = out.get(name, 0) + 1
    return out


@pytest.mark.clause("1.2", "3.3", "4")
@given(roster=_ROSTER, ops=_OPS)
def test_no_path_creates_two_live_records_for_one_id_number(
    roster: list[tuple[str, int, tuple[str, ...]]], ops: list[tuple[str, int, object]]
) -> None:
    """No act of the library adds a live record for a 居民身份证号 or student number the province already
    holds live (1.2 “防止重复注册学生学籍”): registrations, ID numbers given to J students (4) and duplicate
    removals (3.3) never raise any count, and a removal lowers one, keeping the removed record's
    history. The roster may start with duplicates imported from before the lookup existed; the
    province-wide lookup is modelled as the set of live ID numbers and student numbers."""
    records = [_imported(kind, n, code) for kind, n, codes in roster for code in codes]
    day = DAY

    def live() -> list[Record]:
        return [r for r in records if r.status is not Status.DUPLICATE_REMOVED]

    def lookup(s: Student, *, besides: Record | None = None) -> bool:
        others = [r for r in live() if r is not besides]
        keys = {r.student.key for r in others}
        ids = {r.student.identity_number.reveal() for r in others if r.student.identity_number}
        ident = s.identity_number
        return s.key in keys or (ident is not None and ident.reveal() in ids)

    for op, a, b in ops:
        c = ctx(day)
        before = _counts(records)
        if op in ("register_g", "register_j"):
            s = _g_student(a) if op == "register_g" else _j_student(a)
            _d, rec = register(
                s, str(b), grade(1), "1班", c, lookup=lookup, arrived_on=day,
                identity_source=HOUSEHOLD,
            )  # fmt: skip
            event("registered" if rec is not None else "a registration was refused")
            if rec is not None:
                records.append(rec)
        elif op == "give_id" and records:
            i = a % len(records)
            target = records[i]
            if target.student.identity_number is None and target.status is Status.ENROLLED:
                ident = _identity(int(b))  # type: ignore[call-overload]
                _d, new = change_student_data(
                    target,
                    {StudentField.IDENTITY_NUMBER: ident, StudentField.BIRTH_DATE: ident.birth_date,
                     StudentField.SEX: ident.sex},
                    c, police_proof=True, proof_scan=True, school_approves=True,
                    lookup=lambda s, t=target: lookup(s, besides=t),  # other records than this one
                )  # fmt: skip
                event("a J student got an ID number" if new else "an ID number change was refused")
                if new is not None:
                    records[i] = new
        elif op == "resolve" and len(records) >= 2:
            i, j = a % len(records), int(b) % len(records)  # type: ignore[call-overload]
            if i != j and records[i].school_code != records[j].school_code:
                _d, removed = resolve_duplicate(
                    records[i], records[j], c, attendance_proof=True,
                    attended_authority_approves=True, removing_authority_approves=True,
                )  # fmt: skip
                event("a duplicate was removed" if removed else "a removal was refused")
                if removed is not None:
                    assert removed.history[: len(records[j].history)] == records[j].history
                    assert removed.status is Status.DUPLICATE_REMOVED
                    records[j] = removed
        day = day + dt.timedelta(days=37)
        after = _counts(records)
        for name, n in after.items():
            assert n <= max(before.get(name, 0), 1), "a library act added a second live record"


@pytest.mark.clause("1.1", "1.2", "1.4")
@given(
    attending_=st.booleans(),
    found=st.sampled_from([True, False, None]),
    source=st.sampled_from([None, *IdentitySource]),
    arrival=st.integers(-3, 3),
    year=st.sampled_from([1, 2, 7, 10]),
)
def test_registration_is_allowed_exactly_when_every_condition_holds(
    attending_: bool, found: bool | None, source: IdentitySource | None, arrival: int, year: int
) -> None:
    full = school(
        "F1", stages=(Stage.PRIMARY, Stage.JUNIOR, Stage.SENIOR), system=SchoolSystem.SIX_THREE
    )

    def lookup(_s: Student) -> bool:
        if found is None:
            raise RuntimeError("down")
        return found

    arrived = DAY + dt.timedelta(days=arrival)
    decision, rec = register(
        kid(), "F1", grade(year), "1班", context(DAY, full), lookup=lookup, arrived_on=arrived,
        identity_source=source, attending=attending_,
    )  # fmt: skip
    expected = attending_ and found is False and source is not None and arrival <= 0 and year == 1
    assert decision.allowed is expected
    assert (rec is not None) is expected
    if not expected:
        assert decision.reasons and all(
            r.clause in {"1.1", "1.2", "1.4", "3.2", "8.4"} for r in decision.reasons
        )
    else:
        assert rec is not None and len(rec.history) == 1
