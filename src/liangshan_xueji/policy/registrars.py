"""学籍管理员管理 Registrars: clauses 7.1–7.3.

- **7.3 — at least two logins a week** (每周至少登录2次学籍系统): :func:`login_shortfalls` reads a login
  log — ``(registrar, datetime or date)`` pairs — and lists the weeks in which a registrar logged in
  fewer than ``registrar_logins_per_week`` times; :func:`login_decision` says it for one registrar.
- **7.2 — certified and trained** (持证上岗, 至少接受一次培训): :class:`RegistrarProfile` keeps the
  certificate, the trainings and the filing (备案); :func:`registrar_qualified` says whether the
  registrar may work on a day. Forbidden operations (compulsory-stage 留级, irregular transfers) are
  refused whoever asks: :func:`evaluate_request` runs the same rules (:func:`~liangshan_xueji.records.status.evaluate`)
  whatever the requester, and names 7.2 when such an act is refused.
- **7.1 — 附表4 signed at every level** (层层签订): :func:`liangshan_xueji.forms.f4.pledge_coverage` checks that the prefecture,
  each county and each school has a signed and sealed pledge (the forms of
  :mod:`liangshan_xueji.forms`).

People-bound parts of 7.1 and 7.2 (warning education, passwords, anti-virus protection, internal
checks, workloads, titles and pay) are outside the data; the library masks personal data by default and
keeps the records above.

Readings: a week is a calendar week, Monday to Sunday (ISO week). Only whole weeks inside the period
asked about are judged (a registrar starting on a Wednesday is not judged for that week), and the
caller may exempt weeks (school holidays: "平时" means ordinary working weeks). A login's day is the
date of its timestamp as given (the log's own local time).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable

import attrs

from .._validators import check_items
from ..decisions import Decision, Reason
from ..errors import InvalidInput
from ..law.clauses import implements
from ..law.parameters import DEFAULT_PARAMETERS, ParameterSet
from ..records.models import Record
from ..records.status import Context, Demote, Retain, StatusEvent, TransferAct, TransferRequest
from . import _parts as p
from .regulation import evaluate

__all__ = [
    "RegistrarProfile",
    "WeekShortfall",
    "evaluate_request",
    "login_decision",
    "login_shortfalls",
    "registrar_qualified",
]

_WEEK = _dt.timedelta(days=7)


# --------------------------------------------------------------------------------------------------
# 7.3 — logins


@attrs.frozen(kw_only=True)
class WeekShortfall:
    """A week (from Monday ``week_start``) in which ``registrar`` logged in ``logins`` times, fewer
    than the ``required`` (7.3)."""

    registrar: str
    week_start: _dt.date
    logins: int
    required: int

    @property
    def week_end(self) -> _dt.date:
        """The Sunday that ends the week."""
        return self.week_start + _dt.timedelta(days=6)


def _login_day(value: object, i: int) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    raise InvalidInput(
        f"登录日志第 {i + 1} 条的时间应为 datetime 或 date，得到 {type(value).__name__}",
        f"login {i} must be a datetime or a date, not {type(value).__name__}",
        where=f"log[{i}]",
    )


def _days(log: Iterable[tuple[str, _dt.date | _dt.datetime]]) -> list[tuple[str, _dt.date]]:
    if isinstance(log, (str, bytes)):
        raise InvalidInput("登录日志应为序列", "the login log must be a sequence", where="log")
    out = []
    try:
        items = list(log)
    except TypeError:
        raise InvalidInput(
            "登录日志应为 (学籍管理员, 时间) 的序列",
            "the login log must be a sequence of (registrar, time) pairs",
            where="log",
        ) from None
    for i, item in enumerate(items):
        if not isinstance(item, tuple) or len(item) != 2:
            raise InvalidInput(
                f"登录日志第 {i + 1} 条应为 (学籍管理员, 时间)",
                f"login {i} must be a (registrar, time) pair",
                where=f"log[{i}]",
            )
        who, when = item
        p.check_text(who, f"log[{i}].registrar")
        out.append((who, _login_day(when, i)))
    return out


def _weeks(start: _dt.date, end: _dt.date) -> list[_dt.date]:
    first = start + _dt.timedelta(days=(7 - start.weekday()) % 7)  # the first Monday on or after
    weeks = []
    monday = first
    while monday + _dt.timedelta(days=6) <= end:
        weeks.append(monday)
        monday += _WEEK
    return weeks


def _period(start: object, end: object) -> tuple[_dt.date, _dt.date]:
    s = p.check_date(start, "start")
    e = p.check_date(end, "end")
    if e < s:
        raise InvalidInput(
            f"结束日 {e} 早于开始日 {s}", f"the end {e} is before the start {s}", where="end"
        )
    return s, e


def _exempt(weeks: Iterable[_dt.date]) -> frozenset[_dt.date]:
    out = set()
    for i, w in enumerate(check_items(weeks, "exempt_weeks")):
        day = p.check_date(w, f"exempt_weeks[{i}]")
        out.add(day - _dt.timedelta(days=day.weekday()))
    return frozenset(out)


@implements("7.3")
def login_shortfalls(
    log: Iterable[tuple[str, _dt.date | _dt.datetime]],
    *,
    start: _dt.date,
    end: _dt.date,
    registrars: Iterable[str] | None = None,
    exempt_weeks: Iterable[_dt.date] = (),
    parameters: ParameterSet = DEFAULT_PARAMETERS,
) -> tuple[WeekShortfall, ...]:
    """Every (registrar, week) of ``start``–``end`` with fewer logins than ``registrar_logins_per_week``
    (7.3), by registrar then week. Whole Monday–Sunday weeks inside the period only; a day of
    ``exempt_weeks`` exempts its week. ``registrars`` (default: everyone in the log) lists whom to judge,
    so that a registrar who never logged in is found too.
    """
    s, e = _period(start, end)
    p.check_type(parameters, ParameterSet, "parameters")
    days = _days(log)
    skip = _exempt(exempt_weeks)
    if registrars is None:
        who = sorted({w for w, _ in days})
    else:
        named = check_items(registrars, "registrars")
        for i, w in enumerate(named):
            p.check_text(w, f"registrars[{i}]")
        who = list(dict.fromkeys(named))
    counts: Counter[tuple[str, _dt.date]] = Counter(
        (w, d - _dt.timedelta(days=d.weekday())) for w, d in days
    )
    out: list[WeekShortfall] = []
    for w in who:
        for monday in _weeks(s, e):
            if monday in skip:
                continue
            required = parameters.int_value("registrar_logins_per_week", monday)
            n = counts[(w, monday)]
            if n < required:
                out.append(
                    WeekShortfall(registrar=w, week_start=monday, logins=n, required=required)
                )
    return tuple(out)


@implements("7.3")
def login_decision(
    log: Iterable[tuple[str, _dt.date | _dt.datetime]],
    registrar: str,
    *,
    start: _dt.date,
    end: _dt.date,
    exempt_weeks: Iterable[_dt.date] = (),
    parameters: ParameterSet = DEFAULT_PARAMETERS,
) -> Decision:
    """Whether ``registrar`` logged in often enough (7.3): refused with one reason per short week."""
    p.check_text(registrar, "registrar")
    short = login_shortfalls(
        log,
        start=start,
        end=end,
        registrars=[registrar],
        exempt_weeks=exempt_weeks,
        parameters=parameters,
    )
    if not short:
        return Decision.allow()
    return Decision.refuse(
        *(
            Reason(
                "7.3",
                f"{s.week_start}–{s.week_end} 这一周只登录 {s.logins} 次，每周至少应登录 {s.required} 次",
                f"only {s.logins} logins in the week {s.week_start} – {s.week_end}; at least "
                f"{s.required} a week",
            )
            for s in short
        )
    )


# --------------------------------------------------------------------------------------------------
# 7.2 — certification and training


@attrs.frozen(kw_only=True)
class RegistrarProfile:
    """A registrar's record (7.2): the certificate's date (持证上岗; ``None``: none), the trainings
    (学籍系统运用管理培训) and whether the registrar is filed with the authority (备案)."""

    registrar: str = attrs.field(validator=p.text())
    certified_on: _dt.date | None = attrs.field(
        default=None, validator=p.of(_dt.date, optional=True)
    )
    trainings: tuple[_dt.date, ...] = attrs.field(
        default=(), converter=p.to_tuple, validator=p.collection_of(_dt.date, tuple)
    )
    filed: bool = attrs.field(default=False, validator=p.of(bool))


@implements("7.2")
def registrar_qualified(profile: RegistrarProfile, on: _dt.date) -> Decision:
    """Whether the registrar may handle records on ``on`` (7.2): certified (持证上岗) and trained at least
    once by then; refused with every reason. Not being filed (备案) is noted, not refused."""
    p.check_type(profile, RegistrarProfile, "profile")
    day = p.check_date(on, "on")
    reasons = []
    if profile.certified_on is None or profile.certified_on > day:
        reasons.append(
            Reason(
                "7.2",
                "学籍管理员实行持证上岗，该管理员尚未取得证书",
                "registrars work only once certified; this one is not yet",
            )
        )
    if not any(t <= day for t in profile.trainings):
        reasons.append(
            Reason(
                "7.2",
                "学籍管理员至少接受一次学籍系统运用管理培训，该管理员尚未参加",
                "a registrar is trained at least once in the system; this one has not been",
            )
        )
    if reasons:
        return Decision.refuse(*reasons)
    if not profile.filed:
        return Decision.allow(
            Reason(
                "7.2",
                "学籍管理员尚未备案（建立备案制度，保持队伍稳定）",
                "the registrar is not yet filed with the authority",
            )
        )
    return Decision.allow()


_FORBIDDEN = (Retain, Demote, TransferRequest, TransferAct)


@implements("7.2", "2.3")
def evaluate_request(
    record: Record,
    event: StatusEvent,
    context: Context,
    *,
    registrar: RegistrarProfile | None = None,
    requested_by: str | None = None,
) -> Decision:
    """An act asked of a registrar (7.2): the rules decide, whoever asks.

    The decision is :func:`~liangshan_xueji.records.status.evaluate`'s — a superior's instruction
    (``requested_by``, a role such as 校长 or 县教育局, never a person's name: it is shown in the
    reasons) changes nothing — combined, when ``registrar`` is given, with
    :func:`registrar_qualified`. When a 留级, 降级 or transfer is refused, 7.2's ban on handling such
    operations without authority is named too.
    """
    if requested_by is not None:
        p.check_text(requested_by, "requested_by")
    decision = evaluate(record, event, context)
    if (
        not decision.allowed
        and isinstance(event, _FORBIDDEN)
        and not any(r.clause == "7.2" for r in decision.reasons)
    ):
        who = f"（即使由{requested_by}要求）" if requested_by else ""
        who_en = f" (even when {requested_by} asks)" if requested_by else ""
        decision = Decision.combine(
            decision,
            Decision.refuse(
                Reason(
                    "7.2",
                    f"严禁擅自处理义务教育阶段学生留级、违规转学等业务{who}",
                    f"registrars must never handle compulsory-stage retentions, irregular "
                    f"transfers and the like{who_en}",
                )
            ),
        )
    if registrar is not None:
        decision = Decision.combine(decision, registrar_qualified(registrar, context.on))
    return decision
