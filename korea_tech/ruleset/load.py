"""Load the built-in rules and the user's overlays into one RuleSet, per language.

Kinds of rule file (the ``kind:`` key of a YAML file; ``*.jsonl`` files are patterns):

============  ===============================================  =================
kind          holds                                            read by
============  ===============================================  =================
gazetteer     bodies and programmes (names, dates, acronyms)   every language
vocabulary    ``vocab:`` word lists, ``tables:`` structured    its language
documents     how files split into documents, stamps, titles   the readers
contexts      stretches never read (URLs, file names)          every language
tokenizer     extra prefix/infix/suffix rules                  its language
records       how amounts become funding and target records    its language
patterns      spaCy token patterns, one per line               its language
============  ===============================================  =================

Files compose (``compose.py``): a user's ``--rules`` adds to the built-in rules file by
file and key by key; ``override:`` replaces explicitly; ``extends:`` adds to a gazetteer
entry. Nothing is replaced silently.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..regexes import missing_groups
from .compose import Settings
from .files import RuleFile, line_of, load_yaml, rule_files
from .gazetteer import Gazetteer
from .model import LanguageRules, Pattern, RuleError, RuleSet
from .patterns import check_unique_ids, compile_patterns, read_patterns
from .tables import check_tables, derive_vocab, regex_problem

# The top-level rules/ folder; korea_tech/rules links to it so that a wheel carries it too.
BUILTIN_RULES = Path(__file__).resolve().parent.parent / "rules"
SETTINGS_KINDS = ("vocabulary", "documents", "contexts", "tokenizer", "records")
KINDS = ("gazetteer",) + SETTINGS_KINDS
# Tokenizer settings that bound the work per token: the most tokens a pattern match spans,
# the most characters a word has (matching.py, languages/base.py).
LIMITS = {"longest_match": 2, "longest_word": 20}


@dataclass
class _Layer:
    kind: str
    data: Any  # a loaded mapping, or a list of Patterns
    shown: str
    language: str | None


def load_rules(extra: Iterable[Path] = (), builtin: Path | None = BUILTIN_RULES,
               languages: Iterable[str] | None = None) -> RuleSet:
    """The built-in rules, then each extra folder or file on top of them."""
    from ..languages import known_languages

    codes = tuple(languages) if languages is not None else known_languages()
    sources = ([builtin] if builtin else []) + [Path(d) for d in extra]
    digest = hashlib.sha256()
    gazetteer = Gazetteer()
    layers: list[_Layer] = []
    for source in sources:
        found = list(rule_files(source, codes))
        for rule_file in found:
            _check_folder(rule_file, source, codes)
        # Common files before language files: a language's rules build on the common ones.
        for rule_file in sorted(found, key=lambda f: (f.folder_language is not None, f.shown)):
            digest.update(rule_file.shown.encode() + b"\0" + rule_file.path.read_bytes() + b"\0")
            layer = _read(rule_file, codes)
            if layer.kind == "documents" and layer.language:
                _tag_stamps(layer.data, layer.language)
            if layer.kind == "gazetteer":
                gazetteer.load(layer.data, layer.shown)
            else:
                layers.append(layer)
    gazetteer.check_names()
    rules = RuleSet(sources=sources, entries=gazetteer.entries, excluded_names=gazetteer.excluded_names,
                    fingerprint=digest.hexdigest())
    documents = _settings(layers, "documents", None, every_language=True)
    rules.documents = documents.data
    _check_documents(documents, layers)
    rules.contexts = _settings(layers, "contexts", None, every_language=True).data
    check_unique_ids([p for layer in layers if layer.kind == "patterns" for p in layer.data])
    for code in codes:
        rules.languages[code] = _language(code, layers, rules)
    return rules


def _check_count(settings: Settings, key: str, least: int) -> None:
    """``key``, if set, is a whole number of at least ``least``; else a RuleError at the
    file and line that set it."""
    value = settings.data.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < least):
        raise RuleError.at(settings.origin.get((key,), "?:0"),
                           f"{key} must be a whole number, at least {least} (got {value!r})")


def _check_regex(settings: Settings, key: str, groups: tuple[str, ...] = ()) -> None:
    """``key``, if set, is a regular expression with the named ``groups`` the code reads;
    else a RuleError at the file and line that set it."""
    value = settings.data.get(key)
    problem = None if value is None else regex_problem(value)
    if not problem and value is not None:
        missing = missing_groups(re.compile(value), groups)  # (re's cache: compiled once)
        problem = f"has no group named {', '.join(missing)}" if missing else None
    if problem:
        raise RuleError.at(settings.origin.get((key,), "?:0"), f"{key} {problem}")


def _check_documents(documents: Settings, layers: list[_Layer]) -> None:
    """Every regex of the documents rules compiles (the readers build them per run), and
    the count of first lines read for a date and a title is a count."""
    from ..readers.dates import DateReader

    config = documents.data
    _check_count(documents, "date_line_window", 0)
    _check_regex(documents, "heading_regex", ("title",))  # at the file and line that set it
    try:
        DateReader(config)
    except (ValueError, re.error) as exc:
        where, line = next((layer.shown for layer in layers if layer.kind == "documents"), "documents"), None
        culprit = str(exc).split("'")[1] if "'" in str(exc) else ""  # the regex, as repr() writes it
        for layer in layers:
            if layer.kind == "documents" and culprit and culprit in str(layer.data):
                where, line = layer.shown, _line_holding(layer.data, culprit)
        raise RuleError(where, line, f"documents rules: {exc}") from None


def _line_holding(data: Any, culprit: str) -> int | None:
    """The line of the first mapping in ``data`` with a value that repr() writes as
    ``culprit`` (a stamp whose regex is wrong), or of the key of a list holding such a
    string (a file-name date), if the loader recorded it."""
    def written(v) -> bool:
        return isinstance(v, str) and repr(v)[1:-1] == culprit

    if isinstance(data, dict):
        if any(written(v) for v in data.values()):
            return line_of(data)
        key = next((k for k, v in data.items() if isinstance(v, list) and any(map(written, v))), None)
        if key is not None:
            return line_of(data, key)
        data = list(data.values())
    if isinstance(data, list):
        return next((n for n in (_line_holding(item, culprit) for item in data) if n is not None), None)
    return None


def _check_folder(rule_file: RuleFile, source: Path, codes: tuple[str, ...]) -> None:
    """A folder named like a language code that no language plug-in reads is a mistake."""
    if source.is_file() or rule_file.folder_language:
        return
    top = rule_file.path.relative_to(source).parts
    if len(top) > 1 and re.fullmatch(r"[a-z]{2,3}", top[0]):
        raise RuleError(rule_file.shown, None, f"folder {top[0]!r} names no language ktech reads "
                                               f"({', '.join(codes)}); rules for a language go in its folder")


def _read(rule_file: RuleFile, codes: tuple[str, ...]) -> _Layer:
    shown = rule_file.shown
    if rule_file.path.suffix == ".jsonl":
        return _Layer("patterns", read_patterns(rule_file.path, shown), shown, rule_file.folder_language)
    data = load_yaml(rule_file.path, shown)
    kind = data.get("kind")
    if kind not in KINDS:
        raise RuleError(shown, line_of(data, "kind") or 1, f"unknown kind {kind!r} ({', '.join(KINDS)})")
    language = data.get("language", rule_file.folder_language)
    if language is not None and language not in codes:
        raise RuleError(shown, line_of(data, "language"), f"unknown language {language!r} ({', '.join(codes)})")
    if rule_file.folder_language and language != rule_file.folder_language:
        raise RuleError(shown, line_of(data, "language"),
                        f"a file in the {rule_file.folder_language}/ folder cannot be for language {language!r}")
    return _Layer(kind, data, shown, language)


def _tag_stamps(data: dict, language: str) -> None:
    """A language folder's stamps carry its language: they are read only in texts with
    its script (readers/dates.py)."""
    for section in (data, data.get("override")):
        stamps = section.get("stamps") if isinstance(section, dict) else None
        if isinstance(stamps, list):
            for stamp in stamps:
                if isinstance(stamp, dict):
                    stamp.setdefault("language", language)


def _settings(layers: list[_Layer], kind: str, code: str | None, section: str | None = None,
              every_language: bool = False) -> Settings:
    """The ``kind`` files that ``code`` reads (every file of the kind with
    ``every_language``), merged; with ``section``, only that key of each file."""
    merged = Settings()
    for layer in layers:
        if layer.kind != kind or not (every_language or layer.language in (None, code)):
            continue
        data = layer.data
        body = data.get(section) if section else {k: v for k, v in data.items()
                                                   if k not in ("kind", "language", "override", "note")}
        if body is not None:
            if not isinstance(body, dict):
                raise RuleError(layer.shown, line_of(data, section), f"'{section}' must be a mapping")
            merged.add(body, layer.shown)
        override = data.get("override")
        if override is not None:
            part = override.get(section) if section and isinstance(override, dict) else override
            if part is not None:
                merged.override(part, layer.shown, line_of(data, "override"))
    return merged


def _language(code: str, layers: list[_Layer], rules: RuleSet) -> LanguageRules:
    vocab = _settings(layers, "vocabulary", code, "vocab")
    for name, words in vocab.data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise RuleError.at(vocab.origin.get((name,), "?:0"), f"vocab {name!r} must be a list of strings")
    tables = _settings(layers, "vocabulary", code, "tables")
    check_tables(tables)
    words = {name: list(ws) for name, ws in vocab.data.items()}
    derive_vocab(tables.data, words)
    patterns: list[Pattern] = [p for layer in layers if layer.kind == "patterns" and layer.language in (None, code)
                               for p in layer.data]
    tokenizer = _settings(layers, "tokenizer", code)
    for key, least in LIMITS.items():  # the bounds that keep every input shape linear
        _check_count(tokenizer, key, least)
    _check_regex(tokenizer, "plain_words")
    return LanguageRules(
        code=code, vocab=words, tables=tables.data, patterns=compile_patterns(patterns, words, code),
        tokenizer=tokenizer.data, records=_settings(layers, "records", code).data,
        entries=rules.entries, excluded_names=rules.excluded_names, contexts=rules.contexts,
        tokenizer_origin={key[0]: where for key, where in tokenizer.origin.items() if len(key) == 1})
