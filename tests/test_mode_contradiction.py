"""A student's own teaching mode that contradicts its class's or its school's (clauses 6.1, 6.3).

``Record.mode`` wins over ``ClassInfo.mode`` (:func:`~liangshan_xueji.records.models.student_mode`), so
a record and its class that disagree were accepted silently. The audit's school check
``breaches.mode_contradicts_class`` lists each such record as a notice (6.1; 6.3 for a senior grade):
the data contradict each other and the 一类模式 rules rest on the record's mode. Each test here failed
before the check existed; the file test also failed while a record with a mode of its own could be
plain (never built by the roster reader, never seen by a school check).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

import liangshan_xueji.policy  # noqa: F401 - registers every check
from liangshan_xueji import Grade, Record, School, Stage, Status, Student
from liangshan_xueji.audit.runner import audit, audit_roster
from liangshan_xueji.io.roster import RosterInput, RosterReader, RosterWriter, write_schools
from liangshan_xueji.models import ClassInfo, Guardian, TeachingMode
from liangshan_xueji.policy import breaches
from liangshan_xueji.records.findings import Finding, Severity, is_plain
from lifecycle_strategies import context, grade, record, school, student

ONE, TWO, OTHER = TeachingMode.MODEL_ONE, TeachingMode.MODEL_TWO, TeachingMode.OTHER
ON = dt.date(2024, 6, 14)


def mixed(code: str, stages: tuple[Stage, ...] = (Stage.PRIMARY, Stage.JUNIOR)) -> School:
    """Labelled 二类, running a 一类 class 1班 and a 二类 class 2班 in every grade."""
    base = school(code, stages=stages, county="昭觉县")
    return attrs.evolve(
        base,
        classes=tuple(
            ClassInfo(grade=c.grade, name=name, size=30, mode=mode)
            for c in base.classes
            for name, mode in (("1班", ONE), ("2班", TWO))
        ),
        modes=frozenset({ONE, TWO}),
    )


BOTH = mixed("MX")
SENIOR = mixed("MS", (Stage.SENIOR,))
HAN = school("P63A")  # runs 二类 only, no class lists a mode


def plain_student(sequence: int) -> Student:
    """A student with complete basic data (a guardian too): a record of it with no mode is plain."""
    guardian = Guardian(relation="父亲", name="吉克曲布", employer="务农", phone="13800000000")
    return attrs.evolve(student(sequence=sequence), guardians=(guardian,))


def own(r: Record, mode: TeachingMode | None, **changes: object) -> Record:
    return attrs.evolve(r, mode=mode, **changes)


def found(*records: Record, schools: tuple[School, ...] = (BOTH, SENIOR, HAN)) -> list[Finding]:
    return list(breaches.mode_contradicts_class(list(records), context(ON, *schools)))


@pytest.mark.clause("6.1")
def test_a_record_whose_mode_contradicts_its_class_is_a_notice() -> None:
    yi_class = record(grade(3), BOTH, class_name="1班")
    (notice,) = found(own(yi_class, TWO))
    assert (notice.clause, notice.severity) == ("6.1", Severity.NOTICE)
    assert "二类模式" in notice.zh and "一类模式" in notice.zh and "1班" in notice.zh
    assert notice.evidence == "Record.mode=二类模式; ClassInfo.mode=一类模式"
    assert notice.student == yi_class.student.student_number
    # agreeing, or no mode of its own (the class's applies): nothing
    assert found(own(yi_class, ONE)) == []
    assert found(yi_class) == []
    assert found(own(record(grade(3), BOTH, class_name="2班"), TWO)) == []


@pytest.mark.clause("6.3")
def test_a_senior_record_is_cited_under_6_3() -> None:
    r = own(record(Grade(Stage.SENIOR, 2), SENIOR, class_name="2班"), ONE)
    assert [(f.clause, f.severity) for f in found(r)] == [("6.3", Severity.NOTICE)]


@pytest.mark.clause("6.1")
def test_a_mode_the_school_does_not_run_is_a_notice_when_the_class_lists_none() -> None:
    r = own(record(grade(4), HAN), ONE)
    (notice,) = found(r)
    assert notice.evidence == "Record.mode=一类模式; School.modes=二类模式"
    assert "不是" not in notice.zh and "二类模式" in notice.zh
    assert found(own(record(grade(4), HAN), TWO)) == []
    # a class with no listed mode at a school running both: the record's mode is not contradicted
    unlisted = own(record(grade(4), BOTH, class_name="9班"), OTHER)
    assert [f.evidence for f in found(unlisted)] == [
        "Record.mode=其他; School.modes=一类模式|二类模式"
    ]
    assert found(own(record(grade(4), BOTH, class_name="9班"), ONE)) == []


@pytest.mark.clause("6.1")
def test_records_no_longer_in_a_class_and_unknown_schools_are_left_alone() -> None:
    yi_class = record(grade(3), BOTH, class_name="1班")
    left = own(yi_class, TWO, status=Status.GRADUATED)
    assert found(left) == []
    assert found(own(yi_class, TWO, status=Status.SUSPENDED)) != []  # 休学: still of the class
    assert found(own(yi_class, TWO), schools=(HAN,)) == []  # the school is not known


@pytest.mark.clause("6.1")
def test_a_record_with_a_mode_of_its_own_is_not_plain_and_the_audit_lists_it() -> None:
    base = record(grade(3), BOTH, class_name="1班", student_=plain_student(21))
    r = own(base, TWO)
    assert is_plain(base) and not is_plain(r)
    got = [f for f in audit([r], context(ON, BOTH), cross_school=False) if f.clause == "6.1"]
    assert [f.severity for f in got] == [Severity.NOTICE]


@pytest.mark.clause("6.1")
def test_the_audit_of_files_finds_a_mode_the_school_does_not_run(tmp_path: Path) -> None:
    """schools.csv lists no classes: a student's mode is then judged against the school's modes.
    The row with a mode takes the reader's general path and is a special (not plain) record."""
    agreeing = own(record(grade(3), HAN, student_=plain_student(31)), TWO)
    contradicting = own(record(grade(4), HAN, student_=plain_student(32)), ONE)
    bulk = [record(grade(5), HAN, student_=plain_student(33 + i)) for i in range(3)]
    assert all(is_plain(r) for r in (*bulk, own(contradicting, None)))
    with RosterWriter(tmp_path) as w:
        for r in (*bulk, agreeing, contradicting):
            w.write(r)
    write_schools(tmp_path / "schools.csv", [HAN])
    with RosterReader(RosterInput.from_path(tmp_path)) as reader:
        got = list(audit_roster(reader, context(ON, *reader.schools.values()), cross_school=False))
    assert [(f.clause, f.severity, f.student) for f in got if f.clause in ("6.1", "6.3")] == [
        ("6.1", Severity.NOTICE, contradicting.student.student_number)
    ]
