"""Identity and student numbers, and the vocabularies every record uses: sexes, stages, 学制, teaching
modes, statuses; the prefecture and its counties.

身份证号、学籍号和基本代码。The lowest module of the records: the column schema
(:mod:`liangshan_xueji.records.schema`) reads cells into these values and the models
(:mod:`liangshan_xueji.records.models`) hold them; neither is imported here. :class:`IdentityNumber`
(GB 11643-1999) and :class:`StudentNumber` (G/L/J) own their rules; personal data are masked in every
``repr``/``str`` and message (clauses 7.1, 8.2).
"""

from __future__ import annotations

import datetime as _dt
import enum
import operator
import re
import sys
from typing import Any, ClassVar

import attrs

from .._validators import check_type
from ..errors import InvalidInput
from ._privacy import mask_id

__all__ = [
    "FORMER_LIANGSHAN_COUNTY_CODES",
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
    "Event",
    "IdentityNumber",
    "InvalidGrade",
    "InvalidIdentityNumber",
    "InvalidStudentNumber",
    "Origin",
    "SchoolSystem",
    "Sex",
    "Stage",
    "Status",
    "StudentNumber",
    "StudentNumberKind",
    "TeachingMode",
    "check_region_code",
    "default_origin",
    "origin_of_region",
    "region_in_county",
    "region_known",
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
# Limits
# --------------------------------------------------------------------------------------------------

#: The first year of a date the library accepts (a birth date, an ID number's, any act's).
MIN_YEAR = 1900


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


class Origin(enum.Enum):
    """Where a student is from, for clause 8.5: the mainland, abroad, Hong Kong, Macao or Taiwan.
    学生来源（国籍/地区）：境内、外籍、香港、澳门、台湾。"""

    MAINLAND = "境内"
    FOREIGN = "外籍"
    HONG_KONG = "香港"
    MACAO = "澳门"
    TAIWAN = "台湾"

    @property
    def en(self) -> str:
        """The English name."""
        return self.name.lower().replace("_", " ")


class StudentNumberKind(enum.Enum):
    """The three kinds of 全国学籍号: ``G`` (from the ID number), ``L`` (temporary), ``J`` (no usable ID)."""

    G = "G"
    L = "L"
    J = "J"


#: The first letters of the student numbers: every :class:`StudentNumberKind`.
STUDENT_NUMBER_LETTERS = "".join(k.value for k in StudentNumberKind)
#: The letters of the student numbers that carry no ID number (only their shape is checked).
SHAPE_ONLY_LETTERS = STUDENT_NUMBER_LETTERS.replace(StudentNumberKind.G.value, "")
_LETTERS_ZH = "/".join(STUDENT_NUMBER_LETTERS)
_FIRST_ZH = f"{'、'.join(STUDENT_NUMBER_LETTERS[:-1])} 或 {STUDENT_NUMBER_LETTERS[-1]}"
_FIRST_EN = f"{', '.join(STUDENT_NUMBER_LETTERS[:-1])} or {STUDENT_NUMBER_LETTERS[-1]}"


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
#: The address codes of the 港澳台居民居住证 numbers (《港澳台居民居住证申领发放办法》, 国办发〔2018〕81号,
#: article 3: 香港 810000, 澳门 820000, 台湾 830000), built by the 公民身份号码 standard (GB 11643) with
#: its check character. 83 is no province code of GB/T 2260 (Taiwan's is 71): 830000 is the only 83 region.
PERMIT_REGIONS: dict[str, Origin] = {
    "810000": Origin.HONG_KONG,
    "820000": Origin.MACAO,
    "830000": Origin.TAIWAN,
}
#: The origin each non-mainland province code says (GB/T 2260: 71 台湾, 81 香港, 82 澳门; 83: the
#: Taiwan residents' permit, :data:`PERMIT_REGIONS`).
_REGION_ORIGINS = {code[:2]: origin for code, origin in PERMIT_REGIONS.items()} | {
    "71": Origin.TAIWAN
}


def region_known(region: str) -> bool:
    """True for a 6-character region an ID number may carry: a GB/T 2260 province code first, or a
    permit's address code (:data:`PERMIT_REGIONS`)."""
    return region[:2] in PROVINCE_CODES or region in PERMIT_REGIONS


def origin_of_region(region: str) -> Origin:
    """The origin an ID number's region says (clause 8.5): 81 香港, 82 澳门, 71 and 830000 台湾, any
    other the mainland."""
    return _REGION_ORIGINS.get(region[:2], Origin.MAINLAND)


#: ISO 7064 MOD 11-2 (GB 11643-1999): the weights of the first 17 digits and the check characters.
ID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))
ID_CHECK_CHARS = "10X98765432"
#: The shape of a 居民身份证号 (and of an L or J student number's 18 characters): 17 digits and a
#: digit or X.
ID_SHAPE = "[0-9]{17}[0-9X]"
_SHAPE = re.compile(ID_SHAPE)


def _check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits (GB 11643-1999)."""
    total = sum(map(operator.mul, map(int, first17[:17]), ID_WEIGHTS))  # in C
    return ID_CHECK_CHARS[total % 11]


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _id_problem(value: str) -> tuple[str, str] | None:
    """What is wrong with an ID number, as (zh, en), or None. Never echoes the number."""
    if len(value) == 18 and _SHAPE.fullmatch(value) and region_known(value[:6]):
        # fast path: only the date and the check character remain to be checked
        try:
            birth = _dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
        except ValueError:
            birth = None
        if birth is not None and birth.year >= MIN_YEAR and value[17] == _check_char(value):
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
    if value[:2] == "83" and value[:6] not in PERMIT_REGIONS:
        return (
            "台湾居民居住证号码的地址码应为 830000",
            "a Taiwan resident's permit number has the address code 830000",
        )
    if not region_known(value[:6]):
        return (
            f"前两位 {value[:2]} 不是有效的省级行政区划代码",
            f"the first two digits {value[:2]} are not a province code (GB/T 2260)",
        )
    try:
        birth = _dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return ("第 7–14 位不是有效的出生日期", "characters 7–14 are not a real birth date")
    if birth.year < MIN_YEAR:
        return (
            f"出生年份早于 {MIN_YEAR} 年",
            f"the birth year is before {MIN_YEAR}",
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
    province code must be one of GB/T 2260's (:data:`PROVINCE_CODES`, 11–82), or the region the
    number of a 港澳台居民居住证 carries (:data:`PERMIT_REGIONS`: 810000, 820000, 830000, 国办发〔2018〕81号;
    its region, :func:`origin_of_region`, gives the student's origin for 8.5). A lower-case ``x`` is
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
        if birth.year < MIN_YEAR:
            raise InvalidIdentityNumber(
                f"出生年份早于 {MIN_YEAR} 年",
                f"the birth year is before {MIN_YEAR}",
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
            f"学籍号 {masked} 无效：应为 19 位（{_LETTERS_ZH} + 18 位），实际 {len(value)} 位",
            f"invalid student number {masked}: it has 19 characters ({_LETTERS_ZH} + 18), "
            f"not {len(value)}",
            where=where,
        )
    if value[0] not in STUDENT_NUMBER_LETTERS:
        raise InvalidStudentNumber(
            f"学籍号 {masked} 无效：首字母应为 {_FIRST_ZH}",
            f"invalid student number {masked}: it must start with {_FIRST_EN}",
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
        check_type(identity, "identity", IdentityNumber)
        return cls("G" + identity.reveal())

    @property
    def kind(self) -> StudentNumberKind:
        """G, L or J."""
        return StudentNumberKind(self.value[0])

    @property
    def identity(self) -> IdentityNumber | None:
        """The ID number a G number carries (the one it was issued with: after a correction, clause 4,
        a former one — the current is ``Student.identity_number``); ``None`` for L and J numbers."""
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
# The prefecture
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

#: The 行政区划代码 (GB/T 2260, as the Ministry of Civil Affairs lists them) of the 17 counties and
#: cities: the county-level codes 5134xx under 凉山彝族自治州 (513400). 会理 became a city in 2021:
#: 会理市 513402 (会理县 was 513425, see :data:`FORMER_LIANGSHAN_COUNTY_CODES`).
LIANGSHAN_COUNTY_CODES: dict[str, str] = {
    "西昌市": "513401",
    "会理市": "513402",
    "木里藏族自治县": "513422",
    "盐源县": "513423",
    "德昌县": "513424",
    "会东县": "513426",
    "宁南县": "513427",
    "普格县": "513428",
    "布拖县": "513429",
    "金阳县": "513430",
    "昭觉县": "513431",
    "喜德县": "513432",
    "冕宁县": "513433",
    "越西县": "513434",
    "甘洛县": "513435",
    "美姑县": "513436",
    "雷波县": "513437",
}
assert set(LIANGSHAN_COUNTY_CODES) == LIANGSHAN_COUNTIES

#: Codes a county held before and that ID numbers issued then still carry (an ID number keeps the
#: region of its issue): 会理县 513425, now 会理市.
FORMER_LIANGSHAN_COUNTY_CODES: dict[str, str] = {"513425": "会理市"}

_COUNTY_BY_CODE: dict[str, str] = {
    **{code: name for name, code in LIANGSHAN_COUNTY_CODES.items()},
    **FORMER_LIANGSHAN_COUNTY_CODES,
}


def check_region_code(value: object, where: str) -> str:
    """``value`` as a 6-digit 行政区划代码 (GB/T 2260) whose first two digits are a province code;
    :class:`InvalidInput` otherwise."""
    if not (
        isinstance(value, str)
        and len(value) == 6
        and value.isascii()
        and value.isdigit()
        and value[:2] in PROVINCE_CODES
    ):
        shown = value if isinstance(value, str) and len(value) <= 12 else type(value).__name__
        raise InvalidInput(
            f"行政区划代码应为 6 位数字（GB/T 2260），不能是 {shown!r}",
            f"a region code must be 6 digits (GB/T 2260), not {shown!r}",
            where=where,
        )
    return value


def region_in_county(code: str, county: str) -> bool | None:
    """Whether the region ``code`` (行政区划代码) lies in the Liangshan county or city ``county``.

    ``True`` for the county's code (or a former code of it); ``False`` for another county's code and
    for a code outside 5134xx (another prefecture's); ``None`` when the code cannot tell: the prefecture's own 513400, a 5134xx code
    this table does not know, or a ``county`` that is not one of :data:`LIANGSHAN_COUNTIES`.
    """
    if county not in LIANGSHAN_COUNTIES:
        return None
    known = _COUNTY_BY_CODE.get(code)
    if known is not None:
        return known == county
    return None if code.startswith("5134") else False


# --------------------------------------------------------------------------------------------------
# The base of the events
# --------------------------------------------------------------------------------------------------

_EVENT_KINDS: dict[str, type[Event]] = {}


def _load_every_kind() -> None:
    """Register every event kind the library declares, whatever was imported first.

    Event classes register themselves when their module is imported (``records.status`` and the
    policy modules), and this layer may not import the policy. The package root names the loader
    (``liangshan_xueji._load_event_kinds``, which imports the policy); it is looked up in
    ``sys.modules`` — a package's root is always imported before its submodules — and run once, the
    first time a kind is asked for and missing. So reading a stored record in a fresh process
    (``from_json(text, Record)`` right after ``import liangshan_xueji``) knows every kind.
    """
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    root = sys.modules.get(__name__.partition(".")[0])
    loader = getattr(root, "_load_event_kinds", None)
    if callable(loader):
        loader()


_LOADED = False


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
    #: True for the status events (学籍异动 of one student, ``liangshan_xueji.records.status.StatusEvent``).
    about_student: ClassVar[bool] = False

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

    @property
    def replaced_identity_number(self) -> str | None:
        """The full ID number this event replaced, when it is an accepted correction of the student's
        居民身份证号 (clause 4: ``liangshan_xueji.policy.keydata.ChangeStudentData``); ``None`` for every
        other event. A :class:`~liangshan_xueji.records.models.Record` checks its student's former ID
        numbers against its history's. Not for display."""
        return None

    @classmethod
    def by_kind(cls, kind: str) -> type[Event]:
        """The event class registered under ``kind``; :class:`InvalidInput` if there is none."""
        found = _EVENT_KINDS.get(kind) if isinstance(kind, str) else None
        if found is None and isinstance(kind, str) and not _LOADED:
            _load_every_kind()
            found = _EVENT_KINDS.get(kind)
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
        _load_every_kind()
        return dict(_EVENT_KINDS)


def default_origin(identity: IdentityNumber | None, kind: StudentNumberKind) -> Origin | None:
    """Clause 8.5: the origin a student has when none is given — what the ID number's region says
    (:func:`origin_of_region`); without an ID number, the mainland for a G or L student number and
    ``None`` (unknown) for a J number (the number of a student without a usable ID number)."""
    if identity is not None:
        return origin_of_region(identity.region)
    return None if kind is StudentNumberKind.J else Origin.MAINLAND
