"""The acts that are more than one event, and their helpers, in one namespace. 办理程序。

Each returns an explained :class:`~liangshan_xueji.decisions.Decision` (or an
:class:`~liangshan_xueji.policy.outcome.Outcome`: the decision and the new record). Defined in the rule
modules of :mod:`liangshan_xueji.policy`; this module only re-exports them.

- 学籍建立 registration (1.1–1.5): :func:`register` → :class:`Outcome`
- 重复招生 duplicates (3.3): :func:`resolve_duplicate` → :class:`Outcome`
- 关键数据 key data (4): :func:`change_student_data` → :class:`Outcome`; :data:`KEY_FIELDS`
- 招生 admission (3.2): :class:`CatchmentQuota`
- 学籍档案 archives (5): :func:`archive_checklist`, :func:`archive_state` (:class:`ArchiveState`),
  :func:`close_school_archives`, :func:`merge_school_archives`
- 一类模式 (6.1–6.3): :func:`file_starting_grades`, :func:`empty_record_decision`,
  :func:`submit_senior_roster` (:class:`SeniorRoster`, :class:`RosterEntry`)
- 学籍管理员 registrars (7.1–7.3): :class:`RegistrarProfile`, :func:`registrar_qualified`,
  :func:`login_decision`, :func:`login_shortfalls`
- 复核与保密 review and export (8.1, 8.2): :func:`review_school`, :func:`export_decision`,
  :func:`export_rows`, :func:`log_export`
- 违规情形 (8.3): :func:`rectification_order`
- 适用范围 scope (8.4, 8.5): :func:`scope_decision` (:class:`Origin`); :func:`evaluate_in_scope` is
  deprecated (``evaluate`` applies 8.5 itself, the origin given as ``Student.origin``)
"""

from __future__ import annotations

from .policy.admission import CatchmentQuota
from .policy.archives import (
    ArchiveState,
    archive_checklist,
    archive_state,
    close_school_archives,
    merge_school_archives,
)
from .policy.breaches import rectification_order
from .policy.duplicates import resolve_duplicate
from .policy.keydata import KEY_FIELDS, change_student_data
from .policy.model_one import (
    RosterEntry,
    SeniorRoster,
    empty_record_decision,
    file_starting_grades,
    submit_senior_roster,
)
from .policy.outcome import Outcome
from .policy.registrars import (
    RegistrarProfile,
    login_decision,
    login_shortfalls,
    registrar_qualified,
)
from .policy.registration import Registration, register
from .policy.review import export_decision, export_rows, log_export, review_school
from .policy.scope import Origin, evaluate_in_scope, scope_decision

__all__ = [
    "KEY_FIELDS",
    "ArchiveState",
    "CatchmentQuota",
    "Origin",
    "Outcome",
    "RegistrarProfile",
    "Registration",
    "RosterEntry",
    "SeniorRoster",
    "archive_checklist",
    "archive_state",
    "change_student_data",
    "close_school_archives",
    "empty_record_decision",
    "evaluate_in_scope",
    "export_decision",
    "export_rows",
    "file_starting_grades",
    "log_export",
    "login_decision",
    "login_shortfalls",
    "merge_school_archives",
    "rectification_order",
    "register",
    "registrar_qualified",
    "resolve_duplicate",
    "review_school",
    "scope_decision",
    "submit_senior_roster",
]
