"""学籍建立 Registration: clauses 1.1–1.5.

A record is created once, at first enrollment, at the school the student actually attends (1.1:
籍随人走、人籍一致、籍在人在). Before it, the school queries the province's data (1.2): the host system
supplies that lookup as a callable, and a hit refuses the new record. The first record is a primary
grade-1 record built from the 户口 or the police's identity data (1.2); junior and senior first years
never get a new record — admission continues the old one (1.2, 3.2, :mod:`.admission`). A starting
grade is registered on the student's actual arrival, never in advance (1.4), and the photo is imported
afterwards (1.4). New students' data are collected, confirmed by the parents and submitted by 9-30 (1.3).
A registered record is never deleted (1.5).

Everything is an event of the record's history (the library is event-sourced): :class:`Register` is the
first entry of every record created by :func:`register`; :class:`ConfirmNewStudentData`,
:class:`ImportPhoto` and :class:`AttendanceCheck` record the later facts; :class:`Delete` is always
refused.

Readings (the vague parts):

- **实际就读学校 / actually attending** (1.1) is a fact the school records: ``attending`` on the
  registration and every later :class:`AttendanceCheck`. The latest one holds
  (:func:`attending`). A record whose latest fact says "not attending" is an empty record (空挂学籍).
- **The lookup** is a callable ``lookup(student) -> bool`` the host supplies: ``True`` when the
  province's data already hold a record of this student (by ID number or student number). A lookup that
  fails (raises) counts as not done, and the registration is refused. Its answer is stored on the event.
- **Which grades** (1.2): a new record is a primary grade-1 record. Junior 1 and senior 1 come through
  admission (3.2); a first record in any other grade is not covered by this regulation (8.4).
- **9-30** (1.3) is the 9-30 of the school year (:func:`~liangshan_xueji.records.status.school_year`) the record
  was registered in; that day itself is on time. It concerns new records (registrations); an admitted
  student's data continue from the previous stage (3.2).
- **就近入学** (1.5) is a principle, not a bar: a registration outside the county of the student's 户口
  is allowed with a note (migrant children, 随迁子女, study where their parents work).
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable

import attrs

from ..decisions import Deadline, Decision, Material, Reason
from ..errors import InvalidInput, XuejiError
from ..law.clauses import implements
from ..records.models import Grade, HistoryEntry, Record, School, Stage, Student
from ..records.status import Context, StatusEvent, entry, rule, school_year, transition
from . import _parts as p
from .outcome import Outcome
from .regulation import apply, evaluate

__all__ = [
    "IDENTITY_DATA",
    "PROVINCE_LOOKUP",
    "AttendanceCheck",
    "ConfirmNewStudentData",
    "Delete",
    "IdentitySource",
    "ImportPhoto",
    "LookupResult",
    "ProvinceLookup",
    "Register",
    "Registration",
    "attending",
    "before_arrival",
    "identity_bar",
    "lookup_bar",
    "new_student_data_due",
    "not_attending",
    "register",
    "registration_entry",
    "run_lookup",
]

#: The host's province-wide lookup (1.2): ``True`` when a record of the student already exists.
ProvinceLookup = Callable[[Student], bool]


class IdentitySource(enum.Enum):
    """What a grade-1 record is built from (1.2): the 户口 or the police's identity data."""

    HOUSEHOLD_REGISTER = "户口"
    POLICE_IDENTITY = "公安部门提供的身份信息"


class LookupResult(enum.Enum):
    """The answer of the province-wide lookup (全省数据查询, 1.2), as stored on an event."""

    NOT_DONE = "未查询"
    CLEAR = "全省无该生学籍信息"
    FOUND = "全省已有该生学籍信息"


#: The evidence of 1.2.
PROVINCE_LOOKUP = Material(
    "province_lookup",
    "1.2",
    "全省数据查询结果（无该生学籍信息）",
    "the province-wide lookup's answer (no record of this student)",
)
IDENTITY_DATA = Material(
    "identity_data",
    "1.2",
    "户口或公安部门提供的身份信息",
    "the 户口 or the identity data supplied by the police",
)
_PARENTS_CONFIRMATION = Material(
    "parents_confirmation",
    "1.3",
    "家长签字确认的新生信息",
    "the new student's data confirmed by the parents' signature",
)
_SUBMITTED = Material(
    "submitted_for_review",
    "1.3",
    "录入学籍系统并上报教育主管部门审核",
    "the data entered in the system and submitted to the education authority for review",
)


# --------------------------------------------------------------------------------------------------
# Events


@attrs.frozen(kw_only=True)
class Register(StatusEvent, kind="registration"):
    """学籍注册 (1.1–1.4): the first entry of a record. 新生初次注册学籍。

    ``arrived_on`` is the day the student actually arrived (实际到校报到, 1.4); ``identity_source`` what
    the record was built from (1.2); ``province_lookup`` the province-wide lookup's answer (1.2);
    ``attending`` whether the student actually attends this school (1.1).
    """

    school_code: str = attrs.field(validator=p.text())
    grade: Grade = attrs.field(validator=p.of(Grade))
    class_name: str = attrs.field(validator=p.text())
    arrived_on: _dt.date | None = attrs.field(default=None, validator=p.of(_dt.date, optional=True))
    identity_source: IdentitySource | None = attrs.field(
        default=None, validator=p.of(IdentitySource, optional=True)
    )
    province_lookup: LookupResult = attrs.field(
        default=LookupResult.NOT_DONE, validator=p.of(LookupResult)
    )
    attending: bool = attrs.field(default=True, validator=p.of(bool))


@attrs.frozen(kw_only=True)
class ConfirmNewStudentData(StatusEvent, kind="registration.confirm"):
    """新生信息家长签字确认并上报审核 (1.3): due by 9-30."""

    parents_signed: bool = attrs.field(default=False, validator=p.of(bool))
    submitted: bool = attrs.field(default=False, validator=p.of(bool))


@attrs.frozen(kw_only=True)
class ImportPhoto(StatusEvent, kind="registration.photo"):
    """照片导入 (1.4): the registrar imports the student's photo after registration."""


@attrs.frozen(kw_only=True)
class AttendanceCheck(StatusEvent, kind="attendance.check"):
    """实际就读核查 (1.1, 6.1, 6.3): whether the student actually attends the record's school."""

    attending: bool = attrs.field(validator=p.of(bool))


@attrs.frozen(kw_only=True)
class Delete(StatusEvent, kind="deletion"):
    """删除学籍 (1.5): always refused — a registered record is never deleted."""


# --------------------------------------------------------------------------------------------------
# Reading the history


def registration_entry(record: Record) -> HistoryEntry | None:
    """The :class:`Register` entry when the record's history starts with it, else ``None``.

    A record with such a history is complete from its registration: the checks that need to know
    what happened since registration (an archive made, a photo imported, data confirmed) judge it; a
    record imported with a partial history is judged only on what its history shows.
    """
    if record.history and isinstance(record.history[0].event, Register):
        return record.history[0]
    return None


def attending(record: Record) -> bool | None:
    """Whether the student actually attends the record's school (1.1), by the latest recorded fact.

    The latest :class:`AttendanceCheck`, else the registration's ``attending``; ``None`` when the
    history records neither. A move to another school recorded in the history (a completed transfer,
    an admission, a return elsewhere) is itself the new school's word that the student attends there
    (``True``) until a later check says otherwise. ``None`` too when the record's school is not the
    one its history ends at (edited outside the history).
    """
    found: bool | None = None
    school = None
    for e in record.history:
        if school is not None and e.school_code != school:
            found = True  # moved with the student (籍随人走): the new school took them in
        school = e.school_code
        ev = e.event
        if isinstance(ev, (AttendanceCheck, Register)):
            found = ev.attending
    if school is not None and school != record.school_code:
        return None
    return found


def new_student_data_due(record: Record, context: Context) -> _dt.date:
    """The 9-30 by which a new student's data are collected, confirmed and submitted (1.3).

    The parameter ``new_student_data_due`` of the school year (:func:`school_year`) of the
    registration (or, without a registration entry, of ``record.enrolled_on``).
    """
    reg = registration_entry(record)
    base = reg.on if reg is not None else record.enrolled_on
    day = context.parameters.month_day("new_student_data_due", context.on)
    return day.in_year(school_year(base))


def _due_deadline(record: Record, context: Context) -> tuple[Deadline, list[Reason]]:
    due = new_student_data_due(record, context)
    notes: list[Reason] = []
    if context.on > due:
        notes.append(
            Reason(
                "1.3",
                f"新生信息应在 {due} 前完成采集、家长签字确认并上报审核，已逾期",
                f"the new student's data were due, confirmed and submitted, by {due}; it is late",
            )
        )
    return Deadline(clause="1.3", start=min(context.on, due), due=due), notes


# --------------------------------------------------------------------------------------------------
# Rules


def _starting_admission_grade(grade: Grade) -> bool:
    return grade.number == 1 and grade.stage in (Stage.JUNIOR, Stage.SENIOR)


@implements("1.2")
def lookup_bar(province_lookup: LookupResult) -> tuple[Reason, ...]:
    """1.2: a record is registered only after the province-wide lookup found none. The rule calls it
    on a registration; the audit (``policy.breaches.false_registration``, 8.3.2) on one recorded."""
    if province_lookup is LookupResult.NOT_DONE:
        return (
            Reason(
                "1.2",
                "须先将学生信息进行全省数据查询，确认无该生学籍信息后方可注册",
                "the province's data must be queried first; only with no record found may the "
                "student be registered",
            ),
        )
    if province_lookup is LookupResult.FOUND:
        return (
            Reason(
                "1.2",
                "全省数据中已有该生学籍信息，不得重复注册；学生在本校就读的，应办理转学或重复学籍处理",
                "the province's data already hold a record of this student: no second record; if "
                "the student attends here, transfer the record or resolve the duplicate",
            ),
        )
    return ()


@implements("1.2")
def identity_bar(identity_source: IdentitySource | None) -> tuple[Reason, ...]:
    """1.2: a record is built from the 户口 or the police's identity data (rule and audit, as above)."""
    if identity_source is not None:
        return ()
    return (
        Reason(
            "1.2",
            "须依据户口或公安部门提供的身份信息建立学籍，不得用虚假信息注册",
            "the record is built from the 户口 or the police's identity data, never from "
            "unverified information",
        ),
    )


@implements("1.1", "6.1")
def not_attending(attending: bool, *, model_one: bool = False) -> tuple[Reason, ...]:
    """1.1 (籍在人在): a record is registered where the student actually attends; at a 一类模式 school
    an empty record is also barred by 6.1 (rule and audit, as above)."""
    if attending:
        return ()
    empty = Reason(
        "1.1",
        "学生学籍必须在实际就读学校注册（籍在人在），不得空挂学籍",
        "a record is registered at the school the student actually attends; no empty record",
    )
    if not model_one:
        return (empty,)
    return (
        empty,
        Reason(
            "6.1",
            "严禁一类模式学校为非一类模式学生空挂学籍",
            "a model-one school must never hold an empty record",
        ),
    )


_NO_ARRIVAL_DAY = Reason(
    "1.4",
    "起始年级按学生实际到校报到注册学籍，须记录报到日期",
    "a starting grade is registered on the student's actual arrival; the day of arrival is needed",
)


@implements("1.4")
def before_arrival(
    arrived_on: _dt.date | None, on: _dt.date, no_day: Reason = _NO_ARRIVAL_DAY
) -> tuple[Reason, ...]:
    """1.4: a starting grade is registered on the student's actual arrival — never before it, and
    not without the day (``no_day`` says so in the act's words). The rules of registration and
    admission call it on the act; the audit (``policy.breaches.registration_arrival_and_photo``) on
    the act recorded."""
    if arrived_on is None:
        return (no_day,)
    if arrived_on > on:
        return (
            Reason(
                "1.4",
                f"学生 {arrived_on} 才到校报到，不得抢先注册",
                f"the student arrives only on {arrived_on}; no registration in advance",
            ),
        )
    return ()


@rule(Register)
@implements("1.1", "1.2", "1.3", "1.4", "1.5", "3.2", "6.1", "8.4")
def evaluate_registration(record: Record, event: Register, context: Context) -> Decision:
    """学籍注册 (1.1–1.5): refused, with every reason, for a record already registered or found by the
    province-wide lookup, a lookup not done (1.2), a grade other than primary 1 (1.2, 3.2, 8.4), no 户口
    or police identity data (1.2), a student not actually attending (1.1; at a 一类模式 school also
    6.1), and a registration before actual arrival (1.4). Allowed with the 9-30 deadline of 1.3.
    """
    if record.history:
        return Decision.refuse(
            Reason(
                "1.2",
                "该学籍已经注册，不得重复注册",
                "the record is already registered; a student is registered once",
            )
        )
    if (event.school_code, event.grade, event.class_name) != (
        record.school_code,
        record.grade,
        record.class_name,
    ):
        raise InvalidInput(
            "注册事件的学校、年级或班级与学籍不一致",
            "the registration's school, grade or class differ from the record's",
            where="event",
        )
    school = context.school(event.school_code, where="school_code")
    if not school.offers(event.grade):
        raise InvalidInput(
            f"{school.name}不设{event.grade.label_zh}",
            f"{school.name} does not offer {event.grade.label_en}",
            where="grade",
        )
    reasons: list[Reason] = []
    missing: list[Material] = []
    if _starting_admission_grade(event.grade):
        reasons.append(
            Reason(
                "1.2",
                f"{event.grade.label_zh}的学籍只能采用升学招生的形式调档，接续原有学籍档案，不得新建",
                f"a {event.grade.label_en} record comes only through admission, continuing the "
                "previous archive; it is never created anew",
            )
        )
        reasons.append(
            Reason(
                "3.2",
                "初、高中一年级新生从上一教育阶段毕业生中录取，直接接续原有学籍档案信息",
                "junior and senior first years are admitted from the previous stage's graduates, "
                "continuing their archive",
            )
        )
    elif not (event.grade.stage is Stage.PRIMARY and event.grade.number == 1):
        reasons.append(
            Reason(
                "1.2",
                f"新生学籍为小学一年级学籍，不能在{event.grade.label_zh}新建学籍",
                f"a new record is a primary grade-1 record, not one in {event.grade.label_en}",
            )
        )
        reasons.append(
            Reason(
                "8.4",
                "为无学籍学生在其他年级建立学籍，本规定未涉及，按《学籍管理办法》及教育部、省教育厅相关规定执行",
                "creating a first record in another grade is not covered here: the national "
                "学籍管理办法 and the Ministry's and province's rules apply",
            )
        )
    looked_up = lookup_bar(event.province_lookup)
    reasons += looked_up
    if looked_up and event.province_lookup is LookupResult.NOT_DONE:
        missing.append(PROVINCE_LOOKUP)
    unfounded = identity_bar(event.identity_source)
    reasons += unfounded
    if unfounded:
        missing.append(IDENTITY_DATA)
    reasons += not_attending(event.attending, model_one=p.in_model_one(record, school) is True)
    reasons += before_arrival(event.arrived_on, context.on)
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
    deadline, notes = _due_deadline(record, context)
    notes.append(
        Reason(
            "1.4",
            "注册完成后，学籍管理员应及时完成照片导入",
            "the registrar imports the student's photo promptly after registration",
        )
    )
    notes += _nearest_school_note(record, school)
    return Decision.allow(*notes, deadline=deadline)


def _nearest_school_note(record: Record, school: School) -> list[Reason]:
    """1.5's 户口所在地就近入学, decided from the 户籍 region code (never the 户籍 text): a note when the
    student's 户籍 is in another county, or when it cannot be told."""
    inside = p.household_in_county(record.student, school)
    if inside is True:
        return []
    zh, en = p.household_basis(record.student)
    if inside is None:
        return [
            Reason(
                "1.5",
                f"学籍遵循户口所在地就近入学原则；未能核对学生户籍是否在{school.county}（{zh}）",
                f"records follow the nearest school of the 户口; whether the student's household "
                f"registration is in {school.county} could not be checked ({en})",
            )
        ]
    return [
        Reason(
            "1.5",
            f"学籍遵循户口所在地就近入学原则；学生户籍不在{school.county}（{zh}）",
            f"records follow the nearest school of the 户口; the student's household "
            f"registration is not in {school.county} ({en})",
        )
    ]


@transition(Register)
def _register(record: Record, event: Register, context: Context) -> Record:
    return record.appended(entry(record, event, context))


@rule(ConfirmNewStudentData)
@implements("1.3")
def evaluate_confirmation(
    record: Record, event: ConfirmNewStudentData, context: Context
) -> Decision:
    """新生信息确认 (1.3): a new student's data, signed by the parents and submitted for review, by
    9-30. Refused for a record that is not a new student's or is already confirmed, or without the
    parents' signature or the submission; allowed with a reason when late.
    """
    reasons: list[Reason] = []
    new = registration_entry(record) is not None or (
        not record.history and record.grade == Grade(Stage.PRIMARY, 1, record.grade.system)
    )
    if not new:
        reasons.append(
            Reason(
                "1.3",
                "只有新注册学生的信息需要家长签字确认并上报",
                "only a newly registered student's data are confirmed by the parents and submitted",
            )
        )
    if any(isinstance(e.event, ConfirmNewStudentData) for e in record.history):
        reasons.append(
            Reason(
                "1.3",
                "该生新生信息已经确认上报",
                "this student's data were already confirmed and submitted",
            )
        )
    missing = []
    if not event.parents_signed:
        missing.append(_PARENTS_CONFIRMATION)
    if not event.submitted:
        missing.append(_SUBMITTED)
    if missing:
        reasons.append(
            Reason(
                "1.3",
                "新生信息须经家长签字确认，录入学籍系统并上报教育主管部门审核",
                "the data must be confirmed by the parents' signature, entered and submitted to "
                "the education authority",
            )
        )
    if reasons:
        return Decision.refuse(*reasons, missing=missing)
    deadline, notes = _due_deadline(record, context)
    return Decision.allow(*notes, deadline=deadline)


@transition(ConfirmNewStudentData)
def _confirm(record: Record, event: ConfirmNewStudentData, context: Context) -> Record:
    return record.appended(entry(record, event, context))


@rule(ImportPhoto)
@implements("1.4")
def evaluate_photo(record: Record, event: ImportPhoto, context: Context) -> Decision:
    """照片导入 (1.4): always allowed on a live record; a re-import replaces the photo."""
    if any(isinstance(e.event, ImportPhoto) for e in record.history):
        return Decision.allow(
            Reason("1.4", "重新导入照片（替换原照片）", "the photo is imported again (replaced)")
        )
    return Decision.allow()


@transition(ImportPhoto)
def _photo(record: Record, event: ImportPhoto, context: Context) -> Record:
    return record.appended(entry(record, event, context))


@rule(AttendanceCheck)
@implements("1.1", "6.1", "6.3")
def evaluate_attendance(record: Record, event: AttendanceCheck, context: Context) -> Decision:
    """实际就读核查 (1.1): recording the fact is always allowed; a student found not attending makes
    the record an empty record (空挂学籍), which the reasons name (at a 一类模式 school, 6.1 or 6.3).
    """
    if event.attending:
        return Decision.allow()
    notes = [
        Reason(
            "1.1",
            "学生不在学籍所在学校就读，该学籍为空挂学籍：应按实际就读情况办理转学、重复学籍处理或离校手续",
            "the student does not attend the record's school: an empty record, to be resolved by a "
            "transfer, the duplicate procedure or a departure",
        )
    ]
    school = context.schools.get(record.school_code)
    if p.in_model_one(record, school):
        clause = "6.1" if record.grade.compulsory else "6.3"
        notes.append(
            Reason(
                clause,
                "严禁一类模式学校为非一类模式学生空挂学籍",
                "a model-one school must never hold an empty record",
            )
        )
    return Decision.allow(*notes)


@transition(AttendanceCheck)
def _attendance(record: Record, event: AttendanceCheck, context: Context) -> Record:
    return record.appended(entry(record, event, context))


@rule(Delete)
@implements("1.5", "3.3")
def evaluate_deletion(record: Record, event: Delete, context: Context) -> Decision:
    """删除学籍 (1.5): always refused. A long absence ends in 辍学 or 其他离校 (1.5, 2.4.2); a duplicate
    record ends removed with its history kept (3.3).
    """
    return Decision.refuse(
        Reason(
            "1.5",
            "学籍一旦在全国学籍系统中注册，不得随意删除；学生长期不在校又无法联系家长的，可暂做辍学或其他离校处理",
            "a registered record is never deleted; a student long absent and unreachable may be "
            "set to 辍学 or 其他离校",
        ),
        Reason(
            "3.3",
            "重复学籍由实际就读学校上传附表3后，对方学校作删除处理，学籍历史保留",
            "a duplicate record is removed on the attended school's 附表3, its history kept",
        ),
    )


@transition(Delete)
def _never(record: Record, event: Delete, context: Context) -> Record:  # pragma: no cover
    raise AssertionError("a deletion is always refused")


# --------------------------------------------------------------------------------------------------
# Creating a record


#: The result of :func:`register` (the name kept from 0.1): an :class:`~.outcome.Outcome`, the decision
#: and, when allowed, the new record (else ``None``): ``decision, record = register(...)``.
Registration = Outcome


def run_lookup(lookup: object, student: Student) -> tuple[LookupResult, list[Reason]]:
    """Ask the host's province-wide lookup about ``student`` (1.2).

    ``lookup`` must be callable and answer a bool (``True``: a record exists). A lookup that raises
    anything but a library error counts as not done, with a reason naming the error's type (its
    message may hold personal data and is not shown).
    """
    if not callable(lookup):
        raise InvalidInput(
            "lookup 应为可调用对象（全省数据查询）",
            "lookup must be a callable (the province-wide lookup)",
            where="lookup",
        )
    try:
        found = lookup(student)
    except XuejiError:
        raise
    except Exception as exc:
        return LookupResult.NOT_DONE, [
            Reason(
                "1.2",
                f"全省数据查询未能完成（{type(exc).__name__}）",
                f"the province-wide lookup failed ({type(exc).__name__})",
            )
        ]
    if not isinstance(found, bool):
        raise InvalidInput(
            f"全省数据查询应返回 True 或 False，得到 {type(found).__name__}",
            f"the province-wide lookup must return True or False, not {type(found).__name__}",
            where="lookup",
        )
    return (LookupResult.FOUND if found else LookupResult.CLEAR), []


@implements("1.1", "1.2", "1.3", "1.4", "1.5")
def register(
    student: Student,
    school_code: str,
    grade: Grade,
    class_name: str,
    context: Context,
    *,
    lookup: ProvinceLookup,
    arrived_on: _dt.date | None = None,
    identity_source: IdentitySource | None = None,
    attending: bool = True,
) -> Outcome:
    """Create a record (初次注册学籍, 1.1–1.4): ask the province-wide ``lookup`` first (1.2), then judge
    the :class:`Register` event; when allowed, the new record's history starts with it.

    ``decision, record = register(student, "5134000001", Grade(Stage.PRIMARY, 1), "1班", ctx,
    lookup=host_lookup, arrived_on=day, identity_source=IdentitySource.HOUSEHOLD_REGISTER)``.
    ``record`` is ``None`` when refused; the decision lists every reason. Bad input raises
    :class:`~liangshan_xueji.errors.InvalidInput`.
    """
    p.check_type(student, Student, "student")
    p.check_text(school_code, "school_code")
    p.check_type(grade, Grade, "grade")
    p.check_text(class_name, "class_name")
    p.check_context(context)
    if arrived_on is not None:
        p.check_date(arrived_on, "arrived_on")
    if identity_source is not None:
        p.check_type(identity_source, IdentitySource, "identity_source")
    p.check_type(attending, bool, "attending")
    result, failure = run_lookup(lookup, student)
    event = Register(
        student=student.student_number,
        school_code=school_code,
        grade=grade,
        class_name=class_name,
        arrived_on=arrived_on,
        identity_source=identity_source,
        province_lookup=result,
        attending=attending,
    )
    provisional = Record(
        student=student,
        school_code=school_code,
        grade=grade,
        class_name=class_name,
        enrolled_on=context.on,
    )
    decision = evaluate(provisional, event, context)
    if failure:
        decision = Decision.combine(decision, Decision.refuse(*failure))
    if not decision.allowed:
        return Outcome(decision, None)
    return Outcome(decision, apply(provisional, event, context))
