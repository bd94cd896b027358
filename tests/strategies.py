"""Hypothesis strategies for the models, shared by every test module.

Import as ``from strategies import identity_numbers, students, records`` (pytest puts ``tests/`` on
``sys.path``). Every strategy builds valid values through the public constructors, so a strategy that
drifts from the models fails loudly rather than producing invalid data.

- ``identity_numbers(birth=..., sex=..., regions=...)`` valid 居民身份证号 (check char computed);
- ``student_numbers(kind=...)``; ``guardians()``; ``students(...)`` (consistent ID/sex/birth/G number);
- ``grades(stage=None, system=None, compulsory=None)``; ``schools(...)`` of both 学制 and every mode;
- ``transfers()``, ``suspensions()``, ``history_entries()``, ``records(...)`` with a well-ordered history;
- ``events()``: by default the test-only :class:`StrategyNote` event; pass real events from
  ``status.py`` with ``records(events=st.sampled_from([...]))``.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Sequence

import attrs
from hypothesis import strategies as st

from liangshan_xueji.records.models import (
    LIANGSHAN_COUNTIES,
    PERMIT_REGIONS,
    PROVINCE_CODES,
    ClassInfo,
    Event,
    Grade,
    Guardian,
    HistoryEntry,
    IdentityNumber,
    Record,
    School,
    SchoolSystem,
    Sex,
    Stage,
    Status,
    Student,
    StudentNumber,
    StudentNumberKind,
    SuspensionPeriod,
    TeachingMode,
    TransferWorkflow,
    national_class_size_standard,
)

__all__ = [
    "LIANGSHAN_REGIONS",
    "StrategyNote",
    "birth_dates",
    "class_names",
    "dates",
    "events",
    "grades",
    "guardians",
    "history_entries",
    "identity_numbers",
    "names",
    "phones",
    "records",
    "regions",
    "school_codes",
    "schools",
    "student_numbers",
    "students",
    "suspensions",
    "transfers",
]

#: 行政区划代码 of Liangshan's counties and cities (513425 is 会理's code before it became a city).
LIANGSHAN_REGIONS = (
    "513401", "513402", "513422", "513423", "513424", "513425", "513426", "513427", "513428",
    "513429", "513430", "513431", "513432", "513433", "513434", "513435", "513436", "513437",
)  # fmt: skip

_SURNAMES = ("吉克", "阿说", "马", "沙", "李", "王", "张", "曲比", "阿苏", "海来", "杨", "刘")
_GIVEN = "阿呷木子石日尔古惹衣火伍洛英明华丽伟芳军"
_RELATIONS = ("父亲", "母亲", "祖父", "祖母", "外祖父", "外祖母", "哥哥", "姐姐", "其他监护人")
_ETHNICITIES = ("彝族", "汉族", "藏族", "回族", "蒙古族", "傈僳族", "纳西族", "布依族", "苗族")

#: The widest range of dates used for acts (enrolment, events): the regulation's years and a margin.
MIN_ACT = dt.date(2004, 1, 1)
MAX_ACT = dt.date(2030, 12, 31)


def dates(min_value: dt.date = MIN_ACT, max_value: dt.date = MAX_ACT) -> st.SearchStrategy[dt.date]:
    """Plain dates (never datetimes)."""
    return st.dates(min_value=min_value, max_value=max_value)


def birth_dates(
    min_value: dt.date = dt.date(1995, 1, 1), max_value: dt.date = dt.date(2022, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Birth dates of school-age students (by default)."""
    return st.dates(min_value=min_value, max_value=max_value)


def regions(liangshan_weight: float = 0.7) -> st.SearchStrategy[str]:
    """6-digit region codes: mostly Liangshan's, otherwise any province with random digits, or the
    address code of a 港澳台居民居住证 (810000, 820000, 830000)."""
    anywhere = st.one_of(
        st.builds(
            lambda p, rest: p + rest,
            st.sampled_from(sorted(PROVINCE_CODES)),
            st.text(string.digits, min_size=4, max_size=4),
        ),
        st.sampled_from(sorted(PERMIT_REGIONS)),
    )
    if liangshan_weight <= 0:
        return anywhere
    return st.one_of(st.sampled_from(LIANGSHAN_REGIONS), anywhere)


@st.composite
def identity_numbers(
    draw: st.DrawFn,
    *,
    birth: dt.date | st.SearchStrategy[dt.date] | None = None,
    sex: Sex | None = None,
    region: st.SearchStrategy[str] | None = None,
) -> IdentityNumber:
    """Valid ID numbers; ``birth`` and ``sex`` fix those parts (a date or a strategy of dates)."""
    if birth is None:
        born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 12, 31)))
    elif isinstance(birth, dt.date):
        born = birth
    else:
        born = draw(birth)
    seq = draw(st.integers(0, 499)) * 2
    if sex is Sex.MALE or (sex is None and draw(st.booleans())):
        seq += 1
    return IdentityNumber.build(draw(region if region is not None else regions()), born, seq)


def _shape18() -> st.SearchStrategy[str]:
    return st.builds(
        lambda body, last: body + last,
        st.text(string.digits, min_size=17, max_size=17),
        st.sampled_from(string.digits + "X"),
    )


@st.composite
def student_numbers(draw: st.DrawFn, *, kind: StudentNumberKind | None = None) -> StudentNumber:
    """Valid student numbers of any (or the given) kind; G numbers carry a valid ID number."""
    k = kind if kind is not None else draw(st.sampled_from(StudentNumberKind))
    if k is StudentNumberKind.G:
        return StudentNumber.from_identity(draw(identity_numbers()))
    return StudentNumber(k.value + draw(_shape18()))


def names() -> st.SearchStrategy[str]:
    """Plausible Liangshan names (Yi and Han), 2–5 characters."""
    return st.builds(
        lambda s, g: s + g,
        st.sampled_from(_SURNAMES),
        st.text(_GIVEN, min_size=1, max_size=3),
    )


def phones() -> st.SearchStrategy[str]:
    """11-digit mobile numbers, or empty (not given)."""
    mobile = st.builds(
        lambda p, rest: p + rest,
        st.sampled_from(("138", "139", "150", "183", "199")),
        st.text(string.digits, min_size=8, max_size=8),
    )
    return st.one_of(st.just(""), mobile)


def guardians() -> st.SearchStrategy[Guardian]:
    """Guardians with a relation, a name, an optional employer and phone."""
    return st.builds(
        Guardian,
        relation=st.sampled_from(_RELATIONS),
        name=names(),
        employer=st.sampled_from(("", "务农", "西昌市某公司", "外出务工")),
        phone=phones(),
    )


@st.composite
def students(
    draw: st.DrawFn,
    *,
    kind: StudentNumberKind | None = None,
    birth: st.SearchStrategy[dt.date] | None = None,
) -> Student:
    """Consistent students: sex and birth date match the ID number; a G number carries it.

    L and J students may or may not have an ID number (a J student usually has none).
    """
    sex = draw(st.sampled_from(Sex))
    born = draw(birth if birth is not None else birth_dates())
    k = kind if kind is not None else draw(st.sampled_from(StudentNumberKind))
    if k is StudentNumberKind.G:
        ident: IdentityNumber | None = draw(identity_numbers(birth=born, sex=sex))
        assert ident is not None
        number = StudentNumber.from_identity(ident)
    else:
        ident = draw(st.one_of(st.none(), identity_numbers(birth=born, sex=sex)))
        number = draw(student_numbers(kind=k))
    county = draw(st.sampled_from(sorted(LIANGSHAN_COUNTIES)))
    return Student(
        name=draw(names()),
        sex=sex,
        birth_date=born,
        ethnicity=draw(st.sampled_from(_ETHNICITIES)),
        identity_number=ident,
        student_number=number,
        household_registration=f"四川省凉山州{county}",
        address=f"{county}{draw(st.sampled_from(('城关镇', '新城镇', '某乡某村')))}",
        guardians=tuple(draw(st.lists(guardians(), max_size=2))),
    )


@st.composite
def grades(
    draw: st.DrawFn,
    stage: Stage | None = None,
    system: SchoolSystem | None = None,
    *,
    compulsory: bool | None = None,
) -> Grade:
    """Valid grades, optionally of one stage, 学制, or only compulsory/senior ones."""
    sys_ = system if system is not None else draw(st.sampled_from(SchoolSystem))
    if stage is not None:
        stg = stage
    elif compulsory is True:
        stg = draw(st.sampled_from((Stage.PRIMARY, Stage.JUNIOR)))
    elif compulsory is False:
        stg = Stage.SENIOR
    else:
        stg = draw(st.sampled_from(Stage))
    last = {
        Stage.PRIMARY: sys_.primary_years,
        Stage.JUNIOR: sys_.junior_years,
        Stage.SENIOR: 3,
    }[stg]
    return Grade(stg, draw(st.integers(1, last)), sys_)


def class_names() -> st.SearchStrategy[str]:
    """``1班`` … ``12班``."""
    return st.integers(1, 12).map(lambda n: f"{n}班")


def school_codes() -> st.SearchStrategy[str]:
    """Alphanumeric school codes (10-digit, like the national 学校标识码)."""
    return st.text(string.digits, min_size=10, max_size=10)


def _grades_of(stages: frozenset[Stage], system: SchoolSystem) -> list[Grade]:
    out = []
    for year in range(1, 13):
        g = Grade.from_year(year, system)
        if g.stage in stages:
            out.append(g)
    return out


@st.composite
def schools(
    draw: st.DrawFn,
    *,
    stages: frozenset[Stage] | None = None,
    system: SchoolSystem | None = None,
    mode: TeachingMode | None = None,
    provincial_model: bool | None = None,
    code: str | None = None,
    max_classes: int = 6,
) -> School:
    """Liangshan schools of both 学制 and every teaching mode, with a few classes of offered grades."""
    stg = (
        stages
        if stages is not None
        else frozenset(draw(st.sets(st.sampled_from(Stage), min_size=1, max_size=3)))
    )
    sys_ = system if system is not None else draw(st.sampled_from(SchoolSystem))
    offered = _grades_of(stg, sys_)
    picked = draw(
        st.lists(
            st.tuples(st.sampled_from(offered), class_names()),
            max_size=max_classes,
            unique=True,
        )
    )
    classes = tuple(ClassInfo(grade=g, name=n, size=draw(st.integers(0, 70))) for g, n in picked)
    if provincial_model is None:
        model = Stage.SENIOR in stg and draw(st.booleans())
    else:
        model = provincial_model
    county = draw(st.sampled_from(sorted(LIANGSHAN_COUNTIES)))
    return School(
        code=code if code is not None else draw(school_codes()),
        name=f"{county}{draw(st.sampled_from(('第一', '民族', '城关', '希望')))}学校",
        county=county,
        stages=stg,
        system=sys_,
        mode=mode if mode is not None else draw(st.sampled_from(TeachingMode)),
        provincial_model=model,
        classes=classes,
        # a county may lower the national/provincial standard, never raise it (2.1.2, 2.1.6.1)
        class_size_limit=draw(
            st.one_of(st.none(), st.integers(30, min(national_class_size_standard(s) for s in stg)))
        ),
    )


@attrs.frozen(kw_only=True)
class StrategyNote(Event, kind="test.strategy_note"):
    """A test-only event with a few typed fields, so that histories exercise event round-trips."""

    note: str = ""
    grade: Grade | None = None
    on: dt.date | None = None


def events() -> st.SearchStrategy[Event]:
    """Test-only events (:class:`StrategyNote`)."""
    return st.builds(
        StrategyNote,
        note=st.sampled_from(("", "备注", "note")),
        grade=st.one_of(st.none(), grades()),
        on=st.one_of(st.none(), dates()),
    )


_default_events = events


@st.composite
def transfers(draw: st.DrawFn, *, started: dt.date | None = None) -> TransferWorkflow:
    """Open transfer workflows with acts dated on or after the start."""
    start = started if started is not None else draw(dates())
    later = dates(min_value=start, max_value=start + dt.timedelta(days=60))
    cross = draw(st.booleans())
    # across prefectures the due date is None while the province's period is not set (2.1.4)
    due = draw(st.one_of(st.none(), later) if cross else later)
    return TransferWorkflow(
        to_school=draw(school_codes()),
        to_grade=draw(grades()),
        to_class=draw(class_names()),
        started_on=start,
        due=due,
        cross_prefecture=cross,
        receiving_authority_on=draw(st.one_of(st.none(), later)),
        sending_school_on=draw(st.one_of(st.none(), later)),
        sending_authority_on=draw(st.one_of(st.none(), later)),
    )


@st.composite
def suspensions(draw: st.DrawFn, *, started: dt.date | None = None) -> SuspensionPeriod:
    """休学 periods of up to two years."""
    start = started if started is not None else draw(dates())
    return SuspensionPeriod(
        started_on=start,
        ends_on=draw(dates(min_value=start, max_value=start + dt.timedelta(days=730))),
        extensions=draw(st.integers(0, 2)),
        filed_with_prefecture=draw(st.booleans()),
    )


@st.composite
def history_entries(
    draw: st.DrawFn,
    *,
    on: dt.date | None = None,
    events: st.SearchStrategy[Event] | None = None,
    school_code: str | None = None,
) -> HistoryEntry:
    """One history entry (the event and the state after it)."""
    ev = events if events is not None else _default_events()
    return HistoryEntry(
        on=on if on is not None else draw(dates()),
        event=draw(ev),
        status=draw(st.sampled_from(Status)),
        school_code=school_code if school_code is not None else draw(school_codes()),
        grade=draw(grades()),
    )


@st.composite
def records(
    draw: st.DrawFn,
    *,
    student: Student | None = None,
    school: School | None = None,
    grade: Grade | None = None,
    status: Status | None = None,
    events: st.SearchStrategy[Event] | None = None,
    max_history: int = 4,
    open_workflows: bool = True,
) -> Record:
    """Records with a history whose dates never decrease and whose last entry is the current state.

    ``school`` fixes the school (the grade is then one it offers); ``grade``/``status`` fix those.
    The current state (status, school, grade) is the last history entry's when there is one.
    """
    stu = student if student is not None else draw(students())
    enrolled = draw(dates(min_value=max(MIN_ACT, stu.birth_date), max_value=dt.date(2028, 9, 1)))
    if grade is not None:
        cur_grade = grade
    elif school is not None:
        cur_grade = draw(st.sampled_from(_grades_of(school.stages, school.system)))
    else:
        cur_grade = draw(grades())
    code = school.code if school is not None else draw(school_codes())
    cur_status = status if status is not None else draw(st.sampled_from(Status))
    on_dates: Sequence[dt.date] = sorted(
        draw(
            st.lists(
                dates(min_value=enrolled, max_value=enrolled + dt.timedelta(days=3 * 365)),
                max_size=max_history,
            )
        )
    )
    history = [
        draw(history_entries(on=d, events=events, school_code=code if i == 0 else None))
        for i, d in enumerate(on_dates)
    ]
    if history:
        last = history[-1]
        history[-1] = attrs.evolve(last, status=cur_status, school_code=code, grade=cur_grade)
    transfer = draw(st.one_of(st.none(), transfers())) if open_workflows else None
    suspension = draw(st.one_of(st.none(), suspensions())) if open_workflows else None
    return Record(
        student=stu,
        school_code=code,
        grade=cur_grade,
        class_name=draw(class_names()),
        status=cur_status,
        enrolled_on=enrolled,
        transfer=transfer,
        suspension=suspension,
        history=tuple(history),
    )
