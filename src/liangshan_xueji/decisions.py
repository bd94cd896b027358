"""What every rule returns: :class:`Decision`, :class:`Reason`, :class:`Material`, :class:`Deadline`.

每条规则都返回一个 ``Decision``（决定），而不是简单的真假值：是否允许、每条理由及其条款编号、
尚缺的材料、适用的期限。A refusal lists every reason that applies, not only the first; combining
several checks keeps every reason (``Decision.combine`` or ``a & b``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TypeVar

import attrs

from ._validators import (
    check_date,
    check_type,
    collection_of,
    count,
    date_field,
    of,
    optional,
    text,
    to_tuple,
)
from .errors import AmbiguousDecision, InvalidInput, PolicyViolation
from .law.clauses import check_clause_id

__all__ = ["Deadline", "Decision", "Material", "Reason"]


def _clause_validator(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    check_clause_id(value, where=attribute.name)


#: A non-empty ``str`` (``where=`` names ``Class.field``).
_nonempty = text()


@attrs.frozen
class Reason:
    """One reason of a decision, with the clause it rests on. 决定的一条理由及其所依据的条款。

    ``needs`` is set on a reason that says the rule **cannot decide** because a fact was not given
    (无法判断：缺少事实): it names that fact with a stable key (``"class_size"``: the receiving class's
    size, 2.1.6.1), and the reason's message says what to supply. ``None`` (the default): a reason the
    rule decided on. See :attr:`Decision.undecided`.
    """

    clause: str = attrs.field(validator=_clause_validator)
    zh: str = attrs.field(validator=_nonempty)
    en: str = attrs.field(validator=_nonempty)
    needs: str | None = attrs.field(default=None, kw_only=True, validator=text(optional=True))

    def __str__(self) -> str:
        return f"[{self.clause}] {self.zh} / {self.en}"


@attrs.frozen
class Material:
    """A piece of evidence a clause requires (材料). ``key`` is stable for programs to match on."""

    key: str = attrs.field(validator=_nonempty)
    clause: str = attrs.field(validator=_clause_validator)
    zh: str = attrs.field(validator=_nonempty)
    en: str = attrs.field(validator=_nonempty)

    def __str__(self) -> str:
        return f"[{self.clause}] {self.zh} / {self.en}"


@attrs.frozen(kw_only=True)
class Deadline:
    """A due date that an act starts (期限).

    ``start`` is the day of the triggering act, never counted itself; ``due`` is the last day on which
    the work is on time. ``workdays`` is set for working-day periods (clauses 2.1.4, 2.5) and ``None``
    for calendar dates (9-30, 7-30, …); ``calendar`` names the working-day calendar counted on
    (``"liangshan"`` 凉山州 or ``"national"`` 全国). A ``provisional`` deadline was estimated past the holiday data;
    ``provisional_reason`` says why (never a silently wrong date).
    """

    clause: str = attrs.field(validator=_clause_validator)
    start: _dt.date = attrs.field(validator=date_field)
    due: _dt.date = attrs.field(validator=date_field)
    workdays: int | None = attrs.field(default=None, validator=optional(count))
    provisional: bool = attrs.field(default=False, validator=of(bool))
    provisional_reason: Reason | None = attrs.field(
        default=None, validator=of(Reason, optional=True)
    )
    #: The working-day calendar the due date was counted on (``"liangshan"``, ``"national"``), or
    #: ``None`` for calendar dates.
    calendar: str | None = attrs.field(default=None, validator=of(str, optional=True))

    def __attrs_post_init__(self) -> None:
        if self.due < self.start:
            raise InvalidInput(
                f"期限 {self.due} 早于起始日 {self.start}",
                f"due date {self.due} is before the start {self.start}",
                where="Deadline.due",
            )
        if self.provisional and self.provisional_reason is None:
            raise InvalidInput(
                "暂定期限必须说明原因",
                "a provisional deadline must give its reason",
                where="Deadline.provisional_reason",
            )

    def is_overdue(self, on: _dt.date) -> bool:
        """True when ``on`` is after the due date. 到 ``on`` 日是否已逾期。"""
        return check_date(on, "on") > self.due

    def __str__(self) -> str:
        span = f"{self.workdays} 个工作日 / {self.workdays} working days" if self.workdays else ""
        mark = "（暂定 / provisional）" if self.provisional else ""
        return f"[{self.clause}] {self.start} → {self.due}{mark} {span}".rstrip()


_T = TypeVar("_T")


def _dedup(items: Iterable[_T]) -> tuple[_T, ...]:
    """Items in order, each once."""
    return tuple(dict.fromkeys(items))


@attrs.frozen(kw_only=True)
class Decision:
    """The explained answer of a rule (决定). 是否允许、理由（含条款）、缺少的材料和期限。

    A refusal always carries at least one reason. ``clause_ids`` is every clause cited.

    **Refused, or cannot decide.** A rule that lacks a fact it needs (the receiving class's size,
    2.1.6.1) does not guess: it refuses with a reason whose ``needs`` names the fact
    (:attr:`missing_facts`). When every reason of a refusal is such a reason, the decision is
    :attr:`undecided` — "cannot decide: give the class size" — a different answer from a refusal by
    the rule, which a caller can act on by supplying the fact and asking again. A refusal with a reason
    of the rule as well is refused whatever the missing fact would be (``undecided`` is false; the
    missing facts are still listed). 缺少事实时规则不作猜测：以 ``needs`` 标明所缺事实；若拒绝的理由全是
    缺少事实，则为“无法判断”（``undecided``），与按规则拒绝不同。

    **A decision has no truth value.** ``if decision:`` raises
    :class:`~liangshan_xueji.errors.AmbiguousDecision`: write ``if decision.allowed:``. (Were a
    decision always true, as a plain object is, a refusal would pass such a test silently; were its
    truth ``allowed``, ``if decision:`` would still read as "is there a decision" to half its readers.)
    决定不能当作真假值：``if decision:`` 会报错，请写 ``if decision.allowed:``。
    """

    allowed: bool = attrs.field(validator=of(bool))
    reasons: tuple[Reason, ...] = attrs.field(
        default=(), converter=to_tuple, validator=collection_of(Reason)
    )
    missing_materials: tuple[Material, ...] = attrs.field(
        default=(), converter=to_tuple, validator=collection_of(Material)
    )
    deadline: Deadline | None = attrs.field(default=None, validator=of(Deadline, optional=True))

    def __attrs_post_init__(self) -> None:
        if not self.allowed and not self.reasons:
            raise InvalidInput(
                "拒绝的决定必须至少给出一条理由",
                "a refusal must give at least one reason",
                where="Decision.reasons",
            )

    @property
    def clause_ids(self) -> frozenset[str]:
        """Every clause the decision cites, reasons and materials alike."""
        ids = {r.clause for r in self.reasons} | {m.clause for m in self.missing_materials}
        if self.deadline is not None:
            ids.add(self.deadline.clause)
        return frozenset(ids)

    @classmethod
    def allow(cls, *reasons: Reason, deadline: Deadline | None = None) -> Decision:
        """An allowed act, with informative reasons and the deadline it starts, if any."""
        return cls(allowed=True, reasons=reasons, deadline=deadline)

    @classmethod
    def refuse(cls, *reasons: Reason, missing: Iterable[Material] = ()) -> Decision:
        """A refused act with every reason that applies."""
        return cls(allowed=False, reasons=reasons, missing_materials=to_tuple(missing))

    @classmethod
    def combine(cls, *decisions: Decision) -> Decision:
        """All checks together: allowed only if each is; every reason and material kept, in order.

        Of several deadlines the earliest due date is kept (the strictest clock binds).
        """
        for i, d in enumerate(decisions):
            check_type(d, f"decisions[{i}]", Decision)
        reasons = _dedup(r for d in decisions for r in d.reasons)
        missing = _dedup(m for d in decisions for m in d.missing_materials)
        deadlines = [d.deadline for d in decisions if d.deadline is not None]
        deadline = min(deadlines, key=lambda d: (d.due, d.clause)) if deadlines else None
        return cls(
            allowed=all(d.allowed for d in decisions),
            reasons=reasons,
            missing_materials=missing,
            deadline=deadline,
        )

    def __bool__(self) -> bool:
        raise AmbiguousDecision("Decision")

    def __and__(self, other: Decision) -> Decision:
        return Decision.combine(self, other)

    @property
    def missing_facts(self) -> tuple[Reason, ...]:
        """The reasons that say a fact was not given (each with its ``needs`` key), in order."""
        return tuple(r for r in self.reasons if r.needs is not None)

    @property
    def undecided(self) -> bool:
        """True when the act is refused only for want of facts: supply them and ask again
        (无法判断). False for an allowed act and for a refusal with any reason of the rule."""
        return not self.allowed and all(r.needs is not None for r in self.reasons)

    @property
    def refusals(self) -> tuple[Reason, ...]:
        """The reasons of a refused decision (all its reasons); empty when allowed."""
        return () if self.allowed else self.reasons

    def raise_if_refused(self) -> Decision:
        """Raise :class:`PolicyViolation` when refused; return ``self`` otherwise."""
        if not self.allowed:
            raise PolicyViolation(self)
        return self

    def explain(self) -> str:
        """A multi-line explanation, Chinese then English on each line. 逐条说明。"""
        if self.allowed:
            head = "允许 / allowed"
        elif self.undecided:
            head = "无法判断：请补充所缺事实 / cannot decide: give the missing facts"
        else:
            head = "不允许 / refused"
        lines = [head]
        lines += [f"  理由 reason {r}" for r in self.reasons if r.needs is None]
        lines += [f"  缺少事实 needs {r}" for r in self.missing_facts]
        lines += [f"  缺少材料 missing {m}" for m in self.missing_materials]
        if self.deadline is not None:
            lines.append(f"  期限 deadline {self.deadline}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain()
