"""学籍管理员 Registrars (clauses 7.1–7.3): logins, certification, forbidden operations, 附表4."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.forms import DataSecurityPledgeForm, OrgLevel, Signature
from liangshan_xueji.forms.f4 import pledge_coverage
from liangshan_xueji.law.parameters import DEFAULT_PARAMETERS
from liangshan_xueji.policy import evaluate
from liangshan_xueji.policy.registrars import (
    RegistrarProfile,
    evaluate_request,
    login_decision,
    login_shortfalls,
    registrar_qualified,
)
from liangshan_xueji.policy.registration import ImportPhoto
from liangshan_xueji.records.models import Grade, Stage
from liangshan_xueji.records.status import Demote, Retain, TransferRequest
from lifecycle_strategies import TRANSFER_KEYS, context, grade, record, school

MONDAY = dt.date(2021, 3, 1)  # a Monday
SUNDAY = MONDAY + dt.timedelta(days=6)


def day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


@pytest.mark.clause("7.3")
def test_registrars_log_in_at_least_twice_a_week() -> None:
    """“各级学籍管理员平时应每周至少登录2次学籍系统，及时处理待办业务。”"""
    log = [
        ("王老师", dt.datetime(2021, 3, 1, 8, 30)),
        ("王老师", day(4)),  # week 1: twice
        ("王老师", day(9)),  # week 2: once
        ("李老师", day(0)),
        ("李老师", day(0)),  # two logins on one day count twice
    ]
    short = login_shortfalls(
        log, start=MONDAY, end=day(13), registrars=["王老师", "李老师", "张老师"]
    )
    assert [(s.registrar, s.week_start, s.logins) for s in short] == [
        ("王老师", day(7), 1),
        ("李老师", day(7), 0),
        ("张老师", MONDAY, 0),
        ("张老师", day(7), 0),
    ]
    assert all(s.required == 2 and s.week_end - s.week_start == dt.timedelta(days=6) for s in short)
    decision = login_decision(log, "王老师", start=MONDAY, end=day(13))
    assert not decision.allowed and [r.clause for r in decision.reasons] == ["7.3"]
    assert login_decision(log, "王老师", start=MONDAY, end=SUNDAY).allowed


@pytest.mark.clause("7.3")
def test_a_week_runs_monday_to_sunday_and_only_whole_weeks_are_judged() -> None:
    log = [("王老师", SUNDAY), ("王老师", day(7))]  # a Sunday and the next Monday: two weeks
    assert len(login_shortfalls(log, start=MONDAY, end=day(13))) == 2
    assert login_shortfalls(log, start=day(2), end=day(8)) == ()  # no whole week inside
    exempt = login_shortfalls(log, start=MONDAY, end=day(13), exempt_weeks=[day(3)])
    assert [s.week_start for s in exempt] == [day(7)]


@pytest.mark.clause("7.3")
def test_a_county_may_ask_for_more_logins() -> None:
    params = DEFAULT_PARAMETERS.override("registrar_logins_per_week", 3, reference="某县规定")
    log = [("王老师", MONDAY), ("王老师", day(2))]
    assert login_decision(log, "王老师", start=MONDAY, end=SUNDAY).allowed
    assert not login_decision(log, "王老师", start=MONDAY, end=SUNDAY, parameters=params).allowed


def test_bad_login_logs() -> None:
    with pytest.raises(InvalidInput) as err:
        login_shortfalls([("王老师", "2021-03-01")], start=MONDAY, end=SUNDAY)  # type: ignore[list-item]
    assert err.value.where == "log[0]"
    with pytest.raises(InvalidInput):
        login_shortfalls([("", MONDAY)], start=MONDAY, end=SUNDAY)
    with pytest.raises(InvalidInput):
        login_shortfalls([], start=SUNDAY, end=MONDAY)
    with pytest.raises(InvalidInput):
        login_shortfalls("王老师", start=MONDAY, end=SUNDAY)  # type: ignore[arg-type]


@given(
    logins=st.lists(
        st.tuples(st.sampled_from(["甲", "乙"]), st.integers(0, 40), st.integers(0, 23)),
        max_size=40,
    ),
    start=st.integers(0, 6),
    length=st.integers(0, 40),
)
@pytest.mark.clause("7.3")
def test_a_week_is_short_exactly_when_it_has_fewer_than_two_logins(
    logins: list[tuple[str, int, int]], start: int, length: int
) -> None:
    log = [(who, dt.datetime.combine(day(d), dt.time(h))) for who, d, h in logins]
    first, last = day(start), day(start + length)
    short = {
        (s.registrar, s.week_start)
        for s in login_shortfalls(log, start=first, end=last, registrars=["甲", "乙"])
    }
    for who in ("甲", "乙"):
        for w in range(8):
            monday = day(7 * w)
            whole = first <= monday and monday + dt.timedelta(days=6) <= last
            n = sum(1 for x, d, _h in logins if x == who and d // 7 == w)
            assert ((who, monday) in short) == (whole and n < 2)


@pytest.mark.clause("7.2")
def test_registrars_are_certified_and_trained_before_they_work() -> None:
    """“各县市应建立学籍管理员持证上岗制度，保证学籍管理员至少接受一次学籍系统运用管理培训”"""
    novice = RegistrarProfile(registrar="王老师")
    decision = registrar_qualified(novice, MONDAY)
    assert not decision.allowed and len(decision.reasons) == 2
    trained = RegistrarProfile(
        registrar="王老师", certified_on=dt.date(2020, 6, 1), trainings=(dt.date(2020, 5, 1),),
    )  # fmt: skip
    ok = registrar_qualified(trained, MONDAY)
    assert ok.allowed and any("备案" in r.zh for r in ok.reasons)
    assert registrar_qualified(attrs.evolve(trained, filed=True), MONDAY).reasons == ()
    assert not registrar_qualified(trained, dt.date(2020, 5, 15)).allowed  # not yet certified
    with pytest.raises(InvalidInput):
        RegistrarProfile(registrar="王老师", trainings=("2020-05-01",))


@pytest.mark.clause("7.2", "2.3")
def test_forbidden_operations_are_refused_whoever_asks() -> None:
    """“学籍管理人员要严格执行各级教育主管部门的相关规定，严禁擅自处理如义务教育阶段学生留级、违规转学等业务。”"""
    a = school("A1")
    ctx = context(dt.date(2021, 9, 1), a, school("B1"))
    rec = record(grade(4), a, enrolled_on=dt.date(2018, 9, 1))
    sn = rec.student.student_number
    for event in (Retain(student=sn), Demote(student=sn)):
        plain = evaluate(rec, event, ctx)
        asked = evaluate_request(rec, event, ctx, requested_by="县教育局")
        assert not asked.allowed and "7.2" in {r.clause for r in asked.reasons}
        assert set(plain.reasons) <= set(asked.reasons)
    graduating = record(grade(6), a, enrolled_on=dt.date(2016, 9, 1))
    irregular = TransferRequest(
        student=graduating.student.student_number, to_school="B1", to_class="1班",
        materials=TRANSFER_KEYS,
    )  # fmt: skip
    decision = evaluate_request(graduating, irregular, ctx, requested_by="校长")
    assert not decision.allowed and {"2.1.6.3", "7.2"} <= {r.clause for r in decision.reasons}
    assert any("校长" in r.zh for r in decision.reasons)


@pytest.mark.clause("7.2")
def test_an_uncertified_registrar_does_not_act() -> None:
    a = school("A1")
    ctx = context(dt.date(2021, 9, 1), a)
    rec = record(Grade(Stage.PRIMARY, 2), a, enrolled_on=dt.date(2020, 9, 1))
    event = ImportPhoto(student=rec.student.student_number)
    assert evaluate_request(rec, event, ctx).allowed
    decision = evaluate_request(rec, event, ctx, registrar=RegistrarProfile(registrar="新人"))
    assert not decision.allowed and {r.clause for r in decision.reasons} == {"7.2"}


def pledge(
    org: str, level: OrgLevel, *, signed: bool = True, on: dt.date = MONDAY
) -> DataSecurityPledgeForm:
    return DataSecurityPledgeForm(
        org_name=org, level=level, sealed=signed,
        responsible_signature=Signature(signed=signed), signed_on=on,
    )  # fmt: skip


@pytest.mark.clause("7.1", "F4")
def test_the_pledge_is_signed_at_every_level() -> None:
    """“要建立严格的内部牵制监督制度,层层签订《全国中小学生学籍信息管理系统数据管理安全承诺书》(附表4)”"""
    a, b = school("A1"), school("B1", county="会理市")
    forms = [
        pledge("凉山州教育局", OrgLevel.PREFECTURE),
        pledge("西昌市教育局", OrgLevel.COUNTY),
        pledge("会理市教育和体育局", OrgLevel.COUNTY),
        pledge(a.name, OrgLevel.SCHOOL),
        pledge(f"某学校（{b.code}）", OrgLevel.SCHOOL),
    ]
    counties = ["西昌市", "会理市"]
    assert pledge_coverage(forms, counties=counties, schools=[a, b]).allowed
    missing = pledge_coverage(forms[:2] + forms[3:4], counties=counties, schools=[a, b])
    assert not missing.allowed
    assert [r.zh[:3] for r in missing.reasons] == ["会理市", "学校B"]
    unsigned = [*forms[:4], pledge(f"某学校（{b.code}）", OrgLevel.SCHOOL, signed=False)]
    assert not pledge_coverage(unsigned, counties=counties, schools=[a, b]).allowed
    late = pledge_coverage(
        forms, counties=counties, schools=[a, b], on=MONDAY - dt.timedelta(days=1)
    )
    assert len(late.reasons) == 5
    with pytest.raises(InvalidInput):
        pledge_coverage(["凉山州教育局"], counties=[], schools=[])  # type: ignore[list-item]
