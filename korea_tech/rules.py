"""Rule files: load, validate and index everything under a rules directory.

The engine knows nothing about ministries, currencies or months; all of that is
data in ``rules/``.  Every rule keeps the ``file:line`` it came from, so an output
row can say which rule fired and a bad rule file can say exactly where it is bad.

Layout of a rules directory (every file optional except where noted):

- ``*.yaml`` with a top-level ``kind`` naming what the file holds
  (``gazetteer``, ``vocabulary``, ``documents``, ``tokenizer``, ``contexts``).
- ``patterns/*.jsonl``: one spaCy token pattern per line.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

LABELS = ("MONEY", "YEAR", "DATE", "MINISTRY", "PROGRAMME", "DURATION")
# The top-level rules/ folder; korea_tech/rules links to it so that a wheel carries it too.
BUILTIN_RULES = Path(__file__).resolve().parent / "rules"


class RuleError(Exception):
    """A rule file is malformed; the message names file, line and problem."""

    def __init__(self, path: str, line: int | None, problem: str):
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")


# --------------------------------------------------------------------------- YAML
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present
    """A safe loader that remembers the line of every mapping as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
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


# --------------------------------------------------------------------------- model
@dataclass(frozen=True)
class Name:
    """One name a body or programme has gone by, with the dates it was in use."""

    name: str
    acronym: str | None = None
    valid_from: str | None = None  # ISO date, inclusive
    valid_until: str | None = None  # ISO date, inclusive


@dataclass
class Entry:
    """A gazetteer entry: a ministry/agency or a programme."""

    id: str
    label: str
    country: str | None
    names: list[Name]  # official names, newest first after loading
    aliases: list[str]  # other ways of writing a name (canonical = name in use)
    variants: list[str]  # longer/variant spellings kept as written (PROGRAMME)
    acronyms: list[str]  # acronyms that always mean this entry
    acronym_requires_name: bool  # acronym only counts where the text spells out a name
    rule: str  # file:line
    aliases_need_country: bool = False  # generic wordings ("Industry Ministry"): this body only when the text names its country

    def name_at(self, iso_date: str | None) -> Name:
        """The name in use at ``iso_date`` (the newest when the date is unknown)."""
        if iso_date:
            for n in self.names:
                if (n.valid_from or "0000") <= iso_date <= (n.valid_until or "9999"):
                    return n
            # Before the oldest recorded name: the oldest is the best we know.
            if all((n.valid_from or "0000") > iso_date for n in self.names):
                return min(self.names, key=lambda n: n.valid_from or "0000")
        return self.names[0]


@dataclass
class Pattern:
    id: str
    label: str
    pattern: list[dict]
    priority: int
    block: bool  # a counter-example: suppresses candidates of `label` inside it
    trim: tuple[int, int]  # tokens matched for context but left out of the span
    rule: str  # file:line


@dataclass
class RuleSet:
    directories: list[Path]
    vocab: dict[str, list[str]] = field(default_factory=dict)
    vocab_rule: dict[str, str] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict)  # structured vocabularies
    entries: list[Entry] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    excluded_names: dict[str, str] = field(default_factory=dict)  # lower name -> rule
    documents: dict[str, Any] = field(default_factory=dict)
    tokenizer: dict[str, list[str]] = field(default_factory=dict)
    contexts: dict[str, Any] = field(default_factory=dict)
    records: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""

    def words(self, name: str) -> list[str]:
        return self.vocab.get(name, [])


# --------------------------------------------------------------------------- helpers
def _require(d: dict, key: str, kind: type | tuple, shown: str, what: str):
    if key not in d:
        raise RuleError(shown, d.get("__line__"), f"{what} is missing '{key}'")
    value = d[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise RuleError(shown, d.get("__line__"), f"'{key}' of {what} must be {names}, not {type(value).__name__}")
    return value


def _str_list(d: dict, key: str, shown: str, what: str) -> list[str]:
    value = d.get(key, [])
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(shown, d.get("__line__"), f"'{key}' of {what} must be a list of strings")
    return value


def _check_keys(d: dict, allowed: set[str], shown: str, what: str) -> None:
    unknown = sorted(set(d) - allowed - {"__line__"})
    if unknown:
        raise RuleError(shown, d.get("__line__"), f"unknown key(s) {', '.join(unknown)} in {what}")


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso(d: dict, key: str, shown: str) -> str | None:
    value = d.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise RuleError(shown, d.get("__line__"), f"'{key}' must be a date written YYYY-MM-DD")
    return value


# --------------------------------------------------------------------------- loaders
def _load_gazetteer(data: dict, shown: str, rules: RuleSet) -> None:
    label = _require(data, "label", str, shown, "a gazetteer")
    if label not in ("MINISTRY", "PROGRAMME"):
        raise RuleError(shown, data["__line__"], f"unknown gazetteer label {label!r} (MINISTRY or PROGRAMME)")
    for raw in data.get("exclude", []) or []:
        # Names that look like a body or programme but are not (IEA, KEPCO, ...).
        if not isinstance(raw, dict):
            raise RuleError(shown, data["__line__"], "each 'exclude' item must be a mapping with 'names'")
        for n in _str_list(raw, "names", shown, "an exclude item"):
            rules.excluded_names[n.lower()] = f"{shown}:{raw['__line__']}"
    for raw in _require(data, "entries", list, shown, "a gazetteer"):
        if not isinstance(raw, dict):
            raise RuleError(shown, data["__line__"], "each entry must be a mapping")
        line = raw["__line__"]
        what = f"entry {raw.get('id', '?')!r}"
        _check_keys(raw, {"id", "country", "names", "aliases", "variants", "acronyms",
                          "acronym_requires_name", "aliases_need_country", "note"}, shown, what)
        entry_id = _require(raw, "id", str, shown, "an entry")
        names = []
        for n in _require(raw, "names", list, shown, what):
            if isinstance(n, str):
                names.append(Name(n))
                continue
            if not isinstance(n, dict):
                raise RuleError(shown, line, f"names of {what} must be strings or mappings")
            _check_keys(n, {"name", "acronym", "from", "until"}, shown, f"a name of {what}")
            names.append(Name(_require(n, "name", str, shown, f"a name of {what}"), n.get("acronym"),
                              _iso(n, "from", shown), _iso(n, "until", shown)))
        if not names:
            raise RuleError(shown, line, f"{what} has no names")
        names.sort(key=lambda n: n.valid_from or "0000", reverse=True)
        country = raw.get("country")
        if label == "MINISTRY" and not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
            raise RuleError(shown, line, f"{what} needs 'country' as an ISO 3166 alpha-2 code (or EU)")
        rules.entries.append(Entry(
            id=entry_id, label=label, country=country, names=names,
            aliases=_str_list(raw, "aliases", shown, what),
            variants=_str_list(raw, "variants", shown, what),
            acronyms=_str_list(raw, "acronyms", shown, what) + [n.acronym for n in names if n.acronym],
            acronym_requires_name=bool(raw.get("acronym_requires_name", False)),
            rule=f"{shown}:{line}",
            aliases_need_country=bool(raw.get("aliases_need_country", False)),
        ))


def _load_vocabulary(data: dict, shown: str, rules: RuleSet) -> None:
    """``vocab``: named word lists for patterns ($name); ``tables``: structured data."""
    for name, words in (data.get("vocab") or {}).items():
        if name == "__line__":
            continue
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise RuleError(shown, data["vocab"]["__line__"], f"vocab {name!r} must be a list of strings")
        rules.vocab.setdefault(name, []).extend(words)
        rules.vocab_rule[name] = f"{shown}:{data['vocab']['__line__']}"
    for name, table in (data.get("tables") or {}).items():
        if name == "__line__":
            continue
        rules.tables[name] = table
        rules.tables.setdefault("__rule__", {})[name] = shown


def _load_patterns(path: Path, shown: str, rules: RuleSet) -> None:
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleError(shown, number, f"bad JSON: {exc.msg} (column {exc.colno})") from None
        if not isinstance(row, dict):
            raise RuleError(shown, number, "each line must be a JSON object")
        row["__line__"] = number
        _check_keys(row, {"id", "label", "pattern", "priority", "block", "trim", "note"}, shown, "a pattern")
        label = _require(row, "label", str, shown, "a pattern")
        if label not in LABELS:
            raise RuleError(shown, number, f"unknown label {label!r} (one of {', '.join(LABELS)})")
        pattern = _require(row, "pattern", list, shown, "a pattern")
        if not pattern or not all(isinstance(t, dict) for t in pattern):
            raise RuleError(shown, number, "'pattern' must be a non-empty list of token objects")
        rules.patterns.append(Pattern(
            id=_require(row, "id", str, shown, "a pattern"), label=label, pattern=pattern,
            priority=int(row.get("priority", 1)), block=bool(row.get("block", False)),
            trim=_trim(row, shown), rule=f"{shown}:{number}",
        ))


def _trim(row: dict, shown: str) -> tuple[int, int]:
    trim = row.get("trim", [0, 0])
    if not (isinstance(trim, list) and len(trim) == 2 and all(isinstance(t, int) and t >= 0 for t in trim)):
        raise RuleError(shown, row["__line__"], "'trim' must be [tokens_left, tokens_right]")
    if trim[0] + trim[1] >= len(row.get("pattern") or []):
        raise RuleError(shown, row["__line__"], "'trim' leaves no token of the pattern in the span")
    return trim[0], trim[1]


def _expand_vocab(value: Any, rules: RuleSet, shown: str) -> Any:
    """Replace ``"$name"`` by the named vocabulary: ``"IN": "$name"`` is that list, and
    ``"NOT_IN": ["$a", "$b", "x"]`` the union of the lists and words named."""
    if isinstance(value, dict):
        return {k: _expand_vocab(v, rules, shown) for k, v in value.items()}
    if isinstance(value, list):
        words = []
        for item in value:
            expanded = _expand_vocab(item, rules, shown)
            words.extend(expanded if isinstance(item, str) and isinstance(expanded, list) else [expanded])
        return list(dict.fromkeys(words)) if all(isinstance(w, str) for w in words) else words
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name not in rules.vocab:
            raise RuleError(shown, None, f"unknown vocabulary ${name}")
        return list(dict.fromkeys(rules.vocab[name]))
    return value


def compile_patterns(rules: RuleSet) -> None:
    """Expand vocabulary references and let spaCy validate every pattern."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    matcher = Matcher(Vocab(), validate=True)  # the schema check needs no language data
    for p in rules.patterns:
        path, _, line = p.rule.rpartition(":")
        try:
            p.pattern = _expand_vocab(p.pattern, rules, p.rule)
        except RuleError as exc:
            raise RuleError(path, int(line), exc.problem) from None
        try:
            matcher.add(p.id, [p.pattern])
        except (MatchPatternError, ValueError) as exc:
            problem = " ".join(str(exc).split())
            raise RuleError(path, int(line), f"spaCy rejects pattern {p.id!r}: {problem}") from None


_DISPATCH = {"gazetteer": _load_gazetteer, "vocabulary": _load_vocabulary}


def _rule_files(directory: Path) -> Iterable[Path]:
    yield from sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml", ".jsonl") and p.is_file())


def _shown_path(path: Path, directory: Path) -> str:
    return f"{directory.name}/{path.relative_to(directory).as_posix()}"


def load_rules(extra: Iterable[Path] = (), builtin: Path | None = BUILTIN_RULES) -> RuleSet:
    """Load the built-in rules, then each extra directory on top of them."""
    directories = ([builtin] if builtin else []) + [Path(d) for d in extra]
    rules = RuleSet(directories=directories)
    digest = hashlib.sha256()
    for directory in directories:
        if not directory.is_dir():
            raise RuleError(str(directory), None, "rules directory does not exist")
        for path in _rule_files(directory):
            shown = _shown_path(path, directory)
            digest.update(shown.encode() + b"\0" + path.read_bytes() + b"\0")
            if path.suffix == ".jsonl":
                _load_patterns(path, shown, rules)
                continue
            data = load_yaml(path, shown)
            kind = data.get("kind")
            if kind in _DISPATCH:
                _DISPATCH[kind](data, shown, rules)
            elif kind in ("documents", "tokenizer", "contexts", "records"):
                target = getattr(rules, kind)
                for key, value in data.items():
                    if key not in ("kind", "__line__"):
                        target[key] = value
            else:
                raise RuleError(shown, data.get("__line__", 1),
                                f"unknown kind {kind!r} (gazetteer, vocabulary, documents, tokenizer, contexts, records)")
    _check_duplicate_aliases(rules)
    _derive_vocab(rules)
    compile_patterns(rules)
    rules.fingerprint = digest.hexdigest()
    return rules


def _derive_vocab(rules: RuleSet) -> None:
    """Word lists that patterns use ($name), made from the structured tables."""
    t, v = rules.tables, rules.vocab
    for cur in t.get("currencies", []):
        v.setdefault("currency_signs", []).extend(cur.get("signs", []))
        v.setdefault("currency_attached_signs", []).extend(cur.get("attached_signs", []))
        v.setdefault("currency_codes", []).append(cur["code"])
        v.setdefault("currency_words", []).extend(w.lower() for w in cur.get("words", []))
        v.setdefault("currency_modifiers", []).extend(w.lower() for w in cur.get("modifiers", []))
    v.setdefault("magnitudes", []).extend(str(m).lower() for m in t.get("magnitudes", {}) if m != "__line__")
    v.setdefault("number_words", []).extend(w for w in t.get("number_words", {}) if w != "__line__")
    for full, abbrevs in (t.get("months") or {}).items():
        if full == "__line__":
            continue
        v.setdefault("month_full", []).append(full)
        v.setdefault("month_names", []).extend([full, *abbrevs])
    v.setdefault("relative_words", []).extend(w for w in t.get("relative", {}) if w != "__line__")
    for names in (t.get("countries") or {}).values():
        if isinstance(names, list):
            v.setdefault("country_words", []).extend(n.lower() for n in names if " " not in n)


def _check_duplicate_aliases(rules: RuleSet) -> None:
    """One written name may not point at two entries of the same country and label."""
    seen: dict[tuple[str, str, str | None], Entry] = {}
    for entry in rules.entries:
        spellings = [n.name for n in entry.names] + entry.aliases + entry.variants
        for s in dict.fromkeys(x.lower() for x in spellings):
            key = (entry.label, s, entry.country)
            other = seen.get(key)
            if other is not None and other.id != entry.id:
                path, _, line = entry.rule.rpartition(":")
                raise RuleError(path, int(line), f"name {s!r} already belongs to {other.id!r} ({other.rule})")
            seen[key] = entry
