"""Findings of the checks over records (clauses 8.1, 8.3): what the audit reports.

审核发现。A :class:`Finding` names the clause broken, its severity, the school and the student (masked
unless the caller reveals it, clauses 7.1 and 8.2), what was found in Chinese and English, the evidence
and the due date that was missed. Checks are registered with :func:`check` and run by the audit.

Two kinds of check:

- a **record check** ``fn(record, ctx) -> Iterable[Finding]`` sees one record at a time (overdue work,
  forbidden states, a missing archive): it streams, so memory stays flat however large the roster;
- a **school check** ``fn(records, ctx) -> Iterable[Finding]`` sees every record of one school at once
  (retention caps, the each-term review) — the audit groups records by school for it.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import attrs

from ._privacy import mask_id
from .clauses import check_clause_id, implements
from .models import Record, StudentNumber
from .status import Context

__all__ = [
    "Finding",
    "RecordCheck",
    "SchoolCheck",
    "Severity",
    "check",
    "record_checks",
    "school_check",
    "school_checks",
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
    severity: Severity
    school_code: str
    county: str = ""
    student: StudentNumber | None = attrs.field(default=None, repr=lambda s: s.masked if s else "")
    zh: str
    en: str
    evidence: str = ""
    due: _dt.date | None = None
    found_on: _dt.date

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


RecordCheck = Callable[[Record, Context], Iterable[Finding]]
SchoolCheck = Callable[[Sequence[Record], Context], Iterable[Finding]]
_RC = TypeVar("_RC", bound=RecordCheck)
_SC = TypeVar("_SC", bound=SchoolCheck)
_RECORD_CHECKS: list[RecordCheck] = []
_SCHOOL_CHECKS: list[SchoolCheck] = []


def check(*clause_ids: str) -> Callable[[_RC], _RC]:
    """Register a record check implementing ``clause_ids`` (also registered with ``implements``)."""
    mark = implements(*clause_ids)

    def register(fn: _RC) -> _RC:
        _RECORD_CHECKS.append(mark(fn))
        return fn

    return register


def school_check(*clause_ids: str) -> Callable[[_SC], _SC]:
    """Register a school check implementing ``clause_ids``."""
    mark = implements(*clause_ids)

    def register(fn: _SC) -> _SC:
        _SCHOOL_CHECKS.append(mark(fn))
        return fn

    return register


def record_checks() -> tuple[RecordCheck, ...]:
    """Every registered record check, in registration order."""
    return tuple(_RECORD_CHECKS)


def school_checks() -> tuple[SchoolCheck, ...]:
    """Every registered school check, in registration order."""
    return tuple(_SCHOOL_CHECKS)
