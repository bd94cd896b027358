"""关键数据 Key data: clause 4.

The national system marks some of a student's basic information as key data (关键数据). When the parents
or guardians ask to change it, they apply to the school with the household-registration proof the police
issue (公安部门提供的户籍证明); the school approves the change under the key-data rules and submits the
scanned proof in the system. Other basic information changes freely.

A change is an event (:class:`ChangeStudentData`) that carries each field's old and new value, so the
history keeps every old value (:func:`student_as_registered` rebuilds the student as first registered).

Key fields (:data:`KEY_FIELDS`, reading): 姓名 name, 性别 sex, 出生日期 birth date, 民族 ethnicity,
居民身份证号 ID number and 户籍所在地 household registration — the identity fields the police proof itself
attests — and the 户籍's 行政区划代码 (``household_region``, clauses 1.5, 3.2): it is the code of the
same 户籍所在地, which the police proof attests, so a 户籍 move changes it only on that proof (a change
of the code alone would move the student's catchment, 3.2, without the proof clause 4 asks for). The home address (家庭地址) is not key data. Guardians are not key data either; changing them is
not an act this regulation governs.

The student number cannot change: a record's identity is its student number (``Record.appended`` refuses
another). A corrected ID number does not change it either, for a G student too: clause 4 makes no
exception for G numbers, and the Ministry's 2016 Q&A (教育部《中小学生学籍管理常见问题及解答》, published
2016-08-31 as reported by 人民日报 on 2016-09-01; its document number could not be verified) says the
student number is the student's for life (一人一号…原则上终身不变) and that a G number, G + the ID number,
may differ from it when the ID number changes. So any student may get or correct an ID number with the
police proof, its scan and the school's approval, after the province-wide lookup reports no record
under the new number (1.2): the student number and ``student.key`` stay, the old ID number is kept in
the history (the change's old value) and in ``Student.former_identity_numbers``, which is how a G
number that no longer equals the current ID number stays valid.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Mapping

import attrs

from ..decisions import Decision, Material, Reason
from ..errors import InvalidInput, XuejiError
from ..law.clauses import implements
from ..records._privacy import mask_id, mask_name
from ..records.models import IdentityNumber, Record, Sex, Student, StudentNumberKind
from ..records.status import Context, StatusEvent, entry, rule, transition
from . import _parts as p
from .outcome import Outcome
from .registration import LookupResult, ProvinceLookup, run_lookup
from .regulation import apply, evaluate

__all__ = [
    "KEY_FIELDS",
    "POLICE_PROOF",
    "PROOF_SCAN",
    "ChangeStudentData",
    "FieldChange",
    "StudentField",
    "change_student_data",
    "key_data_changes",
    "student_as_registered",
    "unproven_key_change",
]


class StudentField(enum.Enum):
    """A field of the student's basic information that :class:`ChangeStudentData` can change."""

    NAME = "name"
    SEX = "sex"
    BIRTH_DATE = "birth_date"
    ETHNICITY = "ethnicity"
    IDENTITY_NUMBER = "identity_number"
    HOUSEHOLD_REGISTRATION = "household_registration"
    #: The 户籍's 6-digit 行政区划代码 (``Student.household_region``; ``""``: not given).
    HOUSEHOLD_REGION = "household_region"
    ADDRESS = "address"

    @property
    def zh(self) -> str:
        """The Chinese name of the field."""
        return _FIELD_ZH[self]

    @property
    def key(self) -> bool:
        """True for key data (关键数据, 4)."""
        return self in KEY_FIELDS


_FIELD_ZH = {
    StudentField.NAME: "姓名",
    StudentField.SEX: "性别",
    StudentField.BIRTH_DATE: "出生日期",
    StudentField.ETHNICITY: "民族",
    StudentField.IDENTITY_NUMBER: "居民身份证号",
    StudentField.HOUSEHOLD_REGISTRATION: "户籍所在地",
    StudentField.HOUSEHOLD_REGION: "户籍地行政区划代码",
    StudentField.ADDRESS: "家庭地址",
}

#: The key data of clause 4 (reading: the identity fields a police household-registration proof attests).
KEY_FIELDS: frozenset[StudentField] = frozenset(
    {
        StudentField.NAME,
        StudentField.SEX,
        StudentField.BIRTH_DATE,
        StudentField.ETHNICITY,
        StudentField.IDENTITY_NUMBER,
        StudentField.HOUSEHOLD_REGISTRATION,
        StudentField.HOUSEHOLD_REGION,
    }
)

POLICE_PROOF = Material(
    "police_household_proof",
    "4",
    "公安部门提供的户籍证明",
    "the household-registration proof issued by the police",
)
PROOF_SCAN = Material(
    "key_data_proof_scan",
    "4",
    "在系统中提交的关键数据变更证明材料扫描件",
    "the scan of the key-data change proof, submitted in the system",
)
_SCHOOL_APPROVAL = Material(
    "school_approval",
    "4",
    "学校按照关键信息变更相关要求核准",
    "the school's approval under the key-data rules",
)


def _mask_birth(value: str) -> str:
    return value[:4] + "-**-**" if value else value


_MASKED = {
    StudentField.NAME: mask_name,
    StudentField.BIRTH_DATE: _mask_birth,
    StudentField.IDENTITY_NUMBER: mask_id,
    StudentField.ADDRESS: mask_name,
}


def _mask(field: StudentField, value: str) -> str:
    masker = _MASKED.get(field)
    return masker(value) if masker is not None else value


@attrs.frozen(kw_only=True, repr=False)
class FieldChange:
    """One field's change: its old and new values as text (a date as ``YYYY-MM-DD``, a sex as 男/女, a
    missing ID number as ``""``). Names, ID numbers and addresses are masked in ``repr``, birth dates
    show only their year."""

    field: StudentField = attrs.field(validator=p.of(StudentField))
    old: str = attrs.field(validator=p.of(str))
    new: str = attrs.field(validator=p.of(str))

    def __repr__(self) -> str:
        return (
            f"FieldChange(field={self.field.value!r}, old={_mask(self.field, self.old)!r}, "
            f"new={_mask(self.field, self.new)!r})"
        )


def _changes(inst: object, attribute: attrs.Attribute[object], value: object) -> None:
    p.collection_of(FieldChange, tuple)(inst, attribute, value)
    assert isinstance(value, tuple)
    if not value:
        raise InvalidInput(
            "没有要变更的字段", "no field to change", where="ChangeStudentData.changes"
        )
    fields = [c.field for c in value]
    if len(set(fields)) != len(fields):
        raise InvalidInput(
            "同一字段出现两次", "a field is changed twice", where="ChangeStudentData.changes"
        )


@attrs.frozen(kw_only=True)
class ChangeStudentData(StatusEvent, kind="student.change"):
    """学生基础信息变更 (4): the changes (old and new values), the police proof and its scan, the
    school's approval, and — for a new ID number — the province-wide lookup's answer (1.2)."""

    changes: tuple[FieldChange, ...] = attrs.field(converter=p.to_tuple, validator=_changes)
    police_proof: bool = attrs.field(default=False, validator=p.of(bool))
    proof_scan: bool = attrs.field(default=False, validator=p.of(bool))
    school_approves: bool = attrs.field(default=False, validator=p.of(bool))
    province_lookup: LookupResult = attrs.field(
        default=LookupResult.NOT_DONE, validator=p.of(LookupResult)
    )

    @property
    def replaced_identity_number(self) -> str | None:
        """The old ID number of an ID correction (4), when there was one; ``None`` otherwise."""
        for c in self.changes:
            if c.field is StudentField.IDENTITY_NUMBER:
                return c.old or None
        return None


# --------------------------------------------------------------------------------------------------
# Values as text


def value_text(student: Student, field: StudentField) -> str:
    """The student's current value of ``field`` as text (the form :class:`FieldChange` stores)."""
    if field is StudentField.SEX:
        return student.sex.value
    if field is StudentField.BIRTH_DATE:
        return student.birth_date.isoformat()
    if field is StudentField.IDENTITY_NUMBER:
        return "" if student.identity_number is None else student.identity_number.reveal()
    if field is StudentField.HOUSEHOLD_REGION:
        return student.household_region or ""
    value: str = getattr(student, field.value)
    return value


def _as_text(field: StudentField, value: object, where: str) -> str:
    if field is StudentField.SEX and isinstance(value, Sex):
        return value.value
    if field is StudentField.BIRTH_DATE and p.is_instance(value, _dt.date):
        assert isinstance(value, _dt.date)
        return value.isoformat()
    if field is StudentField.IDENTITY_NUMBER:
        if value is None:
            return ""
        if isinstance(value, IdentityNumber):
            return value.reveal()
    if field is StudentField.HOUSEHOLD_REGION and value is None:
        return ""
    if isinstance(value, str):
        return value
    raise InvalidInput(
        f"{field.zh}的新值类型不对：{type(value).__name__}",
        f"wrong type for the new {field.value}: {type(value).__name__}",
        where=where,
    )


def _parsed(field: StudentField, text: str, where: str) -> object:
    if field is StudentField.SEX:
        try:
            return Sex(text)
        except ValueError:
            raise InvalidInput("性别应为 男 或 女", "sex must be 男 or 女", where=where) from None
    if field is StudentField.BIRTH_DATE:
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidInput(
                "出生日期应为 YYYY-MM-DD", "a birth date is YYYY-MM-DD", where=where
            ) from None
    if field is StudentField.IDENTITY_NUMBER:
        return IdentityNumber(text) if text else None
    if field is StudentField.HOUSEHOLD_REGION:
        return text or None  # Student's validator checks the code (GB/T 2260)
    return text


def _changed(
    student: Student, changes: tuple[FieldChange, ...], where: str, *, undo: bool = False
) -> Student:
    """``student`` with ``changes`` applied; :class:`InvalidInput` if the result is inconsistent.

    An ID correction (4) adds the old ID number to ``former_identity_numbers``; with ``undo`` (the
    changes reversed, old and new swapped) it takes the last one off again."""
    values: dict[str, object] = {
        c.field.value: _parsed(c.field, c.new, f"{where}.new") for c in changes
    }
    for c in changes:
        if c.field is StudentField.IDENTITY_NUMBER:
            former = student.former_identity_numbers
            if undo and c.new:
                values["former_identity_numbers"] = former[:-1]
            elif not undo and c.old:
                values["former_identity_numbers"] = (*former, IdentityNumber(c.old))
    if values.get(StudentField.IDENTITY_NUMBER.value) is not None:
        values["origin"] = None
    try:
        return attrs.evolve(student, **values)  # type: ignore[arg-type]
    except XuejiError:
        raise
    except (TypeError, ValueError) as exc:  # pragma: no cover - the validators raise InvalidInput
        raise InvalidInput(
            f"变更后的学生信息无效：{type(exc).__name__}",
            f"the changed student data are invalid: {type(exc).__name__}",
            where=where,
        ) from None


# --------------------------------------------------------------------------------------------------
# The rule


@implements("4")
def unproven_key_change(event: ChangeStudentData) -> tuple[tuple[Reason, ...], list[Material]]:
    """4: key data change only on the police's household-registration proof, its scan in the system
    and the school's approval — the reason when one is missing, and what is missing. The rule calls
    it on a change; the audit (``policy.breaches.key_data_without_proof``) on a change recorded."""
    if not {c.field for c in event.changes} & KEY_FIELDS:
        return (), []
    missing = [
        material
        for material, given in (
            (POLICE_PROOF, event.police_proof),
            (PROOF_SCAN, event.proof_scan),
            (_SCHOOL_APPROVAL, event.school_approves),
        )
        if not given
    ]
    if not missing:
        return (), []
    names = "、".join(c.field.zh for c in event.changes if c.field.key)
    names_en = ", ".join(c.field.value for c in event.changes if c.field.key)
    reason = Reason(
        "4",
        f"关键数据（{names}）须凭公安部门提供的户籍证明申请，由学校核准并在系统中提交证明材料扫描件",
        f"key data ({names_en}) change only on the police's household-registration "
        "proof, approved by the school, with the scan submitted",
    )
    return (reason,), missing


@rule(ChangeStudentData)
@implements("4", "1.2")
def evaluate_change(record: Record, event: ChangeStudentData, context: Context) -> Decision:
    """学生基础信息变更 (4): key data only with the police's household-registration proof, its scan in
    the system and the school's approval; other fields freely. A new ID number also needs the
    province-wide lookup to find no record under it (1.2). A G student's ID number is corrected like
    any other's: the student number stays (it may then differ from the ID number) and the old ID
    number is kept (the history, ``Student.former_identity_numbers``).
    """
    student = record.student
    for i, c in enumerate(event.changes):
        where = f"changes[{i}]"
        if c.old != value_text(student, c.field):
            raise InvalidInput(
                f"{c.field.zh}的原值与学籍不符（应按学籍现有信息填写原值）",
                f"the old {c.field.value} differs from the record's current value",
                where=f"{where}.old",
            )
        if c.new == c.old:
            raise InvalidInput(
                f"{c.field.zh}的新值与原值相同",
                f"the new {c.field.value} is the old one",
                where=where,
            )
    reasons: list[Reason] = []
    # inconsistent data (an ID number against the birth date, a G student left without one …) is
    # bad input
    _changed(student, event.changes, "changes")
    unproven, missing = unproven_key_change(event)
    reasons += unproven
    new_id = next((c.new for c in event.changes if c.field is StudentField.IDENTITY_NUMBER), "")
    if new_id and event.province_lookup is not LookupResult.CLEAR:
        reasons.append(
            Reason(
                "1.2",
                "新的身份证号须先经全省数据查询，确认无该号学籍，防止重复注册",
                "a new ID number is first looked up in the province's data, which must hold no "
                "record under it",
            )
        )
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
    kept = [
        Reason(
            "4",
            "变更前的原值保留在学籍历史中",
            "the old values are kept in the record's history",
        )
    ]
    if new_id and student.student_number.kind is StudentNumberKind.G:
        kept.append(
            Reason(
                "4",
                "学籍号一人一号、终身不变，不随身份证号更正而变更；原身份证号记入学籍历史",
                "the student number is the student's for life and does not follow the corrected "
                "ID number; the old ID number is kept in the history",
            )
        )
    return Decision.allow(*kept)


@transition(ChangeStudentData)
def _change(record: Record, event: ChangeStudentData, context: Context) -> Record:
    student = _changed(record.student, event.changes, "changes")
    return record.appended(entry(record, event, context), student=student)


# --------------------------------------------------------------------------------------------------
# Functions


def _field(value: object, where: str) -> StudentField:
    if isinstance(value, StudentField):
        return value
    if isinstance(value, str):
        try:
            return StudentField(value)
        except ValueError:
            pass
    raise InvalidInput(
        f"未知的学生信息字段 {value!r}（学籍号不能变更）",
        f"unknown student field {value!r} (the student number cannot change)",
        where=where,
    )


@implements("4", "1.2")
def change_student_data(
    record: Record,
    changes: Mapping[StudentField | str, object],
    context: Context,
    *,
    police_proof: bool = False,
    proof_scan: bool = False,
    school_approves: bool = False,
    lookup: ProvinceLookup | None = None,
) -> Outcome:
    """Change a student's basic information (4): ``changes`` maps fields to new values (a ``str``; a
    :class:`~liangshan_xueji.records.models.Sex`, a ``date``, an ``IdentityNumber`` or ``None`` where the field
    takes one). Returns an :class:`~.outcome.Outcome`: the decision and, when allowed, the record
    with the new data (``decision, record = change_student_data(...)`` unpacks it).

    A new ID number is first looked up with ``lookup`` (the host's province-wide lookup; it must answer
    for records other than this one).
    """
    p.check_type(record, Record, "record")
    p.check_context(context)
    if not isinstance(changes, Mapping) or not changes:
        raise InvalidInput(
            "changes 应为非空的字段到新值的映射",
            "changes must be a non-empty mapping of fields to new values",
            where="changes",
        )
    items = []
    for i, (name, value) in enumerate(changes.items()):
        field = _field(name, f"changes[{i}]")
        old = value_text(record.student, field)
        new = _as_text(field, value, f"changes[{field.value}]")
        if new != old:  # a field given with its current value does not change
            items.append(FieldChange(field=field, old=old, new=new))
    if not items:
        raise InvalidInput(
            "所有字段的新值都与现值相同，没有要变更的信息",
            "every new value is the current one: nothing changes",
            where="changes",
        )
    result = LookupResult.NOT_DONE
    new_id = next((c.new for c in items if c.field is StudentField.IDENTITY_NUMBER), "")
    failure: list[Reason] = []
    if new_id and lookup is not None:
        candidate = _changed(record.student, tuple(items), "changes")
        result, failure = run_lookup(lookup, candidate)
    event = ChangeStudentData(
        student=record.student.student_number,
        changes=tuple(items),
        police_proof=police_proof,
        proof_scan=proof_scan,
        school_approves=school_approves,
        province_lookup=result,
    )
    decision = evaluate(record, event, context)
    if failure:
        decision = Decision.combine(decision, Decision.refuse(*failure))
    if not decision.allowed:
        return Outcome(decision, None)
    return Outcome(decision, apply(record, event, context))


def key_data_changes(record: Record) -> tuple[tuple[_dt.date, FieldChange], ...]:
    """Every field change of the record's history, with its date, in order (4: old values kept)."""
    p.check_type(record, Record, "record")
    return tuple(
        (e.on, c)
        for e in record.history
        if isinstance(e.event, ChangeStudentData)
        for c in e.event.changes
    )


def student_as_registered(record: Record) -> Student:
    """The student's data before any :class:`ChangeStudentData` of the history (the old values)."""
    p.check_type(record, Record, "record")
    student = record.student
    for e in reversed(record.history):
        ev = e.event
        if isinstance(ev, ChangeStudentData):
            undo = tuple(FieldChange(field=c.field, old=c.new, new=c.old) for c in ev.changes)
            student = _changed(student, undo, "history", undo=True)
    return student
