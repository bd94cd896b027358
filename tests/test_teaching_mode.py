"""一类模式 is the student's (class's) mode, not the school's (issue 15, item 2; clauses 2.1.6.2, 6.1,
6.2, 6.3, 8.3.9).

The text bars 非一类模式学生: a school may run both 一类 and 二类 classes, the student's mode is the
record's own, else its class's, else the school's when it runs one mode; unknown → the rule cannot
decide and says which fact to give. Each scenario below failed on the code that used the school's
single ``mode``.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

import liangshan_xueji.policy  # noqa: F401 - registers every check
from liangshan_xueji import (
    Grade,
    InvalidInput,
    Record,
    School,
    Stage,
    Status,
    TransferAct,
    TransferParty,
    TransferRequest,
    apply,
    evaluate,
)
from liangshan_xueji.audit.runner import audit_roster
from liangshan_xueji.events import AdmissionMethod, Admit, AttendanceCheck, Graduate
from liangshan_xueji.io.roster import (
    Rejected,
    RosterInput,
    RosterReader,
    RosterWriter,
    RowParser,
    read_schools,
    write_schools,
)
from liangshan_xueji.models import ClassInfo, HistoryEntry, TeachingMode, student_mode
from liangshan_xueji.policy import breaches, overdue
from liangshan_xueji.policy.model_one import (
    PrefectureFiling,
    empty_record_decision,
    file_starting_grades,
    model_one_test_bar,
)
from liangshan_xueji.policy.transfer import model_one_bar
from liangshan_xueji.records.findings import Severity
from lifecycle_strategies import TRANSFER_KEYS, context, grade, record, school, student

ONE, TWO = TeachingMode.MODEL_ONE, TeachingMode.MODEL_TWO
ON = dt.date(2021, 3, 1)


def mixed(code: str, label: TeachingMode, *, county: str = "昭觉县", **kw: object) -> School:
    """A school labelled ``label`` running both modes: class 1班 一类, class 2班 二类, every grade."""
    base = school(code, mode=label, county=county, **kw)  # type: ignore[arg-type]
    classes = tuple(
        ClassInfo(grade=c.grade, name=name, size=30, mode=mode)
        for c in base.classes
        for name, mode in (("1班", ONE), ("2班", TWO))
    )
    return School(
        code=code,
        name=base.name,
        county=county,
        stages=base.stages,
        system=base.system,
        mode=label,
        classes=classes,
    )


#: Labelled 二类 (its main mode) but running a 一类 class; labelled 一类 but running a 二类 class.
LABEL_TWO = mixed("M2", TWO)
LABEL_ONE = mixed("M1", ONE, county="美姑县")
#: A school running only 一类 and one running only 二类.
YI = school("Y63", mode=ONE, county="布拖县")
HAN = school("P63A")


def request(rec: Record, to: str, to_class: str = "1班") -> TransferRequest:
    return TransferRequest(
        student=rec.student.student_number, to_school=to, to_class=to_class, materials=TRANSFER_KEYS
    )


def ctx(on: dt.date = ON) -> object:
    return context(on, LABEL_TWO, LABEL_ONE, YI, HAN)


# --------------------------------------------------------------------------------------------------
# The models


@pytest.mark.clause("6.1")
def test_a_school_may_run_both_modes_and_each_class_has_its_own() -> None:
    assert LABEL_TWO.mode is TWO and LABEL_TWO.modes == frozenset({ONE, TWO})
    assert LABEL_TWO.sole_mode is None and LABEL_TWO.runs(ONE) and LABEL_TWO.runs(TWO)
    assert LABEL_TWO.class_mode(grade(3), "1班") is ONE
    assert LABEL_TWO.class_mode(grade(3), "2班") is TWO
    assert LABEL_TWO.class_mode(grade(3), "9班") is None  # unknown: no guess
    assert HAN.modes == frozenset({TWO}) and HAN.sole_mode is TWO
    assert HAN.class_mode(grade(3), "9班") is TWO  # one mode: every class has it
    with pytest.raises(InvalidInput) as info:
        School(
            code="X1", name="学校X1", county="西昌市", stages=frozenset({Stage.PRIMARY}),
            system=HAN.system, mode=TWO, modes=frozenset({TWO}),
            classes=(ClassInfo(grade=grade(1), name="1班", size=3, mode=ONE),),
        )  # fmt: skip
    assert info.value.where == "School.classes[0].mode"
    with pytest.raises(InvalidInput):
        School(
            code="X1", name="学校X1", county="西昌市", stages=frozenset({Stage.PRIMARY}),
            system=HAN.system, mode=TWO, modes=frozenset({ONE}),
        )  # fmt: skip


@pytest.mark.clause("6.1")
def test_the_students_mode_is_the_records_else_the_classs_else_the_schools_sole_one() -> None:
    in_one = record(grade(3), LABEL_TWO, class_name="1班")
    in_two = record(grade(3), LABEL_TWO, class_name="2班")
    unlisted = record(grade(3), LABEL_TWO, class_name="9班")
    assert student_mode(in_one, LABEL_TWO) is ONE
    assert student_mode(in_two, LABEL_TWO) is TWO
    assert student_mode(unlisted, LABEL_TWO) is None
    assert student_mode(Record(**{**_fields(unlisted), "mode": ONE}), LABEL_TWO) is ONE
    assert student_mode(record(grade(3), HAN), HAN) is TWO
    with pytest.raises(InvalidInput):
        student_mode(in_one, HAN)  # not the school holding the record


def _fields(r: Record) -> dict[str, object]:
    return {
        "student": r.student, "school_code": r.school_code, "grade": r.grade,
        "class_name": r.class_name, "enrolled_on": r.enrolled_on,
    }  # fmt: skip


# --------------------------------------------------------------------------------------------------
# Transfers (2.1.6.2, 6.1, 6.3)


@pytest.mark.clause("2.1.6.2", "6.1")
def test_a_model_one_student_of_a_school_labelled_two_may_transfer_into_a_model_one_school() -> (
    None
):
    """Refused before: the sending school's label (二类) stood for the student's mode."""
    yi_pupil = record(grade(3), LABEL_TWO, class_name="1班")
    decision = evaluate(yi_pupil, request(yi_pupil, "Y63"), ctx())
    assert decision.allowed, decision.explain()


@pytest.mark.clause("2.1.6.2", "6.1")
def test_a_model_two_student_of_a_school_labelled_one_is_refused_by_a_model_one_school() -> None:
    """Allowed before: the sending school's label (一类) hid the student's 二类 class."""
    han_pupil = record(grade(3), LABEL_ONE, class_name="2班")
    decision = evaluate(han_pupil, request(han_pupil, "Y63"), ctx())
    assert not decision.allowed
    assert {"2.1.6.2", "6.1"} <= decision.clause_ids
    assert any("二类模式" in r.zh for r in decision.reasons)


@pytest.mark.clause("2.1.6.2", "6.1")
def test_a_school_running_both_modes_receives_by_the_class() -> None:
    """The 二类 class of a school labelled 一类 takes a 二类 student; its 一类 class does not."""
    han_pupil = record(grade(3), HAN)
    assert evaluate(han_pupil, request(han_pupil, "M1", "2班"), ctx()).allowed
    refused = evaluate(han_pupil, request(han_pupil, "M1", "1班"), ctx())
    assert {"2.1.6.2", "6.1"} <= refused.clause_ids
    # and the 一类 class of a school labelled 二类 refuses a 二类 student (allowed before)
    assert {"2.1.6.2", "6.1"} <= evaluate(
        han_pupil, request(han_pupil, "M2", "1班"), ctx()
    ).clause_ids


@pytest.mark.clause("2.1.6.2", "6.3")
def test_the_senior_ban_uses_the_students_mode_too() -> None:
    sen_two = mixed("MS", ONE, stages=(Stage.SENIOR,), county="美姑县")
    sen_yi = school("SY", stages=(Stage.SENIOR,), mode=ONE, county="喜德县")
    c = context(ON, sen_two, sen_yi)
    han = record(grade(11), sen_two, class_name="2班")
    yi = record(grade(11), sen_two, class_name="1班")
    assert {"2.1.6.2", "6.3"} <= evaluate(han, request(han, "SY"), c).clause_ids
    assert evaluate(yi, request(yi, "SY"), c).allowed


@pytest.mark.clause("2.1.6.2")
def test_an_unknown_mode_cannot_be_decided_and_says_which_fact_to_give() -> None:
    unlisted = record(grade(3), LABEL_TWO, class_name="9班")
    decision = evaluate(unlisted, request(unlisted, "Y63"), ctx())
    assert not decision.allowed and decision.clause_ids == {"2.1.6.2"}
    assert any("Record.mode" in r.en and "无法判断" in r.zh for r in decision.reasons)
    # "cannot decide", told apart from a refusal by the rule, naming the fact to give
    assert decision.undecided and [r.needs for r in decision.missing_facts] == ["student_mode"]
    assert "无法判断" in decision.explain().splitlines()[0]
    # the student's own mode decides it
    told = Record(**{**_fields(unlisted), "mode": ONE})  # type: ignore[arg-type]
    assert evaluate(told, request(told, "Y63"), ctx()).allowed
    # an unknown receiving class of a school running 一类: give the class's mode
    han = record(grade(3), HAN)
    receiving_unknown = evaluate(han, request(han, "M2", "9班"), ctx())
    assert any("ClassInfo.mode" in r.en for r in receiving_unknown.reasons)
    assert "class_mode" in {r.needs for r in receiving_unknown.missing_facts}
    # a model-one student needs no receiving class mode (only its size, 2.1.6.1, is then unknown)
    assert evaluate(told, request(told, "M1", "9班"), ctx()).clause_ids == {"2.1.6.1"}


@pytest.mark.clause("2.1.6.2", "6.1")
def test_model_one_bar_keeps_its_old_call_and_checks_its_arguments() -> None:
    assert model_one_bar(HAN, YI, grade(3))  # the sending school's sole mode
    assert model_one_bar(YI, HAN, grade(3)) == ()
    assert model_one_bar(LABEL_ONE, YI, grade(3), student=ONE) == ()
    assert model_one_bar(LABEL_ONE, YI, grade(3), student=TWO)
    with pytest.raises(InvalidInput):
        model_one_bar(HAN, YI, grade(3), student="一类模式")  # type: ignore[arg-type]


@pytest.mark.clause("6.1")
def test_a_completed_transfer_takes_the_receiving_classs_mode() -> None:
    yi_pupil = record(grade(3), LABEL_TWO, class_name="1班")
    c = ctx()
    r = apply(yi_pupil, request(yi_pupil, "M1", "1班"), c)
    for party in TransferParty:
        r = apply(r, TransferAct(student=r.student.student_number, party=party), c)
    assert r.school_code == "M1" and r.mode is ONE and r.history[-1].mode is ONE
    to_two = record(grade(3), LABEL_TWO, class_name="1班")
    r = apply(to_two, request(to_two, "M1", "2班"), c)
    for party in TransferParty:
        r = apply(r, TransferAct(student=r.student.student_number, party=party), c)
    assert r.mode is TWO and r.history[-1].mode is TWO


# --------------------------------------------------------------------------------------------------
# The audit (8.3.9)


def _forced(
    r: Record, to: School, before: TeachingMode | None, after: TeachingMode | None
) -> Record:
    """A completed transfer recorded without the rules, the student's mode on each entry."""
    sn = r.student.student_number
    start = HistoryEntry(
        on=dt.date(2023, 11, 6),
        event=TransferRequest(student=sn, to_school=to.code, to_class="1班"),
        status=Status.ENROLLED, school_code=r.school_code, grade=r.grade, mode=before,
    )  # fmt: skip
    done = HistoryEntry(
        on=dt.date(2023, 11, 9),
        event=TransferAct(student=sn, party=TransferParty.SENDING_AUTHORITY),
        status=Status.ENROLLED, school_code=to.code, grade=r.grade, mode=after,
    )  # fmt: skip
    return Record(
        **{**_fields(r), "school_code": to.code},  # type: ignore[arg-type]
        history=(start, done),
        mode=after,
    )


@pytest.mark.clause("8.3.9", "6.1")
def test_the_audit_judges_the_students_mode_not_the_schools_label() -> None:
    c = context(dt.date(2024, 6, 14), LABEL_TWO, LABEL_ONE, YI, HAN)
    # a 二类 student of the school labelled 一类 into a 一类 school: the breach (missed before)
    han = _forced(record(grade(3), LABEL_ONE, class_name="2班"), YI, TWO, ONE)
    found = list(overdue.barred_transfer_completed(han, c))
    assert [(f.clause, f.severity) for f in found] == [("6.1", Severity.BREACH)]
    assert "8.3.9" in found[0].zh and "二类模式" in found[0].zh
    # a 一类 student of the school labelled 二类 into a 一类 school: no breach (reported before)
    yi = _forced(record(grade(3), LABEL_TWO, class_name="1班"), YI, ONE, ONE)
    assert list(overdue.barred_transfer_completed(yi, c)) == []
    # no mode recorded at a school running both: a notice saying what to give, not a breach
    unknown = _forced(record(grade(3), LABEL_TWO, class_name="1班"), YI, None, None)
    notice = list(overdue.barred_transfer_completed(unknown, c))
    assert [(f.clause, f.severity) for f in notice] == [("8.3.9", Severity.NOTICE)]
    assert "Record.mode" in notice[0].en


@pytest.mark.clause("8.3.9", "6.1", "1.1")
def test_an_empty_record_is_a_model_one_breach_by_the_class_mode() -> None:
    c = context(dt.date(2024, 6, 14), LABEL_TWO, LABEL_ONE)

    def empty(at: School, class_name: str) -> Record:
        r = record(grade(3), at, class_name=class_name)
        check = AttendanceCheck(student=r.student.student_number, attending=False)
        return apply(r, check, context(dt.date(2024, 3, 1), LABEL_TWO, LABEL_ONE))

    in_one = empty(LABEL_TWO, "1班")  # a 一类 class of a school labelled 二类
    in_two = empty(LABEL_ONE, "2班")  # a 二类 class of a school labelled 一类
    assert [f.clause for f in breaches.empty_record(in_one, c)] == ["8.3.9"]
    assert [f.clause for f in breaches.empty_record(in_two, c)] == ["1.1"]
    assert "6.1" in empty_record_decision(in_one, c).clause_ids
    assert "6.1" not in empty_record_decision(in_two, c).clause_ids


# --------------------------------------------------------------------------------------------------
# Admission (6.1, 6.2) and the 9-30 filing (6.1)


@pytest.mark.clause("6.1")
def test_the_admission_test_follows_the_students_primary_mode() -> None:
    primary = mixed("PP", TWO, stages=(Stage.PRIMARY,))
    junior = school("JY", stages=(Stage.JUNIOR,), mode=ONE, county="布拖县")
    graduated_on = dt.date(2021, 7, 1)
    c = context(dt.date(2021, 9, 1), primary, junior)

    def graduate(class_name: str) -> Record:
        r = record(
            grade(6), primary, class_name=class_name, student_=student(sequence=len(class_name) * 7)
        )
        return apply(
            r, Graduate(student=r.student.student_number), context(graduated_on, primary, junior)
        )

    def admit(r: Record, passed: bool) -> Admit:
        return Admit(
            student=r.student.student_number, school_code="JY", class_name="1班",
            method=AdmissionMethod.UNIFIED, arrived_on=c.on, in_catchment=True,
            passed_model_one_test=passed,
        )  # fmt: skip

    yi = graduate("1班")  # a 一类 class of a primary labelled 二类: no test needed
    assert evaluate(yi, admit(yi, False), c).allowed
    han = graduate("2班")
    assert "6.1" in evaluate(han, admit(han, False), c).clause_ids
    assert evaluate(han, admit(han, True), c).allowed
    assert model_one_test_bar(primary, junior, Grade(Stage.JUNIOR, 1, junior.system), False)


@pytest.mark.clause("6.1")
def test_the_starting_grade_filing_is_the_model_one_students() -> None:
    c = context(dt.date(2021, 9, 20), LABEL_TWO)
    yi = record(grade(1), LABEL_TWO, class_name="1班", enrolled_on=dt.date(2021, 9, 1))
    han = record(grade(1), LABEL_TWO, class_name="2班", enrolled_on=dt.date(2021, 9, 1),
                 student_=student(sequence=321))  # fmt: skip
    filed = PrefectureFiling(student=yi.student.student_number)
    assert evaluate(yi, filed, c).allowed  # refused before: the school's label is 二类
    assert (
        "6.1" in evaluate(han, PrefectureFiling(student=han.student.student_number), c).clause_ids
    )
    decision, out = file_starting_grades((yi, han), "M2", c)
    assert decision.allowed
    assert isinstance(out[0].history[-1].event, PrefectureFiling) and out[1] == han


# --------------------------------------------------------------------------------------------------
# The files: roster ``mode``, events ``after_mode``, schools ``modes`` (one schema)


def _read(d: Path) -> tuple[list[Record], list[str]]:
    rejected: list[Rejected] = []
    with RosterReader(RosterInput.from_path(d), on_reject=rejected.append) as reader:
        parser = RowParser(reader.specs)
        records: list[Record] = []
        for block in reader.blocks():
            got, bad = parser.parse_block(block)
            records += got
            rejected += bad
    return records, [str(r) for r in rejected]


def _write(d: Path, records: list[Record], schools: tuple[School, ...]) -> Path:
    with RosterWriter(d) as w:
        for r in records:
            w.write(r)
    write_schools(d / "schools.csv", schools)
    return d


@pytest.mark.clause("6.1", "8.3.9")
def test_the_files_carry_the_students_mode_and_the_audit_reads_it(tmp_path: Path) -> None:
    plain_yi = record(grade(3), LABEL_TWO, class_name="1班", student_=student(sequence=11))
    own = Record(**{**_fields(record(grade(4), HAN, student_=student(sequence=12))), "mode": ONE})  # type: ignore[arg-type]
    moved = _forced(
        record(grade(3), LABEL_ONE, class_name="2班", student_=student(sequence=13)), YI, TWO, ONE
    )
    schools = (LABEL_TWO, LABEL_ONE, YI, HAN)
    d = _write(tmp_path / "r", [plain_yi, own, moved], schools)
    header = (d / "roster.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "mode" in header
    back, rejected = _read(d)
    assert rejected == []
    assert [r.mode for r in back] == [None, ONE, ONE]
    assert [e.mode for e in back[2].history] == [TWO, ONE]
    read, _ = read_schools(d / "schools.csv")
    assert read["M2"].modes == frozenset({ONE, TWO}) and read["M2"].sole_mode is None
    with RosterReader(RosterInput.from_path(d)) as reader:
        found = list(
            audit_roster(reader, context(dt.date(2024, 6, 14), *read.values()), cross_school=False)
        )
    assert [(f.clause, f.severity) for f in found if "8.3.9" in f.zh] == [("6.1", Severity.BREACH)]


@pytest.mark.clause("6.1")
def test_old_files_without_the_mode_columns_are_still_read(tmp_path: Path) -> None:
    moved = _forced(record(grade(3), HAN, student_=student(sequence=21)), YI, None, None)
    d = _write(tmp_path / "old", [record(grade(3), HAN), moved], (HAN, YI))
    for name, column in (("roster", "mode"), ("events", "after_mode"), ("schools", "modes")):
        path = d / f"{name}.csv"
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        at = rows[0].index(column)
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows([r[:at] + r[at + 1 :] for r in rows])
    back, rejected = _read(d)
    assert rejected == [] and [r.mode for r in back] == [None, None]
    assert read_schools(d / "schools.csv")[0]["Y63"].modes == frozenset({ONE})
    # the old reading stands for schools running one mode: the sending school's sole mode
    c = context(dt.date(2024, 6, 14), HAN, YI)
    assert [f.clause for f in overdue.barred_transfer_completed(back[1], c)] == ["6.1"]


@pytest.mark.clause("6.1")
def test_a_bad_mode_cell_is_refused_naming_its_column(tmp_path: Path) -> None:
    d = _write(tmp_path / "bad", [record(grade(3), HAN)], (HAN,))
    path = d / "roster.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    rows[1][rows[0].index("mode")] = "三类"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    back, rejected = _read(d)
    assert back == [] and len(rejected) == 1 and "mode" in rejected[0]


# --------------------------------------------------------------------------------------------------
# The history records the mode; the replay (8.3.10) does not call a missing fact a breach


def _registered(class_name: str, on: dt.date) -> Record:
    from liangshan_xueji.events import IdentitySource
    from liangshan_xueji.procedures import register

    _decision, r = register(
        student(birth=dt.date(2014, 3, 5), sequence=31), "M2", grade(1), class_name,
        context(on, *SCHOOLS), lookup=lambda _s: False, arrived_on=on,
        identity_source=IdentitySource.HOUSEHOLD_REGISTER,
    )  # fmt: skip
    assert r is not None
    return r


SCHOOLS = (LABEL_TWO, LABEL_ONE, YI, HAN)


@pytest.mark.clause("6.1", "8.3.9", "8.3.10")
def test_a_live_history_records_the_class_mode_and_audits_clean() -> None:
    from liangshan_xueji import audit

    on = dt.date(2020, 9, 1)
    r = _registered("1班", on)  # the 一类 class of the school labelled 二类
    assert r.mode is None and r.history[-1].mode is ONE  # the class's mode, on the entry
    c = context(dt.date(2020, 10, 12), *SCHOOLS)
    r = apply(r, request(r, "Y63"), c)
    for party in TransferParty:
        r = apply(r, TransferAct(student=r.student.student_number, party=party), c)
    assert r.school_code == "Y63" and [e.mode for e in r.history] == [ONE] * 5
    found = list(audit([r], context(dt.date(2020, 10, 20), *SCHOOLS), cross_school=False))
    assert not [
        f
        for f in found
        if f.clause in ("6.1", "8.3.9", "8.3.10") and f.severity is not Severity.OVERDUE
    ]
    # the 一类 first-grader of a school labelled 二类 was due to be filed by 9-30 (6.1)
    assert [(f.clause, f.severity, f.due) for f in found if f.clause == "6.1"] == [
        ("6.1", Severity.OVERDUE, dt.date(2020, 9, 30))
    ]


@pytest.mark.clause("8.3.9", "8.3.10")
def test_an_unrecorded_mode_is_a_notice_not_an_8_3_10_breach() -> None:
    from liangshan_xueji import audit

    on = dt.date(2020, 9, 1)
    r = _registered("9班", on)  # a class the school does not list: no mode known
    assert r.history[-1].mode is None
    sn = r.student.student_number
    moved = Record(
        **{**_fields(r), "school_code": "Y63"},  # type: ignore[arg-type]
        history=(
            *r.history,
            HistoryEntry(
                on=dt.date(2020, 10, 12),
                event=TransferRequest(student=sn, to_school="Y63", to_class="1班", materials=TRANSFER_KEYS),
                status=Status.ENROLLED, school_code="M2", grade=r.grade,
            ),
            *(
                HistoryEntry(
                    on=dt.date(2020, 10, 13 + k), event=TransferAct(student=sn, party=party),
                    status=Status.ENROLLED, school_code="Y63" if k == 2 else "M2", grade=r.grade,
                )
                for k, party in enumerate(TransferParty)
            ),
        ),
    )  # fmt: skip
    found = list(audit([moved], context(dt.date(2020, 10, 20), *SCHOOLS), cross_school=False))
    assert [(f.clause, f.severity) for f in found if "8.3.9" in f.zh + f.clause] == [
        ("8.3.9", Severity.NOTICE)
    ]
    assert not [f for f in found if f.clause == "8.3.10"], [str(f) for f in found]


@pytest.mark.clause("6.1")
def test_json_round_trips_the_modes_and_reads_old_json_without_them() -> None:
    from liangshan_xueji.models import from_dict, from_json, to_dict, to_json

    moved = _forced(record(grade(3), LABEL_ONE, class_name="2班"), YI, TWO, ONE)
    assert from_json(to_json(moved), Record) == moved
    old = to_dict(moved)
    old.pop("mode")
    for e in old["history"]:
        e.pop("mode")
    again = from_dict(old, Record)
    assert again.mode is None and [e.mode for e in again.history] == [None, None]
    school = to_dict(LABEL_TWO)
    school.pop("modes")  # an old school: its modes are derived from its mode and classes
    assert from_dict(school, School).modes == frozenset({ONE, TWO})


@pytest.mark.clause("6.1")
def test_evolving_a_schools_mode_derives_its_modes_anew_and_given_modes_stay() -> None:
    """``attrs.evolve(school, mode=…)`` of a school whose modes were derived runs the new mode only;
    modes given explicitly stay given, and a mode outside them is still refused."""
    import attrs

    from liangshan_xueji.errors import InvalidInput
    from liangshan_xueji.records.serialization import from_dict, to_dict

    assert HAN.modes == frozenset({TWO})
    moved = attrs.evolve(HAN, mode=ONE)
    assert moved.modes == frozenset({ONE}) and moved.sole_mode is ONE
    assert attrs.evolve(LABEL_TWO, mode=ONE).modes == frozenset({ONE, TWO})  # given: kept
    given_one = attrs.evolve(HAN, mode=ONE, modes={ONE})
    with pytest.raises(InvalidInput, match=r"School\.modes"):
        attrs.evolve(given_one, mode=TWO)
    assert "modes" in to_dict(LABEL_TWO) and "_modes" not in to_dict(LABEL_TWO)
    assert from_dict(to_dict(HAN), type(HAN)) == HAN
