"""Rule files: load, validate, compose and index everything under the rules folders.

The engine knows nothing about ministries, currencies, months or English grammar; all
of that is data in ``rules/`` (common files at the top, a folder per language). See
``load.py`` for the kinds of file and ``compose.py`` for how overlays add to the
built-in rules.
"""
from .load import BUILTIN_RULES, load_rules
from .model import LABELS, Entry, LanguageRules, Name, Pattern, RuleError, RuleSet

__all__ = ["BUILTIN_RULES", "LABELS", "Entry", "LanguageRules", "Name", "Pattern", "RuleError", "RuleSet",
           "load_rules"]
