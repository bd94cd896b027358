"""Benchmark: the time of ``import liangshan_xueji``, against ``import chinese_calendar``, same run.

Run from the project root (a script, not a test)::

    PYTHONPATH=src python benchmarks/bench_import.py [--repeat 15]

Each figure is timed inside a fresh interpreter (``python -c``, ``time.perf_counter`` around the
statements, so the interpreter's own start-up is not in it), ``--repeat`` times; the best and the median
are printed (on a loaded machine the best is the one least disturbed). The figures:

* ``import liangshan_xueji`` — what a request worker pays; the target is <= 0.06 s;
* ``import chinese_calendar`` — the reference the issue measured (0.01 s), in the same run, so the
  ratio does not depend on the machine;
* ``import liangshan_xueji`` then the first ``evaluate`` (the rules, the records and the calendar load
  on first use) — what the first decision costs, printed so that the lazy import is not mistaken for a
  free library.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys

TARGET = 0.06

LIBRARY = "import liangshan_xueji"
REFERENCE = "import chinese_calendar"
FIRST_DECISION = """
import datetime as dt
import liangshan_xueji as xj
from liangshan_xueji.examples import example_context, example_record
record = example_record()
xj.evaluate(record, xj.TransferRequest(student=record.student.student_number, to_school="5134010002",
    to_class="1班", materials={"basic_info_sheet", "F1"}), example_context(on=dt.date(2021, 3, 1)))
"""

_TIMED = """
import time
_start = time.perf_counter()
{code}
print(time.perf_counter() - _start)
"""


def _run(code: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _TIMED.format(code=code)], check=True, capture_output=True, text=True
    ).stdout
    return float(out.split()[-1])


def _times(code: str, repeat: int) -> tuple[float, float]:
    """The best and the median of ``repeat`` fresh runs (after one run that warms the .pyc files)."""
    _run(code)
    runs = [_run(code) for _ in range(repeat)]
    return min(runs), statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    library = _times(LIBRARY, args.repeat)
    reference = _times(REFERENCE, args.repeat)
    first = _times(FIRST_DECISION, args.repeat)
    print(
        f"python {platform.python_version()} on {platform.machine()}, {args.repeat} fresh runs each"
    )
    print(f"{'':40s} {'best':>9s} {'median':>9s}")
    for label, (best, median) in (
        ("import liangshan_xueji", library),
        ("import chinese_calendar", reference),
        ("import liangshan_xueji + first evaluate", first),
    ):
        print(f"{label:40s} {best * 1000:6.1f} ms {median * 1000:6.1f} ms")
    print(f"ratio liangshan_xueji / chinese_calendar {library[0] / reference[0]:6.2f}    (best)")
    print(f"target: import liangshan_xueji <= {TARGET * 1000:.0f} ms (best)")
    return 0 if library[0] <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
