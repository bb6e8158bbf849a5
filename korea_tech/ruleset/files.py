"""Rule files on disk: which files a rules folder holds, their language, and YAML read
with the line of every mapping and key (so a problem can be reported as ``file:line``).

A file's language is its ``language:`` key, else the folder it sits in under the rules
root (``en/``, ``ko/`` ...), else none: a common file, read by every language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from .model import RuleError

RULE_SUFFIXES = (".yaml", ".yml", ".jsonl")
LINE = "__line__"  # the line of a mapping, added by the loader
KEY_LINES = "__keys__"  # {key: line} of a mapping's keys


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present
    """A safe loader that remembers the line of every mapping and of each of its keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    mapping[KEY_LINES] = {loader.construct_object(k): k.start_mark.line + 1 for k, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates in rule files stay strings (the engine parses them where it needs them),
# and only true/false are booleans: word lists hold "on", "no" and "off" as words.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _LineLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))


def load_yaml(path: Path, shown: str) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise RuleError(shown, mark.line + 1 if mark else None, f"bad YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:  # e.g. a control character the YAML reader refuses
        raise RuleError(shown, None, f"bad YAML: {' '.join(str(exc).split())}") from None
    except UnicodeDecodeError as exc:
        raise RuleError(shown, None, f"not UTF-8 text ({exc.reason})") from None
    if not isinstance(data, dict):
        raise RuleError(shown, 1, "a rule file must be a mapping with a 'kind' key")
    return data


def line_of(mapping: Any, key: str | None = None) -> int | None:
    """The line of ``mapping`` (or of its ``key``) in its file, if the loader recorded it."""
    if not isinstance(mapping, dict):
        return None
    if key is not None and key in mapping.get(KEY_LINES, {}):
        return mapping[KEY_LINES][key]
    return mapping.get(LINE)


def clean(value: Any) -> Any:
    """``value`` without the loader's line bookkeeping."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items() if k not in (LINE, KEY_LINES)}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


@dataclass(frozen=True)
class RuleFile:
    path: Path
    shown: str  # how messages and rows name it: "<folder>/<relative path>"
    folder_language: str | None  # the language folder it sits in, if any


def rule_files(source: Path, languages: Iterable[str]) -> Iterator[RuleFile]:
    """The rule files of a rules folder (recursive, sorted), or the one file given."""
    codes = set(languages)
    if source.is_file():
        yield RuleFile(source, source.name, None)
        return
    if not source.is_dir():
        raise RuleError(str(source), None, "no such rules folder or file")
    for path in sorted(p for p in source.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()):
        relative = path.relative_to(source)
        top = relative.parts[0] if len(relative.parts) > 1 else None
        yield RuleFile(path, f"{source.name}/{relative.as_posix()}", top if top in codes else None)
