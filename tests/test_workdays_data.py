"""Data quality of the working-day calendar: chinese-calendar cross-checked against the ``holidays``
package's China calendar, the documented corrections, and notice files (clauses 2.1.4, 2.5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped]
import pytest
from holidays.countries.china import China

from liangshan_xueji import CalendarDataMissing, InvalidInput, WorkCalendar
from liangshan_xueji.calendar.workdays import CORRECTIONS

D = dt.date


def _days(first: int, last: int) -> list[D]:
    day, end = D(first, 1, 1), D(last, 12, 31)
    out = []
    while day <= end:
        out.append(day)
        day += dt.timedelta(days=1)
    return out


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.national()


@pytest.fixture(scope="module")
def china(cal: WorkCalendar) -> China:
    first, last = cal.coverage
    return China(years=range(first - 1, last + 2))  # type: ignore[no-untyped-call]


# ---------------------------------------------------------------------------------------------------
# Cross-check with the holidays package


def test_holidays_package_marks_adjusted_working_days(china: China) -> None:
    # holidays keeps 调休 weekend working days in ``weekend_workdays``; is_working_day reads it.
    assert D(2025, 1, 26) in china.weekend_workdays
    assert china.is_working_day(D(2025, 1, 26))
    assert not china.is_working_day(D(2025, 1, 28))


def test_every_day_agrees_with_the_holidays_package(cal: WorkCalendar, china: China) -> None:
    first, last = cal.coverage
    disagree = [d for d in _days(first, last) if cal.is_workday(d) != china.is_working_day(d)]
    assert disagree == []


def test_raw_chinese_calendar_differs_only_where_corrected(cal: WorkCalendar, china: China) -> None:
    first, last = cal.coverage
    raw = {
        d for d in _days(first, last) if chinese_calendar.is_workday(d) != china.is_working_day(d)
    }
    corrected = {c.day for c in CORRECTIONS}
    # Every disagreement of the raw data is carried as a documented correction …
    assert raw <= corrected
    # … and the correction sides with the notice (and so with the holidays package).
    for c in CORRECTIONS:
        assert cal.is_workday(c.day) is c.workday
        assert china.is_working_day(c.day) is c.workday


def test_corrections_cite_their_notice() -> None:
    assert CORRECTIONS
    for c in CORRECTIONS:
        assert "国务院办公厅" in c.source
        assert "国办发明电" in c.source
        assert c.url.startswith("https://")
        assert c.quote
        assert c.notice_year in (c.day.year, c.day.year + 1)


def test_2005_12_31_was_a_working_day() -> None:
    # 国办发明电〔2005〕35号: “12月31日（星期六）上班”. chinese-calendar 1.11 has it as a rest day.
    fix = next(c for c in CORRECTIONS if c.day == D(2005, 12, 31))
    assert fix.workday
    assert D(2005, 12, 31).weekday() == 5
    assert "12月31日（星期六）上班" in fix.quote
    assert WorkCalendar.national().is_workday(D(2005, 12, 31))


# ---------------------------------------------------------------------------------------------------
# Notice files

NOTICE_2026 = """\
# 国务院办公厅关于2026年部分节假日安排的通知
year = 2026
number = "国办发明电〔2025〕7号"
issued = 2025-11-04
title = "国务院办公厅关于2026年部分节假日安排的通知"
source = "https://www.gov.cn/zhengce/content/202511/content_7047090.htm"

[[holidays]]
name = "元旦"
start = 2026-01-01
end = 2026-01-03
workdays = [2026-01-04]

[[holidays]]
name = "春节"
start = 2026-02-15
end = 2026-02-23
workdays = [2026-02-14, 2026-02-28]

[[holidays]]
name = "清明节"
start = 2026-04-04
end = 2026-04-06

[[holidays]]
name = "劳动节"
start = 2026-05-01
end = 2026-05-05
workdays = [2026-05-09]

[[holidays]]
name = "端午节"
start = 2026-06-19
end = 2026-06-21

[[holidays]]
name = "中秋节"
start = 2026-09-25
end = 2026-09-27

[[holidays]]
name = "国庆节"
start = 2026-10-01
end = 2026-10-07
workdays = [2026-09-20, 2026-10-10]
"""

NOTICE_2020 = """\
# 国务院办公厅关于2020年部分节假日安排的通知, as amended by the extension of the Spring Festival.
year = 2020
number = "国办发明电〔2019〕16号"
issued = 2019-11-21

[[amendments]]
number = "国办发明电〔2020〕1号"
issued = 2020-01-26
title = "国务院办公厅关于延长2020年春节假期的通知"

[[holidays]]
name = "元旦"
start = 2020-01-01

[[holidays]]
name = "春节"
start = 2020-01-24
end = 2020-02-02      # extended from 01-30; the 调休 Saturday 02-01 was cancelled
workdays = [2020-01-19]

[[holidays]]
name = "清明节"
start = 2020-04-04
end = 2020-04-06

[[holidays]]
name = "劳动节"
start = 2020-05-01
end = 2020-05-05
workdays = [2020-04-26, 2020-05-09]

[[holidays]]
name = "端午节"
start = 2020-06-25
end = 2020-06-27
workdays = [2020-06-28]

[[holidays]]
name = "国庆节、中秋节"
start = 2020-10-01
end = 2020-10-08
workdays = [2020-09-27, 2020-10-10]
"""

# A made-up notice for a year past the data: a test fixture, not a real State Council notice.
NOTICE_FICTIONAL = """\
year = {year}
number = "示例〔{prev}〕1号"
issued = {prev}-11-01

[[holidays]]
name = "元旦"
start = {prev}-12-31
end = {year}-01-02
workdays = ["{sat}"]

[[holidays]]
name = "植树日"
name_en = "Tree Day"
start = {year}-03-12
"""


def _write(tmp_path: Path, text: str, name: str = "notice.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "year"), [(NOTICE_2026, 2026), (NOTICE_2020, 2020)])
def test_a_real_notice_file_reproduces_the_data(
    cal: WorkCalendar, tmp_path: Path, text: str, year: int
) -> None:
    new = cal.with_notice_file(_write(tmp_path, text))
    assert new.coverage == cal.coverage
    assert "国办发明电" in new.notice_label(year)
    for day in _days(year, year):
        assert new.is_workday(day) == cal.is_workday(day), day
    # Names come from the file, in Chinese and English.
    named = {n.date: n.name for n in new.explain(D(year, 9, 30), D(year, 10, 2)) if n.name}
    assert named[D(year, 10, 1)].zh.startswith("国庆节")
    assert named[D(year, 10, 1)].en.startswith("National Day")


def test_notice_file_with_amendments_lists_them(cal: WorkCalendar, tmp_path: Path) -> None:
    new = cal.with_notice_file(_write(tmp_path, NOTICE_2020))
    assert new.notice_label(2020) == "国办发明电〔2019〕16号 + 国办发明电〔2020〕1号"


def test_fictional_next_year_from_a_file(cal: WorkCalendar, tmp_path: Path) -> None:
    last = cal.coverage[1]
    year = last + 1
    sat = next(D(year, 1, k) for k in range(3, 10) if D(year, 1, k).weekday() == 5)
    text = NOTICE_FICTIONAL.format(year=year, prev=last, sat=sat.isoformat())
    new = cal.with_notice_file(str(_write(tmp_path, text)))
    assert new.coverage == (cal.coverage[0], year)
    assert not new.is_workday(D(year, 1, 1))
    assert new.is_workday(sat)
    assert not new.is_workday(D(last, 12, 31))  # the previous December day moved by the notice
    tree = new.explain(D(year, 3, 11), D(year, 3, 12))
    if D(year, 3, 12).weekday() < 5:
        assert tree[0].name is not None
        assert (tree[0].name.zh, tree[0].name.en) == ("植树日", "Tree Day")
    with pytest.raises(CalendarDataMissing):
        new.is_workday(D(year + 1, 1, 1))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("year = 2027\nnumber = \n", "notice.toml"),  # not TOML
        (NOTICE_2026.replace('number = "国办发明电〔2025〕7号"\n', ""), "number"),
        (NOTICE_2026.replace("issued = 2025-11-04", "issued = 2019-11-04"), "issued"),
        (NOTICE_2026.replace("issued = 2025-11-04", 'issued = "11/04/2025"'), "issued"),
        (NOTICE_2026.replace("issued = 2025-11-04", "issued = 2025-11-04T09:00:00"), "issued"),
        (
            NOTICE_2026.replace("year = 2026", "year = 2027").replace("2025-11-04", "2026-11-04"),
            "holidays",  # 2026 dates in a notice for 2027
        ),
        (NOTICE_2026.replace("year = 2026", 'year = "2026"'), "year"),
        (NOTICE_2026.replace("year = 2026", "year = 1800"), "year"),
        (NOTICE_2026.replace("workdays = [2026-01-04]", "workdays = [2026-01-05]"), "workdays"),
        (NOTICE_2026.replace("end = 2026-01-03", "end = 2025-12-30"), "end"),
        (NOTICE_2026.replace("end = 2026-02-23", "end = 2026-04-23"), "end"),
        (NOTICE_2026.replace('name = "端午节"', 'name = "龙舟节"'), "name_en"),
        (NOTICE_2026.replace('name = "端午节"', "name = 5"), "name"),
        (NOTICE_2026.replace('name = "端午节"\n', ""), "name"),
        (NOTICE_2026.replace("start = 2026-06-19", "begin = 2026-06-19"), "begin"),
        (NOTICE_2026.replace('title = "', 'titel = "'), "titel"),
        (NOTICE_2026.replace("end = 2026-09-27", "end = 2026-10-01"), "holidays"),  # overlap
        (NOTICE_2026.replace("workdays = [2026-05-09]", "workdays = [2026-05-02]"), "2026-05-02"),
        (NOTICE_2026 + "\n[[amendments]]\nissued = 2026-01-02\n", "amendments"),
    ],
)
def test_bad_notice_files(tmp_path: Path, text: str, where: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InvalidInput) as exc:
        WorkCalendar.national().with_notice_file(path)
    located = f"{exc.value.where} {exc.value}"
    assert str(path) in located
    assert where in located
    assert exc.value.zh and exc.value.en


def test_missing_or_unreadable_notice_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as exc:
        WorkCalendar.national().with_notice_file(tmp_path / "absent.toml")
    assert "absent.toml" in str(exc.value)
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('name = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(InvalidInput):
        WorkCalendar.national().with_notice_file(bad)
