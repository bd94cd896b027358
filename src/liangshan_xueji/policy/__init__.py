"""The rules, one module per part of the regulation; importing this package registers them all.

- :mod:`.transfer` — 转学 (2.1–2.1.6.5, with 6.1 and 6.3)
- :mod:`.suspension` — 休学、复学 (2.2–2.2.5)
- :mod:`.retention` — 留级、降级 (2.3)
- :mod:`.dropout` — 控辍保学 (2.4–2.4.3, 1.5)
- :mod:`.death` — 学生死亡 (2.5)
- :mod:`.graduation` — 毕业升级 (3.1)
"""

from __future__ import annotations

from . import death, dropout, graduation, retention, suspension, transfer

__all__ = ["death", "dropout", "graduation", "retention", "suspension", "transfer"]
