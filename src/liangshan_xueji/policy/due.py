"""The "due after a trigger" duties as one table: each row says which act falls due when, after which
event, and what the audit reports when it came late or has not come. 触发后限期办理的事项（一张表）。

A row (:class:`DueAfter`) names its trigger (the events that open the duty), its act (the events that
discharge it), how the due date follows from the trigger, the clause and severity of a late act and of a
missing one, and their words. :meth:`DueAfter.check` generates the audit check of the row — under the
row's name, in the rule module the row names, marked with ``@check`` and ``@applies_when`` (the trigger's
events) — so the checks ``archive_missing`` (5, 8.3.1), ``new_student_data_overdue`` (1.3),
``starting_grades_unfiled`` (6.1) and ``transfer_overdue`` (2.1.4) are the rows of :data:`DUE_TABLE`.

How a row is read, over a record's history in order: a trigger opens the duty (or, when ``opens`` says
no, closes an open one; with ``once`` only the history's first entry can open it); while it is open, an
act either discharges it — reported when it came after the due date (``late``) — or, for a row with
``cancels``, withdraws it; a duty still open at the end is reported when the audit's date is past the
due date (``missing``). ``before`` is a row's finding about the record's snapshot, made first (an open
transfer past its due date).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from ..calendar.workdays import deadline
from ..errors import ParameterNotInForce
from ..records.findings import Finding, Severity, check
from ..records.models import HistoryEntry, Record, School, Status, TeachingMode, TransferWorkflow
from ..records.status import (
    Context,
    MarkDropout,
    ProvisionalDropout,
    ReturnToSchool,
    TransferAct,
    TransferRequest,
)
from . import _parts as p
from .admission import Admit
from .archives import (
    CreateArchive,
    MigrantArchiveHandover,
    archive_due,
    archive_state,
    migrant_archive_due,
)
from .model_one import PrefectureFiling, filing_due, is_starting_grade
from .registration import ConfirmNewStudentData, Register, new_student_data_due, registration_entry
from .transfer import CROSS_PREFECTURE_PARAMETER

__all__ = ["DUE_TABLE", "DueAfter", "Words"]

RecordCheck = Callable[[Record, Context], Iterator[Finding]]


@attrs.frozen(kw_only=True)
class Words:
    """A finding's clause, severity and words; ``zh``/``en`` are ``str.format`` templates over
    ``due`` (the date missed), ``done`` (the act's date), ``started`` (the trigger's date) and
    ``enrolled`` (the record's date of enrollment)."""

    clause: str
    severity: Severity
    zh: str
    en: str


def _always(*_args: Any) -> bool:
    return True


def _live(record: Record) -> bool:
    return record.status is not Status.DUPLICATE_REMOVED


def _registered_live(record: Record) -> bool:
    """Judged only when the history starts with the registration, and not a removed duplicate."""
    return registration_entry(record) is not None and _live(record)


@attrs.frozen(kw_only=True)
class DueAfter:
    """One row of the due-table: after ``trigger``, ``act`` is due by ``due``. 一行：触发—办理—期限。

    ``name``/``module``/``doc``/``clauses``: the generated check. ``opens(entry, ctx)``: does this
    trigger open the duty (else it closes an open one). ``discharges(trigger, act)``: does this act
    entry discharge the open duty (else it does not concern it). ``cancels(act)``: does this act
    withdraw the duty. ``judged(record)``: the check judges this record at all; ``still_due(record)``:
    a missing act is reported for it. ``late_evidence``: ``"act"`` (the act's entry) or ``"both"``
    (trigger → act). ``missing_evidence``: a fixed text, or ``None`` for the trigger's entry.
    ``transfer``: the check also fires on a record with an open transfer (its ``before``). A ``due``
    of ``None`` means the duty has no due date (a parameter not set): nothing is late or missing.
    """

    name: str
    module: str
    doc: str
    clauses: tuple[str, ...]
    trigger: tuple[type, ...]
    act: tuple[type, ...]
    due: Callable[[Record, HistoryEntry, Context], _dt.date | None]
    late: Words
    missing: Words | None = None
    once: bool = False
    opens: Callable[[HistoryEntry, Context], bool] = _always
    discharges: Callable[[HistoryEntry, HistoryEntry], bool] = _always
    cancels: Callable[[HistoryEntry], bool] = lambda _act: False
    judged: Callable[[Record], bool] = _always
    still_due: Callable[[Record], bool] = _always
    late_evidence: str = "act"
    missing_evidence: str | None = None
    transfer: bool = False
    before: RecordCheck | None = None

    def findings(self, record: Record, ctx: Context) -> Iterator[Finding]:
        """What the row finds in ``record`` on ``ctx.on`` (see the module's reading)."""
        if not self.judged(record):
            return
        if self.before is not None:
            yield from self.before(record, ctx)
        history = record.history
        opened: tuple[int, HistoryEntry] | None = None
        for i, e in enumerate(history):
            ev = e.event
            if isinstance(ev, self.trigger) and (i == 0 or not self.once):
                opened = (i, e) if self.opens(e, ctx) else None
            elif opened is not None and isinstance(ev, self.act):
                if self.cancels(e):
                    opened = None
                elif self.discharges(opened[1], e):
                    start_i, start = opened
                    due = self.due(record, start, ctx)
                    if due is not None and e.on > due:
                        where = p.at(history, i)
                        if self.late_evidence == "both":
                            where = f"{p.at(history, start_i)} → {where}"
                        yield self._finding(self.late, record, ctx, due, start, e.on, where)
                    opened = None
        if opened is not None and self.missing is not None and self.still_due(record):
            start_i, start = opened
            due = self.due(record, start, ctx)
            if due is not None and ctx.on > due:
                where = self.missing_evidence or p.at(history, start_i)
                yield self._finding(self.missing, record, ctx, due, start, None, where)

    @staticmethod
    def _finding(
        words: Words,
        record: Record,
        ctx: Context,
        due: _dt.date,
        start: HistoryEntry,
        done: _dt.date | None,
        evidence: str,
    ) -> Finding:
        fields = {"due": due, "done": done, "started": start.on, "enrolled": record.enrolled_on}
        return p.finding(
            record,
            ctx,
            words.clause,
            words.severity,
            words.zh.format(**fields),
            words.en.format(**fields),
            evidence=evidence,
            due=due,
        )

    def check(self) -> RecordCheck:
        """The row's audit check: ``name`` in ``module``, with ``@check`` and ``@applies_when``."""

        def run(record: Record, ctx: Context) -> Iterator[Finding]:
            return self.findings(record, ctx)

        run.__name__ = run.__qualname__ = self.name
        run.__module__ = self.module
        run.__doc__ = self.doc
        marked = p.applies_when(history=True, kinds=self.trigger, transfer=self.transfer)(run)
        return check(*self.clauses)(marked)


# --------------------------------------------------------------------------------------------------
# The rows' own pieces


def _model_one_starting(entry: HistoryEntry, ctx: Context) -> bool:
    """6.1: a registration or admission of a 一类模式 student (the student's mode recorded on the
    entry, else the school's sole mode; not the school's label) into primary 1 or junior 1."""
    school = ctx.schools.get(entry.school_code)
    if school is None or not is_starting_grade(entry.grade):
        return False
    mode = entry.mode if entry.mode is not None else school.sole_mode
    return mode is TeachingMode.MODEL_ONE


_PARTY_FIELDS = (
    ("receiving_authority_on", "转入地学籍主管部门", "receiving authority"),
    ("sending_school_on", "转出学校", "sending school"),
    ("sending_authority_on", "转出地学籍主管部门", "sending authority"),
)


def _open_transfer_due(workflow: TransferWorkflow, ctx: Context) -> _dt.date | None:
    """The due date of an open transfer: its own inside the prefecture; across prefectures or
    provinces, the province's period (``cross_prefecture_transfer_workdays``) from its start — ``None``
    while the audit's parameters do not set it, whatever date the record carries (2.1.4)."""
    if not workflow.cross_prefecture:
        return workflow.due
    try:
        return _workdays_after(workflow.started_on, CROSS_PREFECTURE_PARAMETER, ctx)
    except ParameterNotInForce:  # started before the regulation: no period of it applies
        return None


def _workdays_after(start: _dt.date, parameter: str, ctx: Context) -> _dt.date | None:
    """``parameter`` working days after ``start`` (2.1.4); ``None`` while it is not set."""
    n = ctx.parameters.optional_int(parameter, start)
    if n is None:
        return None
    return deadline(
        start,
        n,
        calendar=ctx.work_calendar,
        provisional=ctx.provisional_deadlines,
        clause="2.1.4",
    ).due


def _open_transfer_overdue(record: Record, ctx: Context) -> Iterator[Finding]:
    """2.1.4 on the snapshot: the record's open transfer is past its due date (none across
    prefectures until the province's period is set)."""
    workflow = record.transfer
    due = None if workflow is None else _open_transfer_due(workflow, ctx)
    if workflow is not None and due is not None and ctx.on > due:
        pending = [(zh, en) for name, zh, en in _PARTY_FIELDS if getattr(workflow, name) is None]
        yield p.finding(
            record,
            ctx,
            "2.1.4",
            Severity.OVERDUE,
            f"转学（转入 {workflow.to_school}）于 {workflow.started_on} 发起，{due} 到期仍未办结；"
            f"未核办：{'、'.join(zh for zh, _ in pending) or '无'}",
            f"transfer to {workflow.to_school} started {workflow.started_on} is still open past its "
            f"due date {due}; not yet acted: {', '.join(en for _, en in pending) or 'none'}",
            evidence=f"transfer.started_on={workflow.started_on} transfer.due={due}",
            due=due,
        )


def _transfer_due(record: Record, start: HistoryEntry, ctx: Context) -> _dt.date | None:
    """2.1.4: ``transfer_workdays`` working days after the start; when either school is outside
    凉山州, the province's period (``cross_prefecture_transfer_workdays``), ``None`` while not set."""
    event = start.event
    assert isinstance(event, TransferRequest)
    schools: tuple[School | None, ...] = (
        ctx.schools.get(start.school_code),
        ctx.schools.get(event.to_school),
    )
    cross = any(s is not None and not s.in_prefecture for s in schools)
    name = CROSS_PREFECTURE_PARAMETER if cross else "transfer_workdays"
    return _workdays_after(start.on, name, ctx)


def _migrant_dropout(entry: HistoryEntry, _ctx: Context) -> bool:
    """2.4.1: a compulsory-stage 辍学 recorded as a child of migrant workers (随迁子女)."""
    event = entry.event
    return (
        isinstance(event, (MarkDropout, ProvisionalDropout))
        and event.migrant_child
        and entry.grade.compulsory
    )


def _migrant_archive_still_due(record: Record) -> bool:
    """2.4.1: still 辍学, and the archive not already with a county authority (handed over for an
    earlier dropout and not taken back, or a closed school's, 5.3.3): there is nothing to hand over."""
    if record.status is not Status.DROPPED_OUT:
        return False
    state = archive_state(record)
    return state is None or not state.held_by_county


def _returned(act: HistoryEntry) -> bool:
    return isinstance(act.event, ReturnToSchool)


def _refusal(act: HistoryEntry) -> bool:
    return isinstance(act.event, TransferAct) and not act.event.approve


def _completes(start: HistoryEntry, act: HistoryEntry) -> bool:
    """The act that moved the record to another school completed the transfer."""
    return act.school_code != start.school_code


# --------------------------------------------------------------------------------------------------
# The table

#: The "due after a trigger" duties, each generating its audit check.
DUE_TABLE: tuple[DueAfter, ...] = (
    DueAfter(
        name="transfer_overdue",
        module="liangshan_xueji.policy.overdue",
        doc="""转学逾期 (2.1.4): a transfer still open after its due date, or completed after it.

    Inside the prefecture the sending authority and school act within 10 working days of the receiving
    school's start; the due date of an open transfer is the workflow's own. For a transfer completed in
    the history, the due date is recomputed from the start (``transfer_workdays``). Across prefectures
    or provinces the province's rule applies: ``cross_prefecture_transfer_workdays`` has no default, so
    such a transfer is never overdue until the audit's parameters set it. A row of
    :data:`~liangshan_xueji.policy.due.DUE_TABLE`.
    """,
        clauses=("2.1.4",),
        trigger=(TransferRequest,),
        act=(TransferAct,),
        due=_transfer_due,
        cancels=_refusal,
        discharges=_completes,
        late=Words(
            clause="2.1.4",
            severity=Severity.OVERDUE,
            zh="转学于 {started} 发起，{done} 才办结，超过 {due} 的办理期限",
            en="transfer started {started} was completed only on {done}, past its due date {due}",
        ),
        late_evidence="both",
        transfer=True,
        before=_open_transfer_overdue,
    ),
    DueAfter(
        name="migrant_archive_overdue",
        module="liangshan_xueji.policy.overdue",
        doc="""随迁子女辍学的学籍档案 (2.4.1): a compulsory-stage dropout recorded as a child of migrant
    workers whose archive was not handed to the education department of the 户籍's county by the end of
    the term of the dropout (or was handed over after it). A return to school before then withdraws the
    duty; an archive a county authority already holds (an earlier handover not taken back, a closed
    school's) has none to hand over. A row of :data:`~liangshan_xueji.policy.due.DUE_TABLE`.""",
        clauses=("2.4.1",),
        trigger=(MarkDropout, ProvisionalDropout),
        act=(MigrantArchiveHandover, ReturnToSchool),
        due=lambda _record, start, ctx: migrant_archive_due(start.on, ctx),
        opens=_migrant_dropout,
        cancels=_returned,
        still_due=_migrant_archive_still_due,
        late=Words(
            clause="2.4.1",
            severity=Severity.OVERDUE,
            zh="随迁子女于 {started} 辍学，学籍档案于 {done} 才转交户籍所在地县（区）教育行政部门，"
            "晚于该学期末 {due}",
            en="the migrant child dropped out on {started}; the archive reached the 户籍's county "
            "education department only on {done}, after the term's end {due}",
        ),
        missing=Words(
            clause="2.4.1",
            severity=Severity.OVERDUE,
            zh="随迁子女于 {started} 辍学，学籍档案应于该学期末 {due} 前转交户籍所在地县（区）"
            "教育行政部门，仍未转交",
            en="the migrant child dropped out on {started}; the archive was due at the 户籍's "
            "county education department by the term's end {due} and has not been handed over",
        ),
        late_evidence="both",
    ),
    DueAfter(
        name="archive_missing",
        module="liangshan_xueji.policy.breaches",
        doc="""不为已接收学生建立学籍档案 (8.3.1): no archive one month after enrollment (5); an archive made
    late is an overdue finding of 5. Records with a history from their registration only. A row of
    :data:`~liangshan_xueji.policy.due.DUE_TABLE`.""",
        clauses=("8.3.1", "5"),
        trigger=(Register,),
        act=(CreateArchive,),
        due=lambda record, _start, ctx: archive_due(record, ctx),
        once=True,
        judged=_registered_live,
        late=Words(
            clause="5",
            severity=Severity.OVERDUE,
            zh="学籍档案于 {done} 才建立，晚于入学 1 个月的期限 {due}",
            en="the archive was created only on {done}, after the one-month limit {due}",
        ),
        missing=Words(
            clause="8.3.1",
            severity=Severity.BREACH,
            zh="学生于 {enrolled} 入学，至 {due} 仍未建立学籍档案（第 5 条：入学 1 个月内）",
            en="the student enrolled on {enrolled} and has no archive by {due} "
            "(clause 5: within one month)",
        ),
        missing_evidence="no archive.create in the history",
    ),
    DueAfter(
        name="starting_grades_unfiled",
        module="liangshan_xueji.policy.breaches",
        doc="""起始年级学籍报州备案 (6.1): a student who entered primary 1 or junior 1 of a 一类模式 school and was
    not filed with the prefecture by 9-30 of that school year (or was filed late). A row of
    :data:`~liangshan_xueji.policy.due.DUE_TABLE`.""",
        clauses=("6.1",),
        trigger=(Register, Admit),
        act=(PrefectureFiling,),
        due=lambda _record, start, ctx: filing_due(start.on, ctx),
        opens=_model_one_starting,
        still_due=_live,
        late=Words(
            clause="6.1",
            severity=Severity.OVERDUE,
            zh="起始年级学籍于 {done} 才报州备案，晚于 {due}",
            en="the starting-grade record was filed only on {done}, after {due}",
        ),
        missing=Words(
            clause="6.1",
            severity=Severity.OVERDUE,
            zh="一类模式起始年级学籍应于 {due} 前报州教育局民族教育科备案，仍未备案",
            en="the model-one starting-grade record was due at the prefecture by {due} and is "
            "not filed",
        ),
    ),
    DueAfter(
        name="new_student_data_overdue",
        module="liangshan_xueji.policy.breaches",
        doc="""新生信息 9-30 (1.3): a registered student's data not confirmed by the parents and submitted by
    9-30 of the registration's school year, or confirmed after it. A row of
    :data:`~liangshan_xueji.policy.due.DUE_TABLE`.""",
        clauses=("1.3",),
        trigger=(Register,),
        act=(ConfirmNewStudentData,),
        due=lambda record, _start, ctx: new_student_data_due(record, ctx),
        once=True,
        judged=_registered_live,
        late=Words(
            clause="1.3",
            severity=Severity.OVERDUE,
            zh="新生信息于 {done} 才确认上报，晚于 {due}",
            en="the new student's data were confirmed only on {done}, after {due}",
        ),
        missing=Words(
            clause="1.3",
            severity=Severity.OVERDUE,
            zh="新生信息应于 {due} 前完成家长签字确认并上报审核，仍未完成",
            en="the new student's data were due, confirmed and submitted, by {due}; still not done",
        ),
        missing_evidence="no registration.confirm in the history",
    ),
)

_BY_NAME = {row.name: row for row in DUE_TABLE}


def check_of(name: str) -> RecordCheck:
    """The generated check of the row ``name`` (for its module to hold)."""
    return _BY_NAME[name].check()
