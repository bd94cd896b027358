"""Pieces shared by the four forms (附表1–4): the student block, guardian rows, signatures, opinions.

表格共用部分。Personal data (names, ID and student numbers, phone numbers, addresses, the reasons a
family writes) prints in full on the form — printing it is the form's purpose and an explicit request —
but every ``repr`` masks it (clauses 7.1, 8.2).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import attrs

from .._validators import (
    check_type,
    collection_of,
    date_field,
    of,
    optional,
    text,
    to_tuple,
    where,
)
from ..decisions import Reason
from ..errors import InvalidInput
from ..records._privacy import mask_id, mask_name, mask_phone
from ..records.models import Guardian, IdentityNumber, Record, Sex, Student, StudentNumber
from ..records.status import Context

__all__ = [
    "GuardianRow",
    "Opinion",
    "Signature",
    "StudentInfo",
    "check_date",
    "check_nonempty",
    "check_record_and_context",
    "check_str",
    "format_date",
    "instance_of",
    "optional",
    "student_reasons",
    "to_tuple",
    "tuple_of",
]


# --------------------------------------------------------------------------------------------------
# Validators and masked reprs


#: Validators (shared with the models: ``liangshan_xueji._validators``).
check_str = of(str)  # a str, possibly empty: a blank left for handwriting
check_nonempty = text()
instance_of = of
check_date = optional(date_field)  # None or a date that is not a datetime
tuple_of = collection_of


def masked_name(value: str) -> str:
    """repr of a name: ``'吉***'`` (clause 8.2)."""
    return repr(mask_name(value))


def masked_phone(value: str) -> str:
    """repr of a phone number: ``'139****0001'``."""
    return repr(mask_phone(value))


def redacted(value: str) -> str:
    """repr of free text a family or school writes (it may hold health data): its length only."""
    return f"<{len(value)} 字 chars>" if value else "''"


def masked_year(value: _dt.date | None) -> str:
    """repr of a birth date: the year only, as :class:`~liangshan_xueji.records.models.Student` shows it."""
    return "None" if value is None else f"'{value.year}-**-**'"


def format_date(value: _dt.date | None) -> str:
    """``2021年3月1日``; empty for ``None`` (a blank for handwriting)."""
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


# --------------------------------------------------------------------------------------------------
# Signatures and opinions


def _signed_default(self: Signature) -> bool:
    # runs before the validators: a signer that is not text is refused by its validator, not here
    return isinstance(self.signer, str) and bool(self.signer.strip())


@attrs.frozen(kw_only=True)
class Signature:
    """A handwritten signature (签名/签字). Blank on a prefilled form.

    ``signed`` says the paper bears the signature (e.g. when a filled-in scan is checked); ``signer`` is
    the name written, when it is recorded, and makes ``signed`` default to True. Masked in ``repr``.
    """

    signer: str = attrs.field(default="", validator=check_str, repr=masked_name)
    signed: bool = attrs.field(
        default=attrs.Factory(_signed_default, takes_self=True), validator=instance_of(bool)
    )

    def __attrs_post_init__(self) -> None:
        if self.signer.strip() and not self.signed:
            raise InvalidInput(
                "写明了签名人却标记为未签名",
                "a signer is named but the signature is marked as absent",
                where="Signature.signed",
            )


@attrs.frozen(kw_only=True)
class Opinion:
    """An opinion box of a school or an authority (意见 + （章） + 年 月 日). Blank on a prefilled form.

    ``agrees`` is ``None`` while no opinion is written, else whether the party agrees (同意/不同意);
    ``text`` is any further wording; ``sealed`` whether the seal (章) is on it; ``signed_on`` the date
    written. :attr:`complete` — an opinion signed and sealed — is what 附表1 说明 2 and 附表2 说明 2 ask.
    """

    agrees: bool | None = attrs.field(default=None, validator=optional(instance_of(bool)))
    text: str = attrs.field(default="", validator=check_str, repr=redacted)
    sealed: bool = attrs.field(default=False, validator=instance_of(bool))
    signed_on: _dt.date | None = attrs.field(default=None, validator=check_date)

    @property
    def complete(self) -> bool:
        """An opinion is given (``agrees`` set) and the seal is on it. 已签署意见并盖章。"""
        return self.agrees is not None and self.sealed

    @property
    def approves(self) -> bool:
        """The party agrees, signed and sealed. 同意并盖章。"""
        return self.complete and self.agrees is True

    @property
    def display(self) -> str:
        """What the box says: the text, else 同意/不同意, else blank."""
        if self.text:
            return self.text
        if self.agrees is None:
            return ""
        return "同意" if self.agrees else "不同意"


# --------------------------------------------------------------------------------------------------
# Guardian rows and the student block of 附表1 and 附表2


@attrs.frozen(kw_only=True)
class GuardianRow:
    """One row of 父母或监护人情况: 称谓, 姓名, 工作单位, 联系电话. Name and phone masked in ``repr``."""

    relation: str = attrs.field(default="", validator=check_str)
    name: str = attrs.field(default="", validator=check_str, repr=masked_name)
    employer: str = attrs.field(default="", validator=check_str)
    phone: str = attrs.field(default="", validator=check_str, repr=masked_phone)

    @classmethod
    def from_guardian(cls, guardian: Guardian) -> GuardianRow:
        """The row of a record's :class:`~liangshan_xueji.records.models.Guardian`."""
        check_type(guardian, "guardian", Guardian)
        return cls(
            relation=guardian.relation,
            name=guardian.name,
            employer=guardian.employer,
            phone=guardian.phone,
        )


_PHOTO = re.compile(r"data:image/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}")


def _check_photo(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_str(inst, attribute, value)
    assert isinstance(value, str)
    if value and not _PHOTO.fullmatch(value):
        raise InvalidInput(
            "照片应为 data:image/png 或 data:image/jpeg 的 base64 数据，或留空",
            "the photo must be a data:image/png or data:image/jpeg base64 URI, or empty",
            where=where(inst, attribute),
        )


def _photo_repr(value: str) -> str:
    return "<photo>" if value else "''"


@attrs.frozen(kw_only=True)
class StudentInfo:
    """The student block shared by 附表1 and 附表2: 姓名, 性别, 照片, 出生日期, 民族, 学籍号, 居民身份证号,
    户籍所在地, 家庭地址 and the rows of 父母或监护人情况 (附表2: 监护人情况).

    Every field may be blank (``""``/``None``) for handwriting. ``photo`` is a ``data:image/png`` or
    ``data:image/jpeg`` base64 URI, or empty to print the box a photo is pasted into (a record carries no
    photo: clause 1.4's photos live in the national system). Personal data is masked in ``repr``.
    """

    name: str = attrs.field(default="", validator=check_str, repr=masked_name)
    sex: Sex | None = attrs.field(default=None, validator=optional(instance_of(Sex)))
    photo: str = attrs.field(default="", validator=_check_photo, repr=_photo_repr)
    birth_date: _dt.date | None = attrs.field(default=None, validator=check_date, repr=masked_year)
    ethnicity: str = attrs.field(default="", validator=check_str)
    student_number: StudentNumber | None = attrs.field(
        default=None, validator=optional(instance_of(StudentNumber))
    )
    identity_number: IdentityNumber | None = attrs.field(
        default=None, validator=optional(instance_of(IdentityNumber))
    )
    household_registration: str = attrs.field(default="", validator=check_str)
    address: str = attrs.field(default="", validator=check_str, repr=masked_name)
    guardians: tuple[GuardianRow, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(GuardianRow)
    )

    @classmethod
    def from_student(cls, student: Student) -> StudentInfo:
        """Everything the record's :class:`~liangshan_xueji.records.models.Student` knows, filled in."""
        check_type(student, "student", Student)
        return cls(
            name=student.name,
            sex=student.sex,
            birth_date=student.birth_date,
            ethnicity=student.ethnicity,
            student_number=student.student_number,
            identity_number=student.identity_number,
            household_registration=student.household_registration,
            address=student.address,
            guardians=tuple(GuardianRow.from_guardian(g) for g in student.guardians),
        )


# --------------------------------------------------------------------------------------------------
# Is this form about this record's student?


def student_reasons(
    clause: str,
    record: Record,
    *,
    name: str,
    sex: Sex | None,
    birth_date: _dt.date | None,
    identity_number: IdentityNumber | None,
    student_number: StudentNumber | None = None,
    ethnicity: str = "",
) -> list[Reason]:
    """Every reason why a form's student is not ``record``'s student, or disagrees with its key data.

    A different 学籍号 or 居民身份证号 (or, when the form carries neither, a different name or birth date)
    is another student: refused under the form's own clause (``F1``…). The same student with a
    different 姓名, 性别, 出生日期 or 民族 disagrees with the record's key data, which changes only on a
    police household-registration proof (clause 4). Blank fields are not compared. Messages hold no
    personal data (masked numbers only).
    """
    student = record.student
    reasons: list[Reason] = []
    other = False
    if student_number is not None and student_number != student.student_number:
        other = True
        reasons.append(
            Reason(
                clause,
                f"表上的学籍号 {student_number.masked} 与学籍的 {student.student_number.masked} "
                "不同：这是另一名学生的表",
                f"the form's student number {student_number.masked} is not the record's "
                f"{student.student_number.masked}: the form is for another student",
            )
        )
    if (
        identity_number is not None
        and student.identity_number is not None
        and identity_number != student.identity_number
    ):
        other = True
        reasons.append(
            Reason(
                clause,
                f"表上的身份证号 {mask_id(identity_number.reveal())} 与学籍的 "
                f"{student.identity_number.masked} 不同：这是另一名学生的表",
                f"the form's ID number {mask_id(identity_number.reveal())} is not the record's "
                f"{student.identity_number.masked}: the form is for another student",
            )
        )
    if identity_number is not None and student.identity_number is None:
        other = True
        reasons.append(
            Reason(
                clause,
                "表上有身份证号，而该学籍没有身份证号：无法确认是同一名学生",
                "the form has an ID number and the record has none: not the same student",
            )
        )
    if other:
        return reasons
    numbered = student_number is not None or identity_number is not None
    key_data: list[tuple[str, str, bool]] = [
        ("姓名", "name", bool(name) and name != student.name),
        ("性别", "sex", sex is not None and sex is not student.sex),
        ("出生日期", "birth date", birth_date is not None and birth_date != student.birth_date),
        ("民族", "ethnicity", bool(ethnicity) and ethnicity != student.ethnicity),
    ]
    differing = [(zh, en) for zh, en, differs in key_data if differs]
    if not differing:
        return reasons
    zh_list = "、".join(zh for zh, _ in differing)
    en_list = ", ".join(en for _, en in differing)
    if not numbered and any(en in ("name", "birth date") for _, en in differing):
        reasons.append(
            Reason(
                clause,
                f"表上没有学籍号和身份证号，{zh_list}与学籍不同：这是另一名学生的表",
                f"the form has no student or ID number and its {en_list} differ from the "
                "record's: the form is for another student",
            )
        )
        return reasons
    reasons.append(
        Reason(
            "4",
            f"表上的{zh_list}与学籍不一致；关键数据只能凭公安部门的户籍证明变更",
            f"the form's {en_list} disagree with the record; key data changes only on a police "
            "household-registration proof",
        )
    )
    return reasons


def check_record_and_context(record: object, context: object) -> None:
    """The record and the context a form is validated against: :class:`InvalidInput` naming the one
    that is not a :class:`Record` / :class:`Context`."""
    check_type(record, "record", Record)
    check_type(context, "context", Context)
