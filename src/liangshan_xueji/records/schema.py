"""The declared columns of the roster, events and schools files: one table (clauses 8.1, 8.3).

名册、异动、学校三个文件的列定义——唯一的一张表。Each :class:`Column` names its English and Chinese
header, its file (``roster``, ``events``, ``schools``), whether the header is required, the model field
it feeds (``feeds``, as ``Class.field``), its :class:`Rule` and how the writer renders it. A rule holds
the one implementation of a field's check:

- ``parse`` turns a cell's text into the value (the roster reader calls it), raising
  :class:`~liangshan_xueji.errors.InvalidInput`;
- ``check`` validates a value (the models' attrs validator of the field it feeds calls it:
  :func:`declared`); ``parse`` ends in the same check, so the reader and
  the models accept exactly the same values;
- ``fragment`` is a regular expression that matches only cells ``parse`` accepts — the reader's fast
  row pattern is built from the columns' fragments (a narrower rule narrows the pattern too); a rule
  without one is validated by ``parse`` (cached by value) on the fast path too.

Where a model owns a rule (the ID number, GB 11643-1999; the student number) the schema's rule calls the
model's own validator: still one implementation.

:func:`compile_schema` builds a :class:`Schema` from a table of columns; :data:`SCHEMA` is the library's.
``with schema.active():`` makes another compiled schema the one the models and the reader use in this
context (a :mod:`contextvars` variable: no global state is changed), which is how a test narrows one
field's rule and sees the model, the reader and the docs' column table change together.

Text: a text cell (name, 民族, address, …) must hold a visible character (a letter, digit, punctuation
or symbol: zero-width-only text is refused) and no bidirectional control character (U+061C, U+200E,
U+200F, U+202A–U+202E, U+2066–U+2069, which reorder what a form or a terminal shows). Digits in grades,
counts and dates are ASCII digits 0–9 only: full-width and Arabic-Indic digits are refused, not
normalised (no export writes them).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import enum
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

import attrs

from .._validators import (
    BIDI_CONTROLS,
    QUICK_TEXT,
    SURELY_VISIBLE,
    Unconverted,
    Validator,
    check_text,
    collection_of,
    fail,
    of,
    require,
    where,
)
from .._validators import check_date as _is_date
from ..errors import InvalidInput
from .identity import (
    LIANGSHAN_PREFECTURE,
    MIN_YEAR,
    PROVINCE_CODES,
    SHAPE_ONLY_LETTERS,
    STUDENT_NUMBER_LETTERS,
    Event,
    IdentityNumber,
    Origin,
    SchoolSystem,
    Sex,
    Stage,
    Status,
    StudentNumber,
    TeachingMode,
    check_region_code,
    default_origin,
)
from .serialization import to_dict

__all__ = [
    "ACTIVE_SCHEMA",
    "FILES",
    "SCHEMA",
    "Column",
    "Rule",
    "Schema",
    "compile_schema",
    "current",
    "declared",
    "narrowed",
    "parse_bool",
    "parse_date",
    "render_columns",
]

#: The column schema in use in this context (``liangshan_xueji.records.schema.Schema.active``); unset: the
#: library's own schema.
ACTIVE_SCHEMA: ContextVar[Any] = ContextVar("liangshan_xueji_schema")


def declared(field: str) -> Validator:
    """The validator of model field ``field`` (``Class.field``): the rule the column schema declares for
    it (:mod:`liangshan_xueji.records.schema`), the one implementation the roster reader uses too."""

    library: list[Callable[[object, str], None]] = []  # the library schema's rule, once looked up

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, Unconverted):  # plain text the field's converter refused
            value.raise_at(field)
        schema = ACTIVE_SCHEMA.get(None)
        if schema is not None:
            schema.check(field, value, field)
            return
        if not library:
            rule_check = SCHEMA.by_field[field].check
            assert rule_check is not None
            library.append(rule_check)  # defined below; read at first use
        library[0](value, field)  # ``field`` is ``Class.field``: the ``where`` of the message

    check.__qualname__ = f"declared({field!r})"
    return check


FILES = ("roster", "events", "schools")

# --------------------------------------------------------------------------------------------------
# Rules


def _callable(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        w = where(inst, attribute)
        raise InvalidInput(f"{w} 应为函数", f"{w} must be a function", where=w)


def _callable_or_none(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _callable(inst, attribute, value)


@attrs.frozen(kw_only=True)
class Rule:
    """One field rule: ``parse`` (cell text → value, :class:`InvalidInput` on bad text), ``check``
    (a value → ``None``, :class:`InvalidInput` naming ``where``; the models' validator), ``fragment``
    (a regular expression matching only cells ``parse`` accepts, or ``None``), the shape in Chinese and
    English (the docs' column table) and ``bad``: cells ``parse`` refuses (the generated test's)."""

    zh: str = attrs.field(validator=of(str))
    en: str = attrs.field(validator=of(str))
    parse: Callable[[str], Any] = attrs.field(validator=_callable)
    check: Callable[[object, str], None] | None = attrs.field(
        default=None, validator=_callable_or_none
    )
    fragment: str | None = attrs.field(default=None, validator=of(str, optional=True))
    bad: tuple[str, ...] = attrs.field(default=(), validator=collection_of(str, tuple))


# ---- text ------------------------------------------------------------------------------------

#: A cell the text rule surely accepts: a surely visible character first, no bidirectional control
#: and no comma (a cell starting with white space is left to ``parse``).
_VISIBLE_CELL = f"{SURELY_VISIBLE}[^,{BIDI_CONTROLS}]*+"
#: The same, or empty (a lookahead, not an optional group: the engine runs it faster).
_OPTIONAL_VISIBLE_CELL = f"(?![^{SURELY_VISIBLE},])[^,{BIDI_CONTROLS}]*+"


def _text_check(required: bool) -> Callable[[object, str], None]:
    def check(value: object, where: str) -> None:
        check_text(value, where, required=required)

    return check


def text_rule(*, required: bool, zh: str = "", en: str = "") -> Rule:
    """Free text: visible, no bidirectional control; ``required``: not empty. The cell is stripped."""
    check = _text_check(required)
    quick = QUICK_TEXT.fullmatch

    def parse(text: str) -> str:
        if quick(text) is None:
            check(text, "")
        return text.strip()

    req_zh, req_en = ("不能为空；", "not empty; ") if required else ("", "")
    return Rule(
        zh=zh or f"文本（{req_zh}须含可见字符，不含双向控制字符）",
        en=en or f"text ({req_en}a visible character, no bidirectional control)",
        parse=parse,
        check=check,
        fragment=_VISIBLE_CELL if required else _OPTIONAL_VISIBLE_CELL,
        bad=("\u200b", "\u202e张三") + (("",) if required else ()),
    )


def one_of(values: Iterable[str], *, zh: str, en: str) -> Rule:
    """Text that is one of ``values`` (a code list), e.g. to narrow 民族 to the national list."""
    allowed = frozenset(values)
    listed = "、".join(sorted(allowed))
    base = _text_check(True)

    def check(value: object, where: str) -> None:
        base(value, where)
        assert isinstance(value, str)
        if value.strip() not in allowed:
            fail(where, f"应为以下之一：{listed}", f"must be one of: {listed}")

    def parse(text: str) -> str:
        check(text, "")
        return text.strip()

    alternatives = "|".join(re.escape(v) for v in sorted(allowed, key=lambda v: (-len(v), v)))
    return Rule(
        zh=f"{zh}：{listed}",
        en=f"{en}: {listed}",
        parse=parse,
        check=check,
        fragment=f"(?:{alternatives})",
        bad=("\u200b", "不在名单中"),
    )


def _school_code_check(value: object, where: str) -> None:
    check_text(value, where)
    assert isinstance(value, str)
    if not (value.isascii() and value.isalnum()):
        fail(where, "学校代码只能由字母和数字组成", "a school code has letters and digits only")


_CODE = re.compile("[0-9A-Za-z]+")


def _school_code_parse(text: str) -> str:
    if _CODE.fullmatch(text) is None:
        _school_code_check(text.strip(), "")
        return text.strip()
    return text


SCHOOL_CODE = Rule(
    zh="学校代码（字母和数字）",
    en="school code (letters and digits)",
    parse=_school_code_parse,
    check=_school_code_check,
    fragment="[0-9A-Za-z]++",
    bad=("S-1", "\u202eS1", ""),
)

# ---- numbers and dates: ASCII digits only -----------------------------------------------------

_DATE_RE = re.compile(
    r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})|([0-9]{4})([0-9]{2})([0-9]{2})"
)
_DATE_CACHE: dict[str, _dt.date | None] = {}
_CACHE_LIMIT = 50_000
MAX_YEAR = 2199  # the last year of a date the roster and the models accept


def parse_date(text: str) -> _dt.date | None:
    """``YYYY-MM-DD`` (also ``/`` or ``.``, or ``YYYYMMDD``; ASCII digits) → date, ``None`` if not a
    date 1900–2199."""
    found = _DATE_CACHE.get(text, False)
    if found is not False:
        return found  # type: ignore[return-value]
    value: _dt.date | None = None
    m = None
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        try:  # the usual YYYY-MM-DD, read in C (anything it refuses goes to the pattern)
            value = _dt.date.fromisoformat(text)
        except ValueError:
            m = _DATE_RE.fullmatch(text)
    else:
        m = _DATE_RE.fullmatch(text)
    if m is not None:
        y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
        try:
            value = _dt.date(int(y), int(mo), int(d))
        except ValueError:
            value = None
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        value = None
    if len(_DATE_CACHE) < _CACHE_LIMIT:
        _DATE_CACHE[text] = value
    return value


def check_date(value: object, where: str) -> None:
    """A ``date`` (not a ``datetime``) of the years 1900–2199."""
    value = _is_date(value, where)
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        fail(
            where,
            f"日期应在 {MIN_YEAR}–{MAX_YEAR} 年之间，得到 {value.year} 年",
            f"a date is in the years {MIN_YEAR}–{MAX_YEAR}, got {value.year}",
        )


def _optional_date_check(value: object, where: str) -> None:
    if value is not None:
        check_date(value, where)


def _date_parse(text: str) -> _dt.date:
    value = parse_date(text.strip())
    if value is None:
        fail("", "日期无效（YYYY-MM-DD，1900–2199 年）", "invalid date (YYYY-MM-DD, 1900–2199)")
    assert value is not None
    return value


def _optional_date_parse(text: str) -> _dt.date | None:
    return _date_parse(text) if text.strip() else None


_DATE_BAD = ("2021-02-30", "２０２１-０９-０１", "٢٠٢١-٠٩-٠١", "2300-01-01")
DATE = Rule(
    zh="日期 YYYY-MM-DD（亦可 / . 分隔或 YYYYMMDD；ASCII 数字；1900–2199 年）",
    en="a date YYYY-MM-DD (also / or . or YYYYMMDD; ASCII digits; 1900–2199)",
    parse=_date_parse,
    check=check_date,
    bad=(*_DATE_BAD, ""),
)
OPTIONAL_DATE = Rule(
    zh="日期 YYYY-MM-DD 或空",
    en="a date YYYY-MM-DD, or empty",
    parse=_optional_date_parse,
    check=_optional_date_check,
    bad=_DATE_BAD,
)


#: A birth date: empty in the roster when the ID number gives it, never empty in the model.
BIRTH_DATE = attrs.evolve(OPTIONAL_DATE, check=check_date)


def ascii_int(text: str) -> int | None:
    """The integer written in ASCII digits 0–9 (at most 9 of them), ``None`` for anything else (full-
    width, Arabic-Indic or superscript digits, signs, spaces inside, huge numbers)."""
    t = text.strip()
    if t.isascii() and t.isdigit() and len(t) <= 9:
        return int(t)
    return None


def _count_check(value: object, where: str) -> None:
    require(value, where, int)
    assert isinstance(value, int)
    if value < 0:
        raise InvalidInput(
            f"{where} 不能为负数（得到 {value}）",
            f"{where} must not be negative (got {value})",
            where=where,
        )


def _positive_check(value: object, where: str) -> None:
    if value is None:
        return
    _count_check(value, where)
    if value == 0:
        raise InvalidInput(
            f"班额标准应为正整数，得到 {value}",
            f"a class-size limit must be positive, got {value}",
            where=where,
        )


def _int_parse(empty: int | None, zh: str, en: str) -> Callable[[str], int | None]:
    def parse(text: str) -> int | None:
        if not text.strip():
            return empty
        value = ascii_int(text)
        if value is None:
            fail("", zh, en)
        return value

    return parse


EXTENSIONS = Rule(
    zh="非负整数（ASCII 数字），默认 0",
    en="a non-negative integer (ASCII digits), default 0",
    parse=_int_parse(0, "应为非负整数（ASCII 数字）", "a non-negative integer (ASCII digits)"),
    check=_count_check,
    bad=("-1", "²", "３", "1.5"),
)
CLASS_SIZE = Rule(
    zh="正整数（ASCII 数字）或空",
    en="a positive integer (ASCII digits) or empty",
    parse=_int_parse(None, "班额标准应为正整数（ASCII 数字）", "a positive integer (ASCII digits)"),
    check=_positive_check,
    bad=("0", "²", "٤٥", "-5"),
)


def _grade_number_parse(text: str) -> int:
    value = ascii_int(text)
    if value is None:
        fail("", "年级应为数字（ASCII 0–9）", "a grade is a number (ASCII digits 0–9)")
    assert value is not None
    return value


def _grade_number_check(value: object, where: str) -> None:
    require(value, where, int)


GRADE_NUMBER = Rule(
    zh="学段内的年级 1–6（ASCII 数字；学制取学校的）",
    en="the grade within the stage, 1–6 (ASCII digits; 学制 from the school)",
    parse=_grade_number_parse,
    check=_grade_number_check,
    bad=("３", "٣", "²", "七", ""),
)

# ---- choices ------------------------------------------------------------------------------------

_TRUE = frozenset({"1", "是", "true", "yes", "y", "t", "有"})
_FALSE = frozenset({"", "0", "否", "false", "no", "n", "f", "无"})


def parse_bool(text: str) -> bool | None:
    """是/否, true/false, yes/no, 1/0 (empty: false); ``None`` for anything else."""
    t = text.strip().lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    return None


def _bool_check(value: object, where: str) -> None:
    require(value, where, bool)


def _bool_parse(text: str) -> bool:
    value = parse_bool(text)
    if value is None:
        fail("", "应为 是 或 否", "expected 是 or 否 (yes or no)")
    assert value is not None
    return value


FLAG = Rule(
    zh="是/否（true/false、yes/no、1/0；空为否）",
    en="是/否 (true/false, yes/no, 1/0; empty: no)",
    parse=_bool_parse,
    check=_bool_check,
    bad=("也许", "2", "\u202e是"),
)

STAGES: dict[str, Stage] = {s.value: s for s in Stage} | {s.name.lower(): s for s in Stage}
SYSTEMS: dict[str, SchoolSystem] = {s.value: s for s in SchoolSystem} | {
    "6-3": SchoolSystem.SIX_THREE,
    "5-4": SchoolSystem.FIVE_FOUR,
}
MODES: dict[str, TeachingMode] = {m.value: m for m in TeachingMode} | {
    "一类": TeachingMode.MODEL_ONE,
    "二类": TeachingMode.MODEL_TWO,
}
STATUSES: dict[str, Status] = (
    {s.value: s for s in Status} | {s.en: s for s in Status} | {s.name.lower(): s for s in Status}
)
SEXES: dict[str, Sex] = {"男": Sex.MALE, "女": Sex.FEMALE, "m": Sex.MALE, "f": Sex.FEMALE, "male": Sex.MALE, "female": Sex.FEMALE}  # fmt: skip


def choice(
    table: Mapping[str, enum.Enum],
    cls: type[enum.Enum],
    label: tuple[str, str],
    zh: str,
    en: str,
    *,
    bad: tuple[str, ...],
) -> Rule:
    """One of ``table``'s keys (stripped; case does not matter) → its member of ``cls``; ``label`` names
    the thing in Chinese and English (``不是学段`` / ``not a stage``)."""

    def parse(text: str) -> Any:
        t = text.strip()
        found = table.get(t) or table.get(t.lower())
        if found is None:
            fail("", f"不是{label[0]}（应为 {zh}）", f"not a {label[1]} (expected {en})")
        return found

    def check(value: object, where: str) -> None:
        require(value, where, cls)

    return Rule(zh=zh, en=en, parse=parse, check=check, bad=bad)


SEX = choice(SEXES, Sex, ("性别", "sex"), "男/女", "男/女 (male/female)", bad=("X", "\u200b"))
STAGE = choice(
    STAGES, Stage, ("学段", "stage"), "小学/初中/高中", "小学/初中/高中 (primary/junior/senior)",
    bad=("大学",),
)  # fmt: skip
STATUS = choice(
    STATUSES, Status, ("学籍状态", "status"), "/".join(s.value for s in Status),
    "a status, in the national system's words", bad=("转走",),
)  # fmt: skip
SYSTEM = choice(
    SYSTEMS, SchoolSystem, ("学制", "school system"), "六三制/五四制", "六三制/五四制 (6-3 or 5-4)",
    bad=("八四制",),
)  # fmt: skip
MODE = choice(
    MODES, TeachingMode, ("教学模式", "teaching mode"), "一类模式/二类模式/其他",
    "一类模式/二类模式/其他", bad=("三类",),
)  # fmt: skip


ORIGINS: dict[str, Origin] = {o.value: o for o in Origin} | {o.en: o for o in Origin}


def _origin_check(value: object, where: str) -> None:
    if value is not None:
        require(value, where, Origin)


def _origin_text(record: Any) -> str:
    """The roster's 来源 cell: empty when the ID number (or the student number's kind) gives the
    student's origin, its value otherwise (a J or L student's stated origin)."""
    st = record.student
    if st.origin is None or st.origin is default_origin(st.identity_number, st.student_number.kind):
        return ""
    return str(st.origin.value)


def _optional_choice(rule: Rule) -> Rule:
    def parse(text: str) -> Any:
        return rule.parse(text) if text.strip() else None

    return attrs.evolve(rule, zh=f"{rule.zh}，或空", en=f"{rule.en}, or empty", parse=parse)


#: 8.5: where the student is from; empty: what the ID number says (a J number without one: unknown).
#: The plain path takes only an empty cell or 境内 (any other goes to the general path).
ORIGIN = attrs.evolve(
    _optional_choice(choice(
        ORIGINS, Origin, ("来源", "origin"), "/".join(o.value for o in Origin),
        "/".join(o.value for o in Origin) + " (" + "/".join(o.en for o in Origin) + ")",
        bad=("火星", "\u202e香港"),
    )),
    check=_origin_check,
    fragment=f"(?:{Origin.MAINLAND.value})?",
)  # fmt: skip


def _region_check(value: object, where: str) -> None:
    if value is not None:
        check_region_code(value, where)


def _region_parse(text: str) -> str | None:
    code = text.strip()
    return check_region_code(code, "") if code else None


#: Clauses 1.5, 3.2: the 户籍's 6-digit 行政区划代码 (GB/T 2260), optional (empty: the ID number's
#: region stands for it). Its fragment accepts exactly what ``check_region_code`` does.
REGION_CODE = Rule(
    zh="6 位行政区划代码（GB/T 2260，前两位为省级代码），或空",
    en="a 6-digit region code (GB/T 2260, a province's first two digits), or empty",
    parse=_region_parse,
    check=_region_check,
    fragment="(?:(?:" + "|".join(sorted(PROVINCE_CODES)) + ")[0-9]{4})?",
    bad=("5134", "5134011", "991234", "51340A", "５１３４０１", "\u202e513401"),
)


def _optional_mode_check(value: object, where: str) -> None:
    if value is not None:
        require(value, where, TeachingMode)


#: A student's (a class's) teaching mode, or empty (clauses 2.1.6.2, 6.1, 6.3): ``None`` — the class's,
#: else the school's when it runs one mode.
OPTIONAL_MODE = attrs.evolve(_optional_choice(MODE), check=_optional_mode_check)


def _modes_parse(text: str) -> frozenset[TeachingMode]:
    out: set[TeachingMode] = set()
    for part in re.split(r"[|、,，/;；\s]+", text.strip()):
        if part:
            out.add(MODE.parse(part))
    return frozenset(out)


MODE_SET = Rule(
    zh="开设的教学模式，用 | 分隔，如 一类模式|二类模式；空：只开设“教学模式”一列的模式",
    en="the teaching modes the school runs, separated by |, e.g. 一类模式|二类模式; empty: only its mode",
    parse=_modes_parse,
    bad=("三类", "一类模式|三类"),
)


def _stages_parse(text: str) -> frozenset[Stage]:
    out: set[Stage] = set()
    for part in re.split(r"[|、,，/;；\s]+", text.strip()):
        if part:
            out.add(STAGE.parse(part))
    if not out:
        fail("", "学校至少开设一个学段", "a school offers at least one stage")
    return frozenset(out)


STAGE_SET = Rule(
    zh="开设学段，用 | 分隔，如 小学|初中",
    en="stages offered, separated by |, e.g. 小学|初中",
    parse=_stages_parse,
    bad=("大学", ""),
)

# ---- the identity numbers: owned by the models ---------------------------------------------------


def _student_number_parse(text: str) -> StudentNumber:
    return StudentNumber(text.strip().upper())


def _identity_parse(text: str) -> IdentityNumber | None:
    return IdentityNumber(text.strip().upper()) if text.strip() else None


_LETTERS = "/".join(STUDENT_NUMBER_LETTERS)
_SHAPE_ONLY = "/".join(SHAPE_ONLY_LETTERS)
STUDENT_NUMBER = Rule(
    zh=f"全国学籍号：G + 居民身份证号，或 {_SHAPE_ONLY} + 17 位数字加 1 位数字或 X（见 StudentNumber）",
    en=f"national student number: G + an ID number, or {_SHAPE_ONLY} + 17 digits and a digit or X",
    parse=_student_number_parse,
    bad=("G123", "X" + "1" * 18, "L١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨", ""),
)
IDENTITY_NUMBER = Rule(
    zh="居民身份证号或港澳台居民居住证号码（GB 11643-1999，校验码、出生日期、省级代码或 810000/820000/830000 均须有效），或空",
    en="ID number or 港澳台居民居住证 number (GB 11643-1999: check character, birth date, province code or 810000/820000/830000), or empty",
    parse=_identity_parse,
    bad=("51343120100101001", "513431201001010010"),
)


def identity_pattern(p: str) -> str:
    """A 居民身份证号's shape as groups (named with the prefix ``p``): ``tail`` (all 18 characters),
    ``region``, ``born`` (``y``, ``m``, ``d``), ``seq`` (``odd`` when the 17th digit is odd: 男),
    ``check``. A superset of the valid numbers: the fast path checks the rest in Python."""
    return (
        f"(?P<{p}tail>(?P<{p}region>[0-9]{{6}})"
        f"(?P<{p}born>(?P<{p}y>[0-9]{{4}})(?P<{p}m>[0-9]{{2}})(?P<{p}d>[0-9]{{2}}))"
        f"(?P<{p}seq>[0-9]{{2}}(?:(?P<{p}odd>[13579])|[02468]))(?P<{p}check>[0-9X]))"
    )


# ---- events ------------------------------------------------------------------------------------


def _kind_parse(text: str) -> str:
    kind = text.strip()
    if not Event.by_kind(kind).about_student:
        raise InvalidInput(
            f"{kind!r} 不是学籍异动事件", f"{kind!r} is not a status event", where="kind"
        )
    return kind


EVENT_KIND = Rule(
    zh="学籍异动事件类型，如 transfer.request、death",
    en="a status event kind, e.g. transfer.request, death",
    parse=_kind_parse,
    bad=("no.such.kind", ""),
)


def _details_parse(text: str) -> dict[str, Any]:
    """The JSON object of an event's other fields (empty: none); ``kind`` and ``student`` come from
    their own columns."""
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"异动详情不是有效的 JSON：{exc.msg}", f"details are not valid JSON: {exc.msg}"
        ) from None
    except (RecursionError, ValueError):  # nested too deep, or a number of more than 4,300 digits
        raise InvalidInput(
            "异动详情的 JSON 嵌套过深或数字过长",
            "the details' JSON is nested too deep or holds too long a number",
            where="details",
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput(
            "异动详情应为 JSON 对象", "details must be a JSON object", where="details"
        )
    if "kind" in data or "student" in data:
        raise InvalidInput(
            "异动详情不能含 kind 或 student（分别取自 kind 列和学籍号列）",
            "details cannot hold kind or student (they come from their own columns)",
            where="details",
        )
    return data


DETAILS = Rule(
    zh="事件其余字段的 JSON 对象（不含 kind、student）",
    en="JSON object of the event's other fields (no kind, no student)",
    parse=_details_parse,
    bad=("[1, 2]", "{not json", '{"student": "x"}'),
)

# --------------------------------------------------------------------------------------------------
# Columns


@attrs.frozen(kw_only=True)
class Column:
    """One column of a CSV file: its English and Chinese header, whether the header is required, what
    it holds (``doc_zh``/``doc_en``), its ``file``, the model field it ``feeds`` (``Class.field``), its
    :class:`Rule`, ``write`` (the value's text, for the writer; takes the record, ``(record, entry)``
    for an event row, or the school), an ``example`` (the examples of a file's columns make a valid
    row) and ``bad``: cells the reader refuses here when they differ from the rule's.

    An extra roster column (:func:`liangshan_xueji.io.roster.register_column`) has ``parse`` (text → value,
    raising :class:`InvalidInput` for bad text; it must validate fully, as the record is assembled
    without re-running validators) and ``field`` (the :class:`Record` field it fills) instead.
    """

    name: str = attrs.field(validator=of(str))
    zh: str = attrs.field(validator=of(str))
    required: bool = attrs.field(default=False, validator=of(bool))
    doc_zh: str = attrs.field(default="", validator=of(str))
    doc_en: str = attrs.field(default="", validator=of(str))
    parse: Callable[[str], Any] | None = attrs.field(default=None, validator=_callable_or_none)
    field: str | None = attrs.field(default=None, validator=of(str, optional=True))
    file: str = attrs.field(default="roster", validator=of(str))
    feeds: str = attrs.field(default="", validator=of(str))
    rule: Rule | None = attrs.field(default=None, validator=of(Rule, optional=True))
    write: Callable[[Any], str] | None = attrs.field(
        default=None, eq=False, repr=False, validator=_callable_or_none
    )
    example: str = attrs.field(default="", validator=of(str))
    bad: tuple[str, ...] = attrs.field(default=(), validator=collection_of(str, tuple))

    @property
    def bad_values(self) -> tuple[str, ...]:
        """Cells the reader refuses in this column: ``bad``, else the rule's."""
        return self.bad or (() if self.rule is None else self.rule.bad)


def _date_text(d: _dt.date | None) -> str:
    return "" if d is None else d.isoformat()


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _guardian(k: int, part: str) -> Callable[[Any], str]:
    def get(record: Any) -> str:
        g = record.student.guardians
        return str(getattr(g[k], part)) if len(g) > k else ""

    return get


def _transfer(get: Callable[[Any], str]) -> Callable[[Any], str]:
    return lambda r: "" if r.transfer is None else get(r.transfer)


def _suspension(get: Callable[[Any], str]) -> Callable[[Any], str]:
    return lambda r: "" if r.suspension is None else get(r.suspension)


def _r(
    name: str, zh: str, required: bool, rule: Rule, feeds: str, doc_zh: str, doc_en: str,
    write: Callable[[Any], str], example: str, file: str = "roster", bad: tuple[str, ...] = (),
) -> Column:  # fmt: skip
    return Column(
        name=name, zh=zh, required=required, rule=rule, feeds=feeds, doc_zh=doc_zh, doc_en=doc_en,
        write=write, example=example, file=file, bad=bad,
    )  # fmt: skip


TEXT = text_rule(required=True)
OPTIONAL_TEXT = text_rule(required=False)


def _prefecture_parse(text: str) -> str:
    return TEXT.parse(text) if text.strip() else LIANGSHAN_PREFECTURE


PREFECTURE = attrs.evolve(
    TEXT, parse=_prefecture_parse, zh=f"{TEXT.zh}，空为 {LIANGSHAN_PREFECTURE}",
    en=f"{TEXT.en}, empty: {LIANGSHAN_PREFECTURE}", bad=TEXT.bad[:2],
)  # fmt: skip
_T = _transfer
_S = _suspension

_ROSTER = (
    _r("school_code", "学校代码", True, SCHOOL_CODE, "Record.school_code", "学籍所在学校的代码（见 schools.csv）", "code of the school holding the record (see schools.csv)", lambda r: r.school_code, "S1"),
    _r("student_number", "学籍号", True, STUDENT_NUMBER, "StudentNumber.value", f"全国学籍号：{_LETTERS} + 18 位", f"national student number: {_LETTERS} + 18 characters", lambda r: r.student.student_number.reveal(), "G513401201107010025"),
    _r("identity_number", "身份证号", False, IDENTITY_NUMBER, "IdentityNumber.value", "居民身份证号；G 字头学籍号可留空（取学籍号后 18 位）；与 G 字头学籍号不同时，events.csv 须有该生经核准的身份证号更正（4）", "ID number; may be empty for a G number (its last 18 characters); when it differs from a G number, events.csv must hold the student's accepted ID correction (4)", lambda r: "" if r.student.identity_number is None else r.student.identity_number.reveal(), "513401201107010025"),
    _r("name", "姓名", True, TEXT, "Student.name", "姓名", "name", lambda r: r.student.name, "苏婷"),
    _r("sex", "性别", False, _optional_choice(SEX), "Student.sex", "男/女；无身份证号时必填，有则须一致", "男/女; required without an ID number, must match it otherwise", lambda r: r.student.sex.value, "女"),
    _r("birth_date", "出生日期", False, BIRTH_DATE, "Student.birth_date", "YYYY-MM-DD；无身份证号时必填，有则须一致", "YYYY-MM-DD; required without an ID number, must match it otherwise", lambda r: r.student.birth_date.isoformat(), "2011-07-01"),
    _r("ethnicity", "民族", True, TEXT, "Student.ethnicity", "民族", "ethnicity (民族)", lambda r: r.student.ethnicity, "汉族"),
    _r("origin", "来源", False, ORIGIN, "Student.origin", "境内/外籍/香港/澳门/台湾（8.5）；空：按身份证号（810000 香港、820000 澳门、830000 台湾，其余境内），无身份证号的 J 字头学籍号为不明", "境内/外籍/香港/澳门/台湾 (8.5); empty: what the ID number says (810000 Hong Kong, 820000 Macao, 830000 Taiwan, any other the mainland), unknown for a J number without one", _origin_text, ""),
    _r("household_registration", "户籍所在地", False, OPTIONAL_TEXT, "Student.household_registration", "户籍所在地", "household registration", lambda r: r.student.household_registration, "西昌市大桥镇"),
    _r("household_region", "户籍地行政区划代码", False, REGION_CODE, "Student.household_region", "户籍所在地的 6 位行政区划代码（GB/T 2260；1.5、3.2 就近入学按此判断）；空：按身份证号前 6 位", "the 户籍's 6-digit region code (GB/T 2260; 1.5 and 3.2 judge the catchment by it); empty: the ID number's first six digits", lambda r: r.student.household_region or "", "513401"),
    _r("address", "家庭地址", False, OPTIONAL_TEXT, "Student.address", "家庭地址", "home address", lambda r: r.student.address, "西昌市大桥镇17村4组"),
    _r("guardian1_relation", "监护人1称谓", False, TEXT, "Guardian.relation", "父亲、母亲、祖父……（附表1）", "relation, e.g. 父亲 (附表1)", _guardian(0, "relation"), "父亲"),
    _r("guardian1_name", "监护人1姓名", False, TEXT, "Guardian.name", "姓名（有称谓则必填）", "name (required with a relation)", _guardian(0, "name"), "苏航"),
    _r("guardian1_employer", "监护人1工作单位", False, OPTIONAL_TEXT, "Guardian.employer", "工作单位", "employer", _guardian(0, "employer"), "建筑工地"),
    _r("guardian1_phone", "监护人1联系电话", False, OPTIONAL_TEXT, "Guardian.phone", "联系电话", "phone", _guardian(0, "phone"), "17305194136"),
    _r("guardian2_relation", "监护人2称谓", False, TEXT, "Guardian.relation", "第二位监护人（可空）", "second guardian (optional)", _guardian(1, "relation"), "母亲"),
    _r("guardian2_name", "监护人2姓名", False, TEXT, "Guardian.name", "姓名", "name", _guardian(1, "name"), "冯怡"),
    _r("guardian2_employer", "监护人2工作单位", False, OPTIONAL_TEXT, "Guardian.employer", "工作单位", "employer", _guardian(1, "employer"), "教师"),
    _r("guardian2_phone", "监护人2联系电话", False, OPTIONAL_TEXT, "Guardian.phone", "联系电话", "phone", _guardian(1, "phone"), "17799906406"),
    _r("stage", "学段", True, STAGE, "Grade.stage", "小学/初中/高中", "小学/初中/高中 (primary/junior/senior)", lambda r: r.grade.stage.value, "初中"),
    _r("grade", "年级", True, GRADE_NUMBER, "Grade.number", "学段内的年级 1–6（学制取学校的）", "grade within the stage, 1–6 (学制 from the school)", lambda r: str(r.grade.number), "1"),
    _r("class_name", "班级", True, TEXT, "Record.class_name", "班级名称", "class name", lambda r: r.class_name, "1班"),
    _r("mode", "教学模式", False, OPTIONAL_MODE, "Record.mode", "学生本人（所在班级）的教学模式；空：取班级的，或只开设一种模式的学校的", "the student's (class's) teaching mode; empty: the class's, or that of a school running one mode", lambda r: "" if r.mode is None else r.mode.value, "一类模式"),
    _r("status", "学籍状态", True, STATUS, "Record.status", "在校/休学/疑似辍学/辍学/其他离校/死亡/毕业/重复学籍已删除", "status, in the national system's words", lambda r: r.status.value, "在校"),
    _r("enrolled_on", "入学日期", True, DATE, "Record.enrolled_on", "YYYY-MM-DD", "YYYY-MM-DD", lambda r: r.enrolled_on.isoformat(), "2023-09-01"),
    _r("transfer_to_school", "转入学校代码", False, SCHOOL_CODE, "TransferWorkflow.to_school", "正在办理的转学：转入学校；为空表示无", "open transfer: receiving school (empty: none)", _T(lambda t: t.to_school), "S2"),
    _r("transfer_to_stage", "转入学段", False, _optional_choice(STAGE), "", "转入学段（默认同现学段）", "receiving stage (default: the current one)", _T(lambda t: t.to_grade.stage.value), "初中"),
    _r("transfer_to_grade", "转入年级", False, GRADE_NUMBER, "", "转入年级（默认按 1–9 年级对应）", "receiving grade (default: the same year, 2.1.5)", _T(lambda t: str(t.to_grade.number)), "1", bad=("３", "٣", "七")),
    _r("transfer_to_class", "转入班级", False, TEXT, "TransferWorkflow.to_class", "转入班级（有转学时必填）", "receiving class (required with a transfer)", _T(lambda t: t.to_class), "2班"),
    _r("transfer_started_on", "转学发起日期", False, DATE, "TransferWorkflow.started_on", "转入学校发起转学的日期", "the day the receiving school started it", _T(lambda t: t.started_on.isoformat()), "2024-06-13"),
    _r("transfer_due", "转学办理期限", False, OPTIONAL_DATE, "TransferWorkflow.due", "办理期限（2.1.4）；跨市州、跨省转学未设定省定时限时为空", "the due date (2.1.4); empty for a transfer across prefectures while the province's period is not set", _T(lambda t: _date_text(t.due)), "2024-06-27"),
    _r("transfer_cross_prefecture", "跨市州转学", False, FLAG, "TransferWorkflow.cross_prefecture", "是/否", "是/否 (yes/no)", _T(lambda t: _yes(t.cross_prefecture)), "否"),
    _r("transfer_receiving_authority_on", "转入地主管部门核办日期", False, OPTIONAL_DATE, "TransferWorkflow.receiving_authority_on", "YYYY-MM-DD 或空", "YYYY-MM-DD or empty", _T(lambda t: _date_text(t.receiving_authority_on)), "2024-06-14"),
    _r("transfer_sending_school_on", "转出学校核办日期", False, OPTIONAL_DATE, "TransferWorkflow.sending_school_on", "YYYY-MM-DD 或空", "YYYY-MM-DD or empty", _T(lambda t: _date_text(t.sending_school_on)), "2024-06-15"),
    _r("transfer_sending_authority_on", "转出地主管部门核办日期", False, OPTIONAL_DATE, "TransferWorkflow.sending_authority_on", "YYYY-MM-DD 或空", "YYYY-MM-DD or empty", _T(lambda t: _date_text(t.sending_authority_on)), "2024-06-16"),
    _r("suspension_started_on", "休学开始日期", False, DATE, "SuspensionPeriod.started_on", "当前休学期：开始日期；为空表示无", "current 休学 period: start (empty: none)", _S(lambda p: p.started_on.isoformat()), "2024-02-04"),
    _r("suspension_ends_on", "休学期满日期", False, DATE, "SuspensionPeriod.ends_on", "休学期满日期", "the period's end", _S(lambda p: p.ends_on.isoformat()), "2025-02-04"),
    _r("suspension_extensions", "继续休学次数", False, EXTENSIONS, "SuspensionPeriod.extensions", "整数，默认 0", "integer, default 0", _S(lambda p: str(p.extensions)), "1"),
    _r("suspension_filed_with_prefecture", "休学报州备案", False, FLAG, "SuspensionPeriod.filed_with_prefecture", "是/否（毕业年级休学，2.2.5）", "是/否: filed with the prefecture (2.2.5)", _S(lambda p: _yes(p.filed_with_prefecture)), "否"),
)  # fmt: skip


def _event_details(pair: Any) -> str:
    data = to_dict(pair[1].event)
    data.pop("kind", None)
    data.pop("student", None)
    if not data:
        return ""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_e = functools.partial(_r, file="events")


_EVENTS = (
    _e("school_code", "学校代码", True, SCHOOL_CODE, "", "学籍所在学校（roster.csv 中该生的学校，分组依据）", "the school holding the record in roster.csv (the grouping key)", lambda p: p[0].school_code, "S1"),
    _e("student_number", "学籍号", True, STUDENT_NUMBER, "StudentNumber.value", "学籍号", "student number", lambda p: p[0].student.student_number.reveal(), "G513401201107010025"),
    _e("on", "异动日期", True, DATE, "HistoryEntry.on", "YYYY-MM-DD", "the date of the act", lambda p: p[1].on.isoformat(), "2023-09-01"),
    _e("kind", "异动类型", True, EVENT_KIND, "", "事件类型，如 transfer.request、death", "event kind, e.g. transfer.request, death", lambda p: type(p[1].event).kind, "promotion"),
    _e("after_status", "异动后状态", True, STATUS, "HistoryEntry.status", "异动后的学籍状态", "status after the event", lambda p: p[1].status.value, "在校"),
    _e("after_school_code", "异动后学校代码", True, SCHOOL_CODE, "HistoryEntry.school_code", "异动后的学校", "school after the event", lambda p: p[1].school_code, "S1"),
    _e("after_stage", "异动后学段", True, STAGE, "", "异动后的学段", "stage after the event", lambda p: p[1].grade.stage.value, "初中"),
    _e("after_grade", "异动后年级", True, GRADE_NUMBER, "", "异动后的年级", "grade after the event", lambda p: str(p[1].grade.number), "1"),
    _e("after_system", "异动后学制", False, _optional_choice(SYSTEM), "", "六三制/五四制；默认取异动后学校的学制", "六三制/五四制; default: that school's", lambda p: p[1].grade.system.value, "六三制"),
    _e("after_mode", "异动后教学模式", False, OPTIONAL_MODE, "HistoryEntry.mode", "异动后学生的教学模式（可空）", "the student's teaching mode after the event (may be empty)", lambda p: "" if p[1].mode is None else p[1].mode.value, ""),
    _e("details", "异动详情", False, DETAILS, "", "事件其余字段的 JSON 对象（不含 kind、student）", "JSON object of the event's other fields (no kind, no student)", _event_details, ""),
)  # fmt: skip


_s = functools.partial(_r, file="schools")


_SCHOOLS = (
    _s("code", "学校代码", True, SCHOOL_CODE, "School.code", "学校代码（字母和数字）", "school code (letters and digits)", lambda s: s.code, "S1"),
    _s("name", "学校名称", True, TEXT, "School.name", "学校名称", "name", lambda s: s.name, "西昌市第一小学"),
    _s("county", "县市", True, TEXT, "School.county", "凉山州 17 个县市之一（州外学校写其所在县）", "one of Liangshan's 17 counties and cities", lambda s: s.county, "西昌市"),
    _s("prefecture", "市州", False, PREFECTURE, "School.prefecture", f"默认 {LIANGSHAN_PREFECTURE}", f"default {LIANGSHAN_PREFECTURE}", lambda s: s.prefecture, "凉山州"),
    _s("stages", "学段", True, STAGE_SET, "", "开设学段，用 | 分隔，如 小学|初中", "stages offered, separated by |", lambda s: "|".join(st.value for st in Stage if st in s.stages), "小学|初中"),
    _s("system", "学制", True, SYSTEM, "School.system", "六三制/五四制", "六三制/五四制", lambda s: s.system.value, "六三制"),
    _s("mode", "教学模式", True, MODE, "School.mode", "一类模式/二类模式/其他", "一类模式/二类模式/其他", lambda s: s.mode.value, "二类模式"),
    _s("modes", "开设的教学模式", False, MODE_SET, "", "学校开设的全部教学模式，用 | 分隔（一所学校可同时开设一类、二类班级）；空：只开设“教学模式”一列的", "every teaching mode the school runs, separated by | (a school may run both); empty: only its mode", lambda s: "|".join(m.value for m in TeachingMode if m in s.modes), "一类模式|二类模式"),
    _s("provincial_model", "省级示范性普通高中", False, FLAG, "School.provincial_model", "是/否", "是/否", lambda s: _yes(s.provincial_model), "否"),
    _s("class_size_limit", "班额标准", False, CLASS_SIZE, "School.class_size_limit", "县定班额标准（空：国家、省定标准）", "county class-size standard (empty: the national one)", lambda s: "" if s.class_size_limit is None else str(s.class_size_limit), "45"),
)  # fmt: skip

#: Every declared column, roster then events then schools.
COLUMNS: tuple[Column, ...] = (*_ROSTER, *_EVENTS, *_SCHOOLS)

# --------------------------------------------------------------------------------------------------
# The compiled schema


@attrs.frozen(eq=False)
class Schema:
    """A compiled table of columns (:func:`compile_schema`): the columns of each file, the rule of
    each model field, the docs' column tables."""

    columns: tuple[Column, ...]
    by_file: Mapping[str, tuple[Column, ...]]
    by_field: Mapping[str, Rule]

    def of(self, file: str) -> tuple[Column, ...]:
        """The columns of ``file`` (``roster``, ``events``, ``schools``), in the writer's order."""
        return self.by_file[file]

    def column(self, file: str, name: str) -> Column:
        """The column ``name`` of ``file``."""
        for c in self.by_file[file]:
            if c.name == name:
                return c
        raise InvalidInput(f"没有列 {name}", f"no column {name}", where=f"{file}.{name}")

    def rule(self, file: str, name: str) -> Rule:
        """The rule of column ``name`` of ``file``."""
        rule = self.column(file, name).rule
        assert rule is not None
        return rule

    def check(self, field: str, value: object, where: str) -> None:
        """Run the rule of model field ``field`` (``Class.field``) on ``value`` (the models' validator)."""
        rule = self.by_field[field]
        assert rule.check is not None
        rule.check(value, where)

    def writer(self, file: str) -> Callable[[Any], list[str]]:
        """``row(item)``: the cells of ``file``'s row for ``item``, in column order."""
        getters = tuple(c.write for c in self.by_file[file] if c.write is not None)

        def row(item: Any) -> list[str]:
            return [get(item) for get in getters]

        return row

    def markdown_table(self, file: str) -> str:
        """The docs' column table of ``file``: header, 中文表头, required, content, rule, example."""
        lines = [
            "| column | 中文表头 | | content | rule | example |",
            "|---|---|---|---|---|---|",
        ]
        for c in self.by_file[file]:
            rule = "" if c.rule is None else c.rule.en
            req = "required" if c.required else ""
            example = f"`{c.example}`" if c.example else ""
            lines.append(
                f"| `{c.name}` | {c.zh} | {req} | {_cell(c.doc_en)} | {_cell(rule)} | {example} |"
            )
        return "\n".join(lines) + "\n"

    @contextlib.contextmanager
    def active(self) -> Iterator[Schema]:
        """Make this schema the one the models and the reader use in this context."""
        token = ACTIVE_SCHEMA.set(self)
        try:
            yield self
        finally:
            ACTIVE_SCHEMA.reset(token)

    def __reduce__(self) -> Any:
        if self is SCHEMA:
            return (_library_schema, ())
        return (compile_schema, (self.columns,))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _library_schema() -> Schema:
    return SCHEMA


def compile_schema(columns: Iterable[Column]) -> Schema:
    """A :class:`Schema` from a table of columns. A column name appears once per file; every column
    feeding the same model field has the same rule (else :class:`InvalidInput`)."""
    cols = tuple(columns)
    by_file: dict[str, list[Column]] = {f: [] for f in FILES}
    by_field: dict[str, Rule] = {}
    for c in cols:
        if c.file not in by_file:
            raise InvalidInput(f"未知文件 {c.file}", f"unknown file {c.file}", where=c.name)
        if any(o.name == c.name for o in by_file[c.file]):
            raise InvalidInput(
                f"列 {c.name} 重复", f"column {c.name} appears twice", where=f"{c.file}.{c.name}"
            )
        by_file[c.file].append(c)
        if c.feeds and c.rule is not None and c.rule.check is not None:
            if c.feeds in by_field and by_field[c.feeds] is not c.rule:
                raise InvalidInput(
                    f"字段 {c.feeds} 有两条规则",
                    f"field {c.feeds} has two rules",
                    where=f"{c.file}.{c.name}",
                )
            by_field[c.feeds] = c.rule
    return Schema(
        columns=cols, by_file={f: tuple(v) for f, v in by_file.items()}, by_field=by_field
    )


#: The library's schema.
SCHEMA = compile_schema(COLUMNS)


def current() -> Schema:
    """The schema in use in this context (:meth:`Schema.active`), else :data:`SCHEMA`."""
    found = ACTIVE_SCHEMA.get(None)
    return found if isinstance(found, Schema) else SCHEMA


_DOCS_REGION = re.compile(r"(<!-- xueji:columns (\w+) -->\n).*?(<!-- /xueji:columns -->)", re.S)


def render_columns(markdown: str, schema: Schema | None = None) -> str:
    """``markdown`` with each region ``<!-- xueji:columns FILE -->`` … ``<!-- /xueji:columns -->``
    holding ``schema``'s column table of FILE (default: the schema in use). The docs site's hook
    renders docs/audit.md through it; a test keeps the checked-in page equal to its rendering."""
    s = schema or current()
    return _DOCS_REGION.sub(
        lambda m: m.group(1) + s.markdown_table(m.group(2)) + m.group(3), markdown
    )


def narrowed(name: str, rule: Rule, *, file: str = "roster", base: Schema | None = None) -> Schema:
    """``base`` (default :data:`SCHEMA`) with column ``name`` of ``file`` given ``rule`` — and every
    column feeding the same model field, so that the field keeps one rule."""
    b = base or SCHEMA
    target = b.column(file, name)
    return compile_schema(
        attrs.evolve(c, rule=rule)
        if c is target or (target.feeds and c.feeds == target.feeds)
        else c
        for c in b.columns
    )
