"""Readings of part 5 (学籍档案管理) that run: each test quotes a catalog note and proves it.

See tests/readings/test_part1.py for what a reading test is.
"""

from __future__ import annotations

import datetime as dt

import pytest

from liangshan_xueji import (
    Record,
    TransferAct,
    TransferParty,
    TransferRequest,
    apply,
    audit,
    evaluate,
)
from liangshan_xueji.events import ArchiveItem, CreateArchive, DestroyArchive
from liangshan_xueji.law import DEFAULT_PARAMETERS
from liangshan_xueji.models import Severity, add_months
from liangshan_xueji.policy.archives import ARCHIVE_OPENING_ITEMS, CORE_ARCHIVE_ITEMS
from liangshan_xueji.procedures import (
    archive_checklist,
    archive_state,
    close_school_archives,
    merge_school_archives,
)
from lifecycle_strategies import TRANSFER_KEYS, context, grade, record, school

ENROLLED = dt.date(2020, 9, 1)
A, B, C = school("A1"), school("B1", county="会理市"), school("C1")
OPENING = frozenset(ARCHIVE_OPENING_ITEMS)


def fresh() -> Record:
    return record(grade(3), A, enrolled_on=ENROLLED)


def with_archive(contents: frozenset[ArchiveItem] = OPENING, **kw: object) -> Record:
    r = fresh()
    event = CreateArchive(student=r.student.student_number, contents=contents, **kw)  # type: ignore[arg-type]
    return apply(r, event, context(dt.date(2020, 9, 15), A, B, C))


@pytest.mark.reading("5")
def test_5_one_month_runs_to_the_same_day_of_the_next_month() -> None:
    """“1个月”读作至入学日次月的同一日（该月无此日则为月末）"""
    assert add_months(dt.date(2020, 9, 1), 1) == dt.date(2020, 10, 1)
    assert add_months(dt.date(2021, 1, 31), 1) == dt.date(2021, 2, 28)
    r = fresh()
    decision = evaluate(
        r,
        CreateArchive(student=r.student.student_number, contents=OPENING),
        context(dt.date(2020, 10, 1), A),
    )
    assert decision.deadline is not None and decision.deadline.due == dt.date(2020, 10, 1)
    assert not decision.reasons  # the last day is in time


@pytest.mark.reading("5.1")
def test_5_1_the_checklist_is_checked_item_by_item() -> None:
    """档案清单按 5.1.1–5.1.7 逐项检查"""
    opened = with_archive()
    decision = archive_checklist(opened)
    missing = {m.clause for m in decision.missing_materials}
    assert not decision.allowed
    assert missing == {f"5.1.{i}" for i in range(1, 5)} - {"5.1.1", "5.1.2"}
    full = with_archive(frozenset(CORE_ARCHIVE_ITEMS))
    assert archive_checklist(full).allowed


@pytest.mark.reading("5.1.7")
def test_5_1_7_provincial_items_are_a_configurable_addition() -> None:
    """省级规定的其他项目为可配置的附加清单项"""
    full = with_archive(frozenset(CORE_ARCHIVE_ITEMS))
    assert archive_checklist(full).allowed
    asked = archive_checklist(full, provincial_items={"体质健康测试"})
    assert not asked.allowed
    assert [m.clause for m in asked.missing_materials] == ["5.1.7"]


@pytest.mark.reading("5.2")
def test_5_2_every_archive_records_both_parts_held_by_its_school() -> None:
    """每份档案都记录其电子部分和纸质部分，缺一部分即拒绝建档；纸质部分由持有档案的学校（其学籍管理员）保管"""
    r = fresh()
    paper_only = CreateArchive(student=r.student.student_number, contents=OPENING, electronic=False)
    refused = evaluate(r, paper_only, context(ENROLLED, A))
    assert "5.2" in {x.clause for x in refused.reasons}
    state = archive_state(with_archive())
    assert state is not None and state.electronic and state.paper and state.holder == "A1"


@pytest.mark.reading("5.3.1")
def test_5_3_1_the_move_has_no_due_date_and_the_archive_is_never_destroyed() -> None:
    """本条未给档案转接设期限（第 5 条的 1 个月是建档期限），故转接不设期限；调用方可设
    archive_move_months（没有默认值），超过仍未转接只作提示; 'Kept permanently' means the archive is
    never destroyed after schooling ends"""
    mine = with_archive()
    sn = mine.student.student_number
    on = dt.date(2020, 10, 12)
    moved = apply(mine, TransferRequest(student=sn, to_school="B1", to_class="1班",
                                        materials=TRANSFER_KEYS), context(on, A, B, C))  # fmt: skip
    for party in TransferParty:
        moved = apply(moved, TransferAct(student=sn, party=party), context(on, A, B, C))
    state = archive_state(moved)
    assert moved.school_code == "B1" and state is not None and state.holder == "A1"
    year_on = context(dt.date(2021, 10, 12), A, B, C)
    assert not [f for f in audit([moved], year_on) if f.clause in ("5.3.1", "8.3.6")]
    params = DEFAULT_PARAMETERS.override("archive_move_months", 1, reference="县要求（示例）")
    with_period = context(dt.date(2020, 11, 13), A, B, C, parameters=params)
    (f,) = [f for f in audit([moved], with_period) if f.clause == "5.3.1"]
    assert f.severity is Severity.NOTICE and f.due == dt.date(2020, 11, 12)
    assert not evaluate(mine, DestroyArchive(student=sn), context(on, A)).allowed


@pytest.mark.reading("5.3.2")
def test_5_3_2_a_merger_moves_custody_not_the_record() -> None:
    """只移交档案的保管，学籍本身不随之变动"""
    mine = with_archive()
    decision, (after,) = merge_school_archives([mine], A, C, context(dt.date(2021, 8, 20), A, C))
    assert decision.allowed
    state = archive_state(after)
    assert state is not None and state.holder == "C1"
    assert after.school_code == "A1" and after.grade == mine.grade


@pytest.mark.reading("5.3.3")
def test_5_3_3_a_closed_schools_archives_go_to_its_county() -> None:
    """撤销学校的档案由所在县级教育主管部门接收"""
    mine = with_archive()
    decision, (after,) = close_school_archives([mine], A, context(dt.date(2021, 8, 20), A))
    state = archive_state(after)
    assert decision.allowed and state is not None
    assert state.held_by_county and state.holder == A.county


@pytest.mark.reading("5.3.3")
def test_5_3_3_the_school_the_student_moves_to_takes_the_archive_back() -> None:
    """学生转入或升入其他学校后，由该校从县级教育主管部门调回（ReclaimArchive），撤销学校不再调回"""
    from liangshan_xueji.events import ReclaimArchive

    mine = with_archive()
    sn = mine.student.student_number
    _, (closed,) = close_school_archives([mine], A, context(dt.date(2021, 8, 20), A, B))
    on = context(dt.date(2021, 9, 1), A, B, C)
    back_to_a = ReclaimArchive(student=sn, authority=A.county, to_school="A1")
    assert "5.3.3" in evaluate(closed, back_to_a, on).clause_ids  # the closed school: refused
    moved = apply(closed, TransferRequest(student=sn, to_school="B1", to_class="1班",
                                          materials=TRANSFER_KEYS), on)  # fmt: skip
    for party in TransferParty:
        moved = apply(moved, TransferAct(student=sn, party=party), on)
    to_b = ReclaimArchive(student=sn, authority=A.county, to_school="B1")
    later = context(dt.date(2023, 9, 1), A, B, C)  # no time limit: years later, still allowed
    assert evaluate(moved, to_b, later).allowed and not evaluate(moved, to_b, later).reasons
    state = archive_state(apply(moved, to_b, later))
    assert state is not None and state.holder == "B1" and not state.held_by_county
