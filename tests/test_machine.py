"""The declared status machine (``records/machine.py``): every rule attaches to a row, ``evaluate``
refuses a status outside the row with the row's reason, ``apply`` lands where the row says, and the docs'
state diagram lists every row."""

from __future__ import annotations

import datetime as dt
import types

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.decisions import Decision
from liangshan_xueji.law.clauses import clause
from liangshan_xueji.policy import MODULES, Regulation, default_regulation, evaluate
from liangshan_xueji.records.machine import (
    LIVE,
    TERMINAL_REASONS,
    TRANSITIONS,
    mermaid,
    row_for,
)
from liangshan_xueji.records.models import Record, Status
from liangshan_xueji.records.status import (
    Context,
    Graduate,
    MarkDropout,
    Promote,
    Resume,
    ReturnToSchool,
    StatusEvent,
    Suspend,
    rule,
    transition,
)
from lifecycle_strategies import SUSPENSION_KEYS, context, grade, record, school, worlds
from test_status_properties import run

A = school("A")


def test_every_rule_has_a_row_and_every_row_a_rule() -> None:
    kinds = {t.kind for t in default_regulation().rules}
    assert kinds == {row.kind for row in TRANSITIONS}
    assert len(TRANSITIONS) == len(kinds)


def test_every_row_cites_a_catalogued_clause() -> None:
    for row in TRANSITIONS:
        assert clause(row.clause).id == row.clause, row
        assert not row.sources & TERMINAL_REASONS.keys(), row  # nothing leaves a terminal status
        assert bool(row.zh) == bool(row.en) == (row.sources != LIVE), row


def test_a_regulation_refuses_a_rule_without_its_row() -> None:
    class Unmapped(StatusEvent, kind="test.unmapped"):
        pass

    module = types.ModuleType("xueji_test_unmapped")

    def judge(record: Record, event: Unmapped, context: Context) -> Decision:
        return Decision.allow()

    def move(record: Record, event: Unmapped, context: Context) -> Record:
        return record

    for fn in (judge, move):
        fn.__module__ = module.__name__
        setattr(module, fn.__name__, fn)
    rule(Unmapped)(judge)
    transition(Unmapped)(move)
    with pytest.raises(RuntimeError, match="Unmapped"):
        Regulation.from_modules((*MODULES, module))


@pytest.mark.clause("2.2.1")
def test_a_regulation_reads_its_own_table() -> None:
    """A regulation built with another table judges statuses by it (nothing global)."""
    wider = tuple(
        attrs.evolve(row, sources=row.sources | {Status.GRADUATED})
        if row.kind == "suspension.start"
        else row
        for row in TRANSITIONS
    )
    variant = Regulation.from_modules(MODULES, machine=wider)
    rec = attrs.evolve(record(grade(6), A), status=Status.GRADUATED)
    event = Suspend(
        student=rec.student.student_number, materials=SUSPENSION_KEYS, advised_rest_months=3
    )
    ctx = context(dt.date(2017, 8, 10), A)
    assert "2.2.1" in {r.clause for r in evaluate(rec, event, ctx).refusals if "在校" in r.zh}
    assert not [r for r in evaluate(rec, event, ctx, regulation=variant).refusals if "在校" in r.zh]


@pytest.mark.clause("2.2.1", "2.4.3", "3.1")
@pytest.mark.parametrize(
    ("status", "event_type", "cid", "zh"),
    [
        (Status.GRADUATED, Suspend, "2.2.1", "只有在校学生可以申请休学（现为“毕业”）"),
        (Status.ENROLLED, ReturnToSchool, "2.4.3", "只有辍学、疑似辍学或其他离校的学生可以返校"),
        (Status.DROPPED_OUT, Graduate, "3.1", "只有在校学生可以毕业（现为“辍学”）"),
        (Status.SUSPECTED_DROPOUT, Promote, "3.1", "只有在校学生随年级升级（现为“疑似辍学”）"),
        (Status.ENROLLED, Resume, "2.2.2", "只有休学学生可以复学"),
    ],
)
def test_a_status_outside_the_row_is_refused_with_the_rows_reason(
    status: Status, event_type: type[StatusEvent], cid: str, zh: str
) -> None:
    rec = attrs.evolve(record(grade(6), A), status=status)
    sn = rec.student.student_number
    fields: dict[str, object] = {"student": sn}
    if event_type is Suspend:
        fields.update(materials=SUSPENSION_KEYS, advised_rest_months=3)
    decision = evaluate(rec, event_type(**fields), context(dt.date(2017, 8, 10), A))
    assert not decision.allowed
    assert decision.reasons[0].clause == cid and decision.reasons[0].zh.startswith(zh)
    assert decision.reasons[0] == row_for(event_type.kind).reason(status)  # type: ignore[union-attr]


@pytest.mark.clause("2.4.2")
def test_the_machine_alone_refuses_what_the_rule_no_longer_tests() -> None:
    """The 辍学 rule has no status test of its own: the row refuses a graduate's 辍学 (2.4.2)."""
    rec = attrs.evolve(record(grade(6), A), status=Status.GRADUATED)
    event = MarkDropout(
        student=rec.student.student_number,
        family_reasons=True,
        mobilised=True,
        reported_in_writing=True,
    )
    ctx = context(dt.date(2017, 8, 10), A)
    assert default_regulation().rules[MarkDropout](rec, event, ctx).allowed
    decision = evaluate(rec, event, ctx)
    assert not decision.allowed and decision.clause_ids == {"2.4.2"}
    assert "只有在校或疑似辍学学生可以置为辍学" in decision.reasons[0].zh


@pytest.mark.clause("1.5", "2.2", "2.4", "2.5", "3.1", "3.3")
@given(st.data(), worlds())
def test_every_act_follows_the_table(data: st.DataObject, world: tuple[Context, Record]) -> None:
    """Random sequences of events on random records: an allowed event happens only in a status its
    row lists, and lands in the status the row names; an event in another status is refused with the
    row's reason (a terminal status with its own, 2.5 / 3.3)."""
    ctx, rec = world
    for step in run(data, ctx, rec, steps=20):
        if step.decision is None:
            continue
        before = step.before.status
        row = row_for(type(step.event).kind)
        assert row is not None
        if step.decision.allowed:
            assert before in row.sources, (row, before)
            assert step.after.status is row.after(before), (row, before, step.after.status)
        elif before in TERMINAL_REASONS:
            assert step.decision.reasons == (TERMINAL_REASONS[before],)
        elif before not in row.sources:
            assert step.decision.reasons[0] == row.reason(before)


def test_the_state_diagram_lists_every_row() -> None:
    diagram = mermaid()
    assert diagram.startswith("stateDiagram-v2\n")
    for row in TRANSITIONS:
        assert f"{row.kind} ({row.clause})" in diagram, row
    for status in Status:
        assert f'"{status.zh} {status.en}"' in diagram
    # one arrow per (source, target) of a row that moves the status
    assert "enrolled --> suspended: suspension.start (2.2.1)" in diagram
    assert "graduated --> enrolled: admission (3.2)" in diagram
    # a row dropped from the table disappears from the diagram
    fewer = mermaid(row for row in TRANSITIONS if row.kind != "admission")
    assert "admission (3.2)" not in fewer
