"""The attrs validators and converters every model of the library shares (private).

Bad input raises :class:`~liangshan_xueji.errors.InvalidInput` — Chinese first, English second — whose
``where=`` names the field as ``Class.field``; a message never echoes the value (it may be personal
data, clauses 7.1 and 8.2). A bool is never accepted as an int (a flag is not a count) and a
``datetime`` never as a ``date`` (a naive datetime where a date is meant is bad input).
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import attrs

from .errors import InvalidInput

__all__ = [
    "BIDI_CONTROLS",
    "BIDI_RE",
    "QUICK_TEXT",
    "SURELY_VISIBLE",
    "Unconverted",
    "Validator",
    "check_date",
    "check_int",
    "check_items",
    "check_path",
    "check_text",
    "check_type",
    "collection_of",
    "count",
    "date_field",
    "fail",
    "is_instance",
    "of",
    "optional",
    "require",
    "text",
    "to_frozenset",
    "to_tuple",
    "where",
]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def where(inst: object, attribute: attrs.Attribute[Any]) -> str:
    """``Class.field``, for ``where=``."""
    return f"{type(inst).__name__}.{attribute.name}"


def is_instance(value: object, *types: type) -> bool:
    """``isinstance`` where a bool is not an int and a datetime is not a date."""
    if not isinstance(value, types):
        return False
    if isinstance(value, bool) and bool not in types:
        return False
    return not (isinstance(value, _dt.datetime) and _dt.datetime not in types)


def require(value: object, w: str, *types: type) -> None:
    """:class:`InvalidInput` naming ``w`` unless ``value`` is one of ``types`` (:func:`is_instance`)."""
    if not is_instance(value, *types):
        names = " | ".join(t.__name__ for t in types)
        raise InvalidInput(
            f"{w} 应为 {names}，得到 {type(value).__name__}",
            f"{w} must be of type {names}, not {type(value).__name__}",
            where=w,
        )


class Unconverted:
    """What a converter of plain values (:mod:`liangshan_xueji.records.convert`) returns for text its
    rule refuses: the rule's error, raised by the field's validator naming the field
    (:meth:`raise_at`). Never stored: every field with such a converter has a validator that raises."""

    __slots__ = ("error",)

    def __init__(self, error: InvalidInput) -> None:
        self.error = error

    def raise_at(self, w: str) -> None:
        """Raise the rule's error (its class kept), naming the field ``w``."""
        e = self.error
        raise type(e)(f"{w} 无效：{e.zh}", f"invalid {w}: {e.en}", where=w) from None

    def __repr__(self) -> str:
        return "Unconverted(...)"  # never the value: it may be personal data


def of(*types: type, optional: bool = False) -> Validator:
    """``isinstance`` as an attrs validator raising :class:`InvalidInput` (``None`` if optional); a
    plain value its converter refused (:class:`Unconverted`) raises the converter's error."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, Unconverted):
            value.raise_at(where(inst, attribute))
        if value is None and optional:
            return
        require(value, where(inst, attribute), *types)

    return check


def optional(check: Validator) -> Validator:
    """``None``, or what ``check`` accepts."""

    def run(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(inst, attribute, value)

    return run


def fail(where: str, zh: str, en: str) -> None:
    """:class:`InvalidInput` with ``where`` before each half of the message (none when empty)."""
    if where:
        raise InvalidInput(f"{where}：{zh}", f"{where}: {en}", where=where)
    raise InvalidInput(zh, en)


#: Bidirectional control characters (a character class body): refused in every text field.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")
#: A character that is surely visible: ``\w``, a letter, a digit or ``_`` (categories L, N, Pc; in C,
#: cheap to compile): a roster cell starting with one is accepted by the reader's fast pattern, any other is
#: left to the rule (:mod:`liangshan_xueji.records.schema`).
SURELY_VISIBLE = r"\w"
QUICK_TEXT = re.compile(f"\\s*{SURELY_VISIBLE}[^{BIDI_CONTROLS}]*")
_VISIBLE_CATEGORIES = frozenset("LNPS")  # letters, numbers, punctuation, symbols


def check_text(value: object, where: str, *, required: bool = True) -> None:
    """A ``str`` with a visible character and no bidirectional control (empty allowed when not
    ``required``). Never echoes the value (it may be personal data)."""
    require(value, where, str)
    assert isinstance(value, str)
    if QUICK_TEXT.fullmatch(value):
        return
    if not value.strip():
        if required:
            fail(where, "不能为空", "must not be empty")
        return
    if BIDI_RE.search(value):
        fail(
            where,
            "含双向文本控制字符（如 U+202E），不予接受",
            "holds a bidirectional control character (e.g. U+202E)",
        )
    if not any(unicodedata.category(c)[0] in _VISIBLE_CATEGORIES for c in value):
        fail(
            where,
            "只含不可见字符（如零宽字符）",
            "holds only invisible characters (e.g. zero-width)",
        )


def text(*, optional: bool = False) -> Validator:
    """A non-empty ``str`` with a visible character and no bidirectional control (:func:`check_text`),
    or ``None`` when optional."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        check_text(value, where(inst, attribute))

    return check


def count(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A non-negative ``int``."""
    of(int)(inst, attribute, value)
    assert isinstance(value, int)
    if value < 0:
        w = where(inst, attribute)
        raise InvalidInput(
            f"{w} 不能为负数（得到 {value}）", f"{w} must not be negative (got {value})", where=w
        )


def check_date(value: object, name: str) -> _dt.date:
    """``value`` if it is a ``date`` (not a ``datetime``); :class:`InvalidInput` otherwise."""
    if not is_instance(value, _dt.date):
        raise InvalidInput(
            f"{name} 应为日期（datetime.date），不能是 {type(value).__name__}",
            f"{name} must be a datetime.date, not {type(value).__name__}",
            where=name,
        )
    assert isinstance(value, _dt.date)
    return value


def check_items(value: object, name: str) -> list[Any]:
    """The items of ``value``, an iterable that is not a single ``str``/``bytes``; :class:`InvalidInput`
    otherwise. For the collection arguments of public functions (each item is checked by the caller)."""
    if isinstance(value, (str, bytes, bytearray)):
        raise InvalidInput(
            f"{name} 应为一组值，而不是一个字符串",
            f"{name} must be a collection, not one string",
            where=name,
        )
    try:
        items: list[Any] = list(value)  # type: ignore[call-overload]
        return items
    except TypeError:
        raise InvalidInput(
            f"{name} 应为一组值，得到 {type(value).__name__}",
            f"{name} must be a collection, not {type(value).__name__}",
            where=name,
        ) from None


def check_type(value: object, name: str, *types: type, optional: bool = False) -> None:
    """:class:`InvalidInput` unless ``value`` is one of ``types`` (or ``None`` when optional).

    For the arguments of public functions, as :func:`of` is for the fields of models.
    """
    if value is None and optional:
        return
    if not is_instance(value, *types):
        names = " | ".join(t.__name__ for t in types) + (" | None" if optional else "")
        raise InvalidInput(
            f"{name} 应为 {names}，得到 {type(value).__name__}",
            f"{name} must be of type {names}, not {type(value).__name__}",
            where=name,
        )


def check_int(value: object, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """``value`` if it is an ``int`` (not a bool) within ``low``–``high``; :class:`InvalidInput`."""
    check_type(value, name, int)
    assert isinstance(value, int)
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"{'' if low is None else low}–{'' if high is None else high}"
        raise InvalidInput(f"{name} 应在 {span} 之内", f"{name} must be within {span}", where=name)
    return value


def check_path(value: object, name: str) -> None:
    """A ``str`` or an ``os.PathLike`` naming a path: :class:`InvalidInput` otherwise."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise InvalidInput(
            f"{name} 应为路径（str 或 os.PathLike），得到 {type(value).__name__}",
            f"{name} must be a path (a str or an os.PathLike), not {type(value).__name__}",
            where=name,
        )
    if "\x00" in value:
        raise InvalidInput(
            f"{name} 中含有空字符（NUL）", f"{name} holds a NUL character", where=name
        )


def date_field(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: a ``date`` that is not a ``datetime``."""
    check_date(value, where(inst, attribute))


def to_tuple(value: Any) -> Any:
    """A tuple of the items; a string or a non-iterable is left for the validator to report."""
    if isinstance(value, (str, bytes)):
        return value
    try:
        return tuple(value)
    except TypeError:
        return value


def to_frozenset(value: Any) -> Any:
    """A frozenset of the items; a string or a non-iterable is left for the validator to report."""
    if isinstance(value, (str, bytes)):
        return value
    try:
        return frozenset(value)
    except TypeError:
        return value


def collection_of(cls: type, container: type = tuple) -> Validator:
    """A ``tuple``/``frozenset`` (``container``) whose every item is a ``cls``."""
    names = cls.__name__

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        w = where(inst, attribute)
        if not isinstance(value, container):
            raise InvalidInput(
                f"{w} 应为 {names} 的集合，得到 {type(value).__name__}",
                f"{w} must be a collection of {names}, not {type(value).__name__}",
                where=w,
            )
        items: tuple[object, ...] = tuple(value)  # type: ignore[arg-type]
        for i, item in enumerate(items):
            if not is_instance(item, cls):
                raise InvalidInput(
                    f"{w} 的第 {i + 1} 项应为 {names}，得到 {type(item).__name__}",
                    f"item {i} of {w} must be a {names}, not {type(item).__name__}",
                    where=f"{w}[{i}]" if container is tuple else w,
                )

    return check
