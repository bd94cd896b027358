"""One predicate per clause: the rule (``evaluate``) and the audit check that re-judges a completed act
call the same function, so they agree on the same facts — the check fires iff the rule would refuse."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.policy import evaluate, overdue
from liangshan_xueji.policy.transfer import TRANSFER_MATERIALS
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
from liangshan_xueji.records.status import TransferAct, TransferParty, TransferRequest
from lifecycle_strategies import context, record, school

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
