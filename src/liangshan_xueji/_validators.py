"""The attrs validators and converters every model of the library shares (private).

Bad input raises :class:`~liangshan_xueji.errors.InvalidInput` — Chinese first, English second — whose
``where=`` names the field as ``Class.field``; a message never echoes the value (it may be personal
data, clauses 7.1 and 8.2). A bool is never accepted as an int (a flag is not a count) and a
``datetime`` never as a ``date`` (a naive datetime where a date is meant is bad input).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from typing import Any

import attrs

from .errors import InvalidInput

__all__ = [
    "Validator",
    "check_date",
    "check_int",
    "check_path",
    "check_text",
    "check_type",
    "collection_of",
    "count",
    "date_field",
    "is_instance",
    "of",
    "optional",
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


def of(*types: type, optional: bool = False) -> Validator:
    """``isinstance`` as an attrs validator raising :class:`InvalidInput` (``None`` if optional)."""
    names = " | ".join(t.__name__ for t in types)

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if not is_instance(value, *types):
            w = where(inst, attribute)
            raise InvalidInput(
                f"{w} 应为 {names}，得到 {type(value).__name__}",
                f"{w} must be of type {names}, not {type(value).__name__}",
                where=w,
            )

    return check


def optional(check: Validator) -> Validator:
    """``None``, or what ``check`` accepts."""

    def run(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(inst, attribute, value)

    return run


def text(*, optional: bool = False) -> Validator:
    """A non-empty ``str`` (or ``None`` when optional)."""
    is_str = of(str, optional=optional)

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        is_str(inst, attribute, value)
        if isinstance(value, str) and not value.strip():
            w = where(inst, attribute)
            raise InvalidInput(f"{w} 不能为空", f"{w} must not be empty", where=w)

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


def check_text(value: object, name: str) -> str:
    """``value`` if it is a ``str``; :class:`InvalidInput` otherwise (the value is never echoed)."""
    check_type(value, name, str)
    assert isinstance(value, str)
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
