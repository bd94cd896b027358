"""One predicate per clause: the rule (``evaluate``) and the audit check that re-judges a completed act
call the same function, so they agree on the same facts — the check fires iff the rule would refuse."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.policy import breaches, evaluate, overdue
from liangshan_xueji.policy.keydata import ChangeStudentData, FieldChange, StudentField
from liangshan_xueji.policy.registration import IdentitySource, LookupResult, Register
from liangshan_xueji.policy.review import DataExported
from liangshan_xueji.policy.transfer import TRANSFER_MATERIALS
from liangshan_xueji.records.findings import Severity
from liangshan_xueji.records.models import (
    Grade,
    HistoryEntry,
    Record,
    School,
    SchoolSystem,
    Stage,
    Status,
    TeachingMode,
)
from liangshan_xueji.records.status import (
    Death,
    DepartureReason,
    MarkDropout,
    OtherDeparture,
    Suspend,
    TransferAct,
    TransferParty,
    TransferRequest,
)
from lifecycle_strategies import SUSPENSION_KEYS, context, record, school

P, J, S = Stage.PRIMARY, Stage.JUNIOR, Stage.SENIOR
FIVE = SchoolSystem.FIVE_FOUR
ONE = TeachingMode.MODEL_ONE

#: Schools that make every condition of 2.1.5, 2.1.6.2–2.1.6.5, 6.1 and 6.3 reachable.
SCHOOLS: tuple[School, ...] = (
    school("5134010001"),
    school("5134010002"),
    school("5134020001", system=FIVE),
    school("5134310001", mode=ONE),
    school("5134010003", stages=(S,)),
    school("5134010004", stages=(S,), provincial_model=True),
    school("5134360001", stages=(S,), mode=ONE),
    school("5134360002", stages=(P, J, S), mode=ONE, provincial_model=True),
)
ON = dt.date(2017, 11, 6)

#: The rule's reasons the audit does not re-judge: the class size of the day (2.1.6.1, 2.1.2), the
#: materials (2.1.1), the workflow (2.1) and the advice attached to 2.1.6.4 (2.1.3).
NOT_REPLAYED = frozenset({"2.1.6.1", "2.1.2", "2.1.1", "2.1", "2.1.3"})


def _offered(s: School) -> list[Grade]:
    return [g for g in (Grade.from_year(y, s.system) for y in range(1, 13)) if s.offers(g)]


@st.composite
def transfers(draw: st.DrawFn) -> tuple[Record, School, Grade]:
    """A record (在校 or 休学) at one school and a transfer target: another school and a grade it offers."""
    sending = draw(st.sampled_from(SCHOOLS))
    receiving = draw(st.sampled_from([s for s in SCHOOLS if s.code != sending.code]))
    from_grade = draw(st.sampled_from(_offered(sending)))
    to_grade = draw(st.sampled_from(_offered(receiving)))
    status = draw(st.sampled_from((Status.ENROLLED, Status.SUSPENDED)))
    rec = attrs.evolve(record(from_grade, sending, enrolled_on=dt.date(2017, 9, 1)), status=status)
    return rec, receiving, to_grade


def _completed(rec: Record, receiving: School, to_grade: Grade) -> Record:
    """``rec`` with the transfer recorded as done without the rules (request, then the last act)."""
    sn = rec.student.student_number
    start = HistoryEntry(
        on=ON,
        event=TransferRequest(student=sn, to_school=receiving.code, to_class="1班"),
        status=rec.status,
        school_code=rec.school_code,
        grade=rec.grade,
    )
    done = HistoryEntry(
        on=ON,
        event=TransferAct(student=sn, party=TransferParty.SENDING_AUTHORITY),
        status=rec.status,
        school_code=receiving.code,
        grade=to_grade,
    )
    return attrs.evolve(rec, history=(start, done), school_code=receiving.code, grade=to_grade)


def _expected_findings(refused: list[str], to_grade: Grade) -> list[str]:
    """The findings the audit must make for a rule's refusals (by clause, in the check's order)."""
    out = [c for c in ("2.1.6.3", "2.1.6.4") if c in refused]
    model_one = [c for c in refused if c in ("6.1", "6.3")]
    if refused.count("2.1.6.2") > len(model_one):  # the provincial-model bar, not 6.1/6.3's
        out.append("2.1.6.2")
    out += model_one
    if "2.1.6.5" in refused:
        # a lower compulsory year is compulsory_year_decreased's finding; a lower senior year is here
        out += [] if to_grade.compulsory else ["2.1.6.5"]
    elif "2.1.5" in refused:
        out.append("2.1.5")
    return out


@pytest.mark.clause("2.1.5", "2.1.6.2", "2.1.6.3", "2.1.6.4", "2.1.6.5", "6.1", "6.3")
@given(transfers())
def test_the_barred_transfer_check_fires_iff_the_rule_refuses(
    case: tuple[Record, School, Grade],
) -> None:
    rec, receiving, to_grade = case
    ctx = context(ON, *SCHOOLS)
    request = TransferRequest(
        student=rec.student.student_number,
        to_school=receiving.code,
        to_class="1班",
        to_grade=to_grade,
        materials=frozenset(m.key for m in TRANSFER_MATERIALS),
    )
    refused = [r.clause for r in evaluate(rec, request, ctx).refusals]
    found = [
        f.clause
        for f in overdue.barred_transfer_completed(_completed(rec, receiving, to_grade), ctx)
    ]
    assert found == _expected_findings(refused, to_grade), (refused, found)
    judged = [c for c in refused if c not in NOT_REPLAYED]
    lower_compulsory = "2.1.6.5" in refused and to_grade.compulsory
    assert bool(found) == (
        bool(judged) and not (lower_compulsory and set(judged) <= {"2.1.6.5", "2.1.5"})
    )


@pytest.mark.clause("2.1.6.5")
def test_a_senior_transfer_into_a_lower_year_is_found() -> None:
    """The rule refuses a senior transfer into a lower year (2.1.6.5); the audit now finds it too
    (compulsory years were and are found by compulsory_year_decreased)."""
    sending, receiving = SCHOOLS[4], SCHOOLS[5]
    rec = record(Grade.from_year(11, sending.system), sending, enrolled_on=dt.date(2017, 9, 1))
    done = _completed(rec, SCHOOLS[6], Grade.from_year(10, receiving.system))
    found = list(overdue.barred_transfer_completed(done, context(ON, *SCHOOLS)))
    assert [f.clause for f in found] == ["6.3", "2.1.6.5"]


# --------------------------------------------------------------------------------------------------
# The same facts judged twice: the rule on the act, the audit check on the act recorded. Each case
# records the event (as the rule's transition would, or as forced) and runs the clause's check.

HOME = SCHOOLS[0]
SENIOR_HOME = SCHOOLS[4]
DAY = dt.date(2018, 3, 12)


def _recorded(rec: Record, event: object, on: dt.date, status: Status | None = None) -> Record:
    e = HistoryEntry(
        on=on,
        event=event,  # type: ignore[arg-type]
        status=status or rec.status,
        school_code=rec.school_code,
        grade=rec.grade,
    )
    return attrs.evolve(rec, history=(*rec.history, e), status=e.status)


def _record_at(year: int) -> Record:
    at = HOME if year <= 9 else SENIOR_HOME
    return record(Grade.from_year(year, at.system), at, enrolled_on=dt.date(2017, 9, 1))


@pytest.mark.clause("2.4.1", "2.4.2", "8.3.4")
@given(
    year=st.sampled_from((3, 6, 8, 9, 10, 12)),
    family=st.booleans(),
    mobilised=st.booleans(),
    quit_=st.booleans(),
    reported=st.booleans(),
)
def test_dropout_rule_and_audit_agree(
    year: int, family: bool, mobilised: bool, quit_: bool, reported: bool
) -> None:
    rec = _record_at(year)
    event = MarkDropout(
        student=rec.student.student_number,
        family_reasons=family,
        mobilised=mobilised,
        explicitly_quit=quit_,
        reported_in_writing=reported,
    )
    refused = {r.clause for r in evaluate(rec, event, context(DAY, *SCHOOLS)).refusals}
    done = _recorded(rec, event, DAY, Status.DROPPED_OUT)
    ctx = context(DAY, *SCHOOLS)
    assert bool(list(overdue.departure_without_grounds(done, ctx))) == ("2.4.2" in refused)
    assert bool(list(overdue.dropout_unreported(done, ctx))) == ("2.4.1" in refused)


@pytest.mark.clause("2.4.2", "1.5")
@given(
    days_absent=st.integers(0, 200),
    unreachable=st.booleans(),
)
def test_other_departure_rule_and_audit_agree(days_absent: int, unreachable: bool) -> None:
    rec = _record_at(5)
    event = OtherDeparture(
        student=rec.student.student_number,
        reason=DepartureReason.UNEXPLAINED_ABSENCE,
        absent_since=DAY - dt.timedelta(days=days_absent),
        unreachable=unreachable,
    )
    refused = evaluate(rec, event, context(DAY, *SCHOOLS)).refusals
    done = _recorded(rec, event, DAY, Status.OTHER_DEPARTURE)
    found = list(overdue.departure_without_grounds(done, context(DAY, *SCHOOLS)))
    assert bool(found) == bool(refused)


@pytest.mark.clause("2.2.5")
@given(year=st.sampled_from((3, 6, 9, 11, 12)), filed=st.booleans())
def test_graduation_year_suspension_rule_and_audit_agree(year: int, filed: bool) -> None:
    rec = _record_at(year)
    event = Suspend(
        student=rec.student.student_number,
        materials=SUSPENSION_KEYS,
        advised_rest_months=3,
        school_agrees=True,
        authority_approves=True,
        filed_with_prefecture=filed,
    )
    refused = {r.clause for r in evaluate(rec, event, context(DAY, *SCHOOLS)).refusals}
    done = _recorded(rec, event, DAY, Status.SUSPENDED)
    found = list(overdue.graduation_year_suspension_unfiled(done, context(DAY, *SCHOOLS)))
    assert bool(found) == ("2.2.5" in refused)


@pytest.mark.clause("8.2", "8.3.7")
@given(masked=st.booleans(), approval=st.sampled_from((None, "批1号")))
def test_export_rule_and_audit_agree(masked: bool, approval: str | None) -> None:
    rec = _record_at(4)
    event = DataExported(
        student=rec.student.student_number, recipient="培训机构", approval=approval, masked=masked
    )
    refused = evaluate(rec, event, context(DAY, *SCHOOLS)).refusals
    found = list(breaches.data_leaked(_recorded(rec, event, DAY), context(DAY, *SCHOOLS)))
    assert bool(found) == bool(refused)


@pytest.mark.clause("2.5")
@given(days=st.integers(0, 40), later=st.integers(0, 30))
def test_death_report_rule_and_audit_agree(days: int, later: int) -> None:
    rec = _record_at(4)
    on = DAY + dt.timedelta(days=later)
    event = Death(
        student=rec.student.student_number, died_on=on - dt.timedelta(days=days), proof=True
    )
    decision = evaluate(rec, event, context(on, *SCHOOLS))
    late = [r for r in decision.reasons if "报送期限" in r.zh]
    done = _recorded(rec, event, on, Status.DECEASED)
    found = list(overdue.death_report(done, context(on, *SCHOOLS)))
    assert decision.allowed and bool(found) == bool(late)
    assert all(f.due == decision.deadline.due for f in found)  # type: ignore[union-attr]


@pytest.mark.clause("1.1", "1.2", "1.4", "8.3.2")
@given(
    attending=st.booleans(),
    lookup=st.sampled_from(list(LookupResult)),
    identity=st.sampled_from((None, IdentitySource.HOUSEHOLD_REGISTER)),
    arrival=st.sampled_from((None, -1, 0, 1)),
)
def test_registration_rule_and_audit_agree(
    attending: bool,
    lookup: LookupResult,
    identity: IdentitySource | None,
    arrival: int | None,
) -> None:
    """The facts of a registration (1.1 attending, 1.2 lookup and identity data, 1.4 arrival): the
    audit's false_registration (8.3.2, for 1.1), registration_procedure (1.2) and arrival checks fire
    iff the rule refuses for them."""
    g = Grade.from_year(1, HOME.system)
    rec = record(g, HOME, enrolled_on=DAY)
    event = Register(
        student=rec.student.student_number,
        school_code=HOME.code,
        grade=g,
        class_name="1班",
        arrived_on=None if arrival is None else DAY + dt.timedelta(days=arrival),
        identity_source=identity,
        province_lookup=lookup,
        attending=attending,
    )
    refused = {r.clause for r in evaluate(rec, event, context(DAY, *SCHOOLS)).refusals}
    done = _recorded(rec, event, DAY)
    ctx = context(DAY, *SCHOOLS)
    assert bool(list(breaches.false_registration(done, ctx))) == ("1.1" in refused)
    assert bool(list(breaches.registration_procedure(done, ctx))) == ("1.2" in refused)
    early = [f for f in breaches.registration_arrival_and_photo(done, ctx) if f.clause == "1.4"]
    assert bool([f for f in early if f.severity is Severity.BREACH]) == ("1.4" in refused)


@pytest.mark.clause("4")
@given(proof=st.booleans(), scan=st.booleans(), approves=st.booleans(), key=st.booleans())
def test_key_data_rule_and_audit_agree(proof: bool, scan: bool, approves: bool, key: bool) -> None:
    rec = _record_at(4)
    change = (
        FieldChange(field=StudentField.NAME, old=rec.student.name, new="吉克阿依")
        if key
        else FieldChange(field=StudentField.ADDRESS, old=rec.student.address, new="西昌市某街2号")
    )
    event = ChangeStudentData(
        student=rec.student.student_number,
        changes=(change,),
        police_proof=proof,
        proof_scan=scan,
        school_approves=approves,
    )
    refused = {r.clause for r in evaluate(rec, event, context(DAY, *SCHOOLS)).refusals}
    found = list(
        breaches.key_data_without_proof(_recorded(rec, event, DAY), context(DAY, *SCHOOLS))
    )
    assert bool(found) == ("4" in refused)


@pytest.mark.clause("2.3", "7.2", "8.3.8")
@given(year=st.integers(min_value=2, max_value=12), demote=st.booleans())
def test_retention_rule_and_audit_agree(year: int, demote: bool) -> None:
    """2.3's ban is judged on the grade before the act, by the rule and by the audit of a recorded
    留级/降级 alike (``retention.compulsory_retention_bar``)."""
    from liangshan_xueji.policy.retention import compulsory_retention_bar
    from liangshan_xueji.records.status import Demote, Retain

    rec = _record_at(year)
    event = (Demote if demote else Retain)(student=rec.student.student_number)
    reasons = evaluate(rec, event, context(ON, *SCHOOLS)).reasons
    compulsory = rec.grade.compulsory
    ban = "义务教育阶段学生一律不允许留级、降级"
    assert (
        any(r.zh == ban for r in reasons) == compulsory == bool(compulsory_retention_bar(rec.grade))
    )
    done = _recorded(rec, event, ON)
    found = [
        f
        for f in overdue.compulsory_year_decreased(done, context(ON, *SCHOOLS))
        if "留级" in f.zh or "降级" in f.zh
    ]
    assert bool(found) == compulsory


@pytest.mark.clause("2.2.3")
@given(days=st.integers(min_value=-40, max_value=40))
def test_lapsed_suspension_rule_and_audit_agree(days: int) -> None:
    """2.2.3: the period runs through its last day; the rule of 其他离校 for a lapsed 休学 and the audit
    of a 休学 still open agree on the day it lapses (``suspension.not_yet_lapsed``)."""
    from liangshan_xueji.policy import apply

    rec = _record_at(4)
    sn = rec.student.student_number
    suspended = apply(
        rec,
        Suspend(
            student=sn,
            materials=SUSPENSION_KEYS,
            advised_rest_months=3,
            school_agrees=True,
            authority_approves=True,
        ),
        context(ON, *SCHOOLS),
    )
    assert suspended.suspension is not None
    on = suspended.suspension.ends_on + dt.timedelta(days=days)
    departure = OtherDeparture(
        student=sn, reason=DepartureReason.SUSPENSION_EXPIRED, guardian_contacted=True
    )
    allowed = evaluate(suspended, departure, context(on, *SCHOOLS)).allowed
    lapsed = list(overdue.suspension_lapsed(suspended, context(on, *SCHOOLS)))
    assert allowed == bool(lapsed) == (days > 0)
