"""Readings of part 2 (学生学籍异动) that run: each test quotes a catalog note and proves it.

See tests/readings/test_part1.py for what a reading test is.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from liangshan_xueji import (
    Grade,
    Record,
    SchoolSystem,
    Stage,
    Status,
    TransferAct,
    TransferParty,
    TransferRequest,
    apply,
    audit,
    evaluate,
)
from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.events import (
    DepartureReason,
    ExtendSuspension,
    MarkDropout,
    OtherDeparture,
    Resume,
    Retain,
    ReturnToSchool,
    Suspend,
)
from liangshan_xueji.law.parameters import DEFAULT_PARAMETERS
from liangshan_xueji.models import SeniorCohort
from lifecycle_strategies import (
    EXTENSION_KEYS,
    RESUMPTION_KEYS,
    SUSPENSION_KEYS,
    TRANSFER_KEYS,
    context,
    grade,
    record,
    school,
)

ON = dt.date(2021, 3, 1)
A = school("P63A")
B = school("P63B", county="会理市")
F = school("P54A", system=SchoolSystem.FIVE_FOUR, county="德昌县")
F2 = school("P54B", system=SchoolSystem.FIVE_FOUR, county="宁南县")
CTX = context(ON, A, B, F, F2)


def transfer(rec: Record, to: str, **kw: object) -> TransferRequest:
    fields: dict[str, object] = {"to_class": "1班", "materials": TRANSFER_KEYS, **kw}
    return TransferRequest(student=rec.student.student_number, to_school=to, **fields)  # type: ignore[arg-type]


def suspended(rec: Record, on: dt.date = ON) -> Record:
    event = Suspend(
        student=rec.student.student_number,
        materials=SUSPENSION_KEYS,
        advised_rest_months=3,
        school_agrees=True,
        authority_approves=True,
        filed_with_prefecture=True,  # needed only in a graduation year (2.2.5)
    )
    return apply(rec, event, context(on, A, B))


@pytest.mark.reading("2.1")
def test_2_1_the_receiving_school_starts_a_transfer_with_form_1() -> None:
    """转学由转入学校发起；省内转学的“纸质转学申请表”按 2.1.1 读作上传的附表1"""
    rec = record(grade(3), A)
    started = apply(rec, transfer(rec, B.code), CTX)
    assert started.transfer is not None and started.school_code == A.code  # B has started it
    no_form = evaluate(rec, transfer(rec, B.code, materials={"basic_info_sheet"}), CTX)
    assert [m.key for m in no_form.missing_materials] == ["F1"]


@pytest.mark.reading("2.1.1")
def test_2_1_1_two_materials_and_both_schools_consent() -> None:
    """所需材料只有学籍基本信息表和附表1，不要求其他材料；须双方学校同意。"""
    rec = record(grade(3), A)
    assert evaluate(rec, transfer(rec, B.code), CTX).allowed  # these two, nothing more
    started = apply(rec, transfer(rec, B.code), CTX)
    sn = rec.student.student_number
    no = TransferAct(student=sn, party=TransferParty.SENDING_SCHOOL, approve=False)
    closed = apply(started, no, CTX)
    assert closed.transfer is None and closed.school_code == A.code  # the sending school said no


@pytest.mark.reading("2.1.3")
def test_2_1_3_a_suspended_student_resumes_before_a_transfer() -> None:
    """休学学生须先复学，复学完成后才可发起转学（另见 2.1.6.4）"""
    off = suspended(record(grade(4), A), dt.date(2020, 2, 1))  # the year is over on ON
    assert "2.1.3" in evaluate(off, transfer(off, B.code), CTX).clause_ids
    back = Resume(
        student=off.student.student_number,
        materials=RESUMPTION_KEYS,
        school_agrees=True,
        authority_approves=True,
    )
    resumed = apply(off, back, CTX)
    assert evaluate(resumed, transfer(resumed, B.code), CTX).allowed


@pytest.mark.reading("2.1.4")
def test_2_1_4_ten_working_days_inside_and_the_provinces_period_outside() -> None:
    """10 个工作日自触发操作的次日起算，当日不计；跨市州、跨省转学“按照省教育厅相关规定执行”，
    其时限是没有默认值的参数 cross_prefecture_transfer_workdays：调用方设定（并注明依据）前
    不设期限、不报逾期"""
    rec = record(grade(3), A)
    inside = evaluate(rec, transfer(rec, B.code), CTX)  # Monday 2021-03-01, not counted
    assert inside.deadline is not None and inside.deadline.due == dt.date(2021, 3, 15)
    chengdu = school("X63", county="武侯区", prefecture="成都市")
    out = context(ON, A, chengdu)
    assert evaluate(rec, transfer(rec, chengdu.code), out).deadline is None
    opened = apply(rec, transfer(rec, chengdu.code), out)
    assert opened.transfer is not None and opened.transfer.due is None
    assert not [f for f in audit([opened], out.at(dt.date(2022, 3, 1))) if f.clause == "2.1.4"]
    params = DEFAULT_PARAMETERS.override(
        "cross_prefecture_transfer_workdays", 10, reference="省教育厅规定（示例）"
    )
    set_ = context(ON, A, chengdu, parameters=params)
    assert evaluate(rec, transfer(rec, chengdu.code), set_).deadline is not None
    late = [f for f in audit([opened], set_.at(dt.date(2022, 3, 1))) if f.clause == "2.1.4"]
    assert [f.due for f in late] == [dt.date(2021, 3, 15)]


@pytest.mark.reading("2.1.5")
def test_2_1_5_six_three_and_five_four_share_years_1_to_9() -> None:
    """六三制与五四制都映射到义务教育第 1–9 年，转学前后的年份须相同"""
    assert Grade.from_year(7, SchoolSystem.SIX_THREE) == Grade(Stage.JUNIOR, 1)
    assert Grade.from_year(7, SchoolSystem.FIVE_FOUR) == Grade(
        Stage.JUNIOR, 2, SchoolSystem.FIVE_FOUR
    )
    rec = record(grade(3), A)
    assert "2.1.5" in evaluate(rec, transfer(rec, B.code, to_grade=grade(4)), CTX).clause_ids


@pytest.mark.reading("2.1.6")
def test_2_1_6_in_principle_not_is_a_refusal_listing_every_case() -> None:
    """“原则上不得”读作拒绝，并列出所有适用的情形"""
    off = suspended(record(grade(6), A), dt.date(2020, 9, 1))  # 毕业年级, and 休学
    decision = evaluate(off, transfer(off, B.code), CTX)
    assert not decision.allowed
    assert {"2.1.6.3", "2.1.6.4"} <= decision.clause_ids


@pytest.mark.reading("2.1.6.1")
def test_2_1_6_1_the_building_standard_and_cannot_decide_without_the_size() -> None:
    """班级人数已达标准即拒绝；拟转入班级的班额未知时无法判断，须提供班额，不同于按规则拒绝
    (primary 45, junior and senior 50)"""
    rec = record(grade(3), A)
    assert evaluate(rec, transfer(rec, "P63B"), context(ON, A, school("P63B", size=44))).allowed
    full = evaluate(rec, transfer(rec, "P63B"), context(ON, A, school("P63B", size=45)))
    assert not full.allowed and not full.undecided and full.clause_ids == {"2.1.6.1"}
    unknown = evaluate(rec, transfer(rec, B.code, to_class="9班"), CTX)
    assert not unknown.allowed and unknown.undecided
    assert [r.needs for r in unknown.missing_facts] == ["class_size"]
    assert [
        DEFAULT_PARAMETERS.value(f"class_size_limit_{s}", ON) for s in ("junior", "senior")
    ] == [
        50,
        50,
    ]


@pytest.mark.reading("2.1.2")
def test_2_1_2_a_county_may_lower_the_standard_not_raise_it() -> None:
    """县可降低标准，不可提高：县定班额（学校的班额标准或参数覆盖）高于国家、省定标准即拒绝"""
    with pytest.raises(InvalidInput):
        DEFAULT_PARAMETERS.override("class_size_limit_primary", 46, reference="某县文件（测试）")
    with pytest.raises(InvalidInput):
        school("P63C", class_size_limit=46)
    lower = school("P63C", size=40, class_size_limit=40)
    rec = record(grade(3), A)
    assert "2.1.6.1" in evaluate(rec, transfer(rec, "P63C"), context(ON, A, lower)).clause_ids
    assert "oversize_class" not in DEFAULT_PARAMETERS.names()


@pytest.mark.reading("2.1.6.3")
def test_2_1_6_3_graduation_years_under_both_systems() -> None:
    """毕业年级为小学六年级、初中三年级、高中三年级；五四制读作小学五年级和初四（各自学段的最后一年）"""
    cases = [
        (grade(6), A, B, False),
        (grade(5), A, B, True),
        (Grade(Stage.PRIMARY, 5, SchoolSystem.FIVE_FOUR), F, F2, False),
        (Grade(Stage.JUNIOR, 3, SchoolSystem.SIX_THREE), A, B, False),
        (Grade(Stage.JUNIOR, 4, SchoolSystem.FIVE_FOUR), F, F2, False),
        (Grade(Stage.JUNIOR, 3, SchoolSystem.FIVE_FOUR), F, F2, True),
    ]
    for g, home, to, allowed in cases:
        rec = record(g, home)
        decision = evaluate(rec, transfer(rec, to.code), CTX)
        assert decision.allowed is allowed, (g, decision.explain())
        assert allowed or "2.1.6.3" in decision.clause_ids


@pytest.mark.reading("2.1.6.4")
def test_2_1_6_4_judged_by_the_current_status() -> None:
    """以记录当前状态是否为休学判断"""
    off = suspended(record(grade(4), A), dt.date(2020, 9, 1))
    assert off.status is Status.SUSPENDED
    assert "2.1.6.4" in evaluate(off, transfer(off, B.code), CTX).clause_ids
    assert evaluate(record(grade(4), A), transfer(record(grade(4), A), B.code), CTX).allowed


@pytest.mark.reading("2.1.6.5")
def test_2_1_6_5_a_transfer_into_a_lower_year_is_retention_or_demotion() -> None:
    """转入年份低于转出时的年份，即视为借转学留级或降级；转入更高年份由 2.1.5 拒绝"""
    rec = record(grade(8), A)
    lower = evaluate(rec, transfer(rec, B.code, to_grade=grade(7)), CTX)
    assert {"2.1.6.5", "2.1.5"} <= lower.clause_ids
    higher = evaluate(rec, transfer(rec, B.code, to_grade=grade(9)), CTX)
    assert higher.clause_ids == {"2.1.5"}


@pytest.mark.reading("2.2.1")
def test_2_2_1_three_months_included_and_each_missing_piece_listed() -> None:
    """“3个月以上”含恰好 3 个月；每缺一项证明材料都列入缺少的材料"""
    rec = record(grade(4), A)
    sn = rec.student.student_number

    def suspend(months: int, materials: frozenset[str] = SUSPENSION_KEYS) -> Suspend:
        return Suspend(
            student=sn,
            materials=materials,
            advised_rest_months=months,
            school_agrees=True,
            authority_approves=True,
        )

    assert evaluate(rec, suspend(3), CTX).allowed
    assert "2.2.1" in evaluate(rec, suspend(2), CTX).clause_ids
    short = evaluate(rec, suspend(3, SUSPENSION_KEYS - {"diagnosis", "payment_receipts"}), CTX)
    assert {m.key for m in short.missing_materials} == {"diagnosis", "payment_receipts"}


@pytest.mark.reading("2.2.2")
def test_2_2_2_resumption_needs_form_2_evidence_school_and_county() -> None:
    """复学须有附表2和复学证明材料（条文未列明其内容，库只核对已上传），经学校同意、县（州）教育主管部门核办"""
    off = suspended(record(grade(4), A), dt.date(2020, 2, 1))  # the year is over on ON
    sn = off.student.student_number

    def resume(**kw: object) -> Resume:
        fields: dict[str, object] = {
            "materials": RESUMPTION_KEYS,
            "school_agrees": True,
            "authority_approves": True,
            **kw,
        }
        return Resume(student=sn, **fields)  # type: ignore[arg-type]

    assert evaluate(off, resume(), CTX).allowed
    assert {"F2_resumption", "resumption_evidence"} == RESUMPTION_KEYS
    for missing in RESUMPTION_KEYS:
        lacking = evaluate(off, resume(materials=RESUMPTION_KEYS - {missing}), CTX)
        assert [m.key for m in lacking.missing_materials] == [missing]
    assert "2.2.2" in evaluate(off, resume(school_agrees=False), CTX).clause_ids
    assert "2.2.2" in evaluate(off, resume(authority_approves=False), CTX).clause_ids


@pytest.mark.reading("2.2.3")
def test_2_2_3_one_year_from_the_start_then_other_departure_is_allowed() -> None:
    """一年自休学生效日起算；期满未复学又未续休的，允许（而非强制）转为其他离校"""
    off = suspended(record(grade(4), A), dt.date(2020, 3, 2))
    assert off.suspension is not None and off.suspension.ends_on == dt.date(2021, 3, 2)
    leave = OtherDeparture(
        student=off.student.student_number,
        reason=DepartureReason.SUSPENSION_EXPIRED,
        guardian_contacted=True,
    )
    assert "2.2.3" in evaluate(off, leave, context(dt.date(2021, 3, 2), A)).clause_ids
    after = context(dt.date(2021, 3, 3), A)
    assert evaluate(off, leave, after).allowed  # allowed …
    back = Resume(
        student=off.student.student_number,
        materials=RESUMPTION_KEYS,
        school_agrees=True,
        authority_approves=True,
    )
    assert evaluate(off, back, after).allowed  # … not forced: the student may still resume


@pytest.mark.reading("2.2.4")
def test_2_2_4_an_extension_needs_a_diagnosis_and_the_school_only() -> None:
    """续休需新的县级以上诊断证明和学校同意；文本未要求主管部门审核"""
    off = suspended(record(grade(4), A), dt.date(2020, 3, 2))
    sn = off.student.student_number
    ctx = context(dt.date(2021, 2, 20), A)
    ok = ExtendSuspension(student=sn, materials=EXTENSION_KEYS, school_agrees=True)
    assert evaluate(off, ok, ctx).allowed  # no authority approval is asked for
    no_diagnosis = ExtendSuspension(
        student=sn, materials=EXTENSION_KEYS - {"diagnosis"}, school_agrees=True
    )
    assert [m.key for m in evaluate(off, no_diagnosis, ctx).missing_materials] == ["diagnosis"]
    no_school = ExtendSuspension(student=sn, materials=EXTENSION_KEYS, school_agrees=False)
    assert "2.2.4" in evaluate(off, no_school, ctx).clause_ids


@pytest.mark.reading("2.2.5")
def test_2_2_5_a_graduation_year_suspension_is_filed_with_the_prefecture() -> None:
    """毕业年级同 2.1.6.3；毕业年级休学另需州教育局备案"""
    six = record(grade(6), A)

    def suspend(rec: Record, filed: bool) -> Suspend:
        return Suspend(
            student=rec.student.student_number,
            materials=SUSPENSION_KEYS,
            advised_rest_months=3,
            school_agrees=True,
            authority_approves=True,
            filed_with_prefecture=filed,
        )

    assert "2.2.5" in evaluate(six, suspend(six, False), CTX).clause_ids
    assert evaluate(six, suspend(six, True), CTX).allowed
    five = record(grade(5), A)
    assert evaluate(five, suspend(five, False), CTX).allowed  # not a graduation year


@pytest.mark.reading("2.3")
def test_2_3_two_percent_per_cohort_on_the_students_application() -> None:
    """该级学生在其高中三年内的留级人数不得超过该级入学时人数的 2%（参数，向下取整）;
    高中留级须学生本人书面申请; 缺少该级数据时无法判断，须提供"""
    senior = school("S1", stages=(Stage.SENIOR,))
    on = dt.date(2021, 9, 15)  # school year 2021: a senior-3 student is of the 2019 cohort
    rec = record(Grade(Stage.SENIOR, 3), senior)
    sn = rec.student.student_number
    asked = Retain(student=sn, materials={"retention_application"})
    # 2019 cohort: 150 at entry, 2 % is 3; two retained out of senior 2 last year, one place left
    cohort = SeniorCohort(school_code="S1", entered=2019, size=150, retained=2)
    assert evaluate(rec, asked, context(on, senior, cohorts=[cohort])).allowed
    full = attrs.evolve(cohort, retained=3)
    assert not evaluate(rec, asked, context(on, senior, cohorts=[full])).allowed
    unasked = evaluate(rec, Retain(student=sn), context(on, senior, cohorts=[cohort]))
    assert [m.key for m in unasked.missing_materials] == ["retention_application"]
    assert evaluate(rec, asked, context(on, senior)).undecided  # no figures: cannot decide


@pytest.mark.reading("2.3")
def test_2_3_the_two_percent_may_be_lowered_never_raised() -> None:
    """2% 是规定的上限，该参数可以调低，不能调高"""
    lower = DEFAULT_PARAMETERS.override("senior_retention_cap", 0.01, reference="某县文件（测试）")
    assert lower.value("senior_retention_cap", dt.date(2021, 9, 15)) == 0.01
    with pytest.raises(InvalidInput, match=r"2\.3 规定的上限"):
        DEFAULT_PARAMETERS.override("senior_retention_cap", 0.03, reference="某县文件（测试）")
    with pytest.raises(InvalidInput):  # a county that lowered it cannot go past the 2 % either
        lower.override("senior_retention_cap", 0.021, reference="x")
    assert (
        lower.override("senior_retention_cap", 0.02, reference="x").value(
            "senior_retention_cap", dt.date(2021, 9, 15)
        )
        == 0.02
    )


@pytest.mark.reading("2.4.2")
def test_2_4_2_more_than_three_months_and_unreachable() -> None:
    """“超过 3 个月”不含恰好 3 个月，且须同时未告知原因、联系不上"""
    rec = record(grade(5), A)

    def absent(unreachable: bool = True) -> OtherDeparture:
        return OtherDeparture(
            student=rec.student.student_number,
            reason=DepartureReason.UNEXPLAINED_ABSENCE,
            absent_since=dt.date(2020, 3, 10),
            unreachable=unreachable,
        )

    assert "2.4.2" in evaluate(rec, absent(), context(dt.date(2020, 6, 10), A)).clause_ids
    assert evaluate(rec, absent(), context(dt.date(2020, 6, 11), A)).allowed
    reachable = evaluate(rec, absent(unreachable=False), context(dt.date(2020, 6, 11), A))
    assert "2.4.2" in reachable.clause_ids


@pytest.mark.reading("2.4.3")
def test_2_4_3_a_return_may_not_go_below_the_year_left() -> None:
    """“相应年级”读作离校时所在的年份，返校不得低于该年份"""
    rec = record(grade(7), A)
    away = apply(
        rec,
        MarkDropout(
            student=rec.student.student_number,
            family_reasons=True,
            mobilised=True,
            reported_in_writing=True,
        ),
        CTX,
    )
    ctx = context(dt.date(2021, 9, 1), A, B)
    sn = rec.student.student_number
    assert "2.4.3" in evaluate(away, ReturnToSchool(student=sn, grade=grade(6)), ctx).clause_ids
    assert evaluate(away, ReturnToSchool(student=sn, grade=grade(7)), ctx).allowed


@pytest.mark.reading("2.5")
def test_2_5_ten_working_days_from_the_proof_and_never_undone() -> None:
    """10 个工作日自学校取得证明之日的次日起算；死亡为终止状态，不可撤销"""
    from liangshan_xueji.events import Death, Suspend

    a = school("A1")
    rec = record(grade(5), a)
    sn = rec.student.student_number
    died = Death(
        student=sn,
        died_on=dt.date(2020, 9, 29),
        proof=True,
        proof_obtained_on=dt.date(2020, 10, 16),
    )
    decision = evaluate(rec, died, context(dt.date(2020, 10, 30), a))
    assert decision.deadline is not None
    assert (decision.deadline.start, decision.deadline.due) == (
        dt.date(2020, 10, 16),
        dt.date(2020, 10, 30),
    )
    dead = apply(rec, died, context(dt.date(2020, 10, 30), a))
    assert dead.status is Status.DECEASED
    later = evaluate(dead, Suspend(student=sn), context(dt.date(2020, 11, 2), a))
    assert not later.allowed and "2.5" in later.clause_ids


@pytest.mark.reading("2.4.1")
def test_2_4_1_a_migrant_dropouts_archive_is_due_on_the_last_day_of_the_term() -> None:
    """“每学期末”读作学期的最后一天
    (the 随迁子女 statement is the school's, on the 辍学 act; the archive goes to the 户籍's county.)"""
    from liangshan_xueji.events import CreateArchive, MigrantArchiveHandover
    from liangshan_xueji.policy.archives import ARCHIVE_OPENING_ITEMS
    from lifecycle_strategies import student

    rec = record(grade(5), A, student_=student(region="510108"))  # ID issued in 成都市成华区
    sn = rec.student.student_number
    rec = apply(rec, CreateArchive(student=sn, contents=frozenset(ARCHIVE_OPENING_ITEMS)), CTX)
    gone = MarkDropout(
        student=sn, explicitly_quit=True, reported_in_writing=True, migrant_child=True
    )
    rec = apply(rec, gone, CTX)  # 2021-03-01: the spring term, 2-11 … 8-10
    hand = MigrantArchiveHandover(student=sn, from_school=A.code, authority="成华区教育局")
    decision = evaluate(rec, hand, CTX)
    assert decision.deadline is not None and decision.deadline.due == dt.date(2021, 8, 10)


@pytest.mark.reading("2.4.1")
def test_2_4_1_a_returning_students_school_takes_the_archive_back() -> None:
    """转交后学生返校的，由其就读学校从该部门调回学籍档案（ReclaimArchive），不设期限"""
    from liangshan_xueji.events import CreateArchive, MigrantArchiveHandover, ReclaimArchive
    from liangshan_xueji.policy.archives import ARCHIVE_OPENING_ITEMS, archive_state
    from lifecycle_strategies import student

    rec = record(grade(5), A, student_=student(region="510108"))  # ID issued in 成都市成华区
    sn = rec.student.student_number
    rec = apply(rec, CreateArchive(student=sn, contents=frozenset(ARCHIVE_OPENING_ITEMS)), CTX)
    gone = MarkDropout(
        student=sn, explicitly_quit=True, reported_in_writing=True, migrant_child=True
    )
    rec = apply(rec, gone, CTX)
    rec = apply(
        rec, MigrantArchiveHandover(student=sn, from_school=A.code, authority="成华区教育局"), CTX
    )
    rec = apply(rec, ReturnToSchool(student=sn), CTX)
    back = ReclaimArchive(student=sn, authority="成华区教育局", to_school=A.code)
    later = context(dt.date(2024, 3, 1), A, B)  # no time limit
    decision = evaluate(rec, back, later)
    assert decision.allowed and decision.deadline is None and not decision.reasons
    state = archive_state(apply(rec, back, later))
    assert state is not None and state.holder == A.code and not state.held_by_county


@pytest.mark.reading("2.4.1")
def test_2_4_1_an_archive_the_county_holds_has_nothing_to_hand_over() -> None:
    """档案已由县级部门保管（此前转交未调回、撤销学校移交）时无可转交，审核不报"""
    from liangshan_xueji.events import CreateArchive
    from liangshan_xueji.policy import overdue
    from liangshan_xueji.policy.archives import ARCHIVE_OPENING_ITEMS
    from liangshan_xueji.procedures import close_school_archives
    from lifecycle_strategies import student

    rec = record(grade(5), B, student_=student(region="510108"))  # ID issued in 成都市成华区
    sn = rec.student.student_number
    rec = apply(rec, CreateArchive(student=sn, contents=frozenset(ARCHIVE_OPENING_ITEMS)), CTX)
    gone = MarkDropout(
        student=sn, explicitly_quit=True, reported_in_writing=True, migrant_child=True
    )
    rec = apply(rec, gone, CTX)  # 2021-03-01: due by the spring term's end, 2021-08-10
    after_term = context(dt.date(2021, 9, 1), A, B)
    assert [f.clause for f in overdue.migrant_archive_overdue(rec, after_term)] == ["2.4.1"]
    _, (closed,) = close_school_archives([rec], B, CTX)  # B closes: the archive to 会理市 (5.3.3)
    assert list(overdue.migrant_archive_overdue(closed, after_term)) == []


@pytest.mark.reading("2.1.6.2")
def test_2_1_6_2_model_one_is_the_students_mode_and_an_unknown_one_is_not_guessed() -> None:
    """一类模式是学生（班级）的教学模式，不是学校的标签；所需的模式未知时不猜测，拒绝并说明须提供哪项事实"""
    from liangshan_xueji.models import ClassInfo, TeachingMode

    one, two = TeachingMode.MODEL_ONE, TeachingMode.MODEL_TWO
    labelled_two = school(
        "M2", county="昭觉县"
    )  # 二类 label, a 一类 class 1班 and a 二类 class 2班
    labelled_two = attrs.evolve(
        labelled_two,
        classes=(
            ClassInfo(grade=grade(3), name="1班", size=30, mode=one),
            ClassInfo(grade=grade(3), name="2班", size=30, mode=two),
        ),
        modes=frozenset({one, two}),
    )
    yi = school("Y1", county="布拖县", mode=one)
    ctx = context(dt.date(2021, 3, 1), labelled_two, yi)

    def into_yi(class_name: str) -> set[str]:
        r = record(grade(3), labelled_two, class_name=class_name)
        request = TransferRequest(
            student=r.student.student_number, to_school="Y1", to_class="1班",
            materials=TRANSFER_KEYS,
        )  # fmt: skip
        decision = evaluate(r, request, ctx)
        return set() if decision.allowed else set(decision.clause_ids)

    assert into_yi("1班") == set()  # a 一类 student of a school labelled 二类
    assert "2.1.6.2" in into_yi("2班")  # a 二类 student
    assert into_yi("9班") == {"2.1.6.2"}  # no mode known: refused, saying which fact to give
