"""``xueji form``: print 附表1–4, prefilled from a record (or the built-in sample) and validated.

打印表格。``xueji form F1|F2|F3|F4 (--record FILE | --example) [--format html|md|txt] [--out FILE]``

- the form goes to stdout, or to ``--out FILE``; the validation's explanation goes to stderr;
- a refused validation (another student, a record in the wrong state, …) prints every reason to stderr,
  writes no form and exits 1 — unless ``--force``, which writes the form anyway (still exiting 1);
- bad arguments exit 2 (argparse), and so does a record or schools file that cannot be read
  (:class:`~liangshan_xueji.errors.InvalidInput`, mapped by :func:`liangshan_xueji.cli.app`).

Wired into ``cli.py`` by ``add_parser``; this module does not import ``cli`` (no import cycle).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput, os_reason
from .output import atomic_output, check_output, terminal_text, write_stdout

if TYPE_CHECKING:  # the forms, models and status machine load only when `xueji form` runs
    from ..forms import Form
    from ..forms.f4 import OrgLevel
    from ..records.models import Record, School
    from ..records.status import Context

__all__ = ["add_parser"]

_EXIT_OK = 0
_EXIT_REFUSED = 1

_FORM_IDS = ("F1", "F2", "F3", "F4")

#: The sample organisation of ``xueji form F4 --example`` (fictional use of a real county's bureau name).
_EXAMPLE_ORG = ("西昌市教育局", "县")

#: Options that belong to one form only: option dest → (form, flag).
_ONLY_FOR = {
    "use": ("F1", "--use"),
    "parties": ("F1", "--party"),
    "to_school": ("F1", "--to-school"),
    "to_class": ("F1", "--to-class"),
    "side": ("F2", "--side"),
    "materials": ("F2", "--material"),
    "school": ("F3", "--school"),
    "org": ("F4", "--org"),
    "level": ("F4", "--level"),
}


def _form_id(text: str) -> str:
    value = text.strip().upper()
    if value not in _FORM_IDS:
        raise argparse.ArgumentTypeError(
            f"表格应为 F1、F2、F3 或 F4，得到 {text!r} / FORM is F1, F2, F3 or F4, not {text!r}"
        )
    return value


def _level(text: str) -> OrgLevel:
    from ..forms.f4 import OrgLevel

    try:
        return OrgLevel.parse(text)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"无法识别的日期 {text!r}（格式 YYYY-MM-DD） / cannot read the date {text!r} (YYYY-MM-DD)"
        ) from None


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``xueji form`` to the subcommands ``sub`` of the ``xueji`` parser (clauses F1–F4)."""
    p = sub.add_parser(
        "form",
        help="打印附表1–4（预填、校验）/ print a form 附表1–4, prefilled and validated",
        description=(
            "由学籍（JSON）或内置虚构示例预填附表1–4，按所服务的条款校验，输出可打印的 A4 HTML、Markdown "
            "或纯文本。 / Prefill 附表1–4 from a record (JSON) or the built-in fictional sample, "
            "validate it against the clause it serves, and write printable A4 HTML, Markdown or text."
        ),
        epilog=(
            "退出码 exit codes: 0 已输出 written; 1 校验不通过（未输出，除非 --force）refused (nothing "
            "written unless --force); 2 参数或输入错误 bad arguments or input. "
            "例 example: xueji form F1 --example --out f1.html"
        ),
    )
    p.add_argument(
        "form_id",
        metavar="FORM",
        type=_form_id,
        help="F1 转学申请登记表 | F2 休（复）学申请表 | F3 实际在校就读证明表 | F4 数据管理安全承诺书",
    )
    source = p.add_mutually_exclusive_group()
    source.add_argument(
        "--record", metavar="FILE", help="学籍 JSON 文件 / a Record as JSON (serialization.to_json)"
    )
    source.add_argument(
        "--example",
        action="store_true",
        help="使用内置虚构示例 / use the built-in fictional sample",
    )
    p.add_argument(
        "--schools",
        metavar="FILE",
        help="学校 JSON 数组（配合 --record）/ a JSON array of schools, for --record",
    )
    p.add_argument(
        "--on",
        type=_date,
        metavar="YYYY-MM-DD",
        help="办理日期（默认：示例日期或今天）/ the date of the act (default: the sample's, or today)",
    )
    p.add_argument(
        "--format",
        choices=("html", "md", "txt"),
        default="html",
        help="输出格式 / output format (default html: printable A4)",
    )
    p.add_argument(
        "--out", metavar="FILE", help="写入文件（默认标准输出）/ write to FILE (default stdout)"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="校验不通过也输出表格（仍以 1 退出）/ write the form even when refused (still exit 1)",
    )
    f1 = p.add_argument_group("F1 附表1")
    f1.add_argument(
        "--use",
        choices=("national_system", "other"),
        default=None,
        help="用途：全国学籍系统（说明 2，默认）或其他（说明 3）/ the use: national_system (default) or other",
    )
    f1.add_argument(
        "--party",
        dest="parties",
        action="append",
        metavar="NAME",
        help="--use other 时当地教育主管部门确定的签章单位（可重复）/ a party the local authority "
        "named (repeatable)",
    )
    f1.add_argument(
        "--to-school", metavar="CODE", help="拟转入学校代码 / the receiving school's code"
    )
    f1.add_argument("--to-class", metavar="NAME", help="拟转入班级 / the receiving class")
    f2 = p.add_argument_group("F2 附表2")
    f2.add_argument(
        "--side",
        choices=("休学", "复学", "both"),
        default=None,
        help="休学、复学或两侧（默认按学籍状态）/ the side (default: by the record's status)",
    )
    f2.add_argument(
        "--material",
        dest="materials",
        action="append",
        metavar="KEY",
        help="已提交的证明材料代码（可重复），如 diagnosis / a material supplied (repeatable)",
    )
    f3 = p.add_argument_group("F3 附表3")
    f3.add_argument(
        "--school",
        metavar="CODE",
        help="出具证明的学校代码（默认学籍所在学校）/ the issuing school",
    )
    f4 = p.add_argument_group("F4 附表4")
    f4.add_argument("--org", metavar="NAME", help="签订单位名称 / the signing organisation")
    f4.add_argument(
        "--level",
        type=_level,
        metavar="州|县|校",
        help="签订层级：州、县（县市）或校（学校）/ the level: prefecture, county or school",
    )
    p.set_defaults(handler=_cmd_form, form_parser=p)


# ---------------------------------------------------------------------------------------------------


def _read_text(path: str, where: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc)
        raise InvalidInput(
            f"无法读取文件 {path}：{reason}", f"cannot read the file {path}: {reason}", where=where
        ) from None


def _at(path: str, exc: InvalidInput) -> InvalidInput:
    return InvalidInput(exc.zh, exc.en, where=f"{path}: {exc.where}" if exc.where else path)


def _load_record(path: str) -> Record:
    from ..records.models import Record
    from ..records.serialization import from_json

    text = _read_text(path, "--record")
    try:
        return from_json(text, Record)
    except InvalidInput as exc:
        raise _at(path, exc) from None
    except (RecursionError, ValueError):  # nested too deep, a 4,300-digit number
        raise InvalidInput(
            "学籍 JSON 嵌套过深或数字过长",
            "the record's JSON is nested too deep or holds too long a number",
            where=path,
        ) from None


def _load_schools(path: str) -> tuple[School, ...]:
    from ..records.models import School
    from ..records.serialization import from_dict

    text = _read_text(path, "--schools")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"不是有效的 JSON：{exc.msg}",
            f"not valid JSON: {exc.msg}",
            where=f"{path}: line {exc.lineno} column {exc.colno}",
        ) from None
    except (RecursionError, ValueError):
        raise InvalidInput(
            "学校 JSON 嵌套过深或数字过长",
            "the schools' JSON is nested too deep or holds too long a number",
            where=path,
        ) from None
    if not isinstance(data, list):
        raise InvalidInput(
            "学校文件应为 JSON 数组", "the schools file must be a JSON array", where=path
        )
    schools: list[School] = []
    for i, item in enumerate(data):
        try:
            schools.append(from_dict(item, School))
        except InvalidInput as exc:
            raise InvalidInput(exc.zh, exc.en, where=f"{path}: [{i}]") from None
    return tuple(schools)


def _check_options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    for dest, (form_id, flag) in _ONLY_FOR.items():
        if getattr(args, dest) is not None and args.form_id != form_id:
            parser.error(f"{flag} 只用于 {form_id} / {flag} is for {form_id} only")
    if args.form_id == "F4":
        if args.record is not None or args.schools is not None:
            parser.error("F4 不涉及学生学籍 / F4 takes no --record or --schools")
        if not args.example and (args.org is None or args.level is None):
            parser.error("F4 需要 --org 和 --level（或 --example）/ F4 needs --org and --level")
    elif not args.example and args.record is None:
        parser.error(
            f"{args.form_id} 需要 --record FILE 或 --example / {args.form_id} needs --record or --example"
        )
    if args.form_id == "F1" and args.record is not None and args.schools is None:
        parser.error(
            "F1 需要 --schools FILE（原就读学校和拟转入学校）/ F1 with --record needs --schools FILE"
        )
    if args.schools is not None and args.record is None:
        parser.error("--schools 只与 --record 一起使用 / --schools goes with --record")


def _record_and_context(args: argparse.Namespace) -> tuple[Record, Context]:
    from .. import examples
    from ..forms.f2 import F2Side, parse_sides
    from ..records.status import Context

    if args.example:
        sides = parse_sides(args.side) if args.side is not None else frozenset()
        resuming = F2Side.RESUMPTION in sides
        record = examples.example_suspended_record() if resuming else examples.example_record()
        print(examples.FICTIONAL_NOTICE, file=sys.stderr)
        return record, examples.example_context(args.on or examples.EXAMPLE_DATE)
    record = _load_record(args.record)
    schools = _load_schools(args.schools) if args.schools is not None else ()
    on = args.on if args.on is not None else _dt.date.today()
    return record, Context(on=on, schools=schools)


def _cmd_form(args: argparse.Namespace) -> int:
    from ..forms import F1Use, prefill_f1, prefill_f2, prefill_f3, prefill_f4, render, validate

    parser: argparse.ArgumentParser = args.form_parser
    _check_options(args, parser)
    inputs = [f for f in (args.record, args.schools) if f is not None]
    out = check_output(args.out, "--out", inputs) if args.out is not None else None
    form: Form
    if args.form_id == "F4":
        if args.example:
            print("示例单位 / sample organisation", file=sys.stderr)
        org = args.org if args.org is not None else _EXAMPLE_ORG[0]
        level = args.level if args.level is not None else _EXAMPLE_ORG[1]
        form = prefill_f4(org, level)
        decision = validate(form)
    else:
        record, context = _record_and_context(args)
        if args.form_id == "F1":
            form = prefill_f1(
                record,
                context,
                use=args.use or F1Use.NATIONAL_SYSTEM,
                parties=args.parties or (),
            )
            decision = validate(
                form, record, context, to_school=args.to_school, to_class=args.to_class
            )
        elif args.form_id == "F2":
            form = prefill_f2(record, context, sides=args.side)
            decision = validate(form, record, context, materials=args.materials or ())
        else:
            form = prefill_f3(record, context, school_code=args.school)
            decision = validate(form, record, context)
    explained = decision.explain().splitlines()  # each line without terminal controls
    print("\n".join(terminal_text(line) for line in explained), file=sys.stderr)
    if not decision.allowed and not args.force:
        print(
            "校验不通过，未输出表格（可用 --force 强制输出）/ refused: no form written (--force writes it)",
            file=sys.stderr,
        )
        return _EXIT_REFUSED
    text = render(form, args.format)
    if out is None:
        write_stdout(text)
    else:
        with atomic_output(out, "--out") as f:  # 0600: a form holds personal data (7.1, 8.2)
            f.write(text)
        print(f"已写入 wrote {args.out}", file=sys.stderr)
    return _EXIT_OK if decision.allowed else _EXIT_REFUSED
