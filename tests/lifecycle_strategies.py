"""Strategies and fixed examples for the status machine (part 2 and clause 3.1).

Import as ``from lifecycle_strategies import worlds, next_step, ...`` (pytest puts ``tests/`` on
``sys.path``). Built on :mod:`strategies` (the models' strategies) and only the public constructors.

- :func:`school_sets`: one set of schools for one :class:`~liangshan_xueji.records.status.Context` — both 学制,
  every teaching mode, a provincial model senior high, a junior-only and a primary-only school and one
  school outside the prefecture; class sizes mostly under the standard, sometimes at or over it.
- :func:`worlds`: ``(context, record)`` — a record in a consistent state (enrolled, empty history, a
  grade its school offers, registered between 2016-08-11 and 2017-09-30) and a context holding the
  schools and the senior cohort figures (``SeniorCohort``) clause 2.3's cap needs.
- :func:`next_step`: the next ``(date, event)`` for a record: dates move forward (promotions on
  8-10, graduations around 7-30), never past :data:`LAST_ACT` (2025-12-31) so that the holiday data
  covers every deadline; parameters are realistic — materials mostly complete but sometimes missing,
  the advised rest mostly 3 months or more, approvals mostly given — and the event is mostly one that
  fits the record's state, sometimes any event at all.
- Fixed examples for the scenario tests: :func:`student`, :func:`school`, :func:`record`,
  :func:`context` and the complete material sets.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Iterable, Sequence
from typing import TypeVar

from hypothesis import strategies as st

import liangshan_xueji.policy  # noqa: F401  (registers the rules)
from liangshan_xueji.calendar.workdays import WorkCalendar
from liangshan_xueji.policy.retention import RETENTION_MATERIALS
from liangshan_xueji.policy.suspension import (
    EXTENSION_MATERIALS,
    RESUMPTION_MATERIALS,
    SUSPENSION_MATERIALS,
)
from liangshan_xueji.policy.transfer import TRANSFER_MATERIALS
from liangshan_xueji.records.models import (
    LIANGSHAN_PREFECTURE,
    ClassInfo,
    Grade,
    IdentityNumber,
    Origin,
    Record,
    School,
    SchoolSystem,
    Stage,
    Status,
    Student,
    StudentNumber,
    TeachingMode,
)
from liangshan_xueji.records.status import (
    Context,
    Death,
    Demote,
    DepartureReason,
    ExtendSuspension,
    Graduate,
    MarkDropout,
    MarkSuspectedDropout,
    OtherDeparture,
    Promote,
    ProvisionalDropout,
    Resume,
    Retain,
    ReturnToSchool,
    RollbackGraduation,
    SeniorCohort,
    StatusEvent,
    Suspend,
    TransferAct,
    TransferParty,
    TransferRequest,
)
from strategies import LIANGSHAN_REGIONS

__all__ = [
    "ALL_EVENT_TYPES",
    "DOCTOR_ADVICE",
    "EXTENSION_KEYS",
    "FIRST_ACT",
    "LAST_ACT",
    "RESUMPTION_KEYS",
    "SUSPENSION_KEYS",
    "TRANSFER_KEYS",
    "context",
    "event_of",
    "grade",
    "next_step",
    "record",
    "school",
    "school_sets",
    "student",
    "worlds",
]

_T = TypeVar("_T")

SIX_THREE = SchoolSystem.SIX_THREE
FIVE_FOUR = SchoolSystem.FIVE_FOUR

#: The regulation's date of issue (8.4) and the last date an act is drawn on: deadlines of up to 10
#: working days after it fall in January 2026, which the holiday data still covers.
FIRST_ACT = dt.date(2016, 8, 11)
LAST_ACT = dt.date(2025, 12, 31)

TRANSFER_KEYS = frozenset(m.key for m in TRANSFER_MATERIALS)
SUSPENSION_KEYS = frozenset(m.key for m in SUSPENSION_MATERIALS)
RESUMPTION_KEYS = frozenset(m.key for m in RESUMPTION_MATERIALS)
EXTENSION_KEYS = frozenset(m.key for m in EXTENSION_MATERIALS)
DOCTOR_ADVICE = "doctor_advice"
RETENTION_KEYS = frozenset(m.key for m in RETENTION_MATERIALS)

#: Every event type of status.py (the JSON round-trip test checks this list is complete).
ALL_EVENT_TYPES: tuple[type[StatusEvent], ...] = (
    TransferRequest,
    TransferAct,
    Suspend,
    ExtendSuspension,
    Resume,
    OtherDeparture,
    MarkSuspectedDropout,
    MarkDropout,
    ProvisionalDropout,
    ReturnToSchool,
    Death,
    Graduate,
    RollbackGraduation,
    Promote,
    Retain,
    Demote,
)

# ---------------------------------------------------------------------------------------------------
# Fixed examples for the scenario tests


def student(
    *, birth: dt.date = dt.date(2010, 3, 5), sequence: int = 123, region: str = "513401"
) -> Student:
    """A G-numbered student (吉克阿呷) whose ID number is built from ``region``/``birth``/``sequence``."""
    ident = IdentityNumber.build(region, birth, sequence)
    return Student(
        name="吉克阿呷",
        sex=ident.sex,
        birth_date=birth,
        ethnicity="彝族",
        identity_number=ident,
        student_number=StudentNumber.from_identity(ident),
        household_registration="四川省凉山州西昌市",
        address="西昌市某街1号",
    )


def grade(year: int, system: SchoolSystem = SIX_THREE) -> Grade:
    """The grade of ``year`` (1–12) under ``system`` (clause 2.1.5)."""
    return Grade.from_year(year, system)


def _offered(stages: Iterable[Stage], system: SchoolSystem) -> tuple[Grade, ...]:
    return _offered_cached(frozenset(stages), system)


@functools.cache
def _offered_cached(stages: frozenset[Stage], system: SchoolSystem) -> tuple[Grade, ...]:
    return tuple(g for g in (Grade.from_year(y, system) for y in range(1, 13)) if g.stage in stages)


def school(
    code: str,
    *,
    system: SchoolSystem = SIX_THREE,
    stages: Iterable[Stage] = (Stage.PRIMARY, Stage.JUNIOR),
    mode: TeachingMode = TeachingMode.MODEL_TWO,
    provincial_model: bool = False,
    size: int = 30,
    sizes: dict[Grade, int] | None = None,
    county: str = "西昌市",
    prefecture: str = LIANGSHAN_PREFECTURE,
    class_size_limit: int | None = None,
) -> School:
    """A school with one class ``1班`` of every grade it offers, of ``size`` students (or ``sizes``)."""
    stage_set = frozenset(stages)
    classes = tuple(
        ClassInfo(grade=g, name="1班", size=(sizes or {}).get(g, size))
        for g in _offered(stage_set, system)
    )
    return School(
        code=code,
        name=f"学校{code}",
        county=county,
        prefecture=prefecture,
        stages=stage_set,
        system=system,
        mode=mode,
        provincial_model=provincial_model,
        classes=classes,
        class_size_limit=class_size_limit,
    )


def record(
    grade_: Grade,
    school_: School | str,
    *,
    student_: Student | None = None,
    enrolled_on: dt.date = dt.date(2016, 9, 1),
    class_name: str = "1班",
) -> Record:
    """An enrolled record with an empty history."""
    return Record(
        student=student_ if student_ is not None else student(),
        school_code=school_.code if isinstance(school_, School) else school_,
        grade=grade_,
        class_name=class_name,
        enrolled_on=enrolled_on,
    )


def context(on: dt.date, *schools: School, **kw: object) -> Context:
    """A context on ``on`` knowing ``schools``, on the national calendar unless told otherwise (the
    dates of these properties span years the prefecture's calendar has no notice for)."""
    kw.setdefault("calendar", WorkCalendar.national())
    return Context(on=on, schools=schools, **kw)  # type: ignore[arg-type]


def event_of(event_type: type[StatusEvent], student_number: StudentNumber) -> StatusEvent:
    """A plain instance of ``event_type`` for ``student_number``, every other field its default or a
    simple valid value (for the bad-input and terminal-state tests)."""
    sn = student_number
    extra: dict[type[StatusEvent], dict[str, object]] = {
        TransferRequest: {"to_school": "P63B", "to_class": "1班", "materials": TRANSFER_KEYS},
        TransferAct: {"party": TransferParty.SENDING_SCHOOL},
        OtherDeparture: {
            "reason": DepartureReason.UNEXPLAINED_ABSENCE,
            "absent_since": dt.date(2017, 1, 1),
            "unreachable": True,
        },
        Death: {"died_on": dt.date(2017, 1, 2), "proof": True},
        ProvisionalDropout: {"absent_since": dt.date(2017, 1, 1), "unreachable": True},
    }
    return event_type(student=sn, **extra.get(event_type, {}))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------
# The schools of one context

#: (code, system, stages, mode, provincial model, county, prefecture)
_ROSTER: tuple[tuple[str, SchoolSystem, frozenset[Stage], TeachingMode, bool, str, str], ...] = (
    ("P63A", SIX_THREE, frozenset({Stage.PRIMARY, Stage.JUNIOR}), TeachingMode.MODEL_TWO, False,
     "西昌市", LIANGSHAN_PREFECTURE),
    ("P63B", SIX_THREE, frozenset({Stage.PRIMARY, Stage.JUNIOR}), TeachingMode.MODEL_TWO, False,
     "会理市", LIANGSHAN_PREFECTURE),
    ("P54A", FIVE_FOUR, frozenset({Stage.PRIMARY, Stage.JUNIOR}), TeachingMode.MODEL_TWO, False,
     "德昌县", LIANGSHAN_PREFECTURE),
    ("Y63", SIX_THREE, frozenset({Stage.PRIMARY, Stage.JUNIOR}), TeachingMode.MODEL_ONE, False,
     "昭觉县", LIANGSHAN_PREFECTURE),
    ("J54", FIVE_FOUR, frozenset({Stage.JUNIOR}), TeachingMode.OTHER, False,
     "冕宁县", LIANGSHAN_PREFECTURE),
    ("PR63", SIX_THREE, frozenset({Stage.PRIMARY}), TeachingMode.MODEL_TWO, False,
     "喜德县", LIANGSHAN_PREFECTURE),
    ("S1", SIX_THREE, frozenset({Stage.SENIOR}), TeachingMode.MODEL_TWO, False,
     "西昌市", LIANGSHAN_PREFECTURE),
    ("S2", SIX_THREE, frozenset({Stage.SENIOR}), TeachingMode.MODEL_TWO, True,
     "西昌市", LIANGSHAN_PREFECTURE),
    ("SY", SIX_THREE, frozenset({Stage.SENIOR}), TeachingMode.MODEL_ONE, False,
     "美姑县", LIANGSHAN_PREFECTURE),
    ("X63", SIX_THREE, frozenset({Stage.PRIMARY, Stage.JUNIOR, Stage.SENIOR}),
     TeachingMode.MODEL_TWO, False, "武侯区", "成都市"),
)  # fmt: skip

#: The senior schools whose cohort figures the contexts carry.
SENIOR_CODES = tuple(code for code, _s, stages, *_ in _ROSTER if Stage.SENIOR in stages)


#: Every class of every school of the roster: (school code, grade, class name).
_CLASS_KEYS: tuple[tuple[str, Grade, str], ...] = tuple(
    (code, g, name)
    for code, system, stages, *_ in _ROSTER
    for g in _offered(stages, system)
    for name in ("1班", "2班")
)
#: The classes that are full: most classes have room, a few are at the standard or over it.
_FULL_CLASSES = st.frozensets(st.sampled_from(_CLASS_KEYS), max_size=12)
_STANDARD = {Stage.PRIMARY: 45, Stage.JUNIOR: 50, Stage.SENIOR: 50}


@st.composite
def school_sets(draw: st.DrawFn) -> tuple[School, ...]:
    """The schools of one context (see the module docstring); classes ``1班`` and ``2班`` per grade,
    of 36 students except a few drawn ones at the standard (45 primary, 50 junior and senior) or at
    大班额 size (56)."""
    full = sorted(draw(_FULL_CLASSES), key=_CLASS_KEYS.index)
    sizes = {key: (_STANDARD[key[1].stage] if i % 2 == 0 else 56) for i, key in enumerate(full)}
    out = []
    for code, system, stages, mode, model, county, prefecture in _ROSTER:
        classes = tuple(
            ClassInfo(grade=g, name=name, size=sizes.get((code, g, name), 36))
            for g in _offered(stages, system)
            for name in ("1班", "2班")
        )
        out.append(
            School(
                code=code,
                name=f"{county}{code}学校",
                county=county,
                prefecture=prefecture,
                stages=stages,
                system=system,
                mode=mode,
                provincial_model=model,
                classes=classes,
            )
        )
    return tuple(out)


#: Senior cohort figures for every senior school and every cohort in school in 2014–2025: 150 students
#: at entry and no retentions yet (the property tests add the retentions they make).
COHORTS: tuple[SeniorCohort, ...] = tuple(
    SeniorCohort(school_code=code, entered=entered, size=150, retained=0)
    for code in SENIOR_CODES
    for entered in range(2012, 2026)
)

_NAMES = ("吉克阿呷", "阿说木子", "马明", "沙日尔", "李华", "曲比伍洛", "海来阿衣", "杨丽芳")
_BIRTHS = st.dates(dt.date(1998, 1, 1), dt.date(2012, 12, 31))


@st.composite
def pupils(draw: st.DrawFn) -> Student:
    """Students, cheaply: mostly G-numbered (carrying a Liangshan ID number), sometimes an L number
    with the ID number or a J number without one (its origin stated: the mainland, so that the
    regulation governs every pupil; 8.5's students are tested in test_policy_scope)."""
    born = draw(_BIRTHS)
    ident = IdentityNumber.build(_pick(draw, LIANGSHAN_REGIONS), born, draw(_index(1000)))
    kind = _pick(draw, ("G", "G", "G", "L", "J"))
    if kind == "G":
        number = StudentNumber.from_identity(ident)
    else:
        number = StudentNumber(kind + ident.reveal()[:-1] + str(draw(_index(10))))
    return Student(
        name=_pick(draw, _NAMES),
        sex=ident.sex,
        birth_date=born,
        ethnicity=_pick(draw, ("彝族", "汉族", "藏族")),
        identity_number=None if kind == "J" else ident,
        student_number=number,
        household_registration="四川省凉山州",
        address="凉山州某县某乡某村",
        origin=Origin.MAINLAND,
    )


@st.composite
def worlds(draw: st.DrawFn, *, grade_year: int | None = None) -> tuple[Context, Record]:
    """A context with :func:`school_sets` and a fresh enrolled record at one of its schools."""
    schools = draw(school_sets())
    if grade_year is not None:
        candidates = [
            s
            for s in schools
            if s.offers(Grade.from_year(grade_year, s.system)) and s.in_prefecture
        ]
        home = _pick(draw, candidates)
        g = Grade.from_year(grade_year, home.system)
    else:
        home = _pick(draw, [s for s in schools if s.in_prefecture])
        g = _pick(draw, _offered(home.stages, home.system))
    enrolled = FIRST_ACT + dt.timedelta(days=draw(_index(416)))  # to 2017-09-30
    stu = draw(pupils())
    rec = Record(
        student=stu,
        school_code=home.code,
        grade=g,
        class_name=_pick(draw, ("1班", "2班")),
        enrolled_on=enrolled,
    )
    ctx = Context(on=enrolled, schools=schools, cohorts=COHORTS, calendar=WorkCalendar.national())
    return ctx, rec


# ---------------------------------------------------------------------------------------------------
# The next event of a record


@functools.cache
def _index(n: int) -> st.SearchStrategy[int]:
    return st.integers(0, n - 1)


def _pick(draw: st.DrawFn, items: Sequence[_T]) -> _T:
    """One of ``items`` (cheaper than building a ``sampled_from`` strategy per draw)."""
    return items[draw(_index(len(items)))]


_NOT_DEATH = tuple(t for t in ALL_EVENT_TYPES if t is not Death)

#: One seed per step: the parameters of a step come from ``random.Random(seed)`` — a single draw per
#: step keeps long sequences cheap; hypothesis still shrinks the seeds (and prints each step).
_SEEDS = st.integers(0, 2**32 - 1)
_CLASSES = ("1班", "1班", "2班", "9班")


def _mostly(
    rnd: random.Random, full: frozenset[str], extra: tuple[str, ...] = ()
) -> frozenset[str]:
    """The complete set most of the time, otherwise any subset (possibly with extras)."""
    if rnd.random() < 0.85:
        return full
    return frozenset(k for k in sorted(full | set(extra)) if rnd.random() < 0.5)


def _mostly_true(rnd: random.Random) -> bool:
    return rnd.random() < 0.9


def _next_on(day: dt.date, month: int, dom: int) -> dt.date:
    """The first ``month``-``dom`` on or after ``day``."""
    this = dt.date(day.year, month, dom)
    return this if this >= day else dt.date(day.year + 1, month, dom)


def _years_near(year: int) -> list[int]:
    """Years one below, equal and one above ``year`` in the same phase (compulsory 1–9, senior 10–12)."""
    lo, hi = (1, 9) if year <= 9 else (10, 12)
    return [y for y in (year - 1, year, year + 1) if lo <= y <= hi]


def _likely(rec: Record) -> tuple[type[StatusEvent], ...]:
    """The events that fit the record's state (drawn half of the time)."""
    if rec.transfer is not None:
        return (TransferAct, TransferAct, TransferAct, Promote)
    by_status: dict[Status, tuple[type[StatusEvent], ...]] = {
        Status.ENROLLED: (
            TransferRequest, TransferRequest, Suspend, OtherDeparture, MarkSuspectedDropout,
            MarkDropout, Promote, Promote, Graduate, Retain, Demote, ProvisionalDropout,
        ),
        Status.SUSPENDED: (Resume, Resume, ExtendSuspension, OtherDeparture, TransferRequest),
        Status.SUSPECTED_DROPOUT: (ReturnToSchool, MarkDropout, ReturnToSchool, ProvisionalDropout),
        Status.DROPPED_OUT: (ReturnToSchool,),
        Status.OTHER_DEPARTURE: (ReturnToSchool,),
        Status.GRADUATED: (RollbackGraduation, Promote, TransferRequest),
    }  # fmt: skip
    return by_status.get(rec.status, ALL_EVENT_TYPES)


@st.composite
def next_step(
    draw: st.DrawFn, rec: Record, today: dt.date, schools: Sequence[School]
) -> tuple[dt.date, StatusEvent]:
    """The next act on ``rec``: its date (on or after ``today``; may pass :data:`LAST_ACT`, the
    caller stops there) and the event, with realistic parameters."""
    return step_from_seed(draw(_SEEDS), rec, today, schools)


def step_from_seed(
    seed: int, rec: Record, today: dt.date, schools: Sequence[School]
) -> tuple[dt.date, StatusEvent]:
    """:func:`next_step`'s step for one seed (deterministic)."""
    rnd = random.Random(seed)
    if rnd.random() < 0.015:
        kind: type[StatusEvent] = Death
    else:
        kind = rnd.choice(_likely(rec) if rnd.random() < 0.6 else _NOT_DEATH)
    sn = rec.student.student_number
    if kind is Promote:
        on = rnd.choice((_next_on(today, 8, 10), _next_on(today, 8, 10), today))
    elif kind is Graduate:
        july_end = _next_on(today, 7, 30)
        first = max(today, july_end.replace(day=1))
        if rnd.random() < 0.5:
            on = first + dt.timedelta(days=rnd.randint(0, (july_end - first).days))
        else:
            on = today + dt.timedelta(days=rnd.randint(0, 60))
    else:
        r = rnd.random()
        gap = (
            rnd.randint(0, 15)
            if r < 0.45
            else rnd.randint(0, 120)
            if r < 0.85
            else rnd.randint(90, 400)
        )
        on = today + dt.timedelta(days=gap)
    others = [s for s in schools if s.code != rec.school_code]
    event: StatusEvent
    if kind is TransferRequest:
        fitting = [s for s in others if s.offers(rec.grade.with_system(s.system))]
        to = rnd.choice(fitting or others)
        to_grade = None
        if rnd.random() < 0.2:
            to_grade = Grade.from_year(rnd.choice(_years_near(rec.grade.year)), to.system)
        event = TransferRequest(
            student=sn,
            to_school=to.code,
            to_class=rnd.choice(_CLASSES),
            to_grade=to_grade,
            materials=_mostly(rnd, TRANSFER_KEYS),
        )
    elif kind is TransferAct:
        event = TransferAct(
            student=sn, party=rnd.choice(tuple(TransferParty)), approve=_mostly_true(rnd)
        )
    elif kind is Suspend:
        event = Suspend(
            student=sn,
            materials=_mostly(rnd, SUSPENSION_KEYS),
            advised_rest_months=rnd.randint(3, 12) if rnd.random() < 0.7 else rnd.randint(0, 5),
            school_agrees=_mostly_true(rnd),
            authority_approves=_mostly_true(rnd),
            filed_with_prefecture=_mostly_true(rnd),
        )
    elif kind is ExtendSuspension:
        event = ExtendSuspension(
            student=sn, materials=_mostly(rnd, EXTENSION_KEYS), school_agrees=_mostly_true(rnd)
        )
    elif kind is Resume:
        keys = _mostly(rnd, RESUMPTION_KEYS, (DOCTOR_ADVICE,))
        if rnd.random() < 0.5:
            keys = keys | {DOCTOR_ADVICE}
        resumed = None
        if rnd.random() < 0.3:
            year = rnd.choice(_years_near(rec.grade.year))
            resumed = Grade.from_year(year, rnd.choice(tuple(SchoolSystem)))
        event = Resume(
            student=sn,
            materials=keys,
            school_agrees=_mostly_true(rnd),
            authority_approves=_mostly_true(rnd),
            grade=resumed,
        )
    elif kind is OtherDeparture:
        reason = rnd.choice(tuple(DepartureReason))
        since = None
        if reason is DepartureReason.UNEXPLAINED_ABSENCE:
            since = max(on - dt.timedelta(days=rnd.randint(0, 200)), rec.enrolled_on)
        event = OtherDeparture(
            student=sn,
            reason=reason,
            absent_since=since,
            unreachable=_mostly_true(rnd),
            guardian_contacted=_mostly_true(rnd),
        )
    elif kind is MarkSuspectedDropout:
        event = MarkSuspectedDropout(
            student=sn,
            family_reasons=_mostly_true(rnd),
            mobilised=_mostly_true(rnd),
            reported_in_writing=_mostly_true(rnd),
        )
    elif kind is MarkDropout:
        event = MarkDropout(
            student=sn,
            family_reasons=_mostly_true(rnd),
            mobilised=_mostly_true(rnd),
            explicitly_quit=rnd.random() < 0.5,
            reported_in_writing=_mostly_true(rnd),
        )
    elif kind is ProvisionalDropout:
        event = ProvisionalDropout(
            student=sn,
            absent_since=max(on - dt.timedelta(days=rnd.randint(0, 200)), rec.enrolled_on),
            unreachable=_mostly_true(rnd),
            reported_in_writing=_mostly_true(rnd),
        )
    elif kind is ReturnToSchool:
        fitting = [s for s in others if s.offers(rec.grade.with_system(s.system))]
        target = rnd.choice((None, None, *fitting)) if rnd.random() < 0.9 else rnd.choice(others)
        at = target if target is not None else _school_of(rec, schools)
        years = [y for y in _years_near(rec.grade.year) if at.offers(Grade.from_year(y, at.system))]
        given = None
        if years and rnd.random() < 0.5:
            given = Grade.from_year(rnd.choice(years), at.system)
        event = ReturnToSchool(
            student=sn,
            grade=given,
            school_code=None if target is None else target.code,
            class_name=None if target is None else rnd.choice(("1班", "2班")),
        )
    elif kind is Death:
        died = on - dt.timedelta(
            days=rnd.randint(0, 14) if rnd.random() < 0.7 else rnd.randint(0, 60)
        )
        event = Death(student=sn, died_on=max(died, rec.enrolled_on), proof=_mostly_true(rnd))
    elif kind is Retain:
        event = Retain(student=sn, materials=RETENTION_KEYS if _mostly_true(rnd) else ())
    else:
        event = kind(student=sn)
    return on, event


def _school_of(rec: Record, schools: Sequence[School]) -> School:
    return next(s for s in schools if s.code == rec.school_code)
