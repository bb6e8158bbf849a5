"""What rule files hold, once loaded: gazetteer entries, patterns, and per language the
word lists, tables and settings the engine reads.

Every rule keeps the ``file:line`` it came from, so an output row can say which rule
fired and a bad rule file can say exactly where it is bad.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LABELS = ("MONEY", "YEAR", "DATE", "MINISTRY", "PROGRAMME", "DURATION")


class RuleError(Exception):
    """A rule file is malformed; the message names file, line and problem."""

    def __init__(self, path: str, line: int | None, problem: str):
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")

    @classmethod
    def at(cls, where: str, problem: str) -> "RuleError":
        """The error at ``where``, a rule's "file:line" (or "file" alone)."""
        path, _, line = where.rpartition(":")
        if not path or not line.isdigit():
            return cls(where, None, problem)
        return cls(path, int(line) or None, problem)


@dataclass(frozen=True)
class Name:
    """One name a body or programme has gone by, with the dates it was in use."""

    name: str
    acronym: str | None = None
    valid_from: str | None = None  # ISO date, inclusive
    valid_until: str | None = None  # ISO date, inclusive
    also: tuple[str, ...] = ()  # other spellings of this name: in other languages, short forms (미래창조과학부, 미래부)


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
    short_forms: list[str] = field(default_factory=list)  # "Horizon": as written, only where the text spells out a name

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

    def spellings(self) -> list[str]:
        """Every way the text may write it: names, aliases, variants and acronyms."""
        return ([n.name for n in self.names] + [a for n in self.names for a in n.also] + self.aliases + self.variants
                + self.acronyms + self.short_forms)


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
class LanguageRules:
    """The rules one language reads: the common rule files and its own, merged.

    ``vocab`` holds the word lists patterns name as ``$name``; ``tables`` the structured
    vocabularies (currencies, months, ...); ``tokenizer`` and ``records`` the settings of
    those stages. Gazetteer entries, excluded names and ignored contexts are shared by
    every language.
    """

    code: str
    vocab: dict[str, list[str]]
    tables: dict[str, Any]
    patterns: list[Pattern]
    tokenizer: dict[str, Any]
    records: dict[str, Any]
    entries: list[Entry]
    excluded_names: dict[str, str]
    contexts: dict[str, Any]
    tokenizer_origin: dict[str, str] = field(default_factory=dict)  # setting -> "file:line" that set it

    def words(self, name: str) -> list[str]:
        return self.vocab.get(name, [])

    def table(self, name: str, default: Any = None) -> Any:
        value = self.tables.get(name)
        return default if value is None else value


@dataclass
class RuleSet:
    """Everything under the rules folders given, per language."""

    sources: list[Path]
    entries: list[Entry] = field(default_factory=list)
    excluded_names: dict[str, str] = field(default_factory=dict)  # lower name -> rule
    documents: dict[str, Any] = field(default_factory=dict)  # how readers split and date texts (all languages)
    contexts: dict[str, Any] = field(default_factory=dict)
    languages: dict[str, LanguageRules] = field(default_factory=dict)
    fingerprint: str = ""

    def language(self, code: str) -> LanguageRules:
        try:
            return self.languages[code]
        except KeyError:
            raise KeyError(f"no rules for language {code!r} (have {', '.join(sorted(self.languages))})") from None

    @property
    def patterns(self) -> list[Pattern]:
        """Every language's patterns (a pattern of the common files once per language)."""
        return [p for code in sorted(self.languages) for p in self.languages[code].patterns]
