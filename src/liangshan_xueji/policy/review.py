"""复核与保密 Review and confidentiality: clauses 8.1 and 8.2.

- **8.1 — each term's review** (学校应当每学期复核学生学籍): :func:`term_review` is an audit check over
  one school's records (registered with :func:`~liangshan_xueji.records.findings.school_check`) that lists what
  a review must settle — a transfer left open since before this term, a 休学 status without its period
  (a change whose procedure is incomplete), missing basic information — and the records that were not
  reviewed last term. :func:`review_school` runs it and records the review on each record
  (:class:`Reviewed`).
- **8.2 — no data out without written approval** (未经学籍主管部门书面批准，学籍信息一律不得向外提供):
  every export out of the school needs the reference of the status authority's written approval, masked
  or not (:func:`export_refusal`, the one condition that :func:`evaluate_export`, :func:`export_decision`,
  :func:`export_rows`, :func:`log_export` and the audit's 8.3.7 check all call). Masking is a default
  on top of the approval, never a substitute for it: :func:`export_rows` masks personal data unless the
  caller asks for them in full. :func:`log_export` records an export on each record's history
  (:class:`DataExported`), which the audit reads for clause 8.3.7.

Readings: a term (学期) is half a school year. The school year starts the day after the national
promotion (``promotion_day``, 8-10 24:00, clause 3.1), so the autumn term runs 8-11 to 2-10 and the
spring term 2-11 to 8-10 (six months each, :func:`term_of`). A record is judged for last term's review
when the library knows its history since registration or the school records reviews at all (a
:class:`Reviewed` entry somewhere); it must have a review dated in the last term if it existed then.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Sequence

import attrs

from ..decisions import Decision, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..law.parameters import IN_FORCE, ParameterSet
from ..records._privacy import mask_id, mask_name
from ..records.findings import Finding, SchoolRecords, Severity, school_check
from ..records.models import Origin, Record, Status, StudentNumberKind
from ..records.status import Context, StatusEvent, add_months, entry, rule, transition
from . import _parts as p
from .registration import registration_entry
from .regulation import apply, evaluate

__all__ = [
    "EXPORT_COLUMNS",
    "DataExported",
    "Reviewed",
    "export_decision",
    "export_refusal",
    "export_rows",
    "log_export",
    "review_school",
    "term_of",
    "term_review",
]

_LIVE = (Status.ENROLLED, Status.SUSPENDED)
_DAY = _dt.timedelta(days=1)


# --------------------------------------------------------------------------------------------------
# Terms


def term_of(on: _dt.date, parameters: ParameterSet) -> tuple[_dt.date, _dt.date]:
    """The term (学期) holding ``on``: (first day, last day). Half a school year, which starts the day
    after ``promotion_day`` (8-11 by default): 8-11 … 2-10 and 2-11 … 8-10."""
    p.check_date(on, "on")
    promo = parameters.month_day("promotion_day", on)
    start = promo.in_year(on.year) + _DAY
    if on < start:
        start = promo.in_year(on.year - 1) + _DAY
    middle = add_months(start, 6)
    if on < middle:
        return start, middle - _DAY
    return middle, add_months(start, 12) - _DAY


# --------------------------------------------------------------------------------------------------
# Events


@attrs.frozen(kw_only=True)
class Reviewed(StatusEvent, kind="review"):
    """学籍复核 (8.1): the school reviewed this record; ``issues`` is what the review found open."""

    issues: int = attrs.field(default=0, validator=p.count)


@rule(Reviewed)
@implements("8.1")
def evaluate_review(record: Record, event: Reviewed, context: Context) -> Decision:
    """学籍复核 (8.1): recording a review is always allowed on a live record."""
    return Decision.allow()


@transition(Reviewed)
def _reviewed(record: Record, event: Reviewed, context: Context) -> Record:
    return record.appended(entry(record, event, context))


@attrs.frozen(kw_only=True)
class DataExported(StatusEvent, kind="data.export"):
    """学籍信息向外提供 (8.2): to ``recipient``, with the written approval's reference (``None``:
    none), the personal data masked or not."""

    recipient: str = attrs.field(validator=p.text())
    approval: str | None = attrs.field(default=None, validator=p.text(optional=True))
    masked: bool = attrs.field(default=True, validator=p.of(bool))


_NEEDS_APPROVAL = Reason(
    "8.2",
    "未经学籍主管部门书面批准，学籍信息一律不得向外提供",
    "no record data leave the school without the status authority's written approval",
)


@implements("8.2")
def export_refusal(approval: str | None) -> Reason | None:
    """The reason an export out of the school is refused (8.2), or ``None``: "未经学籍主管部门书面批准，
    学籍信息一律不得向外提供" — without the written approval's reference no record data go out, masked
    or not ("一律"). The one statement of the condition; every export path and the 8.3.7 check call it."""
    return _NEEDS_APPROVAL if approval is None else None


@rule(DataExported)
@implements("8.2", "7.1")
def evaluate_export(record: Record, event: DataExported, context: Context) -> Decision:
    """向外提供学籍信息 (8.2): only with the status authority's written approval, masked or not; the act
    is recorded."""
    refusal = export_refusal(event.approval)
    return Decision.refuse(refusal) if refusal is not None else Decision.allow()


@transition(DataExported)
def _exported(record: Record, event: DataExported, context: Context) -> Record:
    return record.appended(entry(record, event, context))


# --------------------------------------------------------------------------------------------------
# 8.1 — the each-term review


def _judged_for_review(record: Record) -> bool:
    return registration_entry(record) is not None or any(
        isinstance(e.event, Reviewed) for e in record.history
    )


def _basic_gaps(record: Record) -> list[tuple[str, str]]:
    student = record.student
    gaps: list[tuple[str, str]] = []
    if student.identity_number is None:
        if student.student_number.kind is StudentNumberKind.L:
            gaps.append(
                (
                    "缺少居民身份证号（临时学籍号 L 待全国查重后换为 G 字头学籍号）",
                    "no ID number (the temporary L number awaits national de-duplication)",
                )
            )
        else:
            gaps.append(("缺少居民身份证号", "no ID number"))
    if not student.household_registration.strip():
        gaps.append(("缺少户籍所在地", "no household registration"))
    if not student.address.strip():
        gaps.append(("缺少家庭地址", "no home address"))
    if not student.guardians:
        gaps.append(("缺少监护人信息", "no guardian"))
    return gaps


#: The terms last computed: (as-of date, parameters, (this term's start, last term's start and end)).
#: The audit asks once per school with the same context; one tuple, replaced whole.
_LAST_TERMS: tuple[_dt.date | None, ParameterSet | None, tuple[_dt.date, _dt.date, _dt.date]] = (
    None,
    None,
    (IN_FORCE, IN_FORCE, IN_FORCE),
)


def _terms(ctx: Context) -> tuple[_dt.date, _dt.date, _dt.date]:
    """This term's first day, and last term's first and last days, as of ``ctx.on``."""
    global _LAST_TERMS
    on, parameters, found = _LAST_TERMS
    if on == ctx.on and parameters is ctx.parameters:
        return found
    now_start, _now_end = term_of(ctx.on, ctx.parameters)
    last_start, last_end = term_of(now_start - _DAY, ctx.parameters)
    found = (now_start, last_start, last_end)
    _LAST_TERMS = (ctx.on, ctx.parameters, found)
    return found


@school_check("8.1")
def term_review(records: Sequence[Record], ctx: Context) -> Iterator[Finding]:
    """每学期复核 (8.1) over one school's records: what the review must settle, and records not reviewed
    last term.

    - OVERDUE: a live record (在校, 休学) judged for reviews that existed during the last term and has
      no :class:`Reviewed` entry dated in it (due: the term's last day);
    - NOTICE: a transfer open since before this term began; a 休学 status without its period, or a
      period on a record that is not 休学 (the change's procedure is incomplete); missing basic
      information (ID number, 户籍, address, guardians).
    """
    now_start, last_start, last_end = _terms(ctx)
    judged_last = p.judged(last_start)
    rows = SchoolRecords.of(records)
    for (
        i
    ) in rows.special:  # a plain record (在校, nothing open, complete data) has nothing to settle
        r = rows[i]
        if r.status not in _LIVE:
            continue
        if (
            r.enrolled_on <= last_end
            and judged_last
            and _judged_for_review(r)
            and not any(
                isinstance(e.event, Reviewed) and max(last_start, r.enrolled_on) <= e.on <= last_end
                for e in r.history
            )
        ):
            yield p.finding(
                r,
                ctx,
                "8.1",
                Severity.OVERDUE,
                f"上学期（{last_start}–{last_end}）未复核该生学籍",
                f"the record was not reviewed last term ({last_start} – {last_end})",
                evidence="no review entry in the last term",
                due=last_end,
            )
        workflow = r.transfer
        if workflow is not None and workflow.started_on < now_start:
            yield p.finding(
                r,
                ctx,
                "8.1",
                Severity.NOTICE,
                f"转学自 {workflow.started_on} 起未办结，跨学期仍未处理",
                f"a transfer open since {workflow.started_on}, across a term, is still unsettled",
                evidence=f"transfer.started_on={workflow.started_on}",
            )
        if (r.status is Status.SUSPENDED) != (r.suspension is not None):
            yield p.finding(
                r,
                ctx,
                "8.1",
                Severity.NOTICE,
                "休学状态与休学期限记录不一致，学籍变动手续不完备",
                "the 休学 status and its period disagree: the change's procedure is incomplete",
                evidence=f"status={r.status.zh} suspension={'有' if r.suspension else '无'}",
            )
        gaps = _basic_gaps(r)
        if gaps:
            yield p.finding(
                r,
                ctx,
                "8.1",
                Severity.NOTICE,
                "学生基本信息不完整：" + "；".join(zh for zh, _ in gaps),
                "incomplete basic information: " + "; ".join(en for _, en in gaps),
                evidence="student",
            )


@implements("8.1")
def review_school(
    records: Iterable[Record], context: Context
) -> tuple[tuple[Finding, ...], tuple[Record, ...]]:
    """Review a school's records this term (8.1): the findings of :func:`term_review` (before the
    review) and the records, each live one with a :class:`Reviewed` entry counting its open issues.

    Clause 8.5: a live record of a student this regulation does not govern (foreign, Hong Kong,
    Macao, Taiwan, or a J number of unknown origin) is left as it is, as a terminal one is, and
    reported by an 8.5 notice; as in the audit, :func:`term_review`'s findings about a foreign, Hong
    Kong, Macao or Taiwan student are left out (an unknown origin's are kept)."""
    rows = p.records_of(records)
    p.check_context(context)
    foreign = _foreign(rows)
    found = tuple(
        f for f in term_review(rows, context) if f.student is None or f.student.value not in foreign
    )
    issues: dict[str, int] = {}
    for f in found:
        if f.student is not None:
            issues[f.student.reveal()] = issues.get(f.student.reveal(), 0) + 1
    out: list[Record] = []
    notes: list[Finding] = []
    for r in rows:
        if r.status not in _LIVE:
            out.append(r)
            continue
        outside = p.student_outside(r.student)
        if outside is not None:
            notes.append(
                p.finding(
                    r,
                    context,
                    "8.5",
                    Severity.NOTICE,
                    f"{outside.zh}；本学期复核未记入该学籍",
                    f"{outside.en}; this term's review is not recorded on the record",
                    evidence=f"origin={'unknown' if r.student.origin is None else r.student.origin.en}",
                )
            )
            out.append(r)
            continue
        event = Reviewed(student=r.student.student_number, issues=issues.get(r.student.key, 0))
        out.append(apply(r, event, context))
    return found + tuple(notes), tuple(out)


def _foreign(rows: Sequence[Record]) -> frozenset[str]:
    """The student numbers of foreign, Hong Kong, Macao and Taiwan students among ``rows`` (8.5)."""
    return frozenset(r.student.key for r in rows if r.student.origin not in (Origin.MAINLAND, None))


# --------------------------------------------------------------------------------------------------
# 8.2 — export

#: The columns of :func:`export_rows`.
EXPORT_COLUMNS: tuple[str, ...] = (
    "student_number",
    "name",
    "sex",
    "birth_date",
    "ethnicity",
    "identity_number",
    "household_registration",
    "address",
    "school_code",
    "grade",
    "class_name",
    "status",
)


def _approval(approval: object) -> str | None:
    if approval is None:
        return None
    if not isinstance(approval, str) or not approval.strip():
        raise InvalidInput(
            "书面批准文号应为非空文本（无批准时传 None）",
            "the written approval's reference must be non-empty text (None when there is none)",
            where="approval",
        )
    return approval


@implements("8.2", "7.1")
def export_decision(approval: str | None) -> Decision:
    """Whether record data may leave the school (8.2): only with the status authority's written approval
    (its reference, e.g. a document number), whether the data are masked or not."""
    ref = _approval(approval)
    refusal = export_refusal(ref)
    if refusal is not None:
        return Decision.refuse(refusal)
    return Decision.allow(
        Reason(
            "8.2",
            f"经学籍主管部门书面批准（{ref}）向外提供学籍信息，严防外泄和滥用",
            f"provided with the status authority's written approval ({ref}); guard it against "
            "leaks and misuse",
        )
    )


@implements("8.2", "7.1")
def export_rows(
    records: Iterable[Record], *, approval: str | None, masked: bool = True
) -> list[dict[str, str]]:
    """Rows of record data for a recipient outside the school (8.2), one dict per record, keys
    :data:`EXPORT_COLUMNS`.

    ``approval`` is the reference of the status authority's written approval; without it (``None``)
    nothing goes out: :class:`~liangshan_xueji.errors.PolicyViolation` carries the refusal (8.2: "一律不得
    向外提供"). With it, the student number, ID number, name and address are masked and the birth date
    shows only its year, unless ``masked=False`` asks for them in full (7.1, 8.2: masking by default).
    """
    rows = p.records_of(records)
    p.check_type(masked, bool, "masked")
    export_decision(approval).raise_if_refused()
    full = not masked
    out: list[dict[str, str]] = []
    for r in rows:
        s = r.student
        number = s.student_number.reveal()
        ident = "" if s.identity_number is None else s.identity_number.reveal()
        out.append(
            {
                "student_number": number if full else mask_id(number),
                "name": s.name if full else mask_name(s.name),
                "sex": s.sex.value,
                "birth_date": s.birth_date.isoformat() if full else f"{s.birth_date.year}-**-**",
                "ethnicity": s.ethnicity,
                "identity_number": ident if full else mask_id(ident),
                "household_registration": s.household_registration,
                "address": s.address if full else mask_name(s.address),
                "school_code": r.school_code,
                "grade": str(r.grade),
                "class_name": r.class_name,
                "status": r.status.zh,
            }
        )
    return out


@implements("8.2")
def log_export(
    records: Iterable[Record],
    context: Context,
    *,
    recipient: str,
    approval: str | None,
    masked: bool,
) -> tuple[Decision, tuple[Record, ...]]:
    """Record an export on each record's history (8.2), all or nothing: refused without the written
    approval, masked or not. Records in a terminal state are left as they are, and so are those of
    students this regulation does not govern (8.5), which the decision names in 8.5 reasons."""
    rows = p.records_of(records)
    p.check_context(context)
    p.check_text(recipient, "recipient")
    ref = _approval(approval)
    p.check_type(masked, bool, "masked")
    targets, skipped = p.skip_outside(
        rows, (i for i, r in enumerate(rows) if not r.status.terminal)
    )
    events = {
        i: DataExported(
            student=rows[i].student.student_number, recipient=recipient, approval=ref, masked=masked
        )
        for i in targets
    }
    decisions = [evaluate(rows[i], events[i], context) for i in targets]
    decision = Decision.combine(*decisions, skipped)
    if not decision.allowed:
        return decision, rows
    out = list(rows)
    for i in targets:
        out[i] = apply(rows[i], events[i], context)
    return decision, tuple(out)
