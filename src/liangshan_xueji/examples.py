"""A built-in sample: schools, a student and her record — ALL FICTIONAL. 内置示例（全部虚构）。

虚构示例：以下学校、学生、监护人、地址和电话号码均为虚构，仅供演示和测试，与任何真实的人或学校无关。
Every school, person, address and phone number here is made up, for demonstrations and tests only; the
schools carry 示例 ("example") in their names and the phone numbers are of the 1390000xxxx test shape.
The ID number is valid in form (GB 11643-1999 check character, built with
:meth:`~liangshan_xueji.records.models.IdentityNumber.build`) but belongs to no one we know of.

Everything is deterministic: no clock, no randomness. ``xueji form F1 --example`` prints from it.
"""

from __future__ import annotations

import datetime as _dt

from .policy import apply
from .records.models import (
    ClassInfo,
    Grade,
    Guardian,
    IdentityNumber,
    Record,
    School,
    SchoolSystem,
    Sex,
    Stage,
    Student,
    StudentNumber,
    TeachingMode,
)
from .records.status import Context, Suspend

__all__ = [
    "EXAMPLE_DATE",
    "EXAMPLE_SUSPENSION_DATE",
    "FICTIONAL_NOTICE",
    "example_context",
    "example_record",
    "example_schools",
    "example_student",
    "example_suspended_record",
]

#: Printed wherever the sample is shown. 示例声明。
FICTIONAL_NOTICE = (
    "虚构示例：人物、学校、地址和电话均为虚构 / fictional sample: every name and number is made up"
)

#: The date of the sample's acts (a Monday, a working day). 示例办理日期。
EXAMPLE_DATE = _dt.date(2021, 3, 1)

#: When the sample's suspended record was suspended (2.2.1). 示例休学日期。
EXAMPLE_SUSPENSION_DATE = _dt.date(2020, 9, 14)

_SIX_THREE = SchoolSystem.SIX_THREE


def _primary_classes(size: int) -> tuple[ClassInfo, ...]:
    return tuple(
        ClassInfo(grade=Grade(Stage.PRIMARY, year, _SIX_THREE), name=f"{n}班", size=size + n)
        for year in range(1, 7)
        for n in (1, 2)
    )


def example_schools() -> tuple[School, ...]:
    """Three fictional primary schools: two in 西昌市, one in 德昌县 (codes ``5134010001`` …)."""
    return (
        School(
            code="5134010001",
            name="西昌市示例第一小学",
            county="西昌市",
            stages=frozenset({Stage.PRIMARY}),
            system=_SIX_THREE,
            mode=TeachingMode.MODEL_TWO,
            classes=_primary_classes(40),
        ),
        School(
            code="5134010002",
            name="西昌市示例第二小学",
            county="西昌市",
            stages=frozenset({Stage.PRIMARY}),
            system=_SIX_THREE,
            mode=TeachingMode.MODEL_TWO,
            classes=_primary_classes(38),
        ),
        School(
            code="5134240001",
            name="德昌县示例实验小学",
            county="德昌县",
            stages=frozenset({Stage.PRIMARY}),
            system=_SIX_THREE,
            mode=TeachingMode.MODEL_TWO,
            classes=_primary_classes(42),
        ),
    )


def example_student() -> Student:
    """A fictional student, 吉克阿依 (彝族, born 2011-05-20 in 西昌市), with two fictional guardians."""
    identity = IdentityNumber.build("513401", _dt.date(2011, 5, 20), 122)
    return Student(
        name="吉克阿依",
        sex=Sex.FEMALE,
        birth_date=identity.birth_date,
        ethnicity="彝族",
        identity_number=identity,
        student_number=StudentNumber.from_identity(identity),
        household_registration="四川省凉山州西昌市",
        address="西昌市示例路1号",
        guardians=(
            Guardian(
                relation="父亲", name="吉克木呷", employer="示例建筑公司", phone="13900000001"
            ),
            Guardian(relation="母亲", name="阿说阿果", employer="示例农场", phone="13900000002"),
        ),
    )


def example_record() -> Record:
    """The sample's record: 在校, 小学四年级 2班 of 西昌市示例第一小学, enrolled 2017-09-01."""
    return Record(
        student=example_student(),
        school_code="5134010001",
        grade=Grade(Stage.PRIMARY, 4, _SIX_THREE),
        class_name="2班",
        enrolled_on=_dt.date(2017, 9, 1),
    )


def example_context(on: _dt.date = EXAMPLE_DATE) -> Context:
    """The sample's context: the three schools, the act dated ``on`` (default :data:`EXAMPLE_DATE`)."""
    return Context(on=on, schools=example_schools())


def example_suspended_record() -> Record:
    """The sample's record after an approved 休学 for illness on :data:`EXAMPLE_SUSPENSION_DATE` (2.2.1).

    Built through the status machine (:func:`~liangshan_xueji.records.status.apply`), so its history holds the
    ``Suspend`` event and its :class:`~liangshan_xueji.records.models.SuspensionPeriod` runs one year (2.2.3).
    """
    from .policy.suspension import SUSPENSION_MATERIALS

    record = example_record()
    event = Suspend(
        student=record.student.student_number,
        materials=frozenset(m.key for m in SUSPENSION_MATERIALS),
        advised_rest_months=3,
        school_agrees=True,
        authority_approves=True,
    )
    return apply(record, event, example_context(EXAMPLE_SUSPENSION_DATE))
