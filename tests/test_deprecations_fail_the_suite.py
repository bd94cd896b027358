"""The suite uses the library as documented: its own deprecations are errors here.

pyproject.toml's ``filterwarnings`` turns the library's DeprecationWarnings (a name moved off the top
level, "已移至"; an old signature, "已弃用") into errors, so a test that leans on an old name fails the
day it is written, not the day the name goes. These tests fail if that filter is dropped or stops
matching one of the messages. A test *of* a deprecation uses ``pytest.warns``, which records the
warning whatever the filters say (see tests/test_public_surface.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

import liangshan_xueji as lx
from liangshan_xueji.events import Retain
from liangshan_xueji.examples import example_context, example_record
from liangshan_xueji.models import RetentionCount, from_dict, to_dict
from liangshan_xueji.policy.retention import retention_headroom
from liangshan_xueji.procedures import evaluate_in_scope

RECORD = example_record()
CONTEXT = example_context()
ROW = RetentionCount(school_code="S1", grade_year=10, school_year=2020, students=300, retained=0)


def _moved_name() -> object:
    return lx.add_months


def _moved_name_imported() -> object:
    from liangshan_xueji import Suspend

    return Suspend


@pytest.mark.parametrize(
    "old",
    [
        _moved_name,
        _moved_name_imported,
        lambda: lx.from_json(lx.Record, lx.to_json(RECORD)),
        lambda: from_dict(lx.Record, to_dict(RECORD)),
        lambda: lx.Context(on=dt.date(2021, 3, 1), retention_history=[ROW]),
        lambda: retention_headroom("S1", 10, CONTEXT),
        lambda: evaluate_in_scope(RECORD, Retain(student=RECORD.student.student_number), CONTEXT),
    ],
    ids=[
        "top-level attribute",
        "top-level import",
        "from_json(cls, text)",
        "from_dict(cls, data)",
        "Context(retention_history=)",
        "retention_headroom",
        "evaluate_in_scope",
    ],
)
def test_a_deprecated_use_fails_the_suite(old: Callable[[], object]) -> None:
    with pytest.raises(DeprecationWarning, match=r"已移至|已弃用"):
        old()
