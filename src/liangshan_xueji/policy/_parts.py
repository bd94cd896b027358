"""Private helpers shared by the policy modules of parts 一, 三(二)–八 (registration … scope).

本模块仅供内部使用。Validators that raise :class:`~liangshan_xueji.errors.InvalidInput` (Chinese first,
English second, ``where=`` naming the field, never echoing a value that may be personal data), the
builder of audit :class:`~liangshan_xueji.findings.Finding` values, and small readers of a record's
history. Nothing here is public API.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import attrs

from ..errors import InvalidInput
from ..findings import Finding, Severity
from ..models import HistoryEntry, Record
from ..parameters import IN_FORCE
from ..status import Context

__all__: list[str] = []

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
_E = TypeVar("_E", bound=enum.Enum)


def where(inst: object, attribute: attrs.Attribute[Any]) -> str:
    """``Class.field``, for ``where=``."""
    return f"{type(inst).__name__}.{attribute.name}"


def of(*types: type, optional: bool = False) -> Validator:
    """``isinstance`` as an attrs validator raising :class:`InvalidInput`.

    A bool is never an int (a flag is not a count) and a datetime never a date.
    """
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


def is_instance(value: object, *types: type) -> bool:
    """``isinstance`` where a bool is not an int and a datetime is not a date."""
    if not isinstance(value, types):
        return False
    if isinstance(value, bool) and bool not in types:
        return False
    return not (isinstance(value, _dt.datetime) and _dt.datetime not in types)


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


def to_tuple(value: object) -> object:
    """A tuple of the items; a string or a non-iterable is left for the validator to report."""
    if isinstance(value, (str, bytes)):
        return value
    try:
        return tuple(value)  # type: ignore[arg-type]
    except TypeError:
        return value


def to_frozenset(value: object) -> object:
    """A frozenset of the items; a string or a non-iterable is left for the validator to report."""
    if isinstance(value, (str, bytes)):
        return value
    try:
        return frozenset(value)  # type: ignore[call-overload]
    except TypeError:
        return value


def collection_of(cls: type, container: type) -> Validator:
    """A ``tuple``/``frozenset`` (``container``) whose every item is a ``cls``."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        w = where(inst, attribute)
        if not isinstance(value, container):
            raise InvalidInput(
                f"{w} 应为 {cls.__name__} 的集合，得到 {type(value).__name__}",
                f"{w} must be a collection of {cls.__name__}, not {type(value).__name__}",
                where=w,
            )
        for item in value:  # type: ignore[attr-defined]
            if not is_instance(item, cls):
                raise InvalidInput(
                    f"{w} 中的每一项应为 {cls.__name__}，得到 {type(item).__name__}",
                    f"every item of {w} must be a {cls.__name__}, not {type(item).__name__}",
                    where=w,
                )

    return check


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


def check_type(value: object, cls: type, name: str) -> Any:
    """``value`` if it is a ``cls``; :class:`InvalidInput` naming ``name`` otherwise."""
    if not is_instance(value, cls):
        raise InvalidInput(
            f"{name} 应为 {cls.__name__}，得到 {type(value).__name__}",
            f"{name} must be a {cls.__name__}, not {type(value).__name__}",
            where=name,
        )
    return value


def check_text(value: object, name: str, *, optional: bool = False) -> str | None:
    """A non-empty string (stripped of nothing); ``None`` allowed when ``optional``."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{name} 应为非空文本", f"{name} must be non-empty text", where=name)
    return value


def records_of(records: object, name: str = "records") -> tuple[Record, ...]:
    """The records of an iterable, each checked to be a :class:`Record`."""
    if isinstance(records, (str, bytes, Record)):
        raise InvalidInput(
            f"{name} 应为学籍（Record）的序列", f"{name} must be a sequence of Record", where=name
        )
    try:
        out: tuple[object, ...] = tuple(records)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidInput(
            f"{name} 应为学籍（Record）的序列，得到 {type(records).__name__}",
            f"{name} must be a sequence of Record, not {type(records).__name__}",
            where=name,
        ) from None
    checked: list[Record] = []
    for i, r in enumerate(out):
        if not isinstance(r, Record):
            raise InvalidInput(
                f"{name} 的第 {i + 1} 项应为 Record，得到 {type(r).__name__}",
                f"item {i} of {name} must be a Record, not {type(r).__name__}",
                where=f"{name}[{i}]",
            )
        checked.append(r)
    return tuple(checked)


def check_context(context: object) -> Context:
    """``context`` if it is a :class:`Context`."""
    result: Context = check_type(context, Context, "context")
    return result


# --------------------------------------------------------------------------------------------------
# Findings


def finding(
    record: Record,
    ctx: Context,
    clause: str,
    severity: Severity,
    zh: str,
    en: str,
    *,
    evidence: str = "",
    due: _dt.date | None = None,
) -> Finding:
    """A finding about ``record`` (its school, its county from the context, its masked student)."""
    school = ctx.schools.get(record.school_code)
    return Finding(
        clause=clause,
        severity=severity,
        school_code=record.school_code,
        county=school.county if school is not None else "",
        student=record.student.student_number,
        zh=zh,
        en=en,
        evidence=evidence,
        due=due,
        found_on=ctx.on,
    )


def at(history: Sequence[HistoryEntry], i: int) -> str:
    """``history[3] 2020-09-01 registration``: a pointer to one history entry, for ``evidence``."""
    e = history[i]
    return f"history[{i}] {e.on} {type(e.event).kind}"


def entries(record: Record, *kinds: type) -> Iterator[tuple[int, HistoryEntry]]:
    """The (index, entry) pairs of ``record``'s history whose event is one of ``kinds``."""
    for i, e in enumerate(record.history):
        if isinstance(e.event, kinds):
            yield i, e


def judged(on: _dt.date) -> bool:
    """True for an act on or after the regulation's date of issue (8.4: in force from that day)."""
    return on >= IN_FORCE
