"""The rules, one module per part of the regulation, and the :class:`Regulation` built from them.

- :mod:`.transfer` — 转学 (2.1–2.1.6.5, with 6.1 and 6.3)
- :mod:`.suspension` — 休学、复学 (2.2–2.2.5)
- :mod:`.retention` — 留级、降级 (2.3)
- :mod:`.dropout` — 控辍保学 (2.4–2.4.3, 1.5)
- :mod:`.death` — 学生死亡 (2.5)
- :mod:`.graduation` — 毕业升级 (3.1)
- :mod:`.registration` — 学籍建立 (1.1–1.5); :mod:`.admission` — 招生 (3.2); :mod:`.duplicates` —
  重复招生 (3.3); :mod:`.keydata` — 关键数据 (4); :mod:`.archives` — 学籍档案 (5–5.3.3);
  :mod:`.model_one` — 一类模式 (6.1–6.3); :mod:`.registrars` — 学籍管理员 (7.1–7.3); :mod:`.review` —
  复核与保密 (8.1, 8.2); :mod:`.breaches` — 违规情形 (8.3) and the audit checks of parts 1–6;
  :mod:`.scope` — 适用范围 (8.4, 8.5)
"""

from __future__ import annotations

from types import ModuleType

from . import (
    admission,
    archives,
    breaches,
    death,
    dropout,
    duplicates,
    graduation,
    keydata,
    model_one,
    overdue,
    registrars,
    registration,
    retention,
    review,
    scope,
    suspension,
    transfer,
)
from .regulation import Regulation, apply, default_regulation, evaluate

#: The rule modules of 凉教基〔2016〕14号, in the regulation's order (parts 1–8); the audit runs their
#: checks in this order (the deadlines of parts 2–3 in :mod:`.overdue`, then 8.1–8.2, then 8.3).
MODULES: tuple[ModuleType, ...] = (
    registration,
    transfer,
    suspension,
    retention,
    dropout,
    death,
    graduation,
    admission,
    duplicates,
    keydata,
    archives,
    model_one,
    registrars,
    overdue,
    review,
    breaches,
    scope,
)

__all__ = [
    "MODULES",
    "Regulation",
    "admission",
    "apply",
    "archives",
    "breaches",
    "death",
    "default_regulation",
    "dropout",
    "duplicates",
    "evaluate",
    "graduation",
    "keydata",
    "model_one",
    "overdue",
    "registrars",
    "registration",
    "retention",
    "review",
    "scope",
    "suspension",
    "transfer",
]
