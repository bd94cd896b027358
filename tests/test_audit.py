"""The audit: the checks of ``policy/overdue.py`` clause by clause, and ``audit()`` itself —
order, grouping, processes, check errors, the relevance filter and the synthetic ground truth."""

from __future__ import annotations

import collections
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import liangshan_xueji.policy  # noqa: F401 - registers every check
from liangshan_xueji.audit.runner import AuditStats, audit, audit_roster
from liangshan_xueji.calendar.workdays import WorkCalendar
from liangshan_xueji.io.roster import RosterInput, RosterNotGrouped, RosterReader
from liangshan_xueji.policy import default_regulation, overdue
from liangshan_xueji.policy.overdue import Relevance, applies_when
from liangshan_xueji.records.findings import Finding, Severity
from liangshan_xueji.records.models import (
    ClassInfo,
    Event,
    Grade,
    Guardian,
    HistoryEntry,
    IdentityNumber,
    Record,
    School,
    SchoolSystem,
    Stage,
    Status,
    Student,
    StudentNumber,
    SuspensionPeriod,
    TeachingMode,
    TransferWorkflow,
)
from liangshan_xueji.records.status import (
    Context,
    Death,
    Demote,
    DepartureReason,
    Graduate,
    MarkDropout,
    MarkSuspectedDropout,
    OtherDeparture,
    Promote,
    Resume,
    Retain,
    ReturnToSchool,
    RollbackGraduation,
    SeniorCohort,
    Suspend,
    TransferAct,
    TransferParty,
    TransferRequest,
)
from liangshan_xueji.synth import read_truth, synthesize
from lifecycle_strategies import worlds
from test_status_properties import run as live

P, J, S = Stage.PRIMARY, Stage.JUNIOR, Stage.SENIOR
SIX, FIVE = SchoolSystem.SIX_THREE, SchoolSystem.FIVE_FOUR
ONE, TWO = TeachingMode.MODEL_ONE, TeachingMode.MODEL_TWO
AS_OF = dt.date(2024, 6, 14)


def school(
    code: str,
    *,
    county: str = "西昌市",
    stages: Iterable[Stage] = (P, J),
    system: SchoolSystem = SIX,
    mode: TeachingMode = TWO,
    provincial: bool = False,
) -> School:
    stages = frozenset(stages)
    classes = []
    for year in range(1, 13):
        g = Grade.from_year(year, system)
        if g.stage in stages:
            classes.append(ClassInfo(grade=g, name="1班", size=30))
    return School(
        code=code,
        name=f"学校{code}",
        county=county,
        stages=stages,
        system=system,
        mode=mode,
        provincial_model=provincial,
        classes=tuple(classes),
    )


A = school("5134010001")
B = school("5134010002", county="德昌县")
Y1 = school("5134310001", county="昭觉县", mode=ONE)
F = school("5134020001", county="会理市", system=FIVE)
SEN = school("5134010003", stages=(S,))
SEN_MODEL = school("5134010004", stages=(S,), provincial=True)
SEN_ONE = school("5134360001", county="美姑县", stages=(S,), mode=ONE)
SCHOOLS = (A, B, Y1, F, SEN, SEN_MODEL, SEN_ONE)


def ctx(on: dt.date = AS_OF, **kw: object) -> Context:
    # The national calendar, explicitly: these tests' dates were computed on it (the default is the
    # prefecture's, tested in test_liangshan_calendar.py).
    kw.setdefault("calendar", WorkCalendar.national())
    return Context(on=on, schools=SCHOOLS, **kw)  # type: ignore[arg-type]


_made = itertools.count()


def student(region: str = "513401") -> Student:
    """A fresh student: every call a new ID number (birth dates from 2012-03-05 on)."""
    n = next(_made)
    birth = dt.date(2012, 3, 5) + dt.timedelta(days=n // 400)
    ident = IdentityNumber.build(region, birth, 2 * (n % 400) + 1)
    return Student(
        name="吉克阿呷",
        sex=ident.sex,
        birth_date=ident.birth_date,
        ethnicity="彝族",
        identity_number=ident,
        student_number=StudentNumber.from_identity(ident),
        household_registration="西昌市",
        address="西昌市某街1号",
        guardians=(Guardian(relation="父亲", name="吉克木呷"),),
    )


def rec(
    at: School = A,
    year: int = 4,
    *,
    status: Status = Status.ENROLLED,
    **kw: object,
) -> Record:
    return Record(
        student=student(),
        school_code=at.code,
        grade=Grade.from_year(year, at.system),
        class_name="1班",
        status=status,
        enrolled_on=dt.date(2018, 9, 1),
        **kw,  # type: ignore[arg-type]
    )


def grade(year: int, at: School = A) -> Grade:
    return Grade.from_year(year, at.system)


def entry(
    r: Record,
    on: dt.date,
    event: Event,
    *,
    status: Status | None = None,
    at: School | None = None,
    year: int | None = None,
) -> HistoryEntry:
    code = (at.code if at else None) or (r.history[-1].school_code if r.history else r.school_code)
    system = at.system if at else next(s.system for s in SCHOOLS if s.code == code)
    g = (
        Grade.from_year(year, system)
        if year is not None
        else (r.history[-1].grade if r.history else r.grade)
    )
    return HistoryEntry(
        on=on,
        event=event,
        status=status or (r.history[-1].status if r.history else r.status),
        school_code=code,
        grade=g,
    )


def with_history(r: Record, *entries: HistoryEntry, **changes: object) -> Record:
    """``r`` with these entries; the snapshot follows the last one unless ``changes`` say otherwise."""
    last = entries[-1]
    snap = {"status": last.status, "school_code": last.school_code, "grade": last.grade}
    snap.update(changes)  # type: ignore[arg-type]
    return attrs.evolve(r, history=(*r.history, *entries), **snap)


def sn(r: Record) -> StudentNumber:
    return r.student.student_number


def run(check: object, r: Record, on: dt.date = AS_OF, **kw: object) -> list[Finding]:
    return list(check(r, ctx(on, **kw)))  # type: ignore[operator]


def clauses_of(found: Sequence[Finding]) -> list[str]:
    return [f.clause for f in found]


# --------------------------------------------------------------------------------------------------
# 2.1.4


@pytest.mark.clause("2.1.4")
def test_open_transfer_past_due_is_overdue_with_its_due_date() -> None:
    wf = TransferWorkflow(
        to_school=B.code,
        to_grade=grade(4),
        to_class="1班",
        started_on=dt.date(2024, 3, 1),
        due=dt.date(2024, 3, 15),
        cross_prefecture=False,
        receiving_authority_on=dt.date(2024, 3, 4),
    )
    found = run(overdue.transfer_overdue, rec(transfer=wf))
    assert clauses_of(found) == ["2.1.4"]
    assert found[0].severity is Severity.OVERDUE
    assert found[0].due == dt.date(2024, 3, 15)
    assert found[0].county == "西昌市"
    assert "转出学校" in found[0].zh and "sending school" in found[0].en
    assert run(overdue.transfer_overdue, rec(transfer=wf), on=dt.date(2024, 3, 15)) == []


def _transfer(r: Record, to: School, on: dt.date, gaps: Sequence[int]) -> Record:
    c = ctx(on)
    from liangshan_xueji.policy import apply

    r = apply(
        r,
        TransferRequest(
            student=sn(r), to_school=to.code, to_class="1班", materials={"F1", "basic_info_sheet"}
        ),
        c,
    )
    d = on
    cal = WorkCalendar.national()
    for party, gap in zip(TransferParty, gaps, strict=True):
        d = cal.add_workdays(d, gap)
        r = apply(r, TransferAct(student=sn(r), party=party), c.at(d))
    return r


@pytest.mark.clause("2.1.4")
def test_transfer_completed_after_ten_working_days_is_overdue() -> None:
    late = _transfer(rec(), B, dt.date(2023, 10, 9), (1, 1, 12))
    found = run(overdue.transfer_overdue, late)
    assert clauses_of(found) == ["2.1.4"]
    due = WorkCalendar.national().add_workdays(dt.date(2023, 10, 9), 10)
    assert found[0].due == due
    on_time = _transfer(rec(), B, dt.date(2023, 10, 9), (1, 1, 8))
    assert run(overdue.transfer_overdue, on_time) == []


@pytest.mark.clause("2.1.4")
def test_refused_transfer_is_not_late() -> None:
    r = rec()
    req = entry(
        r, dt.date(2023, 10, 9), TransferRequest(student=sn(r), to_school=B.code, to_class="1班")
    )
    no = entry(
        r,
        dt.date(2023, 12, 1),
        TransferAct(student=sn(r), party=TransferParty.SENDING_SCHOOL, approve=False),
    )
    assert run(overdue.transfer_overdue, with_history(r, req, no)) == []


# --------------------------------------------------------------------------------------------------
# 2.1.5, 2.1.6.x, 6.1, 6.3


def forced_transfer(
    r: Record, to: School, on: dt.date, to_year: int, *, done_on: dt.date | None = None
) -> Record:
    """A transfer recorded without the rules: request on ``on``, two acts, completion ``done_on``."""
    req = entry(r, on, TransferRequest(student=sn(r), to_school=to.code, to_class="1班"))
    acts = [
        entry(r, on + dt.timedelta(days=k), TransferAct(student=sn(r), party=p))
        for k, p in enumerate(list(TransferParty)[:2], start=1)
    ]
    done = HistoryEntry(
        on=done_on or on + dt.timedelta(days=3),
        event=TransferAct(student=sn(r), party=TransferParty.SENDING_AUTHORITY),
        status=Status.ENROLLED,
        school_code=to.code,
        grade=Grade.from_year(to_year, to.system),
    )
    return with_history(attrs.evolve(r, history=(*r.history, req, *acts)), done)


@pytest.mark.clause("2.1.6.3")
def test_transfer_completed_in_a_graduation_year() -> None:
    r = forced_transfer(rec(A, 6), B, dt.date(2023, 11, 6), 6)
    assert clauses_of(run(overdue.barred_transfer_completed, r)) == ["2.1.6.3"]


@pytest.mark.clause("2.1.6.3")
def test_five_four_primary_five_is_a_graduation_year() -> None:
    r = forced_transfer(rec(F, 5), A, dt.date(2023, 11, 6), 5)
    assert clauses_of(run(overdue.barred_transfer_completed, r)) == ["2.1.6.3"]


@pytest.mark.clause("2.1.6.4")
def test_transfer_completed_during_suspension() -> None:
    r = rec(A, 3)
    sus = entry(r, dt.date(2023, 10, 9), Suspend(student=sn(r)), status=Status.SUSPENDED)
    r = with_history(r, sus)
    r = forced_transfer(r, B, dt.date(2023, 11, 6), 3)
    found = run(overdue.barred_transfer_completed, r)
    assert clauses_of(found) == ["2.1.6.4"]
    assert "2.1.3" in found[0].zh


@pytest.mark.clause("2.1.6.2")
def test_senior_transfer_into_a_provincial_model_school() -> None:
    r = forced_transfer(rec(SEN, 10), SEN_MODEL, dt.date(2023, 11, 6), 10)
    assert clauses_of(run(overdue.barred_transfer_completed, r)) == ["2.1.6.2"]
    back = forced_transfer(rec(SEN_MODEL, 10), SEN, dt.date(2023, 11, 6), 10)
    assert run(overdue.barred_transfer_completed, back) == []


@pytest.mark.clause("6.1", "8.3.9")
def test_non_model_one_student_transferred_into_a_model_one_school() -> None:
    r = forced_transfer(rec(A, 3), Y1, dt.date(2023, 11, 6), 3)
    found = run(overdue.barred_transfer_completed, r)
    assert clauses_of(found) == ["6.1"]
    assert found[0].severity is Severity.BREACH
    assert "8.3.9" in found[0].zh and found[0].county == "昭觉县"
    out = forced_transfer(rec(Y1, 3), A, dt.date(2023, 11, 6), 3)
    assert run(overdue.barred_transfer_completed, out) == []


@pytest.mark.clause("6.3", "8.3.9")
def test_non_model_one_senior_transferred_into_a_model_one_senior_high() -> None:
    r = forced_transfer(rec(SEN, 11), SEN_ONE, dt.date(2023, 11, 6), 11)
    assert clauses_of(run(overdue.barred_transfer_completed, r)) == ["6.3"]


@pytest.mark.clause("2.1.5")
def test_transfer_that_changes_the_year_between_school_systems() -> None:
    up = forced_transfer(rec(A, 4), F, dt.date(2023, 11, 6), 5)
    assert clauses_of(run(overdue.barred_transfer_completed, up)) == ["2.1.5"]
    same = forced_transfer(rec(A, 4), F, dt.date(2023, 11, 6), 4)
    assert run(overdue.barred_transfer_completed, same) == []


@pytest.mark.clause("2.1.5", "3.1")
def test_a_promotion_between_request_and_completion_is_not_a_changed_year() -> None:
    r = forced_transfer(rec(A, 4), B, dt.date(2023, 8, 7), 5, done_on=dt.date(2023, 8, 14))
    assert run(overdue.barred_transfer_completed, r) == []
    same_year = forced_transfer(rec(A, 4), B, dt.date(2023, 9, 7), 5, done_on=dt.date(2023, 9, 14))
    assert clauses_of(run(overdue.barred_transfer_completed, same_year)) == ["2.1.5"]


# --------------------------------------------------------------------------------------------------
# 2.2.3, 2.2.5


@pytest.mark.clause("2.2.3")
def test_lapsed_suspension_is_overdue() -> None:
    period = SuspensionPeriod(started_on=dt.date(2023, 3, 1), ends_on=dt.date(2024, 3, 1))
    found = run(overdue.suspension_lapsed, rec(status=Status.SUSPENDED, suspension=period))
    assert clauses_of(found) == ["2.2.3"]
    assert found[0].due == dt.date(2024, 3, 1)
    assert found[0].severity is Severity.OVERDUE
    assert (
        run(
            overdue.suspension_lapsed,
            rec(status=Status.SUSPENDED, suspension=period),
            dt.date(2024, 3, 1),
        )
        == []
    )


@pytest.mark.clause("2.2.3", "2.2.4")
def test_lapse_is_read_from_the_history_without_a_period() -> None:
    r = rec()
    sus = entry(r, dt.date(2022, 9, 5), Suspend(student=sn(r)), status=Status.SUSPENDED)
    from liangshan_xueji.records.status import ExtendSuspension

    ext = entry(r, dt.date(2023, 8, 20), ExtendSuspension(student=sn(r)))
    found = run(overdue.suspension_lapsed, with_history(r, sus))
    assert [f.due for f in found] == [dt.date(2023, 9, 5)]
    assert run(overdue.suspension_lapsed, with_history(r, sus, ext)) == []  # extended to 2024-09-05


@pytest.mark.clause("2.2.5")
def test_graduation_year_suspension_not_filed_with_the_prefecture() -> None:
    r = rec(A, 9)
    bad = entry(
        r,
        dt.date(2023, 10, 9),
        Suspend(student=sn(r), filed_with_prefecture=False),
        status=Status.SUSPENDED,
    )
    period = SuspensionPeriod(started_on=dt.date(2023, 10, 9), ends_on=dt.date(2024, 10, 9))
    found = run(overdue.graduation_year_suspension_unfiled, with_history(r, bad, suspension=period))
    assert clauses_of(found) == ["2.2.5"]
    good = entry(
        r,
        dt.date(2023, 10, 9),
        Suspend(student=sn(r), filed_with_prefecture=True),
        status=Status.SUSPENDED,
    )
    assert run(overdue.graduation_year_suspension_unfiled, with_history(r, good)) == []
    snapshot_only = rec(A, 9, status=Status.SUSPENDED, suspension=period)
    assert clauses_of(run(overdue.graduation_year_suspension_unfiled, snapshot_only)) == ["2.2.5"]
    not_grad = rec(A, 8, status=Status.SUSPENDED, suspension=period)
    assert run(overdue.graduation_year_suspension_unfiled, not_grad) == []


# --------------------------------------------------------------------------------------------------
# 2.3 and its routes (8.3.8)


@pytest.mark.clause("2.3", "8.3.8")
@pytest.mark.parametrize("kind", [Retain, Demote])
def test_compulsory_retention_or_demotion_recorded(kind: type[Event]) -> None:
    r = rec(A, 8)
    e = entry(r, dt.date(2023, 9, 1), kind(student=sn(r)), year=7)  # type: ignore[call-arg]
    found = run(overdue.compulsory_year_decreased, with_history(r, e))
    assert clauses_of(found) == ["2.3"]
    assert "8.3.8" in found[0].zh


@pytest.mark.clause("2.3")
def test_senior_retention_is_not_a_compulsory_breach() -> None:
    r = rec(SEN, 12)
    e = entry(r, dt.date(2023, 9, 1), Retain(student=sn(r)), year=11)
    assert run(overdue.compulsory_year_decreased, with_history(r, e)) == []


@pytest.mark.clause("2.1.6.5", "2.2.5", "2.4.3", "2.3")
@pytest.mark.parametrize(
    ("make", "clause"),
    [
        (lambda r: TransferAct(student=sn(r), party=TransferParty.SENDING_AUTHORITY), "2.1.6.5"),
        (lambda r: Resume(student=sn(r)), "2.2.5"),
        (lambda r: ReturnToSchool(student=sn(r)), "2.4.3"),
        (lambda r: MarkDropout(student=sn(r)), "2.3"),
    ],
)
def test_year_lowered_is_cited_by_its_route(make: object, clause: str) -> None:
    r = rec(A, 5)
    first = entry(r, dt.date(2023, 9, 20), MarkSuspectedDropout(student=sn(r)))
    lower = entry(r, dt.date(2023, 11, 1), make(r), year=4)  # type: ignore[operator]
    found = run(overdue.compulsory_year_decreased, with_history(r, first, lower))
    assert clauses_of(found) == [clause]


@pytest.mark.clause("2.3", "8.3.8")
def test_snapshot_below_its_history_is_a_disguised_retention() -> None:
    r = rec(A, 5)
    e = entry(r, dt.date(2023, 9, 20), MarkSuspectedDropout(student=sn(r)))
    edited = with_history(r, e, grade=grade(4))
    found = run(overdue.compulsory_year_decreased, edited)
    assert clauses_of(found) == ["2.3"]
    assert "snapshot" in found[0].evidence


# --------------------------------------------------------------------------------------------------
# 2.4.1, 2.4.2


@pytest.mark.clause("2.4.1", "8.3.4")
def test_compulsory_dropout_not_reported_in_writing() -> None:
    r = rec(A, 7)
    e = entry(
        r,
        dt.date(2023, 11, 1),
        MarkDropout(student=sn(r), family_reasons=True, mobilised=True),
        status=Status.DROPPED_OUT,
    )
    assert clauses_of(run(overdue.dropout_unreported, with_history(r, e))) == ["2.4.1"]
    ok = entry(
        r,
        dt.date(2023, 11, 1),
        MarkDropout(student=sn(r), explicitly_quit=True, reported_in_writing=True),
        status=Status.DROPPED_OUT,
    )
    assert run(overdue.dropout_unreported, with_history(r, ok)) == []
    senior = rec(SEN, 10)
    e2 = entry(
        senior,
        dt.date(2023, 11, 1),
        MarkDropout(student=sn(senior), explicitly_quit=True),
        status=Status.DROPPED_OUT,
    )
    assert run(overdue.dropout_unreported, with_history(senior, e2)) == []


@pytest.mark.clause("2.4.2")
def test_dropout_without_its_grounds() -> None:
    r = rec(A, 7)
    e = entry(
        r,
        dt.date(2023, 11, 1),
        MarkSuspectedDropout(student=sn(r), mobilised=True, reported_in_writing=True),
        status=Status.SUSPECTED_DROPOUT,
    )
    assert clauses_of(run(overdue.departure_without_grounds, with_history(r, e))) == ["2.4.2"]
    quit_ = entry(
        r,
        dt.date(2023, 11, 1),
        MarkDropout(student=sn(r), explicitly_quit=True, reported_in_writing=True),
        status=Status.DROPPED_OUT,
    )
    assert run(overdue.departure_without_grounds, with_history(r, quit_)) == []


@pytest.mark.clause("1.5", "2.4.1")
def test_a_provisional_dropout_is_audited_for_its_grounds_and_its_report() -> None:
    """1.5's 暂做辍学: long away (more than 3 months) and unreachable; reported in writing (2.4.1)."""
    from liangshan_xueji.records.status import ProvisionalDropout

    r = rec(A, 7)
    on = dt.date(2023, 11, 1)

    def dropped(**kw: object) -> Record:
        event = ProvisionalDropout(student=sn(r), **kw)  # type: ignore[arg-type]
        return with_history(r, entry(r, on, event, status=Status.DROPPED_OUT))

    lawful = dropped(absent_since=dt.date(2023, 6, 1), unreachable=True, reported_in_writing=True)
    assert run(overdue.departure_without_grounds, lawful) == []
    assert run(overdue.dropout_unreported, lawful) == []
    early = dropped(absent_since=dt.date(2023, 8, 1), unreachable=False, reported_in_writing=True)
    found = run(overdue.departure_without_grounds, early)
    assert clauses_of(found) == ["1.5"] and "3 个月" in found[0].zh and "联系" in found[0].zh
    silent = dropped(absent_since=dt.date(2023, 6, 1), unreachable=True)
    assert clauses_of(run(overdue.dropout_unreported, silent)) == ["2.4.1"]


@pytest.mark.clause("2.4.2", "1.5")
@pytest.mark.parametrize(
    ("since", "unreachable", "n"),
    [
        (dt.date(2023, 6, 1), True, 0),  # more than 3 months, unreachable: lawful
        (dt.date(2023, 8, 1), True, 1),  # exactly 3 months is not "more than"
        (dt.date(2023, 6, 1), False, 1),  # the family can still be reached
        (None, True, 1),  # no date of leaving
    ],
)
def test_other_departure_before_three_months_or_while_reachable(
    since: dt.date | None, unreachable: bool, n: int
) -> None:
    r = rec(A, 7)
    e = entry(
        r,
        dt.date(2023, 11, 1),
        OtherDeparture(
            student=sn(r),
            reason=DepartureReason.UNEXPLAINED_ABSENCE,
            absent_since=since,
            unreachable=unreachable,
        ),
        status=Status.OTHER_DEPARTURE,
    )
    assert len(run(overdue.departure_without_grounds, with_history(r, e))) == n


# --------------------------------------------------------------------------------------------------
# 2.5


@pytest.mark.clause("2.5")
def test_death_reported_after_ten_working_days() -> None:
    r = rec()
    died = dt.date(2023, 9, 25)
    due = WorkCalendar.national().add_workdays(died, 10)  # across the National Day holiday
    assert due == dt.date(2023, 10, 13)  # 9-29..10-6 off, 10-7 and 10-8 (weekend) worked
    late = entry(
        r,
        due + dt.timedelta(days=1),
        Death(student=sn(r), died_on=died, proof=True),
        status=Status.DECEASED,
    )
    found = run(overdue.death_report, with_history(r, late))
    assert clauses_of(found) == ["2.5"]
    assert found[0].due == due and found[0].severity is Severity.OVERDUE
    on_time = entry(r, due, Death(student=sn(r), died_on=died, proof=True), status=Status.DECEASED)
    assert run(overdue.death_report, with_history(r, on_time)) == []


@pytest.mark.clause("2.5")
def test_a_death_is_never_undone() -> None:
    r = rec()
    d = entry(
        r,
        dt.date(2023, 10, 9),
        Death(student=sn(r), died_on=dt.date(2023, 10, 8), proof=True),
        status=Status.DECEASED,
    )
    back = entry(r, dt.date(2023, 11, 1), ReturnToSchool(student=sn(r)), status=Status.ENROLLED)
    found = run(overdue.death_report, with_history(r, d, back))
    assert clauses_of(found) == ["2.5"] and found[0].severity is Severity.BREACH
    snapshot = with_history(r, d, status=Status.ENROLLED)
    assert clauses_of(run(overdue.death_report, snapshot)) == ["2.5"]


# --------------------------------------------------------------------------------------------------
# 3.1


@pytest.mark.clause("3.1")
def test_graduation_year_student_still_enrolled_after_july_30() -> None:
    r = rec(A, 6)
    seen = entry(r, dt.date(2022, 10, 10), MarkSuspectedDropout(student=sn(r)))
    back = entry(r, dt.date(2022, 11, 10), ReturnToSchool(student=sn(r)))
    found = run(overdue.graduation, with_history(r, seen, back))
    assert clauses_of(found) == ["3.1"]
    assert found[0].due == dt.date(2023, 7, 30)
    this_year = entry(r, dt.date(2023, 10, 10), ReturnToSchool(student=sn(r)))
    assert run(overdue.graduation, with_history(r, this_year)) == []


@pytest.mark.clause("3.1")
def test_every_graduation_year_student_is_overdue_between_july_31_and_august_10() -> None:
    r = rec(A, 6)

    def window(on: dt.date) -> list[Finding]:
        return list(overdue.graduation_window([r, rec(A, 5)], ctx(on)))

    assert window(dt.date(2024, 7, 30)) == []
    assert [f.due for f in window(dt.date(2024, 7, 31))] == [dt.date(2024, 7, 30)]
    assert len(window(dt.date(2024, 8, 10))) == 1
    assert window(dt.date(2024, 8, 11)) == []  # promoted or graduated: a new school year
    assert run(overdue.graduation, r, dt.date(2024, 8, 1)) == []  # without a history: the window's


@pytest.mark.clause("3.1")
def test_a_promotion_counts_from_the_school_year_it_opens() -> None:
    r = rec(A, 6)
    promoted = entry(r, dt.date(2023, 8, 10), Promote(student=sn(r)), year=6)
    assert run(overdue.graduation, with_history(r, promoted)) == []


@pytest.mark.clause("3.1")
def test_graduation_recorded_after_july_30() -> None:
    r = rec(A, 6)
    late = entry(r, dt.date(2023, 8, 2), Graduate(student=sn(r)), status=Status.GRADUATED)
    found = run(overdue.graduation, with_history(r, late))
    assert clauses_of(found) == ["3.1"] and found[0].due == dt.date(2023, 7, 30)
    ok = entry(r, dt.date(2023, 7, 10), Graduate(student=sn(r)), status=Status.GRADUATED)
    assert run(overdue.graduation, with_history(r, ok)) == []


@pytest.mark.clause("3.1")
def test_graduates_are_never_rolled_back() -> None:
    r = rec(A, 6)
    g = entry(r, dt.date(2023, 7, 10), Graduate(student=sn(r)), status=Status.GRADUATED)
    back = entry(r, dt.date(2023, 9, 1), RollbackGraduation(student=sn(r)), status=Status.ENROLLED)
    found = run(overdue.graduation, with_history(r, g, back))
    assert clauses_of(found) == ["3.1"] and found[0].severity is Severity.BREACH
    senior = rec(SEN, 12)
    g2 = entry(senior, dt.date(2023, 7, 10), Graduate(student=sn(senior)), status=Status.GRADUATED)
    b2 = entry(
        senior, dt.date(2023, 9, 1), RollbackGraduation(student=sn(senior)), status=Status.ENROLLED
    )
    assert run(overdue.graduation, with_history(senior, g2, b2), dt.date(2023, 10, 1)) == []


# --------------------------------------------------------------------------------------------------
# School checks: 3.3, the 2 % cap of 2.3


@pytest.mark.clause("3.3")
def test_the_same_student_twice_in_one_school_is_reported_once() -> None:
    r = rec()
    twin = attrs.evolve(r, class_name="2班")
    other = rec()
    found = list(overdue.duplicate_records([r, other, twin], ctx()))
    assert clauses_of(found) == ["3.3"]
    assert found[0].student == sn(r) and found[0].severity is Severity.NOTICE
    removed = attrs.evolve(twin, status=Status.DUPLICATE_REMOVED)
    assert list(overdue.duplicate_records([r, removed], ctx())) == []


@pytest.mark.clause("3.3")
def test_one_id_number_under_two_student_numbers() -> None:
    r = rec()
    ident = r.student.identity_number
    assert ident is not None
    temp = attrs.evolve(
        r, student=attrs.evolve(r.student, student_number=StudentNumber("L" + ident.reveal()))
    )
    found = list(overdue.duplicate_records([r, temp], ctx()))
    assert len(found) == 1 and "ID number" in found[0].en


def _retained(at: School, n: int) -> list[Record]:
    out = []
    for _ in range(n):
        r = rec(at, 12)
        e = entry(r, dt.date(2023, 8, 20), Retain(student=sn(r)), year=11)
        out.append(with_history(r, e))
    return out


@pytest.mark.clause("2.3")
def test_senior_retentions_over_two_percent_of_a_cohort() -> None:
    """Per cohort (2.3's reading): two members of the cohort that entered senior 1 in 2021 were
    retained out of senior 3 in 2023-24. Without its size at entry the size is estimated from the
    roster (its line 在校 or 休学, and those retained out of it) and the finding is a notice; with the
    cohort's figures (``ctx.cohorts``) a breach."""
    line = [rec(SEN, 12) for _ in range(60)]  # the 2021 cohort, in senior 3 in 2023-24
    over = list(overdue.senior_retention_cap(line + _retained(SEN, 2), ctx()))
    assert clauses_of(over) == ["2.3"] and over[0].student is None
    assert over[0].severity is Severity.NOTICE  # 62 estimated: 1 allowed
    assert "2021" in over[0].zh and "size=62" in over[0].evidence
    assert list(overdue.senior_retention_cap(line + _retained(SEN, 1), ctx())) == []
    # the line's students are its records 在校 or 休学: 40 who left do not raise the cap to 2
    left = [
        rec(SEN, 12, status=s) for s in (Status.DROPPED_OUT, Status.GRADUATED) for _ in range(20)
    ]
    assert clauses_of(overdue.senior_retention_cap(line + _retained(SEN, 2) + left, ctx())) == [
        "2.3"
    ]
    suspended = [rec(SEN, 12, status=Status.SUSPENDED) for _ in range(40)]
    assert list(overdue.senior_retention_cap(line + _retained(SEN, 2) + suspended, ctx())) == []
    # another cohort's line does not count: 60 in senior 2 are the 2022 cohort
    younger = [rec(SEN, 11) for _ in range(60)]
    assert clauses_of(overdue.senior_retention_cap(younger + _retained(SEN, 1), ctx())) == ["2.3"]
    # with the cohort's figures: its size at entry, and its own count when larger than the roster's
    known = (SeniorCohort(school_code=SEN.code, entered=2021, size=60, retained=0),)
    full = list(overdue.senior_retention_cap(line + _retained(SEN, 2), ctx(cohorts=known)))
    assert [f.severity for f in full] == [Severity.BREACH]
    roomy = (SeniorCohort(school_code=SEN.code, entered=2021, size=100, retained=0),)
    assert list(overdue.senior_retention_cap(line + _retained(SEN, 2), ctx(cohorts=roomy))) == []
    counted = (attrs.evolve(roomy[0], retained=3),)
    found = list(overdue.senior_retention_cap(line + _retained(SEN, 1), ctx(cohorts=counted)))
    assert [f.severity for f in found] == [Severity.BREACH] and "3" in found[0].zh


# --------------------------------------------------------------------------------------------------
# Relevance


def test_relevance_admits_only_what_it_declares() -> None:
    r = Relevance(history=True, statuses=frozenset({Status.SUSPENDED}))
    assert r.admits(Status.ENROLLED, True, False, False)
    assert r.admits(Status.SUSPENDED, False, False, False)
    assert not r.admits(Status.ENROLLED, False, True, True)

    @applies_when(transfer=True)
    def fn() -> None: ...

    assert fn.__audit_when__ == Relevance(transfer=True)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------------
# audit()


def _grouped(records: Iterable[Record]) -> list[Record]:
    return sorted(records, key=lambda r: r.school_code)


def _mixed_records() -> list[Record]:
    rs = [
        forced_transfer(rec(A, 3), Y1, dt.date(2023, 11, 6), 3),
        rec(A, 2),
        rec(
            B,
            6,
            status=Status.SUSPENDED,
            suspension=SuspensionPeriod(
                started_on=dt.date(2022, 1, 4), ends_on=dt.date(2023, 1, 4)
            ),
        ),
        rec(B, 1),
    ]
    return _grouped(rs)


def test_audit_yields_findings_school_by_school_and_counts() -> None:
    stats = AuditStats()
    found = list(audit(_mixed_records(), ctx(), stats=stats))
    assert stats.records_audited == 4
    assert stats.findings == len(found) >= 2
    assert {"6.1", "2.2.3"} <= {f.clause for f in found}
    assert stats.by_clause["6.1"] == 1
    order = [r.school_code for r in _mixed_records()]
    positions = [order.index(f.school_code) for f in found if f.school_code in order]
    assert positions == sorted(positions)


def test_audit_refuses_a_stream_not_grouped_by_school() -> None:
    """A stream (any iterable but a list or tuple) is never held in memory: it must come grouped."""
    rs = [rec(A), rec(B), rec(A)]
    with pytest.raises(RosterNotGrouped) as info:
        list(audit(iter(rs), ctx()))
    assert "5134010001" in str(info.value) and "records[2]" in str(info.value)


@pytest.mark.parametrize("jobs", [1, 2])
def test_audit_groups_an_unsorted_list_by_school_itself(jobs: int) -> None:
    """a list not sorted by school is grouped (schools in order of first appearance), with
    the same findings as the grouped list; the prefecture-wide duplicate names the input positions."""
    twin = rec(B, 6)
    again = attrs.evolve(twin, school_code=A.code, grade=grade(6))
    mixed = _mixed_records()
    rs = [mixed[0], twin, mixed[1], *mixed[2:], again]
    grouped = sorted(rs, key=lambda r: [x.school_code for x in rs].index(r.school_code))
    got = list(audit(rs, ctx(), jobs=jobs))
    want = list(audit(iter(grouped), ctx(), jobs=jobs))
    key = lambda f: (f.clause, f.school_code, f.student_value(reveal=True), f.zh)  # noqa: E731
    assert sorted(map(key, got)) == sorted(map(key, want))
    dup = [f for f in got if f.clause == "3.3"]
    assert dup, [f.clause for f in got]
    positions = {str(rs.index(twin)), str(len(rs) - 1)}
    assert any(p in f.evidence for f in dup for p in positions), [f.evidence for f in dup]


def test_audit_reports_a_school_missing_from_the_context() -> None:
    """a record of a school the context does not know is reported, not skipped."""
    stranger = attrs.evolve(rec(A), school_code="5134019999")
    found = list(audit([rec(A), stranger, attrs.evolve(stranger)], ctx()))
    notes = [f for f in found if f.school_code == "5134019999" and f.clause == "1.1"]
    assert len(notes) == 1
    assert notes[0].severity is Severity.NOTICE
    assert "2 条" in notes[0].zh and "2 records" in notes[0].en
    assert not [f for f in audit([rec(A)], ctx()) if f.clause == "1.1"]


def test_audit_refuses_bad_arguments() -> None:
    from liangshan_xueji.errors import InvalidInput

    with pytest.raises(InvalidInput):
        list(audit([rec()], ctx(), jobs=0))
    with pytest.raises(InvalidInput):
        list(audit([rec()], object()))  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        list(audit(["not a record"], ctx()))  # type: ignore[list-item]


def test_a_check_that_raises_is_reported_and_the_audit_goes_on() -> None:
    def broken(record: Record, ctx: Context) -> Iterable[Finding]:
        raise ValueError("boom")

    regulation = default_regulation().with_checks(record=[broken])
    stats = AuditStats()
    found = list(audit(_mixed_records(), ctx(), stats=stats, regulation=regulation))
    assert stats.check_errors_total == 4
    assert "broken" in stats.check_errors[0] and "boom" in stats.check_errors[0]
    assert "G513" in stats.check_errors[0] and "*" in stats.check_errors[0]  # masked
    assert {"6.1", "2.2.3"} <= {f.clause for f in found}


def test_jobs_give_the_same_findings_in_the_same_order() -> None:
    rs = _mixed_records() * 1
    one = list(audit(rs, ctx()))
    two = list(audit(rs, ctx(), jobs=2, chunk_records=1))
    assert one == two


# --------------------------------------------------------------------------------------------------
# The synthetic ground truth


def _audit_dir(d: Path, jobs: int = 1) -> tuple[list[Finding], AuditStats]:
    stats = AuditStats()
    with RosterReader(RosterInput.from_path(d)) as reader:
        import json

        as_of = dt.date.fromisoformat(json.loads((d / "manifest.json").read_text())["as_of"])
        found = list(
            audit_roster(
                reader,
                Context(on=as_of, schools=reader.schools, calendar=WorkCalendar.national()),
                jobs=jobs,
                stats=stats,
            )
        )
    return found, stats


def _key(f: Finding) -> tuple[str, str, str]:
    return (f.clause, f.school_code, f.student.reveal() if f.student else "")


@pytest.mark.parametrize("seed", [1, 7, 2016])
def test_the_audit_finds_exactly_the_seeded_breaches(tmp_path: Path, seed: int) -> None:
    synthesize(tmp_path, students=400, seed=seed, breach_rate=0.02, story_rate=0.1)
    found, stats = _audit_dir(tmp_path)
    truth = collections.Counter(
        (t.clause, t.school_code, t.student_number) for t in read_truth(tmp_path / "truth.csv")
    )
    got = collections.Counter(_key(f) for f in found)
    assert got == truth, (got - truth, truth - got)
    assert stats.rows_rejected == stats.events_rejected == stats.check_errors_total == 0
    assert stats.records_audited == stats.rows_read == 400


def test_lawful_stories_raise_no_finding(tmp_path: Path) -> None:
    synthesize(tmp_path, students=400, seed=3, breach_rate=0, story_rate=0.2)
    found, stats = _audit_dir(tmp_path)
    assert found == []
    assert stats.events_read > 100


#: Modules whose every registered check must be exercised by a seeded breach. Checks of other modules
#: are listed by the test but not required (they have no seeders yet).
STRICT_COVERAGE = ("liangshan_xueji.policy.overdue",)
#: Checks that can fire only between 7-31 and 8-10, dates a synthetic roster's as-of never takes.
WINDOW_ONLY = ("graduation_window",)


def test_every_check_of_the_audit_is_exercised_by_a_seeder(tmp_path: Path) -> None:
    synthesize(tmp_path, students=400, seed=11, breach_rate=0.02, story_rate=0.05)
    with RosterReader(RosterInput.from_path(tmp_path)) as reader:
        c = Context(on=AS_OF, schools=reader.schools, calendar=WorkCalendar.national())
        from liangshan_xueji.io.roster import RowParser

        parser = RowParser(reader.specs)
        groups = [parser.parse_block(b)[0] for b in reader.blocks()]

    def admitted(chk: object, r: Record) -> bool:
        when = getattr(chk, "__audit_when__", None)
        key = (r.status, bool(r.history), r.transfer is not None, r.suspension is not None)
        return when is None or bool(when.admits(*key))

    unexercised = []
    for chk in default_regulation().record_checks:
        if not any(list(chk(r, c)) for g in groups for r in g if admitted(chk, r)):
            unexercised.append(chk)
    for sc in default_regulation().school_checks:
        if not any(list(sc(g, c)) for g in groups):
            unexercised.append(sc)
    strict = [
        f.__qualname__
        for f in unexercised
        if f.__module__ in STRICT_COVERAGE and f.__qualname__ not in WINDOW_ONLY
    ]
    assert strict == []


def test_the_relevance_filter_never_hides_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every check run on every record finds what the filtered audit finds (applies_when is true)."""
    synthesize(tmp_path, students=300, seed=5, breach_rate=0.03, story_rate=0.15)
    filtered, _ = _audit_dir(tmp_path)
    for chk in default_regulation().record_checks:
        if hasattr(chk, "__audit_when__"):
            monkeypatch.delattr(chk, "__audit_when__")
    unfiltered, _ = _audit_dir(tmp_path)
    assert filtered == unfiltered


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_each_school_audited_alone_gives_the_same_findings(data: st.DataObject) -> None:
    """Findings are local to a school: auditing schools separately, in any order, changes nothing but
    the order."""
    rs = _mixed_records() + _grouped(
        [rec(A, 6), forced_transfer(rec(A, 6), B, dt.date(2023, 11, 6), 6)]
    )
    rs = _grouped(rs)
    whole = sorted(map(str, audit(rs, ctx())))
    codes = sorted({r.school_code for r in rs})
    order = data.draw(st.permutations(codes))
    parts: list[str] = []
    for code in order:
        parts += map(str, audit([r for r in rs if r.school_code == code], ctx()))
    assert sorted(parts) == whole


@pytest.mark.clause("8.3")
@given(world=worlds(), data=st.data())
def test_a_check_is_silent_on_every_record_its_relevance_excludes(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    """``applies_when`` is true (``kinds`` included): along random lives (transfers, 休学, dropouts,
    deaths, promotions, some acts refused), a check never finds anything on a record whose status,
    history event classes and open workflows its relevance excludes — so the audit loses nothing by
    skipping it there."""
    start, rec = world
    for step in live(data, start, rec):
        r = step.after
        kinds = frozenset(type(e.event) for e in r.history)
        features = (r.status, kinds, r.transfer is not None, r.suspension is not None)
        on = step.context.on
        for chk in default_regulation().record_checks:
            when = getattr(chk, "__audit_when__", None)
            if when is not None and not when.admits(*features):
                assert list(chk(r, step.context.at(on))) == [], chk.__name__


def test_relevance_kinds_narrow_the_history() -> None:
    class Register:
        pass

    class LateRegister(Register):
        pass

    class Death:
        pass

    r = Relevance(history=True, kinds=frozenset({Register}))
    assert not r.admits(Status.ENROLLED, frozenset({Death}), False, False)
    assert r.admits(Status.ENROLLED, frozenset({Death, Register}), False, False)
    assert r.admits(Status.ENROLLED, frozenset({LateRegister}), False, False)  # a subclass
    assert not r.admits(Status.ENROLLED, frozenset(), False, False)
    assert r.admits(Status.ENROLLED, True, False, False)  # only "has a history": cannot exclude
