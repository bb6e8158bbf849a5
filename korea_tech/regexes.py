"""What a rule file's regular expression needs before it is run over a whole text.

Python's ``re`` tries a pattern at every character unless it opens with a literal, and
the rule files' regexes open with lookbehinds, ``^`` or a class (an address, a file
name, a stamp). Two facts read off the parsed pattern let the engine skip most of that
work and find the same matches:

- ``needles``: strings of which every match holds one (``@`` in an e-mail address,
  ``.pdf`` … in a file name, ``Published`` … in a stamp): a text holding none of them
  has no match, and one ``in`` test per needle says so at C speed;
- ``line_led``: every match begins at a line start (the pattern opens with ``^`` under
  MULTILINE), so only line starts need trying.
"""
from __future__ import annotations

import re
from functools import lru_cache

try:
    from re import _parser as _sre  # Python 3.11+
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse as _sre


def _parsed(pattern: str, flags: int):
    return _sre.parse(pattern, flags)


def _prefixes(items) -> set[str] | None:
    """The literal strings one of which opens every match of the sequence ``items``."""
    found = {""}
    for op, arg in items:
        if op is _sre.LITERAL:
            found = {s + chr(arg) for s in found}
            continue
        if op is _sre.BRANCH:
            alternatives = [_prefixes(alt) for alt in arg[1]]
            if any(not a for a in alternatives):
                break
            found = {s + a for s in found for alt in alternatives for a in alt}
        elif op is _sre.SUBPATTERN and not (arg[1] | arg[2]) & re.IGNORECASE:
            inner = _prefixes(arg[3])
            if inner:
                found = {s + a for s in found for a in inner}
        break  # past a group or a branch, or at anything else, the prefix ends
    return found if "" not in found else None


@lru_cache(maxsize=None)
def _needles(pattern: str, flags: int) -> tuple[str, ...]:
    if flags & re.IGNORECASE:
        return ()
    items = list(_parsed(pattern, flags))
    best: set[str] | None = None
    for i in range(len(items)):
        found = _prefixes(items[i:])
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found
    return tuple(sorted(best)) if best else ()


def needles(regex: re.Pattern) -> tuple[str, ...]:
    """Strings of which every match of ``regex`` holds one; () when there is no such
    set (a case-insensitive pattern, one that opens with no literal anywhere in its
    top-level sequence)."""
    return _needles(regex.pattern, regex.flags)


def may_match(needles_: tuple[str, ...], text: str, found: dict[str, bool] | None = None) -> bool:
    """Whether ``text`` holds one of the needles (all texts do when there are none);
    ``found`` keeps what was looked up in this text for the next regex."""
    if not needles_:
        return True
    if found is None:
        return any(n in text for n in needles_)
    for n in needles_:
        if n not in found:
            found[n] = n in text
        if found[n]:
            return True
    return False


@lru_cache(maxsize=None)
def _opens_with_line_start(pattern: str, flags: int) -> bool:
    parsed = _parsed(pattern, flags)
    return bool(len(parsed)) and parsed[0] == (_sre.AT, _sre.AT_BEGINNING) and parsed.getwidth()[0] > 0


def line_led(regex: re.Pattern) -> bool:
    """Whether every match of ``regex`` begins at a line start and holds a character:
    MULTILINE, and its pattern opens with ``^`` outside any alternation."""
    return bool(regex.flags & re.MULTILINE) and _opens_with_line_start(regex.pattern, regex.flags)


def line_start_matches(regex: re.Pattern, text: str):
    """``regex.finditer(text)`` for a ``line_led`` regex, tried at line starts only."""
    pos, n = 0, len(text)
    while pos <= n:
        m = regex.match(text, pos)
        if m is not None:
            yield m
            pos = m.end()  # never empty (line_led): the next try is the next line start
            if pos > 0 and text[pos - 1] == "\n":
                continue
        newline = text.find("\n", pos)
        if newline < 0:
            return
        pos = newline + 1
