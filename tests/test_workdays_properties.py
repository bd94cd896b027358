"""Invariants of the working-day calendar (clauses 2.1.4, 2.5), checked with hypothesis."""

from __future__ import annotations

import datetime as dt

import chinese_calendar  # type: ignore[import-untyped]
from hypothesis import assume, given
from hypothesis import strategies as st

from liangshan_xueji import CalendarDataMissing, WorkCalendar, deadline
from liangshan_xueji.calendar.workdays import CORRECTIONS

D = dt.date
CAL = WorkCalendar.national()
FIRST, LAST = CAL.coverage
# Starts whose next six months are inside the data (60 working days plus 40 days' shift fit).
starts = st.dates(min_value=D(FIRST - 1, 12, 31), max_value=D(LAST, 6, 30))
counts = st.integers(min_value=1, max_value=60)


def _walk(cal: WorkCalendar, start: D, n: int) -> D:
    """The reference model: walk day by day (what the table must never do per query)."""
    day = start
    while n:
        day += dt.timedelta(days=1)
        if cal.is_workday(day):
            n -= 1
    return day


@given(starts, counts)
def test_lands_on_a_working_day_after_the_start(start: D, n: int) -> None:
    due = CAL.add_workdays(start, n)
    assert due > start
    assert CAL.is_workday(due)


@given(starts, counts)
def test_agrees_with_a_day_by_day_walk(start: D, n: int) -> None:
    assert CAL.add_workdays(start, n) == _walk(CAL, start, n)


@given(starts, st.integers(min_value=1, max_value=20))
def test_agrees_with_chinese_calendar_on_working_day_starts(start: D, n: int) -> None:
    # find_workday(n, d) moves n working days on from d; on a working-day start that is our n-th.
    assume(start.year >= FIRST and CAL.is_workday(start))
    due = CAL.add_workdays(start, n)
    assume(not any(start <= c.day <= due for c in CORRECTIONS))  # chinese-calendar is wrong there
    assert due == chinese_calendar.find_workday(n, start)


@given(starts, counts)
def test_strictly_increasing_in_n(start: D, n: int) -> None:
    assert CAL.add_workdays(start, n) < CAL.add_workdays(start, n + 1)


@given(starts, st.integers(min_value=1, max_value=40), counts)
def test_strictly_increasing_in_start_across_working_days(start: D, gap: int, n: int) -> None:
    later = start + dt.timedelta(days=gap)
    assume(CAL.is_workday(later))
    assert CAL.add_workdays(start, n) < CAL.add_workdays(later, n)


@given(starts, st.integers(min_value=1, max_value=40), counts)
def test_never_decreasing_in_start(start: D, gap: int, n: int) -> None:
    assert CAL.add_workdays(start, n) <= CAL.add_workdays(start + dt.timedelta(days=gap), n)


@given(starts, counts)
def test_between_inverts_add(start: D, n: int) -> None:
    due = CAL.add_workdays(start, n)
    assert CAL.workdays_between(start, due) == n
    assert CAL.workdays_between(start, due - dt.timedelta(days=1)) == n - 1
    assert CAL.workdays_between(due, start) == -n


@given(starts, st.integers(0, 90), st.integers(0, 90))
def test_between_adds_up(a: D, x: int, y: int) -> None:
    b = a + dt.timedelta(days=x)
    c = b + dt.timedelta(days=y)
    assert CAL.workdays_between(a, b) + CAL.workdays_between(b, c) == CAL.workdays_between(a, c)


@given(starts, counts)
def test_deadline_matches_add_workdays(start: D, n: int) -> None:
    d = deadline(start, n, calendar=CAL)
    assert d.due == CAL.add_workdays(start, n)
    assert not d.provisional


@given(st.dates(min_value=D(LAST, 6, 1), max_value=D(LAST, 12, 31)), counts)
def test_provisional_deadlines_past_the_data_are_marked(start: D, n: int) -> None:
    d = deadline(start, n, calendar=CAL, provisional=True)
    try:
        firm = CAL.add_workdays(start, n)
    except CalendarDataMissing:
        assert d.provisional
        assert d.provisional_reason is not None
        assert d.due.year > LAST
        assert str(d.due.year) in d.provisional_reason.en
    else:
        assert not d.provisional
        assert d.due == firm


# ---------------------------------------------------------------------------------------------------
# Adding or replacing a year changes that year only


def _year_days(year: int) -> list[D]:
    return [
        D(year, 1, 1) + dt.timedelta(days=k)
        for k in range((D(year, 12, 31) - D(year, 1, 1)).days + 1)
    ]


def _notice_for(draw: st.DrawFn, year: int) -> tuple[int, list[D], list[D]]:
    days = _year_days(year)
    weekdays = [d for d in days if d.weekday() < 5]
    weekends = [d for d in days if d.weekday() >= 5]
    off = draw(st.lists(st.sampled_from(weekdays), max_size=15, unique=True))
    work = draw(st.lists(st.sampled_from(weekends), max_size=6, unique=True))
    return year, off, work


@st.composite
def new_years(draw: st.DrawFn) -> tuple[int, list[D], list[D]]:
    """A notice for a year the calendar lacks: right after the last, or after a gap."""
    return _notice_for(draw, draw(st.integers(min_value=LAST + 1, max_value=LAST + 3)))


@st.composite
def any_years(draw: st.DrawFn) -> tuple[int, list[D], list[D]]:
    return _notice_for(draw, draw(st.integers(min_value=FIRST, max_value=LAST + 1)))


def _expected(day: D, off: list[D], work: list[D]) -> bool:
    return day in work or (day.weekday() < 5 and day not in off)


@given(new_years())
def test_an_added_year_agrees_with_the_old_calendar_elsewhere(
    notice: tuple[int, list[D], list[D]],
) -> None:
    year, off, work = notice
    new = CAL.with_year(year, holidays=off, workdays=work)
    for y in range(FIRST, LAST + 1):
        for day in _year_days(y):
            assert new.is_workday(day) == CAL.is_workday(day), day
    for day in _year_days(year):
        assert new.is_workday(day) is _expected(day, off, work), day


@given(any_years())
def test_a_replaced_year_changes_that_year_only(notice: tuple[int, list[D], list[D]]) -> None:
    # A notice also decides the December days it moves around New Year (the 2019 notice made
    # 2018-12-29 a working day): replacing a year gives back the previous December days its old
    # notice had moved, and the December days of the year itself stay with the next year's notice.
    year, off, work = notice
    new = CAL.with_year(year, holidays=off, workdays=work)
    for y in range(FIRST, LAST + 1):
        for day in _year_days(y):
            if y == year:
                continue
            if y == year - 1 and day.month == 12:
                assert new.is_workday(day) in {CAL.is_workday(day), day.weekday() < 5}, day
            else:
                assert new.is_workday(day) == CAL.is_workday(day), day
    for day in _year_days(year):
        wanted = _expected(day, off, work)
        if day.month == 12 and year < LAST:
            assert new.is_workday(day) in {wanted, CAL.is_workday(day)}, day
        else:
            assert new.is_workday(day) is wanted, day


@given(any_years(), starts, counts)
def test_a_new_year_keeps_spans_that_avoid_it(
    notice: tuple[int, list[D], list[D]], start: D, n: int
) -> None:
    year, off, work = notice
    new = CAL.with_year(year, holidays=off, workdays=work)
    due = CAL.add_workdays(start, n)
    assume(not start.year <= year <= due.year + 1)  # +1: the year's notice may move December days
    assert new.add_workdays(start, n) == due
    assert new.workdays_between(start, due) == n
