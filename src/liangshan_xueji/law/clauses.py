"""The clause catalog: every clause of 凉教基〔2016〕14号, quoted, titled and sourced.

条款目录。Each :class:`Clause` quotes the regulation's own text (with the transcription's stray 学习
removed from 《中小学生学籍管理办法》 and the document's title), gives a short title in Chinese and in
English, its parent, and whether it binds data (``computable``: the library checks it) or only people
(the ``note`` says what the library does for it).

Rules declare the clauses they implement with :func:`implements`; an unknown clause ID there fails at
import, so a rule can never cite a clause that does not exist.
"""

from __future__ import annotations

import datetime as _dt
import functools
import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType
from typing import Any, TypeVar

import attrs

from .._validators import date_field, of, text
from ..errors import InvalidInput, UnknownClause

__all__ = [
    "CLAUSE_IDS",
    "SOURCE",
    "Clause",
    "Source",
    "check_clause_id",
    "clause",
    "clauses",
    "implementations",
    "implements",
    "library_modules",
]


@attrs.frozen(kw_only=True)
class Source:
    """The document a clause comes from. 条款出处。"""

    issuer: str = attrs.field(validator=text())
    title: str = attrs.field(validator=text())
    number: str = attrs.field(validator=text())
    issued: _dt.date = attrs.field(validator=date_field)

    def __str__(self) -> str:
        return f"{self.issuer}《{self.title}》（{self.number}，{self.issued:%Y-%m-%d}）"


SOURCE = Source(
    issuer="凉山州教育局",
    title="凉山州中小学生学籍管理实施规定（试行）",
    number="凉教基〔2016〕14号",
    issued=_dt.date(2016, 8, 11),
)

#: Exactly the clause IDs of the design brief, in the document's order.
CLAUSE_IDS: tuple[str, ...] = (
    "P",
    "1.1", "1.2", "1.3", "1.4", "1.5",
    "2.1", "2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5",
    "2.1.6", "2.1.6.1", "2.1.6.2", "2.1.6.3", "2.1.6.4", "2.1.6.5",
    "2.2", "2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.2.5",
    "2.3",
    "2.4", "2.4.1", "2.4.2", "2.4.3",
    "2.5",
    "3.1", "3.2", "3.3",
    "4",
    "5", "5.1", "5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.5", "5.1.6", "5.1.7",
    "5.2", "5.3", "5.3.1", "5.3.2", "5.3.3",
    "6.1", "6.2", "6.3",
    "7.1", "7.2", "7.3",
    "8.1", "8.2", "8.3",
    "8.3.1", "8.3.2", "8.3.3", "8.3.4", "8.3.5", "8.3.6", "8.3.7", "8.3.8", "8.3.9", "8.3.10",
    "8.4", "8.5",
    "F1", "F2", "F3", "F4",
)  # fmt: skip

_ID_SET = frozenset(CLAUSE_IDS)


def check_clause_id(clause_id: str, *, where: str | None = None) -> str:
    """Return ``clause_id`` if it is in the catalog; raise :class:`UnknownClause` otherwise.

    A ``clause_id`` that is not a string raises :class:`InvalidInput`.
    """
    if not isinstance(clause_id, str):
        w = where or "clause_id"
        raise InvalidInput(
            f"条款编号应为字符串，得到 {type(clause_id).__name__}",
            f"a clause ID must be a string, not {type(clause_id).__name__}",
            where=w,
        )
    if clause_id not in _ID_SET:
        raise UnknownClause(clause_id, where=where)
    return clause_id


@attrs.frozen(kw_only=True)
class Clause:
    """One clause of the regulation. 规定中的一个条款。

    ``text`` is quoted from the regulation; ``computable`` is True when the clause binds data that the
    library checks, False when it binds people only, in which case ``note_zh``/``note_en`` say what the
    library does for it.
    """

    id: str = attrs.field(validator=lambda _i, a, v: check_clause_id(v, where=a.name))
    parent: str | None = attrs.field(
        validator=lambda _i, a, v: None if v is None else check_clause_id(v, where=a.name)
    )
    title_zh: str = attrs.field(validator=text())
    title_en: str = attrs.field(validator=text())
    text: str = attrs.field(validator=text())
    computable: bool = attrs.field(validator=of(bool))
    note_zh: str = attrs.field(default="", validator=of(str))
    note_en: str = attrs.field(default="", validator=of(str))
    source: Source = attrs.field(default=SOURCE, validator=of(Source))

    @property
    def children(self) -> tuple[Clause, ...]:
        """The clauses directly under this one, in the document's order."""
        return tuple(c for c in clauses() if c.parent == self.id)

    @property
    def ancestors(self) -> tuple[Clause, ...]:
        """Parent, grandparent, … up to the part."""
        out: list[Clause] = []
        cur = self.parent
        while cur is not None:
            node = clause(cur)
            out.append(node)
            cur = node.parent
        return tuple(out)


@functools.cache
def _catalog() -> dict[str, Clause]:
    from ._catalog import ENTRIES

    built = {e["id"]: Clause(**e) for e in ENTRIES}
    if tuple(built) != CLAUSE_IDS:  # pragma: no cover - guarded by tests/test_clauses.py
        missing = sorted(_ID_SET - set(built))
        extra = sorted(set(built) - _ID_SET)
        raise RuntimeError(f"clause catalog out of step: missing {missing}, extra {extra}")
    return built


def clause(clause_id: str) -> Clause:
    """The clause with this ID, e.g. ``clause("2.1.6.3")``; :class:`UnknownClause` otherwise."""
    check_clause_id(clause_id)
    return _catalog()[clause_id]


def clauses() -> tuple[Clause, ...]:
    """Every clause, in the document's order."""
    return tuple(_catalog().values())


_F = TypeVar("_F", bound=Callable[..., Any])


def implements(*clause_ids: str) -> Callable[[_F], _F]:
    """Declare the clauses a rule implements. 声明规则所实现的条款。

    An unknown clause ID raises :class:`UnknownClause` when the decorated module is imported. The IDs
    are kept on the function as ``__clauses__``; nothing is registered: :func:`implementations` finds
    the marked functions by reading the package's modules.
    """
    if not clause_ids:
        raise UnknownClause("", where="implements()")
    for cid in clause_ids:
        check_clause_id(cid, where="implements()")

    def mark(func: _F) -> _F:
        func.__clauses__ = tuple(clause_ids)  # type: ignore[attr-defined]
        return func

    return mark


def library_modules() -> tuple[ModuleType, ...]:
    """Every module of the package, imported, in ``pkgutil``'s order (``__main__`` modules, which run
    a command when imported, are left out)."""
    package = importlib.import_module(__package__.rpartition(".")[0])
    names = [
        info.name
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
        if not info.name.endswith(".__main__")
    ]
    return (package, *(importlib.import_module(name) for name in names))


@functools.cache
def _implementations() -> dict[str, tuple[Callable[..., Any], ...]]:
    found: dict[str, list[Callable[..., Any]]] = {}
    for module in library_modules():
        for value in vars(module).values():
            ids = getattr(value, "__clauses__", None)
            if ids is None or getattr(value, "__module__", None) != module.__name__:
                continue  # not marked, or imported from the module that defines it
            for cid in ids:
                if all(f is not value for f in found.setdefault(cid, [])):  # one object, two names
                    found[cid].append(value)
    return {cid: tuple(found.get(cid, ())) for cid in CLAUSE_IDS}


def implementations(clause_id: str | None = None) -> dict[str, tuple[Callable[..., Any], ...]]:
    """The library's rules, by clause ID (all clauses, or just ``clause_id``): every function of the
    package marked with :func:`implements`, found by reading every module (so the answer never depends
    on which modules a process happened to import first)."""
    found = _implementations()
    if clause_id is not None:
        check_clause_id(clause_id)
        return {clause_id: found[clause_id]}
    return dict(found)
