"""适用范围 Scope: clauses 8.4 and 8.5.

- **8.4** — acts this regulation does not cover follow the national 《学籍管理办法》, the national system's
  operation manual (《全国中小学学籍信息管理系统操作手册》) and the Ministry's and province's rules; the
  regulation is in force from its date of issue, 2016-08-11.
- **8.5** — foreign students and students from Hong Kong, Macao and Taiwan follow the Ministry's and the
  province's rules.

:func:`scope_decision` never answers with a silent allow: an act outside the regulation, an act dated
before it, or a student of 8.5 gets a refusal that names the rules that apply instead; a covered act of
a student of the mainland gets an allowed decision saying so. :func:`evaluate_in_scope` puts it in front
of :func:`~liangshan_xueji.records.status.evaluate`.

Readings: an act is covered when it is a registered event kind with a rule in this library (every
学籍异动 of parts 1–8). The student's origin (:class:`Origin`) is the caller's ``origin`` when given;
otherwise it is read from the ID number — the residence permits of Hong Kong, Macao and Taiwan residents
(港澳台居民居住证) carry the codes 81, 82 and 71 in place of a province — and a student with a ``J``
student number (no usable ID number) and no ``origin`` is not judged until the caller says where the
student is from.
"""

from __future__ import annotations

import datetime as _dt
import enum

from ..decisions import Decision, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..law.parameters import IN_FORCE
from ..records.models import Event, Record, Student, StudentNumberKind
from ..records.status import Context, StatusEvent
from . import _parts as p
from .regulation import default_regulation, evaluate

__all__ = ["HIGHER_RULES", "Origin", "evaluate_in_scope", "origin_of", "scope_decision"]

#: The rules 8.4 names for what this regulation does not cover.
HIGHER_RULES = (
    "《中小学生学籍管理办法》（教基一〔2013〕7号）、《全国中小学学籍信息管理系统操作手册》"
    "及教育部、省教育厅相关规定"
)
_HIGHER_RULES_EN = (
    "the national 中小学生学籍管理办法 (教基一〔2013〕7号), the national system's operation manual and "
    "the Ministry's and the province's rules"
)


class Origin(enum.Enum):
    """Where a student is from, for 8.5: the mainland, abroad, Hong Kong, Macao or Taiwan."""

    MAINLAND = "境内"
    FOREIGN = "外籍"
    HONG_KONG = "香港"
    MACAO = "澳门"
    TAIWAN = "台湾"

    @property
    def en(self) -> str:
        """The English name."""
        return self.name.lower().replace("_", " ")


_PERMIT_CODES = {"81": Origin.HONG_KONG, "82": Origin.MACAO, "71": Origin.TAIWAN}


def origin_of(student: Student, origin: Origin | None = None) -> Origin | None:
    """The student's origin: ``origin`` when given; else from the ID number (81 Hong Kong, 82 Macao,
    71 Taiwan, any other code the mainland); a ``J`` student without an ID number: ``None`` (unknown);
    ``G``/``L`` otherwise the mainland."""
    p.check_type(student, Student, "student")
    if origin is not None:
        result: Origin = p.check_type(origin, Origin, "origin")
        return result
    ident = student.identity_number
    if ident is not None:
        return _PERMIT_CODES.get(ident.region[:2], Origin.MAINLAND)
    if student.student_number.kind is StudentNumberKind.J:
        return None
    return Origin.MAINLAND


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
    found = origin_of(student, origin)
    if found is None:
        reasons.append(
            Reason(
                "8.5",
                "J 字头学籍号的学生须说明是否为外籍或港澳台学生：外籍学生和港澳台学生学籍管理按照教育部、"
                "省教育厅相关规定执行",
                "for a J-numbered student say whether the student is foreign or from Hong Kong, "
                "Macao or Taiwan: those follow the Ministry's and the province's rules",
            )
        )
    elif found is not Origin.MAINLAND:
        reasons.append(
            Reason(
                "8.5",
                f"{found.value}学生的学籍管理按照教育部、省教育厅相关规定执行，不适用本规定",
                f"a student from {found.en} is managed under the Ministry's and the province's "
                "rules, not this regulation",
            )
        )
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
    """:func:`scope_decision` first, then — for an act in scope — the rule's own decision
    (:func:`~liangshan_xueji.records.status.evaluate`)."""
    p.check_context(context)
    scope = scope_decision(record, event, origin=origin, on=context.on)
    if not scope.allowed:
        return scope
    return evaluate(record, event, context)
