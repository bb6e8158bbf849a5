"""Gazetteer files: government bodies and programmes, one entry each.

An entry is new (``id:``) or extends one defined before (``extends: kr.motie``) with
more names, aliases, variants or acronyms -- a Korean name, a new short form -- without
repeating it. Defining an id twice, or giving a name that already belongs to one entry
to another entry of the same label and country, is an error naming both places.
"""
from __future__ import annotations

import re

from .files import line_of
from .model import Entry, Name, RuleError
from .validate import check_keys, iso_date, require, str_list

GAZETTEER_LABELS = ("MINISTRY", "PROGRAMME")
ENTRY_KEYS = {"id", "country", "names", "aliases", "variants", "acronyms", "short_forms", "acronym_requires_name",
              "aliases_need_country", "note"}
EXTEND_KEYS = {"extends", "names", "aliases", "variants", "acronyms", "short_forms", "note"}


class Gazetteer:
    """Entries from every gazetteer file, in the order they were defined."""

    def __init__(self):
        self.entries: list[Entry] = []
        self.by_id: dict[str, Entry] = {}
        self.excluded_names: dict[str, str] = {}  # lower name -> rule

    def load(self, data: dict, shown: str) -> None:
        label = require(data, "label", str, shown, "a gazetteer")
        if label not in GAZETTEER_LABELS:
            raise RuleError(shown, line_of(data), f"unknown gazetteer label {label!r} (MINISTRY or PROGRAMME)")
        check_keys(data, {"kind", "label", "entries", "exclude", "language", "note"}, shown, "a gazetteer")
        for raw in data.get("exclude", []) or []:
            # Names that look like a body or programme but are not (IEA, KEPCO, ...).
            if not isinstance(raw, dict):
                raise RuleError(shown, line_of(data), "each 'exclude' item must be a mapping with 'names'")
            for n in str_list(raw, "names", shown, "an exclude item"):
                self.excluded_names[n.lower()] = f"{shown}:{line_of(raw)}"
        for raw in require(data, "entries", list, shown, "a gazetteer"):
            if not isinstance(raw, dict):
                raise RuleError(shown, line_of(data), "each entry must be a mapping")
            if "extends" in raw:
                self._extend(raw, label, shown)
            else:
                self._add(raw, label, shown)

    def _add(self, raw: dict, label: str, shown: str) -> None:
        line = line_of(raw)
        what = f"entry {raw.get('id', '?')!r}"
        check_keys(raw, ENTRY_KEYS, shown, what)
        entry_id = require(raw, "id", str, shown, "an entry (or 'extends: <id>' to add to one)")
        if entry_id in self.by_id:
            raise RuleError(shown, line, f"id {entry_id!r} is already defined ({self.by_id[entry_id].rule}); "
                                         f"to add names to it write 'extends: {entry_id}'")
        names = _names(raw, shown, what)
        if not names:
            raise RuleError(shown, line, f"{what} has no names")
        country = raw.get("country")
        if country is None and label == "PROGRAMME":
            # A programme's country, when not given, is its id's: "us.chips" is the US's.
            prefix = re.match(r"([a-z]{2})\.", entry_id)
            country = prefix.group(1).upper() if prefix else None
        if label == "MINISTRY" and not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
            raise RuleError(shown, line, f"{what} needs 'country' as an ISO 3166 alpha-2 code (or EU)")
        entry = Entry(
            id=entry_id, label=label, country=country, names=names,
            aliases=str_list(raw, "aliases", shown, what),
            variants=str_list(raw, "variants", shown, what),
            acronyms=str_list(raw, "acronyms", shown, what) + [n.acronym for n in names if n.acronym],
            acronym_requires_name=bool(raw.get("acronym_requires_name", False)),
            rule=f"{shown}:{line}",
            aliases_need_country=bool(raw.get("aliases_need_country", False)),
            short_forms=str_list(raw, "short_forms", shown, what),
        )
        self.entries.append(entry)
        self.by_id[entry_id] = entry

    def _extend(self, raw: dict, label: str, shown: str) -> None:
        line = line_of(raw)
        target_id = raw["extends"]
        what = f"the extension of {target_id!r}"
        check_keys(raw, EXTEND_KEYS, shown, what)
        entry = self.by_id.get(target_id) if isinstance(target_id, str) else None
        if entry is None:
            raise RuleError(shown, line, f"'extends: {target_id}' names no entry defined before it")
        if entry.label != label:
            raise RuleError(shown, line, f"{target_id!r} is a {entry.label} entry ({entry.rule}), not {label}")
        names = _names(raw, shown, what)
        entry.names = sorted(entry.names + names, key=lambda n: n.valid_from or "0000", reverse=True)
        entry.aliases += str_list(raw, "aliases", shown, what)
        entry.variants += str_list(raw, "variants", shown, what)
        entry.acronyms += str_list(raw, "acronyms", shown, what) + [n.acronym for n in names if n.acronym]
        entry.short_forms += str_list(raw, "short_forms", shown, what)

    def check_names(self) -> None:
        """One written name may not point at two entries of the same label and country."""
        seen: dict[tuple[str, str, str | None], Entry] = {}
        for entry in self.entries:
            for s in dict.fromkeys(" ".join(x.lower().split()) for x in entry.spellings()):
                key = (entry.label, s, entry.country)
                other = seen.get(key)
                if other is not None and other.id != entry.id:
                    path, _, line = entry.rule.rpartition(":")
                    raise RuleError(path, int(line), f"name {s!r} of {entry.id!r} already belongs to "
                                                     f"{other.id!r} ({other.rule})")
                seen[key] = entry


def _names(raw: dict, shown: str, what: str) -> list[Name]:
    names = []
    for n in raw.get("names", []) or []:
        if isinstance(n, str):
            names.append(Name(n))
            continue
        if not isinstance(n, dict):
            raise RuleError(shown, line_of(raw), f"names of {what} must be strings or mappings")
        check_keys(n, {"name", "acronym", "from", "until", "also"}, shown, f"a name of {what}")
        names.append(Name(require(n, "name", str, shown, f"a name of {what}"), n.get("acronym"),
                          iso_date(n, "from", shown), iso_date(n, "until", shown),
                          tuple(str_list(n, "also", shown, f"a name of {what}"))))
    return sorted(names, key=lambda n: n.valid_from or "0000", reverse=True)
