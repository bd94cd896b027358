"""Findings of the checks over records (clauses 8.1, 8.3): what the audit reports.

审核发现。A :class:`Finding` names the clause broken, its severity, the school and the student (masked
unless the caller reveals it, clauses 7.1 and 8.2), what was found in Chinese and English, the evidence
and the due date that was missed. Checks are registered with :func:`check` and run by the audit.

Two kinds of check:

- a **record check** ``fn(record, ctx) -> Iterable[Finding]`` sees one record at a time (overdue work,
  forbidden states, a missing archive): it streams, so memory stays flat however large the roster;
- a **school check** ``fn(records, ctx) -> Iterable[Finding]`` sees every record of one school at once
  (retention caps, the each-term review) — the audit groups records by school for it. The audit passes
  a :class:`SchoolRecords`; a check that reads its columns and its ``special`` records (those that are
  not :func:`is_plain`) lets the audit skip building the plain records of a roster read from files.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar, overload

import attrs

from .._validators import date_field, of, optional, text
from ..errors import InvalidInput
from ..law.clauses import check_clause_id, implements
from ._privacy import mask_id, mask_name
from .models import Grade, Origin, Record, Status, StudentNumber
from .status import Context

__all__ = [
    "Finding",
    "RecordCheck",
    "SchoolCheck",
    "SchoolRecords",
    "Severity",
    "check",
    "is_plain",
    "school_check",
]


class Severity(enum.Enum):
    """How serious a finding is. 严重程度。"""

    BREACH = "违规"  # a breach of the regulation (8.3)
    OVERDUE = "逾期"  # work not done by its deadline
    NOTICE = "提示"  # something to look at; not itself a breach

    @property
    def en(self) -> str:
        return {"BREACH": "breach", "OVERDUE": "overdue", "NOTICE": "notice"}[self.name]


@attrs.frozen(kw_only=True)
class Finding:
    """One finding of a check. 一条审核发现。

    ``student`` is masked in ``repr``/``str``; :meth:`student_value` gives the full number on explicit
    request (``reveal=True``). ``evidence`` points at the data (a history entry, a field, a date).
    """

    clause: str = attrs.field(validator=lambda _i, a, v: check_clause_id(v, where=a.name))
    severity: Severity = attrs.field(validator=of(Severity))
    school_code: str = attrs.field(validator=of(str))
    county: str = attrs.field(default="", validator=of(str))
    student: StudentNumber | None = attrs.field(
        default=None,
        repr=lambda s: s.masked if s else "",
        validator=of(StudentNumber, optional=True),
    )
    zh: str = attrs.field(validator=text())
    en: str = attrs.field(validator=text())
    evidence: str = attrs.field(default="", validator=of(str))
    due: _dt.date | None = attrs.field(default=None, validator=optional(date_field))
    found_on: _dt.date = attrs.field(validator=date_field)
    #: The student's name (masked in ``repr`` and in every output unless asked), grade and class: what
    #: a school needs to find the record (empty for a finding about a school).
    student_name: str = attrs.field(default="", repr=lambda n: mask_name(n), validator=of(str))
    grade: Grade | None = attrs.field(default=None, validator=of(Grade, optional=True))
    class_name: str = attrs.field(default="", validator=of(str))

    def student_name_value(self, *, reveal: bool = False) -> str:
        """The student's name, masked unless ``reveal`` (8.2: personal data only on request)."""
        return (
            self.student_name if reveal or not self.student_name else mask_name(self.student_name)
        )

    def student_value(self, *, reveal: bool = False) -> str:
        """The student number, masked unless ``reveal`` (8.2: personal data only on request)."""
        if self.student is None:
            return ""
        return self.student.reveal() if reveal else mask_id(self.student.reveal())

    def __str__(self) -> str:
        due = f" 期限 due {self.due}" if self.due else ""
        who = f" {self.student_value()}" if self.student else ""
        return (
            f"[{self.clause}] {self.severity.value}/{self.severity.en} {self.school_code}{who}: "
            f"{self.zh} / {self.en}{due}"
        )


def is_plain(record: Record) -> bool:
    """A plain record: 在校, no history, no open transfer nor 休学 period, complete basic data (a
    居民身份证号, 户籍所在地, home address and a guardian), a student of the mainland (8.5) and no
    teaching mode of its own (``mode``: one given may contradict its class's, 6.1). Nothing in it can
    make a built-in check fire but its presence in the school's counts (2.3) and keys (3.3); most of a
    roster is plain.
    普通学籍：在校、无异动历史、无在办转学或休学、基本信息完整。
    """
    if (
        record.status is not Status.ENROLLED
        or record.history
        or record.transfer is not None
        or record.suspension is not None
        or record.mode is not None
    ):
        return False
    st = record.student
    return (
        st.identity_number is not None
        and st.origin is Origin.MAINLAND
        and bool(st.guardians)
        and bool(st.household_registration.strip())
        and bool(st.address.strip())
    )


class SchoolRecords(Sequence[Record]):
    """One school's records as the school checks see them: a sequence of :class:`Record` with columns.

    一所学校的学籍（供学校级检查使用）。Besides the records, in order, it holds per record its
    ``statuses``, ``grades``, student ``numbers`` (the values), ``identities`` (the 居民身份证号 values,
    ``None`` when absent), ``enrolled_ordinals`` (``enrolled_on.toordinal()``) and input ``lines``;
    and ``special``, the indexes of the records that are not plain (:func:`is_plain`), in order.

    A roster reader builds a plain record only when it is asked for (``load``): a check that reads
    the columns and the special records never builds the rest. Iterating, or indexing a plain record,
    builds it, so any check written over ``Sequence[Record]`` is still right. :meth:`of` makes one
    from records already built.
    """

    __slots__ = (
        "_load",
        "_records",
        "enrolled_ordinals",
        "grades",
        "identities",
        "lines",
        "numbers",
        "school_code",
        "special",
        "statuses",
    )

    def __init__(
        self,
        school_code: str,
        *,
        statuses: list[Status],
        grades: list[Grade],
        numbers: list[str],
        identities: list[str | None],
        enrolled_ordinals: list[int],
        lines: list[int],
        special: list[int],
        records: list[Record | None],
        load: Callable[[int], Record] | None = None,
    ) -> None:
        n = len(records)
        for column in (statuses, grades, numbers, identities, enrolled_ordinals, lines):
            if len(column) != n:
                raise InvalidInput(
                    "SchoolRecords 的各列长度不一致",
                    "the columns of a SchoolRecords differ in length",
                    where="SchoolRecords",
                )
        self.school_code = school_code
        self.statuses = statuses
        self.grades = grades
        self.numbers = numbers
        self.identities = identities
        self.enrolled_ordinals = enrolled_ordinals
        self.lines = lines
        self.special = special
        self._records = records
        self._load = load

    @classmethod
    def of(cls, records: Sequence[Record], lines: Sequence[int] | None = None) -> SchoolRecords:
        """``records`` (built already) with their columns; ``records`` itself when it is one.
        ``lines`` default to the positions 1, 2, …"""
        if isinstance(records, SchoolRecords):
            return records
        rows = list(records)
        ids = [r.student.identity_number for r in rows]
        return cls(
            rows[0].school_code if rows else "",
            statuses=[r.status for r in rows],
            grades=[r.grade for r in rows],
            numbers=[r.student.student_number.value for r in rows],
            identities=[None if i is None else i.value for i in ids],
            enrolled_ordinals=[r.enrolled_on.toordinal() for r in rows],
            lines=list(lines) if lines is not None else list(range(1, len(rows) + 1)),
            special=[i for i, r in enumerate(rows) if not is_plain(r)],
            records=list(rows),
        )

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> list[Record]: ...

    def __getitem__(self, index: int | slice) -> Record | list[Record]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        found = self._records[index]
        if found is None:
            if self._load is None:  # pragma: no cover - a reader always gives load
                raise LookupError(index)
            return self._load(index if index >= 0 else index + len(self))
        return found

    def __iter__(self) -> Iterator[Record]:
        for i in range(len(self._records)):
            yield self[i]

    def __repr__(self) -> str:
        return (
            f"SchoolRecords({self.school_code!r}, {len(self)} records, {len(self.special)} special)"
        )


RecordCheck = Callable[[Record, Context], Iterable[Finding]]
SchoolCheck = Callable[[Sequence[Record], Context], Iterable[Finding]]
_RC = TypeVar("_RC", bound=RecordCheck)
_SC = TypeVar("_SC", bound=SchoolCheck)
#: The attribute a marked check carries: ``"record"`` or ``"school"``. Nothing is registered here:
#: :class:`liangshan_xueji.policy.regulation.Regulation` collects the marked checks of its modules.
CHECK_MARK = "__xueji_check__"


def check(*clause_ids: str) -> Callable[[_RC], _RC]:
    """Mark a record check implementing ``clause_ids`` (also recorded with ``implements``)."""
    mark = implements(*clause_ids)

    def declare(fn: _RC) -> _RC:
        setattr(mark(fn), CHECK_MARK, "record")
        return fn

    return declare


def school_check(*clause_ids: str) -> Callable[[_SC], _SC]:
    """Mark a school check implementing ``clause_ids``."""
    mark = implements(*clause_ids)

    def declare(fn: _SC) -> _SC:
        setattr(mark(fn), CHECK_MARK, "school")
        return fn

    return declare
