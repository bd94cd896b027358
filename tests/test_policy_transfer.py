"""Scenario tests for 转学 (clauses 2.1–2.1.6.5), each from the regulation's own sentence.

The regulation's text is quoted with the transcription's stray 学习 removed (《学籍管理办法》).
"""

from __future__ import annotations

import datetime as dt

import pytest

from liangshan_xueji.decisions import Decision
from liangshan_xueji.errors import InvalidInput, PolicyViolation
from liangshan_xueji.law.parameters import DEFAULT_PARAMETERS
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.policy.overdue import transfer_overdue
from liangshan_xueji.records.findings import Severity
from liangshan_xueji.records.models import Grade, Record, SchoolSystem, Stage, Status, TeachingMode
from liangshan_xueji.records.status import (
    Context,
    Promote,
    Resume,
    Suspend,
    TransferAct,
    TransferParty,
    TransferRequest,
)
from lifecycle_strategies import TRANSFER_KEYS, context, grade, record, school

SIX_THREE, FIVE_FOUR = SchoolSystem.SIX_THREE, SchoolSystem.FIVE_FOUR
A = school("P63A")
B = school("P63B", county="会理市")
F = school("P54A", system=FIVE_FOUR, county="德昌县")
YI = school("Y63", mode=TeachingMode.MODEL_ONE, county="昭觉县")
ON = dt.date(2021, 3, 1)


def request(rec: Record, to: str, **kw: object) -> TransferRequest:
    fields: dict[str, object] = {"to_class": "1班", "materials": TRANSFER_KEYS, **kw}
    return TransferRequest(student=rec.student.student_number, to_school=to, **fields)  # type: ignore[arg-type]


def act(rec: Record, party: TransferParty, approve: bool = True) -> TransferAct:
    return TransferAct(student=rec.student.student_number, party=party, approve=approve)


def refused(decision: Decision, *clauses: str) -> None:
    assert not decision.allowed
    assert set(clauses) <= decision.clause_ids, decision.explain()
    assert all(r.zh and r.en for r in decision.reasons)


def assert_unchanged(rec: Record, event: TransferRequest | TransferAct, ctx: Context) -> None:
    """``apply`` raises with the same refusal and the record is what it was."""
    before = rec
    with pytest.raises(PolicyViolation) as info:
        apply(rec, event, ctx)
    assert info.value.decision == evaluate(rec, event, ctx)
    assert rec == before and rec.history == before.history


def complete(rec: Record, ctx: Context) -> Record:
    for party in TransferParty:
        rec = apply(rec, act(rec, party), ctx)
    return rec


# ---------------------------------------------------------------------------------------------------


@pytest.mark.clause("2.1")
def test_the_receiving_school_starts_and_the_other_parties_act() -> None:
    """“学生转学，由转入学校通过电子学籍系统启动学籍转接程序，并在学籍系统中上传已审批同意的纸质转学
    申请表(扫描件或照片)，转出(转入)学校及学籍主管部门予以核办。”"""
    rec = record(grade(3), A)
    ctx = context(ON, A, B)
    started = apply(rec, request(rec, B.code), ctx)
    assert started.transfer is not None and started.school_code == A.code
    moved = started
    for i, party in enumerate(TransferParty):
        assert moved.school_code == A.code  # 籍随人走 only once every party has acted
        moved = apply(moved, act(moved, party), ctx.at(ON + dt.timedelta(days=i + 1)))
    assert moved.school_code == B.code and moved.grade == grade(3) and moved.transfer is None
    assert moved.class_name == "1班" and moved.status is Status.ENROLLED
    assert [type(h.event) for h in moved.history] == [TransferRequest] + [TransferAct] * 3
    # a party cannot act twice, nor on a transfer that is not open
    half = apply(started, act(started, TransferParty.SENDING_SCHOOL), ctx)
    refused(evaluate(half, act(half, TransferParty.SENDING_SCHOOL), ctx), "2.1")
    refused(evaluate(rec, act(rec, TransferParty.SENDING_SCHOOL), ctx), "2.1")
    refused(evaluate(started, request(started, B.code), ctx), "2.1")  # already open


@pytest.mark.clause("2.1.1", "F1")
def test_only_the_basic_information_and_form_1_are_required() -> None:
    """“除了要求家长提供学籍准确信息(如转出学校打印的学生基本信息表)和转入学校(接收学校)需要在学籍
    系统内上传说明转学原因的证明材料(附表1)之外，各地各学校不应再要求家长(学生)提供其他材料。”"""
    rec = record(grade(3), A)
    ctx = context(ON, A, B)
    without_form = evaluate(rec, request(rec, B.code, materials={"basic_info_sheet"}), ctx)
    refused(without_form, "2.1.1")
    assert [m.key for m in without_form.missing_materials] == ["F1"]
    nothing = evaluate(rec, request(rec, B.code, materials=()), ctx)
    assert {m.key for m in nothing.missing_materials} == {"basic_info_sheet", "F1"}
    assert evaluate(rec, request(rec, B.code), ctx).allowed  # these two and nothing more
    assert_unchanged(rec, request(rec, B.code, materials=()), ctx)


@pytest.mark.clause("2.1.1")
def test_both_schools_must_agree() -> None:
    """“按照‘籍随人走’的规定，转学必须双方学校同意，严禁任何学校未经对方学校同意接收学生”"""
    rec = record(grade(4), A)
    ctx = context(ON, A, B)
    started = apply(rec, request(rec, B.code), ctx)
    started = apply(started, act(started, TransferParty.RECEIVING_AUTHORITY), ctx)
    closed = apply(started, act(started, TransferParty.SENDING_SCHOOL, approve=False), ctx)
    assert closed.transfer is None and closed.school_code == A.code
    refused(evaluate(closed, act(closed, TransferParty.SENDING_AUTHORITY), ctx), "2.1")


@pytest.mark.clause("2.1.2", "2.1.6.1")
def test_a_county_class_size_standard_binds_the_receiving_school() -> None:
    """“严格控制大班额，县市教育主管部门应根据国家规定设置班额，因超出班额接收转学学生造成学生学籍
    无法入库，由学校自己负责。”"""
    rec = record(grade(3), A)
    at_40 = school("P63B", county="会理市", size=40, class_size_limit=40)
    at_39 = school("P63B", county="会理市", size=39, class_size_limit=40)
    refused(evaluate(rec, request(rec, "P63B"), context(ON, A, at_40)), "2.1.6.1")
    assert evaluate(rec, request(rec, "P63B"), context(ON, A, at_39)).allowed
    # the national/provincial standard is a parameter a county may override (45 for primary)
    tighter = DEFAULT_PARAMETERS.override(
        "class_size_limit_primary", 39, reference="某县教育局班额文件（测试）"
    )
    refused(evaluate(rec, request(rec, "P63B"), context(ON, A, school("P63B", size=39),
                                                       parameters=tighter)), "2.1.6.1")  # fmt: skip


@pytest.mark.clause("2.1.6.1")
def test_an_unknown_class_size_is_cannot_decide_not_a_refusal_by_the_rule() -> None:
    """“班额已达到国家、省定标准的，不得接收转学学生。” — without the receiving class's size the rule
    cannot tell: the answer is "cannot decide: give the class size" (``Decision.undecided``), not a
    refusal by the rule; with a reason of the rule as well, it is a refusal whatever the size."""
    rec = record(grade(3), A)
    ctx = context(ON, A, B)
    unknown = evaluate(rec, request(rec, B.code, to_class="9班"), ctx)
    assert not unknown.allowed and unknown.undecided
    assert [r.needs for r in unknown.missing_facts] == ["class_size"]
    assert unknown.clause_ids == {"2.1.6.1"}
    assert unknown.explain().splitlines()[0].startswith("无法判断")
    assert "缺少事实 needs [2.1.6.1]" in unknown.explain()
    full = school("P63B", county="会理市", size=45)
    at_standard = evaluate(rec, request(rec, B.code), context(ON, A, full))
    assert not at_standard.allowed and not at_standard.undecided
    assert at_standard.missing_facts == ()
    assert at_standard.explain().splitlines()[0] == "不允许 / refused"
    # a graduation-year student: refused by 2.1.6.3 whatever the class's size, the size still asked
    sixth = record(grade(6), A)
    both = evaluate(sixth, request(sixth, B.code, to_class="9班"), ctx)
    assert not both.allowed and not both.undecided
    assert {r.clause for r in both.reasons} == {"2.1.6.1", "2.1.6.3"}
    assert [r.clause for r in both.missing_facts] == ["2.1.6.1"]
    assert evaluate(rec, request(rec, B.code), ctx).undecided is False  # allowed: never undecided


@pytest.mark.clause("2.1.2", "2.1.6.1")
def test_a_county_may_lower_the_class_size_standard_but_not_raise_it() -> None:
    """“县市教育主管部门应根据国家规定设置班额”; 2.1.6.1 “国家、省定标准”: a county parameter or a school's
    county standard above 45 (primary) / 50 (junior, senior) is refused; a lower one binds."""
    for name, standard in (
        ("class_size_limit_primary", 45),
        ("class_size_limit_junior", 50),
        ("class_size_limit_senior", 50),
    ):
        with pytest.raises(InvalidInput, match="不得高于国家、省定标准"):
            DEFAULT_PARAMETERS.override(name, standard + 1, reference="某县文件（测试）")
        lower = DEFAULT_PARAMETERS.override(name, standard - 5, reference="某县文件（测试）")
        assert lower.int_value(name, ON) == standard - 5
        # a county that lowered it may go back up to the standard, not past it
        assert lower.override(name, standard, reference="x").int_value(name, ON) == standard
        with pytest.raises(InvalidInput):
            lower.override(name, standard + 1, reference="x")
    with pytest.raises(InvalidInput, match=r"School\.class_size_limit"):
        school("P63B", county="会理市", class_size_limit=46)  # a primary school: 45 at most
    junior = school("J1", stages=(Stage.JUNIOR,), size=47, class_size_limit=48)
    assert junior.size_limit(Stage.JUNIOR, DEFAULT_PARAMETERS, ON) == 48
    with pytest.raises(InvalidInput, match=r"School\.class_size_limit"):
        school("J2", stages=(Stage.JUNIOR,), class_size_limit=51)
    # the county parameter lowered below the school's own figure: the lower one binds
    tighter = DEFAULT_PARAMETERS.override("class_size_limit_junior", 44, reference="某县文件")
    assert junior.size_limit(Stage.JUNIOR, tighter, ON) == 44


@pytest.mark.clause("2.1.3", "2.1.6.4")
def test_a_suspended_student_resumes_before_transferring() -> None:
    """“‘休学’状态的学生应在原就读学校办理复学手续后再办理转学手续。”"""
    rec = record(grade(4), A)
    ctx = context(ON, A, B)
    sn = rec.student.student_number
    suspended = apply(
        rec,
        Suspend(
            student=sn,
            materials={"F2_suspension", "diagnosis", "payment_receipts", "admission_discharge",
                       "cost_settlement", "rest_advice"},
            advised_rest_months=3,
            school_agrees=True,
            authority_approves=True,
        ),
        ctx,
    )  # fmt: skip
    later = ctx.at(dt.date(2021, 9, 1))
    refused(evaluate(suspended, request(suspended, B.code), later), "2.1.3", "2.1.6.4")
    assert_unchanged(suspended, request(suspended, B.code), later)
    resumed = apply(
        suspended,
        Resume(
            student=sn,
            materials={"F2_resumption", "resumption_evidence", "doctor_advice"},
            school_agrees=True,
            authority_approves=True,
        ),
        later,
    )
    assert evaluate(resumed, request(resumed, B.code), later).allowed


@pytest.mark.clause("2.1.3")
def test_senior_transfers_follow_the_same_rules() -> None:
    """“普通高中学生转学暂按省网规定执行，但需在国网中同步操作。”"""
    s1 = school("S1", stages=(Stage.SENIOR,))
    s3 = school("S3", stages=(Stage.SENIOR,), county="会理市")
    rec = record(grade(11), s1)
    ctx = context(ON, s1, s3)
    done = complete(apply(rec, request(rec, s3.code), ctx), ctx)
    assert done.school_code == s3.code and done.grade == grade(11)


@pytest.mark.clause("2.1.4")
def test_ten_working_days_across_the_national_day_holiday() -> None:
    """“州内所有转学，转出教育主管部门和学校应在 10 个工作日内及时核办，完成转出电子学籍档案工作”"""
    rec = record(grade(3), A)
    start = dt.date(2020, 9, 29)  # Tuesday
    decision = evaluate(rec, request(rec, B.code), context(start, A, B))
    assert decision.allowed and decision.deadline is not None
    # 国办发明电〔2019〕16号: 10-01..10-08 off (国庆、中秋); Sun 9-27 and Sat 10-10 are working days.
    # The start day is not counted: 9-30 (1); 10-01..10-08 off; 10-09 (2); Sat 10-10 (3, 调休);
    # 10-12 (4), 10-13 (5), 10-14 (6), 10-15 (7), 10-16 (8); weekend; 10-19 (9), 10-20 (10).
    assert decision.deadline.due == dt.date(2020, 10, 20)
    assert decision.deadline.start == start and decision.deadline.workdays == 10
    assert decision.deadline.clause == "2.1.4"
    opened = apply(rec, request(rec, B.code), context(start, A, B))
    assert opened.transfer is not None and opened.transfer.due == dt.date(2020, 10, 20)
    # a late act is still done, with a reason saying it is late
    late = evaluate(
        opened, act(opened, TransferParty.SENDING_SCHOOL), context(dt.date(2020, 10, 21), A, B)
    )
    assert late.allowed and "2.1.4" in late.clause_ids
    on_time = evaluate(
        opened, act(opened, TransferParty.SENDING_SCHOOL), context(dt.date(2020, 10, 20), A, B)
    )
    assert on_time.allowed and on_time.reasons == ()


@pytest.mark.clause("2.1.4")
def test_a_cross_prefecture_transfer_uses_the_provinces_period() -> None:
    """“跨市州、跨省转学及毕业后跨省就读，按照省教育厅相关规定执行，及时完成本地本学校相关工作。”"""
    rec = record(grade(3), A)
    chengdu = school("X63", county="武侯区", prefecture="成都市")
    start = dt.date(2020, 9, 29)
    params = DEFAULT_PARAMETERS.override(
        "cross_prefecture_transfer_workdays", 15, reference="省教育厅规定（测试）"
    )
    ctx = context(start, A, B, chengdu, parameters=params)
    cross = evaluate(rec, request(rec, chengdu.code), ctx)
    assert cross.allowed and cross.deadline is not None
    # ten working days end on 10-20 (see above); 10-21 (11), 10-22 (12), 10-23 (13), 10-26 (14), 10-27 (15)
    assert cross.deadline.workdays == 15 and cross.deadline.due == dt.date(2020, 10, 27)
    inside = evaluate(rec, request(rec, B.code), ctx)  # the parameter leaves inside transfers alone
    assert inside.deadline is not None and inside.deadline.due == dt.date(2020, 10, 20)
    opened = apply(rec, request(rec, chengdu.code), ctx)
    assert opened.transfer is not None and opened.transfer.cross_prefecture
    assert opened.transfer.due == dt.date(2020, 10, 27)
    assert "省教育厅规定（测试）" in cross.reasons[0].zh  # the caller's reference is cited


@pytest.mark.clause("2.1.4")
def test_a_cross_prefecture_transfer_has_no_due_date_until_the_province_period_is_set() -> None:
    """“跨市州、跨省转学……按照省教育厅相关规定执行”: the library sets no period of its own (until
    issue 15 item 6 it gave 10 working days); the transfer has no deadline and is never late."""
    rec = record(grade(3), A)
    chengdu = school("X63", county="武侯区", prefecture="成都市")
    start = dt.date(2020, 9, 29)
    ctx = context(start, A, chengdu)
    decision = evaluate(rec, request(rec, chengdu.code), ctx)
    assert decision.allowed and decision.deadline is None
    assert "cross_prefecture_transfer_workdays" in decision.reasons[0].en
    opened = apply(rec, request(rec, chengdu.code), ctx)
    assert opened.transfer is not None and opened.transfer.due is None
    year_on = context(dt.date(2021, 9, 29), A, chengdu)
    acted = evaluate(opened, act(opened, TransferParty.SENDING_SCHOOL), year_on)
    assert acted.allowed and acted.reasons == ()  # nothing "past the deadline"
    assert list(transfer_overdue(opened, year_on)) == []
    done = complete(opened, year_on)
    assert done.school_code == chengdu.code and list(transfer_overdue(done, year_on)) == []
    # the caller sets the province's period: the audit recomputes the due date from the start
    params = DEFAULT_PARAMETERS.override(
        "cross_prefecture_transfer_workdays", 15, reference="省教育厅规定（测试）"
    )
    year_on_set = context(dt.date(2021, 9, 29), A, chengdu, parameters=params)
    (f,) = transfer_overdue(opened, year_on_set)
    assert (f.clause, f.severity, f.due) == ("2.1.4", Severity.OVERDUE, dt.date(2020, 10, 27))
    (f,) = transfer_overdue(done, year_on_set)
    assert (f.clause, f.severity, f.due) == ("2.1.4", Severity.OVERDUE, dt.date(2020, 10, 27))


@pytest.mark.clause("2.1.5")
def test_junior_one_of_six_three_lands_in_the_same_year_under_five_four() -> None:
    """“义务教育阶段不同学制（如‘六三制’、‘五四制’等）地区间办理转学业务时，应按照 1-9 年级进行对应，
    原则上不得变更就读年级，保障学生完整接受 9 年义务教育。”"""
    junior_one = Grade(Stage.JUNIOR, 1, SIX_THREE)
    assert junior_one.year == 7
    rec = record(junior_one, A)
    ctx = context(ON, A, F)
    done = complete(apply(rec, request(rec, F.code), ctx), ctx)
    # year 7 under 五四制 is 初中二年级 (五四制 has five primary years: its year 6 is 初一)
    assert done.grade == Grade.from_year(7, FIVE_FOUR) == Grade(Stage.JUNIOR, 2, FIVE_FOUR)
    assert done.grade.year == 7 and done.school_code == F.code


@pytest.mark.clause("2.1.5")
def test_five_four_junior_one_lands_in_six_three_primary_six() -> None:
    """“应按照 1-9 年级进行对应，原则上不得变更就读年级” — the stage may change with the 学制, the year not."""
    rec = record(Grade(Stage.JUNIOR, 1, FIVE_FOUR), F)
    ctx = context(ON, A, F)
    decision = evaluate(rec, request(rec, A.code), ctx)
    assert decision.allowed, decision.explain()
    done = complete(apply(rec, request(rec, A.code), ctx), ctx)
    assert done.grade == Grade(Stage.PRIMARY, 6, SIX_THREE) and done.grade.year == 6


@pytest.mark.clause("2.1.5")
def test_a_transfer_may_not_change_the_year() -> None:
    """“原则上不得变更就读年级” — a transfer into the next year up is refused too."""
    rec = record(grade(3), A)
    ctx = context(ON, A, B)
    refused(evaluate(rec, request(rec, B.code, to_grade=grade(4)), ctx), "2.1.5")
    assert evaluate(rec, request(rec, B.code, to_grade=grade(3)), ctx).allowed


@pytest.mark.clause("2.1.6", "2.1.6.1", "2.1.6.2", "2.1.6.3", "2.1.6.4", "2.1.3", "2.1.1", "6.1")
def test_a_refusal_lists_every_reason_at_once() -> None:
    """“属于下列情况之一的，原则上不得转学” — a suspended 六年级 student, asked for by a full 一类模式
    class without 附表1: every reason is listed, each with its clause."""
    sn = record(grade(6), A).student.student_number
    rec = record(grade(6), A)
    suspended = apply(
        rec,
        Suspend(
            student=sn,
            materials={"F2_suspension", "diagnosis", "payment_receipts", "admission_discharge",
                       "cost_settlement", "rest_advice"},
            advised_rest_months=4,
            school_agrees=True,
            authority_approves=True,
            filed_with_prefecture=True,
        ),
        context(ON, A, YI),
    )  # fmt: skip
    full_yi = school("Y63", mode=TeachingMode.MODEL_ONE, county="昭觉县", size=45)
    ctx = context(dt.date(2021, 4, 1), A, full_yi)
    decision = evaluate(suspended, request(suspended, "Y63", materials={"basic_info_sheet"}), ctx)
    assert not decision.allowed
    assert decision.clause_ids == {
        "2.1.6.1",
        "2.1.6.2",
        "6.1",
        "2.1.6.3",
        "2.1.6.4",
        "2.1.3",
        "2.1.1",
    }
    assert [m.key for m in decision.missing_materials] == ["F1"]
    assert len(decision.reasons) == 7
    assert_unchanged(suspended, request(suspended, "Y63", materials={"basic_info_sheet"}), ctx)


@pytest.mark.clause("2.1.6.1")
def test_a_class_at_the_standard_takes_no_transfer() -> None:
    """“（1）班额已达到国家、省定标准的，不得接收转学学生。”"""
    rec = record(grade(3), A)
    at_standard = school("P63B", county="会理市", size=45)  # primary standard: 45
    below = school("P63B", county="会理市", size=44)
    refused(evaluate(rec, request(rec, "P63B"), context(ON, A, at_standard)), "2.1.6.1")
    assert evaluate(rec, request(rec, "P63B"), context(ON, A, below)).allowed
    refused(evaluate(rec, request(rec, "P63B", to_class="9班"), context(ON, A, below)), "2.1.6.1")
    # a class that reaches the standard while the transfer is open stops it when a party approves
    opened = apply(rec, request(rec, "P63B"), context(ON, A, below))
    refused(
        evaluate(opened, act(opened, TransferParty.SENDING_SCHOOL), context(ON, A, at_standard)),
        "2.1.6.1",
    )
    assert evaluate(
        opened,
        act(opened, TransferParty.SENDING_SCHOOL, approve=False),
        context(ON, A, at_standard),
    ).allowed


@pytest.mark.clause("2.1.6.2", "6.1", "6.3")
def test_no_transfer_into_a_model_school_or_a_model_one_school() -> None:
    """“（2）高中阶段非省级示范性普通高中转入省级示范性普通高中，非一类模式转入一类模式学校。”"""
    plain = school("S1", stages=(Stage.SENIOR,))
    model = school("S2", stages=(Stage.SENIOR,), provincial_model=True)
    other_model = school("S4", stages=(Stage.SENIOR,), provincial_model=True, county="会理市")
    yi_senior = school("SY", stages=(Stage.SENIOR,), mode=TeachingMode.MODEL_ONE, county="美姑县")
    ctx = context(ON, plain, model, other_model, yi_senior, A, YI)
    senior = record(grade(11), plain)
    refused(evaluate(senior, request(senior, "S2"), ctx), "2.1.6.2")
    refused(evaluate(senior, request(senior, "SY"), ctx), "2.1.6.2", "6.3")
    from_model = record(grade(11), model)
    assert evaluate(from_model, request(from_model, "S4"), ctx).allowed
    assert evaluate(from_model, request(from_model, "S1"), ctx).allowed
    primary = record(grade(3), A)
    refused(evaluate(primary, request(primary, "Y63"), ctx), "2.1.6.2", "6.1")
    yi_pupil = record(grade(3), YI)
    assert evaluate(yi_pupil, request(yi_pupil, A.code), ctx).allowed


@pytest.mark.clause("2.1.6.3")
def test_a_six_three_grade_six_student_may_not_transfer() -> None:
    """“（3）毕业年级（小学六年级、初中三年级、高中三年级）学生。” — 六三制 小学六年级, and its 五四制
    counterpart 小学五年级 (the last primary year of 五四制)."""
    ctx = context(ON, A, B, F, school("P54B", system=FIVE_FOUR, county="宁南县"))
    six = record(grade(6), A)
    decision = evaluate(six, request(six, B.code), ctx)
    refused(decision, "2.1.6.3")
    assert decision.clause_ids == {"2.1.6.3"}
    assert "毕业年级" in decision.reasons[0].zh and "graduation year" in decision.reasons[0].en
    assert_unchanged(six, request(six, B.code), ctx)
    five_four_five = record(Grade(Stage.PRIMARY, 5, FIVE_FOUR), F)
    refused(evaluate(five_four_five, request(five_four_five, "P54B"), ctx), "2.1.6.3")
    five = record(grade(5), A)  # 六三制 小学五年级 is not a graduation year
    assert evaluate(five, request(five, B.code), ctx).allowed


@pytest.mark.clause("2.1.6.3")
def test_every_graduation_year_and_only_those() -> None:
    """“毕业年级（小学六年级、初中三年级、高中三年级）” — and 五四制's 初中四年级; 五四制 初三 is not one."""
    s1 = school("S1", stages=(Stage.SENIOR,))
    s3 = school("S3", stages=(Stage.SENIOR,), county="会理市")
    f2 = school("P54B", system=FIVE_FOUR, county="宁南县")
    ctx = context(ON, A, B, F, f2, s1, s3)
    cases = [
        (Grade(Stage.JUNIOR, 3, SIX_THREE), A, B, False),
        (Grade(Stage.JUNIOR, 4, FIVE_FOUR), F, f2, False),
        (Grade(Stage.JUNIOR, 3, FIVE_FOUR), F, f2, True),
        (grade(12), s1, s3, False),
        (grade(11), s1, s3, True),
    ]
    for g, home, to, allowed in cases:
        rec = record(g, home)
        decision = evaluate(rec, request(rec, to.code), ctx)
        assert decision.allowed is allowed, (g, decision.explain())
        if not allowed:
            assert decision.clause_ids == {"2.1.6.3"}


@pytest.mark.clause("2.1.6.3", "3.1")
def test_a_promotion_into_the_graduation_year_stops_an_open_transfer() -> None:
    """A transfer started in 五年级 cannot be completed once the 8-10 promotion makes the student a
    六年级 student (毕业年级): the parties' approvals are refused citing 2.1.6.3."""
    rec = record(grade(5), A)
    opened = apply(rec, request(rec, B.code), context(dt.date(2021, 8, 5), A, B))
    promoted = apply(
        opened, Promote(student=rec.student.student_number), context(dt.date(2021, 8, 10), A, B)
    )
    assert promoted.grade == grade(6)
    assert promoted.transfer is not None and promoted.transfer.to_grade == grade(6)
    refused(
        evaluate(
            promoted,
            act(promoted, TransferParty.SENDING_SCHOOL),
            context(dt.date(2021, 8, 11), A, B),
        ),
        "2.1.6.3",
    )


@pytest.mark.clause("2.1.6.4")
def test_no_transfer_during_suspension() -> None:
    """“（4）学生在休学期间。”"""
    rec = record(grade(8), A)
    sn = rec.student.student_number
    suspended = apply(
        rec,
        Suspend(
            student=sn,
            materials={"F2_suspension", "diagnosis", "payment_receipts", "admission_discharge",
                       "cost_settlement", "rest_advice"},
            advised_rest_months=6,
            school_agrees=True,
            authority_approves=True,
        ),
        context(ON, A, B),
    )  # fmt: skip
    for day in (ON, dt.date(2021, 12, 1), dt.date(2022, 5, 1)):  # during, and even after the end
        refused(evaluate(suspended, request(suspended, B.code), context(day, A, B)), "2.1.6.4")


@pytest.mark.clause("2.1.6.5")
def test_no_retention_or_demotion_by_transfer() -> None:
    """“（5）以转学手段实现留级或降级的学生。”"""
    rec = record(grade(8), A)
    ctx = context(ON, A, B, F)
    lower = evaluate(rec, request(rec, B.code, to_grade=grade(7)), ctx)
    refused(lower, "2.1.6.5", "2.1.5")
    # across 学制 too: 六三制 初二 (year 8) into 五四制 初二 (year 7) is a year lower
    across = evaluate(rec, request(rec, F.code, to_grade=Grade(Stage.JUNIOR, 2, FIVE_FOUR)), ctx)
    refused(across, "2.1.6.5")
    assert_unchanged(rec, request(rec, B.code, to_grade=grade(7)), ctx)
