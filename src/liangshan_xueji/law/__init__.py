"""The law: the regulation's clause catalog (凉教基〔2016〕14号, quoted), the parameters it sets by date.

法规层。The lowest layer of the library above :mod:`liangshan_xueji.errors`: :mod:`.clauses` (the 73 clause
IDs, their text, titles and source), :mod:`.parameters` (every number and date the rules use, each citing
its clause, versioned by date) and the traceability matrix that ties each clause to its code and tests.
Nothing here knows of students or records.

As a public namespace it holds what a caller needs beyond ``liangshan_xueji.clause`` / ``clauses`` /
``Clause``: the source (:data:`SOURCE`, :class:`Source`), the rules of a clause (:func:`implementations`,
:func:`implements`) and the parameters (:data:`DEFAULT_PARAMETERS`, :class:`ParameterSet`,
:class:`Parameter`, :class:`MonthDay`).
"""

from __future__ import annotations

from .clauses import SOURCE, Clause, Source, clause, clauses, implementations, implements
from .parameters import DEFAULT_PARAMETERS, MonthDay, Parameter, ParameterSet

__all__ = [
    "DEFAULT_PARAMETERS",
    "SOURCE",
    "Clause",
    "MonthDay",
    "Parameter",
    "ParameterSet",
    "Source",
    "clause",
    "clauses",
    "implementations",
    "implements",
]
