"""The audit's fast paths are exact: the streaming audit of a roster, with its relevance
filters, the term review's skip of plain records and the prefecture-wide duplicate check in
partitions, gives the same findings, in the same order, as a slow reference that rebuilds every record
through the validating models and runs every check on every record (clauses 3.3, 1.2, 8.1)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import liangshan_xueji.policy  # noqa: F401 - registers every check
from liangshan_xueji.audit.crossschool import CrossSchool, cross_school_findings
from liangshan_xueji.audit.runner import CROSS_SCHOOL_LIVE, AuditStats, audit_roster
from liangshan_xueji.calendar.workdays import WorkCalendar
from liangshan_xueji.io.roster import Rejected, RosterInput, RosterReader, RowParser
from liangshan_xueji.policy import _parts as parts
from liangshan_xueji.policy import default_regulation, review
from liangshan_xueji.policy.scope import scope_finding
from liangshan_xueji.records.findings import Finding, Severity, is_plain
from liangshan_xueji.records.models import Origin, Record, Status
from liangshan_xueji.records.serialization import from_dict, to_dict
from liangshan_xueji.records.status import Context
from liangshan_xueji.synth import synthesize

_BAD = ("", "X", "2024-02-30", "G123", "9" * 18, "男女", "七年级", "毕业了")
_COLUMNS = ("student_number", "identity_number", "sex", "birth_date", "grade", "status",
            "enrolled_on", "name", "stage", "guardian1_name", "household_registration", "address",
            "guardians")  # fmt: skip


def _inject(d: Path, cells: list[tuple[int, int, int]]) -> None:
    path = d / "roster.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    for row_pick, col_pick, bad_pick in cells:
        row = rows[1 + row_pick % (len(rows) - 1)]
        column = _COLUMNS[col_pick % len(_COLUMNS)]
        if column == "guardians":  # no guardian at all: a gap the term review reports (8.1)
            for i, name in enumerate(rows[0]):
                if name.startswith("guardian"):
                    row[i] = ""
        elif column in ("household_registration", "address"):
            row[rows[0].index(column)] = ""
        else:
            row[rows[0].index(column)] = _BAD[bad_pick % len(_BAD)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def _key(f: Finding) -> tuple[object, ...]:
    return (f.clause, f.severity, f.school_code, f.county, f.student_value(reveal=True), f.zh,
            f.evidence, f.due, f.found_on)  # fmt: skip


def _fast(d: Path, on: dt.date, jobs: int, **kw: object) -> tuple[list[Finding], list[Rejected]]:
    stats = AuditStats()
    with RosterReader(RosterInput.from_path(d), on_reject=stats.add_rejected) as reader:
        ctx = Context(on=on, schools=reader.schools, calendar=WorkCalendar.national())
        found = list(audit_roster(reader, ctx, jobs=jobs, stats=stats, **kw))  # type: ignore[arg-type]
    return found, stats.rejected_sorted


def _cross_reference(rows: list[tuple[Record, int]], ctx: Context, label: str) -> list[Finding]:
    """The prefecture-wide duplicates the obvious way: every live record in one dict."""
    by_person: dict[str, list[tuple[int, int, Record, int]]] = {}
    for pos, (r, line) in enumerate(rows):
        if r.status in CROSS_SCHOOL_LIVE:
            by_person.setdefault(key_of(r), []).append((r.enrolled_on.toordinal(), pos, r, line))
    out: list[tuple[int, int, Finding]] = []
    for group in by_person.values():
        group.sort(key=lambda t: (t[0], t[1]))
        first_enrolled, _pos, first, first_line = group[0]
        where = f"{label}:{first_line}"
        for enrolled, pos, r, _line in group[1:]:
            if r.school_code == first.school_code:
                continue
            made = cross_school_findings(
                r.school_code,
                r.student.student_number.value,
                first.school_code,
                where,
                enrolled > first_enrolled,
                ctx,
            )
            out.extend((pos, i, f) for i, f in enumerate(made))
    out.sort(key=lambda t: (t[0], t[1]))
    return [f for _, _, f in out]


def key_of(r: Record) -> str:
    ident = r.student.identity_number
    return ident.value if ident is not None else r.student.student_number.value


def _term_review_reference(records: Sequence[Record], ctx: Context) -> Iterator[Finding]:
    """``review.term_review`` as it was before its skip of plain records: every live record judged."""
    last_start, last_end = review.term_of(
        review.term_of(ctx.on, ctx.parameters)[0] - dt.timedelta(days=1), ctx.parameters
    )
    now_start = review.term_of(ctx.on, ctx.parameters)[0]
    judged_last = parts.judged(last_start)
    for r in records:
        if r.status not in (Status.ENROLLED, Status.SUSPENDED):
            continue
        if (
            r.enrolled_on <= last_end
            and judged_last
            and review._judged_for_review(r)
            and not any(
                isinstance(e.event, review.Reviewed)
                and max(last_start, r.enrolled_on) <= e.on <= last_end
                for e in r.history
            )
        ):
            yield parts.finding(
                r, ctx, "8.1", Severity.OVERDUE,
                f"上学期（{last_start}–{last_end}）未复核该生学籍",
                f"the record was not reviewed last term ({last_start} – {last_end})",
                evidence="no review entry in the last term", due=last_end,
            )  # fmt: skip
        workflow = r.transfer
        if workflow is not None and workflow.started_on < now_start:
            yield parts.finding(
                r, ctx, "8.1", Severity.NOTICE,
                f"转学自 {workflow.started_on} 起未办结，跨学期仍未处理",
                f"a transfer open since {workflow.started_on}, across a term, is still unsettled",
                evidence=f"transfer.started_on={workflow.started_on}",
            )  # fmt: skip
        if (r.status is Status.SUSPENDED) != (r.suspension is not None):
            yield parts.finding(
                r, ctx, "8.1", Severity.NOTICE,
                "休学状态与休学期限记录不一致，学籍变动手续不完备",
                "the 休学 status and its period disagree: the change's procedure is incomplete",
                evidence=f"status={r.status.zh} suspension={'有' if r.suspension else '无'}",
            )  # fmt: skip
        gaps = review._basic_gaps(r)
        if gaps:
            yield parts.finding(
                r, ctx, "8.1", Severity.NOTICE,
                "学生基本信息不完整：" + "；".join(zh for zh, _ in gaps),
                "incomplete basic information: " + "; ".join(en for _, en in gaps),
                evidence="student",
            )  # fmt: skip


def _slow(d: Path, on: dt.date) -> tuple[list[Finding], list[Rejected]]:
    """Every record rebuilt through ``serialization`` (validators on) and every check run on it."""
    rejected: list[Rejected] = []
    found: list[Finding] = []
    rows: list[tuple[Record, int]] = []
    with RosterReader(RosterInput.from_path(d), on_reject=rejected.append) as reader:
        ctx = Context(on=on, schools=reader.schools, calendar=WorkCalendar.national())
        parser = RowParser(reader.specs)
        parser._plain = None  # every row on the general path: built and validated field by field
        for block in reader.blocks():
            parsed, bad = parser.parse_block(block)
            rejected.extend(bad)
            records = [from_dict(to_dict(r), Record) for r in parsed]
            assert records == list(parsed)
            # the rows the reader left unbuilt are exactly the plain ones (their checks are skipped)
            assert parsed.special == [i for i, r in enumerate(records) if not is_plain(r)]
            rows.extend(zip(records, parser.last_lines, strict=True))
            outside: set[str] = set()  # 8.5: students this regulation does not govern
            for r in records:
                if r.student.origin is not Origin.MAINLAND:  # 8.5 (the audit's reading)
                    scope = scope_finding(r, ctx)
                    if scope is not None:
                        found.append(scope)
                    if r.student.origin is not None:  # foreign, 港澳台: no check of this regulation
                        outside.add(r.student.student_number.value)
                        continue
                for chk in default_regulation().record_checks:  # no relevance filter
                    found.extend(chk(r, ctx))
            for sc in default_regulation().school_checks:
                ref = _term_review_reference if sc is review.term_review else sc
                found.extend(
                    f
                    for f in ref(records, ctx)
                    if f.student is None or f.student.value not in outside
                )
        found.extend(_cross_reference(rows, ctx, reader.specs.roster_label))
    return found, sorted(rejected, key=lambda r: (r.file, r.line, r.column or 0, r.zh))


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    cells=st.lists(
        st.tuples(st.integers(0, 999), st.integers(0, 99), st.integers(0, 99)),
        min_size=1,
        max_size=8,
    ),
)
@pytest.mark.clause("3.3", "1.2", "8.1")
def test_the_fast_audit_equals_the_validated_slow_path(
    tmp_path_factory: pytest.TempPathFactory, seed: int, cells: list[tuple[int, int, int]]
) -> None:
    d = tmp_path_factory.mktemp("fast")
    synthesize(d, students=250, seed=seed, breach_rate=0.03, story_rate=0.1)
    _inject(d, cells)
    on = dt.date.fromisoformat(json.loads((d / "manifest.json").read_text())["as_of"])
    want, want_rejected = _slow(d, on)
    got, got_rejected = _fast(d, on, jobs=1)
    assert [_key(f) for f in got] == [_key(f) for f in want]
    assert got_rejected == want_rejected
    # partitions spilled to temporary files give the same findings
    spilled, _ = _fast_spilled(d, on)
    assert [_key(f) for f in spilled] == [_key(f) for f in want]


def _fast_spilled(d: Path, on: dt.date) -> tuple[list[Finding], list[Rejected]]:
    original = CrossSchool.__init__

    def tiny(self: CrossSchool, **kw: object) -> None:
        original(self, parts=3, spill_at=1, **kw)  # type: ignore[arg-type]

    CrossSchool.__init__ = tiny  # type: ignore[method-assign]
    try:
        return _fast(d, on, jobs=1)
    finally:
        CrossSchool.__init__ = original  # type: ignore[method-assign]


@pytest.mark.clause("3.3", "1.2")
def test_cross_school_duplicates_are_the_same_with_processes(tmp_path: Path) -> None:
    synthesize(tmp_path, students=600, seed=4, breach_rate=0.03, story_rate=0.05)
    on = dt.date.fromisoformat(json.loads((tmp_path / "manifest.json").read_text())["as_of"])
    one, _ = _fast(tmp_path, on, jobs=1)
    two, _ = _fast(tmp_path, on, jobs=2, chunk_rows=50)
    assert [_key(f) for f in one] == [_key(f) for f in two]
    cross = [f for f in one if f.clause == "1.2"]
    assert cross and all(
        "other_school=" in f.evidence and "roster.csv:" in f.evidence for f in cross
    )
    without, _ = _fast(tmp_path, on, jobs=1, cross_school=False)
    assert not [f for f in without if f.clause == "1.2"]
    assert len(without) < len(one)


@pytest.mark.parametrize("seed", [11, 12, 13])
@pytest.mark.clause("3.3", "8.1")
def test_a_wrong_check_character_is_rejected_when_the_id_parts_are_cached(
    tmp_path: Path, seed: int
) -> None:
    """The reader's inlined ID check (cached partial sums of region, birth date and sequence) rejects
    a G number whose only fault is its check character, like the models, on the same line and column;
    the rows around it read as before."""
    synthesize(tmp_path, students=300, seed=seed, breach_rate=0.03, story_rate=0.1)
    path = tmp_path / "roster.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    i_sn, i_id = rows[0].index("student_number"), rows[0].index("identity_number")
    broken: set[int] = set()
    for k in range(len(rows) - 40, len(rows), 7):  # late rows: the ID parts are cached by then
        sn = rows[k][i_sn]
        if not sn.startswith("G"):
            continue
        last = "0123456789X"[("0123456789X".index(sn[-1]) + 1 + k % 10) % 11]
        rows[k][i_sn] = sn[:-1] + last
        if rows[k][i_id]:
            rows[k][i_id] = rows[k][i_sn][1:]
        broken.add(k + 1)  # the header is line 1
    assert broken
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    on = dt.date.fromisoformat(json.loads((tmp_path / "manifest.json").read_text())["as_of"])
    want, want_rejected = _slow(tmp_path, on)
    got, got_rejected = _fast(tmp_path, on, jobs=1)
    assert [_key(f) for f in got] == [_key(f) for f in want]
    assert got_rejected == want_rejected
    roster = [r for r in got_rejected if r.file == "roster.csv"]
    assert {r.line for r in roster} >= broken
    for r in roster:
        if r.line in broken:
            assert r.column in (i_sn + 1, i_id + 1)
