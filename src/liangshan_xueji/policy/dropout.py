"""控辍保学 Dropout control: clauses 2.4–2.4.3, with 1.5 (long absence) and 2.2.3 (a lapsed 休学).

- 其他离校: a student who left without saying why, has been away more than 3 months and cannot be
  reached (2.4.2, 1.5); or whose 休学 lapsed without resumption or extension after the school contacted
  the guardian (2.2.3).
- 疑似辍学 / 辍学: family reasons and the school's mobilisation failed, or the student said clearly they
  will not study (2.4.2); the school reports it in writing to the township government, the county
  education department and the status authority (2.4.1). The record is kept (2.4.1, 1.5).
- 暂做辍学 (1.5): a student long away from school whose family cannot be reached "可暂做辍学或其他
  离校处理". 其他离校 has its path above; :class:`ProvisionalDropout` is the 辍学 one: the same two
  conditions as 2.4.2's 其他离校 (away more than 3 months — 1.5's 长期不在校 read as 2.4.2's period —
  and unreachable), no family reasons or refusal needed (the school cannot learn them), the written
  report of 2.4.1 for a compulsory-stage student, and the record kept: "暂" is read as the 辍学 status
  itself, which 2.4.3's return ends.
- 返校: a returning student resumes the matching grade — the grade left or above, never lower, so that
  no one repeats a year through dropout control (2.4.3).
"""

from __future__ import annotations

import datetime as _dt

from ..decisions import Decision, Material, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..records.models import Grade, Record, Status
from ..records.status import (
    Context,
    DepartureReason,
    MarkDropout,
    MarkSuspectedDropout,
    OtherDeparture,
    ProvisionalDropout,
    ReturnToSchool,
    add_months,
    entry,
    rule,
    transition,
)
from .suspension import not_yet_lapsed
from .transfer import open_transfer_reasons

__all__ = [
    "WRITTEN_REPORT",
    "absence_too_short",
    "family_reachable",
    "long_absence_reasons",
    "no_grounds",
    "report_missing",
]

#: The written report of 2.4.1.
WRITTEN_REPORT = Material(
    "dropout_written_report",
    "2.4.1",
    "向乡镇人民政府、县级教育行政部门和学籍主管部门的书面报告",
    "the written report to the township government, the county education department and the "
    "status authority",
)


# --------------------------------------------------------------------------------------------------
# The conditions of 2.4.1 and 2.4.2, one pure function each: the rules below call them on an act being
# done, the audit (``policy.overdue``: dropout_unreported, departure_without_grounds) on an act done.


@implements("2.4.2")
def no_grounds(family_reasons: bool, mobilised: bool, explicitly_quit: bool) -> tuple[Reason, ...]:
    """2.4.2: 辍学/疑似辍学 needs family reasons and a failed mobilisation, or the student's clear
    statement that they will not study."""
    if (family_reasons and mobilised) or explicitly_quit:
        return ()
    return (
        Reason(
            "2.4.2",
            "须因家庭原因并经学校动员仍未到校，或学生明确不再读书",
            "it takes family reasons and a failed mobilisation by the school, or the student's "
            "clear statement that they will not study",
        ),
    )


@implements("2.4.1")
def report_missing(grade: Grade, reported_in_writing: bool) -> tuple[Reason, ...]:
    """2.4.1: a compulsory-stage 辍学/疑似辍学 without the written report."""
    if reported_in_writing or not grade.compulsory:
        return ()
    return (
        Reason(
            "2.4.1",
            "义务教育阶段学生辍学须依法及时书面上报",
            "a compulsory-stage dropout is reported in writing, promptly",
        ),
    )


@implements("2.4.2", "1.5")
def absence_too_short(absent_since: _dt.date, on: _dt.date, months: int) -> tuple[Reason, ...]:
    """2.4.2: 其他离校 for an unexplained absence only after more than ``months`` months of it."""
    after = add_months(absent_since, months)
    if on > after:
        return ()
    return (
        Reason(
            "2.4.2",
            f"离校时间须超过 {months} 个月（{after} 之后）才能置为其他离校",
            f"the absence must exceed {months} months (after {after}) before 其他离校",
        ),
    )


@implements("2.4.2", "1.5")
def family_reachable(unreachable: bool) -> tuple[Reason, ...]:
    """2.4.2: 其他离校 for an unexplained absence only when the student and family cannot be reached."""
    if unreachable:
        return ()
    return (
        Reason(
            "2.4.2",
            "学校仍能联系上学生或家长，不能置为其他离校",
            "the student or family can still be reached; not 其他离校",
        ),
    )


@rule(OtherDeparture)
@implements("2.4.2", "2.2.3", "1.5", "2.1")
def evaluate_other_departure(record: Record, event: OtherDeparture, context: Context) -> Decision:
    """其他离校: absent over 3 months without reason and unreachable (2.4.2, 1.5), or a lapsed 休学 (2.2.3)."""
    reasons = open_transfer_reasons(record)
    if event.reason is DepartureReason.UNEXPLAINED_ABSENCE:
        if record.status is not Status.ENROLLED:
            reasons.append(
                Reason(
                    "2.4.2",
                    f"只有在校学生可以因离校未告知原因置为其他离校（现为“{record.status.zh}”）",
                    f"only an enrolled student can be set to 其他离校 for an unexplained absence "
                    f"(now {record.status.en})",
                )
            )
        if event.absent_since is None:
            raise InvalidInput(
                "未说明学生离校日期", "the date the student left is missing", where="absent_since"
            )
        if event.absent_since > context.on:
            raise InvalidInput(
                f"离校日期 {event.absent_since} 晚于操作日期 {context.on}",
                f"the student left on {event.absent_since}, after the act's date {context.on}",
                where="absent_since",
            )
        months = context.int_param("unexplained_absence_months")
        reasons += absence_too_short(event.absent_since, context.on, months)
        reasons += family_reachable(event.unreachable)
    else:
        if record.status is not Status.SUSPENDED or record.suspension is None:
            reasons.append(Reason("2.2.3", "该学生不在休学中", "the student is not suspended"))
        else:
            reasons += not_yet_lapsed(record.suspension.ends_on, context.on)
        if not event.guardian_contacted:
            reasons.append(
                Reason(
                    "2.2.3",
                    "休学期满须经学校与学生监护人联系后仍未复学，方可做其他离校处理",
                    "the school must first contact the guardian about the lapsed suspension",
                )
            )
    if reasons:
        return Decision.refuse(*reasons)
    return Decision.allow(
        Reason(
            "1.5",
            "学籍不删除，暂做其他离校处理，学生返校时可恢复",
            "the record is kept, set to 其他离校; it resumes when the student returns",
        )
    )


@transition(OtherDeparture)
def depart(record: Record, event: OtherDeparture, context: Context) -> Record:
    return record.appended(
        entry(record, event, context, status=Status.OTHER_DEPARTURE),
        status=Status.OTHER_DEPARTURE,
        suspension=None,
    )


def _dropout_reasons(
    record: Record, context: Context, *, family: bool, mobilised: bool, quit: bool, reported: bool
) -> tuple[list[Reason], list[Material]]:
    reasons = open_transfer_reasons(record)
    reasons += no_grounds(family, mobilised, quit)
    unreported = report_missing(record.grade, reported)
    reasons += unreported
    return reasons, [WRITTEN_REPORT] if unreported else []


@rule(MarkSuspectedDropout)
@implements("2.4", "2.4.1", "2.4.2", "2.1")
def evaluate_suspected_dropout(
    record: Record, event: MarkSuspectedDropout, context: Context
) -> Decision:
    """疑似辍学 (2.4.2), reported in writing (2.4.1); the record is kept."""
    reasons, missing = _dropout_reasons(
        record,
        context,
        family=event.family_reasons,
        mobilised=event.mobilised,
        quit=False,
        reported=event.reported_in_writing,
    )
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
    return Decision.allow(_kept(record))


def _kept(record: Record) -> Reason:
    return Reason(
        "2.4.1",
        "在义务教育年限内为其保留学籍" if record.grade.compulsory else "学籍保留",
        "the record is kept through the compulsory years"
        if record.grade.compulsory
        else "the record is kept",
    )


@transition(MarkSuspectedDropout)
def suspect_dropout(record: Record, event: MarkSuspectedDropout, context: Context) -> Record:
    return record.appended(
        entry(record, event, context, status=Status.SUSPECTED_DROPOUT),
        status=Status.SUSPECTED_DROPOUT,
    )


@rule(MarkDropout)
@implements("2.4", "2.4.1", "2.4.2", "2.1")
def evaluate_dropout(record: Record, event: MarkDropout, context: Context) -> Decision:
    """辍学 (2.4.2), reported in writing (2.4.1); the record is kept through the compulsory years."""
    reasons, missing = _dropout_reasons(
        record,
        context,
        family=event.family_reasons,
        mobilised=event.mobilised,
        quit=event.explicitly_quit,
        reported=event.reported_in_writing,
    )
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
    return Decision.allow(_kept(record))


@transition(MarkDropout)
def drop_out(record: Record, event: MarkDropout, context: Context) -> Record:
    return record.appended(
        entry(record, event, context, status=Status.DROPPED_OUT), status=Status.DROPPED_OUT
    )


@implements("1.5")
def long_absence_reasons(
    absent_since: _dt.date, on: _dt.date, months: int, unreachable: bool
) -> tuple[Reason, ...]:
    """1.5: "长期不在校又无法跟家长取得联系" — away more than ``months`` months (2.4.2's period) and the
    family unreachable; the reasons it is not (yet) so."""
    reasons: list[Reason] = []
    after = add_months(absent_since, months)
    if on <= after:
        reasons.append(
            Reason(
                "1.5",
                f"长期不在校读作离校超过 {months} 个月（{after} 之后）才能暂做辍学",
                f"a long absence is read as more than {months} months (after {after}) before "
                "provisional 辍学",
            )
        )
    if not unreachable:
        reasons.append(
            Reason(
                "1.5",
                "学校仍能跟家长取得联系，不能因长期不在校暂做辍学，应按 2.4.2 核实原因",
                "the school can still reach the family: not a provisional 辍学 for absence; find "
                "the reason as 2.4.2 asks",
            )
        )
    return tuple(reasons)


@rule(ProvisionalDropout)
@implements("1.5", "2.4.1", "2.1")
def evaluate_provisional_dropout(
    record: Record, event: ProvisionalDropout, context: Context
) -> Decision:
    """暂做辍学 (1.5): long away and unreachable; reported in writing (2.4.1); the record is kept."""
    if event.absent_since > context.on:
        raise InvalidInput(
            f"离校日期 {event.absent_since} 晚于操作日期 {context.on}",
            f"the student left on {event.absent_since}, after the act's date {context.on}",
            where="absent_since",
        )
    reasons = open_transfer_reasons(record)
    months = context.int_param("unexplained_absence_months")
    reasons += long_absence_reasons(event.absent_since, context.on, months, event.unreachable)
    unreported = report_missing(record.grade, event.reported_in_writing)
    reasons += unreported
    if reasons:
        return Decision.refuse(*reasons, missing=[WRITTEN_REPORT] if unreported else [])
    return Decision.allow(
        Reason(
            "1.5",
            "学籍不删除，暂做辍学处理；学生返校时接续相应年级（2.4.3）",
            "the record is kept, set to 辍学 for the time being; the student returns to the "
            "matching grade (2.4.3)",
        ),
        _kept(record),
    )


@transition(ProvisionalDropout)
def provisionally_drop_out(record: Record, event: ProvisionalDropout, context: Context) -> Record:
    return record.appended(
        entry(record, event, context, status=Status.DROPPED_OUT), status=Status.DROPPED_OUT
    )


@rule(ReturnToSchool)
@implements("2.4.3", "1.5")
def evaluate_return(record: Record, event: ReturnToSchool, context: Context) -> Decision:
    """返校 (2.4.3): to the matching grade — the grade left or above, in the same stage — never lower.

    At a school of the other 学制 the grade is read by its year (2.1.5): a 五四制 初一 student (year 6)
    returns to a 六三制 school's 小学六年级, which is the same stage as far as the student's own 学制 is
    concerned.
    """
    reasons: list[Reason] = []
    school = context.school(event.school_code or record.school_code, where="school_code")
    grade = _returning_grade(record, event, context)
    if not school.offers(grade):
        raise InvalidInput(
            f"{school.name}不设{grade.label_zh}",
            f"{school.name} does not offer {grade.label_en}",
            where="grade",
        )
    own = grade.with_system(record.grade.system)  # the same year under the student's own 学制
    if own.stage is not record.grade.stage or grade.year < record.grade.year:
        reasons.append(
            Reason(
                "2.4.3",
                f"返校应接续相应年级（同一学段，不低于{record.grade.label_zh}），"
                "严禁利用控辍保学实现变相留级",
                f"a returning student resumes the matching grade (same stage, not below "
                f"{record.grade.label_en}); no disguised retention through dropout control",
            )
        )
    if reasons:
        return Decision.refuse(*reasons)
    return Decision.allow()


def _returning_grade(record: Record, event: ReturnToSchool, context: Context) -> Grade:
    school = context.school(event.school_code or record.school_code, where="school_code")
    return (event.grade or record.grade).with_system(school.system)


@transition(ReturnToSchool)
def return_to_school(record: Record, event: ReturnToSchool, context: Context) -> Record:
    school = context.school(event.school_code or record.school_code, where="school_code")
    grade = _returning_grade(record, event, context)
    after = {"status": Status.ENROLLED, "school_code": school.code, "grade": grade}
    return record.appended(
        entry(record, event, context, **after),
        class_name=event.class_name or record.class_name,
        **after,
    )
