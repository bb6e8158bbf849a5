"""Which country a body belongs to, from the words around its name: "Japan's",
"the Indonesian" before it, "of Canada" after it (rules/<language>/countries.yaml)."""
from __future__ import annotations

import re


class CountryCues:
    def __init__(self, rules):
        tables = rules.tables
        self.default = tables.get("default_country", "KR")
        self.countries: dict[str, str] = {}
        for code, names in (tables.get("countries") or {}).items():
            for n in names:
                self.countries[n.lower()] = code
        self.names = tuple(self.countries)
        self.possessives = tuple(tables.get("country_possessives", []))
        self.adjective_endings = tuple(tables.get("country_adjective_endings", []))
        alternation = "|".join(re.escape(n) for n in sorted(self.countries, key=len, reverse=True))
        possessive = "|".join(re.escape(p) for p in self.possessives)
        self.before = re.compile(rf"(?:^|[^\w.])({alternation})({possessive})?\s*$", re.IGNORECASE) \
            if alternation else None
        after = tables.get("country_after")
        self.after = re.compile(rf"^\s*{after}({alternation})(?![\w])", re.IGNORECASE) \
            if after and alternation else None

    def cue(self, text: str, start: int, end: int) -> str | None:
        """The country named just before ``text[start:end]`` (as a possessive or an
        adjective) or just after it; None if none is."""
        # The regex tries every position of the window; a name must end it, which
        # str.endswith checks for all names at once.
        tail = text[max(0, start - 50):start].rstrip().lower()
        for possessive in self.possessives:
            if tail.endswith(possessive):
                tail = tail[: -len(possessive)]
                break
        before = self.before.search(text, max(0, start - 50), start) \
            if self.before is not None and tail.endswith(self.names) else None
        if before:
            name = before.group(1).lower()
            if before.group(2) or self._is_adjective(name):
                return self.countries[name]
        after = self.after.match(text[end:end + 50]) if self.after is not None else None
        return self.countries[after.group(1).lower()] if after else None

    def opening(self, span_text: str) -> str | None:
        """The country whose name opens a body's name: "Israel Innovation Authority"."""
        low = " ".join(span_text.split()).lower()
        for name in sorted(self.countries, key=len, reverse=True):
            if low.startswith(name + " "):
                return self.countries[name]
        return None

    def bilateral(self, span_text: str) -> bool:
        """Two countries joined by a dash: "Korea-Chile Resources Cooperation Committee"."""
        words = re.split(r"\s*[-–]\s*|\s+", span_text.lower())
        return bool(re.search(r"\w\s*[-–]\s*\w", span_text)) and any(
            a in self.countries and b in self.countries and self.countries[a] != self.countries[b]
            for a, b in zip(words, words[1:]))

    def _is_adjective(self, name: str) -> bool:
        return name.endswith(self.adjective_endings) and " " not in name
