"""``--parameter NAME=VALUE --parameter-reference DOC`` on ``xueji audit`` and ``xueji check``.

The regulation leaves 2.1.4's cross-prefecture period to the province (未设定 / not set until a caller
sets it) and a county may set its own figures: the command line sets them as a Python caller does, with
:meth:`ParameterSet.read_value` and :meth:`ParameterSet.override`.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.cli import main
from liangshan_xueji.errors import InvalidInput, ParameterNotInForce
from liangshan_xueji.law import DEFAULT_PARAMETERS
from liangshan_xueji.law.parameters import MonthDay

REF = ("--parameter-reference", "某县教育局文件（测试）")


def _findings(capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, list[list[str]]]:
    code = main(["audit", "--example", "--format", "csv", *options])
    out, _err = capsys.readouterr()
    return code, list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))


@pytest.mark.clause("2.1.4")
def test_the_audit_counts_transfers_with_the_parameter_given(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _code, default = _findings(capsys)
    _code, tight = _findings(capsys, "--parameter", "transfer_workdays=1", *REF)
    overdue = [len([r for r in rows if "2.1.4" in r]) for rows in (default, tight)]
    assert overdue[1] > overdue[0] > 0


@pytest.mark.clause("2.1.6.1")
def test_check_judges_with_the_parameter_given(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["check", "transfer", "--example", "--on", "2021-03-01", "--to-school", "5134010002",
            "--to-class", "1班", "--material", "basic_info_sheet", "--material", "F1"]  # fmt: skip
    assert main(base) == 0
    capsys.readouterr()
    assert main([*base, "--parameter", "class_size_limit_primary=30", *REF]) == 1
    out, _err = capsys.readouterr()
    assert "[2.1.6.1]" in out and "30" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--parameter", "transfer_workdays=3"], "--parameter-reference"),
        (["--parameter-reference", "X"], "--parameter"),
        (["--parameter", "transfer_workday=3", *REF], "transfer_workdays"),  # the nearest name
        (["--parameter", "transfer_workdays=-1", *REF], "transfer_workdays"),
        (["--parameter", "transfer_workdays=十", *REF], "transfer_workdays"),
    ],
)
def test_bad_settings_exit_2_naming_what_is_wrong(
    capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    assert main(["audit", "--example", *options]) == 2
    _out, err = capsys.readouterr()
    assert message in err and "Traceback" not in err


def test_a_setting_without_an_equals_sign_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["audit", "--example", "--parameter", "transfer_workdays", *REF])
    assert exit_.value.code == 2
    assert "NAME=VALUE" in capsys.readouterr().err


def test_read_value_reads_each_kind() -> None:
    p = DEFAULT_PARAMETERS
    assert p.read_value("transfer_workdays", " 12 ") == 12
    assert p.read_value("cross_prefecture_transfer_workdays", "15") == 15
    kinds = {type(x.value) for x in p if x.value is not None}
    if MonthDay in kinds:
        name = next(x.name for x in p if isinstance(x.value, MonthDay))
        assert p.read_value(name, "9-30") == MonthDay(9, 30)
        with pytest.raises(InvalidInput):
            p.read_value(name, "9/30")
    with pytest.raises(ParameterNotInForce, match="transfer_workdays"):
        p.read_value("transfer_workday", "1")


@given(st.text(max_size=12))
def test_read_value_raises_only_invalid_input_and_what_it_reads_can_be_set(text: str) -> None:
    for name in DEFAULT_PARAMETERS.names():
        try:
            value = DEFAULT_PARAMETERS.read_value(name, text)
        except InvalidInput:
            continue
        first = min(p.since for p in DEFAULT_PARAMETERS if p.name == name)
        params = DEFAULT_PARAMETERS.override(name, value, reference="test")
        assert params.get(name, first).value == value
