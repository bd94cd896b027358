"""Scenario tests for 留级、降级 (clause 2.3, with 7.2 and 8.3.8), from the regulation's own sentences.

The cap's reading (policy/retention.py): per cohort (级) — the students who entered senior 1 at the school
in the same school year; its members' retentions over its three senior years may not exceed 2 % of its
size at entry (rounded down). The figures come from ``Context.cohorts`` (:class:`SeniorCohort`).
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from liangshan_xueji.decisions import Decision
from liangshan_xueji.errors import InvalidInput, PolicyViolation
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.policy.retention import cohort_headroom, retention_headroom
from liangshan_xueji.records.models import Record, Stage, Status
from liangshan_xueji.records.status import (
    Context,
    Demote,
    Retain,
    RetentionCount,
    SeniorCohort,
    TransferRequest,
)
from lifecycle_strategies import TRANSFER_KEYS, context, grade, record, school, student

A = school("P63A")
S1 = school("S1", stages=(Stage.SENIOR,))
S3 = school("S3", stages=(Stage.SENIOR,), county="会理市")
ON = dt.date(2021, 9, 15)  # school year 2021


def refused(decision: Decision, *clauses: str) -> None:
    assert not decision.allowed
    assert set(clauses) <= decision.clause_ids, decision.explain()


def cohorts(retained: int = 0, *, size: int = 300, entered: int = 2020) -> list[SeniorCohort]:
    """S1's cohort that entered senior 1 in ``entered`` (senior 2 in 2021-22 by default): ``size``
    at entry, ``retained`` so far; and, unless it is the one, the 2019 cohort (senior 3 now), 300 at
    entry, none retained."""
    others = [] if entered == 2019 else [SeniorCohort(school_code="S1", entered=2019, size=300)]
    return [SeniorCohort(school_code="S1", entered=entered, size=size, retained=retained), *others]


def retain(rec: Record, *, applied: bool = True) -> Retain:
    materials = {"retention_application"} if applied else set()
    return Retain(student=rec.student.student_number, materials=materials)


# ---------------------------------------------------------------------------------------------------


@pytest.mark.clause("2.3", "7.2", "8.3.8")
@pytest.mark.parametrize("year", range(1, 10))
def test_no_retention_or_demotion_in_the_compulsory_stage(year: int) -> None:
    """“按照《义务教育法》、《学籍管理办法》的规定，义务教育阶段学生一律不允许留级、降级。如有学校自行
    留级、降级或者变相留级、降级，将追究学校主要负责人及相关人员责任。”"""
    rec = record(grade(year), A)
    ctx = context(ON, A)
    for event in (retain(rec), Demote(student=rec.student.student_number)):
        decision = evaluate(rec, event, ctx)
        assert not decision.allowed
        assert decision.clause_ids == {"2.3", "7.2", "8.3.8"}
        with pytest.raises(PolicyViolation) as info:
            apply(rec, event, ctx)
        assert {r.clause for r in info.value.decision.reasons} == {"2.3", "7.2", "8.3.8"}


@pytest.mark.clause("2.3")
def test_senior_retention_within_two_percent_of_the_cohort() -> None:
    """“高中阶段学生可以申请留级，但学校必须严格控制，留级比例三年内不得超过年级学生总数的 2%。”
    A cohort of 300 at entry may have 6 of its members retained over its three years."""
    rec = record(grade(11), S1)  # senior 2 in 2021-22: the cohort that entered in 2020
    room = context(ON, S1, cohorts=cohorts(5))
    decision = evaluate(rec, retain(rec), room)
    assert decision.allowed, decision.explain()
    repeated = apply(rec, retain(rec), room)
    assert repeated.grade == grade(10) and repeated.status is Status.ENROLLED
    refused(evaluate(rec, retain(rec), context(ON, S1, cohorts=cohorts(6))), "2.3")
    # 2 % is rounded down: 349 at entry allow 6, 350 allow 7
    assert not evaluate(rec, retain(rec), context(ON, S1, cohorts=cohorts(6, size=349))).allowed
    assert evaluate(rec, retain(rec), context(ON, S1, cohorts=cohorts(6, size=350))).allowed
    # another cohort's retentions do not count: the 2019 cohort is full, 2020's is not
    full_2019 = [SeniorCohort(school_code="S1", entered=2019, size=300, retained=6), cohorts()[0]]
    assert evaluate(rec, retain(rec), context(ON, S1, cohorts=full_2019)).allowed
    senior3 = record(grade(12), S1)
    refused(evaluate(senior3, retain(senior3), context(ON, S1, cohorts=full_2019)), "2.3")


@pytest.mark.clause("2.3")
def test_a_cohorts_senior_2_and_senior_3_retentions_share_one_budget() -> None:
    """“三年内” is the cohort's three senior years: the 2019 cohort (100 at entry: 2 allowed) had 2
    members retained out of senior 2 in 2020-21; in 2021-22 none more out of senior 3. (The rolling
    per-grade reading counted these into different grades and let the cohort reach 4 %.)"""
    cohort = SeniorCohort(school_code="S1", entered=2019, size=100, retained=2)
    senior3 = record(grade(12), S1)
    decision = evaluate(senior3, retain(senior3), context(ON, S1, cohorts=[cohort]))
    refused(decision, "2.3")
    assert not decision.undecided
    assert cohort_headroom("S1", 2019, context(ON, S1, cohorts=[cohort])) == 0
    one_left = context(ON, S1, cohorts=[attrs.evolve(cohort, retained=1)])
    assert cohort_headroom("S1", 2019, one_left) == 1
    assert evaluate(senior3, retain(senior3), one_left).allowed


@pytest.mark.clause("2.3")
def test_a_retention_is_on_the_students_application() -> None:
    """“高中阶段学生可以申请留级”: without the student's written application, refused, the application
    listed as the missing material."""
    rec = record(grade(11), S1)
    decision = evaluate(rec, retain(rec, applied=False), context(ON, S1, cohorts=cohorts()))
    refused(decision, "2.3")
    assert [m.key for m in decision.missing_materials] == ["retention_application"]
    assert not decision.undecided
    with pytest.raises(InvalidInput, match="RetentionMaterial"):
        Retain(student=rec.student.student_number, materials={"application"})


@pytest.mark.clause("2.3")
def test_without_the_cohorts_figures_the_rule_cannot_decide() -> None:
    """“留级比例三年内不得超过年级学生总数的 2%” needs the cohort's figures: without them the answer is
    "cannot decide: give the cohort's figures", not a refusal by the rule."""
    rec = record(grade(11), S1)
    decision = evaluate(rec, retain(rec), context(ON, S1))
    refused(decision, "2.3")
    assert decision.undecided and [r.needs for r in decision.missing_facts] == ["senior_cohort"]
    other = evaluate(rec, retain(rec), context(ON, S1, cohorts=cohorts(entered=2019)))
    assert other.undecided  # only the 2019 cohort is known; the student's is 2020's


@pytest.mark.clause("2.3")
def test_the_deprecated_per_grade_rows_still_answer_per_cohort() -> None:
    """``retention_history`` (RetentionCount rows) warns and is read per cohort: the senior-1 row of
    the cohort's year of entry is its size; the rows of retentions out of its line its retentions."""
    rows = [
        RetentionCount(school_code="S1", grade_year=10, school_year=2020, students=300, retained=0),
        RetentionCount(school_code="S1", grade_year=10, school_year=2021, students=280, retained=5),
        RetentionCount(school_code="S1", grade_year=10, school_year=2022, students=280, retained=1),
    ]  # 5 retained into senior 1 in 2021: out of the 2020 cohort; 2022's are out of 2021's
    with pytest.warns(DeprecationWarning, match="cohorts=SeniorCohort"):
        ctx = context(ON, S1, retention_history=rows)
    assert ctx.cohort("S1", 2020) == SeniorCohort(
        school_code="S1", entered=2020, size=300, retained=5
    )
    assert ctx.cohort("S1", 2019) is None
    rec = record(grade(11), S1)
    assert evaluate(rec, retain(rec), ctx).allowed
    with pytest.warns(DeprecationWarning, match="cohort_headroom"):
        assert retention_headroom("S1", 10, ctx) == cohort_headroom("S1", 2020, ctx) == 1
    with pytest.raises(InvalidInput, match=r"Context\.cohorts"):
        Context(on=ON, cohorts=[cohorts()[0], cohorts()[0]])


@pytest.mark.clause("2.3")
def test_one_retention_a_school_year_and_none_from_senior_one() -> None:
    """A second retention in one school year would drop a second grade (a 降级 in disguise); a 高一
    student has no finished senior grade to repeat."""
    s12 = record(grade(12), S1)
    ctx = context(ON, S1, cohorts=cohorts())
    once = apply(s12, retain(s12), ctx)
    assert once.grade == grade(11)
    refused(evaluate(once, retain(once), ctx.at(dt.date(2021, 10, 1))), "2.3")
    # in 2022-23 the student is in senior 2 with the cohort of 2021, whose line they joined
    next_year = context(dt.date(2022, 9, 15), S1, cohorts=cohorts(entered=2021))
    assert evaluate(once, retain(once), next_year).allowed
    refused(evaluate(record(grade(10), S1), retain(record(grade(10), S1)), ctx), "2.3")


@pytest.mark.clause("2.3", "8.4")
def test_a_senior_demotion_is_left_to_the_national_rules() -> None:
    """The regulation allows senior 留级 only; a senior 降级 is not covered (8.4: the national rules)."""
    rec = record(grade(11), S1)
    decision = evaluate(rec, Demote(student=rec.student.student_number), context(ON, S1))
    assert not decision.allowed and decision.clause_ids == {"8.4"}


@pytest.mark.clause("2.3")
def test_a_retention_waits_for_an_open_transfer() -> None:
    """The transfer's grade was fixed when it started: it is finished or withdrawn first."""
    rec = record(grade(11), S1, student_=student(sequence=7))
    ctx = context(ON, S1, S3, cohorts=cohorts())
    opened = apply(
        rec,
        TransferRequest(
            student=rec.student.student_number,
            to_school="S3",
            to_class="1班",
            materials=TRANSFER_KEYS,
        ),
        ctx,
    )
    decision = evaluate(opened, retain(opened), ctx)
    assert not decision.allowed and decision.clause_ids == {"2.1"}
