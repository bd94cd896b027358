"""WorkCalendar and deadline(): known dates from the State Council notices, cross-year and
provisional deadlines, new years as data, bad input (clauses 2.1.4, 2.5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import chinese_calendar  # type: ignore[import-untyped]
import pytest

import liangshan_xueji
from liangshan_xueji import (
    CalendarDataMissing,
    Deadline,
    InvalidInput,
    UnknownClause,
    WorkCalendar,
    deadline,
)
from liangshan_xueji.calendar.workdays import DayNote

D = dt.date


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.national()


# ---------------------------------------------------------------------------------------------------
# Coverage


def test_coverage_is_read_from_chinese_calendar(cal: WorkCalendar) -> None:
    # chinese-calendar itself answers for exactly this range and raises outside it.
    first, last = cal.coverage
    assert first == 2004
    chinese_calendar.is_workday(D(last, 6, 1))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(last + 1, 1, 1))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(first - 1, 12, 31))
    assert cal.years == tuple(range(first, last + 1))


def test_default_is_built_once(cal: WorkCalendar) -> None:
    assert WorkCalendar.national() is cal


def test_public_names() -> None:
    assert liangshan_xueji.WorkCalendar is WorkCalendar
    assert liangshan_xueji.deadline is deadline
    assert "WorkCalendar" in liangshan_xueji.__all__
    assert "deadline" in liangshan_xueji.__all__


def test_deadline_declares_its_clauses() -> None:
    impl = liangshan_xueji.law.implementations()
    assert deadline in impl["2.1.4"]
    assert deadline in impl["2.5"]


# ---------------------------------------------------------------------------------------------------
# Known dates, from the notices (国务院办公厅关于…年部分节假日安排的通知)

# (day, working day?, what the notice says)
KNOWN_DAYS = [
    # 国办发明电〔2005〕35号 (2006): 12月31日（星期六）上班 — chinese-calendar 1.11 has it wrong.
    (D(2005, 12, 31), True, "2006 元旦 调休上班"),
    (D(2006, 1, 2), False, "2006 元旦"),
    (D(2006, 1, 3), False, "2006 元旦"),
    # 国办发明电〔2006〕49号 (2007): 2006年12月30日（星期六）、31日（星期日）上班.
    (D(2006, 12, 30), True, "2007 元旦 调休上班"),
    (D(2006, 12, 31), True, "2007 元旦 调休上班"),
    (D(2007, 1, 3), False, "2007 元旦"),
    # 2008 notice: 12月29日（星期六）上班; 12月31日 off; 2月2日、3日 and 5月4日（星期日）上班.
    (D(2007, 12, 29), True, "2008 元旦 调休上班"),
    (D(2007, 12, 31), False, "2008 元旦"),
    (D(2008, 2, 3), True, "2008 春节 调休上班"),
    (D(2008, 5, 2), False, "2008 劳动节"),
    (D(2008, 5, 4), True, "2008 劳动节 调休上班"),
    # 2015: 抗战胜利70周年 9月3日—5日放假, 9月6日（星期日）上班.
    (D(2015, 9, 3), False, "2015 抗战胜利70周年纪念日"),
    (D(2015, 9, 4), False, "2015 抗战胜利70周年纪念日"),
    (D(2015, 9, 6), True, "2015 调休上班"),
    # 2019 notice: 2018年12月29日（星期六）上班, 12月30日至1月1日放假;
    # 国办发明电〔2019〕3号 made 劳动节 5月1日至4日, 4月28日（星期日）、5月5日（星期日）上班.
    (D(2018, 12, 29), True, "2019 元旦 调休上班"),
    (D(2018, 12, 31), False, "2019 元旦"),
    (D(2019, 5, 2), False, "2019 劳动节 (amended)"),
    (D(2019, 5, 3), False, "2019 劳动节 (amended)"),
    (D(2019, 4, 28), True, "2019 劳动节 调休上班"),
    (D(2019, 5, 5), True, "2019 劳动节 调休上班"),
    # 国办发明电〔2019〕16号: 春节 1月24日至30日, 1月19日（星期日）、2月1日（星期六）上班;
    # 国办发明电〔2020〕1号 extended it to 2月2日, 2月3日起正常上班 — 2月1日 no longer worked.
    (D(2020, 1, 19), True, "2020 春节 调休上班"),
    (D(2020, 1, 30), False, "2020 春节"),
    (D(2020, 1, 31), False, "2020 春节 extended (国办发明电〔2020〕1号)"),
    (D(2020, 2, 1), False, "2020 春节 extended: the 调休 Saturday was cancelled"),
    (D(2020, 2, 3), True, "2020 正常上班"),
    # 2024: 春节 2月10日至17日, 2月4日（星期日）、2月18日（星期日）上班.
    (D(2024, 2, 4), True, "2024 春节 调休上班"),
    (D(2024, 2, 15), False, "2024 春节"),
    (D(2024, 2, 16), False, "2024 春节"),
    (D(2024, 2, 18), True, "2024 春节 调休上班"),
    # 2025: 春节 1月28日至2月4日, 1月26日（周日）、2月8日（周六）上班; 国庆节、中秋节 10月1日至8日,
    # 9月28日（周日）、10月11日（周六）上班.
    (D(2025, 1, 26), True, "2025 春节 调休上班"),
    (D(2025, 2, 3), False, "2025 春节"),
    (D(2025, 2, 4), False, "2025 春节"),
    (D(2025, 2, 8), True, "2025 春节 调休上班"),
    (D(2025, 9, 28), True, "2025 国庆 调休上班"),
    (D(2025, 10, 6), False, "2025 中秋节"),
    (D(2025, 10, 8), False, "2025 国庆节"),
    (D(2025, 10, 11), True, "2025 国庆 调休上班"),
    # 2026 (notice of 2025-11-04): 元旦 1月1日至3日, 1月4日（周日）上班; 春节 2月15日至23日,
    # 2月14日（周六）、2月28日（周六）上班; 劳动节 5月1日至5日, 5月9日（周六）上班; 端午节 6月19日至21日;
    # 中秋节 9月25日至27日; 国庆节 10月1日至7日, 9月20日（周日）、10月10日（周六）上班.
    (D(2026, 1, 2), False, "2026 元旦"),
    (D(2026, 1, 4), True, "2026 元旦 调休上班"),
    (D(2026, 2, 14), True, "2026 春节 调休上班"),
    (D(2026, 2, 16), False, "2026 春节"),
    (D(2026, 2, 23), False, "2026 春节"),
    (D(2026, 2, 28), True, "2026 春节 调休上班"),
    (D(2026, 5, 5), False, "2026 劳动节"),
    (D(2026, 5, 9), True, "2026 劳动节 调休上班"),
    (D(2026, 6, 19), False, "2026 端午节"),
    (D(2026, 9, 20), True, "2026 国庆 调休上班"),
    (D(2026, 9, 25), False, "2026 中秋节"),
    (D(2026, 10, 7), False, "2026 国庆节"),
    (D(2026, 10, 10), True, "2026 国庆 调休上班"),
]


@pytest.mark.parametrize(("day", "working", "why"), KNOWN_DAYS, ids=[str(k[0]) for k in KNOWN_DAYS])
def test_known_days_from_the_notices(cal: WorkCalendar, day: D, working: bool, why: str) -> None:
    assert cal.is_workday(day) is working, why


def test_plain_days_follow_the_weekday(cal: WorkCalendar) -> None:
    assert cal.is_workday(D(2025, 3, 12))  # an ordinary Wednesday
    assert not cal.is_workday(D(2025, 3, 15))  # an ordinary Saturday


# ---------------------------------------------------------------------------------------------------
# add_workdays / workdays_between / explain


def test_start_is_never_counted_and_need_not_be_a_workday(cal: WorkCalendar) -> None:
    assert cal.add_workdays(D(2025, 3, 12), 1) == D(2025, 3, 13)  # Wed → Thu
    assert cal.add_workdays(D(2025, 3, 14), 1) == D(2025, 3, 17)  # Fri → Mon
    assert cal.add_workdays(D(2025, 3, 15), 1) == D(2025, 3, 17)  # Sat → Mon
    assert cal.workdays_between(D(2025, 3, 14), D(2025, 3, 17)) == 1


def test_workdays_between_edges(cal: WorkCalendar) -> None:
    assert cal.workdays_between(D(2025, 3, 12), D(2025, 3, 12)) == 0
    assert cal.workdays_between(D(2025, 3, 12), D(2025, 3, 19)) == 5
    assert cal.workdays_between(D(2025, 3, 19), D(2025, 3, 12)) == -5


def test_cross_year(cal: WorkCalendar) -> None:
    # 2025-12-26 (Fri), 12-29..31, then 2026-01-01..03 off, 01-04 (Sun) worked, 01-05..09.
    assert cal.add_workdays(D(2025, 12, 25), 10) == D(2026, 1, 9)
    assert cal.add_workdays(D(2025, 12, 25), 5) == D(2026, 1, 4)
    assert cal.workdays_between(D(2025, 12, 25), D(2026, 1, 9)) == 10


def test_first_day_of_the_data(cal: WorkCalendar) -> None:
    # 2003-12-31 is outside the data but not counted: only 2004 days are looked at.
    first = cal.coverage[0]
    due = cal.add_workdays(D(first - 1, 12, 31), 1)
    assert due.year == first
    assert cal.is_workday(due)


@pytest.mark.clause("2.1.4")
def test_transfer_started_the_day_before_national_day(cal: WorkCalendar) -> None:
    start = D(2025, 9, 30)  # the day before 国庆节
    d = deadline(start, 10, calendar=cal)
    # Counted from the notice: 10-09, 10-10, 10-11 (Sat, 调休), 10-13..17, 10-20, 10-21.
    assert d.due == D(2025, 10, 21)
    assert d.due > D(2025, 10, 8)  # after the holiday
    assert d.clause == "2.1.4"
    assert d.workdays == 10
    assert not d.provisional
    assert d.provisional_reason is None
    notes = cal.explain(start, d.due)
    holidays = [n for n in notes if n.kind == "holiday"]
    assert [n.date for n in holidays] == [D(2025, 10, k) for k in range(1, 9)]
    assert {n.name.zh for n in holidays if n.name} == {"国庆节", "中秋节"}
    adjusted = [n for n in notes if n.kind == "adjusted_workday"]
    assert [n.date for n in adjusted] == [D(2025, 10, 11)]
    # Every day of the span is either noted or an ordinary working day, and the count adds up.
    counted = cal.workdays_between(start, d.due)
    plain = (d.due - start).days - len(notes) + len(adjusted)
    assert counted == plain == 10


@pytest.mark.clause("2.5")
def test_death_report_over_the_spring_festival(cal: WorkCalendar) -> None:
    # 2026-02-13 (Fri): 2-14 (Sat, 调休) counts, 2-15..23 off, then 2-24..27, 2-28 (Sat, 调休), 3-2..5.
    d = deadline(D(2026, 2, 13), 10, calendar=cal, clause="2.5")
    assert d.due == D(2026, 3, 5)
    assert d.clause == "2.5"
    kinds = {n.date: n.kind for n in cal.explain(D(2026, 2, 13), d.due)}
    assert kinds[D(2026, 2, 14)] == "adjusted_workday"
    assert kinds[D(2026, 2, 28)] == "adjusted_workday"
    assert kinds[D(2026, 2, 17)] == "holiday"


def test_explain_names_follow_chinese_calendar(cal: WorkCalendar) -> None:
    start, end = D(2025, 1, 1), D(2025, 12, 31)
    for note in cal.explain(start, end):
        on_holiday, en = chinese_calendar.get_holiday_detail(note.date)
        assert on_holiday is (note.kind != "adjusted_workday")
        if note.kind == "weekend":
            assert note.name is None
            assert en is None
        else:
            assert note.name is not None
            assert note.name.en == en
            assert note.name.zh
    noted = {n.date for n in cal.explain(start, end)}
    day = start + dt.timedelta(days=1)
    while day <= end:  # and every day chinese-calendar names or rests on is explained
        on_holiday, en = chinese_calendar.get_holiday_detail(day)
        assert (day in noted) is (on_holiday or en is not None), day
        day += dt.timedelta(days=1)


def test_explain_is_a_list_of_date_kind_name(cal: WorkCalendar) -> None:
    note = cal.explain(D(2025, 9, 30), D(2025, 10, 1))[0]
    assert isinstance(note, DayNote)
    day, kind, name, _estimated = note
    assert (day, kind) == (D(2025, 10, 1), "holiday")
    assert name is not None
    assert (name.zh, name.en) == ("国庆节", "National Day")
    assert "国庆节 National Day" in str(note)


def test_explain_rejects_a_reversed_span(cal: WorkCalendar) -> None:
    with pytest.raises(InvalidInput):
        cal.explain(D(2025, 10, 2), D(2025, 10, 1))


# ---------------------------------------------------------------------------------------------------
# Past the data


def test_past_the_data_raises_naming_the_year(cal: WorkCalendar) -> None:
    last = cal.coverage[1]
    with pytest.raises(CalendarDataMissing) as exc:
        cal.add_workdays(D(last, 12, 25), 10)
    assert exc.value.year == last + 1
    assert f"{last + 1} 年" in str(exc.value)
    assert f"no holiday data for {last + 1}" in str(exc.value)
    with pytest.raises(CalendarDataMissing) as exc:
        cal.is_workday(D(last + 1, 1, 4))
    assert exc.value.year == last + 1
    with pytest.raises(CalendarDataMissing) as exc:
        cal.workdays_between(D(last, 12, 1), D(last + 1, 1, 4))
    assert exc.value.year == last + 1
    with pytest.raises(CalendarDataMissing):
        cal.explain(D(last, 12, 1), D(last + 1, 1, 4))


def test_before_the_data_raises(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarDataMissing) as exc:
        cal.is_workday(D(2003, 6, 2))
    assert exc.value.year == 2003
    with pytest.raises(CalendarDataMissing) as exc:
        cal.add_workdays(D(2003, 12, 1), 5)
    assert exc.value.year == 2003
    with pytest.raises(CalendarDataMissing) as exc:
        cal.workdays_between(D(2003, 12, 1), D(2004, 2, 1))
    assert exc.value.year == 2003
    with pytest.raises(CalendarDataMissing):
        deadline(D(2003, 12, 1), 10, calendar=cal, provisional=True)  # no estimate before 2025


def test_extreme_dates_raise_cleanly(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarDataMissing):
        cal.add_workdays(D.max, 1)
    with pytest.raises(CalendarDataMissing):
        cal.add_workdays(D.min, 1)
    with pytest.raises(CalendarDataMissing):
        cal.is_workday(D.max)


def test_deadline_past_the_data_raises_unless_provisional(cal: WorkCalendar) -> None:
    last = cal.coverage[1]
    start = D(last, 12, 25)
    with pytest.raises(CalendarDataMissing):
        deadline(start, 10, calendar=cal)
    d = deadline(start, 10, calendar=cal, provisional=True)
    assert d.provisional
    assert d.due > start
    reason = d.provisional_reason
    assert reason is not None
    assert reason.clause == "2.1.4"
    assert str(last + 1) in reason.zh
    assert str(last + 1) in reason.en
    assert "元旦" in reason.zh
    assert "National Day" in reason.en
    assert "暂定" in str(d)


@pytest.mark.clause("2.1.4")
def test_provisional_estimate_skips_the_fixed_holidays() -> None:
    # A calendar that ends in 2026: a transfer started 2026-12-25 (Fri) runs into 2027.
    cal = WorkCalendar.national().with_year(2026, holidays=[D(2026, 12, 28)], workdays=[])
    d = deadline(D(2026, 12, 25), 10, calendar=cal, provisional=True)
    # 12-29, 12-30, 12-31, then 2027-01-01 (Fri, 元旦, estimated) skipped, 01-04..08, 01-11, 01-12.
    assert d.due == D(2027, 1, 12)
    assert d.provisional
    # National Day 2027: 10-01 (Fri) is skipped by the estimate; the next Monday is 10-04.
    autumn = deadline(D(2027, 9, 30), 1, calendar=cal, provisional=True)
    assert autumn.due == D(2027, 10, 4)
    # Labour Day 2027: 05-01 Sat, 05-02 Sun; from 04-30 (Fri) the next working day is 05-03.
    assert deadline(D(2027, 4, 30), 1, calendar=cal, provisional=True).due == D(2027, 5, 3)


def test_provisional_flag_without_need_gives_a_firm_deadline(cal: WorkCalendar) -> None:
    d = deadline(D(2025, 9, 30), 10, calendar=cal, provisional=True)
    assert not d.provisional
    assert d.due == cal.add_workdays(D(2025, 9, 30), 10)


def test_provisional_names_only_the_years_estimated(cal: WorkCalendar) -> None:
    last = cal.coverage[1]
    d = deadline(D(last, 12, 1), 400, calendar=cal, provisional=True)
    assert d.provisional
    reason = d.provisional_reason
    assert reason is not None
    assert str(last + 1) in reason.en
    assert str(last + 2) in reason.en
    assert str(last + 3) not in reason.en
    assert d.due.year == last + 2


def test_deadline_returns_a_deadline(cal: WorkCalendar) -> None:
    d = deadline(D(2025, 3, 12), 10, calendar=cal)
    assert isinstance(d, Deadline)
    assert d.due == cal.add_workdays(D(2025, 3, 12), 10)
    assert d.start == D(2025, 3, 12)


# ---------------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.is_workday(dt.datetime(2025, 3, 12, 9, 0)),
        lambda c: c.add_workdays(dt.datetime(2025, 3, 12, 9, 0), 10),
        lambda c: c.workdays_between(dt.datetime(2025, 3, 12), D(2025, 3, 20)),
        lambda c: c.workdays_between(D(2025, 3, 12), dt.datetime(2025, 3, 20)),
        lambda c: c.explain(D(2025, 3, 12), dt.datetime(2025, 3, 20)),
        lambda c: c.add_workdays("2025-03-12", 10),
        lambda c: c.add_workdays(D(2025, 3, 12), 0),
        lambda c: c.add_workdays(D(2025, 3, 12), -3),
        lambda c: c.add_workdays(D(2025, 3, 12), 2.0),
        lambda c: c.add_workdays(D(2025, 3, 12), True),
        lambda c: deadline(dt.datetime(2025, 3, 12, 9, 0), 10, calendar=c),
        lambda c: deadline(D(2025, 3, 12), 0, calendar=c),
        lambda c: deadline(D(2025, 3, 12), 10, calendar="default"),  # type: ignore[arg-type]
        lambda c: c.with_year(2027, holidays=[dt.datetime(2027, 1, 1)], workdays=[]),
        lambda c: c.with_year(2027, holidays=D(2027, 1, 1), workdays=[]),
        lambda c: c.with_year(2027, holidays=5, workdays=[]),
        lambda c: c.with_year("2027", holidays=[], workdays=[]),
        lambda c: c.with_year(3000, holidays=[], workdays=[]),
        lambda c: c.with_year(2027, holidays=[D(2028, 1, 1)], workdays=[]),
        lambda c: c.with_year(2027, holidays=[D(2026, 11, 30)], workdays=[]),
        lambda c: c.with_year(2027, holidays=[], workdays=[D(2027, 1, 4)]),  # a Monday
        lambda c: c.with_year(2027, holidays=[D(2027, 1, 9)], workdays=[D(2027, 1, 9)]),
    ],
)
def test_bad_input_raises_invalid_input(
    cal: WorkCalendar, call: Callable[[WorkCalendar], object]
) -> None:
    with pytest.raises(InvalidInput) as exc:
        call(cal)
    message = str(exc.value)
    assert exc.value.where
    assert exc.value.zh and exc.value.en
    assert message.index(exc.value.zh) < message.index(exc.value.en)  # Chinese first


def test_unknown_clause(cal: WorkCalendar) -> None:
    with pytest.raises(UnknownClause):
        deadline(D(2025, 3, 12), 10, calendar=cal, clause="9.9")


# ---------------------------------------------------------------------------------------------------
# New years as data


def test_add_the_year_after_the_last(cal: WorkCalendar) -> None:
    last = cal.coverage[1]
    y = last + 1
    jan1 = D(y, 1, 1)
    saturday = next(D(y, 1, k) for k in range(1, 8) if D(y, 1, k).weekday() == 5)
    new = cal.with_year(y, holidays=[jan1], workdays=[saturday], name="示例 test notice")
    assert new.coverage == (cal.coverage[0], y)
    assert cal.coverage[1] == last  # the old calendar is unchanged
    assert new.is_workday(jan1) is False
    assert new.is_workday(saturday) is True
    assert new.notice_label(y) == "示例 test notice"
    monday = next(D(y, 3, k) for k in range(1, 8) if D(y, 3, k).weekday() == 0)
    assert new.is_workday(monday)
    assert not new.is_workday(monday + dt.timedelta(days=6))  # a plain Sunday
    # The cross-year deadline now has data and is firm.
    d = deadline(D(last, 12, 25), 10, calendar=new, provisional=True)
    assert not d.provisional
    assert new.workdays_between(D(last, 12, 25), d.due) == 10
    with pytest.raises(CalendarDataMissing):
        cal.is_workday(jan1)


def test_replace_an_existing_year(cal: WorkCalendar) -> None:
    new = cal.with_year(2025, holidays=[D(2025, 3, 12)], workdays=[])
    assert not new.is_workday(D(2025, 3, 12))
    assert new.is_workday(D(2025, 10, 1))  # the old 2025 notice is gone entirely
    assert cal.is_workday(D(2025, 3, 12))
    assert not cal.is_workday(D(2025, 10, 1))
    assert new.coverage == cal.coverage


def test_a_gap_year_is_allowed_and_still_raises(cal: WorkCalendar) -> None:
    last = cal.coverage[1]
    new = cal.with_year(last + 2, holidays=[D(last + 2, 1, 3)], workdays=[])
    assert new.coverage == (cal.coverage[0], last + 2)
    assert last + 1 not in new.years
    assert "missing" in repr(new)
    with pytest.raises(CalendarDataMissing) as exc:
        new.is_workday(D(last + 1, 6, 1))
    assert exc.value.year == last + 1
    with pytest.raises(CalendarDataMissing) as exc:
        new.add_workdays(D(last, 12, 25), 10)
    assert exc.value.year == last + 1
    with pytest.raises(CalendarDataMissing) as exc:
        new.add_workdays(D(last, 12, 1), 10_000)  # past everything: still the gap first
    assert exc.value.year == last + 1
    with pytest.raises(CalendarDataMissing) as exc:
        new.workdays_between(D(last, 12, 25), D(last + 2, 2, 1))
    assert exc.value.year == last + 1
    # Spans that avoid the gap work, on both sides of it.
    assert new.add_workdays(D(last, 3, 2), 3) == cal.add_workdays(D(last, 3, 2), 3)
    assert new.workdays_between(D(last + 2, 3, 1), D(last + 2, 3, 31)) > 0
    # Filling the gap closes it.
    full = new.with_year(last + 1, holidays=[], workdays=[])
    assert full.years == tuple(range(cal.coverage[0], last + 3))
    assert full.add_workdays(D(last, 12, 25), 10) > D(last, 12, 31)
    # A provisional deadline estimates the gap year (it is after 2025).
    d = deadline(D(last, 12, 25), 10, calendar=new, provisional=True)
    assert d.provisional
    assert d.provisional_reason is not None
    assert str(last + 1) in d.provisional_reason.en


def test_previous_december_days_of_a_notice(cal: WorkCalendar) -> None:
    # Like the 2019 notice (2018-12-29 worked, 12-31 off): a notice may move days of the December
    # before; they override the previous year, and survive a later replacement of that year.
    last = cal.coverage[1]
    y = last + 1
    december = [D(last, 12, k) for k in range(15, 32)]
    weekday = next(d for d in reversed(december) if d.weekday() < 5 and cal.is_workday(d))
    sat = next(d for d in december if d.weekday() == 5 and not cal.is_workday(d))
    new = cal.with_year(y, holidays=[weekday], workdays=[sat])
    assert not new.is_workday(weekday)
    assert new.is_workday(sat)
    assert cal.is_workday(weekday)  # the old calendar is unchanged
    assert not cal.is_workday(sat)
    replaced = new.with_year(last, holidays=[], workdays=[])
    assert not replaced.is_workday(weekday)  # the later notice still decides its December days
    assert replaced.is_workday(sat)


def test_calendar_repr_and_equality(cal: WorkCalendar) -> None:
    assert repr(cal) == f"WorkCalendar({cal.coverage[0]}–{cal.coverage[1]})"
    a = cal.with_year(2030, holidays=[D(2030, 1, 1)], workdays=[])
    b = cal.with_year(2030, holidays=[D(2030, 1, 1)], workdays=[])
    assert a == b
    assert hash(a) == hash(b)
    assert a != cal


def test_calendar_cannot_be_built_from_junk() -> None:
    with pytest.raises(InvalidInput):
        WorkCalendar(["2025"])  # type: ignore[list-item]
    with pytest.raises(InvalidInput):
        WorkCalendar([])


def test_replacing_a_notice_gives_back_the_december_days_it_moved(cal: WorkCalendar) -> None:
    # The 2019 notice moved 2018-12-29 (Sat, worked) and 2018-12-31 (Mon, off). A 2019 notice given
    # without them leaves those days to their weekday again; the 2018 data itself is untouched.
    assert cal.is_workday(D(2018, 12, 29))
    assert not cal.is_workday(D(2018, 12, 31))
    new = cal.with_year(2019, holidays=[D(2019, 1, 1)], workdays=[])
    assert not new.is_workday(D(2018, 12, 29))
    assert new.is_workday(D(2018, 12, 31))
    assert new.is_workday(D(2018, 12, 28)) == cal.is_workday(D(2018, 12, 28))
