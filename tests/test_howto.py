"""Every how-to page runs: the Python blocks of each page in docs/howto/, in order, in one
namespace (a later block uses what an earlier one built), as a reader would paste them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

HOWTO = Path(__file__).resolve().parents[1] / "docs" / "howto"
PAGES = sorted(HOWTO.glob("*.md"))


def _blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("page", [p for p in PAGES if _blocks(p)], ids=lambda p: p.stem)
def test_howto_page_runs(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"howto_{page.stem}"}
    for code in _blocks(page):
        exec(compile(code, str(page), "exec"), namespace)


def test_every_act_has_a_runnable_howto_page() -> None:
    runnable = {p.stem for p in PAGES if _blocks(p)}
    assert {
        "transfer",
        "suspension",
        "promotion-graduation",
        "dropout",
        "registration",
        "key-data",
        "duplicates",
        "archives",
        "model-one",
        "audit-python",
    } <= runnable
