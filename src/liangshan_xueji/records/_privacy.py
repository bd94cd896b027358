"""Masking of personal data (clauses 7.1, 8.2). 个人信息遮蔽。

ID numbers, names and phone numbers are masked in every repr, log line, error message and report unless
the caller explicitly asks for the full value. These helpers are the one place that decides how.
"""

from __future__ import annotations

__all__ = ["mask_id", "mask_name", "mask_phone"]


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
