"""违规情形 Breaches (clause 8.3.1–8.3.10) and the audit checks of parts 1, 3.2, 4, 5 and 6."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.law.parameters import DEFAULT_PARAMETERS
from liangshan_xueji.policy import apply, default_regulation, evaluate
from liangshan_xueji.policy import breaches as b
from liangshan_xueji.policy.admission import AdmissionMethod, Admit
from liangshan_xueji.policy.archives import (
    ArchiveItem,
    CreateArchive,
    FileArchiveItems,
    MoveArchive,
)
from liangshan_xueji.policy.keydata import (
    ChangeStudentData,
    FieldChange,
    StudentField,
    change_student_data,
)
from liangshan_xueji.policy.model_one import PrefectureFiling
from liangshan_xueji.policy.registration import (
    AttendanceCheck,
    ConfirmNewStudentData,
    IdentitySource,
    ImportPhoto,
    LookupResult,
    Register,
    register,
)
from liangshan_xueji.policy.review import DataExported, Reviewed
from liangshan_xueji.records.findings import Finding, Severity
from liangshan_xueji.records.models import (
    Event,
    Grade,
    HistoryEntry,
    Record,
    Stage,
    Status,
    TeachingMode,
)
from liangshan_xueji.records.serialization import from_json, to_json
from liangshan_xueji.records.status import (
    Context,
    MarkDropout,
    Promote,
    Suspend,
    TransferAct,
    TransferParty,
    TransferRequest,
)
from lifecycle_strategies import TRANSFER_KEYS, context, grade, record, school, student

DAY = dt.date(2020, 9, 1)
A = school("A1")
B = school("B1", county="会理市")
Y = school("Y1", county="昭觉县", mode=TeachingMode.MODEL_ONE)
FULL = school("F1", sizes={grade(2): 50})  # its grade-2 class is at the standard
KID = student(birth=dt.date(2014, 3, 5))
SN = KID.student_number
OPENING = {ArchiveItem.BASIC_INFO, ArchiveItem.EVIDENCE}


def ctx(on: dt.date) -> Context:
    return context(on, A, B, Y, FULL)


def registered(at: str = "A1", on: dt.date = DAY) -> Record:
    _d, r = register(
        KID, at, grade(1), "1班", ctx(on), lookup=lambda _s: False, arrived_on=on,
        identity_source=IdentitySource.HOUSEHOLD_REGISTER,
    )  # fmt: skip
    assert r is not None
    return r


def forged(r: Record, on: dt.date, event: Event, **state: object) -> Record:
    """``r`` with an entry appended as a careless system might have recorded it (no rule asked)."""
    after = {"status": r.status, "school_code": r.school_code, "grade": r.grade, **state}
    entry = HistoryEntry(on=on, event=event, **after)  # type: ignore[arg-type]
    return attrs.evolve(r, history=(*r.history, entry), **after)


def forged_registration(**fields: object) -> Record:
    values: dict[str, object] = {
        "student": SN,
        "school_code": "A1",
        "grade": grade(1),
        "class_name": "1班",
        "arrived_on": DAY,
        "identity_source": IdentitySource.HOUSEHOLD_REGISTER,
        "province_lookup": LookupResult.CLEAR,
    }
    values.update(fields)
    base = record(grade(1), A, student_=KID, enrolled_on=DAY)
    return forged(base, DAY, Register(**values))  # type: ignore[arg-type]


def run(check: object, r: Record, on: dt.date) -> list[Finding]:
    return list(check(r, ctx(on)))  # type: ignore[operator]


def all_findings(r: Record, on: dt.date) -> list[Finding]:
    return [f for fn in default_regulation().record_checks for f in fn(r, ctx(on))]


def clauses(findings: Iterable[Finding]) -> list[str]:
    return [f.clause for f in findings]


# ---------------------------------------------------------------------------------------------------
# 8.3.1 and 5


@pytest.mark.clause("8.3.1", "5")
def test_no_archive_for_an_admitted_student() -> None:
    """“不为已接收学生建立学籍档案的”; “学生入学1个月内学校应当为其建立学籍档案。”"""
    r = registered()
    assert run(b.archive_missing, r, dt.date(2020, 10, 1)) == []
    (f,) = run(b.archive_missing, r, dt.date(2020, 10, 2))
    assert (f.clause, f.severity, f.due) == ("8.3.1", Severity.BREACH, dt.date(2020, 10, 1))
    assert f.student == SN and f.school_code == "A1" and f.found_on == dt.date(2020, 10, 2)
    late = apply(r, CreateArchive(student=SN, contents=OPENING), ctx(dt.date(2020, 10, 9)))
    (f,) = run(b.archive_missing, late, dt.date(2021, 1, 1))
    assert (f.clause, f.severity) == ("5", Severity.OVERDUE)
    imported = record(grade(3), A, student_=KID, enrolled_on=dt.date(2018, 9, 1))
    assert run(b.archive_missing, imported, dt.date(2021, 1, 1)) == []


# ---------------------------------------------------------------------------------------------------
# 8.3.2


@pytest.mark.clause("8.3.2", "1.1")
def test_a_record_built_on_false_information() -> None:
    """“以虚假信息建立学籍或学籍档案的”: registered at a school the student does not attend (1.1)."""
    forged_ = forged_registration(attending=False)
    (f,) = run(b.false_registration, forged_, dt.date(2020, 9, 2))
    assert (f.clause, f.severity) == ("8.3.2", Severity.BREACH)
    assert "history[0]" in f.evidence and "不实" in f.zh
    assert run(b.registration_procedure, forged_, dt.date(2020, 9, 2)) == []
    assert run(b.false_registration, registered(), dt.date(2020, 9, 2)) == []


@pytest.mark.clause("1.2")
@pytest.mark.parametrize(
    "fields",
    [
        {"province_lookup": LookupResult.NOT_DONE},
        {"province_lookup": LookupResult.FOUND},
        {"identity_source": None},
    ],
)
def test_a_registration_outside_the_procedure_is_not_called_false(
    fields: dict[str, object],
) -> None:
    """“各学校必须先将学生信息进行全省数据查询…依据户口或公安部门提供的身份信息为学生建立…学籍信息档案”:
    a lapse of this procedure is reported under 1.2; it is not 8.3.2's false information."""
    forged_ = forged_registration(**fields)
    (f,) = run(b.registration_procedure, forged_, dt.date(2020, 9, 2))
    assert (f.clause, f.severity) == ("1.2", Severity.BREACH)
    assert "不实" not in f.zh  # the rule quoted, not the 8.3.2 charge of false data
    assert run(b.false_registration, forged_, dt.date(2020, 9, 2)) == []
    assert run(b.registration_procedure, registered(), dt.date(2020, 9, 2)) == []


# ---------------------------------------------------------------------------------------------------
# 8.3.3, 8.3.5


@pytest.mark.clause("8.3.3")
def test_a_status_change_left_out_of_the_history() -> None:
    """“不及时把学籍变动信息纳入学籍档案的”"""
    r = registered()
    edited = attrs.evolve(r, status=Status.DROPPED_OUT)
    (f,) = run(b.change_outside_history, edited, dt.date(2020, 10, 1))
    assert f.clause == "8.3.3" and "辍学" in f.zh
    assert run(b.change_outside_history, r, dt.date(2020, 10, 1)) == []


@pytest.mark.clause("8.3.3", "5.1.1")
def test_changes_the_archive_has_not_taken_in_by_the_terms_end() -> None:
    """“不及时把学籍变动信息纳入学籍档案的”: the record is compared with its archive (5.1.1)."""
    r = registered()
    r = apply(r, CreateArchive(student=SN, contents=OPENING), ctx(dt.date(2020, 9, 10)))
    # A status change (autumn term: 2020-08-11 … 2021-02-10) and a key-data change after the archive.
    gone = MarkDropout(student=SN, explicitly_quit=True, reported_in_writing=True)
    r = apply(r, gone, ctx(dt.date(2020, 11, 2)))
    assert run(b.changes_not_in_archive, r, dt.date(2021, 2, 10)) == []  # the term has not ended
    (f,) = run(b.changes_not_in_archive, r, dt.date(2021, 2, 11))
    assert f.clause == "8.3.3" and f.due == dt.date(2021, 2, 10)
    assert "“在校”→“辍学”" in f.zh and "2020-09-10" in f.zh
    # Filing 5.1.1 (the basic information and its changes) brings the archive up to date.
    filed = apply(
        r,
        FileArchiveItems(student=SN, contents=frozenset({ArchiveItem.BASIC_INFO})),
        ctx(dt.date(2020, 12, 1)),
    )
    assert run(b.changes_not_in_archive, filed, dt.date(2021, 6, 1)) == []
    # Other items do not: the awards are not the record's changes.
    awards = apply(
        r,
        FileArchiveItems(student=SN, contents=frozenset({ArchiveItem.AWARDS})),
        ctx(dt.date(2020, 12, 1)),
    )
    assert len(run(b.changes_not_in_archive, awards, dt.date(2021, 6, 1))) == 1
    # The Ministry's yearly promotion is not a change the school files; no archive, nothing to compare.
    kept = registered()
    kept = apply(kept, CreateArchive(student=SN, contents=OPENING), ctx(dt.date(2020, 9, 10)))
    promoted = apply(kept, Promote(student=SN), ctx(dt.date(2021, 8, 10)))
    assert run(b.changes_not_in_archive, promoted, dt.date(2022, 6, 1)) == []
    assert run(b.changes_not_in_archive, registered(), dt.date(2022, 6, 1)) == []
    # A key-data change names its fields, never their values.
    renamed = forged(
        kept,
        dt.date(2020, 10, 8),
        ChangeStudentData(
            student=SN, changes=(FieldChange(field=StudentField.NAME, old="张曦", new="张熙"),)
        ),
    )
    (f,) = run(b.changes_not_in_archive, renamed, dt.date(2021, 3, 1))
    assert "姓名" in f.zh and "张" not in f.zh and "name" in f.en


@pytest.mark.clause("8.3.5", "2.1")
def test_a_student_received_without_a_transfer() -> None:
    """“接收学生不为其办理转学手续的”"""
    r = registered()
    moved = forged(r, dt.date(2020, 10, 1), ImportPhoto(student=SN), school_code="B1")
    (f,) = run(b.received_without_transfer, moved, dt.date(2020, 10, 2))
    assert f.clause == "8.3.5" and "B1" in f.zh
    silently = attrs.evolve(r, school_code="B1")
    (f,) = run(b.received_without_transfer, silently, dt.date(2020, 10, 2))
    assert f.clause == "8.3.5"
    assert (
        run(b.received_without_transfer, transferred(r, dt.date(2020, 10, 12)), dt.date(2021, 1, 1))
        == []
    )


def transferred(r: Record, on: dt.date, to: str = "B1", to_grade: Grade | None = None) -> Record:
    r = apply(
        r,
        TransferRequest(
            student=SN, to_school=to, to_class="1班", materials=TRANSFER_KEYS, to_grade=to_grade
        ),
        ctx(on),
    )
    for party in TransferParty:
        r = apply(r, TransferAct(student=SN, party=party), ctx(on))
    return r


# ---------------------------------------------------------------------------------------------------
# 8.3.6


@pytest.mark.clause("8.3.6", "5.3.1")
def test_an_archive_not_moved_after_a_transfer() -> None:
    """“不按规定为学生转接学籍档案的”; 5.3.1: the archive goes to the receiving school, the old one
    keeping a backup. 5.3.1 sets the move no time limit: an unmoved archive is no breach, and only a
    notice once the caller sets ``archive_move_months`` (until issue 15 item 7 it was a BREACH after
    clause 5's one month)."""
    r = apply(registered(), CreateArchive(student=SN, contents=OPENING), ctx(dt.date(2020, 9, 10)))
    moved = transferred(r, dt.date(2020, 10, 12))
    # by default: nothing, however long the archive stays behind
    assert run(b.archive_not_moved, moved, dt.date(2020, 12, 13)) == []
    assert not {"8.3.6", "5.3.1"} & set(clauses(all_findings(moved, dt.date(2022, 1, 1))))
    # the caller's period: a notice after it, citing 5.3.1 and the caller's setting
    params = DEFAULT_PARAMETERS.override("archive_move_months", 1, reference="县教育局要求（测试）")

    def noticed(rec: Record, on: dt.date) -> list[Finding]:
        return list(b.archive_not_moved(rec, context(on, A, B, Y, FULL, parameters=params)))

    assert noticed(moved, dt.date(2020, 11, 12)) == []
    (f,) = noticed(moved, dt.date(2020, 11, 13))
    assert (f.clause, f.severity, f.due) == ("5.3.1", Severity.NOTICE, dt.date(2020, 11, 12))
    assert "archive_move_months" in f.en and "非违规" in f.zh
    move = MoveArchive(
        student=SN, from_school="A1", to_school="B1", electronic_backup_kept=True,
        paper_copies_kept=True,
    )  # fmt: skip
    on_time = apply(moved, move, ctx(dt.date(2020, 10, 20)))
    assert noticed(on_time, dt.date(2021, 3, 1)) == []
    late = apply(moved, move, ctx(dt.date(2020, 12, 1)))
    assert run(b.archive_not_moved, late, dt.date(2021, 3, 1)) == []
    (f,) = noticed(late, dt.date(2021, 3, 1))
    assert (f.clause, f.severity) == ("5.3.1", Severity.NOTICE)
    # moved without the old school's backup: a breach, with or without the period
    careless = forged(
        moved, dt.date(2020, 10, 20), MoveArchive(student=SN, from_school="A1", to_school="B1")
    )
    (f,) = run(b.archive_not_moved, careless, dt.date(2020, 10, 21))
    assert (f.clause, f.severity) == ("8.3.6", Severity.BREACH)


# ---------------------------------------------------------------------------------------------------
# 8.3.7


@pytest.mark.clause("8.3.7", "8.2")
def test_record_data_leaked() -> None:
    """“泄露或非法使用学生学籍信息的”"""
    r = registered()
    leak = forged(
        r, dt.date(2020, 10, 1), DataExported(student=SN, recipient="培训机构", masked=False)
    )
    (f,) = run(b.data_leaked, leak, dt.date(2020, 10, 2))
    assert f.clause == "8.3.7" and "培训机构" in f.zh
    masked_leak = forged(
        r, dt.date(2020, 10, 1), DataExported(student=SN, recipient="培训机构", masked=True)
    )
    (g,) = run(b.data_leaked, masked_leak, dt.date(2020, 10, 2))  # masking is no approval (8.2)
    assert g.clause == "8.3.7" and "遮蔽" in g.zh
    approved = apply(
        r,
        DataExported(student=SN, recipient="卫健局", approval="批1号", masked=False),
        ctx(dt.date(2020, 10, 1)),
    )
    assert run(b.data_leaked, approved, dt.date(2020, 10, 2)) == []


# ---------------------------------------------------------------------------------------------------
# 8.3.4 and 8.3.8 are found by the lifecycle's checks (policy/overdue.py); the audit runs them too


def _checks_citing(clause: str) -> list[object]:
    return [
        fn for fn in default_regulation().record_checks if clause in getattr(fn, "__clauses__", ())
    ]


@pytest.mark.clause("8.3.4", "2.4.1")
def test_a_dropout_not_reported_is_found() -> None:
    """“不及时报告义务教育阶段学生辍学情况的”"""
    assert _checks_citing("8.3.4")
    r = forged(registered(), dt.date(2020, 11, 1), MarkDropout(student=SN, explicitly_quit=True),
               status=Status.DROPPED_OUT)  # fmt: skip
    found = [f for fn in _checks_citing("8.3.4") for f in fn(r, ctx(dt.date(2020, 11, 2)))]  # type: ignore[operator]
    assert found and all("8.3.4" in f.zh + f.en for f in found)


@pytest.mark.clause("8.3.8", "2.3")
def test_a_disguised_retention_is_found() -> None:
    """“擅自利用学籍系统操作技术让义务教育阶段学生变相留级的”"""
    r = apply(registered(), Promote(student=SN), ctx(dt.date(2021, 8, 10)))
    back = forged(r, dt.date(2021, 9, 1), ImportPhoto(student=SN), grade=grade(1))
    found = [f for fn in _checks_citing("8.3.8") for f in fn(back, ctx(dt.date(2021, 9, 2)))]  # type: ignore[operator]
    assert found and any("8.3.8" in f.zh for f in found)


# ---------------------------------------------------------------------------------------------------
# 8.3.9, 1.1, 6.1, 6.2


@pytest.mark.clause("8.3.9", "6.1", "1.1")
def test_an_empty_record_at_a_model_one_school() -> None:
    """“一类模式学校中途接收转入非一类模式学生学籍或为非一类模式学生空挂学籍的”"""
    r = apply(
        registered("Y1"), AttendanceCheck(student=SN, attending=False), ctx(dt.date(2020, 10, 1))
    )
    (f,) = run(b.empty_record, r, dt.date(2020, 10, 2))
    assert f.clause == "8.3.9" and "6.1" in f.zh and "history[1]" in f.evidence
    plain = apply(
        registered(), AttendanceCheck(student=SN, attending=False), ctx(dt.date(2020, 10, 1))
    )
    assert clauses(run(b.empty_record, plain, dt.date(2020, 10, 2))) == ["1.1"]
    back = apply(r, AttendanceCheck(student=SN, attending=True), ctx(dt.date(2020, 10, 3)))
    assert run(b.empty_record, back, dt.date(2020, 10, 4)) == []


def graduated_junior(at: str = "A1") -> Record:
    r = record(Grade(Stage.PRIMARY, 6), at, student_=KID, enrolled_on=dt.date(2020, 9, 1))
    return forged(r, dt.date(2021, 7, 1), ImportPhoto(student=SN), status=Status.GRADUATED)


@pytest.mark.clause("6.1", "6.2")
def test_model_one_admissions_without_the_test_or_the_approval() -> None:
    """“必须按照相关规定通过检测择优录取” (6.1); “审核通过后方能注册学籍” (6.2)."""
    admit = Admit(
        student=SN,
        school_code="Y1",
        class_name="1班",
        method=AdmissionMethod.UNIFIED,
        arrived_on=DAY,
    )
    r = forged(graduated_junior(), dt.date(2021, 9, 1), admit, status=Status.ENROLLED, school_code="Y1",
               grade=Grade(Stage.JUNIOR, 1))  # fmt: skip
    assert clauses(run(b.model_one_admissions, r, dt.date(2021, 9, 2))) == ["6.1"]
    senior = forged(graduated_junior(), dt.date(2021, 9, 1), admit, status=Status.ENROLLED,
                    school_code="Y1", grade=Grade(Stage.SENIOR, 1))  # fmt: skip
    assert clauses(run(b.model_one_admissions, senior, dt.date(2021, 9, 2))) == ["6.2"]


@pytest.mark.clause("6.1")
def test_starting_grades_not_filed_by_30_september() -> None:
    """“于每年9月30日前将义务教育阶段起始年级……学生的学籍报州教育局民族教育科备案”"""
    r = registered("Y1")
    assert run(b.starting_grades_unfiled, r, dt.date(2020, 9, 30)) == []
    (f,) = run(b.starting_grades_unfiled, r, dt.date(2020, 10, 1))
    assert (f.clause, f.due) == ("6.1", dt.date(2020, 9, 30))
    filed = apply(r, PrefectureFiling(student=SN), ctx(dt.date(2020, 9, 20)))
    assert run(b.starting_grades_unfiled, filed, dt.date(2021, 1, 1)) == []
    late = apply(r, PrefectureFiling(student=SN), ctx(dt.date(2020, 10, 20)))
    assert [f.severity for f in run(b.starting_grades_unfiled, late, dt.date(2021, 1, 1))] == [
        Severity.OVERDUE
    ]
    assert run(b.starting_grades_unfiled, registered("A1"), dt.date(2021, 1, 1)) == []


# ---------------------------------------------------------------------------------------------------
# 1.3, 1.4, 4


@pytest.mark.clause("1.3")
def test_new_students_data_not_confirmed_by_30_september() -> None:
    r = registered()
    assert run(b.new_student_data_overdue, r, dt.date(2020, 9, 30)) == []
    (f,) = run(b.new_student_data_overdue, r, dt.date(2020, 10, 1))
    assert (f.clause, f.severity, f.due) == ("1.3", Severity.OVERDUE, dt.date(2020, 9, 30))
    confirm = ConfirmNewStudentData(student=SN, parents_signed=True, submitted=True)
    assert (
        run(
            b.new_student_data_overdue,
            apply(r, confirm, ctx(dt.date(2020, 9, 29))),
            dt.date(2021, 1, 1),
        )
        == []
    )
    late = apply(r, confirm, ctx(dt.date(2020, 10, 9)))
    assert clauses(run(b.new_student_data_overdue, late, dt.date(2021, 1, 1))) == ["1.3"]


@pytest.mark.clause("1.4")
def test_registration_in_advance_and_the_pending_photo() -> None:
    r = registered()
    (f,) = run(b.registration_arrival_and_photo, r, dt.date(2020, 9, 2))
    assert (f.clause, f.severity) == ("1.4", Severity.NOTICE) and "照片" in f.zh
    assert (
        run(b.registration_arrival_and_photo, apply(r, ImportPhoto(student=SN), ctx(DAY)), DAY)
        == []
    )
    early = forged_registration(arrived_on=dt.date(2020, 9, 7))
    assert (Severity.BREACH, "1.4") in {
        (f.severity, f.clause) for f in run(b.registration_arrival_and_photo, early, DAY)
    }


@pytest.mark.clause("4")
def test_key_data_changed_without_the_police_proof() -> None:
    r = registered()
    change = ChangeStudentData(
        student=SN, changes=(FieldChange(field=StudentField.NAME, old="吉克阿呷", new="阿依"),)
    )
    careless = forged(r, dt.date(2020, 10, 1), change)
    (f,) = run(b.key_data_without_proof, careless, dt.date(2020, 10, 2))
    assert f.clause == "4" and "姓名" in f.zh
    _d, proper = change_student_data(
        r, {StudentField.NAME: "阿依"}, ctx(dt.date(2020, 10, 1)), police_proof=True, proof_scan=True,
        school_approves=True,
    )  # fmt: skip
    assert proper is not None and run(b.key_data_without_proof, proper, dt.date(2020, 10, 2)) == []


# ---------------------------------------------------------------------------------------------------
# 8.3.10


@pytest.mark.clause("8.3.10", "2.2.1")
def test_other_breaches_are_acts_the_rules_refuse() -> None:
    """“违反本办法规定的其他行为。” Reading: an act of the history that the rules refuse on replay."""
    r = registered()
    assert run(b.refused_acts, r, dt.date(2020, 10, 1)) == []
    suspended = forged(r, dt.date(2020, 10, 1), Suspend(student=SN), status=Status.SUSPENDED)
    (f,) = run(b.refused_acts, suspended, dt.date(2020, 10, 2))
    assert f.clause == "8.3.10" and "[2.2.1]" in f.zh and "suspension.start" in f.evidence


@pytest.mark.clause("8.3.10")
def test_the_replay_does_not_hold_todays_class_sizes_against_the_past() -> None:
    """A transfer into a class that is full today was lawful when it happened: not a breach."""
    r = apply(registered(), Promote(student=SN), ctx(dt.date(2021, 8, 10)))
    request = TransferRequest(student=SN, to_school="F1", to_class="1班", materials=TRANSFER_KEYS)
    today = evaluate(r, request, ctx(dt.date(2021, 9, 15)))
    assert {x.clause for x in today.reasons} == {"2.1.6.1"}  # F1's grade-2 class is full today
    forged_move = forged(r, dt.date(2021, 9, 15), request)
    findings = run(b.refused_acts, forged_move, dt.date(2021, 9, 16))
    assert findings == []


# ---------------------------------------------------------------------------------------------------
# 8.3 — the consequence


@pytest.mark.clause("8.3")
def test_a_school_with_breaches_is_ordered_to_put_them_right() -> None:
    """“学校在学籍管理中有下列情形之一的，由其教育主管部门责令整改；情节严重的，追究校长和相关人员责任”"""
    r = forged_registration(attending=False, identity_source=None)
    findings = all_findings(r, dt.date(2020, 12, 1))
    order = b.rectification_order(findings, "A1")
    assert not order.allowed
    cited = {x.clause for x in order.reasons}
    assert {"8.3", "8.3.2", "8.3.1"} <= cited
    assert b.rectification_order(findings, "B1").allowed
    assert b.rectification_order([], "A1").allowed


# ---------------------------------------------------------------------------------------------------
# Property: the library's own acts never make a history its audit calls a breach

_ACTS = st.lists(
    st.sampled_from(
        ["photo", "confirm", "archive", "file", "check", "promote", "transfer", "move", "export",
         "review", "rename"]
    ),
    max_size=10,
)  # fmt: skip
_NEVER = {"8.3.2", "8.3.3", "8.3.5", "8.3.7", "8.3.9", "8.3.10", "4", "1.1"}


@pytest.mark.clause("8.3", "8.3.10")
@given(acts=_ACTS)
def test_the_librarys_own_acts_are_never_breaches(acts: list[str]) -> None:
    r = registered()
    day = DAY
    for act in acts:
        day += dt.timedelta(days=23)
        c = ctx(day)
        event: Event
        if act == "photo":
            event = ImportPhoto(student=SN)
        elif act == "confirm":
            event = ConfirmNewStudentData(student=SN, parents_signed=True, submitted=True)
        elif act == "archive":
            event = CreateArchive(student=SN, contents=OPENING)
        elif act == "file":
            event = FileArchiveItems(student=SN, contents={ArchiveItem.HEALTH})
        elif act == "check":
            event = AttendanceCheck(student=SN, attending=True)
        elif act == "promote":
            day = dt.date(day.year if (day.month, day.day) <= (8, 10) else day.year + 1, 8, 10)
            c = ctx(day)
            event = Promote(student=SN)
        elif act == "transfer":
            if r.grade.is_graduation_year or r.transfer is not None:
                continue
            r = transferred(r, day, to="A1" if r.school_code == "B1" else "B1")
            continue
        elif act == "move":
            event = MoveArchive(
                student=SN, from_school="A1" if r.school_code == "B1" else "B1",
                to_school=r.school_code, electronic_backup_kept=True, paper_copies_kept=True,
            )  # fmt: skip
        elif act == "export":
            event = DataExported(student=SN, recipient="县教育局", approval="批3号", masked=True)
        elif act == "review":
            event = Reviewed(student=SN)
        else:
            _d, renamed = change_student_data(
                r, {StudentField.NAME: "阿依" if r.student.name != "阿依" else "吉克阿呷"}, c,
                police_proof=True, proof_scan=True, school_approves=True,
            )  # fmt: skip
            assert renamed is not None
            r = renamed
            continue
        if evaluate(r, event, c).allowed:  # type: ignore[arg-type]
            r = apply(r, event, c)  # type: ignore[arg-type]
    assert from_json(to_json(r), Record) == r
    found = [
        f for f in all_findings(r, day + dt.timedelta(days=1)) if f.severity is Severity.BREACH
    ]
    assert not [f for f in found if f.clause in _NEVER], [str(f) for f in found]


@pytest.mark.clause("8.3")
def test_the_checks_are_silent_on_a_record_without_history() -> None:
    """The checks declare ``applies_when(history=True)``: a record with no history gives them nothing."""
    imported = record(grade(3), A, student_=KID, enrolled_on=dt.date(2018, 9, 1))
    for fn in b.__all__:
        check = getattr(b, fn)
        if getattr(check, "__audit_when__", None) is not None:
            assert list(check(imported, ctx(dt.date(2021, 3, 1)))) == [], fn
