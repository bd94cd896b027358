"""The audit: every registered check over a whole roster, streaming (clauses 8.1, 8.3). 学籍审核。

:func:`audit` runs every check registered with :func:`~liangshan_xueji.records.findings.check` on each record
and every :func:`~liangshan_xueji.records.findings.school_check` on each school's records, and yields the
:class:`~liangshan_xueji.records.findings.Finding` values in a fixed order: school by school in input order; in a
school, record by record (each record's checks in registration order), then the school checks.
:func:`audit_roster` does the same for a roster read from files (:mod:`liangshan_xueji.io.roster`), parsing
rows in the worker processes when ``jobs > 1``.

- **Streaming.** Only one school's records are held at a time (plus, with ``jobs > 1``, at most
  ``2 × jobs`` chunks in flight), so memory stays flat however large the roster. Records must come
  grouped by school; a school that comes back later raises
  :class:`~liangshan_xueji.io.roster.RosterNotGrouped` (the CLI then re-reads the files re-grouped).
- **Processes.** ``jobs=N`` sends chunks of whole schools to ``N`` processes and yields their findings
  in input order: the same findings, in the same order, as ``jobs=1``.
- **Robust.** A check that raises on one record is reported in :class:`AuditStats` (``check_errors``)
  and the audit goes on.
- **Prefecture-wide duplicates** (3.3, 1.2): the same person live at two schools is found after the
  last school by :class:`~liangshan_xueji.audit.crossschool.CrossSchool` (set operations in memory up to
  100 000 records, then hash partitions and binary columns in a temporary file), so memory stays
  bounded; the findings come last, in input order of the record reported, whatever ``jobs``
  (``cross_school=False`` skips the check).
- **Fast.** A check marked with :func:`~liangshan_xueji.policy.overdue.applies_when` runs only on the
  records it can fire on; the audit keys them by (status, the event classes of the history, open
  transfer, open 休学).
"""

from __future__ import annotations

import collections
import contextlib
import gc
import multiprocessing
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from .._validators import check_int, check_type
from ..errors import InvalidInput
from ..io.roster import Block, Rejected, RosterNotGrouped, RosterReader, RowParser
from ..law.parameters import ParameterSet
from ..policy.regulation import Regulation, default_regulation
from ..policy.scope import scope_finding
from ..records.findings import (
    Finding,
    RecordCheck,
    SchoolRecords,
    Severity,
)
from ..records.models import Origin, Record, Status
from ..records.status import Context
from .crossschool import Columns, CrossSchool, live_columns

__all__ = ["CROSS_SCHOOL_LIVE", "AuditStats", "audit", "audit_roster", "gc_tuned"]

#: How many rejected rows and check errors :class:`AuditStats` keeps (the counts are always exact).
KEEP = 10_000
_NO_KINDS: frozenset[type] = frozenset()
_MAINLAND = Origin.MAINLAND

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
        check_type(f, "f", Finding)
        self.findings += 1
        self.by_clause[f.clause] += 1
        self.by_severity[f.severity.name] += 1
        self.by_county[f.county] += 1
        self.by_school[f.school_code] += 1

    def add_rejected(self, r: Rejected) -> None:
        check_type(r, "r", Rejected)
        self.rejected_total += 1
        if len(self.rejected) < KEEP:
            self.rejected.append(r)

    def add_check_errors(self, errors: Sequence[str]) -> None:
        if not isinstance(errors, (list, tuple)) or not all(isinstance(e, str) for e in errors):
            raise InvalidInput(
                "errors 应为字符串的列表", "errors must be a list of strings", where="errors"
            )
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


class _Plan:
    """The registered checks, and per record kind the record checks that can fire on it."""

    def __init__(self, regulation: Regulation) -> None:
        self.record = regulation.record_checks
        self.school = regulation.school_checks
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

    Clause 8.5: a foreign, Hong Kong, Macao or Taiwan student's record gets its 8.5 finding and no
    other check (a school check's finding about the student is dropped); a J student of unknown
    origin gets an 8.5 finding and the checks (:func:`~liangshan_xueji.policy.scope.scope_finding`).

    A plain record (:func:`~liangshan_xueji.records.findings.is_plain`) is checked only when some record check
    can fire on a plain record (none of the library's can): it is then built for it."""
    out: list[Finding] = []
    errors: list[str] = []
    cache = plan.cache
    outside: set[str] = set()  # 8.5: the student numbers this regulation does not govern
    indexes: Sequence[int] = range(len(rows)) if plan.plain_checks else rows.special
    for i in indexes:
        r = rows[i]
        if r.student.origin is not _MAINLAND:  # never a plain record (is_plain)
            scope = scope_finding(r, ctx)
            if scope is not None:
                out.append(scope)
            if r.student.origin is not None:  # foreign, Hong Kong, Macao, Taiwan: no check here
                outside.add(r.student.student_number.value)
                continue
        history = r.history
        kinds = frozenset([type(e.event) for e in history]) if history else _NO_KINDS
        key = (r.status, kinds, r.transfer is not None, r.suspension is not None)
        checks = cache.get(key)
        if checks is None:  # (an empty tuple is a cached answer too: no check can fire)
            checks = plan.for_key(key)
        for chk in checks:
            try:
                out.extend(chk(r, ctx))
            except Exception as exc:  # a check must not stop the audit of 1.2 million records
                errors.append(_describe_error(chk, r, exc))
    for sc in plan.school:
        try:
            found = sc(rows, ctx)
            if outside:
                found = [f for f in found if f.student is None or f.student.value not in outside]
            out.extend(found)
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
        ctx.cohorts,
    )


def _context(recipe: _ContextRecipe) -> Context:
    on, schools, calendar, params, label, provisional, retention, cohorts = recipe
    return Context(
        on=on,
        schools=schools,
        calendar=calendar,
        parameters=ParameterSet.from_parameters(params, label),
        provisional_deadlines=provisional,
        retention_history=retention,
        cohorts=cohorts,
    )


_W: dict[str, Any] = {}


def _init_worker(recipe: _ContextRecipe, specs: Any, cross: bool, regulation: Regulation) -> None:
    # Ctrl-C reaches the whole process group: only the main process handles it (and terminates the
    # pool); a worker dying of its own KeyboardInterrupt left the main process waiting.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _W["cross"] = cross
    _W["ctx"] = _context(recipe)
    _W["plan"] = _Plan(regulation)
    _W["parser"] = RowParser(specs) if specs is not None else None
    _W["gc"] = gc_tuned()  # a worker process runs nothing but the audit
    _W["gc"].__enter__()


_ChunkResult = tuple[list[Finding], list[Rejected], int, list[str], list[Columns]]


def _work_blocks(blocks: list[Block]) -> _ChunkResult:
    parser: RowParser = _W["parser"]
    cross: bool = _W["cross"]
    findings: list[Finding] = []
    rejected: list[Rejected] = []
    errors: list[str] = []
    keys: list[Columns] = []
    n = 0
    for block in blocks:
        records, bad = parser.parse_block(block)
        rejected.extend(bad)
        n += len(records)
        f, e = _check_group(records, _W["ctx"], _W["plan"])
        findings.extend(f)
        errors.extend(e)
        if cross:
            keys.append(live_columns(records, CROSS_SCHOOL_LIVE))
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
    cross: bool,
    regulation: Regulation,
) -> Iterator[_ChunkResult]:
    """``work`` over ``chunks`` in ``jobs`` processes, results in order, at most 2 × jobs in flight."""
    ctx = _mp_context()
    pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(recipe, specs, cross, regulation))
    try:
        pending: collections.deque[Any] = collections.deque()
        for chunk in chunks:
            pending.append(pool.apply_async(work, (chunk,)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
    except BaseException:
        _terminate(pool)
        raise
    pool.terminate()


def _terminate(pool: Any) -> None:
    """End ``pool`` after an interrupt. ``Pool.terminate`` kills the workers, then waits for its task
    thread, which can be stuck for ever sending a chunk that no worker will read (Ctrl-C hung in 3 of
    5 trials): wait for it in a daemon thread, a few seconds at most. The workers are gone
    either way; the stuck daemon thread ends with the process."""
    ender = threading.Thread(target=pool.terminate, name="xueji-pool-terminate", daemon=True)
    ender.start()
    ender.join(timeout=_TERMINATE_SECONDS)


#: The longest wait for a pool to end after an interrupt.
_TERMINATE_SECONDS = 3.0


#: The most worker processes an audit starts (each is a whole interpreter: more is a fork bomb).
MAX_JOBS = 64


def _check_jobs(jobs: int) -> int:
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= MAX_JOBS:
        shown = jobs if isinstance(jobs, int) and abs(jobs) < 10**12 else type(jobs).__name__
        raise InvalidInput(
            f"进程数应为 1–{MAX_JOBS} 的整数，得到 {shown!r}",
            f"jobs must be an integer from 1 to {MAX_JOBS}, got {shown!r}",
            where="jobs",
        )
    return jobs


def _check_entry(
    context: object, jobs: object, stats: object, chunk: object, chunk_name: str, cross: object
) -> None:
    """The arguments every audit entry takes, checked when it is called (not at the first finding)."""
    if not isinstance(context, Context):
        raise InvalidInput("context 应为 Context", "context must be a Context", where="context")
    _check_jobs(jobs)  # type: ignore[arg-type]
    check_type(stats, "stats", AuditStats, optional=True)
    check_int(chunk, chunk_name, low=1)
    check_type(cross, "cross_school", bool)


# --------------------------------------------------------------------------------------------------
# audit() over records


def _check_record(i: int, r: object) -> Record:
    if not isinstance(r, Record):
        raise InvalidInput(
            f"第 {i + 1} 项不是 Record（{type(r).__name__}）",
            f"item {i} is not a Record ({type(r).__name__})",
            where=f"records[{i}]",
        )
    return r


_Group = tuple[list[Record], Sequence[int]]  # one school's records, their 1-based input positions


def _groups(records: Iterable[Record]) -> Iterator[_Group]:
    """One school's records at a time, with their input positions (1-based).

    A list or tuple is grouped here, schools in order of first appearance, each school's records in
    input order. Any other iterable is streamed: its records must come grouped by school
    (:class:`RosterNotGrouped` if a school comes back; pass a list to have it grouped)."""
    if isinstance(records, (list, tuple)):
        by_school: dict[str, tuple[list[Record], list[int]]] = {}
        for i, r in enumerate(records):
            members, lines = by_school.setdefault(_check_record(i, r).school_code, ([], []))
            members.append(r)
            lines.append(i + 1)
        yield from by_school.values()
        return
    seen: set[str] = set()
    group: list[Record] = []
    current: str | None = None
    start = 1
    for i, r in enumerate(records):
        code = _check_record(i, r).school_code
        if code != current:
            if group:
                yield group, range(start, start + len(group))
            if code in seen:
                raise RosterNotGrouped(
                    f"学校 {code} 的学籍不连续：须按学校分组（或传入列表，由本库分组）",
                    f"the records of school {code} are not together: group them by school (or "
                    "pass a list, which the audit groups itself)",
                    where=f"records[{i}]",
                )
            seen.add(code)
            current, group, start = code, [], i + 1
        group.append(r)
    if group:
        yield group, range(start, start + len(group))


def _unknown_school(code: str, n: int, context: Context) -> Finding:
    """A school the context does not know: its records could not get the checks that read the school
    (county, 学制, 办学模式), so the audit says so instead of skipping them silently (1.1)."""
    return Finding(
        clause="1.1",
        severity=Severity.NOTICE,
        school_code=code,
        zh=f"上下文中没有学校 {code}：该校 {n} 条学籍未能做需要学校信息（县、学制、办学模式）的检查，"
        "请把该校加入 Context.schools",
        en=f"the context has no school {code}: {n} records of it missed the checks that read the "
        "school (county, 学制, teaching mode); add the school to Context.schools",
        evidence=f"{n} records",
        found_on=context.on,
    )


def audit(
    records: Iterable[Record],
    context: Context,
    *,
    jobs: int = 1,
    stats: AuditStats | None = None,
    chunk_records: int = 20_000,
    cross_school: bool = True,
    regulation: Regulation | None = None,
) -> Iterator[Finding]:
    """Every registered check over ``records``, as of ``context.on``: the findings, in order.

    审核学籍：对每条学籍运行全部已登记的检查（8.1、8.3）。A list or tuple of records is grouped by
    school here (schools in order of first appearance); any other iterable is streamed and must come
    grouped by school (:class:`~liangshan_xueji.io.roster.RosterNotGrouped` otherwise). A school that
    ``context.schools`` lacks is reported, a 提示 finding (1.1) per school after the other findings of
    the records, not skipped. ``context`` gives the as-of date
    (``context.on``, never the clock), the schools (for counties and modes), the calendar and the
    parameters. ``jobs`` processes give the same findings in the same order. ``stats`` (optional)
    receives the counts and any check errors. With ``cross_school`` (the default) the prefecture-wide
    duplicates (3.3, 1.2: the same person live at two schools) follow the other findings, in input
    order of the record reported (evidence ``records[i]``: the other record's index). Bad arguments
    raise :class:`~liangshan_xueji.errors.InvalidInput` at the call, before any record is read.
    """
    _check_entry(context, jobs, stats, chunk_records, "chunk_records", cross_school)
    if regulation is not None:
        check_type(regulation, "regulation", Regulation)
    if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
        raise InvalidInput(
            f"records 应为学籍（Record）的序列，得到 {type(records).__name__}",
            f"records must be an iterable of Record, not {type(records).__name__}",
            where="records",
        )
    return _audit(
        records,
        context,
        jobs,
        stats if stats is not None else AuditStats(),
        chunk_records,
        cross_school,
        regulation if regulation is not None else default_regulation(),
    )


def _audit(
    records: Iterable[Record],
    context: Context,
    jobs: int,
    stats: AuditStats,
    chunk_records: int,
    cross_school: bool,
    regulation: Regulation,
) -> Iterator[Finding]:
    """:func:`audit`, its arguments checked."""
    cross = CrossSchool() if cross_school else None
    unknown: list[tuple[str, int]] = []

    def keyed(groups: Iterable[_Group]) -> Iterator[list[Record]]:
        for group, lines in groups:
            if cross is not None:
                rows = SchoolRecords.of(group, lines)
                cross.add(*live_columns(rows, CROSS_SCHOOL_LIVE))
            if group[0].school_code not in context.schools:
                unknown.append((group[0].school_code, len(group)))
            yield group

    try:
        if jobs == 1:
            plan = _Plan(regulation)
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
                chunks, _work_records, jobs, _recipe(context), None, False, regulation
            ):
                stats.records_audited += n
                stats.add_check_errors(errors)
                for f in findings:
                    stats.add_finding(f)
                    yield f
        for code, n in unknown:
            f = _unknown_school(code, n, context)
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
    regulation: Regulation | None = None,
) -> Iterator[Finding]:
    """Audit the roster ``reader`` reads, as of ``context.on``: the findings, in input order.

    审核名册文件。Rows that cannot be read are counted in ``stats`` and passed to the reader's
    ``on_reject``; the audit goes on. ``context.schools`` should hold the reader's schools (see
    :attr:`RosterReader.schools`). With ``jobs > 1`` the rows are parsed and checked in worker
    processes, chunks of whole schools of about ``chunk_rows`` rows each; the findings are the same, in
    the same order. Raises :class:`~liangshan_xueji.io.roster.RosterNotGrouped` when a school comes back
    (read again with ``RosterReader(..., regroup=True)``). With ``cross_school`` (the default) the
    prefecture-wide duplicates (3.3, 1.2) follow the other findings, in input order of the record
    reported, the other record cited by file and line (temporary files in bounded memory). Bad
    arguments raise :class:`~liangshan_xueji.errors.InvalidInput` at the call.
    """
    _check_entry(context, jobs, stats, chunk_rows, "chunk_rows", cross_school)
    check_type(reader, "reader", RosterReader)
    if regulation is not None:
        check_type(regulation, "regulation", Regulation)
    if on_block is not None and not callable(on_block):
        raise InvalidInput(
            "on_block 应为可调用对象或 None",
            "on_block must be a callable or None",
            where="on_block",
        )
    return _audit_roster(
        reader,
        context,
        jobs,
        stats if stats is not None else AuditStats(),
        chunk_rows,
        on_block,
        cross_school,
        regulation if regulation is not None else default_regulation(),
    )


def _audit_roster(
    reader: RosterReader,
    context: Context,
    jobs: int,
    stats: AuditStats,
    chunk_rows: int,
    on_block: Callable[[], None] | None,
    cross_school: bool,
    regulation: Regulation,
) -> Iterator[Finding]:
    """:func:`audit_roster`, its arguments checked."""
    stats.regrouped = reader.regroup
    report = reader.on_reject

    def sync() -> None:
        stats.rows_read = reader.rows_read
        stats.events_read = reader.events_read
        stats.schools_rejected = reader.schools_rejected

    cross = CrossSchool(label=reader.specs.roster_label) if cross_school else None

    def take(result: _ChunkResult) -> Iterator[Finding]:
        findings, rejected, n, errors, keys = result
        stats.records_audited += n
        if cross is not None:
            for columns in keys:
                cross.add(*columns)
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
            plan = _Plan(regulation)
            for block in reader.blocks():
                reader_rejects()
                records, rejected = parser.parse_block(block)
                findings, errors = _check_group(records, context, plan)
                keys = [live_columns(records, CROSS_SCHOOL_LIVE)] if cross is not None else []
                yield from take((findings, rejected, len(records), errors, keys))
        else:
            chunks = _chunks(reader.blocks(), lambda b: len(b.rows), chunk_rows)
            for result in _parallel(
                chunks,
                _work_blocks,
                jobs,
                _recipe(context),
                reader.specs,
                cross is not None,
                regulation,
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
