"""The data models: identity and student numbers, students, schools, grades and records.

数据模型：居民身份证号、学籍号、学生、学校、年级和学籍。All classes are frozen attrs classes; a change
is a new value (``attrs.evolve``), and a :class:`Record`'s history grows only through
:meth:`Record.appended` (clause 1.5: a registered record is never deleted, its history is append-only).

Bad input raises a subclass of :class:`~liangshan_xueji.errors.InvalidInput` whose message is Chinese
first, English second, with ``where=`` naming the field. Personal data (ID numbers, names, phone numbers,
addresses) is masked in every ``repr``/``str`` and error message (clauses 7.1, 8.2); the full ID number is
given only on explicit request (:meth:`IdentityNumber.reveal`).

Dates are ``datetime.date`` values and never ``datetime.datetime`` (naive or aware): a datetime where a
date is meant raises :class:`InvalidInput`. The models accept any real date from 1900 on; whether an act
falls after the regulation took effect (clause 8.4) is the status engine's question, not the models'.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .._validators import check_date, check_type, collection_of, count, of, text, to_tuple, where
from ..errors import InvalidInput
from ..law.parameters import DEFAULT_PARAMETERS, ParameterSet
from ._privacy import mask_name, mask_phone
from .convert import (
    to_date,
    to_identity_number,
    to_mode,
    to_optional_mode,
    to_origin,
    to_sex,
    to_stage,
    to_status,
    to_student_number,
    to_system,
)
from .identity import (
    ID_CHECK_CHARS,
    ID_SHAPE,
    ID_WEIGHTS,
    LIANGSHAN_COUNTIES,
    LIANGSHAN_COUNTY_CODES,
    LIANGSHAN_PREFECTURE,
    MIN_YEAR,
    PERMIT_REGIONS,
    PROVINCE_CODES,
    SHAPE_ONLY_LETTERS,
    STUDENT_NUMBER_LETTERS,
    Event,
    IdentityNumber,
    InvalidGrade,
    InvalidIdentityNumber,
    InvalidStudentNumber,
    Origin,
    SchoolSystem,
    Sex,
    Stage,
    Status,
    StudentNumber,
    StudentNumberKind,
    TeachingMode,
    default_origin,
    origin_of_region,
)
from .schema import declared
from .serialization import from_dict as _from_dict

__all__ = [
    "ID_CHECK_CHARS",
    "ID_SHAPE",
    "ID_WEIGHTS",
    "LIANGSHAN_COUNTIES",
    "LIANGSHAN_COUNTY_CODES",
    "LIANGSHAN_PREFECTURE",
    "MIN_YEAR",
    "PERMIT_REGIONS",
    "PROVINCE_CODES",
    "SHAPE_ONLY_LETTERS",
    "STUDENT_NUMBER_LETTERS",
    "ClassInfo",
    "Event",
    "Grade",
    "Guardian",
    "HistoryEntry",
    "IdentityNumber",
    "InvalidGrade",
    "InvalidIdentityNumber",
    "InvalidStudentNumber",
    "Origin",
    "Record",
    "School",
    "SchoolSystem",
    "Sex",
    "Stage",
    "Status",
    "Student",
    "StudentNumber",
    "StudentNumberKind",
    "SuspensionPeriod",
    "TeachingMode",
    "TransferWorkflow",
    "student_mode",
]

# --------------------------------------------------------------------------------------------------
# Students
# --------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class Guardian:
    """监护人: relation (e.g. 父亲), name, employer (工作单位) and phone. Name and phone masked in repr."""

    relation: str = attrs.field(validator=declared("Guardian.relation"))
    name: str = attrs.field(validator=declared("Guardian.name"))
    employer: str = attrs.field(default="", validator=declared("Guardian.employer"))
    phone: str = attrs.field(default="", validator=declared("Guardian.phone"))

    def __repr__(self) -> str:
        return (
            f"Guardian(relation={self.relation!r}, name={mask_name(self.name)!r}, "
            f"employer={self.employer!r}, phone={mask_phone(self.phone)!r})"
        )


def _optional_identity(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        of(IdentityNumber)(inst, attribute, value)


@attrs.frozen(kw_only=True, repr=False)
class Student:
    """A student's basic information (学生基本信息, clauses 1.2, 4): name, sex, birth date, 民族, ID number,
    student number, 户籍所在地, address, guardians and origin (8.5).

    Consistency: when ``identity_number`` is given, ``birth_date`` and ``sex`` must be those it encodes;
    a ``G`` student number must carry this ID number (so a G number needs ``identity_number``) or one of
    ``former_identity_numbers``. L and J numbers carry no ID. ``repr`` masks the name, ID and student
    numbers, the address and the guardians' names and phones, and shows only the birth year (clauses
    7.1, 8.2).

    ``former_identity_numbers`` (clause 4): the ID numbers an accepted correction replaced, oldest
    first — filled by the correction (``liangshan_xueji.policy.keydata.change_student_data``), never by
    hand. The student number is the student's for life and may differ from a corrected ID number
    (教育部《中小学生学籍管理常见问题及解答》, 2016): a G number keeps the ID number it was issued with,
    which is then a former one. A :class:`Record` accepts former ID numbers only when its history holds
    the corrections that replaced them.

    ``origin`` (:class:`Origin`, clause 8.5) defaults to what the ID number's region says (810000 香港,
    820000 澳门, 830000 or 71 台湾, any other the mainland); without an ID number, the mainland for a G or
    L number and ``None`` (unknown) for a J number; a given origin must agree with the ID number.

    ``household_region`` is the 户籍's 6-digit 行政区划代码 (GB/T 2260) when the host knows it
    (:attr:`household_region_code` reads it, else the ID number's; clauses 1.5, 3.2).
    """

    name: str = attrs.field(validator=declared("Student.name"))
    sex: Sex = attrs.field(converter=to_sex, validator=declared("Student.sex"))
    birth_date: _dt.date = attrs.field(converter=to_date, validator=declared("Student.birth_date"))
    ethnicity: str = attrs.field(validator=declared("Student.ethnicity"))
    identity_number: IdentityNumber | None = attrs.field(
        converter=to_identity_number, validator=_optional_identity
    )
    student_number: StudentNumber = attrs.field(
        converter=to_student_number, validator=of(StudentNumber)
    )
    household_registration: str = attrs.field(validator=declared("Student.household_registration"))
    address: str = attrs.field(validator=declared("Student.address"))
    guardians: tuple[Guardian, ...] = attrs.field(
        default=(), converter=to_tuple, validator=collection_of(Guardian)
    )
    former_identity_numbers: tuple[IdentityNumber, ...] = attrs.field(
        default=(), converter=to_tuple, validator=collection_of(IdentityNumber)
    )
    origin: Origin | None = attrs.field(
        default=None, converter=to_origin, validator=declared("Student.origin")
    )
    household_region: str | None = attrs.field(
        default=None, validator=declared("Student.household_region")
    )

    def __attrs_post_init__(self) -> None:
        ident = self.identity_number
        if ident is not None:
            if ident.birth_date != self.birth_date:
                raise InvalidInput(
                    f"出生日期与身份证号 {ident.masked} 不一致",
                    f"the birth date does not match ID number {ident.masked}",
                    where="Student.birth_date",
                )
            if ident.sex is not self.sex:
                raise InvalidInput(
                    f"性别与身份证号 {ident.masked} 不一致",
                    f"the sex does not match ID number {ident.masked}",
                    where="Student.sex",
                )
        number = self.student_number
        if number.kind is StudentNumberKind.G and (
            ident is None
            or (
                number.value[1:] != ident.value
                and all(f.value != number.value[1:] for f in self.former_identity_numbers)
            )
        ):
            raise InvalidInput(
                f"G 字头学籍号 {self.student_number.masked} 须包含该生的身份证号"
                "（或经关键数据变更更正前的原身份证号，4）",
                f"G student number {self.student_number.masked} must carry the student's ID number "
                "(or the former one an accepted correction replaced, clause 4)",
                where="Student.student_number",
            )
        _settle_origin(self)

    @property
    def identity_keys(self) -> tuple[str, ...]:
        """The full ID numbers by which this student is found (3.3, 1.2, 4): the current one, and the
        one a G number carries when a correction replaced it (the student number stays for life). Empty
        without an ID number. Not for display."""
        ident = self.identity_number
        if ident is None:
            return ()
        number = self.student_number
        if number.kind is StudentNumberKind.G and number.value[1:] != ident.value:
            return (ident.value, number.value[1:])
        return (ident.value,)

    @property
    def key(self) -> str:
        """The full student number: the student's identity across records (the roster's join key).

        Not for display: it holds the full ID number of a G student. Show :attr:`student_number`
        (masked) instead.
        """
        return self.student_number.value

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Student:
        """A student from a dict of field names to plain values (issue 16): ``{"name": "吉克阿依",
        "sex": "女", "birth_date": "2011-05-20", "identity_number": "5134…", "student_number":
        "G5134…", …}``; ``guardians`` a list of dicts. The JSON form of
        :func:`~liangshan_xueji.records.serialization.from_dict`: strict (an unknown or missing field, a
        number where text is meant, a value a validator refuses raise :class:`InvalidInput` naming
        its path, ``$.sex``)."""
        return _from_dict(data, cls)

    @property
    def household_region_code(self) -> tuple[str, bool] | None:
        """The 户籍's region code (行政区划代码) to decide catchment with (clauses 1.5, 3.2), and whether
        it was read from the ID number: ``household_region`` when given; else the ID number's first six
        digits, which name the region where the number was *issued* (it does not change when the
        household moves), so not necessarily the current 户籍; ``None`` with neither. The 户籍 text
        (``household_registration``) is never parsed for it."""
        if self.household_region is not None:
            return self.household_region, False
        if self.identity_number is not None:
            return self.identity_number.region, True
        return None

    def __repr__(self) -> str:
        ident = None if self.identity_number is None else self.identity_number.masked
        former = ""
        if self.former_identity_numbers:
            masked = tuple(f.masked for f in self.former_identity_numbers)
            former = f", former_identity_numbers={masked!r}"
        return (
            f"Student(name={mask_name(self.name)!r}, sex={self.sex.value!r}, "
            f"birth_year={self.birth_date.year}, ethnicity={self.ethnicity!r}, "
            f"identity_number={ident!r}, student_number={self.student_number.masked!r}, "
            f"household_registration={self.household_registration!r}, "
            f"address={mask_name(self.address)!r}, guardians={self.guardians!r}{former}, "
            f"origin={None if self.origin is None else self.origin.value!r}, "
            f"household_region={self.household_region!r})"
        )


def _settle_origin(student: Student) -> None:
    """Clause 8.5: the origin the ID number's region says; a given origin must agree with it; none
    given, the derived one (a J number without an ID number: unknown, ``None``)."""
    ident = student.identity_number
    given = student.origin
    if given is None:
        derived = default_origin(ident, student.student_number.kind)
        object.__setattr__(student, "origin", derived)
    elif ident is not None:
        problem = origin_problem(given, ident)
        if problem is not None:
            raise InvalidInput(*problem, where="Student.origin")


def origin_problem(origin: Origin, ident: IdentityNumber) -> tuple[str, str] | None:
    """Clause 8.5: ``(zh, en)`` when ``origin`` is not what ``ident``'s region says, else ``None``
    (the models' check, and the roster reader's on its fast path)."""
    said = origin_of_region(ident.region)
    if origin is said:
        return None
    return (
        f"来源“{origin.value}”与身份证号 {ident.masked} 所示的“{said.value}”不一致",
        f"the origin {origin.en} does not match ID number {ident.masked} ({said.en})",
    )


# --------------------------------------------------------------------------------------------------
# Grades
# --------------------------------------------------------------------------------------------------

_ZH_NUM = "〇一二三四五六七八九"


@attrs.frozen(eq=True, order=False)
class Grade:
    """年级: a stage (学段) and the grade within it, under a 学制 (clause 2.1.5).

    Valid grades: 六三制 小学 1–6 and 初中 1–3; 五四制 小学 1–5 and 初中 1–4; 高中 1–3. An impossible
    grade raises :class:`InvalidGrade`. The compulsory grades of both 学制 map onto compulsory years 1–9
    (``year``); senior grades are years 10–12. 学制 has no meaning in senior high: a senior grade's
    ``system`` is normalised to ``SIX_THREE`` so that equal grades compare equal.

    Grades are ordered by ``year`` (then by 学制, so that the order is total and agrees with ``==``).

    Graduation years (毕业年级, clause 2.1.6.3, also 2.2.5 and 3.1): the regulation names 小学六年级、
    初中三年级、高中三年级, which are the last grades of 六三制. Reading for 五四制: its last grades,
    小学五年级 and 初中四年级 (初四), are its graduation years — they end their stage exactly as 小学六年级
    and 初中三年级 do under 六三制, and 五四制's 初中三年级 is followed by 初四 in the same school.
    """

    stage: Stage = attrs.field(converter=to_stage, validator=declared("Grade.stage"))
    number: int = attrs.field(validator=declared("Grade.number"))
    system: SchoolSystem = attrs.field(
        default=SchoolSystem.SIX_THREE, converter=to_system, validator=of(SchoolSystem)
    )

    def __attrs_post_init__(self) -> None:
        if self.stage is Stage.SENIOR and self.system is not SchoolSystem.SIX_THREE:
            object.__setattr__(self, "system", SchoolSystem.SIX_THREE)
        last = self._stage_length(self.stage, self.system)
        if not 1 <= self.number <= last:
            system_zh = "" if self.stage is Stage.SENIOR else f"{self.system.value} "
            system_en = "" if self.stage is Stage.SENIOR else f" under {self.system.en}"
            raise InvalidGrade(
                f"不存在的年级：{system_zh}{self.stage.value}只有 1–{last} 年级，得到 {self.number}",
                f"no such grade: {self.stage.en}{system_en} has grades 1–{last}, got {self.number}",
                where="Grade.number",
            )

    @staticmethod
    def _stage_length(stage: Stage, system: SchoolSystem) -> int:
        if stage is Stage.PRIMARY:
            return system.primary_years
        if stage is Stage.JUNIOR:
            return system.junior_years
        return 3

    @classmethod
    def from_year(cls, year: int, system: SchoolSystem = SchoolSystem.SIX_THREE) -> Grade:
        """The grade of compulsory year 1–9 under ``system``, or senior year 10–12 (clause 2.1.5).

        按 1–9 年级对应：``Grade.from_year(6, SchoolSystem.FIVE_FOUR)`` is 五四制 初中一年级.
        """
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 12:
            raise InvalidGrade(
                f"年级序号应为 1–12 的整数，得到 {year!r}",
                f"a year must be an integer 1–12, got {year!r}",
                where="year",
            )
        if not isinstance(system, SchoolSystem):
            raise InvalidGrade(
                "学制应为 SchoolSystem", "system must be a SchoolSystem", where="system"
            )
        if year > 9:
            return cls(Stage.SENIOR, year - 9)
        if year <= system.primary_years:
            return cls(Stage.PRIMARY, year, system)
        return cls(Stage.JUNIOR, year - system.primary_years, system)

    @property
    def year(self) -> int:
        """Compulsory year 1–9, or senior year 10–12. 对应的 1–12 年级序号。"""
        if self.stage is Stage.PRIMARY:
            return self.number
        if self.stage is Stage.JUNIOR:
            return self.system.primary_years + self.number
        return 9 + self.number

    @property
    def compulsory(self) -> bool:
        """True in the compulsory stage (义务教育阶段, years 1–9)."""
        return self.stage is not Stage.SENIOR

    def with_system(self, system: SchoolSystem) -> Grade:
        """The same year under another 学制 (clause 2.1.5: 原则上不得变更就读年级)."""
        return Grade.from_year(self.year, system)

    @property
    def is_graduation_year(self) -> bool:
        """True for the last grade of its stage under its 学制 (毕业年级, clause 2.1.6.3).

        六三制: 小学六年级, 初中三年级; 五四制: 小学五年级, 初中四年级; 高中三年级. See the class docstring
        for the 五四制 reading.
        """
        return self.number == self._stage_length(self.stage, self.system)

    def next_in_stage(self) -> Grade | None:
        """The next grade of the same stage (annual promotion, clause 3.1); ``None`` after the last."""
        if self.is_graduation_year:
            return None
        return Grade(self.stage, self.number + 1, self.system)

    @property
    def label_zh(self) -> str:
        """``初中三年级``."""
        return f"{self.stage.value}{_ZH_NUM[self.number]}年级"

    @property
    def label_en(self) -> str:
        """``junior grade 3`` (五四制 compulsory grades add ``(five-four)``)."""
        suffix = f" ({self.system.en})" if self.compulsory else ""
        return f"{self.stage.en} grade {self.number}{suffix}"

    def _key(self) -> tuple[int, int]:
        return (self.year, 0 if self.system is SchoolSystem.SIX_THREE else 1)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return self._key() >= other._key()

    def __str__(self) -> str:
        if self.compulsory:
            return f"{self.system.value}{self.label_zh}"
        return self.label_zh


# --------------------------------------------------------------------------------------------------
# Schools
# --------------------------------------------------------------------------------------------------

_CLASS_SIZE_PARAMETER = {
    Stage.PRIMARY: "class_size_limit_primary",
    Stage.JUNIOR: "class_size_limit_junior",
    Stage.SENIOR: "class_size_limit_senior",
}


def national_class_size_standard(stage: Stage) -> int:
    """The national/provincial class-size standard of ``stage`` (2.1.6.1's 国家、省定标准): the highest
    ceiling the default parameters ever give ``class_size_limit_primary|junior|senior``. No county
    standard may exceed it (2.1.2: 县市教育主管部门应根据国家规定设置班额)."""
    name = _CLASS_SIZE_PARAMETER[stage]
    bounds = [
        p.ceiling if p.ceiling is not None else p.value
        for p in DEFAULT_PARAMETERS
        if p.name == name
    ]
    return max(int(b) for b in bounds if isinstance(b, (int, float)))


@attrs.frozen(kw_only=True)
class ClassInfo:
    """A class (班级) of a school: its grade, name (e.g. ``3班``), current size (班额, clause 2.1.2) and
    teaching mode (教学模式, clauses 2.1.6.2, 6.1, 6.3; ``None``: not given — a school running one mode
    gives it to every class, see :meth:`School.class_mode`)."""

    grade: Grade = attrs.field(validator=of(Grade))
    name: str = attrs.field(validator=text())
    size: int = attrs.field(validator=count)
    mode: TeachingMode | None = attrs.field(
        default=None, converter=to_optional_mode, validator=of(TeachingMode, optional=True)
    )


def _to_stages(value: Iterable[Stage]) -> frozenset[Stage]:
    if isinstance(value, (str, bytes)):
        return value  # the validator reports it
    try:
        return frozenset(value)
    except TypeError:
        return value  # type: ignore[return-value]  # the validator reports it


def _default_modes(school: School) -> frozenset[TeachingMode]:
    """The modes a school runs when not given: its ``mode`` and every class's (clause 6.1)."""
    mode = school.mode
    if not isinstance(mode, TeachingMode):
        return frozenset()  # ``mode``'s own validator reports it
    found = {mode}
    for c in school.classes if isinstance(school.classes, tuple) else ():
        if isinstance(c, ClassInfo) and c.mode is not None:
            found.add(c.mode)
    return frozenset(found)


def _to_modes(value: Iterable[TeachingMode] | None) -> frozenset[TeachingMode]:
    if value is None:
        return frozenset()  # not given: derived (``_default_modes``)
    if isinstance(value, (str, bytes, TeachingMode)):
        return value  # type: ignore[return-value]  # the validator reports it
    try:
        return frozenset(value)
    except TypeError:
        return value  # type: ignore[return-value]  # the validator reports it


def _stages_validator(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    w = where(inst, attribute)
    if not isinstance(value, frozenset) or not all(isinstance(s, Stage) for s in value):
        raise InvalidInput("学段应为 Stage 的集合", "stages must be a set of Stage", where=w)
    if not value:
        raise InvalidInput("学校至少开设一个学段", "a school offers at least one stage", where=w)


@attrs.frozen(kw_only=True)
class School:
    """A school (学校): code, name, county, stages offered, 学制, teaching mode, whether it is a
    provincial model senior high (省级示范性普通高中, clause 2.1.6.2), its classes and the class-size
    limit that applies (clauses 2.1.2, 2.1.6.1).

    Teaching modes (教学模式, clauses 2.1.6.2, 6.1, 6.3): 一类模式 is the student's (the class's) mode,
    and a school may run both 一类 and 二类 classes. ``mode`` is the school's own label (its main
    mode); ``modes`` every mode it runs — when not given (empty), ``mode`` and each class's
    ``mode``. A school running one mode gives it to every class; in a school running several, a
    class's mode is its
    :class:`ClassInfo` ``mode`` or unknown (:meth:`class_mode`, :func:`student_mode`).

    ``county`` must be one of :data:`LIANGSHAN_COUNTIES` when ``prefecture`` is 凉山州; a school of
    another prefecture (the other end of a cross-prefecture transfer) names its own. ``class_size_limit``
    is a standard the county set for this school (2.1.2: 县市教育主管部门应根据国家规定设置班额); when
    ``None`` the parameters' national/provincial standard for the stage applies. A county may lower the
    standard, never raise it: a ``class_size_limit`` above the national/provincial standard of a stage
    the school offers (:func:`national_class_size_standard`: primary 45, junior and senior 50) is
    refused here, and :meth:`size_limit` never returns more than the parameters' standard. ``provincial_model`` is only
    allowed on a school that offers the senior stage. Every class must be of a grade the school offers,
    and class names are unique within a grade.
    """

    code: str = attrs.field(validator=declared("School.code"))
    name: str = attrs.field(validator=declared("School.name"))
    county: str = attrs.field(validator=declared("School.county"))
    prefecture: str = attrs.field(
        default=LIANGSHAN_PREFECTURE, validator=declared("School.prefecture")
    )
    stages: frozenset[Stage] = attrs.field(converter=_to_stages, validator=_stages_validator)
    system: SchoolSystem = attrs.field(converter=to_system, validator=declared("School.system"))
    mode: TeachingMode = attrs.field(converter=to_mode, validator=declared("School.mode"))
    provincial_model: bool = attrs.field(
        default=False, validator=declared("School.provincial_model")
    )
    classes: tuple[ClassInfo, ...] = attrs.field(
        default=(), converter=to_tuple, validator=collection_of(ClassInfo)
    )
    class_size_limit: int | None = attrs.field(
        default=None, validator=declared("School.class_size_limit")
    )
    #: The modes as given (``modes=``; empty: derived). Read :attr:`modes`, which derives them when
    #: not given — so ``attrs.evolve(school, mode=…)`` of a school whose modes were derived derives
    #: them anew instead of keeping the old mode's.
    _modes: frozenset[TeachingMode] = attrs.field(
        alias="modes",
        factory=frozenset,
        converter=_to_modes,
        validator=collection_of(TeachingMode, frozenset),
    )

    def __attrs_post_init__(self) -> None:
        if self.prefecture == LIANGSHAN_PREFECTURE and self.county not in LIANGSHAN_COUNTIES:
            raise InvalidInput(
                f"{self.county!r} 不是凉山州的县市",
                f"{self.county!r} is not a county or city of Liangshan",
                where="School.county",
            )
        if self.provincial_model and Stage.SENIOR not in self.stages:
            raise InvalidInput(
                "只有开设高中的学校才能是省级示范性普通高中",
                "only a school with a senior stage can be a provincial model senior high",
                where="School.provincial_model",
            )
        if self.class_size_limit is not None:
            for stage in (s for s in Stage if s in self.stages):
                standard = national_class_size_standard(stage)
                if self.class_size_limit > standard:
                    raise InvalidInput(
                        f"县定班额标准 {self.class_size_limit} 人高于{stage.value}的国家、省定标准 "
                        f"{standard} 人；县只能降低标准，不能提高（2.1.2、2.1.6.1）",
                        f"the county class-size standard {self.class_size_limit} is above the "
                        f"national/provincial standard of {standard} for {stage.en}; a "
                        "county may lower the standard, not raise it (2.1.2, 2.1.6.1)",
                        where="School.class_size_limit",
                    )
        seen: set[tuple[Grade, str]] = set()
        for i, c in enumerate(self.classes):
            if not self.offers(c.grade):
                raise InvalidInput(
                    f"学校未开设 {c.grade}（{self.system.value}）",
                    f"the school does not offer {c.grade.label_en} ({self.system.en})",
                    where=f"School.classes[{i}]",
                )
            if (c.grade, c.name) in seen:
                raise InvalidInput(
                    f"{c.grade.label_zh} {c.name} 重复",
                    f"class {c.name} of {c.grade.label_en} appears twice",
                    where=f"School.classes[{i}]",
                )
            seen.add((c.grade, c.name))
        if self.mode not in self.modes:
            raise InvalidInput(
                f"学校的教学模式 {self.mode.value} 不在其开设的教学模式中",
                f"the school's mode ({self.mode.en}) is not among the modes it runs",
                where="School.modes",
            )
        for i, c in enumerate(self.classes):
            if c.mode is not None and c.mode not in self.modes:
                raise InvalidInput(
                    f"{c.grade.label_zh} {c.name} 为{c.mode.value}，学校未开设该教学模式",
                    f"class {c.name} of {c.grade.label_en} is {c.mode.en}, a mode the school does "
                    "not run",
                    where=f"School.classes[{i}].mode",
                )

    @property
    def modes(self) -> frozenset[TeachingMode]:
        """Every teaching mode the school runs (clauses 6.1, 6.3): as given, else its ``mode`` and
        each class's."""
        return self._modes or _default_modes(self)

    @property
    def sole_mode(self) -> TeachingMode | None:
        """The school's mode when it runs only one (every class has it), else ``None`` (6.1)."""
        return next(iter(self.modes)) if len(self.modes) == 1 else None

    def runs(self, mode: TeachingMode) -> bool:
        """True when the school runs classes of ``mode`` (clauses 6.1, 6.3)."""
        check_type(mode, "mode", TeachingMode)
        return mode in self.modes

    def class_mode(self, grade: Grade, class_name: str | None) -> TeachingMode | None:
        """The teaching mode of the class (clauses 2.1.6.2, 6.1, 6.3): its :class:`ClassInfo` ``mode``,
        else the school's :attr:`sole_mode`; ``None`` when the school runs several modes and the class
        gives none (unknown: a rule that needs it says so, it never guesses)."""
        check_type(grade, "grade", Grade)
        check_type(class_name, "class_name", str, optional=True)
        for c in self.classes:
            if c.grade == grade and c.name == class_name and c.mode is not None:
                return c.mode
        return self.sole_mode

    @property
    def in_prefecture(self) -> bool:
        """True for a school of 凉山州 (the 10-working-day rule of clause 2.1.4 applies)."""
        return self.prefecture == LIANGSHAN_PREFECTURE

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> School:
        """A school from a dict of plain values (``"stages": ["小学"]``, ``"system": "六三制"``, ``"mode":
        "二类模式"``, ``"classes"`` a list of dicts), as :meth:`Student.from_dict`."""
        return _from_dict(data, cls)

    def offers(self, grade: Grade) -> bool:
        """True when the school has ``grade``'s stage, under its 学制 for compulsory grades."""
        check_type(grade, "grade", Grade)
        if grade.stage not in self.stages:
            return False
        return not grade.compulsory or grade.system is self.system

    def class_size(self, grade: Grade, class_name: str) -> int | None:
        """The current size (班额) of the class, or ``None`` when the school lists no such class."""
        for c in self.classes:
            if c.grade == grade and c.name == class_name:
                return c.size
        return None

    def size_limit(self, stage: Stage, params: ParameterSet, on: _dt.date) -> int:
        """The class-size standard that applies (clauses 2.1.2, 2.1.6.1).

        The parameter ``class_size_limit_primary|junior|senior`` in force on ``on``, or the county-set
        ``class_size_limit`` when it is lower (a county may lower the standard, never raise it).
        """
        check_type(params, "params", ParameterSet)
        check_date(on, "on")
        if not isinstance(stage, Stage):
            raise InvalidInput("学段应为 Stage", "stage must be a Stage", where="stage")
        standard = params.int_value(_CLASS_SIZE_PARAMETER[stage], on)
        if self.class_size_limit is not None:
            return min(self.class_size_limit, standard)
        return standard


# --------------------------------------------------------------------------------------------------
# Events, history and records
# --------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class HistoryEntry:
    """One accepted event of a record's history, with the state after it (clause 1.5).

    ``on`` is the date of the act; ``status``, ``school_code``, ``grade`` and ``mode`` (the student's
    teaching mode, :attr:`Record.mode`; ``None``: not recorded) are the record's after it.
    """

    on: _dt.date = attrs.field(validator=declared("HistoryEntry.on"))
    event: Event = attrs.field(validator=of(Event))
    status: Status = attrs.field(validator=declared("HistoryEntry.status"))
    school_code: str = attrs.field(validator=declared("HistoryEntry.school_code"))
    grade: Grade = attrs.field(validator=of(Grade))
    mode: TeachingMode | None = attrs.field(default=None, validator=declared("HistoryEntry.mode"))


@attrs.frozen(kw_only=True)
class TransferWorkflow:
    """An open transfer (转学, clauses 2.1–2.1.4): started by the receiving school on ``started_on``,
    due on ``due``; the dates on which the receiving authority, the sending school and the sending
    authority acted, ``None`` while they have not. ``cross_prefecture`` transfers follow the province's
    timing (2.1.4): their ``due`` is ``None`` while the province's period is not set (a transfer inside
    the prefecture always has one).
    """

    to_school: str = attrs.field(validator=declared("TransferWorkflow.to_school"))
    to_grade: Grade = attrs.field(validator=of(Grade))
    to_class: str = attrs.field(validator=declared("TransferWorkflow.to_class"))
    started_on: _dt.date = attrs.field(validator=declared("TransferWorkflow.started_on"))
    due: _dt.date | None = attrs.field(validator=declared("TransferWorkflow.due"))
    cross_prefecture: bool = attrs.field(validator=declared("TransferWorkflow.cross_prefecture"))
    receiving_authority_on: _dt.date | None = attrs.field(
        default=None, validator=declared("TransferWorkflow.receiving_authority_on")
    )
    sending_school_on: _dt.date | None = attrs.field(
        default=None, validator=declared("TransferWorkflow.sending_school_on")
    )
    sending_authority_on: _dt.date | None = attrs.field(
        default=None, validator=declared("TransferWorkflow.sending_authority_on")
    )

    def __attrs_post_init__(self) -> None:
        if self.due is None and not self.cross_prefecture:
            raise InvalidInput(
                "州内转学须有办理期限（2.1.4：10 个工作日）",
                "a transfer inside the prefecture needs its due date (2.1.4: 10 working days)",
                where="TransferWorkflow.due",
            )
        if self.due is not None and self.due < self.started_on:
            raise InvalidInput(
                "办理期限早于开始日期",
                "the due date is before the start",
                where="TransferWorkflow.due",
            )
        for name in ("receiving_authority_on", "sending_school_on", "sending_authority_on"):
            acted = getattr(self, name)
            if acted is not None and acted < self.started_on:
                raise InvalidInput(
                    "办理日期早于转学开始日期",
                    "an act of the transfer is dated before its start",
                    where=f"TransferWorkflow.{name}",
                )


@attrs.frozen(kw_only=True)
class SuspensionPeriod:
    """A 休学 period (clauses 2.2.1–2.2.5): its start, its current end, the number of extensions
    (2.2.4) and whether a graduation-year suspension was filed with the prefecture (2.2.5).
    """

    started_on: _dt.date = attrs.field(validator=declared("SuspensionPeriod.started_on"))
    ends_on: _dt.date = attrs.field(validator=declared("SuspensionPeriod.ends_on"))
    extensions: int = attrs.field(default=0, validator=declared("SuspensionPeriod.extensions"))
    filed_with_prefecture: bool = attrs.field(
        default=False, validator=declared("SuspensionPeriod.filed_with_prefecture")
    )

    def __attrs_post_init__(self) -> None:
        if self.ends_on < self.started_on:
            raise InvalidInput(
                "休学结束日期早于开始日期",
                "the suspension ends before it starts",
                where="SuspensionPeriod.ends_on",
            )


def _optional_instance(cls: type) -> Any:
    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            of(cls)(inst, attribute, value)

    return check


def _history_validator(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    collection_of(HistoryEntry)(inst, attribute, value)
    assert isinstance(value, tuple)
    student = getattr(inst, "student", None)
    if isinstance(student, Student) and student.former_identity_numbers:
        _check_corrections(student, value)
    for i in range(1, len(value)):
        if value[i].on < value[i - 1].on:
            raise InvalidInput(
                f"历史记录的日期倒序：第 {i + 1} 条（{value[i].on}）早于前一条（{value[i - 1].on}）",
                f"history out of order: entry {i} ({value[i].on}) is before the previous one "
                f"({value[i - 1].on})",
                where=f"Record.history[{i}]",
            )


def _check_corrections(student: Student, history: tuple[HistoryEntry, ...]) -> None:
    """Clause 4: each former ID number of ``student`` was replaced by an accepted correction of
    ``history`` (:attr:`Event.replaced_identity_number`), in the same order."""
    replaced = [
        e.event.replaced_identity_number
        for e in history
        if e.event.replaced_identity_number is not None
    ]
    former = [f.value for f in student.former_identity_numbers]
    if replaced[-len(former) :] != former:
        raise InvalidInput(
            "学生的原身份证号与学籍历史中经核准的身份证号更正（4）不符：原身份证号只能由更正产生",
            "the student's former ID numbers are not those the accepted ID corrections of the "
            "history replaced (clause 4): a former ID number comes only from a correction",
            where="Record.student.former_identity_numbers",
        )


@attrs.frozen(kw_only=True)
class Record:
    """A student's 学籍 at one school: the student, school, grade, class, status, open workflows (a
    transfer, a 休学 period) and the append-only history of accepted events (clauses 1.1, 1.5).

    ``mode`` is the student's own teaching mode (教学模式, clauses 2.1.6.2, 6.1, 6.3) when given; else
    the class's (:func:`student_mode`).

    The history grows only through :meth:`appended`; its dates never decrease. ``repr`` masks personal
    data (it shows the student's masked ``repr``). The student's ``former_identity_numbers`` must be
    the ID numbers the history's last ID corrections replaced, in order (clause 4: a G number other
    than the current ID number only with the correction that explains it).
    """

    student: Student = attrs.field(validator=of(Student))
    school_code: str = attrs.field(validator=declared("Record.school_code"))
    grade: Grade = attrs.field(validator=of(Grade))
    class_name: str = attrs.field(validator=declared("Record.class_name"))
    status: Status = attrs.field(
        default=Status.ENROLLED, converter=to_status, validator=declared("Record.status")
    )
    enrolled_on: _dt.date = attrs.field(converter=to_date, validator=declared("Record.enrolled_on"))
    transfer: TransferWorkflow | None = attrs.field(
        default=None, validator=_optional_instance(TransferWorkflow)
    )
    suspension: SuspensionPeriod | None = attrs.field(
        default=None, validator=_optional_instance(SuspensionPeriod)
    )
    history: tuple[HistoryEntry, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_history_validator
    )
    mode: TeachingMode | None = attrs.field(
        default=None, converter=to_optional_mode, validator=declared("Record.mode")
    )

    @property
    def compulsory_year(self) -> int | None:
        """The compulsory year 1–9 (clause 2.1.5), or ``None`` in senior high."""
        return self.grade.year if self.grade.compulsory else None

    @property
    def last_event_on(self) -> _dt.date | None:
        """The date of the latest history entry, ``None`` for an empty history."""
        return self.history[-1].on if self.history else None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Record:
        """A record from a dict of plain values, nested dicts for its parts (issue 16)::

            Record.from_dict({"student": {...}, "school_code": "5134010001",
                              "grade": {"stage": "小学", "number": 4}, "class_name": "2班",
                              "enrolled_on": "2017-09-01"})

        ``grade``'s ``system`` defaults to 六三制 (write ``"system": "五四制"`` otherwise), ``status`` to
        在校. Strict, as :meth:`Student.from_dict`; a roster row (column names to text) is read by
        :func:`liangshan_xueji.io.roster.record_from_row` instead."""
        return _from_dict(data, cls)

    def appended(self, entry: HistoryEntry, **changes: Any) -> Record:
        """A new record with ``entry`` appended to the history and ``changes`` applied (``attrs.evolve``).

        The only way the history grows (clause 1.5). ``status``, ``school_code`` and ``grade`` default
        to the entry's (the state after the event) and must agree with it. ``history`` cannot be
        changed, nor the student's identity (``student.key``); an entry dated before the last one is
        refused. Raises :class:`InvalidInput`.
        """
        if not isinstance(entry, HistoryEntry):
            raise InvalidInput(
                f"应为 HistoryEntry，得到 {type(entry).__name__}",
                f"expected a HistoryEntry, got {type(entry).__name__}",
                where="entry",
            )
        if "history" in changes:
            raise InvalidInput(
                "历史记录只能追加，不能替换",
                "the history is append-only and cannot be replaced",
                where="history",
            )
        unknown = sorted(set(changes) - {a.name for a in attrs.fields(Record)})
        if unknown:
            raise InvalidInput(
                f"Record 没有字段 {', '.join(unknown)}",
                f"Record has no field {', '.join(unknown)}",
                where=unknown[0],
            )
        student = changes.get("student", self.student)
        if not isinstance(student, Student) or student.key != self.student.key:
            raise InvalidInput(
                "不能更换学籍所属的学生（学籍号不同）",
                "a record cannot change to another student (different student number)",
                where="student",
            )
        for name in ("status", "school_code", "grade"):
            changes.setdefault(name, getattr(entry, name))
            if changes[name] != getattr(entry, name):
                raise InvalidInput(
                    f"{name} 与历史记录中事件后的状态不一致",
                    f"{name} disagrees with the state after the event in the history entry",
                    where=name,
                )
        return attrs.evolve(self, history=(*self.history, entry), **changes)


def student_mode(record: Record, school: School) -> TeachingMode | None:
    """The student's teaching mode (教学模式, clauses 2.1.6.2, 6.1, 6.3): the record's own ``mode``,
    else its class's at ``school`` (:meth:`School.class_mode`: the class's ``mode``, else the school's
    when it runs only one). ``None`` when none of these is known: a rule that needs the mode says which
    fact to give and never guesses. ``school`` is the school holding the record."""
    check_type(record, "record", Record)
    check_type(school, "school", School)
    if school.code != record.school_code:
        raise InvalidInput(
            f"学校 {school.code} 不是学籍所在学校 {record.school_code}",
            f"school {school.code} does not hold the record (held at {record.school_code})",
            where="school",
        )
    if record.mode is not None:
        return record.mode
    return school.class_mode(record.grade, record.class_name)
