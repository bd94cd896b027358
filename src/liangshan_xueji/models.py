"""The records and their parts, the audit's findings and the JSON form, in one namespace. 学籍数据。

:class:`~liangshan_xueji.records.models.Record`, ``Student``, ``School``, ``Grade``, ``Stage``,
``SchoolSystem``, ``Status`` and ``Context`` are at the top level; the rest of what a record is made of
lives here. Defined in :mod:`liangshan_xueji.records`; this module only re-exports them.

- identity: :class:`StudentNumber` (:class:`StudentNumberKind`), :class:`IdentityNumber`, :class:`Sex`,
  :class:`Guardian`, :class:`Origin` (8.5); the errors :class:`InvalidStudentNumber`, :class:`InvalidIdentityNumber`,
  :class:`InvalidGrade`
- schools: :class:`TeachingMode`, :class:`ClassInfo`, :data:`LIANGSHAN_COUNTIES` and their region codes
  :data:`LIANGSHAN_COUNTY_CODES` (行政区划代码, clause 3.2's catchment)
- the student's teaching mode (一类模式 is the student's, not the school's): :func:`student_mode`
- history: :class:`Event` (the base of every event), :class:`HistoryEntry`, :class:`SuspensionPeriod`,
  :class:`TransferWorkflow`, :class:`SeniorCohort` (2.3's cap; :class:`RetentionCount` is
  deprecated); dates: :func:`add_months`, :func:`school_year`
- the audit's answer: :class:`Finding`, :class:`Severity`
- JSON: :func:`to_json`, :func:`from_json`, :func:`to_dict`, :func:`from_dict` (cattrs)
"""

from __future__ import annotations

from .records.findings import Finding, Severity
from .records.models import (
    LIANGSHAN_COUNTIES,
    LIANGSHAN_COUNTY_CODES,
    ClassInfo,
    Event,
    Guardian,
    HistoryEntry,
    IdentityNumber,
    InvalidGrade,
    InvalidIdentityNumber,
    InvalidStudentNumber,
    Origin,
    Sex,
    StudentNumber,
    StudentNumberKind,
    SuspensionPeriod,
    TeachingMode,
    TransferWorkflow,
    student_mode,
)
from .records.serialization import from_dict, from_json, to_dict, to_json
from .records.status import RetentionCount, SeniorCohort, add_months, school_year

__all__ = [
    "LIANGSHAN_COUNTIES",
    "LIANGSHAN_COUNTY_CODES",
    "ClassInfo",
    "Event",
    "Finding",
    "Guardian",
    "HistoryEntry",
    "IdentityNumber",
    "InvalidGrade",
    "InvalidIdentityNumber",
    "InvalidStudentNumber",
    "Origin",
    "RetentionCount",
    "SeniorCohort",
    "Severity",
    "Sex",
    "StudentNumber",
    "StudentNumberKind",
    "SuspensionPeriod",
    "TeachingMode",
    "TransferWorkflow",
    "add_months",
    "from_dict",
    "from_json",
    "school_year",
    "student_mode",
    "to_dict",
    "to_json",
]
