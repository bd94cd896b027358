"""一类模式 Model one (Yi-medium instruction): clauses 6.1–6.3, beyond the transfer bans.

The bans on a mid-way transfer of a non-一类 student into a 一类 school (6.1 compulsory, 6.3 senior, with
2.1.6.2) are enforced by :mod:`.transfer`. This module adds:

- **No empty records** (空挂学籍, 6.1, 6.3): a record at a 一类 school whose latest attendance fact
  (:func:`~.registration.attending`: the registration's, an :class:`~.registration.AttendanceCheck`)
  says the student does not attend (:func:`empty_record_decision`; the audit's 8.3.9 check).
- **Admission into 一类 junior 1** of a graduate of a non-一类 primary school only with a passed test
  (通过检测择优录取, 6.1), and **into 一类 senior 1** only after the prefecture approved the roster (6.2):
  :func:`model_one_admission_reasons`, used by the admission rule (:mod:`.admission`).
- **The 9-30 filing** of the starting grades (primary 1, junior 1) with the prefecture's 民族教育科
  (6.1): :class:`PrefectureFiling` per record, :func:`file_starting_grades` for a school.
- **The 8-25 senior roster** with the 中考 scores (6.2): :class:`SeniorRoster`,
  :func:`submit_senior_roster`.

People-bound parts (the library records them, it cannot do them): the county manages compulsory 一类
records (6.1); the prefecture and the county jointly manage senior ones, and the prefecture files the
approved roster with the province's 民族教育处 to obtain the 一类模式 高考 qualification (6.2).

Readings: the starting grades of 6.1 are primary 1 and junior 1 (the clause's own words) of any 学制;
a student "entered" the starting grade at the latest registration or admission in the history; the
filing is due by 9-30 of that school year (``yi_starting_grades_filing_due``). A late filing or roster
is accepted with a reason saying it is late (the work must still be done); the audit lists it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

import attrs

from ..decisions import Decision, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..records._privacy import mask_id
from ..records.models import (
    Grade,
    HistoryEntry,
    Record,
    School,
    Stage,
    Status,
    StudentNumber,
    TeachingMode,
)
from ..records.status import Context, StatusEvent, entry, rule, school_year, transition
from . import _parts as p
from .registration import attending
from .regulation import apply, evaluate

__all__ = [
    "PrefectureFiling",
    "RosterEntry",
    "SeniorRoster",
    "empty_record_decision",
    "entered_starting_grade",
    "file_starting_grades",
    "filing_due",
    "is_starting_grade",
    "model_one_admission_reasons",
    "model_one_roster_bar",
    "model_one_test_bar",
    "submit_senior_roster",
]

#: The event kinds that put a student into a grade at a school (registration 1.1, admission 3.2).
_ENTRY_KINDS = frozenset({"registration", "admission"})


@attrs.frozen(kw_only=True)
class PrefectureFiling(StatusEvent, kind="model_one.filing"):
    """起始年级学籍报州教育局民族教育科备案 (6.1): this record was filed with the prefecture."""

    reference: str | None = attrs.field(default=None, validator=p.text(optional=True))


def is_starting_grade(grade: Grade) -> bool:
    """Primary 1 or junior 1 (小学一年级、初中一年级), the compulsory starting grades of 6.1."""
    return grade.compulsory and grade.number == 1


def entered_starting_grade(record: Record) -> HistoryEntry | None:
    """The registration or admission entry that put the student into the record's current grade at
    its current school, when the history has one (else ``None``)."""
    for e in reversed(record.history):
        if type(e.event).kind in _ENTRY_KINDS:
            if e.grade == record.grade and e.school_code == record.school_code:
                return e
            return None
    return None


def filing_due(entered_on: _dt.date, context: Context) -> _dt.date:
    """9-30 (``yi_starting_grades_filing_due``) of the school year a student entered in (6.1)."""
    day = context.parameters.month_day("yi_starting_grades_filing_due", context.on)
    return day.in_year(school_year(entered_on))


_UNKNOWN_MODE = Reason(
    "6.1",
    "该校开设多种教学模式，学生（班级）的教学模式未知，无法判断是否一类模式学生：请提供学生的教学模式"
    "（Record.mode）或其班级的教学模式（ClassInfo.mode）",
    "the school runs several teaching modes and the student's (class's) mode is unknown, so "
    "whether this is a model-one student cannot be decided: give the student's mode (Record.mode) "
    "or the class's (ClassInfo.mode)",
    needs=p.STUDENT_MODE_FACT,
)


def _model_one(context: Context, code: str) -> School:
    return context.school(code, where="school_code")


@rule(PrefectureFiling)
@implements("6.1")
def evaluate_filing(record: Record, event: PrefectureFiling, context: Context) -> Decision:
    """备案 (6.1): a 一类模式 student's starting-grade record (the student's mode, not the school's
    label), once per entry, by 9-30; refused, saying which fact to give, when the mode is unknown."""
    school = _model_one(context, record.school_code)
    reasons: list[Reason] = []
    model_one = p.in_model_one(record, school)
    if model_one is False:
        reasons.append(
            Reason(
                "6.1",
                "只有一类模式学生的起始年级学籍报州教育局民族教育科备案",
                "only model-one students' starting-grade records are filed with the prefecture",
            )
        )
    elif model_one is None:
        reasons.append(_UNKNOWN_MODE)
    if not is_starting_grade(record.grade):
        reasons.append(
            Reason(
                "6.1",
                f"{record.grade.label_zh}不是起始年级（小学一年级、初中一年级）",
                f"{record.grade.label_en} is not a starting grade (primary 1, junior 1)",
            )
        )
    entered = entered_starting_grade(record)
    since = entered.on if entered is not None else record.enrolled_on
    if any(isinstance(e.event, PrefectureFiling) and e.on >= since for e in record.history):
        reasons.append(
            Reason("6.1", "该学籍已报州备案", "this record was already filed with the prefecture")
        )
    if reasons:
        return Decision.refuse(*reasons)
    due = filing_due(since, context)
    return p.allow_by(
        "6.1", due, context.on,
        f"起始年级学籍应于 {due} 前报州教育局民族教育科备案，已逾期",
        f"the starting grades were due at the prefecture by {due}; it is late",
    )  # fmt: skip


@transition(PrefectureFiling)
def _file(record: Record, event: PrefectureFiling, context: Context) -> Record:
    return record.appended(entry(record, event, context))


@implements("6.1")
def file_starting_grades(
    records: Iterable[Record], school_code: str, context: Context, *, reference: str | None = None
) -> tuple[Decision, tuple[Record, ...]]:
    """备案 a 一类模式 school's starting grades this school year (6.1), all or nothing.

    Every 在校 record of the school in primary 1 or junior 1 of a 一类模式 student (the student's mode:
    a school may run both modes) that entered this school year (by ``school_year(context.on)``) and is
    not yet filed gets a :class:`PrefectureFiling`. Returns the
    decision and the records, in the same order, filed ones replaced; when any filing is refused,
    nothing is filed and the decision lists every reason. A student this regulation does not govern
    (8.5: foreign, Hong Kong, Macao, Taiwan, or a J number of unknown origin) is left as they are and
    named in an 8.5 reason of the decision, not filed and not a refusal of the batch.
    """
    rows = p.records_of(records)
    p.check_text(school_code, "school_code")
    p.check_context(context)
    school = _model_one(context, school_code)
    if not school.runs(TeachingMode.MODEL_ONE):
        return Decision.refuse(
            Reason(
                "6.1",
                f"{school.name}不是一类模式学校，无需报州教育局民族教育科备案",
                f"{school.name} is not a model-one school; it files nothing with the prefecture",
            )
        ), rows
    now = school_year(context.on)
    targets: list[int] = []
    for i, r in enumerate(rows):
        if r.school_code != school_code or r.status is not Status.ENROLLED:
            continue
        if not is_starting_grade(r.grade) or p.in_model_one(r, school) is False:
            continue  # (a mode unknown is evaluated: refused, saying which fact to give)
        entered = entered_starting_grade(r)
        since = entered.on if entered is not None else r.enrolled_on
        if school_year(since) != now:
            continue
        if any(isinstance(e.event, PrefectureFiling) and e.on >= since for e in r.history):
            continue
        targets.append(i)
    targets, skipped = p.skip_outside(rows, targets)
    if not targets:
        return Decision.combine(
            Decision.allow(
                Reason(
                    "6.1", "本学年没有待备案的起始年级学籍", "no starting-grade record left to file"
                )
            ),
            skipped,
        ), rows
    decisions = []
    for i in targets:
        event = PrefectureFiling(student=rows[i].student.student_number, reference=reference)
        decisions.append(evaluate(rows[i], event, context))
    decision = Decision.combine(*decisions, skipped)
    if not decision.allowed:
        return decision, rows
    out = list(rows)
    for i in targets:
        event = PrefectureFiling(student=rows[i].student.student_number, reference=reference)
        out[i] = apply(rows[i], event, context)
    return decision, tuple(out)


@implements("1.1", "6.1", "6.3")
def empty_record_decision(record: Record, context: Context) -> Decision:
    """空挂学籍 (1.1, 6.1, 6.3): refused when the latest attendance fact says the student does not
    attend the record's school; when the record is held in a 一类模式 class (the student's mode,
    :func:`~liangshan_xueji.records.models.student_mode`) the ban of 6.1 (compulsory) or 6.3 (senior)
    is named too. Allowed (with no reason) otherwise, including when attendance was never recorded.
    """
    p.check_type(record, Record, "record")
    p.check_context(context)
    if attending(record) is not False or record.status is not Status.ENROLLED:
        return Decision.allow()
    reasons = [
        Reason(
            "1.1",
            "学籍必须在实际就读学校注册（籍在人在）：该生不在本校就读，属空挂学籍",
            "a record is held at the school the student actually attends: this one is empty",
        )
    ]
    school = context.schools.get(record.school_code)
    if p.in_model_one(record, school):
        if record.grade.compulsory:
            reasons.append(
                Reason(
                    "6.1",
                    "严禁一类模式学校为非一类模式学生空挂学籍",
                    "a model-one school must never hold an empty record for a student it does not teach",
                )
            )
        else:
            reasons.append(
                Reason(
                    "6.3",
                    "严禁一类模式普通高中学校为非一类模式学生空挂学籍（川教函〔2013〕746号）",
                    "a model-one senior high must never hold an empty record (川教函〔2013〕746号)",
                )
            )
    return Decision.refuse(*reasons)


def _admitted_mode(
    admitting: School, grade: Grade, class_name: str | None, admitted: TeachingMode | None
) -> TeachingMode | None:
    """The mode of the class a student is admitted into: ``admitted`` when given, else the class's
    (:meth:`~liangshan_xueji.records.models.School.class_mode`), else the school's sole mode."""
    if admitted is not None:
        return admitted
    if class_name is None:
        return admitting.sole_mode
    return admitting.class_mode(grade, class_name)


def _check_modes(**modes: object) -> None:
    for name, value in modes.items():
        if value is not None:
            p.check_type(value, TeachingMode, name)


@implements("6.1", "6.2")
@implements("6.1")
def model_one_test_bar(
    previous: School,
    admitting: School,
    grade: Grade,
    passed_test: bool,
    *,
    previous_mode: TeachingMode | None = None,
    class_name: str | None = None,
    admitted_mode: TeachingMode | None = None,
) -> tuple[Reason, ...]:
    """6.1: junior 1 in a 一类模式 class of a graduate of a non-一类 primary (the student's mode there:
    ``previous_mode``, else the primary school's sole mode) only with a passed test (通过检测择优录取).
    The admitted class's mode is ``admitted_mode``, else class ``class_name``'s, else the school's sole
    mode; a mode nobody gave that decides it gives a reason saying which fact to give."""
    p.check_type(previous, School, "previous")
    p.check_type(admitting, School, "admitting")
    p.check_type(grade, Grade, "grade")
    p.check_type(passed_test, bool, "passed_test")
    p.check_text(class_name, "class_name", optional=True)
    _check_modes(previous_mode=previous_mode, admitted_mode=admitted_mode)
    if grade.stage is not Stage.JUNIOR or passed_test:
        return ()
    into = _admitted_mode(admitting, grade, class_name, admitted_mode)
    came = previous_mode if previous_mode is not None else previous.sole_mode
    if came is TeachingMode.MODEL_ONE:
        return ()
    if into is None and admitting.runs(TeachingMode.MODEL_ONE):
        return (
            Reason(
                "6.1",
                f"{admitting.name}开设一类模式，录取班级的教学模式未知，无法判断是否须通过检测："
                "请提供班级的教学模式（ClassInfo.mode）",
                f"{admitting.name} runs model-one classes and the admitting class's mode is unknown, "
                "so whether the test applies cannot be decided: give the class's mode (ClassInfo.mode)",
                needs=p.CLASS_MODE_FACT,
            ),
        )
    if into is not TeachingMode.MODEL_ONE:
        return ()
    if came is None:
        return (
            Reason(
                "6.1",
                f"录取进入一类模式初中班级，但学生在{previous.name}的教学模式未知，无法判断是否须通过检测："
                "请提供学生的教学模式（Record.mode）",
                f"admission into a model-one junior class, but the student's mode at {previous.name} "
                "is unknown, so whether the test applies cannot be decided: give the student's mode "
                "(Record.mode)",
                needs=p.STUDENT_MODE_FACT,
            ),
        )
    return (
        Reason(
            "6.1",
            "小学非一类模式学校毕业生升入初中一类模式学校，必须按照相关规定通过检测择优录取",
            "a graduate of a non-model-one primary school enters a model-one junior school only "
            "by passing its test",
        ),
    )


@implements("6.2")
def model_one_roster_bar(
    admitting: School,
    grade: Grade,
    roster_approval: str | None,
    *,
    class_name: str | None = None,
    admitted_mode: TeachingMode | None = None,
) -> tuple[Reason, ...]:
    """6.2: senior 1 in a 一类模式 class (``admitted_mode``, else class ``class_name``'s, else the
    school's sole mode) only once the prefecture's 民族教育科 approved the roster with the 中考 scores
    (审核通过后方能注册学籍); ``roster_approval`` is its reference. A mode unknown at a school running
    一类 among other modes gives a reason saying which fact to give."""
    p.check_type(admitting, School, "admitting")
    p.check_type(grade, Grade, "grade")
    if roster_approval is not None:
        p.check_type(roster_approval, str, "roster_approval")
    p.check_text(class_name, "class_name", optional=True)
    _check_modes(admitted_mode=admitted_mode)
    if grade.stage is not Stage.SENIOR or (roster_approval and roster_approval.strip()):
        return ()
    into = _admitted_mode(admitting, grade, class_name, admitted_mode)
    if into is None and admitting.runs(TeachingMode.MODEL_ONE):
        return (
            Reason(
                "6.2",
                f"{admitting.name}开设一类模式，录取班级的教学模式未知，无法判断是否须经州审核名册："
                "请提供班级的教学模式（ClassInfo.mode）",
                f"{admitting.name} runs model-one classes and the admitting class's mode is unknown, "
                "so whether the roster approval applies cannot be decided: give the class's mode "
                "(ClassInfo.mode)",
                needs=p.CLASS_MODE_FACT,
            ),
        )
    if into is TeachingMode.MODEL_ONE:
        return (
            Reason(
                "6.2",
                "一类模式高一新生名册和中考成绩须经州教育局民族教育科审核通过后方能注册学籍",
                "a model-one senior-1 student is registered only after the prefecture approved the "
                "roster and 中考 scores",
            ),
        )
    return ()


def model_one_admission_reasons(
    previous: School,
    admitting: School,
    grade: Grade,
    *,
    passed_test: bool,
    roster_approval: str | None,
    previous_mode: TeachingMode | None = None,
    class_name: str | None = None,
) -> list[Reason]:
    """What bars an admission into a 一类模式 class (6.1, 6.2); empty when nothing does: the rule's
    :func:`model_one_test_bar` and :func:`model_one_roster_bar`, which the audit
    (``policy.breaches.model_one_admissions``) calls on an admission recorded. ``previous_mode`` is
    the student's mode before (:func:`~liangshan_xueji.records.models.student_mode`), ``class_name``
    the class admitted into."""
    return [
        *model_one_test_bar(
            previous,
            admitting,
            grade,
            passed_test,
            previous_mode=previous_mode,
            class_name=class_name,
        ),
        *model_one_roster_bar(admitting, grade, roster_approval, class_name=class_name),
    ]


# --------------------------------------------------------------------------------------------------
# 6.2 — the senior roster


def _score(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not p.is_instance(value, int, float) or value < 0:  # type: ignore[operator]
        w = p.where(inst, attribute)
        raise InvalidInput(
            f"{w} 应为非负数（中考成绩）",
            f"{w} must be a non-negative number (a 中考 score)",
            where=w,
        )


@attrs.frozen(kw_only=True)
class RosterEntry:
    """One line of the 一类模式 高一 roster (6.2): the student and the 中考 score (``None``: missing)."""

    student: StudentNumber = attrs.field(validator=p.of(StudentNumber))
    zhongkao_score: int | float | None = attrs.field(default=None, validator=_score)


@attrs.frozen(kw_only=True)
class SeniorRoster:
    """录取的一类模式高一年级新生名册和中考成绩汇总表 (6.2) of one school for the school year that starts
    in ``school_year`` (e.g. 2020 for the intake of September 2020)."""

    school_code: str = attrs.field(validator=p.text())
    school_year: int = attrs.field(validator=p.of(int))
    entries: tuple[RosterEntry, ...] = attrs.field(
        converter=p.to_tuple, validator=p.collection_of(RosterEntry, tuple)
    )


@implements("6.2")
def submit_senior_roster(roster: SeniorRoster, context: Context) -> Decision:
    """报送一类模式高一新生名册和中考成绩汇总表 (6.2): by 8-25 (``yi_senior_roster_due``) of the intake's
    year, from a 一类模式 senior high, every student once and with a score.

    Refused with every reason; allowed with the 8-25 deadline (and a reason when late). The students are
    registered only after the prefecture approves the roster (see :func:`model_one_admission_reasons`).
    """
    p.check_type(roster, SeniorRoster, "roster")
    p.check_context(context)
    school = context.school(roster.school_code, where="roster.school_code")
    reasons: list[Reason] = []
    if not school.runs(TeachingMode.MODEL_ONE) or Stage.SENIOR not in school.stages:
        reasons.append(
            Reason(
                "6.2",
                f"{school.name}不是一类模式普通高中，不报送一类模式高一新生名册",
                f"{school.name} is not a model-one senior high; it sends no model-one roster",
            )
        )
    if not roster.entries:
        reasons.append(Reason("6.2", "名册中没有学生", "the roster lists no student"))
    seen: set[str] = set()
    for i, row in enumerate(roster.entries):
        key = row.student.reveal()
        if key in seen:
            reasons.append(
                Reason(
                    "6.2",
                    f"名册第 {i + 1} 行学生 {mask_id(key)} 重复",
                    f"line {i + 1}: student {mask_id(key)} is listed twice",
                )
            )
        seen.add(key)
        if row.zhongkao_score is None:
            reasons.append(
                Reason(
                    "6.2",
                    f"名册第 {i + 1} 行学生 {mask_id(key)} 缺少中考成绩",
                    f"line {i + 1}: student {mask_id(key)} has no 中考 score",
                )
            )
    if reasons:
        return Decision.refuse(*reasons)
    due = context.parameters.month_day("yi_senior_roster_due", context.on).in_year(
        roster.school_year
    )
    filed = Reason(
        "6.2",
        "名册经州教育局民族教育科审核通过后方能注册学籍；注册结束后由州教育局报省教育厅民族教育处审核备案",
        "the students are registered only after the prefecture approves the roster; the "
        "prefecture then files it with the province",
    )
    return p.allow_by(
        "6.2", due, context.on,
        f"名册和中考成绩汇总表应于 {due} 前报州教育局民族教育科，已逾期",
        f"the roster and scores were due at the prefecture by {due}; it is late",
        filed,
    )  # fmt: skip
