"""Decisions, errors, parameters and the public API surface."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import liangshan_xueji as xj
from liangshan_xueji._validators import check_text
from liangshan_xueji.law.clauses import CLAUSE_IDS


def _visible(text: str) -> bool:
    """Text the library accepts as a message (a visible character, no bidirectional control)."""
    try:
        check_text(text, "text")
    except xj.InvalidInput:
        return False
    return True


REASONS = st.builds(
    xj.Reason,
    clause=st.sampled_from(CLAUSE_IDS),
    zh=st.text(min_size=1).filter(_visible),
    en=st.text(min_size=1).filter(_visible),
)
DECISIONS = st.one_of(
    st.builds(lambda rs: xj.Decision.allow(*rs), st.lists(REASONS, max_size=3)),
    st.builds(lambda rs: xj.Decision.refuse(*rs), st.lists(REASONS, min_size=1, max_size=3)),
)


def test_public_api_is_exported_and_sorted() -> None:
    assert xj.__version__
    for name in xj.__all__:
        assert hasattr(xj, name), name
    assert len(set(xj.__all__)) == len(xj.__all__)
    assert not [n for n in xj.__all__ if n.startswith("_") and n != "__version__"]


@given(st.lists(DECISIONS, min_size=1, max_size=5))
def test_combining_keeps_every_reason_and_refuses_if_any_refuses(ds: list[xj.Decision]) -> None:
    combined = xj.Decision.combine(*ds)
    assert combined.allowed == all(d.allowed for d in ds)
    for d in ds:
        for r in d.reasons:
            assert r in combined.reasons
    assert combined.clause_ids == frozenset().union(*(d.clause_ids for d in ds))
    assert (ds[0] & ds[-1]).allowed == (ds[0].allowed and ds[-1].allowed)


def test_refusal_needs_a_reason_and_unknown_clause_fails() -> None:
    with pytest.raises(xj.InvalidInput):
        xj.Decision.refuse()
    with pytest.raises(xj.UnknownClause):
        xj.Reason("9.9.9", "理由", "reason")
    with pytest.raises(xj.InvalidInput):
        xj.Reason("2.5", " ", "reason")


def test_policy_violation_carries_the_decision_with_both_languages() -> None:
    d = xj.Decision.refuse(
        xj.Reason("2.1.6.3", "毕业年级不得转学", "no transfer in a graduation year"),
        xj.Reason("2.1.6.4", "休学期间不得转学", "no transfer during suspension"),
    )
    with pytest.raises(xj.PolicyViolation) as info:
        d.raise_if_refused()
    assert info.value.decision is d
    msg = str(info.value)
    assert "毕业年级不得转学" in msg and "no transfer during suspension" in msg
    assert "2.1.6.3" in msg and "2.1.6.4" in msg
    assert isinstance(info.value, xj.XuejiError)


def test_deadline_validation() -> None:
    with pytest.raises(xj.InvalidInput):
        xj.Deadline(clause="2.5", start=dt.date(2020, 5, 2), due=dt.date(2020, 5, 1))
    with pytest.raises(xj.InvalidInput):
        xj.Deadline(
            clause="2.5", start=dt.date(2020, 5, 1), due=dt.date(2020, 5, 2), provisional=True
        )
    d = xj.Deadline(clause="2.5", start=dt.date(2020, 5, 1), due=dt.date(2020, 5, 15), workdays=10)
    assert d.is_overdue(dt.date(2020, 5, 16)) and not d.is_overdue(dt.date(2020, 5, 15))


def test_combine_keeps_the_earliest_deadline() -> None:
    early = xj.Deadline(clause="2.5", start=dt.date(2020, 5, 1), due=dt.date(2020, 5, 10))
    late = xj.Deadline(clause="2.1.4", start=dt.date(2020, 5, 1), due=dt.date(2020, 5, 20))
    combined = xj.Decision.allow(deadline=late) & xj.Decision.allow(deadline=early)
    assert combined.deadline == early


@pytest.mark.clause("2.1.6.1", "2.3", "2.1.4", "2.5", "1.3", "3.1", "6.2", "7.3")
def test_default_parameters_hold_from_the_date_of_issue() -> None:
    p = xj.law.DEFAULT_PARAMETERS
    on = dt.date(2016, 8, 11)
    assert p.value("class_size_limit_primary", on) == 45
    assert p.value("class_size_limit_junior", on) == 50
    assert p.value("senior_retention_cap", on) == 0.02
    assert p.value("transfer_workdays", on) == 10
    assert p.value("death_report_workdays", on) == 10
    assert p.month_day("new_student_data_due", on).in_year(2020) == dt.date(2020, 9, 30)
    assert p.month_day("graduation_due", on) == xj.law.MonthDay(7, 30)
    assert p.month_day("yi_senior_roster_due", on) == xj.law.MonthDay(8, 25)
    assert p.int_value("registrar_logins_per_week", on) == 2
    for param in p:
        assert xj.clause(param.clause)
        assert param.since == on


@pytest.mark.clause("2.1.4", "5.3.1")
def test_a_parameter_with_no_default_is_not_set_until_a_caller_sets_it() -> None:
    """跨市州、跨省转学“按照省教育厅相关规定执行”: no value of the library's own; asking for it is a
    clear error, ``optional_int`` answers None, the docs and ``str`` show “未设定 / not set”."""
    from liangshan_xueji.errors import ParameterNotSet

    p = xj.law.DEFAULT_PARAMETERS
    on = dt.date(2020, 1, 1)
    for name in ("cross_prefecture_transfer_workdays", "archive_move_months"):
        assert not p.is_set(name, on) and p.optional_int(name, on) is None
        with pytest.raises(ParameterNotSet) as info:
            p.value(name, on)
        assert isinstance(info.value, xj.ParameterNotInForce) and info.value.where == name
        assert "未设定" in info.value.zh and "not set" in info.value.en
        assert "未设定 / not set" in str(p.get(name, on)) and p.get(name, on).value_text
    province = p.override("cross_prefecture_transfer_workdays", 15, reference="省教育厅某文件")
    assert province.optional_int("cross_prefecture_transfer_workdays", on) == 15
    assert province.get("cross_prefecture_transfer_workdays", on).reference == "省教育厅某文件"
    assert province.is_set("cross_prefecture_transfer_workdays", on)
    assert not p.is_set("cross_prefecture_transfer_workdays", on)  # the default is untouched
    with pytest.raises(xj.InvalidInput):  # an unset parameter still has its kind
        p.override("cross_prefecture_transfer_workdays", xj.law.MonthDay(9, 30), reference="x")
    with pytest.raises(xj.InvalidInput) as kind:  # an unset parameter must say its kind
        xj.law.Parameter(name="x", value=None, unit="天", clause="2.1.4", since=on, zh="x", en="x")
    assert kind.value.where == "Parameter.kind"


@pytest.mark.clause("8.4")
def test_lookup_before_the_first_date_raises() -> None:
    with pytest.raises(xj.ParameterNotInForce) as info:
        xj.law.DEFAULT_PARAMETERS.value("transfer_workdays", dt.date(2016, 8, 10))
    assert "2016-08-11" in str(info.value)
    with pytest.raises(xj.ParameterNotInForce):
        xj.law.DEFAULT_PARAMETERS.value("no_such_parameter", dt.date(2020, 1, 1))
    with pytest.raises(xj.InvalidInput):
        xj.law.DEFAULT_PARAMETERS.value("transfer_workdays", dt.datetime(2020, 1, 1))  # type: ignore[arg-type]


@pytest.mark.clause("2.1.2", "2.1.6.1")
def test_county_override_returns_a_new_set_and_leaves_the_default() -> None:
    on = dt.date(2020, 1, 1)
    county = xj.law.DEFAULT_PARAMETERS.override(
        "class_size_limit_primary", 40, since=dt.date(2019, 9, 1), reference="某县教育局文件"
    )
    assert county.value("class_size_limit_primary", on) == 40
    assert county.value("class_size_limit_primary", dt.date(2018, 1, 1)) == 45
    assert xj.law.DEFAULT_PARAMETERS.value("class_size_limit_primary", on) == 45
    assert county.get("class_size_limit_primary", on).reference == "某县教育局文件"
    with pytest.raises(xj.InvalidInput):
        xj.law.DEFAULT_PARAMETERS.override("graduation_due", 5, reference="x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        county.label = "x"  # type: ignore[misc]


@pytest.mark.clause("2.1.2", "2.1.6.1")
def test_a_parameter_above_its_ceiling_is_refused() -> None:
    """A standard set above the county (its ``ceiling``) cannot be declared above itself either."""
    base = xj.law.DEFAULT_PARAMETERS.get("class_size_limit_junior", dt.date(2020, 1, 1))
    assert base.ceiling == 50
    with pytest.raises(xj.InvalidInput, match=r"Parameter\.value"):
        attrs.evolve(base, value=51)
    with pytest.raises(xj.InvalidInput):
        attrs.evolve(base, ceiling=float("nan"))
    assert xj.law.DEFAULT_PARAMETERS.get("transfer_workdays", dt.date(2020, 1, 1)).ceiling is None


def test_month_day_rejects_impossible_days() -> None:
    with pytest.raises(xj.InvalidInput):
        xj.law.MonthDay(2, 30)
    assert str(xj.law.MonthDay(9, 30)) == "9-30"


def test_calendar_data_missing_names_the_year_and_how_to_add_it() -> None:
    after = xj.CalendarDataMissing(2027, first=2004, last=2026)
    assert after.year == 2027
    assert "2027" in str(after)
    assert "with_year" in str(after)
    assert "provisional" in str(after)
    before = xj.CalendarDataMissing(2003, first=2004, last=2026)
    assert "2003" in str(before)
    assert "起始年" in str(before)
    assert "provisional" not in str(before)  # nothing to estimate before the data begins
