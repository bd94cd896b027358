"""Audit checks: overdue work and breaches visible in a record and its history (clauses 2.1.4–6.3, 8.3).

审核检查：从学籍快照、异动历史和审核日期（``ctx.on``）即可判断的逾期与违规。Each check is registered
with :func:`~liangshan_xueji.records.findings.check` (one record at a time) or
:func:`~liangshan_xueji.records.findings.school_check` (one school's records at a time) and returns
:class:`~liangshan_xueji.records.findings.Finding` values, each citing the clause broken:

- 2.1.4 — a transfer still open after its due date, or completed after it;
- 2.1.5, 2.1.6.2, 2.1.6.3, 2.1.6.4, 6.1, 6.3 (with 8.3.9) — a transfer completed although it was barred;
- 2.2.3 — a 休学 that has lapsed and is still 休学;
- 2.2.5 — a graduation-year 休学 not filed with the prefecture;
- 2.3, 2.1.6.5, 2.2.5, 2.4.3 (with 8.3.8) — a compulsory year that went down (disguised retention),
  cited by the route that lowered it;
- 2.3 — senior retentions over the 2 % cap (a school check);
- 2.4.1 (with 8.3.4) — a compulsory-stage dropout not reported in writing;
- 2.4.2 — 辍学/疑似辍学 without its grounds, 其他离校 before 3 months' unexplained absence;
- 2.5 — a death reported after its 10 working days, or a 死亡 record later restored;
- 3.1 — a graduation-year student still 在校 after 7-30, a graduation recorded after 7-30, a
  primary or junior graduate rolled back;
- 3.3 — the same student twice in one school's roster (a school check).

A finding's ``due`` is the date that was missed. Checks read ``ctx.on`` (the audit's as-of date), never
the clock. Every check states, with :func:`applies_when`, the only records it can fire on, so that the
audit skips it for the others (most records of a roster: 在校, no history, nothing open).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from ..records.findings import Finding, SchoolRecords, Severity, check, school_check
from ..records.models import Event, Grade, HistoryEntry, Record, School, Stage, Status
from ..records.status import (
    Context,
    Death,
    Demote,
    DepartureReason,
    ExtendSuspension,
    Graduate,
    MarkDropout,
    MarkSuspectedDropout,
    OtherDeparture,
    ProvisionalDropout,
    Resume,
    Retain,
    ReturnToSchool,
    Suspend,
    TransferAct,
    add_months,
    school_year,
)
from . import _parts, death, dropout, retention, suspension, transfer
from ._parts import Relevance, applies_when
from .due import check_of
from .graduation import grade_year_began

__all__ = ["Relevance", "applies_when"]


# --------------------------------------------------------------------------------------------------
# Helpers


def _school(ctx: Context, code: str) -> School | None:
    return ctx.schools.get(code)


_finding = _parts.finding  # one builder of record findings, shared with parts 1 and 3–8
_at = _parts.at


def _graduation_due(ctx: Context, year: int) -> _dt.date:
    """7-30 of the school year starting in ``year`` (3.1)."""
    return ctx.parameters.month_day("graduation_due", ctx.on).in_year(year + 1)


_AWAY_OR_IN = frozenset(
    {
        Status.ENROLLED,
        Status.SUSPENDED,
        Status.SUSPECTED_DROPOUT,
        Status.DROPPED_OUT,
        Status.OTHER_DEPARTURE,
    }
)


class _State(NamedTuple):
    """A point of a record's life: a history entry or, last, the record's own snapshot (``event``
    ``None``, ``on`` the as-of date). A tuple: made in C, its fields read in C."""

    position: int  # in the history (the snapshot: after the last entry)
    on: _dt.date
    event: Event | None
    status: Status
    school_code: str
    grade: Grade

    @property
    def label(self) -> str:
        if self.event is None:
            return "学籍现状 record snapshot"
        return f"history[{self.position}] {self.on} {type(self.event).kind}"


#: The states last computed: (record, context, states). The checks of one record ask in turn; one
#: tuple, replaced whole, so that a thread never sees another record's states.
_LAST_STATES: tuple[Record | None, Context | None, tuple[_State, ...]] = (None, None, ())


def _states(record: Record, ctx: Context) -> tuple[_State, ...]:
    """The history's states, then the snapshot (when it is not the last entry's state repeated)."""
    global _LAST_STATES
    last = _LAST_STATES
    if last[0] is record and last[1] is ctx:
        return last[2]
    states = tuple(_states_of(record, ctx))
    _LAST_STATES = (record, ctx, states)
    return states


def _states_of(record: Record, ctx: Context) -> list[_State]:
    new = tuple.__new__
    out = [
        new(_State, (i, e.on, e.event, e.status, e.school_code, e.grade))
        for i, e in enumerate(record.history)
    ]
    status, school_code, grade = record.status, record.school_code, record.grade
    if not out or (out[-1].status, out[-1].school_code, out[-1].grade) != (
        status,
        school_code,
        grade,
    ):
        out.append(new(_State, (len(out), ctx.on, None, status, school_code, grade)))
    return out


# --------------------------------------------------------------------------------------------------
# 2.1.4 — transfers done within 10 working days


#: 转学逾期 (2.1.4): generated from its row of the due-table.
transfer_overdue = check_of("transfer_overdue")


# --------------------------------------------------------------------------------------------------
# 2.1.5, 2.1.6.x, 6.1, 6.3 — transfers that should not have happened


def _completed_transfers(history: Sequence[HistoryEntry]) -> Iterator[int]:
    """Indexes of the entries that completed a transfer (the record moved school on a transfer act)."""
    for i in range(1, len(history)):
        e = history[i]
        if isinstance(e.event, TransferAct) and e.school_code != history[i - 1].school_code:
            yield i


@check("2.1.5", "2.1.6", "2.1.6.2", "2.1.6.3", "2.1.6.4", "2.1.6.5", "6.1", "6.3", "8.3.9")
@applies_when(history=True, kinds=(TransferAct,))
def barred_transfer_completed(record: Record, ctx: Context) -> Iterator[Finding]:
    """A transfer completed although 2.1.6 bars it: a graduation year (2.1.6.3), during 休学
    (2.1.6.4), senior non-model → provincial model (2.1.6.2), non-一类 → 一类 mid-way (6.1 compulsory,
    6.3 senior; the breach of 8.3.9), or a changed year between 学制 (2.1.5; a lower year is 2.1.6.5,
    reported by :func:`compulsory_year_decreased` when compulsory, here when senior).

    The completed act is replayed through the rule's own predicates
    (:mod:`liangshan_xueji.policy.transfer`: :func:`~.transfer.graduation_year_bar`,
    :func:`~.transfer.suspension_bar`, :func:`~.transfer.provincial_model_bar`,
    :func:`~.transfer.model_one_bar`, :func:`~.transfer.year_change_bar`), judged on the state before
    the transfer — the history entry just before the completing act — and the grade it completed into.
    """
    history = record.history
    for i in _completed_transfers(history):
        before, after = history[i - 1], history[i]
        where = f"{_at(history, i - 1)} → {_at(history, i)}"
        if transfer.graduation_year_bar(before.grade):
            yield _finding(
                record,
                ctx,
                "2.1.6.3",
                Severity.BREACH,
                f"{before.grade.label_zh}是毕业年级，仍于 {after.on} 办结转学（转入 {after.school_code}）",
                f"{before.grade.label_en} is a graduation year, yet a transfer to "
                f"{after.school_code} was completed on {after.on}",
                evidence=where,
            )
        if transfer.suspension_bar(before.status):
            yield _finding(
                record,
                ctx,
                "2.1.6.4",
                Severity.BREACH,
                f"学生在休学期间，仍于 {after.on} 办结转学（转入 {after.school_code}）；应先复学（2.1.3）",
                f"the student was suspended (休学), yet a transfer to {after.school_code} was "
                f"completed on {after.on}; resumption comes first (2.1.3)",
                evidence=where,
            )
        sending, receiving = _school(ctx, before.school_code), _school(ctx, after.school_code)
        if sending is not None and receiving is not None:
            if transfer.provincial_model_bar(sending, receiving, after.grade):
                yield _finding(
                    record,
                    ctx,
                    "2.1.6.2",
                    Severity.BREACH,
                    f"高中学生由非省级示范性普通高中 {sending.code} 转入省级示范性普通高中 {receiving.code}",
                    f"a senior student transferred from the non-model school {sending.code} into the "
                    f"provincial model senior high {receiving.code}",
                    evidence=where,
                )
            # 一类模式 is the student's mode (6.1): before the transfer, the history's mode at the
            # sending school (else that school's sole mode); after it, the mode recorded on the
            # completing entry (else the receiving school's sole mode).
            barred = transfer.model_one_bar(
                sending, receiving, after.grade, student=before.mode, receiving_mode=after.mode
            )
            if _parts.cannot_decide(barred):  # a mode nobody gave: the check cannot decide
                yield _finding(
                    record,
                    ctx,
                    "8.3.9",
                    Severity.NOTICE,
                    f"无法核查 8.3.9：{barred[0].zh}（历史记录中该次转学前后学生的教学模式）",
                    f"8.3.9 cannot be checked: {barred[0].en} (the student's mode before and after "
                    "this transfer, in the history)",
                    evidence=where,
                )
            elif barred:
                clause = barred[-1].clause  # 6.1 (compulsory) or 6.3 (senior)
                extra_zh = "（川教函〔2013〕746号）" if clause == "6.3" else ""
                mode = before.mode or sending.sole_mode
                assert mode is not None
                yield _finding(
                    record,
                    ctx,
                    clause,
                    Severity.BREACH,
                    f"一类模式学校 {receiving.code} 中途接收转入非一类模式学生（来自 {sending.code}，"
                    f"学生为{mode.value}）{extra_zh}；属 8.3.9 所列违规，亦违反 2.1.6.2",
                    f"the model-one school {receiving.code} took a student of {mode.en} from "
                    f"{sending.code} mid-way: a breach listed in 8.3.9, also barred by 2.1.6.2",
                    evidence=where,
                )
        # The national system promotes at 8-10 without an entry: the school years crossed between the
        # last act and the completion are years the student is owed. A lower compulsory year (2.1.6.5)
        # is reported by compulsory_year_decreased; a lower senior year here.
        crossed = max(school_year(after.on) - school_year(before.on), 0)
        changed = {r.clause for r in transfer.year_change_bar(before.grade, after.grade, crossed)}
        if "2.1.6.5" in changed and not after.grade.compulsory:
            yield _finding(
                record,
                ctx,
                "2.1.6.5",
                Severity.BREACH,
                f"以转学手段变相留级或降级：第 {before.grade.year} 年（{before.grade}）→ "
                f"第 {after.grade.year} 年（{after.grade}）",
                f"a retention or demotion by transfer: year {before.grade.year} "
                f"({before.grade.label_en}) → year {after.grade.year} ({after.grade.label_en})",
                evidence=where,
            )
        if "2.1.5" in changed and "2.1.6.5" not in changed:
            yield _finding(
                record,
                ctx,
                "2.1.5",
                Severity.BREACH,
                f"转学变更了就读年级：第 {before.grade.year} 年（{before.grade}）→ 第 {after.grade.year} 年"
                f"（{after.grade}）；应按 1-9 年级对应",
                f"the transfer changed the year: year {before.grade.year} ({before.grade.label_en}) "
                f"→ year {after.grade.year} ({after.grade.label_en}); years 1–9 correspond",
                evidence=where,
            )


# --------------------------------------------------------------------------------------------------
# 2.2.3, 2.2.5 — 休学


def _suspension_end(record: Record, ctx: Context) -> tuple[_dt.date, str] | None:
    """When the current 休学 ends: the record's period, else from the history (Suspend + extensions)."""
    if record.suspension is not None:
        return record.suspension.ends_on, f"suspension.ends_on={record.suspension.ends_on}"
    ends: _dt.date | None = None
    label = ""
    for i, e in enumerate(record.history):
        if isinstance(e.event, Suspend):
            ends = add_months(e.on, ctx.parameters.int_value("suspension_limit_months", e.on))
            label = _at(record.history, i)
        elif isinstance(e.event, ExtendSuspension) and ends is not None:
            ends = add_months(ends, ctx.parameters.int_value("suspension_limit_months", e.on))
            label = _at(record.history, i)
    return None if ends is None else (ends, label)


@check("2.2.3")
@applies_when(statuses={Status.SUSPENDED})
def suspension_lapsed(record: Record, ctx: Context) -> Iterator[Finding]:
    """休学期满 (2.2.3): still 休学 after the period ended, without 复学 nor an extension (2.2.4)."""
    if record.status is not Status.SUSPENDED:
        return
    found = _suspension_end(record, ctx)
    if found is None:
        return
    ends, evidence = found
    if not suspension.not_yet_lapsed(ends, ctx.on):
        yield _finding(
            record,
            ctx,
            "2.2.3",
            Severity.OVERDUE,
            f"休学已于 {ends} 期满，仍为休学状态：应复学、继续休学（2.2.4）或做其他离校处理",
            f"the suspension ended on {ends} and the record is still suspended: resume, extend "
            "(2.2.4) or set 其他离校",
            evidence=evidence,
            due=ends,
        )


@check("2.2.5")
@applies_when(history=True, kinds=(Suspend,), suspension=True)
def graduation_year_suspension_unfiled(record: Record, ctx: Context) -> Iterator[Finding]:
    """毕业年级休学未报州备案 (2.2.5): a 休学 in a graduation year not filed with the prefecture bureau."""
    filed_starts = set()
    for i, e in enumerate(record.history):
        ev = e.event
        if isinstance(ev, Suspend):
            filed_starts.add(e.on)
            if suspension.unfiled_graduation_year(e.grade, ev.filed_with_prefecture):
                yield _finding(
                    record,
                    ctx,
                    "2.2.5",
                    Severity.BREACH,
                    f"{e.grade.label_zh}（毕业年级）于 {e.on} 休学，未报州教育局备案审核",
                    f"a graduation-year ({e.grade.label_en}) suspension on {e.on} was not filed "
                    "with the prefecture bureau",
                    evidence=_at(record.history, i),
                )
    period = record.suspension
    if (
        period is not None
        and period.started_on not in filed_starts
        and suspension.unfiled_graduation_year(record.grade, period.filed_with_prefecture)
    ):
        yield _finding(
            record,
            ctx,
            "2.2.5",
            Severity.BREACH,
            f"{record.grade.label_zh}（毕业年级）自 {period.started_on} 休学，未报州教育局备案审核",
            f"a graduation-year ({record.grade.label_en}) suspension since {period.started_on} "
            "was not filed with the prefecture bureau",
            evidence=f"suspension.started_on={period.started_on} filed_with_prefecture=false",
        )


# --------------------------------------------------------------------------------------------------
# 2.3 (with 2.1.6.5, 2.2.5, 2.4.3, 8.3.8) — compulsory years never go down

_DECREASE_ROUTE: tuple[tuple[type, str, str, str], ...] = (
    (TransferAct, "2.1.6.5", "以转学手段", "through a transfer"),
    (Resume, "2.2.5", "以休学、复学", "through a suspension and resumption"),
    (ReturnToSchool, "2.4.3", "利用控辍保学（返校）", "through dropout control (a return)"),
)


@check("2.3", "2.1.6.5", "2.2.5", "2.4.3", "8.3.8")
@applies_when(history=True)
def compulsory_year_decreased(record: Record, ctx: Context) -> Iterator[Finding]:
    """变相留级、降级 (2.3, 8.3.8): a compulsory year lower than the one before it in the history (or
    than the last entry, in the record's snapshot), or a 留级/降级 recorded in the compulsory stage.
    Cited by route: a transfer (2.1.6.5), a resumption (2.2.5), a return after dropout (2.4.3),
    anything else — 留级, 降级, an edited record — 2.3.
    """
    states = _states(record, ctx)
    for j, b in enumerate(states):
        a = states[j - 1] if j else None
        if b.grade.compulsory and a is not None and b.grade.year < a.grade.year:
            clause, how_zh, how_en = "2.3", "", ""
            for kind, cid, zh, en in _DECREASE_ROUTE:
                if isinstance(b.event, kind):
                    clause, how_zh, how_en = cid, zh, f" {en}"
                    break
            yield _finding(
                record,
                ctx,
                clause,
                Severity.BREACH,
                f"义务教育阶段{how_zh}变相留级或降级：第 {a.grade.year} 年（{a.grade}）→ "
                f"第 {b.grade.year} 年（{b.grade}）；属 8.3.8 所列违规",
                f"a compulsory-stage year went down{how_en}: year {a.grade.year} "
                f"({a.grade.label_en}) → year {b.grade.year} ({b.grade.label_en}); a disguised "
                "retention (8.3.8)",
                evidence=f"{a.label} → {b.label}",
            )
        elif isinstance(b.event, (Retain, Demote)) and retention.compulsory_retention_bar(
            (a or b).grade
        ):
            what_zh = "留级" if isinstance(b.event, Retain) else "降级"
            yield _finding(
                record,
                ctx,
                "2.3",
                Severity.BREACH,
                f"义务教育阶段学生于 {b.on} 被{what_zh}（{b.grade}）；义务教育阶段一律不允许留级、降级"
                "（7.2、8.3.8）",
                f"a compulsory-stage student was {'retained' if what_zh == '留级' else 'demoted'} on "
                f"{b.on} ({b.grade.label_en}); never allowed in compulsory education (7.2, 8.3.8)",
                evidence=b.label,
            )


# --------------------------------------------------------------------------------------------------
# 2.4.1, 2.4.2 — dropout control


@check("2.4.1", "8.3.4")
@applies_when(history=True, kinds=(MarkDropout, MarkSuspectedDropout, ProvisionalDropout))
def dropout_unreported(record: Record, ctx: Context) -> Iterator[Finding]:
    """辍学未书面上报 (2.4.1, 8.3.4): a compulsory-stage 辍学/疑似辍学 (1.5's 暂做辍学 too) without the
    written report."""
    for i, e in enumerate(record.history):
        ev = e.event
        dropped = (MarkDropout, MarkSuspectedDropout, ProvisionalDropout)
        if isinstance(ev, dropped) and dropout.report_missing(e.grade, ev.reported_in_writing):
            yield _finding(
                record,
                ctx,
                "2.4.1",
                Severity.BREACH,
                f"义务教育阶段学生于 {e.on} 置为“{e.status.zh}”，未书面上报乡镇人民政府、县级教育行政部门"
                "和学籍主管部门；属 8.3.4 所列违规",
                f"a compulsory-stage student was set to {e.status.en} on {e.on} without the written "
                "report to the township, the county education department and the status authority "
                "(8.3.4)",
                evidence=_at(record.history, i),
            )


@check("2.4.2", "1.5")
@applies_when(
    history=True, kinds=(MarkDropout, MarkSuspectedDropout, OtherDeparture, ProvisionalDropout)
)
def departure_without_grounds(record: Record, ctx: Context) -> Iterator[Finding]:
    """置为辍学、疑似辍学或其他离校而不具备 2.4.2 的条件: 辍学/疑似辍学 without family reasons and a
    failed mobilisation (or the student's clear refusal); 其他离校 for absence before 3 months of it, or
    while the family could still be reached; 1.5's 暂做辍学 likewise.
    """
    history = record.history
    for i, e in enumerate(history):
        ev = e.event
        if isinstance(ev, ProvisionalDropout):
            months = ctx.parameters.int_value("unexplained_absence_months", e.on)
            lapses = dropout.long_absence_reasons(ev.absent_since, e.on, months, ev.unreachable)
            if lapses:
                yield _finding(
                    record,
                    ctx,
                    "1.5",
                    Severity.BREACH,
                    f"{e.on} 因长期不在校暂做辍学，但" + "；".join(r.zh for r in lapses),
                    f"set to 辍学 on {e.on} for a long absence, but "
                    + "; ".join(r.en for r in lapses),
                    evidence=_at(history, i),
                )
        elif isinstance(ev, (MarkDropout, MarkSuspectedDropout)):
            quit_ = isinstance(ev, MarkDropout) and ev.explicitly_quit
            if dropout.no_grounds(ev.family_reasons, ev.mobilised, quit_):
                yield _finding(
                    record,
                    ctx,
                    "2.4.2",
                    Severity.BREACH,
                    f"{e.on} 置为“{e.status.zh}”，但既无家庭原因并经学校动员仍未到校，也无学生明确不再读书",
                    f"set to {e.status.en} on {e.on} without family reasons and a failed "
                    "mobilisation, nor a clear refusal to study",
                    evidence=_at(history, i),
                )
        elif isinstance(ev, OtherDeparture) and ev.reason is DepartureReason.UNEXPLAINED_ABSENCE:
            months = ctx.parameters.int_value("unexplained_absence_months", e.on)
            problems_zh: list[str] = []
            problems_en: list[str] = []
            if ev.absent_since is None:
                problems_zh.append("未记录离校日期")
                problems_en.append("no date of leaving recorded")
            elif dropout.absence_too_short(ev.absent_since, e.on, months):
                problems_zh.append(f"离校（{ev.absent_since}）未超过 {months} 个月")
                problems_en.append(f"absent since {ev.absent_since}, not more than {months} months")
            if dropout.family_reachable(ev.unreachable):
                problems_zh.append("仍能联系上学生或家长")
                problems_en.append("the family could still be reached")
            if problems_zh:
                yield _finding(
                    record,
                    ctx,
                    "2.4.2",
                    Severity.BREACH,
                    f"{e.on} 因离校未告知原因置为其他离校，但" + "；".join(problems_zh),
                    f"set to 其他离校 on {e.on} for an unexplained absence, but "
                    + "; ".join(problems_en),
                    evidence=_at(history, i),
                )


migrant_archive_overdue = check_of("migrant_archive_overdue")


# --------------------------------------------------------------------------------------------------
# 2.5 — death


@check("2.5")
@applies_when(history=True, kinds=(Death,))
def death_report(record: Record, ctx: Context) -> Iterator[Finding]:
    """学生死亡 (2.5): reported more than 10 working days after the school obtained the proof (after the
    death when that day is not recorded, and the finding says so: :func:`~.death.report_start`), or —
    never allowed — a 死亡 record later in another status. Both start from the history's
    死亡 event (:class:`~liangshan_xueji.records.status.Death`): a record without one is never looked at.
    """
    history = record.history
    for i, e in enumerate(history):
        ev = e.event
        if not isinstance(ev, Death):
            continue
        if death.reported_late(ev, e.on, ctx):
            due = death.report_deadline(ev, e.on, ctx).due
            start, assumed = death.report_start(ev)
            since_zh = (
                "（未记录取得证明的日期，按死亡日期起算）" if assumed else f"，{start} 取得证明"
            )
            since_en = (
                " (the day the proof was obtained is not recorded: counted from the death)"
                if assumed
                else f"; the proof was obtained on {start}"
            )
            yield _finding(
                record,
                ctx,
                "2.5",
                Severity.OVERDUE,
                f"学生于 {ev.died_on} 死亡{since_zh}，{e.on} 才报送，超过 {due} 的 10 个工作日期限",
                f"the student died on {ev.died_on}{since_en}; the death was reported only on "
                f"{e.on}, past the 10-working-day deadline of {due}",
                evidence=_at(history, i),
                due=due,
            )
        for later in _states(record, ctx)[i + 1 :]:
            if later.status is not Status.DECEASED:
                yield _finding(
                    record,
                    ctx,
                    "2.5",
                    Severity.BREACH,
                    f"已操作“死亡”的学籍被恢复为“{later.status.zh}”；死亡不可恢复",
                    f"a record marked 死亡 (deceased) was restored to {later.status.en}; a death is "
                    "never undone",
                    evidence=f"{_at(history, i)} → {later.label}",
                )
                break
        break


# --------------------------------------------------------------------------------------------------
# 3.1 — graduation by 7-30, graduates never rolled back


def _in_graduation_window(ctx: Context) -> bool:
    """True when ``ctx.on`` falls after 7-30 and on or before 8-10 (the promotion day) of its year."""
    due = ctx.parameters.month_day("graduation_due", ctx.on)
    promo = ctx.parameters.month_day("promotion_day", ctx.on)
    return (due.month, due.day) < (ctx.on.month, ctx.on.day) <= (promo.month, promo.day)


def _not_graduated(record: Record, ctx: Context, year: int) -> Finding | None:
    due = _graduation_due(ctx, year)
    if ctx.on <= due:
        return None
    grade = record.grade
    return _finding(
        record,
        ctx,
        "3.1",
        Severity.OVERDUE,
        f"{grade.label_zh}（毕业年级）学生至 {due} 应完成毕业操作，仍为在校",
        f"a graduation-year student ({grade.label_en}) should have graduated by {due} "
        "and is still enrolled",
        evidence=f"grade={grade} status={record.status.zh}",
        due=due,
    )


@check("3.1")
@applies_when(history=True)
def graduation(record: Record, ctx: Context) -> Iterator[Finding]:
    """毕业 (3.1), for a record with a history: a graduation-year student still 在校 after the 7-30 of
    the school year in which the history shows them in that grade; a graduation recorded after that
    7-30; a primary or junior graduate rolled back (回退) into the stage. (A record without a history is
    judged by :func:`graduation_window`.)

    Reading: a student is known to be in a grade from the earliest of the trailing history entries 在校
    in that grade (a promotion's grade counts from the school year it opens), or from the as-of date.
    """
    history = record.history
    if not history:
        return
    grade = record.grade
    if record.status is Status.ENROLLED and grade.is_graduation_year:
        year = grade_year_began(history, len(history), grade, school_year(ctx.on))
        late = _not_graduated(record, ctx, year)
        if late is not None:
            yield late
    for i, e in enumerate(history):
        if isinstance(e.event, Graduate):
            year = grade_year_began(history, i, e.grade, school_year(e.on))
            due = _graduation_due(ctx, year)
            if e.on > due:
                yield _finding(
                    record,
                    ctx,
                    "3.1",
                    Severity.OVERDUE,
                    f"毕业操作于 {e.on} 完成，晚于 {due}",
                    f"graduation recorded on {e.on}, after the due date {due}",
                    evidence=_at(history, i),
                    due=due,
                )
    states = _states(record, ctx)
    graduated: _State | None = None
    for s in states:
        if s.status is Status.GRADUATED:
            graduated = s if s.grade.compulsory else None
        elif graduated is not None and s.status in _AWAY_OR_IN:
            if s.grade.stage is graduated.grade.stage:
                yield _finding(
                    record,
                    ctx,
                    "3.1",
                    Severity.BREACH,
                    f"{graduated.grade.label_zh}毕业生被回退为“{s.status.zh}”（{s.grade}）；"
                    "严禁回退毕业生以实现义务教育阶段学生复读",
                    f"a {graduated.grade.label_en} graduate was rolled back to {s.status.en} "
                    f"({s.grade.label_en}); graduates are never rolled back",
                    evidence=f"{graduated.label} → {s.label}",
                )
            graduated = None


# --------------------------------------------------------------------------------------------------
# School checks


@school_check("3.1")
def graduation_window(records: Sequence[Record], ctx: Context) -> Iterator[Finding]:
    """毕业 (3.1), for the records without a history: between 7-31 and 8-10 every graduation-year
    student still 在校 has missed the 7-30 graduation. (Outside those days nothing here is overdue: the
    as-of date is the only evidence of the grade.) Records with a history: :func:`graduation`.
    """
    if not _in_graduation_window(ctx):
        return
    rows = SchoolRecords.of(records)
    year = school_year(ctx.on)
    enrolled = Status.ENROLLED
    for i, (status, grade) in enumerate(zip(rows.statuses, rows.grades, strict=True)):
        if status is enrolled and grade.is_graduation_year:
            r = rows[i]
            if not r.history:
                late = _not_graduated(r, ctx, year)
                if late is not None:
                    yield late


@school_check("3.3")
def duplicate_records(records: Sequence[Record], ctx: Context) -> Iterator[Finding]:
    """重复学籍 (3.3): the same student number, or the same 居民身份证号 under two student numbers,
    more than once in one school's roster (records removed as duplicates excepted). A G student whose
    ID number was corrected (4) is also found under the ID number its G number carries
    (:attr:`~liangshan_xueji.records.models.Student.identity_keys`).
    """
    rows = SchoolRecords.of(records)
    removed = Status.DUPLICATE_REMOVED
    numbers, identities = rows.numbers, rows.identities
    carried = {  # a corrected G student (4, rare: such a record has a history, so it is special)
        i: numbers[i][1:]
        for i in rows.special
        if rows.statuses[i] is not removed
        and identities[i] is not None
        and numbers[i][0] == "G"
        and numbers[i][1:] != identities[i]
    }
    if removed in rows.statuses:
        live = [i for i, s in enumerate(rows.statuses) if s is not removed]
        numbers = [numbers[i] for i in live]
        identities = [identities[i] for i in live]
    absent = identities.count(None)
    distinct = set(identities)
    if (
        len(set(numbers)) == len(numbers)
        and len(distinct) == len(identities) - max(absent - 1, 0)
        # a carried ID number (rare) is nobody's current one (two records carrying one ID number
        # have one G number: counted above)
        and (not carried or distinct.isdisjoint(carried.values()))
    ):
        return  # the common case: nobody twice
    seen: dict[str, str] = {}  # student number → itself; ID number → the first student number
    twice: set[str] = set()
    for i, (status, key, ident) in enumerate(
        zip(rows.statuses, rows.numbers, rows.identities, strict=True)
    ):
        if status is removed:
            continue
        if key in seen:
            twice.add(key)
        else:
            seen[key] = key
        for person_id in (ident, carried.get(i)):
            if person_id is not None:
                first = seen.get("#" + person_id)
                if first is None:
                    seen["#" + person_id] = key
                elif first != key:
                    twice.add(first)
                    twice.add(key)
    if not twice:
        return
    counts = Counter(
        key
        for status, key in zip(rows.statuses, rows.numbers, strict=True)
        if status is not removed and key in twice
    )
    reported: set[str] = set()
    for i, (status, key, ident) in enumerate(
        zip(rows.statuses, rows.numbers, rows.identities, strict=True)
    ):
        if status is removed or key not in twice:
            continue
        persons = {ident if ident is not None else key, carried.get(i, key)}
        if key in reported or not persons.isdisjoint(reported):
            continue
        reported.update((key, *persons))
        if counts[key] > 1:
            zh = f"同一学籍号在本校名册中出现 {counts[key]} 次"
            en = f"the same student number appears {counts[key]} times in the school's roster"
        else:
            zh = "同一居民身份证号在本校名册中对应多个学籍号"
            en = "the same ID number is registered under more than one student number"
        r = rows[i]
        yield _finding(
            r,
            ctx,
            "3.3",
            Severity.NOTICE,
            f"{zh}（重复学籍）：须由实际就读学校上传附表3，删除重复学籍",
            f"{en} (a duplicate record): the school actually attended uploads 附表3 and the "
            "duplicate is removed",
            evidence=f"school={r.school_code}",
        )


@school_check("2.3")
def senior_retention_cap(records: Sequence[Record], ctx: Context) -> Iterator[Finding]:
    """高中留级比例 (2.3), per cohort (:mod:`~liangshan_xueji.policy.retention`'s reading): the
    retentions of a senior cohort of this school over its three years exceed 2 % of its size at entry.

    The cohorts checked are those still in their senior years (entered in the current school year or
    the two before it). A cohort's retentions are the 留级 entries of this school in the roster's
    histories out of its grade line (:func:`~liangshan_xueji.policy.retention.cohort_of` on the grade
    before the act), or the cohort's own ``retained`` figure in ``ctx.cohorts`` when that is larger (a
    retained student may have left). Its size at entry comes from ``ctx.cohorts``; without it the size
    is estimated as the cohort's members in the roster (its grade line 在校 or 休学, plus those retained
    out of it) and the finding is a notice, else a breach.
    """
    rows = SchoolRecords.of(records)
    if not rows:
        return
    code = rows.school_code
    now = school_year(ctx.on)
    window = ctx.parameters.int_value("senior_retention_window_years", ctx.on)
    retained: Counter[int] = Counter()
    for i in rows.special:  # a plain record has no history
        r = rows[i]
        if not r.history:
            continue
        for e in r.history:
            if isinstance(e.event, Retain) and e.school_code == code and not e.grade.compulsory:
                entered = retention.cohort_of(e.grade, e.on) - 1  # the line left: one grade up
                if now - window < entered <= now:
                    retained[entered] += 1
    known = {
        c.entered: c
        for c in ctx.cohorts
        if c.school_code == code and now - window < c.entered <= now and c.retained
    }
    for entered, c in known.items():
        retained[entered] = max(retained[entered], c.retained)
    if not retained:
        return
    live_by_year: Counter[int] = Counter()
    # counted by the objects' identities (in C), then by grade: rows share their grade objects
    grade_of = dict(zip(map(id, rows.grades), rows.grades, strict=True))
    live = {id(Status.ENROLLED), id(Status.SUSPENDED)}
    pairs = Counter(zip(map(id, rows.grades), map(id, rows.statuses), strict=True))
    for (grade_id, status_id), n in pairs.items():
        grade = grade_of[grade_id]
        if grade.stage is Stage.SENIOR and status_id in live:
            live_by_year[grade.year] += n
    cap_value = ctx.parameters.value("senior_retention_cap", ctx.on)
    if not isinstance(cap_value, (int, float)):
        return
    cap = float(cap_value)
    school = _school(ctx, code)
    for entered in sorted(retained):
        cohort = ctx.cohort(code, entered)
        total = retained[entered]
        # without the figures, estimated: the members still in its line and those retained out of it
        size = cohort.size if cohort is not None else live_by_year[10 + now - entered] + total
        allowed = math.floor(cap * size + 1e-9)
        if total <= allowed:
            continue
        yield Finding(
            clause="2.3",
            severity=Severity.BREACH if cohort is not None else Severity.NOTICE,
            school_code=code,
            county=school.county if school is not None else "",
            student=None,
            zh=f"{entered} 级（{entered} 学年入读高一）三年内留级 {total} 人，超过该级入学人数 "
            f"{size} 人的 {cap:.0%}（至多 {allowed} 人）"
            + ("" if cohort is not None else "；缺少该级入学人数，按名册中的该级学生估算"),
            en=f"{total} retentions of the cohort that entered senior 1 in {entered} exceed "
            f"{cap:.0%} of its {size} students at entry (at most {allowed})"
            + (
                ""
                if cohort is not None
                else "; its size at entry is unknown, estimated from the roster"
            ),
            evidence=f"school_year={now} cohort={entered} size={size}",
            found_on=ctx.on,
        )
