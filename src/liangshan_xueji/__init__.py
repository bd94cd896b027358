"""liangshan_xueji — 凉山州中小学生学籍管理实施规定（试行）(凉教基〔2016〕14号) as typed, tested code.

The regulation of the Liangshan prefecture's education bureau on primary and secondary students'
status records (学籍), as an explained policy library: every rule returns a :class:`Decision` whose
reasons cite the clause they rest on (``clause("2.1.6.3")``).

Only the names in ``__all__`` are public; every other module member is private.
"""

from __future__ import annotations

__version__ = "0.1.0"

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
from .parameters import DEFAULT_PARAMETERS, MonthDay, Parameter, ParameterSet

__all__ = [
    "DEFAULT_PARAMETERS",
    "SOURCE",
    "CalendarDataMissing",
    "Clause",
    "Deadline",
    "Decision",
    "InvalidInput",
    "Material",
    "MonthDay",
    "Parameter",
    "ParameterNotInForce",
    "ParameterSet",
    "PolicyViolation",
    "Reason",
    "Source",
    "UnknownClause",
    "XuejiError",
    "__version__",
    "clause",
    "clauses",
    "implementations",
    "implements",
]
