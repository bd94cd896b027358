"""``xueji check``: may this student transfer, suspend, resume …? The explained decision of one act.

能否办理。``xueji check ACT (--record FILE --schools FILE | --example) [--on DATE] [options]`` builds the
act's event from the options, judges it with :func:`liangshan_xueji.evaluate` and prints the decision:
allowed or refused, every reason with its clause, the materials still missing and the deadline.

- ``ACT``: ``transfer`` (转学, 2.1; ``--to-school``, ``--to-class``), ``suspend`` (休学, 2.2.1),
  ``extend`` (继续休学, 2.2.4), ``resume`` (复学, 2.2.2), ``promote`` (升级, 3.1), ``graduate`` (毕业, 3.1),
  ``retain`` (留级, 2.3), ``demote`` (降级, 2.3);
- ``--material KEY`` (repeatable) names each piece of evidence supplied; ``--school-agrees``,
  ``--authority-approves``, ``--advised-rest-months N`` and ``--filed-with-prefecture`` give the rest;
- exit 0 when the act is allowed, 1 when it is refused, 2 for bad arguments or input (the message says
  what and where, Chinese first); personal data stay masked in what is printed.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from .forms import _date, _load_record, _load_schools
from .params import add_parameter_options, parameters_from

if TYPE_CHECKING:
    from ..decisions import Decision
    from ..records.models import Record
    from ..records.status import Context, StatusEvent

__all__ = ["ACTS", "add_check_parser"]

_EXIT_ALLOWED = 0
_EXIT_REFUSED = 1

#: The acts ``xueji check`` judges: name → (Chinese name, clause, the options it takes).
ACTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "transfer": ("转学", "2.1", ("to_school", "to_class", "materials")),
    "suspend": (
        "休学",
        "2.2.1",
        (
            "materials",
            "advised_rest_months",
            "school_agrees",
            "authority_approves",
            "filed_with_prefecture",
        ),
    ),
    "extend": ("继续休学", "2.2.4", ("materials", "school_agrees")),
    "resume": ("复学", "2.2.2", ("materials", "school_agrees", "authority_approves")),
    "promote": ("升级", "3.1", ()),
    "graduate": ("毕业", "3.1", ()),
    "retain": ("留级", "2.3", ("materials",)),
    "demote": ("降级", "2.3", ()),
}

#: Each option's flag, for messages that name what the user typed.
_FLAGS = {
    "to_school": "--to-school",
    "to_class": "--to-class",
    "materials": "--material",
    "advised_rest_months": "--advised-rest-months",
    "school_agrees": "--school-agrees",
    "authority_approves": "--authority-approves",
    "filed_with_prefecture": "--filed-with-prefecture",
}


def _act(text: str) -> str:
    value = text.strip().lower()
    if value not in ACTS:
        names = "、".join(ACTS)
        raise argparse.ArgumentTypeError(
            f"不认识的操作 {text!r}，可选：{names} / unknown act {text!r}; one of: {', '.join(ACTS)}"
        )
    return value


def _months(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > 120:
        raise argparse.ArgumentTypeError(
            f"月数应为 0–120 的整数，得到 {text!r} / months must be a whole number 0–120, not {text!r}"
        )
    return int(text)


def add_check_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Wire ``xueji check`` into the command's subparsers."""
    acts = ", ".join(f"{name} ({zh}, {clause})" for name, (zh, clause, _o) in ACTS.items())
    p = sub.add_parser(
        "check",
        help="判断一项学籍操作能否办理，并说明理由 / may this student transfer, suspend, resume …?",
        description=(
            "判断一项学籍操作能否办理：允许或拒绝、每条理由及其条款、缺少的材料和期限。"
            f" / Judge one act on a student's record, with every reason and its clause. ACT: {acts}."
        ),
        epilog="退出码 exit codes: 0 允许 allowed; 1 拒绝 refused; 2 参数或输入错误 bad arguments or input.",
    )
    p.add_argument("act", type=_act, metavar="ACT", help="操作 the act: " + ", ".join(ACTS))
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--record", metavar="FILE", help="学籍 JSON 文件 / the record (JSON)")
    source.add_argument(
        "--example", action="store_true", help="使用内置虚构示例 / use the fictional sample"
    )
    p.add_argument("--schools", metavar="FILE", help="学校 JSON 数组 / the schools (a JSON array)")
    p.add_argument(
        "--on", type=_date, metavar="DATE", help="操作日期 / the act's date (default: today)"
    )
    p.add_argument("--to-school", metavar="CODE", help="转入学校代码 / receiving school's code")
    p.add_argument("--to-class", metavar="NAME", help="转入班级 / receiving class")
    p.add_argument(
        "--material",
        dest="materials",
        action="append",
        metavar="KEY",
        help="已提供的材料（可重复）/ a material supplied (repeatable)",
    )
    p.add_argument(
        "--advised-rest-months",
        type=_months,
        metavar="N",
        help="医院建议休息的月数 / months of rest the hospital advised",
    )
    for flag, zh, en in (
        ("--school-agrees", "学校同意", "the school agrees"),
        ("--authority-approves", "教育主管部门审核通过", "the authority approves"),
        ("--filed-with-prefecture", "已报州教育局备案", "filed with the prefecture bureau"),
    ):
        p.add_argument(flag, action="store_const", const=True, help=f"{zh} / {en}")
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="输出格式 / output format (default text)",
    )
    add_parameter_options(p)
    p.set_defaults(handler=_cmd_check, check_parser=p)


def _check_options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    _zh, _clause, takes = ACTS[args.act]
    for dest, flag in _FLAGS.items():
        if getattr(args, dest) is not None and dest not in takes:
            parser.error(f"{flag} 不用于 {args.act} / {flag} does not apply to {args.act}")
    if args.act == "transfer" and (args.to_school is None or args.to_class is None):
        parser.error(
            "transfer 需要 --to-school 和 --to-class / transfer needs --to-school and --to-class"
        )
    if args.record is not None and args.schools is None:
        parser.error("--record 需要 --schools FILE / --record needs --schools FILE")
    if args.schools is not None and args.record is None:
        parser.error("--schools 只与 --record 一起使用 / --schools goes with --record")


def _record_and_context(args: argparse.Namespace) -> tuple[Record, Context]:
    from .. import examples
    from ..records.status import Context

    if args.example:
        print(examples.FICTIONAL_NOTICE, file=sys.stderr)
        suspended = args.act in ("resume", "extend")
        record = examples.example_suspended_record() if suspended else examples.example_record()
        context = examples.example_context(args.on or examples.EXAMPLE_DATE)
        return record, attrs.evolve(context, parameters=parameters_from(args))
    record = _load_record(args.record)
    schools = _load_schools(args.schools)
    on = args.on if args.on is not None else _dt.date.today()
    return record, Context(on=on, schools=schools, parameters=parameters_from(args))


def _event(args: argparse.Namespace, record: Record) -> StatusEvent:
    from ..records import status as s

    sn = record.student.student_number
    materials = frozenset(args.materials or ())
    flag = bool  # an unset store_const option is None: not given
    makers: dict[str, Callable[[], StatusEvent]] = {
        "transfer": lambda: s.TransferRequest(
            student=sn, to_school=args.to_school, to_class=args.to_class, materials=materials
        ),
        "suspend": lambda: s.Suspend(
            student=sn,
            materials=materials,
            advised_rest_months=args.advised_rest_months or 0,
            school_agrees=flag(args.school_agrees),
            authority_approves=flag(args.authority_approves),
            filed_with_prefecture=flag(args.filed_with_prefecture),
        ),
        "extend": lambda: s.ExtendSuspension(
            student=sn, materials=materials, school_agrees=flag(args.school_agrees)
        ),
        "resume": lambda: s.Resume(
            student=sn,
            materials=materials,
            school_agrees=flag(args.school_agrees),
            authority_approves=flag(args.authority_approves),
        ),
        "promote": lambda: s.Promote(student=sn),
        "graduate": lambda: s.Graduate(student=sn),
        "retain": lambda: s.Retain(student=sn, materials=materials),
        "demote": lambda: s.Demote(student=sn),
    }
    return makers[args.act]()


def _as_json(act: str, decision: Decision) -> str:
    return json.dumps(
        {
            "act": act,
            "allowed": decision.allowed,
            "undecided": decision.undecided,
            "reasons": [{"clause": r.clause, "zh": r.zh, "en": r.en} for r in decision.reasons],
            "missing_facts": [
                {"key": r.needs, "clause": r.clause, "zh": r.zh, "en": r.en}
                for r in decision.missing_facts
            ],
            "missing_materials": [
                {"key": m.key, "clause": m.clause, "zh": m.zh, "en": m.en}
                for m in decision.missing_materials
            ],
            "deadline": None
            if decision.deadline is None
            else {
                "clause": decision.deadline.clause,
                "start": decision.deadline.start.isoformat(),
                "due": decision.deadline.due.isoformat(),
                "workdays": decision.deadline.workdays,
                "provisional": decision.deadline.provisional,
            },
        },
        ensure_ascii=False,
        indent=2,
    )


def _cmd_check(args: argparse.Namespace) -> int:
    from ..policy import evaluate

    _check_options(args, args.check_parser)
    record, context = _record_and_context(args)
    decision = evaluate(record, _event(args, record), context)
    zh, clause, _takes = ACTS[args.act]
    if args.format == "json":
        print(_as_json(args.act, decision))
    else:
        print(f"{zh} / {args.act} ({clause}) — {record.student.student_number}, {record.grade}")
        print(decision.explain())
    return _EXIT_ALLOWED if decision.allowed else _EXIT_REFUSED
