"""Shared test set-up: hypothesis profiles and the ``clause`` marker.

Profiles: ``ci`` (derandomized, fixed example count; `.ci/run` selects it with HYPOTHESIS_PROFILE=ci),
``dev`` (the default for local runs) and ``thorough`` (deep exploration: HYPOTHESIS_PROFILE=thorough).
Every ``@pytest.mark.clause("2.1.6.3")`` must name a clause of the catalog; the docs collect tests by it.
Likewise every ``@pytest.mark.reading("2.1.6.3")``: a reading test runs the catalog note of that clause
(tests/readings/, shown under the note on the clause's docs page).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from liangshan_xueji.law.clauses import check_clause_id

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for name in ("clause", "reading"):
            for mark in item.iter_markers(name):
                if not mark.args:
                    raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{name} needs clause IDs")
                for cid in mark.args:
                    check_clause_id(cid, where=item.nodeid)
