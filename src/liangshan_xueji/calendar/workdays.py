"""Chinese working days (工作日) with 调休, and deadlines counted in them (clauses 2.1.4, 2.5).

中国的工作日：周一至周五，除去法定节假日，加上国务院办公厅每年放假通知调为上班的周末（调休）。
Clause 2.1.4 (州内转学 10 个工作日) and clause 2.5 (学生死亡 10 个工作日内上报) count in these days.

:class:`WorkCalendar` answers from a table built once, lazily, per calendar: one byte per day (working
day or not) and the running count of working days, so that :meth:`WorkCalendar.add_workdays` is one
binary search and :meth:`WorkCalendar.workdays_between` one subtraction, never a walk day by day.

The default calendar is chinese-calendar's data (2004 to its last year) with the corrections listed in
:data:`CORRECTIONS`, each citing the State Council notice it rests on. A year the data lacks is added as
data — :meth:`WorkCalendar.with_year` or a notice file (:meth:`WorkCalendar.with_notice_file`, format in
``docs/workdays.md``) — without a new release. Past the data every query raises
:class:`~liangshan_xueji.errors.CalendarDataMissing`; :func:`deadline` with ``provisional=True``
estimates instead and marks the deadline provisional, with the reason. A date is never silently wrong.
"""

from __future__ import annotations

import datetime as _dt
import functools
import importlib.resources
import itertools
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

import attrs
import chinese_calendar  # type: ignore[import-untyped]
from lunardate import LunarDate  # type: ignore[import-untyped]

from .._validators import check_path, collection_of, date_field, of, optional, text
from ..decisions import Deadline, Reason
from ..errors import CalendarDataMissing, InvalidInput
from ..law.clauses import check_clause_id, implements

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "CORRECTIONS",
    "CalendarKind",
    "Correction",
    "DayKind",
    "DayNote",
    "HolidayName",
    "NoticeInfo",
    "WorkCalendar",
    "deadline",
    "liangshan_missing",
    "torch_festival",
]

#: Years :meth:`WorkCalendar.with_year` accepts (the 调休 system is a PRC institution; far futures are
#: typing mistakes). 可加入的年份范围。
MIN_YEAR = 1949
MAX_YEAR = 2199

#: The first year whose holidays follow 《全国年节及纪念日放假办法》 as revised by 国务院令第795号
#: (2024-11-10, in force 2025-01-01); provisional estimates are made from this year on only.
ESTIMATE_FROM_YEAR = 2025

_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


# ---------------------------------------------------------------------------------------------------
# Names


@attrs.frozen
class HolidayName:
    """A holiday's name in Chinese and English, e.g. 国庆节 National Day (clauses 2.1.4, 2.5). 节日名称。"""

    zh: str = attrs.field(validator=text())
    en: str = attrs.field(validator=text())

    def __str__(self) -> str:
        return f"{self.zh} {self.en}"


#: chinese-calendar's English names (the values ``get_holiday_detail`` returns) → our bilingual names.
#: The Chinese follows the notices' wording (清明节, not 清明).
_CC_NAMES: Mapping[str, HolidayName] = {
    "New Year's Day": HolidayName("元旦", "New Year's Day"),
    "Spring Festival": HolidayName("春节", "Spring Festival"),
    "Tomb-sweeping Day": HolidayName("清明节", "Tomb-sweeping Day"),
    "Labour Day": HolidayName("劳动节", "Labour Day"),
    "Dragon Boat Festival": HolidayName("端午节", "Dragon Boat Festival"),
    "Mid-autumn Festival": HolidayName("中秋节", "Mid-autumn Festival"),
    "National Day": HolidayName("国庆节", "National Day"),
}

#: Chinese names a notice file may use without ``name_en``.
_KNOWN_ZH: Mapping[str, str] = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明": "Tomb-sweeping Day",
    "清明节": "Tomb-sweeping Day",
    "劳动节": "Labour Day",
    "五一": "Labour Day",
    "端午": "Dragon Boat Festival",
    "端午节": "Dragon Boat Festival",
    "中秋": "Mid-autumn Festival",
    "中秋节": "Mid-autumn Festival",
    "国庆": "National Day",
    "国庆节": "National Day",
    "十一": "National Day",
    "国庆节、中秋节": "National Day and Mid-autumn Festival",
    "中秋节、国庆节": "Mid-autumn Festival and National Day",
    # The prefecture's own holidays (凉山彝族自治州自治条例 第七十八条, 民族团结进步条例).
    "火把节": "Torch Festival",
    "彝族年": "Yi New Year",
    "彝历新年": "Yi New Year",
    "州庆": "Prefecture Day",
    "民族团结进步节": "Ethnic Unity and Progress Day",
    "国庆节、州庆": "National Day and Prefecture Day",
    "中秋节、国庆节、州庆": "Mid-autumn Festival, National Day and Prefecture Day",
}


def _cc_name(en: str) -> HolidayName:
    known = _CC_NAMES.get(en)
    if known is not None:
        return known
    try:  # special holidays, e.g. the 2015 anti-fascist 70th anniversary
        return HolidayName(chinese_calendar.Holiday(en).chinese, en)
    except ValueError:  # pragma: no cover - a name chinese-calendar does not define
        return HolidayName(en, en)


_DAY_OFF = HolidayName("放假", "day off")
_WORKING = HolidayName("调休上班", "adjusted working day")


# ---------------------------------------------------------------------------------------------------
# Corrections of chinese-calendar's data


@attrs.frozen(kw_only=True)
class Correction:
    """A day where chinese-calendar disagrees with the State Council notice (clauses 2.1.4, 2.5).

    数据更正：chinese-calendar 与国务院办公厅放假通知不一致之处，以通知为准。``notice_year`` is the year
    of the notice that decides the day (a December day can belong to the next year's notice).
    """

    day: _dt.date = attrs.field(validator=date_field)
    workday: bool = attrs.field(validator=of(bool))
    holiday: HolidayName = attrs.field(validator=of(HolidayName))
    notice_year: int = attrs.field(validator=of(int))
    source: str = attrs.field(validator=text())
    quote: str = attrs.field(validator=text())
    url: str = attrs.field(validator=text())


#: Every correction applied to chinese-calendar's data, with its source (see docs/workdays.md).
CORRECTIONS: tuple[Correction, ...] = (
    Correction(
        day=_dt.date(2005, 12, 31),
        workday=True,
        holiday=_CC_NAMES["New Year's Day"],
        notice_year=2006,
        source="国务院办公厅关于2006年部分节假日安排的通知（国办发明电〔2005〕35号，2005-12-16）",
        quote="一、元旦：1月1日—3日放假，共3天。……12月31日（星期六）上班。",
        url="https://zh.wikisource.org/wiki/国务院办公厅关于2006年部分节假日安排的通知",
    ),
)


# ---------------------------------------------------------------------------------------------------
# Notices and explanations

DayKind = Literal["holiday", "weekend", "adjusted_workday"]


_DAY_KINDS = ("holiday", "weekend", "adjusted_workday")


class DayNote(NamedTuple):
    """One day of :meth:`WorkCalendar.explain` (clauses 2.1.4, 2.5): a day off skipped, or a 调休 day.

    ``kind`` is ``"holiday"`` (放假), ``"weekend"`` (周末) or ``"adjusted_workday"`` (调休上班);
    ``name`` is the holiday it belongs to, ``None`` for a plain weekend.
    """

    date: _dt.date
    kind: DayKind
    name: HolidayName | None
    estimated: bool = False

    def __str__(self) -> str:
        if not isinstance(self.date, _dt.date) or self.kind not in _DAY_KINDS:
            raise InvalidInput(
                "DayNote 须有日期和类型（holiday、weekend、adjusted_workday）",
                "a DayNote needs a date and a kind (holiday, weekend, adjusted_workday)",
                where="DayNote",
            )
        label = {
            "holiday": "放假 holiday",
            "weekend": "周末 weekend",
            "adjusted_workday": "调休上班（计入）adjusted working day (counted)",
        }[self.kind]
        wd = self.date.weekday()
        name = f"  {self.name}" if self.name is not None else ""
        return f"{self.date} {_WEEKDAYS_ZH[wd]} {_WEEKDAYS_EN[wd]}  {label}{name}"


@attrs.frozen(kw_only=True)
class NoticeInfo:
    """Where a year's arrangement comes from: the notice's number, date and source (clauses 2.1.4, 2.5).

    放假通知的出处：文号、发布日期（``issued``；未见原件日期时为 ``None``，``reported`` 为最早见报日期）、
    标题、发文机关、所依据的国务院通知（``basis``，如 国办发明电〔2022〕16号）、来源说明和网址。
    """

    year: int = attrs.field(validator=of(int))
    number: str = attrs.field(validator=of(str))
    issued: _dt.date | None = attrs.field(default=None, validator=optional(date_field))
    reported: _dt.date | None = attrs.field(default=None, validator=optional(date_field))
    title: str = attrs.field(default="", validator=of(str))
    issuer: str = attrs.field(default="", validator=of(str))
    basis: str = attrs.field(default="", validator=of(str))
    source: str = attrs.field(default="", validator=of(str))
    url: str = attrs.field(default="", validator=of(str))
    amendments: tuple[str, ...] = attrs.field(default=(), validator=collection_of(str, tuple))


@attrs.frozen(kw_only=True)
class _Notice:
    """One year's arrangement: the days that differ from Mon–Fri work, Sat–Sun rest."""

    year: int
    days: tuple[tuple[_dt.date, bool, HolidayName], ...]  # (day, is working day, holiday), sorted
    label: str = ""
    estimated: bool = False
    info: NoticeInfo | None = None


# ---------------------------------------------------------------------------------------------------
# Input checks


def _check_date(value: object, where: str) -> _dt.date:
    """A ``date`` and not a ``datetime`` (a subclass of date: check it), else InvalidInput."""
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        raise InvalidInput(
            f"{where} 应为日期（datetime.date），不能是 {type(value).__name__}",
            f"{where} must be a datetime.date, not a {type(value).__name__}",
            where=where,
        )
    return value


def _check_count(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(
            f"{where} 应为不小于 1 的整数，得到 {value!r}",
            f"{where} must be an integer of at least 1, got {value!r}",
            where=where,
        )
    return value


def _check_year(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
        raise InvalidInput(
            f"{where} 应为 {MIN_YEAR}–{MAX_YEAR} 之间的年份，得到 {value!r}",
            f"{where} must be a year from {MIN_YEAR} to {MAX_YEAR}, got {value!r}",
            where=where,
        )
    return value


def _check_in_notice_window(day: _dt.date, year: int, where: str) -> None:
    """A year's notice speaks of that year and, around New Year, of the previous December."""
    if not _dt.date(year - 1, 12, 1) <= day <= _dt.date(year, 12, 31):
        raise InvalidInput(
            f"{day} 不在 {year} 年放假通知的范围内（{year - 1}-12-01 至 {year}-12-31）",
            f"{day} is outside the range of a notice for {year} ({year - 1}-12-01 to {year}-12-31)",
            where=where,
        )


def _make_notice(
    year: int,
    off: Mapping[_dt.date, tuple[HolidayName, str]],
    work: Mapping[_dt.date, tuple[HolidayName, str]],
    label: str,
    info: NoticeInfo | None = None,
) -> _Notice:
    """Check and assemble a notice; ``off``/``work`` map each day to (name, where it was given)."""
    for day, (_name, where) in off.items():
        _check_in_notice_window(day, year, where)
    for day, (_name, where) in work.items():
        _check_in_notice_window(day, year, where)
        if day.weekday() < 5:
            raise InvalidInput(
                f"调休上班日 {day} 是{_WEEKDAYS_ZH[day.weekday()]}；调休上班日应为周六或周日",
                f"adjusted working day {day} is a {_WEEKDAYS_EN[day.weekday()]}; an adjusted "
                f"working day (调休) is a Saturday or Sunday made a working day",
                where=where,
            )
        if day in off:
            raise InvalidInput(
                f"{day} 同时列为放假日和调休上班日",
                f"{day} is listed both as a day off and as an adjusted working day",
                where=where,
            )
    days = sorted(
        [(d, False, n) for d, (n, _w) in off.items()]
        + [(d, True, n) for d, (n, _w) in work.items()],
        key=lambda item: item[0],
    )
    return _Notice(year=year, days=tuple(days), label=label, info=info)


def _dates(values: Iterable[_dt.date], where: str) -> list[tuple[_dt.date, str]]:
    if isinstance(values, (_dt.date, str, bytes)):
        raise InvalidInput(
            f"{where} 应为日期的列表", f"{where} must be an iterable of dates", where=where
        )
    try:
        items = list(values)
    except TypeError:
        raise InvalidInput(
            f"{where} 应为日期的列表", f"{where} must be an iterable of dates", where=where
        ) from None
    return [(_check_date(v, f"{where}[{k}]"), f"{where}[{k}]") for k, v in enumerate(items)]


# ---------------------------------------------------------------------------------------------------
# The table


class _Table:
    """Flags and running counts over every day from Jan 1 of the first year to Dec 31 of the last."""

    __slots__ = (
        "base",
        "cum",
        "first",
        "flags",
        "gaps",
        "kind",
        "last",
        "limit",
        "notes",
        "size",
        "working_days",
    )

    def __init__(self, notices: tuple[_Notice, ...], kind: str = "national") -> None:
        self.kind = kind
        years = {n.year for n in notices}
        self.first = first = min(years)
        self.last = last = max(years)
        self.gaps: tuple[int, ...] = tuple(y for y in range(first, last + 1) if y not in years)
        self.base = base = _dt.date(first, 1, 1).toordinal()
        self.size = size = _dt.date(last, 12, 31).toordinal() - base + 1
        # Mon–Fri work, Sat–Sun rest; ordinal 1 (0001-01-01) is a Monday.
        week = bytes(1 if (base + k + 6) % 7 < 5 else 0 for k in range(7))
        flags = bytearray((week * (size // 7 + 1))[:size])
        for gap in self.gaps:  # 2 marks a day of a year without data
            lo = _dt.date(gap, 1, 1).toordinal() - base
            hi = _dt.date(gap, 12, 31).toordinal() - base + 1
            flags[lo:hi] = b"\x02" * (hi - lo)
        notes: dict[int, tuple[bool, HolidayName, bool]] = {}
        for notice in notices:  # ascending years: a notice's December days override the year before
            for day, work, name in notice.days:
                ordinal = day.toordinal()
                k = ordinal - base
                if 0 <= k < size and flags[k] != 2:
                    flags[k] = 1 if work else 0
                    notes[ordinal] = (work, name, notice.estimated)
        self.flags = flags
        self.notes = notes
        working = flags.translate(bytes([0, 1, 0]) + bytes(253))
        # cum[k] = working days among days [0, k); working_days[i] = the (i+1)-th working day.
        self.cum: list[int] = list(itertools.accumulate(working, initial=0))
        self.working_days: list[_dt.date] = [
            _dt.date.fromordinal(base + k) for k in range(size) if working[k]
        ]
        # limit[k] = the working days before the first day without data at or after day k (all of
        # them when there is none): the fast path of add_workdays answers only below it.
        limit: list[int] = []
        for gap in self.gaps:
            lo = _dt.date(gap, 1, 1).toordinal() - base
            hi = _dt.date(gap, 12, 31).toordinal() - base + 1
            limit += [self.cum[lo]] * (hi - len(limit))
        limit += [len(self.working_days)] * (size - len(limit))
        self.limit = limit

    def missing(self, year: int) -> CalendarDataMissing:
        return CalendarDataMissing(year, first=self.first, last=self.last, calendar=self.kind)

    def check_span(self, lo: int, hi: int) -> None:
        """Raise for the first year without data among the days of ordinals [lo, hi)."""
        first_year = _year_of(lo)
        if lo < self.base:
            raise self.missing(first_year)
        if hi > self.base + self.size:
            for gap in self.gaps:
                if gap >= first_year:
                    raise self.missing(gap)
            raise self.missing(max(first_year, self.last + 1))
        last_year = _year_of(hi - 1)
        for gap in self.gaps:
            if first_year <= gap <= last_year:
                raise self.missing(gap)


def _year_of(ordinal: int) -> int:
    if ordinal < 1:
        return 1
    if ordinal > _dt.date.max.toordinal():
        return _dt.date.max.year
    return _dt.date.fromordinal(ordinal).year


# ---------------------------------------------------------------------------------------------------
# The calendar


def _sorted_notices(notices: Iterable[_Notice]) -> tuple[_Notice, ...]:
    try:
        items: tuple[object, ...] = tuple(notices)
    except TypeError:
        items = (notices,)  # not iterable: refused just below, as any other foreign object
    if not all(isinstance(n, _Notice) for n in items):
        raise InvalidInput(
            "WorkCalendar 请用 WorkCalendar.national()、liangshan() 和 with_year() 构造",
            "build a WorkCalendar with WorkCalendar.national(), liangshan() and with_year()",
            where="WorkCalendar",
        )
    out = tuple(sorted((n for n in items if isinstance(n, _Notice)), key=lambda n: n.year))
    if not out:
        raise InvalidInput("工作日日历至少需要一年的数据", "a calendar needs at least one year")
    if len({n.year for n in out}) != len(out):
        raise InvalidInput("同一年份出现两份放假安排", "two notices for the same year")
    return out


#: The kinds of calendar: the State Council's days (``national``) or the prefecture's (``liangshan``).
CalendarKind = Literal["national", "liangshan"]

_KIND_NAMES: Mapping[str, HolidayName] = {
    "national": HolidayName("全国", "national"),
    "liangshan": HolidayName("凉山州", "Liangshan"),
}


def _check_kind(_inst: object, _attr: object, value: object) -> None:
    if value not in _KIND_NAMES:
        raise InvalidInput(
            f"日历类型应为 national 或 liangshan，得到 {value!r}",
            f"the calendar kind must be 'national' or 'liangshan', got {value!r}",
            where="kind",
        )


@attrs.frozen(repr=False)
class WorkCalendar:
    """Working days with 调休, year by year (clauses 2.1.4, 2.5). 工作日日历。

    Two kinds (``kind``): the State Council's days for the whole country (:meth:`national`,
    chinese-calendar's data, corrected) and the Liangshan prefecture's days (:meth:`liangshan`, the
    yearly notices of 凉山州人民政府办公室, which add 火把节, 州庆, 彝族年 and 民族团结进步节 and replace
    the national arrangement for the prefecture's bodies). :meth:`default` — what the regulation's
    deadlines use when no calendar is given — is the prefecture's.

    Immutable: :meth:`with_year` and :meth:`with_notice_file` return new calendars of the same kind.
    Every query about a day of a year without data raises
    :class:`~liangshan_xueji.errors.CalendarDataMissing` naming that year.
    """

    _notices: tuple[_Notice, ...] = attrs.field(converter=_sorted_notices)
    _kind: CalendarKind = attrs.field(default="national", kw_only=True, validator=_check_kind)
    _table: _Table | None = attrs.field(default=None, init=False, eq=False)

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def default(cls) -> WorkCalendar:
        """The calendar of the regulation's deadlines (2.1.4, 2.5): :meth:`liangshan`. 默认日历。

        The one place where the default is chosen: :func:`deadline`, the audit's checks (through
        :class:`~liangshan_xueji.records.status.Context`), the forms and ``xueji deadline`` all come here.
        """
        return _liangshan_calendar()

    @classmethod
    def national(cls) -> WorkCalendar:
        """The State Council's days: chinese-calendar's data (2004 to its last year) with
        :data:`CORRECTIONS`; built once. 全国工作日（国务院办公厅放假安排）。"""
        return _national_calendar()

    @classmethod
    def liangshan(cls) -> WorkCalendar:
        """The prefecture's days from the notices of 凉山州人民政府办公室 shipped with the library
        (``liangshan_xueji/data/liangshan_notices``; a year not found is missing, see
        :func:`liangshan_missing`); built once. 凉山州工作日。"""
        return _liangshan_calendar()

    @property
    def kind(self) -> CalendarKind:
        """``"national"`` or ``"liangshan"``."""
        return self._kind

    @property
    def name(self) -> HolidayName:
        """The calendar's name in Chinese and English (全国 national / 凉山州 Liangshan)."""
        return _KIND_NAMES[self._kind]

    def with_year(
        self,
        year: int,
        *,
        holidays: Iterable[_dt.date],
        workdays: Iterable[_dt.date],
        name: str = "",
    ) -> WorkCalendar:
        """A new calendar with ``year`` given by that year's notice (国务院办公厅放假通知).

        ``holidays`` are the days off (放假); only those that would otherwise be Monday–Friday change
        anything, so a notice's whole period (weekend days included) may be given. ``workdays`` are the
        weekend days made working days (调休上班). Every other day of ``year`` follows its weekday.
        Days of the previous December are accepted too: a notice may move days around New Year (the
        2019 notice made 2018-12-29 a working day); they override the previous year's data.
        Replaces ``year`` if the calendar has it; a year after a gap (e.g. 2028 without 2027) is
        allowed, and the gap year still raises :class:`CalendarDataMissing`. ``name`` labels the
        notice (e.g. its number 国办发明电〔2025〕7号).
        """
        year = _check_year(year, "year")
        if not isinstance(name, str):
            raise InvalidInput("name 应为字符串", "name must be a string", where="name")
        label = name.strip()
        off_name = HolidayName(f"放假（{label}）", f"day off ({label})") if label else _DAY_OFF
        work_name = (
            HolidayName(f"调休上班（{label}）", f"adjusted working day ({label})")
            if label
            else _WORKING
        )
        off = {d: (off_name, w) for d, w in _dates(holidays, "holidays")}
        work = {d: (work_name, w) for d, w in _dates(workdays, "workdays")}
        return self._with_notice(_make_notice(year, off, work, label))

    def with_notice_file(self, path: str | Path) -> WorkCalendar:
        """A new calendar with the year of the notice file at ``path`` (TOML; see docs/workdays.md).

        从 TOML 文件加入一年的放假通知（文号、发布日期、年份、各节日放假起止日期和调休上班日）。
        """
        check_path(path, "path")
        return self._with_notice(_read_notice_file(Path(path)))

    def _with_notice(self, notice: _Notice) -> WorkCalendar:
        kept = [n for n in self._notices if n.year != notice.year]
        return WorkCalendar([*kept, notice], kind=self._kind)

    # -- the table ------------------------------------------------------------------------------

    def _build(self) -> _Table:
        table = _Table(self._notices, self._kind)
        object.__setattr__(self, "_table", table)
        return table

    @property
    def coverage(self) -> tuple[int, int]:
        """The first and the last year with data (有数据的起止年份)."""
        return self._notices[0].year, self._notices[-1].year

    @property
    def years(self) -> tuple[int, ...]:
        """Every year with data, ascending (a year added after a gap leaves the gap out)."""
        return tuple(n.year for n in self._notices)

    def notice_label(self, year: int) -> str:
        """The label of the notice that gives ``year`` (its number), or raise CalendarDataMissing."""
        for n in self._notices:
            if n.year == year:
                return n.label
        first, last = self.coverage
        raise CalendarDataMissing(year, first=first, last=last, calendar=self._kind)

    def notice_info(self, year: int) -> NoticeInfo | None:
        """Where ``year``'s data comes from (number, date, source) when it came from a notice file;
        ``None`` for chinese-calendar's data or :meth:`with_year`; CalendarDataMissing without data."""
        for n in self._notices:
            if n.year == year:
                return n.info
        first, last = self.coverage
        raise CalendarDataMissing(year, first=first, last=last, calendar=self._kind)

    # -- queries --------------------------------------------------------------------------------

    def is_workday(self, d: _dt.date) -> bool:
        """Whether ``d`` is a working day (工作日). 是否为工作日。"""
        if type(d) is not _dt.date:
            _check_date(d, "d")
        t = self._table or self._build()
        k = d.toordinal() - t.base
        if 0 <= k < t.size:
            flag = t.flags[k]
            if flag != 2:
                return flag == 1
        raise t.missing(d.year)

    def add_workdays(self, start: _dt.date, n: int) -> _dt.date:
        """The ``n``-th working day strictly after ``start`` (n >= 1) — the due date of clause 2.1.4.

        起始日（触发行为当日）不计入；``start`` 本身不必是工作日。 Only the days after ``start`` are
        looked at: a year without data among them raises :class:`CalendarDataMissing`.
        """
        if type(start) is not _dt.date:
            _check_date(start, "start")
        if type(n) is not int or n < 1:
            _check_count(n, "n")
        t = self._table or self._build()
        k = start.toordinal() - t.base + 1  # the first day counted
        if 0 <= k < t.size:
            i = t.cum[k] + n - 1  # working days before day k, plus n - 1
            if i < t.limit[k]:  # before the end of the data and before any year without data
                return t.working_days[i]
        return self._add_workdays_checked(t, start, n)

    def _add_workdays_checked(self, t: _Table, start: _dt.date, n: int) -> _dt.date:
        lo = start.toordinal() + 1
        if lo < t.base or lo >= t.base + t.size:
            raise t.missing(_year_of(lo))
        i = t.cum[lo - t.base] + n - 1
        if i >= len(t.working_days):
            t.check_span(lo, t.base + t.size + 1)  # raises: a gap, or the year after the last
        due = t.working_days[i]
        t.check_span(lo, due.toordinal() + 1)  # raises for a gap year on the way
        return due

    def workdays_between(self, start: _dt.date, end: _dt.date) -> int:
        """The number of working days in (start, end]: ``start`` not counted, ``end`` counted.

        ``workdays_between(s, add_workdays(s, n)) == n``. For ``end < start`` the count is negative
        (``-workdays_between(end, start)``); for ``end == start`` it is 0.
        """
        if type(start) is not _dt.date:
            _check_date(start, "start")
        if type(end) is not _dt.date:
            _check_date(end, "end")
        if end < start:
            return -self.workdays_between(end, start)
        if end == start:
            return 0
        t = self._table or self._build()
        lo = start.toordinal() + 1 - t.base
        hi = end.toordinal() + 1 - t.base
        if lo < 0 or hi > t.size or t.gaps:
            t.check_span(lo + t.base, hi + t.base)
        return t.cum[hi] - t.cum[lo]

    def explain(self, start: _dt.date, end: _dt.date) -> list[DayNote]:
        """The days of (start, end] that are not plain Mon–Fri working days, with the reason.

        说明一段时间：跳过的节假日、周末，以及计入的调休上班日（含节日名称，中英文）。
        """
        _check_date(start, "start")
        _check_date(end, "end")
        if end < start:
            raise InvalidInput(
                f"结束日 {end} 早于起始日 {start}",
                f"the end {end} is before the start {start}",
                where="end",
            )
        self.workdays_between(start, end)  # raises for a year without data
        t = self._table or self._build()
        out: list[DayNote] = []
        for ordinal in range(start.toordinal() + 1, end.toordinal() + 1):
            flag = t.flags[ordinal - t.base]
            weekend = (ordinal + 6) % 7 >= 5
            note = t.notes.get(ordinal)
            day = _dt.date.fromordinal(ordinal)
            if flag == 1:
                if weekend:
                    name = note[1] if note else _WORKING
                    out.append(DayNote(day, "adjusted_workday", name, bool(note and note[2])))
            elif note is not None and not note[0]:
                out.append(DayNote(day, "holiday", note[1], note[2]))
            else:
                out.append(DayNote(day, "weekend", None))
        return out

    def __repr__(self) -> str:
        first, last = self.coverage
        gaps = [y for y in range(first, last + 1) if y not in self.years]
        missing = f", missing {gaps}" if gaps else ""
        kind = ", liangshan" if self._kind == "liangshan" else ""
        return f"WorkCalendar({first}–{last}{missing}{kind})"


@functools.cache
def _national_calendar() -> WorkCalendar:
    holidays: Mapping[_dt.date, str] = chinese_calendar.constants.holidays
    workdays: Mapping[_dt.date, str] = chinese_calendar.constants.workdays
    first = min(holidays).year  # the range chinese-calendar itself supports
    last = max(holidays).year
    by_year: dict[int, dict[_dt.date, tuple[bool, HolidayName]]] = {
        y: {} for y in range(first, last + 1)
    }

    def notice_year(day: _dt.date, en: str) -> int:
        # Late-December days moved for New Year's Day belong to the next year's notice.
        if day.month == 12 and en == "New Year's Day":
            return min(day.year + 1, last)
        return day.year

    for day, en in holidays.items():
        if first <= day.year <= last:
            by_year[notice_year(day, en)][day] = (False, _cc_name(en))
    for day, en in workdays.items():
        if first <= day.year <= last:
            by_year[notice_year(day, en)][day] = (True, _cc_name(en))
    for fix in CORRECTIONS:
        if first <= fix.notice_year <= last:
            for days in by_year.values():
                days.pop(fix.day, None)
            by_year[fix.notice_year][fix.day] = (fix.workday, fix.holiday)
    version = getattr(chinese_calendar, "__version__", "?")
    notices = [
        _Notice(
            year=y,
            days=tuple(sorted(((d, w, n) for d, (w, n) in days.items()), key=lambda i: i[0])),
            label=f"chinese-calendar {version}",
        )
        for y, days in by_year.items()
    ]
    return WorkCalendar(notices)


# ---------------------------------------------------------------------------------------------------
# Notice files

_TOP_KEYS = frozenset(
    {
        "year",
        "number",
        "issued",
        "reported",
        "title",
        "issuer",
        "basis",
        "source",
        "url",
        "holidays",
        "amendments",
    }
)
_PERIOD_KEYS = frozenset({"name", "name_en", "start", "end", "workdays"})
_AMENDMENT_KEYS = frozenset({"number", "issued", "title", "source"})
_LONGEST_PERIOD_DAYS = 31


def _file_error(path: Path, where: str, zh: str, en: str) -> InvalidInput:
    return InvalidInput(zh, en, where=f"{path}: {where}" if where else str(path))


def _read_notice_file(path: Path) -> _Notice:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _file_error(
            path,
            "",
            f"无法读取放假通知文件：{exc.strerror}",
            f"cannot read the notice file: {exc.strerror}",
        ) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _file_error(
            path, "", "放假通知文件不是 UTF-8 编码", "the notice file is not UTF-8 text"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise _file_error(path, "", f"TOML 格式错误：{exc}", f"not valid TOML: {exc}") from None
    return _parse_notice(data, path)


_KINDS: Mapping[str, tuple[tuple[type, ...], str, str]] = {
    "str": ((str,), "字符串", "a string"),
    "int": ((int,), "整数", "an integer"),
    "list": ((list,), "列表", "a list"),
    "date": ((_dt.date, str), "日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"),
}


def _get(
    table: Mapping[str, Any],
    key: str,
    kind: str,
    path: Path,
    where: str,
    *,
    required: bool = True,
) -> Any:
    """``table[key]`` checked against ``kind`` (a key of ``_KINDS``); None when absent and optional."""
    here = f"{where}.{key}" if where else key
    if key not in table:
        if required:
            raise _file_error(path, here, f"缺少必填项 {key}", f"missing required key {key}")
        return None
    value = table[key]
    types, zh, en = _KINDS[kind]
    if isinstance(value, (bool, _dt.datetime)) or not isinstance(value, types):
        raise _file_error(path, here, f"{key} 的值应为{zh}", f"{key} must be {en}")
    return value


def _file_date(value: object, path: Path, where: str) -> _dt.date:
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _file_error(
                path,
                where,
                f"无法识别的日期 {value!r}（格式 YYYY-MM-DD）",
                f"not a date: {value!r} (write YYYY-MM-DD)",
            ) from None
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        raise _file_error(
            path, where, "应为日期（YYYY-MM-DD，不带时间）", "must be a date (YYYY-MM-DD, no time)"
        )
    return value


def _unknown_keys(
    table: Mapping[str, Any], allowed: frozenset[str], path: Path, where: str
) -> None:
    extra = sorted(set(table) - allowed)
    if extra:
        raise _file_error(
            path,
            where or "(top)",
            f"未知的键 {', '.join(extra)}（允许：{', '.join(sorted(allowed))}）",
            f"unknown key(s) {', '.join(extra)} (allowed: {', '.join(sorted(allowed))})",
        )


def _check_issued(issued: _dt.date, year: int, path: Path, where: str) -> None:
    if issued.year not in (year - 1, year):
        raise _file_error(
            path,
            where,
            f"{year} 年的放假通知应在 {year - 1} 或 {year} 年发布，文件写的是 {issued}",
            f"a notice for {year} is issued in {year - 1} or {year}, the file says {issued}",
        )


def _parse_notice(data: Mapping[str, Any], path: Path) -> _Notice:
    _unknown_keys(data, _TOP_KEYS, path, "")
    year_raw = _get(data, "year", "int", path, "")
    try:
        year = _check_year(year_raw, "year")
    except InvalidInput as exc:
        raise _file_error(path, "year", exc.zh, exc.en) from None
    number = _get(data, "number", "str", path, "").strip()
    if not number:
        raise _file_error(path, "number", "文号不能为空", "the notice number must not be empty")
    # ``issued`` is the notice's own date; a notice known only from the press gives ``reported``.
    dated: dict[str, _dt.date] = {}
    for key in ("issued", "reported"):
        raw_date = _get(
            data, key, "date", path, "", required=key == "issued" and "reported" not in data
        )
        if raw_date is not None:
            dated[key] = _file_date(raw_date, path, key)
            _check_issued(dated[key], year, path, key)
    text = {
        key: (_get(data, key, "str", path, "", required=False) or "").strip()
        for key in ("title", "issuer", "basis", "source", "url")
    }
    labels = [number]
    for a, amendment in enumerate(_get(data, "amendments", "list", path, "", required=False) or []):
        here = f"amendments[{a}]"
        if not isinstance(amendment, dict):
            raise _file_error(
                path, here, "应为表（[[amendments]]）", "must be a table ([[amendments]])"
            )
        _unknown_keys(amendment, _AMENDMENT_KEYS, path, here)
        a_number = _get(amendment, "number", "str", path, here).strip()
        a_issued = _file_date(_get(amendment, "issued", "date", path, here), path, here + ".issued")
        _check_issued(a_issued, year, path, here + ".issued")
        _get(amendment, "title", "str", path, here, required=False)
        _get(amendment, "source", "str", path, here, required=False)
        labels.append(a_number)
    info = NoticeInfo(
        year=year,
        number=number,
        issued=dated.get("issued"),
        reported=dated.get("reported"),
        amendments=tuple(labels[1:]),
        **text,
    )

    off: dict[_dt.date, tuple[HolidayName, str]] = {}
    work: dict[_dt.date, tuple[HolidayName, str]] = {}
    for p, period in enumerate(_get(data, "holidays", "list", path, "")):
        here = f"holidays[{p}]"
        if not isinstance(period, dict):
            raise _file_error(
                path, here, "应为表（[[holidays]]）", "must be a table ([[holidays]])"
            )
        _unknown_keys(period, _PERIOD_KEYS, path, here)
        zh = _get(period, "name", "str", path, here).strip()
        en_raw = _get(period, "name_en", "str", path, here, required=False)
        en = en_raw.strip() if en_raw else _KNOWN_ZH.get(zh, "")
        if not zh or not en:
            raise _file_error(
                path,
                here + ".name_en",
                f"节日名称 {zh!r} 不在已知名称中，请给出英文名 name_en",
                f"holiday name {zh!r} is not a known one: give its English name in name_en",
            )
        name = HolidayName(zh, en)
        first = _file_date(_get(period, "start", "date", path, here), path, here + ".start")
        last_raw = period.get("end", first)
        last = _file_date(last_raw, path, here + ".end")
        if last < first:
            raise _file_error(
                path,
                here + ".end",
                f"结束日 {last} 早于开始日 {first}",
                f"end {last} is before start {first}",
            )
        if (last - first).days >= _LONGEST_PERIOD_DAYS:
            raise _file_error(
                path,
                here + ".end",
                f"放假期间超过 {_LONGEST_PERIOD_DAYS} 天（{first} 至 {last}），请检查日期",
                f"a holiday period longer than {_LONGEST_PERIOD_DAYS} days ({first} to {last}): check the dates",
            )
        day = first
        while day <= last:
            if day in off:
                raise _file_error(
                    path, here, f"{day} 出现在两个放假期间中", f"{day} is in two holiday periods"
                )
            off[day] = (name, f"{path}: {here}")
            day += _dt.timedelta(days=1)
        for w, value in enumerate(
            _get(period, "workdays", "list", path, here, required=False) or []
        ):
            w_where = f"{here}.workdays[{w}]"
            wd = _file_date(value, path, w_where)
            if wd in work:
                raise _file_error(path, w_where, f"{wd} 重复列出", f"{wd} is listed twice")
            work[wd] = (name, f"{path}: {w_where}")
    return _make_notice(year, off, work, " + ".join(labels), info)


# ---------------------------------------------------------------------------------------------------
# Estimates past the data

_FIXED_HOLIDAYS: tuple[tuple[int, int, HolidayName], ...] = (
    (1, 1, HolidayName("元旦", "New Year's Day")),
    (5, 1, HolidayName("劳动节", "Labour Day")),
    (5, 2, HolidayName("劳动节", "Labour Day")),
    (10, 1, HolidayName("国庆节", "National Day")),
    (10, 2, HolidayName("国庆节", "National Day")),
    (10, 3, HolidayName("国庆节", "National Day")),
)

_ESTIMATE_ZH = (
    "除周六、周日外，只按日期固定的法定节假日计：元旦 1月1日，清明节（清明节气当日），"
    "劳动节 5月1日、2日，国庆节 10月1日至3日；未计春节、端午节、中秋节（农历节日）和调休，"
    "实际期限可能相差数日；该年放假通知公布后请加入数据重新计算"
)
_ESTIMATE_EN = (
    "besides Saturdays and Sundays only the fixed-date statutory holidays are skipped: New Year's "
    "Day 1 Jan, Tomb-sweeping Day (the day of the 清明 solar term), Labour Day 1-2 May, National "
    "Day 1-3 Oct; the Spring Festival, Dragon Boat and Mid-autumn holidays (lunar dates) and 调休 "
    "are not known, so the real due date may differ by several days; add that year's notice and "
    "recompute once it is published"
)


def _estimated_notice(year: int) -> _Notice | None:
    """An estimate of ``year`` from the fixed-date statutory holidays (国务院令第795号 revision);
    ``None`` past chinese-calendar's solar terms (清明 is known to 2100 only)."""
    fixed = [(_dt.date(year, m, d), name) for m, d, name in _FIXED_HOLIDAYS]
    try:
        terms = chinese_calendar.get_solar_terms(_dt.date(year, 4, 1), _dt.date(year, 4, 30))
    except NotImplementedError:
        return None
    fixed += [
        (day, HolidayName("清明节", "Tomb-sweeping Day")) for day, term in terms if term == "清明"
    ]
    days = tuple(
        (day, False, HolidayName(f"{n.zh}（推定）", f"{n.en} (estimated)"))
        for day, n in sorted(fixed, key=lambda item: item[0])
    )
    return _Notice(year=year, days=days, label="推定 estimate", estimated=True)


# ---------------------------------------------------------------------------------------------------
# The prefecture's calendar (凉山州)

#: The first year of the prefecture's calendar here: the regulation is in force from 2016-08-11.
LIANGSHAN_FIRST_YEAR = 2016

#: 民族团结进步节, the day before 火把节 (《凉山彝族自治州民族团结进步条例》), first given off in 2021.
UNITY_DAY_FROM_YEAR = 2021

_STATUTORY_ZH = (
    "《凉山彝族自治州自治条例》第七十八条：火把节（农历六月二十四）休假三天、彝族年（11月20日）休假三天、"
    "州庆（10月1日）休假一天；《凉山彝族自治州民族团结进步条例》：火把节前一天为民族团结进步节，放假一天"
    "（2021年起）"
)
_STATUTORY_EN = (
    "article 78 of the prefecture's Autonomy Regulation: the Torch Festival (lunar 6-24) three days "
    "off, the Yi New Year (20 November) three days, Prefecture Day (1 October) one day; the Ethnic "
    "Unity and Progress Regulation: the day before the Torch Festival one day (from 2021)"
)


def _notice_dir() -> Path:
    return Path(str(importlib.resources.files("liangshan_xueji").joinpath("data"))) / _NOTICE_DIR


_NOTICE_DIR = "liangshan_notices"


@functools.cache
def _liangshan_calendar() -> WorkCalendar:
    files = sorted(_notice_dir().glob("[0-9][0-9][0-9][0-9].toml"))
    return WorkCalendar([_read_notice_file(f) for f in files], kind="liangshan")


@functools.cache
def liangshan_missing() -> Mapping[int, str]:
    """The years (from 2016) whose 凉山州 notice was not found, each with a note (clauses 2.1.4, 2.5).

    未找到凉山州放假通知的年份及说明（中文、英文）。Read from ``data/liangshan_notices/missing.toml``.
    """
    data = tomllib.loads((_notice_dir() / "missing.toml").read_text("utf-8"))
    return MappingProxyType({int(m["year"]): str(m["note"]) for m in data["missing"]})


def torch_festival(year: int) -> _dt.date:
    """火把节: the Gregorian date of 农历六月二十四 in ``year`` (clauses 2.1.4, 2.5).

    The lunar date comes from the ``lunardate`` package (its own tables), never computed here.
    """
    year = _check_year(year, "year")
    try:
        day: _dt.date = LunarDate(year, 6, 24).to_solar_date()
    except (ValueError, NotImplementedError):  # outside the package's table (1900-2099)
        raise InvalidInput(
            f"{year} 年超出农历数据（lunardate）的范围",
            f"{year} is outside the range of the lunar calendar data (lunardate)",
            where="year",
        ) from None
    return day


def _statutory_days(year: int) -> list[tuple[_dt.date, HolidayName]] | None:
    """The prefecture's statutory days off of ``year`` (estimated names), from the rules above;
    ``None`` past the lunar data (lunardate's table ends in 2099)."""
    try:
        torch = torch_festival(year)
    except InvalidInput:
        return None
    days = [
        (torch + _dt.timedelta(days=k), HolidayName("火把节（推定）", "Torch Festival (estimated)"))
        for k in range(3)
    ]
    if year >= UNITY_DAY_FROM_YEAR:
        days.append(
            (
                torch - _dt.timedelta(days=1),
                HolidayName("民族团结进步节（推定）", "Ethnic Unity and Progress Day (estimated)"),
            )
        )
    days.append((_dt.date(year, 10, 1), HolidayName("州庆（推定）", "Prefecture Day (estimated)")))
    days += [
        (_dt.date(year, 11, 20 + k), HolidayName("彝族年（推定）", "Yi New Year (estimated)"))
        for k in range(3)
    ]
    return days


def _liangshan_estimate(year: int) -> tuple[_Notice, bool] | None:
    """The national arrangement of ``year`` plus the prefecture's statutory days; the bool says
    whether the national days themselves were estimated. ``None`` when no estimate is made."""
    statutory = _statutory_days(year) if year >= LIANGSHAN_FIRST_YEAR else None
    if statutory is None:
        return None
    national = {n.year: n for n in _national_calendar()._notices}
    base = national.get(year)
    national_estimated = base is None
    if base is None:
        if year < ESTIMATE_FROM_YEAR:
            return None
        base = _estimated_notice(year)
        if base is None:
            return None
    days: dict[_dt.date, tuple[bool, HolidayName]] = {d: (w, n) for d, w, n in base.days}
    for day, name in statutory:
        if (
            day not in days or days[day][0]
        ):  # a national day off stays as the State Council named it
            days[day] = (False, name)
    notice = _Notice(
        year=year,
        days=tuple(sorted(((d, w, n) for d, (w, n) in days.items()), key=lambda i: i[0])),
        label="推定 estimate",
        estimated=True,
    )
    return notice, national_estimated


def _estimate(kind: str, year: int) -> tuple[_Notice, bool] | None:
    if kind == "liangshan":
        return _liangshan_estimate(year)
    notice = _estimated_notice(year) if year >= ESTIMATE_FROM_YEAR else None
    return None if notice is None else (notice, True)


def _provisional(
    calendar: WorkCalendar, start: _dt.date, n: int
) -> tuple[WorkCalendar, _dt.date, tuple[int, ...], tuple[int, ...]]:
    """The calendar with estimates for the missing years, the estimated due date, the years
    estimated and, of those, the years whose national days were estimated too.

    Raises the original :class:`CalendarDataMissing` for a missing year no estimate is made for: a
    national year before 2025 (earlier rules), a prefecture year before 2016.
    """
    have = set(calendar.years)
    first, last = calendar.coverage
    kind = calendar.kind
    first_year = _year_of(start.toordinal() + 1)
    horizon = min(first_year + n // 200 + 1, MAX_YEAR)
    while True:
        wanted = [y for y in range(first_year, horizon + 1) if y not in have]
        estimates = {y: _estimate(kind, y) for y in wanted}
        for y, made in estimates.items():
            if made is None:
                raise CalendarDataMissing(
                    y, first=first, last=last, calendar=kind, estimate_failed=y > last
                )
        made_all = [m for m in estimates.values() if m is not None]
        estimated = WorkCalendar([*calendar._notices, *(m[0] for m in made_all)], kind=kind)
        try:
            due = estimated.add_workdays(start, n)
        except CalendarDataMissing as exc:
            if exc.year <= horizon or horizon >= MAX_YEAR:
                raise CalendarDataMissing(
                    exc.year, first=first, last=last, calendar=kind, estimate_failed=True
                ) from None
            horizon = min(exc.year + n // 200 + 1, MAX_YEAR)
            continue
        years = tuple(y for y in wanted if y <= due.year)
        national = tuple(y for y in years if (m := estimates[y]) is not None and m[1])
        return estimated, due, years, national


def _provisional_reason(
    calendar: WorkCalendar, clause: str, years: tuple[int, ...], national: tuple[int, ...]
) -> Reason:
    first, last = calendar.coverage
    listed_zh = "、".join(str(y) for y in years)
    listed_en = ", ".join(str(y) for y in years)
    if calendar.kind == "national":
        return Reason(
            clause,
            f"暂定期限：{listed_zh} 年的国务院放假安排尚无数据（现有数据：{first}–{last} 年），"
            f"本期限为推算。{_ESTIMATE_ZH}。",
            f"provisional deadline: no State Council holiday data for {listed_en} "
            f"(data covers {first}–{last}), so this due date is an estimate: {_ESTIMATE_EN}.",
        )
    zh = (
        f"暂定期限：凉山州 {listed_zh} 年的放假通知尚无数据（现有数据：{first}–{last} 年，"
        f"已有 {'、'.join(map(str, calendar.years))} 年），本期限为推算：按国务院当年的放假安排，"
        f"另加{_STATUTORY_ZH}；州通知通常把火把节、彝族年各排为含调休的 7 天，这些调休未计，"
        f"实际期限可能相差数日；该年通知找到或公布后请加入数据重新计算。"
    )
    en = (
        f"provisional deadline: no Liangshan prefecture notice for {listed_en} (data covers "
        f"{first}–{last}, years {', '.join(map(str, calendar.years))}), so this due date is an "
        f"estimate: the State Council's arrangement of the year plus {_STATUTORY_EN}; the "
        f"prefecture's notices usually make the Torch Festival and the Yi New Year 7 days each with "
        f"adjusted weekend days, which are not known, so the real due date may differ by several "
        f"days; add that year's notice and recompute once it is found or published."
    )
    if national:
        zh += f"其中 {'、'.join(map(str, national))} 年的国务院安排也无数据：{_ESTIMATE_ZH}。"
        en += f" For {', '.join(map(str, national))} the national days are estimated too: {_ESTIMATE_EN}."
    return Reason(clause, zh, en)


@implements("2.1.4", "2.5")
def deadline(
    start: _dt.date,
    workdays: int,
    *,
    calendar: WorkCalendar | None = None,
    provisional: bool = False,
    clause: str = "2.1.4",
) -> Deadline:
    """The deadline ``workdays`` working days after ``start`` (clauses 2.1.4, 2.5). 工作日期限。

    The day of the act (``start``) is not counted; the due date is the ``workdays``-th working day
    after it, on ``calendar`` — by default :meth:`WorkCalendar.default`, the Liangshan prefecture's
    days; the returned :class:`Deadline` names it (``calendar``). Past the calendar's data this raises
    :class:`CalendarDataMissing`; with ``provisional=True`` it estimates instead and returns a
    deadline marked ``provisional`` whose ``provisional_reason`` (cited to ``clause``) names the years
    estimated and what was assumed: for the national calendar weekends and the fixed-date statutory
    holidays (from 2025 on); for the prefecture's, the national arrangement plus the prefecture's
    statutory days (火把节, 民族团结进步节, 州庆, 彝族年; from 2016 on).
    """
    _check_date(start, "start")
    _check_count(workdays, "workdays")
    check_clause_id(clause, where="clause")
    if not isinstance(provisional, bool):
        raise InvalidInput(
            "provisional 应为 True 或 False", "provisional must be a bool", where="provisional"
        )
    if calendar is None:
        calendar = WorkCalendar.default()
    elif not isinstance(calendar, WorkCalendar):
        raise InvalidInput(
            f"calendar 应为 WorkCalendar，得到 {type(calendar).__name__}",
            f"calendar must be a WorkCalendar, got {type(calendar).__name__}",
            where="calendar",
        )
    try:
        due = calendar.add_workdays(start, workdays)
    except CalendarDataMissing:
        if not provisional:
            raise
    else:
        return Deadline(
            clause=clause, start=start, due=due, workdays=workdays, calendar=calendar.kind
        )
    _est, due, years, national = _provisional(calendar, start, workdays)
    return Deadline(
        clause=clause,
        start=start,
        due=due,
        workdays=workdays,
        provisional=True,
        provisional_reason=_provisional_reason(calendar, clause, years, national),
        calendar=calendar.kind,
    )
