"""Rendering of the forms: printable A4 HTML, Markdown and plain text (jinja2 templates).

表格输出。The templates ship with the package (``forms/templates/*.j2``). User data is always escaped:

- HTML: jinja2 autoescaping is on, so a name like ``<script>`` prints as text (``&lt;script&gt;``);
- Markdown: every value of the view goes through :func:`escape_markdown` before the template sees it,
  which escapes ``|`` and the other characters that would break a table or start markup, turns ``<``, ``>``
  and ``&`` into entities (Markdown passes raw HTML through) and line breaks into ``<br>``;
- plain text: control characters (a terminal's escape sequences) are replaced by U+FFFD
  (:func:`escape_text`).

Full names, ID numbers and phone numbers are printed: printing the form is the explicit request for them
(clause 8.2 masks them everywhere else, including the forms' ``repr``).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeAlias

import jinja2

from ..errors import InvalidInput
from ._common import GuardianRow, Opinion, Signature, StudentInfo, format_date
from .f1 import RECEIVING_SCHOOL, TransferApplicationForm
from .f2 import F2Side, SuspensionResumptionForm, grade_class
from .f3 import AttendanceProofForm
from .f4 import DataSecurityPledgeForm, OrgLevel

__all__ = ["FORMATS", "Form", "FormFormat", "escape_markdown", "escape_text", "render"]

#: Any of the four forms.
Form: TypeAlias = (
    TransferApplicationForm
    | SuspensionResumptionForm
    | AttendanceProofForm
    | DataSecurityPledgeForm
)

FormFormat = Literal["html", "md", "txt"]

#: The output formats and their aliases.
FORMATS: Mapping[str, FormFormat] = {
    "html": "html",
    "md": "md",
    "markdown": "md",
    "txt": "txt",
    "text": "txt",
}

#: Rows printed for 父母或监护人情况 when the record has fewer guardians (blanks for handwriting).
GUARDIAN_ROWS = 3

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def escape_markdown(value: object) -> str:
    """A value safe inside a Markdown table cell: ``|`` and markup characters backslash-escaped,
    ``& < >`` as entities, line breaks as ``<br>``, control characters replaced.
    """
    text = "" if value is None else str(value)
    text = _CONTROL.sub("\ufffd", text.replace("\t", " ").replace("\r\n", "\n"))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _NEWLINES.sub("<br>", text)


def escape_text(value: object) -> str:
    """A value safe for a terminal: control characters (but tab and newline) replaced by U+FFFD."""
    text = "" if value is None else str(value)
    return _CONTROL.sub("\ufffd", text.replace("\r\n", "\n"))


_LOADER = jinja2.PackageLoader("liangshan_xueji.forms", "templates")
_COMMON: dict[str, Any] = {
    "loader": _LOADER,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}
_ENVIRONMENTS: dict[FormFormat, jinja2.Environment] = {
    "html": jinja2.Environment(
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "html.j2"), default_for_string=True, default=True
        ),
        **_COMMON,
    ),
    "md": jinja2.Environment(autoescape=False, **_COMMON),
    "txt": jinja2.Environment(autoescape=False, **_COMMON),
}

#: How Markdown and text escape the data before it reaches a template (HTML autoescapes).
_ESCAPES: dict[FormFormat, Callable[[object], str]] = {
    "md": escape_markdown,
    "txt": escape_text,
}


def _escape_tree(value: Any, escape: Callable[[object], str]) -> Any:
    """Every string of a view escaped, at any depth (dicts and lists kept, other values as they are).

    Escaping the data once, where it enters, keeps the templates' own markup (tables, macros) intact.
    """
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, Mapping):
        return {k: _escape_tree(v, escape) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escape_tree(v, escape) for v in value]
    return value


# --------------------------------------------------------------------------------------------------
# Views: what each template prints, as strings


def _date(value: _dt.date | None) -> str:
    return format_date(value)


def _signature(sig: Signature, on: _dt.date | None) -> dict[str, Any]:
    return {"signer": sig.signer, "signed": sig.signed, "on": _date(on)}


def _opinion(op: Opinion) -> dict[str, Any]:
    return {"text": op.display, "sealed": op.sealed, "on": _date(op.signed_on)}


def _guardians(rows: tuple[GuardianRow, ...]) -> list[dict[str, str]]:
    out = [
        {"relation": g.relation, "name": g.name, "employer": g.employer, "phone": g.phone}
        for g in rows
    ]
    blank = {"relation": "", "name": "", "employer": "", "phone": ""}
    out += [dict(blank) for _ in range(GUARDIAN_ROWS - len(out))]
    return out


def _student(s: StudentInfo) -> dict[str, Any]:
    return {
        "name": s.name,
        "sex": s.sex.value if s.sex is not None else "",
        "photo": s.photo,
        "birth_date": _date(s.birth_date),
        "ethnicity": s.ethnicity,
        "student_number": s.student_number.reveal() if s.student_number is not None else "",
        "identity_number": s.identity_number.reveal() if s.identity_number is not None else "",
        "household_registration": s.household_registration,
        "address": s.address,
        "guardians": _guardians(s.guardians),
    }


def _view_f1(form: TransferApplicationForm) -> dict[str, Any]:
    return {
        "number": "1",
        "student": _student(form.student),
        "from_school_name": form.from_school_name,
        "from_school_phone": form.from_school_phone,
        "reason": form.reason,
        "guardian": _signature(form.guardian_signature, form.guardian_signed_on),
        "receiving": _opinion(form.receiving_opinion),
        "receiving_party": RECEIVING_SCHOOL,
        "others": [{"party": p.party, **_opinion(p.opinion)} for p in form.other_opinions],
    }


def _view_f2(form: SuspensionResumptionForm) -> dict[str, Any]:
    s, r = form.suspension, form.resumption
    period = ""
    if s.starts_on is not None or s.ends_on is not None:
        period = f"{_date(s.starts_on)}至{_date(s.ends_on)}"
    return {
        "number": "2",
        "student": _student(form.student),
        "sides": [side.value for side in F2Side if side in form.sides],
        "suspension": {
            "grade_class": grade_class(s.grade, s.class_name),
            "period": period,
            "reason": s.reason,
            "guardian": _signature(s.guardian_signature, s.guardian_signed_on),
            "school": _opinion(s.school_opinion),
            "authority": _opinion(s.authority_opinion),
        },
        "resumption": {
            "grade_class": grade_class(r.grade, r.class_name),
            "on": _date(r.on),
            "reason": r.reason,
            "guardian": _signature(r.guardian_signature, r.guardian_signed_on),
            "school": _opinion(r.school_opinion),
            "authority": _opinion(r.authority_opinion),
        },
    }


def _view_f3(form: AttendanceProofForm) -> dict[str, Any]:
    return {
        "number": "3",
        "student_name": form.student_name,
        "sex": form.sex.value if form.sex is not None else "",
        "birth_date": _date(form.birth_date),
        "identity_number": form.identity_number.reveal() if form.identity_number else "",
        "school_name": form.school_name,
        "grade": form.grade.label_zh if form.grade is not None else "",
        "class_name": form.class_name,
        "student_signature": _signature(form.student_signature, None),
        "parent_signature": _signature(form.parent_signature, None),
        "signed_on": _date(form.signed_on),
        "principal_signature": _signature(form.principal_signature, None),
        "school_sealed": form.school_sealed,
        "school_signed_on": _date(form.school_signed_on),
    }


_LEVEL_ZH = {
    OrgLevel.PREFECTURE: "州级",
    OrgLevel.COUNTY: "县（市）级",
    OrgLevel.SCHOOL: "学校",
}


def _view_f4(form: DataSecurityPledgeForm) -> dict[str, Any]:
    return {
        "number": "4",
        "org_name": form.org_name,
        "level": _LEVEL_ZH[form.level],
        "preamble": form.preamble,
        "pledges": list(form.pledges),
        "sealed": form.sealed,
        "responsible": _signature(form.responsible_signature, form.signed_on),
    }


_VIEWS: dict[type, tuple[str, Any]] = {
    TransferApplicationForm: ("f1", _view_f1),
    SuspensionResumptionForm: ("f2", _view_f2),
    AttendanceProofForm: ("f3", _view_f3),
    DataSecurityPledgeForm: ("f4", _view_f4),
}


def render(form: Form, format: str = "html") -> str:
    """The form as printable A4 HTML (``"html"``), Markdown (``"md"``) or plain text (``"txt"``).

    打印表格。Labels are the original's, in Chinese; blanks (signatures, seals, dates, what the family
    writes) are left for handwriting. The HTML names CJK fonts with fallbacks and sets ``@page { size:
    A4 }`` so that a browser prints each form on one A4 sheet. User data is escaped in every format.
    An unknown format or a value that is not a form raises :class:`~liangshan_xueji.errors.InvalidInput`.
    """
    found = _VIEWS.get(type(form))
    if found is None:
        raise InvalidInput(
            f"不是附表1–4 之一：{type(form).__name__}",
            f"not one of the forms 附表1–4: {type(form).__name__}",
            where="form",
        )
    kind = FORMATS.get(format.strip().lower()) if isinstance(format, str) else None
    if kind is None:
        raise InvalidInput(
            f"未知的输出格式 {format!r}（应为 html、md 或 txt）",
            f"unknown format {format!r} (html, md or txt)",
            where="format",
        )
    stem, view = found
    data: dict[str, Any] = {
        "form": view(form),
        "title": form.title,
        "notes": list(form.notes),
        "form_id": form.form_id,
    }
    escape = _ESCAPES.get(kind)
    if escape is not None:
        data = _escape_tree(data, escape)
    template = _ENVIRONMENTS[kind].get_template(f"{stem}.{kind}.j2")
    return template.render(**data)
