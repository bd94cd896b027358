"""The architecture as tests: the layers (import-linter's contract in pyproject.toml), no import cycle,
and explicit loading — ``evaluate`` works right after ``import liangshan_xueji`` and no behaviour depends on
the order in which modules are imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from liangshan_xueji.policy import MODULES, Regulation, default_regulation

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "liangshan_xueji"


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, exclude_type_checking_imports=True)


def _is_ancestor(module: str, other: str) -> bool:
    return module.startswith(other + ".")


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module, ignoring a module's import of its own
    ancestor package (a parent package is always imported before its children in any case)."""
    edges = {
        m: sorted(
            t
            for t in graph.find_modules_directly_imported_by(m)
            if t.startswith(PACKAGE) and not _is_ancestor(m, t)
        )
        for m in graph.modules
        if m.startswith(PACKAGE)
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check above can fail: a graph with one added back edge has a cycle."""
    graph = _graph()
    graph.add_import(importer=f"{PACKAGE}.records.models", imported=f"{PACKAGE}.policy.transfer")
    assert any(f"{PACKAGE}.records.models" in c for c in _cycles(graph))


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    assert contract["type"] == "layers"
    return list(contract["layers"])


def test_every_module_sits_in_a_layer() -> None:
    """No module of the package escapes the contract (the root ``__init__`` only re-exports)."""
    layered = [name.strip() for layer in _layers() for name in layer.split("|")]
    for module in _graph().modules:
        if module == PACKAGE or not module.startswith(PACKAGE):
            continue
        assert any(module == top or module.startswith(top + ".") for top in layered), module


def test_the_layers_contract_is_kept() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 kept, 0 broken" in result.stdout


# ---------------------------------------------------------------------------------------------------
# Explicit loading


_PROBE = """
import datetime as dt, json, sys
for name in sys.argv[1:]:
    __import__(name)
import liangshan_xueji as xj
from liangshan_xueji.examples import example_context, example_student
ctx = example_context(on=dt.date(2021, 3, 1))
s = example_student()
rec = xj.Record(student=s, school_code="5134010001",
    grade=xj.Grade(xj.Stage.PRIMARY, 6, xj.SchoolSystem.SIX_THREE), class_name="1班",
    enrolled_on=dt.date(2015, 9, 1))
req = xj.TransferRequest(student=s.student_number, to_school="5134010002", to_class="1班",
    materials={"basic_info_sheet", "F1"})
from liangshan_xueji.policy import default_regulation
reg = default_regulation()
print(json.dumps({
    "clauses": sorted(xj.evaluate(rec, req, ctx).clause_ids),
    "checks": [f.__qualname__ for f in reg.record_checks],
    "school": [f.__qualname__ for f in reg.school_checks],
    "rules": sorted(t.__name__ for t in reg.rules),
    "implementations": {k: [f.__module__ + "." + f.__qualname__ for f in v]
                        for k, v in xj.law.implementations().items()},
}))
"""


def _probe(*first: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", _PROBE, *first],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(json.loads(out))


def test_evaluate_works_right_after_import_and_no_behaviour_depends_on_import_order() -> None:
    plain = _probe()
    assert "2.1.6.3" in plain["clauses"]  # type: ignore[operator]
    for first in (
        ["liangshan_xueji.records.status"],
        ["liangshan_xueji.policy.transfer", "liangshan_xueji.audit"],
        ["liangshan_xueji.policy.breaches", "liangshan_xueji.forms.f2"],
        ["liangshan_xueji.io.roster", "liangshan_xueji.policy.overdue"],
        ["liangshan_xueji.law.clauses"],
    ):
        assert _probe(*first) == plain, first


def test_the_default_regulation_is_built_from_the_listed_modules() -> None:
    built = Regulation.from_modules(MODULES)
    default = default_regulation()
    assert built.rules == default.rules
    assert built.record_checks == default.record_checks
    assert built.school_checks == default.school_checks
    assert default.modules == tuple(m.__name__ for m in MODULES)


def test_a_regulation_without_a_module_has_neither_its_rules_nor_its_checks() -> None:
    from liangshan_xueji.policy import breaches, transfer
    from liangshan_xueji.records.status import TransferRequest

    rest = tuple(m for m in MODULES if m not in (transfer, breaches))
    smaller = Regulation.from_modules(rest)
    assert not smaller.has_rule(TransferRequest)
    assert default_regulation().has_rule(TransferRequest)
    assert len(smaller.record_checks) < len(default_regulation().record_checks)


def test_two_rules_for_one_event_is_refused() -> None:
    from liangshan_xueji.policy import transfer

    with pytest.raises(RuntimeError, match="two rules"):
        Regulation.from_modules((transfer, transfer))


def test_reading_events_does_not_depend_on_what_was_imported_first(tmp_path: Path) -> None:
    """A stored record with a history reads back in a fresh process right after ``import
    liangshan_xueji`` (its event kinds are declared in the policy), and the roster reader alone reads
    the bundled example's ``student.change`` events: ``records`` never imports the policy, the package
    root loads it the first time a kind is missing (``records.identity._load_every_kind``)."""
    write = (
        "import datetime as dt, liangshan_xueji as xj\n"
        "from liangshan_xueji.examples import example_context, example_record\n"
        "r, ctx = example_record(), example_context(on=dt.date(2021, 3, 1))\n"
        "r = xj.apply(r, xj.TransferRequest(student=r.student.student_number,"
        " to_school='5134010002', to_class='1班', materials={'basic_info_sheet', 'F1'}), ctx)\n"
        f"open({str(tmp_path / 'r.json')!r}, 'w', encoding='utf-8').write(xj.to_json(r))\n"
    )
    read = (
        "import liangshan_xueji as xj\n"
        f"r = xj.from_json(open({str(tmp_path / 'r.json')!r}, encoding='utf-8').read(), xj.Record)\n"
        "assert r.transfer is not None and len(r.history) == 1, r\n"
    )
    roster = (
        "from pathlib import Path\n"
        "import liangshan_xueji\n"
        "from liangshan_xueji.io.roster import RosterInput, RosterReader, RowParser\n"
        "rejected, n = [], 0\n"
        "path = Path(liangshan_xueji.__file__).parent / 'data' / 'example_roster'\n"
        "with RosterReader(RosterInput.from_path(path), on_reject=rejected.append) as reader:\n"
        "    parser = RowParser(reader.specs)\n"
        "    for block in reader.blocks():\n"
        "        records, bad = parser.parse_block(block)\n"
        "        rejected += bad\n"
        "        n += len(records)\n"
        "assert n > 200, n\n"
        "assert not rejected, [(r.line, r.en) for r in rejected]\n"
        "assert 'liangshan_xueji.policy' in __import__('sys').modules\n"
    )
    for code in (write, read, roster):
        done = subprocess.run(
            [sys.executable, "-W", "error::DeprecationWarning", "-c", code],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
