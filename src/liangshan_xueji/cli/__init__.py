"""The ``xueji`` command: audits, deadlines, clauses, forms and synthetic rosters.

命令行层。The top layer: it may use every other; nothing imports it.
"""

from __future__ import annotations

from .app import main

__all__ = ["main"]
