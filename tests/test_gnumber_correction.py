"""Clause 4 for G-numbered students (issue 15, item 3): a corrected ID number keeps the student number.

The roster, the serialization, the audit and the same-student matching (3.3) all see a G number that no
longer equals the current ID number when an accepted correction in the history explains it.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import attrs
import pytest

from liangshan_xueji.audit.runner import audit
from liangshan_xueji.io.roster import (
    RosterInput,
    RosterReader,
    RosterWriter,
    RowParser,
    write_jsonl,
    write_schools,
)
from liangshan_xueji.policy.duplicates import same_student
from liangshan_xueji.policy.keydata import StudentField, change_student_data
from liangshan_xueji.records.models import IdentityNumber, Record, StudentNumber
from liangshan_xueji.records.serialization import from_json, to_json
from lifecycle_strategies import context, grade, record, school, student

A, B = school("A1"), school("B1", county="会理市")
DAY = dt.date(2021, 3, 1)
CLEAR = {
    "police_proof": True,
    "proof_scan": True,
    "school_approves": True,
    "lookup": lambda s: False,
}


def corrected() -> tuple[Record, IdentityNumber, IdentityNumber]:
    """A G student at A whose ID number was corrected: the record, the old and the new ID number."""
    r = record(grade(3), A, student_=student(), enrolled_on=dt.date(2018, 9, 1))
    old = r.student.identity_number
    assert old is not None
    new_id = IdentityNumber.build("513401", r.student.birth_date, 125)
    _, new = change_student_data(
        r, {StudentField.IDENTITY_NUMBER: new_id}, context(DAY, A), **CLEAR
    )
    assert new is not None
    return new, old, new_id


def read(d: Path) -> tuple[list[Record], list[object]]:
    rejected: list[object] = []
    reader = RosterReader(RosterInput.from_path(d), on_reject=rejected.append)
    parser = RowParser(reader.specs)
    records: list[Record] = []
    with reader:
        for block in reader.blocks():
            got, bad = parser.parse_block(block)
            records += got
            rejected += bad
    return records, rejected


def write(d: Path, records: list[Record]) -> None:
    with RosterWriter(d) as w:
        for r in records:
            w.write(r)
    write_schools(d / "schools.csv", [A, B])


@pytest.mark.clause("4")
def test_the_roster_round_trips_a_corrected_g_student(tmp_path: Path) -> None:
    """The roster row holds the G number and the current ID number; the former ID number comes from
    the correction in events.csv. CSV, JSONL and JSON give the same record."""
    r, old, new_id = corrected()
    plain = record(grade(3), A, student_=student(sequence=7))
    write(tmp_path, [r, plain])
    with open(tmp_path / "roster.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["student_number"] == "G" + old.reveal()
    assert rows[0]["identity_number"] == new_id.reveal()
    again, rejected = read(tmp_path)
    assert rejected == [] and again == [r, plain]
    assert again[0].student.former_identity_numbers == (old,)
    jsonl = tmp_path / "j"
    jsonl.mkdir()
    write_jsonl(jsonl / "roster.jsonl", [r])
    shutil.copy(tmp_path / "schools.csv", jsonl / "schools.csv")
    assert read(jsonl) == ([r], [])
    assert from_json(to_json(r), Record) == r


@pytest.mark.clause("4")
def test_a_g_row_other_than_its_id_without_the_correction_is_rejected(tmp_path: Path) -> None:
    """Without the correction in events.csv, a G number other than the ID number is refused, at the ID
    number's column, naming clause 4 (the old message, without the way out, before)."""
    r, _, _ = corrected()
    write(tmp_path, [r])
    (tmp_path / "events.csv").write_text(
        (tmp_path / "events.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
        encoding="utf-8",
    )
    records, rejected = read(tmp_path)
    assert records == []
    (bad,) = rejected
    assert bad.column_name == "identity_number"  # type: ignore[attr-defined]
    assert "（4）" in bad.zh and "clause 4" in bad.en  # type: ignore[attr-defined]
    assert r.student.identity_number.reveal() not in bad.zh  # type: ignore[union-attr]


@pytest.mark.clause("4", "3.3", "1.2")
def test_the_corrected_student_is_found_by_g_number_and_by_current_id() -> None:
    """Same-student matching (3.3) finds the corrected student by the ID number its G number carries
    and by its current ID number; the audit reports the duplicates, and nothing else, for it."""
    r, old, new_id = corrected()
    by_old = record(
        grade(3),
        B,
        student_=attrs.evolve(student(), student_number=StudentNumber("L" + old.reveal())),
        enrolled_on=dt.date(2019, 9, 1),
    )
    by_new = record(
        grade(3),
        B,
        student_=student(sequence=125),
        enrolled_on=dt.date(2019, 9, 1),
    )
    assert by_old.student.identity_number == old and by_new.student.identity_number == new_id
    assert same_student(r, by_old) and same_student(r, by_new)
    assert not same_student(by_old, by_new)
    ctx = context(dt.date(2021, 6, 1), A, B)
    uncorrected = record(grade(3), A, student_=student(), enrolled_on=dt.date(2018, 9, 1))

    def seen(records: list[Record]) -> list[tuple[str, str, str]]:
        return [(f.clause, f.school_code, f.zh) for f in audit(records, ctx)]

    baseline = seen([uncorrected])  # (a notice of 8.1: the test student has no guardian)
    assert seen([r]) == baseline  # the corrected student is not reported as broken
    for other in (by_old, by_new):
        found = seen([r, other])
        assert [f for f in found if f[1] == "A1"] == baseline
        assert sorted(f[0] for f in found if f[1] == "B1" and f[0] != "8.1") == ["1.2", "3.3"]
    both = seen([r, by_old, by_new])
    assert sorted(f[0] for f in both if f[1] == "B1" and f[0] != "8.1") == [
        "1.2",
        "1.2",
        "3.3",
        "3.3",
    ]


@pytest.mark.clause("4", "3.3")
def test_a_record_keyed_twice_is_reported_once_per_other_record() -> None:
    """Two records of one corrected student match under both ID numbers: one 3.3 notice, not two."""
    r, _, _ = corrected()
    twin = attrs.evolve(r, school_code="B1", enrolled_on=dt.date(2019, 9, 1))
    found = list(audit([r, twin], context(dt.date(2021, 6, 1), A, B)))
    assert sorted(f.clause for f in found if f.clause in ("3.3", "1.2")) == ["1.2", "3.3"]


@pytest.mark.clause("4", "3.3")
def test_live_columns_key_a_corrected_record_twice_in_input_order() -> None:
    """The second key (the ID number the G number carries) comes right after the record's first, so
    the cross-school findings stay in input order of the record reported."""
    from liangshan_xueji.audit.crossschool import live_columns
    from liangshan_xueji.audit.runner import CROSS_SCHOOL_LIVE
    from liangshan_xueji.records.findings import SchoolRecords

    r, old, new_id = corrected()
    before = record(grade(3), A, student_=student(sequence=7))
    after = record(grade(3), A, student_=student(sequence=9))
    rows = SchoolRecords.of([before, r, after], [2, 3, 4])
    school, keys, numbers, lines, enrolled = live_columns(rows, CROSS_SCHOOL_LIVE)
    assert school == "A1" and len(enrolled) == 4
    ids = [x.student.identity_number.reveal() for x in (before, after)]  # type: ignore[union-attr]
    assert keys == [ids[0], new_id.reveal(), old.reveal(), ids[1]]
    assert numbers == [before.student.key, r.student.key, r.student.key, after.student.key]
    assert list(lines) == [2, 3, 3, 4]
    # at A: the old ID number under an L number, and another student; at B: the corrected student
    # (found only under the ID number its G number carries), then the other student again
    by_old = record(
        grade(3),
        A,
        student_=attrs.evolve(student(), student_number=StudentNumber("L" + old.reveal())),
        enrolled_on=dt.date(2017, 9, 1),
    )
    twin_b = attrs.evolve(r, school_code="B1")
    later = attrs.evolve(before, school_code="B1", enrolled_on=dt.date(2019, 9, 1))
    found = list(audit([by_old, before, twin_b, later], context(dt.date(2021, 6, 1), A, B)))
    cross = [f for f in found if f.clause == "3.3"]
    assert [f.student_value(reveal=True) for f in cross] == [r.student.key, before.student.key]


@pytest.mark.clause("4")
def test_json_written_before_the_field_existed_still_loads() -> None:
    """A student's JSON without ``former_identity_numbers`` (written by an earlier version) loads."""
    import json

    from liangshan_xueji.records.serialization import from_dict

    r = record(grade(3), A)
    data = json.loads(to_json(r))
    del data["student"]["former_identity_numbers"]
    assert from_dict(data, Record) == r


@pytest.mark.clause("4", "3.3")
def test_the_school_check_finds_a_corrected_student_under_either_id_number() -> None:
    """Two records of one school, one the corrected G student, the other under the ID number its G
    number carries (or its current one): the school's 3.3 check reports them."""
    r, old, new_id = corrected()
    ctx = context(dt.date(2021, 6, 1), A)
    assert student(sequence=125).identity_number == new_id
    by_old = record(
        grade(3),
        A,
        student_=attrs.evolve(student(), student_number=StudentNumber("L" + old.reveal())),
    )
    by_new = record(grade(3), A, student_=student(sequence=125))
    assert not [f for f in audit([r], ctx) if f.clause == "3.3"]
    for other in (by_old, by_new):
        found = [f for f in audit([r, other], ctx, cross_school=False) if f.clause == "3.3"]
        assert len(found) == 1 and "多个学籍号" in found[0].zh, found


@pytest.mark.clause("4", "3.3", "1.2")
def test_a_lawful_roster_with_corrected_g_students_still_audits_clean(tmp_path: Path) -> None:
    """A synthetic lawful roster, a tenth of its G students' ID numbers then corrected through the
    rules: written and read back equal, and the roster audit (CSV paths, cross-school check) finds
    nothing — as before the corrections."""
    import json

    from liangshan_xueji.audit.runner import audit_roster
    from liangshan_xueji.calendar.workdays import WorkCalendar
    from liangshan_xueji.records.models import Status
    from liangshan_xueji.records.status import Context
    from liangshan_xueji.synth import synthesize

    def audited(d: Path) -> list[object]:
        with RosterReader(RosterInput.from_path(d)) as reader:
            as_of = dt.date.fromisoformat(json.loads((d / "manifest.json").read_text())["as_of"])
            ctx = Context(on=as_of, schools=reader.schools, calendar=WorkCalendar.national())
            return list(audit_roster(reader, ctx))

    lawful = tmp_path / "lawful"
    synthesize(lawful, students=300, seed=3, breach_rate=0, story_rate=0.2)
    assert audited(lawful) == []
    records, rejected = read(lawful)
    assert rejected == []
    as_of = dt.date.fromisoformat(json.loads((lawful / "manifest.json").read_text())["as_of"])
    used = {r.student.identity_number for r in records}
    schools = {}
    with RosterReader(RosterInput.from_path(lawful)) as reader:
        schools = dict(reader.schools)
    fixed: list[Record] = []
    n = 0
    for i, r in enumerate(records):
        ident = r.student.identity_number
        if i % 10 or r.student.student_number.kind.value != "G" or r.status is not Status.ENROLLED:
            fixed.append(r)
            continue
        assert ident is not None
        seq = next(
            q
            for q in range(ident.sequence % 2 + 900, 1000, 2)
            if IdentityNumber.build(ident.reveal()[:6], ident.birth_date, q) not in used
        )
        new_id = IdentityNumber.build(ident.reveal()[:6], ident.birth_date, seq)
        used.add(new_id)
        on = as_of - dt.timedelta(days=1)
        ctx = Context(on=on, schools=schools, calendar=WorkCalendar.national())
        decision, new = change_student_data(r, {StudentField.IDENTITY_NUMBER: new_id}, ctx, **CLEAR)
        assert decision.allowed and new is not None, decision
        fixed.append(new)
        n += 1
    assert n >= 10
    corrected_dir = tmp_path / "corrected"
    with RosterWriter(corrected_dir) as w:
        for r in fixed:
            w.write(r)
    for name in ("schools.csv", "manifest.json"):
        shutil.copy(lawful / name, corrected_dir / name)
    again, rejected = read(corrected_dir)
    assert rejected == [] and again == fixed
    assert audited(corrected_dir) == []
