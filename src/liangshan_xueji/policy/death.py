"""学生死亡 Death of a student: clause 2.5.

The school reports the death to the status authority through the national system within 10 working days,
with the proof, and operates 死亡 — which the system can never undo. The library reads the 10 working days
as counted from the day after the death (the day of death itself not counted). A late report is still
accepted — the record must be right — with a reason saying it is late; the audit lists it.
"""

from __future__ import annotations

import datetime as _dt

from ..calendar.workdays import deadline
from ..decisions import Deadline, Decision, Material, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..records.models import Record, Status
from ..records.status import Context, Death, entry, rule, transition

__all__ = ["DEATH_PROOF", "report_deadline", "reported_late"]

DEATH_PROOF = Material(
    "death_proof",
    "2.5",
    "学生死亡的相关证明",
    "the proof of the student's death",
)


def report_deadline(died_on: _dt.date, reported_on: _dt.date, context: Context) -> Deadline:
    """2.5: ``death_report_workdays`` (in force on ``reported_on``) working days after the death, the
    day of death not counted; the context's calendar."""
    return deadline(
        died_on,
        context.parameters.int_value("death_report_workdays", reported_on),
        calendar=context.work_calendar,
        provisional=context.provisional_deadlines,
        clause="2.5",
    )


@implements("2.5")
def reported_late(died_on: _dt.date, reported_on: _dt.date, context: Context) -> tuple[Reason, ...]:
    """2.5: a death reported on ``reported_on`` after its working days. The rule calls it on the
    report (allowed, with this reason); the audit (``policy.overdue.death_report``) on a report
    recorded."""
    due = report_deadline(died_on, reported_on, context)
    if reported_on <= due.due:
        return ()
    return (
        Reason(
            "2.5",
            f"已超过 {due.workdays} 个工作日的报送期限（{due.due}）",
            f"past the {due.workdays}-working-day reporting deadline ({due.due})",
        ),
    )


@rule(Death)
@implements("2.5")
def evaluate_death(record: Record, event: Death, context: Context) -> Decision:
    """死亡 (2.5): with proof; the deadline is 10 working days after the death. Irreversible."""
    if event.died_on > context.on:
        raise InvalidInput(
            f"死亡日期 {event.died_on} 晚于操作日期 {context.on}",
            f"the date of death {event.died_on} is after the act's date {context.on}",
            where="died_on",
        )
    if not event.proof:
        return Decision.refuse(
            Reason("2.5", "学校须凭相关证明操作“死亡”", "the school needs the proof of death"),
            missing=[DEATH_PROOF],
        )
    due = report_deadline(event.died_on, context.on, context)
    irreversible = Reason(
        "2.5",
        "操作“死亡”的学籍信息系统不可恢复",
        "a record operated 死亡 can never be restored",
    )
    return Decision.allow(
        irreversible, *reported_late(event.died_on, context.on, context), deadline=due
    )


@transition(Death)
def die(record: Record, event: Death, context: Context) -> Record:
    return record.appended(
        entry(record, event, context, status=Status.DECEASED),
        status=Status.DECEASED,
        transfer=None,
        suspension=None,
    )
