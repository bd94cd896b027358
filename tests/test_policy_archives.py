"""学籍档案 Archives (clauses 5–5.3.3): creation, the checklist, the two parts, moves and handovers."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.policy.archives import (
    ARCHIVE_OPENING_ITEMS,
    ArchiveItem,
    CreateArchive,
    DestroyArchive,
    FileArchiveItems,
    HandOverArchive,
    HandoverReason,
    MoveArchive,
    archive_checklist,
    archive_state,
    close_school_archives,
    merge_school_archives,
)
from liangshan_xueji.records.models import Record, School
from liangshan_xueji.records.serialization import from_json, to_json
from liangshan_xueji.records.status import (
    Context,
    Death,
    TransferAct,
    TransferParty,
    TransferRequest,
)
from lifecycle_strategies import TRANSFER_KEYS, context, grade, record, school, student

ENROLLED = dt.date(2020, 9, 1)
A, B = school("A1"), school("B1", county="会理市")
C = school("C1")
OPENING = frozenset(ARCHIVE_OPENING_ITEMS)


def ctx(on: dt.date) -> Context:
    return context(on, A, B, C)


def fresh(at: School = A, seq: int = 123) -> Record:
    return record(grade(3), at, student_=student(sequence=seq), enrolled_on=ENROLLED)


def with_archive(at: School = A, seq: int = 123, on: dt.date = dt.date(2020, 9, 15)) -> Record:
    r = fresh(at, seq)
    return apply(r, CreateArchive(student=r.student.student_number, contents=OPENING), ctx(on))


def transferred(r: Record, to: School, on: dt.date) -> Record:
    sn = r.student.student_number
    r = apply(
        r,
        TransferRequest(student=sn, to_school=to.code, to_class="1班", materials=TRANSFER_KEYS),
        ctx(on),
    )
    for party in TransferParty:
        r = apply(r, TransferAct(student=sn, party=party), ctx(on))
    assert r.school_code == to.code
    return r


def clauses_of(decision: object) -> set[str]:
    return {r.clause for r in decision.reasons}  # type: ignore[attr-defined]


@pytest.mark.clause("5")
def test_the_archive_is_created_within_one_month_of_enrollment() -> None:
    """“学生入学1个月内学校应当为其建立学籍档案。”"""
    r = fresh()
    event = CreateArchive(student=r.student.student_number, contents=OPENING)
    on_time = evaluate(r, event, ctx(dt.date(2020, 10, 1)))
    assert on_time.allowed and not on_time.reasons
    assert on_time.deadline is not None and on_time.deadline.due == dt.date(2020, 10, 1)
    late = evaluate(r, event, ctx(dt.date(2020, 10, 2)))
    assert late.allowed and any(r_.clause == "5" and "逾期" in r_.zh for r_ in late.reasons)
    made = apply(r, event, ctx(dt.date(2020, 9, 5)))
    state = archive_state(made)
    assert state is not None and state.holder == "A1" and state.created_on == dt.date(2020, 9, 5)
    assert not evaluate(made, event, ctx(dt.date(2020, 9, 6))).allowed  # created once


@pytest.mark.clause("5.1", "5.1.1", "5.1.2")
def test_the_archive_opens_with_the_basic_information_and_its_evidence() -> None:
    """“学籍基础信息及信息变动情况；学籍信息证明材料（户籍证明、转学申请、休学申请等）”"""
    r = fresh()
    decision = evaluate(
        r, CreateArchive(student=r.student.student_number, contents=()), ctx(ENROLLED)
    )
    assert not decision.allowed
    assert {"5.1.1", "5.1.2"} <= clauses_of(decision)
    assert {m.clause for m in decision.missing_materials} == {"5.1.1", "5.1.2"}


@pytest.mark.clause("5.2")
def test_an_archive_has_an_electronic_and_a_paper_part() -> None:
    """“学籍档案分为电子档案和纸质档案。电子档案通过电子学籍系统管理，纸质档案由学校学籍管理员负责管理。”"""
    r = fresh()
    for electronic, paper in ((False, True), (True, False), (False, False)):
        event = CreateArchive(
            student=r.student.student_number, contents=OPENING, electronic=electronic, paper=paper
        )
        decision = evaluate(r, event, ctx(ENROLLED))
        assert not decision.allowed and "5.2" in clauses_of(decision)
        assert {m.key for m in decision.missing_materials} == (
            ({"archive.electronic"} if not electronic else set())
            | ({"archive.paper"} if not paper else set())
        )


@pytest.mark.clause(
    "5.1", "5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.5", "5.1.6", "5.1.7"
)  # fmt: skip
def test_the_checklist_has_the_seven_kinds_in_the_documents_order() -> None:
    """“学生学籍档案内容包括：1、学籍基础信息……7、省级教育行政部门规定的其他信息和材料。”"""
    assert [i.clause for i in ArchiveItem] == [f"5.1.{n}" for n in range(1, 8)]
    r = with_archive()
    core = archive_checklist(r)
    assert not core.allowed
    assert {m.clause for m in core.missing_materials} == {"5.1.3", "5.1.4"}
    sn = r.student.student_number
    r = apply(
        r,
        FileArchiveItems(student=sn, contents={ArchiveItem.DEVELOPMENT_REPORT, ArchiveItem.HEALTH}),
        ctx(dt.date(2021, 1, 20)),
    )
    assert archive_checklist(r).allowed
    wanted = [*ArchiveItem][:6]
    more = archive_checklist(r, required=wanted, provincial_items=["学籍卡"])
    assert {m.clause for m in more.missing_materials} == {"5.1.5", "5.1.6", "5.1.7"}
    r = apply(
        r,
        FileArchiveItems(
            student=sn,
            contents={ArchiveItem.AWARDS, ArchiveItem.FINANCIAL_AID, ArchiveItem.PROVINCIAL_OTHER},
            provincial_items={"学籍卡"},
        ),
        ctx(dt.date(2021, 6, 1)),
    )
    assert archive_checklist(r, required=ArchiveItem, provincial_items=["学籍卡"]).allowed
    assert not archive_checklist(fresh()).allowed  # no archive at all


@pytest.mark.clause("5.1")
def test_items_are_filed_only_into_an_existing_archive() -> None:
    r = fresh()
    event = FileArchiveItems(student=r.student.student_number, contents={ArchiveItem.AWARDS})
    assert not evaluate(r, event, ctx(ENROLLED)).allowed
    with pytest.raises(InvalidInput):
        evaluate(
            with_archive(),
            FileArchiveItems(student=r.student.student_number),
            ctx(dt.date(2020, 10, 1)),
        )


@pytest.mark.clause("5.3", "5.3.1")
def test_the_archive_follows_a_transfer_and_the_old_school_keeps_a_backup() -> None:
    """“学生转学或在基础教育阶段升学时，学籍档案应当转至转入学校或升入学校，转出学校或毕业学校应保留电子档案备份，
    同时保留必要的纸质档案复印件。”"""
    r = transferred(with_archive(), C, dt.date(2021, 3, 1))
    sn = r.student.student_number
    bare = MoveArchive(student=sn, from_school="A1", to_school="C1")
    refused = evaluate(r, bare, ctx(dt.date(2021, 3, 5)))
    assert not refused.allowed
    assert {m.key for m in refused.missing_materials} == {
        "archive.electronic_backup",
        "archive.paper_copies",
    }
    wrong = MoveArchive(
        student=sn, from_school="A1", to_school="B1", electronic_backup_kept=True,
        paper_copies_kept=True,
    )  # fmt: skip
    assert not evaluate(r, wrong, ctx(dt.date(2021, 3, 5))).allowed
    good = MoveArchive(
        student=sn, from_school="A1", to_school="C1", electronic_backup_kept=True,
        paper_copies_kept=True,
    )  # fmt: skip
    moved = apply(r, good, ctx(dt.date(2021, 3, 5)))
    state = archive_state(moved)
    assert state is not None and state.holder == "C1" and state.moved_on == dt.date(2021, 3, 5)
    assert [(b.school_code, b.electronic, b.paper_copies) for b in state.backups] == [
        ("A1", True, True)
    ]
    assert not evaluate(moved, good, ctx(dt.date(2021, 3, 6))).allowed  # already there


@pytest.mark.clause("5.3.1", "8.4")
def test_the_last_school_keeps_the_archive_permanently() -> None:
    """“学生最后终止学业的学校应当归档永久保存学生的学籍档案，或按相关规定办理。”"""
    r = with_archive()
    decision = evaluate(
        r, DestroyArchive(student=r.student.student_number), ctx(dt.date(2021, 1, 1))
    )
    assert not decision.allowed and clauses_of(decision) == {"5.3.1", "8.4"}
    assert any("A1" in r_.zh for r_ in decision.reasons)


@pytest.mark.clause("5.3", "5.3.2")
def test_a_merged_schools_archives_go_to_the_merging_school() -> None:
    """“学校合并的，其学籍档案移交并入学校管理。”"""
    mine, other = with_archive(A, 123), with_archive(B, 125)
    decision, (m2, o2) = merge_school_archives([mine, other], A, C, ctx(dt.date(2021, 8, 20)))
    assert decision.allowed and "5.3.2" in clauses_of(decision)
    state = archive_state(m2)
    assert state is not None and state.holder == "C1" and not state.held_by_county
    assert m2.school_code == "A1"  # the records themselves are not moved here (8.4)
    assert from_json(to_json(m2), Record) == m2
    assert o2 is other


@pytest.mark.clause("5.3", "5.3.3")
def test_a_closed_schools_archives_go_to_the_county_authority() -> None:
    """“学校撤销的，其学籍档案移交县级教育主管部门管理。”"""
    mine = with_archive(B, 123)
    decision, (after,) = close_school_archives([mine], B, ctx(dt.date(2021, 8, 20)))
    assert decision.allowed and "5.3.3" in clauses_of(decision)
    state = archive_state(after)
    assert state is not None and state.held_by_county and state.holder == "会理市"
    wrong = HandOverArchive(
        student=mine.student.student_number, reason=HandoverReason.CLOSURE, from_school="B1",
        county="西昌市",
    )  # fmt: skip
    refused = evaluate(mine, wrong, ctx(dt.date(2021, 8, 20)))
    assert not refused.allowed and "5.3.3" in clauses_of(refused)


@pytest.mark.clause("5.3.2")
def test_a_handover_is_all_or_nothing_and_terminal_records_are_noted() -> None:
    alive = with_archive(A, 123)
    dead = apply(
        with_archive(A, 125),
        Death(
            student=student(sequence=125).student_number, died_on=dt.date(2020, 12, 1), proof=True
        ),
        ctx(dt.date(2020, 12, 2)),
    )
    decision, (a2, d2) = merge_school_archives([alive, dead], A, C, ctx(dt.date(2021, 8, 20)))
    assert decision.allowed and a2 is not alive and d2 is dead
    assert any("终止状态" in r.zh for r in decision.reasons)
    with pytest.raises(InvalidInput):
        merge_school_archives([alive], A, "C1", ctx(dt.date(2021, 8, 20)))  # type: ignore[arg-type]


_ACTS = st.lists(
    st.sampled_from(["file_report", "file_awards", "transfer_c", "move", "destroy"]), max_size=6
)


@pytest.mark.clause("5", "5.3.1")
@given(acts=_ACTS)
def test_an_archive_once_made_is_never_lost_and_only_grows(acts: list[str]) -> None:
    r = with_archive()
    sn = r.student.student_number
    day = dt.date(2020, 10, 1)
    previous = archive_state(r)
    for act in acts:
        day += dt.timedelta(days=20)
        c = ctx(day)
        if act == "file_report":
            event: object = FileArchiveItems(student=sn, contents={ArchiveItem.DEVELOPMENT_REPORT})
        elif act == "file_awards":
            event = FileArchiveItems(student=sn, contents={ArchiveItem.AWARDS})
        elif act == "transfer_c":
            if r.school_code == "C1" or r.transfer is not None:
                continue
            r = transferred(r, C, day)
            continue
        elif act == "move":
            state = archive_state(r)
            assert state is not None
            event = MoveArchive(
                student=sn, from_school=state.holder, to_school=r.school_code,
                electronic_backup_kept=True, paper_copies_kept=True,
            )  # fmt: skip
        else:
            event = DestroyArchive(student=sn)
        decision = evaluate(r, event, c)  # type: ignore[arg-type]
        if decision.allowed:
            r = apply(r, event, c)  # type: ignore[arg-type]
        else:
            assert decision.reasons
        state = archive_state(r)
        assert state is not None and previous is not None
        assert previous.contents <= state.contents
        assert len(state.backups) >= len(previous.backups)
        previous = state


# --------------------------------------------------------------------------------------------------
# 2.4.1 — a migrant child's archive goes to the 户籍's county at the term's end


def migrant_dropout(on: dt.date, *, migrant: bool = True, region: str = "510108") -> Record:
    """A 随迁子女 (ID number issued in 成都市成华区 510108) at A1, archived, set to 辍学 on ``on``."""
    from liangshan_xueji.records.status import MarkDropout

    r = record(grade(5), A, student_=student(region=region), enrolled_on=ENROLLED)
    sn = r.student.student_number
    r = apply(r, CreateArchive(student=sn, contents=OPENING), ctx(dt.date(2020, 9, 15)))
    gone = MarkDropout(
        student=sn, explicitly_quit=True, reported_in_writing=True, migrant_child=migrant
    )
    return apply(r, gone, ctx(on))


@pytest.mark.clause("2.4.1")
def test_a_migrant_dropouts_archive_goes_to_the_household_county_by_the_terms_end() -> None:
    """2.4.1: “义务教育阶段外来务工人员随迁子女辍学的，就读学校的学籍主管部门应于每学期末将学生学籍档案
    转交其户籍所在地县（区）教育行政部门”."""
    from liangshan_xueji.policy.archives import MigrantArchiveHandover

    r = migrant_dropout(dt.date(2020, 11, 3))  # the autumn term: 2020-08-11 … 2021-02-10
    hand = MigrantArchiveHandover(
        student=r.student.student_number, from_school="A1", authority="成都市成华区教育局"
    )
    ok = evaluate(r, hand, ctx(dt.date(2021, 1, 20)))
    assert ok.allowed and ok.deadline is not None
    assert (ok.deadline.clause, ok.deadline.due) == ("2.4.1", dt.date(2021, 2, 10))
    late = evaluate(r, hand, ctx(dt.date(2021, 2, 11)))
    assert late.allowed and any("逾期" in x.zh for x in late.reasons)  # late, said, not refused
    after = apply(r, hand, ctx(dt.date(2021, 1, 20)))
    state = archive_state(after)
    assert state is not None and state.holder == "成都市成华区教育局" and state.held_by_county

    # Not recorded as a 随迁子女; a 户籍 in the school's own county; an enrolled student: refused.
    def refusal(rec: Record) -> set[str]:
        d = evaluate(rec, attrs.evolve(hand, student=rec.student.student_number), ctx(ON_TERM))
        assert not d.allowed
        return clauses_of(d)

    assert "2.4.1" in refusal(migrant_dropout(dt.date(2020, 11, 3), migrant=False))
    assert "2.4.1" in refusal(migrant_dropout(dt.date(2020, 11, 3), region="513401"))
    assert "2.4.1" in refusal(with_archive())
    # A named receiving region must be the student's own 户籍 region when that is known.
    explicit = attrs.evolve(r, student=attrs.evolve(r.student, household_region="510108"))
    wrong = attrs.evolve(hand, region="510104")
    assert not evaluate(explicit, wrong, ctx(ON_TERM)).allowed
    assert evaluate(explicit, attrs.evolve(hand, region="510108"), ctx(ON_TERM)).allowed
    with pytest.raises(InvalidInput):
        attrs.evolve(hand, region="51010")


ON_TERM = dt.date(2021, 1, 20)


@pytest.mark.clause("2.4.1")
def test_the_audit_finds_a_migrant_archive_kept_past_the_terms_end() -> None:
    from liangshan_xueji.policy import overdue
    from liangshan_xueji.policy.archives import MigrantArchiveHandover
    from liangshan_xueji.records.status import ReturnToSchool

    r = migrant_dropout(dt.date(2020, 11, 3))
    assert list(overdue.migrant_archive_overdue(r, ctx(dt.date(2021, 2, 10)))) == []
    found = list(overdue.migrant_archive_overdue(r, ctx(dt.date(2021, 2, 11))))
    assert [(f.clause, f.due) for f in found] == [("2.4.1", dt.date(2021, 2, 10))]
    sn = r.student.student_number
    hand = MigrantArchiveHandover(student=sn, from_school="A1", authority="成都市成华区教育局")
    late = apply(r, hand, ctx(dt.date(2021, 3, 1)))
    found = list(overdue.migrant_archive_overdue(late, ctx(dt.date(2021, 6, 1))))
    assert [f.clause for f in found] == ["2.4.1"] and "2021-03-01" in found[0].zh
    on_time = apply(r, hand, ctx(dt.date(2021, 2, 1)))
    assert list(overdue.migrant_archive_overdue(on_time, ctx(dt.date(2021, 6, 1)))) == []
    back = apply(r, ReturnToSchool(student=sn), ctx(dt.date(2020, 12, 1)))
    assert list(overdue.migrant_archive_overdue(back, ctx(dt.date(2021, 6, 1)))) == []
    plain = migrant_dropout(dt.date(2020, 11, 3), migrant=False)
    assert list(overdue.migrant_archive_overdue(plain, ctx(dt.date(2021, 6, 1)))) == []


# --------------------------------------------------------------------------------------------------
# An archive a county authority holds comes back to the student's school (2.4.1, 2.4.3, 5.3.1, 5.3.3)

AUTHORITY = "成都市成华区教育局"


def migrant_returned(to: School = A) -> Record:
    """A migrant child's archive handed to the 户籍's county (2.4.1), the student back at ``to``."""
    from liangshan_xueji.policy.archives import MigrantArchiveHandover
    from liangshan_xueji.records.status import ReturnToSchool

    r = migrant_dropout(dt.date(2020, 11, 3))
    sn = r.student.student_number
    r = apply(
        r, MigrantArchiveHandover(student=sn, from_school="A1", authority=AUTHORITY), ctx(ON_TERM)
    )
    back = ReturnToSchool(student=sn, school_code=None if to is A else to.code)
    return apply(r, back, ctx(dt.date(2021, 3, 1)))


@pytest.mark.clause("2.4.1", "2.4.3", "5.3.1")
def test_a_returning_migrant_childs_school_takes_the_archive_back_from_the_county() -> None:
    """2.4.1 sends a 随迁子女's archive to the 户籍's county; “辍学学生返校应接续相应年级” (2.4.3): the
    school the student comes back to takes it back (ReclaimArchive), no backup asked of the authority."""
    from liangshan_xueji.policy.archives import ReclaimArchive

    r = migrant_returned()
    sn = r.student.student_number
    back = ReclaimArchive(student=sn, authority=AUTHORITY, to_school="A1")
    decision = evaluate(r, back, ctx(dt.date(2021, 3, 5)))
    assert decision.allowed and not decision.missing_materials and decision.deadline is None
    after = apply(r, back, ctx(dt.date(2021, 3, 5)))
    state = archive_state(after)
    assert state is not None and state.holder == "A1" and not state.held_by_county
    assert state.moved_on == dt.date(2021, 3, 5) and state.backups == ()
    assert from_json(to_json(after), Record) == after
    # once back at a school, it is no longer the authority's to give
    again = evaluate(after, back, ctx(dt.date(2021, 3, 6)))
    assert not again.allowed and "5.3.1" in clauses_of(again)
    assert any("MoveArchive" in x.zh for x in again.refusals)
    # the wrong authority; a school the student does not attend
    wrong = evaluate(r, attrs.evolve(back, authority="西昌市教育局"), ctx(dt.date(2021, 3, 5)))
    assert not wrong.allowed and any("西昌市教育局" in x.zh for x in wrong.refusals)
    elsewhere = evaluate(r, attrs.evolve(back, to_school="C1"), ctx(dt.date(2021, 3, 5)))
    assert not elsewhere.allowed and "5.3.1" in clauses_of(elsewhere)
    with pytest.raises(InvalidInput) as err:
        evaluate(r, attrs.evolve(back, to_school="Z9"), ctx(dt.date(2021, 3, 5)))
    assert err.value.where == "to_school"
    # a school does not send the authority's archive on (MoveArchive starts from a school)
    move = MoveArchive(
        student=sn, from_school=AUTHORITY, to_school="A1", electronic_backup_kept=True,
        paper_copies_kept=True,
    )  # fmt: skip
    refused = evaluate(r, move, ctx(dt.date(2021, 3, 5)))
    assert not refused.allowed and any("ReclaimArchive" in x.zh for x in refused.refusals)


@pytest.mark.clause("2.4.1", "2.4.3")
def test_the_archive_is_taken_back_only_for_a_student_at_school() -> None:
    """Still 辍学: nobody attends, nothing is taken back (the status machine's row); a return to
    another school (2.4.3) makes that school the one that takes it back."""
    from liangshan_xueji.policy.archives import MigrantArchiveHandover, ReclaimArchive

    r = migrant_dropout(dt.date(2020, 11, 3))
    sn = r.student.student_number
    r = apply(
        r, MigrantArchiveHandover(student=sn, from_school="A1", authority=AUTHORITY), ctx(ON_TERM)
    )
    back = ReclaimArchive(student=sn, authority=AUTHORITY, to_school="A1")
    still_out = evaluate(r, back, ctx(dt.date(2021, 3, 5)))
    assert not still_out.allowed and any("辍学" in x.zh for x in still_out.refusals)
    moved_on = migrant_returned(C)
    assert moved_on.school_code == "C1"
    assert not evaluate(moved_on, back, ctx(dt.date(2021, 3, 5))).allowed
    at_c = attrs.evolve(back, to_school="C1")
    assert evaluate(moved_on, at_c, ctx(dt.date(2021, 3, 5))).allowed
    state = archive_state(apply(moved_on, at_c, ctx(dt.date(2021, 3, 5))))
    assert state is not None and state.holder == "C1" and not state.held_by_county


@pytest.mark.clause("5.3.3", "5.3.1")
def test_a_closed_schools_archive_goes_to_the_school_the_student_moves_to() -> None:
    """5.3.3 “学校撤销的，其学籍档案移交县级教育主管部门管理”; the student transferred on (5.3.1 “转至
    转入学校”): the new school takes the archive from the county; the closed school never does."""
    from liangshan_xueji.policy.archives import ReclaimArchive

    mine = with_archive(B, 123)
    sn = mine.student.student_number
    _, (closed,) = close_school_archives([mine], B, ctx(dt.date(2021, 8, 20)))
    to_b = ReclaimArchive(student=sn, authority="会理市", to_school="B1")
    refused = evaluate(closed, to_b, ctx(dt.date(2021, 8, 25)))
    assert not refused.allowed and "5.3.3" in clauses_of(refused)
    moved = transferred(closed, C, dt.date(2021, 9, 1))
    to_c = ReclaimArchive(student=sn, authority="会理市", to_school="C1")
    assert evaluate(moved, to_c, ctx(dt.date(2021, 9, 3))).allowed
    state = archive_state(apply(moved, to_c, ctx(dt.date(2021, 9, 3))))
    assert state is not None and state.holder == "C1" and not state.held_by_county


@pytest.mark.clause("8.3.6", "5.3.1", "2.4.1")
def test_the_audit_stops_noticing_an_archive_once_taken_back() -> None:
    """With ``archive_move_months`` set, an archive still at the county after the student moved on is
    a 5.3.1 notice (an archive not following the student); taken back in time, nothing; taken back
    late, the late notice."""
    from liangshan_xueji.law.parameters import DEFAULT_PARAMETERS
    from liangshan_xueji.policy import breaches
    from liangshan_xueji.policy.archives import ReclaimArchive

    params = DEFAULT_PARAMETERS.override("archive_move_months", 1, reference="县教育局要求（测试）")

    def noticed(rec: Record, on: dt.date) -> list[str]:
        ctx_ = context(on, A, B, C, parameters=params)
        return [f.clause for f in breaches.archive_not_moved(rec, ctx_)]

    # 2.4.1: handed over, back at A, then transferred to C
    r = transferred(migrant_returned(), C, dt.date(2021, 3, 10))
    sn = r.student.student_number
    assert noticed(r, dt.date(2021, 6, 1)) == ["5.3.1"]
    back = ReclaimArchive(student=sn, authority=AUTHORITY, to_school="C1")
    assert noticed(apply(r, back, ctx(dt.date(2021, 3, 20))), dt.date(2021, 6, 1)) == []
    late = noticed(apply(r, back, ctx(dt.date(2021, 5, 1))), dt.date(2021, 6, 1))
    assert late == ["5.3.1"]
    # back at C by the return, then transferred to A: the archive is the authority's, not A's
    round_trip = transferred(migrant_returned(C), A, dt.date(2021, 3, 10))
    assert noticed(round_trip, dt.date(2021, 6, 1)) == ["5.3.1"]
    to_a = ReclaimArchive(student=sn, authority=AUTHORITY, to_school="A1")
    assert noticed(apply(round_trip, to_a, ctx(dt.date(2021, 3, 20))), dt.date(2021, 6, 1)) == []
    # 5.3.3: closed, transferred to C
    mine = with_archive(B, 125)
    _, (closed,) = close_school_archives([mine], B, ctx(dt.date(2021, 8, 20)))
    moved = transferred(closed, C, dt.date(2021, 9, 1))
    assert noticed(moved, dt.date(2021, 12, 1)) == ["5.3.1"]
    to_c = ReclaimArchive(student=mine.student.student_number, authority="会理市", to_school="C1")
    assert noticed(apply(moved, to_c, ctx(dt.date(2021, 9, 3))), dt.date(2021, 12, 1)) == []


@pytest.mark.clause("2.4.1", "5.3.1")
def test_a_taken_back_archive_round_trips_through_the_roster_files(tmp_path: object) -> None:
    """The reclaim is a registered event kind: JSON and the roster's events.csv read it back."""
    from pathlib import Path

    from liangshan_xueji.io.roster import (
        RosterInput,
        RosterReader,
        RosterWriter,
        RowParser,
        write_schools,
    )
    from liangshan_xueji.policy.archives import ReclaimArchive
    from liangshan_xueji.records.models import Event

    assert Event.by_kind("archive.reclaim") is ReclaimArchive
    r = migrant_returned()
    back = ReclaimArchive(student=r.student.student_number, authority=AUTHORITY, to_school="A1")
    after = apply(r, back, ctx(dt.date(2021, 3, 5)))
    d = Path(str(tmp_path))
    with RosterWriter(d) as w:
        w.write(after)
    write_schools(d / "schools.csv", [A, B, C])
    assert "archive.reclaim" in (d / "events.csv").read_text(encoding="utf-8")
    rejected: list[object] = []
    reader = RosterReader(RosterInput.from_path(d), on_reject=rejected.append)
    parser = RowParser(reader.specs)
    got: list[Record] = []
    with reader:
        for block in reader.blocks():
            records, bad = parser.parse_block(block)
            got += records
            rejected += bad
    assert rejected == [] and got == [after]
    assert from_json(to_json(after), Record) == after


@pytest.mark.clause("2.4.1")
def test_no_handover_is_due_for_an_archive_the_county_already_holds() -> None:
    """A 随迁子女 who dropped out, returned without the archive being taken back and dropped out
    again: the archive is already at the 户籍's county, so the audit reports no missing handover; once
    the school had taken it back, the second dropout's handover is due again."""
    from liangshan_xueji.policy import overdue
    from liangshan_xueji.policy.archives import MigrantArchiveHandover, ReclaimArchive
    from liangshan_xueji.records.status import MarkDropout

    r = migrant_returned()  # handed over 2021-01-20, back at A 2021-03-01
    sn = r.student.student_number
    again = MarkDropout(
        student=sn, explicitly_quit=True, reported_in_writing=True, migrant_child=True
    )
    kept = apply(r, again, ctx(dt.date(2021, 4, 1)))  # the spring term: ends 2021-08-10
    hand = MigrantArchiveHandover(student=sn, from_school="A1", authority=AUTHORITY)
    assert not evaluate(kept, hand, ctx(dt.date(2021, 4, 2))).allowed  # nothing to hand over
    assert list(overdue.migrant_archive_overdue(kept, ctx(dt.date(2021, 9, 1)))) == []
    back = ReclaimArchive(student=sn, authority=AUTHORITY, to_school="A1")
    reclaimed = apply(apply(r, back, ctx(dt.date(2021, 3, 5))), again, ctx(dt.date(2021, 4, 1)))
    found = list(overdue.migrant_archive_overdue(reclaimed, ctx(dt.date(2021, 9, 1))))
    assert [(f.clause, f.due) for f in found] == [("2.4.1", dt.date(2021, 8, 10))]
