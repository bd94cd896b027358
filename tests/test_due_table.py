"""The "due after a trigger" table (``policy/due.py``): its rows generate the audit checks of 1.3, 2.1.4,
5 (8.3.1) and 6.1 under their old names, in their old places, with their relevance markers."""

from __future__ import annotations

import datetime as dt
import importlib

import attrs
import pytest

from liangshan_xueji.policy import default_regulation
from liangshan_xueji.policy.due import DUE_TABLE, Words
from liangshan_xueji.policy.registration import ConfirmNewStudentData, Register
from liangshan_xueji.records.findings import Severity
from liangshan_xueji.records.models import HistoryEntry, Record
from liangshan_xueji.records.status import Context
from lifecycle_strategies import context, grade, record, school

A = school("A")

#: The record checks in the audit's order, as they were before the table generated four of them.
ORDER = [
    "overdue.transfer_overdue",
    "overdue.barred_transfer_completed",
    "overdue.suspension_lapsed",
    "overdue.graduation_year_suspension_unfiled",
    "overdue.compulsory_year_decreased",
    "overdue.dropout_unreported",
    "overdue.departure_without_grounds",
    "overdue.migrant_archive_overdue",
    "overdue.death_report",
    "overdue.graduation",
    "breaches.archive_missing",
    "breaches.false_registration",
    "breaches.registration_procedure",
    "breaches.change_outside_history",
    "breaches.changes_not_in_archive",
    "breaches.received_without_transfer",
    "breaches.archive_not_moved",
    "breaches.data_leaked",
    "breaches.empty_record",
    "breaches.model_one_admissions",
    "breaches.starting_grades_unfiled",
    "breaches.new_student_data_overdue",
    "breaches.registration_arrival_and_photo",
    "breaches.key_data_without_proof",
    "breaches.refused_acts",
]


def test_the_checks_keep_their_names_and_places() -> None:
    checks = default_regulation().record_checks
    assert [f"{c.__module__.rsplit('.', 1)[1]}.{c.__qualname__}" for c in checks] == ORDER


@pytest.mark.parametrize("row", DUE_TABLE, ids=lambda row: row.name)
def test_each_row_generates_its_check(row: object) -> None:
    assert attrs.has(type(row))
    module = importlib.import_module(row.module)  # type: ignore[attr-defined]
    fn = getattr(module, row.name)  # type: ignore[attr-defined]
    assert fn.__qualname__ == row.name and fn.__module__ == row.module  # type: ignore[attr-defined]
    assert fn.__clauses__ == row.clauses  # type: ignore[attr-defined]
    when = fn.__audit_when__
    assert when.history and when.kinds == frozenset(row.trigger)  # type: ignore[attr-defined]
    assert when.transfer == row.transfer  # type: ignore[attr-defined]
    assert fn in default_regulation().record_checks


def _registered(on: dt.date) -> Record:
    rec = record(grade(1), A, enrolled_on=on)
    reg = Register(
        student=rec.student.student_number,
        school_code=A.code,
        grade=grade(1),
        class_name="1班",
    )
    e = HistoryEntry(on=on, event=reg, status=rec.status, school_code=A.code, grade=grade(1))
    return attrs.evolve(rec, history=(e,))


def _confirmed(rec: Record, on: dt.date) -> Record:
    e = HistoryEntry(
        on=on,
        event=ConfirmNewStudentData(student=rec.student.student_number),
        status=rec.status,
        school_code=rec.school_code,
        grade=rec.grade,
    )
    return attrs.evolve(rec, history=(*rec.history, e))


@pytest.mark.clause("1.3")
def test_a_row_is_data_a_changed_row_changes_the_check() -> None:
    """1.3's row: data confirmed after 9-30 is late, none by then is missing; a row with other words,
    severity or due date makes another check."""
    row = next(r for r in DUE_TABLE if r.name == "new_student_data_overdue")
    ctx: Context = context(dt.date(2017, 11, 1), A)
    rec = _registered(dt.date(2017, 9, 1))
    missing = list(row.findings(rec, ctx))
    assert [(f.clause, f.severity, f.due) for f in missing] == [
        ("1.3", Severity.OVERDUE, dt.date(2017, 9, 30))
    ]
    late = list(row.findings(_confirmed(rec, dt.date(2017, 10, 9)), ctx))
    assert [f.zh for f in late] == ["新生信息于 2017-10-09 才确认上报，晚于 2017-09-30"]
    assert list(row.findings(_confirmed(rec, dt.date(2017, 9, 29)), ctx)) == []
    stricter = attrs.evolve(
        row,
        due=lambda _r, start, _c: start.on + dt.timedelta(days=7),
        late=Words(clause="1.3", severity=Severity.BREACH, zh="迟 {done}>{due}", en="late"),
    )
    changed = list(stricter.findings(_confirmed(rec, dt.date(2017, 9, 29)), ctx))
    assert [(f.severity, f.zh, f.due) for f in changed] == [
        (Severity.BREACH, "迟 2017-09-29>2017-09-08", dt.date(2017, 9, 8))
    ]
    generated = stricter.check()
    assert [f.zh for f in generated(_confirmed(rec, dt.date(2017, 9, 29)), ctx)] == [
        "迟 2017-09-29>2017-09-08"
    ]
