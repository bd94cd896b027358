"""Masking of personal data (clauses 7.1, 8.2). 个人信息遮蔽。

ID numbers, names and phone numbers are masked in every repr, log line, error message and report unless
the caller explicitly asks for the full value. These helpers are the one place that decides how.
"""

from __future__ import annotations

import re

__all__ = ["echo_cell", "mask_cell", "mask_id", "mask_name", "mask_phone"]


def mask_id(value: str) -> str:
    """``513401201001011234`` → ``5134**********1234``: region prefix and last four kept."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_name(value: str) -> str:
    """``张三`` → ``张*``, ``吉克阿呷`` → ``吉***``: the first character kept."""
    if not value:
        return value
    return value[0] + "*" * (len(value) - 1)


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``; short numbers keep only their last two digits."""
    if len(value) >= 11:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    if len(value) <= 2:
        return "*" * len(value)
    return "*" * (len(value) - 2) + value[-2:]


#: A run of letters and digits holding at least five digits: an ID number, a student number, a phone.
_NUMBER = re.compile(r"[0-9A-Za-z]*[0-9](?:[0-9A-Za-z]*[0-9]){4}[0-9A-Za-z]*")
#: A run of two or more letters (Chinese or Latin): possibly a name or an address.
_WORD = re.compile(r"[^\W\d_]{2,}")
#: Longest cell echoed, in characters (a longer one is cut, with …).
_ECHO_LIMIT = 24


def mask_cell(text: str) -> str:
    """A cell of unknown content made safe to show: numbers masked as IDs, words as names.

    一个内容未知的单元格（表头错位、列移位时可能是身份证号、姓名或住址）：数字串按证件号遮蔽
    （``5134**********1223``），连续的文字只留第一个字（``吉***``），过长的截断。Used wherever a rejected
    cell is echoed (clauses 7.1, 8.2): a cell that was meant to be a grade can hold a name.
    """
    cut = text[:_ECHO_LIMIT]
    masked = _WORD.sub(
        lambda m: mask_name(m.group()), _NUMBER.sub(lambda m: mask_id(m.group()), cut)
    )
    return masked + ("…" if len(text) > _ECHO_LIMIT else "")


def echo_cell(text: str) -> str:
    """:func:`mask_cell` quoted, for messages: ``'吉***'`` (the ``{text!r}`` of a rejection)."""
    return repr(mask_cell(text))
