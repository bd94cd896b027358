"""The ``xueji`` command. 学籍命令行工具。

Exit codes (退出码, :mod:`liangshan_xueji.cli.output`): 0 success; 1 the command ran and found something
the user must act on (a refused act, audit findings); 2 bad arguments, bad input or an output that cannot
be written (the message says what and where, Chinese first; nothing was done); 3 missing holiday data for a
deadline (:class:`~liangshan_xueji.errors.CalendarDataMissing`); 70 an internal error (a bug: the message
names it, ``XUEJI_DEBUG=1`` shows the traceback); 130 interrupted (Ctrl-C); 143 terminated (SIGTERM).
Every error is one bilingual line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import textwrap
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any

from .. import __version__
from ..errors import CalendarDataMissing, InvalidInput, UnknownClause, XuejiError
from ..law.clauses import Clause, clause, clauses
from .audit import add_audit_parser, add_synth_parser
from .check import add_check_parser
from .forms import add_parser as _add_form
from .output import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_NO_CALENDAR_DATA,
    EXIT_OK,
    EXIT_SIGINT,
    EXIT_SIGTERM,
    EXIT_USAGE,
    os_reason,
    terminal_text,
)

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], int]


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps help only at spaces: a run of Chinese (which has none) is never cut mid-word."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = " ".join(text.split())
        return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))


class _Parser(argparse.ArgumentParser):
    """argparse with a bilingual error line; exits 2 like every argparse error. Help text is wrapped
    at spaces only (:class:`_HelpFormatter`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 参数错误 / error: {message}\n")


# ---------------------------------------------------------------------------------------------------
# xueji clauses [ID]


def _wrap(text: str, width: int = 40) -> str:
    return "\n".join(textwrap.wrap(text, width=width)) or text


def _show_clause(c: Clause) -> str:
    lines = [
        f"{c.id}  {c.title_zh} / {c.title_en}",
        f"出处 source: {c.source}",
        f"上级 parent: {c.parent or '—'}",
        "类型 kind: "
        + (
            "约束数据，本库检查 / binds data, checked here"
            if c.computable
            else "约束人员 / binds people"
        ),
        "",
        _wrap(c.text),
    ]
    if c.note_zh or c.note_en:
        lines += ["", f"本库的理解 reading: {c.note_zh}", f"  {c.note_en}"]
    kids = c.children
    if kids:
        lines += ["", "下级条款 children:"]
        lines += [f"  {k.id}  {k.title_zh} / {k.title_en}" for k in kids]
    return "\n".join(lines)


def _cmd_clauses(args: argparse.Namespace) -> int:
    if args.id is None:
        for c in clauses():
            indent = "  " * (c.id.count(".") if c.id[0].isdigit() else 0)
            mark = "" if c.computable else "  [人员 people]"
            print(f"{indent}{c.id}  {c.title_zh} / {c.title_en}{mark}")
        return EXIT_OK
    print(_show_clause(clause(args.id)))
    return EXIT_OK


def _add_clauses(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser(
        "clauses",
        help="条款目录 / list the clause catalog, or show one clause",
        description="列出全部条款，或显示一个条款的原文、标题和下级条款。"
        " / List every clause, or show one clause's text, title and children.",
    )
    p.add_argument("id", nargs="?", help="条款编号 clause ID, e.g. 2.1.6.3")
    p.set_defaults(handler=_cmd_clauses)


# ---------------------------------------------------------------------------------------------------
# xueji deadline START [--workdays N] [--notice FILE] [--provisional] [--clause ID] [--national]

#: The parameter that gives the default number of working days, by clause (others: transfers).
_DEADLINE_PARAMETERS = {"2.5": "death_report_workdays"}


def _cmd_deadline(args: argparse.Namespace) -> int:
    import datetime as dt

    from ..calendar.workdays import WorkCalendar, _provisional, deadline
    from ..errors import ParameterNotInForce
    from ..law.clauses import check_clause_id
    from ..law.parameters import DEFAULT_PARAMETERS

    try:
        start = dt.date.fromisoformat(args.start.strip())
    except ValueError:
        raise InvalidInput(
            f"无法识别的起始日期 {args.start!r}（格式 YYYY-MM-DD）",
            f"cannot read the start date {args.start!r} (write YYYY-MM-DD)",
            where="START",
        ) from None
    check_clause_id(args.clause, where="--clause")
    n: int = args.workdays
    if n is None:
        name = _DEADLINE_PARAMETERS.get(args.clause, "transfer_workdays")
        try:
            n = DEFAULT_PARAMETERS.int_value(name, start)
        except ParameterNotInForce:
            raise InvalidInput(
                f"起始日 {start} 早于规定生效日，没有默认的工作日数；请用 --workdays 指定",
                f"the start {start} is before the regulation took effect, so there is no default "
                f"number of working days; give --workdays",
                where="--workdays",
            ) from None
    calendar = WorkCalendar.national() if args.national else WorkCalendar.default()
    for path in args.notice or ():
        before = calendar
        calendar = calendar.with_notice_file(path)
        for year in calendar.years:
            if year not in before.years or calendar.notice_label(year) != before.notice_label(year):
                print(f"已加入放假通知 notice added: {year} {calendar.notice_label(year)} ({path})")
    result = deadline(start, n, calendar=calendar, provisional=args.provisional, clause=args.clause)
    shown = calendar
    if result.provisional:
        shown = _provisional(calendar, start, n)[0]
    zh_days = "一二三四五六日"
    en_days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

    def day(d: dt.date) -> str:
        return f"{d} 星期{zh_days[d.weekday()]} {en_days[d.weekday()]}"

    mark = "（暂定 / provisional）" if result.provisional else ""
    print(f"起始日 start:  {day(start)}（当日不计入 / not counted）")
    print(f"工作日 working days: {n}  [条款 clause {result.clause}]")
    print(f"日历 calendar: {calendar.name}")
    print(f"期限 due:      {day(result.due)}{mark}")
    if calendar.kind == "liangshan":
        # The national date beside the prefecture's, where it differs (clause 2.1.4's reading).
        try:
            other = deadline(start, n, calendar=WorkCalendar.national(), clause=args.clause)
        except CalendarDataMissing:
            print("全国日历 national calendar: 无数据 / no data")
        else:
            if other.due != result.due:
                print(f"全国日历 national calendar: {day(other.due)}（凉山州日历不同 / differs）")
    years = range(start.year + (start.month == 12 and start.day == 31), result.due.year + 1)
    cited = [f"{y} {shown.notice_label(y)}" for y in years]
    print(f"依据 notices:  {'; '.join(cited)}")
    notes = shown.explain(start, result.due)
    if notes:
        print("跳过的日子与调休上班日 / days skipped and adjusted working days:")
        for note in notes:
            print(f"  {note}")
    if result.provisional and result.provisional_reason is not None:
        print("注意：暂定期限 / NOTE: provisional deadline")
        print(f"  {result.provisional_reason.zh}")
        print(f"  {result.provisional_reason.en}")
    return EXIT_OK


def _add_deadline(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser(
        "deadline",
        help="工作日期限 / the due date N working days after START (clauses 2.1.4, 2.5)",
        description="计算起始日（不计入）之后第 N 个工作日（默认按凉山州的放假通知），列出跳过的节假日、"
        "周末和调休上班日，并在不同时列出全国日历的期限。 / The N-th working day after START (START not "
        "counted) on the Liangshan prefecture's calendar (the default), with the days skipped and "
        "why, and the national date beside it where it differs.",
    )
    p.add_argument("start", metavar="START", help="起始日 the day of the act, YYYY-MM-DD")
    p.add_argument(
        "--workdays",
        type=int,
        default=None,
        metavar="N",
        help="工作日数 working days (default: the clause's parameter, 10 for 2.1.4 and 2.5)",
    )
    p.add_argument(
        "--notice",
        action="append",
        metavar="FILE",
        help="加入一年的放假通知（TOML，可重复）/ add a year's notice file (TOML; repeatable)",
    )
    p.add_argument(
        "--provisional",
        action="store_true",
        help="缺数据时给出暂定期限 / estimate past the holiday data, marked provisional",
    )
    p.add_argument("--clause", default="2.1.4", metavar="ID", help="条款 clause (default 2.1.4)")
    p.add_argument(
        "--national",
        action="store_true",
        help="按全国（国务院）工作日计算，而非凉山州日历 / count on the national calendar, "
        "not the Liangshan prefecture's (the default)",
    )
    p.set_defaults(handler=_cmd_deadline)


# ---------------------------------------------------------------------------------------------------

_SUBCOMMANDS: list[Callable[[argparse._SubParsersAction[_Parser]], None]] = [
    add_audit_parser,
    add_check_parser,
    _add_clauses,
    _add_deadline,
    _add_form,
    add_synth_parser,
]


def build_parser() -> _Parser:
    """The argument parser of ``xueji`` (used by the docs too)."""
    parser = _Parser(
        prog="xueji",
        description="凉山州中小学生学籍管理实施规定（试行）的命令行工具。"
        " / The command line of the Liangshan student-status regulation.",
        epilog="退出码 exit codes: 0 成功 ok; 1 有待处理的结果 findings/refused; "
        "2 参数、输入或输出错误 bad arguments, input or output; 3 缺少节假日数据 missing holiday "
        "data; 70 内部错误 internal error; 130 中断 interrupted; 143 终止 terminated.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for add in _SUBCOMMANDS:
        add(sub)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every ``finally`` runs (workers, temporary files)."""


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (main() called from a thread): leave SIGTERM alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _error(zh: str, en: str) -> None:
    with_newline = f"xueji: {terminal_text(zh)} / {terminal_text(en)}\n"
    try:
        sys.stderr.write(with_newline)
        sys.stderr.flush()
    except OSError:  # pragma: no cover - stderr itself is gone
        pass


def _internal(exc: BaseException) -> int:
    """An exception that is not a :class:`XuejiError`: a bug. Its type and place, never its message
    (which may quote personal data); the traceback only with ``XUEJI_DEBUG=1``."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "liangshan_xueji" in f.filename] or frames
    place = f"{os.path.basename(ours[-1].filename)}:{ours[-1].lineno}" if ours else "?"
    name = type(exc).__name__
    _error(
        f"内部错误（{name}，位置 {place}），请报告此问题；设置 XUEJI_DEBUG=1 可显示详细信息",
        f"internal error ({name} at {place}): please report it; set XUEJI_DEBUG=1 for the details",
    )
    if os.environ.get("XUEJI_DEBUG"):
        traceback.print_exception(exc, file=sys.stderr)
    return EXIT_INTERNAL


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``xueji``; returns the exit code (the console script exits with it)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        with _sigterm_raises():
            return handler(args)
    except CalendarDataMissing as exc:
        print(f"xueji: {terminal_text(exc)}", file=sys.stderr)
        return EXIT_NO_CALENDAR_DATA
    except (InvalidInput, UnknownClause) as exc:
        print(f"xueji: {terminal_text(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except XuejiError as exc:
        print(f"xueji: {terminal_text(exc)}", file=sys.stderr)
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        _error("已中断", "interrupted")
        return EXIT_SIGINT
    except Terminated:
        _error("已终止", "terminated")
        return EXIT_SIGTERM
    except BrokenPipeError:  # `xueji clauses | head`: the reader went away, nothing to say
        _quiet_stdout()
        return EXIT_OK
    except OSError as exc:  # a file the library did not wrap: unreadable, a full disk, …
        where = f" {exc.filename}" if exc.filename else ""
        _error(
            f"无法读写{where}：{os_reason(exc)}", f"cannot read or write{where}: {os_reason(exc)}"
        )
        return EXIT_USAGE
    except RecursionError:
        _error("输入嵌套过深", "the input is nested too deep")
        return EXIT_USAGE
    except Exception as exc:
        return _internal(exc)


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the interpreter's final flush is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
