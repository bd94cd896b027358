"""留级、降级 Retention and demotion: clause 2.3 (with 7.2's and 8.3.8's bans).

No compulsory-stage student is ever retained or demoted, openly or in disguise. A senior student may be
retained (留级: repeat the grade just finished, so the grade goes back one, after the 8-10 promotion), but
retentions into a grade over any three school years may not exceed 2 % of that grade's students.

The library's reading of "留级比例三年内不得超过年级学生总数的 2%": for the grade the student is retained
into, the retentions of the current school year and the two before it, this one included, may not exceed
``senior_retention_cap`` × the grade's students summed over the same years (``RetentionCount`` rows in
the context). Without the grade's figures for the current year the cap cannot be checked and the
retention is refused. The caller records each retention it makes in those figures. A student is
retained at most once a school year: a second retention would drop a second grade, a 降级 in
disguise. A senior 降级 is not covered by this regulation: the national rules apply (8.4).
"""

from __future__ import annotations

import math

from ..decisions import Decision, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..records.models import Grade, Record
from ..records.status import Context, Demote, Retain, entry, rule, school_year, transition
from .transfer import open_transfer_reasons

__all__ = ["compulsory_retention_bar", "retention_headroom"]

_COMPULSORY_BAN = Reason(
    "2.3",
    "义务教育阶段学生一律不允许留级、降级",
    "no student of the compulsory stage is ever retained or demoted",
)
_REGISTRAR_BAN = Reason(
    "7.2",
    "学籍管理人员严禁擅自处理义务教育阶段学生留级等业务",
    "registrars must never handle a compulsory-stage retention",
)
_BREACH = Reason(
    "8.3.8",
    "不得利用学籍系统操作技术让义务教育阶段学生变相留级",
    "the system must not be used to retain a compulsory-stage student in disguise",
)


@implements("2.3", "7.2", "8.3.8")
def compulsory_retention_bar(grade: Grade) -> tuple[Reason, ...]:
    """2.3: "义务教育阶段学生一律不允许留级、降级" (and 7.2's, 8.3.8's bans), judged on the grade the
    student is in before the act. The rule calls it on a 留级 or 降级; the audit
    (``policy.overdue.compulsory_year_decreased``) on one recorded, with the grade before it."""
    return (_COMPULSORY_BAN, _REGISTRAR_BAN, _BREACH) if grade.compulsory else ()


def _target(record: Record) -> Grade | None:
    if record.grade.number <= 1:
        return None
    return Grade(
        stage=record.grade.stage, number=record.grade.number - 1, system=record.grade.system
    )


@implements("2.3")
def retention_headroom(school_code: str, grade_year: int, context: Context) -> int | None:
    """How many more students may be retained into ``grade_year`` (10–12) of a school this school year.

    ``None`` when the context has no figures for the grade this year (the cap cannot be checked).
    """
    window = context.int_param("senior_retention_window_years")
    cap = context.parameters.value("senior_retention_cap", context.on)
    if not isinstance(cap, (int, float)):
        raise InvalidInput(
            "参数 senior_retention_cap 应为比例",
            "the parameter senior_retention_cap must be a ratio",
            where="senior_retention_cap",
        )
    now = school_year(context.on)
    rows = [
        r
        for r in context.retention_history
        if r.school_code == school_code
        and r.grade_year == grade_year
        and now - window < r.school_year <= now
    ]
    if not any(r.school_year == now for r in rows):
        return None
    students = sum(r.students for r in rows)
    retained = sum(r.retained for r in rows)
    allowed = math.floor(float(cap) * students + 1e-9)
    return max(allowed - retained, 0)


@rule(Retain)
@implements("2.3", "7.2", "8.3.8", "2.1")
def evaluate_retention(record: Record, event: Retain, context: Context) -> Decision:
    """留级: never in compulsory years (2.3, 7.2, 8.3.8); senior within the 2 % cap over three years.

    A senior student is retained at most once a school year: a second retention in the same year
    would drop a second grade, a 降级 in disguise. An open transfer is finished or withdrawn first
    (its grade was fixed when it started).
    """
    reasons = open_transfer_reasons(record)
    banned = compulsory_retention_bar(record.grade)
    if banned:
        return Decision.refuse(*banned, *reasons)
    now = school_year(context.on)
    if any(isinstance(h.event, Retain) and school_year(h.on) == now for h in record.history):
        reasons.append(
            Reason(
                "2.3",
                "本学年已留级一次；再次留级即降低两个年级，属变相降级",
                "the student was already retained this school year; a second retention would "
                "drop a second grade, a demotion in disguise",
            )
        )
    target = _target(record)
    if target is None:
        reasons.append(
            Reason(
                "2.3",
                "高一学生升级前无需留级；留级指升级后回到刚读完的年级",
                "a senior-1 student has no finished senior grade to repeat",
            )
        )
    else:
        room = retention_headroom(record.school_code, target.year, context)
        if room is None:
            reasons.append(
                Reason(
                    "2.3",
                    f"缺少本校{target.label_zh}本学年的学生人数，无法核对 2% 的留级比例",
                    f"no figures for {target.label_en} of this school this year: the 2 % cap "
                    "cannot be checked",
                )
            )
        elif room < 1:
            reasons.append(
                Reason(
                    "2.3",
                    f"{target.label_zh}三年内留级人数已达年级学生总数的 2%",
                    f"retentions into {target.label_en} over three years have reached 2 % of its "
                    "students",
                )
            )
    if reasons:
        return Decision.refuse(*reasons)
    return Decision.allow()


@transition(Retain)
def retain(record: Record, event: Retain, context: Context) -> Record:
    target = _target(record)
    assert target is not None
    return record.appended(entry(record, event, context, grade=target), grade=target)


@rule(Demote)
@implements("2.3", "7.2", "8.3.8", "8.4")
def evaluate_demotion(record: Record, event: Demote, context: Context) -> Decision:
    """降级: never in compulsory years (2.3); senior: not covered here, the national rules apply (8.4)."""
    banned = compulsory_retention_bar(record.grade)
    if banned:
        return Decision.refuse(*banned)
    return Decision.refuse(
        Reason(
            "8.4",
            "高中降级本规定未涉及，按《学籍管理办法》及教育部、省教育厅相关规定执行，本库不予办理",
            "a senior demotion is not covered here: the national 学籍管理办法 and the Ministry's "
            "and province's rules apply; this library does not perform it",
        )
    )


@transition(Demote)
def _never(record: Record, event: Demote, context: Context) -> Record:  # pragma: no cover
    raise AssertionError("a demotion is always refused")
