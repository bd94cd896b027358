"""Every number and date the rules use, each citing its clause, versioned by date (OpenFisca style).

规则所用的每个数值和日期都在这里：数值、单位、条款、生效日期和依据。A county overrides one with
:meth:`ParameterSet.override`, which returns a new set and leaves the default untouched; a later amendment
is another version with a later ``since``. Asking for a value before its first date raises
:class:`~liangshan_xueji.errors.ParameterNotInForce`, never a silent default.

A parameter the regulation leaves to another authority (跨市州、跨省转学 "按照省教育厅相关规定执行",
2.1.4) has **no value until a caller sets it** (未设定 / not set): its value is ``None``,
:meth:`ParameterSet.value` raises :class:`~liangshan_xueji.errors.ParameterNotSet`, and
:meth:`ParameterSet.optional_int` answers ``None`` — the rules then set no due date and report nothing
late. :meth:`ParameterSet.override` sets it, with its reference.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .._validators import (
    check_date,
    check_int,
    check_text,
    check_type,
    date_field,
    of,
    text,
)
from ..errors import InvalidInput, ParameterNotInForce, ParameterNotSet
from .clauses import SOURCE, check_clause_id

__all__ = [
    "DEFAULT_PARAMETERS",
    "MonthDay",
    "Parameter",
    "ParameterSet",
    "ParameterValue",
]

#: The regulation's date of issue; every default holds from this day (clause 8.4).
IN_FORCE = SOURCE.issued


@attrs.frozen(order=True)
class MonthDay:
    """A day of the year such as 9-30 (每年 9 月 30 日), optionally with a time of day (8-10 24:00)."""

    month: int = attrs.field(validator=of(int))
    day: int = attrs.field(validator=of(int))

    def __attrs_post_init__(self) -> None:
        try:
            _dt.date(2000, self.month, self.day)  # 2000 is a leap year: 2-29 is allowed
        except (ValueError, OverflowError):
            raise InvalidInput(
                f"不存在的日期 {self.month}-{self.day}",
                f"no such day of the year {self.month}-{self.day}",
                where="MonthDay",
            ) from None

    def in_year(self, year: int) -> _dt.date:
        """This day in ``year``. 该年中的这一天。"""
        check_int(year, "year", low=_dt.MINYEAR, high=_dt.MAXYEAR)
        try:
            return _dt.date(year, self.month, self.day)
        except ValueError:  # 2-29 in a common year
            raise InvalidInput(
                f"{year} 年没有 {self}", f"there is no {self} in {year}", where="year"
            ) from None

    def __str__(self) -> str:
        return f"{self.month}-{self.day:02d}"


ParameterValue = int | float | MonthDay

#: How an unset parameter shows (its value is ``None``). 未设定的参数的显示。
NOT_SET = "未设定 / not set"

_KINDS: tuple[type, ...] = (int, float, MonthDay)


def _finite(_inst: object, _attribute: attrs.Attribute[object], value: object) -> None:
    """A float parameter is a number: not nan nor ±inf (a comparison with nan is always false)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(
            "参数值应为有限的数（不能是 nan 或无穷大）",
            "a parameter's value must be a finite number (not nan nor infinity)",
            where="Parameter.value",
        )


def _kind_of(param: Parameter) -> type:
    return type(param.value)


def _check_kind(inst: Parameter, _attribute: attrs.Attribute[type], kind: type) -> None:
    """``kind`` is int, float or MonthDay, and a set value is of it (an int is a float too)."""
    if kind not in _KINDS:
        raise InvalidInput(
            f"参数 {inst.name} 的类型应为 int、float 或 MonthDay（未设定的参数须给出 kind）",
            f"the kind of {inst.name} must be int, float or MonthDay (an unset parameter needs one)",
            where="Parameter.kind",
        )
    value = inst.value
    if value is not None and not (type(value) is kind or (kind is float and type(value) is int)):
        raise InvalidInput(
            f"参数 {inst.name} 的值应为 {getattr(kind, '__name__', kind)}",
            f"the value of {inst.name} must be a {getattr(kind, '__name__', kind)}",
            where="Parameter.value",
        )


@attrs.frozen(kw_only=True)
class Parameter:
    """One value of one parameter, in force from ``since`` (含当日). 参数的一个版本。

    ``value`` is ``None`` for a parameter with no value until a caller sets it (未设定 / not set);
    ``kind`` is the type a value takes (``int``, ``float`` or :class:`MonthDay`; by default the value's).
    """

    name: str = attrs.field(validator=text())
    value: ParameterValue | None = attrs.field(
        validator=attrs.validators.optional(
            attrs.validators.and_(of(int, float, MonthDay), _finite)
        )
    )
    unit: str = attrs.field(validator=text())
    clause: str = attrs.field(validator=lambda _i, a, v: check_clause_id(v, where=a.name))
    since: _dt.date = attrs.field(validator=date_field)
    zh: str = attrs.field(validator=text())
    en: str = attrs.field(validator=text())
    reference: str = attrs.field(default=str(SOURCE), validator=text())
    kind: type = attrs.field(
        default=attrs.Factory(_kind_of, takes_self=True), validator=_check_kind
    )
    #: The highest value an override may set, or ``None`` (no bound): a standard set above the
    #: county that a county may lower but not raise (2.1.6.1's 国家、省定标准). Kept by overrides.
    ceiling: int | float | None = attrs.field(
        default=None, validator=attrs.validators.and_(of(int, float, optional=True), _finite)
    )

    @property
    def is_set(self) -> bool:
        """The parameter has a value (``False``: 未设定 / not set until a caller sets it)."""
        return self.value is not None

    @property
    def value_text(self) -> str:
        """The value as shown (``未设定 / not set`` when it has none)."""
        return NOT_SET if self.value is None else str(self.value)

    def __attrs_post_init__(self) -> None:
        if (
            self.ceiling is not None
            and self.value is not None
            and (not isinstance(self.value, (int, float)) or self.value > self.ceiling)
        ):
            raise InvalidInput(
                f"参数 {self.name} 的值 {self.value} 高于其上限 {self.ceiling}",
                f"parameter {self.name}'s value {self.value} is above its ceiling {self.ceiling}",
                where="Parameter.value",
            )

    def __str__(self) -> str:
        return f"{self.name} = {self.value_text} {self.unit} [{self.clause}] (since {self.since})"


def _ceiling_words(parameter: Parameter) -> tuple[str, str]:
    """What a parameter's ceiling is, for a refusal (Chinese, English): the national/provincial
    class-size standard (2.1.6.1) or the regulation's own maximum (e.g. 2.3's 2 %)."""
    if parameter.clause == "2.1.6.1":
        return "国家、省定标准", "the national/provincial standard"
    return (
        f"凉教基〔2016〕14号 {parameter.clause} 规定的上限",
        f"the maximum set by clause {parameter.clause} of the regulation",
    )


def _p(
    name: str,
    value: ParameterValue,
    unit: str,
    clause: str,
    zh: str,
    en: str,
    reference: str = "",
    *,
    ceiling: int | float | None = None,
) -> Parameter:
    return Parameter(
        name=name,
        value=value,
        unit=unit,
        clause=clause,
        since=IN_FORCE,
        zh=zh,
        en=en,
        reference=reference or str(SOURCE),
        ceiling=ceiling,
    )


def _unset(
    name: str, kind: type, unit: str, clause: str, zh: str, en: str, reference: str
) -> Parameter:
    """A parameter with no value until a caller sets it (未设定 / not set)."""
    return Parameter(
        name=name,
        value=None,
        kind=kind,
        unit=unit,
        clause=clause,
        since=IN_FORCE,
        zh=zh,
        en=en,
        reference=reference,
    )


#: 2.1.6.1's "国家、省定标准": the national school-building standard's class sizes. The 大班额 (56+)
#: and 超大班额 (66+) figures of 国发〔2016〕40号 are targets for removing oversize classes, not a
#: standard a class may fill up to, and no rule here uses them.
_CLASS_SIZE_REF = (
    "建标〔2002〕102号《城市普通中小学校校舍建设标准》第六条：完全小学每班 45 人，初级中学、"
    "高级中学每班 50 人 / Urban primary and secondary school building standard, art. 6: 45 a "
    "primary class, 50 a junior or senior class"
)
_PROVINCE_REF = (
    "未设定：按照省教育厅相关规定执行（2.1.4），由调用方以 override 设定并注明依据 / not set: the "
    "province's rule applies (2.1.4); a caller sets it with override, citing it"
)
_ARCHIVE_MOVE_REF = (
    "未设定：规定未给档案转接设期限（5.3.1），仅供提示，由调用方设定 / not set: the regulation gives "
    "moving the archive no time limit (5.3.1); a caller may set one, for notices only"
)

_DEFAULTS: tuple[Parameter, ...] = (
    _p("class_size_limit_primary", 45, "人 students", "2.1.6.1",
       "小学班额标准（国家、省定标准；县可降低，不可提高）",
       "class-size standard, primary (a county may lower it, not raise it)", _CLASS_SIZE_REF,
       ceiling=45),
    _p("class_size_limit_junior", 50, "人 students", "2.1.6.1",
       "初中班额标准（国家、省定标准；县可降低，不可提高）",
       "class-size standard, junior (a county may lower it, not raise it)", _CLASS_SIZE_REF,
       ceiling=50),
    _p("class_size_limit_senior", 50, "人 students", "2.1.6.1",
       "高中班额标准（国家、省定标准；县可降低，不可提高）",
       "class-size standard, senior (a county may lower it, not raise it)", _CLASS_SIZE_REF,
       ceiling=50),
    _p("transfer_workdays", 10, "工作日 working days", "2.1.4",
       "州内转学办理时限", "time to process a transfer inside the prefecture"),
    _unset("cross_prefecture_transfer_workdays", int, "工作日 working days", "2.1.4",
           "跨市州、跨省转学办理时限（按省教育厅相关规定；未设定则不设期限）",
           "time to process a transfer across prefectures or provinces (the province's rule; "
           "none until set)", _PROVINCE_REF),
    _p("medical_rest_months", 3, "月 months", "2.2.1",
       "休学所需医嘱休息治疗时间下限", "least rest advised by the hospital for a suspension"),
    _p("suspension_limit_months", 12, "月 months", "2.2.3",
       "休学期限（一般不超过一年）", "longest suspension period (normally one year)"),
    _p("senior_retention_cap", 0.02, "比例 ratio", "2.3",
       "高中留级比例上限（每一级三年内留级人数占该级入学人数；可调低，不可高于 2%）",
       "cap on a senior cohort's retentions over its three years, of its size at entry (may be "
       "lowered, never above 2 %)",
       ceiling=0.02),
    _p("senior_retention_window_years", 3, "年 years", "2.3",
       "高中留级比例的统计年限（一级学生的高中三年）",
       "years of the senior retention cap (a cohort's three senior years)"),
    _p("unexplained_absence_months", 3, "月 months", "2.4.2",
       "未告知原因离校且联系不上的时长", "unexplained, unreachable absence before 其他离校"),
    _p("death_report_workdays", 10, "工作日 working days", "2.5",
       "学生死亡信息上报时限", "time to report a student's death"),
    _p("new_student_data_due", MonthDay(9, 30), "月-日 month-day", "1.3",
       "新生信息采集、家长确认并录入的截止日", "new students' data collected and confirmed by"),
    _p("graduation_due", MonthDay(7, 30), "月-日 month-day", "3.1",
       "毕业操作完成的截止日", "graduation done by"),
    _p("promotion_day", MonthDay(8, 10), "月-日 month-day（24 时 24:00）", "3.1",
       "全国学籍系统统一升级日（当日 24 时）", "annual promotion of non-graduating grades (24:00)"),
    _p("archive_months", 1, "月 months", "5",
       "入学后建立学籍档案的时限", "time to create the archive after enrollment"),
    _unset("archive_move_months", int, "月 months", "5.3.1",
           "转学、升学后档案仍未转接即提示的时长（本库的提示，非规定期限）",
           "time after a transfer or admission before an unmoved archive is noticed (the "
           "library's notice, not a limit of the regulation)", _ARCHIVE_MOVE_REF),
    _p("yi_starting_grades_filing_due", MonthDay(9, 30), "月-日 month-day", "6.1",
       "一类模式义务教育起始年级学籍报州备案截止日",
       "model-one starting grades filed with the prefecture by"),
    _p("yi_senior_roster_due", MonthDay(8, 25), "月-日 month-day", "6.2",
       "一类模式高一新生名册和中考成绩报州截止日",
       "model-one senior-1 roster and 中考 scores to the prefecture by"),
    _p("registrar_logins_per_week", 2, "次/周 logins a week", "7.3",
       "学籍管理员每周至少登录次数", "least registrar logins a week"),
)  # fmt: skip


def _to_versions(value: object) -> object:
    """A read-only mapping of each name to its versions (a tuple, by ``since``); :class:`InvalidInput`
    for anything else."""
    where = "ParameterSet.versions"
    if not isinstance(value, Mapping):
        raise InvalidInput(
            f"versions 应为参数名到参数版本的映射，得到 {type(value).__name__}",
            f"versions must map parameter names to their versions, not {type(value).__name__}",
            where=where,
        )
    out: dict[str, tuple[Parameter, ...]] = {}
    for name, versions in value.items():
        check_type(name, where, str)
        if isinstance(versions, (str, bytes)) or not isinstance(versions, (tuple, list)):
            raise InvalidInput(
                f"参数 {name} 的版本应为 Parameter 的序列",
                f"the versions of {name} must be a sequence of Parameter",
                where=f"{where}[{name!r}]",
            )
        if not versions or not all(isinstance(p, Parameter) and p.name == name for p in versions):
            raise InvalidInput(
                f"参数 {name} 的版本应为同名的 Parameter（至少一个）",
                f"the versions of {name} must be at least one Parameter named {name}",
                where=f"{where}[{name!r}]",
            )
        out[name] = tuple(sorted(versions, key=lambda p: p.since))
    return MappingProxyType(out)


def _versions_key(versions: Mapping[str, tuple[Parameter, ...]]) -> frozenset[Any]:
    """What equality and the hash of a set compare: its names and their versions."""
    return frozenset(versions.items())


@attrs.frozen
class ParameterSet:
    """All parameters with their versions. 参数集合（含历次版本）。

    Immutable: :meth:`override` returns a new set. Look up with :meth:`value` or :meth:`get`.
    A set is a value: equal sets hash equal (a :class:`~liangshan_xueji.records.status.Context` holding one is
    hashable too).
    """

    _versions: Mapping[str, tuple[Parameter, ...]] = attrs.field(
        converter=_to_versions, eq=_versions_key
    )
    label: str = attrs.field(default="凉教基〔2016〕14号", validator=text())

    @classmethod
    def from_parameters(cls, params: tuple[Parameter, ...], label: str) -> ParameterSet:
        """The set of ``params`` (any order; the versions of one name sorted by ``since``)."""
        if isinstance(params, (str, bytes)) or not isinstance(params, Iterable):
            raise InvalidInput(
                "params 应为 Parameter 的序列",
                "params must be a sequence of Parameter",
                where="params",
            )
        grouped: dict[str, list[Parameter]] = {}
        for p in params:
            check_type(p, "params", Parameter)
            grouped.setdefault(p.name, []).append(p)
        frozen = {k: tuple(sorted(v, key=lambda p: p.since)) for k, v in grouped.items()}
        return cls(MappingProxyType(frozen), label)

    def names(self) -> tuple[str, ...]:
        """Every parameter name."""
        return tuple(self._versions)

    def __iter__(self) -> Iterator[Parameter]:
        for versions in self._versions.values():
            yield from versions

    def get(self, name: str, on: _dt.date) -> Parameter:
        """The version of ``name`` in force on ``on``. 某日生效的参数版本。"""
        check_text(name, "name")
        versions = self._versions.get(name)
        if versions is None:
            raise ParameterNotInForce(
                f"没有名为 {name!r} 的参数", f"no parameter named {name!r}", where=name
            )
        if isinstance(on, _dt.datetime) or not isinstance(on, _dt.date):
            raise InvalidInput(
                f"查询参数需要日期（date），得到 {type(on).__name__}",
                f"a parameter lookup takes a date, got {type(on).__name__}",
                where=name,
            )
        in_force = [p for p in versions if p.since <= on]
        if not in_force:
            raise ParameterNotInForce(
                f"参数 {name} 在 {on} 尚未生效（自 {versions[0].since} 起生效）",
                f"parameter {name} is not in force on {on} (in force from {versions[0].since})",
                where=name,
            )
        return in_force[-1]

    def value(self, name: str, on: _dt.date) -> ParameterValue:
        """The value of ``name`` in force on ``on``; :class:`ParameterNotSet` when it has none."""
        p = self.get(name, on)
        if p.value is None:
            raise ParameterNotSet(
                f"参数 {name} 未设定（{p.zh}）：请以 ParameterSet.override 设定并注明依据",
                f"parameter {name} is not set ({p.en}): set it with ParameterSet.override, citing "
                "its reference",
                where=name,
            )
        return p.value

    def is_set(self, name: str, on: _dt.date) -> bool:
        """``name`` has a value on ``on`` (``False``: 未设定 / not set)."""
        return self.get(name, on).is_set

    def optional_int(self, name: str, on: _dt.date) -> int | None:
        """:meth:`int_value`, or ``None`` while ``name`` is not set (未设定)."""
        if not self.is_set(name, on):
            return None
        return self.int_value(name, on)

    def int_value(self, name: str, on: _dt.date) -> int:
        """``value`` for integer parameters (counts, days, months)."""
        v = self.value(name, on)
        if not isinstance(v, int):
            raise InvalidInput(
                f"参数 {name} 不是整数", f"parameter {name} is not an integer", where=name
            )
        return v

    def month_day(self, name: str, on: _dt.date) -> MonthDay:
        """``value`` for day-of-year parameters (9-30, 7-30, …)."""
        v = self.value(name, on)
        if not isinstance(v, MonthDay):
            raise InvalidInput(
                f"参数 {name} 不是月-日", f"parameter {name} is not a month-day", where=name
            )
        return v

    def override(
        self,
        name: str,
        value: ParameterValue,
        *,
        since: _dt.date | None = None,
        reference: str,
        label: str | None = None,
    ) -> ParameterSet:
        """A new set where ``name`` takes ``value`` from ``since`` (default: the first date).

        县（市）可以覆盖某个参数（例如班额标准），返回新的参数集，默认参数集不变。``reference`` names
        the county's document. The old versions before ``since`` stay in force before it.
        """
        if since is not None:
            check_date(since, "since")
        check_text(reference, "reference")
        check_type(label, "label", str, optional=True)
        base = self.get(name, since or IN_FORCE)
        if isinstance(value, bool) or (
            type(value) is not base.kind
            and not (isinstance(value, (int, float)) and base.kind in (int, float))
        ):
            raise InvalidInput(
                f"参数 {name} 的新值类型应为 {base.kind.__name__}",
                f"the new value of {name} must be a {base.kind.__name__}",
                where=name,
            )
        if (
            base.ceiling is not None
            and isinstance(value, (int, float))
            and math.isfinite(value)  # (not finite: refused by Parameter's own validator)
            and value > base.ceiling
        ):
            bound_zh, bound_en = _ceiling_words(base)
            raise InvalidInput(
                f"参数 {name} 不得高于{bound_zh} {base.ceiling}（可降低，不可提高），得到 {value}",
                f"{name} may not exceed {bound_en} of {base.ceiling} (it may be lowered, not "
                f"raised); got {value}",
                where=name,
            )
        start = since or self._versions[name][0].since
        new = attrs.evolve(base, value=value, since=start, reference=reference, kind=type(value))
        kept = (*(p for p in self._versions[name] if p.since < start), new)
        versions = dict(self._versions)
        versions[name] = kept
        return ParameterSet(MappingProxyType(versions), label or f"{self.label} + {reference}")

    def read_value(self, name: str, text: str) -> ParameterValue:
        """``text`` read as a value of ``name``'s kind: ``10`` (int), ``0.02`` (float), ``9-30`` (MonthDay).

        从文本读取参数值（命令行的 ``--parameter NAME=VALUE``）。An unknown name raises
        :class:`~liangshan_xueji.errors.ParameterNotInForce` naming the nearest names; text that is not
        of the kind raises :class:`~liangshan_xueji.errors.InvalidInput`. Negative numbers are refused:
        every parameter is a count, a share or a day of the year.
        """
        check_text(name, "name")
        check_text(text, "text")
        versions = self._versions.get(name)
        if versions is None:
            near = difflib.get_close_matches(name, self.names(), n=3, cutoff=0.5)
            hint_zh = f"；是否指 {'、'.join(near)}" if near else ""
            hint_en = f"; did you mean {', '.join(near)}" if near else ""
            raise ParameterNotInForce(
                f"没有名为 {name!r} 的参数{hint_zh}",
                f"no parameter named {name!r}{hint_en}",
                where=name,
            )
        kind = versions[-1].kind
        raw = text.strip()
        try:
            if kind is MonthDay:
                month, _, day = raw.partition("-")
                if not (month.isascii() and month.isdigit() and day.isascii() and day.isdigit()):
                    raise ValueError(raw)
                return MonthDay(int(month), int(day))
            if not raw.isascii():
                raise ValueError(raw)
            value: int | float = int(raw) if kind is int else float(raw)
        except ValueError:
            shape = {int: "整数 a whole number", float: "数 a number", MonthDay: "月-日 M-D"}[kind]
            raise InvalidInput(
                f"参数 {name} 的值应为{shape.split()[0]}，得到 {text!r}",
                f"the value of {name} must be {shape.split(' ', 1)[1]}, not {text!r}",
                where=name,
            ) from None
        if not math.isfinite(value) or value < 0:
            raise InvalidInput(
                f"参数 {name} 的值不能为负数或非有限数：{text!r}",
                f"the value of {name} must be a finite, non-negative number, not {text!r}",
                where=name,
            )
        return value


#: The regulation's own parameters, in force from 2016-08-11.
DEFAULT_PARAMETERS = ParameterSet.from_parameters(_DEFAULTS, "凉教基〔2016〕14号")
