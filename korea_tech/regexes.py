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


# ---------------------------------------------------------------- matches inside one line
_NEWLINE = ord("\n")
_C = _sre  # the parser module re-exports the opcodes and categories
_REPEATS = tuple(getattr(_C, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_C, name))
# categories of a character class that never hold "\n" (any other -- spaces, non-words,
# non-digits, line breaks -- may)
_SAFE_CATEGORIES = {getattr(_C, name) for name in (
    "CATEGORY_NOT_SPACE", "CATEGORY_WORD", "CATEGORY_DIGIT", "CATEGORY_NOT_LINEBREAK",
    "CATEGORY_UNI_NOT_SPACE", "CATEGORY_UNI_WORD", "CATEGORY_UNI_DIGIT", "CATEGORY_UNI_NOT_LINEBREAK",
    "CATEGORY_LOC_WORD") if hasattr(_C, name)}
# positions that never look past the end of a line (a line start, a word boundary)
_SAFE_AT = {getattr(_C, name) for name in (
    "AT_BEGINNING", "AT_BEGINNING_LINE", "AT_BEGINNING_STRING", "AT_BOUNDARY", "AT_NON_BOUNDARY",
    "AT_UNI_BOUNDARY", "AT_UNI_NON_BOUNDARY", "AT_LOC_BOUNDARY", "AT_LOC_NON_BOUNDARY") if hasattr(_C, name)}


def _class_holds_newline(items) -> bool:
    holds, negate = False, False
    for op, arg in items:
        if op is _C.NEGATE:
            negate = True
        elif op is _C.LITERAL:
            holds |= arg == _NEWLINE
        elif op is _C.RANGE:
            holds |= arg[0] <= _NEWLINE <= arg[1]
        elif not (op is _C.CATEGORY and arg in _SAFE_CATEGORIES):  # or anything not understood here
            holds = True
    return holds != negate


def _stays_in_line(items, flags: int, behind: bool = False) -> bool:
    """No match of the sequence ``items`` reads a line break or past one: it consumes
    no "\n" and has no lookahead, end anchor or backreference. Inside a lookbehind
    (``behind``) line breaks may be read -- they lie before the position it is tried
    at, as over the whole text -- but a lookahead or an end anchor there still looks
    at the line's end."""
    for op, arg in items:
        if op is _C.LITERAL:
            ok = behind or arg != _NEWLINE
        elif op is _C.NOT_LITERAL:
            ok = behind or arg == _NEWLINE
        elif op is _C.ANY:
            ok = behind or not flags & re.DOTALL
        elif op is _C.IN:
            ok = behind or not _class_holds_newline(arg)
        elif op in _REPEATS:
            ok = _stays_in_line(arg[2], flags, behind)
        elif op is _C.SUBPATTERN:
            ok = _stays_in_line(arg[3], (flags | arg[1]) & ~arg[2], behind)
        elif op is _C.BRANCH:
            ok = all(_stays_in_line(alt, flags, behind) for alt in arg[1])
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            ok = _stays_in_line(arg, flags, behind)
        elif op is _C.AT:
            ok = arg in _SAFE_AT
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            ok = arg[0] < 0 and _stays_in_line(arg[1], flags, behind=True)  # lookbehinds only
        else:
            ok = False
        if not ok:
            return False
    return True


@lru_cache(maxsize=None)
def _in_one_line(pattern: str, flags: int) -> bool:
    return _stays_in_line(list(_parsed(pattern, flags)), flags)


def in_one_line(regex: re.Pattern) -> bool:
    """Whether every match of ``regex`` lies inside one line, found there as over the
    whole text: it reads no line break (see _stays_in_line)."""
    return _in_one_line(regex.pattern, regex.flags)


def needle_line_matches(regex: re.Pattern, needles_: tuple[str, ...], text: str):
    """``regex.finditer(text)`` for a regex that stays ``in_one_line`` and whose every
    match holds one of ``needles_``: run over the lines that hold a needle only (a
    regex that opens with a class or a lookbehind is otherwise tried at every
    character of the text, for an address or a file name in one line of it)."""
    lines = set()
    for needle in needles_:
        at = text.find(needle)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            lines.add((start, end))
            at = text.find(needle, end)
    for start, end in sorted(lines):
        yield from regex.finditer(text, start, end)


def missing_groups(regex: re.Pattern, groups: tuple[str, ...]) -> list[str]:
    """The named ``groups`` the code reads (a stamp's date, a heading's title) that a rule's
    regex does not define."""
    return [g for g in groups if g not in regex.groupindex]
