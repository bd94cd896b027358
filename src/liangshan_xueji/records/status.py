"""The status machine: the events (学籍异动), the context of an act, ``evaluate`` and ``apply``.

``Status`` itself is defined in :mod:`~liangshan_xueji.records.models` (a ``Record`` holds one) and re-exported
here, so ``liangshan_xueji.records.status.Status`` is the name the design brief gives.

学籍状态机。A :class:`~liangshan_xueji.records.models.Record` changes only through an event:
:func:`evaluate` says whether the event is allowed, with every reason and its clause; :func:`apply` returns
the new record (its history one entry longer) or raises :class:`~liangshan_xueji.errors.PolicyViolation`
carrying the refusal. A refused event changes nothing, and nothing is ever deleted (clause 1.5).

Each event type has one rule (in :mod:`liangshan_xueji.policy`) marked with :func:`rule`, one
transition marked with :func:`transition`, and one row of the status machine
(:data:`liangshan_xueji.records.machine.TRANSITIONS`): the statuses it may happen in and the status it
leaves. Before the rule runs, :func:`evaluate` checks what holds for every event: the event is for this
record's student, the act is not dated before the record's last event nor before the regulation
(2016-08-11, clause 8.4), a 死亡 record accepts nothing more (2.5), and the record's status is one of
the row's.
"""

from __future__ import annotations

import datetime as _dt
import enum
import warnings
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from .._validators import Unconverted, check_date, check_int, check_type, count, of, text
from ..calendar.workdays import WorkCalendar, deadline
from ..decisions import Deadline, Decision
from ..errors import InvalidInput
from ..law.parameters import DEFAULT_PARAMETERS, IN_FORCE, ParameterSet
from .convert import to_date
from .materials import (
    extension_materials,
    resumption_materials,
    retention_materials,
    suspension_materials,
    transfer_materials,
)
from .models import Event, Grade, HistoryEntry, Record, School, Status, StudentNumber

__all__ = [
    "Context",
    "Death",
    "Demote",
    "DepartureReason",
    "ExtendSuspension",
    "Graduate",
    "MarkDropout",
    "MarkSuspectedDropout",
    "OtherDeparture",
    "Promote",
    "ProvisionalDropout",
    "Resume",
    "Retain",
    "RetentionCount",
    "ReturnToSchool",
    "RollbackGraduation",
    "SeniorCohort",
    "Status",
    "StatusEvent",
    "Suspend",
    "TransferAct",
    "TransferParty",
    "TransferRequest",
    "add_months",
    "rule",
    "school_year",
    "transition",
]


# ---------------------------------------------------------------------------------------------------
# Dates


def add_months(day: _dt.date, months: int) -> _dt.date:
    """``day`` plus ``months`` calendar months (dateutil's ``relativedelta``).

    At a month's end the day is clipped to the last day of the target month: 2020-01-31 + 1 month is
    2020-02-29, 2021-01-31 + 1 month is 2021-02-28, 2020-08-31 + 3 months is 2020-11-30. This is how the
    library reads "3 个月" (2.2.1, 2.4.2) and "一年" (2.2.3). A ``day`` that is not a date, ``months``
    that is not an int, or a result outside the years 1–9999 raises :class:`InvalidInput`.
    """
    check_date(day, "day")
    check_int(months, "months")
    if abs(months) > 12 * _dt.MAXYEAR:
        result = None
    else:
        try:
            result = day + relativedelta(months=months)
        except (OverflowError, ValueError):
            result = None
    if result is None:
        raise InvalidInput(
            f"{day} 加 {months} 个月超出了日期范围（1–9999 年）",
            f"{day} plus {months} months is outside the dates (years 1–9999)",
            where="months",
        )
    return result


def school_year(on: _dt.date) -> int:
    """The school year (学年) an act falls in, named by the year it starts.

    The national system promotes students at 8-10 24:00 (clause 3.1), so a school year runs from 8-11 to
    the next 8-10: ``school_year(2020-09-01) == 2020``, ``school_year(2021-08-10) == 2020``.
    """
    check_date(on, "on")
    return on.year if (on.month, on.day) > (8, 10) else on.year - 1


_of = of
_text = text
_count = count
_check_day = check_date


# ---------------------------------------------------------------------------------------------------
# Validators: bad input raises InvalidInput (Chinese, then English) naming the field, never echoing
# the value (it may be a student number: clauses 7.1, 8.2).


# ---------------------------------------------------------------------------------------------------
# Context


@attrs.frozen(kw_only=True)
class SeniorCohort:
    """One senior cohort (级) of one school, the figures clause 2.3's 2 % cap is computed on.

    The cohort ``entered`` is the students who entered senior 1 (高一) at the school in school year
    ``entered`` (the year's 高一 roster, 1.3/6.2); its three senior years are ``entered`` …
    ``entered + 2``. ``size`` is the cohort's size **at entry** (its 高一 roster); ``retained`` is how
    many of its members have been retained (留级) so far, each retention once. The cohort a retention
    counts against is the one the student leaves: the grade line they are in when retained (a student
    who joined the line by a transfer or an earlier retention counts with it). The caller keeps
    ``retained`` up to date with each retention it makes.
    """

    school_code: str = attrs.field(validator=_text())
    entered: int = attrs.field(validator=_of(int))
    size: int = attrs.field(validator=_count)
    retained: int = attrs.field(default=0, validator=_count)

    def __attrs_post_init__(self) -> None:
        if not _dt.MINYEAR <= self.entered <= _dt.MAXYEAR - 3:
            raise InvalidInput(
                f"入学学年 {self.entered} 超出日期范围",
                f"the school year of entry {self.entered} is outside the dates",
                where="SeniorCohort.entered",
            )
        if self.retained > self.size:
            raise InvalidInput(
                f"留级人数 {self.retained} 多于该级入学人数 {self.size}",
                f"{self.retained} retained is more than the cohort's {self.size} students at entry",
                where="SeniorCohort.retained",
            )


@attrs.frozen(kw_only=True)
class RetentionCount:
    """Deprecated: one school year of one senior grade of one school, its students and how many were
    retained into it. Use :class:`SeniorCohort` (``Context.cohorts``): clause 2.3's cap is read per
    cohort. A ``Context`` given these rows still answers, reading each cohort from them (its size at
    entry: the senior-1 row of its year of entry; its retentions: the rows of retentions out of it).
    """

    school_code: str = attrs.field(validator=_text())
    grade_year: int = attrs.field(validator=_of(int))
    school_year: int = attrs.field(validator=_of(int))
    students: int = attrs.field(validator=_count)
    retained: int = attrs.field(validator=_count)

    def __attrs_post_init__(self) -> None:
        if not 10 <= self.grade_year <= 12:
            raise InvalidInput(
                f"高中年级序号应为 10–12，得到 {self.grade_year}",
                f"a senior grade year is 10–12, got {self.grade_year}",
                where="RetentionCount.grade_year",
            )
        if self.retained > self.students:
            raise InvalidInput(
                f"留级人数 {self.retained} 多于年级学生数 {self.students}",
                f"{self.retained} retained is more than the grade's {self.students} students",
                where="RetentionCount.retained",
            )


def _to_schools(value: Mapping[str, School] | Iterable[School]) -> Mapping[str, School]:
    if isinstance(value, Mapping):
        items = dict(value)
    else:
        items = {}
        try:
            schools = list(value)
        except TypeError:
            raise InvalidInput(
                f"schools 应为学校的集合或以代码为键的映射，得到 {type(value).__name__}",
                f"schools must be schools or a mapping of codes to schools, got "
                f"{type(value).__name__}",
                where="Context.schools",
            ) from None
        for school in schools:
            if not isinstance(school, School):
                raise InvalidInput(
                    f"schools 中应为 School，得到 {type(school).__name__}",
                    f"schools must hold School objects, got {type(school).__name__}",
                    where="Context.schools",
                )
            items[school.code] = school
    for code, school in items.items():
        if not isinstance(school, School) or school.code != code:
            raise InvalidInput(
                f"学校代码 {code!r} 与学校不符",
                f"school code {code!r} does not match its school",
                where="Context.schools",
            )
    return MappingProxyType(items)


def _schools_key(schools: Mapping[str, School]) -> frozenset[tuple[str, School]]:
    """What equality and the hash of a context compare of its schools (a context is a value)."""
    return frozenset(schools.items())


def _to_counts(value: object) -> object:
    """A tuple of the items; anything else is left for the validator to report."""
    if isinstance(value, (str, bytes)):
        return value
    try:
        return tuple(value)  # type: ignore[arg-type]
    except TypeError:
        return value


def _counts(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(r, RetentionCount) for r in value):
        raise InvalidInput(
            "retention_history 应为 RetentionCount 的序列",
            "retention_history must be a sequence of RetentionCount",
            where="Context.retention_history",
        )


def _to_cohorts(value: object) -> object:
    return _to_counts(value)


def _cohorts(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(c, SeniorCohort) for c in value):
        raise InvalidInput(
            "cohorts 应为 SeniorCohort 的序列",
            "cohorts must be a sequence of SeniorCohort",
            where="Context.cohorts",
        )
    seen: set[tuple[str, int]] = set()
    for i, c in enumerate(value):
        if (c.school_code, c.entered) in seen:
            raise InvalidInput(
                f"学校 {c.school_code} 的 {c.entered} 级重复出现",
                f"the {c.entered} cohort of school {c.school_code} appears twice",
                where=f"Context.cohorts[{i}]",
            )
        seen.add((c.school_code, c.entered))


def _cohort_from_counts(
    rows: tuple[RetentionCount, ...], school_code: str, entered: int
) -> SeniorCohort | None:
    """The cohort read from deprecated per-grade rows: its size at entry is the senior-1 row of its
    year of entry; its retentions are the retentions out of its grade line (into grade ``g`` in
    school year ``y`` for ``y - (g + 1 - 10) == entered``)."""
    mine = [r for r in rows if r.school_code == school_code]
    entry_rows = [r for r in mine if r.grade_year == 10 and r.school_year == entered]
    if not entry_rows:
        return None
    retained = sum(r.retained for r in mine if r.school_year - (r.grade_year + 1 - 10) == entered)
    size = entry_rows[0].students
    return SeniorCohort(
        school_code=school_code, entered=entered, size=size, retained=min(retained, size)
    )


def _on_validator(_inst: object, _attr: attrs.Attribute[_dt.date], value: _dt.date) -> None:
    if isinstance(value, Unconverted):  # text that is not a YYYY-MM-DD date
        value.raise_at("Context.on")
    _check_day(value, "Context.on")
    if value < IN_FORCE:
        raise InvalidInput(
            f"操作日期 {value} 早于本规定施行日 {IN_FORCE}（8.4）",
            f"the act's date {value} is before the regulation took effect on {IN_FORCE} (8.4)",
            where="Context.on",
        )


@attrs.frozen(kw_only=True)
class Context:
    """What an act is judged against: its date, the schools, the calendar and the parameters.

    ``on`` is the date of the act (policy code never reads the clock; a ``date`` or ISO
    ``YYYY-MM-DD`` text, :func:`~liangshan_xueji.records.convert.to_date`). ``schools`` maps school codes to
    :class:`~liangshan_xueji.records.models.School` (an iterable of schools is accepted too). ``calendar``
    defaults to :meth:`WorkCalendar.default`; ``parameters`` to the regulation's own.
    ``provisional_deadlines`` lets a working-day deadline that runs past the holiday data be estimated
    and marked provisional instead of raising :class:`~liangshan_xueji.errors.CalendarDataMissing`.
    ``cohorts`` are the senior cohorts (:class:`SeniorCohort`) clause 2.3's 2 % cap is computed on.
    ``retention_history`` (per-grade :class:`RetentionCount` rows) is deprecated: a context given it
    warns and reads the cohorts from it (:meth:`cohort`).
    """

    on: _dt.date = attrs.field(converter=to_date, validator=_on_validator)
    schools: Mapping[str, School] = attrs.field(
        factory=dict, converter=_to_schools, eq=_schools_key
    )
    calendar: WorkCalendar | None = attrs.field(
        default=None, validator=_of(WorkCalendar, optional=True)
    )
    parameters: ParameterSet = attrs.field(default=DEFAULT_PARAMETERS, validator=_of(ParameterSet))
    provisional_deadlines: bool = attrs.field(default=False, validator=_of(bool))
    retention_history: tuple[RetentionCount, ...] = attrs.field(
        default=(), converter=_to_counts, validator=_counts
    )
    cohorts: tuple[SeniorCohort, ...] = attrs.field(
        default=(), converter=_to_cohorts, validator=_cohorts
    )

    def __attrs_post_init__(self) -> None:
        if self.retention_history:
            warnings.warn(
                "Context(retention_history=RetentionCount…) 已弃用，请改用 "
                "cohorts=SeniorCohort…（2.3 的 2% 按每一级学生计算） / Context(retention_history="
                "RetentionCount…) is deprecated: use cohorts=SeniorCohort… (2.3's 2 % cap is read "
                "per cohort)",
                DeprecationWarning,
                stacklevel=3,
            )

    def cohort(self, school_code: str, entered: int) -> SeniorCohort | None:
        """The senior cohort of ``school_code`` that entered senior 1 in school year ``entered``, or
        ``None`` when the context has no figures for it (2.3). From :attr:`cohorts`, else read from
        the deprecated :attr:`retention_history`."""
        check_type(school_code, "school_code", str)
        check_int(entered, "entered")
        for c in self.cohorts:
            if c.school_code == school_code and c.entered == entered:
                return c
        return _cohort_from_counts(self.retention_history, school_code, entered)

    def school(self, code: str, *, where: str = "school") -> School:
        """The school with this code; :class:`InvalidInput` if the context does not know it."""
        check_type(code, where, str)
        found = self.schools.get(code)
        if found is None:
            raise InvalidInput(
                f"上下文中没有代码为 {code!r} 的学校",
                f"no school with code {code!r} in the context",
                where=where,
            )
        return found

    @property
    def work_calendar(self) -> WorkCalendar:
        """The calendar to count working days with."""
        return self.calendar if self.calendar is not None else WorkCalendar.default()

    def int_param(self, name: str) -> int:
        """An integer parameter in force on the act's date."""
        return self.parameters.int_value(name, self.on)

    def optional_int_param(self, name: str) -> int | None:
        """An integer parameter in force on the act's date, ``None`` while it is not set (未设定)."""
        return self.parameters.optional_int(name, self.on)

    def workday_deadline(self, clause: str, start: _dt.date, parameter: str) -> Deadline:
        """A deadline ``parameter`` working days after ``start`` (the start day not counted)."""
        return deadline(
            start,
            self.int_param(parameter),
            calendar=self.work_calendar,
            provisional=self.provisional_deadlines,
            clause=clause,
        )

    def at(self, on: _dt.date) -> Context:
        """The same context on another date."""
        return attrs.evolve(self, on=on)


# ---------------------------------------------------------------------------------------------------
# Events


@attrs.frozen(kw_only=True)
class StatusEvent(Event):
    """Base of the 学籍异动 events: each names the student it is for (checked against the record)."""

    about_student: ClassVar[bool] = True

    student: StudentNumber = attrs.field(validator=_of(StudentNumber))


class TransferParty(enum.Enum):
    """The three parties that act on a transfer after the receiving school starts it (2.1)."""

    RECEIVING_AUTHORITY = "转入地学籍主管部门"
    SENDING_SCHOOL = "转出学校"
    SENDING_AUTHORITY = "转出地学籍主管部门"


@attrs.frozen(kw_only=True)
class TransferRequest(StatusEvent, kind="transfer.request"):
    """The receiving school starts a transfer (转学, 2.1) with the materials of 2.1.1
    (:class:`~liangshan_xueji.records.materials.TransferMaterial`; an unknown key is refused).

    ``to_grade`` defaults to the same year under the receiving school's 学制 (2.1.5).
    """

    to_school: str = attrs.field(validator=_text())
    to_class: str = attrs.field(validator=_text())
    to_grade: Grade | None = attrs.field(default=None, validator=_of(Grade, optional=True))
    materials: frozenset[str] = attrs.field(factory=frozenset, converter=transfer_materials)


@attrs.frozen(kw_only=True)
class TransferAct(StatusEvent, kind="transfer.act"):
    """One party acts on an open transfer: approves it or refuses it (2.1, 2.1.4)."""

    party: TransferParty = attrs.field(validator=_of(TransferParty))
    approve: bool = attrs.field(default=True, validator=_of(bool))


@attrs.frozen(kw_only=True)
class Suspend(StatusEvent, kind="suspension.start"):
    """休学 for illness (2.2.1): the evidence supplied, the rest the hospital advised, the approvals."""

    materials: frozenset[str] = attrs.field(factory=frozenset, converter=suspension_materials)
    advised_rest_months: int = attrs.field(default=0, validator=_count)
    school_agrees: bool = attrs.field(default=False, validator=_of(bool))
    authority_approves: bool = attrs.field(default=False, validator=_of(bool))
    filed_with_prefecture: bool = attrs.field(default=False, validator=_of(bool))


@attrs.frozen(kw_only=True)
class ExtendSuspension(StatusEvent, kind="suspension.extend"):
    """继续休学 (2.2.4): new medical evidence and the school's consent."""

    materials: frozenset[str] = attrs.field(factory=frozenset, converter=extension_materials)
    school_agrees: bool = attrs.field(default=False, validator=_of(bool))


@attrs.frozen(kw_only=True)
class Resume(StatusEvent, kind="suspension.resume"):
    """复学 (2.2.2, 2.2.3): ``grade`` defaults to the grade the student left; never lower (2.2.5)."""

    materials: frozenset[str] = attrs.field(factory=frozenset, converter=resumption_materials)
    school_agrees: bool = attrs.field(default=False, validator=_of(bool))
    authority_approves: bool = attrs.field(default=False, validator=_of(bool))
    grade: Grade | None = attrs.field(default=None, validator=_of(Grade, optional=True))


class DepartureReason(enum.Enum):
    """Why a record is set to 其他离校."""

    UNEXPLAINED_ABSENCE = "离校未告知原因且联系不上"  # 2.4.2, 1.5
    SUSPENSION_EXPIRED = "休学期满未复学"  # 2.2.3


@attrs.frozen(kw_only=True)
class OtherDeparture(StatusEvent, kind="departure.other"):
    """其他离校 (2.4.2, 2.2.3, 1.5)."""

    reason: DepartureReason = attrs.field(validator=_of(DepartureReason))
    absent_since: _dt.date | None = attrs.field(
        default=None, validator=_of(_dt.date, optional=True)
    )
    unreachable: bool = attrs.field(default=False, validator=_of(bool))
    guardian_contacted: bool = attrs.field(default=False, validator=_of(bool))


@attrs.frozen(kw_only=True)
class MarkSuspectedDropout(StatusEvent, kind="dropout.suspected"):
    """疑似辍学 (2.4.2): family reasons, the school's mobilisation, the written report of 2.4.1."""

    family_reasons: bool = attrs.field(default=False, validator=_of(bool))
    mobilised: bool = attrs.field(default=False, validator=_of(bool))
    reported_in_writing: bool = attrs.field(default=False, validator=_of(bool))


@attrs.frozen(kw_only=True)
class MarkDropout(StatusEvent, kind="dropout"):
    """辍学 (2.4.1, 2.4.2): as 疑似辍学, or the student has said clearly they will not study.
    ``migrant_child``: a child of migrant workers (外来务工人员随迁子女), whose archive goes to the
    education department of the 户籍's county at the term's end (2.4.1)."""

    family_reasons: bool = attrs.field(default=False, validator=_of(bool))
    mobilised: bool = attrs.field(default=False, validator=_of(bool))
    explicitly_quit: bool = attrs.field(default=False, validator=_of(bool))
    reported_in_writing: bool = attrs.field(default=False, validator=_of(bool))
    migrant_child: bool = attrs.field(default=False, validator=_of(bool))


@attrs.frozen(kw_only=True)
class ProvisionalDropout(StatusEvent, kind="dropout.provisional"):
    """暂做辍学 (1.5): a student long away from school (``absent_since``; more than the 3 months of
    2.4.2) whose family cannot be reached (``unreachable``) may be set to 辍学 for the time being; a
    compulsory-stage one is reported in writing (2.4.1). The record is kept and the student returns
    to the matching grade (2.4.3). ``migrant_child`` as for :class:`MarkDropout`."""

    absent_since: _dt.date = attrs.field(validator=_of(_dt.date))
    unreachable: bool = attrs.field(default=False, validator=_of(bool))
    reported_in_writing: bool = attrs.field(default=False, validator=_of(bool))
    migrant_child: bool = attrs.field(default=False, validator=_of(bool))


@attrs.frozen(kw_only=True)
class ReturnToSchool(StatusEvent, kind="return"):
    """返校 (2.4.3): back to the matching grade, never lower; optionally at another school."""

    grade: Grade | None = attrs.field(default=None, validator=_of(Grade, optional=True))
    school_code: str | None = attrs.field(default=None, validator=_text(optional=True))
    class_name: str | None = attrs.field(default=None, validator=_text(optional=True))


@attrs.frozen(kw_only=True)
class Death(StatusEvent, kind="death"):
    """死亡 (2.5): reported with proof within 10 working days of the day the school obtains the proof
    (``proof_obtained_on``; ``None``: not known, and the count starts from the death); never undone."""

    died_on: _dt.date = attrs.field(validator=_of(_dt.date))
    proof: bool = attrs.field(default=False, validator=_of(bool))
    proof_obtained_on: _dt.date | None = attrs.field(
        default=None, validator=_of(_dt.date, optional=True)
    )


@attrs.frozen(kw_only=True)
class Graduate(StatusEvent, kind="graduation"):
    """毕业 (3.1): only in a graduation year, done by 7-30."""


@attrs.frozen(kw_only=True)
class RollbackGraduation(StatusEvent, kind="graduation.rollback"):
    """回退毕业生 (3.1): refused — primary 6 and junior 3 graduates are never rolled back."""


@attrs.frozen(kw_only=True)
class Promote(StatusEvent, kind="promotion"):
    """升级 (3.1): the national system's promotion of non-graduating grades at 8-10 24:00."""


@attrs.frozen(kw_only=True)
class Retain(StatusEvent, kind="retention"):
    """留级 (2.3): the student repeats the grade just finished. Senior only, on the student's own
    application (“高中阶段学生可以申请留级”: :class:`~liangshan_xueji.records.materials.RetentionMaterial`
    ``retention_application``), under the 2 % cap of the student's cohort."""

    materials: frozenset[str] = attrs.field(factory=frozenset, converter=retention_materials)


@attrs.frozen(kw_only=True)
class Demote(StatusEvent, kind="demotion"):
    """降级 (2.3): never in compulsory education."""


# ---------------------------------------------------------------------------------------------------
# Markers: a rule module declares which event a function judges or applies. Nothing is registered here:
# :class:`liangshan_xueji.policy.regulation.Regulation` collects the marked functions of the modules it
# is built from (explicit loading; no behaviour depends on import order).

_E = TypeVar("_E", bound=StatusEvent)
RuleFn = Callable[[Record, Any, Context], Decision]
TransitionFn = Callable[[Record, Any, Context], Record]

#: The attribute a marked function carries: ``("rule" | "transition", event type)``.
MARK = "__xueji_event__"


def rule(
    event_type: type[_E],
) -> Callable[
    [Callable[[Record, _E, Context], Decision]], Callable[[Record, _E, Context], Decision]
]:
    """Mark the rule that judges ``event_type`` (one per type in a regulation)."""

    def mark(
        fn: Callable[[Record, _E, Context], Decision],
    ) -> Callable[[Record, _E, Context], Decision]:
        setattr(fn, MARK, ("rule", event_type))
        return fn

    return mark


def transition(
    event_type: type[_E],
) -> Callable[[Callable[[Record, _E, Context], Record]], Callable[[Record, _E, Context], Record]]:
    """Mark the transition that applies an allowed ``event_type`` (one per type in a regulation)."""

    def mark(
        fn: Callable[[Record, _E, Context], Record],
    ) -> Callable[[Record, _E, Context], Record]:
        setattr(fn, MARK, ("transition", event_type))
        return fn

    return mark


def entry(record: Record, event: Event, context: Context, **after: Any) -> HistoryEntry:
    """The history entry of ``event`` on ``context.on``, with the state after it — the student's
    teaching mode too (6.1): ``after["mode"]``, else the record's ``mode``, else its class's at its
    school (:meth:`~liangshan_xueji.records.models.School.class_mode`), so that the history says which
    mode the student was in; ``None`` when none is known."""
    school_code = after.get("school_code", record.school_code)
    grade = after.get("grade", record.grade)
    mode = after.get("mode", record.mode)
    if mode is None and "mode" not in after and school_code == record.school_code:
        school = context.schools.get(school_code)
        if school is not None:
            mode = school.class_mode(grade, record.class_name)
    return HistoryEntry(
        on=context.on,
        event=event,
        status=after.get("status", record.status),
        school_code=school_code,
        grade=grade,
        mode=mode,
    )
