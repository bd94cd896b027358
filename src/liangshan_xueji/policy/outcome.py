"""One result style for the acts that may create or change a record outside ``apply``.

:func:`~liangshan_xueji.policy.registration.register`,
:func:`~liangshan_xueji.policy.duplicates.resolve_duplicate` and
:func:`~liangshan_xueji.policy.keydata.change_student_data` each return an :class:`Outcome`: the
explained :class:`~liangshan_xueji.decisions.Decision` and, when it allows the act, the new record.
"""

from __future__ import annotations

from typing import NamedTuple

from .._validators import check_type
from ..decisions import Decision
from ..errors import AmbiguousDecision
from ..records.models import Record

__all__ = ["Outcome"]


class _Pair(NamedTuple):
    decision: Decision
    record: Record | None


class Outcome(_Pair):
    """The decision on an act and, when allowed, the record after it (else ``None``). 决定与结果。

    A named tuple, so ``decision, record = register(...)`` unpacks it. ``outcome.allowed`` is
    ``outcome.decision.allowed``. Like a :class:`~liangshan_xueji.decisions.Decision` it has no truth
    value: ``if outcome:`` raises :class:`~liangshan_xueji.errors.AmbiguousDecision` (a tuple of two is
    always true, so a refusal would pass silently). Its two parts are checked when it is made.
    """

    __slots__ = ()

    def __new__(cls, decision: Decision, record: Record | None) -> Outcome:
        check_type(decision, "decision", Decision)
        check_type(record, "record", Record, optional=True)
        return super().__new__(cls, decision, record)

    @property
    def allowed(self) -> bool:
        """Whether the act is allowed (``decision.allowed``)."""
        return self.decision.allowed

    def __bool__(self) -> bool:
        raise AmbiguousDecision("Outcome")
