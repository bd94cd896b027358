"""附表1–4: the regulation's four forms as typed models, prefilled, validated and printable.

表格：附表1 转学申请登记表、附表2 休（复）学申请表、附表3 实际在校就读证明表、附表4 数据管理安全承诺书。

- one frozen attrs class per form with every field of the original table
  (:class:`TransferApplicationForm`, :class:`SuspensionResumptionForm`, :class:`AttendanceProofForm`,
  :class:`DataSecurityPledgeForm`);
- ``prefill_f1`` … ``prefill_f4``: everything a :class:`~liangshan_xueji.records.models.Record` (and the schools
  of a :class:`~liangshan_xueji.records.status.Context`) knows is filled, the rest left blank for handwriting;
- :func:`validate`: a :class:`~liangshan_xueji.decisions.Decision` against the clause the form serves
  (F1/2.1.1/2.1.6, F2/2.2.1/2.2.2, F3/3.3, F4/7.1);
- :func:`render`: printable A4 HTML, Markdown or plain text, user data always escaped.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from ..decisions import Decision
from ..errors import InvalidInput
from ..records.models import Record
from ..records.status import Context
from ._common import GuardianRow, Opinion, Signature, StudentInfo
from .f1 import (
    F1_NOTES,
    RECEIVING_SCHOOL,
    F1Use,
    PartyOpinion,
    TransferApplicationForm,
    prefill_f1,
    validate_f1,
)
from .f2 import (
    F2_NOTES,
    F2Side,
    ResumptionSide,
    SuspensionResumptionForm,
    SuspensionSide,
    parse_sides,
    prefill_f2,
    validate_f2,
)
from .f3 import AttendanceProofForm, prefill_f3, validate_f3
from .f4 import (
    F4_PLEDGES,
    F4_PREAMBLE,
    DataSecurityPledgeForm,
    OrgLevel,
    pledge_coverage,
    prefill_f4,
    validate_f4,
)
from .render import FORMATS, Form, escape_markdown, escape_text, render

__all__ = [
    "F1_NOTES",
    "F2_NOTES",
    "F4_PLEDGES",
    "F4_PREAMBLE",
    "FORMATS",
    "FORM_CLASSES",
    "RECEIVING_SCHOOL",
    "AttendanceProofForm",
    "DataSecurityPledgeForm",
    "F1Use",
    "F2Side",
    "Form",
    "GuardianRow",
    "Opinion",
    "OrgLevel",
    "PartyOpinion",
    "ResumptionSide",
    "Signature",
    "StudentInfo",
    "SuspensionResumptionForm",
    "SuspensionSide",
    "TransferApplicationForm",
    "escape_markdown",
    "escape_text",
    "parse_sides",
    "pledge_coverage",
    "prefill_f1",
    "prefill_f2",
    "prefill_f3",
    "prefill_f4",
    "render",
    "validate",
    "validate_f1",
    "validate_f2",
    "validate_f3",
    "validate_f4",
]

#: The form classes by their clause ID (``F1``…``F4``).
FORM_CLASSES: dict[str, type[Form]] = {
    "F1": TransferApplicationForm,
    "F2": SuspensionResumptionForm,
    "F3": AttendanceProofForm,
    "F4": DataSecurityPledgeForm,
}


def validate(
    form: Form,
    record: Record | None = None,
    context: Context | None = None,
    **options: Any,
) -> Decision:
    """Validate any of the four forms against the clause it serves. 校验表格。

    Dispatches to :func:`validate_f1` (2.1, 2.1.1, 2.1.6, 附表1 说明 2–3), :func:`validate_f2`
    (2.2.1, 2.2.2, 2.2.5), :func:`validate_f3` (3.3) or :func:`validate_f4` (7.1); ``options`` are
    theirs (``submitted=True`` checks a filled-in form). 附表1–3 need the ``record`` and the ``context``;
    附表4 concerns no student and takes neither. Returns a :class:`~liangshan_xueji.decisions.Decision`
    whose reasons cite the clauses; bad input raises :class:`~liangshan_xueji.errors.InvalidInput`.
    """
    if isinstance(form, DataSecurityPledgeForm):
        return validate_f4(form, record, context, **_options(validate_f4, options))
    if not isinstance(
        form, (TransferApplicationForm, SuspensionResumptionForm, AttendanceProofForm)
    ):
        raise InvalidInput(
            f"不是附表1–4 之一：{type(form).__name__}",
            f"not one of the forms 附表1–4: {type(form).__name__}",
            where="form",
        )
    if not isinstance(record, Record):
        raise InvalidInput(
            f"附表{form.form_id[1]} 需要学生的学籍（Record）",
            f"附表{form.form_id[1]} needs the student's Record",
            where="record",
        )
    if not isinstance(context, Context):
        raise InvalidInput(
            f"附表{form.form_id[1]} 需要上下文（Context：日期和学校）",
            f"附表{form.form_id[1]} needs a Context (the date and the schools)",
            where="context",
        )
    if isinstance(form, TransferApplicationForm):
        return validate_f1(form, record, context, **_options(validate_f1, options))
    if isinstance(form, SuspensionResumptionForm):
        return validate_f2(form, record, context, **_options(validate_f2, options))
    return validate_f3(form, record, context, **_options(validate_f3, options))


def _options(fn: Callable[..., Decision], options: dict[str, Any]) -> dict[str, Any]:
    """``options`` if ``fn`` takes each as a keyword-only argument; :class:`InvalidInput` otherwise."""
    accepted = {
        name
        for name, p in inspect.signature(fn).parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    }
    unknown = sorted(set(options) - accepted)
    if unknown:
        raise InvalidInput(
            f"{fn.__name__} 不接受选项 {', '.join(unknown)}（可用：{', '.join(sorted(accepted))}）",
            f"{fn.__name__} takes no option {', '.join(unknown)} (it takes "
            f"{', '.join(sorted(accepted))})",
            where=unknown[0],
        )
    return options
