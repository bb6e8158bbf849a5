"""How rule files compose (as pint's definition files do): a later file adds to what
earlier ones said, key by key, and never silently replaces it.

- mappings merge key by key;
- lists of words grow (a word already there is not added twice); lists of mappings
  that carry an identity (``code`` or ``id``) merge item by item, others grow;
- a setting (a number, a word) given again with another value is an error naming both
  places, unless the later file says so explicitly under its ``override:`` key, whose
  values replace what was there.
"""
from __future__ import annotations

from typing import Any

from .files import KEY_LINES, LINE, clean, line_of
from .model import RuleError

IDENTITY_KEYS = ("code", "id")
_BOOKKEEPING = (LINE, KEY_LINES)


class Settings:
    """A mapping merged from several rule files, remembering where each value came from."""

    def __init__(self):
        self.data: dict[str, Any] = {}
        self.origin: dict[tuple, str] = {}  # key path -> "file:line" that set it

    def add(self, new: dict, shown: str) -> None:
        """Add ``new`` (a loaded mapping, with its line bookkeeping) from file ``shown``."""
        self._merge(self.data, new, shown, ())

    def override(self, new: Any, shown: str, line: int | None = None) -> None:
        """Replace the values ``new`` names (a file's ``override:`` section)."""
        if not isinstance(new, dict):
            raise RuleError(shown, line, "'override' must be a mapping")
        self._replace(self.data, new, shown, ())

    def _replace(self, base: dict, new: dict, shown: str, path: tuple) -> None:
        for key, value in new.items():
            if key in _BOOKKEEPING:
                continue
            if isinstance(value, dict) and isinstance(base.get(key), dict):
                self._replace(base[key], value, shown, path + (key,))
            else:
                base[key] = clean(value)
                self.origin[path + (key,)] = f"{shown}:{line_of(new, key)}"

    def _merge(self, base: dict, new: dict, shown: str, path: tuple) -> None:
        for key, value in new.items():
            if key in _BOOKKEEPING:
                continue
            here = path + (key,)
            if key not in base:
                base[key] = clean(value)
                self._remember(value, shown, here, line_of(new, key))
            elif isinstance(base[key], dict) and isinstance(value, dict):
                self._merge(base[key], value, shown, here)
            elif isinstance(base[key], list) and isinstance(value, list):
                self._extend(base[key], value, shown, here, line_of(new, key))
            elif base[key] != clean(value):
                self._conflict(base[key], shown, line_of(new, key), here)

    def _remember(self, value, shown: str, path: tuple, line: int | None) -> None:
        """Where ``value`` and everything inside it came from."""
        self.origin.setdefault(path, f"{shown}:{line}")
        if isinstance(value, dict):
            for key, inner in value.items():
                if key not in _BOOKKEEPING:
                    self._remember(inner, shown, path + (key,), line_of(value, key))

    def _extend(self, old: list, new: list, shown: str, path: tuple, line: int | None) -> None:
        """Grow a list: words once each, mappings with an identity merged by it."""
        by_identity = {_identity(item): item for item in old if _identity(item) is not None}
        for item in new:
            ident = _identity(item)
            if ident is not None and ident in by_identity:
                self._merge(by_identity[ident], item, shown, path + (f"{ident[0]}={ident[1]}",))
                continue
            item = clean(item)
            if isinstance(item, dict) or item not in old:
                old.append(item)
                if ident is not None:
                    by_identity[ident] = item
                    self.origin.setdefault(path + (f"{ident[0]}={ident[1]}",), f"{shown}:{line}")

    def _conflict(self, old: Any, shown: str, line: int | None, path: tuple) -> None:
        dotted = ".".join(str(k) for k in path)
        raise RuleError(shown, line, f"'{dotted}' is already {old!r} ({self.origin.get(path, 'an earlier file')}); "
                                     "rule files add to each other: to change it, put it under 'override:'")


def _identity(item: Any) -> tuple | None:
    if isinstance(item, dict):
        for key in IDENTITY_KEYS:
            if key in item:
                return key, item[key]
    return None
