"""``--parameter NAME=VALUE`` and ``--parameter-reference DOC``: a caller's parameters on the command line.

命令行设定参数。The regulation leaves some figures to another authority (2.1.4's cross-prefecture period
"按照省教育厅相关规定执行", 未设定 / not set until a caller sets it) and lets a county set others (a
class-size standard, 2.1.2). ``xueji audit`` and ``xueji check`` take them as repeatable
``--parameter NAME=VALUE`` options with one ``--parameter-reference`` naming the document that sets them
(the reference is required: a figure without its source is not a parameter here). The value is read by
:meth:`liangshan_xueji.law.parameters.ParameterSet.read_value` and set with
:meth:`~liangshan_xueji.law.parameters.ParameterSet.override`, the same two calls a Python caller makes.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..law.parameters import ParameterSet

__all__ = ["add_parameter_options", "parameters_from"]


def _assignment(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise argparse.ArgumentTypeError(
            f"应写作 NAME=VALUE，得到 {text!r} / write NAME=VALUE, not {text!r}"
        )
    return name.strip(), value.strip()


def add_parameter_options(p: argparse.ArgumentParser) -> None:
    """Add ``--parameter NAME=VALUE`` (repeatable) and ``--parameter-reference DOC`` to ``p``."""
    p.add_argument(
        "--parameter",
        dest="parameters",
        action="append",
        type=_assignment,
        metavar="NAME=VALUE",
        help="设定参数（可重复），如 cross_prefecture_transfer_workdays=10 / set a parameter "
        "(repeatable), e.g. cross_prefecture_transfer_workdays=10",
    )
    p.add_argument(
        "--parameter-reference",
        metavar="DOC",
        help="所设参数的依据文件（与 --parameter 同用，必填）/ the document that sets them "
        "(required with --parameter)",
    )


def parameters_from(args: argparse.Namespace) -> ParameterSet:
    """The regulation's parameters with the ``--parameter`` settings of ``args`` applied.

    A bad name or value, or ``--parameter`` without ``--parameter-reference`` (or the reverse), raises
    :class:`~liangshan_xueji.errors.XuejiError` (exit 2; the message says which, Chinese first).
    """
    from ..errors import InvalidInput, ParameterNotInForce
    from ..law.parameters import DEFAULT_PARAMETERS

    settings: list[tuple[str, str]] = getattr(args, "parameters", None) or []
    reference: Any = getattr(args, "parameter_reference", None)
    if settings and not (reference and str(reference).strip()):
        raise InvalidInput(
            "--parameter 需要 --parameter-reference DOC（设定参数的依据文件）",
            "--parameter needs --parameter-reference DOC (the document that sets it)",
            where="--parameter-reference",
        )
    if reference is not None and not settings:
        raise InvalidInput(
            "--parameter-reference 只与 --parameter 一起使用",
            "--parameter-reference goes with --parameter",
            where="--parameter-reference",
        )
    params = DEFAULT_PARAMETERS
    for name, text in settings:
        try:
            value = params.read_value(name, text)
        except ParameterNotInForce as exc:  # an unknown name on the command line: a usage error
            raise InvalidInput(exc.zh, exc.en, where="--parameter") from None
        params = params.override(name, value, reference=str(reference))
    return params
