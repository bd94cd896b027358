"""Every event (学籍异动 and the other acts of the regulation), in one namespace. 事件。

An event is what :func:`liangshan_xueji.evaluate` judges and :func:`liangshan_xueji.apply` applies. The
transfer's three (:class:`TransferRequest`, :class:`TransferAct`, :class:`TransferParty`) are at the top
level too; the rest live here, with the enums their fields take. Defined in
:mod:`liangshan_xueji.records.status` and the rule modules of :mod:`liangshan_xueji.policy`; this module
only re-exports them.

- 转学 transfer (2.1): :class:`TransferRequest`, :class:`TransferAct` (:class:`TransferParty`)
- 休学、复学 suspension (2.2): :class:`Suspend`, :class:`ExtendSuspension`, :class:`Resume`
- 留级、降级 (2.3): :class:`Retain`, :class:`Demote`
- 控辍保学 dropout (2.4): :class:`MarkSuspectedDropout`, :class:`MarkDropout`, :class:`OtherDeparture`
  (:class:`DepartureReason`), :class:`ReturnToSchool`; 1.5's 暂做辍学: :class:`ProvisionalDropout`
- 死亡 (2.5): :class:`Death`
- 毕业、升级 (3.1): :class:`Graduate`, :class:`Promote`, :class:`RollbackGraduation`
- 招生 admission (3.2): :class:`Admit` (:class:`AdmissionMethod`)
- 重复招生 duplicates (3.3): :class:`RemoveDuplicate`
- 学籍建立 registration (1.1–1.5): :class:`Register` (:class:`IdentitySource`, :class:`LookupResult`),
  :class:`ConfirmNewStudentData`, :class:`ImportPhoto`, :class:`AttendanceCheck`, :class:`Delete`
- 关键数据 key data (4): :class:`ChangeStudentData` (:class:`FieldChange`, :class:`StudentField`)
- 学籍档案 archives (5): :class:`CreateArchive`, :class:`FileArchiveItems`, :class:`MoveArchive`,
  :class:`HandOverArchive` (:class:`HandoverReason`), :class:`DestroyArchive` (:class:`ArchiveItem`),
  :class:`MigrantArchiveHandover` (2.4.1), :class:`ReclaimArchive` (back from a county authority)
- 一类模式 (6.2): :class:`PrefectureFiling`
- 复核与保密 (8.1, 8.2): :class:`Reviewed`, :class:`DataExported`
- the base class: :class:`StatusEvent`
- the material keys an event's ``materials`` takes, one enumeration per act (an unknown key is
  refused with the nearest valid one): :class:`TransferMaterial` (2.1.1), :class:`SuspensionMaterial`
  (2.2.1), :class:`ResumptionMaterial` (2.2.2, 2.2.3), :class:`ExtensionMaterial` (2.2.4),
  :class:`RetentionMaterial` (2.3)
"""

from __future__ import annotations

from .policy.admission import AdmissionMethod, Admit
from .policy.archives import (
    ArchiveItem,
    CreateArchive,
    DestroyArchive,
    FileArchiveItems,
    HandOverArchive,
    HandoverReason,
    MigrantArchiveHandover,
    MoveArchive,
    ReclaimArchive,
)
from .policy.duplicates import RemoveDuplicate
from .policy.keydata import ChangeStudentData, FieldChange, StudentField
from .policy.model_one import PrefectureFiling
from .policy.registration import (
    AttendanceCheck,
    ConfirmNewStudentData,
    Delete,
    IdentitySource,
    ImportPhoto,
    LookupResult,
    Register,
)
from .policy.review import DataExported, Reviewed
from .records.materials import (
    ExtensionMaterial,
    ResumptionMaterial,
    RetentionMaterial,
    SuspensionMaterial,
    TransferMaterial,
)
from .records.status import (
    Death,
    Demote,
    DepartureReason,
    ExtendSuspension,
    Graduate,
    MarkDropout,
    MarkSuspectedDropout,
    OtherDeparture,
    Promote,
    ProvisionalDropout,
    Resume,
    Retain,
    ReturnToSchool,
    RollbackGraduation,
    StatusEvent,
    Suspend,
    TransferAct,
    TransferParty,
    TransferRequest,
)

__all__ = [
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
    "ExtensionMaterial",
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
    "MigrantArchiveHandover",
    "MoveArchive",
    "OtherDeparture",
    "PrefectureFiling",
    "Promote",
    "ProvisionalDropout",
    "ReclaimArchive",
    "Register",
    "RemoveDuplicate",
    "Resume",
    "ResumptionMaterial",
    "Retain",
    "RetentionMaterial",
    "ReturnToSchool",
    "Reviewed",
    "RollbackGraduation",
    "StatusEvent",
    "StudentField",
    "Suspend",
    "SuspensionMaterial",
    "TransferAct",
    "TransferMaterial",
    "TransferParty",
    "TransferRequest",
]
