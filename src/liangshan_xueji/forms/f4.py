"""附表4 数据管理安全承诺书 — the data security pledge (clauses 7.1, F4).

层层签订: the prefecture bureau, every county (city) bureau and every school sign one (7.1), each for the
data of its own level. The pledge's text is quoted from the regulation; the signing organisation's name
fills the blank before 教育行政部门(学校)(公章).
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Iterable
from typing import ClassVar

import attrs

from .._validators import check_items
from ..decisions import Decision, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..policy import _parts as p
from ..records.models import LIANGSHAN_COUNTIES, Record, School
from ..records.status import Context
from ._common import Signature, check_date, check_nonempty, instance_of

__all__ = [
    "F4_PLEDGES",
    "F4_PREAMBLE",
    "DataSecurityPledgeForm",
    "OrgLevel",
    "pledge_coverage",
    "prefill_f4",
    "validate_f4",
]

#: The preamble sentence of 附表4, quoted.
F4_PREAMBLE = (
    "根据业务工作需要和学籍管理技术保障能力,现申请按照有关规定对全国中小学生学籍信息管理系统"
    "(以下简称全国学籍系统)本级数据进行管理,并承诺以下事项。"
)

#: The four pledges 一–四 of 附表4, quoted.
F4_PLEDGES: tuple[str, str, str, str] = (
    "一、按照《中小学生学籍管理办法》和《全国中小学生学籍信息管理系统数据导出使用管理办法》要求"
    "建立健全数据安全管理制度,明确岗位责任,确保数据安全。",
    "二、对经本级导出的数据安全负全部责任,对本级同意导出的数据安全承担连带责任。",
    "三、指导和督促本行政区域内的所有中小学校使用全国学籍系统管理日常学籍业务,及时处理问题学籍,"
    "不断提高数据质量。",
    "四、加强学籍管理队伍建设,不断提高保障水平,完善长效机制,确保全国学籍系统在我州(县市、校)顺利运行。",
)


class OrgLevel(enum.Enum):
    """The level that signs (层层签订, 7.1): the prefecture (州), a county or city (县市), a school (校)."""

    PREFECTURE = "州"
    COUNTY = "县市"
    SCHOOL = "校"

    @property
    def en(self) -> str:
        """``prefecture``, ``county`` or ``school``."""
        return self.name.lower()

    @classmethod
    def parse(cls, value: OrgLevel | str) -> OrgLevel:
        """The level from itself or a name: 州/州级/prefecture, 县/县市/县级/county, 校/学校/school."""
        if isinstance(value, OrgLevel):
            return value
        found = _LEVEL_NAMES.get(value.strip().lower()) if isinstance(value, str) else None
        if found is None:
            raise InvalidInput(
                f"未知的签订层级 {value!r}（应为 州、县 或 校）",
                f"unknown level {value!r} (州 prefecture, 县 county or 校 school)",
                where="level",
            )
        return found


_LEVEL_NAMES = {
    "州": OrgLevel.PREFECTURE,
    "州级": OrgLevel.PREFECTURE,
    "prefecture": OrgLevel.PREFECTURE,
    "县": OrgLevel.COUNTY,
    "县市": OrgLevel.COUNTY,
    "县级": OrgLevel.COUNTY,
    "county": OrgLevel.COUNTY,
    "校": OrgLevel.SCHOOL,
    "学校": OrgLevel.SCHOOL,
    "school": OrgLevel.SCHOOL,
}


def _level(value: OrgLevel | str) -> OrgLevel:
    return OrgLevel.parse(value)


@attrs.frozen(kw_only=True)
class DataSecurityPledgeForm:
    """附表4 凉山州全国中小学生学籍信息管理系统数据管理安全承诺书, every part of the original.

    The title, the preamble (:data:`F4_PREAMBLE`) and the four pledges (:data:`F4_PLEDGES`) are fixed
    text; ``org_name`` fills the blank of ``_____ 教育行政部门(学校)(公章)``, ``level`` is the signing
    level (州/县市/校); ``sealed`` (公章), ``responsible_signature`` (负责人(签字)) and ``signed_on``
    (年 月 日) are blank for the signing.
    """

    form_id: ClassVar[str] = "F4"
    title: ClassVar[str] = "凉山州全国中小学生学籍信息管理系统数据管理安全承诺书"
    preamble: ClassVar[str] = F4_PREAMBLE
    pledges: ClassVar[tuple[str, ...]] = F4_PLEDGES
    notes: ClassVar[tuple[str, ...]] = ()

    org_name: str = attrs.field(validator=check_nonempty)
    level: OrgLevel = attrs.field(converter=_level)
    sealed: bool = attrs.field(default=False, validator=instance_of(bool))
    responsible_signature: Signature = attrs.field(
        factory=Signature, validator=instance_of(Signature)
    )
    signed_on: _dt.date | None = attrs.field(default=None, validator=check_date)


@implements("F4", "7.1")
def prefill_f4(org: str, level: OrgLevel | str) -> DataSecurityPledgeForm:
    """附表4 for the organisation ``org`` at ``level`` (州, 县/县市 or 校). 为某单位生成承诺书。

    The seal, the responsible person's signature and the date stay blank for the signing (7.1).
    """
    if not isinstance(org, str):
        raise InvalidInput("单位名称应为文本", "the organisation's name must be text", where="org")
    return DataSecurityPledgeForm(org_name=org.strip(), level=level)


def _names(org: str, county: str) -> bool:
    """A pledge's organisation names ``county``: its full name or its first two characters."""
    return county in org or county[:2] in org


def _names_county(org: str) -> bool:
    return any(_names(org, c) for c in LIANGSHAN_COUNTIES)


@implements("F4", "7.1")
def validate_f4(
    form: DataSecurityPledgeForm,
    record: Record | None = None,
    context: Context | None = None,
    *,
    submitted: bool = False,
) -> Decision:
    """Whether ``form`` is a pledge of 凉山州's levels (7.1): the prefecture's names 凉山, a county's
    names one of the 17 counties and cities; ``submitted=True`` also needs the seal and the signature of
    the responsible person. A pledge concerns no student: ``record`` and ``context`` must be ``None``.
    """
    if not isinstance(form, DataSecurityPledgeForm):
        raise InvalidInput("form 应为附表4", "form must be a DataSecurityPledgeForm", where="form")
    if record is not None:
        raise InvalidInput(
            "附表4 不涉及学生学籍，不需要 record",
            "附表4 concerns no student record; pass no record",
            where="record",
        )
    reasons: list[Reason] = []
    if form.level is OrgLevel.PREFECTURE and "凉山" not in form.org_name:
        reasons.append(
            Reason(
                "7.1",
                "州级承诺书应由凉山州的教育行政部门签订",
                "the prefecture's pledge is signed by Liangshan's education authority",
            )
        )
    if form.level is OrgLevel.COUNTY and not _names_county(form.org_name):
        reasons.append(
            Reason(
                "7.1",
                "县市级承诺书应由凉山州某一县市的教育行政部门签订",
                "a county's pledge is signed by the authority of one of Liangshan's counties",
            )
        )
    if submitted:
        if not form.sealed:
            reasons.append(Reason("F4", "承诺书尚未加盖公章", "the pledge bears no official seal"))
        if not form.responsible_signature.signed:
            reasons.append(Reason("F4", "负责人尚未签字", "the responsible person has not signed"))
    if reasons:
        return Decision.refuse(*reasons)
    return Decision.allow(
        Reason(
            "7.1",
            "各级教育行政部门和学校层层签订数据管理安全承诺书，确保数据信息不人为泄露",
            "every level — the prefecture, each county, each school — signs the pledge",
        )
    )


# --------------------------------------------------------------------------------------------------
# 7.1 — 附表4 at every level


def _signed(form: DataSecurityPledgeForm, on: _dt.date | None) -> bool:
    return (
        form.sealed
        and form.responsible_signature.signed
        and form.signed_on is not None
        and (on is None or form.signed_on <= on)
    )


@implements("7.1", "F4")
def pledge_coverage(
    pledges: Iterable[DataSecurityPledgeForm],
    *,
    counties: Iterable[str],
    schools: Iterable[School],
    on: _dt.date | None = None,
) -> Decision:
    """层层签订《数据管理安全承诺书》(附表4, 7.1): the prefecture, every county of ``counties`` and every
    school of ``schools`` has a pledge that is sealed, signed by the responsible person and dated (by
    ``on``, when given). Refused with one reason per level missing.

    A county's pledge names the county (or its first two characters, as 附表4's validation reads it);
    a school's names the school or its code.
    """
    forms = check_items(pledges, "pledges")
    for i, f in enumerate(forms):
        p.check_type(f, DataSecurityPledgeForm, f"pledges[{i}]")
    if on is not None:
        p.check_date(on, "on")
    named = check_items(counties, "counties")
    for i, c in enumerate(named):
        p.check_text(c, f"counties[{i}]")  # before de-duplicating: a name must be text (hashable)
    county_list = list(dict.fromkeys(named))
    school_list = check_items(schools, "schools")
    for i, s in enumerate(school_list):
        p.check_type(s, School, f"schools[{i}]")
    valid = [f for f in forms if _signed(f, on)]
    reasons: list[Reason] = []
    if not any(f.level is OrgLevel.PREFECTURE and "凉山" in f.org_name for f in valid):
        reasons.append(
            Reason(
                "7.1",
                "州教育局尚未签订数据管理安全承诺书（附表4）",
                "the prefecture has no signed data-security pledge (附表4)",
            )
        )
    for c in county_list:
        if not any(f.level is OrgLevel.COUNTY and _names(f.org_name, c) for f in valid):
            reasons.append(
                Reason(
                    "7.1",
                    f"{c}尚未签订数据管理安全承诺书（附表4）",
                    f"{c} has no signed data-security pledge (附表4)",
                )
            )
    for s in school_list:
        if not any(
            f.level is OrgLevel.SCHOOL and (f.org_name == s.name or s.code in f.org_name)
            for f in valid
        ):
            reasons.append(
                Reason(
                    "7.1",
                    f"{s.name}尚未签订数据管理安全承诺书（附表4）",
                    f"{s.name} has no signed data-security pledge (附表4)",
                )
            )
    if reasons:
        return Decision.refuse(*reasons)
    return Decision.allow(
        Reason(
            "F4",
            "州、县市、学校层层签订了数据管理安全承诺书",
            "the prefecture, every county and every school signed the pledge",
        )
    )
