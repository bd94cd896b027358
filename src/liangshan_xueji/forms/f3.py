"""附表3 学生实际在校就读证明表 — proof of actual attendance (clauses 3.3, F3).

In a duplicate enrollment (重复招生) the school the student actually attends uploads this form as its
evidence; the other school deletes its record and both schools' authorities act (3.3). The form is issued
by the school of an enrolled (在校) record, about that record.
"""

from __future__ import annotations

import datetime as _dt
from typing import ClassVar

import attrs

from ..decisions import Decision, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..policy.duplicates import duplicate_pair_reasons
from ..records.models import Grade, IdentityNumber, Record, Sex, Status
from ..records.status import Context
from ._common import (
    Signature,
    check_date,
    check_record_and_context,
    check_str,
    instance_of,
    masked_name,
    masked_year,
    optional,
    student_reasons,
)

__all__ = ["AttendanceProofForm", "prefill_f3", "validate_f3"]


@attrs.frozen(kw_only=True)
class AttendanceProofForm:
    """附表3 学生实际在校就读证明表, every field of the original table.

    学生姓名, 性别, 出生日期, 身份证号, 就读学校名称, 年级, 班级; 学生签字, 家长签字 and their date (年 月 日);
    学校校长签字, 学校名称（盖章） and its date. ``school_code`` names the issuing school (it is not printed:
    the seal identifies the school on paper). Personal data is masked in ``repr``.
    """

    form_id: ClassVar[str] = "F3"
    title: ClassVar[str] = "学生实际在校就读证明表"
    notes: ClassVar[tuple[str, ...]] = ()

    student_name: str = attrs.field(default="", validator=check_str, repr=masked_name)
    sex: Sex | None = attrs.field(default=None, validator=optional(instance_of(Sex)))
    birth_date: _dt.date | None = attrs.field(default=None, validator=check_date, repr=masked_year)
    identity_number: IdentityNumber | None = attrs.field(
        default=None, validator=optional(instance_of(IdentityNumber))
    )
    school_code: str = attrs.field(default="", validator=check_str)
    school_name: str = attrs.field(default="", validator=check_str)
    grade: Grade | None = attrs.field(default=None, validator=optional(instance_of(Grade)))
    class_name: str = attrs.field(default="", validator=check_str)
    student_signature: Signature = attrs.field(factory=Signature, validator=instance_of(Signature))
    parent_signature: Signature = attrs.field(factory=Signature, validator=instance_of(Signature))
    signed_on: _dt.date | None = attrs.field(default=None, validator=check_date)
    principal_signature: Signature = attrs.field(
        factory=Signature, validator=instance_of(Signature)
    )
    school_sealed: bool = attrs.field(default=False, validator=instance_of(bool))
    school_signed_on: _dt.date | None = attrs.field(default=None, validator=check_date)


@implements("F3")
def prefill_f3(
    record: Record, context: Context, *, school_code: str | None = None
) -> AttendanceProofForm:
    """附表3 filled with everything ``record`` and the schools of ``context`` know.

    The issuing school is ``school_code`` (default: the record's school); its name comes from
    ``context.schools`` (blank when unknown) and fills both 就读学校名称 and 学校名称（盖章）. Left blank
    for handwriting: every signature, the seal and the dates.
    """
    if not isinstance(record, Record):
        raise InvalidInput("record 应为 Record", "record must be a Record", where="record")
    if not isinstance(context, Context):
        raise InvalidInput("context 应为 Context", "context must be a Context", where="context")
    code = record.school_code if school_code is None else school_code
    if not isinstance(code, str) or not code.strip():
        raise InvalidInput(
            "学校代码不能为空", "the school code must not be empty", where="school_code"
        )
    school = context.schools.get(code)
    student = record.student
    return AttendanceProofForm(
        student_name=student.name,
        sex=student.sex,
        birth_date=student.birth_date,
        identity_number=student.identity_number,
        school_code=code,
        school_name=school.name if school is not None else "",
        grade=record.grade,
        class_name=record.class_name,
    )


@implements("F3", "3.3")
def validate_f3(
    form: AttendanceProofForm,
    record: Record,
    context: Context,
    *,
    submitted: bool = False,
    duplicate: Record | None = None,
) -> Decision:
    """Whether ``form`` may prove that ``record``'s student actually attends its school (3.3).

    Refused, with every reason: another student, or key data that disagree (F3, 4); a record that is not
    在校 — only the school actually attended has a live record to prove (3.3); a form issued by another
    school than the record's, or naming another school, grade or class (3.3, F3). ``duplicate``, when
    given, is the other school's record, which must be the same student's, at another school, and not
    already removed (3.3). ``submitted=True`` also needs the student's, the parent's and the principal's
    signatures and the school's seal.
    """
    check_record_and_context(record, context)
    if not isinstance(form, AttendanceProofForm):
        raise InvalidInput("form 应为附表3", "form must be an AttendanceProofForm", where="form")
    reasons = student_reasons(
        "F3",
        record,
        name=form.student_name,
        sex=form.sex,
        birth_date=form.birth_date,
        identity_number=form.identity_number,
    )
    if record.status is not Status.ENROLLED:
        reasons.append(
            Reason(
                "3.3",
                f"只有在校学籍可以出具实际就读证明（现为“{record.status.zh}”）",
                f"only an enrolled record can be proved by attendance (now {record.status.en})",
            )
        )
    if not form.school_code:
        reasons.append(
            Reason("F3", "未指明出具证明的学校", "the form does not name the issuing school")
        )
    elif form.school_code != record.school_code:
        reasons.append(
            Reason(
                "3.3",
                "附表3 须由学生学籍所在的实际就读学校出具",
                "附表3 is issued by the school the student actually attends, where the record is",
            )
        )
    school = context.schools.get(record.school_code)
    if school is not None and form.school_name and form.school_name != school.name:
        reasons.append(
            Reason("F3", "就读学校名称与学籍所在学校不符", "the school named is not the record's")
        )
    if (form.grade is not None and form.grade != record.grade) or (
        form.class_name and form.class_name != record.class_name
    ):
        reasons.append(
            Reason("F3", "年级或班级与学籍不符", "the grade or class is not the record's")
        )
    if duplicate is not None:
        reasons += _duplicate_reasons(record, duplicate)
    if submitted:
        for signature, zh, en in (
            (form.student_signature, "学生尚未签字", "the student has not signed"),
            (form.parent_signature, "家长尚未签字", "the parent has not signed"),
            (form.principal_signature, "学校校长尚未签字", "the principal has not signed"),
        ):
            if not signature.signed:
                reasons.append(Reason("F3", zh, en))
        if not form.school_sealed:
            reasons.append(Reason("F3", "学校尚未盖章", "the school's seal is missing"))
    if reasons:
        return Decision.refuse(*reasons)
    return Decision.allow(
        Reason(
            "3.3",
            "实际就读学校上传附表3作为佐证，对方学校删除重复学籍，双方学校教育主管部门核办",
            "the school attended uploads 附表3 as evidence; the other school deletes its record and "
            "both schools' authorities act",
        )
    )


def _duplicate_reasons(record: Record, duplicate: Record) -> list[Reason]:
    if not isinstance(duplicate, Record):
        raise InvalidInput("duplicate 应为 Record", "duplicate must be a Record", where="duplicate")
    return duplicate_pair_reasons(record, duplicate)
