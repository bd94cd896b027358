"""``python -m liangshan_xueji.cli``: the ``xueji`` command."""

from __future__ import annotations

import sys

from .app import main

sys.exit(main())
