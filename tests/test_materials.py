"""Material keys: one enumeration per act, matching the rules' materials; an unknown key is
refused with the nearest valid key; plain strings that are valid keys keep working."""

from __future__ import annotations

import datetime as dt

import pytest

import liangshan_xueji as xj
from liangshan_xueji.events import (
    ExtendSuspension,
    ExtensionMaterial,
    Resume,
    ResumptionMaterial,
    Suspend,
    SuspensionMaterial,
    TransferMaterial,
)
from liangshan_xueji.examples import example_context, example_record
from liangshan_xueji.policy.retention import RETENTION_MATERIALS
from liangshan_xueji.policy.suspension import (
    EXTENSION_MATERIALS,
    RESUMPTION_MATERIALS,
    SUSPENSION_MATERIALS,
)
from liangshan_xueji.policy.transfer import TRANSFER_MATERIALS
from liangshan_xueji.records.materials import MATERIALS_OF, RetentionMaterial

NUMBER = example_record().student.student_number


def test_each_enumeration_is_the_keys_its_rule_requires() -> None:
    assert [m.value for m in TransferMaterial] == [m.key for m in TRANSFER_MATERIALS]
    assert [m.value for m in SuspensionMaterial] == [m.key for m in SUSPENSION_MATERIALS]
    assert [m.value for m in ExtensionMaterial] == [m.key for m in EXTENSION_MATERIALS]
    resumption = [m.key for m in RESUMPTION_MATERIALS]
    assert [m.value for m in ResumptionMaterial] == [*resumption, "doctor_advice"]
    assert [m.value for m in RetentionMaterial] == [m.key for m in RETENTION_MATERIALS]
    assert set(MATERIALS_OF) == {
        "TransferRequest",
        "Suspend",
        "Resume",
        "ExtendSuspension",
        "Retain",
    }


@pytest.mark.clause("2.2.1")
def test_a_misspelt_key_is_refused_with_the_nearest_valid_one() -> None:
    with pytest.raises(xj.InvalidInput) as info:
        Suspend(student=NUMBER, materials={"diagnosys", "payment_receipts"})
    text = str(info.value)
    assert (
        "'diagnosys'" in text
        and "是不是 'diagnosis'" in text
        and "did you mean 'diagnosis'" in text
    )
    assert text.index("未知的材料代码") < text.index("unknown material key")  # Chinese first
    assert info.value.where == "materials"


@pytest.mark.clause("2.1.1")
def test_a_key_of_another_act_is_refused() -> None:
    with pytest.raises(xj.InvalidInput, match="TransferMaterial"):
        xj.TransferRequest(
            student=NUMBER, to_school="5134010002", to_class="1班", materials={"diagnosis"}
        )
    with pytest.raises(xj.InvalidInput, match="ResumptionMaterial"):
        Resume(student=NUMBER, materials={SuspensionMaterial.DIAGNOSIS})


def test_members_and_plain_strings_give_the_same_event() -> None:
    plain = xj.TransferRequest(
        student=NUMBER, to_school="5134010002", to_class="1班", materials={"basic_info_sheet", "F1"}
    )
    typed = xj.TransferRequest(
        student=NUMBER,
        to_school="5134010002",
        to_class="1班",
        materials=[TransferMaterial.BASIC_INFO_SHEET, TransferMaterial.F1],
    )
    assert plain == typed
    assert all(type(k) is str for k in typed.materials)
    assert xj.from_json(xj.to_json(typed), xj.TransferRequest) == typed
    both = ExtendSuspension(student=NUMBER, materials=set(ExtensionMaterial), school_agrees=True)
    assert both.materials == {"extension_application", "diagnosis"}


@pytest.mark.clause("2.2.1")
def test_a_suspension_with_every_key_of_its_enumeration_is_missing_nothing() -> None:
    ctx = example_context(on=dt.date(2021, 3, 1))
    event = Suspend(
        student=NUMBER,
        materials=set(SuspensionMaterial),
        advised_rest_months=3,
        school_agrees=True,
        authority_approves=True,
    )
    decision = xj.evaluate(example_record(), event, ctx)
    assert decision.missing_materials == ()
