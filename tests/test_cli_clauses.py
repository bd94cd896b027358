"""The `xueji clauses` command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from liangshan_xueji.cli.app import main


def test_clauses_lists_all_73(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clauses"]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 73
    assert "2.1.6.3" in out and "毕业年级" in out


@pytest.mark.clause("2.1.6.3")
def test_clause_shows_its_chinese_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clauses", "2.1.6.3"]) == 0
    out = capsys.readouterr().out
    assert "毕业年级（小学六年级、初中三年级、高中三年级）学生" in out
    assert "2.1.6" in out


def test_clause_shows_children(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clauses", "2.1.6"]) == 0
    out = capsys.readouterr().out
    for child in ("2.1.6.1", "2.1.6.2", "2.1.6.3", "2.1.6.4", "2.1.6.5"):
        assert child in out


def test_unknown_clause_exits_2_with_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clauses", "9.9"]) == 2
    err = capsys.readouterr().err
    assert "未知的条款编号" in err and "unknown clause ID" in err


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["no-such-command"])
    assert info.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_help_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["clauses", "--help"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 0
    assert "clauses" in capsys.readouterr().out


def test_console_script_runs_as_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "liangshan_xueji.cli", "clauses", "2.5"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "死亡" in done.stdout
    # `-m liangshan_xueji.cli.app` printed a RuntimeWarning (runpy: app was imported by the package)
    assert "Warning" not in done.stderr


def test_the_app_module_runs_without_a_runpy_warning() -> None:
    """``python -m liangshan_xueji.cli.app`` works too, silently: the package loads ``main`` lazily."""
    done = subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-m", "liangshan_xueji.cli.app",
         "clauses", "2.5"],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "死亡" in done.stdout and "Warning" not in done.stderr
