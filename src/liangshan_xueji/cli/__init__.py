"""The ``xueji`` command: audits, deadlines, clauses, forms and synthetic rosters.

命令行层。The top layer: it may use every other; nothing imports it. ``main`` loads on first use, so
``python -m liangshan_xueji.cli.app`` runs the module once (runpy warns when a package imports the
module it is asked to run).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import main

__all__ = ["main"]


def __getattr__(name: str) -> Any:
    if name == "main":
        from .app import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
