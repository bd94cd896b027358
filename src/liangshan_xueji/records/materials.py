"""The keys of the materials each act takes (材料代码), one enumeration per act, checked on entry.

材料代码。An event's ``materials`` is the set of evidence supplied, by key. Each act has its own
enumeration, in the order of its clause, and an event accepts the keys of its act only: a key that is not
one of them raises :class:`~liangshan_xueji.errors.InvalidInput` naming the nearest valid key (a typo such
as ``"diagnosys"`` is never silently taken for a missing ``"diagnosis"``). Members and their plain string
values are both accepted (``TransferMaterial.F1`` or ``"F1"``); the event stores the plain values.

- :class:`TransferMaterial` — 转学 (2.1.1): the basic information sheet and 附表1
- :class:`SuspensionMaterial` — 休学 (2.2.1): 附表2 and the medical evidence
- :class:`ResumptionMaterial` — 复学 (2.2.2, 2.2.3): 附表2, the evidence, the doctor's advice (early)
- :class:`ExtensionMaterial` — 继续休学 (2.2.4): the application and a new diagnosis
- :class:`RetentionMaterial` — 留级 (2.3): the student's own application

What each key means, in Chinese and English, is the :class:`~liangshan_xueji.decisions.Material` of the rule
that requires it (``liangshan_xueji.policy.transfer.TRANSFER_MATERIALS`` …), listed on the clause's page.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable

from ..errors import InvalidInput

__all__ = [
    "MATERIALS_OF",
    "ExtensionMaterial",
    "ResumptionMaterial",
    "RetentionMaterial",
    "SuspensionMaterial",
    "TransferMaterial",
    "extension_materials",
    "resumption_materials",
    "retention_materials",
    "suspension_materials",
    "transfer_materials",
]


class TransferMaterial(str, enum.Enum):
    """转学的材料 (2.1.1): nothing more may be asked of the family."""

    BASIC_INFO_SHEET = "basic_info_sheet"  # 转出学校打印的学生基本信息表
    F1 = "F1"  # 附表1 转学申请登记表，拟转入学校签署意见并盖章


class SuspensionMaterial(str, enum.Enum):
    """休学的材料 (2.2.1), in the clause's order."""

    F2_SUSPENSION = "F2_suspension"  # 《休学申请表》（附表2）及书面申请
    DIAGNOSIS = "diagnosis"  # 县级以上医疗机构诊断证明
    PAYMENT_RECEIPTS = "payment_receipts"  # 缴费单据
    ADMISSION_DISCHARGE = "admission_discharge"  # 入（出）院证
    COST_SETTLEMENT = "cost_settlement"  # 费用结算清单
    REST_ADVICE = "rest_advice"  # 建议出院休息治疗 3 个月以上的医院证明


class ResumptionMaterial(str, enum.Enum):
    """复学的材料 (2.2.2); the doctor's advice for an early resumption (2.2.3)."""

    F2_RESUMPTION = "F2_resumption"  # 《复学申请表》（附表2）及书面申请
    RESUMPTION_EVIDENCE = "resumption_evidence"  # 复学证明材料
    DOCTOR_ADVICE = "doctor_advice"  # 提前复学的医生建议


class ExtensionMaterial(str, enum.Enum):
    """继续休学的材料 (2.2.4)."""

    EXTENSION_APPLICATION = "extension_application"  # 继续休学申请
    DIAGNOSIS = "diagnosis"  # 县级以上医疗机构诊断证明


class RetentionMaterial(str, enum.Enum):
    """留级的材料 (2.3): “高中阶段学生可以申请留级” — the student asks; the school does not decide alone."""

    APPLICATION = "retention_application"  # 学生本人（及监护人）的书面留级申请


def _check_keys(value: object, kind: type[enum.Enum], where: str) -> frozenset[str]:
    if isinstance(value, (str, bytes)):
        raise InvalidInput(
            "materials 应为材料代码的集合，而不是一个字符串",
            "materials must be a collection of material keys, not one string",
            where=where,
        )
    try:
        items = list(value)  # type: ignore[call-overload]
    except TypeError:
        raise InvalidInput(
            f"materials 应为材料代码（字符串）的集合，得到 {type(value).__name__}",
            f"materials must be a collection of material keys (strings), got {type(value).__name__}",
            where=where,
        ) from None
    valid = [m.value for m in kind]
    keys: set[str] = set()
    for item in items:
        key = item.value if isinstance(item, enum.Enum) else item
        if not isinstance(key, str):
            raise InvalidInput(
                "materials 中的每一项应为材料代码（字符串）",
                "every item of materials must be a material key (a string)",
                where=where,
            )
        if key not in valid:
            near = difflib.get_close_matches(key, valid, n=1)
            hint_zh = f"；是不是 {near[0]!r}？" if near else ""
            hint_en = f"; did you mean {near[0]!r}?" if near else ""
            raise InvalidInput(
                f"未知的材料代码 {key!r}{hint_zh}（{kind.__name__}：{'、'.join(valid)}）",
                f"unknown material key {key!r}{hint_en} ({kind.__name__}: {', '.join(valid)})",
                where=where,
            )
        keys.add(key)
    return frozenset(keys)


def transfer_materials(value: Iterable[str]) -> frozenset[str]:
    """The converter of :attr:`TransferRequest.materials`: :class:`TransferMaterial` keys."""
    return _check_keys(value, TransferMaterial, "materials")


def suspension_materials(value: Iterable[str]) -> frozenset[str]:
    """The converter of :attr:`Suspend.materials`: :class:`SuspensionMaterial` keys."""
    return _check_keys(value, SuspensionMaterial, "materials")


def resumption_materials(value: Iterable[str]) -> frozenset[str]:
    """The converter of :attr:`Resume.materials`: :class:`ResumptionMaterial` keys."""
    return _check_keys(value, ResumptionMaterial, "materials")


def extension_materials(value: Iterable[str]) -> frozenset[str]:
    """The converter of :attr:`ExtendSuspension.materials`: :class:`ExtensionMaterial` keys."""
    return _check_keys(value, ExtensionMaterial, "materials")


def retention_materials(value: Iterable[str]) -> frozenset[str]:
    """The converter of :attr:`Retain.materials`: :class:`RetentionMaterial` keys."""
    return _check_keys(value, RetentionMaterial, "materials")


#: Each act's enumeration by the event class name that takes it.
MATERIALS_OF: dict[str, type[enum.Enum]] = {
    "TransferRequest": TransferMaterial,
    "Suspend": SuspensionMaterial,
    "Resume": ResumptionMaterial,
    "ExtendSuspension": ExtensionMaterial,
    "Retain": RetentionMaterial,
}
