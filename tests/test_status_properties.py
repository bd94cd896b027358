"""Properties of the status machine over random sequences of events on random records.

Each sequence starts from a record in a consistent state (:func:`lifecycle_strategies.worlds`) and draws
events one by one with :func:`lifecycle_strategies.next_step`, dates moving forward from 2016-08-11 to the
end of 2025. Every step calls :func:`evaluate`; :func:`apply` is called on every step too and must raise
:class:`PolicyViolation` (carrying the same decision) exactly when the decision is a refusal, and the same
:class:`XuejiError` subclass when ``evaluate`` raised one. Nothing else may escape either.

The 六三/五四 mapping as a bijection on years 1–9 that keeps order is proved on the models in
``tests/test_models.py`` (``test_years_one_to_nine_are_a_bijection_in_order`` and
``test_changing_school_system_keeps_year_and_order``); here the status machine is shown to use it:
a transfer across 学制 keeps the year (:func:`test_a_transfer_across_school_systems_keeps_the_year`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.calendar.workdays import WorkCalendar
from liangshan_xueji.decisions import Decision
from liangshan_xueji.errors import InvalidInput, PolicyViolation, XuejiError
from liangshan_xueji.policy import apply, default_regulation, evaluate
from liangshan_xueji.policy.retention import cohort_of
from liangshan_xueji.records import status as status_module
from liangshan_xueji.records.models import (
    Event,
    Grade,
    HistoryEntry,
    Record,
    SchoolSystem,
    Stage,
    Status,
    TeachingMode,
)
from liangshan_xueji.records.serialization import from_json, to_json
from liangshan_xueji.records.status import (
    Context,
    Death,
    Demote,
    ExtendSuspension,
    Graduate,
    OtherDeparture,
    Promote,
    Resume,
    Retain,
    SeniorCohort,
    StatusEvent,
    Suspend,
    TransferAct,
    TransferParty,
    TransferRequest,
)
from lifecycle_strategies import (
    _ROSTER,
    ALL_EVENT_TYPES,
    LAST_ACT,
    TRANSFER_KEYS,
    event_of,
    next_step,
    record,
    school,
    student,
    worlds,
)

#: The most events drawn for one record (a sequence also stops at the end of 2025).
MAX_STEPS = 30


@attrs.frozen
class Step:
    """One act of a sequence: the record before and after, the event, its context and the outcome."""

    before: Record
    event: StatusEvent
    context: Context
    decision: Decision | None  # None when evaluate raised
    error: XuejiError | None
    after: Record  # ``before`` itself when refused or raised

    @property
    def applied(self) -> bool:
        return self.decision is not None and self.decision.allowed


def act(rec: Record, event: StatusEvent, ctx: Context) -> Step:
    """Evaluate, then apply; check that apply raises exactly when evaluate refuses or raises."""
    try:
        decision = evaluate(rec, event, ctx)
    except XuejiError as exc:
        with pytest.raises(type(exc)):
            apply(rec, event, ctx)
        return Step(rec, event, ctx, None, exc, rec)
    if decision.allowed:
        after = apply(rec, event, ctx)
    else:
        with pytest.raises(PolicyViolation) as info:
            apply(rec, event, ctx)
        assert info.value.decision == decision
        after = rec
    return Step(rec, event, ctx, decision, None, after)


def _count_retention(ctx: Context, step: Step) -> Context:
    """The context with the retention of ``step`` added to its cohort's figures (the caller's duty)."""
    entered = cohort_of(step.before.grade, step.context.on)
    rows = tuple(
        attrs.evolve(c, retained=c.retained + 1)
        if (c.school_code, c.entered) == (step.before.school_code, entered)
        else c
        for c in ctx.cohorts
    )
    return attrs.evolve(ctx, cohorts=rows)


def run(
    data: st.DataObject,
    ctx: Context,
    rec: Record,
    *,
    steps: int = MAX_STEPS,
    keep_going: bool = False,
) -> Iterator[Step]:
    """Draw and perform up to ``steps`` acts on ``rec``, yielding each. A sequence that has reached
    死亡 or 毕业 stops after three more acts (all refused) unless ``keep_going``."""
    today = max(rec.enrolled_on, rec.last_event_on or rec.enrolled_on)
    schools = tuple(ctx.schools.values())
    stuck = 0  # steps taken in a state no event leaves (死亡) or that only admission would (毕业)
    for _ in range(steps):
        stuck = stuck + 1 if rec.status in (Status.DECEASED, Status.GRADUATED) else 0
        if stuck > 3 and not keep_going:
            return
        on, event = data.draw(next_step(rec, today, schools))
        if on > LAST_ACT:
            return
        step = act(rec, event, ctx.at(on))
        yield step
        if step.applied and isinstance(event, Retain):
            ctx = _count_retention(ctx, step)
        rec, today = step.after, on


# ---------------------------------------------------------------------------------------------------
# Compulsory years never move backward (2.1.5, 2.1.6.5, 2.2.5, 2.3, 2.4.3, 3.1)


@pytest.mark.clause("2.1.6.5", "2.2.5", "2.3", "2.4.3", "3.1")
@given(world=worlds(), data=st.data())
def test_no_compulsory_year_ever_decreases(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    ctx, rec = world
    last: Record = rec
    for step in run(data, ctx, rec):
        b, a = step.before, step.after
        if b.grade.compulsory and not b.status.terminal:
            # No route leaves the compulsory stage backward, or at all (admission is 3.2's business).
            assert a.grade.compulsory, step
            assert a.grade.year >= b.grade.year, step
            if isinstance(step.event, (Retain, Demote)):
                assert step.decision is not None and not step.decision.allowed
                assert {"2.3", "7.2", "8.3.8"} <= step.decision.clause_ids
        last = a
    years = [rec.grade.year] + [h.grade.year for h in last.history if h.grade.compulsory]
    if rec.grade.compulsory:
        assert years == sorted(years)


# ---------------------------------------------------------------------------------------------------
# 死亡 is absorbing (2.5)


@pytest.mark.clause("2.5")
@given(world=worlds(), data=st.data(), prefix=st.integers(0, 12))
def test_death_is_absorbing(
    world: tuple[Context, Record], data: st.DataObject, prefix: int
) -> None:
    ctx, rec = world
    for step in run(data, ctx, rec, steps=prefix):
        rec = step.after
    on = max(rec.enrolled_on, rec.last_event_on or rec.enrolled_on) + dt.timedelta(
        days=data.draw(st.integers(0, 30))
    )
    if rec.status is Status.DECEASED:  # the prefix already ended in 死亡
        dead = rec
        on = rec.last_event_on or on
    else:  # 死亡 is allowed from every other state, with the proof
        died = act(
            rec, Death(student=rec.student.student_number, died_on=on, proof=True), ctx.at(on)
        )
        assert died.applied and died.after.status is Status.DECEASED
        assert died.after.transfer is None and died.after.suspension is None
        dead = died.after
    for step in run(data, ctx, dead, keep_going=True):
        assert step.error is None, step.error
        assert step.decision is not None and not step.decision.allowed
        assert step.decision.clause_ids == {"2.5"}
        assert step.after == dead
    # every event type is refused citing 2.5, the last act's date or any later one
    for event_type in ALL_EVENT_TYPES:
        decision = evaluate(dead, event_of(event_type, dead.student.student_number), ctx.at(on))
        assert not decision.allowed and decision.clause_ids == {"2.5"}, event_type


# ---------------------------------------------------------------------------------------------------
# The history is append-only; a refused event changes nothing (1.5)


@pytest.mark.clause("1.5")
@given(world=worlds(), data=st.data())
def test_history_is_append_only_and_a_refusal_changes_nothing(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    ctx, rec = world
    for step in run(data, ctx, rec):
        b, a = step.before, step.after
        if step.applied:
            assert len(a.history) == len(b.history) + 1
            assert a.history[: len(b.history)] == b.history
            assert a.history[-1].event == step.event
            assert a.history[-1].on == step.context.on
            assert (a.status, a.school_code, a.grade) == (
                a.history[-1].status,
                a.history[-1].school_code,
                a.history[-1].grade,
            )
            assert a.student == b.student and a.enrolled_on == b.enrolled_on
        else:
            assert a is b
        # the record given to evaluate/apply is left exactly as it was
        assert b == step.before


@pytest.mark.clause("2.1", "2.2")
@given(world=worlds(), data=st.data())
def test_open_workflows_end_only_through_their_own_acts(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    """An open transfer ends only when a party acts (completing or refusing it) or the student dies;
    a 休学 period only on 复学, 其他离校 or death. Nothing drops one silently (a promotion moves an
    open transfer into the next year with the student)."""
    ctx, rec = world
    for step in run(data, ctx, rec):
        b, a = step.before, step.after
        if b.transfer is not None and a.transfer is None:
            assert isinstance(step.event, (TransferAct, Death)), step.event
        if b.transfer is not None and a.transfer is not None and a.transfer != b.transfer:
            assert isinstance(step.event, (TransferAct, Promote)), step.event
            assert a.transfer.to_grade.year == a.grade.year
        if b.suspension is not None and a.suspension is None:
            assert isinstance(step.event, (Resume, OtherDeparture, Death)), step.event
        if a.transfer is not None:
            assert a.status is Status.ENROLLED and a.transfer.to_grade.year == a.grade.year
        if a.suspension is not None:
            assert a.status is Status.SUSPENDED


@given(world=worlds(), data=st.data())
def test_well_formed_events_raise_only_for_a_grade_the_school_does_not_offer(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    """The strategy's events are well formed; the one inconsistency it may produce on purpose is a
    transfer or return to a school that does not teach the student's year. Any other error is a bug
    (e.g. a deadline computed before its own start)."""
    ctx, rec = world
    for step in run(data, ctx, rec):
        if step.error is not None:
            assert isinstance(step.error, InvalidInput)
            assert step.error.where in ("to_grade", "grade"), str(step.error)
            school_code = getattr(step.event, "to_school", None) or getattr(
                step.event, "school_code", None
            )
            assert school_code is not None and school_code != step.before.school_code


@pytest.mark.clause("2.1", "2.1.5", "2.1.6")
@given(world=worlds(), data=st.data())
def test_an_ordinary_transfer_is_allowed_and_completes_in_the_same_year(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    """The converse of 2.1.6: an enrolled student outside a graduation year, with no transfer open,
    asked for with 附表1 and the information sheet by a school in the prefecture that teaches the same
    year (under its own 学制), in a class under the standard, is not refused — unless the move is
    into a 一类模式 school or a provincial model senior high (2.1.6.2). The three parties' approvals
    move the student in the same year."""
    ctx, rec = world
    for step in run(data, ctx, rec, steps=15):
        b, c = step.after, step.context
        if b.status is not Status.ENROLLED or b.transfer is not None or b.grade.is_graduation_year:
            continue
        sending = ctx.schools[b.school_code]
        for to in ctx.schools.values():
            target = b.grade.with_system(to.system)
            if to.code == b.school_code or not to.in_prefecture or not to.offers(target):
                continue
            if to.mode is TeachingMode.MODEL_ONE and sending.mode is not TeachingMode.MODEL_ONE:
                continue
            if to.provincial_model and not sending.provincial_model and not target.compulsory:
                continue
            size = to.class_size(target, "1班")
            if size is None or size >= to.size_limit(target.stage, c.parameters, c.on):
                continue
            ask = TransferRequest(
                student=b.student.student_number,
                to_school=to.code,
                to_class="1班",
                materials=TRANSFER_KEYS,
            )
            decision = evaluate(b, ask, c)
            assert decision.allowed, (b.grade, to.code, decision.explain())
            moved = apply(b, ask, c)
            for party in TransferParty:
                moved = apply(moved, TransferAct(student=b.student.student_number, party=party), c)
            assert moved.school_code == to.code and moved.grade == target
            assert moved.grade.year == b.grade.year


@given(world=worlds(), data=st.data())
def test_a_refused_apply_leaves_the_record_equal_to_what_it_was(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    """Snapshot every record before each act (as JSON) and compare after a refused ``apply``."""
    ctx, rec = world
    today = rec.enrolled_on
    schools = tuple(ctx.schools.values())
    for _ in range(MAX_STEPS):
        on, event = data.draw(next_step(rec, today, schools))
        if on > LAST_ACT:
            break
        snapshot = to_json(rec)
        copy = from_json(snapshot, Record)
        try:
            new = apply(rec, event, ctx.at(on))
        except XuejiError:  # PolicyViolation (a refusal) or InvalidInput
            assert rec == copy and to_json(rec) == snapshot
            continue
        assert (
            to_json(rec) == snapshot
        )  # the old record is not touched by a successful apply either
        rec, today = new, on


# ---------------------------------------------------------------------------------------------------
# Graduation-year and 休学 students never transfer (2.1.6.3, 2.1.6.4, 2.1.3)


@pytest.mark.clause("2.1.6.3", "2.1.6.4", "2.1.3")
@given(world=worlds(), data=st.data())
def test_graduation_year_and_suspended_students_never_transfer(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    ctx, rec = world
    schools = tuple(ctx.schools.values())
    for step in run(data, ctx, rec):
        b = step.before
        barred = b.grade.is_graduation_year or b.status is Status.SUSPENDED
        starts = isinstance(step.event, TransferRequest) and step.applied
        completes = isinstance(step.event, TransferAct) and step.after.school_code != b.school_code
        if starts or completes:
            assert not barred, step
            assert b.status is Status.ENROLLED
        if barred and b.status not in (Status.DECEASED, Status.DUPLICATE_REMOVED):
            # probe: a well-formed request to any school that offers the year is refused, citing why
            for to in schools:
                if to.code == b.school_code or not to.offers(b.grade.with_system(to.system)):
                    continue
                probe = TransferRequest(
                    student=b.student.student_number,
                    to_school=to.code,
                    to_class="1班",
                    materials=TRANSFER_KEYS,
                )
                decision = evaluate(b, probe, step.context)
                assert not decision.allowed
                if b.grade.is_graduation_year:
                    assert "2.1.6.3" in decision.clause_ids
                if b.status is Status.SUSPENDED:
                    assert {"2.1.6.4", "2.1.3"} <= decision.clause_ids


@pytest.mark.clause("2.1.5")
@given(world=worlds(), data=st.data())
def test_a_transfer_across_school_systems_keeps_the_year(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    ctx, rec = world
    for step in run(data, ctx, rec):
        b, a = step.before, step.after
        if isinstance(step.event, TransferAct) and a.school_code != b.school_code:
            receiving = ctx.schools[a.school_code]
            assert a.grade.year == b.grade.year
            if a.grade.compulsory:
                assert a.grade.system is receiving.system
                assert a.grade == b.grade.with_system(receiving.system)
            assert receiving.offers(a.grade)


# ---------------------------------------------------------------------------------------------------
# Senior retentions stay under the 2 % cap (2.3)


#: The cohorts a retention in school years 2017–2022 can come from (grade 11: entered the year
#: before; grade 12: two years before).
_COHORT_YEARS = range(2015, 2022)


@pytest.mark.clause("2.3")
@given(
    sizes=st.lists(
        st.one_of(st.none(), st.integers(0, 400)),
        min_size=len(_COHORT_YEARS),
        max_size=len(_COHORT_YEARS),
    ),
    attempts=st.lists(
        st.tuples(st.integers(2017, 2022), st.sampled_from((11, 12)), st.booleans()), max_size=60
    ),
)
def test_no_sequence_of_retentions_puts_a_cohort_over_the_cap(
    sizes: list[int | None], attempts: list[tuple[int, int, bool]]
) -> None:
    """“留级比例三年内不得超过年级学生总数的 2%”, per cohort: students of a senior school ask, in school
    years 2017–2022, to be retained out of senior 2 or senior 3 (with or without their application).
    After any sequence of accepted Retain acts, every cohort's retentions over its years are at most
    2 % of its size at entry — its senior-2 and senior-3 retentions share one budget — and the rule
    accepts exactly as many as that leaves room for. Without the application it refuses (2.3's
    material); without the cohort's figures it cannot decide (``needs="senior_cohort"``)."""
    home = "S1"
    senior = school(home, stages=(Stage.SENIOR,), size=30)
    size_of = dict(zip(_COHORT_YEARS, sizes, strict=True))
    retained = dict.fromkeys(_COHORT_YEARS, 0)
    for n, (year, grade_year, applied_for) in enumerate(sorted(attempts), start=1):
        entered = year - (grade_year - 10)
        cohorts = [
            SeniorCohort(school_code=home, entered=c, size=size, retained=retained[c])
            for c, size in size_of.items()
            if size is not None
        ]
        ctx = Context(
            on=dt.date(year, 10, 15),
            schools=[senior],
            cohorts=cohorts,
            calendar=WorkCalendar.national(),
        )
        rec = record(
            Grade.from_year(grade_year),
            senior,
            student_=student(sequence=n % 1000),
            enrolled_on=dt.date(year, 9, 1),
        )
        materials = {"retention_application"} if applied_for else set()
        step = act(rec, Retain(student=rec.student.student_number, materials=materials), ctx)
        decision = step.decision
        assert decision is not None
        size = size_of[entered]
        room = None if size is None else (2 * size) // 100 - retained[entered]
        assert step.applied == (applied_for and room is not None and room > 0), decision.explain()
        if step.applied:
            assert step.after.grade.year == grade_year - 1
            retained[entered] += 1
        else:
            assert decision.clause_ids == {"2.3"}
            assert ("retention_application" in {m.key for m in decision.missing_materials}) == (
                not applied_for
            )
            assert decision.undecided == (applied_for and room is None)
            assert [r.needs for r in decision.missing_facts] == (
                ["senior_cohort"] if room is None else []
            )
        for c, got in retained.items():
            assert got * 100 <= 2 * (size_of[c] or 0)


# ---------------------------------------------------------------------------------------------------
# JSON round-trips of records with event histories


@given(world=worlds(), data=st.data())
def test_records_with_histories_round_trip_through_json(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    ctx, rec = world
    seen = [rec]
    for step in run(data, ctx, rec):
        if step.applied:
            seen.append(step.after)
    for r in seen:
        assert from_json(to_json(r), Record) == r


def _status_event_types() -> set[type[Event]]:
    return {
        cls
        for name in status_module.__all__
        if isinstance(cls := getattr(status_module, name), type)
        and issubclass(cls, StatusEvent)
        and cls is not StatusEvent
    }


def test_the_event_list_covers_every_event_type_of_status() -> None:
    assert set(ALL_EVENT_TYPES) == _status_event_types()
    assert all(default_regulation().has_rule(t) for t in ALL_EVENT_TYPES)


@given(world=worlds(), data=st.data())
def test_every_event_type_round_trips_in_a_history(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    """One history entry of every event type, each drawn with realistic fields, round-trips."""
    ctx, rec = world
    schools = tuple(ctx.schools.values())
    wanted = list(ALL_EVENT_TYPES)
    entries = []
    day = rec.enrolled_on
    while wanted:
        _on, event = data.draw(next_step(rec, day, schools))
        if type(event) not in wanted:
            event = event_of(wanted[0], rec.student.student_number)
        wanted.remove(type(event))
        assert from_json(to_json(event), type(event)) == event
        entries.append(
            HistoryEntry(
                on=day, event=event, status=rec.status, school_code=rec.school_code, grade=rec.grade
            )
        )
    full = attrs.evolve(rec, history=tuple(entries))
    assert {type(h.event) for h in full.history} == set(ALL_EVENT_TYPES)
    assert from_json(to_json(full), Record) == full


# ---------------------------------------------------------------------------------------------------
# Privacy: no full ID number in any repr, str or error message (7.1, 8.2)


@pytest.mark.clause("7.1", "8.2")
@given(world=worlds(), data=st.data())
def test_no_full_id_number_in_any_repr_str_or_error(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    ctx, rec = world
    secrets = {rec.student.student_number.reveal(), rec.student.name}
    if rec.student.identity_number is not None:
        secrets.add(rec.student.identity_number.reveal())
    for step in run(data, ctx, rec):
        shown = [repr(step.before), str(step.before), repr(step.after), repr(step.event)]
        shown += [repr(h) for h in step.after.history[-1:]]
        if step.decision is not None:
            shown += [repr(step.decision), str(step.decision), step.decision.explain()]
            if not step.decision.allowed:
                shown.append(str(PolicyViolation(step.decision)))
        if step.error is not None:
            shown += [str(step.error), repr(step.error), step.error.zh, step.error.en]
        for text in shown:
            for secret in secrets:
                assert secret not in text, (secret[:4], text[:200])


# ---------------------------------------------------------------------------------------------------
# Every reason cites a clause the rule declares (traceability)


def _declared(event: StatusEvent) -> frozenset[str]:
    rule = default_regulation().rules[type(event)]
    return frozenset(rule.__clauses__)  # type: ignore[attr-defined]


@given(world=worlds(), data=st.data())
def test_every_decision_cites_only_clauses_its_rule_declares(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    """Every refusal has at least one reason whose clause its rule declares with ``@implements`` (or
    the terminal 2.5/3.3 reason); stronger, every clause a decision cites — reasons, missing materials
    and deadline — is among those."""
    ctx, rec = world
    terminal = {"2.5", "3.3"}
    for step in run(data, ctx, rec):
        if step.decision is None:
            continue
        declared = _declared(step.event) | terminal
        if not step.decision.allowed:
            assert step.decision.reasons
            assert any(r.clause in declared for r in step.decision.reasons), step.decision
        assert step.decision.clause_ids <= declared, (
            type(step.event).__name__,
            step.decision.clause_ids - declared,
        )


# ---------------------------------------------------------------------------------------------------
# Allowed acts that start a clock give their deadline


@given(world=worlds(), data=st.data())
def test_allowed_acts_that_start_a_clock_give_their_deadline(
    world: tuple[Context, Record], data: st.DataObject
) -> None:
    ctx, rec = world
    clocks = {
        TransferRequest: "2.1.4",
        Suspend: "2.2.3",
        ExtendSuspension: "2.2.3",
        Death: "2.5",
        Graduate: "3.1",
    }
    for step in run(data, ctx, rec):
        clause = clocks.get(type(step.event))
        if clause is None or not step.applied:
            continue
        assert step.decision is not None
        deadline = step.decision.deadline
        if isinstance(step.event, TransferRequest):
            assert step.after.transfer is not None
            if step.after.transfer.cross_prefecture:
                # the province's period has no default (2.1.4): no clock until a caller sets it
                assert deadline is None and step.after.transfer.due is None
                continue
        assert deadline is not None and deadline.clause == clause
        assert deadline.due >= deadline.start
        if isinstance(step.event, TransferRequest):
            assert step.after.transfer is not None
            assert step.after.transfer.due == deadline.due
            assert deadline.workdays == 10  # inside the prefecture: 10 working days
        if isinstance(step.event, (Suspend, ExtendSuspension)):
            assert step.after.suspension is not None
            assert step.after.suspension.ends_on == deadline.due


def test_school_systems_are_both_present_in_every_world() -> None:
    """The contexts of these properties hold schools of both 学制 (guards the strategy itself)."""
    assert {row[1] for row in _ROSTER} == set(SchoolSystem)
