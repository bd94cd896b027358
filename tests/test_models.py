"""Tests of the data models: ID and student numbers, students, grades, schools, events, records."""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji import InvalidInput, XuejiError
from liangshan_xueji.law import DEFAULT_PARAMETERS
from liangshan_xueji.records.models import (
    LIANGSHAN_COUNTIES,
    ClassInfo,
    Event,
    Grade,
    Guardian,
    HistoryEntry,
    IdentityNumber,
    InvalidGrade,
    InvalidIdentityNumber,
    InvalidStudentNumber,
    Record,
    School,
    SchoolSystem,
    Sex,
    Stage,
    Status,
    Student,
    StudentNumber,
    StudentNumberKind,
    SuspensionPeriod,
    TeachingMode,
    TransferWorkflow,
)
from strategies import (
    LIANGSHAN_REGIONS,
    grades,
    guardians,
    identity_numbers,
    records,
    schools,
    students,
)

SIX_THREE = SchoolSystem.SIX_THREE
FIVE_FOUR = SchoolSystem.FIVE_FOUR
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3,}")

#: The example of GB 11643-1999 itself (a woman born 1949-12-31 in 北京市朝阳区).
STANDARD_EXAMPLE = "11010519491231002X"


def _bilingual(err: XuejiError) -> None:
    assert CJK.search(err.zh), err.zh
    assert LATIN.search(err.en), err.en
    assert err.zh in str(err)
    assert err.en in str(err)


def _mod11_2_ok(number: str) -> bool:
    """Independent check of ISO 7064 MOD 11-2: sum of a_i * 2^(17-i) over all 18 chars ≡ 1 (mod 11)."""
    values = [10 if c == "X" else int(c) for c in number]
    return sum(v * pow(2, 17 - i, 11) for i, v in enumerate(values)) % 11 == 1


def _student(ident: IdentityNumber, **kw: object) -> Student:
    fields: dict[str, object] = {
        "name": "吉克阿呷",
        "sex": ident.sex,
        "birth_date": ident.birth_date,
        "ethnicity": "彝族",
        "identity_number": ident,
        "student_number": StudentNumber.from_identity(ident),
        "household_registration": "四川省凉山州昭觉县",
        "address": "昭觉县新城镇团结路 8 号",
        "guardians": (Guardian(relation="父亲", name="吉克木呷", phone="13812345678"),),
    }
    fields.update(kw)
    return Student(**fields)  # type: ignore[arg-type]


ID = IdentityNumber.build("513431", dt.date(2012, 3, 4), 123)
STUDENT = _student(ID)


def _record(**kw: object) -> Record:
    fields: dict[str, object] = {
        "student": STUDENT,
        "school_code": "5134310001",
        "grade": Grade(Stage.PRIMARY, 3),
        "class_name": "1班",
        "enrolled_on": dt.date(2018, 9, 1),
    }
    fields.update(kw)
    return Record(**fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# IdentityNumber
# ---------------------------------------------------------------------------------------------


def test_standard_example_is_valid() -> None:
    ident = IdentityNumber(STANDARD_EXAMPLE)
    assert ident.region == "110105"
    assert ident.birth_date == dt.date(1949, 12, 31)
    assert ident.sequence == 2
    assert ident.sex is Sex.FEMALE
    assert ident.reveal() == STANDARD_EXAMPLE
    assert _mod11_2_ok(STANDARD_EXAMPLE)


def test_lower_case_x_is_stored_upper_case() -> None:
    assert IdentityNumber(STANDARD_EXAMPLE.lower()) == IdentityNumber(STANDARD_EXAMPLE)
    assert IdentityNumber(STANDARD_EXAMPLE.lower()).reveal() == STANDARD_EXAMPLE


def test_build_reproduces_the_standard_example() -> None:
    assert IdentityNumber.build("110105", dt.date(1949, 12, 31), 2).reveal() == STANDARD_EXAMPLE


@given(
    region=st.sampled_from(LIANGSHAN_REGIONS),
    birth=st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)),
    seq=st.integers(0, 999),
)
def test_built_numbers_satisfy_mod11_2_and_decode(region: str, birth: dt.date, seq: int) -> None:
    ident = IdentityNumber.build(region, birth, seq)
    value = ident.reveal()
    assert _mod11_2_ok(value)
    assert (ident.region, ident.birth_date, ident.sequence) == (region, birth, seq)
    assert ident.sex is (Sex.MALE if seq % 2 else Sex.FEMALE)


@given(ident=identity_numbers(), wrong=st.sampled_from("0123456789X"))
def test_every_other_check_character_is_refused(ident: IdentityNumber, wrong: str) -> None:
    value = ident.reveal()
    if wrong == value[-1]:
        assert IdentityNumber(value[:-1] + wrong) == ident
        return
    with pytest.raises(InvalidIdentityNumber) as info:
        IdentityNumber(value[:-1] + wrong)
    assert f"expected {value[-1]}, got {wrong}" in info.value.en
    assert value not in str(info.value)
    assert value[:-1] + wrong not in str(info.value)


@given(ident=identity_numbers(), pos=st.integers(0, 16), delta=st.integers(1, 9))
def test_a_single_changed_digit_is_detected(ident: IdentityNumber, pos: int, delta: int) -> None:
    value = ident.reveal()
    changed = value[:pos] + str((int(value[pos]) + delta) % 10) + value[pos + 1 :]
    with pytest.raises(InvalidIdentityNumber):
        IdentityNumber(changed)


_VALID = ID.reveal()
_INVALID = [
    pytest.param(_VALID[:-1], "has 17", id="too-short"),
    pytest.param(_VALID + "1", "has 19", id="too-long"),
    pytest.param("", "has 0", id="empty"),
    pytest.param(_VALID[:4] + "A" + _VALID[5:], "character 5 must be a digit", id="letter"),
    pytest.param(_VALID[:9] + "٣" + _VALID[10:], "character 10 must be a digit", id="non-ascii"),
    pytest.param(_VALID[:-1] + "Y", "check character) must be a digit or X", id="bad-last"),
    pytest.param("99" + _VALID[2:], "not a province code", id="province"),
    pytest.param("513431201302301234", "not a real birth date", id="feb-30"),
    pytest.param("513431201213011234", "not a real birth date", id="month-13"),
    pytest.param("513431189912311234", "before 1900", id="year-1899"),
]


@pytest.mark.parametrize(("value", "what"), _INVALID)
def test_invalid_identity_numbers_say_what_is_wrong(value: str, what: str) -> None:
    with pytest.raises(InvalidIdentityNumber) as info:
        IdentityNumber(value)
    err = info.value
    assert isinstance(err, InvalidInput)
    _bilingual(err)
    assert what in err.en
    assert err.where == "IdentityNumber.value"
    if len(value) >= 9:
        assert value.upper() not in str(err)


def test_bad_date_message_does_not_echo_the_birth_date() -> None:
    with pytest.raises(InvalidIdentityNumber) as info:
        IdentityNumber("513431201302301234")
    assert "20130230" not in str(info.value)
    assert "5134**********1234" in str(info.value)


@pytest.mark.parametrize("value", [513431201203041233, None, b"513431201203041233"])
def test_non_string_identity_number(value: object) -> None:
    with pytest.raises(InvalidIdentityNumber) as info:
        IdentityNumber(value)
    _bilingual(info.value)
    assert "513431201203041233" not in str(info.value)


@given(ident=identity_numbers())
def test_identity_number_is_masked_everywhere_but_reveal(ident: IdentityNumber) -> None:
    full = ident.reveal()
    assert ident.masked == full[:4] + "*" * 10 + full[-4:]
    for text in (repr(ident), str(ident), f"{ident}", repr([ident]), repr({"id": ident})):
        assert full not in text
        assert ident.masked in text


@pytest.mark.parametrize(
    ("region", "birth", "sequence"),
    [
        ("51343", dt.date(2012, 1, 1), 1),
        ("51343A", dt.date(2012, 1, 1), 1),
        ("513431", dt.datetime(2012, 1, 1), 1),
        ("513431", dt.date(1899, 12, 31), 1),
        ("513431", dt.date(2012, 1, 1), 1000),
        ("513431", dt.date(2012, 1, 1), -1),
        ("513431", dt.date(2012, 1, 1), True),
    ],
)
def test_build_refuses_bad_parts(region: str, birth: dt.date, sequence: int) -> None:
    with pytest.raises(InvalidIdentityNumber) as info:
        IdentityNumber.build(region, birth, sequence)
    _bilingual(info.value)


def test_build_refuses_an_unknown_province() -> None:
    with pytest.raises(InvalidIdentityNumber, match="province"):
        IdentityNumber.build("990101", dt.date(2012, 1, 1), 1)


# ---------------------------------------------------------------------------------------------
# StudentNumber
# ---------------------------------------------------------------------------------------------


def test_g_number_carries_its_identity() -> None:
    sn = StudentNumber("G" + _VALID)
    assert sn.kind is StudentNumberKind.G
    assert sn.identity == ID
    assert StudentNumber.from_identity(ID) == sn
    assert StudentNumber("g" + _VALID) == sn


@pytest.mark.parametrize("kind", ["L", "J"])
def test_l_and_j_numbers_have_the_shape_only(kind: str) -> None:
    body = "51343120991399000X"  # not a real date nor a valid check char: allowed for L and J
    sn = StudentNumber(kind + body)
    assert sn.kind is StudentNumberKind(kind)
    assert sn.identity is None
    assert sn.reveal() == kind + body


@pytest.mark.parametrize(
    ("value", "what"),
    [
        pytest.param("G" + _VALID[:-1] + "0", "check character", id="g-bad-check"),
        pytest.param("G" + _VALID[:-1], "19 characters", id="short"),
        pytest.param("X" + _VALID, "start with G, L or J", id="prefix"),
        pytest.param(_VALID + "1", "start with G, L or J", id="no-prefix"),
        pytest.param("L" + _VALID[:5] + "A" + _VALID[6:], "17 digits", id="l-letter"),
        pytest.param("J" + _VALID[:-1] + "Y", "17 digits", id="j-last"),
    ],
)
def test_invalid_student_numbers(value: str, what: str) -> None:
    with pytest.raises(InvalidStudentNumber) as info:
        StudentNumber(value)
    err = info.value
    assert isinstance(err, InvalidInput)
    _bilingual(err)
    assert what in err.en
    assert value not in str(err)
    assert value[1:] not in str(err)


def test_student_number_is_masked() -> None:
    sn = StudentNumber.from_identity(ID)
    for text in (repr(sn), str(sn), f"{sn}"):
        assert _VALID not in text
        assert sn.masked in text
    assert sn.reveal() == "G" + _VALID


# ---------------------------------------------------------------------------------------------
# Student and Guardian
# ---------------------------------------------------------------------------------------------


def test_student_key_is_the_full_student_number() -> None:
    assert STUDENT.key == "G" + _VALID


def test_student_repr_masks_personal_data() -> None:
    text = repr(STUDENT)
    for secret in (_VALID, "吉克阿呷", "吉克木呷", "13812345678", "团结路", "2012-03-04"):
        assert secret not in text
    assert "吉***" in text
    assert "138****5678" in text
    assert "5134**********" in text
    assert str(STUDENT) == text


@given(student=students())
def test_generated_students_never_show_their_numbers(student: Student) -> None:
    text = repr(student)
    assert student.key not in text
    assert student.key[1:] not in text
    if student.identity_number is not None:
        assert student.identity_number.reveal() not in text
    if len(student.name) > 1:
        assert student.name not in text
    for g in student.guardians:
        if g.phone:
            assert g.phone not in text


def test_guardian_repr_masks_name_and_phone() -> None:
    g = Guardian(relation="母亲", name="阿说阿呷", employer="务农", phone="13912345678")
    text = repr(g)
    assert "阿说阿呷" not in text
    assert "13912345678" not in text
    assert "母亲" in text


def test_birth_date_must_match_the_id_number() -> None:
    with pytest.raises(InvalidInput) as info:
        _student(ID, birth_date=dt.date(2012, 3, 5))
    assert info.value.where == "Student.birth_date"
    _bilingual(info.value)
    assert _VALID not in str(info.value)


def test_sex_must_match_the_id_number() -> None:
    with pytest.raises(InvalidInput) as info:
        _student(ID, sex=Sex.FEMALE)
    assert info.value.where == "Student.sex"


def test_g_number_must_carry_the_students_id() -> None:
    other = IdentityNumber.build("513431", dt.date(2012, 3, 4), 125)
    with pytest.raises(InvalidInput) as info:
        _student(ID, student_number=StudentNumber.from_identity(other))
    assert info.value.where == "Student.student_number"
    assert other.reveal() not in str(info.value)
    with pytest.raises(InvalidInput):
        _student(ID, identity_number=None, student_number=StudentNumber.from_identity(ID))


def test_j_student_without_id_number() -> None:
    s = _student(ID, identity_number=None, student_number=StudentNumber("J" + "0" * 18))
    assert s.identity_number is None
    assert s.key == "J" + "0" * 18


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", 123),
        # plain text is read since issue 16 (tests/test_convert.py); bad text and other types are not
        ("sex", "X"),
        ("sex", 1),
        ("ethnicity", " "),
        ("identity_number", _VALID[:-1]),
        ("identity_number", 513401201105201223),
        ("student_number", "G" + _VALID[:-1]),
        ("address", None),
        ("guardians", ("父亲",)),
        ("birth_date", dt.datetime(2012, 3, 4)),
        ("birth_date", "2012/03/04"),
        ("birth_date", 20120304),
    ],
)
def test_student_fields_are_checked(field: str, value: object) -> None:
    with pytest.raises(InvalidInput) as info:
        _student(ID, **{field: value})
    assert info.value.where is not None
    assert field in info.value.where
    _bilingual(info.value)


def test_birth_date_before_1900_is_refused() -> None:
    with pytest.raises(InvalidInput, match="1900"):
        _student(
            ID,
            identity_number=None,
            student_number=StudentNumber("J" + "0" * 18),
            birth_date=dt.date(1899, 12, 31),
        )


# ---------------------------------------------------------------------------------------------
# Grade (clauses 2.1.5, 2.1.6.3, 3.1)
# ---------------------------------------------------------------------------------------------

_VALID_GRADES = {
    (SIX_THREE, Stage.PRIMARY): range(1, 7),
    (SIX_THREE, Stage.JUNIOR): range(1, 4),
    (FIVE_FOUR, Stage.PRIMARY): range(1, 6),
    (FIVE_FOUR, Stage.JUNIOR): range(1, 5),
    (SIX_THREE, Stage.SENIOR): range(1, 4),
    (FIVE_FOUR, Stage.SENIOR): range(1, 4),
}


@pytest.mark.parametrize(("key", "valid"), list(_VALID_GRADES.items()))
def test_grade_ranges(key: tuple[SchoolSystem, Stage], valid: range) -> None:
    system, stage = key
    for number in range(-1, 8):
        if number in valid:
            assert Grade(stage, number, system).number == number
        else:
            with pytest.raises(InvalidGrade) as info:
                Grade(stage, number, system)
            _bilingual(info.value)


@pytest.mark.parametrize("bad", [True, 3.0, "3", None])
def test_grade_number_must_be_an_int(bad: object) -> None:
    with pytest.raises(InvalidInput):
        Grade(Stage.PRIMARY, bad)  # type: ignore[arg-type]


def test_senior_grades_ignore_the_school_system() -> None:
    g = Grade(Stage.SENIOR, 2, FIVE_FOUR)
    assert g.system is SIX_THREE
    assert g == Grade(Stage.SENIOR, 2)
    assert g.year == 11


@pytest.mark.clause("2.1.5")
@pytest.mark.parametrize("system", list(SchoolSystem))
def test_years_one_to_nine_are_a_bijection_in_order(system: SchoolSystem) -> None:
    grades_ = [Grade.from_year(y, system) for y in range(1, 10)]
    assert len(set(grades_)) == 9
    assert [g.year for g in grades_] == list(range(1, 10))
    assert grades_ == sorted(grades_)
    assert all(g.compulsory for g in grades_)
    every = {
        Grade(stage, n, system)
        for stage in (Stage.PRIMARY, Stage.JUNIOR)
        for n in _VALID_GRADES[(system, stage)]
    }
    assert set(grades_) == every


@pytest.mark.clause("2.1.5")
def test_six_three_and_five_four_correspond_by_year() -> None:
    assert Grade(Stage.PRIMARY, 6, SIX_THREE).with_system(FIVE_FOUR) == Grade(
        Stage.JUNIOR, 1, FIVE_FOUR
    )
    assert Grade(Stage.JUNIOR, 4, FIVE_FOUR).with_system(SIX_THREE) == Grade(
        Stage.JUNIOR, 3, SIX_THREE
    )
    assert Grade(Stage.PRIMARY, 5, FIVE_FOUR).with_system(SIX_THREE) == Grade(
        Stage.PRIMARY, 5, SIX_THREE
    )


@pytest.mark.clause("2.1.5")
@given(a=grades(compulsory=True), b=grades(compulsory=True), target=st.sampled_from(SchoolSystem))
def test_changing_school_system_keeps_year_and_order(
    a: Grade, b: Grade, target: SchoolSystem
) -> None:
    a2, b2 = a.with_system(target), b.with_system(target)
    assert a2.system is target
    assert a2.year == a.year
    assert a2.with_system(a.system) == a
    assert (a.year < b.year) == (a2 < b2)
    assert (a.year == b.year) == (a2 == b2)


@given(a=grades(), b=grades())
def test_grade_order_follows_the_year(a: Grade, b: Grade) -> None:
    if a.year < b.year:
        assert a < b
        assert b > a
        assert a <= b
    if a == b:
        assert a <= b
        assert a >= b
        assert not a < b
    assert (a < b) + (a == b) + (a > b) == 1


def test_from_year_senior_and_bad_years() -> None:
    assert [Grade.from_year(y, FIVE_FOUR) for y in (10, 11, 12)] == [
        Grade(Stage.SENIOR, n) for n in (1, 2, 3)
    ]
    for bad in (0, 13, -1, True, "5"):
        with pytest.raises(InvalidGrade):
            Grade.from_year(bad)  # type: ignore[arg-type]


@pytest.mark.clause("2.1.6.3")
def test_graduation_years() -> None:
    graduating = {
        (g.system, g.stage, g.number)
        for system in SchoolSystem
        for y in range(1, 13)
        if (g := Grade.from_year(y, system)).is_graduation_year
    }
    assert graduating == {
        (SIX_THREE, Stage.PRIMARY, 6),
        (SIX_THREE, Stage.JUNIOR, 3),
        (FIVE_FOUR, Stage.PRIMARY, 5),
        (FIVE_FOUR, Stage.JUNIOR, 4),
        (SIX_THREE, Stage.SENIOR, 3),
    }


@pytest.mark.clause("2.1.6.3")
def test_five_four_junior_three_is_not_a_graduation_year() -> None:
    assert not Grade(Stage.JUNIOR, 3, FIVE_FOUR).is_graduation_year
    assert Grade(Stage.JUNIOR, 3, SIX_THREE).is_graduation_year


@pytest.mark.clause("3.1")
@given(g=grades())
def test_next_in_stage_walks_to_the_graduation_year(g: Grade) -> None:
    chain = [g]
    while (nxt := chain[-1].next_in_stage()) is not None:
        assert nxt.stage is g.stage
        assert nxt.system is g.system
        assert nxt.year == chain[-1].year + 1
        chain.append(nxt)
    assert chain[-1].is_graduation_year
    assert all(not x.is_graduation_year for x in chain[:-1])


def test_labels() -> None:
    assert Grade(Stage.JUNIOR, 3).label_zh == "初中三年级"
    assert Grade(Stage.JUNIOR, 4, FIVE_FOUR).label_zh == "初中四年级"
    assert Grade(Stage.PRIMARY, 6).label_en == "primary grade 6 (six-three)"
    assert Grade(Stage.SENIOR, 1).label_en == "senior grade 1"
    assert str(Grade(Stage.JUNIOR, 4, FIVE_FOUR)) == "五四制初中四年级"


# ---------------------------------------------------------------------------------------------
# Enumerations
# ---------------------------------------------------------------------------------------------


def test_status_vocabulary() -> None:
    assert {s for s in Status if s.terminal} == {Status.DECEASED, Status.DUPLICATE_REMOVED}
    assert Status.SUSPECTED_DROPOUT.zh == "疑似辍学"
    assert Status.OTHER_DEPARTURE.en == "other departure"
    assert len({s.zh for s in Status}) == len({s.en for s in Status}) == len(Status) == 8


# ---------------------------------------------------------------------------------------------
# School
# ---------------------------------------------------------------------------------------------


def _school(**kw: object) -> School:
    fields: dict[str, object] = {
        "code": "5134310001",
        "name": "昭觉县民族中学",
        "county": "昭觉县",
        "stages": frozenset({Stage.JUNIOR, Stage.SENIOR}),
        "system": SIX_THREE,
        "mode": TeachingMode.MODEL_ONE,
    }
    fields.update(kw)
    return School(**fields)  # type: ignore[arg-type]


def test_liangshan_has_seventeen_counties_and_cities() -> None:
    assert len(LIANGSHAN_COUNTIES) == 17
    assert {"西昌市", "会理市", "木里藏族自治县", "雷波县"} <= LIANGSHAN_COUNTIES


@pytest.mark.clause("3.2")
def test_each_county_has_its_region_code_and_a_code_places_a_county() -> None:
    """GB/T 2260 codes under 513400 (verified against the Ministry's lists: 会理县 513425 became
    会理市 513402 in 2021)."""
    from liangshan_xueji.records.identity import (
        FORMER_LIANGSHAN_COUNTY_CODES,
        LIANGSHAN_COUNTY_CODES,
        region_in_county,
    )

    assert set(LIANGSHAN_COUNTY_CODES) == LIANGSHAN_COUNTIES
    codes = list(LIANGSHAN_COUNTY_CODES.values())
    assert len(set(codes)) == 17 and all(c.startswith("5134") for c in codes)
    assert LIANGSHAN_COUNTY_CODES["西昌市"] == "513401"
    assert LIANGSHAN_COUNTY_CODES["会理市"] == "513402"
    assert LIANGSHAN_COUNTY_CODES["雷波县"] == "513437"
    assert FORMER_LIANGSHAN_COUNTY_CODES == {"513425": "会理市"}
    assert region_in_county("513401", "西昌市") is True
    assert region_in_county("513425", "会理市") is True  # an ID number issued before 2021
    assert region_in_county("513402", "西昌市") is False
    assert region_in_county("510108", "西昌市") is False  # another prefecture
    assert region_in_county("513400", "西昌市") is None  # the prefecture: no county
    assert region_in_county("513499", "西昌市") is None  # unknown inside the prefecture
    assert region_in_county("513401", "成华区") is None  # not a Liangshan county


def test_county_must_be_in_liangshan_unless_another_prefecture() -> None:
    with pytest.raises(InvalidInput) as info:
        _school(county="成华区")
    assert info.value.where == "School.county"
    other = _school(county="成华区", prefecture="成都市")
    assert not other.in_prefecture
    assert _school().in_prefecture


@pytest.mark.parametrize("code", ["", "51-34", "学校1", " "])
def test_school_code_is_alphanumeric(code: str) -> None:
    with pytest.raises(InvalidInput):
        _school(code=code)


def test_provincial_model_needs_a_senior_stage() -> None:
    assert _school(provincial_model=True).provincial_model
    with pytest.raises(InvalidInput) as info:
        _school(provincial_model=True, stages={Stage.JUNIOR})
    assert info.value.where == "School.provincial_model"


def test_stages_are_a_nonempty_set() -> None:
    assert _school(stages=[Stage.PRIMARY, Stage.PRIMARY]).stages == frozenset({Stage.PRIMARY})
    with pytest.raises(InvalidInput):
        _school(stages=())
    with pytest.raises(InvalidInput):
        _school(stages="小学")


def test_classes_must_be_of_offered_grades_and_unique() -> None:
    j1 = Grade(Stage.JUNIOR, 1)
    with pytest.raises(InvalidInput) as info:
        _school(classes=(ClassInfo(grade=Grade(Stage.PRIMARY, 1), name="1班", size=40),))
    assert info.value.where == "School.classes[0]"
    with pytest.raises(InvalidInput):  # 五四制 初四 in a 六三制 school
        _school(classes=(ClassInfo(grade=Grade(Stage.JUNIOR, 4, FIVE_FOUR), name="1班", size=1),))
    with pytest.raises(InvalidInput) as info:
        _school(
            classes=(
                ClassInfo(grade=j1, name="1班", size=40),
                ClassInfo(grade=j1, name="1班", size=41),
            )
        )
    assert info.value.where == "School.classes[1]"


def test_class_size_must_not_be_negative() -> None:
    with pytest.raises(InvalidInput):
        ClassInfo(grade=Grade(Stage.JUNIOR, 1), name="1班", size=-1)
    with pytest.raises(InvalidInput):
        ClassInfo(grade=Grade(Stage.JUNIOR, 1), name="1班", size=True)


def test_offers_and_class_size() -> None:
    j1 = Grade(Stage.JUNIOR, 1)
    school = _school(classes=(ClassInfo(grade=j1, name="2班", size=48),))
    assert school.offers(j1)
    assert school.offers(Grade(Stage.SENIOR, 3))
    assert not school.offers(Grade(Stage.PRIMARY, 6))
    assert not school.offers(Grade(Stage.JUNIOR, 1, FIVE_FOUR))
    assert school.class_size(j1, "2班") == 48
    assert school.class_size(j1, "3班") is None


@pytest.mark.clause("2.1.2")
def test_size_limit_uses_the_county_standard_over_the_parameters() -> None:
    on = dt.date(2020, 9, 1)
    default = _school()
    params = DEFAULT_PARAMETERS
    assert default.size_limit(Stage.JUNIOR, params, on) == params.int_value(
        "class_size_limit_junior", on
    )
    assert default.size_limit(Stage.SENIOR, params, on) == params.int_value(
        "class_size_limit_senior", on
    )
    county = params.override("class_size_limit_junior", 48, reference="某县文件")
    assert default.size_limit(Stage.JUNIOR, county, on) == 48
    assert _school(class_size_limit=40).size_limit(Stage.JUNIOR, params, on) == 40
    with pytest.raises(InvalidInput):
        _school(class_size_limit=0)
    with pytest.raises(InvalidInput):
        default.size_limit(Stage.JUNIOR, params, dt.datetime(2020, 9, 1))


@given(school=schools())
def test_generated_schools_offer_their_classes(school: School) -> None:
    assert all(school.offers(c.grade) for c in school.classes)
    assert school.county in LIANGSHAN_COUNTIES


# ---------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Throwaway(Event, kind="test.models.throwaway"):
    reason: str = ""


def test_event_registry() -> None:
    assert Event.by_kind("test.models.throwaway") is _Throwaway
    assert _Throwaway.kind == "test.models.throwaway"
    assert _Throwaway(reason="x").kind == "test.models.throwaway"
    assert Event.kinds()["test.models.throwaway"] is _Throwaway
    assert "test.strategy_note" in Event.kinds()


def test_duplicate_event_kind_is_refused() -> None:
    with pytest.raises(InvalidInput, match="already used"):

        @attrs.frozen(kw_only=True)
        class _Again(Event, kind="test.models.throwaway"):
            pass

    assert Event.by_kind("test.models.throwaway") is _Throwaway


def test_unknown_event_kind() -> None:
    with pytest.raises(InvalidInput) as info:
        Event.by_kind("no-such-kind")
    _bilingual(info.value)


def test_subclass_without_kind_is_not_registered() -> None:
    before = Event.kinds()

    @attrs.frozen(kw_only=True)
    class _Abstract(Event):
        pass

    assert Event.kinds() == before


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_NAIVE = dt.datetime(2020, 9, 1, 8, 0)
_AWARE = dt.datetime(2020, 9, 1, 8, 0, tzinfo=dt.timezone.utc)


# ISO text is read where a converter reads plain values (issue 16, tests/test_convert.py); any other
# text is refused everywhere
@pytest.mark.parametrize("bad", [_NAIVE, _AWARE, "2020/09/01", "2020-9-1", 20200901])
@pytest.mark.parametrize(
    ("build", "where"),
    [
        (lambda d: _record(enrolled_on=d), "Record.enrolled_on"),
        (
            lambda d: HistoryEntry(
                on=d,
                event=_Throwaway(),
                status=Status.ENROLLED,
                school_code="1",
                grade=Grade(Stage.PRIMARY, 1),
            ),
            "HistoryEntry.on",
        ),
        (lambda d: SuspensionPeriod(started_on=d, ends_on=dt.date(2021, 1, 1)), "started_on"),
        (lambda d: SuspensionPeriod(started_on=dt.date(2020, 1, 1), ends_on=d), "ends_on"),
        (
            lambda d: TransferWorkflow(
                to_school="1",
                to_grade=Grade(Stage.PRIMARY, 1),
                to_class="1班",
                started_on=dt.date(2020, 8, 1),
                due=dt.date(2020, 8, 20),
                cross_prefecture=False,
                sending_school_on=d,
            ),
            "TransferWorkflow.sending_school_on",
        ),
    ],
)
def test_datetimes_and_strings_are_not_dates(build: object, where: str, bad: object) -> None:
    with pytest.raises(InvalidInput) as info:
        build(bad)  # type: ignore[operator]
    assert info.value.where is not None
    assert where in info.value.where
    _bilingual(info.value)


def test_workflow_dates_are_ordered() -> None:
    with pytest.raises(InvalidInput):
        SuspensionPeriod(started_on=dt.date(2020, 2, 1), ends_on=dt.date(2020, 1, 1))
    with pytest.raises(InvalidInput):
        TransferWorkflow(
            to_school="1",
            to_grade=Grade(Stage.PRIMARY, 1),
            to_class="1班",
            started_on=dt.date(2020, 8, 1),
            due=dt.date(2020, 7, 20),
            cross_prefecture=False,
        )
    with pytest.raises(InvalidInput):
        TransferWorkflow(
            to_school="1",
            to_grade=Grade(Stage.PRIMARY, 1),
            to_class="1班",
            started_on=dt.date(2020, 8, 1),
            due=dt.date(2020, 8, 20),
            cross_prefecture=False,
            receiving_authority_on=dt.date(2020, 7, 31),
        )


@pytest.mark.clause("2.1.4")
def test_only_a_cross_prefecture_workflow_may_have_no_due_date() -> None:
    """2.1.4: inside the prefecture a transfer always has its 10 working days; across prefectures
    its due date is None while the province's period is not set."""
    fields: dict[str, object] = {
        "to_school": "1",
        "to_grade": Grade(Stage.PRIMARY, 1),
        "to_class": "1班",
        "started_on": dt.date(2020, 8, 1),
        "due": None,
    }
    assert TransferWorkflow(**fields, cross_prefecture=True).due is None  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as info:
        TransferWorkflow(**fields, cross_prefecture=False)  # type: ignore[arg-type]
    assert info.value.where == "TransferWorkflow.due"
    _bilingual(info.value)


def test_models_accept_dates_before_the_regulation() -> None:
    r = _record(enrolled_on=dt.date(2003, 9, 1))
    assert r.enrolled_on.year == 2003


# ---------------------------------------------------------------------------------------------
# Record
# ---------------------------------------------------------------------------------------------


def _entry(on: dt.date, **kw: object) -> HistoryEntry:
    fields: dict[str, object] = {
        "on": on,
        "event": _Throwaway(reason="test"),
        "status": Status.ENROLLED,
        "school_code": "5134310001",
        "grade": Grade(Stage.PRIMARY, 3),
    }
    fields.update(kw)
    return HistoryEntry(**fields)  # type: ignore[arg-type]


@pytest.mark.clause("1.5")
def test_appended_grows_the_history_and_takes_the_state_after_the_event() -> None:
    r0 = _record()
    e1 = _entry(dt.date(2019, 3, 1), status=Status.SUSPENDED)
    r1 = r0.appended(e1, suspension=SuspensionPeriod(started_on=e1.on, ends_on=dt.date(2020, 3, 1)))
    assert r1.history == (e1,)
    assert r1.status is Status.SUSPENDED
    assert r1.suspension is not None
    assert r0.history == ()
    assert r0.status is Status.ENROLLED
    e2 = _entry(dt.date(2019, 3, 1), grade=Grade(Stage.PRIMARY, 4), school_code="5134310002")
    r2 = r1.appended(e2, suspension=None)
    assert r2.history == (e1, e2)
    assert (r2.status, r2.grade, r2.school_code) == (Status.ENROLLED, e2.grade, "5134310002")


@pytest.mark.clause("1.5")
def test_appended_refuses_to_rewrite_history_or_the_student() -> None:
    r1 = _record().appended(_entry(dt.date(2019, 3, 1)))
    with pytest.raises(InvalidInput, match="append-only"):
        r1.appended(_entry(dt.date(2019, 4, 1)), history=())
    other = _student(IdentityNumber.build("513431", dt.date(2012, 3, 4), 125))
    with pytest.raises(InvalidInput) as info:
        r1.appended(_entry(dt.date(2019, 4, 1)), student=other)
    assert info.value.where == "student"
    moved = attrs.evolve(STUDENT, address="西昌市长安街道")
    assert r1.appended(_entry(dt.date(2019, 4, 1)), student=moved).student == moved
    with pytest.raises(InvalidInput):
        r1.appended(_entry(dt.date(2019, 2, 1)))
    with pytest.raises(InvalidInput):
        r1.appended(_entry(dt.date(2019, 4, 1)), status=Status.DROPPED_OUT)
    with pytest.raises(InvalidInput):
        r1.appended(_entry(dt.date(2019, 4, 1)), no_such_field=1)
    with pytest.raises(InvalidInput):
        r1.appended("not an entry")  # type: ignore[arg-type]


def test_history_dates_must_not_decrease() -> None:
    a, b = _entry(dt.date(2019, 3, 1)), _entry(dt.date(2019, 2, 1))
    with pytest.raises(InvalidInput) as info:
        _record(history=(a, b))
    assert info.value.where == "Record.history[1]"
    assert _record(history=[b, a]).history == (b, a)


def test_compulsory_year() -> None:
    assert _record(grade=Grade(Stage.JUNIOR, 1, FIVE_FOUR)).compulsory_year == 6
    assert _record(grade=Grade(Stage.SENIOR, 1)).compulsory_year is None


@given(record=records())
def test_record_repr_masks_personal_data(record: Record) -> None:
    text = repr(record)
    assert record.student.key not in text
    assert record.student.key[1:] not in text
    assert str(record) == text
    for g in record.student.guardians:
        if g.phone:
            assert g.phone not in text


@given(record=records(), entry_day=st.integers(0, 400))
def test_appended_keeps_the_old_record_and_the_history_prefix(
    record: Record, entry_day: int
) -> None:
    start = record.last_event_on or record.enrolled_on
    entry = _entry(start + dt.timedelta(days=entry_day), school_code=record.school_code)
    new = record.appended(entry)
    assert new.history[:-1] == record.history
    assert new.history[-1] == entry
    assert new.student.key == record.student.key
    assert new != record


def test_record_field_types_are_checked() -> None:
    for field, value in [
        ("student", "someone"),
        ("grade", (Stage.PRIMARY, 3)),
        ("status", "转走"),  # plain text is read (issue 16), a status it does not name is refused
        ("status", 1),
        ("class_name", ""),
        ("transfer", "none"),
        ("history", (1,)),
    ]:
        with pytest.raises(InvalidInput):
            _record(**{field: value})


@given(g=guardians())
def test_generated_guardians_are_masked(g: Guardian) -> None:
    assert g.name not in repr(g)
    if g.phone:
        assert g.phone not in repr(g)
