"""Private helpers shared by the policy modules of parts 一, 三(二)–八 (registration … scope).

本模块仅供内部使用。Validators that raise :class:`~liangshan_xueji.errors.InvalidInput` (Chinese first,
English second, ``where=`` naming the field, never echoing a value that may be personal data), the
builder of audit :class:`~liangshan_xueji.records.findings.Finding` values, and small readers of a record's
history. Nothing here is public API.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import attrs

from .._validators import (
    Validator,
    check_date,
    collection_of,
    count,
    is_instance,
    of,
    text,
    to_frozenset,
    to_tuple,
    where,
)
from .._validators import check_type as _check_type
from ..decisions import Deadline, Decision, Reason
from ..errors import InvalidInput
from ..law.parameters import IN_FORCE
from ..records.findings import Finding, Severity
from ..records.identity import region_in_county
from ..records.models import (
    HistoryEntry,
    Origin,
    Record,
    School,
    Status,
    Student,
    TeachingMode,
    student_mode,
)
from ..records.status import Context

# The shared validators, re-exported for the policy modules (``p.of``, ``p.text``, …).
__all__ = [
    "Validator",
    "check_date",
    "collection_of",
    "count",
    "is_instance",
    "of",
    "text",
    "to_frozenset",
    "to_tuple",
    "where",
]

_E = TypeVar("_E", bound=enum.Enum)
_F = TypeVar("_F", bound=Callable[..., Any])


def check_type(value: object, cls: type, name: str) -> Any:
    """``value`` if it is a ``cls``; :class:`InvalidInput` naming ``name`` otherwise (the shared
    :func:`liangshan_xueji._validators.check_type`, in the argument order the policy modules use)."""
    _check_type(value, name, cls)
    return value


def check_text(value: object, name: str, *, optional: bool = False) -> str | None:
    """A non-empty string (stripped of nothing); ``None`` allowed when ``optional``."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{name} 应为非空文本", f"{name} must be non-empty text", where=name)
    return value


def records_of(records: object, name: str = "records") -> tuple[Record, ...]:
    """The records of an iterable, each checked to be a :class:`Record`."""
    if isinstance(records, (str, bytes, Record)):
        raise InvalidInput(
            f"{name} 应为学籍（Record）的序列", f"{name} must be a sequence of Record", where=name
        )
    try:
        out: tuple[object, ...] = tuple(records)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidInput(
            f"{name} 应为学籍（Record）的序列，得到 {type(records).__name__}",
            f"{name} must be a sequence of Record, not {type(records).__name__}",
            where=name,
        ) from None
    checked: list[Record] = []
    for i, r in enumerate(out):
        if not isinstance(r, Record):
            raise InvalidInput(
                f"{name} 的第 {i + 1} 项应为 Record，得到 {type(r).__name__}",
                f"item {i} of {name} must be a Record, not {type(r).__name__}",
                where=f"{name}[{i}]",
            )
        checked.append(r)
    return tuple(checked)


def check_context(context: object) -> Context:
    """``context`` if it is a :class:`Context`."""
    result: Context = check_type(context, Context, "context")
    return result


# --------------------------------------------------------------------------------------------------
# Findings


def finding(
    record: Record,
    ctx: Context,
    clause: str,
    severity: Severity,
    zh: str,
    en: str,
    *,
    evidence: str = "",
    due: _dt.date | None = None,
) -> Finding:
    """A finding about ``record`` (its school, its county from the context, its masked student)."""
    school = ctx.schools.get(record.school_code)
    return Finding(
        clause=clause,
        severity=severity,
        school_code=record.school_code,
        county=school.county if school is not None else "",
        student=record.student.student_number,
        zh=zh,
        en=en,
        evidence=evidence,
        due=due,
        found_on=ctx.on,
        student_name=record.student.name,
        grade=record.grade,
        class_name=record.class_name,
    )


# --------------------------------------------------------------------------------------------------
# 8.5: the students this regulation does not govern (one predicate for evaluate, scope and the audit)


#: The fact an unknown origin lacks (clause 8.5), as a reason's ``needs`` key: "cannot decide" until the
#: student's origin (``Student.origin``) is given.
ORIGIN_FACT = "origin"


def outside_reason(origin: Origin | None) -> Reason | None:
    """Clause 8.5 for a student of ``origin``: ``None`` for the mainland (this regulation governs the
    student); otherwise the 8.5 reason — a foreign, Hong Kong, Macao or Taiwan student follows the
    Ministry's and the province's rules; an unknown origin (``None``: a J number, no ID number, no
    origin given) must be stated before this regulation can be said to govern the student."""
    if origin is Origin.MAINLAND:
        return None
    if origin is None:
        return Reason(
            "8.5",
            "J 字头学籍号且无身份证号的学生须注明来源（Student.origin：境内、外籍、香港、澳门或台湾）："
            "外籍学生和港澳台学生学籍管理按照教育部、省教育厅相关规定执行",
            "a J-numbered student without an ID number needs an origin (Student.origin: "
            "mainland, foreign, Hong Kong, Macao or Taiwan): foreign, Hong Kong, Macao and Taiwan "
            "students follow the Ministry's and the province's rules",
            needs=ORIGIN_FACT,
        )
    return Reason(
        "8.5",
        f"{origin.value}学生的学籍管理按照教育部、省教育厅相关规定执行，不适用本规定",
        f"{_WHO_EN[origin]} is managed under the Ministry's and the province's rules, "
        "not this regulation",
    )


_WHO_EN = {
    Origin.FOREIGN: "a foreign student",
    Origin.HONG_KONG: "a student from Hong Kong",
    Origin.MACAO: "a student from Macao",
    Origin.TAIWAN: "a student from Taiwan",
}


def student_outside(student: Student) -> Reason | None:
    """:func:`outside_reason` of ``student``'s origin (:attr:`Student.origin`)."""
    return outside_reason(student.origin)


def skip_outside(rows: Sequence[Record], targets: Iterable[int]) -> tuple[list[int], Decision]:
    """Clause 8.5 in a batch (all or nothing over the records this regulation governs): the indices of
    ``targets`` whose students it governs, and an allowed decision reporting the others — left as they
    are, as a record in a terminal state is — with one 8.5 reason per origin naming their (masked)
    student numbers and the reason :func:`~liangshan_xueji.policy.regulation.evaluate` gives them.
    The decision has no reason when every student is governed here."""
    kept: list[int] = []
    skipped: dict[Reason, list[str]] = {}
    for i in targets:
        reason = student_outside(rows[i].student)
        if reason is None:
            kept.append(i)
        else:
            skipped.setdefault(reason, []).append(rows[i].student.student_number.masked)
    reasons = [
        Reason(
            "8.5",
            f"{len(numbers)} 名学生本次未办理、学籍保持原状（{'、'.join(numbers)}）：{reason.zh}",
            f"{len(numbers)} student(s) left as they are, not done in this batch "
            f"({', '.join(numbers)}): {reason.en}",
            needs=reason.needs,  # an unknown origin: give it, and the next batch takes them
        )
        for reason, numbers in skipped.items()
    ]
    return kept, Decision.allow(*reasons)


def at(history: Sequence[HistoryEntry], i: int) -> str:
    """``history[3] 2020-09-01 registration``: a pointer to one history entry, for ``evidence``."""
    e = history[i]
    return f"history[{i}] {e.on} {type(e.event).kind}"


def entries(record: Record, *kinds: type) -> Iterator[tuple[int, HistoryEntry]]:
    """The (index, entry) pairs of ``record``'s history whose event is one of ``kinds``."""
    for i, e in enumerate(record.history):
        if isinstance(e.event, kinds):
            yield i, e


def judged(on: _dt.date) -> bool:
    """True for an act on or after the regulation's date of issue (8.4: in force from that day)."""
    return on >= IN_FORCE


# --------------------------------------------------------------------------------------------------
# Relevance: which records a check can fire on


@attrs.frozen(kw_only=True)
class Relevance:
    """The only records a record check can report on (read by the audit to skip it for the others).

    A check marked ``Relevance(history=True, statuses={Status.SUSPENDED})`` may fire only on a record
    with a non-empty history **or** in status 休学. ``kinds`` narrows ``history``: the history must hold
    an event of one of these classes (or of a subclass) — for a check that reads only such events.
    ``transfer``/``suspension``: an open transfer / 休学 period on the record. A check without a
    relevance runs on every record.
    """

    history: bool = False
    kinds: frozenset[type] = frozenset()
    transfer: bool = False
    suspension: bool = False
    statuses: frozenset[Status] = frozenset()

    def admits(
        self,
        status: Status,
        history: frozenset[type] | bool,
        has_transfer: bool,
        has_suspension: bool,
    ) -> bool:
        """True when a record with these features may make the check fire: its status, the classes of
        the events in its history (or just whether it has one), an open transfer, an open 休学."""
        return (
            (self.history and bool(history) and self._kinds_in(history))
            or (self.transfer and has_transfer)
            or (self.suspension and has_suspension)
            or status in self.statuses
        )

    def _kinds_in(self, history: frozenset[type] | bool) -> bool:
        if not self.kinds or isinstance(history, bool):
            return True
        return any(issubclass(k, tuple(self.kinds)) for k in history)


def applies_when(
    *,
    history: bool = False,
    kinds: Iterable[type] = (),
    transfer: bool = False,
    suspension: bool = False,
    statuses: Iterable[Status] = (),
) -> Callable[[_F], _F]:
    """Declare the records a check can fire on (see :class:`Relevance`); stored as ``__audit_when__``.

    Put it under ``@check(...)``. The declaration must be true: the audit never runs the check on
    other records, so a check that could fire elsewhere would miss findings. 审核时只对可能触发的学籍
    运行该检查。
    """
    relevance = Relevance(
        history=history,
        kinds=frozenset(kinds),
        transfer=transfer,
        suspension=suspension,
        statuses=frozenset(statuses),
    )

    def mark(fn: _F) -> _F:
        fn.__audit_when__ = relevance  # type: ignore[attr-defined]
        return fn

    return mark


def household_in_county(student: Student, school: School) -> bool | None:
    """Whether ``student``'s 户籍 lies in ``school``'s county (clauses 1.5, 3.2), decided from the 户籍
    region code (:attr:`Student.household_region_code`: the explicit code, else the ID number's) against
    the county's code; ``None`` when it cannot be decided (no code, or a code or county the table of
    :data:`~liangshan_xueji.records.identity.LIANGSHAN_COUNTY_CODES` cannot place). The 户籍 text is never matched against the county's
    name."""
    found = student.household_region_code
    if found is None:
        return None
    return region_in_county(found[0], school.county)


def household_basis(student: Student) -> tuple[str, str]:
    """How :func:`household_in_county` decided, for a reason's text (Chinese, English)."""
    found = student.household_region_code
    if found is None:
        return "无户籍地行政区划代码，也无身份证号", "no 户籍 region code and no ID number"
    if found[1]:
        return (
            "按身份证号前 6 位（发证地，未必是现户籍地）",
            "by the ID number's first six digits (where it was issued, not necessarily the current 户籍)",
        )
    return "按户籍地行政区划代码", "by the 户籍 region code"


def in_model_one(record: Record, school: School | None) -> bool | None:
    """Whether the record is held in a 一类模式 class (clauses 6.1, 6.3): the student's mode
    (:func:`~liangshan_xueji.records.models.student_mode`: the record's, else its class's, else the
    school's sole mode) is 一类. ``None`` when it cannot be told: the school is unknown, or it runs
    一类 among other modes and neither the record nor its class gives one."""
    if school is None or school.code != record.school_code:
        return None if record.mode is None else record.mode is TeachingMode.MODEL_ONE
    mode = student_mode(record, school)
    if mode is None:
        return False if not school.runs(TeachingMode.MODEL_ONE) else None
    return mode is TeachingMode.MODEL_ONE


#: The facts a 一类模式 check may lack (clauses 2.1.6.2, 6.1–6.3), as a reason's ``needs`` key
#: (:class:`~liangshan_xueji.decisions.Reason`): the student's own mode (``Record.mode``) and the
#: class's (``ClassInfo.mode``). Such a reason makes the decision "cannot decide", not a refusal by
#: the rule; the audit reports it as a notice, not a breach.
STUDENT_MODE_FACT = "student_mode"
CLASS_MODE_FACT = "class_mode"


def cannot_decide(reasons: Iterable[Reason]) -> bool:
    """True when ``reasons`` are all "cannot decide" ones (each names the fact it lacks, ``needs``),
    and there is one (:attr:`~liangshan_xueji.decisions.Decision.undecided` for a tuple of reasons)."""
    found = tuple(reasons)
    return bool(found) and Decision.refuse(*found).undecided


def allow_by(
    clause: str,
    due: _dt.date,
    on: _dt.date,
    late_zh: str,
    late_en: str,
    *notes: Reason,
    start: _dt.date | None = None,
) -> Decision:
    """An act allowed with its deadline (``clause``, due ``due``): ``notes`` first, then, when ``on``
    is past ``due``, the late reason ``late_zh``/``late_en`` (the work must still be done, so a late
    act is accepted and says so). The deadline starts at ``start`` (default ``on``), never after
    ``due``."""
    reasons = list(notes)
    if on > due:
        reasons.append(Reason(clause, late_zh, late_en))
    first = on if start is None else start
    return Decision.allow(
        *reasons, deadline=Deadline(clause=clause, start=min(first, due), due=due)
    )
