"""``xueji audit`` and ``xueji synth``: the audit of a roster and synthetic rosters on the command line.

学籍审核与合成名册的命令行。``cli.py`` wires them in with :func:`add_audit_parser` and
:func:`add_synth_parser`. Exit codes of ``xueji audit``: 0 no finding and no rejected row; 1 findings,
rejected rows or check errors (the audit ran: see the report); 2 bad arguments, unreadable input or an
output that cannot be written (nothing audited: outputs are checked first); 70 an internal error; 130/143
interrupted/terminated (:mod:`liangshan_xueji.cli.output`).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import importlib.resources
import io
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from ..audit.runner import AuditStats, audit_roster, gc_tuned
from ..calendar.workdays import WorkCalendar
from ..errors import InvalidInput
from ..io.roster import Rejected, RosterInput, RosterNotGrouped, RosterReader
from ..law.clauses import CLAUSE_IDS, clause
from ..records.findings import Finding, Severity
from ..records.models import School
from ..records.status import Context
from .output import (
    EXIT_FINDINGS,
    EXIT_OK,
    atomic_output,
    check_distinct,
    check_output,
    csv_writer,
    os_reason,
    stdout_error,
    terminal_text,
)
from .params import add_parameter_options, parameters_from

__all__ = ["add_audit_parser", "add_synth_parser", "finding_row", "run_audit", "run_synth"]


#: The columns of ``--format csv`` (and the keys of each finding in ``--format json``).
FINDING_COLUMNS = (
    "clause",
    "clause_title",
    "severity",
    "severity_en",
    "county",
    "school_code",
    "school_name",
    "student",
    "student_name",
    "grade",
    "class_name",
    "zh",
    "en",
    "evidence",
    "due",
    "found_on",
)


# --------------------------------------------------------------------------------------------------
# Arguments


def _date(text: str, where: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"无法识别的日期 {text!r}（格式 YYYY-MM-DD）",
            f"cannot read the date {text!r} (write YYYY-MM-DD)",
            where=where,
        ) from None


def add_audit_parser(sub: Any) -> None:
    """Add ``xueji audit`` to the ``xueji`` sub-commands."""
    p = sub.add_parser(
        "audit",
        help="审核名册 / audit a roster against the regulation (8.1, 8.3)",
        description="对名册中的每条学籍运行全部检查，列出每项违规或逾期及其条款。"
        " / Run every check over every record of a roster and list each breach or overdue act "
        "with its clause. 退出码 exit codes: 0 无发现 none; 1 有发现或被拒绝的行 findings or "
        "rejected rows; 2 参数、输入或输出错误 bad arguments, unreadable input or unwritable output; "
        "70 内部错误 internal error; 130/143 中断 interrupted.",
    )
    p.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="名册目录（roster.csv、events.csv、schools.csv）或名册文件（.csv/.jsonl） / a roster "
        "directory or file",
    )
    p.add_argument(
        "--example", action="store_true", help="审核随包附带的示例名册 / audit the bundled example"
    )
    p.add_argument(
        "--as-of",
        metavar="DATE",
        help="审核日期 YYYY-MM-DD（默认：目录中 manifest.json 的导出日期，否则今天）/ the as-of date "
        "(default: the export date in the directory's manifest.json, else today)",
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="输出格式 output format (default table: a summary and the first findings)",
    )
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="进程数 processes (default 1)")
    p.add_argument(
        "--out", metavar="FILE", help="输出文件（默认标准输出）/ output file (default stdout)"
    )
    p.add_argument(
        "--encoding",
        metavar="ENC",
        help="文件编码 utf-8、utf-8-sig 或 gb18030（默认自动检测）/ encoding (default: detected)",
    )
    p.add_argument("--events", metavar="FILE", help="异动文件 the events file (events.csv)")
    p.add_argument("--schools", metavar="FILE", help="学校表 the schools file (schools.csv)")
    p.add_argument(
        "--reveal",
        action="store_true",
        help="显示完整学籍号（默认遮蔽，7.1、8.2）/ show full student numbers (masked by default)",
    )
    p.add_argument(
        "--regroup",
        action="store_true",
        help="先按学校重新分组（外部排序，内存有界）/ re-group by school first (external sort); "
        "done automatically when a school's rows are found apart",
    )
    p.add_argument(
        "--no-cross-school",
        action="store_true",
        help="不做全州跨校重复学籍检查（3.3、1.2）/ skip the prefecture-wide duplicate check "
        "(3.3, 1.2)",
    )
    p.add_argument(
        "--csv-encoding",
        choices=("utf-8-sig", "utf-8", "gb18030"),
        default="utf-8-sig",
        help=(
            "写出 CSV 文件（--out、--rejects）的编码；默认带 BOM 的 UTF-8，中文 Windows 的 Excel 可直接打开"
            " / encoding of the CSV files written (--out, --rejects); default UTF-8 with a BOM, which "
            "Excel on Chinese Windows opens as it is"
        ),
    )
    p.add_argument(
        "--rejects",
        metavar="FILE",
        help="把全部被拒绝的行写入 CSV / write every rejected row to a CSV",
    )
    p.add_argument(
        "--limit",
        type=int,
        default=30,
        metavar="N",
        help="表格中列出的发现条数 findings listed by --format table (default 30)",
    )
    p.add_argument(
        "--provisional",
        action="store_true",
        help="节假日数据之外的期限按暂定计算 / estimate deadlines past the holiday data",
    )
    p.add_argument(
        "--national",
        action="store_true",
        help="工作日期限按全国日历，而非凉山州日历（默认）/ count working-day deadlines on the "
        "national calendar, not the Liangshan prefecture's (the default)",
    )
    p.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="进度条（stderr；auto：终端时显示）/ progress bar on stderr (auto: when a terminal)",
    )
    add_parameter_options(p)
    p.set_defaults(handler=run_audit)


def add_synth_parser(sub: Any) -> None:
    """Add ``xueji synth`` to the ``xueji`` sub-commands."""
    from ..synth import DEFAULT_AS_OF, MIN_STUDENTS

    p = sub.add_parser(
        "synth",
        help="生成合成名册及违规真值 / write a synthetic roster with seeded breaches and their truth",
        description="按凉山州的县市、学校和年级生成确定性的合成名册（roster.csv、events.csv、"
        "schools.csv），并写出所植入违规的真值 truth.csv。 / Write a deterministic synthetic roster "
        "modelled on Liangshan and the ground truth of the breaches seeded in it.",
    )
    p.add_argument(
        "--students",
        type=int,
        required=True,
        metavar="N",
        help=f"学生数（至少 {MIN_STUDENTS}）/ number of students (at least {MIN_STUDENTS})",
    )
    p.add_argument("--seed", type=int, default=0, metavar="S", help="随机种子 seed (default 0)")
    p.add_argument("--out", required=True, metavar="DIR", help="输出目录 output directory")
    p.add_argument(
        "--as-of",
        metavar="DATE",
        default=DEFAULT_AS_OF.isoformat(),
        help=f"导出日期 the export date (default {DEFAULT_AS_OF})",
    )
    p.add_argument(
        "--breach-rate",
        type=float,
        default=0.005,
        metavar="R",
        help="植入违规的学生比例 share of students with a breach (default 0.005)",
    )
    p.add_argument(
        "--story-rate",
        type=float,
        default=0.05,
        metavar="R",
        help="有合法异动历史的学生比例 share with a lawful history (default 0.05)",
    )
    p.set_defaults(handler=run_synth)


# --------------------------------------------------------------------------------------------------
# Findings as rows


def finding_row(f: Finding, schools: dict[str, School], *, reveal: bool = False) -> dict[str, str]:
    """A finding as the strings of :data:`FINDING_COLUMNS` (the student masked unless ``reveal``)."""
    school = schools.get(f.school_code)
    return {
        "clause": f.clause,
        "clause_title": f"{clause(f.clause).title_zh} / {clause(f.clause).title_en}",
        "severity": f.severity.value,
        "severity_en": f.severity.en,
        "county": f.county,
        "school_code": f.school_code,
        "school_name": school.name if school is not None else "",
        "student": f.student_value(reveal=reveal),
        "student_name": f.student_name_value(reveal=reveal),
        "grade": f.grade.label_zh if f.grade is not None else "",
        "class_name": f.class_name,
        "zh": f.zh,
        "en": f.en,
        "evidence": f.evidence,
        "due": f.due.isoformat() if f.due else "",
        "found_on": f.found_on.isoformat(),
    }


def _rejected_row(r: Rejected) -> dict[str, Any]:
    return {
        "file": r.file,
        "line": r.line,
        "column": r.column,
        "column_name": r.column_name,
        "zh": r.zh,
        "en": r.en,
    }


# --------------------------------------------------------------------------------------------------
# Progress


class _Progress:
    """A one-line progress bar on stderr for runs longer than a second (when enabled)."""

    def __init__(self, enabled: bool, reader: Callable[[], tuple[int, int, int]]) -> None:
        self.enabled = enabled
        self.reader = reader
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < 1.0 or now - self.last < 0.2:
            return
        self.last = now
        done, total, rows = self.reader()
        pct = 100.0 * done / total if total else 0.0
        rate = rows / (now - self.start)
        width = 24
        filled = int(width * pct / 100)
        bar = "█" * filled + "·" * (width - filled)
        sys.stderr.write(f"\r审核 auditing [{bar}] {pct:5.1f}%  {rows:,} 行 rows  {rate:,.0f}/s ")
        sys.stderr.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 78 + "\r")
            sys.stderr.flush()


# --------------------------------------------------------------------------------------------------
# The example roster


@contextlib.contextmanager
def example_roster() -> Iterator[Path]:
    """The directory of the bundled example roster (``liangshan_xueji/data/example_roster``)."""
    root = importlib.resources.files("liangshan_xueji").joinpath("data").joinpath("example_roster")
    if isinstance(root, Path) and root.is_dir():
        yield root
        return
    with tempfile.TemporaryDirectory(prefix="xueji-example-") as tmp:  # pragma: no cover - zipped
        for name in ("roster.csv", "events.csv", "schools.csv", "manifest.json", "truth.csv"):
            (Path(tmp) / name).write_bytes(root.joinpath(name).read_bytes())
        yield Path(tmp)


def _manifest_as_of(directory: Path) -> _dt.date | None:
    path = directory / "manifest.json"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _dt.date.fromisoformat(str(data["as_of"]))
    except (ValueError, KeyError, TypeError, OSError):
        return None


# --------------------------------------------------------------------------------------------------
# Output


class _Output:
    """Collects the findings of one run: all of them spooled to a temporary file (json, csv), the
    first ``limit`` kept for the table; :meth:`reset` forgets them when the run restarts."""

    def __init__(self, fmt: str, limit: int, schools: dict[str, School], reveal: bool) -> None:
        self.fmt = fmt
        self.limit = limit
        self.schools = schools
        self.reveal = reveal
        self.kept: list[Finding] = []
        self.spool: IO[str] | None = None
        self.count = 0
        self.reset()

    def reset(self) -> None:
        if self.spool is not None:
            self.spool.close()
        self.spool = (
            tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
            if self.fmt != "table"
            else None
        )
        self._csv = csv_writer(self.spool) if self.spool is not None else None
        self.kept = []
        self.count = 0

    def add(self, f: Finding) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(f)
        if self.spool is not None:
            row = finding_row(f, self.schools, reveal=self.reveal)
            if self.fmt == "csv":
                assert self._csv is not None
                self._csv.writerow([row[c] for c in FINDING_COLUMNS])  # neutralised cells
            else:
                if self.count:
                    self.spool.write(",\n")
                self.spool.write("    " + json.dumps(row, ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()
            self.spool = None

    def copy_spool(self, out: IO[str]) -> None:
        assert self.spool is not None
        self.spool.flush()
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, out)


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (CJK characters take two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)


def _clause_key(cid: str) -> int:
    return CLAUSE_IDS.index(cid) if cid in CLAUSE_IDS else len(CLAUSE_IDS)


def _summary_dict(stats: AuditStats) -> dict[str, Any]:
    return {
        "rows_read": stats.rows_read,
        "rows_rejected": stats.rows_rejected,
        "records_audited": stats.records_audited,
        "events_read": stats.events_read,
        "events_rejected": stats.events_rejected,
        "schools_rejected": stats.schools_rejected,
        "findings": stats.findings,
        "by_severity": {s.en: stats.by_severity.get(s.name, 0) for s in Severity},
        "by_clause": {c: stats.by_clause[c] for c in sorted(stats.by_clause, key=_clause_key)},
        "by_county": dict(stats.by_county.most_common()),
        "by_school": dict(stats.by_school.most_common()),
        "check_errors": stats.check_errors_total,
        "regrouped": stats.regrouped,
    }


def _table(
    stats: AuditStats,
    out: _Output,
    *,
    as_of_line: str,
    inputs: str,
    schools: dict[str, School],
    reveal: bool,
) -> str:
    """The table report; every line passes :func:`terminal_text` (a school name holding ESC or a
    newline cannot fake a line of the report)."""
    w = io.StringIO()

    def p(*lines: str) -> None:
        for line in lines:
            w.write(terminal_text(line) + "\n")

    sev = {s.name: stats.by_severity.get(s.name, 0) for s in Severity}
    p("凉山州中小学生学籍审核 · liangshan_xueji audit（凉教基〔2016〕14号）")
    p(f"审核日期 as of   {as_of_line}")
    p(f"输入 input       {inputs}")
    p(
        f"名册 roster      读取 read {stats.rows_read:,} 行 rows · 拒绝 rejected {stats.rows_rejected:,}"
        f" · 审核 audited {stats.records_audited:,}"
    )
    if stats.events_read or stats.events_rejected:
        p(
            f"异动 events      读取 read {stats.events_read:,} 行 rows · 拒绝 rejected "
            f"{stats.events_rejected:,}"
        )
    if stats.regrouped:
        p("分组 grouping    名册已按学校重新分组 / the roster was re-grouped by school")
    p(
        f"发现 findings    {stats.findings:,}（违规 breach {sev['BREACH']:,} · 逾期 overdue "
        f"{sev['OVERDUE']:,} · 提示 notice {sev['NOTICE']:,}）"
    )
    if stats.by_clause:
        p("", "按条款 by clause")
        for cid in sorted(stats.by_clause, key=_clause_key):
            c = clause(cid)
            p(f"  {cid:<8} {stats.by_clause[cid]:>7,}  {c.title_zh} / {c.title_en}")
        p("", "按县市 by county")
        for county, n in stats.by_county.most_common():
            p(f"  {_pad(terminal_text(county) or '（未知 unknown）', 16)} {n:>7,}")
        top = stats.by_school.most_common(20)
        more = len(stats.by_school) - len(top)
        p("", f"按学校 by school（前 {len(top)} 所 / top {len(top)}）")
        for code, n in top:
            s = schools.get(code)
            p(f"  {code:<12} {n:>6,}  {s.name if s else ''}（{s.county if s else ''}）")
        if more > 0:
            p(f"  …… 另有 {more} 所学校 / {more} more schools (--format json)")
        p(
            "",
            f"发现明细 findings（前 {len(out.kept)} 条；全部请用 --format csv 或 json / first "
            f"{len(out.kept)}; all with --format csv or json）",
        )
        for f in out.kept:
            due = f"  期限 due {f.due}" if f.due else ""
            s = schools.get(f.school_code)
            where = f"{f.school_code} {terminal_text(s.name)}" if s is not None else f.school_code
            who = "（学校 school）"
            if f.student is not None:
                grade = f" {f.grade.label_zh}" if f.grade is not None else ""
                name = terminal_text(f.student_name_value(reveal=reveal))
                who = f"{f.student_value(reveal=reveal)} {name}{grade}{terminal_text(f.class_name)}"
            p(
                f"  [{f.clause}] {f.severity.value} {f.severity.en} · {where} · {who}{due}",
                f"      {f.zh}",
                f"      {f.en}",
            )
    if stats.rejected_total:
        shown = stats.rejected_sorted[:20]
        p(
            "",
            f"被拒绝的行 rejected rows（{stats.rejected_total:,}；前 {len(shown)} 行 / first "
            f"{len(shown)}; all with --rejects FILE）",
        )
        for r in shown:
            p(f"  {r}")
    if stats.check_errors_total:
        p("", f"检查出错 check errors（{stats.check_errors_total:,}）")
        for e in stats.check_errors[:20]:
            p(f"  {e}")
    if stats.findings or stats.rejected_total or stats.check_errors_total:
        p(
            "",
            "退出码 1：有发现或被拒绝的行，请学校逐条核实整改。下一步：--format csv --out FILE "
            "导出全部发现（可用 Excel 打开）；--rejects FILE 保存被拒绝的行；--reveal 显示完整学籍号和姓名"
            "（仅限授权人员，8.2）。",
            "Exit 1: findings or rejected rows for the schools to check and put right. Next: "
            "--format csv --out FILE for every finding (opens in Excel); --rejects FILE for the "
            "rejected rows; --reveal for full student numbers and names (authorised staff only, 8.2).",
        )
    return w.getvalue()


# --------------------------------------------------------------------------------------------------
# xueji audit


def run_audit(args: argparse.Namespace) -> int:
    """``xueji audit``: returns the exit code (0, 1; bad input raises :class:`InvalidInput` → 2).

    Every output path (``--out``, ``--rejects``) is checked before the audit starts
    (:func:`~liangshan_xueji.cli.output.check_output`): a mistyped path can never destroy an input.
    """
    if args.example and args.path:
        raise InvalidInput(
            "PATH 与 --example 只能选一个", "give PATH or --example, not both", where="PATH"
        )
    if not args.example and not args.path:
        raise InvalidInput(
            "请给出名册路径 PATH，或用 --example 审核示例名册",
            "give a roster PATH, or --example for the bundled example",
            where="PATH",
        )
    if args.jobs < 1:
        raise InvalidInput("--jobs 应为正整数", "--jobs must be a positive integer", where="--jobs")
    if args.limit < 0:
        raise InvalidInput("--limit 不能为负", "--limit must not be negative", where="--limit")
    as_of_arg = _date(args.as_of, "--as-of") if args.as_of else None
    parameters_from(args)  # bad --parameter settings fail before any input is read
    with contextlib.ExitStack() as stack:
        path = stack.enter_context(example_roster()) if args.example else Path(args.path)
        source = RosterInput.from_path(
            path, events=args.events, schools=args.schools, encoding=args.encoding
        )
        inputs = [path, source.roster, *(f for f in (source.events, source.schools) if f)]
        check_distinct({"--out": args.out, "--rejects": args.rejects})
        out = check_output(args.out, "--out", inputs) if args.out else None
        rejects = check_output(args.rejects, "--rejects", inputs) if args.rejects else None
        if as_of_arg is not None:
            as_of = as_of_arg
            as_of_line = f"{as_of}（--as-of）"
        else:
            found = _manifest_as_of(path) if path.is_dir() else None
            if found is not None:
                as_of = found
                what = (
                    "示例名册的导出日期 / the example roster's export date"
                    if args.example
                    else ("manifest.json 的导出日期 / the export date in manifest.json")
                )
                as_of_line = f"{as_of}（{what}）"
            else:
                as_of = _dt.date.today()  # the CLI may read the clock; policy code never does
                as_of_line = f"{as_of}（今天；可用 --as-of 指定 / today; set it with --as-of）"
        return _audit(args, source, as_of, as_of_line, out, rejects)
    raise AssertionError("unreachable")  # pragma: no cover


def _audit(
    args: argparse.Namespace,
    source: RosterInput,
    as_of: _dt.date,
    as_of_line: str,
    out_path: Path | None,
    rejects_path: Path | None,
) -> int:
    regroup = bool(args.regroup)
    progress_enabled = args.progress == "always" or (
        args.progress == "auto" and sys.stderr.isatty()
    )
    while True:
        stats = AuditStats()
        try:
            with contextlib.ExitStack() as stack:
                rejects_writer = None
                if rejects_path is not None:  # a temporary file, renamed only once complete
                    rejects_file = stack.enter_context(
                        atomic_output(rejects_path, "--rejects", encoding=args.csv_encoding)
                    )
                    rejects_writer = csv_writer(rejects_file)
                    rejects_writer.writerow(["file", "line", "column", "column_name", "zh", "en"])

                def sink(r: Rejected, w: Any = rejects_writer, stats: AuditStats = stats) -> None:
                    stats.add_rejected(r)
                    if w is not None:
                        w.writerow([r.file, r.line, r.column or "", r.column_name, r.zh, r.en])

                reader = stack.enter_context(RosterReader(source, regroup=regroup, on_reject=sink))
                context = Context(
                    on=as_of,
                    schools=reader.schools,
                    provisional_deadlines=args.provisional,
                    calendar=WorkCalendar.national() if args.national else None,
                    parameters=parameters_from(args),
                )
                output = _Output(args.format, args.limit, reader.schools, args.reveal)
                stack.callback(output.close)
                progress = _Progress(
                    progress_enabled,
                    lambda r=reader: (*r.progress(), r.rows_read),  # type: ignore[misc]
                )
                try:
                    with gc_tuned():
                        for f in audit_roster(
                            reader,
                            context,
                            jobs=args.jobs,
                            stats=stats,
                            on_block=progress.update,
                            cross_school=not args.no_cross_school,
                        ):
                            output.add(f)
                finally:
                    progress.finish()
                encodings = dict(reader.encodings)
                unknown = dict(reader.unknown_columns)
                schools = reader.schools
                inputs = " · ".join(f"{name} ({enc})" for name, enc in encodings.items())
                if unknown:
                    inputs += " · 忽略的列 ignored columns: " + "; ".join(
                        f"{k}: {', '.join(v)}" for k, v in unknown.items()
                    )
                _write(args, out_path, stats, output, as_of, as_of_line, inputs, schools)
            break
        except RosterNotGrouped as exc:
            if regroup:
                raise
            print(
                f"xueji: {terminal_text(exc)}\nxueji: 按学校重新分组后重新审核 / re-grouping by "
                "school and auditing again",
                file=sys.stderr,
            )
            regroup = True
    failed = stats.findings or stats.rejected_total or stats.check_errors_total
    return EXIT_FINDINGS if failed else EXIT_OK


def _write(
    args: argparse.Namespace,
    out_path: Path | None,
    stats: AuditStats,
    output: _Output,
    as_of: _dt.date,
    as_of_line: str,
    inputs: str,
    schools: dict[str, School],
) -> None:
    from .. import __version__

    encoding = args.csv_encoding if args.format == "csv" else "utf-8"
    with _destination(out_path, encoding) as out:
        if args.format == "table":
            out.write(
                _table(
                    stats,
                    output,
                    as_of_line=as_of_line,
                    inputs=inputs,
                    schools=schools,
                    reveal=args.reveal,
                )
            )
        elif args.format == "csv":
            csv_writer(out).writerow(FINDING_COLUMNS)
            output.copy_spool(out)
        else:
            head = {
                "tool": "xueji audit",
                "version": __version__,
                "regulation": "凉教基〔2016〕14号",
                "as_of": as_of.isoformat(),
                "as_of_source": as_of_line,
                "input": inputs,
                "summary": _summary_dict(stats),
            }
            text = json.dumps(head, ensure_ascii=False, indent=2)
            out.write(text[: text.rfind("}")].rstrip() + ',\n  "findings": [\n')
            output.copy_spool(out)
            out.write("\n  ],\n")
            tail = {
                "rejected": [_rejected_row(r) for r in stats.rejected_sorted],
                "rejected_total": stats.rejected_total,
                "check_errors": stats.check_errors,
            }
            body = json.dumps(tail, ensure_ascii=False, indent=2)
            out.write("  " + body[1:].lstrip())
            out.write("\n")
    if args.format != "table":
        sev = {s.name: stats.by_severity.get(s.name, 0) for s in Severity}
        print(
            f"xueji audit: {as_of_line} · 读取 read {stats.rows_read:,} · 拒绝 rejected "
            f"{stats.rows_rejected:,} · 审核 audited {stats.records_audited:,} · 发现 findings "
            f"{stats.findings:,}（违规 breach {sev['BREACH']:,} · 逾期 overdue {sev['OVERDUE']:,} · "
            f"提示 notice {sev['NOTICE']:,}）",
            file=sys.stderr,
        )


@contextlib.contextmanager
def _destination(path: Path | None, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """stdout, or ``path`` (checked before the audit) written through a temporary file, 0600, in
    ``encoding``."""
    if path is None:
        try:
            yield sys.stdout
            sys.stdout.flush()
        except OSError as exc:  # a full disk, a closed pipe
            raise stdout_error(exc) from None
        return
    with atomic_output(path, "--out", encoding=encoding) as f:
        yield f


# --------------------------------------------------------------------------------------------------
# xueji synth


def run_synth(args: argparse.Namespace) -> int:
    """``xueji synth``: write a synthetic roster; returns 0."""
    from ..synth import synthesize

    as_of = _date(args.as_of, "--as-of")
    target = Path(args.out)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise InvalidInput(
            f"--out {args.out}：已存在且不是目录",
            f"--out {args.out}: exists and is not a directory",
            where="--out",
        )
    try:
        summary = synthesize(
            target,
            students=args.students,
            seed=args.seed,
            as_of=as_of,
            breach_rate=args.breach_rate,
            story_rate=args.story_rate,
        )
    except OSError as exc:
        raise InvalidInput(
            f"无法写入目录 {args.out}：{os_reason(exc)}",
            f"cannot write the directory {args.out}: {os_reason(exc)}",
            where="--out",
        ) from None
    print(
        f"已生成 wrote {summary.students:,} 名学生 students · {summary.schools} 所学校 schools · "
        f"{summary.events:,} 行异动 event rows · {summary.truth} 项植入的违规与提示 seeded breaches and notices "
        f"(as of {summary.as_of}, seed {summary.seed}) → {summary.directory}\n"
        "  roster.csv  events.csv  schools.csv  truth.csv  manifest.json"
    )
    return EXIT_OK
