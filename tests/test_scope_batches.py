"""Clause 8.5 in the batch procedures: a student this regulation does not govern is skipped, not a
refusal of the whole batch, and reported with the 8.5 reason (as a record in a terminal state is
left as it is).

Each test fails on the code before this change, where one such student refused the whole batch (or,
for :func:`review_school`, raised :class:`PolicyViolation`).
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from liangshan_xueji.decisions import Decision
from liangshan_xueji.policy.archives import (
    archive_state,
    close_school_archives,
    merge_school_archives,
)
from liangshan_xueji.policy.model_one import PrefectureFiling, file_starting_grades
from liangshan_xueji.policy.review import DataExported, Reviewed, log_export, review_school
from liangshan_xueji.records.findings import Severity
from liangshan_xueji.records.models import Origin, Record
from test_policy_archives import A, B, C, with_archive
from test_policy_archives import ctx as archive_ctx
from test_policy_model_one import ctx as model_one_ctx
from test_policy_model_one import registered as model_one_registered
from test_policy_review import ctx as review_ctx
from test_policy_review import registered as review_registered
from test_policy_scope import j_student, permit_holder

HANDOVER_DAY = dt.date(2021, 8, 20)


def hong_kong(r: Record) -> Record:
    """``r`` of a student from Hong Kong (a 港澳台居民居住证 number, 810000)."""
    return attrs.evolve(r, student=permit_holder("810000"))


def unknown(r: Record) -> Record:
    """``r`` of a J-numbered student without an ID number whose origin is not given."""
    return attrs.evolve(r, student=j_student())


def foreign(r: Record) -> Record:
    return attrs.evolve(r, student=j_student(Origin.FOREIGN))


def skipped_reasons(decision: Decision) -> list[str]:
    return [r.zh for r in decision.reasons if r.clause == "8.5"]


def assert_reports(decision: Decision, *outside: Record) -> None:
    """Each ``outside`` record's masked student number is in an 8.5 reason, the full one nowhere."""
    text = " ".join(skipped_reasons(decision))
    for r in outside:
        assert r.student.student_number.masked in text
        assert r.student.student_number.reveal() not in decision.explain()


@pytest.mark.clause("8.5", "5.3.2")
def test_a_merger_hands_over_the_governed_archives_and_reports_the_others() -> None:
    mine, hk, nobody = (
        with_archive(A, 123),
        hong_kong(with_archive(A, 125)),
        unknown(with_archive(A, 127)),
    )
    decision, (m2, hk2, nobody2) = merge_school_archives(
        [mine, hk, nobody], A, C, archive_ctx(HANDOVER_DAY)
    )
    assert decision.allowed and "5.3.2" in {r.clause for r in decision.reasons}
    state = archive_state(m2)
    assert state is not None and state.holder == "C1"
    assert hk2 is hk and nobody2 is nobody  # left as they are, as terminal records are
    assert len(skipped_reasons(decision)) == 2  # one per origin: Hong Kong, unknown
    assert any("香港" in zh for zh in skipped_reasons(decision))
    assert any("注明来源" in zh for zh in skipped_reasons(decision))
    assert_reports(decision, hk, nobody)
    # the unknown origin names the fact to give; Hong Kong is a known origin outside, not a gap
    assert [r.needs for r in decision.missing_facts] == ["origin"]


@pytest.mark.clause("8.5", "5.3.3")
def test_a_closure_hands_over_the_governed_archives_and_reports_the_others() -> None:
    mine, other = with_archive(B, 123), foreign(with_archive(B, 125))
    decision, (after, same) = close_school_archives([mine, other], B, archive_ctx(HANDOVER_DAY))
    assert decision.allowed
    state = archive_state(after)
    assert state is not None and state.held_by_county
    assert same is other
    assert_reports(decision, other)
    # only students outside: nothing handed over, nothing refused, each reported
    decision, (same,) = close_school_archives([other], B, archive_ctx(HANDOVER_DAY))
    assert decision.allowed and same is other and skipped_reasons(decision)


@pytest.mark.clause("8.5", "8.2")
def test_an_export_is_logged_on_the_governed_records_and_reports_the_others() -> None:
    c = review_ctx(dt.date(2021, 3, 1))
    mine, hk = review_registered(seq=123), hong_kong(review_registered(seq=125))
    decision, (m2, hk2) = log_export(
        [mine, hk], c, recipient="县教育局", approval="批复2号", masked=True
    )
    assert decision.allowed and isinstance(m2.history[-1].event, DataExported)
    assert hk2 is hk
    assert_reports(decision, hk)
    # the batch's own refusal (8.2: no approval) still refuses it, and still names the skipped
    refused, same = log_export([mine, hk], c, recipient="某公司", approval=None, masked=True)
    assert not refused.allowed and same == (mine, hk)
    assert {r.clause for r in refused.refusals} == {"8.2", "8.5"}
    assert [r for r in refused.reasons if r.clause == "8.2"]


@pytest.mark.clause("8.5", "6.1")
def test_starting_grades_are_filed_for_the_governed_students_and_report_the_others() -> None:
    new1, hk = model_one_registered(seq=123), hong_kong(model_one_registered(seq=125))
    decision, (n2, hk2) = file_starting_grades(
        [new1, hk], "Y1", model_one_ctx(dt.date(2021, 9, 20))
    )
    assert decision.allowed and isinstance(n2.history[-1].event, PrefectureFiling)
    assert hk2 is hk
    assert_reports(decision, hk)
    # only a student outside: nothing to file, and the student reported
    decision, (same,) = file_starting_grades([hk], "Y1", model_one_ctx(dt.date(2021, 9, 20)))
    assert decision.allowed and same is hk
    assert {r.clause for r in decision.reasons} == {"6.1", "8.5"}
    assert_reports(decision, hk)


@pytest.mark.clause("8.5", "8.1")
def test_the_term_review_records_the_governed_students_and_notes_the_others() -> None:
    mine, hk, nobody = (
        review_registered(seq=123),
        hong_kong(review_registered(seq=125)),
        unknown(review_registered(seq=127)),
    )
    found, (m2, hk2, nobody2) = review_school([mine, hk, nobody], review_ctx(dt.date(2020, 10, 1)))
    assert isinstance(m2.history[-1].event, Reviewed)
    assert hk2 is hk and nobody2 is nobody
    notes = [f for f in found if f.clause == "8.5"]
    assert {f.student for f in notes} == {hk.student.student_number, nobody.student.student_number}
    assert all(f.severity is Severity.NOTICE and "复核未记入" in f.zh for f in notes)
    # as in the audit: no 8.1 finding about the Hong Kong student (its data gaps are not ours to
    # settle), the unknown-origin student's kept
    assert not [f for f in found if f.clause == "8.1" and f.student == hk.student.student_number]
    assert [f for f in found if f.clause == "8.1" and f.student == nobody.student.student_number]
