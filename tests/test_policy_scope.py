"""适用范围 Scope (clauses 8.4, 8.5): acts not covered and foreign / HK / Macao / Taiwan students."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.audit import audit
from liangshan_xueji.errors import InvalidInput, PolicyViolation
from liangshan_xueji.io.roster import (
    RosterInput,
    RosterReader,
    RosterWriter,
    RowParser,
    fast_identity,
    write_schools,
)
from liangshan_xueji.policy import apply, evaluate
from liangshan_xueji.policy.keydata import (
    ChangeStudentData,
    FieldChange,
    StudentField,
    change_student_data,
)
from liangshan_xueji.policy.registration import Delete, ImportPhoto
from liangshan_xueji.policy.scope import (
    HIGHER_RULES,
    Origin,
    evaluate_in_scope,
    origin_of,
    scope_decision,
    scope_finding,
)
from liangshan_xueji.records.findings import Finding, Severity
from liangshan_xueji.records.models import (
    Guardian,
    IdentityNumber,
    InvalidIdentityNumber,
    Record,
    Sex,
    Status,
    Student,
    StudentNumber,
    StudentNumberKind,
)
from liangshan_xueji.records.serialization import from_dict, to_dict
from liangshan_xueji.records.status import Promote, Retain
from lifecycle_strategies import (
    ALL_EVENT_TYPES,
    context,
    event_of,
    grade,
    record,
    school,
    student,
)

A = school("A1")
DAY = dt.date(2021, 3, 1)


def permit_holder(region: str) -> Student:
    """A student whose 港澳台居民居住证 number starts with ``region``."""
    ident = IdentityNumber.build(region, dt.date(2012, 1, 1), 11)
    return Student(
        name="陈大文", sex=ident.sex, birth_date=ident.birth_date, ethnicity="汉族",
        identity_number=ident, student_number=StudentNumber.from_identity(ident),
        household_registration="", address="",
    )  # fmt: skip


def j_student(origin: Origin | None = None) -> Student:
    return Student(
        name="John", sex=Sex.MALE, birth_date=dt.date(2012, 1, 1), ethnicity="其他",
        identity_number=None, student_number=StudentNumber("J000000000000000017"),
        household_registration="", address="", origin=origin,
    )  # fmt: skip


def clauses_of(decision: object) -> set[str]:
    return {r.clause for r in decision.reasons}  # type: ignore[attr-defined]


@pytest.mark.clause("8.4")
def test_acts_this_regulation_does_not_cover_follow_the_national_rules() -> None:
    """“本《规定》中没有涉及的业务操作，按《学籍管理办法》、《全国中小学学籍信息管理系统操作手册》及教育部、
    省教育厅相关规定执行。”"""
    r = record(grade(3), A)
    decision = scope_decision(r, "学籍号合并")
    assert not decision.allowed and clauses_of(decision) == {"8.4"}
    assert "学籍管理办法" in decision.reasons[0].zh and "操作手册" in HIGHER_RULES
    covered = scope_decision(r, Promote(student=r.student.student_number))
    assert covered.allowed and clauses_of(covered) == {"8.4"}  # never a silent allow
    assert scope_decision(r, "registration").allowed and scope_decision(r, Delete).allowed


@pytest.mark.clause("8.4")
def test_the_regulation_holds_from_its_date_of_issue() -> None:
    """“本《规定》于发文之日起执行。”"""
    r = record(grade(3), A)
    assert scope_decision(r, ImportPhoto, on=dt.date(2016, 8, 11)).allowed
    before = scope_decision(r, ImportPhoto, on=dt.date(2016, 8, 10))
    assert not before.allowed and any("2016-08-11" in x.zh for x in before.reasons)


@pytest.mark.clause("8.5")
@pytest.mark.parametrize(
    ("region", "origin"),
    [
        ("810000", Origin.HONG_KONG),
        ("820000", Origin.MACAO),
        ("830000", Origin.TAIWAN),
        ("710000", Origin.TAIWAN),
    ],
)
def test_hong_kong_macao_and_taiwan_students_follow_the_ministrys_rules(
    region: str, origin: Origin
) -> None:
    """“外籍学生和港澳台学生学籍管理，按照教育部、省教育厅相关规定执行。”"""
    s = permit_holder(region)
    assert origin_of(s) is origin
    decision = scope_decision(s, ImportPhoto)
    assert not decision.allowed and clauses_of(decision) == {"8.5"}
    assert origin.value in decision.reasons[0].zh and "教育部" in decision.reasons[0].zh


@pytest.mark.clause("8.5")
def test_foreign_students_and_unknown_j_students() -> None:
    assert origin_of(student()) is Origin.MAINLAND
    assert origin_of(j_student()) is None
    unknown = scope_decision(j_student(), ImportPhoto)
    assert not unknown.allowed and clauses_of(unknown) == {"8.5"} and "J" in unknown.reasons[0].zh
    foreign = scope_decision(j_student(), ImportPhoto, origin=Origin.FOREIGN)
    assert not foreign.allowed and "外籍" in foreign.reasons[0].zh
    assert scope_decision(j_student(), ImportPhoto, origin=Origin.MAINLAND).allowed
    with pytest.raises(InvalidInput):
        scope_decision(j_student(), ImportPhoto, origin="外籍")  # type: ignore[arg-type]


@pytest.mark.clause("8.4", "8.5")
def test_scope_comes_before_the_rule() -> None:
    r = record(grade(3), A)
    ctx = context(DAY, A)
    event = Retain(student=r.student.student_number)
    with pytest.warns(DeprecationWarning, match="Student.origin"):
        assert evaluate_in_scope(r, event, ctx) == evaluate(r, event, ctx)
    hk = record(grade(3), A, student_=permit_holder("810000"))
    with pytest.warns(DeprecationWarning, match="evaluate_in_scope"):
        scoped = evaluate_in_scope(hk, Retain(student=hk.student.student_number), ctx)
    assert clauses_of(scoped) == {"8.5"}


def test_bad_scope_input() -> None:
    with pytest.raises(InvalidInput) as err:
        scope_decision("G5134", ImportPhoto)  # type: ignore[arg-type]
    assert err.value.where == "subject"
    with pytest.raises(InvalidInput) as err:
        scope_decision(student(), "  ")
    assert err.value.where == "act"
    with pytest.raises(InvalidInput):
        scope_decision(student(), ImportPhoto, on=dt.datetime(2021, 1, 1))  # type: ignore[arg-type]


@pytest.mark.clause("8.4", "8.5")
@given(
    who=st.sampled_from(["mainland", "810000", "830000", "710000", "j"]),
    origin=st.sampled_from([None, *Origin]),
    act=st.sampled_from(["registration", "promotion", "admission", "学籍号合并", "毕业证补发"]),
    day=st.dates(dt.date(2016, 8, 1), dt.date(2016, 8, 20)),
)
def test_scope_never_allows_silently(
    who: str, origin: Origin | None, act: str, day: dt.date
) -> None:
    s = {"mainland": student(), "j": j_student()}.get(who) or permit_holder(who)
    decision = scope_decision(s, act, origin=origin, on=day)
    assert decision.reasons  # allowed or not, it says why
    resolved = origin_of(s, origin)
    expected = (
        resolved is Origin.MAINLAND
        and act in ("registration", "promotion", "admission")
        and day >= dt.date(2016, 8, 11)
    )
    assert decision.allowed is expected


# --------------------------------------------------------------------------------------------------
# 8.5 by default (issue 15, item 4): the student's origin, evaluate/apply, the audit, the roster

ON = dt.date(2021, 3, 1)


@pytest.mark.clause("8.5")
@pytest.mark.parametrize("region", ["810000", "820000", "830000"])
def test_residence_permit_numbers_are_identity_numbers(region: str) -> None:
    """港澳台居民居住证: 公民身份号码 by the national standard, address codes 810000, 820000, 830000
    (国办发〔2018〕81号, article 3), with GB 11643's check character."""
    ident = IdentityNumber.build(region, dt.date(2012, 1, 1), 11)
    assert IdentityNumber(ident.reveal()) == ident
    assert StudentNumber.from_identity(ident).kind is StudentNumberKind.G
    last = ident.reveal()[-1]
    wrong = ident.reveal()[:-1] + ("0" if last != "0" else "1")
    with pytest.raises(InvalidIdentityNumber, match="校验码"):
        IdentityNumber(wrong)
    assert fast_identity(ident.reveal()) is not None and fast_identity(wrong) is None


@pytest.mark.clause("8.5")
def test_83_is_only_the_taiwan_permits_830000() -> None:
    for region in ("830100", "831234"):
        with pytest.raises(InvalidIdentityNumber) as err:
            IdentityNumber.build(region, dt.date(2012, 1, 1), 11)
        assert "830000" in err.value.zh and "830000" in err.value.en
        assert fast_identity(region + "20120101011" + "0") is None
    with pytest.raises(InvalidIdentityNumber, match="省级行政区划代码"):
        IdentityNumber.build("840000", dt.date(2012, 1, 1), 11)


@pytest.mark.clause("8.5")
def test_the_students_origin_is_derived_and_must_agree_with_the_id_number() -> None:
    assert student().origin is Origin.MAINLAND
    assert permit_holder("830000").origin is Origin.TAIWAN
    assert j_student().origin is None and j_student(Origin.FOREIGN).origin is Origin.FOREIGN
    l_number = attrs.evolve(j_student(), student_number=StudentNumber("L000000000000000017"))
    assert l_number.origin is Origin.MAINLAND  # an L number without an ID number: the mainland
    with pytest.raises(InvalidInput) as err:
        attrs.evolve(permit_holder("810000"), origin=Origin.MAINLAND)
    assert err.value.where == "Student.origin" and "香港" in err.value.zh
    assert "8100" in err.value.zh and "20120101" not in err.value.zh  # the number stays masked
    with pytest.raises(InvalidInput):
        attrs.evolve(student(), origin=Origin.FOREIGN)
    with pytest.raises(InvalidInput):
        attrs.evolve(student(), origin="香港")
    # a J student given an ID number takes the ID number's origin
    ident = IdentityNumber.build("820000", dt.date(2012, 1, 1), 11)
    given = attrs.evolve(
        j_student(), identity_number=ident, student_number=StudentNumber.from_identity(ident)
    )
    assert given.origin is Origin.MACAO
    assert "origin='外籍'" in repr(j_student(Origin.FOREIGN))


@pytest.mark.clause("8.5")
@pytest.mark.parametrize(
    "who",
    [permit_holder("810000"), permit_holder("820000"), permit_holder("830000"),
     j_student(Origin.FOREIGN), j_student()],
    ids=["hong-kong", "macao", "taiwan", "foreign", "unknown"],
)  # fmt: skip
def test_evaluate_and_apply_refuse_with_8_5_alone(who: Student) -> None:
    r = record(grade(3), A, student_=who)
    event = Retain(student=who.student_number)  # under this regulation: refused by 2.3 too
    decision = evaluate(r, event, context(ON, A))
    assert not decision.allowed and clauses_of(decision) == {"8.5"}
    with pytest.raises(PolicyViolation) as err:
        apply(r, ImportPhoto(student=who.student_number), context(ON, A))
    assert err.value.decision.clause_ids == {"8.5"}
    dead = attrs.evolve(r, status=Status.DECEASED)
    assert clauses_of(evaluate(dead, event, context(ON, A))) == {"8.5"}
    mainland = record(grade(3), A, student_=j_student(Origin.MAINLAND))
    judged = evaluate(mainland, Retain(student=mainland.student.student_number), context(ON, A))
    assert "8.5" not in clauses_of(judged) and "2.3" in clauses_of(judged)
    # an unknown origin is "cannot decide: give the origin"; a known one outside is a refusal
    assert decision.undecided is (who.origin is None)
    assert [r.needs for r in decision.missing_facts] == ([] if who.origin else ["origin"])


@pytest.mark.clause("8.5")
def test_bad_input_still_raises_for_a_student_outside_the_regulation() -> None:
    hk = record(grade(3), A, student_=permit_holder("810000"))
    stale = ChangeStudentData(
        student=hk.student.student_number,
        changes=(FieldChange(field=StudentField.NAME, old="别人", new="阿依"),),
    )
    with pytest.raises(InvalidInput) as err:
        evaluate(hk, stale, context(ON, A))
    assert err.value.where == "changes[0].old"
    with pytest.raises(InvalidInput):
        evaluate(hk, Retain(student=student().student_number), context(ON, A))


@pytest.mark.clause("8.5", "4")
def test_a_new_id_number_gives_the_origin_anew() -> None:
    r = record(grade(3), A, student_=j_student(Origin.MAINLAND))
    ident = IdentityNumber.build("830000", dt.date(2012, 1, 1), 11)
    decision, new = change_student_data(
        r, {StudentField.IDENTITY_NUMBER: ident}, context(ON, A), lookup=lambda s: False,
        police_proof=True, proof_scan=True, school_approves=True,
    )  # fmt: skip
    assert decision.allowed and new is not None and new.student.origin is Origin.TAIWAN


@pytest.mark.clause("8.5")
def test_evaluate_in_scope_is_deprecated_and_takes_the_origin() -> None:
    r = record(grade(3), A, student_=j_student())
    event = ImportPhoto(student=r.student.student_number)
    with pytest.warns(DeprecationWarning, match="evaluate_in_scope"):
        got = evaluate_in_scope(r, event, context(ON, A), origin=Origin.MAINLAND)
    stated = attrs.evolve(r, student=j_student(Origin.MAINLAND))
    assert got == evaluate(stated, event, context(ON, A)) and "8.5" not in clauses_of(got)


def _audit(records: list[Record], on: dt.date) -> list[Finding]:
    return list(audit(records, context(on, A), cross_school=False))


@pytest.mark.clause("8.5")
def test_the_audit_reports_8_5_instead_of_the_checks() -> None:
    """A graduation-year student still 在校 on 8-01 missed 3.1's 7-30 (a school check): reported for
    a mainland student, not for a Taiwan student, who gets the 8.5 notice instead."""
    on = dt.date(2021, 8, 1)
    mainland = record(grade(6), A, student_=student())
    checked = sorted(f.clause for f in _audit([mainland], on))
    assert "3.1" in checked and "8.5" not in checked
    taiwan = record(grade(6), A, student_=permit_holder("830000"))
    (f,) = _audit([taiwan], on)
    assert (f.clause, f.severity, f.evidence) == ("8.5", Severity.NOTICE, "origin=taiwan")
    assert "台湾" in f.zh and "未按本规定检查" in f.zh and "Taiwan" in f.en
    both = _audit([mainland, taiwan], on)
    assert sorted(f.clause for f in both) == sorted([*checked, "8.5"])
    unknown = record(grade(6), A, student_=j_student())
    assert sorted(f.clause for f in _audit([unknown], on)) == sorted([*checked, "8.5"])
    assert scope_finding(mainland, context(on, A)) is None


@pytest.mark.clause("8.5")
def test_the_roster_carries_the_origin(tmp_path: Path) -> None:
    father = Guardian(relation="父亲", name="吉克木呷")
    records = [
        record(grade(3), A, student_=attrs.evolve(student(), guardians=(father,))),
        record(grade(3), A, student_=permit_holder("830000")),
        record(grade(3), A, student_=j_student(Origin.FOREIGN)),
        record(grade(3), A, student_=attrs.evolve(student(sequence=125), guardians=())),
    ]
    with RosterWriter(tmp_path) as w:
        for r in records:
            w.write(r)
    write_schools(tmp_path / "schools.csv", [A])
    lines = (tmp_path / "roster.csv").read_text(encoding="utf-8").splitlines()
    at = lines[0].split(",").index("origin")
    assert [line.split(",")[at] for line in lines[1:]] == ["", "", "外籍", ""]
    reader = RosterReader(RosterInput.from_path(tmp_path))
    with reader:
        (block,) = reader.blocks()
        rows, rejected = RowParser(reader.specs).parse_block(block)
    assert rejected == [] and list(rows) == records
    assert rows.special == [1, 2, 3]  # a Taiwan permit holder's row is never plain
    assert [r.student.origin for r in rows] == [
        Origin.MAINLAND, Origin.TAIWAN, Origin.FOREIGN, Origin.MAINLAND,
    ]  # fmt: skip
    # the same file without the column reads as before (the J student's origin then unknown)
    text = "\n".join(",".join(c for k, c in enumerate(x.split(",")) if k != at) for x in lines)
    (tmp_path / "roster.csv").write_text(text + "\n", encoding="utf-8")
    old = RosterReader(RosterInput.from_path(tmp_path))
    with old:
        (block,) = old.blocks()
        rows, rejected = RowParser(old.specs).parse_block(block)
    assert rejected == [] and [r.student.origin for r in rows][1:3] == [Origin.TAIWAN, None]


@pytest.mark.clause("8.5")
@pytest.mark.parametrize(
    ("cell", "reason"), [("香港", "不一致"), ("火星", "来源"), ("外籍", "不一致")]
)
def test_a_bad_or_contradicting_origin_cell_is_rejected(
    tmp_path: Path, cell: str, reason: str
) -> None:
    with RosterWriter(tmp_path) as w:
        w.write(record(grade(3), A, student_=student()))
    write_schools(tmp_path / "schools.csv", [A])
    header, row = (tmp_path / "roster.csv").read_text(encoding="utf-8").splitlines()
    cells = row.split(",")
    at = header.split(",").index("origin")
    cells[at] = cell
    (tmp_path / "roster.csv").write_text(f"{header}\n{','.join(cells)}\n", encoding="utf-8")
    reader = RosterReader(RosterInput.from_path(tmp_path))
    with reader:
        (block,) = reader.blocks()
        rows, rejected = RowParser(reader.specs).parse_block(block)
    assert len(rows) == 0 and len(rejected) == 1
    assert reason in rejected[0].zh and rejected[0].column == at + 1


@pytest.mark.clause("8.5")
@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.name)
def test_every_act_in_every_status_of_a_student_outside_is_refused_with_8_5(
    status: Status,
) -> None:
    """The rule still runs (so that bad input raises); whatever it says, a Hong Kong student's act is
    refused with 8.5 alone — in a terminal status too, and with an open transfer or 休学 period."""
    hk = attrs.evolve(record(grade(5), A, student_=permit_holder("810000")), status=status)
    sn = hk.student.student_number
    ctx = context(dt.date(2021, 8, 10), A, school("B1", county="会理市"))
    for event_type in ALL_EVENT_TYPES:
        try:
            decision = evaluate(hk, event_of(event_type, sn), ctx)
        except InvalidInput:
            continue  # bad input for this state, as for any student
        assert not decision.allowed and decision.clause_ids == {"8.5"}, event_type


@pytest.mark.clause("8.5")
def test_the_origin_round_trips_through_json_and_old_json_still_loads() -> None:
    r = record(grade(3), A, student_=j_student(Origin.FOREIGN))
    data = to_dict(r)
    assert data["student"]["origin"] == "外籍" and from_dict(data, Record) == r
    del data["student"]["origin"]  # JSON written before the field existed
    assert from_dict(data, Record).student.origin is None
    hk = to_dict(record(grade(3), A, student_=permit_holder("810000")))
    del hk["student"]["origin"]
    assert from_dict(hk, Record).student.origin is Origin.HONG_KONG
