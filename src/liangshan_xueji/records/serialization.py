"""JSON to and from every model, lossless (cattrs). 模型与 JSON 之间的无损转换。

- dates are ISO strings ``YYYY-MM-DD`` (a ``datetime`` is refused, as in the models);
- enumerations are their values (``"在校"``, ``"六三制"``, ``"小学"``, ``"男"`` …);
- :class:`~liangshan_xueji.records.models.IdentityNumber` and :class:`~liangshan_xueji.records.models.StudentNumber`
  are their **full** strings: storing a record is an explicit request for the full value (clauses 7.1,
  8.2 — keep the stored JSON as safe as the roster it comes from);
- tuples are lists, frozensets are sorted lists;
- events (学籍异动) are tagged ``{"kind": "...", ...}`` by the registry of
  :class:`~liangshan_xueji.records.models.Event`, so a record's history round-trips.

Structuring is strict: a missing field, an unknown field, a string where a number is meant, a number
where a string is meant or a value the models' validators refuse raises
:class:`~liangshan_xueji.errors.InvalidInput` with a Chinese and English message naming the path of each
bad field (``$.student.identity_number``); no cattrs exception escapes. ID numbers in messages are masked.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar, get_origin, overload

import attrs
import cattrs
from cattrs.errors import (
    BaseValidationError,
    CattrsError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from .._validators import check_int, check_type
from ..errors import _SURROGATE, InvalidInput, XuejiError
from ._privacy import mask_id
from .identity import Event, IdentityNumber, StudentNumber

__all__ = ["from_dict", "from_json", "to_dict", "to_json"]

_T = TypeVar("_T")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID_LIKE = re.compile(r"[0-9]{17}[0-9Xx]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")


class _Bad(InvalidInput):
    """A leaf problem found while structuring (internal: always wrapped with its path)."""


# --------------------------------------------------------------------------------------------------
# Scalars: strict, so that "5" is not silently an int and 0 not silently a str
# --------------------------------------------------------------------------------------------------


def _type_name(value: object) -> str:
    return type(value).__name__


def _structure_str(value: object, _cl: type) -> str:
    if not isinstance(value, str):
        raise _Bad(
            f"应为字符串，得到 {_type_name(value)}", f"expected a string, got {_type_name(value)}"
        )
    return value


def _structure_int(value: object, _cl: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(
            f"应为整数，得到 {_type_name(value)}", f"expected an integer, got {_type_name(value)}"
        )
    return value


def _structure_bool(value: object, _cl: type) -> bool:
    if not isinstance(value, bool):
        raise _Bad(
            f"应为 true 或 false，得到 {_type_name(value)}",
            f"expected true or false, got {_type_name(value)}",
        )
    return value


def _structure_date(value: object, _cl: type) -> _dt.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _Bad(
            "日期应为 YYYY-MM-DD 格式的字符串", "a date must be a string of the form YYYY-MM-DD"
        )
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise _Bad(f"不存在的日期 {value}", f"no such date {value}") from None


def _refuse_datetime(value: object, _cl: type) -> _dt.datetime:
    raise _Bad(
        "本库只使用日期（date），不读取 datetime", "the library reads dates only, not datetimes"
    )


def _unstructure_date(value: _dt.date) -> str:
    if isinstance(value, _dt.datetime):
        raise InvalidInput(
            "应为日期（date），不能是 datetime",
            "expected a date, not a datetime",
            where="date",
        )
    return value.isoformat()


def _structure_enum(value: object, cl: type[enum.Enum]) -> enum.Enum:
    try:
        return cl(value)
    except ValueError:
        allowed = "、".join(str(m.value) for m in cl)
        raise _Bad(
            f"{value!r} 不是有效的 {cl.__name__}（可选：{allowed}）",
            f"{value!r} is not a valid {cl.__name__} (one of: {allowed})",
        ) from None


def _structure_identity(value: object, _cl: type) -> IdentityNumber:
    return IdentityNumber(_structure_str(value, str))


def _structure_student_number(value: object, _cl: type) -> StudentNumber:
    return StudentNumber(_structure_str(value, str))


# --------------------------------------------------------------------------------------------------
# Events: tagged by kind through Event's registry
# --------------------------------------------------------------------------------------------------


def _is_event_class(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, Event)


def _is_frozenset(t: Any) -> bool:
    return t is frozenset or get_origin(t) is frozenset


def _build_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)

    def attrs_structure_factory(cls: type) -> Callable[[Any, Any], Any]:
        inner: Callable[[Any, Any], Any] = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_use_alias=True
        )

        def structure(value: object, cl: Any) -> Any:
            if not isinstance(value, Mapping):
                raise _Bad(
                    f"应为 {cls.__name__} 对象（JSON object），得到 {_type_name(value)}",
                    f"expected a {cls.__name__} object (JSON object), got {_type_name(value)}",
                )
            return inner(value, cl)

        return structure

    conv.register_structure_hook_factory(attrs.has, attrs_structure_factory)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(_dt.date, _structure_date)
    conv.register_structure_hook(_dt.datetime, _refuse_datetime)
    conv.register_unstructure_hook(_dt.date, _unstructure_date)
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum
    )
    conv.register_unstructure_hook(IdentityNumber, IdentityNumber.reveal)
    conv.register_structure_hook(IdentityNumber, _structure_identity)
    conv.register_unstructure_hook(StudentNumber, StudentNumber.reveal)
    conv.register_structure_hook(StudentNumber, _structure_student_number)

    def unstructure_frozenset(value: frozenset[Any]) -> list[Any]:
        items = [conv.unstructure(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))

    conv.register_unstructure_hook_func(_is_frozenset, unstructure_frozenset)
    # a private field's key is its alias (School's ``_modes`` is ``modes``), as its init takes it
    conv.register_unstructure_hook_factory(
        attrs.has, lambda cls: make_dict_unstructure_fn(cls, conv, _cattrs_use_alias=True)
    )

    unstructure_fns: dict[type[Event], Callable[[Any], dict[str, Any]]] = {}
    structure_fns: dict[type[Event], Callable[[Any, Any], Event]] = {}

    def event_unstructure_fn(cls: type[Event]) -> Callable[[Any], dict[str, Any]]:
        fn = unstructure_fns.get(cls)
        if fn is None:
            if "kind" in attrs.fields_dict(cls):
                raise InvalidInput(
                    "事件类不能有名为 kind 的字段",
                    "an event class cannot have a field named kind",
                    where=cls.__qualname__,
                )
            fn = unstructure_fns[cls] = make_dict_unstructure_fn(cls, conv, _cattrs_use_alias=True)
        return fn

    def event_structure_fn(cls: type[Event]) -> Callable[[Any, Any], Event]:
        fn = structure_fns.get(cls)
        if fn is None:
            fn = structure_fns[cls] = attrs_structure_factory(cls)
        return fn

    def unstructure_event(value: Event) -> dict[str, Any]:
        cls = type(value)
        if not cls.kind or Event.kinds().get(cls.kind) is not cls:
            raise InvalidInput(
                f"事件类 {cls.__qualname__} 没有登记类型（kind）",
                f"event class {cls.__qualname__} has no registered kind",
                where=cls.__qualname__,
            )
        return {"kind": cls.kind, **event_unstructure_fn(cls)(value)}

    def structure_event(value: object, cl: type[Event]) -> Event:
        if not isinstance(value, Mapping):
            raise _Bad(
                f"事件应为对象，得到 {_type_name(value)}",
                f"an event must be an object, got {_type_name(value)}",
            )
        kind = value.get("kind")
        if kind is None:
            raise _Bad("事件缺少 kind 字段", "an event needs its kind")
        target = Event.by_kind(kind)
        if not issubclass(target, cl):
            raise _Bad(
                f"事件类型 {kind!r} 不是 {cl.__name__}",
                f"event kind {kind!r} is not a {cl.__name__}",
            )
        body = {k: v for k, v in value.items() if k != "kind"}
        fn = event_structure_fn(target)
        return fn(body, target)

    conv.register_unstructure_hook_func(_is_event_class, unstructure_event)
    conv.register_structure_hook_func(_is_event_class, structure_event)
    return conv


_CONVERTER = _build_converter()


# --------------------------------------------------------------------------------------------------
# Error translation
# --------------------------------------------------------------------------------------------------


def _mask(text: str) -> str:
    return _ID_LIKE.sub(lambda m: mask_id(m.group(0)), text)


def _leaves(exc: BaseException, path: str) -> Iterator[tuple[str, BaseException]]:
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _leaves(sub, f"{path}.{note.name}")
        for sub in without:
            yield from _leaves(sub, path)
    elif isinstance(exc, IterableValidationError):
        with_inotes, without = exc.group_exceptions()
        for sub, inote in with_inotes:
            yield from _leaves(sub, f"{path}[{inote.index}]")
        for sub in without:
            yield from _leaves(sub, path)
    elif isinstance(exc, BaseValidationError):
        for sub in exc.exceptions:
            yield from _leaves(sub, path)
    else:
        yield path, exc


def _describe(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, ForbiddenExtraKeysError):
        names = ", ".join(sorted(str(name) for name in exc.extra_fields))
        return f"多余的字段：{names}", f"unexpected field(s): {names}"
    if isinstance(exc, XuejiError):
        if exc.where and not isinstance(exc, _Bad):
            return f"{exc.zh}（{exc.where}）", f"{exc.en} ({exc.where})"
        return exc.zh, exc.en
    if isinstance(exc, KeyError):
        return "缺少必填字段", "required field missing"
    return f"值无效：{exc}", f"invalid value: {exc}"


def _invalid(exc: BaseException, cls: object) -> InvalidInput:
    """One :class:`InvalidInput` listing every bad field of a failed structuring, with its path."""
    name = getattr(cls, "__name__", str(cls))
    leaves = list(_leaves(exc, "$"))
    parts_zh: list[str] = []
    parts_en: list[str] = []
    for path, leaf in leaves:
        zh, en = _describe(leaf)
        parts_zh.append(f"{path}：{zh}")
        parts_en.append(f"{path}: {en}")
    return InvalidInput(
        _mask(f"无法读取 {name}：" + "；".join(parts_zh)),
        _mask(f"cannot read {name}: " + "; ".join(parts_en)),
        where=leaves[0][0] if leaves else "$",
    )


_STRUCTURE_ERRORS = (
    CattrsError,
    BaseValidationError,
    XuejiError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
)


# --------------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------------


def _unstructure(obj: object) -> Any:
    try:
        return _CONVERTER.unstructure(obj)
    except XuejiError:
        raise
    except Exception as exc:  # an unsupported object; never let a cattrs error escape
        raise InvalidInput(
            _mask(f"无法转换 {_type_name(obj)}：{exc}"),
            _mask(f"cannot convert a {_type_name(obj)}: {exc}"),
            where="obj",
        ) from None


def to_dict(obj: object) -> dict[str, Any]:
    """A model as a dict of JSON types (full ID numbers included: storing is an explicit request).

    模型转为字典（含完整身份证号，仅用于存储）。:class:`IdentityNumber` and :class:`StudentNumber` are
    strings, not dicts: use :func:`to_json` for them.
    """
    out = _unstructure(obj)
    if not isinstance(out, dict):
        raise InvalidInput(
            f"{_type_name(obj)} 不转换为对象（dict），请用 to_json",
            f"a {_type_name(obj)} does not convert to a dict; use to_json",
            where="obj",
        )
    return out


#: Deepest nesting of JSON arrays and objects read (a record is about six levels deep).
MAX_DEPTH = 64
#: Most spaces of indentation :func:`to_json` writes.
MAX_INDENT = 16


def check_decoded(data: object) -> None:
    """Decoded JSON fit to read as a model, or :class:`InvalidInput` naming the path of the first string (value or key) that holds a lone
    surrogate (U+D800–U+DFFF: no UTF-8 can carry it, so it would fail only when written out), or the
    first place nested deeper than :data:`MAX_DEPTH`. Iterative: a deep input cannot exhaust the stack.
    """
    if _fits(data):  # the common case: no path to name (built only when there is a problem)
        return
    stack: list[tuple[str, object, int]] = [("$", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise InvalidInput(
                    "字符串中含有孤立的代理码位（U+D800–U+DFFF），不是有效的 Unicode 文本",
                    "a string holds a lone surrogate (U+D800–U+DFFF): not valid Unicode text",
                    where=path,
                )
            continue
        if not isinstance(value, (Mapping, list, tuple)):
            continue
        if depth >= MAX_DEPTH:
            raise InvalidInput(
                f"嵌套超过 {MAX_DEPTH} 层", f"nested deeper than {MAX_DEPTH} levels", where=path
            )
        if isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(key, str) and _SURROGATE.search(key):
                    raise InvalidInput(
                        "字段名中含有孤立的代理码位（U+D800–U+DFFF）",
                        "a field name holds a lone surrogate (U+D800–U+DFFF)",
                        where=path,
                    )
                name = key if isinstance(key, str) and _NAME.fullmatch(key) else "?"
                stack.append((f"{path}.{name}", item, depth + 1))
        else:
            stack.extend((f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value))


def _fits(data: object) -> bool:
    """Whether :func:`check_decoded` finds nothing in ``data``: the same walk and the same tests,
    without the paths it names."""
    search = _SURROGATE.search
    stack: list[tuple[object, int]] = [(data, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        value, depth = pop()
        if isinstance(value, str):
            if search(value):
                return False
            continue
        if not isinstance(value, (Mapping, list, tuple)):
            continue
        if depth >= MAX_DEPTH:
            return False
        depth += 1
        if isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(key, str) and search(key):
                    return False
                push((item, depth))
        else:
            stack.extend((item, depth) for item in value)
    return True


def _ordered(name: str, first: Any, second: Any) -> tuple[Any, type[Any]]:
    """``(data, cls)`` from either argument order: cattrs' ``(data, cls)``, or the order of 0.1,
    ``(cls, data)``, which still works with a DeprecationWarning (a class is never JSON data)."""
    if isinstance(first, type) and not isinstance(second, type):
        warnings.warn(
            f"{name}(cls, data) 的参数顺序已弃用，请写 {name}(data, cls)（与 cattrs 的 structure 一致） / "
            f"{name}(cls, data) is deprecated: write {name}(data, cls), as cattrs' structure(data, cls)",
            DeprecationWarning,
            stacklevel=3,
        )
        return second, first
    return first, second


@overload
def from_dict(data: Any, cls: type[_T]) -> _T: ...
@overload
def from_dict(data: type[_T], cls: Any) -> _T: ...  # the order of 0.1, deprecated
def from_dict(data: Any, cls: Any) -> Any:
    """Build a ``cls`` from a dict made by :func:`to_dict`; bad data raises :class:`InvalidInput`.

    从字典还原模型；数据有误时抛出 ``InvalidInput``，指明出错字段的路径。The arguments are in cattrs'
    order, ``from_dict(data, Record)`` as ``structure(data, Record)``; the order of 0.1,
    ``from_dict(Record, data)``, still works with a ``DeprecationWarning``.
    """
    data, cls = _ordered("from_dict", data, cls)
    return _structure(data, cls)


def _structure(data: Any, cls: type[_T]) -> _T:
    if not isinstance(cls, type):
        raise InvalidInput(
            f"cls 应为模型类（如 Record），得到 {type(cls).__name__} 的实例",
            f"cls must be a model class (such as Record), not an instance of {type(cls).__name__}",
            where="cls",
        )
    check_decoded(data)
    try:
        result: _T = _CONVERTER.structure(data, cls)
    except _STRUCTURE_ERRORS as exc:
        raise _invalid(exc, cls) from None
    return result


def to_json(obj: object, *, sort_keys: bool = False, indent: int | None = None) -> str:
    """A model as JSON text (UTF-8 characters kept: ``ensure_ascii=False``). 模型转为 JSON。

    Full ID numbers included, as in :func:`to_dict`. ``indent`` is ``None`` (one line) or 0 to
    :data:`MAX_INDENT` spaces. A string holding a lone surrogate raises :class:`InvalidInput` naming
    its field: the text could not be written as UTF-8.
    """
    check_type(sort_keys, "sort_keys", bool)
    if indent is not None:
        check_int(indent, "indent", low=0, high=MAX_INDENT)
    data = _unstructure(obj)
    try:
        text = json.dumps(data, ensure_ascii=False, sort_keys=sort_keys, indent=indent)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            _mask(f"无法写成 JSON：{exc}"), _mask(f"cannot write as JSON: {exc}"), where="obj"
        ) from None
    if _SURROGATE.search(text):  # text no UTF-8 can carry: it would fail only when written out
        check_decoded(data)  # names the field
    return text


@overload
def from_json(text: str | bytes, cls: type[_T]) -> _T: ...
@overload
def from_json(text: type[_T], cls: str | bytes) -> _T: ...  # the order of 0.1, deprecated
def from_json(text: Any, cls: Any) -> Any:
    """Build a ``cls`` from JSON text made by :func:`to_json`. 从 JSON 还原模型。

    ``from_json(text, Record)``, in cattrs' order (``structure(data, cls)``); the order of 0.1,
    ``from_json(Record, text)``, still works with a ``DeprecationWarning``.
    """
    text, cls = _ordered("from_json", text, cls)
    check_type(text, "text", str, bytes, bytearray)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"不是有效的 JSON：{exc.msg}",
            f"not valid JSON: {exc.msg}",
            where=f"line {exc.lineno} column {exc.colno}",
        ) from None
    except RecursionError:
        raise InvalidInput(
            f"JSON 嵌套过深（最多 {MAX_DEPTH} 层）",
            f"JSON nested too deep (at most {MAX_DEPTH} levels)",
            where="text",
        ) from None
    except (TypeError, UnicodeError) as exc:
        raise InvalidInput(
            f"无法读取 JSON：{type(exc).__name__}",
            f"cannot read JSON: {type(exc).__name__}",
            where="text",
        ) from None
    except ValueError:  # Python's limit on the digits of an int (sys.get_int_max_str_digits)
        raise InvalidInput(
            "JSON 中的数字位数过多，无法读取",
            "a number in the JSON has too many digits to read",
            where="text",
        ) from None
    return _structure(data, cls)
