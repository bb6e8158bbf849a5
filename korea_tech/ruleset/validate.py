"""Small checks shared by the rule loaders; each failure is a RuleError at file:line."""
from __future__ import annotations

import re

from .files import KEY_LINES, LINE, line_of
from .model import RuleError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def require(d: dict, key: str, kind: type | tuple, shown: str, what: str):
    if key not in d:
        raise RuleError(shown, line_of(d), f"{what} is missing '{key}'")
    value = d[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise RuleError(shown, line_of(d, key), f"'{key}' of {what} must be {names}, not {type(value).__name__}")
    return value


def str_list(d: dict, key: str, shown: str, what: str) -> list[str]:
    value = d.get(key, [])
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(shown, line_of(d, key), f"'{key}' of {what} must be a list of strings")
    return value


def check_keys(d: dict, allowed: set[str], shown: str, what: str) -> None:
    unknown = sorted(set(d) - allowed - {LINE, KEY_LINES})
    if unknown:
        raise RuleError(shown, line_of(d, unknown[0]) or line_of(d),
                        f"unknown key(s) {', '.join(map(str, unknown))} in {what}")


def iso_date(d: dict, key: str, shown: str) -> str | None:
    value = d.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise RuleError(shown, line_of(d, key), f"'{key}' must be a date written YYYY-MM-DD")
    return value
