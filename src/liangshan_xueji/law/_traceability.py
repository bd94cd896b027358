"""Traceability: which rules implement each clause and which tests prove it. 条款—规则—测试对照。

Private module, used by the rule reference site (``docs/_hooks/generate.py``) and its tests. It reads
three things and writes nothing:

* the catalog (:func:`liangshan_xueji.law.clauses.clauses`): every clause, computable or people-bound;
* the ``@implements("2.1.6.3")`` registry (:func:`liangshan_xueji.law.clauses.implementations`), located
  in the source with :mod:`inspect` (:func:`rules_by_clause`);
* the tests, by their ``@pytest.mark.clause("2.1.6.3")`` markers, found by reading the test files'
  syntax trees — pytest is not imported (:func:`tests_by_clause`); the same scanner finds the
  *reading tests*, marked ``@pytest.mark.reading("2.1.6.3")``, that run a clause's note as an example
  (:func:`reading_refs_by_clause`).

:func:`matrix` puts them side by side and :func:`gaps` lists what is missing: a computable clause with
no implementing rule or no test, a people-bound clause with no note saying what the library does for it.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from ..errors import InvalidInput
from .clauses import CLAUSE_IDS, clauses, implementations, library_modules

__all__ = [
    "Gap",
    "Row",
    "RuleRef",
    "TestRef",
    "gaps",
    "import_all",
    "matrix",
    "reading_refs_by_clause",
    "rules_by_clause",
    "scan_tests",
    "source_root",
    "test_refs_by_clause",
    "tests_by_clause",
]


@dataclasses.dataclass(frozen=True)
class RuleRef:
    """Where a rule registered with ``@implements`` lives. 实现某条款的规则所在位置。

    ``file`` is a POSIX path relative to :func:`source_root` (``src/liangshan_xueji/x.py`` in a
    checkout, ``liangshan_xueji/x.py`` in site-packages); ``line`` is the first line of the definition,
    its first decorator included (so the ``@implements`` line is shown).
    """

    qualname: str
    module: str
    file: str
    line: int

    @property
    def dotted(self) -> str:
        """``module.qualname``, the name the API reference gives the rule."""
        return f"{self.module}.{self.qualname}"

    def __str__(self) -> str:
        return f"{self.dotted} ({self.file}:{self.line})"


@dataclasses.dataclass(frozen=True)
class TestRef:
    """One test carrying ``@pytest.mark.clause(...)`` (or ``reading(...)``): its pytest node ID, file,
    line (of the ``def``), last line and clauses."""

    __test__ = False  # not a pytest test class, despite its name

    node_id: str
    file: str
    line: int
    clauses: tuple[str, ...]
    end_line: int = 0

    @property
    def name(self) -> str:
        """The test function's own name (the last part of the node ID)."""
        return self.node_id.rsplit("::", 1)[-1]


@dataclasses.dataclass(frozen=True)
class Row:
    """One row of the traceability matrix: a clause, its kind, its rules and its tests."""

    clause: str
    computable: bool
    rules: tuple[RuleRef, ...]
    tests: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """A computable clause with at least one rule and one test (people-bound: always True)."""
        return not self.computable or bool(self.rules and self.tests)


GapKind = Literal["no-rule", "no-test", "no-note"]


@dataclasses.dataclass(frozen=True)
class Gap:
    """Something the traceability matrix is missing for one clause. 缺口。"""

    clause: str
    kind: GapKind
    zh: str
    en: str

    def __str__(self) -> str:
        return f"[{self.clause}] {self.zh} / {self.en}"


# ---------------------------------------------------------------------------------------------------
# Rules: the @implements registry, located with inspect


def source_root() -> Path:
    """The directory that :attr:`RuleRef.file` is relative to.

    The repository root in a checkout (the folder holding ``pyproject.toml`` above ``src/``), else the
    folder that holds the installed ``liangshan_xueji`` package (site-packages).
    """
    package_dir = Path(__file__).resolve().parent.parent
    base = package_dir.parent
    if base.name == "src" and (base.parent / "pyproject.toml").is_file():
        return base.parent
    return base


def _unwrap(obj: Any) -> Any:
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    try:
        return inspect.unwrap(obj)
    except ValueError:  # a wrapper cycle: keep the outer object
        return obj


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _rule_ref(obj: Any, root: Path) -> RuleRef:
    target = _unwrap(obj)
    qualname = str(getattr(target, "__qualname__", getattr(target, "__name__", repr(target))))
    module = str(getattr(target, "__module__", "") or "")
    try:
        source = inspect.getsourcefile(target)
        _lines, line = inspect.getsourcelines(target)
    except (OSError, TypeError):
        source, line = None, 0
    file = _relative(Path(source), root) if source else "<unknown>"
    return RuleRef(qualname=qualname, module=module, file=file, line=line)


def import_all() -> tuple[str, ...]:
    """Import every module of the package, so that every ``@implements`` has run; their names.

    The package's ``__init__`` imports the policy modules, but the answer must not depend on which
    modules a process happened to import before asking.
    """
    return tuple(m.__name__ for m in library_modules()[1:])


def is_library_rule(func: Callable[..., Any]) -> bool:
    """False for a throwaway rule defined inside a function (a test registering one to test
    ``implements``): it has no stable place in the source to link to.
    """
    return "<locals>" not in str(getattr(func, "__qualname__", ""))


def rules_by_clause() -> dict[str, tuple[RuleRef, ...]]:
    """Every clause ID of the catalog → the rules registered for it with ``@implements``.

    In the catalog's order; a clause no rule implements maps to ``()``. Every module of the package
    is imported first (:func:`import_all`), so the registry is complete.
    """
    import_all()
    root = source_root()
    out: dict[str, tuple[RuleRef, ...]] = {}
    for clause_id, funcs in implementations().items():
        seen: dict[int, None] = {}
        refs: list[RuleRef] = []
        for func in funcs:
            if id(func) in seen or not is_library_rule(func):
                continue
            seen[id(func)] = None
            refs.append(_rule_ref(func, root))
        out[clause_id] = tuple(refs)
    return out


# ---------------------------------------------------------------------------------------------------
# Tests: @pytest.mark.clause markers, found in the syntax tree (pytest is not imported)


#: The markers that name clause IDs: a test that proves a clause, a test that runs a clause's note.
Marker = Literal["clause", "reading"]


def _is_mark_clause(func: ast.expr, marker: Marker = "clause") -> bool:
    """``pytest.mark.clause`` or ``mark.clause`` (``from pytest import mark``); likewise ``reading``."""
    if not (isinstance(func, ast.Attribute) and func.attr == marker):
        return False
    owner = func.value
    if isinstance(owner, ast.Name):
        return owner.id == "mark"
    return isinstance(owner, ast.Attribute) and owner.attr == "mark"


def _strings(node: ast.expr) -> tuple[str, ...] | None:
    """A string literal, or a tuple/list of them; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    if isinstance(node, (ast.Tuple, ast.List)):
        out: list[str] = []
        for elt in node.elts:
            if not (isinstance(elt, ast.Constant) and isinstance(elt.value, str)):
                return None
            out.append(elt.value)
        return tuple(out)
    return None


def _constants(tree: ast.Module) -> dict[str, tuple[str, ...]]:
    """Module-level ``NAME = "2.1.4"`` / ``NAME = ("2.1.4", "2.5")``, to resolve ``clause(*NAME)``."""
    out: dict[str, tuple[str, ...]] = {}
    for stmt in tree.body:
        targets: list[ast.expr]
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        found = _strings(value)
        for target in targets:
            if isinstance(target, ast.Name):
                if found is None:
                    out.pop(target.id, None)
                else:
                    out[target.id] = found
    return out


def _clause_ids(
    expr: ast.expr, consts: dict[str, tuple[str, ...]], marker: Marker = "clause"
) -> tuple[str, ...]:
    """The clause IDs of one ``pytest.mark.clause(...)`` expression; ``()`` if it is another mark."""
    if not (isinstance(expr, ast.Call) and _is_mark_clause(expr.func, marker)):
        return ()
    ids: list[str] = []
    for arg in expr.args:
        inner = arg.value if isinstance(arg, ast.Starred) else arg
        if isinstance(inner, ast.Name):
            ids.extend(consts.get(inner.id, ()))
        else:
            ids.extend(_strings(inner) or ())
    return tuple(ids)


def _pytestmark(
    body: Iterable[ast.stmt], consts: dict[str, tuple[str, ...]], marker: Marker = "clause"
) -> tuple[str, ...]:
    """The clause IDs of a ``pytestmark = mark`` or ``pytestmark = [mark, ...]`` in a body."""
    ids: list[str] = []
    for stmt in body:
        if isinstance(stmt, ast.Assign):
            names = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
            value: ast.expr | None = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            names, value = [stmt.target.id], stmt.value
        else:
            continue
        if "pytestmark" not in names or value is None:
            continue
        ids.clear()  # the last assignment wins, as in Python
        marks = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
        for mark in marks:
            ids.extend(_clause_ids(mark, consts, marker))
    return tuple(ids)


def _decorated(
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef,
    consts: dict[str, tuple[str, ...]],
    marker: Marker = "clause",
) -> tuple[str, ...]:
    return tuple(cid for dec in node.decorator_list for cid in _clause_ids(dec, consts, marker))


def _merge(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(cid for group in groups for cid in group))


def _is_test_class(node: ast.ClassDef) -> bool:
    """pytest collects ``Test*`` classes without an ``__init__``."""
    if not node.name.startswith("Test"):
        return False
    return not any(
        isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "__init__"
        for s in node.body
    )


def _walk(
    body: list[ast.stmt],
    prefix: str,
    file: str,
    inherited: tuple[str, ...],
    consts: dict[str, tuple[str, ...]],
    marker: Marker = "clause",
) -> Iterator[TestRef]:
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name.startswith(
            "test"
        ):
            ids = _merge(inherited, _decorated(stmt, consts, marker))
            if ids:
                yield TestRef(
                    node_id=f"{prefix}::{stmt.name}",
                    file=file,
                    line=stmt.lineno,
                    clauses=ids,
                    end_line=stmt.end_lineno or stmt.lineno,
                )
        elif isinstance(stmt, ast.ClassDef) and _is_test_class(stmt):
            ids = _merge(
                inherited,
                _decorated(stmt, consts, marker),
                _pytestmark(stmt.body, consts, marker),
            )
            yield from _walk(stmt.body, f"{prefix}::{stmt.name}", file, ids, consts, marker)


def _test_files(tests_dir: Path) -> list[Path]:
    found = {*tests_dir.rglob("test_*.py"), *tests_dir.rglob("*_test.py")}
    return sorted(
        p
        for p in found
        if p.is_file()
        and not any(
            part.startswith(".") or part == "__pycache__" for part in p.relative_to(tests_dir).parts
        )
    )


def scan_tests(tests_dir: Path, marker: Marker = "clause") -> tuple[TestRef, ...]:
    """Every test under ``tests_dir`` that carries a clause marker, in file and source order.

    ``marker="reading"`` finds the reading tests (``@pytest.mark.reading("2.1.4")``) instead.

    Node IDs are pytest's, relative to the folder above ``tests_dir``: ``tests/test_x.py::TestA::test_b``.
    A marker applies from the function, its classes, a class's ``pytestmark`` and the module's
    ``pytestmark`` (one mark or a list). Clause IDs given as literals or as module-level constants
    (``clause(*IDS)``) are read; any other expression cannot be read without running the code and is
    skipped. A test file that does not parse raises :class:`~liangshan_xueji.errors.InvalidInput`.
    """
    if not tests_dir.is_dir():
        return ()
    refs: list[TestRef] = []
    for path in _test_files(tests_dir):
        rel = f"{tests_dir.name}/{path.relative_to(tests_dir).as_posix()}"
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError as exc:
            raise InvalidInput(
                f"测试文件无法解析：{exc.msg}",
                f"test file does not parse: {exc.msg}",
                where=f"{rel}:{exc.lineno}",
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(
                f"测试文件无法读取：{exc}", f"test file cannot be read: {exc}", where=rel
            ) from None
        consts = _constants(tree)
        refs.extend(
            _walk(tree.body, rel, rel, _pytestmark(tree.body, consts, marker), consts, marker)
        )
    return tuple(refs)


def _catalog_order(ids: Iterable[str]) -> list[str]:
    order = {cid: i for i, cid in enumerate(CLAUSE_IDS)}
    return sorted(set(ids), key=lambda cid: (order.get(cid, len(order)), cid))


def _refs_by_clause(tests_dir: Path, marker: Marker) -> dict[str, tuple[TestRef, ...]]:
    by: dict[str, list[TestRef]] = {}
    for ref in scan_tests(tests_dir, marker):
        for cid in ref.clauses:
            by.setdefault(cid, []).append(ref)
    return {cid: tuple(by[cid]) for cid in _catalog_order(by)}


def test_refs_by_clause(tests_dir: Path) -> dict[str, tuple[TestRef, ...]]:
    """Clause ID → the tests marked with it (see :func:`scan_tests`), catalog order.

    Only clauses with at least one test are keys. An ID the catalog does not know is kept (conftest
    rejects it when pytest collects), so that the docs can show it.
    """
    return _refs_by_clause(tests_dir, "clause")


test_refs_by_clause.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def reading_refs_by_clause(tests_dir: Path) -> dict[str, tuple[TestRef, ...]]:
    """Clause ID → its reading tests: the tests marked ``@pytest.mark.reading(ID)`` that run the
    clause's note (the catalog's ``note_zh``/``note_en``) as an example. 条款说明的可运行示例。

    Each :class:`TestRef` spans ``line``–``end_line`` of its file, so the docs can print its source
    under the note.
    """
    return _refs_by_clause(tests_dir, "reading")


def tests_by_clause(tests_dir: Path) -> dict[str, tuple[str, ...]]:
    """Clause ID → the node IDs of the tests marked ``@pytest.mark.clause(ID)`` under ``tests_dir``.

    E.g. ``{"2.1.6.3": ("tests/test_transfer.py::TestRefusals::test_graduation_year",)}``. Found by
    reading the files' syntax trees (:func:`scan_tests`); pytest is not imported.
    """
    return {
        cid: tuple(r.node_id for r in refs) for cid, refs in test_refs_by_clause(tests_dir).items()
    }


tests_by_clause.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


# ---------------------------------------------------------------------------------------------------
# The matrix and its gaps


def matrix(
    tests_dir: Path,
    *,
    rules: Callable[[], dict[str, tuple[RuleRef, ...]]] = rules_by_clause,
) -> list[Row]:
    """One :class:`Row` per clause of the catalog, in the document's order."""
    found_rules = rules()
    found_tests = tests_by_clause(tests_dir)
    return [
        Row(
            clause=c.id,
            computable=c.computable,
            rules=found_rules.get(c.id, ()),
            tests=found_tests.get(c.id, ()),
        )
        for c in clauses()
    ]


def gaps(tests_dir: Path) -> list[Gap]:
    """What the matrix is missing, in the document's order. 缺口清单。

    A computable clause without an implementing rule (``no-rule``) or without a test (``no-test``); a
    people-bound clause without a note saying what the library does for it (``no-note``).
    """
    rows = {row.clause: row for row in matrix(tests_dir)}
    out: list[Gap] = []
    for c in clauses():
        row = rows[c.id]
        if c.computable:
            if not row.rules:
                out.append(
                    Gap(
                        clause=c.id,
                        kind="no-rule",
                        zh="可计算的条款没有实现它的规则（@implements）",
                        en="computable clause has no implementing rule (@implements)",
                    )
                )
            if not row.tests:
                out.append(
                    Gap(
                        clause=c.id,
                        kind="no-test",
                        zh="可计算的条款没有测试（@pytest.mark.clause）",
                        en="computable clause has no test (@pytest.mark.clause)",
                    )
                )
        elif not (c.note_zh.strip() and c.note_en.strip()):
            out.append(
                Gap(
                    clause=c.id,
                    kind="no-note",
                    zh="约束人员的条款缺少说明（note_zh / note_en）",
                    en="people-bound clause lacks its note (note_zh / note_en)",
                )
            )
    return out
