"""Readings of part 8 (其他) that run: each test quotes a catalog note and proves it.

See tests/readings/test_part1.py for what a reading test is. The breach readings (8.3.x) run the
public batch audit (:func:`liangshan_xueji.audit`) over one record; a record some careless system
edited is built with :func:`forged`, as no rule of the library would make it.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from liangshan_xueji import (
    Finding,
    PolicyViolation,
    Record,
    Status,
    TransferAct,
    TransferParty,
    TransferRequest,
    apply,
    audit,
    evaluate,
)
from liangshan_xueji.events import (
    ArchiveItem,
    CreateArchive,
    DataExported,
    IdentitySource,
    ImportPhoto,
    MarkDropout,
    MoveArchive,
    Promote,
    Register,
    Suspend,
)
from liangshan_xueji.law import DEFAULT_PARAMETERS
from liangshan_xueji.models import Event, HistoryEntry, Origin, Severity, Sex, StudentNumber
from liangshan_xueji.policy import default_regulation
from liangshan_xueji.policy.registration import LookupResult
from liangshan_xueji.policy.review import term_of
from liangshan_xueji.policy.scope import scope_decision
from liangshan_xueji.procedures import export_rows, review_school
from liangshan_xueji.records.models import Student
from lifecycle_strategies import TRANSFER_KEYS, context, grade, record, school, student

DAY = dt.date(2020, 9, 1)
A, B = school("A1"), school("B1", county="会理市")
KID = student(birth=dt.date(2014, 3, 5))
SN = KID.student_number
OPENING = {ArchiveItem.BASIC_INFO, ArchiveItem.EVIDENCE}


def fresh() -> Record:
    return record(grade(1), A, student_=KID, enrolled_on=DAY)


def forged(r: Record, on: dt.date, event: Event, **state: object) -> Record:
    """``r`` with an entry appended as a careless system might have recorded it (no rule asked)."""
    after = {"status": r.status, "school_code": r.school_code, "grade": r.grade, **state}
    entry = HistoryEntry(on=on, event=event, **after)  # type: ignore[arg-type]
    return attrs.evolve(r, history=(*r.history, entry), **after)


def registered(attending: bool = True) -> Record:
    """A registration, as recorded (1.1–1.4), of a student who does or does not attend A1."""
    event = Register(
        student=SN, school_code="A1", grade=grade(1), class_name="1班", arrived_on=DAY,
        identity_source=IdentitySource.HOUSEHOLD_REGISTER, province_lookup=LookupResult.CLEAR,
        attending=attending,
    )  # fmt: skip
    return forged(fresh(), DAY, event)


def found(r: Record, on: dt.date, clause: str) -> list[Finding]:
    """The batch audit's findings citing ``clause`` for the one record ``r``, as of ``on``."""
    ctx = context(on, A, B)
    return [f for f in audit([r], ctx, cross_school=False) if f.clause == clause]


@pytest.mark.reading("8.1")
def test_8_1_terms_and_what_the_review_looks_for() -> None:
    """学期读作 8-11 至次年 2-10、2-11 至 8-10；复核检查每学期有复核记录、没有久未办结的异动、基本信息完备"""
    assert term_of(dt.date(2020, 8, 11), DEFAULT_PARAMETERS) == (
        dt.date(2020, 8, 11),
        dt.date(2021, 2, 10),
    )
    assert term_of(dt.date(2021, 2, 11), DEFAULT_PARAMETERS)[1] == dt.date(2021, 8, 10)
    r = registered()
    assert [f.due for f in found(r, dt.date(2021, 3, 1), "8.1") if f.due] == [dt.date(2021, 2, 10)]
    open_transfer = apply(
        r,
        TransferRequest(student=SN, to_school="B1", to_class="1班", materials=TRANSFER_KEYS),
        context(dt.date(2021, 1, 10), A, B),
    )
    findings, _ = review_school([open_transfer], context(dt.date(2021, 3, 1), A, B))
    assert any("转学" in f.zh for f in findings)


@pytest.mark.reading("8.2")
def test_8_2_every_export_needs_the_written_approval_masked_by_default() -> None:
    """任何向外提供（遮蔽与否）都须有学籍主管部门的书面批准（“一律”），否则拒绝；有批准时个人信息仍默认遮蔽，调用者明确要求才给完整数据"""
    r = registered()
    for masked in (True, False):
        with pytest.raises(PolicyViolation):
            export_rows([r], approval=None, masked=masked)
    (row,) = export_rows([r], approval="凉教学籍〔2021〕3号")
    assert SN.reveal() not in str(row)
    (full,) = export_rows([r], approval="凉教学籍〔2021〕3号", masked=False)
    assert SN.reveal() in str(full)


@pytest.mark.reading("8.3")
def test_8_3_each_breach_is_one_check_of_the_batch_audit() -> None:
    """每种情形对应批量审计中的一项检查"""
    cited = {c for check in default_regulation().record_checks for c in check.__clauses__}
    assert {f"8.3.{i}" for i in range(1, 11)} <= cited


@pytest.mark.reading("8.3.1")
def test_8_3_1_judged_by_clause_5s_month() -> None:
    """以第 5 条的一个月期限判断"""
    r = registered()
    assert found(r, dt.date(2020, 10, 1), "8.3.1") == []  # the month's last day
    (f,) = found(r, dt.date(2020, 10, 2), "8.3.1")
    assert f.due == dt.date(2020, 10, 1)


@pytest.mark.reading("8.3.2")
def test_8_3_2_false_information_is_a_record_where_the_student_is_not_taught() -> None:
    """读作：为并不在本校就读的学生注册学籍（1.1）；本库没有其他来源可证明注册信息虚假。未做全省查询、已有学籍仍注册、未依据户口或公安身份信息建档属于 1.2 的程序问题，另行报告，不称“虚假信息”"""
    assert len(found(registered(attending=False), dt.date(2020, 9, 2), "8.3.2")) == 1
    assert found(registered(), dt.date(2020, 9, 2), "8.3.2") == []
    unchecked = forged(
        fresh(), DAY,
        Register(
            student=SN, school_code="A1", grade=grade(1), class_name="1班", arrived_on=DAY,
            identity_source=IdentitySource.HOUSEHOLD_REGISTER,
            province_lookup=LookupResult.NOT_DONE,
        ),
    )  # fmt: skip
    assert found(unchecked, dt.date(2020, 9, 2), "8.3.2") == []
    assert found(unchecked, dt.date(2020, 9, 2), "1.2")


@pytest.mark.reading("8.3.3")
def test_8_3_3_changes_not_filed_in_the_archive_by_the_terms_end() -> None:
    """8.3.3, and compared with its archive: the changes since its last 5.1.1 filing not filed by
    the end of the term of the first of them are listed."""
    from liangshan_xueji.events import ArchiveItem, CreateArchive, MarkDropout

    r = apply(
        registered(),
        CreateArchive(
            student=SN, contents=frozenset({ArchiveItem.BASIC_INFO, ArchiveItem.EVIDENCE})
        ),
        context(dt.date(2020, 9, 10), A, B),
    )
    gone = MarkDropout(student=SN, explicitly_quit=True, reported_in_writing=True)
    r = apply(r, gone, context(dt.date(2020, 11, 2), A, B))  # term: 2020-08-11 … 2021-02-10
    assert found(r, dt.date(2021, 2, 10), "8.3.3") == []
    (f,) = found(r, dt.date(2021, 2, 11), "8.3.3")
    assert f.due == dt.date(2021, 2, 10) and "辍学" in f.zh


@pytest.mark.reading("8.3.4")
def test_8_3_4_judged_by_the_written_report() -> None:
    """以 2.4.1 的书面上报为准"""
    unreported = forged(
        registered(), dt.date(2020, 11, 1), MarkDropout(student=SN, explicitly_quit=True),
        status=Status.DROPPED_OUT,
    )  # fmt: skip
    reported = forged(
        registered(), dt.date(2020, 11, 1),
        MarkDropout(student=SN, explicitly_quit=True, reported_in_writing=True),
        status=Status.DROPPED_OUT,
    )  # fmt: skip
    on = dt.date(2020, 11, 2)
    assert any("8.3.4" in f.zh for f in audit([unreported], context(on, A), cross_school=False))
    assert not any("8.3.4" in f.zh for f in audit([reported], context(on, A), cross_school=False))


@pytest.mark.reading("8.3.5")
def test_8_3_5_a_change_of_school_by_anything_but_a_transfer() -> None:
    """读作：学籍换了学校，却不是经由办结的转学、升学或返校"""
    r = registered()
    moved = forged(r, dt.date(2020, 10, 1), ImportPhoto(student=SN), school_code="B1")
    assert len(found(moved, dt.date(2020, 10, 2), "8.3.5")) == 1
    assert found(r, dt.date(2020, 10, 2), "8.3.5") == []


@pytest.mark.reading("8.3.6")
def test_8_3_6_no_backup_is_a_breach_an_unmoved_archive_is_not() -> None:
    """读作：档案转出时原学校未保留电子备份或必要的纸质复印件；档案尚未转接不算违规"""
    r = apply(registered(), CreateArchive(student=SN, contents=OPENING), context(DAY, A, B))
    on = dt.date(2020, 10, 12)
    moved = apply(r, TransferRequest(student=SN, to_school="B1", to_class="1班",
                                     materials=TRANSFER_KEYS), context(on, A, B))  # fmt: skip
    for party in TransferParty:
        moved = apply(moved, TransferAct(student=SN, party=party), context(on, A, B))
    assert moved.school_code == "B1"
    assert found(moved, dt.date(2022, 1, 1), "8.3.6") == []  # over a year unmoved: no breach
    careless = forged(moved, dt.date(2020, 10, 20),
                      MoveArchive(student=SN, from_school="A1", to_school="B1"))  # fmt: skip
    assert len(found(careless, dt.date(2020, 10, 21), "8.3.6")) == 1


@pytest.mark.reading("8.3.7")
def test_8_3_7_a_recorded_export_without_approval_masked_or_not() -> None:
    """读作：记录在案的任何向外提供（遮蔽与否）没有书面批准"""
    for masked in (True, False):
        leak = forged(
            registered(), dt.date(2020, 10, 1),
            DataExported(student=SN, recipient="培训机构", masked=masked),
        )  # fmt: skip
        assert len(found(leak, dt.date(2020, 10, 2), "8.3.7")) == 1
    approved = forged(
        registered(), dt.date(2020, 10, 1),
        DataExported(student=SN, recipient="卫健局", approval="批1号", masked=False),
    )  # fmt: skip
    assert found(approved, dt.date(2020, 10, 2), "8.3.7") == []


@pytest.mark.reading("8.3.8")
def test_8_3_8_a_compulsory_year_that_goes_down() -> None:
    """读作：义务教育阶段的就读年份在两条历史记录之间下降"""
    up = apply(registered(), Promote(student=SN), context(dt.date(2021, 8, 10), A))
    back = forged(up, dt.date(2021, 9, 1), ImportPhoto(student=SN), grade=grade(1))
    on = dt.date(2021, 9, 2)
    assert any("8.3.8" in f.zh for f in audit([back], context(on, A), cross_school=False))
    assert not any("8.3.8" in f.zh for f in audit([up], context(on, A), cross_school=False))


@pytest.mark.reading("8.3.10")
def test_8_3_10_an_act_of_the_history_the_rules_refuse() -> None:
    """读作：重放学籍历史，任何被规则拒绝的操作（依赖当时学校状态的理由除外）归入此项"""
    r = registered()
    suspended = forged(r, dt.date(2020, 10, 1), Suspend(student=SN), status=Status.SUSPENDED)
    (f,) = found(suspended, dt.date(2020, 10, 2), "8.3.10")
    assert "[2.2.1]" in f.zh
    assert found(r, dt.date(2020, 10, 2), "8.3.10") == []


@pytest.mark.reading("8.4")
def test_8_4_acts_outside_the_regulation_name_the_higher_rules_from_2016_08_11() -> None:
    """超出本规定的操作得到一个决定，注明适用的上级规定（教育部《中小学生学籍管理办法》，教基一〔2013〕7号；全国学籍系统操作手册；教育部、省教育厅相关规定）；自 2016-08-11 起施行"""
    r = record(grade(3), A)
    outside = scope_decision(r, "学籍号合并")
    assert not outside.allowed and outside.clause_ids == {"8.4"}
    assert "《中小学生学籍管理办法》（教基一〔2013〕7号）" in outside.reasons[0].zh
    assert scope_decision(r, ImportPhoto, on=dt.date(2016, 8, 11)).allowed
    assert not scope_decision(r, ImportPhoto, on=dt.date(2016, 8, 10)).allowed


def _j_student(origin: Origin | None = None) -> Student:
    """A J-numbered student without an ID number, of ``origin`` (``None``: not given)."""
    return Student(
        name="阿依", sex=Sex.FEMALE, birth_date=dt.date(2014, 3, 5), ethnicity="彝族",
        identity_number=None, student_number=StudentNumber("J000000000000000123"),
        household_registration="", address="", origin=origin,
    )  # fmt: skip


def _registered_unattended(who: Student) -> Record:
    """A registration at A1 of ``who``, who does not attend (8.3.2 under this regulation)."""
    event = Register(
        student=who.student_number, school_code="A1", grade=grade(1), class_name="1班",
        arrived_on=DAY, identity_source=IdentitySource.HOUSEHOLD_REGISTER,
        province_lookup=LookupResult.CLEAR, attending=False,
    )  # fmt: skip
    return forged(record(grade(1), A, student_=who, enrolled_on=DAY), DAY, event)


@pytest.mark.reading("8.5")
def test_8_5_applies_by_default_by_the_students_origin() -> None:
    """默认适用：学生的来源（Student.origin）未给出时按身份证号判断——港澳台居民居住证号码地址码 810000 为香港、820000 为澳门、830000 为台湾；对外籍、港澳台或来源不明的学生，evaluate/apply 一律拒绝并只注明 8.5；审核对此类学生各报一条 8.5 提示，外籍和港澳台学生不再做本规定的检查，来源不明者照常检查"""
    said = {r: student(region=r).origin for r in ("810000", "820000", "830000", "710000", "513401")}
    assert said == {
        "810000": Origin.HONG_KONG, "820000": Origin.MACAO, "830000": Origin.TAIWAN,
        "710000": Origin.TAIWAN, "513401": Origin.MAINLAND,
    }  # fmt: skip
    assert _j_student().origin is None
    ctx = context(dt.date(2021, 3, 1), A)
    for who in (student(region="830000"), _j_student(), _j_student(Origin.FOREIGN)):
        decision = evaluate(
            record(grade(3), A, student_=who), ImportPhoto(student=who.student_number), ctx
        )
        assert not decision.allowed and decision.clause_ids == {"8.5"}
    mainland = _j_student(Origin.MAINLAND)
    photo = ImportPhoto(student=mainland.student_number)
    assert "8.5" not in evaluate(record(grade(3), A, student_=mainland), photo, ctx).clause_ids
    on = dt.date(2020, 9, 2)
    (taiwan,) = audit([_registered_unattended(student(region="830000"))], context(on, A))
    assert (taiwan.clause, taiwan.severity) == ("8.5", Severity.NOTICE)
    unknown = list(audit([_registered_unattended(_j_student())], context(on, A)))
    assert {"8.5", "8.3.2"} <= {f.clause for f in unknown}
    assert not any("[8.5]" in f.zh for f in unknown)  # checked as of the mainland
    assert "8.5" not in {
        f.clause for f in audit([_registered_unattended(mainland)], context(on, A))
    }


@pytest.mark.reading("8.3.9")
def test_8_3_9_by_the_students_mode_and_a_notice_when_it_was_not_recorded() -> None:
    """读作：非一类模式学生（按学生自身或其班级的教学模式）中途转入一类模式班级；历史中未记录学生的模式、学校又开设多种模式时，列为提示（无法核查），不列为违规"""
    from liangshan_xueji.models import TeachingMode
    from liangshan_xueji.records.findings import Severity

    one, two = TeachingMode.MODEL_ONE, TeachingMode.MODEL_TWO
    both = attrs.evolve(school("M1", county="昭觉县", mode=one), modes=frozenset({one, two}))
    yi = school("Y1", county="布拖县", mode=one)
    on = dt.date(2021, 3, 1)

    def moved(before: TeachingMode | None) -> list[Finding]:
        r = record(grade(3), both, student_=KID, enrolled_on=DAY)
        r = forged(r, on, TransferRequest(student=SN, to_school="Y1", to_class="1班"), mode=before)
        r = forged(r, on, TransferAct(student=SN, party=TransferParty.SENDING_AUTHORITY),
                   school_code="Y1", mode=one)  # fmt: skip
        ctx = context(dt.date(2021, 3, 2), both, yi)
        return [f for f in audit([r], ctx, cross_school=False) if "8.3.9" in f.zh + f.clause]

    (breach,) = moved(two)  # a 二类 student of a school labelled 一类
    assert breach.severity is Severity.BREACH
    assert moved(one) == []
    (notice,) = moved(None)
    assert notice.severity is Severity.NOTICE
