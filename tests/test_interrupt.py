"""Ctrl-C and SIGTERM during ``xueji audit --jobs 2``.

The probe saw the main process hang on a futex in 3 of 5 trials (the pool's task thread stuck sending a
chunk no worker would read) and 13 KB truncated ``--rejects`` files. Now: exit 130 (SIGINT) or 143
(SIGTERM) within a few seconds, no worker left, no temporary directory or file left, and no output file
at all (outputs are written to a temporary file and renamed only when complete).
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import liangshan_xueji
from liangshan_xueji.synth import synthesize

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="process groups and fork: Linux")

#: Each row of the synthetic roster repeated this many times (in place: schools stay grouped).
REPEAT = 12


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A roster of about 100,000 rows that takes a second or two to audit with two processes."""
    src = tmp_path_factory.mktemp("big-src")
    synthesize(src, students=8000, seed=17, breach_rate=0.01, story_rate=0.0)
    d = tmp_path_factory.mktemp("big")
    shutil.copy(src / "schools.csv", d / "schools.csv")
    with (
        open(src / "roster.csv", encoding="utf-8", newline="") as f,
        open(d / "roster.csv", "w", encoding="utf-8", newline="") as g,
    ):
        rows = csv.reader(f)
        w = csv.writer(g, lineterminator="\n")
        w.writerow(next(rows))
        for row in rows:
            for _ in range(REPEAT):
                w.writerow(row)
    return d


def _processes() -> list[tuple[int, int, int]]:
    """``(pid, parent pid, session id)`` of every live process, from /proc (no procps needed)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = stat[stat.rfind(")") + 2 :].split()  # after "pid (comm) "
        if fields[0] != "Z":  # a zombie has ended: only its parent's wait is missing
            found.append((int(entry.name), int(fields[1]), int(fields[3])))
    return found


def _children(pid: int) -> list[int]:
    return [p for p, parent, _ in _processes() if parent == pid]


def _session(sid: int) -> list[int]:
    return [p for p, _, session in _processes() if session == sid]


@pytest.mark.parametrize("trial", [1, 2])
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupt_ends_everything_cleanly(
    big: Path, tmp_path: Path, sig: signal.Signals, code: int, trial: int
) -> None:
    tmp = tmp_path / "tmp"  # the run's TMPDIR: every temporary directory it makes
    tmp.mkdir()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    src = Path(liangshan_xueji.__file__).parents[1]  # the sources under test
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(src)}
    argv = [sys.executable, "-m", "liangshan_xueji.cli", "audit", str(big), "--jobs", "2"]
    argv += ["--format", "csv", "--out", str(out_dir / "findings.csv")]
    argv += ["--rejects", str(out_dir / "rejects.csv")]
    if trial == 2:  # the external sort's temporary directory too
        argv.append("--regroup")
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < 2:  # the two workers: the audit is under way
            assert proc.poll() is None, proc.communicate()[1].decode()
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.02)
        time.sleep(0.1 * trial)
        sent = time.monotonic()
        if sig == signal.SIGINT:
            os.killpg(proc.pid, sig)  # Ctrl-C: the terminal signals the whole process group
        else:
            proc.send_signal(sig)  # kill PID: the main process only
        _, err = proc.communicate(timeout=10)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:  # pragma: no cover - the failure being tested
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    text = err.decode("utf-8", errors="replace")
    assert proc.returncode == code, text
    assert took < 5, f"exit took {took:.1f} s"
    assert "Traceback" not in text and ("已中断" in text or "已终止" in text)
    for _ in range(50):  # workers killed by the pool end within moments
        if not _session(proc.pid):
            break
        time.sleep(0.05)
    assert _session(proc.pid) == [], "a worker process was left"
    assert list(tmp.iterdir()) == [], "a temporary directory was left"
    assert list(out_dir.iterdir()) == [], "a partial output was left"
