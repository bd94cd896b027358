"""Benchmark: the audit (1 job) against a plain ``csv`` parse of the same files, at 100 k and 1.2 M
students; students per second, the ratio audit/parse (target <= 4) and the peak memory (target: flat).

Run from the project root (a script, not a test)::

    PYTHONPATH=src python benchmarks/bench_audit.py [--sizes 100000,1200000] [--dir DIR] [--repeat 3]

For each size it synthesises a roster (``xueji synth``'s generator, seed 2016; reused when ``DIR``
already holds it), then runs, each in a fresh subprocess so that its peak memory is its own:

* ``parse`` — ``csv.reader`` over ``roster.csv``, ``events.csv`` and ``schools.csv`` (UTF-8), counting
  rows: the floor any reader of these files pays;
* ``audit`` — :class:`~liangshan_xueji.io.roster.RosterReader` and
  :func:`~liangshan_xueji.audit.runner.audit_roster` with one job, every registered check, findings consumed,
  under :func:`~liangshan_xueji.audit.runner.gc_tuned` as ``xueji audit`` runs it, with the prefecture-wide
  duplicate check (3.3, 1.2; the default);
* ``audit-local`` — the same without the prefecture-wide duplicate check (``cross_school=False``), to
  show its cost in time and memory;
* whole processes, as a county officer runs them: ``xueji audit DIR --format json`` (interpreter start,
  imports, reading, checks, the report written to a pipe that is thrown away) against a whole
  ``python`` process that parses the same files with ``csv`` — the ratio of their CPU times (user +
  system, from ``getrusage(RUSAGE_CHILDREN)``).

Each child reports its wall time, its CPU time (``time.process_time``: steadier than wall time on a
shared machine) and its peak resident memory (``VmHWM`` from ``/proc/self/status`` on Linux, else
``ru_maxrss``). With ``--repeat N`` the parse and the audit run in N pairs, one after the other. The
target is judged two ways, both printed:

* the ratio of the best CPU times: on a shared machine noise only adds time, so the least of N runs
  estimates each; but under a changing load the short parse finds a quiet moment more often than the
  longer audit, which raises this ratio;
* the median of the pairs' ratios: the two runs of a pair, one after the other, see much the same
  machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

TARGET_RATIO = 4.0
SEED = 2016


def _child_parse(directory: Path) -> dict[str, float]:
    rows = 0
    for name in ("roster.csv", "events.csv", "schools.csv"):
        path = directory / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as f:
            for _row in csv.reader(f):
                rows += 1
    return {"rows": rows}


def _child_audit(directory: Path, cross_school: bool = True) -> dict[str, float]:
    from liangshan_xueji.audit.runner import AuditStats, audit_roster, gc_tuned
    from liangshan_xueji.calendar.workdays import WorkCalendar
    from liangshan_xueji.io.roster import RosterInput, RosterReader
    from liangshan_xueji.records.status import Context

    as_of = dt.date.fromisoformat(json.loads((directory / "manifest.json").read_text())["as_of"])
    stats = AuditStats()
    with RosterReader(RosterInput.from_path(directory), on_reject=stats.add_rejected) as reader:
        # The national calendar, as the synthetic roster was made on it (synth.py; the default, the
        # prefecture's, has years without a notice, where a deadline check would be an error).
        context = Context(on=as_of, schools=reader.schools, calendar=WorkCalendar.national())
        with gc_tuned():  # as `xueji audit` does
            found = audit_roster(reader, context, jobs=1, stats=stats, cross_school=cross_school)
            findings = sum(1 for _ in found)
    return {
        "rows": stats.rows_read,
        "audited": stats.records_audited,
        "rejected": stats.rows_rejected,
        "findings": findings,
        "check_errors": stats.check_errors_total,
    }


def child(kind: str, directory: Path) -> None:
    """Run one measurement in this process and print it as JSON."""
    if kind.startswith(
        "audit"
    ):  # import before timing, as the parse child imports csv before timing
        import liangshan_xueji.audit.runner
        import liangshan_xueji.policy  # noqa: F401
    t0, c0 = time.perf_counter(), time.process_time()
    if kind == "parse":
        out = _child_parse(directory)
    else:
        out = _child_audit(directory, cross_school=kind != "audit-local")
    out["wall"] = time.perf_counter() - t0
    out["cpu"] = time.process_time() - c0
    out["maxrss_mb"] = _peak_mb()
    print(json.dumps(out))


def _peak_mb() -> float:
    """This process's peak resident memory: ``VmHWM`` (Linux: per address space, so not inherited
    from the parent across fork/exec as ``ru_maxrss`` can be), else ``ru_maxrss``."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _run(kind: str, directory: Path) -> dict[str, float]:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(directory)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _best(kind: str, directory: Path, repeat: int) -> dict[str, float]:
    runs = [_run(kind, directory) for _ in range(repeat)]
    return min(runs, key=lambda r: r["cpu"])


def _paired(directory: Path, repeat: int) -> tuple[dict[str, float], dict[str, float], list[float]]:
    """``repeat`` pairs of runs, a parse then an audit each time: the best parse, the best audit (by
    CPU time) and the ratio audit/parse of each pair (their spread shows the machine's noise)."""
    parses, audits, ratios = [], [], []
    for _ in range(repeat):
        parse = _run("parse", directory)
        audit = _run("audit", directory)
        parses.append(parse)
        audits.append(audit)
        ratios.append(audit["cpu"] / parse["cpu"])
    return min(parses, key=lambda r: r["cpu"]), min(audits, key=lambda r: r["cpu"]), ratios


_PARSE_SCRIPT = """
import csv, sys
from pathlib import Path
rows = 0
for name in ("roster.csv", "events.csv", "schools.csv"):
    path = Path(sys.argv[1]) / name
    if path.exists():
        with open(path, encoding="utf-8", newline="") as f:
            for _row in csv.reader(f):
                rows += 1
print(rows)
"""


def _process(kind: str, directory: Path) -> dict[str, float]:
    """One whole process: ``xueji audit`` (kind ``audit``) or a plain csv parse (``parse``); its wall
    time and CPU time (user + system of the child)."""
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    if kind == "audit":
        argv = [sys.executable, "-m", "liangshan_xueji.cli", "audit", str(directory)]
        argv += ["--format", "json"]
    else:
        argv = [sys.executable, "-c", _PARSE_SCRIPT, str(directory)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # 1: the roster has findings
        raise RuntimeError(f"{argv[:4]} exited {proc.returncode}: {proc.stderr[-2000:]!r}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu}


def _processes(directory: Path, repeat: int) -> tuple[float, float, list[float]]:
    """``repeat`` pairs of whole processes: the best parse and audit CPU times and each pair's ratio."""
    parses, audits = [], []
    for _ in range(repeat):
        parses.append(_process("parse", directory)["cpu"])
        audits.append(_process("audit", directory)["cpu"])
    return min(parses), min(audits), [a / p for p, a in zip(parses, audits, strict=True)]


def _ensure(directory: Path, students: int) -> float:
    from liangshan_xueji.synth import synthesize

    manifest = directory / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text())
        if data.get("students") == students and data.get("seed") == SEED:
            return 0.0
    t0 = time.perf_counter()
    synthesize(directory, students=students, seed=SEED)
    return time.perf_counter() - t0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument(
        "--sizes", default="100000,1200000", help="students per roster, comma-separated"
    )
    ap.add_argument("--dir", default="/tmp/xueji-bench", help="where the rosters are kept")
    ap.add_argument(
        "--repeat", type=int, default=3, help="runs per measurement; best CPU time kept"
    )
    ap.add_argument("--child", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    results = []
    processes: list[tuple[int, float, float, float]] = []
    for n in sizes:
        d = Path(args.dir) / str(n)
        made = _ensure(d, n)
        if made:
            print(f"synthesised {n:,} students in {made:.1f} s → {d}")
        parse, audit, ratios = _paired(d, args.repeat)
        local = _best("audit-local", d, args.repeat)
        p_cpu, a_cpu, p_ratios = _processes(d, args.repeat)
        processes.append((n, p_cpu, a_cpu, statistics.median(p_ratios)))
        results.append((n, parse, audit, statistics.median(ratios)))
        print(
            f"{n:>10,} students: ratio audit/parse of each pair (CPU): "
            + ", ".join(f"{r:.2f}" for r in ratios),
            flush=True,
        )
        print(
            f"{n:>10,} students without the cross-school check: audit {local['wall']:.2f} s wall / "
            f"{local['cpu']:.2f} s CPU (ratio {local['cpu'] / parse['cpu']:.2f}), peak "
            f"{local['maxrss_mb']:.1f} MB",
            flush=True,
        )
        print(
            f"{n:>10,} students, whole processes: `xueji audit` {a_cpu:.2f} s CPU, csv parse "
            f"{p_cpu:.2f} s CPU; ratio of each pair " + ", ".join(f"{r:.2f}" for r in p_ratios),
            flush=True,
        )
        print(
            f"{n:>10,} students: parse {parse['wall']:.2f} s wall / {parse['cpu']:.2f} s CPU; "
            f"audit {audit['wall']:.2f} s wall / {audit['cpu']:.2f} s CPU; "
            f"{audit['findings']:,.0f} findings, {audit['rejected']:,.0f} rejected, "
            f"{audit['check_errors']:,.0f} check errors",
            flush=True,
        )
    print()
    print(
        "students    students/s (audit, CPU)  ratio of best times (CPU)  (wall)  median of pairs  "
        "peak MB audit  peak MB parse"
    )
    for n, parse, audit, median in results:
        ratio_cpu = audit["cpu"] / parse["cpu"]
        ratio_wall = audit["wall"] / parse["wall"]
        print(
            f"{n:>10,}  {n / audit['cpu']:>23,.0f}  {ratio_cpu:>25.2f}  {ratio_wall:>6.2f}  "
            f"{median:>15.2f}  {audit['maxrss_mb']:>13.1f}  {parse['maxrss_mb']:>13.1f}"
        )
    print()
    print("students    whole processes: xueji audit CPU s  csv parse CPU s  ratio of best  median")
    for n, p_cpu, a_cpu, median in processes:
        print(f"{n:>10,}  {a_cpu:>33.2f}  {p_cpu:>15.2f}  {a_cpu / p_cpu:>13.2f}  {median:>6.2f}")
    if len(results) > 1:
        lo, hi = results[0][2]["maxrss_mb"], results[-1][2]["maxrss_mb"]
        print(
            f"\npeak memory of the audit: {lo:.1f} MB → {hi:.1f} MB ({hi / lo:.2f}×) as students grow "
            f"{results[-1][0] / results[0][0]:.0f}×"
        )
    worst = max(a["cpu"] / p["cpu"] for _, p, a, _ in results)
    worst_median = max(m for *_, m in results)
    print(
        f"target ratio <= {TARGET_RATIO}: by the best times "
        f"{'met' if worst <= TARGET_RATIO else 'NOT met'} (worst {worst:.2f}); by the median of the "
        f"pairs {'met' if worst_median <= TARGET_RATIO else 'NOT met'} (worst {worst_median:.2f})"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
