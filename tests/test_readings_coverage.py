"""Every reading runs: each computable clause with a catalog note has a reading test (issue 15, item 12).

A reading test is a test in ``tests/readings/`` marked ``@pytest.mark.reading("X.Y")``: its docstring
quotes the note (``note_zh``/``note_en`` of :mod:`liangshan_xueji.law._catalog`) and its body proves it
with the smallest call. The docs print it under the note. Found with the traceability scanner
(:func:`liangshan_xueji.law._traceability.reading_refs_by_clause`), the one that finds clause markers.
"""

from __future__ import annotations

from pathlib import Path

from liangshan_xueji.law._traceability import reading_refs_by_clause
from liangshan_xueji.law.clauses import CLAUSE_IDS, clauses

TESTS = Path(__file__).resolve().parent

#: Clauses whose reading another item of issue 15 is changing right now: their note and their code
#: are being rewritten together, so a reading test written today would pin the reading being replaced.
#: It may only shrink (``test_pending_only_lists_clauses_without_a_reading``).
PENDING: dict[str, str] = {}


def _needing_a_reading() -> list[str]:
    return [c.id for c in clauses() if c.computable and (c.note_zh.strip() or c.note_en.strip())]


def test_every_computable_note_has_a_reading() -> None:
    readings = reading_refs_by_clause(TESTS)
    missing = [cid for cid in _needing_a_reading() if cid not in readings and cid not in PENDING]
    assert not missing, f"notes with no reading test (tests/readings/): {missing}"


def test_pending_only_lists_clauses_without_a_reading() -> None:
    """PENDING can only shrink: a clause leaves it as soon as its reading test exists."""
    readings = reading_refs_by_clause(TESTS)
    assert set(PENDING) <= set(CLAUSE_IDS)
    assert set(PENDING) <= set(_needing_a_reading()), "PENDING names a clause with no note"
    done = sorted(set(PENDING) & set(readings), key=CLAUSE_IDS.index)
    assert not done, f"these have a reading test now: remove them from PENDING: {done}"
    assert all(reason.strip() for reason in PENDING.values())


def test_reading_tests_live_in_tests_readings_and_quote_their_note() -> None:
    """A reading test is in tests/readings/ and its docstring quotes words of the note it runs."""
    import ast

    notes = {c.id: (c.note_zh, c.note_en) for c in clauses()}
    for cid, refs in reading_refs_by_clause(TESTS).items():
        assert cid in notes, f"{cid}: not a clause of the catalog"
        for ref in refs:
            assert ref.file.startswith("tests/readings/"), ref.node_id
            source = (TESTS.parent / ref.file).read_text(encoding="utf-8")
            node = next(
                n
                for n in ast.walk(ast.parse(source))
                if isinstance(n, ast.FunctionDef) and n.lineno == ref.line
            )
            doc = ast.get_docstring(node) or ""
            zh, en = notes[cid]
            assert any(
                piece.strip() and piece.strip() in doc for piece in (*_pieces(zh), *_pieces(en))
            ), f"{ref.node_id}: its docstring quotes no words of {cid}'s note"


def _pieces(note: str) -> list[str]:
    """The note's clauses (split at ；, ;, : and .), each a quotable piece."""
    import re

    return [p for p in re.split(r"[；;。:：]|\. ", note) if len(p.strip()) >= 6]


def test_the_scanner_tells_reading_markers_from_clause_markers(tmp_path: Path) -> None:
    """One scanner (law._traceability) finds both markers; each test spans its ``def`` to its end."""
    from liangshan_xueji.law._traceability import scan_tests, test_refs_by_clause

    tests = tmp_path / "tests"
    (tests / "readings").mkdir(parents=True)
    (tests / "readings" / "test_part9.py").write_text(
        "import pytest\n"
        "\n"
        '@pytest.mark.reading("2.1.4")\n'
        "def test_reading():\n"
        '    """note"""\n'
        "    assert True\n"
        "\n"
        '@pytest.mark.clause("2.1.4")\n'
        "def test_clause():\n"
        "    pass\n",
        encoding="utf-8",
    )
    (ref,) = reading_refs_by_clause(tests)["2.1.4"]
    assert ref.node_id == "tests/readings/test_part9.py::test_reading"
    assert (ref.line, ref.end_line) == (4, 6)
    (proof,) = test_refs_by_clause(tests)["2.1.4"]
    assert proof.name == "test_clause"
    assert [r.name for r in scan_tests(tests, "reading")] == ["test_reading"]
