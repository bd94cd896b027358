"""复核与保密 Review and confidentiality (clauses 8.1, 8.2): the each-term review and the export."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given

from liangshan_xueji.errors import InvalidInput, PolicyViolation
from liangshan_xueji.law.parameters import DEFAULT_PARAMETERS
from liangshan_xueji.policy import apply, default_regulation, evaluate
from liangshan_xueji.policy.registration import IdentitySource, register
from liangshan_xueji.policy.review import (
    EXPORT_COLUMNS,
    DataExported,
    Reviewed,
    export_decision,
    export_rows,
    log_export,
    review_school,
    term_of,
    term_review,
)
from liangshan_xueji.records.findings import Severity
from liangshan_xueji.records.models import (
    Guardian,
    Record,
    Status,
    Student,
    StudentNumber,
    SuspensionPeriod,
)
from liangshan_xueji.records.status import Context, TransferRequest
from lifecycle_strategies import TRANSFER_KEYS, context, grade, record, school, student
from strategies import students

A, B = school("A1"), school("B1")
PARENT = Guardian(relation="母亲", name="阿依", phone="13900001234")


def ctx(on: dt.date) -> Context:
    return context(on, A, B)


def registered(on: dt.date = dt.date(2020, 9, 1), seq: int = 123) -> Record:
    s = attrs.evolve(student(birth=dt.date(2014, 3, 5), sequence=seq), guardians=(PARENT,))
    _d, r = register(
        s, "A1", grade(1), "1班", ctx(on), lookup=lambda _s: False, arrived_on=on,
        identity_source=IdentitySource.HOUSEHOLD_REGISTER,
    )  # fmt: skip
    assert r is not None
    return r


@pytest.mark.clause("8.1")
def test_a_term_is_half_a_school_year() -> None:
    """Terms follow the school year, which starts after the 8-10 24:00 promotion (3.1)."""
    p = DEFAULT_PARAMETERS
    assert term_of(dt.date(2020, 8, 11), p) == (dt.date(2020, 8, 11), dt.date(2021, 2, 10))
    assert term_of(dt.date(2021, 2, 10), p) == (dt.date(2020, 8, 11), dt.date(2021, 2, 10))
    assert term_of(dt.date(2021, 2, 11), p) == (dt.date(2021, 2, 11), dt.date(2021, 8, 10))
    assert term_of(dt.date(2021, 8, 10), p) == (dt.date(2021, 2, 11), dt.date(2021, 8, 10))
    assert term_of(dt.date(2020, 1, 1), p) == (dt.date(2019, 8, 11), dt.date(2020, 2, 10))


@pytest.mark.clause("8.1")
def test_every_record_is_reviewed_each_term() -> None:
    """“学校应当每学期复核学生学籍，确保学籍变动手续完备、学生基本信息和学籍变动信息准确。”"""
    r = registered()
    audit = ctx(dt.date(2021, 3, 1))  # the spring term; the autumn term 2020 is the last one
    overdue = [f for f in term_review([r], audit) if f.severity is Severity.OVERDUE]
    assert [(f.clause, f.due) for f in overdue] == [("8.1", dt.date(2021, 2, 10))]
    _found, (reviewed,) = review_school([r], ctx(dt.date(2021, 1, 15)))
    assert isinstance(reviewed.history[-1].event, Reviewed)
    assert not [f for f in term_review([reviewed], audit) if f.severity is Severity.OVERDUE]
    assert term_review in default_regulation().school_checks


@pytest.mark.clause("8.1")
def test_only_records_whose_reviews_the_library_can_know_are_judged() -> None:
    imported = record(grade(3), A, enrolled_on=dt.date(2018, 9, 1))  # no history at all
    findings = list(term_review([imported], ctx(dt.date(2021, 3, 1))))
    assert not [f for f in findings if f.severity is Severity.OVERDUE]


@pytest.mark.clause("8.1")
def test_the_review_lists_what_must_be_settled() -> None:
    """“确保学籍变动手续完备、学生基本信息和学籍变动信息准确”: open work, incomplete data."""
    r = registered()
    sn = r.student.student_number
    started = apply(
        r,
        TransferRequest(student=sn, to_school="B1", to_class="1班", materials=TRANSFER_KEYS),
        ctx(dt.date(2021, 1, 10)),
    )
    notices = [
        f for f in term_review([started], ctx(dt.date(2021, 3, 1))) if f.severity is Severity.NOTICE
    ]
    assert any("转学" in f.zh for f in notices)
    no_period = attrs.evolve(r, status=Status.SUSPENDED)
    assert any("休学" in f.zh for f in term_review([no_period], ctx(dt.date(2020, 10, 1))))
    period = SuspensionPeriod(started_on=dt.date(2020, 9, 5), ends_on=dt.date(2021, 9, 5))
    stray = attrs.evolve(r, suspension=period)
    assert any("休学" in f.zh for f in term_review([stray], ctx(dt.date(2020, 10, 1))))
    bare = record(
        grade(3), A,
        student_=Student(
            name="阿呷", sex=student().sex, birth_date=dt.date(2012, 1, 1), ethnicity="彝族",
            identity_number=None, student_number=StudentNumber("L000000000000000011"),
            household_registration="", address="",
        ),
    )  # fmt: skip
    (gaps,) = [f for f in term_review([bare], ctx(dt.date(2020, 10, 1))) if "基本信息" in f.zh]
    assert "临时学籍号" in gaps.zh and "户籍" in gaps.zh and "监护人" in gaps.zh
    assert not list(term_review([registered()], ctx(dt.date(2020, 10, 1))))


@pytest.mark.clause("8.1")
def test_a_review_counts_the_issues_it_found() -> None:
    r = attrs.evolve(registered(), status=Status.SUSPENDED)
    found, (after,) = review_school([r], ctx(dt.date(2020, 10, 1)))
    event = after.history[-1].event
    assert isinstance(event, Reviewed) and event.issues == len(found) == 1


# ---------------------------------------------------------------------------------------------------
# 8.2


@pytest.mark.clause("8.2", "7.1")
def test_no_personal_data_leave_without_written_approval() -> None:
    """“未经学籍主管部门书面批准，学籍信息一律不得向外提供，严防学籍信息外泄和滥用。”

    “一律”: without the approval nothing goes out, masked or not; with it, the rows are masked unless
    the caller asks for the full data."""
    r = registered()
    full_id = r.student.student_number.reveal()
    for masked_flag in (True, False):
        with pytest.raises(PolicyViolation) as refused_rows:
            export_rows([r], approval=None, masked=masked_flag)
        assert refused_rows.value.decision.clause_ids == frozenset({"8.2"})
    (masked,) = export_rows([r], approval="凉教学籍〔2021〕3号")
    assert tuple(masked) == EXPORT_COLUMNS
    assert full_id not in str(masked) and "吉克阿呷" not in str(masked)
    assert masked["birth_date"] == "2014-**-**" and masked["name"] == "吉***"
    (full,) = export_rows([r], approval="凉教学籍〔2021〕3号", masked=False)
    assert full["student_number"] == full_id and full["name"] == "吉克阿呷"
    assert full["birth_date"] == "2014-03-05"
    refused = export_decision(None)
    assert not refused.allowed and {x.clause for x in refused.reasons} == {"8.2"}
    assert export_decision("凉教学籍〔2021〕3号").allowed
    with pytest.raises(InvalidInput) as err:
        export_rows([r], approval="  ")
    assert err.value.where == "approval"


@pytest.mark.clause("8.2")
def test_an_export_is_recorded_and_refused_in_full_without_approval() -> None:
    rows = [registered(seq=123), registered(seq=125)]
    c = ctx(dt.date(2020, 10, 1))
    decision, same = log_export(rows, c, recipient="某公司", approval=None, masked=False)
    assert not decision.allowed and same == tuple(rows)
    decision, same = log_export(rows, c, recipient="某公司", approval=None, masked=True)
    assert not decision.allowed and same == tuple(rows)  # masking is no approval (8.2: 一律)
    assert {x.clause for x in decision.reasons} == {"8.2"}
    decision, logged = log_export(rows, c, recipient="县教育局", approval="批复2号", masked=True)
    assert decision.allowed and all(isinstance(x.history[-1].event, DataExported) for x in logged)
    decision, logged = log_export(rows, c, recipient="县卫健局", approval="批复1号", masked=False)
    assert decision.allowed
    event = logged[0].history[-1].event
    assert isinstance(event, DataExported) and event.approval == "批复1号" and not event.masked
    assert not evaluate(
        rows[0],
        DataExported(student=rows[0].student.student_number, recipient="x", masked=False),
        c,
    ).allowed


@pytest.mark.clause("8.2", "7.1")
@given(s=students())
def test_masked_rows_never_hold_a_full_identifier_or_name(s: Student) -> None:
    r = record(grade(3), A, student_=s)
    (row,) = export_rows([r], approval="凉教学籍〔2021〕3号")
    text = " ".join(row.values())
    assert s.student_number.reveal() not in text
    if s.identity_number is not None:
        assert s.identity_number.reveal() not in text
    if len(s.name) > 1:
        assert s.name not in text
