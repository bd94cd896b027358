"""适用范围 Scope: clauses 8.4 and 8.5.

- **8.4** — acts this regulation does not cover follow the national 《学籍管理办法》, the national system's
  operation manual (《全国中小学学籍信息管理系统操作手册》) and the Ministry's and province's rules; the
  regulation is in force from its date of issue, 2016-08-11.
- **8.5** — foreign students and students from Hong Kong, Macao and Taiwan follow the Ministry's and the
  province's rules.

8.5 applies by default: :func:`~liangshan_xueji.policy.regulation.evaluate` (and so ``apply``) refuses
any act of a student this regulation does not govern with the one 8.5 reason, and the audit reports
such a student once under 8.5 instead of running Liangshan's checks on the record. The student's origin
is :attr:`~liangshan_xueji.records.models.Student.origin`: given, or derived from the ID number — the
numbers of the 港澳台居民居住证 carry the address codes 810000, 820000 and 830000 (《港澳台居民居住证申领
发放办法》, 国办发〔2018〕81号, article 3), and GB/T 2260's 71 is Taiwan's — and unknown (``None``) for a
``J`` student number without an ID number, which is not judged until the origin is given.

:func:`scope_decision` answers for any act (also one this library has no rule for), never with a silent
allow: an act outside the regulation, an act dated before it, or a student of 8.5 gets a refusal that
names the rules that apply instead; a covered act of a student of the mainland gets an allowed decision
saying so. :func:`evaluate_in_scope` is deprecated: ``evaluate`` does what it did.

Readings: an act is covered when it is a registered event kind with a rule in this library (every
学籍异动 of parts 1–8).
"""

from __future__ import annotations

import datetime as _dt
import warnings

import attrs

from ..decisions import Decision, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..law.parameters import IN_FORCE
from ..records.findings import Finding, Severity
from ..records.models import Event, Origin, Record, Student
from ..records.status import Context, StatusEvent
from . import _parts as p
from .regulation import default_regulation, evaluate

__all__ = [
    "HIGHER_RULES",
    "Origin",
    "evaluate_in_scope",
    "origin_of",
    "scope_decision",
    "scope_finding",
]

#: The rules 8.4 names for what this regulation does not cover.
HIGHER_RULES = (
    "《中小学生学籍管理办法》（教基一〔2013〕7号）、《全国中小学学籍信息管理系统操作手册》"
    "及教育部、省教育厅相关规定"
)
_HIGHER_RULES_EN = (
    "the national 中小学生学籍管理办法 (教基一〔2013〕7号), the national system's operation manual and "
    "the Ministry's and the province's rules"
)


def origin_of(student: Student, origin: Origin | None = None) -> Origin | None:
    """The student's origin for 8.5: ``origin`` when given, else :attr:`Student.origin` (derived from
    the ID number: 810000 Hong Kong, 820000 Macao, 830000 and 71 Taiwan, any other the mainland; a
    ``J`` student without an ID number: ``None``, unknown, unless given)."""
    p.check_type(student, Student, "student")
    if origin is not None:
        result: Origin = p.check_type(origin, Origin, "origin")
        return result
    return student.origin


def _act_kind(act: object) -> tuple[str, type[Event] | None]:
    if isinstance(act, Event):
        return type(act).kind, type(act)
    if isinstance(act, type) and issubclass(act, Event):
        return act.kind, act if act.kind else None
    if isinstance(act, str) and act.strip():
        return act, Event.kinds().get(act)
    raise InvalidInput(
        "act 应为事件、事件类或业务名称（非空文本）",
        "act must be an event, an event class or the name of an act (non-empty text)",
        where="act",
    )


@implements("8.4", "8.5")
def scope_decision(
    subject: Record | Student,
    act: str | type[Event] | Event,
    *,
    origin: Origin | None = None,
    on: _dt.date | None = None,
) -> Decision:
    """Whether this regulation governs ``act`` for ``subject`` (8.4, 8.5), never a silent allow.

    Refused, naming the rules that apply instead, for: an act dated before 2016-08-11 (8.4); a foreign,
    Hong Kong, Macao or Taiwan student, or a ``J`` student whose origin is not given (8.5); an act that
    is not a registered 学籍异动 of this library (8.4). Allowed otherwise, with a reason saying the act is
    governed here (judge it with :func:`~liangshan_xueji.records.status.evaluate`).
    """
    if isinstance(subject, Record):
        student = subject.student
    elif isinstance(subject, Student):
        student = subject
    else:
        raise InvalidInput(
            f"subject 应为 Record 或 Student，得到 {type(subject).__name__}",
            f"subject must be a Record or a Student, not {type(subject).__name__}",
            where="subject",
        )
    kind, cls = _act_kind(act)
    reasons: list[Reason] = []
    if on is not None and p.check_date(on, "on") < IN_FORCE:
        reasons.append(
            Reason(
                "8.4",
                f"本规定于发文之日（{IN_FORCE}）起执行，{on} 的业务按当时的规定办理",
                f"this regulation holds from its date of issue ({IN_FORCE}); an act on {on} "
                "follows the rules then in force",
            )
        )
    outside = p.outside_reason(origin_of(student, origin))
    if outside is not None:
        reasons.append(outside)
    if cls is None or not issubclass(cls, StatusEvent) or not default_regulation().has_rule(cls):
        reasons.append(
            Reason(
                "8.4",
                f"本规定中没有涉及的业务操作（{kind}），按{HIGHER_RULES}执行",
                f"an act this regulation does not cover ({kind}) follows {_HIGHER_RULES_EN}",
            )
        )
    if reasons:
        return Decision.refuse(*reasons)
    return Decision.allow(
        Reason(
            "8.4",
            f"业务（{kind}）属本规定涉及的范围，按本规定办理",
            f"the act ({kind}) is governed by this regulation",
        )
    )


@implements("8.4", "8.5")
def evaluate_in_scope(
    record: Record, event: StatusEvent, context: Context, *, origin: Origin | None = None
) -> Decision:
    """Deprecated: :func:`~liangshan_xueji.policy.regulation.evaluate` applies 8.5 itself (give the
    origin as :attr:`Student.origin`). :func:`scope_decision` first, then — for an act in scope — the
    rule's own decision, for the record's student with ``origin`` when given."""
    warnings.warn(
        "evaluate_in_scope 已弃用：evaluate 默认适用 8.5，来源请写在 Student.origin / "
        "evaluate_in_scope is deprecated: liangshan_xueji.evaluate applies 8.5 itself; give the "
        "origin as Student.origin",
        DeprecationWarning,
        stacklevel=2,
    )
    p.check_context(context)
    scope = scope_decision(record, event, origin=origin, on=context.on)
    if not scope.allowed:
        return scope
    if origin is not None and record.student.origin is not origin:
        record = attrs.evolve(record, student=attrs.evolve(record.student, origin=origin))
    return evaluate(record, event, context)


@implements("8.5")
def scope_finding(record: Record, ctx: Context) -> Finding | None:
    """The audit's 8.5 finding for ``record`` (a 提示), ``None`` for a student of the mainland.

    A foreign, Hong Kong, Macao or Taiwan student: the record is under the Ministry's and the
    province's rules and the audit runs none of this regulation's checks on it (nor reports a school
    check's finding about the student). A ``J`` student without an ID number and without an origin:
    the origin must be stated; the audit still runs this regulation's checks (most such students are
    of the mainland), their findings valid only if the student is.
    """
    p.check_type(record, Record, "record")
    origin = record.student.origin
    reason = p.outside_reason(origin)
    if reason is None:
        return None
    if origin is None:
        zh = f"{reason.zh}；本次审核暂按本规定检查该学籍"
        en = f"{reason.en}; this audit checked the record under this regulation meanwhile"
    else:
        zh = f"{reason.zh}；本次审核未按本规定检查该学籍"
        en = f"{reason.en}; this audit did not check the record under this regulation"
    return p.finding(
        record, ctx, "8.5", Severity.NOTICE, zh, en, evidence=f"origin={_origin_text(origin)}"
    )


def _origin_text(origin: Origin | None) -> str:
    return "unknown" if origin is None else origin.name.lower()
