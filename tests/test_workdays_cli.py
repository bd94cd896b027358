"""``xueji deadline``: due date, the days skipped and why, provisional notes, exit codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from liangshan_xueji import WorkCalendar
from liangshan_xueji.cli.app import main

LAST = WorkCalendar.national().coverage[1]


@pytest.mark.clause("2.1.4")
def test_deadline_over_national_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "2025-09-30", "--national"]) == 0  # default: transfer_workdays = 10
    out = capsys.readouterr().out
    assert "2025-10-21" in out
    assert "期限 due" in out
    assert "2025-10-01 星期三 Wed  放假 holiday  国庆节 National Day" in out
    assert "2025-10-06" in out and "中秋节 Mid-autumn Festival" in out
    assert "2025-10-11 星期六 Sat  调休上班" in out  # the 调休 Saturday counts
    assert "2025-10-12 星期日 Sun  周末 weekend" in out
    assert "provisional" not in out
    assert "2.1.4" in out


@pytest.mark.clause("2.5")
def test_deadline_for_a_death_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["deadline", "2026-02-13", "--clause", "2.5", "--national"]) == 0
    )  # death_report_workdays = 10
    out = capsys.readouterr().out
    assert "2026-03-05" in out
    assert "clause 2.5" in out
    assert "春节 Spring Festival" in out


def test_workdays_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "2025-03-14", "--workdays", "1", "--national"]) == 0
    out = capsys.readouterr().out
    assert "2025-03-17" in out
    assert "2025-03-15 星期六 Sat  周末 weekend" in out


def test_past_the_data_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", f"{LAST}-12-25", "--national"]) == 3
    err = capsys.readouterr().err
    assert f"缺少 {LAST + 1} 年" in err
    assert f"no holiday data for {LAST + 1}" in err


def test_provisional_prints_a_clear_note(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", f"{LAST}-12-25", "--provisional", "--national"]) == 0
    out = capsys.readouterr().out
    assert "暂定 / provisional" in out
    assert "NOTE: provisional deadline" in out
    assert f"no State Council holiday data for {LAST + 1}" in out
    assert f"{LAST + 1}-01-01" in out and "(estimated)" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["deadline", "2025-13-01"],
        ["deadline", "yesterday"],
        ["deadline", "2025-09-30", "--workdays", "0"],
        ["deadline", "2025-09-30", "--clause", "9.9"],
        ["deadline", "2010-03-01"],  # before the regulation: no default number of working days
    ],
)
def test_bad_input_exits_2_with_a_bilingual_message(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("xueji: ")
    assert " / " in err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err)  # Chinese …
    assert any(ch.isascii() and ch.isalpha() for ch in err.split(" / ", 1)[1])  # … then English


def test_bad_workdays_type_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["deadline", "2025-09-30", "--workdays", "ten", "--national"])
    assert exc.value.code == 2
    assert "参数错误 / error" in capsys.readouterr().err


def test_explicit_workdays_before_the_regulation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "2010-03-01", "--workdays", "3", "--national"]) == 0
    assert "2010-03-04" in capsys.readouterr().out


def test_notice_file_adds_the_next_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    year = LAST + 1
    notice = tmp_path / f"{year}.toml"
    notice.write_text(
        f"""# a made-up notice (test fixture)
year = {year}
number = "示例〔{LAST}〕1号"
issued = {LAST}-11-01

[[holidays]]
name = "元旦"
start = {year}-01-01
end = {year}-01-08
""",
        encoding="utf-8",
    )
    assert (
        main(
            ["deadline", f"{LAST}-12-31", "--workdays", "1", "--notice", str(notice), "--national"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert f"notice added: {year} 示例〔{LAST}〕1号" in out
    first = next(dt.date(year, 1, k) for k in range(9, 16) if dt.date(year, 1, k).weekday() < 5)
    assert f"期限 due:      {first}" in out
    assert "provisional" not in out
    assert f"{year}-01-05" in out and "元旦 New Year's Day" in out


def test_bad_notice_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notice = tmp_path / "bad.toml"
    notice.write_text("year = 2027\n", encoding="utf-8")
    assert main(["deadline", "2025-09-30", "--notice", str(notice), "--national"]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err
    assert "number" in err
