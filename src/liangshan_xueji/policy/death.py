"""学生死亡 Death of a student: clause 2.5.

The school reports the death to the status authority through the national system within 10 working days,
with the proof, and operates 死亡 — which the system can never undo. "学校凭相关证明在 10 个工作日内…上报":
the library counts the 10 working days from the day the school obtains the proof
(``Death.proof_obtained_on``; that day itself not counted). When that day is not known, it counts from the
death — the earliest the proof can exist — and the answer says it assumed so (:func:`report_start`, the
one statement of this reading, used by the rule and by the audit). A late report is still accepted — the
record must be right — with a reason saying it is late; the audit lists it.
"""

from __future__ import annotations

import datetime as _dt

from ..calendar.workdays import deadline
from ..decisions import Deadline, Decision, Material, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..records.models import Record, Status
from ..records.status import Context, Death, entry, rule, transition

__all__ = ["DEATH_PROOF", "START_ASSUMED", "report_deadline", "report_start", "reported_late"]

DEATH_PROOF = Material(
    "death_proof",
    "2.5",
    "学生死亡的相关证明",
    "the proof of the student's death",
)


#: Said when the day the proof was obtained is not known and the count starts from the death.
START_ASSUMED = Reason(
    "2.5",
    "未给出学校取得死亡证明的日期，10 个工作日按死亡日期起算（最早可能的日期）",
    "the day the school obtained the proof is not given: the 10 working days are counted from the "
    "death, the earliest the proof can exist",
)


@implements("2.5")
def report_start(event: Death) -> tuple[_dt.date, bool]:
    """The day 2.5's 10 working days count from ("学校凭相关证明…"), and whether it was assumed: the day
    the school obtained the proof, or — when that is not known — the death."""
    if event.proof_obtained_on is not None:
        return event.proof_obtained_on, False
    return event.died_on, True


@implements("2.5")
def report_deadline(event: Death, reported_on: _dt.date, context: Context) -> Deadline:
    """2.5: ``death_report_workdays`` (in force on ``reported_on``) working days after
    :func:`report_start`, that day not counted; the context's calendar."""
    start, _assumed = report_start(event)
    return deadline(
        start,
        context.parameters.int_value("death_report_workdays", reported_on),
        calendar=context.work_calendar,
        provisional=context.provisional_deadlines,
        clause="2.5",
    )


@implements("2.5")
def reported_late(event: Death, reported_on: _dt.date, context: Context) -> tuple[Reason, ...]:
    """2.5: a death reported on ``reported_on`` after its working days. The rule calls it on the
    report (allowed, with this reason); the audit (``policy.overdue.death_report``) on a report
    recorded."""
    due = report_deadline(event, reported_on, context)
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
    """死亡 (2.5): with proof; the deadline is 10 working days after the school obtained the proof
    (after the death when that day is not known, said so). Irreversible."""
    if event.died_on > context.on:
        raise InvalidInput(
            f"死亡日期 {event.died_on} 晚于操作日期 {context.on}",
            f"the date of death {event.died_on} is after the act's date {context.on}",
            where="died_on",
        )
    obtained = event.proof_obtained_on
    if obtained is not None and not event.died_on <= obtained <= context.on:
        raise InvalidInput(
            f"取得死亡证明的日期 {obtained} 应在死亡日期 {event.died_on} 与操作日期 {context.on} 之间",
            f"the day the proof was obtained, {obtained}, must be between the death "
            f"({event.died_on}) and the act ({context.on})",
            where="proof_obtained_on",
        )
    if not event.proof:
        if obtained is not None:
            raise InvalidInput(
                "给出了取得死亡证明的日期，却没有证明",
                "the day the proof was obtained is given, but not the proof",
                where="proof",
            )
        return Decision.refuse(
            Reason("2.5", "学校须凭相关证明操作“死亡”", "the school needs the proof of death"),
            missing=[DEATH_PROOF],
        )
    due = report_deadline(event, context.on, context)
    irreversible = Reason(
        "2.5",
        "操作“死亡”的学籍信息系统不可恢复",
        "a record operated 死亡 can never be restored",
    )
    assumed = (START_ASSUMED,) if report_start(event)[1] else ()
    return Decision.allow(
        irreversible, *assumed, *reported_late(event, context.on, context), deadline=due
    )


@transition(Death)
def die(record: Record, event: Death, context: Context) -> Record:
    return record.appended(
        entry(record, event, context, status=Status.DECEASED),
        status=Status.DECEASED,
        transfer=None,
        suspension=None,
    )
