"""Errors raised by the public API. 公共接口抛出的错误。

Every error the library raises is a :class:`XuejiError`. Its message says, in Chinese first and English
second, what was wrong and where. Personal data (names, ID numbers, phone numbers) never appears in a
message unmasked (clauses 7.1, 8.2): callers build messages from masked values only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from .decisions import Decision

__all__ = [
    "AmbiguousDecision",
    "CalendarDataMissing",
    "InvalidInput",
    "ParameterNotInForce",
    "ParameterNotSet",
    "PolicyViolation",
    "UnknownClause",
    "XuejiError",
    "os_reason",
]


_SURROGATE = re.compile("[\ud800-\udfff]")


@overload
def _printable(text: str) -> str: ...
@overload
def _printable(text: None) -> None: ...
def _printable(text: str | None) -> str | None:
    """``text`` with any lone surrogate (U+D800–U+DFFF, from bad input echoed in a message) written as
    ``\\udc80``: a message must print and encode as UTF-8 whatever input it names."""
    if isinstance(text, str) and _SURROGATE.search(text):
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


class XuejiError(Exception):
    """Base of every error of liangshan_xueji. 本库所有错误的基类。

    ``zh`` and ``en`` are the two halves of the message; ``where`` names the place of the bad input
    (a field, a file and line, an argument), when there is one.
    """

    def __init__(self, zh: str, en: str, *, where: str | None = None) -> None:
        self.zh = _printable(zh)
        self.en = _printable(en)
        self.where = _printable(where)
        super().__init__(self._render())

    def _render(self) -> str:
        if self.where:
            return f"{self.zh}（位置：{self.where}） / {self.en} (at {self.where})"
        return f"{self.zh} / {self.en}"

    def __str__(self) -> str:
        return self._render()


class InvalidInput(XuejiError, ValueError):
    """Bad input: a malformed value, an impossible grade, a date out of range, a missing field.

    输入有误：格式错误、不存在的年级、超出范围的日期、缺少字段等。
    """


class AmbiguousDecision(XuejiError, TypeError):
    """A :class:`~liangshan_xueji.decisions.Decision` was truth-tested (``if decision:``).

    决定不能直接当作真假值使用：请写 ``decision.allowed``。A decision is not a bool: ``if decision:``
    would read a refusal (which carries reasons) as a value, so the library refuses to guess and asks
    for ``decision.allowed``.
    """

    def __init__(self, what: str = "Decision") -> None:
        attr = "decision.allowed" if what == "Decision" else "result.allowed"
        super().__init__(
            f"{what} 不能当作真假值使用：请写 {attr}（是否允许）",
            f"a {what} has no truth value: write {attr} (allowed or refused)",
            where=f"bool({what})",
        )


class UnknownClause(XuejiError, LookupError):
    """A clause ID that is not in the catalog. 条款编号不在条款目录中。"""

    def __init__(self, clause_id: str, *, where: str | None = None) -> None:
        self.clause_id = clause_id
        super().__init__(
            f"未知的条款编号 {clause_id!r}；用 `xueji clauses` 查看全部条款",
            f"unknown clause ID {clause_id!r}; `xueji clauses` lists them all",
            where=where,
        )


class ParameterNotInForce(XuejiError, LookupError):
    """A parameter asked for at a date before it took effect, or a name that does not exist.

    查询的参数在该日期尚未生效，或参数名不存在。
    """


class ParameterNotSet(ParameterNotInForce):
    """A parameter with no value until a caller sets it (未设定), asked for its value (2.1.4's
    province-set period, for one). Set it with :meth:`~liangshan_xueji.law.parameters.ParameterSet.override`.

    参数未设定：须由调用方设定（并注明依据）后才有值。
    """


class CalendarDataMissing(XuejiError, LookupError):
    """The working-day calendar has no data for a year (clauses 2.1.4, 2.5).

    工作日日历缺少某年的放假安排数据。``year`` is the first missing year.
    """

    def __init__(
        self,
        year: int,
        *,
        first: int | None = None,
        last: int | None = None,
        calendar: str = "national",
        estimate_failed: bool = False,
    ) -> None:
        for name, value in (("year", year), ("first", first), ("last", last)):
            if (value is not None or name == "year") and (
                isinstance(value, bool) or not isinstance(value, int)
            ):
                raise InvalidInput(
                    f"{name} 应为年份（int），得到 {type(value).__name__}",
                    f"{name} must be a year (an int), not {type(value).__name__}",
                    where=name,
                )
        if not isinstance(calendar, str):
            raise InvalidInput(
                f"calendar 应为文本，得到 {type(calendar).__name__}",
                f"calendar must be text, not {type(calendar).__name__}",
                where="calendar",
            )
        self.year = year
        self.calendar = calendar
        have_zh = f"（现有数据：{first}–{last} 年）" if first is not None else ""
        have_en = f" (data covers {first}–{last})" if first is not None else ""
        if estimate_failed:
            # A provisional deadline was asked for and cannot be estimated: say so, not "ask for one".
            super().__init__(
                f"无法推算 {year} 年的暂定期限{have_zh}：推算所依据的数据（农历日期至 2099 年、"
                f"清明节气至 2100 年）不及该年，也没有该年的放假通知",
                f"no provisional deadline can be estimated for {year}{have_en}: the data an estimate "
                f"rests on (lunar dates to 2099, the 清明 solar term to 2100) does not reach it, and "
                f"there is no notice for the year",
            )
            return
        if calendar == "liangshan":
            # The prefecture's calendar: the year's 凉山州 notice is what is missing (docs/workdays.md).
            super().__init__(
                f"缺少凉山州 {year} 年的放假通知数据{have_zh}；请用 `xueji deadline --notice 文件` 或 "
                f"WorkCalendar.with_notice_file() 加入凉山州人民政府办公室当年的放假通知，"
                f"或以 provisional=True 求取暂定期限（按国务院安排和自治条例的法定节日推算）",
                f"no Liangshan prefecture holiday notice for {year}{have_en}; add the year's notice "
                f"of 凉山州人民政府办公室 with `xueji deadline --notice FILE` or "
                f"WorkCalendar.with_notice_file(), or ask for a provisional deadline with "
                f"provisional=True (estimated from the State Council's arrangement and the "
                f"prefecture's statutory holidays)",
            )
            return
        if first is not None and year < first:
            # Before the data: no notice to add and nothing to estimate (the start of the calendar).
            super().__init__(
                f"{year} 年早于节假日数据的起始年{have_zh}，无法计算工作日",
                f"{year} is before the holiday data begins{have_en}; working days cannot be counted",
            )
            return
        super().__init__(
            f"缺少 {year} 年的节假日安排数据{have_zh}；请用 WorkCalendar.with_year() 或 "
            f"`xueji deadline --notice 文件` 加入国务院办公厅当年的放假通知，"
            f"或以 provisional=True 求取暂定期限",
            f"no holiday data for {year}{have_en}; add that year's State Council notice with "
            f"WorkCalendar.with_year() or `xueji deadline --notice FILE`, "
            f"or ask for a provisional deadline with provisional=True",
        )


class PolicyViolation(XuejiError):
    """An act the regulation refuses; ``decision`` holds every reason with its clause.

    违反规定的操作；``decision`` 列出全部理由及条款。
    """

    def __init__(self, decision: Decision) -> None:
        # duck-typed: this module sits below liangshan_xueji.decisions and does not import it
        reasons = getattr(decision, "reasons", None)
        if not isinstance(getattr(decision, "allowed", None), bool) or not isinstance(
            reasons, tuple
        ):
            raise InvalidInput(
                f"PolicyViolation 需要一个 Decision，得到 {type(decision).__name__}",
                f"PolicyViolation needs a Decision, not {type(decision).__name__}",
                where="decision",
            )
        self.decision = decision
        zh = "；".join(f"[{r.clause}] {r.zh}" for r in decision.reasons) or "操作不被允许"
        en = "; ".join(f"[{r.clause}] {r.en}" for r in decision.reasons) or "act not allowed"
        super().__init__(f"不允许：{zh}", f"refused: {en}")


def os_reason(exc: BaseException) -> str:
    """The short reason of a failed file operation, for a message: an OS error's own words
    (``No space left on device``), else the exception's class name (``ValueError`` for a NUL in a
    path, ``UnicodeDecodeError``). 文件操作失败的原因。"""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__
