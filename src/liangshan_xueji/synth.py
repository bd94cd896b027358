"""Deterministic synthetic rosters modelled on Liangshan, with seeded breaches and their ground truth.

合成名册。:func:`synthesize` writes ``roster.csv``, ``events.csv``, ``schools.csv`` (the format of
:mod:`liangshan_xueji.io.roster`), ``truth.csv`` (the breaches seeded: clause, school, student number) and
``manifest.json`` into a directory. The same arguments give the same bytes.

The roster is modelled on 凉山州: the 17 counties and cities (``LIANGSHAN_COUNTIES``) with their
6-digit region codes ``5134xx``, weighted by size; primary, junior, nine-year, senior and complete
secondary schools of both 学制 (六三制, some 五四制) and both teaching modes (一类模式 mostly in the
Yi counties, 二类模式, a few 其他), some provincial model senior highs; classes of at most 44; valid ID
numbers (``IdentityNumber.build``) whose birth dates fit the grade; G, L and J student numbers; Yi, Han
and Tibetan names.

- **Stories** (:data:`STORIES`): about ``story_rate`` of the students have a lawful history made by
  applying real events through :func:`~liangshan_xueji.records.status.apply` (transfers completed and open,
  休学 open, extended and resumed, dropouts and returns, 其他离校, deaths reported on time, last year's
  graduates): the audit must find nothing in them.
- **Breaches** (:data:`SEEDERS`): about ``breach_rate`` of the students carry a breach, made by a
  seeder registered for the clause with :func:`seeder`. Every seeder is used at least once, so every
  registered check is exercised; each seeder returns the records it made and the truth rows it expects
  the audit to find. Breaches that the rules refuse are written into the history directly (as a school
  system would have recorded them). Some seeders make no breach but a notice the audit must list:
  students this regulation does not govern (8.5, lawful: a Taiwan resident's permit number 830000…, a
  foreign J student) and data that contradict each other (a student's own mode the school does not
  run, 6.1).
- **Lawful data of clauses 4 and 6.1**: a G student whose ID number was corrected (4: the ``student.change`` in
  ``events.csv``; the G number keeps the old ID number) is a story; one school labelled 二类 runs a
  一类 class (``1班`` of each grade; ``modes`` in ``schools.csv``, each of its rows gives its ``mode``).

To cover a check you add, register a seeder for its clause (``@seeder("1.3")``) and regenerate the
example roster (``xueji synth --students 300 --seed 2016 --out src/liangshan_xueji/data/example_roster``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import math
import random
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from .calendar.workdays import WorkCalendar
from .errors import InvalidInput, PolicyViolation
from .io.roster import ROSTER_COLUMNS, RosterWriter, write_schools
from .law.parameters import IN_FORCE
from .policy import apply
from .policy.keydata import StudentField, change_student_data
from .policy.suspension import EXTENSION_MATERIALS, RESUMPTION_MATERIALS, SUSPENSION_MATERIALS
from .policy.transfer import TRANSFER_MATERIALS
from .records.models import (
    LIANGSHAN_COUNTIES,
    LIANGSHAN_COUNTY_CODES,
    ClassInfo,
    Event,
    Grade,
    Guardian,
    HistoryEntry,
    IdentityNumber,
    Origin,
    Record,
    School,
    SchoolSystem,
    Stage,
    Status,
    Student,
    StudentNumber,
    SuspensionPeriod,
    TeachingMode,
)
from .records.status import (
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
    Resume,
    Retain,
    ReturnToSchool,
    RollbackGraduation,
    Suspend,
    TransferAct,
    TransferParty,
    TransferRequest,
    add_months,
    school_year,
)

__all__ = [
    "DEFAULT_AS_OF",
    "FORCED_TRANSFERS",
    "SEEDERS",
    "STORIES",
    "SeedKit",
    "Seeded",
    "SynthSummary",
    "TruthRow",
    "read_truth",
    "seeder",
    "story",
    "synthesize",
]

#: The export date of synthetic rosters unless another is given (a Friday in June 2024).
DEFAULT_AS_OF = _dt.date(2024, 6, 14)
MIN_STUDENTS = 200

#: Region codes (行政区划代码) of the 17 counties and cities: the library's one table.
COUNTY_REGIONS: dict[str, str] = LIANGSHAN_COUNTY_CODES
assert set(COUNTY_REGIONS) == LIANGSHAN_COUNTIES

#: (relative number of students, share of Yi students) per county — rough, for realism only.
_COUNTY_PROFILE: dict[str, tuple[float, float]] = {
    "西昌市": (16, 0.2),
    "会理市": (7, 0.1),
    "木里藏族自治县": (2.5, 0.3),
    "盐源县": (7, 0.5),
    "德昌县": (4, 0.2),
    "会东县": (6, 0.1),
    "宁南县": (3, 0.1),
    "普格县": (4, 0.7),
    "布拖县": (5, 0.95),
    "金阳县": (4.5, 0.8),
    "昭觉县": (8, 0.98),
    "喜德县": (4, 0.85),
    "冕宁县": (6, 0.3),
    "越西县": (7, 0.8),
    "甘洛县": (4.5, 0.7),
    "美姑县": (7, 0.98),
    "雷波县": (5, 0.6),
}
_COUNTIES = sorted(COUNTY_REGIONS, key=lambda c: COUNTY_REGIONS[c])

_YI_SURNAMES = ("吉克", "阿苦", "沙马", "马海", "勒格", "俄木", "阿约", "海来", "吉伍", "曲比", "瓦其", "日色", "木嘎", "的日", "阿尔", "吉木")  # fmt: skip
_YI_GIVEN = ("阿呷", "曲布", "石一", "拉哈", "伍各", "阿支", "尔古", "伍呷", "子莫", "依作", "拉丁", "木牛", "阿果", "日哈", "克惹", "莫色")  # fmt: skip
_HAN_SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
_HAN_GIVEN = "子涵浩宇欣怡梓轩雨萱一诺思远佳怡俊杰婉婷志强明轩雅静文博嘉怡宇航诗琪晨曦天佑"
_TIBETAN = ("扎西", "卓玛", "次仁", "格桑", "拉姆", "多吉", "央金", "尼玛")
_TOWNS = (
    "城关镇",
    "新街镇",
    "河西乡",
    "大桥镇",
    "民胜乡",
    "四开乡",
    "解放乡",
    "竹核乡",
    "拖都乡",
    "三岔河乡",
)


# --------------------------------------------------------------------------------------------------
# Seeders and stories


@attrs.frozen(kw_only=True)
class TruthRow:
    """A breach the audit must find: its clause, school and student number ("" for a school finding)."""

    clause: str
    school_code: str
    student_number: str


@attrs.frozen(kw_only=True)
class Seeded:
    """What a seeder or a story made: the records (each written in its school's block) and the truth
    rows they carry (none for a story)."""

    records: tuple[Record, ...]
    truth: tuple[TruthRow, ...] = ()


SeedFn = Callable[["SeedKit"], "Seeded | None"]

#: The breach seeders, by the clause of the finding they make (several per clause are allowed).
SEEDERS: dict[str, list[SeedFn]] = {}
#: The lawful stories (histories the audit must accept).
STORIES: list[SeedFn] = []


def seeder(clause_id: str) -> Callable[[SeedFn], SeedFn]:
    """Register a breach seeder for ``clause_id``. 登记某条款的违规种子。

    ``fn(kit) -> Seeded | None`` makes the records of one breach with the :class:`SeedKit` (``None``
    when it cannot here); :func:`synthesize` calls every seeder at least once.
    """
    from .law.clauses import check_clause_id

    check_clause_id(clause_id, where="seeder()")

    def register(fn: SeedFn) -> SeedFn:
        SEEDERS.setdefault(clause_id, []).append(fn)
        return fn

    return register


def story(fn: SeedFn) -> SeedFn:
    """Register a lawful story (its records must raise no finding)."""
    STORIES.append(fn)
    return fn


class SynthError(Exception):
    """A seeder or a story could not be built (internal: the synthesizer tries another school)."""


# --------------------------------------------------------------------------------------------------
# The plan of schools


@attrs.frozen(kw_only=True)
class _Plan:
    school: School
    size: int  # planned number of students


_KINDS: tuple[tuple[str, frozenset[Stage], float, int], ...] = (
    ("小学", frozenset({Stage.PRIMARY}), 0.55, 330),
    ("九年一贯制学校", frozenset({Stage.PRIMARY, Stage.JUNIOR}), 0.14, 700),
    ("初级中学", frozenset({Stage.JUNIOR}), 0.15, 900),
    ("高级中学", frozenset({Stage.SENIOR}), 0.10, 1500),
    ("完全中学", frozenset({Stage.JUNIOR, Stage.SENIOR}), 0.06, 1300),
)

# (kind, county, system, mode, provincial model): fixed schools every roster has, so that every
# seeder and story finds the schools it needs.
_BASE: tuple[tuple[int, str, SchoolSystem, TeachingMode, bool], ...] = (
    (1, "西昌市", SchoolSystem.SIX_THREE, TeachingMode.MODEL_TWO, False),
    (1, "德昌县", SchoolSystem.SIX_THREE, TeachingMode.MODEL_TWO, False),
    (1, "昭觉县", SchoolSystem.SIX_THREE, TeachingMode.MODEL_ONE, False),
    (0, "美姑县", SchoolSystem.SIX_THREE, TeachingMode.MODEL_ONE, False),
    (1, "会理市", SchoolSystem.FIVE_FOUR, TeachingMode.MODEL_TWO, False),
    (3, "西昌市", SchoolSystem.SIX_THREE, TeachingMode.MODEL_TWO, True),
    (3, "冕宁县", SchoolSystem.SIX_THREE, TeachingMode.MODEL_TWO, False),
    (3, "美姑县", SchoolSystem.SIX_THREE, TeachingMode.MODEL_ONE, False),
    (4, "会东县", SchoolSystem.SIX_THREE, TeachingMode.MODEL_TWO, False),
    (0, "木里藏族自治县", SchoolSystem.SIX_THREE, TeachingMode.OTHER, False),
    (0, "喜德县", SchoolSystem.SIX_THREE, TeachingMode.MODEL_TWO, False),  # runs both (_MIXED)
)
#: The one school of :data:`_BASE` (its index) labelled 二类 that runs both modes (6.1): class 1班 of
#: each grade is 一类, the others 二类; every student's row gives its mode (the roster's ``mode``).
_MIXED = len(_BASE) - 1
#: The class of the mixed school's grades taught in 一类模式.
_MIXED_MODEL_ONE_CLASS = "1班"


def _years(school: School) -> list[int]:
    years: list[int] = []
    for stage in (Stage.PRIMARY, Stage.JUNIOR, Stage.SENIOR):
        if stage in school.stages:
            for y in range(1, 13):
                g = Grade.from_year(y, school.system)
                if g.stage is stage:
                    years.append(y)
    return years


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split by ``weights`` (largest remainder), deterministic."""
    s = sum(weights)
    if total <= 0 or s <= 0:
        return [0] * len(weights)
    raw = [total * w / s for w in weights]
    out = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _plan_schools(rng: random.Random, students: int) -> list[_Plan]:
    # every county and city has a school; then schools of about 560 students, by county size
    missing = [c for c in _COUNTIES if c not in {spec[1] for spec in _BASE}]
    n = max(len(_BASE) + len(missing), round(students / 560))
    specs: list[tuple[int, str, SchoolSystem, TeachingMode, bool]] = list(_BASE)
    county_weights = [_COUNTY_PROFILE[c][0] for c in _COUNTIES]
    while len(specs) < n:
        county = missing.pop(0) if missing else rng.choices(_COUNTIES, county_weights)[0]
        kind = rng.choices(range(len(_KINDS)), [k[2] for k in _KINDS])[0]
        yi = _COUNTY_PROFILE[county][1]
        system = (
            SchoolSystem.FIVE_FOUR
            if kind in (0, 1, 2) and rng.random() < 0.06
            else SchoolSystem.SIX_THREE
        )
        r = rng.random()
        mode = (
            TeachingMode.OTHER
            if r < 0.03
            else TeachingMode.MODEL_ONE
            if r < 0.03 + 0.4 * yi
            else TeachingMode.MODEL_TWO
        )
        provincial = kind == 3 and rng.random() < (0.4 if yi < 0.5 else 0.2)
        specs.append((kind, county, system, mode, provincial))
    counters: dict[str, int] = {}
    plans: list[_Plan] = []
    sizes = [_KINDS[k][3] * (0.6 + 0.8 * rng.random()) for k, *_ in specs]
    allotted = _split(students, sizes)
    for (kind, county, system, mode, provincial), size in zip(specs, allotted, strict=True):
        counters[county] = counters.get(county, 0) + 1
        seq = counters[county]
        code = f"{COUNTY_REGIONS[county]}{seq:04d}"
        kind_name, stages = _KINDS[kind][0], _KINDS[kind][1]
        name = f"{county}第{seq}{kind_name}"
        if mode is TeachingMode.MODEL_ONE:
            name = f"{county}第{seq}民族{kind_name}"
        school = School(
            code=code,
            name=name,
            county=county,
            stages=stages,
            system=system,
            mode=mode,
            provincial_model=provincial,
            modes=frozenset({mode, TeachingMode.MODEL_ONE}) if len(plans) == _MIXED else (),
        )
        plans.append(_Plan(school=school, size=size))
    return plans


def _runs_both(school: School) -> bool:
    """The school runs more than one teaching mode (the mixed school of :data:`_MIXED`)."""
    return len(school.modes) > 1


def _class_count(school: School, students: int) -> int:
    """How many classes a grade of ``students`` has: classes of at most 44; the mixed school has at
    least two (its 一类 class and a 二类 one)."""
    return max(2 if _runs_both(school) else 1, math.ceil(students / 44))


def _class_mode(school: School, class_name: str) -> TeachingMode | None:
    """The mode of a class of the mixed school (``None`` at any other school: its sole mode)."""
    if not _runs_both(school):
        return None
    return TeachingMode.MODEL_ONE if class_name == _MIXED_MODEL_ONE_CLASS else school.mode


def _classes(school: School, per_year: dict[int, int]) -> tuple[ClassInfo, ...]:
    out: list[ClassInfo] = []
    for year, count in sorted(per_year.items()):
        grade = Grade.from_year(year, school.system)
        sizes = _split(count, [1] * _class_count(school, count))
        for k, size in enumerate(sizes, start=1):
            name = f"{k}班"
            out.append(
                ClassInfo(
                    grade=grade, name=name, size=min(size, 40), mode=_class_mode(school, name)
                )
            )
    return tuple(out)


# --------------------------------------------------------------------------------------------------
# The kit given to seeders and stories


class SeedKit:
    """What a seeder or a story works with: the random generator, the as-of date, the schools (with
    their classes), fresh students, and events applied through the rules (:meth:`apply`) or written
    into the history as a school system would have recorded them (:meth:`force`)."""

    def __init__(
        self,
        rng: random.Random,
        as_of: _dt.date,
        schools: Sequence[School],
        planned: dict[tuple[str, int], int],
        ids: _IdMaker,
    ) -> None:
        self.rng = rng
        self.as_of = as_of
        self.schools = tuple(schools)
        self.planned = planned
        self.ids = ids
        self.year = school_year(as_of)
        # The national calendar: synthetic histories reach back years, and the prefecture's calendar
        # has years without a notice (docs/workdays.md); an audit of them passes the same calendar.
        self.calendar = WorkCalendar.national()
        self._context = Context(on=as_of, schools=self.schools, calendar=self.calendar)
        self.used: set[tuple[str, ...]] = set()

    # ---- schools and dates ---------------------------------------------------------------------

    def pick(self, pred: Callable[[School], bool], *, avoid: School | None = None) -> School:
        """A random school satisfying ``pred`` (not ``avoid``, nor the school running both modes,
        whose classes the stories and seeders do not know); :class:`SynthError` if none."""
        found = [s for s in self.schools if pred(s) and s is not avoid and not _runs_both(s)]
        if not found:
            raise SynthError("no school fits")
        return self.rng.choice(found)

    def context(self, on: _dt.date) -> Context:
        return self._context.at(on)

    def workday(self, start: _dt.date, n: int) -> _dt.date:
        """The ``n``-th working day after ``start`` (0: ``start`` itself if a working day, else next)."""
        if n == 0:
            d = start
            while not self.calendar.is_workday(d):
                d += _dt.timedelta(days=1)
            return d
        return self.calendar.add_workdays(start, n)

    def day_in_year(
        self, first: tuple[int, int], last: tuple[int, int], years_back: int = 0
    ) -> _dt.date:
        """A working day between month-days ``first`` and ``last`` of the school year ``years_back``
        before the as-of date's (``first`` in autumn means that school year's calendar year), never
        after the as-of date nor before the regulation."""
        sy = self.year - years_back

        def resolve(md: tuple[int, int]) -> _dt.date:
            y = sy if (md[0], md[1]) > (8, 10) else sy + 1
            return _dt.date(y, md[0], md[1])

        lo, hi = resolve(first), min(resolve(last), self.as_of - _dt.timedelta(days=1))
        lo = max(lo, IN_FORCE + _dt.timedelta(days=1))
        if hi < lo:
            raise SynthError("no such day before the as-of date")
        d = lo + _dt.timedelta(days=self.rng.randrange((hi - lo).days + 1))
        d = self.workday(d, 0)
        if d > hi:
            raise SynthError("no working day in range")
        return d

    # ---- records -------------------------------------------------------------------------------

    def grade(self, school: School, year: int) -> Grade:
        g = Grade.from_year(year, school.system)
        if not school.offers(g):
            raise SynthError("the school does not offer this year")
        return g

    def new_record(
        self,
        school: School,
        year: int,
        *,
        on: _dt.date | None = None,
        class_name: str = "1班",
        status: Status = Status.ENROLLED,
    ) -> Record:
        """A fresh student in compulsory/senior ``year`` at ``school`` (as it was on ``on``)."""
        on = on or self.as_of
        grade = self.grade(school, year)
        sy = school_year(on)
        birth_year = sy - 5 - year
        student = self.ids.student(self.rng, school, birth_year, ordinary=True)
        stage_start = sy - (grade.number - 1)
        return Record(
            student=student,
            school_code=school.code,
            grade=grade,
            class_name=class_name,
            status=status,
            enrolled_on=_dt.date(stage_start, 9, 1),
        )

    def promote_through(self, record: Record) -> Record:
        """The record promoted by the national system on each 8-10 from its last event to the as-of
        date (3.1), through the rules (a graduation-year student cannot be: :class:`SynthError`)."""
        last = record.last_event_on or record.enrolled_on
        for year in range(school_year(last) + 1, self.year + 1):
            day = _dt.date(year, 8, 10)
            if day > last:
                record = self.apply(record, Promote(student=self.sn(record)), day)
        return record

    def apply(self, record: Record, event: Event, on: _dt.date) -> Record:
        """``event`` on ``on`` through the rules (:func:`~liangshan_xueji.records.status.apply`)."""
        try:
            return apply(record, event, self.context(on))  # type: ignore[arg-type]
        except (PolicyViolation, InvalidInput) as exc:
            raise SynthError(str(exc)) from None

    def force(self, record: Record, event: Event, on: _dt.date, **after: Any) -> Record:
        """Write ``event`` into the history without the rules (a breach the school system let through).

        ``after`` sets the state after it (``status``, ``school_code``, ``grade``) and other fields
        (``transfer``, ``suspension``, ``class_name``).
        """
        entry = HistoryEntry(
            on=on,
            event=event,
            status=after.get("status", record.status),
            school_code=after.get("school_code", record.school_code),
            grade=after.get("grade", record.grade),
        )
        return record.appended(entry, **after)

    def sn(self, record: Record) -> StudentNumber:
        return record.student.student_number

    def truth(self, clause: str, record: Record | None, school: School | None = None) -> TruthRow:
        if record is None:
            assert school is not None
            return TruthRow(clause=clause, school_code=school.code, student_number="")
        return TruthRow(
            clause=clause,
            school_code=record.school_code,
            student_number=record.student.student_number.reveal(),
        )

    # ---- compound acts --------------------------------------------------------------------------

    def transfer(
        self,
        record: Record,
        receiving: School,
        on: _dt.date,
        *,
        gaps: Sequence[int] = (1, 1, 1),
    ) -> Record:
        """A lawful transfer to ``receiving`` started on ``on``; each party acts ``gaps`` working days
        after the previous act."""
        sn = self.sn(record)
        record = self.apply(
            record,
            TransferRequest(
                student=sn,
                to_school=receiving.code,
                to_class="1班",
                materials=frozenset(m.key for m in TRANSFER_MATERIALS),
            ),
            on,
        )
        d = on
        for party, gap in zip(TransferParty, gaps, strict=True):
            d = self.workday(d, gap)
            record = self.apply(record, TransferAct(student=sn, party=party), d)
        return record

    def forced_transfer(
        self,
        record: Record,
        receiving: School,
        on: _dt.date,
        to_grade: Grade,
        *,
        graduation_year: bool = False,
        **after: Any,
    ) -> Record:
        """A transfer the rules bar, recorded anyway: the request and the three acts within the due
        date, the last moving the record to ``receiving`` in ``to_grade``. From a graduation year only
        when ``graduation_year`` (that is the breach of 2.1.6.3)."""
        if record.grade.is_graduation_year and not graduation_year:
            raise SynthError("a graduation year would add 2.1.6.3")
        sn = self.sn(record)
        record = self.force(
            record,
            TransferRequest(
                student=sn,
                to_school=receiving.code,
                to_class="1班",
                to_grade=to_grade,
                materials=frozenset(m.key for m in TRANSFER_MATERIALS),
            ),
            on,
        )
        d = on
        parties = list(TransferParty)
        for party in parties[:-1]:
            d = self.workday(d, 1)
            record = self.force(record, TransferAct(student=sn, party=party), d)
        d = self.workday(d, 1)
        return self.force(
            record,
            TransferAct(student=sn, party=parties[-1]),
            d,
            school_code=receiving.code,
            grade=to_grade,
            class_name="1班",
            **after,
        )

    def suspend(self, record: Record, on: _dt.date) -> Record:
        return self.apply(
            record,
            Suspend(
                student=self.sn(record),
                materials=frozenset(m.key for m in SUSPENSION_MATERIALS),
                advised_rest_months=3 + self.rng.randrange(4),
                school_agrees=True,
                authority_approves=True,
                filed_with_prefecture=record.grade.is_graduation_year,
            ),
            on,
        )

    def resume(self, record: Record, on: _dt.date) -> Record:
        assert record.suspension is not None
        materials = {m.key for m in RESUMPTION_MATERIALS}
        if on < record.suspension.ends_on:
            materials.add("doctor_advice")
        return self.apply(
            record,
            Resume(
                student=self.sn(record),
                materials=frozenset(materials),
                school_agrees=True,
                authority_approves=True,
            ),
            on,
        )


# --------------------------------------------------------------------------------------------------
# Students


class _IdMaker:
    """Unique ID numbers: per (region, birth date) the next odd (男) or even (女) sequence."""

    def __init__(self) -> None:
        self._next: dict[tuple[str, _dt.date, int], int] = {}
        self._j = 0  # J numbers given so far

    def j_number(self, region: str, birth: _dt.date) -> StudentNumber:
        """A fresh J number (a student with no 居民身份证号: region, birth date and a serial)."""
        self._j += 1
        return StudentNumber(f"J{region}{birth:%Y%m%d}{self._j:04d}")

    def identity(self, rng: random.Random, region: str, birth_year: int) -> IdentityNumber:
        for _ in range(50):
            birth = _dt.date(birth_year, 1, 1) + _dt.timedelta(days=rng.randrange(365))
            parity = rng.randrange(2)
            key = (region, birth, parity)
            k = self._next.get(key, 0)
            seq = 2 * k + (1 if parity else 2)
            if seq <= 999:
                self._next[key] = k + 1
                return IdentityNumber.build(region, birth, seq)
        raise SynthError("no sequence left")  # pragma: no cover - 500 per day and region

    def corrected(self, ident: IdentityNumber) -> IdentityNumber:
        """Another unused number of ``ident``'s region, birth date and sex: what an ID number
        corrected by the police (clause 4, e.g. a 顺序码 registered wrongly) may become."""
        parity = ident.sequence % 2
        key = (ident.region, ident.birth_date, parity)
        k = self._next.get(key, 0)
        seq = 2 * k + (1 if parity else 2)
        if seq > 999:
            raise SynthError("no sequence left")  # pragma: no cover - 500 per day and region
        self._next[key] = k + 1
        return IdentityNumber.build(ident.region, ident.birth_date, seq)

    def student(
        self, rng: random.Random, school: School, birth_year: int, *, ordinary: bool = False
    ) -> Student:
        county = school.county if rng.random() < 0.9 else rng.choice(_COUNTIES)
        ident = self.identity(rng, COUNTY_REGIONS[county], birth_year)
        name, ethnicity = _name(rng, school)
        if ordinary or rng.random() < 0.97:
            number = StudentNumber.from_identity(ident)
        else:  # a temporary L number awaiting national de-duplication
            number = StudentNumber("L" + ident.reveal())
        town = rng.choice(_TOWNS)
        return Student(
            name=name,
            sex=ident.sex,
            birth_date=ident.birth_date,
            ethnicity=ethnicity,
            identity_number=ident,
            student_number=number,
            household_registration=f"{county}{town}",
            address=f"{county}{town}{rng.randrange(1, 30)}村{rng.randrange(1, 9)}组",
            guardians=_guardians(rng, name, ethnicity),
            household_region=COUNTY_REGIONS[county],  # the 户籍's code (1.5, 3.2): its county's
        )


_EMPLOYERS = ("务农", "外出务工", "个体经营", "建筑工地", "教师", "乡镇卫生院", "村委会", "运输")


def _guardians(rng: random.Random, name: str, ethnicity: str) -> tuple[Guardian, ...]:
    """One or two guardians as 附表1 lists them: 称谓、姓名、工作单位、联系电话."""
    out: list[Guardian] = []
    yi = ethnicity == "彝族"
    surname = name[:2] if yi else name[:1]
    relations = ["父亲", "母亲"] if rng.random() < 0.8 else [rng.choice(("祖父", "祖母", "叔叔"))]
    for relation in relations:
        if relation == "母亲":
            given = (
                rng.choice(_YI_SURNAMES) + rng.choice(_YI_GIVEN)
                if yi
                else rng.choice(_HAN_SURNAMES) + rng.choice(_HAN_GIVEN)
            )
        else:
            given = surname + (rng.choice(_YI_GIVEN) if yi else rng.choice(_HAN_GIVEN))
        phone = "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))
        out.append(
            Guardian(relation=relation, name=given, employer=rng.choice(_EMPLOYERS), phone=phone)
        )
    return tuple(out)


def _name(rng: random.Random, school: School) -> tuple[str, str]:
    yi = _COUNTY_PROFILE[school.county][1]
    if school.mode is TeachingMode.MODEL_ONE:
        yi = 0.99
    r = rng.random()
    if school.county == "木里藏族自治县" and r < 0.3:
        return rng.choice(_TIBETAN) + rng.choice(_TIBETAN), "藏族"
    if r < yi:
        return rng.choice(_YI_SURNAMES) + rng.choice(_YI_GIVEN), "彝族"
    given = "".join(rng.choice(_HAN_GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(_HAN_SURNAMES) + given, "汉族" if r < 0.97 else "回族"


# --------------------------------------------------------------------------------------------------
# Lawful stories


def _term_start(on: _dt.date) -> _dt.date:
    """The first day of the term (学期) holding ``on``: 8-11 or 2-11 (the school year starts after the
    8-10 promotion, clause 3.1; a term is half of it)."""
    starts = (_dt.date(on.year, 8, 11), _dt.date(on.year, 2, 11), _dt.date(on.year - 1, 8, 11))
    return max(d for d in starts if d <= on)


def _compulsory(s: School) -> bool:
    return Stage.PRIMARY in s.stages or Stage.JUNIOR in s.stages


def _same_mode_pair(kit: SeedKit, stage: Stage) -> tuple[School, School]:
    """Two schools offering ``stage`` between which a transfer is lawful (same mode, no model step)."""
    a = kit.pick(lambda s: stage in s.stages and s.mode is not TeachingMode.MODEL_ONE)
    b = kit.pick(
        lambda s: (
            stage in s.stages
            and s.mode is not TeachingMode.MODEL_ONE
            and not (stage is Stage.SENIOR and s.provincial_model and not a.provincial_model)
        ),
        avoid=a,
    )
    return a, b


def _non_grad_year(kit: SeedKit, school: School, stage: Stage, *, lowest: int = 1) -> int:
    years = [
        y for y in _years(school)
        if y >= lowest and Grade.from_year(y, school.system).stage is stage
        and not Grade.from_year(y, school.system).is_graduation_year
    ]  # fmt: skip
    if not years:
        raise SynthError("no such year")
    return kit.rng.choice(years)


@story
def _transfer_completed(kit: SeedKit) -> Seeded:
    stage = kit.rng.choice((Stage.PRIMARY, Stage.JUNIOR, Stage.SENIOR))
    a, b = _same_mode_pair(kit, stage)
    back = kit.rng.randrange(0, 3)
    on = kit.day_in_year((9, 10), (5, 31), back)
    year = _non_grad_year(kit, a, stage)
    r = kit.new_record(a, year, on=on)
    r = kit.transfer(
        r, b, on, gaps=(kit.rng.randrange(1, 3), kit.rng.randrange(1, 4), kit.rng.randrange(1, 4))
    )
    return Seeded(records=(kit.promote_through(r),))


@story
def _transfer_open(kit: SeedKit) -> Seeded:
    stage = kit.rng.choice((Stage.PRIMARY, Stage.JUNIOR))
    a, b = _same_mode_pair(kit, stage)
    on = kit.calendar.add_workdays(kit.as_of, 1) - _dt.timedelta(days=kit.rng.randrange(2, 8))
    on = kit.workday(on, 0)
    if on >= kit.as_of:
        on = kit.as_of - _dt.timedelta(days=1)
    year = _non_grad_year(kit, a, stage)
    r = kit.new_record(a, year, on=on)
    r = kit.apply(
        r,
        TransferRequest(
            student=kit.sn(r),
            to_school=b.code,
            to_class="1班",
            materials=frozenset(m.key for m in TRANSFER_MATERIALS),
        ),
        on,
    )
    assert r.transfer is not None
    assert r.transfer.due is not None  # both schools are in 凉山州
    if r.transfer.due < kit.as_of:
        raise SynthError("already due")
    return Seeded(records=(r,))


@story
def _transfer_refused(kit: SeedKit) -> Seeded:
    a, b = _same_mode_pair(kit, Stage.PRIMARY)
    on = kit.day_in_year((9, 10), (5, 31), kit.rng.randrange(0, 2))
    year = _non_grad_year(kit, a, Stage.PRIMARY, lowest=1)
    r = kit.new_record(a, year, on=on)
    r = kit.apply(
        r,
        TransferRequest(
            student=kit.sn(r),
            to_school=b.code,
            to_class="1班",
            materials=frozenset(m.key for m in TRANSFER_MATERIALS),
        ),
        on,
    )
    r = kit.apply(
        r,
        TransferAct(student=kit.sn(r), party=TransferParty.SENDING_SCHOOL, approve=False),
        kit.workday(on, 2),
    )
    return Seeded(records=(kit.promote_through(r),))


@story
def _suspension_open(kit: SeedKit) -> Seeded:
    s = kit.pick(_compulsory)
    on = kit.day_in_year((9, 5), (6, 10), 0)
    year = kit.rng.choice(_years(s))
    r = kit.suspend(kit.new_record(s, year, on=on), on)
    return Seeded(records=(r,))


@story
def _suspension_extended(kit: SeedKit) -> Seeded:
    s = kit.pick(_compulsory)
    on = kit.day_in_year((9, 5), (6, 10), 1)
    year = _non_grad_year(kit, s, Grade.from_year(_years(s)[0], s.system).stage)
    r = kit.suspend(kit.new_record(s, year, on=on), on)
    assert r.suspension is not None
    ext_on = kit.workday(r.suspension.ends_on - _dt.timedelta(days=20), 0)
    if ext_on >= kit.as_of:
        raise SynthError("too late")
    r = kit.apply(
        r,
        ExtendSuspension(
            student=kit.sn(r),
            materials=frozenset(m.key for m in EXTENSION_MATERIALS),
            school_agrees=True,
        ),
        ext_on,
    )
    return Seeded(records=(r,))


@story
def _suspension_resumed(kit: SeedKit) -> Seeded:
    s = kit.pick(_compulsory)
    back = kit.rng.randrange(0, 2)
    on = kit.day_in_year((9, 5), (12, 20), back)
    stage = Grade.from_year(_years(s)[0], s.system).stage
    year = _non_grad_year(kit, s, stage)
    r = kit.suspend(kit.new_record(s, year, on=on), on)
    r = kit.resume(r, kit.workday(on, 30 + kit.rng.randrange(20)))
    if (
        r.last_event_on is None
        or r.last_event_on >= kit.as_of
        or school_year(r.last_event_on) != school_year(on)
    ):
        raise SynthError("resumption out of the year")
    return Seeded(records=(kit.promote_through(r),))


@story
def _dropout_and_return(kit: SeedKit) -> Seeded:
    s = kit.pick(_compulsory)
    on = kit.day_in_year((9, 10), (12, 31), 0)
    year = kit.rng.choice(_years(s))
    r = kit.new_record(s, year, on=on)
    r = kit.apply(
        r,
        MarkDropout(
            student=kit.sn(r), family_reasons=True, mobilised=True, reported_in_writing=True
        ),
        on,
    )
    back_on = kit.workday(on, 20 + kit.rng.randrange(30))
    if back_on >= kit.as_of:
        raise SynthError("too late")
    r = kit.apply(r, ReturnToSchool(student=kit.sn(r)), back_on)
    return Seeded(records=(r,))


@story
def _dropout_now(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: True)
    on = kit.day_in_year((9, 10), (6, 1), 0)
    r = kit.new_record(s, kit.rng.choice(_years(s)), on=on)
    if kit.rng.random() < 0.5:
        ev: Event = MarkSuspectedDropout(
            student=kit.sn(r), family_reasons=True, mobilised=True, reported_in_writing=True
        )
    else:
        ev = MarkDropout(student=kit.sn(r), explicitly_quit=True, reported_in_writing=True)
    return Seeded(records=(kit.apply(r, ev, on),))


@story
def _other_departure(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: True)
    on = kit.day_in_year((12, 1), (6, 1), 0)
    r = kit.new_record(s, kit.rng.choice(_years(s)), on=on)
    since = add_months(on, -4) - _dt.timedelta(days=kit.rng.randrange(40))
    r = kit.apply(
        r,
        OtherDeparture(
            student=kit.sn(r),
            reason=DepartureReason.UNEXPLAINED_ABSENCE,
            absent_since=since,
            unreachable=True,
        ),
        on,
    )
    return Seeded(records=(r,))


@story
def _suspension_lapsed_departure(kit: SeedKit) -> Seeded:
    s = kit.pick(_compulsory)
    on = kit.day_in_year((9, 5), (3, 31), 1)
    stage = Grade.from_year(_years(s)[0], s.system).stage
    year = _non_grad_year(kit, s, stage)
    r = kit.suspend(kit.new_record(s, year, on=on), on)
    assert r.suspension is not None
    leave = kit.workday(r.suspension.ends_on, 3)
    if leave >= kit.as_of:
        raise SynthError("too late")
    r = kit.apply(
        r,
        OtherDeparture(
            student=kit.sn(r), reason=DepartureReason.SUSPENSION_EXPIRED, guardian_contacted=True
        ),
        leave,
    )
    return Seeded(records=(r,))


@story
def _death_on_time(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: True)
    died = kit.day_in_year((9, 1), (5, 20), kit.rng.randrange(0, 2))
    r = kit.new_record(s, kit.rng.choice(_years(s)), on=died)
    report = kit.workday(died, kit.rng.randrange(1, 9))
    if report >= kit.as_of:
        raise SynthError("too late")
    r = kit.apply(r, Death(student=kit.sn(r), died_on=died, proof=True), report)
    return Seeded(records=(r,))


@story
def _graduated_last_year(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: True)
    grads = [y for y in _years(s) if Grade.from_year(y, s.system).is_graduation_year]
    year = kit.rng.choice(grads)
    on = kit.day_in_year((6, 20), (7, 29), 1)
    r = kit.new_record(s, year, on=on)
    return Seeded(records=(kit.apply(r, Graduate(student=kit.sn(r)), on),))


@story
def _identity_corrected(kit: SeedKit) -> Seeded:
    """A G student whose ID number the police corrected (4): the change is applied through the rules
    with the proof, its scan and the school's approval; events.csv holds the ``student.change`` and
    the roster's G number keeps the old ID number (it no longer equals the ``identity_number``)."""
    s = kit.pick(lambda x: True)
    on = kit.day_in_year((9, 10), (5, 31), kit.rng.randrange(0, 2))
    stage = Grade.from_year(_years(s)[0], s.system).stage
    r = kit.new_record(s, _non_grad_year(kit, s, stage), on=on)
    old = r.student.identity_number
    assert old is not None  # kit.new_record makes G students
    try:
        decision, changed = change_student_data(
            r,
            {StudentField.IDENTITY_NUMBER: kit.ids.corrected(old)},
            kit.context(on),
            police_proof=True,
            proof_scan=True,
            school_approves=True,
            lookup=lambda _student: False,  # the province-wide lookup finds nobody with it (1.2)
        )
    except (PolicyViolation, InvalidInput) as exc:
        raise SynthError(str(exc)) from None
    if changed is None:
        raise SynthError(decision.explain())
    return Seeded(records=(kit.promote_through(changed),))


# --------------------------------------------------------------------------------------------------
# Breach seeders


@seeder("2.1.4")
def _seed_transfer_overdue(kit: SeedKit) -> Seeded:
    """An open transfer past its 10 working days."""
    stage = kit.rng.choice((Stage.PRIMARY, Stage.JUNIOR))
    a, b = _same_mode_pair(kit, stage)
    start = _term_start(kit.as_of) + _dt.timedelta(days=1)
    latest = kit.as_of - _dt.timedelta(days=20)
    if latest < start:
        raise SynthError("the term is too young")
    on = kit.workday(start + _dt.timedelta(days=kit.rng.randrange((latest - start).days + 1)), 0)
    r = kit.new_record(a, _non_grad_year(kit, a, stage), on=on)
    r = kit.apply(
        r,
        TransferRequest(
            student=kit.sn(r),
            to_school=b.code,
            to_class="1班",
            materials=frozenset(m.key for m in TRANSFER_MATERIALS),
        ),
        on,
    )
    assert r.transfer is not None
    assert r.transfer.due is not None  # both schools are in 凉山州
    if r.transfer.due >= kit.as_of:
        raise SynthError("not due yet")
    if kit.rng.random() < 0.5:
        r = kit.apply(
            r,
            TransferAct(student=kit.sn(r), party=TransferParty.RECEIVING_AUTHORITY),
            kit.workday(on, 1),
        )
    return Seeded(records=(r,), truth=(kit.truth("2.1.4", r),))


@seeder("2.1.4")
def _seed_transfer_completed_late(kit: SeedKit) -> Seeded:
    """A transfer whose last party acted after the due date."""
    stage = Stage.PRIMARY
    a, b = _same_mode_pair(kit, stage)
    on = kit.day_in_year((9, 10), (3, 31), 0)
    year = _non_grad_year(kit, a, stage)
    r = kit.new_record(a, year, on=on)
    r = kit.transfer(r, b, on, gaps=(1, 2, 15))
    return Seeded(records=(r,), truth=(kit.truth("2.1.4", r),))


def _forced_pair(
    kit: SeedKit, stage: Stage, a_pred: Callable[[School], bool], b_pred: Callable[[School], bool]
) -> tuple[School, School]:
    a = kit.pick(lambda s: stage in s.stages and a_pred(s))
    b = kit.pick(lambda s: stage in s.stages and b_pred(s), avoid=a)
    return a, b


def _plain_mode(s: School) -> bool:
    return s.mode is TeachingMode.MODEL_TWO and not s.provincial_model


@attrs.frozen(kw_only=True)
class ForcedTransfer:
    """One barred transfer recorded anyway (2.1.5, 2.1.6.x, 6.1, 6.3): a row of
    :data:`FORCED_TRANSFERS`, from which its seeder is made.

    A ``stage`` student of a school matching ``sending`` is moved to one matching ``receiving``,
    between 9-10 and ``until`` of the school year, from ``year`` (one of ``years``; without ``years``
    a non-graduation year of the stage, at most ``max_year``) into ``year + shift``. ``suspended``:
    the student is suspended first and transferred 25 working days later; ``graduation_year``: the
    year is a graduation year (the breach of 2.1.6.3).
    """

    name: str
    clause: str
    doc: str
    stage: Stage
    sending: Callable[[School], bool]
    receiving: Callable[[School], bool]
    until: tuple[int, int] = (4, 30)
    years: tuple[int, ...] = ()
    max_year: int = 12
    shift: int = 0
    suspended: bool = False
    graduation_year: bool = False

    def seed(self, kit: SeedKit) -> Seeded:
        """The seeder: one record carrying this breach, and its truth row."""
        a, b = _forced_pair(kit, self.stage, self.sending, self.receiving)
        on = kit.day_in_year((9, 10), self.until, 0)
        if not self.years:
            year = min(_non_grad_year(kit, a, self.stage), self.max_year)
        elif len(self.years) == 1:
            year = self.years[0]
        else:
            year = kit.rng.choice(self.years)
        r = kit.new_record(a, year, on=on)
        after: dict[str, Any] = {}
        if self.suspended:
            r = kit.suspend(r, on)
            on = kit.workday(on, 25)
            after = {"status": Status.ENROLLED, "suspension": None}
        to = kit.grade(b, year + self.shift)
        r = kit.forced_transfer(r, b, on, to, graduation_year=self.graduation_year, **after)
        return Seeded(records=(r,), truth=(kit.truth(self.clause, r),))

    def seeder(self) -> SeedFn:
        """The row's seeder, registered for its clause under its name."""

        def seed(kit: SeedKit) -> Seeded:
            return self.seed(kit)

        seed.__name__ = seed.__qualname__ = self.name
        seed.__doc__ = self.doc
        return seeder(self.clause)(seed)


def _six_three(s: School) -> bool:
    return s.system is SchoolSystem.SIX_THREE


def _plain_six_three(s: School) -> bool:
    return _plain_mode(s) and _six_three(s)


def _senior_plain(s: School) -> bool:
    return s.mode is TeachingMode.MODEL_TWO and not s.provincial_model


#: The barred transfers synth records anyway, one row per breach (each row is a seeder).
FORCED_TRANSFERS: tuple[ForcedTransfer, ...] = (
    ForcedTransfer(
        name="_seed_graduation_year_transfer",
        clause="2.1.6.3",
        doc="A transfer from primary 6, a graduation year (2.1.6.3).",
        stage=Stage.PRIMARY,
        sending=_plain_six_three,
        receiving=_plain_six_three,
        years=(6,),
        graduation_year=True,
    ),
    ForcedTransfer(
        name="_seed_suspended_transfer",
        clause="2.1.6.4",
        doc="A transfer during 休学 (2.1.6.4).",
        stage=Stage.PRIMARY,
        sending=_plain_mode,
        receiving=_plain_six_three,
        until=(1, 31),
        max_year=4,
        suspended=True,
    ),
    ForcedTransfer(
        name="_seed_into_provincial_model",
        clause="2.1.6.2",
        doc="A senior transfer into a provincial model senior high (2.1.6.2).",
        stage=Stage.SENIOR,
        sending=_senior_plain,
        receiving=lambda s: s.mode is TeachingMode.MODEL_TWO and s.provincial_model,
        years=(10, 11),
    ),
    ForcedTransfer(
        name="_seed_year_changed",
        clause="2.1.5",
        doc="A transfer into the next year (2.1.5).",
        stage=Stage.PRIMARY,
        sending=_plain_mode,
        receiving=_plain_six_three,
        years=(2, 3),
        shift=1,
    ),
    ForcedTransfer(
        name="_seed_into_model_one",
        clause="6.1",
        doc="A compulsory transfer into a 一类模式 school (6.1).",
        stage=Stage.PRIMARY,
        sending=_plain_mode,
        receiving=lambda s: s.mode is TeachingMode.MODEL_ONE,
        years=(2, 3, 4),
    ),
    ForcedTransfer(
        name="_seed_into_model_one_senior",
        clause="6.3",
        doc="A senior transfer into a 一类模式 senior high (6.3).",
        stage=Stage.SENIOR,
        sending=_senior_plain,
        receiving=lambda s: s.mode is TeachingMode.MODEL_ONE and not s.provincial_model,
        years=(10, 11),
    ),
    ForcedTransfer(
        name="_seed_transfer_down",
        clause="2.1.6.5",
        doc="A transfer into the year below (2.1.6.5).",
        stage=Stage.PRIMARY,
        sending=_plain_mode,
        receiving=_plain_six_three,
        years=(3, 4, 5),
        shift=-1,
    ),
)

for _row in FORCED_TRANSFERS:
    _row.seeder()


@seeder("2.2.3")
def _seed_suspension_lapsed(kit: SeedKit) -> Seeded:
    s = kit.pick(_compulsory)
    on = kit.day_in_year((9, 5), (5, 1), 1)
    if add_months(on, 12) >= kit.as_of:
        raise SynthError("not lapsed")
    stage = Grade.from_year(_years(s)[0], s.system).stage
    r = kit.suspend(kit.new_record(s, _non_grad_year(kit, s, stage), on=on), on)
    return Seeded(records=(r,), truth=(kit.truth("2.2.3", r),))


@seeder("2.2.5")
def _seed_graduation_year_suspension_unfiled(kit: SeedKit) -> Seeded:
    s = kit.pick(_compulsory)
    grads = [y for y in _years(s) if Grade.from_year(y, s.system).is_graduation_year]
    on = kit.day_in_year((9, 5), (5, 31), 0)
    r = kit.new_record(s, kit.rng.choice(grads), on=on)
    ends = add_months(on, 12)
    r = kit.force(
        r,
        Suspend(
            student=kit.sn(r),
            materials=frozenset(m.key for m in SUSPENSION_MATERIALS),
            advised_rest_months=3,
            school_agrees=True,
            authority_approves=True,
            filed_with_prefecture=False,
        ),
        on,
        status=Status.SUSPENDED,
        suspension=SuspensionPeriod(started_on=on, ends_on=ends),
    )
    return Seeded(records=(r,), truth=(kit.truth("2.2.5", r),))


@seeder("2.2.5")
def _seed_resumed_lower(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: Stage.PRIMARY in x.stages)
    on = kit.day_in_year((9, 5), (1, 31), 0)
    year = kit.rng.choice((3, 4))
    r = kit.suspend(kit.new_record(s, year, on=on), on)
    back = kit.workday(on, 40)
    r = kit.force(
        r,
        Resume(
            student=kit.sn(r),
            materials=frozenset(m.key for m in RESUMPTION_MATERIALS) | {"doctor_advice"},
            school_agrees=True,
            authority_approves=True,
            grade=kit.grade(s, year - 1),
        ),
        back,
        status=Status.ENROLLED,
        grade=kit.grade(s, year - 1),
        suspension=None,
    )
    return Seeded(records=(r,), truth=(kit.truth("2.2.5", r),))


@seeder("2.3")
def _seed_compulsory_retention(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: Stage.JUNIOR in x.stages)
    on = kit.day_in_year((8, 20), (10, 31), 0)
    years = [y for y in _years(s) if Grade.from_year(y, s.system).stage is Stage.JUNIOR][1:]
    year = kit.rng.choice(years)
    r = kit.new_record(s, year, on=on)
    kind: Event = Retain(student=kit.sn(r)) if kit.rng.random() < 0.5 else Demote(student=kit.sn(r))
    r = kit.force(r, kind, on, grade=kit.grade(s, year - 1))
    return Seeded(records=(r,), truth=(kit.truth("2.3", r),))


@seeder("2.3")
def _seed_retention_cap(kit: SeedKit) -> Seeded:
    """Senior retentions of one cohort above 2 % of its size (a school finding; the size at entry
    unknown to the audit, estimated from the roster: the cohort's line and those retained out of it)."""
    options = [
        (s, y) for s in kit.schools if Stage.SENIOR in s.stages for y in (10, 11)
        if ("2.3-cap", s.code, str(y)) not in kit.used
    ]  # fmt: skip
    if not options:
        raise SynthError("no senior grade left")
    s, year = kit.rng.choice(options)
    kit.used.add(("2.3-cap", s.code, str(year)))
    bound = kit.planned.get((s.code, year + 1), 0) + 12  # the line the retained students leave
    k = 1
    while k <= math.floor(0.02 * (bound + k) + 1e-9):
        k += 1
    records = []
    for _ in range(k):
        on = kit.day_in_year((8, 12), (9, 20), 0)
        r = kit.new_record(s, year + 1, on=on)
        asked = Retain(student=kit.sn(r), materials={"retention_application"})
        records.append(kit.force(r, asked, on, grade=kit.grade(s, year)))
    return Seeded(records=tuple(records), truth=(kit.truth("2.3", None, s),))


@seeder("2.4.1")
def _seed_dropout_unreported(kit: SeedKit) -> Seeded:
    s = kit.pick(_compulsory)
    on = kit.day_in_year((9, 10), (5, 31), 0)
    r = kit.new_record(s, kit.rng.choice([y for y in _years(s) if y <= 9]), on=on)
    r = kit.force(
        r,
        MarkDropout(
            student=kit.sn(r), family_reasons=True, mobilised=True, reported_in_writing=False
        ),
        on,
        status=Status.DROPPED_OUT,
    )
    return Seeded(records=(r,), truth=(kit.truth("2.4.1", r),))


@seeder("2.4.1")
def _seed_migrant_archive_kept(kit: SeedKit) -> Seeded:
    """A migrant child's dropout last school year, its archive never handed to the 户籍's county."""
    s = kit.pick(_compulsory)
    on = kit.day_in_year((9, 10), (5, 31), 1)
    r = kit.new_record(s, kit.rng.choice([y for y in _years(s) if y <= 9]), on=on)
    r = kit.force(
        r,
        MarkDropout(
            student=kit.sn(r),
            family_reasons=True,
            mobilised=True,
            reported_in_writing=True,
            migrant_child=True,
        ),
        on,
        status=Status.DROPPED_OUT,
    )
    return Seeded(records=(r,), truth=(kit.truth("2.4.1", r),))


@seeder("2.4.2")
def _seed_dropout_without_grounds(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: True)
    on = kit.day_in_year((9, 10), (5, 31), 0)
    r = kit.new_record(s, kit.rng.choice(_years(s)), on=on)
    r = kit.force(
        r,
        MarkSuspectedDropout(
            student=kit.sn(r), family_reasons=False, mobilised=True, reported_in_writing=True
        ),
        on,
        status=Status.SUSPECTED_DROPOUT,
    )
    return Seeded(records=(r,), truth=(kit.truth("2.4.2", r),))


@seeder("2.4.2")
def _seed_departure_too_soon(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: True)
    on = kit.day_in_year((10, 10), (5, 31), 0)
    r = kit.new_record(s, kit.rng.choice(_years(s)), on=on)
    r = kit.force(
        r,
        OtherDeparture(
            student=kit.sn(r),
            reason=DepartureReason.UNEXPLAINED_ABSENCE,
            absent_since=on - _dt.timedelta(days=30 + kit.rng.randrange(40)),
            unreachable=True,
        ),
        on,
        status=Status.OTHER_DEPARTURE,
    )
    return Seeded(records=(r,), truth=(kit.truth("2.4.2", r),))


@seeder("2.4.3")
def _seed_return_lower(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: Stage.PRIMARY in x.stages)
    on = kit.day_in_year((9, 10), (1, 31), 0)
    year = kit.rng.choice((3, 4, 5))
    r = kit.new_record(s, year, on=on)
    r = kit.apply(
        r,
        MarkDropout(
            student=kit.sn(r), family_reasons=True, mobilised=True, reported_in_writing=True
        ),
        on,
    )
    back = kit.workday(on, 30)
    r = kit.force(
        r,
        ReturnToSchool(student=kit.sn(r), grade=kit.grade(s, year - 1)),
        back,
        status=Status.ENROLLED,
        grade=kit.grade(s, year - 1),
    )
    return Seeded(records=(r,), truth=(kit.truth("2.4.3", r),))


@seeder("2.5")
def _seed_death_late(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: True)
    died = kit.day_in_year((9, 1), (4, 30), 0)
    r = kit.new_record(s, kit.rng.choice(_years(s)), on=died)
    report = kit.workday(died, 11 + kit.rng.randrange(15))
    if report >= kit.as_of:
        raise SynthError("too late")
    r = kit.apply(r, Death(student=kit.sn(r), died_on=died, proof=True), report)
    return Seeded(records=(r,), truth=(kit.truth("2.5", r),))


@seeder("2.5")
def _seed_death_undone(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: True)
    died = kit.day_in_year((9, 1), (4, 30), 0)
    years = [y for y in _years(s) if not Grade.from_year(y, s.system).is_graduation_year]
    r = kit.new_record(s, kit.rng.choice(years), on=died)
    r = kit.apply(r, Death(student=kit.sn(r), died_on=died, proof=True), kit.workday(died, 2))
    r = kit.force(
        r, ReturnToSchool(student=kit.sn(r)), kit.workday(died, 20), status=Status.ENROLLED
    )
    return Seeded(records=(r,), truth=(kit.truth("2.5", r),))


@seeder("3.1")
def _seed_not_graduated(kit: SeedKit) -> Seeded:
    """In a graduation year since last school year (a 休学 then 复学 shows it), still 在校."""
    s = kit.pick(lambda x: Stage.PRIMARY in x.stages)
    grad = next(y for y in _years(s) if Grade.from_year(y, s.system).is_graduation_year)
    on = kit.day_in_year((9, 10), (11, 30), 1)
    r = kit.suspend(kit.new_record(s, grad, on=on), on)
    r = kit.resume(r, kit.workday(on, 25))
    return Seeded(records=(r,), truth=(kit.truth("3.1", r),))


@seeder("3.1")
def _seed_graduated_late(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: True)
    grads = [y for y in _years(s) if Grade.from_year(y, s.system).is_graduation_year]
    on = kit.day_in_year((7, 31), (8, 10), 1)
    r = kit.new_record(s, kit.rng.choice(grads), on=on)
    r = kit.apply(r, Graduate(student=kit.sn(r)), on)
    return Seeded(records=(r,), truth=(kit.truth("3.1", r),))


@seeder("3.1")
def _seed_graduate_rolled_back(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: Stage.PRIMARY in x.stages)
    grad = next(y for y in _years(s) if Grade.from_year(y, s.system).is_graduation_year)
    on = kit.day_in_year((6, 25), (7, 20), 1)
    r = kit.new_record(s, grad, on=on)
    r = kit.apply(r, Graduate(student=kit.sn(r)), on)
    back = kit.day_in_year((8, 20), (10, 31), 0)
    r = kit.force(r, RollbackGraduation(student=kit.sn(r)), back, status=Status.ENROLLED)
    return Seeded(records=(r,), truth=(kit.truth("3.1", r),))


@seeder("3.3")
def _seed_duplicate(kit: SeedKit) -> Seeded:
    s = kit.pick(lambda x: True)
    r = kit.new_record(s, kit.rng.choice(_years(s)))
    twin = attrs.evolve(r, class_name="2班")
    return Seeded(records=(r, twin), truth=(kit.truth("3.3", r),))


@seeder("3.3")
def _seed_duplicate_across_schools(kit: SeedKit) -> Seeded:
    """The same student live at two schools, the second registered later this school year: a
    duplicate across schools (3.3) and a repeated registration (1.2), both reported on the second."""
    s = kit.pick(lambda x: True)
    year = kit.rng.choice(_years(s))
    t = kit.pick(lambda x: year in _years(x), avoid=s)
    r = kit.new_record(s, year)
    later = kit.day_in_year((9, 2), (6, 30), 0)
    twin = attrs.evolve(r, school_code=t.code, grade=kit.grade(t, year), enrolled_on=later)
    return Seeded(records=(r, twin), truth=(kit.truth("3.3", twin), kit.truth("1.2", twin)))


# --------------------------------------------------------------------------------------------------
# Students this regulation does not govern (8.5): lawful, each listed by the audit as an 8.5 notice


def _outsider_guardians(kit: SeedKit, surname: str) -> tuple[Guardian, ...]:
    phone = "1" + kit.rng.choice("3578") + "".join(kit.rng.choice("0123456789") for _ in range(9))
    given = surname + kit.rng.choice(_HAN_GIVEN) + kit.rng.choice(_HAN_GIVEN)
    return (Guardian(relation="父亲", name=given, employer="个体经营", phone=phone),)


@seeder("8.5")
def _seed_taiwan_student(kit: SeedKit) -> Seeded:
    """A student from Taiwan: a G number from a 台湾居民居住证 (address code 830000, 8.5). Not a
    breach: the audit lists the student once under 8.5 (the Ministry's and province's rules apply)."""
    s = kit.pick(lambda x: Stage.PRIMARY in x.stages or Stage.JUNIOR in x.stages)
    r = kit.new_record(s, kit.rng.choice(_years(s)))
    birth_year = r.student.birth_date.year
    ident = kit.ids.identity(kit.rng, "830000", birth_year)
    surname = kit.rng.choice(_HAN_SURNAMES)
    town = kit.rng.choice(_TOWNS)
    student = Student(
        name=surname + kit.rng.choice(_HAN_GIVEN) + kit.rng.choice(_HAN_GIVEN),
        sex=ident.sex,
        birth_date=ident.birth_date,
        ethnicity="汉族",
        identity_number=ident,
        student_number=StudentNumber.from_identity(ident),
        household_registration="台湾省",
        address=f"{s.county}{town}{kit.rng.randrange(1, 30)}号",
        guardians=_outsider_guardians(kit, surname),
    )
    r = attrs.evolve(r, student=student)
    return Seeded(records=(r,), truth=(kit.truth("8.5", r),))


@seeder("8.5")
def _seed_foreign_student(kit: SeedKit) -> Seeded:
    """A foreign student: a J number (no 居民身份证号) and the origin 外籍 given (8.5). Not a breach:
    the audit lists the student once under 8.5."""
    s = kit.pick(lambda x: True)
    r = kit.new_record(s, kit.rng.choice(_years(s)))
    birth = r.student.birth_date
    number = kit.ids.j_number(COUNTY_REGIONS[s.county], birth)
    student = Student(
        name=kit.rng.choice(("安娜", "玛丽", "伊万", "大卫", "索菲亚")),
        sex=r.student.sex,
        birth_date=birth,
        ethnicity="其他",
        identity_number=None,
        student_number=number,
        household_registration="",
        address=r.student.address,
        guardians=_outsider_guardians(kit, "李"),
        origin=Origin.FOREIGN,
    )
    r = attrs.evolve(r, student=student)
    return Seeded(records=(r,), truth=(kit.truth("8.5", r),))


@seeder("6.1")
def _seed_mode_the_school_does_not_run(kit: SeedKit) -> Seeded:
    """A record giving 一类模式 as the student's own mode at a school that runs only 二类: the data
    contradict each other (a notice, 6.1; 6.3 in a senior grade: ``breaches.mode_contradicts_class``)."""
    s = kit.pick(lambda x: x.sole_mode is TeachingMode.MODEL_TWO)
    r = attrs.evolve(kit.new_record(s, kit.rng.choice(_years(s))), mode=TeachingMode.MODEL_ONE)
    return Seeded(records=(r,), truth=(kit.truth("6.1" if r.grade.compulsory else "6.3", r),))


# --------------------------------------------------------------------------------------------------
# Plain students (the bulk): rows written directly


#: Each roster column's place in a row (the schema's order, :mod:`~liangshan_xueji.records.schema`).
_AT = {c.name: i for i, c in enumerate(ROSTER_COLUMNS)}
_GUARDIAN_AT = tuple(
    [_AT[f"guardian{k}_{part}"] for part in ("relation", "name", "employer", "phone")]
    for k in (1, 2)
)


def _plain_rows(
    rng: random.Random,
    school: School,
    per_year: dict[int, int],
    ids: _IdMaker,
    sy: int,
) -> Iterator[list[str]]:
    width = len(ROSTER_COLUMNS)
    for year, count in sorted(per_year.items()):
        grade = Grade.from_year(year, school.system)
        sizes = _split(count, [1] * _class_count(school, count))
        enrolled = _dt.date(sy - (grade.number - 1), 9, 1).isoformat()
        for k, size in enumerate(sizes, start=1):
            mode = _class_mode(school, f"{k}班")
            for _ in range(size):
                st = ids.student(rng, school, sy - 5 - year)
                row = [""] * width
                row[_AT["school_code"]] = school.code
                row[_AT["student_number"]] = st.student_number.reveal()
                row[_AT["identity_number"]] = (
                    "" if st.identity_number is None else st.identity_number.reveal()
                )
                row[_AT["name"]] = st.name
                row[_AT["sex"]] = st.sex.value
                row[_AT["birth_date"]] = st.birth_date.isoformat()
                row[_AT["ethnicity"]] = st.ethnicity
                row[_AT["household_registration"]] = st.household_registration
                row[_AT["household_region"]] = st.household_region or ""
                row[_AT["address"]] = st.address
                for g, at in zip(st.guardians, _GUARDIAN_AT, strict=False):
                    for i, value in zip(at, (g.relation, g.name, g.employer, g.phone), strict=True):
                        row[i] = value
                row[_AT["stage"]] = grade.stage.value
                row[_AT["grade"]] = str(grade.number)
                row[_AT["class_name"]] = f"{k}班"
                if mode is not None:  # the mixed school: each student's own mode (6.1)
                    row[_AT["mode"]] = mode.value
                row[_AT["status"]] = Status.ENROLLED.value
                row[_AT["enrolled_on"]] = enrolled
                yield row


# --------------------------------------------------------------------------------------------------
# synthesize()


@attrs.frozen(kw_only=True)
class SynthSummary:
    """What :func:`synthesize` wrote."""

    directory: Path
    students: int
    schools: int
    events: int
    truth: int
    stories: int
    seed: int
    as_of: _dt.date


def _check_args(
    students: int, seed: int, as_of: _dt.date, breach_rate: float, story_rate: float
) -> None:
    if isinstance(students, bool) or not isinstance(students, int) or students < MIN_STUDENTS:
        raise InvalidInput(
            f"学生数应为不小于 {MIN_STUDENTS} 的整数，得到 {students!r}",
            f"students must be an integer of at least {MIN_STUDENTS}, got {students!r}",
            where="students",
        )
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidInput("种子应为整数", "the seed must be an integer", where="seed")
    if isinstance(as_of, _dt.datetime) or not isinstance(as_of, _dt.date):
        raise InvalidInput("as_of 应为日期", "as_of must be a date", where="as_of")
    if not _dt.date(2019, 1, 1) <= as_of <= _dt.date(2026, 11, 30):
        raise InvalidInput(
            "as_of 应在 2019-01-01 至 2026-11-30 之间（历史须在规定施行之后、工作日数据之内）",
            "as_of must be between 2019-01-01 and 2026-11-30 (histories after the regulation, "
            "inside the working-day data)",
            where="as_of",
        )
    if (7, 31) <= (as_of.month, as_of.day) <= (8, 10):
        raise InvalidInput(
            "as_of 不能在 7-31 至 8-10 之间：此时每个毕业年级在校生都已逾期（3.1）",
            "as_of cannot be between 7-31 and 8-10: every enrolled graduation-year student is then "
            "overdue (3.1)",
            where="as_of",
        )
    if (as_of - _term_start(as_of)).days < 30:
        raise InvalidInput(
            "as_of 应在学期开始（8-11、2-11）30 天之后，以便生成本学期内逾期的转学",
            "as_of must be at least 30 days into a term (terms start 8-11 and 2-11), so that a "
            "transfer can be overdue within the term",
            where="as_of",
        )
    for name, rate in (("breach_rate", breach_rate), ("story_rate", story_rate)):
        if not isinstance(rate, (int, float)) or not 0 <= rate <= 0.2:
            raise InvalidInput(
                f"{name} 应在 0 至 0.2 之间", f"{name} must be between 0 and 0.2", where=name
            )


def _make(fn: SeedFn, kit: SeedKit, tries: int = 40) -> Seeded:
    for _ in range(tries):
        try:
            made = fn(kit)
        except SynthError:
            continue
        if made is not None:
            return made
    raise RuntimeError(
        f"seeder {getattr(fn, '__name__', fn)} failed {tries} times"
    )  # pragma: no cover


def synthesize(
    out: str | Path,
    *,
    students: int,
    seed: int = 0,
    as_of: _dt.date = DEFAULT_AS_OF,
    breach_rate: float = 0.005,
    story_rate: float = 0.05,
) -> SynthSummary:
    """Write a synthetic roster of ``students`` students into ``out``, deterministically from ``seed``.

    生成合成名册。Files: ``roster.csv``, ``events.csv``, ``schools.csv``, ``truth.csv``,
    ``manifest.json``. Every seeder of :data:`SEEDERS` is used at least once (unless ``breach_rate`` is
    0: then none), then seeders take turns until about ``breach_rate`` of the students carry a breach;
    about ``story_rate`` have a lawful history (:data:`STORIES`).
    """
    _check_args(students, seed, as_of, breach_rate, story_rate)
    _register_library_seeders()
    rng = random.Random(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sy = school_year(as_of)
    plans = _plan_schools(rng, students)
    per_school_years = {p.school.code: _split(p.size, [1] * len(_years(p.school))) for p in plans}
    planned = {
        (p.school.code, y): n
        for p in plans
        for y, n in zip(_years(p.school), per_school_years[p.school.code], strict=True)
    }
    schools = tuple(
        attrs.evolve(
            p.school,
            classes=_classes(
                p.school, dict(zip(_years(p.school), per_school_years[p.school.code], strict=True))
            ),
        )
        for p in plans
    )
    ids = _IdMaker()
    kit = SeedKit(random.Random(rng.random()), as_of, schools, planned, ids)
    # -- special records: breaches first (every seeder at least once), then stories
    seeders = [fn for cid in sorted(SEEDERS, key=_clause_order) for fn in SEEDERS[cid]]
    n_breach = max(len(seeders), round(students * breach_rate)) if breach_rate > 0 else 0
    specials: dict[str, list[Record]] = {}
    truth: list[TruthRow] = []
    count = 0

    def place(made: Seeded) -> None:
        nonlocal count
        for r in made.records:
            specials.setdefault(r.school_code, []).append(r)
            count += 1

    for i in range(n_breach):
        made = _make(seeders[i % len(seeders)], kit)
        place(made)
        truth.extend(made.truth)
    n_story = round(students * story_rate)
    for i in range(n_story):
        if count >= students:
            break
        place(_make(STORIES[i % len(STORIES)], kit))
    if count > students:
        raise InvalidInput(
            f"学生数太少：违规与故事共需 {count} 条学籍",
            f"too few students: the breaches and stories alone need {count} records",
            where="students",
        )
    # -- plain students fill the rest, school by school
    remaining = students - count
    plain = _split(remaining, [p.size for p in plans])
    write_schools(out / "schools.csv", [attrs.evolve(s, classes=()) for s in schools])
    events = 0
    with RosterWriter(out) as w:
        for p, n_plain in zip(plans, plain, strict=True):
            code = p.school.code
            years = _years(p.school)
            per_year = dict(zip(years, _split(n_plain, [1] * len(years)), strict=True))
            rows: list[list[str] | Record] = list(_plain_rows(rng, p.school, per_year, ids, sy))
            for r in specials.get(code, []):
                rows.insert(rng.randrange(len(rows) + 1), r)
            for item in rows:
                if isinstance(item, Record):
                    w.write(item)
                else:
                    w.write_row(item)
        events = w.events
    with open(out / "truth.csv", "w", encoding="utf-8", newline="") as f:
        tw = csv.writer(f, lineterminator="\n")
        tw.writerow(["clause", "school_code", "student_number"])
        for t in truth:
            tw.writerow([t.clause, t.school_code, t.student_number])
    from . import __version__

    manifest = {
        "generator": "liangshan_xueji.synth",
        "version": __version__,
        "students": students,
        "seed": seed,
        "as_of": as_of.isoformat(),
        "breach_rate": breach_rate,
        "story_rate": story_rate,
        "schools": len(schools),
        "events": events,
        "truth": len(truth),
        "note": "合成数据，非真实学生 / synthetic data, no real student",
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return SynthSummary(
        directory=out,
        students=students,
        schools=len(schools),
        events=events,
        truth=len(truth),
        stories=n_story,
        seed=seed,
        as_of=as_of,
    )


def _clause_order(cid: str) -> int:
    from .law.clauses import CLAUSE_IDS

    return CLAUSE_IDS.index(cid)


def _register_library_seeders() -> None:
    """Import the policy package (its checks) — seeders of other modules register on import."""
    import importlib

    importlib.import_module(f"{__package__}.policy")


def read_truth(path: str | Path) -> list[TruthRow]:
    """The rows of a ``truth.csv``. 读取真值表。"""
    with open(path, encoding="utf-8", newline="") as f:
        return [
            TruthRow(
                clause=r["clause"], school_code=r["school_code"], student_number=r["student_number"]
            )
            for r in csv.DictReader(f)
        ]
