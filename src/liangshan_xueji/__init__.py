"""liangshan_xueji — 凉山州中小学生学籍管理实施规定（试行）(凉教基〔2016〕14号) as typed, tested code.

The regulation of the Liangshan prefecture's education bureau on primary and secondary students'
status records (学籍), as an explained policy library: every rule returns a :class:`Decision` whose
reasons cite the clause they rest on (``clause("2.1.6.3")``).

The top level holds what an embedder needs first (``__all__``, about thirty names: ``evaluate``,
``apply``, ``audit``, the decision, the record and its parts, the context and the calendar, the errors,
clause lookup, the transfer events, JSON). The rest is in documented namespaces:

- :mod:`liangshan_xueji.events` — every event and the enums its fields take;
- :mod:`liangshan_xueji.procedures` — ``register``, ``resolve_duplicate``, ``change_student_data``,
  the archives, the 一类 rosters, registrars, review and export, scope;
- :mod:`liangshan_xueji.models` — the parts of a record, findings, JSON helpers;
- :mod:`liangshan_xueji.law` — clauses, their source and rules, the parameters;
- :mod:`liangshan_xueji.forms` — 附表1–4; :mod:`liangshan_xueji.audit` — the audit of a roster;
  :mod:`liangshan_xueji.io.roster` — the roster reader; :mod:`liangshan_xueji.synth` — synthetic rosters.

Everything loads on first use (PEP 562 module ``__getattr__``): ``import liangshan_xueji`` reads this file
only, so a request worker that imports it pays nothing for the roster reader, the forms or jinja2 until
it uses them. A name that left the top level in 0.2 still works for one release, with a
``DeprecationWarning`` naming its new place.
"""

from __future__ import annotations

import importlib
import sys
import types
import warnings

__version__ = "0.1.0"

# Not ``from typing import TYPE_CHECKING``: importing typing would be most of this module's import time.
# Type checkers read the block below as ``typing.TYPE_CHECKING`` (they match the name).
TYPE_CHECKING = False
if TYPE_CHECKING:  # the names below load lazily; type checkers see them here
    from typing import Any

    from .audit.runner import audit
    from .calendar.workdays import WorkCalendar, deadline
    from .decisions import Deadline, Decision, Material, Reason
    from .errors import (
        AmbiguousDecision,
        CalendarDataMissing,
        InvalidInput,
        ParameterNotInForce,
        PolicyViolation,
        UnknownClause,
        XuejiError,
    )
    from .law.clauses import Clause, clause, clauses
    from .policy.regulation import apply, evaluate
    from .records.findings import Finding
    from .records.models import (
        Grade,
        IdentityNumber,
        Record,
        School,
        SchoolSystem,
        Stage,
        Status,
        Student,
        StudentNumber,
    )
    from .records.serialization import from_json, to_json
    from .records.status import Context, TransferAct, TransferParty, TransferRequest

#: The public top level: each name and the module it is defined in (loaded on first use).
_TOP: dict[str, str] = {
    # the answer
    "evaluate": "policy",
    "apply": "policy",
    "audit": "audit.runner",
    "Decision": "decisions",
    "Reason": "decisions",
    "Material": "decisions",
    "Deadline": "decisions",
    # the record
    "Record": "records.models",
    "Student": "records.models",
    "StudentNumber": "records.models",
    "IdentityNumber": "records.models",
    "School": "records.models",
    "Grade": "records.models",
    "Stage": "records.models",
    "SchoolSystem": "records.models",
    "Status": "records.models",
    "Finding": "records.findings",
    "to_json": "records.serialization",
    "from_json": "records.serialization",
    # the act
    "Context": "records.status",
    "TransferRequest": "records.status",
    "TransferAct": "records.status",
    "TransferParty": "records.status",
    # the calendar
    "WorkCalendar": "calendar.workdays",
    "deadline": "calendar.workdays",
    # the law
    "Clause": "law.clauses",
    "clause": "law.clauses",
    "clauses": "law.clauses",
    # the errors
    "XuejiError": "errors",
    "InvalidInput": "errors",
    "PolicyViolation": "errors",
    "AmbiguousDecision": "errors",
    "UnknownClause": "errors",
    "CalendarDataMissing": "errors",
    "ParameterNotInForce": "errors",
}

__all__ = [  # noqa: RUF022 - grouped by task, as _TOP
    "__version__",
    "evaluate",
    "apply",
    "audit",
    "Decision",
    "Reason",
    "Material",
    "Deadline",
    "Record",
    "Student",
    "StudentNumber",
    "IdentityNumber",
    "School",
    "Grade",
    "Stage",
    "SchoolSystem",
    "Status",
    "Finding",
    "to_json",
    "from_json",
    "Context",
    "TransferRequest",
    "TransferAct",
    "TransferParty",
    "WorkCalendar",
    "deadline",
    "Clause",
    "clause",
    "clauses",
    "XuejiError",
    "InvalidInput",
    "PolicyViolation",
    "AmbiguousDecision",
    "UnknownClause",
    "CalendarDataMissing",
    "ParameterNotInForce",
]

#: The documented namespaces, loaded on first use as attributes (``liangshan_xueji.events.Suspend``).
NAMESPACES: tuple[str, ...] = (
    "events",
    "procedures",
    "models",
    "law",
    "forms",
    "io",
    "synth",
    "examples",
    "calendar",
    "policy",
    "records",
)


def _moved(namespace: str, *names: str) -> dict[str, tuple[str, str]]:
    return {name: (namespace, name) for name in names}


#: Names that left the top level in 0.2: old name → (new module, name there). They keep working for
#: one release with a DeprecationWarning naming the new place.
_MOVED: dict[str, tuple[str, str]] = {
    **_moved(
        "events",
        *[
            "AdmissionMethod",
            "Admit",
            "ArchiveItem",
            "AttendanceCheck",
            "ChangeStudentData",
            "ConfirmNewStudentData",
            "CreateArchive",
            "DataExported",
            "Death",
            "Delete",
            "Demote",
            "DepartureReason",
            "DestroyArchive",
            "ExtendSuspension",
            "FieldChange",
            "FileArchiveItems",
            "Graduate",
            "HandOverArchive",
            "HandoverReason",
            "IdentitySource",
            "ImportPhoto",
            "LookupResult",
            "MarkDropout",
            "MarkSuspectedDropout",
            "MoveArchive",
            "OtherDeparture",
            "PrefectureFiling",
            "Promote",
            "Register",
            "RemoveDuplicate",
            "Resume",
            "Retain",
            "ReturnToSchool",
            "Reviewed",
            "RollbackGraduation",
            "StatusEvent",
            "StudentField",
            "Suspend",
        ],
    ),
    **_moved(
        "procedures",
        *[
            "KEY_FIELDS",
            "ArchiveState",
            "CatchmentQuota",
            "Origin",
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
        ],
    ),
    **_moved(
        "models",
        *[
            "LIANGSHAN_COUNTIES",
            "ClassInfo",
            "Event",
            "Guardian",
            "HistoryEntry",
            "InvalidGrade",
            "InvalidIdentityNumber",
            "InvalidStudentNumber",
            "RetentionCount",
            "Severity",
            "Sex",
            "StudentNumberKind",
            "SuspensionPeriod",
            "TeachingMode",
            "TransferWorkflow",
            "add_months",
            "from_dict",
            "to_dict",
            "school_year",
        ],
    ),
    **_moved(
        "law",
        *[
            "DEFAULT_PARAMETERS",
            "MonthDay",
            "Parameter",
            "ParameterSet",
            "SOURCE",
            "Source",
            "implementations",
            "implements",
        ],
    ),
    **_moved(
        "forms",
        *[
            "AttendanceProofForm",
            "DataSecurityPledgeForm",
            "SuspensionResumptionForm",
            "TransferApplicationForm",
            "prefill_f1",
            "prefill_f2",
            "prefill_f3",
            "prefill_f4",
            "pledge_coverage",
        ],
    ),
    "render_form": ("forms", "render"),
    "validate_form": ("forms", "validate"),
    **_moved("audit", "AuditStats", "audit_roster"),
    **_moved("io.roster", "Rejected", "RosterInput", "RosterNotGrouped", "RosterReader"),
    **_moved("synth", "synthesize"),
}


def _load(name: str) -> Any:
    """The value of a top-level, namespace or moved name, imported on first use."""
    if name in _TOP:
        value = getattr(importlib.import_module(f"{__name__}.{_TOP[name]}"), name)
    elif name in NAMESPACES:
        value = importlib.import_module(f"{__name__}.{name}")
    elif name in _MOVED:
        where, attr = _MOVED[name]
        warnings.warn(
            f"liangshan_xueji.{name} 已移至 liangshan_xueji.{where}.{attr}，下一版本将从顶层删除 / "
            f"liangshan_xueji.{name} has moved to liangshan_xueji.{where}.{attr}; the top-level name "
            "goes in the next release",
            DeprecationWarning,
            stacklevel=3,
        )
        return getattr(importlib.import_module(f"{__name__}.{where}"), attr)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def _load_event_kinds() -> None:
    """Import the policy, where most event kinds are declared (``records.identity`` calls this the
    first time a kind is asked for and missing: reading events never depends on import order)."""
    importlib.import_module(f"{__name__}.policy")


def __getattr__(name: str) -> Any:
    return _load(name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *NAMESPACES})


class _Package(types.ModuleType):
    """The package module. ``audit`` is both the function (top level) and a subpackage: the import
    system binds a subpackage on its parent when it first loads it, which would replace the function
    with the module whenever ``liangshan_xueji.audit.runner`` was imported first. Here the name always
    means the function, whatever was imported before (the subpackage stays in ``sys.modules``)."""

    @property
    def audit(self) -> Any:
        if "audit" not in _cache:
            _cache["audit"] = importlib.import_module(f"{__name__}.audit.runner").audit
        return _cache["audit"]

    @audit.setter
    def audit(self, value: Any) -> None:
        if not isinstance(value, types.ModuleType):  # the subpackage, bound by the import system
            _cache["audit"] = value


_cache: dict[str, Any] = {}
sys.modules[__name__].__class__ = _Package
