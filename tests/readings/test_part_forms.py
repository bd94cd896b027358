"""Readings of the forms (附表1–4) that run: each test quotes a catalog note and proves it.

See tests/readings/test_part1.py for what a reading test is.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from liangshan_xueji import clause
from liangshan_xueji.examples import (
    EXAMPLE_SUSPENSION_DATE,
    example_context,
    example_record,
    example_schools,
    example_suspended_record,
)
from liangshan_xueji.forms import pledge_coverage, prefill_f1, prefill_f2, prefill_f3, prefill_f4
from liangshan_xueji.forms._common import Signature
from liangshan_xueji.forms.f2 import F2_NOTES
from liangshan_xueji.forms.f3 import validate_f3
from liangshan_xueji.models import add_months


@pytest.mark.reading("F1")
def test_f1_for_the_national_system_only_the_receiving_school_signs() -> None:
    """用于全国学籍系统时只需拟转入学校签署意见和盖章（说明 2）"""
    form = prefill_f1(example_record(), example_context())
    assert form.required_parties == ("拟转入学校",)


@pytest.mark.reading("F2")
def test_f2_the_time_limits_of_note_3_are_this_regulations() -> None:
    """说明 3 的《管理细则》读作本规定（2.2 的期限）"""
    assert "《管理细则》" in F2_NOTES[2] and F2_NOTES[2] in clause("F2").text
    form = prefill_f2(example_suspended_record(), example_context(), sides="休学")
    assert form.suspension.starts_on == EXAMPLE_SUSPENSION_DATE
    assert form.suspension.ends_on == add_months(EXAMPLE_SUSPENSION_DATE, 12)  # 2.2.3's one year


@pytest.mark.reading("F3")
def test_f3_is_issued_by_the_school_actually_attended() -> None:
    """重复学籍中由实际就读学校上传（3.3）"""
    attended = example_record()  # at 5134010001
    ctx = example_context()
    assert validate_f3(prefill_f3(attended, ctx), attended, ctx).allowed
    other = prefill_f3(attended, ctx, school_code="5134010002")
    assert "3.3" in validate_f3(other, attended, ctx).clause_ids


@pytest.mark.reading("F4")
def test_f4_is_signed_once_at_every_level() -> None:
    """州、县市、学校每一级各签一份（7.1）"""
    school = example_schools()[0]

    def signed(org: str, level: str) -> object:
        return attrs.evolve(
            prefill_f4(org, level),
            sealed=True,
            responsible_signature=Signature(signer="负责人", signed=True),
            signed_on=dt.date(2021, 3, 1),
        )

    prefecture = signed("凉山州教育局", "州")
    county = signed("西昌市教育局", "县")
    own = signed(school.name, "校")
    everyone = pledge_coverage(
        [prefecture, county, own], counties=[school.county], schools=[school]
    )
    assert everyone.allowed
    no_county = pledge_coverage([prefecture, own], counties=[school.county], schools=[school])
    assert not no_county.allowed and len(no_county.reasons) == 1
