"""Pattern files (``patterns/*.jsonl``): one spaCy token pattern per line.

A line is a JSON object: ``id``, ``label``, ``pattern`` (spaCy's token-pattern syntax,
where ``"$name"`` stands for a word list of the vocabulary files), and optionally
``priority``, ``trim`` ([tokens left, tokens right] matched for context but left out of
the span), ``block`` (a counter-example) and ``note``. Lines starting with ``//`` are
comments. Ids are unique across all pattern files.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from .model import LABELS, Pattern, RuleError
from .validate import check_keys, require

PATTERN_KEYS = {"id", "label", "pattern", "priority", "block", "trim", "note"}


def read_patterns(path: Path, shown: str) -> list[Pattern]:
    patterns = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleError(shown, number, f"bad JSON: {exc.msg} (column {exc.colno})") from None
        if not isinstance(row, dict):
            raise RuleError(shown, number, "each line must be a JSON object")
        row["__line__"] = number
        check_keys(row, PATTERN_KEYS, shown, "a pattern")
        label = require(row, "label", str, shown, "a pattern")
        if label not in LABELS:
            raise RuleError(shown, number, f"unknown label {label!r} (one of {', '.join(LABELS)})")
        pattern = require(row, "pattern", list, shown, "a pattern")
        if not pattern or not all(isinstance(t, dict) for t in pattern):
            raise RuleError(shown, number, "'pattern' must be a non-empty list of token objects")
        priority = row.get("priority", 1)
        if not isinstance(priority, int) or isinstance(priority, bool):
            raise RuleError(shown, number, "'priority' must be a whole number")
        patterns.append(Pattern(
            id=require(row, "id", str, shown, "a pattern"), label=label, pattern=pattern,
            priority=priority, block=bool(row.get("block", False)), trim=_trim(row, shown),
            rule=f"{shown}:{number}",
        ))
    return patterns


def _trim(row: dict, shown: str) -> tuple[int, int]:
    trim = row.get("trim", [0, 0])
    if not (isinstance(trim, list) and len(trim) == 2 and all(isinstance(t, int) and t >= 0 for t in trim)):
        raise RuleError(shown, row["__line__"], "'trim' must be [tokens_left, tokens_right]")
    if trim[0] + trim[1] >= len(row.get("pattern") or []):
        raise RuleError(shown, row["__line__"], "'trim' leaves no token of the pattern in the span")
    return trim[0], trim[1]


def check_unique_ids(patterns: list[Pattern]) -> None:
    seen: dict[str, Pattern] = {}
    for p in patterns:
        if p.id in seen and seen[p.id].rule != p.rule:
            path, _, line = p.rule.rpartition(":")
            raise RuleError(path, int(line), f"pattern id {p.id!r} is already used ({seen[p.id].rule})")
        seen.setdefault(p.id, p)


def expand_vocab(value: Any, vocab: dict[str, list[str]]) -> Any:
    """Replace ``"$name"`` by the named word list: ``"IN": "$name"`` is that list, and
    ``"NOT_IN": ["$a", "$b", "x"]`` the union of the lists and words named."""
    if isinstance(value, dict):
        return {k: expand_vocab(v, vocab) for k, v in value.items()}
    if isinstance(value, list):
        words = []
        for item in value:
            expanded = expand_vocab(item, vocab)
            words.extend(expanded if isinstance(item, str) and isinstance(expanded, list) else [expanded])
        return list(dict.fromkeys(words)) if all(isinstance(w, str) for w in words) else words
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name not in vocab:
            raise KeyError(name)
        return list(dict.fromkeys(vocab[name]))
    if isinstance(value, str) and "{$" in value:
        return _TEMPLATE.sub(lambda m: _alternation(m.group(1), vocab), value)
    return value


# Inside a REGEX, "{$name}" is the word list as an alternation: "(?:{$programme_heads})$"
# is a word that ends in a head (Korean names glue their head to the word before it).
_TEMPLATE = re.compile(r"\{\$(\w+)\}")


def _alternation(name: str, vocab: dict[str, list[str]]) -> str:
    if name not in vocab:
        raise KeyError(name)
    words = sorted(dict.fromkeys(vocab[name]), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


def compile_patterns(patterns: list[Pattern], vocab: dict[str, list[str]], language: str) -> list[Pattern]:
    """The patterns with vocabulary references expanded, each validated by spaCy."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    matcher = Matcher(Vocab(), validate=True)  # the schema check needs no language data
    compiled = []
    for p in patterns:
        path, _, line = p.rule.rpartition(":")
        try:
            expanded = expand_vocab(p.pattern, vocab)
        except KeyError as exc:
            raise RuleError(path, int(line), f"unknown vocabulary ${exc.args[0]} (language {language})") from None
        try:
            matcher.add(p.id, [expanded])
        except (MatchPatternError, ValueError) as exc:
            raise RuleError(path, int(line), f"spaCy rejects pattern {p.id!r}: {_one_line(exc)}") from None
        compiled.append(replace(p, pattern=expanded))
    return compiled


def _one_line(exc: Exception) -> str:
    """spaCy's pattern errors list each problem as '[i] -> key: message' under a banner:
    keep those lines, on one line."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    problems = []
    for ln in lines:
        m = re.match(r"- \[pattern -> (\d+) -> ([^\]]*)\] (.*)", ln)
        if m:
            problems.append(f"token {m.group(1)}, {m.group(2)}: {m.group(3)}")
    text = "; ".join(problems) if problems else " ".join(lines)
    return " ".join(text.split())
