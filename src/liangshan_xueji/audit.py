"""The audit: every registered check over a whole roster, streaming (clauses 8.1, 8.3). 学籍审核。

:func:`audit` runs every check registered with :func:`~liangshan_xueji.findings.check` on each record
and every :func:`~liangshan_xueji.findings.school_check` on each school's records, and yields the
:class:`~liangshan_xueji.findings.Finding` values in a fixed order: school by school in input order; in a
school, record by record (each record's checks in registration order), then the school checks.
:func:`audit_roster` does the same for a roster read from files (:mod:`liangshan_xueji.roster`), parsing
rows in the worker processes when ``jobs > 1``.

- **Streaming.** Only one school's records are held at a time (plus, with ``jobs > 1``, at most
  ``2 × jobs`` chunks in flight), so memory stays flat however large the roster. Records must come
  grouped by school; a school that comes back later raises
  :class:`~liangshan_xueji.roster.RosterNotGrouped` (the CLI then re-reads the files re-grouped).
- **Processes.** ``jobs=N`` sends chunks of whole schools to ``N`` processes and yields their findings
  in input order: the same findings, in the same order, as ``jobs=1``.
- **Robust.** A check that raises on one record is reported in :class:`AuditStats` (``check_errors``)
  and the audit goes on.
- **Prefecture-wide duplicates** (3.3, 1.2): the same person live at two schools is found after the
  last school, from the keys of every live record kept in hash partitions (in memory up to 50 000
  keys, then temporary files), so memory stays bounded; the findings come last, in input order of the
  record reported, whatever ``jobs`` (``cross_school=False`` skips the check).
- **Fast.** A check marked with :func:`~liangshan_xueji.policy.overdue.applies_when` runs only on the
  records it can fire on; the audit keys them by (status, the event classes of the history, open
  transfer, open 休学).
"""

from __future__ import annotations

import collections
import contextlib
import gc
import importlib
import multiprocessing
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import attrs

from .clauses import implements
from .errors import InvalidInput
from .findings import (
    Finding,
    RecordCheck,
    SchoolRecords,
    Severity,
    record_checks,
    school_checks,
)
from .models import Record, Status, StudentNumber
from .parameters import ParameterSet
from .roster import Block, Rejected, RosterNotGrouped, RosterReader, RowParser
from .status import Context

__all__ = ["CROSS_SCHOOL_LIVE", "AuditStats", "audit", "audit_roster", "gc_tuned"]

#: How many rejected rows and check errors :class:`AuditStats` keeps (the counts are always exact).
KEEP = 10_000
_NO_KINDS: frozenset[type] = frozenset()

#: A record's features for the check plan: status, the event classes of its history, open transfer,
#: open 休学.
_Key = tuple[Status, frozenset[type], bool, bool]


# --------------------------------------------------------------------------------------------------
# Statistics


@attrs.define
class AuditStats:
    """What an audit read and found: counts of rows read, rejected and audited; findings by clause,
    severity, county and school; check errors (the first :data:`KEEP`). The rejected rows themselves
    go to the reader's ``on_reject``; pass :meth:`add_rejected` there to keep them here too (the first
    :data:`KEEP`, ``rejected_total`` counting all). 审核统计。
    """

    rows_read: int = 0
    rows_rejected: int = 0
    records_audited: int = 0
    events_read: int = 0
    events_rejected: int = 0
    schools_rejected: int = 0
    findings: int = 0
    by_clause: Counter[str] = attrs.field(factory=Counter)
    by_severity: Counter[str] = attrs.field(factory=Counter)
    by_county: Counter[str] = attrs.field(factory=Counter)
    by_school: Counter[str] = attrs.field(factory=Counter)
    rejected: list[Rejected] = attrs.field(factory=list)
    rejected_total: int = 0
    check_errors: list[str] = attrs.field(factory=list)
    check_errors_total: int = 0
    regrouped: bool = False

    def add_finding(self, f: Finding) -> None:
        self.findings += 1
        self.by_clause[f.clause] += 1
        self.by_severity[f.severity.name] += 1
        self.by_county[f.county] += 1
        self.by_school[f.school_code] += 1

    def add_rejected(self, r: Rejected) -> None:
        self.rejected_total += 1
        if len(self.rejected) < KEEP:
            self.rejected.append(r)

    def add_check_errors(self, errors: Sequence[str]) -> None:
        self.check_errors_total += len(errors)
        room = KEEP - len(self.check_errors)
        if room > 0:
            self.check_errors.extend(errors[:room])

    @property
    def rejected_sorted(self) -> list[Rejected]:
        """The kept rejected rows, by file then line (the same whatever ``jobs``)."""
        return sorted(self.rejected, key=lambda r: (r.file, r.line, r.column or 0, r.zh))


# --------------------------------------------------------------------------------------------------
# Garbage collection


@contextlib.contextmanager
def gc_tuned(threshold: int = 100_000) -> Iterator[None]:
    """For a process that runs one large audit (the ``xueji`` command, the benchmark, the workers):
    freeze the objects made so far (modules, schools, caches: never scanned again) and collect the
    youngest generation after ``threshold`` allocations instead of 700; both restored on exit.

    The audit allocates about ten small objects per row and makes no reference cycles, so reference
    counting frees them; the cyclic collector, run every 700 allocations, would only re-scan the
    objects that live on. 为大批量审核调整垃圾回收。
    """
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold, old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


# --------------------------------------------------------------------------------------------------
# The check plan


def _load_checks() -> None:
    """Import the policy package so that every check of the library is registered."""
    importlib.import_module(f"{__package__}.policy")


class _Plan:
    """The registered checks, and per record kind the record checks that can fire on it."""

    def __init__(self) -> None:
        _load_checks()
        self.record = record_checks()
        self.school = school_checks()
        self.cache: dict[_Key, tuple[RecordCheck, ...]] = {}
        #: The record checks that can fire on a plain record (在校, no history, nothing open).
        self.plain_checks = self.for_key((Status.ENROLLED, frozenset(), False, False))

    def for_key(self, key: _Key) -> tuple[RecordCheck, ...]:
        found = self.cache.get(key)
        if found is None:
            found = tuple(
                c
                for c in self.record
                if getattr(c, "__audit_when__", None) is None or c.__audit_when__.admits(*key)  # type: ignore[attr-defined]
            )
            self.cache[key] = found
        return found


def _describe_error(check: Callable[..., Any], record: Record | None, exc: Exception) -> str:
    where = ""
    if record is not None:
        where = f" {record.school_code} {record.student.student_number.masked}"
    return f"{getattr(check, '__name__', check)!s}{where}: {type(exc).__name__}: {exc}"


def _check_group(rows: SchoolRecords, ctx: Context, plan: _Plan) -> tuple[list[Finding], list[str]]:
    """The findings of one school's records (record checks per record, then school checks).

    A plain record (:func:`~liangshan_xueji.findings.is_plain`) is checked only when some record check
    can fire on a plain record (none of the library's can): it is then built for it."""
    out: list[Finding] = []
    errors: list[str] = []
    cache = plan.cache
    indexes: Sequence[int] = range(len(rows)) if plan.plain_checks else rows.special
    for i in indexes:
        r = rows[i]
        history = r.history
        kinds = frozenset([type(e.event) for e in history]) if history else _NO_KINDS
        key = (r.status, kinds, r.transfer is not None, r.suspension is not None)
        checks = cache.get(key) or plan.for_key(key)
        for chk in checks:
            try:
                out.extend(chk(r, ctx))
            except Exception as exc:  # a check must not stop the audit of 1.2 million records
                errors.append(_describe_error(chk, r, exc))
    for sc in plan.school:
        try:
            out.extend(sc(rows, ctx))
        except Exception as exc:
            errors.append(_describe_error(sc, rows[0] if rows else None, exc))
    return out, errors


# --------------------------------------------------------------------------------------------------
# Prefecture-wide duplicates (3.3, 1.2)

#: The states in which a record still holds a 学籍 at its school, for the prefecture-wide duplicate
#: check: every state but 毕业 (the next stage continues the archive, 3.2), 死亡 and 重复学籍已删除.
CROSS_SCHOOL_LIVE: frozenset[Status] = frozenset(Status) - {
    Status.GRADUATED,
    Status.DECEASED,
    Status.DUPLICATE_REMOVED,
}

#: One school's live records: (school code, [(person key, "enrolled ordinal\tline\tstudent number")]).
_CrossKey = tuple[str, list[tuple[str, str]]]


def _cross_keys(rows: SchoolRecords) -> list[_CrossKey]:
    """The person keys of one school's live records: the 居民身份证号 (carried by a G number), else
    the student number (L, J)."""
    if not len(rows):
        return []
    live = CROSS_SCHOOL_LIVE
    out: list[tuple[str, str]] = []
    for status, sn, ident, enrolled, line in zip(
        rows.statuses,
        rows.numbers,
        rows.identities,
        rows.enrolled_ordinals,
        rows.lines,
        strict=True,
    ):
        if status in live:
            key = sn if ident is None else ident
            out.append((key, f"{enrolled}\t{line}\t{sn}\n"))
    return [(rows.school_code, out)]


class _CrossSchool:
    """The prefecture-wide duplicate check in bounded memory. 跨校重复学籍。

    Every live record's key goes, with its school, line and enrollment date, into one of ``parts``
    partitions by a hash of the key: kept in memory up to ``spill_at`` keys in all, then written to
    temporary files (one per partition). At the end each partition is read alone (about
    ``records / parts`` lines) and sorted, so the same key's records come together. The findings are
    sorted by the input position of the record reported, so they do not depend on the partitioning.
    """

    def __init__(self, *, parts: int = 64, spill_at: int = 50_000, label: str = "") -> None:
        self.parts = parts
        self.spill_at = spill_at
        self.label = label
        self.buf: list[list[str]] = [[] for _ in range(parts)]
        self.held = 0
        self.seq = 0
        self.schools: dict[str, int] = {}
        self.codes: list[str] = []
        self.dir: str | None = None

    def add(self, keys: Sequence[_CrossKey]) -> None:
        # a line: key, input position, school index, enrollment date (ordinal), line, student number
        parts, buf, schools = self.parts, self.buf, self.schools
        seq = self.seq
        for school, items in keys:
            k = schools.get(school)
            if k is None:
                k = schools[school] = len(self.codes)
                self.codes.append(school)
            for key, rest in items:
                buf[hash(key) % parts].append(f"{key}\t{seq}\t{k}\t{rest}")
                seq += 1
        self.held += seq - self.seq
        self.seq = seq
        if self.held >= self.spill_at:
            self._spill()

    def _spill(self) -> None:
        if self.dir is None:
            self.dir = tempfile.mkdtemp(prefix="xueji-cross-")
        for i, lines in enumerate(self.buf):
            if lines:
                with open(os.path.join(self.dir, f"{i}.tsv"), "a", encoding="utf-8") as f:
                    f.writelines(lines)
                lines.clear()
        self.held = 0

    def close(self) -> None:
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def _partition(self, i: int) -> list[str]:
        lines = self.buf[i]
        if self.dir is not None:
            path = os.path.join(self.dir, f"{i}.tsv")
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    lines = f.readlines() + lines
        return lines

    def findings(self, ctx: Context) -> list[Finding]:
        """The findings, in input order of the record each reports."""
        found: list[tuple[int, int, Finding]] = []
        for i in range(self.parts):
            lines = self._partition(i)
            keys = [line[: line.index("\t")] for line in lines]
            twice = {key for key, n in Counter(keys).items() if n > 1}
            if not twice:
                continue
            rows = sorted(
                (
                    line.rstrip("\n").split("\t")
                    for line, key in zip(lines, keys, strict=True)
                    if key in twice
                ),
                key=lambda r: (r[0], int(r[3]), int(r[1])),
            )
            j = 0
            while j < len(rows):
                k = j + 1
                while k < len(rows) and rows[k][0] == rows[j][0]:
                    k += 1
                if len({r[2] for r in rows[j:k]}) > 1:
                    found.extend(self._report(rows[j:k], ctx))
                j = k
        found.sort(key=lambda t: (t[0], t[1]))
        return [f for _, _, f in found]

    def _report(self, group: list[list[str]], ctx: Context) -> Iterator[tuple[int, int, Finding]]:
        first = group[0]  # the earliest enrolled (then the first in input order)
        first_school = self.codes[int(first[2])]
        where = f"{self.label}:{first[4]}" if self.label else f"records[{int(first[4]) - 1}]"
        for row in group[1:]:
            if row[2] == first[2]:
                continue  # the same school: the school check 3.3 reports it
            yield from _cross_findings(
                row, self.codes[int(row[2])], first_school, where, int(row[3]) > int(first[3]), ctx
            )


@implements("3.3", "1.2")
def _cross_findings(
    row: list[str], school: str, other: str, where: str, later: bool, ctx: Context
) -> Iterator[tuple[int, int, Finding]]:
    """重复学籍 across schools (3.3): the record ``row`` (key, position, school index, enrolled, line,
    student number) at ``school`` and a live record of the same
    person (same 居民身份证号 or student number) at ``other``; when it was registered after the other
    record existed, also 重复注册 (1.2: the province-wide query before registering was not made)."""
    seq = int(row[1])
    info = ctx.schools.get(school)
    county = info.county if info is not None else ""
    student = StudentNumber(row[5])
    evidence = f"other_school={other} other_record={where}"
    yield (
        seq,
        0,
        Finding(
            clause="3.3",
            severity=Severity.NOTICE,
            school_code=school,
            county=county,
            student=student,
            zh=f"同一学生在学校 {other} 另有学籍（跨校重复学籍）：须由实际就读学校上传附表3，"
            "对方学校删除重复学籍",
            en=f"the same student also has a live record at school {other} (a duplicate across "
            "schools): the school actually attended uploads 附表3 and the other removes its record",
            evidence=evidence,
            found_on=ctx.on,
        ),
    )
    if later:
        yield (
            seq,
            1,
            Finding(
                clause="1.2",
                severity=Severity.BREACH,
                school_code=school,
                county=county,
                student=student,
                zh=f"该生在学校 {other} 已有学籍时又被注册（重复注册，注册前未做全省数据查询）",
                en=f"registered while the student already had a record at school {other} (a "
                "repeated registration: the province-wide query was not made)",
                evidence=evidence,
                found_on=ctx.on,
            ),
        )


# --------------------------------------------------------------------------------------------------
# Worker processes

_ContextRecipe = tuple[Any, ...]


def _recipe(ctx: Context) -> _ContextRecipe:
    """A picklable description of ``ctx`` (a Context holds mapping proxies, which do not pickle)."""
    return (
        ctx.on,
        tuple(ctx.schools.values()),
        ctx.calendar,
        tuple(ctx.parameters),
        ctx.parameters.label,
        ctx.provisional_deadlines,
        ctx.retention_history,
    )


def _context(recipe: _ContextRecipe) -> Context:
    on, schools, calendar, params, label, provisional, retention = recipe
    return Context(
        on=on,
        schools=schools,
        calendar=calendar,
        parameters=ParameterSet.from_parameters(params, label),
        provisional_deadlines=provisional,
        retention_history=retention,
    )


_W: dict[str, Any] = {}


def _init_worker(recipe: _ContextRecipe, specs: Any, cross: bool = False) -> None:
    _W["cross"] = cross
    _W["ctx"] = _context(recipe)
    _W["plan"] = _Plan()
    _W["parser"] = RowParser(specs) if specs is not None else None
    _W["gc"] = gc_tuned()  # a worker process runs nothing but the audit
    _W["gc"].__enter__()


_ChunkResult = tuple[list[Finding], list[Rejected], int, list[str], list[_CrossKey]]


def _work_blocks(blocks: list[Block]) -> _ChunkResult:
    parser: RowParser = _W["parser"]
    cross: bool = _W["cross"]
    findings: list[Finding] = []
    rejected: list[Rejected] = []
    errors: list[str] = []
    keys: list[_CrossKey] = []
    n = 0
    for block in blocks:
        records, bad = parser.parse_block(block)
        rejected.extend(bad)
        n += len(records)
        f, e = _check_group(records, _W["ctx"], _W["plan"])
        findings.extend(f)
        errors.extend(e)
        if cross:
            keys.extend(_cross_keys(records))
    return findings, rejected, n, errors, keys


def _work_records(groups: list[list[Record]]) -> _ChunkResult:
    findings: list[Finding] = []
    errors: list[str] = []
    n = 0
    for records in groups:
        n += len(records)
        f, e = _check_group(SchoolRecords.of(records), _W["ctx"], _W["plan"])
        findings.extend(f)
        errors.extend(e)
    return findings, [], n, errors, []


def _mp_context() -> Any:
    # fork starts in milliseconds on Linux (no thread runs before the pool); elsewhere the default.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _chunks(
    groups: Iterable[Any], size_of: Callable[[Any], int], target: int
) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    n = 0
    for g in groups:
        chunk.append(g)
        n += size_of(g)
        if n >= target:
            yield chunk
            chunk, n = [], 0
    if chunk:
        yield chunk


def _parallel(
    chunks: Iterator[list[Any]],
    work: Callable[[list[Any]], _ChunkResult],
    jobs: int,
    recipe: _ContextRecipe,
    specs: Any,
    cross: bool = False,
) -> Iterator[_ChunkResult]:
    """``work`` over ``chunks`` in ``jobs`` processes, results in order, at most 2 × jobs in flight."""
    ctx = _mp_context()
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(recipe, specs, cross)) as pool:
        pending: collections.deque[Any] = collections.deque()
        for chunk in chunks:
            pending.append(pool.apply_async(work, (chunk,)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _check_jobs(jobs: int) -> int:
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InvalidInput(
            f"进程数应为正整数，得到 {jobs!r}",
            f"jobs must be a positive integer, got {jobs!r}",
            where="jobs",
        )
    return jobs


# --------------------------------------------------------------------------------------------------
# audit() over records


def _groups(records: Iterable[Record]) -> Iterator[list[Record]]:
    """Consecutive records of the same school; :class:`RosterNotGrouped` if a school comes back."""
    seen: set[str] = set()
    group: list[Record] = []
    current: str | None = None
    for i, r in enumerate(records):
        if not isinstance(r, Record):
            raise InvalidInput(
                f"第 {i + 1} 项不是 Record（{type(r).__name__}）",
                f"item {i} is not a Record ({type(r).__name__})",
                where=f"records[{i}]",
            )
        code = r.school_code
        if code != current:
            if group:
                yield group
            if code in seen:
                raise RosterNotGrouped(
                    f"学校 {code} 的学籍不连续：须按学校分组",
                    f"the records of school {code} are not together: group them by school",
                    where=f"records[{i}]",
                )
            seen.add(code)
            current, group = code, []
        group.append(r)
    if group:
        yield group


def audit(
    records: Iterable[Record],
    context: Context,
    *,
    jobs: int = 1,
    stats: AuditStats | None = None,
    chunk_records: int = 20_000,
    cross_school: bool = True,
) -> Iterator[Finding]:
    """Every registered check over ``records``, as of ``context.on``: the findings, in order.

    审核学籍：对每条学籍运行全部已登记的检查（8.1、8.3）。``records`` must be grouped by school
    (:class:`~liangshan_xueji.roster.RosterNotGrouped` otherwise); ``context`` gives the as-of date
    (``context.on``, never the clock), the schools (for counties and modes), the calendar and the
    parameters. ``jobs`` processes give the same findings in the same order. ``stats`` (optional)
    receives the counts and any check errors. With ``cross_school`` (the default) the prefecture-wide
    duplicates (3.3, 1.2: the same person live at two schools) follow the other findings, in input
    order of the record reported (evidence ``records[i]``: the other record's index).
    """
    if not isinstance(context, Context):
        raise InvalidInput("context 应为 Context", "context must be a Context", where="context")
    _check_jobs(jobs)
    stats = stats if stats is not None else AuditStats()
    cross = _CrossSchool() if cross_school else None
    position = 0

    def keyed(groups: Iterable[list[Record]]) -> Iterator[list[Record]]:
        nonlocal position
        for group in groups:
            if cross is not None:
                first = position + 1
                cross.add(_cross_keys(SchoolRecords.of(group, range(first, first + len(group)))))
            position += len(group)
            yield group

    try:
        if jobs == 1:
            plan = _Plan()
            for group in keyed(_groups(records)):
                findings, errors = _check_group(SchoolRecords.of(group), context, plan)
                stats.records_audited += len(group)
                stats.add_check_errors(errors)
                for f in findings:
                    stats.add_finding(f)
                    yield f
        else:
            chunks = _chunks(keyed(_groups(records)), len, chunk_records)
            for findings, _bad, n, errors, _keys in _parallel(
                chunks, _work_records, jobs, _recipe(context), None
            ):
                stats.records_audited += n
                stats.add_check_errors(errors)
                for f in findings:
                    stats.add_finding(f)
                    yield f
        if cross is not None:
            for f in cross.findings(context):
                stats.add_finding(f)
                yield f
    finally:
        if cross is not None:
            cross.close()


# --------------------------------------------------------------------------------------------------
# audit_roster() over files


def audit_roster(
    reader: RosterReader,
    context: Context,
    *,
    jobs: int = 1,
    stats: AuditStats | None = None,
    chunk_rows: int = 20_000,
    on_block: Callable[[], None] | None = None,
    cross_school: bool = True,
) -> Iterator[Finding]:
    """Audit the roster ``reader`` reads, as of ``context.on``: the findings, in input order.

    审核名册文件。Rows that cannot be read are counted in ``stats`` and passed to the reader's
    ``on_reject``; the audit goes on. ``context.schools`` should hold the reader's schools (see
    :attr:`RosterReader.schools`). With ``jobs > 1`` the rows are parsed and checked in worker
    processes, chunks of whole schools of about ``chunk_rows`` rows each; the findings are the same, in
    the same order. Raises :class:`~liangshan_xueji.roster.RosterNotGrouped` when a school comes back
    (read again with ``RosterReader(..., regroup=True)``). With ``cross_school`` (the default) the
    prefecture-wide duplicates (3.3, 1.2) follow the other findings, in input order of the record
    reported, the other record cited by file and line (temporary files in bounded memory).
    """
    if not isinstance(context, Context):
        raise InvalidInput("context 应为 Context", "context must be a Context", where="context")
    _check_jobs(jobs)
    stats = stats if stats is not None else AuditStats()
    stats.regrouped = reader.regroup
    report = reader.on_reject

    def sync() -> None:
        stats.rows_read = reader.rows_read
        stats.events_read = reader.events_read
        stats.schools_rejected = reader.schools_rejected

    cross = _CrossSchool(label=reader.specs.roster_label) if cross_school else None

    def take(result: _ChunkResult) -> Iterator[Finding]:
        findings, rejected, n, errors, keys = result
        stats.records_audited += n
        if cross is not None:
            cross.add(keys)
        for r in rejected:
            if r.file == reader.specs.events_label and r.file != reader.specs.roster_label:
                stats.events_rejected += 1
            else:
                stats.rows_rejected += 1
            if report is not None:
                report(r)
        stats.add_check_errors(errors)
        sync()
        for f in findings:
            stats.add_finding(f)
            yield f
        if on_block is not None:
            on_block()

    base_rows = reader.rows_rejected
    base_events = reader.events_rejected

    def reader_rejects() -> None:
        # rejections made while reading (undecodable rows, orphan events) are counted by the reader
        nonlocal base_rows, base_events
        stats.rows_rejected += reader.rows_rejected - base_rows
        stats.events_rejected += reader.events_rejected - base_events
        base_rows, base_events = reader.rows_rejected, reader.events_rejected

    try:
        if jobs == 1:
            parser = RowParser(reader.specs)
            plan = _Plan()
            for block in reader.blocks():
                reader_rejects()
                records, rejected = parser.parse_block(block)
                findings, errors = _check_group(records, context, plan)
                keys = _cross_keys(records) if cross is not None else []
                yield from take((findings, rejected, len(records), errors, keys))
        else:
            chunks = _chunks(reader.blocks(), lambda b: len(b.rows), chunk_rows)
            for result in _parallel(
                chunks, _work_blocks, jobs, _recipe(context), reader.specs, cross is not None
            ):
                reader_rejects()
                yield from take(result)
        reader_rejects()
        sync()
        if cross is not None:
            for f in cross.findings(context):
                stats.add_finding(f)
                yield f
    finally:
        reader_rejects()
        sync()
        if cross is not None:
            cross.close()
