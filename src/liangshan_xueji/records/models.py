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
import enum
import operator
import re
from collections.abc import Iterable
from typing import Any, ClassVar

import attrs

from .._validators import check_date, collection_of, count, date_field, of, text, to_tuple, where
from ..errors import InvalidInput
from ..law.parameters import ParameterSet
from ._privacy import mask_id, mask_name, mask_phone

__all__ = [
    "LIANGSHAN_COUNTIES",
    "LIANGSHAN_PREFECTURE",
    "PROVINCE_CODES",
    "ClassInfo",
    "Event",
    "Grade",
    "Guardian",
    "HistoryEntry",
    "IdentityNumber",
    "InvalidGrade",
    "InvalidIdentityNumber",
    "InvalidStudentNumber",
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
]

# --------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------


class InvalidIdentityNumber(InvalidInput):
    """A malformed 居民身份证号 (GB 11643-1999). 身份证号格式错误。The message never holds the full number."""


class InvalidStudentNumber(InvalidInput):
    """A malformed 全国学籍号 (G/L/J + 18 characters). 学籍号格式错误。"""


class InvalidGrade(InvalidInput):
    """A grade that does not exist under its stage and 学制 (e.g. 六三制 初中四年级). 不存在的年级。"""


# --------------------------------------------------------------------------------------------------
# Small validators shared by the models
# --------------------------------------------------------------------------------------------------

_MIN_BIRTH_YEAR = 1900


_where = where
_check_date = check_date
_date_validator = date_field
_instance_of = of
_nonempty_str = text()
_str = of(str)
_non_negative_int = count
_tuple_of = collection_of


def _optional_date_validator(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_date(value, _where(inst, attribute))


def _birth_date_validator(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    d = _check_date(value, _where(inst, attribute))
    if d.year < _MIN_BIRTH_YEAR:
        raise InvalidInput(
            f"出生日期不能早于 {_MIN_BIRTH_YEAR} 年",
            f"a birth date cannot be before {_MIN_BIRTH_YEAR}",
            where=_where(inst, attribute),
        )


# --------------------------------------------------------------------------------------------------
# Enumerations
# --------------------------------------------------------------------------------------------------


class Sex(enum.Enum):
    """性别. The 17th character of an ID number is odd for men (GB 11643-1999)."""

    MALE = "男"
    FEMALE = "女"


class Stage(enum.Enum):
    """学段: 小学 (primary), 初中 (junior), 高中 (senior)."""

    PRIMARY = "小学"
    JUNIOR = "初中"
    SENIOR = "高中"

    @property
    def en(self) -> str:
        """English name: ``primary``, ``junior``, ``senior``."""
        return self.name.lower()


class SchoolSystem(enum.Enum):
    """学制 of the compulsory stage: 六三制 (6 + 3 years) or 五四制 (5 + 4 years) (clause 2.1.5)."""

    SIX_THREE = "六三制"
    FIVE_FOUR = "五四制"

    @property
    def primary_years(self) -> int:
        """Years of primary school under this 学制 (6 or 5)."""
        return 6 if self is SchoolSystem.SIX_THREE else 5

    @property
    def junior_years(self) -> int:
        """Years of junior school under this 学制 (3 or 4)."""
        return 3 if self is SchoolSystem.SIX_THREE else 4

    @property
    def en(self) -> str:
        """English name: ``six-three`` or ``five-four``."""
        return "six-three" if self is SchoolSystem.SIX_THREE else "five-four"


class TeachingMode(enum.Enum):
    """教学模式 of Liangshan's schools (clauses 2.1.6.2, 6.1–6.3).

    一类模式: Yi is the language of instruction, Chinese a subject; 二类模式: the reverse.
    """

    MODEL_ONE = "一类模式"
    MODEL_TWO = "二类模式"
    OTHER = "其他"

    @property
    def en(self) -> str:
        """English name."""
        return {
            TeachingMode.MODEL_ONE: "model one (Yi-medium)",
            TeachingMode.MODEL_TWO: "model two (Chinese-medium)",
            TeachingMode.OTHER: "other",
        }[self]


class Status(enum.Enum):
    """学籍状态, in the national system's vocabulary (clauses 1.5, 2.2–2.5, 3.1, 3.3).

    ``DECEASED`` (死亡, clause 2.5) and ``DUPLICATE_REMOVED`` (重复学籍已删除, clause 3.3) are terminal:
    no event leaves them. ``GRADUATED`` ends a stage; the next stage continues the same archive through
    admission (3.2), so it is not terminal here.
    """

    ENROLLED = "在校"
    SUSPENDED = "休学"
    SUSPECTED_DROPOUT = "疑似辍学"
    DROPPED_OUT = "辍学"
    OTHER_DEPARTURE = "其他离校"
    DECEASED = "死亡"
    GRADUATED = "毕业"
    DUPLICATE_REMOVED = "重复学籍已删除"

    @property
    def terminal(self) -> bool:
        """True for states no event may leave: 死亡 (2.5) and a removed duplicate (3.3)."""
        return self in (Status.DECEASED, Status.DUPLICATE_REMOVED)

    @property
    def zh(self) -> str:
        """The Chinese name (the value)."""
        return self.value

    @property
    def en(self) -> str:
        """The English name, as the glossary gives it."""
        return _STATUS_EN[self]


_STATUS_EN = {
    Status.ENROLLED: "enrolled",
    Status.SUSPENDED: "suspended",
    Status.SUSPECTED_DROPOUT: "suspected dropout",
    Status.DROPPED_OUT: "dropped out",
    Status.OTHER_DEPARTURE: "other departure",
    Status.DECEASED: "deceased",
    Status.GRADUATED: "graduated",
    Status.DUPLICATE_REMOVED: "duplicate removed",
}


class StudentNumberKind(enum.Enum):
    """The three kinds of 全国学籍号: ``G`` (from the ID number), ``L`` (temporary), ``J`` (no usable ID)."""

    G = "G"
    L = "L"
    J = "J"


# --------------------------------------------------------------------------------------------------
# Identity and student numbers
# --------------------------------------------------------------------------------------------------

#: Province-level codes of GB/T 2260 (the first two digits of a 居民身份证号), 11 北京 … 82 澳门.
PROVINCE_CODES: frozenset[str] = frozenset(
    (
        *("11", "12", "13", "14", "15"),
        *("21", "22", "23"),
        *("31", "32", "33", "34", "35", "36", "37"),
        *("41", "42", "43", "44", "45", "46"),
        *("50", "51", "52", "53", "54"),
        *("61", "62", "63", "64", "65"),
        *("71", "81", "82"),
    )
)
_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


def _check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits (GB 11643-1999)."""
    total = sum(map(operator.mul, map(int, first17[:17]), _WEIGHTS))  # in C
    return _CHECK_CHARS[total % 11]


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _id_problem(value: str) -> tuple[str, str] | None:
    """What is wrong with an ID number, as (zh, en), or None. Never echoes the number."""
    if len(value) == 18 and _SHAPE.fullmatch(value) and value[:2] in PROVINCE_CODES:
        # fast path: only the date and the check character remain to be checked
        try:
            birth = _dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
        except ValueError:
            birth = None
        if birth is not None and birth.year >= _MIN_BIRTH_YEAR and value[17] == _check_char(value):
            return None
    if len(value) != 18:
        return (
            f"身份证号应为 18 位，实际 {len(value)} 位",
            f"an ID number has 18 characters, this one has {len(value)}",
        )
    for k, ch in enumerate(value[:17], start=1):
        if not ("0" <= ch <= "9"):
            return (f"第 {k} 位应为数字", f"character {k} must be a digit")
    if not ("0" <= value[17] <= "9" or value[17] == "X"):
        return (
            "第 18 位（校验码）应为数字或 X",
            "character 18 (the check character) must be a digit or X",
        )
    if value[:2] not in PROVINCE_CODES:
        return (
            f"前两位 {value[:2]} 不是有效的省级行政区划代码",
            f"the first two digits {value[:2]} are not a province code (GB/T 2260)",
        )
    try:
        birth = _dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return ("第 7–14 位不是有效的出生日期", "characters 7–14 are not a real birth date")
    if birth.year < _MIN_BIRTH_YEAR:
        return (
            f"出生年份早于 {_MIN_BIRTH_YEAR} 年",
            f"the birth year is before {_MIN_BIRTH_YEAR}",
        )
    expected = _check_char(value[:17])
    if value[17] != expected:
        return (
            f"校验码错误：应为 {expected}，实为 {value[17]}",
            f"wrong check character: expected {expected}, got {value[17]}",
        )
    return None


def _validate_identity(inst: IdentityNumber, _a: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidIdentityNumber(
            f"身份证号应为文本（str），得到 {type(value).__name__}",
            f"an ID number must be a str, got {type(value).__name__}",
            where="IdentityNumber.value",
        )
    problem = _id_problem(value)
    if problem is not None:
        zh, en = problem
        masked = mask_id(value)
        raise InvalidIdentityNumber(
            f"身份证号 {masked} 无效：{zh}",
            f"invalid ID number {masked}: {en}",
            where="IdentityNumber.value",
        )


@attrs.frozen(repr=False)
class IdentityNumber:
    """居民身份证号 (GB 11643-1999), validated, masked in ``repr``/``str``.

    Layout: 6-digit region (行政区划代码, the first two a province code), 8-digit birth date (YYYYMMDD,
    a real date from 1900 on), 3-digit sequence (顺序码: odd for men, even for women) and a check
    character by ISO 7064 MOD 11-2 (weights ``2**(17-i) % 11``, ``"10X98765432"[sum % 11]``). The
    province code must be one of GB/T 2260's (:data:`PROVINCE_CODES`, 11–82). A lower-case ``x`` is
    accepted and stored upper-case, surrounding spaces are dropped. Invalid input raises
    :class:`InvalidIdentityNumber`, whose message shows only the masked number.

    ``repr``/``str`` show the masked form ``5134**********123X`` (clauses 7.1, 8.2); :meth:`reveal` gives
    the full value when the caller explicitly asks for it (e.g. to store it).
    """

    value: str = attrs.field(converter=_upper, validator=_validate_identity)

    @classmethod
    def build(cls, region: str, birth: _dt.date, sequence: int) -> IdentityNumber:
        """The ID number with this region, birth date and sequence, its check character computed.

        用行政区划代码、出生日期和顺序码生成身份证号（计算校验码）。For tests and synthetic rosters.
        """
        if not (
            isinstance(region, str) and len(region) == 6 and region.isascii() and region.isdigit()
        ):
            raise InvalidIdentityNumber(
                "行政区划代码应为 6 位数字", "the region code must be 6 digits", where="region"
            )
        if isinstance(birth, _dt.datetime) or not isinstance(birth, _dt.date):
            raise InvalidIdentityNumber(
                f"出生日期应为 datetime.date，不能是 {type(birth).__name__}",
                f"the birth date must be a datetime.date, not a {type(birth).__name__}",
                where="birth",
            )
        if birth.year < _MIN_BIRTH_YEAR:
            raise InvalidIdentityNumber(
                f"出生年份早于 {_MIN_BIRTH_YEAR} 年",
                f"the birth year is before {_MIN_BIRTH_YEAR}",
                where="birth",
            )
        if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 <= sequence <= 999:
            raise InvalidIdentityNumber(
                "顺序码应为 0–999 的整数", "the sequence must be an integer 0–999", where="sequence"
            )
        first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
        return cls(first17 + _check_char(first17))

    @property
    def region(self) -> str:
        """The 6-digit region code (行政区划代码) of the place of first registration."""
        return self.value[:6]

    @property
    def birth_date(self) -> _dt.date:
        """The birth date (出生日期) encoded in characters 7–14."""
        v = self.value
        return _dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))

    @property
    def sequence(self) -> int:
        """The 3-digit sequence (顺序码); odd for men, even for women."""
        return int(self.value[14:17])

    @property
    def sex(self) -> Sex:
        """The sex encoded by the sequence's parity (odd = 男)."""
        return Sex.MALE if self.sequence % 2 == 1 else Sex.FEMALE

    @property
    def masked(self) -> str:
        """``5134**********123X``: the first four and the last four characters kept."""
        return mask_id(self.value)

    def reveal(self) -> str:
        """The full ID number. 完整身份证号——仅在明确需要时调用 (clauses 7.1, 8.2)."""
        return self.value

    def __repr__(self) -> str:
        return f"IdentityNumber({self.masked!r})"

    def __str__(self) -> str:
        return self.masked


def _validate_student_number(inst: StudentNumber, _a: attrs.Attribute[str], value: object) -> None:
    where = "StudentNumber.value"
    if not isinstance(value, str):
        raise InvalidStudentNumber(
            f"学籍号应为文本（str），得到 {type(value).__name__}",
            f"a student number must be a str, got {type(value).__name__}",
            where=where,
        )
    masked = mask_id(value)
    if len(value) != 19:
        raise InvalidStudentNumber(
            f"学籍号 {masked} 无效：应为 19 位（G/L/J + 18 位），实际 {len(value)} 位",
            f"invalid student number {masked}: it has 19 characters (G/L/J + 18), not {len(value)}",
            where=where,
        )
    if value[0] not in "GLJ":
        raise InvalidStudentNumber(
            f"学籍号 {masked} 无效：首字母应为 G、L 或 J",
            f"invalid student number {masked}: it must start with G, L or J",
            where=where,
        )
    if value[0] == "G":
        problem = _id_problem(value[1:])
        if problem is not None:
            zh, en = problem
            raise InvalidStudentNumber(
                f"学籍号 {masked} 无效：G 字头后应为有效身份证号，{zh}",
                f"invalid student number {masked}: a G number holds a valid ID number; {en}",
                where=where,
            )
    elif not _SHAPE.fullmatch(value[1:]):
        raise InvalidStudentNumber(
            f"学籍号 {masked} 无效：{value[0]} 字头后应为 17 位数字加 1 位数字或 X",
            f"invalid student number {masked}: {value[0]} is followed by 17 digits and a digit or X",
            where=where,
        )


@attrs.frozen(repr=False)
class StudentNumber:
    """全国学籍号: ``G`` + a valid ID number, or ``L`` (temporary, replaced by a G number after national
    de-duplication) / ``J`` (no usable ID number) + 18 characters of the same shape (17 digits and a
    digit or X; the check character is not verified for L and J).

    Masked in ``repr``/``str``; :meth:`reveal` gives the full value on explicit request.
    """

    value: str = attrs.field(converter=_upper, validator=_validate_student_number)

    @classmethod
    def from_identity(cls, identity: IdentityNumber) -> StudentNumber:
        """The G number of a student with this ID number. 由身份证号生成 G 字头学籍号。"""
        return cls("G" + identity.reveal())

    @property
    def kind(self) -> StudentNumberKind:
        """G, L or J."""
        return StudentNumberKind(self.value[0])

    @property
    def identity(self) -> IdentityNumber | None:
        """The ID number a G number carries; ``None`` for L and J numbers."""
        return IdentityNumber(self.value[1:]) if self.kind is StudentNumberKind.G else None

    @property
    def masked(self) -> str:
        """The masked form (first four and last four characters kept)."""
        return mask_id(self.value)

    def reveal(self) -> str:
        """The full student number, on explicit request. 完整学籍号。"""
        return self.value

    def __repr__(self) -> str:
        return f"StudentNumber({self.masked!r})"

    def __str__(self) -> str:
        return self.masked


# --------------------------------------------------------------------------------------------------
# Students
# --------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class Guardian:
    """监护人: relation (e.g. 父亲), name, employer (工作单位) and phone. Name and phone masked in repr."""

    relation: str = attrs.field(validator=_nonempty_str)
    name: str = attrs.field(validator=_nonempty_str)
    employer: str = attrs.field(default="", validator=_str)
    phone: str = attrs.field(default="", validator=_str)

    def __repr__(self) -> str:
        return (
            f"Guardian(relation={self.relation!r}, name={mask_name(self.name)!r}, "
            f"employer={self.employer!r}, phone={mask_phone(self.phone)!r})"
        )


def _optional_identity(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _instance_of(IdentityNumber)(inst, attribute, value)


@attrs.frozen(kw_only=True, repr=False)
class Student:
    """A student's basic information (学生基本信息, clauses 1.2, 4): name, sex, birth date, 民族, ID number,
    student number, 户籍所在地, address and guardians.

    Consistency: when ``identity_number`` is given, ``birth_date`` and ``sex`` must be those it encodes;
    a ``G`` student number must carry exactly this ID number (so a G number needs ``identity_number``).
    L and J numbers carry no ID. ``repr`` masks the name, ID and student numbers, the address and the
    guardians' names and phones, and shows only the birth year (clauses 7.1, 8.2).
    """

    name: str = attrs.field(validator=_nonempty_str)
    sex: Sex = attrs.field(validator=_instance_of(Sex))
    birth_date: _dt.date = attrs.field(validator=_birth_date_validator)
    ethnicity: str = attrs.field(validator=_nonempty_str)
    identity_number: IdentityNumber | None = attrs.field(validator=_optional_identity)
    student_number: StudentNumber = attrs.field(validator=_instance_of(StudentNumber))
    household_registration: str = attrs.field(validator=_str)
    address: str = attrs.field(validator=_str)
    guardians: tuple[Guardian, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_tuple_of(Guardian)
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
            ident is None or number.value[1:] != ident.value
        ):
            raise InvalidInput(
                f"G 字头学籍号 {self.student_number.masked} 须包含该生的身份证号",
                f"G student number {self.student_number.masked} must carry the student's ID number",
                where="Student.student_number",
            )

    @property
    def key(self) -> str:
        """The full student number: the student's identity across records (the roster's join key).

        Not for display: it holds the full ID number of a G student. Show :attr:`student_number`
        (masked) instead.
        """
        return self.student_number.value

    def __repr__(self) -> str:
        ident = None if self.identity_number is None else self.identity_number.masked
        return (
            f"Student(name={mask_name(self.name)!r}, sex={self.sex.value!r}, "
            f"birth_year={self.birth_date.year}, ethnicity={self.ethnicity!r}, "
            f"identity_number={ident!r}, student_number={self.student_number.masked!r}, "
            f"household_registration={self.household_registration!r}, "
            f"address={mask_name(self.address)!r}, guardians={self.guardians!r})"
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

    stage: Stage = attrs.field(validator=_instance_of(Stage))
    number: int = attrs.field(validator=_instance_of(int))
    system: SchoolSystem = attrs.field(
        default=SchoolSystem.SIX_THREE, validator=_instance_of(SchoolSystem)
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

LIANGSHAN_PREFECTURE = "凉山州"

#: The 17 counties and cities (县市) of 凉山彝族自治州.
LIANGSHAN_COUNTIES: frozenset[str] = frozenset(
    (
        "西昌市",
        "会理市",
        "木里藏族自治县",
        "盐源县",
        "德昌县",
        "会东县",
        "宁南县",
        "普格县",
        "布拖县",
        "金阳县",
        "昭觉县",
        "喜德县",
        "冕宁县",
        "越西县",
        "甘洛县",
        "美姑县",
        "雷波县",
    )
)

_CLASS_SIZE_PARAMETER = {
    Stage.PRIMARY: "class_size_limit_primary",
    Stage.JUNIOR: "class_size_limit_junior",
    Stage.SENIOR: "class_size_limit_senior",
}


@attrs.frozen(kw_only=True)
class ClassInfo:
    """A class (班级) of a school: its grade, name (e.g. ``3班``) and current size (班额, clause 2.1.2)."""

    grade: Grade = attrs.field(validator=_instance_of(Grade))
    name: str = attrs.field(validator=_nonempty_str)
    size: int = attrs.field(validator=_non_negative_int)


def _school_code(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _nonempty_str(inst, attribute, value)
    assert isinstance(value, str)
    if not (value.isascii() and value.isalnum()):
        raise InvalidInput(
            "学校代码只能由字母和数字组成",
            "a school code has letters and digits only",
            where=_where(inst, attribute),
        )


def _to_stages(value: Iterable[Stage]) -> frozenset[Stage]:
    if isinstance(value, (str, bytes)):
        return value  # the validator reports it
    try:
        return frozenset(value)
    except TypeError:
        return value  # type: ignore[return-value]  # the validator reports it


def _stages_validator(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    where = _where(inst, attribute)
    if not isinstance(value, frozenset) or not all(isinstance(s, Stage) for s in value):
        raise InvalidInput("学段应为 Stage 的集合", "stages must be a set of Stage", where=where)
    if not value:
        raise InvalidInput(
            "学校至少开设一个学段", "a school offers at least one stage", where=where
        )


def _optional_positive_int(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    _instance_of(int)(inst, attribute, value)
    assert isinstance(value, int)
    if value <= 0:
        raise InvalidInput(
            f"班额标准应为正整数，得到 {value}",
            f"a class-size limit must be positive, got {value}",
            where=_where(inst, attribute),
        )


@attrs.frozen(kw_only=True)
class School:
    """A school (学校): code, name, county, stages offered, 学制, teaching mode, whether it is a
    provincial model senior high (省级示范性普通高中, clause 2.1.6.2), its classes and the class-size
    limit that applies (clauses 2.1.2, 2.1.6.1).

    ``county`` must be one of :data:`LIANGSHAN_COUNTIES` when ``prefecture`` is 凉山州; a school of
    another prefecture (the other end of a cross-prefecture transfer) names its own. ``class_size_limit``
    is a standard the county set for this school (2.1.2: 各县市要根据当地实际控制班额); when ``None``
    the parameters' national/provincial standard for the stage applies. ``provincial_model`` is only
    allowed on a school that offers the senior stage. Every class must be of a grade the school offers,
    and class names are unique within a grade.
    """

    code: str = attrs.field(validator=_school_code)
    name: str = attrs.field(validator=_nonempty_str)
    county: str = attrs.field(validator=_nonempty_str)
    prefecture: str = attrs.field(default=LIANGSHAN_PREFECTURE, validator=_nonempty_str)
    stages: frozenset[Stage] = attrs.field(converter=_to_stages, validator=_stages_validator)
    system: SchoolSystem = attrs.field(validator=_instance_of(SchoolSystem))
    mode: TeachingMode = attrs.field(validator=_instance_of(TeachingMode))
    provincial_model: bool = attrs.field(default=False, validator=_instance_of(bool))
    classes: tuple[ClassInfo, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_tuple_of(ClassInfo)
    )
    class_size_limit: int | None = attrs.field(default=None, validator=_optional_positive_int)

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

    @property
    def in_prefecture(self) -> bool:
        """True for a school of 凉山州 (the 10-working-day rule of clause 2.1.4 applies)."""
        return self.prefecture == LIANGSHAN_PREFECTURE

    def offers(self, grade: Grade) -> bool:
        """True when the school has ``grade``'s stage, under its 学制 for compulsory grades."""
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

        The county-set ``class_size_limit`` when there is one, else the parameter
        ``class_size_limit_primary|junior|senior`` in force on ``on``.
        """
        if not isinstance(stage, Stage):
            raise InvalidInput("学段应为 Stage", "stage must be a Stage", where="stage")
        _check_date(on, "on")
        if self.class_size_limit is not None:
            return self.class_size_limit
        return params.int_value(_CLASS_SIZE_PARAMETER[stage], on)


# --------------------------------------------------------------------------------------------------
# Events, history and records
# --------------------------------------------------------------------------------------------------

_EVENT_KINDS: dict[str, type[Event]] = {}


@attrs.frozen(kw_only=True)
class Event:
    """Base of the status changes (学籍异动); the concrete events live in ``status.py``.

    Each concrete subclass names its ``kind`` — ``class Suspension(Event, kind="suspension")`` — which
    registers it: :meth:`by_kind` finds it and serialization tags it as ``{"kind": ..., ...}``. A kind used
    twice raises :class:`InvalidInput` when the second class is defined (at import). A subclass without a
    ``kind`` is an abstract intermediate base and is not registered.

    (attrs rebuilds slotted classes, which calls ``__init_subclass__`` a second time without the keyword;
    the kind already written into the class is then re-registered for the rebuilt class.)
    """

    kind: ClassVar[str] = ""

    def __init_subclass__(cls, kind: str | None = None, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if kind is None:
            kind = cls.__dict__.get("kind")
            if kind is None:
                return
        if not isinstance(kind, str) or not kind.strip() or kind != kind.strip():
            raise InvalidInput(
                f"事件类型名无效：{kind!r}",
                f"invalid event kind {kind!r}",
                where=cls.__qualname__,
            )
        old = _EVENT_KINDS.get(kind)
        if old is not None and (old.__module__, old.__qualname__) != (
            cls.__module__,
            cls.__qualname__,
        ):
            raise InvalidInput(
                f"事件类型 {kind!r} 已由 {old.__qualname__} 使用",
                f"event kind {kind!r} is already used by {old.__qualname__}",
                where=cls.__qualname__,
            )
        cls.kind = kind
        _EVENT_KINDS[kind] = cls

    @classmethod
    def by_kind(cls, kind: str) -> type[Event]:
        """The event class registered under ``kind``; :class:`InvalidInput` if there is none."""
        found = _EVENT_KINDS.get(kind) if isinstance(kind, str) else None
        if found is None:
            raise InvalidInput(
                f"未知的学籍异动类型 {kind!r}",
                f"unknown event kind {kind!r}",
                where="kind",
            )
        return found

    @classmethod
    def kinds(cls) -> dict[str, type[Event]]:
        """Every registered kind and its class (a copy)."""
        return dict(_EVENT_KINDS)


@attrs.frozen(kw_only=True)
class HistoryEntry:
    """One accepted event of a record's history, with the state after it (clause 1.5).

    ``on`` is the date of the act; ``status``, ``school_code`` and ``grade`` are the record's after it.
    """

    on: _dt.date = attrs.field(validator=_date_validator)
    event: Event = attrs.field(validator=_instance_of(Event))
    status: Status = attrs.field(validator=_instance_of(Status))
    school_code: str = attrs.field(validator=_nonempty_str)
    grade: Grade = attrs.field(validator=_instance_of(Grade))


@attrs.frozen(kw_only=True)
class TransferWorkflow:
    """An open transfer (转学, clauses 2.1–2.1.4): started by the receiving school on ``started_on``,
    due on ``due``; the dates on which the receiving authority, the sending school and the sending
    authority acted, ``None`` while they have not. ``cross_prefecture`` transfers follow the province's
    timing (2.1.4).
    """

    to_school: str = attrs.field(validator=_nonempty_str)
    to_grade: Grade = attrs.field(validator=_instance_of(Grade))
    to_class: str = attrs.field(validator=_nonempty_str)
    started_on: _dt.date = attrs.field(validator=_date_validator)
    due: _dt.date = attrs.field(validator=_date_validator)
    cross_prefecture: bool = attrs.field(validator=_instance_of(bool))
    receiving_authority_on: _dt.date | None = attrs.field(
        default=None, validator=_optional_date_validator
    )
    sending_school_on: _dt.date | None = attrs.field(
        default=None, validator=_optional_date_validator
    )
    sending_authority_on: _dt.date | None = attrs.field(
        default=None, validator=_optional_date_validator
    )

    def __attrs_post_init__(self) -> None:
        if self.due < self.started_on:
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

    started_on: _dt.date = attrs.field(validator=_date_validator)
    ends_on: _dt.date = attrs.field(validator=_date_validator)
    extensions: int = attrs.field(default=0, validator=_non_negative_int)
    filed_with_prefecture: bool = attrs.field(default=False, validator=_instance_of(bool))

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
            _instance_of(cls)(inst, attribute, value)

    return check


def _history_validator(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _tuple_of(HistoryEntry)(inst, attribute, value)
    assert isinstance(value, tuple)
    for i in range(1, len(value)):
        if value[i].on < value[i - 1].on:
            raise InvalidInput(
                f"历史记录的日期倒序：第 {i + 1} 条（{value[i].on}）早于前一条（{value[i - 1].on}）",
                f"history out of order: entry {i} ({value[i].on}) is before the previous one "
                f"({value[i - 1].on})",
                where=f"Record.history[{i}]",
            )


@attrs.frozen(kw_only=True)
class Record:
    """A student's 学籍 at one school: the student, school, grade, class, status, open workflows (a
    transfer, a 休学 period) and the append-only history of accepted events (clauses 1.1, 1.5).

    The history grows only through :meth:`appended`; its dates never decrease. ``repr`` masks personal
    data (it shows the student's masked ``repr``).
    """

    student: Student = attrs.field(validator=_instance_of(Student))
    school_code: str = attrs.field(validator=_nonempty_str)
    grade: Grade = attrs.field(validator=_instance_of(Grade))
    class_name: str = attrs.field(validator=_nonempty_str)
    status: Status = attrs.field(default=Status.ENROLLED, validator=_instance_of(Status))
    enrolled_on: _dt.date = attrs.field(validator=_date_validator)
    transfer: TransferWorkflow | None = attrs.field(
        default=None, validator=_optional_instance(TransferWorkflow)
    )
    suspension: SuspensionPeriod | None = attrs.field(
        default=None, validator=_optional_instance(SuspensionPeriod)
    )
    history: tuple[HistoryEntry, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_history_validator
    )

    @property
    def compulsory_year(self) -> int | None:
        """The compulsory year 1–9 (clause 2.1.5), or ``None`` in senior high."""
        return self.grade.year if self.grade.compulsory else None

    @property
    def last_event_on(self) -> _dt.date | None:
        """The date of the latest history entry, ``None`` for an empty history."""
        return self.history[-1].on if self.history else None

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
