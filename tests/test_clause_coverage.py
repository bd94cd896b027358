"""Clause coverage: every clause of the regulation is code with a test, or people-bound with a note.

Each of the 73 clause IDs must be either

- cited by a rule (``@implements``, read from :func:`liangshan_xueji.law.clauses.implementations` after every
  module of the package is imported) **and** proved by at least one test marked
  ``@pytest.mark.clause(ID)`` (found by :func:`liangshan_xueji.law._traceability.tests_by_clause`), or
- marked people-bound in the catalog (``computable=False``) with notes, in Chinese and English, saying
  what the library does for it.

A failure lists every clause that is neither, with what it lacks.
"""

from __future__ import annotations

from pathlib import Path

import liangshan_xueji.policy  # noqa: F401  (registers the rules)
from liangshan_xueji.law import _traceability as tr
from liangshan_xueji.law.clauses import CLAUSE_IDS, clause, implementations

TESTS = Path(__file__).resolve().parent

#: The clauses of parts 1, 3.2–8 (registration … scope), which this suite's policy tests prove.
PARTS = (
    "1.1", "1.2", "1.3", "1.4", "1.5", "3.2", "3.3", "4",
    "5", "5.1", "5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.5", "5.1.6", "5.1.7",
    "5.2", "5.3", "5.3.1", "5.3.2", "5.3.3", "6.1", "6.2", "6.3", "7.1", "7.2", "7.3",
    "8.1", "8.2", "8.3", "8.3.1", "8.3.2", "8.3.3", "8.3.4", "8.3.5", "8.3.6", "8.3.7", "8.3.8",
    "8.3.9", "8.3.10", "8.4", "8.5",
)  # fmt: skip


def _library_rule(func: object) -> bool:
    """A rule of the package itself, not one a test registered inside a test function."""
    module = str(getattr(func, "__module__", "") or "")
    return module.split(".")[0] == "liangshan_xueji" and "<locals>" not in getattr(
        func, "__qualname__", "<locals>"
    )


def _gaps(ids: tuple[str, ...], tests_dir: Path = TESTS) -> list[str]:
    tr.import_all()
    rules = {cid: [f for f in fs if _library_rule(f)] for cid, fs in implementations().items()}
    tests = tr.tests_by_clause(tests_dir)
    out: list[str] = []
    for cid in ids:
        c = clause(cid)
        if not c.computable:
            if not (c.note_zh.strip() and c.note_en.strip()):
                out.append(f"{cid}: people-bound (computable=False) but its notes are empty")
            continue
        lacks = [
            what
            for what, ok in (
                ("no rule cites it", rules[cid]),
                ("no test is marked with it", tests.get(cid)),
            )
            if not ok
        ]
        if lacks:
            out.append(f"{cid}: " + "; ".join(lacks))
    return out


def test_the_catalog_has_the_73_clauses() -> None:
    assert len(CLAUSE_IDS) == len(set(CLAUSE_IDS)) == 73


def test_every_clause_is_implemented_and_tested_or_people_bound() -> None:
    """The whole regulation: no clause is silently left out."""
    gaps = _gaps(CLAUSE_IDS)
    assert not gaps, "clauses neither cited by a rule with a test nor people-bound:\n" + "\n".join(
        gaps
    )


def test_the_clauses_of_parts_1_and_3_2_to_8_are_covered() -> None:
    """Registration, admission, duplicates, key data, archives, 一类模式, registrars, review, breaches and
    scope: each clause cited by a rule and marked on a test (or people-bound with its note)."""
    assert set(PARTS) <= set(CLAUSE_IDS)
    gaps = _gaps(PARTS)
    assert not gaps, "\n".join(gaps)


def test_a_gap_is_reported(tmp_path: Path) -> None:
    """The check can fail: with no marked test, a computable clause is listed; a people-bound clause
    with its notes is not."""
    (tmp_path / "test_nothing.py").write_text("def test_x() -> None:\n    pass\n", encoding="utf-8")
    assert _gaps(("2.1.4", "P", "8.3.10"), tests_dir=tmp_path) == [
        "2.1.4: no test is marked with it",
        "8.3.10: no test is marked with it",
    ]
    assert not clause("P").computable
