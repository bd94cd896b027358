"""Benchmark: ``WorkCalendar.add_workdays(d, 10)`` against chinese-calendar and holidays.

Run from the project root (a script, not a test)::

    PYTHONPATH=src python benchmarks/bench_workdays.py [--first 2016] [--last 2025] [--repeat 5]

On the same starts (every working day from ``--first`` to ``--last``) it times, per call:

* ``WorkCalendar.add_workdays(d, 10)`` (this library; the table is built before timing, and the
  one-off build time is printed separately),
* ``chinese_calendar.find_workday(10, d)`` (``delta_days=10`` counts the start itself as day 0 when it
  is a working day, so on working-day starts it is the 10th working day after ``d``),
* ``holidays.China(years=...).get_nth_working_day(d, 10)`` (holidays >= 0.60; years populated first).

It checks that the three agree on every start, prints any disagreement, then the per-call times (the
best of ``--repeat`` runs) and the ratios. Targets: >= 300x chinese-calendar, >= 20x holidays.

In the same run it times the Liangshan prefecture's calendar (``WorkCalendar.liangshan()``, the
default of clauses 2.1.4 and 2.5) on the starts whose 10th working day it can count (the years with a
prefecture notice; a year without one raises), against chinese-calendar on those same starts (which
answers on the national days: the speed is compared, not the dates), with the same target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import time
from collections.abc import Callable, Sequence
from importlib.metadata import version

import chinese_calendar  # type: ignore[import-untyped]
from holidays.countries.china import China

from liangshan_xueji.calendar.workdays import WorkCalendar
from liangshan_xueji.errors import CalendarDataMissing

N = 10
TARGET_CC = 300.0
TARGET_HOLIDAYS = 20.0


def _best(run: Callable[[], object], repeat: int) -> float:
    """The best wall time of ``repeat`` runs of ``run``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    return best


def _fmt(seconds: float) -> str:
    if seconds < 1e-6:
        return f"{seconds * 1e9:8.1f} ns"
    return f"{seconds * 1e6:8.2f} µs"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--first", type=int, default=2016, help="first year of starts (default 2016)")
    ap.add_argument("--last", type=int, default=2025, help="last year of starts (default 2025)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per library; best is kept")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    cal = WorkCalendar.national()
    cal.is_workday(dt.date(args.first, 1, 1))  # builds the table
    build = time.perf_counter() - t0

    day, end = dt.date(args.first, 1, 1), dt.date(args.last, 12, 31)
    starts: list[dt.date] = []
    while day <= end:
        if cal.is_workday(day):
            starts.append(day)
        day += dt.timedelta(days=1)

    # The 10th working day after the last start may fall in the next year: populate it too.
    hol = China(years=range(args.first, args.last + 2))  # type: ignore[no-untyped-call]

    # Each library is called the way a user calls it: a bound method in a plain loop, no wrapper.
    add_workdays = cal.add_workdays
    find_workday = chinese_calendar.find_workday
    nth_working_day = hol.get_nth_working_day

    def run_ours() -> None:
        for d in starts:
            add_workdays(d, N)

    def run_cc() -> None:
        for d in starts:
            find_workday(N, d)

    def run_holidays() -> None:
        for d in starts:
            nth_working_day(d, N)

    disagreements = 0
    for d in starts:
        a, b, c = add_workdays(d, N), find_workday(N, d), nth_working_day(d, N)
        if not a == b == c:
            disagreements += 1
            print(f"disagree: start {d}: liangshan_xueji {a}, chinese-calendar {b}, holidays {c}")

    # The prefecture's calendar, on the starts it can count (its table is built before timing).
    liangshan = WorkCalendar.liangshan()
    ls_add = liangshan.add_workdays
    ls_starts = []
    for d in starts:
        try:
            ls_add(d, N)
        except CalendarDataMissing:
            continue
        ls_starts.append(d)

    def run_liangshan() -> None:
        for d in ls_starts:
            ls_add(d, N)

    def run_cc_ls() -> None:
        for d in ls_starts:
            find_workday(N, d)

    t_ours = _best(run_ours, args.repeat) / len(starts)
    t_cc = _best(run_cc, args.repeat) / len(starts)
    t_hd = _best(run_holidays, args.repeat) / len(starts)

    print(
        f"python {platform.python_version()} on {platform.machine()}, chinese-calendar "
        f"{version('chinese-calendar')}, holidays {version('holidays')}"
    )
    print(
        f"{len(starts)} working-day starts {args.first}–{args.last}, add {N} working days, "
        f"best of {args.repeat} runs"
    )
    print(f"table build (once, lazily)                 {build * 1e3:8.2f} ms")
    print(f"liangshan_xueji  WorkCalendar.add_workdays  {_fmt(t_ours)} per call")
    print(
        f"chinese-calendar find_workday               {_fmt(t_cc)} per call   "
        f"ratio {t_cc / t_ours:8.0f}x (target >= {TARGET_CC:.0f}x)"
    )
    print(
        f"holidays         China.get_nth_working_day  {_fmt(t_hd)} per call   "
        f"ratio {t_hd / t_ours:8.0f}x (target >= {TARGET_HOLIDAYS:.0f}x)"
    )
    print(f"disagreements: {disagreements}")
    t_ls = _best(run_liangshan, args.repeat) / len(ls_starts) if ls_starts else float("nan")
    t_cc_ls = _best(run_cc_ls, args.repeat) / len(ls_starts) if ls_starts else float("nan")
    print(
        f"Liangshan calendar (years {', '.join(map(str, liangshan.years))}): {len(ls_starts)} of "
        f"the starts countable"
    )
    print(f"liangshan_xueji  liangshan().add_workdays   {_fmt(t_ls)} per call")
    print(
        f"chinese-calendar find_workday (same starts) {_fmt(t_cc_ls)} per call   "
        f"ratio {t_cc_ls / t_ls:8.0f}x (target >= {TARGET_CC:.0f}x)"
    )
    ok = t_cc / t_ours >= TARGET_CC and t_hd / t_ours >= TARGET_HOLIDAYS and not disagreements
    ok = ok and bool(ls_starts) and t_cc_ls / t_ls >= TARGET_CC
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
