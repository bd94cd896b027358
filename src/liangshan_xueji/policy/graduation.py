"""毕业升级 Graduation and promotion: clause 3.1.

- Graduation is done in the national system before 7-30 each year, for students of a graduation year
  (primary 6, junior 3; under 五四制 primary 5 and junior 4; senior 3). The 7-30 that applies is the one
  ending the school year in which the student began the graduation year (:func:`grade_year_began`),
  so a student left over from last year is late rather than early for next year. A graduation after
  7-30 is still accepted with a reason saying it is late; the audit lists it.
- The Ministry promotes every non-graduating grade at 8-10 24:00: the library applies a promotion on the
  8-10 of a year only, once a school year, to an enrolled student of a non-graduating grade. An open
  transfer moves into the next year with the student (2.1.5).
- Primary 6 and junior 3 graduates are never rolled back (no repeating of the compulsory years); a
  senior graduate's rollback is not covered by this regulation and follows the national rules (8.4).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..decisions import Deadline, Decision, Reason
from ..law.clauses import implements
from ..records.machine import machine_refusal
from ..records.models import Grade, HistoryEntry, Record, Status
from ..records.status import (
    Context,
    Graduate,
    Promote,
    RollbackGraduation,
    entry,
    rule,
    school_year,
    transition,
)
from .transfer import open_transfer_reasons

__all__ = ["grade_year_began"]


def _effective_school_year(entry: HistoryEntry) -> int:
    """The school year the state after ``entry`` belongs to: a promotion (8-10 24:00) opens the next."""
    return school_year(entry.on) + (1 if isinstance(entry.event, Promote) else 0)


@implements("3.1")
def grade_year_began(history: Sequence[HistoryEntry], end: int, grade: Grade, year: int) -> int:
    """The school year in which the student is known to have begun ``grade`` (3.1's 7-30 due date is in
    the school year after it): walking back from ``history[end - 1]`` over the entries 在校 in that same
    grade (a promotion's grade counts from the school year it opens); ``year`` — the school year of
    the act or of the as-of date — when the history shows none. The one reading of "the graduation
    year" that the rule (:func:`evaluate_graduation`) and the audit (``policy.overdue.graduation``)
    share; a record without its history is given the benefit of the doubt."""
    j = end - 1
    while j >= 0:
        e = history[j]
        if e.grade != grade or e.status is not Status.ENROLLED:
            break
        year = min(year, _effective_school_year(e))
        j -= 1
    return year


@rule(Graduate)
@implements("3.1", "2.1")
def evaluate_graduation(record: Record, event: Graduate, context: Context) -> Decision:
    """毕业 (3.1): an enrolled student in a graduation year; due by 7-30 of the school year the
    student began the graduation year in (so a student left over from last year is late, not early
    for next year)."""
    reasons = open_transfer_reasons(record)
    if not record.grade.is_graduation_year:
        reasons.append(
            Reason(
                "3.1",
                f"{record.grade.label_zh}不是毕业年级",
                f"{record.grade.label_en} is not a graduation year",
            )
        )
    if reasons:
        return Decision.refuse(*reasons)
    by = context.parameters.month_day("graduation_due", context.on)
    began = grade_year_began(
        record.history, len(record.history), record.grade, school_year(context.on)
    )
    due = by.in_year(began + 1)
    notes = []
    if context.on > due:
        notes.append(
            Reason(
                "3.1",
                f"毕业操作应在 {due} 之前完成，已逾期",
                f"graduation was due by {due}; it is late",
            )
        )
    start = min(context.on, due)
    return Decision.allow(*notes, deadline=Deadline(clause="3.1", start=start, due=due))


@transition(Graduate)
def graduate(record: Record, event: Graduate, context: Context) -> Record:
    return record.appended(
        entry(record, event, context, status=Status.GRADUATED), status=Status.GRADUATED
    )


@rule(RollbackGraduation)
@implements("3.1", "8.4")
def evaluate_rollback(record: Record, event: RollbackGraduation, context: Context) -> Decision:
    """回退毕业生: never for primary and junior graduates (3.1); senior: the national rules (8.4)."""
    if record.status is not Status.GRADUATED:  # the status machine's reason (3.1) says why
        return Decision.refuse(machine_refusal(record, event))
    if record.grade.compulsory:
        return Decision.refuse(
            Reason(
                "3.1",
                "小学六年级、初中三年级毕业生不可以随意回退，严禁回退毕业生以实现义务教育阶段学生复读",
                "primary and junior graduates are never rolled back; no repeating of the "
                "compulsory years",
            )
        )
    return Decision.refuse(
        Reason(
            "8.4",
            "高中毕业生回退本规定未涉及，按《学籍管理办法》及教育部、省教育厅相关规定执行，本库不予办理",
            "a senior graduate's rollback is not covered here: the national 学籍管理办法 and the "
            "Ministry's and province's rules apply; this library does not perform it",
        )
    )


@transition(RollbackGraduation)
def _never(
    record: Record, event: RollbackGraduation, context: Context
) -> Record:  # pragma: no cover
    raise AssertionError("a rollback is always refused")


@rule(Promote)
@implements("3.1", "2.1.5")
def evaluate_promotion(record: Record, event: Promote, context: Context) -> Decision:
    """升级 (3.1): at 8-10 24:00, non-graduating grades, enrolled students, once a school year."""
    day = context.parameters.month_day("promotion_day", context.on)
    reasons: list[Reason] = []
    if (context.on.month, context.on.day) != (day.month, day.day):
        reasons.append(
            Reason(
                "3.1",
                f"升级由全国学籍系统于每年 {day} 24 时统一进行",
                f"promotion is done by the national system at 24:00 on {day} each year",
            )
        )
    if record.grade.is_graduation_year:
        reasons.append(
            Reason(
                "3.1",
                f"{record.grade.label_zh}是毕业年级，不升级而办理毕业",
                f"{record.grade.label_en} is a graduation year: the student graduates instead",
            )
        )
    this_year = school_year(context.on) + 1  # the promotion on 8-10 closes the school year
    if any(
        isinstance(h.event, Promote) and school_year(h.on) + 1 == this_year for h in record.history
    ):
        reasons.append(
            Reason(
                "3.1",
                "本学年已升级",
                "the student was already promoted this school year",
            )
        )
    if reasons:
        return Decision.refuse(*reasons)
    return Decision.allow()


@transition(Promote)
def promote(record: Record, event: Promote, context: Context) -> Record:
    nxt = record.grade.next_in_stage()
    assert nxt is not None
    workflow = record.transfer
    changes = {}
    if workflow is not None:
        # An open transfer follows the student into the next year: the same year under the
        # receiving school's 学制 (2.1.5). Whether the receiving school can take it (a class of that
        # grade, within the standard; not a graduation year) is checked again when the parties act.
        moved = nxt.with_system(workflow.to_grade.system) if nxt.compulsory else nxt
        changes["transfer"] = attrs.evolve(workflow, to_grade=moved)
    return record.appended(entry(record, event, context, grade=nxt), grade=nxt, **changes)
