"""The regulation as one object: its rules, transitions and audit checks, loaded explicitly.

规则总集。Like OpenFisca's tax-benefit system, a :class:`Regulation` is built from a list of rule modules
(:data:`liangshan_xueji.policy.MODULES` for 凉教基〔2016〕14号): each module marks its functions with
:func:`~liangshan_xueji.records.status.rule`, :func:`~liangshan_xueji.records.status.transition`,
:func:`~liangshan_xueji.records.findings.check` or :func:`~liangshan_xueji.records.findings.school_check`,
and :meth:`Regulation.from_modules` collects them in the modules' order. Nothing is registered as a side
effect of an import, so no behaviour depends on which module was imported first.

:func:`evaluate` and :func:`apply` use :func:`default_regulation` unless given another one (a county's
variant, or a test's regulation with one check more).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType, ModuleType
from typing import Any

import attrs

from .._validators import check_type
from ..decisions import Decision
from ..errors import InvalidInput
from ..records.findings import CHECK_MARK, RecordCheck, SchoolCheck
from ..records.machine import TERMINAL_REASONS, TRANSITIONS, Transition
from ..records.models import Event, Record
from ..records.status import MARK, Context, RuleFn, StatusEvent, TransitionFn
from ._parts import student_outside

__all__ = ["Regulation", "apply", "default_regulation", "evaluate"]


def _marked(modules: Iterable[ModuleType]) -> Iterable[tuple[ModuleType, Callable[..., Any]]]:
    """The functions defined in each module (not imported into it), in definition order."""
    for module in modules:
        for value in vars(module).values():
            if callable(value) and getattr(value, "__module__", None) == module.__name__:
                yield module, value


@attrs.frozen(eq=False)
class Regulation:
    """The rules, transitions and audit checks of one regulation. 一部规定的全部规则。

    ``rules`` and ``transitions`` map each event type to the function that judges it and the one that
    applies it; ``record_checks`` and ``school_checks`` are the audit's checks in declaration order;
    ``machine`` maps each event kind to its row of the status machine
    (:data:`~liangshan_xueji.records.machine.TRANSITIONS` unless another table is given).
    Build one with :meth:`from_modules`; derive a variant with :meth:`with_checks`.
    """

    modules: tuple[str, ...]
    rules: Mapping[type[Event], RuleFn]
    transitions: Mapping[type[Event], TransitionFn]
    record_checks: tuple[RecordCheck, ...]
    school_checks: tuple[SchoolCheck, ...]
    machine: Mapping[str, Transition]

    @classmethod
    def from_modules(
        cls, modules: Sequence[ModuleType], machine: Iterable[Transition] = TRANSITIONS
    ) -> Regulation:
        """Collect the marked functions of ``modules``; two rules (or transitions) for one event type,
        a rule without its transition, or a rule without its row in ``machine``, is a programming
        error and raises ``RuntimeError``."""
        rules: dict[type[Event], RuleFn] = {}
        transitions: dict[type[Event], TransitionFn] = {}
        record: list[RecordCheck] = []
        school: list[SchoolCheck] = []
        for module, fn in _marked(modules):
            mark = getattr(fn, MARK, None)
            if mark is not None:
                kind, event_type = mark
                table: dict[type[Event], Any] = rules if kind == "rule" else transitions
                if event_type in table:
                    raise RuntimeError(
                        f"two {kind}s for {event_type.__name__} ({module.__name__}.{fn.__name__})"
                    )
                table[event_type] = fn
            which = getattr(fn, CHECK_MARK, None)
            if which == "record":
                record.append(fn)
            elif which == "school":
                school.append(fn)
        rows = {row.kind: row for row in machine}
        unmapped = sorted(t.__name__ for t in rules if t.kind not in rows)
        if unmapped:
            raise RuntimeError(f"no row of the status machine for: {', '.join(unmapped)}")
        unpaired = set(rules) ^ set(transitions)
        if unpaired:
            names = ", ".join(sorted(t.__name__ for t in unpaired))
            raise RuntimeError(f"a rule without its transition, or the reverse: {names}")
        return cls(
            modules=tuple(m.__name__ for m in modules),
            rules=rules,
            transitions=transitions,
            record_checks=tuple(record),
            school_checks=tuple(school),
            machine=MappingProxyType(rows),
        )

    def with_checks(
        self,
        record: Iterable[RecordCheck] = (),
        school: Iterable[SchoolCheck] = (),
    ) -> Regulation:
        """This regulation with more audit checks (run before its own)."""
        return attrs.evolve(
            self,
            record_checks=(*record, *self.record_checks),
            school_checks=(*school, *self.school_checks),
        )

    def has_rule(self, event_type: type[Event]) -> bool:
        """True when ``event_type`` has a rule and a transition here."""
        return event_type in self.rules and event_type in self.transitions

    def transition_for(self, event_type: type[Event]) -> TransitionFn | None:
        """The transition of ``event_type``, without its rule (used to replay a history)."""
        return self.transitions.get(event_type)

    def evaluate(self, record: Record, event: StatusEvent, context: Context) -> Decision:
        """Whether ``event`` may happen to ``record`` on ``context.on``, with every reason.

        Clause 8.5 first: a student this regulation does not govern (a foreign, Hong Kong, Macao or
        Taiwan student, or a J-numbered student whose origin is unknown: :attr:`Student.origin`) is
        refused with the one 8.5 reason — the act is for the Ministry's and the province's rules, which
        this library does not encode, so it neither allows nor judges it under Liangshan's (bad input
        still raises :class:`InvalidInput`, as for any student). The status machine (:data:`~liangshan_xueji.records.machine.TRANSITIONS`) is read first: a
        terminal status refuses everything (2.5, 3.3); a status not among the event's row's sources
        is refused with the row's reason, followed by every refusal of the event's rule.
        """
        _check_call(self.rules, record, event, context)
        terminal = TERMINAL_REASONS.get(record.status)
        outside = student_outside(record.student)
        if terminal is not None and outside is None:
            return Decision.refuse(terminal)
        decision = self.rules[type(event)](record, event, context)  # bad input raises here
        if outside is not None:
            return Decision.refuse(outside)
        wrong = self.machine[type(event).kind].refusal(record.status)
        if wrong is None:
            return decision
        return Decision.combine(
            Decision.refuse(wrong),
            Decision.refuse(*decision.refusals, missing=decision.missing_materials)
            if decision.refusals
            else Decision.allow(),
        )

    def apply(self, record: Record, event: StatusEvent, context: Context) -> Record:
        """The record after ``event``; raises :class:`PolicyViolation` (with the Decision) if refused.

        The new record's status is the one the status machine's row names (a transition that lands
        elsewhere is a programming error: ``RuntimeError``).
        """
        self.evaluate(record, event, context).raise_if_refused()
        after = self.transitions[type(event)](record, event, context)
        expected = self.machine[type(event).kind].after(record.status)
        if after.status is not expected:
            raise RuntimeError(
                f"{type(event).__name__} left the record {after.status.en}, the status machine "
                f"says {expected.en}"
            )
        return after

    def __repr__(self) -> str:
        return (
            f"Regulation({len(self.rules)} rules, {len(self.record_checks)} record checks, "
            f"{len(self.school_checks)} school checks)"
        )


@functools.cache
def default_regulation() -> Regulation:
    """凉教基〔2016〕14号 as built from :data:`liangshan_xueji.policy.MODULES` (built once)."""
    # The package ``liangshan_xueji.policy`` is always imported before this module (a parent package is
    # imported before its submodules), so the list is complete whenever this runs.
    from . import MODULES

    return Regulation.from_modules(MODULES)


def _check_call(
    rules: Mapping[type[Event], RuleFn], record: object, event: object, context: object
) -> None:
    if not isinstance(record, Record):
        raise InvalidInput(
            f"record 应为 Record，得到 {type(record).__name__}",
            f"record must be a Record, got {type(record).__name__}",
            where="record",
        )
    if not isinstance(context, Context):
        raise InvalidInput(
            f"context 应为 Context，得到 {type(context).__name__}",
            f"context must be a Context, got {type(context).__name__}",
            where="context",
        )
    if not isinstance(event, StatusEvent) or type(event) not in rules:
        raise InvalidInput(
            f"不是已知的学籍异动事件：{type(event).__name__}",
            f"not a known status event: {type(event).__name__}",
            where="event",
        )
    if event.student != record.student.student_number:
        raise InvalidInput(
            f"事件属于学生 {event.student}，而学籍属于 {record.student.student_number}",
            f"the event is for student {event.student}, the record is of "
            f"{record.student.student_number}",
            where="event.student",
        )
    if context.on < record.enrolled_on:
        raise InvalidInput(
            f"操作日期 {context.on} 早于该学籍的注册日期 {record.enrolled_on}",
            f"the act's date {context.on} is before the record was registered on "
            f"{record.enrolled_on}",
            where="Context.on",
        )
    last = record.last_event_on
    if last is not None and context.on < last:
        raise InvalidInput(
            f"操作日期 {context.on} 早于该学籍最后一次异动 {last}",
            f"the act's date {context.on} is before the record's last event on {last}",
            where="Context.on",
        )


def _regulation(regulation: object) -> Regulation:
    check_type(regulation, "regulation", Regulation, optional=True)
    return regulation if isinstance(regulation, Regulation) else default_regulation()


def evaluate(
    record: Record, event: StatusEvent, context: Context, *, regulation: Regulation | None = None
) -> Decision:
    """Whether ``event`` may happen to ``record`` on ``context.on``, with every reason.

    判断学籍异动是否允许。Bad input (an event for another student, a date before the record's last
    event or before the regulation, an unknown school) raises :class:`InvalidInput`; a refusal is a
    :class:`Decision` with ``allowed=False`` listing every reason with its clause. ``regulation`` is
    :func:`default_regulation` unless given.
    """
    return _regulation(regulation).evaluate(record, event, context)


def apply(
    record: Record, event: StatusEvent, context: Context, *, regulation: Regulation | None = None
) -> Record:
    """The record after ``event``; raises :class:`PolicyViolation` (with the Decision) if refused.

    执行学籍异动。The returned record's history is the old one plus one entry; a refused event raises
    and leaves ``record`` as it was (records are immutable).
    """
    return _regulation(regulation).apply(record, event, context)
