"""留级、降级 Retention and demotion: clause 2.3 (with 7.2's and 8.3.8's bans).

No compulsory-stage student is ever retained or demoted, openly or in disguise. A senior student may be
retained (留级: repeat the grade just finished, so the grade goes back one, after the 8-10 promotion) on
their own application (“高中阶段学生可以申请留级”), and the school keeps retentions within 2 %.

The library's reading of "留级比例三年内不得超过年级学生总数的 2%": **per cohort** (级). A cohort is the
students who entered senior 1 (高一) at the school in the same school year; its "three years" are its
three senior years; "年级学生总数" is the cohort's size **at entry** (its 高一 roster: a figure fixed and
filed early, so that a retention allowed today is never put over the cap by later departures). The
retentions of a cohort's members over its three years may not exceed ``senior_retention_cap`` × that
size, rounded down (:class:`~liangshan_xueji.records.status.SeniorCohort` in ``Context.cohorts``). A
retention counts against the cohort the student leaves: the grade line they are in when retained
(cohort = school year − (senior year − 1)); a student who joined the line by a transfer or an earlier
retention counts with it. (The earlier reading, per target grade over a rolling three-year window, let
one cohort reach about 4 %: the retentions out of it in two years each counted in a different grade.)
Without the cohort's figures the rule cannot decide: the reason says so (``needs="senior_cohort"``).
The caller records each retention it makes in the cohort's ``retained``. A student is retained at most
once a school year: a second retention would drop a second grade, a 降级 in disguise. A senior 降级 is
not covered by this regulation: the national rules apply (8.4).
"""

from __future__ import annotations

import datetime as _dt
import math
import warnings

from ..decisions import Decision, Material, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..records.models import Grade, Record
from ..records.status import Context, Demote, Retain, entry, rule, school_year, transition
from .transfer import open_transfer_reasons

__all__ = [
    "COHORT_FACT",
    "RETENTION_MATERIALS",
    "cohort_headroom",
    "cohort_of",
    "compulsory_retention_bar",
    "retention_headroom",
]

#: The material of 2.3: the student's own application (“高中阶段学生可以申请留级”).
RETENTION_MATERIALS: tuple[Material, ...] = (
    Material(
        "retention_application",
        "2.3",
        "学生本人（及监护人）的书面留级申请",
        "the student's own written application to be retained (with the guardian's)",
    ),
)

#: The key of the fact 2.3's cap needs: the figures of the student's cohort (``Reason.needs``).
COHORT_FACT = "senior_cohort"

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


def cohort_of(grade: Grade, on: _dt.date) -> int:
    """The cohort (级) a senior student in ``grade`` on ``on`` is in: the school year its members
    entered senior 1 (2.3). A retention counts against this cohort, the one the student leaves."""
    return school_year(on) - (grade.year - 10)


def _cap(context: Context) -> float:
    cap = context.parameters.value("senior_retention_cap", context.on)
    if not isinstance(cap, (int, float)):
        raise InvalidInput(
            "参数 senior_retention_cap 应为比例",
            "the parameter senior_retention_cap must be a ratio",
            where="senior_retention_cap",
        )
    return float(cap)


@implements("2.3")
def cohort_headroom(school_code: str, entered: int, context: Context) -> int | None:
    """How many more members of the cohort that entered senior 1 at ``school_code`` in school year
    ``entered`` may be retained: ⌊2 % × its size at entry⌋ minus its retentions so far (never below 0).

    ``None`` when the context has no figures for the cohort (the cap cannot be checked).
    """
    cohort = context.cohort(school_code, entered)
    if cohort is None:
        return None
    allowed = math.floor(_cap(context) * cohort.size + 1e-9)
    return max(allowed - cohort.retained, 0)


def retention_headroom(school_code: str, grade_year: int, context: Context) -> int | None:
    """Deprecated: use :func:`cohort_headroom`. How many more students may be retained into
    ``grade_year`` (10–11) this school year — now the headroom of the cohort they would come from."""
    warnings.warn(
        "retention_headroom(school, grade_year, ctx) 已弃用，请改用 cohort_headroom(school, entered, "
        "ctx)（2.3 按每一级学生计算） / retention_headroom is deprecated: use cohort_headroom(school, "
        "entered, ctx) (2.3's cap is read per cohort)",
        DeprecationWarning,
        stacklevel=2,
    )
    return cohort_headroom(school_code, school_year(context.on) - (grade_year + 1 - 10), context)


@rule(Retain)
@implements("2.3", "7.2", "8.3.8", "2.1")
def evaluate_retention(record: Record, event: Retain, context: Context) -> Decision:
    """留级: never in compulsory years (2.3, 7.2, 8.3.8); senior on the student's application, within
    the 2 % cap of the student's cohort (its size at entry; see the module's reading).

    A senior student is retained at most once a school year: a second retention in the same year
    would drop a second grade, a 降级 in disguise. An open transfer is finished or withdrawn first
    (its grade was fixed when it started).
    """
    reasons = open_transfer_reasons(record)
    banned = compulsory_retention_bar(record.grade)
    if banned:
        return Decision.refuse(*banned, *reasons)
    missing = [m for m in RETENTION_MATERIALS if m.key not in event.materials]
    if missing:
        reasons.append(
            Reason(
                "2.3",
                "高中留级须由学生本人申请（缺少书面留级申请）",
                "a senior retention is on the student's own application (none was given)",
            )
        )
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
        entered = cohort_of(record.grade, context.on)
        room = cohort_headroom(record.school_code, entered, context)
        if room is None:
            reasons.append(
                Reason(
                    "2.3",
                    f"无法判断：缺少本校 {entered} 级（{entered} 学年入读高一）的入学人数和已留级人数，"
                    "无法核对 2% 的留级比例；请提供该级数据",
                    f"cannot decide: no figures for the cohort that entered senior 1 at this school "
                    f"in {entered} (its size at entry and its retentions so far), so the 2 % cap "
                    "cannot be checked; give the cohort's figures",
                    needs=COHORT_FACT,
                )
            )
        elif room < 1:
            reasons.append(
                Reason(
                    "2.3",
                    f"本校 {entered} 级三年内留级人数已达该级入学人数的 2%",
                    f"retentions of the cohort that entered senior 1 in {entered} have reached 2 % "
                    "of its size at entry",
                )
            )
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
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
