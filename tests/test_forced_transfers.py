"""synth's forced-transfer seeders are the rows of ``FORCED_TRANSFERS`` (2.1.5, 2.1.6.x, 6.1, 6.3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from liangshan_xueji.synth import FORCED_TRANSFERS, SEEDERS, read_truth, synthesize


def test_each_row_is_a_registered_seeder() -> None:
    assert len({row.clause for row in FORCED_TRANSFERS}) == len(FORCED_TRANSFERS) == 7
    for row in FORCED_TRANSFERS:
        names = [fn.__name__ for fn in SEEDERS[row.clause]]
        assert row.name in names, row.clause


@pytest.mark.clause("2.1.5", "2.1.6.2", "2.1.6.3", "2.1.6.4", "2.1.6.5", "6.1", "6.3")
def test_every_row_seeds_its_breach(tmp_path: Path) -> None:
    """Every row's breach is in the ground truth of a small roster (each seeder runs at least once)."""
    synthesize(tmp_path, students=250, seed=2, as_of=dt.date(2024, 6, 14))
    truth = {t.clause for t in read_truth(tmp_path / "truth.csv")}
    assert {row.clause for row in FORCED_TRANSFERS} <= truth
