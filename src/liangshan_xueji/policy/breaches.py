"""学校应担责的情形 Breaches a school answers for: clause 8.3 (8.3.1–8.3.10), and the audit checks of
parts 1, 3.2, 4, 5 and 6.

Each check reads one record and its history (:func:`~liangshan_xueji.records.findings.check`) and returns
:class:`~liangshan_xueji.records.findings.Finding` values with the clause, the school, the student (masked), what
was found, the evidence (a pointer into the history) and the date missed; the audit runs them all.

The ten breaches of 8.3 and where they are found:

- 8.3.1 不为已接收学生建立学籍档案 — :func:`archive_missing` (the one month of clause 5);
- 8.3.2 以虚假信息建立学籍 — :func:`false_registration`: a registration the rules refuse for its data —
  not actually attending (1.1), no province-wide lookup or a record found (1.2), no 户口/ID data (1.2);
- 8.3.3 不及时把学籍变动信息纳入学籍档案 — :func:`changes_not_in_archive`: the changes the archive has
  not taken in by the end of their term; :func:`change_outside_history`: the record's status or grade
  is not the one its history ends in (a change made without its event);
- 8.3.4 不及时报告辍学 — ``policy.overdue.dropout_unreported`` (2.4.1);
- 8.3.5 接收学生不为其办理转学手续 — :func:`received_without_transfer`: the record changed school other
  than by a completed transfer, an admission or a return (or its school is not the one its history ends
  at);
- 8.3.6 不按规定为学生转接学籍档案 — :func:`archive_not_moved` (5.3.1: no backup kept; an unmoved
  archive only a notice, and only with ``archive_move_months`` set);
- 8.3.7 泄露或非法使用学籍信息 — :func:`data_leaked`: an export of personal data in full without the
  written approval (8.2);
- 8.3.8 变相留级 — ``policy.overdue.compulsory_year_decreased`` (2.3);
- 8.3.9 一类模式学校中途接收或空挂学籍 — :func:`empty_record` here (6.1, 6.3) and
  ``policy.overdue.barred_transfer_completed`` for the transfers;
- 8.3.10 其他违规行为 — :func:`refused_acts`. Reading: every act in a history that the rules refuse when
  the history is replayed from the registration, each reported once with all its reasons. The replay
  judges each act on its own date against the audit's schools; reasons that depend on the schools' state
  at that time, which the audit does not know (class sizes 2.1.2 and 2.1.6.1, the retention figures of
  2.3), are not held against the past. An act both refused on replay and caught by a dedicated check is
  reported by both: the dedicated finding names the breach, the 8.3.10 finding the act. Records whose
  history does not begin with their registration (imported with a partial history) are not replayed.

Also here: 1.3 (data confirmed by 9-30), 1.4 (registration before arrival; photo not yet imported —
a notice), 4 (key data changed without the police proof), 6.1 (starting grades not filed by 9-30) and
6.1/6.2 (一类模式 admissions without the test or the approved roster) and 6.1/6.3 (a student's
own teaching mode contradicting its class's or the school's — a notice, :func:`mode_contradicts_class`). :func:`rectification_order` is
8.3's consequence: the authority orders a school with breaches to put them right.

Checks that need to know what happened since registration (an archive made, data confirmed, a photo
imported) judge only records whose history starts with their registration
(:func:`~.registration.registration_entry`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Sequence

import attrs

from .._validators import check_items
from ..decisions import Decision, Reason
from ..errors import XuejiError
from ..law.clauses import implements
from ..records.findings import Finding, SchoolRecords, Severity, check, school_check
from ..records.models import Grade, HistoryEntry, Origin, Record, School, Status, TeachingMode
from ..records.status import Context, add_months
from . import _parts as p
from .admission import Admit
from .archives import (
    ARCHIVE_MOVE_PARAMETER,
    CreateArchive,
    HandOverArchive,
    MigrantArchiveHandover,
    MoveArchive,
    ReclaimArchive,
    backup_not_kept,
    compare_with_archive,
)
from .due import check_of
from .keydata import KEY_FIELDS, ChangeStudentData, student_as_registered, unproven_key_change
from .model_one import model_one_roster_bar, model_one_test_bar
from .overdue import applies_when
from .registration import (
    AttendanceCheck,
    ImportPhoto,
    Register,
    attending,
    before_arrival,
    identity_bar,
    lookup_bar,
    not_attending,
    registration_entry,
)
from .regulation import default_regulation, evaluate
from .review import DataExported, export_refusal, term_of

__all__ = [
    "STATE_DEPENDENT_CLAUSES",
    "archive_missing",
    "archive_not_moved",
    "change_outside_history",
    "changes_not_in_archive",
    "data_leaked",
    "empty_record",
    "false_registration",
    "key_data_without_proof",
    "mode_contradicts_class",
    "model_one_admissions",
    "new_student_data_overdue",
    "received_without_transfer",
    "rectification_order",
    "refused_acts",
    "registration_arrival_and_photo",
    "starting_grades_unfiled",
]

#: The clauses whose reasons depend on the schools' state at the time of an act (not replayed, 8.3.10).
STATE_DEPENDENT_CLAUSES: frozenset[str] = frozenset({"2.1.2", "2.1.6.1", "2.3"})

#: The events that move a record to another school lawfully (transfer 2.1, admission 3.2, return 2.4.3).
_MOVING_KINDS = frozenset({"transfer.act", "admission", "return"})


# --------------------------------------------------------------------------------------------------
# 8.3.1 and 5 — the archive within one month


#: 不为已接收学生建立学籍档案 (8.3.1, 5): generated from its row of the due-table.
archive_missing = check_of("archive_missing")


# --------------------------------------------------------------------------------------------------
# 8.3.2 — records built on false information


@check("8.3.2", "1.1")
@applies_when(history=True, kinds=(Register,))
def false_registration(record: Record, ctx: Context) -> Iterator[Finding]:
    """以虚假信息建立学籍 (8.3.2): a registration that states what is not so — the student registered at
    a school they do not actually attend (1.1: "学生学籍必须在实际就读学校注册"). The library has no
    other source to prove a registration's data false; an incomplete procedure is reported under 1.2
    (:func:`registration_procedure`), not as false information."""
    for i, e in p.entries(record, Register):
        ev = e.event
        assert isinstance(ev, Register)
        if not_attending(ev.attending):
            yield p.finding(
                record,
                ctx,
                "8.3.2",
                Severity.BREACH,
                f"{e.on} 为并不在本校就读的学生注册学籍，学籍信息不实（1.1）",
                f"on {e.on} a student who does not attend the school was registered there: the "
                "record's data are false (1.1)",
                evidence=p.at(record.history, i),
            )


@check("1.2")
@applies_when(history=True, kinds=(Register,))
def registration_procedure(record: Record, ctx: Context) -> Iterator[Finding]:
    """新生注册程序 (1.2): "各学校必须先将学生信息进行全省数据查询，若无该生学籍信息，方可为新生报名，
    并依据户口或公安部门提供的身份信息为学生建立…学籍信息档案" — a registration without the
    province-wide lookup, over a record the lookup found, or not built from the 户口 or the police's
    identity data."""
    for i, e in p.entries(record, Register):
        ev = e.event
        assert isinstance(ev, Register)
        problems = (*lookup_bar(ev.province_lookup), *identity_bar(ev.identity_source))
        if problems:
            yield p.finding(
                record,
                ctx,
                "1.2",
                Severity.BREACH,
                f"{e.on} 注册未按规定程序（1.2）：" + "；".join(r.zh for r in problems),
                f"the registration of {e.on} skipped the procedure of 1.2: "
                + "; ".join(r.en for r in problems),
                evidence=p.at(record.history, i),
            )


# --------------------------------------------------------------------------------------------------
# 8.3.3, 8.3.5 — changes outside the history, schools changed without a transfer


def _last(record: Record) -> HistoryEntry:
    return record.history[-1]


@check("8.3.3")
@applies_when(history=True)
def change_outside_history(record: Record, ctx: Context) -> Iterator[Finding]:
    """不及时把学籍变动信息纳入学籍档案 (8.3.3): the record's status or grade differs from the state its
    history ends in — a change made without its event (学籍变动) being recorded."""
    if not record.history:
        return
    last = _last(record)
    diffs_zh, diffs_en = [], []
    if record.status is not last.status:
        diffs_zh.append(f"状态“{record.status.zh}”≠ 历史“{last.status.zh}”")
        diffs_en.append(f"status {record.status.en} ≠ history's {last.status.en}")
    if record.grade != last.grade:
        diffs_zh.append(f"年级 {record.grade} ≠ 历史 {last.grade}")
        diffs_en.append(f"grade {record.grade.label_en} ≠ history's {last.grade.label_en}")
    if diffs_zh:
        yield p.finding(
            record,
            ctx,
            "8.3.3",
            Severity.BREACH,
            "学籍变动未纳入学籍档案（异动历史）：" + "；".join(diffs_zh),
            "a status change is not in the record's history: " + "; ".join(diffs_en),
            evidence=f"{p.at(record.history, len(record.history) - 1)} → 学籍现状 record snapshot",
        )


@check("8.3.3", "5.1.1")
@applies_when(history=True, kinds=(CreateArchive,))
def changes_not_in_archive(record: Record, ctx: Context) -> Iterator[Finding]:
    """不及时把学籍变动信息纳入学籍档案 (8.3.3), against the archive itself: the record's changes since
    the archive last took in its basic information and changes (5.1.1,
    :func:`~liangshan_xueji.policy.archives.compare_with_archive`), the first of them made in a term
    that has ended (8.1: the each-term review makes the changes complete) — the differences listed."""
    seen = compare_with_archive(record)
    if seen is None or not seen.changes:
        return
    history = record.history
    first = history[seen.changes[0][0]].on
    due = term_of(first, ctx.parameters)[1]
    if ctx.on <= due:
        return
    yield p.finding(
        record,
        ctx,
        "8.3.3",
        Severity.BREACH,
        f"学籍档案最后于 {seen.filed_on} 纳入学籍信息（状态“{seen.status.zh}”，{seen.grade}），"
        f"此后的变动到 {due}（学期末）仍未纳入档案：" + "；".join(zh for _, zh, _ in seen.changes),
        f"the archive last took in the record on {seen.filed_on} ({seen.status.en}, "
        f"{seen.grade.label_en}); these changes were still not in it by the term's end {due}: "
        + "; ".join(en for _, _, en in seen.changes),
        evidence=f"{p.at(history, seen.filed_index)} → {p.at(history, seen.changes[-1][0])}",
        due=due,
    )


@check("8.3.5", "2.1")
@applies_when(history=True)
def received_without_transfer(record: Record, ctx: Context) -> Iterator[Finding]:
    """接收学生不为其办理转学手续 (8.3.5): the record moved to another school by an act other than a
    completed transfer (2.1), an admission (3.2) or a return (2.4.3); or its school is not the one its
    history ends at."""
    history = record.history
    if not history:
        return
    for i in range(1, len(history)):
        before, after = history[i - 1], history[i]
        if after.school_code != before.school_code and type(after.event).kind not in _MOVING_KINDS:
            yield p.finding(
                record,
                ctx,
                "8.3.5",
                Severity.BREACH,
                f"{after.on} 学籍由 {before.school_code} 转到 {after.school_code}，未办理转学手续",
                f"on {after.on} the record moved from {before.school_code} to {after.school_code} "
                "without a transfer",
                evidence=f"{p.at(history, i - 1)} → {p.at(history, i)}",
            )
    last = _last(record)
    if record.school_code != last.school_code:
        yield p.finding(
            record,
            ctx,
            "8.3.5",
            Severity.BREACH,
            f"学籍现在 {record.school_code}，异动历史止于 {last.school_code}：接收学生未办理转学手续",
            f"the record is at {record.school_code} but its history ends at {last.school_code}: "
            "received without a transfer",
            evidence=f"{p.at(history, len(history) - 1)} → 学籍现状 record snapshot",
        )


# --------------------------------------------------------------------------------------------------
# 8.3.6, 5.3.1 — the archive follows the student


_ARCHIVE_MOVE_NOTE_ZH = (
    "提示：5.3.1 未规定转接期限，此为调用方所设 archive_move_months = {months} 个月，非违规"
)
_ARCHIVE_MOVE_NOTE_EN = (
    "a notice: 5.3.1 sets no time limit; this is the caller's archive_move_months = {months}, "
    "not a breach"
)


@check("8.3.6", "5.3.1")
@applies_when(history=True, kinds=(CreateArchive,))
def archive_not_moved(record: Record, ctx: Context) -> Iterator[Finding]:
    """不按规定为学生转接学籍档案 (8.3.6): an archive moved without the old school's electronic backup or
    paper copies (5.3.1) is a breach.

    5.3.1 sets no time limit for the move (clause 5's one month is for *creating* the archive), so an
    archive that has not yet followed the student is no breach. Only when the caller sets
    ``archive_move_months`` (no default: the library's notice, not the regulation's limit) does an
    archive still unmoved that long after a completed transfer or an admission to another school — or
    moved later than that — give a NOTICE citing 5.3.1. An archive a county authority holds (2.4.1,
    5.3.3) reaches the student's school by :class:`~liangshan_xueji.policy.archives.ReclaimArchive`,
    which ends the wait as a move does (the authority keeps no backup: 5.3.1 binds schools)."""
    history = record.history
    holder: str | None = None
    pending: dict[str, tuple[int, _dt.date]] = {}
    months = ctx.parameters.optional_int(ARCHIVE_MOVE_PARAMETER, ctx.on)
    for i, e in enumerate(history):
        ev = e.event
        if isinstance(ev, CreateArchive) and holder is None:
            holder = e.school_code
        elif isinstance(ev, (MoveArchive, ReclaimArchive)) and holder is not None:
            if (
                isinstance(ev, MoveArchive)
                and backup_not_kept(ev.electronic_backup_kept, ev.paper_copies_kept)[0]
            ):
                yield p.finding(
                    record,
                    ctx,
                    "8.3.6",
                    Severity.BREACH,
                    f"{e.on} 学籍档案由 {ev.from_school} 转出，原学校未保留电子档案备份或必要的纸质档案复印件（5.3.1）",
                    f"on {e.on} the archive left {ev.from_school} without the old school keeping "
                    "the electronic backup or the paper copies (5.3.1)",
                    evidence=p.at(history, i),
                )
            waiting = pending.pop(ev.to_school, None)
            if waiting is not None and e.on > waiting[1]:
                yield p.finding(
                    record,
                    ctx,
                    "5.3.1",
                    Severity.NOTICE,
                    f"学籍档案于 {e.on} 才转至 {ev.to_school}，晚于 {waiting[1]}"
                    f"（{_ARCHIVE_MOVE_NOTE_ZH.format(months=months)}）",
                    f"the archive reached {ev.to_school} only on {e.on}, after {waiting[1]} "
                    f"({_ARCHIVE_MOVE_NOTE_EN.format(months=months)})",
                    evidence=f"{p.at(history, waiting[0])} → {p.at(history, i)}",
                    due=waiting[1],
                )
            holder = ev.to_school
        elif isinstance(ev, HandOverArchive) and holder is not None:
            holder = ev.to_school or ev.county
            pending.pop(ev.from_school, None)
        elif isinstance(ev, MigrantArchiveHandover) and holder is not None:
            holder = ev.authority
        moved = i > 0 and e.school_code != history[i - 1].school_code
        if (
            moved
            and type(ev).kind in ("transfer.act", "admission")
            and holder is not None
            and holder != e.school_code
            and months is not None
        ):
            pending[e.school_code] = (i, add_months(e.on, months))
    for school, (i, due) in pending.items():
        if ctx.on > due:
            yield p.finding(
                record,
                ctx,
                "5.3.1",
                Severity.NOTICE,
                f"学生于 {history[i].on} 转入或升入 {school}，至 {due} 学籍档案仍未转接"
                f"（{_ARCHIVE_MOVE_NOTE_ZH.format(months=months)}）",
                f"the student moved to {school} on {history[i].on}; the archive had not followed by "
                f"{due} ({_ARCHIVE_MOVE_NOTE_EN.format(months=months)})",
                evidence=p.at(history, i),
                due=due,
            )


# --------------------------------------------------------------------------------------------------
# 8.3.7 — leaks


@check("8.3.7", "8.2")
@applies_when(history=True, kinds=(DataExported,))
def data_leaked(record: Record, ctx: Context) -> Iterator[Finding]:
    """泄露或非法使用学籍信息 (8.3.7): record data given out without the status authority's written
    approval (8.2), masked or not: the recorded export replayed through :func:`export_refusal`."""
    for i, e in p.entries(record, DataExported):
        ev = e.event
        assert isinstance(ev, DataExported)
        if export_refusal(ev.approval) is not None:
            yield p.finding(
                record,
                ctx,
                "8.3.7",
                Severity.BREACH,
                f"{e.on} 未经学籍主管部门书面批准向 {ev.recipient} 提供了"
                f"{'遮蔽后的' if ev.masked else '完整的'}学籍信息（8.2）",
                f"on {e.on} {'masked' if ev.masked else 'full'} record data went to {ev.recipient} "
                "without the status authority's written approval (8.2)",
                evidence=p.at(record.history, i),
            )


# --------------------------------------------------------------------------------------------------
# 8.3.9, 1.1, 6.1, 6.2, 6.3 — empty records and 一类模式 admissions


@check("8.3.9", "1.1", "6.1", "6.3")
@applies_when(history=True, kinds=(Register, AttendanceCheck))
def empty_record(record: Record, ctx: Context) -> Iterator[Finding]:
    """空挂学籍 (1.1; in a 一类模式 class — the student's mode, not the school's label — 6.1, 6.3 and the
    breach 8.3.9): an enrolled record whose latest attendance fact says the student does not attend
    the school."""
    if record.status is not Status.ENROLLED or attending(record) is not False:
        return
    school = ctx.schools.get(record.school_code)
    facts = [i for i, _e in p.entries(record, Register, AttendanceCheck)]
    last = facts[-1] if facts else len(record.history) - 1
    if p.in_model_one(record, school):
        rule = "6.1" if record.grade.compulsory else "6.3"
        yield p.finding(
            record,
            ctx,
            "8.3.9",
            Severity.BREACH,
            f"一类模式学校为不在本校就读的学生空挂学籍（违反 {rule}）",
            f"a model-one school holds an empty record for a student it does not teach ({rule})",
            evidence=p.at(record.history, last),
        )
    else:
        yield p.finding(
            record,
            ctx,
            "1.1",
            Severity.BREACH,
            "学生不在本校就读，学籍却在本校（空挂学籍，违反“籍在人在”）",
            "the student does not attend the school that holds the record (an empty record)",
            evidence=p.at(record.history, last),
        )


def _school(ctx: Context, code: str) -> School | None:
    return ctx.schools.get(code)


@check("6.1", "6.2")
@applies_when(history=True, kinds=(Admit,))
def model_one_admissions(record: Record, ctx: Context) -> Iterator[Finding]:
    """一类模式招生 (6.1, 6.2): a non-一类 primary graduate admitted to a 一类 junior school without the
    test (6.1); a student admitted to a 一类 senior high before the prefecture approved the roster (6.2)."""
    history = record.history
    for i, e in p.entries(record, Admit):
        ev = e.event
        assert isinstance(ev, Admit)
        admitting = _school(ctx, e.school_code)
        previous = _school(ctx, history[i - 1].school_code) if i > 0 else None
        if admitting is None:
            continue
        before = history[i - 1] if i > 0 else None
        tested = (
            model_one_test_bar(
                previous,
                admitting,
                e.grade,
                ev.passed_model_one_test,
                previous_mode=None if before is None else before.mode,
                admitted_mode=e.mode,
            )
            if previous is not None
            else ()
        )
        rostered = model_one_roster_bar(
            admitting, e.grade, ev.model_one_roster_approval, admitted_mode=e.mode
        )
        for undecided in (tested, rostered):
            if p.cannot_decide(undecided):
                yield p.finding(
                    record,
                    ctx,
                    undecided[0].clause,
                    Severity.NOTICE,
                    f"{e.on} 的录取无法核查：{undecided[0].zh}",
                    f"the admission on {e.on} cannot be checked: {undecided[0].en}",
                    evidence=p.at(history, i),
                )
        if tested and not p.cannot_decide(tested):
            yield p.finding(
                record,
                ctx,
                "6.1",
                Severity.BREACH,
                f"{e.on} 非一类模式小学毕业生未经检测录取进入一类模式初中 {e.school_code}",
                f"on {e.on} a non-model-one primary graduate entered the model-one junior school "
                f"{e.school_code} without the test",
                evidence=p.at(history, i),
            )
        if rostered and not p.cannot_decide(rostered):
            yield p.finding(
                record,
                ctx,
                "6.2",
                Severity.BREACH,
                f"{e.on} 一类模式高一学籍未经州教育局民族教育科审核通过即注册",
                f"on {e.on} a model-one senior-1 record was registered before the prefecture "
                "approved the roster",
                evidence=p.at(history, i),
            )


#: The states in which a record sits in a class of its school (the class's mode applies to it): every
#: state but 毕业 (the class is left behind), 死亡 and 重复学籍已删除.
_IN_A_CLASS: frozenset[Status] = frozenset(Status) - {
    Status.GRADUATED,
    Status.DECEASED,
    Status.DUPLICATE_REMOVED,
}


@school_check("6.1", "6.3")
def mode_contradicts_class(records: Sequence[Record], ctx: Context) -> Iterator[Finding]:
    """学生与班级的教学模式不一致 (6.1; 6.3 for a senior grade): a record whose own teaching mode
    (``Record.mode``) differs from its class's listed mode (``ClassInfo.mode``), or, its class listing
    none, is a mode the school does not run (``School.modes``). A notice: the data contradict each
    other. The rules go by the record's mode (:func:`~liangshan_xueji.records.models.student_mode`), so
    8.3.9, the 6.1 filing and the 2.1.6.2/6.1/6.3 transfer bans rest on it; the registrar checks which
    is right. Only records with a mode of their own can fire, and they are never plain
    (:func:`~liangshan_xueji.records.findings.is_plain`): the plain bulk of a roster is not built."""
    rows = SchoolRecords.of(records)
    school = ctx.schools.get(rows.school_code)
    if school is None or not rows.special:
        return
    listed: dict[tuple[Grade, str | None], TeachingMode] | None = None
    for i in rows.special:
        r = rows[i]
        mode = r.mode
        if mode is None or r.status not in _IN_A_CLASS or r.school_code != school.code:
            continue
        if listed is None:  # built once per school, and only when a record has a mode
            listed = {(c.grade, c.name): c.mode for c in school.classes if c.mode is not None}
        clause = "6.1" if r.grade.compulsory else "6.3"
        of_class = listed.get((r.grade, r.class_name))
        if of_class is not None:
            if of_class is mode:
                continue
            yield p.finding(
                r,
                ctx,
                clause,
                Severity.NOTICE,
                f"学生的教学模式（{mode.value}）与其班级 {r.class_name} 的教学模式（{of_class.value}）"
                "不一致，数据自相矛盾：本库按学生自身的模式判断（6.1–6.3、2.1.6.2），请核对更正",
                f"the student's teaching mode ({mode.en}) contradicts its class {r.class_name}'s "
                f"({of_class.en}): the library goes by the student's own mode (6.1–6.3, 2.1.6.2); "
                "check and correct the record or the class",
                evidence=f"Record.mode={mode.value}; ClassInfo.mode={of_class.value}",
            )
        elif mode not in school.modes:
            runs = [m for m in TeachingMode if m in school.modes]
            yield p.finding(
                r,
                ctx,
                clause,
                Severity.NOTICE,
                f"学生的教学模式为{mode.value}，学校登记开设的教学模式为"
                f"{'、'.join(m.value for m in runs)}，数据自相矛盾：本库按学生自身的模式判断"
                "（6.1–6.3、2.1.6.2），请核对更正",
                f"the student's teaching mode ({mode.en}) is not one the school runs "
                f"({', '.join(m.en for m in runs)}): the library goes by the student's own mode "
                "(6.1–6.3, 2.1.6.2); check and correct the record or the school",
                evidence=f"Record.mode={mode.value}; School.modes={'|'.join(m.value for m in runs)}",
            )


#: 起始年级学籍报州备案 (6.1): generated from its row of the due-table.
starting_grades_unfiled = check_of("starting_grades_unfiled")


# --------------------------------------------------------------------------------------------------
# 1.3, 1.4 — registration follow-up


#: 新生信息 9-30 (1.3): generated from its row of the due-table.
new_student_data_overdue = check_of("new_student_data_overdue")


@check("1.4")
@applies_when(history=True, kinds=(Register, Admit))
def registration_arrival_and_photo(record: Record, ctx: Context) -> Iterator[Finding]:
    """按实际报到注册 (1.4): a starting grade registered (or admitted) before the student arrived — a
    breach; a registered student's photo not yet imported — a notice (照片导入待办)."""
    history = record.history
    for i, e in enumerate(history):
        ev = e.event
        if isinstance(ev, (Register, Admit)) and before_arrival(ev.arrived_on, e.on):
            when = "未记录报到日期" if ev.arrived_on is None else f"学生 {ev.arrived_on} 才报到"
            when_en = (
                "no day of arrival" if ev.arrived_on is None else f"arrival on {ev.arrived_on}"
            )
            yield p.finding(
                record,
                ctx,
                "1.4",
                Severity.BREACH,
                f"{e.on} 抢先注册学籍（{when}）",
                f"registered in advance on {e.on} ({when_en})",
                evidence=p.at(history, i),
            )
    if (
        registration_entry(record) is not None
        and not record.status.terminal
        and not any(isinstance(e.event, ImportPhoto) for e in history)
    ):
        yield p.finding(
            record,
            ctx,
            "1.4",
            Severity.NOTICE,
            "学籍注册后尚未导入照片（待办）",
            "the photo has not been imported since registration (pending)",
            evidence="no registration.photo in the history",
        )


# --------------------------------------------------------------------------------------------------
# 4 — key data


@check("4")
@applies_when(history=True, kinds=(ChangeStudentData,))
def key_data_without_proof(record: Record, ctx: Context) -> Iterator[Finding]:
    """关键数据变更 (4): key data changed without the police's household-registration proof, its scan in
    the system or the school's approval."""
    for i, e in p.entries(record, ChangeStudentData):
        ev = e.event
        assert isinstance(ev, ChangeStudentData)
        keys = [c.field for c in ev.changes if c.field in KEY_FIELDS]
        if keys and unproven_key_change(ev)[0]:
            yield p.finding(
                record,
                ctx,
                "4",
                Severity.BREACH,
                f"{e.on} 变更关键数据（{'、'.join(f.zh for f in keys)}）未凭公安部门户籍证明或未提交扫描件",
                f"on {e.on} key data ({', '.join(f.value for f in keys)}) changed without the police "
                "proof, its scan or the school's approval",
                evidence=p.at(record.history, i),
            )


# --------------------------------------------------------------------------------------------------
# 8.3.10 — other breaches: acts the rules refuse, found by replaying the history


def _forced(rec: Record, e: HistoryEntry, ctx: Context | None) -> Record:
    """``rec`` after the recorded entry ``e``: by the event's transition when it reproduces the recorded
    state, else the recorded state itself (with the recorded entry); the student's teaching mode the
    entry records, when it records one (6.1)."""
    fn = default_regulation().transition_for(type(e.event))
    if fn is not None and ctx is not None:
        try:
            out = fn(rec, e.event, ctx)
        except Exception:  # a refused act's transition may not run; fall back to the recorded state
            out = None
        if out is not None and (out.status, out.school_code, out.grade) == (
            e.status,
            e.school_code,
            e.grade,
        ):
            return attrs.evolve(out, history=(*rec.history, e), mode=e.mode or out.mode)
    return attrs.evolve(
        rec,
        history=(*rec.history, e),
        status=e.status,
        school_code=e.school_code,
        grade=e.grade,
        mode=e.mode or rec.mode,
    )


@check("8.3.10")
@applies_when(history=True, kinds=(Register,))
def refused_acts(record: Record, ctx: Context) -> Iterator[Finding]:
    """违反本规定的其他行为 (8.3.10): every act of the history that the rules refuse, found by replaying
    the history from the registration (see the module's reading). One finding per act, listing every
    reason with its clause."""
    reg = registration_entry(record)
    if reg is None or record.student.origin not in (Origin.MAINLAND, None):
        return  # 8.5: a foreign, Hong Kong, Macao or Taiwan student is not judged here
    first = reg.event
    assert isinstance(first, Register)
    try:
        student = student_as_registered(record)
        if student.origin is None:  # 8.5: unknown origin, replayed as the audit checks it: mainland
            student = attrs.evolve(student, origin=Origin.MAINLAND)
        rec = Record(
            student=student,
            school_code=first.school_code,
            grade=first.grade,
            class_name=first.class_name,
            enrolled_on=reg.on,
            mode=reg.mode,
        )
    except XuejiError:
        return
    history = record.history
    for i, e in enumerate(history):
        at_ctx = ctx.at(e.on) if p.judged(e.on) else None
        if at_ctx is not None:
            try:
                decision = evaluate(rec, e.event, at_ctx)  # type: ignore[arg-type]
            except XuejiError:
                return  # the replay cannot go on (an unknown school, inconsistent data)
            # a fact the history does not give (the student's mode at a school running both, 6.1)
            # is not a breach: the dedicated check lists it as a notice
            reasons = [
                r
                for r in decision.refusals
                if r.clause not in STATE_DEPENDENT_CLAUSES and r.needs is None
            ]
            if reasons:
                yield p.finding(
                    record,
                    ctx,
                    "8.3.10",
                    Severity.BREACH,
                    f"{e.on} 的学籍操作（{type(e.event).kind}）按规定不应办理："
                    + "；".join(f"[{r.clause}] {r.zh}" for r in reasons),
                    f"the act of {e.on} ({type(e.event).kind}) is one the rules refuse: "
                    + "; ".join(f"[{r.clause}] {r.en}" for r in reasons),
                    evidence=p.at(history, i),
                )
        rec = _forced(rec, e, at_ctx)


# --------------------------------------------------------------------------------------------------
# 8.3 — the consequence


@implements("8.3")
def rectification_order(findings: Iterable[Finding], school_code: str) -> Decision:
    """由其教育主管部门责令整改 (8.3): a school with breaches (findings of severity BREACH) is ordered to
    put them right — a refusal listing each breach once, by clause; allowed when there is none."""
    p.check_text(school_code, "school_code")
    rows = check_items(findings, "findings")
    for i, f in enumerate(rows):
        p.check_type(f, Finding, f"findings[{i}]")
    breaches = [f for f in rows if f.severity is Severity.BREACH and f.school_code == school_code]
    if not breaches:
        return Decision.allow()
    by_clause: dict[str, int] = {}
    for f in breaches:
        by_clause[f.clause] = by_clause.get(f.clause, 0) + 1
    reasons = [
        Reason(
            "8.3",
            "学校有违规情形，由其教育主管部门责令整改；情节严重的，追究校长和相关人员责任",
            "the school has breaches: its education authority orders them put right; in serious "
            "cases the principal and the staff concerned answer for them",
        )
    ]
    reasons += [
        Reason(cid, f"违规 {n} 项（第 {cid} 条）", f"{n} breach(es) of clause {cid}")
        for cid, n in by_clause.items()
    ]
    return Decision.refuse(*reasons)
