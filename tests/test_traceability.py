"""The traceability scanner: rules found through the @implements registry, tests by their markers.

The marker scanner reads syntax trees only; these tests give it small synthetic test suites in
``tmp_path`` and check what it finds against explicit expectations and against pytest's own collection
of the same files.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.law import _traceability as tr
from liangshan_xueji.law.clauses import CLAUSE_IDS, clause, clauses, implementations

HERE = Path(__file__).resolve()


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


#: A small suite that uses every way of attaching a clause marker, and some ways that must not count.
SUITE: dict[str, str] = {
    "tests/test_module_mark.py": """
        import pytest

        pytestmark = pytest.mark.clause("2.5")

        def test_death_reported():
            assert True

        @pytest.mark.clause("2.1.4")
        def test_also_transfer_deadline():
            assert True

        def helper_not_a_test():
            pass
    """,
    "tests/test_list_mark.py": """
        import pytest

        pytestmark = [pytest.mark.slow, pytest.mark.clause("3.1", "3.2")]

        def test_graduation():
            pass
    """,
    "tests/test_classes.py": """
        import pytest
        from pytest import mark

        IDS = ("2.2.1", "2.2.2")

        @pytest.mark.clause("2.1.6")
        class TestTransferBans:
            pytestmark = [pytest.mark.clause("2.1")]

            @mark.clause("2.1.6.3")
            def test_graduation_year(self):
                pass

            def test_any_ban(self):
                pass

            def not_collected(self):
                pass

            class TestNested:
                @pytest.mark.clause("2.1.6.4")
                def test_suspended(self):
                    pass

        class TestWithInit:
            def __init__(self):
                pass

            @pytest.mark.clause("8.2")
            def test_not_collected_by_pytest(self):
                pass

        class HelperNotATestClass:
            @pytest.mark.clause("8.1")
            def test_not_collected_either(self):
                pass

        @pytest.mark.clause(*IDS)
        async def test_suspension_and_resumption():
            pass

        @pytest.mark.parametrize("n", [1, 2])
        @pytest.mark.clause("2.3")
        def test_retention(n):
            pass

        @pytest.mark.slow
        def test_unmarked():
            pass
    """,
    "tests/sub/death_test.py": """
        import pytest

        @pytest.mark.clause("2.5")
        def test_irreversible():
            pass
    """,
    "tests/helpers.py": """
        import pytest

        @pytest.mark.clause("1.1")
        def test_in_a_non_test_file():
            pass
    """,
}

EXPECTED: dict[str, tuple[str, ...]] = {
    "2.1": (
        "tests/test_classes.py::TestTransferBans::test_graduation_year",
        "tests/test_classes.py::TestTransferBans::test_any_ban",
        "tests/test_classes.py::TestTransferBans::TestNested::test_suspended",
    ),
    "2.1.4": ("tests/test_module_mark.py::test_also_transfer_deadline",),
    "2.1.6": (
        "tests/test_classes.py::TestTransferBans::test_graduation_year",
        "tests/test_classes.py::TestTransferBans::test_any_ban",
        "tests/test_classes.py::TestTransferBans::TestNested::test_suspended",
    ),
    "2.1.6.3": ("tests/test_classes.py::TestTransferBans::test_graduation_year",),
    "2.1.6.4": ("tests/test_classes.py::TestTransferBans::TestNested::test_suspended",),
    "2.2.1": ("tests/test_classes.py::test_suspension_and_resumption",),
    "2.2.2": ("tests/test_classes.py::test_suspension_and_resumption",),
    "2.3": ("tests/test_classes.py::test_retention",),
    "2.5": (
        "tests/sub/death_test.py::test_irreversible",
        "tests/test_module_mark.py::test_death_reported",
        "tests/test_module_mark.py::test_also_transfer_deadline",
    ),
    "3.1": ("tests/test_list_mark.py::test_graduation",),
    "3.2": ("tests/test_list_mark.py::test_graduation",),
}


def test_scanner_finds_every_form_of_marker(tmp_path: Path) -> None:
    tests_dir = _write(tmp_path, SUITE) / "tests"
    found = tr.tests_by_clause(tests_dir)
    assert found == EXPECTED
    assert list(found) == [cid for cid in CLAUSE_IDS if cid in EXPECTED]  # catalog order


def test_scanner_gives_files_and_lines(tmp_path: Path) -> None:
    tests_dir = _write(tmp_path, SUITE) / "tests"
    refs = {r.node_id: r for r in tr.scan_tests(tests_dir)}
    ref = refs["tests/test_classes.py::TestTransferBans::test_graduation_year"]
    assert ref.file == "tests/test_classes.py"
    assert ref.name == "test_graduation_year"
    line = (tests_dir / "test_classes.py").read_text(encoding="utf-8").splitlines()[ref.line - 1]
    assert line.strip() == "def test_graduation_year(self):"
    assert sorted(ref.clauses) == ["2.1", "2.1.6", "2.1.6.3"]


_DUMP_PLUGIN = """
import json, os

def pytest_collection_modifyitems(items):
    out = {}
    for item in items:
        ids = [cid for mark in item.iter_markers("clause") for cid in mark.args]
        if ids:
            out[item.nodeid.split("[")[0]] = sorted(set(ids))
    with open(os.environ["XUEJI_DUMP"], "w", encoding="utf-8") as fh:
        json.dump(out, fh)
"""


def test_scanner_agrees_with_pytest_collection(tmp_path: Path) -> None:
    """pytest itself collects the same tests with the same clause IDs as the syntax-tree scanner."""
    suite = _write(tmp_path / "suite", SUITE)
    (suite / "pytest.ini").write_text(
        "[pytest]\nmarkers =\n    clause(*ids): clause IDs\n    slow: slow\n", encoding="utf-8"
    )
    (tmp_path / "xueji_dump_plugin.py").write_text(_DUMP_PLUGIN, encoding="utf-8")
    dump = tmp_path / "collected.json"
    env = {
        **os.environ,
        "XUEJI_DUMP": str(dump),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.run(
        [
            sys.executable,
            *("-m", "pytest", "--collect-only", "-q", "-p", "xueji_dump_plugin", "-p"),
            *("no:cacheprovider", "-c", str(suite / "pytest.ini"), "--rootdir", str(suite)),
            str(suite / "tests"),
        ],
        cwd=suite,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    collected: dict[str, list[str]] = json.loads(dump.read_text(encoding="utf-8"))
    scanned = {r.node_id: sorted(set(r.clauses)) for r in tr.scan_tests(suite / "tests")}
    assert scanned == collected


def test_scanner_reports_a_file_that_does_not_parse(tmp_path: Path) -> None:
    tests_dir = _write(tmp_path, {"tests/test_broken.py": "def test_x(:\n    pass\n"}) / "tests"
    with pytest.raises(InvalidInput) as info:
        tr.tests_by_clause(tests_dir)
    assert info.value.where == "tests/test_broken.py:1"


def test_scanner_on_a_missing_folder_finds_nothing(tmp_path: Path) -> None:
    assert tr.tests_by_clause(tmp_path / "no-such-tests") == {}


# ---------------------------------------------------------------------------------------------------
# Rules: the registry, located in the source


def _rule_for_test(record: object) -> None:
    """A stand-in rule registered only inside these tests (through a patched registry)."""


def _decorator(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


@_decorator
def _wrapped_rule_for_test(record: object) -> None:
    """A stand-in rule under a functools.wraps decorator: the reference points at the original."""


def _line_of(text: str) -> int:
    lines = HERE.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(text))


def _fake_registry(
    mapping: dict[str, tuple[Callable[..., Any], ...]],
) -> Callable[[], dict[str, tuple[Callable[..., Any], ...]]]:
    return lambda: {cid: mapping.get(cid, ()) for cid in CLAUSE_IDS}


def test_rule_references_point_at_the_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        tr,
        "implementations",
        _fake_registry(
            {
                "2.1.6.3": (_rule_for_test, _rule_for_test),
                "2.5": (_wrapped_rule_for_test,),
            }
        ),
    )
    found = tr.rules_by_clause()
    assert tuple(found) == CLAUSE_IDS
    (ref,) = found["2.1.6.3"]  # registered twice, listed once
    assert ref.qualname == "_rule_for_test"
    assert ref.module == _rule_for_test.__module__
    assert (tr.source_root() / ref.file).resolve() == HERE
    assert ref.line == _line_of("def _rule_for_test(")
    assert ref.dotted == f"{_rule_for_test.__module__}._rule_for_test"
    (wrapped,) = found["2.5"]
    assert wrapped.line == _line_of("@_decorator")  # the definition starts at its decorator
    assert found["8.5"] == ()


def test_real_registry_references_resolve() -> None:
    """Every registered rule's reference names the object and a line of its definition."""
    found = tr.rules_by_clause()
    assert tuple(found) == CLAUSE_IDS
    root = tr.source_root()
    for cid, registered in implementations().items():
        funcs = [f for f in registered if tr.is_library_rule(f)]
        refs = found[cid]
        assert len(refs) == len({id(f) for f in funcs})
        for ref in refs:
            assert ref.file.endswith(".py"), ref
            lines = (root / ref.file).read_text(encoding="utf-8").splitlines()
            first = lines[ref.line - 1].strip()
            assert first.startswith(("@", "def ", "async def ", "class ")), (ref, first)
            module = sys.modules[ref.module]
            obj: Any = module
            for part in ref.qualname.split("."):
                obj = getattr(obj, part)
            assert obj in funcs or any(getattr(f, "__wrapped__", None) is obj for f in funcs)


# ---------------------------------------------------------------------------------------------------
# The matrix and its gaps


def test_matrix_and_gaps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tests_dir = (
        _write(
            tmp_path,
            {
                "tests/test_x.py": """
                import pytest

                @pytest.mark.clause("2.1.6.3", "2.5")
                def test_a():
                    pass
            """
            },
        )
        / "tests"
    )
    monkeypatch.setattr(
        tr,
        "implementations",
        _fake_registry({"2.1.6.3": (_rule_for_test,), "1.1": (_rule_for_test,)}),
    )
    rows = {row.clause: row for row in tr.matrix(tests_dir)}
    assert tuple(rows) == CLAUSE_IDS
    assert rows["2.1.6.3"].complete
    assert rows["2.1.6.3"].tests == ("tests/test_x.py::test_a",)
    assert [r.qualname for r in rows["2.1.6.3"].rules] == ["_rule_for_test"]
    assert not rows["2.5"].complete  # a test but no rule
    assert not rows["1.1"].complete  # a rule but no test

    gaps = {(g.clause, g.kind) for g in tr.gaps(tests_dir)}
    assert ("2.1.6.3", "no-rule") not in gaps
    assert ("2.1.6.3", "no-test") not in gaps
    assert ("2.5", "no-rule") in gaps
    assert ("2.5", "no-test") not in gaps
    assert ("1.1", "no-test") in gaps
    assert ("1.1", "no-rule") not in gaps
    computable = [c.id for c in clauses() if c.computable]
    for cid in computable:
        if cid not in {"2.1.6.3", "2.5", "1.1"}:
            assert {(cid, "no-rule"), (cid, "no-test")} <= gaps
    for g in tr.gaps(tests_dir):
        assert g.zh and g.en and g.clause in str(g)


def test_people_bound_clause_needs_its_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [c for c in clauses() if not c.computable]
    assert people, "the catalog has people-bound clauses (7.1, …)"
    target = people[0]
    assert all(g.kind != "no-note" for g in tr.gaps(tmp_path))  # the catalog gives every note
    silent = attrs.evolve(clause(target.id), note_zh="", note_en="")
    monkeypatch.setattr(
        tr, "clauses", lambda: tuple(silent if c.id == target.id else c for c in clauses())
    )
    gaps = [g for g in tr.gaps(tmp_path) if g.kind == "no-note"]
    assert [g.clause for g in gaps] == [target.id]
