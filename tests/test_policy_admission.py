"""招生管理 Admission (clause 3.2, with 1.4, 5.3.1, 6.1 and 6.2): scenarios and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.law.parameters import DEFAULT_PARAMETERS
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.policy.admission import (
    AdmissionMethod,
    Admit,
    CatchmentQuota,
    admission_grade,
)
from liangshan_xueji.policy.archives import ArchiveItem, CreateArchive
from liangshan_xueji.records.models import (
    Grade,
    Record,
    School,
    SchoolSystem,
    Stage,
    Status,
    TeachingMode,
)
from liangshan_xueji.records.serialization import from_json, to_json
from liangshan_xueji.records.status import Context, Graduate
from lifecycle_strategies import context, grade, record, school, student

SIX_THREE, FIVE_FOUR = SchoolSystem.SIX_THREE, SchoolSystem.FIVE_FOUR
GRADUATED_ON = dt.date(2021, 7, 1)
DAY = dt.date(2021, 9, 1)

P = school("P1", county="西昌市")  # primary and junior, 六三制, 二类模式
PY = school("PY", county="昭觉县", mode=TeachingMode.MODEL_ONE)
J = school("J1", stages=(Stage.JUNIOR,), county="西昌市")
J54 = school("J54", stages=(Stage.JUNIOR,), county="西昌市", system=FIVE_FOUR)
P54 = school("P54", stages=(Stage.PRIMARY,), county="西昌市", system=FIVE_FOUR)
JY = school("JY", stages=(Stage.JUNIOR,), county="昭觉县", mode=TeachingMode.MODEL_ONE)
JFAR = school("JF", stages=(Stage.JUNIOR,), county="会理市")
S = school("S1", stages=(Stage.SENIOR,), county="西昌市")
SFAR = school("SF", stages=(Stage.SENIOR,), county="会理市")
SY = school("SY", stages=(Stage.SENIOR,), county="美姑县", mode=TeachingMode.MODEL_ONE)
ALL = (P, PY, J, J54, P54, JY, JFAR, S, SFAR, SY)


def ctx(on: dt.date = DAY) -> Context:
    return context(on, *ALL)


def graduate(g: Grade, at: School = P, *, archive: bool = False) -> Record:
    """A record that graduated from ``g`` at ``at`` on 2021-07-01 (optionally with an archive)."""
    rec = record(
        g, at, student_=student(birth=dt.date(2009, 3, 5)), enrolled_on=dt.date(2020, 9, 1)
    )
    sn = rec.student.student_number
    if archive:
        rec = apply(
            rec,
            CreateArchive(student=sn, contents={ArchiveItem.BASIC_INFO, ArchiveItem.EVIDENCE}),
            ctx(dt.date(2020, 9, 20)),
        )
    return apply(rec, Graduate(student=sn), ctx(GRADUATED_ON))


def admit(rec: Record, school_code: str, **kw: object) -> Admit:
    fields: dict[str, object] = {
        "school_code": school_code,
        "class_name": "1班",
        "method": AdmissionMethod.UNIFIED,
        "arrived_on": DAY,
    }
    fields.update(kw)
    return Admit(student=rec.student.student_number, **fields)  # type: ignore[arg-type]


def clauses_of(decision: object) -> set[str]:
    return {r.clause for r in decision.reasons}  # type: ignore[attr-defined]


@pytest.mark.clause("3.2")
@pytest.mark.parametrize("method", list(AdmissionMethod))
def test_a_graduate_is_admitted_and_the_same_record_continues(method: AdmissionMethod) -> None:
    """“全国学籍系统招生操作技术上允许初、高中一年级新生采用统一招生和自主招生两种方式，从上一教育阶段毕业生中录取，
    直接接续原有学籍档案信息。”"""
    rec = graduate(grade(6))
    event = admit(rec, "J1", method=method)
    decision = evaluate(rec, event, ctx())
    assert decision.allowed, decision.explain()
    assert any(method.value in r.zh for r in decision.reasons)
    after = apply(rec, event, ctx())
    assert after.status is Status.ENROLLED and after.school_code == "J1"
    assert after.grade == Grade(Stage.JUNIOR, 1) and after.class_name == "1班"
    assert after.student == rec.student and after.enrolled_on == rec.enrolled_on
    assert after.history[: len(rec.history)] == rec.history
    assert isinstance(after.history[-1].event, Admit)
    junior = graduate(Grade(Stage.JUNIOR, 3), J)
    admitted = apply(junior, admit(junior, "S1", method=method), ctx())
    assert admitted.grade == Grade(Stage.SENIOR, 1) and admitted.school_code == "S1"


@pytest.mark.clause("3.2")
def test_only_graduates_of_the_previous_stage_are_admitted() -> None:
    """“从上一教育阶段毕业生中录取”"""
    enrolled = record(grade(6), P, enrolled_on=dt.date(2020, 9, 1))
    decision = evaluate(enrolled, admit(enrolled, "J1"), ctx())
    assert not decision.allowed and "3.2" in clauses_of(decision)
    senior_graduate = graduate(Grade(Stage.SENIOR, 3), S)
    decision = evaluate(senior_graduate, admit(senior_graduate, "S1"), ctx())
    assert not decision.allowed and any("高中毕业生" in r.zh for r in decision.reasons)


@pytest.mark.clause("3.2", "2.1.5")
def test_admission_enters_the_first_junior_year_without_skipping_a_year() -> None:
    """“初、高中一年级新生”: a graduate enters the next stage's first year under the admitting school's
    学制; never a skipped compulsory year (2.1.5: “保障学生完整接受 9 年义务教育”)."""
    six = graduate(grade(6))
    assert admission_grade(six, J) == Grade(Stage.JUNIOR, 1)  # year 7
    assert admission_grade(six, J54) == Grade(Stage.JUNIOR, 1, FIVE_FOUR)  # 五四制 初一, year 6
    after = apply(six, admit(six, "J54"), ctx())
    assert after.grade == Grade(Stage.JUNIOR, 1, FIVE_FOUR) and after.grade.year == 6
    five = graduate(Grade(Stage.PRIMARY, 5, FIVE_FOUR), P54)
    assert admission_grade(five, J54) == Grade(Stage.JUNIOR, 1, FIVE_FOUR)  # year 6
    assert admission_grade(five, J) is None  # 六三制 初一 is year 7: year 6 would be skipped
    decision = evaluate(five, admit(five, "J1"), ctx())
    assert not decision.allowed and "3.2" in clauses_of(decision)
    assert any("2.1.5" in r.zh for r in decision.reasons)


@pytest.mark.clause("3.2")
def test_cross_catchment_admission_is_held_to_the_countys_ratio() -> None:
    """“各县市要严格按照义务教育阶段学校划片招生、就近入学政策，逐年控制跨片区招收学生的比例”"""
    rec = graduate(grade(6))
    assert evaluate(rec, admit(rec, "J1", in_catchment=True), ctx()).allowed
    # The text sets no ratio: without the county's, a cross-catchment admission is allowed, and says
    # that the ratio was not checked.
    no_quota = evaluate(rec, admit(rec, "J1", in_catchment=False), ctx())
    assert no_quota.allowed and any("未核对比例" in r.zh for r in no_quota.reasons)

    def quota(admitted: int, cross: int) -> CatchmentQuota:
        return CatchmentQuota(
            county="西昌市", max_ratio=0.1, reference="西教〔2021〕1号", admitted=admitted,
            cross_area=cross,
        )  # fmt: skip

    within = evaluate(rec, admit(rec, "J1", in_catchment=False, quota=quota(99, 9)), ctx())
    assert within.allowed  # 10 of 100 = 10 %
    over = evaluate(rec, admit(rec, "J1", in_catchment=False, quota=quota(98, 9)), ctx())
    assert not over.allowed and any("西教〔2021〕1号" in r.zh for r in over.reasons)  # 10 of 99
    with pytest.raises(InvalidInput) as err:
        evaluate(rec, admit(rec, "JF", in_catchment=False, quota=quota(99, 9)), ctx())
    assert err.value.where == "Admit.quota.county"


@pytest.mark.clause("3.2")
def test_catchment_is_read_from_the_household_county_when_not_given() -> None:
    rec = graduate(grade(6))  # 户籍 四川省凉山州西昌市
    near = evaluate(rec, admit(rec, "J1"), ctx())
    assert near.allowed and not any("跨片区" in r.zh for r in near.reasons)
    far = evaluate(rec, admit(rec, "JF"), ctx())
    assert far.allowed and any("跨片区" in r.zh for r in far.reasons)
    q = CatchmentQuota(
        county="会理市", max_ratio=0.0, reference="会教〔2021〕2号", admitted=5, cross_area=0
    )
    refused = evaluate(
        rec, admit(rec, "JF", quota=q), ctx()
    )  # the county's ratio, when given, holds
    assert not refused.allowed and "3.2" in clauses_of(refused)


@pytest.mark.clause("3.2")
def test_catchment_is_decided_by_the_household_region_code_never_the_text() -> None:
    """3.2's 划片招生: the 户籍 region code (行政区划代码), not a county name found in the 户籍 text."""
    import attrs

    def with_student(rec: Record, **changes: object) -> Record:
        return attrs.evolve(rec, student=attrs.evolve(rec.student, **changes))

    rec = graduate(grade(6))  # ID number issued in 西昌市 (513401); 户籍 text 四川省凉山州西昌市
    # The text names 会理市 but the codes say 西昌市: the codes decide (the substring match said "near").
    text_only = with_student(rec, household_registration="会理市鹿厂镇")
    assert not any(
        "跨片区" in r.zh for r in evaluate(text_only, admit(text_only, "J1"), ctx()).reasons
    )
    assert any("跨片区" in r.zh for r in evaluate(text_only, admit(text_only, "JF"), ctx()).reasons)
    # An explicit 户籍 code wins over the ID number's (the region of issue, not the current 户籍).
    moved = with_student(rec, household_region="513402")
    assert any("跨片区" in r.zh for r in evaluate(moved, admit(moved, "J1"), ctx()).reasons)
    assert not any("跨片区" in r.zh for r in evaluate(moved, admit(moved, "JF"), ctx()).reasons)
    # 会理县's former code 513425 (ID numbers issued before 2021) is 会理市.
    old = graduate(grade(6))
    old = with_student(old, household_region="513425")
    assert not any("跨片区" in r.zh for r in evaluate(old, admit(old, "JF"), ctx()).reasons)
    # A code outside the prefecture is outside the county; the quota then holds.
    q = CatchmentQuota(
        county="西昌市", max_ratio=0.0, reference="西教〔2021〕1号", admitted=5, cross_area=0
    )
    chengdu = with_student(rec, household_region="510104")
    assert not evaluate(chengdu, admit(chengdu, "J1", quota=q), ctx()).allowed
    # The prefecture's own code cannot place the county: never a refusal on a guess, and it says so.
    vague = with_student(rec, household_region="513400")
    undecided = evaluate(vague, admit(vague, "J1", quota=q), ctx())
    assert undecided.allowed and any("未能核对" in r.zh for r in undecided.reasons)
    assert any("按户籍地行政区划代码" in r.zh for r in undecided.reasons)


def test_the_household_region_code_is_validated() -> None:
    import attrs

    rec = graduate(grade(6))
    for bad in ("51340", "5134011", "990101", "５１３４０１", 513401):
        with pytest.raises(InvalidInput) as err:
            attrs.evolve(rec.student, household_region=bad)
        assert err.value.where == "Student.household_region"
    assert rec.student.household_region_code == ("513401", True)
    assert attrs.evolve(rec.student, household_region="513402").household_region_code == (
        "513402",
        False,
    )


@pytest.mark.clause("3.2")
def test_senior_cross_area_admission_needs_the_prefectures_approval() -> None:
    """“普通高中实行属地招生原则……未经州教育局批准，不得跨区域招生。”"""
    rec = graduate(Grade(Stage.JUNIOR, 3), J)
    assert evaluate(rec, admit(rec, "S1"), ctx()).allowed
    refused = evaluate(rec, admit(rec, "SF"), ctx())
    assert not refused.allowed and any("州教育局批准" in r.zh for r in refused.reasons)
    assert any("转学" in r.zh for r in refused.reasons)  # the family-move route is named
    approved = evaluate(rec, admit(rec, "SF", prefecture_approval="凉教招〔2021〕9号"), ctx())
    assert approved.allowed


@pytest.mark.clause("1.4", "3.2")
def test_junior_and_senior_first_years_register_on_actual_arrival() -> None:
    """“小学起始年级、初一、高一原则上按学生实际到校报到注册学籍，不得抢先注册。”"""
    rec = graduate(grade(6))
    assert "1.4" in clauses_of(evaluate(rec, admit(rec, "J1", arrived_on=None), ctx()))
    early = evaluate(rec, admit(rec, "J1", arrived_on=DAY + dt.timedelta(days=2)), ctx())
    assert not early.allowed and any("抢先" in r.zh for r in early.reasons)


@pytest.mark.clause("6.1", "3.2")
def test_model_one_junior_takes_non_model_one_graduates_only_by_test() -> None:
    """“小学非一类模式学校毕业生升入初中一类模式学校,必须按照相关规定通过检测择优录取。”"""
    rec = graduate(grade(6))  # from 二类模式 P1
    refused = evaluate(rec, admit(rec, "JY", in_catchment=True), ctx())
    assert not refused.allowed and "6.1" in clauses_of(refused)
    passed = evaluate(rec, admit(rec, "JY", in_catchment=True, passed_model_one_test=True), ctx())
    assert passed.allowed
    own = graduate(grade(6), PY)  # from a 一类模式 primary: no test needed
    assert evaluate(own, admit(own, "JY", in_catchment=True), ctx()).allowed


@pytest.mark.clause("6.2", "3.2")
def test_model_one_senior_registers_only_after_the_roster_is_approved() -> None:
    """“将录取的一类模式高一年级新生名册和中考成绩汇总表报州教育局民族教育科……审核通过后方能注册学籍。”"""
    rec = graduate(Grade(Stage.JUNIOR, 3), JY)
    refused = evaluate(rec, admit(rec, "SY", in_catchment=True), ctx())
    assert not refused.allowed and "6.2" in clauses_of(refused)
    ok = admit(rec, "SY", in_catchment=True, model_one_roster_approval="凉教民〔2021〕5号")
    assert evaluate(rec, ok, ctx()).allowed


@pytest.mark.clause("5.3.1", "3.2")
def test_an_admission_starts_the_archives_move() -> None:
    """“学生转学或在基础教育阶段升学时，学籍档案应当转至转入学校或升入学校”: the admission says so, with
    no deadline — 5.3.1 sets the move none (until issue 15 item 7 it got clause 5's one month) — unless
    the caller sets ``archive_move_months``."""
    rec = graduate(grade(6), archive=True)
    decision = evaluate(rec, admit(rec, "J1"), ctx())
    assert decision.allowed and decision.deadline is None
    assert "5.3.1" in clauses_of(decision)
    params = DEFAULT_PARAMETERS.override("archive_move_months", 1, reference="县教育局要求（测试）")
    with_period = evaluate(rec, admit(rec, "J1"), context(DAY, *ALL, parameters=params))
    assert with_period.deadline is not None and with_period.deadline.clause == "5.3.1"
    assert with_period.deadline.due == dt.date(2021, 10, 1)
    no_archive = evaluate(
        graduate(grade(6)), admit(rec, "J1"), context(DAY, *ALL, parameters=params)
    )
    assert no_archive.deadline is None  # no archive, nothing to move


@pytest.mark.clause("5.3.1", "5.3.3", "3.2")
def test_an_admission_names_the_county_authority_holding_the_archive() -> None:
    """A graduate of a closed school (5.3.3: its archive at the county authority) is admitted: the
    admitting school takes the archive back from the authority (ReclaimArchive); no graduating school
    is told to keep a backup."""
    from liangshan_xueji.policy.archives import archive_state, close_school_archives

    rec = graduate(grade(6), archive=True)
    _, (closed,) = close_school_archives([rec], P, ctx(dt.date(2021, 8, 20)))
    state = archive_state(closed)
    assert state is not None and state.held_by_county
    decision = evaluate(closed, admit(closed, "J1"), ctx())
    assert decision.allowed
    (note,) = [r for r in decision.reasons if r.clause == "5.3.1"]
    assert "ReclaimArchive" in note.zh and "西昌市" in note.zh and "备份" not in note.zh


@pytest.mark.clause("3.2", "1.4", "6.1")
def test_an_admission_refusal_lists_every_reason() -> None:
    enrolled = record(grade(6), P, enrolled_on=dt.date(2020, 9, 1))
    decision = evaluate(enrolled, admit(enrolled, "JY", arrived_on=None), ctx())
    assert {"3.2", "1.4", "6.1"} <= clauses_of(decision)


def test_bad_admission_input() -> None:
    with pytest.raises(InvalidInput) as err:
        CatchmentQuota(county="西昌市", max_ratio=0.1, reference="x", admitted=1, cross_area=2)
    assert err.value.where == "CatchmentQuota.cross_area"
    with pytest.raises(InvalidInput) as err:
        CatchmentQuota(county="西昌市", max_ratio=1.5, reference="x", admitted=1, cross_area=0)
    assert err.value.where == "CatchmentQuota.max_ratio" and "比例" in err.value.zh
    rec = graduate(grade(6))
    with pytest.raises(InvalidInput):
        admit(rec, "J1", method="统一招生")
    with pytest.raises(InvalidInput) as err:
        evaluate(rec, admit(rec, "S1"), ctx())  # a senior school has no junior grades
    assert err.value.where == "school_code"


@pytest.mark.clause("3.2")
def test_an_admitted_record_round_trips_through_json() -> None:
    rec = graduate(grade(6))
    q = CatchmentQuota(county="西昌市", max_ratio=0.2, reference="r", admitted=10, cross_area=1)
    after = apply(rec, admit(rec, "J1", in_catchment=False, quota=q), ctx())
    assert from_json(to_json(after), Record) == after


_GRADUATES = st.sampled_from(
    [
        (grade(6), P),
        (Grade(Stage.PRIMARY, 5, FIVE_FOUR), P54),
        (Grade(Stage.JUNIOR, 3), J),
        (Grade(Stage.JUNIOR, 4, FIVE_FOUR), J54),
        (Grade(Stage.SENIOR, 3), S),
    ]
)


@pytest.mark.clause("3.2")
@given(
    graduate_at=_GRADUATES,
    target=st.sampled_from(ALL),
    in_catchment=st.booleans(),
    approval=st.sampled_from([None, "批"]),
    tested=st.booleans(),
)
def test_an_admission_continues_the_record_one_year_up_or_changes_nothing(
    graduate_at: tuple[Grade, School],
    target: School,
    in_catchment: bool,
    approval: str | None,
    tested: bool,
) -> None:
    """An admission never makes a new record, never lowers or skips a year, enters the next stage's
    first year, and a refusal changes nothing; an allowed one keeps the whole history."""
    g, at = graduate_at
    rec = graduate(g, at)
    event = admit(
        rec, target.code, in_catchment=in_catchment, prefecture_approval=approval,
        passed_model_one_test=tested, model_one_roster_approval=approval,
    )  # fmt: skip
    try:
        decision = evaluate(rec, event, ctx())
    except InvalidInput:
        assert admission_grade(rec, target) is not None and not target.offers(
            admission_grade(rec, target)  # type: ignore[arg-type]
        )
        return
    if not decision.allowed:
        assert decision.reasons
        return
    after = apply(rec, event, ctx())
    assert after.student.key == rec.student.key
    assert rec.grade.year <= after.grade.year <= rec.grade.year + 1
    assert after.grade.number == 1 and after.grade.stage is not rec.grade.stage
    assert after.grade.stage is not rec.grade.stage
    assert after.history[:-1] == rec.history and after.status is Status.ENROLLED
