"""附表1 义务教育阶段学生转学申请登记表 — the transfer application (clauses 2.1, 2.1.1, F1).

The receiving school uploads this form, with the sending school's basic information sheet, as the whole
evidence of a transfer (2.1.1: nothing more may be asked of the family). Used so in the national system,
only the receiving school signs its opinion and seals it (说明 2); for any other use the local education
authority decides which parties sign and seal (说明 3), and :func:`prefill_f1` adds a box for each.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable
from typing import ClassVar

import attrs

from .._validators import check_items
from ..decisions import Decision, Material, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..policy.transfer import TRANSFER_MATERIALS, transfer_blockers
from ..records.models import Grade, Record, School, Status
from ..records.status import Context
from ._common import (
    Opinion,
    Signature,
    StudentInfo,
    check_date,
    check_nonempty,
    check_record_and_context,
    check_str,
    instance_of,
    redacted,
    student_reasons,
    to_tuple,
    tuple_of,
)

__all__ = [
    "F1_NOTES",
    "RECEIVING_SCHOOL",
    "F1Use",
    "PartyOpinion",
    "TransferApplicationForm",
    "prefill_f1",
    "validate_f1",
]

#: The party whose opinion and seal 附表1 always carries (拟转入学校意见).
RECEIVING_SCHOOL = "拟转入学校"

#: 附表1's three notes (说明), quoted.
F1_NOTES: tuple[str, str, str] = (
    "本申请表可作为转学联系信息和转学电子证明材料使用。",
    "全国学籍系统使用本申请表作为转学电子证明材料时，只需拟转入学校签署意见和盖章。",
    "用于其他用途时，由当地教育主管部门确定需要签署意见和盖章的各方单位。",
)


class F1Use(enum.Enum):
    """What 附表1 is used for: the national system's evidence (说明 2) or another use (说明 3)."""

    NATIONAL_SYSTEM = "national_system"
    OTHER = "other"

    @classmethod
    def parse(cls, value: F1Use | str) -> F1Use:
        """``F1Use`` from itself or its value; :class:`InvalidInput` otherwise."""
        if isinstance(value, F1Use):
            return value
        for use in cls:
            if value == use.value:
                return use
        raise InvalidInput(
            f"未知的用途 {value!r}（应为 national_system 或 other）",
            f"unknown use {value!r} (national_system or other)",
            where="use",
        )


def _use(value: F1Use | str) -> F1Use:
    return F1Use.parse(value)


@attrs.frozen(kw_only=True)
class PartyOpinion:
    """An opinion box of a further party that the local authority asked for (附表1 说明 3)."""

    party: str = attrs.field(validator=check_nonempty)
    opinion: Opinion = attrs.field(factory=Opinion, validator=instance_of(Opinion))


@attrs.frozen(kw_only=True)
class TransferApplicationForm:
    """附表1 义务教育阶段学生转学申请登记表, every field of the original table.

    ``student``: 姓名, 性别, 照片, 出生日期, 民族, 学籍号, 居民身份证号, 户籍所在地, 家庭地址 and the rows of
    父母或监护人情况 (称谓, 姓名, 工作单位, 联系电话). ``from_school_name``/``from_school_phone``: 原就读学校
    名称 and 联系电话. ``reason``: 申请转学理由, with ``guardian_signature`` and ``guardian_signed_on``
    (家长或监护人签名, 年 月 日). ``receiving_opinion``: 拟转入学校意见 with 学校（章） and its date.
    ``use`` and ``other_opinions`` record 说明 2/3: the national system needs the receiving school only;
    for another use, the parties the local authority named. Personal data is masked in ``repr``.
    """

    form_id: ClassVar[str] = "F1"
    title: ClassVar[str] = "义务教育阶段学生转学申请登记表"
    notes: ClassVar[tuple[str, ...]] = F1_NOTES

    student: StudentInfo = attrs.field(factory=StudentInfo, validator=instance_of(StudentInfo))
    from_school_name: str = attrs.field(default="", validator=check_str)
    from_school_phone: str = attrs.field(default="", validator=check_str)
    reason: str = attrs.field(default="", validator=check_str, repr=redacted)
    guardian_signature: Signature = attrs.field(factory=Signature, validator=instance_of(Signature))
    guardian_signed_on: _dt.date | None = attrs.field(default=None, validator=check_date)
    receiving_opinion: Opinion = attrs.field(factory=Opinion, validator=instance_of(Opinion))
    use: F1Use = attrs.field(
        default=F1Use.NATIONAL_SYSTEM, converter=_use, validator=instance_of(F1Use)
    )
    other_opinions: tuple[PartyOpinion, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(PartyOpinion)
    )

    def __attrs_post_init__(self) -> None:
        parties = [p.party for p in self.other_opinions]
        if RECEIVING_SCHOOL in parties or len(set(parties)) != len(parties):
            raise InvalidInput(
                "其他签署意见的单位不能重复，也不能再列拟转入学校",
                "further parties must be distinct and must not repeat the receiving school",
                where="TransferApplicationForm.other_opinions",
            )

    @property
    def required_parties(self) -> tuple[str, ...]:
        """The parties that must sign their opinion and seal it, by the form's use.

        The national system: only the receiving school (说明 2). Another use: the receiving school and
        every party the local authority named (说明 3).
        """
        if self.use is F1Use.NATIONAL_SYSTEM:
            return (RECEIVING_SCHOOL,)
        return (RECEIVING_SCHOOL, *(p.party for p in self.other_opinions))

    def opinion_of(self, party: str) -> Opinion | None:
        """The opinion box of ``party``, or ``None`` when the form has none for it."""
        if party == RECEIVING_SCHOOL:
            return self.receiving_opinion
        for p in self.other_opinions:
            if p.party == party:
                return p.opinion
        return None


def _party_names(parties: Iterable[str]) -> tuple[str, ...]:
    names: list[str] = []
    for i, p in enumerate(check_items(parties, "parties")):
        if not isinstance(p, str) or not p.strip():
            raise InvalidInput(
                "单位名称不能为空", "a party's name must not be empty", where=f"parties[{i}]"
            )
        name = p.strip()
        if name != RECEIVING_SCHOOL and name not in names:
            names.append(name)
    return tuple(names)


@implements("F1")
def prefill_f1(
    record: Record,
    context: Context,
    *,
    use: F1Use | str = F1Use.NATIONAL_SYSTEM,
    parties: Iterable[str] = (),
) -> TransferApplicationForm:
    """附表1 filled with everything ``record`` and the schools of ``context`` know.

    Filled: the student block and guardians from the record, 原就读学校名称 from ``context.schools``
    (blank when the context does not know the school). Left blank for handwriting: 照片, 原就读学校联系电话
    (a :class:`~liangshan_xueji.records.models.School` has no phone number), 申请转学理由, every signature, seal
    and date. ``use="other"`` with ``parties`` adds an opinion box for each party the local authority
    named (说明 3) — up to three further parties still print on one A4 page; the national system needs
    none (说明 2), so ``parties`` with that use is an error.
    """
    if not isinstance(record, Record):
        raise InvalidInput("record 应为 Record", "record must be a Record", where="record")
    if not isinstance(context, Context):
        raise InvalidInput("context 应为 Context", "context must be a Context", where="context")
    the_use = F1Use.parse(use)
    names = _party_names(parties)
    if the_use is F1Use.NATIONAL_SYSTEM and names:
        raise InvalidInput(
            "全国学籍系统使用附表1时只需拟转入学校签署意见和盖章（附表1 说明 2），不应再列其他单位",
            "for the national system only the receiving school signs and seals 附表1 (note 2); "
            "name no further party",
            where="parties",
        )
    school = context.schools.get(record.school_code)
    return TransferApplicationForm(
        student=StudentInfo.from_student(record.student),
        from_school_name=school.name if school is not None else "",
        use=the_use,
        other_opinions=tuple(PartyOpinion(party=n) for n in names),
    )


_STUDENT_BARS = frozenset({"2.1.6.3", "2.1.6.4", "2.1.3"})


def _blockers(
    record: Record, context: Context, to_school: str | None, to_class: str | None
) -> list[Reason]:
    """The reasons of 2.1.6 that bar the transfer, via :func:`policy.transfer.transfer_blockers`.

    Without a receiving school only the student's own bars can be checked (毕业年级 2.1.6.3, 休学
    2.1.6.4 and 2.1.3): the check runs against the sending school itself and keeps just those. With a
    receiving school, every bar; the class size (2.1.6.1) only when the receiving class is named.
    """
    sending = context.school(record.school_code, where="record.school_code")
    if to_school is None:
        found = transfer_blockers(
            record, sending, sending, record.grade, record.class_name, context
        )
        return [r for r in found if r.clause in _STUDENT_BARS]
    receiving: School = context.school(to_school, where="to_school")
    if to_school == record.school_code:
        raise InvalidInput(
            "拟转入学校与原就读学校相同",
            "the receiving school is the student's current school",
            where="to_school",
        )
    to_grade: Grade = (
        record.grade.with_system(receiving.system) if record.grade.compulsory else record.grade
    )
    if not receiving.offers(to_grade):
        raise InvalidInput(
            f"{receiving.name}不设{to_grade.label_zh}",
            f"{receiving.name} does not offer {to_grade.label_en}",
            where="to_school",
        )
    found = transfer_blockers(record, sending, receiving, to_grade, to_class or "", context)
    if to_class is None:
        return [r for r in found if r.clause != "2.1.6.1"]
    return list(found)


_NOT_TRANSFERABLE = {
    Status.DECEASED: Reason(
        "2.5", "学籍已操作“死亡”，不可恢复", "the record is marked 死亡 (deceased), never undone"
    ),
    Status.DUPLICATE_REMOVED: Reason(
        "3.3", "该学籍已作为重复学籍删除", "the record was removed as a duplicate"
    ),
}


@implements("F1", "2.1", "2.1.1", "2.1.6.3", "2.1.6.4")
def validate_f1(
    form: TransferApplicationForm,
    record: Record,
    context: Context,
    *,
    submitted: bool = False,
    to_school: str | None = None,
    to_class: str | None = None,
) -> Decision:
    """Whether ``form`` may serve ``record``'s transfer (2.1, 2.1.1, 2.1.6, 附表1 说明 2–3).

    Refused, with every reason: a form for another student or disagreeing with the record's key data
    (F1, 4); a record that is not 在校 (2.1) — a 休学 student first resumes (2.1.6.4, 2.1.3); a
    graduation year (2.1.6.3); with ``to_school`` (and ``to_class``) every other bar of 2.1.6
    (:func:`~liangshan_xueji.policy.transfer.transfer_blockers`); a 原就读学校名称 that is not the
    record's school (F1). ``submitted=True`` checks the filled-in form as the evidence to upload: the
    reason is written, the guardian signed, and every required party (:attr:`required_parties`:
    the receiving school only for the national system, 说明 2) signed its opinion and sealed it.
    An allowed decision says who must still sign and seal.
    """
    check_record_and_context(record, context)
    if not isinstance(form, TransferApplicationForm):
        raise InvalidInput("form 应为附表1", "form must be a TransferApplicationForm", where="form")
    reasons = student_reasons(
        "F1",
        record,
        name=form.student.name,
        sex=form.student.sex,
        birth_date=form.student.birth_date,
        identity_number=form.student.identity_number,
        student_number=form.student.student_number,
        ethnicity=form.student.ethnicity,
    )
    terminal = _NOT_TRANSFERABLE.get(record.status)
    if terminal is not None:
        reasons.append(terminal)
    elif record.status not in (Status.ENROLLED, Status.SUSPENDED):
        reasons.append(
            Reason(
                "2.1",
                f"只有在校学生可以办理转学（现为“{record.status.zh}”）",
                f"only an enrolled student can transfer (now {record.status.en})",
            )
        )
    if terminal is None:
        reasons += _blockers(record, context, to_school, to_class)
    school = context.schools.get(record.school_code)
    if school is not None and form.from_school_name and form.from_school_name != school.name:
        reasons.append(
            Reason(
                "F1",
                "原就读学校名称与学籍所在学校不符",
                "the former school's name on the form is not the record's school",
            )
        )
    missing: list[Material] = []
    if submitted:
        if not form.reason.strip():
            reasons.append(
                Reason(
                    "2.1.1",
                    "附表1 须写明申请转学理由（说明转学原因的证明材料）",
                    "附表1 must state the reason for the transfer",
                )
            )
        if not form.guardian_signature.signed:
            reasons.append(
                Reason("F1", "家长或监护人尚未签名", "the parent or guardian has not signed")
            )
        for party in form.required_parties:
            opinion = form.opinion_of(party)
            if opinion is None or not opinion.complete:
                reasons.append(
                    Reason(
                        "F1",
                        f"{party}尚未签署意见并盖章",
                        f"{party} has not signed its opinion and sealed it",
                    )
                )
            elif not opinion.approves:
                reasons.append(
                    Reason(
                        "2.1.1",
                        f"{party}不同意转学；转学必须双方学校同意",
                        f"{party} does not agree; both schools must agree to a transfer",
                    )
                )
        if any(r.clause in ("F1", "2.1.1") for r in reasons):
            missing = [m for m in TRANSFER_MATERIALS if m.key == "F1"]
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
    notes = [_parties_note(form)]
    if form.use is F1Use.NATIONAL_SYSTEM and form.other_opinions:
        notes.append(
            Reason(
                "2.1.1",
                "其他单位的意见不是全国学籍系统所需的材料，不应要求家长提供",
                "other parties' opinions are not needed by the national system and may not be "
                "asked of the family",
            )
        )
    return Decision.allow(*notes)


def _parties_note(form: TransferApplicationForm) -> Reason:
    if form.use is F1Use.NATIONAL_SYSTEM:
        return Reason(
            "F1",
            "作为全国学籍系统的转学电子证明材料，只需拟转入学校签署意见和盖章（说明 2）",
            "as the national system's evidence, only the receiving school signs and seals (note 2)",
        )
    names = "、".join(form.required_parties)
    return Reason(
        "F1",
        f"用于其他用途，由当地教育主管部门确定签署意见和盖章的单位：{names}（说明 3）",
        f"for another use the local authority named the parties that sign and seal: {names} "
        "(note 3)",
    )
