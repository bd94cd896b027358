"""liangshan_xueji — 凉山州中小学生学籍管理实施规定（试行）(凉教基〔2016〕14号) as typed, tested code.

The regulation of the Liangshan prefecture's education bureau on primary and secondary students'
status records (学籍), as an explained policy library: every rule returns a :class:`Decision` whose
reasons cite the clause they rest on (``clause("2.1.6.3")``).

Only the names in ``__all__`` are public; every other module member is private.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import policy  # noqa: F401  (importing the rules registers them)
from .clauses import SOURCE, Clause, Source, clause, clauses, implementations, implements
from .decisions import Deadline, Decision, Material, Reason
from .errors import (
    CalendarDataMissing,
    InvalidInput,
    ParameterNotInForce,
    PolicyViolation,
    UnknownClause,
    XuejiError,
)
from .findings import Finding, Severity
from .forms import (
    AttendanceProofForm,
    DataSecurityPledgeForm,
    SuspensionResumptionForm,
    TransferApplicationForm,
    prefill_f1,
    prefill_f2,
    prefill_f3,
    prefill_f4,
)
from .forms import (
    render as render_form,
)
from .forms import (
    validate as validate_form,
)
from .models import (
    LIANGSHAN_COUNTIES,
    ClassInfo,
    Event,
    Grade,
    Guardian,
    HistoryEntry,
    IdentityNumber,
    InvalidGrade,
    InvalidIdentityNumber,
    InvalidStudentNumber,
    Record,
    School,
    SchoolSystem,
    Sex,
    Stage,
    Status,
    Student,
    StudentNumber,
    StudentNumberKind,
    SuspensionPeriod,
    TeachingMode,
    TransferWorkflow,
)
from .parameters import DEFAULT_PARAMETERS, MonthDay, Parameter, ParameterSet
from .serialization import from_dict, from_json, to_dict, to_json
from .status import (
    Context,
    Death,
    Demote,
    DepartureReason,
    ExtendSuspension,
    Graduate,
    MarkDropout,
    MarkSuspectedDropout,
    OtherDeparture,
    Promote,
    Resume,
    Retain,
    RetentionCount,
    ReturnToSchool,
    RollbackGraduation,
    StatusEvent,
    Suspend,
    TransferAct,
    TransferParty,
    TransferRequest,
    apply,
    evaluate,
)
from .workdays import WorkCalendar, deadline

__all__ = [
    "DEFAULT_PARAMETERS",
    "LIANGSHAN_COUNTIES",
    "SOURCE",
    "AttendanceProofForm",
    "CalendarDataMissing",
    "ClassInfo",
    "Clause",
    "Context",
    "DataSecurityPledgeForm",
    "Deadline",
    "Death",
    "Decision",
    "Demote",
    "DepartureReason",
    "Event",
    "ExtendSuspension",
    "Finding",
    "Grade",
    "Graduate",
    "Guardian",
    "HistoryEntry",
    "IdentityNumber",
    "InvalidGrade",
    "InvalidIdentityNumber",
    "InvalidInput",
    "InvalidStudentNumber",
    "MarkDropout",
    "MarkSuspectedDropout",
    "Material",
    "MonthDay",
    "OtherDeparture",
    "Parameter",
    "ParameterNotInForce",
    "ParameterSet",
    "PolicyViolation",
    "Promote",
    "Reason",
    "Record",
    "Resume",
    "Retain",
    "RetentionCount",
    "ReturnToSchool",
    "RollbackGraduation",
    "School",
    "SchoolSystem",
    "Severity",
    "Sex",
    "Source",
    "Stage",
    "Status",
    "StatusEvent",
    "Student",
    "StudentNumber",
    "StudentNumberKind",
    "Suspend",
    "SuspensionPeriod",
    "SuspensionResumptionForm",
    "TeachingMode",
    "TransferAct",
    "TransferApplicationForm",
    "TransferParty",
    "TransferRequest",
    "TransferWorkflow",
    "UnknownClause",
    "WorkCalendar",
    "XuejiError",
    "__version__",
    "apply",
    "clause",
    "clauses",
    "deadline",
    "evaluate",
    "from_dict",
    "from_json",
    "implementations",
    "implements",
    "prefill_f1",
    "prefill_f2",
    "prefill_f3",
    "prefill_f4",
    "render_form",
    "to_dict",
    "to_json",
    "validate_form",
]
