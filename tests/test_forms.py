"""附表1–4: typed models, prefill, validation, escaping, rendering and ``xueji form``."""

from __future__ import annotations

import argparse
import datetime as dt
import html
import html.parser
import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.cli import app as cli
from liangshan_xueji.cli.forms import add_parser
from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.examples import (
    EXAMPLE_DATE,
    EXAMPLE_SUSPENSION_DATE,
    FICTIONAL_NOTICE,
    example_context,
    example_record,
    example_schools,
    example_student,
    example_suspended_record,
)
from liangshan_xueji.forms import (
    F1_NOTES,
    F2_NOTES,
    F4_PLEDGES,
    F4_PREAMBLE,
    FORM_CLASSES,
    AttendanceProofForm,
    DataSecurityPledgeForm,
    F1Use,
    F2Side,
    Opinion,
    OrgLevel,
    PartyOpinion,
    Signature,
    SuspensionResumptionForm,
    TransferApplicationForm,
    escape_markdown,
    prefill_f1,
    prefill_f2,
    prefill_f3,
    prefill_f4,
    render,
    validate,
)
from liangshan_xueji.law.clauses import clause
from liangshan_xueji.policy.suspension import RESUMPTION_MATERIALS, SUSPENSION_MATERIALS
from liangshan_xueji.records.models import (
    ClassInfo,
    Grade,
    IdentityNumber,
    Record,
    School,
    SchoolSystem,
    Stage,
    Status,
    Student,
    StudentNumber,
    TeachingMode,
)
from liangshan_xueji.records.serialization import to_dict, to_json
from liangshan_xueji.records.status import Context
from strategies import students

# --------------------------------------------------------------------------------------------------
# The labels of the original tables (附表1–4 of 凉教基〔2016〕14号), as printed. A label the layout
# breaks on purpose (the long one of 附表2) is listed by its printed pieces. Shared with the PDF test.

_STUDENT_LABELS = (
    "姓名",
    "性别",
    "照片",
    "出生日期",
    "民族",
    "学籍号",
    "居民身份证号",
    "户籍所在地",
    "家庭地址",
    "称谓",
    "工作单位",
    "联系电话",
)
FORM_LABELS: dict[str, tuple[str, ...]] = {
    "F1": (
        "附表1",
        "义务教育阶段学生转学申请登记表",
        *_STUDENT_LABELS,
        "父母或监护人情况",
        "原就读学校名称",
        "原就读学校联系电话",
        "申请转学理由",
        "家长或监护人签名",
        "拟转入学校意见",
        "学校（章）",
        "年",
        "月",
        "日",
        "说明",
        *F1_NOTES,
    ),
    "F2": (
        "附表2",
        "义务教育阶段学生休（复）学申请表",
        *_STUDENT_LABELS,
        "监护人情况",
        "休学年级班级",
        "拟休学时间",
        "复学年级班级",
        "复学时间",
        "申请休(复)学理由",
        "【休(复)学证明",
        "材料附后】",
        "休学",
        "复学",
        "监护人签名",
        "学校意见",
        "学校(章)",
        "主管教育局意见",
        "教育局(章)",
        "说明",
        *F2_NOTES,
    ),
    "F3": (
        "附表3",
        "学生实际在校就读证明表",
        "学生姓名",
        "性别",
        "出生日期",
        "身份证号",
        "就读学校名称",
        "年级",
        "班级",
        "学生签字",
        "家长签字",
        "学校校长签字",
        "学校名称（盖章）",
        "年",
        "月",
        "日",
    ),
    "F4": (
        "附表4",
        "凉山州全国中小学生学籍信息管理系统数据管理安全承诺书",
        F4_PREAMBLE,
        *F4_PLEDGES,
        "教育行政部门(学校)(公章)",
        "负责人(签字)",
        "年",
        "月",
        "日",
    ),
}


def flat(text: str) -> str:
    """NFKC (full-width brackets, Kangxi radicals) and no whitespace at all: CJK text compares so."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def chinese_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def record_values(record: Record, context: Context, form_id: str) -> list[str]:
    """Every value the record (and the context's schools) holds that form ``form_id`` prints."""
    s = record.student
    assert s.identity_number is not None
    school = context.schools[record.school_code].name
    if form_id == "F4":
        return []
    if form_id == "F3":
        return [
            s.name,
            s.sex.value,
            chinese_date(s.birth_date),
            s.identity_number.reveal(),
            school,
            record.grade.label_zh,
            record.class_name,
        ]
    values = [
        s.name,
        s.sex.value,
        chinese_date(s.birth_date),
        s.ethnicity,
        s.student_number.reveal(),
        s.identity_number.reveal(),
        s.household_registration,
        s.address,
    ]
    for g in s.guardians:
        values += [g.relation, g.name, g.employer, g.phone]
    if form_id == "F1":
        values.append(school)
    return values


@pytest.fixture
def record() -> Record:
    return example_record()


@pytest.fixture
def context() -> Context:
    return example_context()


@pytest.fixture
def suspended() -> Record:
    return example_suspended_record()


def _grade(number: int, stage: Stage = Stage.PRIMARY) -> Grade:
    return Grade(stage, number, SchoolSystem.SIX_THREE)


def _other_student() -> Student:
    ident = IdentityNumber.build("513422", dt.date(2011, 2, 3), 311)
    return Student(
        name="马海木呷",
        sex=ident.sex,
        birth_date=ident.birth_date,
        ethnicity="彝族",
        identity_number=ident,
        student_number=StudentNumber.from_identity(ident),
        household_registration="四川省凉山州宁南县",
        address="宁南县示例路2号",
    )


def _clauses(decision: object) -> set[str]:
    return {r.clause for r in decision.reasons}  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------------
# The models: every field of the original tables


_FIELDS = {
    TransferApplicationForm: (
        "student",
        "from_school_name",
        "from_school_phone",
        "reason",
        "guardian_signature",
        "guardian_signed_on",
        "receiving_opinion",
        "use",
        "other_opinions",
    ),
    SuspensionResumptionForm: ("student", "sides", "suspension", "resumption"),
    AttendanceProofForm: (
        "student_name",
        "sex",
        "birth_date",
        "identity_number",
        "school_name",
        "grade",
        "class_name",
        "student_signature",
        "parent_signature",
        "signed_on",
        "principal_signature",
        "school_sealed",
        "school_signed_on",
    ),
    DataSecurityPledgeForm: ("org_name", "level", "sealed", "responsible_signature", "signed_on"),
}


@pytest.mark.clause("F1", "F2", "F3", "F4")
@pytest.mark.parametrize("cls", list(_FIELDS))
def test_each_form_models_every_field_of_its_table(cls: type) -> None:
    names = {f.name for f in attrs.fields(cls)}
    assert set(_FIELDS[cls]) <= names
    assert FORM_CLASSES[cls.form_id] is cls  # type: ignore[attr-defined]


@pytest.mark.clause("F2")
def test_f2_sides_have_every_field_of_both_columns() -> None:
    from liangshan_xueji.forms import ResumptionSide, SuspensionSide

    both = {"grade", "class_name", "reason", "guardian_signature", "guardian_signed_on"}
    both |= {"school_opinion", "authority_opinion"}
    assert both | {"starts_on", "ends_on"} <= {f.name for f in attrs.fields(SuspensionSide)}
    assert both | {"on"} <= {f.name for f in attrs.fields(ResumptionSide)}


@pytest.mark.clause("F4")
def test_f4_quotes_the_regulation() -> None:
    assert clause("F4").text.endswith(F4_PREAMBLE)
    assert [p[:2] for p in F4_PLEDGES] == ["一、", "二、", "三、", "四、"]
    assert "在我州(县市、校)顺利运行" in F4_PLEDGES[3]
    assert DataSecurityPledgeForm.title.startswith("凉山州")


@pytest.mark.clause("F1", "F2")
def test_notes_quote_the_regulation() -> None:
    text_f1, text_f2 = clause("F1").text, clause("F2").text
    for note in F1_NOTES:
        assert note in text_f1
    for note in F2_NOTES:
        assert note in text_f2


def test_forms_are_frozen(record: Record, context: Context) -> None:
    form = prefill_f1(record, context)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        form.reason = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("build", "where"),
    [
        (lambda: TransferApplicationForm(reason=3), "reason"),  # type: ignore[arg-type]
        (lambda: TransferApplicationForm(use="mail"), "use"),
        (lambda: Opinion(signed_on=dt.datetime(2021, 1, 1)), "signed_on"),
        (lambda: Signature(signer="张三", signed=False), "signed"),
        (lambda: PartyOpinion(party=" "), "party"),
        (lambda: DataSecurityPledgeForm(org_name="", level="州"), "org_name"),
        (lambda: DataSecurityPledgeForm(org_name="x", level="省"), "level"),
        (lambda: SuspensionResumptionForm(sides="寒假"), "sides"),
        (lambda: SuspensionResumptionForm(sides=()), "sides"),
    ],
)
def test_bad_form_values_raise_invalid_input(build: Callable[[], object], where: str) -> None:
    with pytest.raises(InvalidInput) as info:
        build()
    assert where in (info.value.where or "")
    assert info.value.zh and info.value.en


def test_photo_must_be_an_image_data_uri() -> None:
    from liangshan_xueji.forms import StudentInfo

    with pytest.raises(InvalidInput):
        StudentInfo(photo="javascript:alert(1)")
    ok = StudentInfo(photo="data:image/png;base64,iVBORw0KGgo=")
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in render(
        TransferApplicationForm(student=ok), "html"
    )


# --------------------------------------------------------------------------------------------------
# Prefill: what the record knows is filled, the rest blank


@pytest.mark.clause("F1")
def test_prefill_f1_fills_what_the_record_knows(record: Record, context: Context) -> None:
    form = prefill_f1(record, context)
    s = record.student
    assert form.student.name == s.name
    assert form.student.identity_number == s.identity_number
    assert form.student.student_number == s.student_number
    assert form.student.household_registration == s.household_registration
    assert [g.phone for g in form.student.guardians] == [g.phone for g in s.guardians]
    assert form.from_school_name == context.schools[record.school_code].name
    # blanks for handwriting: the school has no phone field, the family writes the reason and signs
    assert form.from_school_phone == ""
    assert form.reason == ""
    assert not form.guardian_signature.signed
    assert form.guardian_signed_on is None
    assert form.receiving_opinion == Opinion()
    assert form.student.photo == ""


@pytest.mark.clause("F1")
def test_prefill_f1_leaves_the_school_blank_when_the_context_does_not_know_it(
    record: Record,
) -> None:
    form = prefill_f1(record, Context(on=EXAMPLE_DATE))
    assert form.from_school_name == ""


@pytest.mark.clause("F1")
def test_f1_other_use_adds_the_parties_the_local_authority_named(
    record: Record, context: Context
) -> None:
    form = prefill_f1(
        record, context, use="other", parties=["转出学校", "西昌市教育局", "转出学校"]
    )
    assert form.use is F1Use.OTHER
    assert form.required_parties == ("拟转入学校", "转出学校", "西昌市教育局")
    html_text = render(form, "html")
    assert "转出学校意见" in html_text and "西昌市教育局意见" in html_text


@pytest.mark.clause("F1", "2.1.1")
def test_f1_for_the_national_system_names_no_other_party(record: Record, context: Context) -> None:
    assert prefill_f1(record, context).required_parties == ("拟转入学校",)
    with pytest.raises(InvalidInput) as info:
        prefill_f1(record, context, parties=["转出学校"])
    assert info.value.where == "parties"


@pytest.mark.clause("F2")
def test_prefill_f2_side_defaults_by_status(
    record: Record, suspended: Record, context: Context
) -> None:
    assert prefill_f2(record, context).sides == {F2Side.SUSPENSION}
    assert prefill_f2(suspended, context).sides == {F2Side.RESUMPTION}
    form = prefill_f2(record, context)
    assert form.suspension.grade == record.grade
    assert form.suspension.class_name == record.class_name
    assert form.suspension.starts_on is None  # the family chooses the planned dates
    assert form.resumption.grade is None  # the other column stays blank


@pytest.mark.clause("F2", "2.2.3")
def test_prefill_f2_both_sides_shows_the_suspension_on_record(
    suspended: Record, context: Context
) -> None:
    form = prefill_f2(suspended, context, sides="both")
    assert suspended.suspension is not None
    assert form.suspension.starts_on == EXAMPLE_SUSPENSION_DATE
    assert form.suspension.ends_on == suspended.suspension.ends_on
    assert form.resumption.grade == suspended.grade
    assert form.resumption.on is None


@pytest.mark.clause("F3")
def test_prefill_f3(record: Record, context: Context) -> None:
    form = prefill_f3(record, context)
    assert form.school_code == record.school_code
    assert form.school_name == context.schools[record.school_code].name
    assert (form.grade, form.class_name) == (record.grade, record.class_name)
    assert not form.school_sealed and not form.principal_signature.signed


@pytest.mark.clause("F4", "7.1")
def test_prefill_f4_takes_the_organisation_and_level() -> None:
    form = prefill_f4(" 凉山州教育局 ", "州")
    assert form.org_name == "凉山州教育局"
    assert form.level is OrgLevel.PREFECTURE
    assert OrgLevel.parse("县") is OrgLevel.COUNTY is OrgLevel.parse("县市")
    assert OrgLevel.parse("学校") is OrgLevel.SCHOOL is OrgLevel.parse("校")


# --------------------------------------------------------------------------------------------------
# Validation of 附表1


@pytest.mark.clause("F1", "2.1.1")
def test_f1_for_an_enrolled_student_is_allowed_and_says_who_signs(
    record: Record, context: Context
) -> None:
    decision = validate(prefill_f1(record, context), record, context)
    assert decision.allowed
    assert "F1" in decision.clause_ids
    assert any("只需拟转入学校" in r.zh for r in decision.reasons)


@pytest.mark.clause("2.1.6.3", "F1")
def test_f1_in_a_graduation_year_is_refused(record: Record, context: Context) -> None:
    grade6 = attrs.evolve(record, grade=_grade(6))
    decision = validate(prefill_f1(grade6, context), grade6, context)
    assert not decision.allowed
    assert _clauses(decision) == {"2.1.6.3"}


@pytest.mark.clause("2.1.6.4", "2.1.3", "F1")
def test_f1_while_suspended_is_refused(suspended: Record, context: Context) -> None:
    decision = validate(prefill_f1(suspended, context), suspended, context)
    assert not decision.allowed
    assert {"2.1.6.4", "2.1.3"} <= _clauses(decision)


@pytest.mark.clause("2.1.6.3", "2.1.6.4", "F1")
def test_f1_refusal_lists_every_reason(suspended: Record, context: Context) -> None:
    both = attrs.evolve(suspended, grade=_grade(6))
    decision = validate(prefill_f1(both, context), both, context)
    assert {"2.1.6.3", "2.1.6.4", "2.1.3"} <= _clauses(decision)


@pytest.mark.clause("F1")
def test_f1_for_another_student_is_refused(record: Record, context: Context) -> None:
    other = attrs.evolve(record, student=_other_student())
    decision = validate(prefill_f1(other, context), record, context)
    assert not decision.allowed
    assert "F1" in _clauses(decision)
    text = decision.explain()
    assert record.student.name not in text and _other_student().name not in text
    assert record.student.key[1:] not in text  # no full ID number in the reasons


@pytest.mark.clause("4", "F1")
def test_f1_with_other_key_data_cites_clause_4(record: Record, context: Context) -> None:
    form = prefill_f1(record, context)
    form = attrs.evolve(form, student=attrs.evolve(form.student, name="吉克阿呷"))
    decision = validate(form, record, context)
    assert not decision.allowed
    assert _clauses(decision) == {"4"}


@pytest.mark.clause("2.1", "2.5", "3.3")
@pytest.mark.parametrize(
    ("status", "cited"),
    [
        (Status.DROPPED_OUT, "2.1"),
        (Status.GRADUATED, "2.1"),
        (Status.DECEASED, "2.5"),
        (Status.DUPLICATE_REMOVED, "3.3"),
    ],
)
def test_f1_for_a_record_in_the_wrong_state_is_refused(
    record: Record, context: Context, status: Status, cited: str
) -> None:
    gone = attrs.evolve(record, status=status)
    decision = validate(prefill_f1(gone, context), gone, context)
    assert not decision.allowed
    assert cited in _clauses(decision)


@pytest.mark.clause("2.1.6.1")
def test_f1_with_a_full_receiving_class(record: Record, context: Context) -> None:
    target = context.schools["5134010002"]
    full = attrs.evolve(
        target,
        classes=tuple(
            attrs.evolve(c, size=45) if (c.grade, c.name) == (record.grade, "1班") else c
            for c in target.classes
        ),
    )
    ctx = Context(on=context.on, schools=[*example_schools()[:1], full])
    form = prefill_f1(record, ctx)
    refused = validate(form, record, ctx, to_school=full.code, to_class="1班")
    assert not refused.allowed and _clauses(refused) == {"2.1.6.1"}
    assert validate(form, record, ctx, to_school=full.code, to_class="2班").allowed
    # the class not named: the class size is the receiving school's to check when it signs
    assert validate(form, record, ctx, to_school=full.code).allowed


@pytest.mark.clause("2.1.6.2")
def test_f1_into_a_model_one_school(record: Record, context: Context) -> None:
    yi = School(
        code="5134310001",
        name="昭觉县示例民族小学",
        county="昭觉县",
        stages=frozenset({Stage.PRIMARY}),
        system=SchoolSystem.SIX_THREE,
        mode=TeachingMode.MODEL_ONE,
        classes=(ClassInfo(grade=record.grade, name="1班", size=30),),
    )
    ctx = Context(on=context.on, schools=[*example_schools(), yi])
    decision = validate(prefill_f1(record, ctx), record, ctx, to_school=yi.code, to_class="1班")
    assert {"2.1.6.2", "6.1"} <= _clauses(decision)


def test_f1_to_an_unknown_or_the_same_school_is_bad_input(record: Record, context: Context) -> None:
    form = prefill_f1(record, context)
    with pytest.raises(InvalidInput):
        validate(form, record, context, to_school="9999")
    with pytest.raises(InvalidInput):
        validate(form, record, context, to_school=record.school_code)
    with pytest.raises(InvalidInput):
        validate(form, record, Context(on=EXAMPLE_DATE))  # the sending school is unknown


def _signed_f1(form: TransferApplicationForm, *, agrees: bool = True) -> TransferApplicationForm:
    return attrs.evolve(
        form,
        reason="随父母到德昌县工作地就读",
        guardian_signature=Signature(signer="吉克木呷"),
        guardian_signed_on=dt.date(2021, 3, 1),
        receiving_opinion=Opinion(agrees=agrees, sealed=True, signed_on=dt.date(2021, 3, 2)),
    )


@pytest.mark.clause("F1", "2.1.1")
def test_f1_submitted_to_the_national_system_needs_only_the_receiving_school(
    record: Record, context: Context
) -> None:
    blank = prefill_f1(record, context)
    refused = validate(blank, record, context, submitted=True)
    assert not refused.allowed
    assert any("拟转入学校尚未签署意见并盖章" in r.zh for r in refused.reasons)
    assert [m.key for m in refused.missing_materials] == ["F1"]
    assert validate(_signed_f1(blank), record, context, submitted=True).allowed
    unsealed = attrs.evolve(_signed_f1(blank), receiving_opinion=Opinion(agrees=True, sealed=False))
    assert not validate(unsealed, record, context, submitted=True).allowed


@pytest.mark.clause("F1", "2.1.1")
def test_f1_receiving_school_that_disagrees(record: Record, context: Context) -> None:
    decision = validate(
        _signed_f1(prefill_f1(record, context), agrees=False), record, context, submitted=True
    )
    assert not decision.allowed and "2.1.1" in _clauses(decision)


@pytest.mark.clause("F1")
def test_f1_other_use_needs_every_named_party(record: Record, context: Context) -> None:
    form = _signed_f1(prefill_f1(record, context, use="other", parties=["转出学校"]))
    refused = validate(form, record, context, submitted=True)
    assert not refused.allowed
    assert any("转出学校" in r.zh for r in refused.reasons)
    done = attrs.evolve(
        form,
        other_opinions=(PartyOpinion(party="转出学校", opinion=Opinion(agrees=True, sealed=True)),),
    )
    assert validate(done, record, context, submitted=True).allowed


@pytest.mark.clause("2.1.1")
def test_f1_extra_opinions_are_not_needed_by_the_national_system(
    record: Record, context: Context
) -> None:
    form = attrs.evolve(
        _signed_f1(prefill_f1(record, context)), other_opinions=(PartyOpinion(party="转出学校"),)
    )
    decision = validate(form, record, context, submitted=True)
    assert decision.allowed
    assert any("不应要求家长" in r.zh for r in decision.reasons)


# --------------------------------------------------------------------------------------------------
# Validation of 附表2


@pytest.mark.clause("F2", "2.2.1")
def test_f2_suspension_lists_the_medical_evidence_of_2_2_1(
    record: Record, context: Context
) -> None:
    form = prefill_f2(record, context, sides="休学")
    decision = validate(form, record, context)
    assert decision.allowed  # a blank to print; the evidence is what the family must attach
    expected = [m.key for m in SUSPENSION_MATERIALS if m.key != "F2_suspension"]
    assert [m.key for m in decision.missing_materials] == expected
    some = validate(form, record, context, materials=["diagnosis", "payment_receipts"])
    assert [m.key for m in some.missing_materials] == expected[2:]


def _signed_suspension(form: SuspensionResumptionForm) -> SuspensionResumptionForm:
    side = attrs.evolve(
        form.suspension,
        reason="因病住院，医嘱休息治疗3个月",
        guardian_signature=Signature(signed=True),
        school_opinion=Opinion(agrees=True, sealed=True),
        authority_opinion=Opinion(agrees=True, sealed=True),
    )
    return attrs.evolve(form, suspension=side)


@pytest.mark.clause("F2", "2.2.1")
def test_f2_suspension_submitted(record: Record, context: Context) -> None:
    form = _signed_suspension(prefill_f2(record, context))
    every = [m.key for m in SUSPENSION_MATERIALS]
    allowed = validate(form, record, context, submitted=True, materials=every)
    assert allowed.allowed
    assert allowed.deadline is not None and allowed.deadline.clause == "2.2.3"
    missing = validate(form, record, context, submitted=True, materials=every[:-1])
    assert not missing.allowed
    assert [m.key for m in missing.missing_materials] == ["rest_advice"]
    short = validate(form, record, context, submitted=True, materials=every, advised_rest_months=2)
    assert not short.allowed and "2.2.1" in _clauses(short)
    unsigned = validate(prefill_f2(record, context), record, context, submitted=True)
    assert {"2.2.1", "F2"} <= _clauses(unsigned)
    assert any("学校尚未同意" in r.zh for r in unsigned.reasons)


@pytest.mark.clause("F2", "2.2.2")
def test_f2_resumption_side_only_for_a_suspended_record(
    record: Record, suspended: Record, context: Context
) -> None:
    refused = validate(prefill_f2(record, context, sides="复学"), record, context)
    assert not refused.allowed and "2.2.2" in _clauses(refused)
    allowed = validate(prefill_f2(suspended, context), suspended, context)
    assert allowed.allowed
    keys = [m.key for m in allowed.missing_materials]
    assert keys == ["resumption_evidence", "doctor_advice"]  # early: before the year ends (2.2.3)
    assert set(keys) - {"doctor_advice"} == {m.key for m in RESUMPTION_MATERIALS} - {
        "F2_resumption"
    }


@pytest.mark.clause("F2", "2.2.1")
def test_f2_suspension_side_for_a_suspended_record_is_refused(
    suspended: Record, context: Context
) -> None:
    decision = validate(prefill_f2(suspended, context, sides="休学"), suspended, context)
    assert not decision.allowed and "2.2.1" in _clauses(decision)


@pytest.mark.clause("F2", "2.2.5")
def test_f2_resumption_at_a_lower_grade_is_refused(suspended: Record, context: Context) -> None:
    form = prefill_f2(suspended, context)
    lower = attrs.evolve(form, resumption=attrs.evolve(form.resumption, grade=_grade(3)))
    decision = validate(lower, suspended, context)
    assert not decision.allowed and "2.2.5" in _clauses(decision)


@pytest.mark.clause("F2")
def test_f2_both_sides_must_match_the_suspension_on_record(
    suspended: Record, context: Context
) -> None:
    form = prefill_f2(suspended, context, sides="both")
    assert validate(form, suspended, context).allowed
    moved = attrs.evolve(
        form, suspension=attrs.evolve(form.suspension, starts_on=dt.date(2020, 10, 1))
    )
    assert "F2" in _clauses(validate(moved, suspended, context))


@pytest.mark.clause("2.2.5")
def test_f2_graduation_year_suspension_notes_the_prefecture_filing(context: Context) -> None:
    grade6 = attrs.evolve(example_record(), grade=_grade(6))
    decision = validate(prefill_f2(grade6, context), grade6, context)
    assert decision.allowed and "2.2.5" in _clauses(decision)


@pytest.mark.clause("F2")
def test_f2_for_another_student_is_refused(record: Record, context: Context) -> None:
    other = attrs.evolve(record, student=_other_student())
    decision = validate(prefill_f2(other, context), record, context)
    assert not decision.allowed and "F2" in _clauses(decision)


# --------------------------------------------------------------------------------------------------
# Validation of 附表3 and 附表4


@pytest.mark.clause("3.3", "F3")
def test_f3_for_an_enrolled_record_at_its_school(record: Record, context: Context) -> None:
    form = prefill_f3(record, context)
    decision = validate(form, record, context)
    assert decision.allowed and "3.3" in _clauses(decision)
    other_school = attrs.evolve(record, school_code="5134010002")
    assert validate(form, record, context, duplicate=other_school).allowed


@pytest.mark.clause("3.3")
def test_f3_issued_by_another_school_is_refused(record: Record, context: Context) -> None:
    decision = validate(prefill_f3(record, context, school_code="5134010002"), record, context)
    assert not decision.allowed and "3.3" in _clauses(decision)


@pytest.mark.clause("3.3")
@pytest.mark.parametrize("status", [Status.SUSPENDED, Status.DROPPED_OUT, Status.DUPLICATE_REMOVED])
def test_f3_for_a_record_not_enrolled_is_refused(
    record: Record, context: Context, status: Status
) -> None:
    gone = attrs.evolve(record, status=status)
    decision = validate(prefill_f3(gone, context), gone, context)
    assert not decision.allowed and "3.3" in _clauses(decision)


@pytest.mark.clause("3.3")
def test_f3_duplicate_must_be_the_same_student_elsewhere(record: Record, context: Context) -> None:
    form = prefill_f3(record, context)
    same_school = validate(form, record, context, duplicate=record)
    stranger = attrs.evolve(record, student=_other_student(), school_code="5134010002")
    other = validate(form, record, context, duplicate=stranger)
    removed = attrs.evolve(record, school_code="5134010002", status=Status.DUPLICATE_REMOVED)
    gone = validate(form, record, context, duplicate=removed)
    for decision in (same_school, other, gone):
        assert not decision.allowed and "3.3" in _clauses(decision)


@pytest.mark.clause("F3")
def test_f3_submitted_needs_signatures_and_seal(record: Record, context: Context) -> None:
    form = prefill_f3(record, context)
    assert len(validate(form, record, context, submitted=True).reasons) == 4
    signed = attrs.evolve(
        form,
        student_signature=Signature(signed=True),
        parent_signature=Signature(signed=True),
        principal_signature=Signature(signed=True),
        school_sealed=True,
    )
    assert validate(signed, record, context, submitted=True).allowed


@pytest.mark.clause("F3", "4")
def test_f3_for_another_student_or_grade(record: Record, context: Context) -> None:
    other = attrs.evolve(record, student=_other_student())
    assert "F3" in _clauses(validate(prefill_f3(other, context), record, context))
    moved = attrs.evolve(prefill_f3(record, context), grade=_grade(5))
    assert "F3" in _clauses(validate(moved, record, context))


@pytest.mark.clause("7.1", "F4")
@pytest.mark.parametrize(
    ("org", "level", "ok"),
    [
        ("凉山州教育局", "州", True),
        ("成都市教育局", "州", False),
        ("西昌市教育局", "县", True),
        ("木里县教育局", "县", True),
        ("成都市武侯区教育局", "县", False),
        ("西昌市示例第一小学", "校", True),
    ],
)
def test_f4_level_and_organisation(org: str, level: str, ok: bool) -> None:
    decision = validate(prefill_f4(org, level))
    assert decision.allowed is ok
    assert "7.1" in _clauses(decision)


@pytest.mark.clause("F4")
def test_f4_submitted_needs_seal_and_signature() -> None:
    form = prefill_f4("西昌市教育局", "县")
    assert _clauses(validate(form, submitted=True)) == {"F4"}
    signed = attrs.evolve(form, sealed=True, responsible_signature=Signature(signer="某某"))
    assert validate(signed, submitted=True).allowed


def test_validate_bad_input(record: Record, context: Context) -> None:
    with pytest.raises(InvalidInput):
        validate(prefill_f1(record, context))  # no record
    with pytest.raises(InvalidInput):
        validate(prefill_f1(record, context), record, context, materials=["x"])  # F2's option
    with pytest.raises(InvalidInput):
        validate(prefill_f4("凉山州教育局", "州"), record)
    with pytest.raises(InvalidInput):
        validate("附表1", record, context)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        validate(prefill_f2(record, context), record, context, materials="diagnosis")


# --------------------------------------------------------------------------------------------------
# Privacy: the form prints personal data, its repr never does (8.2)


def _forms_of(record: Record, context: Context) -> list[object]:
    return [prefill_f1(record, context), prefill_f2(record, context), prefill_f3(record, context)]


@pytest.mark.clause("8.2")
@given(student=students())
def test_repr_of_forms_masks_personal_data(student: Student) -> None:
    record = attrs.evolve(example_record(), student=student)
    context = example_context()
    for form in _forms_of(record, context):
        text = repr(form)
        if len(student.name) > 1:
            assert student.name not in text
        if student.identity_number is not None:
            assert student.identity_number.reveal() not in text
        assert student.student_number.reveal() not in text
        for g in student.guardians:
            if len(g.phone) >= 3:
                assert g.phone not in text
        if len(student.address) > 1:
            assert student.address not in text


@pytest.mark.clause("8.2")
def test_repr_hides_the_family_reason(record: Record, context: Context) -> None:
    form = attrs.evolve(
        prefill_f2(record, context),
        suspension=attrs.evolve(prefill_f2(record, context).suspension, reason="白血病住院治疗"),
    )
    assert "白血病" not in repr(form)


@pytest.mark.clause("F1", "F2", "F3")
def test_forms_print_the_full_values(record: Record, context: Context) -> None:
    for form in _forms_of(record, context):
        text = render(form, "html")  # type: ignore[arg-type]
        for value in record_values(record, context, form.form_id):  # type: ignore[attr-defined]
            assert html.escape(value) in text


# --------------------------------------------------------------------------------------------------
# Rendering


def _all_forms(record: Record, suspended: Record, context: Context) -> dict[str, object]:
    return {
        "F1": prefill_f1(record, context),
        "F2": prefill_f2(suspended, context, sides="both"),
        "F3": prefill_f3(record, context),
        "F4": prefill_f4("西昌市教育局", "县"),
    }


@pytest.mark.clause("F1", "F2", "F3", "F4")
@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_every_label_and_value_is_rendered(
    record: Record, suspended: Record, context: Context, fmt: str
) -> None:
    for form_id, form in _all_forms(record, suspended, context).items():
        text = render(form, fmt)  # type: ignore[arg-type]
        if fmt == "html":
            text = html.unescape(re.sub(r"<[^>]+>", "", text))
        else:
            text = text.replace("\\", "")
        body = flat(text)
        rec = suspended if form_id == "F2" else record
        for label in FORM_LABELS[form_id]:
            assert flat(label) in body, (form_id, fmt, label)
        for value in record_values(rec, context, form_id):
            assert flat(value) in body, (form_id, fmt, value)


@pytest.mark.clause("F1", "F2", "F3", "F4")
def test_html_is_printable_a4_with_cjk_fonts(
    record: Record, suspended: Record, context: Context
) -> None:
    for form in _all_forms(record, suspended, context).values():
        text = render(form, "html")  # type: ignore[arg-type]
        assert text.startswith("<!DOCTYPE html>")
        assert '<html lang="zh-CN">' in text and '<meta charset="utf-8">' in text
        assert re.search(r"@page\s*\{\s*size:\s*A4;\s*margin:", text)
        family = re.search(r"font-family:([^;]+);", text)
        assert family is not None
        for font in ("SimSun", "Songti SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "serif"):
            assert font in family.group(1)
    assert "border: 1px solid #000" in render(prefill_f1(record, context), "html")


def test_render_is_deterministic(record: Record, context: Context) -> None:
    for fmt in ("html", "md", "txt"):
        assert render(prefill_f1(record, context), fmt) == render(
            prefill_f1(example_record(), example_context()), fmt
        )


def test_render_bad_input(record: Record, context: Context) -> None:
    with pytest.raises(InvalidInput) as info:
        render(prefill_f1(record, context), "pdf")
    assert info.value.where == "format"
    with pytest.raises(InvalidInput):
        render(record, "html")  # type: ignore[arg-type]
    assert render(prefill_f1(record, context), "Markdown").startswith("附表 1")


_EVIL = "<script>alert(1)</script>"


def _evil_record() -> Record:
    student = attrs.evolve(
        example_student(), name=_EVIL, address="a | b *c* _d_ [x](y) `z` \\ <b>bold</b>\nline2"
    )
    return attrs.evolve(example_record(), student=student)


@pytest.mark.clause("F1", "F2", "F3")
def test_html_escapes_user_data(context: Context) -> None:
    evil = _evil_record()
    for form in _forms_of(evil, context):
        text = render(form, "html")  # type: ignore[arg-type]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "<script>alert" not in text and "<script" not in text
        assert "<b>bold" not in text
    org = render(prefill_f4("<img src=x onerror=alert(1)>", "校"), "html")
    assert "<img src=x" not in org and "&lt;img src=x" in org


@pytest.mark.clause("F1")
def test_markdown_escapes_user_data(context: Context) -> None:
    text = render(prefill_f1(_evil_record(), context), "md")
    assert "<script" not in text and "&lt;script&gt;" in text
    address = next(line for line in text.splitlines() if line.startswith("| 家庭地址 |"))
    # two cells: exactly three unescaped pipes; the value's | is escaped and its line break is <br>
    assert len(re.findall(r"(?<!\\)\|", address)) == 3
    assert (
        "a \\| b \\*c\\* \\_d\\_ \\[x\\](y) \\`z\\` \\\\ &lt;b&gt;bold&lt;/b&gt;<br>line2"
        in address
    )


def test_text_output_drops_control_characters(context: Context) -> None:
    student = attrs.evolve(example_student(), address="西昌\x1b[31m红\x07")
    rec = attrs.evolve(example_record(), student=student)
    text = render(prefill_f1(rec, context), "txt")
    assert "\x1b" not in text and "\x07" not in text and "西昌\ufffd[31m红\ufffd" in text


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.tags: list[str] = []

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


_TEMPLATE_TAGS = {"html", "head", "meta", "title", "style", "body", "div", "p", "h1", "table"}
_TEMPLATE_TAGS |= {"colgroup", "col", "tr", "td", "span", "br", "img"}

#: Text built from the pieces that break HTML and Markdown, mixed with arbitrary characters.
_TOKENS = ["<", ">", "&", "&amp;", "<b>", "</td>", "<script>", "|", "*", "_", "`", "\\", "[x](y)"]
_TOKENS += ['"', "'", "#", "吉克", "a", " "]
_names = (
    st.lists(
        st.one_of(
            st.sampled_from(_TOKENS),
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=3),
        ),
        min_size=1,
        max_size=8,
    )
    .map("".join)
    .filter(lambda s: s.strip() != "")
)


@pytest.mark.clause("F1")
@given(name=_names, address=_names)
def test_any_user_text_prints_as_text(name: str, address: str) -> None:
    student = attrs.evolve(example_student(), name=name, address=address)
    rec = attrs.evolve(example_record(), student=student)
    form = prefill_f1(rec, example_context())
    parser = _Text()
    parser.feed(render(form, "html"))
    text = "".join(parser.chunks)
    assert name in text and address in text
    assert set(parser.tags) <= _TEMPLATE_TAGS  # user data never became markup
    md = render(form, "md")
    for label, value in (("姓名", name), ("家庭地址", address)):
        row = next(line for line in md.splitlines() if line.startswith(f"| {label} |"))
        assert len(re.findall(r"(?<!\\)\|", row.replace("\\\\", ""))) == 3
        assert escape_markdown(value) in row


def test_templates_ship_with_the_package() -> None:
    from importlib.resources import files

    folder = files("liangshan_xueji.forms").joinpath("templates")
    names = {p.name for p in folder.iterdir()}
    for stem in ("f1", "f2", "f3", "f4"):
        assert {f"{stem}.html.j2", f"{stem}.md.j2", f"{stem}.txt.j2"} <= names


# --------------------------------------------------------------------------------------------------
# The sample


def test_example_is_fictional_valid_and_deterministic() -> None:
    assert example_record() == example_record()
    assert example_suspended_record() == example_suspended_record()
    assert example_context() == example_context()
    student = example_student()
    assert student.identity_number is not None
    assert IdentityNumber(student.identity_number.reveal()) == student.identity_number
    assert all("示例" in s.name for s in example_schools())
    assert {s.county for s in example_schools()} == {"西昌市", "德昌县"}
    assert "虚构" in FICTIONAL_NOTICE
    import liangshan_xueji.examples as examples

    assert examples.__doc__ is not None and "FICTIONAL" in examples.__doc__
    suspended = example_suspended_record()
    assert suspended.status is Status.SUSPENDED and len(suspended.history) == 1


# --------------------------------------------------------------------------------------------------
# The command: `xueji form`


@pytest.fixture
def xueji() -> Callable[..., int]:
    assert add_parser in cli._SUBCOMMANDS  # wired into the command
    return lambda *argv: cli.main(list(argv))


def test_add_parser_on_a_plain_subparsers_object() -> None:
    parser = argparse.ArgumentParser(prog="x")
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["form", "f2", "--example", "--side", "复学", "--format", "md"])
    assert (args.form_id, args.side, args.format, args.example) == ("F2", "复学", "md", True)


@pytest.mark.clause("F1")
def test_cli_example_writes_a_printable_form(
    xueji: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "f1.html"
    assert xueji("form", "F1", "--example", "--out", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert "义务教育阶段学生转学申请登记表" in text and "吉克阿依" in text
    err = capsys.readouterr().err
    assert "虚构" in err and "允许" in err


@pytest.mark.clause("F2", "F3", "F4")
@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["F2", "--example", "--side", "复学", "--format", "txt"], "复学年级班级：小学四年级2班"),
        (["F2", "--example", "--side", "both", "--format", "md"], "2020年9月14日至2021年9月14日"),
        (["F3", "--example", "--format", "md"], "| 就读学校名称 | 西昌市示例第一小学 |"),
        (
            ["F4", "--org", "凉山州教育局", "--level", "州", "--format", "txt"],
            "凉山州教育局 教育行政部门",
        ),
        (["F4", "--example", "--format", "txt"], "西昌市教育局 教育行政部门"),
    ],
)
def test_cli_forms_to_stdout(
    xueji: Callable[..., int], capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    assert xueji("form", *argv) == 0
    assert needle in capsys.readouterr().out


def _files(tmp_path: Path, record: Record) -> tuple[str, str]:
    rec = tmp_path / "record.json"
    rec.write_text(to_json(record), encoding="utf-8")
    schools = tmp_path / "schools.json"
    schools.write_text(
        json.dumps([to_dict(s) for s in example_schools()], ensure_ascii=False), encoding="utf-8"
    )
    return str(rec), str(schools)


@pytest.mark.clause("2.1.6.4", "F1")
def test_cli_refused_writes_nothing_unless_forced(
    xueji: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rec, schools = _files(tmp_path, example_suspended_record())
    argv = ["form", "F1", "--record", rec, "--schools", schools, "--on", "2021-03-01"]
    assert xueji(*argv) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "2.1.6.4" in captured.err and "--force" in captured.err
    out = tmp_path / "f1.md"
    assert xueji(*argv, "--force", "--format", "md", "--out", str(out)) == 1
    assert "吉克阿依" in out.read_text(encoding="utf-8")


def test_cli_record_file_round_trip(
    xueji: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rec, schools = _files(tmp_path, example_record())
    assert xueji("form", "F1", "--record", rec, "--schools", schools, "--on", "2021-03-01") == 0
    assert "西昌市示例第一小学" in capsys.readouterr().out
    assert (
        xueji("form", "F2", "--record", rec, "--on", "2021-03-01", "--material", "diagnosis") == 0
    )
    err = capsys.readouterr().err
    assert "缴费单据" in err and "县级以上医疗机构诊断证明" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["F1"],
        ["F5", "--example"],
        ["F1", "--example", "--side", "休学"],
        ["F2", "--example", "--org", "x"],
        ["F4", "--org", "凉山州教育局"],
        ["F4", "--org", "x", "--level", "省"],
        ["F4", "--example", "--record", "r.json"],
        ["F1", "--example", "--format", "pdf"],
        ["F1", "--example", "--on", "2021-02-30"],
        ["F1", "--record", "r.json"],
        ["F1", "--example", "--record", "r.json"],
    ],
)
def test_cli_bad_arguments_exit_2(
    xueji: Callable[..., int], capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        xueji("form", *argv)
    assert info.value.code == 2
    assert "error" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "zh"),
    [
        ('{"student": ', "不是有效的 JSON"),
        ('{"student": 1}', "无法读取 Record"),
        (None, "无法读取文件"),
    ],
)
def test_cli_bad_record_file_exits_2_bilingual(
    xueji: Callable[..., int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    zh: str,
) -> None:
    path = tmp_path / "record.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert xueji("form", "F2", "--record", str(path)) == 2
    err = capsys.readouterr().err
    assert zh in err and " / " in err and str(path) in err


def test_cli_bad_schools_file_exits_2(
    xueji: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rec, _ = _files(tmp_path, example_record())
    bad = tmp_path / "schools.json"
    bad.write_text('[{"code": "1"}]', encoding="utf-8")
    assert xueji("form", "F1", "--record", rec, "--schools", str(bad)) == 2
    assert "[0]" in capsys.readouterr().err
    bad.write_text("{}", encoding="utf-8")
    assert xueji("form", "F1", "--record", rec, "--schools", str(bad)) == 2


def test_cli_unwritable_out_exits_2(xueji: Callable[..., int], tmp_path: Path) -> None:
    assert xueji("form", "F1", "--example", "--out", str(tmp_path / "no" / "f1.html")) == 2


@pytest.mark.clause("F2")
def test_f2_prints_the_schools_seal_in_the_resumption_opinion_and_says_why(
    suspended: Record, context: Context
) -> None:
    """The seed prints 监护人签名 in the 复学 side of the 学校意见 row; the library prints 学校(章) there
    (as on the 休学 side; note 2: the school signs and seals) and says so in F2_PRINTING_NOTES and the
    forms page of the docs."""
    from pathlib import Path

    from liangshan_xueji.forms.f2 import F2_PRINTING_NOTES

    form = prefill_f2(suspended, context, sides="both")
    for fmt in ("txt", "html"):
        text = flat(render(form, fmt))
        assert text.count("监护人签名") == 2, fmt  # the reason row of each side, not a third time
        assert text.count("学校(章)") == 2, fmt  # the 学校意见 row of each side
        opinion = text[text.index("学校意见") :]
        assert "监护人签名" not in opinion[: opinion.index("主管教育局意见")], fmt
    (zh, en), *_ = F2_PRINTING_NOTES
    assert "监护人签名" in zh and "学校(章)" in zh and "说明 2" in zh and "note 2" in en
    docs = (Path(__file__).resolve().parent.parent / "docs" / "forms.md").read_text(
        encoding="utf-8"
    )
    assert "F2_PRINTING_NOTES" in docs and "誊写错误" in docs
