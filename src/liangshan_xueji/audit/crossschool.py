"""The prefecture-wide duplicate check in bounded memory (clauses 3.3, 1.2). 跨校重复学籍。

The same person (the same 居民身份证号, else the same 全国学籍号) live at two schools of the prefecture
is a 重复学籍 (3.3); when the later record was registered after the other existed, the province-wide
query before registering was not made: a 重复注册 (1.2). :class:`CrossSchool` takes every live
record of the roster, school by school, and finds them after the last school.

How it stays fast and small, whatever the size of the roster:

- **Columns, not rows.** :meth:`CrossSchool.add` keeps a school's records as whole columns, each
  made in C: the student numbers (and, once spilling, the keys) joined into one text with their
  lengths (a byte each); the lines, enrollment dates, school indexes (and the keys' hashes) as
  ``array``.
- **Up to ``spill_at`` records, one set.** A school's keys are checked against the keys seen so far
  and added to them by set operations (in C, while the keys are fresh); the keys seen twice are
  kept, and their records found at the end in the column of keys. The real keys are compared:
  exact.
- **Past it, partitions on disk.** The columns ("a run" of records) are appended, as binary, to a
  temporary file, and each key's hash goes into one of ``parts`` partitions (the one loop over the
  records in Python), appended to the file too, so memory stays bounded.
  :meth:`CrossSchool.findings` reads one partition at a time and finds its repeated hashes by set
  intersections (in C); the records with those hashes are found in each run's hash column
  (``map``/``compress``, in C) and grouped by their **real keys** (taken from the run's key column):
  two keys that share a hash are never reported as the same person.
- **Deterministic.** The findings are sorted by the input position of the record they report, so
  they depend neither on the partitioning, nor on ``spill_at``, nor on ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import marshal
import os
import shutil
import tempfile
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from itertools import compress, count
from operator import itemgetter
from typing import BinaryIO, TypeVar, cast

from ..errors import InvalidInput
from ..law.clauses import implements
from ..records.findings import Finding, SchoolRecords, Severity
from ..records.models import Status, StudentNumber
from ..records.status import Context

__all__ = ["Columns", "CrossSchool", "cross_school_findings", "live_columns"]

#: The hash of a person key. A module global so that a test can force collisions.
_hash = hash

#: Hashes are compared in slices of this many (a set operation, in C, per slice).
_SLICE = 256

_Candidate = tuple[int, int, int, int, str]  # enrolled, position, school index, line, number
_by_position = itemgetter(0, 1)
_more_than_once = (1).__lt__


class _Texts:
    """A column of strings: one text and the lengths (``array('B')``; ``'l'`` once one is 256
    characters or longer)."""

    __slots__ = ("lengths", "texts")

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.lengths = array("B")

    def add(self, items: Sequence[str], text: str) -> None:
        self.texts.append(text)
        try:
            sizes = bytes(map(len, items))
        except ValueError:  # 256 characters or more
            if self.lengths.typecode == "B":
                self.lengths = array("l", self.lengths)
            self.lengths.extend(map(len, items))
            return
        if self.lengths.typecode == "B":
            self.lengths.frombytes(sizes)
        else:
            self.lengths.extend(sizes)

    def text(self) -> str:
        if len(self.texts) > 1:
            self.texts = ["".join(self.texts)]
        return self.texts[0] if self.texts else ""


def _pick(text: str, lengths: array[int], offsets: list[int]) -> list[str]:
    """The strings at ``offsets`` (ascending) of a column: the lengths summed in C between them."""
    out: list[str] = []
    at = previous = 0
    for i in offsets:
        at += sum(lengths[previous:i])
        previous = i
        out.append(text[at : at + lengths[i]])
    return out


class _Run:
    """The records at input positions ``seq .. seq + n - 1`` in the temporary file from ``offset``:
    hashes, keys (marshalled text, lengths), numbers (the same), lines, enrollment dates and school
    indexes, of ``sizes`` bytes; ``typecodes`` of the two lengths."""

    __slots__ = ("n", "offset", "seq", "sizes", "typecodes")

    def __init__(
        self, seq: int, n: int, offset: int, sizes: list[int], typecodes: tuple[str, str]
    ) -> None:
        self.seq = seq
        self.n = n
        self.offset = offset
        self.sizes = sizes
        self.typecodes = typecodes


class _Columns:
    """A run's columns, to take records from by offset."""

    __slots__ = ("enrolled", "lines", "number_lengths", "numbers", "schools", "seq")

    def __init__(
        self,
        seq: int,
        numbers: tuple[str, array[int]],
        lines: array[int],
        enrolled: array[int],
        schools: array[int],
    ) -> None:
        self.seq = seq
        self.numbers, self.number_lengths = numbers
        self.lines = lines
        self.enrolled = enrolled
        self.schools = schools

    def take(self, offsets: list[int]) -> list[_Candidate]:
        """The records at ``offsets`` (ascending)."""
        numbers = _pick(self.numbers, self.number_lengths, offsets)
        enrolled, lines, schools, seq = self.enrolled, self.lines, self.schools, self.seq
        return [
            (enrolled[i], seq + i, schools[i], lines[i], number)
            for i, number in zip(offsets, numbers, strict=True)
        ]


class CrossSchool:
    """The prefecture-wide duplicate check (3.3, 1.2) in bounded memory. 跨校重复学籍。

    Feed it every school's **live** records with :meth:`add`, in input order; then :meth:`findings`
    gives, for every person (key) live at two or more schools, a 3.3 NOTICE for each record at a school
    other than the earliest enrolled one's (then the first in input order), and a 1.2 BREACH when that
    record was enrolled later; in input order of the record reported. :meth:`close` removes the
    temporary files (also on leaving a ``with`` block).

    ``label`` names the roster file in the evidence (``other_record=roster.csv:LINE``); without a label
    the evidence is ``other_record=records[LINE - 1]`` (the lines are then 1-based positions).
    Up to ``spill_at`` records are kept in memory (about 200 bytes each, with their keys); past it
    they go to a temporary file, their hashes spread over ``parts`` partitions read back one at a
    time. Neither changes the findings.
    """

    def __init__(self, *, label: str = "", spill_at: int = 100_000, parts: int = 64) -> None:
        for name, value in (("spill_at", spill_at), ("parts", parts)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidInput(
                    f"{name} 应为正整数，而不是 {value!r}",
                    f"{name} must be a positive integer, not {value!r}",
                    where=f"CrossSchool({name}=)",
                )
        if not isinstance(label, str):
            raise InvalidInput("label 应为文本", "label must be a str", where="CrossSchool(label=)")
        self.label = label
        self.spill_at = spill_at
        self.parts = parts
        #: The temporary directory, once records have been spilled (``None`` before and after close).
        self.directory: str | None = None
        self._file: BinaryIO | None = None
        self._reset()

    def _reset(self) -> None:
        self._schools: dict[str, int] = {}
        self._codes: list[str] = []
        self._seq = 0  # input position of the next record
        # before the first spill: the keys seen, those seen twice, and every record's key in order
        self._seen: set[str] = set()
        self._twice: set[str] = set()
        self._run_keys: list[str] = []
        # after it: the partitions in memory (their append methods bound once: cleared in place)
        self._parts: list[array[int]] = [array("q") for _ in range(self.parts)]
        self._put = [p.append for p in self._parts]
        self._chunks: list[list[tuple[int, int]]] = [[] for _ in range(self.parts)]
        self._runs: list[_Run] = []
        self._new_run(0)

    def _new_run(self, seq: int) -> None:
        self._run_seq = seq
        self._hashes = array("q")
        self._keys = _Texts()
        self._numbers = _Texts()
        self._lines = array("q")
        self._enrolled = array("q")
        self._school_of = array("i")

    # ----------------------------------------------------------------------------------------------
    # Collecting

    def add(
        self,
        school: str,
        keys: Sequence[str],
        numbers: Sequence[str],
        lines: Sequence[int],
        enrolled: Sequence[int],
    ) -> None:
        """One school's **live** records, in input order, as parallel sequences (3.3, 1.2).

        ``keys``: each record's person key (its 居民身份证号, else its student number); ``numbers``: its
        student number (全国学籍号: ``G`` and 18 characters); ``lines``: its input line (a file line,
        or the 1-based position when there is no label); ``enrolled``: its enrollment date as
        ``date.toordinal()``. The records' input positions continue from the previous call.
        """
        n = len(keys)
        where = f"CrossSchool.add({school!r})"
        if not (len(numbers) == n and len(lines) == n and len(enrolled) == n):
            raise InvalidInput(
                "keys、numbers、lines、enrolled 的长度应相同",
                f"keys, numbers, lines and enrolled must have the same length "
                f"({n}, {len(numbers)}, {len(lines)}, {len(enrolled)})",
                where=where,
            )
        if n == 0:
            return
        if not isinstance(school, str):
            raise InvalidInput("学校代码应为文本", "the school code must be a str", where=where)
        try:
            key_text = "".join(keys)
            number_text = "".join(numbers)
            line_column = array("q", lines)
            enrolled_column = array("q", enrolled)
        except (TypeError, OverflowError) as exc:
            raise InvalidInput(
                "keys、numbers 应为文本，lines、enrolled 应为整数",
                f"keys and numbers must be str, lines and enrolled integers ({exc})",
                where=where,
            ) from None
        k = self._schools.get(school)
        if k is None:
            k = self._schools[school] = len(self._codes)
            self._codes.append(school)

        if self._file is None:  # nothing spilled: the keys seen twice, by set operations
            seen = self._seen
            again = seen.intersection(keys)
            before = len(seen)
            seen.update(keys)
            if len(seen) - before != n - len(again):  # a key twice within this school
                counts = Counter(keys)
                again.update(compress(counts, map(_more_than_once, counts.values())))
            self._twice |= again
            self._run_keys += keys
        else:
            hashes = list(map(_hash, keys))
            self._partition(hashes)
            self._hashes.fromlist(hashes)
            self._keys.add(keys, key_text)
        self._numbers.add(numbers, number_text)
        self._lines += line_column
        self._enrolled += enrolled_column
        self._school_of += array("i", (k,)) * n
        self._seq += n
        if self._seq - self._run_seq > self.spill_at:
            self._spill()

    def _partition(self, hashes: Iterable[int]) -> None:
        """Each hash into its partition: the one loop over the records in Python."""
        put, parts = self._put, self.parts
        if parts & (parts - 1) == 0:
            mask = parts - 1
            for h in hashes:
                put[h & mask](h)
        else:
            for h in hashes:
                put[h % parts](h)

    def _spill(self) -> None:
        """Append the partitions and the run in memory to the temporary file."""
        n = self._seq - self._run_seq
        if n == 0:
            return
        f = self._file
        if f is None:  # the first spill: from now on the keys are hashed into partitions
            self.directory = tempfile.mkdtemp(prefix="xueji-cross-")
            f = self._file = open(os.path.join(self.directory, "spill.bin"), "w+b")  # noqa: SIM115
            self._seen = set()
            self._twice = set()
            keys, self._run_keys = self._run_keys, []
            for i in range(0, len(keys), 4096):  # a slice at a time: no list of every hash
                piece = keys[i : i + 4096]
                hashes = list(map(_hash, piece))
                self._partition(hashes)
                self._hashes.fromlist(hashes)
                self._keys.add(piece, "".join(piece))
            del keys
        at = f.seek(0, os.SEEK_END)
        for part, chunks in zip(self._parts, self._chunks, strict=True):
            if part:
                data = part.tobytes()
                f.write(data)
                chunks.append((at, len(data)))
                at += len(data)
                del part[:]  # in place: the append methods are bound
        sizes: list[int] = []
        for column in (
            self._hashes,
            self._keys.text(),
            self._keys.lengths,
            self._numbers.text(),
            self._numbers.lengths,
            self._lines,
            self._enrolled,
            self._school_of,
        ):  # one at a time: no copy of the whole run
            if isinstance(column, str):
                data = marshal.dumps(column)
                f.write(data)
                sizes.append(len(data))
            else:
                column.tofile(f)
                sizes.append(len(column) * column.itemsize)
        typecodes = (self._keys.lengths.typecode, self._numbers.lengths.typecode)
        self._runs.append(_Run(self._run_seq, n, at, sizes, typecodes))
        self._new_run(self._seq)

    def close(self) -> None:
        """Remove the temporary files and forget every record (the object may be used again)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None
        self._reset()

    def __enter__(self) -> CrossSchool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------------------------------
    # Finding

    def findings(self, ctx: Context) -> list[Finding]:
        """The 3.3 and 1.2 findings, in input order of the record each reports (3.3 before 1.2).

        Once records were spilled, the partitions are read one at a time and their repeated hashes
        found; the records of those hashes are looked up once ``spill_at`` hashes are pending, so
        memory stays bounded by ``spill_at`` records, one partition and the findings themselves.
        """
        found: list[tuple[int, int, Finding, int]] = []
        if self._file is None:
            if self._twice:  # nothing spilled: the run in memory starts at position 0
                keys = self._run_keys
                offsets = list(compress(count(), map(self._twice.__contains__, keys)))
                taken = zip(
                    map(keys.__getitem__, offsets),
                    self._columns_in_memory().take(offsets),
                    strict=True,
                )
                self._report(taken, ctx, found)
        else:
            self._spill()  # everything in the file
            pending: set[int] = set()
            for p in range(self.parts):
                pending |= _repeated(self._read_part(p))
                if len(pending) >= self.spill_at:
                    self._report(self._spilled(pending), ctx, found)
                    pending = set()
            if pending:
                self._report(self._spilled(pending), ctx, found)
        found.sort(key=_by_position)
        # a record keyed twice (a corrected G student, 4) is reported once per other record
        seen: set[tuple[int, Finding]] = set()
        out: list[Finding] = []
        for _, _, f, line in found:
            if (line, f) not in seen:
                seen.add((line, f))
                out.append(f)
        return out

    def _columns_in_memory(self) -> _Columns:
        return _Columns(
            self._run_seq,
            (self._numbers.text(), self._numbers.lengths),
            self._lines,
            self._enrolled,
            self._school_of,
        )

    def _read_part(self, p: int) -> Iterable[list[int]]:
        f = self._file
        assert f is not None
        for offset, size in self._chunks[p]:
            f.seek(offset)
            yield array("q", f.read(size)).tolist()

    def _spilled(self, pending: AbstractSet[int]) -> Iterable[tuple[str, _Candidate]]:
        """(key, record) of every spilled record whose hash is in ``pending``, a run at a time."""
        f = self._file
        assert f is not None
        for run in self._runs:
            n = run.n
            f.seek(run.offset)
            hashes = _read(f, "q", n)
            offsets = list(compress(count(), map(pending.__contains__, hashes)))
            if not offsets:
                continue
            del hashes
            keys = marshal.loads(f.read(run.sizes[1]))
            taken = _pick(keys, _read(f, run.typecodes[0], n), offsets)
            del keys
            numbers = (marshal.loads(f.read(run.sizes[3])), _read(f, run.typecodes[1], n))
            lines, enrolled, schools = _read(f, "q", n), _read(f, "q", n), _read(f, "i", n)
            columns = _Columns(run.seq, numbers, lines, enrolled, schools)
            yield from zip(taken, columns.take(offsets), strict=True)

    def _report(
        self,
        records: Iterable[tuple[str, _Candidate]],
        ctx: Context,
        found: list[tuple[int, int, Finding, int]],
    ) -> None:
        """The findings of ``records`` (key, record), grouped by their real keys."""
        groups: dict[str, list[_Candidate]] = {}
        for key, record in records:
            group = groups.get(key)
            if group is None:
                groups[key] = [record]
            else:
                group.append(record)
        codes, label = self._codes, self.label
        for group in groups.values():
            if len(group) < 2:
                continue  # a key that only shares its hash with another
            group.sort()  # by enrollment date, then input position (unique)
            first = group[0]
            first_school = first[2]
            if all(r[2] == first_school for r in group):
                continue  # one school: the school check of 3.3 reports it
            other = codes[first_school]
            where = f"{label}:{first[3]}" if label else f"records[{first[3] - 1}]"
            for enrolled_on, seq, school, line, number in group[1:]:
                if school != first_school:
                    made = cross_school_findings(
                        codes[school], number, other, where, enrolled_on > first[0], ctx
                    )
                    found.extend((seq, i, f, line) for i, f in enumerate(made))


def _read(f: BinaryIO, typecode: str, n: int) -> array[int]:
    column = array(typecode)
    column.fromfile(f, n)
    return column


def _repeated(columns: Iterable[list[int]]) -> set[int]:
    """The hashes found more than once in ``columns``. A slice at a time: those seen before (a set
    intersection) and, when the slice adds fewer new hashes than it should, the slice's own
    repeats (a ``Counter``); all in C but for one step per slice."""
    seen: set[int] = set()
    twice: set[int] = set()
    for column in columns:
        for i in range(0, len(column), _SLICE):
            part = column[i : i + _SLICE]
            again = seen.intersection(part)
            before = len(seen)
            seen.update(part)
            if len(seen) - before != len(part) - len(again):  # a hash twice within the slice
                counts = Counter(part)
                twice.update(compress(counts, map(_more_than_once, counts.values())))
            twice |= again
    return twice


#: One school's live records as :meth:`CrossSchool.add` takes them: the school code, then per
#: record its person key, student number, input line and enrollment date (ordinal).
Columns = tuple[str, list[str], list[str], Sequence[int], Sequence[int]]


def live_columns(rows: SchoolRecords, live: AbstractSet[Status]) -> Columns:
    """The columns :meth:`CrossSchool.add` takes, of the records of ``rows`` (one school) whose
    status is in ``live`` (3.3: those that still hold a 学籍): the person key is the 居民身份证号,
    else the student number. A G student whose ID number was corrected (4) is keyed by both ID
    numbers (:attr:`~liangshan_xueji.records.models.Student.identity_keys`): the record is added a
    second time under the one its G number carries, so it is found by either.

    Only the special records (``rows.special``) are looked at one by one: a plain record is 在校 and
    has an ID number (:func:`~liangshan_xueji.records.findings.is_plain`), so it is live and keyed by its
    ID number whenever ``live`` holds 在校. The columns are copied by slices, in C; the lists of
    ``rows`` may be returned as they are (not copied)."""
    numbers, lines, enrolled = rows.numbers, rows.lines, rows.enrolled_ordinals
    identities: list[str | None] = rows.identities
    statuses = rows.statuses
    special = rows.special
    if Status.ENROLLED not in live:  # (not the audit's case) every record looked at
        special = range(len(statuses))  # type: ignore[assignment]
    drop = [i for i in special if statuses[i] not in live]
    # rare: a corrected G record, keyed a second time right after itself (input order kept)
    twice = [
        (i, carried)
        for i in special
        if statuses[i] in live and (carried := _carried(numbers[i], identities[i])) is not None
    ]
    keys = identities
    missing = [i for i in special if identities[i] is None]
    if missing:  # no ID number: the student number
        keys = identities.copy()
        for i in missing:
            keys[i] = numbers[i]
    if drop:
        keys, numbers = _without(keys, drop), _without(numbers, drop)
        lines, enrolled = _without(lines, drop), _without(enrolled, drop)
    if twice:  # where each such record is once the dropped ones are gone
        at = [i - bisect_left(drop, i) for i, _ in twice]
        keys, numbers, lines, enrolled = (
            _after(keys, at, [carried for _, carried in twice]),
            _after(numbers, at, [numbers[k] for k in at]),
            _after(lines, at, [lines[k] for k in at]),
            _after(enrolled, at, [enrolled[k] for k in at]),
        )
    return rows.school_code, cast(list[str], keys), numbers, lines, enrolled


def _carried(number: str, identity: str | None) -> str | None:
    """The ID number a G number carries when a correction replaced it (4), else ``None``."""
    if identity is None or number[0] != "G" or number[1:] == identity:
        return None
    return number[1:]


_Item = TypeVar("_Item")


def _after(column: Sequence[_Item], at: list[int], items: list[_Item]) -> list[_Item]:
    """``column`` with ``items[k]`` inserted right after the item at ``at[k]`` (ascending
    indexes), by slices."""
    out: list[_Item] = []
    start = 0
    for i, item in zip(at, items, strict=True):
        out += column[start : i + 1]
        out.append(item)
        start = i + 1
    out += column[start:]
    return out


def _without(column: Sequence[_Item], drop: list[int]) -> list[_Item]:
    """``column`` without the items at ``drop`` (ascending indexes), by slices."""
    out: list[_Item] = []
    start = 0
    for i in drop:
        out += column[start:i]
        start = i + 1
    out += column[start:]
    return out


@implements("3.3", "1.2")
def cross_school_findings(
    school: str, number: str, other_school: str, other_record: str, later: bool, ctx: Context
) -> list[Finding]:
    """重复学籍 across schools (3.3): the record of student ``number`` at ``school`` and a live record
    of the same person (same 居民身份证号 or student number) at ``other_school``, cited as
    ``other_record`` (``roster.csv:LINE`` or ``records[i]``); when ``later`` (it was registered after
    the other record existed) also 重复注册 (1.2: the province-wide query before registering was not
    made). The county comes from ``ctx.schools`` (empty when the context does not know the school).
    """
    info = ctx.schools.get(school)
    county = info.county if info is not None else ""
    student = StudentNumber(number)
    evidence = f"other_school={other_school} other_record={other_record}"
    out = [
        Finding(
            clause="3.3",
            severity=Severity.NOTICE,
            school_code=school,
            county=county,
            student=student,
            zh=f"同一学生在学校 {other_school} 另有学籍（跨校重复学籍）：须由实际就读学校上传附表3，"
            "对方学校删除重复学籍",
            en=f"the same student also has a live record at school {other_school} (a duplicate "
            "across schools): the school actually attended uploads 附表3 and the other removes its "
            "record",
            evidence=evidence,
            found_on=ctx.on,
        )
    ]
    if later:
        out.append(
            Finding(
                clause="1.2",
                severity=Severity.BREACH,
                school_code=school,
                county=county,
                student=student,
                zh=f"该生在学校 {other_school} 已有学籍时又被注册（重复注册，注册前未做全省数据查询）",
                en=f"registered while the student already had a record at school {other_school} "
                "(a repeated registration: the province-wide query was not made)",
                evidence=evidence,
                found_on=ctx.on,
            )
        )
    return out
