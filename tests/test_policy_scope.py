"""适用范围 Scope (clauses 8.4, 8.5): acts not covered and foreign / HK / Macao / Taiwan students."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.policy import evaluate
from liangshan_xueji.policy.registration import Delete, ImportPhoto
from liangshan_xueji.policy.scope import (
    HIGHER_RULES,
    Origin,
    evaluate_in_scope,
    origin_of,
    scope_decision,
)
from liangshan_xueji.records.models import IdentityNumber, Sex, Student, StudentNumber
from liangshan_xueji.records.status import Promote, Retain
from lifecycle_strategies import context, grade, record, school, student

A = school("A1")
DAY = dt.date(2021, 3, 1)


def permit_holder(region: str) -> Student:
    """A student whose 港澳台居民居住证 number starts with ``region``."""
    ident = IdentityNumber.build(region, dt.date(2012, 1, 1), 11)
    return Student(
        name="陈大文", sex=ident.sex, birth_date=ident.birth_date, ethnicity="汉族",
        identity_number=ident, student_number=StudentNumber.from_identity(ident),
        household_registration="", address="",
    )  # fmt: skip


def j_student() -> Student:
    return Student(
        name="John", sex=Sex.MALE, birth_date=dt.date(2012, 1, 1), ethnicity="其他",
        identity_number=None, student_number=StudentNumber("J000000000000000017"),
        household_registration="", address="",
    )  # fmt: skip


def clauses_of(decision: object) -> set[str]:
    return {r.clause for r in decision.reasons}  # type: ignore[attr-defined]


@pytest.mark.clause("8.4")
def test_acts_this_regulation_does_not_cover_follow_the_national_rules() -> None:
    """“本《规定》中没有涉及的业务操作，按《学籍管理办法》、《全国中小学学籍信息管理系统操作手册》及教育部、
    省教育厅相关规定执行。”"""
    r = record(grade(3), A)
    decision = scope_decision(r, "学籍号合并")
    assert not decision.allowed and clauses_of(decision) == {"8.4"}
    assert "学籍管理办法" in decision.reasons[0].zh and "操作手册" in HIGHER_RULES
    covered = scope_decision(r, Promote(student=r.student.student_number))
    assert covered.allowed and clauses_of(covered) == {"8.4"}  # never a silent allow
    assert scope_decision(r, "registration").allowed and scope_decision(r, Delete).allowed


@pytest.mark.clause("8.4")
def test_the_regulation_holds_from_its_date_of_issue() -> None:
    """“本《规定》于发文之日起执行。”"""
    r = record(grade(3), A)
    assert scope_decision(r, ImportPhoto, on=dt.date(2016, 8, 11)).allowed
    before = scope_decision(r, ImportPhoto, on=dt.date(2016, 8, 10))
    assert not before.allowed and any("2016-08-11" in x.zh for x in before.reasons)


@pytest.mark.clause("8.5")
@pytest.mark.parametrize(
    ("region", "origin"),
    [("810000", Origin.HONG_KONG), ("820000", Origin.MACAO), ("710000", Origin.TAIWAN)],
)
def test_hong_kong_macao_and_taiwan_students_follow_the_ministrys_rules(
    region: str, origin: Origin
) -> None:
    """“外籍学生和港澳台学生学籍管理，按照教育部、省教育厅相关规定执行。”"""
    s = permit_holder(region)
    assert origin_of(s) is origin
    decision = scope_decision(s, ImportPhoto)
    assert not decision.allowed and clauses_of(decision) == {"8.5"}
    assert origin.value in decision.reasons[0].zh and "教育部" in decision.reasons[0].zh


@pytest.mark.clause("8.5")
def test_foreign_students_and_unknown_j_students() -> None:
    assert origin_of(student()) is Origin.MAINLAND
    assert origin_of(j_student()) is None
    unknown = scope_decision(j_student(), ImportPhoto)
    assert not unknown.allowed and clauses_of(unknown) == {"8.5"} and "J" in unknown.reasons[0].zh
    foreign = scope_decision(j_student(), ImportPhoto, origin=Origin.FOREIGN)
    assert not foreign.allowed and "外籍" in foreign.reasons[0].zh
    assert scope_decision(j_student(), ImportPhoto, origin=Origin.MAINLAND).allowed
    with pytest.raises(InvalidInput):
        scope_decision(j_student(), ImportPhoto, origin="外籍")  # type: ignore[arg-type]


@pytest.mark.clause("8.4", "8.5")
def test_scope_comes_before_the_rule() -> None:
    r = record(grade(3), A)
    ctx = context(DAY, A)
    event = Retain(student=r.student.student_number)
    assert evaluate_in_scope(r, event, ctx) == evaluate(r, event, ctx)
    hk = record(grade(3), A, student_=permit_holder("810000"))
    scoped = evaluate_in_scope(hk, Retain(student=hk.student.student_number), ctx)
    assert clauses_of(scoped) == {"8.5"}


def test_bad_scope_input() -> None:
    with pytest.raises(InvalidInput) as err:
        scope_decision("G5134", ImportPhoto)  # type: ignore[arg-type]
    assert err.value.where == "subject"
    with pytest.raises(InvalidInput) as err:
        scope_decision(student(), "  ")
    assert err.value.where == "act"
    with pytest.raises(InvalidInput):
        scope_decision(student(), ImportPhoto, on=dt.datetime(2021, 1, 1))  # type: ignore[arg-type]


@pytest.mark.clause("8.4", "8.5")
@given(
    who=st.sampled_from(["mainland", "810000", "710000", "j"]),
    origin=st.sampled_from([None, *Origin]),
    act=st.sampled_from(["registration", "promotion", "admission", "学籍号合并", "毕业证补发"]),
    day=st.dates(dt.date(2016, 8, 1), dt.date(2016, 8, 20)),
)
def test_scope_never_allows_silently(
    who: str, origin: Origin | None, act: str, day: dt.date
) -> None:
    s = {"mainland": student(), "j": j_student()}.get(who) or permit_holder(who)
    decision = scope_decision(s, act, origin=origin, on=day)
    assert decision.reasons  # allowed or not, it says why
    resolved = origin_of(s, origin)
    expected = (
        resolved is Origin.MAINLAND
        and act in ("registration", "promotion", "admission")
        and day >= dt.date(2016, 8, 11)
    )
    assert decision.allowed is expected
