"""The prefecture-wide duplicate check in bounded memory, ``_crossschool.CrossSchool`` (clauses 3.3,
1.2): the same person live at two schools is a 重复学籍 (3.3), and when the later record was
registered after the other existed, a 重复注册 (1.2). Its findings equal a brute-force reference
(every record in one dict) whatever ``spill_at`` and ``parts``; a shared hash never makes two
different keys one person; the temporary files go on ``close()``."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji.audit import crossschool
from liangshan_xueji.audit.crossschool import CrossSchool, cross_school_findings, live_columns
from liangshan_xueji.audit.runner import CROSS_SCHOOL_LIVE
from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.records.findings import Finding, SchoolRecords, Severity
from liangshan_xueji.records.models import (
    Grade,
    School,
    SchoolSystem,
    Stage,
    Status,
    StudentNumber,
    TeachingMode,
)
from liangshan_xueji.records.status import Context

ON = dt.date(2024, 6, 14)


def _school(code: str, county: str) -> School:
    return School(
        code=code,
        name=f"学校{code}",
        county=county,
        stages=frozenset({Stage.PRIMARY, Stage.JUNIOR}),
        system=SchoolSystem.SIX_THREE,
        mode=TeachingMode.MODEL_TWO,
    )


# S4 is not in the context: its county is then ""
CTX = Context(
    on=ON, schools=[_school("S1", "西昌市"), _school("S2", "会理市"), _school("S3", "盐源县")]
)
SCHOOLS = ("S1", "S2", "S3", "S4")
# short and long keys, a key with a newline, non-ASCII keys (a lone surrogate too), one of 300
# characters: the columns' fallbacks
KEYS = ("510101200001010011", "J51010120000101002X", "k", "k\n2", "键", "a\ud800", "x" * 300)

# one school's live records: (key, line, enrolled ordinal)
_Batch = tuple[str, list[tuple[str, int, int]]]


def _number(position: int) -> str:
    return f"L{position:018d}"  # an L number: any 18 digits


def _feed(cross: CrossSchool, batches: Sequence[_Batch]) -> None:
    position = 0
    for school, rows in batches:
        numbers = [_number(position + i) for i in range(len(rows))]
        position += len(rows)
        cross.add(
            school,
            [key for key, _, _ in rows],
            numbers,
            [line for _, line, _ in rows],
            [enrolled for _, _, enrolled in rows],
        )


def _expected(batches: Sequence[_Batch], ctx: Context, label: str) -> list[Finding]:
    """The findings the obvious way: every record in one dict by key; for a key live at two or more
    schools, the earliest enrolled record (then the first) is the other record of every record of
    the group at another school (3.3), and of a 1.2 as well when that one was enrolled later."""
    by_key: dict[str, list[tuple[int, int, str, int, str]]] = {}
    position = 0
    for school, rows in batches:
        for key, line, enrolled in rows:
            record = (enrolled, position, school, line, _number(position))
            by_key.setdefault(key, []).append(record)
            position += 1
    out: list[tuple[int, int, Finding]] = []
    for group in by_key.values():
        if len({r[2] for r in group}) < 2:
            continue
        group.sort(key=lambda r: (r[0], r[1]))
        first = group[0]
        other = first[2]
        where = f"{label}:{first[3]}" if label else f"records[{first[3] - 1}]"
        evidence = f"other_school={other} other_record={where}"
        for enrolled, pos, school, _line, number in group[1:]:
            if school == other:
                continue
            info = ctx.schools.get(school)
            county = info.county if info is not None else ""
            out.append(
                (
                    pos,
                    0,
                    Finding(
                        clause="3.3",
                        severity=Severity.NOTICE,
                        school_code=school,
                        county=county,
                        student=StudentNumber(number),
                        zh=f"同一学生在学校 {other} 另有学籍（跨校重复学籍）：须由实际就读学校上传"
                        "附表3，对方学校删除重复学籍",
                        en=f"the same student also has a live record at school {other} (a "
                        "duplicate across schools): the school actually attended uploads 附表3 "
                        "and the other removes its record",
                        evidence=evidence,
                        found_on=ctx.on,
                    ),
                )
            )
            if enrolled > first[0]:
                out.append(
                    (
                        pos,
                        1,
                        Finding(
                            clause="1.2",
                            severity=Severity.BREACH,
                            school_code=school,
                            county=county,
                            student=StudentNumber(number),
                            zh=f"该生在学校 {other} 已有学籍时又被注册（重复注册，注册前未做全省"
                            "数据查询）",
                            en=f"registered while the student already had a record at school "
                            f"{other} (a repeated registration: the province-wide query was not "
                            "made)",
                            evidence=evidence,
                            found_on=ctx.on,
                        ),
                    )
                )
    out.sort(key=lambda t: (t[0], t[1]))
    return [f for _, _, f in out]


def _key(f: Finding) -> tuple[object, ...]:
    return (f.clause, f.severity, f.school_code, f.county, f.student_value(reveal=True), f.zh,
            f.en, f.evidence, f.due, f.found_on)  # fmt: skip


def _found(
    batches: Sequence[_Batch], *, spill_at: int, parts: int, label: str = ""
) -> list[tuple[object, ...]]:
    cross = CrossSchool(label=label, spill_at=spill_at, parts=parts)
    try:
        _feed(cross, batches)
        found = cross.findings(CTX)
        assert [_key(f) for f in cross.findings(CTX)] == [_key(f) for f in found]  # again: same
        return [_key(f) for f in found]
    finally:
        cross.close()
        assert cross.directory is None


_batch_rows = st.lists(
    st.tuples(
        st.sampled_from(KEYS),
        st.integers(1, 10_000),
        st.sampled_from([730_000, 730_001, 730_002, 731_000]),  # many equal dates
    ),
    max_size=8,
)
_batches = st.lists(st.tuples(st.sampled_from(SCHOOLS), _batch_rows), max_size=12)


@given(
    batches=_batches,
    spill_at=st.integers(1, 12),
    parts=st.integers(1, 6),
    label=st.sampled_from(["", "roster.csv"]),
)
@pytest.mark.clause("3.3", "1.2")
def test_the_findings_equal_the_brute_force_reference(
    batches: list[_Batch], spill_at: int, parts: int, label: str
) -> None:
    want = [_key(f) for f in _expected(batches, CTX, label)]
    assert _found(batches, spill_at=spill_at, parts=parts, label=label) == want
    # all in memory (no spill at all) gives the same findings
    assert _found(batches, spill_at=10_000, parts=parts, label=label) == want


@given(
    keys=st.lists(st.text(alphabet="0123456789X", min_size=1, max_size=4), min_size=1, max_size=30),
    spill_at=st.integers(1, 6),
    tiny=st.booleans(),
)
@pytest.mark.clause("3.3", "1.2")
def test_keys_that_share_a_hash_are_never_one_person(
    keys: list[str], spill_at: int, tiny: bool
) -> None:
    """Every key hashed alike (or into two values): only equal keys are reported together."""
    batches = [(SCHOOLS[i % 4], [(key, i + 1, 730_000 + i % 3)]) for i, key in enumerate(keys)]
    want = [_key(f) for f in _expected(batches, CTX, "")]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(crossschool, "_hash", (lambda k: len(k) % 2) if tiny else (lambda k: 7))
        assert _found(batches, spill_at=spill_at, parts=3) == want
        assert _found(batches, spill_at=1000, parts=3) == want


@pytest.mark.clause("3.3", "1.2")
def test_distinct_keys_with_one_hash_give_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crossschool, "_hash", lambda k: 42)
    batches = [(school, [(f"51010120000101{i:04d}", i + 1, 730_000)]) for i, school in
               enumerate(SCHOOLS * 5)]  # fmt: skip
    for spill_at in (1, 3, 1000):
        assert _found(batches, spill_at=spill_at, parts=4) == []
    # one key twice among them: that key only
    batches.append(("S2", [("510101200001010003", 99, 730_001)]))  # first at S4, line 4
    for spill_at in (1, 3, 1000):
        found = _found(batches, spill_at=spill_at, parts=4)
        assert [(f[0], f[2], f[7]) for f in found] == [
            ("3.3", "S2", "other_school=S4 other_record=records[3]"),
            ("1.2", "S2", "other_school=S4 other_record=records[3]"),
        ]


@pytest.mark.clause("3.3", "1.2")
@pytest.mark.parametrize("spill_at", [1, 2, 1000])
def test_the_evidence_cites_the_other_record_by_file_line_or_position(spill_at: int) -> None:
    batches: list[_Batch] = [
        ("S1", [("510101200001010011", 5, 730_000), ("510101200001010012", 6, 730_000)]),
        ("S2", [("510101200001010012", 9, 730_000), ("510101200001010011", 12, 730_100)]),
    ]
    with_label = _found(batches, spill_at=spill_at, parts=2, label="roster.csv")
    assert [(f[0], f[1], f[2], f[3], f[4], f[7]) for f in with_label] == [
        ("3.3", Severity.NOTICE, "S2", "会理市", _number(2),
         "other_school=S1 other_record=roster.csv:6"),
        ("3.3", Severity.NOTICE, "S2", "会理市", _number(3),
         "other_school=S1 other_record=roster.csv:5"),
        ("1.2", Severity.BREACH, "S2", "会理市", _number(3),
         "other_school=S1 other_record=roster.csv:5"),
    ]  # fmt: skip
    without = _found(batches, spill_at=spill_at, parts=2)
    assert [f[7] for f in without] == [
        "other_school=S1 other_record=records[5]",
        "other_school=S1 other_record=records[4]",
        "other_school=S1 other_record=records[4]",
    ]


@pytest.mark.clause("3.3", "1.2")
def test_the_builder_gives_the_notice_and_on_a_later_enrollment_the_breach() -> None:
    notice = cross_school_findings("S4", _number(1), "S1", "records[0]", False, CTX)
    assert [(f.clause, f.severity, f.county, f.evidence) for f in notice] == [
        ("3.3", Severity.NOTICE, "", "other_school=S1 other_record=records[0]")
    ]
    both = cross_school_findings("S2", _number(1), "S1", "roster.csv:7", True, CTX)
    assert [(f.clause, f.severity, f.county) for f in both] == [
        ("3.3", Severity.NOTICE, "会理市"),
        ("1.2", Severity.BREACH, "会理市"),
    ]
    assert all(f.found_on == ON and f.student_value(reveal=True) == _number(1) for f in both)
    assert cross_school_findings.__clauses__ == ("3.3", "1.2")  # type: ignore[attr-defined]


@pytest.mark.clause("3.3", "1.2")
def test_close_removes_the_temporary_directory_and_can_be_repeated() -> None:
    cross = CrossSchool(spill_at=2, parts=3)
    _feed(cross, [("S1", [("k1", 1, 730_000), ("k2", 2, 730_000), ("k3", 3, 730_000)])])
    directory = cross.directory
    assert directory is not None and os.path.isdir(directory)
    cross.close()
    assert cross.directory is None and not os.path.exists(directory)
    cross.close()  # idempotent
    assert cross.findings(CTX) == []  # forgotten; usable again
    with CrossSchool(spill_at=1) as again:
        _feed(again, [("S1", [("k", 1, 730_000)]), ("S2", [("k", 2, 730_001)])])
        spilled = again.directory
        assert spilled is not None and [f.clause for f in again.findings(CTX)] == ["3.3", "1.2"]
    assert not os.path.exists(spilled)


@pytest.mark.clause("3.3", "1.2")
def test_no_records_no_findings_and_no_files() -> None:
    for spill_at in (1, 100):
        cross = CrossSchool(spill_at=spill_at)
        cross.add("S1", [], [], [], [])
        assert cross.findings(CTX) == []
        assert cross.directory is None
        cross.close()


@pytest.mark.clause("3.3", "1.2")
def test_bad_input_is_refused() -> None:
    cross = CrossSchool()
    with pytest.raises(InvalidInput, match="same length"):
        cross.add("S1", ["k"], [], [1], [730_000])
    with pytest.raises(InvalidInput, match="integers"):
        cross.add("S1", ["k"], [_number(0)], ["1"], [730_000])  # type: ignore[list-item]
    with pytest.raises(InvalidInput, match="must be str"):
        cross.add("S1", [1], [_number(0)], [1], [730_000])  # type: ignore[list-item]
    with pytest.raises(InvalidInput, match="school code"):
        cross.add(1, ["k"], [_number(0)], [1], [730_000])  # type: ignore[arg-type]
    for bad in ({"spill_at": 0}, {"parts": 0}, {"parts": True}):
        with pytest.raises(InvalidInput, match="positive integer"):
            CrossSchool(**bad)
    assert cross.findings(CTX) == []  # nothing was taken


_SCRIPT = """
import json, sys
from liangshan_xueji.audit.crossschool import CrossSchool
from liangshan_xueji.records.status import Context
import datetime as dt
cross = CrossSchool(label="r.csv", spill_at=int(sys.argv[1]), parts=5)
for s in range(40):
    keys = [f"5101012000010{(s * 7 + i) % 97:05d}" for i in range(9)]
    cross.add(f"S{s % 6}", keys, [f"L{s * 9 + i:018d}" for i in range(9)],
              [s * 9 + i + 2 for i in range(9)], [730000 + (s + i) % 4 for i in range(9)])
found = cross.findings(Context(on=dt.date(2024, 6, 14)))
cross.close()
print(json.dumps([[f.clause, f.school_code, f.student_value(reveal=True), f.evidence] for f in found]))
"""


@pytest.mark.clause("3.3", "1.2")
def test_the_findings_do_not_depend_on_the_hash_seed() -> None:
    src = str(Path(crossschool.__file__).resolve().parent.parent)
    outs = []
    for seed, spill_at in (("1", "7"), ("2", "7"), ("3", "100000")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": src}
        proc = subprocess.run(
            [sys.executable, "-c", _SCRIPT, spill_at],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outs.append(json.loads(proc.stdout))
    assert outs[0] and outs[0] == outs[1] == outs[2]


def _school_records(
    statuses: list[Status], identities: list[str | None], extra: Sequence[int] = ()
) -> SchoolRecords:
    """Columns as a reader makes them: a record that is not 在校 or has no ID number is special (not
    plain); ``extra`` marks more records special (a history, say)."""
    n = len(statuses)
    special = sorted(
        {i for i in range(n) if statuses[i] is not Status.ENROLLED or identities[i] is None}
        | set(extra)
    )
    return SchoolRecords(
        "S1",
        statuses=statuses,
        grades=[Grade.from_year(1, SchoolSystem.SIX_THREE)] * n,
        numbers=[_number(i) for i in range(n)],
        identities=identities,
        enrolled_ordinals=[730_000 + i for i in range(n)],
        lines=[i + 2 for i in range(n)],
        special=special,
        records=[None] * n,
    )


@pytest.mark.clause("3.3", "1.2")
def test_live_columns_keep_the_live_records_keyed_by_id_else_number() -> None:
    en, gr, su, de = Status.ENROLLED, Status.GRADUATED, Status.SUSPENDED, Status.DECEASED
    rows = _school_records(
        [en, gr, su, de, en, Status.DUPLICATE_REMOVED], ["id0", None, None, "id3", None, "id5"]
    )
    school, keys, numbers, lines, enrolled = live_columns(rows, CROSS_SCHOOL_LIVE)
    assert school == "S1"
    assert keys == ["id0", _number(2), _number(4)]
    assert numbers == [_number(0), _number(2), _number(4)]
    assert (list(lines), list(enrolled)) == ([2, 4, 6], [730_000, 730_002, 730_004])
    assert rows.identities == ["id0", None, None, "id3", None, "id5"]  # not changed
    every = live_columns(_school_records([en, su], [None, "id1"]), CROSS_SCHOOL_LIVE)
    assert every[1:3] == ([_number(0), "id1"], [_number(0), _number(1)])
    assert live_columns(_school_records([gr, de], ["a", None]), CROSS_SCHOOL_LIVE)[1] == []


@pytest.mark.clause("3.3", "1.2")
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Status)), st.none() | st.text("0123", min_size=1), st.booleans()
        )
    ),
    st.sets(st.sampled_from(list(Status))),
)
def test_live_columns_equal_a_record_by_record_reference(
    rows: list[tuple[Status, str | None, bool]], live: set[Status]
) -> None:
    """Whatever the statuses, the missing ID numbers, the extra special records and the live set:
    the records kept, their keys and their columns are those a loop over every record gives."""
    statuses = [s for s, _, _ in rows]
    identities = [i for _, i, _ in rows]
    school = _school_records(statuses, identities, [k for k, r in enumerate(rows) if r[2]])
    kept = [k for k in range(len(rows)) if statuses[k] in live]
    expected = (
        "S1",
        [identities[k] if identities[k] is not None else _number(k) for k in kept],
        [_number(k) for k in kept],
        [k + 2 for k in kept],
        [730_000 + k for k in kept],
    )
    got = live_columns(school, frozenset(live))
    assert (got[0], got[1], got[2], list(got[3]), list(got[4])) == expected
    assert school.identities == identities  # not changed
