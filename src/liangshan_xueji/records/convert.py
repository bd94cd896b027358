"""Plain values for the models' fields: the attrs converters, built from the roster schema (issue 16).

明文值转换：``Student(identity_number="5134…", sex="女", birth_date="2011-05-20", …)``,
``Grade("小学", 3)``, ``Record(status="在校", enrolled_on="2021-09-01", …)``. A converter turns text into
the field's value with the rule of the roster column that declares it
(:mod:`liangshan_xueji.records.schema`: the one parser the roster reader uses too, in the schema in use,
:func:`~liangshan_xueji.records.schema.current`), so a plain value is read exactly as the same cell of
a roster would be (stripped; an ID or student number upper-cased; ``男``/``女`` or ``male``/``female``;
``六三制``/``6-3``; a status in the national system's words or in English). The value is then checked
by the field's validator as before: conversion only ever adds the reading of text.

- Only text is converted; a value of the field's type passes through untouched, and anything else is
  left to the validator, which refuses it as before.
- Dates: ISO ``YYYY-MM-DD`` only (ASCII digits, years 1900–2199). The roster also reads
  ``2021/9/1``, ``2021.9.1`` and ``20210901``, but in code a date written another way is more likely a
  mistake than an export's habit: it is refused.
- Text the rule refuses raises, from the field's validator, the rule's :class:`InvalidInput` (its
  class kept: :class:`~liangshan_xueji.records.identity.InvalidIdentityNumber` for a bad ID number)
  naming the field (``where="Student.sex"``), Chinese first. The converter itself never raises: it
  hands the error to the validator (:class:`~liangshan_xueji._validators.Unconverted`), the one that
  knows the field's name.
- Not converted: free text (already ``str``), numbers and flags (``"3"`` is not silently ``3``, as in
  :mod:`~liangshan_xueji.records.serialization`), and a :class:`~liangshan_xueji.records.models.Grade` from
  text: ``小学三年级`` does not say its 学制, which decides whether it is a graduation year (2.1.6.3);
  write ``Grade("小学", 3, "五四制")`` (学制 defaults to 六三制, as before).

Each converter is a named, annotated function: the attrs plugin of mypy takes a converter's parameter
type as the ``__init__`` parameter's (``sex: Sex | str``), so a typed caller may pass text.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, cast

from .._validators import Unconverted
from ..errors import InvalidInput
from .identity import (
    IdentityNumber,
    Origin,
    SchoolSystem,
    Sex,
    Stage,
    Status,
    StudentNumber,
    TeachingMode,
)
from .schema import current

__all__ = [
    "CONVERTERS",
    "SOURCES",
    "to_date",
    "to_identity_number",
    "to_mode",
    "to_optional_mode",
    "to_origin",
    "to_sex",
    "to_stage",
    "to_status",
    "to_student_number",
    "to_system",
]

#: Each converter's source: the (file, column) of the schema whose rule reads its text.
SOURCES: dict[str, tuple[str, str]] = {
    "to_sex": ("roster", "sex"),
    "to_stage": ("roster", "stage"),
    "to_status": ("roster", "status"),
    "to_date": ("roster", "enrolled_on"),
    "to_identity_number": ("roster", "identity_number"),
    "to_student_number": ("roster", "student_number"),
    "to_system": ("schools", "system"),
    "to_mode": ("schools", "mode"),
    "to_optional_mode": ("roster", "mode"),
    "to_origin": ("roster", "origin"),
}

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _read(source: str, value: object, *, required: bool = True) -> Any:
    """``value`` read by the rule of ``SOURCES[source]`` when it is text; else ``value`` itself (the
    validator checks it). Refused text: an :class:`Unconverted` holding the rule's error."""
    if not isinstance(value, str):
        return value
    try:
        found = current().rule(*SOURCES[source]).parse(value)
    except InvalidInput as exc:
        return Unconverted(exc)
    if found is None and required:
        return Unconverted(InvalidInput("不能为空", "must not be empty"))
    return found


def to_sex(value: Sex | str) -> Sex:
    """``男``/``女`` (``male``/``female``, ``m``/``f``) → :class:`Sex` (the roster's 性别 rule)."""
    return cast(Sex, _read("to_sex", value))


def to_stage(value: Stage | str) -> Stage:
    """``小学``/``初中``/``高中`` (``primary``/``junior``/``senior``) → :class:`Stage` (学段)."""
    return cast(Stage, _read("to_stage", value))


def to_system(value: SchoolSystem | str) -> SchoolSystem:
    """``六三制``/``五四制`` (``6-3``/``5-4``) → :class:`SchoolSystem` (the schools file's 学制 rule)."""
    return cast(SchoolSystem, _read("to_system", value))


def to_mode(value: TeachingMode | str) -> TeachingMode:
    """``一类模式``/``二类模式``/``其他`` (``一类``, ``二类``) → :class:`TeachingMode` (教学模式)."""
    return cast(TeachingMode, _read("to_mode", value))


def to_optional_mode(value: TeachingMode | str | None) -> TeachingMode | None:
    """A student's or class's 教学模式 (the roster's optional 教学模式 rule, clauses 6.1, 6.3):
    ``一类模式``/``二类模式``/``其他`` → :class:`TeachingMode`; empty text → ``None`` (not given), as an
    empty cell."""
    return cast("TeachingMode | None", _read("to_optional_mode", value, required=False))


def to_origin(value: Origin | str | None) -> Origin | None:
    """``境内``/``外籍``/``香港``/``澳门``/``台湾`` (or the English, e.g. ``Hong Kong``) → :class:`Origin`
    (the roster's 来源 rule, clause 8.5); empty text → ``None``: what the ID number says, as an empty
    来源 cell."""
    return cast("Origin | None", _read("to_origin", value, required=False))


def to_status(value: Status | str) -> Status:
    """``在校``, ``休学`` … (or the English, e.g. ``enrolled``) → :class:`Status` (学籍状态)."""
    return cast(Status, _read("to_status", value))


def to_date(value: _dt.date | str) -> _dt.date:
    """``YYYY-MM-DD`` (ISO only, ASCII digits, 1900–2199) → ``date`` (the roster's date rule)."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()) is None:
        return cast(
            _dt.date,
            Unconverted(
                InvalidInput(
                    "日期应写作 YYYY-MM-DD（ISO 8601，ASCII 数字）",
                    "a date is written YYYY-MM-DD (ISO 8601, ASCII digits)",
                )
            ),
        )
    return cast(_dt.date, _read("to_date", value))


def to_identity_number(value: IdentityNumber | str | None) -> IdentityNumber | None:
    """An ID number's 18 characters → :class:`IdentityNumber` (GB 11643-1999, checked in full);
    empty text → ``None``, as an empty 身份证号 cell."""
    return cast("IdentityNumber | None", _read("to_identity_number", value, required=False))


def to_student_number(value: StudentNumber | str) -> StudentNumber:
    """A 全国学籍号 (G/L/J + 18 characters) → :class:`StudentNumber`, checked in full."""
    return cast(StudentNumber, _read("to_student_number", value))


#: Every converter, by name (the tests walk them).
CONVERTERS = {
    f.__name__: f
    for f in (
        to_sex,
        to_stage,
        to_system,
        to_mode,
        to_optional_mode,
        to_origin,
        to_status,
        to_date,
        to_identity_number,
        to_student_number,
    )
}
