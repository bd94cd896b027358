"""Bad input to the status machine.

Each case raises :class:`InvalidInput` (a :class:`XuejiError`) whose message is Chinese first and English
second, names where the problem is, and shows no full ID number. For garbage arguments nothing but a
``XuejiError`` escapes ``evaluate``/``apply`` or the constructors of events and contexts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.errors import InvalidInput, XuejiError
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.records.models import Grade, InvalidGrade, Record, SchoolSystem, Stage, Status
from liangshan_xueji.records.status import (
    Context,
    Death,
    DepartureReason,
    OtherDeparture,
    Promote,
    Resume,
    RetentionCount,
    ReturnToSchool,
    SeniorCohort,
    StatusEvent,
    Suspend,
    TransferAct,
    TransferParty,
    TransferRequest,
)
from lifecycle_strategies import (
    ALL_EVENT_TYPES,
    TRANSFER_KEYS,
    context,
    event_of,
    grade,
    record,
    school,
    student,
)
from strategies import StrategyNote

A = school("P63A")
B = school("P63B", county="会理市")
ME = student(sequence=123)
OTHER = student(birth=dt.date(2011, 6, 1), sequence=246)
SECRETS = tuple(
    s
    for stu in (ME, OTHER)
    for s in (
        stu.student_number.reveal(),
        stu.identity_number.reveal() if stu.identity_number else "",
    )
    if s
)
ON = dt.date(2021, 3, 1)
CJK = re.compile(r"[\u4e00-\u9fff]")


def rec(g: Grade | None = None) -> Record:
    return record(g or grade(3), A, student_=ME)


def request(r: Record, to: str = "P63B", **kw: object) -> TransferRequest:
    fields: dict[str, object] = {"to_class": "1班", "materials": TRANSFER_KEYS, **kw}
    return TransferRequest(student=r.student.student_number, to_school=to, **fields)  # type: ignore[arg-type]


def bilingual(exc: BaseException) -> None:
    """The error is a XuejiError, Chinese then English, with a place, and no full ID number."""
    assert isinstance(exc, XuejiError), type(exc)
    text = str(exc)
    assert CJK.search(exc.zh) and re.search(r"[A-Za-z]{3}", exc.en), text
    assert text.index(exc.zh) < text.index(exc.en)
    for secret in SECRETS:
        assert secret not in text and secret not in repr(exc)


def raises_invalid(call: Callable[[], object], where: str | None = None) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        call()
    bilingual(info.value)
    if where is not None:
        assert info.value.where is not None and where in info.value.where, info.value.where
    return info.value


def both(r: object, event: object, ctx: object, where: str | None = None) -> None:
    """``evaluate`` and ``apply`` both raise InvalidInput for these arguments."""
    raises_invalid(lambda: evaluate(r, event, ctx), where)  # type: ignore[arg-type]
    raises_invalid(lambda: apply(r, event, ctx), where)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: Grade(Stage.PRIMARY, 6, SchoolSystem.FIVE_FOUR),  # 五四制 has five primary years
        lambda: Grade(Stage.JUNIOR, 4, SchoolSystem.SIX_THREE),
        lambda: Grade(Stage.SENIOR, 0),
        lambda: Grade.from_year(13),
        lambda: Grade.from_year(0, SchoolSystem.FIVE_FOUR),
    ],
)
def test_an_impossible_grade(build: Callable[[], Grade]) -> None:
    with pytest.raises(InvalidGrade) as info:
        build()
    bilingual(info.value)


def test_a_grade_that_is_not_a_grade() -> None:
    r = rec()
    raises_invalid(lambda: request(r, to_grade=7), "TransferRequest.to_grade")
    raises_invalid(
        lambda: Resume(student=r.student.student_number, grade="初一"),
        "Resume.grade",  # type: ignore[arg-type]
    )
    raises_invalid(
        lambda: ReturnToSchool(student=r.student.student_number, grade=3),  # type: ignore[arg-type]
        "ReturnToSchool.grade",
    )


@pytest.mark.clause("8.4")
def test_a_date_before_the_regulation() -> None:
    """“本《规定》于发文之日起执行。” — 2016-08-11; the day before is refused as input."""
    raises_invalid(lambda: Context(on=dt.date(2016, 8, 10)), "Context.on")
    raises_invalid(lambda: context(ON, A).at(dt.date(2015, 1, 1)), "Context.on")
    assert Context(on=dt.date(2016, 8, 11)).on == dt.date(2016, 8, 11)


def test_a_transfer_to_the_same_school() -> None:
    r = rec()
    both(r, request(r, to="P63A"), context(ON, A, B), "to_school")


def test_an_event_for_another_student() -> None:
    r = rec()
    theirs = request(record(grade(3), A, student_=OTHER))
    both(r, theirs, context(ON, A, B), "event.student")
    for event_type in ALL_EVENT_TYPES:
        both(r, event_of(event_type, OTHER.student_number), context(ON, A, B), "event.student")


def test_a_student_number_given_as_text_is_not_echoed() -> None:
    """A raw string where a StudentNumber is meant is refused without repeating it."""
    full = ME.student_number.reveal()
    err = raises_invalid(lambda: Promote(student=full), "Promote.student")  # type: ignore[arg-type]
    assert full not in str(err)


@pytest.mark.parametrize(
    "moment",
    [dt.datetime(2021, 3, 1, 9, 30), dt.datetime(2021, 3, 1, tzinfo=dt.timezone.utc)],
    ids=["naive", "aware"],
)
def test_a_datetime_where_a_date_is_meant(moment: dt.datetime) -> None:
    raises_invalid(lambda: Context(on=moment), "Context.on")
    raises_invalid(lambda: context(ON, A).at(moment), "Context.on")
    sn = ME.student_number
    raises_invalid(lambda: Death(student=sn, died_on=moment, proof=True), "Death.died_on")
    raises_invalid(
        lambda: OtherDeparture(
            student=sn, reason=DepartureReason.UNEXPLAINED_ABSENCE, absent_since=moment
        ),
        "OtherDeparture.absent_since",
    )


def test_an_unknown_school_code() -> None:
    r = rec()
    both(r, request(r, to="NOSUCH1"), context(ON, A, B), "to_school")
    both(r, request(r), context(ON, B), "record.school_code")  # the record's own school unknown
    gone = ReturnToSchool(student=r.student.student_number, school_code="NOSUCH1")
    dropped = attrs.evolve(r, status=Status.DROPPED_OUT)
    both(dropped, gone, context(ON, A, B), "school_code")


def test_an_event_dated_before_the_records_last_event() -> None:
    r = rec()
    later = apply(r, request(r), context(ON, A, B))
    both(
        later,
        TransferAct(student=ME.student_number, party=TransferParty.SENDING_SCHOOL),
        context(ON - dt.timedelta(days=1), A, B),
        "Context.on",
    )
    both(r, request(r), context(dt.date(2016, 8, 31), A, B), "Context.on")  # before registration


def test_dates_inside_events_that_contradict_the_act() -> None:
    r = rec()
    ctx = context(ON, A, B)
    both(
        r,
        Death(student=ME.student_number, died_on=ON + dt.timedelta(days=1), proof=True),
        ctx,
        "died_on",
    )
    both(
        r,
        OtherDeparture(
            student=ME.student_number,
            reason=DepartureReason.UNEXPLAINED_ABSENCE,
            absent_since=ON + dt.timedelta(days=1),
            unreachable=True,
        ),
        ctx,
        "absent_since",
    )
    both(
        r,
        OtherDeparture(student=ME.student_number, reason=DepartureReason.UNEXPLAINED_ABSENCE),
        ctx,
        "absent_since",
    )


def test_a_grade_the_receiving_school_does_not_offer() -> None:
    r = rec(grade(8))
    primary_only = school("PR63", stages=(Stage.PRIMARY,), county="喜德县")
    both(r, request(r, to="PR63"), context(ON, A, primary_only), "to_grade")


@pytest.mark.parametrize(
    ("build", "where"),
    [
        (lambda: Context(on=ON, schools=5), "Context.schools"),
        (lambda: Context(on=ON, schools=["P63A"]), "Context.schools"),
        (lambda: Context(on=ON, schools={"X1": A}), "Context.schools"),
        (lambda: Context(on=ON, parameters="凉教基"), "Context.parameters"),
        (lambda: Context(on=ON, calendar=2021), "Context.calendar"),
        (lambda: Context(on=ON, provisional_deadlines="yes"), "Context.provisional_deadlines"),
        (lambda: Context(on=ON, retention_history=5), "Context.retention_history"),
        (lambda: Context(on=ON, retention_history=[1, 2]), "Context.retention_history"),
        (lambda: Context(on="2021/03/01"), "Context.on"),  # ISO text is read (to_date)
        (lambda: Context(on=ON, cohorts=5), "Context.cohorts"),
        (lambda: Context(on=ON, cohorts=[1, 2]), "Context.cohorts"),
        (
            lambda: SeniorCohort(school_code="S1", entered=2020, size=1, retained=2),
            "SeniorCohort.retained",
        ),
        (lambda: SeniorCohort(school_code="S1", entered=2020, size=-1), "SeniorCohort.size"),
        (lambda: SeniorCohort(school_code="S1", entered=99999, size=5), "SeniorCohort.entered"),
        (lambda: SeniorCohort(school_code="", entered=2020, size=5), "SeniorCohort.school_code"),
        (lambda: Context(on=ON).cohort("S1", "2020"), "entered"),
        (
            lambda: RetentionCount(
                school_code="S1", grade_year=9, school_year=2020, students=9, retained=0
            ),
            "RetentionCount.grade_year",
        ),
        (
            lambda: RetentionCount(
                school_code="S1", grade_year=10, school_year=2020, students=1, retained=2
            ),
            "RetentionCount.retained",
        ),
        (
            lambda: RetentionCount(
                school_code="S1", grade_year=10, school_year=2020, students=-1, retained=0
            ),
            "RetentionCount.students",
        ),
        (lambda: TransferAct(student=ME.student_number, party="转出学校"), "TransferAct.party"),
        (
            lambda: TransferAct(
                student=ME.student_number, party=TransferParty.SENDING_SCHOOL, approve="no"
            ),
            "TransferAct.approve",
        ),
        (lambda: Suspend(student=ME.student_number, materials="diagnosis"), "materials"),
        (lambda: Suspend(student=ME.student_number, materials=5), "materials"),
        (lambda: Suspend(student=ME.student_number, materials=[1, 2]), "materials"),
        (
            lambda: Suspend(student=ME.student_number, advised_rest_months=-1),
            "Suspend.advised_rest_months",
        ),
        (
            lambda: Suspend(student=ME.student_number, advised_rest_months=True),
            "Suspend.advised_rest_months",
        ),
        (
            lambda: Suspend(student=ME.student_number, advised_rest_months="3"),
            "Suspend.advised_rest_months",
        ),
        (lambda: Suspend(student=ME.student_number, school_agrees=1), "Suspend.school_agrees"),
        (
            lambda: OtherDeparture(student=ME.student_number, reason="休学期满未复学"),
            "OtherDeparture.reason",
        ),
        (
            lambda: TransferRequest(student=ME.student_number, to_school="", to_class="1班"),
            "TransferRequest.to_school",
        ),
        (
            lambda: TransferRequest(student=ME.student_number, to_school=["P63B"], to_class="1班"),
            "TransferRequest.to_school",
        ),
        (
            lambda: ReturnToSchool(student=ME.student_number, school_code=5),
            "ReturnToSchool.school_code",
        ),
        (lambda: Promote(student=None), "Promote.student"),
    ],
)
def test_malformed_contexts_and_events(build: Callable[[], object], where: str) -> None:
    raises_invalid(build, where)


# ---------------------------------------------------------------------------------------------------
# Nothing but XuejiError escapes

_GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.dates(),
    st.datetimes(),
    st.just(ME.student_number),
    st.just(A),
    st.just(grade(3)),
    st.just(StrategyNote()),  # an Event that is not a status event
    st.just(ME.student_number.reveal()),
)


@given(garbage=_GARBAGE, position=st.sampled_from((0, 1, 2)))
def test_nothing_but_xueji_errors_escape_for_garbage_arguments(
    garbage: object, position: int
) -> None:
    r = rec()
    args: list[Any] = [r, request(r), context(ON, A, B)]
    args[position] = garbage
    for call in (evaluate, apply):
        with pytest.raises(XuejiError) as info:
            call(*args)
        bilingual(info.value)


def test_a_string_as_event() -> None:
    r = rec()
    both(r, "TransferRequest", context(ON, A, B), "event")
    both(r, StrategyNote(), context(ON, A, B), "event")


@given(
    event_type=st.sampled_from(ALL_EVENT_TYPES),
    field_index=st.integers(0, 10),
    garbage=_GARBAGE,
    on=st.dates(dt.date(2016, 9, 1), dt.date(2025, 12, 31)),
)
def test_garbage_in_any_event_field_raises_only_xueji_errors(
    event_type: type[StatusEvent], field_index: int, garbage: object, on: dt.date
) -> None:
    """Any field of any event replaced by garbage: the constructor refuses it with InvalidInput, or
    (when the garbage is a valid value) evaluate/apply answer — never another exception."""
    base = event_of(event_type, ME.student_number)
    fields = attrs.fields(event_type)
    name = fields[field_index % len(fields)].name
    try:
        event = attrs.evolve(base, **{name: garbage})
    except XuejiError as exc:
        bilingual(exc)
        return
    r = rec()
    ctx = context(on, A, B)
    for call in (evaluate, apply):
        try:
            call(r, event, ctx)
        except XuejiError as exc:
            bilingual(exc)
