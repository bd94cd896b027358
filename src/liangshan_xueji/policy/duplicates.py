"""重复招生处理 Duplicate enrollment: clause 3.3 (with 附表3, F3).

When two schools hold a record of the same student, the school the student actually attends uploads the
proof of attendance (《学生实际就读证明表》, 附表3) and the other school "deletes" its record; both schools'
education authorities act. Nothing is ever deleted (1.5): the other record ends in the terminal state
``Status.DUPLICATE_REMOVED`` (重复学籍已删除) with its whole history kept (:class:`RemoveDuplicate`), and no
event leaves that state.

:func:`resolve_duplicate` takes both records, checks that they are one student's at two schools and that
the attended one is live, and applies the removal to the other.

Readings: "the same student" is the same student number or the same 居民身份证号 (a student may hold a
temporary L number at one school and a G number at another). "双方学校教育主管部门核办" is read as both
authorities approving: the attended school's and the removing school's.
"""

from __future__ import annotations

import attrs

from ..decisions import Decision, Material, Reason
from ..law.clauses import implements
from ..records.models import Record, Status
from ..records.status import Context, StatusEvent, entry, rule, transition
from . import _parts as p
from .outcome import Outcome
from .regulation import apply, evaluate

__all__ = [
    "ATTENDANCE_PROOF",
    "RemoveDuplicate",
    "duplicate_pair_reasons",
    "resolve_duplicate",
    "same_student",
]

#: 附表3, uploaded by the school actually attended (3.3, F3).
ATTENDANCE_PROOF = Material(
    "F3",
    "3.3",
    "《学生实际就读证明表》（附表3），由实际就读学校上传",
    "附表3, the proof of actual attendance, uploaded by the school attended",
)
_KEPT_AUTHORITY = Material(
    "kept_authority_approval",
    "3.3",
    "实际就读学校的教育主管部门核办",
    "the approval of the attended school's education authority",
)
_REMOVING_AUTHORITY = Material(
    "removing_authority_approval",
    "3.3",
    "删除学籍学校的教育主管部门核办",
    "the approval of the removing school's education authority",
)


@attrs.frozen(kw_only=True)
class RemoveDuplicate(StatusEvent, kind="duplicate.removal"):
    """重复学籍删除 (3.3): applied to the record of the school the student does *not* attend.

    ``attended_school`` is the school actually attended, which uploaded 附表3 (``attendance_proof``);
    the two authorities' approvals are ``attended_authority_approves`` and
    ``removing_authority_approves``.
    """

    attended_school: str = attrs.field(validator=p.text())
    attendance_proof: bool = attrs.field(default=False, validator=p.of(bool))
    attended_authority_approves: bool = attrs.field(default=False, validator=p.of(bool))
    removing_authority_approves: bool = attrs.field(default=False, validator=p.of(bool))


@rule(RemoveDuplicate)
@implements("3.3", "F3", "1.5")
def evaluate_removal(record: Record, event: RemoveDuplicate, context: Context) -> Decision:
    """重复学籍删除 (3.3): the other school's record ends removed, its history kept (1.5), on 附表3 from
    the school attended and with both authorities' approval."""
    context.school(event.attended_school, where="attended_school")
    reasons: list[Reason] = []
    missing: list[Material] = []
    if event.attended_school == record.school_code:
        reasons.append(
            Reason(
                "3.3",
                "实际就读学校的学籍保留，删除的是对方学校的重复学籍",
                "the record of the school attended stays; the other school's record is removed",
            )
        )
    if not event.attendance_proof:
        missing.append(ATTENDANCE_PROOF)
        reasons.append(
            Reason(
                "3.3",
                "学生实际就读学校必须上传《学生实际就读证明表》（附表3）作为佐证",
                "the school attended must upload 附表3 as evidence",
            )
        )
    if not event.attended_authority_approves:
        missing.append(_KEPT_AUTHORITY)
    if not event.removing_authority_approves:
        missing.append(_REMOVING_AUTHORITY)
    if not (event.attended_authority_approves and event.removing_authority_approves):
        reasons.append(
            Reason(
                "3.3",
                "重复学籍删除须由双方学校教育主管部门核办",
                "both schools' education authorities act on the removal",
            )
        )
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
    return Decision.allow(
        Reason(
            "1.5",
            "重复学籍不物理删除：置为“重复学籍已删除”，历史记录完整保留",
            "the duplicate is not erased: it ends as removed, its history kept",
        )
    )


@transition(RemoveDuplicate)
def _remove(record: Record, event: RemoveDuplicate, context: Context) -> Record:
    return record.appended(
        entry(record, event, context, status=Status.DUPLICATE_REMOVED),
        status=Status.DUPLICATE_REMOVED,
        transfer=None,
        suspension=None,
    )


def same_student(a: Record, b: Record) -> bool:
    """True when two records are one student's: the same student number or the same ID number — the
    current one, or the one a G number still carries after a correction (4:
    :attr:`~liangshan_xueji.records.models.Student.identity_keys`)."""
    if a.student.key == b.student.key:
        return True
    return not set(a.student.identity_keys).isdisjoint(b.student.identity_keys)


@implements("3.3")
def duplicate_pair_reasons(attended: Record, duplicate: Record) -> list[Reason]:
    """Why ``duplicate`` is not a duplicate of ``attended`` to remove (3.3: 重复招生), or ``[]``: the two
    must be one student's (:func:`same_student`), at two schools, and the other not already removed.
    The one statement of the condition, used by :func:`resolve_duplicate` and by 附表3's validation."""
    reasons: list[Reason] = []
    if not same_student(attended, duplicate):
        reasons.append(
            Reason(
                "3.3",
                "两条学籍不是同一名学生的，不是重复学籍",
                "the two records are not one student's: no duplicate",
            )
        )
    if attended.school_code == duplicate.school_code:
        reasons.append(
            Reason(
                "3.3",
                "两条学籍在同一所学校；重复招生指两所学校各有该生学籍",
                "both records are at the same school; a duplicate enrollment is at two schools",
            )
        )
    if duplicate.status is Status.DUPLICATE_REMOVED:
        reasons.append(
            Reason(
                "3.3",
                "对方重复学籍已经删除",
                "the other school's duplicate has already been removed",
            )
        )
    return reasons


@implements("3.3", "F3", "1.5")
def resolve_duplicate(
    attended: Record,
    duplicate: Record,
    context: Context,
    *,
    attendance_proof: bool,
    attended_authority_approves: bool,
    removing_authority_approves: bool,
) -> Outcome:
    """重复招生处理 (3.3): remove ``duplicate`` in favour of ``attended``, the record of the school the
    student actually attends.

    Refused, with every reason, when the two are not one student's at two schools, when ``attended``
    is not a live (在校) record, or when 附表3 or an authority's approval is missing. Returns an
    :class:`~.outcome.Outcome`: the decision and, when allowed, the removed record (its history kept,
    one entry longer); ``attended`` is unchanged.
    """
    p.check_type(attended, Record, "attended")
    p.check_type(duplicate, Record, "duplicate")
    p.check_context(context)
    for name, value in (
        ("attendance_proof", attendance_proof),
        ("attended_authority_approves", attended_authority_approves),
        ("removing_authority_approves", removing_authority_approves),
    ):
        p.check_type(value, bool, name)
    reasons = duplicate_pair_reasons(attended, duplicate)
    if attended.status is not Status.ENROLLED:
        reasons.append(
            Reason(
                "3.3",
                f"实际就读学校的学籍应为在校（现为“{attended.status.zh}”）",
                f"the attended school's record must be enrolled (it is {attended.status.en})",
            )
        )
    event = RemoveDuplicate(
        student=duplicate.student.student_number,
        attended_school=attended.school_code,
        attendance_proof=attendance_proof,
        attended_authority_approves=attended_authority_approves,
        removing_authority_approves=removing_authority_approves,
    )
    decision = evaluate(duplicate, event, context)
    if reasons:
        decision = Decision.combine(Decision.refuse(*reasons), decision)
    if not decision.allowed:
        return Outcome(decision, None)
    return Outcome(decision, apply(duplicate, event, context))
