"""The outputs of the ``xueji`` command: exit codes, checked paths, atomic writes, safe text.

命令行的输出：退出码、写入前检查输出路径、经临时文件原子写入、CSV 公式注入与终端控制字符的中和。

- every output path is checked before any work is done (:func:`check_output`): a symlink, a
  directory, a device or pipe, a missing or read-only directory, one of the inputs (the same file, or
  a file the input directory would be read from) are refused with a bilingual message;
- every file is written through a temporary file in its directory, created 0600 (an output can hold
  personal data, clauses 7.1, 8.2), and renamed over the target only when complete
  (:func:`atomic_output`): an interrupt or a full disk leaves the old file, never a partial one;
- every CSV cell that a spreadsheet would read as a formula is neutralised (:func:`csv_cell`, OWASP's
  CSV-injection guidance), and every text shown on a terminal loses its control characters
  (:func:`terminal_text`).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InvalidInput, os_reason

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_NO_CALENDAR_DATA",
    "EXIT_OK",
    "EXIT_SIGINT",
    "EXIT_SIGTERM",
    "EXIT_USAGE",
    "atomic_output",
    "check_output",
    "csv_cell",
    "csv_writer",
    "os_reason",
    "terminal_text",
]

#: 成功 success.
EXIT_OK = 0
#: 有待处理的结果 the command ran and found something to act on (findings, rejected rows, a refusal).
EXIT_FINDINGS = 1
#: 参数或输入错误 bad arguments, unreadable input or an output that cannot be written (nothing done).
EXIT_USAGE = 2
#: 缺少节假日数据 missing holiday data for a deadline.
EXIT_NO_CALENDAR_DATA = 3
#: 内部错误 an internal error (a bug: please report it), never "findings" (sysexits' EX_SOFTWARE).
EXIT_INTERNAL = 70
#: 被中断 interrupted by Ctrl-C (128 + SIGINT).
EXIT_SIGINT = 130
#: 被终止 terminated by SIGTERM (128 + SIGTERM).
EXIT_SIGTERM = 143

#: The files read from a roster directory: an output there would be read as input next time.
_INPUT_NAMES = frozenset(
    {"roster.csv", "roster.jsonl", "events.csv", "schools.csv", "manifest.json"}
)


def _refuse(option: str, path: str, zh: str, en: str) -> InvalidInput:
    return InvalidInput(f"{option} {path}：{zh}", f"{option} {path}: {en}", where=option)


def check_output(path: str, option: str, inputs: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """``path`` as an output of ``option``, or :class:`InvalidInput` why not (before any work).

    输出路径检查：不跟随符号链接，不写入目录、设备或管道，目录须存在且可写，不得是任何输入文件
    （同一文件，或输入目录中会被读取的文件）。
    """
    target = Path(path)
    try:
        st: os.stat_result | None = target.lstat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        reason = os_reason(exc)
        raise _refuse(option, path, f"无法访问：{reason}", f"cannot access: {reason}") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise _refuse(
                option,
                path,
                "是符号链接，不跟随；请给出实际文件的路径",
                "is a symbolic link, not followed: give the real file's path",
            )
        if stat.S_ISDIR(st.st_mode):
            raise _refuse(option, path, "是目录，应为文件", "is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise _refuse(
                option,
                path,
                "不是普通文件（设备、管道或套接字），不覆盖",
                "is not a regular file (a device, pipe or socket): not replaced",
            )
    parent = target.parent
    if not parent.is_dir():
        raise _refuse(
            option, path, f"目录 {parent} 不存在", f"the directory {parent} does not exist"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise _refuse(
            option, path, f"目录 {parent} 不可写", f"the directory {parent} is not writable"
        )
    for item in inputs:
        source = Path(item)
        if st is not None and source.exists() and os.path.samefile(target, source):
            raise _refuse(
                option,
                path,
                f"是输入文件 {source}，不能覆盖",
                f"is the input {source}: it would be destroyed",
            )
        if source.is_dir() and target.name in _INPUT_NAMES and parent.resolve() == source.resolve():
            raise _refuse(
                option,
                path,
                f"在输入目录 {source} 中，会被当作输入读取",
                f"is in the input directory {source} and would be read as input",
            )
    return target


def check_distinct(outputs: dict[str, str | None]) -> None:
    """Two options may not name the same output file (``--out`` and ``--rejects``)."""
    seen: dict[str, str] = {}
    for option, path in outputs.items():
        if path is None:
            continue
        key = os.path.abspath(path)
        if key in seen:
            raise _refuse(
                option,
                path,
                f"与 {seen[key]} 是同一文件",
                f"is the same file as {seen[key]}",
            )
        seen[key] = option


@contextlib.contextmanager
def atomic_output(target: Path, option: str, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file that becomes ``target`` (0600) only when the block ends without an exception.

    经临时文件写入，完成后改名：中断、磁盘已满都不会留下不完整的输出文件。
    """
    directory = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _refuse(
            option,
            str(target),
            f"无法写入：{os_reason(exc)}",
            f"cannot be written: {os_reason(exc)}",
        ) from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        if target.is_symlink():  # appeared since the check: still never followed
            raise _refuse(option, str(target), "是符号链接", "is a symbolic link")
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _refuse(
            option,
            str(target),
            f"写入失败：{os_reason(exc)}",
            f"writing failed: {os_reason(exc)}",
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def stdout_error(exc: OSError) -> InvalidInput:
    """A failed write to standard output (a full disk, a closed pipe) as a bilingual error."""
    if exc.errno == errno.EPIPE:
        return InvalidInput("标准输出已关闭", "standard output was closed", where="stdout")
    return InvalidInput(
        f"无法写入标准输出：{os_reason(exc)}",
        f"cannot write to standard output: {os_reason(exc)}",
        where="stdout",
    )


# --------------------------------------------------------------------------------------------------
# Safe text

#: What a spreadsheet reads as the start of a formula (OWASP CSV injection): = + - @ TAB CR.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text: ``=1+1`` → ``'=1+1`` (OWASP)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class _SafeWriter:
    """A ``csv.writer`` whose every cell goes through :func:`csv_cell`."""

    def __init__(self, f: IO[str]) -> None:
        self._w = csv.writer(f, lineterminator="\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._w.writerow([csv_cell(v) for v in row])


def csv_writer(f: IO[str]) -> _SafeWriter:
    """The writer of every CSV the tool writes: cells neutralised by :func:`csv_cell`."""
    return _SafeWriter(f)


#: C0 and C1 controls, DEL, and the bidirectional-text controls (U+202E can reverse what is shown).
_CONTROLS = {
    **dict.fromkeys(range(32), " "),
    0x7F: " ",
    **dict.fromkeys(range(128, 160), " "),
    **dict.fromkeys((1564, 8206, 8207, *range(8234, 8239), *range(8294, 8298))),
}
_CONTROLS[0x1B] = None  # ESC: removed, so "ESC[2J" shows as harmless text


def terminal_text(value: object) -> str:
    """``value`` without terminal control sequences: ESC, CR, newlines, C0/C1 and bidi controls.

    Each control becomes a space (bidi controls and ESC are removed), so a school name cannot move the
    cursor, clear the screen or fake a line of the report.
    """
    return str(value).translate(_CONTROLS)


def write_stdout(text: str) -> None:
    """``text`` to standard output; a failure is a bilingual :class:`InvalidInput`."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        raise stdout_error(exc) from None
